// SPDX-License-Identifier: GPL-2.0-only
/*
 * queue.c: submission and completion queues, admin and IO alike: their
 * ring memory (contiguous, or page chunks behind a PRP list) and
 * doorbells, CID slots, submission, the completion path (reap), aborting
 * what is outstanding, and each SQ's command log. What a completed
 * command means is the business of whoever sent it: each slot carries
 * its owner's end callback (nvmt_end_fn), so this file calls nothing
 * above it. Which queues exist is ioq.c's (IO) and ctrl.c's (admin);
 * ioq.c also reads the command log out (NVMETEST_IOC_CMDLOG).
 *
 * Locking: a CQ's lock covers it and every SQ that posts to it, so one
 * lock is taken for a submission and for a whole reap.
 *
 * Completion order, as drivers/nvme/host/pci.c: phase check, dma_rmb(),
 * handle the entry, advance the head (flipping the phase on wrap), and
 * ring the CQ head doorbell once per batch.
 *
 * Command log: the entry of a command is written under the lock before
 * the doorbell and completed from the completion path, matched by its
 * sequence number. When the ring wraps past a command still outstanding,
 * its entry is overwritten and the completion finds another sequence
 * number there and leaves it alone: the request keeps its own SQE/CQE.
 * A raw SQ's log (the raw path) is written at the tester's doorbells
 * instead: nvmt_sq_raw_rung_locked(), nvmt_cq_raw_consumed_locked().
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "nvmetest.h"

/**
 * nvmt_qmem_alloc - allocate the memory of one ring
 * @ctrl:	the controller
 * @m:		zeroed
 * @size:	bytes
 * @discontig:	page chunks described by a PRP list (PC = 0)
 * @page_size:	controller page size (CC.MPS), the chunk size
 *
 * Return: 0 or -ENOMEM, with nothing left allocated.
 */
int nvmt_qmem_alloc(struct nvmt_ctrl *ctrl, struct nvmt_qmem *m, size_t size,
		    bool discontig, u32 page_size)
{
	struct device *dmadev = &ctrl->pdev->dev;
	unsigned int i;

	m->size = size;
	if (!discontig) {
		m->cpu = dma_alloc_coherent(dmadev, size, &m->dma, GFP_KERNEL);
		return m->cpu ? 0 : -ENOMEM;
	}
	m->chunk = page_size;
	m->nr_chunks = DIV_ROUND_UP(size, page_size);
	m->chunks = kcalloc(m->nr_chunks, sizeof(*m->chunks), GFP_KERNEL);
	m->chunk_dma = kcalloc(m->nr_chunks, sizeof(*m->chunk_dma), GFP_KERNEL);
	/* The list itself is one physically contiguous buffer. */
	m->prp_size = round_up(m->nr_chunks * sizeof(__le64), page_size);
	m->prp = dma_alloc_coherent(dmadev, m->prp_size, &m->dma, GFP_KERNEL);
	if (!m->chunks || !m->chunk_dma || !m->prp)
		goto out_free;
	for (i = 0; i < m->nr_chunks; i++) {
		m->chunks[i] = dma_alloc_coherent(dmadev, page_size,
						  &m->chunk_dma[i], GFP_KERNEL);
		if (!m->chunks[i])
			goto out_free;
		m->prp[i] = cpu_to_le64(m->chunk_dma[i]);
	}
	return 0;

out_free:
	nvmt_qmem_free(ctrl, m);
	return -ENOMEM;
}

void nvmt_qmem_free(struct nvmt_ctrl *ctrl, struct nvmt_qmem *m)
{
	struct device *dmadev = &ctrl->pdev->dev;
	unsigned int i;

	if (m->cpu)
		dma_free_coherent(dmadev, m->size, m->cpu, m->dma);
	for (i = 0; m->chunks && i < m->nr_chunks; i++)
		if (m->chunks[i])
			dma_free_coherent(dmadev, m->chunk, m->chunks[i],
					  m->chunk_dma[i]);
	if (m->prp)
		dma_free_coherent(dmadev, m->prp_size, m->prp, m->dma);
	kfree(m->chunks);
	kfree(m->chunk_dma);
	memset(m, 0, sizeof(*m));
}

