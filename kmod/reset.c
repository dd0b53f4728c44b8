// SPDX-License-Identifier: GPL-2.0-only
/*
 * reset.c: resets of the PCI function, its link and the NVM subsystem:
 * NVMETEST_IOC_RESET, and the driver's side of the resets the PCI core
 * does by itself (struct pci_error_handlers' reset_prepare/reset_done:
 * sysfs reset, a bus reset of a bridge above); the PCI power state
 * (NVMETEST_IOC_POWER) and the link's ASPM (NVMETEST_IOC_ASPM).
 *
 * Every reset is bracketed the same way. nvmt_reset_begin() takes
 * reset_sem for write, so that INFO and REG_* stay away from a
 * function in reset, then state_mutex, and lets go of the device
 * (nvmt_ctrl_reset_prepare(): bus mastering off, commands ended, queues
 * freed). nvmt_reset_end() sees where the controller stands (DISABLED, or
 * FAILED), records the timings and releases both locks. For the PCI
 * core's resets the two locks are held across its save, reset and
 * restore of config space. Lock order: the device lock (the PCI core's,
 * or RESET's own), reset_sem, state_mutex. Remove runs under the device
 * lock too, so no reset ever meets it.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/nvme.h>
#include <linux/pci.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "nvmetest.h"

/* "NVMe": the value of NSSR that starts an NVM Subsystem Reset. */
#define NVMT_NSSR_MAGIC		0x4E564D65U

/* LINK: how long Link Disable is held; how long the link, then config
 * space, may take to come back. */
#define NVMT_LINK_OFF_MS	100
#define NVMT_LINK_WAIT_MS	1000
/* PCIe: software waits 100 ms after the link is up before config requests. */
#define NVMT_LINK_SETTLE_MS	100

/* PMCSR PowerState values, as struct nvmetest_power has them. */
#define NVMT_PM_D0		0U
#define NVMT_PM_D3HOT		3U

static const char *nvmt_reset_name(u32 type)
{
	switch (type) {
	case NVMETEST_RESET_FLR:
		return "function level";
	case NVMETEST_RESET_HOT:
		return "hot (secondary bus)";
	case NVMETEST_RESET_NSSR:
		return "NVM subsystem";
	case NVMETEST_RESET_LINK:
		return "link (disable, enable)";
	case NVMETEST_RESET_PCI_ERROR:
		return "PCIe error recovery";
	default:
		return "PCI core";
	}
}

/* Under the device lock: is @pdev still bound to nvmetest as @ctrl? */
static bool nvmt_still_ours(struct nvmt_ctrl *ctrl, struct pci_dev *pdev)
{
	return pdev->dev.driver == &nvmt_pci_driver.driver &&
	       pci_get_drvdata(pdev) == ctrl;
}

/* A reference on the function of @ctrl, or an ERR_PTR as nvmt_ctrl_enter(). */
static struct pci_dev *nvmt_pdev_get(struct nvmt_ctrl *ctrl)
{
	struct pci_dev *pdev;
	int ret = nvmt_ctrl_enter(ctrl);

	if (ret)
		return ERR_PTR(ret);
	pdev = pci_dev_get(ctrl->pdev);
	nvmt_ctrl_exit(ctrl);
	return pdev;
}

static void nvmt_pdev_unlock(struct pci_dev *pdev)
{
	pci_dev_unlock(pdev);
	pci_dev_put(pdev);
}

/*
 * The function of @ctrl, referenced and device-locked, or an ERR_PTR
 * (-ENODEV: no longer ours). RESET, POWER and ASPM cannot hold ctrl->lock
 * while they wait for the device lock, since remove takes ctrl->lock for
 * write under it; the device lock keeps remove (and with it the BAR
 * mapping) away. nvmt_pdev_unlock() lets go.
 */
static struct pci_dev *nvmt_pdev_lock(struct nvmt_ctrl *ctrl)
{
	struct pci_dev *pdev = nvmt_pdev_get(ctrl);

	if (IS_ERR(pdev))
		return pdev;
	pci_dev_lock(pdev);
	if (!nvmt_still_ours(ctrl, pdev)) {
		nvmt_pdev_unlock(pdev);
		return ERR_PTR(-ENODEV);
	}
	return pdev;
}

/*
 * The locks of a reset, and the fence of BAR0's mappings (barmap.c): from
 * here the function may not decode BAR0. The fence is lifted at the
 * unlock unless the function is left in D3hot or frozen by a PCIe error
 * whose recovery is not done (nvmt_error_detected()).
 */
static void nvmt_reset_lock(struct nvmt_ctrl *ctrl)
{
	down_write(&ctrl->reset_sem);
	mutex_lock(&ctrl->state_mutex);
	nvmt_barmap_fence(ctrl, true);
}

/* Let go of the locks; with @keep_fence BAR0's mappings stay fenced. */
static void nvmt_reset_release(struct nvmt_ctrl *ctrl, bool keep_fence)
{
	nvmt_barmap_fence(ctrl, keep_fence ||
				ctrl->state == NVMETEST_STATE_D3HOT ||
				READ_ONCE(ctrl->err_frozen));
	mutex_unlock(&ctrl->state_mutex);
	up_write(&ctrl->reset_sem);
}

static void nvmt_reset_unlock(struct nvmt_ctrl *ctrl)
{
	nvmt_reset_release(ctrl, false);
}

/* Locks held: let go of the device for a reset of @type. */
static void nvmt_reset_let_go(struct nvmt_ctrl *ctrl, u32 type)
{
	dev_info(&ctrl->dev, "%s reset: ending what is outstanding\n",
		 nvmt_reset_name(type));
	WRITE_ONCE(ctrl->last_reset, type);
	ctrl->reset_start_ns = ktime_get_ns();
	nvmt_ctrl_reset_prepare(ctrl);
}

/*
 * reset_sem and state_mutex without waiting for them: tried for @ms,
 * with @reset_wanted set so that a CSTS wait of whoever holds them ends
 * at once. For resets that must not block on a controller that is busy:
 * the PCI core's error callbacks (see nvmt_error_detected()) and a peer's
 * NSSR. Return: whether both are held.
 */
