// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the IOWorker library and `nvmetest ioworker` without a
 * device: field, end reason and direction names, the merge of op entries
 * into fio's directions and the derived numbers, percentiles and stddev
 * of synthetic histograms (the real core/hist.c), the parsing of
 * every ioworker option into the spec and the rejection of bad ones, the
 * size, time, op mix, size split, distribution, pattern and replay
 * parsers, fio's number format, fio's JSON of synthetic results (printed,
 * parsed back with json-c, every key checked) and fio's normal report.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "private.h"
#include "unit.h"

static const struct nvmetest_ns_info ns512 = {
	.nsid = 1, .nsze = 2097152, .ncap = 2097152, .lba_size = 512,
};

/* --- library ----------------------------------------------------------------- */

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(NVMETEST_IOW_FIELD_NONE), "none");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(NVMETEST_IOW_FIELD_QDEPTH), "qdepth");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(NVMETEST_IOW_FIELD_SIZES), "sizes");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(NVMETEST_IOW_FIELD_REGION), "region");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(NVMETEST_IOW_FIELD_RSVD), "rsvd");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(NVMETEST_IOW_FIELD_RSVD + 1), "unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_field_name(0xffffffff), "unknown");
	/* every field up to RSVD has a name of its own */
	for (uint32_t f = 0; f <= NVMETEST_IOW_FIELD_RSVD; f++)
		for (uint32_t g = f + 1; g <= NVMETEST_IOW_FIELD_RSVD; g++)
			CU_ASSERT_STRING_NOT_EQUAL(nvmetest_ioworker_field_name(f),
						   nvmetest_ioworker_field_name(g));

	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_end_name(NVMETEST_IOW_END_NONE), "running");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_end_name(NVMETEST_IOW_END_COUNT), "count");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_end_name(NVMETEST_IOW_END_FAILED), "failed");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_end_name(99), "unknown");
	CU_ASSERT_FALSE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_COUNT));
	CU_ASSERT_FALSE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_TIME));
	CU_ASSERT_FALSE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_REPLAY));
	CU_ASSERT_FALSE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_STOPPED));
	CU_ASSERT_TRUE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_ERROR));
	CU_ASSERT_TRUE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_RESET));
	CU_ASSERT_TRUE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_REMOVED));
	CU_ASSERT_TRUE(nvmetest_ioworker_end_failed(NVMETEST_IOW_END_FAILED));

	CU_ASSERT_EQUAL(nvmetest_ioworker_dir(0x02), NVMETEST_IOW_DIR_READ);
	CU_ASSERT_EQUAL(nvmetest_ioworker_dir(0x01), NVMETEST_IOW_DIR_WRITE);
	CU_ASSERT_EQUAL(nvmetest_ioworker_dir(0x09), NVMETEST_IOW_DIR_TRIM);
	CU_ASSERT_EQUAL(nvmetest_ioworker_dir(0x00), NVMETEST_IOW_DIR_NONE);
	CU_ASSERT_EQUAL(nvmetest_ioworker_dir(0x08), NVMETEST_IOW_DIR_NONE);
	CU_ASSERT_EQUAL(nvmetest_ioworker_dir(0x05), NVMETEST_IOW_DIR_NONE);
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_dir_name(NVMETEST_IOW_DIR_READ), "read");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_dir_name(NVMETEST_IOW_DIR_WRITE), "write");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_dir_name(NVMETEST_IOW_DIR_TRIM), "trim");
	CU_ASSERT_STRING_EQUAL(nvmetest_ioworker_dir_name(NVMETEST_IOW_DIR_NONE), "none");
}

