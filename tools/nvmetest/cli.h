/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The nvmetest CLI's internal interfaces: the command table format, the
 * option catalogue and the generic parser (parser.c), the output, error
 * and data helpers every command file shares (output.c), the decoders of
 * NVMe structures (nvmeout.c), and the command handlers with what they
 * export to each other, one section per file.
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
	CLI_OPT_VERBOSE,	/* -v */
	CLI_OPT_FORCE,		/* --force */
	CLI_OPT_REG,		/* -O OFFSET|NAME, a BAR0 register */
	CLI_OPT_OFFSET,		/* -O OFFSET, a config space offset */
	CLI_OPT_VALUE,		/* -V VALUE */
	CLI_OPT_WIDTH,		/* -w 1|2|4|8 */
	CLI_OPT_COUNT,		/* -n COUNT */
	CLI_OPT_UNSAFE,		/* --unsafe */
	CLI_OPT_HELP,		/* -h, implicit in every command */
	/* controller bring-up, interrupts, events */
	CLI_OPT_IRQ,		/* --irq=none|intx|msi|msix */
	CLI_OPT_VECTORS,	/* --vectors */
	CLI_OPT_AQ_DEPTH,	/* --aq-depth */
	CLI_OPT_IO_QUEUES,	/* --io-queues */
	CLI_OPT_STEP,		/* --step=disable|irq|adminq|enable */
	CLI_OPT_CC,		/* --cc: raw CC for the enable step */
	CLI_OPT_TIMEOUT,	/* -t MS */
	CLI_OPT_ABRUPT,		/* --abrupt */
	CLI_OPT_NO_QUIRK,	/* --no-quirk */
	CLI_OPT_NO_RESTORE,	/* --no-restore */
	CLI_OPT_POWER_STATE,	/* --state=D0|D3hot */
	CLI_OPT_ASPM_SET,	/* --set=off|l0s|l1|l0s+l1 */
	CLI_OPT_IRQ_CLEAR,	/* --clear N */
	CLI_OPT_IRQ_MASK,	/* --mask N */
	CLI_OPT_IRQ_UNMASK,	/* --unmask N */
	CLI_OPT_AER,		/* --aer N */
	CLI_OPT_WAIT,		/* --wait S */
	/* admin commands, nvme-cli's names and letters */
	CLI_OPT_NSID,		/* -n/--namespace-id */
	CLI_OPT_RAW,		/* -b/--raw-binary */
	CLI_OPT_LOG_ID,		/* -i/--log-id */
	CLI_OPT_LOG_LEN,	/* -l/--log-len */
	CLI_OPT_LPO,		/* --lpo */
	CLI_OPT_LSP,		/* -s/--lsp */
	CLI_OPT_LSI,		/* -S/--lsi */
	CLI_OPT_RAE,		/* -r/--rae */
	CLI_OPT_CSI,		/* -y/--csi */
	CLI_OPT_OT,		/* -O/--ot */
	CLI_OPT_UUID_INDEX,	/* -U/--uuid-index */
	CLI_OPT_LOG_ENTRIES,	/* -e/--log-entries */
	CLI_OPT_FID,		/* -f/--feature-id */
	CLI_OPT_SEL,		/* -s/--sel */
	CLI_OPT_FEAT_CDW11,	/* -c/--cdw11 (get-feature) */
	CLI_OPT_FEAT_CDW12,	/* -c/--cdw12 (set-feature) */
	CLI_OPT_DATA_LEN,	/* -l/--data-len */
	CLI_OPT_DATA,		/* -d/--data FILE */
	CLI_OPT_SAVE,		/* -s/--save */
	CLI_OPT_OPCODE,		/* --opcode */
	CLI_OPT_FLAGS,		/* -f/--flags */
	CLI_OPT_CDW2,		/* -2/--cdw2 */
	CLI_OPT_CDW3,		/* -3/--cdw3 */
	CLI_OPT_CDW10,		/* -4/--cdw10 */
	CLI_OPT_CDW11,		/* -5/--cdw11 */
	CLI_OPT_CDW12,		/* -6/--cdw12 */
	CLI_OPT_CDW13,		/* -7/--cdw13 */
	CLI_OPT_CDW14,		/* -8/--cdw14 */
	CLI_OPT_CDW15,		/* -9/--cdw15 */
	CLI_OPT_META_LEN,	/* -m/--metadata-len */
	CLI_OPT_INPUT_FILE,	/* -i/--input-file */
	CLI_OPT_READ,		/* -r/--read */
	CLI_OPT_WRITE,		/* -w/--write */
	CLI_OPT_PREFILL,	/* -p/--prefill */
	CLI_OPT_LBAF,		/* -l/--lbaf */
	CLI_OPT_SES,		/* -s/--ses */
	CLI_OPT_PI,		/* -i/--pi */
	CLI_OPT_PIL,		/* -p/--pil */
	CLI_OPT_MS,		/* -m/--ms */
	CLI_OPT_SANACT,		/* -a/--sanact */
	CLI_OPT_AUSE,		/* -u/--ause */
	CLI_OPT_OWPASS,		/* -n/--owpass */
	CLI_OPT_OIPBP,		/* -i/--oipbp */
	CLI_OPT_NO_DEALLOC,	/* -d/--no-dealloc */
	CLI_OPT_OVRPAT,		/* -p/--ovrpat */
	CLI_OPT_FW,		/* -f/--fw FILE */
	CLI_OPT_XFER,		/* -x/--xfer */
	CLI_OPT_FW_OFFSET,	/* --offset (dwords) */
	CLI_OPT_SLOT,		/* -s/--slot */
	CLI_OPT_ACTION,		/* -a/--action */
	CLI_OPT_BPID,		/* -b/--bpid */
	CLI_OPT_STC,		/* -s/--self-test-code */
	/* IO queues and NVM commands, nvme-cli's names and letters */
	CLI_OPT_QID,		/* -q/--queue-id */
	CLI_OPT_START_BLOCK,	/* -s/--start-block */
	CLI_OPT_BLOCK_COUNT,	/* -c/--block-count, 0's based */
	CLI_OPT_DATA_SIZE,	/* -z/--data-size */
	CLI_OPT_META_SIZE,	/* -y/--metadata-size */
	CLI_OPT_META_FILE,	/* -M/--metadata FILE */
	CLI_OPT_FUA,		/* -f/--force-unit-access */
	CLI_OPT_LR,		/* -l/--limited-retry */
	CLI_OPT_DEAC,		/* -d/--deac */
	CLI_OPT_AD,		/* -d/--ad */
	CLI_OPT_IDR,		/* -r/--idr */
	CLI_OPT_IDW,		/* -w/--idw */
	CLI_OPT_SLBS,		/* -s/--slbs LIST */
	CLI_OPT_BLOCKS,		/* -b/--blocks LIST */
	CLI_OPT_SDLBA,		/* -d/--sdlba */
	CLI_OPT_CQ,		/* --cq */
	CLI_OPT_SQ,		/* --sq */
	CLI_OPT_DEPTH,		/* --depth */
	CLI_OPT_VECTOR,		/* --vector */
	CLI_OPT_CQID,		/* --cqid */
	CLI_OPT_QPRIO,		/* --prio */
	CLI_OPT_DISCONTIG,	/* --discontig */
	CLI_OPT_NO_IEN,		/* --no-ien */
	CLI_OPT_HOLD,		/* --hold SECONDS */
	CLI_OPT_RESCAN,		/* --rescan */
	/* raw queues (raw-queue) */
	CLI_OPT_CID,		/* --cid */
	CLI_OPT_RAW_COUNT,	/* --count N (commands; -n is the namespace there) */
	CLI_OPT_PRP1,		/* --prp1 ADDR */
	CLI_OPT_PRP2,		/* --prp2 ADDR */
	/* data verification (verify-map) */
	CLI_OPT_V_ENABLE,	/* --enable */
	CLI_OPT_V_DISABLE,	/* --disable */
	CLI_OPT_V_CLEAR,	/* --clear (a flag, unlike irq's --clear N) */
	CLI_OPT_V_CAP,		/* --cap BYTES */
	CLI_OPT_V_STATUS,	/* --status */
	CLI_OPT_V_DUMP,		/* --dump */
	CLI_OPT_V_COUNT,	/* -c/--count ENTRIES (1's based) */
	CLI_OPT_V_FAILURES,	/* --failures */
	CLI_OPT_V_CLEAR_LOG,	/* --clear-log */
	CLI_OPT_V_SAVE,		/* --save FILE */
	CLI_OPT_V_LOAD,		/* --load FILE */
	CLI_OPT_OFF_CMD,	/* --off-cmd CMD */
	CLI_OPT_ON_CMD,		/* --on-cmd CMD */
	CLI_OPT_OFF_TIME,	/* --off-time MS */
	/* ioworker: fio's names where fio has the option */
	CLI_OPT_IOW_NSID,	/* -n/--nsid */
	CLI_OPT_IOW_NAME,	/* --name */
	CLI_OPT_IOW_RW,		/* --rw */
	CLI_OPT_IOW_RWMIXREAD,	/* --rwmixread */
	CLI_OPT_IOW_OPS,	/* --ops LIST */
	CLI_OPT_IOW_BS,		/* --bs SIZE */
	CLI_OPT_IOW_BSSPLIT,	/* --bssplit */
	CLI_OPT_IOW_IODEPTH,	/* --iodepth */
	CLI_OPT_IOW_RUNTIME,	/* --runtime TIME */
	CLI_OPT_IOW_NUMBER_IOS,	/* --number_ios */
	CLI_OPT_IOW_RATE_IOPS,	/* --rate_iops */
	CLI_OPT_IOW_OFFSET,	/* --offset BYTES */
	CLI_OPT_IOW_SIZE,	/* --size BYTES */
	CLI_OPT_IOW_LBA_START,	/* --lba-start */
	CLI_OPT_IOW_LBA_STEP,	/* --lba-step */
	CLI_OPT_IOW_LBA_ALIGN,	/* --lba-align */
	CLI_OPT_IOW_RANDOM_PCT,	/* --random-pct */
	CLI_OPT_IOW_DISTRIBUTION, /* --distribution */
	CLI_OPT_IOW_PATTERN,	/* --pattern */
	CLI_OPT_IOW_REPLAY,	/* --replay FILE */
	CLI_OPT_IOW_POLLED,	/* --polled */
	CLI_OPT_IOW_CPU,	/* --cpu LIST */
	CLI_OPT_IOW_VECTOR,	/* --vector LIST */
	CLI_OPT_IOW_QID,	/* --qid */
	CLI_OPT_IOW_SEED,	/* --seed */
	CLI_OPT_IOW_STOP_ON_ERROR, /* --stop-on-error */
	CLI_OPT_IOW_IO_TIMEOUT,	/* --io-timeout MS */
	CLI_OPT_IOW_NUMJOBS,	/* --numjobs */
	CLI_OPT_IOW_GROUP,	/* --group_reporting */
	CLI_OPT_NR,
};

