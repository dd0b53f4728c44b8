# SPDX-License-Identifier: GPL-2.0-only
#
# Host unit tests (CUnit, ASan + UBSan). `make unit` builds and runs them
# all and fails when one fails. Every tests/unit/test_<name>.c is a test
# program, built by one pattern rule: its object linked with libunit.a,
# an archive of the real lib/*.c, tools/nvmetest/*.c (all but main.c) and
# core/*.c compiled with $(SANITIZE), and of the shared fixtures
# (unit.c). The linker takes from the archive only what a test uses, so
# test_prp gets core/prp.c and test_cli the whole CLI, with no rule per
# test or per core file.

UNIT_DIR	:= $(BUILD)/tests/unit
UNIT_CFLAGS	:= $(CFLAGS) $(SANITIZE)
UNIT_CPPFLAGS	:= $(CPPFLAGS) $(CLI_CPPFLAGS) -Ilib -Itools/nvmetest -Itests/unit
UNIT_LIBS	:= -lcunit $(CLI_LIBS)
UNIT_HDRS	:= tests/unit/unit.h tests/common.h $(LIB_HDRS) $(CLI_HDRS) $(wildcard core/*.h)

UNIT_A		:= $(UNIT_DIR)/libunit.a
UNIT_A_OBJS	:= $(patsubst lib/%.c,$(UNIT_DIR)/obj/lib/%.o,$(LIB_SRCS)) \
		   $(patsubst core/%.c,$(UNIT_DIR)/obj/core/%.o,$(wildcard core/*.c)) \
		   $(patsubst tools/nvmetest/%.c,$(UNIT_DIR)/obj/cli/%.o,\
		     $(filter-out tools/nvmetest/main.c,$(CLI_SRCS))) \
		   $(UNIT_DIR)/obj/unit.o

UNIT_BINS	:= $(patsubst tests/unit/%.c,$(UNIT_DIR)/%,$(wildcard tests/unit/test_*.c))

.PHONY: unit

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
		echo "== $$(basename $$t)"; \
		$$t || { echo "FAILED: $$t" >&2; fail=1; }; \
	done; exit $$fail

$(UNIT_DIR)/obj/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/core/%.o: core/%.c $(wildcard core/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/cli/%.o: tools/nvmetest/%.c $(CLI_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/%.o: tests/unit/%.c $(UNIT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_A): $(UNIT_A_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(UNIT_DIR)/%: $(UNIT_DIR)/obj/%.o $(UNIT_A)
	$(CC) $(UNIT_CFLAGS) $(LDFLAGS) -o $@ $< $(UNIT_A) $(UNIT_LIBS)

# test_harness compiles the harness's pure files into itself.
$(UNIT_DIR)/obj/test_harness.o: harness/report.c harness/select.c harness/private.h \
	include/nvmetest-harness.h
