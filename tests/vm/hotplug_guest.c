// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest half of the surprise-removal test (host half: tests/vm/hotplug).
 * Binds the controller, brings it up and starts three IOWorkers that
 * outlive the removal: an interrupt-driven and a polled one (random 50/50
 * read/write, queue depth 16, on namespace 1) and one on namespace 2 with
 * verification on. Once each has completed IO (and the verified one has
 * checked a read), it keeps /dev/nvmetestN open and hammers register and
 * config reads while the host removes the device through QEMU's monitor.
 * Then it checks that every call fails with -ENODEV, that the workers end
 * by themselves (END_REMOVED, their IO before the removal counted, no
 * error) and their records can still be read and released through the
 * file, that START says -ENODEV, that the PCI function and the node are
 * gone, and that closing the file is clean. TAP output.
 *
 * Expects tests/vm/hotplug's SPEC: ns 1 and ns 2 with 512-byte LBAs,
 * MSI-X with at least 3 vectors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nvme/types.h>

#include "vmtest.h"

#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define NS1		1
#define NS2		2
#define NR_IOW		3
#define IOW_TIME_MS	60000	/* outlives the removal (well under 1 s) */
#define IOW_WAIT_MS	30000	/* removal to every worker ended */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const iow_name[NR_IOW] = {
	"interrupt-driven worker", "polled worker", "verified worker",
};

/*
 * Worker @i: random 50/50 read/write of 4 KiB, queue depth 16, for
 * IOW_TIME_MS. 0: on vector 1 of namespace 1; 1: polled on namespace 1;
 * 2: on vector 2 of namespace 2 (verification on), in a region small
 * enough that its reads soon land on LBAs it wrote.
 */
static void iow_spec(struct nvmetest_ioworker_spec *s, int i)
{
	memset(s, 0, sizeof(*s));
	s->nsid = i == 2 ? NS2 : NS1;
	s->flags = i == 1 ? NVMETEST_IOW_POLLED : 0;
	s->vector = i == 0 ? 1 : i == 2 ? 2 : 0;
	s->qdepth = 16;
	s->seed = 1000 + i;
	s->region_start = i == 1 ? 1 << 20 : 0;
	s->region_end = s->region_start + (i == 2 ? 2048 : 1 << 20);
	s->lba_start = s->region_start;
	s->random_pct = 100;
	s->ops[0].opcode = OPC_WRITE;
	s->ops[0].pct = 50;
	s->ops[1].opcode = OPC_READ;
	s->ops[1].pct = 50;
	s->nr_ops = 2;
	s->pattern = NVMETEST_PATTERN_RANDOM;
	s->time_ms = IOW_TIME_MS;
}

/*
 * Until every worker has completed IO and the verified one has checked a
 * read (bounded: 30 s). Return: 1 when they did, 0 else (a worker ended
 * or failed to report).
 */
static int iow_busy(int fd, const uint32_t *id)
{
	struct nvmetest_ioworker_result r;
	double t0 = now();
	int i, ready;

	do {
		ready = 1;
		for (i = 0; i < NR_IOW; i++) {
			if (vmt_iow_result(fd, id[i], 0, &r) ||
			    r.state != NVMETEST_IOW_RUNNING)
				return 0;
			if (!r.ios || (i == 2 && !r.lbas_verified))
				ready = 0;
		}
		if (ready)
			return 1;
		usleep(10 * 1000);
	} while (now() - t0 < 30);
	return 0;
}

/* The result of a worker the removal ended, released after reading it. */
static void iow_check(int fd, int i, uint32_t id)
{
	struct nvmetest_ioworker_result r, r2;
	char name[128];
	int ret;

	ret = vmt_iow_result(fd, id, 0, &r);
	snprintf(name, sizeof(name), "%s: RESULT after the removal", iow_name[i]);
	vmt_tap(ret == 0, name);
	printf("# %s: state %u end %u ios %llu errors %llu aborted %llu"
	       " verified %llu failures %llu\n", iow_name[i], r.state, r.end_reason, (unsigned long long)r.ios,
	       (unsigned long long)r.errors, (unsigned long long)r.aborted,
	       (unsigned long long)r.lbas_verified,
	       (unsigned long long)r.verify_failures);
	snprintf(name, sizeof(name), "%s: DONE with END_REMOVED", iow_name[i]);
	vmt_tap(!ret && r.state == NVMETEST_IOW_DONE &&
	    r.end_reason == NVMETEST_IOW_END_REMOVED, name);
	snprintf(name, sizeof(name), "%s: IO before the removal counted, none failed",
		 iow_name[i]);
	vmt_tap(!ret && r.ios > 0 && r.op[0].ios + r.op[1].ios == r.ios &&
	    r.errors == 0, name);
	if (i == 2) {
		snprintf(name, sizeof(name), "%s: reads checked, none failed",
			 iow_name[i]);
		vmt_tap(!ret && r.lbas_verified > 0 && r.verify_failures == 0, name);
	}
	ret = vmt_iow_result(fd, id, NVMETEST_IOW_RESULT_RELEASE, &r2);
	snprintf(name, sizeof(name), "%s: released, then unknown", iow_name[i]);
	vmt_tap(ret == 0 && r2.ios == r.ios && r2.end_reason == r.end_reason &&
	    vmt_iow_result(fd, id, 0, &r2) == -ENOENT &&
	    vmt_iow_stop(fd, id) == -ENOENT, name);
}

