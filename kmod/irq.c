// SPDX-License-Identifier: GPL-2.0-only
/*
 * irq.c: the interrupt mode of a controller (NVMETEST_IOC_IRQ_SETUP):
 * allocating and freeing vectors, the handler that reaps the CQs bound to
 * a vector, the per-vector counters (IRQ_STATS, sysfs irq_counts), and
 * masking (IRQ_CTL): MSI-X through the vector control bit of its table
 * entry, MSI and INTx through INTMS/INTMC, bit = vector; and keeping the
 * driver's masks the controller's when REG_WRITE writes those registers
 * (nvmt_irq_reg_written()) or the controller interrupts on a masked vector;
 * the INTx pin policy: gated while the controller is not ready, checked
 * for a stale assertion before the gate lifts (nvmt_irq_ready()).
 *
 * Mode changes happen under ctrl->state_mutex and only while no admin
 * queue exists, so no command is outstanding when vectors come and go.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "nvmetest.h"

const char *nvmt_irq_mode_name(u32 mode)
{
	switch (mode) {
	case NVMETEST_IRQ_INTX:
		return "intx";
	case NVMETEST_IRQ_MSI:
		return "msi";
	case NVMETEST_IRQ_MSIX:
		return "msix";
	default:
		return "none";
	}
}

/* INTx: is the device asserting its pin, and is the pin not gated? */
static bool nvmt_intx_asserted(struct pci_dev *pdev)
{
	u32 dword;

	/* One read: Command in the low half, Status in the high. */
	if (pci_read_config_dword(pdev, PCI_COMMAND, &dword) || dword == ~0U)
		return false;
	return !(dword & PCI_COMMAND_INTX_DISABLE) &&
	       ((dword >> 16) & PCI_STATUS_INTERRUPT);
}

/* Every this many INTx calls that found nothing, nvmt_intx_rearm(). */
#define NVMT_INTX_STALE_CALLS	64

/*
 * INTx called again and again with nothing to reap: is the pin stuck? A
 * controller can keep an assertion that no CQ entry backs. QEMU's (hw/nvme,
 * 10.0) counts the CQs that hold unconsumed entries in every interrupt
 * mode, CC.EN = 0 frees CQs without uncounting them, and while that count
 * is not zero no doorbell write clears its pin: a completion left
 * unconsumed before a disable (even in MSI-X mode) makes INTx stick
 * after the next completion, long after CTRL_ENABLE's check
 * (nvmt_irq_intx_ready()). So every NVMT_INTX_STALE_CALLS-th empty
 * call, if the Status register's Interrupt Status bit says the device
 * asserts the pin (and the pin is not gated, when the call was another
 * device's), reap once more and, still with nothing, write the admin
 * CQ head doorbell with its current head: a no-op for a correct
 * controller, the event on which one re-evaluates its pin, and for QEMU
 * one stale count less. The head written consumes nothing the driver has
 * not reaped, and a doorbell that leaves the admin CQ non-empty changes
 * nothing. What remains: an IO CQ entry posted between the reap and the
 * write (while the pin is already stuck) can lose its pin assertion to
 * the decrement; it is reaped on the next interrupt or timeout.
 */
static void nvmt_intx_rearm(struct nvmt_ctrl *ctrl, struct nvmt_vector *vec)
{
	/* Entries it finds count; the call itself was not the vector's. */
	struct nvmt_tally tally = { .vec = vec, .counted = true };
	struct nvmt_cq *acq = &ctrl->acq;
	struct nvmt_cq *cq;
	int found = 0;

	if (!nvmt_intx_asserted(ctrl->pdev))
		return;
	spin_lock(&vec->lock);
	list_for_each_entry(cq, &vec->cqs, vec_node) {
		spin_lock(&cq->lock);
		found += nvmt_cq_reap_locked(cq, &tally);
		spin_unlock(&cq->lock);
	}
	spin_lock(&acq->lock);
	if (!found && acq->on_vector && acq->has_mem && ctrl->aq.live)
		writel(acq->head, acq->db);
	spin_unlock(&acq->lock);
	spin_unlock(&vec->lock);
}

