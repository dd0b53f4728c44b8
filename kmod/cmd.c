// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd.c: one command sent for userspace (NVMETEST_IOC_CMD) or for the
 * driver itself (nvmt_admin_sync()): the request context (struct
 * nvmt_req), checking the user's fields, pinning and DMA-mapping the data
 * buffer and describing it with PRPs (kmod/core/prp.c), bounce buffers,
 * waiting (interrupts or polling), timeouts, late completions, and freeing
 * requests whose waiter gave up.
 *
 * Ownership of a request. Two parties may hold it: the waiter (the ioctl
 * that sent it) and the slot (CID) it occupies while the device may still
 * DMA to its memory. Under the queue lock:
 *  - @status_set: the command ended for the waiter (CQE, or an abort);
 *  - @device_done: the device is done with the memory (completion, or an
 *    abort while the controller is stopped): the slot let go;
 *  - @abandoned: the waiter let go (timeout, signal, or it saw the status
 *    before @device_done).
 * Whoever lets go last frees the request: the waiter directly, the
 * completion path through reclaim.c (unpinning may sleep). So a late completion never touches freed memory, and pinned
 * pages and mappings outlive a timed out command for as long as the
 * device might use them.
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

#include "compat.h"
#include "nvmetest.h"
#include "verify.h"

struct nvmt_req {
	struct nvmt_ctrl *ctrl;
	struct nvmt_queue *q;
	struct completion done;		/* the waiter sleeps on it */

	/* Under the queue lock (see the top of the file). */
	bool status_set;
	bool device_done;
	bool abandoned;
	u32 host_status;
	struct nvme_completion cqe;
	u64 submit_ns;			/* doorbell */
	u64 complete_ns;		/* reaped */
	u64 seq;			/* in the queue's command log */
	u16 cid;
	u8 opcode;
	struct nvme_command sqe;	/* as the caller gave it, for snooping */

	struct nvmt_reclaim reclaim;	/* freed by reclaim.c */

	/* The data and metadata memory; only the owner touches it. */
	struct device *dmadev;
	enum dma_data_direction dir;
	u32 page_size;
	u32 data_len;
	u32 data_offset;		/* of the data in pages[0] */
	struct page **pages;
	unsigned int nr_pages;
	struct sg_table sgt;
	bool sgt_mapped;
	void *bounce;
	dma_addr_t bounce_dma;
	u32 bounce_len;			/* bytes of @bounce, >= data_len */
	struct dma_pool *pool;
	struct nvmt_prp_page *lists;
	unsigned int nr_lists;
	void *meta;
	dma_addr_t meta_dma;
	u32 meta_len;
	u32 meta_alloc;			/* bytes of @meta, >= meta_len */

	/*
	 * Where a transfer past the caller's buffers lands (guarded PRPs,
	 * kmod/core/prp.c): the command's own sink and guard pages, from
	 * @pool. @xfer is what the SQE implies, @xfer_len the bytes DPTR
	 * describes.
	 */
	struct nvmt_xfer xfer;
	u32 xfer_len;
	bool guarded;			/* DPTR is built (sink and guard exist) */
	void *sink;
	dma_addr_t sink_dma;
	void *guard;
	dma_addr_t guard_dma;

	/*
	 * io_uring: the request completes through task work instead of
	 * @done; @timer ends it with NVMETEST_HOST_TIMEOUT (armed under the
	 * queue lock at submission, stopped by the task work).
	 */
	struct io_uring_cmd *ioucmd;
	struct timer_list timer;
	u64 udata;
	u64 umeta;
	bool polled_counted;		/* counted in ctrl->uring_polled */
	/*
	 * On ctrl->uring_reqs from submission until the task work or remove
	 * takes it off; @uring_released: remove released the DMA memory
	 * (nvmt_uring_release()).
	 */
	struct list_head uring_node;
	bool uring_released;

	/* Data verification (verify.c); only the owner touches it. */
	struct nvmt_vio vio;
};

static void nvmt_uring_task_cb(struct io_uring_cmd *ioucmd,
			       unsigned int issue_flags);

static struct nvmt_req *nvmt_req_alloc(struct nvmt_ctrl *ctrl)
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
	unsigned int i;

	for (i = 0; i < req->nr_lists; i++)
		if (req->lists[i].cpu)
			dma_pool_free(req->pool, req->lists[i].cpu,
				      req->lists[i].dma);
	kfree(req->lists);
	req->lists = NULL;
	req->nr_lists = 0;
	if (req->sink)
		dma_pool_free(req->pool, req->sink, req->sink_dma);
	if (req->guard)
		dma_pool_free(req->pool, req->guard, req->guard_dma);
	req->sink = NULL;
	req->guard = NULL;
	if (req->sgt_mapped)
		dma_unmap_sgtable(req->dmadev, &req->sgt, req->dir, 0);
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

