#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/vm/qemu-tlb-race: free both NVMe functions of any
# driver, enable them, and run build/tests/vm/tlb_race_guest: toggle Memory
# Space Enable of the first while CPU 1 reads BAR0 of the second.
# Usage: tests/vm/qemu-tlb-race-guest.sh SECONDS
cd "$(dirname "$0")/../.." || exit 1
set -- "${1:-20}" $NVMETEST_BDFS
[ $# -ge 3 ] || { echo "qemu-tlb-race: needs two NVMe functions (NVMETEST_BDFS='$NVMETEST_BDFS')"; exit 2; }
for bdf in "$2" "$3"; do
	d=/sys/bus/pci/devices/$bdf
	[ -e "$d/driver" ] && echo "$bdf" > "$d/driver/unbind"
	echo 1 > "$d/enable" || exit 2
done
build/tests/vm/tlb_race_guest "$2" "$3" "$1"
