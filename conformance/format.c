// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: the media and firmware commands (NVMe Base 2.0): Format
 * NVM (5.14, on the last active namespace) with the current LBA format,
 * an LBA format the namespace does not have and the Secure Erase Settings the Format NVM Attributes
 * allow; Sanitize (5.24) as SANICAP says; Device Self-test (5.8) as OACS
 * bit 4 says; Firmware Image Download and Firmware Commit (5.13, 5.12)
 * as OACS bit 2 and FRMW say. A command the controller says it does not
 * support is an Invalid Command Opcode.
 */
#include <endian.h>
#include <string.h>

#include "common.h"

#define SC_INVALID_FW_SLOT	NT_STATUS(1, 0x06)	/* Invalid Firmware Slot */
#define SC_INVALID_FORMAT	NT_STATUS(1, 0x0a)	/* Invalid Format */
#define SC_DST_IN_PROGRESS	NT_STATUS(1, 0x1d)	/* Device Self-test in Progress */

#define OACS_FORMAT		(1u << 1)
#define OACS_FW			(1u << 2)
#define OACS_DST		(1u << 4)
#define FNA_ALL_NS		(1u << 0)	/* a format applies to every namespace */
#define FNA_CRYPTO		(1u << 2)	/* cryptographic erase supported */

#define FORMAT_TIMEOUT_MS	50000

#define DST_LOG			0x06	/* Device Self-test log */
#define DST_SHORT		0x1
#define DST_ABORT		0xf

static void need_format(struct nt_ctx *t)
{
	if (!(le16toh(t->id.oacs) & OACS_FORMAT))
		NT_SKIP("Identify Controller OACS bit 1 is clear: no Format NVM");
	if (t->id.fna & FNA_ALL_NS)
		NT_SKIP("Identify Controller FNA bit 0 is set: a format of one namespace formats every namespace");
}

/*
 * The namespace the formats work on: the last active one, so that the
 * first, which the rest of the suite reads and writes, keeps its state
 * (a Format NVM that fails may leave its namespace unusable).
 */
static void use_last_ns(struct nt_ctx *t)
{
	uint32_t last = ct_last_active_nsid(t);

	NT_ASSERT(last, "the Active Namespace ID list is empty");
	if (last == t->nsid)
		return;
	NT_ASSERT_OK(nvmetest_ns_get(t->dev, last, &t->ns));
	t->nsid = last;
	t->lba_size = t->ns.lba_size;
}

/* The namespace's current format, as Format NVM's fields. */
static struct nvmetest_format_args current_format(struct nt_ctx *t, uint8_t ses)
{
	struct nvme_id_ns ns;

	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &ns));
	return (struct nvmetest_format_args){
		.nsid = t->nsid, .lbaf = (ns.flbas & 0xf) | ((ns.flbas >> 5) & 3) << 4,
		.mset = (ns.flbas >> 4) & 1, .pi = ns.dps & 7, .pil = (ns.dps >> 3) & 1,
		.ses = ses, .timeout_ms = FORMAT_TIMEOUT_MS,
	};
}

/* The @nlb LBAs written before the format: a pattern no erase produces. */
static void fill(struct nt_ctx *t, uint8_t *p, uint32_t nlb)
{
	for (uint32_t i = 0; i < nt_io_len(t, nlb); i++)
		p[i] = (uint8_t)(i * 13 + 0x5b) | 1;
}

/*
 * Write up to 8 LBAs (as many as a buffer holds), format with @ses, read
 * them back: after a successful format no LBA returns the data it held
 * before. The geometry stays.
 */
static void format_and_check(struct nt_ctx *t, uint8_t ses)
{
	struct nvmetest_format_args f;
	struct nvme_id_ns before, after;
	struct nvmetest_ns_info nsi[16];
	uint32_t count = 16, len, nlb;

	need_format(t);
	use_last_ns(t);
	len = nt_io_len(t, 1);
	nlb = nt_buf_lbas(t) < 8 ? nt_buf_lbas(t) : 8;
	f = current_format(t, ses);
	fill(t, t->buf, nlb);
	NT_ASSERT_OK(nt_write(t, 0, nlb, t->buf));
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &before));
	NT_ASSERT_OK(nvmetest_format(t->dev, &f));
	NT_ASSERT_OK(nvmetest_ns_list(t->dev, nsi, &count, NVMETEST_NS_RESCAN, NULL));
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &after));
	NT_ASSERT_EQ(after.flbas, before.flbas);
	NT_ASSERT_EQ(le64toh(after.nsze), le64toh(before.nsze));
	NT_ASSERT_OK(nt_read(t, 0, nlb, t->buf2));
	for (uint32_t i = 0; i < nlb; i++)
		NT_ASSERT(memcmp((uint8_t *)t->buf + i * len, (uint8_t *)t->buf2 + i * len, len),
			  "LBA %u returns the data written before the format", i);
}

