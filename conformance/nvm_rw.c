// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Read and Write beyond the basics (NVM Command Set 1.0,
 * 3.2.4 and 3.2.6): Force Unit Access and Limited Retry, data integrity
 * under the driver's CRC map (neighbours untouched, the last write wins,
 * the largest buffer), the Maximum Data Transfer Size (NVMe Base 2.0,
 * Identify Controller MDTS), and metadata that comes back with its data.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common.h"

/* Bytes that differ per seed and per offset: a block written in the
 * wrong place, or a stale one, does not look like the one expected. */

/* LBA @off of the scratch range (from its first multiple of 8, so that a
 * device working in 4 KiB units gets whole ones) with @nlb LBAs after it
 * inside the range; skips when the range is smaller. */
static uint64_t scratch_lba(struct nt_ctx *t, uint64_t off, uint64_t nlb)
{
	uint64_t base = (t->scratch_slba + 7) & ~7ull;

	if (base + off + nlb > t->scratch_slba + t->scratch_nlb)
		NT_SKIP("the scratch range (%llu LBAs from %llu) is too small: the test writes %llu LBAs",
			(unsigned long long)t->scratch_nlb, (unsigned long long)t->scratch_slba,
			(unsigned long long)(off + nlb + base - t->scratch_slba));
	return base + off;
}

/* LBAs of t->nsid the test's buffers hold, at most @max. */
static uint32_t buf_nlb(struct nt_ctx *t, uint32_t max)
{
	uint32_t n = (uint32_t)(t->buf_len / nt_io_len(t, 1));

	return n < max ? n : max;
}

/* A Read or Write with CDW12 bits 31:16 = @control; separate metadata in
 * @meta (t->meta when NULL). */
static int rw(struct nt_ctx *t, uint8_t opcode, uint64_t slba, uint32_t nlb, uint16_t control,
	      void *buf, void *meta)
{
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = slba, .nlb = (uint16_t)(nlb - 1),
		.control = control, .data = buf, .data_len = nt_io_len(t, nlb),
	};

	if (t->ns.ms && !t->ns.extended) {
		a.meta = meta ? meta : t->meta;
		a.meta_len = nlb * t->ns.ms;
	}
	return nvmetest_io(t->dev, opcode, &a);
}

