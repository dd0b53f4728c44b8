// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioworker.c: IOWorkers (NVMETEST_IOC_IOWORKER_*): kernel threads that
 * generate IO on an IO queue pair of their own and keep fio-grade
 * statistics.
 *
 * Objects:
 *  - struct nvmt_iow, the record: spec, result, histograms, the per-second
 *    table and the thread's state. On ctrl->iows from START until the
 *    file lets go of it (RESULT with RELEASE, or file release); counted
 *    by @ref so that WAIT and RESULT can use it without the list lock.
 *    The thread sets @finished (the worker is DONE: WAIT sleeps on
 *    ctrl->iow_wq for it) and ends with kthread_complete_and_exit(
 *    &@exited), which the last put waits for before freeing.
 *  - struct nvmt_iowmem, the memory the device may DMA to: one struct
 *    nvmt_iow_io per IO slot with its data buffer (coherent, its PRP list
 *    built once), metadata buffer and DSM range. Counted (@refs, under the
 *    CQ lock): one for the worker thread, one per IO the device may still
 *    use. The last put frees it: directly in the thread, else through
 *    reclaim.c, which disable/reset/remove drain before the pci_dev goes.
 *
 * The worker submits through nvmt_sq_post_locked() (the command log
 * records every IO) with nvmt_iow_end_locked() as the slot's end
 * callback: the completion path and the queue aborts hand each IO back
 * through it, under
 * the CQ lock, in any context: it stores the status and time, puts the IO
 * on the done list and wakes the thread. Accounting and CRC work happen
 * in the thread.
 *
 * Locks: the thread holds neither ctrl->lock nor state_mutex while it
 * runs; it touches the device only inside nvmt_sq_post_locked(),
 * nvmt_sq_ring_locked() and nvmt_cq_reap(), which look at the
 * queue's live/has_mem under the CQ
 * lock, and those go false (under that lock) before a disable, reset or
 * remove lets the device or BAR0 go. At the end it takes nvmt_sm_enter()
 * to delete its queues. Nothing waits for a worker while holding
 * ctrl->lock or state_mutex: file release and remove wait with no lock
 * held (remove between nvmt_ctrl_teardown() and taking ctrl->lock for
 * write), resets do not wait at all (they abort the worker's IOs, which
 * ends it).
 */
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/hrtimer.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core/hist.h"
#include "core/iowgen.h"
#include "nvmetest.h"
#include "verify.h"

#define NVMT_IOW_OP_VERIFY	0x0c
/* The per-second table of a run without a time limit: one day. */
#define NVMT_IOW_SECONDS_MAX	86400
#define NVMT_IOW_TIMEOUT_MAX_MS	3600000U
/* How often the thread looks for timed out IOs and updates cpu_ns. */
#define NVMT_IOW_CHECK_NS	(10 * NSEC_PER_MSEC)
/* Polled: spin this long without a completion before sleeping a little. */
#define NVMT_IOW_SPIN_NS	(100 * NSEC_PER_USEC)
#define NVMT_IOW_POLL_SLEEP_NS	(20 * NSEC_PER_USEC)
/* IOs posted before one SQ doorbell write, at most. */
#define NVMT_IOW_BATCH		16

struct nvmt_iowmem;

struct nvmt_iow_io {
	struct nvmt_iowmem *mem;
	struct list_head done_node;	/* on mem->done, under the CQ lock */

	/* Under the CQ lock. */
	bool busy;		/* submitted, not ended yet for the worker */
	bool device_held;	/* the device may still DMA to the buffers */
	u32 host_status;
	u16 status;
	u64 complete_ns;

	/* The thread's. */
	bool reusable;		/* ended with the device done with it */
	bool timed_out;		/* counted as an error already */
	bool dirty;		/* the buffer holds read data */
	bool vfail;
	u8 op;
	u8 opcode;
	u16 cid;
	u32 nlb;
	u64 slba;
	u64 seq;
	u64 submit_ns;
	struct nvmt_vio vio;

	/* DMA memory, constant. */
	void *buf;
	dma_addr_t dma;
	u64 prp2_list;		/* PRP2 of a transfer past two pages */
	struct nvmt_prp_page *lists;
	unsigned int nr_lists;
	void *meta;
	dma_addr_t meta_dma;
	struct nvme_dsm_range *dsm;
	dma_addr_t dsm_dma;
};

struct nvmt_iowmem {
	struct device *dmadev;
	struct nvmt_sq *sq;	/* a reference; NULL before the queues exist */
	/* Under sq->cq->lock. */
	u32 refs;
	struct task_struct *task;	/* woken by completions; NULL once done */
	bool pending;		/* @done is not empty */
	struct list_head done;
	struct nvmt_reclaim reclaim;	/* freed by reclaim.c */
	/* Constant. */
	u32 buf_len;		/* data bytes of the largest IO */
	u32 alloc_len;
	u32 meta_len;
	u32 page_size;
	u32 first_len;		/* bytes PRP1 covers of a slot's buffer */
	/* Where a transfer past a slot's buffer lands (guarded PRPs). */
	void *sink;
	dma_addr_t sink_dma;
	void *guard;
	dma_addr_t guard_dma;
	void *dsm_cpu;
	dma_addr_t dsm_dma;
	size_t dsm_len;
	u32 nr_io;
	struct nvmt_iow_io io[];
};

struct nvmt_iow {
	struct kref ref;
	struct list_head node;	/* on ctrl->iows, under ctrl->iow_lock */
	struct nvmt_ctrl *ctrl;
	struct file *file;
	u32 id;
	struct task_struct *task;	/* referenced */
	struct completion exited;	/* the thread is gone */
	bool finished;		/* DONE; READ/WRITE_ONCE */
	bool hurry;		/* the file is closed: no drain; READ/WRITE_ONCE */
	u32 stop_reason;	/* END_STOPPED/REMOVED asked; READ/WRITE_ONCE */

	/* Constant after START. */
	struct nvmetest_ioworker_spec spec;
	struct nvmetest_ioworker_replay *replay;	/* freed by the thread */
	u32 nr_ops;
	u8 opcodes[NVMETEST_IOW_MAX_OPS];
	u8 op_of[256];		/* replay: opcode -> op entry */
	u32 unit;		/* data buffer bytes per LBA */
	u32 lba_size;
	bool polled;
	u64 timeout_ns;
	u32 nr_secs;		/* entries of @iops */

	/* The result, under @stat_lock. */
	spinlock_t stat_lock;
	struct nvmetest_ioworker_result res;
	u64 *hist;		/* [nr_ops][NVMETEST_HIST_BUCKETS] */
	u32 *iops;

	/* The thread's. */
	struct nvmt_iowmem *mem;
	struct nvmt_sq *sq;
	struct nvmt_cq *cq;
	struct nvmt_gen gen;
	struct nvmt_throttle thr;
	struct nvmt_rng data_rng;
	u32 *free_ios;
	u32 nr_free;
	u32 inflight;
	u64 submitted;
	u64 completed;
	u64 ridx;
	bool have_pend;
	bool pend_paced;
	bool finishing;
	u32 nr_batch;		/* posted, doorbell not rung yet */
	u32 batch[NVMT_IOW_BATCH];
	struct nvmt_gen_io pend;
	u32 end;
	u64 start_ns;
	u64 sec_end_ns;
	u32 cur_sec;
};

