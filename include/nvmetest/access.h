/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/access.c: register (BAR0) and PCI config space access
 * through the driver.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_ACCESS_H
#define NVMETEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include <nvmetest/dev.h>
#include <nvmetest/regs.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * nvmetest_reg_read - read a controller register (BAR0)
 * @dev:    handle
 * @offset: byte offset in BAR0, a multiple of @width
 * @width:  1, 2, 4 or 8 bytes, done as one access of that size
 * @val:    output
 *
 * Return: 0, -EINVAL for a bad width/offset (the driver checks them
 * against BAR0's length), -ENODEV when the device is gone.
 */
int nvmetest_reg_read(struct nvmetest_dev *dev, uint32_t offset,
		      unsigned int width, uint64_t *val);

/**
 * nvmetest_reg_write - write a controller register (BAR0)
 * @dev:    handle
 * @offset: byte offset in BAR0, a multiple of @width
 * @width:  1, 2, 4 or 8 bytes
 * @val:    value, must fit in @width bytes
 * @flags:  NVMETEST_RW_UNSAFE to allow writes that can make the device
 *	    DMA where the driver does not own memory (ASQ, ACQ, BPMBL,
 *	    CMBMSC, PMRMSC*, MSI-X message address/data)
 *
 * One MMIO write of @width bytes: no read-modify-write. The driver does
 * NOT keep its view of the controller in sync with what the write does
 * (writing CC.EN=0 disables the controller under the driver's feet; that
 * is the point of a test driver).
 *
 * Return: 0, -EPERM for an unsafe write without NVMETEST_RW_UNSAFE,
 * -EINVAL, -ENODEV.
 */
int nvmetest_reg_write(struct nvmetest_dev *dev, uint32_t offset,
		       unsigned int width, uint64_t val, unsigned int flags);

/**
 * nvmetest_reg_read32 - 4-byte nvmetest_reg_read()
 * @dev:    handle
 * @offset: byte offset, 4-byte aligned
 * @val:    output
 *
 * Return: as nvmetest_reg_read().
 */
int nvmetest_reg_read32(struct nvmetest_dev *dev, uint32_t offset,
			uint32_t *val);

/**
 * nvmetest_reg_read64 - 8-byte nvmetest_reg_read(), one 64-bit access
 * @dev:    handle
 * @offset: byte offset, 8-byte aligned
 * @val:    output
 *
 * Some controllers answer 64-bit registers only as two 32-bit reads; use
 * two nvmetest_reg_read32() calls (low dword first, as the Linux nvme
 * driver's lo_hi_readq) for those.
 *
 * Return: as nvmetest_reg_read().
 */
int nvmetest_reg_read64(struct nvmetest_dev *dev, uint32_t offset,
			uint64_t *val);

/**
 * nvmetest_reg_write32 - 4-byte nvmetest_reg_write()
 * @dev:    handle
 * @offset: byte offset, 4-byte aligned
 * @val:    value
 * @flags:  NVMETEST_RW_*
 *
 * Return: as nvmetest_reg_write().
 */
int nvmetest_reg_write32(struct nvmetest_dev *dev, uint32_t offset,
			 uint32_t val, unsigned int flags);

/**
 * nvmetest_reg_write64 - 8-byte nvmetest_reg_write(), one 64-bit access
 * @dev:    handle
 * @offset: byte offset, 8-byte aligned
 * @val:    value
 * @flags:  NVMETEST_RW_*
 *
 * Return: as nvmetest_reg_write().
 */
int nvmetest_reg_write64(struct nvmetest_dev *dev, uint32_t offset,
			 uint64_t val, unsigned int flags);

/**
 * nvmetest_cfg_read - read PCI config space
 * @dev:    handle
 * @offset: byte offset, a multiple of @width, below info.cfg_size
 * @width:  1, 2 or 4 bytes
 * @val:    output
 *
 * Return: 0 or a negative errno (-EINVAL, -ENODEV).
 */
int nvmetest_cfg_read(struct nvmetest_dev *dev, uint32_t offset,
		      unsigned int width, uint32_t *val);

/**
 * nvmetest_cfg_write - write PCI config space
 * @dev:    handle
 * @offset: byte offset, a multiple of @width
 * @width:  1, 2 or 4 bytes
 * @val:    value, must fit in @width bytes
 * @flags:  NVMETEST_RW_UNSAFE for BARs, the expansion ROM BAR, MSI
 *	    address/data, or turning Memory Space / Bus Master Enable
 *	    on or off
 *
 * One config write, no read-modify-write.
 *
 * Return: 0, -EPERM for an unsafe write without the flag, -EINVAL,
 * -ENODEV.
 */
int nvmetest_cfg_write(struct nvmetest_dev *dev, uint32_t offset,
		       unsigned int width, uint32_t val, unsigned int flags);

/**
 * nvmetest_cfg_read8 - 1-byte nvmetest_cfg_read()
 * @dev: handle
 * @offset: byte offset
 * @val: output
 *
 * Return: as nvmetest_cfg_read().
 */
int nvmetest_cfg_read8(struct nvmetest_dev *dev, uint32_t offset, uint8_t *val);

/**
 * nvmetest_cfg_read16 - 2-byte nvmetest_cfg_read()
 * @dev: handle
 * @offset: byte offset, 2-byte aligned
 * @val: output
 *
 * Return: as nvmetest_cfg_read().
 */
int nvmetest_cfg_read16(struct nvmetest_dev *dev, uint32_t offset,
			uint16_t *val);

/**
 * nvmetest_cfg_read32 - 4-byte nvmetest_cfg_read()
 * @dev: handle
 * @offset: byte offset, 4-byte aligned
 * @val: output
 *
 * Return: as nvmetest_cfg_read().
 */
int nvmetest_cfg_read32(struct nvmetest_dev *dev, uint32_t offset,
			uint32_t *val);

/**
 * nvmetest_cfg_read_block - copy a range of config space into a buffer
 * @dev:    handle
 * @offset: first byte
 * @buf:    output
 * @len:    bytes to read; the range must lie below info.cfg_size
 *
 * Uses 4-byte reads where aligned and byte reads at unaligned edges, so
 * a read of the whole space is cfg_size/4 ioctls. Reading config space
 * has no side effect on an NVMe function (no read-to-clear registers in
 * the capabilities it has), which is why this is safe to call blindly.
 *
 * Return: 0, -ERANGE when the range passes info.cfg_size, or an error of
 * nvmetest_cfg_read().
 */
int nvmetest_cfg_read_block(struct nvmetest_dev *dev, uint32_t offset,
			    void *buf, size_t len);

/* ---------------------------------------------------------------------- */
/* Every register at once                                                 */

/**
 * struct nvmetest_reg_value - one register as read from a controller
 * @reg:   table entry
 * @value: value read (64-bit registers as two 32-bit reads, low first)
 */
struct nvmetest_reg_value {
	const struct nvmetest_reg *reg;
	uint64_t value;
};

/**
 * nvmetest_reg_dump - read every present controller register
 * @dev: handle
 * @out: output, at least as many entries as nvmetest_reg_table() has
 * @max: entries in @out
 * @env: output, may be NULL: the values that decided presence
 *
 * Reads config space for the MSI-X Enable bit, then CAP, VS and CMBSZ,
 * then every register nvmetest_reg_is_present() accepts, each once, in
 * table order. Reads only: but reading a register has the side effects
 * the controller gives it (none that the specification defines).
 *
 * Return: number of entries written, or a negative errno.
 */
int nvmetest_reg_dump(struct nvmetest_dev *dev, struct nvmetest_reg_value *out,
		      unsigned int max, struct nvmetest_reg_env *env);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_ACCESS_H */
