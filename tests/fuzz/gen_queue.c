// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generators of the calls around the command path: IO queues (the raw
 * path's too), namespaces, the command log, data verification,
 * IOWorkers, and ioctl numbers the driver does not know (unknown numbers,
 * known numbers with another size or direction). IOWorkers are kept
 * short (at most 3 s, queue depth 64) so that the 2 GiB test VM does not
 * run out of memory and the run goes on; everything else goes to the
 * driver as mutated. A create with NVMETEST_QUEUE_RAW, whichever call
 * sent it, marks its queue id and buffer (rawguard.c) so that no doorbell
 * of a raw queue is ever rung.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "fuzz.h"

static const struct fz_field cq_fields[] = {
	FZ_F(nvmetest_cq_create, qid, FZ_VAL),
	FZ_F(nvmetest_cq_create, vector, FZ_VAL),
	FZ_F(nvmetest_cq_create, depth, FZ_VAL),
	FZ_F(nvmetest_cq_create, flags, FZ_FLAGS),
	FZ_F(nvmetest_cq_create, status, FZ_OUT),
	FZ_F(nvmetest_cq_create, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_cq_create, dbuf, FZ_VAL),
	FZ_F(nvmetest_cq_create, dbuf_offset, FZ_VAL),
	FZ_F(nvmetest_cq_create, rsvd, FZ_RSVD),
};
static const struct fz_struct cq_struct = {
	"cq_create", sizeof(struct nvmetest_cq_create), cq_fields, FZ_NFIELDS(cq_fields)
};

static const struct fz_field sq_fields[] = {
	FZ_F(nvmetest_sq_create, qid, FZ_VAL),
	FZ_F(nvmetest_sq_create, cqid, FZ_VAL),
	FZ_F(nvmetest_sq_create, depth, FZ_VAL),
	FZ_F(nvmetest_sq_create, flags, FZ_FLAGS),
	FZ_F(nvmetest_sq_create, qprio, FZ_VAL),
	FZ_F(nvmetest_sq_create, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_sq_create, status, FZ_OUT),
	FZ_F(nvmetest_sq_create, nvmsetid, FZ_VAL),
	FZ_F(nvmetest_sq_create, rsvd1, FZ_RSVD),
	FZ_F(nvmetest_sq_create, rsvd2, FZ_RSVD),
	FZ_F(nvmetest_sq_create, dbuf, FZ_VAL),
	FZ_F(nvmetest_sq_create, dbuf_offset, FZ_VAL),
	FZ_F(nvmetest_sq_create, rsvd, FZ_RSVD),
};
static const struct fz_struct sq_struct = {
	"sq_create", sizeof(struct nvmetest_sq_create), sq_fields, FZ_NFIELDS(sq_fields)
};

static uint32_t depth(struct fz_rng *r)
{
	if (fz_chance(r, 7, 8))
		return 2 + fz_below(r, 255);
	return (uint32_t)fz_interesting(r, 4) & 0x1ffff;
}

/* The dbuf fields: set with NVMETEST_QUEUE_RAW, zero without (EINVAL). */
static bool raw_fields_ok(uint32_t flags, uint32_t dbuf, uint32_t off)
{
	return flags & NVMETEST_QUEUE_RAW ? dbuf != 0 : !dbuf && !off;
}

/* What nvmt_ioctl_cq_create() checks before anything else: EINVAL. */
static bool cq_fields_ok(const struct nvmetest_cq_create *a)
{
	return !a->rsvd0 && !a->rsvd[0] && !(a->flags & ~NVMETEST_QUEUE_FLAGS) &&
	       a->depth && a->depth <= 65536 &&
	       raw_fields_ok(a->flags, a->dbuf, a->dbuf_offset);
}

/* ... and nvmt_ioctl_sq_create() */
static bool sq_fields_ok(const struct nvmetest_sq_create *a)
{
	return !a->rsvd0 && !a->rsvd1 && !a->rsvd2 && !a->rsvd[0] &&
	       !(a->flags & ~(NVMETEST_QUEUE_DISCONTIG | NVMETEST_QUEUE_RAW)) &&
	       a->qprio <= 3 && a->depth && a->depth <= 65536 &&
	       raw_fields_ok(a->flags, a->dbuf, a->dbuf_offset);
}

/*
 * Send the CQ_CREATE or SQ_CREATE built at FZ_ARG(t). Fields the driver
 * refuses first must get EINVAL; a raw queue without
 * NVMETEST_INFO_CAP_RAW must get EPERM (or ENXIO: not ENABLED; for a CQ
 * with interrupts also EINVAL: MSI or INTx), never be created: if it is,
 * it is a finding and deleted at once. Raw creates are marked around the
 * call (rawguard.c).
 */
