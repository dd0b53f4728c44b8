#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Inside the VM (tests/vm/run-all's "power-cycle" step, a controller with
# legacy_ns=1): power cycles with IO in flight and the data verified
# across them. Verification on for namespace 1; then CYCLES times: two
# IOWorkers write at random over a 32 MiB region, and while they run
# `nvmetest power-cycle` cuts the drive's power through QEMU's monitor
# (tools/vm/power: device_del, then device_add with the same backing
# file) and binds it again; `init`; the map must have been taken over
# (adoptions counts the cycles); a verified sequential read of the whole
# region must find no failure and check at least 1000 LBAs: every write
# that a Flush made durable before the cut reads back exactly, and each
# LBA of a write in flight at the cut, or completed behind the drive's
# volatile write cache without a Flush since, holds its old or its new
# data (the figures are printed at the end). Then another drive in the
# slot (another serial number, the same media) must get a fresh map, not
# this one's, and the first drive back must adopt its map again and read
# back verified. Then the module unloads. TAP output. Usage:
# powercycle-guest.sh [CYCLES]
cd "$(dirname "$0")/../.." || exit 1
NVMETEST=build/bin/nvmetest
BDF=${NVMETEST_BDFS%% *}
CYCLES=${1:-20}
REGION=32M
TMP=$(mktemp -d)
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n $1"
	[ -s "$TMP/out" ] && sed 's/^/# /' "$TMP/out" | tail -20
}

check() {
	name=$1
	shift
	if "$@" > "$TMP/out" 2>&1; then ok "$name"; else not_ok "$name"; fi
}

# LBAs of namespace 1 checked by reads so far
verified() {
	"$NVMETEST" verify-map "$BDF" --status -n 1 -o json 2> /dev/null |
		python3 -c 'import json, sys
print(json.load(sys.stdin)["namespaces"][0]["lbas_verified"])' 2> /dev/null || echo 0
}

# verified_read WHAT: a sequential read of the whole region, verified,
# checks at least 1000 LBAs and finds no failure.
verified_read() {
	before=$(verified)
	if "$NVMETEST" ioworker "$BDF" -n 1 --rw=read --bs=128k --iodepth=4 \
		--size=$REGION > "$TMP/out" 2>&1 &&
	   [ $(($(verified) - before)) -ge 1000 ]; then
		ok "$1: verified read of the whole region"
	else
		not_ok "$1: verified read of the whole region (checked $(($(verified) - before)) LBAs)"
	fi
}

echo "TAP version 13"
echo "1..$((13 + 5 * CYCLES))"
modprobe nvme
tests/vm/load-module.sh > "$TMP/out" 2>&1 && ok "load nvmetest" || not_ok "load nvmetest"
check "bind" "$NVMETEST" bind "$BDF"
check "init" "$NVMETEST" init "$BDF"
check "verification on for namespace 1" \
	"$NVMETEST" verify-map "$BDF" --enable --clear -n 1

i=0
while [ $i -lt "$CYCLES" ]; do
	i=$((i + 1))
	"$NVMETEST" ioworker "$BDF" -n 1 --rw=randwrite --bs=4k --iodepth=8 \
		--size=$REGION --runtime=600 --seed=$i --numjobs=2 > "$TMP/iow" 2>&1 &
	iow=$!
	# until it has written something (bounded only to end a broken run)
	k=0
	while [ $k -lt 100 ]; do
		"$NVMETEST" verify-map "$BDF" --status -n 1 -o json 2> /dev/null |
			python3 -c 'import json, sys
sys.exit(json.load(sys.stdin)["namespaces"][0]["lbas_written"] < 2000)' && break
		sleep 0.1
		k=$((k + 1))
	done
	check "cycle $i: power-cycle with two IOWorkers writing" \
		"$NVMETEST" power-cycle "$BDF" --off-cmd "tools/vm/power off" \
		--on-cmd "tools/vm/power on" -o json
	wait $iow
	rc=$?
	# the workers end by the removal: exit 1 with "removed" in the report
	if [ $rc -eq 1 ] && grep -q "removed" "$TMP/iow"; then
		ok "cycle $i: the IOWorkers ended by the removal"
	else
		cp "$TMP/iow" "$TMP/out"
		not_ok "cycle $i: the IOWorkers ended by the removal (exit $rc)"
	fi
	check "cycle $i: init" "$NVMETEST" init "$BDF"
	"$NVMETEST" verify-map "$BDF" --status -n 1 -o json > "$TMP/out" 2>&1
	if python3 -c 'import json, sys
o = json.load(sys.stdin)["namespaces"][0]
assert o["state"] == "on" and o["adoptions"] == int(sys.argv[1]), o
assert o["lbas_written"] >= 2000 and o["failures"] == 0, o' "$i" < "$TMP/out" > /dev/null 2>&1; then
		ok "cycle $i: the map was taken over"
	else
		not_ok "cycle $i: the map was taken over"
	fi
	verified_read "cycle $i"
done

# the writes the cuts caught, as the reads after them found them
"$NVMETEST" verify-map "$BDF" --status -n 1 -o json 2> /dev/null | python3 -c 'import json, sys
o = json.load(sys.stdin)["namespaces"][0]
print("# writes in flight or not flushed at the cuts: %d LBAs read back old, %d new" % (o["cut_old"], o["cut_new"]))'
# Another drive (SN NVMTOTHER) in the slot: the map is the drive's, not
# the slot's.
check "another drive: power-cycle" "$NVMETEST" power-cycle "$BDF" \
	--off-cmd "tools/vm/power off" \
	--on-cmd "NVMETEST_POWER_SERIAL=NVMTOTHER tools/vm/power on" -o json
check "another drive: init" "$NVMETEST" init "$BDF"
"$NVMETEST" verify-map "$BDF" --status -n 1 -o json > "$TMP/out" 2>&1
if python3 -c 'import json, sys
o = json.load(sys.stdin)["namespaces"][0]
assert o["state"] != "on" and o["adoptions"] == 0 and o["lbas_written"] == 0, o' \
	< "$TMP/out" > /dev/null 2>&1; then
	ok "another drive: a fresh map"
else
	not_ok "another drive: a fresh map"
fi
check "the first drive again: power-cycle" "$NVMETEST" power-cycle "$BDF" \
	--off-cmd "tools/vm/power off" --on-cmd "tools/vm/power on" -o json
check "the first drive again: init" "$NVMETEST" init "$BDF"
"$NVMETEST" verify-map "$BDF" --status -n 1 -o json > "$TMP/out" 2>&1
if python3 -c 'import json, sys
o = json.load(sys.stdin)["namespaces"][0]
assert o["state"] == "on" and o["adoptions"] == int(sys.argv[1]) + 1, o
assert o["failures"] == 0, o' "$CYCLES" < "$TMP/out" > /dev/null 2>&1; then
	ok "the first drive again: its map adopted"
else
	not_ok "the first drive again: its map adopted"
fi
verified_read "the first drive again"
check "unbind" "$NVMETEST" unbind "$BDF"
if rmmod nvmetest; then ok "rmmod nvmetest"; else not_ok "rmmod nvmetest"; fi
rm -rf "$TMP"
[ $failed -eq 0 ]
