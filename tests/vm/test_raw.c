// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "raw": the raw path of the driver (issue 15). DMA buffers
 * (DBUF_ALLOC/FREE, mmap: what is mapped is the memory the device gets,
 * and the lifetimes: freed, foreign, closed, removed), raw queues whose
 * SQEs this program writes by hand and whose CQEs it reads (CID 0 and
 * 0xFFFF echoed, SQHD, the phase tag on wrap, a full SQ, PRP1 at every
 * offset class, PRP2 as a page and as a list spanning list pages, an
 * invalid PRP entry offset, an invalid doorbell value), interrupt waits on
 * an eventfd (IRQ_EVENTFD), the gate (a translating IOMMU or raw_unsafe)
 * and the rules of CQ_CREATE/SQ_CREATE for raw queues. Against QEMU's NVMe
 * controller: namespace 1 has 512-byte LBAs and no metadata (a raw
 * command carries no metadata pointer the driver could check).
 */
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <nvmetest.h>

#include "vmtest.h"

#define PAGE		4096
#define OPC_FLUSH	0x00
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define OPC_GET_LOG	0x02
#define NSID		1
#define LBA		512
#define QID		3
#define VEC		1
#define SC_INVALID_PRP_OFFSET	0x13
#define SC_DATA_SGL_LEN_INVALID	0x0f

static char devpath[64];
static int fd = -1;
/* The library's handle (its own file): the raw queues and their buffers. */
static struct nvmetest_dev *dev;
static uint64_t slba;		/* the LBAs this suite writes behind the map */
/* No translating IOMMU: the suite sets raw_unsafe (and puts it back). */
static bool need_unsafe;

static int dbuf_free_handle(int f, uint32_t handle)
{
	struct nvmetest_dbuf_free df = { .handle = handle };

	return vmt_ioctl(f, NVMETEST_IOC_DBUF_FREE, &df);
}

static struct nvmetest_info info(int f)
{
	struct nvmetest_info in;

	memset(&in, 0, sizeof(in));
	CU_ASSERT_EQUAL(vmt_ioctl(f, NVMETEST_IOC_INFO, &in), 0);
	return in;
}

/* CQ_CREATE/SQ_CREATE on file @f with a buffer, vector VEC for the CQ. */
static int raw_cq(int f, uint16_t qid, uint32_t depth, uint32_t flags,
		  uint32_t handle, uint32_t off, uint16_t *status)
{
	return vmt_cq_create_dbuf(f, qid, depth, VEC, flags, handle, off, status);
}

static int raw_sq(int f, uint16_t qid, uint16_t cqid, uint32_t depth,
		  uint32_t flags, uint32_t handle, uint32_t off, uint16_t *status)
{
	return vmt_sq_create_dbuf(f, qid, cqid, depth, flags, handle, off,
				  status);
}

/* A raw pair through the library: CQ and SQ @QID on vector VEC. */
struct rawq {
	struct nvmetest_rawq *cq, *sq;
};

static int rawq_create(struct rawq *q, uint32_t depth)
{
	q->cq = q->sq = NULL;
	if (nvmetest_raw_cq_create(dev, QID, depth, VEC, 0, NULL, 0, &q->cq))
		return -1;
	return nvmetest_raw_sq_create(dev, QID, QID, depth, 0, 0, NULL, 0,
				      &q->sq) ? -1 : 0;
}

static void rawq_delete(struct rawq *q)
{
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(q->sq), 0);
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(q->cq), 0);
}

/*
 * The next CQE (waiting on @efd when >= 0; bounded for a broken run
 * only), popped, the head doorbell written. Return: 0 or -1.
 */
static int rawq_reap(struct rawq *q, int efd, struct nvmetest_cqe *cqe)
{
	if (nvmetest_raw_cq_wait(q->cq, efd, 30000, cqe))
		return -1;
	nvmetest_raw_cq_pop(q->cq);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_ring(q->cq), 0);
	return 0;
}

static void rawq_submit(struct rawq *q, const struct nvmetest_sqe *sqe)
{
	uint8_t raw[64];

	nvmetest_sqe_encode(sqe, raw);
	CU_ASSERT(nvmetest_raw_sq_post(q->sq, raw) >= 0);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(q->sq), 0);
}

static void sqe_rw(struct nvmetest_sqe *sqe, uint8_t opc, uint16_t cid,
		   uint64_t lba, uint32_t nlb, uint64_t prp1, uint64_t prp2)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = opc;
	sqe->cid = cid;
	sqe->nsid = NSID;
	sqe->prp1 = prp1;
	sqe->prp2 = prp2;
	sqe->dw[10] = (uint32_t)lba;
	sqe->dw[11] = (uint32_t)(lba >> 32);
	sqe->dw[12] = nlb - 1;
}

static void sqe_flush(struct nvmetest_sqe *sqe, uint16_t cid)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = OPC_FLUSH;
	sqe->cid = cid;
	sqe->nsid = NSID;
}

/*
 * One raw command: submit, reap, check SQID, CID and SQ Head (the entry
 * after it: nothing else is outstanding); its status (SCT << 8 | SC).
 */
