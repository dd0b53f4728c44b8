// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CLI's command table (one row per subcommand: name, summary, handler,
 * options), the help and version commands, and the dispatch from argv to
 * the generic parser and a handler.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef NVMETEST_VERSION
#define NVMETEST_VERSION "unknown"
#endif

static int cmd_help(const struct cli_args *a);
static int cmd_version(const struct cli_args *a);

const struct cli_cmd cli_commands[] = {
	{
		.name = "list",
		.summary = "list NVMe PCI functions, their drivers and nvmetest nodes",
		.descr = "List every PCI function of class NVMe (0x010802): address, ids,\n"
			 "driver, /dev/nvmetestN when nvmetest has it, and model, serial\n"
			 "and block devices when the in-tree nvme driver has it. Reads\n"
			 "sysfs only; works without the nvmetest module.",
		.fn = cmd_list,
		.opts = { CLI_GRP_OUTPUT },
	},
	{
		.name = "bind",
		.summary = "hand a PCI function to nvmetest",
		.descr = "Bind a PCI function to nvmetest through driver_override, and wait\n"
			 "for its /dev/nvmetestN. Refuses a function whose block devices or\n"
			 "partitions are mounted, used as swap or held by another device,\n"
			 "and a function that is not an NVMe controller, unless --force.",
		.fn = cmd_bind,
		.opts = {
			CLI_GRP_BDF,
			{ CLI_OPT_FORCE, 0, "bind even when in use or not NVMe" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "unbind",
		.summary = "give a PCI function back from nvmetest",
		.descr = "Unbind a PCI function from nvmetest, clear its driver_override\n"
			 "and let the in-tree nvme driver (when loaded) take it back.",
		.fn = cmd_unbind,
		.opts = { CLI_GRP_BDF, CLI_GRP_OUTPUT },
	},
	{
		.name = "power-cycle",
		.summary = "cut a drive's power and give it back through your hooks; bind it again",
		.descr = "Run --off-cmd (a shell command: a PDU, a power module; in the test\n"
			 "VM 'tools/vm/power off'), with nothing stopped first: IO in flight\n"
			 "and no shutdown notification, a dirty power loss. A slot with\n"
			 "hotplug removes the function; else it is removed through sysfs.\n"
			 "Wait --off-time, run --on-cmd, rescan the PCI bus until the\n"
			 "function is back, and bind it to nvmetest. The hooks get\n"
			 "NVMETEST_BDF in their environment. Then 'nvmetest init': a\n"
			 "verification map that was on goes on with the drive.",
		.fn = cmd_power_cycle,
		.opts = {
			CLI_GRP_BDF,
			{ CLI_OPT_OFF_CMD, CLI_REQUIRED, NULL },
			{ CLI_OPT_ON_CMD, CLI_REQUIRED, NULL },
			{ CLI_OPT_OFF_TIME, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "for the function to leave and to come back (0: 30000)" },
			{ CLI_OPT_FORCE, 0, "bind even when the in-tree driver's disks are in use" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "info",
		.summary = "show what the driver knows of a controller",
		.descr = "Show the driver's INFO for a device: ABI and driver version, PCI\n"
			 "address and ids, BAR0 length, CAP, VS, state, config space size.",
		.fn = cmd_info,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_OUTPUT,
			{ CLI_OPT_HUMAN, 0, "decode CAP and VS" },
		},
	},
	{
		.name = "show-regs",
		.summary = "show the controller registers",
		.descr = "Read every controller register the controller has: optional ones\n"
			 "(CMB, boot partitions, PMR, NSSR, NSSD, CRTO) only when CAP and\n"
			 "CMBSZ say they exist, INTMS/INTMC only while MSI-X is off. 64-bit\n"
			 "registers are read as two 32-bit reads, low dword first.",
		.fn = cmd_show_regs,
		.opts = { CLI_GRP_DEV, CLI_GRP_OUTPUT, CLI_GRP_HUMAN },
	},
	{
		.name = "get-reg",
		.summary = "read one controller register",
		.descr = "Read a BAR0 register by name (its offset and width come from the\n"
			 "register table) or by offset (width 4 unless -w).",
		.fn = cmd_get_reg,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_REG, CLI_REQUIRED, NULL },
			CLI_GRP_OUTPUT, CLI_GRP_HUMAN,
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2, 4 or 8 (default: the register's)" },
		},
	},
	{
		.name = "set-reg",
		.summary = "write one controller register",
		.descr = "Write a BAR0 register: one MMIO write of the given width, no\n"
			 "read-modify-write. ASQ, ACQ, BPMBL, CMBMSC, PMRMSC* and MSI-X\n"
			 "message address/data need --unsafe.",
		.fn = cmd_set_reg,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_REG, CLI_REQUIRED, NULL },
			{ CLI_OPT_VALUE, CLI_REQUIRED, NULL },
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2, 4 or 8 (default: the register's)" },
			{ CLI_OPT_UNSAFE, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "config-read",
		.summary = "read PCI config space",
		.descr = "Read COUNT values of WIDTH bytes from PCI config space, starting\n"
			 "at OFFSET; more than one value prints a dump.",
		.fn = cmd_config_read,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_OFFSET, CLI_REQUIRED, NULL },
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2 or 4 (default 4)" },
			{ CLI_OPT_COUNT, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "config-write",
		.summary = "write PCI config space",
		.descr = "Write one value to PCI config space: one access, no read-modify-\n"
			 "write. BARs, the ROM BAR, MSI address/data and a change of Memory\n"
			 "Space or Bus Master Enable (on or off) need --unsafe.",
		.fn = cmd_config_write,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_OFFSET, CLI_REQUIRED, NULL },
			{ CLI_OPT_VALUE, CLI_REQUIRED, NULL },
			{ CLI_OPT_WIDTH, 0, "access width in bytes: 1, 2 or 4 (default 4)" },
			{ CLI_OPT_UNSAFE, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "caps",
		.summary = "list and decode the PCI capabilities",
		.descr = "Walk the PCI capability list and the PCI Express extended\n"
			 "capability list of the function (config space read through the\n"
			 "driver) and decode PM, MSI, MSI-X, PCI Express, AER, DSN, SR-IOV,\n"
			 "ARI, LTR and L1 PM Substates. A looping or out-of-range list is\n"
			 "reported, not followed.",
		.fn = cmd_caps,
		.opts = { CLI_GRP_DEV, CLI_GRP_OUTPUT },
	},
	{
		.name = "init",
		.summary = "bring the controller up, or run one step of it",
		.descr = "Initialise the controller: disable, interrupt setup, admin queue\n"
			 "setup, enable with the default CC, Identify Controller and Set\n"
			 "Features Number of Queues. --step runs one step only (disable,\n"
			 "irq, adminq, enable); --cc gives the enable step a raw CC.",
		.fn = cmd_init,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_IRQ, 0, NULL }, { CLI_OPT_VECTORS, 0, NULL },
			{ CLI_OPT_AQ_DEPTH, 0, NULL }, { CLI_OPT_IO_QUEUES, 0, NULL },
			{ CLI_OPT_STEP, 0, NULL }, { CLI_OPT_CC, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "RDY wait in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "reset",
		.summary = "reset the controller (disable, enable) with the same admin queue",
		.descr = "Controller reset through CC.EN: disable, wait for RDY = 0, enable\n"
			 "again with the same admin queue. Outstanding commands are ended\n"
			 "with ABORTED_RESET and IO queues are gone.",
		.fn = cmd_reset,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_TIMEOUT, 0, "RDY wait in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "shutdown",
		.summary = "shut the controller down (CC.SHN)",
		.descr = "Shutdown notification, normal (CC.SHN = 01b) or abrupt (10b), and\n"
			 "wait for CSTS.SHST = complete. 'nvmetest init' brings it back.",
		.fn = cmd_shutdown,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_ABRUPT, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "wait in milliseconds (0: RTD3E, else 10 s)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "flr",
		.summary = "PCIe Function Level Reset, coordinated by the driver",
		.descr = "Function Level Reset (PCIe Device Control, Initiate FLR); config\n"
			 "space is saved before and restored after, as the PCI core does.\n"
			 "The driver ends outstanding commands (ABORTED_PCI_RESET) and\n"
			 "IOWorkers (pci-reset), frees the queues, and after the reset the\n"
			 "controller is disabled: 'nvmetest init' brings it back. Prints how\n"
			 "long the reset took and how long CSTS.RDY took to read 0. Refused\n"
			 "when the function has no FLR capability. For the drives the PCI\n"
			 "core has FLR quirks for (Samsung SM961/PM961: disable first; Intel\n"
			 "750, DC P3700, Solidigm: 250 ms after), it does the same, unless\n"
			 "--no-quirk.\n"
			 "--no-restore leaves config space as the reset left it, to be read\n"
			 "with config-read; an flr or link-reset without it brings it back.",
		.fn = cmd_flr,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NO_QUIRK, 0, NULL }, { CLI_OPT_NO_RESTORE, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "wait for RDY = 0 in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "hot-reset",
		.summary = "secondary bus reset of the bridge above the controller",
		.descr = "Hot reset of the link below the upstream bridge (Bridge Control,\n"
			 "Secondary Bus Reset; a slot reset where the slot has a hotplug\n"
			 "controller), done by the PCI core, which saves and restores config\n"
			 "space. Refused when any other function below the bridge is not\n"
			 "bound to nvmetest, or when there is no bridge.\n"
			 "The driver ends outstanding commands (ABORTED_PCI_RESET) and\n"
			 "IOWorkers (pci-reset), frees the queues, and after the reset the\n"
			 "controller is disabled: 'nvmetest init' brings it back. Prints how\n"
			 "long the reset took and how long CSTS.RDY took to read 0.",
		.fn = cmd_hot_reset,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_TIMEOUT, 0, "wait for RDY = 0 in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "subsystem-reset",
		.summary = "NVM Subsystem Reset (NSSR), coordinated by the driver",
		.descr = "NVM Subsystem Reset: \"NVMe\" (0x4E564D65) written to the NSSR\n"
			 "register. Refused when CAP.NSSRS = 0. The link may go down: the\n"
			 "driver waits for config space to answer and restores it.\n"
			 "The driver ends outstanding commands (ABORTED_PCI_RESET) and\n"
			 "IOWorkers (pci-reset), frees the queues, and after the reset the\n"
			 "controller is disabled: 'nvmetest init' brings it back. Prints how\n"
			 "long the reset took and how long CSTS.RDY took to read 0.\n"
			 "--no-restore leaves config space as the reset left it, to be read\n"
			 "with config-read; an flr or link-reset without it brings it back.",
		.fn = cmd_subsystem_reset,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NO_RESTORE, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "wait for RDY = 0 in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "link-reset",
		.summary = "disable and enable the link above the controller, coordinated",
		.descr = "Link Disable in the upstream port's Link Control, held 100 ms, then\n"
			 "cleared: for the controller a conventional reset. The driver waits\n"
			 "for the link (Data Link Layer Link Active, where the port reports\n"
			 "it) and for config space, then restores config space as it was at\n"
			 "bind. A hotplug port's presence and link events are masked\n"
			 "meanwhile, so the PCIe hotplug driver does not remove the function.\n"
			 "Refused without a Root Port or Downstream Port above, or when\n"
			 "another function shares the link. A port that does not take Link\n"
			 "Disable is reported (the controller is disabled instead).\n"
			 "The driver ends outstanding commands (ABORTED_PCI_RESET) and\n"
			 "IOWorkers (pci-reset), frees the queues, and after the reset the\n"
			 "controller is disabled: 'nvmetest init' brings it back. Prints how\n"
			 "long the reset took, how long CSTS.RDY took to read 0 and how long\n"
			 "the link took to come back.\n"
			 "--no-restore leaves config space as the reset left it, to be read\n"
			 "with config-read; an flr or link-reset without it brings it back.",
		.fn = cmd_link_reset,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NO_RESTORE, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "wait for RDY = 0 in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "aspm",
		.summary = "show or set ASPM of the link above the controller",
		.descr = "Shows ASPM Control and ASPM Support of the function and of its\n"
			 "upstream port. --set writes ASPM Control of both ends (with L1, the\n"
			 "port first; else the function first, as PCIe asks) and reads both\n"
			 "back: an end that does not take the value is a failure (exit 1)\n"
			 "and is shown. Refused when a state is not supported by both ends,\n"
			 "or when another function shares the link. The PCI core's ASPM\n"
			 "policy may program the link again later; resets restore what the\n"
			 "driver found at bind.",
		.fn = cmd_aspm,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_ASPM_SET, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "power",
		.summary = "PCI power state D0 or D3hot (PMCSR), coordinated by the driver",
		.descr = "To D3hot: the driver ends outstanding commands (ABORTED_PCI_RESET)\n"
			 "and IOWorkers, frees the queues, disables the controller and\n"
			 "writes PowerState; registers do not decode until D0. To D0: the\n"
			 "function comes back (without No_Soft_Reset it was reset, and\n"
			 "config space is restored as the driver found it at bind), the\n"
			 "controller is disabled: 'nvmetest init' brings it back.",
		.fn = cmd_power,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_POWER_STATE, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "wait for RDY = 0 in milliseconds (0: CAP.TO)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "irq",
		.summary = "show the interrupt vectors; clear, mask or unmask one",
		.descr = "Show each allocated vector: interrupts handled, the sticky fired\n"
			 "flag, masked, the time of the last one, completions reaped and\n"
			 "spurious interrupts. --clear, --mask and --unmask act first.",
		.fn = cmd_irq,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_IRQ_CLEAR, 0, NULL }, { CLI_OPT_IRQ_MASK, 0, NULL },
			{ CLI_OPT_IRQ_UNMASK, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "events",
		.summary = "show asynchronous events; set how many AERs are outstanding",
		.descr = "Take the completed Asynchronous Event Requests from the driver's\n"
			 "ring and decode them (type, information, log page). --aer N keeps\n"
			 "N AERs outstanding (0 stops); --wait waits for a first event.",
		.fn = cmd_events,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_AER, 0, NULL }, { CLI_OPT_WAIT, 0, NULL },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "id-ctrl",
		.summary = "Identify Controller",
		.descr = "Send Identify Controller (CNS 01h) and show the data structure;\n"
			 "the JSON keys and values are nvme-cli's.",
		.fn = cmd_id_ctrl,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_OUTPUT, { CLI_OPT_HUMAN, 0, "decode the capability bits" },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "id-ns",
		.summary = "Identify Namespace",
		.descr = "Send Identify Namespace (CNS 00h) for a namespace (default 1).",
		.fn = cmd_id_ns,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1,
			CLI_GRP_OUTPUT, { CLI_OPT_HUMAN, 0, "show LBA format sizes in bytes" },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "list-ns",
		.summary = "list the active namespaces",
		.descr = "Send Identify Active Namespace ID list (CNS 02h): the active\n"
			 "namespaces above --namespace-id (default 0: all).",
		.fn = cmd_list_ns,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NSID, 0, "list from the namespace after this one" },
			CLI_GRP_OUTPUT, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "ns-descs",
		.summary = "namespace identification descriptors",
		.descr = "Send Identify Namespace Identification Descriptor list (CNS 03h).",
		.fn = cmd_ns_descs,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1,
			CLI_GRP_OUTPUT, { CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "get-log",
		.summary = "read any log page",
		.descr = "Get Log Page of any LID, split into commands of the driver's\n"
			 "max_xfer (RAE set on all but the last). Shows a hex dump.",
		.fn = cmd_get_log,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_LOG_ID, CLI_REQUIRED, NULL }, { CLI_OPT_LOG_LEN, CLI_REQUIRED, NULL },
			{ CLI_OPT_LPO, 0, NULL }, { CLI_OPT_LSP, 0, NULL }, { CLI_OPT_LSI, 0, NULL },
			{ CLI_OPT_RAE, 0, NULL },
			{ CLI_OPT_NSID, 0, "namespace identifier (default 0xffffffff)" },
			{ CLI_OPT_CSI, 0, NULL }, { CLI_OPT_OT, 0, NULL },
			{ CLI_OPT_UUID_INDEX, 0, NULL }, { CLI_OPT_XFER, 0, NULL },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "smart-log",
		.summary = "SMART / Health Information log",
		.fn = cmd_smart_log,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NSID, 0, "namespace identifier (default 0xffffffff)" },
			CLI_GRP_OUTPUT, { CLI_OPT_HUMAN, 0, "decode the critical warning bits" },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "error-log",
		.summary = "Error Information log",
		.fn = cmd_error_log,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_LOG_ENTRIES, 0, NULL }, CLI_GRP_OUTPUT,
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "fw-log",
		.summary = "Firmware Slot Information log",
		.fn = cmd_fw_log,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_OUTPUT, { CLI_OPT_RAW, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "effects-log",
		.summary = "Commands Supported and Effects log",
		.fn = cmd_effects_log,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_CSI, 0, NULL }, CLI_GRP_OUTPUT,
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "get-feature",
		.summary = "Get Features",
		.descr = "Read a feature's current, default or saved value, or its\n"
			 "capabilities (--sel); --data-len reads a data buffer too.",
		.fn = cmd_get_feature,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_FID, CLI_REQUIRED, NULL }, { CLI_OPT_SEL, 0, NULL },
			{ CLI_OPT_NSID, 0, NULL }, { CLI_OPT_FEAT_CDW11, 0, NULL },
			{ CLI_OPT_DATA_LEN, 0, NULL }, { CLI_OPT_UUID_INDEX, 0, NULL },
			CLI_GRP_OUTPUT, { CLI_OPT_HUMAN, 0, "decode the value's fields" },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "set-feature",
		.summary = "Set Features",
		.descr = "Set a feature's value (CDW11), with CDW12 and a data buffer read\n"
			 "from a file when the feature has them; --save makes it persist.",
		.fn = cmd_set_feature,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_FID, CLI_REQUIRED, NULL },
			{ CLI_OPT_VALUE, CLI_REQUIRED, "the value (CDW11)" },
			{ CLI_OPT_FEAT_CDW12, 0, NULL }, { CLI_OPT_SAVE, 0, NULL },
			{ CLI_OPT_DATA, 0, NULL },
			{ CLI_OPT_DATA_LEN, 0, "bytes of --data to send (default: the file's size)" },
			{ CLI_OPT_NSID, 0, NULL }, { CLI_OPT_UUID_INDEX, 0, NULL },
			CLI_GRP_OUTPUT, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "admin-passthru",
		.summary = "send any admin command",
		.descr = "Send one admin command built from the options and show CQE dword 0,\n"
			 "the status and the latency; -r shows the data read (hex dump, -b\n"
			 "raw, or into -i FILE), -w sends -i FILE. Without -r/-w the\n"
			 "opcode's low bits give the direction. The driver sets CID, PRPs.",
		.fn = cmd_admin_passthru,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_PASSTHRU,
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "format",
		.summary = "Format NVM (destroys the data)",
		.fn = cmd_format,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NSID, 0, "namespace identifier (default 0xffffffff: all)" },
			{ CLI_OPT_LBAF, 0, "LBA format index (default 0)" }, { CLI_OPT_SES, 0, NULL },
			{ CLI_OPT_PI, 0, NULL }, { CLI_OPT_PIL, 0, NULL }, { CLI_OPT_MS, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "sanitize",
		.summary = "Sanitize (destroys the data of every namespace)",
		.fn = cmd_sanitize,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_SANACT, CLI_REQUIRED, NULL }, { CLI_OPT_AUSE, 0, NULL },
			{ CLI_OPT_OWPASS, 0, NULL }, { CLI_OPT_OIPBP, 0, NULL },
			{ CLI_OPT_NO_DEALLOC, 0, NULL }, { CLI_OPT_OVRPAT, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "fw-download",
		.summary = "Firmware Image Download",
		.descr = "Send a firmware image file in pieces of --xfer bytes (default: the\n"
			 "driver's max_xfer); fw-commit activates it.",
		.fn = cmd_fw_download,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_FW, CLI_REQUIRED, NULL }, { CLI_OPT_XFER, 0, NULL },
			{ CLI_OPT_FW_OFFSET, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL },
		},
	},
	{
		.name = "fw-commit",
		.summary = "Firmware Commit",
		.fn = cmd_fw_commit,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_SLOT, 0, NULL }, { CLI_OPT_ACTION, 0, NULL },
			{ CLI_OPT_BPID, 0, NULL },
		},
	},
	{
		.name = "device-self-test",
		.summary = "start or abort a Device Self-test",
		.fn = cmd_self_test,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_NSID, 0, "namespace (default 0xffffffff: all)" },
			{ CLI_OPT_STC, CLI_REQUIRED, NULL },
		},
	},
	{
		.name = "namespaces",
		.summary = "the active namespaces and their geometry, as the driver knows them",
		.descr = "Show the driver's namespace list (identified at init): size, LBA\n"
			 "size, metadata bytes, extended LBA, current format and number of\n"
			 "formats. --rescan identifies them again first (after Format or\n"
			 "Namespace Management). Needs 'nvmetest init'.",
		.fn = cmd_namespaces,
		.opts = { CLI_GRP_DEV, { CLI_OPT_RESCAN, 0, NULL }, CLI_GRP_OUTPUT },
	},
	{
		.name = "read",
		.summary = "Read blocks through an IO queue",
		.descr = "Read -c+1 blocks from -s. The data goes to -d FILE, to stdout as is\n"
			 "with -b, else a hex dump. The sizes default to the namespace's\n"
			 "format (metadata to -M FILE when separate). Without an existing\n"
			 "queue -q (default 1) the command creates a queue pair for itself and\n"
			 "deletes it at exit; needs 'nvmetest init'.",
		.fn = cmd_block,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_RANGE, CLI_GRP_SIZES,
			{ CLI_OPT_DATA, 0, "write the data to this file" },
			{ CLI_OPT_META_FILE, 0, "write the metadata to this file" },
			CLI_GRP_FUA_LR, { CLI_OPT_QID, 0, NULL },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "write",
		.summary = "Write blocks through an IO queue",
		.descr = "Write -c+1 blocks at -s with the data of -d FILE (its first\n"
			 "data-size bytes; a shorter file is an error) and the metadata of -M\n"
			 "FILE (zeroes without). IO queue as for 'read'.",
		.fn = cmd_block,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_RANGE, CLI_GRP_SIZES,
			{ CLI_OPT_DATA, CLI_REQUIRED, "the data to write" },
			{ CLI_OPT_META_FILE, 0, "the metadata to write" },
			CLI_GRP_FUA_LR, CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "compare",
		.summary = "Compare blocks with a file's data",
		.descr = "Compare -c+1 blocks at -s with the data of -d FILE; a mismatch exits\n"
			 "1 with the status COMPARE_FAILED. IO queue as for 'read'.",
		.fn = cmd_block,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_RANGE, CLI_GRP_SIZES,
			{ CLI_OPT_DATA, CLI_REQUIRED, "the data to compare with" },
			{ CLI_OPT_META_FILE, 0, "the metadata to compare with" },
			CLI_GRP_FUA_LR, CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "flush",
		.summary = "Flush a namespace's volatile write cache",
		.fn = cmd_flush,
		.opts = { CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_NVM_TAIL },
	},
	{
		.name = "write-zeroes",
		.summary = "Write Zeroes to blocks",
		.descr = "Write Zeroes to -c+1 blocks at -s; --deac asks the device to\n"
			 "deallocate them.",
		.fn = cmd_block,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_RANGE,
			{ CLI_OPT_DEAC, 0, NULL }, CLI_GRP_FUA_LR, CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "write-uncor",
		.summary = "Write Uncorrectable: make blocks fail to read",
		.descr = "Mark -c+1 blocks at -s invalid: reading them fails with\n"
			 "READ_ERROR (Unrecovered Read Error) until they are written again.",
		.fn = cmd_block,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_RANGE, CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "verify",
		.summary = "Verify blocks (read and check them, no data transfer)",
		.fn = cmd_block,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1, CLI_GRP_RANGE,
			{ CLI_OPT_LR, 0, NULL }, CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "dsm",
		.summary = "Dataset Management (deallocate, access hints)",
		.descr = "Dataset Management over the ranges -s SLBA,... -b BLOCKS,... (block\n"
			 "counts, not 0's based): --ad deallocates, --idr/--idw are hints.\n"
			 "As nvme-cli: nvmetest dsm DEV --ad -s 0,100 -b 8,8.",
		.fn = cmd_dsm,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1,
			{ CLI_OPT_SLBS, CLI_REQUIRED, NULL }, { CLI_OPT_BLOCKS, CLI_REQUIRED, NULL },
			{ CLI_OPT_AD, 0, NULL }, { CLI_OPT_IDR, 0, NULL }, { CLI_OPT_IDW, 0, NULL },
			CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "copy",
		.summary = "Copy blocks within a namespace",
		.descr = "Copy the source ranges -s SLBA,... -b NLB,... (0's based, as\n"
			 "nvme-cli) to -d SDLBA, descriptor format 0.",
		.fn = cmd_copy,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_NS1,
			{ CLI_OPT_SDLBA, CLI_REQUIRED, NULL },
			{ CLI_OPT_SLBS, CLI_REQUIRED, NULL },
			{ CLI_OPT_BLOCKS, CLI_REQUIRED,
			  "blocks of each range, 0's based, comma separated" },
			CLI_GRP_FUA_LR, CLI_GRP_NVM_TAIL,
		},
	},
	{
		.name = "io-passthru",
		.summary = "send any IO command",
		.descr = "admin-passthru for an IO queue (-q, as for 'read'): one command built\n"
			 "from the options; -r shows the data read (hex dump, -b raw, or into\n"
			 "-i FILE), -w sends -i FILE. The driver sets CID and PRPs.",
		.fn = cmd_io_passthru,
		.opts = {
			CLI_GRP_DEV, CLI_GRP_PASSTHRU,
			{ CLI_OPT_QID, 0, NULL },
			{ CLI_OPT_RAW, 0, NULL }, { CLI_OPT_TIMEOUT, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "raw-queue",
		.summary = "send any IO command through a raw queue pair the CLI runs itself",
		.descr = "The raw path: create raw IO CQ and SQ -q QID, write --count copies of\n"
			 "the command io-passthru's options build into the SQ with CIDs --cid,\n"
			 "--cid + 1, ... (the data in a DMA buffer, PRPs and a PRP list built\n"
			 "for CC.MPS), ring the tail doorbell once per depth - 1 commands,\n"
			 "wait for each CQE (on the CQ vector's interrupt eventfd; polling with\n"
			 "--no-ien or without MSI-X), show every CQE decoded and a read's data\n"
			 "(hex dump, or into -i FILE), write the head doorbell, delete the\n"
			 "queues. Exit 1 when a CQE has an error status or did not come.\n"
			 "Needs the driver's raw capability (info: raw): the device behind a\n"
			 "translating IOMMU, or the module parameter raw_unsafe=1 on a\n"
			 "dedicated test host.",
		.fn = cmd_raw_queue,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_QID, CLI_REQUIRED, "queue id of the raw CQ and SQ" },
			{ CLI_OPT_DEPTH, 0, "entries of each queue (default 64, or CAP.MQES + 1)" },
			{ CLI_OPT_VECTOR, 0,
			  "the CQ's interrupt vector (default 1 with two or more vectors, else 0)" },
			{ CLI_OPT_NO_IEN, 0, "poll the CQ, no interrupts (IEN = 0; always without MSI-X)" },
			CLI_GRP_PASSTHRU,
			{ CLI_OPT_CID, 0, NULL }, { CLI_OPT_RAW_COUNT, 0, NULL },
			{ CLI_OPT_PRP1, 0, NULL }, { CLI_OPT_PRP2, 0, NULL },
			{ CLI_OPT_TIMEOUT, 0, "wait for each CQE at most this long, ms (0: 10000)" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "create-queue",
		.summary = "create an IO CQ and/or SQ (they live as long as this command)",
		.descr = "Create IO CQ then SQ -q QID (--cq or --sq: one only). The queues\n"
			 "belong to this process's open file and are deleted when it exits, so\n"
			 "this shows how the device answers the Create commands; --hold keeps\n"
			 "them (and lets 'read -q QID' and 'cmdlog -q QID' use them) until the\n"
			 "time passes or a signal.",
		.fn = cmd_create_queue,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_QID, CLI_REQUIRED, "queue id" },
			{ CLI_OPT_CQ, 0, NULL }, { CLI_OPT_SQ, 0, NULL }, { CLI_OPT_DEPTH, 0, NULL },
			{ CLI_OPT_VECTOR, 0, NULL }, { CLI_OPT_CQID, 0, NULL },
			{ CLI_OPT_QPRIO, 0, NULL }, { CLI_OPT_DISCONTIG, 0, NULL },
			{ CLI_OPT_NO_IEN, 0, NULL }, { CLI_OPT_HOLD, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "delete-queue",
		.summary = "delete an IO SQ and/or CQ of this process",
		.descr = "Send Delete I/O SQ then CQ -q QID (--sq or --cq: one only) through\n"
			 "the driver. Only the open file that created a queue may delete it,\n"
			 "so from the command line this reports the driver's refusal (another\n"
			 "process's queue) or that no such queue exists.",
		.fn = cmd_delete_queue,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_QID, CLI_REQUIRED, "queue id" },
			{ CLI_OPT_CQ, 0, NULL }, { CLI_OPT_SQ, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "queues",
		.summary = "the driver's queues: depth, head, tail, counters",
		.descr = "Show every queue the driver has (admin and IO, whichever process\n"
			 "created them): depth, CQ or vector, priority, head, tail,\n"
			 "outstanding, submitted and completed commands.",
		.fn = cmd_queues,
		.opts = { CLI_GRP_DEV, CLI_GRP_OUTPUT },
	},
	{
		.name = "cmdlog",
		.summary = "the newest commands of a queue, decoded",
		.descr = "Show the driver's log of the last commands of queue -q (default 0,\n"
			 "admin): time, sequence, CID, opcode, NSID, SLBA and blocks of block\n"
			 "commands, status and latency; with -v every dword of each SQE and\n"
			 "CQE (JSON always has them). An IO queue's log goes with the queue.",
		.fn = cmd_cmdlog,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_QID, 0, "queue id (default 0: admin)" },
			{ CLI_OPT_COUNT, 0, "entries to show (default 16)" },
			{ CLI_OPT_VERBOSE, 0, "show every SQE and CQE dword of each entry" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "verify-map",
		.summary = "data verification: the driver's CRC map and its failure log",
		.descr = "Data verification by the driver: with it on, every write through\n"
			 "nvmetest stamps each LBA (LBA number, write token) and records its\n"
			 "CRC32C in a per-namespace map, and every read is checked against it\n"
			 "(a mismatch fails the read with host status VERIFY_FAILED).\n"
			 "--enable/--disable/--clear/--cap configure namespace -n (default:\n"
			 "all); --status (the default) shows each map; --dump shows the\n"
			 "entries of -s SLBA -c COUNT (-n, default 1); --failures shows the\n"
			 "failure log (--clear-log empties it). --save FILE and --load FILE\n"
			 "keep a map (-n, default 1) across a module reload or a reboot: the\n"
			 "file names the drive and namespace it came from, and --load refuses\n"
			 "another one's without --force (another geometry always). The\n"
			 "driver itself keeps a map that is on across resets, rebinds and\n"
			 "power cycles of the same drive.",
		.fn = cmd_verify_map,
		.opts = {
			CLI_GRP_DEV, { CLI_OPT_V_ENABLE, 0, NULL }, { CLI_OPT_V_DISABLE, 0, NULL },
			{ CLI_OPT_V_CLEAR, 0, NULL }, { CLI_OPT_V_CAP, 0, NULL },
			{ CLI_OPT_V_STATUS, 0, NULL }, { CLI_OPT_V_DUMP, 0, NULL },
			{ CLI_OPT_V_FAILURES, 0, NULL }, { CLI_OPT_V_CLEAR_LOG, 0, NULL },
			{ CLI_OPT_NSID, 0, "namespace identifier (default: all; --dump: 1)" },
			{ CLI_OPT_START_BLOCK, 0, "--dump: first LBA (default 0)" },
			{ CLI_OPT_V_COUNT, 0, NULL }, { CLI_OPT_V_SAVE, 0, NULL },
			{ CLI_OPT_V_LOAD, 0, NULL },
			{ CLI_OPT_FORCE, 0, "--load: a map saved from another drive or namespace" },
			CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "ioworker",
		.summary = "run IOWorkers (the driver's IO generators) with fio's options and report",
		.descr = "Start --numjobs IOWorkers together, each a driver thread with its own\n"
			 "IO queue pair, wait for them (a progress line a second on a terminal;\n"
			 "Ctrl-C stops them) and report as fio does: IOPS, bandwidth, clat\n"
			 "percentiles per direction (Read is read, Write is write, Dataset\n"
			 "Management is trim; other opcodes are reported per op only). Sizes\n"
			 "and the region are in bytes as fio's, LBA options in LBAs. Without\n"
			 "--runtime, --number_ios or --replay a job moves the region's bytes\n"
			 "once. Exit 1 when a job had IO errors or ended by an error, reset or\n"
			 "removal; an invalid spec names the field the driver refused.",
		.fn = cmd_ioworker,
		.opts = {
			CLI_GRP_DEV,
			{ CLI_OPT_IOW_NSID, 0, NULL }, { CLI_OPT_IOW_NAME, 0, NULL },
			{ CLI_OPT_IOW_RW, 0, NULL }, { CLI_OPT_IOW_RWMIXREAD, 0, NULL },
			{ CLI_OPT_IOW_OPS, 0, NULL }, { CLI_OPT_IOW_BS, 0, NULL },
			{ CLI_OPT_IOW_BSSPLIT, 0, NULL }, { CLI_OPT_IOW_IODEPTH, 0, NULL },
			{ CLI_OPT_IOW_RUNTIME, 0, NULL }, { CLI_OPT_IOW_NUMBER_IOS, 0, NULL },
			{ CLI_OPT_IOW_RATE_IOPS, 0, NULL }, { CLI_OPT_IOW_OFFSET, 0, NULL },
			{ CLI_OPT_IOW_SIZE, 0, NULL }, { CLI_OPT_IOW_LBA_START, 0, NULL },
			{ CLI_OPT_IOW_LBA_STEP, 0, NULL }, { CLI_OPT_IOW_LBA_ALIGN, 0, NULL },
			{ CLI_OPT_IOW_RANDOM_PCT, 0, NULL }, { CLI_OPT_IOW_DISTRIBUTION, 0, NULL },
			{ CLI_OPT_IOW_PATTERN, 0, NULL }, { CLI_OPT_IOW_REPLAY, 0, NULL },
			{ CLI_OPT_IOW_POLLED, 0, NULL }, { CLI_OPT_IOW_CPU, 0, NULL },
			{ CLI_OPT_IOW_VECTOR, 0, NULL }, { CLI_OPT_IOW_QID, 0, NULL },
			{ CLI_OPT_IOW_SEED, 0, NULL }, { CLI_OPT_IOW_STOP_ON_ERROR, 0, NULL },
			{ CLI_OPT_IOW_IO_TIMEOUT, 0, NULL }, { CLI_OPT_IOW_NUMJOBS, 0, NULL },
			{ CLI_OPT_IOW_GROUP, 0, NULL }, CLI_GRP_OUTPUT,
		},
	},
	{
		.name = "help",
		.summary = "list the commands, or describe one",
		.fn = cmd_help,
		.opts = { { CLI_OPT_TOPIC, 0, NULL } },
	},
	{
		.name = "version",
		.summary = "show the versions of the CLI and of the ABI it speaks",
		.fn = cmd_version,
		.opts = { CLI_GRP_OUTPUT },
	},
};

const unsigned int cli_nr_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static int cmd_help(const struct cli_args *a)
{
	const struct cli_cmd *cmd;

	if (!a->topic) {
		cli_usage(stdout, cli_commands, cli_nr_commands);
		return CLI_EXIT_OK;
	}
	cmd = cli_cmd_find(cli_commands, cli_nr_commands, a->topic);
	if (!cmd) {
		cli_fail(a, "unknown command '%s'", a->topic);
		return CLI_EXIT_USAGE;
	}
	cli_cmd_usage(stdout, cmd);
	return CLI_EXIT_OK;
}

static int cmd_version(const struct cli_args *a)
{
	struct json_object *o;

	if (a->format == CLI_FMT_JSON) {
		o = json_object_new_object();
		json_object_object_add(o, "version", json_object_new_string(NVMETEST_VERSION));
		json_object_object_add(o, "abi_major", json_object_new_int(NVMETEST_ABI_MAJOR));
		json_object_object_add(o, "abi_minor", json_object_new_int(NVMETEST_ABI_MINOR));
		cli_json_print(o);
		return CLI_EXIT_OK;
	}
	printf("nvmetest %s (ABI %d.%d)\n", NVMETEST_VERSION, NVMETEST_ABI_MAJOR,
	       NVMETEST_ABI_MINOR);
	return CLI_EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	const struct cli_cmd *cmd;
	struct cli_args args;
	char err[256];
	int ret;

	if (argc < 2) {
		cli_usage(stderr, cli_commands, cli_nr_commands);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		cli_usage(stdout, cli_commands, cli_nr_commands);
		return CLI_EXIT_OK;
	}
	cmd = cli_cmd_find(cli_commands, cli_nr_commands,
			   strcmp(argv[1], "--version") ? argv[1] : "version");
	if (!cmd) {
		fprintf(stderr, "nvmetest: unknown command '%s' (see 'nvmetest help')\n",
			argv[1]);
		return CLI_EXIT_USAGE;
	}
	ret = cli_parse(cmd, argc - 1, argv + 1, &args, err, sizeof(err));
	if (ret == CLI_PARSE_HELP) {
		cli_cmd_usage(stdout, cmd);
		return CLI_EXIT_OK;
	}
	if (ret) {
		fprintf(stderr, "nvmetest: %s: %s (see 'nvmetest %s --help')\n",
			cmd->name, err, cmd->name);
		return CLI_EXIT_USAGE;
	}
	return cmd->fn(&args);
}
