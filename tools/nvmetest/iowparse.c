// SPDX-License-Identifier: GPL-2.0-only
/*
 * `nvmetest ioworker`'s command line, read the way fio reads its options:
 * sizes, times, the op mix, --bssplit, --distribution, --pattern, replay
 * files, and the spec of each job built from them. Pure (no device), so
 * the host unit tests run it as is (tests/unit/test_ioworker.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define ERR(...)	(snprintf(err, len, __VA_ARGS__), -EINVAL)

/* The number @s starts with (a digit first, no sign): 0 and its end, or -EINVAL. */
static int lead_num(const char *s, int base, unsigned long long *v, char **end)
{
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, end, base);
	return errno ? -EINVAL : 0;
}

int cli_iow_parse_bytes(const char *s, uint64_t *bytes)
{
	static const char units[] = "kmgt";
	const char *unit;
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (lead_num(s, 0, &v, &end))
		return -EINVAL;
	/* k, m, g, t: each 10 bits more than the one before */
	unit = *end ? strchr(units, tolower((unsigned char)*end)) : NULL;
	if (unit)
		shift = 10 * (unsigned int)(unit - units + 1);
	else if (*end && *end != 'b' && *end != 'B')
		return -EINVAL;
	if (shift) {
		end++;
		/* "k", "kb", "KiB": fio reads them all as 1024 by default */
		if (*end == 'i')
			end++;
		if (*end == 'b' || *end == 'B')
			end++;
	} else if (*end) {
		end++;
	}
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -EINVAL;
	*bytes = (uint64_t)v << shift;
	return 0;
}

int cli_iow_parse_time(const char *s, uint64_t *ms)
{
	unsigned long long v;
	uint64_t mul;
	char *end;

	if (lead_num(s, 10, &v, &end))
		return -EINVAL;
	if (!strcmp(end, "ms"))
		mul = 1;
	else if (!*end || !strcmp(end, "s"))
		mul = 1000;
	else if (!strcmp(end, "m"))
		mul = 60000;
	else if (!strcmp(end, "h"))
		mul = 3600000;
	else
		return -EINVAL;
	if (v > UINT64_MAX / mul)
		return -EINVAL;
	*ms = v * mul;
	return 0;
}

static const struct {
	const char *name;
	uint8_t opcode;
} op_names[] = {
	{ "read", nvme_cmd_read }, { "write", nvme_cmd_write },
	{ "trim", nvme_cmd_dsm }, { "dsm", nvme_cmd_dsm }, { "flush", nvme_cmd_flush },
	{ "write-zeroes", nvme_cmd_write_zeroes }, { "write_zeroes", nvme_cmd_write_zeroes },
	{ "compare", nvme_cmd_compare }, { "verify", nvme_cmd_verify },
	{ "write-uncor", nvme_cmd_write_uncor }, { "write_uncor", nvme_cmd_write_uncor },
};