static int raw_cmd(struct rawq *q, const struct nvmetest_sqe *sqe)
{
	struct nvmetest_cqe cqe;

	rawq_submit(q, sqe);
	if (rawq_reap(q, -1, &cqe)) {
		CU_FAIL("no completion");
		return -1;
	}
	CU_ASSERT_EQUAL(cqe.sqid, QID);
	CU_ASSERT_EQUAL(cqe.cid, sqe->cid);
	CU_ASSERT_EQUAL(cqe.sqhd, q->sq->tail);
	return cqe.status & 0x7ff;
}

/* Put the suite's LBAs back through the driver: its CRC map is right. */
static void restore_lbas(uint32_t nlb)
{
	uint8_t *buf = vmt_pages((nlb * LBA + PAGE - 1) / PAGE);

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, 0, nlb * LBA);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 1, OPC_WRITE, NSID, slba, nlb, buf,
				   nlb * LBA, NULL, 0), 0);
	munmap(buf, (nlb * LBA + PAGE - 1) / PAGE * PAGE);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int setup(void)
{
	struct nvmetest_info in;

	if (vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 4, 8) ||
	    vmt_ioq_pair(fd, 1, 16, 0)) {
		printf("raw: CTRL_INIT or the queue pair failed\n");
		return -1;
	}
	slba = vmt_ns_tail(fd, NSID, LBA, 64);
	if (!slba)
		return -1;
	memset(&in, 0, sizeof(in));
	if (vmt_ioctl(fd, NVMETEST_IOC_INFO, &in))
		return -1;
	need_unsafe = !(in.capabilities & NVMETEST_INFO_CAP_RAW);
	if (need_unsafe && vmt_module_param("raw_unsafe", "1")) {
		printf("raw: cannot set raw_unsafe\n");
		return -1;
	}
	if (nvmetest_open(devpath, &dev)) {
		printf("raw: nvmetest_open(%s) failed\n", devpath);
		return -1;
	}
	return 0;
}

/* DBUF_ALLOC: contiguous, scattered, zeroed, mapped shared, limits. */
static void test_dbuf_alloc(void)
{
	struct nvmetest_dbuf_alloc da;
	struct nvmetest_dbuf *a, *s;
	uint8_t *va, *alias;
	uint32_t i;

	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 3 * PAGE - 100, 0, &a), 0);
	CU_ASSERT_EQUAL(a->nr_pages, 3);
	CU_ASSERT_EQUAL(a->page_size, PAGE);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(a->addrs[i] % PAGE, 0);
		if (i)
			CU_ASSERT_EQUAL(a->addrs[i], a->addrs[0] + i * PAGE);
	}
	va = a->va;
	for (i = 0; i < a->size; i++)
		if (va[i])
			break;
	CU_ASSERT_EQUAL(i, a->size);	/* zeroed */
	/* a second mapping of page 1 sees the same memory */
	memset(va + PAGE, 0x5a, PAGE);
	alias = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, nvmetest_fd(dev),
		     ((off_t)a->handle << 32) + PAGE);
	CU_ASSERT_NOT_EQUAL_FATAL(alias, MAP_FAILED);
	CU_ASSERT_EQUAL(alias[0], 0x5a);
	CU_ASSERT_EQUAL(alias[PAGE - 1], 0x5a);
	munmap(alias, PAGE);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(a), 0);

	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 8 * PAGE,
						  NVMETEST_DBUF_SCATTERED, &s), 0);
	CU_ASSERT_EQUAL(s->nr_pages, 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(s->addrs[i] % PAGE, 0);
	memset(s->va, 0xa5, s->size);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(s), 0);

	memset(&da, 0, sizeof(da));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), -EINVAL);
	da.size = NVMETEST_DBUF_MAX_CONTIG + 1;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), -EINVAL);
	da.size = PAGE;
	da.flags = 1U << 7;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), -EINVAL);
	da.flags = 0;
	da.rsvd[1] = 1;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), -EINVAL);
	da.rsvd[1] = 0;
	da.nr_addrs = 1;	/* no array for it */
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), -EINVAL);
	/* raw_mem_mb caps a controller's buffers */
	CU_ASSERT_EQUAL(vmt_module_param("raw_mem_mb", "1"), 0);
	memset(&da, 0, sizeof(da));
	da.size = 2 << 20;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), -ENOMEM);
	CU_ASSERT_EQUAL(vmt_module_param("raw_mem_mb", "64"), 0);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), 0);
	CU_ASSERT_EQUAL(dbuf_free_handle(fd, da.handle), 0);
}

