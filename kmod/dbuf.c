// SPDX-License-Identifier: GPL-2.0-only
/*
 * dbuf.c: DMA buffers of the raw path (DBUF_ALLOC, DBUF_FREE, mmap), the
 * gate of the raw path, and when a buffer's memory may go.
 *
 * A buffer is coherent DMA memory of the driver's, mapped into the tester
 * and given to the device by address: raw SQEs the tester writes carry
 * these addresses, and the driver never sees them. So the memory goes
 * only when the device can no longer be told to use it: its handle and
 * every mapping are gone, and the controller has no raw SQ (any raw SQE
 * may point into any buffer) -- or the controller stopped (disable, reset,
 * remove: nvmt_ioq_stopped() destroys every raw SQ). Until then a buffer
 * without handle and mappings waits as a zombie.
 *
 * Lock order: mmap_lock (mmap, vm_ops, faults) and state_mutex (raw
 * queues, resets) before ctrl->dbuf_lock, which nests nothing but
 * ctrl->ioq_lock (barmap.c) and the page-table work of faults and of the
 * zaps at remove and at a reset (i_mmap_rwsem).
 */
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "nvmetest.h"

/*
 * mmap offsets: a buffer's is its handle << 32, so a page offset holds
 * the handle above NVMT_DBUF_PGOFF_BITS and the page within it below.
 */
#define NVMT_DBUF_OFF_SHIFT	32
#define NVMT_DBUF_PGOFF_BITS	(NVMT_DBUF_OFF_SHIFT - PAGE_SHIFT)

/**
 * struct nvmt_dbuf - one DMA buffer
 * @ref:	the handle's, each mapping's (vma) and each raw queue's
 * @ctrl:	its controller
 * @owner:	the file of DBUF_ALLOC: only it may map, free or use it
 * @handle:	its handle, 0 once DBUF_FREE or release dropped it
 * @mmap_off:	where its mappings are in the file: the handle's offset,
 *		kept after the handle goes (the zap at remove needs it)
 * @size:	bytes, whole pages
 * @chunk:	bytes per allocation: @size (contiguous) or PAGE_SIZE
 * @nr_chunks:	allocations
 * @cpu:	kernel address of each allocation; NULL once freed
 * @dma:	bus address of each allocation
 * @maps:	vmas that map it (under dbuf_lock)
 * @mapping:	the address space those vmas are in (the owner's), for the
 *		zap at remove; valid while @maps, since each vma pins the file
 * @node:	on ctrl->dbufs while it has memory
 *
 * Everything but @ref is under ctrl->dbuf_lock once the buffer is in
 * ctrl->dbuf_xa.
 */
struct nvmt_dbuf {
	struct kref ref;
	struct nvmt_ctrl *ctrl;
	struct file *owner;
	u32 handle;
	loff_t mmap_off;
	size_t size;
	size_t chunk;
	unsigned int nr_chunks;
	void **cpu;
	dma_addr_t *dma;
	unsigned int maps;
	struct address_space *mapping;
	struct list_head node;
};

void nvmt_dbuf_init(struct nvmt_ctrl *ctrl)
{
	mutex_init(&ctrl->dbuf_lock);
	xa_init_flags(&ctrl->dbuf_xa, XA_FLAGS_ALLOC1);
	INIT_LIST_HEAD(&ctrl->dbufs);
}

/**
 * nvmt_raw_allowed - may the tester hand the device DMA addresses?
 * @ctrl:	the controller, inside nvmt_ctrl_enter()
 *
 * Only when the device sits behind an IOMMU that translates (a DMA
 * domain: it reaches only what the DMA API mapped for it, so a stray
 * address faults in the IOMMU), or when the raw_unsafe module parameter
 * says this machine is a dedicated test host.
 */
bool nvmt_raw_allowed(struct nvmt_ctrl *ctrl)
{
	struct iommu_domain *dom;

	if (READ_ONCE(nvmt_raw_unsafe))
		return true;
	dom = iommu_get_domain_for_dev(&ctrl->pdev->dev);
	return dom && iommu_is_dma_domain(dom);
}

/* Free the memory; dbuf_lock held or the buffer unreachable. */
static void nvmt_dbuf_free_mem(struct nvmt_dbuf *b)
{
	struct nvmt_ctrl *ctrl = b->ctrl;
	unsigned int i;

	if (!b->cpu)
		return;
	for (i = 0; i < b->nr_chunks; i++)
		if (b->cpu[i])
			dma_free_coherent(&ctrl->pdev->dev, b->chunk, b->cpu[i],
					  b->dma[i]);
	kfree(b->cpu);
	kfree(b->dma);
	b->cpu = NULL;
	b->dma = NULL;
	ctrl->dbuf_bytes -= b->size;
}

