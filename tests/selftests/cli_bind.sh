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
	ktap_cleanup
}
trap cleanup EXIT

ktap_plan 27

check "list" "$NVMETEST" list
grep_out "list shows $BDF under nvme" "$BDF.*[[:space:]]nvme([[:space:]]|$)"
check "list -o json" "$NVMETEST" list -o json
if python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if any(x.get("bdf")=="'"$BDF"'" for x in d["functions"]) else 1)' < "$TMP/out" 2> /dev/null; then
	ok "list json names $BDF"
else
	not_ok "list json names $BDF"
fi

# A mounted namespace blocks bind unless --force.
# (the VM has one controller; its namespace 1, the plain 512-byte one,
# whether the kernel shows it as a plain or a multipath head node)
# nvme scans namespaces asynchronously, so after a rebind its disks may
# come in any order (nvme0n1 need not be namespace 1) and each shows up
# before it gets its capacity; the namespaces with metadata keep
# capacity 0. Wait for namespace 1's disk with a capacity; bounded only
# to end a broken run.
blk=
for _ in $(seq 1 150); do
	for b in /sys/block/nvme*n*; do
		case ${b##*/} in *c*) continue ;; esac
		[ "$(cat "$b/nsid" 2>/dev/null)" = 1 ] || continue
		[ "$(cat "$b/size" 2>/dev/null || echo 0)" -gt 0 ] && blk=${b##*/}
	done
	[ -n "$blk" ] && break
	sleep 0.2
done
modprobe ext4 2> /dev/null  # the VM has no usermode modprobe helper
if ! command -v mkfs.ext4 > /dev/null; then
	skip "bind refuses a mounted disk" "no mkfs.ext4 in the VM"
	skip "refusal names the mounted disk" "no mkfs.ext4 in the VM"
	skip "device still with nvme" "no mkfs.ext4 in the VM"
elif [ -z "$blk" ]; then
	# what the in-tree driver made of the namespaces: sizes and its log
	{
		for b in /sys/block/nvme*; do
			echo "$b: nsid $(cat "$b/nsid" 2>/dev/null) size $(cat "$b/size" 2>/dev/null)"
		done
		dmesg | grep -i nvme | tail -n 12
	} > "$TMP/out" 2>&1
	not_ok "bind refuses a mounted disk (no disk of namespace 1 with a capacity after 30 s)"
	skip "refusal names the mounted disk" "no disk"
	skip "device still with nvme" "no disk"
elif ! { mkfs.ext4 -q -F "/dev/$blk" && mkdir -p "$TMP/mnt" &&
	 mount "/dev/$blk" "$TMP/mnt"; } > "$TMP/out" 2>&1; then
	not_ok "bind refuses a mounted disk (mkfs.ext4 or mount of /dev/$blk failed)"
	skip "refusal names the mounted disk" "not mounted"
	skip "device still with nvme" "not mounted"
else
	check_fail "bind refuses a mounted disk" "$NVMETEST" bind "$BDF"
	grep_out "refusal names the mounted disk" "$blk"
	umount "$TMP/mnt"
	[ "$(driver_of)" = nvme ] && ok "device still with nvme" || not_ok "device still with nvme"
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