/* mmap and DBUF_FREE of freed, foreign and out-of-range buffers. */
static void test_dbuf_mmap_errors(void)
{
	struct nvmetest_dbuf *a, *other;
	int dfd = nvmetest_fd(dev);
	uint32_t handle;
	uint8_t *va;
	void *p;

	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 2 * PAGE, 0, &a), 0);
	handle = a->handle;
	va = a->va;
	/* beyond the buffer, and private */
	p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, dfd, (off_t)handle << 32);
	CU_ASSERT_EQUAL(p, MAP_FAILED);
	CU_ASSERT_EQUAL(errno, EINVAL);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, dfd,
		 ((off_t)handle << 32) + 2 * PAGE);
	CU_ASSERT_EQUAL(p, MAP_FAILED);
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, dfd, (off_t)handle << 32);
	CU_ASSERT_EQUAL(p, MAP_FAILED);
	CU_ASSERT_EQUAL(errno, EINVAL);
	/* another file's buffer: neither mapped nor freed through this one */
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (off_t)handle << 32);
	CU_ASSERT_EQUAL(p, MAP_FAILED);
	CU_ASSERT_EQUAL(errno, EPERM);
	CU_ASSERT_EQUAL(dbuf_free_handle(fd, handle), -ENOENT);
	/* a mapping outlives the handle; the handle is gone */
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dfd,
		 (off_t)handle << 32);
	CU_ASSERT_NOT_EQUAL_FATAL(p, MAP_FAILED);
	va[0] = 7;
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(a), 0);	/* unmaps va too */
	CU_ASSERT_EQUAL(((uint8_t *)p)[0], 7);
	((uint8_t *)p)[PAGE] = 8;
	CU_ASSERT_EQUAL(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, dfd,
			     (off_t)handle << 32), MAP_FAILED);
	CU_ASSERT_EQUAL(errno, ENOENT);
	CU_ASSERT_EQUAL(dbuf_free_handle(dfd, handle), -ENOENT);
	CU_ASSERT_EQUAL(dbuf_free_handle(dfd, 0), -ENOENT);
	CU_ASSERT_EQUAL(munmap(p, 2 * PAGE), 0);
	/* a handle is not soon given again */
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, PAGE, 0, &other), 0);
	CU_ASSERT_NOT_EQUAL(other->handle, handle);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(other), 0);
}

/*
 * Without raw_unsafe raw queues need a translating IOMMU (INFO says which
 * by NVMETEST_INFO_CAP_RAW); with it they are allowed.
 */
static void test_gate(void)
{
	char path[128], type[32] = "";
	struct nvmetest_dbuf *b;
	bool dma_domain = false;
	uint16_t st = 1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type",
		 vmt_bdf());
	f = fopen(path, "r");
	if (f) {
		if (fgets(type, sizeof(type), f))
			dma_domain = !strncmp(type, "DMA", 3);
		fclose(f);
	}
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, PAGE, 0, &b), 0);
	CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "0"), 0);
	CU_ASSERT_EQUAL(!!(info(fd).capabilities & NVMETEST_INFO_CAP_RAW),
			dma_domain);
	CU_ASSERT(info(fd).capabilities & NVMETEST_INFO_CAP_DBUF);
	if (dma_domain) {
		CU_ASSERT_EQUAL(raw_cq(nvmetest_fd(dev), QID, 4,
				       NVMETEST_QUEUE_RAW, b->handle, 0, &st), 0);
		CU_ASSERT_EQUAL(st, 0);
		CU_ASSERT_EQUAL(nvmetest_queue_delete(dev, QID, NVMETEST_QUEUE_CQ), 0);
	} else {
		CU_ASSERT_EQUAL(raw_cq(nvmetest_fd(dev), QID, 4,
				       NVMETEST_QUEUE_RAW, b->handle, 0, &st),
				-EPERM);
	}
	CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "1"), 0);
	CU_ASSERT(info(fd).capabilities & NVMETEST_INFO_CAP_RAW);
	/* behind an IOMMU the rest runs without raw_unsafe */
	CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", need_unsafe ? "1" : "0"), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(b), 0);
}

