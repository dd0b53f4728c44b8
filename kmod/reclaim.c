// SPDX-License-Identifier: GPL-2.0-only
/*
 * reclaim.c: memory the device let go of after its owner had: a request
 * whose waiter gave up (cmd.c), an IOWorker's buffers after its thread
 * ended (ioworker.c). The completion path finds it under a queue lock, in
 * any context, and cannot free it there (unpinning user pages may sleep),
 * so it goes on ctrl->reclaim_list and a work item frees it. One list for
 * every owner, each object freed by its own callback: so the layers that
 * drain it (disable, reset, queue deletion, remove) need not know whose
 * memory it holds.
 */
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "nvmetest.h"

static void nvmt_reclaim_work(struct work_struct *work)
{
	nvmt_reclaim_drain(container_of(work, struct nvmt_ctrl, reclaim_work));
}

void nvmt_reclaim_init(struct nvmt_ctrl *ctrl)
{
	spin_lock_init(&ctrl->reclaim_lock);
	INIT_LIST_HEAD(&ctrl->reclaim_list);
	INIT_WORK(&ctrl->reclaim_work, nvmt_reclaim_work);
}

/**
 * nvmt_reclaim_defer - free an object in process context, soon
 * @ctrl:	the controller whose device held the memory
 * @r:		embedded in the object, not on the list
 * @free:	frees the object; runs in process context, no lock held
 *
 * Any context; the caller may hold a queue lock (reclaim_lock nests
 * inside it).
 */
void nvmt_reclaim_defer(struct nvmt_ctrl *ctrl, struct nvmt_reclaim *r,
			void (*free)(struct nvmt_reclaim *r))
{
	unsigned long flags;

	r->free = free;
	spin_lock_irqsave(&ctrl->reclaim_lock, flags);
	list_add_tail(&r->node, &ctrl->reclaim_list);
	spin_unlock_irqrestore(&ctrl->reclaim_lock, flags);
	schedule_work(&ctrl->reclaim_work);
}

/*
 * Free what is deferred now, in process context: whoever is about to let
 * the pci_dev or the PRP pools go calls it once the device is stopped.
 */
void nvmt_reclaim_drain(struct nvmt_ctrl *ctrl)
{
	struct nvmt_reclaim *r, *tmp;
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&ctrl->reclaim_lock, flags);
	list_splice_init(&ctrl->reclaim_list, &list);
	spin_unlock_irqrestore(&ctrl->reclaim_lock, flags);
	list_for_each_entry_safe(r, tmp, &list, node) {
		list_del(&r->node);
		r->free(r);
	}
}
