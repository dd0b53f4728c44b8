/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/ioworker.c: the in-kernel IO generators (IOWorkers), with
 * fio-grade statistics, latency histograms and percentiles.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_IOWORKER_H
#define NVMETEST_IOWORKER_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * nvmetest_ioworker_start - NVMETEST_IOC_IOWORKER_START
 * @dev:  handle
 * @spec: input: what the worker does (struct nvmetest_ioworker_spec; the
 *	  output fields are cleared first); output: @spec->id, ->sqid,
 *	  ->cqid, and ->bad_field when the driver refused the spec
 *
 * The worker is a kernel thread of the driver with an IO queue pair of its
 * own; it belongs to @dev's file descriptor: nvmetest_close() stops it.
 * A @spec->replay array must stay valid until this returns (the driver
 * copies it).
 *
 * Return: 0; -EINVAL with @spec->bad_field set (the last error says
 * "invalid spec: <field>", nvmetest_ioworker_field_name() names it);
 * -EOPNOTSUPP when the driver lacks NVMETEST_INFO_CAP_IOWORKER; -ENXIO when
 * the controller is not enabled; -ENOENT for an inactive namespace;
 * -EBUSY when no queue id is free or @spec->qid is taken; -ENOSPC at
 * NVMETEST_IOW_MAX_PER_FILE workers; the NVMe status (> 0) of a failed
 * Create I/O SQ/CQ command; -errno.
 */
int nvmetest_ioworker_start(struct nvmetest_dev *dev, struct nvmetest_ioworker_spec *spec);

/**
 * nvmetest_ioworker_stop - NVMETEST_IOC_IOWORKER_STOP: ask workers to end
 * @dev: handle
 * @id:  worker id, or 0 for every worker of this file
 *
 * No new IO; outstanding IO is drained. Does NOT wait: see
 * nvmetest_ioworker_wait(). Stopping a worker that has ended is not an
 * error.
 *
 * Return: 0, -ENOENT for an unknown @id, -errno.
 */
int nvmetest_ioworker_stop(struct nvmetest_dev *dev, uint32_t id);

/**
 * nvmetest_ioworker_wait - NVMETEST_IOC_IOWORKER_WAIT: wait for workers to end
 * @dev:        handle
 * @id:         worker id, or 0 for every worker of this file
 * @timeout_ms: how long to wait; 0 = just report, NVMETEST_IOW_WAIT_FOREVER
 *		= no limit
 * @running:    output, may be NULL: workers (of @id) still running
 *
 * Return: 0 when none is running, and always with a @timeout_ms of 0
 * (*@running says how many run); -ETIMEDOUT when one still runs after
 * @timeout_ms; -EINTR on a signal; -ENOENT for an unknown @id; -errno.
 */
int nvmetest_ioworker_wait(struct nvmetest_dev *dev, uint32_t id, uint32_t timeout_ms,
			   uint32_t *running);

/**
 * nvmetest_ioworker_result - NVMETEST_IOC_IOWORKER_RESULT: a worker's statistics
 * @dev:        handle
 * @id:         worker id
 * @res:        output (cleared first)
 * @hist:       output, may be NULL: NVMETEST_IOW_MAX_OPS rows of
 *		NVMETEST_HIST_BUCKETS counts, the latency histogram of each op
 *		entry (@res->nr_ops rows are filled)
 * @iops:       output, may be NULL: IOs completed in each second of the run
 * @nr_seconds: entries of @iops (0 when @iops is NULL)
 * @flags:      NVMETEST_IOW_RESULT_RELEASE: free the record of a finished
 *		worker after copying it
 *
 * A running worker's numbers are a snapshot (@res->state RUNNING).
 * @res->nr_seconds says how many entries of @iops were filled and
 * @res->seconds how many the run has.
 *
 * Return: 0; -ENOENT for an unknown @id; -EBUSY for RELEASE while it runs;
 * -errno.
 */
