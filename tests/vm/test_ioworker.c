// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "ioworker": IOWorker kthreads (IOWORKER_START/STOP/WAIT/RESULT/
 * LIST) through the raw ioctls. What each worker did is checked from
 * outside the worker where the driver allows it: the command log of its SQ
 * (opcode, SLBA and NLB decoded from the SQE bytes), the verification
 * counters (every write and checked read through the driver is counted
 * there), QUEUE_LIST and the controller's own behaviour (the harness's
 * blkdebug read error). Statistical checks use 5-sigma bounds; the only
 * timing checks are an upper bound on the IOPS limit and that replayed
 * IOs do not go before their time (exact: from the worker's start_ns).
 *
 * A worker's queues are deleted when it ends, and its SQ's command log
 * with them, so a collector thread copies the log while the worker runs
 * (struct collector). Where the log must be complete, log_run() lets
 * the worker run until the collector has seen the commands the test
 * needs and only then stops it; where a run must end by itself (io_count,
 * errors), the collector's view may miss the newest commands and exact
 * counts come from the verification counters and the result instead.
 *
 * Expects tests/vm/run-all's SPEC: ns 1 1G/512 with a read error at
 * LBA 2000000, ns 2 256M/4096+8, ns 3 16M/512 throttled to 10 IOPS (the
 * timeout test is skipped without it); MSI-X; 8 IO queue pairs.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <liburing.h>

#include "core/hist.h"
#include "vmtest.h"

#define PAGE		4096
#define OPC_FLUSH	0x00
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define OPC_WRITE_ZEROES 0x08
#define SC_READ_ERROR	0x281
#define NVEC		4
#define NS1		1
#define NS2		2
#define READ_ERR_LBA	2000000ULL
#define WAIT_MS		20000

_Static_assert(sizeof(struct nvmetest_ioworker_spec) == NVMETEST_IOWORKER_SPEC_SIZE,
	       "spec size");
_Static_assert(sizeof(struct nvmetest_ioworker_op) == NVMETEST_IOWORKER_OP_SIZE,
	       "op size");
_Static_assert(sizeof(struct nvmetest_ioworker_size) == NVMETEST_IOWORKER_SIZE_SIZE,
	       "size size");
_Static_assert(sizeof(struct nvmetest_ioworker_replay) == NVMETEST_IOWORKER_REPLAY_SIZE,
	       "replay size");

static char devpath[64];
static int fd = -1;
static struct nvmetest_ns_info ns[2];
static uint32_t max_xfer;
static uint16_t nr_vectors, nr_io_sq;
static long ncpu;

/* --- helpers ------------------------------------------------------------ */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* A worker on @nsid over [@start, @start + @len): 100% 4 KiB reads. */
static void spec_base(struct nvmetest_ioworker_spec *s, uint32_t nsid,
		      uint64_t start, uint64_t len)
{
	memset(s, 0, sizeof(*s));
	s->nsid = nsid;
	s->vector = 1;
	s->qdepth = 8;
	s->seed = 12345;
	s->region_start = start;
	s->region_end = start + len;
	s->lba_start = start;
	s->random_pct = 100;
	s->io_count = 100;
}

static void spec_op(struct nvmetest_ioworker_spec *s, uint8_t opc, uint8_t pct)
{
	s->ops[s->nr_ops].opcode = opc;
	s->ops[s->nr_ops].pct = pct;
	s->nr_ops++;
}

static void spec_size(struct nvmetest_ioworker_spec *s, uint32_t nlb, uint32_t pct)
{
	s->sizes[s->nr_sizes].nlb = nlb;
	s->sizes[s->nr_sizes].pct = pct;
	s->nr_sizes++;
}

/* The snapshot of a running worker, until it has completed @ios IOs. */
static int wait_ios(int f, uint32_t id, uint64_t ios)
{
	struct nvmetest_ioworker_result r;
	int i;

	for (i = 0; i < 2000; i++) {
		if (vmt_iow_result(f, id, 0, &r))
			return -1;
		if (r.ios >= ios)
			return 0;
		if (r.state != NVMETEST_IOW_RUNNING)
			return -1;
		usleep(5000);
	}
	return -1;
}

static int vstatus(uint32_t nsid, struct nvmetest_verify_status *st)
{
	memset(st, 0, sizeof(*st));
	st->nsid = nsid;
	return vmt_ioctl(fd, NVMETEST_IOC_VERIFY_STATUS, st);
}

/*
 * Verification on @nsid enabled and cleared (its status then in *@st0),
 * and @s a sequential worker writing each of the @n LBAs from @start once,
 * one LBA per write: the map then has a known entry for each.
 */
static void spec_verified_writes(struct nvmetest_ioworker_spec *s, uint32_t nsid,
				 uint64_t start, uint64_t n, struct nvmetest_verify_status *st0)
{
	CU_ASSERT_EQUAL_FATAL(vmt_verify_config(fd, nsid, NVMETEST_VERIFY_ENABLE |
						NVMETEST_VERIFY_CLEAR, 0), 0);
	CU_ASSERT_EQUAL(vstatus(nsid, st0), 0);
	spec_base(s, nsid, start, n);
	s->random_pct = 0;
	s->io_count = n;
	spec_op(s, OPC_WRITE, 100);
	spec_size(s, 1, 100);
}

/* |n - expected| within 5 standard deviations of a binomial count. */
static int within_5sigma(uint64_t n, uint64_t total, double p)
{
	double sd = sqrt((double)total * p * (1 - p));

	return fabs((double)n - (double)total * p) <= 5 * sd + 1;
}

/* --- the SQE of a command log entry ------------------------------------ */

static uint8_t e_opc(const struct nvmetest_cmdlog_entry *e)
{
	return e->sqe[0];
}

static uint32_t e_dw(const struct nvmetest_cmdlog_entry *e, unsigned int dw)
{
	uint32_t v;

	memcpy(&v, e->sqe + dw * 4, 4);
	return v;
}

static uint64_t e_slba(const struct nvmetest_cmdlog_entry *e)
{
	return e_dw(e, 10) | (uint64_t)e_dw(e, 11) << 32;
}

static uint32_t e_nlb(const struct nvmetest_cmdlog_entry *e)
{
	return (e_dw(e, 12) & 0xffff) + 1;
}

/* SCT << 8 | SC of the CQE. */
static uint16_t e_status(const struct nvmetest_cmdlog_entry *e)
{
	uint32_t dw3;

	memcpy(&dw3, e->cqe + 12, 4);
	return (dw3 >> 17) & 0x7ff;
}

/*
 * struct collector - a thread that copies a worker's SQ command log while
 * it runs, into @e indexed by sequence number (entries seen done replace
 * earlier copies). It asks only for what it has not seen done yet, so a
 * run of up to the ring's size (4096) is seen whole except its newest
 * commands when the queue goes away between two polls.
 */
#define COL_MAX		8192

struct collector {
	int fd;
	uint16_t qid;
	pthread_t th;
	volatile int stop;
	struct nvmetest_cmdlog_entry *e;
	uint8_t *have;			/* 0 not seen, 1 submitted, 2 done */
	struct nvmetest_cmdlog_entry *buf;
	uint64_t total;			/* the largest CMDLOG total seen */
	uint64_t nodone;		/* lowest seq not seen done */
	uint64_t ndone;			/* entries seen done */
	int final_ok;			/* CMDLOG still answered after the end */
};

static int col_poll(struct collector *c)
{
	struct nvmetest_cmdlog cl;
	uint64_t want = c->total - c->nodone + 64;
	uint32_t i;
	int ret;

	if (want > 4096)
		want = 4096;
	memset(&cl, 0, sizeof(cl));
	cl.entries = (uintptr_t)c->buf;
	cl.count = (uint32_t)want;
	cl.qid = c->qid;
	ret = vmt_ioctl(c->fd, NVMETEST_IOC_CMDLOG, &cl);
	if (ret)
		return ret;
	if (cl.total > c->total)
		__atomic_store_n(&c->total, cl.total, __ATOMIC_RELEASE);
	for (i = 0; i < cl.count; i++) {
		uint64_t seq = c->buf[i].seq;

		if (seq >= COL_MAX || c->have[seq] == 2)
			continue;
		c->e[seq] = c->buf[i];
		c->have[seq] = c->buf[i].done ? 2 : 1;
		if (c->buf[i].done)
			__atomic_add_fetch(&c->ndone, 1, __ATOMIC_RELEASE);
	}
	while (c->nodone < c->total && c->nodone < COL_MAX &&
	       c->have[c->nodone] == 2)
		__atomic_add_fetch(&c->nodone, 1, __ATOMIC_RELEASE);
	return 0;
}

static void *col_thread(void *arg)
{
	struct collector *c = arg;

	while (!c->stop) {
		if (col_poll(c))
			break;		/* the queue is gone: the worker ended */
		usleep(200);
	}
	return NULL;
}

static int col_start(struct collector *c, int f, uint16_t qid)
{
	memset(c, 0, sizeof(*c));
	c->fd = f;
	c->qid = qid;
	c->e = calloc(COL_MAX, sizeof(*c->e));
	c->have = calloc(COL_MAX, 1);
	c->buf = calloc(4096, sizeof(*c->buf));
	/* no thread for col_free() to join */
	if (!c->e || !c->have || !c->buf ||
	    pthread_create(&c->th, NULL, col_thread, c)) {
		c->stop = 1;
		return -1;
	}
	return 0;
}

/* After the worker ended: stop the thread, try a last poll. */
static void col_finish(struct collector *c)
{
	if (!c->stop) {
		c->stop = 1;
		pthread_join(c->th, NULL);
	}
	c->final_ok = col_poll(c) == 0;
}

static void col_free(struct collector *c)
{
	if (!c->stop) {
		c->stop = 1;
		pthread_join(c->th, NULL);
	}
	free(c->e);
	free(c->have);
	free(c->buf);
}

/* Entries seen from seq 0 on without a gap. */
static uint64_t col_prefix(const struct collector *c)
{
	uint64_t n = 0;

	while (n < c->total && n < COL_MAX && c->have[n])
		n++;
	return n;
}

/* Entries seen at all. */
static uint64_t col_seen(const struct collector *c)
{
	uint64_t i, n = 0;

	for (i = 0; i < c->total && i < COL_MAX; i++)
		n += !!c->have[i];
	return n;
}

/* Interrupts handled by vectors 0..NVEC-1 so far. */
static int irq_counts(uint64_t *count)
{
	struct nvmetest_irq_vector v[NVEC];
	struct nvmetest_irq_stats st;
	unsigned int i;
	int ret;

	memset(&st, 0, sizeof(st));
	memset(v, 0, sizeof(v));
	st.vectors = (uintptr_t)v;
	st.count = NVEC;
	ret = vmt_ioctl(fd, NVMETEST_IOC_IRQ_STATS, &st);
	for (i = 0; i < NVEC; i++)
		count[i] = i < st.count ? v[i].count : 0;
	return ret;
}

/*
 * start_logged - START @s (interrupt-driven) with a collector @c on its SQ
 * such that @c sees the run: the CQ's vector stays masked, so the worker
 * completes nothing, until @c has read its first commands. A short run is
 * over in milliseconds, and a loaded host can keep the collector's thread
 * off the CPU for longer; the queue, and its log, go when the worker ends.
 * Return: 0 (the worker runs: finish() it), or -1 when START failed.
 */
static int start_logged(struct nvmetest_ioworker_spec *s, struct collector *c)
{
	int i, ret;

	memset(c, 0, sizeof(*c));
	c->stop = 1;
	CU_ASSERT_EQUAL_FATAL(vmt_irq_ctl(fd, s->vector, NVMETEST_IRQ_MASK), 0);
	ret = vmt_iow_start(fd, s);
	CU_ASSERT_EQUAL(ret, 0);
	if (!ret && col_start(c, fd, s->sqid)) {
		vmt_irq_ctl(fd, s->vector, NVMETEST_IRQ_UNMASK);
		CU_FAIL_FATAL("no collector thread");
	}
	/* bounded for a broken run only */
	for (i = 0; !ret && i < 3000; i++) {
		if (__atomic_load_n(&c->total, __ATOMIC_ACQUIRE))
			break;
		usleep(10000);
	}
	CU_ASSERT(ret || __atomic_load_n(&c->total, __ATOMIC_ACQUIRE) > 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, s->vector, NVMETEST_IRQ_UNMASK), 0);
	return ret ? -1 : 0;
}

