// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioctl.c: the ioctls of /dev/nvmetestN: dispatch, NVMETEST_IOC_INFO, and
 * register (BAR0) and PCI config space access with the validation and the
 * unsafe-write rules that include/uapi/linux/nvmetest.h documents. The
 * controller ioctls live with what they drive: ctrl.c, cmd.c, irq.c, aer.c.
 *
 * Order of checks, the same in every handler: unknown ioctl (-ENOTTY),
 * copying the argument in (-EFAULT), the argument's own fields (-EINVAL:
 * what needs no look at the controller), a controller that is gone or
 * going (-ENODEV: nvmt_ctrl_enter(), nvmt_sm_enter()), what the fields
 * mean for this controller in its state (-EINVAL, -ENXIO, -EBUSY), an
 * unsafe write without NVMETEST_RW_UNSAFE (-EPERM), the access itself,
 * copying the result out (-EFAULT).
 */
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/log2.h>
#include <linux/nvme.h>
#include <linux/nvmetest.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "nvmetest.h"

struct nvmt_range {
	u32 start;
	u32 len;
};

/*
 * BAR0 registers that make the controller DMA to, or decode, an address
 * the driver does not own: the admin queue bases, the boot partition
 * read select (a write starts a read into the buffer BPMBL points to) and
 * buffer, and the base addresses of the CMB and the PMR.
 */
static const struct nvmt_range nvmt_reg_unsafe[] = {
	{ NVME_REG_ASQ,		sizeof(u64) },
	{ NVME_REG_ACQ,		sizeof(u64) },
	{ NVME_REG_BPRSEL,	sizeof(u32) },
	{ NVME_REG_BPMBL,	sizeof(u64) },
	{ NVME_REG_CMBMSC,	sizeof(u64) },
	{ NVMT_REG_PMRMSCL,	sizeof(u32) },
	{ NVMT_REG_PMRMSCU,	sizeof(u32) },
};

/*
 * Config registers that move the device in the host's address space (type 0
 * header: BAR0-5 and the expansion ROM BAR). MSI and the Command register
 * depend on the device or the value: see nvmt_cfg_write_unsafe().
 */
static const struct nvmt_range nvmt_cfg_unsafe[] = {
	{ PCI_BASE_ADDRESS_0,	PCI_BASE_ADDRESS_5 + 4 - PCI_BASE_ADDRESS_0 },
	{ PCI_ROM_ADDRESS,	sizeof(u32) },
};

static bool nvmt_overlaps(u32 off, u32 len, u64 start, u64 range_len)
{
	return off < start + range_len && start < (u64)off + len;
}

static bool nvmt_overlaps_any(u32 off, u32 len,
			      const struct nvmt_range *ranges, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (nvmt_overlaps(off, len, ranges[i].start, ranges[i].len))
			return true;
	return false;
}

/*
 * In an MSI-X table entry, the message address and data tell the device
 * where to write; only vector control (the last dword) is free.
 */
static bool nvmt_msix_write_unsafe(const struct nvmt_ctrl *ctrl, u32 off,
				   u32 len)
{
	u64 start = ctrl->msix_table, end = start + ctrl->msix_table_len;
	u64 byte;

	for (byte = off; byte < (u64)off + len; byte++)
		if (byte >= start && byte < end &&
		    (byte - start) % PCI_MSIX_ENTRY_SIZE <
		    PCI_MSIX_ENTRY_VECTOR_CTRL)
			return true;
	return false;
}

/*
 * NSSR, where CAP.NSSRS says the controller acts on it: an NVM Subsystem
 * Reset behind the driver, which may take the link and config space with
 * it (RESET's NSSR does it coordinated). Where it is not supported the
 * write is free: the device must ignore it, and tests check that it does.
 */
static bool nvmt_nssr_write_unsafe(const struct nvmt_ctrl *ctrl, u32 off,
				   u32 len)
{
	return nvmt_overlaps(off, len, NVME_REG_NSSR, sizeof(u32)) &&
	       NVME_CAP_NSSRC(lo_hi_readq(ctrl->bar + NVME_REG_CAP));
}

