# SPDX-License-Identifier: GPL-2.0-only
# Host unit test of the PRP builder: tests/unit/test_prp.c with the real
# kmod/core/prp.c compiled in, under ASan and UBSan. Uses the top-level
# Makefile's CC, CPPFLAGS (which has -I kmod/core), CFLAGS, SANITIZE, BUILD.

PRP_TEST := $(BUILD)/tests/unit/test_prp

$(PRP_TEST): tests/unit/test_prp.c kmod/core/prp.c kmod/core/prp.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) -o $@ \
		tests/unit/test_prp.c kmod/core/prp.c $(LDFLAGS) -lcunit

.PHONY: unit-prp
unit-prp: $(PRP_TEST)
	$(PRP_TEST)
