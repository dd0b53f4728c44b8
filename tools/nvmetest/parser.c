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

static const char *const irq_choices[] = { "none", "intx", "msi", "msix", NULL };
static const char *const step_choices[] = { "disable", "irq", "adminq", "enable", NULL };
static const char *const power_choices[] = { "D0", "D3hot", NULL };
/* the values of ASPM Control (LNKCTL bits 1:0) */
static const char *const aspm_choices[] = { "off", "l0s", "l1", "l0s+l1", NULL };
/* fio's rw= values; the order is enum cli_iow_rw */
static const char *const rw_choices[] = {
	"read", "write", "trim", "randread", "randwrite", "randtrim", "rw", "readwrite",
	"randrw", NULL,
};

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
	[CLI_OPT_VERBOSE] = { CLI_OPT_VERBOSE, CLI_KIND_FLAG, "verbose", 'v', NULL,
		"show more detail" },
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

#define NUM(id, l, s, mv, h, mx) [id] = { id, CLI_KIND_NUM, l, s, mv, h, mx, NULL }
#define FLAG(id, l, s, h) [id] = { id, CLI_KIND_FLAG, l, s, NULL, h, 0, NULL }
#define STR(id, l, s, mv, h) [id] = { id, CLI_KIND_STR, l, s, mv, h, 0, NULL }
	[CLI_OPT_IRQ] = { CLI_OPT_IRQ, CLI_KIND_CHOICE, "irq", 0, "MODE",
		"interrupt mode: none (polled), intx, msi or msix (default msix)", 0,
		irq_choices },
	NUM(CLI_OPT_VECTORS, "vectors", 0, "N", "interrupt vectors to ask for (default 2; intx 1)", 2048),
	NUM(CLI_OPT_AQ_DEPTH, "aq-depth", 0, "N", "admin SQ and CQ entries, 2-4096 (default 32)", 4096),
	NUM(CLI_OPT_IO_QUEUES, "io-queues", 0, "N",
	    "IO queue pairs to ask for (default: as many as vectors)", 65535),
	[CLI_OPT_STEP] = { CLI_OPT_STEP, CLI_KIND_CHOICE, "step", 0, "STEP",
		"run one step only: disable, irq, adminq or enable", 0, step_choices },
	NUM(CLI_OPT_CC, "cc", 0, "CC", "enable step: write this CC (EN is set by the driver)",
	    UINT32_MAX),
	NUM(CLI_OPT_TIMEOUT, "timeout", 't', "MS", "timeout in milliseconds (0: the default)",
	    UINT32_MAX),
	FLAG(CLI_OPT_ABRUPT, "abrupt", 0, "abrupt shutdown (CC.SHN = 10b)"),
	FLAG(CLI_OPT_NO_QUIRK, "no-quirk", 0,
	     "skip the PCI core's FLR quirk for the drives it names (a raw FLR)"),
	FLAG(CLI_OPT_NO_RESTORE, "no-restore", 0,
	     "leave config space as the reset left it (the raw post-reset state)"),
	[CLI_OPT_POWER_STATE] = { CLI_OPT_POWER_STATE, CLI_KIND_CHOICE, "state", 0, "STATE",
		"PCI power state: D0 or D3hot", 0, power_choices },
	[CLI_OPT_ASPM_SET] = { CLI_OPT_ASPM_SET, CLI_KIND_CHOICE, "set", 0, "STATES",
		"ASPM Control for both ends: off, l0s, l1 or l0s+l1", 0, aspm_choices },
	NUM(CLI_OPT_IRQ_CLEAR, "clear", 0, "VECTOR", "clear a vector's fired flag", UINT32_MAX),
	NUM(CLI_OPT_IRQ_MASK, "mask", 0, "VECTOR", "mask a vector", UINT32_MAX),
	NUM(CLI_OPT_IRQ_UNMASK, "unmask", 0, "VECTOR", "unmask a vector", UINT32_MAX),
	NUM(CLI_OPT_AER, "aer", 0, "N", "keep N AERs outstanding (0 stops)", 16),
	NUM(CLI_OPT_WAIT, "wait", 0, "SECONDS", "wait up to this long for an event", 86400),
	NUM(CLI_OPT_NSID, "namespace-id", 'n', "NSID", "namespace identifier", UINT32_MAX),
	FLAG(CLI_OPT_RAW, "raw-binary", 'b', "write the data to stdout as is"),
	NUM(CLI_OPT_LOG_ID, "log-id", 'i', "LID", "log page identifier", 0xff),
	NUM(CLI_OPT_LOG_LEN, "log-len", 'l', "BYTES", "bytes to read, a multiple of 4",
	    UINT32_MAX),
	NUM(CLI_OPT_LPO, "lpo", 0, "OFFSET", "log page offset in bytes", UINT64_MAX),
	NUM(CLI_OPT_LSP, "lsp", 's', "LSP", "log specific field", 0x7f),
	NUM(CLI_OPT_LSI, "lsi", 'S', "LSI", "log specific identifier", 0xffff),
	FLAG(CLI_OPT_RAE, "rae", 'r', "retain an asynchronous event"),
	NUM(CLI_OPT_CSI, "csi", 'y', "CSI", "command set identifier", 0xff),
	FLAG(CLI_OPT_OT, "ot", 'O', "offset type: the offset is an index"),
	NUM(CLI_OPT_UUID_INDEX, "uuid-index", 'U', "UUIDX", "UUID index", 0x7f),
	NUM(CLI_OPT_LOG_ENTRIES, "log-entries", 'e', "N",
	    "entries to read (default: Identify's ELPE + 1)", 4096),
	NUM(CLI_OPT_FID, "feature-id", 'f', "FID", "feature identifier", 0xff),
	NUM(CLI_OPT_SEL, "sel", 's', "SEL",
	    "0 current, 1 default, 2 saved, 3 supported capabilities", 7),
	NUM(CLI_OPT_FEAT_CDW11, "cdw11", 'c', "CDW11", "feature specific dword 11", UINT32_MAX),
	NUM(CLI_OPT_FEAT_CDW12, "cdw12", 'c', "CDW12", "feature specific dword 12", UINT32_MAX),
	NUM(CLI_OPT_DATA_LEN, "data-len", 'l', "BYTES", "data buffer length", UINT32_MAX),
	STR(CLI_OPT_DATA, "data", 'd', "FILE", "file with the feature data"),
	FLAG(CLI_OPT_SAVE, "save", 's', "make the value persist across power cycles (SV)"),
	NUM(CLI_OPT_OPCODE, "opcode", 0, "OPCODE", "command opcode", 0xff),
	NUM(CLI_OPT_FLAGS, "flags", 'f', "FLAGS", "command dword 0 bits 15:8 (FUSE)", 0xff),
	NUM(CLI_OPT_CDW2, "cdw2", '2', "CDW2", "command dword 2", UINT32_MAX),
	NUM(CLI_OPT_CDW3, "cdw3", '3', "CDW3", "command dword 3", UINT32_MAX),
	NUM(CLI_OPT_CDW10, "cdw10", '4', "CDW10", "command dword 10", UINT32_MAX),
	NUM(CLI_OPT_CDW11, "cdw11", '5', "CDW11", "command dword 11", UINT32_MAX),
	NUM(CLI_OPT_CDW12, "cdw12", '6', "CDW12", "command dword 12", UINT32_MAX),
	NUM(CLI_OPT_CDW13, "cdw13", '7', "CDW13", "command dword 13", UINT32_MAX),
	NUM(CLI_OPT_CDW14, "cdw14", '8', "CDW14", "command dword 14", UINT32_MAX),
	NUM(CLI_OPT_CDW15, "cdw15", '9', "CDW15", "command dword 15", UINT32_MAX),
	NUM(CLI_OPT_META_LEN, "metadata-len", 'm', "BYTES", "metadata buffer length", 4096),
	STR(CLI_OPT_INPUT_FILE, "input-file", 'i', "FILE",
	    "write: the data to send; read: where to write the data"),
	FLAG(CLI_OPT_READ, "read", 'r', "data moves from the controller to the host"),
	FLAG(CLI_OPT_WRITE, "write", 'w', "data moves from the host to the controller"),
	NUM(CLI_OPT_PREFILL, "prefill", 'p', "BYTE", "fill the buffers with this byte", 0xff),
	NUM(CLI_OPT_LBAF, "lbaf", 'l', "LBAF", "LBA format index", 63),
	NUM(CLI_OPT_SES, "ses", 's', "SES", "secure erase: 0 none, 1 user data, 2 crypto", 7),
	NUM(CLI_OPT_PI, "pi", 'i', "PI", "protection information type, 0 (off) to 3", 7),
	NUM(CLI_OPT_PIL, "pil", 'p', "PIL", "protection information location: 1 = first bytes", 1),
	NUM(CLI_OPT_MS, "ms", 'm', "MS", "metadata settings: 1 = extended LBA", 1),
	NUM(CLI_OPT_SANACT, "sanact", 'a', "SANACT",
	    "1 exit failure mode, 2 block erase, 3 overwrite, 4 crypto erase", 7),
	FLAG(CLI_OPT_AUSE, "ause", 'u', "allow unrestricted sanitize exit"),
	NUM(CLI_OPT_OWPASS, "owpass", 'n', "N", "overwrite pass count (0 means 16)", 15),
	FLAG(CLI_OPT_OIPBP, "oipbp", 'i', "overwrite invert pattern between passes"),
	FLAG(CLI_OPT_NO_DEALLOC, "no-dealloc", 'd', "no deallocate after sanitize"),
	NUM(CLI_OPT_OVRPAT, "ovrpat", 'p', "PATTERN", "overwrite pattern", UINT32_MAX),
	STR(CLI_OPT_FW, "fw", 'f', "FILE", "firmware image file"),
	NUM(CLI_OPT_XFER, "xfer", 'x', "BYTES",
	    "bytes per command (default: the driver's max_xfer)", UINT32_MAX),
	NUM(CLI_OPT_FW_OFFSET, "offset", 0, "DWORDS", "starting dword offset (default 0)",
	    UINT32_MAX / 4),
	NUM(CLI_OPT_SLOT, "slot", 's', "SLOT", "firmware slot, 0-7", 7),
	NUM(CLI_OPT_ACTION, "action", 'a', "ACTION", "commit action, 0-7", 7),
	NUM(CLI_OPT_BPID, "bpid", 'b', "BPID", "boot partition id, 0 or 1", 1),
	NUM(CLI_OPT_STC, "self-test-code", 's', "STC",
	    "1 short, 2 extended, 0xe vendor specific, 0xf abort", 0xf),
	NUM(CLI_OPT_QID, "queue-id", 'q', "QID",
	    "IO queue (default 1; created for this command unless it exists)", 65535),
	NUM(CLI_OPT_START_BLOCK, "start-block", 's', "SLBA", "starting LBA (default 0)",
	    UINT64_MAX),
	NUM(CLI_OPT_BLOCK_COUNT, "block-count", 'c', "NLB",
	    "number of blocks, 0's based as nvme-cli (0 = one block)", 65535),
	NUM(CLI_OPT_DATA_SIZE, "data-size", 'z', "BYTES",
	    "data bytes (default: the blocks' size from the namespace's format)", UINT32_MAX),
	NUM(CLI_OPT_META_SIZE, "metadata-size", 'y', "BYTES",
	    "separate metadata bytes (default: blocks * the format's MS)", 4096),
	STR(CLI_OPT_META_FILE, "metadata", 'M', "FILE",
	    "write: the metadata to send; read: where to write it"),
	FLAG(CLI_OPT_FUA, "force-unit-access", 'f', "force unit access (FUA)"),
	FLAG(CLI_OPT_LR, "limited-retry", 'l', "limited retry (LR)"),
	FLAG(CLI_OPT_DEAC, "deac", 'd', "deallocate the blocks (DEAC)"),
	FLAG(CLI_OPT_AD, "ad", 'd', "attribute: deallocate"),
	FLAG(CLI_OPT_IDR, "idr", 'r', "attribute: integral dataset for read"),
	FLAG(CLI_OPT_IDW, "idw", 'w', "attribute: integral dataset for write"),
	[CLI_OPT_SLBS] = { CLI_OPT_SLBS, CLI_KIND_LIST, "slbs", 's', "LIST",
		"starting LBAs of the ranges, comma separated", UINT64_MAX, NULL },
	[CLI_OPT_BLOCKS] = { CLI_OPT_BLOCKS, CLI_KIND_LIST, "blocks", 'b', "LIST",
		"blocks of each range, comma separated", UINT32_MAX, NULL },
	NUM(CLI_OPT_SDLBA, "sdlba", 'd', "LBA", "destination LBA", UINT64_MAX),
	FLAG(CLI_OPT_CQ, "cq", 0, "completion queue"),
	FLAG(CLI_OPT_SQ, "sq", 0, "submission queue"),
	NUM(CLI_OPT_DEPTH, "depth", 0, "N", "queue entries (default 64)", 65536),
	NUM(CLI_OPT_VECTOR, "vector", 0, "N", "the CQ's interrupt vector (default 0)", 65535),
	NUM(CLI_OPT_CQID, "cqid", 0, "QID", "the CQ the SQ posts to (default: the same id)",
	    65535),
	NUM(CLI_OPT_QPRIO, "prio", 0, "PRIO", "SQ priority, 0 urgent to 3 low (default 0)", 3),
	FLAG(CLI_OPT_DISCONTIG, "discontig", 0, "discontiguous queue memory (PC = 0)"),
	FLAG(CLI_OPT_NO_IEN, "no-ien", 0, "CQ without interrupts (IEN = 0)"),
	NUM(CLI_OPT_HOLD, "hold", 0, "SECONDS",
	    "keep the queues this long before exiting (0: until a signal)", 86400),
	FLAG(CLI_OPT_RESCAN, "rescan", 0, "identify the namespaces again first"),
	NUM(CLI_OPT_CID, "cid", 0, "CID",
	    "CID of the first command, the next ones count up (default 0)", 0xffff),
	NUM(CLI_OPT_RAW_COUNT, "count", 0, "N", "copies of the command to send (default 1)", 65536),
	NUM(CLI_OPT_PRP1, "prp1", 0, "ADDR",
	    "PRP1 as given, not the data buffer's: hands the device an arbitrary bus address "
	    "(the driver refuses raw queues without NVMETEST_INFO_CAP_RAW)", UINT64_MAX),
	NUM(CLI_OPT_PRP2, "prp2", 0, "ADDR",
	    "PRP2 as given, not the data buffer's or its PRP list's: an arbitrary bus address "
	    "(the driver refuses raw queues without NVMETEST_INFO_CAP_RAW)", UINT64_MAX),
	FLAG(CLI_OPT_V_ENABLE, "enable", 0, "turn data verification on"),
	FLAG(CLI_OPT_V_DISABLE, "disable", 0, "turn data verification off (the map is kept)"),
	FLAG(CLI_OPT_V_CLEAR, "clear", 0, "forget every map entry and the failure state"),
	NUM(CLI_OPT_V_CAP, "cap", 0, "BYTES",
	    "map memory a namespace may use (0: the module's verify_mem_cap_mb)", UINT64_MAX),
	FLAG(CLI_OPT_V_STATUS, "status", 0, "show the map of each namespace (the default)"),
	FLAG(CLI_OPT_V_DUMP, "dump", 0, "show the map entries of -s SLBA -c COUNT"),
	NUM(CLI_OPT_V_COUNT, "count", 'c', "COUNT", "map entries to show (default 16)", 65536),
	FLAG(CLI_OPT_V_FAILURES, "failures", 0, "show the failure log"),
	FLAG(CLI_OPT_V_CLEAR_LOG, "clear-log", 0, "with --failures: empty the log after reading"),
	STR(CLI_OPT_V_SAVE, "save", 0, "FILE", "save the map of namespace -n to FILE"),
	STR(CLI_OPT_OFF_CMD, "off-cmd", 0, "CMD", "shell command that cuts the drive's power"),
	STR(CLI_OPT_ON_CMD, "on-cmd", 0, "CMD", "shell command that gives it back"),
	NUM(CLI_OPT_OFF_TIME, "off-time", 0, "MS",
	    "milliseconds without power once the function has left (default 0)", 3600000),
	STR(CLI_OPT_V_LOAD, "load", 0, "FILE",
	    "replace the map of namespace -n by FILE's (--force: another drive's)"),
	NUM(CLI_OPT_IOW_NSID, "nsid", 'n', "NSID", "namespace (default: the first active one)",
	    UINT32_MAX),
	STR(CLI_OPT_IOW_NAME, "name", 0, "NAME", "job name in the report (default \"nvmetest\")"),
	[CLI_OPT_IOW_RW] = { CLI_OPT_IOW_RW, CLI_KIND_CHOICE, "rw", 0, "RW",
		"read, write, trim, randread, randwrite, randtrim, rw (readwrite) or randrw "
		"(default read)", 0, rw_choices },
	NUM(CLI_OPT_IOW_RWMIXREAD, "rwmixread", 0, "PCT", "rw/randrw: percent of reads (default 50)",
	    100),
	STR(CLI_OPT_IOW_OPS, "ops", 0, "MIX",
	    "op mix, OP[:PCT],...: read, write, trim, flush, write-zeroes, compare, verify, "
	    "write-uncor or an opcode; entries without PCT share the rest"),
	STR(CLI_OPT_IOW_BS, "bs", 0, "BYTES", "IO size in bytes, k/m suffixes are KiB/MiB (default 4k)"),
	STR(CLI_OPT_IOW_BSSPLIT, "bssplit", 0, "SPLIT",
	    "IO size distribution, BYTES/PCT:BYTES/PCT... (fio's)"),
	NUM(CLI_OPT_IOW_IODEPTH, "iodepth", 0, "N", "IOs outstanding (default 1)", UINT32_MAX),
	STR(CLI_OPT_IOW_RUNTIME, "runtime", 0, "TIME",
	    "run time: seconds, or with a unit: ms, s, m, h"),
	NUM(CLI_OPT_IOW_NUMBER_IOS, "number_ios", 0, "N", "IOs to complete, then end", UINT64_MAX),
	NUM(CLI_OPT_IOW_RATE_IOPS, "rate_iops", 0, "N", "IOs per second at most", UINT32_MAX),
	STR(CLI_OPT_IOW_OFFSET, "offset", 0, "BYTES",
	    "start of the region, bytes (a multiple of the LBA size; default 0)"),
	STR(CLI_OPT_IOW_SIZE, "size", 0, "BYTES",
	    "length of the region, bytes (default: to the end of the namespace)"),
	NUM(CLI_OPT_IOW_LBA_START, "lba-start", 0, "LBA",
	    "first LBA of sequential IO (default: the region's start)", UINT64_MAX),
	NUM(CLI_OPT_IOW_LBA_STEP, "lba-step", 0, "LBAS",
	    "LBAs from one sequential IO to the next (default: the IO's size)", UINT32_MAX),
	NUM(CLI_OPT_IOW_LBA_ALIGN, "lba-align", 0, "LBAS", "IO starts are multiples of it",
	    UINT32_MAX),
	NUM(CLI_OPT_IOW_RANDOM_PCT, "random-pct", 0, "PCT",
	    "percent of IOs at random LBAs (default: from --rw)", UINT32_MAX),
	STR(CLI_OPT_IOW_DISTRIBUTION, "distribution", 0, "DIST",
	    "LBA distribution of random IO: zoned:ACCESS%/REGION%:... (fio's), or 100 "
	    "comma separated weights adding up to 10000"),
	STR(CLI_OPT_IOW_PATTERN, "pattern", 0, "PAT",
	    "data written: zeroes, ones, a 32-bit value (0x...), random[:COMPRESS%]"),
	STR(CLI_OPT_IOW_REPLAY, "replay", 0, "FILE",
	    "replay IOs from FILE, lines \"TIME_US OPCODE SLBA NLB\""),
	FLAG(CLI_OPT_IOW_POLLED, "polled", 0, "poll the CQ (no interrupts)"),
	[CLI_OPT_IOW_CPU] = { CLI_OPT_IOW_CPU, CLI_KIND_LIST, "cpu", 0, "LIST",
		"pin job i to the i-th CPU of the list (cyclically)", UINT32_MAX, NULL },
	[CLI_OPT_IOW_VECTOR] = { CLI_OPT_IOW_VECTOR, CLI_KIND_LIST, "vector", 0, "LIST",
		"interrupt vector of job i's CQ, cyclically (default 1 + i modulo the vectors)",
		65535, NULL },
	NUM(CLI_OPT_IOW_QID, "qid", 0, "QID",
	    "queue id of job 0, job i gets QID + i (default: the lowest free)", 65535),
	NUM(CLI_OPT_IOW_SEED, "seed", 0, "SEED", "random seed (default: a random one)", UINT64_MAX),
	FLAG(CLI_OPT_IOW_STOP_ON_ERROR, "stop-on-error", 0, "end a job at its first failed IO"),
	NUM(CLI_OPT_IOW_IO_TIMEOUT, "io-timeout", 0, "MS",
	    "per IO timeout in milliseconds (default: the driver's)", UINT32_MAX),
	NUM(CLI_OPT_IOW_NUMJOBS, "numjobs", 0, "N",
	    "workers started together, each with its own queue pair (default 1)",
	    NVMETEST_IOW_MAX_PER_FILE),
	FLAG(CLI_OPT_IOW_GROUP, "group_reporting", 0, "report the jobs as one (fio's)"),
