// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Copy (NVM Command Set 1.0, 3.2.2; ONCS bit 8, source range
 * descriptor format 0h: Identify Controller OCFS bit 0): the source
 * ranges arrive at the destination in the order given; the namespace's
 * limits (Identify Namespace MSSRL, MCL, MSRC) -> Command Size Limit
 * Exceeded; ranges past the namespace -> LBA Out of Range.
 *
 * The driver's CRC map does not follow Copy (it would keep the
 * destination's old entries), so these tests read back without it.
 */
#include <endian.h>
#include <string.h>

#include "common.h"

/* Command Size Limit Exceeded: SCT 1h, SC 83h (NVM Command Set 1.0,
 * Figure 16) */
#define SC_CMD_SIZE_LIMIT	NT_STATUS(1, 0x83)
#define OCFS_FORMAT_0		(1u << 0)

/* The namespace's Copy limits, from Identify Namespace. */
struct copy_limits {
	uint32_t mssrl;	/* blocks of one source range */
	uint32_t mcl;	/* blocks of one command */
	uint32_t nr;	/* source ranges of one command (MSRC + 1) */
};

static struct copy_limits copy_setup(struct nt_ctx *t)
{
	struct nvme_id_ns ns;
	struct copy_limits l;

	if (!(le16toh(t->id.oncs) & NVME_CTRL_ONCS_COPY))
		NT_SKIP("Identify Controller ONCS bit 8 is clear: no Copy");
	if (!(le16toh(t->id.ocfs) & OCFS_FORMAT_0))
		NT_SKIP("Identify Controller OCFS 0x%04x bit 0 is clear: no source range format 0h",
			le16toh(t->id.ocfs));
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &ns));
	l.mssrl = le16toh(ns.mssrl);
	l.mcl = le32toh(ns.mcl);
	l.nr = ns.msrc + 1u;
	NT_DIAG("namespace %u: MSSRL %u, MCL %u, MSRC %u", t->nsid, l.mssrl, l.mcl, ns.msrc);
	return l;
}

/* The scratch range from its first multiple of 8, with @nlb LBAs in it. */
static uint64_t scratch_base(struct nt_ctx *t, uint64_t nlb)
{
	uint64_t base = (t->scratch_slba + 7) & ~7ull;

	if (base + nlb > t->scratch_slba + t->scratch_nlb)
		NT_SKIP("the test needs %llu LBAs of scratch: the range has %llu from %llu",
			(unsigned long long)nlb, (unsigned long long)t->scratch_nlb,
			(unsigned long long)t->scratch_slba);
	return base;
}

/* Copy of @nr format 0 ranges (t->buf2 holds them) to @sdlba. */
static int copy(struct nt_ctx *t, uint64_t sdlba, uint32_t nr)
{
	struct nvmetest_copy_args c = {
		.qid = t->qid, .nsid = t->nsid, .sdlba = sdlba, .ranges = t->buf2,
		.nr_ranges = nr,
	};

	return nvmetest_copy(t->dev, &c);
}

static void range(struct nt_ctx *t, uint32_t i, uint64_t slba, uint32_t nlb)
{
	nvmetest_copy_range((struct nvme_copy_range *)t->buf2 + i, slba, (uint16_t)(nlb - 1));
}

NT_TEST(nvm_copy_data, "nvm",
	"NVM Command Set 1.0, 3.2.2 Copy: the blocks of the source ranges are written to the destination, one range after another in the order given",
	NT_NEED_SCRATCH)
{
	struct copy_limits l = copy_setup(t);
	uint32_t unit = nt_io_len(t, 1), nr = l.nr < 2 ? 1 : 2, m = 8, total;
	uint64_t base;
	uint8_t *want;

	if (m > l.mssrl)
		m = l.mssrl;
	if (m * nr > l.mcl)
		m = l.mcl / nr;
	if (!m)
		NT_SKIP("MSSRL %u, MCL %u: no range of a block fits", l.mssrl, l.mcl);
	total = m * nr;
	if (nt_io_len(t, 2 * total) > t->buf_len)
		NT_SKIP("the test buffer holds fewer than %u LBAs", 2 * total);
	base = scratch_base(t, 2 * total);
	/* sources at base, the destination after them holding other data */
	ct_fill(t->buf, nt_io_len(t, 2 * total), 100);
	ct_fill(t->meta, (size_t)2 * total * t->ns.ms, 101);
	NT_ASSERT_OK(nt_write(t, base, 2 * total, t->buf));
	/* the second source run first: the order is the ranges', not the LBAs' */
	for (uint32_t i = 0; i < nr; i++)
		range(t, i, base + (uint64_t)(nr - 1 - i) * m, m);
	NT_ASSERT_OK(copy(t, base + total, nr));
	want = t->buf;
	NT_ASSERT_OK(nt_read(t, base + total, total, (uint8_t *)t->buf + nt_io_len(t, total)));
	for (uint32_t b = 0; b < total; b++) {
		uint32_t from = (nr - 1 - b / m) * m + b % m;
		const uint8_t *got = want + (size_t)(total + b) * unit;
		size_t d = nt_memdiff(got, want + (size_t)from * unit, t->lba_size);

		NT_ASSERT(d == (size_t)-1,
			  "destination block %u does not hold source block %u (byte %zu differs)",
			  b, from, d);
	}
}

