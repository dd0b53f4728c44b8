# SPDX-License-Identifier: GPL-2.0-only
# The stress loops' helpers (docs/stress.md): built on the host, run inside
# the VM by tests/stress/guest.sh. uring_reads keeps io_uring reads in
# flight through resets and removals; late_completions provokes timeouts
# that the device completes late. squeue.c is their shared queue pair.

STRESS_PROGS := $(BUILD)/tests/stress/uring_reads $(BUILD)/tests/stress/late_completions

.PHONY: stress-progs
stress-progs: $(STRESS_PROGS)

$(BUILD)/tests/stress/%: tests/stress/%.c tests/stress/squeue.c tests/stress/squeue.h $(LIB_PUB_HDRS) include/uapi/linux/nvmetest.h $(LIBNVMETEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< tests/stress/squeue.c $(LIBNVMETEST_A) $(PKG_LIBS) $(LIB_LIBS)

all: stress-progs
