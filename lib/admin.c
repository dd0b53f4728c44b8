// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Helpers for the common admin commands: each fills the command dwords
 * as the NVMe base specification lays them out and sends the command with
 * nvmetest_admin_cmd(). Get Log Page and Firmware Image Download are
 * split into transfers no larger than the driver's max_xfer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

int nvmetest_identify(struct nvmetest_dev *dev, const struct nvmetest_identify_args *a)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_identify,
		.nsid = a->nsid,
		.cdw10 = a->cns | (uint32_t)a->cntid << 16,
		.cdw11 = a->cnssid | (uint32_t)a->csi << 24,
		.cdw14 = a->uuidx & 0x7f,
		.data = a->data,
		.data_len = NVME_IDENTIFY_DATA_SIZE,
		.timeout_ms = a->timeout_ms,
		.result = a->result,
	};

	return nvmetest_admin_cmd(dev, &c);
}

static int identify_simple(struct nvmetest_dev *dev, uint8_t cns, uint32_t nsid,
			   void *data)
{
	struct nvmetest_identify_args a = { .cns = cns, .nsid = nsid, .data = data };

	return nvmetest_identify(dev, &a);
}

int nvmetest_identify_ctrl(struct nvmetest_dev *dev, struct nvme_id_ctrl *id)
{
	return identify_simple(dev, NVME_IDENTIFY_CNS_CTRL, 0, id);
}

int nvmetest_identify_ns(struct nvmetest_dev *dev, uint32_t nsid, struct nvme_id_ns *ns)
{
	return identify_simple(dev, NVME_IDENTIFY_CNS_NS, nsid, ns);
}

int nvmetest_identify_active_ns_list(struct nvmetest_dev *dev, uint32_t nsid,
				     struct nvme_ns_list *list)
{
	return identify_simple(dev, NVME_IDENTIFY_CNS_NS_ACTIVE_LIST, nsid, list);
}

int nvmetest_identify_ns_descs(struct nvmetest_dev *dev, uint32_t nsid,
			       struct nvme_ns_id_desc *descs)
{
	return identify_simple(dev, NVME_IDENTIFY_CNS_NS_DESC_LIST, nsid, descs);
}

int nvmetest_log_chunks(uint32_t len, uint32_t xfer, uint32_t *chunk)
{
	if (len % 4 || xfer < 4)
		return -EINVAL;
	*chunk = xfer & ~3U;
	if (*chunk > len)
		*chunk = len;
	if (!len)
		return 0;
	return (int)((len + *chunk - 1) / *chunk);
}

void nvmt_get_log_cmd(const struct nvmetest_log_args *a, uint64_t offset,
		      uint32_t len, bool rae, struct nvmetest_cmd_args *c)
{
	uint32_t numd = len / 4 - 1;

	memset(c, 0, sizeof(*c));
	c->opcode = nvme_admin_get_log_page;
	c->nsid = a->nsid;
	c->cdw10 = a->lid | (uint32_t)(a->lsp & 0x7f) << 8 | (uint32_t)rae << 15 |
		   (numd & 0xffff) << 16;
	c->cdw11 = numd >> 16 | (uint32_t)a->lsi << 16;
	c->cdw12 = (uint32_t)offset;
	c->cdw13 = (uint32_t)(offset >> 32);
	c->cdw14 = (a->uuidx & 0x7f) | (uint32_t)a->ot << 23 | (uint32_t)a->csi << 24;
	c->data_len = len;
	c->timeout_ms = a->timeout_ms;
}

static uint32_t dev_xfer(const struct nvmetest_dev *dev, uint32_t xfer)
{
	if (xfer)
		return xfer;
	/* a driver that reports no limit still takes one page per command */
	return dev->info.max_xfer ? dev->info.max_xfer : 4096;
}

