// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CLI's one generic parser: the option catalogue, getopt_long tables
 * built from a command's row, value checking and conversion, and the
 * usage texts generated from the same rows.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt_def defs[CLI_OPT_NR] = {
	[CLI_OPT_DEV] = { CLI_OPT_DEV, CLI_KIND_POSITIONAL, NULL, 0, "DEV",
		"/dev/nvmetestN, nvmetestN, or the PCI address of a function bound to nvmetest" },
	[CLI_OPT_BDF] = { CLI_OPT_BDF, CLI_KIND_POSITIONAL, NULL, 0, "BDF",
		"PCI address, dddd:bb:dd.f or bb:dd.f" },
	[CLI_OPT_TOPIC] = { CLI_OPT_TOPIC, CLI_KIND_POSITIONAL, NULL, 0, "COMMAND",
		"the command to describe" },
	[CLI_OPT_OUTPUT] = { CLI_OPT_OUTPUT, CLI_KIND_FORMAT, "output-format", 'o', "FMT",
		"output format: normal or json" },
	[CLI_OPT_HUMAN] = { CLI_OPT_HUMAN, CLI_KIND_FLAG, "human-readable", 'H', NULL,
		"decode every field" },
	[CLI_OPT_FORCE] = { CLI_OPT_FORCE, CLI_KIND_FLAG, "force", 0, NULL,
		"skip the safety checks" },
	[CLI_OPT_REG] = { CLI_OPT_REG, CLI_KIND_REG, "offset", 'O', "OFFSET|NAME",
		"register offset in BAR0, or its name (cap, cc, csts, ...)" },
	[CLI_OPT_OFFSET] = { CLI_OPT_OFFSET, CLI_KIND_NUM, "offset", 'O', "OFFSET",
		"byte offset in PCI config space" },
	[CLI_OPT_VALUE] = { CLI_OPT_VALUE, CLI_KIND_NUM, "value", 'V', "VALUE",
		"value to write" },
	[CLI_OPT_WIDTH] = { CLI_OPT_WIDTH, CLI_KIND_WIDTH, "width", 'w', "WIDTH",
		"access width in bytes: 1, 2, 4 or 8" },
	[CLI_OPT_COUNT] = { CLI_OPT_COUNT, CLI_KIND_NUM, "count", 'n', "COUNT",
		"number of accesses (default 1)" },
	[CLI_OPT_UNSAFE] = { CLI_OPT_UNSAFE, CLI_KIND_FLAG, "unsafe", 0, NULL,
		"allow a write that can make the device DMA or wedge the host" },
	[CLI_OPT_HELP] = { CLI_OPT_HELP, CLI_KIND_FLAG, "help", 'h', NULL,
		"show this help" },
};

/* getopt_long's value for a long option without a short letter */
#define LONG_ONLY_BASE	0x100

const struct cli_opt_def *cli_opt_def(enum cli_opt id)
{
	return id > CLI_OPT_NONE && id < CLI_OPT_NR ? &defs[id] : NULL;
}

