// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sysfs commands of the CLI: list (NVMe PCI functions and who has
 * them), bind and unbind, and power-cycle (lib/powercycle.c with hooks
 * that run shell commands).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

struct json_object *cli_json_func(const struct nvmetest_pci_func *f)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ns = json_object_new_array();

	json_object_object_add(o, "bdf", json_object_new_string(f->bdf));
	json_object_object_add(o, "vid", json_object_new_int(f->vendor_id));
	json_object_object_add(o, "did", json_object_new_int(f->device_id));
	json_object_object_add(o, "ssvid", json_object_new_int(f->subsystem_vendor_id));
	json_object_object_add(o, "ssdid", json_object_new_int(f->subsystem_device_id));
	json_object_object_add(o, "class", json_object_new_int((int32_t)f->class_code));
	json_object_object_add(o, "driver", cli_json_str_or_null(f->driver));
	json_object_object_add(o, "driver_override",
			       cli_json_str_or_null(f->driver_override));
	json_object_object_add(o, "dev", cli_json_str_or_null(f->devnode));
	json_object_object_add(o, "instance",
			       f->instance >= 0 ? json_object_new_int(f->instance) : NULL);
	json_object_object_add(o, "ctrl", cli_json_str_or_null(f->ctrl));
	json_object_object_add(o, "mn", cli_json_str_or_null(f->model));
	json_object_object_add(o, "sn", cli_json_str_or_null(f->serial));
	json_object_object_add(o, "fr", cli_json_str_or_null(f->firmware));
	for (unsigned int i = 0; i < f->nr_blockdevs; i++)
		json_object_array_add(ns, json_object_new_string(f->blockdevs[i]));
	json_object_object_add(o, "namespaces", ns);
	return o;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_funcs(const struct nvmetest_pci_func *v, unsigned int n)
{
	printf("%-13s %-9s %-9s %-15s %-6s %-24s %-20s %s\n", "BDF", "VID:DID",
	       "Driver", "Node", "Ctrl", "Model", "Serial", "Namespaces");
	for (unsigned int i = 0; i < n; i++) {
		const struct nvmetest_pci_func *f = &v[i];
		char ids[16], ns[256] = "";
		size_t pos = 0;

		snprintf(ids, sizeof(ids), "%04x:%04x", f->vendor_id, f->device_id);
		for (unsigned int j = 0; j < f->nr_blockdevs && pos < sizeof(ns); j++)
			pos += snprintf(ns + pos, sizeof(ns) - pos, "%s%s",
					j ? "," : "", f->blockdevs[j]);
		printf("%-13s %-9s %-9s %-15s %-6s %-24s %-20s %s\n", f->bdf, ids,
		       or_dash(f->driver), or_dash(f->devnode), or_dash(f->ctrl),
		       or_dash(f->model), or_dash(f->serial), or_dash(ns));
	}
}

int cmd_list(const struct cli_args *a)
{
	struct nvmetest_pci_func *v;
	struct json_object *o, *arr;
	unsigned int n;
	int ret;

	ret = nvmetest_pci_scan(&v, &n);
	if (ret)
		return cli_fail_lib(a, ret, "scanning PCI functions");
	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		arr = json_object_new_array();
		for (unsigned int i = 0; i < n; i++)
			json_object_array_add(arr, cli_json_func(&v[i]));
		json_object_object_add(o, "functions", arr);
		cli_json_print(o);
	} else if (!n) {
		printf("No NVMe PCI function.\n");
	} else {
		print_funcs(v, n);
	}
	nvmetest_pci_free(v, n);
	return CLI_EXIT_OK;
}

/*
 * After a bind or unbind (@done: "bound"), read the function back and
 * show it: JSON, or @print's line.
 */
static int show_func(const struct cli_args *a, const char *done,
		     void (*print)(const struct nvmetest_pci_func *f))
{
	struct nvmetest_pci_func f;
	char what[64];
	int ret;

	ret = nvmetest_pci_func_get(a->dev, &f);
	if (ret) {
		snprintf(what, sizeof(what), "%s, but reading it back", done);
		return cli_fail_lib(a, ret, what);
	}
	if (a->format == CLI_FMT_JSON)
		cli_json_print(cli_json_func(&f));
	else
		print(&f);
	nvmetest_pci_func_release(&f);
	return CLI_EXIT_OK;
}