static void nvmt_req_vbuf(struct nvmt_req *req, struct nvmt_vbuf *b,
			  struct nvmt_vcmd *c)
{
	b->pages = req->pages;
	b->offset = req->data_offset;
	b->bounce = req->bounce;
	c->qid = req->q ? req->q->qid : 0;
	c->cid = req->cid;
	c->seq = req->seq;
}

/*
 * The command with verification state ended: update or check the map (in
 * process or task context, the data still mapped). Return: true when the
 * data read failed verification.
 */
static bool nvmt_req_verify(struct nvmt_req *req, bool done, u16 status)
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
static void nvmt_req_release(struct nvmt_req *req)
{
	nvmt_req_verify(req, false, 0);
	nvmt_req_unmap_data(req);
	if (req->meta)
		dma_free_coherent(req->dmadev, req->meta_alloc, req->meta,
				  req->meta_dma);
	req->meta = NULL;
}

/* Only by the request's last owner, in process context. */
static void nvmt_req_free(struct nvmt_req *req)
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
static void nvmt_req_end_locked(struct nvmt_queue *q, void *priv,
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
		if (req->ioucmd)
			io_uring_cmd_complete_in_task(req->ioucmd,
						      nvmt_uring_task_cb);
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

/* The command's sink and guard pages (kmod/core/prp.c), once. */
static int nvmt_req_sink_alloc(struct nvmt_req *req)
{
	if (req->sink)
		return 0;
	req->pool = nvmt_prp_pool(req->ctrl, req->page_size);
	if (!req->pool)
		return -ENOMEM;
	req->sink = dma_pool_alloc(req->pool, GFP_KERNEL, &req->sink_dma);
	req->guard = dma_pool_alloc(req->pool, GFP_KERNEL, &req->guard_dma);
	if (!req->sink || !req->guard)
		return -ENOMEM;
	memset(req->sink, NVMT_SINK_POISON, req->page_size);
	nvmt_prp_guard_fill(req->guard, req->guard_dma, req->sink_dma,
			    req->page_size);
	return 0;
}

/*
 * Describe the first @len bytes of the mapped data (segments @segs) with
 * PRPs laid out for req->xfer_len, everything past them leading to the
 * sink; allocates the list pages. -EINVAL means the segments break the
 * PRP rules: bounce then.
 */
static int nvmt_req_build_prps(struct nvmt_req *req,
			       const struct nvmt_prp_seg *segs,
			       unsigned int nsegs, u32 len, u64 *prp1,
			       u64 *prp2)
{
	unsigned int i;
	dma_addr_t dma;
	int nl, ret;

	ret = nvmt_req_sink_alloc(req);
	if (ret)
		return ret;
	nl = nvmt_prp_guarded_list_pages(len ? segs[0].dma_addr :
					 req->sink_dma, req->xfer_len,
					 req->page_size);
	if (nl < 0)
		return nl;
	if (nl) {
		req->lists = kcalloc(nl, sizeof(*req->lists), GFP_KERNEL);
		if (!req->lists)
			return -ENOMEM;
		req->nr_lists = nl;
		for (i = 0; i < nl; i++) {
			req->lists[i].cpu = dma_pool_alloc(req->pool,
							   GFP_KERNEL, &dma);
			if (!req->lists[i].cpu)
				return -ENOMEM;
			req->lists[i].dma = dma;
		}
	}
	req->guarded = true;
	return nvmt_prp_build_guarded(segs, nsegs, len, req->xfer_len,
				      req->page_size, req->sink_dma,
				      req->guard_dma, req->lists,
				      req->nr_lists, prp1, prp2);
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
	ret = dma_map_sgtable(req->dmadev, &req->sgt, req->dir, 0);
	if (ret)
		return ret;
	req->sgt_mapped = true;

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

static int nvmt_req_map_data(struct nvmt_req *req, u64 uaddr, u64 *prp1,
			     u64 *prp2)
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
static int nvmt_req_map_meta(struct nvmt_req *req, u64 uaddr, u32 alloc)
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
static enum dma_data_direction nvmt_opcode_dir(u8 opcode)
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
 * Admin commands that hand host memory to the device go through driver
 * ioctls, which supply memory the driver owns.
 */
static const char *nvmt_admin_refused(const struct nvme_command *c)
{
	switch (c->common.opcode) {
	case nvme_admin_delete_sq:
		return "Delete I/O SQ";
	case nvme_admin_create_sq:
		return "Create I/O SQ";
	case nvme_admin_delete_cq:
		return "Delete I/O CQ";
	case nvme_admin_create_cq:
		return "Create I/O CQ";
	case nvme_admin_dbbuf:
		return "Doorbell Buffer Config";
	case nvme_admin_set_features:
		if ((le32_to_cpu(c->common.cdw10) & 0xff) ==
		    NVME_FEAT_HOST_MEM_BUF)
			return "Set Features Host Memory Buffer";
		return NULL;
	default:
		return NULL;
	}
}

static int nvmt_cmd_check(struct nvmt_ctrl *ctrl, const struct nvmetest_cmd *uc)
{
	const struct nvme_command *c = (const void *)uc->sqe;
	const char *why;
	unsigned int i;

	if (uc->flags & ~NVMETEST_CMD_FLAGS || uc->rsvd0)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(uc->rsvd); i++)
		if (uc->rsvd[i])
			return -EINVAL;
	if ((uc->flags & NVMETEST_CMD_NO_TIMEOUT) && uc->timeout_ms)
		return -EINVAL;
	if (uc->data_len > nvmt_ctrl_max_xfer(ctrl) ||
	    (!uc->data_len && uc->data) || (uc->data & 3))
		return -EINVAL;
	if (uc->meta_len > nvmt_max_meta_param() ||
	    (!uc->meta_len && uc->metadata))
		return -EINVAL;
	/* IO command sets have no opcode that hands memory over. */
	if (uc->qid)
		return 0;

	why = nvmt_admin_refused(c);
	if (why) {
		dev_dbg(&ctrl->dev, "CMD refused: %s (opcode 0x%02x) hands host memory to the device\n",
			why, c->common.opcode);
		return -EPERM;
	}
	return 0;
}

/*
 * Wait for @req, for a signal too when @intr. Polled mode reaps the CQ
 * itself between short sleeps. Return: 0 when the command ended, else
 * NVMETEST_HOST_TIMEOUT or NVMETEST_HOST_INTERRUPTED.
 */
static u32 nvmt_req_wait(struct nvmt_queue *q, struct nvmt_req *req,
			 bool polled, u32 timeout_ms, bool forever, bool intr)
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
 * After the wait: take the outcome and decide who frees @req. Return: true
 * when the caller owns @req now (and must free it).
 */
static bool nvmt_req_collect(struct nvmt_queue *q, struct nvmt_req *req,
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

	if (*host_status == NVMETEST_HOST_TIMEOUT ||
	    *host_status == NVMETEST_HOST_INTERRUPTED)
		dev_notice(&q->ctrl->dev,
			   "queue %u: CID %u (opcode 0x%02x) %s; its slot and memory stay reserved until the device completes it or a reset\n",
			   q->qid, req->cid, req->opcode,
			   *host_status == NVMETEST_HOST_TIMEOUT ?
			   "timed out" : "interrupted");
	return own;
}

/* Submit @req with @cmd on @q. Return: 0 or -ENXIO/-EBUSY. */
static int nvmt_req_submit(struct nvmt_queue *q, struct nvmt_req *req,
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
	cid = nvmt_queue_submit_locked(q, cmd, nvmt_req_end_locked, req,
				       &req->seq);
	if (cid >= 0) {
		req->submit_ns = ktime_get_ns();
		req->cid = cid;
		req->opcode = cmd->common.opcode;
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
	*polled = nvmt_queue_polled(q);
	return cid < 0 ? cid : 0;
}

/*
 * NVMETEST_CMD_WAIT_SLOT: submit, waiting up to @timeout_ms for room on
 * a full queue (reaping it meanwhile when nobody else does).
 */
static int nvmt_req_submit_wait(struct nvmt_queue *q, struct nvmt_req *req,
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
						       nvmt_queue_has_room(q),
						       left);
		if (ret < 0)
			return ret;
	}
}