/* An op name or an opcode number: 0..255, or -1. */
static int parse_opcode(const char *s)
{
	uint64_t v;

	for (unsigned int i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (!strcmp(s, op_names[i].name))
			return op_names[i].opcode;
	if (cli_parse_u64(s, &v) || v > 0xff)
		return -1;
	return (int)v;
}

/* Share what the entries with a percentage left among those without one. */
static int share_rest(uint32_t *pct, const bool *given, unsigned int n, const char *what,
		      char *err, size_t len)
{
	unsigned int sum = 0, open = 0, each, extra;

	for (unsigned int i = 0; i < n; i++) {
		if (given[i])
			sum += pct[i];
		else
			open++;
	}
	if (sum > 100)
		return ERR("%s: the percentages add up to %u, over 100", what, sum);
	if (!open) {
		if (sum != 100)
			return ERR("%s: the percentages add up to %u, not 100", what, sum);
		return 0;
	}
	if (100 - sum < open)
		return ERR("%s: %u%% left for %u entries without a percentage", what,
			   100 - sum, open);
	each = (100 - sum) / open;
	extra = (100 - sum) % open;
	for (unsigned int i = 0; i < n; i++) {
		if (given[i])
			continue;
		pct[i] = each + (extra ? 1 : 0);
		if (extra)
			extra--;
	}
	return 0;
}

/* Split "A<sep>B<sep>C" in place; the number of items or -1 over @max. */
static int split(char *s, char sep, char **items, unsigned int max)
{
	unsigned int n = 0;

	for (;;) {
		char *e = strchr(s, sep);

		if (n >= max)
			return -1;
		items[n++] = s;
		if (!e)
			return (int)n;
		*e = '\0';
		s = e + 1;
	}
}

/* "ITEM" or "ITEM<sep>PCT": the item, and the percentage when given. */
static int item_pct(char *item, char sep, uint32_t *pct, bool *given)
{
	char *p = strchr(item, sep);
	uint64_t v;

	*given = false;
	if (!p)
		return 0;
	*p++ = '\0';
	if (cli_parse_u64(p, &v) || v > 100)
		return -EINVAL;
	*pct = (uint32_t)v;
	*given = true;
	return 0;
}

/* How one weighted list option is spelt: --ops and --bssplit. */
struct weights_fmt {
	const char *opt;	/* "--ops" */
	const char *what;	/* "entries": in "more than 8 entries" */
	char sep;		/* between items */
	char psep;		/* between an item and its percentage */
	unsigned int max;	/* items */
	size_t size;		/* the text's room, its NUL included */
};

#define WEIGHTS_MAX	NVMETEST_IOW_MAX_SIZES
_Static_assert(NVMETEST_IOW_MAX_OPS <= WEIGHTS_MAX, "--ops fits struct weights");

struct weights {
	char buf[512];
	char *items[WEIGHTS_MAX];
	uint32_t pct[WEIGHTS_MAX];
	bool given[WEIGHTS_MAX];
	int n;
};

/*
 * "ITEM[<psep>PCT]<sep>...": each item to @item (after its percentage is
 * checked; 0, or -EINVAL with the reason in @err), then the items without
 * a percentage share what is left of 100.
 */
static int parse_weights(const struct weights_fmt *f, const char *s, struct weights *w,
			 int (*item)(char *s, int i, void *ctx, char *err, size_t len),
			 void *ctx, char *err, size_t len)
{
	int ret;

	if (strlen(s) >= f->size)
		return ERR("%s: too long", f->opt);
	strcpy(w->buf, s);
	w->n = split(w->buf, f->sep, w->items, f->max);
	if (w->n < 0)
		return ERR("%s: more than %u %s", f->opt, f->max, f->what);
	memset(w->pct, 0, sizeof(w->pct));
	for (int i = 0; i < w->n; i++) {
		if (item_pct(w->items[i], f->psep, &w->pct[i], &w->given[i]) ||
		    (w->given[i] && !w->pct[i]))
			return ERR("%s: invalid percentage in entry %d (1 to 100)", f->opt, i + 1);
		ret = item(w->items[i], i, ctx, err, len);
		if (ret)
			return ret;
	}
	return share_rest(w->pct, w->given, (unsigned int)w->n, f->opt, err, len);
}

static int op_item(char *s, int i, void *ctx, char *err, size_t len)
{
	struct nvmetest_ioworker_op *ops = ctx;
	int opc = parse_opcode(s);

	if (opc < 0)
		return ERR("--ops: unknown op '%s' (read, write, trim, flush, write-zeroes, compare, verify, write-uncor or an opcode)",
			   s);
	ops[i] = (struct nvmetest_ioworker_op){ .opcode = (uint8_t)opc };
	return 0;
}

int cli_iow_parse_ops(const char *s, struct nvmetest_ioworker_op *ops, uint32_t *nr,
		      char *err, size_t len)
{
	static const struct weights_fmt f = {
		"--ops", "entries", ',', ':', NVMETEST_IOW_MAX_OPS, 256,
	};
	struct weights w;
	int ret = parse_weights(&f, s, &w, op_item, ops, err, len);

	if (ret)
		return ret;
	for (int i = 0; i < w.n; i++)
		ops[i].pct = (uint8_t)w.pct[i];
	*nr = (uint32_t)w.n;
	return 0;
}

struct size_ctx {
	struct nvmetest_ioworker_size *sizes;
	uint32_t lba_size;
};

static int size_item(char *s, int i, void *ctx, char *err, size_t len)
{
	struct size_ctx *c = ctx;
	uint64_t bytes;

	if (cli_iow_parse_bytes(s, &bytes) || !bytes)
		return ERR("--bssplit: invalid size '%s'", s);
	if (bytes % c->lba_size)
		return ERR("--bssplit: %s is not a multiple of the LBA size %u", s, c->lba_size);
	if (bytes / c->lba_size > UINT32_MAX)
		return ERR("--bssplit: %s is too large", s);
	c->sizes[i] = (struct nvmetest_ioworker_size){ .nlb = (uint32_t)(bytes / c->lba_size) };
	return 0;
}

int cli_iow_parse_bssplit(const char *s, uint32_t lba_size, struct nvmetest_ioworker_size *sizes,
			  uint32_t *nr, char *err, size_t len)
{
	static const struct weights_fmt f = {
		"--bssplit", "sizes", ':', '/', NVMETEST_IOW_MAX_SIZES, 512,
	};
	struct size_ctx c = { sizes, lba_size };
	struct weights w;
	int ret = parse_weights(&f, s, &w, size_item, &c, err, len);

	if (ret)
		return ret;
	for (int i = 0; i < w.n; i++)
		sizes[i].pct = w.pct[i];
	*nr = (uint32_t)w.n;
	return 0;
}

/* fio's zoned:A/R:A/R...: A% of the accesses to the next R% of the region */
static int parse_zoned(char *s, uint16_t *w, char *err, size_t len)
{
	char *items[NVMETEST_IOW_BUCKETS];
	unsigned int acc = 0, bucket = 0;
	int n = split(s, ':', items, NVMETEST_IOW_BUCKETS);

	if (n < 0)
		return ERR("--distribution: more than %u zones", NVMETEST_IOW_BUCKETS);
	for (int i = 0; i < n; i++) {
		char *slash = strchr(items[i], '/');
		uint64_t a, r;
		unsigned int weight, extra;

		if (!slash)
			return ERR("--distribution: zone '%s' is not ACCESS/REGION", items[i]);
		*slash = '\0';
		if (cli_parse_u64(items[i], &a) || cli_parse_u64(slash + 1, &r) || a > 100 ||
		    !r || r > 100)
			return ERR("--distribution: invalid zone %d (ACCESS 0-100 / REGION 1-100)",
				   i + 1);
		acc += (unsigned int)a;
		if (bucket + r > NVMETEST_IOW_BUCKETS)
			return ERR("--distribution: the zones cover more than 100%% of the region");
		/* a * 100 of the 10000, spread over r buckets; the rest to the first */
		weight = (unsigned int)(a * 100 / r);
		extra = (unsigned int)(a * 100 % r);
		for (unsigned int b = 0; b < r; b++)
			w[bucket++] = (uint16_t)(weight + (b < extra ? 1 : 0));
	}
	if (bucket != NVMETEST_IOW_BUCKETS)
		return ERR("--distribution: the zones cover %u%% of the region, not 100%%", bucket);
	if (acc != 100)
		return ERR("--distribution: the accesses add up to %u%%, not 100%%", acc);
	return 0;
}

int cli_iow_parse_distribution(const char *s, uint16_t *w, char *err, size_t len)
{
	uint64_t vals[CLI_LIST_MAX];
	char buf[1024];
	int n;

	if (strlen(s) >= sizeof(buf))
		return ERR("--distribution: too long");
	strcpy(buf, s);
	memset(w, 0, NVMETEST_IOW_BUCKETS * sizeof(*w));
	if (!strncmp(buf, "zoned:", 6))
		return parse_zoned(buf + 6, w, err, len);
	n = cli_parse_list(buf, vals, CLI_LIST_MAX, UINT16_MAX);
	if (n != NVMETEST_IOW_BUCKETS)
		return ERR("--distribution: zoned:ACCESS/REGION:... or %u comma separated weights (0-65535)",
			   NVMETEST_IOW_BUCKETS);
	for (int i = 0; i < n; i++)
		w[i] = (uint16_t)vals[i];
	return 0;
}

int cli_iow_parse_pattern(const char *s, struct nvmetest_ioworker_spec *spec, char *err,
			  size_t len)
{
	uint64_t v;

	spec->pattern_value = 0;
	spec->compress_pct = 0;
	if (!strcmp(s, "zeroes") || !strcmp(s, "zeros")) {
		spec->pattern = NVMETEST_PATTERN_ZEROES;
	} else if (!strcmp(s, "ones")) {
		spec->pattern = NVMETEST_PATTERN_ONES;
	} else if (!strcmp(s, "random")) {
		spec->pattern = NVMETEST_PATTERN_RANDOM;
	} else if (!strncmp(s, "random:", 7)) {
		if (cli_parse_u64(s + 7, &v) || v > UINT32_MAX)
			return ERR("--pattern: invalid compressibility '%s'", s + 7);
		spec->pattern = NVMETEST_PATTERN_RANDOM;
		spec->compress_pct = (uint32_t)v;
	} else if (!cli_parse_u64(s, &v) && v <= UINT32_MAX) {
		spec->pattern = NVMETEST_PATTERN_DWORD;
		spec->pattern_value = (uint32_t)v;
	} else {
		return ERR("--pattern: '%s' is not zeroes, ones, a 32-bit value or random[:PCT]", s);
	}
	return 0;
}

int cli_iow_parse_replay(const char *text, struct nvmetest_ioworker_replay **out, uint32_t *nr,
			 char *err, size_t len)
{
	struct nvmetest_ioworker_replay *r = NULL;
	size_t cap = 0, n = 0;
	unsigned int line = 0;
	const char *p = text;

	*out = NULL;
	*nr = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) : strlen(p);
		char buf[256], *f[5], *save = NULL, *hash;
		uint64_t t, slba, nlb;
		int k = 0, opc;

		line++;
		if (l >= sizeof(buf)) {
			free(r);
			return ERR("--replay: line %u is too long", line);
		}
		memcpy(buf, p, l);
		buf[l] = '\0';
		p += l + (eol ? 1 : 0);
		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		for (char *tok = strtok_r(buf, " \t\r", &save); tok;
		     tok = strtok_r(NULL, " \t\r", &save)) {
			if (k == 5)
				break;
			f[k++] = tok;
		}
		if (!k)
			continue;
		opc = k == 4 ? parse_opcode(f[1]) : -1;
		if (k != 4 || cli_parse_u64(f[0], &t) || opc < 0 || cli_parse_u64(f[2], &slba) ||
		    cli_parse_u64(f[3], &nlb) || nlb > UINT32_MAX) {
			free(r);
			return ERR("--replay: line %u is not \"TIME_US OPCODE SLBA NLB\"", line);
		}
		if (n == NVMETEST_IOW_MAX_REPLAY) {
			free(r);
			return ERR("--replay: more than %u IOs", NVMETEST_IOW_MAX_REPLAY);
		}
		if (n == cap) {
			struct nvmetest_ioworker_replay *grown = realloc(r, (cap ? cap * 2 : 64) *
								       sizeof(*r));

			if (!grown) {
				free(r);
				return ERR("--replay: out of memory");
			}
			r = grown;
			cap = cap ? cap * 2 : 64;
		}
		r[n++] = (struct nvmetest_ioworker_replay){
			.time_us = t, .slba = slba, .nlb = (uint32_t)nlb, .opcode = (uint8_t)opc,
		};
	}
	if (!n)
		return ERR("--replay: no IO in the file");
	*out = r;
	*nr = (uint32_t)n;
	return 0;
}