/* What CQ_CREATE and SQ_CREATE refuse for raw queues. */
static void test_raw_rules(void)
{
	int dfd = nvmetest_fd(dev);
	struct nvmetest_dbuf *b;
	uint16_t st = 0;

	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 2 * PAGE, 0, &b), 0);
	/* fd's own buffer: another file's for dev */
	{
		struct nvmetest_dbuf_alloc da = { .size = PAGE };

		CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da), 0);
		CU_ASSERT_EQUAL(raw_cq(dfd, QID, 4, NVMETEST_QUEUE_RAW,
				       da.handle, 0, &st), -EINVAL);
		CU_ASSERT_EQUAL(dbuf_free_handle(fd, da.handle), 0);
	}
	/* the ring must fit: 513 CQEs of 16 bytes do not fit two pages */
	CU_ASSERT_EQUAL(raw_cq(dfd, QID, 513, NVMETEST_QUEUE_RAW, b->handle, 0,
			       &st), -EINVAL);
	CU_ASSERT_EQUAL(raw_cq(dfd, QID, 4, NVMETEST_QUEUE_RAW, b->handle,
			       2 * PAGE - 32, &st), -EINVAL);
	CU_ASSERT_EQUAL(raw_cq(dfd, QID, 4, NVMETEST_QUEUE_RAW, 0, 0, &st),
			-EINVAL);
	/* buffer fields without RAW */
	CU_ASSERT_EQUAL(raw_cq(dfd, QID, 4, 0, b->handle, 0, &st), -EINVAL);
	CU_ASSERT_EQUAL(raw_cq(dfd, QID, 4, 0, 0, 64, &st), -EINVAL);
	/* a raw SQ only on a raw CQ, and the other way round */
	CU_ASSERT_EQUAL(raw_sq(dfd, QID, 1, 4, NVMETEST_QUEUE_RAW, b->handle, 0,
			       &st), -EINVAL);
	CU_ASSERT_EQUAL(raw_cq(dfd, QID, 4, NVMETEST_QUEUE_RAW, b->handle, 0,
			       &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(vmt_sq_create(dfd, QID, QID, 4, 0, &st), -EINVAL);
	/* CMD does not post to a raw SQ (ring in the second page) */
	CU_ASSERT_EQUAL(raw_sq(dfd, QID, QID, 4, NVMETEST_QUEUE_RAW, b->handle,
			       PAGE, &st), 0);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_EQUAL(vmt_io(dfd, QID, OPC_FLUSH, NSID, 0, 0, 0, NULL, 0,
			       NULL, 0, 0, 0, NULL), -ENXIO);
	CU_ASSERT_EQUAL(nvmetest_queue_delete(dev, QID, NVMETEST_QUEUE_SQ), 0);
	CU_ASSERT_EQUAL(nvmetest_queue_delete(dev, QID, NVMETEST_QUEUE_CQ), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(b), 0);
}

/*
 * The command log of the raw SQ: the Write and the Read as they were in
 * the ring at the tail doorbell, each completed by the CQE the head
 * doorbell gave back.
 */
static void check_cmdlog(void)
{
	struct nvmetest_cmdlog_entry e[4];
	struct nvmetest_cmdlog cl = {
		.entries = (uintptr_t)e, .count = 4, .qid = QID,
	};
	struct nvmetest_cqe cqe;
	int i;

	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_CMDLOG, &cl), 0);
	CU_ASSERT_EQUAL_FATAL(cl.count, 2);
	CU_ASSERT_EQUAL(cl.total, 2);
	CU_ASSERT_EQUAL(e[0].sqe[0], OPC_WRITE);
	CU_ASSERT_EQUAL(e[1].sqe[0], OPC_READ);
	for (i = 0; i < 2; i++) {
		nvmetest_cqe_decode(e[i].cqe, &cqe);
		CU_ASSERT_EQUAL(e[i].done, 1);
		CU_ASSERT_EQUAL(e[i].qid, QID);
		CU_ASSERT_EQUAL(e[i].seq, (uint64_t)i);
		CU_ASSERT_EQUAL(cqe.cid, i ? 0xffff : 0);
		CU_ASSERT_EQUAL(cqe.sqid, QID);
		CU_ASSERT_EQUAL(cqe.status, 0);
		CU_ASSERT(e[i].complete_ns >= e[i].submit_ns);
	}
}

/*
 * Hand-built Write and Read through a raw pair, interrupts waited for on
 * an eventfd: CID 0 and 0xFFFF come back, SQHD advances, the data is what
 * was written, the interrupts are counted and none is spurious.
 */
static void test_raw_rw_eventfd(void)
{
	struct nvmetest_irq_eventfd ie = { .vector = VEC };
	struct nvmetest_irq_vector v0, v1;
	struct nvmetest_dbuf *data;
	struct nvmetest_sqe sqe;
	struct nvmetest_cqe cqe;
	uint8_t *va;
	uint64_t n = 0, total;
	struct rawq q;
	int efd;

	efd = nvmetest_irq_eventfd(dev, VEC);
	CU_ASSERT_FATAL(efd >= 0);
	/* one per vector: another file is refused, a bad vector too */
	ie.fd = efd;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IRQ_EVENTFD, &ie), -EBUSY);
	CU_ASSERT_EQUAL(nvmetest_irq_eventfd(dev, 4), -EINVAL);
	ie.fd = -2;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IRQ_EVENTFD, &ie), -EINVAL);

	CU_ASSERT_EQUAL_FATAL(rawq_create(&q, 8), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 2 * PAGE, 0, &data), 0);
	va = data->va;
	vmt_fill(va, PAGE, 15);
	v0 = vmt_irq_vec(fd, VEC, NVMETEST_IRQ_MSIX);

	/*
	 * A CQE is in memory before its message reaches a CPU: after each
	 * command, wait for its interrupt (bounded for a broken run only).
	 */
	sqe_rw(&sqe, OPC_WRITE, 0, slba, 8, nvmetest_dbuf_addr(data, 0), 0);
	rawq_submit(&q, &sqe);
	CU_ASSERT_EQUAL_FATAL(rawq_reap(&q, -1, &cqe), 0);
	CU_ASSERT_EQUAL(cqe.status, 0);
	CU_ASSERT_EQUAL(cqe.cid, 0);
	CU_ASSERT_EQUAL(cqe.sqid, QID);
	CU_ASSERT_EQUAL(cqe.sqhd, 1);
	CU_ASSERT_EQUAL(nvmetest_irq_wait(efd, 30000, &n), 1);
	CU_ASSERT(n >= 1);
	total = n;

	sqe_rw(&sqe, OPC_READ, 0xffff, slba, 8, nvmetest_dbuf_addr(data, PAGE), 0);
	rawq_submit(&q, &sqe);
	CU_ASSERT_EQUAL_FATAL(rawq_reap(&q, -1, &cqe), 0);
	CU_ASSERT_EQUAL(cqe.status, 0);
	CU_ASSERT_EQUAL(cqe.cid, 0xffff);
	CU_ASSERT_EQUAL(cqe.sqhd, 2);
	CU_ASSERT_EQUAL(memcmp(va, va + PAGE, PAGE), 0);
	CU_ASSERT_EQUAL(nvmetest_irq_wait(efd, 30000, &n), 1);
	total += n;

	/*
	 * The handler counts before it signals: IRQ_STATS read after the
	 * eventfd shows at least what it said, and nothing was spurious.
	 */
	v1 = vmt_irq_vec(fd, VEC, NVMETEST_IRQ_MSIX);
	CU_ASSERT(v1.count - v0.count >= total);
	CU_ASSERT_EQUAL(v1.spurious, v0.spurious);

	CU_ASSERT_EQUAL(nvmetest_irq_eventfd_detach(dev, VEC), 0);
	close(efd);
	check_cmdlog();
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(data), 0);
	rawq_delete(&q);
	restore_lbas(8);
}

