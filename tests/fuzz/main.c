// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmetest-fuzz: a seeded, multi-threaded fuzzer of /dev/nvmetestN's
 * ioctls and io_uring commands (docs/fuzz.md). This file owns the run:
 * options, the threads and the mix of calls each draws, the per-call
 * seeds that make a one-thread run replayable, the watchdog that turns a
 * call that never returns into a report, and the summary.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

struct fz_config fz_cfg = {
	.calls = 10000,
	.threads = 4,
	.hang_s = 120,
	.max_xfer = 128 * 1024,
	.nr_vectors_max = 17,
	.cfg_size = 4096,
	.bar0_len = 16384,
};

static atomic_uint fz_findings;
static atomic_uint fz_gap_hits;
static atomic_ullong fz_calls_made;
static pthread_mutex_t fz_out_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fz_thread *fz_threads;
static pthread_t *fz_handles;
static uint64_t fz_t0;

const char *const fz_op_names[FZ_NR_OPS] = {
	[FZ_INFO] = "INFO",
	[FZ_REG_READ] = "REG_READ",
	[FZ_REG_WRITE] = "REG_WRITE",
	[FZ_CFG_READ] = "CFG_READ",
	[FZ_CFG_WRITE] = "CFG_WRITE",
	[FZ_CTRL_DISABLE] = "CTRL_DISABLE",
	[FZ_IRQ_SETUP] = "IRQ_SETUP",
	[FZ_ADMINQ_SETUP] = "ADMINQ_SETUP",
	[FZ_CTRL_ENABLE] = "CTRL_ENABLE",
	[FZ_CTRL_INIT] = "CTRL_INIT",
	[FZ_CTRL_RESET] = "CTRL_RESET",
	[FZ_CTRL_SHUTDOWN] = "CTRL_SHUTDOWN",
	[FZ_RESET] = "RESET",
	[FZ_POWER] = "POWER",
	[FZ_ASPM] = "ASPM",
	[FZ_CMD_ADMIN] = "CMD(admin)",
	[FZ_CMD_IO] = "CMD(io)",
	[FZ_IRQ_STATS] = "IRQ_STATS",
	[FZ_IRQ_CTL] = "IRQ_CTL",
	[FZ_IRQ_EVENTFD] = "IRQ_EVENTFD",
	[FZ_AER_CONFIG] = "AER_CONFIG",
	[FZ_EVENTS] = "EVENTS",
	[FZ_CQ_CREATE] = "CQ_CREATE",
	[FZ_SQ_CREATE] = "SQ_CREATE",
	[FZ_RAW_CQ_CREATE] = "CQ_CREATE(raw)",
	[FZ_RAW_SQ_CREATE] = "SQ_CREATE(raw)",
	[FZ_QUEUE_DELETE] = "QUEUE_DELETE",
	[FZ_QUEUE_LIST] = "QUEUE_LIST",
	[FZ_NS_LIST] = "NS_LIST",
	[FZ_CMDLOG] = "CMDLOG",
	[FZ_VERIFY_CONFIG] = "VERIFY_CONFIG",
	[FZ_VERIFY_STATUS] = "VERIFY_STATUS",
	[FZ_VERIFY_DUMP] = "VERIFY_DUMP",
	[FZ_VERIFY_FAILURES] = "VERIFY_FAILURES",
	[FZ_VERIFY_LOAD] = "VERIFY_LOAD",
	[FZ_IOW_START] = "IOWORKER_START",
	[FZ_IOW_STOP] = "IOWORKER_STOP",
	[FZ_IOW_WAIT] = "IOWORKER_WAIT",
	[FZ_IOW_RESULT] = "IOWORKER_RESULT",
	[FZ_IOW_LIST] = "IOWORKER_LIST",
	[FZ_DBUF_ALLOC] = "DBUF_ALLOC",
	[FZ_DBUF_FREE] = "DBUF_FREE",
	[FZ_MMAP] = "mmap",
	[FZ_MUNMAP] = "munmap",
	[FZ_BAD_IOCTL] = "bad ioctl",
	[FZ_URING] = "uring_cmd",
	[FZ_REOPEN] = "reopen",
};

