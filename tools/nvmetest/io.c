// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IO side of the CLI, with nvme-cli's names and options: read, write,
 * compare, flush, write-zeroes, write-uncor, verify, dsm, copy (and the
 * IO queue io-passthru uses, admin.c), plus nvmetest's own create-queue,
 * delete-queue, queues, namespaces and cmdlog.
 *
 * IO queues belong to the file that created them and go when it closes:
 * an IO command of this process uses -q QID when some file already has
 * that SQ (a `create-queue --hold` running beside), else it creates a
 * queue pair for itself and deletes it before exiting.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CLI_IOQ_DEPTH	64
/* more than any cmdlog_entries setting the driver takes */
#define CLI_CMDLOG_MAX	65536

/* --- the IO queue of a command --------------------------------------------- */

/*
 * Every queue the driver has, asking again with room for all when there
 * are more than 64. Return: nvmetest_queue_list()'s count or -errno, the
 * array in *@out (free() it; NULL only when allocation failed).
 */
static int queue_list(struct nvmetest_dev *dev, struct nvmetest_queue_info **out,
		      uint32_t *total)
{
	uint32_t count = 64;
	int ret;

	*out = NULL;
	*total = 0;
	for (;;) {
		free(*out);
		*out = calloc(count, sizeof(**out));
		if (!*out)
			return -ENOMEM;
		ret = nvmetest_queue_list(dev, *out, count, total);
		if (ret < 0 || *total <= count)
			return ret;
		count = *total;
	}
}

/* Whether any file has SQ @qid: 1 yes, 0 no, or -errno. */
static int sq_exists(struct nvmetest_dev *dev, uint16_t qid)
{
	struct nvmetest_queue_info *q;
	uint32_t total;
	int ret, found = 0;

	ret = queue_list(dev, &q, &total);
	for (int i = 0; i < ret; i++)
		if (q[i].qid == qid && q[i].type == NVMETEST_QUEUE_SQ)
			found = 1;
	free(q);
	return ret < 0 ? ret : found;
}

void cli_ioq_params(const struct nvmetest_info *info, uint32_t *depth, uint16_t *vector,
		    uint32_t *flags)
{
	uint32_t mqes = (uint32_t)(info->cap & 0xffff) + 1;

	*depth = mqes >= 2 && mqes < CLI_IOQ_DEPTH ? mqes : CLI_IOQ_DEPTH;
	*flags = 0;
	*vector = 0;
	if (info->irq_mode == NVMETEST_IRQ_NONE || !info->nr_vectors)
		*flags = NVMETEST_CQ_NO_IEN;
	else if (info->nr_vectors > 1)
		*vector = 1;	/* off the admin queue's vector */
}

struct nvmetest_dev *cli_ioq_open(const struct cli_args *a, struct cli_ioq *q)
{
	uint32_t depth, flags;
	uint16_t vector;
	char what[64];
	int ret;

	memset(q, 0, sizeof(*q));
	q->qid = (uint16_t)cli_num(a, CLI_OPT_QID, 1);
	if (!q->qid) {
		cli_fail(a, "queue 0 is the admin queue: -q/--queue-id must be 1 or more");
		return NULL;
	}
	q->dev = cli_open_dev(a);
	if (!q->dev)
		return NULL;
	ret = sq_exists(q->dev, q->qid);
	if (ret > 0)
		return q->dev;
	snprintf(what, sizeof(what), "IO queue pair %u", q->qid);
	if (!ret) {
		cli_ioq_params(nvmetest_info_cached(q->dev), &depth, &vector, &flags);
		ret = nvmetest_qpair_create(q->dev, q->qid, depth, vector, flags);
		if (!ret) {
			q->created = true;
			return q->dev;
		}
	}
	cli_io_result(a, ret, what);
	nvmetest_close(q->dev);
	q->dev = NULL;
	return NULL;
}

void cli_ioq_close(struct cli_ioq *q)
{
	/* explicitly, so that the admin command log shows the deletes */
	if (q->created)
		nvmetest_qpair_delete(q->dev, q->qid);
	nvmetest_close(q->dev);
	q->dev = NULL;
}

/* --- block commands ------------------------------------------------------------ */

struct io_cmd {
	const char *name;	/* for messages and JSON: "read", ... */
	uint8_t opcode;
	bool data_in;		/* controller to host (read) */
	bool data_out;		/* host to controller (write, compare) */
};

static void json_add_cqe(struct json_object *o, const struct nvmetest_cqe *cqe,
			 uint64_t latency)
{
	json_object_object_add(o, "status", json_object_new_int(cqe->status));
	json_object_object_add(o, "status_name",
			       json_object_new_string(nvmetest_status_name(cqe->status)));
	json_object_object_add(o, "result", json_object_new_int64(cqe->result));
	json_object_object_add(o, "cid", json_object_new_int(cqe->cid));
	json_object_object_add(o, "latency_ns", json_object_new_uint64(latency));
}