int nvmetest_ioworker_result(struct nvmetest_dev *dev, uint32_t id,
			     struct nvmetest_ioworker_result *res, uint64_t *hist,
			     uint32_t *iops, uint32_t nr_seconds, uint32_t flags);

/**
 * nvmetest_ioworker_release - free a finished worker's record
 * @dev: handle
 * @id:  worker id
 *
 * Return: 0, -EBUSY while it runs, -ENOENT, -errno.
 */
int nvmetest_ioworker_release(struct nvmetest_dev *dev, uint32_t id);

/**
 * nvmetest_ioworker_list - NVMETEST_IOC_IOWORKER_LIST: this file's workers
 * @dev:     handle
 * @ids:     output, may be NULL: worker ids
 * @count:   input: entries in @ids (ignored when NULL); output: filled
 * @total:   output, may be NULL: workers of this file (running or not
 *	     released)
 * @running: output, may be NULL: of them running
 *
 * Return: 0, -errno.
 */
int nvmetest_ioworker_list(struct nvmetest_dev *dev, uint32_t *ids, uint32_t *count,
			   uint32_t *total, uint32_t *running);

/**
 * struct nvmetest_ioworker_report - a worker's result with its histograms
 * @res:  the result
 * @hist: NVMETEST_IOW_MAX_OPS histograms of NVMETEST_HIST_BUCKETS counts,
 *	  one per op entry (@res.nr_ops are meaningful)
 * @iops: IOs completed in each second of the run, @res.nr_seconds entries
 *	  (NULL when there are none)
 *
 * Made by nvmetest_ioworker_report(), freed by
 * nvmetest_ioworker_report_free(). Tests and tools may also build one by
 * hand (malloc'ed @hist and @iops) to format synthetic results.
 */
struct nvmetest_ioworker_report {
	struct nvmetest_ioworker_result res;
	uint64_t *hist;
	uint32_t *iops;
};

/**
 * nvmetest_ioworker_report - a worker's result, histograms and IOPS per second
 * @dev:   handle
 * @id:    worker id
 * @flags: NVMETEST_IOW_RESULT_RELEASE: free the record (finished workers)
 * @rp:    output: the report, to free with nvmetest_ioworker_report_free()
 *
 * Two RESULT calls: one to learn the run's length, one to copy it all.
 *
 * Return: 0, -ENOMEM, and the errors of nvmetest_ioworker_result().
 */
int nvmetest_ioworker_report(struct nvmetest_dev *dev, uint32_t id, uint32_t flags,
			     struct nvmetest_ioworker_report **rp);

/**
 * nvmetest_ioworker_report_free - free a report
 * @r: report, or NULL
 */
void nvmetest_ioworker_report_free(struct nvmetest_ioworker_report *r);

/**
 * nvmetest_ioworker_field_name - name of enum nvmetest_iow_field
 * @field: struct nvmetest_ioworker_spec.bad_field
 *
 * Pure.
 *
 * Return: "none", "nsid", "flags", "qid", "vector", "qdepth", "cpu",
 * "region", "lba_start", "lba_step", "lba_align", "random_pct", "sizes",
 * "ops", "distribution", "pattern", "limits", "replay", "timeout", "rsvd",
 * or "unknown".
 */
const char *nvmetest_ioworker_field_name(uint32_t field);

/**
 * nvmetest_ioworker_end_name - name of a result's end_reason
 * @reason: NVMETEST_IOW_END_*
 *
 * Pure.
 *
 * Return: "running", "count", "time", "replay", "stopped", "error",
 * "reset", "removed", "failed" or "unknown".
 */
const char *nvmetest_ioworker_end_name(uint32_t reason);

/**
 * nvmetest_ioworker_end_failed - whether an end reason is a failure
 * @reason: NVMETEST_IOW_END_*
 *
 * Pure. ERROR, RESET, REMOVED and FAILED are; COUNT, TIME, REPLAY and
 * STOPPED are not.
 *
 * Return: true for a failure.
 */
bool nvmetest_ioworker_end_failed(uint32_t reason);

