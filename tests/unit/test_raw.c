// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the raw path without a device: PRPs built over fake
 * DMA buffers (malloc'd memory with made-up page addresses that are
 * deliberately not contiguous) for every first-page offset and length
 * class, list chaining and the refusals; SGL descriptors, SQE encoding,
 * CQE decoding and doorbell offsets byte for byte against hand-written
 * values; the raw queue's ring arithmetic (SQ post wrap, CQ phase
 * tracking and wrap, PC = 0 rings through their PRP list) and its waits
 * on a real eventfd; mappings of BAR0 and doorbells rung through them,
 * over a memfd that stands in for the device's file.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/prp.h"
#include "private.h"
#include "unit.h"

#define PS		4096u		/* the fake buffers' page size */
#define BASE		0x100000000ull	/* above 4 GiB: the high dwords count */
#define POISON		0xa5

/* --- fake DMA buffers ------------------------------------------------------ */

enum layout {
	/* every page alone: page i at BASE + perm(i) * 2 pages, so no page is
	 * ever followed by the next one in bus addresses */
	SCATTERED,
	/* pairs of pages contiguous and 8 KiB aligned, pairs scattered */
	PAIRS,
};

static uint64_t perm(uint32_t i)
{
	return (uint64_t)(i * 37u % 2003u);	/* 2003 is prime: no repeats */
}

static uint64_t fake_addr(enum layout l, uint32_t i)
{
	if (l == SCATTERED)
		return BASE + perm(i) * 2 * PS;
	return BASE + perm(i / 2) * 4 * PS + (i % 2) * PS;
}

static struct nvmetest_dbuf *dbuf_fake(uint32_t nr_pages, enum layout l)
{
	struct nvmetest_dbuf *b = calloc(1, sizeof(*b));

	CU_ASSERT_FATAL(b != NULL && nr_pages < 2003);
	b->va = aligned_alloc(PS, (size_t)nr_pages * PS);
	b->addrs = calloc(nr_pages, sizeof(*b->addrs));
	CU_ASSERT_FATAL(b->va != NULL && b->addrs != NULL);
	memset(b->va, POISON, (size_t)nr_pages * PS);
	b->size = (size_t)nr_pages * PS;
	b->page_size = PS;
	b->nr_pages = nr_pages;
	for (uint32_t i = 0; i < nr_pages; i++)
		b->addrs[i] = fake_addr(l, i);
	return b;
}

static void dbuf_fake_free(struct nvmetest_dbuf *b)
{
	free(b->va);
	free(b->addrs);
	free(b);
}

/* The little-endian PRP entry @slot of list page @page of @list at @off. */
static uint64_t list_entry(const struct nvmetest_dbuf *list, size_t off, uint32_t ps,
			   uint32_t page, uint32_t slot)
{
	return nvmt_get_le64((uint8_t *)list->va + off + (size_t)page * ps + slot * 8u);
}

static void test_dbuf_addr(void)
{
	struct nvmetest_dbuf *b = dbuf_fake(3, SCATTERED);

	CU_ASSERT_EQUAL(nvmetest_dbuf_addr(b, 0), fake_addr(SCATTERED, 0));
	CU_ASSERT_EQUAL(nvmetest_dbuf_addr(b, 4095), fake_addr(SCATTERED, 0) + 4095);
	CU_ASSERT_EQUAL(nvmetest_dbuf_addr(b, 4096), fake_addr(SCATTERED, 1));
	CU_ASSERT_EQUAL(nvmetest_dbuf_addr(b, 2 * PS + 13), fake_addr(SCATTERED, 2) + 13);
	CU_ASSERT_EQUAL(nvmetest_dbuf_addr(b, 3 * PS), 0);
	CU_ASSERT_PTR_EQUAL(nvmetest_dbuf_ptr(b, 5000), (uint8_t *)b->va + 5000);
	CU_ASSERT_PTR_NULL(nvmetest_dbuf_ptr(b, 3 * PS));
	/* the layout really is scattered */
	CU_ASSERT_NOT_EQUAL(b->addrs[1], b->addrs[0] + PS);
	CU_ASSERT_NOT_EQUAL(b->addrs[2], b->addrs[1] + PS);
	dbuf_fake_free(b);
}

static void test_dbuf_span(void)
{
	struct nvmetest_dbuf *s = dbuf_fake(4, SCATTERED), *p = dbuf_fake(4, PAIRS);
	uint64_t a = 0;
	size_t off = 0;

	CU_ASSERT_EQUAL(nvmt_dbuf_span(s, 100, PS - 100, &a), 0);
	CU_ASSERT_EQUAL(a, s->addrs[0] + 100);
	CU_ASSERT_EQUAL(nvmt_dbuf_span(s, 100, PS - 99, &a), -EINVAL);
	CU_ASSERT_EQUAL(nvmt_dbuf_span(p, 0, 2 * PS, &a), 0);
	CU_ASSERT_EQUAL(nvmt_dbuf_span(p, PS, 2 * PS, &a), -EINVAL);
	CU_ASSERT_EQUAL(nvmt_dbuf_span(s, 3 * PS, PS + 1, &a), -ERANGE);
	CU_ASSERT_EQUAL(nvmt_dbuf_span(s, 0, 0, &a), -ERANGE);
	CU_ASSERT_EQUAL(nvmt_dbuf_offset(s, s->addrs[2] + 77, &off), 0);
	CU_ASSERT_EQUAL(off, 2 * PS + 77);
	CU_ASSERT_EQUAL(nvmt_dbuf_offset(s, s->addrs[2] + PS, &off), -ENOENT);
	CU_ASSERT_EQUAL(nvmt_dbuf_offset(s, s->addrs[0] - 1, &off), -ENOENT);
	dbuf_fake_free(s);
	dbuf_fake_free(p);
}

/* --- PRPs ------------------------------------------------------------------ */

/* Where the walk of a built PRP set is: the next byte of the data. */
struct walk {
	const struct nvmetest_dbuf *data;
	size_t next;
};

/* Each chunk a controller would transfer must be the data's next bytes. */
static int walk_chunk(void *ctx, u64 addr, u32 len)
{
	struct walk *w = ctx;
	uint64_t a = 0;

	if (nvmt_dbuf_span(w->data, w->next, len, &a) || a != addr)
		return -EFAULT;
	w->next += len;
	return 0;
}

