#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of `nvmetest ioworker` inside the test VM: bind,
# init, a sequential write then read of the same LBAs with -o json (the
# exact IO count, IOPS, fio's percentile keys in ascending order, the
# verification counters of the read with the CRC map on), randrw with two
# jobs (per job and the group), a spec the driver refuses (exit 1 naming
# the field), a command line error (exit 2), an op the controller fails
# with --stop-on-error (exit 1 naming the first error, which the JSON
# reports too), an IO sequence replayed from a
# file (exactly its IOs), a polled worker, SIGTERM stopping a run (still
# reported), fio's normal report, and unbind
# back to the in-tree nvme driver.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) with a namespace 1 of 512-byte
# blocks and at least 16 MiB, which every random worker keeps to: a random
# read anywhere in the namespace can meet a media error (the test VM
# injects one at 976 MiB, which 500 random 4 KiB reads of the 1 GiB
# namespace meet in about 1 run of 500; CI met it once). A driver without NVMETEST_INFO_CAP_IOWORKER
# skips the IOWorker tests (TAP SKIP with the reason, exit 0).

. "$(dirname "$0")/lib/ktap.sh"

PLAN=31

trap ktap_cleanup EXIT

ktap_plan $PLAN

check "bind" "$NVMETEST" bind "$BDF"
check "init" "$NVMETEST" init "$BDF"

if ! has_cap ioworker; then
	skip_until $((PLAN - 1)) "ioworker" \
		"the driver lacks NVMETEST_INFO_CAP_IOWORKER (ABI 1.4)"
	check "unbind" "$NVMETEST" unbind "$BDF"
	ktap_finish
fi

# fio's shape, common to every run: python3 helpers over the JSON on stdin
PYLIB='
import json, sys
KEYS = ["1.000000", "5.000000", "10.000000", "20.000000", "30.000000", "40.000000",
        "50.000000", "60.000000", "70.000000", "80.000000", "90.000000", "95.000000",
        "99.000000", "99.500000", "99.900000", "99.950000", "99.990000"]
def pcts(d):
    c = d["clat_ns"]
    p = c["percentile"]
    assert sorted(p, key=float) == KEYS, list(p)
    v = [p[k] for k in KEYS]
    assert v == sorted(v) and v[0] > 0, v
    assert 0 < c["min"] <= c["mean"] <= c["max"], c
    return v
def unused(d):
    assert d["total_ios"] == 0 and d["io_bytes"] == 0 and d["iops"] == 0, d
    assert "percentile" not in d["clat_ns"], d
d = json.load(sys.stdin)
'

check "verify-map --enable -n 1" "$NVMETEST" verify-map "$BDF" --enable -n 1

check_json "sequential write, 2000 IOs of 4k, -o json" \
	"$NVMETEST" ioworker "$BDF" --rw=write --bs=4k --iodepth=8 --number_ios=2000 -o json
py "write: total_ios is exactly number_ios, fio's keys, no error" "$PYLIB"'
assert len(d["jobs"]) == 1 and "group" not in d, d.keys()
j = d["jobs"][0]
w = j["write"]
assert w["total_ios"] == 2000, w["total_ios"]
assert w["io_bytes"] == 2000 * 4096 and w["io_kbytes"] == 8000, w
assert w["iops"] > 0 and w["bw_bytes"] > 0 and w["bw"] == w["bw_bytes"] // 1024, w
assert w["runtime"] == j["job_runtime"], (w["runtime"], j["job_runtime"])
pcts(w)
unused(j["read"]); unused(j["trim"])
x = j["nvmetest"]
assert x["end_reason"] == "count" and x["errors"] == 0 and x["ios"] == 2000, x
assert x["sqid"] > 0 and x["cqid"] > 0 and x["state"] == "done", x
assert x["first_error"] is None, x["first_error"]
assert j["error"] == 0 and j["job options"]["rw"] == "write", j["job options"]
assert x["spec"]["ops"] == [{"opcode": 1, "name": "Write", "pct": 100}], x["spec"]["ops"]'

check_json "sequential read of the same LBAs, -o json" \
	"$NVMETEST" ioworker "$BDF" --rw=read --bs=4k --iodepth=8 --number_ios=2000 -o json
