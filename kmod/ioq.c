// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioq.c: the IO queue table: CQ_CREATE, SQ_CREATE, QUEUE_DELETE,
 * QUEUE_LIST, the ownership of queues by the file that created them,
 * what happens to IO queues when the controller stops, and CMDLOG, which
 * reads the command log (queue.c) of a queue it looks up here.
 *
 * The driver's table follows what the device accepted: a queue enters it
 * when its Create command succeeded and leaves it when its Delete command
 * succeeded (or the controller was disabled, reset or removed: the device
 * forgets its IO queues then). Creation and deletion run under
 * ctrl->state_mutex, so the table only changes with it held; CMD and
 * CMDLOG look queues up under ctrl->ioq_lock and hold a reference
 * (struct nvmt_sq.ref) while they use one.
 *
 * A queue whose memory the device may still use but that the driver could
 * not delete (the Delete command timed out or could not be sent when its
 * file was closed, or the device refused to delete a CQ that another
 * file's SQ still uses) stays in the table without an owner until the
 * next disable, reset or remove.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nvmetest.h"

#define NVMT_IOQ_DEPTH_MAX	65536

void nvmt_ioq_init(struct nvmt_ctrl *ctrl)
{
	spin_lock_init(&ctrl->ioq_lock);
	INIT_LIST_HEAD(&ctrl->io_sqs);
	INIT_LIST_HEAD(&ctrl->io_cqs);
}

static void nvmt_cq_release(struct kref *ref)
{
	kfree(container_of(ref, struct nvmt_cq, ref));
}

static void nvmt_cq_put(struct nvmt_cq *cq)
{
	kref_put(&cq->ref, nvmt_cq_release);
}

static void nvmt_sq_release(struct kref *ref)
{
	struct nvmt_sq *q = container_of(ref, struct nvmt_sq, ref);

	nvmt_cq_put(q->cq);
	kfree(q);
}

void nvmt_sq_put(struct nvmt_sq *q)
{
	kref_put(&q->ref, nvmt_sq_release);
}

/* Another reference on a queue the caller holds one on (admin: none). */
void nvmt_sq_hold(struct nvmt_sq *q)
{
	if (q->qid)
		kref_get(&q->ref);
}

/*
 * Reap every CQ no handler reaps (all of them when polled): the io_uring
 * poller. With @all, every CQ, the admin CQ too: a reset delivers what the
 * device completed before bus mastering went off, while each CQE's SQ is
 * still attached. Not for the embedded admin CQ's memory after remove:
 * the caller is inside nvmt_ctrl_enter().
 */
void nvmt_ioq_reap(struct nvmt_ctrl *ctrl, bool all)
{
	struct nvmt_cq *cq;

	all |= READ_ONCE(ctrl->irq_mode) == NVMETEST_IRQ_NONE;
	if (all)
		nvmt_cq_reap(&ctrl->acq);
	spin_lock(&ctrl->ioq_lock);
	list_for_each_entry(cq, &ctrl->io_cqs, node)
		if (all || !cq->on_vector)
			nvmt_cq_reap(cq);
	spin_unlock(&ctrl->ioq_lock);
}

/* Under ctrl->ioq_lock. */
static struct nvmt_sq *nvmt_sq_find(struct nvmt_ctrl *ctrl, u16 qid)
{
	struct nvmt_sq *q;

	list_for_each_entry(q, &ctrl->io_sqs, node)
		if (q->qid == qid)
			return q;
	return NULL;
}

static struct nvmt_cq *nvmt_cq_find(struct nvmt_ctrl *ctrl, u16 qid)
{
	struct nvmt_cq *cq;

	list_for_each_entry(cq, &ctrl->io_cqs, node)
		if (cq->qid == qid)
			return cq;
	return NULL;
}

/**
 * nvmt_sq_get - look up an IO SQ and take a reference
 * @ctrl:	the controller
 * @qid:	queue id
 *
 * Return: the queue (release with nvmt_sq_put()) or NULL. The queue may
 * be deleted meanwhile: it then stops being live, and its commands end
 * with NVMETEST_HOST_ABORTED_RESET.
 */
struct nvmt_sq *nvmt_sq_get(struct nvmt_ctrl *ctrl, u16 qid)
{
	struct nvmt_sq *q;

	spin_lock(&ctrl->ioq_lock);
	q = nvmt_sq_find(ctrl, qid);
	if (q)
		kref_get(&q->ref);
	spin_unlock(&ctrl->ioq_lock);
	return q;
}

/*
 * A raw SQ the device can no longer fetch from (deleted, or never
 * created): its ring goes back to its buffer, and the buffers may go.
 */
static void nvmt_sq_raw_gone(struct nvmt_ctrl *ctrl, struct nvmt_sq *q)
{
	if (!q->raw)
		return;
	nvmt_dbuf_put(q->raw);
	q->raw = NULL;
	nvmt_dbuf_raw_sq(ctrl, false);
}

/* Take an SQ out of the table and free it; the device is done with it. */
static void nvmt_sq_destroy(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
			    u32 host_status, bool reap)
{
	nvmt_sq_set_live(q, false);
	/*
	 * Deleted by command: completions the device posted before it let go
	 * are real ones. A stopped controller gets no doorbell writes.
	 */
	if (reap)
		nvmt_cq_reap(q->cq);
	nvmt_sq_abort(q, host_status, true);
	spin_lock(&ctrl->ioq_lock);
	list_del_init(&q->node);
	spin_unlock(&ctrl->ioq_lock);
	nvmt_sq_free(ctrl, q);
	nvmt_sq_raw_gone(ctrl, q);
	nvmt_sq_put(q);
}

static void nvmt_cq_destroy(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq)
{
	nvmt_irq_detach_cq(ctrl, cq);
	spin_lock(&ctrl->ioq_lock);
	list_del_init(&cq->node);
	spin_unlock(&ctrl->ioq_lock);
	nvmt_cq_free(ctrl, cq);
	if (cq->raw)
		nvmt_dbuf_put(cq->raw);
	cq->raw = NULL;
	nvmt_cq_put(cq);
}

/**
 * nvmt_ioq_stopped - the device forgot its IO queues: free them all
 * @ctrl:	the controller, state_mutex held; the device can no longer
 *		DMA (CC.EN = 0 and CSTS.RDY = 0, or bus mastering off)
 * @host_status: what waiters of outstanding commands see
 */
void nvmt_ioq_stopped(struct nvmt_ctrl *ctrl, u32 host_status)
{
	struct nvmt_sq *q;
	struct nvmt_cq *cq;

	for (;;) {
		spin_lock(&ctrl->ioq_lock);
		q = list_first_entry_or_null(&ctrl->io_sqs, struct nvmt_sq,
					     node);
		spin_unlock(&ctrl->ioq_lock);
		if (!q)
			break;
		nvmt_sq_destroy(ctrl, q, host_status, false);
	}
	for (;;) {
		spin_lock(&ctrl->ioq_lock);
		cq = list_first_entry_or_null(&ctrl->io_cqs, struct nvmt_cq,
					      node);
		spin_unlock(&ctrl->ioq_lock);
		if (!cq)
			break;
		nvmt_cq_destroy(ctrl, cq);
	}
	nvmt_reclaim_drain(ctrl);
}

/*
 * The controller may still complete commands (a shutdown, a disable that
 * timed out): wake waiters, keep slots and memory. state_mutex held.
 */
void nvmt_ioq_abort_waiters(struct nvmt_ctrl *ctrl, u32 host_status)
{
	struct nvmt_sq *q;

	lockdep_assert_held(&ctrl->state_mutex);
	/* The table does not change without state_mutex. */
	list_for_each_entry(q, &ctrl->io_sqs, node)
		nvmt_sq_abort(q, host_status, false);
}

/* No more submissions on IO queues; state_mutex held. */
void nvmt_ioq_quiesce(struct nvmt_ctrl *ctrl)
{
	struct nvmt_sq *q;

	lockdep_assert_held(&ctrl->state_mutex);
	list_for_each_entry(q, &ctrl->io_sqs, node)
		nvmt_sq_set_live(q, false);
}

static int nvmt_delete_cmd(struct nvmt_ctrl *ctrl, u8 opcode, u16 qid,
			   u16 *status)
{
	struct nvme_command c = { };

	c.delete_queue.opcode = opcode;
	c.delete_queue.qid = cpu_to_le16(qid);
	return nvmt_admin_sync_status(ctrl, &c, 0, 0, status);
}

/* A new queue joins the table (@table: ctrl->io_cqs or ctrl->io_sqs). */
static void nvmt_ioq_table_add(struct nvmt_ctrl *ctrl, struct list_head *node,
			       struct list_head *table)
{
	spin_lock(&ctrl->ioq_lock);
	list_add_tail(node, table);
	spin_unlock(&ctrl->ioq_lock);
}

/**
 * nvmt_ioq_create_cq - create an IO CQ on the device and in the table
 * @ctrl:	the controller, state_mutex held, state ENABLED
 * @file:	its owner
 * @worker:	the IOWorker that will use it, or NULL
 * @qid:	queue id
 * @depth:	entries, 1..65536 (checked by the caller)
 * @vector:	IV
 * @flags:	NVMETEST_QUEUE_* (checked by the caller)
 * @raw:	a raw CQ's ring (the CQ takes its own reference), or NULL
 *		for a ring of the driver's
 * @status:	output: the device's status of Create I/O CQ
 * @cqp:	output: the CQ when it was created (status 0), else NULL
 *
 * Return: 0 when the device answered (*@status tells how), -EEXIST,
 * -EBUSY (not @raw, and a writable mmap of BAR0 covers its doorbells:
 * nvmt_barmap_claim()), -ENOMEM, or nvmt_admin_sync()'s errno; on -ETIMEDOUT/-EINTR the CQ is
 * kept in the table without an owner (the device may create it yet).
 */
int nvmt_ioq_create_cq(struct nvmt_ctrl *ctrl, struct file *file,
		       struct nvmt_iow *worker, u16 qid, u32 depth, u16 vector,
		       u32 flags, const struct nvmt_raw_ring *raw, u16 *status,
		       struct nvmt_cq **cqp)
{
	struct nvme_command c = { };
	struct nvmt_cq *cq;
	dma_addr_t dma;
	bool exists;
	size_t len;
	int ret;

	lockdep_assert_held(&ctrl->state_mutex);
	*cqp = NULL;
	*status = 0;
	spin_lock(&ctrl->ioq_lock);
	exists = nvmt_cq_find(ctrl, qid);
	spin_unlock(&ctrl->ioq_lock);
	if (exists)
		return -EEXIST;
	/* A queue of the driver's: no writable mmap of its doorbells. */
	if (!raw) {
		ret = nvmt_barmap_claim(ctrl, qid);
		if (ret)
			return ret;
	}

	cq = kzalloc(sizeof(*cq), GFP_KERNEL);
	if (!cq) {
		ret = -ENOMEM;
		goto out_unclaim;
	}
	spin_lock_init(&cq->lock);
	INIT_LIST_HEAD(&cq->sqs);
	INIT_LIST_HEAD(&cq->vec_node);
	INIT_LIST_HEAD(&cq->node);
	kref_init(&cq->ref);
	cq->owner = file;
	nvmt_cq_init(ctrl, cq, qid, depth, vector, flags);
	if (raw) {
		nvmt_dbuf_hold(raw->buf);
		cq->raw = raw->buf;
		cq->raw_ring = raw->cpu;
		cq->raw_esize = raw->esize;
		dma = raw->dma;
		len = raw->len;
	} else {
		ret = nvmt_cq_alloc(ctrl, cq, flags & NVMETEST_QUEUE_DISCONTIG);
		if (ret)
			goto out_free;
		dma = cq->mem.dma;
		len = cq->mem.size;
	}

	c.common.opcode = nvme_admin_create_cq;
	c.common.cdw10 = cpu_to_le32((depth - 1) << 16 | qid);
	c.common.cdw11 = cpu_to_le32((u32)vector << 16 |
		(flags & NVMETEST_CQ_NO_IEN ? 0 : NVME_CQ_IRQ_ENABLED) |
		(flags & NVMETEST_QUEUE_DISCONTIG ? 0 : NVME_QUEUE_PHYS_CONTIG));
	ret = nvmt_admin_sync_status(ctrl, &c, dma, len, status);
	if (ret == -ETIMEDOUT || ret == -EINTR) {
		/* The device may create it yet: keep the memory, no owner. */
		cq->owner = NULL;
		goto out_table;
	}
	if (ret || *status) {
		nvmt_cq_free(ctrl, cq);
		goto out_free;
	}
	cq->worker = worker;
	nvmt_irq_attach_cq(ctrl, cq);
	*cqp = cq;
out_table:
	nvmt_ioq_table_add(ctrl, &cq->node, &ctrl->io_cqs);
	goto out_unclaim;

out_free:
	if (cq->raw)
		nvmt_dbuf_put(cq->raw);
	kfree(cq);
out_unclaim:
	if (!raw)
		nvmt_barmap_unclaim(ctrl);
	return ret;
}

/* CC.IOSQES or CC.IOCQES of the last enable: the bytes of an entry. */
static u32 nvmt_ioq_entry_size(struct nvmt_ctrl *ctrl, bool sq)
{
	u32 shift = sq ? NVME_CC_IOSQES_SHIFT : NVME_CC_IOCQES_SHIFT;

	return 1U << ((ctrl->cc >> shift) & 0xf);
}

/**
 * nvmt_ioq_raw_ring - where a raw queue's ring is, for its Create command
 * @ctrl:	the controller, state_mutex held, state ENABLED
 * @file:	the caller's file, which must own the buffer
 * @sq:		an SQ (else a CQ)
 * @depth:	entries
 * @flags:	NVMETEST_QUEUE_* (RAW set)
 * @handle:	the DMA buffer
 * @off:	where in it the ring (PC = 1) or its PRP list (PC = 0) starts
 * @raw:	output; its buffer holds a reference (nvmt_dbuf_put())
 *
 * Return: 0; -EPERM when the raw path is not allowed, -EINVAL when the
 * buffer is not the file's or the ring does not fit.
 */
static int nvmt_ioq_raw_ring(struct nvmt_ctrl *ctrl, struct file *file,
			     bool sq, u32 depth, u32 flags, u32 handle,
			     u32 off, struct nvmt_raw_ring *raw)
{
	bool pc = !(flags & NVMETEST_QUEUE_DISCONTIG);
	u64 len;
	int ret;

	if (!nvmt_raw_allowed(ctrl))
		return -EPERM;
	raw->buf = nvmt_dbuf_get(ctrl, file, handle);
	if (!raw->buf)
		return -EINVAL;
	raw->esize = nvmt_ioq_entry_size(ctrl, sq);
	/* PC = 0: the device reads a PRP list the tester wrote there. */
	len = pc ? (u64)depth * raw->esize : sizeof(__le64);
	ret = nvmt_dbuf_addr(raw->buf, off, len, &raw->dma, &raw->cpu);
	if (ret) {
		nvmt_dbuf_put(raw->buf);
		return ret;
	}
	if (!pc)
		raw->cpu = NULL;
	raw->len = min_t(u64, len, PAGE_SIZE - offset_in_page(raw->dma));
	return 0;
}

/* A queue create's dbuf fields: set for RAW, zero otherwise. */
static bool nvmt_ioq_raw_fields_ok(u32 flags, u32 handle, u32 off)
{
	return (flags & NVMETEST_QUEUE_RAW) ? handle != 0 : !handle && !off;
}

int nvmt_ioctl_cq_create(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp)
{
	struct nvmt_raw_ring raw = { };
	struct nvmetest_cq_create cc;
	struct nvmt_cq *cq;
	int ret;

	if (copy_from_user(&cc, argp, sizeof(cc)))
		return -EFAULT;
	if (cc.rsvd0 || cc.rsvd[0] ||
	    (cc.flags & ~NVMETEST_QUEUE_FLAGS) || !cc.depth ||
	    cc.depth > NVMT_IOQ_DEPTH_MAX ||
	    !nvmt_ioq_raw_fields_ok(cc.flags, cc.dbuf, cc.dbuf_offset))
		return -EINVAL;
	ret = nvmt_sm_enter_enabled(ctrl);
	if (ret)
		return ret;
	if (cc.flags & NVMETEST_QUEUE_RAW) {
		/*
		 * MSI and INTx tell a CQ the driver does not drain again
		 * and again (INTx: until the line is disabled).
		 */
		if (!(cc.flags & NVMETEST_CQ_NO_IEN) &&
		    (ctrl->irq_mode == NVMETEST_IRQ_MSI ||
		     ctrl->irq_mode == NVMETEST_IRQ_INTX))
			ret = -EINVAL;
		else
			ret = nvmt_ioq_raw_ring(ctrl, file, false, cc.depth,
						cc.flags, cc.dbuf,
						cc.dbuf_offset, &raw);
		if (ret)
			goto out_exit;
	}
	ret = nvmt_ioq_create_cq(ctrl, file, NULL, cc.qid, cc.depth, cc.vector,
				 cc.flags, raw.buf ? &raw : NULL, &cc.status,
				 &cq);
	if (raw.buf)
		nvmt_dbuf_put(raw.buf);
out_exit:
	nvmt_sm_exit(ctrl);
	if (!ret && copy_to_user(argp, &cc, sizeof(cc)))
		ret = -EFAULT;
	return ret;
}

/**
 * nvmt_ioq_create_sq - create an IO SQ on the device and in the table
 * @ctrl:	the controller, state_mutex held, state ENABLED
 * @file:	its owner
 * @worker:	the IOWorker that will use it, or NULL
 * @qid:	queue id
 * @cqid:	its CQ, in the table (-ENOENT), not an IOWorker's unless
 *		@worker is that worker (-EBUSY)
 * @depth:	entries, 1..65536 (checked by the caller)
 * @flags:	NVMETEST_QUEUE_DISCONTIG, NVMETEST_QUEUE_RAW
 * @qprio:	QPRIO, 0..3
 * @nvmsetid:	CDW12
 * @raw:	as nvmt_ioq_create_cq(); a raw SQ needs a raw CQ and the
 *		other way round (-EINVAL)
 * @status:	output: the device's status of Create I/O SQ
 * @qp:		output: the SQ when it was created (status 0), else NULL
 *
 * Return: as nvmt_ioq_create_cq().
 */
int nvmt_ioq_create_sq(struct nvmt_ctrl *ctrl, struct file *file,
		       struct nvmt_iow *worker, u16 qid, u16 cqid, u32 depth,
		       u32 flags, u8 qprio, u32 nvmsetid,
		       const struct nvmt_raw_ring *raw, u16 *status,
		       struct nvmt_sq **qp)
{
	struct nvme_command c = { };
	struct nvmt_sq *q;
	struct nvmt_cq *cq;
	dma_addr_t dma;
	bool exists;
	size_t len;
	int ret;

	lockdep_assert_held(&ctrl->state_mutex);
	*qp = NULL;
	*status = 0;
	spin_lock(&ctrl->ioq_lock);
	exists = nvmt_sq_find(ctrl, qid);
	cq = nvmt_cq_find(ctrl, cqid);
	if (cq)
		kref_get(&cq->ref);
	spin_unlock(&ctrl->ioq_lock);
	if (exists || !cq) {
		ret = exists ? -EEXIST : -ENOENT;
		goto out_put_cq;
	}
	if (cq->worker != worker) {
		/* An IOWorker's CQ takes no other SQ. */
		ret = -EBUSY;
		goto out_put_cq;
	}
	if (!cq->raw != !raw) {
		/* The driver reaps its CQs, the tester raw ones. */
		ret = -EINVAL;
		goto out_put_cq;
	}
	/* A queue of the driver's: no writable mmap of its doorbells. */
	if (!raw) {
		ret = nvmt_barmap_claim(ctrl, qid);
		if (ret)
			goto out_put_cq;
	}

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q) {
		ret = -ENOMEM;
		goto out_unclaim;
	}
	INIT_LIST_HEAD(&q->cq_node);
	INIT_LIST_HEAD(&q->node);
	init_waitqueue_head(&q->slot_wait);
	kref_init(&q->ref);
	q->owner = file;
	q->qprio = qprio;
	nvmt_sq_init(ctrl, q, cq, qid, depth, flags);
	if (raw) {
		ret = nvmt_sq_raw_init(q, raw->cpu, raw->esize);
		if (ret)
			goto out_free;
		/* Counted before the device may fetch from it. */
		nvmt_dbuf_hold(raw->buf);
		q->raw = raw->buf;
		nvmt_dbuf_raw_sq(ctrl, true);
		dma = raw->dma;
		len = raw->len;
	} else {
		ret = nvmt_sq_alloc(ctrl, q, flags & NVMETEST_QUEUE_DISCONTIG);
		if (ret)
			goto out_free;
		dma = q->mem.dma;
		len = q->mem.size;
	}

	c.common.opcode = nvme_admin_create_sq;
	c.common.cdw10 = cpu_to_le32((depth - 1) << 16 | qid);
	c.common.cdw11 = cpu_to_le32((u32)cqid << 16 | qprio << 1 |
		(flags & NVMETEST_QUEUE_DISCONTIG ? 0 : NVME_QUEUE_PHYS_CONTIG));
	c.common.cdw12 = cpu_to_le32(nvmsetid);
	ret = nvmt_admin_sync_status(ctrl, &c, dma, len, status);
	if (ret == -ETIMEDOUT || ret == -EINTR) {
		q->owner = NULL;
		goto out_table;
	}
	if (ret || *status) {
		nvmt_sq_free(ctrl, q);
		nvmt_sq_raw_gone(ctrl, q);
		goto out_free;
	}
	q->worker = worker;
	q->page_size = READ_ONCE(ctrl->page_size);
	/* A raw SQ is never live: the driver posts nothing there. */
	if (!raw) {
		nvmt_sq_attach(q);
		nvmt_sq_set_live(q, true);
	}
	*qp = q;
out_table:
	nvmt_ioq_table_add(ctrl, &q->node, &ctrl->io_sqs);
	if (!raw)
		nvmt_barmap_unclaim(ctrl);
	return ret;

out_free:
	kfree(q);
out_unclaim:
	if (!raw)
		nvmt_barmap_unclaim(ctrl);
out_put_cq:
	if (cq)
		nvmt_cq_put(cq);
	return ret;
}