/* The list pages of @list from @off, as core/prp.c's walker takes them. */
static struct nvmt_prp_page *walk_lists(const struct nvmetest_dbuf *list, size_t off,
					uint32_t ps, unsigned int *n)
{
	struct nvmt_prp_page *l;

	*n = list ? (unsigned int)((list->size - off) / ps) : 0;
	l = calloc(*n + 1, sizeof(*l));
	CU_ASSERT_FATAL(l != NULL);
	for (unsigned int i = 0; i < *n; i++) {
		l[i].cpu = (uint8_t *)list->va + off + (size_t)i * ps;
		l[i].dma = nvmetest_dbuf_addr(list, off + (size_t)i * ps);
	}
	return l;
}

/*
 * Build the PRPs of [@off, @off + @len) of @data and check them against
 * the specification's rules, written out here: PRP1, PRP2 by page count,
 * every list entry in order with a chain pointer in the last slot of a
 * full list page; then walk them as a controller does and check that
 * the chunks are the data's bytes in order.
 */
static void prp_case(const struct nvmetest_dbuf *data, size_t off, uint32_t len, uint32_t ps,
		     const struct nvmetest_dbuf *list, size_t list_off)
{
	uint32_t per_page = ps / 8, pages, slot = 0, lp = 0;
	uint64_t prp1 = 1, prp2 = 1, want;
	size_t first = off / ps * ps;
	struct nvmt_prp_page *lists;
	struct walk w = { data, off };
	unsigned int nl;
	int ret;

	ret = nvmetest_prp_build(data, off, len, ps, list, list_off, &prp1, &prp2);
	CU_ASSERT_EQUAL(ret, 0);
	if (ret) {
		fprintf(stderr, "\n  off 0x%zx len %u ps %u: %d %s\n", off, len, ps, ret,
			nvmetest_last_error());
		return;
	}
	pages = (uint32_t)((off % ps + len + ps - 1) / ps);
	CU_ASSERT_EQUAL(prp1, nvmetest_dbuf_addr(data, off));
	CU_ASSERT_EQUAL(nvmetest_prp_list_pages(prp1, len, ps) > 0, pages > 2);
	if (pages == 1)
		CU_ASSERT_EQUAL(prp2, 0);
	if (pages == 2)
		CU_ASSERT_EQUAL(prp2, nvmetest_dbuf_addr(data, first + ps));
	if (pages > 2) {
		CU_ASSERT_EQUAL(prp2, nvmetest_dbuf_addr(list, list_off));
		for (uint32_t k = 1; k < pages; k++) {
			if (slot == per_page - 1 && pages - k > 1) {
				want = nvmetest_dbuf_addr(list, list_off + (size_t)(lp + 1) * ps);
				CU_ASSERT_EQUAL(list_entry(list, list_off, ps, lp, slot), want);
				lp++;
				slot = 0;
			}
			want = nvmetest_dbuf_addr(data, first + (size_t)k * ps);
			CU_ASSERT_EQUAL(list_entry(list, list_off, ps, lp, slot), want);
			slot++;
		}
		CU_ASSERT_EQUAL((int)lp + 1, nvmetest_prp_list_pages(prp1, len, ps));
	}
	lists = walk_lists(pages > 2 ? list : NULL, list_off, ps, &nl);
	CU_ASSERT_EQUAL(nvmt_prp_walk(prp1, prp2, len, ps, lists, nl, walk_chunk, &w), 0);
	CU_ASSERT_EQUAL(w.next, off + len);
	free(lists);
}

/* Every first-page offset class against every length class, 4 KiB pages. */
static void test_prp_classes(void)
{
	struct nvmetest_dbuf *data = dbuf_fake(8, SCATTERED), *list = dbuf_fake(2, SCATTERED);
	const size_t offs[] = { 0, 4, 512, PS - 8, PS - 4, 3 * PS, 3 * PS + 2048 };

	for (unsigned int i = 0; i < NVMT_ARRAY_SIZE(offs); i++) {
		size_t off = offs[i];
		uint32_t head = PS - off % PS;
		const uint32_t lens[] = {
			4, head,			/* within the first page, to its end */
			head + 4, head + PS,		/* into and to the end of the second */
			head + PS + 4, head + 2 * PS,	/* three pages: a list */
			PS, 2 * PS, 4 * PS + 8,		/* whole-page lengths */
		};

		for (unsigned int j = 0; j < NVMT_ARRAY_SIZE(lens); j++)
			if (off + lens[j] <= data->size)
				prp_case(data, off, lens[j], PS, list, 0);
	}
	dbuf_fake_free(data);
	dbuf_fake_free(list);
}

/* Exact values of the small cases, written out. */
static void test_prp_exact(void)
{
	struct nvmetest_dbuf *data = dbuf_fake(4, SCATTERED), *list = dbuf_fake(1, SCATTERED);
	uint64_t prp1, prp2;

	/* exactly one page from an aligned start: PRP2 0 */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, PS, PS, NULL, 0, &prp1, &prp2), 0);
	CU_ASSERT_EQUAL(prp1, BASE);
	CU_ASSERT_EQUAL(prp2, 0);
	/* two pages: PRP2 is page 1, 0x100000000 + 37 * 2 pages */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0x10, PS, PS, NULL, 0, &prp1, &prp2), 0);
	CU_ASSERT_EQUAL(prp1, BASE + 0x10);
	CU_ASSERT_EQUAL(prp2, BASE + 74 * PS);
	/* three pages: PRP2 the list, holding pages 1 and 2 */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0x10, 2 * PS, PS, list, 0, &prp1, &prp2), 0);
	CU_ASSERT_EQUAL(prp2, list->addrs[0]);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 0, 0), BASE + 74 * PS);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 0, 1), BASE + 148 * PS);
	/* the slot after the last entry is not written */
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 0, 2), 0xa5a5a5a5a5a5a5a5ull);
	/* no data: both zero, no buffer touched */
	prp1 = prp2 = 1;
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 0, PS, NULL, 0, &prp1, &prp2), 0);
	CU_ASSERT_EQUAL(prp1, 0);
	CU_ASSERT_EQUAL(prp2, 0);
	dbuf_fake_free(data);
	dbuf_fake_free(list);
}

