// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: metadata. On a namespace whose LBA format carries metadata
 * and no end-to-end protection, the metadata is the host's: a Read returns
 * what the Write stored, in the same place (at the end of each LBA's data
 * for extended LBAs, through the Metadata Pointer otherwise). The fixture
 * picks the first active namespace with metadata (NT_NS_META) and skips
 * when there is none.
 */
#include <stdlib.h>
#include <string.h>

#include <nvmetest-harness.h>

NT_TEST_WITH(nvm_metadata_round_trip, "nvm",
	     "NVM Command Set 1.0, 3.2.6 Write and 3.2.4 Read: the metadata of each LBA (extended LBA or Metadata Pointer) reads back as written",
	     NT_NEED_SCRATCH, .ns_props = NT_NS_META)
{
	uint32_t nlb = nt_buf_lbas(t) < 4 ? nt_buf_lbas(t) : 4, len, mlen;
	uint8_t *data = t->buf, *back = t->buf2, *meta = t->meta, *want;

	if (t->ns.dps & 7)
		NT_SKIP("namespace %u has end-to-end protection on (DPS 0x%x): its metadata holds PI the controller checks",
			t->nsid, t->ns.dps);
	if (nlb > t->scratch_nlb)
		nlb = (uint32_t)t->scratch_nlb;
	len = nt_io_len(t, nlb);
	mlen = t->ns.extended ? 0 : nlb * t->ns.ms;
	for (uint32_t i = 0; i < len; i++)
		data[i] = (uint8_t)(i * 13 + t->nsid);
	for (uint32_t i = 0; i < mlen; i++)
		meta[i] = (uint8_t)(0xa0 ^ i);
	want = malloc(mlen + 1);
	NT_ASSERT(want, "out of memory");
	memcpy(want, meta, mlen);
	NT_DIAG("namespace %u: %u-byte LBAs, %u bytes of metadata each, %s", t->nsid,
		t->lba_size, t->ns.ms, t->ns.extended ? "extended LBAs" : "separate buffer");
	NT_ASSERT_OK(nt_write(t, t->scratch_slba, nlb, data));
	memset(back, 0, len);
	memset(meta, 0, mlen);
	NT_ASSERT_OK(nt_read(t, t->scratch_slba, nlb, back));
	NT_ASSERT_MEMEQ(data, back, len);
	NT_ASSERT_MEMEQ(want, meta, mlen);
	free(want);
}