const fz_call_fn fz_calls[FZ_NR_OPS] = {
	[FZ_INFO] = fz_call_info,
	[FZ_REG_READ] = fz_call_reg_read,
	[FZ_REG_WRITE] = fz_call_reg_write,
	[FZ_CFG_READ] = fz_call_cfg_read,
	[FZ_CFG_WRITE] = fz_call_cfg_write,
	[FZ_CTRL_DISABLE] = fz_call_ctrl_disable,
	[FZ_IRQ_SETUP] = fz_call_irq_setup,
	[FZ_ADMINQ_SETUP] = fz_call_adminq_setup,
	[FZ_CTRL_ENABLE] = fz_call_ctrl_enable,
	[FZ_CTRL_INIT] = fz_call_ctrl_init,
	[FZ_CTRL_RESET] = fz_call_ctrl_reset,
	[FZ_CTRL_SHUTDOWN] = fz_call_ctrl_shutdown,
	[FZ_RESET] = fz_call_reset,
	[FZ_POWER] = fz_call_power,
	[FZ_ASPM] = fz_call_aspm,
	[FZ_CMD_ADMIN] = fz_call_cmd_admin,
	[FZ_CMD_IO] = fz_call_cmd_io,
	[FZ_IRQ_STATS] = fz_call_irq_stats,
	[FZ_IRQ_CTL] = fz_call_irq_ctl,
	[FZ_IRQ_EVENTFD] = fz_call_irq_eventfd,
	[FZ_AER_CONFIG] = fz_call_aer_config,
	[FZ_EVENTS] = fz_call_events,
	[FZ_CQ_CREATE] = fz_call_cq_create,
	[FZ_SQ_CREATE] = fz_call_sq_create,
	[FZ_RAW_CQ_CREATE] = fz_call_raw_cq_create,
	[FZ_RAW_SQ_CREATE] = fz_call_raw_sq_create,
	[FZ_QUEUE_DELETE] = fz_call_queue_delete,
	[FZ_QUEUE_LIST] = fz_call_queue_list,
	[FZ_NS_LIST] = fz_call_ns_list,
	[FZ_CMDLOG] = fz_call_cmdlog,
	[FZ_VERIFY_CONFIG] = fz_call_verify_config,
	[FZ_VERIFY_STATUS] = fz_call_verify_status,
	[FZ_VERIFY_DUMP] = fz_call_verify_dump,
	[FZ_VERIFY_FAILURES] = fz_call_verify_failures,
	[FZ_VERIFY_LOAD] = fz_call_verify_load,
	[FZ_IOW_START] = fz_call_iow_start,
	[FZ_IOW_STOP] = fz_call_iow_stop,
	[FZ_IOW_WAIT] = fz_call_iow_wait,
	[FZ_IOW_RESULT] = fz_call_iow_result,
	[FZ_IOW_LIST] = fz_call_iow_list,
	[FZ_DBUF_ALLOC] = fz_call_dbuf_alloc,
	[FZ_DBUF_FREE] = fz_call_dbuf_free,
	[FZ_MMAP] = fz_call_mmap,
	[FZ_MUNMAP] = fz_call_munmap,
	[FZ_BAD_IOCTL] = fz_call_bad_ioctl,
	[FZ_URING] = fz_call_uring,
	[FZ_REOPEN] = fz_call_reopen,
};

/*
 * How often each role draws each call, in parts of the row's sum. The
 * bring-up (CTRL_INIT) outweighs what takes the controller down (disable,
 * reset, shutdown, the step-by-step calls), so that it is ENABLED most of
 * the time and commands reach the device; the chaos thread does the
 * lifecycle calls, the command threads mostly send commands. Every role
 * allocates, maps and frees DMA buffers, so that each file has some for
 * the others to aim at; the chaos thread makes most raw queue attempts
 * and eventfd changes.
 */
