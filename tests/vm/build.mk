# SPDX-License-Identifier: GPL-2.0-only
# The in-VM test programs: built on the host, run inside the VM by
# tests/vm/run-all against the real /dev/nvmetestN. Each tests/vm/test_*.c
# is a CUnit suite program; hotplug_guest.c is the guest half of the
# surprise-removal test and corrupt_guest.c of the corruption test. vmtest.c
# holds their shared helpers. test_ioworker also links core/hist.c to
# read the driver's latency histograms.

VMTEST_PROGS := $(patsubst tests/vm/%.c,$(BUILD)/tests/vm/%,$(wildcard tests/vm/test_*.c tests/vm/*_guest.c))

.PHONY: vmtests
vmtests: $(VMTEST_PROGS)

$(BUILD)/tests/vm/test_ioworker: tests/vm/test_ioworker.c tests/vm/vmtest.c tests/vm/vmtest.h core/hist.c core/hist.h include/uapi/linux/nvmetest.h $(LIBNVMETEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< tests/vm/vmtest.c core/hist.c $(LIBNVMETEST_A) -lcunit -lpthread -lm $(PKG_LIBS)

$(BUILD)/tests/vm/%: tests/vm/%.c tests/vm/vmtest.c tests/vm/vmtest.h tests/common.h include/uapi/linux/nvmetest.h $(LIBNVMETEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< tests/vm/vmtest.c $(LIBNVMETEST_A) -lcunit $(PKG_LIBS)

all: vmtests
