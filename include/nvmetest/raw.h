/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/raw.c: raw queues (the driver creates and deletes
 * them, the tester writes SQEs, rings doorbells and reads CQEs), mappings
 * of BAR0 that ring their doorbells without an ioctl, and the interrupt
 * eventfds that wake a tester waiting on one.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_RAW_H
#define NVMETEST_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>
#include <nvmetest/cmd.h>
#include <nvmetest/dbuf.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct nvmetest_rawq - a raw IO submission or completion queue
 * @dev:        the handle it was created on
 * @buf:        the DMA buffer of the ring
 * @off:        where in @buf the ring (PC = 1) or its PRP list (PC = 0)
 *		starts, as given to the driver (dbuf_offset)
 * @ring:       PC = 1: the process's address of entry 0; else NULL
 * @pages:      PC = 0: the process's address of each memory page of the
 *		ring, in the order of its PRP list; else NULL
 * @page_size:  CC.MPS when the queue was created, the size of @pages
 * @depth:      entries
 * @entry_size: bytes per entry, 2 ^ CC.IOSQES (SQ) or 2 ^ CC.IOCQES (CQ)
 *		when the queue was created
 * @doorbell:   BAR0 offset of the SQ tail or CQ head doorbell
 *		(nvmetest_doorbell_offset())
 * @tail:       SQ: the slot nvmetest_raw_sq_post() writes next
 * @head:       CQ: the slot nvmetest_raw_cq_peek() reads
 * @qid:        queue identifier
 * @cqid:       SQ: the CQ it posts to
 * @cq:         a completion queue
 * @phase:      CQ: the phase tag an entry at @head has once the device
 *		posted it (1 on the first pass through the zeroed ring,
 *		then 0, ...)
 * @owns_buf:   @buf was allocated for the queue and goes with it
 * @db_page:    the page of BAR0 that holds @doorbell, mapped writable by
 *		nvmetest_raw_db_map() (sysconf(_SC_PAGESIZE) bytes from
 *		@doorbell rounded down to a page); NULL until then
 * @db_reg:     @doorbell in @db_page: where the doorbell functions store
 *		once it is mapped; NULL until then (they use REG_WRITE)
 *
 * Allocated by nvmetest_raw_cq_create() and nvmetest_raw_sq_create(),
 * freed by nvmetest_rawq_delete(); read the fields, let the functions
 * below change them. One thread at a time per queue: nothing locks.
 * @db_page and @db_reg came with LIBNVMETEST_2.2 and stay last: only the
 * library allocates the structure, so it may grow at its end.
 */
struct nvmetest_rawq {
	struct nvmetest_dev *dev;
	struct nvmetest_dbuf *buf;
	size_t off;
	uint8_t *ring;
	uint8_t **pages;
	uint32_t page_size;
	uint32_t depth;
	uint32_t entry_size;
	uint32_t doorbell;
	uint32_t tail;
	uint32_t head;
	uint16_t qid;
	uint16_t cqid;
	bool cq;
	bool phase;
	bool owns_buf;
	void *db_page;
	volatile uint32_t *db_reg;
};

