/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/sysfs.c: sysfs: listing the NVMe PCI functions, with no
 * device node needed.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_SYSFS_H
#define NVMETEST_SYSFS_H

#include <stdint.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The sysfs, /proc and /dev roots are "/sys", "/proc" and "/dev" unless
 * the environment variables NVMETEST_SYSFS_ROOT, NVMETEST_PROC_ROOT and
 * NVMETEST_DEV_ROOT name other folders (read at every call): the unit
 * tests run the listing and binding logic against a fake tree.
 */

/* PCI class code of an NVMe controller: mass storage, NVM, NVM Express. */
#define NVMETEST_PCI_CLASS_NVME	0x010802

/**
 * struct nvmetest_pci_func - an NVMe PCI function as sysfs shows it
 * @bdf:             "dddd:bb:dd.f"
 * @vendor_id:       PCI vendor id
 * @device_id:       PCI device id
 * @subsystem_vendor_id: PCI subsystem vendor id
 * @subsystem_device_id: PCI subsystem id
 * @class_code:      24-bit class code
 * @driver:          bound driver ("nvme", "nvmetest", "vfio-pci"), "" if none
 * @driver_override: its driver_override ("" when unset)
 * @instance:        N of nvmetestN when bound to nvmetest, else -1
 * @devnode:         "/dev/nvmetestN" when bound to nvmetest, else ""
 * @ctrl:            "nvmeX" when the in-tree nvme driver has it, else ""
 * @model:           model number from the nvme driver's sysfs, or ""
 * @serial:          serial number, or ""
 * @firmware:        firmware revision, or ""
 * @blockdevs:       block devices of its namespaces ("nvme0n1"), no
 *		     partitions
 * @nr_blockdevs:    entries in @blockdevs
 */
struct nvmetest_pci_func {
	char bdf[NVMETEST_BDF_LEN];
	uint16_t vendor_id;
	uint16_t device_id;
	uint16_t subsystem_vendor_id;
	uint16_t subsystem_device_id;
	uint32_t class_code;
	char driver[64];
	char driver_override[64];
	int instance;
	char devnode[256];
	char ctrl[32];
	char model[64];
	char serial[32];
	char firmware[16];
	char **blockdevs;
	unsigned int nr_blockdevs;
};

/**
 * nvmetest_pci_func_get - describe one PCI function from sysfs
 * @bdf:  PCI address (short form accepted)
 * @func: output; release with nvmetest_pci_func_release()
 *
 * Reads sysfs only; works without the nvmetest module.
 *
 * Return: 0, -EINVAL for a malformed address, -ENODEV when there is no
 * such function, another negative errno for an unreadable sysfs.
 */
int nvmetest_pci_func_get(const char *bdf, struct nvmetest_pci_func *func);

/**
 * nvmetest_pci_func_release - free what nvmetest_pci_func_get() allocated
 * @func: the function description (the struct itself is not freed)
 */
void nvmetest_pci_func_release(struct nvmetest_pci_func *func);

/**
 * nvmetest_pci_scan - list every NVMe-class PCI function
 * @funcs: output array, sorted by address; free with nvmetest_pci_free()
 * @nr:    output, entries in @funcs (0 is not an error)
 *
 * Every function under /sys/bus/pci/devices whose class is
 * NVMETEST_PCI_CLASS_NVME, whatever driver it has.
 *
 * Return: 0 or a negative errno (-ENOMEM, or an unreadable sysfs).
 */
int nvmetest_pci_scan(struct nvmetest_pci_func **funcs, unsigned int *nr);

/**
 * nvmetest_pci_free - free a nvmetest_pci_scan() result
 * @funcs: array (may be NULL)
 * @nr:    entries
 */
void nvmetest_pci_free(struct nvmetest_pci_func *funcs, unsigned int nr);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_SYSFS_H */