int nvmetest_get_log(struct nvmetest_dev *dev, const struct nvmetest_log_args *a)
{
	struct nvmetest_cmd_args c;
	uint32_t chunk, done;
	int n, ret = 0;

	nvmt_clear_error();
	n = nvmetest_log_chunks(a->len, dev_xfer(dev, a->xfer), &chunk);
	if (n <= 0 || a->lpo % 4)
		return nvmt_fail(-EINVAL, "%s: get log page 0x%02x: length %u and offset %llu must be non-zero dword multiples",
				 dev->path, a->lid, a->len, (unsigned long long)a->lpo);
	for (done = 0; done < a->len; done += chunk) {
		uint32_t len = a->len - done < chunk ? a->len - done : chunk;
		bool last = done + len == a->len;

		/* with an index offset (OT), the offset does not move */
		nvmt_get_log_cmd(a, a->ot ? a->lpo : a->lpo + done, len, last ? a->rae : true, &c);
		c.data = (uint8_t *)a->data + done;
		ret = nvmetest_admin_cmd(dev, &c);
		if (ret)
			break;
	}
	return ret;
}

int nvmetest_get_log_simple(struct nvmetest_dev *dev, uint8_t lid, void *data,
			    uint32_t len)
{
	struct nvmetest_log_args a = {
		.lid = lid, .nsid = NVME_NSID_ALL, .data = data, .len = len,
	};

	return nvmetest_get_log(dev, &a);
}

/* Get and Set Features differ only in the opcode and CDW10's high bits. */
static int features_cmd(struct nvmetest_dev *dev, const struct nvmetest_feat_args *a,
			uint8_t opcode, uint32_t cdw10)
{
	struct nvmetest_cmd_args c = {
		.opcode = opcode,
		.nsid = a->nsid,
		.cdw10 = cdw10,
		.cdw11 = a->cdw11,
		.cdw12 = a->cdw12,
		.cdw13 = a->cdw13,
		.cdw14 = a->uuidx & 0x7f,
		.cdw15 = a->cdw15,
		.data = a->data,
		.data_len = a->data_len,
		.timeout_ms = a->timeout_ms,
		.result = a->result,
	};

	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_get_features(struct nvmetest_dev *dev, const struct nvmetest_feat_args *a)
{
	return features_cmd(dev, a, nvme_admin_get_features,
			    a->fid | (uint32_t)(a->sel & 0x7) << 8);
}

int nvmetest_set_features(struct nvmetest_dev *dev, const struct nvmetest_feat_args *a)
{
	return features_cmd(dev, a, nvme_admin_set_features, a->fid | (uint32_t)a->sv << 31);
}

int nvmetest_format(struct nvmetest_dev *dev, const struct nvmetest_format_args *a)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_format_nvm,
		.nsid = a->nsid,
		.timeout_ms = a->timeout_ms,
	};

	nvmt_clear_error();
	if (a->lbaf > 63 || a->mset > 1 || a->pi > 7 || a->pil > 1 || a->ses > 7)
		return nvmt_fail(-EINVAL, "%s: format: a field is out of range (lbaf 0-63, ms 0-1, pi 0-7, pil 0-1, ses 0-7)",
				 dev->path);
	/* LBAFL bits 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9, LBAFU 13:12 */
	c.cdw10 = (a->lbaf & 0xf) | (uint32_t)a->mset << 4 | (uint32_t)a->pi << 5 |
		  (uint32_t)a->pil << 8 | (uint32_t)a->ses << 9 |
		  (uint32_t)(a->lbaf >> 4) << 12;
	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_sanitize(struct nvmetest_dev *dev, const struct nvmetest_sanitize_args *a)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_sanitize_nvm,
		.cdw11 = a->ovrpat,
		.timeout_ms = a->timeout_ms,
	};

	nvmt_clear_error();
	if (a->sanact > 7 || a->owpass > 15)
		return nvmt_fail(-EINVAL, "%s: sanitize: sanact (0-7) or owpass (0-15) out of range",
				 dev->path);
	/* SANACT 2:0, AUSE 3, OWPASS 7:4, OIPBP 8, NDAS 9 */
	c.cdw10 = a->sanact | (uint32_t)a->ause << 3 | (uint32_t)a->owpass << 4 |
		  (uint32_t)a->oipbp << 8 | (uint32_t)a->ndas << 9;
	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_fw_download(struct nvmetest_dev *dev, const void *image, uint32_t len,
			 uint32_t offset, uint32_t xfer, uint32_t timeout_ms)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_fw_download,
		.timeout_ms = timeout_ms,
	};
	uint32_t chunk, done;
	int n, ret = 0;

	nvmt_clear_error();
	n = nvmetest_log_chunks(len, dev_xfer(dev, xfer), &chunk);
	if (n <= 0 || offset % 4)
		return nvmt_fail(-EINVAL, "%s: firmware download: length %u and offset %u must be non-zero dword multiples",
				 dev->path, len, offset);
	for (done = 0; done < len; done += chunk) {
		uint32_t l = len - done < chunk ? len - done : chunk;

		c.cdw10 = l / 4 - 1;		/* NUMD, 0's based */
		c.cdw11 = (offset + done) / 4;	/* OFST, in dwords */
		c.data = (uint8_t *)image + done;
		c.data_len = l;
		ret = nvmetest_admin_cmd(dev, &c);
		if (ret)
			break;
	}
	return ret;
}

