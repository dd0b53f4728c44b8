// SPDX-License-Identifier: GPL-2.0-only
/*
 * PRP builder and walker (NVMe Base Specification 2.x, "Physical Region
 * Page Entry and List"): turns the DMA segments of a mapped data buffer
 * into PRP1, PRP2 and chained PRP list pages, counts the list pages that
 * takes, and walks PRPs the way a controller would to list the chunks it
 * transfers. Pure logic, no allocation and no I/O: the kernel module and
 * the host unit tests compile this same file.
 *
 * Rules followed (memory page = CC.MPS page, P bytes):
 *  - PRP1 points at the first byte; only its offset may be non-zero, and
 *    it must be dword aligned.
 *  - A transfer within one page leaves PRP2 0; one that ends within the
 *    second page has PRP2 = that page; anything longer has PRP2 = the
 *    first PRP list page.
 *  - Every entry after PRP1 points at a whole page (offset 0). The last
 *    slot of a list page points to the next list page when more than one
 *    entry is still to come, so a full page that chains carries P/8 - 1
 *    data entries.
 */
#include "prp.h"

/* Memory page size from CC.MPS: a power of two in 4 KiB .. 128 MiB. */
static int prp_page_shift(u32 page_size)
{
	int shift;

	if (page_size < NVMT_PRP_PAGE_SIZE_MIN ||
	    page_size > NVMT_PRP_PAGE_SIZE_MAX ||
	    (page_size & (page_size - 1)))
		return -EINVAL;
	for (shift = 12; (1u << shift) != page_size; shift++)
		;
	return shift;
}

/* Memory pages touched by @len (> 0) bytes from address (or offset) @first. */
static u32 prp_pages(u64 first, u32 len, u32 page_size, int shift)
{
	u64 off = first & (page_size - 1);

	/* At most 2^32 / 2^12 + 2 pages: fits in u32. */
	return (u32)((off + len + page_size - 1) >> shift);
}

/*
 * List pages holding @entries PRP entries after PRP1 (more than one, or
 * PRP2 holds the only one). k chained pages hold k * (per_page - 1) + 1.
 */
static u32 prp_lists_for(u32 entries, u32 page_size)
{
	u32 per_page = page_size / sizeof(nvmt_le64);

	if (entries <= 1)
		return 0;
	return (entries - 1 + per_page - 2) / (per_page - 1);
}

/**
 * nvmt_prp_list_pages() - count the PRP list pages a transfer needs
 * @first: DMA address of the first byte, or just its offset in the memory
 *         page (only the bits below @page_size are used)
 * @len: transfer length in bytes
 * @page_size: controller memory page size (CC.MPS), 4 KiB .. 128 MiB
 *
 * Pass the address of the buffer as mapped for DMA: with a memory page
 * larger than the CPU page, the offset after mapping is what counts.
 *
 * Return: the number of list pages nvmt_prp_build() fills (0 when the
 * transfer touches at most two memory pages), or -EINVAL if @page_size is
 * not a power of two in range.
 */
int nvmt_prp_list_pages(u64 first, u32 len, u32 page_size)
{
	int shift = prp_page_shift(page_size);

	if (shift < 0)
		return shift;
	if (!len)
		return 0;
	/* At most 2^20 / 511 + 1: fits in int. */
	return (int)prp_lists_for(prp_pages(first, len, page_size, shift) - 1,
				  page_size);
}

/*
 * The segments that hold the first @len bytes must describe pages PRPs can
 * express: only the first may start inside a page, only the last used one
 * may end inside a page, none is empty or wraps the address space.
 */