static bool nvmt_reset_trylock(struct nvmt_ctrl *ctrl, u32 ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(ms);
	bool got = false;

	WRITE_ONCE(ctrl->reset_wanted, true);
	while (!got) {
		if (down_write_trylock(&ctrl->reset_sem)) {
			got = mutex_trylock(&ctrl->state_mutex);
			if (got)
				break;
			up_write(&ctrl->reset_sem);
		}
		if (time_after(jiffies, deadline))
			break;
		msleep(10);
	}
	WRITE_ONCE(ctrl->reset_wanted, false);
	if (got)
		nvmt_barmap_fence(ctrl, true);
	return got;
}

static void nvmt_reset_begin(struct nvmt_ctrl *ctrl, u32 type)
{
	nvmt_reset_lock(ctrl);
	nvmt_reset_let_go(ctrl, type);
}

/*
 * Locks held, the reset done: see where the controller stands, record
 * the timings. @issued_ns: when the reset itself was issued; 0 when only
 * the PCI core knows (the end of the prepare counts then).
 */
static int nvmt_reset_finish(struct nvmt_ctrl *ctrl, u64 issued_ns,
			     u32 timeout_ms, u32 *csts)
{
	int ret = nvmt_ctrl_reset_done(ctrl, timeout_ms, csts);
	u64 now = ktime_get_ns();

	WRITE_ONCE(ctrl->last_rdy0_ns,
		   ret ? 0 : now - (issued_ns ?: ctrl->reset_start_ns));
	WRITE_ONCE(ctrl->last_reset_ns, now - ctrl->reset_start_ns);
	WRITE_ONCE(ctrl->resets, ctrl->resets + 1);
	dev_info(&ctrl->dev, "%s reset done: CSTS 0x%08x, state %s\n",
		 nvmt_reset_name(ctrl->last_reset), *csts,
		 nvmt_state_name(ctrl->state));
	return ret;
}

static int nvmt_reset_end(struct nvmt_ctrl *ctrl, u64 issued_ns,
			  u32 timeout_ms, u32 *csts)
{
	int ret = nvmt_reset_finish(ctrl, issued_ns, timeout_ms, csts);

	nvmt_reset_unlock(ctrl);
	return ret;
}

/**
 * nvmt_reset_prepare - pci_error_handlers.reset_prepare
 * @pdev:	our function, device lock held by the PCI core
 *
 * The reset is RESET's own HOT when RESET asked for it (@reset_asker: the
 * PCI core calls the prepare in the task that asked for the bus reset),
 * else one the PCI core does by itself.
 */
void nvmt_reset_prepare(struct pci_dev *pdev)
{
	struct nvmt_ctrl *ctrl = pci_get_drvdata(pdev);
	bool ours = cmpxchg(&ctrl->reset_asker, current, NULL) == current;

	nvmt_reset_begin(ctrl, ours ? NVMETEST_RESET_HOT : NVMETEST_RESET_PCI_CORE);
}

/**
 * nvmt_reset_done - pci_error_handlers.reset_done
 * @pdev:	our function, config space restored, device lock held
 */
void nvmt_reset_done(struct pci_dev *pdev)
{
	struct nvmt_ctrl *ctrl = pci_get_drvdata(pdev);
	u32 csts;

	nvmt_reset_end(ctrl, 0, 0, &csts);
}

/*
 * After RESET's own FLR or NSSR: config space as probe found it (MSI and
 * MSI-X come from the IRQ core's records), which also undoes raw config
 * writes that took memory decode away. The PCI core's resets restore what
 * it saved right before them instead.
 */
static void nvmt_restore_config(struct nvmt_ctrl *ctrl, struct pci_dev *pdev)
{
	pci_load_saved_state(pdev, ctrl->pci_state);
	pci_restore_state(pdev);
}

/*
 * The PCI core's recovery of a PCIe error (drivers/pci/pcie/err.c; AER,
 * DPC). A fatal error freezes the function and the link is reset (a
 * secondary bus reset of the port above, or DPC's containment) without
 * reset_prepare/done, so the driver lets go of the function here, as
 * before a reset, and says FAILED until slot_reset brings it back.
 * Nothing is held from one callback to the next: the recovery may fail
 * between them (the function then stays FAILED; a kernel that reports
 * the failure with error_detected(perm_failure) gets the same), and a
 * remove or a reset of ours may come between them too. A non-fatal
 * error changes nothing.
 *
 * The callbacks run under pci_bus_sem (pci_walk_bus()), which a reset of
 * ours waits for while it holds reset_sem and state_mutex (the PCI core's
 * bus reset). So they only try for those two (nvmt_reset_trylock()) for
 * NVMT_ERR_LOCK_MS; a controller that stays busy is left to its own
 * reset's end, and the recovery goes on without it.
 */
#define NVMT_ERR_LOCK_MS	5000

static bool nvmt_err_lock(struct nvmt_ctrl *ctrl)
{
	if (nvmt_reset_trylock(ctrl, NVMT_ERR_LOCK_MS))
		return true;
	dev_notice(&ctrl->dev, "PCIe error recovery: the controller stayed busy for %u ms; going on without it\n",
		   NVMT_ERR_LOCK_MS);
	return false;
}

pci_ers_result_t nvmt_error_detected(struct pci_dev *pdev,
				     pci_channel_state_t state)
{
	struct nvmt_ctrl *ctrl = pci_get_drvdata(pdev);
	bool frozen = state == pci_channel_io_frozen;

	WRITE_ONCE(ctrl->err_frozen, frozen);	/* each recovery begins here */
	if (state == pci_channel_io_normal) {
		WRITE_ONCE(ctrl->pcie_errors, ctrl->pcie_errors + 1);
		dev_notice(&ctrl->dev, "PCIe error reported (non-fatal): going on\n");
		return PCI_ERS_RESULT_CAN_RECOVER;
	}
	if (frozen) {
		WRITE_ONCE(ctrl->pcie_errors, ctrl->pcie_errors + 1);
		dev_notice(&ctrl->dev, "PCIe error reported (fatal): the link will be reset\n");
	} else {
		dev_notice(&ctrl->dev, "PCIe error recovery failed: the function stays FAILED\n");
	}
	/*
	 * BAR0's mappings: fenced whether the locks come or not, until
	 * slot_reset brought the function back (never, after a failed
	 * recovery: remove follows).
	 */
	nvmt_barmap_fence(ctrl, true);
	if (nvmt_err_lock(ctrl)) {
		nvmt_reset_let_go(ctrl, NVMETEST_RESET_PCI_ERROR);
		nvmt_set_state(ctrl, NVMETEST_STATE_FAILED);
		nvmt_reset_release(ctrl, true);
	}
	return frozen ? PCI_ERS_RESULT_NEED_RESET : PCI_ERS_RESULT_DISCONNECT;
}