/* One Read through io_uring on @qid: the CQE's res. */
static int uring_read(uint16_t qid, void *buf)
{
	struct nvmetest_uring_cmd uc;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(4, &ring, IORING_SETUP_SQE128 |
				  IORING_SETUP_CQE32);
	if (ret)
		return 1;
	memset(&uc, 0, sizeof(uc));
	uc.opcode = OPC_READ;
	uc.qid = qid;
	uc.nsid = NS1;
	uc.addr = (uintptr_t)buf;
	uc.data_len = 512;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_rw(IORING_OP_URING_CMD, sqe, fd, NULL, 0, 0);
	sqe->cmd_op = NVMETEST_URING_CMD_IO;
	memcpy(sqe->cmd, &uc, sizeof(uc));
	io_uring_submit(&ring);
	ret = io_uring_wait_cqe(&ring, &cqe);
	if (!ret) {
		ret = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
	} else {
		ret = 1;
	}
	io_uring_queue_exit(&ring);
	return ret;
}

/*
 * WAIT for @id (bounded), then (with @c) stop the collector and read the
 * log once more, then RESULT with RELEASE. 0 or -errno.
 */
static int finish(int f, uint32_t id, struct nvmetest_ioworker_result *res,
		  struct collector *c)
{
	uint32_t running = 1;
	int ret;

	ret = vmt_iow_wait(f, id, WAIT_MS, &running);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(running, 0);
	if (ret) {
		/* Do not leave it to the next test. */
		printf("\n    worker %u did not end: WAIT %d, stopping it\n",
		       id, ret);
		vmt_iow_stop(f, id);
		vmt_iow_wait(f, id, 5000, NULL);
		vmt_iow_result(f, id, NVMETEST_IOW_RESULT_RELEASE, res);
		return ret;
	}
	if (c)
		col_finish(c);
	ret = vmt_iow_result(f, id, NVMETEST_IOW_RESULT_RELEASE, res);
	CU_ASSERT_EQUAL(ret, 0);
	return ret;
}

/*
 * log_run - run @s (no IO count: a time limit far away) until @c has seen
 * @n of its commands done (@contig: seq 0..@n-1, all of them), then STOP
 * and finish. So the log of those is complete whatever the scheduling.
 * Return: 0, or -1 (failures recorded).
 */
static int log_run(struct nvmetest_ioworker_spec *s, uint64_t n, int contig,
		   struct collector *c, struct nvmetest_ioworker_result *res)
{
	uint64_t *cnt = contig ? &c->nodone : &c->ndone;
	int i, ret;

	memset(c, 0, sizeof(*c));
	c->stop = 1;
	s->io_count = 0;
	s->time_ms = 60000;
	ret = vmt_iow_start(fd, s);
	CU_ASSERT_EQUAL(ret, 0);
	if (ret)
		return -1;
	ret = col_start(c, fd, s->sqid);
	CU_ASSERT_EQUAL(ret, 0);
	for (i = 0; !ret && i < 20000; i++) {
		if (__atomic_load_n(cnt, __ATOMIC_ACQUIRE) >= n)
			break;
		usleep(1000);
	}
	CU_ASSERT(!ret && __atomic_load_n(cnt, __ATOMIC_ACQUIRE) >= n);
	CU_ASSERT_EQUAL(vmt_iow_stop(fd, s->id), 0);
	if (finish(fd, s->id, res, ret ? NULL : c))
		return -1;
	CU_ASSERT_EQUAL(res->end_reason, NVMETEST_IOW_END_STOPPED);
	CU_ASSERT(res->ios >= n);
	return ret ? -1 : 0;
}

static int queue_exists(int f, uint16_t qid, uint16_t type)
{
	return vmt_queue_find(f, qid, type, NULL);
}

/* --- suite --------------------------------------------------------------- */

static int suite_init(void)
{
	struct nvmetest_info info;
	struct nvmetest_ctrl_init in;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (vmt_open_bound(&fd, devpath, sizeof(devpath)))
		return -1;
	memset(&in, 0, sizeof(in));
	in.irq_mode = NVMETEST_IRQ_MSIX;
	in.nr_vectors = NVEC;
	in.nr_io_queues = 8;
	if (vmt_ioctl(fd, NVMETEST_IOC_CTRL_INIT, &in))
		return -1;
	nr_vectors = in.nr_vectors;
	nr_io_sq = in.nr_io_sq;
	memset(&info, 0, sizeof(info));
	if (vmt_ioctl(fd, NVMETEST_IOC_INFO, &info))
		return -1;
	max_xfer = info.max_xfer;
	if (vmt_ns_list(fd, ns, 2, NULL) < 2)
		return -1;
	return 0;
}

static int suite_fini(void)
{
	return vmt_give_back(&fd);
}

/* --- tests --------------------------------------------------------------- */

static void test_info(void)
{
	struct nvmetest_ioworker_list l;
	struct nvmetest_info info;

	memset(&info, 0, sizeof(info));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_IOWORKER);
	CU_ASSERT_EQUAL(info.abi_major, NVMETEST_ABI_MAJOR);
	CU_ASSERT(info.abi_minor >= 4);
	memset(&l, 0, sizeof(l));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &l), 0);
	CU_ASSERT_EQUAL(l.total, 0);
	CU_ASSERT_EQUAL(l.running, 0);
	l.rsvd0 = 1;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &l), -EINVAL);
}

/*
 * Defaults: no op mix = 100% Read, no sizes = 4 KiB (8 LBAs of 512 B);
 * the result echoes the spec; a seed of 0 gets a random one, reported.
 */
static void test_defaults(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct collector c;
	uint64_t i, bad = 0;

	spec_base(&s, NS1, 0, 1 << 20);
	s.qdepth = 4;
	s.io_count = 200;
	if (start_logged(&s, &c))
		goto out;
	CU_ASSERT(s.id > 0);
	CU_ASSERT(s.sqid > 0);
	CU_ASSERT(s.cqid > 0);
	CU_ASSERT_EQUAL(s.bad_field, NVMETEST_IOW_FIELD_NONE);
	if (finish(fd, s.id, &res, &c))
		goto out;
	CU_ASSERT_EQUAL(res.id, s.id);
	CU_ASSERT_EQUAL(res.state, NVMETEST_IOW_DONE);
	CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
	CU_ASSERT_EQUAL(res.nsid, NS1);
	CU_ASSERT_EQUAL(res.sqid, s.sqid);
	CU_ASSERT_EQUAL(res.cqid, s.cqid);
	CU_ASSERT_EQUAL(res.qdepth, 4);
	CU_ASSERT_EQUAL(res.seed, 12345);
	CU_ASSERT_EQUAL(res.nr_ops, 1);
	CU_ASSERT_EQUAL(res.op[0].opcode, OPC_READ);
	CU_ASSERT_EQUAL(res.ios, 200);
	CU_ASSERT_EQUAL(res.op[0].ios, 200);
	CU_ASSERT_EQUAL(res.bytes, 200 * 4096);
	CU_ASSERT_EQUAL(res.op[0].bytes, 200 * 4096);
	CU_ASSERT_EQUAL(res.errors, 0);
	CU_ASSERT_EQUAL(res.aborted, 0);
	CU_ASSERT(res.elapsed_ns > 0);
	CU_ASSERT(res.start_ns > 0);
	CU_ASSERT(res.op[0].lat_min_ns > 0);
	CU_ASSERT(res.op[0].lat_min_ns <= res.op[0].lat_max_ns);
	CU_ASSERT(res.op[0].lat_sum_ns >= 200 * res.op[0].lat_min_ns);
	CU_ASSERT(res.op[0].lat_sum_ns <= 200 * res.op[0].lat_max_ns);
	/* What the device was sent. */
	CU_ASSERT(c.total <= 200);
	CU_ASSERT(col_seen(&c) > 0);
	for (i = 0; i < c.total && i < COL_MAX; i++) {
		if (!c.have[i])
			continue;
		if (e_opc(&c.e[i]) != OPC_READ || e_nlb(&c.e[i]) != 8 ||
		    e_dw(&c.e[i], 1) != NS1 || e_slba(&c.e[i]) + 8 > 1 << 20 ||
		    c.e[i].qid != s.sqid)
			bad++;
		if (c.have[i] == 2 && e_status(&c.e[i]))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	if (c.final_ok)
		CU_ASSERT_EQUAL(c.total, 200);
	/* The queues are gone. */
	CU_ASSERT(!queue_exists(fd, s.sqid, NVMETEST_QUEUE_SQ));
	CU_ASSERT(!queue_exists(fd, s.cqid, NVMETEST_QUEUE_CQ));

	/* Seed 0: one is chosen and reported. */
	spec_base(&s, NS1, 0, 1 << 20);
	s.seed = 0;
	s.io_count = 10;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT(res.seed != 0);
		CU_ASSERT_EQUAL(res.ios, 10);
	}
out:
	col_free(&c);
}

