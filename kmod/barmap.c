// SPDX-License-Identifier: GPL-2.0-only
/*
 * barmap.c: mmap() of BAR0 for the raw path. The registers map read-only,
 * and doorbell pages map writable while no queue of the driver's has a
 * doorbell in them, so that a test writes doorbells at memory speed
 * without an ioctl per write.
 *
 * File offsets below NVMETEST_MMAP_BAR0_END are BAR0 offsets: mmap() at
 * offset X maps BAR0 from X. The rules (docs/abi.md, "Mapping BAR0"):
 *
 * - Read-only (PROT_READ, and mprotect() cannot add write or exec): any
 *   pages of BAR0. Reads have no side effects an NVMe controller may give
 *   them, and REG_READ reads the same bytes.
 * - Writable: the raw path's gate (nvmt_raw_allowed()), and every page a
 *   doorbell page: at or after NVME_REG_DBS, within the doorbells of the
 *   queues the controller granted (Set Features Number of Queues), not
 *   over the MSI-X table or PBA (a write there could aim interrupt
 *   messages anywhere), and no doorbell of a queue the driver owns in it:
 *   the admin queue (so never the first doorbell page while the stride
 *   is below a page) and every IO queue but raw ones. A tail the driver
 *   did not write desynchronises its queue (nvmt_ioq_db_write() tells how
 *   REG_WRITE handles that case); the tester owns raw queues. While such
 *   a mapping exists, creating a driver queue whose doorbells it covers
 *   fails with -EBUSY (nvmt_barmap_claim()).
 *
 * Pages are inserted at fault time under ctrl->dbuf_lock, so that remove,
 * which zaps every mapping under the same lock, cannot miss one that mmap
 * set up but had not linked yet: a later access finds the controller
 * dead and gets SIGBUS, and the BAR's addresses, which the PCI core may
 * give another device, stay unreachable. The same fence stands while
 * the function may not decode BAR0 (nvmt_barmap_fence()): through a
 * reset of the function, its link or its subsystem, in D3hot, and from
 * a PCIe error's detection to its recovery. An access then gets SIGBUS
 * instead of a request the function cannot complete (a completion
 * timeout, an error the platform may escalate), as VFIO does; the
 * mapping works again once the fence is lifted.
 *
 * Lock order: mmap_lock and state_mutex before ctrl->dbuf_lock (as in
 * dbuf.c), which nests ctrl->ioq_lock here.
 */
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "compat.h"
#include "nvmetest.h"

/**
 * struct nvmt_barmap - one mmap() of BAR0, shared by the vmas it becomes
 * @ctrl:	its controller (each vma pins the file, which pins it)
 * @mapping:	the file's address space, for the zap at remove
 * @first_qid:	a writable one: the first queue with a doorbell in it
 * @last_qid:	and the last; a read-only one covers none (first > last)
 * @vmas:	vmas that use it (forks, splits)
 * @node:	on ctrl->barmaps
 *
 * Under ctrl->dbuf_lock once on the list. A writable mapping keeps the
 * queue range of its whole first mmap() when a munmap() splits it.
 */
struct nvmt_barmap {
	struct nvmt_ctrl *ctrl;
	struct address_space *mapping;
	u32 first_qid;
	u32 last_qid;
	unsigned int vmas;
	struct list_head node;
};

void nvmt_barmap_init(struct nvmt_ctrl *ctrl)
{
	INIT_LIST_HEAD(&ctrl->barmaps);
}

/* Whether a writable mapping covers either doorbell of queue @qid. */
static bool nvmt_barmap_covers(struct nvmt_ctrl *ctrl, u32 qid)
{
	struct nvmt_barmap *m;

	lockdep_assert_held(&ctrl->dbuf_lock);
	list_for_each_entry(m, &ctrl->barmaps, node)
		if (qid >= m->first_qid && qid <= m->last_qid)
			return true;
	return false;
}

/**
 * nvmt_barmap_claim - a queue of the driver's is about to be created
 * @ctrl:	the controller, state_mutex held (one creation at a time)
 * @qid:	its id
 *
 * Until nvmt_barmap_unclaim(), a writable mapping of @qid's doorbells is
 * refused; the queue is then in the table, where mmap() looks too.
 *
 * Return: 0, or -EBUSY when a writable mapping covers its doorbells.
 */