NT_TEST(nvm_copy_mssrl, "nvm",
	"NVM Command Set 1.0, 3.2.2 Copy and Identify Namespace MSSRL: a source range longer than MSSRL -> Command Size Limit Exceeded (SCT 1h, SC 83h)",
	NT_NEED_SCRATCH)
{
	struct copy_limits l = copy_setup(t);
	uint32_t n = l.mssrl + 1;
	uint64_t base;

	if (!l.mssrl)
		NT_SKIP("MSSRL is 0");
	if (n > 65536)
		NT_SKIP("MSSRL %u: no 16-bit NLB exceeds it", l.mssrl);
	base = scratch_base(t, 2ull * n);
	range(t, 0, base + n, n);
	NT_ASSERT_STATUS(copy(t, base, 1), SC_CMD_SIZE_LIMIT, "Copy, one range of MSSRL + 1 blocks");
}

NT_TEST(nvm_copy_mcl, "nvm",
	"NVM Command Set 1.0, 3.2.2 Copy and Identify Namespace MCL: ranges within MSSRL and MSRC that add up to more than MCL -> Command Size Limit Exceeded (SCT 1h, SC 83h)",
	NT_NEED_SCRATCH)
{
	struct copy_limits l = copy_setup(t);
	uint64_t total = (uint64_t)l.mcl + 1, base, off = 0;
	uint32_t per = l.mssrl < 65536 ? l.mssrl : 65536, k;

	if (!per)
		NT_SKIP("MSSRL is 0");
	k = (uint32_t)((total + per - 1) / per);
	if (k > l.nr)
		NT_SKIP("MCL %u is reached only with %u ranges of MSSRL %u: more than MSRC + 1 (%u)",
			l.mcl, k, l.mssrl, l.nr);
	base = scratch_base(t, 2 * total);
	for (uint32_t i = 0; i < k; i++) {
		uint32_t n = total - off < per ? (uint32_t)(total - off) : per;

		range(t, i, base + total + off, n);
		off += n;
	}
	NT_DIAG("%u ranges, %llu blocks", k, (unsigned long long)total);
	NT_ASSERT_STATUS(copy(t, base, k), SC_CMD_SIZE_LIMIT, "Copy of MCL + 1 blocks");
}

NT_TEST(nvm_copy_msrc, "nvm",
	"NVM Command Set 1.0, 3.2.2 Copy and Identify Namespace MSRC: more than MSRC + 1 source ranges -> Command Size Limit Exceeded (SCT 1h, SC 83h)",
	NT_NEED_SCRATCH)
{
	struct copy_limits l = copy_setup(t);
	uint32_t nr = l.nr + 1;
	uint64_t base;

	if (nr > 256)
		NT_SKIP("MSRC is 255: NR cannot exceed it");
	base = scratch_base(t, 2ull * nr);
	for (uint32_t i = 0; i < nr; i++)
		range(t, i, base + nr + i, 1);
	NT_ASSERT_STATUS(copy(t, base, nr), SC_CMD_SIZE_LIMIT, "Copy with MSRC + 2 ranges");
}

NT_TEST(nvm_copy_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.2 Copy and Figure 15: a destination or a source range past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_SCRATCH)
{
	uint64_t nsze = t->ns.nsze, base;

	copy_setup(t);
	base = scratch_base(t, 2);
	range(t, 0, base, 1);
	NT_ASSERT_STATUS(copy(t, nsze, 1), NT_SC_LBA_RANGE, "Copy to SDLBA NSZE");
	range(t, 0, nsze, 1);
	NT_ASSERT_STATUS(copy(t, base, 1), NT_SC_LBA_RANGE, "Copy from source LBA NSZE");
	range(t, 0, nsze - 1, 2);
	NT_ASSERT_STATUS(copy(t, base, 1), NT_SC_LBA_RANGE,
			 "Copy from source LBAs NSZE - 1 and NSZE");
}