/*
 * pci_error_handlers.slot_reset: the link was reset. The function is let
 * go of again (error_detected may not have had the locks, and anything
 * may have happened in between; a let-go of a function that has nothing
 * is nothing), config space restored as probe found it (the PCI core
 * saved and restores none here), and the controller looked at: DISABLED,
 * the reset counted, or FAILED.
 */
pci_ers_result_t nvmt_slot_reset(struct pci_dev *pdev)
{
	struct nvmt_ctrl *ctrl = pci_get_drvdata(pdev);
	u32 csts;
	int ret;

	if (!ctrl->err_frozen)		/* nothing was reset */
		return PCI_ERS_RESULT_RECOVERED;
	WRITE_ONCE(ctrl->err_frozen, false);
	if (!nvmt_err_lock(ctrl))
		return PCI_ERS_RESULT_DISCONNECT;
	nvmt_reset_let_go(ctrl, NVMETEST_RESET_PCI_ERROR);
	pdev->current_state = PCI_D0;
	nvmt_restore_config(ctrl, pdev);
	ret = nvmt_reset_finish(ctrl, 0, 0, &csts);
	nvmt_reset_unlock(ctrl);
	return ret ? PCI_ERS_RESULT_DISCONNECT : PCI_ERS_RESULT_RECOVERED;
}

void nvmt_error_resume(struct pci_dev *pdev)
{
	struct nvmt_ctrl *ctrl = pci_get_drvdata(pdev);

	dev_info(&ctrl->dev, "PCIe error recovery done: state %s\n",
		 nvmt_state_name(READ_ONCE(ctrl->state)));
}

/*
 * The FLR quirks of the PCI core (drivers/pci/quirks.c,
 * pci_dev_reset_methods) for NVMe drives, which a sysfs reset applies and
 * pcie_flr() does not: NVMT_FLR_DISABLE_FIRST, CC.EN = 0 before the FLR
 * (nvme_disable_and_flr()); NVMT_FLR_DELAY_AFTER, 250 ms after it
 * (delay_250ms_after_flr()).
 */
#define NVMT_FLR_DISABLE_FIRST	1
#define NVMT_FLR_DELAY_AFTER	2
#define NVMT_FLR_QUIRK_DELAY_MS	250

static int nvmt_flr_quirk(const struct pci_dev *pdev)
{
	static const struct {
		u16 vendor, device;
		int quirk;
	} quirks[] = {
		{ PCI_VENDOR_ID_SAMSUNG, 0xa804, NVMT_FLR_DISABLE_FIRST },
		{ PCI_VENDOR_ID_INTEL, 0x0953, NVMT_FLR_DELAY_AFTER },
		{ PCI_VENDOR_ID_INTEL, 0x0a54, NVMT_FLR_DELAY_AFTER },
		{ 0x025e /* Solidigm */, 0xf1ac, NVMT_FLR_DELAY_AFTER },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(quirks); i++)
		if (pdev->vendor == quirks[i].vendor &&
		    pdev->device == quirks[i].device)
			return quirks[i].quirk;
	return 0;
}

static int nvmt_reset_flr(struct nvmt_ctrl *ctrl, struct pci_dev *pdev,
			  struct nvmetest_reset *r)
{
	int quirk = r->flags & NVMETEST_RESET_NO_QUIRK ? 0 : nvmt_flr_quirk(pdev);
	u32 csts;
	u64 issued;
	int ret, done;

	if (pcie_reset_flr(pdev, PCI_RESET_PROBE)) {
		r->why = NVMETEST_WHY_NO_FLR;
		return -EOPNOTSUPP;
	}
	nvmt_reset_begin(ctrl, NVMETEST_RESET_FLR);
	/* As the PCI core's resets: from D0 (an FLR leaves the function there). */
	if (READ_ONCE(ctrl->state) == NVMETEST_STATE_D3HOT)
		pci_set_power_state(pdev, PCI_D0);
	if (quirk == NVMT_FLR_DISABLE_FIRST && !nvmt_ctrl_unreachable(ctrl) &&
	    nvmt_ctrl_stop(ctrl, r->timeout_ms, &csts))
		dev_notice(&ctrl->dev, "FLR quirk: CSTS.RDY still 1 before the FLR (CSTS 0x%08x)\n",
			   csts);
	issued = ktime_get_ns();
	ret = pcie_flr(pdev);
	if (quirk == NVMT_FLR_DELAY_AFTER)
		msleep(NVMT_FLR_QUIRK_DELAY_MS);
	pdev->current_state = PCI_D0;
	if (!(r->flags & NVMETEST_RESET_NO_RESTORE))
		nvmt_restore_config(ctrl, pdev);
	done = nvmt_reset_end(ctrl, issued, r->timeout_ms, &r->csts);
	if (ret) {
		dev_notice(&ctrl->dev, "FLR: the function did not come back (%d)\n",
			   ret);
		r->why = NVMETEST_WHY_PCI_CORE;
		return -EIO;
	}
	return done;
}

/*
 * An NVM Subsystem Reset may take the PCIe link down (a conventional
 * reset of the subsystem's ports), as LINK does: wait for config space to
 * answer again before it is restored. Bounded by @timeout_ms. Return:
 * whether it answers.
 */
/* Poll @cond(@pdev) every @step_ms until it holds, @ms pass or a kill. */
static bool nvmt_poll(bool (*cond)(struct pci_dev *pdev), struct pci_dev *pdev,
		      u32 ms, u32 step_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(ms);

	for (;;) {
		if (cond(pdev))
			return true;
		if (time_after(jiffies, deadline) || fatal_signal_pending(current))
			return false;
		msleep(step_ms);
	}
}