#undef NUM
#undef FLAG
#undef STR
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

int cli_parse_list(const char *s, uint64_t *vals, unsigned int max, uint64_t limit)
{
	char buf[32];
	unsigned int n = 0;
	const char *end;
	size_t len;

	for (;;) {
		end = strchr(s, ',');
		len = end ? (size_t)(end - s) : strlen(s);
		if (!len || len >= sizeof(buf) || n >= max)
			return -EINVAL;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (cli_parse_u64(buf, &vals[n]) || (limit && vals[n] > limit))
			return -EINVAL;
		n++;
		if (!end)
			return (int)n;
		s = end + 1;
	}
}

int cli_list(const struct cli_args *a, enum cli_opt opt, uint64_t *vals,
	     unsigned int max)
{
	const struct cli_opt_def *d = cli_opt_def(opt);

	if (!cli_given(a, opt))
		return 0;
	return cli_parse_list(a->str[opt], vals, max, d->max);
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
		} else if (d->max && v > d->max) {
			return parse_err(err, len, "%s %s is out of range (at most %llu)", label,
					 arg, (unsigned long long)d->max);
		}
		a->num[d->id] = v;
		break;
	case CLI_KIND_STR:
		if (!*arg)
			return parse_err(err, len, "empty value for %s", label);
		a->str[d->id] = arg;
		break;
	case CLI_KIND_LIST: {
		uint64_t vals[CLI_LIST_MAX];

		if (cli_parse_list(arg, vals, CLI_LIST_MAX, d->max) < 0)
			return parse_err(err, len,
					 "invalid list '%s' for %s (1 to %u numbers, comma separated, at most %llu)",
					 arg, label, CLI_LIST_MAX, (unsigned long long)d->max);
		a->str[d->id] = arg;
		break;
	}
	case CLI_KIND_CHOICE: {
		char list[128] = "";

		for (unsigned int i = 0; d->choices[i]; i++) {
			if (!strcmp(arg, d->choices[i])) {
				a->num[d->id] = i;
				goto stored;
			}
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", d->choices[i]);
		}
		return parse_err(err, len, "invalid value '%s' for %s (%s)", arg, label, list);
	}
	case CLI_KIND_POSITIONAL:
		break;
	}
stored:

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
		a->count = v;
		/* fall through */
	case CLI_OPT_RAW_COUNT:
		if (!v)
			return parse_err(err, len, "%s must be at least 1", label);
		break;
	default:
		break;
	}
	a->given[d->id / 64] |= 1ULL << (d->id % 64);
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
	char shortopts[2 * CLI_OPT_NR + 2], label[96];
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