/*
 * No reference on the controller is needed: whatever holds a buffer holds
 * one already (the handle and each vma through the owner's open file, a
 * raw queue through the file or the controller's own table).
 */
static void nvmt_dbuf_destroy(struct nvmt_dbuf *b)
{
	kfree(b);
}

/*
 * The last reference went, under dbuf_lock (kref_put_mutex()), which this
 * drops: free the memory, unless a raw SQ may still point into it.
 */
static void nvmt_dbuf_release(struct kref *ref)
{
	struct nvmt_dbuf *b = container_of(ref, struct nvmt_dbuf, ref);
	struct nvmt_ctrl *ctrl = b->ctrl;

	if (b->cpu && ctrl->raw_sqs) {
		/* A zombie: nvmt_dbuf_quiet() or remove frees it. */
		mutex_unlock(&ctrl->dbuf_lock);
		return;
	}
	nvmt_dbuf_free_mem(b);
	list_del(&b->node);
	mutex_unlock(&ctrl->dbuf_lock);
	nvmt_dbuf_destroy(b);
}

/* Another reference on a buffer the caller holds one on. */
void nvmt_dbuf_hold(struct nvmt_dbuf *b)
{
	kref_get(&b->ref);
}

void nvmt_dbuf_put(struct nvmt_dbuf *b)
{
	kref_put_mutex(&b->ref, nvmt_dbuf_release, &b->ctrl->dbuf_lock);
}

/* Free the zombies; dbuf_lock held, no raw SQ left. */
static void nvmt_dbuf_quiet_locked(struct nvmt_ctrl *ctrl,
				   struct list_head *dead)
{
	struct nvmt_dbuf *b, *n;

	list_for_each_entry_safe(b, n, &ctrl->dbufs, node) {
		if (kref_read(&b->ref))
			continue;
		nvmt_dbuf_free_mem(b);
		list_move(&b->node, dead);
	}
}

static void nvmt_dbuf_destroy_list(struct list_head *dead)
{
	struct nvmt_dbuf *b, *n;

	list_for_each_entry_safe(b, n, dead, node)
		nvmt_dbuf_destroy(b);
}

/**
 * nvmt_dbuf_raw_sq - a raw SQ comes or goes
 * @ctrl:	the controller, state_mutex held
 * @add:	true before its Create command is sent, false once the
 *		device cannot fetch from it any more (deleted, or the
 *		controller stopped)
 *
 * With the last raw SQ gone, the zombies are freed.
 */
void nvmt_dbuf_raw_sq(struct nvmt_ctrl *ctrl, bool add)
{
	LIST_HEAD(dead);

	lockdep_assert_held(&ctrl->state_mutex);
	mutex_lock(&ctrl->dbuf_lock);
	if (add) {
		ctrl->raw_sqs++;
	} else if (!WARN_ON_ONCE(!ctrl->raw_sqs) && !--ctrl->raw_sqs) {
		nvmt_dbuf_quiet_locked(ctrl, &dead);
	}
	mutex_unlock(&ctrl->dbuf_lock);
	nvmt_dbuf_destroy_list(&dead);
}

/**
 * nvmt_dbuf_get - the buffer of @handle, for a raw queue's ring
 * @ctrl:	the controller
 * @file:	the caller's file, which must own it
 * @handle:	the handle
 *
 * Return: the buffer with a reference (nvmt_dbuf_put()), or NULL.
 */
struct nvmt_dbuf *nvmt_dbuf_get(struct nvmt_ctrl *ctrl, struct file *file,
				u32 handle)
{
	struct nvmt_dbuf *b;

	mutex_lock(&ctrl->dbuf_lock);
	b = handle ? xa_load(&ctrl->dbuf_xa, handle) : NULL;
	if (b && (b->owner != file || !b->cpu))
		b = NULL;
	if (b)
		kref_get(&b->ref);
	mutex_unlock(&ctrl->dbuf_lock);
	return b;
}

/**
 * nvmt_dbuf_addr - the bus and kernel address of a byte of a buffer
 * @b:		the buffer, a reference held
 * @off:	the byte
 * @len:	bytes from @off that must be contiguous on the bus (0: none)
 * @addr:	output: the bus address
 * @cpu:	output: the kernel address, valid while the memory is (the
 *		caller keeps a raw SQ or a reference)
 *
 * Return: 0, or -EINVAL when [@off, @off + @len) leaves the buffer or
 * crosses from one allocation into another.
 */
