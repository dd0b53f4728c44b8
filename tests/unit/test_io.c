// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the IO side without a device: the SQE of every NVM
 * command helper (SLBA split over CDW10/11, 0's based NLB, FUA/LR/DEAC,
 * DSM and Copy range layouts), NVM opcode names, command log decoding,
 * the io_uring SQE128 and CQE32 handling of the async path, the parsing
 * of the IO commands' options, the JSON shapes of queues, namespaces and
 * command log entries, and the command log's verbose text (every SQE and
 * CQE dword).
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "cli.h"
#include "private.h"
#include "unit.h"

/* --- command building ------------------------------------------------------ */

static void test_io_build(void)
{
	uint8_t buf[4096], meta[64], sqe[64];
	struct nvmetest_cqe cqe;
	uint64_t lat;
	struct nvmetest_io_args io = {
		.qid = 3, .nsid = 2, .slba = 0x123456789abcULL, .nlb = 7,
		.control = NVME_IO_FUA | NVME_IO_LR, .dsmgmt = 0x11, .reftag = 0xdeadbeef,
		.apptag = 0x1234, .appmask = 0xffff, .data = buf, .data_len = sizeof(buf),
		.meta = meta, .meta_len = sizeof(meta), .timeout_ms = 500,
		.cmd_flags = NVMETEST_CMD_WAIT_SLOT, .cqe = &cqe, .latency_ns = &lat,
	};
	struct nvmetest_cmd_args c;

	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_read, &io, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x02);
	CU_ASSERT_EQUAL(c.qid, 3);
	CU_ASSERT_EQUAL(c.nsid, 2);
	CU_ASSERT_EQUAL(c.cdw10, 0x56789abc);
	CU_ASSERT_EQUAL(c.cdw11, 0x1234);
	/* NLB 0's based in 15:0, LR bit 31, FUA bit 30 */
	CU_ASSERT_EQUAL(c.cdw12, 0xc0000007);
	CU_ASSERT_EQUAL(c.cdw13, 0x11);
	CU_ASSERT_EQUAL(c.cdw14, 0xdeadbeef);
	CU_ASSERT_EQUAL(c.cdw15, 0xffff1234);
	CU_ASSERT_PTR_EQUAL(c.data, buf);
	CU_ASSERT_EQUAL(c.data_len, 4096);
	CU_ASSERT_PTR_EQUAL(c.meta, meta);
	CU_ASSERT_EQUAL(c.meta_len, 64);
	CU_ASSERT_EQUAL(c.timeout_ms, 500);
	CU_ASSERT_EQUAL(c.cmd_flags, NVMETEST_CMD_WAIT_SLOT);
	CU_ASSERT_PTR_EQUAL(c.cqe, &cqe);
	CU_ASSERT_PTR_EQUAL(c.latency_ns, &lat);

	/* the wire form: little endian at the spec's offsets */
	nvmetest_sqe_build(&c, sqe);
	CU_ASSERT_EQUAL(sqe[0], 0x02);
	CU_ASSERT_EQUAL(unit_le32(sqe + 4), 2);
	CU_ASSERT_EQUAL(unit_le32(sqe + 40), 0x56789abc);
	CU_ASSERT_EQUAL(unit_le32(sqe + 44), 0x1234);
	CU_ASSERT_EQUAL(unit_le32(sqe + 48), 0xc0000007);

	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_write, &io, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x01);
	CU_ASSERT_PTR_EQUAL(c.data, buf);
	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_compare, &io, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x05);
	CU_ASSERT_PTR_EQUAL(c.data, buf);

	/* no data for write zeroes, write uncorrectable, verify */
	io.control = NVME_IO_DEAC;
	io.nlb = 0;
	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_write_zeroes, &io, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x08);
	CU_ASSERT_EQUAL(c.cdw12, 1U << 25);	/* DEAC: CDW12 bit 25 */
	CU_ASSERT_PTR_NULL(c.data);
	CU_ASSERT_EQUAL(c.data_len, 0);
	CU_ASSERT_PTR_NULL(c.meta);
	CU_ASSERT_EQUAL(c.meta_len, 0);
	io.control = 0;
	io.nlb = 0xffff;
	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_write_uncor, &io, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x04);
	CU_ASSERT_EQUAL(c.cdw12, 0xffff);
	CU_ASSERT_PTR_NULL(c.data);
	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_verify, &io, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x0c);
	CU_ASSERT_PTR_NULL(c.data);

	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_flush, &io, &c), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_dsm, &io, &c), -EINVAL);
}

