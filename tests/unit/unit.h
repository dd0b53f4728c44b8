/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the host unit tests: running the registered CUnit
 * suites with an exit status taken from the failure counters, a fake
 * /sys, /proc and /dev tree in a temporary folder, the CLI's parser,
 * whole command lines and JSON read back as the tests use them, and
 * capturing what a piece of code prints on stdout.
 */
#ifndef NVMETEST_UNIT_H
#define NVMETEST_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include <CUnit/Basic.h>

/*
 * Register @suites (CU_SUITE_INFO_NULL terminated), run them with the
 * basic runner (its Run Summary goes to stdout) and return the exit status:
 * 0 only when every suite initialised and no assertion failed.
 */
int unit_run(CU_SuiteInfo *suites);
/*
 * unit_run() of the two suites, without fixtures, of a program that tests
 * a library part (@lib_tests, suite @lib) and its CLI (@cli_tests, @cli).
 */
int unit_run_lib_cli(const char *lib, CU_TestInfo *lib_tests,
		     const char *cli, CU_TestInfo *cli_tests);

/*
 * The fake tree: <root>/sys, <root>/proc, <root>/dev, made by
 * fake_init(), which points NVMETEST_SYSFS_ROOT, NVMETEST_PROC_ROOT and
 * NVMETEST_DEV_ROOT at them; fake_fini() removes it all. Paths given to
 * the helpers are relative to <root>; parents are created as needed. A
 * helper that fails aborts the test program: a broken fixture is not a
 * test result.
 */
extern char fake_root[];

void fake_init(void);
void fake_fini(void);
void fake_dir(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fake_file(const char *content, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fake_link(const char *target, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Content of a file of the tree (trailing newline kept), "" if missing. */
const char *fake_read(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Absolute path of a file of the tree (a static buffer). */
const char *fake_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A PCI function as sysfs shows it: its folder under sys/devices, the
 * sys/bus/pci/devices link, ids, class, an empty driver_override and,
 * when @driver is not NULL, the driver folder (with bind and unbind
 * files) and the function's driver link.
 */
void fake_pci_func(const char *bdf, unsigned int class_code, unsigned int vendor,
		   unsigned int device, const char *driver);
/* The nvmetest driver folder, as when the module is loaded. */
void fake_nvmetest_loaded(void);
/* The nvmetest class device of a bound function, with its "dev" file. */
void fake_nvmetest_class(const char *bdf, unsigned int instance,
			 unsigned int major, unsigned int minor);

/*
 * The CLI's parser on a command line, for the tests that link the CLI:
 * PARSE("read", "nvmetest0", "-s", "8") parses into unit_args, with the
 * parser's message in unit_err; PARSE_FAILS checks the message exactly,
 * PARSE_FAILS_PART that it contains @msg.
 */
struct cli_args;
extern struct cli_args unit_args;
extern char unit_err[256];
int unit_parse(int argc, char **argv);

#define ARGC(v)	((int)(sizeof(v) / sizeof((v)[0])))
#define PARSE(...) ({ char *v_[] = { __VA_ARGS__ }; unit_parse(ARGC(v_), v_); })
#define PARSE_FAILS(msg, ...) do {					\
	CU_ASSERT_EQUAL(PARSE(__VA_ARGS__), -EINVAL);			\
	CU_ASSERT_STRING_EQUAL(unit_err, msg);				\
} while (0)
#define PARSE_FAILS_PART(msg, ...) do {					\
	CU_ASSERT_EQUAL(PARSE(__VA_ARGS__), -EINVAL);			\
	if (!strstr(unit_err, msg))					\
		fprintf(stderr, "\n  got '%s', want '%s'\n", unit_err, msg); \
	CU_ASSERT_PTR_NOT_NULL(strstr(unit_err, msg));			\
} while (0)

/* A JSON object as the CLI prints it (cli_json_print()), parsed back;
 * takes @o. */
struct json_object;
struct json_object *unit_json_reparse(struct json_object *o);
/*
 * The member of @o at @path: member names and array indices joined by '/'
 * ("caps/0/name", a JSON pointer without its leading '/'), so that names
 * with dots ("50.000000") need no escape. NULL when @o is NULL, a step is
 * absent or the member is JSON null.
 */
struct json_object *unit_json_get(struct json_object *o, const char *path);
/*
 * The member at @path as a number or a string. A member that is absent or
 * of another type reads as -12345, -12345.0 or "", values no test expects,
 * so a missing key or a number printed as a string fails the comparison.
 * unit_json_double() takes integers too: a JSON number needs no fraction.
 */
int64_t unit_json_int(struct json_object *o, const char *path);
double unit_json_double(struct json_object *o, const char *path);
const char *unit_json_str(struct json_object *o, const char *path);

/*
 * xorshift64*: the next reproducible pseudo-random number of the sequence
 * kept in *@state (non-zero), for tests that want many varied inputs.
 */
uint64_t unit_rng(uint64_t *state);

/* The little-endian dword at @p (SQE, CQE and log fields). */
uint32_t unit_le32(const void *p);

/* Capture stdout and stderr while running code between the calls. */
void capture_begin(void);
/* Stop capturing; what went to stdout (valid until the next capture). */
const char *capture_end(void);
/* What went to stderr during the last capture. */
const char *capture_stderr(void);

/*
 * The whole CLI on a command line, for the tests that link the CLI:
 * RUN("list", "-o", "json") runs "nvmetest list -o json" through
 * cli_main() with its output captured, puts its exit status in
 * unit_status and is what went to stdout (capture_stderr(): the rest).
 * unit_cli_run() does it for an argv of its own (argv[0] included).
 */
extern int unit_status;
const char *unit_cli_run(int argc, char **argv);
#define RUN(...) ({							\
	char *v_[] = { "nvmetest", __VA_ARGS__ };			\
	unit_cli_run(ARGC(v_), v_);					\
})

#endif
