// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Power cycle of a drive: the caller's hooks cut its power and give it
 * back (a PDU, a power module, QEMU's monitor in the test VM); in between,
 * the PCI function leaves Linux (by hotplug, or removed here through
 * sysfs), and after, a rescan finds it again and it is bound to nvmetest.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "private.h"

#define PC_TIMEOUT_MS		30000U
/* How long a hotplug-capable slot gets to report the function gone. */
#define PC_HOTPLUG_MS		5000U
#define PC_POLL_MS		20U
#define PC_RESCAN_MS		1000U

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void nap_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* 1 when the function is in sysfs, 0 when not, -errno. */
static int func_present(const char *bdf)
{
	char path[PATH_MAX];
	int ret = nvmt_path(path, sizeof(path), "%s/bus/pci/devices/%s", nvmt_sysfs_root(), bdf);

	return ret ? ret : nvmt_exists(path);
}

/* Until the function is @want (present or not) or @ms pass; rescan when looking for it. */
static bool wait_present(const char *bdf, bool want, unsigned int ms)
{
	uint64_t end = mono_ns() + (uint64_t)ms * 1000000ULL, rescan = 0;
	char path[PATH_MAX];

	for (;;) {
		if (func_present(bdf) == want)
			return true;
		if (mono_ns() >= end)
			return false;
		if (want && mono_ns() >= rescan &&
		    !nvmt_path(path, sizeof(path), "%s/bus/pci/rescan", nvmt_sysfs_root())) {
			nvmt_write_file(path, "1");
			rescan = mono_ns() + PC_RESCAN_MS * 1000000ULL;
		}
		nap_ms(PC_POLL_MS);
	}
}

int nvmetest_power_cycle(const char *bdf_in, struct nvmetest_power_cycle *pc,
			 unsigned int bind_flags)
{
	unsigned int timeout = pc->timeout_ms ? pc->timeout_ms : PC_TIMEOUT_MS;
	struct nvmetest_pci_func func;
	char path[PATH_MAX], bdf[NVMETEST_BDF_LEN];
	uint64_t t0, t;
	int ret;

	nvmt_clear_error();
	pc->off_ns = pc->gone_ns = pc->on_ns = pc->back_ns = pc->bind_ns = 0;
	pc->removed = false;
	if (!pc->off || !pc->on)
		return nvmt_fail(-EINVAL, "power cycle: an off and an on hook are needed");
	ret = nvmetest_pci_func_get(bdf_in, &func);
	if (ret)
		return ret;
	snprintf(bdf, sizeof(bdf), "%s", func.bdf);
	nvmetest_pci_func_release(&func);

	t0 = mono_ns();
	ret = pc->off(pc->arg);
	t = mono_ns();
	pc->off_ns = t - t0;
	if (ret)
		return nvmt_fail(ret < 0 ? ret : -EIO, "%s: the off hook failed (%d)",
				 bdf, ret);
	/*
	 * A slot with hotplug reports the function gone by itself; without,
	 * Linux must forget it here (its driver's remove runs, on a device
	 * without power).
	 */
	if (!wait_present(bdf, false, timeout < PC_HOTPLUG_MS ? timeout : PC_HOTPLUG_MS)) {
		pc->removed = true;
		ret = nvmt_path(path, sizeof(path), "%s/bus/pci/devices/%s/remove",
				nvmt_sysfs_root(), bdf);
		if (!ret)
			ret = nvmt_write_file(path, "1");
		if (ret)
			return nvmt_fail(ret, "%s: still present after the off hook, and removing it failed: %s",
					 bdf, nvmetest_strerror(ret));
		if (!wait_present(bdf, false, timeout))
			return nvmt_fail(-ETIMEDOUT, "%s: still present %u ms after its removal",
					 bdf, timeout);
	}
	pc->gone_ns = mono_ns() - t;

	nap_ms(pc->off_ms);
	t = mono_ns();
	ret = pc->on(pc->arg);
	pc->on_ns = mono_ns() - t;
	if (ret)
		return nvmt_fail(ret < 0 ? ret : -EIO, "%s: the on hook failed (%d)",
				 bdf, ret);
	t = mono_ns();
	if (!wait_present(bdf, true, timeout))
		return nvmt_fail(-ETIMEDOUT, "%s: not back %u ms after the on hook (rescanned)",
				 bdf, timeout);
	pc->back_ns = mono_ns() - t;

	t = mono_ns();
	ret = nvmetest_bind(bdf, bind_flags);
	pc->bind_ns = mono_ns() - t;
	return ret;
}
