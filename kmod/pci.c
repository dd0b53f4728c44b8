// SPDX-License-Identifier: GPL-2.0-only
/*
 * pci.c: the PCI driver (probe and remove, surprise removal included).
 * Probe creates struct nvmt_ctrl; its references are counted by ctrl.c.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/kref.h>
#include <linux/module.h>
#include <linux/nvme.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nvmetest.h"

/*
 * Record where the device-specific unsafe ranges of register and config
 * writes are (see include/uapi/linux/nvmetest.h, NVMETEST_RW_UNSAFE). The
 * fields read are read-only in hardware, so probe time is enough.
 */
static void nvmt_find_unsafe_ranges(struct nvmt_ctrl *ctrl,
				    struct pci_dev *pdev)
{
	u16 flags;
	u32 table;
	u8 cap;

	cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	ctrl->msix_cap = cap;
	if (cap) {
		pci_read_config_word(pdev, cap + PCI_MSIX_FLAGS, &flags);
		pci_read_config_dword(pdev, cap + PCI_MSIX_TABLE, &table);
		/* A table in another BAR is out of reach of REG_WRITE. */
		if ((table & PCI_MSIX_TABLE_BIR) == 0) {
			ctrl->msix_table = table & PCI_MSIX_TABLE_OFFSET;
			ctrl->msix_table_len = PCI_MSIX_ENTRY_SIZE *
				((flags & PCI_MSIX_FLAGS_QSIZE) + 1);
		}
		/* One bit per entry, in qwords. */
		pci_read_config_dword(pdev, cap + PCI_MSIX_PBA, &table);
		if ((table & PCI_MSIX_PBA_BIR) == 0) {
			ctrl->msix_pba = table & PCI_MSIX_PBA_OFFSET;
			ctrl->msix_pba_len = sizeof(u64) *
				DIV_ROUND_UP((flags & PCI_MSIX_FLAGS_QSIZE) + 1,
					     64);
		}
	}

	cap = pci_find_capability(pdev, PCI_CAP_ID_MSI);
	if (cap) {
		pci_read_config_word(pdev, cap + PCI_MSI_FLAGS, &flags);
		ctrl->msi_cap = cap;
		ctrl->msi_64bit = flags & PCI_MSI_FLAGS_64BIT;
	}
}

static int nvmt_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvmt_ctrl *ctrl;
	u64 cap;
	u32 vs;
	int ret;

	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;
	/* The binding's reference, dropped at the end of nvmt_remove(). */
	kref_init(&ctrl->kref);
	init_rwsem(&ctrl->lock);
	ret = nvmt_ctrl_init_state(ctrl);
	if (ret)
		goto out_put;
	ctrl->pdev = pdev;
	strscpy(ctrl->bdf, pci_name(pdev), sizeof(ctrl->bdf));
	ctrl->vendor = pdev->vendor;
	ctrl->device = pdev->device;
	ctrl->subsystem_vendor = pdev->subsystem_vendor;
	ctrl->subsystem_device = pdev->subsystem_device;
	ctrl->class = pdev->class;
	ctrl->revision = pdev->revision;
	ctrl->cfg_size = pdev->cfg_size;

	/*
	 * A function reset behind a driver's back (a raw FLR, then unbind
	 * and bind) keeps its assigned resources but not its BARs: write
	 * them back before memory decode goes on.
	 */
	if (nvmt_bars_lost(pdev, true))
		dev_notice(&pdev->dev, "BARs did not hold their assigned addresses (the function was reset behind its driver); restored\n");
	ret = pci_enable_device_mem(pdev);
	if (ret)
		goto out_put;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev, "BAR0 is not a memory BAR\n");
		ret = -ENODEV;
		goto out_disable;
	}
	ctrl->bar0_len = pci_resource_len(pdev, 0);
	if (ctrl->bar0_len < NVMT_BAR0_MIN) {
		dev_err(&pdev->dev, "BAR0 is %llu bytes, an NVMe controller needs %zu\n",
			ctrl->bar0_len, NVMT_BAR0_MIN);
		ret = -ENODEV;
		goto out_disable;
	}

	ret = pci_request_region(pdev, 0, NVMT_NAME);
	if (ret)
		goto out_disable;

	/* All of BAR0: REG_READ/WRITE may reach any byte of it. */
	ctrl->bar = pci_iomap(pdev, 0, 0);
	if (!ctrl->bar) {
		ret = -ENOMEM;
		goto out_release;
	}

	ctrl->bar0_start = pci_resource_start(pdev, 0);
	/* Read-only: where the doorbells are (queue.c, ioq.c, barmap.c). */
	ctrl->db_stride = 4U << NVME_CAP_STRIDE(lo_hi_readq(ctrl->bar +
							    NVME_REG_CAP));

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (ret) {
		dev_err(&pdev->dev, "no usable DMA mask\n");
		goto out_unmap;
	}
	/*
	 * Bus mastering stays off: the driver owns no memory the device may
	 * DMA to yet, while the controller may still hold queue addresses from
	 * firmware or the previous driver. With it off, no register write
	 * (a doorbell, CC.EN) can make the device touch host memory.
	 * Firmware may have left it on, so clear it explicitly.
	 */
	pci_clear_master(pdev);
	/*
	 * Polled until IRQ_SETUP: keep INTx off so that a line nobody
	 * handles cannot assert (the previous driver's MSI-X teardown turns
	 * it back on).
	 */
	pci_intx(pdev, 0);
	/*
	 * A bounce buffer (swiotlb) must keep the offset within a 4 KiB
	 * controller page, or the PRP rules break (as nvme does).
	 */
	if (pdev->dev.dma_parms)
		dma_set_min_align_mask(&pdev->dev, SZ_4K - 1);

	nvmt_find_unsafe_ranges(ctrl, pdev);
	/*
	 * Config space as the driver found it (Bus Master Enable off): what
	 * RESET's FLR and NSSR restore, whatever raw writes did since.
	 */
	pci_save_state(pdev);
	ctrl->pci_state = pci_store_saved_state(pdev);
	if (!ctrl->pci_state) {
		ret = -ENOMEM;
		goto out_unmap;
	}
	pci_set_drvdata(pdev, ctrl);

	ret = nvmt_cdev_add(ctrl, &pdev->dev);
	if (ret)
		goto out_state;

	cap = lo_hi_readq(ctrl->bar + NVME_REG_CAP);
	vs = readl(ctrl->bar + NVME_REG_VS);
	dev_info(&pdev->dev, "bound as %s: CAP 0x%016llx, VS 0x%08x\n",
		 dev_name(&ctrl->dev), cap, vs);
	return 0;

	/* pci_disable_device() also clears Bus Master Enable. */