/* The CPU address of byte @off of a ring. */
static void *nvmt_qmem_ptr(const struct nvmt_qmem *m, size_t off)
{
	if (m->cpu)
		return m->cpu + off;
	return m->chunks[off / m->chunk] + off % m->chunk;
}

static void nvmt_qmem_zero(struct nvmt_qmem *m)
{
	unsigned int i;

	if (m->cpu)
		memset(m->cpu, 0, m->size);
	for (i = 0; m->chunks && i < m->nr_chunks; i++)
		memset(m->chunks[i], 0, m->chunk);
}

static struct nvme_command *nvmt_sqe(struct nvmt_sq *q, u32 i)
{
	return nvmt_qmem_ptr(&q->mem, (size_t)i * sizeof(struct nvme_command));
}

/*
 * Scrubbing. A doorbell write or a controller re-enable the driver did not
 * make (REG_WRITE) makes the device fetch ring entries again. An entry
 * that still held a finished command would run it a second time, with
 * pointers to memory the driver has since given back. So every entry
 * that holds no command in flight holds a scrubbed one: all zero (opcode
 * 00h: Delete I/O SQ of queue 0 on the admin queue, Flush of NSID 0 on an
 * IO queue; both fail without touching memory) with a CID no command
 * gets, so that its completion is recognised.
 */
static void nvmt_sqe_scrub(struct nvme_command *c)
{
	memset(c, 0, sizeof(*c));
	c->common.command_id = NVMT_CID_SCRUBBED;
}

static void nvmt_sq_scrub_all(struct nvmt_sq *q)
{
	u32 i;

	for (i = 0; i < q->depth; i++)
		nvmt_sqe_scrub(nvmt_sqe(q, i));
}

static struct nvme_completion *nvmt_cqe(struct nvmt_cq *cq, u32 i)
{
	return nvmt_qmem_ptr(&cq->mem, (size_t)i * sizeof(struct nvme_completion));
}

static u32 __iomem *nvmt_db(struct nvmt_ctrl *ctrl, u16 qid, bool cq)
{
	return ctrl->bar + NVME_REG_DBS + (qid * 2 + cq) * ctrl->db_stride;
}

/* The constant fields of a CQ, before nvmt_cq_alloc(). */
void nvmt_cq_init(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq, u16 qid,
		  u32 depth, u16 vector, u32 flags)
{
	cq->ctrl = ctrl;
	cq->qid = qid;
	cq->depth = depth;
	cq->vector = vector;
	cq->flags = flags;
	cq->db = nvmt_db(ctrl, qid, true);
}

/* The constant fields of an SQ, before nvmt_sq_alloc(). */
void nvmt_sq_init(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
		  struct nvmt_cq *cq, u16 qid, u32 depth, u32 flags)
{
	q->ctrl = ctrl;
	q->cq = cq;
	q->qid = qid;
	q->cqid = cq->qid;
	q->depth = depth;
	q->flags = flags;
	q->db = nvmt_db(ctrl, qid, false);
}

/**
 * nvmt_cq_alloc - allocate the ring of a CQ (see nvmt_cq_init())
 * @ctrl:	the controller
 * @cq:		the CQ, without memory
 * @discontig:	PC = 0 memory
 *
 * Return: 0 or -ENOMEM.
 */
