// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The harness's reports: TAP 13 (kselftest's shape), JUnit XML, JSON, the
 * summary table per area and the exit code. Pure: each writer takes the
 * records and a stream, so the host unit test checks them byte for byte.
 */
#include <string.h>

#include "private.h"

static const char *const result_names[NT_NR_RESULTS] = {
	[NT_PASS] = "pass", [NT_FAIL] = "fail", [NT_SKIP] = "skip",
	[NT_XFAIL] = "xfail", [NT_XPASS] = "xpass", [NT_TIMEOUT] = "timeout",
	[NT_CRASH] = "crash",
};

const char *nt_result_name(enum nt_result r)
{
	return (unsigned int)r < NT_NR_RESULTS ? result_names[r] : "unknown";
}

int nt_result_failed(enum nt_result r)
{
	return r == NT_FAIL || r == NT_TIMEOUT || r == NT_CRASH;
}

/* ---------------------------------------------------------------------- */
/* TAP                                                                    */

void nt_tap_begin(FILE *f, size_t nr_tests)
{
	fprintf(f, "TAP version 13\n1..%zu\n", nr_tests);
}

/* A TAP line cannot hold a newline: it would end the line early. */
static void tap_oneline(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

void nt_tap_comment(FILE *f, const char *text)
{
	const char *p = text, *nl;

	if (!*text)
		return;
	for (;;) {
		nl = strchr(p, '\n');
		fputs("# ", f);
		fwrite(p, 1, nl ? (size_t)(nl - p) : strlen(p), f);
		fputc('\n', f);
		if (!nl || !nl[1])
			break;
		p = nl + 1;
	}
}

void nt_tap_result(FILE *f, size_t number, const struct nt_record *rec)
{
	const char *directive = NULL;

	nt_tap_comment(f, rec->diag);
	switch (rec->result) {
	case NT_SKIP:
		directive = "SKIP";
		break;
	case NT_XFAIL:
		directive = "XFAIL";
		break;
	case NT_XPASS:
		directive = "XPASS";
		break;
	case NT_TIMEOUT:
		directive = "TIMEOUT";
		break;
	case NT_FAIL:
	case NT_CRASH:
		/* the reason goes in a comment: a failure has no directive */
		if (*rec->reason) {
			fputs("# ", f);
			tap_oneline(f, rec->reason);
			fputc('\n', f);
		}
		break;
	default:
		break;
	}
	fprintf(f, "%s %zu ", nt_result_failed(rec->result) ? "not ok" : "ok",
		number);
	tap_oneline(f, rec->name);
	if (directive) {
		fprintf(f, " # %s", directive);
		if (*rec->reason) {
			fputc(' ', f);
			tap_oneline(f, rec->reason);
		}
	}
	fputc('\n', f);
	fflush(f);
}

/* ---------------------------------------------------------------------- */
/* Escaping                                                               */

void nt_xml_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '\n':
			fputs("&#10;", f);
			break;
		case '\t':
			fputs("&#9;", f);
			break;
		default:
			/* XML 1.0 has no other control characters at all */
			fputc(c < 0x20 ? '?' : c, f);
		}
	}
}

void nt_json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

/* ---------------------------------------------------------------------- */
/* JUnit XML and JSON                                                     */

static int seen_before(const struct nt_record *recs, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(recs[j].area, recs[i].area))
			return 1;
	return 0;
}

