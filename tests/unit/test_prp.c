// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the PRP builder and walker (core/prp.c, compiled
 * into this program): every alignment and length class on 4 KiB, 8 KiB,
 * 64 KiB (and 128 MiB) memory pages, over contiguous and scattered DMA
 * segments; each build is walked back and must reproduce the segments'
 * bytes in order. Also the error cases and the walker's own checks.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "core/prp.h"
#include "unit.h"

#define KIB		1024u
#define MIB		(1024u * KIB)
#define POISON_BYTE	0xa5
#define POISON		0xa5a5a5a5a5a5a5a5ull

/* The case being checked, for failure messages. */
static char case_desc[256];

static bool check_(bool ok, const char *expr, unsigned int line)
{
	char msg[512];

	if (ok) {
		CU_assertImplementation(CU_TRUE, line, expr, __FILE__, "", CU_FALSE);
		return true;
	}
	snprintf(msg, sizeof(msg), "%s [%s]", expr, case_desc);
	CU_assertImplementation(CU_FALSE, line, msg, __FILE__, "", CU_FALSE);
	return false;
}

#define CHECK(cond)	check_(!!(cond), #cond, __LINE__)

static void describe(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void describe(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(case_desc, sizeof(case_desc), fmt, ap);
	va_end(ap);
}

/* Reproducible synthetic DMA addresses. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	return unit_rng(&rng_state);
}

/* A page-aligned address below 2^47, never 0. */
static uint64_t rand_page(uint32_t page_size)
{
	return ((rng() & ((1ull << 47) - 1)) & ~(uint64_t)(page_size - 1)) +
	       page_size;
}

static uint32_t pages_of(uint32_t off, uint32_t len, uint32_t page_size)
{
	return (uint32_t)(((uint64_t)off + len + page_size - 1) / page_size);
}

/* List pages for @entries entries after PRP1, by filling pages one by one. */
static uint32_t lists_expected(uint32_t entries, uint32_t page_size)
{
	uint32_t per_page = page_size / 8, k = 1;

	if (entries <= 1)
		return 0;
	while (entries > per_page) {
		entries -= per_page - 1;
		k++;
	}
	return k;
}

enum seg_mode {
	SEG_CONTIG,	/* one segment */
	SEG_PAGES,	/* every memory page somewhere else */
	SEG_RUNS,	/* runs of 1..4 contiguous pages, scattered */
	SEG_MODES
};

static const char *const mode_name[SEG_MODES] = {
	"contig", "pages", "runs"
};

/*
 * Segments for @len bytes starting @off into a memory page, shaped like a
 * mapped scatterlist: only the first starts inside a page, only the last
 * ends inside one.
 */
static struct nvmt_prp_seg *segs_make(enum seg_mode mode, uint32_t off,
				      uint32_t len, uint32_t page_size,
				      unsigned int *nsegs)
{
	uint32_t npages = pages_of(off, len, page_size), j, left = len;
	struct nvmt_prp_seg *segs = calloc(npages, sizeof(*segs));
	unsigned int n = 0, run = 0;

	CU_ASSERT_FATAL(segs != NULL);
	for (j = 0; j < npages; j++) {
		uint32_t room = j ? page_size : page_size - off;
		uint32_t bytes = left < room ? left : room;
		bool fresh;

		switch (mode) {
		case SEG_CONTIG:
			fresh = j == 0;
			break;
		case SEG_PAGES:
			fresh = true;
			break;
		default:
			fresh = run == 0;
			if (fresh)
				run = 1 + rng() % 4;
			run--;
			break;
		}
		if (fresh) {
			segs[n].dma_addr = rand_page(page_size) + (j ? 0 : off);
			segs[n].len = 0;
			n++;
		}
		segs[n - 1].len += bytes;
		left -= bytes;
	}
	*nsegs = n;
	return segs;
}

/* The bus address of byte @pos of the segments' concatenation. */
static uint64_t segs_addr(const struct nvmt_prp_seg *segs, uint64_t pos)
{
	while (pos >= segs->len)
		pos -= segs++->len;
	return segs->dma_addr + pos;
}

static struct nvmt_prp_page *lists_make(unsigned int n, uint32_t page_size)
{
	struct nvmt_prp_page *lists = calloc(n ? n : 1, sizeof(*lists));
	unsigned int i;

	CU_ASSERT_FATAL(lists != NULL);
	for (i = 0; i < n; i++) {
		lists[i].cpu = malloc(page_size);
		CU_ASSERT_FATAL(lists[i].cpu != NULL);
		memset(lists[i].cpu, POISON_BYTE, page_size);
		lists[i].dma = rand_page(page_size);
	}
	return lists;
}

static void lists_free(struct nvmt_prp_page *lists, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		free(lists[i].cpu);
	free(lists);
}

static uint64_t slot(const struct nvmt_prp_page *list, uint32_t i)
{
	return le64toh(((const uint64_t *)list->cpu)[i]);
}

static bool page_poisoned(const struct nvmt_prp_page *list, uint32_t from,
			  uint32_t page_size)
{
	uint32_t i;

	for (i = from; i < page_size / 8; i++)
		if (((const uint64_t *)list->cpu)[i] != POISON)
			return false;
	return true;
}

/* Compares walked chunks with the segments' bytes, in order. */
struct walk_cmp {
	const struct nvmt_prp_seg *seg;
	uint32_t seg_off;	/* bytes of *seg already matched */
	uint64_t total;
	uint32_t chunks;
	uint32_t page_size;
	bool bad;
};

static int walk_cmp_chunk(void *ctx, u64 addr, u32 len)
{
	struct walk_cmp *c = ctx;

	/* A controller DMAs each entry inside one memory page. */
	if (!len || len > c->page_size - (addr & (c->page_size - 1)))
		goto bad;
	c->chunks++;
	c->total += len;
	while (len) {
		uint32_t n = c->seg->len - c->seg_off;

		if (addr != c->seg->dma_addr + c->seg_off)
			goto bad;
		if (n > len)
			n = len;
		addr += n;
		len -= n;
		c->seg_off += n;
		if (c->seg_off == c->seg->len) {
			c->seg++;
			c->seg_off = 0;
		}
	}
	return 0;
bad:
	c->bad = true;
	return 1;
}

static int count_chunk(void *ctx, u64 addr, u32 len)
{
	(void)addr;
	(void)len;
	++*(unsigned int *)ctx;
	return 0;
}

/*
 * Builds PRPs for @segs and checks them: the list page count, PRP1, the
 * PRP2 rule, chaining, that nothing past the last entry was written, and
 * that walking them back gives the segments' bytes in order.
 */
static void roundtrip(const struct nvmt_prp_seg *segs, unsigned int nsegs,
		      uint32_t len, uint32_t page_size)
{
	uint32_t off = (uint32_t)(segs[0].dma_addr & (page_size - 1));
	uint32_t pages = pages_of(off, len, page_size);
	uint32_t per_page = page_size / 8;
	uint32_t nl = lists_expected(pages - 1, page_size), i, last_used;
	struct nvmt_prp_page *lists;
	struct walk_cmp cmp = { .seg = segs, .page_size = page_size };
	u64 prp1 = POISON, prp2 = POISON;
	int ret;

	ret = nvmt_prp_list_pages(segs[0].dma_addr, len, page_size);
	if (!CHECK(ret == (int)nl))
		return;
	CHECK(nvmt_prp_list_pages(off, len, page_size) == (int)nl);

	/* One spare page, which must stay untouched. */
	lists = lists_make(nl + 1, page_size);
	ret = nvmt_prp_build(segs, nsegs, len, page_size, lists, nl + 1,
			     &prp1, &prp2);
	if (!CHECK(ret == 0))
		goto out;

	CHECK(prp1 == segs[0].dma_addr);
	if (pages == 1)
		CHECK(prp2 == 0);
	else if (pages == 2)
		CHECK(prp2 == segs_addr(segs, page_size - off));
	else
		CHECK(prp2 == lists[0].dma);

	for (i = 0; i + 1 < nl; i++)
		CHECK(slot(&lists[i], per_page - 1) == lists[i + 1].dma);
	if (nl) {
		/* Entries in the last list page: the rest after full pages. */
		last_used = (pages - 1) - (nl - 1) * (per_page - 1);
		CHECK(last_used >= 2 || nl == 1);
		CHECK(last_used <= per_page);
		CHECK(slot(&lists[nl - 1], last_used - 1) ==
		      segs_addr(segs, (uint64_t)(page_size - off) +
				(uint64_t)(pages - 2) * page_size));
		CHECK(page_poisoned(&lists[nl - 1], last_used, page_size));
	}
	CHECK(page_poisoned(&lists[nl], 0, page_size));

	ret = nvmt_prp_walk(prp1, prp2, len, page_size, lists, nl + 1,
			    walk_cmp_chunk, &cmp);
	CHECK(ret == 0);
	CHECK(!cmp.bad);
	CHECK(cmp.total == len);
	CHECK(cmp.chunks == pages);
out:
	lists_free(lists, nl + 1);
}

static const uint32_t page_sizes[] = { 4 * KIB, 8 * KIB, 64 * KIB };

/* Offsets 0, 4, 512 and the last dword of the page. */
static uint32_t offset_of(unsigned int i, uint32_t page_size)
{
	static const uint32_t offs[] = { 0, 4, 512 };

	return i < 3 ? offs[i] : page_size - 4;
}

#define N_OFFSETS	4

typedef uint32_t (*len_fn)(uint32_t off, uint32_t page_size, unsigned int i);

/*
 * Runs roundtrip() for every page size, offset and segment shape, over
 * the lengths @lenf gives (0 ends its list), checking each lands in
 * [min_pages, max_pages] memory pages (max 0: no bound).
 */
static void matrix(const char *what, len_fn lenf, uint32_t min_pages,
		   uint32_t max_pages)
{
	unsigned int p, o, m, i;

	for (p = 0; p < sizeof(page_sizes) / sizeof(page_sizes[0]); p++) {
		uint32_t ps = page_sizes[p];

		for (o = 0; o < N_OFFSETS; o++) {
			uint32_t off = offset_of(o, ps), len;

			for (i = 0; (len = lenf(off, ps, i)); i++) {
				uint32_t pages = pages_of(off, len, ps);

				for (m = 0; m < SEG_MODES; m++) {
					struct nvmt_prp_seg *segs;
					unsigned int nsegs;

					describe("%s: page %u off %u len %u pages %u %s",
						 what, ps, off, len, pages,
						 mode_name[m]);
					CHECK(pages >= min_pages);
					CHECK(!max_pages || pages <= max_pages);
					segs = segs_make(m, off, len, ps, &nsegs);
					roundtrip(segs, nsegs, len, ps);
					free(segs);
				}
			}
		}
	}
}

/* Within the first page: 4 bytes, 512 bytes, up to the page end. */
static uint32_t len_one_page(uint32_t off, uint32_t ps, unsigned int i)
{
	switch (i) {
	case 0: return 4;
	case 1: return 512 < ps - off ? 512 : ps - off;
	case 2: return ps - off - 4 ? ps - off - 4 : 4;
	case 3: return ps - off;
	default: return 0;
	}
}

static void test_one_page(void)
{
	matrix("one page", len_one_page, 1, 1);
}

/* Exactly one page (crosses into the second one unless off is 0). */
static uint32_t len_exact_page(uint32_t off, uint32_t ps, unsigned int i)
{
	(void)off;
	return i == 0 ? ps : 0;
}

static void test_exact_page(void)
{
	matrix("exact page", len_exact_page, 1, 2);
}

/* Ends in the second page: just across, mid, at its end. */
static uint32_t len_two_pages(uint32_t off, uint32_t ps, unsigned int i)
{
	switch (i) {
	case 0: return ps - off + 4;
	case 1: return ps - off + ps / 2;
	case 2: return 2 * ps - off - 4;
	case 3: return 2 * ps - off;
	default: return 0;
	}
}

static void test_two_pages(void)
{
	matrix("two pages", len_two_pages, 2, 2);
}

/* Exactly two and three pages long. */
static uint32_t len_exact_multi(uint32_t off, uint32_t ps, unsigned int i)
{
	(void)off;
	switch (i) {
	case 0: return 2 * ps;
	case 1: return 3 * ps;
	default: return 0;
	}
}

static void test_exact_multi(void)
{
	matrix("2 or 3 pages", len_exact_multi, 2, 4);
}

/* Three and four pages: the smallest lists. */
static uint32_t len_small_list(uint32_t off, uint32_t ps, unsigned int i)
{
	switch (i) {
	case 0: return 2 * ps - off + 4;
	case 1: return 3 * ps - off;
	case 2: return 3 * ps - off + 4;
	default: return 0;
	}
}

static void test_small_list(void)
{
	matrix("small list", len_small_list, 3, 4);
}

/* P/8 list entries: one list page, full, no chain. */
static uint32_t len_full_list(uint32_t off, uint32_t ps, unsigned int i)
{
	uint32_t per_page = ps / 8;

	switch (i) {
	case 0: return (per_page + 1) * ps - off;
	case 1: return per_page * ps - off + 4;
	default: return 0;
	}
}

static void test_full_list(void)
{
	struct nvmt_prp_seg seg = { .dma_addr = 0x100000000ull };
	struct nvmt_prp_page *lists;
	u64 prp1, prp2;

	matrix("full list page", len_full_list, 4 * KIB / 8 + 1,
	       64 * KIB / 8 + 1);

	/* 513 pages at 4 KiB: slot 511 is the 513th page, not a chain. */
	describe("full list page: slot 511 is data");
	seg.len = 513 * 4 * KIB;
	CHECK(nvmt_prp_list_pages(seg.dma_addr, seg.len, 4 * KIB) == 1);
	lists = lists_make(1, 4 * KIB);
	CHECK(nvmt_prp_build(&seg, 1, seg.len, 4 * KIB, lists, 1,
			     &prp1, &prp2) == 0);
	CHECK(prp2 == lists[0].dma);
	CHECK(slot(&lists[0], 0) == seg.dma_addr + 4 * KIB);
	CHECK(slot(&lists[0], 511) == seg.dma_addr + 512 * 4 * KIB);
	lists_free(lists, 1);
}

/* One entry more than a list page holds, and around two full pages. */
static uint32_t len_chain(uint32_t off, uint32_t ps, unsigned int i)
{
	uint32_t per_page = ps / 8;

	switch (i) {
	case 0: return (per_page + 2) * ps - off;
	case 1: return (per_page + 1) * ps - off + 4;
	case 2: return (2 * (per_page - 1) + 2) * ps - off;
	case 3: return (2 * (per_page - 1) + 3) * ps - off;
	default: return 0;
	}
}

static void test_chain(void)
{
	struct nvmt_prp_seg seg = { .dma_addr = 0x100000000ull };
	struct nvmt_prp_page *lists;
	u64 prp1, prp2;

	matrix("chained lists", len_chain, 4 * KIB / 8 + 2, 0);

	/* 514 pages at 4 KiB: 511 entries + chain, then 2 entries. */
	describe("chain: 511 entries and a pointer");
	seg.len = 514 * 4 * KIB;
	CHECK(nvmt_prp_list_pages(seg.dma_addr, seg.len, 4 * KIB) == 2);
	lists = lists_make(2, 4 * KIB);
	CHECK(nvmt_prp_build(&seg, 1, seg.len, 4 * KIB, lists, 2,
			     &prp1, &prp2) == 0);
	CHECK(slot(&lists[0], 510) == seg.dma_addr + 511 * 4 * KIB);
	CHECK(slot(&lists[0], 511) == lists[1].dma);
	CHECK(slot(&lists[1], 0) == seg.dma_addr + 512 * 4 * KIB);
	CHECK(slot(&lists[1], 1) == seg.dma_addr + 513 * 4 * KIB);
	CHECK(page_poisoned(&lists[1], 2, 4 * KIB));
	lists_free(lists, 2);
}

/* 8 MiB and 64 MiB: several chained list pages at 4 KiB. */
static uint32_t len_large(uint32_t off, uint32_t ps, unsigned int i)
{
	(void)ps;
	switch (i) {
	case 0: return 8 * MIB;
	case 1: return 8 * MIB - off;
	case 2: return 64 * MIB + 4;
	default: return 0;
	}
}

static void test_large(void)
{
	matrix("large", len_large, 128, 0);
	describe("large: list pages for 8 MiB");
	CHECK(nvmt_prp_list_pages(0, 8 * MIB, 4 * KIB) == 5);
	CHECK(nvmt_prp_list_pages(4, 8 * MIB, 4 * KIB) == 5);
	CHECK(nvmt_prp_list_pages(0, 8 * MIB, 8 * KIB) == 1);
	CHECK(nvmt_prp_list_pages(0, 8 * MIB, 64 * KIB) == 1);
}

/* The largest length, 4 GiB - 1 from offset 4: 2^20 list entries. */
static void test_max_length(void)
{
	uint32_t len = UINT32_MAX;
	unsigned int m;

	for (m = SEG_CONTIG; m <= SEG_PAGES; m++) {
		struct nvmt_prp_seg *segs;
		unsigned int nsegs;

		describe("max length %s", mode_name[m]);
		CHECK(nvmt_prp_list_pages(4, len, 4 * KIB) == 2053);
		segs = segs_make(m, 4, len, 4 * KIB, &nsegs);
		roundtrip(segs, nsegs, len, 4 * KIB);
		free(segs);
	}
}

/* 128 MiB memory pages (CC.MPS 15): two pages, and three with a list. */
static void test_max_page_size(void)
{
	uint32_t ps = NVMT_PRP_PAGE_SIZE_MAX;
	struct nvmt_prp_seg segs[3];

	describe("128 MiB pages, two");
	segs[0].dma_addr = (1ull << 40) + ps - 4096;
	segs[0].len = 4096;
	segs[1].dma_addr = 1ull << 41;
	segs[1].len = ps;
	roundtrip(segs, 2, 4096 + 4096, ps);
	roundtrip(segs, 2, 4096 + ps, ps);

	describe("128 MiB pages, three");
	segs[2].dma_addr = 3ull << 40;
	segs[2].len = 4;
	roundtrip(segs, 3, 4096 + ps + 4, ps);
}

/* Lengths that are not dword multiples: the PRPs do not care. */
static void test_odd_lengths(void)
{
	static const uint32_t lens[] = { 1, 3, 4097, 8191, 12289 };
	unsigned int i, m;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (m = 0; m < SEG_MODES; m++) {
			struct nvmt_prp_seg *segs;
			unsigned int nsegs;

			describe("odd length %u %s", lens[i], mode_name[m]);
			segs = segs_make(m, 4, lens[i], 4 * KIB, &nsegs);
			roundtrip(segs, nsegs, lens[i], 4 * KIB);
			free(segs);
		}
	}
}

