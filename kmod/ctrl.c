// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctrl.c: the controller state machine (enum nvmetest_ctrl_state) and its
 * ioctls: CTRL_DISABLE, ADMINQ_SETUP, CTRL_ENABLE, CTRL_INIT, CTRL_RESET,
 * CTRL_SHUTDOWN; the Identify data the driver caches; bus mastering; the
 * teardown of remove; and the references to struct nvmt_ctrl (the last
 * put frees it). Every transition runs under ctrl->state_mutex.
 *
 * Memory rule: the admin queue's memory is freed only once the device
 * cannot DMA to it any more (CC.EN = 0 and CSTS.RDY = 0 seen, or bus
 * mastering off); bus mastering is on exactly while the driver owns the
 * memory ASQ/ACQ point to.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nvmetest.h"

/* Identify Controller is one 4 KiB page (CNS 01h). */
#define NVMT_IDENTIFY_LEN	4096
#define NVMT_CNS_CTRL		0x01

const char *nvmt_state_name(u32 state)
{
	switch (state) {
	case NVMETEST_STATE_BOUND:
		return "bound";
	case NVMETEST_STATE_DEAD:
		return "dead";
	case NVMETEST_STATE_DISABLED:
		return "disabled";
	case NVMETEST_STATE_ADMINQ:
		return "adminq";
	case NVMETEST_STATE_ENABLED:
		return "enabled";
	case NVMETEST_STATE_SHUTDOWN:
		return "shutdown";
	case NVMETEST_STATE_FAILED:
		return "failed";
	case NVMETEST_STATE_D3HOT:
		return "d3hot";
	default:
		return "unknown";
	}
}

/* The last reference went (struct nvmt_ctrl lists them). */
static void nvmt_ctrl_free(struct kref *kref)
{
	struct nvmt_ctrl *ctrl = container_of(kref, struct nvmt_ctrl, kref);

	/* The io_uring poller may still be queued by the last command. */
	cancel_delayed_work_sync(&ctrl->uring_poll);
	nvmt_verify_free(ctrl);
	nvmt_ring_free(&ctrl->events);
	nvmt_ring_free(&ctrl->vfail);
	mutex_destroy(&ctrl->state_mutex);
	lockdep_unregister_key(&ctrl->state_key);
	lockdep_unregister_key(&ctrl->reset_key);
	kfree(ctrl);
}

void nvmt_ctrl_get(struct nvmt_ctrl *ctrl)
{
	kref_get(&ctrl->kref);
}

void nvmt_ctrl_put(struct nvmt_ctrl *ctrl)
{
	kref_put(&ctrl->kref, nvmt_ctrl_free);
}

/*
 * At probe, before anything can look at the controller. Return: 0 or
 * -ENOMEM; either way nvmt_ctrl_put() frees what there is.
 */
int nvmt_ctrl_init_state(struct nvmt_ctrl *ctrl)
{
	lockdep_register_key(&ctrl->reset_key);
	lockdep_register_key(&ctrl->state_key);
	__init_rwsem(&ctrl->reset_sem, "&ctrl->reset_sem", &ctrl->reset_key);
	__mutex_init(&ctrl->state_mutex, "&ctrl->state_mutex", &ctrl->state_key);
	mutex_init(&ctrl->pool_mutex);
	spin_lock_init(&ctrl->acq.lock);
	INIT_LIST_HEAD(&ctrl->acq.sqs);
	INIT_LIST_HEAD(&ctrl->acq.vec_node);
	ctrl->acq.ctrl = ctrl;
	INIT_LIST_HEAD(&ctrl->aq.cq_node);
	init_waitqueue_head(&ctrl->aq.slot_wait);
	ctrl->aq.ctrl = ctrl;
	ctrl->aq.cq = &ctrl->acq;
	nvmt_ioq_init(ctrl);
	nvmt_reclaim_init(ctrl);
	spin_lock_init(&ctrl->uring_lock);
	INIT_LIST_HEAD(&ctrl->uring_reqs);
	init_waitqueue_head(&ctrl->uring_wq);
	atomic_set(&ctrl->uring_polled, 0);
	INIT_DELAYED_WORK(&ctrl->uring_poll, nvmt_uring_poll_work);
	spin_lock_init(&ctrl->event_lock);
	atomic64_set(&ctrl->late_completions, 0);
	nvmt_irq_init(ctrl);
	nvmt_verify_init(ctrl);
	nvmt_ns_fmt_init(ctrl);
	nvmt_iow_init(ctrl);
	nvmt_dbuf_init(ctrl);
	nvmt_barmap_init(ctrl);
	ctrl->state = NVMETEST_STATE_BOUND;
	ctrl->irq_mode = NVMETEST_IRQ_NONE;
	return nvmt_ring_alloc(&ctrl->events, NVMT_EVENT_RING,
			       sizeof(struct nvmetest_event)) ?:
	       nvmt_ring_alloc(&ctrl->vfail, NVMT_VFAIL_RING,
			       sizeof(struct nvmetest_verify_failure));
}

void nvmt_set_state(struct nvmt_ctrl *ctrl, u32 state)
{
	lockdep_assert_held(&ctrl->state_mutex);
	WRITE_ONCE(ctrl->state, state);
}

static u64 nvmt_cap(struct nvmt_ctrl *ctrl)
{
	return lo_hi_readq(ctrl->bar + NVME_REG_CAP);
}

