/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/dbuf.c: the raw path's DMA buffers (driver memory
 * mapped into the process, with the bus address of each page) and the
 * data pointers a tester builds over them: PRP entries and lists, SGL
 * descriptors.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_DBUF_H
#define NVMETEST_DBUF_H

#include <stddef.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct nvmetest_dbuf - a DMA buffer of the driver, mapped
 * @dev:       the handle it was allocated on
 * @va:        the mapping of the whole buffer (MAP_SHARED, read and write)
 * @size:      bytes mapped: @nr_pages * @page_size (the size asked for,
 *	       rounded up to whole pages)
 * @handle:    the driver's handle (struct nvmetest_dbuf_alloc.handle)
 * @flags:     the NVMETEST_DBUF_* it was allocated with
 * @page_size: the driver's page size (PAGE_SIZE), the unit of @addrs
 * @nr_pages:  pages of the buffer
 * @addrs:     the bus address of each page, in order: what the device is
 *	       given (an IOVA behind an IOMMU)
 *
 * Allocated by nvmetest_dbuf_alloc() and freed by nvmetest_dbuf_free():
 * read the fields, do not change them. The memory is coherent: what the
 * process stores through @va the device reads, and the other way round,
 * with no flush.
 */
struct nvmetest_dbuf {
	struct nvmetest_dev *dev;
	void *va;
	size_t size;
	uint32_t handle;
	uint32_t flags;
	uint32_t page_size;
	uint32_t nr_pages;
	uint64_t *addrs;
};

/**
 * nvmetest_dbuf_alloc - NVMETEST_IOC_DBUF_ALLOC: a DMA buffer, mapped
 * @dev:   handle; must outlive the buffer
 * @size:  bytes, 1 .. NVMETEST_DBUF_MAX (NVMETEST_DBUF_MAX_CONTIG without
 *	   NVMETEST_DBUF_SCATTERED); the driver rounds up to whole pages
 * @flags: 0 (one physically contiguous piece) or NVMETEST_DBUF_SCATTERED
 *	   (one allocation per page, wherever the DMA API puts it)
 * @bufp:  output, the new buffer
 *
 * Allocates the buffer in the driver (zeroed), learns the bus address of
 * every page and mmap()s the whole of it through the device's file. The
 * buffer belongs to that file: nvmetest_close() drops it too. Needs
 * NVMETEST_INFO_CAP_DBUF.
 *
 * Return: 0; -EOPNOTSUPP without NVMETEST_INFO_CAP_DBUF; -EINVAL for a
 * @size of 0 or over NVMETEST_DBUF_MAX (refused by the library, which
 * would otherwise allocate the address table first) and for what the
 * driver refuses; -ENOMEM (also beyond the module's raw_mem_mb); -EPROTO
 * when the driver's page size is not the process's; the errno of mmap().
 */
int nvmetest_dbuf_alloc(struct nvmetest_dev *dev, size_t size, uint32_t flags,
			struct nvmetest_dbuf **bufp);

/**
 * nvmetest_dbuf_free - unmap a DMA buffer and drop its handle
 * @buf: buffer, or NULL
 *
 * munmap() then NVMETEST_IOC_DBUF_FREE; @buf is freed either way. The
 * driver keeps the memory while a raw queue's ring is in it, or while a
 * raw SQ of the controller exists (an SQE may still point into it), up
 * to the next disable or reset.
 *
 * Return: 0, or the negative errno of DBUF_FREE (-ENOENT when the driver
 * no longer has the handle, e.g. after the device went away).
 */
int nvmetest_dbuf_free(struct nvmetest_dbuf *buf);

/**
 * nvmetest_dbuf_addr - the bus address of a byte of a DMA buffer
 * @buf: buffer
 * @off: byte offset, any
 *
 * Pure.
 *
 * Return: the address the device uses for byte @off, or 0 when @off is
 * not in the buffer.
 */