int nvmt_ioctl_sq_create(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp)
{
	struct nvmt_raw_ring raw = { };
	struct nvmetest_sq_create sc;
	struct nvmt_sq *q;
	int ret;

	if (copy_from_user(&sc, argp, sizeof(sc)))
		return -EFAULT;
	if (sc.rsvd0 || sc.rsvd1 || sc.rsvd2 || sc.rsvd[0] ||
	    (sc.flags & ~(NVMETEST_QUEUE_DISCONTIG | NVMETEST_QUEUE_RAW)) ||
	    sc.qprio > 3 || !sc.depth || sc.depth > NVMT_IOQ_DEPTH_MAX ||
	    !nvmt_ioq_raw_fields_ok(sc.flags, sc.dbuf, sc.dbuf_offset))
		return -EINVAL;
	ret = nvmt_sm_enter_enabled(ctrl);
	if (ret)
		return ret;
	if (sc.flags & NVMETEST_QUEUE_RAW) {
		ret = nvmt_ioq_raw_ring(ctrl, file, true, sc.depth, sc.flags,
					sc.dbuf, sc.dbuf_offset, &raw);
		if (ret)
			goto out_exit;
	}
	ret = nvmt_ioq_create_sq(ctrl, file, NULL, sc.qid, sc.cqid, sc.depth,
				 sc.flags, sc.qprio, sc.nvmsetid,
				 raw.buf ? &raw : NULL, &sc.status, &q);
	if (raw.buf)
		nvmt_dbuf_put(raw.buf);
out_exit:
	nvmt_sm_exit(ctrl);
	if (!ret && copy_to_user(argp, &sc, sizeof(sc)))
		ret = -EFAULT;
	return ret;
}