static void test_dsm_build(void)
{
	struct nvme_dsm_range r[3];
	struct nvmetest_dsm_args d = {
		.qid = 1, .nsid = 1, .attrs = NVME_DSMGMT_AD | NVME_DSMGMT_IDR, .ranges = r,
		.nr_ranges = 3, .timeout_ms = 9,
	};
	struct nvmetest_cmd_args c;
	const uint8_t *p = (const uint8_t *)r;

	nvmetest_dsm_range(&r[0], 0x01020304, 8, 0x1122334455667788ULL);
	nvmetest_dsm_range(&r[1], 0, 16, 100);
	nvmetest_dsm_range(&r[2], 0, 1, 0);
	/* cattr at 0, nlb at 4, slba at 8, 16 bytes each */
	CU_ASSERT_EQUAL(unit_le32(p), 0x01020304);
	CU_ASSERT_EQUAL(unit_le32(p + 4), 8);
	CU_ASSERT_EQUAL(unit_le32(p + 8), 0x55667788);
	CU_ASSERT_EQUAL(unit_le32(p + 12), 0x11223344);
	CU_ASSERT_EQUAL(unit_le32(p + 16 + 4), 16);
	CU_ASSERT_EQUAL(unit_le32(p + 16 + 8), 100);

	CU_ASSERT_EQUAL(nvmetest_dsm_build(&d, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x09);
	CU_ASSERT_EQUAL(c.qid, 1);
	CU_ASSERT_EQUAL(c.cdw10, 2);		/* NR, 0's based */
	CU_ASSERT_EQUAL(c.cdw11, 0x5);		/* AD bit 2, IDR bit 0 */
	CU_ASSERT_PTR_EQUAL(c.data, r);
	CU_ASSERT_EQUAL(c.data_len, 48);
	CU_ASSERT_EQUAL(c.timeout_ms, 9);
	d.nr_ranges = 0;
	CU_ASSERT_EQUAL(nvmetest_dsm_build(&d, &c), -EINVAL);
	d.nr_ranges = 257;
	CU_ASSERT_EQUAL(nvmetest_dsm_build(&d, &c), -EINVAL);
}

static void test_copy_build(void)
{
	struct nvme_copy_range r[2];
	struct nvmetest_copy_args cp = {
		.qid = 2, .nsid = 1, .sdlba = 0x100000002ULL, .ranges = r, .nr_ranges = 2,
		.control = NVME_IO_FUA | NVME_IO_LR, .prinfor = 0x9, .dspec = 0xabcd,
	};
	struct nvmetest_cmd_args c;
	const uint8_t *p = (const uint8_t *)r;

	memset(r, 0xff, sizeof(r));
	nvmetest_copy_range(&r[0], 0x1000, 7);
	nvmetest_copy_range(&r[1], 0x2000, 0);
	/* 8 reserved bytes, SLBA at 8, NLB (0's based, 16 bit) at 16, 32 bytes */
	CU_ASSERT_EQUAL(unit_le32(p), 0);
	CU_ASSERT_EQUAL(unit_le32(p + 8), 0x1000);
	CU_ASSERT_EQUAL(unit_le32(p + 12), 0);
	CU_ASSERT_EQUAL(p[16], 7);
	CU_ASSERT_EQUAL(p[17], 0);
	CU_ASSERT_EQUAL(unit_le32(p + 28), 0);
	CU_ASSERT_EQUAL(unit_le32(p + 32 + 8), 0x2000);

	CU_ASSERT_EQUAL(nvmetest_copy_build(&cp, &c), 0);
	CU_ASSERT_EQUAL(c.opcode, 0x19);
	CU_ASSERT_EQUAL(c.cdw10, 2);
	CU_ASSERT_EQUAL(c.cdw11, 1);
	/* NR 1 (two ranges), format 0, PRINFOR 15:12, FUA 30, LR 31 */
	CU_ASSERT_EQUAL(c.cdw12, 0xc0009001);
	CU_ASSERT_EQUAL(c.cdw13, 0xabcd0000);
	CU_ASSERT_EQUAL(c.data_len, 64);
	CU_ASSERT_PTR_EQUAL(c.data, r);
	cp.nr_ranges = 0;
	CU_ASSERT_EQUAL(nvmetest_copy_build(&cp, &c), -EINVAL);
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(nvme_cmd_read), "Read");
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(nvme_cmd_write), "Write");
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(nvme_cmd_flush), "Flush");
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(nvme_cmd_dsm), "Dataset Management");
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(nvme_cmd_write_uncor),
			       "Write Uncorrectable");
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(nvme_cmd_copy), "Copy");
	CU_ASSERT_STRING_EQUAL(nvmetest_nvm_opcode_name(0x7f), "Unknown");
	/* opcode 0x02 is Get Log Page on the admin queue, Read on an IO queue */
	CU_ASSERT_STRING_EQUAL(nvmetest_opcode_name(0, 0x02), "Get Log Page");
	CU_ASSERT_STRING_EQUAL(nvmetest_opcode_name(1, 0x02), "Read");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_desc(0x0281), "Unrecovered Read Error");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0285), "COMPARE_FAILED");
}

