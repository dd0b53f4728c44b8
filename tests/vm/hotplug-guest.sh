#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/vm/hotplug: load nvmetest, run the guest half of
# the surprise-removal test, wait until the host has seen QEMU's
# DEVICE_DELETED (it writes "deleted" to the results folder: powering the
# VM off earlier could cut pciehp short before it powers the slot down, and
# QEMU would never report the removal), then check that the module unloads.
cd "$(dirname "$0")/../.." || exit 1
tests/vm/load-module.sh || exit 1
build/tests/vm/hotplug_guest
status=$?
i=0
while [ ! -e "$NVMETEST_RESULTS/deleted" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -e "$NVMETEST_RESULTS/deleted" ]; then
	echo "ok host saw DEVICE_DELETED"
else
	echo "not ok host saw DEVICE_DELETED"
	status=1
fi
if rmmod nvmetest; then
	echo "ok rmmod after removal"
else
	echo "not ok rmmod after removal"
	status=1
fi
exit $status
