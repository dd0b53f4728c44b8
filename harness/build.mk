# SPDX-License-Identifier: GPL-2.0-only
#
# The device test framework and the conformance suite (docs/harness.md):
# build/lib/libnvmetest-harness.a (harness/*.c: registry, fixtures,
# runner, reports; header include/nvmetest-harness.h) and
# build/bin/nvmetest-conformance, the suite of conformance/*.c linked
# with it and libnvmetest.a. The tests register themselves from
# constructors, so the suite links their objects, never an archive of
# them (the linker would drop a test nothing calls).
# Included by the top-level Makefile (CC, AR, CPPFLAGS, CFLAGS, BUILD,
# LIBNVMETEST_A, LIB_LIBS, LIB_HDRS, NVMETEST_CLI). Every file the
# recursive `make install` of the tutorial needs is a prerequisite of it,
# so that under -j the two makes never build the same file.

HARNESS_SRCS	:= $(wildcard harness/*.c)
HARNESS_HDRS	:= include/nvmetest-harness.h $(wildcard harness/*.h) $(LIB_HDRS)
HARNESS_OBJS	:= $(patsubst harness/%.c,$(BUILD)/harness/obj/%.o,$(HARNESS_SRCS))
HARNESS_A	:= $(BUILD)/lib/libnvmetest-harness.a

CONFORMANCE_SRCS := $(wildcard conformance/*.c)
CONFORMANCE_OBJS := $(patsubst conformance/%.c,$(BUILD)/conformance/obj/%.o,$(CONFORMANCE_SRCS))
CONFORMANCE_BIN	:= $(BUILD)/bin/nvmetest-conformance

HARNESS_PC	:= $(BUILD)/lib/nvmetest-harness.pc

.PHONY: harness conformance install-harness

harness: $(HARNESS_A) $(HARNESS_PC)
conformance: $(CONFORMANCE_BIN)

$(BUILD)/harness/obj/%.o: harness/%.c $(HARNESS_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(HARNESS_A): $(HARNESS_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/conformance/obj/%.o: conformance/%.c $(HARNESS_HDRS) $(wildcard conformance/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(CONFORMANCE_BIN): $(CONFORMANCE_OBJS) $(HARNESS_A) $(LIBNVMETEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CONFORMANCE_OBJS) $(HARNESS_A) \
		$(LIBNVMETEST_A) $(LIB_LIBS)

define harness_make_pc
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
		harness/nvmetest-harness.pc.in > $(1)
endef

$(HARNESS_PC): harness/nvmetest-harness.pc.in harness/build.mk
	@mkdir -p $(dir $@)
	$(call harness_make_pc,$@)

# The framework installs beside libnvmetest: a tester's own test file
# builds with `pkg-config --cflags --libs nvmetest-harness`.
# The shell side: the selftests' TAP helpers, for CLI-based test scripts
# (docs/tutorial.md).
install-harness: harness conformance install-lib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/nvmetest
	install -m 0644 $(HARNESS_A) $(DESTDIR)$(LIBDIR)/
	$(call harness_make_pc,$(DESTDIR)$(LIBDIR)/pkgconfig/nvmetest-harness.pc)
	install -m 0644 include/nvmetest-harness.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 0755 $(CONFORMANCE_BIN) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 tests/selftests/lib/ktap.sh $(DESTDIR)$(PREFIX)/share/nvmetest/

# The tutorial's program, built from docs/tutorial.md against a staged
# install with pkg-config (tests/tutorial-build), as a tester would.
TUTORIAL_BIN	:= $(BUILD)/tutorial/mytests
.PHONY: tutorial
tutorial: $(TUTORIAL_BIN)
$(TUTORIAL_BIN): docs/tutorial.md tests/tutorial-build tests/selftests/lib/ktap.sh \
		$(HARNESS_A) $(HARNESS_HDRS) $(LIBNVMETEST_A) harness/nvmetest-harness.pc.in \
		lib/nvmetest.pc.in $(CONFORMANCE_BIN) $(NVMETEST_CLI) $(LIBNVMETEST_SO) \
		$(LIBNVMETEST_PC) $(HARNESS_PC)
	@MAKE="$(MAKE)" tests/tutorial-build

install: install-harness
all: harness conformance tutorial