/* CAP.TO is in 500 ms units; 0 would be a broken device: use one unit. */
static u32 nvmt_cap_timeout_ms(struct nvmt_ctrl *ctrl)
{
	return max_t(u32, NVME_CAP_TIMEOUT(nvmt_cap(ctrl)), 1) * 500;
}

/*
 * Poll CSTS until (CSTS & @mask) == @val. Return: 0; -ETIMEDOUT; -EIO when
 * @cfs_fails and CSTS.CFS is set, or when a reset that must not wait (the
 * PCI core's error recovery, a peer's NSSR) wants the caller's locks
 * (@reset_wanted); -ENODEV when CSTS reads
 * all ones (the device is gone) or remove is waiting for the caller (it
 * is not the remover: remove's own wait runs with @removing set); -EINTR
 * when the calling task is killed. So the wait, bounded by a timeout the
 * user may choose, never holds up an unbind, a reset or a kill.
 */
static int nvmt_wait_csts(struct nvmt_ctrl *ctrl, u32 mask, u32 val,
			  bool cfs_fails, u32 timeout_ms, u32 *csts)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	unsigned int us = 50;
	u32 c;

	for (;;) {
		c = readl(ctrl->bar + NVME_REG_CSTS);
		*csts = c;
		if (c == ~0U)
			return -ENODEV;
		if ((c & mask) == val)
			return 0;
		if (cfs_fails && (c & NVME_CSTS_CFS))
			return -EIO;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		if (READ_ONCE(ctrl->remove_pending) && !ctrl->removing)
			return -ENODEV;
		if (READ_ONCE(ctrl->reset_wanted))
			return -EIO;
		if (fatal_signal_pending(current))
			return -EINTR;
		usleep_range(us, 2 * us);
		if (us < 5000)
			us *= 2;
	}
}

/* The CC CTRL_ENABLE writes without NVMETEST_ENABLE_RAW_CC (EN clear). */
static u32 nvmt_default_cc(struct nvmt_ctrl *ctrl)
{
	u64 cap = nvmt_cap(ctrl);
	u32 mps = clamp_t(u32, PAGE_SHIFT - 12, NVME_CAP_MPSMIN(cap),
			  NVME_CAP_MPSMAX(cap));
	u32 css = NVME_CAP_CSS(cap) & NVME_CAP_CSS_CSI ? NVME_CC_CSS_CSI :
							 NVME_CC_CSS_NVM;

	return css | mps << NVME_CC_MPS_SHIFT | NVME_CC_AMS_RR |
	       NVME_CC_IOSQES | NVME_CC_IOCQES;
}

static void nvmt_adminq_program(struct nvmt_ctrl *ctrl)
{
	struct nvmt_sq *q = &ctrl->aq;

	writel((ctrl->acq.depth - 1) << 16 | (q->depth - 1),
	       ctrl->bar + NVME_REG_AQA);
	lo_hi_writeq(q->mem.dma, ctrl->bar + NVME_REG_ASQ);
	lo_hi_writeq(ctrl->acq.mem.dma, ctrl->bar + NVME_REG_ACQ);
}

/*
 * The device has stopped (CC.EN = 0 and CSTS.RDY = 0): the IO queues are
 * gone, end what is outstanding, free the admin queue and turn bus
 * mastering off.
 */
static void nvmt_adminq_destroy(struct nvmt_ctrl *ctrl, u32 host_status)
{
	struct nvmt_sq *q = &ctrl->aq;

	nvmt_ioq_stopped(ctrl, host_status);
	if (!nvmt_sq_exists(q))
		return;
	nvmt_sq_abort(q, host_status, true);
	nvmt_irq_detach_cq(ctrl, &ctrl->acq);
	nvmt_sq_free(ctrl, q);
	nvmt_cq_free(ctrl, &ctrl->acq);
	nvmt_reclaim_drain(ctrl);
	pci_clear_master(ctrl->pdev);
}

/*
 * Stop submissions; returns with the admin queue not live. @host_status
 * is what ends the queues (a submitter that finds one not live reads it
 * from ctrl->stop_status).
 */
static void nvmt_adminq_quiesce(struct nvmt_ctrl *ctrl, bool forget_aers,
				u32 host_status)
{
	unsigned long flags;

	WRITE_ONCE(ctrl->stop_status, host_status);
	nvmt_ioq_quiesce(ctrl);
	spin_lock_irqsave(&ctrl->acq.lock, flags);
	ctrl->aq.live = false;
	if (forget_aers)
		ctrl->aer_wanted = 0;
	spin_unlock_irqrestore(&ctrl->acq.lock, flags);
}

/*
 * CC.EN = 0 and wait for CSTS.RDY = 0. On success the admin queue is gone
 * (state DISABLED); on a timeout the memory stays (the device may still
 * DMA to it) and the state is FAILED.
 */
