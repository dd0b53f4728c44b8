/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/ioq.c: IO queues, namespaces and the per-queue command
 * log.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_IOQ_H
#define NVMETEST_IOQ_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * nvmetest_cq_create - NVMETEST_IOC_CQ_CREATE: create an IO completion queue
 * @dev: handle
 * @cq:  the ABI structure (qid, vector, depth, flags in; status out)
 *
 * The driver allocates the queue memory and sends Create I/O Completion
 * Queue. The queue belongs to this handle's file: the driver deletes it
 * when the file is closed (nvmetest_close() or process exit).
 *
 * Return: 0; the NVMe status of Create I/O Completion Queue (> 0: the
 * queue does not exist); -EEXIST when the driver already has @cq->qid,
 * -EBUSY when a writable mapping of BAR0 holds its doorbell (a queue
 * that is not NVMETEST_QUEUE_RAW), -ENXIO when the controller is not
 * enabled, -EINVAL, -ENODEV.
 */
int nvmetest_cq_create(struct nvmetest_dev *dev, struct nvmetest_cq_create *cq);

/**
 * nvmetest_sq_create - NVMETEST_IOC_SQ_CREATE: create an IO submission queue
 * @dev: handle
 * @sq:  the ABI structure (qid, cqid, depth, flags, qprio, nvmsetid in;
 *	 status out)
 *
 * Owned by this handle's file, as nvmetest_cq_create().
 *
 * Return: 0, the NVMe status of Create I/O Submission Queue, -ENOENT when
 * the driver has no CQ @sq->cqid, -EEXIST, -EBUSY (@sq->cqid is an
 * IOWorker's, or as nvmetest_cq_create()), -ENXIO, -EINVAL, -ENODEV.
 */
int nvmetest_sq_create(struct nvmetest_dev *dev, struct nvmetest_sq_create *sq);

/**
 * nvmetest_queue_delete - NVMETEST_IOC_QUEUE_DELETE: delete an IO SQ or CQ
 * @dev:  handle
 * @qid:  queue id
 * @type: NVMETEST_QUEUE_SQ or NVMETEST_QUEUE_CQ
 *
 * When the device accepts the Delete command the driver ends the queue's
 * outstanding commands and frees it; when it refuses (a CQ with SQs:
 * Invalid Queue Deletion) the queue stays.
 *
 * Return: 0, the NVMe status of the Delete command, -ENOENT (no such
 * queue), -EPERM (another file's queue), -EINVAL, -ENODEV.
 */
int nvmetest_queue_delete(struct nvmetest_dev *dev, uint16_t qid, uint16_t type);

/**
 * nvmetest_qpair_create - an IO CQ and an SQ with the same id posting to it
 * @dev:    handle
 * @qid:    id of both queues
 * @depth:  entries of both
 * @vector: the CQ's interrupt vector
 * @flags:  NVMETEST_QUEUE_* (NVMETEST_CQ_NO_IEN applies to the CQ only)
 *
 * Creates the CQ, then the SQ; when the SQ fails the CQ is deleted again,
 * so on failure neither exists.
 *
 * Return: as nvmetest_cq_create() / nvmetest_sq_create().
 */
int nvmetest_qpair_create(struct nvmetest_dev *dev, uint16_t qid, uint32_t depth,
			  uint16_t vector, uint32_t flags);

/**
 * nvmetest_qpair_delete - delete the SQ, then the CQ, of a queue pair
 * @dev: handle
 * @qid: id of both queues
 *
 * Tries the CQ even when the SQ's deletion failed.
 *
 * Return: 0, or the first failure (NVMe status or -errno).
 */
int nvmetest_qpair_delete(struct nvmetest_dev *dev, uint16_t qid);

/**
 * nvmetest_queue_list - NVMETEST_IOC_QUEUE_LIST: the driver's queues
 * @dev:   handle
 * @q:     output array
 * @count: entries in @q
 * @total: output, may be NULL: queues in the table (admin SQ and CQ
 *	   included), which may be more than @count
 *
 * Every queue of the controller, whichever file created it.
 *
 * Return: entries filled, or -errno.
 */
