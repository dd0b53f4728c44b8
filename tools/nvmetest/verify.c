// SPDX-License-Identifier: GPL-2.0-only
/*
 * verify-map: data verification through the driver's CRC map (ABI 1.3):
 * configure it per namespace, show its state, dump its entries and show
 * the failure log; and the report of a read that failed verification.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define VERIFY_ALL_NS		0xffffffffU
#define VERIFY_DUMP_DEFAULT	16
/* the driver's failure log holds 256 entries */
#define VERIFY_LOG_MAX		256

int cli_verify_action(const struct cli_args *a)
{
	bool config = cli_given(a, CLI_OPT_V_ENABLE) || cli_given(a, CLI_OPT_V_DISABLE) ||
		      cli_given(a, CLI_OPT_V_CLEAR) || cli_given(a, CLI_OPT_V_CAP);
	int n = config + cli_given(a, CLI_OPT_V_STATUS) + cli_given(a, CLI_OPT_V_DUMP) +
		cli_given(a, CLI_OPT_V_FAILURES) + cli_given(a, CLI_OPT_V_SAVE) +
		cli_given(a, CLI_OPT_V_LOAD);

	if (n > 1) {
		cli_fail(a, "--status, --dump, --failures, --save, --load and the configuration options (--enable, --disable, --clear, --cap) go one at a time");
		return -EINVAL;
	}
	if (a->force && !cli_given(a, CLI_OPT_V_LOAD)) {
		cli_fail(a, "--force goes with --load");
		return -EINVAL;
	}
	if (cli_given(a, CLI_OPT_V_ENABLE) && cli_given(a, CLI_OPT_V_DISABLE)) {
		cli_fail(a, "--enable and --disable go one at a time");
		return -EINVAL;
	}
	if (cli_given(a, CLI_OPT_V_CLEAR_LOG) && !cli_given(a, CLI_OPT_V_FAILURES)) {
		cli_fail(a, "--clear-log goes with --failures");
		return -EINVAL;
	}
	if ((cli_given(a, CLI_OPT_START_BLOCK) || cli_given(a, CLI_OPT_V_COUNT)) &&
	    !cli_given(a, CLI_OPT_V_DUMP)) {
		cli_fail(a, "-s/--start-block and -c/--count go with --dump");
		return -EINVAL;
	}
	if (cli_given(a, CLI_OPT_NSID) && cli_given(a, CLI_OPT_V_FAILURES)) {
		cli_fail(a, "the failure log is per controller: no -n/--namespace-id with --failures");
		return -EINVAL;
	}
	if (cli_given(a, CLI_OPT_V_DUMP))
		return CLI_VERIFY_DUMP;
	if (cli_given(a, CLI_OPT_V_FAILURES))
		return CLI_VERIFY_FAILURES;
	if (cli_given(a, CLI_OPT_V_SAVE))
		return CLI_VERIFY_SAVE;
	if (cli_given(a, CLI_OPT_V_LOAD))
		return CLI_VERIFY_LOAD;
	return config ? CLI_VERIFY_CONFIG : CLI_VERIFY_STATUS;
}

/* --- JSON ------------------------------------------------------------------ */

static struct json_object *json_hex32(uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%08x", v);
	return json_object_new_string(buf);
}

struct json_object *cli_json_verify_status(const struct nvmetest_verify_status *st)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "nsid", json_object_new_int64(st->nsid));
	json_object_object_add(o, "state",
			       json_object_new_string(nvmetest_verify_state_name(st->state)));
	json_object_object_add(o, "lba_size", json_object_new_int64(st->lba_size));
	json_object_object_add(o, "chunk_lbas", json_object_new_int64(st->chunk_lbas));
	json_object_object_add(o, "chunks", json_object_new_uint64(st->chunks));
	json_object_object_add(o, "mem_used", json_object_new_uint64(st->mem_used));
	json_object_object_add(o, "mem_cap", json_object_new_uint64(st->mem_cap));
	json_object_object_add(o, "lbas_written", json_object_new_uint64(st->lbas_written));
	json_object_object_add(o, "lbas_verified", json_object_new_uint64(st->lbas_verified));
	json_object_object_add(o, "lbas_untracked", json_object_new_uint64(st->lbas_untracked));
	json_object_object_add(o, "failures", json_object_new_uint64(st->failures));
	json_object_object_add(o, "users", json_object_new_int64(st->users));
	json_object_object_add(o, "adoptions", json_object_new_int64(st->adoptions));
	json_object_object_add(o, "cut_old", json_object_new_int64(st->cut_old));
	json_object_object_add(o, "cut_new", json_object_new_int64(st->cut_new));
	json_object_object_add(o, "volatile_cache",
			       json_object_new_boolean(st->durability & NVMETEST_VDUR_VWC));
	json_object_object_add(o, "unflushed", json_object_new_uint64(st->unflushed));
	json_object_object_add(o, "unflushed_overflow",
			       json_object_new_boolean(st->durability & NVMETEST_VDUR_LOST));
	json_object_object_add(o, "flushes", json_object_new_uint64(st->flushes));
	return o;
}

