/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The nvmetest fuzzer's shared state: the calls it knows (one id per
 * ioctl, plus io_uring, unknown ioctl numbers and reopening the file),
 * the per-thread context a call runs in, the seeded random generator, the
 * structure mutator, and the raw path's guard rails. docs/fuzz.md
 * explains the whole program.
 */
#ifndef NVMETEST_FUZZ_H
#define NVMETEST_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/nvmetest.h>

/* Every kind of call the fuzzer makes; the histogram has one row each. */
/* The last enum nvmetest_host_status value this fuzzer knows. */
#define FZ_HOST_LAST	NVMETEST_HOST_ABORTED_PCI_RESET

enum fz_op {
	FZ_INFO,
	FZ_REG_READ,
	FZ_REG_WRITE,
	FZ_CFG_READ,
	FZ_CFG_WRITE,
	FZ_CTRL_DISABLE,
	FZ_IRQ_SETUP,
	FZ_ADMINQ_SETUP,
	FZ_CTRL_ENABLE,
	FZ_CTRL_INIT,
	FZ_CTRL_RESET,
	FZ_CTRL_SHUTDOWN,
	FZ_RESET,
	FZ_POWER,
	FZ_ASPM,
	FZ_CMD_ADMIN,
	FZ_CMD_IO,
	FZ_IRQ_STATS,
	FZ_IRQ_CTL,
	FZ_IRQ_EVENTFD,
	FZ_AER_CONFIG,
	FZ_EVENTS,
	FZ_CQ_CREATE,
	FZ_SQ_CREATE,
	FZ_RAW_CQ_CREATE,	/* CQ_CREATE with NVMETEST_QUEUE_RAW */
	FZ_RAW_SQ_CREATE,	/* SQ_CREATE with NVMETEST_QUEUE_RAW */
	FZ_QUEUE_DELETE,
	FZ_QUEUE_LIST,
	FZ_NS_LIST,
	FZ_CMDLOG,
	FZ_VERIFY_CONFIG,
	FZ_VERIFY_STATUS,
	FZ_VERIFY_DUMP,
	FZ_VERIFY_FAILURES,
	FZ_VERIFY_LOAD,
	FZ_IOW_START,
	FZ_IOW_STOP,
	FZ_IOW_WAIT,
	FZ_IOW_RESULT,
	FZ_IOW_LIST,
	FZ_DBUF_ALLOC,
	FZ_DBUF_FREE,
	FZ_MMAP,		/* mmap() of the device file, then touched */
	FZ_MUNMAP,		/* a kept mapping touched, then all or part unmapped */
	FZ_BAD_IOCTL,		/* unknown numbers, wrong size or direction */
	FZ_URING,		/* one io_uring_cmd; res is the "errno" */
	FZ_REOPEN,		/* close the file, open it again */
	FZ_NR_OPS
};

/* Which mix of calls a thread draws from (main.c's weight tables). */
enum fz_role {
	FZ_ROLE_MIX,		/* one thread: every call */
	FZ_ROLE_CHAOS,		/* resets, queues, workers, reopen */
	FZ_ROLE_CMD,		/* commands, sync and io_uring, and reads */
};

/* splitmix64: small, seedable, and the same on every machine. */
struct fz_rng {
	uint64_t s;
};

void fz_rng_seed(struct fz_rng *r, uint64_t seed);
uint64_t fz_rand(struct fz_rng *r);
/* uniform in [0, n); n = 0 gives 0 */
uint64_t fz_below(struct fz_rng *r, uint64_t n);
/* true with probability num / den */
bool fz_chance(struct fz_rng *r, unsigned int num, unsigned int den);
/* an "interesting" value of @size bytes: boundaries, powers of two, random */
uint64_t fz_interesting(struct fz_rng *r, unsigned int size);

struct fz_ring;
struct fz_dbufs;