/*
 * Delete an SQ on the device; when it accepts, the driver's copy goes.
 * Return: as nvmt_admin_sync(); *status is the device's.
 */
static int nvmt_sq_delete(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
			  u16 *status)
{
	int ret;

	/* Nothing new while the device decides; back on if it refuses. */
	nvmt_sq_set_live(q, false);
	ret = nvmt_delete_cmd(ctrl, nvme_admin_delete_sq, q->qid, status);
	if (!ret && !*status) {
		nvmt_sq_destroy(ctrl, q, NVMETEST_HOST_ABORTED_RESET, true);
		return 0;
	}
	if (!ret && ctrl->state == NVMETEST_STATE_ENABLED)
		nvmt_sq_set_live(q, true);
	return ret;
}

static int nvmt_cq_delete(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq,
			  u16 *status)
{
	struct nvmt_sq *q;
	int ret;

	ret = nvmt_delete_cmd(ctrl, nvme_admin_delete_cq, cq->qid, status);
	if (ret || *status)
		return ret;
	/*
	 * Accepted although SQs of ours still post here: they cannot
	 * complete anything any more; their waiters are woken.
	 */
	list_for_each_entry(q, &ctrl->io_sqs, node) {
		if (q->cq != cq)
			continue;
		nvmt_sq_set_live(q, false);
		nvmt_sq_abort(q, NVMETEST_HOST_ABORTED_RESET, false);
	}
	nvmt_cq_destroy(ctrl, cq);
	return 0;
}

