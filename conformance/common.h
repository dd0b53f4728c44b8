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

#endif /* NVMETEST_CONFORMANCE_COMMON_H */