/* Fill @buf (@len bytes) from a file that has at least that much. */
static int load_file(const struct cli_args *a, const char *path, void *buf, size_t len)
{
	size_t flen;
	void *in = cli_read_file(a, path, &flen);

	if (!in)
		return CLI_EXIT_FAIL;
	if (flen < len) {
		free(in);
		return cli_fail(a, "%s: %zu bytes, the command transfers %zu", path, flen, len);
	}
	memcpy(buf, in, len);
	free(in);
	return CLI_EXIT_OK;
}

/*
 * Sizes of the transfer: -z and -y as given, else from the namespace's
 * format (extended LBAs carry the metadata in the data buffer).
 */
static int io_sizes(const struct cli_args *a, struct nvmetest_dev *dev, uint32_t nsid,
		    uint32_t nblocks, bool with_data, uint32_t *dlen, uint32_t *mlen)
{
	struct nvmetest_ns_info ns;
	uint64_t bytes;
	int ret;

	*dlen = 0;
	*mlen = 0;
	if (!with_data)
		return 0;
	if (cli_given(a, CLI_OPT_DATA_SIZE) && cli_given(a, CLI_OPT_META_SIZE)) {
		*dlen = (uint32_t)a->num[CLI_OPT_DATA_SIZE];
		*mlen = (uint32_t)a->num[CLI_OPT_META_SIZE];
		return 0;
	}
	ret = nvmetest_ns_get(dev, nsid, &ns);
	if (ret)
		return cli_cmd_result(a, ret, "namespace format (give -z/--data-size)");
	bytes = (uint64_t)nblocks * (ns.lba_size + (ns.extended ? ns.ms : 0));
	if (bytes > UINT32_MAX)
		return cli_fail(a, "%u blocks of namespace %u are %" PRIu64 " bytes: too many",
				nblocks, nsid, bytes);
	*dlen = (uint32_t)cli_num(a, CLI_OPT_DATA_SIZE, bytes);
	*mlen = (uint32_t)cli_num(a, CLI_OPT_META_SIZE,
				  ns.extended ? 0 : (uint64_t)nblocks * ns.ms);
	return 0;
}

static int io_report(const struct cli_args *a, const struct io_cmd *ic,
		     const struct nvmetest_io_args *io, const struct nvmetest_cqe *cqe,
		     uint64_t latency, bool show_data)
{
	if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "command", json_object_new_string(ic->name));
		json_object_object_add(o, "qid", json_object_new_int(io->qid));
		json_object_object_add(o, "nsid", json_object_new_int64(io->nsid));
		json_object_object_add(o, "slba", json_object_new_uint64(io->slba));
		json_object_object_add(o, "nlb", json_object_new_int(io->nlb));
		json_add_cqe(o, cqe, latency);
		if (show_data)
			json_object_object_add(o, "data", cli_json_hex(io->data, io->data_len));
		cli_json_print(o);
		return CLI_EXIT_OK;
	}
	printf("%s: Success (nsid %u, slba %" PRIu64 ", %u blocks, qid %u, cid %u, %" PRIu64
	       " ns)\n", ic->name, io->nsid, io->slba, io->nlb + 1U, io->qid, cqe->cid, latency);
	if (show_data)
		cli_hexdump(io->data, io->data_len);
	return CLI_EXIT_OK;
}

/* The CDW12 control bits CLI_GRP_FUA_LR asks for (read, write, copy, ...). */
static uint16_t fua_lr_control(const struct cli_args *a)
{
	return (cli_given(a, CLI_OPT_FUA) ? NVME_IO_FUA : 0) |
	       (cli_given(a, CLI_OPT_LR) ? NVME_IO_LR : 0);
}