py "read: exact count, ascending percentiles, every LBA verified" "$PYLIB"'
j = d["jobs"][0]
r = j["read"]
assert r["total_ios"] == 2000 and r["io_bytes"] == 2000 * 4096, r
assert r["iops"] > 0, r
pcts(r)
unused(j["write"])
x = j["nvmetest"]
assert x["errors"] == 0 and x["end_reason"] == "count", x
assert x["verify"] == {"lbas_verified": 16000, "failures": 0}, x["verify"]'

check_json "randrw, --numjobs=2 --runtime=2, -o json" \
	"$NVMETEST" ioworker "$BDF" --rw=randrw --rwmixread=70 --bs=4k --iodepth=4 \
	--numjobs=2 --runtime=2 --size=16m -o json
py "randrw: two jobs on their own queues, the group adds them up" "$PYLIB"'
jobs = d["jobs"]
assert len(jobs) == 2, len(jobs)
assert jobs[0]["nvmetest"]["sqid"] != jobs[1]["nvmetest"]["sqid"], [j["nvmetest"]["sqid"] for j in jobs]
for j in jobs:
    assert j["read"]["total_ios"] > 0 and j["write"]["total_ios"] > 0, j
    assert j["nvmetest"]["end_reason"] == "time" and j["nvmetest"]["errors"] == 0, j["nvmetest"]
    pcts(j["read"]); pcts(j["write"])
g = d["group"]
for k in ("read", "write"):
    assert g[k]["total_ios"] == sum(j[k]["total_ios"] for j in jobs), k
    assert g[k]["clat_ns"]["N"] == g[k]["total_ios"], k
    pcts(g[k])
assert g["nvmetest"]["jobs"] == 2, g["nvmetest"]'

check_json "--group_reporting: the group is jobs[0]" \
	"$NVMETEST" ioworker "$BDF" --rw=randread --numjobs=2 --number_ios=300 --size=16m \
	--group_reporting -o json
py "group_reporting: one job of 600 reads" "$PYLIB"'
assert len(d["jobs"]) == 1 and "group" not in d, d.keys()
assert d["jobs"][0]["read"]["total_ios"] == 600, d["jobs"][0]["read"]
pcts(d["jobs"][0]["read"])'

# a queue depth the driver refuses: the field named, exit 1, one line
check_fail "--iodepth=0 fails" "$NVMETEST" ioworker "$BDF" --iodepth=0 --number_ios=10
grep_out "the failure names the field qdepth" "^nvmetest: ioworker: .*invalid spec: qdepth$"
check_fail "--iodepth=100000 fails" "$NVMETEST" ioworker "$BDF" --iodepth=100000 --number_ios=10
grep_out "the failure names the field qdepth" "invalid spec: qdepth$"

"$NVMETEST" ioworker "$BDF" --rw=bogus > "$TMP/out" 2>&1
rc=$?
[ $rc -eq 2 ] && ok "--rw=bogus is a usage error (exit 2)" ||
	not_ok "--rw=bogus is a usage error (exit $rc)"

# an op QEMU's controller lacks (Write Uncorrectable: Invalid Opcode):
# --stop-on-error ends the job at its first IO; exit 1, one line naming it
"$NVMETEST" ioworker "$BDF" --ops=write-uncor --iodepth=1 --number_ios=20 --stop-on-error \
	-o json > "$TMP/out" 2> "$TMP/err"
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l < "$TMP/err")" -eq 1 ] &&
   grep -qE "^nvmetest: ioworker: .*: job 0: 1 IO errors, the first: Write Uncorrectable LBA [0-9]+: INVALID_OPCODE \(0x[0-9a-f]+\)$" "$TMP/err"; then
	ok "a failing op: exit 1 with the first error"
else
	not_ok "a failing op: exit 1 with the first error (exit $rc: $(cat "$TMP/err"))"
fi
py "stop-on-error: one IO, the JSON names the first error" "$PYLIB"'
j = d["jobs"][0]
x = j["nvmetest"]
assert x["end_reason"] == "error" and x["errors"] == 1 and x["ios"] == 1, x
fe = x["first_error"]
assert fe["opcode"] == 4 and fe["status_name"] == "INVALID_OPCODE", fe
assert fe["host_status_name"] == "OK" and fe["nlb"] == 8, fe
assert j["error"] == 5 and x["ops"][0]["errors"] == 1, j["error"]'