static int nvmt_do_disable_cc(struct nvmt_ctrl *ctrl, u32 cc, u32 timeout_ms,
			      u32 *csts)
{
	int ret;

	nvmt_adminq_quiesce(ctrl, true, NVMETEST_HOST_ABORTED_RESET);
	nvmt_irq_intx_gate(ctrl);
	writel(cc, ctrl->bar + NVME_REG_CC);
	ret = nvmt_wait_csts(ctrl, NVME_CSTS_RDY, 0, false,
			     timeout_ms ?: nvmt_cap_timeout_ms(ctrl), csts);
	if (ret) {
		dev_notice(&ctrl->dev, "disable: CSTS.RDY still 1 (CSTS 0x%08x): keeping the admin queue memory\n",
			   *csts);
		nvmt_ioq_abort_waiters(ctrl, NVMETEST_HOST_ABORTED_RESET);
		nvmt_sq_abort(&ctrl->aq, NVMETEST_HOST_ABORTED_RESET, false);
		nvmt_set_state(ctrl, NVMETEST_STATE_FAILED);
		return ret;
	}
	nvmt_adminq_destroy(ctrl, NVMETEST_HOST_ABORTED_RESET);
	nvmt_set_state(ctrl, NVMETEST_STATE_DISABLED);
	return 0;
}

/* nvmt_do_disable_cc() with the live CC, EN and SHN cleared. */
static int nvmt_do_disable(struct nvmt_ctrl *ctrl, u32 timeout_ms, u32 *csts)
{
	u32 cc = readl(ctrl->bar + NVME_REG_CC);

	return nvmt_do_disable_cc(ctrl, cc & ~(NVME_CC_ENABLE | NVME_CC_SHN_MASK),
				  timeout_ms, csts);
}

static int nvmt_do_adminq_setup(struct nvmt_ctrl *ctrl, u16 sq_depth,
				u16 cq_depth)
{
	int ret;

	if (ctrl->state != NVMETEST_STATE_DISABLED)
		return -EBUSY;
	nvmt_cq_init(ctrl, &ctrl->acq, 0, cq_depth, 0, 0);
	ret = nvmt_cq_alloc(ctrl, &ctrl->acq, false);
	if (ret)
		return ret;
	nvmt_sq_init(ctrl, &ctrl->aq, &ctrl->acq, 0, sq_depth, 0);
	ret = nvmt_sq_alloc(ctrl, &ctrl->aq, false);
	if (ret) {
		nvmt_cq_free(ctrl, &ctrl->acq);
		return ret;
	}
	nvmt_sq_attach(&ctrl->aq);
	nvmt_adminq_program(ctrl);
	nvmt_irq_attach_cq(ctrl, &ctrl->acq);
	/* ASQ/ACQ now point to memory the driver owns: DMA may start. */
	pci_set_master(ctrl->pdev);
	nvmt_set_state(ctrl, NVMETEST_STATE_ADMINQ);
	return 0;
}

/* Write CC with EN set and wait for RDY; the admin queue goes live. */
static int nvmt_do_enable(struct nvmt_ctrl *ctrl, u32 cc, u32 timeout_ms,
			  u32 *csts)
{
	u32 page_size = 1U << (12 + ((cc >> NVME_CC_MPS_SHIFT) & 0xf));
	unsigned long flags;
	u64 start;
	int ret;

	cc |= NVME_CC_ENABLE;
	/* The feature is back at its default (the cache on, say): assume it is. */
	WRITE_ONCE(ctrl->wce_off, false);
	spin_lock_irqsave(&ctrl->acq.lock, flags);
	ctrl->aq.page_size = page_size;
	spin_unlock_irqrestore(&ctrl->acq.lock, flags);
	WRITE_ONCE(ctrl->page_size, page_size);
	ctrl->cc = cc;
	/*
	 * The controller reads AQA, ASQ and ACQ when it is enabled; AQA is
	 * a free register of REG_WRITE, and a queue size larger than the
	 * ring would make the device fetch past it.
	 */
	nvmt_adminq_program(ctrl);
	start = ktime_get_ns();
	writel(cc, ctrl->bar + NVME_REG_CC);
	ret = nvmt_wait_csts(ctrl, NVME_CSTS_RDY, NVME_CSTS_RDY, true,
			     timeout_ms ?: nvmt_cap_timeout_ms(ctrl), csts);
	if (!ret)
		WRITE_ONCE(ctrl->last_enable_ns, ktime_get_ns() - start);
	if (ret) {
		dev_notice(&ctrl->dev, "enable with CC 0x%08x failed: CSTS 0x%08x (%d)\n",
			   cc, *csts, ret);
		nvmt_set_state(ctrl, NVMETEST_STATE_FAILED);
		return ret;
	}
	nvmt_irq_ready(ctrl);
	WRITE_ONCE(ctrl->stop_status, NVMETEST_HOST_OK);
	nvmt_sq_set_live(&ctrl->aq, true);
	nvmt_set_state(ctrl, NVMETEST_STATE_ENABLED);
	return 0;
}

/**
 * nvmt_ctrl_cc_write - REG_WRITE of the Controller Configuration register
 * @ctrl:	the controller, between nvmt_ctrl_enter() and _exit()
 * @off:	offset of the write, within CC
 * @width:	bytes, the write lies within CC
 * @value:	what is written at @off
 *
 * A raw CC write changes what the device does with the queues, so the
 * driver's state follows it: EN 1 -> 0 is a controller disable (commands
 * ended, the admin queue freed, bus mastering off: state DISABLED), with
 * the caller's CC value; EN 0 -> 1 with the admin queue set up
 * (ADMINQ) is CTRL_ENABLE with that value; EN 0 -> 1 while the driver
 * believes the controller enabled (it was reset behind its back, e.g. by
 * NSSR) first disables the driver's side, so that bus mastering is off
 * when the device starts with whatever ASQ and ACQ now hold. Other
 * writes are done as they are. The outcome of a wait shows in the state
 * (FAILED), not in the return value.
 *
 * Return: 0, or -ENODEV when the controller is being removed.
 */
