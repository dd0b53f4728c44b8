// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "barmap": mmap() of BAR0 (ABI 1.12, kmod/barmap.c). The
 * register file read-only (the same values REG_READ gives, no way to
 * write through it), the rules of a writable mapping (the raw path's
 * gate, doorbell pages only, never the MSI-X table, never a page with a
 * doorbell of a queue of the driver's, the admin queue's included), raw
 * queues rung through a mapped doorbell page, driver queues refused in a
 * mapped page, and remove emptying every mapping.
 *
 * With CAP.DSTRD = 0 the first doorbell page holds the doorbells of
 * queues 0-511, the admin queue's among them: only a controller that
 * grants more than 512 IO queues has a page a test may map writable.
 * tests/vm/run-all runs this suite on such a QEMU controller
 * (max_ioqpairs=1024) as well as in the default configuration, where the
 * mapping is refused as the rules say.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <nvmetest.h>

#include "vmtest.h"

#define PAGE		4096
#define DBS		0x1000
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define NSID		1
#define LBA		512
#define VEC		1

static char devpath[64];
static int fd = -1;
static struct nvmetest_dev *dev;
static struct nvmetest_info in;
static uint64_t slba;
static uint32_t stride;		/* bytes between doorbells */
static uint16_t nr_io;		/* IO queues granted: max(NSQA, NCQA) + 1 */
static bool need_unsafe;	/* no translating IOMMU: raw_unsafe is set */

static void *map(uint64_t off, size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, (off_t)off);
}

/* mmap()'s errno for @len bytes at @off with @prot, 0 if it mapped. */
static int map_errno(uint64_t off, size_t len, int prot)
{
	void *p = map(off, len, prot);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

static uint32_t sq_db(uint16_t qid)
{
	return DBS + 2 * qid * stride;
}

/* The first queue id with both doorbells in the second doorbell page. */
static uint16_t first_mappable_qid(void)
{
	return (PAGE + 2 * stride - 1) / (2 * stride);
}

static int setup(void)
{
	struct nvmetest_ctrl_init ci;
	uint64_t cap;

	memset(&ci, 0, sizeof(ci));
	ci.irq_mode = NVMETEST_IRQ_MSIX;
	ci.nr_vectors = 4;
	ci.nr_io_queues = 1024;
	if (vmt_ioctl(fd, NVMETEST_IOC_CTRL_INIT, &ci)) {
		printf("barmap: CTRL_INIT failed\n");
		return -1;
	}
	nr_io = ci.nr_io_sq > ci.nr_io_cq ? ci.nr_io_sq : ci.nr_io_cq;
	if (vmt_reg(fd, false, 0, 8, &cap, 0))
		return -1;
	stride = 4U << ((cap >> 32) & 0xf);
	slba = vmt_ns_tail(fd, NSID, LBA, 64);
	if (!slba)
		return -1;
	memset(&in, 0, sizeof(in));
	if (vmt_ioctl(fd, NVMETEST_IOC_INFO, &in) ||
	    !(in.capabilities & NVMETEST_INFO_CAP_BARMAP)) {
		printf("barmap: INFO has no NVMETEST_INFO_CAP_BARMAP\n");
		return -1;
	}
	need_unsafe = !(in.capabilities & NVMETEST_INFO_CAP_RAW);
	if (nvmetest_open(devpath, &dev)) {
		printf("barmap: nvmetest_open(%s) failed\n", devpath);
		return -1;
	}
	printf("barmap: BAR0 %llu bytes, doorbell stride %u, %u IO queues granted, raw gate %s\n",
	       (unsigned long long)in.bar0_len, stride, nr_io,
	       need_unsafe ? "by raw_unsafe" : "by the IOMMU");
	return 0;
}

/*
 * The register file read-only: the values REG_READ reads, live (CSTS.RDY
 * follows a disable); no write through it, not even after mprotect().
 */
static void test_regs_readonly(void)
{
	volatile uint32_t *r;
	uint64_t v;
	int i;

	r = map(0, PAGE, PROT_READ);
	CU_ASSERT_NOT_EQUAL_FATAL(r, MAP_FAILED);
	for (i = 0; i < 0x40 / 4; i++) {
		CU_ASSERT_EQUAL(vmt_reg(fd, false, i * 4, 4, &v, 0), 0);
		/* INTMS/INTMC read the mask, which does not move here */
		CU_ASSERT_EQUAL(r[i], (uint32_t)v);
	}
	CU_ASSERT_EQUAL(r[0x1c / 4] & 1, 1);	/* CSTS.RDY: enabled */
	CU_ASSERT_EQUAL(mprotect((void *)r, PAGE, PROT_READ | PROT_WRITE), -1);
	CU_ASSERT_EQUAL(errno, EACCES);
	CU_ASSERT_EQUAL(munmap((void *)r, PAGE), 0);

	/* all of BAR0 read-only, and no byte past it */
	CU_ASSERT_EQUAL(map_errno(0, in.bar0_len, PROT_READ), 0);
	CU_ASSERT_EQUAL(map_errno(0, in.bar0_len + PAGE, PROT_READ), EINVAL);
	CU_ASSERT_EQUAL(map_errno(in.bar0_len, PAGE, PROT_READ), EINVAL);
	CU_ASSERT_EQUAL(map_errno(in.bar0_len - PAGE, PAGE, PROT_NONE), 0);
	/* shared only */
	CU_ASSERT_EQUAL(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0),
			MAP_FAILED);
	CU_ASSERT_EQUAL(errno, EINVAL);
}