NT_TEST(nvm_write_fua, "nvm",
	"NVM Command Set 1.0, 3.2.6: a Write with Force Unit Access completes and its data reads back",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = buf_nlb(t, 8);
	uint64_t slba = scratch_lba(t, 0, nlb);

	ct_fill(t->buf, nt_io_len(t, nlb), 11);
	NT_ASSERT_OK(rw(t, nvme_cmd_write, slba, nlb, NVME_IO_FUA, t->buf, NULL));
	NT_ASSERT_OK(nt_read(t, slba, nlb, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

NT_TEST(nvm_read_fua, "nvm",
	"NVM Command Set 1.0, 3.2.4: a Read with Force Unit Access completes and returns the data written",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = buf_nlb(t, 8);
	uint64_t slba = scratch_lba(t, 0, nlb);

	ct_fill(t->buf, nt_io_len(t, nlb), 12);
	NT_ASSERT_OK(nt_write(t, slba, nlb, t->buf));
	NT_ASSERT_OK(rw(t, nvme_cmd_read, slba, nlb, NVME_IO_FUA, t->buf2, NULL));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

NT_TEST(nvm_limited_retry, "nvm",
	"NVM Command Set 1.0, 3.2.4 and 3.2.6: Read and Write with Limited Retry (CDW12 bit 31) complete and move the data",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = buf_nlb(t, 8);
	uint64_t slba = scratch_lba(t, 0, nlb);

	ct_fill(t->buf, nt_io_len(t, nlb), 13);
	NT_ASSERT_OK(rw(t, nvme_cmd_write, slba, nlb, NVME_IO_LR, t->buf, NULL));
	NT_ASSERT_OK(rw(t, nvme_cmd_read, slba, nlb, NVME_IO_LR, t->buf2, NULL));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

NT_TEST(nvm_integrity_neighbours, "nvm",
	"NVM Command Set 1.0, 3.2.6 Write: a one-block Write changes that block and no other",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = buf_nlb(t, 24), unit = nt_io_len(t, 1), mid = nlb / 2;
	uint64_t slba = scratch_lba(t, 0, nlb);

	if (nlb < 3)
		NT_SKIP("the test buffer holds %u LBAs of %u bytes: fewer than 3", nlb, unit);
	ct_fill(t->buf, nt_io_len(t, nlb), 21);
	NT_ASSERT_OK(nt_write(t, slba, nlb, t->buf));
	ct_fill((uint8_t *)t->buf + (size_t)mid * unit, unit, 22);
	NT_ASSERT_OK(nt_write(t, slba + mid, 1, (uint8_t *)t->buf + (size_t)mid * unit));
	NT_ASSERT_OK(nt_read(t, slba, nlb, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

NT_TEST(nvm_integrity_overwrites, "nvm",
	"NVM Command Set 1.0, 3.2.6 Write and 3.2.4 Read: overlapping Writes of different lengths, each block reads back the last data written to it",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = buf_nlb(t, 64), unit = nt_io_len(t, 1);
	uint64_t slba = scratch_lba(t, 0, nlb);
	uint8_t *shadow = malloc(nt_io_len(t, nlb));

	NT_ASSERT(shadow, "malloc of %u bytes", nt_io_len(t, nlb));
	/* the shadow copies each buffer after its Write: with the CRC map on
	 * the driver stamps the LBA and a token into the caller's buffer */
	ct_fill(t->buf, nt_io_len(t, nlb), 30);
	NT_ASSERT_OK(nt_write(t, slba, nlb, t->buf));
	memcpy(shadow, t->buf, nt_io_len(t, nlb));
	for (uint32_t i = 0; i < 24; i++) {
		uint32_t off = (i * 7) % nlb, len = 1 + (i * 5) % 13;

		if (len > nlb - off)
			len = nlb - off;
		ct_fill(t->buf, nt_io_len(t, len), 31 + i);
		NT_ASSERT_OK(nt_write(t, slba + off, len, t->buf));
		memcpy(shadow + (size_t)off * unit, t->buf, nt_io_len(t, len));
	}
	NT_ASSERT_OK(nt_read(t, slba, nlb, t->buf2));
	NT_ASSERT_MEMEQ(shadow, t->buf2, nt_io_len(t, nlb));
	free(shadow);
}

NT_TEST(nvm_write_read_largest_buffer, "nvm",
	"NVM Command Set 1.0, 3.2.6 Write and 3.2.4 Read of as many blocks as the test buffer holds (up to 128 KiB, within MDTS)",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = buf_nlb(t, 65536);
	uint64_t slba = scratch_lba(t, 0, nlb);

	NT_DIAG("%u blocks, %u bytes", nlb, nt_io_len(t, nlb));
	ct_fill(t->buf, nt_io_len(t, nlb), 40);
	NT_ASSERT_OK(nt_write(t, slba, nlb, t->buf));
	memset(t->buf2, 0, nt_io_len(t, nlb));
	NT_ASSERT_OK(nt_read(t, slba, nlb, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

/*
 * The blocks one command of exactly MDTS moves (MDTS counts in units of
 * CAP.MPSMIN). Skips when the device sets no limit, when the namespace
 * has metadata (whether MDTS counts it depends on CTRATT and on where it
 * travels), or when MDTS + 1 block does not fit the 16-bit NLB.
 */
static uint32_t mdts_nlb(struct nt_ctx *t)
{
	uint64_t bytes;

	if (!t->id.mdts)
		NT_SKIP("Identify Controller MDTS is 0: no transfer size limit");
	if (t->ns.ms)
		NT_SKIP("namespace %u has metadata (%u bytes per LBA): MDTS may or may not count it",
			t->nsid, t->ns.ms);
	/* (beyond 2^32 pages no NLB reaches MDTS anyway) */
	bytes = nvmetest_cap_mps_min(t->info->cap) << (t->id.mdts < 32 ? t->id.mdts : 32);
	if (bytes < t->lba_size || bytes / t->lba_size + 1 > 65536)
		NT_SKIP("MDTS %u (%llu bytes) is not expressible in whole %u-byte blocks of one command",
			t->id.mdts, (unsigned long long)bytes, t->lba_size);
	NT_DIAG("MDTS %u: %llu bytes, %llu blocks of %u bytes", t->id.mdts,
		(unsigned long long)bytes, (unsigned long long)(bytes / t->lba_size), t->lba_size);
	return (uint32_t)(bytes / t->lba_size);
}

/* A buffer of exactly MDTS bytes, or a skip when the driver's transfer
 * limit (max_transfer_kb) is below MDTS. */
static void *mdts_buf(struct nt_ctx *t, uint32_t nlb)
{
	size_t len = (size_t)nlb * t->lba_size;
	void *p;

	if (t->info->max_xfer < len)
		NT_SKIP("the driver's transfer limit (max_xfer %u bytes) is below MDTS (%zu bytes)",
			t->info->max_xfer, len);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		 -1, 0);
	NT_ASSERT(p != MAP_FAILED, "mmap of %zu bytes", len);
	return p;
}

NT_TEST(nvm_mdts_read_exact, "nvm",
	"NVMe Base 2.0, Identify Controller MDTS; NVM Command Set 1.0, 3.2.4: a Read of exactly MDTS completes successfully",
	NT_NEED_IOQ)
{
	uint32_t nlb = mdts_nlb(t);
	void *p;

	if (t->ns.nsze < nlb)
		NT_SKIP("namespace %u has %llu LBAs: fewer than MDTS holds", t->nsid,
			(unsigned long long)t->ns.nsze);
	p = mdts_buf(t, nlb);
	NT_ASSERT_OK(rw(t, nvme_cmd_read, 0, nlb, 0, p, NULL));
	munmap(p, (size_t)nlb * t->lba_size);
}

NT_TEST(nvm_mdts_write_exact, "nvm",
	"NVMe Base 2.0, Identify Controller MDTS; NVM Command Set 1.0, 3.2.6: a Write of exactly MDTS completes and its data reads back",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = mdts_nlb(t);
	uint64_t slba = scratch_lba(t, 0, nlb);
	size_t len = (size_t)nlb * t->lba_size;
	void *p = mdts_buf(t, nlb);

	/* (a failure ends the test process: the buffer goes with it) */
	ct_fill(p, len, 50);
	NT_ASSERT_OK(rw(t, nvme_cmd_write, slba, nlb, 0, p, NULL));
	/* read back in buffer-sized pieces: the CRC map checks each block */
	for (uint32_t done = 0; done < nlb;) {
		uint32_t n = buf_nlb(t, nlb - done);

		NT_ASSERT_OK(nt_read(t, slba + done, n, t->buf2));
		NT_ASSERT_MEMEQ((uint8_t *)p + (size_t)done * t->lba_size, t->buf2,
				(size_t)n * t->lba_size);
		done += n;
	}
	munmap(p, len);
}

NT_TEST(nvm_mdts_read_above, "nvm",
	"NVMe Base 2.0, Identify Controller MDTS (a command that exceeds it -> Invalid Field in Command); NVM Command Set 1.0, 3.2.4 Read",
	NT_NEED_IOQ)
{
	uint32_t nlb = mdts_nlb(t) + 1;
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = 0, .nlb = (uint16_t)(nlb - 1),
		/* the driver describes what the command implies up to its own
		 * limit and guards the rest: a device that moves it all
		 * completes with -EOVERFLOW */
		.data = t->buf, .data_len = (uint32_t)t->buf_len,
	};

	if (t->ns.nsze < nlb)
		NT_SKIP("namespace %u has %llu LBAs: fewer than MDTS + 1 block", t->nsid,
			(unsigned long long)t->ns.nsze);
	NT_ASSERT_STATUS(nvmetest_read(t->dev, &a), NT_SC_INVALID_FIELD,
			 "Read of MDTS + 1 block");
}

NT_TEST(nvm_mdts_write_above, "nvm",
	"NVMe Base 2.0, Identify Controller MDTS (a command that exceeds it -> Invalid Field in Command); NVM Command Set 1.0, 3.2.6 Write",
	NT_NEED_SCRATCH)
{
	uint32_t nlb = mdts_nlb(t) + 1;
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = scratch_lba(t, 0, nlb),
		.nlb = (uint16_t)(nlb - 1), .data = t->buf, .data_len = (uint32_t)t->buf_len,
	};

	ct_fill(t->buf, t->buf_len, 51);
	NT_ASSERT_STATUS(nvmetest_write(t->dev, &a), NT_SC_INVALID_FIELD,
			 "Write of MDTS + 1 block");
}

NT_TEST_WITH(nvm_metadata_round_trip, "nvm",
	     "NVM Command Set 1.0, 3.2.4 and 3.2.6, metadata (extended LBA or separate buffer, Identify Namespace FLBAS bit 4): each block's metadata reads back with it",
	     NT_NEED_SCRATCH | NT_NEED_VERIFY, .ns_props = NT_NS_META)
{
	uint32_t nlb = buf_nlb(t, 8);
	uint64_t slba = scratch_lba(t, 0, nlb);
	uint8_t *wmeta = t->meta, *rmeta = (uint8_t *)t->meta + t->buf_len / 2;
	size_t mlen = (size_t)nlb * t->ns.ms;

	if (t->ns.dps & 7)
		NT_SKIP("namespace %u has protection information (DPS 0x%x): its metadata holds PI the device may check",
			t->nsid, t->ns.dps);
	NT_DIAG("namespace %u: %u-byte LBAs, %u bytes of metadata each, %s", t->nsid,
		t->lba_size, t->ns.ms, t->ns.extended ? "extended LBAs" : "separate buffer");
	ct_fill(t->buf, nt_io_len(t, nlb), 60);
	ct_fill(wmeta, mlen, 61);
	memset(t->buf2, 0, nt_io_len(t, nlb));
	memset(rmeta, 0, mlen);
	NT_ASSERT_OK(rw(t, nvme_cmd_write, slba, nlb, 0, t->buf, wmeta));
	NT_ASSERT_OK(rw(t, nvme_cmd_read, slba, nlb, 0, t->buf2, rmeta));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
	if (!t->ns.extended)
		NT_ASSERT_MEMEQ(wmeta, rmeta, mlen);
}
