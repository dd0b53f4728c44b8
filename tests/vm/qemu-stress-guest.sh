#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/vm/qemu-stress: the load that made QEMU 10.0.2's
# NVMe controller free requests still in flight (docs/qemu-nvme-bug.md).
# Each round starts JOBS IOWorkers (randrw, 4 KiB, iodepth 8, each on its
# own queue pair) and, while they run, either
#   resets N JOBS   resets the controller (CC.EN 1 -> 0 -> 1), N rounds, or
#   unplugs N JOBS  has the host remove the controller (QMP device_del
#                   through the relay) and add it back, N rounds;
# both can be given, in that order. Prints TAP; exit 0 when every round
# passed. The controller must be in an NVM subsystem (subsys=1) for its
# namespace to come back with it after device_add.
cd "$(dirname "$0")/../.." || exit 1
nvmetest=build/bin/nvmetest
bdf=${NVMETEST_BDFS%% *}
# ok, not_ok, skip and the counters n and failed
. tests/selftests/lib/ktap.sh
trap 'rm -rf "$TMP"' EXIT

# the host's QMP socket, through the relay of tools/vm/run
qmp() {
	python3 tools/vm/qmp.py --guest --timeout 120 "$@"
}


# start_workers JOBS: IOWorkers in the background, long enough to be
# running when the round ends them; $wpid is the CLI waiting for them.
start_workers() {
	$nvmetest ioworker "$bdf" --rw=randrw --bs=4k --iodepth=8 \
		--numjobs="$1" --runtime=60 -o json >/dev/null 2>&1 &
	wpid=$!
	# the workers run once the queues are created; give them a second
	sleep 1
}

bind_and_init() {
	$nvmetest bind "$bdf" >/dev/null &&
		$nvmetest init "$bdf" --vectors=$(($1 + 1)) >/dev/null
}

resets() {
	local rounds=$1 jobs=$2 i=0
	bind_and_init "$jobs" || { not_ok "bind and init $bdf"; return; }
	while [ "$i" -lt "$rounds" ]; do
		i=$((i + 1))
		start_workers "$jobs"
		if ! $nvmetest reset "$bdf" >/dev/null; then
			kill "$wpid" 2>/dev/null
			wait "$wpid"
			not_ok "reset $i of $rounds with $jobs IOWorkers running"
			return
		fi
		# the workers end with the reset (end_reason "reset", exit 1)
		wait "$wpid"
	done
	ok "$rounds resets with $jobs IOWorkers running"
	$nvmetest unbind "$bdf" >/dev/null
}

# wait_for_function: the guest has found the function again after device_add
# (ACPI hotplug of the root port; at most 30 s)
wait_for_function() {
	local i=0
	while [ ! -e "/sys/bus/pci/devices/$bdf" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "/sys/bus/pci/devices/$bdf" ]
}

unplugs() {
	local rounds=$1 jobs=$2 r=0 dev
	dev=$(sed -n 's/^nvme0.device=//p' "$NVMETEST_VMCONF")
	while [ "$r" -lt "$rounds" ]; do
		r=$((r + 1))
		wait_for_function || { not_ok "unplug $r: $bdf is back"; return; }
		bind_and_init "$jobs" || { not_ok "unplug $r: bind and init $bdf"; return; }
		start_workers "$jobs"
		if ! qmp device_del nvme0 >/dev/null; then
			not_ok "unplug $r: device_del nvme0"
			return
		fi
		# the workers end with the removal (end_reason "removed", exit 1)
		wait "$wpid"
		if ! qmp device_add "$dev" >/dev/null; then
			not_ok "unplug $r: device_add $dev"
			return
		fi
	done
	wait_for_function || { not_ok "the controller is back after $rounds unplugs"; return; }
	ok "$rounds unplugs (device_del, device_add) with $jobs IOWorkers running"
}

tests/vm/load-module.sh || exit 1
echo "TAP version 13"
while [ $# -ge 3 ]; do
	case $1 in
	resets) resets "$2" "$3" ;;
	unplugs) unplugs "$2" "$3" ;;
	*)
		echo "usage: qemu-stress-guest.sh [resets N JOBS] [unplugs N JOBS]" >&2
		exit 2
		;;
	esac
	shift 3
done
echo "1..$n"
[ "$failed" -eq 0 ]
