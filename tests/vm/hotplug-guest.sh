#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/vm/hotplug: load nvmetest, run the guest half of
# the surprise-removal test, then check that the module unloads.
cd "$(dirname "$0")/../.." || exit 1
tests/vm/load-module.sh || exit 1
build/tests/vm/hotplug_guest
status=$?
if rmmod nvmetest; then echo "ok rmmod after removal"; else echo "not ok rmmod after removal"; status=1; fi
exit $status