int nvmt_cq_alloc(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq, bool discontig)
{
	struct nvmt_qmem m = { };
	unsigned long flags;
	int ret;

	ret = nvmt_qmem_alloc(ctrl, &m, (size_t)cq->depth *
			      sizeof(struct nvme_completion), discontig,
			      READ_ONCE(ctrl->page_size) ?: PAGE_SIZE);
	if (ret)
		return ret;
	spin_lock_irqsave(&cq->lock, flags);
	cq->mem = m;
	cq->has_mem = true;
	cq->inflight = 0;
	cq->completions = 0;
	cq->bogus = 0;
	cq->head = 0;
	cq->phase = 1;
	nvmt_qmem_zero(&cq->mem);
	spin_unlock_irqrestore(&cq->lock, flags);
	return 0;
}

/* Once the device cannot write the CQ, it is off its vector, no SQ on it. */
void nvmt_cq_free(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq)
{
	struct nvmt_qmem m;
	unsigned long flags;

	spin_lock_irqsave(&cq->lock, flags);
	m = cq->mem;
	memset(&cq->mem, 0, sizeof(cq->mem));
	cq->has_mem = false;
	cq->raw_ring = NULL;
	WRITE_ONCE(cq->depth, 0);
	spin_unlock_irqrestore(&cq->lock, flags);
	nvmt_qmem_free(ctrl, &m);
}

/**
 * nvmt_sq_alloc - allocate the ring, slots and command log of an SQ
 * @ctrl:	the controller
 * @q:		the SQ, set up by nvmt_sq_init(), without memory
 * @discontig:	PC = 0 memory
 *
 * The queue starts not live and not on its CQ (nvmt_sq_attach()).
 * Return: 0 or -ENOMEM.
 */
int nvmt_sq_alloc(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
		  bool discontig)
{
	u32 ring = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *log;
	struct nvmt_qmem m = { };
	struct nvmt_slot *slots;
	unsigned long flags;
	int ret;

	slots = kvcalloc(q->depth, sizeof(*slots), GFP_KERNEL);
	log = kvcalloc(ring, sizeof(*log), GFP_KERNEL);
	if (!slots || !log) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = nvmt_qmem_alloc(ctrl, &m, (size_t)q->depth *
			      sizeof(struct nvme_command), discontig,
			      READ_ONCE(ctrl->page_size) ?: PAGE_SIZE);
	if (ret)
		goto out_free;

	spin_lock_irqsave(&q->cq->lock, flags);
	q->mem = m;
	q->slots = slots;
	q->log = log;
	q->log_seq = 0;
	q->has_mem = true;
	q->live = false;
	q->inflight = 0;
	q->next_cid = 0;
	q->submitted = 0;
	q->completed = 0;
	q->sq_tail = 0;
	q->sq_head = 0;
	nvmt_sq_scrub_all(q);
	spin_unlock_irqrestore(&q->cq->lock, flags);
	return 0;

out_free:
	kvfree(log);
	kvfree(slots);
	return ret;
}

/* Put the SQ on its CQ's list: from here its CQEs are recognised. */
void nvmt_sq_attach(struct nvmt_sq *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->cq->lock, flags);
	list_add_tail(&q->cq_node, &q->cq->sqs);
	spin_unlock_irqrestore(&q->cq->lock, flags);
}

/**
 * nvmt_sq_free - free the memory of an SQ
 * @ctrl:	the controller
 * @q:		the queue
 *
 * Only once the device cannot DMA to the queue any more (deleted, CC.EN =
 * 0 and CSTS.RDY = 0, or bus mastering off), with every slot already
 * aborted. Takes it off its CQ's list.
 */