enum cli_kind {
	CLI_KIND_POSITIONAL,
	CLI_KIND_FLAG,
	CLI_KIND_NUM,		/* unsigned, base 0 (0x.., 0.., decimal) */
	CLI_KIND_WIDTH,		/* 1, 2, 4 or 8 */
	CLI_KIND_FORMAT,	/* normal or json */
	CLI_KIND_REG,		/* a number, or a register name */
	CLI_KIND_STR,		/* any text (a file name) */
	CLI_KIND_CHOICE,	/* one of @choices; its index is the value */
	CLI_KIND_LIST,		/* comma separated numbers, each <= @max */
};

/* One entry of the option catalogue (parser.c). */
struct cli_opt_def {
	enum cli_opt id;
	enum cli_kind kind;
	const char *lname;	/* long name, NULL for positionals */
	int sname;		/* short letter, 0 for none */
	const char *metavar;
	const char *help;
	uint64_t max;		/* CLI_KIND_NUM: largest value, 0 = any */
	const char *const *choices;	/* CLI_KIND_CHOICE: NULL terminated */
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
/* An NVM command's namespace, default 1 */
#define CLI_GRP_NS1	{ CLI_OPT_NSID, 0, "namespace identifier (default 1)" }
/* -s SLBA -c NLB of the block commands */
#define CLI_GRP_RANGE	{ CLI_OPT_START_BLOCK, 0, NULL }, { CLI_OPT_BLOCK_COUNT, 0, NULL }
/* -z/-y: read, write and compare transfer sizes */
#define CLI_GRP_SIZES	{ CLI_OPT_DATA_SIZE, 0, NULL }, { CLI_OPT_META_SIZE, 0, NULL }
/* -f, -l: Force Unit Access and Limited Retry of the NVM commands */
#define CLI_GRP_FUA_LR	{ CLI_OPT_FUA, 0, NULL }, { CLI_OPT_LR, 0, NULL }
/* -q, -t, -o: an NVM command's queue, timeout and output format, last in its row */
#define CLI_GRP_NVM_TAIL \
	{ CLI_OPT_QID, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL }, CLI_GRP_OUTPUT
/* the SQE fields and data of admin-passthru and io-passthru */
#define CLI_GRP_PASSTHRU							\
	{ CLI_OPT_OPCODE, CLI_REQUIRED, NULL }, { CLI_OPT_FLAGS, 0, NULL },	\
	{ CLI_OPT_NSID, 0, NULL }, { CLI_OPT_CDW2, 0, NULL }, { CLI_OPT_CDW3, 0, NULL }, \
	{ CLI_OPT_CDW10, 0, NULL }, { CLI_OPT_CDW11, 0, NULL },		\
	{ CLI_OPT_CDW12, 0, NULL }, { CLI_OPT_CDW13, 0, NULL },		\
	{ CLI_OPT_CDW14, 0, NULL }, { CLI_OPT_CDW15, 0, NULL },		\
	{ CLI_OPT_DATA_LEN, 0, NULL }, { CLI_OPT_META_LEN, 0, NULL },	\
	{ CLI_OPT_READ, 0, NULL }, { CLI_OPT_WRITE, 0, NULL },		\
	{ CLI_OPT_INPUT_FILE, 0, NULL }, { CLI_OPT_PREFILL, 0, NULL }

#define CLI_MAX_OPTS	36

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
	uint64_t given[(CLI_OPT_NR + 63) / 64];	/* a bit per option seen */
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
	uint64_t num[CLI_OPT_NR];	/* value of each number or choice option */
	const char *str[CLI_OPT_NR];	/* value of each text option */
};