void cli_iow_job_free(struct cli_iow_job *job)
{
	free(job->replay);
	job->replay = NULL;
	job->nr_replay = 0;
}

/* A byte count option as LBAs of @lba_size. */
static int bytes_opt(const struct cli_args *a, enum cli_opt opt, uint32_t lba_size,
		     uint64_t *lbas, char *err, size_t len)
{
	const char *s = a->str[opt];
	uint64_t bytes;

	if (cli_iow_parse_bytes(s, &bytes))
		return ERR("--%s: invalid size '%s'", cli_opt_def(opt)->lname, s);
	if (bytes % lba_size)
		return ERR("--%s: %s is not a multiple of the LBA size %u",
			   cli_opt_def(opt)->lname, s, lba_size);
	*lbas = bytes / lba_size;
	return 0;
}

static int build_ops(const struct cli_args *a, struct nvmetest_ioworker_spec *sp, char *err,
		     size_t len)
{
	unsigned int rw = (unsigned int)cli_num(a, CLI_OPT_IOW_RW, CLI_RW_READ);
	unsigned int mix = (unsigned int)cli_num(a, CLI_OPT_IOW_RWMIXREAD, 50);
	bool random = rw == CLI_RW_RANDREAD || rw == CLI_RW_RANDWRITE ||
		      rw == CLI_RW_RANDTRIM || rw == CLI_RW_RANDRW;
	bool mixed = rw == CLI_RW_RW || rw == CLI_RW_READWRITE || rw == CLI_RW_RANDRW;

	if (cli_given(a, CLI_OPT_IOW_RWMIXREAD) && !mixed)
		return ERR("--rwmixread needs --rw=rw or --rw=randrw");
	sp->random_pct = random ? 100 : 0;
	if (cli_given(a, CLI_OPT_IOW_RANDOM_PCT))
		sp->random_pct = (uint32_t)a->num[CLI_OPT_IOW_RANDOM_PCT];
	if (cli_given(a, CLI_OPT_IOW_OPS)) {
		if (cli_given(a, CLI_OPT_IOW_RWMIXREAD))
			return ERR("--rwmixread and --ops both set the op mix");
		return cli_iow_parse_ops(a->str[CLI_OPT_IOW_OPS], sp->ops, &sp->nr_ops, err, len);
	}
	if (mixed) {
		uint32_t n = 0;

		/* a 0% entry is not allowed: leave it out */
		if (mix)
			sp->ops[n++] = (struct nvmetest_ioworker_op){ nvme_cmd_read, (uint8_t)mix, 0 };
		if (mix < 100)
			sp->ops[n++] = (struct nvmetest_ioworker_op){ nvme_cmd_write,
								     (uint8_t)(100 - mix), 0 };
		sp->nr_ops = n;
		return 0;
	}
	sp->ops[0].opcode = rw == CLI_RW_WRITE || rw == CLI_RW_RANDWRITE ? nvme_cmd_write :
			    rw == CLI_RW_TRIM || rw == CLI_RW_RANDTRIM ? nvme_cmd_dsm : nvme_cmd_read;
	sp->ops[0].pct = 100;
	sp->nr_ops = 1;
	return 0;
}

