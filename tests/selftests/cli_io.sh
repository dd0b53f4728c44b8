#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of the nvmetest IO commands inside the test VM:
# bind, init, the namespace list, write/read/compare of a file's data on
# every namespace (separate metadata too where the format has it), write
# zeroes, write uncorrectable and the read error it causes, dataset
# management, copy, flush, verify, io-passthru (and one past its buffer:
# the overrun is reported), the queue list, a queue
# the device refuses, the command log of an IO queue held open by
# `create-queue --hold` and of the admin queue, and unbind back to the
# in-tree nvme driver.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.

. "$(dirname "$0")/lib/ktap.sh"

holder=

# a field of namespace NSID from `namespaces -o json`
ns_field() {
	python3 -c '
import json, sys
for ns in json.load(open(sys.argv[1]))["namespaces"]:
    if ns["nsid"] == int(sys.argv[2]):
        print(int(ns[sys.argv[3]]))' "$TMP/ns.json" "$1" "$2" 2> /dev/null
}

cleanup() {
	[ -n "$holder" ] && kill "$holder" 2> /dev/null && wait "$holder" 2> /dev/null
	ktap_cleanup
}
trap cleanup EXIT

ktap_plan 79

check "bind" "$NVMETEST" bind "$BDF"
[ "$(driver_of)" = nvmetest ] && ok "bound to nvmetest" || not_ok "bound to nvmetest"
check "init" "$NVMETEST" init "$BDF"

check "namespaces" "$NVMETEST" namespaces "$BDF"
grep_out "namespaces shows nsid 1" "^1 +[0-9.]+ [KMGT]iB"
check_json "namespaces -o json" "$NVMETEST" namespaces "$BDF" -o json --rescan
cp "$TMP/out" "$TMP/ns.json"
py "namespace 1: 512-byte LBAs" '
import json, sys
ns = {n["nsid"]: n for n in json.load(sys.stdin)["namespaces"]}
assert ns[1]["lba_size"] == 512 and ns[1]["nsze"] > 0, ns[1]
assert len(ns[1]["lbafs"]) == ns[1]["nlbaf"] + 1, ns[1]'

# write, read back and compare on every namespace (8 blocks at LBA 8)
for nsid in 1 2; do
	lbs=$(ns_field "$nsid" lba_size)
	ms=$(ns_field "$nsid" ms)
	ext=$(ns_field "$nsid" extended)
	if [ -z "$lbs" ]; then
		for t in write read "read data identical" compare "compare mismatch" \
			 "mismatch status"; do
			skip "ns $nsid: $t" "no namespace $nsid in this VM configuration"
		done
		continue
	fi
	size=$((8 * lbs))
	mopt=
	if [ "$ms" -gt 0 ] && [ "$ext" -eq 0 ]; then
		head -c $((8 * ms)) /dev/urandom > "$TMP/meta$nsid"
		mopt="-M $TMP/meta$nsid"
	fi
	head -c "$size" /dev/urandom > "$TMP/data$nsid"
	# shellcheck disable=SC2086
	check "ns $nsid: write 8 blocks of $lbs bytes${mopt:+ + metadata}" \
		"$NVMETEST" write "$BDF" -n "$nsid" -s 8 -c 7 -d "$TMP/data$nsid" $mopt
	rm -f "$TMP/back$nsid" "$TMP/mback$nsid"
	check "ns $nsid: read them back" "$NVMETEST" read "$BDF" -n "$nsid" -s 8 -c 7 \
		-d "$TMP/back$nsid" ${mopt:+-M "$TMP/mback$nsid"}
	if [ -n "$mopt" ]; then
		cat "$TMP/data$nsid" "$TMP/meta$nsid" > "$TMP/want$nsid"
		cat "$TMP/back$nsid" "$TMP/mback$nsid" > "$TMP/got$nsid" 2> /dev/null
		same "ns $nsid: data and metadata identical" "$TMP/want$nsid" "$TMP/got$nsid"
	else
		same "ns $nsid: read data identical" "$TMP/data$nsid" "$TMP/back$nsid"
	fi
	# the device compares the metadata too: give it
	# shellcheck disable=SC2086
	check "ns $nsid: compare matches" "$NVMETEST" compare "$BDF" -n "$nsid" -s 8 -c 7 \
		-d "$TMP/data$nsid" $mopt
	head -c "$size" /dev/urandom > "$TMP/other$nsid"
	# shellcheck disable=SC2086
	check_fail "ns $nsid: compare mismatch exits 1" "$NVMETEST" compare "$BDF" -n "$nsid" \
		-s 8 -c 7 -d "$TMP/other$nsid" $mopt
	grep_out "ns $nsid: mismatch status is named" "NVMe status COMPARE_FAILED: Compare Failure"
done

