// SPDX-License-Identifier: GPL-2.0-only
/*
 * chrdev.c: /dev/nvmetestN. Owns the "nvmetest" class, the char device
 * region and the instance numbers, one class device and char device per
 * bound controller with its sysfs attributes, and open/release of the node.
 */
#include <linux/capability.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "nvmetest.h"

static dev_t nvmt_devt;			/* first of NVMT_MINORS numbers */
static DEFINE_IDA(nvmt_instance_ida);	/* instance numbers, the minors */

static char *nvmt_devnode(nvmt_devnode_device *dev, umode_t *mode)
{
	/* Root only: the node gives raw register and config space access. */
	if (mode)
		*mode = 0600;
	return NULL;
}

static struct class nvmt_class = {
	.name		= NVMT_NAME,
	.devnode	= nvmt_devnode,
};

static ssize_t bdf_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%s\n", to_nvmt_ctrl(dev)->bdf);
}
static DEVICE_ATTR_RO(bdf);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct nvmt_ctrl *ctrl = to_nvmt_ctrl(dev);

	/* A snapshot: remove may set dead right after. */
	if (READ_ONCE(ctrl->dead))
		return sysfs_emit(buf, "dead\n");
	return sysfs_emit(buf, "%s\n", nvmt_state_name(READ_ONCE(ctrl->state)));
}
static DEVICE_ATTR_RO(state);

static ssize_t irq_mode_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct nvmt_ctrl *ctrl = to_nvmt_ctrl(dev);

	return sysfs_emit(buf, "%s %u\n",
			  nvmt_irq_mode_name(READ_ONCE(ctrl->irq_mode)),
			  READ_ONCE(ctrl->nr_vectors));
}
static DEVICE_ATTR_RO(irq_mode);

/* One line per vector: "vector count fired masked completions spurious". */
static ssize_t irq_counts_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return nvmt_irq_counts_show(to_nvmt_ctrl(dev), buf);
}
static DEVICE_ATTR_RO(irq_counts);

/*
 * Named like the ABI's fields, not "vendor"/"device": a class device's
 * "device" entry is already the link to its parent.
 */
static ssize_t vendor_id_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%04x\n", to_nvmt_ctrl(dev)->vendor);
}
static DEVICE_ATTR_RO(vendor_id);

static ssize_t device_id_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%04x\n", to_nvmt_ctrl(dev)->device);
}
static DEVICE_ATTR_RO(device_id);

/* One line per active namespace: "nsid nsze lba_size ms extended". */
static ssize_t namespaces_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return nvmt_ns_show(to_nvmt_ctrl(dev), buf);
}
static DEVICE_ATTR_RO(namespaces);

static struct attribute *nvmt_dev_attrs[] = {
	&dev_attr_namespaces.attr,
	&dev_attr_bdf.attr,
	&dev_attr_state.attr,
	&dev_attr_vendor_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_irq_mode.attr,
	&dev_attr_irq_counts.attr,
	NULL,
};
ATTRIBUTE_GROUPS(nvmt_dev);

static int nvmt_open(struct inode *inode, struct file *file)
{
	/*
	 * chrdev_open() holds a reference on the cdev, and through it on its
	 * parent, ctrl->dev, which holds one on the controller: ctrl is valid
	 * here even if remove runs concurrently.
	 */
	struct nvmt_ctrl *ctrl = container_of(inode->i_cdev, struct nvmt_ctrl,
					      cdev);
	int ret = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	down_read(&ctrl->lock);
	if (ctrl->dead)
		ret = -ENODEV;
	else
		nvmt_ctrl_get(ctrl);	/* the file's, dropped at release */
	up_read(&ctrl->lock);
	if (ret)
		return ret;

	file->private_data = ctrl;
	/* No read/write: everything goes through ioctl, and mmap. */
	return nonseekable_open(inode, file);
}

static int nvmt_release(struct inode *inode, struct file *file)
{
	struct nvmt_ctrl *ctrl = file->private_data;

	/*
	 * Workers first: they end on their queues, which go after; the DMA
	 * buffers after the raw queues whose rings they may be.
	 */
	nvmt_iow_release_file(ctrl, file);
	nvmt_ioq_release_file(ctrl, file);
	nvmt_dbuf_release_file(ctrl, file);
	nvmt_irq_release_file(ctrl, file);
	nvmt_ctrl_put(ctrl);
	return 0;
}