static int read_replay(const char *path, struct cli_iow_job *job, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0, n = 0, got;
	int ret;

	if (!f)
		return ERR("--replay: %s: %s", path, strerror(errno));
	do {
		if (cap - n < 65536) {
			char *t = realloc(text, cap + 65537);

			if (!t) {
				fclose(f);
				free(text);
				return ERR("--replay: %s: out of memory", path);
			}
			text = t;
			cap += 65536;
		}
		got = fread(text + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f)) {
		fclose(f);
		free(text);
		return ERR("--replay: %s: read error", path);
	}
	fclose(f);
	text[n] = '\0';
	ret = cli_iow_parse_replay(text, &job->replay, &job->nr_replay, err, len);
	free(text);
	return ret;
}

int cli_iow_build(const struct cli_args *a, const struct nvmetest_ns_info *ns,
		  struct cli_iow_job *job, char *err, size_t len)
{
	struct nvmetest_ioworker_spec *sp = &job->spec;
	uint32_t lba = ns->lba_size;
	uint64_t region_lbas, avg;
	int ret;

	memset(job, 0, sizeof(*job));
	job->args = a;
	job->name = cli_given(a, CLI_OPT_IOW_NAME) ? a->str[CLI_OPT_IOW_NAME] : "nvmetest";
	job->lba_size = lba;
	job->numjobs = (unsigned int)cli_num(a, CLI_OPT_IOW_NUMJOBS, 1);
	job->group = cli_given(a, CLI_OPT_IOW_GROUP);
	if (!job->numjobs)
		return ERR("--numjobs must be at least 1");
	if (!lba)
		return ERR("namespace %u has no LBA size (not formatted?)", ns->nsid);

