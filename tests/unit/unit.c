// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared helpers of the host unit tests (see unit.h): the CUnit runner
 * with a real exit status, the fake /sys, /proc and /dev tree, and the
 * stdout capture.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "unit.h"

char fake_root[256];

int unit_run(CU_SuiteInfo *suites)
{
	unsigned int failures, suites_failed;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "unit: cannot initialise CUnit: %s\n", CU_get_error_msg());
		return 1;
	}
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "unit: cannot register suites: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	/* the basic runner returns success even when assertions failed */
	failures = CU_get_number_of_failures();
	suites_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	printf("\n");
	return failures || suites_failed || CU_get_error() != CUE_SUCCESS ? 1 : 0;
}

int unit_run_lib_cli(const char *lib, CU_TestInfo *lib_tests,
		     const char *cli, CU_TestInfo *cli_tests)
{
	CU_SuiteInfo suites[] = {
		{ lib, NULL, NULL, NULL, NULL, lib_tests },
		{ cli, NULL, NULL, NULL, NULL, cli_tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "unit: fixture: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

static const char *vpath(char *buf, size_t len, const char *fmt, va_list ap)
{
	char rel[512];

	vsnprintf(rel, sizeof(rel), fmt, ap);
	snprintf(buf, len, "%s/%s", fake_root, rel);
	return buf;
}

/* mkdir -p of an absolute path's folders (all of them when @leaf). */
static void mkdirs(const char *path, int leaf)
{
	char buf[1024], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			die("mkdir", buf);
		*p = '/';
	}
	if (leaf && mkdir(buf, 0755) && errno != EEXIST)
		die("mkdir", buf);
}

void fake_dir(const char *fmt, ...)
{
	char path[1024];
	va_list ap;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	mkdirs(path, 1);
}

void fake_file(const char *content, const char *fmt, ...)
{
	char path[1024];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	mkdirs(path, 0);
	f = fopen(path, "w");
	if (!f)
		die("create", path);
	fputs(content, f);
	fclose(f);
}

void fake_link(const char *target, const char *fmt, ...)
{
	char path[1024];
	va_list ap;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	mkdirs(path, 0);
	if (symlink(target, path))
		die("symlink", path);
}

const char *fake_path(const char *fmt, ...)
{
	static char path[1024];
	va_list ap;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	return path;
}

const char *fake_read(const char *fmt, ...)
{
	static char buf[4096];
	char path[1024];
	va_list ap;
	size_t n;
	FILE *f;

	va_start(ap, fmt);
	vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

void fake_init(void)
{
	char path[512];

	snprintf(fake_root, sizeof(fake_root), "%s/nvmetest-unit.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fake_root))
		die("mkdtemp", fake_root);
	fake_dir("sys/bus/pci/devices");
	fake_dir("sys/bus/pci/drivers");
	fake_dir("sys/block");
	fake_dir("sys/class");
	fake_file("", "sys/bus/pci/drivers_probe");
	fake_file("", "proc/self/mountinfo");
	fake_file("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", "proc/swaps");
	fake_dir("dev");
	snprintf(path, sizeof(path), "%s/sys", fake_root);
	setenv("NVMETEST_SYSFS_ROOT", path, 1);
	snprintf(path, sizeof(path), "%s/proc", fake_root);
	setenv("NVMETEST_PROC_ROOT", path, 1);
	snprintf(path, sizeof(path), "%s/dev", fake_root);
	setenv("NVMETEST_DEV_ROOT", path, 1);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fake_fini(void)
{
	if (fake_root[0])
		nftw(fake_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	fake_root[0] = '\0';
	unsetenv("NVMETEST_SYSFS_ROOT");
	unsetenv("NVMETEST_PROC_ROOT");
	unsetenv("NVMETEST_DEV_ROOT");
}

void fake_pci_func(const char *bdf, unsigned int class_code, unsigned int vendor,
		   unsigned int device, const char *driver)
{
	const char *dev = "sys/devices/pci0000:00";
	char buf[64];

	snprintf(buf, sizeof(buf), "0x%06x\n", class_code);
	fake_file(buf, "%s/%s/class", dev, bdf);
	snprintf(buf, sizeof(buf), "0x%04x\n", vendor);
	fake_file(buf, "%s/%s/vendor", dev, bdf);
	fake_file(buf, "%s/%s/subsystem_vendor", dev, bdf);
	snprintf(buf, sizeof(buf), "0x%04x\n", device);
	fake_file(buf, "%s/%s/device", dev, bdf);
	fake_file(buf, "%s/%s/subsystem_device", dev, bdf);
	fake_file("(null)\n", "%s/%s/driver_override", dev, bdf);
	snprintf(buf, sizeof(buf), "../../../devices/pci0000:00/%s", bdf);
	fake_link(buf, "sys/bus/pci/devices/%s", bdf);
	if (driver) {
		fake_file("", "sys/bus/pci/drivers/%s/bind", driver);
		fake_file("", "sys/bus/pci/drivers/%s/unbind", driver);
		snprintf(buf, sizeof(buf), "../../../bus/pci/drivers/%s", driver);
		fake_link(buf, "%s/%s/driver", dev, bdf);
	}
}

void fake_nvmetest_loaded(void)
{
	fake_file("", "sys/bus/pci/drivers/nvmetest/bind");
	fake_file("", "sys/bus/pci/drivers/nvmetest/unbind");
}

void fake_nvmetest_class(const char *bdf, unsigned int instance,
			 unsigned int major, unsigned int minor)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%u:%u\n", major, minor);
	fake_file(buf, "sys/devices/pci0000:00/%s/nvmetest/nvmetest%u/dev", bdf, instance);
	snprintf(buf, sizeof(buf), "../../../%s", bdf);
	fake_link(buf, "sys/devices/pci0000:00/%s/nvmetest/nvmetest%u/device", bdf,
		  instance);
	snprintf(buf, sizeof(buf), "../../devices/pci0000:00/%s/nvmetest/nvmetest%u",
		 bdf, instance);
	fake_link(buf, "sys/class/nvmetest/nvmetest%u", instance);
}

struct capture {
	int fd;			/* STDOUT_FILENO or STDERR_FILENO */
	FILE *stream;
	int saved;
	char file[256];
	char text[65536];
};

static struct capture cap_out = { .fd = STDOUT_FILENO, .saved = -1 };
static struct capture cap_err = { .fd = STDERR_FILENO, .saved = -1 };

static void capture_start(struct capture *c)
{
	int fd;

	snprintf(c->file, sizeof(c->file), "%s/nvmetest-capture.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(c->file);
	if (fd < 0)
		die("mkstemp", c->file);
	fflush(c->stream);
	c->saved = dup(c->fd);
	if (c->saved < 0 || dup2(fd, c->fd) < 0)
		die("dup2", c->file);
	close(fd);
}

static void capture_stop(struct capture *c)
{
	size_t n = 0;
	FILE *f;

	fflush(c->stream);
	if (c->saved >= 0) {
		dup2(c->saved, c->fd);
		close(c->saved);
		c->saved = -1;
	}
	f = fopen(c->file, "r");
	if (f) {
		n = fread(c->text, 1, sizeof(c->text) - 1, f);
		fclose(f);
	}
	c->text[n] = '\0';
	unlink(c->file);
}

void capture_begin(void)
{
	cap_out.stream = stdout;
	cap_err.stream = stderr;
	capture_start(&cap_out);
	capture_start(&cap_err);
}

const char *capture_end(void)
{
	capture_stop(&cap_err);
	capture_stop(&cap_out);
	return cap_out.text;
}

const char *capture_stderr(void)
{
	return cap_err.text;
}

int unit_status;

const char *unit_cli_run(int argc, char **argv)
{
	const char *out;

	capture_begin();
	unit_status = cli_main(argc, argv);
	out = capture_end();
	return out;
}

struct cli_args unit_args;
char unit_err[256];

int unit_parse(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_cmd_find(cli_commands, cli_nr_commands, argv[0]);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
	return cli_parse(cmd, argc, argv, &unit_args, unit_err, sizeof(unit_err));
}

struct json_object *unit_json_reparse(struct json_object *o)
{
	struct json_object *back;

	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	/* as cli_json_print() prints it */
	back = json_tokener_parse(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	return back;
}

struct json_object *unit_json_get(struct json_object *o, const char *path)
{
	struct json_object *v;
	char ptr[256];

	/* json_pointer_get() wants the leading '/' */
	if (!o || snprintf(ptr, sizeof(ptr), "/%s", path) >= (int)sizeof(ptr))
		return NULL;
	return json_pointer_get(o, ptr, &v) ? NULL : v;
}

int64_t unit_json_int(struct json_object *o, const char *path)
{
	struct json_object *v = unit_json_get(o, path);

	return json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -12345;
}

double unit_json_double(struct json_object *o, const char *path)
{
	struct json_object *v = unit_json_get(o, path);

	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return -12345.0;
	return json_object_get_double(v);
}

const char *unit_json_str(struct json_object *o, const char *path)
{
	struct json_object *v = unit_json_get(o, path);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

uint64_t unit_rng(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dull;
}

uint32_t unit_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}