int nvmt_barmap_claim(struct nvmt_ctrl *ctrl, u16 qid)
{
	int ret = 0;

	lockdep_assert_held(&ctrl->state_mutex);
	mutex_lock(&ctrl->dbuf_lock);
	if (nvmt_barmap_covers(ctrl, qid))
		ret = -EBUSY;
	else
		ctrl->db_claimed = qid + 1;
	mutex_unlock(&ctrl->dbuf_lock);
	if (ret)
		dev_dbg(&ctrl->dev, "queue %u: its doorbells are mapped writable\n",
			qid);
	return ret;
}

/* The claim ends: the queue is in the table, or was not made. */
void nvmt_barmap_unclaim(struct nvmt_ctrl *ctrl)
{
	mutex_lock(&ctrl->dbuf_lock);
	ctrl->db_claimed = 0;
	mutex_unlock(&ctrl->dbuf_lock);
}

/* Whether a queue of the driver's (not raw) has an id in [@first, @last]. */
static bool nvmt_barmap_driver_queue(struct nvmt_ctrl *ctrl, u32 first,
				     u32 last)
{
	struct nvmt_sq *q;
	struct nvmt_cq *cq;
	bool found = false;

	if (first > last)
		return false;
	/* The admin queue's, and the one being created. */
	if (first == 0 || (ctrl->db_claimed && ctrl->db_claimed - 1 >= first &&
			   ctrl->db_claimed - 1 <= last))
		return true;
	spin_lock(&ctrl->ioq_lock);
	list_for_each_entry(q, &ctrl->io_sqs, node)
		if (!q->raw && q->qid >= first && q->qid <= last)
			found = true;
	list_for_each_entry(cq, &ctrl->io_cqs, node)
		if (!cq->raw && cq->qid >= first && cq->qid <= last)
			found = true;
	spin_unlock(&ctrl->ioq_lock);
	return found;
}

/*
 * The rules of a writable mapping of BAR0 bytes [@start, @end): fills
 * @m's queue range. Under dbuf_lock.
 */
static int nvmt_barmap_db_check(struct nvmt_ctrl *ctrl, u64 start, u64 end,
				struct nvmt_barmap *m)
{
	u64 stride = ctrl->db_stride;
	u32 nq = max(READ_ONCE(ctrl->nr_io_sq), READ_ONCE(ctrl->nr_io_cq));
	u64 db_end = NVME_REG_DBS + 2 * ((u64)nq + 1) * stride;
	u64 first_db, last_db;

	if (!nvmt_raw_allowed(ctrl))
		return -EPERM;
	if (start < NVME_REG_DBS || end > db_end)
		return -EINVAL;
	if (ctrl->msix_table_len &&
	    start < (u64)ctrl->msix_table + ctrl->msix_table_len &&
	    ctrl->msix_table < end)
		return -EINVAL;
	if (ctrl->msix_pba_len &&
	    start < (u64)ctrl->msix_pba + ctrl->msix_pba_len &&
	    ctrl->msix_pba < end)
		return -EINVAL;
	/* Doorbells are dwords at multiples of the stride from DBS. */
	first_db = DIV_ROUND_UP(start - NVME_REG_DBS, stride);
	last_db = (end - 1 - NVME_REG_DBS) / stride;
	m->first_qid = first_db / 2;
	m->last_qid = last_db / 2;
	if (first_db > last_db) {
		/* Between two doorbells: none in it. */
		m->first_qid = 1;
		m->last_qid = 0;
	}
	if (nvmt_barmap_driver_queue(ctrl, m->first_qid, m->last_qid))
		return -EBUSY;
	return 0;
}

static void nvmt_barmap_vm_open(struct vm_area_struct *vma)
{
	struct nvmt_barmap *m = vma->vm_private_data;

	mutex_lock(&m->ctrl->dbuf_lock);
	m->vmas++;
	mutex_unlock(&m->ctrl->dbuf_lock);
}

static void nvmt_barmap_vm_close(struct vm_area_struct *vma)
{
	struct nvmt_barmap *m = vma->vm_private_data;
	struct nvmt_ctrl *ctrl = m->ctrl;
	bool last;

	mutex_lock(&ctrl->dbuf_lock);
	last = !--m->vmas;
	if (last)
		list_del(&m->node);
	mutex_unlock(&ctrl->dbuf_lock);
	if (last)
		kfree(m);
}

/* A page of BAR0 while it decodes; SIGBUS after remove and while fenced. */
static vm_fault_t nvmt_barmap_fault(struct vm_fault *vmf)
{
	struct nvmt_barmap *m = vmf->vma->vm_private_data;
	struct nvmt_ctrl *ctrl = m->ctrl;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&ctrl->dbuf_lock);
	if (!ctrl->dbuf_dead && !ctrl->bar_fenced)
		ret = vmf_insert_pfn(vmf->vma, vmf->address,
				     (ctrl->bar0_start >> PAGE_SHIFT) +
				     vmf->pgoff);
	mutex_unlock(&ctrl->dbuf_lock);
	return ret;
}

