// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names of NVMe values for messages and output: status codes (generic,
 * command specific, media and data integrity, path), host statuses,
 * controller states, interrupt modes, features, log pages and
 * asynchronous events. Tables keyed by libnvme's <nvme/types.h>
 * constants, so that the code values are never typed twice; the
 * mnemonics are libnvme's identifiers without their NVME_SC_ prefix.
 */
#include <errno.h>
#include <string.h>

#include "private.h"

struct status_name {
	uint8_t sct;
	uint8_t sc;
	const char *name;
	const char *desc;
};

#define G(n, d)	{ NVME_SCT_GENERIC, NVME_SC_##n, #n, d }
#define C(n, d)	{ NVME_SCT_CMD_SPECIFIC, NVME_SC_##n, #n, d }
#define M(n, d)	{ NVME_SCT_MEDIA, NVME_SC_##n, #n, d }
#define P(n, d)	{ NVME_SCT_PATH, NVME_SC_##n, #n, d }

static const struct status_name status_names[] = {
	/* generic command status (NVMe 2.0 base, figure 100) */
	G(SUCCESS, "Successful Completion"),
	G(INVALID_OPCODE, "Invalid Command Opcode"),
	G(INVALID_FIELD, "Invalid Field in Command"),
	G(CMDID_CONFLICT, "Command ID Conflict"),
	G(DATA_XFER_ERROR, "Data Transfer Error"),
	G(POWER_LOSS, "Commands Aborted due to Power Loss Notification"),
	G(INTERNAL, "Internal Error"),
	G(ABORT_REQ, "Command Abort Requested"),
	G(ABORT_QUEUE, "Command Aborted due to SQ Deletion"),
	G(FUSED_FAIL, "Command Aborted due to Failed Fused Command"),
	G(FUSED_MISSING, "Command Aborted due to Missing Fused Command"),
	G(INVALID_NS, "Invalid Namespace or Format"),
	G(CMD_SEQ_ERROR, "Command Sequence Error"),
	G(SGL_INVALID_LAST, "Invalid SGL Segment Descriptor"),
	G(SGL_INVALID_COUNT, "Invalid Number of SGL Descriptors"),
	G(SGL_INVALID_DATA, "Data SGL Length Invalid"),
	G(SGL_INVALID_METADATA, "Metadata SGL Length Invalid"),
	G(SGL_INVALID_TYPE, "SGL Descriptor Type Invalid"),
	G(CMB_INVALID_USE, "Invalid Use of Controller Memory Buffer"),
	G(PRP_INVALID_OFFSET, "PRP Offset Invalid"),
	G(AWU_EXCEEDED, "Atomic Write Unit Exceeded"),
	G(OP_DENIED, "Operation Denied"),
	G(SGL_INVALID_OFFSET, "SGL Offset Invalid"),
	G(HOSTID_FORMAT, "Host Identifier Inconsistent Format"),
	G(KAT_EXPIRED, "Keep Alive Timer Expired"),
	G(KAT_INVALID, "Keep Alive Timeout Invalid"),
	G(CMD_ABORTED_PREMEPT, "Command Aborted due to Preempt and Abort"),
	G(SANITIZE_FAILED, "Sanitize Failed"),
	G(SANITIZE_IN_PROGRESS, "Sanitize In Progress"),
	G(SGL_INVALID_GRANULARITY, "SGL Data Block Granularity Invalid"),
	G(CMD_IN_CMBQ_NOT_SUPP, "Command Not Supported for Queue in CMB"),
	G(NS_WRITE_PROTECTED, "Namespace is Write Protected"),
	G(CMD_INTERRUPTED, "Command Interrupted"),
	G(TRAN_TPORT_ERROR, "Transient Transport Error"),
	G(PROHIBITED_BY_CMD_AND_FEAT, "Command Prohibited by Command and Feature Lockdown"),
	G(ADMIN_CMD_MEDIA_NOT_READY, "Admin Command Media Not Ready"),
	/* generic, I/O command set specific (0x80-0xbf) */
	G(LBA_RANGE, "LBA Out of Range"),
	G(CAP_EXCEEDED, "Capacity Exceeded"),
	G(NS_NOT_READY, "Namespace Not Ready"),
	G(RESERVATION_CONFLICT, "Reservation Conflict"),
	G(FORMAT_IN_PROGRESS, "Format In Progress"),

	/* command specific status (figure 101) */
	C(CQ_INVALID, "Completion Queue Invalid"),
	C(QID_INVALID, "Invalid Queue Identifier"),
	C(QUEUE_SIZE, "Invalid Queue Size"),
	C(ABORT_LIMIT, "Abort Command Limit Exceeded"),
	C(ABORT_MISSING, "Abort Command Is Missing"),
	C(ASYNC_LIMIT, "Asynchronous Event Request Limit Exceeded"),
	C(FIRMWARE_SLOT, "Invalid Firmware Slot"),
	C(FIRMWARE_IMAGE, "Invalid Firmware Image"),
	C(INVALID_VECTOR, "Invalid Interrupt Vector"),
	C(INVALID_LOG_PAGE, "Invalid Log Page"),
	C(INVALID_FORMAT, "Invalid Format"),
	C(FW_NEEDS_CONV_RESET, "Firmware Activation Requires Conventional Reset"),
	C(INVALID_QUEUE, "Invalid Queue Deletion"),
	C(FEATURE_NOT_SAVEABLE, "Feature Identifier Not Saveable"),
	C(FEATURE_NOT_CHANGEABLE, "Feature Not Changeable"),
	C(FEATURE_NOT_PER_NS, "Feature Not Namespace Specific"),
	C(FW_NEEDS_SUBSYS_RESET, "Firmware Activation Requires NVM Subsystem Reset"),
	C(FW_NEEDS_RESET, "Firmware Activation Requires Controller Level Reset"),
	C(FW_NEEDS_MAX_TIME, "Firmware Activation Requires Maximum Time Violation"),
	C(FW_ACTIVATE_PROHIBITED, "Firmware Activation Prohibited"),
	C(OVERLAPPING_RANGE, "Overlapping Range"),
	C(NS_INSUFFICIENT_CAP, "Namespace Insufficient Capacity"),
	C(NS_ID_UNAVAILABLE, "Namespace Identifier Unavailable"),
	C(NS_ALREADY_ATTACHED, "Namespace Already Attached"),
	C(NS_IS_PRIVATE, "Namespace Is Private"),
	C(NS_NOT_ATTACHED, "Namespace Not Attached"),
	C(THIN_PROV_NOT_SUPP, "Thin Provisioning Not Supported"),
	C(CTRL_LIST_INVALID, "Controller List Invalid"),
	C(SELF_TEST_IN_PROGRESS, "Device Self-test In Progress"),
	C(BP_WRITE_PROHIBITED, "Boot Partition Write Prohibited"),
	C(INVALID_CTRL_ID, "Invalid Controller Identifier"),
	C(INVALID_SEC_CTRL_STATE, "Invalid Secondary Controller State"),
	C(INVALID_CTRL_RESOURCES, "Invalid Number of Controller Resources"),
	C(INVALID_RESOURCE_ID, "Invalid Resource Identifier"),
	C(PMR_SAN_PROHIBITED, "Sanitize Prohibited While Persistent Memory Region is Enabled"),
	C(ANA_GROUP_ID_INVALID, "ANA Group Identifier Invalid"),
	C(ANA_ATTACH_FAILED, "ANA Attach Failed"),
	C(INSUFFICIENT_CAP, "Insufficient Capacity"),
	C(NS_ATTACHMENT_LIMIT_EXCEEDED, "Namespace Attachment Limit Exceeded"),
	C(PROHIBIT_CMD_EXEC_NOT_SUPPORTED, "Prohibition of Command Execution Not Supported"),
	C(IOCS_NOT_SUPPORTED, "I/O Command Set Not Supported"),
	C(IOCS_NOT_ENABLED, "I/O Command Set Not Enabled"),
	C(IOCS_COMBINATION_REJECTED, "I/O Command Set Combination Rejected"),
	C(INVALID_IOCS, "Invalid I/O Command Set"),
	C(ID_UNAVAILABLE, "Identifier Unavailable"),
	/* command specific, NVM command set (0x80-0xbf) */
	C(BAD_ATTRIBUTES, "Conflicting Attributes"),
	C(INVALID_PI, "Invalid Protection Information"),
	C(READ_ONLY, "Attempted Write to Read Only Range"),
	C(CMD_SIZE_LIMIT_EXCEEDED, "Command Size Limit Exceeded"),

	/* media and data integrity errors (figure 102) */
	M(WRITE_FAULT, "Write Fault"),
	M(READ_ERROR, "Unrecovered Read Error"),
	M(GUARD_CHECK, "End-to-end Guard Check Error"),
	M(APPTAG_CHECK, "End-to-end Application Tag Check Error"),
	M(REFTAG_CHECK, "End-to-end Reference Tag Check Error"),
	M(COMPARE_FAILED, "Compare Failure"),
	M(ACCESS_DENIED, "Access Denied"),
	M(UNWRITTEN_BLOCK, "Deallocated or Unwritten Logical Block"),
	M(STORAGE_TAG_CHECK, "End-to-End Storage Tag Check Error"),

	/* path related status (figure 103) */
	P(ANA_INTERNAL_PATH_ERROR, "Internal Path Error"),
	P(ANA_PERSISTENT_LOSS, "Asymmetric Access Persistent Loss"),
	P(ANA_INACCESSIBLE, "Asymmetric Access Inaccessible"),
	P(ANA_TRANSITION, "Asymmetric Access Transition"),
	P(CTRL_PATH_ERROR, "Controller Pathing Error"),
	P(HOST_PATH_ERROR, "Host Pathing Error"),
	P(CMD_ABORTED_BY_HOST, "Command Aborted By Host"),
};

