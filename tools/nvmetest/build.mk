# SPDX-License-Identifier: GPL-2.0-only
#
# The nvmetest CLI: build/bin/nvmetest, linked with libnvmetest.a (so it
# runs from the build folder and inside the test VM without an installed
# library), liburing (which libnvmetest uses) and json-c. Included by the top-level Makefile.

CLI_SRCS	:= $(wildcard tools/nvmetest/*.c)
CLI_HDRS	:= tools/nvmetest/cli.h $(LIB_PUB_HDRS) include/uapi/linux/nvmetest.h
CLI_OBJS	:= $(patsubst tools/nvmetest/%.c,$(BUILD)/tools/nvmetest/%.o,$(CLI_SRCS))
CLI_CPPFLAGS	:= -DNVMETEST_VERSION='"$(VERSION)"'
CLI_LIBS	:= $(shell pkg-config --libs json-c 2>/dev/null) $(LIB_LIBS)
NVMETEST_CLI	:= $(BUILD)/bin/nvmetest

BINDIR		?= $(PREFIX)/bin

.PHONY: cli install-cli

cli: $(NVMETEST_CLI)

$(BUILD)/tools/nvmetest/%.o: tools/nvmetest/%.c $(CLI_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CLI_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(NVMETEST_CLI): $(CLI_OBJS) $(LIBNVMETEST_A)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIBNVMETEST_A) $(CLI_LIBS)

install-cli: cli
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(NVMETEST_CLI) $(DESTDIR)$(BINDIR)/

install: install-cli
