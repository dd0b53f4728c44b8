// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generators of NVMe commands for CMD and io_uring: an admin or NVM
 * command built the way libnvmetest builds it (nvmetest_sqe_build(), the
 * buffer the command implies on the test VM's namespaces), then mutated
 * field by field, SQE dwords included. Commands that would only stall the
 * run are kept rare (Format NVM, Sanitize, Namespace Management and
 * Attachment, AER); none can reach anything but the test controller.
 */
#include <stdio.h>
#include <string.h>

#include <nvmetest.h>

#include "fuzz.h"

/*
 * The namespaces of tests/vm/run-all's SPEC (the one `make fuzz` boots):
 * 1 GiB of 512-byte LBAs, 256 MiB of 4096 + 8 (separate metadata), 16 MiB
 * throttled to 10 IOPS, 16 MiB of 512 + 64. Other values are fine too:
 * they are only the likeliest to reach the device's data path.
 */
static const struct {
	uint32_t lba;
	uint32_t ms;
	uint64_t nsze;
} fz_ns[] = {
	{ 512, 0, 2u << 20 },
	{ 4096, 8, 64u << 10 },
	{ 512, 0, 32u << 10 },
	{ 512, 64, 32u << 10 },
};

uint32_t fz_nsid(struct fz_rng *r)
{
	static const uint32_t w[] = { 1, 1, 1, 2, 2, 4, 4 };

	/*
	 * Namespace 3 takes 10 IOs a second: commands queue up behind the
	 * ones that timed out there and each costs its full timeout, so it
	 * gets 1 command in 50.
	 */
	if (fz_chance(r, 1, 50))
		return 3;
	if (fz_chance(r, 9, 10))
		return w[fz_below(r, sizeof(w) / sizeof(w[0]))];
	switch (fz_below(r, 4)) {
	case 0:
		return 0;
	case 1:
		return 0xffffffff;
	case 2:
		return 5 + fz_below(r, 4);
	default:
		return (uint32_t)fz_interesting(r, 4);
	}
}

uint16_t fz_qid(struct fz_thread *t, struct fz_rng *r)
{
	if (fz_chance(r, 3, 5))
		return 1 + t->id % 8;
	if (fz_chance(r, 3, 4))
		return 1 + fz_below(r, 8);
	return (uint16_t)fz_interesting(r, 2);
}

uint32_t fz_timeout_ms(struct fz_rng *r)
{
	switch (fz_below(r, 20)) {
	case 0:
	case 1:
		return 1 + fz_below(r, 50);	/* provokes timeouts and late completions */
	case 2:
	case 3:
	case 4:
	case 5:
	case 6:
		return 100 + fz_below(r, 5000);
	default:
		return 0;			/* admin_timeout_ms: 10 s */
	}
}

static const struct fz_field cmd_fields[] = {
	FZ_F(nvmetest_cmd, sqe, FZ_VAL),
	FZ_F(nvmetest_cmd, data, FZ_PTR),
	FZ_F(nvmetest_cmd, metadata, FZ_PTR),
	FZ_F(nvmetest_cmd, data_len, FZ_VAL),
	FZ_F(nvmetest_cmd, meta_len, FZ_VAL),
	FZ_F(nvmetest_cmd, qid, FZ_VAL),
	FZ_F(nvmetest_cmd, flags, FZ_FLAGS),
	FZ_F(nvmetest_cmd, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_cmd, cqe, FZ_OUT),
	FZ_F(nvmetest_cmd, latency_ns, FZ_OUT),
	FZ_F(nvmetest_cmd, host_status, FZ_OUT),
	FZ_F(nvmetest_cmd, cid, FZ_OUT),
	FZ_F(nvmetest_cmd, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_cmd, overrun, FZ_OUT),
	FZ_F(nvmetest_cmd, meta_overrun, FZ_OUT),
	FZ_F(nvmetest_cmd, rsvd, FZ_RSVD),
};
const struct fz_struct fz_cmd_struct = {
	"cmd", sizeof(struct nvmetest_cmd), cmd_fields, FZ_NFIELDS(cmd_fields)
};

/* Admin opcodes by how often they are sent (parts of 1000). */
static const struct {
	uint8_t opcode;
	uint16_t weight;
} fz_admin_ops[] = {
	{ 0x06, 200 },	/* Identify */
	{ 0x02, 160 },	/* Get Log Page */
	{ 0x0a, 140 },	/* Get Features */
	{ 0x09, 100 },	/* Set Features */
	{ 0x08, 40 },	/* Abort */
	{ 0x18, 30 },	/* Keep Alive */
	{ 0x14, 20 },	/* Device Self-test */
	{ 0x11, 15 },	/* Firmware Image Download */
	{ 0x10, 10 },	/* Firmware Commit */
	{ 0x19, 15 },	/* Directive Send */
	{ 0x1a, 15 },	/* Directive Receive */
	{ 0x1c, 10 },	/* Virtualization Management */
	{ 0x1d, 10 },	/* NVMe-MI Send */
	{ 0x1e, 10 },	/* NVMe-MI Receive */
	{ 0x81, 15 },	/* Security Send */
	{ 0x82, 15 },	/* Security Receive */
	{ 0x86, 15 },	/* Get LBA Status */
	{ 0x20, 5 },	/* Capacity Management */
	{ 0x24, 5 },	/* Lockdown */
	{ 0x00, 10 },	/* Delete I/O SQ: mediated, EPERM */
	{ 0x01, 10 },	/* Create I/O SQ: EPERM */
	{ 0x04, 10 },	/* Delete I/O CQ: EPERM */
	{ 0x05, 10 },	/* Create I/O CQ: EPERM */
	{ 0x7c, 10 },	/* Doorbell Buffer Config: EPERM */
	{ 0x0c, 3 },	/* Asynchronous Event Request: completes on an event only */
	{ 0x0d, 2 },	/* Namespace Management */
	{ 0x15, 2 },	/* Namespace Attachment */
	{ 0x80, 1 },	/* Format NVM */
	{ 0x84, 1 },	/* Sanitize */
	{ 0xc0, 20 },	/* vendor specific */
	{ 0xff, 20 },	/* random opcode */
};

static uint8_t admin_opcode(struct fz_rng *r)
{
	unsigned int sum = 0, i;
	uint64_t x;

	for (i = 0; i < sizeof(fz_admin_ops) / sizeof(fz_admin_ops[0]); i++)
		sum += fz_admin_ops[i].weight;
	x = fz_below(r, sum);
	for (i = 0; x >= fz_admin_ops[i].weight; i++)
		x -= fz_admin_ops[i].weight;
	if (fz_admin_ops[i].opcode == 0xc0)
		return 0xc0 + fz_below(r, 64);
	if (fz_admin_ops[i].opcode == 0xff)
		return (uint8_t)fz_rand(r);
	return fz_admin_ops[i].opcode;
}

static uint32_t numd(uint32_t len)
{
	return len / 4 - 1;
}

static void build_admin(struct fz_rng *r, struct nvmetest_cmd_args *a)
{
	static const uint8_t lids[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c,
					0x0d, 0x70, 0x80, 0x81, 0xc0, 0x0a };
	static const uint8_t fids[] = { 0x01, 0x02, 0x04, 0x05, 0x06, 0x07, 0x08,
					0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
					0x10, 0x11, 0x16, 0x17, 0x7f, 0x80, 0x81, 0xc0 };
	uint32_t len;

	a->opcode = admin_opcode(r);
	a->nsid = fz_chance(r, 1, 2) ? 0 : fz_nsid(r);
	switch (a->opcode) {
	case 0x06:
		a->cdw10 = fz_chance(r, 3, 4) ? fz_below(r, 4) : fz_below(r, 0x20);
		a->data_len = 4096;
		break;
	case 0x02:
		len = 4 << fz_below(r, 12);
		a->cdw10 = lids[fz_below(r, sizeof(lids))] | (numd(len) & 0xffff) << 16;
		a->cdw11 = numd(len) >> 16;
		if (fz_chance(r, 1, 8))
			a->cdw12 = 4 * fz_below(r, 1024);	/* offset */
		a->data_len = len;
		break;
	case 0x0a:
	case 0x09:
		a->cdw10 = fids[fz_below(r, sizeof(fids))];
		if (a->opcode == 0x0a)
			a->cdw10 |= fz_below(r, 4) << 8;	/* SEL */
		else
			a->cdw11 = (uint32_t)fz_interesting(r, 4);
		if (fz_chance(r, 1, 3))
			a->data_len = 4096;
		break;
	case 0x11:
		len = 4096;
		a->cdw10 = numd(len);
		a->cdw11 = fz_below(r, 16);
		a->data_len = len;
		break;
	case 0x10:
		a->cdw10 = fz_below(r, 8) | fz_below(r, 8) << 3;	/* FS, CA */
		break;
	case 0x14:
		a->cdw10 = fz_chance(r, 1, 2) ? 0xf : 1 + fz_below(r, 2);
		break;
	case 0x80:
		/* Format NVM: LBAF 0 or 1, no secure erase mostly */
		a->nsid = 1 + fz_below(r, 4);
		a->cdw10 = fz_below(r, 2) | (fz_chance(r, 1, 4) ? 1u << 9 : 0);
		break;
	case 0x84:
		a->cdw10 = 1 + fz_below(r, 4);		/* SANACT */
		break;
	case 0x0d:
	case 0x15:
		a->cdw10 = fz_below(r, 2);		/* SEL: create/delete, attach/detach */
		a->data_len = 4096;
		break;
	case 0x0c:
		a->timeout_ms = 1 + fz_below(r, 200);
		break;
	case 0x81:
	case 0x82:
	case 0x19:
	case 0x1a:
	case 0x1d:
	case 0x1e:
	case 0x86:
		len = 4 << fz_below(r, 11);
		a->cdw10 = numd(len);
		a->cdw11 = len;
		a->data_len = len;
		break;
	default:
		if (fz_chance(r, 1, 2))
			a->data_len = 4 * (1 + fz_below(r, 2048));
		a->cdw10 = (uint32_t)fz_rand(r);
		break;
	}
}

static const uint8_t fz_io_ops[] = {
	0x02, 0x02, 0x02, 0x02, 0x01, 0x01, 0x01, 0x01,	/* Read, Write */
	0x00, 0x05, 0x08, 0x09, 0x0c, 0x04,		/* Flush, Compare, Write
							 * Zeroes, DSM, Verify,
							 * Write Uncor */
	0x0d, 0x0e, 0x11, 0x15,				/* reservations */
	0x79, 0x7a, 0x7d,				/* zones */
	0xff,						/* random */
};

static void build_io(struct fz_rng *r, struct nvmetest_cmd_args *a)
{
	uint32_t nlb, lba = 512, ms = 0;
	uint64_t nsze = 1u << 20, slba;

	a->opcode = fz_io_ops[fz_below(r, sizeof(fz_io_ops))];
	if (a->opcode == 0xff)
		a->opcode = (uint8_t)fz_rand(r);
	/*
	 * No Copy unless asked: QEMU 10.0.2 aborts in block_account_one_io()
	 * under it (docs/fuzz.md, Findings), which ends the run.
	 */
	if (a->opcode == 0x19 && !fz_cfg.copy)
		a->opcode = 0x18;
	a->nsid = fz_nsid(r);
	if (a->nsid >= 1 && a->nsid <= 4) {
		lba = fz_ns[a->nsid - 1].lba;
		ms = fz_ns[a->nsid - 1].ms;
		nsze = fz_ns[a->nsid - 1].nsze;
	}
	nlb = fz_chance(r, 7, 8) ? fz_below(r, 16) : fz_below(r, fz_cfg.max_xfer / lba + 2);
	if (fz_chance(r, 15, 16))
		slba = fz_below(r, nsze - nlb);
	else
		slba = nsze - fz_below(r, 3);
	a->cdw10 = (uint32_t)slba;
	a->cdw11 = (uint32_t)(slba >> 32);
	switch (a->opcode) {
	case 0x01:
	case 0x02:
	case 0x05:
	case 0x79: /* Zone Append-ish: same layout */
		a->cdw12 = nlb;
		a->data_len = (nlb + 1) * lba;
		if (ms) {
			a->meta_len = (nlb + 1) * ms;
			if (a->meta_len > 65536)
				a->meta_len = 65536;
		}
		break;
	case 0x08:
	case 0x0c:
	case 0x04:
		a->cdw12 = nlb | (fz_chance(r, 1, 4) ? 1u << 25 : 0);	/* DEAC */
		break;
	case 0x09: {
		uint32_t nr = fz_below(r, 4);

		a->cdw10 = nr;					/* NR, 0's based */
		a->cdw11 = 1u << 2;				/* AD */
		a->data_len = 16 * (nr + 1);
		break;
	}
	case 0x19: {
		uint32_t nr = fz_below(r, 4);

		a->cdw12 = nr | (fz_below(r, 2) << 8);		/* NR, descriptor format */
		a->data_len = 32 * (nr + 1);
		break;
	}
	case 0x00:
		break;
	default:
		a->cdw12 = nlb;
		if (fz_chance(r, 1, 2))
			a->data_len = (nlb + 1) * lba;
		break;
	}
}

void fz_build_cmd(struct fz_thread *t, struct fz_rng *r, bool admin,
		  struct nvmetest_cmd *c)
{
	struct nvmetest_cmd_args a;

	memset(&a, 0, sizeof(a));
	memset(c, 0, sizeof(*c));
	a.timeout_ms = fz_timeout_ms(r);
	if (admin)
		build_admin(r, &a);
	else
		build_io(r, &a);
	if (a.data_len > fz_cfg.max_xfer)
		a.data_len = fz_cfg.max_xfer;
	nvmetest_sqe_build(&a, c->sqe);
	c->qid = admin ? 0 : fz_qid(t, r);
	if (a.data_len) {
		c->data = (uintptr_t)fz_buf(t, r, a.data_len);
		c->data_len = a.data_len;
	}
	if (a.meta_len) {
		c->metadata = (uintptr_t)fz_buf(t, r, a.meta_len);
		c->meta_len = a.meta_len;
	}
	c->timeout_ms = a.timeout_ms;
	if (fz_chance(r, 1, 4))
		c->flags |= NVMETEST_CMD_WAIT_SLOT;
	/*
	 * NO_TIMEOUT rarely: a command another thread stalls (a masked
	 * vector) then waits until the watchdog's signal.
	 */
	if (fz_chance(r, 1, 200) && c->sqe[0] != 0x0c) {
		c->flags |= NVMETEST_CMD_NO_TIMEOUT;
		c->timeout_ms = 0;
	}
	fz_mutate(t, r, &fz_cmd_struct, c);
	/* the driver must refuse a raw SQ, but no command goes near one */
	c->qid = fz_raw_qid_avoid(c->qid);
	/* liveness: at most 15 s, unless NO_TIMEOUT was kept */
	if (c->timeout_ms > 15000)
		c->timeout_ms = 15000;
}

static void cmd(struct fz_thread *t, struct fz_rng *r, bool admin)
{
	struct nvmetest_cmd *c = FZ_ARG(t);
	enum fz_op op = admin ? FZ_CMD_ADMIN : FZ_CMD_IO;
	int ret;

	fz_build_cmd(t, r, admin, c);
	t->endless = !!(c->flags & NVMETEST_CMD_NO_TIMEOUT);
	ret = fz_call_struct(t, r, op, NVMETEST_IOC_CMD, &fz_cmd_struct);
	t->endless = 0;
	if (!ret && t->arg == c)
		fz_record_host(t, op, c->host_status);
}

void fz_call_cmd_admin(struct fz_thread *t, struct fz_rng *r)
{
	cmd(t, r, true);
}

void fz_call_cmd_io(struct fz_thread *t, struct fz_rng *r)
{
	cmd(t, r, false);
}
