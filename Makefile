# SPDX-License-Identifier: GPL-2.0-only
#
# nvmetest top-level build: the kernel module (through Kbuild, one build
# folder per kernel), libnvmetest, the nvmetest CLI and the tests.
# Non-recursive: each part adds its rules from a build.mk of its own.
#
#   make               module (running kernel, or every cached kernel),
#                      library, CLI, test framework, conformance suite and
#                      the tutorial's program (build/tutorial, docs/tutorial.md)
#   make install       library, headers, .pc files, CLI, framework, suite,
#                      shell TAP helpers (PREFIX=/usr/local, DESTDIR)
#   make KVER=<rel>    module for one kernel release
#   make deps          install what the build and the tests need
#   make check         everything the CI runs (see README.md)
#   make check-floors  no kmod file calls a file above it (tools/check-floors)
#   make check-repeat N=10   the VM suites N times per kernel: failures per test
#   make demo          boot the VM and show nvmetest at work
#   make bench         IOWorker vs fio in the VM, a table of ratios (docs/bench.md)
#   make stress        resets, rebinds, removals and timeouts in a loop, with
#                      slab figures (docs/stress.md)
#   make fuzz          fuzz the ioctls and io_uring commands in the VM (docs/fuzz.md)

TOP	:= $(CURDIR)
BUILD	:= $(TOP)/build
CACHE	?= $(TOP)/.cache
export NVMETEST_CACHE := $(CACHE)

VERSION	:= $(shell cat $(TOP)/VERSION)

# --- kernel module -------------------------------------------------------