out_state:
	kfree(ctrl->pci_state);
out_unmap:
	pci_iounmap(pdev, ctrl->bar);
out_release:
	pci_release_region(pdev, 0);
out_disable:
	pci_disable_device(pdev);
out_put:
	nvmt_ctrl_put(ctrl);
	return ret;
}

/*
 * Called for sysfs unbind, rmmod and hot removal alike; for a surprise
 * removal (pciehp) the device is already gone and its reads return ~0,
 * which nothing here depends on. Open files keep the memory of @ctrl, and
 * every ioctl they make from now on fails with -ENODEV.
 */
static void nvmt_remove(struct pci_dev *pdev)
{
	struct nvmt_ctrl *ctrl = pci_get_drvdata(pdev);

	/* A CSTS wait holding state_mutex ends now (nvmt_wait_csts()). */
	WRITE_ONCE(ctrl->remove_pending, true);

	/*
	 * Left in D3hot by POWER: back to D0, so that freeing the vectors
	 * (MSI-X masks in BAR0) reaches the function and the next driver
	 * finds it as it expects. Remove runs under the device lock, as
	 * POWER does, so the state cannot change meanwhile.
	 */
	if (READ_ONCE(ctrl->state) == NVMETEST_STATE_D3HOT)
		pci_set_power_state(pdev, PCI_D0);
	/*
	 * Stop the device and wake every waiter (DEVICE_GONE) first: they
	 * sleep inside the read side of the lock.
	 */
	nvmt_ctrl_teardown(ctrl);
	/*
	 * IOWorkers end now that their queues are gone (END_REMOVED): they
	 * free their DMA memory while the pci_dev is still ours, and may take
	 * ctrl->lock for read on the way, so before the write side.
	 */
	nvmt_iow_remove(ctrl);

	/*
	 * Taking the lock for write waits for the ioctls inside the hardware;
	 * the ones after it see @dead and stay out, so the BAR can go.
	 */
	down_write(&ctrl->lock);
	WRITE_ONCE(ctrl->dead, true);
	nvmt_ctrl_release_memory(ctrl);
	pci_iounmap(pdev, ctrl->bar);
	ctrl->bar = NULL;
	ctrl->pdev = NULL;
	up_write(&ctrl->lock);

	pci_release_region(pdev, 0);
	pci_disable_device(pdev);
	kfree(ctrl->pci_state);
	ctrl->pci_state = NULL;

	dev_info(&pdev->dev, "unbound %s\n", dev_name(&ctrl->dev));
	nvmt_cdev_del(ctrl);
	nvmt_ctrl_put(ctrl);
}

/*
 * No id_table: nvmetest never claims a device by itself, not even one of
 * the NVMe class. The PCI core still offers it a device whose
 * driver_override names it (pci_match_device() then matches with
 * pci_device_id_any), which is the only way to bind: an administrator
 * chooses the controller, never a hotplug event. Without a device table
 * there is no modalias either, so nothing autoloads the module.
 */
static const struct pci_error_handlers nvmt_err_handler = {
	.error_detected	= nvmt_error_detected,
	.slot_reset	= nvmt_slot_reset,
	.resume		= nvmt_error_resume,
	.reset_prepare	= nvmt_reset_prepare,
	.reset_done	= nvmt_reset_done,
};

struct pci_driver nvmt_pci_driver = {
	.name		= NVMT_NAME,
	.probe		= nvmt_probe,
	.remove		= nvmt_remove,
	.err_handler	= &nvmt_err_handler,
};
