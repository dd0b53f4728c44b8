#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench`, inside the test VM (started by tools/bench/run): alternating
# runs of nvmetest IOWorkers and fio on one controller whose namespace is
# RAM-backed on the host. The controller starts with the in-tree nvme
# driver; it is rebound between nvme (fio) and nvmetest (IOWorkers) as the
# runs need. Every run's JSON (fio's own, or `nvmetest ioworker -o json`,
# which has fio's shape) is kept in $NVMETEST_RESULTS/runs/, and one line
# per run goes to $NVMETEST_RESULTS/runs.tsv; tools/bench/report.py turns
# them into the table. docs/bench.md says what is measured.
#
# Environment: BENCH_RUNTIME (seconds per run, default 5), BENCH_REPEAT
# (runs of each variant, default 3), BENCH_SIZE (bytes of the LBA region
# the runs use, default 64M), BENCH_ONLY (space-separated comparisons to
# run, default all: qd32 qd1 fio_verify polled workers iow_verify).
# Exit status: 0 when every run succeeded, 1 otherwise (the table still
# shows what ran).

# The tool functions are called through run(), which shellcheck cannot see.
# shellcheck disable=SC2317
set -u
cd "$(dirname "$0")/../.." || exit 1
export PATH="$PWD/build/bin:$PATH"

RT=${BENCH_RUNTIME:-5}
REPEAT=${BENCH_REPEAT:-3}
SIZE=${BENCH_SIZE:-64M}
ONLY=${BENCH_ONLY:-qd32 qd1 fio_verify polled workers iow_verify}
BDF=${NVMETEST_BDFS:-0000:01:00.0}
BDF=${BDF%% *}
OUT=${NVMETEST_RESULTS:?not in the test VM}
RUNS=$OUT/runs
BS=4096
mkdir -p "$RUNS"
: > "$OUT/runs.tsv"
status=0
seq=0
IOW=1		# the CLI has `ioworker` (checked below)
CMD=()		# the command a builder (fio_run, iow_run, ...) made

log() {
	printf 'bench: %s\n' "$*"
}

size_bytes() {
	case $1 in
	*[kK]) echo $((${1%?} << 10)) ;;
	*[mM]) echo $((${1%?} << 20)) ;;
	*[gG]) echo $((${1%?} << 30)) ;;
	*) echo "$1" ;;
	esac
}
SIZE_B=$(size_bytes "$SIZE")
# a run longer than this is a hang (the fills move the region once: allow
# them 500 IOPS)
RUN_TIMEOUT=$((RT * 3 + 60 + SIZE_B / BS / 500))

driver_of() {
	basename "$(readlink "/sys/bus/pci/devices/$BDF/driver" 2>/dev/null)" 2>/dev/null
}

# the in-tree driver's block device of namespace 1 (waits for its probe)
BLK=
find_blk() {
	local i c
	BLK=
	for i in $(seq 40); do
		for c in /sys/bus/pci/devices/"$BDF"/nvme/nvme*; do
			[ -d "$c" ] || continue
			c=${c##*/}
			if [ -b "/dev/${c}n1" ]; then
				BLK=${c}n1
				return 0
			fi
		done
		# multipath head nodes are named by subsystem: the only disk
		for c in /sys/block/nvme*n1; do
			c=${c##*/}
			case $c in nvme*c*) continue ;; esac
			if [ -b "/dev/$c" ]; then
				BLK=$c
				return 0
			fi
		done
		sleep 0.25
	done
	return 1
}

to_nvme() {
	if [ "$(driver_of)" = nvmetest ]; then
		nvmetest unbind "$BDF" > /dev/null || return 1
	fi
	find_blk || { log "no block device for $BDF after unbind"; return 1; }
}

to_nvmetest() {
	[ "$(driver_of)" = nvmetest ] && return 0
	nvmetest bind "$BDF" > /dev/null || { log "nvmetest bind $BDF failed"; return 1; }
	nvmetest init "$BDF" --irq=msix --vectors=4 --io-queues=4 > /dev/null ||
		{ log "nvmetest init $BDF failed"; return 1; }
}

# record SEQ CMP VARIANT ROUND RC SECONDS FILE
record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$OUT/runs.tsv"
}

# IOPS (sum over the jobs) of a fio-shaped JSON file, for the progress line
iops_of() {
	python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    print("%.0f IOPS" % sum(j["read"]["iops"] + j["write"]["iops"] for j in d["jobs"]))
except Exception as e:
    print("no result (%s)" % e)' "$1" 2> /dev/null
}

