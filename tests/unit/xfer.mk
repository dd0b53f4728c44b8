# SPDX-License-Identifier: GPL-2.0-only
# Host unit test of the expected-transfer rules: tests/unit/test_xfer.c with
# the real core/xfer.c compiled in, under ASan and UBSan.

XFER_TEST := $(BUILD)/tests/unit/test_xfer

$(XFER_TEST): tests/unit/test_xfer.c core/xfer.c core/xfer.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) -o $@ \
		tests/unit/test_xfer.c core/xfer.c $(LDFLAGS) -lcunit

.PHONY: unit-xfer
unit-xfer: $(XFER_TEST)
	$(XFER_TEST)