static const unsigned short fz_weights[3][FZ_NR_OPS] = {
	[FZ_ROLE_MIX] = {
		[FZ_INFO] = 20, [FZ_REG_READ] = 30, [FZ_REG_WRITE] = 20,
		[FZ_CFG_READ] = 20, [FZ_CFG_WRITE] = 10,
		[FZ_CTRL_DISABLE] = 2, [FZ_IRQ_SETUP] = 4, [FZ_ADMINQ_SETUP] = 4,
		[FZ_CTRL_ENABLE] = 4, [FZ_CTRL_INIT] = 12, [FZ_CTRL_RESET] = 4,
		[FZ_CTRL_SHUTDOWN] = 1,
		[FZ_CMD_ADMIN] = 100, [FZ_CMD_IO] = 200,
		[FZ_IRQ_STATS] = 15, [FZ_IRQ_CTL] = 15, [FZ_AER_CONFIG] = 10,
		[FZ_EVENTS] = 10, [FZ_CQ_CREATE] = 60, [FZ_SQ_CREATE] = 20,
		[FZ_QUEUE_DELETE] = 20, [FZ_QUEUE_LIST] = 15, [FZ_NS_LIST] = 15,
		[FZ_CMDLOG] = 15, [FZ_VERIFY_CONFIG] = 15, [FZ_VERIFY_STATUS] = 10,
		[FZ_VERIFY_DUMP] = 10, [FZ_VERIFY_FAILURES] = 10, [FZ_VERIFY_LOAD] = 5,
		[FZ_IOW_START] = 25, [FZ_IOW_STOP] = 15, [FZ_IOW_WAIT] = 10,
		[FZ_IOW_RESULT] = 15, [FZ_IOW_LIST] = 10,
		[FZ_BAD_IOCTL] = 30, [FZ_URING] = 100, [FZ_REOPEN] = 4,
		[FZ_IRQ_EVENTFD] = 10, [FZ_RAW_CQ_CREATE] = 12, [FZ_RAW_SQ_CREATE] = 6,
		[FZ_DBUF_ALLOC] = 20, [FZ_DBUF_FREE] = 8, [FZ_MMAP] = 20,
		[FZ_MUNMAP] = 12,
	},
	[FZ_ROLE_CHAOS] = {
		[FZ_INFO] = 10, [FZ_REG_READ] = 20, [FZ_REG_WRITE] = 30,
		[FZ_CFG_READ] = 10, [FZ_CFG_WRITE] = 20,
		[FZ_CTRL_DISABLE] = 2, [FZ_IRQ_SETUP] = 4, [FZ_ADMINQ_SETUP] = 4,
		[FZ_CTRL_ENABLE] = 4, [FZ_CTRL_INIT] = 15, [FZ_CTRL_RESET] = 6,
		[FZ_CTRL_SHUTDOWN] = 1, [FZ_RESET] = 2, [FZ_POWER] = 2, [FZ_ASPM] = 4,
		[FZ_CMD_ADMIN] = 30,
		[FZ_IRQ_STATS] = 10, [FZ_IRQ_CTL] = 30, [FZ_AER_CONFIG] = 20,
		[FZ_EVENTS] = 10, [FZ_CQ_CREATE] = 80, [FZ_SQ_CREATE] = 30,
		[FZ_QUEUE_DELETE] = 60, [FZ_QUEUE_LIST] = 10, [FZ_NS_LIST] = 20,
		[FZ_CMDLOG] = 10, [FZ_VERIFY_CONFIG] = 30, [FZ_VERIFY_STATUS] = 5,
		[FZ_VERIFY_DUMP] = 5, [FZ_VERIFY_FAILURES] = 5, [FZ_VERIFY_LOAD] = 5,
		[FZ_IOW_START] = 60, [FZ_IOW_STOP] = 40, [FZ_IOW_WAIT] = 20,
		[FZ_IOW_RESULT] = 30, [FZ_IOW_LIST] = 10,
		[FZ_BAD_IOCTL] = 10, [FZ_URING] = 10, [FZ_REOPEN] = 15,
		[FZ_IRQ_EVENTFD] = 15, [FZ_RAW_CQ_CREATE] = 20, [FZ_RAW_SQ_CREATE] = 8,
		[FZ_DBUF_ALLOC] = 25, [FZ_DBUF_FREE] = 8, [FZ_MMAP] = 20,
		[FZ_MUNMAP] = 12,
	},
	[FZ_ROLE_CMD] = {
		[FZ_INFO] = 10, [FZ_REG_READ] = 20, [FZ_CFG_READ] = 10,
		[FZ_CMD_ADMIN] = 150, [FZ_CMD_IO] = 300,
		[FZ_IRQ_STATS] = 10, [FZ_EVENTS] = 10, [FZ_CQ_CREATE] = 60,
		[FZ_SQ_CREATE] = 10, [FZ_QUEUE_DELETE] = 5, [FZ_QUEUE_LIST] = 10,
		[FZ_NS_LIST] = 10, [FZ_CMDLOG] = 20, [FZ_VERIFY_STATUS] = 10,
		[FZ_VERIFY_DUMP] = 10, [FZ_VERIFY_FAILURES] = 10, [FZ_VERIFY_LOAD] = 5,
		[FZ_IOW_START] = 5, [FZ_IOW_RESULT] = 5, [FZ_IOW_LIST] = 5,
		[FZ_BAD_IOCTL] = 30, [FZ_URING] = 200, [FZ_REOPEN] = 2,
		[FZ_IRQ_EVENTFD] = 5, [FZ_RAW_CQ_CREATE] = 5, [FZ_RAW_SQ_CREATE] = 2,
		[FZ_DBUF_ALLOC] = 15, [FZ_DBUF_FREE] = 4, [FZ_MMAP] = 15,
		[FZ_MUNMAP] = 8,
	},
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static enum fz_op pick_op(enum fz_role role, struct fz_rng *r)
{
	unsigned int sum = 0, i;
	uint64_t x;

	for (i = 0; i < FZ_NR_OPS; i++)
		sum += fz_weights[role][i];
	x = fz_below(r, sum);
	for (i = 0; i < FZ_NR_OPS; i++) {
		if (x < fz_weights[role][i])
			return i;
		x -= fz_weights[role][i];
	}
	return FZ_INFO;
}

/* The seed of call @index of thread @tid: calls do not depend on each other. */
static uint64_t call_seed(uint64_t seed, unsigned int tid, uint64_t index)
{
	struct fz_rng r;

	fz_rng_seed(&r, seed ^ (0x9e3779b97f4a7c15ULL * (tid + 1)));
	r.s ^= index * 0xd1b54a32d192ed03ULL;
	return fz_rand(&r);
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&fz_out_lock);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	pthread_mutex_unlock(&fz_out_lock);
}