static void queue_create(struct fz_thread *t, struct fz_rng *r, enum fz_op op,
			 bool sq)
{
	const struct nvmetest_cq_create *cq = FZ_ARG(t);
	const struct nvmetest_sq_create *sqc = FZ_ARG(t);
	uint32_t flags = sq ? sqc->flags : cq->flags;
	uint32_t handle = sq ? sqc->dbuf : cq->dbuf;
	uint16_t qid = sq ? sqc->qid : cq->qid, status = 0;
	bool raw = flags & NVMETEST_QUEUE_RAW;
	bool ok = sq ? sq_fields_ok(sqc) : cq_fields_ok(cq);
	struct nvmetest_queue_delete *del;
	struct fz_expect e = { 0 };
	int ret;

	if (!ok)
		fz_expect_set(&e, "a field the driver checks first", EINVAL, FZ_END);
	else if (raw && sq)
		fz_expect_set(&e, "a raw SQ without NVMETEST_INFO_CAP_RAW", EPERM,
			      ENXIO, FZ_END);
	else if (raw && !(flags & NVMETEST_CQ_NO_IEN))
		fz_expect_set(&e, "a raw CQ without NVMETEST_INFO_CAP_RAW", EPERM,
			      ENXIO, EINVAL, FZ_END);
	else if (raw)
		fz_expect_set(&e, "a raw CQ without NVMETEST_INFO_CAP_RAW", EPERM,
			      ENXIO, FZ_END);
	if (raw)
		fz_raw_mark(qid, handle);
	ret = fz_call_struct(t, r, op, sq ? NVMETEST_IOC_SQ_CREATE :
				NVMETEST_IOC_CQ_CREATE, sq ? &sq_struct : &cq_struct);
	if (!ret)
		status = sq ? ((const struct nvmetest_sq_create *)t->arg)->status :
			      ((const struct nvmetest_cq_create *)t->arg)->status;
	if (t->arg == FZ_ARG(t) &&
	    (!ok || (raw && !(fz_cfg.caps & NVMETEST_INFO_CAP_RAW))))
		fz_expect_check(t, op, ret, &e);
	if (!raw)
		return;
	fz_raw_unmark(qid, handle, ret, status);
	if (ret || status || (fz_cfg.caps & NVMETEST_INFO_CAP_RAW))
		return;
	/* The gate let a raw queue through: take it away before anything else. */
	del = FZ_NEW_ARG(t, struct nvmetest_queue_delete);
	del->qid = qid;
	del->type = sq ? NVMETEST_QUEUE_SQ : NVMETEST_QUEUE_CQ;
	fz_ioctl(t, FZ_QUEUE_DELETE, NVMETEST_IOC_QUEUE_DELETE, del,
		 " (a raw queue created without NVMETEST_INFO_CAP_RAW)");
}

void fz_call_cq_create(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_cq_create *a = FZ_NEW_ARG(t, struct nvmetest_cq_create);

	a->qid = fz_qid(t, r);
	a->vector = fz_chance(r, 3, 4) ? fz_below(r, 8) : fz_below(r, 40);
	a->depth = depth(r);
	if (fz_chance(r, 1, 4))
		a->flags |= NVMETEST_QUEUE_DISCONTIG;
	if (fz_chance(r, 1, 4))
		a->flags |= NVMETEST_CQ_NO_IEN;
	fz_mutate(t, r, &cq_struct, a);
	t->last_cq = a->qid;
	queue_create(t, r, FZ_CQ_CREATE, false);
}

/*
 * Where in the buffer a raw ring starts: mostly at 0, else at a page or
 * an entry of it, where a ring of @bytes would end at its end, one entry
 * past that, past the end, unaligned, or anywhere.
 */
static uint32_t raw_offset(struct fz_thread *t, struct fz_rng *r,
			   uint32_t handle, uint64_t bytes, uint32_t esize)
{
	uint64_t size = 4096 * fz_dbuf_pages(t, handle);

	if (!size)
		size = 4096;
	switch (fz_below(r, 10)) {
	case 0:
		return 4096 * fz_below(r, size / 4096 + 1);
	case 1:
		return esize * fz_below(r, size / esize);
	case 2:
		return bytes <= size ? size - bytes : 0;
	case 3:
		return bytes + esize <= size ? size - bytes + esize : size;
	case 4:
		return size + 4096 * fz_below(r, 4);
	case 5:
		return 1 + fz_below(r, 63);
	case 6:
		return (uint32_t)fz_interesting(r, 4);
	default:
		return 0;
	}
}