uint64_t nvmetest_dbuf_addr(const struct nvmetest_dbuf *buf, size_t off);

/**
 * nvmetest_dbuf_ptr - the process's address of a byte of a DMA buffer
 * @buf: buffer
 * @off: byte offset
 *
 * Pure.
 *
 * Return: @buf->va + @off, or NULL when @off is not in the buffer.
 */
void *nvmetest_dbuf_ptr(const struct nvmetest_dbuf *buf, size_t off);

/* ---------------------------------------------------------------------- */
/* PRPs (NVMe Base 2.0, 4.1.1)                                            */

/**
 * nvmetest_prp_list_pages - PRP list pages a transfer needs
 * @first:     bus address of the first byte (only its offset in the
 *	       memory page counts), e.g. nvmetest_dbuf_addr()
 * @len:       transfer length in bytes
 * @page_size: controller memory page size (CC.MPS: nvmetest_cc_mps())
 *
 * Pure. The count nvmetest_prp_build() fills: 0 when the transfer
 * touches at most two memory pages; a chained list holds page_size / 8
 * - 1 entries per page but the last.
 *
 * Return: list pages, or -EINVAL when @page_size is not a power of two
 * in 4 KiB .. 128 MiB.
 */
int nvmetest_prp_list_pages(uint64_t first, uint32_t len, uint32_t page_size);

/**
 * nvmetest_prp_build - PRP1, PRP2 and the PRP list of part of a DMA buffer
 * @data:      the buffer with the data
 * @off:       first byte of the transfer in @data, any dword-aligned offset
 * @len:       bytes; 0 gives PRP1 = PRP2 = 0 (a command without data)
 * @page_size: controller memory page size (CC.MPS: nvmetest_cc_mps())
 * @list:      the buffer for the PRP list, or NULL when none is needed
 * @list_off:  where in @list the list starts: list page i is the memory
 *	       page at @list_off + i * @page_size, which must be aligned to
 *	       @page_size in bus addresses and contiguous over it
 * @prp1:      output: the bus address of byte @off
 * @prp2:      output: 0 when the transfer stays in PRP1's memory page, the
 *	       second page when it ends there, else the first list page
 *
 * Pure (the buffers' memory is written, no ioctl). The rules of the
 * specification, as the driver builds its own PRPs (the same code,
 * core/prp.c): every entry after PRP1 is a whole memory page, and the
 * last slot of a full list page points to the next list page when more
 * than one entry is still to come. Entries are little endian; slots of
 * the list past the last entry are not written. @data may be scattered:
 * each memory page of the transfer must be contiguous in bus addresses
 * (always so when @page_size is at most @data->page_size).
 *
 * What the rules forbid (an offset in a later entry, a list pointer
 * with an offset, a chain to nowhere) a test writes by hand with
 * nvmetest_prp_entry_set().
 *
 * Return: 0; -ERANGE when the transfer or a needed list page passes its
 * buffer; -ENOSPC when a list is needed and @list is NULL; -EINVAL for a
 * bad @page_size, @off not dword aligned in bus addresses, a memory page
 * of the transfer or of the list that is not contiguous, or a list page
 * not aligned to @page_size. Nothing is written on error.
 */
int nvmetest_prp_build(const struct nvmetest_dbuf *data, size_t off, uint32_t len,
		       uint32_t page_size, const struct nvmetest_dbuf *list, size_t list_off,
		       uint64_t *prp1, uint64_t *prp2);

/**
 * nvmetest_prp_entry_set - write one PRP entry, any value
 * @buf:   buffer holding a PRP list
 * @off:   byte offset of the entry
 * @entry: the value (a bus address, nvmetest_dbuf_addr(), or anything)
 *
 * Pure. Stores @entry little endian at @off, at any alignment: for
 * hand-built lists, legal (a list pointer with an offset) or not.
 *
 * Return: 0, or -ERANGE when the 8 bytes pass the buffer.
 */
