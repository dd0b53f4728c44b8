// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Raw queues: created and deleted by the driver (CQ_CREATE, SQ_CREATE
 * with NVMETEST_QUEUE_RAW over a DMA buffer, QUEUE_DELETE), run by the
 * tester: SQEs written into the ring, doorbells rung through REG_WRITE
 * or through an mmap() of their page of BAR0 (ABI 1.12), CQEs read with
 * the phase tag. And the interrupt eventfds (IRQ_EVENTFD) a tester
 * blocks on while a raw CQ fills.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <nvme/types.h>

#include "private.h"

#define SQE_SIZE	64
#define CQE_SIZE	16
/* The wait without an eventfd looks again after this long: a completion is
 * seen at most this much late, and the CPU is left to others meanwhile. */
#define POLL_SLEEP_NS	100000L

/* Entry @idx of the ring: entries never straddle a memory page. */
static uint8_t *rawq_slot(const struct nvmetest_rawq *q, uint32_t idx)
{
	size_t byte = (size_t)idx * q->entry_size;

	if (q->pages)
		return q->pages[byte / q->page_size] + byte % q->page_size;
	return q->ring + byte;
}

void nvmt_rawq_setup(struct nvmetest_rawq *q, bool cq, uint16_t qid, uint32_t depth,
		     uint32_t entry_size, uint64_t cap)
{
	q->cq = cq;
	q->qid = qid;
	q->depth = depth;
	q->entry_size = entry_size;
	q->doorbell = nvmetest_doorbell_offset(cap, qid, cq);
	q->head = 0;
	q->tail = 0;
	/* the ring starts zeroed: the device's first pass posts phase 1 */
	q->phase = true;
}

static size_t rawq_bytes(const struct nvmetest_rawq *q)
{
	return (size_t)q->depth * q->entry_size;
}

static uint32_t rawq_nr_pages(const struct nvmetest_rawq *q)
{
	return (uint32_t)((rawq_bytes(q) + q->page_size - 1) / q->page_size);
}

int nvmt_rawq_map_list(struct nvmetest_rawq *q, const struct nvmetest_dbuf *b, size_t off)
{
	uint32_t n = rawq_nr_pages(q), ps = q->page_size;
	const char *name = q->cq ? "CQ" : "SQ";
	uint64_t e, addr;
	size_t pg = 0;
	int ret;

	if (q->entry_size > ps)
		return nvmt_fail(-EINVAL, "raw %s %u: a PC = 0 ring of %u-byte entries on %u-byte memory pages",
				 name, q->qid, q->entry_size, ps);
	/* the device reads the list as one contiguous piece */
	ret = nvmt_dbuf_span(b, off, (size_t)n * sizeof(e), &addr);
	if (ret)
		return nvmt_fail(ret, "raw %s %u: the ring's PRP list (%u entries at offset 0x%zx) %s",
				 name, q->qid, n, off, ret == -ERANGE ? "passes the buffer" :
				 "is not contiguous in bus addresses");
	q->pages = calloc(n, sizeof(*q->pages));
	if (!q->pages)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		e = nvmt_get_le64((const uint8_t *)b->va + off + (size_t)i * sizeof(e));
		/* the usual layout, the next page of the buffer, needs no search */
		if (!i || nvmetest_dbuf_addr(b, pg + ps) != e)
			ret = nvmt_dbuf_offset(b, e, &pg);
		else
			pg += ps;
		if (!ret && (e & (ps - 1)))
			ret = -EINVAL;
		if (!ret)
			ret = nvmt_dbuf_span(b, pg, ps, &addr);
		if (ret) {
			free(q->pages);
			q->pages = NULL;
			return nvmt_fail(-EINVAL, "raw %s %u: the ring's PRP list entry %u (0x%llx) is not a whole %u-byte memory page of the buffer",
					 name, q->qid, i, (unsigned long long)e, ps);
		}
		q->pages[i] = (uint8_t *)b->va + pg;
	}
	return 0;
}

/* PC = 1: the ring at @q->off, which must lie in the buffer. */
static int rawq_map_ring(struct nvmetest_rawq *q)
{
	if (q->off > q->buf->size || rawq_bytes(q) > q->buf->size - q->off)
		return nvmt_fail(-ERANGE, "%s: raw %s %u: the %zu-byte ring at offset 0x%zx passes the %zu-byte buffer",
				 q->dev->path, q->cq ? "CQ" : "SQ", q->qid, rawq_bytes(q), q->off,
				 q->buf->size);
	q->ring = (uint8_t *)q->buf->va + q->off;
	return 0;
}