/* Without NVMETEST_INFO_CAP_IOWORKER nothing reaches the (absent) driver. */
static void test_no_capability(void)
{
	struct nvmetest_dev dev = { .fd = -1, .path = "/dev/nvmetest9" };
	struct nvmetest_ioworker_spec spec = { .nsid = 1 };
	struct nvmetest_ioworker_result res;
	uint32_t count = 0;

	dev.info.abi_major = 1;
	dev.info.abi_minor = 3;
	dev.info.capabilities = NVMETEST_INFO_CAP_VERIFY;
	CU_ASSERT_EQUAL(nvmetest_ioworker_start(&dev, &spec), -EOPNOTSUPP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nvmetest_last_error());
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "needs 1.4"));
	CU_ASSERT_EQUAL(nvmetest_ioworker_stop(&dev, 0), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(nvmetest_ioworker_wait(&dev, 0, 0, NULL), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(nvmetest_ioworker_result(&dev, 1, &res, NULL, NULL, 0, 0), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(nvmetest_ioworker_release(&dev, 1), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(nvmetest_ioworker_list(&dev, NULL, &count, NULL, NULL), -EOPNOTSUPP);
	/* with the capability, unknown RESULT flags are refused before the ioctl */
	dev.info.capabilities |= NVMETEST_INFO_CAP_IOWORKER;
	CU_ASSERT_EQUAL(nvmetest_ioworker_result(&dev, 1, &res, NULL, NULL, 0, 2), -EINVAL);
	/* and a closed fd gives the ioctl's errno, not a crash */
	CU_ASSERT_EQUAL(nvmetest_ioworker_stop(&dev, 0), -EBADF);
}

static uint64_t *hist_alloc(unsigned int rows)
{
	uint64_t *h = calloc((size_t)rows * NVMETEST_HIST_BUCKETS, sizeof(uint64_t));

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	return h;
}

/* 1000 samples of 1, 2, ..., 1000 microseconds */
static void hist_fill_ramp(uint64_t *h, unsigned int n, uint64_t step_ns)
{
	for (unsigned int i = 1; i <= n; i++)
		h[nvmetest_hist_index(i * step_ns)]++;
}

static void test_percentiles(void)
{
	const uint32_t *ppm = nvmetest_fio_percentiles();
	static const uint32_t want_ppm[] = {
		10000, 50000, 100000, 200000, 300000, 400000, 500000, 600000, 700000, 800000,
		900000, 950000, 990000, 995000, 999000, 999500, 999900,
	};
	uint64_t out[NVMETEST_FIO_NR_PERCENTILES], *h = hist_alloc(2), *h2 = h + NVMETEST_HIST_BUCKETS;

	CU_ASSERT_EQUAL(NVMETEST_FIO_NR_PERCENTILES, ARGC(want_ppm));
	CU_ASSERT_EQUAL(memcmp(ppm, want_ppm, sizeof(want_ppm)), 0);

	/* empty: zeroes */
	CU_ASSERT_EQUAL(nvmetest_hist_percentiles(h, ppm, NVMETEST_FIO_NR_PERCENTILES, out), 0);
	for (unsigned int i = 0; i < NVMETEST_FIO_NR_PERCENTILES; i++)
		CU_ASSERT_EQUAL(out[i], 0);
	CU_ASSERT_EQUAL(nvmetest_hist_stddev(h), 0.0);

	hist_fill_ramp(h, 1000, 1000);
	CU_ASSERT_EQUAL(nvmetest_hist_total(h), 1000);
	CU_ASSERT_EQUAL(nvmetest_hist_percentiles(h, ppm, NVMETEST_FIO_NR_PERCENTILES, out), 1000);
	for (unsigned int i = 0; i < NVMETEST_FIO_NR_PERCENTILES; i++) {
		/* the sample of rank ceil(1000 * p) is that many microseconds */
		uint64_t rank = ((uint64_t)ppm[i] * 1000 + 999999) / 1000000;
		uint64_t exact = rank * 1000;

		CU_ASSERT_EQUAL(out[i], nvmetest_hist_value(nvmetest_hist_index(exact)));
		/* within the bucket's half width: 1/128 of the value */
		CU_ASSERT(out[i] >= exact - exact / 128 && out[i] <= exact + exact / 128);
		if (i)
			CU_ASSERT(out[i] >= out[i - 1]);
	}
	/* small values are exact */
	CU_ASSERT_EQUAL(nvmetest_hist_value(nvmetest_hist_index(100)), 100);

	/* merge doubles every bucket; percentiles do not move */
	hist_fill_ramp(h2, 1000, 1000);
	nvmetest_hist_merge(h2, h);
	CU_ASSERT_EQUAL(nvmetest_hist_total(h2), 2000);
	{
		uint64_t out2[NVMETEST_FIO_NR_PERCENTILES];

		nvmetest_hist_percentiles(h2, ppm, NVMETEST_FIO_NR_PERCENTILES, out2);
		CU_ASSERT_EQUAL(memcmp(out, out2, sizeof(out)), 0);
	}

	/* stddev of two equal halves at 100 and 120 ns: 10 */
	memset(h, 0, NVMETEST_HIST_BUCKETS * sizeof(*h));
	h[nvmetest_hist_index(100)] = 500;
	h[nvmetest_hist_index(120)] = 500;
	CU_ASSERT_DOUBLE_EQUAL(nvmetest_hist_stddev(h), 10.0, 1e-9);
	/* one sample: 0 */
	memset(h, 0, NVMETEST_HIST_BUCKETS * sizeof(*h));
	h[5] = 1;
	CU_ASSERT_EQUAL(nvmetest_hist_stddev(h), 0.0);
	free(h);
}

static void test_stats(void)
{
	struct nvmetest_ioworker_report r = { 0 };
	struct nvmetest_ioworker_stat s = { 0 }, g = { 0 };
	uint64_t *h = hist_alloc(NVMETEST_IOW_MAX_OPS), *sh = hist_alloc(1), *gh = hist_alloc(1);

	r.hist = h;
	r.res.nr_ops = 3;
	r.res.elapsed_ns = 2000000000;
	r.res.op[0] = (struct nvmetest_ioworker_opstat){ .opcode = 0x02, .ios = 100,
		.bytes = 409600, .errors = 1, .lat_min_ns = 50, .lat_max_ns = 900, .lat_sum_ns = 10000 };
	r.res.op[1] = (struct nvmetest_ioworker_opstat){ .opcode = 0x01, .ios = 10,
		.bytes = 40960, .lat_min_ns = 70, .lat_max_ns = 80, .lat_sum_ns = 750 };
	/* a second Read entry (e.g. another size) merges into "read" */
	r.res.op[2] = (struct nvmetest_ioworker_opstat){ .opcode = 0x02, .ios = 100,
		.bytes = 409600, .lat_min_ns = 20, .lat_max_ns = 2000, .lat_sum_ns = 30000 };
	h[nvmetest_hist_index(100)] = 100;
	h[NVMETEST_HIST_BUCKETS + nvmetest_hist_index(75)] = 10;
	h[2 * NVMETEST_HIST_BUCKETS + nvmetest_hist_index(300)] = 100;

	s.hist = sh;
	nvmetest_ioworker_dir_stat(&r, NVMETEST_IOW_DIR_READ, &s);
	CU_ASSERT_PTR_EQUAL(s.hist, sh);
	CU_ASSERT_EQUAL(s.ios, 200);
	CU_ASSERT_EQUAL(s.bytes, 819200);
	CU_ASSERT_EQUAL(s.errors, 1);
	CU_ASSERT_EQUAL(s.lat_min_ns, 20);
	CU_ASSERT_EQUAL(s.lat_max_ns, 2000);
	CU_ASSERT_EQUAL(s.lat_sum_ns, 40000);
	CU_ASSERT_EQUAL(s.elapsed_ns, 2000000000);
	CU_ASSERT_EQUAL(nvmetest_hist_total(sh), 200);
	CU_ASSERT_EQUAL(sh[nvmetest_hist_index(75)], 0);
	CU_ASSERT_DOUBLE_EQUAL(nvmetest_ioworker_lat_mean(&s), 200.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(nvmetest_ioworker_iops(s.ios, s.elapsed_ns), 100.0, 1e-9);
	CU_ASSERT_EQUAL(nvmetest_ioworker_bw(s.bytes, s.elapsed_ns), 409600);

	/* no trim: nothing, and the histogram is cleared */
	nvmetest_ioworker_dir_stat(&r, NVMETEST_IOW_DIR_TRIM, &s);
	CU_ASSERT_EQUAL(s.ios, 0);
	CU_ASSERT_EQUAL(nvmetest_hist_total(sh), 0);
	CU_ASSERT_EQUAL(nvmetest_ioworker_lat_mean(&s), 0.0);

	/* group: two jobs' reads, min/max combine, elapsed is the longer */
	nvmetest_ioworker_dir_stat(&r, NVMETEST_IOW_DIR_READ, &s);
	g.hist = gh;
	nvmetest_ioworker_stat_add(&g, &s);
	s.lat_min_ns = 10;
	s.lat_max_ns = 1000;
	s.elapsed_ns = 3000000000;
	nvmetest_ioworker_stat_add(&g, &s);
	CU_ASSERT_EQUAL(g.ios, 400);
	CU_ASSERT_EQUAL(g.lat_min_ns, 10);
	CU_ASSERT_EQUAL(g.lat_max_ns, 2000);
	CU_ASSERT_EQUAL(g.elapsed_ns, 3000000000);
	CU_ASSERT_EQUAL(nvmetest_hist_total(gh), 400);

	/* rates: no time, no rate; 100 GB over 1 s does not overflow */
	CU_ASSERT_EQUAL(nvmetest_ioworker_iops(5, 0), 0.0);
	CU_ASSERT_EQUAL(nvmetest_ioworker_bw(5, 0), 0);
	CU_ASSERT_EQUAL(nvmetest_ioworker_bw(100000000000ULL, 1000000000), 100000000000ULL);
	free(h);
	free(sh);
	free(gh);
}

/* --- option parsing -------------------------------------------------------------- */

/* parse and build; the build's return */
#define BUILD(job, ...) ({						\
	CU_ASSERT_EQUAL_FATAL(PARSE(__VA_ARGS__), 0);			\
	cli_iow_build(&unit_args, &ns512, (job), unit_err, sizeof(unit_err)); \
})

#define BUILD_FAILS(msg, ...) do {					\
	struct cli_iow_job j_;						\
									\
	CU_ASSERT_EQUAL(BUILD(&j_, __VA_ARGS__), -EINVAL);		\
	if (!strstr(unit_err, msg))					\
		fprintf(stderr, "\n  got '%s', want '%s'\n", unit_err, msg); \
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, msg));			\
	cli_iow_job_free(&j_);						\
} while (0)

