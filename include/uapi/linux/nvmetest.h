/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * nvmetest user ABI: the ioctls of /dev/nvmetestN and their structures.
 *
 * This header is the only contract between nvmetest.ko and userspace.
 * Rules (docs/abi.md has the long form):
 *  - fixed-width types, user pointers as __u64, explicit padding; every
 *    structure's size is checked on both sides;
 *  - reserved fields and unknown flags must be zero, else -EINVAL;
 *    an unknown ioctl returns -ENOTTY;
 *  - the ABI grows by new ioctls, new flags and reserved space, never by
 *    reshaping a structure. A change userspace must know about bumps
 *    NVMETEST_ABI_MINOR; an incompatible one bumps NVMETEST_ABI_MAJOR and
 *    libnvmetest refuses a driver whose major differs from its own.
 *
 * ioctl magic: 0xE4, numbers 0x00-0x7f. Documentation/userspace-api/ioctl/
 * ioctl-number.rst lists no user of 0xE4, and it is far from the in-tree
 * nvme driver's 'N' (0x4E).
 */
#ifndef _UAPI_LINUX_NVMETEST_H
#define _UAPI_LINUX_NVMETEST_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define NVMETEST_ABI_MAJOR	1
#define NVMETEST_ABI_MINOR	0

#define NVMETEST_IOC_MAGIC	0xE4

/* Controller state as the driver sees it (struct nvmetest_info.state). */
enum nvmetest_ctrl_state {
	/* probed: BAR mapped, controller registers untouched by the driver */
	NVMETEST_STATE_BOUND	= 1,
	/* the PCI function was removed; every call returns -ENODEV */
	NVMETEST_STATE_DEAD	= 2,
};

/* struct nvmetest_info.capabilities: what this driver build can do. */
#define NVMETEST_INFO_CAP_REGS		(1U << 0)	/* REG_READ/WRITE */
#define NVMETEST_INFO_CAP_CONFIG	(1U << 1)	/* CFG_READ/WRITE */

/**
 * struct nvmetest_info - NVMETEST_IOC_INFO result (all fields are output)
 * @abi_major:		NVMETEST_ABI_MAJOR of the driver
 * @abi_minor:		NVMETEST_ABI_MINOR of the driver
 * @state:		enum nvmetest_ctrl_state
 * @driver_version:	NUL-terminated driver version string
 * @bdf:		NUL-terminated PCI address, "dddd:bb:dd.f"
 * @vendor_id:		PCI vendor id
 * @device_id:		PCI device id
 * @subsystem_vendor_id: PCI subsystem vendor id
 * @subsystem_device_id: PCI subsystem id
 * @class_code:		24-bit class code (base << 16 | sub << 8 | prog-if)
 * @revision:		PCI revision id
 * @instance:		N of /dev/nvmetestN
 * @bar0_len:		length of BAR0 in bytes (the bound of register access)
 * @cap:		controller CAP register, read at the time of the call
 * @vs:			controller VS register, read at the time of the call
 * @cfg_size:		PCI config space size (256 or 4096): the bound of
 *			config access
 * @capabilities:	NVMETEST_INFO_CAP_* flags
 */
struct nvmetest_info {
	__u16	abi_major;
	__u16	abi_minor;
	__u32	state;
	char	driver_version[32];
	char	bdf[32];
	__u16	vendor_id;
	__u16	device_id;
	__u16	subsystem_vendor_id;
	__u16	subsystem_device_id;
	__u32	class_code;
	__u8	revision;
	__u8	rsvd0[3];
	__u32	instance;
	__u32	rsvd1;
	__u64	bar0_len;
	__u64	cap;
	__u32	vs;
	__u32	cfg_size;
	__u32	capabilities;
	__u32	rsvd2;
	__u64	rsvd3[8];
};

/*
 * struct nvmetest_rw.flags.
 * NVMETEST_RW_UNSAFE: allow a write that can make the device DMA to an
 * address the driver does not own or that can wedge the host. Without it
 * such writes fail with -EPERM; with it they are done and logged. It covers:
 *  - BAR0: ASQ, ACQ, BPMBL, CMBMSC, PMRMSCL/PMRMSCU, and the message
 *    address/data words of MSI-X table entries (vector control is free);
 *  - config space: the BAR registers (0x10-0x27), the expansion ROM BAR
 *    (0x30), the MSI capability's message address/data, and a Command
 *    register write that changes Memory Space Enable or Bus Master Enable.
 * Other writes, doorbells and CC.EN included, are free: the driver keeps
 * bus mastering off until it owns memory the device may DMA to.
 */
#define NVMETEST_RW_UNSAFE	(1U << 0)
#define NVMETEST_RW_FLAGS	(NVMETEST_RW_UNSAFE)

/**
 * struct nvmetest_rw - one register (BAR0) or PCI config space access
 * @value:	read: output; write: input, must fit in @width bytes
 * @offset:	byte offset into BAR0 or config space; a multiple of @width,
 *		and @offset + @width must not pass BAR0's length or the config
 *		space size
 * @width:	access size in bytes: 1, 2, 4 or 8 (8 for BAR0 only)
 * @flags:	NVMETEST_RW_* (writes only; must be zero for reads)
 * @rsvd:	must be zero
 */
struct nvmetest_rw {
	__u64	value;
	__u32	offset;
	__u16	width;
	__u16	flags;
	__u64	rsvd;
};

#define NVMETEST_IOC_INFO	_IOR(NVMETEST_IOC_MAGIC, 0x00, struct nvmetest_info)
#define NVMETEST_IOC_REG_READ	_IOWR(NVMETEST_IOC_MAGIC, 0x10, struct nvmetest_rw)
#define NVMETEST_IOC_REG_WRITE	_IOW(NVMETEST_IOC_MAGIC, 0x11, struct nvmetest_rw)
#define NVMETEST_IOC_CFG_READ	_IOWR(NVMETEST_IOC_MAGIC, 0x12, struct nvmetest_rw)
#define NVMETEST_IOC_CFG_WRITE	_IOW(NVMETEST_IOC_MAGIC, 0x13, struct nvmetest_rw)

/* Structure sizes, checked by BUILD_BUG_ON in the driver and
 * _Static_assert in libnvmetest. */
#define NVMETEST_INFO_SIZE	192
#define NVMETEST_RW_SIZE	24

#endif /* _UAPI_LINUX_NVMETEST_H */
