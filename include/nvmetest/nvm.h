/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/nvm.c: the NVM command set: Read, Write, Compare, Write
 * Zeroes, Write Uncorrectable, Verify, Flush, Dataset Management, Copy.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_NVM_H
#define NVMETEST_NVM_H

#include <stdint.h>

#include <nvme/types.h>	/* wire formats: struct nvme_id_ctrl, ... */

#include <nvmetest/dev.h>
#include <nvmetest/cmd.h>

#ifdef __cplusplus
extern "C" {
#endif


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
 * nvmetest_io - send one block command and wait for it
 * @dev:    handle
 * @opcode: as for nvmetest_io_build()
 * @io:     the fields and buffers
 *
 * nvmetest_io_build() then nvmetest_io_cmd(); when the command fails, the
 * message of nvmetest_last_error() gains the namespace and the LBA range.
 * nvmetest_read(), nvmetest_write(), nvmetest_compare(),
 * nvmetest_write_zeroes(), nvmetest_write_uncor() and nvmetest_verify()
 * are this call with their opcode.
 *
 * Return: 0, NVMe status, -errno; -EINVAL for an opcode
 * nvmetest_io_build() does not take.
 */
int nvmetest_io(struct nvmetest_dev *dev, uint8_t opcode, const struct nvmetest_io_args *io);

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

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_NVM_H */
