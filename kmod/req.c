// SPDX-License-Identifier: GPL-2.0-only
/*
 * req.c: the request layer (struct nvmt_req, req.h): its memory (the
 * data buffer pinned and DMA-mapped or bounced, described with PRPs by
 * core/prp.c with the command's own sink and guard pages from the
 * PRP list page pools; the metadata buffer), submission, waiting
 * (interrupts or polling), the hand-off between waiter and device (see
 * req.h), what the device moved beyond the buffers, and the driver's own
 * synchronous admin commands (nvmt_admin_sync()). CMD (cmd.c) and
 * io_uring (uring.c) are its two user-facing entries.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nvmetest.h"
#include "req.h"

struct nvmt_req *nvmt_req_alloc(struct nvmt_ctrl *ctrl)
{
	struct nvmt_req *req = kzalloc(sizeof(*req), GFP_KERNEL);

	if (!req)
		return NULL;
	req->ctrl = ctrl;
	req->dmadev = &ctrl->pdev->dev;
	init_completion(&req->done);
	INIT_LIST_HEAD(&req->uring_node);
	return req;
}

static void nvmt_req_unmap_data(struct nvmt_req *req)
{
	nvmt_prp_lists_free(&req->prp, &req->lists);
	nvmt_prp_mem_put(&req->prp);
	if (req->sgt_mapped) {
		/* what dma_unmap_sgtable() would do without the attribute */
		if (req->dir != DMA_TO_DEVICE)
			dma_sync_sgtable_for_cpu(req->dmadev, &req->sgt,
						 req->dir);
		dma_unmap_sgtable(req->dmadev, &req->sgt, req->dir,
				  DMA_ATTR_SKIP_CPU_SYNC);
	}
	req->sgt_mapped = false;
	if (req->sgt.sgl)
		sg_free_table(&req->sgt);
	req->sgt.sgl = NULL;
	if (req->pages) {
		unpin_user_pages_dirty_lock(req->pages, req->nr_pages,
					    req->dir != DMA_TO_DEVICE ||
					    req->vio.stamp);
		kvfree(req->pages);
	}
	req->pages = NULL;
	req->nr_pages = 0;
	if (req->bounce)
		dma_free_coherent(req->dmadev, req->bounce_len, req->bounce,
				  req->bounce_dma);
	req->bounce = NULL;
}

void nvmt_req_vbuf(struct nvmt_req *req, struct nvmt_vbuf *b,
		   struct nvmt_vcmd *c)
{
	b->pages = req->pages;
	b->offset = req->data_offset;
	b->bounce = req->bounce;
	c->qid = req->qid;	/* (req->q may be gone: a reclaim) */
	c->cid = req->cid;
	c->seq = req->seq;
}

/*
 * The command with verification state ended: update or check the map (in
 * process or task context, the data still mapped). Return: true when the
 * data read failed verification.
 */
bool nvmt_req_verify(struct nvmt_req *req, bool done, u16 status)
{
	struct nvmt_vbuf b;
	struct nvmt_vcmd c;

	if (!req->vio.vns)
		return false;
	nvmt_req_vbuf(req, &b, &c);
	if (done && req->sgt_mapped && req->dir != DMA_TO_DEVICE)
		dma_sync_sgtable_for_cpu(req->dmadev, &req->sgt, req->dir);
	return nvmt_verify_complete(&req->vio, &b, &c, done, status);
}

/*
 * The request's DMA memory and verification state go back; a second call
 * finds nothing left. Given up on (or never submitted): the map learns
 * nothing. In process context, the device done with the memory.
 */
void nvmt_req_release(struct nvmt_req *req)
{
	/*
	 * Still holding a range here: the command never went, or its
	 * submitter was answered already (given up on) and may have reused
	 * its buffer, which then no longer tells the new data: unknown.
	 */
	req->vio.stamped = false;
	nvmt_req_verify(req, false, 0);
	nvmt_req_unmap_data(req);
	if (req->meta)
		dma_free_coherent(req->dmadev, req->meta_alloc, req->meta,
				  req->meta_dma);
	req->meta = NULL;
}