/* Per-thread memory the calls point into (mem.c). */
struct fz_mem {
	uint8_t *arena;		/* FZ_ARENA bytes, read-write */
	uint8_t *guard;		/* the PROT_NONE page right after it */
	uint8_t *ro;		/* FZ_RO bytes, PROT_READ, filled at setup */
	uint8_t *hole;		/* a region that was munmap'd */
};

#define FZ_ARENA	(4u << 20)
#define FZ_RO		(64u << 10)
#define FZ_HOLE		(64u << 10)
/* the argument structure lives here; buffers start after it */
#define FZ_ARG_OFF	0
#define FZ_BUF_OFF	4096

struct fz_stats;

/* One fuzzing thread. */
struct fz_thread {
	unsigned int id;
	enum fz_role role;
	int fd;			/* -1 between a close and a failed reopen */
	struct fz_mem mem;
	struct fz_ring *ring;
	struct fz_stats *stats;
	uint32_t last_worker;	/* id of this file's last started IOWorker */
	void *arg;		/* the argument pointer of the last call */
	uint16_t last_cq;	/* qid of the last CQ_CREATE: SQ_CREATE aims at it */
	uint16_t last_raw_cq;	/* ... and of the last raw one */
	struct fz_dbufs *dbufs;	/* DMA buffers and mappings (gen_dbuf.c) */
	int efd[2];		/* eventfds for IRQ_EVENTFD */
	int nullfd;		/* /dev/null: an fd that is no eventfd */
	uint64_t calls;		/* calls made */
	/* the call in progress, for --verbose and for the watchdog */
	char what[2048];
	uint64_t call_index;
	volatile uint64_t call_start_ns;	/* 0 between calls */
	volatile int in_call;
	volatile int signalled;	/* the watchdog sent SIGUSR1 during this call */
	/* a NO_TIMEOUT command: may wait for ever, signalled after 20 s */
	volatile int endless;
};

/* Global configuration (main.c). */
struct fz_config {
	uint64_t seed;
	uint64_t calls;
	unsigned int threads;
	const char *device;
	bool verbose;
	bool copy;		/* --copy: send NVM Copy (crashes QEMU 10.0.2) */
	bool strict;		/* --strict: known findings fail the run too */
	unsigned int hang_s;	/* a call running longer is a hang */
	uint32_t max_xfer;	/* from INFO: largest data_len */
	unsigned int nr_vectors_max;	/* MSI-X table size, for IRQ_SETUP */
	int cfg_size;
	uint64_t bar0_len;
	unsigned int pm_cap;	/* config offset of the PM capability, 0 if none */
	uint32_t caps;		/* INFO capabilities (NVMETEST_INFO_CAP_*) */
	uint32_t db_stride;	/* doorbell stride from CAP.DSTRD, 0 if unknown */
	uint64_t raw_mem;	/* raw_mem_mb in bytes, 0 if unknown */
	uint64_t nofile;	/* RLIMIT_NOFILE: no fd is this or above */
};

extern struct fz_config fz_cfg;

/* Field descriptors for the mutator: one row per structure member. */
enum fz_kind {
	FZ_VAL,		/* any value */
	FZ_PTR,		/* a user pointer: mutated from the bad-pointer pool */
	FZ_RSVD,	/* must be zero: mutated to non-zero */
	FZ_FLAGS,	/* a flag word: mutated by setting a bit */
	FZ_OUT,		/* output only: mutated as FZ_VAL (the driver must
			 * ignore or overwrite it) */
};

struct fz_field {
	const char *name;
	uint16_t off;
	uint16_t size;
	uint8_t kind;
};

#define FZ_F(s, f, k) { #f, offsetof(struct s, f), sizeof(((struct s *)0)->f), k }
#define FZ_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

struct fz_struct {
	const char *name;
	size_t size;
	const struct fz_field *fields;
	size_t nfields;
};

/*
 * fz_mutate - mutate 0..3 fields of @s at @p: half of the calls none,
 * most others one (reserved fields 1 time in 5). Pointer fields get
 * pointers from fz_pointer(). Return: the number of mutations made.
 */
unsigned int fz_mutate(struct fz_thread *t, struct fz_rng *r,
		       const struct fz_struct *s, void *p);
