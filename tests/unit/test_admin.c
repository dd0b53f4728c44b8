// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the admin command layer without a device: status and
 * other name tables, SQE building and CQE decoding, Get Log Page chunking
 * and its command dwords, AEN decoding, the parsing of the new CLI
 * commands' options, and the JSON shaping of Identify Controller,
 * Identify Namespace, SMART, error and firmware logs from canned
 * structures (keys and value forms as nvme-cli prints them).
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "private.h"
#include "unit.h"

/* --- names --------------------------------------------------------------- */

static void test_status_names(void)
{
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0), "SUCCESS");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0001), "INVALID_OPCODE");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0002), "INVALID_FIELD");
	/* DNR, More and CRD do not change the name */
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x4002), "INVALID_FIELD");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x2002 | 0x1800), "INVALID_FIELD");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x000b), "INVALID_NS");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0080), "LBA_RANGE");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0101), "QID_INVALID");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0109), "INVALID_LOG_PAGE");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x010d), "FEATURE_NOT_SAVEABLE");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0180), "BAD_ATTRIBUTES");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0281), "READ_ERROR");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0282), "GUARD_CHECK");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0287), "UNWRITTEN_BLOCK");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0300), "ANA_INTERNAL_PATH_ERROR");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0371), "CMD_ABORTED_BY_HOST");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x07c0), "VENDOR_SPECIFIC");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x00ff), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_name(0x0500), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_desc(0x4002), "Invalid Field in Command");
	CU_ASSERT_STRING_EQUAL(nvmetest_status_desc(0x00ff), "Unknown Status");
	CU_ASSERT_EQUAL(NVMETEST_STATUS_DNR(0x4002), 1);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_MORE(0x2002), 1);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_CRD(0x1802), 3);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_SCT(0x0281), 2);
	CU_ASSERT_EQUAL(NVMETEST_STATUS_SC(0x0281), 0x81);
}

/* Every (SCT, SC) pair of the table has one name: no duplicates. */
static void test_status_table_unique(void)
{
	for (unsigned int s = 0; s < 0x800; s++) {
		const char *name = nvmetest_status_name((uint16_t)s);

		if (!strcmp(name, "UNKNOWN") || !strcmp(name, "VENDOR_SPECIFIC"))
			continue;
		for (unsigned int t = s + 1; t < 0x800; t++)
			if (!strcmp(name, nvmetest_status_name((uint16_t)t)))
				CU_FAIL("status name used twice");
		CU_ASSERT(strlen(nvmetest_status_desc((uint16_t)s)) > 3);
	}
}

static void test_other_names(void)
{
	uint32_t mode = 99;

	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(NVMETEST_HOST_OK), "OK");
	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(NVMETEST_HOST_TIMEOUT), "TIMEOUT");
	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(NVMETEST_HOST_DEVICE_GONE),
			       "DEVICE_GONE");
	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(17), "UNKNOWN");
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_OK), 0);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_TIMEOUT), -ETIMEDOUT);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_ABORTED_RESET), -ECANCELED);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_DEVICE_GONE), -ENODEV);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_INTERRUPTED), -EINTR);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(9), -EIO);
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(NVMETEST_STATE_ENABLED), "enabled");
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(NVMETEST_STATE_ADMINQ), "adminq");
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(0), "unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(100), "unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_irq_mode_name(NVMETEST_IRQ_MSIX), "msix");
	CU_ASSERT_STRING_EQUAL(nvmetest_irq_mode_name(4), "unknown");
	CU_ASSERT_EQUAL(nvmetest_irq_mode_parse("intx", &mode), 0);
	CU_ASSERT_EQUAL(mode, NVMETEST_IRQ_INTX);
	CU_ASSERT_EQUAL(nvmetest_irq_mode_parse("MSIX", &mode), -EINVAL);
	CU_ASSERT_STRING_EQUAL(nvmetest_feature_name(7), "Number of Queues");
	CU_ASSERT_STRING_EQUAL(nvmetest_feature_name(4), "Temperature Threshold");
	CU_ASSERT_STRING_EQUAL(nvmetest_feature_name(0x77), "Unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_log_name(2), "SMART / Health Information");
	CU_ASSERT_STRING_EQUAL(nvmetest_admin_opcode_name(6), "Identify");
	CU_ASSERT_STRING_EQUAL(nvmetest_admin_opcode_name(0xff), "Unknown");
}