/*
 * The controller interrupts on a vector (MSI, INTx) that the driver has
 * masked. INTx first: the line is shared, so the call is ours only if our
 * pin is asserted. If it is, the controller's INTMS is not the driver's:
 * a REG_WRITE of INTMC that nvmt_irq_reg_written() has not followed yet,
 * or a controller reset behind the driver's back (CC.EN = 0 clears INTMS).
 * IRQ_NONE would leave the level-triggered line asserted until the IRQ
 * core disables it ("nobody cared") for every device on it; reaping would
 * break the mask. So put the driver's INTMS back in the controller, count
 * it, and return handled; the completions wait for the unmask. A pin still
 * asserted then has a cause INTMS does not cover (a CQ on an IV other than
 * 0, which pin-based hosts must not use, or a controller that ignores
 * INTMS): gate it with Command.INTx Disable until the next enable lifts
 * the gate (nvmt_irq_intx_ready()), as a pin that never clears
 * there is, rather than storm.
 *
 * Return: false when the vector was unmasked meanwhile (reap as usual);
 * else true with the handler's result in *@ret.
 */
static bool nvmt_irq_masked(struct nvmt_ctrl *ctrl, struct nvmt_vector *vec,
			    bool intx, irqreturn_t *ret)
{
	struct pci_dev *pdev = ctrl->pdev;
	u32 intms;

	*ret = IRQ_NONE;
	if (intx && !nvmt_intx_asserted(pdev))
		return true;
	spin_lock(&ctrl->intm_lock);
	if (!vec->masked) {
		spin_unlock(&ctrl->intm_lock);
		return false;
	}
	intms = ctrl->intms;
	writel(intms, ctrl->bar + NVME_REG_INTMS);
	/* A read flushes the posted write before the pin is looked at. */
	readl(ctrl->bar + NVME_REG_INTMS);
	spin_unlock(&ctrl->intm_lock);
	WRITE_ONCE(vec->masked_irqs, vec->masked_irqs + 1);
	if (intx && pci_check_and_mask_intx(pdev))
		dev_notice_ratelimited(&ctrl->dev, "INTx: the controller asserts its interrupt with INTMS 0x%08x; INTx stays disabled until the next enable\n",
				       intms);
	*ret = IRQ_HANDLED;
	return true;
}

static irqreturn_t nvmt_irq(int irq, void *data)
{
	struct nvmt_vector *vec = data;
	struct nvmt_ctrl *ctrl = vec->ctrl;
	bool intx = ctrl->irq_mode == NVMETEST_IRQ_INTX;
	struct nvmt_tally tally = { .vec = vec };
	struct nvmt_cq *cq;
	irqreturn_t ret;
	int found = 0;
	u32 raw;

	/*
	 * A masked MSI-X vector is disabled in the IRQ core, which does not
	 * call us: it masks the entry again and keeps the message pending.
	 */
	if (ctrl->irq_mode != NVMETEST_IRQ_MSIX && READ_ONCE(vec->masked) &&
	    nvmt_irq_masked(ctrl, vec, intx, &ret))
		return ret;

	/*
	 * The call is counted before the first entry is handled, and each
	 * entry before it is (struct nvmt_tally): the waiter an entry wakes
	 * may read IRQ_STATS at once and must find the interrupt that
	 * completed its command.
	 */
	spin_lock(&vec->lock);
	list_for_each_entry(cq, &vec->cqs, vec_node) {
		spin_lock(&cq->lock);
		found += nvmt_cq_reap_locked(cq, &tally);
		spin_unlock(&cq->lock);
	}
	/* A raw CQ's entries are the tester's: its interrupt is not spurious. */
	raw = vec->raw_cqs;
	spin_unlock(&vec->lock);

	if (!found && !raw) {
		WRITE_ONCE(vec->spurious, vec->spurious + 1);
		/*
		 * MSI/MSI-X messages are ours even when the CQ turned out
		 * empty (e.g. reaped by a poller first): IRQ_NONE there would
		 * make the core disable the vector as unhandled.
		 */
		if (intx) {
			if (!(vec->spurious % NVMT_INTX_STALE_CALLS))
				nvmt_intx_rearm(ctrl, vec);
			return IRQ_NONE;
		}
	}
	/* An MSI or MSI-X message with nothing new is ours all the same. */
	if (!tally.counted)
		nvmt_tally_call(&tally);
	/* After the count: a waiter woken reads IRQ_STATS and finds it. */
	spin_lock(&vec->lock);
	if (vec->efd)
		nvmt_eventfd_signal(vec->efd);
	spin_unlock(&vec->lock);
	return IRQ_HANDLED;
}

void nvmt_irq_init(struct nvmt_ctrl *ctrl)
{
	spin_lock_init(&ctrl->intm_lock);
}

/*
 * MSI and INTx: set @set and clear @clr in the driver's INTMS, write them
 * to the controller (INTMS, INTMC; bus mastering is not needed for it) and
 * make the vectors' @masked follow. The bits are written even when the
 * driver's INTMS already has them: after a REG_WRITE narrower than the
 * register, or one the handler answered by writing INTMS again
 * (nvmt_irq_masked()), the controller may not.
 */