/* {"lba": 8, "kind": "crc", "value": 2807366213, "text": "0xa754e045"} */
struct json_object *cli_json_verify_entry(uint64_t lba, uint32_t entry)
{
	struct json_object *o = json_object_new_object();
	char buf[16];

	json_object_object_add(o, "lba", json_object_new_uint64(lba));
	json_object_object_add(o, "kind", json_object_new_string(nvmetest_crc_entry_kind(entry)));
	json_object_object_add(o, "value", json_object_new_int64(entry));
	json_object_object_add(o, "text",
			       json_object_new_string(nvmetest_crc_entry_str(entry, buf,
									     sizeof(buf))));
	return o;
}

struct json_object *cli_json_verify_failure(const struct nvmetest_verify_failure *f)
{
	struct json_object *o = json_object_new_object();
	char buf[16];

	json_object_object_add(o, "time_ns", json_object_new_uint64(f->time_ns));
	json_object_object_add(o, "nsid", json_object_new_int64(f->nsid));
	json_object_object_add(o, "lba", json_object_new_uint64(f->lba));
	json_object_object_add(o, "kind", json_object_new_string(nvmetest_vfail_kind_name(f->kind)));
	json_object_object_add(o, "kind_desc",
			       json_object_new_string(nvmetest_vfail_kind_desc(f->kind)));
	json_object_object_add(o, "expected_crc", json_hex32(f->expected_crc));
	json_object_object_add(o, "expected",
			       json_object_new_string(nvmetest_crc_entry_str(f->expected_crc, buf,
									     sizeof(buf))));
	json_object_object_add(o, "found_crc", json_hex32(f->found_crc));
	json_object_object_add(o, "found_lba", json_object_new_uint64(f->found_lba));
	json_object_object_add(o, "found_token", json_object_new_uint64(f->found_token));
	json_object_object_add(o, "read_qid", json_object_new_int(f->read_qid));
	json_object_object_add(o, "read_cid", json_object_new_int(f->read_cid));
	json_object_object_add(o, "read_seq", json_object_new_uint64(f->read_seq));
	/* 0xffff: the writer is no longer known */
	json_object_object_add(o, "write_qid", f->write_qid == 0xffff ? NULL :
			       json_object_new_int(f->write_qid));
	json_object_object_add(o, "write_seq", f->write_qid == 0xffff ? NULL :
			       json_object_new_uint64(f->write_seq));
	json_object_object_add(o, "write_token", f->write_token ?
			       json_object_new_uint64(f->write_token) : NULL);
	return o;
}

/* The i-th element of each action's list, for cli_json_print_list() */
static struct json_object *json_status_at(const void *st, unsigned int i)
{
	return cli_json_verify_status((const struct nvmetest_verify_status *)st + i);
}

/* verify dump's entries, the first one's LBA with them */
struct dump_entries {
	uint64_t slba;
	const uint32_t *e;
};

static struct json_object *json_entry_at(const void *d, unsigned int i)
{
	const struct dump_entries *de = d;

	return cli_json_verify_entry(de->slba + i, de->e[i]);
}

static struct json_object *json_failure_at(const void *f, unsigned int i)
{
	return cli_json_verify_failure((const struct nvmetest_verify_failure *)f + i);
}

/* --- the actions ------------------------------------------------------------ */