/* Only by the request's last owner, in process context. */
void nvmt_req_free(struct nvmt_req *req)
{
	nvmt_req_release(req);
	kfree(req);
}

static void nvmt_req_reclaim(struct nvmt_reclaim *r)
{
	nvmt_req_free(container_of(r, struct nvmt_req, reclaim));
}

/**
 * nvmt_req_end_locked - a command ended, for its waiter and/or the device
 * @q:		the queue, lock held
 * @priv:	the request
 * @cqe:	the completion entry, NULL for an abort
 * @host_status: NVMETEST_HOST_OK with @cqe, or why it was aborted
 * @device_done: the device no longer uses the request's memory
 *
 * The slot's end callback (nvmt_end_fn) of every request.
 */
static void nvmt_req_end_locked(struct nvmt_sq *q, void *priv,
				const struct nvme_completion *cqe,
				u32 host_status, bool device_done)
{
	struct nvmt_ctrl *ctrl = q->ctrl;
	struct nvmt_req *req = priv;

	lockdep_assert_held(&q->cq->lock);
	/*
	 * Late: its waiter gave up, or (io_uring) its timer ended it and the
	 * task work that reports the timeout has not run yet.
	 */
	if (cqe && (req->abandoned ||
		    (req->status_set &&
		     req->host_status == NVMETEST_HOST_TIMEOUT))) {
		atomic64_inc(&ctrl->late_completions);
		dev_notice_ratelimited(&ctrl->dev,
				       "queue %u: late completion of CID %u (opcode 0x%02x, status 0x%x) after %llu ms\n",
				       q->qid, req->cid, req->opcode,
				       le16_to_cpu(cqe->status) >> 1,
				       div_u64(ktime_get_ns() - req->submit_ns,
					       NSEC_PER_MSEC));
	}
	if (!req->status_set && !req->abandoned) {
		req->host_status = host_status;
		if (cqe) {
			req->cqe = *cqe;
			req->complete_ns = ktime_get_ns();
		}
		req->status_set = true;
		if (req->notify)
			req->notify(req);
		else
			complete(&req->done);
	}
	if (device_done) {
		req->device_done = true;
		if (req->abandoned)
			nvmt_reclaim_defer(ctrl, &req->reclaim,
					   nvmt_req_reclaim);
	}
}

/* The PRP list page pool for @page_size, created on first use. */
static struct dma_pool *nvmt_prp_pool(struct nvmt_ctrl *ctrl, u32 page_size)
{
	unsigned int idx = ilog2(page_size) - 12;
	struct dma_pool *pool;
	char name[32];

	if (idx >= ARRAY_SIZE(ctrl->prp_pools))
		return NULL;
	mutex_lock(&ctrl->pool_mutex);
	pool = ctrl->prp_pools[idx];
	if (!pool) {
		snprintf(name, sizeof(name), "nvmetest-prp-%u", page_size);
		pool = dma_pool_create(name, &ctrl->pdev->dev, page_size,
				       page_size, 0);
		ctrl->prp_pools[idx] = pool;
	}
	mutex_unlock(&ctrl->pool_mutex);
	return pool;
}

/* At remove, once no request is left. */
void nvmt_pools_destroy(struct nvmt_ctrl *ctrl)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ctrl->prp_pools); i++) {
		dma_pool_destroy(ctrl->prp_pools[i]);
		ctrl->prp_pools[i] = NULL;
	}
}

/*
 * Poison of the sink and of buffer tails past the caller's bytes: what
 * the device changed of it is what it wrote beyond the buffer.
 */
#define NVMT_SINK_POISON	0xad

/* Any context; @pm may be empty or already put. */
void nvmt_prp_mem_put(struct nvmt_prp_mem *pm)
{
	if (pm->sink)
		dma_pool_free(pm->pool, pm->sink, pm->sink_dma);
	if (pm->guard)
		dma_pool_free(pm->pool, pm->guard, pm->guard_dma);
	pm->sink = NULL;
	pm->guard = NULL;
}

