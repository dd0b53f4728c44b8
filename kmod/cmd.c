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
 * completion path through ctrl->free_list and a work item (unpinning may
 * sleep). So a late completion never touches freed memory, and pinned
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

#include "nvmetest.h"

struct nvmt_req {
	struct nvmt_ctrl *ctrl;
	struct completion done;		/* the waiter sleeps on it */

	/* Under the queue lock (see the top of the file). */
	bool status_set;
	bool device_done;
	bool abandoned;
	u32 host_status;
	struct nvme_completion cqe;
	u64 submit_ns;			/* doorbell */
	u64 complete_ns;		/* reaped */
	u16 cid;
	u8 opcode;

	struct list_head free_node;	/* on ctrl->free_list */

	/* The data and metadata memory; only the owner touches it. */
	struct device *dmadev;
	enum dma_data_direction dir;
	u32 page_size;
	u32 data_len;
	struct page **pages;
	unsigned int nr_pages;
	struct sg_table sgt;
	bool sgt_mapped;
	void *bounce;
	dma_addr_t bounce_dma;
	struct dma_pool *pool;
	struct nvmt_prp_page *lists;
	unsigned int nr_lists;
	void *meta;
	dma_addr_t meta_dma;
	u32 meta_len;
};

static struct nvmt_req *nvmt_req_alloc(struct nvmt_ctrl *ctrl)
{
	struct nvmt_req *req = kzalloc(sizeof(*req), GFP_KERNEL);

	if (!req)
		return NULL;
	req->ctrl = ctrl;
	req->dmadev = &ctrl->pdev->dev;
	init_completion(&req->done);
	INIT_LIST_HEAD(&req->free_node);
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
	if (req->sgt_mapped)
		dma_unmap_sgtable(req->dmadev, &req->sgt, req->dir, 0);
	req->sgt_mapped = false;
	if (req->sgt.sgl)
		sg_free_table(&req->sgt);
	req->sgt.sgl = NULL;
	if (req->pages) {
		unpin_user_pages_dirty_lock(req->pages, req->nr_pages,
					    req->dir != DMA_TO_DEVICE);
		kvfree(req->pages);
	}
	req->pages = NULL;
	req->nr_pages = 0;
	if (req->bounce)
		dma_free_coherent(req->dmadev, req->data_len, req->bounce,
				  req->bounce_dma);
	req->bounce = NULL;
}

/* Only by the request's last owner, in process context. */
static void nvmt_req_free(struct nvmt_req *req)
{
	nvmt_req_unmap_data(req);
	if (req->meta)
		dma_free_coherent(req->dmadev, req->meta_len, req->meta,
				  req->meta_dma);
	kfree(req);
}

void nvmt_req_drain(struct nvmt_ctrl *ctrl)
{
	struct nvmt_req *req, *tmp;
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&ctrl->free_lock, flags);
	list_splice_init(&ctrl->free_list, &list);
	spin_unlock_irqrestore(&ctrl->free_lock, flags);
	list_for_each_entry_safe(req, tmp, &list, free_node) {
		list_del(&req->free_node);
		nvmt_req_free(req);
	}
}

void nvmt_req_free_work(struct work_struct *work)
{
	nvmt_req_drain(container_of(work, struct nvmt_ctrl, free_work));
}

/**
 * nvmt_req_end_locked - a command ended, for its waiter and/or the device
 * @q:		the queue, lock held
 * @req:	the request
 * @host_status: NVMETEST_HOST_OK with @cqe, or why it was aborted
 * @cqe:	the completion entry, NULL for an abort
 * @device_done: the device no longer uses the request's memory; the
 *		caller frees the slot
 */
