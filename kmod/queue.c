// SPDX-License-Identifier: GPL-2.0-only
/*
 * queue.c: submission/completion queue pairs (only the admin queue yet):
 * their coherent memory and doorbells, CID slots, submission, the
 * completion path (reap) and aborting what is outstanding. What a
 * completed command means is the owner's business: cmd.c for requests,
 * aer.c for Asynchronous Event Requests.
 *
 * Completion order, as drivers/nvme/host/pci.c: phase check, dma_rmb(),
 * handle the entry, advance the head (flipping the phase on wrap), and
 * ring the CQ head doorbell once per batch.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "nvmetest.h"

/**
 * nvmt_queue_alloc - allocate and set up the memory of a queue pair
 * @ctrl:	the controller
 * @q:		the queue, without memory
 * @qid:	queue id (0: admin)
 * @sq_depth:	SQ entries
 * @cq_depth:	CQ entries
 * @vector:	interrupt vector of the CQ
 *
 * The queue starts not live: nothing can be submitted until
 * nvmt_queue_set_live(). Return: 0 or -ENOMEM.
 */
int nvmt_queue_alloc(struct nvmt_ctrl *ctrl, struct nvmt_queue *q, u16 qid,
		     u16 sq_depth, u16 cq_depth, u16 vector)
{
	struct device *dmadev = &ctrl->pdev->dev;
	u32 stride = 4 << NVME_CAP_STRIDE(lo_hi_readq(ctrl->bar + NVME_REG_CAP));
	struct nvme_completion *cqes;
	struct nvme_command *sqes;
	struct nvmt_slot *slots;
	dma_addr_t sq_dma, cq_dma;
	unsigned long flags;

	slots = kcalloc(sq_depth, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	sqes = dma_alloc_coherent(dmadev, sq_depth * sizeof(*sqes), &sq_dma,
				  GFP_KERNEL);
	if (!sqes)
		goto out_free_slots;
	cqes = dma_alloc_coherent(dmadev, cq_depth * sizeof(*cqes), &cq_dma,
				  GFP_KERNEL);
	if (!cqes)
		goto out_free_sq;

	q->ctrl = ctrl;
	q->qid = qid;
	q->sq_depth = sq_depth;
	q->cq_depth = cq_depth;
	q->vector = vector;
	q->sq_dma = sq_dma;
	q->cq_dma = cq_dma;
	q->sq_db = ctrl->bar + NVME_REG_DBS + qid * 2 * stride;
	q->cq_db = ctrl->bar + NVME_REG_DBS + (qid * 2 + 1) * stride;

	spin_lock_irqsave(&q->lock, flags);
	q->sqes = sqes;
	q->cqes = cqes;
	q->slots = slots;
	q->live = false;
	q->inflight = 0;
	q->next_cid = 0;
	q->completions = 0;
	q->bogus = 0;
	spin_unlock_irqrestore(&q->lock, flags);
	nvmt_queue_reinit(q);
	return 0;

out_free_sq:
	dma_free_coherent(dmadev, sq_depth * sizeof(*sqes), sqes, sq_dma);
out_free_slots:
	kfree(slots);
	return -ENOMEM;
}

/**
 * nvmt_queue_free - free the memory of a queue pair
 * @ctrl:	the controller
 * @q:		the queue
 *
 * Only once the device cannot DMA to the queue any more (CC.EN = 0 and
 * CSTS.RDY = 0, or bus mastering off) and the CQ is off its vector, with
 * every slot already aborted.
 */
void nvmt_queue_free(struct nvmt_ctrl *ctrl, struct nvmt_queue *q)
{
	struct device *dmadev = &ctrl->pdev->dev;
	struct nvme_completion *cqes;
	struct nvme_command *sqes;
	struct nvmt_slot *slots;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->live = false;
	sqes = q->sqes;
	cqes = q->cqes;
	slots = q->slots;
	q->sqes = NULL;
	q->cqes = NULL;
	q->slots = NULL;
	spin_unlock_irqrestore(&q->lock, flags);

	if (!sqes)
		return;
	dma_free_coherent(dmadev, q->cq_depth * sizeof(*cqes), cqes, q->cq_dma);
	dma_free_coherent(dmadev, q->sq_depth * sizeof(*sqes), sqes, q->sq_dma);
	kfree(slots);
	q->sq_depth = 0;
	q->cq_depth = 0;
}

/**
 * nvmt_queue_reinit - empty a queue's rings, as after a controller reset
 * @q:	the queue, with memory, not live, with no slot in use
 *
 * Zeroes both rings so that no stale entry has the expected phase, and
 * starts over at head = tail = 0 with phase 1.
 */
void nvmt_queue_reinit(struct nvmt_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	memset(q->sqes, 0, q->sq_depth * sizeof(*q->sqes));
	memset(q->cqes, 0, q->cq_depth * sizeof(*q->cqes));
	q->sq_tail = 0;
	q->sq_head = 0;
	q->cq_head = 0;
	q->cq_phase = 1;
	spin_unlock_irqrestore(&q->lock, flags);
}

bool nvmt_queue_exists(struct nvmt_queue *q)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&q->lock, flags);
	ret = q->sqes != NULL;
	spin_unlock_irqrestore(&q->lock, flags);
	return ret;
}

