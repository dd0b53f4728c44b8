#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the VM, for tests/stress/run: one stress loop, COUNT iterations,
# between slab figures taken with the module loaded and the controller
# bound and initialised (tests/stress/figures.sh), then a kmemleak check
# and the module's unload. Prints TAP and a "# summary" line.
#
# Usage: guest.sh LOOP COUNT
#   reset    controller resets with 4 IOWorkers and 32 io_uring reads running
#   rebind   sysfs unbind/bind of the function (io_uring reads in flight,
#            and IOWorkers whose file is closed at the same moment), then
#            rmmod/insmod with the controller bound and enabled
#   unplug   QMP device_del from the guest with IOWorkers, io_uring reads
#            and a loop of Identify (admin, synchronous) in flight, then
#            device_add (needs subsys=1 for the namespaces to come back)
#   timeout  16 reads with a 50 ms timeout on namespace 3, which QEMU
#            throttles to 10 IOPS: they time out in the driver and the
#            device completes them late (tests/stress/late_completions.c)
cd "$(dirname "$0")/../.." || exit 1
nvmetest=build/bin/nvmetest
helpers=build/tests/stress
bdf=${NVMETEST_BDFS%% *}
jobs=4
depth=32
# a vector per IOWorker, one for the io_uring reads' queue, one for admin
vectors=$((jobs + 2))
drv=/sys/bus/pci/drivers/nvmetest
# ok, not_ok, skip and the counters n and failed
. tests/selftests/lib/ktap.sh
trap 'rm -rf "$TMP"' EXIT

. tests/stress/figures.sh

# mark WHAT: a line in the kernel log, so that a driver message can be
# placed in the loop (dmesg.txt of the run)
mark() {
	echo "nvmetest-stress: $*" > /dev/kmsg
}

# dmesg_check: kernel messages that tools/vm/run does not fail on but
# that mean the driver lost memory: a DMA pool destroyed with blocks still
# allocated (mm/dmapool.c "busy": its pages are never freed)
dmesg_check() {
	local busy
	busy=$(dmesg | grep -c 'dma_pool_destroy .* busy')
	if [ "$busy" -gt 0 ]; then
		not_ok "no DMA pool destroyed busy during the $1 loop: $busy (each leaks its pages)"
		dmesg | grep -E 'dma_pool_destroy .* busy|nvmetest-stress:' |
			grep -B2 'dma_pool_destroy' | sed 's/^/# /' | head -30
	else
		ok "no DMA pool destroyed busy during the $1 loop"
	fi
}

# the host's QMP socket, through the relay of tools/vm/run
qmp() {
	python3 tools/vm/qmp.py --guest --timeout 120 "$@"
}

bind_and_init() {
	$nvmetest bind "$bdf" > /dev/null &&
		$nvmetest init "$bdf" --vectors=$vectors > /dev/null
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds
wait_for() {
	local i=0 limit=$(($1 * 10))
	shift
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge $limit ] && return 1
		sleep 0.1
	done
}

function_present() {
	[ -e "/sys/bus/pci/devices/$bdf" ]
}

# io_sqs_at_least N: the driver's table has N IO SQs (the IOWorkers' and
# the io_uring reads' queues exist, so IO is under way)
io_sqs_at_least() {
	[ "$($nvmetest queues "$bdf" 2> /dev/null |
		awk '$2 == "sq" && $1 != 0' | wc -l)" -ge "$1" ]
}

# --- the io_uring reads (tests/stress/uring_reads.c) ----------------------

# uring_start: DEPTH reads in flight on a queue of their own, in the
# background; $upid is the helper.
uring_start() {
	rm -f /tmp/uring.ready /tmp/uring.out
	$helpers/uring_reads "$bdf" --depth $depth --ready /tmp/uring.ready \
		> /tmp/uring.out 2>&1 &
	upid=$!
}

# uring_ready K: the K-th queue the helper created holds DEPTH reads
uring_ready_file() {
	[ "$(cat /tmp/uring.ready 2> /dev/null || echo 0)" -ge "$1" ]
}

uring_ready() {
	wait_for 60 uring_ready_file "$1" && kill -0 "$upid" 2> /dev/null
}

# uring_finish [SIGNAL]: signal the helper (if given), wait up to 60 s for
# it to reap every read, and put its counts in $uring_line; non-zero when
# it hung or counted a failure.
uring_finish() {
	local rc=0
	[ -n "$1" ] && kill "-$1" "$upid" 2> /dev/null
	if ! wait_for 60 eval '! kill -0 "$upid" 2> /dev/null'; then
		kill -KILL "$upid" 2> /dev/null
		rc=1
	fi
	wait "$upid" || rc=1
	uring_line=$(grep '^uring_reads:' /tmp/uring.out)
	[ -n "$uring_line" ] || rc=1
	[ $rc -eq 0 ] || sed 's/^/# /' /tmp/uring.out
	return $rc
}

