#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Inside the test VM: load this tree's nvmetest.ko for the running kernel
# after the modules it depends on (insmod does not load them; modprobe of
# an installed module would). Usage: tests/vm/load-module.sh [PARAM=VAL...]
cd "$(dirname "$0")/../.." || exit 1
ko=build/kmod/$(uname -r)/nvmetest.ko
for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
	modprobe "$dep" || exit 1
done
exec insmod "$ko" "$@"