/* A successful Set Features Number of Queues tells what was allocated. */
static void nvmt_cmd_snoop(struct nvmt_ctrl *ctrl, const struct nvme_command *c,
			   const struct nvme_completion *cqe)
{
	u32 dw0 = le32_to_cpu(cqe->result.u32);

	if (c->common.opcode != nvme_admin_set_features ||
	    (le32_to_cpu(c->common.cdw10) & 0xff) != NVME_FEAT_NUM_QUEUES ||
	    le16_to_cpu(cqe->status) >> 1)
		return;
	WRITE_ONCE(ctrl->nr_io_sq, (dw0 & 0xffff) + 1);
	WRITE_ONCE(ctrl->nr_io_cq, (dw0 >> 16) + 1);
}

/*
 * A Format NVM, Namespace Management or Attachment about to be sent may
 * change a namespace's format, whatever comes of it (a timed-out one may
 * still complete): the transfer lengths of its commands are not known
 * from now until the next scan.
 */
static void nvmt_cmd_forget_format(struct nvmt_ctrl *ctrl,
				   const struct nvme_command *c)
{
	switch (c->common.opcode) {
	case nvme_admin_format_nvm:
	case nvme_admin_ns_mgmt:
	case nvme_admin_ns_attach:
		nvmt_ns_fmt_forget(ctrl, le32_to_cpu(c->common.nsid));
		break;
	default:
		break;
	}
}

