// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Error reporting of libnvmetest: nvmetest_strerror() and the thread-local
 * "last error" message that carries the context errno cannot.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

static __thread char last_error[256];

void nvmt_clear_error(void)
{
	last_error[0] = '\0';
}

static void set_error_v(const char *fmt, va_list ap)
{
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
}

void nvmt_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_error_v(fmt, ap);
	va_end(ap);
}

int nvmt_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_error_v(fmt, ap);
	va_end(ap);
	return err;
}

const char *nvmetest_last_error(void)
{
	return last_error[0] ? last_error : NULL;
}

const char *nvmetest_strerror(int err)
{
	const char *s;

	if (err >= 0)
		return "success";
	switch (-err) {
	case EPROTO:
		return "nvmetest driver ABI is incompatible with this library";
	case ENODEV:
		return "device removed or not bound to nvmetest";
	case ENOTTY:
		return "not an nvmetest device (or the driver lacks this ioctl)";
	case EPERM:
		return "operation not permitted (needs CAP_SYS_ADMIN, or the unsafe flag for a dangerous write)";
	case EBUSY:
		return "device in use (mounted, swap or held)";
	case ETIMEDOUT:
		return "timed out";
	case EILSEQ:
		return "data verification failed (see the failure log)";
	case EOVERFLOW:
		return "the device moved more than the buffers hold (see the command log)";
	default:
		break;
	}
	/* strerrordesc_np: glibc's thread-safe, locale-free text */
	s = strerrordesc_np(-err);
	return s ? s : "unknown error";
}
