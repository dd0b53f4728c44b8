/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/pcicap.c: PCI capabilities over a config space buffer
 * (pure).
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_PCICAP_H
#define NVMETEST_PCICAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmetest/regs.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct nvmetest_pci_cap - one capability structure
 * @id:       capability ID (PCI_CAP_ID_* or PCI_EXT_CAP_ID_*)
 * @offset:   its offset in config space
 * @version:  extended capabilities: the version field; 0 otherwise
 * @extended: in the extended list (at 0x100 and above)
 */
struct nvmetest_pci_cap {
	uint16_t id;
	uint16_t offset;
	uint8_t version;
	bool extended;
};

/**
 * struct nvmetest_pci_cap_iter - state of a walk over both lists
 *
 * Opaque to callers: set up with nvmetest_pci_cap_iter_init().
 */
struct nvmetest_pci_cap_iter {
	const uint8_t *cfg;
	size_t len;
	uint16_t pos;
	uint8_t list;
	uint16_t count;
	uint32_t visited[4096 / 4 / 32];
};

/**
 * nvmetest_pci_cap_iter_init - start a walk of the capability lists
 * @it:  iterator
 * @cfg: config space bytes (as read from the device, little endian)
 * @len: bytes in @cfg (64, 256 or 4096 typically)
 *
 * Pure. The walk covers the standard list (from the pointer at 0x34, when
 * Status.Capabilities List is set) and then, when @len > 256, the
 * extended list (from 0x100). @cfg must stay valid during the walk.
 */
void nvmetest_pci_cap_iter_init(struct nvmetest_pci_cap_iter *it,
				const uint8_t *cfg, size_t len);

/**
 * nvmetest_pci_cap_iter_next - next capability of the walk
 * @it:  iterator
 * @cap: output
 *
 * Pure, and bounded: a buggy device cannot make it loop. A pointer seen
 * twice (a loop) ends the list with -ELOOP; a pointer outside config space
 * or below the header ends it with -ERANGE. In both cases @cap->offset is
 * the bad pointer and @cap->extended says which list; the next call goes
 * on with the extended list (after the standard one) or returns 0.
 *
 * Return: 1 with @cap filled, 0 at the end of both lists, -ELOOP or
 * -ERANGE as above.
 */
int nvmetest_pci_cap_iter_next(struct nvmetest_pci_cap_iter *it,
			       struct nvmetest_pci_cap *cap);

/**
 * nvmetest_pci_cap_find - offset of the first capability with an ID
 * @cfg:      config space bytes
 * @len:      bytes in @cfg
 * @extended: search the extended list instead of the standard one
 * @id:       capability ID
 *
 * Pure.
 *
 * Return: the offset (> 0), or -ENOENT.
 */
int nvmetest_pci_cap_find(const uint8_t *cfg, size_t len, bool extended,
			  uint16_t id);

/**
 * nvmetest_pci_cap_name - human name of a capability ID
 * @id:       ID
 * @extended: @id is an extended capability ID
 *
 * Pure.
 *
 * Return: "Power Management", "MSI-X", "Advanced Error Reporting", ...
 * or "Unknown".
 */
const char *nvmetest_pci_cap_name(uint16_t id, bool extended);

/**
 * nvmetest_pci_cap_decode - decode the key fields of a capability
 * @cfg: config space bytes
 * @len: bytes in @cfg
 * @cap: capability from the walk
 * @out: output fields
 * @max: entries in @out
 *
 * Pure. Knows PM, MSI, MSI-X, PCI Express, AER, DSN, SR-IOV, ARI, LTR
 * and L1 PM Substates; others decode to nothing. A capability that runs
 * past @len decodes to nothing.
 *
 * Return: number of fields written.
 */
unsigned int nvmetest_pci_cap_decode(const uint8_t *cfg, size_t len,
				     const struct nvmetest_pci_cap *cap,
				     struct nvmetest_field *out,
				     unsigned int max);

/**
 * struct nvmetest_pci_pm - Power Management capability
 * @version:       PMC version
 * @d1:            D1 supported
 * @d2:            D2 supported
 * @pme_support:   PMC PME_Support bits (D0, D1, D2, D3hot, D3cold)
 * @power_state:   PMCSR PowerState: 0 = D0 ... 3 = D3hot
 * @no_soft_reset: PMCSR No_Soft_Reset: D3hot->D0 keeps the function state
 * @pme_enable:    PMCSR PME_En
 * @pme_status:    PMCSR PME_Status
 */