int nvmetest_prp_entry_set(const struct nvmetest_dbuf *buf, size_t off, uint64_t entry);

/* ---------------------------------------------------------------------- */
/* SGL descriptors (NVMe Base 2.0, 4.1.2)                                 */

#define NVMETEST_SGL_DESC_SIZE		16

/* SGL Descriptor Type: byte 15, bits 7:4 */
#define NVMETEST_SGL_TYPE_DATA_BLOCK	0x0
#define NVMETEST_SGL_TYPE_BIT_BUCKET	0x1
#define NVMETEST_SGL_TYPE_SEGMENT	0x2
#define NVMETEST_SGL_TYPE_LAST_SEGMENT	0x3
#define NVMETEST_SGL_TYPE_KEYED_DATA_BLOCK 0x4
#define NVMETEST_SGL_TYPE_TRANSPORT_DATA_BLOCK 0x5
#define NVMETEST_SGL_TYPE_VENDOR	0xf

/* SGL Descriptor Sub Type: byte 15, bits 3:0 */
#define NVMETEST_SGL_SUBTYPE_ADDRESS	0x0
#define NVMETEST_SGL_SUBTYPE_OFFSET	0x1
#define NVMETEST_SGL_SUBTYPE_TRANSPORT	0xa

/* PSDT, CDW0 bits 15:14 (struct nvmetest_sqe.psdt) */
#define NVMETEST_PSDT_PRP		0	/* PRPs */
#define NVMETEST_PSDT_SGL_MPTR_BUF	1	/* SGL; MPTR a contiguous buffer */
#define NVMETEST_PSDT_SGL_MPTR_SGL	2	/* SGL; MPTR an SGL segment */

/**
 * nvmetest_sgl_desc - encode any SGL descriptor
 * @desc:    output, 16 bytes
 * @addr:    bytes 7:0 (Address; reserved in a Bit Bucket)
 * @len:     bytes 11:8 (Length)
 * @type:    SGL Descriptor Type, NVMETEST_SGL_TYPE_* (4 bits)
 * @subtype: SGL Descriptor Sub Type, NVMETEST_SGL_SUBTYPE_* (4 bits)
 *
 * Pure. Little endian; bytes 14:12 are zero. Any type and sub type, for
 * the descriptors a controller must refuse.
 */
void nvmetest_sgl_desc(uint8_t desc[16], uint64_t addr, uint32_t len, uint8_t type,
		       uint8_t subtype);

/**
 * nvmetest_sgl_data_block - SGL Data Block descriptor (sub type Address)
 * @desc: output, 16 bytes
 * @addr: bus address of the data
 * @len:  bytes of data
 *
 * Pure.
 */
void nvmetest_sgl_data_block(uint8_t desc[16], uint64_t addr, uint32_t len);

/**
 * nvmetest_sgl_bit_bucket - SGL Bit Bucket descriptor
 * @desc: output, 16 bytes
 * @len:  bytes of read data to discard
 *
 * Pure. The Address field is reserved: zero.
 */
void nvmetest_sgl_bit_bucket(uint8_t desc[16], uint32_t len);

/**
 * nvmetest_sgl_segment - SGL Segment descriptor (sub type Address)
 * @desc: output, 16 bytes
 * @addr: bus address of the next SGL segment
 * @len:  bytes of that segment (16 per descriptor in it)
 *
 * Pure.
 */
void nvmetest_sgl_segment(uint8_t desc[16], uint64_t addr, uint32_t len);

/**
 * nvmetest_sgl_last_segment - SGL Last Segment descriptor (sub type Address)
 * @desc: output, 16 bytes
 * @addr: bus address of the last SGL segment
 * @len:  bytes of that segment (16 per descriptor in it)
 *
 * Pure.
 */
void nvmetest_sgl_last_segment(uint8_t desc[16], uint64_t addr, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_DBUF_H */