static void test_aen(void)
{
	struct nvmetest_aen aen;

	/* SMART, temperature threshold, log page 02h */
	nvmetest_aen_decode(0x00020101, &aen);
	CU_ASSERT_EQUAL(aen.type, 1);
	CU_ASSERT_EQUAL(aen.info, 1);
	CU_ASSERT_EQUAL(aen.lid, 2);
	CU_ASSERT_STRING_EQUAL(nvmetest_aen_type_name(aen.type), "smart");
	CU_ASSERT_STRING_EQUAL(nvmetest_aen_info_name(aen.type, aen.info),
			       "temperature threshold");
	/* notice, namespace attribute changed, log page 04h */
	nvmetest_aen_decode(0x00040002, &aen);
	CU_ASSERT_STRING_EQUAL(nvmetest_aen_type_name(aen.type), "notice");
	CU_ASSERT_STRING_EQUAL(nvmetest_aen_info_name(aen.type, aen.info),
			       "namespace attribute changed");
	CU_ASSERT_EQUAL(aen.lid, 4);
	CU_ASSERT_STRING_EQUAL(nvmetest_aen_type_name(5), "reserved");
	CU_ASSERT_STRING_EQUAL(nvmetest_aen_info_name(7, 0), "unknown");
}

/* --- commands ------------------------------------------------------------ */

static void test_sqe_cqe(void)
{
	struct nvmetest_cmd_args a = {
		.opcode = 0x06, .flags = 0x40, .nsid = 0xffffffff, .cdw2 = 2, .cdw3 = 3,
		.cdw10 = 10, .cdw11 = 11, .cdw12 = 12, .cdw13 = 13, .cdw14 = 14, .cdw15 = 15,
	};
	uint8_t sqe[64], raw[16] = {
		0x78, 0x56, 0x34, 0x12, 1, 0, 0, 0, 0x05, 0x00, 0x00, 0x00, 0x2a, 0x00,
		0x05, 0x80,
	};
	struct nvmetest_cqe cqe;

	memset(sqe, 0xee, sizeof(sqe));
	nvmetest_sqe_build(&a, sqe);
	CU_ASSERT_EQUAL(sqe[0], 0x06);
	CU_ASSERT_EQUAL(sqe[1], 0x40);
	CU_ASSERT_EQUAL(sqe[2] | sqe[3], 0);	/* CID: the driver's */
	CU_ASSERT_EQUAL(unit_le32(sqe + 4), 0xffffffff);
	CU_ASSERT_EQUAL(unit_le32(sqe + 8), 2);
	CU_ASSERT_EQUAL(unit_le32(sqe + 12), 3);
	for (int i = 16; i < 40; i++)
		CU_ASSERT_EQUAL(sqe[i], 0);	/* MPTR, DPTR */
	for (int i = 0; i < 6; i++)
		CU_ASSERT_EQUAL(unit_le32(sqe + 40 + 4 * i), 10u + i);

	/* status field 0x8005: status 0x4002 (DNR, INVALID_FIELD), phase 1 */
	nvmetest_cqe_decode(raw, &cqe);
	CU_ASSERT_EQUAL(cqe.result, 0x12345678);
	CU_ASSERT_EQUAL(cqe.dw1, 1);
	CU_ASSERT_EQUAL(cqe.sqhd, 5);
	CU_ASSERT_EQUAL(cqe.sqid, 0);
	CU_ASSERT_EQUAL(cqe.cid, 42);
	CU_ASSERT_EQUAL(cqe.status, 0x4002);
	CU_ASSERT(cqe.phase);
}