int nvmt_ctrl_cc_write(struct nvmt_ctrl *ctrl, u32 off, u32 width, u64 value)
{
	u32 shift = (off - NVME_REG_CC) * BITS_PER_BYTE;
	u32 mask = (width == 4 ? ~0U : ((1U << (width * BITS_PER_BYTE)) - 1))
		   << shift;
	u32 old, cc, csts;

	mutex_lock(&ctrl->state_mutex);
	if (ctrl->removing) {
		mutex_unlock(&ctrl->state_mutex);
		return -ENODEV;
	}
	old = readl(ctrl->bar + NVME_REG_CC);
	cc = (old & ~mask) | (((u32)value << shift) & mask);
	if ((old & NVME_CC_ENABLE) && !(cc & NVME_CC_ENABLE) &&
	    nvmt_sq_exists(&ctrl->aq)) {
		dev_dbg(&ctrl->dev, "REG_WRITE CC 0x%08x: controller disable\n",
			cc);
		nvmt_do_disable_cc(ctrl, cc, 0, &csts);
	} else if (!(old & NVME_CC_ENABLE) && (cc & NVME_CC_ENABLE) &&
		   ctrl->state == NVMETEST_STATE_ADMINQ) {
		dev_dbg(&ctrl->dev, "REG_WRITE CC 0x%08x: controller enable\n",
			cc);
		nvmt_do_enable(ctrl, cc, 0, &csts);
	} else {
		if (!(old & NVME_CC_ENABLE) && (cc & NVME_CC_ENABLE) &&
		    (ctrl->state == NVMETEST_STATE_ENABLED ||
		     ctrl->state == NVMETEST_STATE_SHUTDOWN)) {
			dev_notice(&ctrl->dev, "REG_WRITE CC 0x%08x: the controller was disabled behind the driver's back; ending its queues first\n",
				   cc);
			nvmt_do_disable(ctrl, 0, &csts);
		}
		writel(cc, ctrl->bar + NVME_REG_CC);
	}
	mutex_unlock(&ctrl->state_mutex);
	return 0;
}

static bool nvmt_aq_depth_ok(u32 depth)
{
	return depth >= 2 && depth <= NVMT_AQ_DEPTH_MAX;
}

int nvmt_ioctl_adminq_setup(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_adminq_setup as;
	int ret;

	if (copy_from_user(&as, argp, sizeof(as)))
		return -EFAULT;
	if (as.rsvd0 || as.rsvd[0] || as.rsvd[1] ||
	    !nvmt_aq_depth_ok(as.sq_depth) || !nvmt_aq_depth_ok(as.cq_depth))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	ret = nvmt_do_adminq_setup(ctrl, as.sq_depth, as.cq_depth);
	nvmt_sm_exit(ctrl);
	return ret;
}

int nvmt_ioctl_ctrl_enable(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_ctrl_enable en;
	u32 cc;
	int ret;

	if (copy_from_user(&en, argp, sizeof(en)))
		return -EFAULT;
	if (en.flags & ~NVMETEST_ENABLE_FLAGS || en.rsvd[0] || en.rsvd[1] ||
	    (!(en.flags & NVMETEST_ENABLE_RAW_CC) && en.cc))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	if (ctrl->state != NVMETEST_STATE_ADMINQ) {
		ret = -EBUSY;
		goto out;
	}
	cc = en.flags & NVMETEST_ENABLE_RAW_CC ? en.cc : nvmt_default_cc(ctrl);
	ret = nvmt_do_enable(ctrl, cc, en.timeout_ms, &en.csts);
	en.cc_written = ctrl->cc;
	en.state = ctrl->state;
	nvmt_sm_exit(ctrl);
	if (copy_to_user(argp, &en, sizeof(en)))
		return -EFAULT;
	return ret;
out:
	nvmt_sm_exit(ctrl);
	return ret;
}

/* Identify Controller into driver memory; cache what the driver needs. */
static int nvmt_identify(struct nvmt_ctrl *ctrl, u16 *status)
{
	struct nvme_id_ctrl *id;
	struct nvme_completion cqe;
	struct nvme_command c = { };
	int ret;

	if (!ctrl->id_buf) {
		ctrl->id_buf = dma_alloc_coherent(&ctrl->pdev->dev,
						  NVMT_IDENTIFY_LEN,
						  &ctrl->id_dma, GFP_KERNEL);
		if (!ctrl->id_buf)
			return -ENOMEM;
	}
	c.identify.opcode = nvme_admin_identify;
	c.identify.cns = NVMT_CNS_CTRL;
	ret = nvmt_admin_sync(ctrl, &c, ctrl->id_dma, NVMT_IDENTIFY_LEN, &cqe);
	if (ret)
		return ret;
	*status = le16_to_cpu(cqe.status) >> 1;
	if (*status)
		return -EIO;

	id = ctrl->id_buf;
	WRITE_ONCE(ctrl->mpsmin_size,
		   1U << (12 + NVME_CAP_MPSMIN(nvmt_cap(ctrl))));
	WRITE_ONCE(ctrl->mdts, id->mdts);
	ctrl->aerl = id->aerl;
	ctrl->rtd3e = le32_to_cpu(id->rtd3e);
	WRITE_ONCE(ctrl->vwc, id->vwc & NVME_CTRL_VWC_PRESENT);
	memcpy(ctrl->uid.sn, id->sn, sizeof(ctrl->uid.sn));
	memcpy(ctrl->uid.mn, id->mn, sizeof(ctrl->uid.mn));
	memcpy(ctrl->uid.subnqn, id->subnqn, sizeof(ctrl->uid.subnqn));
	WRITE_ONCE(ctrl->identified, true);
	return 0;
}

