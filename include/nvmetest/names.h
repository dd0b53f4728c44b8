/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/names.c: the names (pure) of NVMe status values, host
 * statuses, features, log pages, opcodes, controller states, interrupt modes
 * and asynchronous events.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_NAMES_H
#define NVMETEST_NAMES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parts of a status value (the 15-bit field, phase removed). */
#define NVMETEST_STATUS_SC(s)	((s) & 0xff)
#define NVMETEST_STATUS_SCT(s)	(((s) >> 8) & 0x7)
#define NVMETEST_STATUS_CRD(s)	(((s) >> 11) & 0x3)
#define NVMETEST_STATUS_MORE(s)	(((s) >> 13) & 0x1)
#define NVMETEST_STATUS_DNR(s)	(((s) >> 14) & 0x1)

/**
 * nvmetest_status_name - mnemonic of an NVMe status
 * @status: status value (SCT and SC decide; CRD, More and DNR are ignored)
 *
 * Pure. Knows the generic, command specific and media and data integrity
 * errors of the NVMe 2.0 base specification and the path related ones.
 *
 * Return: "SUCCESS", "INVALID_OPCODE", "INVALID_FIELD", ...;
 * "VENDOR_SPECIFIC" for SCT 7; "UNKNOWN" for a code the table lacks.
 */
const char *nvmetest_status_name(uint16_t status);

/**
 * nvmetest_status_desc - the specification's name of an NVMe status
 * @status: status value
 *
 * Pure.
 *
 * Return: "Invalid Field in Command", ...; "Unknown Status" if unknown.
 */
const char *nvmetest_status_desc(uint16_t status);

/**
 * nvmetest_host_status_name - mnemonic of an enum nvmetest_host_status
 * @host_status: struct nvmetest_cmd.host_status
 *
 * Pure.
 *
 * Return: "OK", "TIMEOUT", "ABORTED_RESET", "DEVICE_GONE", "INTERRUPTED",
 * "VERIFY_FAILED", "OVERRUN", "ABORTED_PCI_RESET" or "UNKNOWN".
 */
const char *nvmetest_host_status_name(uint32_t host_status);

/**
 * nvmetest_host_status_errno - the negative errno of a host status
 * @host_status: struct nvmetest_cmd.host_status
 *
 * Pure.
 *
 * Return: 0 for NVMETEST_HOST_OK, -ETIMEDOUT, -ECANCELED, -ENODEV, -EINTR,
 * -EILSEQ for NVMETEST_HOST_VERIFY_FAILED (data verification failed: the
 * device completed the command, and the sync helpers still fill the
 * caller's CQE and result), -EOVERFLOW for NVMETEST_HOST_OVERRUN (the
 * device completed the command and moved more than the buffers hold; the
 * CQE and result are filled too), -EIO for an unknown value.
 */
int nvmetest_host_status_errno(uint32_t host_status);

/**
 * nvmetest_feature_name - the specification's name of a feature
 * @fid: feature identifier
 *
 * Pure.
 *
 * Return: "Arbitration", "Temperature Threshold", ...; "Unknown".
 */
const char *nvmetest_feature_name(uint8_t fid);

/**
 * nvmetest_log_name - the specification's name of a log page
 * @lid: log page identifier
 *
 * Pure.
 *
 * Return: "SMART / Health Information", ...; "Unknown".
 */
const char *nvmetest_log_name(uint8_t lid);

/**
 * nvmetest_admin_opcode_name - the specification's name of an admin opcode
 * @opcode: admin command opcode
 *
 * Pure.
 *
 * Return: "Identify", "Get Log Page", ...; "Unknown".
 */
const char *nvmetest_admin_opcode_name(uint8_t opcode);

/* ---------------------------------------------------------------------- */
/* Controller states                                                      */