/*
 * io_count is exact: 1000 sequential 1-LBA writes with verification on
 * cover [10000, 11000) once each (the map counts every write the driver
 * completed: exactly 1000, none more), the command log has them in
 * order. Then 600 random reads of the region: every LBA read is checked
 * (lbas_verified == LBAs read) and none fails.
 */
static void test_count_verify(void)
{
	struct nvmetest_verify_status st0, st;
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_verify_dump d;
	struct collector c;
	uint32_t *dump = calloc(1000, 4);
	uint64_t i, bad = 0, lbas_read;

	CU_ASSERT_FATAL(dump != NULL);
	spec_verified_writes(&s, NS1, 10000, 1000, &st0);
	if (start_logged(&s, &c) || finish(fd, s.id, &res, &c)) {
		col_free(&c);
		free(dump);
		return;
	}
	CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
	CU_ASSERT_EQUAL(res.ios, 1000);
	CU_ASSERT_EQUAL(res.op[0].opcode, OPC_WRITE);
	CU_ASSERT_EQUAL(res.op[0].ios, 1000);
	CU_ASSERT_EQUAL(res.bytes, 1000 * 512);
	CU_ASSERT_EQUAL(res.errors, 0);
	CU_ASSERT_EQUAL(res.verify_failures, 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.lbas_written - st0.lbas_written, 1000);
	memset(&d, 0, sizeof(d));
	d.nsid = NS1;
	d.slba = 10000;
	d.count = 1000;
	d.entries = (uintptr_t)dump;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_VERIFY_DUMP, &d), 0);
	for (i = 0; i < 1000; i++)
		bad += dump[i] <= NVMETEST_CRC_UNCORRECTABLE;
	CU_ASSERT_EQUAL(bad, 0);
	/* In order, one LBA each, never past 1000 commands. */
	printf("\n    cmdlog: %llu of %llu commands seen, log readable after the end: %d\n",
	       (unsigned long long)col_seen(&c), (unsigned long long)c.total,
	       c.final_ok);
	CU_ASSERT(c.total <= 1000);
	CU_ASSERT(col_seen(&c) > 0);
	bad = 0;
	for (i = 0; i < c.total && i < COL_MAX; i++)
		if (c.have[i] && (e_opc(&c.e[i]) != OPC_WRITE ||
				  e_slba(&c.e[i]) != 10000 + i ||
				  e_nlb(&c.e[i]) != 1))
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	if (c.final_ok)
		CU_ASSERT_EQUAL(c.total, 1000);
	col_free(&c);

	/* Read it back, random, 1 and 8 LBAs. */
	st0 = st;
	spec_base(&s, NS1, 10000, 1000);
	s.io_count = 600;
	spec_size(&s, 1, 50);
	spec_size(&s, 8, 50);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		lbas_read = res.op[0].bytes / 512;
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
		CU_ASSERT_EQUAL(res.ios, 600);
		CU_ASSERT_EQUAL(res.errors, 0);
		CU_ASSERT_EQUAL(res.verify_failures, 0);
		CU_ASSERT(lbas_read >= 600 && lbas_read <= 600 * 8);
		CU_ASSERT_EQUAL(res.lbas_verified, lbas_read);
		CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
		CU_ASSERT_EQUAL(st.lbas_verified - st0.lbas_verified, lbas_read);
		CU_ASSERT_EQUAL(st.failures, 0);
	}
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, 0, 0), 0);
	free(dump);
}

/*
 * Sequential with a step: [5000, 5060), start 5008, 8 LBAs, step 16:
 * 5008 5024 5040, then 5056 would cross the end: back to 5000, 5016 ...
 * The first 30 commands of the log, in order.
 */
