#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# tools/vm/lib.sh: shell functions shared by tools/vm/deps, tools/vm/run and
# tools/vm/qemu-build: locating the repository and the caches, messages,
# resolving a kernel name (6.1, 6.12 or a full release) to its unpacked
# tree in the cache, and naming the harness's own QEMU build.
# Sourced, not executed.

# shellcheck disable=SC2034 # the variables set here are used by the callers

# Fail inside $(...) too: most helpers here are called that way.
shopt -s inherit_errexit

NVMT_VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# A fresh clone or an unpacked tarball: fall back to the layout (tools/vm).
NVMT_REPO=$(git -C "$NVMT_VM_DIR" rev-parse --show-toplevel 2>/dev/null ||
	    { cd "$NVMT_VM_DIR/../.." && pwd -P; })
NVMT_CACHE=${NVMETEST_CACHE:-$NVMT_REPO/.cache}
# The guest sees the host's paths unchanged, so every path handed to it is
# absolute and resolved.
mkdir -p "$NVMT_CACHE"
NVMT_CACHE=$(cd "$NVMT_CACHE" && pwd -P)
NVMT_KERNELS=$NVMT_CACHE/kernels

nvmt_prog=${0##*/}

die() {
	printf '%s: error: %s\n' "$nvmt_prog" "$*" >&2
	exit 1
}

info() {
	printf '%s: %s\n' "$nvmt_prog" "$*" >&2
}

# nvmt_kernel_release NAME: print the release that NAME (an alias such as
# 6.12, or a release such as 6.12.57+deb12-amd64) stands for in the cache.
# Fails when it is not there or not complete.
nvmt_kernel_release() {
	local name=$1 dir
	dir=$NVMT_KERNELS/$name
	[[ -e $dir ]] || return 1
	dir=$(cd "$dir" && pwd -P)
	[[ -f $dir/.nvmetest-ready ]] || return 1
	basename "$dir"
}

# nvmt_default_kernel: the kernel `run` boots when none is asked for.
nvmt_default_kernel() {
	nvmt_kernel_release 6.12 || nvmt_kernel_release 6.1
}

# The harness's own QEMU (tools/vm/qemu-build): what tools/vm/qemu/ says
# to build, and where builds are kept. They live outside the repository so
# that every clone on the machine (CI runs on fresh clones) reuses them.
NVMT_QEMU_SPEC=$NVMT_VM_DIR/qemu
NVMT_QEMU_CACHE=${NVMETEST_QEMU_CACHE:-/var/cache/nvmetest/qemu}

# nvmt_qemu_dir [FLAVOR]: the install folder of the QEMU build that
# tools/vm/qemu/ describes, e.g. /var/cache/nvmetest/qemu/10.0.2-3f0c9a1b2d4e
# (FLAVOR asan: 10.0.2-asan-...). The hash covers the files there that
# qemu-build reads (source.conf, configure.args, nvmetest.mak,
# patches/*.patch) and the flavor, so changing any of them names a new
# build and never reuses a stale one.
nvmt_qemu_dir() {
	local flavor=${1:-} upstream hash
	upstream=$(sed -n 's/^QEMU_UPSTREAM=//p' "$NVMT_QEMU_SPEC/source.conf")
	[[ -n $upstream ]] || die "$NVMT_QEMU_SPEC/source.conf has no QEMU_UPSTREAM"
	hash=$( {
		echo "flavor=$flavor"
		cd "$NVMT_QEMU_SPEC" && find . -type f \( -name source.conf -o \
			-name configure.args -o -name nvmetest.mak -o -path './patches/*.patch' \) \
			-print0 | LC_ALL=C sort -z | xargs -0 sha256sum
	} | sha256sum | cut -c1-12)
	echo "$NVMT_QEMU_CACHE/$upstream${flavor:+-$flavor}-$hash"
}

# nvmt_qemu_ready DIR: DIR holds a complete build (qemu-build marks it last).
nvmt_qemu_ready() {
	[[ -f $1/.nvmetest-ready && -x $1/bin/qemu-system-x86_64 ]]
}

# The debug kernel (tools/vm/kernel-build): one folder per source version
# and configuration, outside the repository like the QEMU builds.
NVMT_KDEBUG_CACHE=${NVMETEST_KERNEL_CACHE:-/var/cache/nvmetest/kernel-debug}

# nvmt_kdebug_tree DIR: print the kernel tree (DIR/root/REL) of the build
# in DIR; fails unless the build is complete (kernel-build marks it last).
nvmt_kdebug_tree() {
	local t
	for t in "$1"/root/*/.nvmetest-ready; do
		[[ -f $t ]] || continue
		dirname "$t"
		return 0
	done
	return 1
}

# nvmt_kdebug_latest HASH: the newest complete build of the configuration
# HASH names, whatever its source version (when apt cannot tell).
nvmt_kdebug_latest() {
	local d
	d=$(ls -1dt "$NVMT_KDEBUG_CACHE"/*-"$1" 2>/dev/null | while read -r d; do
		nvmt_kdebug_tree "$d" >/dev/null && { echo "$d"; break; }
	done)
	[[ -n $d ]] && echo "$d"
}