/* A raw ring's depth: small mostly, so that it fits the thread's buffers. */
static uint32_t raw_depth(struct fz_rng *r)
{
	if (fz_chance(r, 7, 8))
		return 2 + fz_below(r, 63);
	return depth(r);
}

/*
 * A raw CQ on one of the thread's buffers (test_raw's way), or on a
 * freed, foreign or made-up one; sometimes with PC = 0 (the ring's PRP
 * list at the offset) or interrupts off.
 */
void fz_call_raw_cq_create(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_cq_create *a = FZ_NEW_ARG(t, struct nvmetest_cq_create);

	a->qid = fz_qid(t, r);
	a->vector = fz_chance(r, 3, 4) ? fz_below(r, 4) : fz_below(r, 40);
	a->depth = raw_depth(r);
	a->flags = NVMETEST_QUEUE_RAW;
	if (fz_chance(r, 1, 8))
		a->flags |= NVMETEST_QUEUE_DISCONTIG;
	if (fz_chance(r, 1, 3))
		a->flags |= NVMETEST_CQ_NO_IEN;
	a->dbuf = fz_dbuf_pick(t, r);
	a->dbuf_offset = raw_offset(t, r, a->dbuf, 16ULL * a->depth, 16);
	fz_mutate(t, r, &cq_struct, a);
	t->last_raw_cq = a->qid;
	queue_create(t, r, FZ_RAW_CQ_CREATE, false);
}

void fz_call_sq_create(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_sq_create *a = FZ_NEW_ARG(t, struct nvmetest_sq_create);

	/* the library's queue pair: the SQ takes its CQ's id */
	a->qid = t->last_cq && fz_chance(r, 3, 4) ? t->last_cq : fz_qid(t, r);
	a->cqid = fz_chance(r, 7, 8) ? a->qid : fz_qid(t, r);
	a->depth = depth(r);
	a->qprio = fz_below(r, 4);
	if (fz_chance(r, 1, 4))
		a->flags |= NVMETEST_QUEUE_DISCONTIG;
	fz_mutate(t, r, &sq_struct, a);
	queue_create(t, r, FZ_SQ_CREATE, true);
}

/* A raw SQ, mostly on the raw CQ made just before (the pair of test_raw). */
void fz_call_raw_sq_create(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_sq_create *a = FZ_NEW_ARG(t, struct nvmetest_sq_create);

	a->qid = t->last_raw_cq && fz_chance(r, 3, 4) ? t->last_raw_cq : fz_qid(t, r);
	a->cqid = fz_chance(r, 7, 8) ? a->qid : fz_qid(t, r);
	a->depth = raw_depth(r);
	a->qprio = fz_below(r, 4);
	a->flags = NVMETEST_QUEUE_RAW;
	if (fz_chance(r, 1, 8))
		a->flags |= NVMETEST_QUEUE_DISCONTIG;
	a->dbuf = fz_dbuf_pick(t, r);
	a->dbuf_offset = raw_offset(t, r, a->dbuf, 64ULL * a->depth, 64);
	fz_mutate(t, r, &sq_struct, a);
	queue_create(t, r, FZ_RAW_SQ_CREATE, true);
}

static const struct fz_field qdel_fields[] = {
	FZ_F(nvmetest_queue_delete, qid, FZ_VAL),
	FZ_F(nvmetest_queue_delete, type, FZ_VAL),
	FZ_F(nvmetest_queue_delete, status, FZ_OUT),
	FZ_F(nvmetest_queue_delete, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_queue_delete, rsvd, FZ_RSVD),
};
static const struct fz_struct qdel_struct = {
	"queue_delete", sizeof(struct nvmetest_queue_delete), qdel_fields,
	FZ_NFIELDS(qdel_fields)
};

void fz_call_queue_delete(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_queue_delete *a = FZ_NEW_ARG(t, struct nvmetest_queue_delete);

	a->qid = fz_qid(t, r);
	a->type = fz_chance(r, 2, 3) ? NVMETEST_QUEUE_SQ : NVMETEST_QUEUE_CQ;
	fz_mutate(t, r, &qdel_struct, a);
	fz_call_struct(t, r, FZ_QUEUE_DELETE, NVMETEST_IOC_QUEUE_DELETE, &qdel_struct);
}

static const struct fz_field qlist_fields[] = {
	FZ_F(nvmetest_queue_list, queues, FZ_PTR),
	FZ_F(nvmetest_queue_list, count, FZ_VAL),
	FZ_F(nvmetest_queue_list, total, FZ_OUT),
	FZ_F(nvmetest_queue_list, rsvd, FZ_RSVD),
};
static const struct fz_struct qlist_struct = {
	"queue_list", sizeof(struct nvmetest_queue_list), qlist_fields,
	FZ_NFIELDS(qlist_fields)
};