static bool nvmt_config_answers(struct pci_dev *pdev)
{
	u32 id;

	/* (0x0001 as vendor: Configuration Request Retry Status) */
	return !pci_read_config_dword(pdev, PCI_VENDOR_ID, &id) &&
	       id != ~0U && (id & 0xffff) != 0x0001;
}

static bool nvmt_wait_config(struct pci_dev *pdev, u32 timeout_ms)
{
	return nvmt_poll(nvmt_config_answers, pdev, timeout_ms, 20);
}

/*
 * NSSR resets every controller of the NVM subsystem. The others that
 * nvmetest holds on this host (same SUBNQN, SN and MN) are coordinated as the
 * asking one is: their device locks keep remove and their own resets
 * away, their reset_sem and state_mutex are held across the reset, and
 * each is let go of before and looked at after it. Each controller's
 * locks are a lockdep class of their own, and a bus reset holds those of
 * every function below its bridge, taken in the order of the bus's
 * device list (which a remove and rescan can make differ from the order
 * of PCI addresses). So the asking controller's own are taken first and
 * the peers' only ever with a trylock: a trylock adds no lockdep
 * dependency and cannot wait in a cycle, so no order among controllers
 * is made here. At most NVMT_NSSR_PEERS others (each holds three locks
 * while lockdep follows at most 48).
 */
#define NVMT_NSSR_PEERS		8
/* How long a peer's device lock may be busy (its reset, remove, probe). */
#define NVMT_NSSR_LOCK_MS	1000

/*
 * Serializes NSSRs. Of two asked at once of two controllers of one
 * subsystem, each holding its own device lock, the first may find the
 * second's busy (PEER_BUSY) and the second then goes on; without it both
 * could fail.
 */
static DEFINE_MUTEX(nvmt_nssr_mutex);

struct nvmt_nssr_fn {
	struct pci_dev *pdev;
	struct nvmt_ctrl *ctrl;
};

struct nvmt_nssr {
	struct nvmt_ctrl *self;
	unsigned int nr;		/* others found, then peers kept */
	bool too_many;
	/* the others (a reference on each) */
	struct nvmt_nssr_fn fn[NVMT_NSSR_PEERS];
};

/* driver_for_each_device() callback: every other function bound to us. */
static int nvmt_nssr_collect(struct device *dev, void *data)
{
	struct nvmt_nssr *n = data;
	struct pci_dev *pdev = to_pci_dev(dev);

	if (pdev == n->self->pdev)
		return 0;
	if (n->nr == NVMT_NSSR_PEERS) {
		n->too_many = true;
		return 1;
	}
	n->fn[n->nr++].pdev = pci_dev_get(pdev);
	return 0;
}

/* Device lock and config access of @pdev, trying for NVMT_NSSR_LOCK_MS. */
static bool nvmt_nssr_trylock(struct pci_dev *pdev)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(NVMT_NSSR_LOCK_MS);

	for (;;) {
		if (device_trylock(&pdev->dev)) {
			if (pci_cfg_access_trylock(pdev))
				return true;
			device_unlock(&pdev->dev);
		}
		if (time_after(jiffies, deadline))
			return false;
		msleep(10);
	}
}

/*
 * One NVM subsystem: the same non-empty SUBNQN, and the same SN and MN
 * (which NVMe has identify the subsystem too), so that drives reporting
 * one generic SUBNQN are not taken for each other.
 */
static bool nvmt_same_subsys(struct nvmt_ctrl *a, struct nvmt_ctrl *b)
{
	static const u8 none[sizeof(a->uid.subnqn)];

	return a->identified && b->identified &&
	       memcmp(a->uid.subnqn, none, sizeof(none)) &&
	       !memcmp(&a->uid, &b->uid, sizeof(a->uid));
}

/* Let go of another function: its locks (when @locked), its reference. */
static void nvmt_nssr_drop(struct nvmt_nssr_fn *f, bool locked)
{
	if (locked) {
		nvmt_reset_unlock(f->ctrl);
		pci_cfg_access_unlock(f->pdev);
		device_unlock(&f->pdev->dev);
	}
	pci_dev_put(f->pdev);
}

/*
 * Under nvmt_nssr_mutex and @self's device lock: find the other
 * controllers of @self's subsystem bound to nvmetest and take their
 * locks and @self's. Return: 0 (fn[0..nr) the peers, every lock held),
 * or -EBUSY with @why (a peer's device lock stayed busy, or too many
 * functions) and nothing held.
 */
static int nvmt_nssr_lock(struct nvmt_nssr *n, u32 *why)
{
	unsigned int i, kept;

	if (driver_for_each_device(&nvmt_pci_driver.driver, NULL, n,
				   nvmt_nssr_collect) || n->too_many) {
		for (i = 0; i < n->nr; i++)
			nvmt_nssr_drop(&n->fn[i], false);
		*why = NVMETEST_WHY_PEER_TOO_MANY;
		return -EBUSY;
	}
	for (i = 0; i < n->nr; i++) {
		if (nvmt_nssr_trylock(n->fn[i].pdev))
			continue;
		while (i--) {
			pci_cfg_access_unlock(n->fn[i].pdev);
			device_unlock(&n->fn[i].pdev->dev);
		}
		for (i = 0; i < n->nr; i++)
			nvmt_nssr_drop(&n->fn[i], false);
		*why = NVMETEST_WHY_PEER_BUSY;
		return -EBUSY;
	}
	/*
	 * Under its device lock a function bound to us stays so; one that
	 * was unbound while we waited for its lock is not ours any more.
	 */
	for (i = 0, kept = 0; i < n->nr; i++) {
		struct pci_dev *pdev = n->fn[i].pdev;

		if (pdev->dev.driver == &nvmt_pci_driver.driver &&
		    pci_get_drvdata(pdev)) {
			n->fn[i].ctrl = pci_get_drvdata(pdev);
			n->fn[kept++] = n->fn[i];
			continue;
		}
		pci_cfg_access_unlock(pdev);
		device_unlock(&pdev->dev);
		pci_dev_put(pdev);
	}
	n->nr = kept;
	/*
	 * A peer busy in a long CSTS wait (its own enable, with the user's
	 * timeout) is told to end it; one that stays busy: PEER_BUSY.
	 */
	nvmt_reset_lock(n->self);
	for (i = 0; i < n->nr; i++) {
		if (nvmt_reset_trylock(n->fn[i].ctrl, NVMT_NSSR_LOCK_MS))
			continue;
		/* let go of everything: the peers' locks, refs and self's */
		while (i--)
			nvmt_reset_unlock(n->fn[i].ctrl);
		nvmt_reset_unlock(n->self);
		for (i = 0; i < n->nr; i++) {
			pci_cfg_access_unlock(n->fn[i].pdev);
			device_unlock(&n->fn[i].pdev->dev);
			pci_dev_put(n->fn[i].pdev);
		}
		*why = NVMETEST_WHY_PEER_BUSY;
		return -EBUSY;
	}
	/* (identified and uid change under state_mutex) */
	for (i = 0, kept = 0; i < n->nr; i++) {
		if (!nvmt_same_subsys(n->self, n->fn[i].ctrl))
			nvmt_nssr_drop(&n->fn[i], true);
		else
			n->fn[kept++] = n->fn[i];
	}
	n->nr = kept;
	return 0;
}