/* The phase tag inverts on every wrap; a full SQ (depth - 1) runs. */
static void test_raw_phase_full(void)
{
	struct nvmetest_sqe sqe;
	struct nvmetest_cqe cqe;
	int i, seen = 0, efd;
	uint8_t raw[64];
	struct rawq q;

	CU_ASSERT_EQUAL_FATAL(rawq_create(&q, 4), 0);
	for (i = 0; i < 9; i++) {
		sqe_flush(&sqe, i);
		CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), 0);
		/* a CQE is found only with the phase of its pass */
		CU_ASSERT_EQUAL(q.cq->phase, ((i + 1) / 4) % 2 ? 0 : 1);
	}
	/* three at once fill the SQ of 4 */
	for (i = 0; i < 3; i++) {
		sqe_flush(&sqe, 0x40 + i);
		nvmetest_sqe_encode(&sqe, raw);
		CU_ASSERT(nvmetest_raw_sq_post(q.sq, raw) >= 0);
	}
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(q.sq), 0);
	/* the library's wait, blocking on the vector's eventfd */
	efd = nvmetest_irq_eventfd(dev, VEC);
	CU_ASSERT(efd >= 0);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL_FATAL(rawq_reap(&q, efd, &cqe), 0);
		CU_ASSERT_EQUAL(cqe.status, 0);
		seen |= 1 << (cqe.cid - 0x40);
	}
	CU_ASSERT_EQUAL(seen, 7);
	CU_ASSERT_EQUAL(cqe.sqhd, q.sq->tail);
	CU_ASSERT_EQUAL(nvmetest_irq_eventfd_detach(dev, VEC), 0);
	close(efd);
	rawq_delete(&q);
}

/*
 * PRP1 at each offset class, PRP2 as the second page, PRP2 as a list,
 * and a list whose last entry of a page points at the next list page;
 * data pages scattered.
 */
