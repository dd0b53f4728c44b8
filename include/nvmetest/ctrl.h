/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/ctrl.c: controller bring-up (disable, interrupts, admin
 * queue, enable, reset, shutdown), interrupt counters and asynchronous
 * events.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_CTRL_H
#define NVMETEST_CTRL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Each step is one driver ioctl; the driver checks the state it needs
 * (enum nvmetest_ctrl_state) and answers -EBUSY or -ENXIO otherwise. Every
 * step refreshes the INFO cache of nvmetest_info_cached() on success and on
 * failure (the state, CC, CSTS and max_xfer it reports change).
 */

/**
 * nvmetest_ctrl_disable - clear CC.EN and wait for CSTS.RDY = 0
 * @dev:        handle
 * @timeout_ms: 0 = CAP.TO
 * @csts:       output, may be NULL: CSTS when the wait ended
 *
 * Frees the admin queue (and every IO queue); outstanding commands end
 * with NVMETEST_HOST_ABORTED_RESET. Allowed from any state: it is how a
 * FAILED controller is recovered. State DISABLED on success.
 *
 * Return: 0, -ETIMEDOUT (state FAILED), -EIO on CSTS.CFS, -ENODEV.
 */
int nvmetest_ctrl_disable(struct nvmetest_dev *dev, uint32_t timeout_ms,
			  uint32_t *csts);

/**
 * nvmetest_irq_setup - choose the interrupt mode and vector count
 * @dev:        handle
 * @mode:       NVMETEST_IRQ_NONE (polled), _INTX, _MSI or _MSIX
 * @nr_vectors: input: vectors wanted (MSI/MSI-X 1..2048, INTx 1, NONE 0);
 *		output: vectors allocated (may be fewer for MSI/MSI-X)
 *
 * Frees the vectors of the previous mode. Only while there is no admin
 * queue (BOUND, DISABLED, SHUTDOWN, FAILED). The admin CQ uses vector 0.
 *
 * Return: 0, -EBUSY while an admin queue exists, -EINVAL, -ENOSPC when the
 * platform cannot give the vectors, -ENODEV.
 */
int nvmetest_irq_setup(struct nvmetest_dev *dev, uint32_t mode,
		       uint32_t *nr_vectors);

/**
 * nvmetest_adminq_setup - allocate the admin queue, write AQA, ASQ, ACQ
 * @dev:      handle
 * @sq_depth: admin SQ entries, 2..4096
 * @cq_depth: admin CQ entries, 2..4096
 *
 * Needs state DISABLED; state ADMINQ after. Does NOT set CC.EN.
 *
 * Return: 0, -EBUSY in another state, -EINVAL, -ENOMEM, -ENODEV.
 */
int nvmetest_adminq_setup(struct nvmetest_dev *dev, uint16_t sq_depth,
			  uint16_t cq_depth);

/**
 * nvmetest_ctrl_enable - write CC with EN = 1 and wait for CSTS.RDY = 1
 * @dev: handle
 * @en:  NULL for the driver's default CC and wait; else, in: flags
 *	 (NVMETEST_ENABLE_RAW_CC to write @en->cc as given, EN set by the
 *	 driver), cc and timeout_ms (0 = CAP.TO); out: csts, cc_written and
 *	 state. Reserved fields must be zero.
 *
 * Needs state ADMINQ; ENABLED after, FAILED on a timeout or CSTS.CFS. Does
 * NOT identify the controller: max_xfer stays the module's cap until a
 * full nvmetest_ctrl_init().
 *
 * Return: 0, -ETIMEDOUT, -EIO (CSTS.CFS), -EBUSY, -EINVAL, -ENODEV.
 */
int nvmetest_ctrl_enable(struct nvmetest_dev *dev,
			 struct nvmetest_ctrl_enable *en);

/**
 * nvmetest_ctrl_init - the default bring-up in one call
 * @dev:  handle
 * @init: in: irq_mode, nr_vectors, aq_depth (0 = 32), nr_io_queues (0 =
 *	  as many as vectors); out: nr_vectors, nr_io_sq, nr_io_cq, status,
 *	  state. NULL = MSI-X, 2 vectors, defaults for the rest.
 *
 * Disable, interrupt setup, admin queue setup, enable with the default CC,
 * Identify Controller (the driver caches MDTS, AERL, RTD3E), Set Features
 * Number of Queues. State ENABLED on success.
 *
 * Return: 0; the NVMe status (> 0) of the Identify or Set Features command
 * that failed; or a negative errno of the failed step.
 */