void nvmt_iow_init(struct nvmt_ctrl *ctrl)
{
	spin_lock_init(&ctrl->iow_lock);
	INIT_LIST_HEAD(&ctrl->iows);
	init_waitqueue_head(&ctrl->iow_wq);
	ctrl->iow_next_id = 1;
}

/* ---- DMA memory ---- */

static void nvmt_iowmem_free(struct nvmt_iowmem *m)
{
	struct device *dev = m->dmadev;
	unsigned int i, j;

	for (i = 0; i < m->nr_io; i++) {
		struct nvmt_iow_io *io = &m->io[i];

		for (j = 0; io->lists && j < io->nr_lists; j++)
			if (io->lists[j].cpu)
				dma_free_coherent(dev, m->page_size,
						  io->lists[j].cpu,
						  io->lists[j].dma);
		kfree(io->lists);
		if (io->buf)
			dma_free_coherent(dev, m->alloc_len, io->buf, io->dma);
		if (io->meta)
			dma_free_coherent(dev, m->meta_len, io->meta,
					  io->meta_dma);
	}
	if (m->dsm_cpu)
		dma_free_coherent(dev, m->dsm_len, m->dsm_cpu, m->dsm_dma);
	if (m->sink)
		dma_free_coherent(dev, m->page_size, m->sink, m->sink_dma);
	if (m->guard)
		dma_free_coherent(dev, m->page_size, m->guard, m->guard_dma);
	if (m->sq)
		nvmt_sq_put(m->sq);
	kvfree(m);
}

/*
 * The PRPs of one slot's buffer, built once for its largest transfer and
 * guarded like a user command's (core/prp.c): past the buffer, the
 * worker's sink; a list ends with a chain to the worker's guard.
 */
static int nvmt_iowmem_prp(struct nvmt_iowmem *m, struct nvmt_iow_io *io)
{
	u32 ps = m->page_size;
	struct nvmt_prp_seg seg;
	u64 prp1, prp2;
	unsigned int i;
	int nl;

	if (m->buf_len <= m->first_len + ps)
		return 0;
	nl = nvmt_prp_guarded_list_pages(io->dma, m->buf_len, ps);
	if (nl < 0)
		return nl;
	io->lists = kcalloc(nl, sizeof(*io->lists), GFP_KERNEL);
	if (!io->lists)
		return -ENOMEM;
	io->nr_lists = nl;
	for (i = 0; i < nl; i++) {
		dma_addr_t dma;

		io->lists[i].cpu = dma_alloc_coherent(m->dmadev, ps, &dma,
						      GFP_KERNEL);
		if (!io->lists[i].cpu)
			return -ENOMEM;
		io->lists[i].dma = dma;
	}
	seg.dma_addr = io->dma;
	seg.len = m->buf_len;
	nl = nvmt_prp_build_guarded(&seg, 1, m->buf_len, m->buf_len, ps,
				    m->sink_dma, m->guard_dma, io->lists,
				    io->nr_lists, &prp1, &prp2);
	if (nl)
		return nl;
	io->prp2_list = prp2;
	return 0;
}