/* --- command log --------------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void test_cmdlog_decode(void)
{
	struct nvmetest_cmdlog_entry e;
	struct nvmetest_cmdlog_rec r;

	memset(&e, 0, sizeof(e));
	e.sqe[0] = nvme_cmd_write;
	e.sqe[2] = 0x34;
	e.sqe[3] = 0x12;	/* CID 0x1234 */
	put32(e.sqe + 4, 2);
	put32(e.sqe + 40, 0x89abcdef);
	put32(e.sqe + 44, 0x1);
	put32(e.sqe + 48, 0x40000007);	/* FUA, 8 blocks */
	put32(e.cqe, 0x55);
	e.cqe[12] = 0x34;
	e.cqe[13] = 0x12;
	/* status 0x0281 (SCT 2, SC 0x81) with the phase bit set */
	e.cqe[14] = (uint8_t)((0x0281 << 1) | 1);
	e.cqe[15] = (uint8_t)((0x0281 << 1) >> 8);
	e.submit_ns = 1000;
	e.complete_ns = 4500;
	e.seq = 41;
	e.host_status = NVMETEST_HOST_OK;
	e.qid = 1;
	e.done = 1;
	nvmetest_cmdlog_decode(&e, &r);
	CU_ASSERT_EQUAL(r.qid, 1);
	CU_ASSERT_EQUAL(r.seq, 41);
	CU_ASSERT_EQUAL(r.opcode, 1);
	CU_ASSERT_STRING_EQUAL(r.name, "Write");
	CU_ASSERT_EQUAL(r.cid, 0x1234);
	CU_ASSERT_EQUAL(r.nsid, 2);
	CU_ASSERT(r.has_lba);
	CU_ASSERT_EQUAL(r.slba, 0x189abcdefULL);
	CU_ASSERT_EQUAL(r.nlb, 7);
	CU_ASSERT(r.done);
	CU_ASSERT_EQUAL(r.status, 0x0281);
	CU_ASSERT_EQUAL(r.result, 0x55);
	CU_ASSERT_EQUAL(r.latency_ns, 3500);

	/* the same opcode on the admin queue is Create I/O SQ: no LBA */
	e.qid = 0;
	e.sqe[0] = 0x01;
	nvmetest_cmdlog_decode(&e, &r);
	CU_ASSERT_STRING_EQUAL(r.name, "Create I/O Submission Queue");
	CU_ASSERT(!r.has_lba);
	CU_ASSERT_EQUAL(r.cdw10, 0x89abcdef);

	/* flush and DSM have no LBA range in CDW10-12 */
	e.qid = 1;
	e.sqe[0] = nvme_cmd_dsm;
	nvmetest_cmdlog_decode(&e, &r);
	CU_ASSERT(!r.has_lba);

	/* outstanding: no status, no latency */
	e.sqe[0] = nvme_cmd_read;
	e.done = 0;
	e.complete_ns = 0;
	memset(e.cqe, 0, sizeof(e.cqe));
	nvmetest_cmdlog_decode(&e, &r);
	CU_ASSERT(r.has_lba);
	CU_ASSERT(!r.done);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_EQUAL(r.latency_ns, 0);
}

/* A Read on IO queue 3 with every SQE dword distinct, completed. */
static void cmdlog_entry_fill(struct nvmetest_cmdlog_entry *e)
{
	memset(e, 0, sizeof(*e));
	/* CDW0: opcode Read, FUSE 01b, PSDT 00b, CID 0xbeef */
	put32(e->sqe, 0xbeef0102);
	put32(e->sqe + 4, 1);				/* NSID */
	put32(e->sqe + 8, 0x22222222);			/* CDW2 */
	put32(e->sqe + 12, 0x33333333);			/* CDW3 */
	put32(e->sqe + 16, 0x44440000);			/* MPTR low */
	put32(e->sqe + 20, 0x5);			/* MPTR high */
	put32(e->sqe + 24, 0x12345000);			/* PRP1 low */
	put32(e->sqe + 28, 0x1);			/* PRP1 high */
	put32(e->sqe + 32, 0x9abcd000);			/* PRP2 low */
	put32(e->sqe + 36, 0x2);			/* PRP2 high */
	for (unsigned int i = 10; i < 16; i++)
		put32(e->sqe + 4 * i, 0x10101010 * (i - 9));	/* CDW10-15 */
	put32(e->cqe, 0xd0d0d0d0);			/* DW0 */
	put32(e->cqe + 4, 0xd1d1d1d1);			/* DW1 */
	put32(e->cqe + 8, 0x0003002a);			/* SQID 3, SQHD 42 */
	/* CID 0xbeef, phase 1, status 0x0281 */
	put32(e->cqe + 12, 0xbeefu | 1u << 16 | 0x0281u << 17);
	e->submit_ns = 2000000000;
	e->complete_ns = 2000001500;
	e->seq = 9;
	e->host_status = NVMETEST_HOST_OK;
	e->qid = 3;
	e->done = 1;
}