static bool nvmt_reg_write_unsafe(const struct nvmt_ctrl *ctrl, u32 off,
				  u32 len)
{
	return nvmt_overlaps_any(off, len, nvmt_reg_unsafe,
				 ARRAY_SIZE(nvmt_reg_unsafe)) ||
	       nvmt_msix_write_unsafe(ctrl, off, len) ||
	       nvmt_nssr_write_unsafe(ctrl, off, len);
}

/*
 * Whether a config write of @len bytes of @value at @off changes any of
 * @bits in the 16-bit register at @reg (bytes it does not cover keep
 * their live value). An unreadable register counts as changed.
 */
static bool nvmt_cfg_word_bits_change(const struct nvmt_ctrl *ctrl, u32 off,
				      u32 len, u64 value, u32 reg, u16 bits)
{
	u16 cur, next = 0;
	u32 b;

	if (!nvmt_overlaps(off, len, reg, sizeof(u16)))
		return false;
	if (pci_read_config_word(ctrl->pdev, reg, &cur))
		return true;
	for (b = 0; b < sizeof(u16); b++) {
		u16 byte = (cur >> (b * BITS_PER_BYTE)) & 0xff;

		if (reg + b >= off && reg + b < off + len)
			byte = (value >> ((reg + b - off) * BITS_PER_BYTE)) & 0xff;
		next |= byte << (b * BITS_PER_BYTE);
	}
	return (next ^ cur) & bits;
}

static bool nvmt_cfg_write_unsafe(const struct nvmt_ctrl *ctrl, u32 off,
				  u32 len, u64 value)
{
	const u16 guard = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;

	if (nvmt_overlaps_any(off, len, nvmt_cfg_unsafe,
			      ARRAY_SIZE(nvmt_cfg_unsafe)))
		return true;

	/*
	 * MSI message address (low, and high when 64-bit) and data, with the
	 * extended message data word: the dwords from ADDRESS_LO up to the
	 * data's. The mask and pending bits after them are free.
	 */
	if (ctrl->msi_cap) {
		u32 data = ctrl->msi_64bit ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32;

		if (nvmt_overlaps(off, len, ctrl->msi_cap + PCI_MSI_ADDRESS_LO,
				  data + sizeof(u32) - PCI_MSI_ADDRESS_LO))
			return true;
	}

	/*
	 * Memory Space and Bus Master Enable are in the Command register's low
	 * byte: a write that covers it must leave both as they are. Clearing
	 * either pulls the device from under the driver; setting Bus Master
	 * Enable lets the controller DMA to whatever addresses it holds, which
	 * the driver may not own (see nvmt_probe()).
	 */
	if (nvmt_cfg_word_bits_change(ctrl, off, len, value, PCI_COMMAND, guard))
		return true;

	/*
	 * Turning MSI or MSI-X on or off behind the IRQ core: an interrupt
	 * message is a DMA write, and the entries of a mode the driver did
	 * not set up hold whatever addresses they held (0 after reset).
	 */
	if (ctrl->msi_cap &&
	    nvmt_cfg_word_bits_change(ctrl, off, len, value,
				      ctrl->msi_cap + PCI_MSI_FLAGS,
				      PCI_MSI_FLAGS_ENABLE))
		return true;
	if (ctrl->msix_cap &&
	    nvmt_cfg_word_bits_change(ctrl, off, len, value,
				      ctrl->msix_cap + PCI_MSIX_FLAGS,
				      PCI_MSIX_FLAGS_ENABLE))
		return true;

	/*
	 * A Function Level Reset (Initiate FLR, PCIe Device Control) or a
	 * power state change (PMCSR PowerState) behind the driver: either
	 * takes the function from under it (an FLR clears the Command
	 * register and every queue; D3hot stops memory decode and may lose
	 * the function's state), and the next CTRL_INIT meets a device the
	 * driver knows nothing about.
	 */
	if (ctrl->pdev->pcie_cap &&
	    nvmt_cfg_word_bits_change(ctrl, off, len, value,
				      ctrl->pdev->pcie_cap + PCI_EXP_DEVCTL,
				      PCI_EXP_DEVCTL_BCR_FLR))
		return true;
	if (ctrl->pdev->pm_cap &&
	    nvmt_cfg_word_bits_change(ctrl, off, len, value,
				      ctrl->pdev->pm_cap + PCI_PM_CTRL,
				      PCI_PM_CTRL_STATE_MASK))
		return true;
	return false;
}

