// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd.c: a command userspace sends (NVMETEST_IOC_CMD, and through
 * uring.c io_uring): checking the user's fields, the admin opcodes that
 * are refused, finding the queue, what the SQE implies the device will
 * move (core/xfer.c), and what the driver learns from an admin
 * command that completed. The request itself (memory, PRPs, submission,
 * waiting, ownership) is req.c's.
 */
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nvmetest.h"
#include "req.h"

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
	/* from here it may reach the device */
	nvmt_verify_admin_sent(ctrl, c);
	return 0;
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
void nvmt_cmd_admin_done(struct nvmt_ctrl *ctrl,
			 const struct nvme_command *cmd,
			 const struct nvme_completion *cqe)
{
	nvmt_cmd_snoop(ctrl, cmd, cqe);
	if (!(le16_to_cpu(cqe->status) >> 1))
		nvmt_verify_admin_done(ctrl, cmd);
}

/*
 * What the command will move (core/xfer.c), so how much memory DPTR
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
int nvmt_cmd_prepare(struct nvmt_ctrl *ctrl, const struct nvmetest_cmd *uc,
		     struct nvmt_sq **qp, struct nvmt_req **reqp,
		     struct nvme_command *cmd, bool nowait)
{
	struct nvmt_sq *q = &ctrl->aq;
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
		/* A raw SQ's entries are the tester's, never the driver's. */
		if (q->raw) {
			nvmt_sq_put(q);
			return -ENXIO;
		}
	}

	memcpy(cmd, uc->sqe, sizeof(*cmd));
	req = nvmt_req_alloc(ctrl);
	if (!req) {
		ret = -ENOMEM;
		goto out_put;
	}
	req->q = q;
	req->qid = q->qid;
	req->dir = nvmt_req_dma_dir(cmd->common.opcode);
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

void nvmt_cmd_put_queue(struct nvmt_sq *q)
{
	if (q->qid)
		nvmt_sq_put(q);
}

int nvmt_ioctl_cmd(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_cmd uc;
	struct nvme_completion cqe;
	struct nvme_command cmd;
	struct nvmt_sq *q;
	struct nvmt_req *req;
	u32 wait_status, timeout_ms;
	bool polled, own;
	int ret;

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
