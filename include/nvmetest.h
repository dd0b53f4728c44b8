/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest public API: opening /dev/nvmetestN, register and PCI config
 * space access through the driver, the NVMe controller register table and
 * its field decoders, PCI capability walking, and the sysfs side (listing
 * NVMe PCI functions, binding them to nvmetest and back).
 *
 * Return convention: a value >= 0 is success (later: an NVMe status, 0 =
 * success); a value < 0 is a negative errno. nvmetest_strerror() names both
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
 * one-line message here. Every public function that can fail clears it on
 * entry, so it is only meaningful right after a call returned < 0.
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
 * Return: "bound", "dead" or "unknown".
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
 *	    address/data, or clearing Memory Space / Bus Master Enable
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

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_H */
