// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the device test framework's pure parts (harness/
 * report.c and select.c, compiled into this program): the TAP, JUnit and
 * JSON writers and their escaping of quotes, '<', '&', backslashes and
 * newlines, the summary table, kselftest's exit codes, the name glob and
 * area selection, and the shuffle's repeatability by seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <json-c/json.h>

#include "unit.h"

#include "harness/report.c"
#include "harness/select.c"

/* A writer's output as a string (freed by the caller). */
#define WRITE(call) ({							\
	char *b_ = NULL;						\
	size_t l_ = 0;							\
	FILE *f = open_memstream(&b_, &l_);				\
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);				\
	call;								\
	fclose(f);							\
	b_;								\
})

static struct nt_record rec(const char *name, const char *area,
			    enum nt_result r, const char *reason, const char *diag)
{
	struct nt_record x = {
		.name = (char *)name, .area = area, .spec = "NVMe Base 2.0, 5.17",
		.result = r, .reason = (char *)reason, .diag = (char *)diag,
		.duration_ms = 1500,
	};

	return x;
}

static void test_tap(void)
{
	struct nt_record r[] = {
		rec("a", "admin", NT_PASS, "", ""),
		rec("b", "admin", NT_SKIP, "LPA bit 2 clear", ""),
		rec("c", "nvm", NT_FAIL, "x.c:3: got\nINVALID_FIELD", "line 1\nline 2"),
		rec("d", "nvm", NT_XFAIL, "spec says \"Invalid Log Page\"", ""),
		rec("e", "nvm", NT_TIMEOUT, "no verdict within 60 s", ""),
		rec("f", "nvm", NT_XPASS, "spec text", ""),
		rec("g", "nvm", NT_CRASH, "killed by signal 11", ""),
	};
	char *out = WRITE({
		nt_tap_begin(f, 7);
		for (size_t i = 0; i < 7; i++)
			nt_tap_result(f, i + 1, &r[i]);
	});

	CU_ASSERT_STRING_EQUAL(out,
		"TAP version 13\n1..7\n"
		"ok 1 a\n"
		"ok 2 b # SKIP LPA bit 2 clear\n"
		"# line 1\n# line 2\n# x.c:3: got INVALID_FIELD\nnot ok 3 c\n"
		"ok 4 d # XFAIL spec says \"Invalid Log Page\"\n"
		"not ok 5 e # TIMEOUT no verdict within 60 s\n"
		"ok 6 f # XPASS spec text\n"
		"# killed by signal 11\nnot ok 7 g\n");
	free(out);
}

static void test_tap_comment(void)
{
	char *out = WRITE({
		nt_tap_comment(f, "one\ntwo\n");
		nt_tap_comment(f, "");
		nt_tap_comment(f, "three");
	});

	CU_ASSERT_STRING_EQUAL(out, "# one\n# two\n# three\n");
	free(out);
}

static void test_xml_escape(void)
{
	char *out = WRITE(nt_xml_escape(f, "a \"b\" <c> & 'd'\ne\tf\x01g"));

	CU_ASSERT_STRING_EQUAL(out,
		"a &quot;b&quot; &lt;c&gt; &amp; &apos;d&apos;&#10;e&#9;f?g");
	free(out);
}