/* Lists of one full page, and of two and three chained pages. */
static void test_prp_chain(void)
{
	struct nvmetest_dbuf *data = dbuf_fake(1100, SCATTERED), *list = dbuf_fake(5, SCATTERED);
	uint64_t prp1, prp2;

	/* 513 pages: 512 entries fill one list page, the last slot a data entry */
	prp_case(data, 0, 513 * PS, PS, list, 0);
	CU_ASSERT_EQUAL(nvmetest_prp_list_pages(0, 513 * PS, PS), 1);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 0, 511), data->addrs[512]);
	/* one more: slot 511 chains to list page 1, which has the last two */
	prp_case(data, 0, 514 * PS, PS, list, 0);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 0, 511), list->addrs[1]);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 1, 0), data->addrs[512]);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 1, 1), data->addrs[513]);
	/* an offset start and three list pages, the list from list page 2 on */
	prp_case(data, 8, 1030 * PS, PS, list, 2 * PS);
	CU_ASSERT_EQUAL(nvmetest_prp_list_pages(8, 1030 * PS, PS), 3);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 8, 1030 * PS, PS, list, 2 * PS, &prp1, &prp2), 0);
	CU_ASSERT_EQUAL(prp2, list->addrs[2]);
	CU_ASSERT_EQUAL(list_entry(list, 2 * PS, PS, 0, 511), list->addrs[3]);
	CU_ASSERT_EQUAL(list_entry(list, 2 * PS, PS, 1, 511), list->addrs[4]);
	CU_ASSERT_EQUAL(list_entry(list, 2 * PS, PS, 2, 0), data->addrs[1023]);
	dbuf_fake_free(data);
	dbuf_fake_free(list);
}

/* 8 KiB memory pages over 4 KiB buffer pages: pairs must be contiguous. */
static void test_prp_large_pages(void)
{
	struct nvmetest_dbuf *data = dbuf_fake(12, PAIRS), *list = dbuf_fake(2, PAIRS);
	struct nvmetest_dbuf *scat = dbuf_fake(12, SCATTERED);
	uint64_t prp1, prp2;

	prp_case(data, 0, 8192, 8192, list, 0);
	prp_case(data, 4096 + 16, 8192, 8192, list, 0);
	prp_case(data, 100 * 4, 5 * 8192, 8192, list, 0);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 8, 3 * 8192, 8192, list, 0, &prp1, &prp2), 0);
	CU_ASSERT_EQUAL(list_entry(list, 0, 8192, 0, 0), data->addrs[2]);
	CU_ASSERT_EQUAL(list_entry(list, 0, 8192, 0, 1), data->addrs[4]);
	/* the second 8 KiB page is two scattered pages: not expressible */
	CU_ASSERT_EQUAL(nvmetest_prp_build(scat, 0, 3 * 8192, 8192, list, 0, &prp1, &prp2),
			-EINVAL);
	/* within one memory page a scattered buffer is just as wrong */
	CU_ASSERT_EQUAL(nvmetest_prp_build(scat, 0, 8192, 8192, NULL, 0, &prp1, &prp2), -EINVAL);
	/* a list page of two scattered pages */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 3 * 8192, 8192, scat, 0, &prp1, &prp2),
			-EINVAL);
	dbuf_fake_free(data);
	dbuf_fake_free(list);
	dbuf_fake_free(scat);
}

static void test_prp_errors(void)
{
	struct nvmetest_dbuf *data = dbuf_fake(8, SCATTERED), *list = dbuf_fake(1, SCATTERED);
	struct nvmetest_dbuf *pair = dbuf_fake(2, PAIRS);
	uint64_t prp1 = 7, prp2 = 7;

	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, PS, 0, NULL, 0, &prp1, &prp2), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, PS, 2048, NULL, 0, &prp1, &prp2), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, PS, 3 * PS, NULL, 0, &prp1, &prp2), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 0, 12288, NULL, 0, &prp1, &prp2), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_prp_list_pages(0, PS, 5000), -EINVAL);
	/* not dword aligned */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 2, 8, PS, NULL, 0, &prp1, &prp2), -EINVAL);
	/* past the data buffer */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 7 * PS, PS + 4, PS, list, 0, &prp1, &prp2),
			-ERANGE);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 9 * PS, 4, PS, list, 0, &prp1, &prp2), -ERANGE);
	/* a list needed and none given */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 3 * PS, PS, NULL, 0, &prp1, &prp2), -ENOSPC);
	/* the list page passes its buffer, is not contiguous, or not page aligned */
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 3 * PS, PS, list, 8, &prp1, &prp2), -ERANGE);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 3 * PS, PS, list, PS, &prp1, &prp2), -ERANGE);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 3 * PS, PS, data, 8, &prp1, &prp2), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_prp_build(data, 0, 3 * PS, PS, pair, 8, &prp1, &prp2), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(nvmetest_last_error());
	/* nothing was written by any of them */
	CU_ASSERT_EQUAL(prp1, 7);
	CU_ASSERT_EQUAL(prp2, 7);
	CU_ASSERT_EQUAL(list_entry(list, 0, PS, 0, 0), 0xa5a5a5a5a5a5a5a5ull);
	CU_ASSERT_EQUAL(list_entry(pair, 8, PS, 0, 0), 0xa5a5a5a5a5a5a5a5ull);
	dbuf_fake_free(data);
	dbuf_fake_free(list);
	dbuf_fake_free(pair);
}

static void test_prp_entry_set(void)
{
	struct nvmetest_dbuf *b = dbuf_fake(1, SCATTERED);
	const uint8_t want[8] = { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 };

	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(b, 13, 0x0102030405060708ull), 0);
	CU_ASSERT_EQUAL(memcmp((uint8_t *)b->va + 13, want, 8), 0);
	CU_ASSERT_EQUAL(((uint8_t *)b->va)[12], POISON);
	CU_ASSERT_EQUAL(((uint8_t *)b->va)[21], POISON);
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(b, PS - 8, 1), 0);
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(b, PS - 7, 1), -ERANGE);
	CU_ASSERT_EQUAL(nvmetest_prp_entry_set(b, PS * 2, 1), -ERANGE);
	dbuf_fake_free(b);
}

/* --- wire formats ---------------------------------------------------------- */