static void test_log_chunks(void)
{
	uint32_t chunk;

	CU_ASSERT_EQUAL(nvmetest_log_chunks(512, 4096, &chunk), 1);
	CU_ASSERT_EQUAL(chunk, 512);
	CU_ASSERT_EQUAL(nvmetest_log_chunks(4096, 4096, &chunk), 1);
	CU_ASSERT_EQUAL(nvmetest_log_chunks(4100, 4096, &chunk), 2);
	CU_ASSERT_EQUAL(chunk, 4096);
	CU_ASSERT_EQUAL(nvmetest_log_chunks(1 << 20, 128 * 1024, &chunk), 8);
	/* a max_xfer that is not a dword multiple is rounded down */
	CU_ASSERT_EQUAL(nvmetest_log_chunks(12, 6, &chunk), 3);
	CU_ASSERT_EQUAL(chunk, 4);
	CU_ASSERT_EQUAL(nvmetest_log_chunks(0, 4096, &chunk), 0);
	CU_ASSERT_EQUAL(nvmetest_log_chunks(6, 4096, &chunk), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_log_chunks(8, 3, &chunk), -EINVAL);
}

static void test_get_log_cmd(void)
{
	struct nvmetest_log_args a = {
		.lid = 0x0d, .lsp = 0x7f, .lsi = 0xbeef, .csi = 2, .uuidx = 5, .ot = true,
		.nsid = 0xffffffff,
	};
	struct nvmetest_cmd_args c;

	/* 0x40000 dwords: NUMDL 0xffff, NUMDU 0x3 */
	nvmt_get_log_cmd(&a, 0x100000004ULL, 0x100000, true, &c);
	CU_ASSERT_EQUAL(c.opcode, 0x02);
	CU_ASSERT_EQUAL(c.nsid, 0xffffffff);
	CU_ASSERT_EQUAL(c.cdw10, 0xffff0000 | 1u << 15 | 0x7f << 8 | 0x0d);
	CU_ASSERT_EQUAL(c.cdw11, 0xbeef0003);
	CU_ASSERT_EQUAL(c.cdw12, 4);
	CU_ASSERT_EQUAL(c.cdw13, 1);
	CU_ASSERT_EQUAL(c.cdw14, 2u << 24 | 1u << 23 | 5);
	CU_ASSERT_EQUAL(c.data_len, 0x100000);

	a = (struct nvmetest_log_args){ .lid = 2 };
	nvmt_get_log_cmd(&a, 0, 512, false, &c);
	CU_ASSERT_EQUAL(c.cdw10, 127u << 16 | 2);
	CU_ASSERT_EQUAL(c.cdw11, 0);
}

/* --- CLI: the new commands' options ----------------------------------------- */