static void test_seq_step(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct collector c;
	uint64_t i, pos, bad = 0, wraps = 0, prefix;

	spec_base(&s, NS1, 5000, 60);
	s.lba_start = 5008;
	s.lba_step = 16;
	s.random_pct = 0;
	s.qdepth = 2;
	s.iops_limit = 1000;
	spec_size(&s, 8, 100);
	if (log_run(&s, 30, 1, &c, &res))
		goto out;
	CU_ASSERT_EQUAL(res.errors, 0);
	prefix = col_prefix(&c);
	CU_ASSERT(prefix >= 30);
	for (i = 0, pos = 5008; i < prefix; i++, pos += 16) {
		if (pos + 8 > 5060) {
			pos = 5000;
			wraps++;
		}
		if (e_slba(&c.e[i]) != pos || e_nlb(&c.e[i]) != 8) {
			if (bad++ < 4)
				printf("\n    seq %llu: slba %llu nlb %u, expected %llu 8",
				       (unsigned long long)i,
				       (unsigned long long)e_slba(&c.e[i]),
				       e_nlb(&c.e[i]), (unsigned long long)pos);
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(wraps >= 4);

	/* Step 0 = the IO's size: back to back, wrapping exactly at the end. */
	col_free(&c);
	spec_base(&s, NS1, 6000, 40);
	s.random_pct = 0;
	s.qdepth = 2;
	s.iops_limit = 1000;
	spec_size(&s, 8, 100);
	if (log_run(&s, 25, 1, &c, &res))
		goto out;
	prefix = col_prefix(&c);
	CU_ASSERT(prefix >= 25);
	bad = 0;
	for (i = 0; i < prefix; i++)
		bad += e_slba(&c.e[i]) != 6000 + (i % 5) * 8;
	CU_ASSERT_EQUAL(bad, 0);
out:
	col_free(&c);
}

/*
 * Random with alignment: every start a multiple of 8, every IO inside
 * [100000, 101000) (whose end is not aligned), both sizes used, the
 * region's edges reached. Then a hot/cold distribution with all the
 * weight on the last 10 buckets: every IO starts in the last 10%.
 */
static void test_random_align(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct collector c;
	uint64_t i, bad = 0, lo = ~0ull, hi = 0, n8 = 0, n16 = 0, seen;

	spec_base(&s, NS1, 100000, 1000);
	s.lba_align = 8;
	spec_size(&s, 8, 50);
	spec_size(&s, 16, 50);
	if (log_run(&s, 1000, 0, &c, &res))
		goto out;
	CU_ASSERT_EQUAL(res.errors, 0);
	seen = col_seen(&c);
	CU_ASSERT(seen >= 1000);
	for (i = 0; i < c.total && i < COL_MAX; i++) {
		uint64_t slba = e_slba(&c.e[i]);
		uint32_t nlb = e_nlb(&c.e[i]);

		if (!c.have[i])
			continue;
		if (slba % 8 || slba < 100000 || slba + nlb > 101000 ||
		    (nlb != 8 && nlb != 16))
			bad++;
		n8 += nlb == 8;
		n16 += nlb == 16;
		lo = slba < lo ? slba : lo;
		hi = slba + nlb > hi ? slba + nlb : hi;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(within_5sigma(n8, seen, 0.5));
	CU_ASSERT(within_5sigma(n16, seen, 0.5));
	/* 125 slots: missing the first or last 6 in 1000 draws is < 1e-20. */
	CU_ASSERT(lo <= 100000 + 48);
	CU_ASSERT(hi >= 101000 - 48 - 8);
	col_free(&c);

	spec_base(&s, NS1, 100000, 10000);
	spec_size(&s, 1, 100);
	for (i = 90; i < 100; i++)
		s.distribution[i] = 1000;
	if (log_run(&s, 500, 0, &c, &res))
		goto out;
	CU_ASSERT(col_seen(&c) >= 500);
	bad = 0;
	lo = ~0ull;
	for (i = 0; i < c.total && i < COL_MAX; i++) {
		if (!c.have[i])
			continue;
		bad += e_slba(&c.e[i]) < 109000 || e_slba(&c.e[i]) >= 110000;
		lo = e_slba(&c.e[i]) < lo ? e_slba(&c.e[i]) : lo;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(lo < 109000 + 100);
out:
	col_free(&c);
}

/*
 * Op mix 70/30 read/write and sizes 1/4/8 LBAs at 50/30/20 over 2000 IOs:
 * the result's counts and the opcodes and sizes sent (command log) within
 * 5 sigma; bytes agree with the sizes.
 */
static void test_mix(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct collector c;
	uint64_t i, n, rd = 0, wr = 0, other = 0, sz[9] = { 0 }, lbas[2] = { 0 };
	unsigned int k;

	spec_base(&s, NS1, 200000, 200000);
	s.qdepth = 16;
	spec_op(&s, OPC_READ, 70);
	spec_op(&s, OPC_WRITE, 30);
	spec_size(&s, 1, 50);
	spec_size(&s, 4, 30);
	spec_size(&s, 8, 20);
	if (log_run(&s, 2000, 0, &c, &res))
		goto out;
	CU_ASSERT_EQUAL(res.nr_ops, 2);
	CU_ASSERT_EQUAL(res.op[0].opcode, OPC_READ);
	CU_ASSERT_EQUAL(res.op[1].opcode, OPC_WRITE);
	CU_ASSERT_EQUAL(res.op[0].ios + res.op[1].ios, res.ios);
	CU_ASSERT(within_5sigma(res.op[0].ios, res.ios, 0.7));
	CU_ASSERT_EQUAL(res.bytes, res.op[0].bytes + res.op[1].bytes);
	CU_ASSERT_EQUAL(res.errors, 0);
	printf("\n    result: %llu reads %llu writes; ",
	       (unsigned long long)res.op[0].ios, (unsigned long long)res.op[1].ios);
	for (k = 0; k < 2; k++) {
		CU_ASSERT(res.op[k].bytes >= res.op[k].ios * 512);
		CU_ASSERT(res.op[k].bytes <= res.op[k].ios * 8 * 512);
		CU_ASSERT(res.op[k].lat_min_ns <= res.op[k].lat_max_ns);
	}
	n = col_seen(&c);
	CU_ASSERT(n >= 2000);
	for (i = 0; i < c.total && i < COL_MAX; i++) {
		uint32_t nlb = e_nlb(&c.e[i]);

		if (!c.have[i])
			continue;
		if (e_opc(&c.e[i]) == OPC_READ)
			rd++, lbas[0] += nlb;
		else if (e_opc(&c.e[i]) == OPC_WRITE)
			wr++, lbas[1] += nlb;
		else
			other++;
		if (nlb == 1 || nlb == 4 || nlb == 8)
			sz[nlb]++;
		else
			other++;
		if (e_slba(&c.e[i]) < 200000 || e_slba(&c.e[i]) + nlb > 400000)
			other++;
	}
	printf("cmdlog (%llu seen): %llu reads %llu writes; sizes 1: %llu 4: %llu 8: %llu\n",
	       (unsigned long long)n, (unsigned long long)rd,
	       (unsigned long long)wr, (unsigned long long)sz[1],
	       (unsigned long long)sz[4], (unsigned long long)sz[8]);
	CU_ASSERT_EQUAL(other, 0);
	CU_ASSERT(within_5sigma(rd, n, 0.7));
	CU_ASSERT(within_5sigma(sz[1], n, 0.5));
	CU_ASSERT(within_5sigma(sz[4], n, 0.3));
	CU_ASSERT(within_5sigma(sz[8], n, 0.2));
	/* The log's reads never outnumber the result's (and so on). */
	CU_ASSERT(rd <= res.op[0].ios && wr <= res.op[1].ios);
	CU_ASSERT(lbas[0] * 512 <= res.op[0].bytes);
	CU_ASSERT(lbas[1] * 512 <= res.op[1].bytes);
	if (c.final_ok && n == res.ios) {
		CU_ASSERT_EQUAL(rd, res.op[0].ios);
		CU_ASSERT_EQUAL(lbas[0] * 512, res.op[0].bytes);
		CU_ASSERT_EQUAL(lbas[1] * 512, res.op[1].bytes);
	}
out:
	col_free(&c);
}

/*
 * Replay: the exact sequence (opcode, SLBA, NLB in order), not before
 * each entry's time. With a last entry far in the future the worker
 * waits, so its whole log can be read; STOP then ends it. A second run
 * without it ends REPLAY after exactly the sequence.
 */
#define NREPLAY	8
static const struct {
	uint32_t t_ms;
	uint8_t opc;
	uint64_t slba;
	uint32_t nlb;
} replay_seq[NREPLAY] = {
	{ 0, OPC_WRITE, 300000, 8 },
	{ 0, OPC_READ, 300000, 8 },
	{ 10, OPC_WRITE_ZEROES, 300100, 16 },
	{ 10, OPC_READ, 300050, 3 },
	{ 20, OPC_WRITE, 300200, 1 },
	{ 30, OPC_READ, 300200, 1 },
	{ 30, OPC_FLUSH, 0, 1 },
	{ 40, OPC_READ, 300007, 100 },
};

static void test_replay(void)
{
	struct nvmetest_ioworker_replay *r = calloc(NREPLAY + 1, sizeof(*r));
	struct nvmetest_cmdlog_entry e[NREPLAY + 4];
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_cmdlog cl;
	unsigned int i, bad = 0;
	int tries;

	CU_ASSERT_FATAL(r != NULL);
	for (i = 0; i < NREPLAY; i++) {
		r[i].time_us = replay_seq[i].t_ms * 1000ull;
		r[i].opcode = replay_seq[i].opc;
		r[i].slba = replay_seq[i].slba;
		r[i].nlb = replay_seq[i].nlb;
	}
	r[NREPLAY].time_us = 60000000;	/* the hold: one minute later */
	r[NREPLAY].opcode = OPC_READ;
	r[NREPLAY].slba = 300000;
	r[NREPLAY].nlb = 1;

	spec_base(&s, NS1, 0, 0);
	s.region_end = 0;
	s.io_count = 0;
	s.qdepth = 4;
	s.replay = (uintptr_t)r;
	s.nr_replay = NREPLAY + 1;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	memset(&cl, 0, sizeof(cl));
	for (tries = 0; tries < 1000; tries++) {
		memset(&cl, 0, sizeof(cl));
		cl.entries = (uintptr_t)e;
		cl.count = NREPLAY + 4;
		cl.qid = s.sqid;
		if (vmt_ioctl(fd, NVMETEST_IOC_CMDLOG, &cl))
			break;
		if (cl.total >= NREPLAY && cl.count == NREPLAY) {
			for (i = 0; i < NREPLAY && e[i].done; i++)
				;
			if (i == NREPLAY)
				break;
		}
		usleep(10000);
	}
	CU_ASSERT_EQUAL(cl.total, NREPLAY);
	CU_ASSERT_EQUAL(cl.count, NREPLAY);
	/* start_ns: the time the entries' times count from */
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, 0, &res), 0);
	for (i = 0; i < cl.count && i < NREPLAY; i++) {
		int64_t dt = (int64_t)(e[i].submit_ns - res.start_ns);

		int wrong = e_opc(&e[i]) != replay_seq[i].opc ||
			    (replay_seq[i].opc != OPC_FLUSH &&
			     (e_slba(&e[i]) != replay_seq[i].slba ||
			      e_nlb(&e[i]) != replay_seq[i].nlb)) ||
			    e_dw(&e[i], 1) != NS1 || !e[i].done ||
			    e_status(&e[i]);

		/* not early */
		if (dt < (int64_t)replay_seq[i].t_ms * 1000000)
			wrong = 1;
		if (wrong) {
			bad++;
			printf("\n    entry %u: opc 0x%02x slba %llu nlb %u nsid %u done %u status 0x%x at %.3f ms",
			       i, e_opc(&e[i]),
			       (unsigned long long)e_slba(&e[i]), e_nlb(&e[i]),
			       e_dw(&e[i], 1), e[i].done, e_status(&e[i]),
			       dt / 1e6);
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(vmt_iow_stop(fd, s.id), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_STOPPED);
		CU_ASSERT_EQUAL(res.ios, NREPLAY);
		CU_ASSERT_EQUAL(res.errors, 0);
		/* One op entry per opcode, in order of first use. */
		CU_ASSERT_EQUAL(res.nr_ops, 4);
		CU_ASSERT_EQUAL(res.op[0].opcode, OPC_WRITE);
		CU_ASSERT_EQUAL(res.op[0].ios, 2);
		CU_ASSERT_EQUAL(res.op[0].bytes, 9 * 512);
		CU_ASSERT_EQUAL(res.op[1].opcode, OPC_READ);
		CU_ASSERT_EQUAL(res.op[1].ios, 4);
		CU_ASSERT_EQUAL(res.op[1].bytes, (8 + 3 + 1 + 100) * 512);
		CU_ASSERT_EQUAL(res.op[2].opcode, OPC_WRITE_ZEROES);
		CU_ASSERT_EQUAL(res.op[2].ios, 1);
		CU_ASSERT_EQUAL(res.op[2].bytes, 0);
		CU_ASSERT_EQUAL(res.op[3].opcode, OPC_FLUSH);
		CU_ASSERT_EQUAL(res.op[3].ios, 1);
	}

	/* Without the hold: ends REPLAY after exactly NREPLAY IOs. */
	s.nr_replay = NREPLAY;
	s.id = 0;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_REPLAY);
		CU_ASSERT_EQUAL(res.ios, NREPLAY);
		CU_ASSERT_EQUAL(res.errors, 0);
		CU_ASSERT(res.elapsed_ns >= 36000000ull);
	}
	/* io_count ends a replay earlier. */
	s.io_count = 3;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
		CU_ASSERT_EQUAL(res.ios, 3);
	}
	free(r);
}

/*
 * IOPS limit 500: the rate measured (wall clock from START to the end of
 * WAIT, which can only make it lower) must not pass 1.5x the limit plus a
 * burst. No lower bound: the VM may be slow.
 */
static void test_iops_limit(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	uint32_t sec[16], i;
	uint64_t t0, wall;
	double rate, krate;

	spec_base(&s, NS1, 0, 1 << 20);
	s.qdepth = 4;
	s.io_count = 300;
	s.iops_limit = 500;
	t0 = now_ns();
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, s.id, WAIT_MS, NULL), 0);
	wall = now_ns() - t0;
	memset(&res, 0, sizeof(res));
	res.id = s.id;
	res.flags_in = NVMETEST_IOW_RESULT_RELEASE;
	res.iops = (uintptr_t)sec;
	res.nr_seconds = 16;
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_RESULT, &res), 0);
	CU_ASSERT_EQUAL(res.ios, 300);
	rate = res.ios * 1e9 / wall;
	krate = res.elapsed_ns ? res.ios * 1e9 / res.elapsed_ns : 0;
	printf("\n    limit 500 IOPS: measured %.0f IOPS (wall clock), %.0f (worker's elapsed %.3f s)\n",
	       rate, krate, res.elapsed_ns / 1e9);
	CU_ASSERT(res.ios <= 1.5 * 500 * wall / 1e9 + 4 + 50);
	CU_ASSERT(res.elapsed_ns <= wall);
	for (i = 0; i < res.nr_seconds && i < 16; i++)
		CU_ASSERT(sec[i] <= 1.5 * 500 + 4 + 50);
}

/*
 * Stop on error: sequential 8-LBA reads from 1999840; the 21st IO (seq
 * 20) covers LBA 2000000, which blkdebug fails. The worker ends ERROR
 * naming it, and submitted nothing after it beyond the qdepth - 1 IOs
 * that could already be in flight. Without the flag the errors are
 * counted and the run goes on.
 */