# run CMP VARIANT ROUND BUILDER ARGS...: one measured run; BUILDER ARGS...
# puts the command (which prints JSON on stdout) in the array CMD
run() {
	local cmp=$1 var=$2 round=$3 f rc t0 t1
	case $4 in
	iow_*)
		if ! ((IOW)); then
			skip "$cmp" "$var" "$round" "no IOWorker"
			return 1
		fi ;;
	esac
	shift 3
	CMD=()
	"$@"	# the builder: fills CMD
	seq=$((seq + 1))
	f=$(printf '%03d-%s-%s-%s.json' "$seq" "$cmp" "$var" "$round")
	t0=$(date +%s.%N)
	# a run that hangs is interrupted (SIGINT: the CLI stops its workers
	# and reports; fio too), then killed, and counts as failed
	timeout -s INT -k 20 "$RUN_TIMEOUT" "${CMD[@]}" > "$RUNS/$f" 2> "$RUNS/${f%.json}.err"
	rc=$?
	t1=$(date +%s.%N)
	printf '%s\n' "${CMD[*]}" > "$RUNS/${f%.json}.cmd"
	[ -s "$RUNS/${f%.json}.err" ] || rm -f "$RUNS/${f%.json}.err"
	record "$seq" "$cmp" "$var" "$round" "$rc" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "$f"
	if [ "$rc" -ne 0 ]; then
		status=1
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			echo "bench: timed out after ${RUN_TIMEOUT}s (exit $rc)" >> "$RUNS/${f%.json}.err"
			case $1 in
			iow_*)
				IOW=0
				log "an IOWorker run hung: the remaining IOWorker runs are skipped" ;;
			esac
		fi
		log "$cmp $var #$round: FAILED (exit $rc), see runs/${f%.json}.err"
		[ -f "$RUNS/${f%.json}.err" ] && tail -n 3 "$RUNS/${f%.json}.err" | sed 's/^/bench:   /'
	else
		log "$cmp $var #$round: $(iops_of "$RUNS/$f")"
	fi
	return "$rc"
}

# skip CMP VARIANT ROUND WHY: a run that could not be made
skip() {
	seq=$((seq + 1))
	record "$seq" "$1" "$2" "$3" skip 0 "-"
	printf '%s\n' "$4" > "$RUNS/$(printf '%03d-%s-%s-%s.skip' "$seq" "$1" "$2" "$3")"
	log "$1 $2 #$3: skipped ($4)"
}

# --- the tools -------------------------------------------------------------

# fio on the in-tree driver: fio_run ENGINE RW QD [OPTIONS...]
fio_run() {
	local engine=$1 rw=$2 qd=$3 dev direct=1
	shift 3
	if [ "$engine" = io_uring_cmd ]; then
		# NVMe passthrough on the char device: no page cache to bypass
		# (and the char device refuses O_DIRECT)
		dev=/dev/ng${BLK#nvme}
		direct=0
		set -- --cmd_type=nvme "$@"
	else
		dev=/dev/$BLK
	fi
	# in a writable folder, should fio want to write anything there
	CMD=(env -C /tmp fio --name=bench --filename="$dev" --ioengine="$engine"
		--direct="$direct" --rw="$rw" --bs="$BS" --iodepth="$qd" --size="$SIZE_B"
		--norandommap --randrepeat=0 --verify_state_save=0
		--lat_percentiles=1 --group_reporting --output-format=json "$@")
}

fio_timed() {
	fio_run "$@" --time_based --runtime="$RT"
}

# nvmetest IOWorker: iow_run RW QD [OPTIONS...]
iow_run() {
	local rw=$1 qd=$2
	shift 2
	CMD=(nvmetest ioworker "$BDF" -n 1 --rw="$rw" --bs="$BS" --iodepth="$qd"
		--size="$SIZE_B" -o json "$@")
}

iow_timed() {
	iow_run "$@" --runtime="$RT"
}

# --- the comparisons -------------------------------------------------------

want() {
	case " $ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

# in_turn ROUND "CMD A" "CMD B": runs A then B in odd rounds, B then A in
# even ones, so that neither variant always goes first. Each CMD is split
# into words (no quoting inside).
in_turn() {
	if (($1 % 2)); then
		$2
		$3
	else
		$3
		$2
	fi
}

# iow_ready CMP ROUND VARIANT...: true when IOWorker runs can go to the
# controller; else each VARIANT of round ROUND of CMP is recorded skipped.
iow_ready() {
	local v
	((IOW)) && to_nvmetest && return 0
	for v in "${@:3}"; do
		skip "$1" "$v" "$2" "no IOWorker"
	done
	return 1
}

# 1. 4 KiB random read QD32: IOWorker vs fio io_uring vs fio io_uring_cmd.
cmp_qd32() {
	local r i v vars=(iow fio_uring fio_uring_cmd) n=3
	for r in $(seq "$REPEAT"); do
		# rotate the order each round: no variant always goes first
		for i in $(seq 0 $((n - 1))); do
			v=${vars[(i + r - 1) % n]}
			case $v in
			iow) iow_ready qd32 "$r" iow && run qd32 iow "$r" iow_timed randread 32 ;;
			fio_uring) to_nvme && run qd32 fio_uring "$r" fio_timed io_uring randread 32 ;;
			fio_uring_cmd) to_nvme && run qd32 fio_uring_cmd "$r" fio_timed io_uring_cmd randread 32 ;;
			esac
		done
	done
}