	sp->nsid = ns->nsid;
	sp->qdepth = (uint32_t)cli_num(a, CLI_OPT_IOW_IODEPTH, 1);
	sp->iops_limit = (uint32_t)cli_num(a, CLI_OPT_IOW_RATE_IOPS, 0);
	sp->seed = cli_num(a, CLI_OPT_IOW_SEED, 0);
	sp->io_timeout_ms = (uint32_t)cli_num(a, CLI_OPT_IOW_IO_TIMEOUT, 0);
	if (cli_given(a, CLI_OPT_IOW_POLLED))
		sp->flags |= NVMETEST_IOW_POLLED;
	if (cli_given(a, CLI_OPT_IOW_STOP_ON_ERROR))
		sp->flags |= NVMETEST_IOW_STOP_ON_ERROR;

	ret = build_ops(a, sp, err, len);
	if (ret)
		return ret;

	if (cli_given(a, CLI_OPT_IOW_BS) && cli_given(a, CLI_OPT_IOW_BSSPLIT))
		return ERR("--bs and --bssplit both set the IO size");
	if (cli_given(a, CLI_OPT_IOW_BSSPLIT)) {
		ret = cli_iow_parse_bssplit(a->str[CLI_OPT_IOW_BSSPLIT], lba, sp->sizes,
					    &sp->nr_sizes, err, len);
	} else if (cli_given(a, CLI_OPT_IOW_BS)) {
		if (strchr(a->str[CLI_OPT_IOW_BS], '/') || strchr(a->str[CLI_OPT_IOW_BS], ':'))
			return ERR("--bs: one size (a distribution is --bssplit)");
		ret = cli_iow_parse_bssplit(a->str[CLI_OPT_IOW_BS], lba, sp->sizes, &sp->nr_sizes,
					    err, len);
		if (ret)
			ret = ERR("--bs: %s is not a size in bytes, a multiple of the LBA size %u",
				  a->str[CLI_OPT_IOW_BS], lba);
	} else {
		/* fio's default bs=4k, or one block when blocks are larger */
		sp->sizes[0] = (struct nvmetest_ioworker_size){ lba >= 4096 ? 1 : 4096 / lba, 100 };
		sp->nr_sizes = 1;
	}
	if (ret)
		return ret;