/*
 * Check the fields of a register or config access against the rules of
 * struct nvmetest_rw. @limit is the length of the space (BAR0 or config).
 */
static int nvmt_rw_check(const struct nvmetest_rw *rw, bool write,
			 u32 max_width, u64 limit)
{
	u32 flags = write ? NVMETEST_RW_FLAGS : 0;

	if (rw->rsvd || (rw->flags & ~flags))
		return -EINVAL;
	if (rw->width > max_width || !is_power_of_2(rw->width))
		return -EINVAL;
	if (!IS_ALIGNED(rw->offset, rw->width))
		return -EINVAL;
	/* In 64 bits: offset + width cannot wrap. */
	if ((u64)rw->offset + rw->width > limit)
		return -EINVAL;
	if (write && rw->width < sizeof(u64) &&
	    rw->value >> (rw->width * BITS_PER_BYTE))
		return -EINVAL;
	return 0;
}

/* Logged before the write, so the line is out even if the write wedges. */
static void nvmt_log_unsafe(const struct nvmt_ctrl *ctrl, const char *space,
			    const struct nvmetest_rw *rw)
{
	dev_notice(&ctrl->pdev->dev,
		   "unsafe %s write by %s[%d]: offset 0x%x width %u value 0x%llx\n",
		   space, current->comm, task_pid_nr(current), rw->offset,
		   rw->width, rw->value);
}

