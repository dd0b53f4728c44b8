// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Asynchronous commands over io_uring: an SQE128/CQE32 ring on the
 * device's file, IORING_OP_URING_CMD SQEs carrying struct
 * nvmetest_uring_cmd (filled from the same struct nvmetest_cmd_args as the
 * sync path), and completions turned back into the library's return
 * convention from the CQE32's res and its extra u64 (CQE dwords 0 and 3).
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "private.h"

struct nvmetest_ring {
	struct io_uring ring;
	struct nvmetest_dev *dev;
	unsigned int inflight;	/* submitted to the ring, not reaped */
};

void nvmetest_uring_cmd_fill(const struct nvmetest_cmd_args *a,
			     struct nvmetest_uring_cmd *c)
{
	const uint8_t *sqe = a->sqe;

	memset(c, 0, sizeof(*c));
	c->qid = a->qid;
	if (sqe) {
		c->opcode = sqe[0];
		c->flags = sqe[1];
		c->nsid = nvmt_get_le32(sqe + 4);
		c->cdw2 = nvmt_get_le32(sqe + 8);
		c->cdw3 = nvmt_get_le32(sqe + 12);
		c->cdw10 = nvmt_get_le32(sqe + 40);
		c->cdw11 = nvmt_get_le32(sqe + 44);
		c->cdw12 = nvmt_get_le32(sqe + 48);
		c->cdw13 = nvmt_get_le32(sqe + 52);
		c->cdw14 = nvmt_get_le32(sqe + 56);
		c->cdw15 = nvmt_get_le32(sqe + 60);
	} else {
		c->opcode = a->opcode;
		c->flags = a->flags;
		c->nsid = a->nsid;
		c->cdw2 = a->cdw2;
		c->cdw3 = a->cdw3;
		c->cdw10 = a->cdw10;
		c->cdw11 = a->cdw11;
		c->cdw12 = a->cdw12;
		c->cdw13 = a->cdw13;
		c->cdw14 = a->cdw14;
		c->cdw15 = a->cdw15;
	}
	if (a->data) {
		c->addr = (uintptr_t)a->data;
		c->data_len = a->data_len;
	}
	if (a->meta) {
		c->metadata = (uintptr_t)a->meta;
		c->metadata_len = a->meta_len;
	}
	c->timeout_ms = a->timeout_ms;
}

void nvmt_ring_prep(struct io_uring_sqe *sqe, int fd, const struct nvmetest_cmd_args *a,
		    uint64_t user_data)
{
	/* an SQE128 is two SQE slots: clear both */
	memset(sqe, 0, 2 * sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = NVMETEST_URING_CMD_IO;
	sqe->user_data = user_data;
	nvmetest_uring_cmd_fill(a, (struct nvmetest_uring_cmd *)sqe->cmd);
}

void nvmt_ring_complete(const struct io_uring_cqe *cqe, struct nvmetest_completion *out)
{
	uint64_t extra = cqe->big_cqe[0];
	uint32_t dw3 = (uint32_t)(extra >> 32);

	memset(out, 0, sizeof(*out));
	out->user_data = cqe->user_data;
	out->res = cqe->res;
	if (cqe->res < 0) {
		out->ret = cqe->res;
		return;
	}
	/*
	 * io_uring_cmd_done() carries one extra u64 (res2): the driver puts
	 * CQE dword 0 in bits 31:0 and dword 3 (CID, phase, status) in 63:32.
	 * Dwords 1 and 2 (SQ head and id) do not reach userspace.
	 */
	out->cqe.result = (uint32_t)extra;
	out->cqe.cid = (uint16_t)dw3;
	out->cqe.phase = (dw3 >> 16) & 1;
	out->cqe.status = (uint16_t)((dw3 >> 17) & 0x7fff);
	out->ret = out->cqe.status;
}

int nvmetest_ring_init(struct nvmetest_dev *dev, unsigned int depth,
		       struct nvmetest_ring **ringp)
{
	struct io_uring_params p;
	struct nvmetest_ring *r;
	int ret;

	nvmt_clear_error();
	ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_URING, "io_uring support", NULL);
	if (ret)
		return ret;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | IORING_SETUP_CQSIZE;
	p.cq_entries = 2 * depth;
	ret = io_uring_queue_init_params(depth, &r->ring, &p);
	if (ret < 0) {
		free(r);
		return nvmt_fail(ret, "%s: io_uring setup (SQE128, CQE32, depth %u): %s",
				 dev->path, depth, nvmetest_strerror(ret));
	}
	r->dev = dev;
	*ringp = r;
	return 0;
}

void nvmetest_ring_exit(struct nvmetest_ring *r)
{
	if (!r)
		return;
	io_uring_queue_exit(&r->ring);
	free(r);
}

int nvmetest_ring_flush(struct nvmetest_ring *r)
{
	int ret;

	ret = io_uring_submit(&r->ring);
	if (ret < 0)
		return nvmt_fail(ret, "%s: io_uring submit: %s", r->dev->path,
				 nvmetest_strerror(ret));
	return ret;
}

int nvmetest_ring_submit(struct nvmetest_ring *r, const struct nvmetest_cmd_args *a,
			 uint64_t user_data)
{
	struct io_uring_sqe *sqe;
	int ret;

	nvmt_clear_error();
	sqe = io_uring_get_sqe(&r->ring);
	if (!sqe) {
		ret = nvmetest_ring_flush(r);
		if (ret < 0)
			return ret;
		sqe = io_uring_get_sqe(&r->ring);
		if (!sqe)
			return nvmt_fail(-EBUSY, "%s: io_uring SQ ring full", r->dev->path);
	}
	nvmt_ring_prep(sqe, nvmetest_fd(r->dev), a, user_data);
	r->inflight++;
	return 0;
}

int nvmetest_ring_reap(struct nvmetest_ring *r, struct nvmetest_completion *out,
		       unsigned int max, unsigned int min_wait)
{
	struct io_uring_cqe *cqe;
	unsigned int n = 0;
	int ret;

	nvmt_clear_error();
	if (min_wait > max)
		min_wait = max;
	if (min_wait) {
		ret = io_uring_submit_and_wait(&r->ring, min_wait);
		if (ret < 0)
			return nvmt_fail(ret, "%s: io_uring wait: %s", r->dev->path,
					 nvmetest_strerror(ret));
	}
	while (n < max) {
		ret = io_uring_peek_cqe(&r->ring, &cqe);
		if (ret == -EAGAIN)
			break;
		if (ret < 0)
			return nvmt_fail(ret, "%s: io_uring reap: %s", r->dev->path,
					 nvmetest_strerror(ret));
		nvmt_ring_complete(cqe, &out[n++]);
		io_uring_cqe_seen(&r->ring, cqe);
		if (r->inflight)
			r->inflight--;
	}
	return (int)n;
}

unsigned int nvmetest_ring_inflight(const struct nvmetest_ring *r)
{
	return r->inflight;
}
