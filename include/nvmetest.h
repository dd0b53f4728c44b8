/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest public API: opening /dev/nvmetestN, register and PCI config
 * space access through the driver, the NVMe controller register table and
 * its field decoders, PCI capability walking, and the sysfs side (listing
 * NVMe PCI functions, binding them to nvmetest and back).
 *
 * controller bring-up (disable, interrupts, admin queue, enable, reset,
 * shutdown), admin commands (a generic one and helpers for the common
 * ones), interrupt counters, asynchronous events and NVMe status names,
 * IO queues and namespaces, NVM commands (sync, and async over io_uring),
 * the per-queue command log, data verification, and IOWorkers (the
 * driver's IO generator threads) with fio's directions, latency
 * histograms and percentiles.
 *
 * Return convention: a value >= 0 is success or an NVMe status: 0 =
 * success, > 0 the 15-bit status field of the completion (SC, SCT, CRD,
 * More, DNR: (CQE dword 3 >> 17) & 0x7fff, as nvme-cli shows it). A value
 * < 0 is a negative errno; a command that got no completion maps its host
 * status to one (timeout -ETIMEDOUT, reset -ECANCELED, device gone -ENODEV,
 * signal -EINTR), and a read whose data failed the driver's data
 * verification (NVMETEST_HOST_VERIFY_FAILED: the CQE is valid) returns
 * -EILSEQ, and a command the device completed after moving more data or
 * metadata than the caller's buffers hold (NVMETEST_HOST_OVERRUN: the CQE
 * is valid, the excess went to the driver's sink) -EOVERFLOW.
 * nvmetest_strerror() and nvmetest_status_name() name them
 * and nvmetest_last_error() gives the context of the latest failure.
 *
 * Functions marked "pure" touch neither the device nor the filesystem and
 * are safe from any thread.
 */
#ifndef NVMETEST_H
#define NVMETEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/nvmetest.h>
#include <nvme/types.h>	/* wire formats: struct nvme_id_ctrl, ... */

#ifdef __cplusplus
extern "C" {
#endif

/* Room for a PCI address "dddd:bb:dd.f" including VMD's 5+ digit domains. */
#define NVMETEST_BDF_LEN	32

/* ---------------------------------------------------------------------- */
/* Errors                                                                  */

/**
 * nvmetest_strerror - describe a libnvmetest return value
 * @err: a value returned by a libnvmetest function (negative errno)
 *
 * Pure. nvmetest-specific meanings take precedence over the errno text:
 * -EPROTO is an ABI mismatch between library and driver, -ENODEV a device
 * that is gone or not bound to nvmetest, -ENOTTY a file that is not an
 * nvmetest device.
 *
 * Return: a static string; never NULL.
 */
const char *nvmetest_strerror(int err);

/**
 * nvmetest_last_error - context of the latest failure in this thread
 *
 * Functions that fail with a reason worth more than the errno (which
 * block device is mounted, which ABI version the driver has, ...) leave a
 * one-line message here; so do the command functions when the controller
 * answers with an NVMe status (> 0): device, command, CID and status.
 * Every public function that can fail clears it on entry, so it is only
 * meaningful right after a call returned non-zero.
 *
 * Return: the message (thread-local storage), or NULL when the latest
 * failure left no detail.
 */
const char *nvmetest_last_error(void);

/* ---------------------------------------------------------------------- */
/* Names and PCI addresses                                                 */

/**
 * nvmetest_bdf_parse - parse and canonicalise a PCI address
 * @s:   "dddd:bb:dd.f" or the short "bb:dd.f" (domain 0000)
 * @bdf: output, NVMETEST_BDF_LEN bytes, "dddd:bb:dd.f" in lowercase hex
 *
 * Pure. Rejects out-of-range device (> 0x1f) or function (> 7) numbers and
 * trailing characters.
 *
 * Return: 0, or -EINVAL when @s is not a PCI address.
 */
int nvmetest_bdf_parse(const char *s, char *bdf);

/**
 * nvmetest_resolve - find the /dev node of an nvmetest device
 * @name: "/dev/nvmetestN" (any path is taken as is), "nvmetestN", or a
 *	  PCI address of a function bound to nvmetest
 * @path: output buffer for the node's path
 * @len:  size of @path
 *
 * Reads sysfs for a PCI address (the nvmetest class device under the PCI
 * function, else a scan of the nvmetest class); does not open anything.
 *
 * Return: 0, -ENODEV when a PCI address is not bound to nvmetest (with a
 * hint in nvmetest_last_error()), -EINVAL for a malformed name,
 * -ENAMETOOLONG when @path is too small.
 */
int nvmetest_resolve(const char *name, char *path, size_t len);

/* ---------------------------------------------------------------------- */
/* Device handle                                                           */

struct nvmetest_dev;

/**
 * nvmetest_open - open an nvmetest device
 * @name: as for nvmetest_resolve()
 * @devp: output, the new handle
 *
 * Opens the node O_RDWR | O_CLOEXEC (the driver wants CAP_SYS_ADMIN),
 * issues NVMETEST_IOC_INFO and caches the result. Does not touch the
 * controller beyond what INFO reads (CAP and VS).
 *
 * Return: 0; -EPROTO when the driver's ABI major differs from the
 * library's NVMETEST_ABI_MAJOR; -ENOTTY when @name is not an nvmetest
 * device; another negative errno from open() or the ioctl.
 */
int nvmetest_open(const char *name, struct nvmetest_dev **devp);

/**
 * nvmetest_close - close a handle and free it
 * @dev: handle from nvmetest_open(), or NULL
 *
 * Resources the driver tied to this file are torn down by the driver
 * when the last reference to the file goes.
 */
void nvmetest_close(struct nvmetest_dev *dev);

/**
 * nvmetest_fd - the file descriptor behind a handle
 * @dev: handle
 *
 * For ioctls the library does not wrap. The handle keeps ownership: do
 * not close it.
 *
 * Return: the descriptor.
 */
int nvmetest_fd(const struct nvmetest_dev *dev);

/**
 * nvmetest_path - the /dev path a handle was opened from
 * @dev: handle
 *
 * Return: the path, valid until nvmetest_close().
 */
const char *nvmetest_path(const struct nvmetest_dev *dev);

/**
 * nvmetest_get_info - the INFO result cached at open (or at the latest
 *		       nvmetest_info() call)
 * @dev: handle
 *
 * No ioctl: CAP, VS and state are as of that call.
 *
 * Return: pointer into the handle, valid until nvmetest_close().
 */
const struct nvmetest_info *nvmetest_get_info(const struct nvmetest_dev *dev);

/**
 * nvmetest_info - issue NVMETEST_IOC_INFO now
 * @dev:  handle
 * @info: output, may be NULL when only the cache should be refreshed
 *
 * Side effect: refreshes the cache nvmetest_get_info() returns.
 *
 * Return: 0 or a negative errno (-ENODEV once the device was removed).
 */
int nvmetest_info(struct nvmetest_dev *dev, struct nvmetest_info *info);

/**
 * nvmetest_state_name - name of an enum nvmetest_ctrl_state value
 * @state: struct nvmetest_info.state
 *
 * Pure.
 *
 * Return: "bound", "dead", "disabled", "adminq", "enabled", "shutdown",
 * "failed" or "unknown".
 */
const char *nvmetest_state_name(uint32_t state);

/* ---------------------------------------------------------------------- */
/* Register (BAR0) and PCI config space access                             */

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
/* NVMe controller registers: the table and field decoders (pure)          */

/**
 * enum nvmetest_field_fmt - how a register or capability field reads
 * @NVMETEST_FMT_HEX:	   a raw number, shown in hex
 * @NVMETEST_FMT_DEC:	   a raw number, shown in decimal
 * @NVMETEST_FMT_BOOL:	   one bit, "yes"/"no"
 * @NVMETEST_FMT_ZEROBASED: a 0's based count (value + 1 of @unit)
 * @NVMETEST_FMT_500MS:	   a time in 500 ms units
 * @NVMETEST_FMT_MPS:	   a memory page size, 2^(12 + value) bytes
 * @NVMETEST_FMT_POW2:	   a size, 2^value bytes
 * @NVMETEST_FMT_DSTRD:	   a doorbell stride, 2^(2 + value) bytes
 * @NVMETEST_FMT_ENUM:	   a code named by @names[value]
 * @NVMETEST_FMT_BITS:	   a bit set, bit n named by @names[n]
 * @NVMETEST_FMT_ADDR:	   an address whose low bits are implied zero:
 *			   value << shift
 * @NVMETEST_FMT_4K:	   a size in 4 KiB units
 * @NVMETEST_FMT_128K:	   a size in 128 KiB units
 * @NVMETEST_FMT_CMBSZ:	   CMBSZ.SZ in the units of CMBSZ.SZU
 * @NVMETEST_FMT_SCALED:   value * 2^(10 * bits 3:0 of the register), the
 *			   encoding of the *EBS and *SWTP registers
 * @NVMETEST_FMT_PMRTO:	   PMRCAP.PMRTO in the units of PMRCAP.PMRTU
 */
enum nvmetest_field_fmt {
	NVMETEST_FMT_HEX,
	NVMETEST_FMT_DEC,
	NVMETEST_FMT_BOOL,
	NVMETEST_FMT_ZEROBASED,
	NVMETEST_FMT_500MS,
	NVMETEST_FMT_MPS,
	NVMETEST_FMT_POW2,
	NVMETEST_FMT_DSTRD,
	NVMETEST_FMT_ENUM,
	NVMETEST_FMT_BITS,
	NVMETEST_FMT_ADDR,
	NVMETEST_FMT_4K,
	NVMETEST_FMT_128K,
	NVMETEST_FMT_CMBSZ,
	NVMETEST_FMT_SCALED,
	NVMETEST_FMT_PMRTO,
};

/**
 * struct nvmetest_reg_field - one field of a controller register
 * @name:     the NVMe base specification's mnemonic, lowercase ("mqes")
 * @desc:     the specification's name ("Maximum Queue Entries Supported")
 * @shift:    position of the field's least significant bit
 * @mask:     mask of the field after shifting right by @shift
 * @fmt:      how the value reads
 * @unit:     unit word for counts ("entries"), or NULL
 * @names:    value names (NVMETEST_FMT_ENUM) or bit names
 *	      (NVMETEST_FMT_BITS); NULL entries are reserved values
 * @nr_names: entries in @names
 */
struct nvmetest_reg_field {
	const char *name;
	const char *desc;
	uint8_t shift;
	uint64_t mask;
	enum nvmetest_field_fmt fmt;
	const char *unit;
	const char *const *names;
	unsigned int nr_names;
};

/*
 * struct nvmetest_reg.presence: when a register exists, so that show-regs
 * reads only what the controller says it has.
 */
enum nvmetest_reg_presence {
	NVMETEST_REG_ALWAYS,	/* defined since NVMe 1.0 */
	NVMETEST_REG_INTM,	/* INTMS/INTMC: not while MSI-X is enabled */
	NVMETEST_REG_NSSR,	/* CAP.NSSRS */
	NVMETEST_REG_CMB,	/* CAP.CMBS or CMBSZ != 0 */
	NVMETEST_REG_BP,	/* CAP.BPS */
	NVMETEST_REG_NSSD,	/* CAP.NSSS */
	NVMETEST_REG_CRTO,	/* CAP.CRMS != 0 or VS >= 2.0 */
	NVMETEST_REG_PMR,	/* CAP.PMRS */
};

/**
 * struct nvmetest_reg - one controller register
 * @name:      mnemonic, lowercase ("cap")
 * @desc:      the specification's name ("Controller Capabilities")
 * @offset:    byte offset in BAR0
 * @width:     4 or 8 bytes
 * @presence:  enum nvmetest_reg_presence
 * @unsafe:    writing it needs NVMETEST_RW_UNSAFE (it makes the device DMA)
 * @fields:    its fields, least significant first
 * @nr_fields: entries in @fields
 */
struct nvmetest_reg {
	const char *name;
	const char *desc;
	uint32_t offset;
	uint8_t width;
	uint8_t presence;
	bool unsafe;
	const struct nvmetest_reg_field *fields;
	unsigned int nr_fields;
};

/**
 * struct nvmetest_field - a decoded field, for display
 * @name:  mnemonic ("mqes", "power_state")
 * @desc:  long name
 * @msb:   most significant bit of the field in its register (register
 *	   fields; 0 for capability fields)
 * @lsb:   least significant bit (register fields; 0 for capability fields)
 * @value: raw value of the field (already shifted down)
 * @text:  what the value means ("2048 entries", "20000 ms", "D0")
 */
struct nvmetest_field {
	const char *name;
	const char *desc;
	uint8_t msb;
	uint8_t lsb;
	uint64_t value;
	char text[96];
};

/**
 * nvmetest_reg_table - all controller registers the library knows
 * @nr: output, number of entries
 *
 * Pure. Ordered by offset: CAP, VS, INTMS, INTMC, CC, CSTS, NSSR, AQA,
 * ASQ, ACQ, CMBLOC, CMBSZ, BPINFO, BPRSEL, BPMBL, CMBMSC, CMBSTS, CMBEBS,
 * CMBSWTP, NSSD, CRTO, PMRCAP, PMRCTL, PMRSTS, PMREBS, PMRSWTP, PMRMSCL,
 * PMRMSCU (NVMe base specification 2.0).
 *
 * Return: the table (static storage).
 */
const struct nvmetest_reg *nvmetest_reg_table(unsigned int *nr);

/**
 * nvmetest_reg_find - look a register up by mnemonic
 * @name: "cc", "CC", ... (case-insensitive)
 *
 * Pure.
 *
 * Return: the entry or NULL.
 */
const struct nvmetest_reg *nvmetest_reg_find(const char *name);

/**
 * nvmetest_reg_find_offset - look a register up by its offset
 * @offset: byte offset in BAR0 (the register's first byte)
 *
 * Pure.
 *
 * Return: the entry or NULL.
 */
const struct nvmetest_reg *nvmetest_reg_find_offset(uint32_t offset);

/**
 * nvmetest_reg_field_find - look a field of a register up by mnemonic
 * @reg:  register
 * @name: "mqes" (case-insensitive)
 *
 * Pure.
 *
 * Return: the field or NULL.
 */
const struct nvmetest_reg_field *
nvmetest_reg_field_find(const struct nvmetest_reg *reg, const char *name);

/**
 * nvmetest_reg_field_get - extract a field from a register value
 * @field: field
 * @regval: the whole register's value
 *
 * Pure.
 *
 * Return: the field's raw value.
 */
uint64_t nvmetest_reg_field_get(const struct nvmetest_reg_field *field,
				uint64_t regval);

/**
 * nvmetest_reg_decode - decode every field of a register value
 * @reg:    register
 * @regval: its value
 * @out:    output array, one entry per field
 * @max:    entries in @out
 *
 * Pure. Fields that do not fit in @out are dropped.
 *
 * Return: number of fields written.
 */
unsigned int nvmetest_reg_decode(const struct nvmetest_reg *reg,
				 uint64_t regval, struct nvmetest_field *out,
				 unsigned int max);

/**
 * struct nvmetest_reg_env - what decides which registers exist
 * @bar0_len:     BAR0 length (from INFO)
 * @cap:          CAP
 * @vs:           VS
 * @cmbsz:        CMBSZ (0 when not read)
 * @msix_enabled: MSI-X Enable in the function's MSI-X capability
 */
struct nvmetest_reg_env {
	uint64_t bar0_len;
	uint64_t cap;
	uint32_t vs;
	uint32_t cmbsz;
	bool msix_enabled;
};

/**
 * nvmetest_reg_is_present - whether a register should be read
 * @reg: register
 * @env: the controller's CAP/VS/CMBSZ, BAR0 length and MSI-X state
 *
 * Pure. A register is present when it lies inside BAR0 and its feature
 * bit says so (see enum nvmetest_reg_presence). INTMS/INTMC are "absent"
 * while MSI-X is enabled because the specification leaves accesses to them
 * undefined then.
 *
 * Return: true when reading @reg is meaningful and safe.
 */
bool nvmetest_reg_is_present(const struct nvmetest_reg *reg,
			     const struct nvmetest_reg_env *env);

/**
 * nvmetest_cap_timeout_ms - CAP.TO in milliseconds
 * @cap: CAP
 *
 * Pure.
 *
 * Return: the worst-case time to wait for CSTS.RDY to change.
 */
uint32_t nvmetest_cap_timeout_ms(uint64_t cap);

/**
 * nvmetest_cap_mqes - CAP.MQES as a number of entries (1's based)
 * @cap: CAP
 *
 * Pure.
 *
 * Return: maximum entries of an IO queue.
 */
uint32_t nvmetest_cap_mqes(uint64_t cap);

/**
 * nvmetest_cap_dstrd_bytes - doorbell stride in bytes, 4 << CAP.DSTRD
 * @cap: CAP
 *
 * Pure.
 *
 * Return: stride between doorbell registers.
 */
uint32_t nvmetest_cap_dstrd_bytes(uint64_t cap);

/**
 * nvmetest_cap_mps_min - CAP.MPSMIN in bytes
 * @cap: CAP
 *
 * Pure.
 *
 * Return: 2^(12 + MPSMIN).
 */
uint64_t nvmetest_cap_mps_min(uint64_t cap);

/**
 * nvmetest_cap_mps_max - CAP.MPSMAX in bytes
 * @cap: CAP
 *
 * Pure.
 *
 * Return: 2^(12 + MPSMAX).
 */
uint64_t nvmetest_cap_mps_max(uint64_t cap);

/**
 * nvmetest_cc_mps - CC.MPS in bytes
 * @cc: CC
 *
 * Pure.
 *
 * Return: 2^(12 + MPS).
 */
uint64_t nvmetest_cc_mps(uint32_t cc);

/**
 * nvmetest_vs_str - format a VS value as "major.minor.tertiary"
 * @vs:  VS
 * @buf: output
 * @len: size of @buf (16 is always enough)
 *
 * Pure.
 *
 * Return: @buf.
 */
char *nvmetest_vs_str(uint32_t vs, char *buf, size_t len);

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

/* ---------------------------------------------------------------------- */
/* PCI capabilities over a config space buffer (pure)                      */

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

/* ---------------------------------------------------------------------- */
/* sysfs: NVMe PCI functions, bind and unbind                               */

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

/* nvmetest_bind() flags */
#define NVMETEST_BIND_FORCE	(1U << 0)	/* skip the in-use and class checks */

/**
 * nvmetest_bind - hand a PCI function to nvmetest
 * @bdf:   PCI address (short form accepted)
 * @flags: NVMETEST_BIND_*
 *
 * Unless NVMETEST_BIND_FORCE, refuses a function whose class is not NVMe
 * or any of whose block devices (or their partitions) is mounted, used as
 * swap or held by another device (device mapper, md, ...). Then writes
 * "nvmetest" to its driver_override, unbinds the current driver, writes
 * the address to /sys/bus/pci/drivers_probe and waits up to 5 s for the
 * nvmetest class device; when the /dev node is missing (no devtmpfs and
 * no udev) it creates it with mknod, mode 0600. When nvmetest does not
 * take the function, driver_override is cleared and the function is
 * offered back to the other drivers. Already bound to nvmetest: nothing
 * is written.
 *
 * Destructive: every user of the in-tree driver's block devices loses
 * them.
 *
 * Return: N of /dev/nvmetestN (>= 0); -EBUSY when in use (the reason in
 * nvmetest_last_error()); -ENOENT when the nvmetest module is not loaded;
 * -ENODEV when there is no such function; -EINVAL for a malformed address
 * or a non-NVMe function; -EIO when nvmetest did not bind it (see the
 * kernel log); another negative errno from sysfs.
 */
int nvmetest_bind(const char *bdf, unsigned int flags);

/**
 * nvmetest_unbind - give a PCI function back from nvmetest
 * @bdf: PCI address (short form accepted)
 *
 * Unbinds it from nvmetest (when bound there), clears driver_override and
 * writes the address to /sys/bus/pci/drivers_probe so that the in-tree
 * nvme driver, when loaded, takes it back. Open /dev/nvmetestN files see
 * -ENODEV from then on.
 *
 * Return: 0; -EINVAL when it is bound to another driver; -ENODEV when
 * there is no such function; another negative errno from sysfs.
 */
int nvmetest_unbind(const char *bdf);

/* ---------------------------------------------------------------------- */
/* Controller bring-up                                                     */

/*
 * Each step is one driver ioctl; the driver checks the state it needs
 * (enum nvmetest_ctrl_state) and answers -EBUSY or -ENXIO otherwise. Every
 * step refreshes the INFO cache of nvmetest_get_info() on success and on
 * failure (the state, CC, CSTS and max_xfer it reports change).
 */

/**
 * nvmetest_irq_mode_name - name of an enum nvmetest_irq_mode value
 * @mode: NVMETEST_IRQ_*
 *
 * Pure.
 *
 * Return: "none", "intx", "msi", "msix" or "unknown".
 */
const char *nvmetest_irq_mode_name(uint32_t mode);

/**
 * nvmetest_irq_mode_parse - the enum nvmetest_irq_mode of a name
 * @s:    "none", "intx", "msi" or "msix"
 * @mode: output
 *
 * Pure.
 *
 * Return: 0, or -EINVAL for another name.
 */
int nvmetest_irq_mode_parse(const char *s, uint32_t *mode);

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

/* ---------------------------------------------------------------------- */
/* Commands                                                                */

/**
 * struct nvmetest_cqe - a completion queue entry, decoded
 * @result: dword 0, command specific (Get Features' value, ...)
 * @dw1:    dword 1, command specific
 * @sqhd:   SQ head pointer
 * @sqid:   SQ identifier
 * @cid:    command identifier
 * @status: the 15-bit status field (phase tag removed), as the return
 *	    value of the command functions
 * @phase:  the phase tag
 */
struct nvmetest_cqe {
	uint32_t result;
	uint32_t dw1;
	uint16_t sqhd;
	uint16_t sqid;
	uint16_t cid;
	uint16_t status;
	bool phase;
};

/**
 * struct nvmetest_sqe - a submission queue entry, decoded
 * @dw:     its 16 dwords in host order: dw[2], dw[3] and dw[10]..dw[15]
 *	    are CDW2, CDW3 and CDW10-15
 * @opcode: CDW0 bits 7:0
 * @fuse:   CDW0 bits 9:8, fused operation
 * @psdt:   CDW0 bits 15:14: 0 when @prp1 and @prp2 are PRP entries, else
 *	    they are the two halves of an SGL descriptor
 * @cid:    CDW0 bits 31:16, command identifier
 * @nsid:   dword 1, namespace identifier
 * @mptr:   dwords 5:4, metadata pointer
 * @prp1:   dwords 7:6, the first half of DPTR
 * @prp2:   dwords 9:8, the second half of DPTR
 */
struct nvmetest_sqe {
	uint32_t dw[16];
	uint8_t opcode;
	uint8_t fuse;
	uint8_t psdt;
	uint16_t cid;
	uint32_t nsid;
	uint64_t mptr;
	uint64_t prp1;
	uint64_t prp2;
};

/**
 * nvmetest_sqe_decode - decode the 64 wire bytes of an SQE
 * @raw: e.g. struct nvmetest_cmdlog_entry.sqe
 * @sqe: output
 *
 * Pure.
 */
void nvmetest_sqe_decode(const uint8_t raw[64], struct nvmetest_sqe *sqe);

/**
 * nvmetest_cqe_decode - decode the 16 wire bytes of a CQE
 * @raw: struct nvmetest_cmd.cqe
 * @cqe: output
 *
 * Pure.
 */
void nvmetest_cqe_decode(const uint8_t raw[16], struct nvmetest_cqe *cqe);

/**
 * struct nvmetest_cmd_args - one command, for nvmetest_admin_cmd(),
 *			       nvmetest_io_cmd() and nvmetest_ring_submit()
 * @sqe:        64 bytes to send as is (little endian), or NULL to build
 *		the SQE from @opcode ... @cdw15
 * @opcode:     CDW0 opcode
 * @flags:      CDW0 bits 15:8 (FUSE; PSDT is the driver's)
 * @qid:        submission queue: 0 = admin. nvmetest_admin_cmd() ignores
 *		it (always queue 0); nvmetest_io_cmd() and the ring use it
 * @nsid:       namespace identifier
 * @cdw2:       command dword 2
 * @cdw3:       command dword 3
 * @cdw10:      command dword 10
 * @cdw11:      command dword 11
 * @cdw12:      command dword 12
 * @cdw13:      command dword 13
 * @cdw14:      command dword 14
 * @cdw15:      command dword 15
 * @data:       data buffer (dword aligned), or NULL
 * @data_len:   bytes of @data, at most info.max_xfer
 * @meta:       metadata buffer, or NULL
 * @meta_len:   bytes of @meta, at most 4096
 * @timeout_ms: 0 = the driver's admin_timeout_ms
 * @cmd_flags:  NVMETEST_CMD_* (NO_TIMEOUT, WAIT_SLOT)
 * @result:     output, may be NULL: CQE dword 0
 * @cqe:        output, may be NULL: the whole CQE
 * @latency_ns: output, may be NULL: doorbell to completion
 *
 * The driver sets CID, PSDT, DPTR and MPTR; the data direction follows
 * the opcode's low two bits.
 */
struct nvmetest_cmd_args {
	const void *sqe;
	uint8_t opcode;
	uint8_t flags;
	uint16_t qid;
	uint32_t nsid;
	uint32_t cdw2;
	uint32_t cdw3;
	uint32_t cdw10;
	uint32_t cdw11;
	uint32_t cdw12;
	uint32_t cdw13;
	uint32_t cdw14;
	uint32_t cdw15;
	void *data;
	uint32_t data_len;
	void *meta;
	uint32_t meta_len;
	uint32_t timeout_ms;
	uint32_t cmd_flags;
	uint32_t *result;
	struct nvmetest_cqe *cqe;
	uint64_t *latency_ns;
};

/**
 * nvmetest_sqe_build - the 64-byte SQE of a struct nvmetest_cmd_args
 * @args: opcode, flags, nsid and command dwords (@args->sqe is ignored)
 * @sqe:  output, little endian; CID, DPTR and MPTR are zero
 *
 * Pure.
 */
void nvmetest_sqe_build(const struct nvmetest_cmd_args *args, uint8_t sqe[64]);

/**
 * nvmetest_cmd - NVMETEST_IOC_CMD: send one command and wait for it
 * @dev: handle
 * @cmd: the ABI structure, in and out (see include/uapi/linux/nvmetest.h)
 *
 * For any queue (@cmd->qid). The ioctl fails only when the command could
 * not be submitted; a submitted one fills @cmd->host_status, and the CQE
 * when it completed.
 *
 * Return: the CQE status (0 = success, > 0 the NVMe status); or a
 * negative errno: of the ioctl (-EINVAL, -EFAULT, -EBUSY queue full,
 * -EPERM for an opcode that needs a driver ioctl, -ENXIO when not enabled,
 * -ENODEV), or of the host status (-ETIMEDOUT, -ECANCELED, -ENODEV,
 * -EINTR).
 */
int nvmetest_cmd(struct nvmetest_dev *dev, struct nvmetest_cmd *cmd);

/**
 * nvmetest_admin_cmd - send one admin command and wait for it
 * @dev:  handle
 * @args: the command and its buffers
 *
 * Builds the SQE (unless @args->sqe), issues nvmetest_cmd() on queue 0
 * and copies out result, CQE and latency.
 *
 * Return: as nvmetest_cmd().
 */
int nvmetest_admin_cmd(struct nvmetest_dev *dev,
		       const struct nvmetest_cmd_args *args);

/* ---------------------------------------------------------------------- */
/* Admin command helpers                                                   */

/*
 * All return as nvmetest_cmd(): 0, the NVMe status (> 0) or a negative
 * errno. Opcodes, CNS values, log page and feature identifiers are
 * libnvme's enums (<nvme/types.h>: nvme_admin_identify, NVME_ID_CNS_*,
 * NVME_LOG_LID_*, NVME_FEAT_FID_*). @timeout_ms 0 is the driver's default.
 */

/**
 * struct nvmetest_identify_args - Identify (CDW10, CDW11, CDW14)
 * @cns:        Controller or Namespace Structure (NVME_IDENTIFY_CNS_*)
 * @csi:        Command Set Identifier (NVME_CSI_*)
 * @nsid:       namespace identifier
 * @cntid:      controller identifier (CNS 0x12, 0x13, ...)
 * @cnssid:     CNS specific identifier (NVM Set ID, Endurance Group, ...)
 * @uuidx:      UUID index
 * @data:       4096 bytes (NVME_IDENTIFY_DATA_SIZE)
 * @timeout_ms: 0 = default
 * @result:     output, may be NULL: CQE dword 0
 */
struct nvmetest_identify_args {
	uint8_t cns;
	uint8_t csi;
	uint32_t nsid;
	uint16_t cntid;
	uint16_t cnssid;
	uint8_t uuidx;
	void *data;
	uint32_t timeout_ms;
	uint32_t *result;
};

/**
 * nvmetest_identify - any Identify command, 4096 bytes of data
 * @dev:  handle
 * @args: the fields
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_identify(struct nvmetest_dev *dev,
		      const struct nvmetest_identify_args *args);

/**
 * nvmetest_identify_ctrl - Identify Controller (CNS 01h)
 * @dev: handle
 * @id:  output
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_identify_ctrl(struct nvmetest_dev *dev, struct nvme_id_ctrl *id);

/**
 * nvmetest_identify_ns - Identify Namespace (CNS 00h)
 * @dev:  handle
 * @nsid: namespace (0xffffffff: the common capabilities)
 * @ns:   output
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_identify_ns(struct nvmetest_dev *dev, uint32_t nsid,
			 struct nvme_id_ns *ns);

/**
 * nvmetest_identify_active_ns_list - Active Namespace ID list (CNS 02h)
 * @dev:  handle
 * @nsid: list the active namespaces above this one (0: from the first)
 * @list: output, up to 1024 ids, zero terminated
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_identify_active_ns_list(struct nvmetest_dev *dev, uint32_t nsid,
				     struct nvme_ns_list *list);

/**
 * nvmetest_identify_ns_descs - Namespace Identification Descriptor list
 *				(CNS 03h)
 * @dev:   handle
 * @nsid:  namespace
 * @descs: output, 4096 bytes (NVME_IDENTIFY_DATA_SIZE)
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_identify_ns_descs(struct nvmetest_dev *dev, uint32_t nsid,
			       struct nvme_ns_id_desc *descs);

/**
 * struct nvmetest_log_args - Get Log Page
 * @lid:        log page identifier (NVME_LOG_LID_*)
 * @lsp:        log specific field (7 bits)
 * @lsi:        log specific identifier
 * @rae:        retain asynchronous event
 * @ot:         offset type: @lpo is an index, not a byte offset
 * @csi:        command set identifier
 * @uuidx:      UUID index
 * @nsid:       namespace identifier (0xffffffff: controller wide)
 * @lpo:        log page offset of the first byte (dword aligned)
 * @data:       output buffer
 * @len:        bytes to read: a multiple of 4, at least 4
 * @xfer:       bytes per command; 0 = info.max_xfer
 * @timeout_ms: per command; 0 = default
 */
struct nvmetest_log_args {
	uint8_t lid;
	uint8_t lsp;
	uint16_t lsi;
	bool rae;
	bool ot;
	uint8_t csi;
	uint8_t uuidx;
	uint32_t nsid;
	uint64_t lpo;
	void *data;
	uint32_t len;
	uint32_t xfer;
	uint32_t timeout_ms;
};

/**
 * nvmetest_log_chunks - how Get Log Page splits a read
 * @len:   bytes to read
 * @xfer:  the largest transfer of one command
 * @chunk: output: bytes per command (the last one may be shorter)
 *
 * Pure. The chunk is @xfer rounded down to a dword multiple (NUMD counts
 * dwords), at least 4.
 *
 * Return: the number of commands, 0 for @len 0, -EINVAL when @len is not
 * a dword multiple or @xfer < 4.
 */
int nvmetest_log_chunks(uint32_t len, uint32_t xfer, uint32_t *chunk);

/**
 * nvmetest_get_log - Get Log Page, split into commands of @args->xfer
 * @dev:  handle
 * @args: the fields and the buffer
 *
 * Every command but the last has RAE set, so that reading a log in pieces
 * does not clear an event before the whole log is read (as libnvme does);
 * the last one has @args->rae. Stops at the first failing command.
 *
 * Return: 0, NVMe status, -errno (-EINVAL for a bad length).
 */
int nvmetest_get_log(struct nvmetest_dev *dev,
		     const struct nvmetest_log_args *args);

/**
 * nvmetest_get_log_simple - a whole controller-wide log page, RAE clear
 * @dev:  handle
 * @lid:  log page identifier
 * @data: output
 * @len:  bytes, a multiple of 4
 *
 * NSID 0xffffffff, offset 0, LSP 0.
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_get_log_simple(struct nvmetest_dev *dev, uint8_t lid, void *data,
			    uint32_t len);

/**
 * struct nvmetest_feat_args - Get Features and Set Features
 * @fid:        feature identifier (NVME_FEAT_FID_*)
 * @sel:        Get Features select: 0 current, 1 default, 2 saved,
 *		3 supported capabilities (NVME_GET_FEATURES_SEL_*)
 * @sv:         Set Features save
 * @uuidx:      UUID index (CDW14)
 * @nsid:       namespace identifier
 * @cdw11:      feature specific (the value for Set Features)
 * @cdw12:      feature specific
 * @cdw13:      feature specific
 * @cdw15:      feature specific
 * @data:       feature data buffer, or NULL
 * @data_len:   bytes of @data
 * @timeout_ms: 0 = default
 * @result:     output, may be NULL: CQE dword 0 (Get Features: the value)
 */
struct nvmetest_feat_args {
	uint8_t fid;
	uint8_t sel;
	bool sv;
	uint8_t uuidx;
	uint32_t nsid;
	uint32_t cdw11;
	uint32_t cdw12;
	uint32_t cdw13;
	uint32_t cdw15;
	void *data;
	uint32_t data_len;
	uint32_t timeout_ms;
	uint32_t *result;
};

/**
 * nvmetest_get_features - Get Features
 * @dev:  handle
 * @args: the fields (@sv is ignored)
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_get_features(struct nvmetest_dev *dev,
			  const struct nvmetest_feat_args *args);

/**
 * nvmetest_set_features - Set Features
 * @dev:  handle
 * @args: the fields (@sel is ignored)
 *
 * Changes the controller's behaviour (that is the point): features the
 * driver relies on (Number of Queues, Asynchronous Event Configuration,
 * Interrupt Coalescing) are not guarded.
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_set_features(struct nvmetest_dev *dev,
			  const struct nvmetest_feat_args *args);

/**
 * struct nvmetest_format_args - Format NVM
 * @nsid:       namespace (0xffffffff: all)
 * @lbaf:       LBA format index, 0..63 (LBAFL and LBAFU)
 * @mset:       metadata settings: 1 = extended LBA
 * @pi:         protection information type, 0..7
 * @pil:        protection information location: 1 = first bytes
 * @ses:        secure erase settings: 0 none, 1 user data, 2 crypto
 * @timeout_ms: 0 = default (a format can take long: give one)
 */
struct nvmetest_format_args {
	uint32_t nsid;
	uint8_t lbaf;
	uint8_t mset;
	uint8_t pi;
	uint8_t pil;
	uint8_t ses;
	uint32_t timeout_ms;
};

/**
 * nvmetest_format - Format NVM
 * @dev:  handle
 * @args: the fields
 *
 * Destroys the data of the namespace(s).
 *
 * Return: 0, NVMe status, -errno (-EINVAL for a field out of range).
 */
int nvmetest_format(struct nvmetest_dev *dev,
		    const struct nvmetest_format_args *args);

/**
 * struct nvmetest_sanitize_args - Sanitize
 * @sanact:     action: 1 exit failure mode, 2 block erase, 3 overwrite,
 *		4 crypto erase
 * @ause:       allow unrestricted sanitize exit
 * @owpass:     overwrite pass count, 0..15 (0 means 16)
 * @oipbp:      overwrite invert pattern between passes
 * @ndas:       no deallocate after sanitize
 * @ovrpat:     overwrite pattern (CDW11)
 * @timeout_ms: 0 = default
 */
struct nvmetest_sanitize_args {
	uint8_t sanact;
	bool ause;
	uint8_t owpass;
	bool oipbp;
	bool ndas;
	uint32_t ovrpat;
	uint32_t timeout_ms;
};

/**
 * nvmetest_sanitize - Sanitize (starts it; progress is in log page 81h)
 * @dev:  handle
 * @args: the fields
 *
 * Destroys the data of every namespace.
 *
 * Return: 0, NVMe status, -errno (-EINVAL for a field out of range).
 */
int nvmetest_sanitize(struct nvmetest_dev *dev,
		      const struct nvmetest_sanitize_args *args);

/**
 * nvmetest_fw_download - Firmware Image Download, in pieces
 * @dev:        handle
 * @image:      the image (or a part of it)
 * @len:        bytes, a multiple of 4
 * @offset:     byte offset of @image in the whole image, dword aligned
 * @xfer:       bytes per command; 0 = info.max_xfer (rounded down to a
 *		dword multiple)
 * @timeout_ms: per command; 0 = default
 *
 * Stops at the first failing command.
 *
 * Return: 0, NVMe status, -errno (-EINVAL for unaligned @len/@offset).
 */
int nvmetest_fw_download(struct nvmetest_dev *dev, const void *image,
			 uint32_t len, uint32_t offset, uint32_t xfer,
			 uint32_t timeout_ms);

/**
 * nvmetest_fw_commit - Firmware Commit
 * @dev:    handle
 * @slot:   firmware slot, 0..7 (0: the controller chooses)
 * @action: commit action, 0..7 (NVME_FW_COMMIT_CA_*)
 * @bpid:   boot partition id, 0 or 1
 * @result: output, may be NULL: CQE dword 0
 *
 * Return: 0, NVMe status (FW_NEEDS_CONV_RESET, ... are statuses that mean
 * the image is committed), -errno.
 */
int nvmetest_fw_commit(struct nvmetest_dev *dev, uint8_t slot, uint8_t action,
		       uint8_t bpid, uint32_t *result);

/**
 * nvmetest_dev_self_test - Device Self-test
 * @dev:  handle
 * @nsid: namespace (0: none, 0xffffffff: all)
 * @stc:  self-test code: 1 short, 2 extended, 0xe vendor, 0xf abort
 *
 * Starts the test; its progress is in log page 06h.
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_dev_self_test(struct nvmetest_dev *dev, uint32_t nsid,
			   uint8_t stc);

/**
 * nvmetest_abort - Abort a command
 * @dev:    handle
 * @sqid:   submission queue of the command
 * @cid:    its command identifier (struct nvmetest_cmd.cid)
 * @result: output, may be NULL: bit 0 set = the command was NOT aborted
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_abort(struct nvmetest_dev *dev, uint16_t sqid, uint16_t cid,
		   uint32_t *result);

/**
 * nvmetest_ns_create - Namespace Management, create
 * @dev:  handle
 * @ns:   the host software specified fields (NSZE, NCAP, FLBAS, DPS,
 *	  NMIC, ANAGRPID, NVMSETID, ...)
 * @csi:  command set identifier
 * @nsid: output: the new namespace's identifier (CQE dword 0)
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_ns_create(struct nvmetest_dev *dev, const struct nvme_id_ns *ns,
		       uint8_t csi, uint32_t *nsid);

/**
 * nvmetest_ns_delete - Namespace Management, delete
 * @dev:  handle
 * @nsid: namespace (0xffffffff: all)
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_ns_delete(struct nvmetest_dev *dev, uint32_t nsid);

/**
 * nvmetest_ns_attach - Namespace Attachment
 * @dev:    handle
 * @nsid:   namespace
 * @detach: detach instead of attach
 * @list:   the controllers
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_ns_attach(struct nvmetest_dev *dev, uint32_t nsid, bool detach,
		       const struct nvme_ctrl_list *list);

/**
 * struct nvmetest_security_args - Security Send and Security Receive
 * @secp:       security protocol
 * @spsp:       SP specific (SPSP0 bits 7:0, SPSP1 bits 15:8)
 * @nssf:       NVMe security specific field
 * @nsid:       namespace
 * @data:       the buffer: sent, or filled
 * @len:        bytes (Transfer Length / Allocation Length)
 * @timeout_ms: 0 = default
 */
struct nvmetest_security_args {
	uint8_t secp;
	uint16_t spsp;
	uint8_t nssf;
	uint32_t nsid;
	void *data;
	uint32_t len;
	uint32_t timeout_ms;
};

/**
 * nvmetest_security_send - Security Send
 * @dev:  handle
 * @args: the fields
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_security_send(struct nvmetest_dev *dev,
			   const struct nvmetest_security_args *args);

/**
 * nvmetest_security_recv - Security Receive
 * @dev:  handle
 * @args: the fields
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_security_recv(struct nvmetest_dev *dev,
			   const struct nvmetest_security_args *args);

/* ---------------------------------------------------------------------- */
/* Interrupts and asynchronous events                                      */

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

/**
 * struct nvmetest_aen - an Asynchronous Event Request's dword 0, decoded
 * @type: event type (bits 2:0, NVME_AER_*)
 * @info: asynchronous event information (bits 15:8)
 * @lid:  log page to read to clear the event (bits 23:16)
 */
struct nvmetest_aen {
	uint8_t type;
	uint8_t info;
	uint8_t lid;
};

/**
 * nvmetest_aen_decode - decode an AER completion's dword 0
 * @dw0: struct nvmetest_event.dw0
 * @aen: output
 *
 * Pure.
 */
void nvmetest_aen_decode(uint32_t dw0, struct nvmetest_aen *aen);

/**
 * nvmetest_aen_type_name - name of an asynchronous event type
 * @type: 0..7
 *
 * Pure.
 *
 * Return: "error", "smart", "notice", "immediate", "one-shot", "css",
 * "vendor" or "reserved".
 */
const char *nvmetest_aen_type_name(uint8_t type);

/**
 * nvmetest_aen_info_name - what an asynchronous event's information means
 * @type: event type
 * @info: event information
 *
 * Pure.
 *
 * Return: a short description ("temperature threshold", "namespace
 * attribute changed", ...) or "unknown".
 */
const char *nvmetest_aen_info_name(uint8_t type, uint8_t info);

/* ---------------------------------------------------------------------- */
/* Names (pure)                                                            */

/* Parts of a status value (the 15-bit field, phase removed). */
#define NVMETEST_STATUS_SC(s)	((s) & 0xff)
#define NVMETEST_STATUS_SCT(s)	(((s) >> 8) & 0x7)
#define NVMETEST_STATUS_CRD(s)	(((s) >> 11) & 0x3)
#define NVMETEST_STATUS_MORE(s)	(((s) >> 13) & 0x1)
#define NVMETEST_STATUS_DNR(s)	(((s) >> 14) & 0x1)

/**
 * nvmetest_status_name - mnemonic of an NVMe status
 * @status: status value (SCT and SC decide; CRD, More and DNR are ignored)
 *
 * Pure. Knows the generic, command specific and media and data integrity
 * errors of the NVMe 2.0 base specification and the path related ones.
 *
 * Return: "SUCCESS", "INVALID_OPCODE", "INVALID_FIELD", ...;
 * "VENDOR_SPECIFIC" for SCT 7; "UNKNOWN" for a code the table lacks.
 */
const char *nvmetest_status_name(uint16_t status);

/**
 * nvmetest_status_desc - the specification's name of an NVMe status
 * @status: status value
 *
 * Pure.
 *
 * Return: "Invalid Field in Command", ...; "Unknown Status" if unknown.
 */
const char *nvmetest_status_desc(uint16_t status);

/**
 * nvmetest_host_status_name - mnemonic of an enum nvmetest_host_status
 * @host_status: struct nvmetest_cmd.host_status
 *
 * Pure.
 *
 * Return: "OK", "TIMEOUT", "ABORTED_RESET", "DEVICE_GONE", "INTERRUPTED",
 * "VERIFY_FAILED", "OVERRUN" or "UNKNOWN".
 */
const char *nvmetest_host_status_name(uint32_t host_status);

/**
 * nvmetest_host_status_errno - the negative errno of a host status
 * @host_status: struct nvmetest_cmd.host_status
 *
 * Pure.
 *
 * Return: 0 for NVMETEST_HOST_OK, -ETIMEDOUT, -ECANCELED, -ENODEV, -EINTR,
 * -EILSEQ for NVMETEST_HOST_VERIFY_FAILED (data verification failed: the
 * device completed the command, and the sync helpers still fill the
 * caller's CQE and result), -EOVERFLOW for NVMETEST_HOST_OVERRUN (the
 * device completed the command and moved more than the buffers hold; the
 * CQE and result are filled too), -EIO for an unknown value.
 */
int nvmetest_host_status_errno(uint32_t host_status);

/**
 * nvmetest_feature_name - the specification's name of a feature
 * @fid: feature identifier
 *
 * Pure.
 *
 * Return: "Arbitration", "Temperature Threshold", ...; "Unknown".
 */
const char *nvmetest_feature_name(uint8_t fid);

/**
 * nvmetest_log_name - the specification's name of a log page
 * @lid: log page identifier
 *
 * Pure.
 *
 * Return: "SMART / Health Information", ...; "Unknown".
 */
const char *nvmetest_log_name(uint8_t lid);

/**
 * nvmetest_admin_opcode_name - the specification's name of an admin opcode
 * @opcode: admin command opcode
 *
 * Pure.
 *
 * Return: "Identify", "Get Log Page", ...; "Unknown".
 */
const char *nvmetest_admin_opcode_name(uint8_t opcode);

/* ---------------------------------------------------------------------- */
/* IO queues and namespaces                                                */

/**
 * nvmetest_cq_create - NVMETEST_IOC_CQ_CREATE: create an IO completion queue
 * @dev: handle
 * @cq:  the ABI structure (qid, vector, depth, flags in; status out)
 *
 * The driver allocates the queue memory and sends Create I/O Completion
 * Queue. The queue belongs to this handle's file: the driver deletes it
 * when the file is closed (nvmetest_close() or process exit).
 *
 * Return: 0; the NVMe status of Create I/O Completion Queue (> 0: the
 * queue does not exist); -EEXIST when the driver already has @cq->qid,
 * -ENXIO when the controller is not enabled, -EINVAL, -ENODEV.
 */
int nvmetest_cq_create(struct nvmetest_dev *dev, struct nvmetest_cq_create *cq);

/**
 * nvmetest_sq_create - NVMETEST_IOC_SQ_CREATE: create an IO submission queue
 * @dev: handle
 * @sq:  the ABI structure (qid, cqid, depth, flags, qprio, nvmsetid in;
 *	 status out)
 *
 * Owned by this handle's file, as nvmetest_cq_create().
 *
 * Return: 0, the NVMe status of Create I/O Submission Queue, -ENOENT when
 * the driver has no CQ @sq->cqid, -EEXIST, -ENXIO, -EINVAL, -ENODEV.
 */
int nvmetest_sq_create(struct nvmetest_dev *dev, struct nvmetest_sq_create *sq);

/**
 * nvmetest_queue_delete - NVMETEST_IOC_QUEUE_DELETE: delete an IO SQ or CQ
 * @dev:  handle
 * @qid:  queue id
 * @type: NVMETEST_QUEUE_SQ or NVMETEST_QUEUE_CQ
 *
 * When the device accepts the Delete command the driver ends the queue's
 * outstanding commands and frees it; when it refuses (a CQ with SQs:
 * Invalid Queue Deletion) the queue stays.
 *
 * Return: 0, the NVMe status of the Delete command, -ENOENT (no such
 * queue), -EPERM (another file's queue), -EINVAL, -ENODEV.
 */
int nvmetest_queue_delete(struct nvmetest_dev *dev, uint16_t qid, uint16_t type);

/**
 * nvmetest_qpair_create - an IO CQ and an SQ with the same id posting to it
 * @dev:    handle
 * @qid:    id of both queues
 * @depth:  entries of both
 * @vector: the CQ's interrupt vector
 * @flags:  NVMETEST_QUEUE_* (NVMETEST_CQ_NO_IEN applies to the CQ only)
 *
 * Creates the CQ, then the SQ; when the SQ fails the CQ is deleted again,
 * so on failure neither exists.
 *
 * Return: as nvmetest_cq_create() / nvmetest_sq_create().
 */
int nvmetest_qpair_create(struct nvmetest_dev *dev, uint16_t qid, uint32_t depth,
			  uint16_t vector, uint32_t flags);

/**
 * nvmetest_qpair_delete - delete the SQ, then the CQ, of a queue pair
 * @dev: handle
 * @qid: id of both queues
 *
 * Tries the CQ even when the SQ's deletion failed.
 *
 * Return: 0, or the first failure (NVMe status or -errno).
 */
int nvmetest_qpair_delete(struct nvmetest_dev *dev, uint16_t qid);

/**
 * nvmetest_queue_list - NVMETEST_IOC_QUEUE_LIST: the driver's queues
 * @dev:   handle
 * @q:     output array
 * @count: entries in @q
 * @total: output, may be NULL: queues in the table (admin SQ and CQ
 *	   included), which may be more than @count
 *
 * Every queue of the controller, whichever file created it.
 *
 * Return: entries filled, or -errno.
 */
int nvmetest_queue_list(struct nvmetest_dev *dev, struct nvmetest_queue_info *q,
			uint32_t count, uint32_t *total);

/**
 * nvmetest_ns_list - NVMETEST_IOC_NS_LIST: the active namespaces
 * @dev:   handle
 * @ns:    output array
 * @count: input: entries in @ns; output: entries filled
 * @flags: NVMETEST_NS_RESCAN to make the driver identify them again first
 * @total: output, may be NULL: active namespaces the driver knows (more
 *	   than @count when the array was too small)
 *
 * Return: 0; the NVMe status of the first failed Identify of a rescan
 * (> 0); -ENXIO when not enabled; -errno.
 */
int nvmetest_ns_list(struct nvmetest_dev *dev, struct nvmetest_ns_info *ns,
		     uint32_t *count, uint32_t flags, uint32_t *total);

/**
 * nvmetest_ns_get - one namespace's geometry, from the driver's list
 * @dev:  handle
 * @nsid: namespace identifier
 * @ns:   output
 *
 * No rescan: the driver's view as of init (or the last rescan).
 *
 * Return: 0, -ENOENT when @nsid is not active, -errno.
 */
int nvmetest_ns_get(struct nvmetest_dev *dev, uint32_t nsid,
		    struct nvmetest_ns_info *ns);

/* ---------------------------------------------------------------------- */
/* NVM command set                                                         */

/**
 * nvmetest_io_cmd - send one command on any queue and wait for it
 * @dev:  handle
 * @args: the command (queue: @args->qid) and its buffers
 *
 * nvmetest_admin_cmd() for any queue: builds the SQE (unless
 * @args->sqe), issues nvmetest_cmd() on @args->qid and copies out
 * result, CQE and latency.
 *
 * Return: as nvmetest_cmd().
 */
int nvmetest_io_cmd(struct nvmetest_dev *dev, const struct nvmetest_cmd_args *args);

/**
 * struct nvmetest_io_args - a block command (Read, Write, Compare, Write
 *			     Zeroes, Write Uncorrectable, Verify)
 * @qid:        IO submission queue
 * @nsid:       namespace identifier
 * @slba:       starting LBA (CDW10 low, CDW11 high dword)
 * @nlb:        number of logical blocks, 0's based as on the wire and in
 *		nvme-cli's --block-count (0 = one block)
 * @control:    CDW12 bits 31:16: NVME_IO_LR, NVME_IO_FUA, PRINFO
 *		(NVME_IO_PRINFO_*), NVME_IO_DEAC (Write Zeroes),
 *		NVME_IO_STC, DTYPE
 * @dsmgmt:     CDW13 (dataset management, directive specific)
 * @reftag:     CDW14: expected/initial logical block reference tag
 * @apptag:     CDW15 bits 15:0: application tag
 * @appmask:    CDW15 bits 31:16: application tag mask
 * @data:       data buffer (Read, Write, Compare), or NULL
 * @data_len:   bytes of @data: (@nlb + 1) * LBA size
 * @meta:       separate metadata buffer, or NULL
 * @meta_len:   bytes of @meta
 * @timeout_ms: 0 = the driver's default
 * @cmd_flags:  NVMETEST_CMD_*
 * @cqe:        output, may be NULL: the CQE
 * @latency_ns: output, may be NULL: doorbell to completion
 */
struct nvmetest_io_args {
	uint16_t qid;
	uint32_t nsid;
	uint64_t slba;
	uint16_t nlb;
	uint16_t control;
	uint32_t dsmgmt;
	uint32_t reftag;
	uint16_t apptag;
	uint16_t appmask;
	void *data;
	uint32_t data_len;
	void *meta;
	uint32_t meta_len;
	uint32_t timeout_ms;
	uint32_t cmd_flags;
	struct nvmetest_cqe *cqe;
	uint64_t *latency_ns;
};

/**
 * nvmetest_io_build - the command of a block opcode
 * @opcode: nvme_cmd_read, _write, _compare, _write_zeroes, _write_uncor
 *	    or _verify
 * @io:     the fields and buffers
 * @cmd:    output, ready for nvmetest_io_cmd() or nvmetest_ring_submit()
 *
 * Pure. CDW10/11 = SLBA, CDW12 = NLB | control << 16, CDW13 = DSM,
 * CDW14 = reference tag, CDW15 = apptag | appmask << 16. Write Zeroes,
 * Write Uncorrectable and Verify carry no data buffer (the data fields
 * are dropped).
 *
 * Return: 0, -EINVAL for another opcode.
 */
int nvmetest_io_build(uint8_t opcode, const struct nvmetest_io_args *io,
		      struct nvmetest_cmd_args *cmd);

/**
 * nvmetest_read - Read
 * @dev: handle
 * @io:  the fields; @io->data receives (@io->nlb + 1) blocks
 *
 * Return: 0, NVMe status (Unrecovered Read Error, LBA Out of Range, ...),
 * -errno.
 */
int nvmetest_read(struct nvmetest_dev *dev, const struct nvmetest_io_args *io);

/**
 * nvmetest_write - Write
 * @dev: handle
 * @io:  the fields; @io->data holds the blocks
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_write(struct nvmetest_dev *dev, const struct nvmetest_io_args *io);

/**
 * nvmetest_compare - Compare
 * @dev: handle
 * @io:  the fields; @io->data holds what the blocks should contain
 *
 * Return: 0 when equal, NVMe status (Compare Failure when not), -errno.
 */
int nvmetest_compare(struct nvmetest_dev *dev, const struct nvmetest_io_args *io);

/**
 * nvmetest_write_zeroes - Write Zeroes
 * @dev: handle
 * @io:  the fields (no data); NVME_IO_DEAC in @io->control asks the
 *	 device to deallocate the blocks, NVME_IO_FUA to make them durable
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_write_zeroes(struct nvmetest_dev *dev, const struct nvmetest_io_args *io);

/**
 * nvmetest_write_uncor - Write Uncorrectable
 * @dev: handle
 * @io:  the fields (no data)
 *
 * Reads of the blocks fail (Unrecovered Read Error) until they are
 * written again.
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_write_uncor(struct nvmetest_dev *dev, const struct nvmetest_io_args *io);

/**
 * nvmetest_verify - Verify
 * @dev: handle
 * @io:  the fields (no data)
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_verify(struct nvmetest_dev *dev, const struct nvmetest_io_args *io);

/**
 * nvmetest_flush - Flush
 * @dev:        handle
 * @qid:        IO submission queue
 * @nsid:       namespace (0xffffffff: all, when the controller allows)
 * @timeout_ms: 0 = default
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_flush(struct nvmetest_dev *dev, uint16_t qid, uint32_t nsid,
		   uint32_t timeout_ms);

/**
 * nvmetest_dsm_range - fill one Dataset Management range (wire order)
 * @r:     output
 * @cattr: context attributes
 * @nlb:   length in logical blocks (NOT 0's based)
 * @slba:  starting LBA
 *
 * Pure.
 */
void nvmetest_dsm_range(struct nvme_dsm_range *r, uint32_t cattr, uint32_t nlb,
			uint64_t slba);

/**
 * struct nvmetest_dsm_args - Dataset Management
 * @qid:        IO submission queue
 * @nsid:       namespace identifier
 * @attrs:      CDW11: NVME_DSMGMT_IDR, NVME_DSMGMT_IDW, NVME_DSMGMT_AD
 * @ranges:     the ranges, wire order (nvmetest_dsm_range())
 * @nr_ranges:  1..256
 * @timeout_ms: 0 = default
 * @cqe:        output, may be NULL
 */
struct nvmetest_dsm_args {
	uint16_t qid;
	uint32_t nsid;
	uint32_t attrs;
	struct nvme_dsm_range *ranges;
	uint32_t nr_ranges;
	uint32_t timeout_ms;
	struct nvmetest_cqe *cqe;
};

/**
 * nvmetest_dsm_build - the command of a Dataset Management
 * @dsm: the fields
 * @cmd: output: CDW10 = NR (0's based), CDW11 = attributes, data = the
 *	 ranges (16 bytes each)
 *
 * Pure.
 *
 * Return: 0, -EINVAL for 0 or more than 256 ranges.
 */
int nvmetest_dsm_build(const struct nvmetest_dsm_args *dsm,
		       struct nvmetest_cmd_args *cmd);

/**
 * nvmetest_dsm - Dataset Management (deallocate: NVME_DSMGMT_AD)
 * @dev: handle
 * @dsm: the fields
 *
 * Return: 0, NVMe status, -errno (-EINVAL for a bad range count).
 */
int nvmetest_dsm(struct nvmetest_dev *dev, const struct nvmetest_dsm_args *dsm);

/**
 * nvmetest_copy_range - fill one Copy source range, format 0 (wire order)
 * @r:    output (32 bytes, zeroed first)
 * @slba: starting LBA
 * @nlb:  number of logical blocks, 0's based
 *
 * Pure.
 */
void nvmetest_copy_range(struct nvme_copy_range *r, uint64_t slba, uint16_t nlb);

/**
 * struct nvmetest_copy_args - Copy, descriptor format 0
 * @qid:        IO submission queue
 * @nsid:       namespace identifier
 * @sdlba:      destination LBA (CDW10/11)
 * @ranges:     source ranges, wire order (nvmetest_copy_range())
 * @nr_ranges:  1..256
 * @control:    CDW12 bits 31:16 as the Read/Write ones: NVME_IO_LR,
 *		NVME_IO_FUA (bits 31 and 30 of CDW12), PRINFOW, STCW, DTYPE
 * @prinfor:    CDW12 bits 15:12: protection information of the reads
 * @dspec:      CDW13 bits 31:16: directive specific
 * @timeout_ms: 0 = default
 * @cqe:        output, may be NULL
 */
struct nvmetest_copy_args {
	uint16_t qid;
	uint32_t nsid;
	uint64_t sdlba;
	struct nvme_copy_range *ranges;
	uint32_t nr_ranges;
	uint16_t control;
	uint8_t prinfor;
	uint16_t dspec;
	uint32_t timeout_ms;
	struct nvmetest_cqe *cqe;
};

/**
 * nvmetest_copy_build - the command of a Copy
 * @copy: the fields
 * @cmd:  output: CDW10/11 = SDLBA, CDW12 = NR (0's based) | format 0 |
 *	  PRINFOR << 12 | control << 16, CDW13 = DSPEC << 16, data = the
 *	  ranges (32 bytes each)
 *
 * Pure.
 *
 * Return: 0, -EINVAL for 0 or more than 256 ranges.
 */
int nvmetest_copy_build(const struct nvmetest_copy_args *copy,
			struct nvmetest_cmd_args *cmd);

/**
 * nvmetest_copy - Copy (source range descriptor format 0)
 * @dev:  handle
 * @copy: the fields
 *
 * Return: 0, NVMe status, -errno.
 */
int nvmetest_copy(struct nvmetest_dev *dev, const struct nvmetest_copy_args *copy);

/**
 * nvmetest_nvm_opcode_name - the specification's name of an NVM opcode
 * @opcode: NVM command set opcode
 *
 * Pure.
 *
 * Return: "Read", "Write", "Dataset Management", ...; "Unknown".
 */
const char *nvmetest_nvm_opcode_name(uint8_t opcode);

/**
 * nvmetest_opcode_name - name of a command's opcode, by queue
 * @qid:    queue the command went to: 0 is admin, others NVM
 * @opcode: opcode
 *
 * Pure.
 *
 * Return: nvmetest_admin_opcode_name() or nvmetest_nvm_opcode_name().
 */
const char *nvmetest_opcode_name(uint16_t qid, uint8_t opcode);

/* ---------------------------------------------------------------------- */
/* Command log                                                             */

/**
 * nvmetest_cmdlog - NVMETEST_IOC_CMDLOG: a queue's newest logged commands
 * @dev:     handle
 * @qid:     queue id (0 = admin)
 * @entries: output, oldest first
 * @count:   entries in @entries
 * @total:   output, may be NULL: commands logged on the queue since it was
 *	     created (more than the ring holds once it wrapped)
 *
 * Return: entries filled, -ENOENT for a queue the driver does not have,
 * -errno.
 */
int nvmetest_cmdlog(struct nvmetest_dev *dev, uint16_t qid,
		    struct nvmetest_cmdlog_entry *entries, uint32_t count,
		    uint64_t *total);

/**
 * struct nvmetest_cmdlog_rec - a command log entry, decoded
 * @qid:         queue
 * @seq:         sequence number on the queue
 * @opcode:      opcode
 * @name:        opcode name (admin or NVM by @qid), static
 * @cid:         command identifier
 * @nsid:        namespace identifier
 * @has_lba:     an NVM block command: @slba and @nlb are meaningful
 * @slba:        starting LBA (CDW10/11)
 * @nlb:         number of logical blocks, 0's based (CDW12 bits 15:0)
 * @cdw10:       command dword 10, for the other commands
 * @done:        completed (or ended by the host)
 * @host_status: enum nvmetest_host_status
 * @status:      NVMe status (the 15-bit field) once done
 * @result:      CQE dword 0
 * @submit_ns:   CLOCK_MONOTONIC doorbell time
 * @complete_ns: completion time, 0 while outstanding
 * @latency_ns:  @complete_ns - @submit_ns, 0 while outstanding
 */
struct nvmetest_cmdlog_rec {
	uint16_t qid;
	uint64_t seq;
	uint8_t opcode;
	const char *name;
	uint16_t cid;
	uint32_t nsid;
	bool has_lba;
	uint64_t slba;
	uint16_t nlb;
	uint32_t cdw10;
	bool done;
	uint32_t host_status;
	uint16_t status;
	uint32_t result;
	uint64_t submit_ns;
	uint64_t complete_ns;
	uint64_t latency_ns;
};

/**
 * nvmetest_cmdlog_decode - decode one command log entry
 * @e:   the entry as NVMETEST_IOC_CMDLOG returned it
 * @rec: output
 *
 * Pure. SLBA/NLB are decoded for Read, Write, Compare, Write Zeroes,
 * Write Uncorrectable and Verify on IO queues.
 */
void nvmetest_cmdlog_decode(const struct nvmetest_cmdlog_entry *e,
			    struct nvmetest_cmdlog_rec *rec);

/* ---------------------------------------------------------------------- */
/* Data verification (the driver's CRC map, ABI 1.3)                        */

/**
 * nvmetest_crc32c - CRC32C (Castagnoli), the kernel's crc32c() semantics
 * @crc: the register to start from (no inversion is applied)
 * @buf: data
 * @len: bytes
 *
 * Pure. A raw update, as the kernel's crc32c(): the conventional CRC32C
 * of a buffer is ~nvmetest_crc32c(~0, buf, len), and a CRC can be
 * continued over several pieces by passing the previous raw result. Uses
 * the SSE4.2 crc32 instruction when the CPU has it, else a slicing-by-8
 * table.
 *
 * Return: the new register value.
 */
uint32_t nvmetest_crc32c(uint32_t crc, const void *buf, size_t len);

/**
 * nvmetest_crc_remap - a CRC as the map stores it
 * @crc: ~crc32c(~0, data)
 *
 * Pure. The values NVMETEST_CRC_UNKNOWN, _ZEROES and _UNCORRECTABLE (0, 1,
 * 2) are reserved: a CRC equal to one of them becomes it + 3
 * (NVMETEST_CRC_REMAP); other values are returned as they are.
 *
 * Return: the map value.
 */
uint32_t nvmetest_crc_remap(uint32_t crc);

/**
 * nvmetest_lba_crc - the CRC map value of one LBA's data
 * @buf: the LBA's data (stamped, as written)
 * @len: the LBA size
 *
 * Pure. nvmetest_crc_remap(~nvmetest_crc32c(~0, buf, len)): exactly what
 * the driver stores for a write and what VERIFY_DUMP returns.
 *
 * Return: the map value.
 */
uint32_t nvmetest_lba_crc(const void *buf, size_t len);

/**
 * nvmetest_lba_stamp - stamp one LBA's data as the driver does
 * @buf:      the LBA's data
 * @lba_size: bytes of the LBA (16 or more)
 * @lba:      written to bytes 0-7, little-endian
 * @token:    written to the last 8 bytes, little-endian
 *
 * Pure. The driver stamps every LBA it writes with verification on (the
 * token is its per-controller write token), so a test can predict the
 * CRC of data it wrote: stamp a copy, then nvmetest_lba_crc().
 *
 * Return: 0, -EINVAL when @lba_size is under 16.
 */
int nvmetest_lba_stamp(void *buf, size_t lba_size, uint64_t lba, uint64_t token);

/**
 * nvmetest_lba_stamp_parse - read the stamp of one LBA's data
 * @buf:      the LBA's data, as read
 * @lba_size: bytes of the LBA (16 or more)
 * @lba:      output, may be NULL: bytes 0-7
 * @token:    output, may be NULL: the last 8 bytes
 *
 * Pure.
 *
 * Return: 0, -EINVAL when @lba_size is under 16.
 */
int nvmetest_lba_stamp_parse(const void *buf, size_t lba_size, uint64_t *lba,
			     uint64_t *token);

/**
 * nvmetest_verify_config - NVMETEST_IOC_VERIFY_CONFIG
 * @dev:     handle
 * @nsid:    namespace, or 0xffffffff for every active namespace
 * @flags:   NVMETEST_VERIFY_ENABLE (on; without it: off),
 *	     NVMETEST_VERIFY_SET_CAP (apply @mem_cap), NVMETEST_VERIFY_CLEAR
 *	     (forget every entry and the failure state)
 * @mem_cap: map memory the namespace may use, bytes, with SET_CAP (0: the
 *	     verify_mem_cap_mb module parameter)
 *
 * Every call sets the state: to keep verification on while clearing or
 * capping, pass NVMETEST_VERIFY_ENABLE too. Turning it on after it was off
 * clears the (stale) map first.
 *
 * Return: 0; -EOPNOTSUPP when the driver lacks NVMETEST_INFO_CAP_VERIFY;
 * -ENOENT for a namespace the driver does not know; -ENXIO when the
 * controller is not enabled; -EINVAL; -errno.
 */
int nvmetest_verify_config(struct nvmetest_dev *dev, uint32_t nsid, uint32_t flags,
			   uint64_t mem_cap);

/**
 * nvmetest_verify_status - NVMETEST_IOC_VERIFY_STATUS: one namespace's map
 * @dev:  handle
 * @nsid: namespace
 * @st:   output (state, LBA size, chunks, memory, counters)
 *
 * Return: 0, -EOPNOTSUPP, -ENOENT, -ENXIO, -errno (as
 * nvmetest_verify_config()).
 */
int nvmetest_verify_status(struct nvmetest_dev *dev, uint32_t nsid,
			   struct nvmetest_verify_status *st);

/**
 * nvmetest_verify_dump - NVMETEST_IOC_VERIFY_DUMP: map entries of an LBA range
 * @dev:     handle
 * @nsid:    namespace
 * @slba:    first LBA
 * @entries: output: NVMETEST_CRC_UNKNOWN, _ZEROES, _UNCORRECTABLE or a CRC
 *	     (nvmetest_crc_entry_str() names them)
 * @count:   input: entries wanted, 1..65536; output: entries filled (fewer
 *	     at the end of the namespace)
 *
 * Return: 0, -EINVAL (count, or @slba past the namespace), -EOPNOTSUPP,
 * -ENOENT, -ENXIO, -errno.
 */
int nvmetest_verify_dump(struct nvmetest_dev *dev, uint32_t nsid, uint64_t slba,
			 uint32_t *entries, uint32_t *count);

/**
 * nvmetest_verify_failures - NVMETEST_IOC_VERIFY_FAILURES: the failure log
 * @dev:   handle
 * @out:   output array, oldest first; NULL (with *@count ignored) to
 *	   read only the counters
 * @count: input: entries in @out; output: entries filled
 * @lost:  output, may be NULL: failures that did not fit in the log
 * @total: output, may be NULL: failures since the log was last cleared
 * @flags: NVMETEST_VERIFY_FAILURES_CLEAR: empty the log after reading
 *
 * The log is per controller (256 entries); each entry names the
 * namespace, LBA, kind (nvmetest_vfail_kind_name()), expected and found
 * CRC, the stamp found, the failing read and the last writer.
 *
 * Return: 0, -EOPNOTSUPP, -errno.
 */
int nvmetest_verify_failures(struct nvmetest_dev *dev, struct nvmetest_verify_failure *out,
			     uint32_t *count, uint32_t *lost, uint64_t *total,
			     uint32_t flags);

/**
 * nvmetest_verify_state_name - name of struct nvmetest_verify_status.state
 * @state: NVMETEST_VERIFY_OFF, _ON or _CAPPED
 *
 * Pure.
 *
 * Return: "off", "on", "capped" or "unknown".
 */
const char *nvmetest_verify_state_name(uint32_t state);

/**
 * nvmetest_vfail_kind_name - mnemonic of a failure kind (NVMETEST_VFAIL_*)
 * @kind: struct nvmetest_verify_failure.kind
 *
 * Pure.
 *
 * Return: "crc", "lba_stamp", "not_zero", "uncorrectable" or "unknown".
 */
const char *nvmetest_vfail_kind_name(uint32_t kind);

/**
 * nvmetest_vfail_kind_desc - what a failure kind means
 * @kind: struct nvmetest_verify_failure.kind
 *
 * Pure.
 *
 * Return: "crc mismatch", "misdirected: the LBA stamp names another LBA",
 * "zeroes expected", "read of an uncorrectable LBA succeeded" or "unknown
 * failure".
 */
const char *nvmetest_vfail_kind_desc(uint32_t kind);

/**
 * nvmetest_crc_entry_kind - what a map entry is
 * @entry: a CRC map entry
 *
 * Pure.
 *
 * Return: "unknown", "zeroes", "uncorrectable" (the reserved values) or
 * "crc".
 */
const char *nvmetest_crc_entry_kind(uint32_t entry);

/**
 * nvmetest_crc_entry_str - a map entry as text
 * @entry: a CRC map entry
 * @buf:   output
 * @len:   size of @buf (11 or more holds every value)
 *
 * Pure. "unknown", "zeroes", "uncorrectable", or the CRC as "0x%08x".
 *
 * Return: @buf.
 */
char *nvmetest_crc_entry_str(uint32_t entry, char *buf, size_t len);

/* ---------------------------------------------------------------------- */
/* IOWorkers: in-kernel IO generators with fio-grade statistics            */

/**
 * nvmetest_ioworker_start - NVMETEST_IOC_IOWORKER_START
 * @dev:  handle
 * @spec: input: what the worker does (struct nvmetest_ioworker_spec; the
 *	  output fields are cleared first); output: @spec->id, ->sqid,
 *	  ->cqid, and ->bad_field when the driver refused the spec
 *
 * The worker is a kernel thread of the driver with an IO queue pair of its
 * own; it belongs to @dev's file descriptor: nvmetest_close() stops it.
 * A @spec->replay array must stay valid until this returns (the driver
 * copies it).
 *
 * Return: 0; -EINVAL with @spec->bad_field set (the last error says
 * "invalid spec: <field>", nvmetest_ioworker_field_name() names it);
 * -EOPNOTSUPP when the driver lacks NVMETEST_INFO_CAP_IOWORKER; -ENXIO when
 * the controller is not enabled; -ENOENT for an inactive namespace;
 * -EBUSY when no queue id is free or @spec->qid is taken; -ENOSPC at
 * NVMETEST_IOW_MAX_PER_FILE workers; the NVMe status (> 0) of a failed
 * Create I/O SQ/CQ command; -errno.
 */
int nvmetest_ioworker_start(struct nvmetest_dev *dev, struct nvmetest_ioworker_spec *spec);

/**
 * nvmetest_ioworker_stop - NVMETEST_IOC_IOWORKER_STOP: ask workers to end
 * @dev: handle
 * @id:  worker id, or 0 for every worker of this file
 *
 * No new IO; outstanding IO is drained. Does NOT wait: see
 * nvmetest_ioworker_wait(). Stopping a worker that has ended is not an
 * error.
 *
 * Return: 0, -ENOENT for an unknown @id, -errno.
 */
int nvmetest_ioworker_stop(struct nvmetest_dev *dev, uint32_t id);

/**
 * nvmetest_ioworker_wait - NVMETEST_IOC_IOWORKER_WAIT: wait for workers to end
 * @dev:        handle
 * @id:         worker id, or 0 for every worker of this file
 * @timeout_ms: how long to wait; 0 = just report, NVMETEST_IOW_WAIT_FOREVER
 *		= no limit
 * @running:    output, may be NULL: workers (of @id) still running
 *
 * Return: 0 when none is running, and always with a @timeout_ms of 0
 * (*@running says how many run); -ETIMEDOUT when one still runs after
 * @timeout_ms; -EINTR on a signal; -ENOENT for an unknown @id; -errno.
 */
int nvmetest_ioworker_wait(struct nvmetest_dev *dev, uint32_t id, uint32_t timeout_ms,
			   uint32_t *running);

/**
 * nvmetest_ioworker_result - NVMETEST_IOC_IOWORKER_RESULT: a worker's statistics
 * @dev:        handle
 * @id:         worker id
 * @res:        output (cleared first)
 * @hist:       output, may be NULL: NVMETEST_IOW_MAX_OPS rows of
 *		NVMETEST_HIST_BUCKETS counts, the latency histogram of each op
 *		entry (@res->nr_ops rows are filled)
 * @iops:       output, may be NULL: IOs completed in each second of the run
 * @nr_seconds: entries of @iops (0 when @iops is NULL)
 * @flags:      NVMETEST_IOW_RESULT_RELEASE: free the record of a finished
 *		worker after copying it
 *
 * A running worker's numbers are a snapshot (@res->state RUNNING).
 * @res->nr_seconds says how many entries of @iops were filled and
 * @res->seconds how many the run has.
 *
 * Return: 0; -ENOENT for an unknown @id; -EBUSY for RELEASE while it runs;
 * -errno.
 */
int nvmetest_ioworker_result(struct nvmetest_dev *dev, uint32_t id,
			     struct nvmetest_ioworker_result *res, uint64_t *hist,
			     uint32_t *iops, uint32_t nr_seconds, uint32_t flags);

/**
 * nvmetest_ioworker_release - free a finished worker's record
 * @dev: handle
 * @id:  worker id
 *
 * Return: 0, -EBUSY while it runs, -ENOENT, -errno.
 */
int nvmetest_ioworker_release(struct nvmetest_dev *dev, uint32_t id);

/**
 * nvmetest_ioworker_list - NVMETEST_IOC_IOWORKER_LIST: this file's workers
 * @dev:     handle
 * @ids:     output, may be NULL: worker ids
 * @count:   input: entries in @ids (ignored when NULL); output: filled
 * @total:   output, may be NULL: workers of this file (running or not
 *	     released)
 * @running: output, may be NULL: of them running
 *
 * Return: 0, -errno.
 */
int nvmetest_ioworker_list(struct nvmetest_dev *dev, uint32_t *ids, uint32_t *count,
			   uint32_t *total, uint32_t *running);

/**
 * struct nvmetest_ioworker_report - a worker's result with its histograms
 * @res:  the result
 * @hist: NVMETEST_IOW_MAX_OPS histograms of NVMETEST_HIST_BUCKETS counts,
 *	  one per op entry (@res.nr_ops are meaningful)
 * @iops: IOs completed in each second of the run, @res.nr_seconds entries
 *	  (NULL when there are none)
 *
 * Made by nvmetest_ioworker_report(), freed by
 * nvmetest_ioworker_report_free(). Tests and tools may also build one by
 * hand (malloc'ed @hist and @iops) to format synthetic results.
 */
struct nvmetest_ioworker_report {
	struct nvmetest_ioworker_result res;
	uint64_t *hist;
	uint32_t *iops;
};

/**
 * nvmetest_ioworker_report - a worker's result, histograms and IOPS per second
 * @dev:   handle
 * @id:    worker id
 * @flags: NVMETEST_IOW_RESULT_RELEASE: free the record (finished workers)
 * @rp:    output: the report, to free with nvmetest_ioworker_report_free()
 *
 * Two RESULT calls: one to learn the run's length, one to copy it all.
 *
 * Return: 0, -ENOMEM, and the errors of nvmetest_ioworker_result().
 */
int nvmetest_ioworker_report(struct nvmetest_dev *dev, uint32_t id, uint32_t flags,
			     struct nvmetest_ioworker_report **rp);

/**
 * nvmetest_ioworker_report_free - free a report
 * @r: report, or NULL
 */
void nvmetest_ioworker_report_free(struct nvmetest_ioworker_report *r);

/**
 * nvmetest_ioworker_field_name - name of enum nvmetest_iow_field
 * @field: struct nvmetest_ioworker_spec.bad_field
 *
 * Pure.
 *
 * Return: "none", "nsid", "flags", "qid", "vector", "qdepth", "cpu",
 * "region", "lba_start", "lba_step", "lba_align", "random_pct", "sizes",
 * "ops", "distribution", "pattern", "limits", "replay", "timeout", "rsvd",
 * or "unknown".
 */
const char *nvmetest_ioworker_field_name(uint32_t field);

/**
 * nvmetest_ioworker_end_name - name of a result's end_reason
 * @reason: NVMETEST_IOW_END_*
 *
 * Pure.
 *
 * Return: "running", "count", "time", "replay", "stopped", "error",
 * "reset", "removed", "failed" or "unknown".
 */
const char *nvmetest_ioworker_end_name(uint32_t reason);

/**
 * nvmetest_ioworker_end_failed - whether an end reason is a failure
 * @reason: NVMETEST_IOW_END_*
 *
 * Pure. ERROR, RESET, REMOVED and FAILED are; COUNT, TIME, REPLAY and
 * STOPPED are not.
 *
 * Return: true for a failure.
 */
bool nvmetest_ioworker_end_failed(uint32_t reason);

/* fio's direction of an opcode (nvmetest_ioworker_dir()) */
enum nvmetest_iow_dir {
	NVMETEST_IOW_DIR_READ,		/* Read */
	NVMETEST_IOW_DIR_WRITE,		/* Write */
	NVMETEST_IOW_DIR_TRIM,		/* Dataset Management (deallocate) */
	NVMETEST_IOW_DIR_NONE,		/* every other opcode: fio has none */
	NVMETEST_IOW_NR_DIRS = NVMETEST_IOW_DIR_NONE,
};

/**
 * nvmetest_ioworker_dir - which of fio's directions an opcode counts in
 * @opcode: NVM opcode
 *
 * Pure. Read (0x02) is "read", Write (0x01) "write", Dataset Management
 * (0x09) "trim"; the others (Flush, Write Zeroes, Compare, Verify, Write
 * Uncorrectable, any other) have no fio direction: fio cannot issue them,
 * and counting data-less commands in "write" would distort its bandwidth.
 *
 * Return: enum nvmetest_iow_dir.
 */
enum nvmetest_iow_dir nvmetest_ioworker_dir(uint8_t opcode);

/**
 * nvmetest_ioworker_dir_name - fio's name of a direction
 * @dir: enum nvmetest_iow_dir
 *
 * Pure.
 *
 * Return: "read", "write", "trim" or "none".
 */
const char *nvmetest_ioworker_dir_name(enum nvmetest_iow_dir dir);

/**
 * struct nvmetest_ioworker_stat - IO statistics of some op entries, merged
 * @ios:        IOs completed (errors included)
 * @bytes:      data bytes
 * @errors:     IOs that failed
 * @lat_min_ns: latency minimum (meaningless while @ios is 0)
 * @lat_max_ns: maximum
 * @lat_sum_ns: sum
 * @elapsed_ns: the run time the rates are over (the longest of the runs
 *		merged)
 * @hist:       NVMETEST_HIST_BUCKETS counts, owned by the caller, or NULL
 *		(then no histogram is merged)
 *
 * The unit of fio's per-direction report: the op entries of one direction
 * of one worker, or of a group of workers.
 */
struct nvmetest_ioworker_stat {
	uint64_t ios;
	uint64_t bytes;
	uint64_t errors;
	uint64_t lat_min_ns;
	uint64_t lat_max_ns;
	uint64_t lat_sum_ns;
	uint64_t elapsed_ns;
	uint64_t *hist;
};

/**
 * nvmetest_ioworker_stat_add_op - merge one op entry of a result into @s
 * @s:          statistics (zeroed, with @s->hist set or NULL, at first)
 * @op:         the op entry
 * @hist:       its histogram, or NULL
 * @elapsed_ns: its worker's elapsed time
 *
 * Pure.
 */
void nvmetest_ioworker_stat_add_op(struct nvmetest_ioworker_stat *s,
				   const struct nvmetest_ioworker_opstat *op,
				   const uint64_t *hist, uint64_t elapsed_ns);

/**
 * nvmetest_ioworker_stat_add - merge @src into @dst (group reporting)
 * @dst: statistics
 * @src: statistics to add (its histogram too, when both have one)
 *
 * Pure. Counts add up, min/max combine, @elapsed_ns is the longer.
 */
void nvmetest_ioworker_stat_add(struct nvmetest_ioworker_stat *dst,
				const struct nvmetest_ioworker_stat *src);

/**
 * nvmetest_ioworker_dir_stat - one direction of a report
 * @r:   report
 * @dir: enum nvmetest_iow_dir (NVMETEST_IOW_DIR_NONE: every op entry
 *	 without a direction)
 * @s:   output; @s->hist, when set by the caller, receives the merged
 *	 histogram (it is cleared first)
 *
 * Pure.
 */
void nvmetest_ioworker_dir_stat(const struct nvmetest_ioworker_report *r,
				enum nvmetest_iow_dir dir, struct nvmetest_ioworker_stat *s);

/**
 * nvmetest_ioworker_iops - IOs per second
 * @ios:        IOs
 * @elapsed_ns: over this time
 *
 * Pure.
 *
 * Return: the rate; 0 when @elapsed_ns is 0.
 */
double nvmetest_ioworker_iops(uint64_t ios, uint64_t elapsed_ns);

/**
 * nvmetest_ioworker_bw - bandwidth in bytes per second
 * @bytes:      bytes
 * @elapsed_ns: over this time
 *
 * Pure. Rounded down, as fio's bw_bytes.
 *
 * Return: the rate; 0 when @elapsed_ns is 0.
 */
uint64_t nvmetest_ioworker_bw(uint64_t bytes, uint64_t elapsed_ns);

/**
 * nvmetest_ioworker_lat_mean - mean latency of some statistics, ns
 * @s: statistics
 *
 * Pure.
 *
 * Return: @s->lat_sum_ns / @s->ios, 0 without IOs.
 */
double nvmetest_ioworker_lat_mean(const struct nvmetest_ioworker_stat *s);

/* Latency histograms (fio's log-linear layout, NVMETEST_HIST_*) */

/* fio's default percentile list: 1, 5, 10, 20, ..., 99.99 */
#define NVMETEST_FIO_NR_PERCENTILES	17

/**
 * nvmetest_fio_percentiles - fio's default percentile list, in millionths
 *
 * Pure. 1% = 10000, 99.99% = 999900; ascending, as
 * nvmetest_hist_percentiles() wants them.
 *
 * Return: NVMETEST_FIO_NR_PERCENTILES values (static storage).
 */
const uint32_t *nvmetest_fio_percentiles(void);

/**
 * nvmetest_hist_index - the bucket a latency lands in
 * @ns: nanoseconds
 *
 * Pure.
 *
 * Return: 0..NVMETEST_HIST_BUCKETS - 1.
 */
unsigned int nvmetest_hist_index(uint64_t ns);

/**
 * nvmetest_hist_value - the value a bucket stands for (its midpoint, as fio)
 * @idx: bucket, < NVMETEST_HIST_BUCKETS
 *
 * Pure.
 *
 * Return: nanoseconds.
 */
uint64_t nvmetest_hist_value(unsigned int idx);

/**
 * nvmetest_hist_merge - add a histogram into another
 * @dst: NVMETEST_HIST_BUCKETS counts, updated
 * @src: NVMETEST_HIST_BUCKETS counts
 *
 * Pure.
 */
void nvmetest_hist_merge(uint64_t *dst, const uint64_t *src);

/**
 * nvmetest_hist_total - samples in a histogram
 * @hist: NVMETEST_HIST_BUCKETS counts
 *
 * Pure.
 *
 * Return: the sum of the buckets.
 */
uint64_t nvmetest_hist_total(const uint64_t *hist);

/**
 * nvmetest_hist_percentiles - percentiles of a histogram, fio's way
 * @hist: NVMETEST_HIST_BUCKETS counts
 * @ppm:  @n percentiles in millionths, ascending
 * @n:    entries of @ppm and @out
 * @out:  output: for each, the value (ns) of the bucket holding the sample
 *	  of rank ceil(total * ppm / 10^6); 0 for an empty histogram
 *
 * Pure. The values are within 0.8% of the true sample (bucket width).
 *
 * Return: the histogram's total.
 */
uint64_t nvmetest_hist_percentiles(const uint64_t *hist, const uint32_t *ppm,
				   unsigned int n, uint64_t *out);

/**
 * nvmetest_hist_stddev - standard deviation of a histogram's samples, ns
 * @hist: NVMETEST_HIST_BUCKETS counts
 *
 * Pure. Computed from the bucket values (so within the histogram's
 * precision): the driver keeps no sum of squares.
 *
 * Return: the population standard deviation; 0 for fewer than 2 samples.
 */
double nvmetest_hist_stddev(const uint64_t *hist);

/* ---------------------------------------------------------------------- */
/* Asynchronous commands (io_uring, IORING_OP_URING_CMD)                   */

struct nvmetest_ring;

/**
 * struct nvmetest_completion - one reaped asynchronous command
 * @user_data: as given to nvmetest_ring_submit()
 * @ret:       the return convention of the sync path: 0, NVMe status
 *	       (> 0), or -errno (@res)
 * @res:       the CQE32's res: 0 when the device completed the command,
 *	       else a negative errno (bad input, -ETIMEDOUT, -ECANCELED,
 *	       -ENODEV; -EILSEQ when the data read failed verification
 *	       against the CRC map; -EOVERFLOW when the device moved more
 *	       than the buffers hold, the command log entry is marked)
 * @cqe:       the command's CQE as far as the CQE32 carries it: result
 *	       (dword 0), CID, status and phase (dword 3); @cqe.dw1, .sqhd and
 *	       .sqid are 0. All zero when @res < 0
 */
struct nvmetest_completion {
	uint64_t user_data;
	int ret;
	int res;
	struct nvmetest_cqe cqe;
};

/**
 * nvmetest_uring_cmd_fill - the io_uring command area of a command
 * @args: the command, as for nvmetest_io_cmd() (@args->sqe is used when
 *	  set: opcode, flags, NSID and dwords 2, 3, 10-15 are taken from it)
 * @cmd:  output
 *
 * Pure. The outputs of @args (result, cqe, latency_ns) are not used: an
 * asynchronous command reports through struct nvmetest_completion.
 */
void nvmetest_uring_cmd_fill(const struct nvmetest_cmd_args *args,
			     struct nvmetest_uring_cmd *cmd);

/**
 * nvmetest_ring_init - an io_uring for asynchronous commands on a device
 * @dev:   handle; must outlive the ring
 * @depth: SQ entries (the CQ gets twice as many)
 * @ringp: output, the new ring
 *
 * IORING_SETUP_SQE128 | IORING_SETUP_CQE32, as NVMETEST_URING_CMD_IO
 * needs (kernel 5.19 and later).
 *
 * Return: 0, -EOPNOTSUPP when the driver has no io_uring support
 * (NVMETEST_INFO_CAP_URING), or the errno of io_uring_queue_init().
 */
int nvmetest_ring_init(struct nvmetest_dev *dev, unsigned int depth,
		       struct nvmetest_ring **ringp);

/**
 * nvmetest_ring_exit - tear a ring down and free it
 * @ring: ring, or NULL
 *
 * Commands still in flight are cancelled by the kernel.
 */
void nvmetest_ring_exit(struct nvmetest_ring *ring);

/**
 * nvmetest_ring_submit - queue one command on the ring
 * @ring:      ring
 * @args:      the command (@args->qid its queue) and its buffers, which
 *	       must stay valid until it completes
 * @user_data: returned in its struct nvmetest_completion
 *
 * Fills an SQE (IORING_OP_URING_CMD, cmd_op NVMETEST_URING_CMD_IO, struct
 * nvmetest_uring_cmd in sqe->cmd) and does NOT enter the kernel unless the
 * SQ ring is full, when it submits what is queued first.
 *
 * Return: 0, -EBUSY when the SQ ring is still full, -errno of
 * io_uring_submit().
 */
int nvmetest_ring_submit(struct nvmetest_ring *ring,
			 const struct nvmetest_cmd_args *args, uint64_t user_data);

/**
 * nvmetest_ring_flush - submit the queued commands to the kernel
 * @ring: ring
 *
 * Return: commands submitted, or -errno.
 */
int nvmetest_ring_flush(struct nvmetest_ring *ring);

/**
 * nvmetest_ring_reap - take completed commands
 * @ring:     ring
 * @out:      output array
 * @max:      entries in @out
 * @min_wait: wait until at least this many are available (0: do not wait)
 *
 * Submits queued commands first when @min_wait > 0.
 *
 * Return: completions filled (0..@max), or -errno (-EINTR).
 */
int nvmetest_ring_reap(struct nvmetest_ring *ring, struct nvmetest_completion *out,
		       unsigned int max, unsigned int min_wait);

/**
 * nvmetest_ring_inflight - commands submitted and not yet reaped
 * @ring: ring
 *
 * Return: the count.
 */
unsigned int nvmetest_ring_inflight(const struct nvmetest_ring *ring);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_H */