int nvmt_dbuf_addr(struct nvmt_dbuf *b, u64 off, u64 len, dma_addr_t *addr,
		   void **cpu)
{
	u64 i;
	int ret = -EINVAL;

	mutex_lock(&b->ctrl->dbuf_lock);
	if (b->cpu && off < b->size && len <= b->size - off) {
		i = div64_u64(off, b->chunk);
		if (!len || div64_u64(off + len - 1, b->chunk) == i) {
			*addr = b->dma[i] + (off - i * b->chunk);
			*cpu = b->cpu[i] + (off - i * b->chunk);
			ret = 0;
		}
	}
	mutex_unlock(&b->ctrl->dbuf_lock);
	return ret;
}

static int nvmt_dbuf_alloc_mem(struct nvmt_ctrl *ctrl, struct nvmt_dbuf *b)
{
	unsigned int i;

	b->cpu = kcalloc(b->nr_chunks, sizeof(*b->cpu), GFP_KERNEL);
	b->dma = kcalloc(b->nr_chunks, sizeof(*b->dma), GFP_KERNEL);
	if (!b->cpu || !b->dma)
		return -ENOMEM;
	for (i = 0; i < b->nr_chunks; i++) {
		/* Zeroed: a buffer never shows what it held before. */
		b->cpu[i] = dma_alloc_coherent(&ctrl->pdev->dev, b->chunk,
					       &b->dma[i], GFP_KERNEL);
		if (!b->cpu[i])
			return -ENOMEM;
	}
	return 0;
}

/* The bus address of page @pg of the buffer. */
static dma_addr_t nvmt_dbuf_page_dma(struct nvmt_dbuf *b, size_t pg)
{
	size_t off = pg << PAGE_SHIFT;

	return b->dma[off / b->chunk] + off % b->chunk;
}

static int nvmt_dbuf_copy_addrs(struct nvmt_dbuf *b, u64 uaddr, u32 n)
{
	u64 __user *out = u64_to_user_ptr(uaddr);
	u32 i;

	for (i = 0; i < n; i++)
		if (put_user((u64)nvmt_dbuf_page_dma(b, i), &out[i]))
			return -EFAULT;
	return 0;
}

/* Drop the handle of @b; dbuf_lock held. The caller puts the reference. */
static void nvmt_dbuf_unpublish(struct nvmt_ctrl *ctrl, struct nvmt_dbuf *b)
{
	xa_erase(&ctrl->dbuf_xa, b->handle);
	b->handle = 0;
}

int nvmt_ioctl_dbuf_alloc(struct nvmt_ctrl *ctrl, struct file *file,
			  void __user *argp)
{
	u64 cap = (u64)READ_ONCE(nvmt_raw_mem_mb) << 20;
	struct nvmetest_dbuf_alloc da;
	struct nvmt_dbuf *b;
	u32 handle, pages;
	int ret;

	if (copy_from_user(&da, argp, sizeof(da)))
		return -EFAULT;
	if (da.rsvd[0] || da.rsvd[1] || (da.flags & ~NVMETEST_DBUF_FLAGS) ||
	    !da.size || da.size > NVMETEST_DBUF_MAX ||
	    (!(da.flags & NVMETEST_DBUF_SCATTERED) &&
	     da.size > NVMETEST_DBUF_MAX_CONTIG) ||
	    (da.nr_addrs && !da.addrs))
		return -EINVAL;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	kref_init(&b->ref);	/* the handle's */
	INIT_LIST_HEAD(&b->node);
	b->owner = file;
	b->size = PAGE_ALIGN(da.size);
	pages = b->size >> PAGE_SHIFT;
	b->chunk = da.flags & NVMETEST_DBUF_SCATTERED ? PAGE_SIZE : b->size;
	b->nr_chunks = b->size / b->chunk;
	b->ctrl = ctrl;

	/* Inside the hardware lock: remove frees every buffer after it. */
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		goto out_destroy;
	mutex_lock(&ctrl->dbuf_lock);
	if (ctrl->dbuf_bytes + b->size > cap) {
		ret = -ENOMEM;
	} else {
		ctrl->dbuf_bytes += b->size;
		list_add_tail(&b->node, &ctrl->dbufs);
	}
	mutex_unlock(&ctrl->dbuf_lock);
	if (ret)
		goto out_exit;
	ret = nvmt_dbuf_alloc_mem(ctrl, b);
	mutex_lock(&ctrl->dbuf_lock);
	if (!ret)
		ret = xa_alloc_cyclic(&ctrl->dbuf_xa, &handle, b,
				      XA_LIMIT(1, INT_MAX), &ctrl->dbuf_next,
				      GFP_KERNEL);
	if (ret < 0) {
		nvmt_dbuf_free_mem(b);
		list_del(&b->node);
		mutex_unlock(&ctrl->dbuf_lock);
		goto out_exit;
	}
	b->handle = handle;
	b->mmap_off = (loff_t)handle << NVMT_DBUF_OFF_SHIFT;
	mutex_unlock(&ctrl->dbuf_lock);
	nvmt_ctrl_exit(ctrl);

	da.handle = handle;
	da.mmap_offset = b->mmap_off;
	da.page_size = PAGE_SIZE;
	ret = nvmt_dbuf_copy_addrs(b, da.addrs, min(da.nr_addrs, pages));
	da.nr_addrs = pages;
	if (!ret && copy_to_user(argp, &da, sizeof(da)))
		ret = -EFAULT;
	if (ret) {
		/* The caller does not know the handle: it goes again. */
		mutex_lock(&ctrl->dbuf_lock);
		nvmt_dbuf_unpublish(ctrl, b);
		mutex_unlock(&ctrl->dbuf_lock);
		nvmt_dbuf_put(b);
	}
	return ret;

out_exit:
	nvmt_ctrl_exit(ctrl);
out_destroy:
	kfree(b->cpu);
	kfree(b->dma);
	nvmt_dbuf_destroy(b);
	return ret;
}

