// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the IOWorker generators (core/iowgen.c, compiled
 * into this program): the random number generator, spec validation (one
 * case per enum nvmetest_iow_field the generator reports), the defaults,
 * the LBA, op and size choice of nvmt_gen_next() (bounds, alignment,
 * sequential steps and wrap, mixes and hot/cold distributions within
 * statistical bounds on a fixed seed), replay entry checks, the throttle
 * on a simulated clock, and the data patterns. Nothing here reads a
 * clock: every statistic comes from fixed seeds.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit.h"

#include "core/iowgen.h"
#include "tests/common.h"

#define NSZE		1000000ull
#define SEED		0x5eed5eed12345678ull
#define DRAWS		100000u

static const struct nvmt_gen_ns ns512 = {
	.nsze = NSZE, .max_nlb = 256, .lba_bytes = 512,
};

/* A valid spec: the whole namespace, 100% random 4 KiB reads. */
static void spec_default(struct nvmetest_ioworker_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->random_pct = 100;
	s->seed = SEED;
}

static uint64_t absdiff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/* @count out of @total is within @tol_ppm (of @total) of @pct percent. */
static bool near_pct(uint64_t count, uint64_t total, unsigned int pct,
		     unsigned int tol_ppm)
{
	return absdiff(count * 1000000, total * pct * 10000) <=
	       (uint64_t)tol_ppm * total;
}

/* Init must fail with -EINVAL and name @field. */
static void expect_bad(const struct nvmetest_ioworker_spec *s,
		       const struct nvmt_gen_ns *ns, uint32_t field,
		       unsigned int line)
{
	static struct nvmt_gen g;
	uint32_t bad = 0xdead;
	int ret = nvmt_gen_init(&g, s, ns, 1, &bad);

	if (ret != -EINVAL || bad != field)
		fprintf(stderr, "line %u: ret %d bad_field %u, want %u\n",
			line, ret, bad, field);
	CU_ASSERT_EQUAL(ret, -EINVAL);
	CU_ASSERT_EQUAL(bad, field);
}

#define EXPECT_BAD(s, ns, f)	expect_bad(s, ns, f, __LINE__)

static int init_ok(struct nvmt_gen *g, const struct nvmetest_ioworker_spec *s,
		   const struct nvmt_gen_ns *ns)
{
	uint32_t bad = 0xdead;
	int ret = nvmt_gen_init(g, s, ns, 1, &bad);

	if (ret)
		fprintf(stderr, "init failed: %d bad_field %u\n", ret, bad);
	return ret;
}

/* --- rng ---------------------------------------------------------------- */

static void test_rng_determinism(void)
{
	struct nvmt_rng a, b, c;
	unsigned int i, same = 0, differ = 0;

	nvmt_rng_seed(&a, 42);
	nvmt_rng_seed(&b, 42);
	nvmt_rng_seed(&c, 43);
	for (i = 0; i < 1000; i++) {
		uint64_t x = nvmt_rng_next(&a);

		same += x == nvmt_rng_next(&b);
		differ += x != nvmt_rng_next(&c);
	}
	CU_ASSERT_EQUAL(same, 1000);
	CU_ASSERT_EQUAL(differ, 1000);

	/* Seed 0 still gives a working (non-zero) state. */
	nvmt_rng_seed(&a, 0);
	CU_ASSERT(a.s[0] | a.s[1] | a.s[2] | a.s[3]);
	CU_ASSERT(nvmt_rng_next(&a) != nvmt_rng_next(&a));
}