static inline bool cli_given(const struct cli_args *a, enum cli_opt opt)
{
	return a->given[opt / 64] & (1ULL << (opt % 64));
}

/* The value of a number option, or @dflt when it was not given. */
static inline uint64_t cli_num(const struct cli_args *a, enum cli_opt opt,
			       uint64_t dflt)
{
	return cli_given(a, opt) ? a->num[opt] : dflt;
}

/* -t/--timeout MS: 0 (the driver's default) when not given. */
static inline uint32_t cli_timeout_ms(const struct cli_args *a)
{
	return (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0);
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
/* Most numbers a CLI_KIND_LIST option takes (the NVMe range limit). */
#define CLI_LIST_MAX	256
/*
 * Parse a comma separated list of numbers into @vals (room for @max).
 * Return: how many, or -EINVAL (not a number, over @limit when non-zero,
 * empty item, more than @max).
 */
int cli_parse_list(const char *s, uint64_t *vals, unsigned int max, uint64_t limit);
/* The numbers of a CLI_KIND_LIST option (validated by cli_parse()). */
int cli_list(const struct cli_args *a, enum cli_opt opt, uint64_t *vals,
	     unsigned int max);
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
/* A register or config write failed: -EPERM without --unsafe says so. */
int cli_fail_write(const struct cli_args *a, int err, const char *what);
/* Open DEV; NULL after reporting why. */
struct nvmetest_dev *cli_open_dev(const struct cli_args *a);
/*
 * Open DEV and let @check validate the command's target against the
 * device's INFO (filling @t); NULL after either reported why.
 */
struct nvmetest_dev *cli_open_target(const struct cli_args *a,
				     int (*check)(const struct cli_args *a,
						  const struct nvmetest_info *info, void *t),
				     void *t);
void cli_json_print(struct json_object *obj);
/*
 * cli_json_print_list - print a listing command's @n @items in JSON: the
 * fields @o holds ("total", ...; NULL: none), then "<@key>": [...], the
 * i-th element made by @item(@items, i). Takes @o, as cli_json_print().
 */
void cli_json_print_list(struct json_object *o, const char *key, const void *items,
			 unsigned int n,
			 struct json_object *(*item)(const void *items, unsigned int i));
struct json_object *cli_json_fields(const struct nvmetest_field *f,
				    unsigned int n);
/* One field a line; @bits: show each field's bit range (registers). */
void cli_print_fields(const struct nvmetest_field *f, unsigned int n,
		      const char *indent, bool bits);
struct json_object *cli_json_str_or_null(const char *s);
/* A command function's result: 0, or the one-line report of an NVMe
 * status or an error; the exit code. */
int cli_cmd_result(const struct cli_args *a, int ret, const char *what);
/* cli_cmd_result() with the status's description ("Compare Failure"). */
int cli_io_result(const struct cli_args *a, int ret, const char *what);
int cli_write_raw(const struct cli_args *a, const void *buf, size_t len);
/* Write @len bytes of @buf to the file @path: 0, or CLI_EXIT_FAIL after
 * reporting why. */
int cli_write_file(const struct cli_args *a, const char *path, const void *buf, size_t len);
/* Read a whole file; its length in *len. NULL after reporting why. */
void *cli_read_file(const struct cli_args *a, const char *path, size_t *len);
struct json_object *cli_json_hex(const void *buf, size_t len);
void cli_hexdump(const void *buf, size_t len);

/* list.c */
int cmd_list(const struct cli_args *a);
int cmd_bind(const struct cli_args *a);
int cmd_unbind(const struct cli_args *a);
int cmd_power_cycle(const struct cli_args *a);
struct json_object *cli_json_func(const struct nvmetest_pci_func *f);

/* regs.c */
int cmd_info(const struct cli_args *a);
int cmd_show_regs(const struct cli_args *a);
int cmd_get_reg(const struct cli_args *a);
int cmd_set_reg(const struct cli_args *a);
struct json_object *cli_json_info(const char *path,
				  const struct nvmetest_info *info, bool human);
/* The queue and interrupt setup of INFO, the keys init and info share. */
void cli_json_add_setup(struct json_object *o, const struct nvmetest_info *info);
struct json_object *cli_json_regs(const struct nvmetest_reg_value *v,
				  unsigned int n, bool human);

/* ctrl.c */
int cmd_init(const struct cli_args *a);
int cmd_reset(const struct cli_args *a);
int cmd_shutdown(const struct cli_args *a);
int cmd_flr(const struct cli_args *a);
int cmd_hot_reset(const struct cli_args *a);
int cmd_subsystem_reset(const struct cli_args *a);
int cmd_link_reset(const struct cli_args *a);
int cmd_aspm(const struct cli_args *a);
int cmd_power(const struct cli_args *a);
int cmd_irq(const struct cli_args *a);
int cmd_events(const struct cli_args *a);
struct json_object *cli_json_irq(const struct nvmetest_irq_vector *v, unsigned int n,
				 uint32_t mode, uint32_t nr);
struct json_object *cli_json_event(const struct nvmetest_event *e);

/* admin.c */
int cmd_id_ctrl(const struct cli_args *a);
int cmd_id_ns(const struct cli_args *a);
int cmd_list_ns(const struct cli_args *a);
int cmd_ns_descs(const struct cli_args *a);
int cmd_get_log(const struct cli_args *a);
int cmd_smart_log(const struct cli_args *a);
int cmd_error_log(const struct cli_args *a);
int cmd_fw_log(const struct cli_args *a);
int cmd_effects_log(const struct cli_args *a);
int cmd_get_feature(const struct cli_args *a);
int cmd_set_feature(const struct cli_args *a);
int cmd_admin_passthru(const struct cli_args *a);
int cmd_format(const struct cli_args *a);
int cmd_sanitize(const struct cli_args *a);
int cmd_fw_download(const struct cli_args *a);
int cmd_fw_commit(const struct cli_args *a);
int cmd_self_test(const struct cli_args *a);
int cmd_io_passthru(const struct cli_args *a);
/*
 * The command CLI_GRP_PASSTHRU describes: the SQE fields of @c from the
 * options, its data and metadata buffers (malloc'ed, filled with -p's
 * byte; -w: the data starts with -i FILE's) and their direction.
 */
struct cli_passthru {
	struct nvmetest_cmd_args c;
	const char *file;	/* -i: the data to send, or where a read's goes */
	bool rd;		/* -r, or without -r/-w an opcode ending in 10b */
	bool wr;		/* -w */
};
/* Fill @p from the options: 0, or CLI_EXIT_FAIL after reporting why.
 * cli_passthru_free() after, either way. */
int cli_passthru_build(const struct cli_args *a, struct cli_passthru *p);
void cli_passthru_free(struct cli_passthru *p);

/* io.c: IO queues and NVM commands */
/*
 * The IO queue a command of this process uses: -q/--queue-id (default 1)
 * when some file already has that SQ, else a queue pair created for this
 * process and deleted by cli_ioq_close().
 */
struct cli_ioq {
	struct nvmetest_dev *dev;
	uint16_t qid;
	bool created;
};
/* Open DEV and get the queue; NULL after reporting why. */
struct nvmetest_dev *cli_ioq_open(const struct cli_args *a, struct cli_ioq *q);
/* Delete a queue pair cli_ioq_open() created, close the device. */
void cli_ioq_close(struct cli_ioq *q);
/* Depth, vector and flags of a queue pair made for one command: 64
 * entries or CAP.MQES + 1, vector 1 off the admin queue's when there are
 * two or more, IEN = 0 when polled. */
void cli_ioq_params(const struct nvmetest_info *info, uint32_t *depth, uint16_t *vector,
		    uint32_t *flags);
/* read, write, compare, write-zeroes, write-uncor, verify: by a->cmd->name */
int cmd_block(const struct cli_args *a);
int cmd_flush(const struct cli_args *a);
int cmd_dsm(const struct cli_args *a);
int cmd_copy(const struct cli_args *a);
int cmd_create_queue(const struct cli_args *a);
int cmd_delete_queue(const struct cli_args *a);
int cmd_queues(const struct cli_args *a);
int cmd_namespaces(const struct cli_args *a);
int cmd_cmdlog(const struct cli_args *a);
struct json_object *cli_json_queue(const struct nvmetest_queue_info *q);
struct json_object *cli_json_ns_info(const struct nvmetest_ns_info *ns);
/* One command log entry: JSON, or a table row (with -v its SQE and CQE). */
struct json_object *cli_json_cmdlog(const struct nvmetest_cmdlog_entry *e);
/* Every field of an SQE, by the specification's names (cmdlog's "sqe"). */
struct json_object *cli_json_sqe(const struct nvmetest_sqe *q);
void cli_print_cmdlog(FILE *f, const struct nvmetest_cmdlog_entry *e, bool verbose);

/* raw.c: a command through a raw queue pair (the raw path) */
int cmd_raw_queue(const struct cli_args *a);

/* verify.c: data verification (the driver's CRC map) */
int cmd_verify_map(const struct cli_args *a);
/* What verify-map does, from the options (cli_verify_action()). */
enum cli_verify_action {
	CLI_VERIFY_STATUS,
	CLI_VERIFY_CONFIG,
	CLI_VERIFY_DUMP,
	CLI_VERIFY_FAILURES,
	CLI_VERIFY_SAVE,
	CLI_VERIFY_LOAD,
};
/* The action of a parsed verify-map command line; -EINVAL after
 * reporting a conflict. */
int cli_verify_action(const struct cli_args *a);
struct json_object *cli_json_verify_status(const struct nvmetest_verify_status *st);
struct json_object *cli_json_verify_entry(uint64_t lba, uint32_t entry);
struct json_object *cli_json_verify_failure(const struct nvmetest_verify_failure *f);
/*
 * After a read returned -EILSEQ: report "data verification failed at LBA
 * N (kind)" from the newest failure of the log on @nsid within the read's
 * range (queue @qid), or without the LBA when the log has none. Returns
 * CLI_EXIT_FAIL.
 */
int cli_verify_read_failed(const struct cli_args *a, struct nvmetest_dev *dev,
			   uint16_t qid, uint32_t nsid, uint64_t slba, uint32_t nblocks);

/* ioworker.c: the ioworker command (IOWorkers with fio's options and report) */
int cmd_ioworker(const struct cli_args *a);

/* iowparse.c: an ioworker command line read as fio reads its options (pure) */
/* --rw, in the order of the choices */
enum cli_iow_rw {
	CLI_RW_READ, CLI_RW_WRITE, CLI_RW_TRIM, CLI_RW_RANDREAD, CLI_RW_RANDWRITE,
	CLI_RW_RANDTRIM, CLI_RW_RW, CLI_RW_READWRITE, CLI_RW_RANDRW,
};
/* What an ioworker command line asks for, before the per-job details. */
struct cli_iow_job {
	const struct cli_args *args;	/* for the "job options" echo */
	const char *name;
	struct nvmetest_ioworker_spec spec;	/* every job's, qid/cpu/vector/seed aside */
	struct nvmetest_ioworker_replay *replay; /* malloc'ed, or NULL */
	uint32_t nr_replay;
	uint32_t lba_size;
	unsigned int numjobs;
	bool group;			/* --group_reporting */
	uint64_t cpus[CLI_LIST_MAX];
	unsigned int nr_cpus;
	uint64_t vectors[CLI_LIST_MAX];
	unsigned int nr_vectors;
};
/* Sizes "4096", "4k", "64KiB", "1m", "2g": bytes (k, m, g, t are powers of
 * 1024, as fio's default kb_base). 0 or -EINVAL. */
int cli_iow_parse_bytes(const char *s, uint64_t *bytes);
/* Times "10" (seconds), "500ms", "10s", "2m", "1h": milliseconds. */
int cli_iow_parse_time(const char *s, uint64_t *ms);
/* --ops: 0 or -EINVAL with the reason in @err. */
int cli_iow_parse_ops(const char *s, struct nvmetest_ioworker_op *ops, uint32_t *nr,
		      char *err, size_t len);
/* --bssplit (and --bs as a one-entry split), sizes in LBAs of @lba_size. */
int cli_iow_parse_bssplit(const char *s, uint32_t lba_size, struct nvmetest_ioworker_size *sizes,
			  uint32_t *nr, char *err, size_t len);
/* --distribution into the 100 bucket weights. */
int cli_iow_parse_distribution(const char *s, uint16_t *w, char *err, size_t len);
/* --pattern into @spec's pattern, pattern_value and compress_pct. */
int cli_iow_parse_pattern(const char *s, struct nvmetest_ioworker_spec *spec, char *err,
			  size_t len);
/* A replay file's text: a malloc'ed array in *@out, its entries in *@nr. */
int cli_iow_parse_replay(const char *text, struct nvmetest_ioworker_replay **out, uint32_t *nr,
			 char *err, size_t len);
/* The whole command line, for namespace @ns; cli_iow_job_free() after. */
int cli_iow_build(const struct cli_args *a, const struct nvmetest_ns_info *ns,
		  struct cli_iow_job *job, char *err, size_t len);
void cli_iow_job_free(struct cli_iow_job *job);
/* Job @i's spec, on a controller with @nr_vectors interrupt vectors. */
void cli_iow_job_spec(const struct cli_iow_job *job, unsigned int i, unsigned int nr_vectors,
		      struct nvmetest_ioworker_spec *out);

/* iowreport.c: fio's report of finished IOWorkers, normal and JSON */
/* fio's JSON of @n finished jobs; NULL without memory. */
struct json_object *cli_iow_json(const struct cli_iow_job *job,
				 struct nvmetest_ioworker_report *const *r, unsigned int n);
/* fio's normal report of @n finished jobs; 0 or -ENOMEM. */
int cli_iow_print(FILE *f, const struct cli_iow_job *job,
		  struct nvmetest_ioworker_report *const *r, unsigned int n);
/* fio's num2str: 3 significant digits and a unit prefix ("31.2Mi"). */
void cli_iow_num2str(char *buf, size_t len, double v, unsigned int base);

/* nvmeout.c: the NVMe structures in both formats */
void cli_u128_str(const uint8_t *p, char *buf, size_t len);
struct json_object *cli_json_id_ctrl(const struct nvme_id_ctrl *id);
void cli_print_id_ctrl(const struct nvme_id_ctrl *id, bool human);
struct json_object *cli_json_id_ns(const struct nvme_id_ns *ns);
void cli_print_id_ns(const struct nvme_id_ns *ns, uint32_t nsid, bool human);
struct json_object *cli_json_ns_list(const struct nvme_ns_list *list);
void cli_print_ns_list(const struct nvme_ns_list *list);
struct json_object *cli_json_ns_descs(const void *buf);
void cli_print_ns_descs(const void *buf, uint32_t nsid);
struct json_object *cli_json_smart_log(const struct nvme_smart_log *s);
void cli_print_smart_log(const struct nvme_smart_log *s, uint32_t nsid, bool human);
struct json_object *cli_json_error_log(const struct nvme_error_log_page *e,
				       unsigned int n);
void cli_print_error_log(const struct nvme_error_log_page *e, unsigned int n);
struct json_object *cli_json_fw_log(const struct nvme_firmware_slot *fw,
				    const char *devname);
void cli_print_fw_log(const struct nvme_firmware_slot *fw, const char *devname);
struct json_object *cli_json_effects_log(const struct nvme_cmd_effects_log *l);
void cli_print_effects_log(const struct nvme_cmd_effects_log *l);

/* pci.c */
int cmd_config_read(const struct cli_args *a);
int cmd_config_write(const struct cli_args *a);
int cmd_caps(const struct cli_args *a);
struct json_object *cli_json_caps(const uint8_t *cfg, size_t len);

#endif /* NVMETEST_CLI_H */
