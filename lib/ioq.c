// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IO queues, namespaces and the command log through the driver's ioctls:
 * CQ_CREATE, SQ_CREATE, QUEUE_DELETE, QUEUE_LIST, NS_LIST and CMDLOG, the
 * queue-pair convenience on top, and the pure decoder of a command log
 * entry.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

/*
 * The outcome of an ioctl that carries a device status: the status when
 * the device refused (whether the driver then returns 0 or -EIO), else the
 * ioctl's own result. The message names the device, the step and the
 * status.
 */
static int with_status(struct nvmetest_dev *dev, int ret, uint16_t status,
		       const char *what)
{
	if (status && (!ret || ret == -EIO)) {
		status &= 0x7fff;
		nvmt_set_error("%s: %s: NVMe status %s (0x%04x)", dev->path, what,
			       nvmetest_status_name(status), status);
		return status;
	}
	if (ret == -ENXIO)
		nvmt_set_error("%s: %s: the controller is not enabled (nvmetest init)",
			       dev->path, what);
	return ret;
}

int nvmetest_cq_create(struct nvmetest_dev *dev, struct nvmetest_cq_create *cq)
{
	char what[64];
	int ret;

	nvmt_clear_error();
	snprintf(what, sizeof(what), "create IO CQ %u", cq->qid);
	cq->status = 0;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_CQ_CREATE, cq, what);
	if (ret == -EEXIST)
		nvmt_set_error("%s: %s: the driver already has CQ %u", dev->path, what, cq->qid);
	else if (ret == -EBUSY)
		nvmt_set_error("%s: %s: a writable mapping of BAR0 holds its doorbell",
			       dev->path, what);
	return with_status(dev, ret, cq->status, what);
}

int nvmetest_sq_create(struct nvmetest_dev *dev, struct nvmetest_sq_create *sq)
{
	char what[64];
	int ret;

	nvmt_clear_error();
	snprintf(what, sizeof(what), "create IO SQ %u (CQ %u)", sq->qid, sq->cqid);
	sq->status = 0;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_SQ_CREATE, sq, what);
	if (ret == -ENOENT)
		nvmt_set_error("%s: %s: the driver has no CQ %u", dev->path, what, sq->cqid);
	else if (ret == -EEXIST)
		nvmt_set_error("%s: %s: the driver already has SQ %u", dev->path, what, sq->qid);
	else if (ret == -EBUSY)
		nvmt_set_error("%s: %s: CQ %u is an IOWorker's, or a writable mapping of BAR0 holds the SQ's doorbell",
			       dev->path, what, sq->cqid);
	return with_status(dev, ret, sq->status, what);
}

int nvmetest_queue_delete(struct nvmetest_dev *dev, uint16_t qid, uint16_t type)
{
	struct nvmetest_queue_delete d = { .qid = qid, .type = type };
	char what[64];
	int ret;

	nvmt_clear_error();
	snprintf(what, sizeof(what), "delete IO %s %u",
		 type == NVMETEST_QUEUE_SQ ? "SQ" : "CQ", qid);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_QUEUE_DELETE, &d, what);
	if (ret == -ENOENT)
		nvmt_set_error("%s: %s: the driver has no such queue", dev->path, what);
	else if (ret == -EPERM)
		nvmt_set_error("%s: %s: the queue belongs to another open file", dev->path, what);
	return with_status(dev, ret, d.status, what);
}

int nvmetest_qpair_create(struct nvmetest_dev *dev, uint16_t qid, uint32_t depth,
			  uint16_t vector, uint32_t flags)
{
	struct nvmetest_cq_create cq = {
		.qid = qid, .vector = vector, .depth = depth, .flags = flags,
	};
	struct nvmetest_sq_create sq = {
		.qid = qid, .cqid = qid, .depth = depth,
		.flags = flags & NVMETEST_QUEUE_DISCONTIG,
	};
	char msg[512];
	const char *err;
	int ret;

	ret = nvmetest_cq_create(dev, &cq);
	if (ret)
		return ret;
	ret = nvmetest_sq_create(dev, &sq);
	if (ret) {
		/* keep the SQ's reason, not the cleanup's */
		err = nvmetest_last_error();
		snprintf(msg, sizeof(msg), "%s", err ? err : "");
		nvmetest_queue_delete(dev, qid, NVMETEST_QUEUE_CQ);
		nvmt_clear_error();
		if (msg[0])
			nvmt_set_error("%s", msg);
	}
	return ret;
}