static int block_cmd(const struct cli_args *a, const struct io_cmd *ic)
{
	const char *dfile = a->str[CLI_OPT_DATA], *mfile = a->str[CLI_OPT_META_FILE];
	struct nvmetest_cqe cqe = { 0 };
	uint64_t latency = 0;
	struct nvmetest_io_args io = {
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1),
		.slba = cli_num(a, CLI_OPT_START_BLOCK, 0),
		.nlb = (uint16_t)cli_num(a, CLI_OPT_BLOCK_COUNT, 0),
		.timeout_ms = cli_timeout_ms(a),
		.cqe = &cqe,
		.latency_ns = &latency,
	};
	bool with_data = ic->data_in || ic->data_out;
	struct cli_ioq q;
	struct nvmetest_dev *dev;
	int ret;

	io.control = fua_lr_control(a);
	if (cli_given(a, CLI_OPT_DEAC))
		io.control |= NVME_IO_DEAC;
	if (ic->data_out && !dfile)
		return cli_fail(a, "-d/--data FILE is needed: the data to %s", ic->name);

	dev = cli_ioq_open(a, &q);
	if (!dev)
		return CLI_EXIT_FAIL;
	io.qid = q.qid;
	ret = io_sizes(a, dev, io.nsid, io.nlb + 1U, with_data, &io.data_len, &io.meta_len);
	if (ret)
		goto out;
	ret = CLI_EXIT_FAIL;
	if (io.data_len && !(io.data = calloc(1, io.data_len)))
		goto nomem;
	if (io.meta_len && !(io.meta = calloc(1, io.meta_len)))
		goto nomem;
	if (ic->data_out && load_file(a, dfile, io.data, io.data_len))
		goto out;
	if (ic->data_out && mfile && load_file(a, mfile, io.meta, io.meta_len))
		goto out;

	ret = nvmetest_io(dev, ic->opcode, &io);
	if (ret == -EILSEQ && ic->data_in) {
		/* the device completed it, the data failed the CRC map */
		ret = cli_verify_read_failed(a, dev, io.qid, io.nsid, io.slba, io.nlb + 1U);
		goto out;
	}
	if (ret) {
		ret = cli_io_result(a, ret, ic->name);
		goto out;
	}
	if (ic->data_in && dfile && (ret = cli_write_file(a, dfile, io.data, io.data_len)))
		goto out;
	if (ic->data_in && mfile && io.meta &&
	    (ret = cli_write_file(a, mfile, io.meta, io.meta_len)))
		goto out;
	if (ic->data_in && cli_given(a, CLI_OPT_RAW) && !dfile)
		ret = cli_write_raw(a, io.data, io.data_len);
	else
		ret = io_report(a, ic, &io, &cqe, latency, ic->data_in && !dfile);
	goto out;
nomem:
	cli_fail(a, "%s", strerror(ENOMEM));
out:
	cli_ioq_close(&q);
	free(io.data);
	free(io.meta);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* The commands block_cmd() serves, by their name in cli_commands[]. */
static const struct io_cmd block_cmds[] = {
	{ "read", nvme_cmd_read, true, false },
	{ "write", nvme_cmd_write, false, true },
	{ "compare", nvme_cmd_compare, false, true },
	{ "write-zeroes", nvme_cmd_write_zeroes, false, false },
	{ "write-uncor", nvme_cmd_write_uncor, false, false },
	{ "verify", nvme_cmd_verify, false, false },
};

int cmd_block(const struct cli_args *a)
{
	for (size_t i = 0; i < sizeof(block_cmds) / sizeof(block_cmds[0]); i++)
		if (!strcmp(a->cmd->name, block_cmds[i].name))
			return block_cmd(a, &block_cmds[i]);
	return cli_fail(a, "not a block command");
}

/* --- flush, dsm, copy ------------------------------------------------------------ */

/* The one-line result of a command without data. */
static int simple_report(const struct cli_args *a, const char *name, uint16_t qid,
			 uint32_t nsid, const struct nvmetest_cqe *cqe, uint64_t latency)
{
	if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "command", json_object_new_string(name));
		json_object_object_add(o, "qid", json_object_new_int(qid));
		json_object_object_add(o, "nsid", json_object_new_int64(nsid));
		json_add_cqe(o, cqe, latency);
		cli_json_print(o);
	} else {
		printf("%s: Success (nsid %u, qid %u, cid %u, %" PRIu64 " ns)\n", name, nsid,
		       qid, cqe->cid, latency);
	}
	return CLI_EXIT_OK;
}

/*
 * Send @c on the command's IO queue (cli_ioq_open()) and report it in one
 * line: flush, dsm and copy. The latency shown is @c's latency_ns, 0 when
 * it has none.
 */
static int ioq_cmd(const struct cli_args *a, const char *name, struct nvmetest_cmd_args *c)
{
	struct nvmetest_cqe cqe = { 0 };
	struct cli_ioq q;
	struct nvmetest_dev *dev = cli_ioq_open(a, &q);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	c->qid = q.qid;
	c->cqe = &cqe;
	ret = nvmetest_io_cmd(dev, c);
	ret = ret ? cli_io_result(a, ret, name) :
		    simple_report(a, name, q.qid, c->nsid, &cqe,
				  c->latency_ns ? *c->latency_ns : 0);
	cli_ioq_close(&q);
	return ret;
}

int cmd_flush(const struct cli_args *a)
{
	uint64_t latency = 0;
	struct nvmetest_cmd_args c = {
		.opcode = nvme_cmd_flush,
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1),
		.timeout_ms = cli_timeout_ms(a),
		.latency_ns = &latency,
	};

	return ioq_cmd(a, "flush", &c);
}

/* The -s/--slbs and -b/--blocks lists of dsm and copy. */
struct cli_ranges {
	uint64_t slbs[CLI_LIST_MAX];
	uint64_t blocks[CLI_LIST_MAX];
	int n;
};