/* An admin command the device completed: what the driver learns from it. */
static void nvmt_cmd_admin_done(struct nvmt_ctrl *ctrl,
				const struct nvme_command *cmd,
				const struct nvme_completion *cqe)
{
	nvmt_cmd_snoop(ctrl, cmd, cqe);
	if (!(le16_to_cpu(cqe->status) >> 1))
		nvmt_verify_admin_done(ctrl, cmd);
}

/*
 * What the command will move (kmod/core/xfer.c), so how much memory DPTR
 * and MPTR describe: the data the SQE implies (a length past the
 * transfer limit is the device's to refuse: that much is described, the
 * guard takes the rest), else the caller's buffer; the metadata it
 * implies, at most what the limit implies. Return: the bytes the
 * metadata buffer must have.
 */
static u32 nvmt_cmd_xfer(struct nvmt_ctrl *ctrl, struct nvmt_req *req,
			 const struct nvme_command *cmd, u16 qid)
{
	u32 cap = nvmt_ctrl_max_xfer(ctrl);
	struct nvmt_xfer_ns fmt = { };
	bool known = false;
	u64 limit;

	if (qid)
		known = nvmt_ns_xfer_fmt(ctrl, le32_to_cpu(cmd->common.nsid),
					 &fmt);
	nvmt_xfer_expect(cmd, !qid, &fmt, &req->xfer);
	req->xfer_len = req->data_len;
	if (req->xfer.data_known)
		req->xfer_len = min_t(u64, req->xfer.data, cap);

	if (!qid) {
		nvmt_cmd_forget_format(ctrl, cmd);
		return 0;
	}
	if (known && fmt.ms && !fmt.extended) {
		limit = (u64)max_t(u32, cap / fmt.lba_size, 1) * fmt.ms;
		if (req->xfer.meta_known)
			limit = min(limit, req->xfer.meta);
		return min_t(u64, limit, U32_MAX);
	}
	/* A namespace the driver does not know: its default limit. */
	if (!known && (cmd->common.opcode & 3))
		return nvmt_max_meta_param();
	return 0;
}

/*
 * Check @uc, find its queue, map its buffers and build the SQE: what CMD
 * and io_uring share. Called between nvmt_ctrl_enter() and _exit().
 * Return: 0 with *@qp (referenced for an IO queue: nvmt_cmd_put_queue())
 * and *@reqp set, or an errno with nothing left.
 */
static int nvmt_cmd_prepare(struct nvmt_ctrl *ctrl,
			    const struct nvmetest_cmd *uc,
			    struct nvmt_queue **qp, struct nvmt_req **reqp,
			    struct nvme_command *cmd, bool nowait)
{
	struct nvmt_queue *q = &ctrl->aq;
	struct nvmt_req *req;
	u64 prp1 = 0, prp2 = 0;
	u32 meta_alloc;
	int ret;

	ret = nvmt_cmd_check(ctrl, uc);
	if (ret)
		return ret;
	if (READ_ONCE(ctrl->state) != NVMETEST_STATE_ENABLED)
		return -ENXIO;
	if (uc->qid) {
		q = nvmt_sq_get(ctrl, uc->qid);
		if (!q)
			return -ENOENT;
		/* An IOWorker's queue: its slots are the worker's. */
		if (READ_ONCE(q->worker)) {
			nvmt_sq_put(q);
			return -EBUSY;
		}
	}

	memcpy(cmd, uc->sqe, sizeof(*cmd));
	req = nvmt_req_alloc(ctrl);
	if (!req) {
		ret = -ENOMEM;
		goto out_put;
	}
	req->q = q;
	req->dir = nvmt_opcode_dir(cmd->common.opcode);
	req->data_len = uc->data_len;
	req->meta_len = uc->meta_len;
	req->page_size = READ_ONCE(ctrl->page_size);
	req->sqe = *cmd;
	meta_alloc = nvmt_cmd_xfer(ctrl, req, cmd, uc->qid);
	if (uc->qid) {
		/* Takes the LBA range: may wait for overlapping commands. */
		ret = nvmt_verify_prepare(ctrl, &req->vio, cmd, uc->data,
					  NULL, uc->data_len, nowait);
		if (ret)
			goto out_free;
	}
	/* Only an opcode without data and without a buffer goes without. */
	if (uc->data_len || req->xfer_len || (cmd->common.opcode & 3)) {
		ret = nvmt_req_map_data(req, uc->data, &prp1, &prp2);
		if (ret)
			goto out_free;
	}
	if (req->vio.stamp) {
		struct nvmt_vbuf b;
		struct nvmt_vcmd c;

		nvmt_req_vbuf(req, &b, &c);
		nvmt_verify_stamp(&req->vio, &b);
		if (req->sgt_mapped)
			dma_sync_sgtable_for_device(req->dmadev, &req->sgt,
						    req->dir);
	}
	if (uc->meta_len || meta_alloc) {
		ret = nvmt_req_map_meta(req, uc->metadata, meta_alloc);
		if (ret)
			goto out_free;
	}

