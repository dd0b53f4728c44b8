// SPDX-License-Identifier: GPL-2.0-only
/*
 * The controller commands of the CLI: init (the whole bring-up or one
 * step of it), reset, shutdown, the PCI-level resets (flr, hot-reset,
 * subsystem-reset), the interrupt vector table (irq) and the asynchronous
 * events (events).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

enum { STEP_DISABLE, STEP_IRQ, STEP_ADMINQ, STEP_ENABLE };

static struct json_object *json_state(const struct nvmetest_info *info)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "state",
			       json_object_new_string(nvmetest_state_name(info->state)));
	cli_json_add_setup(o, info);
	json_object_object_add(o, "cc", json_object_new_int64(info->cc));
	json_object_object_add(o, "csts", json_object_new_int64(info->csts));
	return o;
}

static void print_state(const struct nvmetest_info *info)
{
	printf("state      : %s\n", nvmetest_state_name(info->state));
	printf("irq        : %s, %u vector(s)\n", nvmetest_irq_mode_name(info->irq_mode),
	       info->nr_vectors);
	printf("admin queue: %u/%u entries (SQ/CQ)\n", info->asq_depth, info->acq_depth);
	printf("io queues  : %u SQ, %u CQ\n", info->nr_io_sq, info->nr_io_cq);
	printf("max_xfer   : %u\n", info->max_xfer);
	printf("cc         : 0x%08x\n", info->cc);
	printf("csts       : 0x%08x\n", info->csts);
}

/* Report the state after a step, or its failure. */
static int step_result(const struct cli_args *a, struct nvmetest_dev *dev, int ret,
		       const char *what)
{
	ret = cli_cmd_result(a, ret, what);
	if (!ret) {
		nvmetest_info_refresh(dev, NULL);
		if (a->format == CLI_FMT_JSON)
			cli_json_print(json_state(nvmetest_info_cached(dev)));
		else
			print_state(nvmetest_info_cached(dev));
	}
	nvmetest_close(dev);
	return ret;
}

static uint32_t irq_vectors(const struct cli_args *a, uint32_t mode)
{
	if (mode == NVMETEST_IRQ_NONE)
		return 0;
	if (mode == NVMETEST_IRQ_INTX)
		return 1;
	return (uint32_t)cli_num(a, CLI_OPT_VECTORS, 2);
}

int cmd_init(const struct cli_args *a)
{
	uint32_t mode = (uint32_t)cli_num(a, CLI_OPT_IRQ, NVMETEST_IRQ_MSIX);
	uint16_t depth = (uint16_t)cli_num(a, CLI_OPT_AQ_DEPTH, 32);
	struct nvmetest_dev *dev;
	uint32_t vectors;
	int ret;

	if (cli_given(a, CLI_OPT_AQ_DEPTH) && depth < 2)
		return cli_fail(a, "--aq-depth must be 2 to 4096");
	if (cli_given(a, CLI_OPT_CC) && (!cli_given(a, CLI_OPT_STEP) ||
					 a->num[CLI_OPT_STEP] != STEP_ENABLE))
		return cli_fail(a, "--cc goes with --step=enable");
	if (cli_given(a, CLI_OPT_VECTORS) && mode == NVMETEST_IRQ_NONE)
		return cli_fail(a, "--vectors makes no sense with --irq=none");
	vectors = irq_vectors(a, mode);
	if (mode != NVMETEST_IRQ_NONE && !vectors)
		return cli_fail(a, "--vectors must be at least 1");
	dev = cli_open_dev(a);
	if (!dev)
		return CLI_EXIT_FAIL;

	if (!cli_given(a, CLI_OPT_STEP)) {
		struct nvmetest_ctrl_init init = {
			.irq_mode = mode,
			.nr_vectors = vectors,
			.aq_depth = depth,
			.nr_io_queues = (uint16_t)cli_num(a, CLI_OPT_IO_QUEUES, 0),
		};

		return step_result(a, dev, nvmetest_ctrl_init(dev, &init), "init");
	}
	switch (a->num[CLI_OPT_STEP]) {
	case STEP_DISABLE:
		ret = nvmetest_ctrl_disable(dev, (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0), NULL);
		return step_result(a, dev, ret, "disable");
	case STEP_IRQ:
		ret = nvmetest_irq_setup(dev, mode, &vectors);
		return step_result(a, dev, ret, "irq setup");
	case STEP_ADMINQ:
		ret = nvmetest_adminq_setup(dev, depth, depth);
		return step_result(a, dev, ret, "admin queue setup");
	default: {
		struct nvmetest_ctrl_enable en = {
			.flags = cli_given(a, CLI_OPT_CC) ? NVMETEST_ENABLE_RAW_CC : 0,
			.cc = (uint32_t)cli_num(a, CLI_OPT_CC, 0),
			.timeout_ms = (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0),
		};

		return step_result(a, dev, nvmetest_ctrl_enable(dev, &en), "enable");
	}
	}
}