	if (cli_given(a, CLI_OPT_IOW_OFFSET)) {
		uint64_t start;

		ret = bytes_opt(a, CLI_OPT_IOW_OFFSET, lba, &start, err, len);
		if (ret)
			return ret;
		sp->region_start = start;
	}
	if (cli_given(a, CLI_OPT_IOW_SIZE)) {
		uint64_t n;

		ret = bytes_opt(a, CLI_OPT_IOW_SIZE, lba, &n, err, len);
		if (ret)
			return ret;
		if (!n)
			return ERR("--size must be at least one block");
		sp->region_end = sp->region_start + n;
	}
	sp->lba_start = cli_num(a, CLI_OPT_IOW_LBA_START, sp->region_start);
	sp->lba_step = (uint32_t)cli_num(a, CLI_OPT_IOW_LBA_STEP, 0);
	sp->lba_align = (uint32_t)cli_num(a, CLI_OPT_IOW_LBA_ALIGN, 0);

	if (cli_given(a, CLI_OPT_IOW_DISTRIBUTION)) {
		ret = cli_iow_parse_distribution(a->str[CLI_OPT_IOW_DISTRIBUTION],
						 sp->distribution, err, len);
		if (ret)
			return ret;
	}
	if (cli_given(a, CLI_OPT_IOW_PATTERN)) {
		ret = cli_iow_parse_pattern(a->str[CLI_OPT_IOW_PATTERN], sp, err, len);
		if (ret)
			return ret;
	}