static void test_stop_on_error(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct collector c;
	uint64_t i, late = 0, err_done = 0;

	spec_base(&s, NS1, 1999840, 360);
	s.random_pct = 0;
	s.qdepth = 4;
	s.io_count = 1000;
	s.flags = NVMETEST_IOW_STOP_ON_ERROR;
	spec_size(&s, 8, 100);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	CU_ASSERT_EQUAL_FATAL(col_start(&c, fd, s.sqid), 0);
	if (finish(fd, s.id, &res, &c))
		goto out;
	printf("\n    ios %llu aborted %llu errors %llu err_slba %llu status 0x%x seq %llu\n",
	       (unsigned long long)res.ios, (unsigned long long)res.aborted,
	       (unsigned long long)res.errors, (unsigned long long)res.err_slba,
	       res.err_status, (unsigned long long)res.err_seq);
	CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_ERROR);
	CU_ASSERT_EQUAL(res.errors, 1);
	CU_ASSERT_EQUAL(res.op[0].errors, 1);
	CU_ASSERT_EQUAL(res.err_opcode, OPC_READ);
	CU_ASSERT_EQUAL(res.err_status & 0x7ff, SC_READ_ERROR);
	CU_ASSERT_EQUAL(res.err_host_status, NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(res.err_slba, READ_ERR_LBA);
	CU_ASSERT_EQUAL(res.err_nlb, 8);
	CU_ASSERT_EQUAL(res.err_seq, 20);
	CU_ASSERT(res.err_time_ns > 0);
	CU_ASSERT(res.ios >= 21);
	CU_ASSERT(res.ios + res.aborted <= 24);
	CU_ASSERT(c.total <= 24);
	/* Nothing in the log was submitted after the error was reaped. */
	if (c.total > 20 && c.have[20] == 2) {
		err_done = c.e[20].complete_ns;
		CU_ASSERT_EQUAL(e_status(&c.e[20]), SC_READ_ERROR);
		CU_ASSERT_EQUAL(e_slba(&c.e[20]), READ_ERR_LBA);
		for (i = 21; i < c.total && i < COL_MAX; i++)
			late += c.have[i] && c.e[i].submit_ns > err_done;
		CU_ASSERT_EQUAL(late, 0);
	}
	col_free(&c);

	/* Without STOP_ON_ERROR: 90 IOs are two passes, two errors. */
	s.flags = 0;
	s.io_count = 90;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
		CU_ASSERT_EQUAL(res.ios, 90);
		CU_ASSERT_EQUAL(res.errors, 2);
		CU_ASSERT_EQUAL(res.op[0].errors, 2);
		CU_ASSERT_EQUAL(res.err_slba, READ_ERR_LBA);
		CU_ASSERT_EQUAL(res.err_seq, 20);
		CU_ASSERT_EQUAL(res.err_status & 0x7ff, SC_READ_ERROR);
	}
	return;
out:
	col_free(&c);
}

/* A long worker on @f; waits until it has done some IO. 0 or -1. */
static int start_long(int f, struct nvmetest_ioworker_spec *s, uint32_t flags)
{
	spec_base(s, NS1, 0, 1 << 20);
	s->io_count = 0;
	s->time_ms = 60000;
	s->flags = flags;
	if (flags & NVMETEST_IOW_POLLED)
		s->vector = 0;
	if (vmt_iow_start(f, s))
		return -1;
	if (!wait_ios(f, s->id, 20))
		return 0;
	printf("\n    worker %u did no IO\n", s->id);
	vmt_iow_stop(f, s->id);
	vmt_iow_wait(f, s->id, 5000, NULL);
	vmt_iow_result(f, s->id, NVMETEST_IOW_RESULT_RELEASE,
		       &(struct nvmetest_ioworker_result){ 0 });
	return -1;
}

struct stopper {
	uint32_t id;
	int stop_ret, wait_ret;
	uint32_t running;
};

static void *stop_thread(void *arg)
{
	struct stopper *st = arg;

	st->stop_ret = vmt_iow_stop(fd, st->id);
	st->wait_ret = vmt_iow_wait(fd, st->id, NVMETEST_IOW_WAIT_FOREVER,
				    &st->running);
	return NULL;
}

/*
 * A running worker: its queues are listed and refuse CMD and
 * QUEUE_DELETE; RESULT is a snapshot and RELEASE is refused; WAIT times
 * out. Another thread stops it and waits while this one waits too.
 */
static void test_stop_thread(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_ioworker_list l;
	struct nvmetest_queue_info qi;
	struct stopper st;
	uint32_t ids[4], running = 0;
	uint8_t *b = vmt_pages(1);
	pthread_t th;
	int ret;

	CU_ASSERT_FATAL(b != NULL);
	CU_ASSERT_EQUAL_FATAL(start_long(fd, &s, 0), 0);
	CU_ASSERT_EQUAL(vmt_queue_find(fd, s.sqid, NVMETEST_QUEUE_SQ, &qi), 1);
	CU_ASSERT_EQUAL(qi.cqid, s.cqid);
	CU_ASSERT_EQUAL(qi.depth, s.qdepth + 1);
	CU_ASSERT_EQUAL(vmt_queue_find(fd, s.cqid, NVMETEST_QUEUE_CQ, &qi), 1);
	CU_ASSERT_EQUAL(qi.vector, 1);
	CU_ASSERT_FALSE(qi.flags & NVMETEST_CQ_NO_IEN);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, s.sqid, OPC_READ, NS1, 0, 1, b, 512,
				   NULL, 0), -EBUSY);
	CU_ASSERT_EQUAL(uring_read(s.sqid, b), -EBUSY);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, s.sqid, NVMETEST_QUEUE_SQ, NULL),
			-EBUSY);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, s.cqid, NVMETEST_QUEUE_CQ, NULL),
			-EBUSY);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, 0, &res), 0);
	CU_ASSERT_EQUAL(res.state, NVMETEST_IOW_RUNNING);
	CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_NONE);
	CU_ASSERT(res.ios >= 20);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, NVMETEST_IOW_RESULT_RELEASE,
				       &res), -EBUSY);
	ret = vmt_iow_wait(fd, s.id, 0, &running);
	CU_ASSERT(ret == 0 || ret == -ETIMEDOUT);
	CU_ASSERT_EQUAL(running, 1);
	/* (just after io_uring use in this thread: its task_work must not
	 * turn the wait into -EINTR) */
	ret = vmt_iow_wait(fd, s.id, 50, &running);
	if (ret != -ETIMEDOUT)
		printf("\n    WAIT 50 ms of a running worker: %d running %u\n",
		       ret, running);
	CU_ASSERT_EQUAL(ret, -ETIMEDOUT);
	CU_ASSERT_EQUAL(running, 1);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, s.id, 50, &running), -ETIMEDOUT);
	CU_ASSERT_EQUAL(running, 1);
	memset(&l, 0, sizeof(l));
	l.ids = (uintptr_t)ids;
	l.count = 4;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &l), 0);
	CU_ASSERT_EQUAL(l.total, 1);
	CU_ASSERT_EQUAL(l.running, 1);
	CU_ASSERT_EQUAL(l.count, 1);
	CU_ASSERT_EQUAL(ids[0], s.id);

	memset(&st, 0, sizeof(st));
	st.id = s.id;
	st.running = 99;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, stop_thread, &st), 0);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, s.id, WAIT_MS, &running), 0);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(st.stop_ret, 0);
	CU_ASSERT_EQUAL(st.wait_ret, 0);
	CU_ASSERT_EQUAL(st.running, 0);
	CU_ASSERT_EQUAL(running, 0);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, 0, &res), 0);
	CU_ASSERT_EQUAL(res.state, NVMETEST_IOW_DONE);
	CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_STOPPED);
	CU_ASSERT(res.ios >= 20);
	CU_ASSERT_EQUAL(res.ios, res.op[0].ios);
	CU_ASSERT_EQUAL(res.errors, 0);
	CU_ASSERT(!queue_exists(fd, s.sqid, NVMETEST_QUEUE_SQ));
	CU_ASSERT(!queue_exists(fd, s.cqid, NVMETEST_QUEUE_CQ));
	/* Done but not released: listed, not running; STOP is harmless. */
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &l), 0);
	CU_ASSERT_EQUAL(l.total, 1);
	CU_ASSERT_EQUAL(l.running, 0);
	CU_ASSERT_EQUAL(vmt_iow_stop(fd, s.id), 0);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, NVMETEST_IOW_RESULT_RELEASE,
				       &res), 0);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, 0, &res), -ENOENT);
	CU_ASSERT_EQUAL(vmt_iow_stop(fd, s.id), -ENOENT);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, s.id, 0, NULL), -ENOENT);
	l.count = 4;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &l), 0);
	CU_ASSERT_EQUAL(l.total, 0);
	munmap(b, PAGE);
}

/*
 * Closing the file that started a running worker stops it and frees its
 * queues; a new file sees no worker, can use the same queue id, and the
 * device works.
 */
static void test_close(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_ioworker_list l;
	int f2, f3, i, gone = 0;

	f2 = open(devpath, O_RDWR | O_CLOEXEC);
	CU_ASSERT_FATAL(f2 >= 0);
	if (start_long(f2, &s, NVMETEST_IOW_POLLED)) {
		CU_FAIL("the worker did not run");
		close(f2);
		return;
	}
	/* Another file does not see it. */
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, 0, &res), -ENOENT);
	CU_ASSERT_EQUAL(vmt_iow_stop(fd, s.id), -ENOENT);
	CU_ASSERT_EQUAL(queue_exists(fd, s.sqid, NVMETEST_QUEUE_SQ), 1);
	close(f2);
	for (i = 0; i < 200 && !gone; i++) {
		gone = !queue_exists(fd, s.sqid, NVMETEST_QUEUE_SQ) &&
		       !queue_exists(fd, s.cqid, NVMETEST_QUEUE_CQ);
		if (!gone)
			usleep(50000);
	}
	CU_ASSERT(gone);
	CU_ASSERT_EQUAL(i, 1);	/* gone when close() returned */

	f3 = open(devpath, O_RDWR | O_CLOEXEC);
	CU_ASSERT_FATAL(f3 >= 0);
	memset(&l, 0, sizeof(l));
	CU_ASSERT_EQUAL(vmt_ioctl(f3, NVMETEST_IOC_IOWORKER_LIST, &l), 0);
	CU_ASSERT_EQUAL(l.total, 0);
	CU_ASSERT_EQUAL(vmt_iow_result(f3, s.id, 0, &res), -ENOENT);
	{
		struct nvmetest_ioworker_spec s2;

		spec_base(&s2, NS1, 0, 1 << 20);
		s2.qid = s.sqid;
		CU_ASSERT_EQUAL(vmt_iow_start(f3, &s2), 0);
		CU_ASSERT_EQUAL(s2.sqid, s.sqid);
		if (!finish(f3, s2.id, &res, NULL)) {
			CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
			CU_ASSERT_EQUAL(res.ios, 100);
			CU_ASSERT_EQUAL(res.errors, 0);
		}
	}
	/* Closing with finished, unreleased workers frees them too. */
	{
		struct nvmetest_ioworker_spec s3;

		spec_base(&s3, NS1, 0, 1 << 20);
		s3.io_count = 5;
		CU_ASSERT_EQUAL(vmt_iow_start(f3, &s3), 0);
		CU_ASSERT_EQUAL(vmt_iow_wait(f3, s3.id, WAIT_MS, NULL), 0);
	}
	close(f3);
}

