// SPDX-License-Identifier: GPL-2.0-only
/*
 * Expected transfer of a command (NVMe Base Specification 2.x and the NVM
 * and Zoned Namespace Command Set Specifications): from the SQE alone, and
 * the format of the namespace it names, the bytes a controller moves
 * through DPTR and MPTR. The driver describes exactly that much memory
 * for the controller (its own sink past the caller's buffer), so that a
 * length the caller got wrong on purpose is sent as is and still lands
 * in memory the driver owns. Pure logic: the kernel module and the host
 * unit tests compile this same file.
 *
 * Lengths the driver cannot know (vendor specific and reserved opcodes,
 * features it does not list, a namespace it has not identified) are
 * reported as unknown: the caller then trusts the buffer's length.
 */
#include "xfer.h"

/* Dword @i of a little-endian SQE, on either side. */
static u32 sqe_dw(const void *sqe, unsigned int i)
{
	const u8 *b = (const u8 *)sqe + 4 * i;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static void xfer_set(struct nvmt_xfer *x, u64 data, u64 meta)
{
	x->data = data;
	x->meta = meta;
	x->data_known = true;
	x->meta_known = true;
}

/* A 0's based dword count: bytes. */
static u64 numd_bytes(u64 numd)
{
	return (numd + 1) * 4;
}

/* Get Features / Set Features: the data structure of feature @fid. */
static bool feature_len(u8 fid, u32 cdw11, u64 *len)
{
	switch (fid) {
	case 0x03:		/* LBA Range Type */
	case 0x0d:		/* Host Memory Buffer (Get: its attributes) */
	case 0x7d:		/* Enhanced Controller Metadata */
	case 0x7e:		/* Controller Metadata */
	case 0x7f:		/* Namespace Metadata */
		*len = 4096;
		return true;
	case 0x0c:		/* Autonomous Power State Transition */
		*len = 256;
		return true;
	case 0x0e:		/* Timestamp */
		*len = 8;
		return true;
	case 0x13:		/* Predictable Latency Mode Config */
	case 0x16:		/* Host Behavior Support */
		*len = 512;
		return true;
	case 0x81:		/* Host Identifier: 128-bit when EXHID */
		*len = cdw11 & 1 ? 16 : 8;
		return true;
	case 0x01: case 0x02: case 0x04: case 0x05: case 0x06: case 0x07:
	case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0f: case 0x10:
	case 0x11: case 0x12: case 0x14: case 0x15: case 0x17: case 0x18:
	case 0x19: case 0x1a: case 0x82: case 0x83: case 0x84:
		*len = 0;	/* everything is in CDW11 and CQE DW0 */
		return true;
	default:
		return false;
	}
}

static void xfer_admin(const void *sqe, struct nvmt_xfer *x)
{
	u32 cdw10 = sqe_dw(sqe, 10), cdw11 = sqe_dw(sqe, 11);
	u8 opcode = sqe_dw(sqe, 0) & 0xff;
	u64 len;

	switch (opcode) {
	case 0x02:		/* Get Log Page: NUMDU:NUMDL */
		xfer_set(x, numd_bytes((u64)(cdw11 & 0xffff) << 16 |
				       cdw10 >> 16), 0);
		return;
	case 0x06:		/* Identify: one 4 KiB data structure */
	case 0x15:		/* Namespace Attachment: a controller list */
		xfer_set(x, 4096, 0);
		return;
	case 0x09:		/* Set Features */
	case 0x0a:		/* Get Features */
		/* SEL 011b returns the capabilities in DW0 only. */
		if (opcode == 0x0a && ((cdw10 >> 8) & 7) == 3) {
			xfer_set(x, 0, 0);
			return;
		}
		if (feature_len(cdw10 & 0xff, cdw11, &len))
			xfer_set(x, len, 0);
		return;
	case 0x0d:		/* Namespace Management: create takes 4 KiB */
		if ((cdw10 & 0xf) == 0)
			xfer_set(x, 4096, 0);
		else if ((cdw10 & 0xf) == 1)
			xfer_set(x, 0, 0);
		return;
	case 0x11:		/* Firmware Image Download */
	case 0x19:		/* Directive Send */
	case 0x1a:		/* Directive Receive */
		xfer_set(x, numd_bytes(cdw10), 0);
		return;
	case 0x81:		/* Security Send: AL in bytes */
	case 0x82:		/* Security Receive */
		xfer_set(x, cdw11, 0);
		return;
	case 0x86:		/* Get LBA Status: MNDW */
		xfer_set(x, numd_bytes(sqe_dw(sqe, 12)), 0);
		return;
	case 0x00:		/* Delete I/O SQ */
	case 0x04:		/* Delete I/O CQ */
	case 0x08:		/* Abort */
	case 0x0c:		/* Asynchronous Event Request */
	case 0x10:		/* Firmware Commit */
	case 0x14:		/* Device Self-test */
	case 0x18:		/* Keep Alive */
	case 0x1c:		/* Virtualization Management */
	case 0x20:		/* Capacity Management */
	case 0x24:		/* Lockdown */
	case 0x80:		/* Format NVM */
	case 0x84:		/* Sanitize */
		xfer_set(x, 0, 0);
		return;
	default:
		return;
	}
}

/*
 * Bytes per LBA in the data buffer of Read, Write, Compare and Zone
 * Append, or 0 when that depends on what the driver does not know. With
 * PRACT set on an extended format whose metadata is only the 8 bytes of
 * protection information, the controller inserts or strips it: the host
 * moves data only. With 16 bytes it may be a 64-bit guard's PI alone, or
 * 8 bytes of PI and 8 of metadata: not known.
 */
static u32 lba_unit(const struct nvmt_xfer_ns *ns, u32 cdw12)
{
	bool pract = cdw12 & (1U << 29);

	if (!ns->extended)
		return ns->lba_size;
	if (ns->pi && pract && ns->ms == 8)
		return ns->lba_size;
	if (ns->pi && pract && ns->ms == 16)
		return 0;
	return ns->lba_size + ns->ms;
}

static void xfer_io(const void *sqe, const struct nvmt_xfer_ns *ns,
		    struct nvmt_xfer *x)
{
	u32 cdw10 = sqe_dw(sqe, 10), cdw11 = sqe_dw(sqe, 11);
	u32 cdw12 = sqe_dw(sqe, 12);
	u8 opcode = sqe_dw(sqe, 0) & 0xff;
	u64 nlb = (u64)(cdw12 & 0xffff) + 1;
	bool sep_meta = ns->lba_size && ns->ms && !ns->extended;
	u32 unit;

	switch (opcode) {
	case 0x01:		/* Write */
	case 0x02:		/* Read */
	case 0x05:		/* Compare */
	case 0x7d:		/* Zone Append */
		if (!ns->lba_size)
			return;
		/* Separate metadata: one contiguous buffer of NLB * MS. */
		x->meta = sep_meta ? nlb * ns->ms : 0;
		x->meta_known = true;
		unit = lba_unit(ns, cdw12);
		if (unit) {
			x->data = nlb * unit;
			x->data_known = true;
		}
		return;
	case 0x00:		/* Flush */
	case 0x04:		/* Write Uncorrectable */
	case 0x08:		/* Write Zeroes */
	case 0x0c:		/* Verify */
		xfer_set(x, 0, 0);
		return;
	case 0x09:		/* Dataset Management: 16-byte ranges */
		xfer_set(x, ((u64)(cdw10 & 0xff) + 1) * 16, 0);
		return;
	case 0x0d:		/* Reservation Register: CRKEY, NRKEY */
	case 0x11:		/* Reservation Acquire: CRKEY, PRKEY */
		xfer_set(x, 16, 0);
		return;
	case 0x15:		/* Reservation Release: CRKEY */
		xfer_set(x, 8, 0);
		return;
	case 0x0e:		/* Reservation Report */
		xfer_set(x, numd_bytes(cdw10), 0);
		return;
	case 0x12:		/* I/O Management Receive */
		xfer_set(x, numd_bytes(cdw11), 0);
		return;
	case 0x19:		/* Copy: NR + 1 descriptors of format CDFE */
		switch ((cdw12 >> 8) & 0xf) {
		case 0:
			xfer_set(x, ((u64)(cdw12 & 0xff) + 1) * 32, 0);
			return;
		case 1:
			xfer_set(x, ((u64)(cdw12 & 0xff) + 1) * 40, 0);
			return;
		default:
			return;
		}
	case 0x7a:		/* Zone Management Receive */
		xfer_set(x, numd_bytes(cdw12), 0);
		return;
	default:
		/* Without separate metadata nothing goes through MPTR. */
		if (ns->lba_size && !sep_meta) {
			x->meta = 0;
			x->meta_known = true;
		}
		return;
	}
}

/**
 * nvmt_xfer_expect() - the bytes a command moves through DPTR and MPTR
 * @sqe: the 64-byte submission queue entry, little-endian as on the wire
 * @admin: the command goes to the admin queue
 * @ns: the format of the namespace NSID names (IO commands; lba_size 0
 *      when unknown); not read for admin commands
 * @x: output
 *
 * Metadata through MPTR is only that of IO commands on a namespace with
 * separate metadata; admin commands move none.
 */
void nvmt_xfer_expect(const void *sqe, bool admin,
		      const struct nvmt_xfer_ns *ns, struct nvmt_xfer *x)
{
	x->data = 0;
	x->meta = 0;
	x->data_known = false;
	x->meta_known = false;
	if (admin) {
		xfer_admin(sqe, x);
		/* MPTR is reserved in admin commands. */
		x->meta = 0;
		x->meta_known = true;
	} else {
		xfer_io(sqe, ns, x);
	}
}
