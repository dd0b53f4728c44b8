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
#define NVMETEST_ABI_MINOR	12

#define NVMETEST_IOC_MAGIC	0xE4

/*
 * Controller state as the driver sees it (struct nvmetest_info.state).
 * The init steps move it forward one ioctl at a time:
 *   BOUND -(CTRL_DISABLE)-> DISABLED -(ADMINQ_SETUP)-> ADMINQ
 *         -(CTRL_ENABLE)-> ENABLED
 * CTRL_INIT does the whole sequence; CTRL_RESET goes back to ENABLED
 * through DISABLED with the same admin queue depths; CTRL_SHUTDOWN ends in
 * SHUTDOWN; a failed step (timeout, CSTS.CFS) ends in FAILED. From any
 * state CTRL_DISABLE starts over.
 */
enum nvmetest_ctrl_state {
	/* probed: BAR mapped, controller registers untouched by the driver */
	NVMETEST_STATE_BOUND	= 1,
	/* the PCI function was removed; every call returns -ENODEV */
	NVMETEST_STATE_DEAD	= 2,
	/* CC.EN = 0 and CSTS.RDY = 0 seen by the driver; no admin queue */
	NVMETEST_STATE_DISABLED	= 3,
	/* admin queue memory allocated and AQA/ASQ/ACQ written; CC.EN = 0 */
	NVMETEST_STATE_ADMINQ	= 4,
	/* CC.EN = 1 and CSTS.RDY = 1: admin commands are accepted */
	NVMETEST_STATE_ENABLED	= 5,
	/* shutdown notification completed (CSTS.SHST = complete) */
	NVMETEST_STATE_SHUTDOWN	= 6,
	/* a step failed: RDY timeout or CSTS.CFS; CTRL_DISABLE recovers */
	NVMETEST_STATE_FAILED	= 7,
	/* POWER put the function in D3hot: its registers do not decode;
	 * only POWER (D0), RESET's FLR and HOT, INFO and CFG_* reach it;
	 * what would touch BAR0 fails with -ENXIO */
	NVMETEST_STATE_D3HOT	= 8,
};

/* Interrupt modes (struct nvmetest_irq_setup.mode). */
enum nvmetest_irq_mode {
	NVMETEST_IRQ_NONE	= 0,	/* polled: no interrupt is allocated */
	NVMETEST_IRQ_INTX	= 1,
	NVMETEST_IRQ_MSI	= 2,	/* multiple message MSI */
	NVMETEST_IRQ_MSIX	= 3,
};

/* Host status of a command (struct nvmetest_cmd.host_status). */
enum nvmetest_host_status {
	/* the device completed the command: the CQE is valid */
	NVMETEST_HOST_OK		= 0,
	/* no completion within the timeout; the command's slot and memory
	 * stay reserved until the device completes it or a reset */
	NVMETEST_HOST_TIMEOUT		= 1,
	/* a controller reset, disable or shutdown ended the command */
	NVMETEST_HOST_ABORTED_RESET	= 2,
	/* the device was removed while the command was outstanding */
	NVMETEST_HOST_DEVICE_GONE	= 3,
	/* the caller was interrupted by a signal while waiting; the command
	 * is treated as timed out */
	NVMETEST_HOST_INTERRUPTED	= 4,
	/* the device completed the command (the CQE is valid) but the data it
	 * returned failed verification against the CRC map: see
	 * NVMETEST_IOC_VERIFY_FAILURES */
	NVMETEST_HOST_VERIFY_FAILED	= 5,
	/* the device completed the command (the CQE is valid) and moved
	 * more data or metadata than the caller's buffers hold: the excess
	 * went to the driver's sink (struct nvmetest_cmd.overrun and
	 * .meta_overrun say how much; the command log marks the entry) */
	NVMETEST_HOST_OVERRUN		= 6,
	/* a reset of the PCI function, its link or the NVM subsystem ended
	 * the command: NVMETEST_IOC_RESET, or one the PCI core did (sysfs
	 * reset, a bus reset of the bridge above); struct nvmetest_info's
	 * last_reset says which */
	NVMETEST_HOST_ABORTED_PCI_RESET	= 7,
};

/*
 * Why a call could not do what was asked, when the errno alone does not
 * say (struct nvmetest_reset.why, struct nvmetest_ctrl_init.why).
 */
enum nvmetest_why {
	NVMETEST_WHY_NONE	= 0,
	/* the function is not in D0 (PMCSR PowerState): its registers do
	 * not decode */
	NVMETEST_WHY_NOT_D0	= 1,
	/* Memory Space Enable is off, a BAR lost its assigned address or
	 * BAR0 reads all ones: config space was lost (a reset or a write
	 * the driver did not do) */
	NVMETEST_WHY_NO_MEMORY	= 2,
	/* CAP.NSSRS = 0: the controller does not support NVM Subsystem
	 * Reset */
	NVMETEST_WHY_NO_NSSRS	= 3,
	/* PCIe Device Capabilities has no Function Level Reset */
	NVMETEST_WHY_NO_FLR	= 4,
	/* the function is on a root bus: no bridge above it to reset */
	NVMETEST_WHY_NO_BRIDGE	= 5,
	/* another function below the bridge is not bound to nvmetest: a bus
	 * reset would reset it behind its driver */
	NVMETEST_WHY_SHARED_BUS	= 6,
	/* the PCI core refused or failed the reset (see the kernel log) */
	NVMETEST_WHY_PCI_CORE	= 7,
	/* the function has no PCI Power Management capability */
	NVMETEST_WHY_NO_PM	= 8,
	/* LINK: the bridge above is not a PCIe Root Port or Downstream
	 * Port, so it has no Link Disable (ABI 1.8) */
	NVMETEST_WHY_NO_LINK_CTL = 9,
	/* the port or the function did not take a Link Control write:
	 * Link Disable or ASPM Control reads back unchanged (ABI 1.8) */
	NVMETEST_WHY_NOT_TAKEN	= 10,
	/* LINK: the link did not come back up, or the function did not
	 * answer config requests after it, in time (ABI 1.8) */
	NVMETEST_WHY_LINK_DOWN	= 11,
	/* ASPM: a state asked for is not in both ends' Link Capabilities
	 * ASPM Support (ABI 1.8) */
	NVMETEST_WHY_NO_ASPM	= 12,
	/* NSSR: another controller of the subsystem bound to nvmetest
	 * stayed busy (its own reset, remove, probe or a call that holds
	 * it) for 1 s (ABI 1.9) */
	NVMETEST_WHY_PEER_BUSY	= 13,
	/* NSSR: more than 8 other functions are bound to nvmetest, more
	 * than it coordinates in one reset (ABI 1.9) */
	NVMETEST_WHY_PEER_TOO_MANY = 14,
};

/*
 * The CRC map (data verification). Per namespace, one 32-bit entry per LBA:
 *  NVMETEST_CRC_UNKNOWN	never written through the driver (or cleared):
 *				reads are not checked
 *  NVMETEST_CRC_ZEROES		Write Zeroes, or deallocated where DLFEAT says
 *				reads return zeroes: every byte must read 0
 *  NVMETEST_CRC_UNCORRECTABLE	Write Uncorrectable: a read must fail
 *  anything else		CRC32C (Castagnoli, seed ~0, final xor ~0, as
 *				the kernel's crc32c() with ~0 in and ~ out) of
 *				the LBA's data as written; a CRC equal to one
 *				of the three reserved values is stored as
 *				that value + 3 (NVMETEST_CRC_REMAP)
 * Every write through the driver with verification on stamps each LBA of
 * its data before submission: bytes 0-7 = the LBA number, the last 8 bytes
 * = the command's write token (a per-controller counter), both
 * little-endian. The CRC covers the stamped data.
 */
#define NVMETEST_CRC_UNKNOWN		0x00000000U
#define NVMETEST_CRC_ZEROES		0x00000001U
#define NVMETEST_CRC_UNCORRECTABLE	0x00000002U
#define NVMETEST_CRC_REMAP		3U

/* struct nvmetest_info.capabilities: what this driver build can do. */
#define NVMETEST_INFO_CAP_REGS		(1U << 0)	/* REG_READ/WRITE */
#define NVMETEST_INFO_CAP_CONFIG	(1U << 1)	/* CFG_READ/WRITE */
#define NVMETEST_INFO_CAP_ADMIN		(1U << 2)	/* init steps, admin CMD */
#define NVMETEST_INFO_CAP_IRQ		(1U << 3)	/* IRQ_SETUP/STATS/CTL */
#define NVMETEST_INFO_CAP_AER		(1U << 4)	/* AER_CONFIG, EVENTS */
#define NVMETEST_INFO_CAP_IOQ		(1U << 5)	/* IO queues, NS_LIST */
#define NVMETEST_INFO_CAP_CMDLOG	(1U << 6)	/* CMDLOG */
#define NVMETEST_INFO_CAP_URING		(1U << 7)	/* io_uring uring_cmd */
#define NVMETEST_INFO_CAP_VERIFY	(1U << 8)	/* CRC map, VERIFY_* */
#define NVMETEST_INFO_CAP_IOWORKER	(1U << 9)	/* IOWORKER_* */
#define NVMETEST_INFO_CAP_RESET		(1U << 10)	/* RESET, POWER */
/* VERIFY_LOAD; maps kept across bindings (users, adoptions) */
#define NVMETEST_INFO_CAP_VERIFY_LOAD	(1U << 11)
/* RESET's LINK, and ASPM (ABI 1.8) */
#define NVMETEST_INFO_CAP_LINK		(1U << 12)
/* DBUF_ALLOC/FREE, mmap of DMA buffers, IRQ_EVENTFD (ABI 1.11) */
#define NVMETEST_INFO_CAP_DBUF		(1U << 13)
/* RAW queues may be created now: a translating IOMMU, or raw_unsafe=1 */
#define NVMETEST_INFO_CAP_RAW		(1U << 14)
/* mmap() of BAR0 below NVMETEST_MMAP_BAR0_END (ABI 1.12) */
#define NVMETEST_INFO_CAP_BARMAP	(1U << 15)

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
 * @pcie_errors:	PCIe errors the PCI core reported for the function
 *			since bind (AER or DPC: fatal and non-fatal; ABI 1.9)
 * @bar0_len:		length of BAR0 in bytes (the bound of register access)
 * @cap:		controller CAP register, read at the time of the call
 * @vs:			controller VS register, read at the time of the call
 * @cfg_size:		PCI config space size (256 or 4096): the bound of
 *			config access
 * @capabilities:	NVMETEST_INFO_CAP_* flags
 * @irq_mode:		enum nvmetest_irq_mode in use
 * @nr_vectors:		interrupt vectors allocated (0 when polled)
 * @asq_depth:		admin SQ entries (0 before ADMINQ_SETUP)
 * @acq_depth:		admin CQ entries (0 before ADMINQ_SETUP)
 * @nr_io_sq:		IO SQs the controller allocated (Set Features Number
 *			of Queues, NSQA + 1; 0 until known)
 * @nr_io_cq:		IO CQs the controller allocated (NCQA + 1)
 * @max_xfer:		largest data transfer of one command, in bytes: MDTS
 *			(once identified) capped by the max_transfer module
 *			parameter
 * @aer_outstanding:	AERs the driver keeps outstanding (AER_CONFIG)
 * @cc:			CC register at the time of the call
 * @csts:		CSTS register at the time of the call
 * @late_completions:	completions that arrived after their command timed
 *			out (each is also logged)
 * @last_reset:		enum nvmetest_reset_type of the last reset of the
 *			function, link or subsystem the driver coordinated
 *			(NVMETEST_RESET_PCI_CORE for one the PCI core did,
 *			NVMETEST_RESET_PCI_ERROR for its recovery of a
 *			fatal PCIe error);
 *			0 = none since bind
 * @resets:		how many such resets since bind
 * @last_reset_ns:	how long the last one took, from the driver's
 *			prepare to its done (the reset itself and the PCI
 *			core's restore of config space)
 * @last_rdy0_ns:	for the last one: from the reset to the first read
 *			of CSTS with RDY = 0
 * @last_enable_ns:	the last controller enable: from the write of CC.EN
 *			= 1 to CSTS.RDY = 1 (0 before the first)
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
	__u32	pcie_errors;
	__u64	bar0_len;
	__u64	cap;
	__u32	vs;
	__u32	cfg_size;
	__u32	capabilities;
	__u32	irq_mode;
	__u16	nr_vectors;
	__u16	asq_depth;
	__u16	acq_depth;
	__u16	nr_io_sq;
	__u16	nr_io_cq;
	__u16	aer_outstanding;
	__u32	max_xfer;
	__u32	cc;
	__u32	csts;
	__u64	late_completions;
	__u32	last_reset;
	__u32	resets;
	__u64	last_reset_ns;
	__u64	last_rdy0_ns;
	__u64	last_enable_ns;
};

