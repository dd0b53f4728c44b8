#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kselftest-style TAP test of the nvmetest admin commands inside the test
# VM: bind, init (MSI-X, INTx, polled), identify (compared field by field
# with nvme-cli's output for the same controller), the logs, features,
# admin-passthru and an NVMe error status, interrupt counters, reset,
# events, shutdown, and unbind back to the in-tree nvme driver.
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.

. "$(dirname "$0")/lib/ktap.sh"

# vector 0's interrupt count, from `irq -o json`
irq0() {
	"$NVMETEST" irq "$BDF" -o json 2> /dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["vectors"][0]["count"])' 2> /dev/null
}

trap ktap_cleanup EXIT

ktap_plan 61

# nvme-cli's view of the controller while the in-tree driver has it
for _ in 1 2 3 4 5 6 7 8 9 10; do
	ctrl=$(ls "/sys/bus/pci/devices/$BDF/nvme" 2> /dev/null | head -1)
	[ -n "$ctrl" ] && [ -c "/dev/$ctrl" ] && break
	sleep 0.5
done
if command -v nvme > /dev/null && [ -n "$ctrl" ] &&
   nvme id-ctrl "/dev/$ctrl" -o json > "$TMP/nvme-cli.json" 2> /dev/null; then
	ok "nvme-cli id-ctrl of /dev/$ctrl"
else
	skip "nvme-cli id-ctrl" "no nvme-cli or no /dev/nvmeX for $BDF"
	rm -f "$TMP/nvme-cli.json"
fi

check "bind" "$NVMETEST" bind "$BDF"
[ "$(driver_of)" = nvmetest ] && ok "bound to nvmetest" || not_ok "bound to nvmetest"

check_json "init (msix)" "$NVMETEST" init "$BDF" -o json
py "init: enabled, msix, queues" '
import json, sys
d = json.load(sys.stdin)
assert d["state"] == "enabled", d
assert d["irq_mode"] == "msix" and d["nr_vectors"] >= 1, d
assert d["nr_io_sq"] >= 1 and d["max_xfer"] >= 4096, d'

check "id-ctrl" "$NVMETEST" id-ctrl "$BDF"
grep_out "id-ctrl shows mn" "^mn +: "
check "id-ctrl -H" "$NVMETEST" id-ctrl "$BDF" -H
grep_out "id-ctrl -H decodes oacs" "Format NVM"
check_json "id-ctrl -o json" "$NVMETEST" id-ctrl "$BDF" -o json
cp "$TMP/out" "$TMP/nvmetest.json"
if [ -f "$TMP/nvme-cli.json" ]; then
	cp "$TMP/nvme-cli.json" "$TMP/out"
	py "id-ctrl json matches nvme-cli" '
import json, sys
ours = json.load(open("'"$TMP"'/nvmetest.json"))
theirs = json.load(sys.stdin)
keys = ["vid", "ssvid", "sn", "mn", "fr", "rab", "ieee", "cmic", "mdts", "cntlid",
        "ver", "oaes", "ctratt", "oacs", "acl", "aerl", "frmw", "lpa", "elpe", "npss",
        "wctemp", "cctemp", "tnvmcap", "unvmcap", "sqes", "cqes", "nn", "oncs", "vwc",
        "ocfs", "sgls", "subnqn", "fguid", "endgidmax"]
bad = [(k, ours.get(k), theirs.get(k)) for k in keys if k in theirs and ours.get(k) != theirs[k]]
missing = [k for k in theirs if k not in ours and k != "psds"]
assert len([k for k in keys if k in theirs]) >= 10, "too few common keys"
assert not bad, bad
assert not missing, missing
assert len(ours["psds"]) == len(theirs["psds"])
assert ours["psds"][0] == theirs["psds"][0], (ours["psds"][0], theirs["psds"][0])'
else
	skip "id-ctrl json matches nvme-cli" "no nvme-cli output"
fi

check "id-ns" "$NVMETEST" id-ns "$BDF" -n 1
grep_out "id-ns shows the format in use" "lbaf +[0-9]+ :.*in use"
check_json "id-ns -o json" "$NVMETEST" id-ns "$BDF" -n 1 -o json
py "id-ns json: nsze and lbafs" '
import json, sys
d = json.load(sys.stdin)
assert d["nsze"] > 0 and len(d["lbafs"]) == d["nlbaf"] + 1 + d["nulbaf"], d'
check_json "list-ns -o json" "$NVMETEST" list-ns "$BDF" -o json
py "list-ns has nsid 1" '
import json, sys
assert {"nsid": 1} in json.load(sys.stdin)["nsid_list"]'
check "ns-descs" "$NVMETEST" ns-descs "$BDF" -n 1