/*
 * A controller reset during a run ends the worker: END_RESET, its
 * numbers kept, its queues gone. START needs ENABLED (-ENXIO).
 */
static void test_reset(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_ctrl_wait w;
	struct nvmetest_ctrl_init in;

	CU_ASSERT_EQUAL_FATAL(start_long(fd, &s, 0), 0);
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_RESET, &w), 0);
	CU_ASSERT_EQUAL(w.state, NVMETEST_STATE_ENABLED);
	if (!finish(fd, s.id, &res, NULL)) {
		printf("\n    reset: ios %llu aborted %llu flags 0x%x\n",
		       (unsigned long long)res.ios,
		       (unsigned long long)res.aborted, res.flags);
		CU_ASSERT_EQUAL(res.state, NVMETEST_IOW_DONE);
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_RESET);
		CU_ASSERT(res.ios >= 20);
		CU_ASSERT_EQUAL(res.ios, res.op[0].ios);
		CU_ASSERT_EQUAL(!!res.aborted,
				!!(res.flags & NVMETEST_IOW_RES_ABORTED));
	}
	CU_ASSERT(!queue_exists(fd, s.sqid, NVMETEST_QUEUE_SQ));
	CU_ASSERT(!queue_exists(fd, s.cqid, NVMETEST_QUEUE_CQ));

	/* Disabled: -ENXIO. */
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_DISABLE, &w), 0);
	spec_base(&s, NS1, 0, 1 << 20);
	CU_ASSERT_EQUAL(vmt_iow_start(fd, &s), -ENXIO);
	memset(&in, 0, sizeof(in));
	in.irq_mode = NVMETEST_IRQ_MSIX;
	in.nr_vectors = NVEC;
	in.nr_io_queues = 8;
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_INIT, &in), 0);
	/* And works again. */
	spec_base(&s, NS1, 0, 1 << 20);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
		CU_ASSERT_EQUAL(res.ios, 100);
	}
}

/* START with one field spoiled: -EINVAL naming it. */
static void bad(struct nvmetest_ioworker_spec *s, uint32_t field, const char *what)
{
	int ret = vmt_iow_start(fd, s);

	if (ret != -EINVAL || s->bad_field != field) {
		printf("\n    %s: ret %d bad_field %u, expected -EINVAL %u",
		       what, ret, s->bad_field, field);
		CU_FAIL("a bad spec was not rejected as expected");
		if (!ret) {
			vmt_iow_stop(fd, s->id);
			vmt_iow_wait(fd, s->id, WAIT_MS, NULL);
			vmt_iow_result(fd, s->id, NVMETEST_IOW_RESULT_RELEASE,
				       &(struct nvmetest_ioworker_result){ 0 });
		}
	}
}

#define BAD(field, stmt) do {						\
		spec_base(&s, NS1, 1000, 1000);				\
		stmt;							\
		bad(&s, NVMETEST_IOW_FIELD_##field, #stmt);		\
	} while (0)

static void test_validation(void)
{
	struct nvmetest_ioworker_replay r[3];
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_ioworker_ctl ctl;
	uint32_t max_nlb = max_xfer / 512;

	/* The base spec is good. */
	spec_base(&s, NS1, 1000, 1000);
	s.io_count = 1;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	finish(fd, s.id, &res, NULL);

	BAD(NSID, s.nsid = 0);
	BAD(NSID, s.nsid = 77);
	BAD(FLAGS, s.flags = 1u << 3);
	BAD(FLAGS, s.flags = 0x80000000u);
	BAD(QID, s.qid = nr_io_sq + 1);	/* over the allocated count */
	BAD(QID, s.qid = 0xffff);
	BAD(VECTOR, s.vector = nr_vectors);
	BAD(VECTOR, s.flags = NVMETEST_IOW_POLLED; s.vector = 1);
	BAD(QDEPTH, s.qdepth = 0);
	BAD(QDEPTH, s.qdepth = NVMETEST_IOW_MAX_QDEPTH + 1);
	/* qdepth buffers of the largest IO over ioworker_mem_mb (256 MiB) */
	if ((uint64_t)1000 * max_xfer > (256ull << 20))
		BAD(QDEPTH, s.qdepth = 1000; s.region_start = 0; s.lba_start = 0;
		    s.region_end = 0; spec_size(&s, max_nlb, 100));
	else
		printf("\n    max_xfer %u: 1000 IOs fit in ioworker_mem_mb, not checked",
		       max_xfer);
	BAD(CPU, s.flags = NVMETEST_IOW_PIN_CPU; s.cpu = 4096);
	BAD(CPU, s.flags = NVMETEST_IOW_PIN_CPU; s.cpu = (uint32_t)ncpu);
	BAD(CPU, s.cpu = 1);		/* without PIN_CPU */
	BAD(TIMEOUT, s.io_timeout_ms = 3600001);
	BAD(REGION, s.region_end = ns[0].nsze + 1);
	BAD(REGION, s.region_start = 2000; s.lba_start = 2000; s.region_end = 2000);
	BAD(REGION, s.region_start = ns[0].nsze; s.lba_start = ns[0].nsze;
	    s.region_end = 0);
	BAD(LBA_START, s.lba_start = 2000);
	BAD(LBA_START, s.lba_start = 999);
	BAD(LBA_START, s.lba_align = 8; s.lba_start = 1004);
	BAD(LBA_STEP, s.lba_step = 1001);
	BAD(LBA_STEP, s.lba_align = 8; s.lba_step = 12);
	BAD(LBA_ALIGN, s.lba_align = 2000);
	/* 50 LBAs fit in [1000, 1070) but not from 1024, its aligned start */
	BAD(LBA_ALIGN, s.region_end = 1070; s.lba_align = 64;
	    s.lba_start = 1024; spec_size(&s, 50, 100));
	BAD(SIZES, s.region_end = 1004; spec_size(&s, 8, 100));
	BAD(RANDOM_PCT, s.random_pct = 101);
	BAD(SIZES, s.nr_sizes = NVMETEST_IOW_MAX_SIZES + 1);
	BAD(SIZES, spec_size(&s, 0, 100));
	BAD(SIZES, spec_size(&s, max_nlb + 1, 100));
	BAD(SIZES, spec_size(&s, 1, 50); spec_size(&s, 2, 49));
	BAD(SIZES, spec_size(&s, 1, 100); spec_size(&s, 2, 0));
	BAD(OPS, s.nr_ops = NVMETEST_IOW_MAX_OPS + 1);
	BAD(OPS, spec_op(&s, OPC_READ, 70); spec_op(&s, OPC_WRITE, 31));
	BAD(OPS, spec_op(&s, OPC_READ, 100); spec_op(&s, OPC_WRITE, 0));
	BAD(DISTRIBUTION, s.distribution[0] = 5000);
	BAD(DISTRIBUTION, s.distribution[0] = 10000; s.distribution[99] = 1);
	BAD(PATTERN, s.pattern = NVMETEST_PATTERN_RANDOM + 1);
	BAD(PATTERN, s.pattern = NVMETEST_PATTERN_RANDOM; s.compress_pct = 101);
	BAD(LIMITS, s.io_count = 0);
	BAD(REPLAY, s.replay = (uintptr_t)r; s.nr_replay = 0);
	BAD(REPLAY, s.nr_replay = 3);
	BAD(REPLAY, s.replay = (uintptr_t)r;
	    s.nr_replay = NVMETEST_IOW_MAX_REPLAY + 1);
	BAD(RSVD, s.rsvd0 = 1);
	BAD(RSVD, s.rsvd[7] = 1);

	/* Replay entries. */
	memset(r, 0, sizeof(r));
	r[0].opcode = OPC_READ;
	r[0].nlb = 1;
	r[1] = r[0];
	r[1].time_us = 100;
	r[2] = r[1];
	r[2].time_us = 200;
	BAD(REPLAY, s.replay = (uintptr_t)r; s.nr_replay = 3; r[1].nlb = 0);
	r[1].nlb = 1;
	BAD(REPLAY, s.replay = (uintptr_t)r; s.nr_replay = 3; r[2].time_us = 50);
	r[2].time_us = 200;
	BAD(REPLAY, s.replay = (uintptr_t)r; s.nr_replay = 3;
	    r[2].slba = ns[0].nsze);
	r[2].slba = 0;
	BAD(REPLAY, s.replay = (uintptr_t)r; s.nr_replay = 3;
	    r[1].nlb = max_nlb + 1);
	r[1].nlb = 1;
	spec_base(&s, NS1, 1000, 1000);
	r[1].rsvd[0] = 1;
	s.replay = (uintptr_t)r;
	s.nr_replay = 3;
	CU_ASSERT_EQUAL(vmt_iow_start(fd, &s), -EINVAL);
	CU_ASSERT(s.bad_field == NVMETEST_IOW_FIELD_REPLAY ||
		  s.bad_field == NVMETEST_IOW_FIELD_RSVD);
	r[1].rsvd[0] = 0;
	BAD(RSVD, s.ops[0].opcode = OPC_READ; s.ops[0].pct = 100;
	    s.ops[0].rsvd = 1; s.nr_ops = 1);
	/* A replay array the driver cannot read. */
	spec_base(&s, NS1, 1000, 1000);
	s.replay = 16;
	s.nr_replay = 3;
	CU_ASSERT_EQUAL(vmt_iow_start(fd, &s), -EFAULT);
	/* The good replay is accepted. */
	spec_base(&s, NS1, 1000, 1000);
	s.replay = (uintptr_t)r;
	s.nr_replay = 3;
	s.io_count = 0;
	CU_ASSERT_EQUAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL))
		CU_ASSERT_EQUAL(res.ios, 3);

	/* Unknown ids, reserved fields of the other ioctls. */
	CU_ASSERT_EQUAL(vmt_iow_stop(fd, 0x7fffffff), -ENOENT);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, 0x7fffffff, 0, NULL), -ENOENT);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, 0x7fffffff, 0, &res), -ENOENT);
	memset(&ctl, 0, sizeof(ctl));
	ctl.rsvd0 = 1;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_STOP, &ctl), -EINVAL);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_WAIT, &ctl), -EINVAL);
	spec_base(&s, NS1, 1000, 1000);
	s.io_count = 1;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, s.id, WAIT_MS, NULL), 0);
	memset(&res, 0, sizeof(res));
	res.id = s.id;
	res.flags_in = 2;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_RESULT, &res), -EINVAL);
	memset(&res, 0, sizeof(res));
	res.id = s.id;
	res.hist = 16;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_RESULT, &res), -EFAULT);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, NVMETEST_IOW_RESULT_RELEASE,
				       &res), 0);
	CU_ASSERT_EQUAL(res.ios, 1);
}