/*
 * A buffer for a ring with nothing of the caller's: PC = 1, the ring at
 * 0 of a contiguous buffer; PC = 0, the PRP list at 0 and the memory
 * pages after it, one allocation per page when a memory page fits in
 * one (else a memory page could not be contiguous).
 */
static int rawq_buf_alloc(struct nvmetest_rawq *q, bool discontig)
{
	uint32_t n = rawq_nr_pages(q), ps = q->page_size;
	size_t list_bytes = ((size_t)n * 8 + ps - 1) / ps * ps;
	int ret;

	q->owns_buf = true;
	q->off = 0;
	if (!discontig)
		return nvmetest_dbuf_alloc(q->dev, rawq_bytes(q), 0, &q->buf);
	ret = nvmetest_dbuf_alloc(q->dev, list_bytes + (size_t)n * ps,
				  (long)ps <= sysconf(_SC_PAGESIZE) ? NVMETEST_DBUF_SCATTERED : 0,
				  &q->buf);
	if (ret)
		return ret;
	/* nvmt_rawq_map_list() checks the pages (a contiguous buffer's start
	 * need not be aligned to a memory page larger than a page) */
	for (uint32_t i = 0; i < n; i++)
		nvmt_put_le64((uint8_t *)q->buf->va + (size_t)i * 8,
			      nvmetest_dbuf_addr(q->buf, list_bytes + (size_t)i * ps));
	return 0;
}

/* Frees @q and what it owns; keeps the last error. */
static void rawq_free(struct nvmetest_rawq *q)
{
	if (q->db_page)
		munmap(q->db_page, (size_t)sysconf(_SC_PAGESIZE));
	if (q->owns_buf)
		nvmt_dbuf_free(q->buf);
	free(q->pages);
	free(q);
}

static int rawq_create(struct nvmetest_dev *dev, bool cq, uint16_t qid, uint16_t cqid,
		       uint32_t depth, uint16_t vector, uint32_t flags, uint8_t qprio,
		       struct nvmetest_dbuf *buf, size_t off, struct nvmetest_rawq **qp)
{
	const char *name = cq ? "CQ" : "SQ";
	bool discontig = flags & NVMETEST_QUEUE_DISCONTIG;
	struct nvmetest_rawq *q;
	uint32_t cc, es;
	int ret;

	*qp = NULL;
	nvmt_clear_error();
	if (!depth || depth > 65536)
		return nvmt_fail(-EINVAL, "%s: raw %s %u: depth %u is not 1 to 65536", dev->path,
				 name, qid, depth);
	ret = nvmetest_reg_read32(dev, NVME_REG_CC, &cc);
	if (ret)
		return nvmt_fail(ret, "%s: raw %s %u: reading CC: %s", dev->path, name, qid,
				 nvmetest_strerror(ret));
	es = 1U << (cq ? NVME_CC_IOCQES(cc) : NVME_CC_IOSQES(cc));
	if (es < (cq ? CQE_SIZE : SQE_SIZE))
		return nvmt_fail(-EINVAL, "%s: raw %s %u: CC 0x%08x gives %u-byte entries", dev->path,
				 name, qid, cc, es);
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	nvmt_rawq_setup(q, cq, qid, depth, es, dev->info.cap);
	q->dev = dev;
	q->cqid = cq ? 0 : cqid;
	q->page_size = (uint32_t)nvmetest_cc_mps(cc);
	q->buf = buf;
	q->off = off;
	ret = buf ? 0 : rawq_buf_alloc(q, discontig);
	if (!ret)
		ret = discontig ? nvmt_rawq_map_list(q, q->buf, q->off) : rawq_map_ring(q);
	if (ret)
		goto out_free;