static void test_parse_defaults(void)
{
	struct cli_iow_job job;
	struct nvmetest_ioworker_spec *sp = &job.spec, js;

	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0"), 0);
	CU_ASSERT_STRING_EQUAL(job.name, "nvmetest");
	CU_ASSERT_EQUAL(job.numjobs, 1);
	CU_ASSERT_FALSE(job.group);
	CU_ASSERT_EQUAL(sp->nsid, 1);
	CU_ASSERT_EQUAL(sp->flags, 0);
	CU_ASSERT_EQUAL(sp->qdepth, 1);
	CU_ASSERT_EQUAL(sp->nr_ops, 1);
	CU_ASSERT_EQUAL(sp->ops[0].opcode, 0x02);
	CU_ASSERT_EQUAL(sp->ops[0].pct, 100);
	CU_ASSERT_EQUAL(sp->random_pct, 0);
	CU_ASSERT_EQUAL(sp->nr_sizes, 1);
	CU_ASSERT_EQUAL(sp->sizes[0].nlb, 8);	/* 4k of 512-byte blocks */
	CU_ASSERT_EQUAL(sp->sizes[0].pct, 100);
	CU_ASSERT_EQUAL(sp->region_start, 0);
	CU_ASSERT_EQUAL(sp->region_end, 0);
	CU_ASSERT_EQUAL(sp->time_ms, 0);
	/* fio's default: the region once, 2097152 blocks / 8 per IO */
	CU_ASSERT_EQUAL(sp->io_count, 262144);
	CU_ASSERT_EQUAL(sp->replay, 0);
	CU_ASSERT_EQUAL(sp->pattern, NVMETEST_PATTERN_ZEROES);
	/* vectors: job i gets 1 + i modulo the IO vectors; one vector: 0 */
	cli_iow_job_spec(&job, 0, 4, &js);
	CU_ASSERT_EQUAL(js.vector, 1);
	cli_iow_job_spec(&job, 4, 4, &js);
	CU_ASSERT_EQUAL(js.vector, 2);
	cli_iow_job_spec(&job, 3, 1, &js);
	CU_ASSERT_EQUAL(js.vector, 0);
	CU_ASSERT_EQUAL(js.qid, 0);
	CU_ASSERT_EQUAL(js.seed, 0);
	CU_ASSERT_EQUAL(js.flags & NVMETEST_IOW_PIN_CPU, 0);
	cli_iow_job_free(&job);

	/* 4k blocks: 4k is one block */
	{
		struct nvmetest_ns_info ns4k = ns512;

		ns4k.lba_size = 4096;
		ns4k.nsze = 1000;
		CU_ASSERT_EQUAL_FATAL(PARSE("ioworker", "nvmetest0"), 0);
		CU_ASSERT_EQUAL(cli_iow_build(&unit_args, &ns4k, &job, unit_err, sizeof(unit_err)), 0);
		CU_ASSERT_EQUAL(sp->sizes[0].nlb, 1);
		CU_ASSERT_EQUAL(sp->io_count, 1000);
		cli_iow_job_free(&job);
	}
}

