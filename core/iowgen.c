// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOWorker generators: random numbers (xoshiro256** seeded by
 * splitmix64), the weighted op and size choice, the LBA of each IO
 * (sequential with wrap, uniform random or a 100-bucket hot/cold
 * distribution, aligned), IOPS pacing and the data patterns. Pure C
 * compiled into the kernel module and into the host unit tests.
 *
 * nvmt_gen_init() validates the spec and does every division once; the
 * per-IO paths (nvmt_gen_next(), nvmt_throttle_wait()) only multiply,
 * add and compare, so they cost the same on any kernel config.
 *
 * LBA layout: with A = lba_align, random IO starts at "slots", the
 * multiples of A at or after region_start: LBA = base + slot * A. Size
 * entry s has slots[s] valid slots (its IO ends by region_end). The
 * region is cut in 100 buckets, [start + len * b / 100, start +
 * len * (b + 1) / 100); bucket b owns bucket_slots[b] slots from
 * bucket_start[b].
 */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#include "iowgen.h"

#define NVMT_IOW_MAX_NLB	65536u
#define NVMT_DIST_TOTAL		10000u

/* splitmix64 step: expands one seed into well-mixed state words. */
static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/**
 * nvmt_rng_seed - seed a generator
 * @r: the generator
 * @seed: any value, 0 included (splitmix64 never yields an all-zero state
 *	from one seed)
 */
