// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "io": IO queues (CQ_CREATE, SQ_CREATE, QUEUE_DELETE,
 * QUEUE_LIST, ownership by the file), NVM commands through CMD on IO
 * queues and their effect on QEMU's namespaces (data integrity with and
 * without separate metadata, Write Zeroes, Write Uncorrectable, Dataset
 * Management, Compare, Copy, Flush, Verify), NS_LIST against the VM
 * configuration, and the command log. Expects tests/vm/run-all's SPEC: ns
 * 1 with 512-byte LBAs, ns 2 with 4096-byte LBAs and 8 bytes of separate
 * metadata; MSI-X.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "vmtest.h"

#define PAGE		4096
#define OPC_FLUSH	0x00
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define OPC_WRITE_UNC	0x04
#define OPC_COMPARE	0x05
#define OPC_WRITE_ZEROES 0x08
#define OPC_DSM		0x09
#define OPC_VERIFY	0x0c
#define OPC_COPY	0x19
#define OPC_IDENTIFY	0x06

#define SC_INVALID_FIELD	0x002
#define SC_ABORT_SQ_DEL		0x008
#define SC_INVALID_QID		0x101
#define SC_INVALID_QSIZE	0x102
#define SC_INVALID_VECTOR	0x108
#define SC_READ_ERROR		0x281
#define SC_COMPARE_FAILED	0x285

/* ONCS bits (Identify Controller bytes 520-521). */
#define ONCS_COMPARE	(1u << 0)
#define ONCS_WRITE_UNC	(1u << 1)
#define ONCS_DSM	(1u << 2)
#define ONCS_WRITE_ZEROES (1u << 3)
#define ONCS_VERIFY	(1u << 7)
#define ONCS_COPY	(1u << 8)

/* The suite's IO queue pair; vector 1. */
#define QID		1
#define NVEC		4

static char devpath[64];
static int fd = -1;
static struct nvmetest_ns_info ns[2];
static uint32_t nr_ns;
static uint32_t max_xfer;
static uint16_t oncs;
static uint16_t mqes;

static int suite_init(void)
{
	struct nvmetest_info info;
	uint8_t *id;
	struct nvmetest_cmd c;

	if (vmt_open_bound(&fd, devpath, sizeof(devpath)))
		return -1;
	if (vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, NVEC, 8))
		return -1;
	memset(&info, 0, sizeof(info));
	if (vmt_ioctl(fd, NVMETEST_IOC_INFO, &info))
		return -1;
	max_xfer = info.max_xfer;
	mqes = info.cap & 0xffff;
	if (vmt_ns_list(fd, ns, 2, &nr_ns) < 0)
		return -1;
	id = vmt_pages(1);
	if (!id || vmt_io(fd, 0, OPC_IDENTIFY, 0, 1, 0, 0, id, PAGE, NULL, 0,
			  0, 0, &c))
		return -1;
	memcpy(&oncs, id + 520, 2);
	munmap(id, PAGE);
	return vmt_ioq_pair(fd, QID, 64, 1) ? -1 : 0;
}

/* Hand the controller back to the in-tree driver. */
static int suite_fini(void)
{
	return vmt_give_back(&fd);
}

static void test_ns_list(void)
{
	struct nvmetest_ns_info all[4];
	uint32_t total = 0, i;
	char key[64];

	CU_ASSERT_FATAL(vmt_ns_list(fd, all, 4, &total) >= 0);
	CU_ASSERT_EQUAL(total, (uint32_t)vmt_conf_num("nvme0.nns", 2));
	for (i = 0; i < total && i < 4; i++) {
		snprintf(key, sizeof(key), "nvme0.ns%u.nsid", i + 1);
		CU_ASSERT_EQUAL(all[i].nsid, (uint32_t)vmt_conf_num(key, i + 1));
		snprintf(key, sizeof(key), "nvme0.ns%u.lba_size", i + 1);
		CU_ASSERT_EQUAL(all[i].lba_size, (uint32_t)vmt_conf_num(key, 512));
		snprintf(key, sizeof(key), "nvme0.ns%u.ms", i + 1);
		CU_ASSERT_EQUAL(all[i].ms, (uint32_t)vmt_conf_num(key, 0));
		/* QEMU keeps the metadata in the image too: size / (LBA + MS). */
		snprintf(key, sizeof(key), "nvme0.ns%u.size", i + 1);
		CU_ASSERT_EQUAL(all[i].nsze, (uint64_t)vmt_conf_num(key, 0) /
				(all[i].lba_size + all[i].ms));
		CU_ASSERT_EQUAL(all[i].ncap, all[i].nsze);
		CU_ASSERT_EQUAL(all[i].extended, 0);
		CU_ASSERT_EQUAL(all[i].lbaf[all[i].flbas & 0xf] >> 16 & 0xff,
				(uint32_t)__builtin_ctz(all[i].lba_size));
	}
	/* A rescan finds the same. */
	{
		struct nvmetest_ns_list nl;

		memset(&nl, 0, sizeof(nl));
		nl.flags = NVMETEST_NS_RESCAN;
		CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_NS_LIST, &nl), 0);
		CU_ASSERT_EQUAL(nl.total, total);
		nl.flags = 2;
		CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_NS_LIST, &nl), -EINVAL);
	}
}

