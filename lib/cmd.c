// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sending one command through NVMETEST_IOC_CMD, on the admin queue or
 * an IO queue: building the SQE from its fields, encoding (for the raw
 * path, which writes its own SQEs) and decoding SQEs, decoding CQEs (the
 * CQE of a command once, in cmd_send()), and turning the outcome into
 * the return convention (NVMe status >= 0, host status or ioctl
 * error < 0) with a message that names the device, the command and its
 * CID.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

void nvmetest_sqe_build(const struct nvmetest_cmd_args *a, uint8_t sqe[64])
{
	memset(sqe, 0, 64);
	sqe[0] = a->opcode;
	sqe[1] = a->flags;
	nvmt_put_le32(sqe + 4, a->nsid);
	nvmt_put_le32(sqe + 8, a->cdw2);
	nvmt_put_le32(sqe + 12, a->cdw3);
	nvmt_put_le32(sqe + 40, a->cdw10);
	nvmt_put_le32(sqe + 44, a->cdw11);
	nvmt_put_le32(sqe + 48, a->cdw12);
	nvmt_put_le32(sqe + 52, a->cdw13);
	nvmt_put_le32(sqe + 56, a->cdw14);
	nvmt_put_le32(sqe + 60, a->cdw15);
}

void nvmetest_sqe_decode(const uint8_t raw[64], struct nvmetest_sqe *sqe)
{
	uint32_t cdw0 = nvmt_get_le32(raw);

	for (unsigned int i = 0; i < 16; i++)
		sqe->dw[i] = nvmt_get_le32(raw + 4 * i);
	sqe->opcode = cdw0 & 0xff;
	sqe->fuse = (cdw0 >> 8) & 0x3;
	sqe->psdt = (cdw0 >> 14) & 0x3;
	sqe->cid = cdw0 >> 16;
	sqe->nsid = sqe->dw[1];
	sqe->mptr = sqe->dw[4] | (uint64_t)sqe->dw[5] << 32;
	sqe->prp1 = sqe->dw[6] | (uint64_t)sqe->dw[7] << 32;
	sqe->prp2 = sqe->dw[8] | (uint64_t)sqe->dw[9] << 32;
}

/* CDW0 bits 13:10, reserved: the only CDW0 bits nvmetest_sqe_encode() takes from dw[0] */
#define SQE_CDW0_RSVD	0x3c00u

void nvmetest_sqe_encode(const struct nvmetest_sqe *sqe, uint8_t raw[64])
{
	for (unsigned int i = 0; i < 16; i++)
		nvmt_put_le32(raw + 4 * i, sqe->dw[i]);
	nvmt_put_le32(raw, (sqe->dw[0] & SQE_CDW0_RSVD) | sqe->opcode |
		      (uint32_t)(sqe->fuse & 0x3) << 8 | (uint32_t)(sqe->psdt & 0x3) << 14 |
		      (uint32_t)sqe->cid << 16);
	nvmt_put_le32(raw + 4, sqe->nsid);
	nvmt_put_le64(raw + 16, sqe->mptr);
	nvmt_put_le64(raw + 24, sqe->prp1);
	nvmt_put_le64(raw + 32, sqe->prp2);
}

void nvmetest_sqe_sgl1(struct nvmetest_sqe *sqe, const uint8_t desc[16])
{
	sqe->prp1 = nvmt_get_le64(desc);
	sqe->prp2 = nvmt_get_le64(desc + 8);
}

void nvmetest_cqe_decode(const uint8_t raw[16], struct nvmetest_cqe *cqe)
{
	uint16_t sf = nvmt_get_le16(raw + 14);

	cqe->result = nvmt_get_le32(raw);
	cqe->dw1 = nvmt_get_le32(raw + 4);
	cqe->sqhd = nvmt_get_le16(raw + 8);
	cqe->sqid = nvmt_get_le16(raw + 10);
	cqe->cid = nvmt_get_le16(raw + 12);
	cqe->status = (sf >> 1) & 0x7fff;
	cqe->phase = sf & 1;
}

static const char *cmd_name(uint16_t qid, uint8_t opcode, char *buf, size_t len)
{
	if (qid)
		snprintf(buf, len, "%s (0x%02x) on queue %u", nvmetest_nvm_opcode_name(opcode),
			 opcode, qid);
	else
		snprintf(buf, len, "%s (0x%02x)", nvmetest_admin_opcode_name(opcode), opcode);
	return buf;
}

/* The device completed the command, so its CQE is valid: a verification
 * failure or an overrun is the host's finding on a completed command. */
static bool cqe_valid(uint32_t host_status)
{
	return host_status == NVMETEST_HOST_OK || host_status == NVMETEST_HOST_VERIFY_FAILED ||
	       host_status == NVMETEST_HOST_OVERRUN;
}

