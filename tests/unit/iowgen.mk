# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests of the IOWorker core: tests/unit/test_hist.c with the real
# core/hist.c and tests/unit/test_iowgen.c with the real
# core/iowgen.c, under ASan and UBSan. Uses the top-level Makefile's
# CC, CPPFLAGS (top folder on the include path), CFLAGS, SANITIZE, BUILD.

HIST_TEST := $(BUILD)/tests/unit/test_hist
IOWGEN_TEST := $(BUILD)/tests/unit/test_iowgen

$(HIST_TEST): tests/unit/test_hist.c core/hist.c core/hist.h \
		tests/unit/unit.c tests/unit/unit.h include/uapi/linux/nvmetest.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(SANITIZE) -o $@ \
		tests/unit/test_hist.c core/hist.c tests/unit/unit.c $(LDFLAGS) -lcunit

$(IOWGEN_TEST): tests/unit/test_iowgen.c core/iowgen.c core/iowgen.h \
		tests/unit/unit.c tests/unit/unit.h include/uapi/linux/nvmetest.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(SANITIZE) -o $@ \
		tests/unit/test_iowgen.c core/iowgen.c tests/unit/unit.c $(LDFLAGS) -lcunit

.PHONY: unit-iowgen
unit-iowgen: $(HIST_TEST) $(IOWGEN_TEST)
	$(HIST_TEST)
	$(IOWGEN_TEST)