RUNNING	:= $(shell uname -r)
# Kernels fetched by `make deps` (tools/vm/deps): $(CACHE)/kernels/<release>,
# Debian's (*-amd64) and the debug kernel (*-nvmt-debug, tools/vm/kernel-build).
CACHED_KVERS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard $(CACHE)/kernels/*-amd64/.nvmetest-ready $(CACHE)/kernels/*-nvmt-debug/.nvmetest-ready)))))

kdir_of = $(if $(wildcard $(CACHE)/kernels/$(1)/usr/src/linux-headers-$(1)/Makefile),$(CACHE)/kernels/$(1)/usr/src/linux-headers-$(1),/lib/modules/$(1)/build)

ifneq ($(KVER),)
MODULE_KVERS := $(KVER)
else ifneq ($(wildcard /lib/modules/$(RUNNING)/build/Makefile),)
MODULE_KVERS := $(RUNNING)
else
MODULE_KVERS := $(CACHED_KVERS)
endif

KMOD_SRCS := Kbuild $(wildcard kmod/*.[ch] core/*.[ch]) include/uapi/linux/nvmetest.h

# Kbuild writes its objects next to the sources, so each kernel gets a
# folder of symlinks to the sources and builds there: the builds for 6.1
# and 6.12 never overwrite each other.
define kmod_prepare
	@mkdir -p $(BUILD)/kmod/$(1)
	@cd $(BUILD)/kmod/$(1) && find . -type l ! -exec test -e {} \; -delete
	@cp -rsf $(TOP)/Kbuild $(TOP)/VERSION $(TOP)/kmod $(TOP)/core $(TOP)/include $(BUILD)/kmod/$(1)/
endef

# A recipe line that names a variable cannot span lines: per-kernel steps
# are canned sequences, expanded once per kernel, ending in a newline so
# that each of their lines is a recipe line of its own.
define nl


endef

define kmod_build
$(call kmod_prepare,$(1))
	+$(MAKE) -C $(call kdir_of,$(1)) M=$(BUILD)/kmod/$(1) modules

endef

define kmod_check
$(call kmod_prepare,$(1))
	@echo "  CHECK   nvmetest.ko for $(1) (W=1, sparse)"
	+@$(MAKE) -s -C $(call kdir_of,$(1)) M=$(BUILD)/kmod/$(1) W=1 C=2 modules > $(BUILD)/kmod/$(1)/check.log 2>&1 || { cat $(BUILD)/kmod/$(1)/check.log; exit 1; }
	@if grep -E 'warning|error' $(BUILD)/kmod/$(1)/check.log; then echo "nvmetest: warnings building for $(1)" >&2; exit 1; fi

endef

.PHONY: all module module-check check-floors deps check demo clean install \
	install-module unit vmtest selftest vm-check check-repeat bench stress \
	fuzz

all: module lib cli

module:
	@if [ -z "$(MODULE_KVERS)" ]; then \
		echo "nvmetest: no kernel headers for $(RUNNING) and no cached kernel; run 'make deps' or install linux-headers-$(RUNNING)" >&2; \
		exit 1; fi
	$(foreach k,$(MODULE_KVERS),$(call kmod_build,$(k)))

# Every cached kernel, with W=1 and sparse over every file (C=2); any
# warning fails the build.
module-check:
	@test -n "$(CACHED_KVERS)" || { echo "nvmetest: no cached kernel; run 'make deps'" >&2; exit 1; }
	$(foreach k,$(CACHED_KVERS),$(call kmod_check,$(k)))

# A kmod file calls down, never up: the floors of docs/architecture.md,
# checked in the symbol tables of the objects `make module` built.
check-floors:
	@tools/check-floors

install-module:
	$(foreach k,$(MODULE_KVERS),$(MAKE) -C $(call kdir_of,$(k)) M=$(BUILD)/kmod/$(k) modules_install$(nl))

# --- userspace -----------------------------------------------------------

CC	?= cc
AR	?= ar
PKGS	:= json-c libnvme liburing
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN	:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -I$(TOP): the pure C of core/ is included as "core/xxx.h", as the module
# includes it (Kbuild's -I$(src)).
CPPFLAGS += -D_GNU_SOURCE -I$(TOP)/include -I$(TOP)/include/uapi -I$(TOP)
CFLAGS	?= -O2 -g
CFLAGS	+= -std=gnu11 -fPIC $(WARN) $(PKG_CFLAGS)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

PREFIX	?= /usr/local

include lib/build.mk
include tools/nvmetest/build.mk
include tests/unit/build.mk
include tests/vm/build.mk
include tests/stress/build.mk
include tests/fuzz/build.mk
include harness/build.mk

# --- tests and the VM ----------------------------------------------------

VM_KERNELS ?= 6.1 6.12 debug debug+iommu

# The debug kernel is built (once per machine, tools/vm/kernel-build) when
# VM_KERNELS names it.
deps:
	@tools/vm/deps --for "$(VM_KERNELS)"

# The VM suites and the selftests, on every supported kernel.
vm-check:
	@tools/vm/deps --for "$(VM_KERNELS)"
	@$(MAKE) --no-print-directory all
	@tests/vm/run-all $(VM_KERNELS)

# The VM suites N times on each kernel, and each test's failure count: how
# a flaky test shows (tests/check-repeat, docs/vm.md).
check-repeat: N ?= 10
check-repeat:
	@tools/vm/deps --for "$(VM_KERNELS)"
	@$(MAKE) --no-print-directory all
	@VM_KERNELS="$(VM_KERNELS)" tests/check-repeat $(N)

check:
	@tests/check

demo:
	@tools/vm/deps
	@$(MAKE) --no-print-directory all
	@tools/vm/run -- tools/demo.sh

# IOWorkers vs fio in the VM: build/bench/latest.md (docs/bench.md).
# BENCH_ARGS: tools/bench/run's options, e.g. --kernel 6.1 --runtime 10.
bench:
	@tools/vm/deps
	@$(MAKE) --no-print-directory all
	@tools/bench/run $(BENCH_ARGS)

# The stress loops in the VM, full counts, on STRESS_KERNEL (the debug
# kernel: kmemleak, KASAN, lockdep); STRESS_SHORT=1 runs the short counts
# that `make check` runs. Log: build/test-results/stress.log.
STRESS_KERNEL ?= debug
stress:
	@tools/vm/deps --for "$(STRESS_KERNEL)"
	@$(MAKE) --no-print-directory all
	@tests/stress/run --kernel $(STRESS_KERNEL) $(if $(STRESS_SHORT),--short)

# The fuzzer in the VM on FUZZ_KERNEL (default: the debug kernel), with the
# VM suites' controller: FUZZ_CALLS calls (default 100000) from
# FUZZ_THREADS threads (default 4), seed FUZZ_SEED (default: random,
# printed). docs/fuzz.md.
FUZZ_KERNEL ?= debug
fuzz:
	@tools/vm/deps --for "$(FUZZ_KERNEL)"
	@$(MAKE) --no-print-directory all
	@FUZZ_CALLS="$(FUZZ_CALLS)" FUZZ_SEED="$(FUZZ_SEED)" FUZZ_THREADS="$(FUZZ_THREADS)" \
		FUZZ_KERNEL="$(FUZZ_KERNEL)" FUZZ_ARGS="$(FUZZ_ARGS)" tests/fuzz/run

clean:
	rm -rf $(BUILD)
