// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "uring": NVMe commands through io_uring (IORING_OP_URING_CMD,
 * NVMETEST_URING_CMD_IO) on /dev/nvmetestN with liburing: 10,000 writes
 * and reads at queue depth 32 with every completion accounted for and the
 * data verified, an admin command, bad input (the errno in res), a polled
 * (IEN = 0) queue, the timeout, and closing the ring and the file with
 * commands in flight.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <liburing.h>

#include "vmtest.h"

#define PAGE		4096
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define OPC_IDENTIFY	0x06
#define OPC_CREATE_SQ	0x01
#define QID		1
#define QD		32

static char devpath[64];
static int fd = -1;

static int suite_init(void)
{
	if (vmt_open_bound(&fd, devpath, sizeof(devpath)))
		return -1;
	if (vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 4, 8))
		return -1;
	return vmt_ioq_pair(fd, QID, 128, 1) ? -1 : 0;
}

static int suite_fini(void)
{
	return vmt_give_back(&fd);
}

static int ring_init(struct io_uring *ring, unsigned int entries)
{
	return io_uring_queue_init(entries, ring,
				   IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
}

static void prep(struct io_uring_sqe *sqe, int f,
		 const struct nvmetest_uring_cmd *uc, uint64_t user_data)
{
	io_uring_prep_rw(IORING_OP_URING_CMD, sqe, f, NULL, 0, 0);
	sqe->cmd_op = NVMETEST_URING_CMD_IO;
	memcpy(sqe->cmd, uc, sizeof(*uc));
	sqe->user_data = user_data;
}

static void rw_cmd(struct nvmetest_uring_cmd *uc, uint16_t qid, uint8_t opc,
		   uint64_t slba, uint32_t nlb, void *buf)
{
	memset(uc, 0, sizeof(*uc));
	uc->opcode = opc;
	uc->qid = qid;
	uc->nsid = 1;
	uc->cdw10 = (uint32_t)slba;
	uc->cdw11 = (uint32_t)(slba >> 32);
	uc->cdw12 = nlb - 1;
	uc->addr = (uintptr_t)buf;
	uc->data_len = nlb * 512;
}

/* Submit one command and wait for it: res, and res2 in *extra. */
static int one(struct io_uring *ring, const struct nvmetest_uring_cmd *uc,
	       uint64_t *extra)
{
	struct io_uring_cqe *cqe;
	int res;

	prep(io_uring_get_sqe(ring), fd, uc, 7);
	if (io_uring_submit(ring) != 1)
		return -1000;
	if (io_uring_wait_cqe(ring, &cqe))
		return -1001;
	res = cqe->res;
	if (extra)
		*extra = cqe->big_cqe[0];
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* res2: CQE dword 0 in bits 31:0, dword 3 in 63:32 (status in 63:49). */
static uint16_t res2_status(uint64_t r2)
{
	return (r2 >> 49) & 0x7ff;
}

static void test_admin_identify(void)
{
	struct nvmetest_uring_cmd uc;
	struct nvmetest_info info;
	struct io_uring ring;
	uint8_t *id = vmt_pages(1);
	uint64_t r2 = ~0ull;
	uint16_t vid;

	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 8), 0);
	memset(&uc, 0, sizeof(uc));
	uc.opcode = OPC_IDENTIFY;
	uc.cdw10 = 1;
	uc.addr = (uintptr_t)id;
	uc.data_len = PAGE;
	CU_ASSERT_EQUAL(one(&ring, &uc, &r2), 0);
	CU_ASSERT_EQUAL(res2_status(r2), 0);
	memset(&info, 0, sizeof(info));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_URING);
	memcpy(&vid, id, 2);
	CU_ASSERT_EQUAL(vid, info.vendor_id);
	io_uring_queue_exit(&ring);
	munmap(id, PAGE);
}

