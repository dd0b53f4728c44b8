// SPDX-License-Identifier: GPL-2.0-only
/*
 * aer.c: Asynchronous Event Requests the driver keeps outstanding
 * (NVMETEST_IOC_AER_CONFIG) and the ring their completions go to
 * (NVMETEST_IOC_EVENTS). An AER occupies an admin CID whose end
 * callback is nvmt_aer_end_locked(); when it completes successfully the
 * driver sends a new
 * one from the completion path, so the device always has
 * ctrl->aer_wanted of them. A reset resubmits them (ctrl.c).
 */
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nvmetest.h"

static void nvmt_aer_end_locked(struct nvmt_sq *q, void *priv,
				const struct nvme_completion *cqe,
				u32 host_status, bool device_done);

/**
 * nvmt_aer_submit_locked - top up the outstanding AERs to aer_wanted
 * @q:	the admin queue, lock held
 *
 * Stops quietly when the queue is not live or full: the next completion
 * or reset tries again.
 */
void nvmt_aer_submit_locked(struct nvmt_sq *q)
{
	struct nvmt_ctrl *ctrl = q->ctrl;
	struct nvme_command c;

	lockdep_assert_held(&q->cq->lock);
	while (ctrl->aer_outstanding < ctrl->aer_wanted) {
		memset(&c, 0, sizeof(c));
		c.common.opcode = nvme_admin_async_event;
		if (nvmt_sq_submit_locked(q, &c, nvmt_aer_end_locked, NULL,
					  NULL) < 0)
			break;
		ctrl->aer_outstanding++;
	}
}

static void nvmt_event_push(struct nvmt_ctrl *ctrl,
			    const struct nvme_completion *cqe)
{
	struct nvmetest_event *ev;

	spin_lock(&ctrl->event_lock);
	ev = nvmt_ring_push(&ctrl->events);
	if (ev) {
		ev->time_ns = ktime_get_ns();
		ev->seq = ctrl->ev_seq;
		ev->dw0 = le32_to_cpu(cqe->result.u32);
		ev->status = le16_to_cpu(cqe->status) >> 1;
		ev->rsvd = 0;
	}
	/* Lost events use up their number too: a gap shows the loss. */
	ctrl->ev_seq++;
	spin_unlock(&ctrl->event_lock);
}

/*
 * An AER ended (the slot's end callback): the admin queue's lock held,
 * the slot free already. An abort only counts it gone once the device
 * is stopped; a completion pushes the event and resends a successful one.
 */
static void nvmt_aer_end_locked(struct nvmt_sq *q, void *priv,
				const struct nvme_completion *cqe,
				u32 host_status, bool device_done)
{
	struct nvmt_ctrl *ctrl = q->ctrl;
	u16 status;

	if (!cqe) {
		if (device_done)
			ctrl->aer_outstanding--;
		return;
	}
	status = le16_to_cpu(cqe->status) >> 1;
	ctrl->aer_outstanding--;
	nvmt_event_push(ctrl, cqe);
	dev_info(&ctrl->dev, "asynchronous event: dw0 0x%08x status 0x%x\n",
		 le32_to_cpu(cqe->result.u32), status);
	/*
	 * An error (e.g. Asynchronous Event Request Limit Exceeded) would
	 * come back at once if resent: only a success is replaced.
	 */
	if (!status)
		nvmt_aer_submit_locked(q);
}

int nvmt_ioctl_aer_config(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_aer_config ac;
	struct nvmt_sq *q = &ctrl->aq;
	unsigned long flags;
	u32 limit;
	int ret;

	if (copy_from_user(&ac, argp, sizeof(ac)))
		return -EFAULT;
	if (ac.rsvd0 || ac.rsvd[0] || ac.rsvd[1] || ac.count > NVMT_AER_MAX)
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	/* AERL is 0's based; unknown until CTRL_INIT identified. */
	limit = ctrl->identified ? ctrl->aerl + 1 : NVMT_AER_MAX;
	if (ac.count > limit) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (ctrl->state != NVMETEST_STATE_ENABLED) {
		ret = -ENXIO;
		goto out_unlock;
	}
	spin_lock_irqsave(&q->cq->lock, flags);
	ctrl->aer_wanted = ac.count;
	nvmt_aer_submit_locked(q);
	if (ctrl->aer_outstanding < ctrl->aer_wanted)
		ret = -EBUSY;
	spin_unlock_irqrestore(&q->cq->lock, flags);
out_unlock:
	nvmt_sm_exit(ctrl);
	return ret;
}

int nvmt_ioctl_events(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_events es;
	struct nvmetest_event *evs = NULL;
	unsigned long flags;
	u32 n;
	int ret;

	if (copy_from_user(&es, argp, sizeof(es)))
		return -EFAULT;
	if (es.rsvd[0] || es.rsvd[1] || es.lost || (es.count && !es.events))
		return -EINVAL;
	n = min_t(u32, es.count, NVMT_EVENT_RING);
	if (n && !access_ok(u64_to_user_ptr(es.events), n * sizeof(*evs)))
		return -EFAULT;
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	if (n) {
		evs = kcalloc(n, sizeof(*evs), GFP_KERNEL);
		if (!evs) {
			ret = -ENOMEM;
			goto out_exit;
		}
	}

	/* Polled: nobody else may have looked at the admin CQ lately. */
	if (READ_ONCE(ctrl->irq_mode) == NVMETEST_IRQ_NONE)
		nvmt_cq_reap(&ctrl->acq);

	spin_lock_irqsave(&ctrl->event_lock, flags);
	n = nvmt_ring_read(&ctrl->events, evs, n, true);
	es.lost = ctrl->events.lost;
	ctrl->events.lost = 0;
	spin_unlock_irqrestore(&ctrl->event_lock, flags);
	es.count = n;

	if (n && copy_to_user(u64_to_user_ptr(es.events), evs,
			      n * sizeof(*evs)))
		ret = -EFAULT;
	kfree(evs);
out_exit:
	nvmt_ctrl_exit(ctrl);
	if (!ret && copy_to_user(argp, &es, sizeof(es)))
		ret = -EFAULT;
	return ret;
}