static const struct vm_operations_struct nvmt_barmap_vm_ops = {
	.open	= nvmt_barmap_vm_open,
	.close	= nvmt_barmap_vm_close,
	.fault	= nvmt_barmap_fault,
};

/**
 * nvmt_barmap_mmap - mmap() of /dev/nvmetestN below NVMETEST_MMAP_BAR0_END
 * @ctrl:	the controller
 * @file:	the file
 * @vma:	the new mapping; its page offset is the BAR0 page it starts at
 *
 * Return: 0; -EINVAL (not MAP_SHARED, executable, beyond BAR0, or a
 * writable one outside the doorbells the rules allow), -EPERM (writable
 * without the raw path's gate), -EBUSY (writable over a doorbell of a
 * queue of the driver's), -ENODEV (removed), -ENOMEM.
 */
int nvmt_barmap_mmap(struct nvmt_ctrl *ctrl, struct file *file,
		     struct vm_area_struct *vma)
{
	u64 start = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 end = start + (vma->vm_end - vma->vm_start);
	bool write = vma->vm_flags & VM_WRITE;
	struct nvmt_barmap *m;
	int ret = 0;

	/* (a read-only mapping of an O_RDONLY file has VM_MAYSHARE only) */
	if (!(vma->vm_flags & VM_MAYSHARE) || (vma->vm_flags & VM_EXEC))
		return -EINVAL;
	/* A BAR smaller than a page (or unaligned) cannot be mapped. */
	if (end > ctrl->bar0_len || !PAGE_ALIGNED(ctrl->bar0_start))
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->ctrl = ctrl;
	m->mapping = file->f_mapping;
	m->first_qid = 1;
	m->vmas = 1;

	mutex_lock(&ctrl->dbuf_lock);
	if (ctrl->dbuf_dead)
		ret = -ENODEV;
	else if (write)
		ret = nvmt_barmap_db_check(ctrl, start, end, m);
	if (!ret)
		list_add(&m->node, &ctrl->barmaps);
	mutex_unlock(&ctrl->dbuf_lock);
	if (ret) {
		kfree(m);
		if (write)
			dev_dbg(&ctrl->dev, "writable mmap of BAR0 0x%llx-0x%llx refused: %d\n",
				start, end, ret);
		return ret;
	}

	nvmt_vm_flags_clear(vma, write ? VM_MAYEXEC : VM_MAYWRITE | VM_MAYEXEC);
	nvmt_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND |
			  VM_DONTDUMP);
	/* As io_remap_pfn_range() would: MMIO is never encrypted memory. */
	vma->vm_page_prot = pgprot_decrypted(pgprot_device(vma->vm_page_prot));
	vma->vm_private_data = m;
	vma->vm_ops = &nvmt_barmap_vm_ops;
	return 0;
}

/* Empty every mapping of BAR0; dbuf_lock held. */
static void nvmt_barmap_zap(struct nvmt_ctrl *ctrl)
{
	struct nvmt_barmap *m;

	lockdep_assert_held(&ctrl->dbuf_lock);
	list_for_each_entry(m, &ctrl->barmaps, node)
		unmap_mapping_range(m->mapping, 0, ctrl->bar0_len, 1);
}

/**
 * nvmt_barmap_remove - remove: empty every mapping of BAR0
 * @ctrl:	the controller, ctrl->dbuf_dead set under dbuf_lock
 *
 * Under dbuf_lock, from nvmt_dbuf_remove(): a fault after it gets SIGBUS.
 */
void nvmt_barmap_remove(struct nvmt_ctrl *ctrl)
{
	nvmt_barmap_zap(ctrl);
}

/**
 * nvmt_barmap_fence - BAR0 may stop decoding, or decodes again
 * @ctrl:	the controller (reset.c: with reset_sem and state_mutex, or
 *		from the PCI core's error callbacks without them)
 * @fence:	true: empty every mapping, and fault no page in until the
 *		fence is lifted (SIGBUS meanwhile); false: lift it
 */
void nvmt_barmap_fence(struct nvmt_ctrl *ctrl, bool fence)
{
	mutex_lock(&ctrl->dbuf_lock);
	if (fence && !ctrl->bar_fenced)
		nvmt_barmap_zap(ctrl);
	ctrl->bar_fenced = fence;
	mutex_unlock(&ctrl->dbuf_lock);
}
