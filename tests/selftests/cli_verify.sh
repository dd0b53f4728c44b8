#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of data verification (the driver's CRC map)
# through `nvmetest verify-map` inside the test VM: bind, init, turn
# verification on for namespace 1, write a file's data and read it back
# (checked by the driver), the map's counters, its entries (the CRC32C of
# each LBA as read back, computed here in Python, and "zeroes" after Write
# Zeroes), the LBA stamps in the data, an empty failure log, --disable,
# --clear, a usage error, and unbind back to the in-tree nvme driver.
# When another controller of the same NVM subsystem shares namespace 1 and
# the in-tree driver has it (a VM with two controllers in one subsys=NAME),
# data written behind nvmetest's back through that block device makes
# reads fail verification: a CRC mismatch and a misdirected block, the
# read's message and exit status, and the failure log; otherwise those
# tests are skipped.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.
# A driver without NVMETEST_INFO_CAP_VERIFY skips the verification tests
# (TAP SKIP with the reason, exit 0).

. "$(dirname "$0")/lib/ktap.sh"

PLAN=38

trap ktap_cleanup EXIT

ktap_plan $PLAN

check "bind" "$NVMETEST" bind "$BDF"
[ "$(driver_of)" = nvmetest ] && ok "bound to nvmetest" || not_ok "bound to nvmetest"
check "init" "$NVMETEST" init "$BDF"

if ! has_cap verify; then
	skip_until $((PLAN - 2)) "data verification" \
		"the driver lacks NVMETEST_INFO_CAP_VERIFY (ABI 1.3)"
	check "unbind" "$NVMETEST" unbind "$BDF"
	[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"
	ktap_finish
fi

check "verify-map --enable -n 1" "$NVMETEST" verify-map "$BDF" --enable -n 1
grep_out "--enable shows namespace 1 on" "^1 +on "

head -c 4096 /dev/urandom > "$TMP/data"
check "write 8 LBAs at 16" "$NVMETEST" write "$BDF" -s 16 -c 7 -d "$TMP/data"
check "read them back (verified)" "$NVMETEST" read "$BDF" -s 16 -c 7 -d "$TMP/back"
cp "$TMP/data" "$TMP/out"
py "the data read back is the data written, stamped" '
import struct, sys
want = open(sys.argv[1], "rb").read()
got = open(sys.argv[2], "rb").read()
assert len(got) == 4096, len(got)
for i in range(8):
    w, g = want[i * 512:(i + 1) * 512], got[i * 512:(i + 1) * 512]
    assert struct.unpack("<Q", g[:8])[0] == 16 + i, (i, g[:8])
    assert g[8:504] == w[8:504], i
' "$TMP/data" "$TMP/back"

check_json "verify-map --status -o json" "$NVMETEST" verify-map "$BDF" --status -o json
py "status: on, 512-byte LBAs, LBAs written and verified, no failure" '
import json, sys
ns = {n["nsid"]: n for n in json.load(sys.stdin)["namespaces"]}
s = ns[1]
assert s["state"] == "on" and s["lba_size"] == 512, s
assert s["lbas_written"] >= 8 and s["lbas_verified"] >= 8, s
assert s["failures"] == 0 and s["lbas_untracked"] == 0, s
assert s["chunks"] >= 1 and 0 < s["mem_used"] <= s["mem_cap"], s'

check_json "verify-map --dump -s 16 -c 8 -o json" \
	"$NVMETEST" verify-map "$BDF" --dump -s 16 -c 8 -o json
py "dump: each entry is the CRC32C of the LBA read back" '
import json, sys
T = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    T.append(c)
def crc32c(b):
    c = 0xffffffff
    for x in b:
        c = (c >> 8) ^ T[(c ^ x) & 0xff]
    c ^= 0xffffffff
    return c + 3 if c <= 2 else c
d = json.load(sys.stdin)
got = open(sys.argv[1], "rb").read()
assert d["nsid"] == 1 and d["slba"] == 16 and len(d["entries"]) == 8, d
for i, e in enumerate(d["entries"]):
    want = crc32c(got[i * 512:(i + 1) * 512])
    assert e["lba"] == 16 + i and e["kind"] == "crc", e
    assert e["value"] == want, (e, hex(want))
    assert e["text"] == "0x%08x" % want, e
' "$TMP/back"

check "verify-map --dump -s 14 -c 4" "$NVMETEST" verify-map "$BDF" --dump -s 14 -c 4
grep_out "dump: LBA 15 never written is unknown" "^15 +unknown$"
grep_out "dump: LBA 16 is a CRC" "^16 +0x[0-9a-f]{8}$"

check "write-zeroes 4 LBAs at 100" "$NVMETEST" write-zeroes "$BDF" -s 100 -c 3
check "read the zeroes back (verified)" "$NVMETEST" read "$BDF" -s 100 -c 3 -d "$TMP/zeroes"
check_json "verify-map --dump -s 100 -c 5 -o json" \
	"$NVMETEST" verify-map "$BDF" --dump -s 100 -c 5 -o json
py "dump: zeroes after Write Zeroes" '
import json, sys
e = json.load(sys.stdin)["entries"]
assert [x["kind"] for x in e] == ["zeroes"] * 4 + ["unknown"], e
assert e[0]["value"] == 1 and e[0]["text"] == "zeroes", e[0]'

check_json "verify-map --failures -o json" "$NVMETEST" verify-map "$BDF" --failures -o json
py "the failure log is empty" '
import json, sys
d = json.load(sys.stdin)
assert d["total"] == 0 and d["lost"] == 0 and d["failures"] == [], d'

# the block device of namespace 1 through another controller of the same
# subsystem, owned by the in-tree nvme driver
serial=$("$NVMETEST" id-ctrl "$BDF" -o json 2> /dev/null |
	 python3 -c 'import json,sys; print(json.load(sys.stdin)["sn"].strip())' 2> /dev/null)
blk=
for b in /sys/block/nvme*n*; do
	# nvmeXcYnZ: a multipath path, hidden; its head nvmeXnZ is the device
	case $(basename "$b") in *c*) continue ;; esac
	[ -e "$b/nsid" ] || continue
	[ "$(cat "$b/nsid")" = 1 ] || continue
	[ -n "$serial" ] && [ "$(cat "$b/device/serial" 2> /dev/null | tr -d ' ')" = "$serial" ] || continue
	blk=/dev/$(basename "$b")
	break
