/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers that both the host unit tests (tests/unit) and the in-VM tests
 * (tests/vm) use: plain C on buffers, no CUnit, no device. Included as
 * "tests/common.h" (both builds have -I at the top of the tree).
 */
#ifndef NVMETEST_TESTS_COMMON_H
#define NVMETEST_TESTS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether each of the @len bytes at @p is @v (true for @len 0). */
static inline bool all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

#endif