/* The raw path: BAR0 (barmap.c) below NVMETEST_MMAP_BAR0_END, DMA buffers (dbuf.c) above. */
static int nvmt_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff < (NVMETEST_MMAP_BAR0_END >> PAGE_SHIFT))
		return nvmt_barmap_mmap(file->private_data, file, vma);
	return nvmt_dbuf_mmap(file->private_data, file, vma);
}

static const struct file_operations nvmt_fops = {
	.owner		= THIS_MODULE,
	.open		= nvmt_open,
	.release	= nvmt_release,
	.unlocked_ioctl	= nvmt_ioctl,
	.uring_cmd	= nvmt_uring_cmd,
	.mmap		= nvmt_mmap,
	/* The ABI structures have the same layout for 32-bit callers. */
	.compat_ioctl	= compat_ptr_ioctl,
};

/*
 * Runs once the device is deleted and the last file of the cdev is closed
 * (the cdev holds a reference on its parent, ctrl->dev, until then): the
 * instance number is free again, and ctrl loses the device's reference.
 */
static void nvmt_dev_release(struct device *dev)
{
	struct nvmt_ctrl *ctrl = to_nvmt_ctrl(dev);

	ida_free(&nvmt_instance_ida, ctrl->instance);
	nvmt_ctrl_put(ctrl);
}

/**
 * nvmt_cdev_add - create /dev/nvmetestN and its sysfs attributes
 * @ctrl:	the controller, with everything the attributes show set
 * @parent:	the PCI device
 *
 * Return: 0, or a negative errno with nothing left behind.
 */
int nvmt_cdev_add(struct nvmt_ctrl *ctrl, struct device *parent)
{
	int ret;

	ret = ida_alloc_max(&nvmt_instance_ida, NVMT_MINORS - 1, GFP_KERNEL);
	if (ret < 0)
		return ret;
	ctrl->instance = ret;

	device_initialize(&ctrl->dev);
	/* The device's reference, dropped by nvmt_dev_release(). */
	nvmt_ctrl_get(ctrl);
	ctrl->dev.release = nvmt_dev_release;
	ctrl->dev.class = &nvmt_class;
	ctrl->dev.parent = parent;
	ctrl->dev.devt = MKDEV(MAJOR(nvmt_devt), ctrl->instance);
	ctrl->dev.groups = nvmt_dev_groups;
	ret = dev_set_name(&ctrl->dev, NVMT_NAME "%d", ctrl->instance);
	if (ret)
		goto out_put_device;

	cdev_init(&ctrl->cdev, &nvmt_fops);
	ctrl->cdev.owner = THIS_MODULE;
	/* Makes the cdev hold ctrl->dev: see nvmt_dev_release(). */
	ret = cdev_device_add(&ctrl->cdev, &ctrl->dev);
	if (ret)
		goto out_put_device;
	return 0;

out_put_device:
	put_device(&ctrl->dev);
	return ret;
}

/**
 * nvmt_cdev_del - remove /dev/nvmetestN
 * @ctrl:	the controller, already dead
 *
 * No new file can be opened after this; files already open stay valid
 * until closed (and then ctrl->dev is released).
 */
void nvmt_cdev_del(struct nvmt_ctrl *ctrl)
{
	cdev_device_del(&ctrl->cdev, &ctrl->dev);
	put_device(&ctrl->dev);
}

int nvmt_chrdev_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&nvmt_devt, 0, NVMT_MINORS, NVMT_NAME);
	if (ret)
		return ret;

	ret = class_register(&nvmt_class);
	if (ret)
		goto out_unregister_region;
	return 0;

out_unregister_region:
	unregister_chrdev_region(nvmt_devt, NVMT_MINORS);
	return ret;
}

void nvmt_chrdev_exit(void)
{
	class_unregister(&nvmt_class);
	unregister_chrdev_region(nvmt_devt, NVMT_MINORS);
	ida_destroy(&nvmt_instance_ida);
}