static void nvmt_irq_intm_update(struct nvmt_ctrl *ctrl, u32 set, u32 clr)
{
	unsigned long flags;
	u16 i;

	spin_lock_irqsave(&ctrl->intm_lock, flags);
	ctrl->intms = (ctrl->intms | set) & ~clr;
	if (set)
		writel(set, ctrl->bar + NVME_REG_INTMS);
	if (clr)
		writel(clr, ctrl->bar + NVME_REG_INTMC);
	/* MSI has at most 32 vectors, INTx one: each has its bit. */
	for (i = 0; i < ctrl->nr_vectors; i++)
		WRITE_ONCE(ctrl->vectors[i].masked, (ctrl->intms >> i) & 1);
	spin_unlock_irqrestore(&ctrl->intm_lock, flags);
}

/**
 * nvmt_irq_intm_restore - put the driver's INTMS back in the controller
 * @ctrl:	the controller, state_mutex held, MSI or INTx mode
 *
 * For after CC.EN = 0 -> 1: the reset cleared the controller's INTMS,
 * while the masks of IRQ_CTL and REG_WRITE outlive it.
 */
static void nvmt_irq_intm_restore(struct nvmt_ctrl *ctrl)
{
	nvmt_irq_intm_update(ctrl, ctrl->intms, 0);
}

/* Admin CQ head doorbell writes nvmt_irq_intx_ready() tries, at most. */
#define NVMT_INTX_REARM_MAX	256

/*
 * INTx is gated (Command.INTX_DISABLE) while the controller is not ready:
 * from IRQ_SETUP or from just before CC.EN = 0 (ctrl.c calls this) until
 * nvmt_irq_ready() after CSTS.RDY = 1. state_mutex held.
 */
void nvmt_irq_intx_gate(struct nvmt_ctrl *ctrl)
{
	if (ctrl->irq_mode == NVMETEST_IRQ_INTX)
		pci_intx(ctrl->pdev, 0);
}

/*
 * INTx after CSTS.RDY = 1, before the first command. A controller asserts
 * its pin while a CQ of an unmasked vector holds entries the host has not
 * consumed, and re-evaluates it when the host writes a CQ head doorbell.
 * One that kept an assertion across CC.EN = 0 would assert it now with
 * every CQ empty: the handler would find nothing to reap and the line
 * would storm until the IRQ core disables it ("irq N: nobody cared").
 * QEMU's controller (hw/nvme, 10.0) does: it counts the CQs that hold
 * entries, CC.EN = 0 frees a CQ without uncounting it, and while the count
 * is not zero no doorbell write clears the pin. So while the Interrupt
 * Status bit of the Status register (the device's pin state, whatever the
 * gate) is set with the admin CQ empty, write the admin CQ head doorbell
 * with its current head: a no-op for a correct controller, and for QEMU
 * one stale count less each time. Only then lift the gate; a pin that
 * stays asserted keeps it (commands time out rather than the line storm).
 */
static void nvmt_irq_intx_ready(struct nvmt_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	struct nvmt_cq *cq = &ctrl->acq;
	unsigned long flags;
	unsigned int i;
	u16 status;

	/*
	 * CC.EN = 0 cleared INTMS (a reset forgets the driver's masks): write
	 * INTMC so that the controller evaluates its pin now, unmasked, and
	 * set the masks again below once the pin is sane.
	 */
	writel(~0U, ctrl->bar + NVME_REG_INTMC);
	for (i = 0; ; i++) {
		if (pci_read_config_word(pdev, PCI_STATUS, &status) ||
		    status == 0xffff)
			return;
		if (!(status & PCI_STATUS_INTERRUPT))
			break;
		if (i == NVMT_INTX_REARM_MAX) {
			dev_notice(&ctrl->dev, "INTx: the controller asserts its interrupt with no completion pending; INTx stays disabled\n");
			return;
		}
		spin_lock_irqsave(&cq->lock, flags);
		writel(cq->head, cq->db);
		spin_unlock_irqrestore(&cq->lock, flags);
		/* A read flushes the posted doorbell write. */
		readl(ctrl->bar + NVME_REG_CSTS);
	}
	if (i)
		dev_info(&ctrl->dev, "INTx: cleared a stale interrupt assertion with %u admin CQ head doorbell write%s\n",
			 i, i == 1 ? "" : "s");
	nvmt_irq_intm_restore(ctrl);
	pci_intx(pdev, 1);
}