/* -s and -b as lists of the same length: 0, or -1 after reporting. */
static int ranges_of(const struct cli_args *a, struct cli_ranges *in)
{
	int nb = cli_list(a, CLI_OPT_BLOCKS, in->blocks, CLI_LIST_MAX);

	in->n = cli_list(a, CLI_OPT_SLBS, in->slbs, CLI_LIST_MAX);
	if (in->n <= 0 || nb <= 0)
		return cli_fail(a, "-s/--slbs and -b/--blocks are needed"), -1;
	if (in->n != nb)
		return cli_fail(a, "-s/--slbs has %d ranges, -b/--blocks %d: one each", in->n,
				nb), -1;
	return 0;
}

int cmd_dsm(const struct cli_args *a)
{
	struct nvme_dsm_range r[CLI_LIST_MAX];
	struct nvmetest_dsm_args d = {
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1),
		.ranges = r,
		.timeout_ms = cli_timeout_ms(a),
	};
	struct nvmetest_cmd_args c;
	struct cli_ranges in;

	if (ranges_of(a, &in))
		return CLI_EXIT_FAIL;
	for (int i = 0; i < in.n; i++)
		nvmetest_dsm_range(&r[i], 0, (uint32_t)in.blocks[i], in.slbs[i]);
	d.nr_ranges = (uint32_t)in.n;
	if (cli_given(a, CLI_OPT_AD))
		d.attrs |= NVME_DSMGMT_AD;
	if (cli_given(a, CLI_OPT_IDR))
		d.attrs |= NVME_DSMGMT_IDR;
	if (cli_given(a, CLI_OPT_IDW))
		d.attrs |= NVME_DSMGMT_IDW;
	if (nvmetest_dsm_build(&d, &c))
		return cli_fail(a, "%d ranges: 1 to %u", in.n, CLI_LIST_MAX);
	return ioq_cmd(a, "dsm", &c);
}

int cmd_copy(const struct cli_args *a)
{
	struct nvme_copy_range r[CLI_LIST_MAX];
	struct nvmetest_copy_args cp = {
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1),
		.sdlba = a->num[CLI_OPT_SDLBA],
		.ranges = r,
		.timeout_ms = cli_timeout_ms(a),
	};
	struct nvmetest_cmd_args c;
	struct cli_ranges in;

	if (ranges_of(a, &in))
		return CLI_EXIT_FAIL;
	for (int i = 0; i < in.n; i++) {
		if (in.blocks[i] > UINT16_MAX)
			return cli_fail(a, "-b/--blocks %" PRIu64 ": a copy range is at most 65535 (0's based)",
					in.blocks[i]);
		nvmetest_copy_range(&r[i], in.slbs[i], (uint16_t)in.blocks[i]);
	}
	cp.nr_ranges = (uint32_t)in.n;
	cp.control = fua_lr_control(a);
	if (nvmetest_copy_build(&cp, &c))
		return cli_fail(a, "%d ranges: 1 to %u", in.n, CLI_LIST_MAX);
	return ioq_cmd(a, "copy", &c);
}

/* --- queues ---------------------------------------------------------------------- */

static const char *qtype_name(uint16_t type)
{
	return type == NVMETEST_QUEUE_SQ ? "sq" : type == NVMETEST_QUEUE_CQ ? "cq" : "?";
}

int cmd_create_queue(const struct cli_args *a)
{
	uint16_t qid = (uint16_t)a->num[CLI_OPT_QID];
	bool cq = cli_given(a, CLI_OPT_CQ) || !cli_given(a, CLI_OPT_SQ);
	bool sq = cli_given(a, CLI_OPT_SQ) || !cli_given(a, CLI_OPT_CQ);
	uint32_t qflags = cli_given(a, CLI_OPT_DISCONTIG) ? NVMETEST_QUEUE_DISCONTIG : 0;
	struct nvmetest_cq_create c = {
		.qid = qid,
		.vector = (uint16_t)cli_num(a, CLI_OPT_VECTOR, 0),
		.depth = (uint32_t)cli_num(a, CLI_OPT_DEPTH, CLI_IOQ_DEPTH),
		.flags = qflags | (cli_given(a, CLI_OPT_NO_IEN) ? NVMETEST_CQ_NO_IEN : 0),
	};
	struct nvmetest_sq_create s = {
		.qid = qid,
		.cqid = (uint16_t)cli_num(a, CLI_OPT_CQID, qid),
		.depth = c.depth,
		.flags = qflags,
		.qprio = (uint8_t)cli_num(a, CLI_OPT_QPRIO, 0),
	};
	struct json_object *o = NULL, *arr = NULL;
	const char *step = "create IO CQ";
	struct nvmetest_dev *dev;
	int ret = 0;

	if (c.depth < 2)
		return cli_fail(a, "--depth %u: a queue has at least 2 entries", c.depth);
	dev = cli_open_dev(a);
	if (!dev)
		return CLI_EXIT_FAIL;
	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		arr = json_object_new_array();
		json_object_object_add(o, "created", arr);
	}
	if (cq) {
		ret = nvmetest_cq_create(dev, &c);
		if (ret)
			goto fail;
		if (arr)
			json_object_array_add(arr, json_object_new_string("cq"));
		else
			printf("created IO CQ %u: %u entries, vector %u%s%s\n", qid, c.depth,
			       c.vector, c.flags & NVMETEST_CQ_NO_IEN ? ", no interrupts" : "",
			       qflags ? ", discontiguous" : "");
	}
	if (sq) {
		step = "create IO SQ";
		ret = nvmetest_sq_create(dev, &s);
		if (ret)
			goto fail;
		if (arr)
			json_object_array_add(arr, json_object_new_string("sq"));
		else
			printf("created IO SQ %u: %u entries, CQ %u, priority %u%s\n", qid, s.depth,
			       s.cqid, s.qprio, qflags ? ", discontiguous" : "");
	}
	if (o) {
		json_object_object_add(o, "qid", json_object_new_int(qid));
		cli_json_print(o);
		o = NULL;
	}
	if (cli_given(a, CLI_OPT_HOLD)) {
		/* the queues live as long as this file: keep it open */
		fflush(stdout);
		if (a->num[CLI_OPT_HOLD])
			sleep((unsigned int)a->num[CLI_OPT_HOLD]);
		else
			pause();
	}
	nvmetest_close(dev);
	return CLI_EXIT_OK;