struct nvmetest_pci_pm {
	uint8_t version;
	bool d1;
	bool d2;
	uint8_t pme_support;
	uint8_t power_state;
	bool no_soft_reset;
	bool pme_enable;
	bool pme_status;
};

/**
 * struct nvmetest_pci_msi - MSI capability
 * @enable:      MSI Enable
 * @mmc:         vectors capable (2^Multiple Message Capable)
 * @mme:         vectors enabled (2^Multiple Message Enable)
 * @addr64:      64-bit address capable
 * @per_vector_mask: per-vector masking capable
 */
struct nvmetest_pci_msi {
	bool enable;
	uint8_t mmc;
	uint8_t mme;
	bool addr64;
	bool per_vector_mask;
};

/**
 * struct nvmetest_pci_msix - MSI-X capability
 * @table_size:    vectors (Table Size + 1)
 * @enable:        MSI-X Enable
 * @function_mask: Function Mask
 * @table_bir:     BAR holding the table
 * @table_offset:  table offset in that BAR
 * @pba_bir:       BAR holding the pending bit array
 * @pba_offset:    PBA offset in that BAR
 */
struct nvmetest_pci_msix {
	uint16_t table_size;
	bool enable;
	bool function_mask;
	uint8_t table_bir;
	uint32_t table_offset;
	uint8_t pba_bir;
	uint32_t pba_offset;
};

/**
 * struct nvmetest_pci_exp - PCI Express capability
 * @version:     capability version
 * @type:        device/port type (PCI_EXP_TYPE_*)
 * @mps_cap:     Max_Payload_Size Supported, bytes
 * @mps:         Max_Payload_Size in Device Control, bytes
 * @mrrs:        Max_Read_Request_Size, bytes
 * @flr:         Function Level Reset capable
 * @link_speed_max: Max Link Speed code (1 = 2.5 GT/s, 2 = 5, 3 = 8, ...)
 * @link_width_max: Maximum Link Width (lanes)
 * @link_speed:  Current Link Speed code
 * @link_width:  Negotiated Link Width (lanes)
 */
struct nvmetest_pci_exp {
	uint8_t version;
	uint8_t type;
	uint16_t mps_cap;
	uint16_t mps;
	uint16_t mrrs;
	bool flr;
	uint8_t link_speed_max;
	uint8_t link_width_max;
	uint8_t link_speed;
	uint8_t link_width;
};

/**
 * nvmetest_pci_pm_decode - decode a Power Management capability
 * @cfg: config space bytes
 * @len: bytes in @cfg
 * @offset: the capability's offset
 * @pm: output
 *
 * Pure.
 *
 * Return: 0, -EINVAL when @offset is not a PM capability, -ERANGE when it
 * runs past @len.
 */
int nvmetest_pci_pm_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			   struct nvmetest_pci_pm *pm);

/**
 * nvmetest_pci_msi_decode - decode an MSI capability
 * @cfg: config space bytes
 * @len: bytes in @cfg
 * @offset: the capability's offset
 * @msi: output
 *
 * Pure.
 *
 * Return: 0, -EINVAL, -ERANGE as nvmetest_pci_pm_decode().
 */
int nvmetest_pci_msi_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			    struct nvmetest_pci_msi *msi);

/**
 * nvmetest_pci_msix_decode - decode an MSI-X capability
 * @cfg: config space bytes
 * @len: bytes in @cfg
 * @offset: the capability's offset
 * @msix: output
 *
 * Pure.
 *
 * Return: 0, -EINVAL, -ERANGE as nvmetest_pci_pm_decode().
 */
int nvmetest_pci_msix_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			     struct nvmetest_pci_msix *msix);

/**
 * nvmetest_pci_exp_decode - decode a PCI Express capability
 * @cfg: config space bytes
 * @len: bytes in @cfg
 * @offset: the capability's offset
 * @exp: output
 *
 * Pure.
 *
 * Return: 0, -EINVAL, -ERANGE as nvmetest_pci_pm_decode().
 */
int nvmetest_pci_exp_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			    struct nvmetest_pci_exp *exp);

/**
 * nvmetest_pci_link_speed_name - a PCIe link speed code as text
 * @code: 1 = 2.5 GT/s, 2 = 5 GT/s, 3 = 8 GT/s, 4 = 16, 5 = 32, 6 = 64
 *
 * Pure.
 *
 * Return: "8 GT/s" etc., or "unknown".
 */
const char *nvmetest_pci_link_speed_name(unsigned int code);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_PCICAP_H */