# uring_count KEY: a count from $uring_line
uring_count() {
	echo "$uring_line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"
}

# --- IOWorkers -------------------------------------------------------------

# iow_start: JOBS IOWorkers (randrw, 4 KiB, iodepth 8, a queue pair each),
# meant to be ended by the loop's event; `timeout` bounds a run the event
# failed to end. $wpid is the CLI.
iow_start() {
	timeout 120 $nvmetest ioworker "$bdf" --rw=randrw --bs=4k --iodepth=8 \
		--numjobs=$jobs --runtime=60 -o json > /tmp/iow.json 2>&1 &
	wpid=$!
}

# iow_finish REASON: the CLI has ended and every worker says REASON
iow_finish() {
	local rc=0 ended
	wait "$wpid" && rc=1	# exit 0 would mean they ran out their time
	ended=$(grep -c "\"end_reason\": *\"$1\"" /tmp/iow.json)
	if [ "$ended" -ne $jobs ]; then
		echo "# IOWorkers: $ended of $jobs ended by $1; the CLI said:"
		grep -E 'end_reason|nvmetest:' /tmp/iow.json | sed 's/^/#   /' | head -10
		rc=1
	fi
	return $rc
}

# --- the loops ------------------------------------------------------------

loop_reset() {
	local rounds=$1 i=0 bad=""
	uring_start
	while [ $i -lt "$rounds" ]; do
		i=$((i + 1))
		uring_ready $i || { bad="reset $i: the io_uring reads never filled queue $i"; break; }
		iow_start
		io_sqs_at_least $((jobs + 1)) ||
			wait_for 30 io_sqs_at_least $((jobs + 1)) ||
			{ bad="reset $i: the IOWorkers' queues never appeared"; break; }
		mark "reset $i: reset"
		$nvmetest reset "$bdf" > /dev/null || { bad="reset $i: nvmetest reset failed"; break; }
		iow_finish reset || { bad="reset $i: the IOWorkers did not end with the reset"; break; }
	done
	[ -n "$bad" ] && kill "$wpid" 2> /dev/null
	if [ -z "$bad" ]; then
		ok "$rounds resets with $jobs IOWorkers and $depth io_uring reads running"
	else
		not_ok "$bad"
	fi
	if uring_finish TERM && [ "$(uring_count ok)" -gt 0 ] &&
		[ "$(uring_count creates)" -ge "$i" ]; then
		ok "io_uring reads through the resets: $uring_line"
	else
		not_ok "io_uring reads through the resets: ${uring_line:-no counts}"
	fi
	iterations=$i
}

loop_rebind() {
	local rounds=$1 i=0 bad=""
	while [ $i -lt "$rounds" ]; do
		i=$((i + 1))
		uring_start
		uring_ready 1 || { bad="rebind $i: the io_uring reads never started"; break; }
		iow_start
		wait_for 30 io_sqs_at_least $((jobs + 1)) ||
			{ bad="rebind $i: the IOWorkers' queues never appeared"; break; }
		# The IOWorkers' file is released (their CLI killed) while the
		# unbind begins: remove must wait for the workers that file
		# release is ending, whose threads still free DMA memory.
		mark "rebind $i: the IOWorkers' CLI killed and sysfs unbind, io_uring reads in flight"
		pkill -KILL -P "$wpid"
		echo "$bdf" > $drv/unbind || { bad="rebind $i: sysfs unbind"; break; }
		wait "$wpid"
		uring_finish && [ "$(uring_count gone)" -gt 0 ] ||
			{ bad="rebind $i: the io_uring reads after unbind: ${uring_line:-no counts}"; break; }
		mark "rebind $i: sysfs bind"
		echo "$bdf" > $drv/bind || { bad="rebind $i: sysfs bind"; break; }
		bind_and_init && $nvmetest id-ctrl "$bdf" > /dev/null ||
			{ bad="rebind $i: init and Identify after sysfs bind"; break; }
		mark "rebind $i: rmmod"
		rmmod nvmetest || { bad="rebind $i: rmmod with the controller enabled"; break; }
		tests/vm/load-module.sh || { bad="rebind $i: insmod"; break; }
		bind_and_init && $nvmetest id-ctrl "$bdf" > /dev/null ||
			{ bad="rebind $i: bind, init and Identify after insmod"; break; }
	done
	if [ -z "$bad" ]; then
		ok "$rounds rounds of sysfs unbind/bind (io_uring reads in flight) and rmmod/insmod"
	else
		not_ok "$bad"
	fi
	iterations=$i
}

# id_ctrl_loop: synchronous admin commands until the device is gone; the
# number that succeeded goes to /tmp/admin.count
id_ctrl_loop() {
	local k=0
	while $nvmetest id-ctrl "$bdf" > /dev/null 2>&1; do
		k=$((k + 1))
	done
	echo $k > /tmp/admin.count
}