/**
 * nvmt_prp_mem_get - a sink and a guard page for guarded PRPs
 * @ctrl:	the controller (its PRP page pool)
 * @pm:		zeroed, or set by an earlier call (then nothing happens)
 * @page_size:	the memory page size the PRPs are built for
 *
 * Process context. The sink is poisoned (NVMT_SINK_POISON) and the guard
 * filled (nvmt_prp_guard_fill()). Return: 0, or -ENOMEM with neither page
 * taken.
 */
int nvmt_prp_mem_get(struct nvmt_ctrl *ctrl, struct nvmt_prp_mem *pm,
		     u32 page_size)
{
	if (pm->sink)
		return 0;
	pm->page_size = page_size;
	pm->pool = nvmt_prp_pool(ctrl, page_size);
	if (!pm->pool)
		return -ENOMEM;
	pm->sink = dma_pool_alloc(pm->pool, GFP_KERNEL, &pm->sink_dma);
	pm->guard = dma_pool_alloc(pm->pool, GFP_KERNEL, &pm->guard_dma);
	if (!pm->sink || !pm->guard) {
		nvmt_prp_mem_put(pm);
		return -ENOMEM;
	}
	memset(pm->sink, NVMT_SINK_POISON, page_size);
	nvmt_prp_guard_fill(pm->guard, pm->guard_dma, pm->sink_dma, page_size);
	return 0;
}

/* The list pages of @l back to @pm's pool; @l may be empty or partial. */
void nvmt_prp_lists_free(const struct nvmt_prp_mem *pm,
			 struct nvmt_prp_lists *l)
{
	unsigned int i;

	for (i = 0; i < l->nr; i++)
		if (l->pages[i].cpu)
			dma_pool_free(pm->pool, l->pages[i].cpu,
				      l->pages[i].dma);
	kfree(l->pages);
	l->pages = NULL;
	l->nr = 0;
}

/**
 * nvmt_prp_mem_build - guarded PRPs, with the list pages they need
 * @pm:		the sink and guard (nvmt_prp_mem_get())
 * @l:		empty; gets the list pages (nvmt_prp_lists_free())
 * @segs:	the mapped data, @nsegs segments
 * @nsegs:	may be 0 when @len is
 * @len:	bytes of data the segments hold
 * @xfer:	bytes the PRPs describe; past @len everything leads to the sink
 * @prp1:	output
 * @prp2:	output
 *
 * Process context. Return: 0; -EINVAL when the segments break the PRP
 * rules (a caller may bounce then); -ENOMEM.
 */
int nvmt_prp_mem_build(const struct nvmt_prp_mem *pm,
		       struct nvmt_prp_lists *l, const struct nvmt_prp_seg *segs,
		       unsigned int nsegs, u32 len, u32 xfer, u64 *prp1,
		       u64 *prp2)
{
	unsigned int i;
	dma_addr_t dma;
	int nl;

	nl = nvmt_prp_guarded_list_pages(len ? segs[0].dma_addr : pm->sink_dma,
					 xfer, pm->page_size);
	if (nl < 0)
		return nl;
	if (nl) {
		l->pages = kcalloc(nl, sizeof(*l->pages), GFP_KERNEL);
		if (!l->pages)
			return -ENOMEM;
		l->nr = nl;
		for (i = 0; i < nl; i++) {
			l->pages[i].cpu = dma_pool_alloc(pm->pool, GFP_KERNEL,
							 &dma);
			if (!l->pages[i].cpu)
				return -ENOMEM;
			l->pages[i].dma = dma;
		}
	}
	return nvmt_prp_build_guarded(segs, nsegs, len, xfer, pm->page_size,
				      pm->sink_dma, pm->guard_dma, l->pages,
				      l->nr, prp1, prp2);
}

/*
 * Describe the first @len bytes of the mapped data (segments @segs) with
 * PRPs laid out for req->xfer_len, everything past them leading to the
 * command's sink. -EINVAL means the segments break the PRP rules: bounce
 * then.
 */
