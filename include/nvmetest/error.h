/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/error.c: errors: the text of a return value and the
 * context of the latest failure.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_ERROR_H
#define NVMETEST_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * nvmetest_strerror - describe a libnvmetest return value
 * @err: a value returned by a libnvmetest function (negative errno)
 *
 * Pure. nvmetest-specific meanings take precedence over the errno text:
 * -EPROTO is an ABI mismatch between library and driver, -ENODEV a device
 * that is gone or not bound to nvmetest, -ENOTTY a file that is not an
 * nvmetest device.
 *
 * Return: a static string; never NULL.
 */
const char *nvmetest_strerror(int err);

/**
 * nvmetest_last_error - context of the latest failure in this thread
 *
 * Functions that fail with a reason worth more than the errno (which
 * block device is mounted, which ABI version the driver has, ...) leave a
 * one-line message here; so do the command functions when the controller
 * answers with an NVMe status (> 0): device, command, CID and status.
 * Every public function that can fail clears it on entry, so it is only
 * meaningful right after a call returned non-zero.
 *
 * Return: the message (thread-local storage), or NULL when the latest
 * failure left no detail.
 */
const char *nvmetest_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_ERROR_H */