static void test_sqe_decode(void)
{
	struct nvmetest_cmdlog_entry e;
	struct nvmetest_sqe q;

	cmdlog_entry_fill(&e);
	nvmetest_sqe_decode(e.sqe, &q);
	CU_ASSERT_EQUAL(q.dw[0], 0xbeef0102);
	CU_ASSERT_EQUAL(q.opcode, nvme_cmd_read);
	CU_ASSERT_EQUAL(q.fuse, 1);
	CU_ASSERT_EQUAL(q.psdt, 0);
	CU_ASSERT_EQUAL(q.cid, 0xbeef);
	CU_ASSERT_EQUAL(q.nsid, 1);
	CU_ASSERT_EQUAL(q.dw[1], 1);
	CU_ASSERT_EQUAL(q.dw[2], 0x22222222);
	CU_ASSERT_EQUAL(q.dw[3], 0x33333333);
	CU_ASSERT_EQUAL(q.mptr, 0x544440000ULL);
	CU_ASSERT_EQUAL(q.prp1, 0x112345000ULL);
	CU_ASSERT_EQUAL(q.prp2, 0x29abcd000ULL);
	CU_ASSERT_EQUAL(q.dw[6], 0x12345000);
	CU_ASSERT_EQUAL(q.dw[9], 0x2);
	CU_ASSERT_EQUAL(q.dw[10], 0x10101010);
	CU_ASSERT_EQUAL(q.dw[15], 0x60606060);

	/* PSDT 10b (SGL, MPTR a segment) in CDW0 bits 15:14 */
	e.sqe[1] = 0x80;
	nvmetest_sqe_decode(e.sqe, &q);
	CU_ASSERT_EQUAL(q.psdt, 2);
	CU_ASSERT_EQUAL(q.fuse, 0);
	CU_ASSERT_EQUAL(q.opcode, nvme_cmd_read);
}

/* --- io_uring ------------------------------------------------------------------ */

static void test_uring_fill(void)
{
	uint8_t buf[512], meta[8];
	struct nvmetest_io_args io = {
		.qid = 1, .nsid = 1, .slba = 0x200000010ULL, .nlb = 0, .control = NVME_IO_FUA,
		.data = buf, .data_len = sizeof(buf), .meta = meta, .meta_len = sizeof(meta),
		.timeout_ms = 1234,
	};
	struct nvmetest_cmd_args c;
	struct nvmetest_uring_cmd u;
	struct io_uring_sqe sqe[2];
	const struct nvmetest_uring_cmd *pu;
	uint8_t raw[64];

	CU_ASSERT_EQUAL(nvmetest_io_build(nvme_cmd_read, &io, &c), 0);
	nvmetest_uring_cmd_fill(&c, &u);
	CU_ASSERT_EQUAL(u.opcode, 0x02);
	CU_ASSERT_EQUAL(u.qid, 1);
	CU_ASSERT_EQUAL(u.nsid, 1);
	CU_ASSERT_EQUAL(u.cdw10, 0x10);
	CU_ASSERT_EQUAL(u.cdw11, 0x2);
	CU_ASSERT_EQUAL(u.cdw12, 0x40000000);
	CU_ASSERT_EQUAL(u.addr, (uintptr_t)buf);
	CU_ASSERT_EQUAL(u.data_len, 512);
	CU_ASSERT_EQUAL(u.metadata, (uintptr_t)meta);
	CU_ASSERT_EQUAL(u.metadata_len, 8);
	CU_ASSERT_EQUAL(u.timeout_ms, 1234);
	CU_ASSERT_EQUAL(u.rsvd, 0);

	/* a raw SQE gives the same fields */
	nvmetest_sqe_build(&c, raw);
	c.sqe = raw;
	c.opcode = 0;
	c.cdw12 = 0;
	nvmetest_uring_cmd_fill(&c, &u);
	CU_ASSERT_EQUAL(u.opcode, 0x02);
	CU_ASSERT_EQUAL(u.cdw11, 0x2);
	CU_ASSERT_EQUAL(u.cdw12, 0x40000000);

	/* the SQE128: URING_CMD on the fd, our command in sqe->cmd */
	memset(sqe, 0xa5, sizeof(sqe));
	c.sqe = NULL;
	c.opcode = 0x02;
	c.cdw12 = 0x40000000;
	nvmt_ring_prep(sqe, 7, &c, 0xfeedULL);
	CU_ASSERT_EQUAL(sqe[0].opcode, IORING_OP_URING_CMD);
	CU_ASSERT_EQUAL(sqe[0].fd, 7);
	CU_ASSERT_EQUAL(sqe[0].cmd_op, NVMETEST_URING_CMD_IO);
	CU_ASSERT_EQUAL(sqe[0].user_data, 0xfeed);
	CU_ASSERT_EQUAL(sqe[0].flags, 0);
	pu = (const struct nvmetest_uring_cmd *)sqe[0].cmd;
	CU_ASSERT_EQUAL(pu->opcode, 0x02);
	CU_ASSERT_EQUAL(pu->cdw10, 0x10);
	CU_ASSERT_EQUAL(pu->addr, (uintptr_t)buf);
	CU_ASSERT_EQUAL(pu->rsvd, 0);
	/* the second slot's tail (past the 72 command bytes) is cleared too */
	CU_ASSERT_EQUAL(((const uint8_t *)&sqe[1])[63], 0);
}