static void test_sgl(void)
{
	static const uint8_t data_block[16] = {
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0x10, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t bit_bucket[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	};
	static const uint8_t segment[16] = {
		0x00, 0xf0, 0xee, 0xdb, 0xea, 0x0d, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x20,
	};
	static const uint8_t last_segment[16] = {
		0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x30,
	};
	static const uint8_t any[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x78, 0x56, 0x34, 0x12,
		0x00, 0x00, 0x00, 0x3a,
	};
	uint8_t d[16];

	memset(d, POISON, sizeof(d));
	nvmetest_sgl_data_block(d, 0x1122334455667788ull, 0x1000);
	CU_ASSERT_EQUAL(memcmp(d, data_block, 16), 0);
	memset(d, POISON, sizeof(d));
	nvmetest_sgl_bit_bucket(d, 0x200);
	CU_ASSERT_EQUAL(memcmp(d, bit_bucket, 16), 0);
	memset(d, POISON, sizeof(d));
	nvmetest_sgl_segment(d, 0xdeadbeef000ull, 0x30);
	CU_ASSERT_EQUAL(memcmp(d, segment, 16), 0);
	memset(d, POISON, sizeof(d));
	nvmetest_sgl_last_segment(d, 0x100001000ull, 0x20);
	CU_ASSERT_EQUAL(memcmp(d, last_segment, 16), 0);
	/* any type and sub type, each kept to its 4 bits */
	nvmetest_sgl_desc(d, ~0ull, 0x12345678, 0x13, 0x2a);
	CU_ASSERT_EQUAL(memcmp(d, any, 16), 0);
}

/* An SQE with every field set, and its wire bytes worked out by hand. */
static void sqe_example(struct nvmetest_sqe *s)
{
	memset(s, 0, sizeof(*s));
	s->opcode = 0x02;
	s->fuse = 1;
	s->psdt = 2;
	s->cid = 0xabcd;
	s->nsid = 0x01020304;
	s->dw[2] = 0x11111111;
	s->dw[3] = 0x22222222;
	s->mptr = 0x0807060504030201ull;
	s->prp1 = 0x100002010ull;
	s->prp2 = 0xfedcba9876543000ull;
	for (unsigned int i = 10; i < 16; i++)
		s->dw[i] = 0xa0a0a000 + i;
}

static const uint8_t sqe_example_bytes[64] = {
	0x02, 0x81, 0xcd, 0xab,	0x04, 0x03, 0x02, 0x01,	/* CDW0, NSID */
	0x11, 0x11, 0x11, 0x11,	0x22, 0x22, 0x22, 0x22,	/* CDW2, CDW3 */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,	/* MPTR */
	0x10, 0x20, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,	/* PRP1 */
	0x00, 0x30, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,	/* PRP2 */
	0x0a, 0xa0, 0xa0, 0xa0,	0x0b, 0xa0, 0xa0, 0xa0,	/* CDW10, 11 */
	0x0c, 0xa0, 0xa0, 0xa0,	0x0d, 0xa0, 0xa0, 0xa0,	/* CDW12, 13 */
	0x0e, 0xa0, 0xa0, 0xa0,	0x0f, 0xa0, 0xa0, 0xa0,	/* CDW14, 15 */
};

static void test_sqe_encode(void)
{
	uint64_t rng = 0x5eed;
	struct nvmetest_sqe s, t;
	uint8_t raw[64], back[64];
	uint8_t desc[16];

	sqe_example(&s);
	nvmetest_sqe_encode(&s, raw);
	CU_ASSERT_EQUAL(memcmp(raw, sqe_example_bytes, 64), 0);
	/* the named fields win over dw[]; CDW0's reserved bits 13:10 come from dw[0] */
	s.dw[0] = 0xffffffff;
	s.dw[1] = s.dw[4] = s.dw[6] = s.dw[9] = 0xdeadbeef;
	s.fuse = 0xff;	/* kept to its 2 bits */
	nvmetest_sqe_encode(&s, raw);
	CU_ASSERT_EQUAL(raw[0], 0x02);
	CU_ASSERT_EQUAL(raw[1], 0xbf);	/* PSDT 2, reserved 1111b, FUSE 3 */
	CU_ASSERT_EQUAL(memcmp(raw + 2, sqe_example_bytes + 2, 62), 0);
	/* encode(decode(bytes)) is the bytes, for any bytes */
	for (unsigned int i = 0; i < 100; i++) {
		for (unsigned int j = 0; j < 64; j += 8) {
			uint64_t r = unit_rng(&rng);

			memcpy(raw + j, &r, 8);
		}
		nvmetest_sqe_decode(raw, &t);
		nvmetest_sqe_encode(&t, back);
		CU_ASSERT_EQUAL(memcmp(raw, back, 64), 0);
	}
	/* an SGL descriptor as SGL1 */
	sqe_example(&s);
	nvmetest_sgl_data_block(desc, 0x123456789000ull, 0x200);
	nvmetest_sqe_sgl1(&s, desc);
	nvmetest_sqe_encode(&s, raw);
	CU_ASSERT_EQUAL(memcmp(raw + 24, desc, 16), 0);
	CU_ASSERT_EQUAL(memcmp(raw, sqe_example_bytes, 24), 0);
	CU_ASSERT_EQUAL(memcmp(raw + 40, sqe_example_bytes + 40, 24), 0);
}

/* test_admin checks the fields and DNR; here the other status bits, phase 0 */
static void test_cqe_decode(void)
{
	static const uint8_t raw[16] = {
		0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55,	/* DW0, DW1 */
		0xff, 0xff, 0x01, 0x00, 0x34, 0x12,		/* SQHD, SQID, CID */
		0x02, 0x73,	/* P 0, SC 0x81 SCT 1 CRD 3 M 1 DNR 0 */
	};
	struct nvmetest_cqe c;

	nvmetest_cqe_decode(raw, &c);
	CU_ASSERT_EQUAL(c.result, 0x11223344);
	CU_ASSERT_EQUAL(c.dw1, 0x55667788);
	CU_ASSERT_EQUAL(c.sqhd, 0xffff);
	CU_ASSERT_EQUAL(c.sqid, 1);
	CU_ASSERT_EQUAL(c.cid, 0x1234);
	CU_ASSERT_EQUAL(c.status, 0x3981);
	CU_ASSERT_EQUAL(c.phase, 0);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_SC(c.status), 0x81);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_SCT(c.status), 1);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_CRD(c.status), 3);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_MORE(c.status), 1);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_DNR(c.status), 0);
}

static void test_doorbell_offset(void)
{
	const uint64_t dstrd2 = 2ull << 32;	/* 16-byte stride */

	CU_ASSERT_EQUAL(nvmetest_doorbell_offset(0, 0, false), 0x1000);
	CU_ASSERT_EQUAL(nvmetest_doorbell_offset(0, 0, true), 0x1004);
	CU_ASSERT_EQUAL(nvmetest_doorbell_offset(0, 1, false), 0x1008);
	CU_ASSERT_EQUAL(nvmetest_doorbell_offset(dstrd2, 2, true), 0x1050);
	CU_ASSERT_EQUAL(nvmetest_doorbell_offset(0, 65535, true), 0x1000 + 131071 * 4);
}

/* --- raw queues ------------------------------------------------------------ */

/* Post a CQE as a device would: the entry, then the status with the phase. */
static void cqe_put(uint8_t *slot, uint16_t cid, uint16_t status, bool phase)
{
	memset(slot, 0, 16);
	nvmt_put_le32(slot, 0xc0de0000u | cid);
	slot[12] = (uint8_t)cid;
	slot[13] = (uint8_t)(cid >> 8);
	slot[14] = (uint8_t)(status << 1 | phase);
	slot[15] = (uint8_t)(status >> 7);
}