static int nvmt_req_build_prps(struct nvmt_req *req,
			       const struct nvmt_prp_seg *segs,
			       unsigned int nsegs, u32 len, u64 *prp1,
			       u64 *prp2)
{
	int ret;

	ret = nvmt_prp_mem_get(req->ctrl, &req->prp, req->page_size);
	if (ret)
		return ret;
	req->guarded = true;
	return nvmt_prp_mem_build(&req->prp, &req->lists, segs, nsegs, len,
				  req->xfer_len, prp1, prp2);
}

/* Pin the user's pages and map them for DMA; the PRPs point into them. */
static int nvmt_req_map_user(struct nvmt_req *req, u64 uaddr, u64 *prp1,
			     u64 *prp2)
{
	unsigned long offset = uaddr & ~PAGE_MASK;
	/* Stamping writes into the pages of a Write too. */
	unsigned int gup = req->dir != DMA_TO_DEVICE || req->vio.stamp ?
			   FOLL_WRITE : 0;
	struct nvmt_prp_seg *segs;
	struct scatterlist *sg;
	unsigned int i;
	int ret, nr;

	nr = DIV_ROUND_UP(offset + req->data_len, PAGE_SIZE);
	req->pages = kvcalloc(nr, sizeof(*req->pages), GFP_KERNEL);
	if (!req->pages)
		return -ENOMEM;
	ret = pin_user_pages_fast(uaddr & PAGE_MASK, nr, gup, req->pages);
	if (ret != nr) {
		if (ret > 0)
			unpin_user_pages(req->pages, ret);
		kvfree(req->pages);
		req->pages = NULL;
		return -EFAULT;
	}
	req->nr_pages = nr;
	req->data_offset = offset;

	ret = sg_alloc_table_from_pages_segment(&req->sgt, req->pages, nr,
						offset, req->data_len,
						dma_get_max_seg_size(req->dmadev),
						GFP_KERNEL);
	if (ret) {
		req->sgt.sgl = NULL;
		return ret;
	}
	/*
	 * The user's pages may be mapped already, by a command the driver
	 * gave up on (timed out: its mapping stays until the device lets go)
	 * and whose buffer the program reuses, as a tester retrying does. Two
	 * mappings the device may write to the same cache lines are what
	 * DMA-API debugging refuses to track (a WARN the user could cause at
	 * will); the syncs are done explicitly instead, exactly as the
	 * mapping would do them. The pages are the user's and stay pinned by
	 * both commands: what a late DMA of the old one writes is the user's
	 * own buffer, which is what that command asked for.
	 */
	ret = dma_map_sgtable(req->dmadev, &req->sgt, req->dir,
			      DMA_ATTR_SKIP_CPU_SYNC);
	if (ret)
		return ret;
	req->sgt_mapped = true;
	dma_sync_sgtable_for_device(req->dmadev, &req->sgt, req->dir);

	segs = kcalloc(req->sgt.nents, sizeof(*segs), GFP_KERNEL);
	if (!segs)
		return -ENOMEM;
	for_each_sgtable_dma_sg(&req->sgt, sg, i) {
		segs[i].dma_addr = sg_dma_address(sg);
		segs[i].len = sg_dma_len(sg);
	}
	ret = nvmt_req_build_prps(req, segs, req->sgt.nents, req->xfer_len,
				  prp1, prp2);
	kfree(segs);
	return ret;
}

/*
 * One contiguous coherent buffer, for what PRPs cannot describe, and for
 * a buffer shorter than the transfer: then it is rounded up to a whole
 * memory page, so that what the device writes past the caller's bytes in
 * their last page lands in driver memory too (poisoned, to be seen).
 */
