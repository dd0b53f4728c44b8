// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzzer's randomness: a seeded splitmix64 generator (so a seed names
 * one call sequence on every machine), the "interesting" values syzkaller
 * and AFL try first (0, all-ones, the edges of signed ranges, powers of
 * two and their neighbours), and the field-by-field structure mutator.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

void fz_rng_seed(struct fz_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t fz_rand(struct fz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t fz_below(struct fz_rng *r, uint64_t n)
{
	return n ? fz_rand(r) % n : 0;
}

bool fz_chance(struct fz_rng *r, unsigned int num, unsigned int den)
{
	return fz_below(r, den) < num;
}

static uint64_t size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

uint64_t fz_interesting(struct fz_rng *r, unsigned int size)
{
	unsigned int bits = size >= 8 ? 64 : 8 * size;
	uint64_t mask = size_mask(size);
	uint64_t v;

	switch (fz_below(r, 12)) {
	case 0:
		v = 0;
		break;
	case 1:
		v = mask;			/* all ones */
		break;
	case 2:
		v = 1;
		break;
	case 3:
		v = mask >> 1;			/* largest signed */
		break;
	case 4:
		v = 1ULL << (bits - 1);		/* smallest signed */
		break;
	case 5:
		v = 1ULL << fz_below(r, bits);	/* a power of two */
		break;
	case 6:
		v = (1ULL << fz_below(r, bits)) - 1;
		break;
	case 7:
		v = (1ULL << fz_below(r, bits)) + 1;
		break;
	case 8:
		v = 4096 * fz_below(r, 512) + fz_below(r, 3) - 1; /* page edges */
		break;
	case 9:
		v = fz_below(r, 17);		/* small */
		break;
	default:
		v = fz_rand(r);
		break;
	}
	return v & mask;
}

static void put_le(uint8_t *p, unsigned int size, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < size && i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void fz_mutate_field(struct fz_thread *t, struct fz_rng *r,
		     const struct fz_field *f, void *base)
{
	uint8_t *p = (uint8_t *)base + f->off;
	unsigned int size = f->size;
	uint64_t v;

	/* a wide field (an array, an SQE): mutate one naturally sized piece */
	if (size > 8) {
		unsigned int unit = f->kind == FZ_RSVD ? 1 : (size % 8 ? 4 : 8);

		p += unit * fz_below(r, size / unit);
		size = unit;
	}
	switch (f->kind) {
	case FZ_PTR:
		put_le(p, size, fz_pointer(t, r, 1 + fz_below(r, 8192)));
		return;
	case FZ_RSVD:
		put_le(p, size, fz_interesting(r, size) | 1);
		return;
	case FZ_FLAGS:
		v = get_le(p, size);
		if (fz_chance(r, 1, 4))
			v = fz_interesting(r, size);
		else
			v |= 1ULL << fz_below(r, 8 * size);
		put_le(p, size, v);
		return;
	default:
		v = get_le(p, size);
		switch (fz_below(r, 4)) {
		case 0:
			v += fz_chance(r, 1, 2) ? 1 : -1;
			break;
		case 1:
			v ^= 1ULL << fz_below(r, 8 * size);
			break;
		default:
			v = fz_interesting(r, size);
			break;
		}
		put_le(p, size, v);
		return;
	}
}

/*
 * One field to mutate: a reserved one 1 time in 5 (any non-zero value is
 * EINVAL, which tells little more the second time), else any other.
 */
static const struct fz_field *pick_field(struct fz_rng *r, const struct fz_struct *s)
{
	size_t i, nrsvd = 0, pick;
	bool rsvd;

	for (i = 0; i < s->nfields; i++)
		nrsvd += s->fields[i].kind == FZ_RSVD;
	if (!nrsvd || nrsvd == s->nfields)
		return &s->fields[fz_below(r, s->nfields)];
	rsvd = fz_chance(r, 1, 5);
	pick = fz_below(r, rsvd ? nrsvd : s->nfields - nrsvd);
	for (i = 0; i < s->nfields; i++) {
		if ((s->fields[i].kind == FZ_RSVD) != rsvd)
			continue;
		if (!pick--)
			break;
	}
	return &s->fields[i];
}

unsigned int fz_mutate(struct fz_thread *t, struct fz_rng *r,
		       const struct fz_struct *s, void *p)
{
	unsigned int n = 0;

	/* half of the calls keep the valid structure; most others get one change */
	if (fz_chance(r, 1, 2))
		return 0;
	do {
		fz_mutate_field(t, r, pick_field(r, s), p);
		n++;
	} while (n < 3 && fz_chance(r, 1, 3));
	return n;
}

size_t fz_describe(char *buf, size_t len, const struct fz_struct *s,
		   const void *p)
{
	const uint8_t *b = p;
	size_t used = 0, i;
	unsigned int j;

	buf[0] = 0;
	for (i = 0; i < s->nfields && used + 1 < len; i++) {
		const struct fz_field *f = &s->fields[i];
		const uint8_t *q = b + f->off;

		if (f->size <= 8) {
			uint64_t v = get_le(q, f->size);

			if (v || f->kind == FZ_PTR)
				used += snprintf(buf + used, len - used, " %s=%#llx",
						 f->name, (unsigned long long)v);
		} else {
			for (j = 0; j < f->size && !q[j]; j++)
				;
			if (j == f->size)
				continue;
			used += snprintf(buf + used, len - used, " %s=", f->name);
			for (j = 0; j < f->size && used + 3 < len; j++)
				used += snprintf(buf + used, len - used, "%02x", q[j]);
		}
	}
	if (used >= len)
		used = len - 1;
	return used;
}
