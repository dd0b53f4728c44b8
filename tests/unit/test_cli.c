// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the nvmetest CLI (tools/nvmetest, linked in without
 * main.c): the generic parser over the real command table (unknown
 * options, missing values, bad numbers, --help), raw-queue's options and
 * the passthru command they build, the generated usage,
 * the table's consistency, the JSON output shapes, and whole command
 * lines through cli_main() against a fake sysfs (exit codes, the one-line
 * error format).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "cli.h"
#include "unit.h"

/* Parse a command line (argv[0] is the command name) with the real table. */
static void test_parse_ok(void)
{
	CU_ASSERT_EQUAL(PARSE("get-reg", "/dev/nvmetest0", "-O", "cc", "-o", "json", "-H"), 0);
	CU_ASSERT_STRING_EQUAL(unit_args.cmd->name, "get-reg");
	CU_ASSERT_STRING_EQUAL(unit_args.dev, "/dev/nvmetest0");
	CU_ASSERT_STRING_EQUAL(unit_args.reg_name, "cc");
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_JSON);
	CU_ASSERT(unit_args.human);
	CU_ASSERT_EQUAL(unit_args.width, 0);
	CU_ASSERT_EQUAL(unit_args.count, 1);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_REG));
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_DEV));
	CU_ASSERT(!cli_given(&unit_args, CLI_OPT_WIDTH));

	/* options before the device, numbers in hex */
	CU_ASSERT_EQUAL(PARSE("get-reg", "-O", "0x14", "-w", "4", "nvmetest0"), 0);
	CU_ASSERT_PTR_NULL(unit_args.reg_name);
	CU_ASSERT_EQUAL(unit_args.offset, 0x14);
	CU_ASSERT_EQUAL(unit_args.width, 4);
	CU_ASSERT_STRING_EQUAL(unit_args.dev, "nvmetest0");
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_NORMAL);
	CU_ASSERT(!unit_args.human);

	CU_ASSERT_EQUAL(PARSE("set-reg", "--offset=0x20", "--value=0x4E564D65", "--width=4",
			      "--unsafe", "0000:01:00.0", "--output-format=normal"), 0);
	CU_ASSERT_EQUAL(unit_args.offset, 0x20);
	CU_ASSERT_EQUAL(unit_args.value, 0x4e564d65);
	CU_ASSERT(unit_args.unsafe);
	CU_ASSERT_STRING_EQUAL(unit_args.dev, "0000:01:00.0");

	CU_ASSERT_EQUAL(PARSE("config-read", "nvmetest1", "-O", "0", "-n", "64", "-w", "1"), 0);
	CU_ASSERT_EQUAL(unit_args.count, 64);
	CU_ASSERT_EQUAL(unit_args.width, 1);
	CU_ASSERT_EQUAL(PARSE("config-read", "nvmetest1", "-O", "010"), 0);
	CU_ASSERT_EQUAL(unit_args.offset, 8);	/* strtoull base 0: octal */

	CU_ASSERT_EQUAL(PARSE("bind", "01:00.0", "--force"), 0);
	CU_ASSERT(unit_args.force);
	CU_ASSERT_EQUAL(PARSE("list"), 0);
	CU_ASSERT_PTR_NULL(unit_args.dev);
	CU_ASSERT_EQUAL(PARSE("help", "caps"), 0);
	CU_ASSERT_STRING_EQUAL(unit_args.topic, "caps");
	CU_ASSERT_EQUAL(PARSE("help"), 0);
	CU_ASSERT_PTR_NULL(unit_args.topic);
}

