#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/vm/hotplug: load nvmetest, run the guest half of
# the surprise-removal test, wait until the host has seen QEMU unplug the
# device (it writes "unplugged" to the results folder, or "unplug-failed":
# powering the VM off earlier could cut the guest's eject short, and QEMU
# would never unplug it), then check that the module unloads.
cd "$(dirname "$0")/../.." || exit 1
tests/vm/load-module.sh || exit 1
build/tests/vm/hotplug_guest
status=$?
# bounded only to end a broken run: the host needs seconds at most
i=0
while [ ! -e "$NVMETEST_RESULTS/unplugged" ] &&
	[ ! -e "$NVMETEST_RESULTS/unplug-failed" ] && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -e "$NVMETEST_RESULTS/unplugged" ]; then
	echo "ok host saw QEMU unplug the device"
else
	echo "not ok host saw QEMU unplug the device"
	status=1
fi
if rmmod nvmetest; then
	echo "ok rmmod after removal"
else
	echo "not ok rmmod after removal"
	status=1
fi
exit $status
