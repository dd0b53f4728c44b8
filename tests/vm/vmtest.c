// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the in-VM CUnit suites (see vmtest.h): device choice,
 * the harness configuration, sysfs binding and raw ioctl wrappers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "vmtest.h"

#define PCI_DEVICES "/sys/bus/pci/devices"

const char *vmt_bdf(void)
{
	static char bdf[32];
	const char *env = getenv("NVMETEST_BDFS");

	if (!bdf[0]) {
		if (!env || !*env)
			env = "0000:01:00.0";
		snprintf(bdf, sizeof(bdf), "%.*s", (int)strcspn(env, " "), env);
	}
	return bdf;
}

const char *vmt_conf(const char *key)
{
	static char line[512];
	const char *path = getenv("NVMETEST_VMCONF");
	size_t klen = strlen(key);
	const char *found = NULL;
	FILE *f;

	if (!path)
		return NULL;
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		line[strcspn(line, "\n")] = '\0';
		found = line + klen + 1;
		break;
	}
	fclose(f);
	return found;
}

long long vmt_conf_num(const char *key, long long dflt)
{
	const char *v = vmt_conf(key);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	n = strtoll(v, &end, 0);
	return *end ? dflt : n;
}

int vmt_sysfs_num(const char *bdf, const char *attr, unsigned long long *val)
{
	char path[PATH_MAX], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/%s", bdf, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*val = strtoull(buf, NULL, 0);
	return 0;
}

int vmt_sysfs_write(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	return 0;
}

int vmt_driver_of(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		if (errno != ENOENT)
			return -errno;
		buf[0] = '\0';
		return 0;
	}
	link[n] = '\0';
	snprintf(buf, len, "%s", strrchr(link, '/') + 1);
	return 0;
}

/* The nvmetestN name of a bound function, from its sysfs class link. */
static int vmt_node_of(const char *bdf, char *devpath, size_t len)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int ret = -ENOENT;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/nvmetest", bdf);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "nvmetest", 8))
			continue;
		snprintf(devpath, len, "/dev/%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

int vmt_bind(const char *bdf, char *devpath, size_t len)
{
	char path[PATH_MAX], drv[64];
	int ret, i;

	ret = vmt_driver_of(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	if (!strcmp(drv, "nvmetest"))
		goto wait_node;
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", bdf);
	ret = vmt_sysfs_write(path, "nvmetest");
	if (ret)
		return ret;
	if (drv[0]) {
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver/unbind", bdf);
		ret = vmt_sysfs_write(path, bdf);
		if (ret)
			return ret;
	}
	ret = vmt_sysfs_write("/sys/bus/pci/drivers_probe", bdf);
	if (ret)
		return ret;
wait_node:
	for (i = 0; i < 100; i++) {
		struct stat st;

		if (!vmt_node_of(bdf, devpath, len) && !stat(devpath, &st))
			return 0;
		usleep(50 * 1000);
	}
	return -ETIMEDOUT;
}

int vmt_unbind(const char *bdf)
{
	char path[PATH_MAX], drv[64];
	int ret;

	ret = vmt_driver_of(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	if (!strcmp(drv, "nvmetest")) {
		ret = vmt_sysfs_write("/sys/bus/pci/drivers/nvmetest/unbind", bdf);
		if (ret)
			return ret;
	}
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", bdf);
	return vmt_sysfs_write(path, "\n");
}

int vmt_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

static int vmt_rw(int fd, unsigned long rd, unsigned long wr, bool write,
		  uint32_t off, uint16_t width, uint64_t *val, uint16_t flags)
{
	struct nvmetest_rw rw = {
		.offset = off,
		.width = width,
		.flags = flags,
		.value = write ? *val : 0,
	};
	int ret;

	ret = vmt_ioctl(fd, write ? wr : rd, &rw);
	if (!ret && !write)
		*val = rw.value;
	return ret;
}

int vmt_reg(int fd, bool write, uint32_t off, uint16_t width, uint64_t *val,
	    uint16_t flags)
{
	return vmt_rw(fd, NVMETEST_IOC_REG_READ, NVMETEST_IOC_REG_WRITE, write,
		      off, width, val, flags);
}

int vmt_cfg(int fd, bool write, uint32_t off, uint16_t width, uint64_t *val,
	    uint16_t flags)
{
	return vmt_rw(fd, NVMETEST_IOC_CFG_READ, NVMETEST_IOC_CFG_WRITE, write,
		      off, width, val, flags);
}

int vmt_run_suites(void)
{
	unsigned int failed;

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_error() != CUE_SUCCESS)
		failed++;
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