int nvmt_ioctl_queue_delete(struct nvmt_ctrl *ctrl, struct file *file,
			    void __user *argp)
{
	struct nvmetest_queue_delete qd;
	struct nvmt_sq *q = NULL;
	struct nvmt_cq *cq = NULL;
	int ret;

	if (copy_from_user(&qd, argp, sizeof(qd)))
		return -EFAULT;
	if (qd.rsvd0 || qd.rsvd[0] || qd.rsvd[1] ||
	    (qd.type != NVMETEST_QUEUE_SQ && qd.type != NVMETEST_QUEUE_CQ))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	if (ctrl->state != NVMETEST_STATE_ENABLED) {
		ret = -ENXIO;
		goto out_exit;
	}
	spin_lock(&ctrl->ioq_lock);
	if (qd.type == NVMETEST_QUEUE_SQ)
		q = nvmt_sq_find(ctrl, qd.qid);
	else
		cq = nvmt_cq_find(ctrl, qd.qid);
	spin_unlock(&ctrl->ioq_lock);
	if (!q && !cq) {
		ret = -ENOENT;
		goto out_exit;
	}
	if (q ? q->worker : cq->worker) {
		ret = -EBUSY;
		goto out_exit;
	}
	if ((q ? q->owner : cq->owner) != file) {
		ret = -EPERM;
		goto out_exit;
	}
	qd.status = 0;
	ret = q ? nvmt_sq_delete(ctrl, q, &qd.status) :
		  nvmt_cq_delete(ctrl, cq, &qd.status);
out_exit:
	nvmt_sm_exit(ctrl);
	if (!ret && copy_to_user(argp, &qd, sizeof(qd)))
		ret = -EFAULT;
	return ret;
}

