/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Between the runner and the test process: what the runner calls in the
 * child it forked.
 */
#ifndef NVMETEST_HARNESS_FIXTURE_H
#define NVMETEST_HARNESS_FIXTURE_H

#include "private.h"

/*
 * nt_child_run - in the forked child: open @device, build @test's
 * fixtures, run it, tear down, and write the verdict to @fd. Never
 * returns (_exit).
 */
/* What the runner's command line gives each test process. */
struct nt_opts {
	const char *device;
	uint32_t nsid;		/* --nsid: 0 = the first active namespace */
	bool scratch;		/* --scratch given */
	uint32_t scratch_nsid;	/* the namespace it is on (the runner's check) */
	uint64_t scratch_slba;
	uint64_t scratch_nlb;
	bool destructive;
};

void nt_child_run(const struct nt_test *test, const struct nt_opts *o, int fd)
	__attribute__((noreturn));

#endif /* NVMETEST_HARNESS_FIXTURE_H */