static int nvmt_req_map_bounce(struct nvmt_req *req, u64 uaddr, u64 *prp1,
			       u64 *prp2)
{
	struct nvmt_prp_seg seg;

	req->bounce_len = req->data_len;
	if (req->xfer_len > req->data_len)
		req->bounce_len = round_up(req->data_len, req->page_size);
	req->bounce = dma_alloc_coherent(req->dmadev, req->bounce_len,
					 &req->bounce_dma, GFP_KERNEL);
	if (!req->bounce)
		return -ENOMEM;
	if (req->dir != DMA_FROM_DEVICE &&
	    copy_from_user(req->bounce, u64_to_user_ptr(uaddr), req->data_len))
		return -EFAULT;
	memset(req->bounce + req->data_len, NVMT_SINK_POISON,
	       req->bounce_len - req->data_len);
	seg.dma_addr = req->bounce_dma;
	seg.len = req->bounce_len;
	return nvmt_req_build_prps(req, &seg, 1,
				   min(req->bounce_len, req->xfer_len),
				   prp1, prp2);
}

int nvmt_req_map_data(struct nvmt_req *req, u64 uaddr, u64 *prp1, u64 *prp2)
{
	int ret;

	if (!req->data_len)
		return nvmt_req_build_prps(req, NULL, 0, 0, prp1, prp2);
	/* A transfer longer than the buffer: nothing past it is the user's. */
	if (req->xfer_len > req->data_len)
		return nvmt_req_map_bounce(req, uaddr, prp1, prp2);
	ret = nvmt_req_map_user(req, uaddr, prp1, prp2);
	if (ret != -EINVAL)
		return ret;
	/* The mapping breaks the PRP rules (e.g. CC.MPS > PAGE_SIZE). */
	dev_dbg(&req->ctrl->dev, "PRPs cannot describe the user buffer, bouncing %u bytes\n",
		req->data_len);
	nvmt_req_unmap_data(req);
	return nvmt_req_map_bounce(req, uaddr, prp1, prp2);
}

/*
 * The metadata buffer MPTR points to: the caller's bytes, then poisoned
 * driver memory up to @alloc, the metadata the command may move.
 */
int nvmt_req_map_meta(struct nvmt_req *req, u64 uaddr, u32 alloc)
{
	if (req->meta_len &&
	    (!uaddr || !access_ok(u64_to_user_ptr(uaddr), req->meta_len)))
		return -EFAULT;
	req->meta_alloc = max(alloc, req->meta_len);
	req->meta = dma_alloc_coherent(req->dmadev, req->meta_alloc,
				       &req->meta_dma, GFP_KERNEL);
	if (!req->meta)
		return -ENOMEM;
	if (req->dir != DMA_FROM_DEVICE &&
	    copy_from_user(req->meta, u64_to_user_ptr(uaddr), req->meta_len))
		return -EFAULT;
	memset(req->meta + req->meta_len, NVMT_SINK_POISON,
	       req->meta_alloc - req->meta_len);
	return 0;
}

/* Data direction from the opcode's two low bits. */
enum dma_data_direction nvmt_req_dma_dir(u8 opcode)
{
	switch (opcode & 3) {
	case 1:
		return DMA_TO_DEVICE;
	case 2:
		return DMA_FROM_DEVICE;
	default:
		return DMA_BIDIRECTIONAL;
	}
}

/*
 * Wait for @req, for a signal too when @intr. Polled mode reaps the CQ
 * itself between short sleeps. Return: 0 when the command ended, else
 * NVMETEST_HOST_TIMEOUT or NVMETEST_HOST_INTERRUPTED.
 */
u32 nvmt_req_wait(struct nvmt_sq *q, struct nvmt_req *req, bool polled,
		  u32 timeout_ms, bool forever, bool intr)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	unsigned int us = 10;
	long ret;

	if (!polled && !intr) {
		ret = wait_for_completion_timeout(&req->done,
						  msecs_to_jiffies(timeout_ms));
		return ret ? 0 : NVMETEST_HOST_TIMEOUT;
	}
	/*
	 * Only a real signal interrupts (task_sigpending()). Task work queued
	 * to this task (io_uring's, e.g. when it closed a ring) raises
	 * TIF_NOTIFY_SIGNAL, which makes signal_pending() true until the
	 * task returns to user space: while it is set the wait goes on in
	 * uninterruptible slices, looking for a real signal between them.
	 */
	while (!polled) {
		long left = forever ? MAX_SCHEDULE_TIMEOUT :
				      (long)(deadline - jiffies);

		if (completion_done(&req->done))
			return 0;
		if (task_sigpending(current))
			return NVMETEST_HOST_INTERRUPTED;
		if (left <= 0)
			return NVMETEST_HOST_TIMEOUT;
		if (test_thread_flag(TIF_NOTIFY_SIGNAL))
			ret = wait_for_completion_timeout(&req->done,
							  min(left, HZ / 10L));
		else
			ret = wait_for_completion_interruptible_timeout(&req->done,
									left);
		if (ret > 0)
			return 0;
	}

	for (;;) {
		nvmt_cq_reap(q->cq);
		if (completion_done(&req->done))
			return 0;
		if (intr && task_sigpending(current))
			return NVMETEST_HOST_INTERRUPTED;
		if (!forever && time_after(jiffies, deadline))
			return NVMETEST_HOST_TIMEOUT;
		usleep_range(us, 2 * us);
		if (us < 500)
			us *= 2;
	}
}

