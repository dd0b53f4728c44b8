// SPDX-License-Identifier: GPL-2.0-only
/*
 * ring.c: struct nvmt_ring (nvmetest.h), a bounded FIFO of fixed-size
 * entries that counts what it could not keep: the controller's event
 * ring (aer.c) and verification failure log (verify.c). A full ring
 * keeps the old entries and counts the new one lost: the first events
 * and failures are the ones that explain the rest. Its owner's lock
 * protects it; it allocates apart from struct nvmt_ctrl so that the
 * controller stays a small allocation.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "nvmetest.h"

/* Process context. Return: 0 or -ENOMEM. */
int nvmt_ring_alloc(struct nvmt_ring *r, u32 nr, u32 esize)
{
	r->buf = kvcalloc(nr, esize, GFP_KERNEL);
	if (!r->buf)
		return -ENOMEM;
	r->nr = nr;
	r->esize = esize;
	nvmt_ring_clear(r);
	return 0;
}

void nvmt_ring_free(struct nvmt_ring *r)
{
	kvfree(r->buf);
	r->buf = NULL;
}

/* The entry to fill at the tail, or NULL (counted lost) when full. */
void *nvmt_ring_push(struct nvmt_ring *r)
{
	void *e;

	if (r->count == r->nr) {
		r->lost++;
		return NULL;
	}
	e = r->buf + (size_t)((r->head + r->count) % r->nr) * r->esize;
	r->count++;
	return e;
}

/*
 * Copy the @n oldest entries (at most what there is) to @out and, with
 * @take, remove them. Return: how many.
 */
u32 nvmt_ring_read(struct nvmt_ring *r, void *out, u32 n, bool take)
{
	u32 i;

	n = min(n, r->count);
	for (i = 0; i < n; i++)
		memcpy(out + (size_t)i * r->esize,
		       r->buf + (size_t)((r->head + i) % r->nr) * r->esize,
		       r->esize);
	if (take) {
		r->head = (r->head + n) % r->nr;
		r->count -= n;
	}
	return n;
}

void nvmt_ring_clear(struct nvmt_ring *r)
{
	r->head = 0;
	r->count = 0;
	r->lost = 0;
}
