// SPDX-License-Identifier: GPL-2.0-only
/*
 * One round of timeouts with late completions, for the stress loops
 * (tests/stress/guest.sh): COUNT one-block reads at once through io_uring
 * on a namespace that QEMU throttles (tests/vm/run-all's SPEC: namespace 3
 * at 10 IOPS), each with a timeout of MS, so that the driver times most of
 * them out while the device still holds them. Then it waits until the
 * device has completed every one (the queue's outstanding count drops to
 * 0), and checks that the driver counted each timed-out read as a late
 * completion (INFO late_completions) and that an Identify still works.
 *
 * Usage: late_completions DEV [--nsid N] [--count N] [--timeout-ms MS]
 *                             [--wait-ms MS]
 * Defaults: namespace 3, 16 reads, 50 ms, 30000 ms for the late ones.
 *
 * Prints one line:
 *   late_completions: DEV qid Q: submitted=N timedout=N intime=N
 *   failed=N late=N drain_ms=N identify=ok|failed
 * and exits 0 when at least one read timed out, every timed-out read was
 * completed late, nothing else failed and Identify worked; 1 otherwise,
 * 2 on bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "squeue.h"

#define MAX_COUNT	64
#define POLL_US		10000

static void usage(void)
{
	fprintf(stderr, "usage: late_completions DEV [--nsid N] [--count N] [--timeout-ms MS] [--wait-ms MS]\n");
	exit(2);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Commands the driver still holds on SQ @qid (the device has not answered). */
static int sq_outstanding(struct nvmetest_dev *dev, uint16_t qid)
{
	struct nvmetest_queue_info q[2 * 64 + 2];
	int n, i;

	n = nvmetest_queue_list(dev, q, sizeof(q) / sizeof(q[0]), NULL);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if (q[i].qid == qid && q[i].type == NVMETEST_QUEUE_SQ)
			return (int)q[i].outstanding;
	return -ENOENT;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "nsid", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "wait-ms", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int nsid = 3, count = 16, timeout_ms = 50, wait_ms = 30000;
	unsigned int submitted = 0, reaped = 0, timedout = 0, intime = 0,
		     failed = 0, i;
	struct nvmetest_completion done[MAX_COUNT];
	struct nvmetest_ring *ring = NULL;
	struct nvmetest_dev *dev = NULL;
	struct nvmetest_info before, after;
	struct nvmetest_ns_info ns;
	struct nvme_id_ctrl id;
	unsigned long long late;
	long long start, drain_ms;
	int opt, ret, left = -1;
	bool identify_ok;
	struct squeue sq;
	uint8_t *bufs;
	const char *name;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			nsid = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'c':
			count = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 't':
			timeout_ms = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'w':
			wait_ms = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || !count || count > MAX_COUNT || !timeout_ms)
		usage();
	name = argv[optind];

	ret = nvmetest_open(name, &dev);
	if (!ret)
		ret = nvmetest_ns_get(dev, nsid, &ns);
	if (!ret)
		ret = squeue_pick(dev, 2 * MAX_COUNT, &sq);
	if (!ret)
		ret = squeue_create(dev, &sq);
	if (!ret)
		ret = nvmetest_ring_init(dev, count, &ring);
	if (!ret)
		ret = nvmetest_info_refresh(dev, &before);
	if (ret) {
		fprintf(stderr, "late_completions: %s namespace %u: %s\n", name,
			nsid, ret > 0 ? nvmetest_status_name((uint16_t)ret) :
					nvmetest_last_error());
		nvmetest_close(dev);
		return 1;
	}
	bufs = mmap(NULL, (size_t)count * ns.lba_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bufs == MAP_FAILED) {
		perror("late_completions: mmap");
		return 1;
	}

	for (i = 0; i < count; i++) {
		struct nvmetest_io_args io = {
			.qid = sq.qid, .nsid = nsid, .slba = i % ns.nsze, .nlb = 0,
			.data = bufs + (size_t)i * ns.lba_size,
			.data_len = ns.lba_size, .timeout_ms = timeout_ms,
		};
		struct nvmetest_cmd_args cmd;

		nvmetest_io_build(nvme_cmd_read, &io, &cmd);
		if (nvmetest_ring_submit(ring, &cmd, i))
			break;
		submitted++;
	}
	/* each ends by the device or by its timer: no wait is unbounded */
	while (reaped < submitted) {
		ret = nvmetest_ring_reap(ring, done, MAX_COUNT, 1);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "late_completions: %s: %s\n", name,
				nvmetest_last_error());
			failed += submitted - reaped;
			break;
		}
		for (i = 0; i < (unsigned int)ret; i++) {
			if (done[i].ret == -ETIMEDOUT) {
				timedout++;
			} else if (done[i].ret == 0) {
				intime++;
			} else {
				failed++;
				fprintf(stderr, "late_completions: %s qid %u: read %llu ended %d (%s)\n",
					name, sq.qid,
					(unsigned long long)done[i].user_data,
					done[i].ret,
					done[i].ret > 0 ?
					nvmetest_status_name((uint16_t)done[i].ret) :
					nvmetest_strerror(done[i].ret));
			}
		}
		reaped += (unsigned int)ret;
	}

	/* the timed-out reads keep their slots until the device answers */
	start = now_ms();
	while ((left = sq_outstanding(dev, sq.qid)) > 0 &&
	       now_ms() - start < wait_ms)
		usleep(POLL_US);
	drain_ms = now_ms() - start;
	if (left)
		fprintf(stderr, "late_completions: %s qid %u: %d reads still outstanding after %lld ms\n",
			name, sq.qid, left, drain_ms);

	ret = nvmetest_info_refresh(dev, &after);
	late = ret ? 0 : after.late_completions - before.late_completions;
	identify_ok = nvmetest_identify_ctrl(dev, &id) == 0;
	if (!identify_ok)
		fprintf(stderr, "late_completions: %s: Identify Controller: %s\n",
			name, nvmetest_last_error());
	nvmetest_qpair_delete(dev, sq.qid);

	printf("late_completions: %s qid %u: submitted=%u timedout=%u intime=%u failed=%u late=%llu drain_ms=%lld identify=%s\n",
	       name, sq.qid, submitted, timedout, intime, failed, late,
	       drain_ms, identify_ok ? "ok" : "failed");
	if (!timedout)
		fprintf(stderr, "late_completions: %s namespace %u: no read timed out at %u ms (is it throttled?)\n",
			name, nsid, timeout_ms);
	else if (late != timedout)
		fprintf(stderr, "late_completions: %s: %u reads timed out, the driver counted %llu late completions\n",
			name, timedout, late);
	nvmetest_ring_exit(ring);
	nvmetest_close(dev);
	munmap(bufs, (size_t)count * ns.lba_size);
	return submitted == count && timedout && late == timedout && !failed &&
	       !left && identify_ok ? 0 : 1;
}
