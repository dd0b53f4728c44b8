// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device handle of libnvmetest: PCI address parsing, name resolution
 * (/dev path, nvmetestN, PCI address), open with the INFO/ABI check,
 * close and the cached INFO.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "private.h"

/* Parse 1..@maxdigits hex digits; the pointer is advanced past them. */
static int parse_hex(const char **p, unsigned int maxdigits, unsigned long *v)
{
	unsigned int n = 0;

	*v = 0;
	while (isxdigit((unsigned char)**p)) {
		if (++n > maxdigits)
			return -EINVAL;
		*v = *v * 16 + (isdigit((unsigned char)**p) ? **p - '0' :
				tolower((unsigned char)**p) - 'a' + 10);
		(*p)++;
	}
	return n ? 0 : -EINVAL;
}

int nvmetest_bdf_parse(const char *s, char *bdf)
{
	unsigned long dom = 0, bus, dev, fn;
	const char *p = s;
	int colons = 0;

	if (!s)
		return -EINVAL;
	for (const char *q = s; *q; q++)
		colons += *q == ':';
	if (colons == 2) {
		if (parse_hex(&p, 8, &dom) || *p++ != ':')
			return -EINVAL;
	} else if (colons != 1) {
		return -EINVAL;
	}
	if (parse_hex(&p, 2, &bus) || *p++ != ':' ||
	    parse_hex(&p, 2, &dev) || *p++ != '.' ||
	    parse_hex(&p, 1, &fn) || *p)
		return -EINVAL;
	if (dev > 0x1f || fn > 7)
		return -EINVAL;
	snprintf(bdf, NVMETEST_BDF_LEN, "%04lx:%02lx:%02lx.%lx", dom, bus, dev, fn);
	return 0;
}

int nvmetest_resolve(const char *name, char *path, size_t len)
{
	char bdf[NVMETEST_BDF_LEN], cls[64], devdir[PATH_MAX];
	int ret;

	nvmt_clear_error();
	if (!name || !*name)
		return nvmt_fail(-EINVAL, "empty device name");
	if (strchr(name, '/')) {
		if (strlen(name) >= len)
			return -ENAMETOOLONG;
		strcpy(path, name);
		return 0;
	}
	if (nvmt_instance_of(name) >= 0)
		return nvmt_path(path, len, "%s/%s", nvmt_dev_root(), name);
	if (nvmetest_bdf_parse(name, bdf))
		return nvmt_fail(-EINVAL,
				 "'%s' is neither /dev/nvmetestN, nvmetestN nor a PCI address",
				 name);
	ret = nvmt_class_dev(bdf, cls, sizeof(cls));
	if (ret == -ENOENT) {
		ret = nvmt_func_dir(bdf, devdir, sizeof(devdir));
		if (ret)
			return ret;
		return nvmt_fail(-ENODEV,
				 "%s is not bound to nvmetest (nvmetest bind %s)",
				 bdf, bdf);
	}
	if (ret)
		return ret;
	return nvmt_path(path, len, "%s/%s", nvmt_dev_root(), cls);
}

static int do_info(int fd, struct nvmetest_info *info)
{
	memset(info, 0, sizeof(*info));
	if (ioctl(fd, NVMETEST_IOC_INFO, info))
		return -errno;
	return 0;
}

int nvmetest_open(const char *name, struct nvmetest_dev **devp)
{
	struct nvmetest_dev *dev;
	int ret;

	*devp = NULL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	ret = nvmetest_resolve(name, dev->path, sizeof(dev->path));
	if (ret)
		goto out_free;

	dev->fd = open(dev->path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		ret = -errno;
		if (ret == -EACCES || ret == -EPERM)
			nvmt_set_error("%s: opening needs root (CAP_SYS_ADMIN)", dev->path);
		else
			nvmt_set_error("%s: %s", dev->path, nvmetest_strerror(ret));
		goto out_free;
	}

	ret = do_info(dev->fd, &dev->info);
	if (ret == -ENOTTY || ret == -EINVAL) {
		ret = nvmt_fail(-ENOTTY, "%s is not an nvmetest device", dev->path);
		goto out_close;
	}
	if (ret) {
		nvmt_set_error("%s: INFO: %s", dev->path, nvmetest_strerror(ret));
		goto out_close;
	}
	ret = nvmt_check_abi(&dev->info);
	if (ret)
		goto out_close;
	*devp = dev;
	return 0;

out_close:
	close(dev->fd);
out_free:
	free(dev);
	return ret;
}

void nvmetest_close(struct nvmetest_dev *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev);
}

int nvmetest_fd(const struct nvmetest_dev *dev)
{
	return dev->fd;
}

const char *nvmetest_path(const struct nvmetest_dev *dev)
{
	return dev->path;
}

const struct nvmetest_info *nvmetest_info_cached(const struct nvmetest_dev *dev)
{
	return &dev->info;
}

int nvmetest_info_refresh(struct nvmetest_dev *dev, struct nvmetest_info *info)
{
	struct nvmetest_info fresh;
	int ret;

	nvmt_clear_error();
	ret = do_info(dev->fd, &fresh);
	if (ret)
		return ret;
	dev->info = fresh;
	if (info)
		*info = fresh;
	return 0;
}
