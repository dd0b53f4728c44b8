/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/dev.c: the device handle: PCI addresses, finding and
 * opening /dev/nvmetestN, the INFO ioctl and its cache.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_DEV_H
#define NVMETEST_DEV_H

#include <stddef.h>

#include <linux/nvmetest.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Room for a PCI address "dddd:bb:dd.f" including VMD's 5+ digit domains. */
#define NVMETEST_BDF_LEN	32

/**
 * nvmetest_bdf_parse - parse and canonicalise a PCI address
 * @s:   "dddd:bb:dd.f" or the short "bb:dd.f" (domain 0000)
 * @bdf: output, NVMETEST_BDF_LEN bytes, "dddd:bb:dd.f" in lowercase hex
 *
 * Pure. Rejects out-of-range device (> 0x1f) or function (> 7) numbers and
 * trailing characters.
 *
 * Return: 0, or -EINVAL when @s is not a PCI address.
 */
int nvmetest_bdf_parse(const char *s, char *bdf);

/**
 * nvmetest_resolve - find the /dev node of an nvmetest device
 * @name: "/dev/nvmetestN" (any path is taken as is), "nvmetestN", or a
 *	  PCI address of a function bound to nvmetest
 * @path: output buffer for the node's path
 * @len:  size of @path
 *
 * Reads sysfs for a PCI address (the nvmetest class device under the PCI
 * function, else a scan of the nvmetest class); does not open anything.
 *
 * Return: 0, -ENODEV when a PCI address is not bound to nvmetest (with a
 * hint in nvmetest_last_error()), -EINVAL for a malformed name,
 * -ENAMETOOLONG when @path is too small.
 */
int nvmetest_resolve(const char *name, char *path, size_t len);

/* ---------------------------------------------------------------------- */
/* Device handle                                                          */

struct nvmetest_dev;

/**
 * nvmetest_open - open an nvmetest device
 * @name: as for nvmetest_resolve()
 * @devp: output, the new handle
 *
 * Opens the node O_RDWR | O_CLOEXEC (the driver wants CAP_SYS_ADMIN),
 * issues NVMETEST_IOC_INFO and caches the result. Does not touch the
 * controller beyond what INFO reads (CAP and VS).
 *
 * Return: 0; -EPROTO when the driver's ABI major differs from the
 * library's NVMETEST_ABI_MAJOR; -ENOTTY when @name is not an nvmetest
 * device; another negative errno from open() or the ioctl.
 */
int nvmetest_open(const char *name, struct nvmetest_dev **devp);

/**
 * nvmetest_close - close a handle and free it
 * @dev: handle from nvmetest_open(), or NULL
 *
 * Resources the driver tied to this file are torn down by the driver
 * when the last reference to the file goes.
 */
void nvmetest_close(struct nvmetest_dev *dev);

/**
 * nvmetest_fd - the file descriptor behind a handle
 * @dev: handle
 *
 * For ioctls the library does not wrap. The handle keeps ownership: do
 * not close it.
 *
 * Return: the descriptor.
 */
int nvmetest_fd(const struct nvmetest_dev *dev);

/**
 * nvmetest_path - the /dev path a handle was opened from
 * @dev: handle
 *
 * Return: the path, valid until nvmetest_close().
 */
const char *nvmetest_path(const struct nvmetest_dev *dev);

/**
 * nvmetest_info_cached - the INFO result cached at open (or at the latest
 *			  nvmetest_info_refresh() call)
 * @dev: handle
 *
 * No ioctl: CAP, VS and state are as of that call.
 *
 * Return: pointer into the handle, valid until nvmetest_close().
 */
const struct nvmetest_info *nvmetest_info_cached(const struct nvmetest_dev *dev);

/**
 * nvmetest_info_refresh - issue NVMETEST_IOC_INFO now
 * @dev:  handle
 * @info: output, may be NULL when only the cache should be refreshed
 *
 * Side effect: refreshes the cache nvmetest_info_cached() returns.
 *
 * Return: 0 or a negative errno (-ENODEV once the device was removed).
 */
int nvmetest_info_refresh(struct nvmetest_dev *dev, struct nvmetest_info *info);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_DEV_H */