/* Bits are balanced: each of the 64 bits is set about half the time. */
static void test_rng_bits(void)
{
	struct nvmt_rng r;
	unsigned int count[64] = { 0 }, i, k, bad = 0;

	nvmt_rng_seed(&r, SEED);
	for (i = 0; i < DRAWS; i++) {
		uint64_t x = nvmt_rng_next(&r);

		for (k = 0; k < 64; k++)
			count[k] += (x >> k) & 1;
	}
	for (k = 0; k < 64; k++)
		bad += !near_pct(count[k], DRAWS, 50, 10000);
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_rng_below(void)
{
	struct nvmt_rng r;
	unsigned int count[10] = { 0 }, i, over = 0, top = 0;
	double chi2 = 0;
	const uint64_t big = 3ull << 62;	/* 3/4 of 2^64 */

	nvmt_rng_seed(&r, SEED);
	for (i = 0; i < DRAWS; i++) {
		uint64_t x = nvmt_rng_below(&r, 10);

		if (x >= 10)
			over++;
		else
			count[x]++;
	}
	CU_ASSERT_EQUAL(over, 0);
	for (i = 0; i < 10; i++) {
		double d = (double)count[i] - DRAWS / 10.0;

		chi2 += d * d / (DRAWS / 10.0);
	}
	/* 9 degrees of freedom: P(chi2 > 33) is about 1e-4. */
	CU_ASSERT(chi2 < 33.0);

	for (i = 0; i < 1000; i++)
		over += nvmt_rng_below(&r, 1) != 0;
	CU_ASSERT_EQUAL(over, 0);

	/* A 64-bit bound: values stay below it and reach its top third. */
	for (i = 0; i < DRAWS; i++) {
		uint64_t x = nvmt_rng_below(&r, big);

		over += x >= big;
		top += x >= (1ull << 63);
	}
	CU_ASSERT_EQUAL(over, 0);
	CU_ASSERT(near_pct(top, DRAWS, 33, 10000));
}

/* --- gen_init validation ------------------------------------------------ */

static void test_init_defaults(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	struct nvmt_gen_ns ns = ns512;

	spec_default(&s);
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns), 0);
	CU_ASSERT_EQUAL(g.nr_ops, 1);
	CU_ASSERT_EQUAL(g.opcodes[0], 0x02);
	CU_ASSERT_EQUAL(g.nr_sizes, 1);
	CU_ASSERT_EQUAL(g.nlbs[0], 8);
	CU_ASSERT_EQUAL(g.region_start, 0);
	CU_ASSERT_EQUAL(g.region_end, NSZE);
	CU_ASSERT_EQUAL(g.align, 1);
	CU_ASSERT_EQUAL(g.seed, SEED);
	CU_ASSERT_FALSE(g.has_dist);

	s.seed = 0;
	CU_ASSERT_EQUAL(nvmt_gen_init(&g, &s, &ns, 777, NULL), 0);
	CU_ASSERT_EQUAL(g.seed, 777);

	ns.lba_bytes = 4096;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns), 0);
	CU_ASSERT_EQUAL(g.nlbs[0], 1);
	ns.lba_bytes = 16384;	/* 4 KiB is less than a block: 1 block */
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns), 0);
	CU_ASSERT_EQUAL(g.nlbs[0], 1);

	/* Every op and size slot used at its limit is fine. */
	spec_default(&s);
	s.nr_ops = NVMETEST_IOW_MAX_OPS;
	s.nr_sizes = NVMETEST_IOW_MAX_SIZES;
	for (unsigned int i = 0; i < NVMETEST_IOW_MAX_OPS; i++) {
		s.ops[i].opcode = (uint8_t)i;
		s.ops[i].pct = i < 4 ? 13 : 12;
	}
	for (unsigned int i = 0; i < NVMETEST_IOW_MAX_SIZES; i++) {
		s.sizes[i].nlb = i < 15 ? i + 1 : 256;
		s.sizes[i].pct = i < 4 ? 7 : 6;
	}
	CU_ASSERT_EQUAL(init_ok(&g, &s, &ns512), 0);
}

static void test_bad_nsid(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen_ns ns = ns512;

	spec_default(&s);
	ns.lba_bytes = 0;
	EXPECT_BAD(&s, &ns, NVMETEST_IOW_FIELD_NSID);
	ns = ns512;
	ns.max_nlb = 0;
	EXPECT_BAD(&s, &ns, NVMETEST_IOW_FIELD_NSID);
}

static void test_bad_region(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen_ns ns = ns512;

	spec_default(&s);
	s.region_start = 100;
	s.region_end = 100;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_REGION);
	s.region_end = 50;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_REGION);
	s.region_start = 0;
	s.region_end = NSZE + 1;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_REGION);
	s.region_end = 0;
	s.region_start = NSZE;	/* end 0 = nsze, so empty */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_REGION);
	spec_default(&s);
	ns.nsze = 0;
	EXPECT_BAD(&s, &ns, NVMETEST_IOW_FIELD_REGION);
}

static void test_bad_lba_start(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.region_start = 1000;
	s.region_end = 2000;
	s.lba_start = 999;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_START);
	s.lba_start = 2000;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_START);
	s.lba_start = 1004;
	s.lba_align = 8;	/* not a multiple of the alignment */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_START);
}

