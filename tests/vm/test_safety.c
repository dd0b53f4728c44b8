// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "safety": user input that would make the device touch memory
 * the driver did not give it, each a probe that once did (issues "CI that
 * never lies" and "Memory safety against a hostile tester"): a transfer
 * longer than the data buffer (one page, a PRP list, no buffer at all),
 * metadata longer than the metadata buffer (or none), and stale ring
 * entries replayed through a raw CC toggle or raw SQ tail doorbell
 * writes. Each overrun must be sent as is, land in the driver's sink and
 * come back as NVMETEST_HOST_OVERRUN with the bytes beyond the buffer and
 * a marked command log entry; a replay must not write into a buffer the
 * driver has let go of. Also the registers REG_WRITE now refuses or
 * follows (BPRSEL, CC), and 600 malformed commands of those shapes mixed.
 * Expects tests/vm/run-all's SPEC: ns 1 with
 * 512-byte LBAs; a namespace with separate metadata (ns 4: 512 + 64, or
 * ns 2: 4096 + 8).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "tests/common.h"
#include "vmtest.h"

#define PAGE		4096
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define OPC_GET_LOG	0x02
#define OPC_IDENTIFY	0x06
#define CNS_CTRL	1
#define LID_SMART	0x02
#define REG_CC		0x14
#define REG_INTMC	0x10
#define REG_BPRSEL	0x44
#define REG_SQ0TDBL	0x1000
#define CC_EN		1u
#define CANARY		0xcc
#define SINK_POISON	0xad

#define QID		1
#define NVEC		4

static char devpath[64];
static int fd = -1;
static struct nvmetest_ns_info ns[8];
static uint32_t nr_ns;

static struct nvmetest_info info(void)
{
	struct nvmetest_info i;

	memset(&i, 0, sizeof(i));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &i), 0);
	return i;
}

/* The suite's init once vmt_run_bound() has the device open. */
static int setup(void)
{
	int n;

	if (vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, NVEC, 8))
		return -1;
	n = vmt_ns_list(fd, ns, sizeof(ns) / sizeof(ns[0]), NULL);
	if (n < 0)
		return -1;
	nr_ns = n;
	return vmt_ioq_pair(fd, QID, 64, 1) ? -1 : 0;
}

/* The newest command log entry of queue @qid. */
static int last_entry(uint16_t qid, struct nvmetest_cmdlog_entry *e)
{
	struct nvmetest_cmdlog cl;

	memset(&cl, 0, sizeof(cl));
	cl.entries = (uintptr_t)e;
	cl.count = 1;
	cl.qid = qid;
	return vmt_ioctl(fd, NVMETEST_IOC_CMDLOG, &cl) ?: cl.count == 1 ? 0 : -ENOENT;
}

static uint64_t sqe_u64(const struct nvmetest_cmdlog_entry *e, unsigned int off)
{
	uint64_t v;

	memcpy(&v, e->sqe + off, sizeof(v));
	return v;
}

#define SQE_MPTR	16
#define SQE_PRP1	24
#define SQE_PRP2	32

/* The command went out with the device's status in the CQE, and OVERRUN. */
static void check_overrun(const struct nvmetest_cmd *c, uint16_t qid,
			  uint32_t data, uint32_t meta)
{
	struct nvmetest_cmdlog_entry e;
	uint32_t dw3;

	CU_ASSERT_EQUAL(c->host_status, NVMETEST_HOST_OVERRUN);
	memcpy(&dw3, &c->cqe[12], 4);
	CU_ASSERT_EQUAL((dw3 >> 17) & 0x7ff, 0);
	CU_ASSERT_EQUAL(c->overrun, data);
	CU_ASSERT_EQUAL(c->meta_overrun, meta);
	CU_ASSERT_EQUAL_FATAL(last_entry(qid, &e), 0);
	CU_ASSERT(e.flags & NVMETEST_CMDLOG_OVERRUN);
	CU_ASSERT_EQUAL(e.host_status, NVMETEST_HOST_OVERRUN);
	CU_ASSERT(e.done);
	/* Nothing the device may follow is 0. */
	CU_ASSERT_NOT_EQUAL(sqe_u64(&e, SQE_PRP1), 0);
	CU_ASSERT_NOT_EQUAL(sqe_u64(&e, SQE_PRP2), 0);
}