static void junit_suite(FILE *f, const struct nt_record *recs, size_t nr,
			const char *area)
{
	size_t tests = 0, fails = 0, skips = 0;
	uint64_t ms = 0;

	for (size_t i = 0; i < nr; i++) {
		if (strcmp(recs[i].area, area))
			continue;
		tests++;
		fails += nt_result_failed(recs[i].result);
		skips += recs[i].result == NT_SKIP;
		ms += recs[i].duration_ms;
	}
	fputs("  <testsuite name=\"", f);
	nt_xml_escape(f, area);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
		tests, fails, skips, ms / 1000.0);
	for (size_t i = 0; i < nr; i++) {
		const struct nt_record *r = &recs[i];

		if (strcmp(r->area, area))
			continue;
		fputs("    <testcase classname=\"", f);
		nt_xml_escape(f, r->area);
		fputs("\" name=\"", f);
		nt_xml_escape(f, r->name);
		fprintf(f, "\" time=\"%.3f\">\n", r->duration_ms / 1000.0);
		if (r->result == NT_SKIP) {
			fputs("      <skipped message=\"", f);
			nt_xml_escape(f, r->reason);
			fputs("\"/>\n", f);
		} else if (nt_result_failed(r->result)) {
			fputs("      <failure message=\"", f);
			nt_xml_escape(f, r->reason);
			fprintf(f, "\" type=\"%s\">", nt_result_name(r->result));
			nt_xml_escape(f, r->spec);
			fputs("</failure>\n", f);
		}
		/* an expected failure passes, with its reason kept visible */
		if (*r->diag || r->result == NT_XFAIL || r->result == NT_XPASS) {
			fputs("      <system-out>", f);
			if (r->result == NT_XFAIL || r->result == NT_XPASS) {
				fprintf(f, "%s: ", r->result == NT_XFAIL ?
					"XFAIL" : "XPASS");
				nt_xml_escape(f, r->reason);
				fputs("&#10;", f);
			}
			nt_xml_escape(f, r->diag);
			fputs("</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n", f);
}

void nt_junit_write(FILE *f, const struct nt_record *recs, size_t nr,
		    const char *name)
{
	size_t fails = 0, skips = 0;

	for (size_t i = 0; i < nr; i++) {
		fails += nt_result_failed(recs[i].result);
		skips += recs[i].result == NT_SKIP;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", f);
	nt_xml_escape(f, name);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		nr, fails, skips);
	for (size_t i = 0; i < nr; i++)
		if (!seen_before(recs, i))
			junit_suite(f, recs, nr, recs[i].area);
	fputs("</testsuites>\n", f);
}

void nt_json_write(FILE *f, const struct nt_record *recs, size_t nr)
{
	fputs("[", f);
	for (size_t i = 0; i < nr; i++) {
		const struct nt_record *r = &recs[i];

		fputs(i ? ",\n  {" : "\n  {", f);
		fputs("\"name\": ", f);
		nt_json_escape(f, r->name);
		fputs(", \"area\": ", f);
		nt_json_escape(f, r->area);
		fputs(", \"spec\": ", f);
		nt_json_escape(f, r->spec);
		fputs(", \"result\": ", f);
		nt_json_escape(f, nt_result_name(r->result));
		fputs(", \"reason\": ", f);
		nt_json_escape(f, r->reason);
		fprintf(f, ", \"duration_ms\": %llu, \"diag\": ",
			(unsigned long long)r->duration_ms);
		nt_json_escape(f, r->diag);
		fputs("}", f);
	}
	fputs(nr ? "\n]\n" : "]\n", f);
}

/* ---------------------------------------------------------------------- */
/* Summary and exit code                                                  */

struct counts {
	size_t n[NT_NR_RESULTS];
	size_t total;
};

static void count(struct counts *c, const struct nt_record *r)
{
	c->n[r->result]++;
	c->total++;
}

static void summary_row(FILE *f, const char *area, const struct counts *c)
{
	fprintf(f, "# %-12s %6zu %6zu %6zu %6zu %6zu %6zu\n", area,
		c->n[NT_PASS], c->n[NT_FAIL] + c->n[NT_TIMEOUT] + c->n[NT_CRASH],
		c->n[NT_SKIP], c->n[NT_XFAIL], c->n[NT_XPASS], c->total);
}

void nt_summary_write(FILE *f, const struct nt_record *recs, size_t nr)
{
	struct counts all = { 0 };

	fprintf(f, "# %-12s %6s %6s %6s %6s %6s %6s\n", "area", "pass",
		"fail", "skip", "xfail", "xpass", "total");
	for (size_t i = 0; i < nr; i++) {
		struct counts c = { 0 };

		count(&all, &recs[i]);
		if (seen_before(recs, i))
			continue;
		for (size_t j = i; j < nr; j++)
			if (!strcmp(recs[j].area, recs[i].area))
				count(&c, &recs[j]);
		summary_row(f, recs[i].area, &c);
	}
	summary_row(f, "all", &all);
}

int nt_exit_code(const struct nt_record *recs, size_t nr)
{
	size_t skipped = 0;

	for (size_t i = 0; i < nr; i++) {
		if (nt_result_failed(recs[i].result))
			return NT_KSFT_FAIL;
		skipped += recs[i].result == NT_SKIP;
	}
	return skipped == nr ? NT_KSFT_SKIP : NT_KSFT_PASS;
}