static void test_zero_length(void)
{
	struct nvmt_prp_seg seg = { .dma_addr = 0x1000, .len = 4096 };
	u64 prp1 = POISON, prp2 = POISON;
	unsigned int chunks = 0;

	describe("zero length");
	CHECK(nvmt_prp_list_pages(0, 0, 4 * KIB) == 0);
	CHECK(nvmt_prp_list_pages(4, 0, 4 * KIB) == 0);
	CHECK(nvmt_prp_build(NULL, 0, 0, 4 * KIB, NULL, 0, &prp1, &prp2) == 0);
	CHECK(prp1 == 0 && prp2 == 0);
	prp1 = prp2 = POISON;
	CHECK(nvmt_prp_build(&seg, 1, 0, 4 * KIB, NULL, 0, &prp1, &prp2) == 0);
	CHECK(prp1 == 0 && prp2 == 0);
	CHECK(nvmt_prp_walk(0, 0, 0, 4 * KIB, NULL, 0, count_chunk,
			    &chunks) == 0);
	CHECK(chunks == 0);
	/* The page size is still checked. */
	CHECK(nvmt_prp_build(NULL, 0, 0, 100, NULL, 0, &prp1, &prp2) == -EINVAL);
}

/* Segments past the transfer length are not looked at, even bad ones. */
static void test_segments_past_len(void)
{
	struct nvmt_prp_seg segs[3] = {
		{ .dma_addr = 0x10000 + 512, .len = 4096 - 512 },
		{ .dma_addr = 0x40000, .len = 8192 },
		{ .dma_addr = 0x80000 + 7, .len = 0 },
	};

	describe("segments past len");
	roundtrip(segs, 3, 100, 4 * KIB);
	roundtrip(segs, 3, 4096 - 512, 4 * KIB);
	roundtrip(segs, 3, 4096, 4 * KIB);
	roundtrip(segs, 3, 4096 - 512 + 4096 + 4, 4 * KIB);
	roundtrip(segs, 3, 4096 - 512 + 8192, 4 * KIB);
}