static struct nvmt_iowmem *nvmt_iowmem_alloc(struct nvmt_ctrl *ctrl,
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
	m->sink = dma_alloc_coherent(m->dmadev, ps, &m->sink_dma, GFP_KERNEL);
	m->guard = dma_alloc_coherent(m->dmadev, ps, &m->guard_dma, GFP_KERNEL);
	if (!m->sink || !m->guard)
		goto out_free;
	nvmt_prp_guard_fill(m->guard, m->guard_dma, m->sink_dma, ps);
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
static void nvmt_iowmem_put(struct nvmt_iowmem *m)
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
static void nvmt_iow_end_locked(struct nvmt_sq *q, void *priv,
				const struct nvme_completion *cqe,
				u32 host_status, bool device_done)
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

/* ---- the thread ---- */

static bool nvmt_iow_moves_data(u8 opcode)
{
	switch (opcode) {
	case nvme_cmd_flush:
	case nvme_cmd_dsm:
	case nvme_cmd_write_zeroes:
	case nvme_cmd_write_uncor:
	case NVMT_IOW_OP_VERIFY:
		return false;
	default:
		return nvmt_opcode_dir(opcode) != 0;
	}
}

static void nvmt_iow_vbuf(struct nvmt_iow *w, struct nvmt_iow_io *io,
			  struct nvmt_vbuf *b, struct nvmt_vcmd *c)
{
	memset(b, 0, sizeof(*b));
	b->bounce = io->buf;
	c->qid = w->sq->qid;
	c->cid = io->cid;
	c->seq = io->seq;
}

/*
 * Build and submit one IO. Return: 0; -EAGAIN when its LBA range is held
 * by an overlapping verified command; -ENXIO when the queue is not live
 * any more; -EBUSY when it is full.
 */
static int nvmt_iow_submit_one(struct nvmt_iow *w, struct nvmt_iow_io *io,
			       const struct nvmt_gen_io *g)
{
	struct nvmt_iowmem *m = w->mem;
	struct nvmt_sq *q = w->sq;
	struct nvme_command c = { };
	u8 opc = g->opcode;
	bool lba = true, data = false;
	struct nvmt_vbuf b;
	struct nvmt_vcmd vc;
	unsigned long flags;
	u32 len = 0, vlen = 0;
	u64 seq = 0;
	int cid;

	c.common.opcode = opc;
	c.common.nsid = cpu_to_le32(w->spec.nsid);
	switch (opc) {
	case nvme_cmd_flush:
		lba = false;
		break;
	case nvme_cmd_dsm:
		lba = false;
		io->dsm->cattr = 0;
		io->dsm->nlb = cpu_to_le32(g->nlb);
		io->dsm->slba = cpu_to_le64(g->slba);
		c.common.cdw10 = 0;	/* one range */
		c.common.cdw11 = cpu_to_le32(NVME_DSMGMT_AD);
		c.common.dptr.prp1 = cpu_to_le64(io->dsm_dma);
		vlen = sizeof(*io->dsm);
		break;
	default:
		data = nvmt_iow_moves_data(opc);
		break;
	}
	if (lba) {
		c.common.cdw10 = cpu_to_le32(lower_32_bits(g->slba));
		c.common.cdw11 = cpu_to_le32(upper_32_bits(g->slba));
		c.common.cdw12 = cpu_to_le32(g->nlb - 1);
	}
	if (data) {
		u64 prp2;

		len = g->nlb * w->unit;
		vlen = len;
		if ((nvmt_opcode_dir(opc) & 1) && io->dirty) {
			/* Write data after a read into the same buffer. */
			nvmt_pattern_fill(io->buf, len, w->unit,
					  w->spec.pattern,
					  w->spec.pattern_value,
					  w->spec.compress_pct, &w->data_rng);
			io->dirty = false;
		}
		/* A device that goes on reads the guard as a list. */
		if (len <= m->first_len)
			prp2 = m->guard_dma;
		else if (len <= m->first_len + m->page_size)
			prp2 = io->dma + m->first_len;
		else
			prp2 = io->prp2_list;
		c.common.dptr.prp1 = cpu_to_le64(io->dma);
		c.common.dptr.prp2 = cpu_to_le64(prp2);
		if (io->meta)
			c.common.metadata = cpu_to_le64(io->meta_dma);
	}

	io->cid = 0;
	io->seq = 0;
	memset(&io->vio, 0, sizeof(io->vio));
	if (nvmt_verify_prepare(w->ctrl, &io->vio, &c, 0, io->dsm, vlen,
				true))
		return -EAGAIN;
	nvmt_iow_vbuf(w, io, &b, &vc);
	nvmt_verify_stamp(&io->vio, &b);

	spin_lock_irqsave(&q->cq->lock, flags);
	cid = nvmt_sq_post_locked(q, &c, nvmt_iow_end_locked, io, &seq,
				  false);
	if (cid >= 0) {
		io->busy = true;
		io->device_held = true;
		m->refs++;
		io->submit_ns = ktime_get_ns();
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
	if (cid < 0) {
		/* Never sent: the map learns nothing, the range goes. */
		nvmt_verify_complete(&io->vio, &b, &vc, false, 0);
		return cid;
	}
	io->cid = cid;
	io->seq = seq;
	io->slba = g->slba;
	io->nlb = g->nlb;
	io->op = g->op;
	io->opcode = opc;
	io->timed_out = false;
	if (data && (nvmt_opcode_dir(opc) & 2))
		io->dirty = true;
	return 0;
}

/* The controller took the queue away: which end that is. */
static u32 nvmt_iow_gone_reason(struct nvmt_iow *w, u32 host_status)
{
	if (host_status == NVMETEST_HOST_DEVICE_GONE ||
	    READ_ONCE(w->ctrl->removing))
		return NVMETEST_IOW_END_REMOVED;
	return NVMETEST_IOW_END_RESET;
}

/*
 * Ring the doorbell for the IOs posted since the last time; their
 * latency starts here (the device cannot complete them before).
 */
static void nvmt_iow_ring(struct nvmt_iow *w)
{
	struct nvmt_sq *q = w->sq;
	unsigned long flags;
	u64 now;
	u32 i;

	if (!w->nr_batch)
		return;
	spin_lock_irqsave(&q->cq->lock, flags);
	nvmt_sq_ring_locked(q);
	now = ktime_get_ns();
	for (i = 0; i < w->nr_batch; i++)
		w->mem->io[w->batch[i]].submit_ns = now;
	spin_unlock_irqrestore(&q->cq->lock, flags);
	w->nr_batch = 0;
}

static u64 nvmt_iow_fill(struct nvmt_iow *w, u64 now, u32 *sent);

/*
 * Submit while there is room and budget, in batches of one doorbell.
 * Return: nanoseconds until the next submission may happen (U64_MAX:
 * after a completion); *@sent: IOs submitted.
 */
static u64 nvmt_iow_submit(struct nvmt_iow *w, u64 now, u32 *sent)
{
	u64 wait = nvmt_iow_fill(w, now, sent);

	nvmt_iow_ring(w);
	return wait;
}

static u64 nvmt_iow_fill(struct nvmt_iow *w, u64 now, u32 *sent)
{
	struct nvmt_gen_io gio;
	u64 wait;
	int ret;

	*sent = 0;
	while (w->inflight < w->spec.qdepth && w->nr_free) {
		if (w->spec.io_count && w->submitted >= w->spec.io_count)
			return U64_MAX;
		if (!w->have_pend) {
			if (w->replay) {
				const struct nvmetest_ioworker_replay *e;
				u64 due;

				if (w->ridx >= w->spec.nr_replay)
					return U64_MAX;
				e = &w->replay[w->ridx];
				due = e->time_us >= U64_MAX / 2 / NSEC_PER_USEC ?
				      U64_MAX - 1 :
				      w->start_ns + e->time_us * NSEC_PER_USEC;
				if (now < due)
					return due - now;
				w->pend.slba = e->slba;
				w->pend.nlb = e->nlb;
				w->pend.opcode = e->opcode;
				w->pend.op = w->op_of[e->opcode];
			} else {
				nvmt_gen_next(&w->gen, &w->pend);
			}
			w->have_pend = true;
			w->pend_paced = false;
		}
		if (w->spec.iops_limit && !w->pend_paced) {
			wait = nvmt_throttle_wait(&w->thr, now);
			if (wait)
				return wait;
			w->pend_paced = true;
		}
		gio = w->pend;
		ret = nvmt_iow_submit_one(w, &w->mem->io[w->free_ios[w->nr_free - 1]],
					  &gio);
		if (ret == -EAGAIN)
			/* Overlap: ours end first, or someone else's. */
			return w->inflight ? U64_MAX : 100 * NSEC_PER_USEC;
		if (ret == -EBUSY)
			return U64_MAX;
		if (ret) {
			w->end = nvmt_iow_gone_reason(w, NVMETEST_HOST_OK);
			return U64_MAX;
		}
		w->batch[w->nr_batch++] = w->free_ios[w->nr_free - 1];
		if (w->nr_batch == NVMT_IOW_BATCH)
			nvmt_iow_ring(w);
		w->nr_free--;
		w->have_pend = false;
		w->inflight++;
		w->submitted++;
		if (w->replay)
			w->ridx++;
		(*sent)++;
		if (!(*sent & 15))
			now = ktime_get_ns();
	}
	return U64_MAX;
}

static void nvmt_iow_first_error(struct nvmt_iow *w, struct nvmt_iow_io *io,
				 u16 status, u32 host_status, u64 when)
{
	struct nvmetest_ioworker_result *r = &w->res;

	r->errors++;
	r->op[io->op].errors++;
	if (r->errors > 1)
		return;
	r->err_slba = io->slba;
	r->err_time_ns = when - w->start_ns;
	r->err_nlb = io->nlb;
	r->err_opcode = io->opcode;
	r->err_status = status;
	r->err_host_status = host_status;
	r->err_cid = io->cid;
	r->err_seq = io->seq;
}

/* One ended IO into the statistics; stat_lock held. */
static void nvmt_iow_account(struct nvmt_iow *w, struct nvmt_iow_io *io)
{
	struct nvmetest_ioworker_result *r = &w->res;
	struct nvmetest_ioworker_opstat *o = &r->op[io->op];
	u32 host = io->host_status;
	u64 lat;

	if (host != NVMETEST_HOST_OK ||
	    (w->finishing && (io->status || io->timed_out))) {
		/* Aborted (reset, removal, deletion at the end): not an IO. */
		r->aborted++;
		r->flags |= NVMETEST_IOW_RES_ABORTED;
		if (host != NVMETEST_HOST_OK && !w->end && !w->finishing)
			w->end = nvmt_iow_gone_reason(w, host);
		return;
	}
	w->completed++;
	r->ios++;
	o->ios++;
	if (nvmt_iow_moves_data(io->opcode)) {
		r->bytes += (u64)io->nlb * w->lba_size;
		o->bytes += (u64)io->nlb * w->lba_size;
	}
	lat = io->complete_ns > io->submit_ns ?
	      io->complete_ns - io->submit_ns : 0;
	if (!o->lat_min_ns || lat < o->lat_min_ns)
		o->lat_min_ns = lat;
	if (lat > o->lat_max_ns)
		o->lat_max_ns = lat;
	o->lat_sum_ns += lat;
	w->hist[(size_t)io->op * NVMETEST_HIST_BUCKETS + nvmt_hist_index(lat)]++;

	while (io->complete_ns >= w->sec_end_ns) {
		w->cur_sec++;
		w->sec_end_ns += NSEC_PER_SEC;
	}
	if (w->cur_sec < w->nr_secs) {
		w->iops[w->cur_sec]++;
		r->seconds = max(r->seconds, w->cur_sec + 1);
	} else {
		r->flags |= NVMETEST_IOW_RES_SECONDS_DROPPED;
	}

	if (io->status || io->vfail) {
		nvmt_iow_first_error(w, io, io->status, io->vfail ?
				     NVMETEST_HOST_VERIFY_FAILED :
				     NVMETEST_HOST_OK, io->complete_ns);
		if ((w->spec.flags & NVMETEST_IOW_STOP_ON_ERROR) && !w->end)
			w->end = NVMETEST_IOW_END_ERROR;
	}
}

/* Take the ended IOs: verification, then statistics. Return: how many. */
static u32 nvmt_iow_collect(struct nvmt_iow *w)
{
	struct nvmt_iowmem *m = w->mem;
	struct nvmt_iow_io *io, *tmp;
	unsigned long flags;
	u64 verified = 0, vfails = 0;
	u32 n = 0;
	LIST_HEAD(list);

	if (!READ_ONCE(m->pending))
		return 0;
	spin_lock_irqsave(&w->cq->lock, flags);
	list_splice_init(&m->done, &list);
	WRITE_ONCE(m->pending, false);
	list_for_each_entry(io, &list, done_node)
		io->reusable = !io->device_held;
	spin_unlock_irqrestore(&w->cq->lock, flags);

	list_for_each_entry(io, &list, done_node) {
		io->vfail = false;
		if (io->vio.vns) {
			struct nvmt_vbuf b;
			struct nvmt_vcmd vc;
			bool ok = io->host_status == NVMETEST_HOST_OK;

			nvmt_iow_vbuf(w, io, &b, &vc);
			io->vfail = nvmt_verify_complete(&io->vio, &b, &vc, ok,
							 io->status);
			verified += io->vio.verified;
			vfails += io->vfail;
		}
		n++;
	}

	spin_lock(&w->stat_lock);
	w->res.lbas_verified += verified;
	w->res.verify_failures += vfails;
	list_for_each_entry_safe(io, tmp, &list, done_node) {
		list_del_init(&io->done_node);
		nvmt_iow_account(w, io);
		w->inflight--;
		if (io->reusable)
			w->free_ios[w->nr_free++] = io - m->io;
	}
	spin_unlock(&w->stat_lock);
	return n;
}

/*
 * IOs outstanding past the IO timeout: the first makes the run fail.
 * Return: true when one is (the drain gives up on them).
 */
static bool nvmt_iow_check_timeouts(struct nvmt_iow *w, u64 now)
{
	struct nvmt_iowmem *m = w->mem;
	struct nvmt_iow_io *late = NULL;
	unsigned long flags;
	u32 i;

	if (!w->inflight)
		return false;
	spin_lock_irqsave(&w->cq->lock, flags);
	for (i = 0; i < m->nr_io; i++) {
		struct nvmt_iow_io *io = &m->io[i];

		if (io->busy && now > io->submit_ns &&
		    now - io->submit_ns >= w->timeout_ns) {
			late = io;
			break;
		}
	}
	spin_unlock_irqrestore(&w->cq->lock, flags);
	if (!late)
		return false;
	if (!late->timed_out) {
		late->timed_out = true;
		spin_lock(&w->stat_lock);
		nvmt_iow_first_error(w, late, 0, NVMETEST_HOST_TIMEOUT, now);
		spin_unlock(&w->stat_lock);
		dev_notice(&w->ctrl->dev, "ioworker %u: queue %u CID %u (opcode 0x%02x) timed out\n",
			   w->id, w->sq->qid, late->cid, late->opcode);
	}
	switch (w->end) {
	case NVMETEST_IOW_END_NONE:
	case NVMETEST_IOW_END_COUNT:
	case NVMETEST_IOW_END_TIME:
	case NVMETEST_IOW_END_REPLAY:
	case NVMETEST_IOW_END_STOPPED:
		w->end = NVMETEST_IOW_END_FAILED;
		break;
	}
	return true;
}

static void nvmt_iow_tick(struct nvmt_iow *w)
{
	u64 rt = current->se.sum_exec_runtime;

	spin_lock(&w->stat_lock);
	w->res.cpu_ns = rt;
	w->res.cpu = raw_smp_processor_id();
	spin_unlock(&w->stat_lock);
}

/*
 * Sleep up to @ns, or until a completion or a stop request (draining:
 * until the file's release hurries it).
 */
static void nvmt_iow_sleep(struct nvmt_iow *w, u64 ns, bool draining)
{
	ktime_t t = ns_to_ktime(ns);

	set_current_state(TASK_INTERRUPTIBLE);
	if (!READ_ONCE(w->mem->pending) &&
	    !(draining ? READ_ONCE(w->hurry) : READ_ONCE(w->stop_reason)))
		schedule_hrtimeout_range(&t, min_t(u64, ns >> 3,
						   50 * NSEC_PER_USEC),
					 HRTIMER_MODE_REL);
	__set_current_state(TASK_RUNNING);
}

static void nvmt_iow_run(struct nvmt_iow *w)
{
	u64 now = ktime_get_ns(), time_end = U64_MAX, next_check, wait;
	u64 idle_since = 0;
	u32 sent, n, stop;

	if (w->spec.time_ms && w->spec.time_ms < U64_MAX / NSEC_PER_MSEC / 2)
		time_end = now + w->spec.time_ms * NSEC_PER_MSEC;
	spin_lock(&w->stat_lock);
	w->start_ns = now;
	w->res.start_ns = now;
	spin_unlock(&w->stat_lock);
	w->sec_end_ns = now + NSEC_PER_SEC;
	next_check = now + NVMT_IOW_CHECK_NS;
	nvmt_throttle_init(&w->thr, w->spec.iops_limit, w->spec.qdepth, now);

	while (!w->end) {
		stop = READ_ONCE(w->stop_reason);
		if (stop) {
			w->end = stop;
			break;
		}
		now = ktime_get_ns();
		if (now >= time_end) {
			w->end = NVMETEST_IOW_END_TIME;
			break;
		}
		wait = nvmt_iow_submit(w, now, &sent);
		if (w->end)
			break;
		if (w->polled)
			nvmt_cq_reap(w->cq);
		n = nvmt_iow_collect(w);
		if (w->end)
			break;
		if (w->spec.io_count && w->completed >= w->spec.io_count) {
			w->end = NVMETEST_IOW_END_COUNT;
			break;
		}
		if (w->replay && w->ridx >= w->spec.nr_replay && !w->inflight) {
			w->end = NVMETEST_IOW_END_REPLAY;
			break;
		}
		if (now >= next_check) {
			next_check = now + NVMT_IOW_CHECK_NS;
			nvmt_iow_tick(w);
			if (nvmt_iow_check_timeouts(w, now))
				break;
		}
		if (n || sent) {
			idle_since = 0;
			cond_resched();
			continue;
		}
		if (w->polled && w->inflight) {
			if (!idle_since)
				idle_since = now;
			if (now - idle_since < NVMT_IOW_SPIN_NS) {
				cond_resched();
				continue;
			}
			wait = min_t(u64, wait, NVMT_IOW_POLL_SLEEP_NS);
		}
		wait = min3(wait, time_end - now, (u64)NVMT_IOW_CHECK_NS);
		nvmt_iow_sleep(w, wait, false);
	}
}

/* Wait for the outstanding IOs, each up to the IO timeout. */
static void nvmt_iow_drain_ios(struct nvmt_iow *w)
{
	u64 now, idle_since = ktime_get_ns();

	while (w->inflight) {
		/* Nobody will read the result: the deletion ends them. */
		if (READ_ONCE(w->hurry))
			return;
		if (w->polled)
			nvmt_cq_reap(w->cq);
		now = ktime_get_ns();
		if (nvmt_iow_collect(w)) {
			idle_since = now;
			cond_resched();
			continue;
		}
		if (nvmt_iow_check_timeouts(w, now))
			return;
		if (w->polled && now - idle_since < NVMT_IOW_SPIN_NS) {
			cond_resched();
			continue;
		}
		nvmt_iow_sleep(w, w->polled ? NVMT_IOW_POLL_SLEEP_NS :
					      NVMT_IOW_CHECK_NS, true);
	}
}

static void nvmt_iow_finish(struct nvmt_iow *w)
{
	struct nvmt_ctrl *ctrl = w->ctrl;
	struct nvmt_iowmem *m = w->mem;
	struct nvmt_vbuf b;
	struct nvmt_vcmd vc;
	unsigned long flags;
	u64 now;
	u32 i;

	nvmt_iow_drain_ios(w);
	w->finishing = true;
	if (!nvmt_sm_enter(ctrl)) {
		nvmt_ioq_worker_release(ctrl, w->sq, w->cq);
		nvmt_sm_exit(ctrl);
	} else {
		/* Removed: the queues went with the controller. */
		WRITE_ONCE(w->sq->worker, NULL);
		WRITE_ONCE(w->cq->worker, NULL);
	}
	/* What the deletion ended. */
	nvmt_iow_collect(w);

	/*
	 * IOs the device still holds (its queue could not be deleted): they
	 * end without us. Their LBA ranges go now (the map forgets them).
	 */
	spin_lock_irqsave(&w->cq->lock, flags);
	m->task = NULL;
	for (i = 0; i < m->nr_io; i++)
		m->io[i].busy = false;
	spin_unlock_irqrestore(&w->cq->lock, flags);
	for (i = 0; i < m->nr_io; i++) {
		struct nvmt_iow_io *io = &m->io[i];

		if (!io->vio.vns)
			continue;
		nvmt_iow_vbuf(w, io, &b, &vc);
		nvmt_verify_complete(&io->vio, &b, &vc, false, 0);
	}

	now = ktime_get_ns();
	spin_lock(&w->stat_lock);
	if (w->inflight) {
		w->res.aborted += w->inflight;
		w->res.flags |= NVMETEST_IOW_RES_ABORTED;
	}
	w->res.end_reason = w->end;
	w->res.elapsed_ns = now - w->start_ns;
	w->res.cpu_ns = current->se.sum_exec_runtime;
	w->res.cpu = raw_smp_processor_id();
	spin_unlock(&w->stat_lock);

	kvfree(w->replay);
	w->replay = NULL;
	w->mem = NULL;
	nvmt_iowmem_put(m);
}

static int nvmt_iow_thread(void *arg)
{
	struct nvmt_iow *w = arg;

	nvmt_iow_run(w);
	nvmt_iow_finish(w);
	/* The record stays until @exited: its file holds the controller. */
	smp_store_release(&w->finished, true);
	wake_up_all(&w->ctrl->iow_wq);
	kthread_complete_and_exit(&w->exited, 0);
}

/* ---- records ---- */

static void nvmt_iow_free(struct kref *ref)
{
	struct nvmt_iow *w = container_of(ref, struct nvmt_iow, ref);

	if (w->task) {
		/* Instructions of the thread may still be running. */
		wait_for_completion(&w->exited);
		put_task_struct(w->task);
	}
	kvfree(w->replay);
	kvfree(w->hist);
	kvfree(w->iops);
	kvfree(w->free_ios);
	kvfree(w);
}

static void nvmt_iow_put(struct nvmt_iow *w)
{
	kref_put(&w->ref, nvmt_iow_free);
}

static bool nvmt_iow_running(struct nvmt_iow *w)
{
	return !smp_load_acquire(&w->finished);
}

/* This file's worker @id, referenced; NULL if none. */
static struct nvmt_iow *nvmt_iow_get(struct nvmt_ctrl *ctrl,
				     struct file *file, u32 id)
{
	struct nvmt_iow *w;

	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node) {
		if (w->file == file && w->id == id) {
			kref_get(&w->ref);
			spin_unlock(&ctrl->iow_lock);
			return w;
		}
	}
	spin_unlock(&ctrl->iow_lock);
	return NULL;
}

static void nvmt_iow_stop(struct nvmt_iow *w, u32 reason)
{
	WRITE_ONCE(w->stop_reason, reason);
	wake_up_process(w->task);
}

/* ---- START ---- */

/* The fields that need no device; *@bad on -EINVAL. */
static int nvmt_iow_check_spec(const struct nvmetest_ioworker_spec *s,
			       u32 *bad)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->rsvd); i++)
		if (s->rsvd[i])
			goto rsvd;
	if (s->rsvd0)
		goto rsvd;
	if (s->flags & ~NVMETEST_IOW_FLAGS) {
		*bad = NVMETEST_IOW_FIELD_FLAGS;
		return -EINVAL;
	}
	if (!s->qdepth || s->qdepth > NVMETEST_IOW_MAX_QDEPTH) {
		*bad = NVMETEST_IOW_FIELD_QDEPTH;
		return -EINVAL;
	}
	if ((s->flags & NVMETEST_IOW_POLLED) && s->vector) {
		*bad = NVMETEST_IOW_FIELD_VECTOR;
		return -EINVAL;
	}
	if (s->flags & NVMETEST_IOW_PIN_CPU ?
	    s->cpu >= nr_cpu_ids || !cpu_online(s->cpu) : s->cpu) {
		*bad = NVMETEST_IOW_FIELD_CPU;
		return -EINVAL;
	}
	if (s->io_timeout_ms > NVMT_IOW_TIMEOUT_MAX_MS) {
		*bad = NVMETEST_IOW_FIELD_TIMEOUT;
		return -EINVAL;
	}
	if (!!s->replay != !!s->nr_replay ||
	    s->nr_replay > NVMETEST_IOW_MAX_REPLAY) {
		*bad = NVMETEST_IOW_FIELD_REPLAY;
		return -EINVAL;
	}
	if (!s->time_ms && !s->io_count && !s->replay) {
		*bad = NVMETEST_IOW_FIELD_LIMITS;
		return -EINVAL;
	}
	return 0;
