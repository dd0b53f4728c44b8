/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/admin.c: admin command helpers: Identify, logs, features,
 * format, sanitize, firmware, namespace management, security.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_ADMIN_H
#define NVMETEST_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include <nvme/types.h>	/* wire formats: struct nvme_id_ctrl, ... */

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_ADMIN_H */
