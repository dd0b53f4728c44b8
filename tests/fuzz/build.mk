# SPDX-License-Identifier: GPL-2.0-only
# The fuzzer of /dev/nvmetestN (docs/fuzz.md): built on the host like the
# tests/vm programs, run inside the VM by tests/fuzz/run (`make fuzz`) or
# tests/fuzz/fuzz-guest.sh. Links libnvmetest for the SQE builder the
# library's callers use.

FUZZ_SRCS := $(filter-out tests/fuzz/repro_%.c,$(wildcard tests/fuzz/*.c))
FUZZ_PROG := $(BUILD)/tests/fuzz/nvmetest-fuzz

.PHONY: fuzzer
fuzzer: $(FUZZ_PROG)

$(FUZZ_PROG): $(FUZZ_SRCS) tests/fuzz/fuzz.h include/uapi/linux/nvmetest.h $(LIBNVMETEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(FUZZ_SRCS) $(LIBNVMETEST_A) -lpthread $(PKG_LIBS)

all: fuzzer

# Reproducers of the fuzzer's findings (docs/fuzz.md): one program each,
# run in the VM by tests/fuzz/repro-guest.sh NAME; not part of make check.
FUZZ_REPROS := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/fuzz/%,$(wildcard tests/fuzz/repro_*.c))

$(BUILD)/tests/fuzz/repro_%: tests/fuzz/repro_%.c include/uapi/linux/nvmetest.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS)

fuzzer: $(FUZZ_REPROS)