/* Where the MSI-X table is in BAR0 (capability 0x11), or 0. */
static uint32_t msix_table(void)
{
	uint32_t cap = vmt_cfg_cap(fd, 0x11);
	uint64_t t = 0;

	if (!cap || vmt_cfg(fd, false, cap + 4, 4, &t, 0) || (t & 7))
		return 0;
	return t & ~7U;
}

/*
 * The rules of a writable mapping, as the device decides them: the gate
 * first, then doorbell pages of the granted queues only, never the
 * registers, the MSI-X table or the admin queue's doorbell page.
 */
static void test_write_rules(void)
{
	uint64_t db_end = DBS + 2 * ((uint64_t)nr_io + 1) * stride;
	uint32_t t = msix_table();

	if (need_unsafe) {
		CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "0"), 0);
		CU_ASSERT_EQUAL(map_errno(DBS + PAGE, PAGE, PROT_WRITE), EPERM);
		CU_ASSERT_EQUAL(map_errno(DBS, PAGE, PROT_READ | PROT_WRITE), EPERM);
		/* reading needs no gate */
		CU_ASSERT_EQUAL(map_errno(DBS, PAGE, PROT_READ), 0);
		CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "1"), 0);
	}
	CU_ASSERT_EQUAL(map_errno(0, PAGE, PROT_READ | PROT_WRITE), EINVAL);
	CU_ASSERT_EQUAL(map_errno(0, 2 * PAGE, PROT_WRITE), EINVAL);
	/*
	 * The admin queue's doorbells (and queues 1-511's with DSTRD 0):
	 * refused as such once the page is within the granted doorbells.
	 */
	if (stride < PAGE)
		CU_ASSERT_EQUAL(map_errno(DBS, PAGE, PROT_READ | PROT_WRITE),
				DBS + PAGE <= db_end ? EBUSY : EINVAL);
	/* past the doorbells of the queues the controller granted */
	if (DBS + PAGE >= db_end)
		CU_ASSERT_EQUAL(map_errno(DBS + PAGE, PAGE, PROT_WRITE), EINVAL);
	CU_ASSERT_EQUAL(map_errno(in.bar0_len - PAGE, PAGE, PROT_WRITE), EINVAL);
	if (t)
		CU_ASSERT_EQUAL(map_errno(t & ~(PAGE - 1ULL), PAGE, PROT_WRITE),
				EINVAL);
	if (need_unsafe)
		CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "0"), 0);
}

/*
 * A raw queue pair in the second doorbell page, rung through a writable
 * mapping of it: a Write and a Read complete with the data; meanwhile a
 * queue of the driver's cannot be created in the page, one elsewhere can,
 * and with a queue of the driver's in the page it cannot be mapped.
 */