static void test_raw_prps(void)
{
	static const uint32_t offs[] = { 0, 4, 0x200, 0xe00, 0xf00, 0xffc };
	struct nvmetest_dbuf *data, *in, *list;
	struct nvmetest_sqe sqe;
	uint8_t *d, *v;
	uint64_t prp1, prp2;
	struct rawq q;
	size_t k, i;

	CU_ASSERT_EQUAL_FATAL(rawq_create(&q, 16), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 6 * PAGE,
						  NVMETEST_DBUF_SCATTERED, &data), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 6 * PAGE,
						  NVMETEST_DBUF_SCATTERED, &in), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 2 * PAGE,
						  NVMETEST_DBUF_SCATTERED, &list), 0);
	d = data->va;
	v = in->va;
	/* 32 LBAs of pattern from 4 scattered pages: the library's PRPs */
	vmt_fill(d, 4 * PAGE, 3);
	CU_ASSERT_EQUAL_FATAL(nvmetest_prp_build(data, 0, 32 * LBA, PAGE, list, 0,
						 &prp1, &prp2), 0);
	sqe_rw(&sqe, OPC_WRITE, 1, slba, 32, prp1, prp2);
	CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), 0);

	/* one LBA at every PRP1 offset; over a page boundary PRP2 = page */
	for (k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
		memset(v, 0, 2 * PAGE);
		sqe_rw(&sqe, OPC_READ, 2 + k, slba, 1,
		       nvmetest_dbuf_addr(in, offs[k]),
		       offs[k] + LBA > PAGE ? in->addrs[1] : 0);
		CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), 0);
		if (offs[k] + LBA <= PAGE) {
			CU_ASSERT_EQUAL(memcmp(v + offs[k], d, LBA), 0);
		} else {
			CU_ASSERT_EQUAL(memcmp(v + offs[k], d, PAGE - offs[k]), 0);
			CU_ASSERT_EQUAL(memcmp(v + PAGE, d + PAGE - offs[k],
					       LBA - (PAGE - offs[k])), 0);
		}
	}

	/*
	 * 16 KiB from offset 0x100 of page 0: five pages. The list starts
	 * 16 bytes before the end of its first page, so its second entry is
	 * the last of that page and points at the next list page (by hand:
	 * the library puts lists on page boundaries).
	 */
	memset(v, 0, 6 * PAGE);
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(list, PAGE - 16, in->addrs[1]), 0);
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(list, PAGE - 8, list->addrs[1]), 0);
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(nvmetest_prp_entry_set(list, PAGE + 8 * i,
						       in->addrs[2 + i]), 0);
	sqe_rw(&sqe, OPC_READ, 0x30, slba, 32, nvmetest_dbuf_addr(in, 0x100),
	       nvmetest_dbuf_addr(list, PAGE - 16));
	CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), 0);
	CU_ASSERT_EQUAL(memcmp(v + 0x100, d, PAGE - 0x100), 0);
	for (i = 1; i < 4; i++)
		CU_ASSERT_EQUAL(memcmp(v + i * PAGE, d + i * PAGE - 0x100, PAGE), 0);
	CU_ASSERT_EQUAL(memcmp(v + 4 * PAGE, d + 4 * PAGE - 0x100, 0x100), 0);

	/*
	 * NVMe Base 2.0, 4.1.1: a PRP list entry after the first has offset 0,
	 * else Invalid PRP Offset.
	 */
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(list, 0, in->addrs[1] + 0x200), 0);
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(list, 8, in->addrs[2]), 0);
	sqe_rw(&sqe, OPC_READ, 0x31, slba, 24, in->addrs[0], list->addrs[0]);
	CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), SC_INVALID_PRP_OFFSET);

	CU_ASSERT_EQUAL(nvmetest_dbuf_free(list), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(in), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(data), 0);
	rawq_delete(&q);
	restore_lbas(32);
}

/* Write the 16-byte SGL descriptors @desc into @list at @off. */
static void sgl_put(struct nvmetest_dbuf *list, size_t off,
		    const uint8_t (*desc)[16], size_t n)
{
	memcpy((uint8_t *)list->va + off, desc, 16 * n);
}

/* A Read of @nlb LBAs with @sgl1 in DPTR (PSDT 1): its status. */
static int sgl_read(struct rawq *q, uint16_t cid, uint32_t nlb,
		    const uint8_t sgl1[16])
{
	struct nvmetest_sqe sqe;

	sqe_rw(&sqe, OPC_READ, cid, slba, nlb, 0, 0);
	sqe.psdt = NVMETEST_PSDT_SGL_MPTR_BUF;
	nvmetest_sqe_sgl1(&sqe, sgl1);
	return raw_cmd(q, &sqe);
}

/*
 * SGLs built by hand, where Identify Controller SGLS says the controller
 * takes them for NVM commands (NVMe Base 2.0, 4.1.2): a Data Block in
 * SGL1; a Last Segment of a Data Block, a Bit Bucket (where SGLS bit 16
 * offers it, else a Data Block) and a Data Block; a Segment chained to a
 * Last Segment; and a Data Block shorter than the transfer, which must
 * end with Data SGL Length Invalid. Each read is checked against what a
 * PRP Write put on the media.
 */
