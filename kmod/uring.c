// SPDX-License-Identifier: GPL-2.0-only
/*
 * uring.c: io_uring: IORING_OP_URING_CMD with cmd_op NVMETEST_URING_CMD_IO
 * on /dev/nvmetestN. The same checks, mediation and request layer as CMD
 * (cmd.c, req.c); the command is submitted from the issue path, which
 * returns -EIOCBQUEUED, and the completion (interrupt handler, a poller, a reset, or the
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
 * CQE dword 0 in bits 31:0, dword 3 (CID, phase and status) in 63:32;
 * for a command the host ended (no CQE), its host status, which names
 * what ended it (ABI 1.10).
 */
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "nvmetest.h"
#include "req.h"

static void nvmt_uring_task_cb(struct io_uring_cmd *ioucmd,
			       unsigned int issue_flags);

/* The request ended for its submitter (req.c calls it under the lock). */
static void nvmt_uring_notify(struct nvmt_req *req)
{
	io_uring_cmd_complete_in_task(req->ioucmd, nvmt_uring_task_cb);
}

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
	struct nvmt_sq *q = req->q;
	struct nvmt_ctrl *ctrl = req->ctrl;
	struct nvme_completion cqe = { };
	u32 host_status, over_data, over_meta;
	bool own, over = false;
	u64 res2 = 0, latency;
	ssize_t res;

	del_timer_sync(&req->timer);
	if (!nvmt_uring_claim(ctrl, req)) {
		/* Removed: its memory is gone, and with it any data. */
		if (req->polled_counted)
			atomic_dec(&ctrl->uring_polled);
		nvmt_req_free(req);
		nvmt_cmd_put_queue(q);
		io_uring_cmd_done(ioucmd,
				  nvmt_host_status_errno(NVMETEST_HOST_DEVICE_GONE),
				  NVMETEST_HOST_DEVICE_GONE, issue_flags);
		return;
	}
	/* The status is set: the task work runs only after it. */
	own = nvmt_req_handoff(q, req, NVMETEST_HOST_OK, &host_status, &cqe,
			       &latency);

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
	} else {
		res2 = host_status;
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
	struct nvmt_sq *q = req->q;
	unsigned long flags;

	spin_lock_irqsave(&q->cq->lock, flags);
	if (!req->status_set) {
		req->host_status = NVMETEST_HOST_TIMEOUT;
		req->status_set = true;
		nvmt_cmdlog_status_locked(q, req->seq, NVMETEST_HOST_TIMEOUT,
					  false);
		nvmt_uring_notify(req);
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
	nvmt_ioq_reap(ctrl, false);
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
	struct nvmt_sq *q;
	struct nvmt_req *req;
	u32 timeout_ms;
	bool polled;
	int ret;

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
	req->notify = nvmt_uring_notify;
	req->udata = u.addr;
	req->umeta = u.metadata;
	*(struct nvmt_req **)ioucmd->pdu = req;
	timer_setup(&req->timer, nvmt_req_timeout, 0);
	timeout_ms = u.timeout_ms ?: READ_ONCE(nvmt_admin_timeout_ms);
	req->timeout = msecs_to_jiffies(timeout_ms);
	polled = nvmt_sq_polled(q);
	req->polled_counted = polled;
	if (polled)
		atomic_inc(&ctrl->uring_polled);

	/* Before the submission: its task work may run at once. */
	spin_lock(&ctrl->uring_lock);
	list_add_tail(&req->uring_node, &ctrl->uring_reqs);
	spin_unlock(&ctrl->uring_lock);
	ret = nvmt_req_submit(q, req, &cmd, NULL);
	if (ret) {
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
