// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: the commands that clear or deallocate blocks: Write
 * Zeroes (NVM Command Set 1.0, 3.2.8; ONCS bit 3), with and without the
 * Deallocate bit, and Dataset Management (3.2.3; ONCS bit 2), deallocate
 * and the hint-only attributes. Each works on a middle run of blocks
 * between two written ones: the middle reads back as the command and
 * DLFEAT say, the neighbours keep their data.
 */
#include <endian.h>
#include <string.h>

#include "common.h"

/* Deallocated or Unwritten Logical Block: SCT 2h, SC 87h (NVM Command
 * Set 1.0, Figure 17), the status of a read of one while DULBE is set. */
#define SC_DEALLOCATED		NT_STATUS(2, 0x87)
#define FID_ERROR_RECOVERY	0x05
#define ERR_REC_DULBE		(1u << 16)

/*
 * Three runs of @n blocks from an 8-aligned LBA of the scratch range (a
 * device deallocating in 4 KiB units gets whole ones), written with a
 * pattern (kept in t->buf); returns the first LBA; *@n is set.
 */
static uint64_t three_runs(struct nt_ctx *t, uint32_t *n)
{
	uint64_t base = (t->scratch_slba + 7) & ~7ull;
	uint32_t fit = (uint32_t)(t->buf_len / nt_io_len(t, 1)) / 3;

	*n = fit < 16 ? fit : 16;
	if (*n > 8)
		*n &= ~7u;
	if (!*n || base + 3ull * *n > t->scratch_slba + t->scratch_nlb)
		NT_SKIP("the test writes 3 runs of %u LBAs: the scratch range (%llu LBAs from %llu) is too small",
			*n ? *n : 1, (unsigned long long)t->scratch_nlb,
			(unsigned long long)t->scratch_slba);
	ct_fill(t->buf, nt_io_len(t, 3 * *n), 80);
	ct_fill(t->meta, 3ull * *n * t->ns.ms, 81);
	NT_ASSERT_OK(nt_write(t, base, 3 * *n, t->buf));
	return base;
}

/*
 * The data bytes (not the metadata of extended LBAs) of blocks
 * @first..@first + @n - 1 of @got are those of @want, or each @byte when
 * @want is NULL.
 */
static void expect_blocks(struct nt_ctx *t, const uint8_t *got, const uint8_t *want,
			  uint32_t first, uint32_t n, int byte, const char *what)
{
	uint32_t unit = nt_io_len(t, 1);

	for (uint32_t b = first; b < first + n; b++) {
		const uint8_t *g = got + (size_t)b * unit;

		for (uint32_t i = 0; i < t->lba_size; i++) {
			int w = want ? want[(size_t)b * unit + i] : byte;

			NT_ASSERT(g[i] == w, "%s: block %u, byte %u is 0x%02x, not 0x%02x",
				  what, b, i, g[i], w);
		}
	}
}

static int write_zeroes(struct nt_ctx *t, uint64_t slba, uint32_t nlb, uint16_t control)
{
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = slba, .nlb = (uint16_t)(nlb - 1),
		.control = control,
	};

	return nvmetest_write_zeroes(t->dev, &a);
}

static void write_zeroes_test(struct nt_ctx *t, uint16_t control)
{
	uint32_t n;
	uint64_t slba = three_runs(t, &n);

	NT_ASSERT_OK(write_zeroes(t, slba + n, n, control));
	memset(t->buf2, 0xee, nt_io_len(t, 3 * n));
	NT_ASSERT_OK(nt_read(t, slba, 3 * n, t->buf2));
	expect_blocks(t, t->buf2, t->buf, 0, n, 0, "the run before");
	expect_blocks(t, t->buf2, NULL, n, n, 0, "the zeroed run");
	expect_blocks(t, t->buf2, t->buf, 2 * n, n, 0, "the run after");
}

NT_TEST(nvm_write_zeroes, "nvm",
	"NVM Command Set 1.0, 3.2.8 Write Zeroes: subsequent reads of the range return all bytes 0h, the blocks around it keep their data",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	ct_need_oncs(t, 3, "Write Zeroes");
	write_zeroes_test(t, 0);
}

NT_TEST(nvm_write_zeroes_deac, "nvm",
	"NVM Command Set 1.0, 3.2.8 Write Zeroes with Deallocate (DLFEAT bit 3): the range still reads back all bytes 0h",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	ct_need_oncs(t, 3, "Write Zeroes");
	if (!(t->ns.dlfeat & NVME_NS_DLFEAT_WRITE_ZEROES))
		NT_SKIP("namespace %u: DLFEAT 0x%02x bit 3 is clear: the Deallocate bit of Write Zeroes is not supported",
			t->nsid, t->ns.dlfeat);
	write_zeroes_test(t, NVME_IO_DEAC);
}