void nvmt_rng_seed(struct nvmt_rng *r, u64 seed)
{
	u64 x = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline u64 rotl64(u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0 (Blackman and Vigna). */
u64 nvmt_rng_next(struct nvmt_rng *r)
{
	u64 *s = r->s;
	u64 result = rotl64(s[1] * 5, 7) * 9;
	u64 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/**
 * nvmt_rng_below - a number in [0, @n)
 * @r: the generator
 * @n: the bound, >= 1 (0 yields 0)
 *
 * Lemire's multiply-high: the top 64 bits of a 64x64-bit product. The
 * rejection step that makes it exactly uniform needs a modulo, so it is
 * left out: the bias is below @n / 2^64 (under 10^-7 for a 2^40-block
 * namespace), far below anything an IO pattern can show.
 */
u64 nvmt_rng_below(struct nvmt_rng *r, u64 n)
{
	return (u64)(((unsigned __int128)nvmt_rng_next(r) * n) >> 64);
}

/* Fill a pick table: entry i gets pct[i] of the 100 slots. */
static void pick100_fill(struct nvmt_pick100 *p, const u32 *pct,
			 unsigned int nr)
{
	unsigned int i, k = 0;
	u32 j;

	for (i = 0; i < nr; i++)
		for (j = 0; j < pct[i]; j++)
			p->idx[k++] = (u8)i;
}

static inline unsigned int pick100(struct nvmt_rng *r,
				   const struct nvmt_pick100 *p)
{
	return p->idx[nvmt_rng_below(r, 100)];
}

/* The first slot whose LBA is at or after @lba (>= base). */
static u64 slot_at(u64 base, u64 align, u64 lba)
{
	if (lba <= base)
		return 0;
	return (lba - base + align - 1) / align;
}

/* region_start + len * b / 100, without overflow for any u64 length. */
static u64 bucket_lba(u64 start, u64 len, unsigned int b)
{
	return start + (len / 100) * b + (len % 100) * b / 100;
}

static int gen_bad(u32 *bad_field, u32 field)
{
	if (bad_field)
		*bad_field = field;
	return -EINVAL;
}

static int gen_init_sizes(struct nvmt_gen *g,
			  const struct nvmetest_ioworker_spec *spec,
			  const struct nvmt_gen_ns *ns, u32 *pct)
{
	u32 sum = 0, max_nlb = ns->max_nlb;
	unsigned int i;

	if (max_nlb > NVMT_IOW_MAX_NLB)
		max_nlb = NVMT_IOW_MAX_NLB;
	if (spec->nr_sizes > NVMETEST_IOW_MAX_SIZES)
		return -EINVAL;
	if (!spec->nr_sizes) {
		u32 nlb = 4096 / ns->lba_bytes;

		g->nlbs[0] = nlb ? nlb : 1;
		g->nr_sizes = 1;
		pct[0] = 100;
		return g->nlbs[0] <= max_nlb ? 0 : -EINVAL;
	}
	for (i = 0; i < spec->nr_sizes; i++) {
		const struct nvmetest_ioworker_size *sz = &spec->sizes[i];

		if (!sz->nlb || sz->nlb > max_nlb || !sz->pct || sz->pct > 100)
			return -EINVAL;
		sum += sz->pct;
		g->nlbs[i] = sz->nlb;
		pct[i] = sz->pct;
	}
	g->nr_sizes = spec->nr_sizes;
	return sum == 100 ? 0 : -EINVAL;
}

static int gen_init_ops(struct nvmt_gen *g,
			const struct nvmetest_ioworker_spec *spec, u32 *pct,
			u32 *bad_field)
{
	u32 sum = 0;
	unsigned int i;

	if (spec->nr_ops > NVMETEST_IOW_MAX_OPS)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_OPS);
	for (i = 0; i < spec->nr_ops; i++)
		if (spec->ops[i].rsvd)
			return gen_bad(bad_field, NVMETEST_IOW_FIELD_RSVD);
	if (!spec->nr_ops) {
		g->opcodes[0] = 0x02;	/* Read */
		g->nr_ops = 1;
		pct[0] = 100;
		return 0;
	}
	for (i = 0; i < spec->nr_ops; i++) {
		const struct nvmetest_ioworker_op *op = &spec->ops[i];

		if (!op->pct || op->pct > 100)
			return gen_bad(bad_field, NVMETEST_IOW_FIELD_OPS);
		sum += op->pct;
		g->opcodes[i] = op->opcode;
		pct[i] = op->pct;
	}
	g->nr_ops = spec->nr_ops;
	if (sum != 100)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_OPS);
	return 0;
}

/* Buckets of the LBA distribution: cumulative weights and slot ranges. */
static int gen_init_dist(struct nvmt_gen *g,
			 const struct nvmetest_ioworker_spec *spec)
{
	u64 len = g->region_end - g->region_start;
	u64 lo = slot_at(g->base, g->align, g->region_start), hi;
	u32 sum = 0;
	unsigned int b;

	for (b = 0; b < NVMETEST_IOW_BUCKETS; b++)
		sum += spec->distribution[b];
	if (!sum)
		return 0;
	if (sum != NVMT_DIST_TOTAL)
		return -EINVAL;
	sum = 0;
	for (b = 0; b < NVMETEST_IOW_BUCKETS; b++) {
		hi = slot_at(g->base, g->align,
			     bucket_lba(g->region_start, len, b + 1));
		sum += spec->distribution[b];
		g->dist_cum[b] = sum;
		g->bucket_start[b] = lo;
		g->bucket_slots[b] = hi - lo;
		/* Weight on a part of the region too small to hold an
		 * aligned IO start cannot be honoured. */
		if (spec->distribution[b] && !g->bucket_slots[b])
			return -EINVAL;
		lo = hi;
	}
	g->has_dist = true;
	return 0;
}

/**
 * nvmt_gen_init - validate a spec against a namespace and set up @g
 * @g: the generator state, any content (it is cleared)
 * @spec: the worker's spec; only the generator fields are read
 * @ns: the namespace; @ns->lba_bytes and @ns->max_nlb 0 fail with
 *	NVMETEST_IOW_FIELD_NSID
 * @seed: the seed when @spec->seed is 0
 * @bad_field: set to the enum nvmetest_iow_field at fault on -EINVAL
 *	(left alone on success); may be NULL
 *
 * Beyond the header's list: lba_start must be a multiple of the
 * alignment (LBA_START), lba_step a multiple of it and at most the region
 * length (LBA_STEP), and each weighted bucket of the distribution must
 * hold an aligned start (DISTRIBUTION). A size larger than the region is
 * SIZES; a size the region holds but not at any aligned start is
 * LBA_ALIGN. Sequential IO of step 0 advances by the IO's size rounded up
 * to the alignment.
 *
 * Return: 0, or -EINVAL with @bad_field set.
 */
int nvmt_gen_init(struct nvmt_gen *g, const struct nvmetest_ioworker_spec *spec,
		  const struct nvmt_gen_ns *ns, u64 seed, u32 *bad_field)
{
	u32 size_pct[NVMETEST_IOW_MAX_SIZES], op_pct[NVMETEST_IOW_MAX_OPS];
	u64 end, len, align;
	unsigned int i;
	int ret;

	memset(g, 0, sizeof(*g));
	if (!ns->lba_bytes || !ns->max_nlb)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_NSID);

	end = spec->region_end ? spec->region_end : ns->nsze;
	if (spec->region_start >= end || end > ns->nsze)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_REGION);
	len = end - spec->region_start;
	g->region_start = spec->region_start;
	g->region_end = end;

	align = spec->lba_align > 1 ? spec->lba_align : 1;
	if (align > len)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_LBA_ALIGN);
	g->align = align;
	g->base = spec->region_start + (align - spec->region_start % align) % align;

	if (spec->lba_start < g->region_start || spec->lba_start >= end ||
	    spec->lba_start % align)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_LBA_START);
	if (spec->lba_step > len || spec->lba_step % align)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_LBA_STEP);
	g->step = spec->lba_step;
	g->next_seq = spec->lba_start;

	if (spec->random_pct > 100)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_RANDOM_PCT);
	g->random_pct = spec->random_pct;

	if (gen_init_sizes(g, spec, ns, size_pct))
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_SIZES);
	for (i = 0; i < g->nr_sizes; i++) {
		u64 nlb = g->nlbs[i];

		if (nlb > len)
			return gen_bad(bad_field, NVMETEST_IOW_FIELD_SIZES);
		/* Starts at base + k * align with start + nlb <= end. */
		if (g->base > end - nlb)
			return gen_bad(bad_field, NVMETEST_IOW_FIELD_LBA_ALIGN);
		g->slots[i] = (end - nlb - g->base) / align + 1;
		g->seq_adv[i] = (nlb + align - 1) / align * align;
	}

	ret = gen_init_ops(g, spec, op_pct, bad_field);
	if (ret)
		return ret;

	if (gen_init_dist(g, spec))
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_DISTRIBUTION);

	if (spec->pattern > NVMETEST_PATTERN_RANDOM || spec->compress_pct > 100)
		return gen_bad(bad_field, NVMETEST_IOW_FIELD_PATTERN);

	pick100_fill(&g->size_pick, size_pct, g->nr_sizes);
	pick100_fill(&g->op_pick, op_pct, g->nr_ops);
	g->seed = spec->seed ? spec->seed : seed;
	nvmt_rng_seed(&g->rng, g->seed);
	return 0;
}