void fz_begin(struct fz_thread *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->what, sizeof(t->what), fmt, ap);
	va_end(ap);
	if (fz_cfg.verbose)
		out("t%u #%llu %s\n", t->id, (unsigned long long)t->call_index,
		    t->what);
	t->call_start_ns = now_ns();
	t->signalled = 0;
	atomic_thread_fence(memory_order_seq_cst);
	t->in_call = 1;
}

void fz_end(struct fz_thread *t, int ret)
{
	t->in_call = 0;
	atomic_thread_fence(memory_order_seq_cst);
	if (fz_cfg.verbose)
		out("t%u #%llu -> %d (%s)\n", t->id,
		    (unsigned long long)t->call_index, ret,
		    ret < 0 ? strerrorname_np(-ret) ?: "?" : "ok");
}

void fz_finding(struct fz_thread *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_fetch_add(&fz_findings, 1);
	if (t)
		out("FINDING: thread %u call #%llu: %s\n  call: %s\n", t->id,
		    (unsigned long long)t->call_index, msg, t->what);
	else
		out("FINDING: %s\n", msg);
}

/* A finding docs/fuzz.md already describes: counted, failed only with --strict. */
static void known_finding(struct fz_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void known_finding(struct fz_thread *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (fz_cfg.strict) {
		fz_finding(t, "%s", msg);
		return;
	}
	atomic_fetch_add(&fz_gap_hits, 1);
	if (fz_cfg.verbose)
		out("t%u #%llu known finding: %s\n", t->id,
		    (unsigned long long)t->call_index, msg);
}

void fz_record(struct fz_thread *t, enum fz_op op, int ret)
{
	fz_stats_count(t->stats, op, ret);
	t->calls++;
	atomic_fetch_add(&fz_calls_made, 1);
	if (ret == -EINTR && !t->signalled)
		fz_finding(t, "F2: %s returned EINTR, but no signal was sent to the thread",
			   fz_op_names[op]);
	if (ret >= 0 || fz_errno_documented(op, -ret))
		return;
	if (fz_errno_known_gap(op, -ret))
		known_finding(t, "%s returned %s (fz_gaps)", fz_op_names[op],
			      strerrorname_np(-ret) ?: "?");
	else
		fz_finding(t, "%s returned %s (%d), not a documented errno of this call",
			   fz_op_names[op], strerrorname_np(-ret) ?: "?", ret);
}

void fz_record_host(struct fz_thread *t, enum fz_op op, uint32_t host_status)
{
	fz_stats_host(t->stats, op, host_status);
	/*
	 * The fuzzer sends one signal, the watchdog's: "interrupted by a
	 * signal while waiting" without it is the driver's misreading.
	 */
	if (host_status == NVMETEST_HOST_INTERRUPTED && !t->signalled)
		fz_finding(t, "F2 (fixed): %s: host_status INTERRUPTED, but no signal was sent to the thread",
			   fz_op_names[op]);
	if (host_status > FZ_HOST_LAST)
		fz_finding(t, "%s: host_status %u is not an enum nvmetest_host_status",
			   fz_op_names[op], host_status);
}

int fz_ioctl(struct fz_thread *t, enum fz_op op, unsigned long req,
	     void *arg, const char *desc)
{
	int ret;

	fz_begin(t, "%s req=%#lx%s", fz_op_names[op], req, desc);
	ret = ioctl(t->fd, req, arg) < 0 ? -errno : 0;
	fz_end(t, ret);
	fz_record(t, op, ret);
	return ret;
}

int fz_call_struct(struct fz_thread *t, struct fz_rng *r, enum fz_op op,
		   unsigned long req, const struct fz_struct *s)
{
	char desc[1536];
	const char *kind;
	size_t n;

	t->arg = fz_arg(t, r, s->size, &kind);
	n = snprintf(desc, sizeof(desc), " %s", kind);
	fz_describe(desc + n, sizeof(desc) - n, s, FZ_ARG(t));
	return fz_ioctl(t, op, req, t->arg, desc);
}

void fz_call_reopen(struct fz_thread *t, struct fz_rng *r)
{
	int ret = 0;

	(void)r;
	fz_begin(t, "reopen %s (close fd %d)", fz_cfg.device, t->fd);
	if (t->fd >= 0)
		close(t->fd);
	t->fd = open(fz_cfg.device, O_RDWR | O_CLOEXEC);
	if (t->fd < 0)
		ret = -errno;
	/* the old file's buffers: released with it, or held by a mapping */
	fz_dbuf_reopened(t);
	t->last_worker = 0;
	fz_end(t, ret);
	fz_record(t, FZ_REOPEN, ret);
	if (ret == -ENOENT)
		fz_finding(t, "%s vanished (open: ENOENT)", fz_cfg.device);
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static pid_t fz_tids[256];

static void *thread_main(void *arg)
{
	struct fz_thread *t = arg;
	uint64_t n = fz_cfg.calls / fz_cfg.threads;
	uint64_t i;
	bool pending_sq = false, pending_raw_sq = false;

	if (t->id < fz_cfg.calls % fz_cfg.threads)
		n++;
	fz_tids[t->id] = gettid_();
	for (i = 0; i < n; i++) {
		struct fz_rng r;
		enum fz_op op;

		fz_rng_seed(&r, call_seed(fz_cfg.seed, t->id, i));
		t->call_index = i;
		op = pick_op(t->role, &r);
		/* a CQ just created: usually an SQ on it next, as the library does */
		if (pending_sq && fz_chance(&r, 7, 8))
			op = FZ_SQ_CREATE;
		if (pending_raw_sq && fz_chance(&r, 7, 8))
			op = FZ_RAW_SQ_CREATE;
		pending_sq = op == FZ_CQ_CREATE;
		pending_raw_sq = op == FZ_RAW_CQ_CREATE;
		/* a driver without the raw path: its calls would only be ENOTTY */
		if (!(fz_cfg.caps & NVMETEST_INFO_CAP_DBUF) &&
		    (op == FZ_DBUF_ALLOC || op == FZ_DBUF_FREE || op == FZ_MMAP ||
		     op == FZ_MUNMAP || op == FZ_IRQ_EVENTFD ||
		     op == FZ_RAW_CQ_CREATE || op == FZ_RAW_SQ_CREATE))
			op = FZ_INFO;
		if (t->fd < 0 && op != FZ_REOPEN) {
			/* the file is gone: calls on -1 say nothing of the driver */
			op = FZ_REOPEN;
		}
		fz_calls[op](t, &r);
	}
	return NULL;
}

static void on_sigusr1(int sig)
{
	(void)sig;
}

static void dump_stacks(void)
{
	char path[64], buf[4096];
	unsigned int i;
	ssize_t n;
	int fd;

	for (i = 0; i < fz_cfg.threads; i++) {
		snprintf(path, sizeof(path), "/proc/self/task/%d/stack", fz_tids[i]);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = 0;
			out("kernel stack of thread %u (tid %d):\n%s", i, fz_tids[i], buf);
		}
	}
}

/*
 * Every call has a generous bound (--hang-timeout): past it the thread gets
 * SIGUSR1, which ends any interruptible wait (a NO_TIMEOUT command whose
 * vector another thread masked is legitimately endless); a call that still
 * has not returned a minute later is a hang: reported with the kernel
 * stacks, and the blocked tasks dumped to the kernel log (sysrq w), and
 * the run ends.
 */
static void *watchdog_main(void *arg)
{
	uint64_t *signalled = calloc(fz_cfg.threads, sizeof(*signalled));
	unsigned int i;

	unsigned long long step = fz_cfg.calls >= 10 ? fz_cfg.calls / 10 : 1;
	unsigned long long next = step;

	(void)arg;
	for (;;) {
		sleep(1);
		if (atomic_load(&fz_calls_made) >= next) {
			out("progress: %llu calls, %.0f s\n", atomic_load(&fz_calls_made),
			    (now_ns() - fz_t0) / 1e9);
			while (next <= atomic_load(&fz_calls_made))
				next += step;
		}
		for (i = 0; i < fz_cfg.threads; i++) {
			struct fz_thread *t = &fz_threads[i];
			uint64_t start = t->call_start_ns;
			uint64_t age;

			if (!t->in_call) {
				signalled[i] = 0;
				continue;
			}
			age = (now_ns() - start) / 1000000000ULL;
			if (age < (t->endless ? 20 : fz_cfg.hang_s))
				continue;
			if (signalled[i] != start) {
				signalled[i] = start;
				out("watchdog: thread %u call #%llu running for %llu s, sending SIGUSR1: %s\n",
				    i, (unsigned long long)t->call_index,
				    (unsigned long long)age, t->what);
				t->signalled = 1;
				pthread_kill(fz_handles[i], SIGUSR1);
				continue;
			}
			if (age < (t->endless ? 20 : fz_cfg.hang_s) + 60)
				continue;
			fz_finding(t, "HANG: the call has not returned after %llu s (SIGUSR1 did not end it)",
				   (unsigned long long)age);
			dump_stacks();
			{
				int fd = open("/proc/sysrq-trigger", O_WRONLY);

				if (fd >= 0) {
					if (write(fd, "w", 1) < 0)
						perror("sysrq");
					close(fd);
				}
			}
			out("nvmetest-fuzz: seed %llu: ended by the watchdog\n",
			    (unsigned long long)fz_cfg.seed);
			_exit(2);
		}
	}
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: nvmetest-fuzz [--seed S] [--calls N] [--threads T]\n"
		"                     [--device /dev/nvmetestN] [--verbose] [--hang-timeout S]\n"
		"                     [--copy] [--strict]\n"
		"Fuzzes every ioctl of /dev/nvmetestN and its io_uring commands (docs/fuzz.md).\n"
		"  --seed S          seed (default: from the clock; printed)\n"
		"  --calls N         calls in all, spread over the threads (default 10000)\n"
		"  --threads T       threads (default 4); with 1 a seed replays exactly\n"
		"  --device PATH     the node (default: the first /dev/nvmetest*)\n"
		"  --verbose         print every call before it is made, and its result\n"
		"  --hang-timeout S  a call longer than S s is signalled, S + 60 s a hang (default 120)\n"
		"  --copy            also send NVM Copy (QEMU 10.0.2 aborts under it)\n"
		"  --strict          fail on the findings docs/fuzz.md already describes too\n"
		"Exit: 0, or 1 when the driver misbehaved visibly (FINDING lines), 2 on a hang.\n");
}