void fz_mutate_field(struct fz_thread *t, struct fz_rng *r,
		     const struct fz_field *f, void *p);
/* "name=value ..." of the non-zero fields of @s at @p */
size_t fz_describe(char *buf, size_t len, const struct fz_struct *s,
		   const void *p);

/* mem.c: pointers, good and bad */
int fz_mem_setup(struct fz_mem *m);
void fz_mem_teardown(struct fz_mem *m);
/* a buffer of @len bytes in the arena (after the argument page) */
void *fz_buf(struct fz_thread *t, struct fz_rng *r, size_t len);
/*
 * fz_pointer - a user pointer for a buffer of @len bytes: usually a good
 * one from fz_buf(); sometimes NULL, a small or kernel or non-canonical
 * address, read-only memory, the munmap'd hole, a misaligned pointer, or
 * one that runs into the guard page.
 */
uint64_t fz_pointer(struct fz_thread *t, struct fz_rng *r, size_t len);
/*
 * fz_arg - the pointer to give the ioctl for the argument structure of
 * @size bytes that the caller built at the start of the arena: that
 * structure, usually. Sometimes (1 in 25) a bad pointer instead: NULL, a
 * kernel or unmapped address, a read-only copy (the kernel can read it
 * but not write the result back), or a copy that runs into the guard
 * page. *@kind names the choice for the log.
 */
void *fz_arg(struct fz_thread *t, struct fz_rng *r, size_t size,
	     const char **kind);

/* calls: one function per enum fz_op (gen_*.c) */
typedef void (*fz_call_fn)(struct fz_thread *t, struct fz_rng *r);
extern const fz_call_fn fz_calls[FZ_NR_OPS];
extern const char *const fz_op_names[FZ_NR_OPS];

void fz_call_info(struct fz_thread *t, struct fz_rng *r);
void fz_call_reg_read(struct fz_thread *t, struct fz_rng *r);
void fz_call_reg_write(struct fz_thread *t, struct fz_rng *r);
void fz_call_cfg_read(struct fz_thread *t, struct fz_rng *r);
void fz_call_cfg_write(struct fz_thread *t, struct fz_rng *r);
void fz_call_ctrl_disable(struct fz_thread *t, struct fz_rng *r);
void fz_call_irq_setup(struct fz_thread *t, struct fz_rng *r);
void fz_call_adminq_setup(struct fz_thread *t, struct fz_rng *r);
void fz_call_ctrl_enable(struct fz_thread *t, struct fz_rng *r);
void fz_call_ctrl_init(struct fz_thread *t, struct fz_rng *r);
void fz_call_ctrl_reset(struct fz_thread *t, struct fz_rng *r);
void fz_call_ctrl_shutdown(struct fz_thread *t, struct fz_rng *r);
void fz_call_reset(struct fz_thread *t, struct fz_rng *r);
void fz_call_power(struct fz_thread *t, struct fz_rng *r);
void fz_call_aspm(struct fz_thread *t, struct fz_rng *r);
void fz_call_cmd_admin(struct fz_thread *t, struct fz_rng *r);
void fz_call_cmd_io(struct fz_thread *t, struct fz_rng *r);
void fz_call_irq_stats(struct fz_thread *t, struct fz_rng *r);
void fz_call_irq_ctl(struct fz_thread *t, struct fz_rng *r);
void fz_call_irq_eventfd(struct fz_thread *t, struct fz_rng *r);
void fz_call_aer_config(struct fz_thread *t, struct fz_rng *r);
void fz_call_events(struct fz_thread *t, struct fz_rng *r);
void fz_call_cq_create(struct fz_thread *t, struct fz_rng *r);
void fz_call_sq_create(struct fz_thread *t, struct fz_rng *r);
void fz_call_raw_cq_create(struct fz_thread *t, struct fz_rng *r);
void fz_call_raw_sq_create(struct fz_thread *t, struct fz_rng *r);
void fz_call_queue_delete(struct fz_thread *t, struct fz_rng *r);
void fz_call_queue_list(struct fz_thread *t, struct fz_rng *r);
void fz_call_ns_list(struct fz_thread *t, struct fz_rng *r);
void fz_call_cmdlog(struct fz_thread *t, struct fz_rng *r);
void fz_call_verify_config(struct fz_thread *t, struct fz_rng *r);
void fz_call_verify_status(struct fz_thread *t, struct fz_rng *r);
void fz_call_verify_dump(struct fz_thread *t, struct fz_rng *r);
void fz_call_verify_load(struct fz_thread *t, struct fz_rng *r);
void fz_call_verify_failures(struct fz_thread *t, struct fz_rng *r);
void fz_call_iow_start(struct fz_thread *t, struct fz_rng *r);
void fz_call_iow_stop(struct fz_thread *t, struct fz_rng *r);
void fz_call_iow_wait(struct fz_thread *t, struct fz_rng *r);
void fz_call_iow_result(struct fz_thread *t, struct fz_rng *r);
void fz_call_iow_list(struct fz_thread *t, struct fz_rng *r);
void fz_call_dbuf_alloc(struct fz_thread *t, struct fz_rng *r);
void fz_call_dbuf_free(struct fz_thread *t, struct fz_rng *r);
void fz_call_mmap(struct fz_thread *t, struct fz_rng *r);
void fz_call_munmap(struct fz_thread *t, struct fz_rng *r);
void fz_call_bad_ioctl(struct fz_thread *t, struct fz_rng *r);
void fz_call_uring(struct fz_thread *t, struct fz_rng *r);
void fz_call_reopen(struct fz_thread *t, struct fz_rng *r);