static void test_parse_all(void)
{
	struct cli_iow_job job;
	struct nvmetest_ioworker_spec *sp = &job.spec, js;

	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "-n", "1", "--name=bench",
				    "--rw=randrw", "--rwmixread=70", "--bs=64k", "--iodepth=32",
				    "--runtime=10", "--number_ios=5000", "--rate_iops=1000",
				    "--offset=1m", "--size=512m", "--lba-start=4096",
				    "--lba-step=16", "--lba-align=8", "--random-pct=40",
				    "--distribution=zoned:90/10:10/90", "--pattern=0xdeadbeef",
				    "--polled", "--cpu=2,3", "--qid=5", "--seed=42",
				    "--stop-on-error", "--io-timeout=3000", "--numjobs=3",
				    "--group_reporting", "-o", "json"), 0);
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_JSON);
	CU_ASSERT_STRING_EQUAL(job.name, "bench");
	CU_ASSERT_EQUAL(job.numjobs, 3);
	CU_ASSERT_TRUE(job.group);
	CU_ASSERT_EQUAL(sp->nsid, 1);
	CU_ASSERT_EQUAL(sp->flags, NVMETEST_IOW_POLLED | NVMETEST_IOW_STOP_ON_ERROR);
	CU_ASSERT_EQUAL(sp->nr_ops, 2);
	CU_ASSERT_EQUAL(sp->ops[0].opcode, 0x02);
	CU_ASSERT_EQUAL(sp->ops[0].pct, 70);
	CU_ASSERT_EQUAL(sp->ops[1].opcode, 0x01);
	CU_ASSERT_EQUAL(sp->ops[1].pct, 30);
	CU_ASSERT_EQUAL(sp->random_pct, 40);	/* --random-pct over randrw's 100 */
	CU_ASSERT_EQUAL(sp->nr_sizes, 1);
	CU_ASSERT_EQUAL(sp->sizes[0].nlb, 128);
	CU_ASSERT_EQUAL(sp->qdepth, 32);
	CU_ASSERT_EQUAL(sp->time_ms, 10000);
	CU_ASSERT_EQUAL(sp->io_count, 5000);
	CU_ASSERT_EQUAL(sp->iops_limit, 1000);
	CU_ASSERT_EQUAL(sp->region_start, 2048);
	CU_ASSERT_EQUAL(sp->region_end, 2048 + 1048576);
	CU_ASSERT_EQUAL(sp->lba_start, 4096);
	CU_ASSERT_EQUAL(sp->lba_step, 16);
	CU_ASSERT_EQUAL(sp->lba_align, 8);
	CU_ASSERT_EQUAL(sp->distribution[0], 900);
	CU_ASSERT_EQUAL(sp->distribution[9], 900);
	CU_ASSERT_EQUAL(sp->distribution[10], 12);
	CU_ASSERT_EQUAL(sp->distribution[99], 11);
	CU_ASSERT_EQUAL(sp->pattern, NVMETEST_PATTERN_DWORD);
	CU_ASSERT_EQUAL(sp->pattern_value, 0xdeadbeef);
	CU_ASSERT_EQUAL(sp->seed, 42);
	CU_ASSERT_EQUAL(sp->io_timeout_ms, 3000);
	/* per job: qid + i, the CPU list cyclically, seed + i, no vector polled */
	cli_iow_job_spec(&job, 0, 8, &js);
	CU_ASSERT_EQUAL(js.qid, 5);
	CU_ASSERT_EQUAL(js.cpu, 2);
	CU_ASSERT_EQUAL(js.flags, NVMETEST_IOW_POLLED | NVMETEST_IOW_STOP_ON_ERROR |
			NVMETEST_IOW_PIN_CPU);
	CU_ASSERT_EQUAL(js.vector, 0);
	CU_ASSERT_EQUAL(js.seed, 42);
	cli_iow_job_spec(&job, 2, 8, &js);
	CU_ASSERT_EQUAL(js.qid, 7);
	CU_ASSERT_EQUAL(js.cpu, 2);
	CU_ASSERT_EQUAL(js.seed, 44);
	cli_iow_job_spec(&job, 1, 8, &js);
	CU_ASSERT_EQUAL(js.cpu, 3);
	cli_iow_job_free(&job);

	/* --ops with --rw=randread: the mix from --ops, randomness from --rw */
	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--rw=randread",
				    "--ops=read:60,write:20,trim,flush,0x0c:5",
				    "--bssplit=4k/50:8k:64k/10", "--vector=3,4",
				    "--pattern=random:25", "--runtime=1500ms"), 0);
	CU_ASSERT_EQUAL(sp->random_pct, 100);
	CU_ASSERT_EQUAL(sp->nr_ops, 5);
	CU_ASSERT_EQUAL(sp->ops[2].opcode, 0x09);
	CU_ASSERT_EQUAL(sp->ops[2].pct, 8);	/* 15 left for two: 8 and 7 */
	CU_ASSERT_EQUAL(sp->ops[3].opcode, 0x00);
	CU_ASSERT_EQUAL(sp->ops[3].pct, 7);
	CU_ASSERT_EQUAL(sp->ops[4].opcode, 0x0c);
	CU_ASSERT_EQUAL(sp->ops[4].pct, 5);
	CU_ASSERT_EQUAL(sp->nr_sizes, 3);
	CU_ASSERT_EQUAL(sp->sizes[0].nlb, 8);
	CU_ASSERT_EQUAL(sp->sizes[0].pct, 50);
	CU_ASSERT_EQUAL(sp->sizes[1].nlb, 16);
	CU_ASSERT_EQUAL(sp->sizes[1].pct, 40);
	CU_ASSERT_EQUAL(sp->sizes[2].nlb, 128);
	CU_ASSERT_EQUAL(sp->sizes[2].pct, 10);
	CU_ASSERT_EQUAL(sp->pattern, NVMETEST_PATTERN_RANDOM);
	CU_ASSERT_EQUAL(sp->compress_pct, 25);
	CU_ASSERT_EQUAL(sp->time_ms, 1500);
	CU_ASSERT_EQUAL(sp->io_count, 0);	/* a runtime: no default count */
	cli_iow_job_spec(&job, 0, 8, &js);
	CU_ASSERT_EQUAL(js.vector, 3);
	cli_iow_job_spec(&job, 3, 8, &js);
	CU_ASSERT_EQUAL(js.vector, 4);
	cli_iow_job_free(&job);

	/* each --rw */
	static const struct {
		const char *rw;
		uint8_t op0, op1;
		uint32_t nr, random;
	} rws[] = {
		{ "--rw=read", 0x02, 0, 1, 0 }, { "--rw=write", 0x01, 0, 1, 0 },
		{ "--rw=trim", 0x09, 0, 1, 0 }, { "--rw=randread", 0x02, 0, 1, 100 },
		{ "--rw=randwrite", 0x01, 0, 1, 100 }, { "--rw=randtrim", 0x09, 0, 1, 100 },
		{ "--rw=rw", 0x02, 0x01, 2, 0 }, { "--rw=readwrite", 0x02, 0x01, 2, 0 },
		{ "--rw=randrw", 0x02, 0x01, 2, 100 },
	};
	for (unsigned int i = 0; i < ARGC(rws); i++) {
		CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", (char *)rws[i].rw), 0);
		CU_ASSERT_EQUAL(sp->nr_ops, rws[i].nr);
		CU_ASSERT_EQUAL(sp->ops[0].opcode, rws[i].op0);
		CU_ASSERT_EQUAL(sp->random_pct, rws[i].random);
		if (rws[i].nr == 2) {
			CU_ASSERT_EQUAL(sp->ops[1].opcode, rws[i].op1);
			CU_ASSERT_EQUAL(sp->ops[0].pct, 50);
			CU_ASSERT_EQUAL(sp->ops[1].pct, 50);
		}
		cli_iow_job_free(&job);
	}
	/* rwmixread 100 and 0: one entry, no 0% entry */
	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--rw=rw", "--rwmixread=100"), 0);
	CU_ASSERT_EQUAL(sp->nr_ops, 1);
	CU_ASSERT_EQUAL(sp->ops[0].opcode, 0x02);
	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--rw=rw", "--rwmixread=0"), 0);
	CU_ASSERT_EQUAL(sp->nr_ops, 1);
	CU_ASSERT_EQUAL(sp->ops[0].opcode, 0x01);
	CU_ASSERT_EQUAL(sp->ops[0].pct, 100);

	/* --offset alone: to the end; lba-start defaults to the region start */
	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--offset=4096", "--bs=512"), 0);
	CU_ASSERT_EQUAL(sp->region_start, 8);
	CU_ASSERT_EQUAL(sp->region_end, 0);
	CU_ASSERT_EQUAL(sp->lba_start, 8);
	CU_ASSERT_EQUAL(sp->io_count, 2097152 - 8);
	/* the driver checks what only it can: values pass through as given */
	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--iodepth=0",
				    "--random-pct=101", "--number_ios=1"), 0);
	CU_ASSERT_EQUAL(sp->qdepth, 0);
	CU_ASSERT_EQUAL(sp->random_pct, 101);
	/* the -n given is used as is */
	CU_ASSERT_EQUAL_FATAL(PARSE("ioworker", "nvmetest0", "--nsid=7"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_IOW_NSID], 7);
}

static void test_parse_errors(void)
{
	PARSE_FAILS_PART("invalid value 'randomread' for --rw", "ioworker", "d", "--rw=randomread");
	PARSE_FAILS_PART("--rwmixread 101 is out of range", "ioworker", "d", "--rwmixread=101");
	PARSE_FAILS_PART("--numjobs 65 is out of range", "ioworker", "d", "--numjobs=65");
	PARSE_FAILS_PART("invalid number 'x' for --iodepth", "ioworker", "d", "--iodepth=x");
	PARSE_FAILS_PART("invalid list", "ioworker", "d", "--cpu=1,,2");
	PARSE_FAILS_PART("invalid list", "ioworker", "d", "--vector=70000");
	PARSE_FAILS_PART("option --polled takes no value", "ioworker", "d", "--polled=1");
	PARSE_FAILS_PART("unknown option '--fsync=1'", "ioworker", "d", "--fsync=1");
	PARSE_FAILS_PART("missing DEV", "ioworker");

	BUILD_FAILS("--numjobs must be at least 1", "ioworker", "d", "--numjobs=0");
	BUILD_FAILS("--rwmixread needs --rw=rw or --rw=randrw", "ioworker", "d", "--rwmixread=10");
	BUILD_FAILS("--rwmixread and --ops both", "ioworker", "d", "--rw=rw", "--rwmixread=10",
		    "--ops=read");
	BUILD_FAILS("--bs and --bssplit both", "ioworker", "d", "--bs=4k", "--bssplit=4k");
	BUILD_FAILS("--bs: 1000 is not a size in bytes, a multiple of the LBA size 512",
		    "ioworker", "d", "--bs=1000");
	BUILD_FAILS("--bs: one size", "ioworker", "d", "--bs=4k/50:8k/50");
	BUILD_FAILS("--bs: 4q is not a size", "ioworker", "d", "--bs=4q");
	BUILD_FAILS("--bssplit: the percentages add up to 90, not 100", "ioworker", "d",
		    "--bssplit=4k/50:8k/40");
	BUILD_FAILS("--bssplit: the percentages add up to 110, over 100", "ioworker", "d",
		    "--bssplit=4k/60:8k/50");
	BUILD_FAILS("--bssplit: invalid percentage in entry 2", "ioworker", "d",
		    "--bssplit=4k/60:8k/0");
	BUILD_FAILS("--bssplit: more than 16 sizes", "ioworker", "d",
		    "--bssplit=1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k:1k");
	BUILD_FAILS("--ops: unknown op 'fsync'", "ioworker", "d", "--ops=read:50,fsync:50");
	BUILD_FAILS("--ops: unknown op '0x100'", "ioworker", "d", "--ops=0x100");
	BUILD_FAILS("--ops: 1% left for 2 entries", "ioworker", "d", "--ops=read:99,write,trim");
	BUILD_FAILS("--ops: more than 8 entries", "ioworker", "d",
		    "--ops=read,read,read,read,read,read,read,read,read");
	BUILD_FAILS("--ops: invalid percentage in entry 1", "ioworker", "d", "--ops=read:x");
	BUILD_FAILS("--offset: 100 is not a multiple of the LBA size 512", "ioworker", "d",
		    "--offset=100");
	BUILD_FAILS("--size: invalid size '-1'", "ioworker", "d", "--size=-1");
	BUILD_FAILS("--size must be at least one block", "ioworker", "d", "--size=0");
	BUILD_FAILS("--runtime: invalid time '10x'", "ioworker", "d", "--runtime=10x");
	BUILD_FAILS("--runtime must be more than 0", "ioworker", "d", "--runtime=0");
	BUILD_FAILS("--number_ios must be at least 1", "ioworker", "d", "--number_ios=0");
	BUILD_FAILS("--pattern: 'twos' is not", "ioworker", "d", "--pattern=twos");
	BUILD_FAILS("--pattern: invalid compressibility 'x'", "ioworker", "d", "--pattern=random:x");
	BUILD_FAILS("--pattern: '0x100000000'", "ioworker", "d", "--pattern=0x100000000");
	BUILD_FAILS("--distribution: the accesses add up to 95%", "ioworker", "d",
		    "--distribution=zoned:90/10:5/90");
	BUILD_FAILS("--vector with --polled", "ioworker", "d", "--polled", "--vector=1");
	BUILD_FAILS("--qid 65535 + 2 jobs goes past", "ioworker", "d", "--qid=65535",
		    "--numjobs=2");
	BUILD_FAILS("--replay: /nonexistent/replay: No such file", "ioworker", "d",
		    "--replay=/nonexistent/replay");
}