/**
 * nvmt_irq_ready - the controller became ready: interrupts as the driver
 * keeps them
 * @ctrl:	the controller, state_mutex held, CSTS.RDY = 1, before the
 *		first command
 *
 * CC.EN = 0 cleared INTMS while the masks of IRQ_CTL and REG_WRITE outlive
 * it: MSI gets them back, INTx too once its pin is sane and its gate lifts.
 */
void nvmt_irq_ready(struct nvmt_ctrl *ctrl)
{
	if (ctrl->irq_mode == NVMETEST_IRQ_INTX)
		nvmt_irq_intx_ready(ctrl);
	else if (ctrl->irq_mode == NVMETEST_IRQ_MSI)
		nvmt_irq_intm_restore(ctrl);
}

/* Mask or unmask a vector: IRQ_CTL and the REG_WRITEs that mean the same. */
static void nvmt_irq_set_masked(struct nvmt_ctrl *ctrl,
				struct nvmt_vector *vec, bool mask)
{
	if (ctrl->irq_mode != NVMETEST_IRQ_MSIX) {
		/*
		 * Clearing INTMS makes the controller signal what is still
		 * unacknowledged.
		 */
		nvmt_irq_intm_update(ctrl, mask ? BIT(vec->index) : 0,
				     mask ? 0 : BIT(vec->index));
		return;
	}
	/* Keep disable_irq()/enable_irq() balanced. */
	if (vec->masked == mask)
		return;
	WRITE_ONCE(vec->masked, mask);
	/*
	 * The device keeps a message raised while masked pending in its PBA
	 * and sends it at the unmask; one the IRQ core received while the
	 * vector was disabled, enable_irq() replays.
	 */
	if (mask)
		disable_irq(vec->irq);
	else
		enable_irq(vec->irq);
}

/*
 * MSI-X: point the table entries the driver did not allocate at vector 0's
 * message. Their vector control is free to REG_WRITE, and a controller
 * sends a message pending on an entry as soon as the entry is unmasked, to
 * the address the entry holds: zero after a reset (a DMA write to physical
 * address 0), or a vector that an earlier driver freed. With vector 0's,
 * the message reaches vector 0's handler, counted as spurious. Only for a
 * table in BAR0: REG_WRITE reaches no other. Entries stay masked here
 * (MSI-X setup masked them all).
 */
static void nvmt_irq_msix_park_unused(struct nvmt_ctrl *ctrl)
{
	u32 entries = ctrl->msix_table_len / PCI_MSIX_ENTRY_SIZE;
	void __iomem *table = ctrl->bar + ctrl->msix_table;
	u32 lo, hi, data, i;

	if (ctrl->nr_vectors >= entries)
		return;
	lo = readl(table + PCI_MSIX_ENTRY_LOWER_ADDR);
	hi = readl(table + PCI_MSIX_ENTRY_UPPER_ADDR);
	data = readl(table + PCI_MSIX_ENTRY_DATA);
	for (i = ctrl->nr_vectors; i < entries; i++) {
		void __iomem *e = table + i * PCI_MSIX_ENTRY_SIZE;

		writel(lo, e + PCI_MSIX_ENTRY_LOWER_ADDR);
		writel(hi, e + PCI_MSIX_ENTRY_UPPER_ADDR);
		writel(data, e + PCI_MSIX_ENTRY_DATA);
	}
}

/*
 * After a reset of the function (state_mutex held, the function in D0 with
 * memory decode): the MSI-X table is back at reset values, and the PCI
 * core restores only the entries the IRQ core allocated, so the others
 * are parked again.
 */
void nvmt_irq_function_reset(struct nvmt_ctrl *ctrl)
{
	lockdep_assert_held(&ctrl->state_mutex);
	if (ctrl->irq_mode == NVMETEST_IRQ_MSIX)
		nvmt_irq_msix_park_unused(ctrl);
}

/**
 * nvmt_irq_free - free the vectors of the current mode, back to polled
 * @ctrl:	the controller, state_mutex held, no CQ on any vector
 *
 * INTx is left disabled in the Command register afterwards: a polled
 * controller would otherwise assert a line nobody handles.
 */