static const struct nvmetest_ns_info *ns_sep_meta(void)
{
	const struct nvmetest_ns_info *best = NULL;
	uint32_t i;

	for (i = 0; i < nr_ns; i++)
		if (ns[i].ms && !ns[i].extended &&
		    (!best || ns[i].ms > best->ms))
			best = &ns[i];
	return best;
}

/* Read 64 LBAs (32 KiB) into a 4 KiB buffer, and the matching Write. */
static void test_one_page_buffer(void)
{
	uint8_t *data = vmt_pages(8), *buf = vmt_pages(1);
	struct nvmetest_cmd c;

	CU_ASSERT_FATAL(data && buf && ns[0].lba_size == 512);
	vmt_fill(data, 8 * PAGE, 1);
	CU_ASSERT_EQUAL_FATAL(vmt_nvm_rw(fd, QID, OPC_WRITE, ns[0].nsid, 4096, 64,
					 data, 8 * PAGE, NULL, 0), 0);
	memset(buf, CANARY, PAGE);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, ns[0].nsid, 4096, 0, 63, buf,
			       PAGE, NULL, 0, 0, 0, &c), VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, QID, 7 * PAGE, 0);
	CU_ASSERT_EQUAL(memcmp(buf, data, PAGE), 0);

	/* The Write sends the sink past the buffer: the driver's poison. */
	vmt_fill(buf, PAGE, 2);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_WRITE, ns[0].nsid, 4096, 0, 63, buf,
			       PAGE, NULL, 0, 0, 0, &c), VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, QID, 7 * PAGE, 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, ns[0].nsid, 4096, 64,
				   data, 8 * PAGE, NULL, 0), 0);
	CU_ASSERT_EQUAL(memcmp(data, buf, PAGE), 0);
	CU_ASSERT(all_bytes(data + PAGE, 7 * PAGE, SINK_POISON));
	munmap(data, 8 * PAGE);
	munmap(buf, PAGE);
}

/* Read 23 blocks (11.5 KiB) into 8 KiB, at a page offset: a PRP list. */
static void test_list_buffer(void)
{
	uint8_t *data = vmt_pages(3), *area = vmt_pages(4), *buf = area + 512;
	struct nvmetest_cmd c;

	CU_ASSERT_FATAL(data && area);
	vmt_fill(data, 3 * PAGE, 3);
	CU_ASSERT_EQUAL_FATAL(vmt_nvm_rw(fd, QID, OPC_WRITE, ns[0].nsid, 8192, 23,
					 data, 23 * 512, NULL, 0), 0);
	memset(area, CANARY, 4 * PAGE);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, ns[0].nsid, 8192, 0, 22, buf,
			       2 * PAGE, NULL, 0, 0, 0, &c), VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, QID, 23 * 512 - 2 * PAGE, 0);
	CU_ASSERT_EQUAL(memcmp(buf, data, 2 * PAGE), 0);
	/* Not a byte around the buffer, in its own pages. */
	CU_ASSERT(all_bytes(area, 512, CANARY));
	CU_ASSERT(all_bytes(buf + 2 * PAGE, 2 * PAGE - 512, CANARY));
	munmap(data, 3 * PAGE);
	munmap(area, 4 * PAGE);
}

/* Commands that move data, sent without a buffer or with a short one. */
static void test_no_buffer(void)
{
	uint8_t *buf = vmt_pages(1);
	struct nvmetest_cmdlog_entry e;
	struct nvmetest_cmd c;

	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, NULL, 0,
			       NULL, 0, 0, 0, &c), VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, 0, PAGE, 0);
	/* SMART log, 512 bytes (NUMDL 127), into 64 bytes. */
	memset(buf, CANARY, PAGE);
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_GET_LOG, 0xffffffff,
			       127u << 16 | LID_SMART, 0, 0, buf, 64, NULL, 0,
			       0, 0, &c), VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, 0, 512 - 64, 0);
	CU_ASSERT(all_bytes(buf + 64, PAGE - 64, CANARY));
	/* A Read of one block without a buffer. */
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, ns[0].nsid, 0, 0, 0, NULL, 0,
			       NULL, 0, 0, 0, &c), VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, QID, 512, 0);
	/* An opcode without data and no buffer: no pointer at all. */
	CU_ASSERT_EQUAL(vmt_io(fd, QID, 0x00, ns[0].nsid, 0, 0, 0, NULL, 0,
			       NULL, 0, 0, 0, &c), 0);
	CU_ASSERT_EQUAL_FATAL(last_entry(QID, &e), 0);
	CU_ASSERT_EQUAL(sqe_u64(&e, SQE_PRP1), 0);
	CU_ASSERT_EQUAL(sqe_u64(&e, SQE_PRP2), 0);
	CU_ASSERT_EQUAL(e.flags, 0);
	/* A transfer that fits: no overrun, no mark. */
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, buf, PAGE,
			       NULL, 0, 0, 0, &c), 0);
	CU_ASSERT_EQUAL(c.overrun, 0);
	CU_ASSERT_EQUAL_FATAL(last_entry(0, &e), 0);
	CU_ASSERT_EQUAL(e.flags, 0);
	munmap(buf, PAGE);
}