check_json "smart-log -o json" "$NVMETEST" smart-log "$BDF" -o json
py "smart-log json: temperature and counters" '
import json, sys
d = json.load(sys.stdin)
assert 200 < d["temperature"] < 400, d["temperature"]
assert isinstance(d["data_units_read"], str) and "percent_used" in d'
check "smart-log -H" "$NVMETEST" smart-log "$BDF" -H
check_json "error-log -o json" "$NVMETEST" error-log "$BDF" -o json
check "fw-log" "$NVMETEST" fw-log "$BDF"
grep_out "fw-log shows afi" "^afi"
check "effects-log" "$NVMETEST" effects-log "$BDF"
check "get-log smart 512 bytes" "$NVMETEST" get-log "$BDF" --log-id=2 --log-len=512
check_json "get-log fw slots, one command" "$NVMETEST" get-log "$BDF" -i 3 -l 512 -o json
cp "$TMP/out" "$TMP/fw1.json"
check_json "get-log fw slots, 64-byte pieces" "$NVMETEST" get-log "$BDF" -i 3 -l 512 -x 64 -o json
py "pieces read the same bytes" '
import json, sys
one = json.load(open("'"$TMP"'/fw1.json"))
assert json.load(sys.stdin)["data"] == one["data"] and len(one["data"]) == 1024'

check "get-feature -f 7" "$NVMETEST" get-feature "$BDF" -f 7
grep_out "get-feature names Number of Queues" "get-feature:0x07 \(Number of Queues\), Current value:0x[0-9a-f]{8}"
orig=$("$NVMETEST" get-feature "$BDF" -f 4 -o json 2> /dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])' 2> /dev/null)
check "set-feature temperature threshold" "$NVMETEST" set-feature "$BDF" -f 4 -V 0x160
check "get-feature temperature threshold" "$NVMETEST" get-feature "$BDF" -f 4 -H
grep_out "the value round-trips" "Current value:0x00000160"
[ -n "$orig" ] && "$NVMETEST" set-feature "$BDF" -f 4 -V "$orig" > /dev/null 2>&1

check "admin-passthru identify" "$NVMETEST" admin-passthru "$BDF" --opcode=0x06 --cdw10=1 \
	--data-len=4096 -r
grep_out "passthru reports success and shows the data" "Admin Command Identify is Success"
check_fail "invalid opcode fails" "$NVMETEST" admin-passthru "$BDF" --opcode=0xff
grep_out "the device's status is named" "NVMe status INVALID_OPCODE \(0x[0-9a-f]{4}\)"
check_fail "invalid feature fails" "$NVMETEST" get-feature "$BDF" -f 0x77
grep_out "invalid field status" "NVMe status INVALID_FIELD"

c1=$(irq0)
"$NVMETEST" id-ctrl "$BDF" > /dev/null 2>&1
"$NVMETEST" id-ctrl "$BDF" > /dev/null 2>&1
c2=$(irq0)
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ]; then
	ok "msix vector 0 counts ($c1 -> $c2)"
else
	not_ok "msix vector 0 counts (${c1:-?} -> ${c2:-?})"
fi
check "irq table" "$NVMETEST" irq "$BDF"
grep_out "irq shows the mode" "mode: msix"
check "irq --mask 0" "$NVMETEST" irq "$BDF" --mask 0 -o json
py "vector 0 masked" 'import json,sys; assert json.load(sys.stdin)["vectors"][0]["masked"]'
check "irq --unmask 0 --clear 0" "$NVMETEST" irq "$BDF" --unmask 0 --clear 0 -o json
py "vector 0 unmasked, not fired" '
import json, sys
v = json.load(sys.stdin)["vectors"][0]
assert not v["masked"] and not v["fired"], v'

check "events --aer 1" "$NVMETEST" events "$BDF" --aer 1 -o json
py "one AER outstanding" 'import json,sys; assert json.load(sys.stdin)["aer_outstanding"] == 1'

check "init --irq=intx" "$NVMETEST" init "$BDF" --irq=intx
check "id-ctrl with intx" "$NVMETEST" id-ctrl "$BDF"
check "init --irq=none" "$NVMETEST" init "$BDF" --irq=none
check "id-ctrl polled" "$NVMETEST" id-ctrl "$BDF"

check "init (msix) again" "$NVMETEST" init "$BDF" --irq=msix --vectors=4
check "reset" "$NVMETEST" reset "$BDF"
check "id-ctrl after reset" "$NVMETEST" id-ctrl "$BDF"
check "shutdown" "$NVMETEST" shutdown "$BDF"
grep_out "state shutdown" "state +: shutdown"
check_fail "commands fail after shutdown" "$NVMETEST" id-ctrl "$BDF"

check "unbind" "$NVMETEST" unbind "$BDF"
[ "$(driver_of)" = nvme ] && ok "back with nvme" || not_ok "back with nvme"

ktap_finish
