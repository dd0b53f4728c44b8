/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/bind.c: binding a PCI function to nvmetest and giving it
 * back, through sysfs.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_BIND_H
#define NVMETEST_BIND_H

#ifdef __cplusplus
extern "C" {
#endif

/* nvmetest_bind() flags */
#define NVMETEST_BIND_FORCE	(1U << 0)	/* skip the in-use and class checks */

/**
 * nvmetest_bind - hand a PCI function to nvmetest
 * @bdf:   PCI address (short form accepted)
 * @flags: NVMETEST_BIND_*
 *
 * Unless NVMETEST_BIND_FORCE, refuses a function whose class is not NVMe
 * or any of whose block devices (or their partitions) is mounted, used as
 * swap or held by another device (device mapper, md, ...). Then writes
 * "nvmetest" to its driver_override, unbinds the current driver, writes
 * the address to /sys/bus/pci/drivers_probe and waits up to 5 s for the
 * nvmetest class device; when the /dev node is missing (no devtmpfs and
 * no udev) it creates it with mknod, mode 0600. When nvmetest does not
 * take the function, driver_override is cleared and the function is
 * offered back to the other drivers. Already bound to nvmetest: nothing
 * is written.
 *
 * Destructive: every user of the in-tree driver's block devices loses
 * them.
 *
 * Return: N of /dev/nvmetestN (>= 0); -EBUSY when in use (the reason in
 * nvmetest_last_error()); -ENOENT when the nvmetest module is not loaded;
 * -ENODEV when there is no such function; -EINVAL for a malformed address
 * or a non-NVMe function; -EIO when nvmetest did not bind it (see the
 * kernel log); another negative errno from sysfs.
 */
int nvmetest_bind(const char *bdf, unsigned int flags);

/**
 * nvmetest_unbind - give a PCI function back from nvmetest
 * @bdf: PCI address (short form accepted)
 *
 * Unbinds it from nvmetest (when bound there), clears driver_override and
 * writes the address to /sys/bus/pci/drivers_probe so that the in-tree
 * nvme driver, when loaded, takes it back. Open /dev/nvmetestN files see
 * -ENODEV from then on.
 *
 * Return: 0; -EINVAL when it is bound to another driver; -ENODEV when
 * there is no such function; another negative errno from sysfs.
 */
int nvmetest_unbind(const char *bdf);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_BIND_H */