static void test_bad_input(void)
{
	struct nvmetest_uring_cmd uc;
	struct io_uring ring, plain;
	struct io_uring_cqe *cqe;
	uint8_t *b = vmt_pages(1);

	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 8), 0);
	rw_cmd(&uc, QID, OPC_READ, 0, 8, b);
	uc.rsvd = 1;
	CU_ASSERT_EQUAL(one(&ring, &uc, NULL), -EINVAL);
	rw_cmd(&uc, 99, OPC_READ, 0, 8, b);
	CU_ASSERT_EQUAL(one(&ring, &uc, NULL), -ENOENT);
	rw_cmd(&uc, QID, OPC_READ, 0, 8, b);
	uc.data_len = 4 << 20;
	CU_ASSERT_EQUAL(one(&ring, &uc, NULL), -EINVAL);
	memset(&uc, 0, sizeof(uc));
	uc.opcode = OPC_CREATE_SQ;	/* admin: handed to the driver's ioctl */
	CU_ASSERT_EQUAL(one(&ring, &uc, NULL), -EPERM);
	/* Another cmd_op. */
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		rw_cmd(&uc, QID, OPC_READ, 0, 8, b);
		prep(sqe, fd, &uc, 1);
		sqe->cmd_op = 0x1234;
		CU_ASSERT_EQUAL(io_uring_submit_and_wait(&ring, 1), 1);
		CU_ASSERT_EQUAL(io_uring_wait_cqe(&ring, &cqe), 0);
		CU_ASSERT_EQUAL(cqe->res, -ENOTTY);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);

	/* A ring without 128-byte SQEs and 32-byte CQEs. */
	CU_ASSERT_EQUAL_FATAL(io_uring_queue_init(8, &plain, 0), 0);
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&plain);

		io_uring_prep_rw(IORING_OP_URING_CMD, sqe, fd, NULL, 0, 0);
		sqe->cmd_op = NVMETEST_URING_CMD_IO;
		/* The 16 bytes of command area a 64-byte SQE has: zeroes. */
		CU_ASSERT_EQUAL(io_uring_submit_and_wait(&plain, 1), 1);
		CU_ASSERT_EQUAL(io_uring_wait_cqe(&plain, &cqe), 0);
		CU_ASSERT_EQUAL(cqe->res, -EINVAL);
		io_uring_cqe_seen(&plain, cqe);
	}
	io_uring_queue_exit(&plain);
	munmap(b, PAGE);
}

#define TOTAL	10000
#define HALF	(TOTAL / 2)
#define NLB	8	/* 4 KiB of 512-byte blocks */

/*
 * Writes of HALF distinct 4 KiB blocks then reads of them, QD commands in
 * flight; each slot's buffer is reused only once its completion arrived.
 */
static void test_qd32(void)
{
	struct nvmetest_uring_cmd uc;
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	uint8_t *bufs = vmt_pages(QD);
	uint8_t *ref = malloc(PAGE);
	int free_slots[QD], nfree = QD;
	unsigned int next = 0, done = 0, errors = 0, bad_data = 0;
	unsigned char *seen = calloc(TOTAL, 1);
	int i;

	CU_ASSERT_FATAL(bufs && ref && seen);
	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 64), 0);
	for (i = 0; i < QD; i++)
		free_slots[i] = i;
	while (done < TOTAL) {
		/* Reads start only once every write completed. */
		while (nfree && next < TOTAL && (next < HALF || done >= HALF)) {
			int s = free_slots[--nfree];
			unsigned int blk = next % HALF;
			uint8_t *b = bufs + s * PAGE;

			if (next < HALF)
				vmt_fill(b, PAGE, blk);
			else
				memset(b, 0, PAGE);
			rw_cmd(&uc, QID, next < HALF ? OPC_WRITE : OPC_READ,
			       (uint64_t)blk * NLB, NLB, b);
			prep(io_uring_get_sqe(&ring), fd, &uc,
			     (uint64_t)next << 8 | s);
			next++;
		}
		if (io_uring_submit_and_wait(&ring, 1) < 0)
			break;
		while (!io_uring_peek_cqe(&ring, &cqe)) {
			unsigned int idx = cqe->user_data >> 8;
			int s = cqe->user_data & 0xff;

			if (cqe->res || res2_status(cqe->big_cqe[0]))
				errors++;
			if (idx < TOTAL) {
				if (seen[idx])
					errors++;
				seen[idx] = 1;
			}
			if (idx >= HALF && idx < TOTAL) {
				vmt_fill(ref, PAGE, idx - HALF);
				if (memcmp(ref, bufs + s * PAGE, PAGE))
					bad_data++;
			}
			free_slots[nfree++] = s;
			done++;
			io_uring_cqe_seen(&ring, cqe);
		}
	}
	CU_ASSERT_EQUAL(done, TOTAL);
	CU_ASSERT_EQUAL(errors, 0);
	CU_ASSERT_EQUAL(bad_data, 0);
	for (i = 0; i < TOTAL; i++)
		if (!seen[i])
			errors++;
	CU_ASSERT_EQUAL(errors, 0);
	if (errors || bad_data)
		fprintf(stderr, "uring: %u errors, %u blocks read back wrong\n",
			errors, bad_data);
	io_uring_queue_exit(&ring);
	munmap(bufs, QD * PAGE);
	free(ref);
	free(seen);
}