int nvmetest_fw_commit(struct nvmetest_dev *dev, uint8_t slot, uint8_t action,
		       uint8_t bpid, uint32_t *result)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_fw_commit,
		/* FS 2:0, CA 5:3, BPID 31 */
		.cdw10 = (slot & 0x7) | (uint32_t)(action & 0x7) << 3 | (uint32_t)(bpid & 1) << 31,
		.result = result,
	};

	nvmt_clear_error();
	if (slot > 7 || action > 7 || bpid > 1)
		return nvmt_fail(-EINVAL, "%s: firmware commit: slot 0-7, action 0-7, bpid 0-1",
				 dev->path);
	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_dev_self_test(struct nvmetest_dev *dev, uint32_t nsid, uint8_t stc)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_dev_self_test,
		.nsid = nsid,
		.cdw10 = stc & 0xf,
	};

	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_abort(struct nvmetest_dev *dev, uint16_t sqid, uint16_t cid,
		   uint32_t *result)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_abort_cmd,
		.cdw10 = sqid | (uint32_t)cid << 16,
		.result = result,
	};

	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_ns_create(struct nvmetest_dev *dev, const struct nvme_id_ns *ns,
		       uint8_t csi, uint32_t *nsid)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_ns_mgmt,
		.cdw10 = NVME_NS_MGMT_SEL_CREATE,
		.cdw11 = (uint32_t)csi << 24,
		/* the command does not write the buffer; the driver's
		 * direction comes from the opcode (0x0d: host to controller) */
		.data = (void *)ns,
		.data_len = sizeof(*ns),
		.result = nsid,
	};

	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_ns_delete(struct nvmetest_dev *dev, uint32_t nsid)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_ns_mgmt,
		.nsid = nsid,
		.cdw10 = NVME_NS_MGMT_SEL_DELETE,
	};

	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_ns_attach(struct nvmetest_dev *dev, uint32_t nsid, bool detach,
		       const struct nvme_ctrl_list *list)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_ns_attach,
		.nsid = nsid,
		.cdw10 = detach ? NVME_NS_ATTACH_SEL_CTRL_DEATTACH :
				  NVME_NS_ATTACH_SEL_CTRL_ATTACH,
		.data = (void *)list,
		.data_len = sizeof(*list),
	};

	return nvmetest_admin_cmd(dev, &c);
}

static int security(struct nvmetest_dev *dev, uint8_t opcode,
		    const struct nvmetest_security_args *a)
{
	struct nvmetest_cmd_args c = {
		.opcode = opcode,
		.nsid = a->nsid,
		/* NSSF 7:0, SPSP0 15:8, SPSP1 23:16, SECP 31:24 */
		.cdw10 = a->nssf | (uint32_t)a->spsp << 8 | (uint32_t)a->secp << 24,
		.cdw11 = a->len,
		.data = a->data,
		.data_len = a->len,
		.timeout_ms = a->timeout_ms,
	};

	return nvmetest_admin_cmd(dev, &c);
}

int nvmetest_security_send(struct nvmetest_dev *dev, const struct nvmetest_security_args *a)
{
	return security(dev, nvme_admin_security_send, a);
}

int nvmetest_security_recv(struct nvmetest_dev *dev, const struct nvmetest_security_args *a)
{
	return security(dev, nvme_admin_security_recv, a);
}