rsvd:
	*bad = NVMETEST_IOW_FIELD_RSVD;
	return -EINVAL;
}

static const struct nvmetest_ns_info *nvmt_iow_ns(struct nvmt_ctrl *ctrl,
						  u32 nsid)
{
	u32 i;

	for (i = 0; i < ctrl->nr_ns; i++)
		if (ctrl->ns[i].nsid == nsid)
			return &ctrl->ns[i];
	return NULL;
}

/* The replay's opcodes become the op entries. Return: 0 or -EINVAL. */
static int nvmt_iow_replay_ops(struct nvmt_iow *w, const struct nvmt_gen_ns *gns,
			       u32 *max_nlb)
{
	u64 prev = 0;
	u32 i;

	memset(w->op_of, 0xff, sizeof(w->op_of));
	w->nr_ops = 0;
	*max_nlb = 1;
	for (i = 0; i < w->spec.nr_replay; i++) {
		const struct nvmetest_ioworker_replay *e = &w->replay[i];

		if (nvmt_gen_check_replay(e, gns, prev))
			return -EINVAL;
		prev = e->time_us;
		*max_nlb = max(*max_nlb, e->nlb);
		if (w->op_of[e->opcode] != 0xff)
			continue;
		if (w->nr_ops == NVMETEST_IOW_MAX_OPS)
			return -EINVAL;
		w->op_of[e->opcode] = w->nr_ops;
		w->opcodes[w->nr_ops++] = e->opcode;
		if (!(i & 4095))
			cond_resched();
	}
	return 0;
}

