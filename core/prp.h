/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PRP builder and walker: the interface of core/prp.c, which turns the
 * DMA segments of a mapped data buffer into PRP1, PRP2 and PRP list pages
 * (NVMe Base Specification 2.x, "Physical Region Page Entry and List") and
 * walks PRPs the way a controller does. Pure C shared by the kernel module
 * and the host unit tests; core/types.h gives it the types of either side.
 */
#ifndef NVMT_CORE_PRP_H
#define NVMT_CORE_PRP_H

#include "types.h"

/* CC.MPS range: 2 ^ (12 + MPS), MPS 0..15, i.e. 4 KiB .. 128 MiB. */
#define NVMT_PRP_PAGE_SIZE_MIN	(1u << 12)
#define NVMT_PRP_PAGE_SIZE_MAX	(1u << 27)

/**
 * struct nvmt_prp_seg - one DMA-contiguous piece of a data buffer
 * @dma_addr: bus address of the first byte
 * @len: length in bytes, not 0
 */
struct nvmt_prp_seg {
	u64 dma_addr;
	u32 len;
};

/**
 * struct nvmt_prp_page - one PRP list page provided by the caller
 * @cpu: CPU address of the page, one controller memory page long
 * @dma: bus address of the same page, aligned to the memory page size
 */
struct nvmt_prp_page {
	void *cpu;
	u64 dma;
};

/**
 * typedef nvmt_prp_chunk_fn - receives one transfer chunk from nvmt_prp_walk()
 * @ctx: the caller's context, passed through
 * @addr: bus address the controller would transfer at
 * @len: bytes transferred there
 *
 * Return: 0 to go on; anything else stops the walk and is its result.
 */
typedef int (*nvmt_prp_chunk_fn)(void *ctx, u64 addr, u32 len);

int nvmt_prp_list_pages(u64 first, u32 len, u32 page_size);
int nvmt_prp_build(const struct nvmt_prp_seg *segs, unsigned int nsegs,
		   u32 len, u32 page_size,
		   const struct nvmt_prp_page *lists, unsigned int nlists,
		   u64 *prp1, u64 *prp2);
void nvmt_prp_guard_fill(void *guard_cpu, u64 guard_dma, u64 sink_dma,
			 u32 page_size);
int nvmt_prp_guarded_list_pages(u64 first, u32 xfer, u32 page_size);
int nvmt_prp_build_guarded(const struct nvmt_prp_seg *segs, unsigned int nsegs,
			   u32 len, u32 xfer, u32 page_size, u64 sink,
			   u64 guard, const struct nvmt_prp_page *lists,
			   unsigned int nlists, u64 *prp1, u64 *prp2);
int nvmt_prp_walk(u64 prp1, u64 prp2, u32 len, u32 page_size,
		  const struct nvmt_prp_page *lists, unsigned int nlists,
		  nvmt_prp_chunk_fn chunk, void *ctx);

#endif /* NVMT_CORE_PRP_H */