/**
 * nvmetest_raw_cq_create - create a raw IO completion queue
 * @dev:    handle; must outlive the queue
 * @qid:    queue identifier
 * @depth:  entries, 1 .. 65536 (sent 0's based; the device judges the
 *	    value: 1 is not a valid queue size, a test may send it)
 * @vector: interrupt vector (IV)
 * @flags:  NVMETEST_QUEUE_DISCONTIG (PC = 0), NVMETEST_CQ_NO_IEN (IEN =
 *	    0); NVMETEST_QUEUE_RAW is added
 * @buf:    the DMA buffer of the ring, or NULL to allocate one that the
 *	    queue owns (PC = 1: contiguous, the ring at 0; PC = 0: the PRP
 *	    list at 0 and the ring's memory pages after it, scattered when
 *	    CC.MPS is at most the page size; a list longer than a page is
 *	    then seldom contiguous: -EINVAL for rings over 2 MiB)
 * @off:    with @buf: where the ring starts (PC = 1), or the PRP list
 *	    the caller wrote there (PC = 0: one entry per memory page of the
 *	    ring, each a whole page of @buf, not chained); ignored without
 * @qp:     output, the queue
 *
 * Reads CC (entry size, memory page size), then NVMETEST_IOC_CQ_CREATE
 * with NVMETEST_QUEUE_RAW: the driver sends Create I/O Completion Queue
 * with PRP1 = the bus address of byte @off and keeps the queue in its
 * table, but never reaps it. The queue belongs to this handle's file.
 * A raw CQ takes raw SQs only. With interrupts enabled it needs MSI-X
 * or polled mode; its vector's interrupts signal nvmetest_irq_eventfd().
 * To send a Create the library cannot map (a PRP list entry that is not
 * a page of the buffer), call nvmetest_cq_create() with the ABI fields.
 *
 * Return: 0; the NVMe status of Create I/O Completion Queue (> 0: no
 * queue, no buffer left); -EPERM without NVMETEST_INFO_CAP_RAW now (a
 * translating IOMMU, or the module's raw_unsafe=1); -ERANGE when the
 * ring or its list passes @buf; -EINVAL (depth, CC.IOCQES under 16
 * bytes, a PRP list entry the library cannot map, what the driver
 * refuses: a PC = 1 ring that is not contiguous, MSI or INTx with IEN);
 * -EEXIST, -ENXIO, -ENODEV as nvmetest_cq_create(); the errors of
 * nvmetest_dbuf_alloc().
 */
int nvmetest_raw_cq_create(struct nvmetest_dev *dev, uint16_t qid, uint32_t depth,
			   uint16_t vector, uint32_t flags, struct nvmetest_dbuf *buf, size_t off,
			   struct nvmetest_rawq **qp);

/**
 * nvmetest_raw_sq_create - create a raw IO submission queue
 * @dev:   handle; must outlive the queue
 * @qid:   queue identifier
 * @cqid:  the raw CQ it posts to (-ENOENT when the driver has no such CQ,
 *	   -EINVAL when it is not raw)
 * @depth: entries, 1 .. 65536
 * @flags: NVMETEST_QUEUE_DISCONTIG (PC = 0); NVMETEST_QUEUE_RAW is added
 * @qprio: queue priority (QPRIO, 0 urgent .. 3 low)
 * @buf:   as nvmetest_raw_cq_create()
 * @off:   as nvmetest_raw_cq_create()
 * @qp:    output, the queue
 *
 * nvmetest_raw_cq_create() for an SQ (CC.IOSQES, NVMETEST_IOC_SQ_CREATE,
 * Create I/O Submission Queue). The driver never writes an SQE into it:
 * nvmetest_raw_sq_post() and nvmetest_raw_sq_ring() do. The SQEs carry
 * DMA addresses the driver never sees, hence NVMETEST_INFO_CAP_RAW.
 *
 * Return: as nvmetest_raw_cq_create() (CC.IOSQES under 64 bytes is
 * -EINVAL), and -ENOENT as above.
 */
int nvmetest_raw_sq_create(struct nvmetest_dev *dev, uint16_t qid, uint16_t cqid,
			   uint32_t depth, uint32_t flags, uint8_t qprio,
			   struct nvmetest_dbuf *buf, size_t off, struct nvmetest_rawq **qp);

/**
 * nvmetest_rawq_delete - delete a raw queue
 * @q: queue, or NULL
 *
 * NVMETEST_IOC_QUEUE_DELETE: Delete I/O Submission or Completion Queue.
 * When the device refuses (e.g. Invalid Queue Deletion for a CQ that
 * still has SQs) the queue exists and @q is kept, to delete again.
 * Otherwise @q and the buffer it owns are freed: also on a negative
 * errno, when the driver no longer has the queue (-ENOENT: a reset or
 * disable ended it) or ends it itself when the file is closed. A
 * doorbell mapping (nvmetest_raw_db_map()) goes with @q.
 *
 * Return: 0; the NVMe status of the Delete command (> 0, @q kept); or a
 * negative errno as nvmetest_queue_delete() (@q freed).
 */
