// SPDX-License-Identifier: GPL-2.0-only
/*
 * raw-queue: the raw path (ABI 1.11) from the command line. The CLI
 * creates a raw IO CQ and SQ, writes copies of the command
 * CLI_GRP_PASSTHRU describes into the SQ itself (CIDs counting up, the
 * data in a DMA buffer with the PRPs the library builds, or the bus
 * addresses --prp1/--prp2 give), rings the doorbells, reads the CQEs by
 * their phase tag (woken by the CQ vector's interrupt eventfd, or
 * polling), shows them and deletes the queues. The driver only creates
 * and deletes raw queues, and only with NVMETEST_INFO_CAP_RAW.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* -t's default: how long each CQE may take */
#define RAW_TIMEOUT_MS	10000

/* One raw-queue command line: its queues, buffers and what came back. */
struct raw_run {
	const struct cli_args *a;
	struct nvmetest_dev *dev;
	struct cli_passthru p;		/* the command and its data */
	struct nvmetest_sqe sqe;	/* what is posted: @p's, with PRPs and MPTR */
	struct nvmetest_dbuf *data;
	struct nvmetest_dbuf *list;	/* the PRP list, when the data needs one */
	struct nvmetest_dbuf *meta;
	struct nvmetest_rawq *cq;
	struct nvmetest_rawq *sq;
	int efd;			/* the CQ vector's eventfd; -1: polled */
	uint64_t mps;			/* CC.MPS in bytes */
	uint32_t depth;
	uint16_t qid;
	uint16_t vector;
	uint16_t cid;			/* of the first command */
	bool ien;
	uint32_t count;			/* commands to send */
	uint32_t done;			/* CQEs in @cqes, in the order they came */
	struct nvmetest_cqe *cqes;
};

/*
 * cli_open_target()'s check: the driver allows raw queues now, and the
 * queues' defaults from its INFO (cli_ioq_params()). Before any ioctl:
 * the library reads CC first, and a disabled controller's CC would be
 * reported as a bad entry size.
 */
static int raw_target(const struct cli_args *a, const struct nvmetest_info *info, void *t)
{
	struct raw_run *r = t;
	uint32_t depth, flags;
	uint16_t vector;

	if (!(info->capabilities & NVMETEST_INFO_CAP_DBUF))
		return cli_fail(a, "the driver (ABI %u.%u) has no DMA buffers: raw queues need ABI 1.11",
				info->abi_major, info->abi_minor);
	if (!(info->capabilities & NVMETEST_INFO_CAP_RAW))
		return cli_fail(a, "the driver allows no raw queues now: they need the device behind a translating IOMMU, or the module parameter raw_unsafe=1 (/sys/module/nvmetest/parameters/raw_unsafe) on a dedicated test host");
	if (info->state != NVMETEST_STATE_ENABLED)
		return cli_fail(a, "the controller is not enabled (nvmetest init)");
	cli_ioq_params(info, &depth, &vector, &flags);
	r->mps = nvmetest_cc_mps(info->cc);
	r->depth = (uint32_t)cli_num(a, CLI_OPT_DEPTH, depth);
	r->vector = (uint16_t)cli_num(a, CLI_OPT_VECTOR, vector);
	/* the driver lets a raw CQ interrupt in MSI-X mode only */
	r->ien = !cli_given(a, CLI_OPT_NO_IEN) && !(flags & NVMETEST_CQ_NO_IEN) &&
		 info->irq_mode == NVMETEST_IRQ_MSIX;
	/* the device may have the vector, the eventfd needs the driver's */
	if (r->ien && r->vector >= info->nr_vectors)
		return cli_fail(a, "--vector %u: the driver has %u %s vectors (--no-ien polls the CQ)",
				r->vector, info->nr_vectors, nvmetest_irq_mode_name(info->irq_mode));
	return 0;
}

/*
 * The command's data in a DMA buffer (the bytes cli_passthru_build()
 * made), PRP1, PRP2 and a PRP list over it for CC.MPS, the metadata in a
 * buffer of its own (MPTR: one contiguous piece); then --prp1/--prp2.
 */