done
if [ -z "$blk" ]; then
	for t in "write LBA 200" "corrupt LBA 200 behind nvmetest" "read of LBA 200 fails" \
		 "the read names LBA 200 and a CRC mismatch" "misdirected data at LBA 201 fails" \
		 "the read names LBA 201 and a misdirected block" \
		 "failures: the CRC mismatch and the misdirected block" \
		 "--failures --clear-log" "the log is empty after --clear-log"; do
		skip "$t" "no other controller shares namespace 1 (subsys=NAME)"
	done
else
	check "write LBA 200" "$NVMETEST" write "$BDF" -s 200 -c 1 -d "$TMP/data"
	# LBA 200 keeps its stamp and gets other data: a CRC mismatch;
	# LBA 201 gets LBA 16's block: a misdirected IO
	python3 -c '
import struct, sys
back = open(sys.argv[1], "rb").read()
bad = struct.pack("<Q", 200) + bytes(496) + back[504:512]
open(sys.argv[2], "wb").write(bad + back[:512])' "$TMP/back" "$TMP/bad"
	check "corrupt LBA 200 behind nvmetest" \
		dd if="$TMP/bad" of="$blk" bs=512 seek=200 count=2 oflag=direct conv=notrunc
	"$NVMETEST" read "$BDF" -s 200 -c 0 > "$TMP/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] && ok "read of LBA 200 fails" || not_ok "read of LBA 200 fails (exit $rc)"
	grep_out "the read names LBA 200 and a CRC mismatch" \
		"^nvmetest: read: .*data verification failed at LBA 200 \(crc mismatch\)"
	"$NVMETEST" read "$BDF" -s 201 -c 0 > "$TMP/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] && ok "misdirected data at LBA 201 fails" ||
		not_ok "misdirected data at LBA 201 fails (exit $rc)"
	grep_out "the read names LBA 201 and a misdirected block" \
		"data verification failed at LBA 201 \(misdirected"
	"$NVMETEST" verify-map "$BDF" --failures -o json > "$TMP/out" 2>&1
	py "failures: the CRC mismatch and the misdirected block" '
import json, sys
d = json.load(sys.stdin)
f = d["failures"]
assert d["total"] == 2 and len(f) == 2, d
assert f[0]["lba"] == 200 and f[0]["kind"] == "crc" and f[0]["found_lba"] == 200, f[0]
assert f[1]["lba"] == 201 and f[1]["kind"] == "lba_stamp" and f[1]["found_lba"] == 16, f[1]
for x in f:
    assert x["nsid"] == 1 and x["read_qid"] >= 1 and x["write_qid"] is not None, x
    assert x["expected_crc"] != x["found_crc"], x'
	check "--failures --clear-log" "$NVMETEST" verify-map "$BDF" --failures --clear-log
	"$NVMETEST" verify-map "$BDF" --failures > "$TMP/out" 2>&1
	grep_out "the log is empty after --clear-log" "^verification failures: 0 since"
fi

check "verify-map --disable" "$NVMETEST" verify-map "$BDF" --disable
grep_out "--disable shows namespace 1 off" "^1 +off "
check "verify-map --clear -n 1" "$NVMETEST" verify-map "$BDF" --clear -n 1
check "verify-map --dump after --clear" "$NVMETEST" verify-map "$BDF" --dump -s 16 -c 1
grep_out "dump after --clear: unknown" "^16 +unknown$"

"$NVMETEST" verify-map "$BDF" --enable --disable > "$TMP/out" 2>&1
rc=$?
[ $rc -eq 2 ] && ok "--enable with --disable is a usage error" ||
	not_ok "--enable with --disable is a usage error (exit $rc)"

check "unbind" "$NVMETEST" unbind "$BDF"
[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"

[ $n -eq $PLAN ] || { echo "# ran $n tests, planned $PLAN"; failed=$((failed + 1)); }
ktap_finish