static void test_parse_errors(void)
{
	PARSE_FAILS("unknown option '--foo'", "get-reg", "nvmetest0", "-O", "cc", "--foo");
	PARSE_FAILS("unknown option '-x'", "get-reg", "nvmetest0", "-x");
	PARSE_FAILS("unknown option '-x'", "get-reg", "nvmetest0", "-Hx");
	/* options a command does not take are unknown to it */
	PARSE_FAILS("unknown option '--unsafe'", "list", "--unsafe");
	PARSE_FAILS("unknown option '-O'", "list", "-O", "4");

	/* power-cycle: both hooks, an off time, a timeout */
	CU_ASSERT_EQUAL(PARSE("power-cycle", "01:00.0", "--off-cmd", "pdu off 3", "--on-cmd=pdu on 3",
			      "--off-time", "2000", "-t", "60000", "-o", "json"), 0);
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_OFF_CMD], "pdu off 3");
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_ON_CMD], "pdu on 3");
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_OFF_TIME], 2000);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_TIMEOUT], 60000);
	PARSE_FAILS_PART("--on-cmd", "power-cycle", "01:00.0", "--off-cmd", "x");
	PARSE_FAILS_PART("--off-cmd", "power-cycle", "01:00.0", "--on-cmd", "x");

	PARSE_FAILS("option -O/--offset needs a value (OFFSET|NAME)", "get-reg", "nvmetest0", "-O");
	PARSE_FAILS("option -O/--offset needs a value (OFFSET|NAME)", "get-reg", "nvmetest0",
		    "--offset");
	PARSE_FAILS("option -V/--value needs a value (VALUE)", "set-reg", "nvmetest0", "-O", "cc",
		    "-V");
	PARSE_FAILS("option --force takes no value", "bind", "01:00.0", "--force=yes");

	PARSE_FAILS("invalid number '0x1g' for -V/--value", "set-reg", "nvmetest0", "-O", "cc",
		    "-V", "0x1g");
	PARSE_FAILS("invalid number '-1' for -V/--value", "set-reg", "nvmetest0", "-O", "cc",
		    "-V", "-1");
	PARSE_FAILS("invalid number '' for -V/--value", "set-reg", "nvmetest0", "-O", "cc",
		    "-V", "");
	PARSE_FAILS("invalid number '99999999999999999999999' for -V/--value", "set-reg",
		    "nvmetest0", "-O", "cc", "-V", "99999999999999999999999");
	PARSE_FAILS("invalid number ' 5' for -O/--offset", "config-read", "nvmetest0", "-O", " 5");
	PARSE_FAILS("invalid number '1cc' for -O/--offset", "get-reg", "nvmetest0", "-O", "1cc");
	PARSE_FAILS("invalid register 'c-c' for -O/--offset", "get-reg", "nvmetest0", "-O", "c-c");
	PARSE_FAILS("invalid width '3' for -w/--width (1, 2, 4 or 8)", "get-reg", "nvmetest0",
		    "-O", "cc", "-w", "3");
	PARSE_FAILS("invalid output format 'xml' for -o/--output-format (normal or json)",
		    "list", "-o", "xml");
	PARSE_FAILS("-n/--count must be at least 1", "config-read", "nvmetest0", "-O", "0",
		    "-n", "0");

	PARSE_FAILS("missing DEV", "get-reg", "-O", "cc");
	PARSE_FAILS("missing -O/--offset", "get-reg", "nvmetest0");
	PARSE_FAILS("missing -V/--value", "set-reg", "nvmetest0", "-O", "cc");
	PARSE_FAILS("missing BDF", "bind");
	PARSE_FAILS("unexpected argument 'nvmetest1'", "info", "nvmetest0", "nvmetest1");
	PARSE_FAILS("unexpected argument 'x'", "list", "x");
}

