/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the in-VM CUnit suites: which controller to test, what
 * QEMU was told to emulate (the harness's NVMETEST_VMCONF file), binding
 * through sysfs, and raw ioctl wrappers that return -errno.
 */
#ifndef NVMETEST_VMTEST_H
#define NVMETEST_VMTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/nvmetest.h>

/* The controller under test, e.g. "0000:01:00.0" (first of NVMETEST_BDFS). */
const char *vmt_bdf(void);

/*
 * vmt_conf - a value of the harness's configuration file (key=value lines,
 * e.g. "nvme0.msix=8"); NULL when the key is absent or there is no file.
 */
const char *vmt_conf(const char *key);
long long vmt_conf_num(const char *key, long long dflt);

/* Read a sysfs file of the device under test as a number (base 0). */
int vmt_sysfs_num(const char *bdf, const char *attr, unsigned long long *val);
/* Write a string to an absolute sysfs path; -errno on failure. */
int vmt_sysfs_write(const char *path, const char *val);

/* Hand the device to nvmetest (driver_override) and wait for the node. */
int vmt_bind(const char *bdf, char *devpath, size_t len);
/* Unbind from nvmetest and clear driver_override. */
int vmt_unbind(const char *bdf);
/* The driver a PCI function is bound to now ("" when none). */
int vmt_driver_of(const char *bdf, char *buf, size_t len);

/* ioctl wrappers: 0 or -errno. */
int vmt_ioctl(int fd, unsigned long req, void *arg);
int vmt_reg(int fd, bool write, uint32_t off, uint16_t width,
	    uint64_t *val, uint16_t flags);
int vmt_cfg(int fd, bool write, uint32_t off, uint16_t width,
	    uint64_t *val, uint16_t flags);

/* Run the registered CUnit suites; exit status from the failure count. */
int vmt_run_suites(void);

#endif