static int raw_data(struct raw_run *r)
{
	const struct cli_args *a = r->a;
	uint32_t len = r->p.c.data_len, mlen = r->p.c.meta_len;
	int pages, ret;

	if (len) {
		ret = nvmetest_dbuf_alloc(r->dev, len, len > NVMETEST_DBUF_MAX_CONTIG ?
					  NVMETEST_DBUF_SCATTERED : 0, &r->data);
		if (ret)
			return cli_fail_lib(a, ret, "data buffer");
		memcpy(r->data->va, r->p.c.data, len);
		/* a bad CC.MPS is < 0 here; nvmetest_prp_build() says why */
		pages = nvmetest_prp_list_pages(nvmetest_dbuf_addr(r->data, 0), len,
						(uint32_t)r->mps);
		if (pages > 0) {
			ret = nvmetest_dbuf_alloc(r->dev, (size_t)pages * r->mps, 0, &r->list);
			if (ret)
				return cli_fail_lib(a, ret, "PRP list buffer");
		}
		ret = nvmetest_prp_build(r->data, 0, len, (uint32_t)r->mps, r->list, 0,
					 &r->sqe.prp1, &r->sqe.prp2);
		if (ret)
			return cli_fail_lib(a, ret, NULL);
	}
	if (mlen) {
		ret = nvmetest_dbuf_alloc(r->dev, mlen, 0, &r->meta);
		if (ret)
			return cli_fail_lib(a, ret, "metadata buffer");
		memcpy(r->meta->va, r->p.c.meta, mlen);
		r->sqe.mptr = nvmetest_dbuf_addr(r->meta, 0);
	}
	r->sqe.prp1 = cli_num(a, CLI_OPT_PRP1, r->sqe.prp1);
	r->sqe.prp2 = cli_num(a, CLI_OPT_PRP2, r->sqe.prp2);
	return 0;
}

/* CQ then SQ, and the CQ vector's eventfd before any doorbell. */
static int raw_queues(struct raw_run *r)
{
	const struct cli_args *a = r->a;
	int ret;

	ret = nvmetest_raw_cq_create(r->dev, r->qid, r->depth, r->vector,
				     r->ien ? 0 : NVMETEST_CQ_NO_IEN, NULL, 0, &r->cq);
	if (!ret)
		ret = nvmetest_raw_sq_create(r->dev, r->qid, r->qid, r->depth, 0, 0, NULL, 0,
					     &r->sq);
	if (ret > 0)
		return cli_io_result(a, ret, r->cq ? "create raw SQ" : "create raw CQ");
	if (ret)
		return cli_fail_lib(a, ret, NULL);
	if (!r->ien)
		return 0;
	r->efd = nvmetest_irq_eventfd(r->dev, r->vector);
	return r->efd < 0 ? cli_fail_lib(a, r->efd, NULL) : 0;
}

/*
 * Post the copies in batches of depth - 1, all an SQ holds (so the CQ,
 * as deep, never fills either), ring the tail doorbell once per batch,
 * take the CQEs as they come and write the head doorbell once the
 * batch is in. Return: 0 or CLI_EXIT_FAIL after reporting.
 */
static int raw_send(struct raw_run *r, int timeout_ms)
{
	const struct cli_args *a = r->a;
	uint32_t batch, posted = 0;
	uint8_t raw[64];
	char what[64];
	int ret;

	while (posted < r->count) {
		batch = r->count - posted < r->depth - 1 ? r->count - posted : r->depth - 1;
		for (uint32_t i = 0; i < batch; i++) {
			/* CIDs wrap at 16 bits, as the field */
			r->sqe.cid = (uint16_t)(r->cid + posted + i);
			nvmetest_sqe_encode(&r->sqe, raw);
			nvmetest_raw_sq_post(r->sq, raw);
		}
		posted += batch;
		ret = nvmetest_raw_sq_ring(r->sq);
		if (ret)
			return cli_fail_lib(a, ret, NULL);
		for (; r->done < posted; r->done++) {
			ret = nvmetest_raw_cq_wait(r->cq, r->efd, timeout_ms, &r->cqes[r->done]);
			if (ret) {
				snprintf(what, sizeof(what), "CQE %u of %u", r->done + 1, r->count);
				return cli_fail_lib(a, ret, what);
			}
			nvmetest_raw_cq_pop(r->cq);
		}
		ret = nvmetest_raw_cq_ring(r->cq);
		if (ret)
			return cli_fail_lib(a, ret, NULL);
	}
	return 0;
}