/*
 * NVMETEST_IOW_MAX_PER_FILE workers (finished, not released) fill the
 * file; one more START fails; releasing one makes room.
 */
static void test_per_file_limit(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	static uint32_t ids[NVMETEST_IOW_MAX_PER_FILE];
	unsigned int i, started = 0;
	int ret;

	for (i = 0; i < NVMETEST_IOW_MAX_PER_FILE; i++) {
		spec_base(&s, NS1, 0, 1 << 20);
		s.io_count = 1;
		s.qdepth = 1;
		if (vmt_iow_start(fd, &s))
			break;
		ids[started++] = s.id;
		if (vmt_iow_wait(fd, s.id, WAIT_MS, NULL))
			break;
	}
	CU_ASSERT_EQUAL(started, NVMETEST_IOW_MAX_PER_FILE);
	spec_base(&s, NS1, 0, 1 << 20);
	s.io_count = 1;
	ret = vmt_iow_start(fd, &s);
	printf("\n    START with %u workers on the file: %d (%s)\n", started,
	       ret, strerror(-ret));
	CU_ASSERT_EQUAL(ret, -ENOSPC);
	if (!ret)
		vmt_iow_wait(fd, s.id, WAIT_MS, NULL);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, ids[0], NVMETEST_IOW_RESULT_RELEASE,
				       &res), 0);
	CU_ASSERT_EQUAL(vmt_iow_start(fd, &s), 0);
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, s.id, WAIT_MS, NULL), 0);
	CU_ASSERT_EQUAL(vmt_iow_result(fd, s.id, NVMETEST_IOW_RESULT_RELEASE,
				       &res), 0);
	for (i = 1; i < started; i++)
		CU_ASSERT_EQUAL(vmt_iow_result(fd, ids[i],
					       NVMETEST_IOW_RESULT_RELEASE,
					       &res), 0);
}

/*
 * Data patterns: what a worker wrote, read back through CMD (verification
 * off, so no stamps).
 */
static void test_pattern(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	uint8_t *b = vmt_pages(2);
	uint32_t i, v, bad = 0, zero_tail = 0, nonzero_head = 0;

	CU_ASSERT_FATAL(b != NULL);
	spec_base(&s, NS1, 7000, 64);
	s.random_pct = 0;
	s.io_count = 8;
	spec_op(&s, OPC_WRITE, 100);
	spec_size(&s, 8, 100);
	s.pattern = NVMETEST_PATTERN_DWORD;
	s.pattern_value = 0x12345678;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL))
		CU_ASSERT_EQUAL(res.ios, 8);
	CU_ASSERT_EQUAL_FATAL(vmt_ioq_pair(fd, 8, 16, 1), 0);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 8, OPC_READ, NS1, 7056, 8, b, 4096,
				   NULL, 0), 0);
	for (i = 0; i < 4096; i += 4) {
		memcpy(&v, b + i, 4);
		bad += v != 0x12345678;
	}
	CU_ASSERT_EQUAL(bad, 0);

	s.pattern = NVMETEST_PATTERN_ONES;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	CU_ASSERT_EQUAL(s.sqid, 1);
	finish(fd, s.id, &res, NULL);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 8, OPC_READ, NS1, 7000, 8, b, 4096,
				   NULL, 0), 0);
	for (i = 0, bad = 0; i < 4096; i++)
		bad += b[i] != 0xff;
	CU_ASSERT_EQUAL(bad, 0);

	s.pattern = NVMETEST_PATTERN_RANDOM;
	s.compress_pct = 50;
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	finish(fd, s.id, &res, NULL);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 8, OPC_READ, NS1, 7008, 8, b, 4096,
				   NULL, 0), 0);
	for (i = 0; i < 4096; i++) {
		if (i % 512 >= 256)
			zero_tail += b[i] == 0;
		else
			nonzero_head += b[i] != 0;
	}
	CU_ASSERT_EQUAL(zero_tail, 2048);
	CU_ASSERT(nonzero_head > 2048 * 9 / 10);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 8, NVMETEST_QUEUE_SQ, NULL), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 8, NVMETEST_QUEUE_CQ, NULL), 0);
	munmap(b, 2 * PAGE);
}

/* Histogram of one op against its min/max/count. */
static void hist_check(const uint64_t *h, const struct nvmetest_ioworker_opstat *op)
{
	static const uint32_t ppm[] = { 10000, 500000, 990000, 999000, 1000000 };
	uint64_t pv[5];
	unsigned int i, first = NVMT_HIST_BUCKETS, last = 0, lo, hi;

	CU_ASSERT_EQUAL(nvmt_hist_total(h), op->ios);
	if (!op->ios)
		return;
	for (i = 0; i < NVMT_HIST_BUCKETS; i++) {
		if (!h[i])
			continue;
		if (first == NVMT_HIST_BUCKETS)
			first = i;
		last = i;
	}
	lo = nvmt_hist_index(op->lat_min_ns);
	hi = nvmt_hist_index(op->lat_max_ns);
	CU_ASSERT_EQUAL(first, lo);
	CU_ASSERT_EQUAL(last, hi);
	nvmt_hist_percentiles(h, ppm, 5, pv);
	for (i = 0; i < 5; i++) {
		CU_ASSERT(nvmt_hist_index(pv[i]) >= lo);
		CU_ASSERT(nvmt_hist_index(pv[i]) <= hi);
		if (i)
			CU_ASSERT(pv[i] >= pv[i - 1]);
	}
	CU_ASSERT(op->lat_sum_ns / op->ios >= op->lat_min_ns);
	CU_ASSERT(op->lat_sum_ns / op->ios <= op->lat_max_ns);
}

/*
 * Two workers at once on their own queue pairs: one polled pinned to CPU
 * 0, one interrupt-driven (vector 2) pinned to the last CPU; histograms,
 * the per-second table and CPU time.
 */
static void test_multi(void)
{
	struct nvmetest_ioworker_spec s[2];
	struct nvmetest_ioworker_result res[2];
	struct nvmetest_ioworker_list l;
	struct nvmetest_queue_info qi;
	uint64_t *h = calloc(2 * NVMT_HIST_BUCKETS, sizeof(*h));
	uint32_t sec[16], k, i, cpu[2];
	uint64_t sum, irq0[NVEC], irq1[NVEC];

	CU_ASSERT_FATAL(h != NULL);
	cpu[0] = 0;
	cpu[1] = ncpu > 1 ? (uint32_t)ncpu - 1 : 0;
	CU_ASSERT_EQUAL(irq_counts(irq0), 0);
	for (k = 0; k < 2; k++) {
		spec_base(&s[k], NS1, k ? 1 << 20 : 0, 1 << 19);
		s[k].io_count = 0;
		s[k].time_ms = 1200;
		s[k].flags = NVMETEST_IOW_PIN_CPU | (k ? 0 : NVMETEST_IOW_POLLED);
		s[k].cpu = cpu[k];
		s[k].vector = k ? 2 : 0;
		spec_op(&s[k], OPC_READ, 50);
		spec_op(&s[k], OPC_WRITE, 50);
		spec_size(&s[k], 8, 100);
		CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s[k]), 0);
	}
	CU_ASSERT(s[0].sqid != s[1].sqid);
	CU_ASSERT(s[0].cqid != s[1].cqid);
	CU_ASSERT_EQUAL(vmt_queue_find(fd, s[0].cqid, NVMETEST_QUEUE_CQ, &qi), 1);
	CU_ASSERT(qi.flags & NVMETEST_CQ_NO_IEN);
	CU_ASSERT_EQUAL(vmt_queue_find(fd, s[1].cqid, NVMETEST_QUEUE_CQ, &qi), 1);
	CU_ASSERT_FALSE(qi.flags & NVMETEST_CQ_NO_IEN);
	CU_ASSERT_EQUAL(qi.vector, 2);
	memset(&l, 0, sizeof(l));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &l), 0);
	CU_ASSERT_EQUAL(l.total, 2);
	/* WAIT for every worker of the file. */
	CU_ASSERT_EQUAL(vmt_iow_wait(fd, 0, WAIT_MS, NULL), 0);
	/* Only the interrupt-driven worker's vector fired (and admin's). */
	CU_ASSERT_EQUAL(irq_counts(irq1), 0);
	printf("\n    interrupts during the run: vector 1 %llu, 2 %llu, 3 %llu",
	       (unsigned long long)(irq1[1] - irq0[1]),
	       (unsigned long long)(irq1[2] - irq0[2]),
	       (unsigned long long)(irq1[3] - irq0[3]));
	CU_ASSERT(irq1[2] > irq0[2]);
	CU_ASSERT_EQUAL(irq1[1], irq0[1]);
	CU_ASSERT_EQUAL(irq1[3], irq0[3]);
	for (k = 0; k < 2; k++) {
		memset(&res[k], 0, sizeof(res[k]));
		res[k].id = s[k].id;
		res[k].flags_in = NVMETEST_IOW_RESULT_RELEASE;
		res[k].hist = (uintptr_t)h;
		res[k].iops = (uintptr_t)sec;
		res[k].nr_seconds = 16;
		memset(h, 0xff, 2 * NVMT_HIST_BUCKETS * sizeof(*h));
		memset(sec, 0xff, sizeof(sec));
		CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_RESULT,
						&res[k]), 0);
		printf("\n    worker %u (%s, cpu %u): %llu IOs in %.3f s, cpu %.3f s, %u seconds:",
		       k, k ? "interrupts" : "polled", res[k].cpu,
		       (unsigned long long)res[k].ios, res[k].elapsed_ns / 1e9,
		       res[k].cpu_ns / 1e9, res[k].seconds);
		CU_ASSERT_EQUAL(res[k].end_reason, NVMETEST_IOW_END_TIME);
		CU_ASSERT_EQUAL(res[k].errors, 0);
		CU_ASSERT(res[k].ios > 0);
		CU_ASSERT_EQUAL(res[k].cpu, cpu[k]);
		CU_ASSERT(res[k].cpu_ns > 0);
		CU_ASSERT_EQUAL(res[k].nr_ops, 2);
		CU_ASSERT_EQUAL(res[k].ios, res[k].op[0].ios + res[k].op[1].ios);
		hist_check(h, &res[k].op[0]);
		hist_check(h + NVMT_HIST_BUCKETS, &res[k].op[1]);
		/* The per-second table: whole seconds, and maybe the last part. */
		CU_ASSERT(res[k].seconds >= 1);
		CU_ASSERT(res[k].nr_seconds <= 16);
		for (i = 0, sum = 0; i < res[k].nr_seconds && i < 16; i++) {
			printf(" %u", sec[i]);
			sum += sec[i];
		}
		CU_ASSERT(res[k].nr_seconds >= 1);
		CU_ASSERT(sum <= res[k].ios);
		if (res[k].nr_seconds * 1000000000ull >= res[k].elapsed_ns)
			CU_ASSERT_EQUAL(sum, res[k].ios);
	}
	printf("\n");
	free(h);
}

