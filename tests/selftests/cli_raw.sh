#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of `nvmetest raw-queue` (the raw path from the
# command line) inside the test VM: without the driver's raw capability
# (raw_unsafe=0 and no IOMMU) it refuses with the reason; with it, a Write
# and a Read of 8 blocks near the end of namespace 1 round-trip the data
# through a raw queue pair woken by interrupts (and 64 blocks, whose PRP2
# is a PRP list, at NSZE - 64), CID 0xFFFF comes back in
# normal and JSON output (polled), --count 5 on --depth 4 wraps both
# queues (CIDs past 0xFFFF, the phase tag inverts) and shows every CQE, an
# invalid opcode shows Invalid Command Opcode, and no queue is left. The
# LBAs are written again through `nvmetest write` after, so that the
# driver's CRC map of namespace 1 (other suites keep one) is right.
# raw_unsafe is set only when INFO lacks the raw capability, and put back
# as it was found. Never --prp1/--prp2: without an IOMMU the device would
# DMA to whatever guest memory the address names.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.

. "$(dirname "$0")/lib/ktap.sh"

PLAN=37
PARAM=/sys/module/nvmetest/parameters/raw_unsafe
QID=3
found=

cleanup() {
	[ -n "$found" ] && echo "$found" > "$PARAM"
	ktap_cleanup
}
trap cleanup EXIT

# raw CMD...: raw-queue on queue pair $QID
raw() {
	"$NVMETEST" raw-queue "$BDF" -q "$QID" "$@"
}

ktap_plan $PLAN

