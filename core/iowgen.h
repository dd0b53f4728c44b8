/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IOWorker generators: the interface of core/iowgen.c. Pure C shared
 * by the kernel module (kmod/ioworker.c runs them per IO) and the host
 * unit tests. Everything a worker decides per IO comes from here: the
 * random numbers, the op, the size, the LBA, the pacing and the data
 * pattern. The per-IO functions (nvmt_gen_next(), nvmt_throttle_wait())
 * do no division and no allocation; nvmt_gen_init() does the arithmetic
 * once and validates the spec.
 */
#ifndef NVMT_CORE_IOWGEN_H
#define NVMT_CORE_IOWGEN_H

#include "types.h"

#include <linux/nvmetest.h>

/* xoshiro256**: fast, good enough for IO generation, seedable. */
struct nvmt_rng {
	u64 s[4];
};

void nvmt_rng_seed(struct nvmt_rng *r, u64 seed);	/* splitmix64 of @seed */
u64 nvmt_rng_next(struct nvmt_rng *r);
/* Uniform in [0, n) for n >= 1, without division (Lemire's multiply). */
u64 nvmt_rng_below(struct nvmt_rng *r, u64 n);

/* A weighted choice among up to 16 entries (op mix, IO sizes): pick() is
 * O(1) through a 100-entry table of indices. */
struct nvmt_pick100 {
	u8 idx[100];
};

/*
 * What the generator needs to know about the namespace, already checked
 * by the caller against the device: @nsze blocks, @max_nlb the largest
 * IO in blocks (max_xfer / LBA data size), @lba_bytes data bytes per block.
 */
struct nvmt_gen_ns {
	u64 nsze;
	u32 max_nlb;
	u32 lba_bytes;
};

/* One IO the generator chose. @op is the index into the spec's op mix. */
struct nvmt_gen_io {
	u64 slba;
	u32 nlb;
	u8 op;
	u8 opcode;
};

/*
 * struct nvmt_gen - the generator state of one worker. Sized at init; the
 * caller owns the memory (kernel: part of the worker; host: on the stack
 * is fine, it is a few KiB).
 */
struct nvmt_gen {
	struct nvmt_rng rng;
	u64 seed;			/* the seed used (spec's, or chosen) */
	struct nvmt_pick100 op_pick;
	struct nvmt_pick100 size_pick;
	u8 opcodes[NVMETEST_IOW_MAX_OPS];
	u32 nr_ops;
	u32 nlbs[NVMETEST_IOW_MAX_SIZES];
	u32 nr_sizes;
	u32 random_pct;
	u64 region_start;
	u64 region_end;			/* exclusive */
	u64 align;			/* >= 1 */
	u64 step;			/* 0 = the IO's own size */
	u64 next_seq;			/* next sequential LBA */
	u64 base;			/* first aligned LBA of the region */
	u64 seq_adv[NVMETEST_IOW_MAX_SIZES];	/* step 0: each size rounded
						 * up to @align */
	/* Random IO: for each size entry, the number of aligned start
	 * positions in the region (and in each bucket when a distribution
	 * is set), so that an IO never crosses @region_end. */
	u64 slots[NVMETEST_IOW_MAX_SIZES];
	bool has_dist;
	u32 dist_cum[NVMETEST_IOW_BUCKETS];	/* cumulative weights, last = 10000 */
	u64 bucket_start[NVMETEST_IOW_BUCKETS];	/* first aligned slot of each bucket */
	u64 bucket_slots[NVMETEST_IOW_BUCKETS];	/* aligned slots in each bucket */
};

/*
 * nvmt_gen_init - validate @spec against @ns and set up @g
 * @seed:	the seed to use when spec->seed is 0 (the caller picks one)
 * @bad_field:	set to the enum nvmetest_iow_field at fault on -EINVAL
 *
 * Checks every generator field of the spec: flags it does not know are
 * the caller's business; here region (start < end <= nsze; end 0 =
 * nsze), lba_start within the region, lba_align (<= region length, and
 * the region holds at least one aligned IO of every size), random_pct
 * <= 100, sizes (nr_sizes <= 16, each nlb 1..max_nlb, pct adding up to
 * 100; nr_sizes 0 = 4 KiB worth), ops (nr_ops <= 8, pct adding up to 100,
 * nr_ops 0 = 100% Read 0x02), distribution (all zero, or adding up to
 * 10000), pattern (known, compress_pct <= 100), reserved bytes of ops.
 * Replay entries are checked by nvmt_gen_check_replay().
 * Return: 0, or -EINVAL with @bad_field set.
 */
int nvmt_gen_init(struct nvmt_gen *g, const struct nvmetest_ioworker_spec *spec,
		  const struct nvmt_gen_ns *ns, u64 seed, u32 *bad_field);

/* The next IO: op, size, LBA. Sequential IOs wrap to region_start. */
void nvmt_gen_next(struct nvmt_gen *g, struct nvmt_gen_io *io);

/* Check one replay entry against @ns: nlb 1..max_nlb, slba + nlb <= nsze,
 * time not before @prev_time_us, rsvd zero. Return 0 or -EINVAL. */
int nvmt_gen_check_replay(const struct nvmetest_ioworker_replay *e,
			  const struct nvmt_gen_ns *ns, u64 prev_time_us);

/* Data direction of an opcode (bits 1:0): 0 none, 1 host to controller,
 * 2 controller to host, 3 bidirectional. Flush, Write Zeroes, Verify and
 * Dataset Management move no LBA data (DSM moves its range list). */
static inline unsigned int nvmt_opcode_dir(u8 opcode)
{
	return opcode & 3;
}

/*
 * Throttle: at most @iops IOs per second, with a burst of at most
 * @burst IOs after an idle gap (so a stall is not followed by a flood).
 * nvmt_throttle_wait() returns 0 when an IO may go now (and accounts it)
 * or the nanoseconds to wait before asking again.
 */
struct nvmt_throttle {
	u64 interval_ns;	/* 0 = unlimited */
	u64 next_ns;
	u64 burst_ns;
};

void nvmt_throttle_init(struct nvmt_throttle *t, u32 iops, u32 burst,
			u64 now_ns);
u64 nvmt_throttle_wait(struct nvmt_throttle *t, u64 now_ns);

/*
 * Fill @len bytes of @buf with the pattern, LBA by LBA (@unit bytes each,
 * @len a multiple of it): ZEROES, ONES, DWORD (@value little-endian
 * repeated), RANDOM (from @rng; the last @compress_pct percent of each
 * unit, rounded down to 8 bytes, are zero).
 */
void nvmt_pattern_fill(void *buf, size_t len, u32 unit, u32 pattern,
		       u32 value, u32 compress_pct, struct nvmt_rng *rng);

#endif /* NVMT_CORE_IOWGEN_H */