int nvmetest_rawq_delete(struct nvmetest_rawq *q);

/**
 * nvmetest_raw_sq_post - write an SQE at the tail of a raw SQ
 * @q:   a raw SQ
 * @sqe: 64 bytes (nvmetest_sqe_encode(), nvmetest_sqe_build(), or any)
 *
 * Pure (the ring's memory only): copies @sqe into the slot at @q->tail
 * (bytes past 64 of a larger entry are zeroed) and advances the tail,
 * wrapping at the depth. Does NOT ring the doorbell
 * (nvmetest_raw_sq_ring()), and does NOT check for a full queue: the
 * library does not know the device's head (CQE SQ Head), so a test may
 * overwrite entries the device has not fetched yet.
 *
 * Return: the slot written (>= 0), or -EINVAL when @q is a CQ.
 */
int nvmetest_raw_sq_post(struct nvmetest_rawq *q, const uint8_t sqe[64]);

/**
 * nvmetest_raw_sq_ring - ring a raw SQ's tail doorbell
 * @q: a raw SQ
 *
 * Writes @q->tail to SQyTDBL as nvmetest_raw_db_write() does: through
 * the doorbell's mapping after nvmetest_raw_db_map(), else through
 * NVMETEST_IOC_REG_WRITE. The entries posted before are in memory by
 * then: the driver's MMIO write (writel()) is ordered after the
 * process's stores, and the ioctl is a call the compiler cannot move
 * them past; before a store through the mapping a barrier orders them.
 *
 * Return: 0, -EINVAL when @q is a CQ, or the errno of the register
 * write.
 */
int nvmetest_raw_sq_ring(struct nvmetest_rawq *q);

/**
 * nvmetest_raw_cq_ring - ring a raw CQ's head doorbell
 * @q: a raw CQ
 *
 * Writes @q->head to CQyHDBL as nvmetest_raw_db_write() does: the
 * device may reuse the entries before it (and, with interrupts, raise
 * another when entries remain).
 *
 * Return: 0, -EINVAL when @q is an SQ, or the errno of the register
 * write.
 */
int nvmetest_raw_cq_ring(struct nvmetest_rawq *q);

/**
 * nvmetest_raw_db_write - write any value to a raw queue's doorbell
 * @q:     a raw SQ (tail doorbell) or CQ (head doorbell)
 * @value: the value: an invalid one (past the depth, a head past the
 *	   tail) tests the controller's Invalid Doorbell Write Value event
 *
 * After nvmetest_raw_db_map(): a barrier (the ring's stores and loads
 * before it, as writel() orders them) and a volatile 32-bit little-endian
 * store through @q->db_reg; no ioctl, and the driver's command log does
 * not see it. Else NVMETEST_IOC_REG_WRITE, which the command log follows.
 * Does NOT change @q->tail or @q->head.
 *
 * Return: 0, or the errno of the register write (a store through the
 * mapping cannot fail; after the device's remove it gets SIGBUS).
 */
int nvmetest_raw_db_write(struct nvmetest_rawq *q, uint32_t value);

/**
 * nvmetest_raw_cq_peek - the entry at the head of a raw CQ, if posted
 * @q:   a raw CQ
 * @cqe: output when there is one (may be NULL)
 *
 * Pure (the ring's memory only): reads the phase tag of the entry at
 * @q->head and, when it is @q->phase, the whole entry. Does NOT advance
 * the head (nvmetest_raw_cq_pop()) nor ring the doorbell.
 *
 * Return: true when the device posted the entry at the head.
 */
bool nvmetest_raw_cq_peek(struct nvmetest_rawq *q, struct nvmetest_cqe *cqe);

/**
 * nvmetest_raw_cq_pop - consume the entry at the head of a raw CQ
 * @q: a raw CQ
 *
 * Pure: advances @q->head; at the depth it wraps to 0 and the expected
 * phase inverts. Does NOT ring the doorbell: ring once per batch
 * (nvmetest_raw_cq_ring()).
 */
