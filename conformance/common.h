/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers the suite's files share (conformance/common.c).
 */
#ifndef NVMETEST_CONFORMANCE_COMMON_H
#define NVMETEST_CONFORMANCE_COMMON_H

#include <nvmetest-harness.h>

/* The highest active NSID (Identify CNS 02h from NSID 0, read into
 * t->buf2), 0 when there is none; an Identify that fails fails the test. */
uint32_t ct_last_active_nsid(struct nt_ctx *t);

/* @len bytes of a pattern from @seed (xorshift32): data no erase, zero
 * fill or stale block produces by chance. */
void ct_fill(void *buf, size_t len, uint32_t seed);

/* Skip unless Identify Controller ONCS bit @bit (of command @cmd) is set. */
void ct_need_oncs(struct nt_ctx *t, unsigned int bit, const char *cmd);

#endif /* NVMETEST_CONFORMANCE_COMMON_H */
