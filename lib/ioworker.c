// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOWorkers: IOWORKER_START, STOP, WAIT, RESULT and LIST, the report that
 * bundles a result with its histograms, fio's directions and the numbers
 * derived from a result (IOPS, bandwidth, mean latency), and the latency
 * histogram helpers over core/hist.c (compiled into the library).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hist.h"
#include "private.h"

static int need_ioworker(struct nvmetest_dev *dev)
{
	return nvmt_need_cap(dev, NVMETEST_INFO_CAP_IOWORKER, "IOWorkers",
			     "1.4 with NVMETEST_INFO_CAP_IOWORKER");
}

/* The common errnos of the IOWORKER ioctls, with the worker named. */
static int iow_err(struct nvmetest_dev *dev, int ret, uint32_t id, const char *what)
{
	if (ret == -ENOENT && id)
		nvmt_set_error("%s: %s: no worker %u on this file descriptor", dev->path, what, id);
	else if (ret == -EBUSY && id)
		nvmt_set_error("%s: %s: worker %u is still running", dev->path, what, id);
	return ret;
}

static const char *const field_names[] = {
	[NVMETEST_IOW_FIELD_NONE] = "none",
	[NVMETEST_IOW_FIELD_NSID] = "nsid",
	[NVMETEST_IOW_FIELD_FLAGS] = "flags",
	[NVMETEST_IOW_FIELD_QID] = "qid",
	[NVMETEST_IOW_FIELD_VECTOR] = "vector",
	[NVMETEST_IOW_FIELD_QDEPTH] = "qdepth",
	[NVMETEST_IOW_FIELD_CPU] = "cpu",
	[NVMETEST_IOW_FIELD_REGION] = "region",
	[NVMETEST_IOW_FIELD_LBA_START] = "lba_start",
	[NVMETEST_IOW_FIELD_LBA_STEP] = "lba_step",
	[NVMETEST_IOW_FIELD_LBA_ALIGN] = "lba_align",
	[NVMETEST_IOW_FIELD_RANDOM_PCT] = "random_pct",
	[NVMETEST_IOW_FIELD_SIZES] = "sizes",
	[NVMETEST_IOW_FIELD_OPS] = "ops",
	[NVMETEST_IOW_FIELD_DISTRIBUTION] = "distribution",
	[NVMETEST_IOW_FIELD_PATTERN] = "pattern",
	[NVMETEST_IOW_FIELD_LIMITS] = "limits",
	[NVMETEST_IOW_FIELD_REPLAY] = "replay",
	[NVMETEST_IOW_FIELD_TIMEOUT] = "timeout",
	[NVMETEST_IOW_FIELD_RSVD] = "rsvd",
};

const char *nvmetest_ioworker_field_name(uint32_t field)
{
	return NVMT_NAME(field_names, field, "unknown");
}

static const char *const end_names[] = {
	[NVMETEST_IOW_END_NONE] = "running",
	[NVMETEST_IOW_END_COUNT] = "count",
	[NVMETEST_IOW_END_TIME] = "time",
	[NVMETEST_IOW_END_REPLAY] = "replay",
	[NVMETEST_IOW_END_STOPPED] = "stopped",
	[NVMETEST_IOW_END_ERROR] = "error",
	[NVMETEST_IOW_END_RESET] = "reset",
	[NVMETEST_IOW_END_REMOVED] = "removed",
	[NVMETEST_IOW_END_FAILED] = "failed",
	[NVMETEST_IOW_END_PCI_RESET] = "pci-reset",
};

const char *nvmetest_ioworker_end_name(uint32_t reason)
{
	return NVMT_NAME(end_names, reason, "unknown");
}

bool nvmetest_ioworker_end_failed(uint32_t reason)
{
	return reason == NVMETEST_IOW_END_ERROR || reason == NVMETEST_IOW_END_RESET ||
	       reason == NVMETEST_IOW_END_REMOVED || reason == NVMETEST_IOW_END_FAILED ||
	       reason == NVMETEST_IOW_END_PCI_RESET;
}