void fz_call_queue_list(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_queue_list *a = FZ_NEW_ARG(t, struct nvmetest_queue_list);

	a->count = fz_below(r, 40);
	a->queues = (uintptr_t)fz_buf(t, r, a->count * sizeof(struct nvmetest_queue_info));
	fz_mutate(t, r, &qlist_struct, a);
	fz_call_struct(t, r, FZ_QUEUE_LIST, NVMETEST_IOC_QUEUE_LIST, &qlist_struct);
}

static const struct fz_field nslist_fields[] = {
	FZ_F(nvmetest_ns_list, ns, FZ_PTR),
	FZ_F(nvmetest_ns_list, count, FZ_VAL),
	FZ_F(nvmetest_ns_list, total, FZ_OUT),
	FZ_F(nvmetest_ns_list, flags, FZ_FLAGS),
	FZ_F(nvmetest_ns_list, status, FZ_OUT),
	FZ_F(nvmetest_ns_list, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_ns_list, rsvd, FZ_RSVD),
};
static const struct fz_struct nslist_struct = {
	"ns_list", sizeof(struct nvmetest_ns_list), nslist_fields, FZ_NFIELDS(nslist_fields)
};

void fz_call_ns_list(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_ns_list *a = FZ_NEW_ARG(t, struct nvmetest_ns_list);

	a->count = fz_below(r, 8);
	a->ns = (uintptr_t)fz_buf(t, r, a->count * sizeof(struct nvmetest_ns_info));
	if (fz_chance(r, 1, 4))
		a->flags = NVMETEST_NS_RESCAN;
	fz_mutate(t, r, &nslist_struct, a);
	fz_call_struct(t, r, FZ_NS_LIST, NVMETEST_IOC_NS_LIST, &nslist_struct);
}

static const struct fz_field cmdlog_fields[] = {
	FZ_F(nvmetest_cmdlog, entries, FZ_PTR),
	FZ_F(nvmetest_cmdlog, count, FZ_VAL),
	FZ_F(nvmetest_cmdlog, qid, FZ_VAL),
	FZ_F(nvmetest_cmdlog, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_cmdlog, total, FZ_OUT),
	FZ_F(nvmetest_cmdlog, ring, FZ_OUT),
	FZ_F(nvmetest_cmdlog, rsvd1, FZ_RSVD),
	FZ_F(nvmetest_cmdlog, rsvd, FZ_RSVD),
};
static const struct fz_struct cmdlog_struct = {
	"cmdlog", sizeof(struct nvmetest_cmdlog), cmdlog_fields, FZ_NFIELDS(cmdlog_fields)
};

void fz_call_cmdlog(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_cmdlog *a = FZ_NEW_ARG(t, struct nvmetest_cmdlog);

	a->qid = fz_chance(r, 1, 3) ? 0 : fz_qid(t, r);
	a->count = fz_chance(r, 7, 8) ? fz_below(r, 64) : 4096;
	a->entries = (uintptr_t)fz_buf(t, r, a->count * sizeof(struct nvmetest_cmdlog_entry));
	fz_mutate(t, r, &cmdlog_struct, a);
	fz_call_struct(t, r, FZ_CMDLOG, NVMETEST_IOC_CMDLOG, &cmdlog_struct);
}

static const struct fz_field vcfg_fields[] = {
	FZ_F(nvmetest_verify_config, nsid, FZ_VAL),
	FZ_F(nvmetest_verify_config, flags, FZ_FLAGS),
	FZ_F(nvmetest_verify_config, mem_cap, FZ_VAL),
	FZ_F(nvmetest_verify_config, rsvd, FZ_RSVD),
};
static const struct fz_struct vcfg_struct = {
	"verify_config", sizeof(struct nvmetest_verify_config), vcfg_fields,
	FZ_NFIELDS(vcfg_fields)
};

void fz_call_verify_config(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_verify_config *a = FZ_NEW_ARG(t, struct nvmetest_verify_config);

	a->nsid = fz_chance(r, 1, 8) ? 0xffffffff : fz_nsid(r);
	if (fz_chance(r, 3, 4))
		a->flags |= NVMETEST_VERIFY_ENABLE;
	if (fz_chance(r, 1, 4)) {
		a->flags |= NVMETEST_VERIFY_SET_CAP;
		a->mem_cap = fz_chance(r, 1, 2) ? 0 : 4096ULL << fz_below(r, 14);
	}
	if (fz_chance(r, 1, 6))
		a->flags |= NVMETEST_VERIFY_CLEAR;
	fz_mutate(t, r, &vcfg_struct, a);
	fz_call_struct(t, r, FZ_VERIFY_CONFIG, NVMETEST_IOC_VERIFY_CONFIG, &vcfg_struct);
}