#undef G
#undef C
#undef M
#undef P

static const struct status_name *status_find(uint16_t status)
{
	uint8_t sct = NVMETEST_STATUS_SCT(status), sc = NVMETEST_STATUS_SC(status);

	for (size_t i = 0; i < NVMT_ARRAY_SIZE(status_names); i++)
		if (status_names[i].sct == sct && status_names[i].sc == sc)
			return &status_names[i];
	return NULL;
}

const char *nvmetest_status_name(uint16_t status)
{
	const struct status_name *s = status_find(status);

	if (s)
		return s->name;
	return NVMETEST_STATUS_SCT(status) == NVME_SCT_VS ? "VENDOR_SPECIFIC" : "UNKNOWN";
}

const char *nvmetest_status_desc(uint16_t status)
{
	const struct status_name *s = status_find(status);

	if (s)
		return s->desc;
	return NVMETEST_STATUS_SCT(status) == NVME_SCT_VS ? "Vendor Specific Status" :
		"Unknown Status";
}

const char *nvmetest_host_status_name(uint32_t host_status)
{
	static const char *const names[] = {
		[NVMETEST_HOST_OK] = "OK",
		[NVMETEST_HOST_TIMEOUT] = "TIMEOUT",
		[NVMETEST_HOST_ABORTED_RESET] = "ABORTED_RESET",
		[NVMETEST_HOST_DEVICE_GONE] = "DEVICE_GONE",
		[NVMETEST_HOST_INTERRUPTED] = "INTERRUPTED",
		[NVMETEST_HOST_VERIFY_FAILED] = "VERIFY_FAILED",
		[NVMETEST_HOST_OVERRUN] = "OVERRUN",
		[NVMETEST_HOST_ABORTED_PCI_RESET] = "ABORTED_PCI_RESET",
	};

	return NVMT_NAME(names, host_status, "UNKNOWN");
}

