// SPDX-License-Identifier: GPL-2.0-only
/*
 * The controller register commands of the CLI: info (the driver's INFO),
 * show-regs, get-reg and set-reg, in normal and JSON output.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define MAX_FIELDS	32

static struct json_object *json_decoded(const struct nvmetest_reg *r,
					uint64_t value)
{
	struct nvmetest_field f[MAX_FIELDS];
	unsigned int n;

	n = nvmetest_reg_decode(r, value, f, MAX_FIELDS);
	return cli_json_fields(f, n);
}

static void print_decoded(const struct nvmetest_reg *r, uint64_t value)
{
	struct nvmetest_field f[MAX_FIELDS];
	unsigned int n;

	n = nvmetest_reg_decode(r, value, f, MAX_FIELDS);
	cli_print_fields(f, n, "    ", true);
}

/* --- info ------------------------------------------------------------------- */

static const struct {
	uint32_t bit;
	const char *name;
} info_caps[] = {
	{ NVMETEST_INFO_CAP_REGS, "regs" },
	{ NVMETEST_INFO_CAP_CONFIG, "config" },
	{ NVMETEST_INFO_CAP_ADMIN, "admin" },
	{ NVMETEST_INFO_CAP_IRQ, "irq" },
	{ NVMETEST_INFO_CAP_AER, "aer" },
	{ NVMETEST_INFO_CAP_IOQ, "ioq" },
	{ NVMETEST_INFO_CAP_CMDLOG, "cmdlog" },
	{ NVMETEST_INFO_CAP_URING, "uring" },
	{ NVMETEST_INFO_CAP_VERIFY, "verify" },
	{ NVMETEST_INFO_CAP_IOWORKER, "ioworker" },
	{ NVMETEST_INFO_CAP_RESET, "reset" },
	{ NVMETEST_INFO_CAP_VERIFY_LOAD, "verify-load" },
	{ NVMETEST_INFO_CAP_LINK, "link" },
	{ NVMETEST_INFO_CAP_DBUF, "dbuf" },
	{ NVMETEST_INFO_CAP_RAW, "raw" },
};

static void capabilities_str(uint32_t caps, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(info_caps) / sizeof(info_caps[0]); i++)
		if (caps & info_caps[i].bit && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
					      info_caps[i].name);
	if (!buf[0])
		snprintf(buf, len, "none");
}

void cli_json_add_setup(struct json_object *o, const struct nvmetest_info *info)
{
	/* json-c prints an int and an int64 alike */
	const struct { const char *key; int64_t v; } n[] = {
		{ "nr_vectors", info->nr_vectors }, { "asq_depth", info->asq_depth },
		{ "acq_depth", info->acq_depth }, { "nr_io_sq", info->nr_io_sq },
		{ "nr_io_cq", info->nr_io_cq }, { "max_xfer", info->max_xfer },
	};

	json_object_object_add(o, "irq_mode",
			       json_object_new_string(nvmetest_irq_mode_name(info->irq_mode)));
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		json_object_object_add(o, n[i].key, json_object_new_int64(n[i].v));
}

struct json_object *cli_json_info(const char *path,
				  const struct nvmetest_info *info, bool human)
{
	struct json_object *o = json_object_new_object();
	struct json_object *caps = json_object_new_array();
	char vs[16];

	json_object_object_add(o, "dev", json_object_new_string(path));
	json_object_object_add(o, "bdf", json_object_new_string(info->bdf));
	json_object_object_add(o, "abi_major", json_object_new_int(info->abi_major));
	json_object_object_add(o, "abi_minor", json_object_new_int(info->abi_minor));
	json_object_object_add(o, "driver_version",
			       json_object_new_string(info->driver_version));
	json_object_object_add(o, "instance", json_object_new_int64(info->instance));
	json_object_object_add(o, "state",
			       json_object_new_string(nvmetest_state_name(info->state)));
	json_object_object_add(o, "vid", json_object_new_int(info->vendor_id));
	json_object_object_add(o, "did", json_object_new_int(info->device_id));
	json_object_object_add(o, "ssvid", json_object_new_int(info->subsystem_vendor_id));
	json_object_object_add(o, "ssdid", json_object_new_int(info->subsystem_device_id));
	json_object_object_add(o, "class", json_object_new_int64(info->class_code));
	json_object_object_add(o, "rev", json_object_new_int(info->revision));
	json_object_object_add(o, "bar0_len", json_object_new_uint64(info->bar0_len));
	json_object_object_add(o, "cap", json_object_new_uint64(info->cap));
	json_object_object_add(o, "vs", json_object_new_int64(info->vs));
	json_object_object_add(o, "version",
			       json_object_new_string(nvmetest_vs_str(info->vs, vs, sizeof(vs))));
	json_object_object_add(o, "cfg_size", json_object_new_int64(info->cfg_size));
	for (size_t i = 0; i < sizeof(info_caps) / sizeof(info_caps[0]); i++)
		if (info->capabilities & info_caps[i].bit)
			json_object_array_add(caps, json_object_new_string(info_caps[i].name));
	json_object_object_add(o, "capabilities", caps);
	cli_json_add_setup(o, info);
	json_object_object_add(o, "aer_outstanding", json_object_new_int(info->aer_outstanding));
	json_object_object_add(o, "late_completions",
			       json_object_new_uint64(info->late_completions));
	json_object_object_add(o, "last_reset",
			       json_object_new_string(nvmetest_reset_name(info->last_reset)));
	json_object_object_add(o, "resets", json_object_new_int64(info->resets));
	json_object_object_add(o, "last_reset_ns", json_object_new_uint64(info->last_reset_ns));
	json_object_object_add(o, "last_rdy0_ns", json_object_new_uint64(info->last_rdy0_ns));
	json_object_object_add(o, "last_enable_ns",
			       json_object_new_uint64(info->last_enable_ns));
	json_object_object_add(o, "pcie_errors", json_object_new_int64(info->pcie_errors));
	if (human) {
		struct json_object *d = json_object_new_object();

		json_object_object_add(d, "cap", json_decoded(nvmetest_reg_find("cap"),
							      info->cap));
		json_object_object_add(d, "vs", json_decoded(nvmetest_reg_find("vs"),
							     info->vs));
		json_object_object_add(o, "decoded", d);
	}
	return o;
}

