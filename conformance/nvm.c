// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: the NVM command set's Read and Write (NVM Command Set
 * 1.0, 3.2.4 and 3.2.6): data written comes back, checked by the
 * driver's CRC map as well as by comparison; and what every block command
 * must refuse: an LBA range past the namespace (LBA Out of Range), an
 * invalid or inactive namespace, a reserved opcode, and an optional
 * command the controller does not report in ONCS.
 */
#include <endian.h>
#include <string.h>

#include "common.h"

#define NSID_BROADCAST	0xffffffffu
/* An IO opcode NVMe Base 2.0 and NVM Command Set 1.0 leave reserved (no
 * command set the controller may report uses it either); bits 1:0 are
 * 00b, so it moves no data. */
#define OPC_RESERVED	0x7c

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

/* A one-block Read of @nsid at LBA 0 into t->buf. */
static int read_nsid(struct nt_ctx *t, uint32_t nsid)
{
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = nsid, .slba = 0, .nlb = 0,
		.data = t->buf, .data_len = t->lba_size,
	};

	return nvmetest_read(t->dev, &a);
}

NT_TEST(nvm_read_nsid_zero, "nvm",
	"NVMe Base 2.0, 3.2.1 (NSID 0h is invalid), generic status: a Read of NSID 0h -> Invalid Namespace or Format",
	NT_NEED_IOQ)
{
	NT_ASSERT_STATUS(read_nsid(t, 0), NT_SC_INVALID_NS, "Read, NSID 0h");
}

NT_TEST(nvm_read_nsid_broadcast, "nvm",
	"NVMe Base 2.0, 3.2.1 (the broadcast NSID in a command that does not support it); NVM Command Set 1.0, 3.2.4: a Read of NSID FFFFFFFFh -> Invalid Namespace or Format",
	NT_NEED_IOQ)
{
	NT_ASSERT_STATUS(read_nsid(t, NSID_BROADCAST), NT_SC_INVALID_NS, "Read, NSID FFFFFFFFh");
}

NT_TEST(nvm_write_invalid_nsid, "nvm",
	"NVMe Base 2.0, 3.2.1 (valid NSIDs); NVM Command Set 1.0, 3.2.6: a Write of NSID 0h or above NN -> Invalid Namespace or Format",
	NT_NEED_IOQ | NT_DESTRUCTIVE)
{
	uint32_t nn = le32toh(t->id.nn);
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = 0, .slba = 0, .nlb = 0,
		.data = t->buf, .data_len = t->lba_size,
	};

	/* a device that took an invalid NSID for a namespace of its own
	 * would overwrite LBA 0 of it: no scratch range contains that */
	memset(t->buf, 0x5a, t->lba_size);
	NT_ASSERT_STATUS(nvmetest_write(t->dev, &a), NT_SC_INVALID_NS, "Write, NSID 0h");
	if (nn >= 0xfffffffe)
		return;
	a.nsid = nn + 1;
	NT_ASSERT_STATUS(nvmetest_write(t->dev, &a), NT_SC_INVALID_NS, "Write, NSID NN + 1");
}

/* The lowest NSID from 1 to NN that the Active Namespace ID list lacks;
 * 0 when every one is active. */
static uint32_t inactive_nsid(struct nt_ctx *t)
{
	uint32_t nn = le32toh(t->id.nn), want = 1, from = 0;
	struct nvme_ns_list l;

	while (want <= nn) {
		unsigned int i;

		NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, from, &l));
		for (i = 0; i < 1024 && l.ns[i]; i++) {
			if (le32toh(l.ns[i]) != want)
				return want;
			want++;
		}
		if (i < 1024)
			break;
		from = want - 1;
	}
	return want <= nn ? want : 0;
}

NT_TEST(nvm_read_inactive_nsid, "nvm",
	"NVMe Base 2.0, 3.2.1 (an inactive NSID in a command that uses the NSID field -> Invalid Field in Command); NVM Command Set 1.0, 3.2.4 Read",
	NT_NEED_IOQ)
{
	uint32_t nsid = inactive_nsid(t);

	if (!nsid)
		NT_SKIP("every NSID from 1 to NN (%u) is active (Identify CNS 02h)",
			le32toh(t->id.nn));
	NT_DIAG("NSID %u is inactive", nsid);
	NT_ASSERT_STATUS(read_nsid(t, nsid), NT_SC_INVALID_FIELD, "Read of an inactive NSID");
}

