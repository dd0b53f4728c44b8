#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Inside the test VM: load this tree's nvmetest.ko, hand it the first
# controller (NVMETEST_BDFS), run the fuzzer on its node, then check that
# the module unloads (nothing the fuzz left behind holds it). `make fuzz`
# runs it through tests/fuzz/run; `make check` can run it for a bounded
# share. Exit status: the fuzzer's (0 clean, 1 findings, 2 a hang), or 1
# when the set-up or the unload failed.
#
#   FUZZ_CALLS    calls (default 20000: a few minutes of VM time)
#   FUZZ_THREADS  threads (default 4)
#   FUZZ_SEED     seed (default: the fuzzer picks one and prints it)
#   extra arguments go to nvmetest-fuzz (--verbose, --hang-timeout S)
cd "$(dirname "$0")/../.." || exit 1
fuzz=build/tests/fuzz/nvmetest-fuzz
bdf=${NVMETEST_BDFS%% *}
calls=${FUZZ_CALLS:-20000}
threads=${FUZZ_THREADS:-4}

[ -x "$fuzz" ] || { echo "fuzz-guest: $fuzz not built (make all)"; exit 1; }
[ -n "$bdf" ] || { echo "fuzz-guest: no controller (NVMETEST_BDFS is empty)"; exit 1; }
# admin_timeout_ms=1000: while the fuzz has left the controller unable to
# serve its admin queue, every queue create/delete and IOWorker start
# waits the driver's admin timeout in turn until the chaos thread brings
# it back; with the 10 s default the run time varied tenfold with the
# same seed (20 s to 316 s).
tests/vm/load-module.sh admin_timeout_ms=1000 ||
	{ echo "fuzz-guest: loading nvmetest.ko failed"; exit 1; }
build/bin/nvmetest bind "$bdf" || { echo "fuzz-guest: bind $bdf failed"; exit 1; }
node=
i=0
while [ -z "$node" ] && [ $i -lt 100 ]; do
	node=$(ls "/sys/bus/pci/devices/$bdf/nvmetest" 2>/dev/null | head -n 1)
	[ -n "$node" ] && [ -e "/dev/$node" ] || { node=; sleep 0.1; }
	i=$((i + 1))
done
[ -n "$node" ] || { echo "fuzz-guest: no /dev/nvmetestN for $bdf"; exit 1; }

set -- --calls "$calls" --threads "$threads" --device "/dev/$node" "$@"
[ -n "$FUZZ_SEED" ] && set -- --seed "$FUZZ_SEED" "$@"
echo "fuzz-guest: $fuzz $*"
"$fuzz" "$@"
status=$?

if build/bin/nvmetest unbind "$bdf" > /dev/null && rmmod nvmetest; then
	echo "ok unbind and rmmod after the fuzz"
else
	echo "not ok unbind and rmmod after the fuzz"
	[ $status -eq 0 ] && status=1
fi
exit $status
