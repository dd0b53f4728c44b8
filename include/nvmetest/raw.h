/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/raw.c: raw queues (the driver creates and deletes
 * them, the tester writes SQEs, rings doorbells and reads CQEs) and the
 * interrupt eventfds that wake a tester waiting on one.
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
 *
 * Allocated by nvmetest_raw_cq_create() and nvmetest_raw_sq_create(),
 * freed by nvmetest_rawq_delete(); read the fields, let the functions
 * below change them. One thread at a time per queue: nothing locks.
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
 * disable ended it) or ends it itself when the file is closed.
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
 * Writes @q->tail to SQyTDBL through NVMETEST_IOC_REG_WRITE. The
 * entries posted before are in memory by then: the driver's MMIO write
 * (writel()) is ordered after the process's stores, and the ioctl is a
 * call the compiler cannot move them past.
 *
 * Return: 0, -EINVAL when @q is a CQ, or the errno of the register
 * write.
 */
int nvmetest_raw_sq_ring(struct nvmetest_rawq *q);

/**
 * nvmetest_raw_cq_ring - ring a raw CQ's head doorbell
 * @q: a raw CQ
 *
 * Writes @q->head to CQyHDBL: the device may reuse the entries before
 * it (and, with interrupts, raise another when entries remain).
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
 * Does NOT change @q->tail or @q->head.
 *
 * Return: 0, or the errno of the register write.
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