int nvmetest_host_status_errno(uint32_t host_status)
{
	switch (host_status) {
	case NVMETEST_HOST_OK:
		return 0;
	case NVMETEST_HOST_TIMEOUT:
		return -ETIMEDOUT;
	case NVMETEST_HOST_ABORTED_RESET:
	case NVMETEST_HOST_ABORTED_PCI_RESET:
		return -ECANCELED;
	case NVMETEST_HOST_DEVICE_GONE:
		return -ENODEV;
	case NVMETEST_HOST_INTERRUPTED:
		return -EINTR;
	case NVMETEST_HOST_VERIFY_FAILED:
		return -EILSEQ;
	case NVMETEST_HOST_OVERRUN:
		return -EOVERFLOW;
	default:
		return -EIO;
	}
}

const char *nvmetest_state_name(uint32_t state)
{
	static const char *const names[] = {
		[NVMETEST_STATE_BOUND] = "bound",
		[NVMETEST_STATE_DEAD] = "dead",
		[NVMETEST_STATE_DISABLED] = "disabled",
		[NVMETEST_STATE_ADMINQ] = "adminq",
		[NVMETEST_STATE_ENABLED] = "enabled",
		[NVMETEST_STATE_SHUTDOWN] = "shutdown",
		[NVMETEST_STATE_FAILED] = "failed",
		[NVMETEST_STATE_D3HOT] = "d3hot",
	};

	return NVMT_NAME(names, state, "unknown");
}