void nvmt_sq_free(struct nvmt_ctrl *ctrl, struct nvmt_sq *q)
{
	struct nvmetest_cmdlog_entry *log;
	struct nvmt_slot *slots;
	struct nvmt_qmem m;
	unsigned long flags;
	bool had;

	spin_lock_irqsave(&q->cq->lock, flags);
	had = q->has_mem;
	q->live = false;
	m = q->mem;
	slots = q->slots;
	log = q->log;
	memset(&q->mem, 0, sizeof(q->mem));
	q->slots = NULL;
	q->log = NULL;
	q->has_mem = false;
	/* A raw SQ's ring is no longer read once this lock is dropped. */
	q->raw_ring = NULL;
	/* INFO reports an admin queue's depth as 0 once it is gone. */
	WRITE_ONCE(q->depth, 0);
	/* A raw SQ is on its CQ's list from nvmt_sq_raw_init() on. */
	if (had || q->raw)
		list_del_init(&q->cq_node);
	spin_unlock_irqrestore(&q->cq->lock, flags);

	kvfree(log);
	if (!had)
		return;
	nvmt_qmem_free(ctrl, &m);
	kvfree(slots);
}

/**
 * nvmt_sq_raw_init - a raw SQ's command log, and where its ring is
 * @q:		the raw SQ, not yet in the table
 * @ring:	kernel address of its ring (PC = 1), or NULL (PC = 0: the
 *		tester's PRP list says where, the driver does not read it)
 * @esize:	bytes of an entry (CC.IOSQES)
 *
 * Return: 0 or -ENOMEM.
 */
int nvmt_sq_raw_init(struct nvmt_sq *q, void *ring, u32 esize)
{
	u32 n = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *log;
	unsigned long flags;

	log = kvcalloc(n, sizeof(*log), GFP_KERNEL);
	if (!log)
		return -ENOMEM;
	spin_lock_irqsave(&q->cq->lock, flags);
	q->log = log;
	q->log_seq = 0;
	q->raw_ring = ring;
	q->raw_esize = esize;
	list_add_tail(&q->cq_node, &q->cq->sqs);
	spin_unlock_irqrestore(&q->cq->lock, flags);
	return 0;
}

/**
 * nvmt_sq_raw_rung_locked - the tester wrote a raw SQ's tail doorbell
 * @q:		the raw SQ, cq->lock held
 * @tail:	the value written
 *
 * The command log gets the entries from the last tail up to @tail as they
 * are in the ring now, at the doorbell: what the device will fetch. A
 * value beyond the queue moves nothing (the device must refuse it).
 */
void nvmt_sq_raw_rung_locked(struct nvmt_sq *q, u32 tail)
{
	u32 n = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *e;
	u64 now = ktime_get_ns();
	u32 i;

	lockdep_assert_held(&q->cq->lock);
	if (tail >= q->depth)
		return;
	for (i = q->sq_tail; q->log && q->raw_ring && i != tail;
	     i = i + 1 == q->depth ? 0 : i + 1) {
		e = &q->log[q->log_seq & (n - 1)];
		memset(e, 0, sizeof(*e));
		memcpy(e->sqe, q->raw_ring + (size_t)i * q->raw_esize,
		       sizeof(e->sqe));
		e->seq = q->log_seq++;
		e->qid = q->qid;
		e->host_status = NVMETEST_HOST_OK;
		e->submit_ns = now;
		q->submitted++;
	}
	q->sq_tail = tail;
}

static struct nvmt_sq *nvmt_cq_find_sq(struct nvmt_cq *cq, u16 sqid);

/*
 * The newest logged command of @q with CID @cid that has no completion
 * yet, or NULL; cq->lock held.
 */
static struct nvmetest_cmdlog_entry *nvmt_cmdlog_find_cid(struct nvmt_sq *q,
							   u16 cid)
{
	u32 n = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *e;
	u64 i;

	for (i = q->log_seq; q->log && i > 0 && q->log_seq - i < n; i--) {
		e = &q->log[(i - 1) & (n - 1)];
		if (!e->done && (e->sqe[2] | e->sqe[3] << 8) == cid)
			return e;
	}
	return NULL;
}

/**
 * nvmt_cq_raw_consumed_locked - the tester wrote a raw CQ's head doorbell
 * @cq:		the raw CQ, its lock held
 * @head:	the value written
 *
 * The entries from the last head up to @head are the ones the tester
 * consumed: each completes the logged command of its SQ and CID. A value
 * beyond the queue consumes nothing (the device must refuse it).
 */