/* A random start slot for size entry @s. */
static u64 gen_random_slot(struct nvmt_gen *g, unsigned int s)
{
	unsigned int lo, hi, b;
	u64 slot;
	u32 w;

	if (!g->has_dist)
		return nvmt_rng_below(&g->rng, g->slots[s]);

	/* The first bucket whose cumulative weight exceeds w. */
	w = (u32)nvmt_rng_below(&g->rng, NVMT_DIST_TOTAL);
	lo = 0;
	hi = NVMETEST_IOW_BUCKETS - 1;
	while (lo < hi) {
		b = (lo + hi) / 2;
		if (w < g->dist_cum[b])
			hi = b;
		else
			lo = b + 1;
	}
	slot = g->bucket_start[lo] + nvmt_rng_below(&g->rng, g->bucket_slots[lo]);
	/* An IO near the end of the last buckets would cross region_end:
	 * it starts at the last slot that fits instead. */
	if (slot >= g->slots[s])
		slot = g->slots[s] - 1;
	return slot;
}

/**
 * nvmt_gen_next - the next IO of a worker
 * @g: the generator, set up by nvmt_gen_init()
 * @io: the IO chosen
 *
 * Every IO lies in [region_start, region_end). Random IO starts at a
 * multiple of the alignment; sequential IO starts at lba_start and
 * advances by lba_step (or the size rounded up to the alignment), back to
 * the first aligned LBA of the region when the next IO would not fit.
 * No division, no allocation, no sleeping: callable from any context at
 * any rate, but not concurrently on the same @g.
 */
void nvmt_gen_next(struct nvmt_gen *g, struct nvmt_gen_io *io)
{
	unsigned int op = 0, s = 0;
	bool random;
	u32 nlb;

	if (g->nr_ops > 1)
		op = pick100(&g->rng, &g->op_pick);
	if (g->nr_sizes > 1)
		s = pick100(&g->rng, &g->size_pick);
	nlb = g->nlbs[s];

	if (g->random_pct >= 100)
		random = true;
	else if (!g->random_pct)
		random = false;
	else
		random = nvmt_rng_below(&g->rng, 100) < g->random_pct;

	if (random) {
		io->slba = g->base + gen_random_slot(g, s) * g->align;
	} else {
		if (g->next_seq > g->region_end - nlb)
			g->next_seq = g->base;
		io->slba = g->next_seq;
		g->next_seq += g->step ? g->step : g->seq_adv[s];
	}
	io->nlb = nlb;
	io->op = (u8)op;
	io->opcode = g->opcodes[op];
}

