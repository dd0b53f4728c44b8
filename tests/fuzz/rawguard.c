// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw path's guard rails. A raw queue's ring is a DMA buffer of the
 * tester's, and the device fetches whatever SQEs are there, at whatever
 * addresses they name, once its tail doorbell is rung: without an IOMMU
 * that is DMA to anywhere in the guest. The fuzzer therefore never rings
 * a raw queue's doorbells, never has the driver post a command to one
 * and never writes into a buffer that may be a raw ring. It cannot know
 * which raw creates succeeded in another thread, so every queue id and
 * buffer handle a create with NVMETEST_QUEUE_RAW names is marked before
 * the call and unmarked only when the call surely created nothing;
 * REG_WRITE, CMD and io_uring steer around the marked ids, the mappings
 * are not written where a handle is marked. A REG_WRITE past the
 * registers holds fz_raw_lock (read) from its check to the end of the
 * ioctl and a raw create takes it (write) to mark, so that no doorbell
 * write checked before the mark lands after the create. Without
 * NVMETEST_INFO_CAP_RAW every raw create fails (EPERM), so the marks
 * last a call each; behind an IOMMU a created raw queue keeps its id and
 * buffer marked for the rest of the run.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

#include "fuzz.h"

#define FZ_NR_QIDS	65536

static atomic_ushort fz_raw_qids[FZ_NR_QIDS];
static atomic_ushort fz_raw_handles[FZ_HANDLES];
/* a raw create named a handle beyond fz_raw_handles: all count as marked */
static atomic_uint fz_raw_handle_far;
/* marks in all: the doorbell filter looks no further while it is 0 */
static atomic_uint fz_raw_marks;
static pthread_rwlock_t fz_raw_lock = PTHREAD_RWLOCK_INITIALIZER;

void fz_raw_mark(uint16_t qid, uint32_t handle)
{
	pthread_rwlock_wrlock(&fz_raw_lock);
	atomic_fetch_add(&fz_raw_marks, 1);
	atomic_fetch_add(&fz_raw_qids[qid], 1);
	if (handle < FZ_HANDLES)
		atomic_fetch_add(&fz_raw_handles[handle], 1);
	else
		atomic_fetch_add(&fz_raw_handle_far, 1);
	pthread_rwlock_unlock(&fz_raw_lock);
}

/*
 * The create ended: did it surely create nothing? Success with a status
 * did not; an errno from the field checks, the gate or the table did not
 * either. A timeout or a signal leaves the device free to create it yet,
 * and EFAULT may come after the create, from the copy back; EIO too is
 * kept (a reset aborted the command: then nothing exists, but this is the
 * safe side).
 */
static bool fz_raw_created_nothing(int ret, uint16_t status)
{
	if (!ret)
		return status != 0;
	return ret != -ETIMEDOUT && ret != -EINTR && ret != -EFAULT &&
	       ret != -EIO;
}

void fz_raw_unmark(uint16_t qid, uint32_t handle, int ret, uint16_t status)
{
	if (!fz_raw_created_nothing(ret, status))
		return;		/* a raw queue may exist: marked for good */
	if (handle < FZ_HANDLES)
		atomic_fetch_sub(&fz_raw_handles[handle], 1);
	else
		atomic_fetch_sub(&fz_raw_handle_far, 1);
	atomic_fetch_sub(&fz_raw_qids[qid], 1);
	atomic_fetch_sub(&fz_raw_marks, 1);
}

bool fz_raw_handle_marked(uint32_t handle)
{
	if (handle < FZ_HANDLES)
		return atomic_load(&fz_raw_handles[handle]) ||
		       atomic_load(&fz_raw_handle_far);
	return true;
}

bool fz_raw_guard_hold(uint32_t off, uint32_t width)
{
	if ((uint64_t)off + width <= 0x1000)
		return false;
	pthread_rwlock_rdlock(&fz_raw_lock);
	return true;
}

void fz_raw_guard_release(bool held)
{
	if (held)
		pthread_rwlock_unlock(&fz_raw_lock);
}

/*
 * Does a write of @width bytes at BAR0 offset @off touch a doorbell (SQ
 * tail or CQ head) of a marked queue id? Byte by byte, and whatever the
 * alignment: a write the driver would refuse is skipped all the same.
 * Without CAP.DSTRD (setup could not read CAP) every doorbell counts.
 */
bool fz_raw_doorbell(uint32_t off, uint32_t width)
{
	uint64_t b;

	if (!atomic_load(&fz_raw_marks))
		return false;
	for (b = off; b < (uint64_t)off + width; b++) {
		uint64_t qid;

		if (b < 0x1000)
			continue;
		if (!fz_cfg.db_stride)
			return true;
		qid = (b - 0x1000) / fz_cfg.db_stride / 2;
		if (qid < FZ_NR_QIDS && atomic_load(&fz_raw_qids[qid]))
			return true;
	}
	return false;
}

uint16_t fz_raw_qid_avoid(uint16_t qid)
{
	unsigned int n;

	for (n = 0; n < FZ_NR_QIDS && atomic_load(&fz_raw_qids[qid]); n++)
		qid++;
	return qid;
}