static void test_raw_sgls(void)
{
	struct nvmetest_dbuf *data, *in, *list;
	uint8_t sgl1[16], seg[3][16];
	struct nvmetest_sqe sqe;
	struct nvme_id_ctrl id;
	bool bucket;
	struct rawq q;
	uint32_t sgls;
	uint8_t *d, *v;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(nvmetest_identify_ctrl(dev, &id), 0);
	sgls = le32toh(id.sgls);
	if (!(sgls & 3)) {
		printf("raw: SGLS %#x: the controller takes no SGLs, not run\n",
		       sgls);
		return;
	}
	bucket = sgls & (1U << 16);
	CU_ASSERT_EQUAL_FATAL(rawq_create(&q, 16), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, PAGE, 0, &data), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, 2 * PAGE,
						  NVMETEST_DBUF_SCATTERED, &in), 0);
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, PAGE, 0, &list), 0);
	d = data->va;
	v = in->va;
	vmt_fill(d, PAGE, 9);
	sqe_rw(&sqe, OPC_WRITE, 1, slba, 8, data->addrs[0], 0);
	CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), 0);

	/* one Data Block for all 4 KiB */
	memset(v, 0, 2 * PAGE);
	nvmetest_sgl_data_block(sgl1, in->addrs[0], PAGE);
	CU_ASSERT_EQUAL(sgl_read(&q, 2, 8, sgl1), 0);
	CU_ASSERT_EQUAL(memcmp(v, d, PAGE), 0);

	/* a Last Segment: 1 KiB, 1 KiB dropped (or to page 1's end), 2 KiB */
	memset(v, 0, 2 * PAGE);
	nvmetest_sgl_data_block(seg[0], in->addrs[0], 1024);
	if (bucket)
		nvmetest_sgl_bit_bucket(seg[1], 1024);
	else
		nvmetest_sgl_data_block(seg[1], in->addrs[1] + 3 * 1024, 1024);
	nvmetest_sgl_data_block(seg[2], in->addrs[1], 2048);
	sgl_put(list, 0, seg, 3);
	nvmetest_sgl_last_segment(sgl1, list->addrs[0], 3 * 16);
	CU_ASSERT_EQUAL(sgl_read(&q, 3, 8, sgl1), 0);
	CU_ASSERT_EQUAL(memcmp(v, d, 1024), 0);
	CU_ASSERT_EQUAL(memcmp(v + PAGE, d + 2048, 2048), 0);
	if (bucket) {
		/* the dropped KiB went nowhere */
		for (i = 1024; i < PAGE && !v[i]; i++)
			;
		CU_ASSERT_EQUAL(i, PAGE);
		for (i = PAGE + 2048; i < 2 * PAGE && !v[i]; i++)
			;
		CU_ASSERT_EQUAL(i, 2 * PAGE);
	} else {
		CU_ASSERT_EQUAL(memcmp(v + PAGE + 3 * 1024, d + 1024, 1024), 0);
	}

	/* a Segment (a Data Block and a Last Segment) to a Last Segment */
	memset(v, 0, 2 * PAGE);
	nvmetest_sgl_data_block(seg[0], in->addrs[1], 2048);
	nvmetest_sgl_last_segment(seg[1], list->addrs[0] + 0x200, 16);
	sgl_put(list, 0x100, seg, 2);
	nvmetest_sgl_data_block(seg[0], in->addrs[0] + 2048, 2048);
	sgl_put(list, 0x200, seg, 1);
	nvmetest_sgl_segment(sgl1, list->addrs[0] + 0x100, 2 * 16);
	CU_ASSERT_EQUAL(sgl_read(&q, 4, 8, sgl1), 0);
	CU_ASSERT_EQUAL(memcmp(v + PAGE, d, 2048), 0);
	CU_ASSERT_EQUAL(memcmp(v + 2048, d + 2048, 2048), 0);

	/* NVMe Base 2.0, 4.1.2: an SGL shorter than the data */
	nvmetest_sgl_data_block(sgl1, in->addrs[0], 2048);
	CU_ASSERT_EQUAL(sgl_read(&q, 5, 8, sgl1), SC_DATA_SGL_LEN_INVALID);

	CU_ASSERT_EQUAL(nvmetest_dbuf_free(list), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(in), 0);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(data), 0);
	rawq_delete(&q);
	restore_lbas(8);
}

static int take_events(struct nvmetest_event *ev, uint32_t n)
{
	struct nvmetest_events es = { .events = (uintptr_t)ev, .count = n };
	int ret = vmt_ioctl(fd, NVMETEST_IOC_EVENTS, &es);

	return ret ? ret : (int)es.count;
}

/* Get Log Page, Error Information (01h), 64 bytes: clears its event. */
static int error_log(uint8_t *log)
{
	return vmt_io(fd, 0, OPC_GET_LOG, 0xffffffff, 0x01 | (64 / 4 - 1) << 16,
		      0, 0, log, 64, NULL, 0, 0, 0, NULL);
}

/*
 * NVMe Base 2.0, 3.3.1.1 and 5.2: a tail doorbell value beyond the SQ
 * (depth 4, value 9) is an Invalid Doorbell Write Value error event
 * (type 0, information 01h, log page 01h) when an AER is outstanding.
 */
static void test_raw_invalid_db(void)
{
	struct nvmetest_aer_config ac = { .count = 1 };
	struct nvmetest_event ev[4];
	uint8_t *log = vmt_pages(1);
	struct nvmetest_sqe sqe;
	struct rawq q;
	double t0;
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL_FATAL(rawq_create(&q, 4), 0);
	take_events(ev, 4);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_AER_CONFIG, &ac), 0);
	/*
	 * AER_CONFIG does not wait for the device to take the AER, and
	 * QEMU drops an error event while it has none outstanding. Admin
	 * commands are fetched in order: once a later one completed, the
	 * AER is the device's.
	 */
	CU_ASSERT_EQUAL(error_log(log), 0);
	CU_ASSERT_EQUAL(nvmetest_raw_db_write(q.sq, 9), 0);
	/* bounded for a broken run only */
	for (t0 = now(); now() - t0 < 30 && n == 0; usleep(20 * 1000))
		n = take_events(ev, 4);
	CU_ASSERT_EQUAL(n, 1);
	if (n == 1) {
		CU_ASSERT_EQUAL(ev[0].dw0 & 0x7, 0);
		CU_ASSERT_EQUAL((ev[0].dw0 >> 8) & 0xff, 0x01);
		CU_ASSERT_EQUAL((ev[0].dw0 >> 16) & 0xff, 0x01);
	}
	CU_ASSERT_EQUAL(error_log(log), 0);
	/* the queue still works from where it was */
	sqe_flush(&sqe, 5);
	CU_ASSERT_EQUAL(raw_cmd(&q, &sqe), 0);
	ac.count = 0;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_AER_CONFIG, &ac), 0);
	rawq_delete(&q);
	munmap(log, PAGE);
}

