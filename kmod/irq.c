// SPDX-License-Identifier: GPL-2.0-only
/*
 * irq.c: the interrupt mode of a controller (NVMETEST_IOC_IRQ_SETUP):
 * allocating and freeing vectors, the handler that reaps the CQs bound to
 * a vector, the per-vector counters (IRQ_STATS, sysfs irq_counts), and
 * masking (IRQ_CTL): MSI-X through the vector control bit of its table
 * entry, MSI and INTx through INTMS/INTMC, bit = vector.
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
 * (nvmt_intx_ready() in ctrl.c). So every NVMT_INTX_STALE_CALLS-th empty
 * call, if the Status register's Interrupt Status bit says the device
 * asserts the pin, reap once more and, still with nothing, write the admin
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
	struct nvmt_cq *acq = &ctrl->acq;
	struct nvmt_cq *cq;
	int found = 0;
	u16 status;

	if (pci_read_config_word(ctrl->pdev, PCI_STATUS, &status) ||
	    status == 0xffff || !(status & PCI_STATUS_INTERRUPT))
		return;
	spin_lock(&vec->lock);
	list_for_each_entry(cq, &vec->cqs, vec_node) {
		spin_lock(&cq->lock);
		found += nvmt_cq_reap_locked(cq);
		spin_unlock(&cq->lock);
	}
	spin_lock(&acq->lock);
	if (!found && acq->on_vector && acq->has_mem && ctrl->aq.live)
		writel(acq->head, acq->db);
	spin_unlock(&acq->lock);
	spin_unlock(&vec->lock);
	if (found)
		WRITE_ONCE(vec->completions, vec->completions + found);
}

static irqreturn_t nvmt_irq(int irq, void *data)
{
	struct nvmt_vector *vec = data;
	struct nvmt_ctrl *ctrl = vec->ctrl;
	bool intx = ctrl->irq_mode == NVMETEST_IRQ_INTX;
	struct nvmt_cq *cq;
	int found = 0;

	/*
	 * A shared INTx line also calls us for the other devices on it: a
	 * vector masked through INTMS must not reap (its completions wait
	 * for the unmask), and the call is not ours.
	 */
	if (intx && READ_ONCE(vec->masked))
		return IRQ_NONE;

	spin_lock(&vec->lock);
	list_for_each_entry(cq, &vec->cqs, vec_node) {
		spin_lock(&cq->lock);
		found += nvmt_cq_reap_locked(cq);
		spin_unlock(&cq->lock);
	}
	spin_unlock(&vec->lock);

	if (!found) {
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
	WRITE_ONCE(vec->count, vec->count + 1);
	WRITE_ONCE(vec->last_ns, ktime_get_ns());
	WRITE_ONCE(vec->completions, vec->completions + found);
	WRITE_ONCE(vec->fired, 1);
	return IRQ_HANDLED;
}

/* INTx/MSI: write INTMS or INTMC; bus mastering is not needed for it. */
static void nvmt_irq_intms(struct nvmt_ctrl *ctrl, u32 bits, bool mask)
{
	writel(bits, ctrl->bar + (mask ? NVME_REG_INTMS : NVME_REG_INTMC));
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
	 * device asserts no stale interrupt (ctrl.c, nvmt_intx_ready()).
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
		nvmt_irq_intms(ctrl, ~0U, false);

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
	list_del(&q->vec_node);
	q->on_vector = false;
	spin_unlock_irqrestore(&vec->lock, flags);
}

