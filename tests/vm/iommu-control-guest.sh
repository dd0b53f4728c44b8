#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Inside the VM, for tests/vm/iommu-control: make the device DMA to an
# address the driver never mapped, on purpose, with the writes a tester
# can make with --unsafe. A CC.EN = 0 write makes the driver disable the
# controller and free its admin queue, which turns bus mastering off.
# Then, twice: point ASQ at an unmapped bus address (--unsafe), enable the
# controller with a raw CC write, ring the admin SQ doorbell (the device
# fetches a command from that address) and disable it again. The first
# time, at 0x20000, Bus Master Enable is still off: the fetch must fail
# inside the device, no DMA reaches the IOMMU (the driver's own guard).
# The second time, at 0x10000, Bus Master Enable is on (--unsafe): behind
# the IOMMU the read faults, a DMAR report in the kernel log. The host half
# checks that tools/vm/run failed the run on that report and on no other.
# Then `nvmetest init` sets the controller up again with the driver's own
# admin queue, and it must answer. Last, a raw queue's Read with PRP1 at
# 0x30000, which the driver never mapped: a DMA write fault.
cd "$(dirname "$0")/../.." || exit 1
. tests/selftests/lib/ktap.sh
cli=build/bin/nvmetest
tests/vm/load-module.sh || exit 1
$cli bind "$BDF" > /dev/null || exit 1
dev=/dev/$(ls "/sys/bus/pci/devices/$BDF/nvmetest" | head -n 1)

# reg NAME: a register's value (decimal, from the JSON output)
reg() {
	$cli get-reg "$dev" -O "$1" -o json |
		sed -n 's/.*"value": *\([0-9]*\).*/\1/p'
}

# wait_rdy R: until CSTS.RDY is R (at most 10 s: CAP.TO of QEMU is 7.5 s)
wait_rdy() {
	i=0
	while [ $(($(reg csts) & 1)) -ne "$1" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
		sleep 0.1
	done
}

# stray ADDR: the device fetches an admin command from bus address ADDR
stray() {
	check "ASQ = $1 written with --unsafe" \
		$cli set-reg "$dev" -O asq -V "$1" --unsafe
	check "CC.EN = 1 written (raw: the driver has no admin queue)" \
		$cli set-reg "$dev" -O cc -V "$cc"
	check "CSTS.RDY = 1" wait_rdy 1
	# SQ 0 tail doorbell: one command to fetch
	check "admin SQ tail doorbell rung" $cli set-reg "$dev" -O 0x1000 -V 1
	sleep 1
	# QEMU reports a failed fetch as Controller Fatal Status
	check "CSTS.CFS = 1 after the fetch from $1" test $(($(reg csts) & 2)) -eq 2
	check "CC.EN = 0 written" $cli set-reg "$dev" -O cc -V $((cc & ~1))
	check "CSTS.RDY = 0" wait_rdy 0
}

cc=$(reg cc)
check "CC.EN = 0 written (the driver disables)" $cli set-reg "$dev" -O cc -V $((cc & ~1))
check "CSTS.RDY = 0" wait_rdy 0
stray 0x20000
cmd=$($cli config-read "$dev" -O 4 -w 2 -o json |
	sed -n 's/.*"value": *\([0-9]*\).*/\1/p')
check "Bus Master Enable on with --unsafe" \
	$cli config-write "$dev" -O 4 -w 2 -V $((cmd | 4)) --unsafe
stray 0x10000
check "nvmetest init sets the controller up again" $cli init "$dev"
check "the controller answers Identify" $cli id-ctrl "$dev"

# The raw path (docs/abi.md): behind a translating IOMMU raw queues need
# no raw_unsafe. A Read whose PRP1 is a bus address the driver never
# mapped (0x30000): the device's write faults in the IOMMU (a DMAR report
# the host half expects), the command still completes (with the device's
# status: QEMU 10.0.2 says Success although its DMA faulted, which is its
# own matter, not the host's), and the same Read into the driver's buffer
# works afterwards.
check "raw_unsafe is off" test "$(cat /sys/module/nvmetest/parameters/raw_unsafe)" = N
check "info: the raw capability (a translating IOMMU)" \
	sh -c "$cli info $dev | grep -qw raw"
$cli raw-queue "$dev" -q 1 --opcode=2 -n 1 -6 0 -l 512 -r --prp1 0x30000 \
	> "$TMP/stray" 2>&1
rc=$?
cat "$TMP/stray"
check "the raw Read to unmapped 0x30000 completes (a CQE, exit $rc)" \
	grep -q '^cqe  cid 0 ' "$TMP/stray"
check "the raw Read into the driver's buffer then succeeds" \
	$cli raw-queue "$dev" -q 1 --opcode=2 -n 1 -6 0 -l 512 -r
check "unbind" $cli unbind "$BDF"
check "rmmod" rmmod nvmetest
ktap_finish
