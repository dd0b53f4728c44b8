// SPDX-License-Identifier: GPL-2.0-only
/*
 * io_uring load for the stress loops (tests/stress/guest.sh): keeps DEPTH
 * 4 KiB reads in flight through libnvmetest's ring on a queue pair of its
 * own, until SIGTERM or SIGINT, or until the device is gone. A controller
 * reset takes the queue away (the commands end -ECANCELED, new ones
 * -ENOENT or -ENXIO): the queue is created again and the reads go on.
 *
 * Usage: uring_reads DEV [--nsid N] [--depth N] [--ready FILE]
 *
 * --ready FILE: each time the reads fill DEPTH on a newly created queue,
 * FILE is replaced by the number of queues created so far, so a script
 * knows that commands are in flight before it pulls the rug.
 *
 * Prints one line of counts:
 *   uring_reads: DEV qid Q: submitted=N ok=N cancelled=N noqueue=N
 *   timedout=N gone=N failed=N creates=N maxinflight=N
 * (cancelled: ended by a reset; noqueue: the queue or the enabled
 * controller was missing; gone: reads and queue creations that met
 * -ENODEV, the device removed)
 * and exits 1 when a command failed in a way no reset or removal explains
 * (an NVMe status, a timeout, another errno), 2 on bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "squeue.h"

#define BUF_SIZE	4096
#define MAX_DEPTH	256
#define RETRY_NS	10000000L	/* between attempts to create the queue */

static volatile sig_atomic_t stop;

struct counts {
	unsigned long long submitted, ok, cancelled, noqueue, timedout, gone,
			   failed;
	unsigned int creates, maxinflight;
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: uring_reads DEV [--nsid N] [--depth N] [--ready FILE]\n");
	exit(2);
}

/* Write @n to @path atomically (a reader never sees a partial number). */
static void ready_write(const char *path, unsigned int n)
{
	char tmp[4096];
	FILE *f;

	if (!path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%u\n", n);
	if (fclose(f) == 0)
		rename(tmp, path);
}

/* Classify one completion; returns false when the queue is gone with it. */
static bool account(struct counts *c, const struct nvmetest_completion *cp,
		    const char *dev, uint16_t qid)
{
	switch (cp->ret) {
	case 0:
		c->ok++;
		return true;
	case -ECANCELED:
		c->cancelled++;
		return false;
	case -ENOENT:
	case -ENXIO:
		c->noqueue++;
		return false;
	case -ENODEV:
		c->gone++;
		return false;
	case -ETIMEDOUT:
		c->timedout++;
		break;
	default:
		c->failed++;
		break;
	}
	if (c->timedout + c->failed <= 5)
		fprintf(stderr, "uring_reads: %s qid %u: read (user_data %llu) ended %d (%s)\n",
			dev, qid, (unsigned long long)cp->user_data, cp->ret,
			cp->ret > 0 ? nvmetest_status_name((uint16_t)cp->ret) :
				      nvmetest_strerror(cp->ret));
	return true;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "nsid", required_argument, NULL, 'n' },
		{ "depth", required_argument, NULL, 'd' },
		{ "ready", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	const struct timespec retry = { 0, RETRY_NS };
	struct nvmetest_completion done[MAX_DEPTH];
	struct nvmetest_ring *ring = NULL;
	struct nvmetest_dev *dev = NULL;
	struct nvmetest_ns_info ns;
	struct sigaction sa;
	const char *ready = NULL, *name;
	unsigned int depth = 32, nsid = 1, inflight = 0, i;
	bool have_queue = false, filled = false, gone = false;
	struct counts c = { 0 };
	struct squeue sq;
	uint64_t blocks, lba = 0;
	uint8_t *bufs;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			nsid = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'd':
			depth = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'r':
			ready = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || !depth || depth > MAX_DEPTH || !nsid)
		usage();
	name = argv[optind];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: the wait returns -EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	ret = nvmetest_open(name, &dev);
	if (!ret)
		ret = nvmetest_ns_get(dev, nsid, &ns);
	if (!ret)
		ret = squeue_pick(dev, depth * 2, &sq);
	if (!ret)
		ret = nvmetest_ring_init(dev, depth, &ring);
	if (ret) {
		fprintf(stderr, "uring_reads: %s: %s\n", name, nvmetest_last_error());
		nvmetest_close(dev);
		return 1;
	}
	bufs = mmap(NULL, (size_t)depth * BUF_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bufs == MAP_FAILED) {
		perror("uring_reads: mmap");
		return 1;
	}
	/* 4 KiB reads at 4 KiB steps through the namespace, wrapping */
	blocks = BUF_SIZE / ns.lba_size;

	while (!stop && !gone) {
		/* a new queue only once the old one's commands all ended */
		if (!have_queue && !inflight) {
			ret = squeue_create(dev, &sq);
			if (ret == -ENODEV) {
				c.gone++;
				gone = true;
				break;
			}
			if (ret) {
				nanosleep(&retry, NULL);
				continue;
			}
			have_queue = true;
			filled = false;
			c.creates++;
		}
		while (have_queue && inflight < depth) {
			struct nvmetest_io_args io = {
				.qid = sq.qid, .nsid = nsid, .slba = lba,
				.nlb = (uint16_t)(blocks - 1),
				.data = bufs + (size_t)(c.submitted % depth) * BUF_SIZE,
				.data_len = BUF_SIZE,
			};
			struct nvmetest_cmd_args cmd;

			nvmetest_io_build(nvme_cmd_read, &io, &cmd);
			if (nvmetest_ring_submit(ring, &cmd, c.submitted))
				break;
			c.submitted++;
			inflight++;
			lba += blocks;
			if (lba + blocks > ns.nsze)
				lba = 0;
		}
		if (inflight > c.maxinflight)
			c.maxinflight = inflight;
		if (have_queue && inflight == depth && !filled) {
			filled = true;
			ready_write(ready, c.creates);
		}
		if (!inflight)
			continue;
		ret = nvmetest_ring_reap(ring, done, depth, 1);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "uring_reads: %s: %s\n", name, nvmetest_last_error());
			c.failed++;
			break;
		}
		for (i = 0; i < (unsigned int)ret; i++) {
			if (!account(&c, &done[i], name, sq.qid))
				have_queue = false;
			if (done[i].ret == -ENODEV)
				gone = true;
		}
		inflight -= (unsigned int)ret;
	}

	/* the rest: the device completes them, a reset or removal ends them */
	while (inflight) {
		ret = nvmetest_ring_reap(ring, done, depth, 1);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "uring_reads: %s: %u reads not reaped: %s\n",
				name, inflight, nvmetest_last_error());
			c.failed += inflight;
			break;
		}
		for (i = 0; i < (unsigned int)ret; i++)
			account(&c, &done[i], name, sq.qid);
		inflight -= (unsigned int)ret;
	}
	printf("uring_reads: %s qid %u: submitted=%llu ok=%llu cancelled=%llu noqueue=%llu timedout=%llu gone=%llu failed=%llu creates=%u maxinflight=%u\n",
	       name, sq.qid, c.submitted, c.ok, c.cancelled, c.noqueue,
	       c.timedout, c.gone, c.failed, c.creates, c.maxinflight);
	nvmetest_ring_exit(ring);
	nvmetest_close(dev);
	munmap(bufs, (size_t)depth * BUF_SIZE);
	return c.failed || c.timedout ? 1 : 0;
}