/* fio's direction of an opcode (nvmetest_ioworker_dir()) */
enum nvmetest_iow_dir {
	NVMETEST_IOW_DIR_READ,		/* Read */
	NVMETEST_IOW_DIR_WRITE,		/* Write */
	NVMETEST_IOW_DIR_TRIM,		/* Dataset Management (deallocate) */
	NVMETEST_IOW_DIR_NONE,		/* every other opcode: fio has none */
	NVMETEST_IOW_NR_DIRS = NVMETEST_IOW_DIR_NONE,
};

/**
 * nvmetest_ioworker_dir - which of fio's directions an opcode counts in
 * @opcode: NVM opcode
 *
 * Pure. Read (0x02) is "read", Write (0x01) "write", Dataset Management
 * (0x09) "trim"; the others (Flush, Write Zeroes, Compare, Verify, Write
 * Uncorrectable, any other) have no fio direction: fio cannot issue them,
 * and counting data-less commands in "write" would distort its bandwidth.
 *
 * Return: enum nvmetest_iow_dir.
 */
enum nvmetest_iow_dir nvmetest_ioworker_dir(uint8_t opcode);

/**
 * nvmetest_ioworker_dir_name - fio's name of a direction
 * @dir: enum nvmetest_iow_dir
 *
 * Pure.
 *
 * Return: "read", "write", "trim" or "none".
 */
const char *nvmetest_ioworker_dir_name(enum nvmetest_iow_dir dir);

/**
 * struct nvmetest_ioworker_stat - IO statistics of some op entries, merged
 * @ios:        IOs completed (errors included)
 * @bytes:      data bytes
 * @errors:     IOs that failed
 * @lat_min_ns: latency minimum (meaningless while @ios is 0)
 * @lat_max_ns: maximum
 * @lat_sum_ns: sum
 * @elapsed_ns: the run time the rates are over (the longest of the runs
 *		merged)
 * @hist:       NVMETEST_HIST_BUCKETS counts, owned by the caller, or NULL
 *		(then no histogram is merged)
 *
 * The unit of fio's per-direction report: the op entries of one direction
 * of one worker, or of a group of workers.
 */
struct nvmetest_ioworker_stat {
	uint64_t ios;
	uint64_t bytes;
	uint64_t errors;
	uint64_t lat_min_ns;
	uint64_t lat_max_ns;
	uint64_t lat_sum_ns;
	uint64_t elapsed_ns;
	uint64_t *hist;
};

/**
 * nvmetest_ioworker_stat_add_op - merge one op entry of a result into @s
 * @s:          statistics (zeroed, with @s->hist set or NULL, at first)
 * @op:         the op entry
 * @hist:       its histogram, or NULL
 * @elapsed_ns: its worker's elapsed time
 *
 * Pure.
 */
void nvmetest_ioworker_stat_add_op(struct nvmetest_ioworker_stat *s,
				   const struct nvmetest_ioworker_opstat *op,
				   const uint64_t *hist, uint64_t elapsed_ns);

/**
 * nvmetest_ioworker_stat_add - merge @src into @dst (group reporting)
 * @dst: statistics
 * @src: statistics to add (its histogram too, when both have one)
 *
 * Pure. Counts add up, min/max combine, @elapsed_ns is the longer.
 */
void nvmetest_ioworker_stat_add(struct nvmetest_ioworker_stat *dst,
				const struct nvmetest_ioworker_stat *src);

/**
 * nvmetest_ioworker_dir_stat - one direction of a report
 * @r:   report
 * @dir: enum nvmetest_iow_dir (NVMETEST_IOW_DIR_NONE: every op entry
 *	 without a direction)
 * @s:   output; @s->hist, when set by the caller, receives the merged
 *	 histogram (it is cleared first)
 *
 * Pure.
 */
void nvmetest_ioworker_dir_stat(const struct nvmetest_ioworker_report *r,
				enum nvmetest_iow_dir dir, struct nvmetest_ioworker_stat *s);