static const char *first_device(void)
{
	static char path[288];
	struct dirent *e;
	int best = -1;
	DIR *d;

	d = opendir("/dev");
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		int n;

		if (sscanf(e->d_name, "nvmetest%d", &n) == 1 && (best < 0 || n < best))
			best = n;
	}
	closedir(d);
	if (best < 0)
		return NULL;
	snprintf(path, sizeof(path), "/dev/nvmetest%d", best);
	return path;
}

static int cfg_read(int fd, uint32_t off, uint16_t width, uint64_t *val)
{
	struct nvmetest_rw rw = { .offset = off, .width = width };

	if (ioctl(fd, NVMETEST_IOC_CFG_READ, &rw))
		return -errno;
	*val = rw.value;
	return 0;
}

/* The PCI Power Management capability: CFG_WRITE keeps the device in D0. */
static unsigned int find_pm_cap(int fd)
{
	uint64_t ptr = 0, id = 0;
	int n;

	if (cfg_read(fd, 0x34, 1, &ptr))
		return 0;
	for (n = 0; n < 48 && ptr >= 0x40; n++) {
		ptr &= 0xfc;
		if (cfg_read(fd, ptr, 1, &id))
			return 0;
		if (id == 1)
			return ptr;
		if (cfg_read(fd, ptr + 1, 1, &ptr))
			return 0;
	}
	return 0;
}