static const struct fz_field vstat_fields[] = {
	FZ_F(nvmetest_verify_status, nsid, FZ_VAL),
	FZ_F(nvmetest_verify_status, state, FZ_OUT),
	FZ_F(nvmetest_verify_status, mem_used, FZ_OUT),
	FZ_F(nvmetest_verify_status, cut_new, FZ_OUT),
	FZ_F(nvmetest_verify_status, unflushed, FZ_OUT),
	FZ_F(nvmetest_verify_status, rsvd, FZ_OUT),
};
static const struct fz_struct vstat_struct = {
	"verify_status", sizeof(struct nvmetest_verify_status), vstat_fields,
	FZ_NFIELDS(vstat_fields)
};

void fz_call_verify_status(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_verify_status *a = FZ_NEW_ARG(t, struct nvmetest_verify_status);

	a->nsid = fz_nsid(r);
	fz_mutate(t, r, &vstat_struct, a);
	fz_call_struct(t, r, FZ_VERIFY_STATUS, NVMETEST_IOC_VERIFY_STATUS, &vstat_struct);
}

static const struct fz_field vdump_fields[] = {
	FZ_F(nvmetest_verify_dump, nsid, FZ_VAL),
	FZ_F(nvmetest_verify_dump, count, FZ_VAL),
	FZ_F(nvmetest_verify_dump, slba, FZ_VAL),
	FZ_F(nvmetest_verify_dump, entries, FZ_PTR),
	FZ_F(nvmetest_verify_dump, rsvd, FZ_RSVD),
};
static const struct fz_struct vdump_struct = {
	"verify_dump", sizeof(struct nvmetest_verify_dump), vdump_fields,
	FZ_NFIELDS(vdump_fields)
};

void fz_call_verify_dump(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_verify_dump *a = FZ_NEW_ARG(t, struct nvmetest_verify_dump);

	a->nsid = fz_nsid(r);
	a->count = fz_chance(r, 7, 8) ? fz_below(r, 256) : 65536;
	a->slba = fz_chance(r, 7, 8) ? fz_below(r, 1u << 16) : fz_interesting(r, 8);
	a->entries = (uintptr_t)fz_buf(t, r, a->count * 4ULL);
	fz_mutate(t, r, &vdump_struct, a);
	fz_call_struct(t, r, FZ_VERIFY_DUMP, NVMETEST_IOC_VERIFY_DUMP, &vdump_struct);
}

/* Entries the reads that follow are checked against: random, or UNKNOWN. */
void fz_call_verify_load(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_verify_dump *a = FZ_NEW_ARG(t, struct nvmetest_verify_dump);

	a->nsid = fz_nsid(r);
	a->count = fz_chance(r, 7, 8) ? 1 + fz_below(r, 256) : fz_interesting(r, 4);
	a->slba = fz_chance(r, 7, 8) ? fz_below(r, 1u << 16) : fz_interesting(r, 8);
	a->entries = (uintptr_t)fz_buf(t, r, a->count * 4ULL);
	fz_mutate(t, r, &vdump_struct, a);
	fz_call_struct(t, r, FZ_VERIFY_LOAD, NVMETEST_IOC_VERIFY_LOAD, &vdump_struct);
}

static const struct fz_field vfail_fields[] = {
	FZ_F(nvmetest_verify_failures, failures, FZ_PTR),
	FZ_F(nvmetest_verify_failures, count, FZ_VAL),
	FZ_F(nvmetest_verify_failures, lost, FZ_OUT),
	FZ_F(nvmetest_verify_failures, total, FZ_OUT),
	FZ_F(nvmetest_verify_failures, flags, FZ_FLAGS),
	FZ_F(nvmetest_verify_failures, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_verify_failures, rsvd, FZ_RSVD),
};
static const struct fz_struct vfail_struct = {
	"verify_failures", sizeof(struct nvmetest_verify_failures), vfail_fields,
	FZ_NFIELDS(vfail_fields)
};

void fz_call_verify_failures(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_verify_failures *a = FZ_NEW_ARG(t, struct nvmetest_verify_failures);

	a->count = fz_below(r, 300);
	a->failures = (uintptr_t)fz_buf(t, r, a->count * sizeof(struct nvmetest_verify_failure));
	if (fz_chance(r, 1, 4))
		a->flags = NVMETEST_VERIFY_FAILURES_CLEAR;
	fz_mutate(t, r, &vfail_struct, a);
	fz_call_struct(t, r, FZ_VERIFY_FAILURES, NVMETEST_IOC_VERIFY_FAILURES, &vfail_struct);
}