loop_unplug() {
	local rounds=$1 i=0 bad="" dev apid admin=0 reads=0
	dev=$(sed -n 's/^nvme0.device=//p' "$NVMETEST_VMCONF")
	while [ $i -lt "$rounds" ]; do
		i=$((i + 1))
		wait_for 30 function_present || { bad="unplug $i: $bdf is not back"; break; }
		bind_and_init || { bad="unplug $i: bind and init $bdf"; break; }
		uring_start
		uring_ready 1 || { bad="unplug $i: the io_uring reads never started"; break; }
		iow_start
		rm -f /tmp/admin.count
		id_ctrl_loop &
		apid=$!
		wait_for 30 io_sqs_at_least $((jobs + 1)) ||
			{ bad="unplug $i: the IOWorkers' queues never appeared"; break; }
		mark "unplug $i: device_del"
		qmp device_del nvme0 > /dev/null || { bad="unplug $i: QMP device_del nvme0"; break; }
		iow_finish removed || { bad="unplug $i: the IOWorkers did not end with the removal"; break; }
		uring_finish && [ "$(uring_count gone)" -gt 0 ] ||
			{ bad="unplug $i: the io_uring reads after the removal: ${uring_line:-no counts}"; break; }
		reads=$((reads + $(uring_count ok)))
		wait_for 60 eval '! kill -0 "$apid" 2> /dev/null' ||
			{ bad="unplug $i: Identify still running 60 s after the removal"; kill "$apid"; break; }
		wait "$apid"
		admin=$((admin + $(cat /tmp/admin.count)))
		mark "unplug $i: device_add"
		qmp device_add "$dev" > /dev/null || { bad="unplug $i: QMP device_add"; break; }
	done
	if [ -z "$bad" ]; then
		ok "$rounds surprise removals with $jobs IOWorkers, $depth io_uring reads and Identify in flight ($reads reads, $admin Identify completed)"
	else
		not_ok "$bad"
	fi
	if wait_for 30 function_present && bind_and_init; then
		ok "the controller is back and initialises after $i removals"
	else
		not_ok "the controller is back and initialises after $i removals"
	fi
	iterations=$i
}

loop_timeout() {
	local rounds=$1 i=0 bad=0 out timedout=0 late=0
	while [ $i -lt "$rounds" ]; do
		i=$((i + 1))
		mark "timeout $i"
		if out=$($helpers/late_completions "$bdf" --nsid 3 --count 16 \
			--timeout-ms 50 2>&1); then
			timedout=$((timedout + $(echo "$out" | sed -n 's/.* timedout=\([0-9]*\).*/\1/p')))
			late=$((late + $(echo "$out" | sed -n 's/.* late=\([0-9]*\).*/\1/p')))
		else
			bad=$((bad + 1))
			echo "$out" | sed "s/^/# round $i: /"
		fi
	done
	if [ $bad -eq 0 ]; then
		ok "$rounds rounds of 16 reads timed out at 50 ms and completed late ($timedout timeouts, $late late completions)"
	else
		not_ok "$bad of $rounds rounds of timeouts with late completions failed"
	fi
	if $nvmetest id-ctrl "$bdf" > /dev/null; then
		ok "Identify after the timeouts"
	else
		not_ok "Identify after the timeouts"
	fi
	iterations=$i
}

# --- main -----------------------------------------------------------------

loop=$1 count=$2
case $loop in
reset | rebind | unplug | timeout) ;;
*)
	echo "usage: guest.sh reset|rebind|unplug|timeout COUNT" >&2
	exit 2
	;;
esac
echo "TAP version 13"
echo "# $loop x$count on $(uname -r), controller $bdf"
if [ "$loop" = timeout ] && [ -z "$(sed -n 's/^nvme0.ns3.iops=//p' "$NVMETEST_VMCONF")" ]; then
	skip "timeouts with late completions" "namespace 3 is not throttled in this VM (tests/vm/run-all's SPEC)"
	echo "1..$n"
	exit 0
fi
if ! tests/vm/load-module.sh || ! bind_and_init; then
	not_ok "load nvmetest, bind and initialise $bdf"
	echo "1..$n"
	exit 1
fi
kmemleak_start
slab_snapshot before
start=$(date +%s)
iterations=0
"loop_$loop" "$count"
secs=$(($(date +%s) - start))
# the figures compare like with like: loaded, bound, initialised
if bind_and_init; then
	slab_snapshot after
	kmemleak_check "$loop"
	slab_report "$loop" "$iterations" "$secs"
else
	not_ok "bind and initialise $bdf after the loop, for the figures"
fi
mark "$loop: unbind and rmmod at the end"
if $nvmetest unbind "$bdf" > /dev/null && rmmod nvmetest; then
	ok "unbind and rmmod after the $loop loop"
else
	not_ok "unbind and rmmod after the $loop loop"
fi
dmesg_check "$loop"
echo "1..$n"
[ "$failed" -eq 0 ]