/*
 * The waiter takes the outcome and, unless the device still holds @req,
 * the request: with its status set, or with @wait_status (why it gave
 * up). Return: true when the caller owns @req now (and must free it).
 */
bool nvmt_req_handoff(struct nvmt_sq *q, struct nvmt_req *req,
		      u32 wait_status, u32 *host_status,
		      struct nvme_completion *cqe, u64 *latency_ns)
{
	unsigned long flags;
	bool own;

	spin_lock_irqsave(&q->cq->lock, flags);
	if (req->status_set) {
		*host_status = req->host_status;
		if (req->host_status == NVMETEST_HOST_OK) {
			*cqe = req->cqe;
			*latency_ns = req->complete_ns - req->submit_ns;
		}
	} else {
		*host_status = wait_status;
		nvmt_cmdlog_status_locked(q, req->seq, wait_status, false);
	}
	own = req->device_done;
	if (!own)
		req->abandoned = true;
	spin_unlock_irqrestore(&q->cq->lock, flags);
	return own;
}

/*
 * After a synchronous wait: nvmt_req_handoff(), and a line when the
 * command was given up. Return: as nvmt_req_handoff().
 */
bool nvmt_req_collect(struct nvmt_sq *q, struct nvmt_req *req,
		      u32 wait_status, u32 *host_status,
		      struct nvme_completion *cqe, u64 *latency_ns)
{
	bool own = nvmt_req_handoff(q, req, wait_status, host_status, cqe,
				    latency_ns);

	if (*host_status == NVMETEST_HOST_TIMEOUT ||
	    *host_status == NVMETEST_HOST_INTERRUPTED)
		dev_notice(&q->ctrl->dev,
			   "queue %u: CID %u (opcode 0x%02x) %s; its slot and memory stay reserved until the device completes it or a reset\n",
			   q->qid, req->cid, req->opcode,
			   *host_status == NVMETEST_HOST_TIMEOUT ?
			   "timed out" : "interrupted");
	return own;
}

/*
 * Submit @req with @cmd on @q; an io_uring request's timer starts with
 * it. *@polled (unless NULL): nobody reaps @q's CQ for the caller.
 * Return: 0 or -ENXIO/-EBUSY.
 */
int nvmt_req_submit(struct nvmt_sq *q, struct nvmt_req *req,
		    struct nvme_command *cmd, bool *polled)
{
	unsigned long flags;
	int cid;

	spin_lock_irqsave(&q->cq->lock, flags);
	/* PRPs built for another CC.MPS than the live controller's: refuse. */
	if (req->page_size && req->page_size != q->page_size) {
		spin_unlock_irqrestore(&q->cq->lock, flags);
		return -ENXIO;
	}
	cid = nvmt_sq_submit_locked(q, cmd, nvmt_req_end_locked, req,
				    &req->seq);
	if (cid >= 0) {
		req->submit_ns = ktime_get_ns();
		req->cid = cid;
		req->opcode = cmd->common.opcode;
		if (req->ioucmd)
			mod_timer(&req->timer, jiffies + req->timeout);
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
	if (polled)
		*polled = nvmt_sq_polled(q);
	return cid < 0 ? cid : 0;
}

/*
 * NVMETEST_CMD_WAIT_SLOT: submit, waiting up to @timeout_ms for room on
 * a full queue (reaping it meanwhile when nobody else does).
 */
int nvmt_req_submit_wait(struct nvmt_sq *q, struct nvmt_req *req,
			 struct nvme_command *cmd, bool *polled,
			 u32 timeout_ms, bool forever)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	long left;
	int ret;

