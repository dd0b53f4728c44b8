#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inside the test VM (started by tests/vm/run-all): loads the in-tree
# nvme driver (so the controller starts where it would on a real machine),
# loads this tree's nvmetest.ko for the running kernel, then runs the CUnit
# suites and the TAP selftests, and finally unloads the module. Exit status:
# 0 only if every part passed. NVMETEST_SUITES, when set, names the parts
# to run (CUnit programs as test_io, selftests as cli_io.sh), e.g. the
# IOMMU run of tests/vm/run-all.

cd "$(dirname "$0")/../.." || exit 1
rel=$(uname -r)
ko=build/kmod/$rel/nvmetest.ko
export PATH="$PWD/build/bin:$PATH"
status=0

part() {
	echo "== $1"
}

# wanted NAME: NAME is among NVMETEST_SUITES, or that is unset.
wanted() {
	[ -z "${NVMETEST_SUITES:-}" ] && return 0
	case " $NVMETEST_SUITES " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

modprobe nvme || { echo "guest: modprobe nvme failed"; exit 1; }
# wait for the in-tree driver to finish probing (no udev in the VM;
# bounded at 30 s, a loaded host can take a while)
i=0
while ! ls /sys/block/nvme*n* > /dev/null 2>&1 && [ $i -lt 60 ]; do
	sleep 0.5
	i=$((i + 1))
done
tests/vm/load-module.sh || { echo "guest: loading $ko failed"; exit 1; }

for t in build/tests/vm/test_*; do
	wanted "$(basename "$t")" || continue
	part "cunit $(basename "$t")"
	"$t" || status=1
done

for t in tests/selftests/*.sh; do
	wanted "$(basename "$t")" || continue
	part "selftest $(basename "$t")"
	sh "$t" || status=1
done

part "rmmod"
if rmmod nvmetest; then
	echo "ok rmmod nvmetest"
else
	echo "not ok rmmod nvmetest"
	status=1
fi
exit $status
