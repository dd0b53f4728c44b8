# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the selftest scripts (sourced, not run): kselftest exit codes,
# the device under test, and TAP result helpers. Every helper that runs a
# command keeps its output in $TMP/out, which not_ok prints as diagnostics.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

BDF=${NVMETEST_BDFS:-0000:01:00.0}
BDF=${BDF%% *}
NVMETEST=${NVMETEST:-nvmetest}
TMP=$(mktemp -d)
n=0
failed=0

# ktap_plan N: the TAP header and the plan; when not root or without the
# NVMe function $BDF, an empty plan with the reason and the skip code
ktap_plan() {
	echo "TAP version 13"
	if [ "$(id -u)" -ne 0 ] || [ ! -e "/sys/bus/pci/devices/$BDF" ]; then
		echo "1..0 # SKIP needs root and the NVMe function $BDF"
		exit $KSFT_SKIP
	fi
	echo "1..$1"
}

# ktap_cleanup: give the function back (away from nvmetest, to whichever
# driver claims it) and remove $TMP; for `trap ktap_cleanup EXIT`, or
# called last by a script's own cleanup
ktap_cleanup() {
	"$NVMETEST" unbind "$BDF" > /dev/null 2>&1
	rm -rf "$TMP"
}

ok() {
	n=$((n + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n $1"
	[ -s "$TMP/out" ] && sed 's/^/# /' "$TMP/out" | head -20
}

skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

# check NAME CMD...: the command succeeds
check() {
	name=$1
	shift
	if "$@" > "$TMP/out" 2>&1; then ok "$name"; else not_ok "$name"; fi
}

# check_json NAME CMD...: the command succeeds and prints JSON
check_json() {
	name=$1
	shift
	if "$@" > "$TMP/out" 2> "$TMP/err" &&
	   python3 -c 'import json,sys; json.load(sys.stdin)' < "$TMP/out" 2> /dev/null; then
		ok "$name"
	else
		cat "$TMP/err" >> "$TMP/out"
		not_ok "$name"
	fi
}

# check_fail NAME CMD...: the command exits 1 with one line "nvmetest: ..."
check_fail() {
	name=$1
	shift
	"$@" > "$TMP/out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		not_ok "$name (succeeded)"
	elif [ "$rc" -eq 1 ] && [ "$(wc -l < "$TMP/out")" -eq 1 ] &&
	     grep -q '^nvmetest: ' "$TMP/out"; then
		ok "$name"
	else
		not_ok "$name (exit $rc, not one 'nvmetest:' line)"
	fi
}

# grep_out NAME PATTERN: the last output matches
grep_out() {
	if grep -qE "$2" "$TMP/out"; then ok "$1"; else not_ok "$1"; fi
}

# py NAME SCRIPT [ARGS]: a python3 check of the last output (JSON on stdin)
py() {
	name=$1
	script=$2
	shift 2
	if python3 -c "$script" "$@" < "$TMP/out" > "$TMP/py" 2>&1; then
		ok "$name"
	else
		cat "$TMP/py" >> "$TMP/out"
		not_ok "$name"
	fi
}

# same NAME FILE1 FILE2: the files are identical
same() {
	if cmp "$2" "$3" > "$TMP/out" 2>&1; then ok "$1"; else not_ok "$1"; fi
}

# the driver the PCI function is bound to now
driver_of() {
	basename "$(readlink "/sys/bus/pci/devices/$BDF/driver" 2>/dev/null)" 2>/dev/null
}

# has_cap NAME: `nvmetest info` lists the driver capability NAME (lower
# case), e.g. has_cap verify
has_cap() {
	"$NVMETEST" info "$BDF" -o json 2> /dev/null | python3 -c '
import json, sys
assert sys.argv[1] in [c.lower() for c in json.load(sys.stdin)["capabilities"]]' \
		"$1" > /dev/null 2>&1
}

# skip_until N NAME REASON: SKIP results named NAME until N are out, for
# the tests a missing capability rules out
skip_until() {
	while [ "$n" -lt "$1" ]; do
		skip "$2" "$3"
	done
}

# ktap_finish: the kselftest exit code from the results
ktap_finish() {
	if [ "$failed" -ne 0 ]; then
		echo "# $failed of $n failed"
		exit $KSFT_FAIL
	fi
	exit $KSFT_PASS
}
