// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Get Log Page (NVMe Base 2.0, 5.16): the mandatory logs
 * (Error Information, SMART / Health Information, Firmware Slot
 * Information), Changed Namespace List, Commands Supported and Effects
 * against OACS and ONCS, partial and split reads at an offset, and the
 * statuses of an unsupported log page and of an offset beyond a log's
 * end or not dword aligned. SMART counters are admin_smart.c's.
 */
#include <endian.h>
#include <string.h>

#include <nvmetest-harness.h>

/* A log page identifier NVMe Base 2.0 (5.16, the Log Page Identifiers)
 * leaves reserved. */
#define LID_RESERVED	0x7f

/* LPA bit 2: extended data for Get Log Page (NUMDU, LPOL/LPOU). */
static void need_lpo(struct nt_ctx *t)
{
	if (!(t->id.lpa & NVME_CTRL_LPA_EXTENDED))
		NT_SKIP("Identify Controller LPA bit 2 is clear: no log page offset support");
}

NT_TEST(log_error_info, "admin",
	"NVMe Base 2.0, 5.16.1.2 Error Information (Log Identifier 01h)",
	NT_NEED_INIT)
{
	uint32_t entries = t->id.elpe + 1u;
	struct nvme_error_log_page *e = t->buf;
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_ERROR, .nsid = NVME_NSID_ALL, .data = t->buf,
	};

	if (entries * sizeof(*e) > t->buf_len)
		entries = (uint32_t)(t->buf_len / sizeof(*e));
	a.len = entries * (uint32_t)sizeof(*e);
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
	/* the Error Count identifies an error: no two valid entries share one */
	for (uint32_t i = 0; i < entries; i++) {
		uint64_t ci = le64toh(e[i].error_count);

		if (!ci)
			continue;
		for (uint32_t j = i + 1; j < entries; j++)
			NT_ASSERT(le64toh(e[j].error_count) != ci,
				  "entries %u and %u have the same Error Count %llu", i, j,
				  (unsigned long long)ci);
	}
	NT_DIAG("entries read: %u (ELPE %u); newest Error Count %llu", entries,
		t->id.elpe, (unsigned long long)le64toh(e[0].error_count));
}

NT_TEST(log_smart_controller, "admin",
	"NVMe Base 2.0, 5.16.1.3 SMART / Health Information (Log Identifier 02h), NSID FFFFFFFFh",
	NT_NEED_INIT)
{
	struct nvme_smart_log *s = t->buf;

	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_SMART, s, sizeof(*s)));
	/* Critical Warning bits 7:6 are reserved */
	NT_ASSERT(!(s->critical_warning & 0xc0), "Critical Warning 0x%02x: reserved bits set",
		  s->critical_warning);
	/* Available Spare and its threshold are percentages, 0 to 100 */
	NT_ASSERT(s->avail_spare <= 100, "Available Spare %u%%", s->avail_spare);
	NT_ASSERT(s->spare_thresh <= 100, "Available Spare Threshold %u%%", s->spare_thresh);
	NT_DIAG("composite temperature %u K, percentage used %u%%",
		s->temperature[0] | s->temperature[1] << 8, s->percent_used);
}

NT_TEST(log_fw_slot, "admin",
	"NVMe Base 2.0, 5.16.1.4 Firmware Slot Information (Log Identifier 03h); 5.17.2.1 FR",
	NT_NEED_INIT)
{
	struct nvme_firmware_slot *fw = t->buf;
	unsigned int nofs = (t->id.frmw >> 1) & 7, active, next;

	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_FW_SLOT, fw, sizeof(*fw)));
	active = fw->afi & 7;
	next = (fw->afi >> 4) & 7;
	NT_ASSERT(active >= 1 && active <= nofs, "AFI 0x%02x: active slot %u, FRMW reports %u slots",
		  fw->afi, active, nofs);
	NT_ASSERT(!next || next <= nofs, "AFI 0x%02x: next slot %u, FRMW reports %u slots",
		  fw->afi, next, nofs);
	NT_ASSERT(!(fw->afi & 0x88), "AFI 0x%02x: reserved bits set", fw->afi);
	/*
	 * FR: "Contains the currently active firmware revision ... This is
	 * the same revision information that may be retrieved with the Get
	 * Log Page command". QEMU reports FR as its version and slot 1 as
	 * "1.0".
	 */
	NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
		    "NVMe Base 2.0, 5.17.2.1: FR is the currently active firmware revision, the same revision information Get Log Page (Firmware Slot Information) retrieves");
	NT_ASSERT(!memcmp(fw->frs[active - 1], t->id.fr, 8),
		  "FRS%u '%.8s' is not Identify's FR '%.8s'", active, fw->frs[active - 1], t->id.fr);
}