static void test_parse_admin(void)
{
	CU_ASSERT_EQUAL(PARSE("get-log", "nvmetest0", "--log-id=2", "--log-len=512",
			      "--lpo=8", "-s", "1", "-S", "0x10", "-r", "-n", "1", "-o", "json"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_LOG_ID], 2);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_LOG_LEN], 512);
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_LPO, 0), 8);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_LSP], 1);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_LSI], 16);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_RAE));
	CU_ASSERT(!cli_given(&unit_args, CLI_OPT_OT));
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_NSID, 0xffffffff), 1);
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_CSI, 7), 7);
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_JSON);

	CU_ASSERT_EQUAL(PARSE("admin-passthru", "nvmetest0", "--opcode=0x06", "--cdw10=1",
			      "--data-len=4096", "-r", "-9", "0xffffffff", "-t", "500"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_OPCODE], 6);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_CDW10], 1);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_CDW15], 0xffffffff);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_DATA_LEN], 4096);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_TIMEOUT], 500);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_READ));

	CU_ASSERT_EQUAL(PARSE("get-feature", "nvmetest0", "-f", "7", "-s", "3", "-c", "1"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_FID], 7);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_SEL], 3);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_FEAT_CDW11], 1);
	CU_ASSERT_EQUAL(PARSE("set-feature", "nvmetest0", "-f", "4", "-V", "0x160", "-s",
			      "--data", "feat.bin"), 0);
	CU_ASSERT_EQUAL(unit_args.value, 0x160);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_SAVE));
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_DATA], "feat.bin");

	CU_ASSERT_EQUAL(PARSE("init", "nvmetest0", "--irq=intx", "--aq-depth=64", "--io-queues=4"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_IRQ], NVMETEST_IRQ_INTX);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_AQ_DEPTH], 64);
	CU_ASSERT_EQUAL(PARSE("init", "nvmetest0", "--step=adminq"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_STEP], 2);
	CU_ASSERT_EQUAL(PARSE("format", "nvmetest0", "-l", "1", "-s", "1", "-i", "1", "-p", "1",
			      "-m", "1", "-n", "1"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_LBAF], 1);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_PIL], 1);
	CU_ASSERT_EQUAL(PARSE("sanitize", "nvmetest0", "-a", "2", "-u", "-n", "3", "-i", "-d"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_SANACT], 2);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_OWPASS], 3);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_NO_DEALLOC));
	CU_ASSERT_EQUAL(PARSE("fw-download", "nvmetest0", "-f", "fw.bin", "-x", "4096"), 0);
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_FW], "fw.bin");
	CU_ASSERT_EQUAL(PARSE("fw-commit", "nvmetest0", "-s", "1", "-a", "1"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_SLOT], 1);
	CU_ASSERT_EQUAL(PARSE("device-self-test", "nvmetest0", "-s", "1"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_STC], 1);
	CU_ASSERT_EQUAL(PARSE("irq", "nvmetest0", "--mask", "0"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_IRQ_MASK));
	CU_ASSERT_EQUAL(PARSE("events", "nvmetest0", "--aer", "4", "--wait", "2"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_AER], 4);
	CU_ASSERT_EQUAL(PARSE("shutdown", "nvmetest0", "--abrupt"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_ABRUPT));
}

static void test_parse_admin_errors(void)
{
	PARSE_FAILS("missing -i/--log-id", "get-log", "nvmetest0", "-l", "512");
	PARSE_FAILS("-i/--log-id 256 is out of range (at most 255)", "get-log", "nvmetest0",
		    "-i", "256", "-l", "4");
	PARSE_FAILS("-s/--sel 8 is out of range (at most 7)", "get-feature", "nvmetest0",
		    "-f", "1", "-s", "8");
	PARSE_FAILS("invalid value 'msi-x' for --irq (none, intx, msi, msix)", "init",
		    "nvmetest0", "--irq=msi-x");
	PARSE_FAILS("invalid value 'go' for --step (disable, irq, adminq, enable)", "init",
		    "nvmetest0", "--step", "go");
	PARSE_FAILS("missing --opcode", "admin-passthru", "nvmetest0");
	PARSE_FAILS("--opcode 0x100 is out of range (at most 255)", "admin-passthru",
		    "nvmetest0", "--opcode=0x100");
	PARSE_FAILS("missing -V/--value", "set-feature", "nvmetest0", "-f", "4");
	PARSE_FAILS("empty value for -f/--fw", "fw-download", "nvmetest0", "-f", "");
	PARSE_FAILS("--aer 17 is out of range (at most 16)", "events", "nvmetest0", "--aer", "17");
	PARSE_FAILS("unknown option '-o'", "format", "nvmetest0", "-o", "json");
}

/* --- JSON shapes --------------------------------------------------------- */