/*
 * struct nvmetest_rw.flags.
 * NVMETEST_RW_UNSAFE: allow a write that can make the device DMA to an
 * address the driver does not own or that can wedge the host. Without it
 * such writes fail with -EPERM; with it they are done and logged. It covers:
 *  - BAR0: ASQ, ACQ, BPRSEL, BPMBL, CMBMSC, PMRMSCL/PMRMSCU, and the
 *    message address/data words of MSI-X table entries (vector control is
 *    free);
 *  - config space: the BAR registers (0x10-0x27), the expansion ROM BAR
 *    (0x30), the MSI capability's message address/data, a Command
 *    register write that changes Memory Space Enable or Bus Master Enable,
 *    and a Message Control write that changes MSI Enable or MSI-X Enable.
 * Other writes are free, and two are followed by the driver: a write to
 * CC (it must lie within CC, else -EINVAL) goes through the controller
 * state machine (EN 1 -> 0 disables, EN 0 -> 1 in state ADMINQ enables);
 * a write over an SQ tail doorbell of a queue of the driver's is done
 * only while that queue has nothing in flight, else -EBUSY. AQA is
 * written again at every enable. docs/abi.md, "Memory safety", says why.
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

/**
 * struct nvmetest_ctrl_wait - CTRL_DISABLE, CTRL_RESET, CTRL_SHUTDOWN
 * @timeout_ms:	how long to wait for CSTS.RDY / CSTS.SHST; 0 = CAP.TO
 *		(CTRL_SHUTDOWN: RTD3E from identify, else 10 s)
 * @shn:	CTRL_SHUTDOWN only: 1 = normal, 2 = abrupt (CC.SHN); else 0
 * @csts:	output: CSTS when the wait ended
 * @state:	output: enum nvmetest_ctrl_state after the call
 * @rsvd:	must be zero
 *
 * Commands still outstanding when the controller is disabled, reset or
 * shut down complete with NVMETEST_HOST_ABORTED_RESET. A wait that runs
 * out returns -ETIMEDOUT (state FAILED); CSTS.CFS returns -EIO. RESET
 * needs an admin queue and SHUTDOWN needs ENABLED: -EBUSY otherwise. A
 * DISABLE whose wait runs out keeps the admin queue memory (the device
 * may still write it) until the next successful DISABLE or unbind.
 */