NT_TEST(log_partial_read_at_offset, "admin",
	"NVMe Base 2.0, 5.16: Log Page Offset (LPOL/LPOU) reads a log from a byte offset",
	NT_NEED_INIT)
{
	uint8_t *whole = t->buf, *part = t->buf2;
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_FW_SLOT, .nsid = NVME_NSID_ALL, .lpo = 8,
		.data = part, .len = 64,
	};

	need_lpo(t);
	/* the Firmware Slot log does not change while nothing is committed */
	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_FW_SLOT, whole, 512));
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
	NT_ASSERT_MEMEQ(part, whole + 8, 64);
}

NT_TEST(log_offset_beyond_size, "admin",
	"NVMe Base 2.0, 5.16: a Log Page Offset greater than the log's size -> Invalid Field in Command",
	NT_NEED_INIT)
{
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_SMART, .nsid = NVME_NSID_ALL, .lpo = 4096,
		.data = t->buf, .len = 512,
	};

	need_lpo(t);
	NT_ASSERT_STATUS(nvmetest_get_log(t->dev, &a), NT_SC_INVALID_FIELD,
			 "SMART log (512 bytes) at offset 4096");
}

NT_TEST(log_invalid_lid, "admin",
	"NVMe Base 2.0, 5.16: a log page not supported -> Invalid Field in Command; Invalid Log Page (09h): also returned if a reserved log page is requested",
	NT_NEED_INIT)
{
	int ret = nvmetest_get_log_simple(t->dev, LID_RESERVED, t->buf, 512);

	/*
	 * The specification allows both for a reserved identifier: 5.16
	 * names Invalid Field in Command for a log page the controller does
	 * not support, its command specific status Invalid Log Page names a
	 * reserved one. Anything else (success above all) is a failure.
	 */
	if (!nt_status_is(ret, NT_SC_INVALID_LOG_PAGE))
		NT_ASSERT_STATUS(ret, NT_SC_INVALID_FIELD, "Get Log Page LID 7Fh (reserved)");
}

NT_TEST(log_smart_per_namespace, "admin",
	"NVMe Base 2.0, 5.16.1.3 and Identify Controller LPA bit 0: SMART / Health Information of one namespace",
	NT_NEED_NS)
{
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_SMART, .nsid = t->nsid, .data = t->buf, .len = 512,
	};

	if (!(t->id.lpa & NVME_CTRL_LPA_SMART_PER_NS))
		NT_SKIP("Identify Controller LPA bit 0 is clear: no SMART / Health log per namespace");
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
}

NT_TEST(log_cmd_effects_mandatory, "admin",
	"NVMe Base 2.0, 5.16.1.6 Commands Supported and Effects (Log Identifier 05h): the mandatory admin and NVM commands are supported",
	NT_NEED_INIT)
{
	/* the admin commands every I/O controller shall support, and the
	 * NVM command set's mandatory Flush, Write and Read */
	static const uint8_t admin[] = { 0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09,
					 0x0a, 0x0c };
	static const uint8_t nvm[] = { 0x00, 0x01, 0x02 };
	struct nvme_cmd_effects_log *l = t->buf;
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_CMD_EFFECTS, .nsid = NVME_NSID_ALL, .data = l,
		.len = sizeof(*l), .csi = NVME_CSI_NVM,
	};

	if (!(t->id.lpa & NVME_CTRL_LPA_CMD_EFFECTS))
		NT_SKIP("Identify Controller LPA bit 1 is clear: no Commands Supported and Effects log");
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
	for (size_t i = 0; i < sizeof(admin); i++)
		NT_ASSERT(le32toh(l->acs[admin[i]]) & NVME_CMD_EFFECTS_CSUPP,
			  "admin opcode %02xh (%s) not marked supported (CSUPP)", admin[i],
			  nvmetest_admin_opcode_name(admin[i]));
	for (size_t i = 0; i < sizeof(nvm); i++)
		NT_ASSERT(le32toh(l->iocs[nvm[i]]) & NVME_CMD_EFFECTS_CSUPP,
			  "NVM opcode %02xh (%s) not marked supported (CSUPP)", nvm[i],
			  nvmetest_nvm_opcode_name(nvm[i]));
}