	if (cq) {
		struct nvmetest_cq_create c = {
			.qid = qid, .vector = vector, .depth = depth,
			.flags = flags | NVMETEST_QUEUE_RAW,
			.dbuf = q->buf->handle, .dbuf_offset = (uint32_t)q->off,
		};

		ret = nvmetest_cq_create(dev, &c);
	} else {
		struct nvmetest_sq_create s = {
			.qid = qid, .cqid = cqid, .depth = depth, .qprio = qprio,
			.flags = flags | NVMETEST_QUEUE_RAW,
			.dbuf = q->buf->handle, .dbuf_offset = (uint32_t)q->off,
		};

		ret = nvmetest_sq_create(dev, &s);
	}
	if (ret == -EPERM)
		nvmt_set_error("%s: raw %s %u: raw queues need NVMETEST_INFO_CAP_RAW now (a translating IOMMU, or the module's raw_unsafe=1)",
			       dev->path, name, qid);
	else if (ret == -EINVAL)
		nvmt_set_error("%s: raw %s %u: refused by the driver: a PC = 1 ring not contiguous in the buffer, an SQ on a CQ that is not raw, interrupts in MSI or INTx mode, or a bad field",
			       dev->path, name, qid);
	if (ret)
		goto out_free;
	*qp = q;
	return 0;

out_free:
	rawq_free(q);
	return ret;
}

int nvmetest_raw_cq_create(struct nvmetest_dev *dev, uint16_t qid, uint32_t depth,
			   uint16_t vector, uint32_t flags, struct nvmetest_dbuf *buf, size_t off,
			   struct nvmetest_rawq **qp)
{
	return rawq_create(dev, true, qid, 0, depth, vector, flags, 0, buf, off, qp);
}

int nvmetest_raw_sq_create(struct nvmetest_dev *dev, uint16_t qid, uint16_t cqid,
			   uint32_t depth, uint32_t flags, uint8_t qprio,
			   struct nvmetest_dbuf *buf, size_t off, struct nvmetest_rawq **qp)
{
	return rawq_create(dev, false, qid, cqid, depth, 0, flags, qprio, buf, off, qp);
}

int nvmetest_rawq_delete(struct nvmetest_rawq *q)
{
	int ret;

	if (!q)
		return 0;
	ret = nvmetest_queue_delete(q->dev, q->qid, q->cq ? NVMETEST_QUEUE_CQ : NVMETEST_QUEUE_SQ);
	if (ret > 0)
		return ret;
	rawq_free(q);
	return ret;
}

int nvmetest_raw_sq_post(struct nvmetest_rawq *q, const uint8_t sqe[64])
{
	uint32_t slot = q->tail;
	uint8_t *p;

	if (q->cq)
		return -EINVAL;
	p = rawq_slot(q, slot);
	memcpy(p, sqe, SQE_SIZE);
	memset(p + SQE_SIZE, 0, q->entry_size - SQE_SIZE);
	q->tail = slot + 1 == q->depth ? 0 : slot + 1;
	return (int)slot;
}

/*
 * Orders the ring's accesses before a doorbell store through the mapping,
 * as the kernel's writel() orders them before its MMIO write: the SQEs a
 * tail hands the device are in memory when it fetches them. A head gives
 * entries back, so the loads of those CQEs are ordered too: on arm64 a
 * full barrier of the outer shareable domain (writel()'s is stores
 * only); elsewhere a release fence (x86: the compiler's only, its stores
 * and loads are not reordered with a later store).
 */
static inline void rawq_io_mb(void)
{
#if defined(__aarch64__)
	__asm__ __volatile__("dmb osh" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_RELEASE);
#endif
}

int nvmetest_raw_db_write(struct nvmetest_rawq *q, uint32_t value)
{
	int ret;

	if (q->db_reg) {
		nvmt_clear_error();
		rawq_io_mb();
		*q->db_reg = htole32(value);
		return 0;
	}
	ret = nvmetest_reg_write32(q->dev, q->doorbell, value, 0);
	if (ret)
		nvmt_set_error("%s: %s %u %s doorbell (0x%x) = %u: %s", q->dev->path,
			       q->cq ? "CQ" : "SQ", q->qid, q->cq ? "head" : "tail", q->doorbell,
			       value, nvmetest_strerror(ret));
	return ret;
}

int nvmetest_raw_sq_ring(struct nvmetest_rawq *q)
{
	return q->cq ? -EINVAL : nvmetest_raw_db_write(q, q->tail);
}

int nvmetest_raw_cq_ring(struct nvmetest_rawq *q)
{
	return q->cq ? nvmetest_raw_db_write(q, q->head) : -EINVAL;
}

