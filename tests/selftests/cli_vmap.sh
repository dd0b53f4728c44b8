#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of map files inside the test VM: the CRC map of
# namespace 1 is saved with `verify-map --save`, lost with the module
# (rmmod and insmod of this tree's nvmetest.ko: the driver keeps maps
# across bindings, not across a reload), loaded back with `--load`, and
# the data written before the reload reads back verified against it; a
# wrong entry in a loaded map fails the read (so the map is used). Another
# drive's map is refused and loads with --force; a damaged file, another
# geometry (even with --force) and a usage error are refused.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there
# with nvmetest loaded again. A driver without NVMETEST_INFO_CAP_VERIFY_LOAD
# skips (TAP SKIP with the reason, exit 0).

. "$(dirname "$0")/lib/ktap.sh"

PLAN=34
TOP=$(cd "$(dirname "$0")/../.." && pwd)

trap ktap_cleanup EXIT

ktap_plan $PLAN

# patch IN OUT OFFSET XOR: a copy of map file IN with the 32-bit word at
# OFFSET xor'ed with XOR and its CRC (the last 4 bytes) made good again
patch() {
	python3 -c '
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off, x = int(sys.argv[3]), int(sys.argv[4], 0)
b[off:off + 4] = struct.pack("<I", struct.unpack("<I", b[off:off + 4])[0] ^ x)
tab = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    tab.append(c)
crc = 0xffffffff
for v in b[:-16]:
    crc = tab[(crc ^ v) & 0xff] ^ (crc >> 8)
b[-4:] = struct.pack("<I", crc ^ 0xffffffff)
open(sys.argv[2], "wb").write(b)' "$@"
}

check "bind" "$NVMETEST" bind "$BDF"
check "init" "$NVMETEST" init "$BDF"

if ! has_cap verify-load; then
	skip_until $((PLAN - 2)) "map files" \
		"the driver lacks NVMETEST_INFO_CAP_VERIFY_LOAD (ABI 1.7)"
	check "unbind" "$NVMETEST" unbind "$BDF"
	[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"
	ktap_finish
fi

check "verify-map --enable --clear -n 1" "$NVMETEST" verify-map "$BDF" --enable --clear -n 1
head -c 8192 /dev/urandom > "$TMP/data"
head -c 2048 /dev/urandom > "$TMP/data4"
check "write 16 LBAs at 300" "$NVMETEST" write "$BDF" -s 300 -c 15 -d "$TMP/data"
check "write 4 LBAs at 70000 (another window)" \
	"$NVMETEST" write "$BDF" -s 70000 -c 3 -d "$TMP/data4"
"$NVMETEST" verify-map "$BDF" --dump -s 300 -c 16 -o json > "$TMP/dump0"
check "verify-map --save" "$NVMETEST" verify-map "$BDF" --save "$TMP/map" -n 1 -o json
py "--save reports 20 entries" '
import json, sys
o = json.load(sys.stdin)
assert o["nsid"] == 1 and o["saved"] == 20, o'

check "unbind" "$NVMETEST" unbind "$BDF"
check "rmmod nvmetest" rmmod nvmetest
check "insmod nvmetest" "$TOP/tests/vm/load-module.sh"
check "bind again" "$NVMETEST" bind "$BDF"
check "init again" "$NVMETEST" init "$BDF"
"$NVMETEST" verify-map "$BDF" --status -n 1 > "$TMP/out" 2>&1
grep_out "the reload took the map with it: off" "^1 +off "

check "verify-map --load" "$NVMETEST" verify-map "$BDF" --load "$TMP/map" -n 1
grep_out "--load reports 20 entries" "^namespace 1: 20 map entries loaded from "
"$NVMETEST" verify-map "$BDF" --dump -s 300 -c 16 -o json > "$TMP/dump1"
same "the map is the one saved" "$TMP/dump0" "$TMP/dump1"
check "read the 16 LBAs back (verified)" "$NVMETEST" read "$BDF" -s 300 -c 15 -d "$TMP/back"
"$NVMETEST" verify-map "$BDF" --status -n 1 -o json > "$TMP/out" 2>&1
py "they were checked against the loaded map" '
import json, sys
o = json.load(sys.stdin)["namespaces"][0]
assert o["state"] == "on" and o["lbas_written"] == 20, o
assert o["lbas_verified"] == 16 and o["failures"] == 0, o'

# One entry changed (the record of LBAs 0-65535 starts after the 512-byte
# header and its 16-byte head; LBA 302's entry is the 303rd): the read of
# that LBA fails, so the loaded map is what reads are checked against.
patch "$TMP/map" "$TMP/bad" $((512 + 16 + 302 * 4)) 0x5a5a5a5a
check "load a map with a wrong entry for LBA 302" \
	"$NVMETEST" verify-map "$BDF" --load "$TMP/bad" -n 1
"$NVMETEST" read "$BDF" -s 302 -c 0 -d "$TMP/back1" > "$TMP/out" 2>&1
rc=$?
[ $rc -eq 1 ] && ok "the read of LBA 302 fails" || not_ok "the read of LBA 302 fails (exit $rc)"
grep_out "it names LBA 302" "data verification failed at LBA 302 \(crc mismatch\)"
check "load the good map again" "$NVMETEST" verify-map "$BDF" --load "$TMP/map" -n 1
check "the read of LBA 302 passes" "$NVMETEST" read "$BDF" -s 302 -c 0 -d "$TMP/back1"

# Another drive's map (its serial number changed, at byte 64): refused,
# loaded with --force.
patch "$TMP/map" "$TMP/other" 64 0x20202020
check_fail "another drive's map is refused" \
	"$NVMETEST" verify-map "$BDF" --load "$TMP/other" -n 1
grep_out "it says why" "another drive .*--force loads it anyway"
check "--force loads it" "$NVMETEST" verify-map "$BDF" --load "$TMP/other" -n 1 --force

# Refusals: a damaged file, another geometry, a usage error.
cp "$TMP/map" "$TMP/damaged"
printf 'X' | dd of="$TMP/damaged" bs=1 seek=600 conv=notrunc 2> /dev/null
check_fail "a damaged file is refused" "$NVMETEST" verify-map "$BDF" --load "$TMP/damaged" -n 1
grep_out "it says why" "CRC mismatch"
check_fail "namespace 1's map for namespace 3 is refused, even with --force" \
	"$NVMETEST" verify-map "$BDF" --load "$TMP/map" -n 3 --force
grep_out "it says why" "another namespace size"
"$NVMETEST" verify-map "$BDF" --save "$TMP/a" --load "$TMP/map" > "$TMP/out" 2>&1
rc=$?
[ $rc -eq 2 ] && ok "--save with --load is a usage error" ||
	not_ok "--save with --load is a usage error (exit $rc)"

check "verify-map --disable" "$NVMETEST" verify-map "$BDF" --disable
check "unbind" "$NVMETEST" unbind "$BDF"
[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"

[ $n -eq $PLAN ] || { echo "# ran $n tests, planned $PLAN"; failed=$((failed + 1)); }
ktap_finish