/* Queue id for the worker: @want, or the lowest free one. */
static int nvmt_iow_pick_qid(struct nvmt_ctrl *ctrl, u16 want, u16 *qid,
			     u32 *bad)
{
	u32 nr = min(READ_ONCE(ctrl->nr_io_sq), READ_ONCE(ctrl->nr_io_cq));
	u32 i;

	if (want) {
		if (nr && want > nr) {
			*bad = NVMETEST_IOW_FIELD_QID;
			return -EINVAL;
		}
		if (nvmt_ioq_qid_used(ctrl, want))
			return -EEXIST;
		*qid = want;
		return 0;
	}
	for (i = 1; i <= nr; i++) {
		if (!nvmt_ioq_qid_used(ctrl, i)) {
			*qid = i;
			return 0;
		}
	}
	return -EBUSY;
}

static u32 nvmt_iow_file_count(struct nvmt_ctrl *ctrl, struct file *file)
{
	struct nvmt_iow *w;
	u32 n = 0;

	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node)
		n += w->file == file;
	spin_unlock(&ctrl->iow_lock);
	return n;
}

/*
 * The device-dependent checks, the memory and the queues; state_mutex
 * held, state ENABLED. Return: 0 with w->sq/cq/mem set, or an errno
 * (*@bad set on -EINVAL) with nothing of the worker left on the device.
 */