NT_TEST(format_current_lbaf, "admin",
	"NVMe Base 2.0, 5.14 Format NVM (SES 000b) to the current LBA format: the format stays, no user data of before is returned",
	NT_NEED_IOQ | NT_DESTRUCTIVE)
{
	format_and_check(t, 0);
}

NT_TEST(format_user_data_erase, "admin",
	"NVMe Base 2.0, 5.14 Format NVM, SES 001b (User Data Erase): the user data is erased",
	NT_NEED_IOQ | NT_DESTRUCTIVE)
{
	format_and_check(t, 1);
}

NT_TEST(format_crypto_erase, "admin",
	"NVMe Base 2.0, 5.14 Format NVM, SES 010b (Cryptographic Erase) and 5.17.2.1 FNA bit 2: done when supported, Invalid Field in Command when not",
	NT_NEED_IOQ | NT_DESTRUCTIVE)
{
	struct nvmetest_format_args f;

	need_format(t);
	if (t->id.fna & FNA_CRYPTO) {
		format_and_check(t, 2);
		return;
	}
	use_last_ns(t);
	f = current_format(t, 2);
	/* QEMU ignores SES (hw/nvme/ctrl.c nvme_format() never reads bits 11:9) */
	NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
		    "NVMe Base 2.0, 5.14: Cryptographic Erase is requested with SES 010b; FNA bit 2 clear says it is not supported: Invalid Field in Command");
	NT_ASSERT_STATUS(nvmetest_format(t->dev, &f), NT_SC_INVALID_FIELD,
			 "Format NVM, SES 010b, FNA bit 2 clear");
}

NT_TEST(format_invalid_lbaf, "admin",
	"NVMe Base 2.0, 5.14: an LBA format beyond NLBAF -> Invalid Format; the namespace keeps its format",
	NT_NEED_NS | NT_DESTRUCTIVE)
{
	struct nvmetest_format_args f;
	struct nvme_id_ns before, after;
	int ret;

	need_format(t);
	use_last_ns(t);
	f = current_format(t, 0);
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &before));
	/* within LBAFL, so that Host Behavior Support's LBAFEE plays no part */
	if (before.nlbaf >= 15)
		NT_SKIP("NLBAF %u: the LBA format after the last one needs LBAFU", before.nlbaf);
	f.lbaf = before.nlbaf + 1;
	ret = nvmetest_format(t->dev, &f);
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &after));
	NT_ASSERT_STATUS(ret, SC_INVALID_FORMAT, "Format NVM, LBAF NLBAF + 1");
	NT_ASSERT_EQ(after.flbas, before.flbas);
}

NT_TEST(format_invalid_nsid, "admin",
	"NVMe Base 2.0, 5.14 and 3.2.1 (valid NSIDs): Format NVM of an NSID above NN -> Invalid Namespace or Format",
	NT_NEED_NS | NT_DESTRUCTIVE)
{
	uint32_t nn = le32toh(t->id.nn);
	struct nvmetest_format_args f;

	need_format(t);
	if (nn >= 0xfffffffe)
		NT_SKIP("NN is 0x%08x: no NSID above it is a valid non-broadcast value", nn);
	f = current_format(t, 0);
	f.nsid = nn + 1;
	NT_ASSERT_STATUS(nvmetest_format(t->dev, &f), NT_SC_INVALID_NS, "Format NVM, NSID NN + 1");
}

/* ---------------------------------------------------------------------- */
/* Sanitize                                                               */

/* SANICAP bits 0-2: Crypto Erase, Block Erase, Overwrite; SANACT of each. */
static const struct {
	uint32_t bit;
	uint8_t sanact;
	const char *name;
} sanitize_ops[] = {
	{ 1u << 0, 4, "Crypto Erase" },
	{ 1u << 1, 2, "Block Erase" },
	{ 1u << 2, 3, "Overwrite" },
};