/*
 * NVMETEST_IOC_CMD, its outcome turned into the return convention with
 * the last error set. @cqe receives the CQE, decoded once here, when the
 * ioctl succeeded and cqe_valid(); it is zeroed otherwise.
 */
static int cmd_send(struct nvmetest_dev *dev, struct nvmetest_cmd *cmd,
		    struct nvmetest_cqe *cqe)
{
	char name[64];
	int ret;

	nvmt_clear_error();
	memset(cqe, 0, sizeof(*cqe));
	cmd_name(cmd->qid, cmd->sqe[0], name, sizeof(name));
	ret = nvmt_ioctl(dev, NVMETEST_IOC_CMD, cmd, name);
	if (ret) {
		if (ret == -ENXIO)
			nvmt_set_error("%s: %s: the controller is not enabled (nvmetest init)",
				       dev->path, name);
		else if (ret == -EPERM)
			nvmt_set_error("%s: %s: refused: this opcode hands host memory to the device and goes through a driver ioctl",
				       dev->path, name);
		else if (ret == -EINVAL && cmd->data_len > dev->info.max_xfer)
			nvmt_set_error("%s: %s: %u data bytes is over the driver's max_xfer (%u)",
				       dev->path, name, cmd->data_len, dev->info.max_xfer);
		return ret;
	}
	if (cqe_valid(cmd->host_status))
		nvmetest_cqe_decode(cmd->cqe, cqe);
	if (cmd->host_status == NVMETEST_HOST_OVERRUN) {
		char data[64] = "", meta[64] = "";

		if (cmd->overrun)
			snprintf(data, sizeof(data), " %u bytes beyond the %u-byte data buffer",
				 cmd->overrun, cmd->data_len);
		if (cmd->meta_overrun)
			snprintf(meta, sizeof(meta), "%s %u bytes beyond the %u-byte metadata buffer",
				 cmd->overrun ? " and" : "", cmd->meta_overrun, cmd->meta_len);
		nvmt_set_error("%s: %s (cid %u): the device completed it and moved%s%s (into the driver's sink)",
			       dev->path, name, cmd->cid, data, meta);
		return nvmetest_host_status_errno(cmd->host_status);
	}
	if (cmd->host_status == NVMETEST_HOST_VERIFY_FAILED) {
		nvmt_set_error("%s: %s (cid %u): data verification failed (the data read does not match the CRC map)",
			       dev->path, name, cmd->cid);
		return nvmetest_host_status_errno(cmd->host_status);
	}
	if (cmd->host_status != NVMETEST_HOST_OK) {
		ret = nvmetest_host_status_errno(cmd->host_status);
		nvmt_set_error("%s: %s (cid %u): host status %s", dev->path, name, cmd->cid,
			       nvmetest_host_status_name(cmd->host_status));
		return ret;
	}
	if (cqe->status)
		nvmt_set_error("%s: %s (cid %u): NVMe status %s (0x%04x)", dev->path, name,
			       cmd->cid, nvmetest_status_name(cqe->status), cqe->status);
	return cqe->status;
}

int nvmetest_cmd(struct nvmetest_dev *dev, struct nvmetest_cmd *cmd)
{
	struct nvmetest_cqe cqe;

	return cmd_send(dev, cmd, &cqe);
}

static int send_args(struct nvmetest_dev *dev, uint16_t qid,
		     const struct nvmetest_cmd_args *a)
{
	struct nvmetest_cmd cmd;
	struct nvmetest_cqe cqe;
	int ret;

	memset(&cmd, 0, sizeof(cmd));
	if (a->sqe)
		memcpy(cmd.sqe, a->sqe, sizeof(cmd.sqe));
	else
		nvmetest_sqe_build(a, cmd.sqe);
	cmd.data = (uintptr_t)a->data;
	cmd.data_len = a->data ? a->data_len : 0;
	cmd.metadata = (uintptr_t)a->meta;
	cmd.meta_len = a->meta ? a->meta_len : 0;
	cmd.timeout_ms = a->timeout_ms;
	cmd.flags = (uint16_t)a->cmd_flags;
	cmd.qid = qid;
	ret = cmd_send(dev, &cmd, &cqe);
	if (ret < 0 && cmd.host_status == NVMETEST_HOST_OK)
		return ret;
	if (a->latency_ns)
		*a->latency_ns = cmd.latency_ns;
	if (ret < 0 && !cqe_valid(cmd.host_status))
		return ret;
	if (a->result)
		*a->result = cqe.result;
	if (a->cqe)
		*a->cqe = cqe;
	return ret;
}

int nvmetest_admin_cmd(struct nvmetest_dev *dev, const struct nvmetest_cmd_args *a)
{
	return send_args(dev, 0, a);
}

int nvmetest_io_cmd(struct nvmetest_dev *dev, const struct nvmetest_cmd_args *a)
{
	return send_args(dev, a->qid, a);
}
