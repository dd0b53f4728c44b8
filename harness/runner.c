// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The runner: the command line, each test in a forked process with a
 * timeout, the controller's health after a failure (CSTS.CFS, Identify
 * Controller, CTRL_INIT again) and the stop when it stays wedged, and the
 * reports (report.c) at the end or, for TAP, as the tests finish.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

enum nt_format { NT_FMT_TAP, NT_FMT_JUNIT, NT_FMT_JSON };

struct runner {
	struct nt_opts o;	/* what each test process gets */
	const char *filter;
	const char *area;
	unsigned int repeat;
	bool shuffle;
	bool seed_given;
	uint64_t seed;
	enum nt_format format;
	const char *output;
	unsigned int timeout_s;
	bool list;

	struct nvmetest_dev *dev;	/* the runner's own handle: health checks */
	FILE *out;
	struct nt_record *recs;
	size_t nr_recs;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fprintf(stderr, "nvmetest-conformance: out of memory\n");
		exit(NT_KSFT_FAIL);
	}
	return d;
}

/* Append @text as a line to the growing string *@acc. */
static void append_line(char **acc, const char *text, size_t len)
{
	size_t old = strlen(*acc);
	char *n = realloc(*acc, old + len + 2);

	if (!n)
		return;
	memcpy(n + old, text, len);
	n[old + len] = '\n';
	n[old + len + 1] = 0;
	*acc = n;
}

/* ---------------------------------------------------------------------- */
/* One test in its own process                                            */

/* Parse the child's lines ("D text", "R result reason") in @buf. */
static void parse_child(struct nt_record *rec, const char *buf, size_t len,
			bool *got_result)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l >= 2 && p[0] == 'D')
			append_line(&rec->diag, p + 2, l - 2);
		else if (l >= 3 && p[0] == 'R') {
			char *r = strndup(p + 2, l - 2), *sp;
			long v;

			if (r) {
				v = strtol(r, &sp, 10);
				if (v >= 0 && v < NT_NR_RESULTS) {
					rec->result = (enum nt_result)v;
					free(rec->reason);
					rec->reason = xstrdup(*sp == ' ' ? sp + 1 : sp);
					*got_result = true;
				}
				free(r);
			}
		}
		p += l + 1;
	}
}