int cmd_info(const struct cli_args *a)
{
	const struct nvmetest_info *info;
	struct nvmetest_dev *dev;
	char vs[16], caps[160];

	if (!(dev = cli_open_dev(a)))
		return CLI_EXIT_FAIL;
	info = nvmetest_info_cached(dev);
	if (a->format == CLI_FMT_JSON) {
		cli_json_print(cli_json_info(nvmetest_path(dev), info, a->human));
		nvmetest_close(dev);
		return CLI_EXIT_OK;
	}
	capabilities_str(info->capabilities, caps, sizeof(caps));
	printf("dev          : %s\n", nvmetest_path(dev));
	printf("bdf          : %s\n", info->bdf);
	printf("driver       : nvmetest%s%s, ABI %u.%u (library ABI %u.%u)\n",
	       info->driver_version[0] ? " " : "", info->driver_version,
	       info->abi_major, info->abi_minor, NVMETEST_ABI_MAJOR,
	       NVMETEST_ABI_MINOR);
	printf("state        : %s\n", nvmetest_state_name(info->state));
	printf("vid:did      : %04x:%04x\n", info->vendor_id, info->device_id);
	printf("ssvid:ssdid  : %04x:%04x\n", info->subsystem_vendor_id,
	       info->subsystem_device_id);
	printf("class        : 0x%06x\n", info->class_code);
	printf("rev          : 0x%02x\n", info->revision);
	printf("bar0_len     : %" PRIu64 " (0x%" PRIx64 ")\n", (uint64_t)info->bar0_len,
	       (uint64_t)info->bar0_len);
	printf("cap          : 0x%016" PRIx64 "\n", (uint64_t)info->cap);
	if (a->human)
		print_decoded(nvmetest_reg_find("cap"), info->cap);
	printf("vs           : 0x%08x (NVMe %s)\n", info->vs,
	       nvmetest_vs_str(info->vs, vs, sizeof(vs)));
	printf("cfg_size     : %u\n", info->cfg_size);
	printf("capabilities : %s\n", caps);
	printf("irq          : %s, %u vector(s)\n", nvmetest_irq_mode_name(info->irq_mode),
	       info->nr_vectors);
	printf("admin queue  : %u/%u entries (SQ/CQ)\n", info->asq_depth, info->acq_depth);
	printf("io queues    : %u SQ, %u CQ\n", info->nr_io_sq, info->nr_io_cq);
	printf("max_xfer     : %u\n", info->max_xfer);
	printf("aer          : %u outstanding; late completions: %llu\n",
	       info->aer_outstanding, (unsigned long long)info->late_completions);
	printf("resets       : %u; last: %s, %.3f ms (to RDY = 0: %.3f ms)\n", info->resets,
	       nvmetest_reset_name(info->last_reset), info->last_reset_ns / 1e6,
	       info->last_rdy0_ns / 1e6);
	printf("last enable  : %.3f ms to RDY = 1\n", info->last_enable_ns / 1e6);
	printf("pcie errors  : %u (reported by AER or DPC)\n", info->pcie_errors);
	nvmetest_close(dev);
	return CLI_EXIT_OK;
}

/* --- show-regs ---------------------------------------------------------- */

struct json_object *cli_json_regs(const struct nvmetest_reg_value *v,
				  unsigned int n, bool human)
{
	struct json_object *o = json_object_new_object();
	struct json_object *d = human ? json_object_new_object() : NULL;

	for (unsigned int i = 0; i < n; i++) {
		json_object_object_add(o, v[i].reg->name, json_object_new_uint64(v[i].value));
		if (d)
			json_object_object_add(d, v[i].reg->name,
					       json_decoded(v[i].reg, v[i].value));
	}
	if (d)
		json_object_object_add(o, "decoded", d);
	return o;
}

static void print_reg(const struct nvmetest_reg *r, uint64_t value, bool human)
{
	if (!human) {
		printf("%-8s: 0x%0*" PRIx64 "\n", r->name, r->width * 2, value);
		return;
	}
	printf("%-8s: 0x%-16.*" PRIx64 "  %s\n", r->name, r->width * 2, value, r->desc);
	print_decoded(r, value);
}

