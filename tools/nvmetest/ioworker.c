// SPDX-License-Identifier: GPL-2.0-only
/*
 * `nvmetest ioworker`: IOWorkers (the driver's IO generator threads)
 * driven with fio's option names (iowparse.c), started together, their
 * per-second progress on a terminal, and fio's report of them
 * (iowreport.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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
