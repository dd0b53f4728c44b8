// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the IO side without a device: the SQE of every NVM
 * command helper (SLBA split over CDW10/11, 0's based NLB, FUA/LR/DEAC,
 * DSM and Copy range layouts), NVM opcode names, command log decoding,
 * the io_uring SQE128 and CQE32 handling of the async path, the parsing
 * of the IO commands' options, and the JSON shapes of queues, namespaces
 * and command log entries.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "cli.h"
#include "private.h"
#include "unit.h"

#define ARGC(v)	((int)(sizeof(v) / sizeof((v)[0])))

static uint32_t le32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

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
	CU_ASSERT_EQUAL(le32_at(sqe + 4), 2);
	CU_ASSERT_EQUAL(le32_at(sqe + 40), 0x56789abc);
	CU_ASSERT_EQUAL(le32_at(sqe + 44), 0x1234);
	CU_ASSERT_EQUAL(le32_at(sqe + 48), 0xc0000007);

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
	CU_ASSERT_EQUAL(le32_at(p), 0x01020304);
	CU_ASSERT_EQUAL(le32_at(p + 4), 8);
	CU_ASSERT_EQUAL(le32_at(p + 8), 0x55667788);
	CU_ASSERT_EQUAL(le32_at(p + 12), 0x11223344);
	CU_ASSERT_EQUAL(le32_at(p + 16 + 4), 16);
	CU_ASSERT_EQUAL(le32_at(p + 16 + 8), 100);

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
	CU_ASSERT_EQUAL(le32_at(p), 0);
	CU_ASSERT_EQUAL(le32_at(p + 8), 0x1000);
	CU_ASSERT_EQUAL(le32_at(p + 12), 0);
	CU_ASSERT_EQUAL(p[16], 7);
	CU_ASSERT_EQUAL(p[17], 0);
	CU_ASSERT_EQUAL(le32_at(p + 28), 0);
	CU_ASSERT_EQUAL(le32_at(p + 32 + 8), 0x2000);

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

static struct cli_args args;
static char err[256];

static int parse(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_cmd_find(cli_commands, cli_nr_commands, argv[0]);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
	return cli_parse(cmd, argc, argv, &args, err, sizeof(err));
}

#define PARSE(...) ({ char *v_[] = { __VA_ARGS__ }; parse(ARGC(v_), v_); })

#define PARSE_FAILS(msg, ...) do {					\
	CU_ASSERT_EQUAL(PARSE(__VA_ARGS__), -EINVAL);			\
	CU_ASSERT_STRING_EQUAL(err, msg);				\
} while (0)