int main(void)
{
	const char *res = getenv("NVMETEST_RESULTS");
	struct nvmetest_ioworker_spec spec;
	struct nvmetest_ioworker_list list;
	struct nvmetest_ctrl_init in;
	struct nvmetest_info info;
	char devpath[64], path[256];
	uint32_t id[NR_IOW] = { 0 }, running = ~0U;
	unsigned long reads = 0;
	int fd, i, ret = 0, gone = 0;
	uint64_t v;
	double t0;

	printf("TAP version 13\n1..30\n");
	if (!res) {
		printf("Bail out! NVMETEST_RESULTS is not set\n");
		return 1;
	}
	vmt_tap(vmt_bind(vmt_bdf(), devpath, sizeof(devpath)) == 0, "bind");
	fd = open(devpath, O_RDWR | O_CLOEXEC);
	vmt_tap(fd >= 0 && vmt_ioctl(fd, NVMETEST_IOC_INFO, &info) == 0, "open and INFO");
	if (fd < 0)
		return 1;

	memset(&in, 0, sizeof(in));
	in.irq_mode = NVMETEST_IRQ_MSIX;
	in.nr_vectors = 4;
	in.nr_io_queues = 4;
	vmt_tap(vmt_ioctl(fd, NVMETEST_IOC_CTRL_INIT, &in) == 0 && in.nr_vectors >= 3 &&
	    in.nr_io_sq >= NR_IOW && in.nr_io_cq >= NR_IOW,
	    "CTRL_INIT: MSI-X, 3 vectors and 3 IO queue pairs at least");
	vmt_tap(vmt_verify_config(fd, NS2, NVMETEST_VERIFY_ENABLE |
				  NVMETEST_VERIFY_CLEAR, 0) == 0,
	    "verification on for namespace 2");
	for (i = 0; i < NR_IOW; i++) {
		char name[96];

		iow_spec(&spec, i);
		ret = vmt_iow_start(fd, &spec);
		snprintf(name, sizeof(name), "START %s", iow_name[i]);
		vmt_tap(ret == 0, name);
		if (ret)
			printf("# START: %d, bad_field %u\n", ret, spec.bad_field);
		else
			id[i] = spec.id;
	}
	vmt_tap(iow_busy(fd, id), "every worker does IO, the verified one checks reads");

	snprintf(path, sizeof(path), "%s/ready", res);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));

	/* until the removal lands, every read must succeed or say -ENODEV */
	t0 = now();
	while (now() - t0 < 120) {
		ret = vmt_reg(fd, false, NVME_REG_CSTS, 4, &v, 0);
		if (ret)
			break;
		ret = vmt_cfg(fd, false, 0, 4, &v, 0);
		if (ret)
			break;
		reads++;
	}
	printf("# %lu register+config reads before the removal\n", reads);
	vmt_tap(ret == -ENODEV, "calls fail with -ENODEV after surprise removal");
	vmt_tap(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info) == -ENODEV, "INFO says -ENODEV");
	v = 0;
	vmt_tap(vmt_reg(fd, true, NVME_REG_CC, 4, &v, 0) == -ENODEV, "register write says -ENODEV");

	/* the workers: ended by the removal, their records kept in the file */
	ret = vmt_iow_wait(fd, 0, IOW_WAIT_MS, &running);
	printf("# IOWORKER_WAIT: %d, %u running\n", ret, running);
	vmt_tap(ret == 0 && running == 0, "IOWORKER_WAIT: every worker ended by itself");
	memset(&list, 0, sizeof(list));
	ret = vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_LIST, &list);
	vmt_tap(ret == 0 && list.total == NR_IOW && list.running == 0,
	    "IOWORKER_LIST: the records are kept, none running");
	vmt_tap(vmt_iow_stop(fd, 0) == 0, "IOWORKER_STOP of ended workers");
	for (i = 0; i < NR_IOW; i++)
		iow_check(fd, i, id[i]);
	iow_spec(&spec, 0);
	ret = vmt_iow_start(fd, &spec);
	printf("# START after the removal: %d\n", ret);
	vmt_tap(ret == -ENODEV, "START after the removal says -ENODEV");

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", vmt_bdf());
	for (t0 = now(); now() - t0 < 10; usleep(100 * 1000)) {
		gone = access(path, F_OK) && access(devpath, F_OK);
		if (gone)
			break;
	}
	vmt_tap(gone, "PCI function and device node are gone");
	vmt_tap(close(fd) == 0, "close after removal");
	return vmt_tap_exit();
}