static int prp_segs_check(const struct nvmt_prp_seg *segs, unsigned int nsegs,
			  u32 len, u64 mask)
{
	unsigned int i;
	u32 left = len;

	if (segs[0].dma_addr & 3)
		return -EINVAL;
	for (i = 0; left; i++) {
		u64 addr;
		u32 used;

		if (i == nsegs || !segs[i].len)
			return -EINVAL;
		addr = segs[i].dma_addr;
		used = segs[i].len < left ? segs[i].len : left;
		if (addr + (used - 1) < addr)
			return -EINVAL;
		if (i && (addr & mask))
			return -EINVAL;
		left -= used;
		if (left && ((addr + used) & mask))
			return -EINVAL;
	}
	return 0;
}

/* Walks the page addresses of a checked segment list, second page first. */
struct prp_iter {
	const struct nvmt_prp_seg *seg;	/* segment of the next page */
	u64 addr;			/* the next page */
	u32 seg_left;			/* bytes of *seg from @addr on */
};

static void prp_iter_init(struct prp_iter *it, const struct nvmt_prp_seg *segs,
			  u32 page_size)
{
	u64 mask = page_size - 1;
	u32 head = page_size - (u32)(segs[0].dma_addr & mask);

	it->seg = segs;
	it->addr = (segs[0].dma_addr & ~mask) + page_size;
	/*
	 * Only used when the transfer goes past the first page, so the
	 * check made the first segment reach that page's end at least.
	 */
	it->seg_left = segs[0].len - head;
}

static u64 prp_iter_next(struct prp_iter *it, u32 page_size)
{
	u64 addr;

	if (!it->seg_left) {
		it->seg++;
		it->addr = it->seg->dma_addr;
		it->seg_left = it->seg->len;
	}
	addr = it->addr;
	if (it->seg_left > page_size) {
		it->addr += page_size;
		it->seg_left -= page_size;
	} else {
		it->seg_left = 0;
	}
	return addr;
}

/* Writes @entries (> 1) entries into the list pages, chaining them. */
static void prp_list_fill(struct prp_iter *it, u32 entries, u32 page_size,
			  const struct nvmt_prp_page *lists)
{
	u32 per_page = page_size / sizeof(nvmt_le64);
	nvmt_le64 *slot = lists->cpu;
	u32 free = per_page;

	while (entries) {
		if (free == 1 && entries > 1) {
			lists++;
			*slot = nvmt_cpu_to_le64(lists->dma);
			slot = lists->cpu;
			free = per_page;
		}
		*slot++ = nvmt_cpu_to_le64(prp_iter_next(it, page_size));
		free--;
		entries--;
	}
}

/**
 * nvmt_prp_build() - describe a mapped data buffer with PRPs
 * @segs: the DMA segments of the buffer, in order (a mapped scatterlist)
 * @nsegs: number of entries in @segs
 * @len: transfer length in bytes; the first @len bytes of @segs are used
 *       and later segments are not looked at
 * @page_size: controller memory page size (CC.MPS), 4 KiB .. 128 MiB
 * @lists: list pages, one memory page each, as many as
 *         nvmt_prp_list_pages() says (more are left untouched)
 * @nlists: number of entries in @lists
 * @prp1: where PRP1 goes
 * @prp2: where PRP2 goes
 *
 * A zero @len is a command without data: PRP1 and PRP2 are both 0 and
 * @segs may be NULL. Otherwise PRP1 is the first byte, PRP2 is 0 when the
 * transfer stays within the first memory page, the second page when it
 * ends in that page, and the first list page otherwise. Entries are stored
 * little-endian; list slots after the last entry are not written.
 *
 * Everything is checked before anything is written: on error @prp1,
 * @prp2 and the list pages are unchanged.
 *
 * Return: 0; -EINVAL if @page_size is not valid, the first byte is not
 * dword aligned, a segment boundary inside the transfer is not on a memory
 * page boundary (the caller needs a bounce buffer then), a segment is empty
 * or wraps, the segments are shorter than @len, or a needed list page has
 * no CPU address or is not page aligned; -ENOSPC if @nlists is too small.
 */
