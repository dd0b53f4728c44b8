#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of the conformance runner itself (harness/,
# docs/harness.md) inside the test VM, where conformance.sh runs the
# suite's tests: what the runner does with the tester's command line and
# with the tester's own state. A writing test (NT_NEED_SCRATCH) is
# skipped with its reason without --scratch or --destructive, and runs
# inside the range --scratch names; --scratch beyond NSZE and an --nsid
# that is not active are refused before any test (exit 2); --nsid picks
# the namespace the tests use; a CRC map the tester had on stays on with
# its entries, one that was off is off again; JUnit XML and JSON parse.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.
# A driver without NVMETEST_INFO_CAP_VERIFY skips the verification tests.

. "$(dirname "$0")/lib/ktap.sh"

PLAN=32
CONF=${NVMETEST_CONFORMANCE:-nvmetest-conformance}
WR=nvm_write_read_verified

trap ktap_cleanup EXIT

ktap_plan $PLAN

check "bind" "$NVMETEST" bind "$BDF"
check "init" "$NVMETEST" init "$BDF"

check "--list without a device" "$CONF" --list
grep_out "--list: $WR needs the scratch range" "^$WR +nvm +[a-z,]*scratch"

# conf NAME CODE ARGS...: the runner exits CODE; its output in $TMP/out
conf() {
	name=$1
	want=$2
	shift 2
	"$CONF" --device "$BDF" "$@" > "$TMP/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$name"
	else
		echo "exit $rc, expected $want" >> "$TMP/out"
		not_ok "$name"
	fi
}

conf "a writing test alone, no --scratch: all skipped (exit 4)" 4 --filter "$WR"
grep_out "... with the reason" "^ok 1 $WR # SKIP writes data: name LBAs it may overwrite with --scratch"

conf "--scratch beyond NSZE is refused (exit 2)" 2 --scratch 18446744073709551000:16
grep_out "... saying why" "lies beyond namespace 1"
conf "--nsid of no active namespace is refused (exit 2)" 2 --nsid 4000 --filter "$WR"

# a test that needs a namespace with metadata: the fixture picks the
# first such (namespace 2 here), or skips on --nsid's if it has none;
# a --scratch range on another namespace does not let it write
M=nvm_metadata_round_trip
conf "$M picks the first namespace with metadata" 0 --destructive --filter "$M"
grep_out "... namespace 2" "^# namespace 2: 4096-byte LBAs, 8 bytes of metadata"
conf "$M with --nsid 1: skipped (exit 4)" 4 --destructive --nsid 1 --filter "$M"
grep_out "... saying what namespace 1 lacks" "SKIP needs a namespace with metadata .*: namespace 1 \\(--nsid\\) has not"
conf "$M with --scratch on namespace 1: skipped (exit 4)" 4 --scratch 1000:16 --filter "$M"
grep_out "... saying where the range is" "SKIP writes data on namespace 2, which has no --scratch range \\(it is on namespace 1\\)"
# interrupt modes: QEMU's controller has MSI-X and INTx, no MSI
conf "irq_*: MSI-X and INTx pass, MSI is skipped" 0 --filter 'irq_*'
grep_out "... MSI skipped: no MSI capability" "^ok [0-9]+ irq_msi_io_completion # SKIP needs MSI: the function has no MSI capability"

if ! has_cap verify; then
	skip_until $((PLAN - 2)) "the CRC map" "the driver lacks NVMETEST_INFO_CAP_VERIFY (ABI 1.3)"
	check "unbind" "$NVMETEST" unbind "$BDF"
	[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"
	ktap_finish
fi

# written NSID: LBAs the namespace's CRC map has entries for, or "off"
written() {
	"$NVMETEST" verify-map "$BDF" --status -o json | python3 -c '
import json, sys
s = {n["nsid"]: n for n in json.load(sys.stdin)["namespaces"]}[int(sys.argv[1])]
print(s["lbas_written"] if s["state"] != "off" else "off")' "$1"
}

check "verification off for every namespace" "$NVMETEST" verify-map "$BDF" --disable
conf "$WR in --scratch 1000:16" 0 --scratch 1000:16 --filter "$WR"
grep_out "... passes" "^ok 1 $WR$"
w=$(written 1)
[ "$w" = off ] && ok "a map that was off is off again" ||
	{ echo "namespace 1: $w" > "$TMP/out"; not_ok "a map that was off is off again"; }

# the tester's own map: on, with 8 LBAs of their data at 16
head -c 4096 /dev/urandom > "$TMP/data"
check "the tester's map: on, 8 LBAs written at 16" sh -c \
	"'$NVMETEST' verify-map '$BDF' --enable -n 1 && '$NVMETEST' write '$BDF' -s 16 -c 7 -d '$TMP/data'"
before=$(written 1)
conf "$WR with the tester's map on" 0 --scratch 1000:16 --filter "$WR"
after=$(written 1)
if [ "$before" != off ] && [ "$after" = $((before + 8)) ]; then
	ok "the tester's map stays on with its entries, plus the test's 8 LBAs"
else
	echo "LBAs written: $before before, $after after" > "$TMP/out"
	not_ok "the tester's map stays on with its entries, plus the test's 8 LBAs"
fi
check "the tester's LBAs still read back verified" "$NVMETEST" read "$BDF" -s 16 -c 7 -d "$TMP/back"

# --nsid 2: the test writes namespace 2 (its map on, to count them)
check "namespace 2's map on" "$NVMETEST" verify-map "$BDF" --enable -n 2
before=$(written 2)
conf "--nsid 2 --scratch 0:16: $WR" 0 --nsid 2 --scratch 0:16 --filter "$WR"
after=$(written 2)
if [ "$before" != off ] && [ "$after" = $((before + 8)) ]; then
	ok "... wrote 8 LBAs of namespace 2"
else
	echo "namespace 2, LBAs written: $before before, $after after" > "$TMP/out"
	not_ok "... wrote 8 LBAs of namespace 2"
fi
check "verification off again" "$NVMETEST" verify-map "$BDF" --disable

"$CONF" --device "$BDF" --filter 'id_*' --format junit --output "$TMP/j.xml" > "$TMP/out" 2>&1
py "JUnit XML: a testsuite of admin testcases, none failed" '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("./testsuite/testcase")
assert root.tag == "testsuites" and len(cases) >= 5, (root.tag, len(cases))
assert all(c.get("classname") == "admin" for c in cases)
assert not root.findall(".//failure"), ET.tostring(root)[:400]' "$TMP/j.xml"

"$CONF" --device "$BDF" --filter 'id_*' --format json > "$TMP/out" 2> "$TMP/err"
py "JSON: an array of results with name, spec and result" '
import json, sys
r = json.load(sys.stdin)
assert len(r) >= 5 and all(x["result"] in ("pass", "skip", "xfail") for x in r), r
assert all(x["spec"].startswith(("NVMe Base", "NVM Command Set")) for x in r), r'

check "unbind" "$NVMETEST" unbind "$BDF"
ktap_finish
