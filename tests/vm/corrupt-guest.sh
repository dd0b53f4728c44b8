#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/vm/corrupt: load nvmetest, run the guest half
# of the data corruption test, then unload the module.
cd "$(dirname "$0")/../.." || exit 1
tests/vm/load-module.sh || exit 1
build/tests/vm/corrupt_guest
status=$?
if rmmod nvmetest; then echo "ok rmmod"; else echo "not ok rmmod"; status=1; fi
exit $status