/* The CID of the entry nvmetest_raw_cq_peek() sees at the head, or -1. */
static int peeked_cid(struct nvmetest_rawq *q)
{
	struct nvmetest_cqe c;

	return nvmetest_raw_cq_peek(q, &c) ? c.cid : -1;
}

static void test_cq_phase(void)
{
	uint8_t ring[4 * 16] = { 0 };
	struct nvmetest_rawq q = { .ring = ring };
	struct nvmetest_cqe c;

	nvmt_rawq_setup(&q, true, 3, 4, 16, 1ull << 32);
	CU_ASSERT_EQUAL(q.doorbell, 0x1000 + 7 * 8);
	CU_ASSERT_EQUAL(q.phase, 1);
	/* a zeroed ring holds nothing */
	CU_ASSERT_EQUAL(peeked_cid(&q), -1);
	cqe_put(ring, 10, 0x4002, 1);
	CU_ASSERT_TRUE(nvmetest_raw_cq_peek(&q, &c));
	CU_ASSERT_EQUAL(c.cid, 10);
	CU_ASSERT_EQUAL(c.result, 0xc0de000a);
	CU_ASSERT_EQUAL(c.status, 0x4002);
	/* peek does not consume */
	CU_ASSERT_TRUE(nvmetest_raw_cq_peek(&q, NULL));
	nvmetest_raw_cq_pop(&q);
	CU_ASSERT_EQUAL(q.head, 1);
	CU_ASSERT_EQUAL(peeked_cid(&q), -1);
	for (uint16_t i = 1; i < 4; i++)
		cqe_put(ring + 16 * i, 10 + i, 0, 1);
	for (uint16_t i = 1; i < 4; i++, nvmetest_raw_cq_pop(&q))
		CU_ASSERT_EQUAL(peeked_cid(&q), 10 + i);
	/* wrapped: the first pass's entry at 0 is stale now */
	CU_ASSERT_EQUAL(q.head, 0);
	CU_ASSERT_EQUAL(q.phase, 0);
	CU_ASSERT_EQUAL(peeked_cid(&q), -1);
	cqe_put(ring, 20, 0x0281, 0);
	CU_ASSERT_TRUE(nvmetest_raw_cq_peek(&q, &c));
	CU_ASSERT_EQUAL(c.cid, 20);
	CU_ASSERT_EQUAL(c.status, 0x0281);
	CU_ASSERT_EQUAL(c.phase, 0);
	/* a second wrap goes back to phase 1 */
	for (int i = 0; i < 4; i++)
		nvmetest_raw_cq_pop(&q);
	CU_ASSERT_EQUAL(q.phase, 1);
	CU_ASSERT_EQUAL(peeked_cid(&q), -1);
	/* an SQ is no CQ, and a CQ no SQ: refused before any device access */
	q.cq = false;
	CU_ASSERT_FALSE(nvmetest_raw_cq_peek(&q, &c));
	CU_ASSERT_EQUAL(nvmetest_raw_cq_ring(&q), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, -1, 0, &c), -EINVAL);
	q.cq = true;
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(&q), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_post(&q, ring), -EINVAL);
}

static void test_sq_post(void)
{
	uint8_t ring[3 * 128], sqe[64];
	struct nvmetest_rawq q = { .ring = ring };

	nvmt_rawq_setup(&q, false, 1, 3, 64, 0);
	CU_ASSERT_EQUAL(q.doorbell, 0x1008);
	for (int i = 0; i < 4; i++) {
		memset(sqe, 0x10 + i, sizeof(sqe));
		CU_ASSERT_EQUAL(nvmetest_raw_sq_post(&q, sqe), i % 3);
	}
	CU_ASSERT_EQUAL(q.tail, 1);
	CU_ASSERT_EQUAL(ring[0], 0x13);
	CU_ASSERT_EQUAL(ring[63], 0x13);
	CU_ASSERT_EQUAL(ring[64], 0x11);
	CU_ASSERT_EQUAL(ring[128], 0x12);
	CU_ASSERT_EQUAL(ring[191], 0x12);
	/* 128-byte entries: the half past the SQE is zeroed */
	memset(ring, POISON, sizeof(ring));
	nvmt_rawq_setup(&q, false, 1, 3, 128, 0);
	memset(sqe, 0x42, sizeof(sqe));
	CU_ASSERT_EQUAL(nvmetest_raw_sq_post(&q, sqe), 0);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_post(&q, sqe), 1);
	CU_ASSERT_EQUAL(ring[127], 0);
	CU_ASSERT_EQUAL(ring[128], 0x42);
	CU_ASSERT_EQUAL(ring[255], 0);
	CU_ASSERT_EQUAL(ring[256], POISON);
	CU_ASSERT_EQUAL(q.tail, 2);
}