static struct json_object *json_raw_cqe(const void *cqes, unsigned int i)
{
	const struct nvmetest_cqe *c = (const struct nvmetest_cqe *)cqes + i;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "cid", json_object_new_int(c->cid));
	json_object_object_add(o, "sqid", json_object_new_int(c->sqid));
	json_object_object_add(o, "sqhd", json_object_new_int(c->sqhd));
	json_object_object_add(o, "phase", json_object_new_int(c->phase));
	json_object_object_add(o, "status", json_object_new_int(c->status));
	json_object_object_add(o, "status_name",
			       json_object_new_string(nvmetest_status_name(c->status)));
	json_object_object_add(o, "result", json_object_new_int64(c->result));
	json_object_object_add(o, "dw1", json_object_new_int64(c->dw1));
	return o;
}

static void raw_json(const struct raw_run *r, bool show_data)
{
	struct json_object *o = json_object_new_object();
	struct nvmetest_sqe first = r->sqe;
	uint8_t raw[64];

	/* the first command as sent: its dwords agree with the named fields */
	first.cid = r->cid;
	nvmetest_sqe_encode(&first, raw);
	nvmetest_sqe_decode(raw, &first);
	json_object_object_add(o, "qid", json_object_new_int(r->qid));
	json_object_object_add(o, "depth", json_object_new_int64(r->depth));
	json_object_object_add(o, "vector", json_object_new_int(r->vector));
	json_object_object_add(o, "interrupts", json_object_new_boolean(r->ien));
	json_object_object_add(o, "opcode", json_object_new_int(first.opcode));
	json_object_object_add(o, "name",
			       json_object_new_string(nvmetest_nvm_opcode_name(first.opcode)));
	json_object_object_add(o, "nsid", json_object_new_int64(first.nsid));
	json_object_object_add(o, "data_len", json_object_new_int64(r->p.c.data_len));
	json_object_object_add(o, "count", json_object_new_int64(r->count));
	json_object_object_add(o, "sqe", cli_json_sqe(&first));
	if (show_data)
		json_object_object_add(o, "data", cli_json_hex(r->data->va, r->p.c.data_len));
	cli_json_print_list(o, "completions", r->cqes, r->done, json_raw_cqe);
}

static void raw_print(const struct raw_run *r, bool show_data)
{
	const struct nvmetest_cqe *c;

	printf("raw queue pair %u (%u entries, vector %u, %s): %u x %s (0x%02x), nsid %u, %u bytes, prp1 0x%" PRIx64 ", prp2 0x%" PRIx64 "\n",
	       r->qid, r->depth, r->vector, r->ien ? "interrupts" : "polled", r->count,
	       nvmetest_nvm_opcode_name(r->sqe.opcode), r->sqe.opcode, r->sqe.nsid,
	       r->p.c.data_len, r->sqe.prp1, r->sqe.prp2);
	for (uint32_t i = 0; i < r->done; i++) {
		c = &r->cqes[i];
		printf("cqe  cid %-5u  sqid %-5u  sqhd %-5u  phase %u  dw0 0x%08x  dw1 0x%08x  status 0x%04x %s (%s)\n",
		       c->cid, c->sqid, c->sqhd, c->phase, c->result, c->dw1, c->status,
		       nvmetest_status_name(c->status), nvmetest_status_desc(c->status));
	}
	if (show_data)
		cli_hexdump(r->data->va, r->p.c.data_len);
}