/* Write then read back at many sizes and buffer offsets. */
static void integrity(const struct nvmetest_ns_info *n)
{
	static const uint32_t offs[] = { 0, 4, 512, 4092 };
	uint32_t lbas[] = { 1, 2, 3, 8, 17, 64, 0 };
	size_t pages = max_xfer / PAGE + 2;
	uint8_t *wb = vmt_pages(pages), *rb = vmt_pages(pages);
	uint8_t *wm = vmt_pages(2), *rm = vmt_pages(2);
	uint32_t o, l, nlb, len, mlen, bad = 0;
	uint64_t slba;
	int ret;

	CU_ASSERT_FATAL(wb && rb && wm && rm);
	lbas[6] = max_xfer / n->lba_size;
	for (o = 0; o < 4; o++) {
		for (l = 0; l < 7; l++) {
			nlb = lbas[l];
			len = nlb * n->lba_size;
			if (!nlb || len > max_xfer)
				continue;
			mlen = n->extended ? 0 : nlb * n->ms;
			slba = 1000 + o * 2000 + l * 256;
			vmt_fill(wb + offs[o], len, nlb * 7 + o);
			vmt_fill(wm, mlen, nlb * 13 + o);
			ret = vmt_nvm_rw(fd, QID, OPC_WRITE, n->nsid, slba, nlb,
				     wb + offs[o], len, mlen ? wm : NULL, mlen);
			CU_ASSERT_EQUAL(ret, 0);
			memset(rb + offs[o], 0xa5, len);
			memset(rm, 0xa5, mlen);
			ret = vmt_nvm_rw(fd, QID, OPC_READ, n->nsid, slba, nlb,
				     rb + offs[o], len, mlen ? rm : NULL, mlen);
			CU_ASSERT_EQUAL(ret, 0);
			if (memcmp(wb + offs[o], rb + offs[o], len) ||
			    memcmp(wm, rm, mlen)) {
				bad++;
				fprintf(stderr, "ns %u: %u LBAs at offset %u: data read back differs\n",
					n->nsid, nlb, offs[o]);
			}
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	munmap(wb, pages * PAGE);
	munmap(rb, pages * PAGE);
	munmap(wm, 2 * PAGE);
	munmap(rm, 2 * PAGE);
}

static void test_integrity_ns1(void)
{
	CU_ASSERT_FATAL(nr_ns >= 1);
	integrity(&ns[0]);
}

static void test_integrity_ns2_meta(void)
{
	CU_ASSERT_FATAL(nr_ns >= 2);
	CU_ASSERT_EQUAL(ns[1].ms, 8);
	integrity(&ns[1]);
}

static int is_all(const uint8_t *p, size_t len, uint8_t v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_write_zeroes(void)
{
	uint8_t *b = vmt_pages(4);

	if (!(oncs & ONCS_WRITE_ZEROES)) {
		fprintf(stderr, "ONCS: no Write Zeroes\n");
		return;
	}
	vmt_fill(b, 4 * PAGE, 1);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_WRITE, 1, 100, 32, b, 4 * PAGE, NULL, 0), 0);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_WRITE_ZEROES, 1, 100, 0, 31, NULL, 0,
			       NULL, 0, 0, 0, NULL), 0);
	memset(b, 0xff, 4 * PAGE);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, 1, 100, 32, b, 4 * PAGE, NULL, 0), 0);
	CU_ASSERT(is_all(b, 4 * PAGE, 0));
	munmap(b, 4 * PAGE);
}

static void test_write_uncorrectable(void)
{
	const char *readerr = vmt_conf("nvme0.ns1.readerr");
	uint8_t *b = vmt_pages(1);
	long long sector;

	/* The harness's media error (blkdebug): Unrecovered Read Error. */
	sector = readerr && *readerr ? strtoll(readerr, NULL, 0) : -1;
	if (sector >= 0)
		CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, 1, sector, 1, b,
					   512, NULL, 0), SC_READ_ERROR);
	if (!(oncs & ONCS_WRITE_UNC)) {
		fprintf(stderr, "ONCS: no Write Uncorrectable (QEMU)\n");
		munmap(b, PAGE);
		return;
	}
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_WRITE_UNC, 1, 200, 0, 7, NULL, 0,
			       NULL, 0, 0, 0, NULL), 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, 1, 200, 8, b, PAGE, NULL, 0) & 0x7ff,
			SC_READ_ERROR);
	/* A write makes the blocks readable again. */
	vmt_fill(b, PAGE, 2);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_WRITE, 1, 200, 8, b, PAGE, NULL, 0), 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, 1, 200, 8, b, PAGE, NULL, 0), 0);
	munmap(b, PAGE);
}

