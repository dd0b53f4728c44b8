// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Write Uncorrectable (NVM Command Set 1.0, 3.2.7; ONCS bit
 * 1) and Verify (3.2.5; ONCS bit 7): a block marked invalid fails a Read
 * and a Verify with Unrecovered Read Error until it is written again; its
 * neighbours stay readable; Verify of written data succeeds.
 */
#include <endian.h>
#include <string.h>

#include "common.h"

/* Unrecovered Read Error: SCT 2h, SC 81h (NVM Command Set 1.0, Figure 17) */
#define SC_UNRECOVERED_READ	NT_STATUS(2, 0x81)

/* Three blocks at the start of the scratch range, written with a pattern
 * (kept in t->buf); returns the first. */
static uint64_t three_blocks(struct nt_ctx *t, uint32_t seed)
{
	if (t->scratch_nlb < 3)
		NT_SKIP("the test writes 3 LBAs: the scratch range has %llu",
			(unsigned long long)t->scratch_nlb);
	ct_fill(t->buf, nt_io_len(t, 3), seed);
	ct_fill(t->meta, 3u * t->ns.ms, seed + 1);
	NT_ASSERT_OK(nt_write(t, t->scratch_slba, 3, t->buf));
	return t->scratch_slba;
}

static int io_nodata(struct nt_ctx *t, uint8_t opcode, uint64_t slba, uint32_t nlb)
{
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = slba, .nlb = (uint16_t)(nlb - 1),
	};

	return nvmetest_io(t->dev, opcode, &a);
}

NT_TEST(nvm_write_uncor_read_fails, "nvm",
	"NVM Command Set 1.0, 3.2.7 Write Uncorrectable: a Read of the block -> Unrecovered Read Error (SCT 2h, SC 81h); the blocks around it read back",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t unit = nt_io_len(t, 1);
	uint64_t slba;

	ct_need_oncs(t, 1, "Write Uncorrectable");
	slba = three_blocks(t, 90);
	NT_ASSERT_OK(io_nodata(t, nvme_cmd_write_uncor, slba + 1, 1));
	NT_ASSERT_STATUS(nt_read(t, slba + 1, 1, t->buf2), SC_UNRECOVERED_READ,
			 "Read of the uncorrectable block");
	NT_ASSERT_STATUS(nt_read(t, slba, 3, t->buf2), SC_UNRECOVERED_READ,
			 "Read of 3 blocks, the middle one uncorrectable");
	NT_ASSERT_OK(nt_read(t, slba, 1, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, unit);
	NT_ASSERT_OK(nt_read(t, slba + 2, 1, t->buf2));
	NT_ASSERT_MEMEQ((uint8_t *)t->buf + 2 * unit, t->buf2, unit);
}

NT_TEST(nvm_write_uncor_write_clears, "nvm",
	"NVM Command Set 1.0, 3.2.7 Write Uncorrectable: a Write of the block makes it readable again, with the new data",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t unit = nt_io_len(t, 1);
	uint64_t slba;

	ct_need_oncs(t, 1, "Write Uncorrectable");
	slba = three_blocks(t, 92);
	NT_ASSERT_OK(io_nodata(t, nvme_cmd_write_uncor, slba, 3));
	ct_fill(t->buf, nt_io_len(t, 3), 94);
	NT_ASSERT_OK(nt_write(t, slba, 3, t->buf));
	NT_ASSERT_OK(nt_read(t, slba, 3, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, 3 * unit);
}

NT_TEST(nvm_verify_written, "nvm",
	"NVM Command Set 1.0, 3.2.5 Verify: of blocks written before -> successful completion",
	NT_NEED_SCRATCH)
{
	uint64_t slba;

	ct_need_oncs(t, 7, "Verify");
	slba = three_blocks(t, 96);
	NT_ASSERT_OK(io_nodata(t, nvme_cmd_verify, slba, 3));
	NT_ASSERT_OK(io_nodata(t, nvme_cmd_verify, slba + 2, 1));
}

NT_TEST(nvm_verify_uncorrectable, "nvm",
	"NVM Command Set 1.0, 3.2.5 Verify and 3.2.7 Write Uncorrectable: a Verify that covers an uncorrectable block -> Unrecovered Read Error (SCT 2h, SC 81h)",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint64_t slba;

	ct_need_oncs(t, 7, "Verify");
	ct_need_oncs(t, 1, "Write Uncorrectable");
	slba = three_blocks(t, 98);
	NT_ASSERT_OK(io_nodata(t, nvme_cmd_write_uncor, slba + 1, 1));
	NT_ASSERT_STATUS(io_nodata(t, nvme_cmd_verify, slba, 3), SC_UNRECOVERED_READ,
			 "Verify of 3 blocks, the middle one uncorrectable");
	NT_ASSERT_OK(io_nodata(t, nvme_cmd_verify, slba, 1));
}
