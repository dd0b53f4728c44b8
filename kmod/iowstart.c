// SPDX-License-Identifier: GPL-2.0-only
/*
 * iowstart.c: NVMETEST_IOC_IOWORKER_START (iow.h): the spec's own checks,
 * then under state_mutex the record's setup from the spec and the
 * namespace (generator or replay), its result tables, the slots' memory
 * and the worker's queue pair, and the thread's start.
 */
#include <linux/cpumask.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iow.h"

/* The per-second table of a run without a time limit: one day. */
#define NVMT_IOW_SECONDS_MAX	86400
#define NVMT_IOW_TIMEOUT_MAX_MS	3600000U

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

/*
 * The record's constant part from the spec and the namespace, and the
 * generator. state_mutex held. Return: 0 with *@buf_len and *@meta_len
 * the memory one IO slot needs, or an errno (*@bad set on -EINVAL).
 */
static int nvmt_iow_plan(struct nvmt_ctrl *ctrl, struct nvmt_iow *w,
			 u32 *buf_len, u32 *meta_len, u32 *bad)
{
	struct nvmetest_ioworker_spec *s = &w->spec;
	const struct nvmetest_ns_info *ns;
	struct nvmt_gen_ns gns;
	u32 max_nlb = 1, i;
	u64 cap, seed;
	int ret;

	ns = nvmt_ns_find(ctrl, s->nsid);
	if (!ns || !ns->lba_size) {
		*bad = NVMETEST_IOW_FIELD_NSID;
		return -EINVAL;
	}
	w->lba_size = ns->lba_size;
	w->unit = nvmt_ns_unit(ns);
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
	*buf_len = max_nlb * w->unit;
	*meta_len = ns->ms && !ns->extended ? max_nlb * ns->ms : 0;
	return 0;
}

/* The result's histograms and per-second table, the free slot stack. */
static int nvmt_iow_tables(struct nvmt_iow *w)
{
	u32 i, n = w->spec.qdepth;

	w->hist = kvcalloc((size_t)w->nr_ops * NVMETEST_HIST_BUCKETS,
			   sizeof(u64), GFP_KERNEL);
	w->iops = kvcalloc(w->nr_secs, sizeof(u32), GFP_KERNEL);
	w->free_ios = kvcalloc(n, sizeof(u32), GFP_KERNEL);
	if (!w->hist || !w->iops || !w->free_ios)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		w->free_ios[i] = n - 1 - i;
	w->nr_free = n;
	return 0;
}

/*
 * The slots' memory. Every slot has a buffer for the largest IO: the
 * total is bounded, so a deep queue of big IOs is a clear error, not an
 * exhausted host.
 */
static int nvmt_iow_mem(struct nvmt_ctrl *ctrl, struct nvmt_iow *w,
			u32 buf_len, u32 meta_len, u32 *bad)
{
	u32 n = w->spec.qdepth, mb = READ_ONCE(nvmt_iow_mem_mb);
	int ret;

	if ((u64)n * (round_up(buf_len, PAGE_SIZE) + meta_len) > (u64)mb << 20) {
		dev_notice(&ctrl->dev, "ioworker: qdepth %u x %u-byte IOs is over ioworker_mem_mb (%u MiB)\n",
			   n, buf_len, mb);
		*bad = NVMETEST_IOW_FIELD_QDEPTH;
		return -EINVAL;
	}
	w->mem = nvmt_iowmem_alloc(ctrl, w, buf_len, meta_len, &ret);
	return w->mem ? 0 : ret;
}

/* The worker's CQ and SQ, both @qid. Return: 0, or an errno with none. */
static int nvmt_iow_queues(struct nvmt_ctrl *ctrl, struct file *file,
			   struct nvmt_iow *w, u16 qid)
{
	struct nvmetest_ioworker_spec *s = &w->spec;
	u32 qflags = w->polled ? NVMETEST_CQ_NO_IEN : 0;
	u16 status;
	int ret;

	ret = nvmt_ioq_create_cq(ctrl, file, w, qid, s->qdepth + 1,
				 w->polled ? 0 : s->vector, qflags, NULL,
				 &status, &w->cq);
	if (!ret && status)
		ret = -EIO;
	if (ret)
		goto out_status;
	ret = nvmt_ioq_create_sq(ctrl, file, w, qid, qid, s->qdepth + 1, 0, 0,
				 0, NULL, &status, &w->sq);
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
	return ret;
}

/*
 * The device-dependent checks, the memory and the queues; state_mutex
 * held, state ENABLED. Return: 0 with w->sq/cq/mem set, or an errno
 * (*@bad set on -EINVAL) with nothing of the worker left on the device.
 */
static int nvmt_iow_setup(struct nvmt_ctrl *ctrl, struct file *file,
			  struct nvmt_iow *w, u32 *bad)
{
	u32 buf_len, meta_len;
	u16 qid;
	int ret;

	if (nvmt_iow_file_count(ctrl, file) >= NVMETEST_IOW_MAX_PER_FILE)
		return -ENOSPC;
	ret = nvmt_iow_plan(ctrl, w, &buf_len, &meta_len, bad);
	if (ret)
		return ret;
	ret = nvmt_iow_pick_qid(ctrl, w->spec.qid, &qid, bad);
	if (ret)
		return ret;
	ret = nvmt_iow_tables(w);
	if (ret)
		return ret;
	ret = nvmt_iow_mem(ctrl, w, buf_len, meta_len, bad);
	if (ret)
		return ret;
	ret = nvmt_iow_queues(ctrl, file, w, qid);
	if (ret) {
		nvmt_iowmem_free(w->mem);
		w->mem = NULL;
	}
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