/*
 * On ns 2: ns 1 sits on blkdebug (the harness's read error), which does
 * not pass discards through.
 */
static void test_dsm_deallocate(void)
{
	const struct nvmetest_ns_info *n = &ns[1];
	uint32_t nlb = 16, bytes, mlen;
	uint8_t *b, *r = vmt_pages(1), *m = vmt_pages(1);
	uint64_t slba = 4096;

	if (!(oncs & ONCS_DSM)) {
		fprintf(stderr, "ONCS: no Dataset Management\n");
		return;
	}
	CU_ASSERT_FATAL(nr_ns >= 2);
	bytes = nlb * n->lba_size;
	mlen = nlb * n->ms;
	b = vmt_pages(bytes / PAGE + 1);
	vmt_fill(b, bytes, 3);
	vmt_fill(m, mlen, 9);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_WRITE, n->nsid, slba, nlb, b,
				   bytes, m, mlen), 0);
	/* One range: context attributes, NLB, SLBA. */
	memset(r, 0, PAGE);
	memcpy(r + 4, &nlb, 4);
	memcpy(r + 8, &slba, 8);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_DSM, n->nsid, 0, 1u << 2, 0, r, 16,
			       NULL, 0, 0, 0, NULL), 0);
	memset(b, 0x77, bytes);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, n->nsid, slba, nlb, b,
				   bytes, m, mlen), 0);
	switch (n->dlfeat & 7) {
	case 1:
		CU_ASSERT(is_all(b, bytes, 0));
		break;
	case 2:
		CU_ASSERT(is_all(b, bytes, 0xff));
		break;
	default:
		fprintf(stderr, "DLFEAT 0x%x: values read after deallocate not reported\n",
			n->dlfeat);
	}
	munmap(b, bytes / PAGE + 1);
	munmap(r, PAGE);
	munmap(m, PAGE);
}

static void test_compare(void)
{
	uint8_t *b = vmt_pages(1);

	if (!(oncs & ONCS_COMPARE)) {
		fprintf(stderr, "ONCS: no Compare\n");
		return;
	}
	vmt_fill(b, PAGE, 4);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_WRITE, 1, 300, 8, b, PAGE, NULL, 0), 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_COMPARE, 1, 300, 8, b, PAGE, NULL, 0), 0);
	b[1000] ^= 1;
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_COMPARE, 1, 300, 8, b, PAGE, NULL, 0),
			SC_COMPARE_FAILED);
	munmap(b, PAGE);
}

static void test_copy(void)
{
	uint8_t *b = vmt_pages(1), *r = vmt_pages(1), *d = vmt_pages(1);
	uint64_t slba = 500;
	uint16_t nlb0 = 7;

	if (!(oncs & ONCS_COPY)) {
		fprintf(stderr, "ONCS: no Copy\n");
		return;
	}
	vmt_fill(b, PAGE, 5);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_WRITE, 1, slba, 8, b, PAGE, NULL, 0), 0);
	/* One source range, format 0: SLBA at byte 8, NLB (0's based) at 16. */
	memset(r, 0, PAGE);
	memcpy(r + 8, &slba, 8);
	memcpy(r + 16, &nlb0, 2);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_COPY, 1, 600, 0, 0, r, 32, NULL, 0,
			       0, 0, NULL), 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, QID, OPC_READ, 1, 600, 8, d, PAGE, NULL, 0), 0);
	CU_ASSERT_EQUAL(memcmp(b, d, PAGE), 0);
	munmap(b, PAGE);
	munmap(r, PAGE);
	munmap(d, PAGE);
}

static void test_flush_verify(void)
{
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0,
			       0, 0, NULL), 0);
	if (oncs & ONCS_VERIFY)
		CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_VERIFY, 1, 0, 0, 7, NULL, 0,
				       NULL, 0, 0, 0, NULL), 0);
}

static uint32_t queue_total(int f)
{
	struct nvmetest_queue_list ql;

	memset(&ql, 0, sizeof(ql));
	CU_ASSERT_EQUAL(vmt_ioctl(f, NVMETEST_IOC_QUEUE_LIST, &ql), 0);
	return ql.total;
}

