// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CLI's command table (one row per subcommand: name, summary, handler,
 * options), the help and version commands, and the dispatch from argv to
 * the generic parser and a handler.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef NVMETEST_VERSION
#define NVMETEST_VERSION "unknown"
#endif

static int cmd_help(const struct cli_args *a);
static int cmd_version(const struct cli_args *a);

const struct cli_cmd cli_commands[] = {
	{
		.name = "list",
		.summary = "list NVMe PCI functions, their drivers and nvmetest nodes",
		.descr = "List every PCI function of class NVMe (0x010802): address, ids,\n"
			 "driver, /dev/nvmetestN when nvmetest has it, and model, serial\n"
			 "and block devices when the in-tree nvme driver has it. Reads\n"
			 "sysfs only; works without the nvmetest module.",
		.fn = cmd_list,
		.opts = { CLI_GRP_OUTPUT },
	},
	{
		.name = "bind",
		.summary = "hand a PCI function to nvmetest",
		.descr = "Bind a PCI function to nvmetest through driver_override, and wait\n"
			 "for its /dev/nvmetestN. Refuses a function whose block devices or\n"
			 "partitions are mounted, used as swap or held by another device,\n"
			 "and a function that is not an NVMe controller, unless --force.",
		.fn = cmd_bind,
		.opts = {
			CLI_GRP_BDF,
			{ CLI_OPT_FORCE, 0, "bind even when in use or not NVMe" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "unbind",
		.summary = "give a PCI function back from nvmetest",
		.descr = "Unbind a PCI function from nvmetest, clear its driver_override\n"
			 "and let the in-tree nvme driver (when loaded) take it back.",
		.fn = cmd_unbind,
		.opts = { CLI_GRP_BDF, CLI_GRP_OUTPUT },
	},
	{
		.name = "info",
		.summary = "show what the driver knows of a controller",
		.descr = "Show the driver's INFO for a device: ABI and driver version, PCI\n"
			 "address and ids, BAR0 length, CAP, VS, state, config space size.",
		.fn = cmd_info,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_OUTPUT,
			{ CLI_OPT_HUMAN, 0, "decode CAP and VS" },
		},
	},
	{
		.name = "show-regs",
		.summary = "show the controller registers",
		.descr = "Read every controller register the controller has: optional ones\n"
			 "(CMB, boot partitions, PMR, NSSR, NSSD, CRTO) only when CAP and\n"
			 "CMBSZ say they exist, INTMS/INTMC only while MSI-X is off. 64-bit\n"
			 "registers are read as two 32-bit reads, low dword first.",
		.fn = cmd_show_regs,
		.opts = { CLI_GRP_DEV, CLI_GRP_OUTPUT, CLI_GRP_HUMAN },
	},
	{
		.name = "get-reg",
		.summary = "read one controller register",
		.descr = "Read a BAR0 register by name (its offset and width come from the\n"
			 "register table) or by offset (width 4 unless -w).",
		.fn = cmd_get_reg,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_REG, CLI_REQUIRED, NULL },
			CLI_GRP_OUTPUT, CLI_GRP_HUMAN,
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2, 4 or 8 (default: the register's)" },
		},
	},
	{
		.name = "set-reg",
		.summary = "write one controller register",
		.descr = "Write a BAR0 register: one MMIO write of the given width, no\n"
			 "read-modify-write. ASQ, ACQ, BPMBL, CMBMSC, PMRMSC* and MSI-X\n"
			 "message address/data need --unsafe.",
		.fn = cmd_set_reg,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_REG, CLI_REQUIRED, NULL },
			{ CLI_OPT_VALUE, CLI_REQUIRED, NULL },
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2, 4 or 8 (default: the register's)" },
			{ CLI_OPT_UNSAFE, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "config-read",
		.summary = "read PCI config space",
		.descr = "Read COUNT values of WIDTH bytes from PCI config space, starting\n"
			 "at OFFSET; more than one value prints a dump.",
		.fn = cmd_config_read,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_OFFSET, CLI_REQUIRED, NULL },
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2 or 4 (default 4)" },
			{ CLI_OPT_COUNT, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "config-write",
		.summary = "write PCI config space",
		.descr = "Write one value to PCI config space: one access, no read-modify-\n"
			 "write. BARs, the ROM BAR, MSI address/data and clearing Memory\n"
			 "Space or Bus Master Enable need --unsafe.",
		.fn = cmd_config_write,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_OFFSET, CLI_REQUIRED, NULL },
			{ CLI_OPT_VALUE, CLI_REQUIRED, NULL },
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2 or 4 (default 4)" },
			{ CLI_OPT_UNSAFE, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "caps",
		.summary = "list and decode the PCI capabilities",
		.descr = "Walk the PCI capability list and the PCI Express extended\n"
			 "capability list of the function (config space read through the\n"
			 "driver) and decode PM, MSI, MSI-X, PCI Express, AER, DSN, SR-IOV,\n"
			 "ARI, LTR and L1 PM Substates. A looping or out-of-range list is\n"
			 "reported, not followed.",
		.fn = cmd_caps,
		.opts = { CLI_GRP_DEV, CLI_GRP_OUTPUT },
	},
	{
		.name = "help",
		.summary = "list the commands, or describe one",
		.fn = cmd_help,
		.opts = { { CLI_OPT_TOPIC, 0, NULL } },
	},
	{
		.name = "version",
		.summary = "show the versions of the CLI and of the ABI it speaks",
		.fn = cmd_version,
		.opts = { CLI_GRP_OUTPUT },
	},
};

const unsigned int cli_nr_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static int cmd_help(const struct cli_args *a)
{
	const struct cli_cmd *cmd;

	if (!a->topic) {
		cli_usage(stdout, cli_commands, cli_nr_commands);
		return CLI_EXIT_OK;
	}
	cmd = cli_cmd_find(cli_commands, cli_nr_commands, a->topic);
	if (!cmd) {
		cli_fail(a, "unknown command '%s'", a->topic);
		return CLI_EXIT_USAGE;
	}
	cli_cmd_usage(stdout, cmd);
	return CLI_EXIT_OK;
}

static int cmd_version(const struct cli_args *a)
{
	struct json_object *o;

	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		json_object_object_add(o, "version", json_object_new_string(NVMETEST_VERSION));
		json_object_object_add(o, "abi_major", json_object_new_int(NVMETEST_ABI_MAJOR));
		json_object_object_add(o, "abi_minor", json_object_new_int(NVMETEST_ABI_MINOR));
		cli_json_print(o);
		return CLI_EXIT_OK;
	}
	printf("nvmetest %s (ABI %d.%d)\n", NVMETEST_VERSION, NVMETEST_ABI_MAJOR,
	       NVMETEST_ABI_MINOR);
	return CLI_EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	const struct cli_cmd *cmd;
	struct cli_args args;
	char err[256];
	int ret;

	if (argc < 2) {
		cli_usage(stderr, cli_commands, cli_nr_commands);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		cli_usage(stdout, cli_commands, cli_nr_commands);
		return CLI_EXIT_OK;
	}
	cmd = cli_cmd_find(cli_commands, cli_nr_commands,
			   strcmp(argv[1], "--version") ? argv[1] : "version");
	if (!cmd) {
		fprintf(stderr, "nvmetest: unknown command '%s' (see 'nvmetest help')\n",
			argv[1]);
		return CLI_EXIT_USAGE;
	}
	ret = cli_parse(cmd, argc - 1, argv + 1, &args, err, sizeof(err));
	if (ret == CLI_PARSE_HELP) {
		cli_cmd_usage(stdout, cmd);
		return CLI_EXIT_OK;
	}
	if (ret) {
		fprintf(stderr, "nvmetest: %s: %s (see 'nvmetest %s --help')\n",
			cmd->name, err, cmd->name);
		return CLI_EXIT_USAGE;
	}
	return cmd->fn(&args);
}
