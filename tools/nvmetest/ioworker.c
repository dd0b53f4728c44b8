// SPDX-License-Identifier: GPL-2.0-only
/*
 * `nvmetest ioworker`: IOWorkers (the driver's IO generator threads)
 * driven with fio's option names, their per-second progress on a
 * terminal, and fio's report of them, normal and JSON (jobs[].read.iops,
 * .clat_ns.percentile."99.000000", ...), per job and as a group.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define ERR(...)	(snprintf(err, len, __VA_ARGS__), -EINVAL)

/* --- parsing --------------------------------------------------------------- */

int cli_iow_parse_bytes(const char *s, uint64_t *bytes)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	case 'b': case 'B':
	case '\0':
		break;
	default:
		return -EINVAL;
	}
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

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
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

int cli_iow_parse_ops(const char *s, struct nvmetest_ioworker_op *ops, uint32_t *nr,
		      char *err, size_t len)
{
	char buf[256], *items[NVMETEST_IOW_MAX_OPS];
	uint32_t pct[NVMETEST_IOW_MAX_OPS] = { 0 };
	bool given[NVMETEST_IOW_MAX_OPS];
	int n, ret;

	if (strlen(s) >= sizeof(buf))
		return ERR("--ops: too long");
	strcpy(buf, s);
	n = split(buf, ',', items, NVMETEST_IOW_MAX_OPS);
	if (n < 0)
		return ERR("--ops: more than %u entries", NVMETEST_IOW_MAX_OPS);
	for (int i = 0; i < n; i++) {
		int opc;

		if (item_pct(items[i], ':', &pct[i], &given[i]) || (given[i] && !pct[i]))
			return ERR("--ops: invalid percentage in entry %d (1 to 100)", i + 1);
		opc = parse_opcode(items[i]);
		if (opc < 0)
			return ERR("--ops: unknown op '%s' (read, write, trim, flush, write-zeroes, compare, verify, write-uncor or an opcode)",
				   items[i]);
		ops[i] = (struct nvmetest_ioworker_op){ .opcode = (uint8_t)opc };
	}
	ret = share_rest(pct, given, (unsigned int)n, "--ops", err, len);
	if (ret)
		return ret;
	for (int i = 0; i < n; i++)
		ops[i].pct = (uint8_t)pct[i];
	*nr = (uint32_t)n;
	return 0;
}