static void test_parse_io(void)
{
	uint64_t v[CLI_LIST_MAX];

	CU_ASSERT_EQUAL(PARSE("read", "nvmetest0", "-s", "0x100", "-c", "7", "-z", "4096",
			      "-d", "out.bin", "-n", "2", "-q", "3", "-f", "-l", "-t", "100",
			      "-o", "json"), 0);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_START_BLOCK], 0x100);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_BLOCK_COUNT], 7);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_DATA_SIZE], 4096);
	CU_ASSERT_STRING_EQUAL(args.str[CLI_OPT_DATA], "out.bin");
	CU_ASSERT_EQUAL(cli_num(&args, CLI_OPT_NSID, 1), 2);
	CU_ASSERT_EQUAL(cli_num(&args, CLI_OPT_QID, 1), 3);
	CU_ASSERT(cli_given(&args, CLI_OPT_FUA));
	CU_ASSERT(cli_given(&args, CLI_OPT_LR));
	CU_ASSERT_EQUAL(args.format, CLI_FMT_JSON);

	CU_ASSERT_EQUAL(PARSE("write", "nvmetest0", "--start-block=8", "--block-count=0",
			      "--data=in.bin", "--metadata=m.bin", "--metadata-size=8"), 0);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_START_BLOCK], 8);
	CU_ASSERT_STRING_EQUAL(args.str[CLI_OPT_META_FILE], "m.bin");
	CU_ASSERT_EQUAL(args.num[CLI_OPT_META_SIZE], 8);
	CU_ASSERT(!cli_given(&args, CLI_OPT_QID));

	CU_ASSERT_EQUAL(PARSE("write-zeroes", "nvmetest0", "-s", "0", "-c", "15", "-d"), 0);
	CU_ASSERT(cli_given(&args, CLI_OPT_DEAC));
	CU_ASSERT_EQUAL(PARSE("write-uncor", "nvmetest0", "-s", "4", "-c", "0"), 0);
	CU_ASSERT_EQUAL(PARSE("verify", "nvmetest0", "-s", "4", "-c", "3", "-n", "1"), 0);
	CU_ASSERT_EQUAL(PARSE("flush", "nvmetest0", "-n", "0xffffffff"), 0);

	CU_ASSERT_EQUAL(PARSE("dsm", "nvmetest0", "--ad", "-s", "0,100", "-b", "8,8"), 0);
	CU_ASSERT(cli_given(&args, CLI_OPT_AD));
	CU_ASSERT_EQUAL(cli_list(&args, CLI_OPT_SLBS, v, CLI_LIST_MAX), 2);
	CU_ASSERT_EQUAL(v[1], 100);
	CU_ASSERT_EQUAL(cli_list(&args, CLI_OPT_BLOCKS, v, CLI_LIST_MAX), 2);
	CU_ASSERT_EQUAL(v[0], 8);
	CU_ASSERT_EQUAL(PARSE("dsm", "nvmetest0", "-d", "-r", "-w", "-s", "0x10", "-b", "1"), 0);
	CU_ASSERT(cli_given(&args, CLI_OPT_IDR));
	CU_ASSERT(cli_given(&args, CLI_OPT_IDW));

	CU_ASSERT_EQUAL(PARSE("copy", "nvmetest0", "-d", "1000", "-s", "0,8,16", "-b", "7,7,7",
			      "-f"), 0);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_SDLBA], 1000);
	CU_ASSERT_EQUAL(cli_list(&args, CLI_OPT_SLBS, v, CLI_LIST_MAX), 3);
	CU_ASSERT_EQUAL(v[2], 16);

	CU_ASSERT_EQUAL(PARSE("io-passthru", "nvmetest0", "--opcode=2", "-n", "1", "-q", "1",
			      "-6", "7", "-l", "4096", "-r"), 0);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_OPCODE], 2);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_CDW12], 7);

	CU_ASSERT_EQUAL(PARSE("create-queue", "nvmetest0", "-q", "5", "--cq", "--depth=128",
			      "--vector=2", "--no-ien", "--discontig", "--hold=3"), 0);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_QID], 5);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_DEPTH], 128);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_VECTOR], 2);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_HOLD], 3);
	CU_ASSERT(cli_given(&args, CLI_OPT_NO_IEN));
	CU_ASSERT_EQUAL(PARSE("create-queue", "nvmetest0", "-q", "5", "--sq", "--cqid=4",
			      "--prio=3"), 0);
	CU_ASSERT_EQUAL(args.num[CLI_OPT_CQID], 4);
	CU_ASSERT_EQUAL(PARSE("delete-queue", "nvmetest0", "-q", "5", "--sq"), 0);
	CU_ASSERT_EQUAL(PARSE("queues", "nvmetest0", "-o", "json"), 0);
	CU_ASSERT_EQUAL(PARSE("namespaces", "nvmetest0", "--rescan"), 0);
	CU_ASSERT_EQUAL(PARSE("cmdlog", "nvmetest0", "-q", "1", "-n", "8", "-o", "json"), 0);
	CU_ASSERT_EQUAL(args.count, 8);
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
	char *argv[] = { "nvmetest", "read", "/nonexistent/nvmetest9", "-s", "0" };
	char *argv2[] = { "nvmetest", "write", "/nonexistent/nvmetest9", "-d", "/nonexistent/x" };
	const char *e;
	int ret;

	capture_begin();
	ret = cli_main(ARGC(argv), argv);
	capture_end();
	e = capture_stderr();
	CU_ASSERT_EQUAL(ret, CLI_EXIT_FAIL);
	CU_ASSERT(!strncmp(e, "nvmetest: read: /nonexistent/nvmetest9: ", 40));
	CU_ASSERT_PTR_NOT_NULL(strchr(e, '\n'));
	CU_ASSERT_EQUAL(strchr(e, '\n')[1], '\0');

	capture_begin();
	ret = cli_main(ARGC(argv2), argv2);
	capture_end();
	CU_ASSERT_EQUAL(ret, CLI_EXIT_FAIL);
}