/*
 * Separate metadata: a Read whose metadata is longer than the metadata
 * buffer, and one without any (MPTR was 0: the device wrote to address 0;
 * 1024 blocks with 64 bytes each and a 64-byte buffer oopsed the host).
 */
static void test_metadata(void)
{
	const struct nvmetest_ns_info *n = ns_sep_meta();
	struct nvmetest_info i = info();
	struct nvmetest_cmdlog_entry e;
	uint32_t nlb, len;
	struct nvmetest_cmd c;
	uint8_t *data, *meta;

	if (!n) {
		fprintf(stderr, "safety: no namespace with separate metadata: skipped\n");
		return;
	}
	nlb = i.max_xfer / n->lba_size;
	if (nlb > 1024)
		nlb = 1024;
	len = nlb * n->lba_size;
	data = vmt_pages(len / PAGE);
	meta = vmt_pages(1);
	CU_ASSERT_FATAL(data && meta);
	memset(meta, CANARY, PAGE);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, n->nsid, 0, 0, nlb - 1, data,
			       len, meta, n->ms, 0, 0, &c),
			VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, QID, 0, (nlb - 1) * n->ms);
	CU_ASSERT(all_bytes(meta + n->ms, PAGE - n->ms, CANARY));

	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, n->nsid, 0, 0, nlb - 1, data,
			       len, NULL, 0, 0, 0, &c),
			VMT_HOST | NVMETEST_HOST_OVERRUN);
	check_overrun(&c, QID, 0, nlb * n->ms);
	CU_ASSERT_EQUAL_FATAL(last_entry(QID, &e), 0);
	CU_ASSERT_NOT_EQUAL(sqe_u64(&e, SQE_MPTR), 0);

	/* Enough metadata: nothing beyond. */
	munmap(meta, PAGE);
	meta = vmt_pages((nlb * n->ms + PAGE - 1) / PAGE);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, n->nsid, 0, 0, nlb - 1, data,
			       len, meta, nlb * n->ms, 0, 0, &c), 0);
	CU_ASSERT_EQUAL(c.meta_overrun, 0);
	munmap(meta, (nlb * n->ms + PAGE - 1) / PAGE * PAGE);
	munmap(data, len);
}

static int reg_write(uint32_t off, uint16_t width, uint64_t v)
{
	return vmt_reg(fd, true, off, width, &v, 0);
}

/* Identify into @buf, then the canary over it: the driver has let go. */
static void identify_then_canary(uint8_t *buf)
{
	struct nvmetest_cmd c;

	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, buf, PAGE,
			       NULL, 0, 0, 0, &c), 0);
	memset(buf, CANARY, PAGE);
}

/*
 * REG_WRITE CC.EN 1 -> 0 -> 1 and one more admin command: the device
 * once fetched the admin ring from 0 again and ran the completed Identify
 * a second time, into its buffer. Now the driver follows the write: the
 * controller is disabled, and a command needs a new init.
 */