static void test_raw_through_mapping(void)
{
	uint16_t qid = first_mappable_qid(), status = 0;
	struct nvmetest_rawq *cq = NULL, *sq = NULL, *low = NULL;
	struct nvmetest_dbuf *data;
	struct nvmetest_sqe sqe;
	struct nvmetest_cqe cqe;
	volatile uint32_t *db;
	uint8_t raw[64];
	uint8_t *va;

	if ((uint32_t)qid + 1 > nr_io) {
		/* the device grants too few queues for such a page */
		CU_ASSERT_EQUAL(map_errno(DBS + PAGE, PAGE, PROT_WRITE),
				need_unsafe ? EPERM : EINVAL);
		printf("barmap: %u IO queues; a mappable doorbell page needs %u: not run\n",
		       nr_io, qid + 1);
		/* run-all's max_ioqpairs=1024 configuration must run it */
		CU_ASSERT(vmt_conf_num("nvme0.queues", 0) < 1024);
		return;
	}
	if (need_unsafe)
		CU_ASSERT_EQUAL_FATAL(vmt_module_param("raw_unsafe", "1"), 0);

	/* with a queue of the driver's in the page it cannot be mapped */
	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, qid + 1, 8, 0, 0, &status), 0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_EQUAL(map_errno(DBS + PAGE, PAGE, PROT_WRITE), EBUSY);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, qid + 1, NVMETEST_QUEUE_CQ, &status), 0);

	db = map(DBS + PAGE, PAGE, PROT_READ | PROT_WRITE);
	CU_ASSERT_NOT_EQUAL_FATAL(db, MAP_FAILED);
	/* now no queue of the driver's may have a doorbell in it */
	CU_ASSERT_EQUAL(vmt_cq_create(fd, qid + 1, 8, 0, 0, &status), -EBUSY);
	CU_ASSERT_EQUAL(vmt_cq_create(fd, 7, 8, 0, 0, &status), 0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_EQUAL(vmt_sq_create(fd, 7, 7, 8, 0, &status), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 7, NVMETEST_QUEUE_SQ, &status), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 7, NVMETEST_QUEUE_CQ, &status), 0);

	/* raw queues may */
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_cq_create(dev, qid, 8, VEC, 0, NULL, 0, &cq), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_sq_create(dev, qid, qid, 8, 0, 0, NULL, 0, &sq), 0);
	CU_ASSERT_EQUAL(sq->doorbell, sq_db(qid));
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 2 * PAGE, 0, &data), 0);
	va = data->va;
	vmt_fill(va, PAGE, 21);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = OPC_WRITE;
	sqe.cid = 0x51;
	sqe.nsid = NSID;
	sqe.prp1 = nvmetest_dbuf_addr(data, 0);
	sqe.dw[10] = (uint32_t)slba;
	sqe.dw[11] = (uint32_t)(slba >> 32);
	sqe.dw[12] = 8 - 1;
	nvmetest_sqe_encode(&sqe, raw);
	CU_ASSERT(nvmetest_raw_sq_post(sq, raw) >= 0);
	db[(sq_db(qid) - DBS - PAGE) / 4] = sq->tail;
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_cq_wait(cq, -1, 30000, &cqe), 0);
	CU_ASSERT_EQUAL(cqe.status, 0);
	CU_ASSERT_EQUAL(cqe.cid, 0x51);
	CU_ASSERT_EQUAL(cqe.sqhd, 1);
	nvmetest_raw_cq_pop(cq);
	db[(cq->doorbell - DBS - PAGE) / 4] = cq->head;

	/* the same through the library's mapping of each doorbell */
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_db_map(sq), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_db_map(cq), 0);
	sqe.opcode = OPC_READ;
	sqe.cid = 0x52;
	sqe.prp1 = nvmetest_dbuf_addr(data, PAGE);
	nvmetest_sqe_encode(&sqe, raw);
	CU_ASSERT(nvmetest_raw_sq_post(sq, raw) >= 0);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(sq), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_cq_wait(cq, -1, 30000, &cqe), 0);
	CU_ASSERT_EQUAL(cqe.status, 0);
	CU_ASSERT_EQUAL(cqe.cid, 0x52);
	CU_ASSERT_EQUAL(cqe.sqhd, 2);
	nvmetest_raw_cq_pop(cq);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_ring(cq), 0);
	CU_ASSERT_EQUAL(memcmp(va, va + PAGE, PAGE), 0);

	/* a raw queue whose doorbell shares the admin queue's page */
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_cq_create(dev, 3, 8, VEC, 0, NULL, 0, &low), 0);
	CU_ASSERT_EQUAL(nvmetest_raw_db_map(low), -EBUSY);
	CU_ASSERT_PTR_NULL(low->db_reg);
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(low), 0);

	CU_ASSERT_EQUAL(nvmetest_rawq_delete(sq), 0);
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(cq), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(data), 0);
	/* a munmap ends the rule; a forked copy would have kept it */
	CU_ASSERT_EQUAL(munmap((void *)db, PAGE), 0);
	CU_ASSERT_EQUAL(vmt_cq_create(fd, qid + 1, 8, 0, 0, &status), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, qid + 1, NVMETEST_QUEUE_CQ, &status), 0);
	if (need_unsafe)
		CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "0"), 0);
}