/* Get Log Page as built here, for fields libnvmetest keeps valid. */
static int get_log_raw(struct nt_ctx *t, uint8_t lid, uint32_t nsid, uint64_t lpo, void *data,
		       uint32_t len)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_get_log_page,
		.nsid = nsid,
		.cdw10 = lid | 1u << 15 | ((len / 4 - 1) & 0xffff) << 16,
		.cdw11 = (len / 4 - 1) >> 16,
		.cdw12 = (uint32_t)lpo,
		.cdw13 = (uint32_t)(lpo >> 32),
		.data = data,
		.data_len = len,
	};

	return nvmetest_admin_cmd(t->dev, &c);
}

NT_TEST(log_offset_not_dword_aligned, "admin",
	"NVMe Base 2.0, 5.16: the Log Page Offset shall be dword aligned (bits 1:0 cleared); for an unaligned offset the controller completes the command, with Invalid Field in Command or by ignoring the bits",
	NT_NEED_INIT)
{
	int ret;
	char s[128];

	need_lpo(t);
	/* the rule binds the host: a controller may refuse the offset or
	 * read from the dword it lies in; anything else (another status, no
	 * completion) is a finding */
	ret = get_log_raw(t, NVME_LOG_LID_FW_SLOT, NVME_NSID_ALL, 2, t->buf, 64);
	NT_DIAG("Firmware Slot log at offset 2: %s", nt_ret_str(ret, s, sizeof(s)));
	NT_ASSERT(nt_status_is(ret, NT_SC_SUCCESS) || nt_status_is(ret, NT_SC_INVALID_FIELD),
		  "Firmware Slot log at offset 2: expected Invalid Field in Command or success, got %s",
		  nt_ret_str(ret, s, sizeof(s)));
}

NT_TEST(log_offset_last_dword, "admin",
	"NVMe Base 2.0, 5.16: a Log Page Offset inside the log reads from there (the last dword of the 512-byte Firmware Slot log)",
	NT_NEED_INIT)
{
	uint8_t *whole = t->buf, *part = t->buf2;

	need_lpo(t);
	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_FW_SLOT, whole, 512));
	memset(part, 0xa5, 4);
	NT_ASSERT_OK(get_log_raw(t, NVME_LOG_LID_FW_SLOT, NVME_NSID_ALL, 508, part, 4));
	NT_ASSERT_MEMEQ(part, whole + 508, 4);
}

NT_TEST(log_cmd_effects_pieces, "admin",
	"NVMe Base 2.0, 5.16 (NUMD, LPOL/LPOU) and 5.16.1.6: the Commands Supported and Effects log read in four pieces equals one read",
	NT_NEED_INIT)
{
	uint8_t *whole = t->buf, *piece = t->buf2;
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_CMD_EFFECTS, .nsid = NVME_NSID_ALL, .data = whole,
		.len = 4096, .csi = NVME_CSI_NVM,
	};

	if (!(t->id.lpa & NVME_CTRL_LPA_CMD_EFFECTS))
		NT_SKIP("Identify Controller LPA bit 1 is clear: no Commands Supported and Effects log");
	need_lpo(t);
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
	memset(piece, 0xa5, 4096);
	for (uint32_t off = 0; off < 4096; off += 1024) {
		a.lpo = off;
		a.data = piece + off;
		a.len = 1024;
		a.xfer = 1024;
		NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
	}
	NT_ASSERT_MEMEQ(piece, whole, 4096);
}