/* The namespaces an action covers: -n, or every active one. */
static int target_ns(const struct cli_args *a, struct nvmetest_dev *dev, uint32_t **nsids,
		     uint32_t *nr)
{
	struct nvmetest_ns_info *ns;
	uint32_t count = 1024, total = 0;
	int ret;

	if (cli_given(a, CLI_OPT_NSID)) {
		*nsids = malloc(sizeof(**nsids));
		if (!*nsids)
			return cli_fail(a, "%s", strerror(ENOMEM));
		**nsids = (uint32_t)a->num[CLI_OPT_NSID];
		*nr = 1;
		return 0;
	}
	ns = calloc(count, sizeof(*ns));
	*nsids = calloc(count, sizeof(**nsids));
	if (!ns || !*nsids) {
		free(ns);
		free(*nsids);
		return cli_fail(a, "%s", strerror(ENOMEM));
	}
	ret = nvmetest_ns_list(dev, ns, &count, 0, &total);
	if (ret) {
		free(ns);
		free(*nsids);
		return cli_cmd_result(a, ret, "namespace list");
	}
	for (uint32_t i = 0; i < count; i++)
		(*nsids)[i] = ns[i].nsid;
	*nr = count;
	free(ns);
	return 0;
}

static void print_status_table(const struct nvmetest_verify_status *st, uint32_t n)
{
	printf("%-6s %-7s %-8s %-8s %-12s %-12s %-12s %-13s %-10s %-8s %-8s %-11s %s\n", "NSID",
	       "State", "LBA size", "Chunks", "Mem used", "Mem cap", "LBAs written",
	       "LBAs verified", "Untracked", "Failures", "Adopted", "Cut old/new", "Unflushed");
	for (uint32_t i = 0; i < n; i++) {
		char cut[32], unfl[32];

		snprintf(cut, sizeof(cut), "%u/%u", st[i].cut_old, st[i].cut_new);
		/* "-": no volatile write cache, every completed write is durable;
		 * "+": more than the map could record (emptied at a power loss) */
		if (st[i].durability & NVMETEST_VDUR_VWC)
			snprintf(unfl, sizeof(unfl), "%" PRIu64 "%s", (uint64_t)st[i].unflushed,
				 st[i].durability & NVMETEST_VDUR_LOST ? "+" : "");
		else
			snprintf(unfl, sizeof(unfl), "-");
		printf("%-6u %-7s %-8u %-8" PRIu64 " %-12" PRIu64 " %-12" PRIu64 " %-12" PRIu64
		       " %-13" PRIu64 " %-10" PRIu64 " %-8" PRIu64 " %-8u %-11s %s\n", st[i].nsid,
		       nvmetest_verify_state_name(st[i].state), st[i].lba_size,
		       (uint64_t)st[i].chunks, (uint64_t)st[i].mem_used, (uint64_t)st[i].mem_cap,
		       (uint64_t)st[i].lbas_written, (uint64_t)st[i].lbas_verified,
		       (uint64_t)st[i].lbas_untracked, (uint64_t)st[i].failures,
		       st[i].adoptions, cut, unfl);
	}
}

static int show_status(const struct cli_args *a, struct nvmetest_dev *dev,
		       const uint32_t *nsids, uint32_t nr)
{
	struct nvmetest_verify_status *st = calloc(nr ? nr : 1, sizeof(*st));
	int ret = 0;

	if (!st)
		return cli_fail(a, "%s", strerror(ENOMEM));
	for (uint32_t i = 0; i < nr && !ret; i++)
		ret = nvmetest_verify_status(dev, nsids[i], &st[i]);
	if (ret) {
		free(st);
		return cli_cmd_result(a, ret, "verify status");
	}
	if (a->format == CLI_FMT_JSON)
		cli_json_print_list(NULL, "namespaces", st, nr, json_status_at);
	else
		print_status_table(st, nr);
	free(st);
	return CLI_EXIT_OK;
}

static int do_config(const struct cli_args *a, struct nvmetest_dev *dev,
		     const uint32_t *nsids, uint32_t nr)
{
	uint32_t flags = 0;
	uint64_t cap = cli_num(a, CLI_OPT_V_CAP, 0);
	char what[64];
	int ret;

	if (cli_given(a, CLI_OPT_V_CLEAR))
		flags |= NVMETEST_VERIFY_CLEAR;
	if (cli_given(a, CLI_OPT_V_CAP))
		flags |= NVMETEST_VERIFY_SET_CAP;
	if (cli_given(a, CLI_OPT_V_ENABLE) || cli_given(a, CLI_OPT_V_DISABLE)) {
		if (cli_given(a, CLI_OPT_V_ENABLE))
			flags |= NVMETEST_VERIFY_ENABLE;
		ret = nvmetest_verify_config(dev, cli_given(a, CLI_OPT_NSID) ? nsids[0] :
					     VERIFY_ALL_NS, flags, cap);
		return ret ? cli_cmd_result(a, ret, "verify config") : 0;
	}
	/* --clear/--cap alone keep each namespace's state: ENABLE is a state */
	for (uint32_t i = 0; i < nr; i++) {
		struct nvmetest_verify_status st;

		snprintf(what, sizeof(what), "verify config (namespace %u)", nsids[i]);
		ret = nvmetest_verify_status(dev, nsids[i], &st);
		if (!ret)
			ret = nvmetest_verify_config(dev, nsids[i], flags |
						     (st.state != NVMETEST_VERIFY_OFF ?
						      NVMETEST_VERIFY_ENABLE : 0), cap);
		if (ret)
			return cli_cmd_result(a, ret, what);
	}
	return 0;
}