int cmd_reset(const struct cli_args *a)
{
	struct nvmetest_dev *dev = cli_open_dev(a);

	if (!dev)
		return CLI_EXIT_FAIL;
	return step_result(a, dev, nvmetest_ctrl_reset(dev, (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0),
						       NULL), "reset");
}

int cmd_shutdown(const struct cli_args *a)
{
	struct nvmetest_dev *dev = cli_open_dev(a);

	if (!dev)
		return CLI_EXIT_FAIL;
	return step_result(a, dev, nvmetest_ctrl_shutdown(dev, cli_given(a, CLI_OPT_ABRUPT),
							  (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0),
							  NULL), "shutdown");
}

/* --- flr, hot-reset, subsystem-reset ------------------------------------- */

static int do_reset(const struct cli_args *a, uint32_t type)
{
	struct nvmetest_reset r = {
		.type = type,
		.flags = (cli_given(a, CLI_OPT_NO_QUIRK) ? NVMETEST_RESET_NO_QUIRK : 0) |
			 (cli_given(a, CLI_OPT_NO_RESTORE) ? NVMETEST_RESET_NO_RESTORE : 0),
		.timeout_ms = (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0),
	};
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = cli_cmd_result(a, nvmetest_reset(dev, &r), "reset");
	if (!ret && a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "reset",
				       json_object_new_string(nvmetest_reset_name(type)));
		json_object_object_add(o, "state",
				       json_object_new_string(nvmetest_state_name(r.state)));
		json_object_object_add(o, "csts", json_object_new_int64(r.csts));
		json_object_object_add(o, "reset_ns", json_object_new_uint64(r.reset_ns));
		json_object_object_add(o, "rdy0_ns", json_object_new_uint64(r.rdy0_ns));
		if (type == NVMETEST_RESET_LINK)
			json_object_object_add(o, "link_ns", json_object_new_uint64(r.link_ns));
		if (type == NVMETEST_RESET_NSSR)
			json_object_object_add(o, "peers", json_object_new_int64(r.peers));
		if (r.flags & NVMETEST_RESET_NO_RESTORE)
			json_object_object_add(o, "unreachable",
					       json_object_new_string(nvmetest_why_name(r.why)));
		cli_json_print(o);
	} else if (!ret) {
		printf("reset      : %s\n", nvmetest_reset_name(type));
		if (r.rdy0_ns)
			printf("took       : %.3f ms (to CSTS.RDY = 0: %.3f ms)\n",
			       r.reset_ns / 1e6, r.rdy0_ns / 1e6);
		else		/* --no-restore: no register was read */
			printf("took       : %.3f ms\n", r.reset_ns / 1e6);
		if (type == NVMETEST_RESET_LINK)
			printf("link       : up %.3f ms after Link Disable was cleared\n",
			       r.link_ns / 1e6);
		if (type == NVMETEST_RESET_NSSR)
			printf("peers      : %u other controller%s of the subsystem reset with it\n",
			       r.peers, r.peers == 1 ? "" : "s");
		if (r.why)
			printf("config     : not restored: %s\n", nvmetest_why_name(r.why));
		printf("state      : %s\n", nvmetest_state_name(r.state));
		printf("csts       : 0x%08x\n", r.csts);
	}
	nvmetest_close(dev);
	return ret;
}