NT_TEST(log_fw_slot_unsupported_zero, "admin",
	"NVMe Base 2.0, 5.16.1.4 Firmware Slot Information: FRS of a slot that is not supported is all zeros; the active slot's is an ASCII revision",
	NT_NEED_INIT)
{
	struct nvme_firmware_slot *fw = t->buf;
	unsigned int nofs = (t->id.frmw >> 1) & 7, active;

	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_FW_SLOT, fw, sizeof(*fw)));
	active = fw->afi & 7;
	for (unsigned int s = nofs + 1; s <= 7; s++)
		NT_ASSERT(nt_memdiff(fw->frs[s - 1], (char[8]){ 0 }, 8) == (size_t)-1,
			  "FRS%u '%.8s': FRMW reports %u slots, so it is not supported and not zero",
			  s, fw->frs[s - 1], nofs);
	NT_ASSERT(active >= 1 && active <= 7, "AFI 0x%02x: no active slot", fw->afi);
	for (unsigned int i = 0; i < 8; i++)
		NT_ASSERT(fw->frs[active - 1][i] >= 0x20 && fw->frs[active - 1][i] <= 0x7e,
			  "FRS%u byte %u is 0x%02x: the active revision is not ASCII", active, i,
			  (uint8_t)fw->frs[active - 1][i]);
}

NT_TEST(log_changed_ns_list, "admin",
	"NVMe Base 2.0, 5.16.1.5 Changed Namespace List (Log Identifier 04h), supported when OAES bit 8 is set",
	NT_NEED_INIT)
{
	const uint32_t *l = t->buf;
	uint32_t nn = le32toh(t->id.nn);
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_CHANGED_NS, .nsid = NVME_NSID_ALL, .data = t->buf,
		.len = 4096, .rae = true,
	};
	unsigned int n = 0;

	if (!(le32toh(t->id.oaes) & NVME_CTRL_OAES_NA))
		NT_SKIP("Identify Controller OAES bit 8 is clear: no Namespace Attribute Notices");
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
	/* more than 1024 changed: FFFFFFFFh, then zeroes */
	if (le32toh(l[0]) == NVME_NSID_ALL) {
		for (unsigned int i = 1; i < 1024; i++)
			NT_ASSERT(!l[i], "entry %u after FFFFFFFFh is %u, not 0", i, le32toh(l[i]));
		return;
	}
	while (n < 1024 && l[n]) {
		uint32_t id = le32toh(l[n]);

		NT_ASSERT(id <= nn, "entry %u: NSID %u > NN %u", n, id, nn);
		if (n)
			NT_ASSERT(id > le32toh(l[n - 1]), "entry %u: NSID %u after %u", n, id,
				  le32toh(l[n - 1]));
		n++;
	}
	for (unsigned int i = n; i < 1024; i++)
		NT_ASSERT(!l[i], "entry %u after the list's end is %u, not 0", i, le32toh(l[i]));
	NT_DIAG("%u changed namespaces", n);
}

/* An opcode and the capability bit that says it is supported. */
struct cap_op {
	uint8_t opcode;
	uint8_t bit;
	const char *what;
};

/* CSUPP of each opcode matches its bit: set exactly when supported. */
static void effects_match(struct nt_ctx *t, const __le32 *cs, const struct cap_op *ops, size_t n,
			  uint32_t bits, const char *field)
{
	for (size_t i = 0; i < n; i++) {
		bool cap = bits & 1u << ops[i].bit;
		bool csupp = le32toh(cs[ops[i].opcode]) & NVME_CMD_EFFECTS_CSUPP;

		NT_ASSERT(cap == csupp, "opcode %02xh (%s): %s bit %u is %u but CSUPP is %u",
			  ops[i].opcode, ops[i].what, field, ops[i].bit, cap, csupp);
	}
}

static void read_effects(struct nt_ctx *t)
{
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_CMD_EFFECTS, .nsid = NVME_NSID_ALL, .data = t->buf,
		.len = sizeof(struct nvme_cmd_effects_log), .csi = NVME_CSI_NVM,
	};

	if (!(t->id.lpa & NVME_CTRL_LPA_CMD_EFFECTS))
		NT_SKIP("Identify Controller LPA bit 1 is clear: no Commands Supported and Effects log");
	NT_ASSERT_OK(nvmetest_get_log(t->dev, &a));
}