/* A PC = 0 ring: two memory pages, listed out of order, read through the list. */
static void test_discontig_ring(void)
{
	struct nvmetest_dbuf *b = dbuf_fake(4, SCATTERED), *p = dbuf_fake(6, PAIRS);
	struct nvmetest_rawq q = { .page_size = PS };
	uint8_t *va = b->va;

	memset(va, 0, b->size);
	nvmt_rawq_setup(&q, true, 1, 512, 16, 0);	/* 8 KiB: two pages */
	nvmetest_prp_entry_set(b, 3 * PS, b->addrs[2]);
	nvmetest_prp_entry_set(b, 3 * PS + 8, b->addrs[0]);
	CU_ASSERT_EQUAL_FATAL(nvmt_rawq_map_list(&q, b, 3 * PS), 0);
	CU_ASSERT_PTR_EQUAL(q.pages[0], va + 2 * PS);
	CU_ASSERT_PTR_EQUAL(q.pages[1], va);
	/* entry 256 is the first of the second page of the list: page 0 */
	cqe_put(va, 256, 0, 1);
	for (int i = 0; i < 256; i++)
		nvmetest_raw_cq_pop(&q);
	CU_ASSERT_EQUAL(peeked_cid(&q), 256);
	free(q.pages);
	q.pages = NULL;

	/* in order, the usual layout */
	nvmetest_prp_entry_set(b, 3 * PS, b->addrs[1]);
	nvmetest_prp_entry_set(b, 3 * PS + 8, b->addrs[2]);
	CU_ASSERT_EQUAL_FATAL(nvmt_rawq_map_list(&q, b, 3 * PS), 0);
	CU_ASSERT_PTR_EQUAL(q.pages[0], va + PS);
	CU_ASSERT_PTR_EQUAL(q.pages[1], va + 2 * PS);
	free(q.pages);
	q.pages = NULL;

	/* entries with an offset (also within contiguous pages), or not pages
	 * of the buffer */
	nvmetest_prp_entry_set(b, 3 * PS, b->addrs[2]);
	nvmetest_prp_entry_set(b, 3 * PS + 8, b->addrs[0] + 512);
	CU_ASSERT_EQUAL(nvmt_rawq_map_list(&q, b, 3 * PS), -EINVAL);
	nvmetest_prp_entry_set(p, 5 * PS, p->addrs[0] + 512);
	nvmetest_prp_entry_set(p, 5 * PS + 8, p->addrs[2]);
	CU_ASSERT_EQUAL(nvmt_rawq_map_list(&q, p, 5 * PS), -EINVAL);
	nvmetest_prp_entry_set(b, 3 * PS + 8, 0x1000);
	CU_ASSERT_EQUAL(nvmt_rawq_map_list(&q, b, 3 * PS), -EINVAL);
	CU_ASSERT_PTR_NULL(q.pages);
	/* the list passes the buffer */
	CU_ASSERT_EQUAL(nvmt_rawq_map_list(&q, b, 4 * PS - 8), -ERANGE);
	/* an entry larger than a memory page cannot be read through pages */
	nvmt_rawq_setup(&q, false, 1, 2, 8192, 0);
	CU_ASSERT_EQUAL(nvmt_rawq_map_list(&q, b, 0), -EINVAL);

	/* 8 KiB memory pages: a contiguous pair is one, a scattered one is not */
	q.page_size = 8192;
	nvmt_rawq_setup(&q, false, 1, 256, 64, 0);	/* 16 KiB: two pages */
	nvmetest_prp_entry_set(p, 4 * PS, p->addrs[2]);
	nvmetest_prp_entry_set(p, 4 * PS + 8, p->addrs[0]);
	CU_ASSERT_EQUAL_FATAL(nvmt_rawq_map_list(&q, p, 4 * PS), 0);
	CU_ASSERT_PTR_EQUAL(q.pages[1], (uint8_t *)p->va);
	free(q.pages);
	q.pages = NULL;
	nvmetest_prp_entry_set(b, 0, b->addrs[2]);
	nvmetest_prp_entry_set(b, 8, b->addrs[0]);
	CU_ASSERT_EQUAL(nvmt_rawq_map_list(&q, b, 0), -EINVAL);
	dbuf_fake_free(b);
	dbuf_fake_free(p);
}

/* A device on another thread: posts a CQE later, then signals the eventfd. */
struct late_post {
	uint8_t *slot;
	int efd;
	bool phase;
};

static void *late_post(void *arg)
{
	struct late_post *lp = arg;
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	uint64_t one = 1;

	nanosleep(&nap, NULL);
	cqe_put(lp->slot, 77, 0, lp->phase);
	if (lp->efd >= 0 && write(lp->efd, &one, sizeof(one)) != sizeof(one))
		abort();
	return NULL;
}

static void test_cq_wait(void)
{
	uint8_t ring[2 * 16] = { 0 };
	struct nvmetest_rawq q = { .ring = ring };
	struct late_post lp = { ring + 16, -1, 1 };
	uint64_t n = 0, three = 3;
	struct nvmetest_cqe c;
	pthread_t t;
	int efd;

	nvmt_rawq_setup(&q, true, 1, 2, 16, 0);
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CU_ASSERT_FATAL(efd >= 0);
	/* nothing there: a timeout, polling or on the eventfd */
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, -1, 0, &c), -ETIMEDOUT);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, -1, 5, &c), -ETIMEDOUT);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, efd, 5, &c), -ETIMEDOUT);
	/* an interrupt without an entry (another CQ's): looked, emptied, timed out */
	CU_ASSERT_EQUAL(write(efd, &three, sizeof(three)), sizeof(three));
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, efd, 5, &c), -ETIMEDOUT);
	CU_ASSERT_EQUAL(nvmetest_irq_wait(efd, 0, &n), -ETIMEDOUT);
	/* an entry that is there is returned at once, and not popped */
	cqe_put(ring, 5, 0, 1);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, efd, 0, &c), 0);
	CU_ASSERT_EQUAL(c.cid, 5);
	CU_ASSERT_EQUAL(q.head, 0);
	nvmetest_raw_cq_pop(&q);
	/*
	 * One that comes later, seen by polling, then (the ring wrapped: the
	 * stale entry at 0 has phase 1, the new one 0) through the eventfd.
	 * The timeouts only bound a broken build; nothing here is timed.
	 */
	CU_ASSERT_FATAL(pthread_create(&t, NULL, late_post, &lp) == 0);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, -1, 60000, &c), 0);
	CU_ASSERT_EQUAL(c.cid, 77);
	pthread_join(t, NULL);
	nvmetest_raw_cq_pop(&q);
	CU_ASSERT_EQUAL(q.phase, 0);
	lp = (struct late_post){ ring, efd, 0 };
	CU_ASSERT_FATAL(pthread_create(&t, NULL, late_post, &lp) == 0);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_wait(&q, efd, 60000, &c), 0);
	CU_ASSERT_EQUAL(c.cid, 77);
	CU_ASSERT_EQUAL(c.phase, 0);
	pthread_join(t, NULL);
	close(efd);
}

static void test_irq_wait(void)
{
	uint64_t n = 0, three = 3;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	CU_ASSERT_FATAL(efd >= 0);
	CU_ASSERT_EQUAL(nvmetest_irq_wait(efd, 0, &n), -ETIMEDOUT);
	CU_ASSERT_EQUAL(write(efd, &three, sizeof(three)), sizeof(three));
	CU_ASSERT_EQUAL(nvmetest_irq_wait(efd, 1000, &n), 1);
	CU_ASSERT_EQUAL(n, 3);
	/* the read emptied it */
	CU_ASSERT_EQUAL(nvmetest_irq_wait(efd, 1, NULL), -ETIMEDOUT);
	close(efd);
	CU_ASSERT_EQUAL(nvmetest_irq_wait(-1, 0, &n), -ETIMEDOUT);
}

/* --- mappings of BAR0 ------------------------------------------------------ */

/* The memfd's name, as /proc/self/maps shows its mappings. */
#define BAR_NAME	"nvmetest-unit-bar0"
#define BAR_PAGES	16

