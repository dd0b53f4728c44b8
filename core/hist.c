// SPDX-License-Identifier: GPL-2.0-only
/*
 * Latency histogram in fio's log-linear layout (fio stat.c,
 * FIO_IO_U_PLAT_BITS 6, FIO_IO_U_PLAT_GROUPS 29) and its percentiles.
 * Pure integer logic shared by the kernel module, which fills one
 * histogram per op entry of an IOWorker, and libnvmetest, which merges
 * them and reports percentiles.
 *
 * Layout: values below 2^(BITS+1) have a bucket each (group 0 and 1).
 * From there on, group g >= 1 covers [2^(g+BITS-1), 2^(g+BITS)) in 2^BITS
 * equal buckets of 2^(g-1) ns each, so bucket width / value <= 1/2^BITS.
 * Values from 2^(GROUPS+BITS-1) on land in the last bucket.
 */
#include "hist.h"

#define HIST_BITS	NVMETEST_HIST_BITS
#define HIST_VAL	(1u << HIST_BITS)	/* buckets per group */

/* Index of the most significant set bit of @v, which is not 0. */
static unsigned int hist_msb(u64 v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

/**
 * nvmt_hist_index - the bucket of a latency
 * @ns: the value, in nanoseconds
 *
 * Return: 0 .. NVMT_HIST_BUCKETS - 1; values past the range go to the last.
 */
unsigned int nvmt_hist_index(u64 ns)
{
	unsigned int msb, error_bits, idx;

	/* Below 2^(BITS+1) every value is exact. */
	if (ns < 2 * HIST_VAL)
		return (unsigned int)ns;
	msb = hist_msb(ns);
	error_bits = msb - HIST_BITS;
	if (error_bits + 1 >= NVMETEST_HIST_GROUPS)
		return NVMT_HIST_BUCKETS - 1;
	/* Group error_bits + 1, offset from the BITS bits below the MSB. */
	idx = ((error_bits + 1) << HIST_BITS) +
	      ((unsigned int)(ns >> error_bits) & (HIST_VAL - 1));
	return idx;
}

/**
 * nvmt_hist_bucket_low - the smallest value that lands in bucket @idx
 * @idx: bucket index, < NVMT_HIST_BUCKETS
 */
u64 nvmt_hist_bucket_low(unsigned int idx)
{
	unsigned int error_bits;

	if (idx < 2 * HIST_VAL)
		return idx;
	error_bits = (idx >> HIST_BITS) - 1;
	return ((u64)1 << (error_bits + HIST_BITS)) +
	       ((u64)(idx & (HIST_VAL - 1)) << error_bits);
}

/**
 * nvmt_hist_bucket_value - the value reported for bucket @idx
 * @idx: bucket index, < NVMT_HIST_BUCKETS
 *
 * The bucket's midpoint, as fio's plat_idx_to_val(): exact for the
 * buckets of width 1, low + width / 2 for the others (width >= 2 there,
 * so the half is an integer).
 */
u64 nvmt_hist_bucket_value(unsigned int idx)
{
	unsigned int error_bits;

	if (idx < 2 * HIST_VAL)
		return idx;
	error_bits = (idx >> HIST_BITS) - 1;
	return nvmt_hist_bucket_low(idx) + ((u64)1 << (error_bits - 1));
}

void nvmt_hist_merge(u64 *dst, const u64 *src)
{
	unsigned int i;

	for (i = 0; i < NVMT_HIST_BUCKETS; i++)
		dst[i] += src[i];
}

u64 nvmt_hist_total(const u64 *hist)
{
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < NVMT_HIST_BUCKETS; i++)
		total += hist[i];
	return total;
}

/*
 * ceil(total * ppm / 10^6) without overflowing 64 bits: with
 * total = q * 10^6 + r, it is q * ppm + ceil(r * ppm / 10^6), where
 * q * ppm <= total and r * ppm < 10^12.
 */
static u64 hist_rank(u64 total, u32 ppm)
{
	u64 q = total / 1000000, r = total % 1000000;
	u64 rank;

	if (ppm > 1000000)
		ppm = 1000000;
	rank = q * ppm + (r * ppm + 999999) / 1000000;
	return rank ? rank : 1;
}

/**
 * nvmt_hist_percentiles - percentiles of a histogram, fio's way
 * @hist: NVMT_HIST_BUCKETS counts
 * @ppm: @n wanted percentiles in millionths, ascending (values above
 *	10^6 count as 10^6)
 * @n: number of percentiles
 * @out: @n values: for each, the value of the bucket that holds the sample
 *	of rank ceil(total * ppm / 10^6), at least 1; 0 when @hist is empty
 *
 * One pass over the buckets for all percentiles.
 * Return: the histogram's total.
 */
u64 nvmt_hist_percentiles(const u64 *hist, const u32 *ppm, unsigned int n,
			  u64 *out)
{
	u64 total = nvmt_hist_total(hist);
	u64 cum = 0;
	unsigned int b = 0, i;

	for (i = 0; i < n; i++) {
		u64 rank;

		if (!total) {
			out[i] = 0;
			continue;
		}
		rank = hist_rank(total, ppm[i]);
		/* rank <= total, so this stops at a non-empty bucket. */
		while (b < NVMT_HIST_BUCKETS && cum + hist[b] < rank)
			cum += hist[b++];
		out[i] = nvmt_hist_bucket_value(b < NVMT_HIST_BUCKETS ?
						 b : NVMT_HIST_BUCKETS - 1);
	}
	return total;
}