/* Set Features Number of Queues (0's based counts in CDW11). */
static int nvmt_set_nr_queues(struct nvmt_ctrl *ctrl, u32 nr, u16 *status)
{
	struct nvme_completion cqe;
	struct nvme_command c = { };
	u32 dw0;
	int ret;

	c.features.opcode = nvme_admin_set_features;
	c.features.fid = cpu_to_le32(NVME_FEAT_NUM_QUEUES);
	c.features.dword11 = cpu_to_le32((nr - 1) << 16 | (nr - 1));
	ret = nvmt_admin_sync(ctrl, &c, 0, 0, &cqe);
	if (ret)
		return ret;
	*status = le16_to_cpu(cqe.status) >> 1;
	if (*status)
		return -EIO;
	dw0 = le32_to_cpu(cqe.result.u32);
	WRITE_ONCE(ctrl->nr_io_sq, (dw0 & 0xffff) + 1);
	WRITE_ONCE(ctrl->nr_io_cq, (dw0 >> 16) + 1);
	return 0;
}

/**
 * nvmt_bars_lost - memory BARs that no longer hold their assigned address
 * @pdev:	the function
 * @restore:	write the assigned addresses back (memory decode off meanwhile)
 *
 * A reset behind the PCI core's back (a raw FLR through config space, a
 * conventional reset) leaves the BARs at their defaults while the
 * resources keep the addresses the PCI core assigned: the registers then
 * decode nowhere, or at 0. With @restore, as the PCI core's
 * pci_restore_bars() does after a D3hot->D0 that reset the function.
 *
 * Return: how many memory BARs did not hold their address.
 */
unsigned int nvmt_bars_lost(struct pci_dev *pdev, bool restore)
{
	unsigned int lost = 0;
	u16 cmd = 0;
	int i;

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		struct resource *res = &pdev->resource[i];
		int reg = PCI_BASE_ADDRESS_0 + 4 * i;
		struct pci_bus_region region;
		bool is64 = res->flags & IORESOURCE_MEM_64;
		u32 lo = 0, hi = 0;

		if (is64)
			i++;
		if (!(res->flags & IORESOURCE_MEM) ||
		    (res->flags & IORESOURCE_UNSET) || !resource_size(res))
			continue;
		pcibios_resource_to_bus(pdev->bus, &region, res);
		if (pci_read_config_dword(pdev, reg, &lo) ||
		    (is64 && pci_read_config_dword(pdev, reg + 4, &hi)))
			continue;
		if (((u64)hi << 32 | (lo & PCI_BASE_ADDRESS_MEM_MASK)) ==
		    region.start)
			continue;
		lost++;
		if (!restore)
			continue;
		/* memory decode off while the halves of an address change */
		if (lost == 1) {
			pci_read_config_word(pdev, PCI_COMMAND, &cmd);
			if (cmd & PCI_COMMAND_MEMORY)
				pci_write_config_word(pdev, PCI_COMMAND,
						      cmd & ~PCI_COMMAND_MEMORY);
		}
		pci_write_config_dword(pdev, reg, lower_32_bits(region.start) |
				       (lo & ~PCI_BASE_ADDRESS_MEM_MASK));
		if (is64)
			pci_write_config_dword(pdev, reg + 4,
					       upper_32_bits(region.start));
	}
	if (lost && (cmd & PCI_COMMAND_MEMORY))
		pci_write_config_word(pdev, PCI_COMMAND, cmd);
	return lost;
}

/**
 * nvmt_ctrl_unreachable - why the controller's registers cannot be used
 * @ctrl:	the controller, state_mutex held
 *
 * A function outside D0 does not decode its BARs, nor does one whose
 * Memory Space Enable was cleared or whose BARs lost their addresses (an
 * FLR or a config write the driver did not do). Bringing such a
 * controller up would only time out.
 *
 * Return: NVMETEST_WHY_NONE, NVMETEST_WHY_NOT_D0 or NVMETEST_WHY_NO_MEMORY.
 */
u32 nvmt_ctrl_unreachable(struct nvmt_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	u16 v;

	if (pdev->pm_cap &&
	    (pci_read_config_word(pdev, pdev->pm_cap + PCI_PM_CTRL, &v) ||
	     (v & PCI_PM_CTRL_STATE_MASK) != 0))
		return NVMETEST_WHY_NOT_D0;
	if (pci_read_config_word(pdev, PCI_COMMAND, &v) ||
	    !(v & PCI_COMMAND_MEMORY) || nvmt_bars_lost(pdev, false) ||
	    readl(ctrl->bar + NVME_REG_CSTS) == ~0U)
		return NVMETEST_WHY_NO_MEMORY;
	return NVMETEST_WHY_NONE;
}