void nvmt_cq_raw_consumed_locked(struct nvmt_cq *cq, u32 head)
{
	const struct nvme_completion *cqe;
	struct nvmetest_cmdlog_entry *e;
	u64 now = ktime_get_ns();
	struct nvmt_sq *q;
	u32 i;

	lockdep_assert_held(&cq->lock);
	if (head >= cq->depth)
		return;
	for (i = cq->head; cq->raw_ring && i != head;
	     i = i + 1 == cq->depth ? 0 : i + 1) {
		cqe = cq->raw_ring + (size_t)i * cq->raw_esize;
		cq->completions++;
		q = nvmt_cq_find_sq(cq, le16_to_cpu(READ_ONCE(cqe->sq_id)));
		e = q ? nvmt_cmdlog_find_cid(q, READ_ONCE(cqe->command_id)) :
			NULL;
		if (!e) {
			cq->bogus++;
			continue;
		}
		memcpy(e->cqe, cqe, sizeof(e->cqe));
		e->complete_ns = now;
		e->done = 1;
		q->completed++;
		q->sq_head = le16_to_cpu(READ_ONCE(cqe->sq_head)) % q->depth;
	}
	cq->head = head;
}

/**
 * nvmt_sq_reinit - empty an SQ and its CQ, as after a controller reset
 * @q:	the queue, with memory, not live, with no slot in use
 *
 * Zeroes the CQ so that no stale entry has the expected phase, scrubs
 * the SQ, and starts over at head = tail = 0 with phase 1. The command
 * log stays.
 */
void nvmt_sq_reinit(struct nvmt_sq *q)
{
	struct nvmt_cq *cq = q->cq;
	unsigned long flags;

	spin_lock_irqsave(&cq->lock, flags);
	nvmt_sq_scrub_all(q);
	nvmt_qmem_zero(&cq->mem);
	q->sq_tail = 0;
	q->sq_head = 0;
	cq->head = 0;
	cq->phase = 1;
	spin_unlock_irqrestore(&cq->lock, flags);
}

bool nvmt_sq_exists(struct nvmt_sq *q)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&q->cq->lock, flags);
	ret = q->has_mem;
	spin_unlock_irqrestore(&q->cq->lock, flags);
	return ret;
}

void nvmt_sq_set_live(struct nvmt_sq *q, bool live)
{
	unsigned long flags;

	spin_lock_irqsave(&q->cq->lock, flags);
	q->live = live && q->has_mem;
	spin_unlock_irqrestore(&q->cq->lock, flags);
	if (!live)
		wake_up_all(&q->slot_wait);
}

/*
 * Waiters reap the CQ themselves when no handler does: polled mode, IEN =
 * 0, or an IV without a vector. Constant while the queue exists.
 */
bool nvmt_sq_polled(struct nvmt_sq *q)
{
	return READ_ONCE(q->ctrl->irq_mode) == NVMETEST_IRQ_NONE ||
	       !q->cq->on_vector;
}

/* A free CID, searched round robin so that a CID is not reused at once. */
static int nvmt_sq_get_cid(struct nvmt_sq *q)
{
	u32 i, cid;

	for (i = 0; i < q->depth; i++) {
		cid = (q->next_cid + i) % q->depth;
		if (cid == NVMT_CID_SCRUBBED)
			continue;
		if (!q->slots[cid].end) {
			q->next_cid = (cid + 1) % q->depth;
			return cid;
		}
	}
	return -EBUSY;
}

static bool nvmt_sq_full_locked(struct nvmt_sq *q)
{
	u32 tail = q->sq_tail + 1 == q->depth ? 0 : q->sq_tail + 1;

	return tail == q->sq_head || q->inflight + 1 >= q->depth ||
	       q->cq->inflight + 1 >= q->cq->depth;
}

