/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Expected transfer of a command: the interface of core/xfer.c, which
 * reads a 64-byte SQE the way a controller does and says how many bytes it
 * moves through its data pointer (DPTR) and its metadata pointer (MPTR).
 * Pure C shared by the kernel module and the host unit tests.
 */
#ifndef NVMT_CORE_XFER_H
#define NVMT_CORE_XFER_H

#include "types.h"

/**
 * struct nvmt_xfer_ns - the format of the namespace a command names
 * @lba_size:	bytes of data per LBA; 0 when the driver does not know the
 *		namespace (then no LBA-based length is known)
 * @ms:		metadata bytes per LBA
 * @extended:	metadata travels with the data (FLBAS bit 4)
 * @pi:		end-to-end protection is on (DPS.PIT != 0)
 */
struct nvmt_xfer_ns {
	u32 lba_size;
	u16 ms;
	u8 extended;
	u8 pi;
};

/**
 * struct nvmt_xfer - what a command moves
 * @data:	bytes through DPTR, valid when @data_known
 * @meta:	bytes through MPTR, valid when @meta_known
 * @data_known:	the driver can compute @data from the SQE (and the
 *		namespace format); false for vendor specific and reserved
 *		opcodes and for features it does not know
 * @meta_known:	likewise for @meta
 */
struct nvmt_xfer {
	u64 data;
	u64 meta;
	bool data_known;
	bool meta_known;
};

void nvmt_xfer_expect(const void *sqe, bool admin,
		      const struct nvmt_xfer_ns *ns, struct nvmt_xfer *x);

#endif /* NVMT_CORE_XFER_H */
