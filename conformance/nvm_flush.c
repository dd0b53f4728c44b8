// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Flush (NVMe Base 2.0, 7.1): of the namespace under test,
 * of all namespaces (NSID FFFFFFFFh) as Identify Controller VWC bits 2:1
 * say, and of invalid NSIDs.
 */
#include <endian.h>
#include <string.h>

#include <nvmetest-harness.h>

#define NSID_BROADCAST	0xffffffffu
/* Identify Controller VWC bits 2:1: Flush with NSID FFFFFFFFh */
#define VWC_FLUSH_BCAST(vwc)	(((vwc) >> 1) & 3)
#define VWC_FLUSH_BCAST_NO	2	/* 10b: not supported */
#define VWC_FLUSH_BCAST_YES	3	/* 11b: supported */

NT_TEST(nvm_flush, "nvm",
	"NVMe Base 2.0, 7.1 Flush (mandatory; without a volatile write cache it completes successfully): the data written before it reads back",
	NT_NEED_SCRATCH | NT_NEED_VERIFY)
{
	uint32_t nlb = nt_buf_lbas(t) < 8 ? nt_buf_lbas(t) : 8;

	if (nlb > t->scratch_nlb)
		nlb = (uint32_t)t->scratch_nlb;

	NT_DIAG("VWC 0x%02x: volatile write cache %s", t->id.vwc,
		t->id.vwc & NVME_CTRL_VWC_PRESENT ? "present" : "not present");
	for (uint32_t i = 0; i < nt_io_len(t, nlb); i++)
		((uint8_t *)t->buf)[i] = (uint8_t)(i * 13 + 1);
	NT_ASSERT_OK(nt_write(t, t->scratch_slba, nlb, t->buf));
	NT_ASSERT_OK(nvmetest_flush(t->dev, t->qid, t->nsid, 0));
	NT_ASSERT_OK(nt_read(t, t->scratch_slba, nlb, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, nlb));
}

NT_TEST(nvm_flush_broadcast, "nvm",
	"NVMe Base 2.0, 7.1 Flush and Identify Controller VWC bits 2:1: NSID FFFFFFFFh succeeds when they are 11b, -> Invalid Namespace or Format when 10b",
	NT_NEED_IOQ)
{
	unsigned int how = VWC_FLUSH_BCAST(t->id.vwc);
	int ret = nvmetest_flush(t->dev, t->qid, NSID_BROADCAST, 0);

	NT_DIAG("VWC 0x%02x: bits 2:1 %u%ub", t->id.vwc, how >> 1, how & 1);
	if (how == VWC_FLUSH_BCAST_YES)
		NT_ASSERT_STATUS(ret, NT_SC_SUCCESS, "Flush, NSID FFFFFFFFh, VWC bits 2:1 11b");
	else if (how == VWC_FLUSH_BCAST_NO)
		NT_ASSERT_STATUS(ret, NT_SC_INVALID_NS, "Flush, NSID FFFFFFFFh, VWC bits 2:1 10b");
	else
		NT_SKIP("Identify Controller VWC bits 2:1 are %s: support of NSID FFFFFFFFh in Flush is not indicated",
			how ? "01b (reserved)" : "00b");
}

NT_TEST(nvm_flush_invalid_nsid, "nvm",
	"NVMe Base 2.0, 7.1 Flush and 3.2.1 (valid NSIDs): NSID 0h or above NN -> Invalid Namespace or Format",
	NT_NEED_IOQ)
{
	uint32_t nn = le32toh(t->id.nn);

	NT_ASSERT_STATUS(nvmetest_flush(t->dev, t->qid, 0, 0), NT_SC_INVALID_NS, "Flush, NSID 0h");
	if (nn >= 0xfffffffe)
		return;
	NT_ASSERT_STATUS(nvmetest_flush(t->dev, t->qid, nn + 1, 0), NT_SC_INVALID_NS,
			 "Flush, NSID NN + 1");
}