/**
 * nvmetest_ioworker_iops - IOs per second
 * @ios:        IOs
 * @elapsed_ns: over this time
 *
 * Pure.
 *
 * Return: the rate; 0 when @elapsed_ns is 0.
 */
double nvmetest_ioworker_iops(uint64_t ios, uint64_t elapsed_ns);

/**
 * nvmetest_ioworker_bw - bandwidth in bytes per second
 * @bytes:      bytes
 * @elapsed_ns: over this time
 *
 * Pure. Rounded down, as fio's bw_bytes.
 *
 * Return: the rate; 0 when @elapsed_ns is 0.
 */
uint64_t nvmetest_ioworker_bw(uint64_t bytes, uint64_t elapsed_ns);

/**
 * nvmetest_ioworker_lat_mean - mean latency of some statistics, ns
 * @s: statistics
 *
 * Pure.
 *
 * Return: @s->lat_sum_ns / @s->ios, 0 without IOs.
 */
double nvmetest_ioworker_lat_mean(const struct nvmetest_ioworker_stat *s);

/* Latency histograms (fio's log-linear layout, NVMETEST_HIST_*) */

/* fio's default percentile list: 1, 5, 10, 20, ..., 99.99 */
#define NVMETEST_FIO_NR_PERCENTILES	17

/**
 * nvmetest_fio_percentiles - fio's default percentile list, in millionths
 *
 * Pure. 1% = 10000, 99.99% = 999900; ascending, as
 * nvmetest_hist_percentiles() wants them.
 *
 * Return: NVMETEST_FIO_NR_PERCENTILES values (static storage).
 */
const uint32_t *nvmetest_fio_percentiles(void);

/**
 * nvmetest_hist_index - the bucket a latency lands in
 * @ns: nanoseconds
 *
 * Pure.
 *
 * Return: 0..NVMETEST_HIST_BUCKETS - 1.
 */
unsigned int nvmetest_hist_index(uint64_t ns);

/**
 * nvmetest_hist_value - the value a bucket stands for (its midpoint, as fio)
 * @idx: bucket, < NVMETEST_HIST_BUCKETS
 *
 * Pure.
 *
 * Return: nanoseconds.
 */
uint64_t nvmetest_hist_value(unsigned int idx);

/**
 * nvmetest_hist_merge - add a histogram into another
 * @dst: NVMETEST_HIST_BUCKETS counts, updated
 * @src: NVMETEST_HIST_BUCKETS counts
 *
 * Pure.
 */
void nvmetest_hist_merge(uint64_t *dst, const uint64_t *src);

/**
 * nvmetest_hist_total - samples in a histogram
 * @hist: NVMETEST_HIST_BUCKETS counts
 *
 * Pure.
 *
 * Return: the sum of the buckets.
 */
uint64_t nvmetest_hist_total(const uint64_t *hist);

/**
 * nvmetest_hist_percentiles - percentiles of a histogram, fio's way
 * @hist: NVMETEST_HIST_BUCKETS counts
 * @ppm:  @n percentiles in millionths, ascending
 * @n:    entries of @ppm and @out
 * @out:  output: for each, the value (ns) of the bucket holding the sample
 *	  of rank ceil(total * ppm / 10^6); 0 for an empty histogram
 *
 * Pure. The values are within 0.8% of the true sample (bucket width).
 *
 * Return: the histogram's total.
 */
uint64_t nvmetest_hist_percentiles(const uint64_t *hist, const uint32_t *ppm,
				   unsigned int n, uint64_t *out);

/**
 * nvmetest_hist_stddev - standard deviation of a histogram's samples, ns
 * @hist: NVMETEST_HIST_BUCKETS counts
 *
 * Pure. Computed from the bucket values (so within the histogram's
 * precision): the driver keeps no sum of squares.
 *
 * Return: the population standard deviation; 0 for fewer than 2 samples.
 */
double nvmetest_hist_stddev(const uint64_t *hist);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_IOWORKER_H */