static void test_bad_lba_step(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.region_start = 1000;
	s.region_end = 2000;
	s.lba_start = 1000;
	s.lba_step = 1001;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_STEP);
	s.lba_step = 12;
	s.lba_align = 8;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_STEP);
}

static void test_bad_lba_align(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.region_start = 1000;
	s.region_end = 2000;
	s.lba_start = 1000;
	s.lba_align = 1001;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_ALIGN);
	/* Region [1001, 1017) holds 16 blocks, but its only 16-aligned
	 * start, 1008, leaves 9 before the end: a 9-block IO fits, a
	 * 10-block one does not. */
	s.region_start = 1001;
	s.region_end = 1017;
	s.lba_start = 1008;
	s.lba_align = 16;
	s.nr_sizes = 1;
	s.sizes[0].nlb = 9;
	s.sizes[0].pct = 100;
	{
		struct nvmt_gen g;

		CU_ASSERT_EQUAL(init_ok(&g, &s, &ns512), 0);
	}
	s.sizes[0].nlb = 10;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_LBA_ALIGN);
}

static void test_bad_random_pct(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.random_pct = 101;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_RANDOM_PCT);
}

static void test_bad_sizes(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen_ns ns = ns512;

	spec_default(&s);
	s.nr_sizes = NVMETEST_IOW_MAX_SIZES + 1;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	s.nr_sizes = 2;
	s.sizes[0].nlb = 8;
	s.sizes[0].pct = 50;
	s.sizes[1].nlb = 16;
	s.sizes[1].pct = 49;	/* adds up to 99 */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	s.sizes[1].pct = 51;	/* 101 */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	s.sizes[0].pct = 100;
	s.sizes[1].pct = 0;	/* an entry of 0% */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	s.nr_sizes = 1;
	s.sizes[0].nlb = 0;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	s.sizes[0].nlb = 257;	/* above max_nlb */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	s.sizes[0].nlb = 256;
	s.region_end = 255;	/* larger than the region */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_SIZES);
	/* Default 4 KiB above max_nlb. */
	spec_default(&s);
	ns.max_nlb = 4;
	EXPECT_BAD(&s, &ns, NVMETEST_IOW_FIELD_SIZES);
	/* Above 65536 even when max_nlb allows it. */
	ns.max_nlb = 1u << 20;
	s.nr_sizes = 1;
	s.sizes[0].nlb = 65537;
	s.sizes[0].pct = 100;
	EXPECT_BAD(&s, &ns, NVMETEST_IOW_FIELD_SIZES);
}

static void test_bad_ops(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.nr_ops = NVMETEST_IOW_MAX_OPS + 1;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_OPS);
	s.nr_ops = 2;
	s.ops[0].opcode = 1;
	s.ops[0].pct = 70;
	s.ops[1].opcode = 2;
	s.ops[1].pct = 31;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_OPS);
	s.ops[0].pct = 100;
	s.ops[1].pct = 0;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_OPS);
	s.ops[0].pct = 101;
	s.nr_ops = 1;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_OPS);
}

static void test_bad_rsvd(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.nr_ops = 1;
	s.ops[0].opcode = 1;
	s.ops[0].pct = 100;
	s.ops[0].rsvd = 1;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_RSVD);
}

static void test_bad_distribution(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.distribution[3] = 9999;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_DISTRIBUTION);
	s.distribution[4] = 2;	/* 10001 */
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_DISTRIBUTION);
	/* 50 blocks in 100 buckets: bucket b is [b * 50 / 100, (b + 1) *
	 * 50 / 100), so bucket 0 is empty and bucket 1 is [0, 1). */
	memset(s.distribution, 0, sizeof(s.distribution));
	s.distribution[0] = 10000;
	s.region_end = 50;
	s.nr_sizes = 1;
	s.sizes[0].nlb = 1;
	s.sizes[0].pct = 100;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_DISTRIBUTION);
	s.distribution[0] = 0;
	s.distribution[1] = 10000;
	{
		struct nvmt_gen g;

		CU_ASSERT_EQUAL(init_ok(&g, &s, &ns512), 0);
	}
}