/* A buffer that ends at the very top of the address space. */
static void test_top_of_address_space(void)
{
	struct nvmt_prp_seg seg = { .dma_addr = 0ull - 3 * 4096 + 4,
				    .len = 3 * 4096 - 4 };

	describe("top of address space");
	roundtrip(&seg, 1, seg.len, 4 * KIB);
}

/* Error checks: the outputs and the list pages must stay untouched. */
static void expect_error(const struct nvmt_prp_seg *segs, unsigned int nsegs,
			 uint32_t len, uint32_t ps, unsigned int nlists,
			 int err)
{
	struct nvmt_prp_page *lists = lists_make(nlists, ps);
	u64 prp1 = POISON, prp2 = POISON;
	unsigned int i;

	CHECK(nvmt_prp_build(segs, nsegs, len, ps, nlists ? lists : NULL,
			     nlists, &prp1, &prp2) == err);
	CHECK(prp1 == POISON && prp2 == POISON);
	for (i = 0; i < nlists; i++)
		CHECK(page_poisoned(&lists[i], 0, ps));
	lists_free(lists, nlists);
}

static void test_bad_page_size(void)
{
	static const uint32_t bad[] = {
		0, 1, 512, 2048, 4095, 4097, 6144, 12 * KIB, 256 * MIB,
		1u << 31, UINT32_MAX,
	};
	struct nvmt_prp_seg seg = { .dma_addr = 0x100000, .len = 64 * KIB };
	unsigned int i, chunks = 0;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		describe("page size %u", bad[i]);
		CHECK(nvmt_prp_list_pages(0, 4096, bad[i]) == -EINVAL);
		expect_error(&seg, 1, seg.len, bad[i], 0, -EINVAL);
		CHECK(nvmt_prp_walk(seg.dma_addr, 0, 4, bad[i], NULL, 0,
				    count_chunk, &chunks) == -EINVAL);
	}
	CHECK(chunks == 0);
}