static void test_queue_list(void)
{
	struct nvmetest_queue_info q;

	CU_ASSERT(vmt_queue_find(fd, 0, NVMETEST_QUEUE_SQ, &q));
	CU_ASSERT_EQUAL(q.depth, 32);
	CU_ASSERT(vmt_queue_find(fd, 0, NVMETEST_QUEUE_CQ, NULL));
	CU_ASSERT(vmt_queue_find(fd, QID, NVMETEST_QUEUE_SQ, &q));
	CU_ASSERT_EQUAL(q.cqid, QID);
	CU_ASSERT_EQUAL(q.depth, 64);
	CU_ASSERT(q.submitted > 0);
	CU_ASSERT_EQUAL(q.submitted, q.completed);
	CU_ASSERT_EQUAL(q.outstanding, 0);
	CU_ASSERT(vmt_queue_find(fd, QID, NVMETEST_QUEUE_CQ, &q));
	CU_ASSERT_EQUAL(q.vector, 1);
}

static void test_shared_cq(void)
{
	struct nvmetest_queue_info q;
	uint8_t *b = vmt_pages(1);
	uint16_t st = 1;
	uint32_t total = queue_total(fd);

	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 2, 16, 2, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL(vmt_sq_create(fd, 2, 2, 8, 0, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(vmt_sq_create(fd, 3, 2, 8, 0, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(queue_total(fd), total + 3);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 2, OPC_READ, 1, 0, 8, b, PAGE, NULL, 0), 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 3, OPC_READ, 1, 0, 8, b, PAGE, NULL, 0), 0);
	CU_ASSERT(vmt_queue_find(fd, 3, NVMETEST_QUEUE_SQ, &q));
	CU_ASSERT_EQUAL(q.cqid, 2);
	CU_ASSERT_EQUAL(q.completed, 1);
	CU_ASSERT(vmt_queue_find(fd, 2, NVMETEST_QUEUE_CQ, &q));
	CU_ASSERT_EQUAL(q.completed, 2);
	/* The CQ still has SQs: the device refuses, the queue stays. */
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 2, NVMETEST_QUEUE_CQ, &st), 0);
	CU_ASSERT_NOT_EQUAL(st, 0);
	CU_ASSERT(vmt_queue_find(fd, 2, NVMETEST_QUEUE_CQ, NULL));
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 3, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 2, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 2, NVMETEST_QUEUE_CQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(queue_total(fd), total);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 2, OPC_READ, 1, 0, 8, b, PAGE, NULL, 0), -ENOENT);
	munmap(b, PAGE);
}

struct bg_cmd {
	uint16_t qid;
	uint16_t flags;
	uint32_t nsid;		/* 0: namespace 1 */
	uint32_t timeout_ms;
	int ret;
	struct nvmetest_cmd out;
	void *buf;
};

static void *bg_read(void *arg)
{
	struct bg_cmd *b = arg;

	b->ret = vmt_io(fd, b->qid, OPC_READ, b->nsid ? b->nsid : 1, 0, 0, 7,
			b->buf, PAGE, NULL, 0, b->flags, b->timeout_ms, &b->out);
	return NULL;
}

/*
 * Wait until the queue has @n commands outstanding. The bound only stops a
 * broken run: a loaded host can take seconds to start a thread.
 */
static int wait_outstanding(uint16_t qid, uint32_t n)
{
	struct nvmetest_queue_info q;
	int i;

	for (i = 0; i < 3000; i++) {
		if (vmt_queue_find(fd, qid, NVMETEST_QUEUE_SQ, &q) &&
		    q.outstanding == n)
			return 1;
		usleep(10000);
	}
	return 0;
}

/*
 * The outcomes NVMe allows a command that was outstanding when a Delete
 * I/O Submission Queue of its SQ succeeded (NVMe 2.x, 5.2.4: "all I/O
 * commands previously submitted to the indicated Submission Queue shall be
 * either explicitly completed or implicitly completed", and no completion
 * after the Delete's): explicitly, by a CQE posted before the Delete's,
 * with the command's own status (0 here) or Command Aborted due to SQ
 * Deletion; implicitly, without a CQE, which the driver reports as
 * ABORTED_RESET once the Delete succeeded. QEMU posts 0x0008 for a Read
 * still running at the Delete and success for one that had finished.
 */
static int sq_delete_outcome_ok(const struct bg_cmd *b, uint16_t sqid)
{
	uint32_t dw2;

	if (b->ret == (VMT_HOST | NVMETEST_HOST_ABORTED_RESET))
		return 1;
	if (b->ret != 0 && b->ret != SC_ABORT_SQ_DEL)
		return 0;
	/* A CQE: it must name the deleted SQ. */
	memcpy(&dw2, &b->out.cqe[8], 4);
	return (dw2 >> 16) == sqid;
}