/* raw-queue: its queue and CID options, and the passthru group's command */
static void test_parse_raw_queue(void)
{
	struct cli_passthru p;
	uint32_t i;

	CU_ASSERT_EQUAL(PARSE("raw-queue", "nvmetest0", "-q", "3", "--depth", "4", "--vector=2",
			      "--no-ien", "--opcode=0x02", "-n", "1", "--cdw10=0xffffffc0", "-6", "7",
			      "-l", "4096", "-r", "-p", "0xa5", "--cid", "0xffff", "--count", "5",
			      "-t", "500", "-o", "json"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_QID], 3);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_DEPTH], 4);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_VECTOR], 2);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_NO_IEN));
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_CID, 0), 0xffff);
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_RAW_COUNT, 1), 5);
	CU_ASSERT_EQUAL(cli_timeout_ms(&unit_args), 500);
	CU_ASSERT(!cli_given(&unit_args, CLI_OPT_PRP1));
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_JSON);
	/* the command io-passthru would send, with its prefilled buffer */
	CU_ASSERT_EQUAL_FATAL(cli_passthru_build(&unit_args, &p), 0);
	CU_ASSERT_EQUAL(p.c.opcode, 0x02);
	CU_ASSERT_EQUAL(p.c.nsid, 1);
	CU_ASSERT_EQUAL(p.c.cdw10, 0xffffffc0);
	CU_ASSERT_EQUAL(p.c.cdw12, 7);
	CU_ASSERT_EQUAL(p.c.data_len, 4096);
	CU_ASSERT(p.rd && !p.wr);
	CU_ASSERT_PTR_NULL(p.c.meta);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.c.data);
	for (i = 0; i < 4096 && ((uint8_t *)p.c.data)[i] == 0xa5; i++)
		;
	CU_ASSERT_EQUAL(i, 4096);
	cli_passthru_free(&p);
	CU_ASSERT_PTR_NULL(p.c.data);

	/* defaults; the opcode's low bits give the direction; any bus address */
	CU_ASSERT_EQUAL(PARSE("raw-queue", "nvmetest0", "-q", "1", "--opcode=1",
			      "--prp1", "0x1000", "--prp2=0xffffffffffffffff"), 0);
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_CID, 0), 0);
	CU_ASSERT_EQUAL(cli_num(&unit_args, CLI_OPT_RAW_COUNT, 1), 1);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_PRP1], 0x1000);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_PRP2], UINT64_MAX);
	CU_ASSERT_EQUAL_FATAL(cli_passthru_build(&unit_args, &p), 0);
	CU_ASSERT(!p.rd && !p.wr);
	CU_ASSERT_PTR_NULL(p.c.data);
	cli_passthru_free(&p);
	CU_ASSERT_EQUAL(PARSE("raw-queue", "nvmetest0", "-q", "1", "--opcode=0x7e"), 0);
	CU_ASSERT_EQUAL_FATAL(cli_passthru_build(&unit_args, &p), 0);
	CU_ASSERT(p.rd);
	cli_passthru_free(&p);

	PARSE_FAILS("--count must be at least 1", "raw-queue", "nvmetest0", "-q", "1",
		    "--opcode=0", "--count", "0");
	PARSE_FAILS("--count 65537 is out of range (at most 65536)", "raw-queue", "nvmetest0",
		    "-q", "1", "--opcode=0", "--count", "65537");
	PARSE_FAILS("--cid 0x10000 is out of range (at most 65535)", "raw-queue", "nvmetest0",
		    "-q", "1", "--opcode=0", "--cid", "0x10000");
	PARSE_FAILS("missing -q/--queue-id", "raw-queue", "nvmetest0", "--opcode=0");
	PARSE_FAILS("missing --opcode", "raw-queue", "nvmetest0", "-q", "1");
	/* -c is no count here: the block commands' letter */
	PARSE_FAILS("unknown option '-c'", "raw-queue", "nvmetest0", "-q", "1", "--opcode=0",
		    "-c", "5");
}

static void test_parse_help(void)
{
	CU_ASSERT_EQUAL(PARSE("get-reg", "--help"), CLI_PARSE_HELP);
	CU_ASSERT_EQUAL(PARSE("get-reg", "-h"), CLI_PARSE_HELP);
	CU_ASSERT_EQUAL(PARSE("list", "-h"), CLI_PARSE_HELP);
	/* --help wins over what is missing */
	CU_ASSERT_EQUAL(PARSE("set-reg", "nvmetest0", "--help"), CLI_PARSE_HELP);
}

static void test_parse_u64(void)
{
	uint64_t v;

	CU_ASSERT_EQUAL(cli_parse_u64("0", &v), 0);
	CU_ASSERT_EQUAL(v, 0);
	CU_ASSERT_EQUAL(cli_parse_u64("0xffffffffffffffff", &v), 0);
	CU_ASSERT_EQUAL(v, UINT64_MAX);
	CU_ASSERT_EQUAL(cli_parse_u64("4096", &v), 0);
	CU_ASSERT_EQUAL(v, 4096);
	CU_ASSERT_EQUAL(cli_parse_u64("0x10000000000000000", &v), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_u64("12abc", &v), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_u64("+1", &v), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_u64("08", &v), -EINVAL);
	CU_ASSERT_EQUAL(cli_parse_u64(NULL, &v), -EINVAL);
}

static char *usage_of(const char *name)
{
	static char *buf;
	size_t len;
	FILE *f;

	free(buf);
	f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	cli_cmd_usage(f, cli_cmd_find(cli_commands, cli_nr_commands, name));
	fclose(f);
	return buf;
}