/* Why the driver refused an mmap() of BAR0, by its errno (kmod/barmap.c). */
static const char *bar_map_refusal(int err)
{
	switch (err) {
	case -EPERM:
		return "a writable mapping needs the raw path's gate now (NVMETEST_INFO_CAP_RAW: a translating IOMMU, or the module's raw_unsafe=1)";
	case -EBUSY:
		return "a doorbell of a queue of the driver's is in it (the admin queue's, or an IO queue's that is not raw)";
	case -EINVAL:
		return "BAR0 is not page-aligned in the host's addresses";
	case -ENODEV:
		return "the device was removed";
	default:
		return NULL;
	}
}

/*
 * nvmetest_bar_map() with @who, when not "", naming what the mapping is
 * for in the last error.
 */
static int bar_map(struct nvmetest_dev *dev, uint64_t off, size_t len, bool writable,
		   void **addr, const char *who)
{
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);
	const char *why;
	char what[128];
	void *va;
	int ret;

	*addr = NULL;
	ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_BARMAP, "mmap of BAR0",
			    "1.12 with NVMETEST_INFO_CAP_BARMAP");
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "%s%s%s mmap of BAR0 0x%llx+0x%zx", who, *who ? ": " : "",
		 writable ? "writable" : "read-only", (unsigned long long)off, len);
	if (!len || off % ps || len % ps)
		return nvmt_fail(-EINVAL, "%s: %s: offset and length must be multiples of the %llu-byte page, the length not 0",
				 dev->path, what, (unsigned long long)ps);
	/* from NVMETEST_MMAP_BAR0_END on, the file's offsets are DMA buffers */
	if (off >= NVMETEST_MMAP_BAR0_END || len > dev->info.bar0_len ||
	    off > dev->info.bar0_len - len)
		return nvmt_fail(-EINVAL, "%s: %s: passes the 0x%llx bytes of BAR0", dev->path, what,
				 (unsigned long long)dev->info.bar0_len);
	va = mmap(NULL, len, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, dev->fd,
		  (off_t)off);
	if (va == MAP_FAILED) {
		ret = -errno;
		if (ret == -EINVAL && writable)
			return nvmt_fail(ret, "%s: %s: not within the doorbells of the IO queues the controller granted (CTRL_INIT's nr_io_sq, nr_io_cq), or over the MSI-X table or PBA",
					 dev->path, what);
		why = bar_map_refusal(ret);
		return nvmt_fail(ret, "%s: %s: %s", dev->path, what,
				 why ? why : nvmetest_strerror(ret));
	}
	*addr = va;
	return 0;
}

int nvmetest_bar_map(struct nvmetest_dev *dev, uint64_t off, size_t len, bool writable,
		     void **addr)
{
	nvmt_clear_error();
	return bar_map(dev, off, len, writable, addr, "");
}

int nvmetest_bar_unmap(void *addr, size_t len)
{
	nvmt_clear_error();
	if (addr && munmap(addr, len))
		return nvmt_fail(-errno, "munmap of BAR0 at %p+0x%zx: %s", addr, len,
				 strerror(errno));
	return 0;
}

int nvmetest_raw_db_map(struct nvmetest_rawq *q)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint32_t page = (uint32_t)(q->doorbell / ps * ps);
	char who[64];
	void *va;
	int ret;

	nvmt_clear_error();
	if (q->db_page)
		return 0;
	snprintf(who, sizeof(who), "%s %u %s doorbell (0x%x)", q->cq ? "CQ" : "SQ", q->qid,
		 q->cq ? "head" : "tail", q->doorbell);
	ret = bar_map(q->dev, page, ps, true, &va, who);
	if (ret)
		return ret;
	q->db_page = va;
	q->db_reg = (volatile uint32_t *)((uint8_t *)va + (q->doorbell - page));
	return 0;
}

/*
 * Orders the loads of a CQE after the load of its phase tag, as the
 * kernel's dma_rmb(): the device writes the entry with the phase in its
 * last bytes, and a CPU (or the compiler) that read the other dwords
 * first could pair a new phase with the previous pass's entry. On arm64
 * that takes the outer shareable domain the device writes in (DPDK's
 * rte_io_rmb()); elsewhere an acquire fence (x86: the compiler's only).
 */
