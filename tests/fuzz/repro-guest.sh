#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Inside the test VM: run one REPRODUCER of a fuzz finding
# (tests/fuzz/repro_NAME.c, docs/fuzz.md "Findings") on the first
# controller: load nvmetest, bind, run build/tests/fuzz/repro_NAME, unbind
# and unload. A reproducer exits 1 while the bug is there.
# Usage: tests/fuzz/repro-guest.sh NAME
cd "$(dirname "$0")/../.." || exit 1
prog=build/tests/fuzz/repro_$1
bdf=${NVMETEST_BDFS%% *}
[ -x "$prog" ] || { echo "repro-guest: $prog not built (make all)"; exit 2; }
tests/vm/load-module.sh || exit 2
build/bin/nvmetest bind "$bdf" > /dev/null || exit 2
node=$(ls "/sys/bus/pci/devices/$bdf/nvmetest" | head -n 1)
"$prog" "/dev/$node"
status=$?
build/bin/nvmetest unbind "$bdf" > /dev/null
rmmod nvmetest
exit $status
