/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Latency histogram and percentiles: the interface of core/hist.c,
 * fio's log-linear scheme (NVMETEST_HIST_* in the uapi header). Pure C
 * shared by the kernel module (which fills histograms) and libnvmetest
 * (which merges them and reads percentiles); no floating point, no
 * division in nvmt_hist_index().
 */
#ifndef NVMT_CORE_HIST_H
#define NVMT_CORE_HIST_H

#include "types.h"

#include <linux/nvmetest.h>

#define NVMT_HIST_BUCKETS	NVMETEST_HIST_BUCKETS

/* The bucket of a value in nanoseconds (values past the last go to it). */
unsigned int nvmt_hist_index(u64 ns);

/* The lowest value of bucket @idx, and the value a percentile reports for
 * it (the bucket's midpoint, as fio's plat_idx_to_val()). */
u64 nvmt_hist_bucket_low(unsigned int idx);
u64 nvmt_hist_bucket_value(unsigned int idx);

/* dst[i] += src[i] for every bucket. */
void nvmt_hist_merge(u64 *dst, const u64 *src);

/* Sum of the buckets. */
u64 nvmt_hist_total(const u64 *hist);

/*
 * Percentiles, fio's way: for each of @n wanted percentiles, given in
 * millionths (99.99% = 999900, 100% = 1000000), the value of the bucket
 * holding the sample of rank ceil(total * p / 1000000) (at least 1).
 * @ppm must be ascending. Writes @n values to @out; with an empty
 * histogram every value is 0. Returns the histogram's total.
 */
u64 nvmt_hist_percentiles(const u64 *hist, const u32 *ppm, unsigned int n,
			  u64 *out);

#endif /* NVMT_CORE_HIST_H */