/* The CQ's head: it moves only when the driver consumes a CQE. */
static uint32_t cq_head(uint16_t cqid)
{
	struct nvmetest_queue_info q;

	return vmt_queue_find(fd, cqid, NVMETEST_QUEUE_CQ, &q) ? q.head : ~0u;
}

/*
 * A full queue, deterministically: the CQ's vector is masked, so the
 * completion of the one command a depth-2 SQ can hold is not reaped.
 */
static void test_queue_full(void)
{
	/* Timeouts that only a broken run reaches. */
	struct bg_cmd a = { .qid = 4, .timeout_ms = 30000 };
	struct bg_cmd b = { .qid = 4, .timeout_ms = 30000,
			    .flags = NVMETEST_CMD_WAIT_SLOT };
	pthread_t ta, tb;
	uint16_t st = 1;
	uint32_t head;

	a.buf = vmt_pages(1);
	b.buf = vmt_pages(1);
	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 4, 4, 3, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sq_create(fd, 4, 4, 2, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 3, NVMETEST_IRQ_MASK), 0);
	pthread_create(&ta, NULL, bg_read, &a);
	CU_ASSERT(wait_outstanding(4, 1));
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 4, OPC_READ, 1, 0, 8, b.buf, PAGE, NULL, 0), -EBUSY);
	pthread_create(&tb, NULL, bg_read, &b);
	usleep(100000);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 3, NVMETEST_IRQ_UNMASK), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	CU_ASSERT_EQUAL(a.ret, 0);
	CU_ASSERT_EQUAL(b.ret, 0);

	/*
	 * Delete with a command outstanding (vector masked again): whether
	 * the Read still runs in the device when the Delete arrives is the
	 * host's timing, so every outcome NVMe allows is accepted.
	 */
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 3, NVMETEST_IRQ_MASK), 0);
	a.ret = -1;
	pthread_create(&ta, NULL, bg_read, &a);
	CU_ASSERT(wait_outstanding(4, 1));
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 4, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	pthread_join(ta, NULL);
	if (!sq_delete_outcome_ok(&a, 4))
		printf("\n    Read outstanding at Delete I/O SQ: 0x%x\n", a.ret);
	CU_ASSERT(sq_delete_outcome_ok(&a, 4));
	CU_ASSERT_FALSE(vmt_queue_find(fd, 4, NVMETEST_QUEUE_SQ, NULL));
	/* Nothing for the deleted SQ after its Delete completed. */
	head = cq_head(4);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 3, NVMETEST_IRQ_UNMASK), 0);
	usleep(200000);
	CU_ASSERT_EQUAL(cq_head(4), head);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 4, NVMETEST_QUEUE_CQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	munmap(a.buf, PAGE);
	munmap(b.buf, PAGE);
}

/* Wait until @n commands have been submitted to the queue (bounded). */
static int wait_submitted(uint16_t qid, uint64_t n)
{
	struct nvmetest_queue_info q;
	int i;

	for (i = 0; i < 3000; i++) {
		if (vmt_queue_find(fd, qid, NVMETEST_QUEUE_SQ, &q) &&
		    q.submitted == n)
			return 1;
		usleep(10000);
	}
	return 0;
}

/*
 * Delete I/O SQ while Reads are still in the device: namespace 3 is
 * throttled to a few IOs per second, so of the Reads sent at once most
 * wait in QEMU when the Delete arrives, and the device completes them
 * with Command Aborted due to SQ Deletion (or lets them finish). Every
 * Read ends as NVMe allows, a posted abort is a device completion (host
 * status OK), and nothing arrives for the SQ once its Delete completed.
 */