/*
 * A process that dies with raw queues, buffers, a mapping and an eventfd:
 * everything goes with its file, and the mapping stays usable until it
 * is unmapped (here: at exit).
 */
static void test_raw_close(void)
{
	struct nvmetest_queue_info qi;
	pid_t pid;
	int st = -1, efd;

	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		struct nvmetest_sqe sqe;
		uint8_t raw[64], *ring;
		struct rawq q;

		/* a file of its own; the parent's stays open */
		if (nvmetest_open(devpath, &dev) || rawq_create(&q, 8) ||
		    nvmetest_irq_eventfd(dev, 2) < 0)
			_exit(1);
		sqe_flush(&sqe, 1);
		nvmetest_sqe_encode(&sqe, raw);
		nvmetest_raw_sq_post(q.sq, raw);
		ring = q.sq->ring;
		close(nvmetest_fd(dev));	/* the vmas keep the file */
		ring[64] = 1;
		_exit(0);
	}
	CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CU_ASSERT_EQUAL(vmt_queue_find(fd, QID, NVMETEST_QUEUE_SQ, &qi), 0);
	CU_ASSERT_EQUAL(vmt_queue_find(fd, QID, NVMETEST_QUEUE_CQ, &qi), 0);
	/* vector 2's eventfd went with the file */
	efd = nvmetest_irq_eventfd(dev, 2);
	CU_ASSERT(efd >= 0);
	CU_ASSERT_EQUAL(nvmetest_irq_eventfd_detach(dev, 2), 0);
	close(efd);
}

/*
 * Unbind with buffers mapped (one with its handle, one without) and raw
 * queues live: remove empties both mappings (an access gets SIGBUS, no
 * page of freed memory stays reachable) and the driver lets go of
 * everything. Last: it rebinds.
 */
static void test_raw_remove(void)
{
	struct nvmetest_dbuf *b;
	uint8_t *va, *orphan;
	struct rawq q;

	CU_ASSERT_EQUAL_FATAL(rawq_create(&q, 8), 0);
	va = q.sq->ring;
	va[0] = 1;
	/* a buffer whose handle is gone but whose mapping is not */
	CU_ASSERT_EQUAL_FATAL(nvmetest_dbuf_alloc(dev, PAGE, 0, &b), 0);
	orphan = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      nvmetest_fd(dev), (off_t)b->handle << 32);
	CU_ASSERT_NOT_EQUAL_FATAL(orphan, MAP_FAILED);
	CU_ASSERT_EQUAL(nvmetest_dbuf_free(b), 0);
	orphan[0] = 1;
	CU_ASSERT_EQUAL_FATAL(vmt_unbind(vmt_bdf()), 0);
	CU_ASSERT_EQUAL(vmt_touch_status(va, true), SIGBUS);
	CU_ASSERT_EQUAL(vmt_touch_status(orphan, true), SIGBUS);
	munmap(orphan, PAGE);
	/* the driver has no queue any more: the library frees them */
	CU_ASSERT(nvmetest_rawq_delete(q.sq) < 0);
	CU_ASSERT(nvmetest_rawq_delete(q.cq) < 0);
	nvmetest_close(dev);
	dev = NULL;
	close(fd);
	fd = -1;
	CU_ASSERT_EQUAL(vmt_open_bound(&fd, devpath, sizeof(devpath)), 0);
	CU_ASSERT_EQUAL(vmt_module_param("raw_unsafe", "0"), 0);
}

static CU_TestInfo tests[] = {
	{ "DBUF_ALLOC: contiguous, scattered, zeroed, shared, limits", test_dbuf_alloc },
	{ "mmap/DBUF_FREE of freed, foreign, out-of-range buffers", test_dbuf_mmap_errors },
	{ "the gate: a translating IOMMU or raw_unsafe", test_gate },
	{ "CQ_CREATE/SQ_CREATE rules for raw queues", test_raw_rules },
	{ "raw Write/Read, CID 0 and 0xFFFF, interrupts on an eventfd", test_raw_rw_eventfd },
	{ "phase tag on wrap, a full SQ", test_raw_phase_full },
	{ "PRP1 offsets, PRP2 page and list, chained list, invalid offset", test_raw_prps },
	{ "SGLs by hand: data block, bit bucket, segment chain, too short", test_raw_sgls },
	{ "an invalid doorbell value raises an error AER", test_raw_invalid_db },
	{ "a process dies with raw queues and mappings", test_raw_close },
	{ "unbind with a mapping: SIGBUS, nothing left", test_raw_remove },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_bound("raw", &fd, devpath, sizeof(devpath), setup, tests);
}