int nvmetest_ioworker_start(struct nvmetest_dev *dev, struct nvmetest_ioworker_spec *spec)
{
	int ret;

	nvmt_clear_error();
	ret = need_ioworker(dev);
	if (ret)
		return ret;
	spec->bad_field = NVMETEST_IOW_FIELD_NONE;
	spec->id = 0;
	spec->sqid = 0;
	spec->cqid = 0;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IOWORKER_START, spec, "ioworker start");
	if (ret == -EINVAL && spec->bad_field != NVMETEST_IOW_FIELD_NONE)
		nvmt_set_error("%s: ioworker start: invalid spec: %s", dev->path,
			       nvmetest_ioworker_field_name(spec->bad_field));
	else if (ret == -ENXIO)
		nvmt_set_error("%s: ioworker start: the controller is not enabled (nvmetest init)",
			       dev->path);
	else if (ret == -ENOENT)
		nvmt_set_error("%s: ioworker start: no active namespace %u (nvmetest namespaces)",
			       dev->path, spec->nsid);
	else if (ret == -ENOSPC)
		nvmt_set_error("%s: ioworker start: this file has %u workers already (release some)",
			       dev->path, NVMETEST_IOW_MAX_PER_FILE);
	else if (ret > 0)
		nvmt_set_error("%s: ioworker start: creating its queues failed: %s (0x%x)",
			       dev->path, nvmetest_status_name((uint16_t)ret), ret);
	return ret;
}

static int iow_ctl(struct nvmetest_dev *dev, unsigned long req, uint32_t id, uint32_t timeout_ms,
		   uint32_t *running, const char *what)
{
	struct nvmetest_ioworker_ctl c = { .id = id, .timeout_ms = timeout_ms };
	int ret;

	nvmt_clear_error();
	ret = need_ioworker(dev);
	if (ret)
		return ret;
	ret = nvmt_ioctl(dev, req, &c, what);
	if (running)
		*running = c.running;
	return iow_err(dev, ret, id, what);
}

int nvmetest_ioworker_stop(struct nvmetest_dev *dev, uint32_t id)
{
	return iow_ctl(dev, NVMETEST_IOC_IOWORKER_STOP, id, 0, NULL, "ioworker stop");
}

int nvmetest_ioworker_wait(struct nvmetest_dev *dev, uint32_t id, uint32_t timeout_ms,
			   uint32_t *running)
{
	return iow_ctl(dev, NVMETEST_IOC_IOWORKER_WAIT, id, timeout_ms, running, "ioworker wait");
}

int nvmetest_ioworker_result(struct nvmetest_dev *dev, uint32_t id,
			     struct nvmetest_ioworker_result *res, uint64_t *hist,
			     uint32_t *iops, uint32_t nr_seconds, uint32_t flags)
{
	int ret;

	nvmt_clear_error();
	ret = need_ioworker(dev);
	if (ret)
		return ret;
	if (flags & ~NVMETEST_IOW_RESULT_RELEASE)
		return nvmt_fail(-EINVAL, "%s: ioworker result: unknown flags 0x%x", dev->path,
				 flags & ~NVMETEST_IOW_RESULT_RELEASE);
	memset(res, 0, sizeof(*res));
	res->id = id;
	res->flags_in = flags;
	res->hist = (uintptr_t)hist;
	res->iops = (uintptr_t)iops;
	res->nr_seconds = iops ? nr_seconds : 0;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IOWORKER_RESULT, res, "ioworker result");
	return iow_err(dev, ret, id, "ioworker result");
}

int nvmetest_ioworker_release(struct nvmetest_dev *dev, uint32_t id)
{
	struct nvmetest_ioworker_result res;

	return nvmetest_ioworker_result(dev, id, &res, NULL, NULL, 0,
					NVMETEST_IOW_RESULT_RELEASE);
}