/* An Invalid Queue Identifier answer means the device has no such queue. */
static bool nvmt_gone_on_device(int ret, u16 status)
{
	return !ret && (!status || (status & 0x7ff) == NVME_SC_QID_INVALID);
}

/**
 * nvmt_ioq_release_file - a file is closed: delete its queues
 * @ctrl:	the controller
 * @file:	the file
 *
 * SQs first, then CQs; the device's answers are not reported. A queue
 * the device may still use (the Delete did not complete, or was refused)
 * is orphaned: it stays, ownerless, until disable, reset or remove.
 */
void nvmt_ioq_release_file(struct nvmt_ctrl *ctrl, struct file *file)
{
	struct nvmt_sq *q, *qn;
	struct nvmt_cq *cq, *cqn;
	u16 status;
	int ret;

	if (nvmt_sm_enter(ctrl))
		return;
	/* The table changes only under state_mutex, which we hold. */
	list_for_each_entry_safe(q, qn, &ctrl->io_sqs, node) {
		if (q->owner != file)
			continue;
		nvmt_sq_set_live(q, false);
		ret = nvmt_delete_cmd(ctrl, nvme_admin_delete_sq, q->qid,
				      &status);
		if (nvmt_gone_on_device(ret, status)) {
			nvmt_sq_destroy(ctrl, q, NVMETEST_HOST_ABORTED_RESET, true);
		} else {
			nvmt_sq_abort(q, NVMETEST_HOST_ABORTED_RESET, false);
			q->owner = NULL;
		}
	}
	list_for_each_entry_safe(cq, cqn, &ctrl->io_cqs, node) {
		if (cq->owner != file)
			continue;
		ret = nvmt_delete_cmd(ctrl, nvme_admin_delete_cq, cq->qid,
				      &status);
		if (nvmt_gone_on_device(ret, status) && list_empty(&cq->sqs))
			nvmt_cq_destroy(ctrl, cq);
		else
			cq->owner = NULL;
	}
	nvmt_sm_exit(ctrl);
}