static void test_unaligned_start(void)
{
	static const uint32_t offs[] = { 1, 2, 3, 5, 4094 };
	unsigned int i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		struct nvmt_prp_seg seg = { .dma_addr = 0x200000 + offs[i],
					    .len = 5 * 4096 };

		describe("start offset %u", offs[i]);
		expect_error(&seg, 1, 4, 4 * KIB, 2, -EINVAL);
		expect_error(&seg, 1, seg.len, 4 * KIB, 2, -EINVAL);
	}
}

static void test_bad_boundaries(void)
{
	struct nvmt_prp_seg segs[3];

	/* A middle segment that starts inside a page. */
	describe("middle segment with an offset");
	segs[0] = (struct nvmt_prp_seg){ 0x10000 + 512, 4096 - 512 };
	segs[1] = (struct nvmt_prp_seg){ 0x40000 + 512, 4096 };
	segs[2] = (struct nvmt_prp_seg){ 0x80000, 4096 };
	expect_error(segs, 3, 4096 - 512 + 4096 + 4096, 4 * KIB, 1, -EINVAL);

	/* Only the first segment may start inside a page, not the last. */
	describe("last segment with an offset");
	segs[1] = (struct nvmt_prp_seg){ 0x40000, 4096 };
	segs[2] = (struct nvmt_prp_seg){ 0x80000 + 4, 4096 };
	expect_error(segs, 3, 4096 - 512 + 4096 + 4096, 4 * KIB, 1, -EINVAL);

	describe("first segment ends inside its page");
	segs[0] = (struct nvmt_prp_seg){ 0x10000 + 512, 1024 };
	segs[1] = (struct nvmt_prp_seg){ 0x40000, 4096 };
	expect_error(segs, 2, 1024 + 4096, 4 * KIB, 1, -EINVAL);

	describe("middle segment ends inside a page");
	segs[0] = (struct nvmt_prp_seg){ 0x10000, 4096 };
	segs[1] = (struct nvmt_prp_seg){ 0x40000, 4096 + 2048 };
	segs[2] = (struct nvmt_prp_seg){ 0x80000, 4096 };
	expect_error(segs, 3, 4096 * 3 + 2048, 4 * KIB, 1, -EINVAL);

	/* Aligned to 4 KiB CPU pages but not to 8 KiB memory pages. */
	describe("4 KiB segments on 8 KiB memory pages");
	segs[0] = (struct nvmt_prp_seg){ 0x10000, 4096 };
	segs[1] = (struct nvmt_prp_seg){ 0x41000, 4096 };
	expect_error(segs, 2, 8192, 8 * KIB, 1, -EINVAL);
}