/* --- JSON shapes ------------------------------------------------------------------ */

static struct json_object *reparse(struct json_object *o)
{
	struct json_object *back = json_tokener_parse(json_object_to_json_string(o));

	json_object_put(o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	return back;
}

static int64_t get_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return -12345;
	return json_object_get_int64(v);
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

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
	struct nvmetest_cmdlog_rec r = {
		.qid = 1, .seq = 5, .opcode = 2, .name = "Read", .cid = 7, .nsid = 1,
		.has_lba = true, .slba = 16, .nlb = 7, .done = true, .status = 0x0281,
		.submit_ns = 10, .complete_ns = 30, .latency_ns = 20,
	};
	struct json_object *o, *arr, *f;

	o = reparse(cli_json_queue(&q));
	CU_ASSERT_EQUAL(get_int(o, "qid"), 1);
	CU_ASSERT_STRING_EQUAL(get_str(o, "type"), "sq");
	CU_ASSERT_EQUAL(get_int(o, "submitted"), 100);
	CU_ASSERT_EQUAL(get_int(o, "outstanding"), 1);
	json_object_put(o);

	o = reparse(cli_json_ns_info(&ns));
	CU_ASSERT_EQUAL(get_int(o, "nsid"), 2);
	CU_ASSERT_EQUAL(get_int(o, "lba_size"), 4096);
	CU_ASSERT_EQUAL(get_int(o, "ms"), 8);
	CU_ASSERT_EQUAL(get_int(o, "size"), 65536LL * 4096);
	CU_ASSERT_FATAL(json_object_object_get_ex(o, "lbafs", &arr));
	CU_ASSERT_EQUAL(json_object_array_length(arr), 2);
	f = json_object_array_get_idx(arr, 1);
	CU_ASSERT_EQUAL(get_int(f, "ms"), 8);
	CU_ASSERT_EQUAL(get_int(f, "ds"), 12);
	json_object_put(o);

	o = reparse(cli_json_cmdlog_rec(&r));
	CU_ASSERT_STRING_EQUAL(get_str(o, "name"), "Read");
	CU_ASSERT_EQUAL(get_int(o, "slba"), 16);
	CU_ASSERT_EQUAL(get_int(o, "nlb"), 7);
	CU_ASSERT_STRING_EQUAL(get_str(o, "status_name"), "READ_ERROR");
	CU_ASSERT_EQUAL(get_int(o, "latency_ns"), 20);
	CU_ASSERT_EQUAL(get_int(o, "cdw10"), -12345);
	json_object_put(o);
}

static CU_TestInfo lib_tests[] = {
	{ "block command building", test_io_build },
	{ "dataset management building", test_dsm_build },
	{ "copy building", test_copy_build },
	{ "NVM opcode names", test_names },
	{ "command log decoding", test_cmdlog_decode },
	{ "io_uring SQE filling", test_uring_fill },
	{ "io_uring CQE32 decoding", test_uring_complete },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cli_tests[] = {
	{ "parse IO commands", test_parse_io },
	{ "parse IO command errors", test_parse_io_errors },
	{ "number lists", test_list_parser },
	{ "IO commands without a device", test_io_no_device },
	{ "queue, namespace and cmdlog JSON", test_json },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "IO library", NULL, NULL, NULL, NULL, lib_tests },
	{ "IO CLI", NULL, NULL, NULL, NULL, cli_tests },
	CU_SUITE_INFO_NULL,
};

int main(void)
{
	return unit_run(suites);
}