static int nvmt_iow_setup(struct nvmt_ctrl *ctrl, struct file *file,
			  struct nvmt_iow *w, u32 *bad)
{
	struct nvmetest_ioworker_spec *s = &w->spec;
	const struct nvmetest_ns_info *ns;
	struct nvmt_gen_ns gns;
	u32 max_nlb = 1, meta_len = 0, i, qflags;
	u64 cap, seed;
	u16 qid, status;
	int ret;

	if (nvmt_iow_file_count(ctrl, file) >= NVMETEST_IOW_MAX_PER_FILE)
		return -ENOSPC;
	ns = nvmt_iow_ns(ctrl, s->nsid);
	if (!ns || !ns->lba_size) {
		*bad = NVMETEST_IOW_FIELD_NSID;
		return -EINVAL;
	}
	w->lba_size = ns->lba_size;
	w->unit = ns->lba_size + (ns->extended ? ns->ms : 0);
	gns.nsze = ns->nsze;
	gns.lba_bytes = ns->lba_size;
	gns.max_nlb = min_t(u32, nvmt_ctrl_max_xfer(ctrl) / w->unit, 65536);
	if (!gns.max_nlb || !gns.nsze) {
		*bad = NVMETEST_IOW_FIELD_NSID;
		return -EINVAL;
	}

	cap = lo_hi_readq(ctrl->bar + NVME_REG_CAP);
	if (s->qdepth > NVME_CAP_MQES(cap)) {
		*bad = NVMETEST_IOW_FIELD_QDEPTH;
		return -EINVAL;
	}
	/* Polled irq mode: every worker polls. */
	w->polled = (s->flags & NVMETEST_IOW_POLLED) ||
		    ctrl->irq_mode == NVMETEST_IRQ_NONE;
	if (w->polled ? s->vector != 0 : s->vector >= ctrl->nr_vectors) {
		*bad = NVMETEST_IOW_FIELD_VECTOR;
		return -EINVAL;
	}

	seed = s->seed;
	while (!seed)
		seed = get_random_u64();
	ret = nvmt_gen_init(&w->gen, s, &gns, seed, bad);
	if (ret)
		return ret;
	nvmt_rng_seed(&w->data_rng, seed ^ 0x9e3779b97f4a7c15ULL);
	if (w->replay) {
		if (nvmt_iow_replay_ops(w, &gns, &max_nlb)) {
			*bad = NVMETEST_IOW_FIELD_REPLAY;
			return -EINVAL;
		}
	} else {
		w->nr_ops = w->gen.nr_ops;
		memcpy(w->opcodes, w->gen.opcodes, sizeof(w->opcodes));
		for (i = 0; i < w->gen.nr_sizes; i++)
			max_nlb = max(max_nlb, w->gen.nlbs[i]);
	}
	ret = nvmt_iow_pick_qid(ctrl, s->qid, &qid, bad);
	if (ret)
		return ret;

	w->res.seed = seed;
	w->res.nr_ops = w->nr_ops;
	for (i = 0; i < w->nr_ops; i++)
		w->res.op[i].opcode = w->opcodes[i];
	w->timeout_ns = (u64)(s->io_timeout_ms ?:
			      READ_ONCE(nvmt_admin_timeout_ms)) * NSEC_PER_MSEC;
	if (s->time_ms)
		w->nr_secs = min_t(u64, div_u64(s->time_ms, 1000) + 2,
				   NVMT_IOW_SECONDS_MAX);
	else
		w->nr_secs = NVMT_IOW_SECONDS_MAX;
	w->hist = kvcalloc((size_t)w->nr_ops * NVMETEST_HIST_BUCKETS,
			   sizeof(u64), GFP_KERNEL);
	w->iops = kvcalloc(w->nr_secs, sizeof(u32), GFP_KERNEL);
	w->free_ios = kvcalloc(s->qdepth, sizeof(u32), GFP_KERNEL);
	if (!w->hist || !w->iops || !w->free_ios)
		return -ENOMEM;
	for (i = 0; i < s->qdepth; i++)
		w->free_ios[i] = s->qdepth - 1 - i;
	w->nr_free = s->qdepth;

	if (ns->ms && !ns->extended)
		meta_len = max_nlb * ns->ms;
	/*
	 * Every slot has a buffer for the largest IO: bound the total, so a
	 * deep queue of big IOs is a clear error, not an exhausted host.
	 */
	if ((u64)s->qdepth * (round_up(max_nlb * w->unit, PAGE_SIZE) + meta_len) >
	    (u64)READ_ONCE(nvmt_iow_mem_mb) << 20) {
		dev_notice(&ctrl->dev, "ioworker: qdepth %u x %u-byte IOs is over ioworker_mem_mb (%u MiB)\n",
			   s->qdepth, max_nlb * w->unit, READ_ONCE(nvmt_iow_mem_mb));
		*bad = NVMETEST_IOW_FIELD_QDEPTH;
		return -EINVAL;
	}
	w->mem = nvmt_iowmem_alloc(ctrl, w, max_nlb * w->unit, meta_len, &ret);
	if (!w->mem)
		return ret;

	qflags = w->polled ? NVMETEST_CQ_NO_IEN : 0;
	ret = nvmt_ioq_create_cq(ctrl, file, w, qid, s->qdepth + 1,
				 w->polled ? 0 : s->vector, qflags, &status,
				 &w->cq);
	if (!ret && status)
		ret = -EIO;
	if (ret)
		goto out_status;
	ret = nvmt_ioq_create_sq(ctrl, file, w, qid, qid, s->qdepth + 1, 0, 0,
				 0, &status, &w->sq);
	if (!ret && status)
		ret = -EIO;
	if (ret)
		goto out_cq;
	nvmt_sq_hold(w->sq);
	w->mem->sq = w->sq;
	/* An IV without a handler (cannot happen after the checks): poll. */
	if (!w->cq->on_vector)
		w->polled = true;
	return 0;

out_cq:
	nvmt_ioq_worker_release(ctrl, NULL, w->cq);
	w->cq = NULL;
out_status:
	if (ret == -EIO)
		dev_notice(&ctrl->dev, "ioworker: creating queue %u failed with status 0x%x\n",
			   qid, status);
	nvmt_iowmem_free(w->mem);
	w->mem = NULL;
	return ret;
}

