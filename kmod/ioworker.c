// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioworker.c: IOWorkers (NVMETEST_IOC_IOWORKER_*): kernel threads that
 * generate IO on an IO queue pair of their own and keep fio-grade
 * statistics. iow.h describes the objects and the files; this one holds
 * the records' lifetime (struct nvmt_iow), STOP, WAIT, RESULT and LIST,
 * and what file release and remove do to the workers. START is
 * iowstart.c.
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "iow.h"

void nvmt_iow_init(struct nvmt_ctrl *ctrl)
{
	spin_lock_init(&ctrl->iow_lock);
	INIT_LIST_HEAD(&ctrl->iows);
	init_waitqueue_head(&ctrl->iow_wq);
	ctrl->iow_next_id = 1;
}

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

void nvmt_iow_put(struct nvmt_iow *w)
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

/* The records @file has, running or not. */
u32 nvmt_iow_file_count(struct nvmt_ctrl *ctrl, struct file *file)
{
	struct nvmt_iow *w;
	u32 n = 0;

	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node)
		n += w->file == file;
	spin_unlock(&ctrl->iow_lock);
	return n;
}

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

static bool nvmt_iow_of_file(struct nvmt_iow *w, const void *file)
{
	return w->file == file;
}

static bool nvmt_iow_is_running(struct nvmt_iow *w, const void *unused)
{
	return nvmt_iow_running(w);
}

/*
 * The first worker on the list that @match picks, once its thread has
 * ended, with a reference for the caller; NULL when there is none. No
 * lock held.
 */
static struct nvmt_iow *nvmt_iow_wait_first(struct nvmt_ctrl *ctrl,
					    bool (*match)(struct nvmt_iow *w,
							  const void *key),
					    const void *key)
{
	struct nvmt_iow *w, *found = NULL;

	spin_lock(&ctrl->iow_lock);
	list_for_each_entry(w, &ctrl->iows, node) {
		if (match(w, key)) {
			kref_get(&w->ref);
			found = w;
			break;
		}
	}
	spin_unlock(&ctrl->iow_lock);
	if (found)
		wait_event_idle(ctrl->iow_wq, !nvmt_iow_running(found));
	return found;
}

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
		struct nvmt_iow *found;
		bool listed;

		/*
		 * Off the list only once the thread is done: until then it
		 * may still free DMA memory, and remove, which waits for the
		 * running workers on the list, must wait for it before the
		 * PRP pools and the pci_dev go.
		 */
		found = nvmt_iow_wait_first(ctrl, nvmt_iow_of_file, file);
		if (!found)
			break;
		spin_lock(&ctrl->iow_lock);
		listed = !list_empty(&found->node);
		list_del_init(&found->node);
		spin_unlock(&ctrl->iow_lock);
		if (listed)
			nvmt_iow_put(found);	/* the list's */
		nvmt_iow_put(found);
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
	while ((found = nvmt_iow_wait_first(ctrl, nvmt_iow_is_running, NULL)))
		nvmt_iow_put(found);
}