int nvmetest_ctrl_init(struct nvmetest_dev *dev, struct nvmetest_ctrl_init *init);

/**
 * nvmetest_ctrl_reset - disable and enable again with the same admin queue
 * @dev:        handle
 * @timeout_ms: for each RDY wait; 0 = CAP.TO
 * @csts:       output, may be NULL: CSTS when the wait ended
 *
 * Outstanding commands end with NVMETEST_HOST_ABORTED_RESET; IO queues
 * are gone; outstanding AERs are sent again when configured. Needs an
 * admin queue (ADMINQ, ENABLED); state ENABLED after.
 *
 * Return: 0, -ETIMEDOUT, -EIO, -ENXIO without an admin queue, -ENODEV.
 */
int nvmetest_ctrl_reset(struct nvmetest_dev *dev, uint32_t timeout_ms,
			uint32_t *csts);

/**
 * nvmetest_ctrl_shutdown - shutdown notification (CC.SHN) and wait
 * @dev:        handle
 * @abrupt:     CC.SHN = 10b (abrupt) instead of 01b (normal)
 * @timeout_ms: 0 = RTD3E from identify, else 10 s
 * @csts:       output, may be NULL: CSTS when the wait ended
 *
 * Waits for CSTS.SHST = complete. State SHUTDOWN after; outstanding
 * commands end with NVMETEST_HOST_ABORTED_RESET.
 *
 * Return: 0, -ETIMEDOUT (state FAILED), -ENXIO when not enabled, -ENODEV.
 */
int nvmetest_ctrl_shutdown(struct nvmetest_dev *dev, bool abrupt,
			   uint32_t timeout_ms, uint32_t *csts);

/**
 * nvmetest_reset - reset the PCI function, its link or the NVM subsystem
 * @dev: handle
 * @r:   in: type (NVMETEST_RESET_FLR, _HOT, _NSSR or _LINK), timeout_ms
 *       (for CSTS.RDY = 0 after the reset; 0 = CAP.TO), the rest zero; out:
 *       why, state, csts, reset_ns, rdy0_ns, link_ns (LINK), peers (NSSR:
 *       the other controllers of the subsystem bound to nvmetest, reset
 *       and coordinated with it)
 *
 * The driver coordinates it (struct nvmetest_reset in the ABI header says
 * how): outstanding commands end with NVMETEST_HOST_ABORTED_PCI_RESET,
 * IOWorkers with NVMETEST_IOW_END_PCI_RESET, queues are gone, config
 * space is restored and the state is DISABLED. nvmetest_ctrl_init()
 * brings the controller back. A refusal sets @r->why, and the error
 * message (nvmetest_last_error()) says it in words.
 *
 * Return: 0; -EOPNOTSUPP (no FLR capability, CAP.NSSRS = 0, no bridge
 * above, LINK without a Root Port or Downstream Port above; a driver
 * before ABI 1.8 for LINK), -EBUSY (another function shares the bus;
 * NSSR: another controller of the subsystem stayed busy, or too many),
 * -ETIMEDOUT (RDY did not clear: state FAILED), -EIO (the PCI core failed
 * the reset, why PCI_CORE; the controller does not answer after it:
 * state FAILED; LINK: the port did not take Link Disable, why NOT_TAKEN,
 * or the link did not come back, why LINK_DOWN), -ENODEV.
 */
int nvmetest_reset(struct nvmetest_dev *dev, struct nvmetest_reset *r);

/**
 * nvmetest_aspm - read or set ASPM Control of the link above the function
 * @dev: handle
 * @a:   in: flags (NVMETEST_ASPM_SET or 0), control (SET: bit 0 L0s, bit 1
 *       L1), the rest zero; out: control (the function's, after the
 *       call), why, dev_lnkcap, dev_lnkctl, port_lnkcap, port_lnkctl,
 *       port_lnksta
 *
 * SET writes both ends in the order PCIe asks for and reads them back;
 * struct nvmetest_aspm in the ABI header has the details. ABI 1.8.
 *
 * Return: 0; -EOPNOTSUPP (no bridge, no PCIe Link Control, a state not
 * supported by both ends: why says which; a driver before ABI 1.8),
 * -EBUSY (another function shares the link), -EIO (an end did not take
 * the value: why NOT_TAKEN, the outputs are filled), -EINVAL, -ENODEV.
 */