void nvmt_irq_free(struct nvmt_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	struct nvmt_vector *vec;
	u16 i;

	for (i = 0; i < ctrl->nr_vectors; i++) {
		vec = &ctrl->vectors[i];
		if (!vec->requested)
			continue;
		/* Keep disable_irq()/enable_irq() balanced for the next user. */
		if (vec->masked && ctrl->irq_mode == NVMETEST_IRQ_MSIX)
			enable_irq(vec->irq);
		free_irq(vec->irq, vec);
		if (ctrl->irq_mode == NVMETEST_IRQ_MSIX)
			irq_clear_status_flags(vec->irq, IRQ_DISABLE_UNLAZY);
	}
	if (ctrl->irq_mode != NVMETEST_IRQ_NONE)
		pci_free_irq_vectors(pdev);
	/* After free_irq(): no handler signals them any more. */
	for (i = 0; i < ctrl->nr_vectors; i++)
		if (ctrl->vectors[i].efd)
			eventfd_ctx_put(ctrl->vectors[i].efd);
	kfree(ctrl->vectors);
	ctrl->vectors = NULL;
	ctrl->nr_vectors = 0;
	WRITE_ONCE(ctrl->irq_mode, NVMETEST_IRQ_NONE);
	pci_intx(pdev, 0);
}

/**
 * nvmt_irq_setup - switch the interrupt mode
 * @ctrl:	the controller, state_mutex held, no admin queue
 * @mode:	enum nvmetest_irq_mode
 * @nr_vectors:	in: vectors wanted (checked by the caller); out: allocated
 *
 * Return: 0; -EOPNOTSUPP when the device has no capability for @mode
 * (no MSI or MSI-X capability, or no INTx pin); another errno from the PCI
 * core. On error the controller is left polled.
 */
int nvmt_irq_setup(struct nvmt_ctrl *ctrl, u32 mode, u32 *nr_vectors)
{
	struct pci_dev *pdev = ctrl->pdev;
	struct nvmt_vector *vec;
	unsigned int type;
	int nr, ret, i;

	nvmt_irq_free(ctrl);
	if (mode == NVMETEST_IRQ_NONE) {
		*nr_vectors = 0;
		return 0;
	}

	switch (mode) {
	case NVMETEST_IRQ_INTX:
		if (!pdev->pin || !pdev->irq)
			return -EOPNOTSUPP;
		type = NVMT_PCI_IRQ_INTX;
		break;
	case NVMETEST_IRQ_MSI:
		if (!pdev->msi_cap)
			return -EOPNOTSUPP;
		type = PCI_IRQ_MSI;
		break;
	default:
		if (!pdev->msix_cap)
			return -EOPNOTSUPP;
		type = PCI_IRQ_MSIX;
		break;
	}
	nr = pci_alloc_irq_vectors(pdev, 1, *nr_vectors, type);
	if (nr < 0)
		return nr;
	/*
	 * INTx stays gated (Command.INTX_DISABLE) until the controller is
	 * ready: CTRL_ENABLE lifts the gate once it has checked that the
	 * device asserts no stale interrupt (nvmt_irq_intx_ready()).
	 */
	if (mode == NVMETEST_IRQ_INTX)
		pci_intx(pdev, 0);

	ctrl->vectors = kcalloc(nr, sizeof(*ctrl->vectors), GFP_KERNEL);
	if (!ctrl->vectors) {
		pci_free_irq_vectors(pdev);
		pci_intx(pdev, 0);
		return -ENOMEM;
	}
	ctrl->nr_vectors = nr;
	WRITE_ONCE(ctrl->irq_mode, mode);
	/* MSI and INTx start unmasked, whatever a previous user left. */
	if (mode != NVMETEST_IRQ_MSIX)
		nvmt_irq_intm_update(ctrl, 0, ~0U);

	for (i = 0; i < nr; i++) {
		vec = &ctrl->vectors[i];
		vec->ctrl = ctrl;
		vec->index = i;
		vec->irq = pci_irq_vector(pdev, i);
		spin_lock_init(&vec->lock);
		INIT_LIST_HEAD(&vec->cqs);
		snprintf(vec->name, sizeof(vec->name), "%s-v%d",
			 dev_name(&ctrl->dev), i);
		/*
		 * IRQ_CTL masks an MSI-X vector with disable_irq(): with
		 * IRQ_DISABLE_UNLAZY the core masks it in the MSI-X table at
		 * once, instead of waiting for the next interrupt to arrive.
		 */
		if (mode == NVMETEST_IRQ_MSIX)
			irq_set_status_flags(vec->irq, IRQ_DISABLE_UNLAZY);
		ret = request_irq(vec->irq, nvmt_irq,
				  mode == NVMETEST_IRQ_INTX ? IRQF_SHARED : 0,
				  vec->name, vec);
		if (ret) {
			if (mode == NVMETEST_IRQ_MSIX)
				irq_clear_status_flags(vec->irq,
						       IRQ_DISABLE_UNLAZY);
			nvmt_irq_free(ctrl);
			return ret;
		}
		vec->requested = true;
	}
	/* After request_irq(): vector 0's message is in its entry now. */
	if (mode == NVMETEST_IRQ_MSIX)
		nvmt_irq_msix_park_unused(ctrl);
	*nr_vectors = nr;
	dev_info(&ctrl->dev, "interrupts: %s, %d vector%s\n",
		 nvmt_irq_mode_name(mode), nr, nr == 1 ? "" : "s");
	return 0;
}

