// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the latency histogram (core/hist.c, compiled
 * into this program): fio's log-linear bucket layout checked against an
 * independent reference, the index/value round trip and its error bound,
 * merge and total, and percentiles on known distributions.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit.h"

#include "core/hist.h"

#define NB	NVMT_HIST_BUCKETS
/* Values from here on go to the last bucket: 2^(GROUPS + BITS - 1). */
#define HIST_RANGE_END	(1ull << (NVMETEST_HIST_GROUPS + NVMETEST_HIST_BITS - 1))

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rng(void)
{
	return unit_rng(&rng_state);
}

/* fio's plat_val_to_idx(), written out the slow way as a reference. */
static unsigned int ref_index(uint64_t v)
{
	unsigned int msb = 0, eb;
	uint64_t t = v;

	while (t >>= 1)
		msb++;
	if (v < 128)
		return (unsigned int)v;
	eb = msb - 6;
	if ((eb + 1) * 64 + ((v >> eb) & 63) >= NB)
		return NB - 1;
	return (eb + 1) * 64 + (unsigned int)((v >> eb) & 63);
}

static void test_layout(void)
{
	CU_ASSERT_EQUAL(NB, 1856);
	CU_ASSERT_EQUAL(nvmt_hist_index(0), 0);
	CU_ASSERT_EQUAL(nvmt_hist_index(1), 1);
	CU_ASSERT_EQUAL(nvmt_hist_index(127), 127);
	CU_ASSERT_EQUAL(nvmt_hist_index(128), 128);
	CU_ASSERT_EQUAL(nvmt_hist_index(129), 128);
	CU_ASSERT_EQUAL(nvmt_hist_index(130), 129);
	CU_ASSERT_EQUAL(nvmt_hist_index(255), 191);
	CU_ASSERT_EQUAL(nvmt_hist_index(256), 192);
	CU_ASSERT_EQUAL(nvmt_hist_index(HIST_RANGE_END - 1), NB - 1);
	CU_ASSERT_EQUAL(nvmt_hist_index(HIST_RANGE_END), NB - 1);
	CU_ASSERT_EQUAL(nvmt_hist_index(UINT64_MAX), NB - 1);
	/* The last group starts at 2^33 ns. */
	CU_ASSERT_EQUAL(nvmt_hist_index(1ull << 33), NB - 64);
	CU_ASSERT_EQUAL(nvmt_hist_index((1ull << 33) - 1), NB - 65);
	CU_ASSERT_EQUAL(nvmt_hist_bucket_low(NB - 64), 1ull << 33);
	CU_ASSERT_EQUAL(nvmt_hist_bucket_value(127), 127);
	CU_ASSERT_EQUAL(nvmt_hist_bucket_value(128), 129);	/* [128,130) */
	CU_ASSERT_EQUAL(nvmt_hist_bucket_value(192), 258);	/* [256,260) */
}