static void test_bad_segments(void)
{
	struct nvmt_prp_seg segs[2] = {
		{ .dma_addr = 0x10000, .len = 4096 },
		{ .dma_addr = 0x40000, .len = 4096 },
	};
	struct nvmt_prp_seg wrap = { .dma_addr = 0ull - 4096, .len = 8192 };

	describe("no segments");
	expect_error(NULL, 0, 4, 4 * KIB, 0, -EINVAL);
	expect_error(segs, 0, 4, 4 * KIB, 0, -EINVAL);

	describe("segments shorter than len");
	expect_error(segs, 2, 8192 + 4, 4 * KIB, 1, -EINVAL);
	expect_error(segs, 1, 4096 + 4, 4 * KIB, 1, -EINVAL);

	describe("empty segment");
	segs[0].len = 0;
	expect_error(segs, 2, 4096, 4 * KIB, 1, -EINVAL);

	describe("segment wraps the address space");
	expect_error(&wrap, 1, 8192, 4 * KIB, 1, -EINVAL);
}

static void test_not_enough_lists(void)
{
	static const uint32_t lens[] = { 3 * 4096, 514 * 4096, 8 * MIB };
	unsigned int i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct nvmt_prp_seg seg = { .dma_addr = 0x100000000ull,
					    .len = lens[i] };
		int need = nvmt_prp_list_pages(seg.dma_addr, seg.len, 4 * KIB);

		describe("len %u with %d list pages", lens[i], need - 1);
		CHECK(need >= 1);
		expect_error(&seg, 1, seg.len, 4 * KIB, need - 1, -ENOSPC);
	}
}