static int do_dump(const struct cli_args *a, struct nvmetest_dev *dev)
{
	uint32_t nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1);
	uint64_t slba = cli_num(a, CLI_OPT_START_BLOCK, 0);
	uint32_t count = (uint32_t)cli_num(a, CLI_OPT_V_COUNT, VERIFY_DUMP_DEFAULT);
	uint32_t *e;
	struct json_object *o;
	char buf[16];
	int ret;

	if (!count)
		return cli_fail(a, "-c/--count must be at least 1");
	e = calloc(count, sizeof(*e));
	if (!e)
		return cli_fail(a, "%s", strerror(ENOMEM));
	ret = nvmetest_verify_dump(dev, nsid, slba, e, &count);
	if (ret) {
		free(e);
		return cli_cmd_result(a, ret, "verify dump");
	}
	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		json_object_object_add(o, "nsid", json_object_new_int64(nsid));
		json_object_object_add(o, "slba", json_object_new_uint64(slba));
		cli_json_print_list(o, "entries", &(struct dump_entries){ slba, e }, count,
				    json_entry_at);
	} else if (!count) {
		printf("namespace %u: LBA %" PRIu64 " is past its end: no entries\n", nsid, slba);
	} else {
		printf("namespace %u, LBAs %" PRIu64 "-%" PRIu64 ":\n", nsid, slba,
		       slba + count - 1);
		printf("%-20s %s\n", "LBA", "Entry");
		for (uint32_t i = 0; i < count; i++)
			printf("%-20" PRIu64 " %s\n", slba + i,
			       nvmetest_crc_entry_str(e[i], buf, sizeof(buf)));
	}
	free(e);
	return CLI_EXIT_OK;
}

static int do_failures(const struct cli_args *a, struct nvmetest_dev *dev)
{
	struct nvmetest_verify_failure *f = calloc(VERIFY_LOG_MAX, sizeof(*f));
	uint32_t count = VERIFY_LOG_MAX, lost = 0;
	uint64_t total = 0;
	struct json_object *o;
	char exp[16], wr[64], rd[48];
	int ret;

	if (!f)
		return cli_fail(a, "%s", strerror(ENOMEM));
	ret = nvmetest_verify_failures(dev, f, &count, &lost, &total,
				       cli_given(a, CLI_OPT_V_CLEAR_LOG) ?
				       NVMETEST_VERIFY_FAILURES_CLEAR : 0);
	if (ret) {
		free(f);
		return cli_cmd_result(a, ret, "verify failures");
	}
	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		json_object_object_add(o, "total", json_object_new_uint64(total));
		json_object_object_add(o, "lost", json_object_new_int64(lost));
		cli_json_print_list(o, "failures", f, count, json_failure_at);
		free(f);
		return CLI_EXIT_OK;
	}
	printf("verification failures: %" PRIu64 " since the log was cleared, %u lost, %u shown\n",
	       total, lost, count);
	if (count)
		printf("%-16s %-5s %-12s %-13s %-13s %-10s %-12s %-12s %-20s %s\n", "Time (ns)",
		       "NSID", "LBA", "Kind", "Expected", "Found CRC", "Found LBA",
		       "Found token", "Read qid/cid/seq", "Writer qid/seq/token");
	for (uint32_t i = 0; i < count; i++) {
		if (f[i].write_qid == 0xffff)
			snprintf(wr, sizeof(wr), "unknown");
		else
			snprintf(wr, sizeof(wr), "%u/%" PRIu64 "/%" PRIu64, f[i].write_qid,
				 (uint64_t)f[i].write_seq, (uint64_t)f[i].write_token);
		snprintf(rd, sizeof(rd), "%u/%u/%" PRIu64, f[i].read_qid, f[i].read_cid,
			 (uint64_t)f[i].read_seq);
		printf("%-16" PRIu64 " %-5u %-12" PRIu64 " %-13s %-13s 0x%08x %-12" PRIu64
		       " %-12" PRIu64 " %-20s %s\n", (uint64_t)f[i].time_ns, f[i].nsid,
		       (uint64_t)f[i].lba, nvmetest_vfail_kind_name(f[i].kind),
		       nvmetest_crc_entry_str(f[i].expected_crc, exp, sizeof(exp)),
		       f[i].found_crc, (uint64_t)f[i].found_lba, (uint64_t)f[i].found_token,
		       rd, wr);
	}
	if (cli_given(a, CLI_OPT_V_CLEAR_LOG))
		printf("the log was cleared\n");
	free(f);
	return CLI_EXIT_OK;
}