static void test_replay_cc(void)
{
	uint8_t *old = vmt_pages(1), *buf = vmt_pages(1);
	struct nvmetest_adminq_setup as = { .sq_depth = 32, .cq_depth = 32 };
	struct nvmetest_info i;
	struct nvmetest_cmd c;
	uint32_t cc;

	CU_ASSERT_FATAL(old && buf);
	identify_then_canary(old);
	i = info();
	cc = i.cc;
	CU_ASSERT(cc & CC_EN);
	CU_ASSERT_EQUAL(reg_write(REG_CC, 4, cc & ~CC_EN), 0);
	CU_ASSERT_EQUAL(info().state, NVMETEST_STATE_DISABLED);
	CU_ASSERT_EQUAL(reg_write(REG_CC, 4, cc), 0);
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, buf, PAGE,
			       NULL, 0, 0, 0, &c), -ENXIO);
	usleep(200 * 1000);
	CU_ASSERT(all_bytes(old, PAGE, CANARY));

	/* A raw CC.EN = 1 with the admin queue set up is an enable. */
	CU_ASSERT_EQUAL(reg_write(REG_CC, 4, cc & ~CC_EN), 0);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_ADMINQ_SETUP, &as), 0);
	CU_ASSERT_EQUAL(info().state, NVMETEST_STATE_ADMINQ);
	CU_ASSERT_EQUAL(reg_write(REG_CC, 4, cc), 0);
	CU_ASSERT_EQUAL(info().state, NVMETEST_STATE_ENABLED);
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, buf, PAGE,
			       NULL, 0, 0, 0, &c), 0);
	CU_ASSERT_EQUAL(memcmp(buf + 4, "NVMT", 4), 0);
	CU_ASSERT(all_bytes(old, PAGE, CANARY));

	/* A write that straddles CC is refused. */
	CU_ASSERT_EQUAL(reg_write(REG_INTMC, 8, 0), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	munmap(old, PAGE);
	munmap(buf, PAGE);
}

/*
 * REG_WRITE of the admin SQ tail doorbell with every value: the device
 * once ran the completed Identify again from its stale entry. Now every
 * entry without a command in flight is scrubbed: with the queue idle the
 * writes run no-ops, with a command in flight (an AER) they are refused.
 */
static void test_replay_doorbell(void)
{
	struct nvmetest_aer_config ac = { .count = 1 };
	uint8_t *old = vmt_pages(1), *buf = vmt_pages(1);
	struct nvmetest_cmd c;
	uint32_t v, depth = info().asq_depth;
	int ret, busy = 0;

	CU_ASSERT_FATAL(old && buf && depth);
	identify_then_canary(old);
	for (v = 0; v < depth; v++) {
		ret = reg_write(REG_SQ0TDBL, 4, v);
		CU_ASSERT(ret == 0 || ret == -EBUSY);
		busy += ret == -EBUSY;
	}
	usleep(200 * 1000);
	CU_ASSERT(all_bytes(old, PAGE, CANARY));
	/* The driver's own queue still works after the device's detour. */
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, buf, PAGE,
			       NULL, 0, 0, 0, &c), 0);
	CU_ASSERT_EQUAL(memcmp(buf + 4, "NVMT", 4), 0);
	CU_ASSERT(all_bytes(old, PAGE, CANARY));

	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_AER_CONFIG, &ac), 0);
	CU_ASSERT_EQUAL(reg_write(REG_SQ0TDBL, 4, 0), -EBUSY);
	/* 8 bytes: the SQ 0 tail and the CQ 0 head; the tail is judged */
	CU_ASSERT_EQUAL(reg_write(REG_SQ0TDBL, 8, 0), -EBUSY);
	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	munmap(old, PAGE);
	munmap(buf, PAGE);
}