NT_TEST(nvm_reserved_opcode, "nvm",
	"NVMe Base 2.0, Generic Command Status (Invalid Command Opcode: a reserved value in the opcode field); NVM Command Set 1.0, 3.2 (the opcodes)",
	NT_NEED_IOQ)
{
	struct nvmetest_cmd_args c = { .opcode = OPC_RESERVED, .qid = t->qid, .nsid = t->nsid };

	NT_ASSERT_STATUS(nvmetest_io_cmd(t->dev, &c), NT_SC_INVALID_OPCODE,
			 "IO opcode 7Ch (reserved)");
}

/* One optional command of ONCS, sent to one block of the scratch range. */
static int optional_cmd(struct nt_ctx *t, uint8_t opcode)
{
	struct nvmetest_cmd_args c = {
		.opcode = opcode, .qid = t->qid, .nsid = t->nsid,
		.cdw10 = (uint32_t)t->scratch_slba, .cdw11 = (uint32_t)(t->scratch_slba >> 32),
	};

	switch (opcode) {
	case nvme_cmd_compare:
		memset(t->buf, 0, nt_io_len(t, 1));
		c.data = t->buf;
		c.data_len = nt_io_len(t, 1);
		break;
	case nvme_cmd_dsm:
		nvmetest_dsm_range(t->buf, 0, 1, t->scratch_slba);
		c.cdw10 = 0;
		c.cdw11 = NVME_DSMGMT_AD;
		c.data = t->buf;
		c.data_len = sizeof(struct nvme_dsm_range);
		break;
	case nvme_cmd_copy:
		/* one block onto itself: SDLBA = the source */
		memset(t->buf, 0, sizeof(struct nvme_copy_range));
		nvmetest_copy_range(t->buf, t->scratch_slba, 0);
		c.cdw12 = 0;
		c.data = t->buf;
		c.data_len = sizeof(struct nvme_copy_range);
		break;
	default:
		break;	/* Write Uncorrectable, Write Zeroes, Verify: no data */
	}
	return nvmetest_io_cmd(t->dev, &c);
}

NT_TEST(nvm_unsupported_optional_opcodes, "nvm",
	"NVM Command Set 1.0, Identify Controller ONCS (a cleared bit: the command is not supported); NVMe Base 2.0, Generic Command Status: an unsupported opcode -> Invalid Command Opcode",
	NT_NEED_SCRATCH)
{
	static const struct { unsigned int bit; uint8_t opcode; const char *name; } opt[] = {
		{ 0, nvme_cmd_compare, "Compare" },
		{ 1, nvme_cmd_write_uncor, "Write Uncorrectable" },
		{ 2, nvme_cmd_dsm, "Dataset Management" },
		{ 3, nvme_cmd_write_zeroes, "Write Zeroes" },
		{ 8, nvme_cmd_copy, "Copy" },
		/* last: see the deviation below */
		{ 7, nvme_cmd_verify, "Verify" },
	};
	uint16_t oncs = le16toh(t->id.oncs);
	unsigned int sent = 0;
	char what[96];

	for (size_t i = 0; i < sizeof(opt) / sizeof(opt[0]); i++) {
		if (oncs & 1u << opt[i].bit)
			continue;
		snprintf(what, sizeof(what), "%s (opcode %02Xh) with ONCS bit %u clear",
			 opt[i].name, opt[i].opcode, opt[i].bit);
		NT_DIAG("%s", what);
		if (opt[i].opcode == nvme_cmd_verify)
			NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
				    "NVM Command Set 1.0, ONCS bit 7: if cleared to 0, the controller does not support the Verify command; NVMe Base 2.0: an unsupported opcode is aborted with Invalid Command Opcode");
		NT_ASSERT_STATUS(optional_cmd(t, opt[i].opcode), NT_SC_INVALID_OPCODE, what);
		sent++;
	}
	if (!sent)
		NT_SKIP("ONCS 0x%04x reports every optional NVM command (Compare, Write Uncorrectable, Dataset Management, Write Zeroes, Verify, Copy)",
			oncs);
}

