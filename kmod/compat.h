/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * compat.h: every kernel API difference between the kernels nvmetest
 * supports (Debian's 6.1 and 6.12), in one place. The rest of the module is
 * written against one API and uses the names below where the kernels differ;
 * nothing outside this file tests LINUX_VERSION_CODE.
 */
#ifndef NVMT_COMPAT_H
#define NVMT_COMPAT_H

#include <linux/pci.h>
#include <linux/version.h>

/*
 * struct class.devnode() takes a const struct device since 6.2 ("driver
 * core: make struct class.devnode() take a const *"); 6.1 passes it mutable.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define nvmt_devnode_device	const struct device
#else
#define nvmt_devnode_device	struct device
#endif

/*
 * pci_alloc_irq_vectors() flag for INTx: PCI_IRQ_LEGACY until 6.10
 * renamed it PCI_IRQ_INTX ("PCI: Remove PCI_IRQ_LEGACY" in 6.12).
 */
#ifdef PCI_IRQ_INTX
#define NVMT_PCI_IRQ_INTX	PCI_IRQ_INTX
#else
#define NVMT_PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

#endif /* NVMT_COMPAT_H */
