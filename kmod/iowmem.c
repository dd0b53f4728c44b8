// SPDX-License-Identifier: GPL-2.0-only
/*
 * iowmem.c: an IOWorker's DMA memory (struct nvmt_iowmem, iow.h): the
 * data buffers with their guarded PRPs, metadata and DSM ranges, its
 * reference count, and the slots' end callback through which the device
 * hands each IO back to the thread and lets go of the memory.
 */
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "iow.h"

/* Process context; @m may be half set up. */
void nvmt_iowmem_free(struct nvmt_iowmem *m)
{
	struct device *dev = m->dmadev;
	unsigned int i;

	for (i = 0; i < m->nr_io; i++) {
		struct nvmt_iow_io *io = &m->io[i];

		nvmt_prp_lists_free(&m->prp, &io->lists);
		if (io->buf)
			dma_free_coherent(dev, m->alloc_len, io->buf, io->dma);
		if (io->meta)
			dma_free_coherent(dev, m->meta_len, io->meta,
					  io->meta_dma);
	}
	if (m->dsm_cpu)
		dma_free_coherent(dev, m->dsm_len, m->dsm_cpu, m->dsm_dma);
	nvmt_prp_mem_put(&m->prp);
	if (m->sq)
		nvmt_sq_put(m->sq);
	kvfree(m);
}

/*
 * The PRPs of one slot's buffer, built once for its largest transfer and
 * guarded like a request's (req.h): past the buffer, the worker's sink;
 * a list ends with a chain to the worker's guard.
 */
static int nvmt_iowmem_prp(struct nvmt_iowmem *m, struct nvmt_iow_io *io)
{
	struct nvmt_prp_seg seg = { .dma_addr = io->dma, .len = m->buf_len };
	u64 prp1;

	if (m->buf_len <= m->first_len + m->page_size)
		return 0;
	return nvmt_prp_mem_build(&m->prp, &io->lists, &seg, 1, m->buf_len,
				  m->buf_len, &prp1, &io->prp2_list);
}

/*
 * The worker's memory for w->spec.qdepth IOs of up to @buf_len data and
 * @meta_len metadata bytes, the data buffers filled with the worker's
 * pattern. Process context. Return: the memory, or NULL with *@err set.
 */
struct nvmt_iowmem *nvmt_iowmem_alloc(struct nvmt_ctrl *ctrl,
				      struct nvmt_iow *w, u32 buf_len,
				      u32 meta_len, int *err)
{
	u32 n = w->spec.qdepth, i, ps = READ_ONCE(ctrl->page_size) ?: PAGE_SIZE;
	struct nvmt_iowmem *m;
	int ret = -ENOMEM;

	m = kvzalloc(struct_size(m, io, n), GFP_KERNEL);
	if (!m)
		goto out;
	m->dmadev = &ctrl->pdev->dev;
	m->refs = 1;
	INIT_LIST_HEAD(&m->done);
	m->buf_len = buf_len;
	m->alloc_len = round_up(buf_len, PAGE_SIZE);
	m->meta_len = meta_len;
	m->page_size = ps;
	m->nr_io = n;
	m->dsm_len = (size_t)n * sizeof(struct nvme_dsm_range);
	m->dsm_cpu = dma_alloc_coherent(m->dmadev, m->dsm_len, &m->dsm_dma,
					GFP_KERNEL);
	if (!m->dsm_cpu)
		goto out_free;
	if (nvmt_prp_mem_get(ctrl, &m->prp, ps))
		goto out_free;
	for (i = 0; i < n; i++) {
		struct nvmt_iow_io *io = &m->io[i];

		io->mem = m;
		INIT_LIST_HEAD(&io->done_node);
		io->dsm = m->dsm_cpu + i * sizeof(struct nvme_dsm_range);
		io->dsm_dma = m->dsm_dma + i * sizeof(struct nvme_dsm_range);
		/* Big buffers may not be had: -ENOMEM, no warning. */
		io->buf = dma_alloc_coherent(m->dmadev, m->alloc_len, &io->dma,
					     GFP_KERNEL | __GFP_NOWARN);
		if (!io->buf)
			goto out_free;
		if (!i)
			m->first_len = ps - (io->dma & (ps - 1));
		/* Every buffer has the same offset in its first page. */
		if (ps - (io->dma & (ps - 1)) != m->first_len) {
			ret = -EINVAL;
			goto out_free;
		}
		ret = nvmt_iowmem_prp(m, io);
		if (ret)
			goto out_free;
		ret = -ENOMEM;
		if (meta_len) {
			io->meta = dma_alloc_coherent(m->dmadev, meta_len,
						      &io->meta_dma,
						      GFP_KERNEL | __GFP_NOWARN);
			if (!io->meta)
				goto out_free;
		}
		nvmt_pattern_fill(io->buf, buf_len, w->unit, w->spec.pattern,
				  w->spec.pattern_value, w->spec.compress_pct,
				  &w->data_rng);
		cond_resched();
	}
	return m;

out_free:
	nvmt_iowmem_free(m);
out:
	*err = ret;
	return NULL;
}

/* The thread lets go of its memory; process context. */
void nvmt_iowmem_put(struct nvmt_iowmem *m)
{
	unsigned long flags;
	bool last;

	if (!m->sq) {
		nvmt_iowmem_free(m);
		return;
	}
	spin_lock_irqsave(&m->sq->cq->lock, flags);
	m->task = NULL;
	last = !--m->refs;
	spin_unlock_irqrestore(&m->sq->cq->lock, flags);
	if (last)
		nvmt_iowmem_free(m);
}

/* Memory the device let go of after its worker: freed in process context. */
static void nvmt_iowmem_reclaim(struct nvmt_reclaim *r)
{
	nvmt_iowmem_free(container_of(r, struct nvmt_iowmem, reclaim));
}

/**
 * nvmt_iow_end_locked - an IO of a worker ended (its slot's end callback)
 * @q:		its SQ, the CQ lock held (any context)
 * @priv:	the IO (struct nvmt_iow_io)
 * @cqe:	the completion entry, or NULL for an abort
 * @host_status: NVMETEST_HOST_OK with @cqe, else why it was aborted
 * @device_done: the device no longer uses the IO's memory
 */
void nvmt_iow_end_locked(struct nvmt_sq *q, void *priv,
			 const struct nvme_completion *cqe, u32 host_status,
			 bool device_done)
{
	struct nvmt_iow_io *io = priv;
	struct nvmt_iowmem *m = io->mem;
	struct nvmt_ctrl *ctrl = q->ctrl;

	lockdep_assert_held(&q->cq->lock);
	if (io->busy) {
		io->busy = false;
		io->host_status = host_status;
		io->status = cqe ? le16_to_cpu(cqe->status) >> 1 : 0;
		io->complete_ns = ktime_get_ns();
		list_add_tail(&io->done_node, &m->done);
		WRITE_ONCE(m->pending, true);
		if (m->task)
			wake_up_process(m->task);
	}
	if (device_done && io->device_held) {
		io->device_held = false;
		if (!--m->refs)
			nvmt_reclaim_defer(ctrl, &m->reclaim,
					   nvmt_iowmem_reclaim);
	}
}
