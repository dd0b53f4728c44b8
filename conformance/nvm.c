// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: the NVM command set's Read and Write (NVM Command Set
 * 1.0, 3.2.4 and 3.2.6): data written comes back, checked by the
 * driver's CRC map as well as by comparison; the statuses of an LBA range
 * past the namespace and of an invalid namespace.
 */
#include <endian.h>
#include <string.h>

#include <nvmetest-harness.h>

NT_TEST(nvm_write_read_verified, "nvm",
	"NVM Command Set 1.0, 3.2.6 Write and 3.2.4 Read",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = nt_buf_lbas(t) < 8 ? nt_buf_lbas(t) : 8;

	if (nlb > t->scratch_nlb)
		nlb = (uint32_t)t->scratch_nlb;

	for (uint32_t i = 0; i < nt_io_len(t, nlb); i++)
		((uint8_t *)t->buf)[i] = (uint8_t)(i * 7 + 3);
	NT_ASSERT_OK(nt_write(t, t->scratch_slba, nlb, t->buf));
	NT_ASSERT_OK(nt_read(t, t->scratch_slba, nlb, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

NT_TEST(nvm_read_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.4: a Read past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_IOQ)
{
	uint64_t nsze = t->ns.nsze;

	NT_ASSERT_STATUS(nt_read(t, nsze, 1, t->buf), NT_SC_LBA_RANGE, "Read of LBA NSZE");
	NT_ASSERT_STATUS(nt_read(t, nsze - 1, 2, t->buf), NT_SC_LBA_RANGE,
			 "Read of LBAs NSZE - 1 and NSZE");
}

NT_TEST(nvm_read_invalid_nsid, "nvm",
	"NVMe Base 2.0, 3.2.1 (valid NSIDs), generic status: a Read of an NSID above NN -> Invalid Namespace or Format",
	NT_NEED_IOQ)
{
	uint32_t nn = le32toh(t->id.nn);
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = nn + 1, .slba = 0, .nlb = 0,
		.data = t->buf, .data_len = t->lba_size,
	};

	if (nn >= 0xfffffffe)
		NT_SKIP("NN is 0x%08x: no NSID above it is a valid non-broadcast value", nn);
	NT_ASSERT_STATUS(nvmetest_read(t->dev, &a), NT_SC_INVALID_NS, "Read, NSID NN + 1");
}