int nvmetest_queue_list(struct nvmetest_dev *dev, struct nvmetest_queue_info *q,
			uint32_t count, uint32_t *total);

/**
 * nvmetest_ns_list - NVMETEST_IOC_NS_LIST: the active namespaces
 * @dev:   handle
 * @ns:    output array
 * @count: input: entries in @ns; output: entries filled
 * @flags: NVMETEST_NS_RESCAN to make the driver identify them again first
 * @total: output, may be NULL: active namespaces the driver knows (more
 *	   than @count when the array was too small)
 *
 * Return: 0; the NVMe status of the first failed Identify of a rescan
 * (> 0); -ENXIO when not enabled; -errno.
 */
int nvmetest_ns_list(struct nvmetest_dev *dev, struct nvmetest_ns_info *ns,
		     uint32_t *count, uint32_t flags, uint32_t *total);

/**
 * nvmetest_ns_get - one namespace's geometry, from the driver's list
 * @dev:  handle
 * @nsid: namespace identifier
 * @ns:   output
 *
 * No rescan: the driver's view as of init (or the last rescan).
 *
 * Return: 0, -ENOENT when @nsid is not active, -errno.
 */
int nvmetest_ns_get(struct nvmetest_dev *dev, uint32_t nsid,
		    struct nvmetest_ns_info *ns);

/* ---------------------------------------------------------------------- */
/* Command log                                                            */

/**
 * nvmetest_cmdlog - NVMETEST_IOC_CMDLOG: a queue's newest logged commands
 * @dev:     handle
 * @qid:     queue id (0 = admin)
 * @entries: output, oldest first
 * @count:   entries in @entries
 * @total:   output, may be NULL: commands logged on the queue since it was
 *	     created (more than the ring holds once it wrapped)
 *
 * Return: entries filled, -ENOENT for a queue the driver does not have,
 * -errno.
 */
int nvmetest_cmdlog(struct nvmetest_dev *dev, uint16_t qid,
		    struct nvmetest_cmdlog_entry *entries, uint32_t count,
		    uint64_t *total);

/**
 * struct nvmetest_cmdlog_rec - a command log entry, decoded
 * @qid:         queue
 * @seq:         sequence number on the queue
 * @opcode:      opcode
 * @name:        opcode name (admin or NVM by @qid), static
 * @cid:         command identifier
 * @nsid:        namespace identifier
 * @has_lba:     an NVM block command: @slba and @nlb are meaningful
 * @slba:        starting LBA (CDW10/11)
 * @nlb:         number of logical blocks, 0's based (CDW12 bits 15:0)
 * @cdw10:       command dword 10, for the other commands
 * @done:        completed (or ended by the host)
 * @host_status: enum nvmetest_host_status
 * @status:      NVMe status (the 15-bit field) once done
 * @result:      CQE dword 0
 * @submit_ns:   CLOCK_MONOTONIC doorbell time
 * @complete_ns: completion time, 0 while outstanding
 * @latency_ns:  @complete_ns - @submit_ns, 0 while outstanding
 */
struct nvmetest_cmdlog_rec {
	uint16_t qid;
	uint64_t seq;
	uint8_t opcode;
	const char *name;
	uint16_t cid;
	uint32_t nsid;
	bool has_lba;
	uint64_t slba;
	uint16_t nlb;
	uint32_t cdw10;
	bool done;
	uint32_t host_status;
	uint16_t status;
	uint32_t result;
	uint64_t submit_ns;
	uint64_t complete_ns;
	uint64_t latency_ns;
};

/**
 * nvmetest_cmdlog_decode - decode one command log entry
 * @e:   the entry as NVMETEST_IOC_CMDLOG returned it
 * @rec: output
 *
 * Pure. SLBA/NLB are decoded for Read, Write, Compare, Write Zeroes,
 * Write Uncorrectable and Verify on IO queues.
 */
void nvmetest_cmdlog_decode(const struct nvmetest_cmdlog_entry *e,
			    struct nvmetest_cmdlog_rec *rec);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_IOQ_H */