/* A module parameter as a number, or -1 (read only: the fuzzer sets none). */
static long long module_param(const char *name)
{
	char path[128], buf[32];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/nvmetest/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = buf[0] == 'Y' ? 1 : buf[0] == 'N' ? 0 : strtoll(buf, NULL, 0);
	fclose(f);
	return v;
}

/*
 * Before the threads start: learn the limits the generators aim at (INFO,
 * CAP.DSTRD for the doorbells of raw queues, raw_mem_mb) and bring the
 * controller up once (CTRL_INIT, MSI-X), so that the first commands can
 * reach the device. None of it is counted as a fuzz call.
 */
static int setup_device(void)
{
	struct nvmetest_ctrl_init init = {
		.irq_mode = NVMETEST_IRQ_MSIX, .nr_vectors = 8, .nr_io_queues = 8,
	};
	long long raw_mem_mb, raw_unsafe;
	struct nvmetest_info info;
	int fd, ret = 0;

	fd = open(fz_cfg.device, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "nvmetest-fuzz: %s: %s\n", fz_cfg.device, strerror(errno));
		return -1;
	}
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, NVMETEST_IOC_INFO, &info)) {
		fprintf(stderr, "nvmetest-fuzz: %s: INFO: %s\n", fz_cfg.device, strerror(errno));
		ret = -1;
		goto out;
	}
	if (info.abi_major != NVMETEST_ABI_MAJOR) {
		fprintf(stderr, "nvmetest-fuzz: %s: driver ABI %u.%u, built for %u.%u\n",
			fz_cfg.device, info.abi_major, info.abi_minor,
			NVMETEST_ABI_MAJOR, NVMETEST_ABI_MINOR);
		ret = -1;
		goto out;
	}
	if (ioctl(fd, NVMETEST_IOC_CTRL_INIT, &init))
		fprintf(stderr, "nvmetest-fuzz: %s: CTRL_INIT: %s (fuzzing anyway)\n",
			fz_cfg.device, strerror(errno));
	fz_cfg.pm_cap = find_pm_cap(fd);
	memset(&info, 0, sizeof(info));
	if (!ioctl(fd, NVMETEST_IOC_INFO, &info)) {
		if (info.max_xfer)
			fz_cfg.max_xfer = info.max_xfer;
		fz_cfg.cfg_size = info.cfg_size;
		fz_cfg.bar0_len = info.bar0_len;
		fz_cfg.caps = info.capabilities;
	}
	{
		struct nvmetest_rw rw = { .offset = 0, .width = 8 };

		if (!ioctl(fd, NVMETEST_IOC_REG_READ, &rw))
			fz_cfg.db_stride = 4u << ((rw.value >> 32) & 0xf);
	}
	raw_mem_mb = module_param("raw_mem_mb");
	if (raw_mem_mb >= 0)
		fz_cfg.raw_mem = (uint64_t)raw_mem_mb << 20;
	raw_unsafe = module_param("raw_unsafe");
	printf("nvmetest-fuzz: %s: %s, driver %s, ABI %u.%u, max transfer %u bytes, state %u, PM capability at %#x\n",
	       fz_cfg.device, info.bdf, info.driver_version, info.abi_major,
	       info.abi_minor, fz_cfg.max_xfer, info.state, fz_cfg.pm_cap);
	printf("nvmetest-fuzz: raw path: DBUF %s, RAW %s (%s), raw_mem_mb %lld, raw_unsafe %lld, doorbell stride %u\n",
	       fz_cfg.caps & NVMETEST_INFO_CAP_DBUF ? "yes" : "no",
	       fz_cfg.caps & NVMETEST_INFO_CAP_RAW ? "yes" : "no",
	       fz_cfg.caps & NVMETEST_INFO_CAP_RAW ?
	       "raw queues may be created; their doorbells are never rung" :
	       "every raw queue create must fail with EPERM",
	       raw_mem_mb, raw_unsafe, fz_cfg.db_stride);