static void test_bad_pattern(void)
{
	struct nvmetest_ioworker_spec s;

	spec_default(&s);
	s.pattern = NVMETEST_PATTERN_RANDOM + 1;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_PATTERN);
	s.pattern = NVMETEST_PATTERN_RANDOM;
	s.compress_pct = 101;
	EXPECT_BAD(&s, &ns512, NVMETEST_IOW_FIELD_PATTERN);
	s.compress_pct = 100;
	{
		struct nvmt_gen g;

		CU_ASSERT_EQUAL(init_ok(&g, &s, &ns512), 0);
	}
}

/* --- gen_next ----------------------------------------------------------- */

static void test_next_bounds_aligned(void)
{
	static const struct {
		uint64_t start, end;
		uint32_t align, random_pct;
		bool dist;
	} cases[] = {
		{ 0, NSZE, 1, 100, false },
		{ 1000, 50000, 1, 100, false },
		{ 1001, 50003, 8, 100, false },
		{ 1001, 50003, 64, 50, false },
		{ 3, 1003, 7, 100, true },
		{ 12345, 999999, 16, 100, true },
		{ 5, 300, 1, 30, true },
	};
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	unsigned int c, i, bad;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		spec_default(&s);
		s.region_start = cases[c].start;
		s.region_end = cases[c].end;
		s.lba_align = cases[c].align;
		s.lba_start = (cases[c].start + cases[c].align - 1) /
			      cases[c].align * cases[c].align;
		s.random_pct = cases[c].random_pct;
		s.nr_sizes = 3;
		s.sizes[0].nlb = 1;
		s.sizes[0].pct = 40;
		s.sizes[1].nlb = 13;
		s.sizes[1].pct = 40;
		s.sizes[2].nlb = 256;
		s.sizes[2].pct = 20;
		if (cases[c].dist) {
			/* Heavy ends: the last bucket pushes IOs to the end. */
			s.distribution[0] = 3000;
			s.distribution[50] = 2000;
			s.distribution[99] = 5000;
		}
		CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
		bad = 0;
		for (i = 0; i < DRAWS; i++) {
			struct nvmt_gen_io io;

			nvmt_gen_next(&g, &io);
			bad += io.slba < cases[c].start;
			bad += io.slba + io.nlb > cases[c].end;
			bad += io.slba % cases[c].align != 0;
			bad += io.nlb != 1 && io.nlb != 13 && io.nlb != 256;
			bad += io.op != 0 || io.opcode != 0x02;
		}
		if (bad)
			fprintf(stderr, "case %u: %u bad\n", c, bad);
		CU_ASSERT_EQUAL(bad, 0);
	}
}

