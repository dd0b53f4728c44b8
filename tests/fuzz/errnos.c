// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each call may answer, and what it did: the errnos docs/abi.md and
 * include/uapi/linux/nvmetest.h document per ioctl (an errno outside the
 * set is a finding), and the per-call histograms of errnos and host
 * statuses that the summary prints.
 *
 * Every ioctl may fail with EFAULT (an argument or buffer the kernel
 * cannot read or write), EINVAL (a bad field, a reserved field or unknown
 * flag set), ENODEV (the device was removed), ENOMEM and EINTR (a signal:
 * the watchdog's SIGUSR1). The rest is per call, from the ABI's text;
 * docs/fuzz.md lists where each comes from.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define FZ_MAX_ERRNO	256
#define FZ_NR_HOST	(FZ_HOST_LAST + 2)	/* the last: out of range */

struct fz_stats {
	uint64_t ok[FZ_NR_OPS];
	uint64_t err[FZ_NR_OPS][FZ_MAX_ERRNO];
	uint64_t host[FZ_NR_OPS][FZ_NR_HOST];
};

static const int fz_common[] = { EFAULT, EINVAL, ENODEV, ENOMEM, EINTR };

/* 0-terminated lists of the errnos a call may add to fz_common */
static const int *const fz_extra[FZ_NR_OPS] = {
	/* REG_WRITE: an unsafe write without the flag; an SQ tail doorbell
	 * of a queue with commands in flight */
	[FZ_REG_WRITE] = (const int[]){ EPERM, EBUSY, ENXIO, 0 },
	/* in D3hot (POWER) BAR0 does not decode: REG_*, CTRL_DISABLE,
	 * CTRL_RESET, IRQ_SETUP and IRQ_CTL (masking) answer ENXIO */
	[FZ_REG_READ] = (const int[]){ ENXIO, 0 },
	[FZ_CFG_WRITE] = (const int[]){ EPERM, 0 },
	/* the init steps: out of order EBUSY; RDY/SHST waits ETIMEDOUT;
	 * CSTS.CFS EIO */
	[FZ_CTRL_DISABLE] = (const int[]){ ETIMEDOUT, EIO, ENXIO, 0 },
	[FZ_IRQ_SETUP] = (const int[]){ EBUSY, EOPNOTSUPP, ENXIO, 0 },
	[FZ_ADMINQ_SETUP] = (const int[]){ EBUSY, 0 },
	[FZ_CTRL_ENABLE] = (const int[]){ EBUSY, ETIMEDOUT, EIO, 0 },
	/* CTRL_INIT is DISABLE, IRQ_SETUP, ADMINQ_SETUP, ENABLE and two
	 * admin commands: their errnos (EIO also for a failed command) */
	[FZ_CTRL_INIT] = (const int[]){ EBUSY, ETIMEDOUT, EIO, EOPNOTSUPP, 0 },
	[FZ_CTRL_RESET] = (const int[]){ EBUSY, ETIMEDOUT, EIO, ENXIO, 0 },
	[FZ_IRQ_CTL] = (const int[]){ ENXIO, 0 },
	/* IRQ_EVENTFD: another file's eventfd on the vector, an fd not open */
	[FZ_IRQ_EVENTFD] = (const int[]){ EBUSY, EBADF, 0 },
	[FZ_CTRL_SHUTDOWN] = (const int[]){ EBUSY, ETIMEDOUT, EIO, 0 },
	/* RESET: refused (EOPNOTSUPP, EBUSY), RDY still 1 (ETIMEDOUT), the
	 * PCI core failed or the function does not answer (EIO) */
	[FZ_RESET] = (const int[]){ EOPNOTSUPP, EBUSY, ETIMEDOUT, EIO, ENXIO, 0 },
	/* POWER: no PM capability, the PCI core failed, RDY still 1 */
	[FZ_POWER] = (const int[]){ EOPNOTSUPP, EIO, ETIMEDOUT, 0 },
	/* ASPM: a state the link lacks (EOPNOTSUPP), an end did not take it */
	[FZ_ASPM] = (const int[]){ EOPNOTSUPP, EBUSY, EIO, 0 },
	/* CMD: no such queue ENOENT, queue full EBUSY, a mediated opcode
	 * EPERM, not ENABLED ENXIO */
	[FZ_CMD_ADMIN] = (const int[]){ ENOENT, EBUSY, EPERM, ENXIO, 0 },
	[FZ_CMD_IO] = (const int[]){ ENOENT, EBUSY, EPERM, ENXIO, 0 },
	/* the driver's own admin commands: ETIMEDOUT, EIO, EBUSY (F1, F3:
	 * documented since, in the header above NVMETEST_IOC_INFO) */
	[FZ_AER_CONFIG] = (const int[]){ ENXIO, EBUSY, 0 },
	/* ... and EPERM: NVMETEST_QUEUE_RAW without NVMETEST_INFO_CAP_RAW
	 * (a mutation may set the flag in a plain create too) */
	[FZ_CQ_CREATE] = (const int[]){ ENXIO, EEXIST, ETIMEDOUT, EIO, EBUSY, EPERM, 0 },
	[FZ_SQ_CREATE] = (const int[]){ ENXIO, EEXIST, ENOENT, EBUSY, ETIMEDOUT, EIO, EPERM, 0 },
	[FZ_RAW_CQ_CREATE] = (const int[]){ ENXIO, EEXIST, ETIMEDOUT, EIO, EBUSY, EPERM, 0 },
	[FZ_RAW_SQ_CREATE] = (const int[]){ ENXIO, EEXIST, ENOENT, EBUSY, ETIMEDOUT, EIO, EPERM, 0 },
	[FZ_QUEUE_DELETE] = (const int[]){ ENXIO, ENOENT, EPERM, EBUSY, ETIMEDOUT, EIO, 0 },
	[FZ_NS_LIST] = (const int[]){ ENXIO, ETIMEDOUT, EIO, EBUSY, 0 },
	[FZ_CMDLOG] = (const int[]){ ENOENT, 0 },
	[FZ_VERIFY_CONFIG] = (const int[]){ ENOENT, 0 },
	[FZ_VERIFY_STATUS] = (const int[]){ ENOENT, 0 },
	[FZ_VERIFY_DUMP] = (const int[]){ ENOENT, 0 },
	/* LOAD: verification off ENODATA, the map's cap ENOSPC */
	[FZ_VERIFY_LOAD] = (const int[]){ ENOENT, ENODATA, ENOSPC, 0 },
	[FZ_IOW_START] = (const int[]){ ENXIO, ENOSPC, EEXIST, EBUSY, EIO, ENOENT, ETIMEDOUT, 0 },
	[FZ_IOW_STOP] = (const int[]){ ENOENT, 0 },
	[FZ_IOW_WAIT] = (const int[]){ ENOENT, ETIMEDOUT, 0 },
	[FZ_IOW_RESULT] = (const int[]){ ENOENT, EBUSY, 0 },
	/* DBUF_ALLOC: beyond raw_mem_mb ENOMEM (common); DBUF_FREE: no
	 * such buffer of this file */
	[FZ_DBUF_FREE] = (const int[]){ ENOENT, 0 },
	/* mmap: nvmt_dbuf_mmap()'s ENOENT (no such handle) and EPERM
	 * (another file's), EINVAL and ENODEV (common); below
	 * NVMETEST_MMAP_BAR0_END nvmt_barmap_mmap()'s EPERM (writable
	 * without the raw path's gate) and EBUSY (writable over a doorbell
	 * of a queue of the driver's); and the core's EOVERFLOW (an offset
	 * that wraps) and ENOMEM (common) */
	[FZ_MMAP] = (const int[]){ ENOENT, EPERM, EBUSY, EOVERFLOW, 0 },
	/* munmap of our own mappings: nothing (fz_expect_check wants 0) */
	[FZ_MUNMAP] = (const int[]){ 0 },
	/* an unknown number, or a known one with another size or direction */
	[FZ_BAD_IOCTL] = (const int[]){ ENOTTY, 0 },
	/* io_uring's res: CMD's errnos, ENOTTY for another cmd_op, and the
	 * host statuses as errnos (ETIMEDOUT, ECANCELED, ENODEV, EILSEQ,
	 * EOVERFLOW) */
	[FZ_URING] = (const int[]){ ENOENT, EBUSY, EPERM, ENXIO, ENOTTY,
				    ETIMEDOUT, ECANCELED, EILSEQ, EOVERFLOW, 0 },
	/* open(): a removed device ENODEV */
	[FZ_REOPEN] = (const int[]){ 0 },
};

/*
 * Errnos the driver returns that the ABI text does not list: the fuzzer's
 * findings, docs/fuzz.md "Findings". They are counted and printed, but do
 * not fail the run (unless --strict), so that a run keeps looking for new
 * ones.
 *
 * F1: an ioctl that sends an admin command of the driver's own (Create
 * and Delete I/O SQ/CQ, Identify for a rescan, the queues of an IOWorker)
 * fails with that command's errno from nvmt_admin_sync(): ETIMEDOUT (no
 * completion within admin_timeout_ms), EIO (aborted by a reset) or EBUSY
 * (the admin queue is full of timed-out commands).
 * F3: AER_CONFIG fails with EBUSY when the admin queue has no free slot
 * for every AER asked for (it keeps the count and sends the rest later).
 * F1, F3 and F5 (IRQ_EVENTFD's EBADF for an fd that is not open) are
 * documented since; none is left.
 */
static const int *const fz_gaps[FZ_NR_OPS] = { NULL };

bool fz_errno_known_gap(enum fz_op op, int err)
{
	const int *e;

	for (e = fz_gaps[op]; e && *e; e++)
		if (err == *e)
			return true;
	return false;
}

bool fz_errno_documented(enum fz_op op, int err)
{
	const int *e;
	size_t i;

	if (op == FZ_BAD_IOCTL)
		return err == ENOTTY;
	for (i = 0; i < sizeof(fz_common) / sizeof(fz_common[0]); i++)
		if (err == fz_common[i])
			return true;
	for (e = fz_extra[op]; e && *e; e++)
		if (err == *e)
			return true;
	return false;
}

void fz_expect_set(struct fz_expect *e, const char *why, ...)
{
	va_list ap;
	int err;

	e->why = why;
	e->n = 0;
	va_start(ap, why);
	while ((err = va_arg(ap, int)) != FZ_END)
		fz_expect_add(e, err);
	va_end(ap);
}

void fz_expect_add(struct fz_expect *e, int err)
{
	if (e->n < sizeof(e->err) / sizeof(e->err[0]))
		e->err[e->n++] = err;
}

void fz_expect_check(struct fz_thread *t, enum fz_op op, int ret,
		     const struct fz_expect *e)
{
	char want[128];
	size_t used = 0;
	unsigned int i;

	if (ret == -ENODEV || (ret == -EINTR && t->signalled))
		return;
	for (i = 0; i < e->n; i++)
		if (-ret == e->err[i])
			return;
	want[0] = 0;
	for (i = 0; i < e->n && used < sizeof(want); i++)
		used += snprintf(want + used, sizeof(want) - used, "%s%s",
				 i ? " or " : "",
				 e->err[i] ? strerrorname_np(e->err[i]) ?: "?" : "0");
	fz_finding(t, "%s returned %s, but %s must give %s", fz_op_names[op],
		   ret ? strerrorname_np(-ret) ?: "?" : "0", e->why, want);
}

struct fz_stats *fz_stats_new(void)
{
	return calloc(1, sizeof(struct fz_stats));
}

void fz_stats_count(struct fz_stats *s, enum fz_op op, int ret)
{
	int e = -ret;

	if (ret >= 0)
		s->ok[op]++;
	else
		s->err[op][e < FZ_MAX_ERRNO ? e : 0]++;
}

void fz_stats_host(struct fz_stats *s, enum fz_op op, uint32_t host_status)
{
	s->host[op][host_status < FZ_NR_HOST - 1 ? host_status : FZ_NR_HOST - 1]++;
}

void fz_stats_add(struct fz_stats *dst, const struct fz_stats *src)
{
	unsigned int i, j;

	for (i = 0; i < FZ_NR_OPS; i++) {
		dst->ok[i] += src->ok[i];
		for (j = 0; j < FZ_MAX_ERRNO; j++)
			dst->err[i][j] += src->err[i][j];
		for (j = 0; j < FZ_NR_HOST; j++)
			dst->host[i][j] += src->host[i][j];
	}
}

uint64_t fz_stats_total(const struct fz_stats *s)
{
	uint64_t n = 0;
	unsigned int i, j;

	for (i = 0; i < FZ_NR_OPS; i++) {
		n += s->ok[i];
		for (j = 0; j < FZ_MAX_ERRNO; j++)
			n += s->err[i][j];
	}
	return n;
}

static const char *const fz_host_names[FZ_NR_HOST] = {
	"OK", "TIMEOUT", "ABORTED_RESET", "DEVICE_GONE", "INTERRUPTED",
	"VERIFY_FAILED", "OVERRUN", "ABORTED_PCI_RESET", "(invalid)",
};

void fz_stats_print(const struct fz_stats *s)
{
	unsigned int i, j;

	printf("%-16s %8s  %s\n", "call", "count", "results (0 = success; errno names; host status of the commands)");
	for (i = 0; i < FZ_NR_OPS; i++) {
		uint64_t n = s->ok[i];

		for (j = 0; j < FZ_MAX_ERRNO; j++)
			n += s->err[i][j];
		if (!n)
			continue;
		printf("%-16s %8llu  0:%llu", fz_op_names[i], (unsigned long long)n,
		       (unsigned long long)s->ok[i]);
		for (j = 0; j < FZ_MAX_ERRNO; j++)
			if (s->err[i][j])
				printf(" %s:%llu", j ? strerrorname_np(j) ?: "?" : "E?",
				       (unsigned long long)s->err[i][j]);
		for (j = 0; j < FZ_NR_HOST; j++)
			if (s->host[i][j])
				printf(" host-%s:%llu", fz_host_names[j],
				       (unsigned long long)s->host[i][j]);
		printf("\n");
	}
}