void nvmetest_raw_cq_pop(struct nvmetest_rawq *q);

/**
 * nvmetest_raw_cq_wait - wait for the next entry of a raw CQ
 * @q:          a raw CQ
 * @efd:        the eventfd of the CQ's interrupt vector
 *		(nvmetest_irq_eventfd()), or -1 to poll
 * @timeout_ms: how long at most; < 0 waits forever
 * @cqe:        output, the entry (may be NULL)
 *
 * Returns as soon as nvmetest_raw_cq_peek() sees the entry at the head.
 * In between, with @efd it blocks in poll() on the eventfd (and empties
 * its count: one waiter per eventfd; an interrupt of another CQ on the
 * vector wakes it for one more look); without, it sleeps 100 us between
 * looks. The entry is NOT popped and no doorbell is rung. A CQ without
 * interrupts (or a masked vector) with an eventfd waits for the timeout:
 * that is the test.
 *
 * Return: 0 with @cqe filled; -ETIMEDOUT; -EINVAL when @q is an SQ; the
 * errno of poll() or read() (-EINTR on a signal).
 */
int nvmetest_raw_cq_wait(struct nvmetest_rawq *q, int efd, int timeout_ms,
			 struct nvmetest_cqe *cqe);

/* ---------------------------------------------------------------------- */
/* Mapping BAR0 (ABI 1.12)                                                */

/**
 * nvmetest_bar_map - mmap() bytes of BAR0 into the process
 * @dev:      handle; the mapping may outlive it (it keeps the file open)
 * @off:      the first byte, a multiple of the page size
 *	      (sysconf(_SC_PAGESIZE)), below NVMETEST_MMAP_BAR0_END
 * @len:      bytes, a multiple of the page size, not 0; @off + @len
 *	      within BAR0 (INFO bar0_len)
 * @writable: PROT_READ | PROT_WRITE; else PROT_READ
 * @addr:     output: the process's address of byte @off; NULL on error
 *
 * mmap() of the device's file at offset @off, MAP_SHARED: below
 * NVMETEST_MMAP_BAR0_END the file's offsets are BAR0's. A read-only
 * mapping may cover any pages, the register file included (mprotect()
 * cannot add write). A writable one only doorbell pages the raw path
 * owns: the raw path's gate (NVMETEST_INFO_CAP_RAW, read at the mmap()),
 * at or after 0x1000, within the doorbells of the IO queues the
 * controller granted (the larger of INFO nr_io_sq and nr_io_cq), off
 * the MSI-X table and PBA, and no doorbell of the admin queue or of a
 * queue of the driver's (one not NVMETEST_QUEUE_RAW, an IOWorker's) in
 * it; while it lasts, creating such a queue over it fails with -EBUSY.
 * Stores through it reach the device unseen by the driver: no command
 * log follows them. At the device's remove every mapping is emptied: a
 * later access gets SIGBUS. Access registers with volatile loads and
 * stores of their width (a compiler may split or merge others).
 *
 * Return: 0; -EOPNOTSUPP without NVMETEST_INFO_CAP_BARMAP; -EINVAL for
 * @off or @len not page-aligned, @len 0 or bytes past BAR0 (refused by
 * the library), and what the driver refuses: a writable mapping outside
 * the granted queues' doorbells or over the MSI-X table or PBA, or a
 * BAR0 that is not page-aligned; -EPERM writable without the raw path's
 * gate; -EBUSY writable over a doorbell of a queue of the driver's;
 * -ENODEV after remove; another errno of mmap().
 */
int nvmetest_bar_map(struct nvmetest_dev *dev, uint64_t off, size_t len, bool writable,
		     void **addr);

/**
 * nvmetest_bar_unmap - unmap what nvmetest_bar_map() mapped
 * @addr: its address, or NULL
 * @len:  its length
 *
 * munmap(). The driver lets a queue of its own be created over the
 * doorbells a writable mapping held once no process maps them (a forked
 * child's copy counts).
 *
 * Return: 0, or the negative errno of munmap().
 */
