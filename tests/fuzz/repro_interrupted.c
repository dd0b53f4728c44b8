// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reproducer of fuzz finding F2 (docs/fuzz.md, "Findings"), now its
 * regression test: tests/vm/run-all runs it on every kernel. It fails
 * (exit 1) when the driver has the bug.
 *
 * A synchronous CMD ends with host status NVMETEST_HOST_INTERRUPTED
 * ("interrupted by a signal while waiting") although no signal was sent:
 * the calling thread had used an io_uring ring it then closed. Closing
 * the ring makes io_uring's exit work queue task work to every task that
 * submitted on it (TWA_SIGNAL: TIF_NOTIFY_SIGNAL), which makes
 * signal_pending() true; the driver's interruptible wait for the command
 * takes that for a signal, gives the command up (its slot stays reserved
 * as for a timeout) and reports INTERRUPTED, where the syscall restart
 * machinery would have run the task work and gone on waiting.
 *
 * The minimal sequence, on the VM suites' controller (namespace 3 is
 * throttled to 10 IOPS, so a Read waits ~100 ms, long enough for the
 * task work to land):
 *   CTRL_INIT (MSI-X), CQ_CREATE 1, SQ_CREATE 1, then 50 times:
 *   io_uring_queue_init, one IORING_OP_NOP, io_uring_queue_exit,
 *   CMD Read nsid 3 on queue 1.
 * Found by: nvmetest-fuzz --seed 3 --calls 8000 --threads 4 (3 of 1873
 * IO commands, on threads whose previous call had closed a ring).
 *
 * Usage (in the VM): tests/fuzz/repro-guest.sh interrupted
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <liburing.h>
#include <linux/nvmetest.h>

#define ROUNDS	50

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	if (ioctl(fd, req, arg)) {
		fprintf(stderr, "repro: %s: %s\n", what, strerror(errno));
		return -1;
	}
	return 0;
}

static int ring_nop(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_queue_init(4, &ring, 0);
	if (ret < 0)
		return ret;
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret >= 0 && !io_uring_peek_cqe(&ring, &cqe))
		io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	return ret < 0 ? ret : 0;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/nvmetest0";
	struct nvmetest_ctrl_init init = {
		.irq_mode = NVMETEST_IRQ_MSIX, .nr_vectors = 2, .nr_io_queues = 1,
	};
	struct nvmetest_cq_create cq = { .qid = 1, .vector = 1, .depth = 64 };
	struct nvmetest_sq_create sq = { .qid = 1, .cqid = 1, .depth = 64 };
	static char buf[4096] __attribute__((aligned(4096)));
	int fd, i, interrupted = 0, other = 0;

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "repro: %s: %s\n", dev, strerror(errno));
		return 2;
	}
	if (xioctl(fd, NVMETEST_IOC_CTRL_INIT, &init, "CTRL_INIT") ||
	    xioctl(fd, NVMETEST_IOC_CQ_CREATE, &cq, "CQ_CREATE") ||
	    xioctl(fd, NVMETEST_IOC_SQ_CREATE, &sq, "SQ_CREATE"))
		return 2;
	if (cq.status || sq.status) {
		fprintf(stderr, "repro: queue creation: status %#x/%#x\n", cq.status, sq.status);
		return 2;
	}
	for (i = 0; i < ROUNDS; i++) {
		struct nvmetest_cmd c;

		if (ring_nop()) {
			fprintf(stderr, "repro: io_uring NOP failed\n");
			return 2;
		}
		memset(&c, 0, sizeof(c));
		c.sqe[0] = 0x02;			/* Read */
		c.sqe[4] = 3;				/* NSID 3: 10 IOPS */
		c.sqe[40] = (unsigned char)i;		/* SLBA */
		c.data = (uintptr_t)buf;
		c.data_len = 512;
		c.qid = 1;
		c.timeout_ms = 10000;
		if (xioctl(fd, NVMETEST_IOC_CMD, &c, "CMD"))
			return 2;
		if (c.host_status == NVMETEST_HOST_INTERRUPTED)
			interrupted++;
		else if (c.host_status != NVMETEST_HOST_OK)
			other++;
	}
	close(fd);
	printf("%s F2: %d of %d reads after closing an io_uring ring ended INTERRUPTED without a signal (%d other host statuses)\n",
	       interrupted ? "not ok" : "ok", interrupted, ROUNDS, other);
	return interrupted ? 1 : 0;
}