/* A queue no interrupt reaps (IEN = 0): the driver's poller completes. */
static void test_polled_queue(void)
{
	struct nvmetest_uring_cmd uc;
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	uint8_t *b = vmt_pages(8);
	uint16_t st = 1;
	int i, ok = 0;

	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 2, 16, 0, NVMETEST_CQ_NO_IEN, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sq_create(fd, 2, 2, 16, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 16), 0);
	for (i = 0; i < 8; i++) {
		rw_cmd(&uc, 2, OPC_READ, i * NLB, NLB, b + i * PAGE);
		prep(io_uring_get_sqe(&ring), fd, &uc, i);
	}
	CU_ASSERT_EQUAL(io_uring_submit_and_wait(&ring, 8), 8);
	for (i = 0; i < 8; i++) {
		if (io_uring_wait_cqe(&ring, &cqe))
			break;
		ok += cqe->res == 0;
		io_uring_cqe_seen(&ring, cqe);
	}
	CU_ASSERT_EQUAL(ok, 8);
	io_uring_queue_exit(&ring);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 2, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 2, NVMETEST_QUEUE_CQ, &st), 0);
	munmap(b, 8 * PAGE);
}

/* The vector is masked: nobody reaps, the timer ends the command. */
static void test_timeout(void)
{
	struct nvmetest_uring_cmd uc;
	uint64_t r2;
	struct nvmetest_info a, b;
	struct nvmetest_queue_info q;
	struct io_uring ring;
	uint8_t *buf = vmt_pages(1);
	uint16_t st = 1;
	int i;

	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 3, 16, 3, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sq_create(fd, 3, 3, 16, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 8), 0);
	memset(&a, 0, sizeof(a));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &a), 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 3, NVMETEST_IRQ_MASK), 0);
	rw_cmd(&uc, 3, OPC_READ, 0, NLB, buf);
	uc.timeout_ms = 200;
	r2 = 0;
	CU_ASSERT_EQUAL(one(&ring, &uc, &r2), -ETIMEDOUT);
	CU_ASSERT_EQUAL(r2, NVMETEST_HOST_TIMEOUT);	/* no CQE: the host status */
	/* The slot stays until the (late) completion is reaped. */
	CU_ASSERT(vmt_queue_find(fd, 3, NVMETEST_QUEUE_SQ, &q));
	CU_ASSERT_EQUAL(q.outstanding, 1);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 3, NVMETEST_IRQ_UNMASK), 0);
	/* the waits here are bounded for a broken run only */
	for (i = 0; i < 3000; i++) {
		if (vmt_queue_find(fd, 3, NVMETEST_QUEUE_SQ, &q) && !q.outstanding)
			break;
		usleep(10000);
	}
	CU_ASSERT_EQUAL(q.outstanding, 0);
	memset(&b, 0, sizeof(b));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &b), 0);
	CU_ASSERT_EQUAL(b.late_completions, a.late_completions + 1);
	io_uring_queue_exit(&ring);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 3, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 3, NVMETEST_QUEUE_CQ, &st), 0);
	munmap(buf, PAGE);
}

/* Submit @n reads on @f and return without waiting for them. */
static void submit_reads(struct io_uring *ring, int f, uint16_t qid, int n,
			 uint8_t *b)
{
	struct nvmetest_uring_cmd uc;
	int i;

	for (i = 0; i < n; i++) {
		rw_cmd(&uc, qid, OPC_READ, i * NLB, NLB, b + i * PAGE);
		prep(io_uring_get_sqe(ring), f, &uc, i);
	}
	io_uring_submit(ring);
}