static void run_child(struct runner *rn, const struct nt_test *test,
		      struct nt_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	bool got = false, timed_out = false;
	uint64_t start = now_ms(), deadline = start + rn->timeout_s * 1000ull;
	int pfd[2], status = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC)) {
		rec->result = NT_FAIL;
		free(rec->reason);
		rec->reason = xstrdup("runner: pipe failed");
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		rec->result = NT_FAIL;
		free(rec->reason);
		rec->reason = xstrdup("runner: fork failed");
		return;
	}
	if (!pid) {
		close(pfd[0]);
		/* the runner's handle stays the runner's */
		nt_child_run(test, &rn->o, pfd[1]);
	}
	close(pfd[1]);
	for (;;) {
		struct pollfd pl = { .fd = pfd[0], .events = POLLIN };
		uint64_t t = now_ms();
		char chunk[4096], *nb;
		ssize_t n;
		int pr;

		if (t >= deadline) {
			timed_out = true;
			break;
		}
		pr = poll(&pl, 1, (int)(deadline - t));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			continue;
		n = read(pfd[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		nb = realloc(buf, len + (size_t)n);
		if (!nb)
			break;
		buf = nb;
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
	}
	if (timed_out)
		kill(pid, SIGKILL);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rec->duration_ms = now_ms() - start;
	parse_child(rec, buf ?: "", len, &got);
	free(buf);
	if (timed_out) {
		free(rec->reason);
		if (asprintf(&rec->reason, "no verdict within %u s: test process killed",
			     rn->timeout_s) < 0)
			rec->reason = xstrdup("timeout");
		rec->result = NT_TIMEOUT;
	} else if (!got) {
		free(rec->reason);
		if (WIFSIGNALED(status)) {
			if (asprintf(&rec->reason, "test process killed by signal %d (%s)",
				     WTERMSIG(status), strsignal(WTERMSIG(status))) < 0)
				rec->reason = NULL;
		} else if (asprintf(&rec->reason, "test process exited (status %d) without a verdict",
				    WEXITSTATUS(status)) < 0) {
			rec->reason = NULL;
		}
		if (!rec->reason)
			rec->reason = xstrdup("test process ended without a verdict");
		rec->result = NT_CRASH;
	}
}

/* ---------------------------------------------------------------------- */
/* Controller health                                                      */

/*
 * After a failure (@after: the test's name; NULL at the start of the run):
 * CSTS (CFS, RDY, all ones when the function is gone), then CTRL_INIT and
 * an Identify Controller. Return: 0 when the controller answers again; -1
 * with @why filled when it does not.
 */
static int health_check(struct runner *rn, const char *after, char *why,
			size_t len)
{
	struct nvmetest_ctrl_init init = { .irq_mode = NVMETEST_IRQ_MSIX, .nr_vectors = 2 };
	struct nvme_id_ctrl id;
	uint32_t csts = 0;
	char s[160];
	int ret;

	ret = nvmetest_reg_read32(rn->dev, NVME_REG_CSTS, &csts);
	if (ret) {
		snprintf(why, len, "CSTS read failed: %s", nt_ret_str(ret, s, sizeof(s)));
		return -1;
	}
	if (csts == 0xffffffff) {
		snprintf(why, len, "CSTS reads 0xffffffff: the function does not answer");
		return -1;
	}
	fprintf(rn->format == NT_FMT_TAP ? rn->out : stderr,
		"# controller %s %s: CSTS 0x%08x (RDY %u, CFS %u)%s; re-initialising\n",
		after ? "health after" : "at the start", after ?: "of the run", csts,
		csts & 1, (csts >> 1) & 1, csts & 2 ? ": Controller Fatal Status" : "");
	ret = nvmetest_ctrl_init(rn->dev, &init);
	if (ret < 0) {
		struct nvmetest_ctrl_init intx = { .irq_mode = NVMETEST_IRQ_INTX, .nr_vectors = 1 };

		ret = nvmetest_ctrl_init(rn->dev, &intx);
	}
	if (ret) {
		snprintf(why, len, "CTRL_INIT failed after %s: %s (CSTS was 0x%08x)",
			 after ?: "opening the device", nt_ret_str(ret, s, sizeof(s)), csts);
		return -1;
	}
	ret = nvmetest_identify_ctrl(rn->dev, &id);
	if (ret) {
		snprintf(why, len, "Identify Controller failed after re-initialisation: %s",
			 nt_ret_str(ret, s, sizeof(s)));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Command line                                                           */

static void usage(FILE *f)
{
	fprintf(f,
"usage: nvmetest-conformance --device DEV [options]\n"
"  -d, --device DEV     /dev/nvmetestN, nvmetestN, N or a PCI address\n"
"  -l, --list           list the tests (name, area, needs, spec) and exit\n"
"  -f, --filter GLOB    only tests whose name matches GLOB (fnmatch)\n"
"  -a, --area AREA      only tests of AREA (admin, nvm, ...)\n"
"  -r, --repeat N       run the selection N times\n"
"  -s, --shuffle        random order (--seed to repeat an order)\n"
"      --seed S         seed of --shuffle (default: from the clock, printed)\n"
"  -F, --format FMT     tap (default), junit or json\n"
"  -o, --output FILE    write the report to FILE instead of stdout\n"
"  -n, --nsid N         the namespace under test (default: the first active)\n"
"      --scratch SLBA:NLB  LBAs of it the writing tests may overwrite\n"
"      --destructive    run the tests that destroy data (else skipped); without\n"
"                       --scratch the writing tests then use the whole namespace\n"
"  -t, --timeout S      seconds per test before it is killed (default 60)\n"
"  -h, --help\n"
"Exit: 0 all passed (xfail counts as pass), 1 a failure, 4 all skipped.\n");
}

static int parse_uint(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end || *v > max || s[0] == '-' ? -1 : 0;
}

/* "3" stands for nvmetest3, as the CLI takes it. */
static const char *device_name(const char *arg, char *buf, size_t len)
{
	unsigned long long n;

	if (!parse_uint(arg, 1u << 20, &n)) {
		snprintf(buf, len, "nvmetest%llu", n);
		return buf;
	}
	return arg;
}

/* "SLBA:NLB", NLB at least 1, the range within 64 bits. */
static int parse_scratch(const char *arg, struct nt_opts *o)
{
	unsigned long long slba, nlb;
	const char *colon = strchr(arg, ':');
	char first[32];

	if (!colon || (size_t)(colon - arg) >= sizeof(first))
		return -1;
	memcpy(first, arg, (size_t)(colon - arg));
	first[colon - arg] = 0;
	if (parse_uint(first, UINT64_MAX, &slba) || parse_uint(colon + 1, UINT64_MAX, &nlb) ||
	    !nlb || nlb > UINT64_MAX - slba)
		return -1;
	o->scratch = true;
	o->scratch_slba = slba;
	o->scratch_nlb = nlb;
	return 0;
}

static int parse_args(struct runner *rn, int argc, char **argv)
{
	static char devbuf[64];
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "list", no_argument, NULL, 'l' },
		{ "filter", required_argument, NULL, 'f' },
		{ "area", required_argument, NULL, 'a' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "shuffle", no_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "destructive", no_argument, NULL, 'D' },
		{ "nsid", required_argument, NULL, 'n' },
		{ "scratch", required_argument, NULL, 'X' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned long long v;
	int c;

	rn->repeat = 1;
	rn->timeout_s = 60;
	while ((c = getopt_long(argc, argv, "d:lf:a:r:sF:o:n:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			rn->o.device = device_name(optarg, devbuf, sizeof(devbuf));
			break;
		case 'l':
			rn->list = true;
			break;
		case 'f':
			rn->filter = optarg;
			break;
		case 'a':
			rn->area = optarg;
			break;
		case 'r':
			if (parse_uint(optarg, 100000, &v) || !v)
				goto bad;
			rn->repeat = (unsigned int)v;
			break;
		case 's':
			rn->shuffle = true;
			break;
		case 'S':
			if (parse_uint(optarg, UINT64_MAX, &v))
				goto bad;
			rn->seed = v;
			rn->seed_given = true;
			break;
		case 'F':
			if (!strcmp(optarg, "tap"))
				rn->format = NT_FMT_TAP;
			else if (!strcmp(optarg, "junit"))
				rn->format = NT_FMT_JUNIT;
			else if (!strcmp(optarg, "json"))
				rn->format = NT_FMT_JSON;
			else
				goto bad;
			break;
		case 'o':
			rn->output = optarg;
			break;
		case 'D':
			rn->o.destructive = true;
			break;
		case 'n':
			if (parse_uint(optarg, 0xfffffffe, &v) || !v)
				goto bad;
			rn->o.nsid = (uint32_t)v;
			break;
		case 'X':
			if (parse_scratch(optarg, &rn->o))
				goto bad;
			break;
		case 't':
			if (parse_uint(optarg, 86400, &v) || !v)
				goto bad;
			rn->timeout_s = (unsigned int)v;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "nvmetest-conformance: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (rn->seed_given && !rn->shuffle) {
		fprintf(stderr, "nvmetest-conformance: --seed needs --shuffle\n");
		return -1;
	}
	if (!rn->list && !rn->o.device) {
		fprintf(stderr, "nvmetest-conformance: --device is required\n");
		return -1;
	}
	return 0;
bad:
	for (const struct option *op = opts; op->name; op++)
		if (op->val == c)
			fprintf(stderr, "nvmetest-conformance: bad value '%s' for --%s\n",
				optarg, op->name);
	return -1;
}

/* "init,ns,ioq", then the namespace's properties and the interrupt mode
 * ("ns-meta", "irq-intx"); "-" for none. */
static void needs_str(const struct nt_test *test, char *buf, size_t len)
{
	static const char *const names[] = {
		"init", "ns", "ioq", "verify", "destructive", "scratch",
	};
	static const char *const props[] = {
		"ns-meta", "ns-no-meta", "ns-extended", "ns-separate", "ns-pi",
	};
	static const char *const irqs[] = { NULL, "irq-intx", "irq-msi", "irq-msix" };
	size_t o = 0;

	buf[0] = 0;
#define NEEDS_ADD(word) \
	(o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "," : "", (word)))
	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (test->needs & (1U << i))
			NEEDS_ADD(names[i]);
	for (unsigned int i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		if (test->ns_props & (1U << i))
			NEEDS_ADD(props[i]);
	if (test->irq > NT_IRQ_DEFAULT && test->irq <= NT_IRQ_MSIX)
		NEEDS_ADD(irqs[test->irq]);
#undef NEEDS_ADD
	if (!o)
		snprintf(buf, len, "-");
}

static void list_tests(const struct nt_test **sel, size_t n)
{
	char needs[160];

	for (size_t i = 0; i < n; i++) {
		needs_str(sel[i], needs, sizeof(needs));
		printf("%-40s %-6s %-26s %s\n", sel[i]->name, sel[i]->area, needs,
		       sel[i]->spec);
	}
}

/* ---------------------------------------------------------------------- */

static void device_banner(struct runner *rn)
{
	const struct nvmetest_info *info = nvmetest_info_cached(rn->dev);
	struct nvme_id_ctrl id;
	FILE *f = rn->format == NT_FMT_TAP ? rn->out : stderr;
	char vs[32];

	fprintf(f, "# device %s: %s, PCI %04x:%04x, NVMe %s\n", nvmetest_path(rn->dev),
		info->bdf, info->vendor_id, info->device_id,
		nvmetest_vs_str(info->vs, vs, sizeof(vs)));
	if (!nvmetest_identify_ctrl(rn->dev, &id))
		fprintf(f, "# model '%.40s', serial '%.20s', firmware '%.8s'\n",
			id.mn, id.sn, id.fr);
}

/* --nsid names an active namespace and --scratch lies inside it: a
 * mistake of the command line is told once, not by every test. */
static int check_namespace(struct runner *rn, char *why, size_t len)
{
	struct nvmetest_ns_info ns;
	uint32_t count = 1;
	int ret;

	if (!rn->o.nsid && !rn->o.scratch)
		return 0;
	if (rn->o.nsid)
		ret = nvmetest_ns_get(rn->dev, rn->o.nsid, &ns);
	else
		ret = nvmetest_ns_list(rn->dev, &ns, &count, 0, NULL);
	if (ret || !count) {
		snprintf(why, len, "--nsid %u: not an active namespace of the controller",
			 rn->o.nsid);
		if (!rn->o.nsid)
			snprintf(why, len, "--scratch: the controller has no active namespace");
		return -1;
	}
	if (rn->o.scratch && (rn->o.scratch_slba >= ns.nsze ||
			      rn->o.scratch_nlb > ns.nsze - rn->o.scratch_slba)) {
		snprintf(why, len, "--scratch %llu:%llu lies beyond namespace %u (NSZE %llu LBAs)",
			 (unsigned long long)rn->o.scratch_slba,
			 (unsigned long long)rn->o.scratch_nlb, ns.nsid,
			 (unsigned long long)ns.nsze);
		return -1;
	}
	rn->o.scratch_nsid = ns.nsid;
	if (rn->o.scratch)
		fprintf(rn->format == NT_FMT_TAP ? rn->out : stderr,
			"# scratch range: namespace %u, LBAs %llu to %llu\n", ns.nsid,
			(unsigned long long)rn->o.scratch_slba,
			(unsigned long long)(rn->o.scratch_slba + rn->o.scratch_nlb - 1));
	return 0;
}

int nt_main(int argc, char **argv)
{
	struct runner rn = { 0 };
	const struct nt_test *const *all;
	const struct nt_test **sel, **order;
	size_t nr_all, nr_sel, nr;
	char why[512] = "";
	bool wedged = false;
	int code;

	if (parse_args(&rn, argc, argv))
		return 2;
	all = nt_tests(&nr_all);
	sel = calloc(nr_all ? nr_all : 1, sizeof(*sel));
	if (!sel)
		return NT_KSFT_FAIL;
	nr_sel = nt_select(all, nr_all, rn.filter, rn.area, sel);
	if (rn.list) {
		list_tests(sel, nr_sel);
		return 0;
	}
	nr = nr_sel * rn.repeat;
	order = calloc(nr ? nr : 1, sizeof(*order));
	rn.recs = calloc(nr ? nr : 1, sizeof(*rn.recs));
	if (!order || !rn.recs)
		return NT_KSFT_FAIL;
	for (size_t i = 0; i < nr; i++)
		order[i] = sel[i % nr_sel];
	if (rn.shuffle) {
		if (!rn.seed_given)
			rn.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
		nt_shuffle(order, nr, rn.seed);
	}

	rn.out = stdout;
	if (rn.output && !(rn.out = fopen(rn.output, "w"))) {
		fprintf(stderr, "nvmetest-conformance: %s: %s\n", rn.output, strerror(errno));
		return NT_KSFT_FAIL;
	}
	code = nvmetest_open(rn.o.device, &rn.dev);
	if (code) {
		fprintf(stderr, "nvmetest-conformance: %s: %s\n", rn.o.device,
			nvmetest_last_error() ?: nvmetest_strerror(code));
		return NT_KSFT_FAIL;
	}
	if (rn.format == NT_FMT_TAP)
		nt_tap_begin(rn.out, nr);
	/* the runner's Identify and health checks need an enabled controller */
	if (health_check(&rn, NULL, why, sizeof(why))) {
		fprintf(stderr, "nvmetest-conformance: %s: the controller does not come up: %s\n",
			rn.o.device, why);
		if (rn.format == NT_FMT_TAP)
			fprintf(rn.out, "Bail out! %s\n", why);
		return NT_KSFT_FAIL;
	}
	device_banner(&rn);
	if (check_namespace(&rn, why, sizeof(why))) {
		fprintf(stderr, "nvmetest-conformance: %s\n", why);
		if (rn.format == NT_FMT_TAP)
			fprintf(rn.out, "Bail out! %s\n", why);
		return 2;
	}
	if (rn.shuffle)
		fprintf(rn.format == NT_FMT_TAP ? rn.out : stderr,
			"# shuffled with --seed %llu\n", (unsigned long long)rn.seed);

	for (size_t i = 0; i < nr; i++) {
		const struct nt_test *test = order[i];
		struct nt_record *rec = &rn.recs[i];

		if (rn.repeat > 1) {
			size_t iter = 0;

			for (size_t j = 0; j < i; j++)
				iter += order[j] == test;
			if (asprintf(&rec->name, "%s [%zu/%u]", test->name, iter + 1,
				     rn.repeat) < 0)
				rec->name = NULL;
		}
		if (!rec->name)
			rec->name = xstrdup(test->name);
		rec->area = test->area;
		rec->spec = test->spec;
		rec->diag = xstrdup("");
		rec->reason = xstrdup("");
		if (wedged) {
			rec->result = NT_SKIP;
			free(rec->reason);
			if (asprintf(&rec->reason, "not run: %s", why) < 0)
				rec->reason = xstrdup("not run: the controller is wedged");
		} else if ((test->needs & NT_DESTRUCTIVE) && !rn.o.destructive) {
			rec->result = NT_SKIP;
			free(rec->reason);
			rec->reason = xstrdup("destroys data on the device: run with --destructive");
		} else if ((test->needs & NT_NEED_SCRATCH) && !rn.o.scratch &&
			   !rn.o.destructive) {
			rec->result = NT_SKIP;
			free(rec->reason);
			rec->reason = xstrdup("writes data: name LBAs it may overwrite with --scratch SLBA:NLB, or run with --destructive");
		} else {
			run_child(&rn, test, rec);
		}
		rn.nr_recs++;
		if (rn.format == NT_FMT_TAP)
			nt_tap_result(rn.out, i + 1, rec);
		if (!wedged && nt_result_failed(rec->result) &&
		    health_check(&rn, rec->name, why, sizeof(why))) {
			wedged = true;
			fprintf(stderr, "nvmetest-conformance: run stopped: the controller is wedged: %s\n",
				why);
			if (rn.format == NT_FMT_TAP)
				fprintf(rn.out, "# run stopped: the controller is wedged: %s\n", why);
		}
	}

	if (rn.format == NT_FMT_JUNIT)
		nt_junit_write(rn.out, rn.recs, rn.nr_recs, program_invocation_short_name);
	else if (rn.format == NT_FMT_JSON)
		nt_json_write(rn.out, rn.recs, rn.nr_recs);
	nt_summary_write(stderr, rn.recs, rn.nr_recs);
	if (wedged)
		fprintf(stderr, "# the run stopped early: %s\n", why);
	code = nt_exit_code(rn.recs, rn.nr_recs);
	if (rn.out != stdout && fclose(rn.out)) {
		fprintf(stderr, "nvmetest-conformance: %s: %s\n", rn.output, strerror(errno));
		code = NT_KSFT_FAIL;
	}
	nvmetest_close(rn.dev);
	for (size_t i = 0; i < rn.nr_recs; i++) {
		free(rn.recs[i].name);
		free(rn.recs[i].reason);
		free(rn.recs[i].diag);
	}
	free(rn.recs);
	free(order);
	free(sel);
	return code;
}