static void test_next_sequential(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	struct nvmt_gen_io io;
	unsigned int i, bad = 0;
	uint64_t want;

	/* Step 0 = the IO's size; wrap when the next IO would not fit. */
	spec_default(&s);
	s.random_pct = 0;
	s.region_start = 100;
	s.region_end = 1100;
	s.lba_start = 500;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	want = 500;
	for (i = 0; i < 1000; i++) {
		nvmt_gen_next(&g, &io);
		if (want + 8 > 1100)
			want = 100;
		bad += io.slba != want || io.nlb != 8;
		want += 8;
	}
	CU_ASSERT_EQUAL(bad, 0);

	/* 1092 is the last start: 1092 + 8 = 1100 exactly. */
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	for (i = 0; i < (1092 - 500) / 8; i++)
		nvmt_gen_next(&g, &io);
	nvmt_gen_next(&g, &io);
	CU_ASSERT_EQUAL(io.slba, 1092);
	nvmt_gen_next(&g, &io);
	CU_ASSERT_EQUAL(io.slba, 100);

	/* Explicit step, aligned region start rounded up for the wrap. */
	s.region_start = 101;
	s.lba_start = 104;
	s.lba_align = 4;
	s.lba_step = 100;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	want = 104;
	for (i = 0; i < 100; i++) {
		nvmt_gen_next(&g, &io);
		if (want + 8 > 1100)
			want = 104;
		bad += io.slba != want;
		want += 100;
	}
	CU_ASSERT_EQUAL(bad, 0);

	/* Step 0 with an alignment above the size: the size rounded up. */
	s.lba_step = 0;
	s.lba_align = 16;
	s.lba_start = 112;
	s.nr_sizes = 1;
	s.sizes[0].nlb = 5;
	s.sizes[0].pct = 100;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	want = 112;
	for (i = 0; i < 200; i++) {
		nvmt_gen_next(&g, &io);
		if (want + 5 > 1100)
			want = 112;
		bad += io.slba != want || io.nlb != 5;
		want += 16;
	}
	CU_ASSERT_EQUAL(bad, 0);

	/* Sizes 8 and 24, step 0: each IO starts where the previous ended. */
	spec_default(&s);
	s.random_pct = 0;
	s.nr_sizes = 2;
	s.sizes[0].nlb = 8;
	s.sizes[0].pct = 50;
	s.sizes[1].nlb = 24;
	s.sizes[1].pct = 50;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	want = 0;
	for (i = 0; i < 10000; i++) {
		nvmt_gen_next(&g, &io);
		bad += io.slba != want;
		want = io.slba + io.nlb;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_next_op_size_mix(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	unsigned int ops[3] = { 0 }, sizes[4] = { 0 }, i, bad = 0;

	spec_default(&s);
	s.nr_ops = 3;
	s.ops[0].opcode = 0x01;
	s.ops[0].pct = 50;
	s.ops[1].opcode = 0x02;
	s.ops[1].pct = 30;
	s.ops[2].opcode = 0x09;
	s.ops[2].pct = 20;
	s.nr_sizes = 4;
	s.sizes[0].nlb = 1;
	s.sizes[0].pct = 1;
	s.sizes[1].nlb = 8;
	s.sizes[1].pct = 9;
	s.sizes[2].nlb = 64;
	s.sizes[2].pct = 25;
	s.sizes[3].nlb = 256;
	s.sizes[3].pct = 65;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	for (i = 0; i < DRAWS; i++) {
		struct nvmt_gen_io io;

		nvmt_gen_next(&g, &io);
		if (io.op >= 3) {
			bad++;
			continue;
		}
		ops[io.op]++;
		bad += io.opcode != s.ops[io.op].opcode;
		switch (io.nlb) {
		case 1: sizes[0]++; break;
		case 8: sizes[1]++; break;
		case 64: sizes[2]++; break;
		case 256: sizes[3]++; break;
		default: bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* 1% tolerance: about 6 standard deviations at 100000 draws. */
	CU_ASSERT(near_pct(ops[0], DRAWS, 50, 10000));
	CU_ASSERT(near_pct(ops[1], DRAWS, 30, 10000));
	CU_ASSERT(near_pct(ops[2], DRAWS, 20, 10000));
	CU_ASSERT(near_pct(sizes[0], DRAWS, 1, 3000));
	CU_ASSERT(near_pct(sizes[1], DRAWS, 9, 10000));
	CU_ASSERT(near_pct(sizes[2], DRAWS, 25, 10000));
	CU_ASSERT(near_pct(sizes[3], DRAWS, 65, 10000));
}

/* Counts the IOs that continue the sequential stream (the rest are
 * random: on a million-block region, a random IO lands on the next
 * sequential LBA about once per million). */
static unsigned int count_sequential(unsigned int random_pct)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	unsigned int i, seq = 0;
	uint64_t next;

	spec_default(&s);
	s.random_pct = random_pct;
	s.lba_start = 4096;
	if (init_ok(&g, &s, &ns512))
		return ~0u;
	next = 4096;
	for (i = 0; i < DRAWS; i++) {
		struct nvmt_gen_io io;

		nvmt_gen_next(&g, &io);
		if (io.slba == next) {
			seq++;
			next += 8;
		}
	}
	return seq;
}

static void test_next_random_pct(void)
{
	unsigned int n;

	CU_ASSERT_EQUAL(count_sequential(0), DRAWS);
	CU_ASSERT(count_sequential(100) < 5);
	n = count_sequential(50);
	CU_ASSERT(near_pct(n, DRAWS, 50, 10000));
	n = count_sequential(90);
	CU_ASSERT(near_pct(n, DRAWS, 10, 5000));
}

static void test_next_distribution(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	unsigned int i, bad = 0, hot = 0, buckets[100] = { 0 };

	/* All weight on bucket 7 of [0, 100000): LBAs 7000 .. 7999. */
	spec_default(&s);
	s.region_end = 100000;
	s.nr_sizes = 1;
	s.sizes[0].nlb = 1;
	s.sizes[0].pct = 100;
	s.distribution[7] = 10000;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	CU_ASSERT(g.has_dist);
	for (i = 0; i < DRAWS; i++) {
		struct nvmt_gen_io io;

		nvmt_gen_next(&g, &io);
		bad += io.slba < 7000 || io.slba >= 8000;
		buckets[0] += io.slba == 7000;
		buckets[1] += io.slba == 7999;
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* Both ends of the bucket are reached. */
	CU_ASSERT(buckets[0] > 0 && buckets[1] > 0);

	/* 90/10 hot/cold on [12345, 12345 + 1000000 - 12345). */
	spec_default(&s);
	s.region_start = 12345;
	s.lba_start = 12345;
	memset(buckets, 0, sizeof(buckets));
	for (i = 0; i < 10; i++)
		s.distribution[i] = 900;
	for (i = 10; i < 100; i++)
		s.distribution[i] = 11;
	s.distribution[99] += 10;	/* 9000 + 990 + 10 */
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	{
		uint64_t len = NSZE - 12345;
		uint64_t hot_end = 12345 + len / 10;

		for (i = 0; i < DRAWS; i++) {
			struct nvmt_gen_io io;

			nvmt_gen_next(&g, &io);
			hot += io.slba < hot_end;
			buckets[(io.slba - 12345) * 100 / len]++;
		}
	}
	CU_ASSERT(near_pct(hot, DRAWS, 90, 10000));
	/* Each hot bucket gets 9%, a cold one about 0.11%. */
	for (i = 0; i < 10; i++)
		bad += !near_pct(buckets[i], DRAWS, 9, 10000);
	for (i = 10; i < 99; i++)
		bad += buckets[i] > DRAWS / 250;
	CU_ASSERT_EQUAL(bad, 0);
}

/* Weight on the last bucket with IOs larger than it: they end by the end. */
static void test_next_distribution_end(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen g;
	unsigned int i, bad = 0, at_end = 0;

	spec_default(&s);
	s.region_end = 10000;	/* buckets of 100 blocks */
	s.nr_sizes = 1;
	s.sizes[0].nlb = 256;
	s.sizes[0].pct = 100;
	s.distribution[99] = 10000;
	CU_ASSERT_EQUAL_FATAL(init_ok(&g, &s, &ns512), 0);
	for (i = 0; i < 10000; i++) {
		struct nvmt_gen_io io;

		nvmt_gen_next(&g, &io);
		bad += io.slba + io.nlb > 10000;
		at_end += io.slba == 10000 - 256;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(at_end, 10000);
}

static void test_next_determinism(void)
{
	struct nvmetest_ioworker_spec s;
	struct nvmt_gen a, b;
	unsigned int i, same = 0;

	spec_default(&s);
	s.random_pct = 50;
	s.nr_ops = 2;
	s.ops[0].opcode = 1;
	s.ops[0].pct = 50;
	s.ops[1].opcode = 2;
	s.ops[1].pct = 50;
	CU_ASSERT_EQUAL_FATAL(init_ok(&a, &s, &ns512), 0);
	CU_ASSERT_EQUAL_FATAL(init_ok(&b, &s, &ns512), 0);
	for (i = 0; i < 10000; i++) {
		struct nvmt_gen_io x, y;

		nvmt_gen_next(&a, &x);
		nvmt_gen_next(&b, &y);
		same += x.slba == y.slba && x.nlb == y.nlb && x.op == y.op;
	}
	CU_ASSERT_EQUAL(same, 10000);
}

/* --- replay ------------------------------------------------------------- */

static void test_check_replay(void)
{
	struct nvmetest_ioworker_replay e = {
		.time_us = 10, .slba = NSZE - 8, .nlb = 8, .opcode = 1,
	};

	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 10), 0);
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 11), -EINVAL);
	e.slba = NSZE - 7;
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 0), -EINVAL);
	e.slba = UINT64_MAX - 2;	/* slba + nlb wraps */
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 0), -EINVAL);
	e.slba = 0;
	e.nlb = 0;
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 0), -EINVAL);
	e.nlb = 257;
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 0), -EINVAL);
	e.nlb = 256;
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 0), 0);
	e.rsvd[2] = 1;
	CU_ASSERT_EQUAL(nvmt_gen_check_replay(&e, &ns512, 0), -EINVAL);
}