static void test_usage(void)
{
	char *u;

	u = usage_of("get-reg");
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "Usage: nvmetest get-reg DEV -O OFFSET|NAME [-o FMT] [-H] [-w WIDTH]\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "  -O, --offset=OFFSET|NAME     register offset in BAR0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "  -w, --width=WIDTH            access width in bytes: 1, 2, 4 or 8 (default: the register's)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "  -h, --help                   show this help\n"));
	u = usage_of("bind");
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "Usage: nvmetest bind BDF [--force] [-o FMT]\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "      --force                  bind even when in use or not NVMe\n"));
	u = usage_of("config-read");
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "access width in bytes: 1, 2 or 4 (default 4)"));
	u = usage_of("raw-queue");
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "Usage: nvmetest raw-queue DEV -q QID [--depth=N] [--vector=N] [--no-ien] --opcode=OPCODE [-f FLAGS] [-n NSID]"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "[--cid=CID] [--count=N] [--prp1=ADDR] [--prp2=ADDR] [-t MS] [-o FMT]\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "raw_unsafe=1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "      --prp1=ADDR              PRP1 as given, not the data buffer's: hands the device an arbitrary bus address (the driver refuses raw queues without NVMETEST_INFO_CAP_RAW)\n"));
	u = usage_of("help");
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "Usage: nvmetest help [COMMAND]\n"));
}

static void test_table(void)
{
	CU_ASSERT(cli_nr_commands >= 12);
	for (unsigned int i = 0; i < cli_nr_commands; i++) {
		const struct cli_cmd *c = &cli_commands[i];
		int letters[128] = { 0 };
		bool positional_seen = false;

		CU_ASSERT_PTR_NOT_NULL(c->name);
		CU_ASSERT_PTR_NOT_NULL(c->summary);
		CU_ASSERT_PTR_NOT_NULL(c->fn);
		CU_ASSERT_PTR_EQUAL(cli_cmd_find(cli_commands, cli_nr_commands, c->name), c);
		letters['h'] = 1;
		for (unsigned int j = 0; j < CLI_MAX_OPTS && c->opts[j].id; j++) {
			const struct cli_opt_def *d = cli_opt_def(c->opts[j].id);

			CU_ASSERT_PTR_NOT_NULL_FATAL(d);
			CU_ASSERT_NOT_EQUAL(d->id, CLI_OPT_HELP);
			if (d->sname) {
				CU_ASSERT_EQUAL(letters[d->sname], 0);
				letters[d->sname] = 1;
			}
			/* one positional at most, so their order is never ambiguous */
			if (d->kind == CLI_KIND_POSITIONAL) {
				CU_ASSERT(!positional_seen);
				positional_seen = true;
			}
		}
	}
	CU_ASSERT_PTR_NULL(cli_cmd_find(cli_commands, cli_nr_commands, "frobnicate"));
}

/* --- JSON shapes ---------------------------------------------------------------- */

static void test_json_regs(void)
{
	struct nvmetest_reg_value v[] = {
		{ nvmetest_reg_find("cap"), 0x1f4098300f0307ffULL },
		{ nvmetest_reg_find("vs"), 0x00010400 },
		{ nvmetest_reg_find("cc"), 0x00460001 },
	};
	struct json_object *o;

	o = unit_json_reparse(cli_json_regs(v, 3, false));
	CU_ASSERT_EQUAL(json_object_object_length(o), 3);
	CU_ASSERT_EQUAL(unit_json_int(o, "cap"), 0x1f4098300f0307ffLL);
	CU_ASSERT_EQUAL(unit_json_int(o, "vs"), 0x10400);
	CU_ASSERT_EQUAL(unit_json_int(o, "cc"), 0x460001);
	CU_ASSERT_PTR_NULL(unit_json_get(o, "decoded"));
	json_object_put(o);

	o = unit_json_reparse(cli_json_regs(v, 3, true));
	CU_ASSERT_EQUAL(unit_json_int(o, "cc"), 0x460001);
	CU_ASSERT_EQUAL(unit_json_int(o, "decoded/cc/en/value"), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "decoded/cc/en/text"), "yes");
	CU_ASSERT_EQUAL(unit_json_int(o, "decoded/cc/iosqes/value"), 6);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "decoded/cap/mqes/text"), "2048 entries");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "decoded/cap/to/text"), "7500 ms");
	CU_ASSERT_EQUAL(unit_json_int(o, "decoded/vs/mnr/value"), 4);
	json_object_put(o);
}

