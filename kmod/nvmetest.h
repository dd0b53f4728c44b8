/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nvmetest.h: the module's internal types (struct nvmt_ctrl) and the
 * interfaces between its files. Nothing here is ABI: that is
 * include/uapi/linux/nvmetest.h.
 */
#ifndef NVMT_NVMETEST_H
#define NVMT_NVMETEST_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kref.h>
#include <linux/nvme.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/types.h>

#define NVMT_NAME		"nvmetest"

/* One minor per bound controller; the instance number is the minor. */
#define NVMT_MINORS		(1U << MINORBITS)

/* Sized like struct nvmetest_info.bdf, which it is copied into. */
#define NVMT_BDF_LEN		32

/*
 * Controller registers <linux/nvme.h> does not name (it stops at PMRSWTP
 * in 6.1 and 6.12): PMR Controller Memory Space Control, lower and upper
 * dword (NVMe 1.4+).
 */
#define NVMT_REG_PMRMSCL	0x0e14
#define NVMT_REG_PMRMSCU	0x0e18

/*
 * The smallest BAR0 that can hold an NVMe controller: the 4 KiB register
 * file and the admin queue's two doorbells (CAP.DSTRD = 0).
 */
#define NVMT_BAR0_MIN		(NVME_REG_DBS + 2 * sizeof(u32))

/*
 * struct nvmt_ctrl: one PCI function bound to nvmetest.
 *
 * Lifetime: allocated at probe, freed when @kref drops to zero. References
 * are held by the PCI binding (probe to remove), by @dev (until its release,
 * which needs every file of @cdev closed first) and by every open file.
 * Remove marks the controller dead and takes the hardware away; the memory
 * outlives it for as long as a file still refers to it.
 */
struct nvmt_ctrl {
	struct kref kref;

	/*
	 * Serialises use of the hardware against remove: every ioctl holds it
	 * for read from the @dead check to its last access of @pdev or @bar;
	 * remove holds it for write while it sets @dead and unmaps @bar.
	 */
	struct rw_semaphore lock;
	bool dead;		/* under @lock; READ_ONCE() for sysfs */
	struct pci_dev *pdev;	/* under @lock, only while !@dead */
	void __iomem *bar;	/* BAR0 mapping; under @lock, only while !@dead */

	/*
	 * Copied at probe and constant after, so that they stay readable
	 * once the pci_dev is gone.
	 */
	char bdf[NVMT_BDF_LEN];
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u32 class;
	u8 revision;
	u32 cfg_size;		/* bound of config space access */
	u64 bar0_len;		/* bound of register access */
	int instance;		/* N of /dev/nvmetestN, also the minor */

	/*
	 * Where the unsafe ranges that depend on the device are, read at
	 * probe from read-only capability fields: the MSI-X table when it
	 * lives in BAR0 (@msix_table_len is 0 otherwise), and the MSI
	 * capability (@msi_cap is 0 when there is none).
	 */
	u32 msix_table;		/* offset in BAR0 */
	u32 msix_table_len;	/* bytes */
	u8 msi_cap;
	bool msi_64bit;

	struct device dev;	/* the class device of /dev/nvmetestN */
	struct cdev cdev;
};

static inline struct nvmt_ctrl *to_nvmt_ctrl(struct device *dev)
{
	return container_of(dev, struct nvmt_ctrl, dev);
}

/* pci.c */
extern struct pci_driver nvmt_pci_driver;
void nvmt_ctrl_get(struct nvmt_ctrl *ctrl);
void nvmt_ctrl_put(struct nvmt_ctrl *ctrl);

/* chrdev.c */
int nvmt_chrdev_init(void);
void nvmt_chrdev_exit(void);
int nvmt_cdev_add(struct nvmt_ctrl *ctrl, struct device *parent);
void nvmt_cdev_del(struct nvmt_ctrl *ctrl);

/* ioctl.c */
long nvmt_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* NVMT_NVMETEST_H */