static void test_bad_list_page(void)
{
	struct nvmt_prp_seg seg = { .dma_addr = 0x100000, .len = 4 * 4096 };
	struct nvmt_prp_page *lists = lists_make(1, 4 * KIB);
	u64 prp1 = POISON, prp2 = POISON;
	void *cpu = lists[0].cpu;

	describe("list page not page aligned");
	lists[0].dma += 8;
	CHECK(nvmt_prp_build(&seg, 1, seg.len, 4 * KIB, lists, 1,
			     &prp1, &prp2) == -EINVAL);
	lists[0].dma -= 8;

	describe("list page without a CPU address");
	lists[0].cpu = NULL;
	CHECK(nvmt_prp_build(&seg, 1, seg.len, 4 * KIB, lists, 1,
			     &prp1, &prp2) == -EINVAL);
	lists[0].cpu = cpu;
	CHECK(prp1 == POISON && prp2 == POISON);
	CHECK(page_poisoned(&lists[0], 0, 4 * KIB));
	lists_free(lists, 1);
}

static void test_list_pages_count(void)
{
	static const struct {
		u64 first;
		uint32_t len, ps;
		int lists;
	} t[] = {
		{ 0, 4, 4096, 0 },
		{ 0, 4096, 4096, 0 },
		{ 4, 4096, 4096, 0 },
		{ 0, 8192, 4096, 0 },
		{ 4, 8192, 4096, 1 },
		{ 0, 8192 + 4, 4096, 1 },
		{ 0x12345000, 513 * 4096, 4096, 1 },
		{ 0x12345004, 513 * 4096, 4096, 2 },
		{ 0, 514 * 4096, 4096, 2 },
		{ 0, 1024 * 4096, 4096, 2 },	/* 1023 = 2 * 511 + 1 */
		{ 0, 1025 * 4096, 4096, 3 },
		{ 0, 1023 * 4096, 4096, 2 },
		{ 0x8004, 8 * MIB, 8192, 1 },	/* 1024 entries */
		{ 0x8004, 8 * MIB + 8192, 8192, 2 },
		{ 0, 4096, 128 * MIB, 0 },
		{ 0, 256 * MIB + 4, 128 * MIB, 1 },
		{ 0, UINT32_MAX, 4096, 2053 },	/* 2^20 - 1 entries */
		{ 4, UINT32_MAX, 4096, 2053 },
		{ 0, 16 * KIB, 4095, -EINVAL },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		describe("list pages: first 0x%llx len %u page %u",
			 (unsigned long long)t[i].first, t[i].len, t[i].ps);
		CHECK(nvmt_prp_list_pages(t[i].first, t[i].len, t[i].ps) ==
		      t[i].lists);
	}
}

/* Walker: a list pointer in PRP2 with an offset, as the spec allows. */
static void test_walk_list_offset(void)
{
	struct nvmt_prp_page *lists = lists_make(2, 4 * KIB);
	uint64_t *a = lists[0].cpu, *b = lists[1].cpu;
	struct nvmt_prp_seg seg = { .dma_addr = 0x700000, .len = 5 * 4096 };
	struct walk_cmp cmp = { .seg = &seg, .page_size = 4096 };

	describe("walk: PRP2 list pointer with an offset");
	/* The last two slots of page a: one entry, then the chain. */
	a[510] = htole64(0x701000);
	a[511] = htole64(lists[1].dma);
	b[0] = htole64(0x702000);
	b[1] = htole64(0x703000);
	b[2] = htole64(0x704000);
	CHECK(nvmt_prp_walk(0x700000, lists[0].dma + 510 * 8, seg.len, 4096,
			    lists, 2, walk_cmp_chunk, &cmp) == 0);
	CHECK(!cmp.bad && cmp.total == seg.len && cmp.chunks == 5);

	/* A list pointer to the last slot of a page: it chains at once. */
	cmp = (struct walk_cmp){ .seg = &seg, .page_size = 4096 };
	b[0] = htole64(0x701000);
	b[1] = htole64(0x702000);
	b[2] = htole64(0x703000);
	b[3] = htole64(0x704000);
	CHECK(nvmt_prp_walk(0x700000, lists[0].dma + 511 * 8, seg.len, 4096,
			    lists, 2, walk_cmp_chunk, &cmp) == 0);
	CHECK(!cmp.bad && cmp.total == seg.len && cmp.chunks == 5);
	lists_free(lists, 2);
}

static int stop_chunk(void *ctx, u64 addr, u32 len)
{
	(void)addr;
	(void)len;
	return ++*(unsigned int *)ctx == 2 ? 42 : 0;
}

