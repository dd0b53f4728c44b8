// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output and error helpers every command file of the CLI shares: the
 * one-line error report ("nvmetest: <cmd>: <device>: <reason>") and a
 * command's result (NVMe status, host status or errno) as one, opening
 * the DEV argument, JSON printing through json-c, decoded field lists in
 * both formats, and data in and out (files, raw stdout, hex dumps).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void vfail(const struct cli_args *a, const char *fmt, va_list ap)
{
	fprintf(stderr, "nvmetest: %s: ", a->cmd ? a->cmd->name : "?");
	if (a->dev)
		fprintf(stderr, "%s: ", a->dev);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_fail(const struct cli_args *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(a, fmt, ap);
	va_end(ap);
	return CLI_EXIT_FAIL;
}

int cli_fail_lib(const struct cli_args *a, int err, const char *what)
{
	const char *detail = nvmetest_last_error();
	char bdf[NVMETEST_BDF_LEN];
	size_t n;

	/* "0000:01:00.0: ..." after "nvmetest: bind: 01:00.0: " says it twice */
	if (detail && a->dev && !nvmetest_bdf_parse(a->dev, bdf)) {
		n = strlen(bdf);
		if (!strncmp(detail, bdf, n) && !strncmp(detail + n, ": ", 2))
			detail += n + 2;
	}

	if (what)
		return cli_fail(a, "%s: %s", what, detail ? detail : nvmetest_strerror(err));
	return cli_fail(a, "%s", detail ? detail : nvmetest_strerror(err));
}

int cli_fail_write(const struct cli_args *a, int err, const char *what)
{
	if (err == -EPERM && !a->unsafe)
		return cli_fail(a, "%s: refused by the driver: this write needs --unsafe", what);
	return cli_fail_lib(a, err, what);
}

struct nvmetest_dev *cli_open_dev(const struct cli_args *a)
{
	struct nvmetest_dev *dev;
	int ret;

	ret = nvmetest_open(a->dev, &dev);
	if (ret) {
		cli_fail_lib(a, ret, NULL);
		return NULL;
	}
	return dev;
}

struct nvmetest_dev *cli_open_target(const struct cli_args *a,
				     int (*check)(const struct cli_args *a,
						  const struct nvmetest_info *info, void *t),
				     void *t)
{
	struct nvmetest_dev *dev = cli_open_dev(a);

	if (dev && check(a, nvmetest_info_cached(dev), t)) {
		nvmetest_close(dev);
		return NULL;
	}
	return dev;
}

void cli_json_print(struct json_object *obj)
{
	/* NOSLASHESCAPE: "/dev/nvmetest0", not "\/dev\/nvmetest0" */
	puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(obj);
}

/* {"total": 5, "queues": [{...}, ...]} */
void cli_json_print_list(struct json_object *o, const char *key, const void *items,
			 unsigned int n,
			 struct json_object *(*item)(const void *items, unsigned int i))
{
	struct json_object *arr = json_object_new_array();

	if (!o)
		o = json_object_new_object();
	for (unsigned int i = 0; i < n; i++)
		json_object_array_add(arr, item(items, i));
	json_object_object_add(o, key, arr);
	cli_json_print(o);
}

struct json_object *cli_json_str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

/* {"mqes": {"value": 2047, "text": "2048 entries"}, ...} */
struct json_object *cli_json_fields(const struct nvmetest_field *f,
				    unsigned int n)
{
	struct json_object *o = json_object_new_object();

	for (unsigned int i = 0; i < n; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "value", json_object_new_uint64(f[i].value));
		json_object_object_add(e, "text", json_object_new_string(f[i].text));
		json_object_object_add(o, f[i].name, e);
	}
	return o;
}

void cli_print_fields(const struct nvmetest_field *f, unsigned int n,
		      const char *indent, bool bits)
{
	for (unsigned int i = 0; i < n; i++) {
		char pos[16] = "";

		if (bits && f[i].msb == f[i].lsb)
			snprintf(pos, sizeof(pos), "[%u]", f[i].lsb);
		else if (bits)
			snprintf(pos, sizeof(pos), "[%u:%u]", f[i].msb, f[i].lsb);
		if (bits)
			printf("%s%-8s %-8s %s: %s\n", indent, f[i].name, pos,
			       f[i].desc, f[i].text);
		else
			printf("%s%-16s %s: %s\n", indent, f[i].name, f[i].desc,
			       f[i].text);
	}
}

/* --- command results ----------------------------------------------------- */

int cli_cmd_result(const struct cli_args *a, int ret, const char *what)
{
	if (!ret)
		return CLI_EXIT_OK;
	if (ret > 0)
		return cli_fail(a, "%s%sNVMe status %s (0x%04x)", what ? what : "",
				what ? ": " : "", nvmetest_status_name((uint16_t)ret), ret);
	return cli_fail_lib(a, ret, what);
}

int cli_io_result(const struct cli_args *a, int ret, const char *what)
{
	if (ret > 0)
		return cli_fail(a, "%s%sNVMe status %s: %s (0x%04x)", what ? what : "",
				what ? ": " : "", nvmetest_status_name((uint16_t)ret),
				nvmetest_status_desc((uint16_t)ret), ret);
	return cli_cmd_result(a, ret, what);
}

/* --- data in and out ------------------------------------------------------- */

int cli_write_raw(const struct cli_args *a, const void *buf, size_t len)
{
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout))
		return cli_fail(a, "writing the data to stdout: %s", strerror(errno));
	return CLI_EXIT_OK;
}

int cli_write_file(const struct cli_args *a, const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int err;

	if (f && fwrite(buf, 1, len, f) == len) {
		if (!fclose(f))
			return CLI_EXIT_OK;
		f = NULL;
	}
	err = errno;
	if (f)
		fclose(f);
	return cli_fail(a, "%s: %s", path, strerror(err));
}

/* Read a whole file; its length in *len. NULL after reporting why. */
void *cli_read_file(const struct cli_args *a, const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		cli_fail(a, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	*len = (size_t)st.st_size;
	buf = calloc(1, *len ? *len : 1);
	if (!buf || fread(buf, 1, *len, f) != *len) {
		cli_fail(a, "%s: %s", path, buf ? "short read" : strerror(ENOMEM));
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

struct json_object *cli_json_hex(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	struct json_object *o;
	char *s = malloc(2 * len + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * len] = '\0';
	o = json_object_new_string(s);
	free(s);
	return o;
}

void cli_hexdump(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	printf("       0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n");
	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;

		printf("%04zx:", off);
		for (size_t i = 0; i < 16; i++)
			i < n ? printf(" %02x", p[off + i]) : printf("   ");
		printf(" \"");
		for (size_t i = 0; i < n; i++)
			putchar(p[off + i] > 0x20 && p[off + i] < 0x7f ? p[off + i] : '.');
		printf("\"\n");
	}
}
