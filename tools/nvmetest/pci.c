// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PCI config space commands of the CLI: config-read (one value or a
 * dump), config-write, and caps (both capability lists, decoded).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_FIELDS	32

/* -O/-w/-n against the function's config space size: the width in @p. */
static int cfg_target(const struct cli_args *a, const struct nvmetest_info *info, void *p)
{
	unsigned int *width = p;

	*width = a->width ? a->width : 4;
	if (*width > 4)
		return cli_fail(a, "config space accesses are 1, 2 or 4 bytes wide");
	if (a->offset % *width)
		return cli_fail(a, "offset 0x%" PRIx64 " is not aligned to the access width (%u)",
				a->offset, *width);
	if (a->offset >= info->cfg_size || a->count > info->cfg_size ||
	    a->offset + a->count * *width > info->cfg_size)
		return cli_fail(a, "offset 0x%" PRIx64 " + %" PRIu64 " x %u bytes passes config space (%u bytes)",
				a->offset, a->count, *width, info->cfg_size);
	return 0;
}

int cmd_config_read(const struct cli_args *a)
{
	struct json_object *o, *arr = NULL;
	struct nvmetest_dev *dev;
	unsigned int width, per_line;
	uint32_t v;
	int ret;

	dev = cli_open_target(a, cfg_target, &width);
	if (!dev)
		return CLI_EXIT_FAIL;

	o = json_object_new_object();
	json_object_object_add(o, "offset", json_object_new_int64(a->offset));
	json_object_object_add(o, "width", json_object_new_int(width));
	if (a->count > 1) {
		arr = json_object_new_array();
		json_object_object_add(o, "values", arr);
	}
	per_line = 16 / width;
	for (uint64_t i = 0; i < a->count; i++) {
		uint32_t off = (uint32_t)(a->offset + i * width);

		ret = nvmetest_cfg_read(dev, off, width, &v);
		if (ret) {
			char what[64];

			snprintf(what, sizeof(what), "reading config 0x%x", off);
			json_object_put(o);
			ret = cli_fail_lib(a, ret, what);
			goto out;
		}
		if (a->format == CLI_FMT_JSON) {
			if (arr)
				json_object_array_add(arr, json_object_new_int64(v));
			else
				json_object_object_add(o, "value", json_object_new_int64(v));
		} else if (a->count == 1) {
			printf("0x%03x: 0x%0*x\n", off, (int)width * 2, v);
		} else {
			if (i % per_line == 0)
				printf("%s0x%03x:", i ? "\n" : "", off);
			printf(" %0*x", (int)width * 2, v);
		}
	}
	if (a->format == CLI_FMT_JSON)
		cli_json_print(o);
	else {
		if (a->count > 1)
			printf("\n");
		json_object_put(o);
	}
out:
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_config_write(const struct cli_args *a)
{
	struct nvmetest_dev *dev;
	unsigned int width;
	int ret;

	dev = cli_open_target(a, cfg_target, &width);
	if (!dev)
		return CLI_EXIT_FAIL;
	if (a->value >> (8 * width)) {
		ret = cli_fail(a, "value 0x%" PRIx64 " does not fit in %u byte(s)",
			       a->value, width);
		goto out;
	}
	ret = nvmetest_cfg_write(dev, (uint32_t)a->offset, width, (uint32_t)a->value,
				 a->unsafe ? NVMETEST_RW_UNSAFE : 0);
	if (ret) {
		char what[64];

		snprintf(what, sizeof(what), "writing config 0x%" PRIx64, a->offset);
		ret = cli_fail_write(a, ret, what);
		goto out;
	}
	if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "offset", json_object_new_int64(a->offset));
		json_object_object_add(o, "width", json_object_new_int(width));
		json_object_object_add(o, "value", json_object_new_int64(a->value));
		cli_json_print(o);
	} else {
		printf("0x%03" PRIx64 " <- 0x%0*" PRIx64 "\n", a->offset, (int)width * 2,
		       a->value);
	}
out:
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* --- caps --------------------------------------------------------------- */