/*
 * Reviewed against NVMe Base 2.1, 3.7.1 (NVM Subsystem Reset) and the
 * PCIe transport's 3.7.1.1: the reset is a conventional reset of every
 * function of the subsystem, config space included, and the links may go
 * down. Tested in the VM with QEMU patch 0006 (nssr=on).
 */
static int nvmt_reset_nssr(struct nvmt_ctrl *ctrl, struct pci_dev *pdev,
			   struct nvmetest_reset *r)
{
	struct nvmt_nssr n = { .self = ctrl };
	u32 timeout_ms, csts;
	u64 issued, cap;
	unsigned int i;
	int ret;

	r->why = nvmt_ctrl_unreachable(ctrl);	/* NSSR is a register */
	if (r->why)
		return -ENXIO;
	cap = lo_hi_readq(ctrl->bar + NVME_REG_CAP);
	timeout_ms = r->timeout_ms ?: max_t(u32, NVME_CAP_TIMEOUT(cap), 1) * 500;
	if (!NVME_CAP_NSSRC(cap)) {
		r->why = NVMETEST_WHY_NO_NSSRS;
		return -EOPNOTSUPP;
	}
	mutex_lock(&nvmt_nssr_mutex);
	ret = nvmt_nssr_lock(&n, &r->why);
	if (ret) {
		mutex_unlock(&nvmt_nssr_mutex);
		return ret;
	}
	nvmt_reset_let_go(ctrl, NVMETEST_RESET_NSSR);
	for (i = 0; i < n.nr; i++)
		nvmt_reset_let_go(n.fn[i].ctrl, NVMETEST_RESET_NSSR);
	/*
	 * The subsystem resets as at power on: its volatile cache may go,
	 * in every map of it (the peers' too: same SUBNQN).
	 */
	nvmt_verify_cut(ctrl);
	issued = ktime_get_ns();
	writel(NVMT_NSSR_MAGIC, ctrl->bar + NVME_REG_NSSR);
	nvmt_wait_config(pdev, timeout_ms);
	pdev->current_state = PCI_D0;
	if (!(r->flags & NVMETEST_RESET_NO_RESTORE))
		nvmt_restore_config(ctrl, pdev);
	for (i = 0; i < n.nr; i++) {
		nvmt_wait_config(n.fn[i].pdev, timeout_ms);
		n.fn[i].pdev->current_state = PCI_D0;
		nvmt_restore_config(n.fn[i].ctrl, n.fn[i].pdev);
	}
	ret = nvmt_reset_finish(ctrl, issued, timeout_ms, &r->csts);
	for (i = 0; i < n.nr; i++) {
		nvmt_reset_finish(n.fn[i].ctrl, issued, r->timeout_ms, &csts);
		nvmt_nssr_drop(&n.fn[i], true);
	}
	nvmt_reset_unlock(ctrl);
	mutex_unlock(&nvmt_nssr_mutex);
	r->peers = n.nr;
	return ret;
}

/*
 * The Root Port or Downstream Port whose link LINK and ASPM act on, or
 * NULL with @why set.
 */
static struct pci_dev *nvmt_link_port(struct pci_dev *pdev, u32 *why)
{
	struct pci_dev *port = pci_upstream_bridge(pdev);

	if (!port) {
		*why = NVMETEST_WHY_NO_BRIDGE;
		return NULL;
	}
	if (!pci_is_pcie(pdev) || !pci_is_pcie(port) ||
	    (pci_pcie_type(port) != PCI_EXP_TYPE_ROOT_PORT &&
	     pci_pcie_type(port) != PCI_EXP_TYPE_DOWNSTREAM)) {
		*why = NVMETEST_WHY_NO_LINK_CTL;
		return NULL;
	}
	return port;
}

struct nvmt_walk {
	struct pci_dev *self;
	bool found;
};

/* pci_walk_bus() callback: stop at a function other than ->self. */
static int nvmt_other_fn(struct pci_dev *pdev, void *data)
{
	struct nvmt_walk *w = data;

	w->found = pdev != w->self;
	return w->found;
}

/* Whether another function shares the link of @pdev. */
static bool nvmt_link_shared(struct pci_dev *pdev)
{
	struct nvmt_walk w = { .self = pdev };

	pci_walk_bus(pdev->bus, nvmt_other_fn, &w);
	return w.found;
}

static bool nvmt_link_active(struct pci_dev *port)
{
	u16 sta = 0;

	pcie_capability_read_word(port, PCI_EXP_LNKSTA, &sta);
	return sta & PCI_EXP_LNKSTA_DLLLA;
}