static const struct fz_field iow_fields[] = {
	FZ_F(nvmetest_ioworker_spec, nsid, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, flags, FZ_FLAGS),
	FZ_F(nvmetest_ioworker_spec, qid, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, vector, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, qdepth, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, cpu, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, iops_limit, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, seed, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, region_start, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, region_end, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, lba_start, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, lba_step, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, lba_align, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, random_pct, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, nr_sizes, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, nr_ops, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, pattern, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, pattern_value, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, compress_pct, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, io_timeout_ms, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_ioworker_spec, time_ms, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, io_count, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, replay, FZ_PTR),
	FZ_F(nvmetest_ioworker_spec, nr_replay, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, bad_field, FZ_OUT),
	FZ_F(nvmetest_ioworker_spec, id, FZ_OUT),
	FZ_F(nvmetest_ioworker_spec, ops, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, sizes, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, distribution, FZ_VAL),
	FZ_F(nvmetest_ioworker_spec, rsvd, FZ_RSVD),
};
static const struct fz_struct iow_struct = {
	"ioworker_spec", sizeof(struct nvmetest_ioworker_spec), iow_fields,
	FZ_NFIELDS(iow_fields)
};

static void iow_build(struct fz_thread *t, struct fz_rng *r,
		      struct nvmetest_ioworker_spec *s)
{
	static const uint32_t nsids[] = { 1, 1, 2, 4 };
	unsigned int i;

	s->nsid = nsids[fz_below(r, 4)];
	s->qdepth = 1 + fz_below(r, 16);
	s->vector = fz_below(r, 4);
	if (fz_chance(r, 1, 4)) {
		s->flags |= NVMETEST_IOW_POLLED;
		s->vector = 0;
	}
	if (fz_chance(r, 1, 8))
		s->flags |= NVMETEST_IOW_STOP_ON_ERROR;
	if (fz_chance(r, 1, 8)) {
		s->flags |= NVMETEST_IOW_PIN_CPU;
		s->cpu = fz_below(r, 2);
	}
	s->seed = fz_rand(r);
	s->random_pct = fz_chance(r, 1, 2) ? 100 : fz_below(r, 101);
	s->time_ms = 100 + fz_below(r, 2000);
	if (fz_chance(r, 1, 3))
		s->io_count = 1 + fz_below(r, 2000);
	if (fz_chance(r, 1, 4))
		s->iops_limit = 1 + fz_below(r, 2000);
	s->nr_ops = fz_below(r, 3);
	for (i = 0; i < s->nr_ops; i++) {
		static const uint8_t ops[] = { 0x02, 0x01, 0x00, 0x08, 0x09, 0x0c, 0x05 };

		s->ops[i].opcode = ops[fz_below(r, sizeof(ops))];
		s->ops[i].pct = i + 1 == s->nr_ops ? 100 - 50 * i : 50;
	}
	s->nr_sizes = fz_below(r, 3);
	for (i = 0; i < s->nr_sizes; i++) {
		s->sizes[i].nlb = 1 << fz_below(r, 6);
		s->sizes[i].pct = i + 1 == s->nr_sizes ? 100 - 50 * i : 50;
	}
	s->pattern = fz_below(r, 4);
	s->compress_pct = fz_below(r, 101);
	if (fz_chance(r, 1, 10)) {
		struct nvmetest_ioworker_replay *rp;

		s->nr_replay = 1 + fz_below(r, 64);
		rp = fz_buf(t, r, s->nr_replay * sizeof(*rp));
		for (i = 0; i < s->nr_replay; i++) {
			rp[i].time_us = 1000 * i;
			rp[i].slba = fz_below(r, 1000);
			rp[i].nlb = 1 + fz_below(r, 8);
			rp[i].opcode = fz_chance(r, 1, 2) ? 0x02 : 0x01;
			memset(rp[i].rsvd, 0, sizeof(rp[i].rsvd));
		}
		s->replay = (uintptr_t)rp;
	}
}

void fz_call_iow_start(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_ioworker_spec *a = FZ_NEW_ARG(t, struct nvmetest_ioworker_spec);
	int ret;

	iow_build(t, r, a);
	fz_mutate(t, r, &iow_struct, a);
	/* bounded workers, so that the VM keeps its memory and the run its pace */
	if (a->qdepth > 64 && a->qdepth <= NVMETEST_IOW_MAX_QDEPTH)
		a->qdepth = 64;
	if (a->time_ms || a->io_count || a->replay)
		if (!a->time_ms || a->time_ms > 3000)
			a->time_ms = 3000;
	if (a->io_timeout_ms > 15000)
		a->io_timeout_ms = 15000;
	ret = fz_call_struct(t, r, FZ_IOW_START, NVMETEST_IOC_IOWORKER_START, &iow_struct);
	if (!ret && t->arg == a)
		t->last_worker = a->id;
}