static int nvmt_ioctl_info(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_info info;
	bool raw;
	int ret;

	memset(&info, 0, sizeof(info));

	ret = nvmt_reg_enter(ctrl);
	if (ret)
		return ret;
	/* Some controllers need CAP read as two dwords, as nvme does. */
	if (READ_ONCE(ctrl->state) != NVMETEST_STATE_D3HOT) {
		info.cap = lo_hi_readq(ctrl->bar + NVME_REG_CAP);
		info.vs = readl(ctrl->bar + NVME_REG_VS);
		info.cc = readl(ctrl->bar + NVME_REG_CC);
		info.csts = readl(ctrl->bar + NVME_REG_CSTS);
	}
	/*
	 * A snapshot without state_mutex (a controller reset may be waiting
	 * on the device): each field is read once, the set may mix two
	 * moments.
	 */
	info.state = READ_ONCE(ctrl->state);
	info.irq_mode = READ_ONCE(ctrl->irq_mode);
	info.nr_vectors = READ_ONCE(ctrl->nr_vectors);
	info.asq_depth = READ_ONCE(ctrl->aq.depth);
	info.acq_depth = READ_ONCE(ctrl->acq.depth);
	info.nr_io_sq = READ_ONCE(ctrl->nr_io_sq);
	info.nr_io_cq = READ_ONCE(ctrl->nr_io_cq);
	info.aer_outstanding = READ_ONCE(ctrl->aer_outstanding);
	info.max_xfer = nvmt_ctrl_max_xfer(ctrl);
	info.late_completions = atomic64_read(&ctrl->late_completions);
	info.last_reset = READ_ONCE(ctrl->last_reset);
	info.resets = READ_ONCE(ctrl->resets);
	info.pcie_errors = READ_ONCE(ctrl->pcie_errors);
	info.last_reset_ns = READ_ONCE(ctrl->last_reset_ns);
	info.last_rdy0_ns = READ_ONCE(ctrl->last_rdy0_ns);
	info.last_enable_ns = READ_ONCE(ctrl->last_enable_ns);
	raw = nvmt_raw_allowed(ctrl);
	nvmt_reg_exit(ctrl);

	info.abi_major = NVMETEST_ABI_MAJOR;
	info.abi_minor = NVMETEST_ABI_MINOR;
	strscpy(info.driver_version, NVMT_DRIVER_VERSION,
		sizeof(info.driver_version));
	strscpy(info.bdf, ctrl->bdf, sizeof(info.bdf));
	info.vendor_id = ctrl->vendor;
	info.device_id = ctrl->device;
	info.subsystem_vendor_id = ctrl->subsystem_vendor;
	info.subsystem_device_id = ctrl->subsystem_device;
	info.class_code = ctrl->class;
	info.revision = ctrl->revision;
	info.instance = ctrl->instance;
	info.bar0_len = ctrl->bar0_len;
	info.cfg_size = ctrl->cfg_size;
	info.capabilities = NVMETEST_INFO_CAP_REGS | NVMETEST_INFO_CAP_CONFIG |
			    NVMETEST_INFO_CAP_ADMIN | NVMETEST_INFO_CAP_IRQ |
			    NVMETEST_INFO_CAP_AER | NVMETEST_INFO_CAP_IOQ |
			    NVMETEST_INFO_CAP_CMDLOG | NVMETEST_INFO_CAP_URING |
			    NVMETEST_INFO_CAP_VERIFY | NVMETEST_INFO_CAP_IOWORKER |
			    NVMETEST_INFO_CAP_RESET |
			    NVMETEST_INFO_CAP_VERIFY_LOAD | NVMETEST_INFO_CAP_LINK |
			    NVMETEST_INFO_CAP_DBUF | NVMETEST_INFO_CAP_BARMAP |
			    (raw ? NVMETEST_INFO_CAP_RAW : 0);

	if (copy_to_user(argp, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

/* A register read; inside nvmt_ctrl_enter(), @rw checked. */
static int nvmt_reg_read(struct nvmt_ctrl *ctrl, struct nvmetest_rw *rw)
{
	void __iomem *addr = ctrl->bar + rw->offset;

	switch (rw->width) {
	case 1:
		rw->value = readb(addr);
		break;
	case 2:
		rw->value = readw(addr);
		break;
	case 4:
		rw->value = readl(addr);
		break;
	default:
		rw->value = lo_hi_readq(addr);
		break;
	}
	return 0;
}

/* A register write; inside nvmt_ctrl_enter(), @rw checked. */
static int nvmt_reg_write(struct nvmt_ctrl *ctrl, struct nvmetest_rw *rw)
{
	int ret;

	if (nvmt_reg_write_unsafe(ctrl, rw->offset, rw->width)) {
		if (!(rw->flags & NVMETEST_RW_UNSAFE))
			return -EPERM;
		nvmt_log_unsafe(ctrl, "BAR0", rw);
	}

	/*
	 * Writes that restart queue processing keep the driver's view of
	 * its queues true (docs/abi.md, "Memory safety"): CC through the
	 * state machine, SQ tail doorbells of its queues only while idle.
	 */
	if (nvmt_overlaps(rw->offset, rw->width, NVME_REG_CC, sizeof(u32))) {
		if (rw->offset < NVME_REG_CC ||
		    rw->offset + rw->width > NVME_REG_CC + sizeof(u32))
			return -EINVAL;
		return nvmt_ctrl_cc_write(ctrl, rw->offset, rw->width,
					  rw->value);
	}
	ret = nvmt_ioq_db_write(ctrl, rw->offset, rw->width, rw->value);
	if (ret != -ENOENT)
		return ret;
	nvmt_bar_write(ctrl->bar + rw->offset, rw->width, rw->value);
	/* INTMS, INTMC and MSI-X vector control also change the driver's masks. */
	nvmt_irq_reg_written(ctrl, rw->offset, rw->width, rw->value);
	return 0;
}

/*
 * Config space goes through pci_user_{read,write}_config_*(): like sysfs
 * "config", they wait while the PCI core blocks config access (during a
 * reset) instead of racing it. Inside nvmt_ctrl_enter(), @rw checked.
 */
static int nvmt_cfg_read(struct nvmt_ctrl *ctrl, struct nvmetest_rw *rw)
{
	u32 dword;
	u16 word;
	u8 byte;
	int ret;

	switch (rw->width) {
	case 1:
		ret = pci_user_read_config_byte(ctrl->pdev, rw->offset, &byte);
		rw->value = byte;
		break;
	case 2:
		ret = pci_user_read_config_word(ctrl->pdev, rw->offset, &word);
		rw->value = word;
		break;
	default:
		ret = pci_user_read_config_dword(ctrl->pdev, rw->offset, &dword);
		rw->value = dword;
		break;
	}
	return pcibios_err_to_errno(ret);
}

static int nvmt_cfg_write(struct nvmt_ctrl *ctrl, struct nvmetest_rw *rw)
{
	int ret;

	if (nvmt_cfg_write_unsafe(ctrl, rw->offset, rw->width, rw->value)) {
		if (!(rw->flags & NVMETEST_RW_UNSAFE))
			return -EPERM;
		nvmt_log_unsafe(ctrl, "config", rw);
	}

	switch (rw->width) {
	case 1:
		ret = pci_user_write_config_byte(ctrl->pdev, rw->offset, rw->value);
		break;
	case 2:
		ret = pci_user_write_config_word(ctrl->pdev, rw->offset, rw->value);
		break;
	default:
		ret = pci_user_write_config_dword(ctrl->pdev, rw->offset, rw->value);
		break;
	}
	return pcibios_err_to_errno(ret);
}

/*
 * REG_READ, REG_WRITE, CFG_READ, CFG_WRITE: one entry, in the order of
 * checks at the top of the file. The space's size is constant from probe
 * on, so the fields are checked before entering.
 */
static int nvmt_ioctl_rw(struct nvmt_ctrl *ctrl, void __user *argp,
			 bool cfg, bool write)
{
	struct nvmetest_rw rw;
	int ret;

	if (copy_from_user(&rw, argp, sizeof(rw)))
		return -EFAULT;
	ret = nvmt_rw_check(&rw, write, cfg ? sizeof(u32) : sizeof(u64),
			    cfg ? ctrl->cfg_size : ctrl->bar0_len);
	if (ret)
		return ret;
	if (cfg) {
		/*
		 * Not under reset_sem: pci_user_*() already wait while a reset
		 * blocks config access, and a reset takes reset_sem after
		 * blocking it.
		 */
		ret = nvmt_ctrl_enter(ctrl);
		if (ret)
			return ret;
		ret = write ? nvmt_cfg_write(ctrl, &rw) : nvmt_cfg_read(ctrl, &rw);
		nvmt_ctrl_exit(ctrl);
	} else {
		ret = nvmt_reg_enter(ctrl);
		if (ret)
			return ret;
		if (READ_ONCE(ctrl->state) == NVMETEST_STATE_D3HOT)
			ret = -ENXIO;	/* BAR0 does not decode in D3hot */
		else
			ret = write ? nvmt_reg_write(ctrl, &rw) :
				      nvmt_reg_read(ctrl, &rw);
		nvmt_reg_exit(ctrl);
	}
	if (!ret && !write && copy_to_user(argp, &rw, sizeof(rw)))
		return -EFAULT;
	return ret;
}

/*
 * Every structure the ABI puts on the wire has the size the header
 * promises (include/uapi/linux/nvmetest.h), checked once here, as
 * nvme-core's _nvme_check_size() does for the specification's.
 */
static inline void nvmt_check_sizes(void)
{
	BUILD_BUG_ON(sizeof(struct nvmetest_info) != NVMETEST_INFO_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_rw) != NVMETEST_RW_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ctrl_wait) != NVMETEST_CTRL_WAIT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_irq_setup) != NVMETEST_IRQ_SETUP_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_adminq_setup) != NVMETEST_ADMINQ_SETUP_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ctrl_enable) != NVMETEST_CTRL_ENABLE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ctrl_init) != NVMETEST_CTRL_INIT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_reset) != NVMETEST_RESET_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_power) != NVMETEST_POWER_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_aspm) != NVMETEST_ASPM_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_cmd) != NVMETEST_CMD_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_irq_vector) != NVMETEST_IRQ_VECTOR_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_irq_stats) != NVMETEST_IRQ_STATS_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_irq_ctl) != NVMETEST_IRQ_CTL_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_irq_eventfd) != NVMETEST_IRQ_EVENTFD_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_dbuf_alloc) != NVMETEST_DBUF_ALLOC_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_dbuf_free) != NVMETEST_DBUF_FREE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_aer_config) != NVMETEST_AER_CONFIG_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_event) != NVMETEST_EVENT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_events) != NVMETEST_EVENTS_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_cq_create) != NVMETEST_CQ_CREATE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_sq_create) != NVMETEST_SQ_CREATE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_queue_delete) != NVMETEST_QUEUE_DELETE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_queue_info) != NVMETEST_QUEUE_INFO_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_queue_list) != NVMETEST_QUEUE_LIST_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ns_info) != NVMETEST_NS_INFO_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ns_list) != NVMETEST_NS_LIST_SIZE);
	BUILD_BUG_ON(sizeof_field(struct nvmt_ctrl, bdf) != sizeof_field(struct nvmetest_info, bdf));
	BUILD_BUG_ON(sizeof(NVMT_DRIVER_VERSION) >
		     sizeof_field(struct nvmetest_info, driver_version));
	BUILD_BUG_ON(sizeof(struct nvme_command) !=
		     sizeof_field(struct nvmetest_cmd, sqe));
	BUILD_BUG_ON(sizeof(struct nvme_completion) !=
		     sizeof_field(struct nvmetest_cmd, cqe));
	BUILD_BUG_ON(sizeof(struct nvmetest_cmdlog_entry) != NVMETEST_CMDLOG_ENTRY_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_cmdlog) != NVMETEST_CMDLOG_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_uring_cmd) != NVMETEST_URING_CMD_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_verify_config) != NVMETEST_VERIFY_CONFIG_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_verify_status) != NVMETEST_VERIFY_STATUS_SIZE);
	BUILD_BUG_ON(offsetofend(struct nvmetest_verify_status, cut_new) !=
		     _IOC_SIZE(NVMETEST_IOC_VERIFY_STATUS_17));
	BUILD_BUG_ON(sizeof(struct nvmetest_verify_dump) != NVMETEST_VERIFY_DUMP_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_verify_failure) != NVMETEST_VERIFY_FAILURE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_verify_failures) != NVMETEST_VERIFY_FAILURES_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_op) != NVMETEST_IOWORKER_OP_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_size) != NVMETEST_IOWORKER_SIZE_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_replay) != NVMETEST_IOWORKER_REPLAY_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_spec) != NVMETEST_IOWORKER_SPEC_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_opstat) != NVMETEST_IOWORKER_OPSTAT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_result) != NVMETEST_IOWORKER_RESULT_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_ctl) != NVMETEST_IOWORKER_CTL_SIZE);
	BUILD_BUG_ON(sizeof(struct nvmetest_ioworker_list) != NVMETEST_IOWORKER_LIST_SIZE);
}