	for (;;) {
		ret = nvmt_req_submit(q, req, cmd, polled);
		if (ret != -EBUSY)
			return ret;
		if (*polled)
			nvmt_cq_reap(q->cq);
		left = forever ? HZ : (long)(deadline - jiffies);
		if (left <= 0)
			return -EBUSY;
		/* Polled: nobody wakes us, look again every jiffy. */
		if (*polled)
			left = 1;
		ret = wait_event_interruptible_timeout(q->slot_wait,
						       nvmt_sq_has_room(q),
						       left);
		if (ret < 0)
			return ret;
	}
}

/* Bytes of @buf the device changed from the poison. */
static u32 nvmt_poison_changed(const u8 *buf, u32 len)
{
	u32 i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] != NVMT_SINK_POISON;
	return n;
}

/* Bytes of the guard the device overwrote (it took it for a data page). */
static u32 nvmt_guard_changed(const struct nvmt_req *req)
{
	u32 per = req->page_size / sizeof(__le64), i, n = 0;
	const __le64 *slot = req->prp.guard;
	u64 want;

	for (i = 0; i < per; i++) {
		want = i + 1 < per ? req->prp.sink_dma : req->prp.guard_dma;
		if (le64_to_cpu(slot[i]) != want)
			n += sizeof(*slot);
	}
	return n;
}

/*
 * After the device completed the command: the bytes of data and metadata
 * it moved beyond the caller's buffers. What the command implies beyond
 * them counts once the device reports success; for data from the device,
 * also what it changed in the sink, the guard and the buffer tails (a
 * lower bound: every entry past the buffer points to the one sink page).
 * Return: true when there is any.
 */
bool nvmt_req_overrun(const struct nvmt_req *req, bool success, u32 *data,
		      u32 *meta)
{
	bool from_dev = req->dir != DMA_TO_DEVICE;
	u64 implied = 0, seen = 0;

	if (success && req->xfer.data_known && req->xfer.data > req->data_len)
		implied = req->xfer.data - req->data_len;
	if (req->guarded && from_dev) {
		seen = nvmt_poison_changed(req->prp.sink, req->page_size) +
		       nvmt_guard_changed(req);
		if (req->bounce)
			seen += nvmt_poison_changed(req->bounce + req->data_len,
						    req->bounce_len -
						    req->data_len);
	}
	*data = min_t(u64, max(implied, seen), U32_MAX);

	implied = 0;
	seen = 0;
	if (success && req->xfer.meta_known && req->xfer.meta > req->meta_len)
		implied = req->xfer.meta - req->meta_len;
	if (req->meta && from_dev)
		seen = nvmt_poison_changed(req->meta + req->meta_len,
					   req->meta_alloc - req->meta_len);
	*meta = min_t(u64, max(implied, seen), U32_MAX);
	return *data || *meta;
}

/* After a successful command: bounced data and metadata to the user. */
int nvmt_req_copy_back(struct nvmt_req *req, u64 data, u64 metadata)
{
	if (req->dir == DMA_TO_DEVICE)
		return 0;
	if (req->bounce &&
	    copy_to_user(u64_to_user_ptr(data), req->bounce, req->data_len))
		return -EFAULT;
	if (req->meta &&
	    copy_to_user(u64_to_user_ptr(metadata), req->meta, req->meta_len))
		return -EFAULT;
	return 0;
}

/**
 * nvmt_admin_sync_status - nvmt_admin_sync() and the NVMe status
 * @ctrl:	as nvmt_admin_sync()
 * @cmd:	as nvmt_admin_sync()
 * @data_dma:	as nvmt_admin_sync()
 * @data_len:	as nvmt_admin_sync()
 * @status:	output: the CQE's status field (phase excluded), 0 if none
 *
 * Return: as nvmt_admin_sync(): 0 when the device completed the command.
 */