static void test_json_id_ctrl(void)
{
	struct nvme_id_ctrl *id = calloc(1, sizeof(*id));
	struct json_object *o, *psd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(id);
	/* the QEMU controller nvme-cli 2.3 showed in the VM */
	id->vid = htole16(0x1b36);
	id->ssvid = htole16(0x1af4);
	memcpy(id->sn, "NVMT0001            ", 20);
	memcpy(id->mn, "QEMU NVMe Ctrl                          ", 40);
	memcpy(id->fr, "10.0.2  ", 8);
	id->rab = 6;
	id->ieee[0] = 0x00;
	id->ieee[1] = 0x54;
	id->ieee[2] = 0x52;
	id->cmic = 2;
	id->mdts = 7;
	id->ver = htole32(0x10400);
	id->oaes = htole32(0x100);
	id->ctratt = htole32(0x8010);
	id->cntrltype = 1;
	id->oacs = htole16(0x12a);
	id->acl = 3;
	id->aerl = 3;
	id->frmw = 3;
	id->lpa = 7;
	id->wctemp = htole16(343);
	id->cctemp = htole16(373);
	id->tnvmcap[0] = 0x00;
	id->tnvmcap[1] = 0x10;		/* 4096 */
	id->tnvmcap[8] = 1;		/* + 2^64 */
	id->sqes = 0x66;
	id->cqes = 0x44;
	id->nn = htole32(256);
	id->oncs = htole16(0x75d);
	id->vwc = 7;
	id->sgls = htole32(0x80001);
	strcpy(id->subnqn, "nqn.2019-08.org.qemu:subsys0");
	id->psd[0].mp = htole16(2500);
	id->psd[0].enlat = htole32(16);
	id->psd[0].exlat = htole32(4);
	id->psd[0].apws = 0x42;

	o = unit_json_reparse(cli_json_id_ctrl(id));
	CU_ASSERT_EQUAL(unit_json_int(o, "vid"), 6966);
	CU_ASSERT_EQUAL(unit_json_int(o, "ssvid"), 6900);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "sn"), "NVMT0001            ");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "mn"), "QEMU NVMe Ctrl                          ");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "fr"), "10.0.2  ");
	CU_ASSERT_EQUAL(unit_json_int(o, "ieee"), 5395456);
	CU_ASSERT_EQUAL(unit_json_int(o, "mdts"), 7);
	CU_ASSERT_EQUAL(unit_json_int(o, "ver"), 66560);
	CU_ASSERT_EQUAL(unit_json_int(o, "ctratt"), 32784);
	CU_ASSERT_EQUAL(unit_json_int(o, "oacs"), 298);
	CU_ASSERT_EQUAL(unit_json_int(o, "nn"), 256);
	CU_ASSERT_EQUAL(unit_json_int(o, "sqes"), 102);
	CU_ASSERT_EQUAL(unit_json_int(o, "sgls"), 524289);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "tnvmcap"), "18446744073709555712");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "unvmcap"), "0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "fguid"), "00000000-0000-0000-0000-000000000000");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "subnqn"), "nqn.2019-08.org.qemu:subsys0");
	CU_ASSERT_EQUAL(unit_json_int(o, "ofcs"), 0);
	/* nvme-cli's key set, in its order */
	CU_ASSERT_EQUAL(json_object_object_length(o), 86);
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "psds")), 1);
	psd = unit_json_get(o, "psds/0");
	CU_ASSERT_EQUAL(unit_json_int(psd, "max_power"), 2500);
	CU_ASSERT_EQUAL(unit_json_int(psd, "entry_lat"), 16);
	CU_ASSERT_EQUAL(unit_json_int(psd, "exit_lat"), 4);
	CU_ASSERT_EQUAL(unit_json_int(psd, "active_power_work"), 2);
	CU_ASSERT_EQUAL(unit_json_int(psd, "active_scale"), 1);
	CU_ASSERT_EQUAL(json_object_object_length(psd), 13);
	json_object_put(o);

	/* no subsystem NQN: nvme-cli leaves the key out */
	memset(id->subnqn, 0, sizeof(id->subnqn));
	o = unit_json_reparse(cli_json_id_ctrl(id));
	CU_ASSERT_PTR_NULL(unit_json_get(o, "subnqn"));
	json_object_put(o);
	free(id);
}

