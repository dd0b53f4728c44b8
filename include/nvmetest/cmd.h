/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/cmd.c: commands: SQE encoding and decoding, CQE
 * decoding, the generic command on any queue.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_CMD_H
#define NVMETEST_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * struct nvmetest_sqe - a submission queue entry, decoded or to encode
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
 * nvmetest_sqe_encode - the 64 wire bytes of an SQE
 * @sqe: the entry: @sqe->dw[] overlaid with the named fields
 * @raw: output, little endian
 *
 * Pure. The named fields win where they are defined: CDW0 bits 7:0,
 * 9:8, 15:14 and 31:16 (@opcode, @fuse, @psdt, @cid), NSID, MPTR, PRP1
 * and PRP2 (DPTR: an SGL descriptor is nvmetest_sqe_sgl1()); every other
 * bit comes from @sqe->dw[] (CDW2, CDW3, CDW10-15, and CDW0 bits 13:10,
 * reserved, so that a test can set them). nvmetest_sqe_encode() of what
 * nvmetest_sqe_decode() filled gives back the same 64 bytes. For the raw
 * path (nvmetest_raw_sq_post()), where nothing fills CID or DPTR for
 * the caller.
 */
void nvmetest_sqe_encode(const struct nvmetest_sqe *sqe, uint8_t raw[64]);

/**
 * nvmetest_sqe_sgl1 - put an SGL descriptor in an SQE's DPTR (SGL1)
 * @sqe:  the entry; @sqe->prp1 and @sqe->prp2 are replaced
 * @desc: 16 bytes from nvmetest_sgl_desc() or one of its named forms
 *
 * Pure. Does NOT set PSDT: 1 (MPTR a contiguous buffer) or 2 (MPTR an
 * SGL segment) is the caller's choice, and a PSDT of 0 with an SGL in
 * DPTR is a test too.
 */
void nvmetest_sqe_sgl1(struct nvmetest_sqe *sqe, const uint8_t desc[16]);

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

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_CMD_H */