static void print_bound(const struct nvmetest_pci_func *f)
{
	printf("%s: bound to nvmetest as %s\n", f->bdf, or_dash(f->devnode));
}

int cmd_bind(const struct cli_args *a)
{
	int ret;

	ret = nvmetest_bind(a->dev, a->force ? NVMETEST_BIND_FORCE : 0);
	if (ret < 0)
		return cli_fail_lib(a, ret, NULL);
	return show_func(a, "bound", print_bound);
}

static void print_unbound(const struct nvmetest_pci_func *f)
{
	if (f->driver[0])
		printf("%s: unbound from nvmetest, now bound to %s\n", f->bdf, f->driver);
	else
		printf("%s: unbound from nvmetest, no driver took it\n", f->bdf);
}

int cmd_unbind(const struct cli_args *a)
{
	int ret;

	ret = nvmetest_unbind(a->dev);
	if (ret)
		return cli_fail_lib(a, ret, NULL);
	return show_func(a, "unbound", print_unbound);
}

/* A power cycle hook: sh -c CMD with NVMETEST_BDF set; 0 or its status. */
struct pc_hook {
	const char *cmd;
	const char *bdf;
};

static int run_hook(const char *cmd, const char *bdf)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		setenv("NVMETEST_BDF", bdf, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static int pc_off(void *arg)
{
	const struct pc_hook *h = arg;

	return run_hook(h[0].cmd, h[0].bdf);
}

static int pc_on(void *arg)
{
	const struct pc_hook *h = arg;

	return run_hook(h[1].cmd, h[1].bdf);
}

int cmd_power_cycle(const struct cli_args *a)
{
	struct pc_hook hooks[2] = {
		{ a->str[CLI_OPT_OFF_CMD], a->dev }, { a->str[CLI_OPT_ON_CMD], a->dev },
	};
	struct nvmetest_power_cycle pc = {
		.off = pc_off, .on = pc_on, .arg = hooks,
		.off_ms = (unsigned int)cli_num(a, CLI_OPT_OFF_TIME, 0),
		.timeout_ms = (unsigned int)cli_num(a, CLI_OPT_TIMEOUT, 0),
	};
	struct nvmetest_pci_func f;
	struct json_object *o;
	int ret;

	ret = nvmetest_pci_func_get(a->dev, &f);
	if (ret)
		return cli_fail_lib(a, ret, NULL);
	hooks[0].bdf = hooks[1].bdf = f.bdf;
	ret = nvmetest_power_cycle(f.bdf, &pc, a->force ? NVMETEST_BIND_FORCE : 0);
	if (ret < 0) {
		nvmetest_pci_func_release(&f);
		return cli_fail_lib(a, ret, NULL);
	}
	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		json_object_object_add(o, "bdf", json_object_new_string(f.bdf));
		json_object_object_add(o, "instance", json_object_new_int(ret));
		json_object_object_add(o, "removed_by_sysfs", json_object_new_boolean(pc.removed));
		json_object_object_add(o, "off_hook_ns", json_object_new_uint64(pc.off_ns));
		json_object_object_add(o, "gone_ns", json_object_new_uint64(pc.gone_ns));
		json_object_object_add(o, "off_ms", json_object_new_int64(pc.off_ms));
		json_object_object_add(o, "on_hook_ns", json_object_new_uint64(pc.on_ns));
		json_object_object_add(o, "back_ns", json_object_new_uint64(pc.back_ns));
		json_object_object_add(o, "bind_ns", json_object_new_uint64(pc.bind_ns));
		cli_json_print(o);
	} else {
		printf("%s: power cycled, bound to nvmetest as nvmetest%d: off hook %.3f s, "
		       "gone %.3f s later%s, %u ms off, on hook %.3f s, back %.3f s later, "
		       "bound in %.3f s\n", f.bdf, ret, pc.off_ns / 1e9, pc.gone_ns / 1e9,
		       pc.removed ? " (removed through sysfs)" : "", pc.off_ms, pc.on_ns / 1e9,
		       pc.back_ns / 1e9, pc.bind_ns / 1e9);
	}
	nvmetest_pci_func_release(&f);
	return CLI_EXIT_OK;
}