void nvmt_queue_set_live(struct nvmt_queue *q, bool live)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->live = live && q->sqes;
	spin_unlock_irqrestore(&q->lock, flags);
}

/* A free CID, searched round robin so that a CID is not reused at once. */
static int nvmt_queue_get_cid(struct nvmt_queue *q)
{
	u16 i, cid;

	for (i = 0; i < q->sq_depth; i++) {
		cid = (q->next_cid + i) % q->sq_depth;
		if (q->slots[cid].kind == NVMT_SLOT_FREE) {
			q->next_cid = (cid + 1) % q->sq_depth;
			return cid;
		}
	}
	return -EBUSY;
}

/**
 * nvmt_queue_submit_locked - post one command and ring the SQ tail doorbell
 * @q:		the queue, lock held
 * @cmd:	the command; its CID is set here
 * @kind:	what the slot is for
 * @req:	the request for NVMT_SLOT_REQ, else NULL
 *
 * Return: the CID; -ENXIO when the queue is not live; -EBUSY when the SQ
 * is full (tail + 1 == head as last reported by the controller) or no CID
 * is free. At most depth - 1 commands are in flight, which also keeps an
 * admin CQ as deep as its SQ from overflowing.
 */
int nvmt_queue_submit_locked(struct nvmt_queue *q, struct nvme_command *cmd,
			     enum nvmt_slot_kind kind, struct nvmt_req *req)
{
	u16 tail;
	int cid;

	lockdep_assert_held(&q->lock);
	if (!q->live)
		return -ENXIO;
	tail = q->sq_tail + 1 == q->sq_depth ? 0 : q->sq_tail + 1;
	if (tail == q->sq_head ||
	    q->inflight + 1 >= min(q->sq_depth, q->cq_depth))
		return -EBUSY;
	cid = nvmt_queue_get_cid(q);
	if (cid < 0)
		return cid;

	cmd->common.command_id = cid;
	q->slots[cid].kind = kind;
	q->slots[cid].req = req;
	q->inflight++;
	memcpy(&q->sqes[q->sq_tail], cmd, sizeof(*cmd));
	q->sq_tail = tail;
	/*
	 * writel() orders the SQE's store to coherent memory before the
	 * doorbell reaches the device (memory-barriers.txt, "KERNEL I/O
	 * BARRIER EFFECTS"), so no explicit wmb() is needed here.
	 */
	writel(tail, q->sq_db);
	return cid;
}

/* Release a slot; the caller has handled its owner. */
static void nvmt_queue_put_slot(struct nvmt_queue *q, u16 cid)
{
	q->slots[cid].kind = NVMT_SLOT_FREE;
	q->slots[cid].req = NULL;
	q->inflight--;
}