NT_TEST(sanitize_not_supported, "admin",
	"NVMe Base 2.0, 5.17.2.1 SANICAP and 5.24: no sanitize operation supported -> the Sanitize command is an Invalid Command Opcode",
	NT_NEED_INIT)
{
	/* Exit Failure Mode: harmless should the controller run it */
	struct nvmetest_sanitize_args s = { .sanact = 1 };
	uint32_t cap = le32toh(t->id.sanicap);

	if (cap & 7)
		NT_SKIP("Identify Controller SANICAP 0x%08x: Sanitize is supported", cap);
	NT_ASSERT_STATUS(nvmetest_sanitize(t->dev, &s), NT_SC_INVALID_OPCODE,
			 "Sanitize (Exit Failure Mode), SANICAP bits 2:0 clear");
}

NT_TEST(sanitize_unsupported_action, "admin",
	"NVMe Base 2.0, 5.24: a sanitize operation SANICAP does not report -> Invalid Field in Command",
	NT_NEED_INIT | NT_DESTRUCTIVE)
{
	uint32_t cap = le32toh(t->id.sanicap);

	if (!(cap & 7))
		NT_SKIP("Identify Controller SANICAP bits 2:0 are clear: no Sanitize");
	for (size_t i = 0; i < 3; i++) {
		struct nvmetest_sanitize_args s = { .sanact = sanitize_ops[i].sanact, .owpass = 1 };

		if (cap & sanitize_ops[i].bit)
			continue;
		NT_ASSERT_STATUS(nvmetest_sanitize(t->dev, &s), NT_SC_INVALID_FIELD,
				 sanitize_ops[i].name);
		return;
	}
	NT_SKIP("SANICAP 0x%08x: every sanitize operation is supported", cap);
}

NT_TEST(sanitize_status_log, "admin",
	"NVMe Base 2.0, 5.16.1.25 Sanitize Status (Log Identifier 81h): readable when Sanitize is supported, SSTAT a defined status",
	NT_NEED_INIT)
{
	uint8_t *l = t->buf;
	uint32_t cap = le32toh(t->id.sanicap);

	if (!(cap & 7))
		NT_SKIP("Identify Controller SANICAP bits 2:0 are clear: no Sanitize");
	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_SANITIZE, l, 512));
	/* SSTAT bits 2:0: 0 never sanitized .. 4 failed, 5h-7h reserved */
	NT_ASSERT((l[2] & 7) <= 4, "SSTAT 0x%02x%02x: reserved status %u", l[3], l[2], l[2] & 7);
}

/* ---------------------------------------------------------------------- */
/* Device Self-test                                                       */

static void need_dst(struct nt_ctx *t)
{
	if (!(le16toh(t->id.oacs) & OACS_DST))
		NT_SKIP("Identify Controller OACS bit 4 is clear: no Device Self-test");
}

/* The Device Self-test log: byte 0 the current operation; the newest
 * result at byte 4 (bits 7:4 its code, 3:0 its result, Fh = unused). */
static void dst_log(struct nt_ctx *t, uint8_t *l)
{
	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, DST_LOG, l, 564));
}

NT_TEST(dst_not_supported, "admin",
	"NVMe Base 2.0, 5.17.2.1 OACS bit 4 and 5.8: Device Self-test not supported -> Invalid Command Opcode",
	NT_NEED_INIT)
{
	if (le16toh(t->id.oacs) & OACS_DST)
		NT_SKIP("Identify Controller OACS bit 4 is set: Device Self-test is supported");
	NT_ASSERT_STATUS(nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_SHORT),
			 NT_SC_INVALID_OPCODE, "Device Self-test, OACS bit 4 clear");
}

NT_TEST(dst_short, "admin",
	"NVMe Base 2.0, 5.8 Device Self-test (short) and 5.16.1.7 Device Self-test log: the test runs or has a result",
	NT_NEED_INIT)
{
	uint8_t *l = t->buf;
	int ret;

	need_dst(t);
	ret = nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_SHORT);
	dst_log(t, l);
	nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_ABORT);
	NT_ASSERT_OK(ret);
	NT_DIAG("current operation %xh, %u%%; newest result 0x%02x", l[0] & 0xf, l[1] & 0x7f, l[4]);
	if ((l[0] & 0xf) == DST_SHORT)
		return;
	/* done already: the newest result is this short test's */
	NT_ASSERT((l[4] >> 4) == DST_SHORT && (l[4] & 0xf) != 0xf,
		  "no short self-test running (current operation %xh) nor one in the newest result (0x%02x)",
		  l[0] & 0xf, l[4]);
}