static void test_junit(void)
{
	struct nt_record r[] = {
		rec("id<1>", "admin", NT_PASS, "", ""),
		rec("log&2", "admin", NT_SKIP, "needs \"LPA\"\nbit 2", ""),
		rec("rw", "nvm", NT_FAIL, "a < b & c", "diag <x>"),
		rec("q", "admin", NT_XFAIL, "FR is the active revision", ""),
	};
	char *out = WRITE(nt_junit_write(f, r, 4, "suite \"x\""));

	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
		"<testsuites name=\"suite &quot;x&quot;\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\">"));
	/* one testsuite per area, in order of first appearance */
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
		"  <testsuite name=\"admin\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\" time=\"4.500\">\n"
		"    <testcase classname=\"admin\" name=\"id&lt;1&gt;\" time=\"1.500\">\n"
		"    </testcase>\n"
		"    <testcase classname=\"admin\" name=\"log&amp;2\" time=\"1.500\">\n"
		"      <skipped message=\"needs &quot;LPA&quot;&#10;bit 2\"/>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
		"      <system-out>XFAIL: FR is the active revision&#10;</system-out>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
		"  <testsuite name=\"nvm\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1.500\">\n"
		"    <testcase classname=\"nvm\" name=\"rw\" time=\"1.500\">\n"
		"      <failure message=\"a &lt; b &amp; c\" type=\"fail\">NVMe Base 2.0, 5.17</failure>\n"
		"      <system-out>diag &lt;x&gt;</system-out>\n"));
	CU_ASSERT(strstr(out, "<testsuite name=\"admin\"") < strstr(out, "<testsuite name=\"nvm\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "</testsuites>\n"));
	free(out);
}

static void test_json(void)
{
	const char *nasty = "quote \" backslash \\ newline\n tab\t ctl\x02 <&>";
	struct nt_record r[] = {
		rec("t1", "admin", NT_PASS, "", ""),
		rec("t2", "nvm", NT_FAIL, nasty, "d1\nd2"),
	};
	char *out = WRITE(nt_json_write(f, r, 2));
	struct json_object *o = json_tokener_parse(out), *e;

	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT(json_object_is_type(o, json_type_array));
	CU_ASSERT_EQUAL(json_object_array_length(o), 2);
	e = json_object_array_get_idx(o, 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(e, "name"), "t2");
	CU_ASSERT_STRING_EQUAL(unit_json_str(e, "area"), "nvm");
	CU_ASSERT_STRING_EQUAL(unit_json_str(e, "spec"), "NVMe Base 2.0, 5.17");
	CU_ASSERT_STRING_EQUAL(unit_json_str(e, "result"), "fail");
	CU_ASSERT_STRING_EQUAL(unit_json_str(e, "reason"), nasty);
	CU_ASSERT_STRING_EQUAL(unit_json_str(e, "diag"), "d1\nd2");
	CU_ASSERT_EQUAL(unit_json_int(e, "duration_ms"), 1500);
	CU_ASSERT_STRING_EQUAL(unit_json_str(json_object_array_get_idx(o, 0), "result"), "pass");
	json_object_put(o);
	free(out);

	out = WRITE(nt_json_write(f, r, 0));
	CU_ASSERT_STRING_EQUAL(out, "[]\n");
	free(out);
}

static void test_summary(void)
{
	struct nt_record r[] = {
		rec("a", "admin", NT_PASS, "", ""),
		rec("b", "nvm", NT_TIMEOUT, "", ""),
		rec("c", "admin", NT_XFAIL, "", ""),
		rec("d", "admin", NT_SKIP, "", ""),
	};
	char *out = WRITE(nt_summary_write(f, r, 4));

	CU_ASSERT_STRING_EQUAL(out,
		"# area           pass   fail   skip  xfail  xpass  total\n"
		"# admin             1      0      1      1      0      3\n"
		"# nvm               0      1      0      0      0      1\n"
		"# all               1      1      1      1      0      4\n");
	free(out);
}

static void test_exit_code(void)
{
	struct nt_record pass = rec("a", "x", NT_PASS, "", "");
	struct nt_record skip = rec("b", "x", NT_SKIP, "", "");
	struct nt_record xfail = rec("c", "x", NT_XFAIL, "", "");
	struct nt_record xpass = rec("c", "x", NT_XPASS, "", "");
	struct nt_record fail = rec("d", "x", NT_FAIL, "", "");
	struct nt_record tmo = rec("e", "x", NT_TIMEOUT, "", "");
	struct nt_record crash = rec("f", "x", NT_CRASH, "", "");

	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ pass, skip }, 2), 0);
	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ xfail, skip }, 2), 0);
	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ xpass }, 1), 0);
	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ skip, skip }, 2), 4);
	CU_ASSERT_EQUAL(nt_exit_code(NULL, 0), 4);
	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ pass, fail, skip }, 3), 1);
	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ skip, tmo }, 2), 1);
	CU_ASSERT_EQUAL(nt_exit_code((struct nt_record[]){ crash, xfail }, 2), 1);
	CU_ASSERT_STRING_EQUAL(nt_result_name(NT_XFAIL), "xfail");
	CU_ASSERT_STRING_EQUAL(nt_result_name(NT_NR_RESULTS), "unknown");
}

static void body(struct nt_ctx *t)
{
	(void)t;
}