check "read -o json with the data" "$NVMETEST" read "$BDF" -s 8 -c 0 -o json
py "read json: status and 512 data bytes" '
import json, sys
d = json.load(sys.stdin)
assert d["command"] == "read" and d["status"] == 0 and d["nlb"] == 0, d
assert len(d["data"]) == 1024, len(d["data"])'
check "read hexdump" "$NVMETEST" read "$BDF" -s 8 -c 0
grep_out "read prints a hex dump" "^01f0:"

check "write-zeroes" "$NVMETEST" write-zeroes "$BDF" -s 8 -c 7
check "read the zeroes" "$NVMETEST" read "$BDF" -s 8 -c 7 -d "$TMP/zback"
head -c 4096 /dev/zero > "$TMP/zeroes"
same "the blocks read as zeroes" "$TMP/zeroes" "$TMP/zback"
check "write-zeroes --deac" "$NVMETEST" write-zeroes "$BDF" -s 64 -c 7 --deac

# QEMU's controller has no Write Uncorrectable (ONCS bit 1): it must then
# say so with Invalid Command Opcode
"$NVMETEST" write-uncor "$BDF" -s 32 -c 0 > "$TMP/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "INVALID_OPCODE" "$TMP/out"; then
	ok "write-uncor refused with INVALID_OPCODE (no Write Uncorrectable)"
	for t in "read of the uncorrectable block fails" \
		 "the status line names Unrecovered Read Error" "writing the block again" \
		 "then it reads"; do
		skip "$t" "the controller has no Write Uncorrectable"
	done
else
	[ $rc -eq 0 ] && ok "write-uncor" || not_ok "write-uncor"
	check_fail "read of the uncorrectable block fails" "$NVMETEST" read "$BDF" -s 32 -c 0 \
		-d "$TMP/unc"
	grep_out "the status line names Unrecovered Read Error" \
		"read: NVMe status READ_ERROR: Unrecovered Read Error \(0x[0-9a-f]{4}\)"
	check "writing the block again" "$NVMETEST" write "$BDF" -s 32 -c 0 -d "$TMP/data1"
	check "then it reads" "$NVMETEST" read "$BDF" -s 32 -c 0 -d "$TMP/unc"
fi

check "dsm --ad" "$NVMETEST" dsm "$BDF" --ad -s 0,100 -b 8,8
grep_out "dsm reports success" "^dsm: Success"
check "dsm --idr --idw -o json" "$NVMETEST" dsm "$BDF" --idr --idw -s 0 -b 1 -o json

check "write the copy source" "$NVMETEST" write "$BDF" -s 200 -c 7 -d "$TMP/data1"
"$NVMETEST" copy "$BDF" -d 300 -s 200,204 -b 3,3 > "$TMP/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q INVALID_OPCODE "$TMP/out"; then
	skip "copy" "the controller has no Copy"
	skip "read the copy" "no Copy"
	skip "copy identical" "no Copy"
else
	[ $rc -eq 0 ] && ok "copy two ranges" || not_ok "copy two ranges"
	check "read the copy" "$NVMETEST" read "$BDF" -s 300 -c 7 -d "$TMP/cback"
	same "copy identical" "$TMP/data1" "$TMP/cback"
fi

check "flush" "$NVMETEST" flush "$BDF"
grep_out "flush reports success" "^flush: Success"
"$NVMETEST" verify "$BDF" -s 200 -c 7 > "$TMP/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q INVALID_OPCODE "$TMP/out"; then
	skip "verify" "the controller has no Verify"
else
	[ $rc -eq 0 ] && ok "verify" || not_ok "verify"
fi

check "io-passthru read" "$NVMETEST" io-passthru "$BDF" --opcode=0x02 -n 1 --cdw10=200 \
	-l 512 -r -i "$TMP/pt"
grep_out "io-passthru reports success" "IO Command Read is Success"
head -c 512 "$TMP/data1" > "$TMP/pt-want"
same "io-passthru read the data" "$TMP/pt-want" "$TMP/pt"
# 64 blocks into a 4 KiB buffer: sent as is, the excess in the sink, a finding
check_fail "io-passthru past the buffer fails" "$NVMETEST" io-passthru "$BDF" \
	--opcode=0x02 -n 1 --cdw10=200 --cdw12=63 -l 4096 -r -i "$TMP/pt"
grep_out "io-passthru past the buffer says how far" "moved 28672 bytes beyond the 4096-byte data buffer"
# Identify into 64 bytes: the admin queue's log keeps the mark
check_fail "admin-passthru past the buffer fails" "$NVMETEST" admin-passthru "$BDF" \
	--opcode=0x06 --cdw10=1 -l 64 -r
check_json "cmdlog marks the overrun" "$NVMETEST" cmdlog "$BDF" -q 0 -n 1 -o json
py "cmdlog: OVERRUN, the CQE kept, PRP2 not 0" '
import json, sys
e = json.load(sys.stdin)["entries"][-1]
assert e["overrun"] and e["host_status"] == "OVERRUN", e
assert e["cqe"] is not None and e["status"] == 0, e
assert e["sqe"]["prp2"] != 0, e'

