// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest half of the surprise-removal test (host half: tests/vm/hotplug).
 * Binds the controller, keeps /dev/nvmetestN open and hammers register and
 * config reads while the host removes the device through QEMU's monitor;
 * then checks that every call fails with -ENODEV, that the PCI function
 * and the node are gone, and that closing the file is clean. TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <nvme/types.h>

#include "vmtest.h"

static int n, failed;

static void tap(int cond, const char *name)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d %s\n", cond ? "" : "not ", n, name);
	fflush(stdout);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	const char *res = getenv("NVMETEST_RESULTS");
	struct nvmetest_info info;
	char devpath[64], path[256];
	unsigned long reads = 0;
	int fd, ret = 0, gone = 0;
	uint64_t v;
	double t0;

	printf("TAP version 13\n1..7\n");
	if (!res) {
		printf("Bail out! NVMETEST_RESULTS is not set\n");
		return 1;
	}
	tap(vmt_bind(vmt_bdf(), devpath, sizeof(devpath)) == 0, "bind");
	fd = open(devpath, O_RDWR | O_CLOEXEC);
	tap(fd >= 0 && vmt_ioctl(fd, NVMETEST_IOC_INFO, &info) == 0, "open and INFO");
	if (fd < 0)
		return 1;

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
	tap(ret == -ENODEV, "calls fail with -ENODEV after surprise removal");
	tap(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info) == -ENODEV, "INFO says -ENODEV");
	v = 0;
	tap(vmt_reg(fd, true, NVME_REG_CC, 4, &v, 0) == -ENODEV, "register write says -ENODEV");

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", vmt_bdf());
	for (t0 = now(); now() - t0 < 10; usleep(100 * 1000)) {
		gone = access(path, F_OK) && access(devpath, F_OK);
		if (gone)
			break;
	}
	tap(gone, "PCI function and device node are gone");
	tap(close(fd) == 0, "close after removal");
	return failed ? 1 : 0;
}
