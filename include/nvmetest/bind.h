/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/bind.c: binding a PCI function to nvmetest and giving it
 * back, through sysfs; lib/powercycle.c: a power cycle with the caller's
 * hooks.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_BIND_H
#define NVMETEST_BIND_H

#include <stdbool.h>
#include <stdint.h>

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

/**
 * struct nvmetest_power_cycle - a power cycle's hooks, timing and outcome
 * @off:        input: cut the drive's power; 0, or nonzero when it failed
 * @on:         input: give it back; 0, or nonzero when it failed
 * @arg:        input: for the hooks
 * @off_ms:     input: time without power once the function has left
 * @timeout_ms: input: for the function to leave and to come back (0: 30 s)
 * @off_ns:     output: the off hook's run time
 * @gone_ns:    output: from its end until the function had left Linux
 * @on_ns:      output: the on hook's run time
 * @back_ns:    output: from its end until the function was back
 * @bind_ns:    output: binding it to nvmetest
 * @removed:    output: the function was still there after the off hook
 *              (no hotplug): it was removed through sysfs
 */
struct nvmetest_power_cycle {
	int (*off)(void *arg);
	int (*on)(void *arg);
	void *arg;
	unsigned int off_ms;
	unsigned int timeout_ms;
	uint64_t off_ns;
	uint64_t gone_ns;
	uint64_t on_ns;
	uint64_t back_ns;
	uint64_t bind_ns;
	bool removed;
};

/**
 * nvmetest_power_cycle - cut a drive's power, give it back, bind it again
 * @bdf:        PCI address (short form accepted)
 * @pc:         the hooks and timing (above)
 * @bind_flags: NVMETEST_BIND_* for the bind at the end
 *
 * Runs @pc->off (nothing is stopped first: IO in flight, no shutdown
 * notification, a dirty power loss as the drive sees it). A slot with
 * hotplug removes the function by itself; when it is still there after 5
 * s (or @pc->timeout_ms when shorter), it is removed through sysfs (its driver's remove runs on a device
 * without power). Then waits @pc->off_ms, runs @pc->on, rescans the PCI
 * bus (once a second) until the function is back and binds it to nvmetest
 * (nvmetest_bind(): the in-tree driver may have taken it first). The
 * controller is then BOUND: nvmetest_init() brings it up, and a
 * verification map that was on is taken over at its namespace scan.
 *
 * Return: N of /dev/nvmetestN; -EINVAL without both hooks; -EIO (or the
 * hook's negative errno) when a hook failed; -ETIMEDOUT when the function
 * did not leave or come back within @pc->timeout_ms; the errors of
 * nvmetest_bind().
 */
int nvmetest_power_cycle(const char *bdf, struct nvmetest_power_cycle *pc,
			 unsigned int bind_flags);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_BIND_H */