NT_TEST(dst_in_progress, "admin",
	"NVMe Base 2.0, 5.8: a Device Self-test while one runs -> Device Self-test in Progress",
	NT_NEED_INIT)
{
	uint8_t *l = t->buf;
	int ret;

	need_dst(t);
	NT_ASSERT_OK(nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_SHORT));
	dst_log(t, l);
	if ((l[0] & 0xf) != DST_SHORT) {
		nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_ABORT);
		NT_SKIP("the short self-test had ended before the log was read (result 0x%02x)", l[4]);
	}
	ret = nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_SHORT);
	nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_ABORT);
	NT_ASSERT_STATUS(ret, SC_DST_IN_PROGRESS, "a second short self-test");
}

NT_TEST(dst_abort, "admin",
	"NVMe Base 2.0, 5.8 (STC Fh) and 5.16.1.7: an aborted self-test leaves no operation running; its result is aborted (1h) or done",
	NT_NEED_INIT)
{
	uint8_t *l = t->buf;

	need_dst(t);
	NT_ASSERT_OK(nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_SHORT));
	NT_ASSERT_OK(nvmetest_dev_self_test(t->dev, NVME_NSID_ALL, DST_ABORT));
	dst_log(t, l);
	NT_ASSERT((l[0] & 0xf) == 0, "current operation %xh after the abort", l[0] & 0xf);
	NT_ASSERT((l[4] >> 4) == DST_SHORT, "newest result 0x%02x is not the short test's", l[4]);
	/* 0h: it completed before the abort reached it; 1h: aborted by the command */
	NT_ASSERT((l[4] & 0xf) <= 1, "newest result 0x%02x: neither completed nor aborted", l[4]);
}

/* ---------------------------------------------------------------------- */
/* Firmware Image Download and Firmware Commit                            */

static void need_fw(struct nt_ctx *t)
{
	if (!(le16toh(t->id.oacs) & OACS_FW))
		NT_SKIP("Identify Controller OACS bit 2 is clear: no Firmware Commit and Image Download");
}

NT_TEST(fw_not_supported, "admin",
	"NVMe Base 2.0, 5.17.2.1 OACS bit 2 and 5.13: Firmware Image Download not supported -> Invalid Command Opcode",
	NT_NEED_INIT)
{
	if (le16toh(t->id.oacs) & OACS_FW)
		NT_SKIP("Identify Controller OACS bit 2 is set: the firmware commands are supported");
	memset(t->buf, 0, 4096);
	NT_ASSERT_STATUS(nvmetest_fw_download(t->dev, t->buf, 4096, 0, 0, 0), NT_SC_INVALID_OPCODE,
			 "Firmware Image Download, OACS bit 2 clear");
}

NT_TEST(fw_commit_invalid_slot, "admin",
	"NVMe Base 2.0, 5.12 Firmware Commit: a slot above the number FRMW reports -> Invalid Firmware Slot",
	NT_NEED_INIT | NT_DESTRUCTIVE)
{
	unsigned int nofs = (t->id.frmw >> 1) & 7;

	need_fw(t);
	if (nofs >= 7)
		NT_SKIP("FRMW reports 7 slots: every slot number exists");
	/* CA 010b: activate the image of that slot at the next reset */
	NT_ASSERT_STATUS(nvmetest_fw_commit(t->dev, (uint8_t)(nofs + 1), 2, 0, NULL),
			 SC_INVALID_FW_SLOT, "Firmware Commit, CA 010b, slot NOFS + 1");
}

NT_TEST(fw_commit_slot1_read_only, "admin",
	"NVMe Base 2.0, 5.12 and 5.17.2.1 FRMW bit 0: replacing the image of read-only slot 1 -> Invalid Firmware Slot",
	NT_NEED_INIT | NT_DESTRUCTIVE)
{
	need_fw(t);
	if (!(t->id.frmw & 1))
		NT_SKIP("FRMW bit 0 is clear: slot 1 is writable");
	/* CA 000b: replace the image in the slot, do not activate */
	NT_ASSERT_STATUS(nvmetest_fw_commit(t->dev, 1, 0, 0, NULL), SC_INVALID_FW_SLOT,
			 "Firmware Commit, CA 000b, slot 1 (read only)");
}