/**
 * nvmt_ctrl_reset_prepare - the function is about to be reset: let go of it
 * @ctrl:	the controller, state_mutex held, not removing
 *
 * Submissions stop, bus mastering goes off (from here the device can
 * reach no memory, and no MSI is sent), what the device completed before
 * that is delivered, and with it safe to free: every other outstanding
 * command ends with NVMETEST_HOST_ABORTED_PCI_RESET, the IO queues and the
 * admin queue go. Interrupt vectors stay allocated.
 */
void nvmt_ctrl_reset_prepare(struct nvmt_ctrl *ctrl)
{
	u16 cmd;

	nvmt_adminq_quiesce(ctrl, true, NVMETEST_HOST_ABORTED_PCI_RESET);
	nvmt_irq_intx_gate(ctrl);
	pci_clear_master(ctrl->pdev);
	/* Read back: the write has reached the function before any free. */
	pci_read_config_word(ctrl->pdev, PCI_COMMAND, &cmd);
	/* (CQ head doorbells: only where BAR0 decodes) */
	if (!nvmt_ctrl_unreachable(ctrl))
		nvmt_ioq_reap(ctrl, true);
	nvmt_adminq_destroy(ctrl, NVMETEST_HOST_ABORTED_PCI_RESET);
}

/**
 * nvmt_ctrl_reset_done - the function was reset: see where it stands
 * @ctrl:	the controller, state_mutex held, after nvmt_ctrl_reset_prepare()
 * @timeout_ms:	how long CSTS.RDY may take to read 0; 0 = CAP.TO
 * @csts:	output: CSTS last read
 *
 * A reset controller has CC.EN = 0 and CSTS.RDY = 0: state DISABLED. A
 * function whose registers do not answer, or whose RDY stays 1, is FAILED.
 *
 * Return: 0, -ETIMEDOUT, or -EIO (the function is not in D0, has no
 * memory decode, or CSTS reads all ones).
 */
int nvmt_ctrl_reset_done(struct nvmt_ctrl *ctrl, u32 timeout_ms, u32 *csts)
{
	int ret = -EIO;

	*csts = ~0U;
	if (!nvmt_ctrl_unreachable(ctrl)) {
		nvmt_irq_function_reset(ctrl);
		ret = nvmt_wait_csts(ctrl, NVME_CSTS_RDY, 0, false,
				     timeout_ms ?: nvmt_cap_timeout_ms(ctrl),
				     csts);
	}
	nvmt_set_state(ctrl, ret ? NVMETEST_STATE_FAILED :
				   NVMETEST_STATE_DISABLED);
	return ret;
}

/**
 * nvmt_ctrl_stop - after nvmt_ctrl_reset_prepare(): CC.EN = 0, RDY = 0
 * @ctrl:	the controller, state_mutex held, bus mastering off
 * @timeout_ms:	0 = CAP.TO
 * @csts:	output: CSTS last read
 *
 * Return: as nvmt_wait_csts(); the device can reach no memory either way.
 */
int nvmt_ctrl_stop(struct nvmt_ctrl *ctrl, u32 timeout_ms, u32 *csts)
{
	u32 cc = readl(ctrl->bar + NVME_REG_CC);

	writel(cc & ~(NVME_CC_ENABLE | NVME_CC_SHN_MASK), ctrl->bar + NVME_REG_CC);
	return nvmt_wait_csts(ctrl, NVME_CSTS_RDY, 0, false,
			      timeout_ms ?: nvmt_cap_timeout_ms(ctrl), csts);
}