static int dsm(struct nt_ctx *t, uint32_t attrs, uint64_t slba, uint32_t nlb)
{
	struct nvme_dsm_range r[1] __attribute__((aligned(16)));
	struct nvmetest_dsm_args d = {
		.qid = t->qid, .nsid = t->nsid, .attrs = attrs, .ranges = r, .nr_ranges = 1,
	};

	nvmetest_dsm_range(&r[0], 0, nlb, slba);
	return nvmetest_dsm(t->dev, &d);
}

/* DULBE of the Error Recovery feature of t->nsid: a read of a
 * deallocated block then fails. */
static bool dulbe(struct nt_ctx *t)
{
	uint32_t v = 0;
	struct nvmetest_feat_args f = { .fid = FID_ERROR_RECOVERY, .nsid = t->nsid, .result = &v };

	NT_ASSERT_OK(nvmetest_get_features(t->dev, &f));
	return v & ERR_REC_DULBE;
}

/*
 * Deallocate is advisory: the controller may deallocate the ranges. A
 * block it deallocated reads as DLFEAT says; one it did not still holds
 * its data. Each block of @got from @first on must be one or the other
 * (@byte < 0: DLFEAT reports no value, any data is allowed for it).
 */
static void expect_dealloc(struct nt_ctx *t, const uint8_t *got, const uint8_t *before,
			   uint32_t first, uint32_t n, int byte)
{
	uint32_t unit = nt_io_len(t, 1), kept = 0;

	for (uint32_t b = first; b < first + n; b++) {
		const uint8_t *g = got + (size_t)b * unit, *w = before + (size_t)b * unit;
		bool old = true, value = byte >= 0;

		for (uint32_t i = 0; i < t->lba_size; i++) {
			old = old && g[i] == w[i];
			value = value && g[i] == byte;
		}
		NT_ASSERT(old || value || byte < 0,
			  "deallocated block %u reads neither its data nor all bytes 0x%02x (byte 0: 0x%02x)",
			  b - first, byte, g[0]);
		kept += old;
	}
	NT_DIAG("%u of %u blocks kept their data (not deallocated)", kept, n);
}

NT_TEST(nvm_dsm_deallocate, "nvm",
	"NVM Command Set 1.0, 3.2.3 Dataset Management, Deallocate (advisory): each block of the range reads as DLFEAT bits 2:0 say (001b: 0h, 010b: FFh) or keeps its data; Deallocated or Unwritten Logical Block with DULBE; the blocks around it keep their data",
	NT_NEED_SCRATCH)
{
	unsigned int rb = t->ns.dlfeat & NVME_NS_DLFEAT_RB;
	uint32_t n;
	uint64_t slba;
	int ret;

	ct_need_oncs(t, 2, "Dataset Management");
	slba = three_runs(t, &n);
	NT_ASSERT_OK(dsm(t, NVME_DSMGMT_AD, slba + n, n));
	memset(t->buf2, 0xee, nt_io_len(t, 3 * n));
	NT_ASSERT_OK(nt_read(t, slba, n, t->buf2));
	NT_ASSERT_OK(nt_read(t, slba + 2 * n, n, (uint8_t *)t->buf2 + nt_io_len(t, 2 * n)));
	expect_blocks(t, t->buf2, t->buf, 0, n, 0, "the run before");
	expect_blocks(t, t->buf2, t->buf, 2 * n, n, 0, "the run after");
	NT_DIAG("DLFEAT 0x%02x: read behaviour %u", t->ns.dlfeat, rb);
	if (dulbe(t)) {
		/* block by block: a block not deallocated reads normally */
		for (uint32_t b = 0; b < n; b++) {
			ret = nt_read(t, slba + n + b, 1, (uint8_t *)t->buf2 + nt_io_len(t, n + b));
			if (ret)
				NT_ASSERT_STATUS(ret, SC_DEALLOCATED,
						 "Read of a deallocated block with DULBE set");
			else
				expect_blocks(t, t->buf2, t->buf, n + b, 1, 0,
					      "a block DULBE lets through (not deallocated)");
		}
		return;
	}
	NT_ASSERT_OK(nt_read(t, slba + n, n, (uint8_t *)t->buf2 + nt_io_len(t, n)));
	expect_dealloc(t, t->buf2, t->buf, n, n,
		       rb == NVME_NS_DLFEAT_RB_ALL_0S ? 0x00 :
		       rb == NVME_NS_DLFEAT_RB_ALL_FS ? 0xff : -1);
}

NT_TEST(nvm_dsm_hints_keep_data, "nvm",
	"NVM Command Set 1.0, 3.2.3 Dataset Management: the Integral Dataset for Read and for Write attributes without Deallocate are hints: the data is unchanged",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t n;
	uint64_t slba;

	ct_need_oncs(t, 2, "Dataset Management");
	slba = three_runs(t, &n);
	NT_ASSERT_OK(dsm(t, NVME_DSMGMT_IDR | NVME_DSMGMT_IDW, slba + n, n));
	NT_ASSERT_OK(nt_read(t, slba, 3 * n, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, 3 * n));
}
