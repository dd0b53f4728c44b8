#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# `make demo`, inside the test VM: a short session a newcomer can read.
# The controller starts with the in-tree nvme driver, as on a real machine;
# nvmetest takes it over, shows it, and hands it back.

cd "$(dirname "$0")/.." || exit 1
export PATH="$PWD/build/bin:$PATH"
BDF=${NVMETEST_BDFS:-0000:01:00.0}
BDF=${BDF%% *}

run() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@" || { echo "demo: '$*' failed"; exit 1; }
}

echo "nvmetest demo on $(uname -sr), QEMU NVMe controller at $BDF"
modprobe nvme
sleep 1
run tests/vm/load-module.sh
run nvmetest list
run nvmetest bind "$BDF"
run nvmetest list
run nvmetest info /dev/nvmetest0
run nvmetest show-regs nvmetest0 -H
run nvmetest caps nvmetest0
run nvmetest get-reg nvmetest0 -O vs -o json
run nvmetest init nvmetest0 --irq=msix
run nvmetest id-ctrl nvmetest0 -H
run nvmetest namespaces nvmetest0
head -c 4096 /dev/urandom > /tmp/demo.bin
run nvmetest write nvmetest0 -n 1 -s 8 -c 7 -d /tmp/demo.bin
run nvmetest read nvmetest0 -n 1 -s 8 -c 7 -d /tmp/demo.out
run cmp /tmp/demo.bin /tmp/demo.out
# with verification on, writes stamp each LBA and reads are checked
run nvmetest verify-map nvmetest0 --enable -n 1
run nvmetest write nvmetest0 -n 1 -s 8 -c 7 -d /tmp/demo.bin
run nvmetest read nvmetest0 -n 1 -s 8 -c 7 -d /tmp/demo.out
run nvmetest verify-map nvmetest0 -n 1
run nvmetest cmdlog nvmetest0 -q 0 -n 8
run nvmetest irq nvmetest0
run nvmetest unbind "$BDF"
run nvmetest list
run rmmod nvmetest
echo
echo "demo: done"