check "bind" "$NVMETEST" bind "$BDF"
check "init" "$NVMETEST" init "$BDF"
check_json "namespaces -o json" "$NVMETEST" namespaces "$BDF" -o json
nsze=$(python3 -c '
import json, sys
print([n for n in json.load(sys.stdin)["namespaces"] if n["nsid"] == 1][0]["nsze"])' \
	< "$TMP/out" 2> /dev/null)
check "raw-queue --help" "$NVMETEST" raw-queue --help
# (a leading blank: grep takes no pattern for an option)
grep_out "--help: --prp1 hands the device an arbitrary address" \
	" --prp1=ADDR +PRP1 as given.*arbitrary bus address"

found=$(cat "$PARAM" 2> /dev/null)
if [ -z "$found" ] || [ -z "$nsze" ]; then
	not_ok "raw_unsafe and namespace 1 found"
	skip_until $((PLAN - 1)) "raw-queue" "no raw_unsafe parameter or no namespace 1"
	check "unbind" "$NVMETEST" unbind "$BDF"
	ktap_finish
fi
echo 0 > "$PARAM"
if has_cap raw; then
	skip "without the raw capability raw-queue fails" "the device is behind a translating IOMMU"
	skip "the reason names raw_unsafe and the IOMMU" "the device is behind a translating IOMMU"
else
	check_fail "without the raw capability raw-queue fails" raw --opcode 0 -n 1
	grep_out "the reason names raw_unsafe and the IOMMU" "raw_unsafe=1.*IOMMU|IOMMU.*raw_unsafe=1"
fi
echo "$found" > "$PARAM"
has_cap raw || echo 1 > "$PARAM"
if has_cap raw; then ok "the raw capability"; else not_ok "the raw capability"; fi

# 8 blocks of 512 bytes at NSZE - 64
slba=$((nsze - 64))
lo=$((slba & 0xffffffff))
hi=$((slba >> 32))
head -c 4096 /dev/urandom > "$TMP/data"
check "raw Write of 8 blocks at NSZE - 64" raw --opcode 0x01 -n 1 --cdw10 "$lo" --cdw11 "$hi" \
	--cdw12 7 -l 4096 -w -i "$TMP/data"
grep_out "the Write's CQE: cid 0, sqid $QID, phase 1, SUCCESS" \
	"^cqe +cid 0 +sqid $QID +sqhd 1 +phase 1 .* status 0x0000 SUCCESS"
grep_out "the CQ has interrupts on vector 1" "^raw queue pair $QID \(64 entries, vector 1, interrupts\)"
rm -f "$TMP/back"
check "raw Read of them into a file" raw --opcode 0x02 -n 1 --cdw10 "$lo" --cdw11 "$hi" \
	--cdw12 7 -l 4096 -r -i "$TMP/back"
same "the data round-trips" "$TMP/data" "$TMP/back"
check "raw Read with a hex dump" raw --opcode 0x02 -n 1 --cdw10 "$lo" --cdw11 "$hi" \
	--cdw12 7 -l 4096
grep_out "the hex dump shows 4096 bytes" "^0ff0: "

# 32 KiB: PRP1 and a list of 7 entries in PRP2
head -c 32768 /dev/urandom > "$TMP/data64"
check "raw Write of 64 blocks (a PRP list)" raw --opcode 0x01 -n 1 --cdw10 "$lo" --cdw11 "$hi" \
	--cdw12 63 -l 32768 -w -i "$TMP/data64"
check "raw Read of them" raw --opcode 0x02 -n 1 --cdw10 "$lo" --cdw11 "$hi" --cdw12 63 \
	-l 32768 -r -i "$TMP/back64"
same "64 blocks round-trip" "$TMP/data64" "$TMP/back64"

check "CID 0xFFFF, polled" raw --opcode 0 -n 1 --cid 0xffff --no-ien
grep_out "CID 0xFFFF echoed" "^cqe +cid 65535 +sqid $QID "
grep_out "the CQ was polled" "^raw queue pair $QID \(64 entries, vector 1, polled\)"
check_json "CID 0xFFFF -o json" raw --opcode 0 -n 1 --cid 0xffff -o json
py "json: the CQE's fields, cid 65535" '
import json, sys
d = json.load(sys.stdin)
assert d["qid"] == int(sys.argv[1]) and d["count"] == 1 and d["interrupts"], d
assert d["sqe"]["cid"] == 0xffff and d["sqe"]["opc"] == 0 and d["sqe"]["nsid"] == 1, d
c = d["completions"]
assert len(c) == 1, c
assert set(c[0]) == {"cid", "sqid", "sqhd", "phase", "status", "status_name", "result",
                     "dw1"}, c[0]
assert c[0]["cid"] == 0xffff and c[0]["sqid"] == int(sys.argv[1]), c[0]
assert c[0]["status"] == 0 and c[0]["status_name"] == "SUCCESS" and c[0]["phase"] == 1, c[0]' \
	"$QID"

# 5 commands on 4 entries: batches of 3 and 2; CQ slots 0 1 2 3 0
check_json "--count 5 --depth 4 -o json" raw --depth 4 --opcode 0 -n 1 --count 5 \
	--cid 0xfffe -o json
py "every CQE shown, CIDs wrap past 0xFFFF, the phase inverts" '
import json, sys
c = json.load(sys.stdin)["completions"]
assert len(c) == 5, c
assert sorted(x["cid"] for x in c) == [0, 1, 2, 0xfffe, 0xffff], c
assert [x["phase"] for x in c] == [1, 1, 1, 1, 0], c
assert all(x["status"] == 0 and x["sqid"] == int(sys.argv[1]) for x in c), c
assert all(0 <= x["sqhd"] < 4 for x in c), c' "$QID"
check "--count 5 --depth 4" raw --depth 4 --opcode 0 -n 1 --count 5
if [ "$(grep -c '^cqe ' "$TMP/out")" -eq 5 ]; then
	ok "normal output: 5 CQE lines"
else
	not_ok "normal output: 5 CQE lines"
fi

# no such opcode in the NVM command set: QEMU answers Invalid Command Opcode
raw --opcode 0x7c -n 1 > "$TMP/out" 2> "$TMP/err"
rc=$?
cat "$TMP/err" >> "$TMP/out"
[ $rc -eq 1 ] && ok "an invalid opcode exits 1" || not_ok "an invalid opcode exits 1 (exit $rc)"
grep_out "its CQE shows Invalid Command Opcode" \
	"^cqe +cid 0 .* status 0x[0-9a-f]{4} INVALID_OPCODE \(Invalid Command Opcode\)$"
grep_out "the error line names the status" \
	"^nvmetest: raw-queue: $BDF: 1 of 1 commands failed, the first: cid 0: NVMe status INVALID_OPCODE: Invalid Command Opcode \(0x[0-9a-f]{4}\)$"

check_json "queues -o json" "$NVMETEST" queues "$BDF" -o json
py "no raw queue left: the admin queue only" '
import json, sys
q = json.load(sys.stdin)["queues"]
assert {(x["qid"], x["type"]) for x in q} == {(0, "sq"), (0, "cq")}, q'

# the driver's CRC map of namespace 1 did not see the raw Write
check "the LBAs written again through nvmetest write" "$NVMETEST" write "$BDF" -n 1 \
	-s "$slba" -c 63 -d "$TMP/data64"
check "and read through the driver" "$NVMETEST" read "$BDF" -n 1 -s "$slba" -c 63 \
	-d "$TMP/back64"

echo "$found" > "$PARAM"
if [ "$(cat "$PARAM")" = "$found" ]; then
	ok "raw_unsafe put back ($found)"
	found=
else
	not_ok "raw_unsafe put back ($found)"
fi
check "unbind" "$NVMETEST" unbind "$BDF"
[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"

ktap_finish