static void test_json_info(void)
{
	struct nvmetest_info info = {
		.abi_major = 1, .abi_minor = 0, .state = NVMETEST_STATE_BOUND,
		.driver_version = "0.1.0", .bdf = "0000:01:00.0",
		.vendor_id = 0x1b36, .device_id = 0x0010, .class_code = 0x010802,
		.revision = 2, .instance = 0, .bar0_len = 0x4000,
		.cap = 0x004018200f0107ffULL, .vs = 0x00010400, .cfg_size = 4096,
		.capabilities = NVMETEST_INFO_CAP_REGS | NVMETEST_INFO_CAP_CONFIG,
	};
	struct json_object *o;

	o = unit_json_reparse(cli_json_info("/dev/nvmetest0", &info, false));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "dev"), "/dev/nvmetest0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "bdf"), "0000:01:00.0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "state"), "bound");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "version"), "1.4.0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "driver_version"), "0.1.0");
	CU_ASSERT_EQUAL(unit_json_int(o, "vid"), 0x1b36);
	CU_ASSERT_EQUAL(unit_json_int(o, "class"), 0x010802);
	CU_ASSERT_EQUAL(unit_json_int(o, "bar0_len"), 0x4000);
	CU_ASSERT_EQUAL(unit_json_int(o, "cap"), 0x004018200f0107ffLL);
	CU_ASSERT_EQUAL(unit_json_int(o, "cfg_size"), 4096);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "capabilities/0"), "regs");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "capabilities/1"), "config");
	CU_ASSERT_PTR_NULL(unit_json_get(o, "decoded"));
	json_object_put(o);

	/* the raw path's two */
	info.capabilities = NVMETEST_INFO_CAP_DBUF | NVMETEST_INFO_CAP_RAW;
	o = unit_json_reparse(cli_json_info("/dev/nvmetest0", &info, false));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "capabilities/0"), "dbuf");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "capabilities/1"), "raw");
	json_object_put(o);

	o = unit_json_reparse(cli_json_info("/dev/nvmetest0", &info, true));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "decoded/cap/to/text"), "7500 ms");
	CU_ASSERT_EQUAL(unit_json_int(o, "decoded/vs/mjr/value"), 1);
	json_object_put(o);
}

static void test_json_caps(void)
{
	uint8_t cfg[4096] = { 0 };
	struct json_object *o;

	cfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	cfg[0x40] = PCI_CAP_ID_PM;
	cfg[0x41] = 0x60;
	cfg[0x40 + PCI_PM_PMC] = 3;
	cfg[0x60] = PCI_CAP_ID_MSIX;
	cfg[0x61] = 0x40;		/* loops back to PM */
	cfg[0x62] = 7;			/* 8 vectors */
	cfg[0x100] = PCI_EXT_CAP_ID_DSN;
	cfg[0x102] = 0x01;		/* version 1, next 0 */
	cfg[0x104] = 0x42;

	o = unit_json_reparse(cli_json_caps(cfg, sizeof(cfg)));
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "caps")), 2);
	CU_ASSERT_EQUAL(unit_json_int(o, "caps/0/offset"), 0x40);
	CU_ASSERT_EQUAL(unit_json_int(o, "caps/0/id"), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "caps/0/name"), "Power Management");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "caps/0/fields/power_state/text"), "D0");
	CU_ASSERT_EQUAL(unit_json_int(o, "caps/0/fields/version/value"), 3);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "caps/1/name"), "MSI-X");
	CU_ASSERT_EQUAL(unit_json_int(o, "caps/1/fields/table_size/value"), 8);
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "ext_caps")), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "ext_caps/0/name"), "Device Serial Number");
	CU_ASSERT_EQUAL(unit_json_int(o, "ext_caps/0/version"), 1);
	CU_ASSERT_EQUAL(unit_json_int(o, "ext_caps/0/fields/serial/value"), 0x42);
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "errors")), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "errors/0/list"), "standard");
	CU_ASSERT_EQUAL(unit_json_int(o, "errors/0/offset"), 0x40);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "errors/0/error"), "pointer loops back");
	json_object_put(o);
}