struct parse_case {
	const char *in;
	int ret;
	uint64_t v;	/* when ret is 0 */
};

static void check_parse(int (*parse)(const char *, uint64_t *),
			const struct parse_case *c, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		int ret = parse(c[i].in, &v);

		CU_ASSERT_EQUAL(ret, c[i].ret);
		if (!c[i].ret)
			CU_ASSERT_EQUAL(v, c[i].v);
		if (ret != c[i].ret || (!ret && v != c[i].v))
			fprintf(stderr, "\n  '%s': got %d, %llu\n", c[i].in, ret,
				(unsigned long long)v);
	}
}

static void test_sizes_times(void)
{
	static const struct parse_case bytes[] = {
		{ "4096", 0, 4096 },
		{ "4k", 0, 4096 },
		{ "4K", 0, 4096 },
		{ "64KiB", 0, 65536 },
		{ "1kb", 0, 1024 },
		{ "2m", 0, 2097152 },
		{ "1g", 0, 1073741824 },
		{ "1t", 0, 1ULL << 40 },
		{ "512b", 0, 512 },
		{ "0x200", 0, 512 },
		{ "", -EINVAL, 0 },
		{ "k", -EINVAL, 0 },
		{ "-4k", -EINVAL, 0 },
		{ "4kk", -EINVAL, 0 },
		{ "4x", -EINVAL, 0 },
		{ "20000000t", -EINVAL, 0 },
	};
	static const struct parse_case times[] = {
		{ "10", 0, 10000 },
		{ "10s", 0, 10000 },
		{ "250ms", 0, 250 },
		{ "2m", 0, 120000 },
		{ "1h", 0, 3600000 },
		{ "1d", -EINVAL, 0 },
		{ "s", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
	};

	check_parse(cli_iow_parse_bytes, bytes, ARGC(bytes));
	check_parse(cli_iow_parse_time, times, ARGC(times));
}

static void test_distribution(void)
{
	uint16_t w[NVMETEST_IOW_BUCKETS];
	char list[1024];
	unsigned int sum = 0;
	size_t off = 0;

	/* fio's zoned: 60% to the first 10%, 30% to the next 20%, 10% to the rest */
	CU_ASSERT_EQUAL(cli_iow_parse_distribution("zoned:60/10:30/20:10/70", w, unit_err,
						   sizeof(unit_err)), 0);
	for (unsigned int i = 0; i < NVMETEST_IOW_BUCKETS; i++)
		sum += w[i];
	CU_ASSERT_EQUAL(sum, 10000);
	CU_ASSERT_EQUAL(w[0], 600);
	CU_ASSERT_EQUAL(w[9], 600);
	CU_ASSERT_EQUAL(w[10], 150);
	CU_ASSERT_EQUAL(w[29], 150);
	/* 1000 over 70 buckets: 20 of 15, 50 of 14 */
	CU_ASSERT_EQUAL(w[30], 15);
	CU_ASSERT_EQUAL(w[49], 15);
	CU_ASSERT_EQUAL(w[50], 14);
	CU_ASSERT_EQUAL(w[99], 14);
	/* a cold zone may get nothing */
	CU_ASSERT_EQUAL(cli_iow_parse_distribution("zoned:100/50:0/50", w, unit_err, sizeof(unit_err)), 0);
	CU_ASSERT_EQUAL(w[49], 200);
	CU_ASSERT_EQUAL(w[50], 0);

	/* 100 explicit weights */
	for (unsigned int i = 0; i < NVMETEST_IOW_BUCKETS; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%u", i ? "," : "",
					i < 50 ? 190 : 10);
	CU_ASSERT_EQUAL(cli_iow_parse_distribution(list, w, unit_err, sizeof(unit_err)), 0);
	CU_ASSERT_EQUAL(w[0], 190);
	CU_ASSERT_EQUAL(w[99], 10);

	CU_ASSERT_EQUAL(cli_iow_parse_distribution("1,2,3", w, unit_err, sizeof(unit_err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "100 comma separated weights"));
	CU_ASSERT_EQUAL(cli_iow_parse_distribution("zoned:50/50:50/40", w, unit_err, sizeof(unit_err)),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "cover 90%"));
	CU_ASSERT_EQUAL(cli_iow_parse_distribution("zoned:50/60:50/60", w, unit_err, sizeof(unit_err)),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "more than 100%"));
	CU_ASSERT_EQUAL(cli_iow_parse_distribution("zoned:50", w, unit_err, sizeof(unit_err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "not ACCESS/REGION"));
	CU_ASSERT_EQUAL(cli_iow_parse_distribution("zoned:100/0", w, unit_err, sizeof(unit_err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "invalid zone 1"));
}

static void test_replay(void)
{
	struct nvmetest_ioworker_replay *r;
	struct cli_iow_job job;
	char path[] = "/tmp/nvmetest-replay-XXXXXX";
	const char *text = "# time_us opcode slba nlb\n"
			   "0 write 0 8\n"
			   "\n"
			   "100\t0x02\t0x10  8   # a read\n"
			   "250 9 4096 1\r\n"
			   "250 flush 0 1";
	uint32_t nr;
	int fd;

	CU_ASSERT_EQUAL_FATAL(cli_iow_parse_replay(text, &r, &nr, unit_err, sizeof(unit_err)), 0);
	CU_ASSERT_EQUAL_FATAL(nr, 4);
	CU_ASSERT_EQUAL(r[0].time_us, 0);
	CU_ASSERT_EQUAL(r[0].opcode, 0x01);
	CU_ASSERT_EQUAL(r[0].slba, 0);
	CU_ASSERT_EQUAL(r[0].nlb, 8);
	CU_ASSERT_EQUAL(r[1].time_us, 100);
	CU_ASSERT_EQUAL(r[1].opcode, 0x02);
	CU_ASSERT_EQUAL(r[1].slba, 16);
	CU_ASSERT_EQUAL(r[2].opcode, 0x09);
	CU_ASSERT_EQUAL(r[2].slba, 4096);
	CU_ASSERT_EQUAL(r[2].nlb, 1);
	CU_ASSERT_EQUAL(r[3].opcode, 0x00);
	CU_ASSERT_EQUAL(r[3].rsvd[0] | r[3].rsvd[1] | r[3].rsvd[2], 0);
	free(r);

	CU_ASSERT_EQUAL(cli_iow_parse_replay("0 read 0", &r, &nr, unit_err, sizeof(unit_err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "line 1 is not"));
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_EQUAL(cli_iow_parse_replay("0 read 0 8\n1 bogus 0 8\n", &r, &nr, unit_err,
					     sizeof(unit_err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "line 2 is not"));
	CU_ASSERT_EQUAL(cli_iow_parse_replay("0 read 0 8 9\n", &r, &nr, unit_err, sizeof(unit_err)),
			-EINVAL);
	CU_ASSERT_EQUAL(cli_iow_parse_replay("0 read 0 0x100000000\n", &r, &nr, unit_err, sizeof(unit_err)),
			-EINVAL);
	CU_ASSERT_EQUAL(cli_iow_parse_replay("# nothing\n\n", &r, &nr, unit_err, sizeof(unit_err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, "no IO"));

	/* through --replay: the spec points at the entries */
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	{
		char opt[64];

		snprintf(opt, sizeof(opt), "--replay=%s", path);
		CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", opt), 0);
	}
	unlink(path);
	CU_ASSERT_EQUAL(job.nr_replay, 4);
	CU_ASSERT_EQUAL(job.spec.nr_replay, 4);
	CU_ASSERT_EQUAL(job.spec.replay, (uintptr_t)job.replay);
	CU_ASSERT_EQUAL(job.spec.io_count, 0);	/* the replay is the limit */
	CU_ASSERT_EQUAL(job.replay[3].opcode, 0x00);
	cli_iow_job_free(&job);
	CU_ASSERT_PTR_NULL(job.replay);
}

static void test_num2str(void)
{
	static const struct {
		double v;
		unsigned int base;
		const char *out;
	} c[] = {
		{ 7987, 1000, "7987" },
		{ 35123, 1000, "35.1k" },
		{ 351234, 1000, "351k" },
		{ 1234567, 1000, "1235k" },
		{ 32768000, 1024, "31.2Mi" },
		{ 32768000, 1000, "32.8M" },
		{ 0, 1024, "0" },
		{ 5.0 * 1024 * 1024 * 1024, 1024, "5120Mi" },
		{ 50.0 * 1024 * 1024 * 1024, 1024, "50.0Gi" },
	};
	char b[32];
	int i;

	for (i = 0; i < ARGC(c); i++) {
		cli_iow_num2str(b, sizeof(b), c[i].v, c[i].base);
		CU_ASSERT_STRING_EQUAL(b, c[i].out);
		if (strcmp(b, c[i].out))
			fprintf(stderr, "\n  %.0f base %u: got '%s'\n", c[i].v,
				c[i].base, b);
	}
}

/* --- fio's JSON and normal output ------------------------------------------------------ */

/* A finished job: 1000 reads of 4 KiB (1..1000 us) and 10 flushes over 2 s. */
static struct nvmetest_ioworker_report *fake_report(uint32_t id, uint64_t errors)
{
	struct nvmetest_ioworker_report *r = calloc(1, sizeof(*r));
	struct nvmetest_ioworker_result *res;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	res = &r->res;
	r->hist = hist_alloc(NVMETEST_IOW_MAX_OPS);
	r->iops = calloc(2, sizeof(uint32_t));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->iops);
	r->iops[0] = 480;
	r->iops[1] = 530;
	hist_fill_ramp(r->hist, 1000, 1000);
	r->hist[NVMETEST_HIST_BUCKETS + nvmetest_hist_index(5000)] = 10;
	res->id = id;
	res->state = NVMETEST_IOW_DONE;
	res->end_reason = errors ? NVMETEST_IOW_END_ERROR : NVMETEST_IOW_END_COUNT;
	res->nr_seconds = 2;
	res->seconds = 2;
	res->nr_ops = 2;
	res->nsid = 1;
	res->sqid = (uint16_t)id;
	res->cqid = (uint16_t)id;
	res->qdepth = 4;
	res->seed = 0x1234;
	res->elapsed_ns = 2000000000;
	res->cpu_ns = 500000000;
	res->ios = 1010;
	res->bytes = 4096000;
	res->errors = errors;
	res->lbas_verified = 8000;
	res->op[0] = (struct nvmetest_ioworker_opstat){ .opcode = 0x02, .ios = 1000,
		.bytes = 4096000, .errors = errors, .lat_min_ns = 1000, .lat_max_ns = 1000000,
		.lat_sum_ns = 500500000 };
	res->op[1] = (struct nvmetest_ioworker_opstat){ .opcode = 0x00, .ios = 10,
		.lat_min_ns = 5000, .lat_max_ns = 5000, .lat_sum_ns = 50000 };
	if (errors) {
		res->err_opcode = 0x02;
		res->err_slba = 800;
		res->err_nlb = 8;
		res->err_status = 0x281;
		res->err_cid = 3;
		res->err_seq = 17;
	}
	return r;
}

static const char *const pct_keys[NVMETEST_FIO_NR_PERCENTILES] = {
	"1.000000", "5.000000", "10.000000", "20.000000", "30.000000", "40.000000",
	"50.000000", "60.000000", "70.000000", "80.000000", "90.000000", "95.000000",
	"99.000000", "99.500000", "99.900000", "99.950000", "99.990000",
};

/* fio's read object of the fake job, @jobs of them merged */
static void check_read(struct json_object *rd, unsigned int jobs)
{
	struct json_object *clat = unit_json_get(rd, "clat_ns");
	struct json_object *p = unit_json_get(clat, "percentile");
	int64_t prev = 0;

	CU_ASSERT_EQUAL(unit_json_int(rd, "io_bytes"), 4096000LL * jobs);
	CU_ASSERT_EQUAL(unit_json_int(rd, "io_kbytes"), 4000LL * jobs);
	CU_ASSERT_EQUAL(unit_json_int(rd, "bw_bytes"), 2048000LL * jobs);
	CU_ASSERT_EQUAL(unit_json_int(rd, "bw"), 2000LL * jobs);
	CU_ASSERT_DOUBLE_EQUAL(unit_json_double(rd, "iops"), 500.0 * jobs, 1e-6);
	CU_ASSERT_EQUAL(unit_json_int(rd, "runtime"), 2000);
	CU_ASSERT_EQUAL(unit_json_int(rd, "total_ios"), 1000LL * jobs);
	CU_ASSERT_EQUAL(unit_json_int(rd, "short_ios"), 0);
	CU_ASSERT_EQUAL(unit_json_int(rd, "drop_ios"), 0);
	CU_ASSERT_EQUAL(unit_json_int(clat, "min"), 1000);
	CU_ASSERT_EQUAL(unit_json_int(clat, "max"), 1000000);
	CU_ASSERT_DOUBLE_EQUAL(unit_json_double(clat, "mean"), 500500.0, 1e-6);
	CU_ASSERT_EQUAL(unit_json_int(clat, "N"), 1000LL * jobs);
	/* a ramp 1..1000 us: stddev 288.7 us within the histogram's precision */
	CU_ASSERT(fabs(unit_json_double(clat, "stddev") - 288675.0) < 3000.0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(json_object_object_length(p), NVMETEST_FIO_NR_PERCENTILES);
	for (unsigned int i = 0; i < NVMETEST_FIO_NR_PERCENTILES; i++) {
		int64_t v = unit_json_int(p, pct_keys[i]);

		CU_ASSERT(v >= prev);
		prev = v;
	}
	CU_ASSERT_EQUAL(unit_json_int(p, "50.000000"), (int64_t)nvmetest_hist_value(
				nvmetest_hist_index(500000)));
	CU_ASSERT_EQUAL(unit_json_int(p, "99.000000"), (int64_t)nvmetest_hist_value(
				nvmetest_hist_index(990000)));
	CU_ASSERT_EQUAL(unit_json_int(p, "99.990000"), (int64_t)nvmetest_hist_value(
				nvmetest_hist_index(1000000)));
}

static void check_empty_dir(struct json_object *d)
{
	struct json_object *clat = unit_json_get(d, "clat_ns"), *p = NULL;

	CU_ASSERT_EQUAL(unit_json_int(d, "total_ios"), 0);
	CU_ASSERT_EQUAL(unit_json_int(d, "io_bytes"), 0);
	CU_ASSERT_EQUAL(unit_json_int(d, "bw"), 0);
	CU_ASSERT_EQUAL(unit_json_double(d, "iops"), 0.0);
	CU_ASSERT_EQUAL(unit_json_int(d, "runtime"), 0);
	CU_ASSERT_EQUAL(unit_json_int(clat, "N"), 0);
	CU_ASSERT_EQUAL(unit_json_int(clat, "min"), 0);
	CU_ASSERT_FALSE(json_object_object_get_ex(clat, "percentile", &p));
}

static void test_json(void)
{
	struct nvmetest_ioworker_report *r[2] = { fake_report(1, 0), fake_report(2, 3) };
	struct json_object *o, *jobs, *j, *x, *ops, *fe, *opt;
	struct cli_iow_job job;

	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--name=fake", "--rw=randread",
				    "--iodepth=4", "--number_ios=1000", "--polled", "-o", "json"), 0);

	/* one job */
	o = unit_json_reparse(cli_iow_json(&job, r, 1));
	jobs = unit_json_get(o, "jobs");
	CU_ASSERT_FATAL(jobs && json_object_is_type(jobs, json_type_array));
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(jobs), 1);
	CU_ASSERT_PTR_NOT_NULL(unit_json_get(o, "nvmetest version"));
	CU_ASSERT(unit_json_int(o, "timestamp") > 0);
	CU_ASSERT_FALSE(json_object_object_get_ex(o, "group", &x));
	j = json_object_array_get_idx(jobs, 0);
	CU_ASSERT_STRING_EQUAL(unit_json_str(j, "jobname"), "fake");
	CU_ASSERT_EQUAL(unit_json_int(j, "groupid"), 0);
	CU_ASSERT_EQUAL(unit_json_int(j, "error"), 0);
	CU_ASSERT_EQUAL(unit_json_int(j, "job_runtime"), 2000);
	CU_ASSERT_DOUBLE_EQUAL(unit_json_double(j, "sys_cpu"), 25.0, 1e-9);
	CU_ASSERT_EQUAL(unit_json_double(j, "usr_cpu"), 0.0);
	CU_ASSERT_EQUAL(unit_json_int(j, "iops_min"), 480);
	CU_ASSERT_EQUAL(unit_json_int(j, "iops_max"), 530);
	CU_ASSERT_DOUBLE_EQUAL(unit_json_double(j, "iops_mean"), 505.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(unit_json_double(j, "iops_stddev"), 25.0, 1e-9);
	CU_ASSERT_EQUAL(unit_json_int(j, "iops_samples"), 2);
	opt = unit_json_get(j, "job options");
	CU_ASSERT_STRING_EQUAL(unit_json_str(opt, "name"), "fake");
	CU_ASSERT_STRING_EQUAL(unit_json_str(opt, "rw"), "randread");
	CU_ASSERT_STRING_EQUAL(unit_json_str(opt, "iodepth"), "4");
	CU_ASSERT_STRING_EQUAL(unit_json_str(opt, "number_ios"), "1000");
	CU_ASSERT_STRING_EQUAL(unit_json_str(opt, "polled"), "1");
	CU_ASSERT_FALSE(json_object_object_get_ex(opt, "output-format", &x));
	check_read(unit_json_get(j, "read"), 1);
	check_empty_dir(unit_json_get(j, "write"));
	check_empty_dir(unit_json_get(j, "trim"));
	x = unit_json_get(j, "nvmetest");
	CU_ASSERT_EQUAL(unit_json_int(x, "id"), 1);
	CU_ASSERT_EQUAL(unit_json_int(x, "sqid"), 1);
	CU_ASSERT_EQUAL(unit_json_int(x, "cqid"), 1);
	CU_ASSERT_EQUAL(unit_json_int(x, "seed"), 0x1234);
	CU_ASSERT_EQUAL(unit_json_int(x, "qdepth"), 4);
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "end_reason"), "count");
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "state"), "done");
	CU_ASSERT_EQUAL(unit_json_int(x, "ios"), 1010);
	CU_ASSERT_EQUAL(unit_json_int(x, "errors"), 0);
	CU_ASSERT_EQUAL(unit_json_int(x, "cpu_ns"), 500000000);
	CU_ASSERT_EQUAL(unit_json_int(x, "verify/lbas_verified"), 8000);
	CU_ASSERT_EQUAL(unit_json_int(x, "verify/failures"), 0);
	CU_ASSERT_TRUE(json_object_object_get_ex(x, "first_error", &fe));
	CU_ASSERT_PTR_NULL(fe);
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(x, "iops_per_sec")), 2);
	CU_ASSERT_EQUAL(unit_json_int(x, "iops_per_sec/1"), 530);
	ops = unit_json_get(x, "ops");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(ops), 2);
	CU_ASSERT_STRING_EQUAL(unit_json_str(ops, "0/direction"), "read");
	CU_ASSERT_STRING_EQUAL(unit_json_str(ops, "1/name"), "Flush");
	CU_ASSERT_STRING_EQUAL(unit_json_str(ops, "1/direction"), "none");
	CU_ASSERT_EQUAL(unit_json_int(ops, "1/total_ios"), 10);
	CU_ASSERT_EQUAL(unit_json_int(ops, "1/clat_ns/percentile/50.000000"),
			(int64_t)nvmetest_hist_value(nvmetest_hist_index(5000)));
	x = unit_json_get(x, "spec");
	CU_ASSERT_EQUAL(unit_json_int(x, "qdepth"), 4);
	CU_ASSERT_EQUAL(unit_json_int(x, "random_pct"), 100);
	CU_ASSERT_EQUAL(unit_json_int(x, "io_count"), 1000);
	CU_ASSERT_EQUAL(unit_json_int(x, "lba_size"), 512);
	CU_ASSERT_EQUAL(json_object_get_boolean(unit_json_get(x, "polled")), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "ops/0/name"), "Read");
	CU_ASSERT_EQUAL(unit_json_int(x, "sizes/0/bytes"), 4096);
	json_object_put(o);

	/* two jobs: each, and the group with merged histograms */
	o = unit_json_reparse(cli_iow_json(&job, r, 2));
	jobs = unit_json_get(o, "jobs");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(jobs), 2);
	j = json_object_array_get_idx(jobs, 1);
	CU_ASSERT_EQUAL(unit_json_int(j, "error"), EIO);
	fe = unit_json_get(j, "nvmetest/first_error");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fe);
	CU_ASSERT_EQUAL(unit_json_int(fe, "slba"), 800);
	CU_ASSERT_EQUAL(unit_json_int(fe, "nlb"), 8);
	CU_ASSERT_EQUAL(unit_json_int(fe, "status"), 0x281);
	CU_ASSERT_STRING_EQUAL(unit_json_str(fe, "status_name"), nvmetest_status_name(0x281));
	CU_ASSERT_STRING_EQUAL(unit_json_str(fe, "name"), "Read");
	CU_ASSERT_STRING_EQUAL(unit_json_str(fe, "host_status_name"), "OK");
	CU_ASSERT_EQUAL(unit_json_int(j, "read/errors"), 3);
	x = unit_json_get(o, "group");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	check_read(unit_json_get(x, "read"), 2);
	CU_ASSERT_EQUAL(unit_json_int(x, "nvmetest/jobs"), 2);
	CU_ASSERT_EQUAL(unit_json_int(x, "nvmetest/errors"), 3);
	CU_ASSERT_EQUAL(unit_json_int(x, "nvmetest/iops_per_sec/0"), 960);
	CU_ASSERT_EQUAL(unit_json_int(x, "error"), EIO);
	json_object_put(o);

	/* --group_reporting: the group is jobs[0], as fio's */
	job.group = true;
	o = unit_json_reparse(cli_iow_json(&job, r, 2));
	jobs = unit_json_get(o, "jobs");
	CU_ASSERT_EQUAL_FATAL(json_object_array_length(jobs), 1);
	check_read(unit_json_get(jobs, "0/read"), 2);
	CU_ASSERT_FALSE(json_object_object_get_ex(o, "group", &x));
	json_object_put(o);

	/* 2.5 s with 3 seconds recorded: the partial third is no sample */
	r[0]->res.elapsed_ns = 2500000000;
	r[0]->iops = realloc(r[0]->iops, 3 * sizeof(uint32_t));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r[0]->iops);
	r[0]->iops[2] = 7;
	r[0]->res.nr_seconds = 3;
	job.group = false;
	o = unit_json_reparse(cli_iow_json(&job, r, 1));
	j = unit_json_get(o, "jobs/0");
	CU_ASSERT_EQUAL(unit_json_int(j, "iops_samples"), 2);
	CU_ASSERT_EQUAL(unit_json_int(j, "iops_min"), 480);
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(j, "nvmetest/iops_per_sec")), 3);
	json_object_put(o);

	cli_iow_job_free(&job);
	nvmetest_ioworker_report_free(r[0]);
	nvmetest_ioworker_report_free(r[1]);
}

