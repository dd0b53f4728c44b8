/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The nvmetest CLI's internal interfaces: the command table format, the
 * option catalogue and the generic parser (parser.c), output and error
 * helpers (output.c), and the command handlers (list.c, regs.c, pci.c).
 *
 * A command is one row of cli_commands[] (commands.c): name, summary,
 * handler and the options it takes. parser.c builds getopt_long's tables
 * from that row, checks and converts every value, and generates --help;
 * no handler looks at argv.
 */
#ifndef NVMETEST_CLI_H
#define NVMETEST_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "nvmetest.h"

/* Exit codes: success, a failed operation, a command line error. */
#define CLI_EXIT_OK	0
#define CLI_EXIT_FAIL	1
#define CLI_EXIT_USAGE	2

enum cli_format {
	CLI_FMT_NORMAL,
	CLI_FMT_JSON,
};

/* Every option and positional argument any command takes. */
enum cli_opt {
	CLI_OPT_NONE,
	CLI_OPT_DEV,		/* positional: /dev/nvmetestN, nvmetestN, BDF */
	CLI_OPT_BDF,		/* positional: PCI address */
	CLI_OPT_TOPIC,		/* positional: a command name (help) */
	CLI_OPT_OUTPUT,		/* -o normal|json */
	CLI_OPT_HUMAN,		/* -H */
	CLI_OPT_FORCE,		/* --force */
	CLI_OPT_REG,		/* -O OFFSET|NAME, a BAR0 register */
	CLI_OPT_OFFSET,		/* -O OFFSET, a config space offset */
	CLI_OPT_VALUE,		/* -V VALUE */
	CLI_OPT_WIDTH,		/* -w 1|2|4|8 */
	CLI_OPT_COUNT,		/* -n COUNT */
	CLI_OPT_UNSAFE,		/* --unsafe */
	CLI_OPT_HELP,		/* -h, implicit in every command */
	CLI_OPT_NR,
};

enum cli_kind {
	CLI_KIND_POSITIONAL,
	CLI_KIND_FLAG,
	CLI_KIND_NUM,		/* unsigned, base 0 (0x.., 0.., decimal) */
	CLI_KIND_WIDTH,		/* 1, 2, 4 or 8 */
	CLI_KIND_FORMAT,	/* normal or json */
	CLI_KIND_REG,		/* a number, or a register name */
};

/* One entry of the option catalogue (parser.c). */
struct cli_opt_def {
	enum cli_opt id;
	enum cli_kind kind;
	const char *lname;	/* long name, NULL for positionals */
	int sname;		/* short letter, 0 for none */
	const char *metavar;
	const char *help;
};

#define CLI_REQUIRED	(1U << 0)

/* An option as one command uses it; @help overrides the catalogue's. */
struct cli_opt_use {
	enum cli_opt id;
	unsigned int flags;
	const char *help;
};

/* Shared option groups: every command that takes them spells them alike. */
#define CLI_GRP_DEV	{ CLI_OPT_DEV, CLI_REQUIRED, NULL }
#define CLI_GRP_BDF	{ CLI_OPT_BDF, CLI_REQUIRED, NULL }
#define CLI_GRP_OUTPUT	{ CLI_OPT_OUTPUT, 0, NULL }
#define CLI_GRP_HUMAN	{ CLI_OPT_HUMAN, 0, NULL }

#define CLI_MAX_OPTS	10

struct cli_args;

struct cli_cmd {
	const char *name;
	const char *summary;	/* one line, for `nvmetest help` */
	const char *descr;	/* a paragraph, for `nvmetest CMD --help` */
	int (*fn)(const struct cli_args *args);
	struct cli_opt_use opts[CLI_MAX_OPTS];
};

/* The parsed command line: what each handler gets. */
struct cli_args {
	const struct cli_cmd *cmd;
	uint32_t given;		/* bit (1 << enum cli_opt) per option seen */
	const char *dev;	/* DEV or BDF */
	const char *topic;
	enum cli_format format;
	bool human;
	bool force;
	bool unsafe;
	const char *reg_name;	/* -O NAME; NULL when -O was a number */
	uint64_t offset;
	uint64_t value;
	uint64_t count;
	unsigned int width;
};

static inline bool cli_given(const struct cli_args *a, enum cli_opt opt)
{
	return a->given & (1U << opt);
}

/* commands.c */
extern const struct cli_cmd cli_commands[];
extern const unsigned int cli_nr_commands;
int cli_main(int argc, char **argv);

/* parser.c */
#define CLI_PARSE_HELP	1
const struct cli_opt_def *cli_opt_def(enum cli_opt id);
const struct cli_cmd *cli_cmd_find(const struct cli_cmd *cmds, unsigned int n,
				   const char *name);
int cli_parse_u64(const char *s, uint64_t *val);
/*
 * Parse argv (argv[0] is the command name) for @cmd into @args.
 * Return: 0, CLI_PARSE_HELP for -h/--help, or -EINVAL with a one-line
 * reason in @err.
 */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
	      struct cli_args *args, char *err, size_t errlen);
void cli_cmd_usage(FILE *f, const struct cli_cmd *cmd);
void cli_usage(FILE *f, const struct cli_cmd *cmds, unsigned int n);

/* output.c */
__attribute__((format(printf, 2, 3)))
int cli_fail(const struct cli_args *a, const char *fmt, ...);
/* A library call failed with @err: report its context, or its errno text. */
int cli_fail_lib(const struct cli_args *a, int err, const char *what);
int cli_open(const struct cli_args *a, struct nvmetest_dev **devp);
void cli_json_print(struct json_object *obj);
struct json_object *cli_json_fields(const struct nvmetest_field *f,
				    unsigned int n);
/* One field a line; @bits: show each field's bit range (registers). */
void cli_print_fields(const struct nvmetest_field *f, unsigned int n,
		      const char *indent, bool bits);
struct json_object *cli_json_str_or_null(const char *s);

/* list.c */
int cmd_list(const struct cli_args *a);
int cmd_bind(const struct cli_args *a);
int cmd_unbind(const struct cli_args *a);
struct json_object *cli_json_func(const struct nvmetest_pci_func *f);

/* regs.c */
int cmd_info(const struct cli_args *a);
int cmd_show_regs(const struct cli_args *a);
int cmd_get_reg(const struct cli_args *a);
int cmd_set_reg(const struct cli_args *a);
struct json_object *cli_json_info(const char *path,
				  const struct nvmetest_info *info, bool human);
struct json_object *cli_json_regs(const struct nvmetest_reg_value *v,
				  unsigned int n, bool human);

/* pci.c */
int cmd_config_read(const struct cli_args *a);
int cmd_config_write(const struct cli_args *a);
int cmd_caps(const struct cli_args *a);
struct json_object *cli_json_caps(const uint8_t *cfg, size_t len);

#endif /* NVMETEST_CLI_H */