int nvmt_ioctl_iow_start(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp)
{
	struct nvmetest_ioworker_spec __user *uspec = argp;
	struct task_struct *task;
	struct nvmt_iow *w;
	u32 bad = NVMETEST_IOW_FIELD_NONE;
	int ret;

	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_op) != NVMETEST_IOWORKER_OP_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_size) != NVMETEST_IOWORKER_SIZE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_replay) != NVMETEST_IOWORKER_REPLAY_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_spec) != NVMETEST_IOWORKER_SPEC_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_opstat) != NVMETEST_IOWORKER_OPSTAT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_result) != NVMETEST_IOWORKER_RESULT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_ctl) != NVMETEST_IOWORKER_CTL_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_list) != NVMETEST_IOWORKER_LIST_SIZE);

	w = kvzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	kref_init(&w->ref);
	INIT_LIST_HEAD(&w->node);
	init_completion(&w->exited);
	spin_lock_init(&w->stat_lock);
	w->ctrl = ctrl;
	w->file = file;
	if (copy_from_user(&w->spec, uspec, sizeof(w->spec))) {
		ret = -EFAULT;
		goto out_free;
	}
	ret = nvmt_iow_check_spec(&w->spec, &bad);
	if (ret)
		goto out_free;
	if (w->spec.replay) {
		w->replay = kvmalloc_array(w->spec.nr_replay,
					   sizeof(*w->replay), GFP_KERNEL);
		if (!w->replay) {
			ret = -ENOMEM;
			goto out_free;
		}
		if (copy_from_user(w->replay, u64_to_user_ptr(w->spec.replay),
				   (size_t)w->spec.nr_replay *
				   sizeof(*w->replay))) {
			ret = -EFAULT;
			goto out_free;
		}
	}

	ret = nvmt_sm_enter(ctrl);
	if (ret)
		goto out_free;
	if (ctrl->state != NVMETEST_STATE_ENABLED) {
		ret = -ENXIO;
		goto out_exit;
	}
	ret = nvmt_iow_setup(ctrl, file, w, &bad);
	if (ret)
		goto out_exit;

	spin_lock(&ctrl->iow_lock);
	w->id = ctrl->iow_next_id++;
	if (!ctrl->iow_next_id)
		ctrl->iow_next_id = 1;
	spin_unlock(&ctrl->iow_lock);
	task = kthread_create(nvmt_iow_thread, w, "nvmt%d-iow%u",
			      ctrl->instance, w->id);
	if (IS_ERR(task)) {
		ret = PTR_ERR(task);
		nvmt_ioq_worker_release(ctrl, w->sq, w->cq);
		nvmt_iowmem_put(w->mem);
		w->mem = NULL;
		goto out_exit;
	}
	if (w->spec.flags & NVMETEST_IOW_PIN_CPU)
		kthread_bind(task, w->spec.cpu);
	get_task_struct(task);
	w->task = task;
	w->mem->task = task;
	w->res.id = w->id;
	w->res.nsid = w->spec.nsid;
	w->res.sqid = w->sq->qid;
	w->res.cqid = w->cq->qid;
	w->res.qdepth = w->spec.qdepth;
	w->res.cpu = w->spec.flags & NVMETEST_IOW_PIN_CPU ? w->spec.cpu : 0;
	spin_lock(&ctrl->iow_lock);
	list_add_tail(&w->node, &ctrl->iows);
	spin_unlock(&ctrl->iow_lock);
	nvmt_sm_exit(ctrl);
	wake_up_process(task);

	/* The record is the file's now; the outputs go to the caller. */
	if (put_user(w->res.id, &uspec->id) ||
	    put_user(w->res.sqid, &uspec->sqid) ||
	    put_user(w->res.cqid, &uspec->cqid) ||
	    put_user(NVMETEST_IOW_FIELD_NONE, &uspec->bad_field))
		return -EFAULT;
	return 0;

out_exit:
	nvmt_sm_exit(ctrl);
out_free:
	if (ret == -EINVAL && bad != NVMETEST_IOW_FIELD_NONE &&
	    put_user(bad, &uspec->bad_field))
		ret = -EFAULT;
	nvmt_iow_put(w);
	return ret;
}

/* ---- STOP, WAIT, RESULT, LIST ---- */

static int nvmt_iow_ctl_in(struct nvmetest_ioworker_ctl *c, void __user *argp)
{
	if (copy_from_user(c, argp, sizeof(*c)))
		return -EFAULT;
	if (c->rsvd0 || c->rsvd[0] || c->rsvd[1])
		return -EINVAL;
	return 0;
}

int nvmt_ioctl_iow_stop(struct nvmt_ctrl *ctrl, struct file *file,
			void __user *argp)
{
	struct nvmetest_ioworker_ctl c;
	struct nvmt_iow *w;
	bool found = false;
	int ret;

	ret = nvmt_iow_ctl_in(&c, argp);
	if (ret)
		return ret;
	if (c.timeout_ms)
		return -EINVAL;
	c.running = 0;
	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node) {
		if (w->file != file || (c.id && w->id != c.id))
			continue;
		found = true;
		if (!nvmt_iow_running(w))
			continue;
		c.running++;
		if (!READ_ONCE(w->stop_reason))
			nvmt_iow_stop(w, NVMETEST_IOW_END_STOPPED);
	}
	spin_unlock(&ctrl->iow_lock);
	if (c.id && !found)
		return -ENOENT;
	if (copy_to_user(argp, &c, sizeof(c)))
		return -EFAULT;
	return 0;
}

int nvmt_ioctl_iow_wait(struct nvmt_ctrl *ctrl, struct file *file,
			void __user *argp)
{
	struct nvmt_iow *ws[NVMETEST_IOW_MAX_PER_FILE];
	unsigned long deadline = 0;
	struct nvmetest_ioworker_ctl c;
	struct nvmt_iow *w;
	u32 n = 0, i;
	long left;
	int ret;

	ret = nvmt_iow_ctl_in(&c, argp);
	if (ret)
		return ret;
	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node) {
		if (w->file != file || (c.id && w->id != c.id))
			continue;
		if (n == ARRAY_SIZE(ws))
			break;
		kref_get(&w->ref);
		ws[n++] = w;
	}
	spin_unlock(&ctrl->iow_lock);
	if (c.id && !n)
		return -ENOENT;

	if (c.timeout_ms != NVMETEST_IOW_WAIT_FOREVER)
		deadline = jiffies + msecs_to_jiffies(c.timeout_ms);
	for (i = 0; i < n && c.timeout_ms; i++) {
		if (c.timeout_ms == NVMETEST_IOW_WAIT_FOREVER) {
			ret = wait_event_interruptible(ctrl->iow_wq,
						       !nvmt_iow_running(ws[i]));
			if (ret)
				break;
			continue;
		}
		left = (long)(deadline - jiffies);
		if (left <= 0)
			break;
		left = wait_event_interruptible_timeout(ctrl->iow_wq,
							!nvmt_iow_running(ws[i]),
							left);
		if (left < 0) {
			/*
			 * -ERESTARTSYS: a signal (the caller sees -EINTR
			 * unless its handler restarts calls) or task work
			 * (io_uring completions of this thread), after which
			 * the ioctl is restarted transparently.
			 */
			ret = left;
			break;
		}
	}
	c.running = 0;
	for (i = 0; i < n; i++) {
		c.running += nvmt_iow_running(ws[i]);
		nvmt_iow_put(ws[i]);
	}
	if (!ret && c.running && c.timeout_ms)
		ret = -ETIMEDOUT;
	if ((!ret || ret == -ETIMEDOUT) && copy_to_user(argp, &c, sizeof(c)))
		ret = -EFAULT;
	return ret;
}