static void test_uring_complete(void)
{
	/* a CQE32: 16 bytes, then res2 = dword 0 | dword 3 << 32 */
	uint64_t area[4];
	struct io_uring_cqe *cqe = (struct io_uring_cqe *)area;
	struct nvmetest_completion c;
	uint32_t dw3 = 42 | (uint32_t)((0x0285 << 1) | 1) << 16;

	memset(area, 0, sizeof(area));
	cqe->user_data = 99;
	cqe->res = 0;
	cqe->big_cqe[0] = 0x12345678 | (uint64_t)dw3 << 32;
	nvmt_ring_complete(cqe, &c);
	CU_ASSERT_EQUAL(c.user_data, 99);
	CU_ASSERT_EQUAL(c.res, 0);
	CU_ASSERT_EQUAL(c.cqe.result, 0x12345678);
	CU_ASSERT_EQUAL(c.cqe.cid, 42);
	CU_ASSERT(c.cqe.phase);
	CU_ASSERT_EQUAL(c.cqe.status, 0x0285);
	CU_ASSERT_EQUAL(c.ret, 0x0285);

	/* success: status 0 whatever the phase */
	cqe->big_cqe[0] = (uint64_t)(7 | 1U << 16) << 32;
	nvmt_ring_complete(cqe, &c);
	CU_ASSERT_EQUAL(c.ret, 0);
	CU_ASSERT_EQUAL(c.cqe.cid, 7);

	cqe->res = -ETIMEDOUT;
	nvmt_ring_complete(cqe, &c);
	CU_ASSERT_EQUAL(c.ret, -ETIMEDOUT);
	CU_ASSERT_EQUAL(c.cqe.status, 0);
}

/* --- CLI ----------------------------------------------------------------------- */