	if (cli_given(a, CLI_OPT_IOW_RUNTIME)) {
		uint64_t ms;

		ret = cli_iow_parse_time(a->str[CLI_OPT_IOW_RUNTIME], &ms);
		sp->time_ms = ms;
		if (ret)
			return ERR("--runtime: invalid time '%s' (seconds, or N with ms, s, m, h)",
				   a->str[CLI_OPT_IOW_RUNTIME]);
		if (!sp->time_ms)
			return ERR("--runtime must be more than 0");
	}
	sp->io_count = cli_num(a, CLI_OPT_IOW_NUMBER_IOS, 0);
	if (cli_given(a, CLI_OPT_IOW_NUMBER_IOS) && !sp->io_count)
		return ERR("--number_ios must be at least 1");
	if (cli_given(a, CLI_OPT_IOW_REPLAY)) {
		ret = read_replay(a->str[CLI_OPT_IOW_REPLAY], job, err, len);
		if (ret)
			return ret;
		sp->replay = (uintptr_t)job->replay;
		sp->nr_replay = job->nr_replay;
	}
	if (!sp->time_ms && !sp->io_count && !sp->replay) {
		/* fio's default: move the region's bytes once */
		uint64_t end = sp->region_end ? sp->region_end : ns->nsze;

		region_lbas = end > sp->region_start ? end - sp->region_start : 1;
		avg = 0;
		for (uint32_t i = 0; i < sp->nr_sizes && i < NVMETEST_IOW_MAX_SIZES; i++)
			avg += (uint64_t)sp->sizes[i].nlb * sp->sizes[i].pct;
		avg = avg / 100 ? avg / 100 : 1;
		sp->io_count = region_lbas / avg ? region_lbas / avg : 1;
	}

	job->nr_cpus = 0;
	if (cli_given(a, CLI_OPT_IOW_CPU)) {
		ret = cli_list(a, CLI_OPT_IOW_CPU, job->cpus, CLI_LIST_MAX);
		if (ret < 0)
			return ERR("--cpu: invalid list");
		job->nr_cpus = (unsigned int)ret;
	}
	job->nr_vectors = 0;
	if (cli_given(a, CLI_OPT_IOW_VECTOR)) {
		if (sp->flags & NVMETEST_IOW_POLLED)
			return ERR("--vector with --polled: a polled CQ has no interrupt vector");
		ret = cli_list(a, CLI_OPT_IOW_VECTOR, job->vectors, CLI_LIST_MAX);
		if (ret < 0)
			return ERR("--vector: invalid list");
		job->nr_vectors = (unsigned int)ret;
	}
	if (cli_given(a, CLI_OPT_IOW_QID) &&
	    a->num[CLI_OPT_IOW_QID] + job->numjobs - 1 > UINT16_MAX)
		return ERR("--qid %" PRIu64 " + %u jobs goes past queue id 65535",
			   a->num[CLI_OPT_IOW_QID], job->numjobs);
	return 0;
}

void cli_iow_job_spec(const struct cli_iow_job *job, unsigned int i, unsigned int nr_vectors,
		      struct nvmetest_ioworker_spec *out)
{
	const struct cli_args *a = job->args;

	*out = job->spec;
	if (cli_given(a, CLI_OPT_IOW_QID))
		out->qid = (uint16_t)(a->num[CLI_OPT_IOW_QID] + i);
	if (job->nr_cpus) {
		out->flags |= NVMETEST_IOW_PIN_CPU;
		out->cpu = (uint32_t)job->cpus[i % job->nr_cpus];
	}
	if (out->flags & NVMETEST_IOW_POLLED)
		out->vector = 0;
	else if (job->nr_vectors)
		out->vector = (uint16_t)job->vectors[i % job->nr_vectors];
	else if (nr_vectors > 1)
		/* vector 0 is the admin queue's: spread the jobs over the others */
		out->vector = (uint16_t)(1 + i % (nr_vectors - 1));
	else
		out->vector = 0;
	/* jobs of one seed differ, and a run with the same seed repeats */
	if (out->seed)
		out->seed += i;
}
