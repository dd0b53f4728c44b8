// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The raw path's memory: DMA buffers of the driver (DBUF_ALLOC, mmap,
 * DBUF_FREE) with the bus address of each page, and what a tester puts
 * in an SQE to point the device at them: PRP1/PRP2 and PRP lists, built
 * by the driver's own builder (core/prp.c) over the buffer's pages, and
 * SGL descriptors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/prp.h"
#include "private.h"

/* DBUF_FREE of a handle; the ioctl's error is left as the last error. */
static int dbuf_handle_free(struct nvmetest_dev *dev, uint32_t handle)
{
	struct nvmetest_dbuf_free f = { .handle = handle };

	return nvmt_ioctl(dev, NVMETEST_IOC_DBUF_FREE, &f, "free DMA buffer");
}

int nvmetest_dbuf_alloc(struct nvmetest_dev *dev, size_t size, uint32_t flags,
			struct nvmetest_dbuf **bufp)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE), n;
	struct nvmetest_dbuf_alloc a;
	struct nvmetest_dbuf *b;
	char what[64];
	void *va;
	int ret;

	*bufp = NULL;
	nvmt_clear_error();
	ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_DBUF, "DMA buffers",
			    "1.11 with NVMETEST_INFO_CAP_DBUF");
	if (ret)
		return ret;
	if (!size || size > NVMETEST_DBUF_MAX)
		return nvmt_fail(-EINVAL, "%s: a DMA buffer of %zu bytes: the driver allows 1 to %llu",
				 dev->path, size, (unsigned long long)NVMETEST_DBUF_MAX);
	/* The driver's pages are the process's (PAGE_SIZE): checked below. */
	n = (size + ps - 1) / ps;
	b = calloc(1, sizeof(*b) + n * sizeof(*b->addrs));
	if (!b)
		return -ENOMEM;
	b->addrs = (uint64_t *)(b + 1);

	memset(&a, 0, sizeof(a));
	a.size = size;
	a.flags = flags;
	a.addrs = (uintptr_t)b->addrs;
	a.nr_addrs = (uint32_t)n;
	snprintf(what, sizeof(what), "allocate a %zu-byte DMA buffer", size);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_DBUF_ALLOC, &a, what);
	if (ret) {
		if (ret == -ENOMEM)
			nvmt_set_error("%s: %s: out of DMA memory, or beyond the module's raw_mem_mb",
				       dev->path, what);
		free(b);
		return ret;
	}
	if (a.page_size != ps || a.nr_addrs > n) {
		ret = nvmt_fail(-EPROTO, "%s: %s: the driver made %u pages of %u bytes, the process's pages are %zu bytes",
				dev->path, what, a.nr_addrs, a.page_size, ps);
		goto out_free_handle;
	}
	va = mmap(NULL, a.nr_addrs * ps, PROT_READ | PROT_WRITE, MAP_SHARED, dev->fd,
		  (off_t)a.mmap_offset);
	if (va == MAP_FAILED) {
		ret = nvmt_fail(-errno, "%s: %s: mmap at 0x%llx: %s", dev->path, what,
				(unsigned long long)a.mmap_offset, strerror(errno));
		goto out_free_handle;
	}
	b->dev = dev;
	b->va = va;
	b->size = a.nr_addrs * ps;
	b->handle = a.handle;
	b->flags = flags;
	b->page_size = a.page_size;
	b->nr_pages = a.nr_addrs;
	*bufp = b;
	return 0;

out_free_handle:
	dbuf_handle_free(dev, a.handle);
	free(b);
	return ret;
}

int nvmt_dbuf_free(struct nvmetest_dbuf *b)
{
	int ret;

	if (!b)
		return 0;
	munmap(b->va, b->size);
	ret = dbuf_handle_free(b->dev, b->handle);
	free(b);
	return ret;
}

int nvmetest_dbuf_free(struct nvmetest_dbuf *b)
{
	nvmt_clear_error();
	return nvmt_dbuf_free(b);
}

uint64_t nvmetest_dbuf_addr(const struct nvmetest_dbuf *b, size_t off)
{
	if (off >= b->size)
		return 0;
	return b->addrs[off / b->page_size] + off % b->page_size;
}

void *nvmetest_dbuf_ptr(const struct nvmetest_dbuf *b, size_t off)
{
	return off < b->size ? (uint8_t *)b->va + off : NULL;
}

int nvmt_dbuf_span(const struct nvmetest_dbuf *b, size_t off, size_t len, uint64_t *addr)
{
	size_t ps = b->page_size, last;

	if (!len || off > b->size || len > b->size - off)
		return -ERANGE;
	last = (off + len - 1) / ps;
	for (size_t p = off / ps; p < last; p++)
		if (b->addrs[p] + ps != b->addrs[p + 1])
			return -EINVAL;
	*addr = nvmetest_dbuf_addr(b, off);
	return 0;
}

int nvmt_dbuf_offset(const struct nvmetest_dbuf *b, uint64_t addr, size_t *off)
{
	for (uint32_t p = 0; p < b->nr_pages; p++) {
		if (addr - b->addrs[p] < b->page_size) {
			*off = (size_t)p * b->page_size + (size_t)(addr - b->addrs[p]);
			return 0;
		}
	}
	return -ENOENT;
}

int nvmetest_prp_list_pages(uint64_t first, uint32_t len, uint32_t page_size)
{
	return nvmt_prp_list_pages(first, len, page_size);
}

/*
 * [@off, @off + @len) of @b (in the buffer, @len > 0) as the DMA segments
 * core/prp.c takes: the runs of pages that are contiguous in bus
 * addresses, the first from byte @off. NULL when out of memory.
 */