/*
 * Bind a CQ to the vector whose handler reaps it: its IV, or with INTx
 * the one line whatever the IV. Nothing when polled, for IEN = 0, or for
 * an MSI/MSI-X IV the driver did not allocate: waiters poll those.
 */
void nvmt_irq_attach_cq(struct nvmt_ctrl *ctrl, struct nvmt_cq *q)
{
	struct nvmt_vector *vec;
	unsigned long flags;
	u16 idx = q->vector;

	if (ctrl->irq_mode == NVMETEST_IRQ_INTX)
		idx = 0;
	if (q->on_vector || idx >= ctrl->nr_vectors ||
	    (q->flags & NVMETEST_CQ_NO_IEN))
		return;
	q->irq_vec = idx;
	vec = &ctrl->vectors[idx];
	spin_lock_irqsave(&vec->lock, flags);
	/* A raw CQ is counted, never reaped (the tester reads its CQEs). */
	if (q->raw)
		vec->raw_cqs++;
	else
		list_add_tail(&q->vec_node, &vec->cqs);
	q->on_vector = true;
	spin_unlock_irqrestore(&vec->lock, flags);
}

/* After this the handler never touches @q again. */
void nvmt_irq_detach_cq(struct nvmt_ctrl *ctrl, struct nvmt_cq *q)
{
	struct nvmt_vector *vec;
	unsigned long flags;

	if (!q->on_vector)
		return;
	vec = &ctrl->vectors[q->irq_vec];
	spin_lock_irqsave(&vec->lock, flags);
	if (q->raw)
		vec->raw_cqs--;
	else
		list_del(&q->vec_node);
	q->on_vector = false;
	spin_unlock_irqrestore(&vec->lock, flags);
}

int nvmt_ioctl_irq_eventfd(struct nvmt_ctrl *ctrl, struct file *file,
			   void __user *argp)
{
	struct eventfd_ctx *efd = NULL, *old = NULL;
	struct nvmetest_irq_eventfd ie;
	struct nvmt_vector *vec;
	unsigned long flags;
	int ret;

	if (copy_from_user(&ie, argp, sizeof(ie)))
		return -EFAULT;
	if (ie.rsvd0 || ie.rsvd[0] || ie.rsvd[1] || ie.fd < -1)
		return -EINVAL;
	if (ie.fd >= 0) {
		efd = eventfd_ctx_fdget(ie.fd);
		if (IS_ERR(efd))
			return PTR_ERR(efd);
	}
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		goto out_put;
	if (ie.vector >= ctrl->nr_vectors) {
		ret = -EINVAL;
	} else {
		vec = &ctrl->vectors[ie.vector];
		spin_lock_irqsave(&vec->lock, flags);
		if (vec->efd && vec->efd_owner != file) {
			ret = -EBUSY;
		} else {
			old = vec->efd;
			vec->efd = efd;
			vec->efd_owner = efd ? file : NULL;
			efd = NULL;
		}
		spin_unlock_irqrestore(&vec->lock, flags);
	}
	nvmt_sm_exit(ctrl);
out_put:
	if (efd)
		eventfd_ctx_put(efd);
	if (old)
		eventfd_ctx_put(old);
	return ret;
}

/**
 * nvmt_irq_release_file - a file is closed: detach its eventfds
 * @ctrl:	the controller
 * @file:	the file
 *
 * Not killable: a process killed while it closes must not leave its
 * eventfds behind for as long as the mode lasts.
 */
void nvmt_irq_release_file(struct nvmt_ctrl *ctrl, struct file *file)
{
	struct eventfd_ctx *efd;
	struct nvmt_vector *vec;
	unsigned long flags;
	u16 i;

	if (nvmt_ctrl_enter(ctrl))
		return;		/* remove put them with the vectors */
	mutex_lock(&ctrl->state_mutex);
	for (i = 0; i < ctrl->nr_vectors; i++) {
		vec = &ctrl->vectors[i];
		spin_lock_irqsave(&vec->lock, flags);
		efd = vec->efd_owner == file ? vec->efd : NULL;
		if (efd) {
			vec->efd = NULL;
			vec->efd_owner = NULL;
		}
		spin_unlock_irqrestore(&vec->lock, flags);
		if (efd)
			eventfd_ctx_put(efd);
	}
	mutex_unlock(&ctrl->state_mutex);
	nvmt_ctrl_exit(ctrl);
}