const char *nvmetest_reset_name(uint32_t type)
{
	static const char *const names[] = {
		[NVMETEST_RESET_FLR] = "flr",
		[NVMETEST_RESET_HOT] = "hot",
		[NVMETEST_RESET_NSSR] = "nssr",
		[NVMETEST_RESET_PCI_CORE] = "pci-core",
		[NVMETEST_RESET_LINK] = "link",
		[NVMETEST_RESET_PCI_ERROR] = "pci-error",
	};

	return NVMT_NAME(names, type, "none");
}

const char *nvmetest_why_name(uint32_t why)
{
	static const char *const names[] = {
		[NVMETEST_WHY_NONE] = "",
		[NVMETEST_WHY_NOT_D0] = "the function is not in D0 (PMCSR PowerState)",
		[NVMETEST_WHY_NO_MEMORY] =
			"memory decode is off, a BAR lost its address or BAR0 reads all ones (config space lost)",
		[NVMETEST_WHY_NO_NSSRS] = "CAP.NSSRS = 0: no NVM Subsystem Reset",
		[NVMETEST_WHY_NO_FLR] = "no Function Level Reset capability (PCIe DEVCAP)",
		[NVMETEST_WHY_NO_BRIDGE] = "on a root bus: no bridge above to reset",
		[NVMETEST_WHY_SHARED_BUS] =
			"another function below the bridge is not bound to nvmetest",
		[NVMETEST_WHY_PCI_CORE] = "the PCI core failed the reset (see the kernel log)",
		[NVMETEST_WHY_NO_PM] = "no PCI Power Management capability",
		[NVMETEST_WHY_NO_LINK_CTL] =
			"the bridge above is not a PCIe Root Port or Downstream Port (no Link Control)",
		[NVMETEST_WHY_NOT_TAKEN] =
			"the port or the function did not take the Link Control write (it reads back unchanged)",
		[NVMETEST_WHY_LINK_DOWN] =
			"the link or the function did not come back in time",
		[NVMETEST_WHY_NO_ASPM] =
			"an ASPM state asked for is not supported by both ends of the link (LNKCAP)",
		[NVMETEST_WHY_PEER_BUSY] =
			"another controller of the subsystem bound to nvmetest stayed busy (its reset, remove or probe)",
		[NVMETEST_WHY_PEER_TOO_MANY] =
			"more than 8 other functions are bound to nvmetest",
	};

	return NVMT_NAME(names, why, "unknown reason");
}

static const char *const irq_modes[] = {
	[NVMETEST_IRQ_NONE] = "none",
	[NVMETEST_IRQ_INTX] = "intx",
	[NVMETEST_IRQ_MSI] = "msi",
	[NVMETEST_IRQ_MSIX] = "msix",
};

const char *nvmetest_irq_mode_name(uint32_t mode)
{
	return NVMT_NAME(irq_modes, mode, "unknown");
}

int nvmetest_irq_mode_parse(const char *s, uint32_t *mode)
{
	for (uint32_t i = 0; s && i < NVMT_ARRAY_SIZE(irq_modes); i++) {
		if (!strcmp(s, irq_modes[i])) {
			*mode = i;
			return 0;
		}
	}
	return -EINVAL;
}

struct id_name {
	uint8_t id;
	const char *name;
};

static const char *id_name(const struct id_name *t, size_t n, uint8_t id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return "Unknown";
}