fail:
	json_object_put(o);
	if (ret > 0)
		cli_io_result(a, ret, step);
	else
		cli_fail_lib(a, ret, NULL);
	nvmetest_close(dev);
	return CLI_EXIT_FAIL;
}

int cmd_delete_queue(const struct cli_args *a)
{
	uint16_t qid = (uint16_t)a->num[CLI_OPT_QID];
	bool cq = cli_given(a, CLI_OPT_CQ) || !cli_given(a, CLI_OPT_SQ);
	bool sq = cli_given(a, CLI_OPT_SQ) || !cli_given(a, CLI_OPT_CQ);
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret = 0;

	if (!dev)
		return CLI_EXIT_FAIL;
	if (sq)
		ret = nvmetest_queue_delete(dev, qid, NVMETEST_QUEUE_SQ);
	if (!ret && cq)
		ret = nvmetest_queue_delete(dev, qid, NVMETEST_QUEUE_CQ);
	if (ret > 0)
		ret = cli_io_result(a, ret, sq ? "delete IO SQ" : "delete IO CQ");
	else if (ret)
		ret = cli_fail_lib(a, ret, NULL);
	else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "deleted", json_object_new_int(qid));
		cli_json_print(o);
	} else {
		printf("deleted IO queue %u\n", qid);
	}
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

struct json_object *cli_json_queue(const struct nvmetest_queue_info *q)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "qid", json_object_new_int(q->qid));
	json_object_object_add(o, "type", json_object_new_string(qtype_name(q->type)));
	json_object_object_add(o, "depth", json_object_new_int64(q->depth));
	json_object_object_add(o, "flags", json_object_new_int64(q->flags));
	if (q->type == NVMETEST_QUEUE_SQ) {
		json_object_object_add(o, "cqid", json_object_new_int(q->cqid));
		json_object_object_add(o, "qprio", json_object_new_int64(q->qprio));
		json_object_object_add(o, "tail", json_object_new_int64(q->tail));
		json_object_object_add(o, "outstanding", json_object_new_int64(q->outstanding));
		json_object_object_add(o, "submitted", json_object_new_uint64(q->submitted));
	} else {
		json_object_object_add(o, "vector", json_object_new_int(q->vector));
		json_object_object_add(o, "phase", json_object_new_int64(q->phase));
	}
	json_object_object_add(o, "head", json_object_new_int64(q->head));
	json_object_object_add(o, "completed", json_object_new_uint64(q->completed));
	return o;
}

static struct json_object *json_queue_at(const void *q, unsigned int i)
{
	return cli_json_queue((const struct nvmetest_queue_info *)q + i);
}