int cmd_flr(const struct cli_args *a)
{
	return do_reset(a, NVMETEST_RESET_FLR);
}

int cmd_hot_reset(const struct cli_args *a)
{
	return do_reset(a, NVMETEST_RESET_HOT);
}

int cmd_subsystem_reset(const struct cli_args *a)
{
	return do_reset(a, NVMETEST_RESET_NSSR);
}

int cmd_link_reset(const struct cli_args *a)
{
	return do_reset(a, NVMETEST_RESET_LINK);
}

/* --- aspm ------------------------------------------------------------------- */

/* ASPM Control (LNKCTL 1:0) or ASPM Support (LNKCAP 11:10, shifted down) */
static const char *aspm_name(uint32_t v)
{
	static const char *const names[] = { "off", "l0s", "l1", "l0s+l1" };

	return names[v & 3];
}

int cmd_aspm(const struct cli_args *a)
{
	struct nvmetest_aspm s = { 0 };
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	if (cli_given(a, CLI_OPT_ASPM_SET)) {
		s.flags = NVMETEST_ASPM_SET;
		s.control = (uint32_t)cli_num(a, CLI_OPT_ASPM_SET, 0);
	}
	ret = cli_cmd_result(a, nvmetest_aspm(dev, &s), NULL);
	/* an end that did not take the value: what each reads is the finding */
	if ((!ret || s.why == NVMETEST_WHY_NOT_TAKEN) && a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "control", json_object_new_string(aspm_name(s.control)));
		json_object_object_add(o, "port_control",
				       json_object_new_string(aspm_name(s.port_lnkctl)));
		json_object_object_add(o, "supported",
				       json_object_new_string(aspm_name(s.dev_lnkcap >> 10)));
		json_object_object_add(o, "port_supported",
				       json_object_new_string(aspm_name(s.port_lnkcap >> 10)));
		json_object_object_add(o, "taken", json_object_new_boolean(!ret));
		json_object_object_add(o, "dev_lnkcap", json_object_new_int64(s.dev_lnkcap));
		json_object_object_add(o, "dev_lnkctl", json_object_new_int64(s.dev_lnkctl));
		json_object_object_add(o, "port_lnkcap", json_object_new_int64(s.port_lnkcap));
		json_object_object_add(o, "port_lnkctl", json_object_new_int64(s.port_lnkctl));
		json_object_object_add(o, "port_lnksta", json_object_new_int64(s.port_lnksta));
		cli_json_print(o);
	} else if (!ret || s.why == NVMETEST_WHY_NOT_TAKEN) {
		printf("aspm       : %s (port: %s)\n", aspm_name(s.control),
		       aspm_name(s.port_lnkctl));
		printf("supported  : %s (port: %s)\n", aspm_name(s.dev_lnkcap >> 10),
		       aspm_name(s.port_lnkcap >> 10));
		printf("lnkctl     : 0x%04x (port: 0x%04x, port lnksta 0x%04x)\n", s.dev_lnkctl,
		       s.port_lnkctl, s.port_lnksta);
	}
	nvmetest_close(dev);
	return ret;
}

/* --- power ------------------------------------------------------------------ */