static int nvmt_irq_args_check(u32 mode, u32 nr)
{
	switch (mode) {
	case NVMETEST_IRQ_NONE:
		return nr ? -EINVAL : 0;
	case NVMETEST_IRQ_INTX:
		return nr != 1 ? -EINVAL : 0;
	case NVMETEST_IRQ_MSI:
	case NVMETEST_IRQ_MSIX:
		return !nr || nr > NVMT_MAX_VECTORS ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

int nvmt_ioctl_ctrl_init(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_ctrl_init in;
	u16 depth, status = 0;
	u32 csts, nr;
	int ret;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	if (in.rsvd[0] || in.rsvd[1] ||
	    nvmt_irq_args_check(in.irq_mode, in.nr_vectors) ||
	    (in.aq_depth && !nvmt_aq_depth_ok(in.aq_depth)))
		return -EINVAL;
	depth = in.aq_depth ?: NVMT_AQ_DEPTH_DEFAULT;
	in.why = NVMETEST_WHY_NONE;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;

	in.why = nvmt_ctrl_unreachable(ctrl);
	if (in.why) {
		ret = -EIO;
		goto out;
	}
	ret = nvmt_do_disable(ctrl, 0, &csts);
	if (ret)
		goto out;
	ret = nvmt_irq_setup(ctrl, in.irq_mode, &in.nr_vectors);
	if (ret)
		goto out;
	ret = nvmt_do_adminq_setup(ctrl, depth, depth);
	if (ret)
		goto out;
	ret = nvmt_do_enable(ctrl, nvmt_default_cc(ctrl), 0, &csts);
	if (ret)
		goto out;
	ret = nvmt_identify(ctrl, &status);
	if (ret)
		goto out;
	nr = in.nr_io_queues ?: max_t(u32, ctrl->nr_vectors, 1);
	ret = nvmt_set_nr_queues(ctrl, nr, &status);
	if (ret)
		goto out;
	ret = nvmt_ns_scan(ctrl, &status);
out:
	in.nr_io_sq = ctrl->nr_io_sq;
	in.nr_io_cq = ctrl->nr_io_cq;
	in.status = status;
	in.state = ctrl->state;
	nvmt_sm_exit(ctrl);
	if (copy_to_user(argp, &in, sizeof(in)))
		return -EFAULT;
	return ret;
}

/*
 * Controller reset: disable, end what is outstanding, start the admin
 * queue over, enable with the same CC, resend the configured AERs.
 */
static int nvmt_do_reset(struct nvmt_ctrl *ctrl, u32 timeout_ms, u32 *csts)
{
	struct nvmt_sq *q = &ctrl->aq;
	unsigned long flags;
	u32 cc;
	int ret;

	nvmt_adminq_quiesce(ctrl, false, NVMETEST_HOST_ABORTED_RESET);
	nvmt_irq_intx_gate(ctrl);
	cc = ctrl->cc ?: nvmt_default_cc(ctrl);
	writel(cc & ~(NVME_CC_ENABLE | NVME_CC_SHN_MASK),
	       ctrl->bar + NVME_REG_CC);
	ret = nvmt_wait_csts(ctrl, NVME_CSTS_RDY, 0, false,
			     timeout_ms ?: nvmt_cap_timeout_ms(ctrl), csts);
	if (ret) {
		dev_notice(&ctrl->dev, "reset: CSTS.RDY still 1 (CSTS 0x%08x)\n",
			   *csts);
		nvmt_ioq_abort_waiters(ctrl, NVMETEST_HOST_ABORTED_RESET);
		nvmt_sq_abort(q, NVMETEST_HOST_ABORTED_RESET, false);
		nvmt_set_state(ctrl, NVMETEST_STATE_FAILED);
		return ret;
	}
	/* The device forgot its IO queues: so does the driver. */
	nvmt_ioq_stopped(ctrl, NVMETEST_HOST_ABORTED_RESET);
	nvmt_sq_abort(q, NVMETEST_HOST_ABORTED_RESET, true);
	nvmt_reclaim_drain(ctrl);
	nvmt_set_state(ctrl, NVMETEST_STATE_DISABLED);

	nvmt_sq_reinit(q);
	ret = nvmt_do_enable(ctrl, cc & ~NVME_CC_SHN_MASK, timeout_ms, csts);
	if (ret)
		return ret;
	spin_lock_irqsave(&q->cq->lock, flags);
	nvmt_aer_submit_locked(q);
	spin_unlock_irqrestore(&q->cq->lock, flags);
	return 0;
}

/*
 * Shutdown notification. The controller stays enabled (CC.EN = 1) and may
 * still complete commands, so outstanding ones are ended for their waiters
 * but keep their slots and memory until a disable or reset.
 */
static int nvmt_do_shutdown(struct nvmt_ctrl *ctrl, u32 shn, u32 timeout_ms,
			    u32 *csts)
{
	u32 cc;
	int ret;

	if (!timeout_ms)
		timeout_ms = ctrl->rtd3e ? DIV_ROUND_UP(ctrl->rtd3e, 1000) :
					   10000;
	nvmt_adminq_quiesce(ctrl, false, NVMETEST_HOST_ABORTED_RESET);
	cc = readl(ctrl->bar + NVME_REG_CC) & ~NVME_CC_SHN_MASK;
	writel(cc | shn << NVME_CC_SHN_SHIFT, ctrl->bar + NVME_REG_CC);
	ret = nvmt_wait_csts(ctrl, NVME_CSTS_SHST_MASK, NVME_CSTS_SHST_CMPLT,
			     true, timeout_ms, csts);
	nvmt_ioq_abort_waiters(ctrl, NVMETEST_HOST_ABORTED_RESET);
	nvmt_sq_abort(&ctrl->aq, NVMETEST_HOST_ABORTED_RESET, false);
	if (ret) {
		dev_notice(&ctrl->dev, "shutdown (CC.SHN %u) failed: CSTS 0x%08x (%d)\n",
			   shn, *csts, ret);
		nvmt_set_state(ctrl, NVMETEST_STATE_FAILED);
		return ret;
	}
	/* A normal shutdown writes the volatile cache to media. */
	if (shn == 1)
		nvmt_verify_durable(ctrl);
	nvmt_set_state(ctrl, NVMETEST_STATE_SHUTDOWN);
	return 0;
}

/*
 * CTRL_DISABLE, CTRL_RESET and CTRL_SHUTDOWN take and give back struct
 * nvmetest_ctrl_wait; each one's action runs under nvmt_sm_enter().
 */
static int nvmt_wait_disable(struct nvmt_ctrl *ctrl,
			     struct nvmetest_ctrl_wait *w)
{
	/* Registers do not decode in D3hot: POWER brings it back first. */
	if (ctrl->state == NVMETEST_STATE_D3HOT)
		return -ENXIO;
	return nvmt_do_disable(ctrl, w->timeout_ms, &w->csts);
}

static int nvmt_wait_reset(struct nvmt_ctrl *ctrl, struct nvmetest_ctrl_wait *w)
{
	int ret = -EBUSY;

	if (ctrl->state == NVMETEST_STATE_D3HOT)
		return -ENXIO;	/* registers do not decode: POWER D0 first */
	if (nvmt_sq_exists(&ctrl->aq))
		ret = nvmt_do_reset(ctrl, w->timeout_ms, &w->csts);
	w->csts = readl(ctrl->bar + NVME_REG_CSTS);
	return ret;
}

static int nvmt_wait_shutdown(struct nvmt_ctrl *ctrl,
			      struct nvmetest_ctrl_wait *w)
{
	if (ctrl->state != NVMETEST_STATE_ENABLED)
		return -EBUSY;
	return nvmt_do_shutdown(ctrl, w->shn, w->timeout_ms, &w->csts);
}

/* @shn: the action wants CC.SHN 1 or 2 in w.shn; the others want 0. */
static int nvmt_ioctl_ctrl_wait(struct nvmt_ctrl *ctrl, void __user *argp,
				bool shn,
				int (*action)(struct nvmt_ctrl *ctrl,
					      struct nvmetest_ctrl_wait *w))
{
	struct nvmetest_ctrl_wait w;
	int ret;

	if (copy_from_user(&w, argp, sizeof(w)))
		return -EFAULT;
	if (w.rsvd[0] || w.rsvd[1] ||
	    (shn ? w.shn != 1 && w.shn != 2 : w.shn != 0))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	ret = action(ctrl, &w);
	w.state = ctrl->state;
	nvmt_sm_exit(ctrl);
	if (copy_to_user(argp, &w, sizeof(w)))
		return -EFAULT;
	return ret;
}

int nvmt_ioctl_ctrl_disable(struct nvmt_ctrl *ctrl, void __user *argp)
{
	return nvmt_ioctl_ctrl_wait(ctrl, argp, false, nvmt_wait_disable);
}

int nvmt_ioctl_ctrl_reset(struct nvmt_ctrl *ctrl, void __user *argp)
{
	return nvmt_ioctl_ctrl_wait(ctrl, argp, false, nvmt_wait_reset);
}

int nvmt_ioctl_ctrl_shutdown(struct nvmt_ctrl *ctrl, void __user *argp)
{
	return nvmt_ioctl_ctrl_wait(ctrl, argp, true, nvmt_wait_shutdown);
}

/**
 * nvmt_ctrl_teardown - first half of remove: stop the device, end waiters
 * @ctrl:	the controller, not yet dead
 *
 * An orderly unbind disables the controller first (bounded by CAP.TO) so
 * that it stops DMA; a surprise removal (CSTS reads all ones) skips that.
 * Then the IRQs go, bus mastering goes off (from here the device cannot
 * reach memory), and every outstanding command ends with DEVICE_GONE.
 * Waiters wake and drop their requests before remove takes ctrl->lock
 * for write; nvmt_ctrl_release_memory() then frees the rest.
 */
void nvmt_ctrl_teardown(struct nvmt_ctrl *ctrl)
{
	u32 csts;

	mutex_lock(&ctrl->state_mutex);
	ctrl->removing = true;
	nvmt_adminq_quiesce(ctrl, true, NVMETEST_HOST_DEVICE_GONE);
	if (ctrl->state != NVMETEST_STATE_D3HOT &&
	    readl(ctrl->bar + NVME_REG_CSTS) != ~0U &&
	    (readl(ctrl->bar + NVME_REG_CC) & NVME_CC_ENABLE)) {
		writel(readl(ctrl->bar + NVME_REG_CC) & ~NVME_CC_ENABLE,
		       ctrl->bar + NVME_REG_CC);
		if (nvmt_wait_csts(ctrl, NVME_CSTS_RDY, 0, false,
				   nvmt_cap_timeout_ms(ctrl), &csts))
			dev_notice(&ctrl->dev, "remove: CSTS.RDY did not clear (CSTS 0x%08x); bus mastering goes off anyway\n",
				   csts);
	}
	/* From here the device can reach no memory, nor raise interrupts. */
	pci_clear_master(ctrl->pdev);
	nvmt_ioq_stopped(ctrl, NVMETEST_HOST_DEVICE_GONE);
	nvmt_irq_detach_cq(ctrl, &ctrl->acq);
	nvmt_irq_free(ctrl);
	nvmt_sq_abort(&ctrl->aq, NVMETEST_HOST_DEVICE_GONE, true);
	nvmt_set_state(ctrl, NVMETEST_STATE_DEAD);
	mutex_unlock(&ctrl->state_mutex);
}

/*
 * Second half of remove, under ctrl->lock for write: nobody uses the
 * controller any more and the device cannot DMA.
 */
void nvmt_ctrl_release_memory(struct nvmt_ctrl *ctrl)
{
	cancel_work_sync(&ctrl->reclaim_work);
	nvmt_uring_release(ctrl);
	nvmt_reclaim_drain(ctrl);
	nvmt_dbuf_remove(ctrl);
	nvmt_sq_free(ctrl, &ctrl->aq);
	nvmt_cq_free(ctrl, &ctrl->acq);
	/* The maps outlive the binding: the next one may adopt them. */
	nvmt_verify_free(ctrl);
	nvmt_ns_free(ctrl);
	if (ctrl->id_buf)
		dma_free_coherent(&ctrl->pdev->dev, NVMT_IDENTIFY_LEN,
				  ctrl->id_buf, ctrl->id_dma);
	ctrl->id_buf = NULL;
	nvmt_pools_destroy(ctrl);
}
