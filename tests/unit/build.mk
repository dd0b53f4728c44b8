# SPDX-License-Identifier: GPL-2.0-only
#
# Host unit tests (CUnit, ASan + UBSan). `make unit` builds and runs them
# all and fails when one fails. The libnvmetest and CLI programs here
# compile the real lib/*.c and tools/nvmetest/*.c (all but main.c) with
# $(SANITIZE) into build/tests/unit/obj. Other parts add their own tests
# as tests/unit/<name>.mk defining a phony target unit-<name>, which
# `make unit` runs too (prp.mk: the PRP builder of kmod/core).

UNIT_DIR	:= $(BUILD)/tests/unit
UNIT_CFLAGS	:= $(CFLAGS) $(SANITIZE)
UNIT_CPPFLAGS	:= $(CPPFLAGS) $(CLI_CPPFLAGS) -Ilib -Itools/nvmetest -Itests/unit
UNIT_LIBS	:= -lcunit $(CLI_LIBS)

UNIT_LIB_OBJS	:= $(patsubst lib/%.c,$(UNIT_DIR)/obj/lib/%.o,$(LIB_SRCS)) \
		   $(patsubst core/%.c,$(UNIT_DIR)/obj/core/%.o,$(LIB_CORE_SRCS))
UNIT_CLI_OBJS	:= $(patsubst tools/nvmetest/%.c,$(UNIT_DIR)/obj/cli/%.o,\
		     $(filter-out tools/nvmetest/main.c,$(CLI_SRCS)))
UNIT_COMMON	:= $(UNIT_DIR)/obj/unit.o

# test program -> the objects it needs beyond its own .c and unit.o
UNIT_PROGS	:= test_regs test_pcicap test_sysfs test_cli test_admin test_io test_verify test_ioworker
UNIT_BINS	:= $(addprefix $(UNIT_DIR)/,$(UNIT_PROGS))

UNIT_EXTRA_MK	:= $(filter-out tests/unit/build.mk,$(wildcard tests/unit/*.mk))
include $(UNIT_EXTRA_MK)
UNIT_EXTRA	:= $(patsubst tests/unit/%.mk,unit-%,$(UNIT_EXTRA_MK))

.PHONY: unit unit-lib

unit: unit-lib $(UNIT_EXTRA)

unit-lib: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
		echo "== $$(basename $$t)"; \
		$$t || { echo "FAILED: $$t" >&2; fail=1; }; \
	done; exit $$fail

$(UNIT_DIR)/obj/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/core/%.o: core/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/cli/%.o: tools/nvmetest/%.c $(CLI_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/%.o: tests/unit/%.c tests/unit/unit.h $(LIB_HDRS) $(CLI_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/test_regs $(UNIT_DIR)/test_pcicap $(UNIT_DIR)/test_sysfs: \
		$(UNIT_DIR)/%: $(UNIT_DIR)/obj/%.o $(UNIT_COMMON) $(UNIT_LIB_OBJS)
	$(CC) $(UNIT_CFLAGS) $(LDFLAGS) -o $@ $^ $(UNIT_LIBS)

$(UNIT_DIR)/test_cli $(UNIT_DIR)/test_admin $(UNIT_DIR)/test_io $(UNIT_DIR)/test_verify \
		$(UNIT_DIR)/test_ioworker: $(UNIT_DIR)/%: $(UNIT_DIR)/obj/%.o $(UNIT_COMMON) $(UNIT_CLI_OBJS) \
		$(UNIT_LIB_OBJS)
	$(CC) $(UNIT_CFLAGS) $(LDFLAGS) -o $@ $^ $(UNIT_LIBS)