int nvmt_ioctl_dbuf_free(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp)
{
	struct nvmetest_dbuf_free df;
	struct nvmt_dbuf *b;

	if (copy_from_user(&df, argp, sizeof(df)))
		return -EFAULT;
	if (df.rsvd0 || df.rsvd[0] || df.rsvd[1])
		return -EINVAL;
	mutex_lock(&ctrl->dbuf_lock);
	b = df.handle ? xa_load(&ctrl->dbuf_xa, df.handle) : NULL;
	if (!b || b->owner != file) {
		mutex_unlock(&ctrl->dbuf_lock);
		return -ENOENT;
	}
	nvmt_dbuf_unpublish(ctrl, b);
	mutex_unlock(&ctrl->dbuf_lock);
	nvmt_dbuf_put(b);
	return 0;
}

/* A file is closed: drop the handles of its buffers. */
void nvmt_dbuf_release_file(struct nvmt_ctrl *ctrl, struct file *file)
{
	struct nvmt_dbuf *b;
	unsigned long idx;

	for (;;) {
		mutex_lock(&ctrl->dbuf_lock);
		xa_for_each(&ctrl->dbuf_xa, idx, b)
			if (b->owner == file)
				break;
		if (b)
			nvmt_dbuf_unpublish(ctrl, b);
		mutex_unlock(&ctrl->dbuf_lock);
		if (!b)
			return;
		nvmt_dbuf_put(b);
	}
}

/**
 * nvmt_dbuf_remove - remove: tear down every mapping, free every buffer
 * @ctrl:	the controller; the device can no longer DMA
 *
 * A mapping left in a process is emptied (its next access gets SIGBUS),
 * so that no page of a freed buffer stays reachable; the buffers' structs
 * live on until their last reference.
 */
void nvmt_dbuf_remove(struct nvmt_ctrl *ctrl)
{
	struct nvmt_dbuf *b, *n;
	LIST_HEAD(dead);

	mutex_lock(&ctrl->dbuf_lock);
	ctrl->dbuf_dead = true;
	nvmt_barmap_remove(ctrl);
	list_for_each_entry_safe(b, n, &ctrl->dbufs, node) {
		/* Where mmap put it: the handle may be gone already. */
		if (b->maps)
			unmap_mapping_range(b->mapping, b->mmap_off, b->size, 1);
		nvmt_dbuf_free_mem(b);
		if (kref_read(&b->ref))
			list_del_init(&b->node);
		else
			list_move(&b->node, &dead);
	}
	mutex_unlock(&ctrl->dbuf_lock);
	nvmt_dbuf_destroy_list(&dead);
}

static void nvmt_dbuf_vm_open(struct vm_area_struct *vma)
{
	struct nvmt_dbuf *b = vma->vm_private_data;

	/* A fork or a split: one more vma of the same file. */
	mutex_lock(&b->ctrl->dbuf_lock);
	kref_get(&b->ref);
	b->maps++;
	mutex_unlock(&b->ctrl->dbuf_lock);
}