/* xorshift32: the shapes below are the same in every run. */
static uint32_t rnd(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/*
 * Many malformed commands of the kinds above, mixed: admin commands that
 * read (Identify, Get Log Page, Get Features, vendor opcodes) with any
 * dword count and buffer length, and NVM commands on every namespace with
 * any NLB, data length and metadata length, inside a scratch LBA range.
 * The device may refuse or complete each; the driver must answer with a
 * valid host status, never let a byte land beside the buffers, and still
 * work at the end.
 */
static void test_random_shapes(void)
{
	static const uint8_t admin_opc[] = { 0x02, 0x06, 0x0a, 0xc1, 0xfe };
	static const uint8_t io_opc[] = { 0x00, 0x01, 0x02, 0x05, 0x08, 0x0c,
					  0x81, 0x82 };
	struct nvmetest_info i = info();
	uint32_t max = i.max_xfer, state = 0x5eed1234, n, bad = 0;
	size_t area_len = max + 4 * PAGE;
	uint8_t *area = vmt_pages(area_len / PAGE);
	uint8_t *marea = vmt_pages(18);
	struct nvmetest_cmd c;
	int ret;

	CU_ASSERT_FATAL(area && marea && nr_ns);
	for (n = 0; n < 600; n++) {
		uint32_t r = rnd(&state), off = (rnd(&state) % 1024) * 4;
		uint32_t len = r & 1 ? rnd(&state) % (max + 1) :
			       rnd(&state) % (3 * PAGE);
		uint32_t mlen = r & 2 ? rnd(&state) % 256 : 0;
		const struct nvmetest_ns_info *nsi = &ns[rnd(&state) % nr_ns];
		bool admin = r & 4;
		uint32_t cdw10, cdw11 = 0, cdw12 = 0, nsid;
		uint16_t qid = admin ? 0 : QID;
		uint8_t opc;

		if (len + off > max)
			len = max - off;
		memset(area, CANARY, area_len);
		memset(marea, CANARY, 18 * PAGE);
		if (admin) {
			opc = admin_opc[rnd(&state) % sizeof(admin_opc)];
			nsid = r & 8 ? 0xffffffff : 0;
			/* CNS 0..3, or a log page with 1..8 KiB, or a feature */
			cdw10 = opc == 0x06 ? rnd(&state) % 4 :
				opc == 0x02 ? (rnd(&state) % 2048) << 16 | 0x02 :
				rnd(&state) % 0x20;
			mlen = 0;
		} else {
			opc = io_opc[rnd(&state) % sizeof(io_opc)];
			nsid = nsi->nsid;
			cdw10 = (uint32_t)(nsi->nsze / 2 + rnd(&state) % 1024);
			cdw12 = rnd(&state) % (r & 16 ? 256 : 16);
		}
		ret = vmt_io(fd, qid, opc, nsid, cdw10, cdw11, cdw12,
			     len ? area + PAGE + off : NULL, len,
			     mlen ? marea + PAGE : NULL, mlen, 0, 0, &c);
		if (ret < 0 && ret != -EINVAL) {
			fprintf(stderr, "safety: shape %u: opcode 0x%02x len %u: %d\n",
				n, opc, len, ret);
			bad++;
			continue;
		}
		if (ret == (VMT_HOST | NVMETEST_HOST_OVERRUN) &&
		    !c.overrun && !c.meta_overrun)
			bad++;
		else if (ret & VMT_HOST && ret != (VMT_HOST | NVMETEST_HOST_OVERRUN))
			bad++;
		if (!all_bytes(area, PAGE + off, CANARY) ||
		    !all_bytes(area + PAGE + off + len,
			       area_len - PAGE - off - len, CANARY) ||
		    !all_bytes(marea, PAGE, CANARY) ||
		    !all_bytes(marea + PAGE + mlen, 17 * PAGE - mlen, CANARY)) {
			fprintf(stderr, "safety: shape %u: opcode 0x%02x len %u mlen %u wrote beside its buffers\n",
				n, opc, len, mlen);
			bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, CNS_CTRL, 0, 0, area,
			       PAGE, NULL, 0, 0, 0, &c), 0);
	CU_ASSERT_EQUAL(memcmp(area + 4, "NVMT", 4), 0);
	munmap(area, area_len);
	munmap(marea, 18 * PAGE);
}

/* A Boot Partition Read Select write DMAs to BPMBL: unsafe. */
static void test_bprsel(void)
{
	CU_ASSERT_EQUAL(reg_write(REG_BPRSEL, 4, 1), -EPERM);
}

static CU_TestInfo tests[] = {
	{ "transfer past a one-page buffer", test_one_page_buffer },
	{ "transfer past a PRP-list buffer", test_list_buffer },
	{ "data commands without a buffer", test_no_buffer },
	{ "metadata past its buffer, or none", test_metadata },
	{ "600 malformed commands of every shape", test_random_shapes },
	{ "replay through CC.EN", test_replay_cc },
	{ "replay through the SQ tail doorbell", test_replay_doorbell },
	{ "BPRSEL is unsafe", test_bprsel },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_bound("safety", &fd, devpath, sizeof(devpath), setup, tests);
}