int nvmt_prp_build(const struct nvmt_prp_seg *segs, unsigned int nsegs,
		   u32 len, u32 page_size,
		   const struct nvmt_prp_page *lists, unsigned int nlists,
		   u64 *prp1, u64 *prp2)
{
	int shift = prp_page_shift(page_size);
	u64 mask = page_size - 1;
	struct prp_iter it;
	u32 pages, nl, i;
	int ret;

	if (shift < 0)
		return shift;
	if (!len) {
		*prp1 = 0;
		*prp2 = 0;
		return 0;
	}
	if (!segs || !nsegs)
		return -EINVAL;
	ret = prp_segs_check(segs, nsegs, len, mask);
	if (ret)
		return ret;

	pages = prp_pages(segs[0].dma_addr, len, page_size, shift);
	nl = prp_lists_for(pages - 1, page_size);
	if (nl > nlists)
		return -ENOSPC;
	for (i = 0; i < nl; i++)
		if (!lists[i].cpu || (lists[i].dma & mask))
			return -EINVAL;

	*prp1 = segs[0].dma_addr;
	if (pages == 1) {
		*prp2 = 0;
		return 0;
	}
	prp_iter_init(&it, segs, page_size);
	if (pages == 2) {
		*prp2 = prp_iter_next(&it, page_size);
		return 0;
	}
	prp_list_fill(&it, pages - 1, page_size, lists);
	*prp2 = lists[0].dma;
	return 0;
}

/*
 * Guarded PRPs. The controller decides from its own idea of the transfer
 * length whether PRP2 is a data page or a list pointer, and whether the
 * last slot of a list page is a data entry or a chain pointer. A command
 * whose length disagrees with the buffer (on purpose, in a test, or by a
 * device bug) must still only reach memory the driver owns, so every
 * pointer past the caller's pages leads to one of two driver pages of the
 * command's own:
 *  - the sink, where data past the buffer goes (a data page, written by
 *    the device as many times as entries point to it);
 *  - the guard, a list page whose slots all point to the sink and whose
 *    last slot chains to itself, so a device that reads it as a list, for
 *    however long, only ever reaches the sink. It is never given as a
 *    data page except where the device, if it took it for one, would
 *    have nothing left to read as a list in that command (PRP2 of a
 *    transfer within one or two pages, the final slot of a list).
 */

/**
 * nvmt_prp_guard_fill() - write the guard page
 * @guard_cpu: CPU address of the guard, one memory page
 * @guard_dma: its bus address, aligned to the memory page size
 * @sink_dma: bus address of the sink, aligned to the memory page size
 * @page_size: controller memory page size (CC.MPS)
 */
void nvmt_prp_guard_fill(void *guard_cpu, u64 guard_dma, u64 sink_dma,
			 u32 page_size)
{
	u32 per_page = page_size / sizeof(nvmt_le64), i;
	nvmt_le64 *slot = guard_cpu;

	for (i = 0; i + 1 < per_page; i++)
		slot[i] = nvmt_cpu_to_le64(sink_dma);
	slot[per_page - 1] = nvmt_cpu_to_le64(guard_dma);
}

/**
 * nvmt_prp_guarded_list_pages() - list pages nvmt_prp_build_guarded() fills
 * @first: DMA address (or page offset) of the first byte, that of the sink
 *         (offset 0) when the buffer is empty
 * @xfer: bytes the command is expected to move (0 counts as 1)
 * @page_size: controller memory page size (CC.MPS)
 *
 * Return: the number of list pages, or -EINVAL for a bad @page_size.
 */
int nvmt_prp_guarded_list_pages(u64 first, u32 xfer, u32 page_size)
{
	return nvmt_prp_list_pages(first, xfer ? xfer : 1, page_size);
}