/* An SQ or CQ of id @qid is in the table; state_mutex held. */
bool nvmt_ioq_qid_used(struct nvmt_ctrl *ctrl, u16 qid)
{
	bool used;

	spin_lock(&ctrl->ioq_lock);
	used = nvmt_sq_find(ctrl, qid) || nvmt_cq_find(ctrl, qid);
	spin_unlock(&ctrl->ioq_lock);
	return used;
}

/**
 * nvmt_ioq_worker_release - an IOWorker is done with its queues
 * @ctrl:	the controller, state_mutex held
 * @q:		its SQ (the caller holds a reference), or NULL
 * @cq:		its CQ (held through @q, or by the caller), or NULL
 *
 * Deletes them on the device when they are still in the table and the
 * controller is ENABLED: the SQ's outstanding commands are then aborted
 * (stopped) and its memory freed. Whatever is left (a disable, reset or
 * shutdown took them, or the device did not delete them) loses the
 * worker mark: it is then the file's, as a queue of CQ_CREATE/SQ_CREATE,
 * deleted when the file is released or freed at the next disable, reset
 * or remove.
 */
void nvmt_ioq_worker_release(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
			     struct nvmt_cq *cq)
{
	bool enabled = ctrl->state == NVMETEST_STATE_ENABLED;
	bool sq_in, cq_in;
	u16 status;
	int ret;

	lockdep_assert_held(&ctrl->state_mutex);
	spin_lock(&ctrl->ioq_lock);
	sq_in = q && !list_empty(&q->node);
	cq_in = cq && !list_empty(&cq->node);
	spin_unlock(&ctrl->ioq_lock);
	if (q)
		WRITE_ONCE(q->worker, NULL);
	if (cq)
		WRITE_ONCE(cq->worker, NULL);
	if (sq_in && enabled) {
		nvmt_sq_set_live(q, false);
		ret = nvmt_delete_cmd(ctrl, nvme_admin_delete_sq, q->qid,
				      &status);
		if (nvmt_gone_on_device(ret, status)) {
			nvmt_sq_destroy(ctrl, q, NVMETEST_HOST_ABORTED_RESET,
					true);
			sq_in = false;
		}
	}
	if (cq_in && enabled && !sq_in) {
		ret = nvmt_delete_cmd(ctrl, nvme_admin_delete_cq, cq->qid,
				      &status);
		if (nvmt_gone_on_device(ret, status) && list_empty(&cq->sqs))
			nvmt_cq_destroy(ctrl, cq);
	}
}