static void test_json_id_ns(void)
{
	struct nvme_id_ns *ns = calloc(1, sizeof(*ns));
	struct json_object *o, *l;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ns);
	ns->nsze = htole64(2097152);
	ns->nlbaf = 1;
	ns->flbas = 1;
	ns->lbaf[0].ds = 9;
	ns->lbaf[1].ds = 12;
	ns->lbaf[1].ms = htole16(8);
	ns->eui64[0] = 0xab;
	o = unit_json_reparse(cli_json_id_ns(ns));
	CU_ASSERT_EQUAL(unit_json_int(o, "nsze"), 2097152);
	CU_ASSERT_EQUAL(unit_json_int(o, "nlbaf"), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "nvmcap"), "0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "eui64"), "ab00000000000000");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "nguid"), "00000000000000000000000000000000");
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "lbafs")), 2);
	l = unit_json_get(o, "lbafs/1");
	CU_ASSERT_EQUAL(unit_json_int(l, "ms"), 8);
	CU_ASSERT_EQUAL(unit_json_int(l, "ds"), 12);
	json_object_put(o);
	free(ns);
}

static void test_json_smart_log(void)
{
	struct nvme_smart_log s;
	struct json_object *o;

	memset(&s, 0, sizeof(s));
	s.temperature[0] = 323 & 0xff;
	s.temperature[1] = 323 >> 8;
	s.avail_spare = 100;
	s.spare_thresh = 10;
	s.data_units_read[0] = 1;
	s.host_reads[0] = 3;
	s.power_on_hours[15] = 0x80;	/* 2^127 */
	s.temp_sensor[1] = htole16(300);
	o = unit_json_reparse(cli_json_smart_log(&s));
	CU_ASSERT_EQUAL(unit_json_int(o, "critical_warning"), 0);
	CU_ASSERT_EQUAL(unit_json_int(o, "temperature"), 323);
	CU_ASSERT_EQUAL(unit_json_int(o, "avail_spare"), 100);
	CU_ASSERT_EQUAL(unit_json_int(o, "spare_thresh"), 10);
	CU_ASSERT_EQUAL(unit_json_int(o, "endurance_grp_critical_warning_summary"), 0);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "data_units_read"), "1");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "host_read_commands"), "3");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "power_on_hours"),
			       "170141183460469231731687303715884105728");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "num_err_log_entries"), "0");
	CU_ASSERT_EQUAL(unit_json_int(o, "thm_temp2_total_time"), 0);
	CU_ASSERT_EQUAL(unit_json_int(o, "temperature_sensor_2"), 300);
	CU_ASSERT_PTR_NULL(unit_json_get(o, "temperature_sensor_1"));
	CU_ASSERT_EQUAL(json_object_object_length(o), 23);
	json_object_put(o);
}

static void test_json_logs(void)
{
	struct nvme_error_log_page e[2];
	struct nvme_firmware_slot fw;
	struct json_object *o, *x;

	memset(e, 0, sizeof(e));
	e[1].error_count = htole64(7);
	e[1].status_field = htole16(0x4002 << 1 | 1);
	e[1].cmdid = htole16(12);
	o = unit_json_reparse(cli_json_error_log(e, 2));
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "errors")), 2);
	x = unit_json_get(o, "errors/1");
	CU_ASSERT_EQUAL(unit_json_int(x, "error_count"), 7);
	CU_ASSERT_EQUAL(unit_json_int(x, "status_field"), 0x4002);
	CU_ASSERT_EQUAL(unit_json_int(x, "phase_tag"), 1);
	CU_ASSERT_EQUAL(unit_json_int(x, "cmdid"), 12);
	CU_ASSERT_EQUAL(unit_json_int(x, "trtype_spec_info"), 0);
	json_object_put(o);

	memset(&fw, 0, sizeof(fw));
	fw.afi = 1;
	memcpy(fw.frs[0], "1.0     ", 8);
	o = unit_json_reparse(cli_json_fw_log(&fw, "nvmetest0"));
	x = unit_json_get(o, "nvmetest0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(unit_json_int(x, "Active Firmware Slot (afi)"), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "Firmware Rev Slot 1"),
			       "2314885530819505713 (1.0.....)");
	CU_ASSERT_PTR_NULL(unit_json_get(x, "Firmware Rev Slot 2"));
	json_object_put(o);
}