/* For NVMETEST_CMD_WAIT_SLOT: a submission could succeed now (or fail
 * for another reason than a full queue). */
bool nvmt_sq_has_room(struct nvmt_sq *q)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&q->cq->lock, flags);
	ret = !q->live || !nvmt_sq_full_locked(q);
	spin_unlock_irqrestore(&q->cq->lock, flags);
	return ret;
}

static struct nvmetest_cmdlog_entry *nvmt_cmdlog_entry(struct nvmt_sq *q,
						       u64 seq)
{
	u32 ring = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *e;

	if (!q->log)
		return NULL;
	e = &q->log[seq & (ring - 1)];
	return e->seq == seq ? e : NULL;
}

/* A command's log entry, if the ring has not wrapped past it. */
void nvmt_cmdlog_status_locked(struct nvmt_sq *q, u64 seq,
			       u32 host_status, bool done)
{
	struct nvmetest_cmdlog_entry *e = nvmt_cmdlog_entry(q, seq);

	if (!e || e->done)
		return;
	e->host_status = host_status;
	if (done) {
		e->done = 1;
		e->complete_ns = ktime_get_ns();
	}
}

/*
 * The device moved more than the command's buffers hold: mark its log
 * entry (NVMETEST_CMDLOG_OVERRUN) with the host status the caller saw.
 */
