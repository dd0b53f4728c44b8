/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The harness's own parts, shared by its files and the host unit test:
 * the record of one test run, the report writers (TAP 13, JUnit XML,
 * JSON, the summary table), the exit code, test selection and shuffling.
 * All of it is pure: no device, no process, only FILE streams.
 */
#ifndef NVMETEST_HARNESS_PRIVATE_H
#define NVMETEST_HARNESS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmetest-harness.h>

/* kselftest's exit codes (tools/testing/selftests/kselftest.h). */
#define NT_KSFT_PASS	0
#define NT_KSFT_FAIL	1
#define NT_KSFT_SKIP	4

/**
 * struct nt_record - one run of one test
 * @name:        test name; with --repeat, "name [i/n]"
 * @area:        its area
 * @spec:        its specification reference
 * @result:      the verdict
 * @reason:      why (skip, failure, xfail's spec text), "" when none
 * @diag:        the test's diagnostic lines, '\n' separated, "" when none
 * @duration_ms: wall time of the test process, fixtures included
 */
struct nt_record {
	char *name;
	const char *area;
	const char *spec;
	enum nt_result result;
	char *reason;
	char *diag;
	uint64_t duration_ms;
};

/* Whether a verdict counts as a failure (FAIL, TIMEOUT, CRASH). */
int nt_result_failed(enum nt_result r);

/* TAP 13 as kselftest prints it: the header and plan, then per test its
 * diagnostics as "# " lines and "ok N name[ # SKIP|XFAIL|XPASS reason]"
 * or "not ok N name[ # TIMEOUT reason]". Newlines in a reason become
 * spaces; every line of the diagnostics gets its own "# ". */
void nt_tap_begin(FILE *f, size_t nr_tests);
void nt_tap_comment(FILE *f, const char *text);
void nt_tap_result(FILE *f, size_t number, const struct nt_record *rec);

/* JUnit XML: <testsuites> with one <testsuite> per area (in order of first
 * appearance), <testcase classname=area name=... time=...>, <skipped
 * message=...>, <failure message=...>, <system-out> with the diagnostics. */
void nt_junit_write(FILE *f, const struct nt_record *recs, size_t nr,
		    const char *name);
/* JSON: an array of {name, area, spec, result, reason, duration_ms, diag}. */
void nt_json_write(FILE *f, const struct nt_record *recs, size_t nr);
/* The table per area (pass, fail, skip, xfail, xpass, total) and totals. */
void nt_summary_write(FILE *f, const struct nt_record *recs, size_t nr);
/* kselftest's code: 1 when any failed, 4 when all (or none) were skipped,
 * else 0 (XFAIL and XPASS count as passes). */
int nt_exit_code(const struct nt_record *recs, size_t nr);

void nt_xml_escape(FILE *f, const char *s);
void nt_json_escape(FILE *f, const char *s);

/*
 * nt_select - the tests whose name matches @glob (fnmatch, NULL = all)
 * and whose area is @area (NULL = all), in registry order, into @out
 * (room for @nr). Return: how many.
 */
size_t nt_select(const struct nt_test *const *all, size_t nr, const char *glob,
		 const char *area, const struct nt_test **out);
/* Fisher-Yates with splitmix64 from @seed: the same seed, the same order. */
void nt_shuffle(const struct nt_test **v, size_t n, uint64_t seed);

#endif /* NVMETEST_HARNESS_PRIVATE_H */