check_json "queues -o json" "$NVMETEST" queues "$BDF" -o json
py "queues: the admin SQ and CQ, no IO queue left" '
import json, sys
q = json.load(sys.stdin)["queues"]
assert {(x["qid"], x["type"]) for x in q} == {(0, "sq"), (0, "cq")}, q'
check "queues table" "$NVMETEST" queues "$BDF"
grep_out "queues table lists the admin SQ" "^0 +sq "

check "create-queue -q 1" "$NVMETEST" create-queue "$BDF" -q 1
grep_out "create-queue created both" "created IO SQ 1"
check_fail "create-queue with an invalid qid" "$NVMETEST" create-queue "$BDF" -q 65535
grep_out "the device's status is reported" "create IO CQ: NVMe status [A-Z_]+: .*\(0x[0-9a-f]{4}\)"
check_fail "delete-queue of no queue" "$NVMETEST" delete-queue "$BDF" -q 7

# an IO queue held open by another process until a signal (a timed hold
# would have to outlast the commands below, whatever the host's load):
# commands use it, its log stays, and it goes with its process
"$NVMETEST" create-queue "$BDF" -q 2 --hold 0 > "$TMP/holder" 2>&1 &
holder=$!
i=0
while ! grep -q "created IO SQ 2" "$TMP/holder" && [ $i -lt 120 ]; do
	sleep 0.25
	i=$((i + 1))
done
check "queues shows the held queue" "$NVMETEST" queues "$BDF"
grep_out "held SQ 2 listed" "^2 +sq "
check "write on the held queue" "$NVMETEST" write "$BDF" -q 2 -s 8 -c 7 -d "$TMP/data1"
check "read on the held queue" "$NVMETEST" read "$BDF" -q 2 -s 8 -c 7 -d "$TMP/back"
check "cmdlog -q 2" "$NVMETEST" cmdlog "$BDF" -q 2
grep_out "cmdlog shows the write" " Write +1 +8\+8 +SUCCESS"
grep_out "cmdlog shows the read" " Read +1 +8\+8 +SUCCESS"
check_json "cmdlog -q 2 -o json" "$NVMETEST" cmdlog "$BDF" -q 2 -n 4 -o json
py "cmdlog json: write then read, slba 8, 8 blocks" '
import json, sys
d = json.load(sys.stdin)
e = d["entries"]
names = [x["name"] for x in e]
assert names[-2:] == ["Write", "Read"], names
for x in e[-2:]:
    assert x["slba"] == 8 and x["nlb"] == 7 and x["status_name"] == "SUCCESS", x
    assert x["done"] and x["latency_ns"] > 0, x
assert d["total"] >= 2, d'
py "cmdlog json: every SQE and CQE dword" '
import json, sys
for x in json.load(sys.stdin)["entries"][-2:]:
    q, c = x["sqe"], x["cqe"]
    assert q["opc"] == x["opcode"] and q["cid"] == x["cid"] and q["nsid"] == 1, x
    assert q["cdw10"] == 8 and q["cdw11"] == 0 and q["cdw12"] & 0xffff == 7, q
    # 4 KiB at a dword-aligned offset: PRP2 is the second page when the
    # data crosses into one, and is a page in any case when set
    off = q["prp1"] % 4096
    assert q["psdt"] == 0 and q["prp1"] and off % 4 == 0, q
    assert q["prp2"] % 4096 == 0 and (q["prp2"] or not off), q
    assert set(q) >= {"cdw2", "cdw3", "mptr", "cdw13", "cdw14", "cdw15"}, q
    assert c["sqid"] == 2 and c["cid"] == x["cid"] and c["status"] == 0, c
    assert c["dw3"] >> 17 == 0 and c["dw3"] & 0xffff == x["cid"], c'
check "cmdlog -q 2 -v" "$NVMETEST" cmdlog "$BDF" -q 2 -n 2 -v
grep_out "cmdlog -v shows the SQE's MPTR, PRP1 and PRP2" \
	"^ +mptr +0x[0-9a-f]{16} +prp1 +0x[0-9a-f]{16} +prp2 +0x[0-9a-f]{16}$"
grep_out "cmdlog -v shows the CQE" \
	"^ +cqe +dw0 +0x[0-9a-f]{8} +dw1 +0x[0-9a-f]{8} +sqhd +[0-9]+ +sqid +2$"
kill -TERM "$holder"
wait "$holder"
rc=$?
holder=
[ $rc -eq 143 ] && ok "create-queue --hold 0 holds until a signal" ||
	not_ok "create-queue --hold 0 holds until a signal (exit $rc)"
check_fail "the queue went with its process" "$NVMETEST" cmdlog "$BDF" -q 2
check "create-queue --hold 1 exits 0 after holding" "$NVMETEST" create-queue "$BDF" -q 2 --hold 1

check "cmdlog of the admin queue" "$NVMETEST" cmdlog "$BDF" -n 64
grep_out "admin cmdlog shows the queue creation" "Create I/O Completion Queue"

check "unbind" "$NVMETEST" unbind "$BDF"
[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"

ktap_finish