static void test_json_func(void)
{
	char *ns[] = { "nvme0n1", "nvme0n2" };
	struct nvmetest_pci_func f = {
		.bdf = "0000:01:00.0", .vendor_id = 0x1b36, .device_id = 0x10,
		.class_code = 0x010802, .driver = "nvme", .instance = -1,
		.ctrl = "nvme0", .model = "QEMU NVMe Ctrl", .serial = "deadbeef",
		.firmware = "8.0.0", .blockdevs = ns, .nr_blockdevs = 2,
	};
	struct json_object *o;

	o = unit_json_reparse(cli_json_func(&f));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "bdf"), "0000:01:00.0");
	CU_ASSERT_EQUAL(unit_json_int(o, "vid"), 0x1b36);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "driver"), "nvme");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "mn"), "QEMU NVMe Ctrl");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "sn"), "deadbeef");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "namespaces/1"), "nvme0n2");
	/* absent things are null, not "" */
	CU_ASSERT(json_object_object_get_ex(o, "dev", NULL));
	CU_ASSERT_PTR_NULL(unit_json_get(o, "dev"));
	CU_ASSERT_PTR_NULL(unit_json_get(o, "instance"));
	CU_ASSERT_PTR_NULL(unit_json_get(o, "driver_override"));
	json_object_put(o);
}

/* --- whole command lines -------------------------------------------------- */

static void cmdline_setup(void)
{
	fake_init();
	fake_pci_func("0000:01:00.0", 0x010802, 0x1b36, 0x0010, "nvme");
	fake_file("QEMU NVMe Ctrl\n",
		  "sys/devices/pci0000:00/0000:01:00.0/nvme/nvme0/model");
	fake_pci_func("0000:05:00.0", 0x010802, 0x144d, 0xa80a, NULL);
	fake_pci_func("0000:00:03.0", 0x020000, 0x1af4, 0x1000, "virtio-pci");
}

static void cmdline_teardown(void)
{
	fake_fini();
}

static void test_cmd_list(void)
{
	const char *out;
	struct json_object *o;

	out = RUN("list", "-o", "json");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "");
	o = json_tokener_parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(json_object_array_length(unit_json_get(o, "functions")), 2);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "functions/0/bdf"), "0000:01:00.0");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "functions/0/mn"), "QEMU NVMe Ctrl");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "functions/1/bdf"), "0000:05:00.0");
	CU_ASSERT_PTR_NULL(unit_json_get(o, "functions/1/driver"));
	json_object_put(o);

	out = RUN("list");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "BDF "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "0000:01:00.0  1b36:0010 nvme      -"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "QEMU NVMe Ctrl"));
	CU_ASSERT_PTR_NULL(strstr(out, "0000:00:03.0"));
}

static void test_cmd_errors(void)
{
	RUN("bind", "01:00.0");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(),
			       "nvmetest: bind: 01:00.0: the nvmetest module is not loaded "
			       "(modprobe nvmetest, or insmod nvmetest.ko)\n");

	RUN("info", "0000:01:00.0");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(),
			       "nvmetest: info: 0000:01:00.0: 0000:01:00.0 is not bound to "
			       "nvmetest (nvmetest bind 0000:01:00.0)\n");

	RUN("show-regs", "nvmetest4");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(capture_stderr(), "nvmetest: show-regs: nvmetest4: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(capture_stderr(), "No such file or directory\n"));

	RUN("unbind", "0000:01:00.0");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "nvmetest: unbind: 0000:01:00.0: "
			       "0000:01:00.0 is bound to nvme, not nvmetest\n");

	RUN("get-reg");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_USAGE);
	CU_ASSERT_STRING_EQUAL(capture_stderr(),
			       "nvmetest: get-reg: missing DEV (see 'nvmetest get-reg --help')\n");

	RUN("frobnicate");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_USAGE);
	CU_ASSERT_STRING_EQUAL(capture_stderr(),
			       "nvmetest: unknown command 'frobnicate' (see 'nvmetest help')\n");

	{
		char *v[] = { "nvmetest" };

		unit_cli_run(1, v);
		CU_ASSERT_EQUAL(unit_status, CLI_EXIT_USAGE);
		CU_ASSERT_PTR_NOT_NULL(strstr(capture_stderr(), "Usage: nvmetest COMMAND"));
	}
}