int cli_iow_parse_bssplit(const char *s, uint32_t lba_size, struct nvmetest_ioworker_size *sizes,
			  uint32_t *nr, char *err, size_t len)
{
	char buf[512], *items[NVMETEST_IOW_MAX_SIZES];
	uint32_t pct[NVMETEST_IOW_MAX_SIZES] = { 0 };
	bool given[NVMETEST_IOW_MAX_SIZES];
	int n, ret;

	if (strlen(s) >= sizeof(buf))
		return ERR("--bssplit: too long");
	strcpy(buf, s);
	n = split(buf, ':', items, NVMETEST_IOW_MAX_SIZES);
	if (n < 0)
		return ERR("--bssplit: more than %u sizes", NVMETEST_IOW_MAX_SIZES);
	for (int i = 0; i < n; i++) {
		uint64_t bytes;

		if (item_pct(items[i], '/', &pct[i], &given[i]) || (given[i] && !pct[i]))
			return ERR("--bssplit: invalid percentage in entry %d (1 to 100)", i + 1);
		if (cli_iow_parse_bytes(items[i], &bytes) || !bytes)
			return ERR("--bssplit: invalid size '%s'", items[i]);
		if (bytes % lba_size)
			return ERR("--bssplit: %s is not a multiple of the LBA size %u", items[i],
				   lba_size);
		if (bytes / lba_size > UINT32_MAX)
			return ERR("--bssplit: %s is too large", items[i]);
		sizes[i] = (struct nvmetest_ioworker_size){ .nlb = (uint32_t)(bytes / lba_size) };
	}
	ret = share_rest(pct, given, (unsigned int)n, "--bssplit", err, len);
	if (ret)
		return ret;
	for (int i = 0; i < n; i++)
		sizes[i].pct = pct[i];
	*nr = (uint32_t)n;
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

/* --- numbers as fio prints them --------------------------------------------- */

void cli_iow_num2str(char *buf, size_t len, double v, unsigned int base)
{
	static const char *const p10[] = { "", "k", "M", "G", "T", "P", "E" };
	static const char *const p2[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	unsigned int i = 0;

	while (v >= 9999.5 && i < 6) {
		v /= base;
		i++;
	}
	if (!i)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, v < 9.995 ? "%.2f%s" : v < 99.95 ? "%.1f%s" : "%.0f%s", v,
			 base == 1024 ? p2[i] : p10[i]);
}

/* Everything a report shows for one job, or for the group of jobs. */
struct iow_view {
	const char *name;
	unsigned int jobs;
	/* fio's three directions, then the ops without one */
	struct nvmetest_ioworker_stat dir[NVMETEST_IOW_NR_DIRS + 1];
	uint64_t hist[NVMETEST_IOW_NR_DIRS + 1][NVMETEST_HIST_BUCKETS];
	uint64_t elapsed_ns;	/* the longest */
	uint64_t elapsed_sum_ns;
	uint64_t cpu_ns;
	uint64_t ios, bytes, errors, aborted, lbas_verified, verify_failures;
	uint32_t *iops;		/* per second, summed over the jobs */
	uint32_t nr_iops;
	const struct nvmetest_ioworker_report *r;	/* a job's; NULL for the group */
};

static void view_init(struct iow_view *v, const char *name)
{
	memset(v, 0, sizeof(*v));
	v->name = name;
	for (int d = 0; d <= NVMETEST_IOW_NR_DIRS; d++)
		v->dir[d].hist = v->hist[d];
}

/* Add one job's report to @v. */
static int view_add(struct iow_view *v, const struct nvmetest_ioworker_report *r)
{
	const struct nvmetest_ioworker_result *res = &r->res;
	uint64_t hist[NVMETEST_HIST_BUCKETS];

	for (int d = 0; d <= NVMETEST_IOW_NR_DIRS; d++) {
		struct nvmetest_ioworker_stat s = { .hist = hist };

		nvmetest_ioworker_dir_stat(r, (enum nvmetest_iow_dir)d, &s);
		nvmetest_ioworker_stat_add(&v->dir[d], &s);
	}
	v->jobs++;
	if (res->elapsed_ns > v->elapsed_ns)
		v->elapsed_ns = res->elapsed_ns;
	v->elapsed_sum_ns += res->elapsed_ns;
	v->cpu_ns += res->cpu_ns;
	v->ios += res->ios;
	v->bytes += res->bytes;
	v->errors += res->errors;
	v->aborted += res->aborted;
	v->lbas_verified += res->lbas_verified;
	v->verify_failures += res->verify_failures;
	if (r->iops && res->nr_seconds > v->nr_iops) {
		uint32_t *n = realloc(v->iops, res->nr_seconds * sizeof(*n));

		if (!n)
			return -ENOMEM;
		memset(n + v->nr_iops, 0, (res->nr_seconds - v->nr_iops) * sizeof(*n));
		v->iops = n;
		v->nr_iops = res->nr_seconds;
	}
	for (uint32_t s = 0; r->iops && s < res->nr_seconds; s++)
		v->iops[s] += r->iops[s];
	return 0;
}

static void view_fini(struct iow_view *v)
{
	free(v->iops);
	v->iops = NULL;
}

static double sys_pct(const struct iow_view *v)
{
	return v->elapsed_sum_ns ? 100.0 * (double)v->cpu_ns / (double)v->elapsed_sum_ns : 0.0;
}

/*
 * min, max, mean and population stddev of the per-second IOPS, over the
 * whole seconds of the run (the last, partial second is left out: fio's
 * samples are whole intervals too). Return: the samples used.
 */
static uint32_t iops_stats(const struct iow_view *v, uint32_t *min, uint32_t *max,
			   double *mean, double *dev)
{
	uint64_t whole = v->elapsed_ns / 1000000000;
	uint32_t n = v->nr_iops < whole ? v->nr_iops : (uint32_t)whole;
	double sum = 0, sq = 0;

	*min = *max = 0;
	*mean = *dev = 0;
	if (!n)
		return 0;
	*min = UINT32_MAX;
	for (uint32_t i = 0; i < n; i++) {
		if (v->iops[i] < *min)
			*min = v->iops[i];
		if (v->iops[i] > *max)
			*max = v->iops[i];
		sum += v->iops[i];
	}
	*mean = sum / n;
	for (uint32_t i = 0; i < n; i++)
		sq += (v->iops[i] - *mean) * (v->iops[i] - *mean);
	*dev = sqrt(sq / n);
	return n;
}

/* --- JSON -------------------------------------------------------------------- */

static struct json_object *json_u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

#define ADD(o, k, v)	json_object_object_add(o, k, v)

/* fio's read/write/trim object */
static struct json_object *json_dir(const struct nvmetest_ioworker_stat *s)
{
	struct json_object *o = json_object_new_object(), *clat = json_object_new_object();
	uint64_t bw = s->ios ? nvmetest_ioworker_bw(s->bytes, s->elapsed_ns) : 0;

	ADD(o, "io_bytes", json_u64(s->bytes));
	ADD(o, "io_kbytes", json_u64(s->bytes / 1024));
	ADD(o, "bw_bytes", json_u64(bw));
	ADD(o, "bw", json_u64(bw / 1024));
	ADD(o, "iops", json_object_new_double(s->ios ? nvmetest_ioworker_iops(s->ios,
									     s->elapsed_ns) : 0));
	ADD(o, "runtime", json_u64(s->ios ? s->elapsed_ns / 1000000 : 0));
	ADD(o, "total_ios", json_u64(s->ios));
	ADD(o, "short_ios", json_u64(0));
	ADD(o, "drop_ios", json_u64(0));
	ADD(o, "errors", json_u64(s->errors));
	ADD(clat, "min", json_u64(s->ios ? s->lat_min_ns : 0));
	ADD(clat, "max", json_u64(s->ios ? s->lat_max_ns : 0));
	ADD(clat, "mean", json_object_new_double(nvmetest_ioworker_lat_mean(s)));
	ADD(clat, "stddev", json_object_new_double(s->hist ? nvmetest_hist_stddev(s->hist) : 0));
	ADD(clat, "N", json_u64(s->ios));
	if (s->ios && s->hist && nvmetest_hist_total(s->hist)) {
		const uint32_t *ppm = nvmetest_fio_percentiles();
		uint64_t out[NVMETEST_FIO_NR_PERCENTILES];
		struct json_object *p = json_object_new_object();

		nvmetest_hist_percentiles(s->hist, ppm, NVMETEST_FIO_NR_PERCENTILES, out);
		for (unsigned int i = 0; i < NVMETEST_FIO_NR_PERCENTILES; i++) {
			char key[16];

			snprintf(key, sizeof(key), "%f", ppm[i] / 10000.0);
			ADD(p, key, json_u64(out[i]));
		}
		ADD(clat, "percentile", p);
	}
	ADD(o, "clat_ns", clat);
	return o;
}

/* The options given, as text: fio's "job options" */
static struct json_object *json_job_options(const struct cli_iow_job *job)
{
	const struct cli_args *a = job->args;
	struct json_object *o = json_object_new_object();

	ADD(o, "name", json_object_new_string(job->name));
	for (unsigned int i = 0; a && i < CLI_MAX_OPTS && a->cmd->opts[i].id; i++) {
		enum cli_opt id = a->cmd->opts[i].id;
		const struct cli_opt_def *d = cli_opt_def(id);
		char buf[32];

		if (!cli_given(a, id) || !d->lname || id == CLI_OPT_OUTPUT || id == CLI_OPT_IOW_NAME)
			continue;
		if (d->kind == CLI_KIND_FLAG) {
			ADD(o, d->lname, json_object_new_string("1"));
		} else if (d->kind == CLI_KIND_NUM) {
			snprintf(buf, sizeof(buf), "%" PRIu64, a->num[id]);
			ADD(o, d->lname, json_object_new_string(buf));
		} else if (d->kind == CLI_KIND_CHOICE) {
			ADD(o, d->lname, json_object_new_string(d->choices[a->num[id]]));
		} else {
			ADD(o, d->lname, json_object_new_string(a->str[id]));
		}
	}
	return o;
}

/* The spec the driver got, decoded */
static struct json_object *json_spec(const struct nvmetest_ioworker_spec *sp, uint32_t lba_size)
{
	struct json_object *o = json_object_new_object(), *ops = json_object_new_array();
	struct json_object *sizes = json_object_new_array();
	static const char *const patterns[] = { "zeroes", "ones", "dword", "random" };
	bool dist = false;

	ADD(o, "nsid", json_u64(sp->nsid));
	ADD(o, "lba_size", json_u64(lba_size));
	ADD(o, "qdepth", json_u64(sp->qdepth));
	ADD(o, "polled", json_object_new_boolean(sp->flags & NVMETEST_IOW_POLLED));
	ADD(o, "stop_on_error", json_object_new_boolean(sp->flags & NVMETEST_IOW_STOP_ON_ERROR));
	ADD(o, "region_start", json_u64(sp->region_start));
	ADD(o, "region_end", json_u64(sp->region_end));
	ADD(o, "lba_start", json_u64(sp->lba_start));
	ADD(o, "lba_step", json_u64(sp->lba_step));
	ADD(o, "lba_align", json_u64(sp->lba_align));
	ADD(o, "random_pct", json_u64(sp->random_pct));
	for (uint32_t i = 0; i < sp->nr_ops && i < NVMETEST_IOW_MAX_OPS; i++) {
		struct json_object *e = json_object_new_object();

		ADD(e, "opcode", json_u64(sp->ops[i].opcode));
		ADD(e, "name", json_object_new_string(nvmetest_nvm_opcode_name(sp->ops[i].opcode)));
		ADD(e, "pct", json_u64(sp->ops[i].pct));
		json_object_array_add(ops, e);
	}
	ADD(o, "ops", ops);
	for (uint32_t i = 0; i < sp->nr_sizes && i < NVMETEST_IOW_MAX_SIZES; i++) {
		struct json_object *e = json_object_new_object();

		ADD(e, "nlb", json_u64(sp->sizes[i].nlb));
		ADD(e, "bytes", json_u64((uint64_t)sp->sizes[i].nlb * lba_size));
		ADD(e, "pct", json_u64(sp->sizes[i].pct));
		json_object_array_add(sizes, e);
	}
	ADD(o, "sizes", sizes);
	for (unsigned int i = 0; i < NVMETEST_IOW_BUCKETS; i++)
		dist |= sp->distribution[i] != 0;
	if (dist) {
		struct json_object *d = json_object_new_array();

		for (unsigned int i = 0; i < NVMETEST_IOW_BUCKETS; i++)
			json_object_array_add(d, json_u64(sp->distribution[i]));
		ADD(o, "distribution", d);
	}
	ADD(o, "pattern", json_object_new_string(sp->pattern < 4 ? patterns[sp->pattern] : "?"));
	if (sp->pattern == NVMETEST_PATTERN_DWORD)
		ADD(o, "pattern_value", json_u64(sp->pattern_value));
	if (sp->pattern == NVMETEST_PATTERN_RANDOM)
		ADD(o, "compress_pct", json_u64(sp->compress_pct));
	ADD(o, "iops_limit", json_u64(sp->iops_limit));
	ADD(o, "time_ms", json_u64(sp->time_ms));
	ADD(o, "io_count", json_u64(sp->io_count));
	ADD(o, "replay_ios", json_u64(sp->replay ? sp->nr_replay : 0));
	ADD(o, "io_timeout_ms", json_u64(sp->io_timeout_ms));
	return o;
}

static struct json_object *json_first_error(const struct nvmetest_ioworker_result *res)
{
	struct json_object *o;

	if (!res->errors)
		return NULL;
	o = json_object_new_object();
	ADD(o, "opcode", json_u64(res->err_opcode));
	ADD(o, "name", json_object_new_string(nvmetest_nvm_opcode_name(res->err_opcode)));
	ADD(o, "slba", json_u64(res->err_slba));
	ADD(o, "nlb", json_u64(res->err_nlb));
	ADD(o, "status", json_u64(res->err_status));
	ADD(o, "status_name", json_object_new_string(nvmetest_status_name(res->err_status)));
	ADD(o, "host_status", json_u64(res->err_host_status));
	ADD(o, "host_status_name",
	    json_object_new_string(nvmetest_host_status_name(res->err_host_status)));
	ADD(o, "cid", json_u64(res->err_cid));
	ADD(o, "cmdlog_seq", json_u64(res->err_seq));
	ADD(o, "time_ns", json_u64(res->err_time_ns));
	return o;
}

static struct json_object *json_iops_array(const uint32_t *iops, uint32_t n)
{
	struct json_object *arr = json_object_new_array();

	for (uint32_t i = 0; iops && i < n; i++)
		json_object_array_add(arr, json_u64(iops[i]));
	return arr;
}

/* The "nvmetest" object of a job: what fio's shape has no room for. */
static struct json_object *json_extras(const struct iow_view *v, const struct cli_iow_job *job)
{
	struct json_object *o = json_object_new_object(), *ver = json_object_new_object();
	const struct nvmetest_ioworker_report *r = v->r;

	ADD(o, "jobs", json_u64(v->jobs));
	if (r) {
		const struct nvmetest_ioworker_result *res = &r->res;
		struct json_object *ops = json_object_new_array();

		ADD(o, "id", json_u64(res->id));
		ADD(o, "nsid", json_u64(res->nsid));
		ADD(o, "sqid", json_u64(res->sqid));
		ADD(o, "cqid", json_u64(res->cqid));
		ADD(o, "cpu", json_u64(res->cpu));
		ADD(o, "qdepth", json_u64(res->qdepth));
		ADD(o, "seed", json_u64(res->seed));
		ADD(o, "state", json_object_new_string(res->state == NVMETEST_IOW_DONE ? "done" :
						       "running"));
		ADD(o, "end_reason", json_object_new_string(nvmetest_ioworker_end_name(res->end_reason)));
		ADD(o, "aborted_ios", json_object_new_boolean(res->flags & NVMETEST_IOW_RES_ABORTED));
		ADD(o, "seconds_dropped",
		    json_object_new_boolean(res->flags & NVMETEST_IOW_RES_SECONDS_DROPPED));
		ADD(o, "start_ns", json_u64(res->start_ns));
		for (uint32_t i = 0; i < res->nr_ops && i < NVMETEST_IOW_MAX_OPS; i++) {
			const struct nvmetest_ioworker_opstat *op = &res->op[i];
			struct nvmetest_ioworker_stat s = { 0 };
			struct json_object *e;

			/* the entry alone, its histogram used in place (not merged) */
			nvmetest_ioworker_stat_add_op(&s, op, NULL, res->elapsed_ns);
			s.hist = r->hist ? r->hist + (size_t)i * NVMETEST_HIST_BUCKETS : NULL;
			e = json_dir(&s);
			ADD(e, "opcode", json_u64(op->opcode));
			ADD(e, "name", json_object_new_string(nvmetest_nvm_opcode_name(op->opcode)));
			ADD(e, "direction", json_object_new_string(
				nvmetest_ioworker_dir_name(nvmetest_ioworker_dir(op->opcode))));
			json_object_array_add(ops, e);
		}
		ADD(o, "ops", ops);
		ADD(o, "first_error", json_first_error(res));
		ADD(o, "spec", json_spec(&job->spec, job->lba_size));
	}
	ADD(o, "elapsed_ns", json_u64(v->elapsed_ns));
	ADD(o, "cpu_ns", json_u64(v->cpu_ns));
	ADD(o, "ios", json_u64(v->ios));
	ADD(o, "bytes", json_u64(v->bytes));
	ADD(o, "errors", json_u64(v->errors));
	ADD(o, "aborted", json_u64(v->aborted));
	ADD(ver, "lbas_verified", json_u64(v->lbas_verified));
	ADD(ver, "failures", json_u64(v->verify_failures));
	ADD(o, "verify", ver);
	ADD(o, "iops_per_sec", json_iops_array(v->iops, v->nr_iops));
	return o;
}

/* One entry of fio's jobs[] */
static struct json_object *json_job(const struct iow_view *v, const struct cli_iow_job *job)
{
	struct json_object *o = json_object_new_object();
	uint32_t imin, imax, samples;
	double imean, idev;

	ADD(o, "jobname", json_object_new_string(v->name));
	ADD(o, "groupid", json_u64(0));
	/* fio's errno of the job: an IO error is EIO there too */
	ADD(o, "error", json_u64(v->errors ? EIO : 0));
	ADD(o, "elapsed", json_u64((v->elapsed_ns + 500000000) / 1000000000));
	ADD(o, "job options", json_job_options(job));
	for (int d = 0; d < NVMETEST_IOW_NR_DIRS; d++)
		ADD(o, nvmetest_ioworker_dir_name((enum nvmetest_iow_dir)d), json_dir(&v->dir[d]));
	samples = iops_stats(v, &imin, &imax, &imean, &idev);
	ADD(o, "job_runtime", json_u64(v->elapsed_ns / 1000000));
	ADD(o, "usr_cpu", json_object_new_double(0));
	ADD(o, "sys_cpu", json_object_new_double(sys_pct(v)));
	ADD(o, "iops_min", json_u64(imin));
	ADD(o, "iops_max", json_u64(imax));
	ADD(o, "iops_mean", json_object_new_double(imean));
	ADD(o, "iops_stddev", json_object_new_double(idev));
	ADD(o, "iops_samples", json_u64(samples));
	ADD(o, "nvmetest", json_extras(v, job));
	return o;
}

struct json_object *cli_iow_json(const struct cli_iow_job *job,
				 struct nvmetest_ioworker_report *const *r, unsigned int n)
{
	struct json_object *o = json_object_new_object(), *jobs = json_object_new_array();
	struct iow_view *v = malloc(sizeof(*v));
	struct timespec ts;
	int ret = 0;

	if (!v)
		goto fail;
	clock_gettime(CLOCK_REALTIME, &ts);
	ADD(o, "nvmetest version", json_object_new_string(NVMETEST_VERSION));
	ADD(o, "timestamp", json_u64((uint64_t)ts.tv_sec));
	ADD(o, "timestamp_ms", json_u64((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000));
	for (unsigned int i = 0; (!job->group || n == 1) && i < n; i++) {
		view_init(v, job->name);
		v->r = r[i];
		ret = view_add(v, r[i]);
		if (!ret)
			json_object_array_add(jobs, json_job(v, job));
		view_fini(v);
		if (ret)
			goto fail;
	}
	if (n > 1) {
		view_init(v, job->name);
		for (unsigned int i = 0; !ret && i < n; i++)
			ret = view_add(v, r[i]);
		/* --group_reporting: the group is the one job, as fio's */
		if (!ret && job->group)
			json_object_array_add(jobs, json_job(v, job));
		else if (!ret)
			ADD(o, "group", json_job(v, job));
		view_fini(v);
		if (ret)
			goto fail;
	}
	ADD(o, "jobs", jobs);
	free(v);
	return o;

fail:
	free(v);
	json_object_put(jobs);
	json_object_put(o);
	return NULL;
}

/* --- fio's normal output --------------------------------------------------- */

/* fio's nsec_to_usec()/usec_to_msec(): scale when every value is over 1000 */
static const char *lat_unit(uint64_t *min, uint64_t *max, double *mean, double *dev)
{
	static const char *const units[] = { "nsec", "usec", "msec" };
	unsigned int u = 0;

	while (u < 2 && *min > 1000 && *max > 1000 && *mean > 1000.0 && *dev > 1000.0) {
		*min /= 1000;
		*max /= 1000;
		*mean /= 1000.0;
		*dev /= 1000.0;
		u++;
	}
	return units[u];
}

static void print_percentiles(FILE *f, const uint64_t *hist)
{
	const uint32_t *ppm = nvmetest_fio_percentiles();
	uint64_t out[NVMETEST_FIO_NR_PERCENTILES];
	unsigned int n = NVMETEST_FIO_NR_PERCENTILES, scale = 0, width = 5;
	const char *unit = "nsec";
	char digits[24];

	nvmetest_hist_percentiles(hist, ppm, n, out);
	/* fio's show_clat_percentiles(): scale by the smallest and largest */
	if (out[0] > 2000000 && out[n - 1] > 99999999ULL) {
		scale = 2;
		unit = "msec";
	} else if (out[0] > 2000 && out[n - 1] > 99999) {
		scale = 1;
		unit = "usec";
	}
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int s = 0; s < scale; s++)
			out[i] = (out[i] + 999) / 1000;
	snprintf(digits, sizeof(digits), "%" PRIu64, out[n - 1]);
	if (strlen(digits) > width)
		width = (unsigned int)strlen(digits);
	fprintf(f, "    clat percentiles (%s):\n     |", unit);
	for (unsigned int i = 0; i < n; i++) {
		bool last = i == n - 1;

		if (i && !(i % 4))
			fprintf(f, "     |");
		fprintf(f, " %5.2fth=[%*" PRIu64 "]%c", ppm[i] / 10000.0, (int)width, out[i],
			last ? '\n' : ',');
		if (!last && i % 4 == 3)
			fputc('\n', f);
	}
}

static void print_dir(FILE *f, const char *name, const struct nvmetest_ioworker_stat *s)
{
	char iops[32], bw2[32], bw10[32], io[32];
	uint64_t bw = nvmetest_ioworker_bw(s->bytes, s->elapsed_ns);
	uint64_t min = s->lat_min_ns, max = s->lat_max_ns;
	double mean = nvmetest_ioworker_lat_mean(s), dev = nvmetest_hist_stddev(s->hist);
	const char *unit;

	cli_iow_num2str(iops, sizeof(iops), nvmetest_ioworker_iops(s->ios, s->elapsed_ns), 1000);
	cli_iow_num2str(bw2, sizeof(bw2), (double)bw, 1024);
	cli_iow_num2str(bw10, sizeof(bw10), (double)bw, 1000);
	cli_iow_num2str(io, sizeof(io), (double)s->bytes, 1024);
	fprintf(f, "  %s: IOPS=%s, BW=%sB/s (%sB/s)(%sB/%" PRIu64 "msec)\n", name, iops, bw2, bw10,
		io, s->elapsed_ns / 1000000);
	unit = lat_unit(&min, &max, &mean, &dev);
	fprintf(f, "    clat (%s): min=%" PRIu64 ", max=%" PRIu64 ", avg=%5.02f, stdev=%5.02f\n",
		unit, min, max, mean, dev);
	print_percentiles(f, s->hist);
}

static void print_first_error(FILE *f, const struct nvmetest_ioworker_result *res)
{
	fprintf(f, "  first error  : %s (0x%02x) LBA %" PRIu64 " blocks %u: ",
		nvmetest_nvm_opcode_name(res->err_opcode), res->err_opcode,
		(uint64_t)res->err_slba, res->err_nlb);
	if (res->err_host_status != NVMETEST_HOST_OK)
		fprintf(f, "%s", nvmetest_host_status_name(res->err_host_status));
	else
		fprintf(f, "%s (0x%x)", nvmetest_status_name(res->err_status), res->err_status);
	fprintf(f, ", cid %u, cmdlog seq %" PRIu64 ", at %.3f s\n", res->err_cid, (uint64_t)res->err_seq,
		res->err_time_ns / 1e9);
}

static void print_view(FILE *f, const struct iow_view *v)
{
	const struct nvmetest_ioworker_report *r = v->r;
	uint32_t imin, imax, samples;
	double imean, idev;

	if (r)
		fprintf(f, "%s: (groupid=0, jobs=1): err=%2d: id=%u sqid=%u cqid=%u cpu=%u qdepth=%u seed=0x%" PRIx64 "\n",
			v->name, v->errors ? EIO : 0, r->res.id, r->res.sqid, r->res.cqid,
			r->res.cpu, r->res.qdepth, (uint64_t)r->res.seed);
	else
		fprintf(f, "%s: (groupid=0, jobs=%u): err=%2d: all jobs\n", v->name, v->jobs,
			v->errors ? EIO : 0);
	for (int d = 0; d < NVMETEST_IOW_NR_DIRS; d++)
		if (v->dir[d].ios)
			print_dir(f, nvmetest_ioworker_dir_name((enum nvmetest_iow_dir)d), &v->dir[d]);
	if (r) {
		for (uint32_t i = 0; i < r->res.nr_ops && i < NVMETEST_IOW_MAX_OPS; i++) {
			const struct nvmetest_ioworker_opstat *op = &r->res.op[i];

			if (nvmetest_ioworker_dir(op->opcode) != NVMETEST_IOW_DIR_NONE)
				continue;
			fprintf(f, "  %s (0x%02x): ios=%" PRIu64 ", errors=%" PRIu64 ", clat avg=%.0f nsec\n",
				nvmetest_nvm_opcode_name(op->opcode), op->opcode, (uint64_t)op->ios,
				(uint64_t)op->errors, op->ios ? (double)op->lat_sum_ns / op->ios : 0.0);
		}
	} else if (v->dir[NVMETEST_IOW_DIR_NONE].ios) {
		fprintf(f, "  other ops: ios=%" PRIu64 ", errors=%" PRIu64 "\n",
			v->dir[NVMETEST_IOW_DIR_NONE].ios, v->dir[NVMETEST_IOW_DIR_NONE].errors);
	}
	samples = iops_stats(v, &imin, &imax, &imean, &idev);
	if (samples)
		fprintf(f, "   iops        : min=%u, max=%u, avg=%.2f, stdev=%.2f, samples=%u\n",
			imin, imax, imean, idev, samples);
	fprintf(f, "  cpu          : usr=0.00%%, sys=%.2f%%\n", sys_pct(v));
	fprintf(f, "  errors       : %" PRIu64 " (aborted at the end: %" PRIu64 ")\n", v->errors,
		v->aborted);
	if (r && r->res.errors)
		print_first_error(f, &r->res);
	fprintf(f, "  verify       : %" PRIu64 " LBAs verified, %" PRIu64 " failures\n",
		v->lbas_verified, v->verify_failures);
	if (r)
		fprintf(f, "  end          : %s\n", nvmetest_ioworker_end_name(r->res.end_reason));
}

static void print_run_status(FILE *f, struct nvmetest_ioworker_report *const *r, unsigned int n)
{
	static const char *const upper[] = { "READ", "WRITE", "TRIM" };

	fprintf(f, "\nRun status group 0 (all jobs):\n");
	for (int d = 0; d < NVMETEST_IOW_NR_DIRS; d++) {
		uint64_t bytes = 0, elapsed = 0, bmin = UINT64_MAX, bmax = 0;
		uint64_t rmin = UINT64_MAX, rmax = 0, ios = 0;
		char s[6][32];

		for (unsigned int i = 0; i < n; i++) {
			struct nvmetest_ioworker_stat st = { 0 };
			uint64_t bw;

			nvmetest_ioworker_dir_stat(r[i], (enum nvmetest_iow_dir)d, &st);
			if (!st.ios)
				continue;
			ios += st.ios;
			bw = nvmetest_ioworker_bw(st.bytes, st.elapsed_ns);
			bytes += st.bytes;
			elapsed = st.elapsed_ns > elapsed ? st.elapsed_ns : elapsed;
			bmin = bw < bmin ? bw : bmin;
			bmax = bw > bmax ? bw : bmax;
			rmin = st.elapsed_ns < rmin ? st.elapsed_ns : rmin;
			rmax = st.elapsed_ns > rmax ? st.elapsed_ns : rmax;
		}
		if (!ios)
			continue;
		cli_iow_num2str(s[0], 32, (double)nvmetest_ioworker_bw(bytes, elapsed), 1024);
		cli_iow_num2str(s[1], 32, (double)nvmetest_ioworker_bw(bytes, elapsed), 1000);
		cli_iow_num2str(s[2], 32, (double)bmin, 1024);
		cli_iow_num2str(s[3], 32, (double)bmax, 1024);
		cli_iow_num2str(s[4], 32, (double)bytes, 1024);
		cli_iow_num2str(s[5], 32, (double)bytes, 1000);
		fprintf(f, "%7s: bw=%sB/s (%sB/s), %sB/s-%sB/s, io=%sB (%sB), run=%" PRIu64 "-%" PRIu64 "msec\n",
			upper[d], s[0], s[1], s[2], s[3], s[4], s[5], rmin / 1000000, rmax / 1000000);
	}
}

int cli_iow_print(FILE *f, const struct cli_iow_job *job,
		  struct nvmetest_ioworker_report *const *r, unsigned int n)
{
	struct iow_view *v = malloc(sizeof(*v));
	int ret = 0;

	if (!v)
		return -ENOMEM;
	for (unsigned int i = 0; (!job->group || n == 1) && i < n; i++) {
		view_init(v, job->name);
		v->r = r[i];
		ret = view_add(v, r[i]);
		if (!ret)
			print_view(f, v);
		view_fini(v);
		if (ret)
			goto out;
	}
	if (n > 1) {
		view_init(v, job->name);
		for (unsigned int i = 0; !ret && i < n; i++)
			ret = view_add(v, r[i]);
		if (!ret)
			print_view(f, v);
		view_fini(v);
		if (ret)
			goto out;
	}
	print_run_status(f, r, n);
out:
	free(v);
	return ret;
}

/* --- running it ------------------------------------------------------------ */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* IOs completed so far by every job (RESULT snapshots). */
static uint64_t ios_now(struct nvmetest_dev *dev, const uint32_t *ids, unsigned int n,
			uint64_t *errors)
{
	struct nvmetest_ioworker_result res;
	uint64_t ios = 0;

	*errors = 0;
	for (unsigned int i = 0; i < n; i++) {
		if (nvmetest_ioworker_result(dev, ids[i], &res, NULL, NULL, 0, 0))
			continue;
		ios += res.ios;
		*errors += res.errors;
	}
	return ios;
}

/* Wait for every job, with one progress line a second on a terminal. */
/*
 * A failed library call in one line: its message without the leading
 * "<path>: " (the line names the device already), or the errno's text.
 */
static int iow_fail(const struct cli_args *a, struct nvmetest_dev *dev, int ret)
{
	const char *detail = nvmetest_last_error(), *path = nvmetest_path(dev);
	size_t n = strlen(path);

	if (detail && !strncmp(detail, path, n) && !strncmp(detail + n, ": ", 2))
		detail += n + 2;
	if (detail)
		return cli_fail(a, "%s", detail);
	if (ret > 0)
		return cli_cmd_result(a, ret, NULL);
	return cli_fail(a, "%s", nvmetest_strerror(ret));
}

static int wait_all(const struct cli_args *a, struct nvmetest_dev *dev, const uint32_t *ids,
		    unsigned int n, bool progress)
{
	uint64_t last = 0, errors;
	unsigned int sec = 0;
	bool stopped = false;
	uint32_t running = n;
	int ret;

	for (;;) {
		/* a signal before or during the wait: stop them, report as usual */
		if (interrupted && !stopped) {
			ret = nvmetest_ioworker_stop(dev, 0);
			if (ret) {
				iow_fail(a, dev, ret);
				return ret;
			}
			stopped = true;
		}
		ret = nvmetest_ioworker_wait(dev, 0, 1000, &running);
		if (!ret)
			return 0;
		if (ret != -ETIMEDOUT && ret != -EINTR) {
			iow_fail(a, dev, ret);
			return ret;
		}
		if (progress && ret == -ETIMEDOUT) {
			uint64_t now = ios_now(dev, ids, n, &errors);

			sec++;
			printf("Jobs: %u (running %u): [%us][iops=%" PRIu64 " last 1s][ios=%" PRIu64 ", errors=%" PRIu64 "]\n",
			       n, running, sec, now - last, now, errors);
			fflush(stdout);
			last = now;
		}
	}
}

/* Whether a job failed; if so, its one-line reason on stderr. */
static bool job_failed(const struct cli_args *a, unsigned int i,
		       const struct nvmetest_ioworker_result *res)
{
	if (res->errors) {
		if (res->err_host_status != NVMETEST_HOST_OK)
			cli_fail(a, "job %u: %" PRIu64 " IO errors, the first: %s LBA %" PRIu64 ": %s",
				 i, (uint64_t)res->errors, nvmetest_nvm_opcode_name(res->err_opcode),
				 (uint64_t)res->err_slba, nvmetest_host_status_name(res->err_host_status));
		else
			cli_fail(a, "job %u: %" PRIu64 " IO errors, the first: %s LBA %" PRIu64 ": %s (0x%x)",
				 i, (uint64_t)res->errors, nvmetest_nvm_opcode_name(res->err_opcode),
				 (uint64_t)res->err_slba, nvmetest_status_name(res->err_status),
				 res->err_status);
		return true;
	}
	if (nvmetest_ioworker_end_failed(res->end_reason)) {
		cli_fail(a, "job %u: ended by %s", i, nvmetest_ioworker_end_name(res->end_reason));
		return true;
	}
	return false;
}

/* The namespace: -n, or the first active one. */
static int get_ns(const struct cli_args *a, struct nvmetest_dev *dev, struct nvmetest_ns_info *ns)
{
	uint32_t count = 1;
	int ret;

	if (cli_given(a, CLI_OPT_IOW_NSID)) {
		ret = nvmetest_ns_get(dev, (uint32_t)a->num[CLI_OPT_IOW_NSID], ns);
		if (ret == -ENOENT)
			return cli_fail(a, "no active namespace %" PRIu64 " (nvmetest namespaces)",
					a->num[CLI_OPT_IOW_NSID]);
		return ret ? cli_cmd_result(a, ret, "namespace") : 0;
	}
	ret = nvmetest_ns_list(dev, ns, &count, 0, NULL);
	if (ret)
		return cli_cmd_result(a, ret, "namespace list");
	if (!count)
		return cli_fail(a, "the controller has no active namespace");
	return 0;
}

int cmd_ioworker(const struct cli_args *a)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct nvmetest_ioworker_report **reports = NULL;
	struct nvmetest_ioworker_spec spec;
	struct nvmetest_ns_info ns;
	struct nvmetest_info info;
	struct nvmetest_dev *dev;
	struct cli_iow_job job;
	uint32_t *ids = NULL;
	unsigned int started = 0, got = 0;
	bool failed = false;
	char err[256];
	int ret, rc = CLI_EXIT_FAIL;

	dev = cli_open_dev(a);
	if (!dev)
		return CLI_EXIT_FAIL;
	memset(&job, 0, sizeof(job));
	/*
	 * SIGINT/SIGTERM from here on stop the workers and still report them
	 * (no SA_RESTART: WAIT returns -EINTR). The handlers also override a
	 * SIG_IGN inherited by a background job of a non-interactive shell.
	 */
	interrupted = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	ret = nvmetest_info_refresh(dev, &info);
	if (ret) {
		cli_fail_lib(a, ret, "info");
		goto out_close;
	}
	/* a driver without IOWorkers: the library's START says so */
	if (get_ns(a, dev, &ns))
		goto out_close;
	if (cli_iow_build(a, &ns, &job, err, sizeof(err))) {
		cli_fail(a, "%s", err);
		rc = CLI_EXIT_USAGE;
		goto out_close;
	}
	ids = calloc(job.numjobs, sizeof(*ids));
	reports = calloc(job.numjobs, sizeof(*reports));
	if (!ids || !reports) {
		cli_fail(a, "out of memory");
		goto out_free;
	}
	/* started together: every START before the first WAIT */
	for (started = 0; started < job.numjobs; started++) {
		cli_iow_job_spec(&job, started, info.nr_vectors, &spec);
		ret = nvmetest_ioworker_start(dev, &spec);
		if (ret == -EINVAL && spec.bad_field != NVMETEST_IOW_FIELD_NONE) {
			cli_fail(a, "invalid spec: %s", nvmetest_ioworker_field_name(spec.bad_field));
			break;
		}
		if (ret) {
			iow_fail(a, dev, ret);
			break;
		}
		ids[started] = spec.id;
	}
	if (started < job.numjobs) {
		/* the others end with the file; stop them now all the same */
		if (started)
			nvmetest_ioworker_stop(dev, 0);
		goto out_free;
	}

	ret = wait_all(a, dev, ids, started,
		       a->format == CLI_FMT_NORMAL && isatty(STDOUT_FILENO));
	if (ret)
		goto out_free;
	for (got = 0; got < started; got++) {
		ret = nvmetest_ioworker_report(dev, ids[got], NVMETEST_IOW_RESULT_RELEASE,
					       &reports[got]);
		if (ret) {
			iow_fail(a, dev, ret);
			goto out_free;
		}
	}
	if (a->format == CLI_FMT_JSON) {
		struct json_object *o = cli_iow_json(&job, reports, got);

		if (!o) {
			cli_fail(a, "out of memory");
			goto out_free;
		}
		cli_json_print(o);
	} else {
		if (cli_iow_print(stdout, &job, reports, got)) {
			cli_fail(a, "out of memory");
			goto out_free;
		}
	}
	fflush(stdout);
	for (unsigned int i = 0; i < got; i++)
		if (!failed)
			failed = job_failed(a, i, &reports[i]->res);
	rc = failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;

out_free:
	for (unsigned int i = 0; reports && i < got; i++)
		nvmetest_ioworker_report_free(reports[i]);
	free(reports);
	free(ids);
out_close:
	cli_iow_job_free(&job);
	nvmetest_close(dev);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