long nvmt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nvmt_ctrl *ctrl = file->private_data;
	void __user *argp = (void __user *)arg;

	nvmt_check_sizes();
	switch (cmd) {
	case NVMETEST_IOC_INFO:
		return nvmt_ioctl_info(ctrl, argp);
	case NVMETEST_IOC_REG_READ:
		return nvmt_ioctl_rw(ctrl, argp, false, false);
	case NVMETEST_IOC_REG_WRITE:
		return nvmt_ioctl_rw(ctrl, argp, false, true);
	case NVMETEST_IOC_CFG_READ:
		return nvmt_ioctl_rw(ctrl, argp, true, false);
	case NVMETEST_IOC_CFG_WRITE:
		return nvmt_ioctl_rw(ctrl, argp, true, true);
	case NVMETEST_IOC_CTRL_DISABLE:
		return nvmt_ioctl_ctrl_disable(ctrl, argp);
	case NVMETEST_IOC_IRQ_SETUP:
		return nvmt_ioctl_irq_setup(ctrl, argp);
	case NVMETEST_IOC_ADMINQ_SETUP:
		return nvmt_ioctl_adminq_setup(ctrl, argp);
	case NVMETEST_IOC_CTRL_ENABLE:
		return nvmt_ioctl_ctrl_enable(ctrl, argp);
	case NVMETEST_IOC_CTRL_INIT:
		return nvmt_ioctl_ctrl_init(ctrl, argp);
	case NVMETEST_IOC_CTRL_RESET:
		return nvmt_ioctl_ctrl_reset(ctrl, argp);
	case NVMETEST_IOC_CTRL_SHUTDOWN:
		return nvmt_ioctl_ctrl_shutdown(ctrl, argp);
	case NVMETEST_IOC_RESET:
		return nvmt_ioctl_reset(ctrl, argp);
	case NVMETEST_IOC_POWER:
		return nvmt_ioctl_power(ctrl, argp);
	case NVMETEST_IOC_ASPM:
		return nvmt_ioctl_aspm(ctrl, argp);
	case NVMETEST_IOC_CMD:
		return nvmt_ioctl_cmd(ctrl, argp);
	case NVMETEST_IOC_IRQ_STATS:
		return nvmt_ioctl_irq_stats(ctrl, argp);
	case NVMETEST_IOC_IRQ_CTL:
		return nvmt_ioctl_irq_ctl(ctrl, argp);
	case NVMETEST_IOC_IRQ_EVENTFD:
		return nvmt_ioctl_irq_eventfd(ctrl, file, argp);
	case NVMETEST_IOC_DBUF_ALLOC:
		return nvmt_ioctl_dbuf_alloc(ctrl, file, argp);
	case NVMETEST_IOC_DBUF_FREE:
		return nvmt_ioctl_dbuf_free(ctrl, file, argp);
	case NVMETEST_IOC_AER_CONFIG:
		return nvmt_ioctl_aer_config(ctrl, argp);
	case NVMETEST_IOC_EVENTS:
		return nvmt_ioctl_events(ctrl, argp);
	case NVMETEST_IOC_CQ_CREATE:
		return nvmt_ioctl_cq_create(ctrl, file, argp);
	case NVMETEST_IOC_SQ_CREATE:
		return nvmt_ioctl_sq_create(ctrl, file, argp);
	case NVMETEST_IOC_QUEUE_DELETE:
		return nvmt_ioctl_queue_delete(ctrl, file, argp);
	case NVMETEST_IOC_QUEUE_LIST:
		return nvmt_ioctl_queue_list(ctrl, argp);
	case NVMETEST_IOC_NS_LIST:
		return nvmt_ioctl_ns_list(ctrl, argp);
	case NVMETEST_IOC_CMDLOG:
		return nvmt_ioctl_cmdlog(ctrl, argp);
	case NVMETEST_IOC_VERIFY_CONFIG:
		return nvmt_ioctl_verify_config(ctrl, argp);
	case NVMETEST_IOC_VERIFY_STATUS:
	case NVMETEST_IOC_VERIFY_STATUS_17:
		return nvmt_ioctl_verify_status(ctrl, argp, _IOC_SIZE(cmd));
	case NVMETEST_IOC_VERIFY_DUMP:
		return nvmt_ioctl_verify_dump(ctrl, argp);
	case NVMETEST_IOC_VERIFY_FAILURES:
		return nvmt_ioctl_verify_failures(ctrl, argp);
	case NVMETEST_IOC_VERIFY_LOAD:
		return nvmt_ioctl_verify_load(ctrl, argp);
	case NVMETEST_IOC_IOWORKER_START:
		return nvmt_ioctl_iow_start(ctrl, file, argp);
	case NVMETEST_IOC_IOWORKER_STOP:
		return nvmt_ioctl_iow_stop(ctrl, file, argp);
	case NVMETEST_IOC_IOWORKER_WAIT:
		return nvmt_ioctl_iow_wait(ctrl, file, argp);
	case NVMETEST_IOC_IOWORKER_RESULT:
		return nvmt_ioctl_iow_result(ctrl, file, argp);
	case NVMETEST_IOC_IOWORKER_LIST:
		return nvmt_ioctl_iow_list(ctrl, file, argp);
	default:
		return -ENOTTY;
	}
}
