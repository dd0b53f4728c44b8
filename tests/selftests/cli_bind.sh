#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of the nvmetest CLI inside the test VM: list,
# bind (and its refusal of a mounted disk), info, show-regs, get-reg and
# set-reg, config-read, caps, unbind back to the in-tree nvme driver.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start.

. "$(dirname "$0")/lib/ktap.sh"

cleanup() {
	umount "$TMP/mnt" 2>/dev/null
	"$NVMETEST" unbind "$BDF" > /dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

echo "TAP version 13"
echo "1..27"

check "list" "$NVMETEST" list
grep_out "list shows $BDF under nvme" "$BDF.*[[:space:]]nvme([[:space:]]|$)"
check "list -o json" "$NVMETEST" list -o json
if python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if any(x.get("bdf")=="'"$BDF"'" for x in d["functions"]) else 1)' < "$TMP/out" 2> /dev/null; then
	ok "list json names $BDF"
else
	not_ok "list json names $BDF"
fi

# A mounted namespace blocks bind unless --force.
# (the VM has one controller: its first namespace, whether the kernel shows
# it as a plain or a multipath head node)
# (nvme probes asynchronously: give it a moment after a rebind)
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	blk=$(ls /sys/block 2>/dev/null | grep -m1 -E '^nvme[0-9]+n[0-9]+$')
	[ -n "$blk" ] && break
	sleep 0.5
done
modprobe ext4 2> /dev/null  # the VM has no usermode modprobe helper
if [ -n "$blk" ] && command -v mkfs.ext4 > /dev/null && mkfs.ext4 -q -F "/dev/$blk" > /dev/null 2>&1 &&
   mkdir -p "$TMP/mnt" && mount "/dev/$blk" "$TMP/mnt"; then
	check_fail "bind refuses a mounted disk" "$NVMETEST" bind "$BDF"
	grep_out "refusal names the mounted disk" "$blk"
	umount "$TMP/mnt"
	[ "$(driver_of)" = nvme ] && ok "device still with nvme" || not_ok "device still with nvme"
else
	skip "bind refuses a mounted disk" "no block device (${blk:-none}) or mkfs.ext4 failed"
	skip "refusal names the mounted disk" "no block device"
	skip "device still with nvme" "no block device"
fi

check "bind" "$NVMETEST" bind "$BDF"
[ "$(driver_of)" = nvmetest ] && ok "bound to nvmetest" || not_ok "bound to nvmetest"
dev=$(ls "/sys/bus/pci/devices/$BDF/nvmetest/" 2>/dev/null | head -1)
[ -c "/dev/$dev" ] && ok "/dev/$dev exists" || not_ok "/dev/nvmetestN exists"

check "info" "$NVMETEST" info "$BDF"
grep_out "info shows the BDF" "$BDF"
check "info -o json" "$NVMETEST" info "/dev/$dev" -o json
if python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["bdf"]=="'"$BDF"'" else 1)' < "$TMP/out" 2> /dev/null; then
	ok "info json bdf"
else
	not_ok "info json bdf"
fi

check "show-regs" "$NVMETEST" show-regs "$dev"
grep_out "show-regs lists cap and csts" "cap.*|csts"
check "show-regs -H -o json" "$NVMETEST" show-regs "$dev" -H -o json
if python3 -c '
import json, sys
d = json.load(sys.stdin)
cap = d["cap"]
cap = cap["value"] if isinstance(cap, dict) else cap
sys.exit(0 if (cap & 0xffff) > 0 and "cc" in d and "csts" in d else 1)' < "$TMP/out" 2> /dev/null; then
	ok "show-regs json has cap, cc, csts"
else
	not_ok "show-regs json has cap, cc, csts"
fi

# set-reg then get-reg on a register that is writable while disabled:
# the in-tree driver hands the controller over enabled, so disable first
"$NVMETEST" set-reg "$dev" -O cc -V 0 > /dev/null 2>&1
sleep 1
check "set-reg cc" "$NVMETEST" set-reg "$dev" -O cc -V 0x460000
check "get-reg cc" "$NVMETEST" get-reg "$dev" -O cc
grep_out "get-reg reads back" "0x0*460000"
"$NVMETEST" set-reg "$dev" -O cc -V 0 > /dev/null 2>&1
check_fail "set-reg asq needs --unsafe" "$NVMETEST" set-reg "$dev" -O asq -V 0

check "config-read" "$NVMETEST" config-read "$dev" -O 0 -w 2
grep_out "config-read shows the vendor id" "$(sed 's/^0x//' "/sys/bus/pci/devices/$BDF/vendor")"
check "caps" "$NVMETEST" caps "$dev"

check "unbind" "$NVMETEST" unbind "$BDF"
[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"

ktap_finish