/* --save FILE and --load FILE: namespace -n (default 1). */
static int do_file(const struct cli_args *a, struct nvmetest_dev *dev, bool save)
{
	uint32_t nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1);
	const char *path = a->str[save ? CLI_OPT_V_SAVE : CLI_OPT_V_LOAD];
	struct json_object *o;
	uint64_t n = 0;
	int ret;

	if (save)
		ret = nvmetest_verify_save_file(dev, nsid, path, &n);
	else
		ret = nvmetest_verify_load_file(dev, nsid, path,
						a->force ? NVMETEST_VMAP_FORCE : 0, &n);
	if (ret)
		return cli_cmd_result(a, ret, save ? "verify save" : "verify load");
	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		json_object_object_add(o, "nsid", json_object_new_int64(nsid));
		json_object_object_add(o, "file", json_object_new_string(path));
		json_object_object_add(o, save ? "saved" : "loaded", json_object_new_uint64(n));
		cli_json_print(o);
	} else {
		printf("namespace %u: %" PRIu64 " map entries %s %s\n", nsid, n,
		       save ? "saved to" : "loaded from", path);
	}
	return CLI_EXIT_OK;
}

int cmd_verify_map(const struct cli_args *a)
{
	struct nvmetest_dev *dev;
	uint32_t *nsids = NULL, nr = 0;
	int action = cli_verify_action(a);
	int ret;

	if (action < 0)
		return CLI_EXIT_USAGE;
	if (!(dev = cli_open_dev(a)))
		return CLI_EXIT_FAIL;
	switch (action) {
	case CLI_VERIFY_DUMP:
		ret = do_dump(a, dev);
		break;
	case CLI_VERIFY_FAILURES:
		ret = do_failures(a, dev);
		break;
	case CLI_VERIFY_SAVE:
	case CLI_VERIFY_LOAD:
		ret = do_file(a, dev, action == CLI_VERIFY_SAVE);
		break;
	default:
		ret = target_ns(a, dev, &nsids, &nr);
		if (!ret && action == CLI_VERIFY_CONFIG)
			ret = do_config(a, dev, nsids, nr);
		/* a configuration shows the state it left */
		if (!ret)
			ret = show_status(a, dev, nsids, nr);
		break;
	}
	free(nsids);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cli_verify_read_failed(const struct cli_args *a, struct nvmetest_dev *dev,
			   uint16_t qid, uint32_t nsid, uint64_t slba, uint32_t nblocks)
{
	struct nvmetest_verify_failure *f = calloc(VERIFY_LOG_MAX, sizeof(*f));
	uint32_t count = VERIFY_LOG_MAX;
	const struct nvmetest_verify_failure *hit = NULL;

	if (f && !nvmetest_verify_failures(dev, f, &count, NULL, NULL, 0)) {
		for (uint32_t i = count; i-- > 0 && !hit;)
			if (f[i].nsid == nsid && f[i].read_qid == qid && f[i].lba >= slba &&
			    f[i].lba < slba + nblocks)
				hit = &f[i];
	}
	if (hit)
		cli_fail(a, "data verification failed at LBA %" PRIu64 " (%s) — see 'nvmetest verify-map --failures'",
			 (uint64_t)hit->lba, nvmetest_vfail_kind_desc(hit->kind));
	else
		cli_fail(a, "data verification failed (namespace %u, LBAs %" PRIu64 "-%" PRIu64
			 ") — see 'nvmetest verify-map --failures'", nsid, slba,
			 slba + nblocks - 1);
	free(f);
	return CLI_EXIT_FAIL;
}