struct nvmetest_ctrl_wait {
	__u32	timeout_ms;
	__u32	shn;
	__u32	csts;
	__u32	state;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_irq_setup - IRQ_SETUP: choose the interrupt mode
 * @mode:	enum nvmetest_irq_mode
 * @nr_vectors:	input: vectors wanted (MSI/MSI-X: 1..2048; INTx: 1;
 *		NONE: 0); output: vectors allocated (may be fewer for
 *		MSI/MSI-X, at least 1)
 * @rsvd:	must be zero
 *
 * Only while no admin queue exists (BOUND, DISABLED; SHUTDOWN and FAILED
 * keep it until CTRL_DISABLE): -EBUSY otherwise. A mode the device does
 * not have (no MSI or MSI-X capability) fails with -EOPNOTSUPP. The admin
 * CQ uses vector 0.
 */
struct nvmetest_irq_setup {
	__u32	mode;
	__u32	nr_vectors;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_adminq_setup - ADMINQ_SETUP: allocate and program the
 * admin queue (AQA, ASQ, ACQ) of a disabled controller
 * @sq_depth:	admin SQ entries, 2..4096
 * @cq_depth:	admin CQ entries, 2..4096
 * @rsvd:	must be zero
 *
 * Needs state DISABLED (-EBUSY otherwise).
 */
struct nvmetest_adminq_setup {
	__u16	sq_depth;
	__u16	cq_depth;
	__u32	rsvd0;
	__u64	rsvd[2];
};

/* struct nvmetest_ctrl_enable.flags */
#define NVMETEST_ENABLE_RAW_CC	(1U << 0)	/* write @cc as given */
#define NVMETEST_ENABLE_FLAGS	(NVMETEST_ENABLE_RAW_CC)

/**
 * struct nvmetest_ctrl_enable - CTRL_ENABLE: write CC with EN = 1, wait RDY
 * @flags:	NVMETEST_ENABLE_*
 * @cc:		with NVMETEST_ENABLE_RAW_CC, the CC value to write (EN is
 *		set by the driver); without it, must be zero and the driver
 *		writes CSS = NVM command set (or all I/O command sets when
 *		CAP.CSS says so), MPS = the host page size, AMS = round
 *		robin, IOSQES = 6, IOCQES = 4
 * @timeout_ms:	0 = CAP.TO
 * @csts:	output: CSTS when the wait ended
 * @cc_written:	output: the CC value written
 * @state:	output: state after the call
 * @rsvd:	must be zero
 *
 * Needs state ADMINQ (-EBUSY otherwise). RDY timeout: -ETIMEDOUT;
 * CSTS.CFS: -EIO; both leave state FAILED.
 */
struct nvmetest_ctrl_enable {
	__u32	flags;
	__u32	cc;
	__u32	timeout_ms;
	__u32	csts;
	__u32	cc_written;
	__u32	state;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_ctrl_init - CTRL_INIT: the default bring-up in one call
 * @irq_mode:	as IRQ_SETUP
 * @nr_vectors:	as IRQ_SETUP (input and output)
 * @aq_depth:	admin SQ and CQ entries, 2..4096; 0 = 32
 * @nr_io_queues: IO queue pairs to ask for with Set Features Number of
 *		Queues, 1..65535; 0 = as many as vectors
 * @nr_io_sq:	output: IO SQs allocated by the controller
 * @nr_io_cq:	output: IO CQs allocated by the controller
 * @status:	output: NVMe status of the failing command, if a command
 *		failed (the call then returns -EIO)
 * @why:	output: enum nvmetest_why when the function cannot be brought
 *		up at all (the call then returns -EIO before touching the
 *		controller): NOT_D0 or NO_MEMORY
 * @state:	output: state after the call
 * @rsvd:	must be zero
 *
 * Disable, interrupt setup, admin queue setup, enable with default CC,
 * Identify Controller (cached by the driver: MDTS, AERL, RTD3E, ...), Set
 * Features Number of Queues.
 */
struct nvmetest_ctrl_init {
	__u32	irq_mode;
	__u32	nr_vectors;
	__u16	aq_depth;
	__u16	nr_io_queues;
	__u16	nr_io_sq;
	__u16	nr_io_cq;
	__u16	status;
	__u16	why;
	__u32	state;
	__u64	rsvd[2];
};

/*
 * Resets of the PCI function, its link or the NVM subsystem
 * (struct nvmetest_reset.type, struct nvmetest_info.last_reset).
 */
enum nvmetest_reset_type {
	/* PCIe Function Level Reset (Device Control, Initiate FLR) */
	NVMETEST_RESET_FLR	= 1,
	/* secondary bus reset through the upstream bridge's Bridge Control
	 * (the PCIe hot reset of the link below it) */
	NVMETEST_RESET_HOT	= 2,
	/* NVM Subsystem Reset: "NVMe" written to the NSSR register */
	NVMETEST_RESET_NSSR	= 3,
	/* a reset the PCI core did by itself (sysfs reset, a bus reset of a
	 * bridge above): never asked for with RESET */
	NVMETEST_RESET_PCI_CORE	= 4,
	/* the link to the upstream port disabled and enabled again (its
	 * Link Control, Link Disable): a conventional reset of the function
	 * (ABI 1.8) */
	NVMETEST_RESET_LINK	= 5,
	/* the PCI core's recovery of a fatal PCIe error (AER, DPC): the link
	 * was reset; never asked for with RESET (ABI 1.9) */
	NVMETEST_RESET_PCI_ERROR = 6,
};

/* struct nvmetest_reset.flags */
/* FLR: skip what the PCI core does for the drives its quirks name (ABI
 * 1.8): CC.EN = 0 before the FLR for Samsung SM961/PM961 (144d:a804),
 * 250 ms after it for Intel 750 / DC P3700 (8086:0953), Intel/Solidigm
 * (8086:0a54, 025e:f1ac). Without the quirk such drives may not come
 * back; with the flag the FLR is what the drive's firmware gets, raw. */
#define NVMETEST_RESET_NO_QUIRK	(1U << 0)
/* FLR, LINK, NSSR: leave config space as the reset left it, for the
 * tester to see the raw post-reset state (ABI 1.10). See below. */
#define NVMETEST_RESET_NO_RESTORE (1U << 1)

/**
 * struct nvmetest_reset - RESET: reset the function, link or subsystem
 * @type:	enum nvmetest_reset_type, except PCI_CORE
 * @flags:	NVMETEST_RESET_NO_QUIRK (FLR only), NVMETEST_RESET_NO_RESTORE
 *		(FLR, LINK, NSSR), else zero
 * @timeout_ms:	how long to wait for CSTS.RDY = 0 after the reset; 0 = CAP.TO
 * @why:	output: enum nvmetest_why when the reset was refused or the
 *		PCI core failed it; after a NO_RESTORE reset, why the
 *		registers cannot be reached (NOT_D0, NO_MEMORY) or NONE
 * @state:	output: state after the call
 * @csts:	output: CSTS after the call
 * @reset_ns:	output: as struct nvmetest_info.last_reset_ns
 * @rdy0_ns:	output: as struct nvmetest_info.last_rdy0_ns
 * @link_ns:	output (LINK, ABI 1.8): from Link Disable cleared to the
 *		link up again (Data Link Layer Link Active, where the port
 *		reports it) and the function answering config requests
 * @peers:	output (NSSR, ABI 1.9): how many other controllers of the
 *		NVM subsystem (the same SUBNQN, SN and MN) bound to nvmetest were
 *		coordinated with this one
 * @rsvd:	must be zero
 *
 * The driver coordinates the reset as it does the PCI core's own (its
 * reset_prepare and reset_done): before it, submissions stop, bus
 * mastering goes off, every outstanding command ends with
 * NVMETEST_HOST_ABORTED_PCI_RESET, IO queues and the admin queue are
 * freed, and IOWorkers end with NVMETEST_IOW_END_PCI_RESET (their results
 * kept); after it, the PCI core restores config space (FLR, HOT; for NSSR
 * the driver does, since the link may have gone down) and the state is
 * DISABLED (or FAILED when CSTS.RDY did not clear within @timeout_ms).
 * Interrupts stay as IRQ_SETUP or CTRL_INIT left them; CTRL_INIT (or
 * ADMINQ_SETUP and CTRL_ENABLE) brings the controller back.
 *
 * LINK sets Link Disable in the upstream port's Link Control, holds it
 * 100 ms, clears it, waits for the link (Data Link Layer Link Active where
 * the port reports it and it read 1 before; then 100 ms) and for the
 * function to answer config
 * requests (at most 1 s each), and restores config space as probe found
 * it. A hotplug port's Presence Detect and Data Link Layer State Changed
 * events are masked meanwhile (as the PCI core does for a slot reset), so
 * that pciehp does not take the link down for a removal. A port that
 * does not take Link Disable (it reads back 0): the controller is disabled
 * instead (CC.EN = 0), config space stays, -EIO with NOT_TAKEN; a link
 * that does not come back: -EIO with LINK_DOWN, state FAILED.
 *
 * NSSR resets every controller of the NVM subsystem: each other one bound
 * to nvmetest on this host whose Identify Controller reported the same
 * SUBNQN, SN and MN is coordinated as the asking one is (its commands
 * end, its IOWorkers end, its config space is restored, its state is
 * DISABLED after it, its INFO counts the reset) and @peers says how many. A
 * controller of the subsystem bound to another driver, or not yet
 * identified, is reset behind its driver's back. CSTS.NSSRO is left as
 * the device set it, for the tester to see and clear.
 *
 * NO_RESTORE (FLR, LINK, NSSR; ABI 1.10) leaves the function's config
 * space as the reset left it, for the tester to read: the raw post-reset
 * state, where a reset function has lost its BARs, Memory Space Enable,
 * Bus Master Enable, MSI/MSI-X enables and Device Control settings. The
 * driver then does not touch the registers: the call returns 0 with
 * @why NO_MEMORY (or NOT_D0), state FAILED and @csts all ones, and
 * CTRL_INIT refuses with the same @why until an FLR or LINK without the
 * flag restores config space as probe found it (a HOT reset restores
 * what the PCI core saves right before it, which is the lost state). A
 * function that kept its config space is looked at as without the flag.
 * NSSR: the other controllers of the subsystem are restored as always.
 * HOT with NO_RESTORE is -EINVAL: the PCI core saves and restores config
 * space around its bus reset.
 *
 * Refused with -EOPNOTSUPP and @why: FLR without FLR capability (NO_FLR),
 * NSSR without CAP.NSSRS (NO_NSSRS), HOT or LINK on a root bus
 * (NO_BRIDGE), LINK below a bridge that is not a PCIe Root Port or
 * Downstream Port (NO_LINK_CTL); with -EBUSY and SHARED_BUS: HOT when a
 * function below the bridge is not bound to nvmetest, LINK when any other
 * function is below it; NSSR with PEER_BUSY or PEER_TOO_MANY. -EIO and
 * PCI_CORE: the PCI core failed the reset.
 */
struct nvmetest_reset {
	__u32	type;
	__u32	flags;
	__u32	timeout_ms;
	__u32	why;
	__u32	state;
	__u32	csts;
	__u64	reset_ns;
	__u64	rdy0_ns;
	__u64	link_ns;
	__u32	peers;
	__u32	rsvd;
};

/* struct nvmetest_aspm.flags */
#define NVMETEST_ASPM_SET	(1U << 0)	/* set @control; else only read */

/**
 * struct nvmetest_aspm - ASPM: the link's Active State Power Management
 * (ABI 1.8)
 * @flags:	NVMETEST_ASPM_*
 * @control:	input (SET): ASPM Control for both ends of the link, bit 0
 *		L0s, bit 1 L1 (PCI_EXP_LNKCTL_ASPMC); output: the function's
 *		(0 when refused before it was read)
 * @why:	output: enum nvmetest_why when refused or not taken
 * @dev_lnkcap:	output: the function's Link Capabilities
 * @dev_lnkctl:	output: its Link Control, after the call
 * @port_lnkcap: output: the upstream port's Link Capabilities
 * @port_lnkctl: output: its Link Control, after the call
 * @port_lnksta: output: its Link Status
 * @rsvd:	must be zero
 *
 * SET writes ASPM Control of both ends in the order the PCIe
 * specification asks for (enabling: the upstream port first; disabling:
 * the function first) and reads both back. The PCI core's own ASPM
 * policy may program the link again later (a policy change through
 * sysfs, a power state change of the function); a reset through RESET or
 * POWER restores the function's Link Control as probe found it, not the
 * port's, so the two ends may then differ: SET again after a reset. Refused with -EOPNOTSUPP: on a
 * root bus (NO_BRIDGE), no PCIe capability on either end (NO_LINK_CTL), a
 * state not in both ends' ASPM Support (NO_ASPM); -EBUSY and SHARED_BUS
 * when another function is below the port (ASPM is per link: every
 * function of it must agree); -EIO and NOT_TAKEN when an end reads back
 * another value (the outputs say which). -EINVAL for unknown flags,
 * @control above 3, or reserved fields.
 */
struct nvmetest_aspm {
	__u32	flags;
	__u32	control;
	__u32	why;
	__u32	dev_lnkcap;
	__u32	dev_lnkctl;
	__u32	port_lnkcap;
	__u32	port_lnkctl;
	__u32	port_lnksta;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_power - POWER: PCI power state D0 or D3hot (PMCSR)
 * @state:	input: 0 (D0) or 3 (D3hot)
 * @flags:	must be zero
 * @timeout_ms:	how long to wait for CSTS.RDY = 0 (before D3hot, after D0);
 *		0 = CAP.TO
 * @why:	output: enum nvmetest_why (NO_PM)
 * @old_state:	output: PMCSR PowerState before the call
 * @no_soft_reset: output: PMCSR No_Soft_Reset (1: D3hot -> D0 keeps the
 *		function's state; 0: it resets the function)
 * @ctrl_state:	output: enum nvmetest_ctrl_state after the call
 * @csts:	output: CSTS after the call (~0 in D3hot: not read)
 * @transition_ns: output: the PMCSR write and the wait the PCI core makes
 *		after it (10 ms or the device's d3hot delay)
 * @rsvd:	must be zero
 *
 * To D3hot: as before a reset (struct nvmetest_reset), outstanding
 * commands end with NVMETEST_HOST_ABORTED_PCI_RESET and the queues go;
 * then the controller is disabled (CC.EN = 0, RDY = 0 awaited) and the
 * function goes to D3hot: state D3HOT. To D0: the function comes back;
 * without No_Soft_Reset it was reset, and config space is restored as
 * probe found it; the driver waits for CSTS.RDY = 0: state DISABLED (or
 * FAILED). A transition to the state the function is in does nothing.
 * -EOPNOTSUPP with NO_PM without a PM capability; -EIO when the PCI core
 * fails the transition.
 */
struct nvmetest_power {
	__u32	state;
	__u32	flags;
	__u32	timeout_ms;
	__u32	why;
	__u32	old_state;
	__u32	no_soft_reset;
	__u32	ctrl_state;
	__u32	csts;
	__u64	transition_ns;
	__u64	rsvd[2];
};

/* struct nvmetest_cmd.flags */
#define NVMETEST_CMD_NO_TIMEOUT	(1U << 0)	/* wait until completion */
/* when the SQ is full, wait (within the timeout) for a free slot instead
 * of failing with -EBUSY */
#define NVMETEST_CMD_WAIT_SLOT	(1U << 1)
#define NVMETEST_CMD_FLAGS	(NVMETEST_CMD_NO_TIMEOUT | NVMETEST_CMD_WAIT_SLOT)

/**
 * struct nvmetest_cmd - CMD: one command, sent and waited for
 * @sqe:	the 64-byte submission queue entry, little-endian as on the
 *		wire. The driver sets CID, PSDT = PRP, DPTR and MPTR; no
 *		user value reaches the device as an address. Every other
 *		field goes as given. DPTR describes the transfer the command
 *		implies where the driver can compute it (NLB and the
 *		namespace format, NUMD, fixed-size structures), else
 *		@data_len: bytes past @data_len go to a driver-owned sink,
 *		and every pointer a longer transfer would follow leads
 *		there too. MPTR points to driver memory as large as the
 *		metadata the command implies (at most what MDTS implies),
 *		whatever @meta_len is. A command whose opcode moves no data
 *		(bits 1:0 = 00) and has no buffer gets DPTR = MPTR = 0.
 *		docs/abi.md, "Memory safety", has the rules.
 * @data:	user address of the data buffer (dword aligned), or 0
 * @metadata:	user address of the metadata buffer, or 0
 * @data_len:	bytes, at most struct nvmetest_info.max_xfer; 0 = no data
 * @meta_len:	bytes, at most the max_meta_kb module parameter (64 KiB by
 *		default); bounced through driver memory
 * @qid:	queue id; 0 = admin, else an IO SQ in the driver's table
 *		(-ENOENT otherwise)
 * @flags:	NVMETEST_CMD_*
 * @timeout_ms:	0 = the admin_timeout_ms module parameter
 * @cqe:	output: the 16-byte completion queue entry as the device
 *		wrote it (valid when @host_status is NVMETEST_HOST_OK)
 * @latency_ns:	output: submission (doorbell) to completion seen
 * @host_status: output: enum nvmetest_host_status
 * @cid:	output: the command identifier the driver used
 * @overrun:	output: bytes of data the device moved beyond @data_len
 *		(NVMETEST_HOST_OVERRUN): what the command implies beyond it
 *		once the device reports success, or, for data from the
 *		device, at least the bytes it changed in the sink
 * @meta_overrun: output: the same for metadata beyond @meta_len
 * @rsvd:	must be zero
 *
 * The data direction follows the opcode's low two bits (01 host to
 * controller, 10 controller to host, 00/11 both). The call returns 0 once
 * the command was submitted, whatever became of it (see @host_status and
 * the CQE status). Errors: -EINVAL for a bad field or a length over the
 * limit; -EFAULT for an unmapped buffer; -EBUSY when the queue is full;
 * -EPERM for an admin opcode that hands host memory to the device (create
 * or delete IO SQ/CQ, Doorbell Buffer Config, Set Features Host Memory
 * Buffer): those go through driver ioctls; -ENXIO when the controller is
 * not ENABLED.
 */
struct nvmetest_cmd {
	__u8	sqe[64];
	__u64	data;
	__u64	metadata;
	__u32	data_len;
	__u32	meta_len;
	__u16	qid;
	__u16	flags;
	__u32	timeout_ms;
	__u8	cqe[16];
	__u64	latency_ns;
	__u32	host_status;
	__u16	cid;
	__u16	rsvd0;
	__u32	overrun;
	__u32	meta_overrun;
	__u64	rsvd[3];
};

/**
 * struct nvmetest_irq_vector - one vector's counters (IRQ_STATS)
 * @vector:	vector index
 * @masked:	1 while masked: through IRQ_CTL, or through REG_WRITE of
 *		INTMS/INTMC (MSI, INTx) or of the vector's MSI-X vector
 *		control, which the driver follows (docs/abi.md)
 * @fired:	sticky flag, set by every interrupt, cleared by IRQ_CTL
 *		NVMETEST_IRQ_CLEAR (pynvme's msix_isset/msix_clear)
 * @masked_irqs: (ABI 1.5) MSI and INTx: interrupts the controller raised
 *		on the vector while it was masked; the handler wrote INTMS
 *		again and did not reap. 0 with MSI-X, where the IRQ core
 *		holds such a message until the unmask.
 * @count:	interrupts handled
 * @last_ns:	CLOCK_MONOTONIC time of the last one (ns), 0 if none
 * @completions: completion entries reaped by this vector's handler
 * @spurious:	interrupts that found no completion
 */
struct nvmetest_irq_vector {
	__u32	vector;
	__u32	masked;
	__u32	fired;
	__u32	masked_irqs;
	__u64	count;
	__u64	last_ns;
	__u64	completions;
	__u64	spurious;
};

/**
 * struct nvmetest_irq_stats - IRQ_STATS: counters of vectors
 * @vectors:	user address of an array of struct nvmetest_irq_vector
 * @first:	first vector index to report
 * @count:	input: array entries; output: entries filled
 * @mode:	output: enum nvmetest_irq_mode
 * @nr_vectors:	output: vectors allocated
 * @rsvd:	must be zero
 */
struct nvmetest_irq_stats {
	__u64	vectors;
	__u32	first;
	__u32	count;
	__u32	mode;
	__u32	nr_vectors;
	__u64	rsvd[2];
};

/* struct nvmetest_irq_ctl.op */
#define NVMETEST_IRQ_CLEAR	1	/* clear the sticky fired flag */
#define NVMETEST_IRQ_MASK	2	/* MSI-X: vector control; MSI/INTx: INTMS */
#define NVMETEST_IRQ_UNMASK	3	/* MSI-X: vector control; MSI/INTx: INTMC */

/**
 * struct nvmetest_irq_ctl - IRQ_CTL: act on one vector
 * @vector:	vector index (< nr_vectors)
 * @op:		NVMETEST_IRQ_CLEAR, _MASK or _UNMASK
 * @rsvd:	must be zero
 */
struct nvmetest_irq_ctl {
	__u32	vector;
	__u32	op;
	__u64	rsvd;
};

/**
 * struct nvmetest_aer_config - AER_CONFIG: AERs the driver keeps outstanding
 * @count:	AERs to keep outstanding, 0..16 and, once CTRL_INIT has
 *		identified the controller, at most AERL + 1 (0 stops:
 *		already outstanding ones stay until they complete or a
 *		reset). Each completed AER's CQE goes to the event ring and
 *		the driver sends a new one.
 * @rsvd:	must be zero
 *
 * Needs state ENABLED (-ENXIO otherwise).
 */
struct nvmetest_aer_config {
	__u32	count;
	__u32	rsvd0;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_event - one completed Asynchronous Event Request
 * @time_ns:	CLOCK_MONOTONIC completion time
 * @seq:	sequence number of the event, from 0 since bind
 * @dw0:	CQE dword 0: event type, information, log page id
 * @status:	CQE status field (phase bit excluded)
 */
struct nvmetest_event {
	__u64	time_ns;
	__u64	seq;
	__u32	dw0;
	__u16	status;
	__u16	rsvd;
};

/**
 * struct nvmetest_events - EVENTS: take events from the ring (oldest first)
 * @events:	user address of an array of struct nvmetest_event
 * @count:	input: array entries; output: entries taken
 * @lost:	output: events dropped because the ring (256) was full,
 *		since the last EVENTS call
 * @rsvd:	must be zero
 */
struct nvmetest_events {
	__u64	events;
	__u32	count;
	__u32	lost;
	__u64	rsvd[2];
};

/* struct nvmetest_cq_create.flags and nvmetest_sq_create.flags */
#define NVMETEST_QUEUE_DISCONTIG (1U << 0)	/* PRP-list (discontiguous)
						 * memory: PC = 0 */
#define NVMETEST_CQ_NO_IEN	(1U << 1)	/* CQ only: IEN = 0 (polled) */
#define NVMETEST_QUEUE_RAW	(1U << 2)	/* the ring is the tester's DMA
						 * buffer (ABI 1.11; see below) */
#define NVMETEST_QUEUE_FLAGS	(NVMETEST_QUEUE_DISCONTIG | NVMETEST_CQ_NO_IEN | \
				 NVMETEST_QUEUE_RAW)

/*
 * Raw queues (NVMETEST_QUEUE_RAW, the raw path; docs/abi.md "The raw
 * path"). The ring is the DMA buffer @dbuf (DBUF_ALLOC) from byte
 * @dbuf_offset: PRP1 of the Create command is that byte's bus address.
 * With PC = 1 (no NVMETEST_QUEUE_DISCONTIG) the ring, @depth entries of
 * the controller's entry size (CC.IOSQES/IOCQES), must lie in one
 * physically contiguous piece of the buffer (-EINVAL); with PC = 0 the
 * tester has written a PRP list there. The driver sends the Create and
 * Delete commands and keeps the queue in its table, but never writes an
 * SQE into a raw SQ nor reaps a raw CQ: the tester writes SQEs, rings the
 * doorbells (REG_WRITE, which refuses only the driver's own queues' tail
 * doorbells) and reads CQEs. A raw SQ needs a raw CQ, and a raw CQ takes
 * raw SQs only (-EINVAL). A raw CQ with interrupts enabled needs MSI-X or
 * polled mode (-EINVAL with MSI or INTx: a level-style interrupt of a CQ
 * the driver does not drain would never clear); its vector's interrupts
 * are counted in IRQ_STATS and signal IRQ_EVENTFD. Raw queues need
 * NVMETEST_INFO_CAP_RAW at creation (-EPERM): the tester's SQEs carry DMA
 * addresses the driver never sees. A @dbuf that is not one of this
 * file's live handles is -EINVAL. CMD and io_uring commands to a raw SQ
 * fail with -ENXIO (the driver posts nothing there). With PC = 0 the driver does not read
 * the tester's PRP list: its entries may point anywhere. Like every IO
 * queue, raw queues leave the driver's table when the controller is
 * disabled, reset or removed (QUEUE_DELETE is then -ENOENT).
 * NVMETEST_INFO_CAP_RAW follows raw_unsafe, which may change: read INFO
 * again rather than keep it.
 */

/**
 * struct nvmetest_cq_create - CQ_CREATE: allocate and create an IO CQ
 * @qid:	queue id to create; any value, 0 included, is sent for the
 *		device to judge; an id the driver already has in its table
 *		is -EEXIST
 * @vector:	interrupt vector (IV); the driver reaps this CQ from that
 *		vector's handler when it has one
 * @depth:	entries, 1..65536, sent 0's based; values the controller
 *		must reject (1, over CAP.MQES + 1) are sent as given
 * @flags:	NVMETEST_QUEUE_*
 * @status:	output: the CQE status field of Create I/O Completion Queue
 *		without the phase bit (SC, SCT, CRD, More, DNR); 0 = created;
 *		otherwise the driver freed the memory and the queue does not
 *		exist
 * @dbuf:	NVMETEST_QUEUE_RAW: the DMA buffer of the ring; else zero
 * @dbuf_offset: NVMETEST_QUEUE_RAW: where in it the ring (PC = 1) or its
 *		PRP list (PC = 0) starts; else zero
 * @rsvd:	must be zero
 *
 * The queue belongs to the file that created it and is deleted (SQs
 * first) when that file is closed. Needs state ENABLED (-ENXIO).
 */
struct nvmetest_cq_create {
	__u16	qid;
	__u16	vector;
	__u32	depth;
	__u32	flags;
	__u16	status;
	__u16	rsvd0;
	__u32	dbuf;
	__u32	dbuf_offset;
	__u64	rsvd[1];
};

/**
 * struct nvmetest_sq_create - SQ_CREATE: allocate and create an IO SQ
 * @qid:	queue id to create; any value is sent (-EEXIST if the
 *		driver already has it)
 * @cqid:	completion queue it posts to (the driver needs it in its
 *		table: -ENOENT otherwise; several SQs may share a CQ)
 * @depth:	entries, 1..65536, sent 0's based
 * @flags:	NVMETEST_QUEUE_DISCONTIG, NVMETEST_QUEUE_RAW
 * @qprio:	queue priority (QPRIO, 0 urgent .. 3 low)
 * @status:	output: NVMe status of Create I/O Submission Queue
 * @nvmsetid:	NVM set identifier (0 = none)
 * @dbuf:	as struct nvmetest_cq_create
 * @dbuf_offset: as struct nvmetest_cq_create
 * @rsvd:	must be zero
 */
struct nvmetest_sq_create {
	__u16	qid;
	__u16	cqid;
	__u32	depth;
	__u32	flags;
	__u8	qprio;
	__u8	rsvd0;
	__u16	status;
	__u16	nvmsetid;
	__u16	rsvd1;
	__u32	rsvd2;
	__u32	dbuf;
	__u32	dbuf_offset;
	__u64	rsvd[1];
};

#define NVMETEST_QUEUE_SQ	1
#define NVMETEST_QUEUE_CQ	2

/**
 * struct nvmetest_queue_delete - QUEUE_DELETE: delete an IO SQ or CQ
 * @qid:	queue id
 * @type:	NVMETEST_QUEUE_SQ or NVMETEST_QUEUE_CQ
 * @status:	output: NVMe status of the Delete command. When the device
 *		accepts it the driver aborts the queue's outstanding commands
 *		(NVMETEST_HOST_ABORTED_RESET if the device did not complete
 *		them) and frees the memory; when it refuses (e.g. a CQ that
 *		SQs still use: Invalid Queue Deletion) the queue stays.
 * @rsvd:	must be zero
 *
 * Only the file that created the queue may delete it (-EPERM).
 */
struct nvmetest_queue_delete {
	__u16	qid;
	__u16	type;
	__u16	status;
	__u16	rsvd0;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_queue_info - one queue's state (QUEUE_LIST)
 * @qid:	queue id (0 = admin)
 * @type:	NVMETEST_QUEUE_SQ or NVMETEST_QUEUE_CQ
 * @flags:	NVMETEST_QUEUE_* it was created with
 * @depth:	entries
 * @cqid:	SQ: the CQ it posts to; CQ: 0
 * @vector:	CQ: interrupt vector; SQ: 0
 * @qprio:	SQ: priority
 * @head:	SQ: head as last reported by the device (CQE SQHD); CQ: the
 *		driver's head
 * @tail:	SQ: the driver's tail; CQ: 0
 * @phase:	CQ: expected phase tag
 * @outstanding: SQ: commands submitted and not completed (timed-out ones
 *		included); CQ: 0
 * @submitted:	SQ: commands submitted since creation
 * @completed:	SQ: completions reaped since creation; CQ: entries reaped
 */
struct nvmetest_queue_info {
	__u16	qid;
	__u16	type;
	__u32	flags;
	__u32	depth;
	__u16	cqid;
	__u16	vector;
	__u32	qprio;
	__u32	head;
	__u32	tail;
	__u32	phase;
	__u32	outstanding;
	__u32	rsvd0;
	__u64	submitted;
	__u64	completed;
};

/**
 * struct nvmetest_queue_list - QUEUE_LIST: the driver's queue table
 * @queues:	user address of an array of struct nvmetest_queue_info
 * @count:	input: array entries; output: entries filled
 * @total:	output: queues in the table (admin SQ and CQ included)
 * @rsvd:	must be zero
 */
struct nvmetest_queue_list {
	__u64	queues;
	__u32	count;
	__u32	total;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_ns_info - one active namespace (NS_LIST)
 * @nsid:	namespace id
 * @flbas:	formatted LBA size (Identify Namespace FLBAS)
 * @nlbaf:	number of LBA formats, 0's based
 * @dps:	end-to-end protection settings
 * @mc:		metadata capabilities
 * @dlfeat:	deallocate logical block features
 * @nsze:	namespace size in logical blocks
 * @ncap:	namespace capacity
 * @nuse:	namespace utilization
 * @lba_size:	bytes of data per logical block of the current format
 * @ms:		metadata bytes per logical block of the current format
 * @extended:	1 when metadata is transferred with the data (extended LBA)
 * @lbaf:	LBA format dwords as Identify Namespace reports them (MS,
 *		LBADS, RP), @nlbaf + 1 of them valid
 */
struct nvmetest_ns_info {
	__u32	nsid;
	__u8	flbas;
	__u8	nlbaf;
	__u8	dps;
	__u8	mc;
	__u8	dlfeat;
	__u8	rsvd0[7];
	__u64	nsze;
	__u64	ncap;
	__u64	nuse;
	__u32	lba_size;
	__u16	ms;
	__u8	extended;
	__u8	rsvd1;
	__u32	lbaf[64];
};

/* struct nvmetest_ns_list.flags */
#define NVMETEST_NS_RESCAN	(1U << 0)	/* identify again first */

/**
 * struct nvmetest_ns_list - NS_LIST: the active namespaces
 * @ns:		user address of an array of struct nvmetest_ns_info
 * @count:	input: array entries; output: entries filled
 * @total:	output: active namespaces known to the driver
 * @flags:	NVMETEST_NS_RESCAN: identify the active namespace list and
 *		every namespace again (after Format, Namespace Management or
 *		a Namespace Attribute Changed event)
 * @status:	output: NVMe status of the first failed identify command
 * @rsvd:	must be zero
 *
 * The driver identifies the namespaces at CTRL_INIT; needs ENABLED.
 */
struct nvmetest_ns_list {
	__u64	ns;
	__u32	count;
	__u32	total;
	__u32	flags;
	__u16	status;
	__u16	rsvd0;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_cmdlog_entry - one command of a queue's command log
 * @sqe:	the SQE as submitted (CID and PRPs as the driver set them)
 * @cqe:	the CQE as reaped; zero while outstanding
 * @submit_ns:	CLOCK_MONOTONIC time of the doorbell write
 * @complete_ns: time the completion was reaped; 0 while outstanding
 * @seq:	sequence number of the command on its queue, from 0
 * @host_status: enum nvmetest_host_status (OK once completed by the
 *		device, TIMEOUT while timed out and still outstanding)
 * @qid:	queue id
 * @done:	1 once the command is completed or aborted
 * @flags:	NVMETEST_CMDLOG_*
 */
struct nvmetest_cmdlog_entry {
	__u8	sqe[64];
	__u8	cqe[16];
	__u64	submit_ns;
	__u64	complete_ns;
	__u64	seq;
	__u32	host_status;
	__u16	qid;
	__u8	done;
	__u8	flags;
};

/* struct nvmetest_cmdlog_entry.flags: the device moved more data or
 * metadata than the caller's buffers hold (NVMETEST_HOST_OVERRUN) */
#define NVMETEST_CMDLOG_OVERRUN	(1U << 0)

/**
 * struct nvmetest_cmdlog - CMDLOG: the newest entries of a queue's log
 * @entries:	user address of an array of struct nvmetest_cmdlog_entry
 * @count:	input: array entries; output: entries filled, oldest first
 * @qid:	queue id (0 = admin)
 * @rsvd0:	must be zero
 * @total:	output: commands logged on this queue since it was created
 * @ring:	output: the ring's size (cmdlog_entries module parameter)
 * @rsvd:	must be zero
 *
 * Each queue keeps a ring of the last @ring commands; an entry is written
 * before the doorbell and completed from the completion path.
 */
struct nvmetest_cmdlog {
	__u64	entries;
	__u32	count;
	__u16	qid;
	__u16	rsvd0;
	__u64	total;
	__u32	ring;
	__u32	rsvd1;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_uring_cmd - the command area of an io_uring SQE128
 * (IORING_OP_URING_CMD, cmd_op NVMETEST_URING_CMD_IO) on /dev/nvmetestN
 * @opcode:	SQE opcode
 * @flags:	SQE byte 1 (FUSE; PSDT is set by the driver)
 * @qid:	queue id (0 = admin)
 * @nsid:	namespace id
 * @cdw2:	command dword 2
 * @cdw3:	command dword 3
 * @metadata:	user address of the metadata buffer, or 0
 * @addr:	user address of the data buffer, or 0
 * @metadata_len: metadata bytes
 * @data_len:	data bytes
 * @cdw10:	command dwords 10..15
 * @cdw11:	...
 * @cdw12:	...
 * @cdw13:	...
 * @cdw14:	...
 * @cdw15:	...
 * @timeout_ms:	0 = the module default
 * @rsvd:	must be zero
 *
 * Validation and mediation are those of NVMETEST_IOC_CMD. The CQE32's res
 * is 0 when the device completed the command, or a negative errno (bad
 * input; -ETIMEDOUT for a timeout or a signal, -ECANCELED for a reset,
 * -ENODEV for a removed device; -EILSEQ when the data read failed
 * verification, NVMETEST_HOST_VERIFY_FAILED; -EOVERFLOW when the device
 * moved more than the buffers hold, NVMETEST_HOST_OVERRUN: the command
 * log entry is marked); its first extra u64 holds CQE dword 0
 * (bits 31:0) and dword 3 (bits 63:32: CID, phase, status) when the
 * device completed the command, else (ABI 1.10) the host status that
 * ended it (enum nvmetest_host_status: a reset of the controller, a reset
 * of the function, a timeout, a removal); the second is 0 (the kernel's
 * io_uring_cmd_done() passes one value). A timed-out
 * command keeps its slot until the device completes it, as with CMD.
 * Commands are not cancelable: closing the ring waits until each one
 * completes or times out.
 */
struct nvmetest_uring_cmd {
	__u8	opcode;
	__u8	flags;
	__u16	qid;
	__u32	nsid;
	__u32	cdw2;
	__u32	cdw3;
	__u64	metadata;
	__u64	addr;
	__u32	metadata_len;
	__u32	data_len;
	__u32	cdw10;
	__u32	cdw11;
	__u32	cdw12;
	__u32	cdw13;
	__u32	cdw14;
	__u32	cdw15;
	__u32	timeout_ms;
	__u32	rsvd;
};

#define NVMETEST_URING_CMD_IO	_IOWR(NVMETEST_IOC_MAGIC, 0x70, struct nvmetest_uring_cmd)

/* struct nvmetest_verify_config.flags */
#define NVMETEST_VERIFY_ENABLE	(1U << 0)	/* verification on (else off) */
#define NVMETEST_VERIFY_SET_CAP	(1U << 1)	/* apply @mem_cap */
#define NVMETEST_VERIFY_CLEAR	(1U << 2)	/* forget every entry (free the
						 * map) and the failure state */
#define NVMETEST_VERIFY_FLAGS	(NVMETEST_VERIFY_ENABLE | \
				 NVMETEST_VERIFY_SET_CAP | NVMETEST_VERIFY_CLEAR)

/**
 * struct nvmetest_verify_config - VERIFY_CONFIG: per-namespace verification
 * @nsid:	namespace id (active, known through NS_LIST), or 0xffffffff for
 *		every namespace
 * @flags:	NVMETEST_VERIFY_*
 * @mem_cap:	bytes of map memory the namespace may use (with SET_CAP);
 *		0 = the verify_mem_cap_mb module parameter
 * @rsvd:	must be zero
 *
 * Turning verification off keeps the map (reads are not checked, writes
 * do not update it: the map is then stale, so turning it on again clears
 * it first). @nsid 0 is -EINVAL; a namespace not in NS_LIST is -ENOENT.
 * SET_CAP lets a CAPPED map grow again. CLEAR also zeroes the namespace's
 * counters and empties the controller's failure log.
 */
struct nvmetest_verify_config {
	__u32	nsid;
	__u32	flags;
	__u64	mem_cap;
	__u64	rsvd[2];
};

/* struct nvmetest_verify_status.state */
#define NVMETEST_VERIFY_OFF	0
#define NVMETEST_VERIFY_ON	1
/* the memory cap was reached: the map stopped growing, and LBAs without an
 * entry are neither recorded nor checked from then on (reported, never a
 * silent gap: @lbas_untracked counts the writes that could not be
 * recorded) */
#define NVMETEST_VERIFY_CAPPED	2

/**
 * struct nvmetest_verify_status - VERIFY_STATUS: one namespace's map
 * @nsid:	input: namespace id
 * @state:	output: NVMETEST_VERIFY_OFF, _ON or _CAPPED
 * @lba_size:	output: bytes per LBA the map was built for
 * @chunk_lbas:	output: LBAs per map chunk (allocated on first write)
 * @mem_used:	output: bytes of map memory in use
 * @mem_cap:	output: the cap
 * @chunks:	output: chunks allocated
 * @lbas_written: output: LBA entries recorded by writes (and VERIFY_LOAD)
 * @lbas_verified: output: LBAs checked by reads
 * @lbas_untracked: output: LBAs written that could not be recorded (cap)
 * @failures:	output: verification failures on this namespace
 * @users:	output: controllers using the map now (ABI 1.7): the map
 *		belongs to the namespace (the drive's SN, MN and SUBNQN, the
 *		NSID, NGUID and EUI64), so controllers sharing a namespace
 *		share it, and a map that is on outlives a binding
 * @adoptions:	output: times a new binding of the drive took the map over
 *		from the last one (ABI 1.7)
 * @cut_old:	output: LBAs of writes that did not complete (aborted, timed
 *		out, failed; cut by a reset, a removal or a power loss) that
 *		a read found holding their old data (ABI 1.7; saturates)
 * @cut_new:	output: ... holding the new data. Such an LBA may hold
 *		either, never anything else: a read that finds neither is a
 *		failure of kind NVMETEST_VFAIL_NEITHER
 * @unflushed:	output (ABI 1.8): LBAs written behind a volatile write cache
 *		(NVMETEST_VDUR_VWC) that no Flush, FUA or normal shutdown has
 *		made durable yet. At a power loss (the map parked: unbind,
 *		removal, power cycle; or an NVM Subsystem Reset) each such LBA
 *		may hold its durable data or its newest, and becomes an LBA
 *		with two candidates as above
 * @flushes:	output (ABI 1.8): Flushes that completed successfully while
 *		the map was on
 * @durability:	output (ABI 1.8): NVMETEST_VDUR_* flags
 * @rsvd:	output: zero
 *
 * NVMETEST_IOC_VERIFY_STATUS_17 is the same call with the 88 bytes of
 * ABI 1.7 (up to @cut_new).
 */
struct nvmetest_verify_status {
	__u32	nsid;
	__u32	state;
	__u32	lba_size;
	__u32	chunk_lbas;
	__u64	mem_used;
	__u64	mem_cap;
	__u64	chunks;
	__u64	lbas_written;
	__u64	lbas_verified;
	__u64	lbas_untracked;
	__u64	failures;
	__u32	users;
	__u32	adoptions;
	__u32	cut_old;
	__u32	cut_new;
	__u64	unflushed;
	__u64	flushes;
	__u32	durability;
	__u32	rsvd[5];
};

/* struct nvmetest_verify_status.durability */
/* the controller reports a volatile write cache (Identify VWC) and no
 * Set Features has turned it off since the last enable: a completed write
 * is durable only after a Flush (of its namespace or of all), with FUA, or
 * after a normal shutdown */
#define NVMETEST_VDUR_VWC	(1U << 0)
/* more LBAs waited for a Flush than the map can record (one per 16 bytes
 * of its cap): at the next power loss the whole map is emptied */
#define NVMETEST_VDUR_LOST	(1U << 1)

/**
 * struct nvmetest_verify_dump - VERIFY_DUMP and VERIFY_LOAD: map entries
 * of an LBA range
 * @nsid:	namespace id
 * @count:	input: entries wanted (at most 65536); output: entries filled
 *		(LOAD: 1 to 65536 in; out: the entries stored)
 * @slba:	first LBA
 * @entries:	user address of an array of __u32 (NVMETEST_CRC_* or a CRC)
 * @rsvd:	must be zero
 *
 * VERIFY_DUMP gives NVMETEST_CRC_UNKNOWN for an LBA with two candidates (a
 * write that did not complete, until a read decides: ABI 1.7).
 * VERIFY_LOAD (ABI 1.7) sets the entries of [@slba, @slba + @count), which
 * must lie inside the namespace (-EINVAL), of a map that is on (-ENODATA
 * when it is off); it waits for the commands in flight on the range, as a
 * Write would. NVMETEST_CRC_UNKNOWN forgets an entry. -ENOSPC when the map
 * reached its cap (or memory ran out): @count then says how many entries
 * were stored. Loaded entries count in @lbas_written of VERIFY_STATUS.
 */
struct nvmetest_verify_dump {
	__u32	nsid;
	__u32	count;
	__u64	slba;
	__u64	entries;
	__u64	rsvd[2];
};

/* struct nvmetest_verify_failure.kind */
#define NVMETEST_VFAIL_CRC		1	/* data CRC differs */
#define NVMETEST_VFAIL_LBA_STAMP	2	/* bytes 0-7 name another LBA:
						 * misdirected IO */
#define NVMETEST_VFAIL_NOT_ZERO		3	/* zeroes expected */
#define NVMETEST_VFAIL_UNCORRECTABLE	4	/* a read of an uncorrectable
						 * LBA succeeded */
#define NVMETEST_VFAIL_NEITHER		5	/* neither the old nor the new
						 * data of a write that did not
						 * complete (ABI 1.7) */

/**
 * struct nvmetest_verify_failure - one entry of the failure log
 * @time_ns:	CLOCK_MONOTONIC time the read was checked
 * @lba:	the LBA
 * @nsid:	namespace id
 * @kind:	NVMETEST_VFAIL_*
 * @expected_crc: map entry
 * @found_crc:	CRC32C of the data read (as the map would store it)
 * @found_lba:	bytes 0-7 of the data read (the LBA stamp)
 * @found_token: the last 8 bytes of the data read (the write token)
 * @read_qid:	queue of the failing read
 * @read_cid:	its CID
 * @read_seq:	its command log sequence number
 * @write_qid:	queue of the command that last wrote the LBA through the
 *		driver, if still known (0xffff otherwise)
 * @write_seq:	its command log sequence number
 * @write_token: its write token (0 if unknown)
 */
struct nvmetest_verify_failure {
	__u64	time_ns;
	__u64	lba;
	__u32	nsid;
	__u32	kind;
	__u32	expected_crc;
	__u32	found_crc;
	__u64	found_lba;
	__u64	found_token;
	__u16	read_qid;
	__u16	read_cid;
	__u16	write_qid;
	__u16	rsvd0;
	__u64	read_seq;
	__u64	write_seq;
	__u64	write_token;
};

/**
 * struct nvmetest_verify_failures - VERIFY_FAILURES: the failure log
 * @failures:	user address of an array of struct nvmetest_verify_failure
 * @count:	input: entries; output: entries filled, oldest first
 * @lost:	output: failures that did not fit in the log (256 entries)
 * @total:	output: failures since the log was last cleared
 * @flags:	NVMETEST_VERIFY_FAILURES_CLEAR: empty the log after reading
 * @rsvd:	must be zero
 */
#define NVMETEST_VERIFY_FAILURES_CLEAR	(1U << 0)
struct nvmetest_verify_failures {
	__u64	failures;
	__u32	count;
	__u32	lost;
	__u64	total;
	__u32	flags;
	__u32	rsvd0;
	__u64	rsvd[2];
};

/*
 * IOWorkers: kernel threads that generate IO on one IO queue pair of
 * their own at device speed (IOWORKER_START) and keep fio-grade
 * statistics (IOWORKER_RESULT). A worker belongs to the file that started
 * it: closing the file stops it and frees its record. Its SQ and CQ are
 * created by the driver when it starts (the lowest free queue ids, or
 * @qid) and deleted when it ends; they show in QUEUE_LIST and CMDLOG and
 * refuse CMD, uring commands, QUEUE_DELETE and SQ_CREATE on its CQ
 * (-EBUSY) while it runs. START needs state ENABLED (-ENXIO); it fails
 * with -ENOSPC when the file has NVMETEST_IOW_MAX_PER_FILE records,
 * -EEXIST when @qid is taken, -EBUSY when no queue id is free, -EIO when
 * the device refuses to create a queue, and -EINVAL with @bad_field set.
 * STOP, WAIT, RESULT and LIST only look at the file's records: they work
 * after the device was removed (the results of its workers are kept).
 * A controller reset, disable or shutdown ends a running worker
 * (END_RESET), a removal too (END_REMOVED).
 */
#define NVMETEST_IOW_MAX_OPS	8	/* entries of the op mix */
#define NVMETEST_IOW_MAX_SIZES	16	/* entries of the IO size distribution */
#define NVMETEST_IOW_BUCKETS	100	/* LBA distribution: 1% of the region each */
#define NVMETEST_IOW_MAX_QDEPTH	1024	/* IOs outstanding at once */
#define NVMETEST_IOW_MAX_REPLAY	(1U << 20)	/* IO sequence entries */
#define NVMETEST_IOW_MAX_PER_FILE 64	/* workers (running or not released) */

/*
 * Latency histogram (fio's log-linear scheme): values below 2^(BITS+1) ns
 * each have their own bucket; above that, each power-of-two range is cut
 * into 2^BITS equal buckets, so a bucket is at most 1/2^BITS (1.6%) of its
 * value wide and the midpoint is within 0.8%. GROUPS ranges cover up to
 * 2^(GROUPS+BITS-1) ns (about 17 s); larger values go to the last bucket.
 * Histograms of several workers merge by adding buckets. core/hist.h
 * has the index/value functions and percentiles, shared by the driver and
 * libnvmetest.
 */
#define NVMETEST_HIST_BITS	6
#define NVMETEST_HIST_GROUPS	29
#define NVMETEST_HIST_BUCKETS	(NVMETEST_HIST_GROUPS << NVMETEST_HIST_BITS) /* 1856 */

/* struct nvmetest_ioworker_spec.flags */
#define NVMETEST_IOW_POLLED	(1U << 0)	/* CQ without interrupts (IEN = 0);
						 * the worker polls it */
#define NVMETEST_IOW_STOP_ON_ERROR (1U << 1)	/* end at the first IO that
						 * fails (status, timeout or
						 * verification) */
#define NVMETEST_IOW_PIN_CPU	(1U << 2)	/* run on @cpu only */
#define NVMETEST_IOW_FLAGS	(NVMETEST_IOW_POLLED | NVMETEST_IOW_STOP_ON_ERROR | \
				 NVMETEST_IOW_PIN_CPU)

/* struct nvmetest_ioworker_spec.pattern: the data writes carry */
#define NVMETEST_PATTERN_ZEROES	0
#define NVMETEST_PATTERN_ONES	1	/* every byte 0xff */
#define NVMETEST_PATTERN_DWORD	2	/* @pattern_value, little-endian,
					 * repeated */
#define NVMETEST_PATTERN_RANDOM	3	/* random bytes; the last
					 * @compress_pct percent of each LBA
					 * are zeroes */

/*
 * struct nvmetest_ioworker_spec.bad_field: which field made START fail with
 * -EINVAL (NVMETEST_IOW_FIELD_NONE when it succeeded or failed otherwise).
 */
enum nvmetest_iow_field {
	NVMETEST_IOW_FIELD_NONE = 0,
	NVMETEST_IOW_FIELD_NSID,
	NVMETEST_IOW_FIELD_FLAGS,
	NVMETEST_IOW_FIELD_QID,
	NVMETEST_IOW_FIELD_VECTOR,
	NVMETEST_IOW_FIELD_QDEPTH,
	NVMETEST_IOW_FIELD_CPU,
	NVMETEST_IOW_FIELD_REGION,	/* region_start/region_end */
	NVMETEST_IOW_FIELD_LBA_START,
	NVMETEST_IOW_FIELD_LBA_STEP,
	NVMETEST_IOW_FIELD_LBA_ALIGN,
	NVMETEST_IOW_FIELD_RANDOM_PCT,
	NVMETEST_IOW_FIELD_SIZES,	/* sizes[] / nr_sizes */
	NVMETEST_IOW_FIELD_OPS,		/* ops[] / nr_ops */
	NVMETEST_IOW_FIELD_DISTRIBUTION,
	NVMETEST_IOW_FIELD_PATTERN,	/* pattern / compress_pct */
	NVMETEST_IOW_FIELD_LIMITS,	/* neither time_ms, io_count nor replay */
	NVMETEST_IOW_FIELD_REPLAY,	/* replay / nr_replay or an entry */
	NVMETEST_IOW_FIELD_TIMEOUT,
	NVMETEST_IOW_FIELD_RSVD,	/* a reserved field is not zero */
};

/**
 * struct nvmetest_ioworker_op - one entry of the op mix
 * @opcode:	NVM command set opcode: Flush (0x00), Write (0x01), Read
 *		(0x02), Write Uncorrectable (0x04), Compare (0x05), Write
 *		Zeroes (0x08), Dataset Management (0x09: one Deallocate range,
 *		the "trim"), Verify (0x0c), or any other opcode, which is sent
 *		with SLBA in CDW10-11, NLB - 1 in CDW12 and a data buffer in
 *		the direction bits 1:0 of the opcode give
 * @pct:	percent of the IOs, 1..100; the entries add up to 100
 * @rsvd:	must be zero
 */
struct nvmetest_ioworker_op {
	__u8	opcode;
	__u8	pct;
	__u16	rsvd;
};

/**
 * struct nvmetest_ioworker_size - one entry of the IO size distribution
 * @nlb:	logical blocks per IO, 1..65536 and within max_xfer
 * @pct:	percent of the IOs, 1..100; the entries add up to 100
 */
struct nvmetest_ioworker_size {
	__u32	nlb;
	__u32	pct;
};

/**
 * struct nvmetest_ioworker_replay - one IO of a replayed sequence
 * @time_us:	when to submit it, microseconds from the start (not before
 *		the previous entry's time); entries are submitted in order
 * @slba:	starting LBA
 * @nlb:	logical blocks, 1..65536 and within max_xfer
 * @opcode:	any opcode the op mix accepts
 * @rsvd:	must be zero
 */
struct nvmetest_ioworker_replay {
	__u64	time_us;
	__u64	slba;
	__u32	nlb;
	__u8	opcode;
	__u8	rsvd[3];
};

/**
 * struct nvmetest_ioworker_spec - IOWORKER_START: what a worker does
 * @nsid:	namespace (active, in NS_LIST)
 * @flags:	NVMETEST_IOW_*
 * @qid:	SQ and CQ id to create (both get it); 0 = the lowest id that
 *		is neither an SQ nor a CQ of the driver's table, from 1 to
 *		the controller's allocated count (min of nr_io_sq and
 *		nr_io_cq); an id above that count is -EINVAL (QID)
 * @vector:	interrupt vector of the CQ (< nr_vectors); must be 0 when the
 *		worker polls: with POLLED, and with irq mode NONE, where
 *		every worker polls as if POLLED were set
 * @qdepth:	IOs outstanding at most, 1..NVMETEST_IOW_MAX_QDEPTH (the
 *		queues get @qdepth + 1 entries, within CAP.MQES + 1); each
 *		has a buffer for the largest IO, and @qdepth buffers must
 *		fit in the ioworker_mem_mb module parameter (256 MiB)
 * @cpu:	with PIN_CPU: the CPU to run on (online); else must be 0
 * @iops_limit:	IOs per second at most, 0 = unlimited
 * @seed:	of the random generators; 0 = a random seed, reported in
 *		the result (so a run can be repeated)
 * @region_start: first LBA of the region IOs stay in
 * @region_end:	LBA after the region; 0 = the namespace's size
 * @lba_start:	first LBA of sequential IO, within the region
 * @lba_step:	LBAs from one sequential IO's start to the next; 0 = the
 *		IO's size; sequential IO wraps to @region_start at the end
 * @lba_align:	IO starts are multiples of it (LBAs); 0 or 1 = none
 * @random_pct:	percent of IOs at random LBAs (0 = sequential, 100 =
 *		random)
 * @nr_sizes:	entries of @sizes; 0 = every IO moves 4 KiB (4096 / LBA
 *		data size blocks, at least 1)
 * @nr_ops:	entries of @ops; 0 = 100% Read
 * @pattern:	NVMETEST_PATTERN_*
 * @pattern_value: DWORD: the value
 * @compress_pct: RANDOM: percent of each LBA that is zeroes, 0..100
 * @io_timeout_ms: per IO, at most 3600000; 0 = the admin_timeout_ms
 *		module parameter. An IO outstanding longer ends the run
 *		(END_FAILED, counted in @errors with host status TIMEOUT)
 * @time_ms:	run time; 0 = no limit
 * @io_count:	IOs to complete; 0 = no limit (time_ms or replay needed)
 * @replay:	user address of struct nvmetest_ioworker_replay[@nr_replay]:
 *		when set the worker submits exactly that sequence (the LBA,
 *		size and op generators are not used; @ops is still checked)
 *		and ends after its last IO (or earlier at @time_ms /
 *		@io_count). The result's op entries are then the distinct
 *		opcodes of the sequence in order of appearance (at most
 *		NVMETEST_IOW_MAX_OPS, else -EINVAL REPLAY)
 * @nr_replay:	entries, 1..NVMETEST_IOW_MAX_REPLAY when @replay is set
 * @bad_field:	output: enum nvmetest_iow_field when START fails with -EINVAL
 * @id:		output: the worker id (> 0, unique per controller)
 * @sqid:	output: the SQ created
 * @cqid:	output: the CQ created
 * @ops:	the op mix
 * @sizes:	the IO size distribution
 * @distribution: LBA hot/cold distribution for random IO: weights of the
 *		100 equal parts of the region, adding up to 10000; all zero =
 *		uniform
 * @rsvd:	must be zero
 */
struct nvmetest_ioworker_spec {
	__u32	nsid;
	__u32	flags;
	__u16	qid;
	__u16	vector;
	__u32	qdepth;
	__u32	cpu;
	__u32	iops_limit;
	__u64	seed;
	__u64	region_start;
	__u64	region_end;
	__u64	lba_start;
	__u32	lba_step;
	__u32	lba_align;
	__u32	random_pct;
	__u32	nr_sizes;
	__u32	nr_ops;
	__u32	pattern;
	__u32	pattern_value;
	__u32	compress_pct;
	__u32	io_timeout_ms;
	__u32	rsvd0;
	__u64	time_ms;
	__u64	io_count;
	__u64	replay;
	__u32	nr_replay;
	__u32	bad_field;
	__u32	id;
	__u16	sqid;
	__u16	cqid;
	struct nvmetest_ioworker_op ops[NVMETEST_IOW_MAX_OPS];
	struct nvmetest_ioworker_size sizes[NVMETEST_IOW_MAX_SIZES];
	__u16	distribution[NVMETEST_IOW_BUCKETS];
	__u64	rsvd[8];
};

/* struct nvmetest_ioworker_result.state */
#define NVMETEST_IOW_RUNNING	1
#define NVMETEST_IOW_DONE	2

/* struct nvmetest_ioworker_result.end_reason */
#define NVMETEST_IOW_END_NONE	0	/* still running */
#define NVMETEST_IOW_END_COUNT	1	/* io_count IOs completed */
#define NVMETEST_IOW_END_TIME	2	/* time_ms passed */
#define NVMETEST_IOW_END_REPLAY	3	/* the replayed sequence is done */
#define NVMETEST_IOW_END_STOPPED 4	/* IOWORKER_STOP */
#define NVMETEST_IOW_END_ERROR	5	/* STOP_ON_ERROR: see @first_error */
#define NVMETEST_IOW_END_RESET	6	/* a controller reset, disable or
					 * shutdown ended its queues */
#define NVMETEST_IOW_END_REMOVED 7	/* the device was removed */
#define NVMETEST_IOW_END_FAILED	8	/* the worker could not go on (an IO
					 * timed out, or memory) */
#define NVMETEST_IOW_END_PCI_RESET 9	/* a reset of the function, link or
					 * subsystem ended its queues */

/* struct nvmetest_ioworker_result.flags */
#define NVMETEST_IOW_RES_ABORTED (1U << 0)	/* IOs were outstanding at the
						 * end and were aborted, not
						 * completed (counted in
						 * @aborted) */
#define NVMETEST_IOW_RES_SECONDS_DROPPED (1U << 1) /* the run outlived the
						 * per-second table */

/**
 * struct nvmetest_ioworker_opstat - what one entry of the op mix did
 * @opcode:	the opcode
 * @ios:	IOs completed by the device (errors included)
 * @bytes:	data bytes of the completed IOs (nlb * LBA data size; 0 for
 *		Flush, Dataset Management, Write Zeroes, Verify, Write
 *		Uncorrectable and any opcode without a data direction)
 * @errors:	IOs with a non-zero status, a timeout or a verification
 *		failure
 * @lat_min_ns: completion latency (doorbell to reap), minimum
 * @lat_max_ns: maximum
 * @lat_sum_ns: sum (avg = @lat_sum_ns / @ios)
 * @rsvd:	zero
 */
struct nvmetest_ioworker_opstat {
	__u8	opcode;
	__u8	rsvd0[7];
	__u64	ios;
	__u64	bytes;
	__u64	errors;
	__u64	lat_min_ns;
	__u64	lat_max_ns;
	__u64	lat_sum_ns;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_ioworker_result - IOWORKER_RESULT: a worker's statistics
 * @id:		input: worker id
 * @flags_in:	input: NVMETEST_IOW_RESULT_RELEASE: free a finished worker's
 *		record after copying it (-EBUSY while it runs)
 * @hist:	input: user address of __u64[@nr_ops][NVMETEST_HIST_BUCKETS]
 *		for the latency histograms of each op entry, or 0
 * @iops:	input: user address of __u32[@nr_seconds] for IOs completed
 *		in each second of the run, or 0
 * @nr_seconds:	input: entries of @iops (must be 0 without @iops);
 *		output: seconds filled
 * @seconds:	output: seconds recorded (whole seconds since the start)
 * @state:	NVMETEST_IOW_RUNNING or _DONE (a running worker's numbers are
 *		a snapshot, taken between two batches of completions, with
 *		@end_reason NONE and @elapsed_ns up to now)
 * @end_reason:	NVMETEST_IOW_END_*
 * @flags:	NVMETEST_IOW_RES_*
 * @nr_ops:	entries of @op (the spec's op mix; 1 for a 100% Read; the
 *		replayed opcodes with @replay); @hist needs that many rows
 * @nsid:	namespace
 * @sqid:	its SQ
 * @cqid:	its CQ
 * @cpu:	the CPU it last ran on
 * @qdepth:	its queue depth
 * @seed:	the seed used
 * @start_ns:	CLOCK_MONOTONIC time of the first submission
 * @elapsed_ns:	from the first submission to the end (or now)
 * @cpu_ns:	CPU time the worker thread used (sum_exec_runtime)
 * @ios:	IOs completed (all ops)
 * @bytes:	data bytes (all ops)
 * @errors:	IOs that failed (all ops)
 * @aborted:	IOs outstanding at the end that were aborted (reset, removal
 *		or a timeout; also those the deletion of the worker's SQ
 *		ended with an error status), not counted in @ios
 * @lbas_verified: LBAs of this worker's reads checked against the CRC map
 * @verify_failures: this worker's reads that failed verification
 * @err_slba:	the first error: starting LBA
 * @err_time_ns: its completion time, from @start_ns
 * @err_nlb:	its blocks
 * @err_opcode:	its opcode
 * @err_status:	its NVMe status (CQE status without the phase bit)
 * @err_host_status: enum nvmetest_host_status
 * @err_cid:	its CID
 * @err_seq:	its number in the SQ's command log
 * @op:		per op entry
 * @rsvd:	zero
 */
#define NVMETEST_IOW_RESULT_RELEASE (1U << 0)
struct nvmetest_ioworker_result {
	__u32	id;
	__u32	flags_in;
	__u64	hist;
	__u64	iops;
	__u32	nr_seconds;
	__u32	seconds;
	__u32	state;
	__u32	end_reason;
	__u32	flags;
	__u32	nr_ops;
	__u32	nsid;
	__u16	sqid;
	__u16	cqid;
	__u32	cpu;
	__u32	qdepth;
	__u64	seed;
	__u64	start_ns;
	__u64	elapsed_ns;
	__u64	cpu_ns;
	__u64	ios;
	__u64	bytes;
	__u64	errors;
	__u64	aborted;
	__u64	lbas_verified;
	__u64	verify_failures;
	__u64	err_slba;
	__u64	err_time_ns;
	__u32	err_nlb;
	__u8	err_opcode;
	__u8	rsvd0;
	__u16	err_status;
	__u32	err_host_status;
	__u16	err_cid;
	__u16	rsvd1;
	__u64	err_seq;
	struct nvmetest_ioworker_opstat op[NVMETEST_IOW_MAX_OPS];
	__u64	rsvd[8];
};

/**
 * struct nvmetest_ioworker_ctl - IOWORKER_STOP and IOWORKER_WAIT
 * @id:		worker id, or 0 for every worker of this file
 * @timeout_ms:	WAIT: how long to wait for the worker(s) to end; 0 = do not
 *		wait (just report, returns 0), NVMETEST_IOW_WAIT_FOREVER =
 *		no limit. -ETIMEDOUT (with @running filled) when one is
 *		still running then, -EINTR on a signal. STOP: must be 0
 * @running:	output: workers (of @id) still running
 * @rsvd:	must be zero
 *
 * STOP asks the worker(s) to end: no new IO, outstanding IO drained (up to
 * the IO timeout); it does not wait (use WAIT). Unknown @id: -ENOENT.
 */
#define NVMETEST_IOW_WAIT_FOREVER 0xffffffffU
struct nvmetest_ioworker_ctl {
	__u32	id;
	__u32	timeout_ms;
	__u32	running;
	__u32	rsvd0;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_ioworker_list - IOWORKER_LIST: this file's workers
 * @ids:	user address of __u32[@count], or 0
 * @count:	input: entries; output: filled
 * @total:	output: workers of this file (running or not released)
 * @running:	output: of them running
 * @rsvd:	must be zero
 */
struct nvmetest_ioworker_list {
	__u64	ids;
	__u32	count;
	__u32	total;
	__u32	running;
	__u32	rsvd0;
	__u64	rsvd[2];
};

/* struct nvmetest_dbuf_alloc.flags */
#define NVMETEST_DBUF_SCATTERED	(1U << 0)	/* one allocation per page,
						 * wherever the DMA API puts it */
#define NVMETEST_DBUF_FLAGS	NVMETEST_DBUF_SCATTERED
/* The largest buffer: contiguous, and scattered (module raw_mem_mb caps
 * the total of a controller). */
#define NVMETEST_DBUF_MAX_CONTIG	(4ULL << 20)
#define NVMETEST_DBUF_MAX		(256ULL << 20)

/*
 * mmap() of /dev/nvmetestN at an offset below NVMETEST_MMAP_BAR0_END maps
 * BAR0 from that offset (MAP_SHARED, page-aligned, within BAR0; never
 * executable). Read-only (PROT_READ; mprotect() cannot add write): any
 * pages, the register file included. Writable: only with the raw path's
 * gate (NVMETEST_INFO_CAP_RAW, else -EPERM), and only doorbell pages: at
 * or after 0x1000, within the doorbells of the IO queues the controller
 * granted (Set Features Number of Queues, struct nvmetest_ctrl_init
 * nr_io_sq/nr_io_cq), not over the MSI-X table or PBA (else -EINVAL), and
 * holding no doorbell of a queue of the driver's: the admin queue's or an
 * IO queue's that is not NVMETEST_QUEUE_RAW (else -EBUSY). While such a
 * mapping exists, CQ_CREATE and SQ_CREATE (and IOWorkers' queues) of a
 * queue that is not raw and has a doorbell in it fail with -EBUSY.
 * Writes through the mapping reach the device unseen by the driver, so
 * the command log does not follow them (REG_WRITE's doorbell writes it
 * does). While the function may not decode BAR0 (a reset, D3hot, a PCIe
 * error until its recovery) accesses get SIGBUS; at remove every mapping
 * is emptied for good.
 * DMA buffers are mapped at their mmap_offset, which is never below.
 */
#define NVMETEST_MMAP_BAR0_END		(1ULL << 32)

/**
 * struct nvmetest_dbuf_alloc - DBUF_ALLOC: a DMA buffer for the raw path
 * @size:	bytes, 1..NVMETEST_DBUF_MAX (NVMETEST_DBUF_MAX_CONTIG without
 *		NVMETEST_DBUF_SCATTERED), rounded up to whole pages
 * @flags:	NVMETEST_DBUF_*
 * @handle:	output: the buffer's handle (never 0, not soon reused)
 * @mmap_offset: output: the offset to give mmap() on the same file to
 *		map the buffer (MAP_SHARED; a part of it: this plus a
 *		multiple of the page size)
 * @addrs:	user address of @nr_addrs __u64, or 0: output: the bus
 *		address of each page of the buffer, in order (what the
 *		device is given: an IOVA behind an IOMMU)
 * @nr_addrs:	input: entries at @addrs; output: pages of the buffer
 *		(the addresses of the first min(in, out) are written)
 * @page_size:	output: the page size of @addrs and of mmap: the kernel's
 *		PAGE_SIZE, which is sysconf(_SC_PAGESIZE)
 * @rsvd:	must be zero
 *
 * The memory is the driver's (coherent DMA memory, zeroed) and belongs
 * to the file. DBUF_FREE, or the release of the file (its last close and
 * its last mapping's munmap: a mapping holds the file), drops the
 * handle; the
 * memory goes when the handle and every mapping are gone and no raw SQ
 * of the controller exists (a raw SQE may point anywhere in it): at once,
 * or when the last raw SQ is deleted or the controller is disabled or
 * reset. A buffer with a handle or a mapping outlives disables and
 * resets unchanged. At remove every mapping is emptied (later accesses
 * get SIGBUS) and the memory freed; the handle stays until DBUF_FREE or
 * close. -ENOMEM beyond raw_mem_mb.
 */
struct nvmetest_dbuf_alloc {
	__u64	size;
	__u32	flags;
	__u32	handle;
	__u64	mmap_offset;
	__u64	addrs;
	__u32	nr_addrs;
	__u32	page_size;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_dbuf_free - DBUF_FREE: drop a DMA buffer's handle
 * @handle:	the handle (-ENOENT if this file has no such buffer)
 * @rsvd0:	must be zero
 * @rsvd:	must be zero
 *
 * Mappings stay valid until unmapped, raw queues keep their rings.
 */
struct nvmetest_dbuf_free {
	__u32	handle;
	__u32	rsvd0;
	__u64	rsvd[2];
};

/**
 * struct nvmetest_irq_eventfd - IRQ_EVENTFD: an eventfd per vector
 * @vector:	vector index (< nr_vectors of the current mode: -EINVAL)
 * @rsvd0:	must be zero
 * @fd:		an eventfd (replaces this file's own one on the vector),
 *		or -1 to detach the vector's (0 when it has none)
 * @rsvd:	must be zero
 *
 * Every interrupt the driver counts on the vector (IRQ_STATS.count) adds
 * 1 to the eventfd, from the handler: poll() or epoll on it waits for an
 * MSI-X, MSI or INTx interrupt with a timeout, and read() tells how many
 * came. One eventfd per vector (-EBUSY when another file has one there);
 * detached when this file is released, and when IRQ_SETUP or CTRL_INIT
 * sets up the interrupt vectors again (even in the same mode). An @fd
 * that is not open is -EBADF, one that is not an eventfd -EINVAL.
 */
struct nvmetest_irq_eventfd {
	__u16	vector;
	__u16	rsvd0;
	__s32	fd;
	__u64	rsvd[2];
};

/*
 * Errors of the driver's own admin commands. CQ_CREATE, SQ_CREATE,
 * QUEUE_DELETE, NS_LIST (a rescan) and IOWORKER_START send admin commands
 * of the driver's own (Create and Delete I/O Queue, Identify) and also
 * fail with what ended that command: -ETIMEDOUT (no completion within
 * admin_timeout_ms, e.g. vector 0 masked or a busy device), -EIO (a
 * reset or disable aborted it, or the device failed it), -EBUSY (the
 * admin queue is full, e.g. of timed-out commands). AER_CONFIG records
 * the count, sends the AERs that fit and fails with -EBUSY when the admin
 * queue has no room for all of them; the others are sent when an AER
 * completes or at the next enable (INFO's aer_outstanding tells how many
 * are outstanding).
 */
#define NVMETEST_IOC_INFO	_IOR(NVMETEST_IOC_MAGIC, 0x00, struct nvmetest_info)
#define NVMETEST_IOC_REG_READ	_IOWR(NVMETEST_IOC_MAGIC, 0x10, struct nvmetest_rw)
#define NVMETEST_IOC_REG_WRITE	_IOW(NVMETEST_IOC_MAGIC, 0x11, struct nvmetest_rw)
#define NVMETEST_IOC_CFG_READ	_IOWR(NVMETEST_IOC_MAGIC, 0x12, struct nvmetest_rw)
#define NVMETEST_IOC_CFG_WRITE	_IOW(NVMETEST_IOC_MAGIC, 0x13, struct nvmetest_rw)

#define NVMETEST_IOC_CTRL_DISABLE  _IOWR(NVMETEST_IOC_MAGIC, 0x20, struct nvmetest_ctrl_wait)
#define NVMETEST_IOC_IRQ_SETUP	   _IOWR(NVMETEST_IOC_MAGIC, 0x21, struct nvmetest_irq_setup)
#define NVMETEST_IOC_ADMINQ_SETUP  _IOW(NVMETEST_IOC_MAGIC, 0x22, struct nvmetest_adminq_setup)
#define NVMETEST_IOC_CTRL_ENABLE   _IOWR(NVMETEST_IOC_MAGIC, 0x23, struct nvmetest_ctrl_enable)
#define NVMETEST_IOC_CTRL_INIT	   _IOWR(NVMETEST_IOC_MAGIC, 0x24, struct nvmetest_ctrl_init)
#define NVMETEST_IOC_CTRL_RESET	   _IOWR(NVMETEST_IOC_MAGIC, 0x25, struct nvmetest_ctrl_wait)
#define NVMETEST_IOC_CTRL_SHUTDOWN _IOWR(NVMETEST_IOC_MAGIC, 0x26, struct nvmetest_ctrl_wait)
#define NVMETEST_IOC_RESET	   _IOWR(NVMETEST_IOC_MAGIC, 0x27, struct nvmetest_reset)
#define NVMETEST_IOC_POWER	   _IOWR(NVMETEST_IOC_MAGIC, 0x28, struct nvmetest_power)
#define NVMETEST_IOC_ASPM	   _IOWR(NVMETEST_IOC_MAGIC, 0x29, struct nvmetest_aspm)
#define NVMETEST_IOC_CMD	   _IOWR(NVMETEST_IOC_MAGIC, 0x30, struct nvmetest_cmd)
#define NVMETEST_IOC_IRQ_STATS	   _IOWR(NVMETEST_IOC_MAGIC, 0x40, struct nvmetest_irq_stats)
#define NVMETEST_IOC_IRQ_CTL	   _IOW(NVMETEST_IOC_MAGIC, 0x41, struct nvmetest_irq_ctl)
#define NVMETEST_IOC_IRQ_EVENTFD   _IOW(NVMETEST_IOC_MAGIC, 0x42, struct nvmetest_irq_eventfd)
#define NVMETEST_IOC_DBUF_ALLOC	   _IOWR(NVMETEST_IOC_MAGIC, 0x48, struct nvmetest_dbuf_alloc)
#define NVMETEST_IOC_DBUF_FREE	   _IOW(NVMETEST_IOC_MAGIC, 0x49, struct nvmetest_dbuf_free)
#define NVMETEST_IOC_AER_CONFIG	   _IOW(NVMETEST_IOC_MAGIC, 0x50, struct nvmetest_aer_config)
#define NVMETEST_IOC_EVENTS	   _IOWR(NVMETEST_IOC_MAGIC, 0x51, struct nvmetest_events)
#define NVMETEST_IOC_CQ_CREATE	   _IOWR(NVMETEST_IOC_MAGIC, 0x60, struct nvmetest_cq_create)
#define NVMETEST_IOC_SQ_CREATE	   _IOWR(NVMETEST_IOC_MAGIC, 0x61, struct nvmetest_sq_create)
#define NVMETEST_IOC_QUEUE_DELETE  _IOWR(NVMETEST_IOC_MAGIC, 0x62, struct nvmetest_queue_delete)
#define NVMETEST_IOC_QUEUE_LIST	   _IOWR(NVMETEST_IOC_MAGIC, 0x63, struct nvmetest_queue_list)
#define NVMETEST_IOC_NS_LIST	   _IOWR(NVMETEST_IOC_MAGIC, 0x64, struct nvmetest_ns_list)
#define NVMETEST_IOC_CMDLOG	   _IOWR(NVMETEST_IOC_MAGIC, 0x65, struct nvmetest_cmdlog)
#define NVMETEST_IOC_VERIFY_CONFIG _IOW(NVMETEST_IOC_MAGIC, 0x68, struct nvmetest_verify_config)
#define NVMETEST_IOC_VERIFY_STATUS_17 _IOC(_IOC_READ | _IOC_WRITE, NVMETEST_IOC_MAGIC, 0x69, 88)
#define NVMETEST_IOC_VERIFY_STATUS _IOWR(NVMETEST_IOC_MAGIC, 0x6d, struct nvmetest_verify_status)
#define NVMETEST_IOC_VERIFY_DUMP   _IOWR(NVMETEST_IOC_MAGIC, 0x6a, struct nvmetest_verify_dump)
#define NVMETEST_IOC_VERIFY_FAILURES _IOWR(NVMETEST_IOC_MAGIC, 0x6b, struct nvmetest_verify_failures)
#define NVMETEST_IOC_VERIFY_LOAD   _IOWR(NVMETEST_IOC_MAGIC, 0x6c, struct nvmetest_verify_dump)
#define NVMETEST_IOC_IOWORKER_START  _IOWR(NVMETEST_IOC_MAGIC, 0x58, struct nvmetest_ioworker_spec)
#define NVMETEST_IOC_IOWORKER_STOP   _IOWR(NVMETEST_IOC_MAGIC, 0x59, struct nvmetest_ioworker_ctl)
#define NVMETEST_IOC_IOWORKER_WAIT   _IOWR(NVMETEST_IOC_MAGIC, 0x5a, struct nvmetest_ioworker_ctl)
#define NVMETEST_IOC_IOWORKER_RESULT _IOWR(NVMETEST_IOC_MAGIC, 0x5b, struct nvmetest_ioworker_result)
#define NVMETEST_IOC_IOWORKER_LIST   _IOWR(NVMETEST_IOC_MAGIC, 0x5c, struct nvmetest_ioworker_list)

/* Structure sizes, checked by BUILD_BUG_ON in the driver and
 * _Static_assert in libnvmetest (lib/abi.c). */
#define NVMETEST_INFO_SIZE		192
#define NVMETEST_RW_SIZE		24
#define NVMETEST_CTRL_WAIT_SIZE		32
#define NVMETEST_IRQ_SETUP_SIZE		24
#define NVMETEST_ADMINQ_SETUP_SIZE	24
#define NVMETEST_CTRL_ENABLE_SIZE	40
#define NVMETEST_CTRL_INIT_SIZE		40
#define NVMETEST_RESET_SIZE		56
#define NVMETEST_POWER_SIZE		56
#define NVMETEST_ASPM_SIZE		48
#define NVMETEST_CMD_SIZE		160
#define NVMETEST_IRQ_VECTOR_SIZE	48
#define NVMETEST_IRQ_STATS_SIZE		40
#define NVMETEST_IRQ_CTL_SIZE		16
#define NVMETEST_AER_CONFIG_SIZE	24
#define NVMETEST_EVENT_SIZE		24
#define NVMETEST_EVENTS_SIZE		32
#define NVMETEST_CQ_CREATE_SIZE		32
#define NVMETEST_SQ_CREATE_SIZE		40
#define NVMETEST_QUEUE_DELETE_SIZE	24
#define NVMETEST_QUEUE_INFO_SIZE	56
#define NVMETEST_QUEUE_LIST_SIZE	32
#define NVMETEST_NS_INFO_SIZE		304
#define NVMETEST_NS_LIST_SIZE		40
#define NVMETEST_CMDLOG_ENTRY_SIZE	112
#define NVMETEST_CMDLOG_SIZE		48
#define NVMETEST_URING_CMD_SIZE		72
#define NVMETEST_VERIFY_CONFIG_SIZE	32
#define NVMETEST_VERIFY_STATUS_SIZE	128
#define NVMETEST_VERIFY_DUMP_SIZE	40
#define NVMETEST_VERIFY_FAILURE_SIZE	80
#define NVMETEST_VERIFY_FAILURES_SIZE	48
#define NVMETEST_IOWORKER_OP_SIZE	4
#define NVMETEST_IOWORKER_SIZE_SIZE	8
#define NVMETEST_IOWORKER_REPLAY_SIZE	24
#define NVMETEST_IOWORKER_SPEC_SIZE	560
#define NVMETEST_IOWORKER_OPSTAT_SIZE	72
#define NVMETEST_IOWORKER_RESULT_SIZE	824
#define NVMETEST_IOWORKER_CTL_SIZE	32
#define NVMETEST_IOWORKER_LIST_SIZE	40
#define NVMETEST_DBUF_ALLOC_SIZE	56
#define NVMETEST_DBUF_FREE_SIZE		24
#define NVMETEST_IRQ_EVENTFD_SIZE	24

#endif /* _UAPI_LINUX_NVMETEST_H */