/* --- throttle ----------------------------------------------------------- */

/* IOs let through when asking every @tick ns during @span ns. */
static unsigned int throttle_count(struct nvmt_throttle *t, uint64_t from,
				   uint64_t span, uint64_t tick)
{
	unsigned int n = 0;
	uint64_t now;

	for (now = from; now < from + span; now += tick)
		while (nvmt_throttle_wait(t, now) == 0)
			n++;
	return n;
}

static void test_throttle_rate(void)
{
	struct nvmt_throttle t;
	uint64_t now, wait;
	unsigned int n;

	/* Asked every microsecond for a second: 1000 IOs. */
	nvmt_throttle_init(&t, 1000, 1, 5000);
	n = throttle_count(&t, 5000, 1000000000ull, 1000);
	CU_ASSERT(n >= 999 && n <= 1001);

	/* Following the returned waits: exactly iops in a second. */
	nvmt_throttle_init(&t, 250000, 4, 0);
	n = 0;
	for (now = 0; now < 1000000000ull; ) {
		wait = nvmt_throttle_wait(&t, now);
		if (wait) {
			CU_ASSERT(wait <= 4000);
			now += wait;
		} else {
			n++;
		}
	}
	CU_ASSERT_EQUAL(n, 250000);

	/* Coarse ticks (10 ms) still average out to the rate... */
	nvmt_throttle_init(&t, 1000, 1000, 0);
	n = throttle_count(&t, 0, 10000000000ull, 10000000);
	CU_ASSERT(n >= 9990 && n <= 10010);

	/* ...but not with a burst of 1: at most one IO per tick. */
	nvmt_throttle_init(&t, 1000, 1, 0);
	n = throttle_count(&t, 0, 1000000000ull, 10000000);
	CU_ASSERT_EQUAL(n, 100);

	/* Unlimited: never waits. */
	nvmt_throttle_init(&t, 0, 0, 0);
	for (n = 0; n < 1000; n++)
		if (nvmt_throttle_wait(&t, 7))
			break;
	CU_ASSERT_EQUAL(n, 1000);
}