# a replayed sequence: 6 writes then 4 reads of LBAs 1000.., then a flush
{
	echo "# time_us opcode slba nlb"
	t=0
	for i in 0 1 2 3 4 5; do
		echo "$t write $((1000 + i * 8)) 8"
		t=$((t + 100))
	done
	for i in 0 1 2 3; do
		echo "$t 0x02 $((1000 + i * 8)) 8"
		t=$((t + 100))
	done
	echo "$t flush 0 1"
} > "$TMP/replay"
check_json "--replay FILE, -o json" "$NVMETEST" ioworker "$BDF" --replay="$TMP/replay" -o json
py "replay: exactly the file's IOs" "$PYLIB"'
j = d["jobs"][0]
x = j["nvmetest"]
assert x["end_reason"] == "replay" and x["errors"] == 0, x
assert x["ios"] == 11 and x["spec"]["replay_ios"] == 11, x
assert j["write"]["total_ios"] == 6 and j["write"]["io_bytes"] == 6 * 4096, j["write"]
assert j["read"]["total_ios"] == 4 and j["read"]["io_bytes"] == 4 * 4096, j["read"]
assert x["verify"]["failures"] == 0 and x["verify"]["lbas_verified"] == 32, x["verify"]'

check_json "--polled, -o json" \
	"$NVMETEST" ioworker "$BDF" --rw=randread --polled --iodepth=16 --number_ios=500 \
	--size=16m -o json
py "polled: the exact count, a polled spec" "$PYLIB"'
j = d["jobs"][0]
assert j["read"]["total_ios"] == 500, j["read"]
assert j["nvmetest"]["spec"]["polled"] is True and j["nvmetest"]["errors"] == 0, j["nvmetest"]
pcts(j["read"])'

# SIGTERM (as Ctrl-C's SIGINT) stops the workers; they are still reported.
# Sent once the worker's SQ has a completed command in its log (so the
# handler is in place and there is IO to report), not after a fixed
# sleep that a loaded host can outlast; bounded at 60 s.
"$NVMETEST" ioworker "$BDF" --rw=randread --runtime=60 --size=16m -o json > "$TMP/out" 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ]; do
	sq=$("$NVMETEST" queues "$BDF" 2> /dev/null | awk '$2 == "sq" && $1 != 0 { print $1; exit }')
	[ -n "$sq" ] && "$NVMETEST" cmdlog "$BDF" -q "$sq" -n 8 2> /dev/null | grep -q SUCCESS && break
	sleep 0.1
	i=$((i + 1))
done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 0 ] && ok "SIGTERM: exit 0" || not_ok "SIGTERM: exit 0 (exit $rc)"
py "SIGTERM: the job ended as stopped, with its results" "$PYLIB"'
j = d["jobs"][0]
assert j["nvmetest"]["end_reason"] == "stopped" and j["nvmetest"]["errors"] == 0, j["nvmetest"]
assert j["read"]["total_ios"] > 0 and j["job_runtime"] < 60000, (j["read"], j["job_runtime"])'

check "normal output" "$NVMETEST" ioworker "$BDF" --name=seq --rw=read --number_ios=100
grep_out "job header as fio's" "^seq: \(groupid=0, jobs=1\): err= 0: "
grep_out "read line as fio's" "^  read: IOPS=[0-9.]+k?, BW=[0-9.]+[KMG]?i?B/s \([0-9.]+[kMG]?B/s\)\([0-9.]+[KMG]?i?B/[0-9]+msec\)$"
grep_out "clat percentiles as fio's" "^     \|  1\.00th=\[ *[0-9]+\],  5\.00th=\[ *[0-9]+\], 10\.00th=\[ *[0-9]+\], 20\.00th=\[ *[0-9]+\],$"
grep_out "run status line" "^   READ: bw=.* run=[0-9]+-[0-9]+msec$"

check "verify-map --disable" "$NVMETEST" verify-map "$BDF" --disable
check "unbind" "$NVMETEST" unbind "$BDF"
ktap_finish