int nvmetest_bar_unmap(void *addr, size_t len);

/**
 * nvmetest_raw_db_map - ring a raw queue's doorbell through a mapping
 * @q: a raw SQ or CQ
 *
 * Maps the page of BAR0 that holds @q->doorbell writable
 * (nvmetest_bar_map()) into @q->db_page and @q->db_reg: from then on
 * nvmetest_raw_sq_ring(), nvmetest_raw_cq_ring() and
 * nvmetest_raw_db_write() store to the doorbell at memory speed instead
 * of one REG_WRITE ioctl each, and nvmetest_rawq_delete() unmaps it. A
 * queue already mapped is left as it is.
 *
 * The driver does not see these stores, so the command log (CMDLOG) of
 * @q's commands stops following its doorbells, which it does for
 * REG_WRITE's; a later REG_WRITE of the doorbell (nvmetest_reg_write32())
 * logs the entries from the last value the driver saw, as they are then.
 *
 * Which queues can be mapped is the driver's rule of nvmetest_bar_map():
 * every doorbell in the page a raw queue's or an unused one, within the
 * granted queues'. With CAP.DSTRD = 0 and 4 KiB pages the page at 0x1000
 * holds the admin queue's doorbells and those of queues 1-511, so only
 * queues 512 and up can be mapped, and those of a page only when the
 * controller granted queues up to its end (1023 for queues 512-1023).
 *
 * Return: 0; -EPERM without the raw path's gate (NVMETEST_INFO_CAP_RAW
 * now); -EBUSY when the page holds a doorbell of a queue of the driver's
 * (the admin queue's are in the first doorbell page); -EINVAL when it
 * passes the granted queues' doorbells or covers the MSI-X table or
 * PBA; -EOPNOTSUPP without NVMETEST_INFO_CAP_BARMAP; the other errors
 * of nvmetest_bar_map(). On error @q rings through REG_WRITE as before.
 */
int nvmetest_raw_db_map(struct nvmetest_rawq *q);

/* ---------------------------------------------------------------------- */
/* Interrupt eventfds                                                     */

/**
 * nvmetest_irq_eventfd - an eventfd the driver signals per interrupt
 * @dev:    handle
 * @vector: vector index (below nr_vectors of the current mode)
 *
 * Creates an eventfd (EFD_CLOEXEC | EFD_NONBLOCK) and attaches it to the
 * vector with NVMETEST_IOC_IRQ_EVENTFD: every interrupt the driver counts
 * there (MSI-X, MSI or INTx) adds 1 to it. The driver detaches it when
 * this handle's file is closed or IRQ_SETUP changes the mode; closing the
 * descriptor does not detach it (nvmetest_irq_eventfd_detach()).
 *
 * Return: the eventfd (>= 0; the caller closes it); -EOPNOTSUPP without
 * NVMETEST_INFO_CAP_DBUF; -EBUSY when another file has one on the vector;
 * -EINVAL for a vector the mode does not have; the errno of eventfd().
 */
int nvmetest_irq_eventfd(struct nvmetest_dev *dev, uint16_t vector);

/**
 * nvmetest_irq_eventfd_detach - stop signalling a vector's eventfd
 * @dev:    handle
 * @vector: vector index
 *
 * NVMETEST_IOC_IRQ_EVENTFD with fd -1. Does NOT close the eventfd.
 *
 * Return: 0 or a negative errno.
 */
int nvmetest_irq_eventfd_detach(struct nvmetest_dev *dev, uint16_t vector);

/**
 * nvmetest_irq_wait - wait for interrupts on an eventfd
 * @efd:        from nvmetest_irq_eventfd()
 * @timeout_ms: how long at most; < 0 waits forever
 * @count:      output, may be NULL: interrupts since the last read
 *
 * poll() then read(): the count goes back to 0.
 *
 * Return: 1 when interrupts came (@count set); -ETIMEDOUT; the errno of
 * poll() or read() (-EINTR on a signal).
 */
int nvmetest_irq_wait(int efd, int timeout_ms, uint64_t *count);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_RAW_H */