static void test_throttle_burst(void)
{
	struct nvmt_throttle t;
	unsigned int n = 0;

	nvmt_throttle_init(&t, 100, 8, 0);
	CU_ASSERT_EQUAL(nvmt_throttle_wait(&t, 0), 0);
	CU_ASSERT_EQUAL(nvmt_throttle_wait(&t, 0), 10000000);
	/* After 10 idle seconds, 8 IOs at once, then the rate again. */
	while (nvmt_throttle_wait(&t, 10000000000ull) == 0)
		n++;
	CU_ASSERT_EQUAL(n, 8);
	CU_ASSERT_EQUAL(nvmt_throttle_wait(&t, 10000000000ull), 10000000);
	CU_ASSERT_EQUAL(nvmt_throttle_wait(&t, 10010000000ull), 0);

	/* Burst 0 counts as 1. */
	nvmt_throttle_init(&t, 100, 0, 0);
	n = 0;
	while (nvmt_throttle_wait(&t, 5000000000ull) == 0)
		n++;
	CU_ASSERT_EQUAL(n, 1);
}

/* --- patterns ----------------------------------------------------------- */

static void test_pattern_fixed(void)
{
	uint8_t *buf = malloc(4096 + 16);
	size_t i;
	unsigned int bad = 0;

	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, 0xa5, 4096 + 16);
	nvmt_pattern_fill(buf, 4096, 512, NVMETEST_PATTERN_ZEROES, 0, 0, NULL);
	CU_ASSERT(all_bytes(buf, 4096, 0));
	CU_ASSERT(all_bytes(buf + 4096, 16, 0xa5));
	nvmt_pattern_fill(buf, 4096, 512, NVMETEST_PATTERN_ONES, 0, 0, NULL);
	CU_ASSERT(all_bytes(buf, 4096, 0xff));
	CU_ASSERT(all_bytes(buf + 4096, 16, 0xa5));
	nvmt_pattern_fill(buf, 4096, 512, NVMETEST_PATTERN_DWORD, 0x11223344,
			  0, NULL);
	for (i = 0; i < 4096; i += 4)
		bad += buf[i] != 0x44 || buf[i + 1] != 0x33 ||
		       buf[i + 2] != 0x22 || buf[i + 3] != 0x11;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(all_bytes(buf + 4096, 16, 0xa5));
	/* A length that is not a multiple of 8 is filled to its last byte. */
	nvmt_pattern_fill(buf, 12, 4, NVMETEST_PATTERN_DWORD, 0xdeadbeef, 0,
			  NULL);
	CU_ASSERT_EQUAL(buf[8], 0xef);
	CU_ASSERT_EQUAL(buf[11], 0xde);
	CU_ASSERT_EQUAL(buf[12], 0x44);
	free(buf);
}