int nvmetest_qpair_delete(struct nvmetest_dev *dev, uint16_t qid)
{
	char msg[512];
	const char *err;
	int ret, ret2;

	ret = nvmetest_queue_delete(dev, qid, NVMETEST_QUEUE_SQ);
	err = nvmetest_last_error();
	snprintf(msg, sizeof(msg), "%s", ret && err ? err : "");
	ret2 = nvmetest_queue_delete(dev, qid, NVMETEST_QUEUE_CQ);
	if (ret) {
		nvmt_clear_error();
		if (msg[0])
			nvmt_set_error("%s", msg);
		return ret;
	}
	return ret2;
}

int nvmetest_queue_list(struct nvmetest_dev *dev, struct nvmetest_queue_info *q,
			uint32_t count, uint32_t *total)
{
	struct nvmetest_queue_list l = { .queues = (uintptr_t)q, .count = count };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_QUEUE_LIST, &l, "queue list");
	if (ret)
		return ret;
	if (total)
		*total = l.total;
	return (int)l.count;
}

int nvmetest_ns_list(struct nvmetest_dev *dev, struct nvmetest_ns_info *ns,
		     uint32_t *count, uint32_t flags, uint32_t *total)
{
	struct nvmetest_ns_list l = { .ns = (uintptr_t)ns, .count = *count, .flags = flags };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_NS_LIST, &l, "namespace list");
	ret = with_status(dev, ret, l.status, "namespace list");
	if (ret)
		return ret;
	*count = l.count;
	if (total)
		*total = l.total;
	return 0;
}

int nvmetest_ns_get(struct nvmetest_dev *dev, uint32_t nsid, struct nvmetest_ns_info *ns)
{
	struct nvmetest_ns_info *all = NULL;
	uint32_t total = 0, size = 64, n;
	int ret;

	for (;;) {
		free(all);
		all = calloc(size, sizeof(*all));
		if (!all)
			return -ENOMEM;
		n = size;
		ret = nvmetest_ns_list(dev, all, &n, 0, &total);
		if (ret || total <= size)
			break;
		size = total;
	}
	if (!ret) {
		ret = nvmt_fail(-ENOENT, "%s: namespace %u is not active", dev->path, nsid);
		for (uint32_t i = 0; i < n; i++) {
			if (all[i].nsid == nsid) {
				*ns = all[i];
				nvmt_clear_error();
				ret = 0;
				break;
			}
		}
	}
	free(all);
	return ret;
}

int nvmetest_cmdlog(struct nvmetest_dev *dev, uint16_t qid,
		    struct nvmetest_cmdlog_entry *entries, uint32_t count,
		    uint64_t *total)
{
	struct nvmetest_cmdlog l = { .entries = (uintptr_t)entries, .count = count, .qid = qid };
	char what[48];
	int ret;

	nvmt_clear_error();
	snprintf(what, sizeof(what), "command log of queue %u", qid);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_CMDLOG, &l, what);
	if (ret == -ENOENT)
		nvmt_set_error("%s: %s: the driver has no queue %u", dev->path, what, qid);
	if (ret)
		return ret;
	if (total)
		*total = l.total;
	return (int)l.count;
}

static bool is_block_cmd(uint8_t opcode)
{
	switch (opcode) {
	case nvme_cmd_read:
	case nvme_cmd_write:
	case nvme_cmd_compare:
	case nvme_cmd_write_zeroes:
	case nvme_cmd_write_uncor:
	case nvme_cmd_verify:
		return true;
	default:
		return false;
	}
}

void nvmetest_cmdlog_decode(const struct nvmetest_cmdlog_entry *e,
			    struct nvmetest_cmdlog_rec *r)
{
	struct nvmetest_cqe cqe;

	memset(r, 0, sizeof(*r));
	r->qid = e->qid;
	r->seq = e->seq;
	r->opcode = e->sqe[0];
	r->name = nvmetest_opcode_name(e->qid, r->opcode);
	r->cid = (uint16_t)(e->sqe[2] | e->sqe[3] << 8);
	r->nsid = nvmt_get_le32(e->sqe + 4);
	r->cdw10 = nvmt_get_le32(e->sqe + 40);
	if (e->qid && is_block_cmd(r->opcode)) {
		r->has_lba = true;
		r->slba = r->cdw10 | (uint64_t)nvmt_get_le32(e->sqe + 44) << 32;
		r->nlb = (uint16_t)nvmt_get_le32(e->sqe + 48);
	}
	r->done = e->done;
	r->host_status = e->host_status;
	r->submit_ns = e->submit_ns;
	r->complete_ns = e->complete_ns;
	if (e->done) {
		nvmetest_cqe_decode(e->cqe, &cqe);
		r->status = cqe.status;
		r->result = cqe.result;
		if (e->complete_ns >= e->submit_ns)
			r->latency_ns = e->complete_ns - e->submit_ns;
	}
}
