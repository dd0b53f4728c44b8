#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# tools/vm/lib.sh: shell functions shared by tools/vm/deps and tools/vm/run:
# locating the repository and the cache, messages, and resolving a kernel
# name (6.1, 6.12 or a full release) to its unpacked tree in the cache.
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