static void nvmt_sq_info(struct nvmt_sq *q, struct nvmetest_queue_info *o)
{
	unsigned long flags;

	spin_lock_irqsave(&q->cq->lock, flags);
	o->qid = q->qid;
	o->type = NVMETEST_QUEUE_SQ;
	o->flags = q->flags;
	o->depth = q->depth;
	o->cqid = q->cqid;
	o->qprio = q->qprio;
	o->head = q->sq_head;
	o->tail = q->sq_tail;
	o->outstanding = q->inflight;
	o->submitted = q->submitted;
	o->completed = q->completed;
	spin_unlock_irqrestore(&q->cq->lock, flags);
}

static void nvmt_cq_info(struct nvmt_cq *cq, struct nvmetest_queue_info *o)
{
	unsigned long flags;

	spin_lock_irqsave(&cq->lock, flags);
	o->qid = cq->qid;
	o->type = NVMETEST_QUEUE_CQ;
	o->flags = cq->flags;
	o->depth = cq->depth;
	o->vector = cq->vector;
	o->head = cq->head;
	o->phase = cq->phase;
	o->completed = cq->completions;
	spin_unlock_irqrestore(&cq->lock, flags);
}

int nvmt_ioctl_queue_list(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_queue_info *out = NULL;
	struct nvmetest_queue_list ql;
	struct nvmt_sq *q;
	struct nvmt_cq *cq;
	u32 total = 0, n = 0;
	int ret;

	if (copy_from_user(&ql, argp, sizeof(ql)))
		return -EFAULT;
	if (ql.rsvd[0] || ql.rsvd[1] || (ql.count && !ql.queues))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	/* Stable: the table only changes under state_mutex. */
	if (nvmt_sq_exists(&ctrl->aq))
		total = 2;
	list_for_each_entry(q, &ctrl->io_sqs, node)
		total++;
	list_for_each_entry(cq, &ctrl->io_cqs, node)
		total++;
	n = min(ql.count, total);
	if (n) {
		out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
		if (!out) {
			ret = -ENOMEM;
			goto out_exit;
		}
	}
	total = 0;
	if (nvmt_sq_exists(&ctrl->aq)) {
		if (total < n)
			nvmt_sq_info(&ctrl->aq, &out[total]);
		total++;
		if (total < n)
			nvmt_cq_info(&ctrl->acq, &out[total]);
		total++;
	}
	list_for_each_entry(q, &ctrl->io_sqs, node) {
		if (total < n)
			nvmt_sq_info(q, &out[total]);
		total++;
	}
	list_for_each_entry(cq, &ctrl->io_cqs, node) {
		if (total < n)
			nvmt_cq_info(cq, &out[total]);
		total++;
	}
	ql.total = total;
	ql.count = n;
out_exit:
	nvmt_sm_exit(ctrl);
	if (!ret && n && copy_to_user(u64_to_user_ptr(ql.queues), out,
				      n * sizeof(*out)))
		ret = -EFAULT;
	kvfree(out);
	if (!ret && copy_to_user(argp, &ql, sizeof(ql)))
		ret = -EFAULT;
	return ret;
}

/*
 * The queue whose doorbell a REG_WRITE of @width bytes at @off covers:
 * its id, *@cq telling a CQ head doorbell from an SQ tail doorbell; or -1.
 * Doorbells are dwords CAP.DSTRD apart and a write is at most 8 aligned
 * bytes, so it covers two at most (with DSTRD = 0, queue N's SQ tail and
 * CQ head): then the SQ tail, which the driver must guard, is the one.
 */
static int nvmt_db_queue(struct nvmt_ctrl *ctrl, u32 off, u32 width, bool *cq)
{
	u32 stride = ctrl->db_stride;
	int head = -1;
	u32 d, idx;

	for (d = off; d < off + width; d += sizeof(u32)) {
		if (d < NVME_REG_DBS || (d - NVME_REG_DBS) % stride)
			continue;
		idx = (d - NVME_REG_DBS) / stride;
		if (idx / 2 > U16_MAX)
			continue;
		if (idx % 2 == 0) {
			*cq = false;
			return idx / 2;
		}
		head = idx / 2;
	}
	*cq = true;
	return head;
}

/* The raw CQ @qid of the table with a reference (nvmt_cq_put()), or NULL. */
static struct nvmt_cq *nvmt_raw_cq_get(struct nvmt_ctrl *ctrl, u16 qid)
{
	struct nvmt_cq *cq;

	spin_lock(&ctrl->ioq_lock);
	cq = nvmt_cq_find(ctrl, qid);
	if (cq && cq->raw)
		kref_get(&cq->ref);
	else
		cq = NULL;
	spin_unlock(&ctrl->ioq_lock);
	return cq;
}

/*
 * A raw CQ's head doorbell: the command log completes what the tester
 * consumed (nvmt_cq_raw_consumed_locked()), then the write. Return: 0, or
 * -ENOENT when @qid is no raw CQ of the driver's.
 */