void nvmt_cmdlog_overrun(struct nvmt_sq *q, u64 seq, u32 host_status)
{
	struct nvmetest_cmdlog_entry *e;
	unsigned long flags;

	spin_lock_irqsave(&q->cq->lock, flags);
	e = nvmt_cmdlog_entry(q, seq);
	if (e) {
		e->flags |= NVMETEST_CMDLOG_OVERRUN;
		e->host_status = host_status;
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
}

/**
 * nvmt_sq_submit_locked - post one command and ring the SQ tail doorbell
 * @q:		the queue, its CQ's lock held
 * @cmd:	the command; its CID is set here
 * @end:	called when the command ends (completion or abort)
 * @priv:	@end's argument
 * @seq:	output (may be NULL): the command's number in the log
 *
 * Return: the CID; -ENXIO when the queue is not live; -EBUSY when the SQ
 * is full (tail + 1 == head as last reported by the controller), no CID
 * is free or the CQ could overflow. At most depth - 1 commands are in
 * flight on an SQ, and cq depth - 1 on all SQs of a CQ.
 */
int nvmt_sq_submit_locked(struct nvmt_sq *q, struct nvme_command *cmd,
			  nvmt_end_fn end, void *priv, u64 *seq)
{
	return nvmt_sq_post_locked(q, cmd, end, priv, seq, true);
}

/*
 * Ring the SQ tail doorbell for commands posted without it (an IOWorker's
 * batch); CQ lock held. Not once the queue stopped being live: what was
 * posted is aborted with the queue.
 */
void nvmt_sq_ring_locked(struct nvmt_sq *q)
{
	lockdep_assert_held(&q->cq->lock);
	if (q->live && q->has_mem)
		writel(q->sq_tail, q->db);
}

/* nvmt_sq_submit_locked(), the doorbell only when @doorbell. */
int nvmt_sq_post_locked(struct nvmt_sq *q, struct nvme_command *cmd,
			nvmt_end_fn end, void *priv, u64 *seq,
			bool doorbell)
{
	u32 ring = READ_ONCE(nvmt_cmdlog_entries);
	struct nvmetest_cmdlog_entry *e;
	int cid;

	lockdep_assert_held(&q->cq->lock);
	if (!q->live)
		return -ENXIO;
	if (nvmt_sq_full_locked(q))
		return -EBUSY;
	cid = nvmt_sq_get_cid(q);
	if (cid < 0)
		return cid;

	cmd->common.command_id = cid;
	q->slots[cid].end = end;
	q->slots[cid].priv = priv;
	q->slots[cid].seq = q->log_seq;
	q->slots[cid].sq_idx = q->sq_tail;
	q->inflight++;
	q->cq->inflight++;
	q->submitted++;
	memcpy(nvmt_sqe(q, q->sq_tail), cmd, sizeof(*cmd));

	e = &q->log[q->log_seq & (ring - 1)];
	memset(e, 0, sizeof(*e));
	memcpy(e->sqe, cmd, sizeof(e->sqe));
	e->seq = q->log_seq;
	e->qid = q->qid;
	e->host_status = NVMETEST_HOST_OK;
	e->submit_ns = ktime_get_ns();
	if (seq)
		*seq = q->log_seq;
	q->log_seq++;

	q->sq_tail = q->sq_tail + 1 == q->depth ? 0 : q->sq_tail + 1;
	/*
	 * writel() orders the SQE's store to coherent memory before the
	 * doorbell reaches the device (memory-barriers.txt, "KERNEL I/O
	 * BARRIER EFFECTS"), so no explicit wmb() is needed here.
	 */
	if (doorbell)
		writel(q->sq_tail, q->db);
	return cid;
}

/*
 * Release a slot, before its owner hears that the device is done, so the
 * owner may reuse the CID (an AER is resent from its end callback). Its
 * ring entry is scrubbed unless a later command took it over (the device
 * fetched it long ago and the tail came round again).
 */
static void nvmt_sq_put_slot(struct nvmt_sq *q, u16 cid)
{
	struct nvme_command *c = nvmt_sqe(q, q->slots[cid].sq_idx);

	if (c->common.command_id == cid)
		nvmt_sqe_scrub(c);
	q->slots[cid].end = NULL;
	q->slots[cid].priv = NULL;
	q->inflight--;
	q->cq->inflight--;
	if (wq_has_sleeper(&q->slot_wait))
		wake_up(&q->slot_wait);
}

static struct nvmt_sq *nvmt_cq_find_sq(struct nvmt_cq *cq, u16 sqid)
{
	struct nvmt_sq *q;

	list_for_each_entry(q, &cq->sqs, cq_node)
		if (q->qid == sqid)
			return q;
	return NULL;
}

/* One valid-phase CQE: find its SQ and slot, hand it to the slot's owner. */
static void nvmt_cq_handle_cqe(struct nvmt_cq *cq,
			       const struct nvme_completion *cqe)
{
	struct device *dev = &cq->ctrl->dev;
	u16 cid = cqe->command_id;
	u16 sqid = le16_to_cpu(cqe->sq_id);
	u16 sq_head = le16_to_cpu(cqe->sq_head);
	struct nvmetest_cmdlog_entry *e;
	struct nvmt_sq *q;
	struct nvmt_slot *slot;
	nvmt_end_fn end;
	void *priv;

	q = nvmt_cq_find_sq(cq, sqid);
	if (!q) {
		cq->bogus++;
		dev_notice_ratelimited(dev, "CQ %u: CQE for SQ %u, which does not post here (CID %u, status 0x%x): ignored\n",
				       cq->qid, sqid, cid,
				       le16_to_cpu(cqe->status) >> 1);
		return;
	}
	if (sq_head < q->depth) {
		q->sq_head = sq_head;
	} else {
		cq->bogus++;
		dev_notice_ratelimited(dev, "queue %u: CQE with SQ head %u (depth %u), CID %u: SQ head ignored\n",
				       q->qid, sq_head, q->depth, cid);
	}

	if (cid == NVMT_CID_SCRUBBED) {
		cq->bogus++;
		dev_notice_ratelimited(dev, "queue %u: completion of a scrubbed entry (status 0x%x): the device fetched an entry again after a doorbell or CC write the driver did not make\n",
				       q->qid, le16_to_cpu(cqe->status) >> 1);
		return;
	}
	if (cid >= q->depth || !q->slots[cid].end) {
		cq->bogus++;
		dev_notice_ratelimited(dev, "queue %u: CQE for CID %u, which is not in flight (status 0x%x): ignored\n",
				       q->qid, cid, le16_to_cpu(cqe->status) >> 1);
		return;
	}

	slot = &q->slots[cid];
	q->completed++;
	e = nvmt_cmdlog_entry(q, slot->seq);
	if (e) {
		memcpy(e->cqe, cqe, sizeof(e->cqe));
		e->complete_ns = ktime_get_ns();
		e->done = 1;
	}
	end = slot->end;
	priv = slot->priv;
	nvmt_sq_put_slot(q, cid);
	end(q, priv, cqe, NVMETEST_HOST_OK, true);
}

/**
 * nvmt_cq_reap_locked - consume the new entries of a completion queue
 * @cq:		the CQ, lock held
 * @tally:	NULL, or the interrupt vector's counters (struct nvmt_tally)
 *
 * Each entry is counted (in @cq and @tally) before it is handled: the
 * waiter it wakes may read the statistics at once and must find its
 * completion there.
 *
 * Return: the number of entries consumed (0 when the CQ has no memory).
 */
int nvmt_cq_reap_locked(struct nvmt_cq *cq, struct nvmt_tally *tally)
{
	struct nvme_completion *cqe;
	int n = 0;

	lockdep_assert_held(&cq->lock);
	if (!cq->has_mem)
		return 0;
	/* At most one lap: a device writing garbage cannot keep us here. */
	while (n < cq->depth) {
		cqe = nvmt_cqe(cq, cq->head);
		if ((le16_to_cpu(READ_ONCE(cqe->status)) & 1) != cq->phase)
			break;
		/*
		 * The phase tag is the last thing the device writes to the
		 * entry: read the rest of it only after seeing the tag.
		 */
		dma_rmb();
		cq->completions++;
		if (tally)
			nvmt_tally_entry(tally);
		nvmt_cq_handle_cqe(cq, cqe);
		if (++cq->head == cq->depth) {
			cq->head = 0;
			cq->phase ^= 1;
		}
		n++;
	}
	/*
	 * Once per batch. The entries were read before this: the device may
	 * overwrite them only after seeing the new head, and writel() orders
	 * earlier memory accesses before it.
	 */
	if (n)
		writel(cq->head, cq->db);
	return n;
}

int nvmt_cq_reap(struct nvmt_cq *cq)
{
	unsigned long flags;
	int n;

	spin_lock_irqsave(&cq->lock, flags);
	n = nvmt_cq_reap_locked(cq, NULL);
	spin_unlock_irqrestore(&cq->lock, flags);
	return n;
}

/**
 * nvmt_sq_abort - end every command outstanding on an SQ
 * @q:		the queue; the caller has made it not live
 * @host_status: what waiters see (ABORTED_RESET or DEVICE_GONE)
 * @stopped:	true when the device can no longer DMA to the commands'
 *		memory (queue deleted, CC.EN = 0 and CSTS.RDY = 0, or bus
 *		mastering off): the slots are freed along with the requests'
 *		memory. False (a shutdown, or a disable that timed out):
 *		waiters are woken but every slot and its memory stay reserved
 *		until the device completes the command or a later abort with
 *		@stopped.
 */
void nvmt_sq_abort(struct nvmt_sq *q, u32 host_status, bool stopped)
{
	unsigned long flags;
	u32 cid;

	spin_lock_irqsave(&q->cq->lock, flags);
	for (cid = 0; q->slots && cid < q->depth; cid++) {
		struct nvmt_slot *slot = &q->slots[cid];
		nvmt_end_fn end = slot->end;
		void *priv = slot->priv;

		if (!end)
			continue;
		nvmt_cmdlog_status_locked(q, slot->seq, host_status, stopped);
		if (stopped)
			nvmt_sq_put_slot(q, cid);
		end(q, priv, NULL, host_status, stopped);
	}
	spin_unlock_irqrestore(&q->cq->lock, flags);
}