int nvmt_ioctl_iow_result(struct nvmt_ctrl *ctrl, struct file *file,
			  void __user *argp)
{
	struct nvmetest_ioworker_result *r;	/* too big for the stack */
	struct nvmt_iow *w;
	u64 *hist = NULL;
	u32 *iops = NULL;
	size_t hist_len = 0;
	u32 want, nsec = 0;
	bool done;
	int ret = 0;

	r = memdup_user(argp, sizeof(*r));
	if (IS_ERR(r))
		return PTR_ERR(r);
	if (r->flags_in & ~NVMETEST_IOW_RESULT_RELEASE ||
	    (r->nr_seconds && !r->iops)) {
		ret = -EINVAL;
		goto out_r;
	}
	w = nvmt_iow_get(ctrl, file, r->id);
	if (!w) {
		ret = -ENOENT;
		goto out_r;
	}
	done = !nvmt_iow_running(w);
	if ((r->flags_in & NVMETEST_IOW_RESULT_RELEASE) && !done) {
		ret = -EBUSY;
		goto out_put;
	}
	want = r->iops ? r->nr_seconds : 0;
	if (r->hist) {
		hist_len = (size_t)w->nr_ops * NVMETEST_HIST_BUCKETS * sizeof(u64);
		hist = kvmalloc(hist_len, GFP_KERNEL);
	}
	if (want)
		iops = kvmalloc_array(min(want, w->nr_secs), sizeof(u32),
				      GFP_KERNEL);
	if ((r->hist && !hist) || (want && !iops)) {
		ret = -ENOMEM;
		goto out_free;
	}

	spin_lock(&w->stat_lock);
	{
		u64 hist_in = r->hist, iops_in = r->iops;
		u32 flags_in = r->flags_in;

		*r = w->res;
		r->hist = hist_in;
		r->iops = iops_in;
		r->flags_in = flags_in;
	}
	if (hist)
		memcpy(hist, w->hist, hist_len);
	nsec = min(want, r->seconds);
	if (nsec)
		memcpy(iops, w->iops, nsec * sizeof(u32));
	spin_unlock(&w->stat_lock);

	r->nr_seconds = nsec;
	r->state = done ? NVMETEST_IOW_DONE : NVMETEST_IOW_RUNNING;
	if (!done) {
		r->end_reason = NVMETEST_IOW_END_NONE;
		r->elapsed_ns = r->start_ns ? ktime_get_ns() - r->start_ns : 0;
	}
	if ((hist && copy_to_user(u64_to_user_ptr(r->hist), hist, hist_len)) ||
	    (nsec && copy_to_user(u64_to_user_ptr(r->iops), iops,
				  nsec * sizeof(u32))) ||
	    copy_to_user(argp, r, sizeof(*r))) {
		ret = -EFAULT;
		goto out_free;
	}
	if (r->flags_in & NVMETEST_IOW_RESULT_RELEASE) {
		spin_lock(&ctrl->iow_lock);
		if (!list_empty(&w->node)) {
			list_del_init(&w->node);
			spin_unlock(&ctrl->iow_lock);
			nvmt_iow_put(w);	/* the list's */
		} else {
			spin_unlock(&ctrl->iow_lock);
		}
	}
out_free:
	kvfree(hist);
	kvfree(iops);
out_put:
	nvmt_iow_put(w);
out_r:
	kfree(r);
	return ret;
}

int nvmt_ioctl_iow_list(struct nvmt_ctrl *ctrl, struct file *file,
			void __user *argp)
{
	u32 ids[NVMETEST_IOW_MAX_PER_FILE];
	struct nvmetest_ioworker_list l;
	struct nvmt_iow *w;
	u32 n = 0;

	if (copy_from_user(&l, argp, sizeof(l)))
		return -EFAULT;
	if (l.rsvd0 || l.rsvd[0] || l.rsvd[1] || (l.count && !l.ids))
		return -EINVAL;
	l.total = 0;
	l.running = 0;
	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node) {
		if (w->file != file)
			continue;
		if (n < min_t(u32, l.count, ARRAY_SIZE(ids)))
			ids[n++] = w->id;
		l.total++;
		l.running += nvmt_iow_running(w);
	}
	spin_unlock(&ctrl->iow_lock);
	l.count = n;
	if (n && copy_to_user(u64_to_user_ptr(l.ids), ids, n * sizeof(u32)))
		return -EFAULT;
	if (copy_to_user(argp, &l, sizeof(l)))
		return -EFAULT;
	return 0;
}

/* ---- file release, remove ---- */

/**
 * nvmt_iow_release_file - a file is closed: end its workers, free them
 * @ctrl:	the controller
 * @file:	the file
 *
 * Before nvmt_ioq_release_file(). No lock held: the workers take
 * state_mutex to delete their queues.
 */
void nvmt_iow_release_file(struct nvmt_ctrl *ctrl, struct file *file)
{
	struct nvmt_iow *w;

	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node) {
		if (w->file != file || !nvmt_iow_running(w))
			continue;
		WRITE_ONCE(w->hurry, true);
		nvmt_iow_stop(w, READ_ONCE(w->stop_reason) ?:
				 NVMETEST_IOW_END_STOPPED);
	}
	spin_unlock(&ctrl->iow_lock);
	for (;;) {
		spin_lock(&ctrl->iow_lock);
		w = NULL;
		list_for_each_entry(w, &ctrl->iows, node)
			if (w->file == file)
				break;
		if (list_entry_is_head(w, &ctrl->iows, node)) {
			spin_unlock(&ctrl->iow_lock);
			break;
		}
		list_del_init(&w->node);
		spin_unlock(&ctrl->iow_lock);
		wait_event_idle(ctrl->iow_wq, !nvmt_iow_running(w));
		nvmt_iow_put(w);
	}
}

/**
 * nvmt_iow_remove - the device goes: end every worker, keep the records
 * @ctrl:	the controller, after nvmt_ctrl_teardown() (its queues are
 *		gone, removing is set) and before remove takes ctrl->lock
 *		for write; no lock held
 */
void nvmt_iow_remove(struct nvmt_ctrl *ctrl)
{
	struct nvmt_iow *w, *found;

	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node)
		if (nvmt_iow_running(w))
			nvmt_iow_stop(w, NVMETEST_IOW_END_REMOVED);
	spin_unlock(&ctrl->iow_lock);
	for (;;) {
		found = NULL;
		spin_lock(&ctrl->iow_lock);
		list_for_each_entry(w, &ctrl->iows, node) {
			if (nvmt_iow_running(w)) {
				kref_get(&w->ref);
				found = w;
				break;
			}
		}
		spin_unlock(&ctrl->iow_lock);
		if (!found)
			break;
		wait_event_idle(ctrl->iow_wq, !nvmt_iow_running(found));
		nvmt_iow_put(found);
	}
}