/* The data entries of list pages, past the buffer's pages the sink's. */
static void prp_list_fill_guarded(struct prp_iter *it, u32 entries,
				  u32 user, u32 page_size,
				  const struct nvmt_prp_page *lists,
				  u64 sink, u64 guard)
{
	u32 per_page = page_size / sizeof(nvmt_le64);
	nvmt_le64 *slot = lists->cpu;
	u32 free = per_page, k;
	u64 e;

	for (k = 1; k <= entries; k++) {
		if (free == 1 && k < entries) {
			lists++;
			*slot = nvmt_cpu_to_le64(lists->dma);
			slot = lists->cpu;
			free = per_page;
		}
		e = k < user ? prp_iter_next(it, page_size) : sink;
		/* A final entry in a last slot: a device that overruns
		 * follows it as a chain pointer. */
		if (free == 1 && e == sink)
			e = guard;
		*slot++ = nvmt_cpu_to_le64(e);
		free--;
	}
	if (!free)
		return;
	for (; free > 1; free--)
		*slot++ = nvmt_cpu_to_le64(sink);
	*slot = nvmt_cpu_to_le64(guard);
}

/**
 * nvmt_prp_build_guarded() - PRPs for a transfer that may not fit its buffer
 * @segs: the DMA segments of the caller's buffer (NULL when @len is 0)
 * @nsegs: entries in @segs
 * @len: bytes of the buffer the command uses, at most @xfer; when less,
 *       the buffer must end on a memory page boundary (the caller
 *       bounces a buffer that does not), so no byte past it in its last
 *       page is given to the device
 * @xfer: bytes the command is expected to move: the PRPs have the layout
 *        a controller expects for that length (PRP2 a data page or a
 *        list pointer), the bytes past @len land in the sink
 * @page_size: controller memory page size (CC.MPS)
 * @sink: bus address of the sink page (memory page aligned)
 * @guard: bus address of the guard page, filled by nvmt_prp_guard_fill()
 * @lists: list pages, as many as nvmt_prp_guarded_list_pages() says
 * @nlists: entries in @lists
 * @prp1: where PRP1 goes
 * @prp2: where PRP2 goes
 *
 * Beyond @xfer: PRP2 of a transfer within one page is the guard; a list
 * ends with sink entries and a chain to the guard. What stays unguarded
 * is a device that moves more than @xfer when the last data page of
 * @xfer is the caller's and PRP2 (or the final slot of a list) points to
 * it: it would read that page as a list. The driver computes @xfer from
 * the command where it can so that this takes a device bug.
 *
 * Return: 0, or the errors of nvmt_prp_build() (-EINVAL for @len > @xfer
 * or an unaligned @sink or @guard).
 */
int nvmt_prp_build_guarded(const struct nvmt_prp_seg *segs, unsigned int nsegs,
			   u32 len, u32 xfer, u32 page_size, u64 sink,
			   u64 guard, const struct nvmt_prp_page *lists,
			   unsigned int nlists, u64 *prp1, u64 *prp2)
{
	int shift = prp_page_shift(page_size);
	u64 mask = page_size - 1, first;
	/* Zeroed for gcc -O2 (libnvmetest): with no buffer (user = 0) the
	 * iterator is never read, which it cannot see. */
	struct prp_iter it = {};
	u32 pages, user, nl, i;
	int ret;

	if (shift < 0)
		return shift;
	if (len > xfer || (sink & mask) || (guard & mask))
		return -EINVAL;
	if (len) {
		if (!segs || !nsegs)
			return -EINVAL;
		ret = prp_segs_check(segs, nsegs, len, mask);
		if (ret)
			return ret;
		first = segs[0].dma_addr;
		user = prp_pages(first, len, page_size, shift);
		prp_iter_init(&it, segs, page_size);
	} else {
		first = sink;
		user = 0;
	}
	pages = prp_pages(first, xfer ? xfer : 1, page_size, shift);
	nl = prp_lists_for(pages - 1, page_size);
	if (pages > 2) {
		if (nl > nlists)
			return -ENOSPC;
		for (i = 0; i < nl; i++)
			if (!lists[i].cpu || (lists[i].dma & mask))
				return -EINVAL;
	}

	*prp1 = first;
	if (pages == 1)
		*prp2 = guard;
	else if (pages == 2)
		*prp2 = user > 1 ? prp_iter_next(&it, page_size) : guard;
	else {
		prp_list_fill_guarded(&it, pages - 1, user, page_size, lists,
				      sink, guard);
		*prp2 = lists[0].dma;
	}
	return 0;
}

