// SPDX-License-Identifier: GPL-2.0-only
/*
 * iowthread.c: the IOWorker thread (iow.h): it takes IOs from the
 * generator or the replay, paces them, submits them in doorbell batches,
 * collects what the end callback handed back, accounts latency, errors
 * and the per-second table, checks timeouts and the data it read, and at
 * the end deletes its queues and lets go of its memory.
 */
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "core/hist.h"
#include "iow.h"

/* How often the thread looks for timed out IOs and updates cpu_ns. */
#define NVMT_IOW_CHECK_NS	(10 * NSEC_PER_MSEC)
/* Polled: spin this long without a completion before sleeping a little. */
#define NVMT_IOW_SPIN_NS	(100 * NSEC_PER_USEC)
#define NVMT_IOW_POLL_SLEEP_NS	(20 * NSEC_PER_USEC)

static bool nvmt_iow_moves_data(u8 opcode)
{
	switch (opcode) {
	case nvme_cmd_flush:
	case nvme_cmd_dsm:
	case nvme_cmd_write_zeroes:
	case nvme_cmd_write_uncor:
	case nvme_cmd_verify:
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
			prp2 = m->prp.guard_dma;
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
		/*
		 * Never sent: the range goes, and the LBAs keep both
		 * candidates until a read finds the old data.
		 */
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

/*
 * The controller took the queue away: which end that is. @host_status is
 * an aborted IO's, or OK when a submission found the queue not live (what
 * stopped it tells then).
 */
static u32 nvmt_iow_gone_reason(struct nvmt_iow *w, u32 host_status)
{
	if (host_status == NVMETEST_HOST_OK)
		host_status = READ_ONCE(w->ctrl->stop_status);
	if (host_status == NVMETEST_HOST_DEVICE_GONE ||
	    READ_ONCE(w->ctrl->removing))
		return NVMETEST_IOW_END_REMOVED;
	if (host_status == NVMETEST_HOST_ABORTED_PCI_RESET)
		return NVMETEST_IOW_END_PCI_RESET;
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

int nvmt_iow_thread(void *arg)
{
	struct nvmt_iow *w = arg;

	nvmt_iow_run(w);
	nvmt_iow_finish(w);
	/* The record stays until @exited: its file holds the controller. */
	smp_store_release(&w->finished, true);
	wake_up_all(&w->ctrl->iow_wq);
	kthread_complete_and_exit(&w->exited, 0);
}