static void test_parse_io(void)
{
	uint64_t v[CLI_LIST_MAX];

	CU_ASSERT_EQUAL(PARSE("read", "nvmetest0", "-s", "0x100", "-c", "7", "-z", "4096",
			      "-d", "out.bin", "-n", "2", "-q", "3", "-f", "-l", "-t", "100",
			      "-o", "json"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_START_BLOCK], 0x100);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_BLOCK_COUNT], 7);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_DATA_SIZE], 4096);
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_DATA], "out.bin");
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_NSID, 1), 2);
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_QID, 1), 3);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_FUA));
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_LR));
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_JSON);

	CU_ASSERT_EQUAL(PARSE("write", "nvmetest0", "--start-block=8", "--block-count=0",
			      "--data=in.bin", "--metadata=m.bin", "--metadata-size=8"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_START_BLOCK], 8);
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_META_FILE], "m.bin");
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_META_SIZE], 8);
	CU_ASSERT(!cli_given(&unit_args, CLI_OPT_QID));

	CU_ASSERT_EQUAL(PARSE("write-zeroes", "nvmetest0", "-s", "0", "-c", "15", "-d"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_DEAC));
	CU_ASSERT_EQUAL(PARSE("write-uncor", "nvmetest0", "-s", "4", "-c", "0"), 0);
	CU_ASSERT_EQUAL(PARSE("verify", "nvmetest0", "-s", "4", "-c", "3", "-n", "1"), 0);
	CU_ASSERT_EQUAL(PARSE("flush", "nvmetest0", "-n", "0xffffffff"), 0);

	CU_ASSERT_EQUAL(PARSE("dsm", "nvmetest0", "--ad", "-s", "0,100", "-b", "8,8"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_AD));
	CU_ASSERT_EQUAL(cli_list(&unit_args, CLI_OPT_SLBS, v, CLI_LIST_MAX), 2);
	CU_ASSERT_EQUAL(v[1], 100);
	CU_ASSERT_EQUAL(cli_list(&unit_args, CLI_OPT_BLOCKS, v, CLI_LIST_MAX), 2);
	CU_ASSERT_EQUAL(v[0], 8);
	CU_ASSERT_EQUAL(PARSE("dsm", "nvmetest0", "-d", "-r", "-w", "-s", "0x10", "-b", "1"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_IDR));
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_IDW));

	CU_ASSERT_EQUAL(PARSE("copy", "nvmetest0", "-d", "1000", "-s", "0,8,16", "-b", "7,7,7",
			      "-f"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_SDLBA], 1000);
	CU_ASSERT_EQUAL(cli_list(&unit_args, CLI_OPT_SLBS, v, CLI_LIST_MAX), 3);
	CU_ASSERT_EQUAL(v[2], 16);

	CU_ASSERT_EQUAL(PARSE("io-passthru", "nvmetest0", "--opcode=2", "-n", "1", "-q", "1",
			      "-6", "7", "-l", "4096", "-r"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_OPCODE], 2);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_CDW12], 7);

	CU_ASSERT_EQUAL(PARSE("create-queue", "nvmetest0", "-q", "5", "--cq", "--depth=128",
			      "--vector=2", "--no-ien", "--discontig", "--hold=3"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_QID], 5);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_DEPTH], 128);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_VECTOR], 2);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_HOLD], 3);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_NO_IEN));
	CU_ASSERT_EQUAL(PARSE("create-queue", "nvmetest0", "-q", "5", "--sq", "--cqid=4",
			      "--prio=3"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_CQID], 4);
	CU_ASSERT_EQUAL(PARSE("delete-queue", "nvmetest0", "-q", "5", "--sq"), 0);
	CU_ASSERT_EQUAL(PARSE("queues", "nvmetest0", "-o", "json"), 0);
	CU_ASSERT_EQUAL(PARSE("namespaces", "nvmetest0", "--rescan"), 0);
	CU_ASSERT_EQUAL(PARSE("cmdlog", "nvmetest0", "-q", "1", "-n", "8", "-o", "json"), 0);
	CU_ASSERT_EQUAL(unit_args.count, 8);
	CU_ASSERT(!cli_given(&unit_args, CLI_OPT_VERBOSE));
	CU_ASSERT_EQUAL(PARSE("cmdlog", "nvmetest0", "-q", "2", "-v"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_VERBOSE));
	CU_ASSERT_EQUAL(PARSE("cmdlog", "nvmetest0", "--verbose", "-n", "4"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_VERBOSE));
}

static void test_parse_io_errors(void)
{
	PARSE_FAILS("-c/--block-count 65536 is out of range (at most 65535)", "read",
		    "nvmetest0", "-c", "65536");
	PARSE_FAILS("missing -d/--data", "write", "nvmetest0", "-s", "0");
	PARSE_FAILS("invalid list '0,,8' for -s/--slbs (1 to 256 numbers, comma separated, at most 18446744073709551615)",
		    "dsm", "nvmetest0", "-s", "0,,8", "-b", "1");
	PARSE_FAILS("invalid list '1,x' for -b/--blocks (1 to 256 numbers, comma separated, at most 4294967295)",
		    "dsm", "nvmetest0", "-s", "0,1", "-b", "1,x");
	PARSE_FAILS("missing -b/--blocks", "dsm", "nvmetest0", "-s", "0");
	PARSE_FAILS("missing -d/--sdlba", "copy", "nvmetest0", "-s", "0", "-b", "0");
	PARSE_FAILS("missing -q/--queue-id", "create-queue", "nvmetest0");
	PARSE_FAILS("--prio 4 is out of range (at most 3)", "create-queue", "nvmetest0", "-q",
		    "1", "--prio=4");
	PARSE_FAILS("-q/--queue-id 65536 is out of range (at most 65535)", "cmdlog",
		    "nvmetest0", "-q", "65536");
	PARSE_FAILS("-n/--count must be at least 1", "cmdlog", "nvmetest0", "-n", "0");
	PARSE_FAILS("unknown option '-v'", "queues", "nvmetest0", "-v");
}