static void test_json_ns(void)
{
	uint8_t descs[NVME_IDENTIFY_DATA_SIZE] = { 0 };
	struct nvme_ns_list list;
	struct json_object *o, *x;

	memset(&list, 0, sizeof(list));
	list.ns[0] = htole32(1);
	list.ns[1] = htole32(5);
	o = unit_json_reparse(cli_json_ns_list(&list));
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "nsid_list")), 2);
	CU_ASSERT_EQUAL(unit_json_int(o, "nsid_list/1/nsid"), 5);
	json_object_put(o);

	/* an EUI-64 then a CSI descriptor */
	descs[0] = NVME_NIDT_EUI64;
	descs[1] = 8;
	descs[4] = 0x52;
	descs[12] = NVME_NIDT_CSI;
	descs[13] = 1;
	descs[16] = 2;
	o = unit_json_reparse(cli_json_ns_descs(descs));
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "ns-descs")), 2);
	x = unit_json_get(o, "ns-descs/0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "type"), "eui64");
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "eui64"), "5200000000000000");
	x = unit_json_get(o, "ns-descs/1");
	CU_ASSERT_EQUAL(unit_json_int(x, "loc"), 12);
	CU_ASSERT_STRING_EQUAL(unit_json_str(x, "csi"), "2");
	json_object_put(o);
}

static void test_json_irq_event(void)
{
	struct nvmetest_irq_vector v[2] = {
		{ .vector = 0, .count = 10, .fired = 1, .completions = 12 },
		{ .vector = 1, .masked = 1, .spurious = 2, .masked_irqs = 3 },
	};
	struct nvmetest_event ev = { .time_ns = 5, .seq = 3, .dw0 = 0x00020101 };
	struct json_object *o, *x;

	o = unit_json_reparse(cli_json_irq(v, 2, NVMETEST_IRQ_MSIX, 2));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "mode"), "msix");
	x = unit_json_get(o, "vectors/0");
	CU_ASSERT_EQUAL(unit_json_int(x, "count"), 10);
	CU_ASSERT(json_object_get_boolean(unit_json_get(x, "fired")));
	x = unit_json_get(o, "vectors/1");
	CU_ASSERT(json_object_get_boolean(unit_json_get(x, "masked")));
	CU_ASSERT_EQUAL(unit_json_int(x, "spurious"), 2);
	CU_ASSERT_EQUAL(unit_json_int(x, "masked_irqs"), 3);
	json_object_put(o);

	o = unit_json_reparse(cli_json_event(&ev));
	CU_ASSERT_EQUAL(unit_json_int(o, "seq"), 3);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "type_name"), "smart");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "info_name"), "temperature threshold");
	CU_ASSERT_EQUAL(unit_json_int(o, "log_page"), 2);
	json_object_put(o);
}

static CU_TestInfo lib_tests[] = {
	{ "status names", test_status_names },
	{ "status table has no duplicate", test_status_table_unique },
	{ "other names", test_other_names },
	{ "AEN decoding", test_aen },
	{ "SQE and CQE", test_sqe_cqe },
	{ "log page chunks", test_log_chunks },
	{ "get log page dwords", test_get_log_cmd },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cli_tests[] = {
	{ "parse admin commands", test_parse_admin },
	{ "parse admin errors", test_parse_admin_errors },
	{ "id-ctrl JSON", test_json_id_ctrl },
	{ "id-ns JSON", test_json_id_ns },
	{ "smart-log JSON", test_json_smart_log },
	{ "error-log and fw-log JSON", test_json_logs },
	{ "list-ns and ns-descs JSON", test_json_ns },
	{ "irq and events JSON", test_json_irq_event },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return unit_run_lib_cli("admin library", lib_tests, "admin CLI", cli_tests);
}