/*
 * A device whose file is a memfd of BAR_PAGES pages filled with POISON:
 * its mmap() maps the "BAR", and every ioctl on it fails with -ENOTTY,
 * so a doorbell value found in the memfd went through a mapping, not
 * through REG_WRITE. @seals (F_SEAL_WRITE) make a writable mapping fail
 * with -EPERM, as the driver refuses one without the raw path's gate.
 */
static void bar_fake(struct nvmetest_dev *dev, int seals)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *page = malloc(ps);

	CU_ASSERT_FATAL(page != NULL);
	memset(dev, 0, sizeof(*dev));
	snprintf(dev->path, sizeof(dev->path), "/dev/nvmetest9");
	dev->fd = memfd_create(BAR_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	CU_ASSERT_FATAL(dev->fd >= 0);
	memset(page, POISON, ps);
	for (int i = 0; i < BAR_PAGES; i++)
		CU_ASSERT_FATAL(pwrite(dev->fd, page, ps, (off_t)(i * ps)) == (ssize_t)ps);
	free(page);
	if (seals)
		CU_ASSERT_FATAL(fcntl(dev->fd, F_ADD_SEALS, seals) == 0);
	dev->info.abi_major = 1;
	dev->info.abi_minor = 12;
	dev->info.bar0_len = BAR_PAGES * ps;
	dev->info.capabilities = NVMETEST_INFO_CAP_BARMAP;
}

/* The little-endian dword at @off of the fake BAR, read past any mapping. */
static uint32_t bar_read32(const struct nvmetest_dev *dev, uint32_t off)
{
	uint8_t b[4];

	CU_ASSERT_FATAL(pread(dev->fd, b, sizeof(b), off) == (ssize_t)sizeof(b));
	return unit_le32(b);
}

/*
 * The mappings of the fake BAR in /proc/self/maps, and in @perms
 * ("r--s", "rw-s") those of the one holding @addr ("" when none does).
 */
static int bar_mappings(const void *addr, char perms[5])
{
	unsigned long lo, hi, a = (unsigned long)addr;
	char line[512], p[5];
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0;

	CU_ASSERT_FATAL(f != NULL);
	perms[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "memfd:" BAR_NAME) ||
		    sscanf(line, "%lx-%lx %4s", &lo, &hi, p) != 3)
			continue;
		n++;
		if (a >= lo && a < hi)
			memcpy(perms, p, 5);
	}
	fclose(f);
	return n;
}

/* Whether the last error has @s in it (a missing one has nothing). */
static bool error_says(const char *s)
{
	const char *e = nvmetest_last_error();

	return e && strstr(e, s);
}

/* A raw queue as nvmetest_raw_*_create() leaves it, on @ring. */
static struct nvmetest_rawq *rawq_fake(struct nvmetest_dev *dev, bool cq, uint16_t qid,
				       uint8_t *ring, uint32_t depth)
{
	struct nvmetest_rawq *q = calloc(1, sizeof(*q));

	CU_ASSERT_FATAL(q != NULL);
	nvmt_rawq_setup(q, cq, qid, depth, cq ? 16 : 64, 0);
	q->dev = dev;
	q->ring = ring;
	return q;
}

static void test_bar_map(void)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	struct nvmetest_dev dev;
	void *ro, *rw, *va = &va;
	char perms[5];

	bar_fake(&dev, 0);
	/* read-only: the bytes at the offset, shared, no write */
	CU_ASSERT_EQUAL_FATAL(nvmetest_bar_map(&dev, 0, 2 * ps, false, &ro), 0);
	CU_ASSERT_EQUAL(pwrite(dev.fd, "\x11\x22\x33\x44", 4, ps + 8), 4);
	CU_ASSERT_EQUAL(nvmt_get_le32((uint8_t *)ro + ps + 8), 0x44332211);
	CU_ASSERT_EQUAL(bar_mappings(ro, perms), 1);
	CU_ASSERT_STRING_EQUAL(perms, "r--s");
	/* writable, from page 2: a store lands at that offset of the file */
	CU_ASSERT_EQUAL_FATAL(nvmetest_bar_map(&dev, 2 * ps, ps, true, &rw), 0);
	CU_ASSERT_EQUAL(bar_mappings(rw, perms), 2);
	CU_ASSERT_STRING_EQUAL(perms, "rw-s");
	*(volatile uint32_t *)((uint8_t *)rw + 4) = htole32(0xcafef00d);
	CU_ASSERT_EQUAL(bar_read32(&dev, (uint32_t)(2 * ps + 4)), 0xcafef00d);
	CU_ASSERT_EQUAL(bar_read32(&dev, (uint32_t)(2 * ps)), 0xa5a5a5a5);
	CU_ASSERT_EQUAL(nvmetest_bar_unmap(rw, ps), 0);
	CU_ASSERT_EQUAL(nvmetest_bar_unmap(ro, 2 * ps), 0);
	CU_ASSERT_EQUAL(bar_mappings(ro, perms), 0);
	CU_ASSERT_EQUAL(nvmetest_bar_unmap(NULL, ps), 0);
	CU_ASSERT_EQUAL(nvmetest_bar_unmap((uint8_t *)ro + 1, ps), -EINVAL);

	/* what the library refuses before mmap(), @addr NULL each time */
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, 8, ps, false, &va), -EINVAL);
	CU_ASSERT_PTR_NULL(va);
	CU_ASSERT_TRUE(error_says("multiples of the"));
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, 0, ps + 8, false, &va), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, 0, 0, false, &va), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, BAR_PAGES * ps, ps, false, &va), -EINVAL);
	CU_ASSERT_TRUE(error_says("passes the"));
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, ps, BAR_PAGES * ps, true, &va), -EINVAL);
	/* from NVMETEST_MMAP_BAR0_END on the offsets are DMA buffers', even in
	 * a BAR0 that large */
	dev.info.bar0_len = 2 * NVMETEST_MMAP_BAR0_END;
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, NVMETEST_MMAP_BAR0_END, ps, false, &va), -EINVAL);
	CU_ASSERT_PTR_NULL(va);
	dev.info.bar0_len = BAR_PAGES * ps;
	dev.info.capabilities = NVMETEST_INFO_CAP_RAW;
	va = &va;
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, 0, ps, false, &va), -EOPNOTSUPP);
	CU_ASSERT_PTR_NULL(va);
	CU_ASSERT_TRUE(error_says("needs 1.12"));
	CU_ASSERT_EQUAL(bar_mappings(NULL, perms), 0);
	close(dev.fd);

	/* mmap()'s errno, with the driver's reason for it */
	bar_fake(&dev, F_SEAL_WRITE);
	CU_ASSERT_EQUAL(nvmetest_bar_map(&dev, ps, ps, true, &va), -EPERM);
	CU_ASSERT_PTR_NULL(va);
	CU_ASSERT_TRUE(error_says("raw path's gate"));
	CU_ASSERT_TRUE(error_says("writable mmap of BAR0 0x"));
	CU_ASSERT_EQUAL_FATAL(nvmetest_bar_map(&dev, ps, ps, false, &ro), 0);
	CU_ASSERT_EQUAL(nvmetest_bar_unmap(ro, ps), 0);
	close(dev.fd);
}