/*
 * fz_ioctl - make one ioctl as call @op: logs it (what + description),
 * arms the watchdog, records the outcome. @desc is the argument as text.
 * Return: 0 or -errno.
 */
int fz_ioctl(struct fz_thread *t, enum fz_op op, unsigned long req,
	     void *arg, const char *desc);
/* the argument structure every generator builds, at the arena's start */
#define FZ_ARG(t)	((void *)((t)->mem.arena + FZ_ARG_OFF))
/* ... zeroed, as @type */
#define FZ_NEW_ARG(t, type) ((type *)memset(FZ_ARG(t), 0, sizeof(type)))

/*
 * fz_call_struct - fz_ioctl() with the structure @s built at FZ_ARG(t),
 * passed through fz_arg() (so sometimes a bad pointer instead) and
 * described field by field; t->arg is the pointer given to the ioctl.
 */
int fz_call_struct(struct fz_thread *t, struct fz_rng *r, enum fz_op op,
		   unsigned long req, const struct fz_struct *s);
/* Record a result that did not come from fz_ioctl() (io_uring, open). */
void fz_record(struct fz_thread *t, enum fz_op op, int ret);
/* Record a host status of CMD or io_uring (a second histogram row). */
void fz_record_host(struct fz_thread *t, enum fz_op op, uint32_t host_status);
/* Around a call that is not a single ioctl: watchdog and --verbose. */
void fz_begin(struct fz_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fz_end(struct fz_thread *t, int ret);
/* A visible misbehaviour of the driver: printed, and the exit status is 1. */
void fz_finding(struct fz_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* errnos.c: the documented errnos of each call, and the histograms */
bool fz_errno_documented(enum fz_op op, int err);
/*
 * The answers one call owes, where the fuzzer knows them from what it
 * sent and did: 0 for success, else errnos (positive). ENODEV (removed)
 * and EINTR after the watchdog's signal are always accepted.
 */
struct fz_expect {
	const char *why;
	unsigned int n;
	int err[8];
};
#define FZ_END	(-1)
/* @why, then the answers, ending with FZ_END */
void fz_expect_set(struct fz_expect *e, const char *why, ...);
void fz_expect_add(struct fz_expect *e, int err);
/* a finding when @ret (0 or -errno) is not one of @e's */
void fz_expect_check(struct fz_thread *t, enum fz_op op, int ret,
		     const struct fz_expect *e);
/* an undocumented errno the fuzzer found before (docs/fuzz.md Findings) */
bool fz_errno_known_gap(enum fz_op op, int err);
struct fz_stats *fz_stats_new(void);
void fz_stats_add(struct fz_stats *dst, const struct fz_stats *src);
void fz_stats_count(struct fz_stats *s, enum fz_op op, int ret);
void fz_stats_host(struct fz_stats *s, enum fz_op op, uint32_t host_status);
void fz_stats_print(const struct fz_stats *s);
uint64_t fz_stats_total(const struct fz_stats *s);

/* uring.c */
void fz_ring_free(struct fz_ring *ring);

/* gen_dbuf.c: the thread's DMA buffers and mappings */
/* handles the fuzzer tracks by number (owner, raw marks): a run makes fewer */
#define FZ_HANDLES	(1u << 16)
int fz_dbuf_setup(struct fz_thread *t);
/* the thread's file was closed (and maybe opened again) */
void fz_dbuf_reopened(struct fz_thread *t);
/* after the last close: unmap what is left, free the thread's tables */
void fz_dbuf_teardown(struct fz_thread *t);
/*
 * fz_dbuf_pick - a handle to aim at: mostly a live one of this thread's
 * file, else one it freed, one of its closed file, another thread's, 0,
 * one no run makes, or any value.
 */
uint32_t fz_dbuf_pick(struct fz_thread *t, struct fz_rng *r);
/* pages of this thread's buffer @handle, 0 if it has no such buffer */
uint64_t fz_dbuf_pages(struct fz_thread *t, uint32_t handle);
/* one line for the summary: what the mappings saw */
void fz_dbuf_summary(void);

/* gen_ctrl.c: the thread's eventfds for IRQ_EVENTFD */
int fz_eventfd_setup(struct fz_thread *t);
void fz_eventfd_teardown(struct fz_thread *t);

/*
 * rawguard.c: what may be a raw queue. A create with NVMETEST_QUEUE_RAW
 * marks its queue id and buffer before the call (fz_raw_mark()) and
 * unmarks them after it unless a queue may have been made
 * (fz_raw_unmark() with the call's result and the Create status).
 */
void fz_raw_mark(uint16_t qid, uint32_t handle);
void fz_raw_unmark(uint16_t qid, uint32_t handle, int ret, uint16_t status);
/* a buffer that may be a raw ring: never written, not checked */
bool fz_raw_handle_marked(uint32_t handle);
/*
 * REG_WRITE: fz_raw_guard_hold() before fz_raw_doorbell() and
 * fz_raw_guard_release() after the ioctl, so that no raw create marks
 * in between; a write fz_raw_doorbell() names is not made.
 */
bool fz_raw_guard_hold(uint32_t off, uint32_t width);
void fz_raw_guard_release(bool held);
bool fz_raw_doorbell(uint32_t off, uint32_t width);
/* CMD and io_uring: the next queue id that is not marked */
uint16_t fz_raw_qid_avoid(uint16_t qid);

/* Helpers the generators share (gen_cmd.c) */
/* a valid namespace id most of the time: 1..4, else boundary values */
uint32_t fz_nsid(struct fz_rng *r);
/*
 * a queue id: usually the thread's own (id + 1, the pair it creates), or
 * another of 1..8 (the VM's controller has 8 IO queue pairs)
 */
uint16_t fz_qid(struct fz_thread *t, struct fz_rng *r);
/* a timeout that keeps the run moving: 0 (the default), short, medium */
uint32_t fz_timeout_ms(struct fz_rng *r);
/*
 * fz_build_cmd - a struct nvmetest_cmd as the library would build it (an
 * admin command when @admin, else an IO command), with its buffers, then
 * mutated. The uring path sends the same commands.
 */
void fz_build_cmd(struct fz_thread *t, struct fz_rng *r, bool admin,
		  struct nvmetest_cmd *c);
extern const struct fz_struct fz_cmd_struct;

#endif /* NVMETEST_FUZZ_H */