static void test_reference(void)
{
	unsigned int i, bad = 0;
	uint64_t v;

	for (v = 0; v < 70000; v++)
		bad += nvmt_hist_index(v) != ref_index(v);
	for (i = 0; i < 64; i++) {
		v = 1ull << i;
		bad += nvmt_hist_index(v) != ref_index(v);
		bad += nvmt_hist_index(v - 1) != ref_index(v - 1);
		bad += nvmt_hist_index(v + 1) != ref_index(v + 1);
	}
	for (i = 0; i < 200000; i++) {
		v = rng() >> (rng() & 63);
		bad += nvmt_hist_index(v) != ref_index(v);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Buckets tile the range: each low is the previous bucket's end, and
 * every value of a bucket maps back to it. */
static void test_buckets_contiguous(void)
{
	unsigned int i, bad = 0;

	CU_ASSERT_EQUAL(nvmt_hist_bucket_low(0), 0);
	for (i = 1; i < NB; i++) {
		uint64_t lo = nvmt_hist_bucket_low(i);
		uint64_t prev = nvmt_hist_bucket_low(i - 1);
		uint64_t mid = nvmt_hist_bucket_value(i);

		bad += lo <= prev;
		bad += nvmt_hist_index(lo) != i;
		bad += nvmt_hist_index(lo - 1) != i - 1;
		bad += nvmt_hist_index(mid) != i;
		bad += mid < lo;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* |value(index(v)) - v| <= v / 64 over the covered range. */
static void test_round_trip_error(void)
{
	static const uint64_t fixed[] = {
		0, 1, 2, 63, 64, 127, 128, 129, 255, 256, 257, 1000, 4095,
		4096, 4097, 999999, 1000000, 1ull << 32, (1ull << 33) + 12345,
		HIST_RANGE_END - 1,
	};
	unsigned int i, bad = 0;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		uint64_t v = fixed[i];
		uint64_t r = nvmt_hist_bucket_value(nvmt_hist_index(v));
		uint64_t d = r > v ? r - v : v - r;

		if (d * 64 > v) {
			fprintf(stderr, "value %llu -> %llu\n",
				(unsigned long long)v, (unsigned long long)r);
			bad++;
		}
	}
	for (i = 0; i < 500000; i++) {
		uint64_t v = (rng() >> 30) >> (rng() % 34);
		uint64_t r = nvmt_hist_bucket_value(nvmt_hist_index(v));
		uint64_t d = r > v ? r - v : v - r;

		bad += d * 64 > v;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_merge_total(void)
{
	uint64_t *a = calloc(NB, sizeof(*a)), *b = calloc(NB, sizeof(*b));
	unsigned int i;

	CU_ASSERT_FATAL(a && b);
	CU_ASSERT_EQUAL(nvmt_hist_total(a), 0);
	for (i = 0; i < NB; i++) {
		a[i] = i;
		b[i] = 2 * i + 1;
	}
	CU_ASSERT_EQUAL(nvmt_hist_total(a), (uint64_t)NB * (NB - 1) / 2);
	nvmt_hist_merge(a, b);
	for (i = 0; i < NB; i++)
		if (a[i] != 3 * i + 1)
			break;
	CU_ASSERT_EQUAL(i, NB);
	CU_ASSERT_EQUAL(b[5], 11);	/* src untouched */
	CU_ASSERT_EQUAL(nvmt_hist_total(a), (uint64_t)3 * NB * (NB - 1) / 2 + NB);
	free(a);
	free(b);
}

static uint64_t absdiff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

static void test_percentiles_uniform(void)
{
	static const uint32_t ppm[] = { 10000, 500000, 900000, 990000, 999900,
					1000000 };
	uint64_t *h = calloc(NB, sizeof(*h));
	uint64_t out[6], v;

	CU_ASSERT_FATAL(h != NULL);
	for (v = 1; v <= 10000; v++)
		h[nvmt_hist_index(v)]++;
	CU_ASSERT_EQUAL(nvmt_hist_percentiles(h, ppm, 6, out), 10000);
	/* Rank 100 = value 100 exactly (small values have own buckets). */
	CU_ASSERT_EQUAL(out[0], 100);
	CU_ASSERT(absdiff(out[1], 5000) * 1000 <= 5000 * 16);
	CU_ASSERT(absdiff(out[2], 9000) * 1000 <= 9000 * 16);
	CU_ASSERT(absdiff(out[3], 9900) * 1000 <= 9900 * 16);
	CU_ASSERT_EQUAL(out[5], nvmt_hist_bucket_value(nvmt_hist_index(10000)));
	CU_ASSERT(out[1] < out[2] && out[2] <= out[3] && out[3] <= out[4] &&
		  out[4] <= out[5]);
	free(h);
}

static void test_percentiles_exact_ranks(void)
{
	uint64_t *h = calloc(NB, sizeof(*h));
	uint32_t ppm[4] = { 0, 1, 500000, 500001 };
	uint64_t out[4];

	CU_ASSERT_FATAL(h != NULL);
	/* Two samples: 10 ns and 100 ns. Rank = ceil(2 * p), at least 1. */
	h[10] = 1;
	h[100] = 1;
	CU_ASSERT_EQUAL(nvmt_hist_percentiles(h, ppm, 4, out), 2);
	CU_ASSERT_EQUAL(out[0], 10);
	CU_ASSERT_EQUAL(out[1], 10);
	CU_ASSERT_EQUAL(out[2], 10);
	CU_ASSERT_EQUAL(out[3], 100);

	/* One huge outlier: p100 is the last bucket's value. */
	memset(h, 0, NB * sizeof(*h));
	h[50] = 999;
	h[nvmt_hist_index(UINT64_MAX)] = 1;
	ppm[0] = 999000;
	ppm[1] = 999001;
	ppm[2] = 1000000;
	ppm[3] = 2000000;	/* clamps to 100% */
	CU_ASSERT_EQUAL(nvmt_hist_percentiles(h, ppm, 4, out), 1000);
	CU_ASSERT_EQUAL(out[0], 50);
	CU_ASSERT_EQUAL(out[1], nvmt_hist_bucket_value(NB - 1));
	CU_ASSERT_EQUAL(out[2], nvmt_hist_bucket_value(NB - 1));
	CU_ASSERT_EQUAL(out[3], nvmt_hist_bucket_value(NB - 1));
	free(h);
}

static void test_percentiles_empty_and_huge(void)
{
	uint64_t *h = calloc(NB, sizeof(*h));
	const uint32_t ppm[2] = { 500000, 1000000 };
	uint64_t out[2] = { 7, 7 };

	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_EQUAL(nvmt_hist_percentiles(h, ppm, 2, out), 0);
	CU_ASSERT_EQUAL(out[0], 0);
	CU_ASSERT_EQUAL(out[1], 0);
	/* A total near 2^63: the rank must not overflow. */
	h[1000] = 1ull << 62;
	h[1001] = 1ull << 62;
	CU_ASSERT_EQUAL(nvmt_hist_percentiles(h, ppm, 2, out), 1ull << 63);
	CU_ASSERT_EQUAL(out[0], nvmt_hist_bucket_value(1000));
	CU_ASSERT_EQUAL(out[1], nvmt_hist_bucket_value(1001));
	free(h);
}

/* Merging two workers' histograms gives the percentiles of the union. */
static void test_percentiles_merged(void)
{
	uint64_t *a = calloc(NB, sizeof(*a)), *b = calloc(NB, sizeof(*b));
	const uint32_t ppm[1] = { 500000 };
	uint64_t out[1], v;

	CU_ASSERT_FATAL(a && b);
	for (v = 1; v <= 5000; v++)
		a[nvmt_hist_index(v)]++;
	for (v = 5001; v <= 10000; v++)
		b[nvmt_hist_index(v)]++;
	nvmt_hist_merge(a, b);
	CU_ASSERT_EQUAL(nvmt_hist_percentiles(a, ppm, 1, out), 10000);
	CU_ASSERT(absdiff(out[0], 5000) * 1000 <= 5000 * 16);
	free(a);
	free(b);
}

int main(void)
{
	static CU_TestInfo tests[] = {
		{ "layout", test_layout },
		{ "index matches reference", test_reference },
		{ "buckets contiguous", test_buckets_contiguous },
		{ "round trip error <= 1/64", test_round_trip_error },
		{ "merge and total", test_merge_total },
		{ "percentiles uniform 1..10000", test_percentiles_uniform },
		{ "percentiles exact ranks", test_percentiles_exact_ranks },
		{ "percentiles empty and huge", test_percentiles_empty_and_huge },
		{ "percentiles merged", test_percentiles_merged },
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{ .pName = "hist", .pTests = tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}