int cmd_power(const struct cli_args *a)
{
	struct nvmetest_power p = {
		.state = cli_num(a, CLI_OPT_POWER_STATE, 0) ? 3 : 0,
		.timeout_ms = (uint32_t)cli_num(a, CLI_OPT_TIMEOUT, 0),
	};
	struct nvmetest_dev *dev;
	int ret;

	if (!cli_given(a, CLI_OPT_POWER_STATE))
		return cli_fail(a, "--state=D0 or --state=D3hot is required");
	dev = cli_open_dev(a);
	if (!dev)
		return CLI_EXIT_FAIL;
	ret = cli_cmd_result(a, nvmetest_power(dev, &p), "power");
	if (!ret && a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "power_state",
				       json_object_new_string(p.state ? "D3hot" : "D0"));
		json_object_object_add(o, "old_power_state", json_object_new_int(p.old_state));
		json_object_object_add(o, "no_soft_reset", json_object_new_boolean(p.no_soft_reset));
		json_object_object_add(o, "state",
				       json_object_new_string(nvmetest_state_name(p.ctrl_state)));
		json_object_object_add(o, "csts", json_object_new_int64(p.csts));
		json_object_object_add(o, "transition_ns", json_object_new_uint64(p.transition_ns));
		cli_json_print(o);
	} else if (!ret) {
		printf("power      : D%u -> %s (No_Soft_Reset %u)\n", p.old_state,
		       p.state ? "D3hot" : "D0", p.no_soft_reset);
		printf("took       : %.3f ms\n", p.transition_ns / 1e6);
		printf("state      : %s\n", nvmetest_state_name(p.ctrl_state));
		if (p.ctrl_state != NVMETEST_STATE_D3HOT)
			printf("csts       : 0x%08x\n", p.csts);
	}
	nvmetest_close(dev);
	return ret;
}

/* --- irq ------------------------------------------------------------------ */

struct json_object *cli_json_irq(const struct nvmetest_irq_vector *v, unsigned int n,
				 uint32_t mode, uint32_t nr)
{
	struct json_object *o = json_object_new_object();
	struct json_object *arr = json_object_new_array();

	json_object_object_add(o, "mode", json_object_new_string(nvmetest_irq_mode_name(mode)));
	json_object_object_add(o, "nr_vectors", json_object_new_int64(nr));
	for (unsigned int i = 0; i < n; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "vector", json_object_new_int64(v[i].vector));
		json_object_object_add(e, "count", json_object_new_uint64(v[i].count));
		json_object_object_add(e, "fired", json_object_new_boolean(v[i].fired));
		json_object_object_add(e, "masked", json_object_new_boolean(v[i].masked));
		json_object_object_add(e, "last_ns", json_object_new_uint64(v[i].last_ns));
		json_object_object_add(e, "completions", json_object_new_uint64(v[i].completions));
		json_object_object_add(e, "spurious", json_object_new_uint64(v[i].spurious));
		json_object_object_add(e, "masked_irqs", json_object_new_uint64(v[i].masked_irqs));
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "vectors", arr);
	return o;
}

int cmd_irq(const struct cli_args *a)
{
	static struct nvmetest_irq_vector v[2048];
	static const struct {
		enum cli_opt opt;
		int (*fn)(struct nvmetest_dev *dev, uint32_t vector);
		const char *what;
	} ops[] = {
		{ CLI_OPT_IRQ_CLEAR, nvmetest_irq_clear, "clear" },
		{ CLI_OPT_IRQ_MASK, nvmetest_irq_mask, "mask" },
		{ CLI_OPT_IRQ_UNMASK, nvmetest_irq_unmask, "unmask" },
	};
	struct nvmetest_dev *dev = cli_open_dev(a);
	uint32_t mode = 0, nr = 0;
	int n;

	if (!dev)
		return CLI_EXIT_FAIL;
	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		int ret;

		if (!cli_given(a, ops[i].opt))
			continue;
		ret = ops[i].fn(dev, (uint32_t)a->num[ops[i].opt]);
		if (ret) {
			cli_fail_lib(a, ret, ops[i].what);
			nvmetest_close(dev);
			return CLI_EXIT_FAIL;
		}
	}
	n = nvmetest_irq_stats(dev, 0, v, sizeof(v) / sizeof(v[0]), &mode, &nr);
	if (n < 0) {
		cli_fail_lib(a, n, "irq stats");
		nvmetest_close(dev);
		return CLI_EXIT_FAIL;
	}
	if (a->format == CLI_FMT_JSON) {
		cli_json_print(cli_json_irq(v, (unsigned int)n, mode, nr));
	} else {
		printf("mode: %s, %u vector(s)\n", nvmetest_irq_mode_name(mode), nr);
		if (n)
			printf("%-6s %12s %5s %6s %18s %12s %9s %11s\n", "vector", "count", "fired",
			       "masked", "last_fire_ns", "completions", "spurious", "masked_irqs");
		for (int i = 0; i < n; i++)
			printf("%-6u %12" PRIu64 " %5s %6s %18" PRIu64 " %12" PRIu64 " %9" PRIu64 " %11u\n",
			       v[i].vector, (uint64_t)v[i].count, v[i].fired ? "yes" : "no",
			       v[i].masked ? "yes" : "no", (uint64_t)v[i].last_ns,
			       (uint64_t)v[i].completions, (uint64_t)v[i].spurious,
			       v[i].masked_irqs);
	}
	nvmetest_close(dev);
	return CLI_EXIT_OK;
}