#define NDEL	4
static void test_delete_running(void)
{
	struct bg_cmd b[NDEL];
	pthread_t t[NDEL];
	uint16_t st = 1;
	uint32_t head;
	int i, ok = 0, aborted = 0;

	if (vmt_conf_num("nvme0.ns3.iops", 0) <= 0) {
		printf("\n    skipped: no throttled namespace 3 in this VM\n");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 6, 8, 3, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sq_create(fd, 6, 6, 8, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	for (i = 0; i < NDEL; i++) {
		memset(&b[i], 0, sizeof(b[i]));
		b[i].qid = 6;
		b[i].nsid = 3;
		b[i].timeout_ms = 30000;
		b[i].ret = -1;
		b[i].buf = vmt_pages(1);
		pthread_create(&t[i], NULL, bg_read, &b[i]);
	}
	CU_ASSERT(wait_submitted(6, NDEL));
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 6, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	for (i = 0; i < NDEL; i++) {
		pthread_join(t[i], NULL);
		if (sq_delete_outcome_ok(&b[i], 6))
			ok++;
		else
			printf("\n    Read %d at Delete I/O SQ: 0x%x\n", i, b[i].ret);
		if (b[i].ret == SC_ABORT_SQ_DEL)
			aborted++;
		munmap(b[i].buf, PAGE);
	}
	printf("\n    %d of %d Reads aborted by the Delete\n", aborted, NDEL);
	CU_ASSERT_EQUAL(ok, NDEL);
	head = cq_head(6);
	usleep(300000);
	CU_ASSERT_EQUAL(cq_head(6), head);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 6, NVMETEST_QUEUE_CQ, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
}

/* WAIT_SLOT with many threads on a small polled (IEN = 0) queue. */
#define NTHREADS 8
static void test_wait_slot_threads(void)
{
	struct bg_cmd b[NTHREADS];
	pthread_t t[NTHREADS];
	struct nvmetest_queue_info q;
	uint16_t st = 1;
	int i, ok = 0;

	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 5, 4, 0, NVMETEST_CQ_NO_IEN, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sq_create(fd, 5, 5, 2, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	for (i = 0; i < NTHREADS; i++) {
		memset(&b[i], 0, sizeof(b[i]));
		b[i].qid = 5;
		b[i].flags = NVMETEST_CMD_WAIT_SLOT;
		b[i].timeout_ms = 10000;
		b[i].buf = vmt_pages(1);
		pthread_create(&t[i], NULL, bg_read, &b[i]);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		ok += b[i].ret == 0;
		munmap(b[i].buf, PAGE);
	}
	CU_ASSERT_EQUAL(ok, NTHREADS);
	CU_ASSERT(vmt_queue_find(fd, 5, NVMETEST_QUEUE_SQ, &q));
	CU_ASSERT_EQUAL(q.submitted, NTHREADS);
	CU_ASSERT_EQUAL(q.completed, NTHREADS);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 5, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 5, NVMETEST_QUEUE_CQ, &st), 0);
}

/* Values the device refuses: its status comes back, the table is as it was. */
static void test_queue_invalid(void)
{
	uint32_t total = queue_total(fd);
	uint16_t st;

/* The status field without DNR and More: SCT and SC. */
#define SC(st)	((st) & 0x7ff)

	st = 0;
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 0, 16, 1, 0, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_QID);
	st = 0;
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 200, 16, 1, 0, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_QID);
	st = 0;
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, 1, 1, 0, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_QSIZE);
	st = 0;
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, mqes + 2, 1, 0, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_QSIZE);
	st = 0;
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, 16, 2000, 0, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_VECTOR);
	/* CAP.CQR = 1: QEMU wants contiguous queues. */
	st = 0;
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, 16, 1, NVMETEST_QUEUE_DISCONTIG, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_FIELD);
	st = 0;
	CU_ASSERT_EQUAL(vmt_sq_create(fd, 6, QID, 16, NVMETEST_QUEUE_DISCONTIG, &st), 0);
	CU_ASSERT_EQUAL(SC(st), SC_INVALID_FIELD);
	/* An SQ on a CQ the driver does not have; ids the driver has. */
	CU_ASSERT_EQUAL(vmt_sq_create(fd, 6, 7, 16, 0, &st), -ENOENT);
	CU_ASSERT_EQUAL(vmt_cq_create(fd, QID, 16, 1, 0, &st), -EEXIST);
	CU_ASSERT_EQUAL(vmt_sq_create(fd, QID, QID, 16, 0, &st), -EEXIST);
	/* Driver-side bounds. */
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, 0, 1, 0, &st), -EINVAL);
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, 65537, 1, 0, &st), -EINVAL);
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 6, 16, 1, 8, &st), -EINVAL);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 6, NVMETEST_QUEUE_SQ, &st), -ENOENT);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, QID, 3, &st), -EINVAL);
	CU_ASSERT_EQUAL(queue_total(fd), total);
	/* CMD on a queue that does not exist. */
	CU_ASSERT_EQUAL(vmt_io(fd, 77, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0,
			       0, 0, NULL), -ENOENT);
}