static void test_raw_db_map(void)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t sq_ring[4 * 64] = { 0 }, cq_ring[4 * 16] = { 0 }, sqe[64] = { 0 };
	struct nvmetest_rawq *sq, *cq;
	struct nvmetest_dev dev;
	void *page;
	char perms[5];

	bar_fake(&dev, 0);
	/* queue 515: SQ tail 0x1000 + 1030 * 4, CQ head the dword after */
	sq = rawq_fake(&dev, false, 515, sq_ring, 4);
	cq = rawq_fake(&dev, true, 515, cq_ring, 4);
	CU_ASSERT_EQUAL_FATAL(sq->doorbell, 0x2018);
	/* not mapped: REG_WRITE, whose error (no driver here) comes back */
	nvmetest_raw_sq_post(sq, sqe);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(sq), -ENOTTY);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x2018), 0xa5a5a5a5);

	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_db_map(sq), 0);
	page = sq->db_page;
	CU_ASSERT_EQUAL((uintptr_t)page % ps, 0);
	CU_ASSERT_PTR_EQUAL(sq->db_reg, (uint8_t *)page + 0x2018 % ps);
	CU_ASSERT_EQUAL(bar_mappings(page, perms), 1);
	CU_ASSERT_STRING_EQUAL(perms, "rw-s");
	/* mapped already: nothing more */
	CU_ASSERT_EQUAL(nvmetest_raw_db_map(sq), 0);
	CU_ASSERT_PTR_EQUAL(sq->db_page, page);
	CU_ASSERT_EQUAL(bar_mappings(page, perms), 1);

	/* the tail after two posts, then any value; neighbours untouched */
	nvmetest_raw_sq_post(sq, sqe);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(sq), 0);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x2018), 2);
	CU_ASSERT_EQUAL(nvmetest_raw_db_write(sq, 0xdeadbeef), 0);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x2018), 0xdeadbeef);
	CU_ASSERT_EQUAL(sq->tail, 2);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x2014), 0xa5a5a5a5);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x201c), 0xa5a5a5a5);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_ring(sq), -EINVAL);

	/* the CQ's head doorbell, through a mapping of its own */
	CU_ASSERT_EQUAL_FATAL(nvmetest_raw_db_map(cq), 0);
	CU_ASSERT_PTR_EQUAL(cq->db_reg, (uint8_t *)cq->db_page + 0x201c % ps);
	for (int i = 0; i < 3; i++)
		nvmetest_raw_cq_pop(cq);
	CU_ASSERT_EQUAL(nvmetest_raw_cq_ring(cq), 0);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x201c), 3);
	CU_ASSERT_EQUAL(bar_read32(&dev, 0x2018), 0xdeadbeef);
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(cq), -EINVAL);
	CU_ASSERT_EQUAL(bar_mappings(NULL, perms), 2);

	/* delete unmaps, also when the Delete fails (no driver: -ENOTTY) */
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(sq), -ENOTTY);
	CU_ASSERT_EQUAL(bar_mappings(page, perms), 1);
	CU_ASSERT_STRING_EQUAL(perms, "");
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(cq), -ENOTTY);
	CU_ASSERT_EQUAL(bar_mappings(NULL, perms), 0);
	close(dev.fd);
}

/* A refused mapping: the error with the queue named, REG_WRITE kept. */
static void test_raw_db_map_errors(void)
{
	uint8_t sq_ring[2 * 64] = { 0 };
	struct nvmetest_rawq *sq;
	struct nvmetest_dev dev;
	char perms[5];

	bar_fake(&dev, F_SEAL_WRITE);
	sq = rawq_fake(&dev, false, 515, sq_ring, 2);
	CU_ASSERT_EQUAL(nvmetest_raw_db_map(sq), -EPERM);
	CU_ASSERT_PTR_NULL(sq->db_page);
	CU_ASSERT_PTR_NULL(sq->db_reg);
	CU_ASSERT_TRUE(error_says("SQ 515 tail doorbell (0x2018)"));
	CU_ASSERT_TRUE(error_says("raw path's gate"));
	CU_ASSERT_EQUAL(nvmetest_raw_sq_ring(sq), -ENOTTY);
	/* without the capability, mmap() is not tried */
	dev.info.capabilities = NVMETEST_INFO_CAP_RAW | NVMETEST_INFO_CAP_DBUF;
	CU_ASSERT_EQUAL(nvmetest_raw_db_map(sq), -EOPNOTSUPP);
	CU_ASSERT_PTR_NULL(sq->db_page);
	CU_ASSERT_EQUAL(bar_mappings(NULL, perms), 0);
	CU_ASSERT_EQUAL(nvmetest_rawq_delete(sq), -ENOTTY);
	close(dev.fd);
}

static CU_TestInfo tests[] = {
	{ "DMA buffer addresses", test_dbuf_addr },
	{ "contiguous spans and reverse lookup", test_dbuf_span },
	{ "PRP: every first-page offset and length class", test_prp_classes },
	{ "PRP: exact small cases", test_prp_exact },
	{ "PRP: full and chained list pages", test_prp_chain },
	{ "PRP: 8 KiB memory pages", test_prp_large_pages },
	{ "PRP: errors", test_prp_errors },
	{ "PRP: one entry by hand", test_prp_entry_set },
	{ "SGL descriptors", test_sgl },
	{ "SQE encoding", test_sqe_encode },
	{ "CQE decoding", test_cqe_decode },
	{ "doorbell offsets", test_doorbell_offset },
	{ "raw CQ: phase and wrap", test_cq_phase },
	{ "raw SQ: post and wrap", test_sq_post },
	{ "raw queue through its PRP list (PC = 0)", test_discontig_ring },
	{ "raw CQ: waiting", test_cq_wait },
	{ "interrupt eventfd wait", test_irq_wait },
	{ "BAR0 mappings", test_bar_map },
	{ "raw doorbells through a mapping", test_raw_db_map },
	{ "raw doorbell mapping refused", test_raw_db_map_errors },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	CU_SuiteInfo suites[] = {
		{ .pName = "raw path", .pTests = tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}
