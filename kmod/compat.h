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

/*
 * io_uring command: 6.1 has struct io_uring_cmd in <linux/io_uring.h>
 * with the SQE's command area as ->cmd; 6.6 passes the whole SQE (->sqe,
 * io_uring_sqe_cmd()) and 6.7 moved it all to <linux/io_uring/cmd.h>
 * ("io_uring: split out cmd api into a separate header"). Both Debian
 * kernels take io_uring_cmd_done(cmd, ret, res2, issue_flags) (6.1.0-56
 * has the issue_flags backport) and fill only big_cqe[0] from res2.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#include <linux/io_uring/cmd.h>
static inline const void *nvmt_uring_cmd_payload(struct io_uring_cmd *c)
{
	return io_uring_sqe_cmd(c->sqe);
}
#else
#include <linux/io_uring.h>
static inline const void *nvmt_uring_cmd_payload(struct io_uring_cmd *c)
{
	return c->cmd;
}
#endif

/*
 * 6.8 dropped eventfd_signal()'s count ("eventfd: simplify
 * eventfd_signal()"): it always adds 1.
 */
#include <linux/eventfd.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define nvmt_eventfd_signal(ctx)	eventfd_signal(ctx)
#else
#define nvmt_eventfd_signal(ctx)	eventfd_signal(ctx, 1)
#endif

/*
 * vm_flags became read-only behind vm_flags_set()/vm_flags_clear() in 6.3
 * ("mm: introduce vma->vm_flags wrapper functions"); 6.1 writes them.
 */
#include <linux/mm.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define nvmt_vm_flags_set(vma, flags)	vm_flags_set(vma, flags)
#define nvmt_vm_flags_clear(vma, flags)	vm_flags_clear(vma, flags)
#else
#define nvmt_vm_flags_set(vma, flags)	((vma)->vm_flags |= (flags))
#define nvmt_vm_flags_clear(vma, flags)	((vma)->vm_flags &= ~(flags))
#endif

#endif /* NVMT_COMPAT_H */
