// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The sysfs side of libnvmetest: the overridable /sys, /proc and /dev
 * roots, small file helpers, and the description of NVMe PCI functions
 * (nvmetest_pci_func_get(), nvmetest_pci_scan()): driver, nvmetest node,
 * the in-tree nvme driver's model/serial/firmware and block devices.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

static const char *root_of(const char *env, const char *dflt)
{
	const char *s = getenv(env);

	return s && *s ? s : dflt;
}

const char *nvmt_sysfs_root(void)
{
	return root_of("NVMETEST_SYSFS_ROOT", "/sys");
}

const char *nvmt_proc_root(void)
{
	return root_of("NVMETEST_PROC_ROOT", "/proc");
}

const char *nvmt_dev_root(void)
{
	return root_of("NVMETEST_DEV_ROOT", "/dev");
}

int nvmt_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int nvmt_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return n;
}

int nvmt_read_num(const char *path, unsigned long long *val)
{
	char buf[64], *end;
	int ret;

	ret = nvmt_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

int nvmt_write_file(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int nvmt_link_name(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	const char *base;
	ssize_t n;

	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

bool nvmt_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int nvmt_instance_of(const char *name)
{
	const char *p = name + strlen("nvmetest");
	char *end;
	long n;

	if (strncmp(name, "nvmetest", strlen("nvmetest")) || !isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	n = strtol(p, &end, 10);
	return *end || errno || n > INT_MAX ? -1 : (int)n;
}

/* The class device's name into @name (room for @len); -ENAMETOOLONG. */
static int copy_name(const char *found, char *name, size_t len)
{
	if (strlen(found) >= len)
		return -ENAMETOOLONG;
	strcpy(name, found);
	return 0;
}

int nvmt_class_dev(const char *bdf, char *name, size_t len)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int ret;

	ret = nvmt_path(path, sizeof(path), "%s/bus/pci/devices/%s/nvmetest",
			nvmt_sysfs_root(), bdf);
	if (ret)
		return ret;
	d = opendir(path);
	if (d) {
		ret = -ENOENT;
		while ((de = readdir(d))) {
			if (nvmt_instance_of(de->d_name) < 0)
				continue;
			ret = copy_name(de->d_name, name, len);
			break;
		}
		closedir(d);
		if (ret != -ENOENT)
			return ret;
	}

	/* A class device not parented to the function: scan the class. */
	ret = nvmt_path(path, sizeof(path), "%s/class/nvmetest", nvmt_sysfs_root());
	if (ret)
		return ret;
	d = opendir(path);
	if (!d)
		return -ENOENT;
	ret = -ENOENT;
	while ((de = readdir(d))) {
		char link[PATH_MAX], target[NVMETEST_BDF_LEN];

		if (nvmt_instance_of(de->d_name) < 0)
			continue;
		if (nvmt_path(link, sizeof(link), "%s/%s/device", path, de->d_name) ||
		    nvmt_link_name(link, target, sizeof(target)) ||
		    strcmp(target, bdf))
			continue;
		ret = copy_name(de->d_name, name, len);
		break;
	}
	closedir(d);
	return ret;
}

static int add_blockdev(struct nvmetest_pci_func *func, const char *name)
{
	char **v;

	for (unsigned int i = 0; i < func->nr_blockdevs; i++)
		if (!strcmp(func->blockdevs[i], name))
			return 0;
	v = realloc(func->blockdevs, (func->nr_blockdevs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	func->blockdevs = v;
	v[func->nr_blockdevs] = strdup(name);
	if (!v[func->nr_blockdevs])
		return -ENOMEM;
	func->nr_blockdevs++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Block devices of the nvme driver's controller: "nvmeXnY" entries of the
 * controller folder without native multipath; with it, the controller
 * holds hidden path devices "nvmeXcYnZ" whose block device is the
 * subsystem's head "nvmeXnZ".
 */
static int scan_blockdevs(struct nvmetest_pci_func *func, const char *ctrldir)
{
	struct dirent *de;
	int ret = 0;
	DIR *d;

	d = opendir(ctrldir);
	if (!d)
		return 0;
	while (!ret && (de = readdir(d))) {
		unsigned int a, b, c;
		char name[64], path[PATH_MAX];
		int n = 0;

		if (sscanf(de->d_name, "nvme%un%u%n", &a, &b, &n) == 2 &&
		    !de->d_name[n])
			snprintf(name, sizeof(name), "nvme%un%u", a, b);
		else if (sscanf(de->d_name, "nvme%uc%un%u%n", &a, &b, &c, &n) == 3 &&
			 !de->d_name[n])
			snprintf(name, sizeof(name), "nvme%un%u", a, c);
		else
			continue;
		if (nvmt_path(path, sizeof(path), "%s/block/%s",
			      nvmt_sysfs_root(), name) || !nvmt_exists(path))
			continue;
		ret = add_blockdev(func, name);
	}
	closedir(d);
	if (func->nr_blockdevs > 1)
		qsort(func->blockdevs, func->nr_blockdevs,
		      sizeof(*func->blockdevs), cmp_str);
	return ret;
}

static void read_str_attr(const char *dir, const char *attr, char *buf,
			  size_t len)
{
	char path[PATH_MAX];

	buf[0] = '\0';
	if (nvmt_path(path, sizeof(path), "%s/%s", dir, attr) ||
	    nvmt_read_file(path, buf, len) < 0)
		buf[0] = '\0';
}

/* The in-tree nvme driver's controller: name, identity, block devices. */
static int scan_nvme_ctrl(struct nvmetest_pci_func *func, const char *devdir)
{
	char path[PATH_MAX], ctrldir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (nvmt_path(path, sizeof(path), "%s/nvme", devdir))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		unsigned int x;
		int n = 0;

		if (sscanf(de->d_name, "nvme%u%n", &x, &n) == 1 && !de->d_name[n] &&
		    strlen(de->d_name) < sizeof(func->ctrl)) {
			strcpy(func->ctrl, de->d_name);
			break;
		}
	}
	closedir(d);
	if (!func->ctrl[0] ||
	    nvmt_path(ctrldir, sizeof(ctrldir), "%s/%s", path, func->ctrl))
		return 0;
	read_str_attr(ctrldir, "model", func->model, sizeof(func->model));
	read_str_attr(ctrldir, "serial", func->serial, sizeof(func->serial));
	read_str_attr(ctrldir, "firmware_rev", func->firmware,
		      sizeof(func->firmware));
	return scan_blockdevs(func, ctrldir);
}

static int read_id(const char *devdir, const char *attr, unsigned long long *v)
{
	char path[PATH_MAX];
	int ret;

	ret = nvmt_path(path, sizeof(path), "%s/%s", devdir, attr);
	return ret ? ret : nvmt_read_num(path, v);
}

int nvmt_func_dir(const char *bdf, char *dir, size_t len)
{
	int ret;

	ret = nvmt_path(dir, len, "%s/bus/pci/devices/%s", nvmt_sysfs_root(), bdf);
	if (ret)
		return ret;
	if (!nvmt_exists(dir))
		return nvmt_fail(-ENODEV, "no PCI function %s", bdf);
	return 0;
}

/* Fill @func for a canonical address; the caller has zeroed it. */
static int func_fill(const char *bdf, struct nvmetest_pci_func *func)
{
	char devdir[PATH_MAX], path[PATH_MAX];
	unsigned long long v;
	int ret;

	func->instance = -1;
	strcpy(func->bdf, bdf);
	ret = nvmt_func_dir(bdf, devdir, sizeof(devdir));
	if (ret)
		return ret;

	ret = read_id(devdir, "class", &v);
	if (ret)
		return nvmt_fail(ret, "%s: cannot read class: %s", bdf,
				 nvmetest_strerror(ret));
	func->class_code = v;
	if (!read_id(devdir, "vendor", &v))
		func->vendor_id = v;
	if (!read_id(devdir, "device", &v))
		func->device_id = v;
	if (!read_id(devdir, "subsystem_vendor", &v))
		func->subsystem_vendor_id = v;
	if (!read_id(devdir, "subsystem_device", &v))
		func->subsystem_device_id = v;

	if (!nvmt_path(path, sizeof(path), "%s/driver", devdir) &&
	    nvmt_link_name(path, func->driver, sizeof(func->driver)))
		func->driver[0] = '\0';
	read_str_attr(devdir, "driver_override", func->driver_override,
		      sizeof(func->driver_override));
	if (!strcmp(func->driver_override, "(null)"))
		func->driver_override[0] = '\0';

	if (!strcmp(func->driver, "nvmetest")) {
		char name[64];

		if (!nvmt_class_dev(bdf, name, sizeof(name))) {
			func->instance = nvmt_instance_of(name);
			if (nvmt_path(func->devnode, sizeof(func->devnode), "%s/%s",
				      nvmt_dev_root(), name))
				func->devnode[0] = '\0';
		}
	}
	return scan_nvme_ctrl(func, devdir);
}

int nvmetest_pci_func_get(const char *bdf, struct nvmetest_pci_func *func)
{
	char canon[NVMETEST_BDF_LEN];
	int ret;

	nvmt_clear_error();
	memset(func, 0, sizeof(*func));
	func->instance = -1;
	ret = nvmetest_bdf_parse(bdf, canon);
	if (ret)
		return nvmt_fail(ret, "'%s' is not a PCI address (dddd:bb:dd.f)", bdf);
	ret = func_fill(canon, func);
	if (ret)
		nvmetest_pci_func_release(func);
	return ret;
}

void nvmetest_pci_func_release(struct nvmetest_pci_func *func)
{
	if (!func)
		return;
	for (unsigned int i = 0; i < func->nr_blockdevs; i++)
		free(func->blockdevs[i]);
	free(func->blockdevs);
	func->blockdevs = NULL;
	func->nr_blockdevs = 0;
}

void nvmetest_pci_free(struct nvmetest_pci_func *funcs, unsigned int nr)
{
	if (!funcs)
		return;
	for (unsigned int i = 0; i < nr; i++)
		nvmetest_pci_func_release(&funcs[i]);
	free(funcs);
}

static int cmp_func(const void *a, const void *b)
{
	return strcmp(((const struct nvmetest_pci_func *)a)->bdf,
		      ((const struct nvmetest_pci_func *)b)->bdf);
}

int nvmetest_pci_scan(struct nvmetest_pci_func **funcs, unsigned int *nr)
{
	struct nvmetest_pci_func *v = NULL, *grown;
	char path[PATH_MAX];
	unsigned int n = 0;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	nvmt_clear_error();
	*funcs = NULL;
	*nr = 0;
	ret = nvmt_path(path, sizeof(path), "%s/bus/pci/devices", nvmt_sysfs_root());
	if (ret)
		return ret;
	d = opendir(path);
	if (!d) {
		/* A machine (or container) without PCI has no NVMe function. */
		if (errno == ENOENT)
			return 0;
		ret = -errno;
		return nvmt_fail(ret, "%s: %s", path, nvmetest_strerror(ret));
	}
	while ((de = readdir(d))) {
		char canon[NVMETEST_BDF_LEN], cpath[PATH_MAX];
		unsigned long long cls;

		if (de->d_name[0] == '.' || nvmetest_bdf_parse(de->d_name, canon))
			continue;
		if (nvmt_path(cpath, sizeof(cpath), "%s/%s/class", path, de->d_name) ||
		    nvmt_read_num(cpath, &cls) || cls != NVMETEST_PCI_CLASS_NVME)
			continue;
		grown = realloc(v, (n + 1) * sizeof(*v));
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		v = grown;
		memset(&v[n], 0, sizeof(v[n]));
		ret = func_fill(canon, &v[n]);
		n++;
		if (ret == -ENODEV) {
			/* removed while we looked: not an error of the scan */
			nvmetest_pci_func_release(&v[--n]);
			nvmt_clear_error();
			ret = 0;
		}
		if (ret)
			break;
	}
	closedir(d);
	if (ret) {
		nvmetest_pci_free(v, n);
		return ret;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_func);
	*funcs = v;
	*nr = n;
	return 0;
}