NT_TEST(log_cmd_effects_admin_vs_oacs, "admin",
	"NVMe Base 2.0, 5.16.1.6 (CSUPP) and 5.17.2.1 OACS: an optional admin command is marked supported exactly when OACS says it is",
	NT_NEED_INIT)
{
	static const struct cap_op ops[] = {
		{ 0x81, 0, "Security Send" }, { 0x82, 0, "Security Receive" },
		{ 0x80, 1, "Format NVM" },
		{ 0x10, 2, "Firmware Commit" }, { 0x11, 2, "Firmware Image Download" },
		{ 0x0d, 3, "Namespace Management" }, { 0x15, 3, "Namespace Attachment" },
		{ 0x14, 4, "Device Self-test" },
		{ 0x19, 5, "Directive Send" }, { 0x1a, 5, "Directive Receive" },
		{ 0x1d, 6, "NVMe-MI Send" }, { 0x1e, 6, "NVMe-MI Receive" },
		{ 0x1c, 7, "Virtualization Management" },
		{ 0x7c, 8, "Doorbell Buffer Config" },
		{ 0x86, 9, "Get LBA Status" },
	};
	const struct nvme_cmd_effects_log *l = t->buf;

	read_effects(t);
	/*
	 * QEMU 10.0 sets OACS bit 3 for its namespace attachment but does
	 * not implement Namespace Management (hw/nvme/ctrl.c:
	 * nvme_cse_acs_default has no NVME_ADM_CMD_NS_MGMT; nvme_admin_cmd()
	 * answers it Invalid Command Opcode).
	 */
	NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
		    "NVMe Base 2.0, 5.17.2.1 OACS bit 3: the controller supports the Namespace Management and Namespace Attachment commands");
	effects_match(t, l->acs, ops, sizeof(ops) / sizeof(ops[0]), le16toh(t->id.oacs), "OACS");
	/* Sanitize: SANICAP reports at least one sanitize operation */
	NT_ASSERT(!!(le32toh(t->id.sanicap) & 7) ==
		  !!(le32toh(l->acs[0x84]) & NVME_CMD_EFFECTS_CSUPP),
		  "Sanitize: SANICAP 0x%08x but CSUPP of opcode 84h is %u", le32toh(t->id.sanicap),
		  !!(le32toh(l->acs[0x84]) & NVME_CMD_EFFECTS_CSUPP));
}

NT_TEST(log_cmd_effects_nvm_vs_oncs, "admin",
	"NVMe Base 2.0, 5.16.1.6 (CSUPP) and 5.17.2.1 ONCS: an optional NVM command is marked supported exactly when ONCS says it is",
	NT_NEED_INIT)
{
	static const struct cap_op ops[] = {
		{ 0x05, 0, "Compare" }, { 0x04, 1, "Write Uncorrectable" },
		{ 0x09, 2, "Dataset Management" }, { 0x08, 3, "Write Zeroes" },
		{ 0x0d, 5, "Reservation Register" }, { 0x0e, 5, "Reservation Report" },
		{ 0x11, 5, "Reservation Acquire" }, { 0x15, 5, "Reservation Release" },
		{ 0x0c, 7, "Verify" }, { 0x19, 8, "Copy" },
	};
	const struct nvme_cmd_effects_log *l = t->buf;

	read_effects(t);
	/*
	 * QEMU 10.0 implements Verify and marks it supported in the log
	 * (hw/nvme/ctrl.c: nvme_cse_iocs_nvm_default[NVME_CMD_VERIFY]) but
	 * leaves ONCS bit 7 clear (nvme_init_ctrl(): id->oncs).
	 */
	NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
		    "NVMe Base 2.0, 5.17.2.1 ONCS bit 7: set to '1' if the controller supports the Verify command");
	effects_match(t, l->iocs, ops, sizeof(ops) / sizeof(ops[0]), le16toh(t->id.oncs), "ONCS");
}