/* Queues belong to the file that created them. */
static void test_close_deletes(void)
{
	int fd2 = open(devpath, O_RDWR | O_CLOEXEC);
	uint32_t total = queue_total(fd);
	uint16_t st = 1;

	CU_ASSERT_FATAL(fd2 >= 0);
	CU_ASSERT_EQUAL(vmt_cq_create(fd2, 7, 16, 1, 0, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(vmt_sq_create(fd2, 7, 7, 16, 0, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(queue_total(fd), total + 2);
	/* Another file may use it, not delete it. */
	CU_ASSERT_EQUAL(vmt_io(fd, 7, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0,
			       0, 0, NULL), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 7, NVMETEST_QUEUE_SQ, &st), -EPERM);
	close(fd2);
	CU_ASSERT_EQUAL(queue_total(fd), total);
	CU_ASSERT_FALSE(vmt_queue_find(fd, 7, NVMETEST_QUEUE_SQ, NULL));
	CU_ASSERT_FALSE(vmt_queue_find(fd, 7, NVMETEST_QUEUE_CQ, NULL));
}

static int cmdlog(uint16_t qid, struct nvmetest_cmdlog_entry *e, uint32_t n,
		  struct nvmetest_cmdlog *out)
{
	struct nvmetest_cmdlog cl;
	int ret;

	memset(&cl, 0, sizeof(cl));
	cl.entries = (uintptr_t)e;
	cl.count = n;
	cl.qid = qid;
	ret = vmt_ioctl(fd, NVMETEST_IOC_CMDLOG, &cl);
	*out = cl;
	return ret;
}

static void test_cmdlog(void)
{
	struct nvmetest_cmdlog_entry e[3];
	struct nvmetest_cmdlog cl;
	struct nvmetest_cmd c[3];
	uint8_t *b = vmt_pages(1);
	static const uint8_t opc[3] = { OPC_WRITE, OPC_READ, OPC_FLUSH };
	uint16_t cid;
	uint32_t nsid;
	int i;

	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_WRITE, 1, 0, 0, 7, b, PAGE, NULL, 0, 0, 0, &c[0]), 0);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_READ, 1, 0, 0, 7, b, PAGE, NULL, 0, 0, 0, &c[1]), 0);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0, 0, 0, &c[2]), 0);
	CU_ASSERT_EQUAL_FATAL(cmdlog(QID, e, 3, &cl), 0);
	CU_ASSERT_EQUAL(cl.count, 3);
	CU_ASSERT(cl.total >= 3);
	CU_ASSERT_EQUAL(cl.ring, 4096);
	for (i = 0; i < 3; i++) {
		memcpy(&cid, &e[i].sqe[2], 2);
		memcpy(&nsid, &e[i].sqe[4], 4);
		CU_ASSERT_EQUAL(e[i].sqe[0], opc[i]);
		CU_ASSERT_EQUAL(cid, c[i].cid);
		CU_ASSERT_EQUAL(nsid, 1);
		CU_ASSERT_EQUAL(memcmp(e[i].cqe, c[i].cqe, 16), 0);
		CU_ASSERT_EQUAL(e[i].host_status, NVMETEST_HOST_OK);
		CU_ASSERT_EQUAL(e[i].done, 1);
		CU_ASSERT_EQUAL(e[i].qid, QID);
		CU_ASSERT_EQUAL(e[i].seq, cl.total - 3 + i);
		CU_ASSERT(e[i].submit_ns <= e[i].complete_ns);
		if (i)
			CU_ASSERT(e[i - 1].complete_ns <= e[i].submit_ns);
	}
	/* The admin queue has one too. */
	CU_ASSERT_EQUAL(cmdlog(0, e, 1, &cl), 0);
	CU_ASSERT(cl.total > 0);
	CU_ASSERT_EQUAL(cl.count, 1);
	CU_ASSERT_EQUAL(cmdlog(99, e, 1, &cl), -ENOENT);
	munmap(b, PAGE);
}

/* More commands than the ring holds: the newest ring entries are kept. */
static void test_cmdlog_wrap(void)
{
	struct nvmetest_cmdlog_entry *e;
	struct nvmetest_cmdlog cl;
	uint64_t before;
	uint32_t i, ring, bad = 0;

	CU_ASSERT_EQUAL_FATAL(cmdlog(QID, NULL, 0, &cl), 0);
	ring = cl.ring;
	before = cl.total;
	e = calloc(ring, sizeof(*e));
	CU_ASSERT_FATAL(e != NULL);
	for (i = 0; i < ring + 5; i++)
		if (vmt_io(fd, QID, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL))
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL_FATAL(cmdlog(QID, e, ring + 10, &cl), 0);
	CU_ASSERT_EQUAL(cl.total, before + ring + 5);
	CU_ASSERT_EQUAL(cl.count, ring);
	for (i = 0; i < cl.count; i++)
		if (e[i].seq != cl.total - ring + i || e[i].sqe[0] != OPC_FLUSH ||
		    !e[i].done)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	free(e);
}

/* A reset: the device forgets its IO queues, and so does the driver. */
static void test_reset_forgets(void)
{
	struct nvmetest_ctrl_wait w;

	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_RESET, &w), 0);
	CU_ASSERT_EQUAL(queue_total(fd), 2);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0,
			       0, 0, NULL), -ENOENT);
	CU_ASSERT_EQUAL(vmt_ioq_pair(fd, QID, 64, 1), 0);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, OPC_FLUSH, 1, 0, 0, 0, NULL, 0, NULL, 0,
			       0, 0, NULL), 0);
}