int nvmt_ioctl_irq_setup(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_irq_setup is;
	int ret;

	if (copy_from_user(&is, argp, sizeof(is)))
		return -EFAULT;
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	if (is.rsvd[0] || is.rsvd[1]) {
		ret = -EINVAL;
		goto out_exit;
	}
	switch (is.mode) {
	case NVMETEST_IRQ_NONE:
		ret = is.nr_vectors ? -EINVAL : 0;
		break;
	case NVMETEST_IRQ_INTX:
		ret = is.nr_vectors != 1 ? -EINVAL : 0;
		break;
	case NVMETEST_IRQ_MSI:
	case NVMETEST_IRQ_MSIX:
		ret = !is.nr_vectors || is.nr_vectors > NVMT_MAX_VECTORS ?
		      -EINVAL : 0;
		break;
	default:
		ret = -EINVAL;
	}
	if (ret)
		goto out_exit;

	mutex_lock(&ctrl->state_mutex);
	if (ctrl->removing)
		ret = -ENODEV;
	else if (nvmt_queue_exists(&ctrl->aq))
		ret = -EBUSY;
	else
		ret = nvmt_irq_setup(ctrl, is.mode, &is.nr_vectors);
	mutex_unlock(&ctrl->state_mutex);
out_exit:
	nvmt_ctrl_exit(ctrl);
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
}

int nvmt_ioctl_irq_stats(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_irq_vector *out = NULL;
	struct nvmetest_irq_stats st;
	u32 i, n = 0;
	int ret;

	if (copy_from_user(&st, argp, sizeof(st)))
		return -EFAULT;
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	if (st.rsvd[0] || st.rsvd[1] || (st.count && !st.vectors)) {
		ret = -EINVAL;
		goto out_exit;
	}
	mutex_lock(&ctrl->state_mutex);
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
	mutex_unlock(&ctrl->state_mutex);
out_exit:
	nvmt_ctrl_exit(ctrl);
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
	ret = nvmt_ctrl_enter(ctrl);
	if (ret)
		return ret;
	if (ic.rsvd || ic.op < NVMETEST_IRQ_CLEAR || ic.op > NVMETEST_IRQ_UNMASK) {
		ret = -EINVAL;
		goto out_exit;
	}
	mutex_lock(&ctrl->state_mutex);
	if (ctrl->removing) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (ic.vector >= ctrl->nr_vectors) {
		ret = -EINVAL;
		goto out_unlock;
	}
	vec = &ctrl->vectors[ic.vector];
	switch (ic.op) {
	case NVMETEST_IRQ_CLEAR:
		WRITE_ONCE(vec->fired, 0);
		break;
	case NVMETEST_IRQ_MASK:
		if (vec->masked)
			break;
		WRITE_ONCE(vec->masked, 1);
		if (ctrl->irq_mode == NVMETEST_IRQ_MSIX)
			disable_irq(vec->irq);
		else
			nvmt_irq_intms(ctrl, BIT(ic.vector), true);
		break;
	case NVMETEST_IRQ_UNMASK:
		if (!vec->masked)
			break;
		WRITE_ONCE(vec->masked, 0);
		/*
		 * MSI-X: the device keeps a message raised while masked
		 * pending in its PBA and sends it now; INTx/MSI: clearing
		 * INTMS makes the controller signal what is still unacked.
		 */
		if (ctrl->irq_mode == NVMETEST_IRQ_MSIX)
			enable_irq(vec->irq);
		else
			nvmt_irq_intms(ctrl, BIT(ic.vector), false);
		break;
	}
out_unlock:
	mutex_unlock(&ctrl->state_mutex);
out_exit:
	nvmt_ctrl_exit(ctrl);
	return ret;
}

/* sysfs irq_counts: "vector count fired masked completions spurious". */
ssize_t nvmt_irq_counts_show(struct nvmt_ctrl *ctrl, char *buf)
{
	struct nvmetest_irq_vector v;
	ssize_t len = 0;
	u16 i;

	mutex_lock(&ctrl->state_mutex);
	/* A line is at most 6 + 21 + 2 + 2 + 21 + 21 bytes: stop in time. */
	for (i = 0; i < ctrl->nr_vectors && len < PAGE_SIZE - 80; i++) {
		nvmt_irq_vector_get(&ctrl->vectors[i], &v);
		len += sysfs_emit_at(buf, len, "%u %llu %u %u %llu %llu\n",
				     v.vector, v.count, v.fired, v.masked,
				     v.completions, v.spurious);
	}
	mutex_unlock(&ctrl->state_mutex);
	return len;
}