static void test_list_parser(void)
{
	uint64_t v[4];

	CU_ASSERT_EQUAL(cli_parse_list("1", v, 4, 0), 1);
	CU_ASSERT_EQUAL(cli_parse_list("1,0x10,010", v, 4, 0), 3);
	CU_ASSERT_EQUAL(v[1], 16);
	CU_ASSERT_EQUAL(v[2], 8);
	CU_ASSERT_EQUAL(cli_parse_list("1,2,3,4,5", v, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_list("", v, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_list("1,", v, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_list("-1", v, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_list("5", v, 4, 4), -EINVAL);
}

/* The IO commands fail cleanly without a device (one "nvmetest:" line). */
static void test_io_no_device(void)
{
	const char *e;

	RUN("read", "/nonexistent/nvmetest9", "-s", "0");
	e = capture_stderr();
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT(!strncmp(e, "nvmetest: read: /nonexistent/nvmetest9: ", 40));
	CU_ASSERT_PTR_NOT_NULL(strchr(e, '\n'));
	CU_ASSERT_EQUAL(strchr(e, '\n')[1], '\0');

	RUN("write", "/nonexistent/nvmetest9", "-d", "/nonexistent/x");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
}

/* --- JSON shapes ------------------------------------------------------------------ */

static void test_json(void)
{
	struct nvmetest_queue_info q = {
		.qid = 1, .type = NVMETEST_QUEUE_SQ, .depth = 64, .cqid = 1, .head = 3,
		.tail = 4, .outstanding = 1, .submitted = 100, .completed = 99,
	};
	struct nvmetest_ns_info ns = {
		.nsid = 2, .flbas = 0x11, .nlbaf = 1, .nsze = 65536, .ncap = 65536,
		.lba_size = 4096, .ms = 8, .extended = 0,
		.lbaf = { 0x00090000, 0x000c0008 },
	};
	struct json_object *o, *arr, *f;

	o = unit_json_reparse(cli_json_queue(&q));
	CU_ASSERT_EQUAL(unit_json_int(o, "qid"), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "type"), "sq");
	CU_ASSERT_EQUAL(unit_json_int(o, "submitted"), 100);
	CU_ASSERT_EQUAL(unit_json_int(o, "outstanding"), 1);
	json_object_put(o);

	o = unit_json_reparse(cli_json_ns_info(&ns));
	CU_ASSERT_EQUAL(unit_json_int(o, "nsid"), 2);
	CU_ASSERT_EQUAL(unit_json_int(o, "lba_size"), 4096);
	CU_ASSERT_EQUAL(unit_json_int(o, "ms"), 8);
	CU_ASSERT_EQUAL(unit_json_int(o, "size"), 65536LL * 4096);
	CU_ASSERT_FATAL(json_object_object_get_ex(o, "lbafs", &arr));
	CU_ASSERT_EQUAL(json_object_array_length(arr), 2);
	f = json_object_array_get_idx(arr, 1);
	CU_ASSERT_EQUAL(unit_json_int(f, "ms"), 8);
	CU_ASSERT_EQUAL(unit_json_int(f, "ds"), 12);
	json_object_put(o);

}

/* The member @key of @o, which must be an object; NULL when absent. */
static struct json_object *get_obj(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

static void test_json_cmdlog(void)
{
	struct nvmetest_cmdlog_entry e;
	struct json_object *o, *sqe, *cqe, *v;

	cmdlog_entry_fill(&e);
	o = unit_json_reparse(cli_json_cmdlog(&e));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "name"), "Read");
	CU_ASSERT_EQUAL(unit_json_int(o, "cid"), 0xbeef);
	CU_ASSERT_EQUAL(unit_json_int(o, "slba"), 0x10101010 | 0x20202020LL << 32);
	CU_ASSERT_EQUAL(unit_json_int(o, "nlb"), 0x3030);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "status_name"), "READ_ERROR");
	CU_ASSERT_EQUAL(unit_json_int(o, "result"), 0xd0d0d0d0);
	CU_ASSERT_EQUAL(unit_json_int(o, "latency_ns"), 1500);
	CU_ASSERT_FALSE(json_object_object_get_ex(o, "cdw10", NULL));
	/* every SQE dword */
	sqe = get_obj(o, "sqe");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sqe);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw0"), 0xbeef0102);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "opc"), 2);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "fuse"), 1);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "psdt"), 0);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cid"), 0xbeef);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "nsid"), 1);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw2"), 0x22222222);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw3"), 0x33333333);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "mptr"), 0x544440000LL);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "prp1"), 0x112345000LL);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "prp2"), 0x29abcd000LL);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw10"), 0x10101010);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw11"), 0x20202020);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw12"), 0x30303030);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw13"), 0x40404040);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw14"), 0x50505050);
	CU_ASSERT_EQUAL(unit_json_int(sqe, "cdw15"), 0x60606060);
	CU_ASSERT_EQUAL(json_object_object_length(sqe), 17);
	/* every CQE dword, and its fields */
	cqe = get_obj(o, "cqe");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cqe);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "dw0"), 0xd0d0d0d0);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "dw1"), 0xd1d1d1d1);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "dw2"), 0x0003002a);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "dw3"), 0xbeefLL | 1 << 16 | 0x0281LL << 17);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "sqhd"), 42);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "sqid"), 3);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "cid"), 0xbeef);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "p"), 1);
	CU_ASSERT_EQUAL(unit_json_int(cqe, "status"), 0x0281);
	json_object_put(o);

	/* outstanding, or ended by the host: no CQE, "cqe": null */
	e.done = 0;
	o = unit_json_reparse(cli_json_cmdlog(&e));
	CU_ASSERT(json_object_object_get_ex(o, "cqe", &v) && v == NULL);
	CU_ASSERT_PTR_NOT_NULL(get_obj(o, "sqe"));
	json_object_put(o);
	e.done = 1;
	e.host_status = NVMETEST_HOST_ABORTED_RESET;
	memset(e.cqe, 0, sizeof(e.cqe));
	o = unit_json_reparse(cli_json_cmdlog(&e));
	CU_ASSERT(json_object_object_get_ex(o, "cqe", &v) && v == NULL);
	json_object_put(o);
	/* a late completion after a timeout is the device's */
	cmdlog_entry_fill(&e);
	e.host_status = NVMETEST_HOST_TIMEOUT;
	o = unit_json_reparse(cli_json_cmdlog(&e));
	CU_ASSERT_EQUAL(unit_json_int(get_obj(o, "cqe"), "sqid"), 3);
	json_object_put(o);
}