# 3. QD1 4 KiB random read latency: IOWorker vs fio io_uring.
qd1_fio() {
	to_nvme && run qd1 fio_uring "$1" fio_timed io_uring randread 1
}

qd1_iow() {
	iow_ready qd1 "$1" iow && run qd1 iow "$1" iow_timed randread 1
}

cmp_qd1() {
	local r
	for r in $(seq "$REPEAT"); do
		in_turn "$r" "qd1_fio $r" "qd1_iow $r"
	done
}

# 2b. fio with verify=crc32c: a random read job checks every block it
# reads against the header that the fill at the start (a sequential write
# job with verify=crc32c, do_verify=0) put in it; vs the same reads without
# checking.
cmp_fio_verify() {
	local r
	to_nvme || return 1
	for r in $(seq "$REPEAT"); do
		in_turn "$r" \
			"run fio_verify fio_on $r fio_timed io_uring randread 32 --verify=crc32c" \
			"run fio_verify fio_off $r fio_timed io_uring randread 32"
	done
}

# iow_pair CMP A "ARGS A" B "ARGS B": REPEAT rounds of the IOWorker runs A
# and B of comparison CMP (iow_timed ARGS), in turn.
iow_pair() {
	local r
	for r in $(seq "$REPEAT"); do
		iow_ready "$1" "$r" "$2" "$4" || continue
		in_turn "$r" "run $1 $2 $r iow_timed $3" "run $1 $4 $r iow_timed $5"
	done
}

# 4a. IOWorker, QD32 random read: interrupt-driven vs polled completions.
cmp_polled() {
	iow_pair polled iow_irq "randread 32" iow_polled "randread 32 --polled"
}

# 4b. IOWorker, QD32 random read each: 1 worker vs 2 (group totals).
cmp_workers() {
	iow_pair workers iow_1 "randread 32" \
		iow_2 "randread 32 --numjobs=2 --group_reporting"
}

# 2a. IOWorker random reads with the driver's CRC map on vs off. Turning
# the map on starts it empty, so each "on" run first writes the region
# once (a sequential IOWorker write with the map on: every LBA stamped and
# its CRC recorded); then every read is checked.
iow_verify_on() {
	local r=$1 rc
	nvmetest verify-map "$BDF" --enable -n 1 > /dev/null &&
		run iow_verify iow_prep "$r" iow_run write 32 &&
		run iow_verify iow_on "$r" iow_timed randread 32
	rc=$?
	nvmetest verify-map "$BDF" -n 1 -o json > "$RUNS/verify-map-$r.json" 2>&1
	nvmetest verify-map "$BDF" --disable -n 1 > /dev/null
	return $rc
}

cmp_iow_verify() {
	local r
	for r in $(seq "$REPEAT"); do
		iow_ready iow_verify "$r" iow_on iow_off || continue
		in_turn "$r" "iow_verify_on $r" "run iow_verify iow_off $r iow_timed randread 32"
	done
}

# --- main ------------------------------------------------------------------

log "kernel $(uname -r), $BDF, runtime ${RT}s, repeat $REPEAT, region $SIZE_B bytes, ${BS}-byte IOs"
modprobe nvme || { log "modprobe nvme failed"; exit 1; }
find_blk || { log "the in-tree driver did not create a block device"; exit 1; }
tests/vm/load-module.sh || { log "loading nvmetest.ko failed"; exit 1; }

if ! nvmetest ioworker --help > /dev/null 2>&1; then
	IOW=0
	log "this nvmetest has no 'ioworker' command: the IOWorker runs are skipped"
fi

{
	echo "kernel=$(uname -r)"
	echo "fio=$(fio --version)"
	echo "nvmetest=$(nvmetest version 2> /dev/null | head -n 1)"
	echo "runtime=$RT"
	echo "repeat=$REPEAT"
	echo "size=$SIZE_B"
	echo "bs=$BS"
	echo "blk=$BLK"
	echo "ioworker=$IOW"
} > "$OUT/guest.conf"

# Fill the region once through the in-tree driver, so that every random
# read below reads written data (not holes of the sparse backing file);
# the fio verification runs check these blocks.
if ! to_nvme || ! run fill fio_fill 1 fio_run io_uring write 32 --verify=crc32c --do_verify=0; then
	log "filling the region failed"
	exit 1
fi
want qd32 && cmp_qd32
want qd1 && cmp_qd1
want fio_verify && cmp_fio_verify
want polled && cmp_polled
want workers && cmp_workers
want iow_verify && cmp_iow_verify

if [ "$(driver_of)" = nvmetest ]; then
	nvmetest unbind "$BDF" > /dev/null || status=1
fi
rmmod nvmetest || status=1
log "done ($seq runs)"
exit $status
