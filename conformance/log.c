// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Get Log Page (NVMe Base 2.0, 5.16): the mandatory logs
 * (Error Information, SMART / Health Information, Firmware Slot
 * Information), partial reads at an offset, and the statuses of an
 * unsupported log page and of an offset beyond a log's end.
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
	"NVMe Base 2.0, 5.16.1.4 Firmware Slot Information (Log Identifier 03h); 5.17.2.2 FR",
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
		    "NVMe Base 2.0, 5.17.2.2: FR is the currently active firmware revision, the same revision information Get Log Page (Firmware Slot Information) retrieves");
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