const char *nvmetest_feature_name(uint8_t fid)
{
	static const struct id_name t[] = {
		{ NVME_FEAT_FID_ARBITRATION, "Arbitration" },
		{ NVME_FEAT_FID_POWER_MGMT, "Power Management" },
		{ NVME_FEAT_FID_LBA_RANGE, "LBA Range Type" },
		{ NVME_FEAT_FID_TEMP_THRESH, "Temperature Threshold" },
		{ NVME_FEAT_FID_ERR_RECOVERY, "Error Recovery" },
		{ NVME_FEAT_FID_VOLATILE_WC, "Volatile Write Cache" },
		{ NVME_FEAT_FID_NUM_QUEUES, "Number of Queues" },
		{ NVME_FEAT_FID_IRQ_COALESCE, "Interrupt Coalescing" },
		{ NVME_FEAT_FID_IRQ_CONFIG, "Interrupt Vector Configuration" },
		{ NVME_FEAT_FID_WRITE_ATOMIC, "Write Atomicity Normal" },
		{ NVME_FEAT_FID_ASYNC_EVENT, "Asynchronous Event Configuration" },
		{ NVME_FEAT_FID_AUTO_PST, "Autonomous Power State Transition" },
		{ NVME_FEAT_FID_HOST_MEM_BUF, "Host Memory Buffer" },
		{ NVME_FEAT_FID_TIMESTAMP, "Timestamp" },
		{ NVME_FEAT_FID_KATO, "Keep Alive Timer" },
		{ NVME_FEAT_FID_HCTM, "Host Controlled Thermal Management" },
		{ NVME_FEAT_FID_NOPSC, "Non-Operational Power State Config" },
		{ NVME_FEAT_FID_RRL, "Read Recovery Level Config" },
		{ NVME_FEAT_FID_PLM_CONFIG, "Predictable Latency Mode Config" },
		{ NVME_FEAT_FID_PLM_WINDOW, "Predictable Latency Mode Window" },
		{ NVME_FEAT_FID_LBA_STS_INTERVAL, "LBA Status Information Report Interval" },
		{ NVME_FEAT_FID_HOST_BEHAVIOR, "Host Behavior Support" },
		{ NVME_FEAT_FID_SANITIZE, "Sanitize Config" },
		{ NVME_FEAT_FID_ENDURANCE_EVT_CFG, "Endurance Group Event Configuration" },
		{ NVME_FEAT_FID_IOCS_PROFILE, "I/O Command Set Profile" },
		{ NVME_FEAT_FID_SPINUP_CONTROL, "Spinup Control" },
		{ NVME_FEAT_FID_ENH_CTRL_METADATA, "Enhanced Controller Metadata" },
		{ NVME_FEAT_FID_CTRL_METADATA, "Controller Metadata" },
		{ NVME_FEAT_FID_NS_METADATA, "Namespace Metadata" },
		{ NVME_FEAT_FID_SW_PROGRESS, "Software Progress Marker" },
		{ NVME_FEAT_FID_HOST_ID, "Host Identifier" },
		{ NVME_FEAT_FID_RESV_MASK, "Reservation Notification Mask" },
		{ NVME_FEAT_FID_RESV_PERSIST, "Reservation Persistence" },
		{ NVME_FEAT_FID_WRITE_PROTECT, "Namespace Write Protection Config" },
	};

	return id_name(t, NVMT_ARRAY_SIZE(t), fid);
}

const char *nvmetest_log_name(uint8_t lid)
{
	static const struct id_name t[] = {
		{ NVME_LOG_LID_SUPPORTED_LOG_PAGES, "Supported Log Pages" },
		{ NVME_LOG_LID_ERROR, "Error Information" },
		{ NVME_LOG_LID_SMART, "SMART / Health Information" },
		{ NVME_LOG_LID_FW_SLOT, "Firmware Slot Information" },
		{ NVME_LOG_LID_CHANGED_NS, "Changed Namespace List" },
		{ NVME_LOG_LID_CMD_EFFECTS, "Commands Supported and Effects" },
		{ NVME_LOG_LID_DEVICE_SELF_TEST, "Device Self-test" },
		{ NVME_LOG_LID_TELEMETRY_HOST, "Telemetry Host-Initiated" },
		{ NVME_LOG_LID_TELEMETRY_CTRL, "Telemetry Controller-Initiated" },
		{ NVME_LOG_LID_ENDURANCE_GROUP, "Endurance Group Information" },
		{ NVME_LOG_LID_PREDICTABLE_LAT_NVMSET, "Predictable Latency Per NVM Set" },
		{ NVME_LOG_LID_PREDICTABLE_LAT_AGG, "Predictable Latency Event Aggregate" },
		{ NVME_LOG_LID_ANA, "Asymmetric Namespace Access" },
		{ NVME_LOG_LID_PERSISTENT_EVENT, "Persistent Event Log" },
		{ NVME_LOG_LID_LBA_STATUS, "LBA Status Information" },
		{ NVME_LOG_LID_ENDURANCE_GRP_EVT, "Endurance Group Event Aggregate" },
		{ NVME_LOG_LID_BOOT_PARTITION, "Boot Partition" },
		{ NVME_LOG_LID_DISCOVER, "Discovery" },
		{ NVME_LOG_LID_RESERVATION, "Reservation Notification" },
		{ NVME_LOG_LID_SANITIZE, "Sanitize Status" },
	};

	return id_name(t, NVMT_ARRAY_SIZE(t), lid);
}