const struct cli_cmd *cli_cmd_find(const struct cli_cmd *cmds, unsigned int n,
				   const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

int cli_parse_u64(const char *s, uint64_t *val)
{
	unsigned long long v;
	char *end;

	/* strtoull accepts "-1" and leading blanks: a test tool must not */
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

/* "-O/--offset", "--force", "DEV": how the messages name an option. */
static void opt_label(const struct cli_opt_def *d, char *buf, size_t len)
{
	if (!d->lname)
		snprintf(buf, len, "%s", d->metavar);
	else if (d->sname)
		snprintf(buf, len, "-%c/--%s", d->sname, d->lname);
	else
		snprintf(buf, len, "--%s", d->lname);
}

__attribute__((format(printf, 3, 4)))
static int parse_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool cmd_uses(const struct cli_cmd *cmd, enum cli_opt id)
{
	if (id == CLI_OPT_HELP)
		return true;
	for (unsigned int i = 0; i < CLI_MAX_OPTS && cmd->opts[i].id; i++)
		if (cmd->opts[i].id == id)
			return true;
	return false;
}

static bool valid_name(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Check and store one option's value. */
static int store(const struct cli_opt_def *d, const char *arg,
		 struct cli_args *a, char *err, size_t len)
{
	char label[64];
	uint64_t v = 0;

	opt_label(d, label, sizeof(label));
	switch (d->kind) {
	case CLI_KIND_FLAG:
		break;
	case CLI_KIND_FORMAT:
		if (!strcmp(arg, "normal"))
			a->format = CLI_FMT_NORMAL;
		else if (!strcmp(arg, "json"))
			a->format = CLI_FMT_JSON;
		else
			return parse_err(err, len, "invalid output format '%s' for %s (normal or json)",
					 arg, label);
		break;
	case CLI_KIND_WIDTH:
		if (cli_parse_u64(arg, &v) || (v != 1 && v != 2 && v != 4 && v != 8))
			return parse_err(err, len, "invalid width '%s' for %s (1, 2, 4 or 8)",
					 arg, label);
		a->width = (unsigned int)v;
		break;
	case CLI_KIND_REG:
	case CLI_KIND_NUM:
		/* a register may be named; anything starting with a digit is a number */
		if (d->kind == CLI_KIND_REG && !isdigit((unsigned char)*arg)) {
			if (!valid_name(arg))
				return parse_err(err, len, "invalid register '%s' for %s",
						 arg, label);
			a->reg_name = arg;
		} else if (cli_parse_u64(arg, &v)) {
			return parse_err(err, len, "invalid number '%s' for %s", arg, label);
		}
		break;
	case CLI_KIND_POSITIONAL:
		break;
	}

	switch (d->id) {
	case CLI_OPT_DEV:
	case CLI_OPT_BDF:
		a->dev = arg;
		break;
	case CLI_OPT_TOPIC:
		a->topic = arg;
		break;
	case CLI_OPT_HUMAN:
		a->human = true;
		break;
	case CLI_OPT_FORCE:
		a->force = true;
		break;
	case CLI_OPT_UNSAFE:
		a->unsafe = true;
		break;
	case CLI_OPT_REG:
	case CLI_OPT_OFFSET:
		a->offset = v;
		break;
	case CLI_OPT_VALUE:
		a->value = v;
		break;
	case CLI_OPT_COUNT:
		if (!v)
			return parse_err(err, len, "%s must be at least 1", label);
		a->count = v;
		break;
	default:
		break;
	}
	a->given |= 1U << d->id;
	return 0;
}

/* The option of @cmd that getopt_long reported as @c. */
static const struct cli_opt_def *def_of(const struct cli_cmd *cmd, int c)
{
	for (int id = CLI_OPT_NONE + 1; id < CLI_OPT_NR; id++) {
		const struct cli_opt_def *d = &defs[id];

		if (!cmd_uses(cmd, d->id) || !d->lname)
			continue;
		if ((d->sname && d->sname == c) ||
		    (!d->sname && c == LONG_ONLY_BASE + (int)d->id))
			return d;
	}
	return NULL;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
	      struct cli_args *a, char *err, size_t errlen)
{
	struct option longopts[CLI_OPT_NR + 1];
	char shortopts[2 * CLI_OPT_NR + 2], label[64];
	unsigned int nl = 0, ns = 0;
	int c, pos;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->width = 0;
	a->count = 1;
	err[0] = '\0';

	/* ':' first: a missing value is reported as ':' rather than '?' */
	shortopts[ns++] = ':';
	for (int id = CLI_OPT_NONE + 1; id < CLI_OPT_NR; id++) {
		const struct cli_opt_def *d = &defs[id];
		int has_arg;

		if (!cmd_uses(cmd, d->id) || !d->lname)
			continue;
		has_arg = d->kind == CLI_KIND_FLAG ? no_argument : required_argument;
		longopts[nl++] = (struct option){
			d->lname, has_arg, NULL,
			d->sname ? d->sname : LONG_ONLY_BASE + (int)d->id,
		};
		if (d->sname) {
			shortopts[ns++] = (char)d->sname;
			if (has_arg == required_argument)
				shortopts[ns++] = ':';
		}
	}
	longopts[nl] = (struct option){ 0 };
	shortopts[ns] = '\0';

	/* optind = 0: a full reset of getopt's state, so parsing can repeat */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct cli_opt_def *d;

		if (c == '?') {
			/* a known option reported as '?' was given a value it does not take */
			d = optopt ? def_of(cmd, optopt) : NULL;
			if (d) {
				opt_label(d, label, sizeof(label));
				return parse_err(err, errlen, "option %s takes no value", label);
			}
			if (optopt && optopt < LONG_ONLY_BASE)
				return parse_err(err, errlen, "unknown option '-%c'", optopt);
			return parse_err(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
		if (c == ':') {
			d = def_of(cmd, optopt);
			if (d)
				opt_label(d, label, sizeof(label));
			return parse_err(err, errlen, "option %s needs a value (%s)",
					 d ? label : argv[optind - 1],
					 d && d->metavar ? d->metavar : "value");
		}
		d = def_of(cmd, c);
		if (!d)
			return parse_err(err, errlen, "unknown option '%s'", argv[optind - 1]);
		if (d->id == CLI_OPT_HELP)
			return CLI_PARSE_HELP;
		if (store(d, optarg, a, err, errlen))
			return -EINVAL;
	}

	/* positionals, in the order the command lists them */
	pos = optind;
	for (unsigned int i = 0; i < CLI_MAX_OPTS && cmd->opts[i].id; i++) {
		const struct cli_opt_def *d = cli_opt_def(cmd->opts[i].id);

		if (!d || d->kind != CLI_KIND_POSITIONAL || pos >= argc)
			continue;
		if (store(d, argv[pos++], a, err, errlen))
			return -EINVAL;
	}
	if (pos < argc)
		return parse_err(err, errlen, "unexpected argument '%s'", argv[pos]);

	for (unsigned int i = 0; i < CLI_MAX_OPTS && cmd->opts[i].id; i++) {
		const struct cli_opt_def *d = cli_opt_def(cmd->opts[i].id);

		if (!(cmd->opts[i].flags & CLI_REQUIRED) || cli_given(a, d->id))
			continue;
		opt_label(d, label, sizeof(label));
		return parse_err(err, errlen, "missing %s", label);
	}
	return 0;
}

/* "-O OFFSET|NAME", "[--force]", "DEV": one option in a usage line. */
static void usage_item(char *buf, size_t len, const struct cli_opt_def *d)
{
	if (!d->lname)
		snprintf(buf, len, "%s", d->metavar);
	else if (d->sname)
		snprintf(buf, len, "-%c%s%s", d->sname, d->metavar ? " " : "",
			 d->metavar ? d->metavar : "");
	else
		snprintf(buf, len, "--%s%s%s", d->lname, d->metavar ? "=" : "",
			 d->metavar ? d->metavar : "");
}

void cli_cmd_usage(FILE *f, const struct cli_cmd *cmd)
{
	char item[96];

	fprintf(f, "Usage: nvmetest %s", cmd->name);
	for (unsigned int i = 0; i < CLI_MAX_OPTS && cmd->opts[i].id; i++) {
		const struct cli_opt_def *d = cli_opt_def(cmd->opts[i].id);
		bool req = cmd->opts[i].flags & CLI_REQUIRED;

		usage_item(item, sizeof(item), d);
		fprintf(f, req ? " %s" : " [%s]", item);
	}
	fprintf(f, "\n\n%s\n", cmd->descr ? cmd->descr : cmd->summary);

	fprintf(f, "\nOptions:\n");
	for (unsigned int i = 0; i <= CLI_MAX_OPTS; i++) {
		const struct cli_opt_use *u = i < CLI_MAX_OPTS ? &cmd->opts[i] : NULL;
		const struct cli_opt_def *d;

		if (u && !u->id)
			u = NULL;
		/* --help comes last, after the command's own options */
		d = u ? cli_opt_def(u->id) : cli_opt_def(CLI_OPT_HELP);
		if (!d->lname)
			snprintf(item, sizeof(item), "%s", d->metavar);
		else if (d->sname)
			snprintf(item, sizeof(item), "-%c, --%s%s%s", d->sname, d->lname,
				 d->metavar ? "=" : "", d->metavar ? d->metavar : "");
		else
			snprintf(item, sizeof(item), "    --%s%s%s", d->lname,
				 d->metavar ? "=" : "", d->metavar ? d->metavar : "");
		fprintf(f, "  %-28s %s\n", item, u && u->help ? u->help : d->help);
		if (!u)
			break;
	}
}

void cli_usage(FILE *f, const struct cli_cmd *cmds, unsigned int n)
{
	fprintf(f, "Usage: nvmetest COMMAND [ARGS]\n\n"
		"The command line of nvmetest, the NVMe test driver.\n\n"
		"Commands:\n");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "  %-14s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'nvmetest COMMAND --help' or 'nvmetest help COMMAND' describes one.\n");
}