/*
 * The other opcodes of the op mix: Dataset Management (one deallocate
 * range), Write Zeroes, Flush and Verify complete without error and move
 * no data bytes; an opcode the device does not know goes out as given and
 * its status counts as an error (the run goes on). The command log shows
 * each as the driver built it.
 */
#define OPC_DSM		0x09
#define OPC_VERIFY	0x0c
#define OPC_UNKNOWN	0x7c
static void test_other_ops(void)
{
	static const uint8_t opcs[5] = { OPC_DSM, OPC_WRITE_ZEROES, OPC_FLUSH,
					 OPC_VERIFY, OPC_UNKNOWN };
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct collector c;
	uint64_t i, bad = 0, seen[5] = { 0 };
	unsigned int k;

	spec_base(&s, NS1, 400000, 100000);
	spec_op(&s, OPC_DSM, 20);
	spec_op(&s, OPC_WRITE_ZEROES, 20);
	spec_op(&s, OPC_FLUSH, 20);
	spec_op(&s, OPC_VERIFY, 20);
	spec_op(&s, OPC_UNKNOWN, 20);
	spec_size(&s, 8, 100);
	if (log_run(&s, 300, 0, &c, &res))
		goto out;
	CU_ASSERT_EQUAL(res.nr_ops, 5);
	for (k = 0; k < 5; k++) {
		printf("%s0x%02x: %llu IOs %llu errors", k ? ", " : "\n    ",
		       res.op[k].opcode, (unsigned long long)res.op[k].ios,
		       (unsigned long long)res.op[k].errors);
		CU_ASSERT_EQUAL(res.op[k].opcode, opcs[k]);
		CU_ASSERT(res.op[k].ios > 0);
		CU_ASSERT_EQUAL(res.op[k].bytes, 0);
		CU_ASSERT(within_5sigma(res.op[k].ios, res.ios, 0.2));
		if (k < 4)
			CU_ASSERT_EQUAL(res.op[k].errors, 0);
	}
	printf("\n");
	CU_ASSERT_EQUAL(res.op[4].errors, res.op[4].ios);
	CU_ASSERT_EQUAL(res.errors, res.op[4].ios);
	CU_ASSERT_EQUAL(res.err_opcode, OPC_UNKNOWN);
	CU_ASSERT_EQUAL(res.err_host_status, NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(res.err_status & 0x7ff, 0x001);	/* Invalid Opcode */
	for (i = 0; i < c.total && i < COL_MAX; i++) {
		const struct nvmetest_cmdlog_entry *e = &c.e[i];

		if (c.have[i] != 2)
			continue;
		for (k = 0; k < 5 && opcs[k] != e_opc(e); k++)
			;
		if (k == 5) {
			bad++;
			continue;
		}
		seen[k]++;
		switch (e_opc(e)) {
		case OPC_DSM:	/* NR 0 (one range), AD */
			bad += e_dw(e, 10) != 0 || e_dw(e, 11) != 1u << 2 ||
			       e_status(e);
			break;
		case OPC_WRITE_ZEROES:
		case OPC_VERIFY:
			bad += e_nlb(e) != 8 || e_slba(e) < 400000 ||
			       e_slba(e) + 8 > 500000 || e_status(e);
			break;
		case OPC_FLUSH:
			bad += e_status(e) != 0;
			break;
		default:
			bad += e_nlb(e) != 8 || e_status(e) != 0x001;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	for (k = 0; k < 5; k++)
		CU_ASSERT(seen[k] > 0);
out:
	col_free(&c);
}

/*
 * Namespace 2 (4096-byte LBAs, 8 bytes of separate metadata) with
 * verification: the worker writes LBAs 0..63, then random reads of them
 * are all checked, none fails; bytes count data only.
 */
static void test_ns2(void)
{
	struct nvmetest_verify_status st0, st;
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;

	spec_verified_writes(&s, NS2, 0, 64, &st0);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.ios, 64);
		CU_ASSERT_EQUAL(res.errors, 0);
		CU_ASSERT_EQUAL(res.bytes, 64 * 4096);
	}
	spec_base(&s, NS2, 0, 64);
	s.io_count = 200;
	spec_size(&s, 1, 60);
	spec_size(&s, 2, 40);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.ios, 200);
		CU_ASSERT_EQUAL(res.errors, 0);
		CU_ASSERT_EQUAL(res.verify_failures, 0);
		CU_ASSERT_EQUAL(res.lbas_verified, res.bytes / 4096);
		CU_ASSERT(res.bytes >= 200 * 4096);
	}
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.lbas_written - st0.lbas_written, 64);
	CU_ASSERT_EQUAL(st.lbas_verified - st0.lbas_verified, res.bytes / 4096);
	CU_ASSERT_EQUAL(st.failures, 0);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS2, 0, 0), 0);
}

/*
 * An IO that outlives the IO timeout ends the run FAILED: namespace 3 is
 * throttled by QEMU (run-all's SPEC: 16M/512:iops=10), so at queue depth 4
 * an IO waits about 400 ms against a timeout of 50 ms. The worker names
 * the timed-out IO as its first error, ends, and the device completes the
 * rest late without harm: the controller still works.
 */
static void test_io_timeout(void)
{
	struct nvmetest_ioworker_result res;
	struct nvmetest_ioworker_spec s;
	struct nvmetest_ns_info all[3];
	struct nvmetest_ns_list nl;

	if (vmt_conf_num("nvme0.ns3.iops", 0) <= 0) {
		printf("\n    skipped: no throttled namespace 3 in this VM\n");
		return;
	}
	memset(&nl, 0, sizeof(nl));
	nl.ns = (uintptr_t)all;
	nl.count = 3;
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_NS_LIST, &nl), 0);
	CU_ASSERT_EQUAL_FATAL(nl.count, 3);
	spec_base(&s, 3, 0, all[2].nsze);
	s.qdepth = 4;
	s.io_count = 20;
	s.io_timeout_ms = 50;
	spec_size(&s, 1, 100);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		printf("\n    timeout: ios %llu errors %llu aborted %llu flags 0x%x first error: host %u seq %llu\n",
		       (unsigned long long)res.ios,
		       (unsigned long long)res.errors,
		       (unsigned long long)res.aborted, res.flags,
		       res.err_host_status, (unsigned long long)res.err_seq);
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_FAILED);
		CU_ASSERT(res.errors >= 1);
		CU_ASSERT_EQUAL(res.err_host_status, NVMETEST_HOST_TIMEOUT);
		CU_ASSERT_EQUAL(res.err_opcode, OPC_READ);
		CU_ASSERT(res.ios < 20);
		CU_ASSERT(res.ios + res.aborted <= 20);
		CU_ASSERT_EQUAL(!!res.aborted,
				!!(res.flags & NVMETEST_IOW_RES_ABORTED));
	}
	/* The late completions come and go; the device works. */
	usleep(1000000);
	spec_base(&s, NS1, 0, 1 << 20);
	CU_ASSERT_EQUAL_FATAL(vmt_iow_start(fd, &s), 0);
	if (!finish(fd, s.id, &res, NULL)) {
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
		CU_ASSERT_EQUAL(res.ios, 100);
		CU_ASSERT_EQUAL(res.errors, 0);
	}
}

/* IOW_TESTS=a,b (substrings of the test names) runs only those. */
static bool wanted(const char *name)
{
	const char *only = getenv("IOW_TESTS");
	char buf[256], *tok, *save;

	if (!only || !*only)
		return true;
	snprintf(buf, sizeof(buf), "%s", only);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (strstr(name, tok))
			return true;
	return false;
}

static CU_TestInfo tests[] = {
	{ "INFO capability, empty LIST", test_info },
	{ "defaults: 4 KiB reads, result echoes the spec", test_defaults },
	{ "io_count exact; verify write then read", test_count_verify },
	{ "sequential: step, wrap at region end", test_seq_step },
	{ "random: alignment, region, hot/cold", test_random_align },
	{ "op mix and sizes within 5 sigma", test_mix },
	{ "trim, write zeroes, flush, verify, unknown opcode", test_other_ops },
	{ "namespace 2: 4 KiB LBAs, separate metadata, verify", test_ns2 },
	{ "replay: exact sequence", test_replay },
	{ "IOPS limit (upper bound only)", test_iops_limit },
	{ "stop on first error (blkdebug)", test_stop_on_error },
	{ "running worker; STOP from another thread", test_stop_thread },
	{ "closing the file stops its workers", test_close },
	{ "controller reset during a run", test_reset },
	{ "an IO timeout ends the run FAILED", test_io_timeout },
	{ "spec validation, unknown ids", test_validation },
	{ "workers per file", test_per_file_limit },
	{ "data patterns", test_pattern },
	{ "two workers: polled and interrupts, pinned", test_multi },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	CU_TestInfo *t;
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("ioworker", suite_init, suite_fini);
	for (t = tests; t->pName; t++)
		if (wanted(t->pName))
			CU_add_test(s, t->pName, t->pTestFunc);
	return vmt_run_suites();
}