/**
 * nvmt_gen_check_replay - validate one replayed IO
 * @e: the entry
 * @ns: the namespace
 * @prev_time_us: the previous entry's time (0 for the first)
 *
 * Return: 0, or -EINVAL.
 */
int nvmt_gen_check_replay(const struct nvmetest_ioworker_replay *e,
			  const struct nvmt_gen_ns *ns, u64 prev_time_us)
{
	unsigned int i;

	if (!e->nlb || e->nlb > ns->max_nlb || e->nlb > NVMT_IOW_MAX_NLB)
		return -EINVAL;
	if (e->slba >= ns->nsze || e->nlb > ns->nsze - e->slba)
		return -EINVAL;
	if (e->time_us < prev_time_us)
		return -EINVAL;
	for (i = 0; i < sizeof(e->rsvd); i++)
		if (e->rsvd[i])
			return -EINVAL;
	return 0;
}

/**
 * nvmt_throttle_init - set up IOPS pacing
 * @t: the throttle
 * @iops: IOs per second, 0 = unlimited
 * @burst: IOs that may go back to back after an idle gap (0 counts as 1)
 * @now_ns: the current time; the first IO may go at once
 */
void nvmt_throttle_init(struct nvmt_throttle *t, u32 iops, u32 burst,
			u64 now_ns)
{
	t->interval_ns = iops ? 1000000000ull / iops : 0;
	t->next_ns = now_ns;
	t->burst_ns = burst > 1 ? (u64)(burst - 1) * t->interval_ns : 0;
}

/**
 * nvmt_throttle_wait - may an IO go now?
 * @t: the throttle
 * @now_ns: the current time, never earlier than in previous calls
 *
 * Each IO moves the earliest time of the next by one interval. After an
 * idle gap that time lags behind @now_ns; it is pulled up to at most
 * burst_ns behind, so at most @burst IOs go at once.
 *
 * Return: 0 when the IO may go (it is accounted), or the nanoseconds to
 * wait before asking again.
 */
u64 nvmt_throttle_wait(struct nvmt_throttle *t, u64 now_ns)
{
	if (!t->interval_ns)
		return 0;
	if (now_ns < t->next_ns)
		return t->next_ns - now_ns;
	if (now_ns - t->next_ns > t->burst_ns)
		t->next_ns = now_ns - t->burst_ns;
	t->next_ns += t->interval_ns;
	return 0;
}

/* Fill @len bytes with the 8-byte little-endian-ordered @pat repeated. */
static void fill8(u8 *p, size_t len, const u8 *pat)
{
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		memcpy(p + i, pat, 8);
	if (i < len)
		memcpy(p + i, pat, len - i);
}

/**
 * nvmt_pattern_fill - write a data pattern
 * @buf: the buffer
 * @len: its length, a multiple of @unit
 * @unit: bytes per LBA (0 = @len)
 * @pattern: NVMETEST_PATTERN_*; an unknown one fills zeroes
 * @value: DWORD: the 32-bit value, stored little-endian
 * @compress_pct: RANDOM: the last @compress_pct percent of each unit,
 *	rounded down to 8 bytes, are zeroes (values above 100 count as 100)
 * @rng: RANDOM: the source of the bytes
 */
void nvmt_pattern_fill(void *buf, size_t len, u32 unit, u32 pattern,
		       u32 value, u32 compress_pct, struct nvmt_rng *rng)
{
	u8 *p = buf;
	u8 pat[8];
	size_t off, zero, rnd, i;
	int k;

	switch (pattern) {
	case NVMETEST_PATTERN_ONES:
		memset(buf, 0xff, len);
		return;
	case NVMETEST_PATTERN_DWORD:
		for (k = 0; k < 8; k++)
			pat[k] = (u8)(value >> (8 * (k & 3)));
		fill8(p, len, pat);
		return;
	case NVMETEST_PATTERN_RANDOM:
		break;
	default:
		memset(buf, 0, len);
		return;
	}

	if (!unit || unit > len)
		unit = (u32)len;
	if (compress_pct > 100)
		compress_pct = 100;
	zero = ((u64)unit * compress_pct / 100) & ~(u64)7;
	rnd = unit - zero;
	for (off = 0; off + unit <= len; off += unit) {
		for (i = 0; i < rnd; i += 8) {
			u64 v = nvmt_rng_next(rng);

			memcpy(p + off + i, &v, rnd - i < 8 ? rnd - i : 8);
		}
		memset(p + off + rnd, 0, zero);
	}
	/* A tail shorter than a unit (len not a multiple) is zeroed. */
	if (off < len)
		memset(p + off, 0, len - off);
}