static inline void rawq_dma_rmb(void)
{
#if defined(__aarch64__)
	__asm__ __volatile__("dmb oshld" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
#endif
}

bool nvmetest_raw_cq_peek(struct nvmetest_rawq *q, struct nvmetest_cqe *cqe)
{
	const uint8_t *p;
	uint16_t sf;

	if (!q->cq)
		return false;
	p = rawq_slot(q, q->head);
	/* an atomic load: read from memory at every look, never cached */
	sf = le16toh(__atomic_load_n((const uint16_t *)(p + 14), __ATOMIC_RELAXED));
	if ((sf & 1) != q->phase)
		return false;
	rawq_dma_rmb();
	if (cqe)
		nvmetest_cqe_decode(p, cqe);
	return true;
}

void nvmetest_raw_cq_pop(struct nvmetest_rawq *q)
{
	if (++q->head == q->depth) {
		q->head = 0;
		q->phase = !q->phase;
	}
}

/* Milliseconds left of @timeout_ms since @start (-1: forever), rounded up. */
static int ms_left(const struct timespec *start, int timeout_ms)
{
	struct timespec now;
	int64_t spent_ns;

	if (timeout_ms < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	spent_ns = (now.tv_sec - start->tv_sec) * 1000000000LL + now.tv_nsec - start->tv_nsec;
	if (spent_ns >= (int64_t)timeout_ms * 1000000)
		return 0;
	return (int)(((int64_t)timeout_ms * 1000000 - spent_ns + 999999) / 1000000);
}

int nvmetest_raw_cq_wait(struct nvmetest_rawq *q, int efd, int timeout_ms,
			 struct nvmetest_cqe *cqe)
{
	struct timespec start, nap = { 0, POLL_SLEEP_NS };
	int left, ret;

	nvmt_clear_error();
	if (!q->cq)
		return -EINVAL;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (nvmetest_raw_cq_peek(q, cqe))
			return 0;
		left = ms_left(&start, timeout_ms);
		if (!left)
			return nvmt_fail(-ETIMEDOUT, "CQ %u: no entry at head %u (phase %u) in %d ms%s",
					 q->qid, q->head, q->phase, timeout_ms,
					 efd >= 0 ? " (waiting on the vector's eventfd)" : "");
		if (efd < 0) {
			nanosleep(&nap, NULL);
			continue;
		}
		ret = nvmetest_irq_wait(efd, left, NULL);
		if (ret < 0 && ret != -ETIMEDOUT)
			return ret;
	}
}

int nvmetest_irq_wait(int efd, int timeout_ms, uint64_t *count)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	struct timespec start;
	uint64_t n;
	int left, ret;

	nvmt_clear_error();
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		left = ms_left(&start, timeout_ms);
		ret = poll(&p, 1, left);
		if (ret < 0)
			return -errno;
		if (!ret)
			return nvmt_fail(-ETIMEDOUT, "no interrupt on eventfd %d in %d ms", efd,
					 timeout_ms);
		if (read(efd, &n, sizeof(n)) == (ssize_t)sizeof(n))
			break;
		/* another reader emptied it first: wait for the next one */
		if (errno != EAGAIN)
			return -errno;
	}
	if (count)
		*count = n;
	return 1;
}

static int irq_eventfd_set(struct nvmetest_dev *dev, uint16_t vector, int fd)
{
	struct nvmetest_irq_eventfd e = { .vector = vector, .fd = fd };
	char what[64];
	int ret;

	snprintf(what, sizeof(what), "%s the eventfd of vector %u", fd < 0 ? "detach" : "attach",
		 vector);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IRQ_EVENTFD, &e, what);
	if (ret == -EBUSY)
		nvmt_set_error("%s: %s: another open file has an eventfd there", dev->path, what);
	return ret;
}

int nvmetest_irq_eventfd(struct nvmetest_dev *dev, uint16_t vector)
{
	int efd, ret;

	nvmt_clear_error();
	ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_DBUF, "interrupt eventfds",
			    "1.11 with NVMETEST_INFO_CAP_DBUF");
	if (ret)
		return ret;
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0)
		return nvmt_fail(-errno, "eventfd: %s", strerror(errno));
	ret = irq_eventfd_set(dev, vector, efd);
	if (ret) {
		close(efd);
		return ret;
	}
	return efd;
}

int nvmetest_irq_eventfd_detach(struct nvmetest_dev *dev, uint16_t vector)
{
	nvmt_clear_error();
	return irq_eventfd_set(dev, vector, -1);
}