out:
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "calls", required_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ "device", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "hang-timeout", required_argument, NULL, 'H' },
		{ "copy", no_argument, NULL, 'c' },
		{ "strict", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct fz_stats *total;
	bool seeded = false;
	struct sigaction sa;
	pthread_t wd;
	unsigned int i;
	uint64_t calls = 0;
	double secs;
	int c;

	while ((c = getopt_long(argc, argv, "s:n:t:d:vH:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			fz_cfg.seed = strtoull(optarg, NULL, 0);
			seeded = true;
			break;
		case 'n':
			fz_cfg.calls = strtoull(optarg, NULL, 0);
			break;
		case 't':
			fz_cfg.threads = strtoul(optarg, NULL, 0);
			break;
		case 'd':
			fz_cfg.device = optarg;
			break;
		case 'v':
			fz_cfg.verbose = true;
			break;
		case 'c':
			fz_cfg.copy = true;
			break;
		case 'S':
			fz_cfg.strict = true;
			break;
		case 'H':
			fz_cfg.hang_s = strtoul(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 64;
		}
	}
	if (optind < argc || !fz_cfg.threads || fz_cfg.threads > 256 || !fz_cfg.hang_s) {
		usage(stderr);
		return 64;
	}
	if (!seeded)
		fz_cfg.seed = now_ns() ^ ((uint64_t)getpid() << 32);
	{
		struct rlimit rl;

		fz_cfg.nofile = INT_MAX;
		if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < INT_MAX)
			fz_cfg.nofile = rl.rlim_cur;
	}
	if (!fz_cfg.device)
		fz_cfg.device = first_device();
	if (!fz_cfg.device) {
		fprintf(stderr, "nvmetest-fuzz: no /dev/nvmetest* (bind a controller first)\n");
		return 1;
	}
	printf("nvmetest-fuzz: seed %llu, %llu calls, %u threads, device %s\n",
	       (unsigned long long)fz_cfg.seed, (unsigned long long)fz_cfg.calls,
	       fz_cfg.threads, fz_cfg.device);
	fflush(stdout);
	if (setup_device())
		return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;	/* no SA_RESTART: waits end with EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fz_threads = calloc(fz_cfg.threads, sizeof(*fz_threads));
	fz_handles = calloc(fz_cfg.threads, sizeof(*fz_handles));
	total = fz_stats_new();
	if (!fz_threads || !fz_handles || !total)
		return 1;
	for (i = 0; i < fz_cfg.threads; i++) {
		struct fz_thread *t = &fz_threads[i];
		int ret;

		t->id = i;
		t->role = fz_cfg.threads == 1 ? FZ_ROLE_MIX :
			  i == 0 ? FZ_ROLE_CHAOS : FZ_ROLE_CMD;
		t->stats = fz_stats_new();
		ret = fz_mem_setup(&t->mem);
		if (!ret)
			ret = fz_dbuf_setup(t);
		if (!ret)
			ret = fz_eventfd_setup(t);
		if (!t->stats || ret) {
			fprintf(stderr, "nvmetest-fuzz: memory for thread %u: %s\n",
				i, strerror(-ret));
			return 1;
		}
		t->fd = open(fz_cfg.device, O_RDWR | O_CLOEXEC);
		if (t->fd < 0) {
			fprintf(stderr, "nvmetest-fuzz: %s: %s\n", fz_cfg.device, strerror(errno));
			return 1;
		}
	}
	fz_t0 = now_ns();
	for (i = 0; i < fz_cfg.threads; i++)
		if (pthread_create(&fz_handles[i], NULL, thread_main, &fz_threads[i])) {
			fprintf(stderr, "nvmetest-fuzz: pthread_create failed\n");
			return 1;
		}
	pthread_create(&wd, NULL, watchdog_main, NULL);
	for (i = 0; i < fz_cfg.threads; i++)
		pthread_join(fz_handles[i], NULL);
	secs = (now_ns() - fz_t0) / 1e9;

	for (i = 0; i < fz_cfg.threads; i++) {
		struct fz_thread *t = &fz_threads[i];

		fz_begin(t, "close fd %d and its ring", t->fd);
		fz_ring_free(t->ring);
		if (t->fd >= 0)
			close(t->fd);
		fz_end(t, 0);
		/* the mappings kept the file open: its release comes now */
		fz_dbuf_teardown(t);
		fz_eventfd_teardown(t);
		fz_stats_add(total, t->stats);
		calls += t->calls;
	}
	{
		struct stat st;

		if (stat(fz_cfg.device, &st))
			fz_finding(NULL, "%s vanished during the run", fz_cfg.device);
	}
	printf("\nnvmetest-fuzz: seed %llu, %u threads, %llu calls in %.1f s (%.0f calls/s)\n",
	       (unsigned long long)fz_cfg.seed, fz_cfg.threads,
	       (unsigned long long)calls, secs, secs > 0 ? calls / secs : 0.0);
	fz_stats_print(total);
	fz_dbuf_summary();
	printf("replay: nvmetest-fuzz --seed %llu --calls %llu --threads %u%s\n",
	       (unsigned long long)fz_cfg.seed, (unsigned long long)fz_cfg.calls,
	       fz_cfg.threads, fz_cfg.threads > 1 ?
	       " (several threads: the same calls, not the same interleaving)" : "");
	printf("known findings (docs/fuzz.md, Findings): %u%s\n",
	       atomic_load(&fz_gap_hits), fz_cfg.strict ? "" : " (not failed: --strict fails them)");
	printf("findings: %u\n", atomic_load(&fz_findings));
	return atomic_load(&fz_findings) ? 1 : 0;
}