/* raw-queue: what is wrong with the command is said before the device is opened. */
static void test_cmd_raw_queue(void)
{
	char data[512];

	RUN("raw-queue", "nvmetest0", "-q", "1", "--opcode=1", "-w");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "nvmetest: raw-queue: nvmetest0: -w/--write "
			       "needs -i/--input-file with the data\n");
	RUN("raw-queue", "nvmetest0", "-q", "1", "--opcode=1", "-r", "-w");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "nvmetest: raw-queue: nvmetest0: -r/--read and "
			       "-w/--write exclude each other\n");
	fake_file("abcd", "data.bin");
	snprintf(data, sizeof(data), "%s", fake_path("data.bin"));
	RUN("raw-queue", "nvmetest0", "-q", "1", "--opcode=1", "-w", "-i", data);
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "nvmetest: raw-queue: nvmetest0: -w/--write "
			       "needs -l/--data-len\n");
	/* the data read, then the device that is not there */
	RUN("raw-queue", "nvmetest7", "-q", "1", "--opcode=1", "-w", "-i", data, "-l", "512");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(capture_stderr(), "nvmetest: raw-queue: nvmetest7: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(capture_stderr(), "No such file or directory\n"));
	RUN("raw-queue", "nvmetest0", "-q", "1", "--opcode=1", "--count", "0");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_USAGE);
}

/* A library failure names the function once, not twice. */
static void test_cmd_bind_busy(void)
{
	fake_nvmetest_loaded();
	fake_dir("sys/devices/pci0000:00/0000:01:00.0/nvme/nvme0/nvme0n1");
	fake_file("259:0\n", "sys/block/nvme0n1/dev");
	fake_file("40 22 259:0 / /srv rw - xfs /dev/nvme0n1 rw\n", "proc/self/mountinfo");
	RUN("bind", "01:00.0");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "nvmetest: bind: 01:00.0: nvme0n1 (259:0) is "
			       "mounted on /srv (--force to bind anyway)\n");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), "");
}

static void test_cmd_help(void)
{
	const char *out;

	out = RUN("help");
	CU_ASSERT_EQUAL(unit_status, 0);
	for (unsigned int i = 0; i < cli_nr_commands; i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(out, cli_commands[i].name));
	out = RUN("--help");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "show-regs"));
	out = RUN("help", "set-reg");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Usage: nvmetest set-reg DEV -O OFFSET|NAME -V VALUE"));
	out = RUN("caps", "--help");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Usage: nvmetest caps DEV [-o FMT]"));
	RUN("help", "nope");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_USAGE);
	CU_ASSERT_STRING_EQUAL(capture_stderr(), "nvmetest: help: unknown command 'nope'\n");
	out = RUN("version", "-o", "json");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"abi_major\":1"));
	out = RUN("--version");
	CU_ASSERT_EQUAL(unit_status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "nvmetest "));
}

static CU_TestInfo parser_tests[] = {
	{ "parse valid command lines", test_parse_ok },
	{ "parse errors", test_parse_errors },
	{ "parse --help", test_parse_help },
	{ "raw-queue options and the command they build", test_parse_raw_queue },
	{ "numbers", test_parse_u64 },
	{ "generated usage", test_usage },
	{ "command table", test_table },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo json_tests[] = {
	{ "show-regs JSON", test_json_regs },
	{ "info JSON", test_json_info },
	{ "caps JSON", test_json_caps },
	{ "list JSON entry", test_json_func },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cmdline_tests[] = {
	{ "list", test_cmd_list },
	{ "errors and exit codes", test_cmd_errors },
	{ "bind refused", test_cmd_bind_busy },
	{ "raw-queue refusals before the device", test_cmd_raw_queue },
	{ "help and version", test_cmd_help },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "parser", NULL, NULL, NULL, NULL, parser_tests },
	{ "json", NULL, NULL, NULL, NULL, json_tests },
	{ "command lines", NULL, NULL, cmdline_setup, cmdline_teardown, cmdline_tests },
	CU_SUITE_INFO_NULL,
};

int main(void)
{
	return unit_run(suites);
}