int cmd_queues(const struct cli_args *a)
{
	struct nvmetest_queue_info *q;
	uint32_t total;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int n;

	if (!dev)
		return CLI_EXIT_FAIL;
	n = queue_list(dev, &q, &total);
	if (!q) {
		nvmetest_close(dev);
		return cli_fail(a, "%s", strerror(ENOMEM));
	}
	if (n < 0) {
		cli_fail_lib(a, n, NULL);
	} else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "total", json_object_new_int64(total));
		cli_json_print_list(o, "queues", q, n, json_queue_at);
	} else {
		printf("%-5s %-4s %6s %5s %4s %6s %6s %11s %12s %12s\n", "qid", "type", "depth",
		       "cq/iv", "prio", "head", "tail", "outstanding", "submitted", "completed");
		for (int i = 0; i < n; i++) {
			if (q[i].type == NVMETEST_QUEUE_SQ)
				printf("%-5u %-4s %6u %5u %4u %6u %6u %11u %12" PRIu64 " %12" PRIu64
				       "\n", q[i].qid, "sq", q[i].depth, q[i].cqid, q[i].qprio,
				       q[i].head, q[i].tail, q[i].outstanding,
				       (uint64_t)q[i].submitted, (uint64_t)q[i].completed);
			else
				printf("%-5u %-4s %6u %5u %4s %6u %6s %11s %12s %12" PRIu64 "\n",
				       q[i].qid, qtype_name(q[i].type), q[i].depth, q[i].vector, "-",
				       q[i].head, "-", "-", "-", (uint64_t)q[i].completed);
		}
	}
	free(q);
	nvmetest_close(dev);
	return n < 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* --- namespaces ------------------------------------------------------------------ */

/* LBA format dword: MS 15:0, LBADS 23:16, RP 25:24 */
#define LBAF_MS(d)	((d) & 0xffff)
#define LBAF_DS(d)	(((d) >> 16) & 0xff)
#define LBAF_RP(d)	(((d) >> 24) & 0x3)

static unsigned int ns_format_index(uint8_t flbas)
{
	return (flbas & 0xf) | ((flbas >> 5) & 0x3) << 4;
}

struct json_object *cli_json_ns_info(const struct nvmetest_ns_info *ns)
{
	struct json_object *o = json_object_new_object();
	struct json_object *lbafs = json_object_new_array();

	json_object_object_add(o, "nsid", json_object_new_int64(ns->nsid));
	json_object_object_add(o, "nsze", json_object_new_uint64(ns->nsze));
	json_object_object_add(o, "ncap", json_object_new_uint64(ns->ncap));
	json_object_object_add(o, "nuse", json_object_new_uint64(ns->nuse));
	json_object_object_add(o, "flbas", json_object_new_int(ns->flbas));
	json_object_object_add(o, "nlbaf", json_object_new_int(ns->nlbaf));
	json_object_object_add(o, "dps", json_object_new_int(ns->dps));
	json_object_object_add(o, "mc", json_object_new_int(ns->mc));
	json_object_object_add(o, "dlfeat", json_object_new_int(ns->dlfeat));
	json_object_object_add(o, "lba_size", json_object_new_int64(ns->lba_size));
	json_object_object_add(o, "ms", json_object_new_int(ns->ms));
	json_object_object_add(o, "extended", json_object_new_boolean(ns->extended));
	json_object_object_add(o, "size", json_object_new_uint64(ns->nsze * ns->lba_size));
	for (unsigned int i = 0; i <= ns->nlbaf && i < 64; i++) {
		struct json_object *f = json_object_new_object();

		json_object_object_add(f, "ms", json_object_new_int(LBAF_MS(ns->lbaf[i])));
		json_object_object_add(f, "ds", json_object_new_int(LBAF_DS(ns->lbaf[i])));
		json_object_object_add(f, "rp", json_object_new_int(LBAF_RP(ns->lbaf[i])));
		json_object_array_add(lbafs, f);
	}
	json_object_object_add(o, "lbafs", lbafs);
	return o;
}

static void human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

static struct json_object *json_ns_at(const void *ns, unsigned int i)
{
	return cli_json_ns_info((const struct nvmetest_ns_info *)ns + i);
}