/* IRQ_SETUP's fields, before the controller is looked at. */
static int nvmt_irq_setup_check(const struct nvmetest_irq_setup *is)
{
	if (is->rsvd[0] || is->rsvd[1])
		return -EINVAL;
	switch (is->mode) {
	case NVMETEST_IRQ_NONE:
		return is->nr_vectors ? -EINVAL : 0;
	case NVMETEST_IRQ_INTX:
		return is->nr_vectors != 1 ? -EINVAL : 0;
	case NVMETEST_IRQ_MSI:
	case NVMETEST_IRQ_MSIX:
		return !is->nr_vectors || is->nr_vectors > NVMT_MAX_VECTORS ?
		       -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

int nvmt_ioctl_irq_setup(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_irq_setup is;
	int ret;

	if (copy_from_user(&is, argp, sizeof(is)))
		return -EFAULT;
	ret = nvmt_irq_setup_check(&is);
	if (ret)
		return ret;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	if (nvmt_sq_exists(&ctrl->aq))
		ret = -EBUSY;
	else if (ctrl->state == NVMETEST_STATE_D3HOT)
		ret = -ENXIO;	/* the MSI-X table is in a BAR */
	else
		ret = nvmt_irq_setup(ctrl, is.mode, &is.nr_vectors);
	nvmt_sm_exit(ctrl);
	if (!ret && copy_to_user(argp, &is, sizeof(is)))
		ret = -EFAULT;
	return ret;
}

static void nvmt_irq_vector_get(struct nvmt_vector *vec,
				struct nvmetest_irq_vector *out)
{
	memset(out, 0, sizeof(*out));
	out->vector = vec->index;
	out->masked = vec->masked;
	out->fired = READ_ONCE(vec->fired);
	out->count = READ_ONCE(vec->count);
	out->last_ns = READ_ONCE(vec->last_ns);
	out->completions = READ_ONCE(vec->completions);
	out->spurious = READ_ONCE(vec->spurious);
	out->masked_irqs = READ_ONCE(vec->masked_irqs);
}

int nvmt_ioctl_irq_stats(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_irq_vector *out = NULL;
	struct nvmetest_irq_stats st;
	u32 i, n = 0;
	int ret;

	if (copy_from_user(&st, argp, sizeof(st)))
		return -EFAULT;
	if (st.rsvd[0] || st.rsvd[1] || (st.count && !st.vectors))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	if (st.first > ctrl->nr_vectors) {
		ret = -EINVAL;
		goto out_unlock;
	}
	n = min_t(u32, st.count, ctrl->nr_vectors - st.first);
	if (n) {
		out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
		if (!out) {
			ret = -ENOMEM;
			goto out_unlock;
		}
	}
	for (i = 0; i < n; i++)
		nvmt_irq_vector_get(&ctrl->vectors[st.first + i], &out[i]);
	st.mode = ctrl->irq_mode;
	st.nr_vectors = ctrl->nr_vectors;
	st.count = n;
out_unlock:
	nvmt_sm_exit(ctrl);
	if (!ret && n && copy_to_user(u64_to_user_ptr(st.vectors), out,
				      n * sizeof(*out)))
		ret = -EFAULT;
	kvfree(out);
	if (!ret && copy_to_user(argp, &st, sizeof(st)))
		ret = -EFAULT;
	return ret;
}

int nvmt_ioctl_irq_ctl(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_irq_ctl ic;
	struct nvmt_vector *vec;
	int ret;

	if (copy_from_user(&ic, argp, sizeof(ic)))
		return -EFAULT;
	if (ic.rsvd || ic.op < NVMETEST_IRQ_CLEAR || ic.op > NVMETEST_IRQ_UNMASK)
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	if (ic.vector >= ctrl->nr_vectors) {
		ret = -EINVAL;
		goto out;
	}
	vec = &ctrl->vectors[ic.vector];
	if (ic.op == NVMETEST_IRQ_CLEAR)
		WRITE_ONCE(vec->fired, 0);
	else if (ctrl->state == NVMETEST_STATE_D3HOT)
		ret = -ENXIO;	/* masks live in BAR0 */
	else
		nvmt_irq_set_masked(ctrl, vec, ic.op == NVMETEST_IRQ_MASK);
out:
	nvmt_sm_exit(ctrl);
	return ret;
}

/*
 * The bits that a register write of @width bytes of @value at @off puts in
 * the 32-bit register at @reg, byte lane by byte lane (0 if it misses it).
 * @off is a multiple of @width and @off + @width fits in 32 bits
 * (nvmt_rw_check() in ioctl.c).
 */
static u32 nvmt_reg_lanes(u32 off, u32 width, u64 value, u32 reg)
{
	u32 bits = 0, i;

	for (i = 0; i < width; i++)
		if (off + i >= reg && off + i < reg + sizeof(u32))
			bits |= (u32)((value >> (i * BITS_PER_BYTE)) & 0xff) <<
				((off + i - reg) * BITS_PER_BYTE);
	return bits;
}

/**
 * nvmt_irq_reg_written - follow a REG_WRITE that changes interrupt masks
 * @ctrl:	the controller; ctrl->lock held for read, state_mutex not held
 * @off:	BAR0 offset of the write, already done
 * @width:	its width in bytes (1, 2, 4 or 8)
 * @value:	the value written
 *
 * INTMS, INTMC and MSI-X vector control are free registers (no unsafe
 * flag), and each holds a mask the driver acts on: a vector it believes
 * masked is not reaped, and an unmask it does not know about left the INTx
 * handler returning IRQ_NONE on a storming line. So the write counts as the
 * same IRQ_CTL: in MSI and INTx modes, the bits the write sets in INTMS or
 * clears through INTMC are set or cleared in the driver's INTMS, written
 * again as whole dwords (so the controller has them even from a narrower
 * write) and followed by the vectors' masks; in MSI-X mode, a write that
 * carries the mask bit of an allocated vector masks or unmasks it through
 * disable_irq()/enable_irq(), so that the IRQ core, which masks a vector
 * it has disabled again when a message arrives, agrees with the table.
 * INTMS/INTMC in MSI-X mode (undefined by NVMe, unused by the driver),
 * vector control in other modes (MSI-X is off), of entries the driver did
 * not allocate (see nvmt_irq_msix_park_unused()) and any write in polled
 * mode change no mask of the driver's.
 */
void nvmt_irq_reg_written(struct nvmt_ctrl *ctrl, u32 off, u32 width,
			  u64 value)
{
	u32 set, clr, entry, vc;

	set = nvmt_reg_lanes(off, width, value, NVME_REG_INTMS);
	clr = nvmt_reg_lanes(off, width, value, NVME_REG_INTMC);
	/* Doorbells, CC and the rest: no lock taken. */
	if (!set && !clr && !(off < ctrl->msix_table + ctrl->msix_table_len &&
			      ctrl->msix_table < off + width))
		return;

	mutex_lock(&ctrl->state_mutex);
	switch (ctrl->irq_mode) {
	case NVMETEST_IRQ_MSI:
	case NVMETEST_IRQ_INTX:
		nvmt_irq_intm_update(ctrl, set, clr);
		break;
	case NVMETEST_IRQ_MSIX:
		/* A write of 8 bytes or less reaches one entry. */
		if (off < ctrl->msix_table)
			break;
		entry = (off - ctrl->msix_table) / PCI_MSIX_ENTRY_SIZE;
		vc = ctrl->msix_table + entry * PCI_MSIX_ENTRY_SIZE +
		     PCI_MSIX_ENTRY_VECTOR_CTRL;
		if (entry >= ctrl->nr_vectors || off > vc || off + width <= vc)
			break;
		nvmt_irq_set_masked(ctrl, &ctrl->vectors[entry],
				    (value >> ((vc - off) * BITS_PER_BYTE)) &
				    PCI_MSIX_ENTRY_CTRL_MASKBIT);
		break;
	}
	mutex_unlock(&ctrl->state_mutex);
}

/*
 * sysfs irq_counts: "vector count fired masked completions spurious
 * masked_irqs".
 */
ssize_t nvmt_irq_counts_show(struct nvmt_ctrl *ctrl, char *buf)
{
	struct nvmetest_irq_vector v;
	ssize_t len = 0;
	u16 i;

	mutex_lock(&ctrl->state_mutex);
	/* A line is at most 6 + 21 + 2 + 2 + 21 + 21 + 11 bytes: stop in time. */
	for (i = 0; i < ctrl->nr_vectors && len < PAGE_SIZE - 90; i++) {
		nvmt_irq_vector_get(&ctrl->vectors[i], &v);
		len += sysfs_emit_at(buf, len, "%u %llu %u %u %llu %llu %u\n",
				     v.vector, v.count, v.fired, v.masked,
				     v.completions, v.spurious, v.masked_irqs);
	}
	mutex_unlock(&ctrl->state_mutex);
	return len;
}