	/* PSDT = PRP; an unused pointer never carries a user's value. */
	cmd->common.flags &= ~NVME_CMD_SGL_ALL;
	cmd->common.dptr.prp1 = cpu_to_le64(prp1);
	cmd->common.dptr.prp2 = cpu_to_le64(prp2);
	cmd->common.metadata = cpu_to_le64(req->meta ? req->meta_dma : 0);
	*qp = q;
	*reqp = req;
	return 0;

out_free:
	nvmt_req_free(req);
out_put:
	if (uc->qid)
		nvmt_sq_put(q);
	return ret;
}

static void nvmt_cmd_put_queue(struct nvmt_queue *q)
{
	if (q->qid)
		nvmt_sq_put(q);
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
	const __le64 *slot = req->guard;
	u64 want;

	for (i = 0; i < per; i++) {
		want = i + 1 < per ? req->sink_dma : req->guard_dma;
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
static bool nvmt_req_overrun(const struct nvmt_req *req, bool success,
			     u32 *data, u32 *meta)
{
	bool from_dev = req->dir != DMA_TO_DEVICE;
	u64 implied = 0, seen = 0;

	if (success && req->xfer.data_known && req->xfer.data > req->data_len)
		implied = req->xfer.data - req->data_len;
	if (req->guarded && from_dev) {
		seen = nvmt_poison_changed(req->sink, req->page_size) +
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
static int nvmt_req_copy_back(struct nvmt_req *req, u64 data, u64 metadata)
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

int nvmt_ioctl_cmd(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_cmd uc;
	struct nvme_completion cqe;
	struct nvme_command cmd;
	struct nvmt_queue *q;
	struct nvmt_req *req;
	u32 wait_status, timeout_ms;
	bool polled, own;
	int ret;

	BUILD_BUG_ON(sizeof(struct nvme_command) != sizeof(uc.sqe));
	BUILD_BUG_ON(sizeof(struct nvme_completion) != sizeof(uc.cqe));

	if (copy_from_user(&uc, argp, sizeof(uc)))
		return -EFAULT;
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	ret = nvmt_cmd_prepare(ctrl, &uc, &q, &req, &cmd, false);
	if (ret)
		goto out_exit;

	timeout_ms = uc.timeout_ms ?: READ_ONCE(nvmt_admin_timeout_ms);
	if (uc.flags & NVMETEST_CMD_WAIT_SLOT)
		ret = nvmt_req_submit_wait(q, req, &cmd, &polled, timeout_ms,
					   uc.flags & NVMETEST_CMD_NO_TIMEOUT);
	else
		ret = nvmt_req_submit(q, req, &cmd, &polled);
	if (ret)
		goto out_free;

	wait_status = nvmt_req_wait(q, req, polled, timeout_ms,
				    uc.flags & NVMETEST_CMD_NO_TIMEOUT, true);
	memset(&cqe, 0, sizeof(cqe));
	uc.latency_ns = 0;
	own = nvmt_req_collect(q, req, wait_status, &uc.host_status, &cqe,
			       &uc.latency_ns);
	uc.cid = cmd.common.command_id;
	memcpy(uc.cqe, &cqe, sizeof(uc.cqe));
	if (uc.host_status == NVMETEST_HOST_OK && !uc.qid)
		nvmt_cmd_admin_done(ctrl, &cmd, &cqe);

	uc.overrun = 0;
	uc.meta_overrun = 0;
	if (own) {
		bool ok = uc.host_status == NVMETEST_HOST_OK;
		u16 status = le16_to_cpu(cqe.status) >> 1;
		bool over = ok && nvmt_req_overrun(req, !status, &uc.overrun,
						   &uc.meta_overrun);

		if (nvmt_req_verify(req, ok, status))
			uc.host_status = NVMETEST_HOST_VERIFY_FAILED;
		else if (over)
			uc.host_status = NVMETEST_HOST_OVERRUN;
		if (over)
			nvmt_cmdlog_overrun(q, req->seq, uc.host_status);
		if (ok)
			ret = nvmt_req_copy_back(req, uc.data, uc.metadata);
		nvmt_req_free(req);
	}
	nvmt_cmd_put_queue(q);
	nvmt_ctrl_exit(ctrl);
	if (!ret && copy_to_user(argp, &uc, sizeof(uc)))
		ret = -EFAULT;
	return ret;

out_free:
	nvmt_req_free(req);
	nvmt_cmd_put_queue(q);
out_exit:
	nvmt_ctrl_exit(ctrl);
	return ret;
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
 * @cmd:	the command; PRP1 is set to @data_dma when @data_len is not 0
 * @data_dma:	driver memory of at most one page that outlives a timeout
 *		(ctrl->id_buf)
 * @data_len:	bytes at @data_dma
 * @cqe:	output: the completion entry
 *
 * Return: 0 when the device completed the command (whatever its status);
 * -ETIMEDOUT, -EINTR, or -EIO when it was aborted; -ENXIO/-EBUSY when it
 * could not be submitted.
 */
int nvmt_admin_sync(struct nvmt_ctrl *ctrl, struct nvme_command *cmd,
		    dma_addr_t data_dma, u32 data_len,
		    struct nvme_completion *cqe)
{
	struct nvmt_queue *q = &ctrl->aq;
	u32 wait_status, host_status;
	struct nvmt_req *req;
	u64 latency;
	bool polled;
	int ret;

	req = nvmt_req_alloc(ctrl);
	if (!req)
		return -ENOMEM;
	cmd->common.flags &= ~NVME_CMD_SGL_ALL;
	cmd->common.dptr.prp1 = cpu_to_le64(data_len ? data_dma : 0);
	cmd->common.dptr.prp2 = 0;
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
	if (nvmt_req_collect(q, req, wait_status, &host_status, cqe, &latency))
		nvmt_req_free(req);
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

/*
 * io_uring: IORING_OP_URING_CMD with cmd_op NVMETEST_URING_CMD_IO on
 * /dev/nvmetestN. The same checks, mediation and PRP path as CMD; the
 * command is submitted from the issue path, which returns -EIOCBQUEUED,
 * and the completion (interrupt handler, a poller, a reset, or the
 * timeout timer) finishes it in the submitter's task context, where the
 * bounced data and metadata are copied back. The io_uring request holds
 * the file, and the file the controller, until io_uring_cmd_done().
 *
 * No cancellation: a command the device holds cannot be taken back, so
 * closing the ring waits until each command completes or times out (its
 * slot then stays reserved as for CMD).
 *
 * Completion: res is 0 when the device completed the command, else a
 * negative errno; the kernel fills one extra u64 of the CQE32 (res2):
 * CQE dword 0 in bits 31:0, dword 3 (CID, phase and status) in 63:32.
 */
static ssize_t nvmt_host_status_errno(u32 host_status)
{
	switch (host_status) {
	case NVMETEST_HOST_OK:
		return 0;
	case NVMETEST_HOST_TIMEOUT:
	case NVMETEST_HOST_INTERRUPTED:
		return -ETIMEDOUT;
	case NVMETEST_HOST_DEVICE_GONE:
		return -ENODEV;
	case NVMETEST_HOST_VERIFY_FAILED:
		return -EILSEQ;
	case NVMETEST_HOST_OVERRUN:
		return -EOVERFLOW;
	default:
		return -ECANCELED;
	}
}

/*
 * The task work of an io_uring command runs in the submitter's task,
 * whenever that task gets to it: possibly after remove, which must not
 * return while the request holds DMA memory (its pools and mappings
 * belong to the device being unbound). So each request is on
 * ctrl->uring_reqs from submission until its task work claims it; remove
 * (nvmt_uring_release(), the device stopped and no ioctl inside) releases
 * the memory of every request still on the list and waits for the task
 * works that claimed theirs. Return: true when the task work owns the
 * request (nvmt_uring_unclaim() at its end); false when remove took it
 * (its memory is released once this returns).
 */
static bool nvmt_uring_claim(struct nvmt_ctrl *ctrl, struct nvmt_req *req)
{
	bool mine;

	spin_lock(&ctrl->uring_lock);
	mine = !list_empty(&req->uring_node);
	if (mine) {
		list_del_init(&req->uring_node);
		ctrl->uring_busy++;
	}
	spin_unlock(&ctrl->uring_lock);
	if (!mine)
		wait_event(ctrl->uring_wq, smp_load_acquire(&req->uring_released));
	return mine;
}

static void nvmt_uring_unclaim(struct nvmt_ctrl *ctrl)
{
	spin_lock(&ctrl->uring_lock);
	if (!--ctrl->uring_busy)
		wake_up_all(&ctrl->uring_wq);
	spin_unlock(&ctrl->uring_lock);
}

static bool nvmt_uring_idle(struct nvmt_ctrl *ctrl)
{
	bool idle;

	spin_lock(&ctrl->uring_lock);
	idle = !ctrl->uring_busy;
	spin_unlock(&ctrl->uring_lock);
	return idle;
}

/**
 * nvmt_uring_release - at remove, no io_uring command keeps DMA memory
 * @ctrl:	the controller: the device stopped (bus mastering off, every
 *		command ended), ctrl->lock held for write
 *
 * Task works that run later find their request released and complete it
 * with -ENODEV. The task works running now take no ctrl->lock, so the
 * wait ends.
 */
void nvmt_uring_release(struct nvmt_ctrl *ctrl)
{
	struct nvmt_req *req;

	/*
	 * One request at a time off the shared list, under the lock: each is
	 * taken either here or by its task work (nvmt_uring_claim()), never
	 * both.
	 */
	for (;;) {
		spin_lock(&ctrl->uring_lock);
		req = list_first_entry_or_null(&ctrl->uring_reqs,
					       struct nvmt_req, uring_node);
		if (req)
			list_del_init(&req->uring_node);
		spin_unlock(&ctrl->uring_lock);
		if (!req)
			break;
		nvmt_req_release(req);
		/* From here its task work may free it. */
		smp_store_release(&req->uring_released, true);
		wake_up_all(&ctrl->uring_wq);
	}
	wait_event(ctrl->uring_wq, nvmt_uring_idle(ctrl));
}

static void nvmt_uring_task_cb(struct io_uring_cmd *ioucmd,
			       unsigned int issue_flags)
{
	struct nvmt_req *req = *(struct nvmt_req **)ioucmd->pdu;
	struct nvmt_queue *q = req->q;
	struct nvmt_ctrl *ctrl = req->ctrl;
	struct nvme_completion cqe = { };
	u32 host_status, over_data, over_meta;
	unsigned long flags;
	bool own, over = false;
	ssize_t res;
	u64 res2 = 0;

	del_timer_sync(&req->timer);
	if (!nvmt_uring_claim(ctrl, req)) {
		/* Removed: its memory is gone, and with it any data. */
		if (req->polled_counted)
			atomic_dec(&ctrl->uring_polled);
		nvmt_req_free(req);
		nvmt_cmd_put_queue(q);
		io_uring_cmd_done(ioucmd,
				  nvmt_host_status_errno(NVMETEST_HOST_DEVICE_GONE),
				  0, issue_flags);
		return;
	}
	spin_lock_irqsave(&q->cq->lock, flags);
	host_status = req->host_status;
	if (host_status == NVMETEST_HOST_OK)
		cqe = req->cqe;
	own = req->device_done;
	if (!own)
		req->abandoned = true;
	spin_unlock_irqrestore(&q->cq->lock, flags);

	if (host_status == NVMETEST_HOST_TIMEOUT)
		dev_notice_ratelimited(&ctrl->dev,
				       "queue %u: io_uring CID %u (opcode 0x%02x) timed out; its slot and memory stay reserved until the device completes it or a reset\n",
				       q->qid, req->cid, req->opcode);
	if (host_status == NVMETEST_HOST_OK && !q->qid)
		nvmt_cmd_admin_done(ctrl, &req->sqe, &cqe);
	if (own && host_status == NVMETEST_HOST_OK &&
	    nvmt_req_overrun(req, !(le16_to_cpu(cqe.status) >> 1),
			     &over_data, &over_meta))
		over = true;
	if (own && nvmt_req_verify(req, host_status == NVMETEST_HOST_OK,
				   le16_to_cpu(cqe.status) >> 1))
		res = nvmt_host_status_errno(NVMETEST_HOST_VERIFY_FAILED);
	else if (over)
		res = nvmt_host_status_errno(NVMETEST_HOST_OVERRUN);
	else
		res = nvmt_host_status_errno(host_status);
	if (over)
		nvmt_cmdlog_overrun(q, req->seq, res == -EOVERFLOW ?
				    NVMETEST_HOST_OVERRUN :
				    NVMETEST_HOST_VERIFY_FAILED);
	if (host_status == NVMETEST_HOST_OK) {
		res2 = le32_to_cpu(cqe.result.u32) |
		       (u64)(cqe.command_id | le16_to_cpu(cqe.status) << 16) << 32;
		/* Only from the submitter's own context (not a fallback). */
		if (own && current->mm && !(current->flags & PF_EXITING) &&
		    nvmt_req_copy_back(req, req->udata, req->umeta))
			res = -EFAULT;
	}
	if (req->polled_counted)
		atomic_dec(&ctrl->uring_polled);
	if (own)
		nvmt_req_free(req);
	nvmt_uring_unclaim(ctrl);
	nvmt_cmd_put_queue(q);
	io_uring_cmd_done(ioucmd, res, res2, issue_flags);
}

static void nvmt_req_timeout(struct timer_list *t)
{
	struct nvmt_req *req = from_timer(req, t, timer);
	struct nvmt_queue *q = req->q;
	unsigned long flags;

	spin_lock_irqsave(&q->cq->lock, flags);
	if (!req->status_set) {
		req->host_status = NVMETEST_HOST_TIMEOUT;
		req->status_set = true;
		nvmt_cmdlog_status_locked(q, req->seq, NVMETEST_HOST_TIMEOUT,
					  false);
		io_uring_cmd_complete_in_task(req->ioucmd, nvmt_uring_task_cb);
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
}

/* Polled CQs with io_uring commands outstanding: nobody waits in them. */
void nvmt_uring_poll_work(struct work_struct *work)
{
	struct nvmt_ctrl *ctrl = container_of(to_delayed_work(work),
					      struct nvmt_ctrl, uring_poll);

	if (nvmt_ctrl_enter(ctrl))
		return;
	nvmt_ioq_reap_polled(ctrl);
	if (atomic_read(&ctrl->uring_polled) > 0)
		queue_delayed_work(system_wq, &ctrl->uring_poll, 1);
	nvmt_ctrl_exit(ctrl);
}

static void nvmt_uring_to_cmd(const struct nvmetest_uring_cmd *u,
			      struct nvmetest_cmd *uc)
{
	struct nvme_command *c = (void *)uc->sqe;

	memset(uc, 0, sizeof(*uc));
	c->common.opcode = u->opcode;
	c->common.flags = u->flags;
	c->common.nsid = cpu_to_le32(u->nsid);
	c->common.cdw2[0] = cpu_to_le32(u->cdw2);
	c->common.cdw2[1] = cpu_to_le32(u->cdw3);
	c->common.cdw10 = cpu_to_le32(u->cdw10);
	c->common.cdw11 = cpu_to_le32(u->cdw11);
	c->common.cdw12 = cpu_to_le32(u->cdw12);
	c->common.cdw13 = cpu_to_le32(u->cdw13);
	c->common.cdw14 = cpu_to_le32(u->cdw14);
	c->common.cdw15 = cpu_to_le32(u->cdw15);
	uc->data = u->addr;
	uc->data_len = u->data_len;
	uc->metadata = u->metadata;
	uc->meta_len = u->metadata_len;
	uc->qid = u->qid;
	uc->timeout_ms = u->timeout_ms;
}

int nvmt_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct nvmt_ctrl *ctrl = ioucmd->file->private_data;
	const unsigned int big = IO_URING_F_SQE128 | IO_URING_F_CQE32;
	struct nvmetest_uring_cmd u;
	struct nvmetest_cmd uc;
	struct nvme_command cmd;
	struct nvmt_queue *q;
	struct nvmt_req *req;
	unsigned long flags;
	u32 timeout_ms;
	int ret, cid;
	bool polled;

	BUILD_BUG_ON(sizeof(struct nvmetest_uring_cmd) != NVMETEST_URING_CMD_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmt_req *) > sizeof(ioucmd->pdu));

	if (ioucmd->cmd_op != NVMETEST_URING_CMD_IO)
		return -ENOTTY;
	if ((issue_flags & big) != big)
		return -EINVAL;
	/* Once: the SQE is in memory userspace can write. */
	memcpy(&u, nvmt_uring_cmd_payload(ioucmd), sizeof(u));
	if (u.rsvd)
		return -EINVAL;
	nvmt_uring_to_cmd(&u, &uc);

	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	/*
	 * An LBA range held by an overlapping verified command: -EAGAIN
	 * from the nonblocking issue makes io_uring retry from a worker,
	 * where waiting is allowed.
	 */
	ret = nvmt_cmd_prepare(ctrl, &uc, &q, &req, &cmd,
			       issue_flags & IO_URING_F_NONBLOCK);
	if (ret == -ERESTARTSYS)
		ret = -EINTR;
	if (ret)
		goto out_exit;
	/* Ours, for after the submission: the request's goes with it. */
	nvmt_sq_hold(q);
	req->ioucmd = ioucmd;
	req->udata = u.addr;
	req->umeta = u.metadata;
	*(struct nvmt_req **)ioucmd->pdu = req;
	timer_setup(&req->timer, nvmt_req_timeout, 0);
	timeout_ms = u.timeout_ms ?: READ_ONCE(nvmt_admin_timeout_ms);
	polled = nvmt_queue_polled(q);
	req->polled_counted = polled;
	if (polled)
		atomic_inc(&ctrl->uring_polled);

	/* Before the submission: its task work may run at once. */
	spin_lock(&ctrl->uring_lock);
	list_add_tail(&req->uring_node, &ctrl->uring_reqs);
	spin_unlock(&ctrl->uring_lock);
	spin_lock_irqsave(&q->cq->lock, flags);
	if (req->page_size != q->page_size) {
		cid = -ENXIO;
	} else {
		cid = nvmt_queue_submit_locked(q, &cmd, nvmt_req_end_locked, req,
					       &req->seq);
	}
	if (cid >= 0) {
		req->submit_ns = ktime_get_ns();
		req->cid = cid;
		req->opcode = cmd.common.opcode;
		mod_timer(&req->timer, jiffies + msecs_to_jiffies(timeout_ms));
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
	if (cid < 0) {
		ret = cid;
		spin_lock(&ctrl->uring_lock);
		list_del_init(&req->uring_node);
		spin_unlock(&ctrl->uring_lock);
		if (polled)
			atomic_dec(&ctrl->uring_polled);
		nvmt_req_free(req);
		nvmt_cmd_put_queue(q);
		goto out_put;
	}
	/* From here the request may be gone: only @q and @ctrl. */
	if (polled) {
		nvmt_cq_reap(q->cq);
		queue_delayed_work(system_wq, &ctrl->uring_poll, 1);
	}
	ret = -EIOCBQUEUED;
out_put:
	nvmt_cmd_put_queue(q);
out_exit:
	nvmt_ctrl_exit(ctrl);
	return ret;
}