int cmd_namespaces(const struct cli_args *a)
{
	struct nvmetest_ns_info *ns = NULL;
	uint32_t total = 0, size = 16, n = 0;
	uint32_t flags = cli_given(a, CLI_OPT_RESCAN) ? NVMETEST_NS_RESCAN : 0;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	for (;;) {
		free(ns);
		ns = calloc(size, sizeof(*ns));
		if (!ns) {
			nvmetest_close(dev);
			return cli_fail(a, "%s", strerror(ENOMEM));
		}
		n = size;
		ret = nvmetest_ns_list(dev, ns, &n, flags, &total);
		if (ret || total <= size)
			break;
		size = total;
		flags = 0;	/* rescanned once is enough */
	}
	if (ret) {
		cli_io_result(a, ret, "namespace list");
	} else if (a->format == CLI_FMT_JSON) {
		cli_json_print_list(NULL, "namespaces", ns, n, json_ns_at);
	} else {
		printf("%-6s %-10s %-14s %8s %4s %-8s %-6s %s\n", "nsid", "size", "lbas",
		       "lba size", "ms", "extended", "format", "formats");
		for (uint32_t i = 0; i < n; i++) {
			char sz[32];

			human_size(ns[i].nsze * ns[i].lba_size, sz, sizeof(sz));
			printf("%-6u %-10s %-14" PRIu64 " %8u %4u %-8s %-6u %u\n", ns[i].nsid, sz,
			       (uint64_t)ns[i].nsze, ns[i].lba_size, ns[i].ms,
			       ns[i].extended ? "yes" : "no", ns_format_index(ns[i].flbas),
			       ns[i].nlbaf + 1U);
		}
	}
	free(ns);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* --- command log ----------------------------------------------------------------- */

/*
 * Whether the entry holds the device's CQE: not while outstanding, nor
 * when the host ended the command (reset, queue deleted, device gone:
 * the driver stores no CQE then). A late completion after a timeout does
 * store it.
 */
static bool cmdlog_has_cqe(const struct nvmetest_cmdlog_entry *e)
{
	return e->done && e->host_status != NVMETEST_HOST_ABORTED_RESET &&
	       e->host_status != NVMETEST_HOST_DEVICE_GONE;
}

static void json_add_u64(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

struct json_object *cli_json_sqe(const struct nvmetest_sqe *q)
{
	struct json_object *o = json_object_new_object();
	char key[8];

	json_add_u64(o, "cdw0", q->dw[0]);
	json_add_u64(o, "opc", q->opcode);
	json_add_u64(o, "fuse", q->fuse);
	json_add_u64(o, "psdt", q->psdt);
	json_add_u64(o, "cid", q->cid);
	json_add_u64(o, "nsid", q->nsid);
	json_add_u64(o, "cdw2", q->dw[2]);
	json_add_u64(o, "cdw3", q->dw[3]);
	json_add_u64(o, "mptr", q->mptr);
	json_add_u64(o, "prp1", q->prp1);
	json_add_u64(o, "prp2", q->prp2);
	for (unsigned int i = 10; i < 16; i++) {
		snprintf(key, sizeof(key), "cdw%u", i);
		json_add_u64(o, key, q->dw[i]);
	}
	return o;
}

/* Every dword of the CQE, raw and decoded. */
static struct json_object *json_cqe(const uint8_t raw[16])
{
	struct json_object *o = json_object_new_object();
	struct nvmetest_cqe c;
	uint32_t dw;
	char key[8];

	for (unsigned int i = 0; i < 4; i++) {
		memcpy(&dw, raw + 4 * i, 4);
		snprintf(key, sizeof(key), "dw%u", i);
		json_add_u64(o, key, le32toh(dw));
	}
	nvmetest_cqe_decode(raw, &c);
	json_add_u64(o, "sqhd", c.sqhd);
	json_add_u64(o, "sqid", c.sqid);
	json_add_u64(o, "cid", c.cid);
	json_add_u64(o, "p", c.phase);
	json_add_u64(o, "status", c.status);
	return o;
}

struct json_object *cli_json_cmdlog(const struct nvmetest_cmdlog_entry *e)
{
	struct json_object *o = json_object_new_object();
	struct nvmetest_cmdlog_rec rec, *r = &rec;
	struct nvmetest_sqe sqe;

	nvmetest_cmdlog_decode(e, r);
	nvmetest_sqe_decode(e->sqe, &sqe);
	json_object_object_add(o, "seq", json_object_new_uint64(r->seq));
	json_object_object_add(o, "qid", json_object_new_int(r->qid));
	json_object_object_add(o, "cid", json_object_new_int(r->cid));
	json_object_object_add(o, "opcode", json_object_new_int(r->opcode));
	json_object_object_add(o, "name", json_object_new_string(r->name));
	json_object_object_add(o, "nsid", json_object_new_int64(r->nsid));
	if (r->has_lba) {
		json_object_object_add(o, "slba", json_object_new_uint64(r->slba));
		json_object_object_add(o, "nlb", json_object_new_int(r->nlb));
	} else {
		json_object_object_add(o, "cdw10", json_object_new_int64(r->cdw10));
	}
	json_object_object_add(o, "done", json_object_new_boolean(r->done));
	json_object_object_add(o, "overrun",
			       json_object_new_boolean(e->flags & NVMETEST_CMDLOG_OVERRUN));
	json_object_object_add(o, "host_status",
			       json_object_new_string(nvmetest_host_status_name(r->host_status)));
	json_object_object_add(o, "status", json_object_new_int(r->status));
	json_object_object_add(o, "status_name",
			       json_object_new_string(r->done ? nvmetest_status_name(r->status) :
							       "OUTSTANDING"));
	json_object_object_add(o, "result", json_object_new_int64(r->result));
	json_object_object_add(o, "submit_ns", json_object_new_uint64(r->submit_ns));
	json_object_object_add(o, "complete_ns", json_object_new_uint64(r->complete_ns));
	json_object_object_add(o, "latency_ns", json_object_new_uint64(r->latency_ns));
	json_object_object_add(o, "sqe", cli_json_sqe(&sqe));
	json_object_object_add(o, "cqe", cmdlog_has_cqe(e) ? json_cqe(e->cqe) : NULL);
	return o;
}

/* -v: the SQE and the CQE under the entry's row, every dword in hex. */
static void print_cmdlog_dwords(FILE *f, const struct nvmetest_cmdlog_entry *e)
{
	struct nvmetest_sqe q;
	struct nvmetest_cqe c;

	nvmetest_sqe_decode(e->sqe, &q);
	fprintf(f, "    sqe  cdw0  0x%08x  nsid  0x%08x  cdw2  0x%08x  cdw3  0x%08x\n",
		q.dw[0], q.nsid, q.dw[2], q.dw[3]);
	fprintf(f, "         mptr  0x%016" PRIx64 "  prp1  0x%016" PRIx64 "  prp2  0x%016" PRIx64 "\n",
		q.mptr, q.prp1, q.prp2);
	fprintf(f, "         cdw10 0x%08x  cdw11 0x%08x  cdw12 0x%08x\n",
		q.dw[10], q.dw[11], q.dw[12]);
	fprintf(f, "         cdw13 0x%08x  cdw14 0x%08x  cdw15 0x%08x\n",
		q.dw[13], q.dw[14], q.dw[15]);
	if (!e->done) {
		fprintf(f, "    cqe  none yet: outstanding\n");
		return;
	}
	if (!cmdlog_has_cqe(e)) {
		fprintf(f, "    cqe  none: ended by the host (%s)\n",
			nvmetest_host_status_name(e->host_status));
		return;
	}
	nvmetest_cqe_decode(e->cqe, &c);
	fprintf(f, "    cqe  dw0   0x%08x  dw1   0x%08x  sqhd  %-10u  sqid  %u\n",
		c.result, c.dw1, c.sqhd, c.sqid);
	fprintf(f, "         cid   %-10u  p     %-10u  status 0x%04x\n", c.cid, c.phase,
		c.status);
}

void cli_print_cmdlog(FILE *f, const struct nvmetest_cmdlog_entry *e, bool verbose)
{
	char lba[48] = "-", status[40];
	struct nvmetest_cmdlog_rec r;

	nvmetest_cmdlog_decode(e, &r);
	if (r.has_lba)
		snprintf(lba, sizeof(lba), "%" PRIu64 "+%u", r.slba, r.nlb + 1U);
	if (!r.done)
		snprintf(status, sizeof(status), "OUTSTANDING");
	else if (r.host_status != NVMETEST_HOST_OK)
		snprintf(status, sizeof(status), "%s", nvmetest_host_status_name(r.host_status));
	else
		snprintf(status, sizeof(status), "%s", nvmetest_status_name(r.status));
	fprintf(f, "%6" PRIu64 ".%06" PRIu64 " %6" PRIu64 " %3u %5u %-28.28s %5u %-16s %-20s %10.1f\n",
		r.submit_ns / 1000000000, r.submit_ns % 1000000000 / 1000, r.seq, r.qid,
		r.cid, r.name, r.nsid, lba, status, (double)r.latency_ns / 1000);
	if (verbose)
		print_cmdlog_dwords(f, e);
}

static struct json_object *json_cmdlog_at(const void *e, unsigned int i)
{
	return cli_json_cmdlog((const struct nvmetest_cmdlog_entry *)e + i);
}

int cmd_cmdlog(const struct cli_args *a)
{
	uint16_t qid = (uint16_t)cli_num(a, CLI_OPT_QID, 0);
	uint32_t count = cli_given(a, CLI_OPT_COUNT) ? (uint32_t)a->count : 16;
	struct nvmetest_cmdlog_entry *e = calloc(count, sizeof(*e));
	struct nvmetest_dev *dev;
	uint64_t total = 0;
	int n;

	if (count > CLI_CMDLOG_MAX) {
		free(e);
		return cli_fail(a, "-n/--count %u: at most %u entries", count, CLI_CMDLOG_MAX);
	}
	if (!e)
		return cli_fail(a, "%s", strerror(ENOMEM));
	dev = cli_open_dev(a);
	if (!dev) {
		free(e);
		return CLI_EXIT_FAIL;
	}
	n = nvmetest_cmdlog(dev, qid, e, count, &total);
	if (n < 0) {
		cli_fail_lib(a, n, NULL);
	} else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "qid", json_object_new_int(qid));
		json_object_object_add(o, "total", json_object_new_uint64(total));
		cli_json_print_list(o, "entries", e, n, json_cmdlog_at);
	} else {
		printf("%13s %6s %3s %5s %-28s %5s %-16s %-20s %10s\n", "time (s)", "seq", "qid",
		       "cid", "opcode", "nsid", "slba+blocks", "status", "lat (us)");
		for (int i = 0; i < n; i++)
			cli_print_cmdlog(stdout, &e[i], cli_given(a, CLI_OPT_VERBOSE));
	}
	free(e);
	nvmetest_close(dev);
	return n < 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
