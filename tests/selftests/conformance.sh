#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The device conformance suite (build/bin/nvmetest-conformance,
# docs/harness.md) against the test VM's controller: bind it to
# nvmetest, run every test with --destructive (the VM's namespaces are
# scratch), give it back to the in-tree nvme driver. The suite's own TAP
# (kselftest style) is this script's output, and its exit code (0 pass,
# 1 a failure, 4 all skipped) this script's. A failure here is either a
# bug of ours or a deviation of QEMU's controller the suite does not
# know yet (then it becomes an expected failure with the spec text).
# Needs root, nvmetest.ko loaded and the in-tree nvme driver owning the
# controller ($NVMETEST_BDFS, first entry) at the start; leaves it there.

cd "$(dirname "$0")/../.." || exit 1
BDF=${NVMETEST_BDFS:-0000:01:00.0}
BDF=${BDF%% *}
NVMETEST=${NVMETEST:-build/bin/nvmetest}

if ! "$NVMETEST" bind "$BDF" > /dev/null 2>&1; then
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 bind $BDF to nvmetest"
	exit 1
fi
build/bin/nvmetest-conformance --device "$BDF" --destructive --format tap
rc=$?
"$NVMETEST" unbind "$BDF" > /dev/null 2>&1
exit $rc