static const struct fz_field iowctl_fields[] = {
	FZ_F(nvmetest_ioworker_ctl, id, FZ_VAL),
	FZ_F(nvmetest_ioworker_ctl, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_ioworker_ctl, running, FZ_OUT),
	FZ_F(nvmetest_ioworker_ctl, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_ioworker_ctl, rsvd, FZ_RSVD),
};
static const struct fz_struct iowctl_struct = {
	"ioworker_ctl", sizeof(struct nvmetest_ioworker_ctl), iowctl_fields,
	FZ_NFIELDS(iowctl_fields)
};

static uint32_t worker_id(struct fz_thread *t, struct fz_rng *r)
{
	switch (fz_below(r, 6)) {
	case 0:
		return 0;
	case 1:
		return (uint32_t)fz_interesting(r, 4);
	case 2:
		return t->last_worker ? t->last_worker - fz_below(r, 3) : 1;
	default:
		return t->last_worker;
	}
}

static void iow_ctl(struct fz_thread *t, struct fz_rng *r, enum fz_op op,
		    unsigned long req)
{
	struct nvmetest_ioworker_ctl *a = FZ_NEW_ARG(t, struct nvmetest_ioworker_ctl);

	a->id = worker_id(t, r);
	if (op == FZ_IOW_WAIT)
		a->timeout_ms = fz_chance(r, 1, 8) ? NVMETEST_IOW_WAIT_FOREVER :
				fz_below(r, 3000);
	fz_mutate(t, r, &iowctl_struct, a);
	fz_call_struct(t, r, op, req, &iowctl_struct);
}

void fz_call_iow_stop(struct fz_thread *t, struct fz_rng *r)
{
	iow_ctl(t, r, FZ_IOW_STOP, NVMETEST_IOC_IOWORKER_STOP);
}

void fz_call_iow_wait(struct fz_thread *t, struct fz_rng *r)
{
	iow_ctl(t, r, FZ_IOW_WAIT, NVMETEST_IOC_IOWORKER_WAIT);
}

static const struct fz_field iowres_fields[] = {
	FZ_F(nvmetest_ioworker_result, id, FZ_VAL),
	FZ_F(nvmetest_ioworker_result, flags_in, FZ_FLAGS),
	FZ_F(nvmetest_ioworker_result, hist, FZ_PTR),
	FZ_F(nvmetest_ioworker_result, iops, FZ_PTR),
	FZ_F(nvmetest_ioworker_result, nr_seconds, FZ_VAL),
	FZ_F(nvmetest_ioworker_result, state, FZ_OUT),
	FZ_F(nvmetest_ioworker_result, rsvd0, FZ_OUT),
	FZ_F(nvmetest_ioworker_result, rsvd, FZ_OUT),
};
static const struct fz_struct iowres_struct = {
	"ioworker_result", sizeof(struct nvmetest_ioworker_result), iowres_fields,
	FZ_NFIELDS(iowres_fields)
};

void fz_call_iow_result(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_ioworker_result *a = FZ_NEW_ARG(t, struct nvmetest_ioworker_result);

	a->id = worker_id(t, r);
	if (fz_chance(r, 1, 3))
		a->flags_in = NVMETEST_IOW_RESULT_RELEASE;
	if (fz_chance(r, 1, 2))
		a->hist = (uintptr_t)fz_buf(t, r, NVMETEST_IOW_MAX_OPS *
					    NVMETEST_HIST_BUCKETS * sizeof(uint64_t));
	if (fz_chance(r, 1, 2)) {
		a->nr_seconds = fz_below(r, 64);
		a->iops = (uintptr_t)fz_buf(t, r, a->nr_seconds * 4);
	}
	fz_mutate(t, r, &iowres_struct, a);
	fz_call_struct(t, r, FZ_IOW_RESULT, NVMETEST_IOC_IOWORKER_RESULT, &iowres_struct);
}

static const struct fz_field iowlist_fields[] = {
	FZ_F(nvmetest_ioworker_list, ids, FZ_PTR),
	FZ_F(nvmetest_ioworker_list, count, FZ_VAL),
	FZ_F(nvmetest_ioworker_list, total, FZ_OUT),
	FZ_F(nvmetest_ioworker_list, running, FZ_OUT),
	FZ_F(nvmetest_ioworker_list, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_ioworker_list, rsvd, FZ_RSVD),
};
static const struct fz_struct iowlist_struct = {
	"ioworker_list", sizeof(struct nvmetest_ioworker_list), iowlist_fields,
	FZ_NFIELDS(iowlist_fields)
};