/*
 * The three ways a block range leaves the namespace, each -> LBA Out of
 * Range: SLBA = NSZE; SLBA + NLB crossing the end; SLBA + NLB wrapping
 * past 2^64 (a device that adds without overflow checks lands on LBA 0).
 * A command that writes is only sent where a device ignoring the rule
 * would write the scratch range: across the end when the scratch range
 * ends there, the wrap when it starts at LBA 0.
 */
static void past_end(struct nt_ctx *t, uint8_t opcode, const char *name, bool writes)
{
	const struct { uint64_t slba; uint32_t nlb; const char *how; } c[] = {
		{ t->ns.nsze, 1, "SLBA NSZE, 1 block" },
		{ t->ns.nsze - 1, 2, "SLBA NSZE - 1, 2 blocks" },
		{ UINT64_MAX, 2, "SLBA FFFFFFFFFFFFFFFFh, 2 blocks" },
	};
	bool to_end = t->scratch_nlb && t->scratch_slba + t->scratch_nlb == t->ns.nsze;
	bool from_0 = t->scratch_nlb && t->scratch_slba == 0;
	char what[96];

	memset(t->buf, 0xa5, nt_io_len(t, 2));
	memset(t->meta, 0xa5, 2u * t->ns.ms);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct nvmetest_io_args a = {
			.qid = t->qid, .nsid = t->nsid, .slba = c[i].slba,
			.nlb = (uint16_t)(c[i].nlb - 1), .data = t->buf,
			.data_len = nt_io_len(t, c[i].nlb),
		};

		if (writes && ((i == 1 && !to_end) || (i == 2 && !from_0))) {
			NT_DIAG("%s, %s: not sent, a device that wrote would write outside the scratch range",
				name, c[i].how);
			continue;
		}
		if (t->ns.ms && !t->ns.extended) {
			a.meta = t->meta;
			a.meta_len = c[i].nlb * t->ns.ms;
		}
		snprintf(what, sizeof(what), "%s, %s", name, c[i].how);
		NT_ASSERT_STATUS(nvmetest_io(t->dev, opcode, &a), NT_SC_LBA_RANGE, what);
	}
}

NT_TEST(nvm_read_lba_wrap, "nvm",
	"NVM Command Set 1.0, 3.2.4 and Figure 15 (LBA Out of Range): a Read whose SLBA + NLB wraps past 2^64 -> LBA Out of Range",
	NT_NEED_IOQ)
{
	past_end(t, nvme_cmd_read, "Read", false);
}

NT_TEST(nvm_write_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.6 and Figure 15: a Write past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_SCRATCH)
{
	past_end(t, nvme_cmd_write, "Write", true);
}

NT_TEST(nvm_compare_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.1 and Figure 15: a Compare past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_IOQ)
{
	ct_need_oncs(t, 0, "Compare");
	past_end(t, nvme_cmd_compare, "Compare", false);
}

NT_TEST(nvm_write_zeroes_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.8 and Figure 15: a Write Zeroes past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_SCRATCH)
{
	ct_need_oncs(t, 3, "Write Zeroes");
	past_end(t, nvme_cmd_write_zeroes, "Write Zeroes", true);
}

NT_TEST(nvm_write_uncor_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.7 and Figure 15: a Write Uncorrectable past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_SCRATCH)
{
	ct_need_oncs(t, 1, "Write Uncorrectable");
	past_end(t, nvme_cmd_write_uncor, "Write Uncorrectable", true);
}

NT_TEST(nvm_verify_past_end, "nvm",
	"NVM Command Set 1.0, 3.2.5 and Figure 15: a Verify past the namespace's last LBA -> LBA Out of Range",
	NT_NEED_IOQ)
{
	ct_need_oncs(t, 7, "Verify");
	past_end(t, nvme_cmd_verify, "Verify", false);
}