int cmd_show_regs(const struct cli_args *a)
{
	struct nvmetest_reg_value v[64];
	struct nvmetest_dev *dev;
	int n;

	if (!(dev = cli_open_dev(a)))
		return CLI_EXIT_FAIL;
	n = nvmetest_reg_dump(dev, v, sizeof(v) / sizeof(v[0]), NULL);
	if (n < 0) {
		cli_fail_lib(a, n, NULL);
		nvmetest_close(dev);
		return CLI_EXIT_FAIL;
	}
	if (a->format == CLI_FMT_JSON) {
		cli_json_print(cli_json_regs(v, n, a->human));
	} else {
		for (int i = 0; i < n; i++)
			print_reg(v[i].reg, v[i].value, a->human);
	}
	nvmetest_close(dev);
	return CLI_EXIT_OK;
}

/* --- get-reg, set-reg ----------------------------------------------------- */

/* One get-reg/set-reg access; @r only when it is exactly that register. */
struct reg_access {
	const struct nvmetest_reg *r;
	uint32_t offset;
	unsigned int width;
};

/*
 * Offset and width of -O/-w: a name gives both, an offset names the
 * register that starts there (if any); the access must be aligned and
 * inside BAR0.
 */
static int reg_target(const struct cli_args *a, const struct nvmetest_info *info, void *p)
{
	struct reg_access *t = p;
	const struct nvmetest_reg *r;

	if (a->reg_name) {
		r = nvmetest_reg_find(a->reg_name);
		if (!r)
			return cli_fail(a, "unknown register '%s' (see 'nvmetest show-regs')",
					a->reg_name);
		t->offset = r->offset;
	} else {
		if (a->offset > UINT32_MAX)
			return cli_fail(a, "offset 0x%" PRIx64 " is beyond BAR0 (%" PRIu64 " bytes)",
					a->offset, (uint64_t)info->bar0_len);
		t->offset = (uint32_t)a->offset;
		r = nvmetest_reg_find_offset(t->offset);
	}
	t->width = a->width ? a->width : r ? r->width : 4;
	if (t->offset % t->width)
		return cli_fail(a, "offset 0x%x is not aligned to the access width (%u)",
				t->offset, t->width);
	if ((uint64_t)t->offset + t->width > info->bar0_len)
		return cli_fail(a, "offset 0x%x + %u passes BAR0 (%" PRIu64 " bytes)",
				t->offset, t->width, (uint64_t)info->bar0_len);
	/* decode only what is exactly that register */
	t->r = r && r->offset == t->offset && r->width == t->width ? r : NULL;
	return 0;
}

static struct json_object *json_access(const struct reg_access *t, uint64_t value)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", cli_json_str_or_null(t->r ? t->r->name : NULL));
	json_object_object_add(o, "offset", json_object_new_int64(t->offset));
	json_object_object_add(o, "width", json_object_new_int(t->width));
	json_object_object_add(o, "value", json_object_new_uint64(value));
	return o;
}

static void print_access(const struct reg_access *t, uint64_t value, const char *op)
{
	if (t->r)
		printf("%s (0x%x) %s 0x%0*" PRIx64 "\n", t->r->name, t->offset, op,
		       (int)t->width * 2, value);
	else
		printf("0x%x %s 0x%0*" PRIx64 "\n", t->offset, op, (int)t->width * 2, value);
}

int cmd_get_reg(const struct cli_args *a)
{
	struct reg_access t;
	struct nvmetest_dev *dev = cli_open_target(a, reg_target, &t);
	uint64_t value;
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = nvmetest_reg_read(dev, t.offset, t.width, &value);
	if (ret) {
		char what[64];

		snprintf(what, sizeof(what), "reading 0x%x", t.offset);
		ret = cli_fail_lib(a, ret, what);
		goto out;
	}
	if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_access(&t, value);

		if (a->human && t.r)
			json_object_object_add(o, "decoded", json_decoded(t.r, value));
		cli_json_print(o);
	} else {
		print_access(&t, value, "=");
		if (a->human && t.r)
			print_decoded(t.r, value);
	}
out:
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_set_reg(const struct cli_args *a)
{
	struct reg_access t;
	struct nvmetest_dev *dev = cli_open_target(a, reg_target, &t);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	if (t.width < 8 && a->value >> (8 * t.width)) {
		ret = cli_fail(a, "value 0x%" PRIx64 " does not fit in %u byte(s)",
			       a->value, t.width);
		goto out;
	}
	ret = nvmetest_reg_write(dev, t.offset, t.width, a->value,
				 a->unsafe ? NVMETEST_RW_UNSAFE : 0);
	if (ret) {
		char what[64];

		snprintf(what, sizeof(what), "writing 0x%x", t.offset);
		ret = cli_fail_write(a, ret, what);
		goto out;
	}
	if (a->format == CLI_FMT_JSON)
		cli_json_print(json_access(&t, a->value));
	else
		print_access(&t, a->value, "<-");
out:
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