/* --- events --------------------------------------------------------------- */

struct json_object *cli_json_event(const struct nvmetest_event *e)
{
	struct json_object *o = json_object_new_object();
	struct nvmetest_aen aen;

	nvmetest_aen_decode(e->dw0, &aen);
	json_object_object_add(o, "seq", json_object_new_uint64(e->seq));
	json_object_object_add(o, "time_ns", json_object_new_uint64(e->time_ns));
	json_object_object_add(o, "dw0", json_object_new_int64(e->dw0));
	json_object_object_add(o, "status", json_object_new_int(e->status));
	json_object_object_add(o, "type", json_object_new_int(aen.type));
	json_object_object_add(o, "type_name",
			       json_object_new_string(nvmetest_aen_type_name(aen.type)));
	json_object_object_add(o, "info", json_object_new_int(aen.info));
	json_object_object_add(o, "info_name",
			       json_object_new_string(nvmetest_aen_info_name(aen.type, aen.info)));
	json_object_object_add(o, "log_page", json_object_new_int(aen.lid));
	return o;
}

static struct json_object *json_event_at(const void *ev, unsigned int i)
{
	return cli_json_event((const struct nvmetest_event *)ev + i);
}

int cmd_events(const struct cli_args *a)
{
	struct nvmetest_event ev[256];
	struct nvmetest_dev *dev = cli_open_dev(a);
	uint64_t wait_ms = cli_num(a, CLI_OPT_WAIT, 0) * 1000;
	uint32_t lost = 0;
	int n, ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	if (cli_given(a, CLI_OPT_AER)) {
		ret = nvmetest_aer_config(dev, (uint32_t)a->num[CLI_OPT_AER]);
		if (ret) {
			cli_fail_lib(a, ret, "aer");
			nvmetest_close(dev);
			return CLI_EXIT_FAIL;
		}
	}
	for (uint64_t waited = 0;; waited += 100) {
		n = nvmetest_events(dev, ev, sizeof(ev) / sizeof(ev[0]), &lost);
		if (n || waited >= wait_ms)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	}
	if (n < 0) {
		cli_fail_lib(a, n, "events");
		nvmetest_close(dev);
		return CLI_EXIT_FAIL;
	}
	if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "aer_outstanding",
				       json_object_new_int(nvmetest_info_cached(dev)->aer_outstanding));
		json_object_object_add(o, "lost", json_object_new_int64(lost));
		cli_json_print_list(o, "events", ev, n, json_event_at);
	} else {
		printf("aer outstanding: %u, events: %d, lost: %u\n",
		       nvmetest_info_cached(dev)->aer_outstanding, n, lost);
		for (int i = 0; i < n; i++) {
			struct nvmetest_aen aen;

			nvmetest_aen_decode(ev[i].dw0, &aen);
			printf("[%" PRIu64 "] %" PRIu64 " ns: %s: %s (info 0x%02x), log page 0x%02x (%s), dw0 0x%08x\n",
			       (uint64_t)ev[i].seq, (uint64_t)ev[i].time_ns,
			       nvmetest_aen_type_name(aen.type),
			       nvmetest_aen_info_name(aen.type, aen.info), aen.info, aen.lid,
			       nvmetest_log_name(aen.lid), ev[i].dw0);
		}
	}
	nvmetest_close(dev);
	return CLI_EXIT_OK;
}