static void test_info_caps(void)
{
	struct nvmetest_info info;

	memset(&info, 0, sizeof(info));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_IOQ);
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_CMDLOG);
}

/*
 * Four reads of the throttled namespace 3 with a 1 ms timeout (the map of
 * namespace 3 on when @verify): at least one is given up on while the
 * device still has it. Return: their buffer, or NULL (skipped).
 */
static uint8_t *given_up_reads(bool verify)
{
	uint8_t *buf;
	int i, ret, timeouts = 0;

	if (vmt_conf_num("nvme0.ns3.iops", 0) <= 0) {
		printf("\n    skipped: no throttled namespace 3 in this VM\n");
		return NULL;
	}
	buf = vmt_pages(1);
	CU_ASSERT_FATAL(buf != NULL);
	if (verify)
		CU_ASSERT_EQUAL_FATAL(vmt_verify_config(fd, 3, NVMETEST_VERIFY_ENABLE, 0), 0);
	for (i = 0; i < 4; i++) {
		ret = vmt_io(fd, QID, 0x02, 3, (uint32_t)i * 8, 0, 7, buf, PAGE,
			     NULL, 0, 0, 1, NULL);
		timeouts += ret == (VMT_HOST | NVMETEST_HOST_TIMEOUT);
	}
	CU_ASSERT(timeouts > 0);
	return buf;
}

/*
 * A read given up on (1 ms timeout on the throttled namespace 3) keeps its
 * buffer mapped until the device completes it; the program reuses the
 * buffer at once, as a tester retrying does. The second mapping of the
 * same pages must work, and the debug kernel's DMA-API checks must not
 * complain (the run's log scan fails on them).
 */
static void test_timeout_buffer_reuse(void)
{
	uint8_t *buf = given_up_reads(false);

	if (!buf)
		return;
	CU_ASSERT_EQUAL(vmt_io(fd, QID, 0x02, 3, 0, 0, 7, buf, PAGE, NULL, 0, 0, 30000, NULL), 0);
	munmap(buf, PAGE);
}

/*
 * Reads given up on (1 ms timeout on the throttled namespace 3, the map
 * on) are still in the device when a controller reset frees their SQ:
 * each is reclaimed after its queue is gone, and the reclaim must not
 * read the queue (docs/fuzz.md F4: the debug kernel's KASAN caught a
 * read of the freed SQ there; the run's log scan fails on it).
 */
static void test_given_up_outlive_sq(void)
{
	struct nvmetest_ctrl_wait w;
	uint8_t *buf = given_up_reads(true);

	if (!buf)
		return;
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_RESET, &w), 0);
	CU_ASSERT_EQUAL(vmt_ioq_pair(fd, QID, 64, 1), 0);
	CU_ASSERT_EQUAL(vmt_io(fd, QID, 0x02, 3, 0, 0, 7, buf, PAGE, NULL, 0, 0,
			       30000, NULL), 0);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, 3, 0, 0), 0);
	munmap(buf, PAGE);
}

static CU_TestInfo tests[] = {
	{ "INFO capabilities", test_info_caps },
	{ "NS_LIST vs the VM configuration", test_ns_list },
	{ "data integrity ns 1 (512)", test_integrity_ns1 },
	{ "data integrity ns 2 (4096+8, separate metadata)", test_integrity_ns2_meta },
	{ "write zeroes", test_write_zeroes },
	{ "a timed-out read's buffer reused at once", test_timeout_buffer_reuse },
	{ "reads given up on outlive their SQ", test_given_up_outlive_sq },
	{ "read error, write uncorrectable", test_write_uncorrectable },
	{ "DSM deallocate", test_dsm_deallocate },
	{ "compare", test_compare },
	{ "copy", test_copy },
	{ "flush and verify", test_flush_verify },
	{ "QUEUE_LIST", test_queue_list },
	{ "two SQs on one CQ", test_shared_cq },
	{ "queue full, WAIT_SLOT, delete outstanding", test_queue_full },
	{ "delete an SQ with Reads in the device", test_delete_running },
	{ "WAIT_SLOT threads on a polled queue", test_wait_slot_threads },
	{ "invalid queue parameters", test_queue_invalid },
	{ "closing the file deletes its queues", test_close_deletes },
	{ "cmdlog entries", test_cmdlog },
	{ "cmdlog wraps", test_cmdlog_wrap },
	{ "reset forgets IO queues", test_reset_forgets },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_suite("io", suite_init, suite_fini, tests);
}
