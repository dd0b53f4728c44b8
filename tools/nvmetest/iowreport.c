// SPDX-License-Identifier: GPL-2.0-only
/*
 * fio's report of finished IOWorkers, normal and JSON (jobs[].read.iops,
 * .clat_ns.percentile."99.000000", ...), per job and as a group, from the
 * library's reports: numbers printed as fio prints them, latency
 * percentiles from the driver's histograms.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

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

/*
 * fio's views of @n finished jobs, each to @emit: every job alone (unless
 * --group_reporting merges more than one), then, with more than one job,
 * the group (its view's @r is NULL). 0 or -ENOMEM.
 */
static int for_each_view(const struct cli_iow_job *job,
			 struct nvmetest_ioworker_report *const *r, unsigned int n,
			 void (*emit)(const struct iow_view *v, void *ctx), void *ctx)
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
			emit(v, ctx);
		view_fini(v);
		if (ret)
			goto out;
	}
	if (n > 1) {
		view_init(v, job->name);
		for (unsigned int i = 0; !ret && i < n; i++)
			ret = view_add(v, r[i]);
		if (!ret)
			emit(v, ctx);
		view_fini(v);
	}
out:
	free(v);
	return ret;
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

struct json_ctx {
	const struct cli_iow_job *job;
	struct json_object *o, *jobs;
};

static void json_emit(const struct iow_view *v, void *p)
{
	struct json_ctx *c = p;

	/* --group_reporting: the group is the one job, as fio's */
	if (v->r || c->job->group)
		json_object_array_add(c->jobs, json_job(v, c->job));
	else
		ADD(c->o, "group", json_job(v, c->job));
}

struct json_object *cli_iow_json(const struct cli_iow_job *job,
				 struct nvmetest_ioworker_report *const *r, unsigned int n)
{
	struct json_ctx c = {
		.job = job, .o = json_object_new_object(), .jobs = json_object_new_array(),
	};
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ADD(c.o, "nvmetest version", json_object_new_string(NVMETEST_VERSION));
	ADD(c.o, "timestamp", json_u64((uint64_t)ts.tv_sec));
	ADD(c.o, "timestamp_ms",
	    json_u64((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000));
	if (for_each_view(job, r, n, json_emit, &c)) {
		json_object_put(c.jobs);
		json_object_put(c.o);
		return NULL;
	}
	ADD(c.o, "jobs", c.jobs);
	return c.o;
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

static void print_emit(const struct iow_view *v, void *f)
{
	print_view(f, v);
}

int cli_iow_print(FILE *f, const struct cli_iow_job *job,
		  struct nvmetest_ioworker_report *const *r, unsigned int n)
{
	int ret = for_each_view(job, r, n, print_emit, f);

	if (!ret)
		print_run_status(f, r, n);
	return ret;
}