int nvmt_admin_sync_status(struct nvmt_ctrl *ctrl, struct nvme_command *cmd,
			   dma_addr_t data_dma, u32 data_len, u16 *status)
{
	struct nvme_completion cqe = { };
	int ret;

	ret = nvmt_admin_sync(ctrl, cmd, data_dma, data_len, &cqe);
	*status = ret ? 0 : le16_to_cpu(cqe.status) >> 1;
	return ret;
}

/**
 * nvmt_admin_sync - send an admin command of the driver's own and wait
 * @ctrl:	the controller, state_mutex held
 * @cmd:	the command; its DPTR is built here
 * @data_dma:	driver memory of at most one page that outlives a timeout
 *		(ctrl->id_buf)
 * @data_len:	bytes at @data_dma
 * @cqe:	output: the completion entry
 *
 * The PRPs are guarded like a tester's (nvmt_req_build_prps()): PRP1 is
 * @data_dma, and whatever a device transfers past @data_len lands in the
 * command's sink, never at bus address 0 (PRP2 = 0 was the old way). Such
 * an overrun is reported in the kernel log.
 *
 * Return: 0 when the device completed the command (whatever its status);
 * -ETIMEDOUT, -EINTR, or -EIO when it was aborted; -ENXIO/-EBUSY when it
 * could not be submitted; -ENOMEM.
 */
int nvmt_admin_sync(struct nvmt_ctrl *ctrl, struct nvme_command *cmd,
		    dma_addr_t data_dma, u32 data_len,
		    struct nvme_completion *cqe)
{
	struct nvmt_prp_seg seg = { .dma_addr = data_dma, .len = data_len };
	struct nvmt_sq *q = &ctrl->aq;
	u32 wait_status, host_status, over, meta_over;
	struct nvmt_req *req;
	u64 latency, prp1, prp2;
	bool polled;
	int ret;

	req = nvmt_req_alloc(ctrl);
	if (!req)
		return -ENOMEM;
	req->page_size = READ_ONCE(ctrl->page_size);
	req->data_len = data_len;
	req->xfer_len = data_len;
	req->dir = DMA_FROM_DEVICE;
	ret = nvmt_req_build_prps(req, &seg, data_len ? 1 : 0, data_len,
				  &prp1, &prp2);
	if (ret) {
		nvmt_req_free(req);
		return ret;
	}
	cmd->common.flags &= ~NVME_CMD_SGL_ALL;
	cmd->common.dptr.prp1 = cpu_to_le64(prp1);
	cmd->common.dptr.prp2 = cpu_to_le64(prp2);
	ret = nvmt_req_submit(q, req, cmd, &polled);
	if (ret) {
		nvmt_req_free(req);
		return ret;
	}
	/*
	 * Not interruptible: the driver's commands also run from file
	 * release, possibly in a thread being killed (an io-wq worker at
	 * process exit), and must not be given up for a signal.
	 */
	wait_status = nvmt_req_wait(q, req, polled,
				    READ_ONCE(nvmt_admin_timeout_ms), false,
				    false);
	if (nvmt_req_collect(q, req, wait_status, &host_status, cqe, &latency)) {
		if (host_status == NVMETEST_HOST_OK &&
		    nvmt_req_overrun(req, !(le16_to_cpu(cqe->status) >> 1),
				     &over, &meta_over))
			dev_warn(&ctrl->dev, "admin command 0x%02x: the device wrote %u bytes past the driver's %u-byte buffer (caught in a sink page)\n",
				 cmd->common.opcode, over, data_len);
		nvmt_req_free(req);
	}
	switch (host_status) {
	case NVMETEST_HOST_OK:
		return 0;
	case NVMETEST_HOST_TIMEOUT:
		return -ETIMEDOUT;
	case NVMETEST_HOST_INTERRUPTED:
		return -EINTR;
	default:
		return -EIO;
	}
}