static void test_walk_errors(void)
{
	struct nvmt_prp_page *lists = lists_make(2, 4 * KIB);
	uint64_t *a = lists[0].cpu;
	unsigned int i, n = 0;

	describe("walk: bad PRPs");
	CHECK(nvmt_prp_walk(0x1002, 0, 8, 4096, NULL, 0, count_chunk,
			    &n) == -EINVAL);
	/* PRP2 is not looked at within one page, used as data in two. */
	CHECK(nvmt_prp_walk(0x1000, 0x123, 4096, 4096, NULL, 0, count_chunk,
			    &n) == 0);
	CHECK(nvmt_prp_walk(0x1000, 0x2200, 8192, 4096, NULL, 0, count_chunk,
			    &n) == -EINVAL);
	/* List pointer: qword aligned, and in one of the list pages. */
	CHECK(nvmt_prp_walk(0x1000, lists[0].dma + 4, 3 * 4096, 4096, lists, 2,
			    count_chunk, &n) == -EINVAL);
	CHECK(nvmt_prp_walk(0x1000, 0x5000, 3 * 4096, 4096, lists, 2,
			    count_chunk, &n) == -ENOENT);
	/* A data entry with an offset. */
	for (i = 0; i < 511; i++)
		a[i] = htole64(0x2000 + (uint64_t)i * 4096);
	a[1] = htole64(0x3010);
	CHECK(nvmt_prp_walk(0x1000, lists[0].dma, 3 * 4096, 4096, lists, 2,
			    count_chunk, &n) == -EINVAL);
	/* A chain pointer with an offset, then one nowhere. */
	a[1] = htole64(0x3000);
	a[511] = htole64(lists[1].dma + 8);
	CHECK(nvmt_prp_walk(0x1000, lists[0].dma, 514 * 4096, 4096, lists, 2,
			    count_chunk, &n) == -EINVAL);
	a[511] = htole64(0x9000000);
	n = 0;
	CHECK(nvmt_prp_walk(0x1000, lists[0].dma, 514 * 4096, 4096, lists, 2,
			    count_chunk, &n) == -ENOENT);
	CHECK(n == 1 + 511);
	/* The callback's non-zero result stops the walk. */
	n = 0;
	CHECK(nvmt_prp_walk(0x1000, lists[0].dma, 3 * 4096, 4096, lists, 2,
			    stop_chunk, &n) == 42);
	CHECK(n == 2);
	lists_free(lists, 2);
}

/*
 * Guarded PRPs: walked for the expected length, the caller's bytes come
 * first, in order, and the rest lands in the sink (or the guard taken as
 * a data page); walked for longer, as a device that overruns would, every
 * chunk is in the caller's pages, the sink or the guard, and every chain
 * leads to a list page or the guard.
 */
struct gwalk {
	const struct nvmt_prp_seg *segs;
	uint32_t len;
	uint64_t pos;
	uint64_t sink, guard;
	uint32_t page_size;
	bool bad;
};

static int gwalk_chunk(void *ctx, u64 addr, u32 n)
{
	struct gwalk *c = ctx;
	uint64_t page = addr & ~(uint64_t)(c->page_size - 1);

	if (!n || n > c->page_size - (addr & (c->page_size - 1)))
		goto bad;
	if (c->pos < c->len) {
		if (addr != segs_addr(c->segs, c->pos))
			goto bad;
	} else if (page != c->sink && page != c->guard) {
		goto bad;
	}
	c->pos += n;
	return 0;
bad:
	c->bad = true;
	return 1;
}

/*
 * The one layout the guard cannot cover: the last data page of @xfer is
 * the caller's and sits where a longer transfer reads a list pointer.
 */
static bool guard_residual(uint32_t pages, uint32_t user, uint32_t page_size)
{
	uint32_t pp = page_size / 8, entries = pages - 1, nl;

	if (pages == 2)
		return user == 2;
	if (pages < 2 || user < pages)
		return false;
	nl = lists_expected(entries, page_size);
	return entries - (nl - 1) * (pp - 1) == pp;
}

static void guarded_case(enum seg_mode mode, uint32_t off, uint32_t len,
			 uint32_t xfer, uint32_t page_size)
{
	static const uint32_t over_pages[] = { 0, 1, 5, 1100 };
	uint32_t pages, user, nl, i, k;
	struct nvmt_prp_seg *segs = NULL;
	struct nvmt_prp_page *lists;
	unsigned int nsegs = 0;
	uint64_t sink = rand_page(page_size), first;
	struct gwalk w;
	u64 prp1 = POISON, prp2 = POISON;
	void *guard;
	int ret;

	describe("guarded %s off %u len %u xfer %u page %u", mode_name[mode],
		 off, len, xfer, page_size);
	if (len)
		segs = segs_make(mode, off, len, page_size, &nsegs);
	first = len ? segs[0].dma_addr : sink;
	pages = pages_of((uint32_t)(first & (page_size - 1)), xfer ? xfer : 1,
			 page_size);
	user = len ? pages_of(off, len, page_size) : 0;
	nl = lists_expected(pages - 1, page_size);
	CHECK(nvmt_prp_guarded_list_pages(first, xfer, page_size) == (int)nl);

	/* The last one is the guard: the walker must find it as a list. */
	lists = lists_make(nl + 1, page_size);
	guard = lists[nl].cpu;
	nvmt_prp_guard_fill(guard, lists[nl].dma, sink, page_size);
	ret = nvmt_prp_build_guarded(segs, nsegs, len, xfer, page_size, sink,
				     lists[nl].dma, lists, nl, &prp1, &prp2);
	if (!CHECK(ret == 0))
		goto out;
	CHECK(prp1 == first);
	if (pages == 1)
		CHECK(prp2 == lists[nl].dma);
	for (i = 0; nl && i < page_size / 8; i++)
		CHECK(slot(&lists[nl - 1], i) != POISON);

	for (k = 0; k < sizeof(over_pages) / sizeof(over_pages[0]); k++) {
		uint64_t walk = (uint64_t)(xfer ? xfer : 1) +
				(uint64_t)over_pages[k] * page_size +
				(k ? 8 : 0);

		if (k && guard_residual(pages, user, page_size))
			break;
		w = (struct gwalk){ .segs = segs, .len = len, .sink = sink,
				    .guard = lists[nl].dma,
				    .page_size = page_size };
		ret = nvmt_prp_walk(prp1, prp2, (u32)walk, page_size, lists,
				    nl + 1, gwalk_chunk, &w);
		describe("guarded %s off %u len %u xfer %u page %u walk %llu",
			 mode_name[mode], off, len, xfer, page_size,
			 (unsigned long long)walk);
		CHECK(ret == 0);
		CHECK(!w.bad);
		CHECK(w.pos == walk);
	}
out:
	lists_free(lists, nl + 1);
	free(segs);
}