/**
 * nvmetest_state_name - name of an enum nvmetest_ctrl_state value
 * @state: struct nvmetest_info.state
 *
 * Pure.
 *
 * Return: "bound", "dead", "disabled", "adminq", "enabled", "shutdown",
 * "failed", "d3hot" or "unknown".
 */
const char *nvmetest_state_name(uint32_t state);

/**
 * nvmetest_reset_name - name of an enum nvmetest_reset_type value
 * @type: NVMETEST_RESET_*, or 0
 *
 * Pure. The CLI's `info` shows it as the last reset.
 *
 * Return: "flr", "hot", "nssr", "pci-core", "none" for 0 and other values.
 */
const char *nvmetest_reset_name(uint32_t type);

/**
 * nvmetest_why_name - what an enum nvmetest_why value means, for a person
 * @why: NVMETEST_WHY_*
 *
 * Pure.
 *
 * Return: a sentence fragment; "" for NVMETEST_WHY_NONE, "unknown reason"
 * for values this library does not know.
 */
const char *nvmetest_why_name(uint32_t why);

/* ---------------------------------------------------------------------- */
/* Interrupt modes                                                        */

/**
 * nvmetest_irq_mode_name - name of an enum nvmetest_irq_mode value
 * @mode: NVMETEST_IRQ_*
 *
 * Pure.
 *
 * Return: "none", "intx", "msi", "msix" or "unknown".
 */
const char *nvmetest_irq_mode_name(uint32_t mode);

/**
 * nvmetest_irq_mode_parse - the enum nvmetest_irq_mode of a name
 * @s:    "none", "intx", "msi" or "msix"
 * @mode: output
 *
 * Pure.
 *
 * Return: 0, or -EINVAL for another name.
 */
int nvmetest_irq_mode_parse(const char *s, uint32_t *mode);

/* ---------------------------------------------------------------------- */
/* Asynchronous events                                                    */

/**
 * struct nvmetest_aen - an Asynchronous Event Request's dword 0, decoded
 * @type: event type (bits 2:0, NVME_AER_*)
 * @info: asynchronous event information (bits 15:8)
 * @lid:  log page to read to clear the event (bits 23:16)
 */
struct nvmetest_aen {
	uint8_t type;
	uint8_t info;
	uint8_t lid;
};

/**
 * nvmetest_aen_decode - decode an AER completion's dword 0
 * @dw0: struct nvmetest_event.dw0
 * @aen: output
 *
 * Pure.
 */
void nvmetest_aen_decode(uint32_t dw0, struct nvmetest_aen *aen);

/**
 * nvmetest_aen_type_name - name of an asynchronous event type
 * @type: 0..7
 *
 * Pure.
 *
 * Return: "error", "smart", "notice", "immediate", "one-shot", "css",
 * "vendor" or "reserved".
 */
const char *nvmetest_aen_type_name(uint8_t type);

/**
 * nvmetest_aen_info_name - what an asynchronous event's information means
 * @type: event type
 * @info: event information
 *
 * Pure.
 *
 * Return: a short description ("temperature threshold", "namespace
 * attribute changed", ...) or "unknown".
 */
const char *nvmetest_aen_info_name(uint8_t type, uint8_t info);

/* ---------------------------------------------------------------------- */
/* Opcodes                                                                */

/**
 * nvmetest_nvm_opcode_name - the specification's name of an NVM opcode
 * @opcode: NVM command set opcode
 *
 * Pure.
 *
 * Return: "Read", "Write", "Dataset Management", ...; "Unknown".
 */
const char *nvmetest_nvm_opcode_name(uint8_t opcode);

/**
 * nvmetest_opcode_name - name of a command's opcode, by queue
 * @qid:    queue the command went to: 0 is admin, others NVM
 * @opcode: opcode
 *
 * Pure.
 *
 * Return: nvmetest_admin_opcode_name() or nvmetest_nvm_opcode_name().
 */
const char *nvmetest_opcode_name(uint16_t qid, uint8_t opcode);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_NAMES_H */