static struct nvmt_prp_seg *dbuf_segs(const struct nvmetest_dbuf *b, size_t off, uint32_t len,
				      unsigned int *nsegs)
{
	size_t ps = b->page_size, p = off / ps;
	struct nvmt_prp_seg *segs, *s;
	uint32_t left, chunk;

	segs = calloc((off + len - 1) / ps - p + 1, sizeof(*segs));
	if (!segs)
		return NULL;
	s = segs;
	s->dma_addr = nvmetest_dbuf_addr(b, off);
	s->len = ps - off % ps < len ? (uint32_t)(ps - off % ps) : len;
	for (left = len - s->len, p++; left; left -= chunk, p++) {
		chunk = left < ps ? left : (uint32_t)ps;
		if (b->addrs[p] != s->dma_addr + s->len) {
			s++;
			s->dma_addr = b->addrs[p];
		}
		s->len += chunk;
	}
	*nsegs = (unsigned int)(s - segs + 1);
	return segs;
}

int nvmetest_prp_build(const struct nvmetest_dbuf *data, size_t off, uint32_t len,
		       uint32_t page_size, const struct nvmetest_dbuf *list, size_t list_off,
		       uint64_t *prp1, uint64_t *prp2)
{
	struct nvmt_prp_page *lists = NULL;
	struct nvmt_prp_seg *segs = NULL;
	unsigned int nsegs = 0;
	int nl, ret = 0;

	nvmt_clear_error();
	if (len && (off > data->size || len > data->size - off))
		return nvmt_fail(-ERANGE, "PRP: bytes 0x%zx+%u pass the %zu-byte data buffer",
				 off, len, data->size);
	nl = nvmt_prp_list_pages(len ? nvmetest_dbuf_addr(data, off) : 0, len, page_size);
	if (nl < 0)
		return nvmt_fail(nl, "PRP: a memory page of %u bytes is not a power of two in 4 KiB .. 128 MiB",
				 page_size);
	if (!len)
		return nvmt_prp_build(NULL, 0, 0, page_size, NULL, 0, prp1, prp2);
	if (nl && !list)
		return nvmt_fail(-ENOSPC, "PRP: bytes 0x%zx+%u need %d list page%s and there is no list buffer",
				 off, len, nl, nl == 1 ? "" : "s");
	if (nl) {
		lists = calloc((size_t)nl, sizeof(*lists));
		if (!lists)
			return -ENOMEM;
	}
	for (int i = 0; i < nl; i++) {
		size_t lo = list_off + (size_t)i * page_size;

		ret = nvmt_dbuf_span(list, lo, page_size, &lists[i].dma);
		if (ret) {
			nvmt_set_error("PRP: list page %d of %d at offset 0x%zx %s", i + 1, nl, lo,
				       ret == -ERANGE ? "passes the list buffer" :
				       "is not contiguous in bus addresses");
			goto out;
		}
		lists[i].cpu = (uint8_t *)list->va + lo;
	}
	segs = dbuf_segs(data, off, len, &nsegs);
	if (!segs) {
		ret = -ENOMEM;
		goto out;
	}
	ret = nvmt_prp_build(segs, nsegs, len, page_size, lists, (unsigned int)nl, prp1, prp2);
	if (ret)
		nvmt_set_error("PRP: bytes 0x%zx+%u at 0x%llx: the first byte must be dword aligned, each %u-byte memory page contiguous and each list page aligned to it",
			       off, len, (unsigned long long)segs[0].dma_addr, page_size);
out:
	free(segs);
	free(lists);
	return ret;
}

int nvmetest_prp_entry_set(const struct nvmetest_dbuf *b, size_t off, uint64_t entry)
{
	nvmt_clear_error();
	if (off > b->size || b->size - off < sizeof(entry))
		return nvmt_fail(-ERANGE, "PRP entry at offset 0x%zx passes the %zu-byte buffer",
				 off, b->size);
	nvmt_put_le64((uint8_t *)b->va + off, entry);
	return 0;
}

void nvmetest_sgl_desc(uint8_t desc[16], uint64_t addr, uint32_t len, uint8_t type,
		       uint8_t subtype)
{
	memset(desc, 0, NVMETEST_SGL_DESC_SIZE);
	nvmt_put_le64(desc, addr);
	nvmt_put_le32(desc + 8, len);
	desc[15] = (uint8_t)((type & 0xf) << 4 | (subtype & 0xf));
}

void nvmetest_sgl_data_block(uint8_t desc[16], uint64_t addr, uint32_t len)
{
	nvmetest_sgl_desc(desc, addr, len, NVMETEST_SGL_TYPE_DATA_BLOCK,
			  NVMETEST_SGL_SUBTYPE_ADDRESS);
}

void nvmetest_sgl_bit_bucket(uint8_t desc[16], uint32_t len)
{
	nvmetest_sgl_desc(desc, 0, len, NVMETEST_SGL_TYPE_BIT_BUCKET, NVMETEST_SGL_SUBTYPE_ADDRESS);
}

void nvmetest_sgl_segment(uint8_t desc[16], uint64_t addr, uint32_t len)
{
	nvmetest_sgl_desc(desc, addr, len, NVMETEST_SGL_TYPE_SEGMENT, NVMETEST_SGL_SUBTYPE_ADDRESS);
}

void nvmetest_sgl_last_segment(uint8_t desc[16], uint64_t addr, uint32_t len)
{
	nvmetest_sgl_desc(desc, addr, len, NVMETEST_SGL_TYPE_LAST_SEGMENT,
			  NVMETEST_SGL_SUBTYPE_ADDRESS);
}
