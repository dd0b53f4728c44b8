# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libnvmetest: build/lib/libnvmetest.a, build/lib/libnvmetest.so (soname
# libnvmetest.so.2, exports only nvmetest_* through lib/libnvmetest.map)
# and build/lib/nvmetest.pc; `make install` installs them with the public
# headers (<nvmetest.h> and the parts it includes, <nvmetest/*.h>) and the
# uapi header they include (<linux/nvmetest.h>).
# Included by the top-level Makefile, which defines CC, AR, CPPFLAGS,
# CFLAGS, BUILD, PREFIX and VERSION.

LIB_SRCS	:= $(wildcard lib/*.c)
# Pure C of the driver compiled into the library as is: the latency
# histogram (ioworker.c merges histograms and reads percentiles with the
# driver's own code) and the PRP builder (dbuf.c builds the raw path's
# PRPs with it). The top-level CPPFLAGS includes them as "core/hist.h".
LIB_CORE_SRCS	:= core/hist.c core/prp.c
LIB_PUB_HDRS	:= include/nvmetest.h $(wildcard include/nvmetest/*.h)
LIB_HDRS	:= $(LIB_PUB_HDRS) include/uapi/linux/nvmetest.h $(wildcard lib/*.h) \
		   $(LIB_CORE_SRCS:.c=.h) core/types.h
LIB_OBJS	:= $(patsubst lib/%.c,$(BUILD)/lib/obj/%.o,$(LIB_SRCS)) \
		   $(patsubst core/%.c,$(BUILD)/lib/obj/core/%.o,$(LIB_CORE_SRCS))
# ring.c uses liburing: the .so links it, and every program that links
# libnvmetest.a adds $(LIB_LIBS) (the CLI and the unit tests do); -lm for
# ioworker.c's sqrt().
LIB_LIBS	:= $(shell pkg-config --libs liburing 2>/dev/null) -lm

LIBNVMETEST_SOVERSION := 2
LIBNVMETEST_SONAME := libnvmetest.so.$(LIBNVMETEST_SOVERSION)
LIBNVMETEST_REAL := $(LIBNVMETEST_SONAME).0.0
LIBNVMETEST_A	:= $(BUILD)/lib/libnvmetest.a
LIBNVMETEST_SO	:= $(BUILD)/lib/libnvmetest.so
LIBNVMETEST_PC	:= $(BUILD)/lib/nvmetest.pc

LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include

.PHONY: lib install-lib

lib: $(LIBNVMETEST_A) $(LIBNVMETEST_SO) $(LIBNVMETEST_PC)

$(BUILD)/lib/obj/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/lib/obj/core/%.o: core/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBNVMETEST_A): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/lib/$(LIBNVMETEST_REAL): $(LIB_OBJS) lib/libnvmetest.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(LIBNVMETEST_SONAME) \
		-Wl,--version-script=lib/libnvmetest.map -Wl,--no-undefined \
		-o $@ $(LIB_OBJS) $(LIB_LIBS)

$(BUILD)/lib/$(LIBNVMETEST_SONAME): $(BUILD)/lib/$(LIBNVMETEST_REAL)
	ln -sf $(LIBNVMETEST_REAL) $@

$(LIBNVMETEST_SO): $(BUILD)/lib/$(LIBNVMETEST_SONAME)
	ln -sf $(LIBNVMETEST_SONAME) $@

# The .pc names the install folders: install-lib writes it again, so
# that `make install PREFIX=...` after a plain `make` gets it right.
define lib_make_pc
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
		lib/nvmetest.pc.in > $(1)
endef

$(LIBNVMETEST_PC): lib/nvmetest.pc.in lib/build.mk
	@mkdir -p $(dir $@)
	$(call lib_make_pc,$@)

install-lib: lib
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/linux \
		$(DESTDIR)$(INCLUDEDIR)/nvmetest
	install -m 0755 $(BUILD)/lib/$(LIBNVMETEST_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(LIBNVMETEST_REAL) $(DESTDIR)$(LIBDIR)/$(LIBNVMETEST_SONAME)
	ln -sf $(LIBNVMETEST_SONAME) $(DESTDIR)$(LIBDIR)/libnvmetest.so
	install -m 0644 $(LIBNVMETEST_A) $(DESTDIR)$(LIBDIR)/
	$(call lib_make_pc,$(DESTDIR)$(LIBDIR)/pkgconfig/nvmetest.pc)
	install -m 0644 include/nvmetest.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 0644 $(wildcard include/nvmetest/*.h) $(DESTDIR)$(INCLUDEDIR)/nvmetest/
	install -m 0644 include/uapi/linux/nvmetest.h $(DESTDIR)$(INCLUDEDIR)/linux/

install: install-lib
