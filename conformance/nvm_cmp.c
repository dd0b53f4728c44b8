// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Compare (NVM Command Set 1.0, 3.2.1; optional, ONCS bit
 * 0): data equal to the blocks completes successfully, data that differs
 * in one byte of one block fails with Compare Failure.
 */
#include <endian.h>
#include <string.h>

#include "common.h"

/* Compare Failure: Media and Data Integrity Errors (SCT 2h), SC 85h
 * (NVM Command Set 1.0, Figure 17). */
#define SC_COMPARE_FAILURE	NT_STATUS(2, 0x85)

/* Writes @nlb blocks of a pattern at the start of the scratch range,
 * after the ONCS and size checks; returns the SLBA. */
static uint64_t compare_setup(struct nt_ctx *t, uint32_t nlb)
{
	if (!(le16toh(t->id.oncs) & NVME_CTRL_ONCS_COMPARE))
		NT_SKIP("Identify Controller ONCS bit 0 is clear: no Compare");
	if (t->scratch_nlb < nlb || nt_io_len(t, nlb) > t->buf_len)
		NT_SKIP("the test writes %u LBAs: the scratch range has %llu, the buffer holds %zu bytes",
			nlb, (unsigned long long)t->scratch_nlb, t->buf_len);
	ct_fill(t->buf, nt_io_len(t, nlb), 70);
	ct_fill(t->meta, (size_t)nlb * t->ns.ms, 71);
	NT_ASSERT_OK(nt_write(t, t->scratch_slba, nlb, t->buf));
	return t->scratch_slba;
}

static int compare(struct nt_ctx *t, uint64_t slba, uint32_t nlb)
{
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = slba, .nlb = (uint16_t)(nlb - 1),
		.data = t->buf, .data_len = nt_io_len(t, nlb),
	};

	if (t->ns.ms && !t->ns.extended) {
		a.meta = t->meta;
		a.meta_len = nlb * t->ns.ms;
	}
	return nvmetest_compare(t->dev, &a);
}

NT_TEST(nvm_compare_match, "nvm",
	"NVM Command Set 1.0, 3.2.1 Compare: data equal to the blocks (and their metadata) -> successful completion",
	NT_NEED_SCRATCH)
{
	uint64_t slba = compare_setup(t, 8);

	NT_ASSERT_OK(compare(t, slba, 8));
	/* a part of what was written: the first block alone */
	NT_ASSERT_OK(compare(t, slba, 1));
}

NT_TEST(nvm_compare_mismatch, "nvm",
	"NVM Command Set 1.0, 3.2.1 Compare: data that differs from the blocks -> Compare Failure (SCT 2h, SC 85h)",
	NT_NEED_SCRATCH)
{
	uint32_t unit = nt_io_len(t, 1);
	uint64_t slba = compare_setup(t, 8);
	uint8_t *last = (uint8_t *)t->buf + 7 * unit;

	/* one bit of the last data byte of the last block */
	last[t->lba_size - 1] ^= 0x01;
	NT_ASSERT_STATUS(compare(t, slba, 8), SC_COMPARE_FAILURE,
			 "Compare, last byte of block 7 differs");
	last[t->lba_size - 1] ^= 0x01;
	/* and of the first byte of the first block */
	((uint8_t *)t->buf)[0] ^= 0x80;
	NT_ASSERT_STATUS(compare(t, slba, 1), SC_COMPARE_FAILURE,
			 "Compare, first byte of block 0 differs");
}