static const char *walk_error(int err)
{
	return err == -ELOOP ? "pointer loops back" : "pointer out of range";
}

struct json_object *cli_json_caps(const uint8_t *cfg, size_t len)
{
	struct json_object *o = json_object_new_object();
	struct json_object *std = json_object_new_array();
	struct json_object *ext = json_object_new_array();
	struct json_object *errs = json_object_new_array();
	struct nvmetest_pci_cap_iter it;
	struct nvmetest_field f[MAX_FIELDS];
	struct nvmetest_pci_cap cap;
	int ret;

	nvmetest_pci_cap_iter_init(&it, cfg, len);
	while ((ret = nvmetest_pci_cap_iter_next(&it, &cap))) {
		struct json_object *c = json_object_new_object();
		unsigned int n;

		if (ret < 0) {
			json_object_object_add(c, "list", json_object_new_string(
					       cap.extended ? "extended" : "standard"));
			json_object_object_add(c, "offset", json_object_new_int(cap.offset));
			json_object_object_add(c, "error",
					       json_object_new_string(walk_error(ret)));
			json_object_array_add(errs, c);
			continue;
		}
		n = nvmetest_pci_cap_decode(cfg, len, &cap, f, MAX_FIELDS);
		json_object_object_add(c, "offset", json_object_new_int(cap.offset));
		json_object_object_add(c, "id", json_object_new_int(cap.id));
		if (cap.extended)
			json_object_object_add(c, "version", json_object_new_int(cap.version));
		json_object_object_add(c, "name", json_object_new_string(
				       nvmetest_pci_cap_name(cap.id, cap.extended)));
		json_object_object_add(c, "fields", cli_json_fields(f, n));
		json_object_array_add(cap.extended ? ext : std, c);
	}
	json_object_object_add(o, "caps", std);
	json_object_object_add(o, "ext_caps", ext);
	json_object_object_add(o, "errors", errs);
	return o;
}

static void print_caps(const uint8_t *cfg, size_t len)
{
	struct nvmetest_field f[MAX_FIELDS];
	struct nvmetest_pci_cap_iter it;
	struct nvmetest_pci_cap cap;
	bool in_ext = false;
	int ret;

	printf("Capabilities:\n");
	nvmetest_pci_cap_iter_init(&it, cfg, len);
	while ((ret = nvmetest_pci_cap_iter_next(&it, &cap))) {
		unsigned int n;

		if (cap.extended && !in_ext) {
			printf("Extended capabilities:\n");
			in_ext = true;
		}
		if (ret < 0) {
			printf("  [%03x] list ends: %s\n", cap.offset, walk_error(ret));
			continue;
		}
		if (cap.extended)
			printf("  [%03x] %s (0x%04x) v%u\n", cap.offset,
			       nvmetest_pci_cap_name(cap.id, true), cap.id, cap.version);
		else
			printf("  [%02x] %s (0x%02x)\n", cap.offset,
			       nvmetest_pci_cap_name(cap.id, false), cap.id);
		n = nvmetest_pci_cap_decode(cfg, len, &cap, f, MAX_FIELDS);
		cli_print_fields(f, n, "        ", false);
	}
}

int cmd_caps(const struct cli_args *a)
{
	const struct nvmetest_info *info;
	struct nvmetest_dev *dev;
	uint8_t *cfg;
	int ret;

	if (!(dev = cli_open_dev(a)))
		return CLI_EXIT_FAIL;
	info = nvmetest_info_cached(dev);
	cfg = calloc(1, info->cfg_size ? info->cfg_size : 1);
	if (!cfg) {
		nvmetest_close(dev);
		return cli_fail(a, "out of memory");
	}
	ret = nvmetest_cfg_read_block(dev, 0, cfg, info->cfg_size);
	if (ret) {
		ret = cli_fail_lib(a, ret, "reading config space");
		goto out;
	}
	if (a->format == CLI_FMT_JSON)
		cli_json_print(cli_json_caps(cfg, info->cfg_size));
	else
		print_caps(cfg, info->cfg_size);
out:
	free(cfg);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