int nvmetest_ioworker_list(struct nvmetest_dev *dev, uint32_t *ids, uint32_t *count,
			   uint32_t *total, uint32_t *running)
{
	struct nvmetest_ioworker_list l = {
		.ids = (uintptr_t)ids, .count = ids && count ? *count : 0,
	};
	int ret;

	nvmt_clear_error();
	ret = need_ioworker(dev);
	if (ret)
		return ret;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IOWORKER_LIST, &l, "ioworker list");
	if (ret)
		return ret;
	if (count)
		*count = ids ? l.count : 0;
	if (total)
		*total = l.total;
	if (running)
		*running = l.running;
	return 0;
}

void nvmetest_ioworker_report_free(struct nvmetest_ioworker_report *r)
{
	if (!r)
		return;
	free(r->hist);
	free(r->iops);
	free(r);
}

int nvmetest_ioworker_report(struct nvmetest_dev *dev, uint32_t id, uint32_t flags,
			     struct nvmetest_ioworker_report **rp)
{
	struct nvmetest_ioworker_report *r;
	uint32_t nr;
	int ret;

	*rp = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	/* first the length of the run, without releasing anything */
	ret = nvmetest_ioworker_result(dev, id, &r->res, NULL, NULL, 0, 0);
	if (ret)
		goto out_free;
	/* a running worker may add seconds between the two calls */
	nr = r->res.seconds + 2;
	r->hist = calloc((size_t)NVMETEST_IOW_MAX_OPS * NVMETEST_HIST_BUCKETS, sizeof(uint64_t));
	r->iops = calloc(nr, sizeof(uint32_t));
	if (!r->hist || !r->iops) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = nvmetest_ioworker_result(dev, id, &r->res, r->hist, r->iops, nr, flags);
	if (ret)
		goto out_free;
	*rp = r;
	return 0;

out_free:
	nvmetest_ioworker_report_free(r);
	return ret;
}

enum nvmetest_iow_dir nvmetest_ioworker_dir(uint8_t opcode)
{
	switch (opcode) {
	case 0x02:
		return NVMETEST_IOW_DIR_READ;
	case 0x01:
		return NVMETEST_IOW_DIR_WRITE;
	case 0x09:
		return NVMETEST_IOW_DIR_TRIM;
	default:
		return NVMETEST_IOW_DIR_NONE;
	}
}

const char *nvmetest_ioworker_dir_name(enum nvmetest_iow_dir dir)
{
	switch (dir) {
	case NVMETEST_IOW_DIR_READ:
		return "read";
	case NVMETEST_IOW_DIR_WRITE:
		return "write";
	case NVMETEST_IOW_DIR_TRIM:
		return "trim";
	default:
		return "none";
	}
}

/* Latencies of @src_ios IOs into @s, which has @s->ios before them. */
static void stat_lat(struct nvmetest_ioworker_stat *s, uint64_t src_ios, uint64_t min,
		     uint64_t max, uint64_t sum)
{
	if (!src_ios)
		return;
	if (!s->ios || min < s->lat_min_ns)
		s->lat_min_ns = min;
	if (!s->ios || max > s->lat_max_ns)
		s->lat_max_ns = max;
	s->lat_sum_ns += sum;
}

void nvmetest_ioworker_stat_add_op(struct nvmetest_ioworker_stat *s,
				   const struct nvmetest_ioworker_opstat *op,
				   const uint64_t *hist, uint64_t elapsed_ns)
{
	stat_lat(s, op->ios, op->lat_min_ns, op->lat_max_ns, op->lat_sum_ns);
	s->ios += op->ios;
	s->bytes += op->bytes;
	s->errors += op->errors;
	if (elapsed_ns > s->elapsed_ns)
		s->elapsed_ns = elapsed_ns;
	if (s->hist && hist)
		nvmt_hist_merge(s->hist, hist);
}

void nvmetest_ioworker_stat_add(struct nvmetest_ioworker_stat *dst,
				const struct nvmetest_ioworker_stat *src)
{
	stat_lat(dst, src->ios, src->lat_min_ns, src->lat_max_ns, src->lat_sum_ns);
	dst->ios += src->ios;
	dst->bytes += src->bytes;
	dst->errors += src->errors;
	if (src->elapsed_ns > dst->elapsed_ns)
		dst->elapsed_ns = src->elapsed_ns;
	if (dst->hist && src->hist)
		nvmt_hist_merge(dst->hist, src->hist);
}

