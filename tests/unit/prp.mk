# SPDX-License-Identifier: GPL-2.0-only
# Host unit test of the PRP builder: tests/unit/test_prp.c with the real
# core/prp.c compiled in, under ASan and UBSan. Uses the top-level
# Makefile's CC, CPPFLAGS (top folder on the include path), CFLAGS, SANITIZE, BUILD.

PRP_TEST := $(BUILD)/tests/unit/test_prp

$(PRP_TEST): tests/unit/test_prp.c core/prp.c core/prp.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) -o $@ \
		tests/unit/test_prp.c core/prp.c $(LDFLAGS) -lcunit

.PHONY: unit-prp
unit-prp: $(PRP_TEST)
	$(PRP_TEST)