/*
 * The list slot at bus address @addr and the slots left in its memory page,
 * or NULL when @addr is in none of the list pages.
 */
static const nvmt_le64 *prp_list_find(const struct nvmt_prp_page *lists,
				      unsigned int nlists, u64 addr,
				      u32 page_size, u32 *free)
{
	unsigned int i;

	for (i = 0; i < nlists; i++) {
		u64 off = addr - lists[i].dma;

		if (lists[i].cpu && off < page_size) {
			*free = (page_size - (u32)off) / sizeof(nvmt_le64);
			return (const nvmt_le64 *)lists[i].cpu +
			       off / sizeof(nvmt_le64);
		}
	}
	return NULL;
}

/**
 * nvmt_prp_walk() - list the chunks a controller transfers for some PRPs
 * @prp1: PRP1 of the command
 * @prp2: PRP2 of the command
 * @len: transfer length in bytes
 * @page_size: controller memory page size (CC.MPS), 4 KiB .. 128 MiB
 * @lists: the list pages PRP2 and chain pointers may point into
 * @nlists: number of entries in @lists
 * @chunk: called for each PRP entry in transfer order with its address and
 *         the bytes transferred there
 * @ctx: passed to @chunk
 *
 * Reads the PRPs as a controller does: PRP2 is ignored for a transfer
 * within the first page, a data page when the transfer ends in the second
 * page, else a PRP list pointer, which must be qword aligned and may have
 * an offset. In a list, the last slot of a memory page is a pointer to the
 * next list page when more than one entry is still needed. Each @chunk
 * covers one PRP entry; neighbouring chunks are not merged.
 *
 * Return: 0 after the whole transfer; -EINVAL if @page_size is not valid or
 * the PRPs break a rule a controller checks (PRP1 not dword aligned, a
 * later data entry or a chain pointer with a page offset, a list pointer not
 * qword aligned); -ENOENT if a list pointer is in none of @lists; or the
 * first non-zero value @chunk returned.
 */
int nvmt_prp_walk(u64 prp1, u64 prp2, u32 len, u32 page_size,
		  const struct nvmt_prp_page *lists, unsigned int nlists,
		  nvmt_prp_chunk_fn chunk, void *ctx)
{
	u64 mask = page_size - 1;
	const nvmt_le64 *slot;
	u32 head, free;
	int ret;

	if (prp_page_shift(page_size) < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (prp1 & 3)
		return -EINVAL;

	head = page_size - (u32)(prp1 & mask);
	if (len <= head)
		return chunk(ctx, prp1, len);
	ret = chunk(ctx, prp1, head);
	if (ret)
		return ret;
	len -= head;

	if (len <= page_size) {
		if (prp2 & mask)
			return -EINVAL;
		return chunk(ctx, prp2, len);
	}

	if (prp2 & 7)
		return -EINVAL;
	slot = prp_list_find(lists, nlists, prp2, page_size, &free);
	if (!slot)
		return -ENOENT;
	while (len) {
		u64 entry = nvmt_le64_to_cpu(*slot);
		u32 n;

		if (entry & mask)
			return -EINVAL;
		if (free == 1 && len > page_size) {
			slot = prp_list_find(lists, nlists, entry, page_size,
					     &free);
			if (!slot)
				return -ENOENT;
			continue;
		}
		n = len < page_size ? len : page_size;
		ret = chunk(ctx, entry, n);
		if (ret)
			return ret;
		len -= n;
		slot++;
		free--;
	}
	return 0;
}