/*
 * Link Disable in the upstream port's Link Control (PCIe Base 6.0,
 * 7.5.3.7): for the function a conventional reset, as a power loss of
 * its link. A hotplug port's presence and link events are masked as
 * pciehp_reset_slot() masks them for a bus reset, and their status
 * cleared before they are unmasked; otherwise pciehp would remove the
 * function. (pciehp writes Slot Control under its own lock, which is not
 * ours: a hotplug command of the same port at the same moment would race
 * with this; and pciehp in poll mode, pciehp_poll_mode, reads the status
 * whatever the enable bits say, so there the masking does not help.) A
 * port that does not take the bit reset nothing: the controller is
 * disabled instead, so that the driver's view (DISABLED, its queues gone)
 * is true.
 */
static int nvmt_reset_link(struct nvmt_ctrl *ctrl, struct pci_dev *pdev,
			   struct nvmetest_reset *r)
{
	struct pci_dev *port = nvmt_link_port(pdev, &r->why);
	u16 lnkctl = 0, sltctl = 0, masked = 0;
	bool dllla, taken, up = true;
	u32 lnkcap = 0;
	u64 issued, t;
	int ret;

	if (!port)
		return -EOPNOTSUPP;
	if (nvmt_link_shared(pdev)) {
		r->why = NVMETEST_WHY_SHARED_BUS;
		return -EBUSY;
	}
	/*
	 * Data Link Layer Link Active tells when the link is back, where
	 * the port reports it and it reads 1 now (QEMU's root port says it
	 * reports it and never sets it).
	 */
	pcie_capability_read_dword(port, PCI_EXP_LNKCAP, &lnkcap);
	dllla = (lnkcap & PCI_EXP_LNKCAP_DLLLARC) && nvmt_link_active(port);
	nvmt_reset_begin(ctrl, NVMETEST_RESET_LINK);
	if (port->is_hotplug_bridge) {
		pcie_capability_read_word(port, PCI_EXP_SLTCTL, &sltctl);
		masked = sltctl & (PCI_EXP_SLTCTL_PDCE | PCI_EXP_SLTCTL_DLLSCE);
		if (masked)
			pcie_capability_clear_word(port, PCI_EXP_SLTCTL, masked);
	}
	issued = ktime_get_ns();
	pcie_capability_set_word(port, PCI_EXP_LNKCTL, PCI_EXP_LNKCTL_LD);
	pcie_capability_read_word(port, PCI_EXP_LNKCTL, &lnkctl);
	taken = lnkctl & PCI_EXP_LNKCTL_LD;
	if (taken) {
		msleep(NVMT_LINK_OFF_MS);
		if (dllla && nvmt_link_active(port))
			dev_notice(&ctrl->dev, "link reset: Data Link Layer Link Active still 1 with the link disabled\n");
		pcie_capability_clear_word(port, PCI_EXP_LNKCTL,
					   PCI_EXP_LNKCTL_LD);
		t = ktime_get_ns();
		if (dllla)
			up = nvmt_poll(nvmt_link_active, port,
				       NVMT_LINK_WAIT_MS, 10);
		msleep(NVMT_LINK_SETTLE_MS);
		up = up && nvmt_wait_config(pdev, NVMT_LINK_WAIT_MS);
		r->link_ns = ktime_get_ns() - t;
	}
	if (masked) {
		pcie_capability_write_word(port, PCI_EXP_SLTSTA,
					   PCI_EXP_SLTSTA_PDC |
					   PCI_EXP_SLTSTA_DLLSC);
		pcie_capability_set_word(port, PCI_EXP_SLTCTL, masked);
	}
	if (!taken) {
		dev_notice(&ctrl->dev, "link reset: %s did not take Link Disable; the controller is disabled instead\n",
			   pci_name(port));
		if (!nvmt_ctrl_unreachable(ctrl))
			nvmt_ctrl_stop(ctrl, r->timeout_ms, &r->csts);
	} else if (up) {
		pdev->current_state = PCI_D0;
		if (!(r->flags & NVMETEST_RESET_NO_RESTORE))
			nvmt_restore_config(ctrl, pdev);
	} else {
		dev_notice(&ctrl->dev, "link reset: the link or the function did not come back within %u ms\n",
			   NVMT_LINK_WAIT_MS);
	}
	ret = nvmt_reset_end(ctrl, issued, r->timeout_ms, &r->csts);
	if (!taken || !up) {
		r->why = taken ? NVMETEST_WHY_LINK_DOWN : NVMETEST_WHY_NOT_TAKEN;
		return -EIO;
	}
	return ret;
}

/* pci_walk_bus() callback: stop at a function that is not nvmetest's. */
static int nvmt_not_ours(struct pci_dev *pdev, void *data)
{
	bool *shared = data;

	*shared = pdev->dev.driver != &nvmt_pci_driver.driver;
	return *shared;
}

/*
 * Secondary bus reset of the bridge above: the PCI core does it
 * (pci_reset_bus(): a slot reset through the hotplug controller where
 * there is one) and calls reset_prepare/done of every driver below.
 * Refused unless every function below the bridge is nvmetest's.
 */
static int nvmt_reset_hot(struct nvmt_ctrl *ctrl, struct pci_dev *pdev,
			  struct nvmetest_reset *r)
{
	bool shared = false;
	int ret;

	if (pci_is_root_bus(pdev->bus)) {
		r->why = NVMETEST_WHY_NO_BRIDGE;
		return -EOPNOTSUPP;
	}
	pci_walk_bus(pdev->bus, nvmt_not_ours, &shared);
	if (shared) {
		r->why = NVMETEST_WHY_SHARED_BUS;
		return -EBUSY;
	}
	WRITE_ONCE(ctrl->reset_asker, current);
	ret = pci_reset_bus(pdev);
	if (cmpxchg(&ctrl->reset_asker, current, NULL) == current) {
		/* Still asked: the PCI core did not get to our prepare. */
		dev_notice(&ctrl->dev, "hot reset: the PCI core did not do it (%d)\n",
			   ret);
		r->why = NVMETEST_WHY_PCI_CORE;
		return -EIO;
	}
	/*
	 * The reset was done and config space restored. The PCI core may
	 * still complain about the link (a port that reports Data Link
	 * Layer Link Active capability and never sets the bit, as QEMU's
	 * root port does): the function answering is what counts, and
	 * reset_done has looked (state DISABLED, else FAILED).
	 */
	if (ret)
		dev_notice(&ctrl->dev, "hot reset: the PCI core reported %d after it; the function %s\n",
			   ret, READ_ONCE(ctrl->state) == NVMETEST_STATE_DISABLED ?
			   "answers" : "does not answer");
	if (READ_ONCE(ctrl->state) != NVMETEST_STATE_DISABLED) {
		r->why = NVMETEST_WHY_PCI_CORE;
		return -EIO;
	}
	return 0;
}