int nvmetest_aspm(struct nvmetest_dev *dev, struct nvmetest_aspm *a);

/**
 * nvmetest_power - PCI power state D0 or D3hot, coordinated by the driver
 * @dev: handle
 * @p:   in: state (0 = D0, 3 = D3hot), timeout_ms (CSTS.RDY = 0 wait; 0 =
 *       CAP.TO), the rest zero; out: why, old_state, no_soft_reset,
 *       ctrl_state, csts, transition_ns
 *
 * To D3hot the driver lets go of the device as before a reset and
 * disables the controller (state D3HOT: only POWER, INFO and config space
 * reach it); to D0 it restores config space when No_Soft_Reset is 0 and
 * leaves the controller DISABLED. struct nvmetest_power in the ABI header
 * has the details.
 *
 * Return: 0, -EOPNOTSUPP (no PM capability: why NO_PM), -EIO (the PCI
 * core failed the transition, or the function does not answer after D0),
 * -ETIMEDOUT, -ENODEV.
 */
int nvmetest_power(struct nvmetest_dev *dev, struct nvmetest_power *p);

/* ---------------------------------------------------------------------- */
/* Interrupts and asynchronous events                                     */

/**
 * nvmetest_irq_stats - the counters of a range of vectors
 * @dev:   handle
 * @first: first vector
 * @v:     output array
 * @count: entries in @v
 * @mode:  output, may be NULL: enum nvmetest_irq_mode in use
 * @nr:    output, may be NULL: vectors allocated
 *
 * Reads only; the counters keep counting.
 *
 * Return: entries filled (0 when @first >= vectors allocated), -errno.
 */
int nvmetest_irq_stats(struct nvmetest_dev *dev, uint32_t first,
		       struct nvmetest_irq_vector *v, uint32_t count,
		       uint32_t *mode, uint32_t *nr);

/**
 * nvmetest_irq_clear - clear a vector's sticky "fired" flag
 * @dev:    handle
 * @vector: vector index
 *
 * Return: 0, -EINVAL for a vector not allocated, -ENODEV.
 */
int nvmetest_irq_clear(struct nvmetest_dev *dev, uint32_t vector);

/**
 * nvmetest_irq_mask - mask a vector
 * @dev:    handle
 * @vector: vector index
 *
 * MSI-X: the vector control bit of its table entry; MSI and INTx: INTMS.
 * Completions still land in the CQ: only the interrupt is held back.
 *
 * Return: 0, -EINVAL, -ENODEV.
 */
int nvmetest_irq_mask(struct nvmetest_dev *dev, uint32_t vector);

/**
 * nvmetest_irq_unmask - unmask a vector (MSI-X vector control, INTMC)
 * @dev:    handle
 * @vector: vector index
 *
 * Return: 0, -EINVAL, -ENODEV.
 */
int nvmetest_irq_unmask(struct nvmetest_dev *dev, uint32_t vector);

/**
 * nvmetest_aer_config - how many AERs the driver keeps outstanding
 * @dev:   handle
 * @count: 0..16 and at most AERL + 1; 0 stops resubmitting
 *
 * The driver sends them now and a new one for each that completes; the
 * completions go to the event ring (nvmetest_events()).
 *
 * Return: 0, -EINVAL (over AERL + 1), -ENXIO when not enabled, -ENODEV.
 */
int nvmetest_aer_config(struct nvmetest_dev *dev, uint32_t count);

/**
 * nvmetest_events - take completed AERs from the ring, oldest first
 * @dev:   handle
 * @ev:    output array
 * @count: entries in @ev
 * @lost:  output, may be NULL: events dropped since the last call
 *
 * Does not wait. Taken events leave the ring.
 *
 * Return: entries filled, -errno.
 */
int nvmetest_events(struct nvmetest_dev *dev, struct nvmetest_event *ev,
		    uint32_t count, uint32_t *lost);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_CTRL_H */