void nvmetest_aen_decode(uint32_t dw0, struct nvmetest_aen *aen)
{
	aen->type = dw0 & 0x7;
	aen->info = (dw0 >> 8) & 0xff;
	aen->lid = (dw0 >> 16) & 0xff;
}

const char *nvmetest_aen_type_name(uint8_t type)
{
	static const char *const names[8] = {
		[NVME_AER_ERROR] = "error",
		[NVME_AER_SMART] = "smart",
		[NVME_AER_NOTICE] = "notice",
		[3] = "immediate",
		[4] = "one-shot",
		[NVME_AER_CSS] = "css",
		[NVME_AER_VS] = "vendor",
	};

	return NVMT_NAME(names, type, "reserved");
}

const char *nvmetest_aen_info_name(uint8_t type, uint8_t info)
{
	static const struct id_name error[] = {
		{ NVME_AER_ERROR_INVALID_DB_REG, "write to invalid doorbell register" },
		{ NVME_AER_ERROR_INVALID_DB_VAL, "invalid doorbell write value" },
		{ NVME_AER_ERROR_DIAG_FAILURE, "diagnostic failure" },
		{ NVME_AER_ERROR_PERSISTENT_INTERNAL_ERROR, "persistent internal error" },
		{ NVME_AER_ERROR_TRANSIENT_INTERNAL_ERROR, "transient internal error" },
		{ NVME_AER_ERROR_FW_IMAGE_LOAD_ERROR, "firmware image load error" },
	};
	static const struct id_name smart[] = {
		{ NVME_AER_SMART_SUBSYSTEM_RELIABILITY, "NVM subsystem reliability" },
		{ NVME_AER_SMART_TEMPERATURE_THRESHOLD, "temperature threshold" },
		{ NVME_AER_SMART_SPARE_THRESHOLD, "spare below threshold" },
	};
	static const struct id_name notice[] = {
		{ NVME_AER_NOTICE_NS_CHANGED, "namespace attribute changed" },
		{ NVME_AER_NOTICE_FW_ACT_STARTING, "firmware activation starting" },
		{ NVME_AER_NOTICE_TELEMETRY, "telemetry log changed" },
		{ NVME_AER_NOTICE_ANA, "asymmetric namespace access change" },
		{ NVME_AER_NOTICE_PL_EVENT, "predictable latency event aggregate log change" },
		{ NVME_AER_NOTICE_LBA_STATUS_ALERT, "LBA status information alert" },
		{ NVME_AER_NOTICE_EG_EVENT, "endurance group event aggregate log change" },
		{ NVME_AER_NOTICE_DISC_CHANGED, "discovery log page change" },
	};
	static const struct id_name css[] = {
		{ NVME_AER_CSS_NVM_RESERVATION, "reservation log page available" },
		{ NVME_AER_CSS_NVM_SANITIZE_COMPLETED, "sanitize operation completed" },
		{ NVME_AER_CSS_NVM_UNEXPECTED_SANITIZE_DEALLOC,
		  "sanitize operation completed with unexpected deallocation" },
	};
	const char *s = "Unknown";

#define LOOKUP(t) id_name(t, NVMT_ARRAY_SIZE(t), info)
	switch (type) {
	case NVME_AER_ERROR:
		s = LOOKUP(error);
		break;
	case NVME_AER_SMART:
		s = LOOKUP(smart);
		break;
	case NVME_AER_NOTICE:
		s = LOOKUP(notice);
		break;
	case NVME_AER_CSS:
		s = LOOKUP(css);
		break;
	default:
		break;
	}
#undef LOOKUP
	return strcmp(s, "Unknown") ? s : "unknown";
}