static const struct nt_test fake[] = {
	{ .name = "id_ctrl_fields", .area = "admin", .fn = body },
	{ .name = "id_ns_nsid_zero", .area = "admin", .fn = body },
	{ .name = "log_fw_slot", .area = "admin", .fn = body },
	{ .name = "cq_create_qid_zero", .area = "admin", .fn = body },
	{ .name = "nvm_read_past_end", .area = "nvm", .fn = body },
	{ .name = "nvm_write_read_verified", .area = "nvm", .fn = body },
};
#define NFAKE	(sizeof(fake) / sizeof(fake[0]))

static size_t sel(const char *glob, const char *area, const struct nt_test **out)
{
	const struct nt_test *all[NFAKE];

	for (size_t i = 0; i < NFAKE; i++)
		all[i] = &fake[i];
	return nt_select(all, NFAKE, glob, area, out);
}

static void test_select(void)
{
	const struct nt_test *out[NFAKE];

	CU_ASSERT_EQUAL(sel(NULL, NULL, out), NFAKE);
	CU_ASSERT_PTR_EQUAL(out[0], &fake[0]);
	CU_ASSERT_EQUAL(sel("id_*", NULL, out), 2);
	CU_ASSERT_PTR_EQUAL(out[1], &fake[1]);
	CU_ASSERT_EQUAL(sel("*qid*", NULL, out), 1);
	CU_ASSERT_PTR_EQUAL(out[0], &fake[3]);
	CU_ASSERT_EQUAL(sel("*_zero", NULL, out), 2);
	CU_ASSERT_EQUAL(sel("[cl]*", NULL, out), 2);
	CU_ASSERT_EQUAL(sel("nvm_read_?ast_end", NULL, out), 1);
	CU_ASSERT_EQUAL(sel(NULL, "nvm", out), 2);
	CU_ASSERT_PTR_EQUAL(out[0], &fake[4]);
	CU_ASSERT_EQUAL(sel("*read*", "admin", out), 0);
	CU_ASSERT_EQUAL(sel("*read*", "nvm", out), 2);
	CU_ASSERT_EQUAL(sel("id_ctrl", NULL, out), 0);
	CU_ASSERT_EQUAL(sel(NULL, "adm", out), 0);
}

static void order_of(uint64_t seed, const struct nt_test **v)
{
	for (size_t i = 0; i < NFAKE; i++)
		v[i] = &fake[i];
	nt_shuffle(v, NFAKE, seed);
}

static void test_shuffle(void)
{
	const struct nt_test *a[NFAKE], *b[NFAKE];
	size_t differ = 0;

	order_of(42, a);
	order_of(42, b);
	CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	/* a permutation: each test exactly once */
	for (size_t i = 0; i < NFAKE; i++) {
		size_t seen = 0;

		for (size_t j = 0; j < NFAKE; j++)
			seen += a[j] == &fake[i];
		CU_ASSERT_EQUAL(seen, 1);
	}
	/* other seeds give other orders (6! = 720 of them) */
	for (uint64_t s = 0; s < 16; s++) {
		order_of(s, b);
		differ += memcmp(a, b, sizeof(a)) != 0;
	}
	CU_ASSERT(differ >= 14);
	/* nothing to shuffle: no crash */
	nt_shuffle(b, 0, 1);
	nt_shuffle(b, 1, 1);
}

static void test_registry(void)
{
	size_t before, after;
	const struct nt_test *const *all = nt_tests(&before);

	(void)all;
	for (size_t i = 0; i < 100; i++)
		nt_register(&fake[i % NFAKE]);
	all = nt_tests(&after);
	CU_ASSERT_EQUAL(after, before + 100);
	CU_ASSERT_PTR_EQUAL(all[before + 7], &fake[1]);
}

int main(void)
{
	static CU_TestInfo tests[] = {
		{ "TAP lines and directives", test_tap },
		{ "TAP comments", test_tap_comment },
		{ "XML escaping", test_xml_escape },
		{ "JUnit suites per area", test_junit },
		{ "JSON escaping, parsed back", test_json },
		{ "summary table", test_summary },
		{ "kselftest exit codes", test_exit_code },
		{ "glob and area selection", test_select },
		{ "shuffle repeats by seed", test_shuffle },
		{ "registry grows", test_registry },
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{ .pName = "harness", .pTests = tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}