/*
 * While the function may not decode BAR0 the mapping is fenced: in D3hot
 * an access gets SIGBUS (not a request the function cannot complete);
 * back in D0, and after an FLR, the same mapping reads the registers
 * again. The controller is left disabled: CTRL_INIT brings it back.
 */
static void test_fence(void)
{
	struct nvmetest_power p;
	struct nvmetest_reset r;
	volatile uint32_t *regs;
	uint64_t vs = 0;

	regs = map(0, PAGE, PROT_READ);
	CU_ASSERT_NOT_EQUAL_FATAL(regs, MAP_FAILED);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 8, 4, &vs, 0), 0);
	CU_ASSERT_EQUAL(regs[8 / 4], (uint32_t)vs);
	memset(&p, 0, sizeof(p));
	p.state = 3;		/* D3hot */
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_POWER, &p), 0);
	CU_ASSERT_EQUAL(vmt_touch_status((volatile uint8_t *)regs, false), SIGBUS);
	memset(&p, 0, sizeof(p));
	p.state = 0;		/* D0 */
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_POWER, &p), 0);
	CU_ASSERT_EQUAL(vmt_touch_status((volatile uint8_t *)regs, false), 0);
	CU_ASSERT_EQUAL(regs[8 / 4], (uint32_t)vs);
	memset(&r, 0, sizeof(r));
	r.type = NVMETEST_RESET_FLR;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_RESET, &r), 0);
	CU_ASSERT_EQUAL(vmt_touch_status((volatile uint8_t *)regs, false), 0);
	CU_ASSERT_EQUAL(regs[8 / 4], (uint32_t)vs);
	CU_ASSERT_EQUAL(munmap((void *)regs, PAGE), 0);
	/* enabled again, as the suite's setup found it */
	nvmetest_close(dev);
	dev = NULL;
	CU_ASSERT_EQUAL(setup(), 0);
}

/*
 * Unbind with BAR0 mapped: remove empties the mappings, so that an
 * access gets SIGBUS (the BAR's addresses may go to another device).
 * Last: it rebinds.
 */
static void test_remove(void)
{
	volatile uint8_t *regs, *dbp = NULL;

	regs = map(0, PAGE, PROT_READ);
	CU_ASSERT_NOT_EQUAL_FATAL(regs, MAP_FAILED);
	CU_ASSERT_EQUAL(vmt_touch_status(regs, false), 0);
	if ((uint32_t)first_mappable_qid() + 1 <= nr_io) {
		if (need_unsafe)
			CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "1"), 0);
		dbp = map(DBS + PAGE, PAGE, PROT_READ | PROT_WRITE);
		CU_ASSERT_NOT_EQUAL(dbp, MAP_FAILED);
		if (dbp == MAP_FAILED)
			dbp = NULL;
	}
	nvmetest_close(dev);
	dev = NULL;
	CU_ASSERT_EQUAL_FATAL(vmt_unbind(vmt_bdf()), 0);
	CU_ASSERT_EQUAL(vmt_touch_status(regs, false), SIGBUS);
	if (dbp)
		CU_ASSERT_EQUAL(vmt_touch_status(dbp, false), SIGBUS);
	/* a new mmap on the old file: the controller is gone */
	CU_ASSERT_EQUAL(map_errno(0, PAGE, PROT_READ), ENODEV);
	munmap((void *)regs, PAGE);
	if (dbp)
		munmap((void *)dbp, PAGE);
	close(fd);
	fd = -1;
	CU_ASSERT_EQUAL(vmt_open_bound(&fd, devpath, sizeof(devpath)), 0);
	CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "0"), 0);
}

static CU_TestInfo tests[] = {
	{ "the registers mapped read-only", test_regs_readonly },
	{ "the rules of a writable mapping", test_write_rules },
	{ "raw queues rung through a mapped doorbell page", test_raw_through_mapping },
	{ "fenced in D3hot, back after D0 and an FLR", test_fence },
	{ "unbind with BAR0 mapped: SIGBUS", test_remove },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_bound("barmap", &fd, devpath, sizeof(devpath), setup, tests);
}