static void test_normal(void)
{
	struct nvmetest_ioworker_report *r[2] = { fake_report(1, 0), fake_report(2, 3) };
	struct cli_iow_job job;
	const char *out;
	char want[256];

	CU_ASSERT_EQUAL_FATAL(BUILD(&job, "ioworker", "nvmetest0", "--name=fake"), 0);
	capture_begin();
	CU_ASSERT_EQUAL(cli_iow_print(stdout, &job, r, 2), 0);
	out = capture_end();
	if (getenv("UNIT_SHOW"))
		fputs(out, stderr);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "fake: (groupid=0, jobs=1): err= 0: id=1 sqid=1 cqid=1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "fake: (groupid=0, jobs=2): err= 5: all jobs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  read: IOPS=500, BW=2000KiB/s (2048kB/s)(4000KiB/2000msec)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  read: IOPS=1000, BW=4000KiB/s (4096kB/s)(8000KiB/2000msec)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "    clat (nsec): min=1000, max=1000000, avg=500500.00, stdev="));
	/* fio's layout: four a line, in usec (rounded up), width of the largest */
	snprintf(want, sizeof(want),
		 "    clat percentiles (usec):\n     |  1.00th=[%5llu],  5.00th=[%5llu], 10.00th=[%5llu], 20.00th=[%5llu],\n",
		 (unsigned long long)(nvmetest_hist_value(nvmetest_hist_index(10000)) + 999) / 1000,
		 (unsigned long long)(nvmetest_hist_value(nvmetest_hist_index(50000)) + 999) / 1000,
		 (unsigned long long)(nvmetest_hist_value(nvmetest_hist_index(100000)) + 999) / 1000,
		 (unsigned long long)(nvmetest_hist_value(nvmetest_hist_index(200000)) + 999) / 1000);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
	snprintf(want, sizeof(want), "     | 99.99th=[%5llu]\n",
		 (unsigned long long)(nvmetest_hist_value(nvmetest_hist_index(1000000)) + 999) / 1000);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  Flush (0x00): ios=10, errors=0, clat avg=5000 nsec\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "   iops        : min=480, max=530, avg=505.00, stdev=25.00, samples=2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  cpu          : usr=0.00%, sys=25.00%\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  first error  : Read (0x02) LBA 800 blocks 8: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(0x281), cid 3, cmdlog seq 17"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  verify       : 8000 LBAs verified, 0 failures\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  end          : count\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  end          : error\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nRun status group 0 (all jobs):\n"
				      "   READ: bw=4000KiB/s (4096kB/s), 2000KiB/s-2000KiB/s, io=8000KiB (8192kB), run=2000-2000msec\n"));
	CU_ASSERT_PTR_NULL(strstr(out, "WRITE:"));
	cli_iow_job_free(&job);
	nvmetest_ioworker_report_free(r[0]);
	nvmetest_ioworker_report_free(r[1]);
}

static CU_TestInfo lib_tests[] = {
	{ "field, end and direction names", test_names },
	{ "no IOWorker capability", test_no_capability },
	{ "percentiles and stddev of histograms", test_percentiles },
	{ "directions, merges and rates", test_stats },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cli_tests[] = {
	{ "defaults", test_parse_defaults },
	{ "every option into the spec", test_parse_all },
	{ "bad options", test_parse_errors },
	{ "sizes and times", test_sizes_times },
	{ "LBA distribution", test_distribution },
	{ "replay files", test_replay },
	{ "fio's number format", test_num2str },
	{ "fio JSON of synthetic results", test_json },
	{ "fio normal output", test_normal },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return unit_run_lib_cli("IOWorker library", lib_tests, "ioworker CLI", cli_tests);
}