static void test_pattern_random(void)
{
	static const struct {
		uint32_t unit, pct, zero;
	} cases[] = {
		{ 512, 0, 0 }, { 512, 50, 256 }, { 512, 30, 152 },
		{ 4096, 25, 1024 }, { 520, 10, 48 }, { 512, 100, 512 },
		{ 512, 1, 0 },
	};
	uint8_t *a = malloc(8 * 4096), *b = malloc(8 * 4096);
	struct nvmt_rng r1, r2;
	unsigned int c, u;

	CU_ASSERT_FATAL(a && b);
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint32_t unit = cases[c].unit, zero = cases[c].zero;
		size_t len = 8 * (size_t)unit;

		memset(a, 0xa5, len);
		nvmt_rng_seed(&r1, c);
		nvmt_rng_seed(&r2, c);
		nvmt_pattern_fill(a, len, unit, NVMETEST_PATTERN_RANDOM, 0,
				  cases[c].pct, &r1);
		nvmt_pattern_fill(b, len, unit, NVMETEST_PATTERN_RANDOM, 0,
				  cases[c].pct, &r2);
		CU_ASSERT(memcmp(a, b, len) == 0);
		for (u = 0; u < 8; u++) {
			const uint8_t *p = a + (size_t)u * unit;

			CU_ASSERT(all_bytes(p + unit - zero, zero, 0));
			/* The random part is not a fill: its last 8 bytes and
			 * its first 8 are not all zero or all 0xa5. */
			if (zero < unit) {
				CU_ASSERT(!all_bytes(p + unit - zero - 8, 8, 0));
				CU_ASSERT(!all_bytes(p, 8, 0xa5));
				CU_ASSERT(!all_bytes(p, 8, 0));
			}
		}
		/* Different units hold different data. */
		if (zero < unit)
			CU_ASSERT(memcmp(a, a + unit, unit - zero) != 0);
		/* Exactly: each unit is the next (unit - zero) / 8 outputs of
		 * the generator, in memory order, then the zeroes. */
		nvmt_rng_seed(&r2, c);
		memset(b, 0, len);
		for (u = 0; u < 8; u++) {
			uint32_t k;

			for (k = 0; k < unit - zero; k += 8) {
				uint64_t v = nvmt_rng_next(&r2);

				memcpy(b + (size_t)u * unit + k, &v, 8);
			}
		}
		CU_ASSERT(memcmp(a, b, len) == 0);
		/* The generator moved on by the same amount. */
		CU_ASSERT_EQUAL(nvmt_rng_next(&r1), nvmt_rng_next(&r2));
	}
	free(a);
	free(b);
}

int main(void)
{
	static CU_TestInfo tests[] = {
		{ "rng determinism", test_rng_determinism },
		{ "rng bit balance", test_rng_bits },
		{ "rng_below uniform and bounded", test_rng_below },
		{ "init defaults", test_init_defaults },
		{ "init bad nsid (namespace)", test_bad_nsid },
		{ "init bad region", test_bad_region },
		{ "init bad lba_start", test_bad_lba_start },
		{ "init bad lba_step", test_bad_lba_step },
		{ "init bad lba_align", test_bad_lba_align },
		{ "init bad random_pct", test_bad_random_pct },
		{ "init bad sizes", test_bad_sizes },
		{ "init bad ops", test_bad_ops },
		{ "init bad rsvd", test_bad_rsvd },
		{ "init bad distribution", test_bad_distribution },
		{ "init bad pattern", test_bad_pattern },
		{ "next: bounds and alignment", test_next_bounds_aligned },
		{ "next: sequential step and wrap", test_next_sequential },
		{ "next: op and size mix", test_next_op_size_mix },
		{ "next: random_pct", test_next_random_pct },
		{ "next: distribution", test_next_distribution },
		{ "next: distribution at the end", test_next_distribution_end },
		{ "next: determinism", test_next_determinism },
		{ "replay entry checks", test_check_replay },
		{ "throttle rate", test_throttle_rate },
		{ "throttle burst", test_throttle_burst },
		{ "pattern zeroes/ones/dword", test_pattern_fixed },
		{ "pattern random", test_pattern_random },
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{ .pName = "iowgen", .pTests = tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}