static void test_guarded(void)
{
	static const uint32_t sizes[] = { 4 * KIB, 8 * KIB };
	static const uint32_t extra[] = { 0, 4, 512, 1, 2, 3, 600 };
	unsigned int p, m, o, e;

	for (p = 0; p < 2; p++) {
		uint32_t ps = sizes[p];
		uint32_t offs[] = { 0, 8, ps / 2, ps - 8 };

		for (m = 0; m < SEG_MODES; m++) {
			for (o = 0; o < 4; o++) {
				uint32_t off = offs[o];

				/* Buffer == transfer, every class of length. */
				guarded_case(m, off, 4, 4, ps);
				guarded_case(m, off, ps - off, ps - off, ps);
				guarded_case(m, off, ps - off + 8, ps - off + 8, ps);
				guarded_case(m, off, 2 * ps - off, 2 * ps - off, ps);
				guarded_case(m, off, 5 * ps, 5 * ps, ps);
				guarded_case(m, off, (ps / 8) * ps - off,
					     (ps / 8) * ps - off, ps);
				/* The buffer ends on a page, the transfer goes on. */
				for (e = 0; e < sizeof(extra) / sizeof(extra[0]); e++) {
					uint32_t more = e < 3 ? extra[e] + 4 :
							extra[e] * ps;

					guarded_case(m, off, ps - off,
						     ps - off + more, ps);
					guarded_case(m, off, 3 * ps - off,
						     3 * ps - off + more, ps);
				}
			}
		}
		/* No buffer at all: the sink and the guard only. */
		guarded_case(SEG_CONTIG, 0, 0, 0, ps);
		guarded_case(SEG_CONTIG, 0, 0, 512, ps);
		guarded_case(SEG_CONTIG, 0, 0, ps, ps);
		guarded_case(SEG_CONTIG, 0, 0, ps + 4, ps);
		guarded_case(SEG_CONTIG, 0, 0, 64 * ps, ps);
	}
}

static void test_guarded_errors(void)
{
	struct nvmt_prp_seg seg = { 0x10000, 4096 };
	struct nvmt_prp_page *lists = lists_make(1, 4096);
	u64 prp1, prp2;

	describe("guarded errors");
	/* More buffer than transfer, unaligned sink or guard. */
	CHECK(nvmt_prp_build_guarded(&seg, 1, 4096, 512, 4096, 0x20000,
				     0x30000, lists, 1, &prp1, &prp2) == -EINVAL);
	CHECK(nvmt_prp_build_guarded(&seg, 1, 4096, 8192, 4096, 0x20008,
				     0x30000, lists, 1, &prp1, &prp2) == -EINVAL);
	CHECK(nvmt_prp_build_guarded(&seg, 1, 4096, 8192, 4096, 0x20000,
				     0x30100, lists, 1, &prp1, &prp2) == -EINVAL);
	CHECK(nvmt_prp_build_guarded(&seg, 1, 4096, 64 * 4096, 4096, 0x20000,
				     0x30000, lists, 0, &prp1, &prp2) == -ENOSPC);
	CHECK(nvmt_prp_build_guarded(NULL, 0, 4096, 8192, 4096, 0x20000,
				     0x30000, lists, 1, &prp1, &prp2) == -EINVAL);
	lists_free(lists, 1);
}

static CU_TestInfo tests[] = {
	{ "list page count", test_list_pages_count },
	{ "zero length", test_zero_length },
	{ "within one page", test_one_page },
	{ "exactly one page", test_exact_page },
	{ "ends in the second page", test_two_pages },
	{ "exactly two and three pages", test_exact_multi },
	{ "three and four pages (list)", test_small_list },
	{ "one full list page", test_full_list },
	{ "chained list pages", test_chain },
	{ "8 MiB and 64 MiB", test_large },
	{ "4 GiB - 1", test_max_length },
	{ "128 MiB memory pages", test_max_page_size },
	{ "lengths not dword multiples", test_odd_lengths },
	{ "segments past the length", test_segments_past_len },
	{ "top of the address space", test_top_of_address_space },
	{ "bad page size", test_bad_page_size },
	{ "start not dword aligned", test_unaligned_start },
	{ "segment boundary inside a page", test_bad_boundaries },
	{ "bad segments", test_bad_segments },
	{ "not enough list pages", test_not_enough_lists },
	{ "bad list page", test_bad_list_page },
	{ "walk: list pointer offset", test_walk_list_offset },
	{ "walk: errors", test_walk_errors },
	{ "guarded: overruns land in the sink", test_guarded },
	{ "guarded: errors", test_guarded_errors },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	CU_SuiteInfo suites[] = {
		{ .pName = "prp", .pTests = tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}