static int queue_idle(uint16_t qid)
{
	struct nvmetest_queue_info q;
	int i;

	for (i = 0; i < 3000; i++) {
		if (vmt_queue_find(fd, qid, NVMETEST_QUEUE_SQ, &q) && !q.outstanding)
			return 1;
		usleep(10000);
	}
	return 0;
}

/*
 * A Read of 64 blocks into a 4 KiB buffer: the device completes it, the
 * rest lands in the driver's sink; res is -EOVERFLOW with the CQE in
 * res2, and the command log entry is marked.
 */
static void test_overrun(void)
{
	struct nvmetest_cmdlog_entry e;
	struct nvmetest_uring_cmd uc;
	struct nvmetest_cmdlog cl;
	struct io_uring ring;
	uint8_t *buf = vmt_pages(1);
	uint64_t r2 = ~0ull;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 8), 0);
	rw_cmd(&uc, QID, OPC_READ, 0, 64, buf);
	uc.data_len = PAGE;
	CU_ASSERT_EQUAL(one(&ring, &uc, &r2), -EOVERFLOW);
	CU_ASSERT_EQUAL(res2_status(r2), 0);
	memset(&cl, 0, sizeof(cl));
	cl.entries = (uintptr_t)&e;
	cl.count = 1;
	cl.qid = QID;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CMDLOG, &cl), 0);
	CU_ASSERT_EQUAL(cl.count, 1);
	CU_ASSERT(e.flags & NVMETEST_CMDLOG_OVERRUN);
	CU_ASSERT_EQUAL(e.host_status, NVMETEST_HOST_OVERRUN);
	io_uring_queue_exit(&ring);
	munmap(buf, PAGE);
}

static void test_close_in_flight(void)
{
	struct io_uring ring;
	uint8_t *b = vmt_pages(QD);
	uint8_t *id = vmt_pages(1);
	struct nvmetest_cmd c;
	pid_t pid;
	int status = -1, i;

	/* The ring goes away with commands in flight. */
	CU_ASSERT_EQUAL_FATAL(ring_init(&ring, 64), 0);
	submit_reads(&ring, fd, QID, QD, b);
	io_uring_queue_exit(&ring);
	CU_ASSERT(queue_idle(QID));

	/* A process exits with its ring and its own file and queue busy. */
	pid = fork();
	if (!pid) {
		int f = open(devpath, O_RDWR | O_CLOEXEC);
		uint16_t st;

		if (f < 0 || vmt_cq_create(f, 4, 64, 2, 0, &st) || st ||
		    vmt_sq_create(f, 4, 4, 64, 0, &st) || st || ring_init(&ring, 64))
			_exit(2);
		submit_reads(&ring, f, 4, QD, b);
		_exit(0);
	}
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/*
	 * Its queues go with its file, which its ring's commands hold until
	 * they complete (io_uring tears the ring down asynchronously).
	 */
	for (i = 0; i < 3000; i++) {
		if (!vmt_queue_find(fd, 4, NVMETEST_QUEUE_CQ, NULL))
			break;
		usleep(10000);
	}
	CU_ASSERT_FALSE(vmt_queue_find(fd, 4, NVMETEST_QUEUE_SQ, NULL));
	CU_ASSERT_FALSE(vmt_queue_find(fd, 4, NVMETEST_QUEUE_CQ, NULL));
	/* And the controller still works. */
	CU_ASSERT_EQUAL(vmt_io(fd, 0, OPC_IDENTIFY, 0, 1, 0, 0, id, PAGE, NULL,
			       0, 0, 0, &c), 0);
	munmap(b, QD * PAGE);
	munmap(id, PAGE);
}

static CU_TestInfo tests[] = {
	{ "admin command (identify)", test_admin_identify },
	{ "bad input: errno in res", test_bad_input },
	{ "10000 writes+reads at QD 32, data verified", test_qd32 },
	{ "polled (IEN = 0) queue", test_polled_queue },
	{ "timeout with the vector masked", test_timeout },
	{ "transfer past the buffer: -EOVERFLOW", test_overrun },
	{ "closing ring and file with commands in flight", test_close_in_flight },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_suite("uring", suite_init, suite_fini, tests);
}
