// SPDX-License-Identifier: GPL-2.0-only
/*
 * io_uring's way in: IORING_OP_URING_CMD on the thread's file, one
 * command per call, built as for CMD and turned into struct
 * nvmetest_uring_cmd as libnvmetest's ring does, then mutated (reserved
 * word, lengths, pointers, timeout). Sometimes the wrong cmd_op (ENOTTY)
 * or a ring without SQE128/CQE32 (EINVAL). The CQE's res is recorded like
 * an ioctl's return.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>
#include <nvmetest.h>

#include "fuzz.h"

struct fz_ring {
	struct io_uring ring;
};

static const struct fz_field ucmd_fields[] = {
	FZ_F(nvmetest_uring_cmd, opcode, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, flags, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, qid, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, nsid, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw2, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw3, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, metadata, FZ_PTR),
	FZ_F(nvmetest_uring_cmd, addr, FZ_PTR),
	FZ_F(nvmetest_uring_cmd, metadata_len, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, data_len, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw10, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw11, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw12, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw13, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw14, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, cdw15, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_uring_cmd, rsvd, FZ_RSVD),
};
static const struct fz_struct ucmd_struct = {
	"uring_cmd", sizeof(struct nvmetest_uring_cmd), ucmd_fields, FZ_NFIELDS(ucmd_fields)
};

static struct fz_ring *ring_new(bool big)
{
	struct io_uring_params p;
	struct fz_ring *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	memset(&p, 0, sizeof(p));
	if (big)
		p.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32;
	if (io_uring_queue_init_params(4, &r->ring, &p) < 0) {
		free(r);
		return NULL;
	}
	return r;
}

void fz_ring_free(struct fz_ring *ring)
{
	if (!ring)
		return;
	io_uring_queue_exit(&ring->ring);
	free(ring);
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

void fz_call_uring(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_cmd c;
	struct nvmetest_uring_cmd u;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct fz_ring *ring;
	bool big = !fz_chance(r, 1, 30);
	uint32_t cmd_op = NVMETEST_URING_CMD_IO;
	char desc[1024];
	int ret;

	fz_build_cmd(t, r, fz_chance(r, 1, 4), &c);
	memset(&u, 0, sizeof(u));
	u.opcode = c.sqe[0];
	u.flags = c.sqe[1];
	u.qid = c.qid;
	u.nsid = le32_at(c.sqe + 4);
	u.cdw2 = le32_at(c.sqe + 8);
	u.cdw3 = le32_at(c.sqe + 12);
	u.cdw10 = le32_at(c.sqe + 40);
	u.cdw11 = le32_at(c.sqe + 44);
	u.cdw12 = le32_at(c.sqe + 48);
	u.cdw13 = le32_at(c.sqe + 52);
	u.cdw14 = le32_at(c.sqe + 56);
	u.cdw15 = le32_at(c.sqe + 60);
	u.addr = c.data;
	u.data_len = c.data_len;
	u.metadata = c.metadata;
	u.metadata_len = c.meta_len;
	u.timeout_ms = c.timeout_ms;
	fz_mutate(t, r, &ucmd_struct, &u);
	u.qid = fz_raw_qid_avoid(u.qid);
	if (u.timeout_ms > 15000)
		u.timeout_ms = 15000;
	if (fz_chance(r, 1, 20))
		cmd_op = (uint32_t)fz_interesting(r, 4);

	if (big) {
		if (!t->ring)
			t->ring = ring_new(true);
		ring = t->ring;
	} else {
		ring = ring_new(false);
	}
	if (!ring) {
		fprintf(stderr, "nvmetest-fuzz: thread %u: io_uring setup failed\n", t->id);
		return;
	}

	snprintf(desc, sizeof(desc), "uring_cmd%s cmd_op=%#x", big ? "" : " (no SQE128/CQE32)",
		 cmd_op);
	fz_describe(desc + strlen(desc), sizeof(desc) - strlen(desc), &ucmd_struct, &u);
	fz_begin(t, "%s", desc);
	sqe = io_uring_get_sqe(&ring->ring);
	/* an SQE128 is two slots: clear both */
	memset(sqe, 0, big ? 2 * sizeof(*sqe) : sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = t->fd;
	sqe->cmd_op = cmd_op;
	sqe->user_data = t->call_index;
	/* without SQE128 only 16 bytes of command fit: the rest is cut off */
	memcpy(sqe->cmd, &u, big ? sizeof(u) : 16);
	ret = io_uring_submit(&ring->ring);
	if (ret == 1) {
		ret = io_uring_wait_cqe(&ring->ring, &cqe);
		if (ret == 0) {
			ret = cqe->res;
			io_uring_cqe_seen(&ring->ring, cqe);
		} else {
			/* the watchdog's signal ended the wait: no completion */
			fz_finding(t, "uring_cmd: no completion (wait: %s)", strerror(-ret));
			if (ring == t->ring)
				t->ring = NULL;
			fz_ring_free(ring);
			ring = NULL;
			ret = 0;
		}
	} else if (ret >= 0) {
		ret = -EIO;
	}
	fz_end(t, ret);
	if (ring && !big)
		fz_ring_free(ring);
	fz_record(t, FZ_URING, ret > 0 ? 0 : ret);
	if (ret == 0)
		fz_record_host(t, FZ_URING, NVMETEST_HOST_OK);
}