void nvmt_req_end_locked(struct nvmt_queue *q, struct nvmt_req *req,
			 u32 host_status, const struct nvme_completion *cqe,
			 bool device_done)
{
	struct nvmt_ctrl *ctrl = q->ctrl;

	lockdep_assert_held(&q->lock);
	if (cqe && req->abandoned) {
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
		complete(&req->done);
	}
	if (device_done) {
		req->device_done = true;
		if (req->abandoned) {
			spin_lock(&ctrl->free_lock);
			list_add_tail(&req->free_node, &ctrl->free_list);
			spin_unlock(&ctrl->free_lock);
			schedule_work(&ctrl->free_work);
		}
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
 * Describe the mapped data (segments @segs) with PRPs, allocating the list
 * pages. -EINVAL means the segments break the PRP rules: bounce then.
 */
static int nvmt_req_build_prps(struct nvmt_req *req,
			       const struct nvmt_prp_seg *segs,
			       unsigned int nsegs, u64 *prp1, u64 *prp2)
{
	unsigned int i;
	dma_addr_t dma;
	int nl;

	nl = nvmt_prp_list_pages(segs[0].dma_addr, req->data_len,
				 req->page_size);
	if (nl < 0)
		return nl;
	if (nl) {
		req->pool = nvmt_prp_pool(req->ctrl, req->page_size);
		if (!req->pool)
			return -ENOMEM;
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
	return nvmt_prp_build(segs, nsegs, req->data_len, req->page_size,
			      req->lists, req->nr_lists, prp1, prp2);
}

/* Pin the user's pages and map them for DMA; the PRPs point into them. */
static int nvmt_req_map_user(struct nvmt_req *req, u64 uaddr, u64 *prp1,
			     u64 *prp2)
{
	unsigned long offset = uaddr & ~PAGE_MASK;
	unsigned int gup = req->dir != DMA_TO_DEVICE ? FOLL_WRITE : 0;
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
	ret = nvmt_req_build_prps(req, segs, req->sgt.nents, prp1, prp2);
	kfree(segs);
	return ret;
}

/* One contiguous coherent buffer, for what PRPs cannot describe. */
static int nvmt_req_map_bounce(struct nvmt_req *req, u64 uaddr, u64 *prp1,
			       u64 *prp2)
{
	struct nvmt_prp_seg seg;

	req->bounce = dma_alloc_coherent(req->dmadev, req->data_len,
					 &req->bounce_dma, GFP_KERNEL);
	if (!req->bounce)
		return -ENOMEM;
	if (req->dir != DMA_FROM_DEVICE &&
	    copy_from_user(req->bounce, u64_to_user_ptr(uaddr), req->data_len))
		return -EFAULT;
	seg.dma_addr = req->bounce_dma;
	seg.len = req->data_len;
	return nvmt_req_build_prps(req, &seg, 1, prp1, prp2);
}

static int nvmt_req_map_data(struct nvmt_req *req, u64 uaddr, u64 *prp1,
			     u64 *prp2)
{
	int ret;

	ret = nvmt_req_map_user(req, uaddr, prp1, prp2);
	if (ret != -EINVAL)
		return ret;
	/* The mapping breaks the PRP rules (e.g. CC.MPS > PAGE_SIZE). */
	dev_dbg(&req->ctrl->dev, "PRPs cannot describe the user buffer, bouncing %u bytes\n",
		req->data_len);
	nvmt_req_unmap_data(req);
	return nvmt_req_map_bounce(req, uaddr, prp1, prp2);
}

static int nvmt_req_map_meta(struct nvmt_req *req, u64 uaddr)
{
	if (!uaddr || !access_ok(u64_to_user_ptr(uaddr), req->meta_len))
		return -EFAULT;
	req->meta = dma_alloc_coherent(req->dmadev, req->meta_len,
				       &req->meta_dma, GFP_KERNEL);
	if (!req->meta)
		return -ENOMEM;
	if (req->dir != DMA_FROM_DEVICE &&
	    copy_from_user(req->meta, u64_to_user_ptr(uaddr), req->meta_len))
		return -EFAULT;
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
	/* Only the admin queue exists yet. */
	if (uc->qid != 0)
		return -EINVAL;
	if ((uc->flags & NVMETEST_CMD_NO_TIMEOUT) && uc->timeout_ms)
		return -EINVAL;
	if (uc->data_len > nvmt_ctrl_max_xfer(ctrl) ||
	    (!uc->data_len && uc->data) || (uc->data & 3))
		return -EINVAL;
	if (uc->meta_len > NVMT_META_MAX || (!uc->meta_len && uc->metadata))
		return -EINVAL;

	why = nvmt_admin_refused(c);
	if (why) {
		dev_dbg(&ctrl->dev, "CMD refused: %s (opcode 0x%02x) hands host memory to the device\n",
			why, c->common.opcode);
		return -EPERM;
	}
	return 0;
}

/*
 * Wait for @req. Polled mode reaps the CQ itself between short sleeps.
 * Return: 0 when the command ended, else NVMETEST_HOST_TIMEOUT or
 * NVMETEST_HOST_INTERRUPTED.
 */
static u32 nvmt_req_wait(struct nvmt_queue *q, struct nvmt_req *req,
			 bool polled, u32 timeout_ms, bool forever)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	unsigned int us = 10;
	long ret;

	if (!polled) {
		if (forever)
			ret = wait_for_completion_interruptible(&req->done) ?: 1;
		else
			ret = wait_for_completion_interruptible_timeout(&req->done,
						msecs_to_jiffies(timeout_ms));
		if (ret > 0)
			return 0;
		return ret ? NVMETEST_HOST_INTERRUPTED : NVMETEST_HOST_TIMEOUT;
	}

	for (;;) {
		nvmt_queue_reap(q);
		if (completion_done(&req->done))
			return 0;
		if (signal_pending(current))
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

	spin_lock_irqsave(&q->lock, flags);
	if (req->status_set) {
		*host_status = req->host_status;
		if (req->host_status == NVMETEST_HOST_OK) {
			*cqe = req->cqe;
			*latency_ns = req->complete_ns - req->submit_ns;
		}
	} else {
		*host_status = wait_status;
	}
	own = req->device_done;
	if (!own)
		req->abandoned = true;
	spin_unlock_irqrestore(&q->lock, flags);

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

	spin_lock_irqsave(&q->lock, flags);
	/* PRPs built for another CC.MPS than the live controller's: refuse. */
	if (req->page_size && req->page_size != q->page_size) {
		spin_unlock_irqrestore(&q->lock, flags);
		return -ENXIO;
	}
	cid = nvmt_queue_submit_locked(q, cmd, NVMT_SLOT_REQ, req);
	if (cid >= 0) {
		req->submit_ns = ktime_get_ns();
		req->cid = cid;
		req->opcode = cmd->common.opcode;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	/* Fixed while the command is outstanding: see nvmt_irq_setup(). */
	*polled = READ_ONCE(q->ctrl->irq_mode) == NVMETEST_IRQ_NONE;
	return cid < 0 ? cid : 0;
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

int nvmt_ioctl_cmd(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmt_queue *q = &ctrl->aq;
	struct nvmetest_cmd uc;
	struct nvme_completion cqe;
	struct nvme_command cmd;
	struct nvmt_req *req;
	u32 wait_status, timeout_ms;
	u64 prp1 = 0, prp2 = 0;
	bool polled, own;
	int ret;

	BUILD_BUG_ON(sizeof(struct nvme_command) != sizeof(uc.sqe));
	BUILD_BUG_ON(sizeof(struct nvme_completion) != sizeof(uc.cqe));

	if (copy_from_user(&uc, argp, sizeof(uc)))
		return -EFAULT;
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	ret = nvmt_cmd_check(ctrl, &uc);
	if (ret)
		goto out_exit;
	if (READ_ONCE(ctrl->state) != NVMETEST_STATE_ENABLED) {
		ret = -ENXIO;
		goto out_exit;
	}

	memcpy(&cmd, uc.sqe, sizeof(cmd));
	req = nvmt_req_alloc(ctrl);
	if (!req) {
		ret = -ENOMEM;
		goto out_exit;
	}
	req->dir = nvmt_opcode_dir(cmd.common.opcode);
	req->data_len = uc.data_len;
	req->meta_len = uc.meta_len;
	req->page_size = READ_ONCE(ctrl->page_size);
	if (uc.data_len) {
		ret = nvmt_req_map_data(req, uc.data, &prp1, &prp2);
		if (ret)
			goto out_free;
	}
	if (uc.meta_len) {
		ret = nvmt_req_map_meta(req, uc.metadata);
		if (ret)
			goto out_free;
	}

	/* PSDT = PRP; an unused pointer never carries a user's value. */
	cmd.common.flags &= ~NVME_CMD_SGL_ALL;
	cmd.common.dptr.prp1 = cpu_to_le64(prp1);
	cmd.common.dptr.prp2 = cpu_to_le64(prp2);
	cmd.common.metadata = cpu_to_le64(uc.meta_len ? req->meta_dma : 0);

	ret = nvmt_req_submit(q, req, &cmd, &polled);
	if (ret)
		goto out_free;

	timeout_ms = uc.timeout_ms ?: READ_ONCE(nvmt_admin_timeout_ms);
	wait_status = nvmt_req_wait(q, req, polled, timeout_ms,
				    uc.flags & NVMETEST_CMD_NO_TIMEOUT);
	memset(&cqe, 0, sizeof(cqe));
	uc.latency_ns = 0;
	own = nvmt_req_collect(q, req, wait_status, &uc.host_status, &cqe,
			       &uc.latency_ns);
	uc.cid = cmd.common.command_id;
	memcpy(uc.cqe, &cqe, sizeof(uc.cqe));
	if (uc.host_status == NVMETEST_HOST_OK)
		nvmt_cmd_snoop(ctrl, &cmd, &cqe);

	if (own) {
		if (uc.host_status == NVMETEST_HOST_OK &&
		    req->dir != DMA_TO_DEVICE) {
			if (req->bounce &&
			    copy_to_user(u64_to_user_ptr(uc.data), req->bounce,
					 uc.data_len))
				ret = -EFAULT;
			if (req->meta &&
			    copy_to_user(u64_to_user_ptr(uc.metadata),
					 req->meta, uc.meta_len))
				ret = -EFAULT;
		}
		nvmt_req_free(req);
	}
	nvmt_ctrl_exit(ctrl);
	if (!ret && copy_to_user(argp, &uc, sizeof(uc)))
		ret = -EFAULT;
	return ret;

out_free:
	nvmt_req_free(req);
out_exit:
	nvmt_ctrl_exit(ctrl);
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
	wait_status = nvmt_req_wait(q, req, polled,
				    READ_ONCE(nvmt_admin_timeout_ms), false);
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