/* cli_print_cmdlog() into a string (freed by the caller). */
static char *print_cmdlog(const struct nvmetest_cmdlog_entry *e, bool verbose)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	cli_print_cmdlog(f, e, verbose);
	fclose(f);
	return buf;
}

static void test_print_cmdlog(void)
{
	struct nvmetest_cmdlog_entry e;
	char *out;

	cmdlog_entry_fill(&e);
	/* the table row alone */
	out = print_cmdlog(&e, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " Read "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "READ_ERROR"));
	CU_ASSERT_PTR_NULL(strstr(out, "prp1"));
	CU_ASSERT_PTR_EQUAL(strchr(out, '\n'), out + strlen(out) - 1);	/* one line */
	free(out);

	/* -v: and every dword of the SQE and the CQE under it */
	out = print_cmdlog(&e, true);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "sqe  cdw0  0xbeef0102  nsid  0x00000001  cdw2  0x22222222  cdw3  0x33333333\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mptr  0x0000000544440000  prp1  0x0000000112345000  prp2  0x000000029abcd000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cdw10 0x10101010  cdw11 0x20202020  cdw12 0x30303030\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cdw13 0x40404040  cdw14 0x50505050  cdw15 0x60606060\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cqe  dw0   0xd0d0d0d0  dw1   0xd1d1d1d1  sqhd  42          sqid  3\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cid   48879       p     1           status 0x0281\n"));
	free(out);

	e.done = 0;
	out = print_cmdlog(&e, true);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "OUTSTANDING"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "prp1  0x0000000112345000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cqe  none yet: outstanding\n"));
	free(out);
	e.done = 1;
	e.host_status = NVMETEST_HOST_DEVICE_GONE;
	out = print_cmdlog(&e, true);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cqe  none: ended by the host (DEVICE_GONE)\n"));
	free(out);
}

static CU_TestInfo lib_tests[] = {
	{ "block command building", test_io_build },
	{ "dataset management building", test_dsm_build },
	{ "copy building", test_copy_build },
	{ "NVM opcode names", test_names },
	{ "command log decoding", test_cmdlog_decode },
	{ "SQE decoding", test_sqe_decode },
	{ "io_uring SQE filling", test_uring_fill },
	{ "io_uring CQE32 decoding", test_uring_complete },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cli_tests[] = {
	{ "parse IO commands", test_parse_io },
	{ "parse IO command errors", test_parse_io_errors },
	{ "number lists", test_list_parser },
	{ "IO commands without a device", test_io_no_device },
	{ "queue and namespace JSON", test_json },
	{ "cmdlog JSON: every SQE and CQE dword", test_json_cmdlog },
	{ "cmdlog -v: every SQE and CQE dword", test_print_cmdlog },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return unit_run_lib_cli("IO library", lib_tests, "IO CLI", cli_tests);
}