int nvmt_ioctl_reset(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_reset r;
	struct pci_dev *pdev;
	u32 resets;
	int ret;

	if (copy_from_user(&r, argp, sizeof(r)))
		return -EFAULT;
	if ((r.flags & ~(NVMETEST_RESET_NO_QUIRK | NVMETEST_RESET_NO_RESTORE)) ||
	    r.rsvd ||
	    ((r.flags & NVMETEST_RESET_NO_QUIRK) && r.type != NVMETEST_RESET_FLR) ||
	    ((r.flags & NVMETEST_RESET_NO_RESTORE) && r.type == NVMETEST_RESET_HOT) ||
	    (r.type != NVMETEST_RESET_FLR && r.type != NVMETEST_RESET_HOT &&
	     r.type != NVMETEST_RESET_NSSR && r.type != NVMETEST_RESET_LINK))
		return -EINVAL;
	r.why = NVMETEST_WHY_NONE;
	r.csts = ~0U;
	r.reset_ns = 0;
	r.rdy0_ns = 0;
	r.link_ns = 0;
	r.peers = 0;
	resets = READ_ONCE(ctrl->resets);
	/* A bus reset takes the device locks of the bus itself. */
	if (r.type == NVMETEST_RESET_HOT) {
		pdev = nvmt_pdev_get(ctrl);
		if (IS_ERR(pdev))
			return PTR_ERR(pdev);
		ret = nvmt_reset_hot(ctrl, pdev, &r);
		pci_dev_lock(pdev);
	} else {
		pdev = nvmt_pdev_lock(ctrl);
		if (IS_ERR(pdev))
			return PTR_ERR(pdev);
		if (r.type == NVMETEST_RESET_FLR)
			ret = nvmt_reset_flr(ctrl, pdev, &r);
		else if (r.type == NVMETEST_RESET_LINK)
			ret = nvmt_reset_link(ctrl, pdev, &r);
		else
			ret = nvmt_reset_nssr(ctrl, pdev, &r);
	}
	/*
	 * CSTS only where BAR0 decodes: a read the function does not claim
	 * is an Unsupported Request, which a real platform may report as a
	 * PCIe error. NO_RESTORE: a function left without its registers is
	 * what was asked for, said by @why.
	 */
	if (nvmt_still_ours(ctrl, pdev) &&
	    READ_ONCE(ctrl->state) != NVMETEST_STATE_D3HOT) {
		u32 why = nvmt_ctrl_unreachable(ctrl);

		if (!why)
			r.csts = readl(ctrl->bar + NVME_REG_CSTS);
		else if ((r.flags & NVMETEST_RESET_NO_RESTORE) && ret == -EIO &&
			 r.why == NVMETEST_WHY_NONE) {
			r.why = why;
			ret = 0;
		}
	}
	r.state = READ_ONCE(ctrl->state);
	if (READ_ONCE(ctrl->resets) != resets) {	/* one was done */
		r.reset_ns = READ_ONCE(ctrl->last_reset_ns);
		r.rdy0_ns = READ_ONCE(ctrl->last_rdy0_ns);
	}
	nvmt_pdev_unlock(pdev);
	if (copy_to_user(argp, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

static u32 nvmt_power_state(struct pci_dev *pdev)
{
	u16 pmcsr = PCI_PM_CTRL_STATE_MASK;

	pci_read_config_word(pdev, pdev->pm_cap + PCI_PM_CTRL, &pmcsr);
	return pmcsr & PCI_PM_CTRL_STATE_MASK;
}

/*
 * D0 -> D3hot: let go of the device as before a reset, disable the
 * controller (bus mastering is already off, so a controller that does not
 * stop still reaches no memory) and change PowerState. The PCI core's
 * record of the power state may be stale after raw PMCSR writes: it is
 * read back from the device first.
 */
static int nvmt_power_d3hot(struct nvmt_ctrl *ctrl, struct pci_dev *pdev,
			    struct nvmetest_power *p)
{
	u32 csts;
	u64 start;
	int ret;

	nvmt_reset_lock(ctrl);
	nvmt_ctrl_reset_prepare(ctrl);
	/* (a function a raw PMCSR write put in D3hot does not decode CC) */
	if (!nvmt_ctrl_unreachable(ctrl) &&
	    nvmt_ctrl_stop(ctrl, p->timeout_ms, &csts))
		dev_notice(&ctrl->dev, "D3hot: CSTS.RDY still 1 (CSTS 0x%08x); bus mastering is off\n",
			   csts);
	start = ktime_get_ns();
	ret = pci_set_power_state(pdev, PCI_D3hot);
	p->transition_ns = ktime_get_ns() - start;
	/* The PCI core may decline (a quirk) and still say 0: look. */
	if (!ret && nvmt_power_state(pdev) != NVMT_PM_D3HOT)
		ret = -EIO;
	if (ret)
		dev_notice(&ctrl->dev, "D3hot: the function did not go (%d)\n", ret);
	nvmt_set_state(ctrl, ret ? NVMETEST_STATE_FAILED : NVMETEST_STATE_D3HOT);
	nvmt_reset_unlock(ctrl);
	return ret ? -EIO : 0;
}

/*
 * D3hot -> D0. Without No_Soft_Reset the function was reset on the way:
 * config space as probe found it. Either way the controller's queues are
 * gone (the driver let go of them before D3hot, or a raw PMCSR write took
 * the function away): the bracket of a reset, without counting one.
 */
static int nvmt_power_d0(struct nvmt_ctrl *ctrl, struct pci_dev *pdev,
			 struct nvmetest_power *p)
{
	u32 csts;
	u64 start;
	int ret, done;

	nvmt_reset_lock(ctrl);
	if (ctrl->state != NVMETEST_STATE_D3HOT)
		nvmt_ctrl_reset_prepare(ctrl);
	start = ktime_get_ns();
	ret = pci_set_power_state(pdev, PCI_D0);
	p->transition_ns = ktime_get_ns() - start;
	if (!p->no_soft_reset)
		nvmt_restore_config(ctrl, pdev);
	done = nvmt_ctrl_reset_done(ctrl, p->timeout_ms, &csts);
	nvmt_reset_unlock(ctrl);
	return ret ? -EIO : done;
}

int nvmt_ioctl_power(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_power p;
	struct pci_dev *pdev;
	u16 pmcsr = 0;
	int ret;

	if (copy_from_user(&p, argp, sizeof(p)))
		return -EFAULT;
	if (p.flags || p.rsvd[0] || p.rsvd[1] ||
	    (p.state != NVMT_PM_D0 && p.state != NVMT_PM_D3HOT))
		return -EINVAL;
	p.why = NVMETEST_WHY_NONE;
	p.csts = ~0U;
	p.transition_ns = 0;
	pdev = nvmt_pdev_lock(ctrl);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	if (!pdev->pm_cap) {
		p.why = NVMETEST_WHY_NO_PM;
		ret = -EOPNOTSUPP;
		goto out_state;
	}
	pci_read_config_word(pdev, pdev->pm_cap + PCI_PM_CTRL, &pmcsr);
	p.old_state = pmcsr & PCI_PM_CTRL_STATE_MASK;
	p.no_soft_reset = !!(pmcsr & PCI_PM_CTRL_NO_SOFT_RESET);
	/* (the PCI core's D0..D3hot are the PMCSR values) */
	pdev->current_state = (__force pci_power_t)p.old_state;
	/* Nothing to do only when the function and the driver agree. */
	if (p.old_state == p.state &&
	    (READ_ONCE(ctrl->state) == NVMETEST_STATE_D3HOT) ==
	    (p.state == NVMT_PM_D3HOT))
		ret = 0;
	else if (p.state == NVMT_PM_D3HOT)
		ret = nvmt_power_d3hot(ctrl, pdev, &p);
	else
		ret = nvmt_power_d0(ctrl, pdev, &p);
out_state:
	if (READ_ONCE(ctrl->state) != NVMETEST_STATE_D3HOT)
		p.csts = readl(ctrl->bar + NVME_REG_CSTS);
	p.ctrl_state = READ_ONCE(ctrl->state);
	nvmt_pdev_unlock(pdev);
	if (copy_to_user(argp, &p, sizeof(p)))
		return -EFAULT;
	return ret;
}

/*
 * ASPM Control of both ends of the link, in the order PCIe asks (and the
 * PCI core's ASPM code follows): with L1 enabled, the upstream port
 * first; else the function first.
 */
static void nvmt_aspm_write(struct pci_dev *pdev, struct pci_dev *port,
			    u16 control)
{
	struct pci_dev *first = control & PCI_EXP_LNKCTL_ASPM_L1 ? port : pdev;
	struct pci_dev *second = first == port ? pdev : port;

	pcie_capability_clear_and_set_word(first, PCI_EXP_LNKCTL,
					   PCI_EXP_LNKCTL_ASPMC, control);
	pcie_capability_clear_and_set_word(second, PCI_EXP_LNKCTL,
					   PCI_EXP_LNKCTL_ASPMC, control);
}

int nvmt_ioctl_aspm(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct pci_dev *pdev, *port;
	struct nvmetest_aspm a;
	u32 both, want;
	u16 v = 0;
	int ret = 0;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if ((a.flags & ~NVMETEST_ASPM_SET) || a.rsvd[0] || a.rsvd[1] ||
	    a.control > PCI_EXP_LNKCTL_ASPMC)
		return -EINVAL;
	want = a.control;
	a.control = 0;
	a.why = NVMETEST_WHY_NONE;
	a.dev_lnkcap = 0;
	a.dev_lnkctl = 0;
	a.port_lnkcap = 0;
	a.port_lnkctl = 0;
	a.port_lnksta = 0;
	pdev = nvmt_pdev_lock(ctrl);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	port = nvmt_link_port(pdev, &a.why);
	if (!port) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	pcie_capability_read_dword(pdev, PCI_EXP_LNKCAP, &a.dev_lnkcap);
	pcie_capability_read_dword(port, PCI_EXP_LNKCAP, &a.port_lnkcap);
	if (a.flags & NVMETEST_ASPM_SET) {
		/* LNKCAP ASPM Support, bits 11:10, as LNKCTL's bits 1:0 */
		both = (a.dev_lnkcap & a.port_lnkcap & PCI_EXP_LNKCAP_ASPMS) >> 10;
		if (nvmt_link_shared(pdev)) {
			a.why = NVMETEST_WHY_SHARED_BUS;
			ret = -EBUSY;
		} else if (want & ~both) {
			a.why = NVMETEST_WHY_NO_ASPM;
			ret = -EOPNOTSUPP;
		} else {
			nvmt_aspm_write(pdev, port, want);
		}
	}
	pcie_capability_read_word(pdev, PCI_EXP_LNKCTL, &v);
	a.dev_lnkctl = v;
	pcie_capability_read_word(port, PCI_EXP_LNKCTL, &v);
	a.port_lnkctl = v;
	pcie_capability_read_word(port, PCI_EXP_LNKSTA, &v);
	a.port_lnksta = v;
	if (!ret && (a.flags & NVMETEST_ASPM_SET) &&
	    ((a.dev_lnkctl & PCI_EXP_LNKCTL_ASPMC) != want ||
	     (a.port_lnkctl & PCI_EXP_LNKCTL_ASPMC) != want)) {
		a.why = NVMETEST_WHY_NOT_TAKEN;
		ret = -EIO;
	}
	a.control = a.dev_lnkctl & PCI_EXP_LNKCTL_ASPMC;
out:
	nvmt_pdev_unlock(pdev);
	if (copy_to_user(argp, &a, sizeof(a)))
		return -EFAULT;
	return ret;
}
