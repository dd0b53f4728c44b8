/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/ring.c: asynchronous commands over io_uring
 * (IORING_OP_URING_CMD).
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_RING_H
#define NVMETEST_RING_H

#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>
#include <nvmetest/cmd.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nvmetest_ring;

/**
 * struct nvmetest_completion - one reaped asynchronous command
 * @user_data: as given to nvmetest_ring_submit()
 * @ret:       the return convention of the sync path: 0, NVMe status
 *	       (> 0), or -errno (@res)
 * @res:       the CQE32's res: 0 when the device completed the command,
 *	       else a negative errno (bad input, -ETIMEDOUT, -ECANCELED,
 *	       -ENODEV; -EILSEQ when the data read failed verification
 *	       against the CRC map; -EOVERFLOW when the device moved more
 *	       than the buffers hold, the command log entry is marked)
 * @cqe:       the command's CQE as far as the CQE32 carries it: result
 *	       (dword 0), CID, status and phase (dword 3); @cqe.dw1, .sqhd and
 *	       .sqid are 0. All zero when @res < 0
 */
struct nvmetest_completion {
	uint64_t user_data;
	int ret;
	int res;
	struct nvmetest_cqe cqe;
};

/**
 * nvmetest_uring_cmd_fill - the io_uring command area of a command
 * @args: the command, as for nvmetest_io_cmd() (@args->sqe is used when
 *	  set: opcode, flags, NSID and dwords 2, 3, 10-15 are taken from it)
 * @cmd:  output
 *
 * Pure. The outputs of @args (result, cqe, latency_ns) are not used: an
 * asynchronous command reports through struct nvmetest_completion.
 */
void nvmetest_uring_cmd_fill(const struct nvmetest_cmd_args *args,
			     struct nvmetest_uring_cmd *cmd);

/**
 * nvmetest_ring_init - an io_uring for asynchronous commands on a device
 * @dev:   handle; must outlive the ring
 * @depth: SQ entries (the CQ gets twice as many)
 * @ringp: output, the new ring
 *
 * IORING_SETUP_SQE128 | IORING_SETUP_CQE32, as NVMETEST_URING_CMD_IO
 * needs (kernel 5.19 and later).
 *
 * Return: 0, -EOPNOTSUPP when the driver has no io_uring support
 * (NVMETEST_INFO_CAP_URING), or the errno of io_uring_queue_init().
 */
int nvmetest_ring_init(struct nvmetest_dev *dev, unsigned int depth,
		       struct nvmetest_ring **ringp);

/**
 * nvmetest_ring_exit - tear a ring down and free it
 * @ring: ring, or NULL
 *
 * Commands still in flight are cancelled by the kernel.
 */
void nvmetest_ring_exit(struct nvmetest_ring *ring);

/**
 * nvmetest_ring_submit - queue one command on the ring
 * @ring:      ring
 * @args:      the command (@args->qid its queue) and its buffers, which
 *	       must stay valid until it completes
 * @user_data: returned in its struct nvmetest_completion
 *
 * Fills an SQE (IORING_OP_URING_CMD, cmd_op NVMETEST_URING_CMD_IO, struct
 * nvmetest_uring_cmd in sqe->cmd) and does NOT enter the kernel unless the
 * SQ ring is full, when it submits what is queued first.
 *
 * Return: 0, -EBUSY when the SQ ring is still full, -errno of
 * io_uring_submit().
 */
int nvmetest_ring_submit(struct nvmetest_ring *ring,
			 const struct nvmetest_cmd_args *args, uint64_t user_data);

/**
 * nvmetest_ring_flush - submit the queued commands to the kernel
 * @ring: ring
 *
 * Return: commands submitted, or -errno.
 */
int nvmetest_ring_flush(struct nvmetest_ring *ring);

/**
 * nvmetest_ring_reap - take completed commands
 * @ring:     ring
 * @out:      output array
 * @max:      entries in @out
 * @min_wait: wait until at least this many are available (0: do not wait)
 *
 * Submits queued commands first when @min_wait > 0.
 *
 * Return: completions filled (0..@max), or -errno (-EINTR).
 */
int nvmetest_ring_reap(struct nvmetest_ring *ring, struct nvmetest_completion *out,
		       unsigned int max, unsigned int min_wait);

/**
 * nvmetest_ring_inflight - commands submitted and not yet reaped
 * @ring: ring
 *
 * Return: the count.
 */
unsigned int nvmetest_ring_inflight(const struct nvmetest_ring *ring);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_RING_H */
