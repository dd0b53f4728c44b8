#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The device conformance suite (build/bin/nvmetest-conformance,
# docs/harness.md) against the test VM's controller: bind it to
# nvmetest, run every test with --destructive (the VM's namespaces are
# scratch), give it back to the in-tree nvme driver. The suite's own TAP
# (kselftest style) is this script's output, and its exit code (0 pass,
# 1 a failure, 4 all skipped) this script's; last, one line
# "# conformance CONFIG: N pass, N fail, N skip, N xfail, N xpass of N"
# (tests/vm/run-all prints it per QEMU configuration). A failure here is
# either a bug of ours or a deviation of QEMU's controller the suite does
# not know yet (then it becomes an expected failure with the spec text).
# NVMETEST_CONFORMANCE_CONFIG names the configuration (default
# "default"); NVMETEST_CONFORMANCE_ARGS adds runner options (--nsid N).
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.

cd "$(dirname "$0")/../.." || exit 1
BDF=${NVMETEST_BDFS:-0000:01:00.0}
BDF=${BDF%% *}
NVMETEST=${NVMETEST:-build/bin/nvmetest}
CONFIG=${NVMETEST_CONFORMANCE_CONFIG:-default}
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT

if ! "$NVMETEST" bind "$BDF" > /dev/null 2>&1; then
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 bind $BDF to nvmetest"
	exit 1
fi
# shellcheck disable=SC2086 # the extra options are words
# --timeout 300: the runner's 60 s per test is for a drive on a bench; a
# TCG guest on a loaded two-core host (the debug kernel most) is slower
build/bin/nvmetest-conformance --device "$BDF" --destructive --format tap --timeout 300 \
	${NVMETEST_CONFORMANCE_ARGS:-} 2> "$TMP/err"
rc=$?
cat "$TMP/err" >&2
"$NVMETEST" unbind "$BDF" > /dev/null 2>&1
# the summary table's last row: "# all PASS FAIL SKIP XFAIL XPASS TOTAL"
awk -v c="$CONFIG" '$1 == "#" && $2 == "all" && NF == 8 {
	printf "# conformance %s: %d pass, %d fail, %d skip, %d xfail, %d xpass of %d\n",
		c, $3, $4, $5, $6, $7, $8 }' "$TMP/err"
exit $rc