static void nvmt_dbuf_vm_close(struct vm_area_struct *vma)
{
	struct nvmt_dbuf *b = vma->vm_private_data;

	mutex_lock(&b->ctrl->dbuf_lock);
	b->maps--;
	mutex_unlock(&b->ctrl->dbuf_lock);
	nvmt_dbuf_put(b);
}

/*
 * The page frame of page @pg. Coherent memory is either in the linear
 * map (dma-direct) or vmapped pages (an IOMMU's DMA domain); either way
 * it has struct pages, and a DMA-coherent platform (x86) maps it
 * cacheable. One call of dma_mmap_coherent() cannot map a scattered
 * buffer's separate allocations, so every buffer is mapped page by page.
 */
static unsigned long nvmt_dbuf_pfn(struct nvmt_dbuf *b, size_t pg)
{
	size_t off = pg << PAGE_SHIFT;
	void *va = b->cpu[off / b->chunk] + off % b->chunk;

	return is_vmalloc_addr(va) ? vmalloc_to_pfn(va) :
				     page_to_pfn(virt_to_page(va));
}

/*
 * A page of the buffer at its first access, while it has memory: remove
 * frees it under the same lock after emptying every mapping, so a vma
 * that mmap set up but had not linked yet when remove zapped (the core
 * links it after ->mmap returns) finds no memory and gets SIGBUS,
 * instead of keeping pages remove freed.
 */
static vm_fault_t nvmt_dbuf_fault(struct vm_fault *vmf)
{
	struct nvmt_dbuf *b = vmf->vma->vm_private_data;
	size_t pg = vmf->pgoff & (BIT(NVMT_DBUF_PGOFF_BITS) - 1);
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&b->ctrl->dbuf_lock);
	if (b->cpu && pg < b->size >> PAGE_SHIFT)
		ret = vmf_insert_pfn(vmf->vma, vmf->address,
				     nvmt_dbuf_pfn(b, pg));
	mutex_unlock(&b->ctrl->dbuf_lock);
	return ret;
}

static const struct vm_operations_struct nvmt_dbuf_vm_ops = {
	.open	= nvmt_dbuf_vm_open,
	.close	= nvmt_dbuf_vm_close,
	.fault	= nvmt_dbuf_fault,
};

/**
 * nvmt_dbuf_mmap - mmap() of /dev/nvmetestN: map (a part of) a buffer
 * @ctrl:	the controller
 * @file:	the file mmap() was called on, which must own the buffer
 * @vma:	the new mapping; its page offset names the buffer and the
 *		first page (struct nvmetest_dbuf_alloc.mmap_offset)
 *
 * Return: 0; -EINVAL (not MAP_SHARED, executable, or beyond the
 * buffer), -ENOENT (no such handle), -EPERM (another file's), -ENODEV
 * (removed).
 */
int nvmt_dbuf_mmap(struct nvmt_ctrl *ctrl, struct file *file,
		   struct vm_area_struct *vma)
{
	unsigned long handle = vma->vm_pgoff >> NVMT_DBUF_PGOFF_BITS;
	size_t first = vma->vm_pgoff & (BIT(NVMT_DBUF_PGOFF_BITS) - 1);
	size_t pages = vma_pages(vma);
	struct nvmt_dbuf *b;
	int ret = 0;

	/* Memory the device writes is never executable. */
	if (!(vma->vm_flags & VM_SHARED) || (vma->vm_flags & VM_EXEC))
		return -EINVAL;
	mutex_lock(&ctrl->dbuf_lock);
	b = handle && handle <= INT_MAX ? xa_load(&ctrl->dbuf_xa, handle) :
					  NULL;
	if (ctrl->dbuf_dead)
		ret = -ENODEV;
	else if (!b)
		ret = -ENOENT;
	else if (b->owner != file)
		ret = -EPERM;
	else if (first > b->size >> PAGE_SHIFT ||
		 pages > (b->size >> PAGE_SHIFT) - first)
		ret = -EINVAL;
	if (!ret) {
		/* Pages come at fault time (nvmt_dbuf_fault()). */
		kref_get(&b->ref);
		b->maps++;
		b->mapping = file->f_mapping;
		nvmt_vm_flags_clear(vma, VM_MAYEXEC);
		nvmt_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND |
				  VM_DONTDUMP);
		vma->vm_private_data = b;
		vma->vm_ops = &nvmt_dbuf_vm_ops;
	}
	mutex_unlock(&ctrl->dbuf_lock);
	return ret;
}