/* The CQEs with an error status; the index of the first in *@first. */
static uint32_t raw_failed(const struct raw_run *r, uint32_t *first)
{
	uint32_t failed = 0;

	for (uint32_t i = 0; i < r->done; i++)
		if (r->cqes[i].status && !failed++)
			*first = i;
	return failed;
}

/* Everything goes, SQ before CQ: the device refuses a CQ with an SQ. */
static int raw_release(struct raw_run *r)
{
	int ret = 0, err;

	if (r->efd >= 0) {
		nvmetest_irq_eventfd_detach(r->dev, r->vector);
		close(r->efd);
	}
	err = nvmetest_rawq_delete(r->sq);
	if (err)
		ret = err > 0 ? cli_io_result(r->a, err, "delete raw SQ") :
				cli_fail_lib(r->a, err, "delete raw SQ");
	err = nvmetest_rawq_delete(r->cq);
	if (err)
		ret = err > 0 ? cli_io_result(r->a, err, "delete raw CQ") :
				cli_fail_lib(r->a, err, "delete raw CQ");
	nvmetest_dbuf_free(r->meta);
	nvmetest_dbuf_free(r->list);
	nvmetest_dbuf_free(r->data);
	nvmetest_close(r->dev);
	cli_passthru_free(&r->p);
	free(r->cqes);
	return ret;
}

int cmd_raw_queue(const struct cli_args *a)
{
	uint32_t t = cli_timeout_ms(a);
	int timeout_ms = !t ? RAW_TIMEOUT_MS : t > INT_MAX ? INT_MAX : (int)t;
	struct raw_run r = {
		.a = a,
		.efd = -1,
		.qid = (uint16_t)a->num[CLI_OPT_QID],
		.cid = (uint16_t)cli_num(a, CLI_OPT_CID, 0),
		.count = (uint32_t)cli_num(a, CLI_OPT_RAW_COUNT, 1),
	};
	uint32_t failed, first = 0;
	uint8_t sqe[64];
	bool show_data;
	char what[64];
	int ret;

	ret = cli_passthru_build(a, &r.p);
	if (!ret && !(r.cqes = calloc(r.count, sizeof(*r.cqes))))
		ret = cli_fail(a, "%s", strerror(ENOMEM));
	if (!ret && !(r.dev = cli_open_target(a, raw_target, &r)))
		ret = CLI_EXIT_FAIL;
	if (!ret && r.depth < 2)
		ret = cli_fail(a, "--depth %u: a queue has at least 2 entries", r.depth);
	if (!ret) {
		/* the passthru commands' SQE; CID, PRPs and MPTR are this file's */
		nvmetest_sqe_build(&r.p.c, sqe);
		nvmetest_sqe_decode(sqe, &r.sqe);
		ret = raw_data(&r);
	}
	if (!ret)
		ret = raw_queues(&r);
	if (ret) {
		raw_release(&r);
		return CLI_EXIT_FAIL;
	}

	ret = raw_send(&r, timeout_ms);
	failed = raw_failed(&r, &first);
	/* a read's data, where the data buffer's PRPs took it */
	show_data = !ret && !failed && r.p.rd && r.data && !cli_given(a, CLI_OPT_PRP1) &&
		    !cli_given(a, CLI_OPT_PRP2);
	/* the CQEs that came, also when one did not */
	if (a->format == CLI_FMT_JSON)
		raw_json(&r, show_data && !r.p.file);
	else
		raw_print(&r, show_data && !r.p.file);
	if (show_data && r.p.file)
		ret = cli_write_file(a, r.p.file, r.data->va, r.p.c.data_len);
	if (!ret && failed) {
		snprintf(what, sizeof(what), "%u of %u commands failed, the first: cid %u", failed,
			 r.count, r.cqes[first].cid);
		ret = cli_io_result(a, r.cqes[first].status, what);
	}
	if (raw_release(&r))
		ret = CLI_EXIT_FAIL;
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