void fz_call_iow_list(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_ioworker_list *a = FZ_NEW_ARG(t, struct nvmetest_ioworker_list);

	a->count = fz_below(r, 80);
	a->ids = fz_chance(r, 1, 8) ? 0 : (uintptr_t)fz_buf(t, r, a->count * 4);
	fz_mutate(t, r, &iowlist_struct, a);
	fz_call_struct(t, r, FZ_IOW_LIST, NVMETEST_IOC_IOWORKER_LIST, &iowlist_struct);
}

/* Every ioctl the driver knows, as the uapi header encodes it. */
static const unsigned long fz_known[] = {
	NVMETEST_IOC_INFO, NVMETEST_IOC_REG_READ, NVMETEST_IOC_REG_WRITE,
	NVMETEST_IOC_CFG_READ, NVMETEST_IOC_CFG_WRITE, NVMETEST_IOC_CTRL_DISABLE,
	NVMETEST_IOC_IRQ_SETUP, NVMETEST_IOC_ADMINQ_SETUP, NVMETEST_IOC_CTRL_ENABLE,
	NVMETEST_IOC_CTRL_INIT, NVMETEST_IOC_CTRL_RESET, NVMETEST_IOC_CTRL_SHUTDOWN,
	NVMETEST_IOC_CMD, NVMETEST_IOC_IRQ_STATS, NVMETEST_IOC_IRQ_CTL,
	NVMETEST_IOC_IRQ_EVENTFD, NVMETEST_IOC_DBUF_ALLOC, NVMETEST_IOC_DBUF_FREE,
	NVMETEST_IOC_AER_CONFIG, NVMETEST_IOC_EVENTS, NVMETEST_IOC_CQ_CREATE,
	NVMETEST_IOC_SQ_CREATE, NVMETEST_IOC_QUEUE_DELETE, NVMETEST_IOC_QUEUE_LIST,
	NVMETEST_IOC_NS_LIST, NVMETEST_IOC_CMDLOG, NVMETEST_IOC_VERIFY_CONFIG,
	NVMETEST_IOC_VERIFY_STATUS, NVMETEST_IOC_VERIFY_STATUS_17, NVMETEST_IOC_VERIFY_DUMP,
	NVMETEST_IOC_VERIFY_FAILURES, NVMETEST_IOC_VERIFY_LOAD,
	NVMETEST_IOC_RESET, NVMETEST_IOC_POWER, NVMETEST_IOC_ASPM, NVMETEST_IOC_IOWORKER_START,
	NVMETEST_IOC_IOWORKER_STOP, NVMETEST_IOC_IOWORKER_WAIT,
	NVMETEST_IOC_IOWORKER_RESULT, NVMETEST_IOC_IOWORKER_LIST,
};
#define FZ_NR_KNOWN (sizeof(fz_known) / sizeof(fz_known[0]))

static bool known(unsigned long req)
{
	size_t i;

	for (i = 0; i < FZ_NR_KNOWN; i++)
		if (fz_known[i] == req)
			return true;
	return false;
}

/*
 * Numbers of magic 0xE4 the driver does not know: a known number with
 * another size or direction, an unused number, the uring_cmd op as an
 * ioctl; and the in-tree nvme driver's ('N'). All must be ENOTTY. Other
 * magics are left alone: the VFS answers some itself (FIONBIO, FIOCLEX).
 */
void fz_call_bad_ioctl(struct fz_thread *t, struct fz_rng *r)
{
	unsigned long req;
	char desc[128];
	void *arg;

	do {
		unsigned long k = fz_known[fz_below(r, FZ_NR_KNOWN)];

		switch (fz_below(r, 5)) {
		case 0:
			req = _IOC(_IOC_DIR(k), _IOC_TYPE(k), _IOC_NR(k),
				   (_IOC_SIZE(k) + (fz_chance(r, 1, 2) ? 8 : -8)) & 0x3fff);
			break;
		case 1:
			req = _IOC(fz_below(r, 4), _IOC_TYPE(k), _IOC_NR(k), _IOC_SIZE(k));
			break;
		case 2:
			req = _IOC(fz_below(r, 4), NVMETEST_IOC_MAGIC, fz_below(r, 256),
				   fz_below(r, 1024));
			break;
		case 3:
			req = NVMETEST_URING_CMD_IO;
			break;
		default:
			req = _IOC(fz_below(r, 4), 'N', 0x40 + fz_below(r, 16),
				   fz_below(r, 128));
			break;
		}
	} while (known(req));
	arg = (void *)(uintptr_t)fz_pointer(t, r, 4096);
	snprintf(desc, sizeof(desc), " arg=%p", arg);
	fz_ioctl(t, FZ_BAD_IOCTL, req, arg, desc);
}