void nvmetest_ioworker_dir_stat(const struct nvmetest_ioworker_report *r,
				enum nvmetest_iow_dir dir, struct nvmetest_ioworker_stat *s)
{
	uint64_t *hist = s->hist;
	uint32_t nr = r->res.nr_ops;

	memset(s, 0, sizeof(*s));
	s->hist = hist;
	if (hist)
		memset(hist, 0, NVMETEST_HIST_BUCKETS * sizeof(*hist));
	s->elapsed_ns = r->res.elapsed_ns;
	if (nr > NVMETEST_IOW_MAX_OPS)
		nr = NVMETEST_IOW_MAX_OPS;
	for (uint32_t i = 0; i < nr; i++) {
		const struct nvmetest_ioworker_opstat *op = &r->res.op[i];

		if (nvmetest_ioworker_dir(op->opcode) != dir)
			continue;
		nvmetest_ioworker_stat_add_op(s, op,
					      r->hist ? r->hist + (size_t)i * NVMETEST_HIST_BUCKETS : NULL,
					      r->res.elapsed_ns);
	}
}

double nvmetest_ioworker_iops(uint64_t ios, uint64_t elapsed_ns)
{
	return elapsed_ns ? (double)ios * 1e9 / (double)elapsed_ns : 0.0;
}

uint64_t nvmetest_ioworker_bw(uint64_t bytes, uint64_t elapsed_ns)
{
	/* 128-bit: bytes * 10^9 overflows 64 bits past 18 GB */
	return elapsed_ns ? (uint64_t)((unsigned __int128)bytes * 1000000000u / elapsed_ns) : 0;
}

double nvmetest_ioworker_lat_mean(const struct nvmetest_ioworker_stat *s)
{
	return s->ios ? (double)s->lat_sum_ns / (double)s->ios : 0.0;
}

/* fio's default percentile list (fio's def_percentile_list), in millionths */
static const uint32_t fio_ppm[NVMETEST_FIO_NR_PERCENTILES] = {
	10000, 50000, 100000, 200000, 300000, 400000, 500000, 600000, 700000,
	800000, 900000, 950000, 990000, 995000, 999000, 999500, 999900,
};

const uint32_t *nvmetest_fio_percentiles(void)
{
	return fio_ppm;
}

unsigned int nvmetest_hist_index(uint64_t ns)
{
	return nvmt_hist_index(ns);
}

uint64_t nvmetest_hist_value(unsigned int idx)
{
	if (idx >= NVMETEST_HIST_BUCKETS)
		idx = NVMETEST_HIST_BUCKETS - 1;
	return nvmt_hist_bucket_value(idx);
}

void nvmetest_hist_merge(uint64_t *dst, const uint64_t *src)
{
	nvmt_hist_merge(dst, src);
}

uint64_t nvmetest_hist_total(const uint64_t *hist)
{
	return nvmt_hist_total(hist);
}

uint64_t nvmetest_hist_percentiles(const uint64_t *hist, const uint32_t *ppm,
				   unsigned int n, uint64_t *out)
{
	return nvmt_hist_percentiles(hist, ppm, n, out);
}

double nvmetest_hist_stddev(const uint64_t *hist)
{
	double sum = 0, sq = 0, mean, var;
	uint64_t n = 0;

	for (unsigned int i = 0; i < NVMETEST_HIST_BUCKETS; i++) {
		double v;

		if (!hist[i])
			continue;
		v = (double)nvmt_hist_bucket_value(i);
		n += hist[i];
		sum += v * (double)hist[i];
	}
	if (n < 2)
		return 0.0;
	mean = sum / (double)n;
	/* two passes: the one-pass formula loses everything to cancellation */
	for (unsigned int i = 0; i < NVMETEST_HIST_BUCKETS; i++) {
		double d;

		if (!hist[i])
			continue;
		d = (double)nvmt_hist_bucket_value(i) - mean;
		sq += d * d * (double)hist[i];
	}
	var = sq / (double)n;
	return sqrt(var);
}