/* One valid-phase CQE: find its slot and hand it to the slot's owner. */
static void nvmt_queue_handle_cqe(struct nvmt_queue *q,
				  const struct nvme_completion *cqe)
{
	struct device *dev = &q->ctrl->dev;
	u16 cid = cqe->command_id;
	u16 sq_head = le16_to_cpu(cqe->sq_head);
	struct nvmt_slot *slot;

	if (sq_head < q->sq_depth && le16_to_cpu(cqe->sq_id) == q->qid) {
		q->sq_head = sq_head;
	} else {
		q->bogus++;
		dev_notice_ratelimited(dev, "queue %u: CQE with SQ id %u, SQ head %u (depth %u), CID %u: SQ head ignored\n",
				       q->qid, le16_to_cpu(cqe->sq_id), sq_head,
				       q->sq_depth, cid);
	}

	if (cid >= q->sq_depth || q->slots[cid].kind == NVMT_SLOT_FREE) {
		q->bogus++;
		dev_notice_ratelimited(dev, "queue %u: CQE for CID %u, which is not in flight (status 0x%x): ignored\n",
				       q->qid, cid, le16_to_cpu(cqe->status) >> 1);
		return;
	}

	slot = &q->slots[cid];
	if (slot->kind == NVMT_SLOT_AER) {
		nvmt_queue_put_slot(q, cid);
		nvmt_aer_complete_locked(q, cqe);
		return;
	}
	nvmt_req_end_locked(q, slot->req, NVMETEST_HOST_OK, cqe, true);
	nvmt_queue_put_slot(q, cid);
}

/**
 * nvmt_queue_reap_locked - consume the new entries of a completion queue
 * @q:	the queue, lock held
 *
 * Return: the number of entries consumed (0 when the queue has no memory).
 */
int nvmt_queue_reap_locked(struct nvmt_queue *q)
{
	struct nvme_completion *cqe;
	int n = 0;

	lockdep_assert_held(&q->lock);
	if (!q->cqes)
		return 0;
	/* At most one lap: a device writing garbage cannot keep us here. */
	while (n < q->cq_depth) {
		cqe = &q->cqes[q->cq_head];
		if ((le16_to_cpu(READ_ONCE(cqe->status)) & 1) != q->cq_phase)
			break;
		/*
		 * The phase tag is the last thing the device writes to the
		 * entry: read the rest of it only after seeing the tag.
		 */
		dma_rmb();
		nvmt_queue_handle_cqe(q, cqe);
		if (++q->cq_head == q->cq_depth) {
			q->cq_head = 0;
			q->cq_phase ^= 1;
		}
		n++;
	}
	if (n) {
		q->completions += n;
		/*
		 * Once per batch. The entries were read before this: the
		 * device may overwrite them only after seeing the new head,
		 * and writel() orders earlier memory accesses before it.
		 */
		writel(q->cq_head, q->cq_db);
	}
	return n;
}

int nvmt_queue_reap(struct nvmt_queue *q)
{
	unsigned long flags;
	int n;

	spin_lock_irqsave(&q->lock, flags);
	n = nvmt_queue_reap_locked(q);
	spin_unlock_irqrestore(&q->lock, flags);
	return n;
}

/**
 * nvmt_queue_abort - end every command outstanding on a queue
 * @q:		the queue; the caller has made it not live
 * @host_status: what waiters see (ABORTED_RESET or DEVICE_GONE)
 * @stopped:	true when the device can no longer DMA to the commands'
 *		memory (CC.EN = 0 and CSTS.RDY = 0, or bus mastering off):
 *		the slots are freed along with the requests' memory. False
 *		(a shutdown, or a disable that timed out): waiters are woken
 *		but every slot and its memory stay reserved until the device
 *		completes the command or a later abort with @stopped.
 */
void nvmt_queue_abort(struct nvmt_queue *q, u32 host_status, bool stopped)
{
	unsigned long flags;
	u16 cid;

	spin_lock_irqsave(&q->lock, flags);
	for (cid = 0; q->slots && cid < q->sq_depth; cid++) {
		struct nvmt_slot *slot = &q->slots[cid];

		switch (slot->kind) {
		case NVMT_SLOT_FREE:
			break;
		case NVMT_SLOT_AER:
			if (stopped) {
				nvmt_queue_put_slot(q, cid);
				q->ctrl->aer_outstanding--;
			}
			break;
		case NVMT_SLOT_REQ:
			nvmt_req_end_locked(q, slot->req, host_status, NULL,
					    stopped);
			if (stopped)
				nvmt_queue_put_slot(q, cid);
			break;
		}
	}
	spin_unlock_irqrestore(&q->lock, flags);
}