const char *nvmetest_admin_opcode_name(uint8_t opcode)
{
	static const struct id_name t[] = {
		{ nvme_admin_delete_sq, "Delete I/O Submission Queue" },
		{ nvme_admin_create_sq, "Create I/O Submission Queue" },
		{ nvme_admin_get_log_page, "Get Log Page" },
		{ nvme_admin_delete_cq, "Delete I/O Completion Queue" },
		{ nvme_admin_create_cq, "Create I/O Completion Queue" },
		{ nvme_admin_identify, "Identify" },
		{ nvme_admin_abort_cmd, "Abort" },
		{ nvme_admin_set_features, "Set Features" },
		{ nvme_admin_get_features, "Get Features" },
		{ nvme_admin_async_event, "Asynchronous Event Request" },
		{ nvme_admin_ns_mgmt, "Namespace Management" },
		{ nvme_admin_fw_commit, "Firmware Commit" },
		{ nvme_admin_fw_download, "Firmware Image Download" },
		{ nvme_admin_dev_self_test, "Device Self-test" },
		{ nvme_admin_ns_attach, "Namespace Attachment" },
		{ nvme_admin_keep_alive, "Keep Alive" },
		{ nvme_admin_directive_send, "Directive Send" },
		{ nvme_admin_directive_recv, "Directive Receive" },
		{ nvme_admin_virtual_mgmt, "Virtualization Management" },
		{ nvme_admin_nvme_mi_send, "NVMe-MI Send" },
		{ nvme_admin_nvme_mi_recv, "NVMe-MI Receive" },
		{ nvme_admin_capacity_mgmt, "Capacity Management" },
		{ nvme_admin_lockdown, "Lockdown" },
		{ nvme_admin_dbbuf, "Doorbell Buffer Config" },
		{ nvme_admin_format_nvm, "Format NVM" },
		{ nvme_admin_security_send, "Security Send" },
		{ nvme_admin_security_recv, "Security Receive" },
		{ nvme_admin_sanitize_nvm, "Sanitize" },
		{ nvme_admin_get_lba_status, "Get LBA Status" },
	};

	return id_name(t, NVMT_ARRAY_SIZE(t), opcode);
}

const char *nvmetest_nvm_opcode_name(uint8_t opcode)
{
	static const struct id_name t[] = {
		{ nvme_cmd_flush, "Flush" },
		{ nvme_cmd_write, "Write" },
		{ nvme_cmd_read, "Read" },
		{ nvme_cmd_write_uncor, "Write Uncorrectable" },
		{ nvme_cmd_compare, "Compare" },
		{ nvme_cmd_write_zeroes, "Write Zeroes" },
		{ nvme_cmd_dsm, "Dataset Management" },
		{ nvme_cmd_verify, "Verify" },
		{ nvme_cmd_resv_register, "Reservation Register" },
		{ nvme_cmd_resv_report, "Reservation Report" },
		{ nvme_cmd_resv_acquire, "Reservation Acquire" },
		{ nvme_cmd_io_mgmt_recv, "I/O Management Receive" },
		{ nvme_cmd_resv_release, "Reservation Release" },
		{ nvme_cmd_copy, "Copy" },
		{ nvme_cmd_io_mgmt_send, "I/O Management Send" },
		{ nvme_zns_cmd_mgmt_send, "Zone Management Send" },
		{ nvme_zns_cmd_mgmt_recv, "Zone Management Receive" },
		{ nvme_zns_cmd_append, "Zone Append" },
	};

	return id_name(t, NVMT_ARRAY_SIZE(t), opcode);
}

const char *nvmetest_opcode_name(uint16_t qid, uint8_t opcode)
{
	return qid ? nvmetest_nvm_opcode_name(opcode) : nvmetest_admin_opcode_name(opcode);
}