static int nvmt_ioq_raw_cq_db(struct nvmt_ctrl *ctrl, u16 qid, u32 off,
			      u32 width, u64 value)
{
	struct nvmt_cq *cq = nvmt_raw_cq_get(ctrl, qid);
	unsigned long flags;

	if (!cq)
		return -ENOENT;
	spin_lock_irqsave(&cq->lock, flags);
	if (width == sizeof(u32))
		nvmt_cq_raw_consumed_locked(cq, value);
	nvmt_bar_write(ctrl->bar + off, width, value);
	spin_unlock_irqrestore(&cq->lock, flags);
	nvmt_cq_put(cq);
	return 0;
}

/**
 * nvmt_ioq_db_write - REG_WRITE over a doorbell of a queue of the driver's
 * @ctrl:	the controller, between nvmt_ctrl_enter() and _exit()
 * @off:	offset of the write
 * @width:	its bytes
 * @value:	the value
 *
 * A tail doorbell the driver did not ring makes the device fetch entries
 * again. Every entry without a command in flight is scrubbed (queue.c),
 * so with the queue idle that only runs no-ops; with a command in flight
 * it could run that command twice and DMA after the driver let go of its
 * memory (or complete its CID twice). So the write is done under the
 * queue's lock while nothing is in flight on it (AERs count), else
 * refused.
 *
 * A raw queue's doorbells are the tester's, any value: the write is done
 * under the queue's lock after the command log took the SQEs the tail
 * hands the device, or the CQEs the head gives back (a dword write; the
 * log follows the values, not the device, which may refuse them).
 *
 * Return: 0 when written; -EBUSY when the queue has commands in flight;
 * -ENOENT when the write covers no SQ tail doorbell of a queue the driver
 * has nor a raw CQ's head doorbell (the caller writes it as any other
 * register).
 */
int nvmt_ioq_db_write(struct nvmt_ctrl *ctrl, u32 off, u32 width, u64 value)
{
	struct nvmt_sq *q;
	unsigned long flags;
	int ret = -ENOENT;
	bool is_cq;
	int qid;

	qid = nvmt_db_queue(ctrl, off, width, &is_cq);
	if (qid < 0)
		return -ENOENT;
	if (is_cq)
		return qid ? nvmt_ioq_raw_cq_db(ctrl, qid, off, width, value) :
			     -ENOENT;
	q = qid ? nvmt_sq_get(ctrl, qid) : &ctrl->aq;
	if (!q)
		return -ENOENT;
	spin_lock_irqsave(&q->cq->lock, flags);
	if (q->raw) {
		if (width == sizeof(u32))
			nvmt_sq_raw_rung_locked(q, value);
		nvmt_bar_write(ctrl->bar + off, width, value);
		ret = 0;
	} else if (q->has_mem) {
		ret = q->inflight ? -EBUSY : 0;
		if (!ret)
			nvmt_bar_write(ctrl->bar + off, width, value);
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
	if (qid)
		nvmt_sq_put(q);
	if (ret == -EBUSY)
		dev_dbg(&ctrl->dev, "REG_WRITE of the SQ %d tail doorbell refused: commands in flight\n",
			qid);
	return ret;
}

/* Look up the SQ of @qid for CMDLOG and take a reference (admin: none). */
static struct nvmt_sq *nvmt_cmdlog_queue(struct nvmt_ctrl *ctrl, u16 qid)
{
	return qid ? nvmt_sq_get(ctrl, qid) : &ctrl->aq;
}

int nvmt_ioctl_cmdlog(struct nvmt_ctrl *ctrl, void __user *argp)
{
	u32 ring = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *out = NULL;
	struct nvmetest_cmdlog cl;
	struct nvmt_sq *q;
	unsigned long flags;
	u64 first, i;
	u32 n = 0;
	int ret;

	if (copy_from_user(&cl, argp, sizeof(cl)))
		return -EFAULT;
	if (cl.rsvd0 || cl.rsvd1 || cl.rsvd[0] || cl.rsvd[1] ||
	    (cl.count && !cl.entries))
		return -EINVAL;
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	q = nvmt_cmdlog_queue(ctrl, cl.qid);
	if (!q) {
		ret = -ENOENT;
		goto out_exit;
	}
	n = min_t(u32, cl.count, ring);
	if (n) {
		out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
		if (!out) {
			ret = -ENOMEM;
			goto out_put;
		}
	}
	spin_lock_irqsave(&q->cq->lock, flags);
	if (!q->log) {
		n = 0;
		cl.total = 0;
	} else {
		cl.total = q->log_seq;
		n = min_t(u64, n, q->log_seq);
		first = q->log_seq - n;
		for (i = 0; i < n; i++)
			out[i] = q->log[(first + i) & (ring - 1)];
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
	cl.count = n;
	cl.ring = ring;
out_put:
	if (cl.qid)
		nvmt_sq_put(q);
out_exit:
	nvmt_ctrl_exit(ctrl);
	if (!ret && n && copy_to_user(u64_to_user_ptr(cl.entries), out,
				      n * sizeof(*out)))
		ret = -EFAULT;
	kvfree(out);
	if (!ret && copy_to_user(argp, &cl, sizeof(cl)))
		ret = -EFAULT;
	return ret;
}
