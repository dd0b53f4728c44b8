// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PCI capability knowledge (pure): walking the standard (0x34) and
 * extended (0x100) capability lists of a config space buffer, with loop
 * and range guards, capability names, and the decoding of the fields a
 * tester of an NVMe function looks at (PM, MSI, MSI-X, PCI Express, AER,
 * DSN, SR-IOV, ARI, LTR, L1 PM Substates).
 *
 * Register offsets and masks come from <linux/pci_regs.h>; the few it
 * lacks are defined here with a comment.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "private.h"


/* Extended capability IDs newer than the 6.1 uapi <linux/pci_regs.h>. */
#define NVMT_EXT_CAP_ID_LNR	0x1c	/* LN Requester */
#define NVMT_EXT_CAP_ID_MPCIE	0x20	/* PCI Express over M-PHY */
#define NVMT_EXT_CAP_ID_FRS	0x21	/* FRS Queueing */
#define NVMT_EXT_CAP_ID_RTR	0x22	/* Readiness Time Reporting */
#define NVMT_EXT_CAP_ID_VF_REBAR 0x24	/* VF Resizable BAR */
#define NVMT_EXT_CAP_ID_LMR	0x27	/* Lane Margining at the Receiver */
#define NVMT_EXT_CAP_ID_HID	0x28	/* Hierarchy ID */
#define NVMT_EXT_CAP_ID_NPEM	0x29	/* Native PCIe Enclosure Management */
#define NVMT_EXT_CAP_ID_PL_32GT	0x2a	/* Physical Layer 32.0 GT/s */
#define NVMT_EXT_CAP_ID_AP	0x2b	/* Alternate Protocol */
#define NVMT_EXT_CAP_ID_SFI	0x2c	/* System Firmware Intermediary */
#define NVMT_EXT_CAP_ID_SHADOW	0x2d	/* Shadow Functions */
#define NVMT_EXT_CAP_ID_DEV3	0x2f	/* Device 3 */
#define NVMT_EXT_CAP_ID_IDE	0x30	/* Integrity and Data Encryption */
#define NVMT_EXT_CAP_ID_PL_64GT	0x31	/* Physical Layer 64.0 GT/s */
/* Flattening Portal Bridge, a standard capability. */
#define NVMT_CAP_ID_FPB		0x15

/* Device Serial Number: the 64-bit number after the header. */
#define NVMT_DSN_LOW		0x04
#define NVMT_DSN_HIGH		0x08
/* ARI Capability register: Next Function Number in bits 15:8. */
#define NVMT_ARI_CAP		0x04
/* LTR: Max Snoop / No-Snoop Latency, value 9:0, scale 12:10. */
#define NVMT_LTR_MAX_SNOOP	0x04
#define NVMT_LTR_MAX_NOSNOOP	0x06
/* L1 PM Substates: capability and control 1 registers. */
#define NVMT_L1SS_CAP		0x04
#define NVMT_L1SS_CTL1		0x08

static const char *const std_names[] = {
	[PCI_CAP_ID_PM] = "Power Management",
	[PCI_CAP_ID_AGP] = "AGP",
	[PCI_CAP_ID_VPD] = "Vital Product Data",
	[PCI_CAP_ID_SLOTID] = "Slot Identification",
	[PCI_CAP_ID_MSI] = "MSI",
	[PCI_CAP_ID_CHSWP] = "CompactPCI Hot Swap",
	[PCI_CAP_ID_PCIX] = "PCI-X",
	[PCI_CAP_ID_HT] = "HyperTransport",
	[PCI_CAP_ID_VNDR] = "Vendor Specific",
	[PCI_CAP_ID_DBG] = "Debug Port",
	[PCI_CAP_ID_CCRC] = "CompactPCI Central Resource Control",
	[PCI_CAP_ID_SHPC] = "PCI Standard Hot-Plug Controller",
	[PCI_CAP_ID_SSVID] = "Bridge Subsystem Vendor ID",
	[PCI_CAP_ID_AGP3] = "AGP 8x",
	[PCI_CAP_ID_SECDEV] = "Secure Device",
	[PCI_CAP_ID_EXP] = "PCI Express",
	[PCI_CAP_ID_MSIX] = "MSI-X",
	[PCI_CAP_ID_SATA] = "SATA Data/Index Configuration",
	[PCI_CAP_ID_AF] = "Advanced Features",
	[PCI_CAP_ID_EA] = "Enhanced Allocation",
	[NVMT_CAP_ID_FPB] = "Flattening Portal Bridge",
};

static const char *const ext_names[] = {
	[PCI_EXT_CAP_ID_ERR] = "Advanced Error Reporting",
	[PCI_EXT_CAP_ID_VC] = "Virtual Channel",
	[PCI_EXT_CAP_ID_DSN] = "Device Serial Number",
	[PCI_EXT_CAP_ID_PWR] = "Power Budgeting",
	[PCI_EXT_CAP_ID_RCLD] = "Root Complex Link Declaration",
	[PCI_EXT_CAP_ID_RCILC] = "Root Complex Internal Link Control",
	[PCI_EXT_CAP_ID_RCEC] = "Root Complex Event Collector Endpoint Association",
	[PCI_EXT_CAP_ID_MFVC] = "Multi-Function Virtual Channel",
	[PCI_EXT_CAP_ID_VC9] = "Virtual Channel (MFVC present)",
	[PCI_EXT_CAP_ID_RCRB] = "Root Complex Register Block",
	[PCI_EXT_CAP_ID_VNDR] = "Vendor-Specific Extended",
	[PCI_EXT_CAP_ID_CAC] = "Configuration Access Correlation",
	[PCI_EXT_CAP_ID_ACS] = "Access Control Services",
	[PCI_EXT_CAP_ID_ARI] = "Alternative Routing-ID Interpretation",
	[PCI_EXT_CAP_ID_ATS] = "Address Translation Services",
	[PCI_EXT_CAP_ID_SRIOV] = "Single Root I/O Virtualization",
	[PCI_EXT_CAP_ID_MRIOV] = "Multi-Root I/O Virtualization",
	[PCI_EXT_CAP_ID_MCAST] = "Multicast",
	[PCI_EXT_CAP_ID_PRI] = "Page Request Interface",
	[PCI_EXT_CAP_ID_AMD_XXX] = "Reserved for AMD",
	[PCI_EXT_CAP_ID_REBAR] = "Resizable BAR",
	[PCI_EXT_CAP_ID_DPA] = "Dynamic Power Allocation",
	[PCI_EXT_CAP_ID_TPH] = "TPH Requester",
	[PCI_EXT_CAP_ID_LTR] = "Latency Tolerance Reporting",
	[PCI_EXT_CAP_ID_SECPCI] = "Secondary PCI Express",
	[PCI_EXT_CAP_ID_PMUX] = "Protocol Multiplexing",
	[PCI_EXT_CAP_ID_PASID] = "Process Address Space ID",
	[NVMT_EXT_CAP_ID_LNR] = "LN Requester",
	[PCI_EXT_CAP_ID_DPC] = "Downstream Port Containment",
	[PCI_EXT_CAP_ID_L1SS] = "L1 PM Substates",
	[PCI_EXT_CAP_ID_PTM] = "Precision Time Measurement",
	[NVMT_EXT_CAP_ID_MPCIE] = "PCI Express over M-PHY",
	[NVMT_EXT_CAP_ID_FRS] = "FRS Queueing",
	[NVMT_EXT_CAP_ID_RTR] = "Readiness Time Reporting",
	[PCI_EXT_CAP_ID_DVSEC] = "Designated Vendor-Specific",
	[NVMT_EXT_CAP_ID_VF_REBAR] = "VF Resizable BAR",
	[PCI_EXT_CAP_ID_DLF] = "Data Link Feature",
	[PCI_EXT_CAP_ID_PL_16GT] = "Physical Layer 16.0 GT/s",
	[NVMT_EXT_CAP_ID_LMR] = "Lane Margining at the Receiver",
	[NVMT_EXT_CAP_ID_HID] = "Hierarchy ID",
	[NVMT_EXT_CAP_ID_NPEM] = "Native PCIe Enclosure Management",
	[NVMT_EXT_CAP_ID_PL_32GT] = "Physical Layer 32.0 GT/s",
	[NVMT_EXT_CAP_ID_AP] = "Alternate Protocol",
	[NVMT_EXT_CAP_ID_SFI] = "System Firmware Intermediary",
	[NVMT_EXT_CAP_ID_SHADOW] = "Shadow Functions",
	[PCI_EXT_CAP_ID_DOE] = "Data Object Exchange",
	[NVMT_EXT_CAP_ID_DEV3] = "Device 3",
	[NVMT_EXT_CAP_ID_IDE] = "Integrity and Data Encryption",
	[NVMT_EXT_CAP_ID_PL_64GT] = "Physical Layer 64.0 GT/s",
};

const char *nvmetest_pci_cap_name(uint16_t id, bool extended)
{
	return extended ? NVMT_NAME(ext_names, id, "Unknown") : NVMT_NAME(std_names, id, "Unknown");
}

static uint16_t rd16(const uint8_t *cfg, size_t off)
{
	return (uint16_t)(cfg[off] | cfg[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *cfg, size_t off)
{
	return (uint32_t)rd16(cfg, off) | (uint32_t)rd16(cfg, off + 2) << 16;
}

/* --- walking ---------------------------------------------------------------- */

enum {
	LIST_STD_START,
	LIST_STD,
	LIST_EXT_START,
	LIST_EXT,
	LIST_DONE,
};

void nvmetest_pci_cap_iter_init(struct nvmetest_pci_cap_iter *it,
				const uint8_t *cfg, size_t len)
{
	memset(it, 0, sizeof(*it));
	it->cfg = cfg;
	it->len = len > PCI_CFG_SPACE_EXP_SIZE ? PCI_CFG_SPACE_EXP_SIZE : len;
	it->list = LIST_STD_START;
}

/* Mark a dword as visited; true when it already was (a loop). */
static bool test_and_mark(struct nvmetest_pci_cap_iter *it, unsigned int pos)
{
	unsigned int dw = pos / 4;
	uint32_t bit = 1U << (dw % 32);
	bool seen = it->visited[dw / 32] & bit;

	it->visited[dw / 32] |= bit;
	return seen;
}

static int walk_error(struct nvmetest_pci_cap_iter *it,
		      struct nvmetest_pci_cap *cap, int err, bool ext)
{
	memset(cap, 0, sizeof(*cap));
	cap->offset = it->pos;
	cap->extended = ext;
	it->list = ext ? LIST_DONE : LIST_EXT_START;
	return err;
}

int nvmetest_pci_cap_iter_next(struct nvmetest_pci_cap_iter *it,
			       struct nvmetest_pci_cap *cap)
{
	const uint8_t *cfg = it->cfg;
	size_t std_end = it->len < PCI_CFG_SPACE_SIZE ? it->len : PCI_CFG_SPACE_SIZE;
	uint32_t hdr;

	for (;;) {
		switch (it->list) {
		case LIST_STD_START:
			it->list = LIST_EXT_START;
			if (it->len < 0x40 ||
			    !(rd16(cfg, PCI_STATUS) & PCI_STATUS_CAP_LIST))
				continue;
			/* the two low bits of every pointer are reserved */
			it->pos = cfg[PCI_CAPABILITY_LIST] & 0xfc;
			it->list = LIST_STD;
			continue;
		case LIST_STD:
			if (!it->pos) {
				it->list = LIST_EXT_START;
				continue;
			}
			if (it->pos < 0x40 || (size_t)it->pos + 2 > std_end)
				return walk_error(it, cap, -ERANGE, false);
			if (test_and_mark(it, it->pos))
				return walk_error(it, cap, -ELOOP, false);
			memset(cap, 0, sizeof(*cap));
			cap->id = cfg[it->pos + PCI_CAP_LIST_ID];
			cap->offset = it->pos;
			it->pos = cfg[it->pos + PCI_CAP_LIST_NEXT] & 0xfc;
			it->count++;
			return 1;
		case LIST_EXT_START:
			it->list = LIST_DONE;
			if (it->len < PCI_CFG_SPACE_SIZE + 4)
				continue;
			hdr = rd32(cfg, PCI_CFG_SPACE_SIZE);
			/* nothing there, or a function that stopped answering */
			if (!hdr || hdr == 0xffffffff)
				continue;
			it->pos = PCI_CFG_SPACE_SIZE;
			it->list = LIST_EXT;
			continue;
		case LIST_EXT:
			if (!it->pos) {
				it->list = LIST_DONE;
				continue;
			}
			if (it->pos < PCI_CFG_SPACE_SIZE || (size_t)it->pos + 4 > it->len)
				return walk_error(it, cap, -ERANGE, true);
			if (test_and_mark(it, it->pos))
				return walk_error(it, cap, -ELOOP, true);
			hdr = rd32(cfg, it->pos);
			if (!hdr || hdr == 0xffffffff) {
				it->list = LIST_DONE;
				continue;
			}
			memset(cap, 0, sizeof(*cap));
			cap->id = PCI_EXT_CAP_ID(hdr);
			cap->version = PCI_EXT_CAP_VER(hdr);
			cap->offset = it->pos;
			cap->extended = true;
			it->pos = PCI_EXT_CAP_NEXT(hdr);
			it->count++;
			return 1;
		default:
			return 0;
		}
	}
}

int nvmetest_pci_cap_find(const uint8_t *cfg, size_t len, bool extended,
			  uint16_t id)
{
	struct nvmetest_pci_cap_iter it;
	struct nvmetest_pci_cap cap;
	int ret;

	nvmetest_pci_cap_iter_init(&it, cfg, len);
	while ((ret = nvmetest_pci_cap_iter_next(&it, &cap))) {
		if (ret > 0 && cap.extended == extended && cap.id == id)
			return cap.offset;
	}
	return -ENOENT;
}

/* --- typed decoders --------------------------------------------------------- */

static int check_cap(const uint8_t *cfg, size_t len, uint16_t offset,
		     size_t size, uint8_t id)
{
	if (offset < 0x40 || offset + size > len || offset + size > PCI_CFG_SPACE_SIZE)
		return -ERANGE;
	return cfg[offset] == id ? 0 : -EINVAL;
}

int nvmetest_pci_pm_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			   struct nvmetest_pci_pm *pm)
{
	uint16_t pmc, pmcsr;
	int ret;

	ret = check_cap(cfg, len, offset, PCI_PM_SIZEOF, PCI_CAP_ID_PM);
	if (ret)
		return ret;
	pmc = rd16(cfg, offset + PCI_PM_PMC);
	pmcsr = rd16(cfg, offset + PCI_PM_CTRL);
	pm->version = pmc & PCI_PM_CAP_VER_MASK;
	pm->d1 = pmc & PCI_PM_CAP_D1;
	pm->d2 = pmc & PCI_PM_CAP_D2;
	pm->pme_support = (pmc & PCI_PM_CAP_PME_MASK) >> PCI_PM_CAP_PME_SHIFT;
	pm->power_state = pmcsr & PCI_PM_CTRL_STATE_MASK;
	pm->no_soft_reset = pmcsr & PCI_PM_CTRL_NO_SOFT_RESET;
	pm->pme_enable = pmcsr & PCI_PM_CTRL_PME_ENABLE;
	pm->pme_status = pmcsr & PCI_PM_CTRL_PME_STATUS;
	return 0;
}

int nvmetest_pci_msi_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			    struct nvmetest_pci_msi *msi)
{
	uint16_t ctrl;
	int ret;

	/* the smallest MSI capability: 32-bit address, no mask bits */
	ret = check_cap(cfg, len, offset, 10, PCI_CAP_ID_MSI);
	if (ret)
		return ret;
	ctrl = rd16(cfg, offset + PCI_MSI_FLAGS);
	msi->enable = ctrl & PCI_MSI_FLAGS_ENABLE;
	msi->mmc = 1U << ((ctrl & PCI_MSI_FLAGS_QMASK) >> 1);
	msi->mme = 1U << ((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4);
	msi->addr64 = ctrl & PCI_MSI_FLAGS_64BIT;
	msi->per_vector_mask = ctrl & PCI_MSI_FLAGS_MASKBIT;
	return 0;
}

int nvmetest_pci_msix_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			     struct nvmetest_pci_msix *msix)
{
	uint32_t table, pba;
	uint16_t ctrl;
	int ret;

	ret = check_cap(cfg, len, offset, 12, PCI_CAP_ID_MSIX);
	if (ret)
		return ret;
	ctrl = rd16(cfg, offset + PCI_MSIX_FLAGS);
	table = rd32(cfg, offset + PCI_MSIX_TABLE);
	pba = rd32(cfg, offset + PCI_MSIX_PBA);
	msix->table_size = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
	msix->enable = ctrl & PCI_MSIX_FLAGS_ENABLE;
	msix->function_mask = ctrl & PCI_MSIX_FLAGS_MASKALL;
	msix->table_bir = table & PCI_MSIX_TABLE_BIR;
	msix->table_offset = table & PCI_MSIX_TABLE_OFFSET;
	msix->pba_bir = pba & PCI_MSIX_PBA_BIR;
	msix->pba_offset = pba & PCI_MSIX_PBA_OFFSET;
	return 0;
}

static bool exp_has_link(uint8_t type)
{
	return type != PCI_EXP_TYPE_RC_END && type != PCI_EXP_TYPE_RC_EC;
}

int nvmetest_pci_exp_decode(const uint8_t *cfg, size_t len, uint16_t offset,
			    struct nvmetest_pci_exp *exp)
{
	uint32_t devcap, lnkcap;
	uint16_t flags, devctl, lnksta;
	int ret;

	ret = check_cap(cfg, len, offset, PCI_EXP_LNKSTA + 2, PCI_CAP_ID_EXP);
	if (ret)
		return ret;
	flags = rd16(cfg, offset + PCI_EXP_FLAGS);
	devcap = rd32(cfg, offset + PCI_EXP_DEVCAP);
	devctl = rd16(cfg, offset + PCI_EXP_DEVCTL);
	memset(exp, 0, sizeof(*exp));
	exp->version = flags & PCI_EXP_FLAGS_VERS;
	exp->type = (flags & PCI_EXP_FLAGS_TYPE) >> 4;
	exp->mps_cap = 128U << (devcap & PCI_EXP_DEVCAP_PAYLOAD);
	exp->flr = devcap & PCI_EXP_DEVCAP_FLR;
	exp->mps = 128U << ((devctl & PCI_EXP_DEVCTL_PAYLOAD) >> 5);
	exp->mrrs = 128U << ((devctl & PCI_EXP_DEVCTL_READRQ) >> 12);
	if (exp_has_link(exp->type)) {
		lnkcap = rd32(cfg, offset + PCI_EXP_LNKCAP);
		lnksta = rd16(cfg, offset + PCI_EXP_LNKSTA);
		exp->link_speed_max = lnkcap & PCI_EXP_LNKCAP_SLS;
		exp->link_width_max = (lnkcap & PCI_EXP_LNKCAP_MLW) >> 4;
		exp->link_speed = lnksta & PCI_EXP_LNKSTA_CLS;
		exp->link_width = (lnksta & PCI_EXP_LNKSTA_NLW) >> PCI_EXP_LNKSTA_NLW_SHIFT;
	}
	return 0;
}

const char *nvmetest_pci_link_speed_name(unsigned int code)
{
	static const char *const names[] = {
		[PCI_EXP_LNKCAP_SLS_2_5GB] = "2.5 GT/s",
		[PCI_EXP_LNKCAP_SLS_5_0GB] = "5 GT/s",
		[PCI_EXP_LNKCAP_SLS_8_0GB] = "8 GT/s",
		[PCI_EXP_LNKCAP_SLS_16_0GB] = "16 GT/s",
		[PCI_EXP_LNKCAP_SLS_32_0GB] = "32 GT/s",
		[PCI_EXP_LNKCAP_SLS_64_0GB] = "64 GT/s",
	};

	return NVMT_NAME(names, code, "unknown");
}

/* --- generic field lists --------------------------------------------------- */

struct fields {
	struct nvmetest_field *out;
	unsigned int max;
	unsigned int n;
};

__attribute__((format(printf, 5, 6)))
static void add(struct fields *f, const char *name, const char *desc,
		uint64_t value, const char *fmt, ...)
{
	struct nvmetest_field *e;
	va_list ap;

	if (f->n >= f->max)
		return;
	e = &f->out[f->n++];
	memset(e, 0, sizeof(*e));
	e->name = name;
	e->desc = desc;
	e->value = value;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

static const char *yes(uint64_t v)
{
	return v ? "yes" : "no";
}

static void decode_pm(struct fields *f, const uint8_t *cfg, size_t len,
		      uint16_t off)
{
	static const char *const states[] = { "D0", "D1", "D2", "D3hot" };
	static const char *const pme[] = { "D0", "D1", "D2", "D3hot", "D3cold" };
	struct nvmetest_pci_pm pm;
	char buf[64] = "";
	size_t pos = 0;

	if (nvmetest_pci_pm_decode(cfg, len, off, &pm))
		return;
	for (unsigned int i = 0; i < NVMT_ARRAY_SIZE(pme); i++)
		if (pm.pme_support & (1U << i))
			pos += snprintf(buf + pos, sizeof(buf) - pos, "%s%s",
					pos ? ", " : "", pme[i]);
	add(f, "version", "PM Version", pm.version, "%u", pm.version);
	add(f, "d1", "D1 Support", pm.d1, "%s", yes(pm.d1));
	add(f, "d2", "D2 Support", pm.d2, "%s", yes(pm.d2));
	add(f, "pme_support", "PME Support", pm.pme_support, "%s",
	    pos ? buf : "none");
	add(f, "power_state", "Power State", pm.power_state, "%s",
	    states[pm.power_state]);
	add(f, "no_soft_reset", "No Soft Reset (D3hot to D0 keeps the function's state)",
	    pm.no_soft_reset, "%s", yes(pm.no_soft_reset));
	add(f, "pme_enable", "PME Enable", pm.pme_enable, "%s", yes(pm.pme_enable));
	add(f, "pme_status", "PME Status", pm.pme_status, "%s", yes(pm.pme_status));
}

static void decode_msi(struct fields *f, const uint8_t *cfg, size_t len,
		       uint16_t off)
{
	struct nvmetest_pci_msi msi;

	if (nvmetest_pci_msi_decode(cfg, len, off, &msi))
		return;
	add(f, "enable", "MSI Enable", msi.enable, "%s", yes(msi.enable));
	add(f, "mmc", "Multiple Message Capable", msi.mmc, "%u vectors", msi.mmc);
	add(f, "mme", "Multiple Message Enable", msi.mme, "%u vectors", msi.mme);
	add(f, "addr64", "64 bit Address Capable", msi.addr64, "%s", yes(msi.addr64));
	add(f, "pvm", "Per-Vector Masking Capable", msi.per_vector_mask, "%s",
	    yes(msi.per_vector_mask));
}

static void decode_msix(struct fields *f, const uint8_t *cfg, size_t len,
			uint16_t off)
{
	struct nvmetest_pci_msix x;

	if (nvmetest_pci_msix_decode(cfg, len, off, &x))
		return;
	add(f, "table_size", "Table Size", x.table_size, "%u vectors", x.table_size);
	add(f, "enable", "MSI-X Enable", x.enable, "%s", yes(x.enable));
	add(f, "function_mask", "Function Mask", x.function_mask, "%s",
	    yes(x.function_mask));
	add(f, "table_bir", "Table BIR", x.table_bir, "BAR%u", x.table_bir);
	add(f, "table_offset", "Table Offset", x.table_offset, "0x%x", x.table_offset);
	add(f, "pba_bir", "PBA BIR", x.pba_bir, "BAR%u", x.pba_bir);
	add(f, "pba_offset", "PBA Offset", x.pba_offset, "0x%x", x.pba_offset);
}

static const char *exp_type_name(uint8_t type)
{
	static const char *const names[] = {
		[PCI_EXP_TYPE_ENDPOINT] = "Endpoint",
		[PCI_EXP_TYPE_LEG_END] = "Legacy Endpoint",
		[PCI_EXP_TYPE_ROOT_PORT] = "Root Port",
		[PCI_EXP_TYPE_UPSTREAM] = "Upstream Port",
		[PCI_EXP_TYPE_DOWNSTREAM] = "Downstream Port",
		[PCI_EXP_TYPE_PCI_BRIDGE] = "PCIe to PCI/PCI-X Bridge",
		[PCI_EXP_TYPE_PCIE_BRIDGE] = "PCI/PCI-X to PCIe Bridge",
		[PCI_EXP_TYPE_RC_END] = "Root Complex Integrated Endpoint",
		[PCI_EXP_TYPE_RC_EC] = "Root Complex Event Collector",
	};

	return NVMT_NAME(names, type, "reserved");
}

static void decode_exp(struct fields *f, const uint8_t *cfg, size_t len,
		       uint16_t off)
{
	struct nvmetest_pci_exp x;

	if (nvmetest_pci_exp_decode(cfg, len, off, &x))
		return;
	add(f, "version", "Capability Version", x.version, "%u", x.version);
	add(f, "type", "Device/Port Type", x.type, "%s", exp_type_name(x.type));
	add(f, "mps_cap", "Max_Payload_Size Supported", x.mps_cap, "%u bytes",
	    x.mps_cap);
	add(f, "flr", "Function Level Reset Capable", x.flr, "%s", yes(x.flr));
	add(f, "mps", "Max_Payload_Size", x.mps, "%u bytes", x.mps);
	add(f, "mrrs", "Max_Read_Request_Size", x.mrrs, "%u bytes", x.mrrs);
	if (!exp_has_link(x.type))
		return;
	add(f, "link_speed_max", "Max Link Speed", x.link_speed_max, "%s",
	    nvmetest_pci_link_speed_name(x.link_speed_max));
	add(f, "link_width_max", "Maximum Link Width", x.link_width_max, "x%u",
	    x.link_width_max);
	add(f, "link_speed", "Current Link Speed", x.link_speed, "%s",
	    nvmetest_pci_link_speed_name(x.link_speed));
	add(f, "link_width", "Negotiated Link Width", x.link_width, "x%u",
	    x.link_width);
}

static bool ext_fits(size_t len, uint16_t off, size_t size)
{
	return off >= PCI_CFG_SPACE_SIZE && off + size <= len;
}

static void decode_aer(struct fields *f, const uint8_t *cfg, size_t len,
		       uint16_t off)
{
	uint32_t v;

	if (!ext_fits(len, off, PCI_ERR_CAP + 4))
		return;
	v = rd32(cfg, off + PCI_ERR_UNCOR_STATUS);
	add(f, "uncor_status", "Uncorrectable Error Status", v, "0x%08x", v);
	v = rd32(cfg, off + PCI_ERR_UNCOR_MASK);
	add(f, "uncor_mask", "Uncorrectable Error Mask", v, "0x%08x", v);
	v = rd32(cfg, off + PCI_ERR_UNCOR_SEVER);
	add(f, "uncor_severity", "Uncorrectable Error Severity", v, "0x%08x", v);
	v = rd32(cfg, off + PCI_ERR_COR_STATUS);
	add(f, "cor_status", "Correctable Error Status", v, "0x%08x", v);
	v = rd32(cfg, off + PCI_ERR_COR_MASK);
	add(f, "cor_mask", "Correctable Error Mask", v, "0x%08x", v);
}

static void decode_dsn(struct fields *f, const uint8_t *cfg, size_t len,
		       uint16_t off)
{
	uint64_t sn;

	if (!ext_fits(len, off, NVMT_DSN_HIGH + 4))
		return;
	sn = (uint64_t)rd32(cfg, off + NVMT_DSN_HIGH) << 32 |
	     rd32(cfg, off + NVMT_DSN_LOW);
	/* lspci's notation: most significant byte first */
	add(f, "serial", "Device Serial Number", sn,
	    "%02x-%02x-%02x-%02x-%02x-%02x-%02x-%02x",
	    (unsigned int)(sn >> 56) & 0xff, (unsigned int)(sn >> 48) & 0xff,
	    (unsigned int)(sn >> 40) & 0xff, (unsigned int)(sn >> 32) & 0xff,
	    (unsigned int)(sn >> 24) & 0xff, (unsigned int)(sn >> 16) & 0xff,
	    (unsigned int)(sn >> 8) & 0xff, (unsigned int)sn & 0xff);
}

static void decode_sriov(struct fields *f, const uint8_t *cfg, size_t len,
			 uint16_t off)
{
	uint16_t v;

	if (!ext_fits(len, off, PCI_SRIOV_NUM_VF + 2))
		return;
	v = rd16(cfg, off + PCI_SRIOV_CTRL);
	add(f, "vf_enable", "VF Enable", v & PCI_SRIOV_CTRL_VFE, "%s",
	    yes(v & PCI_SRIOV_CTRL_VFE));
	v = rd16(cfg, off + PCI_SRIOV_INITIAL_VF);
	add(f, "initial_vfs", "InitialVFs", v, "%u", v);
	v = rd16(cfg, off + PCI_SRIOV_TOTAL_VF);
	add(f, "total_vfs", "TotalVFs", v, "%u", v);
	v = rd16(cfg, off + PCI_SRIOV_NUM_VF);
	add(f, "num_vfs", "NumVFs", v, "%u", v);
}

static void decode_ari(struct fields *f, const uint8_t *cfg, size_t len,
		       uint16_t off)
{
	uint16_t next;

	if (!ext_fits(len, off, NVMT_ARI_CAP + 2))
		return;
	next = rd16(cfg, off + NVMT_ARI_CAP) >> 8;
	add(f, "next_function", "Next Function Number", next, "%u", next);
}

/* An LTR latency: value (9:0) times 32^scale (12:10) nanoseconds. */
static uint64_t ltr_ns(uint16_t v)
{
	unsigned int scale = (v >> 10) & 0x7;

	return scale > 5 ? 0 : (uint64_t)(v & 0x3ff) << (5 * scale);
}

static void decode_ltr(struct fields *f, const uint8_t *cfg, size_t len,
		       uint16_t off)
{
	uint64_t ns;

	if (!ext_fits(len, off, NVMT_LTR_MAX_NOSNOOP + 2))
		return;
	ns = ltr_ns(rd16(cfg, off + NVMT_LTR_MAX_SNOOP));
	add(f, "max_snoop_latency", "Max Snoop Latency", ns, "%llu ns",
	    (unsigned long long)ns);
	ns = ltr_ns(rd16(cfg, off + NVMT_LTR_MAX_NOSNOOP));
	add(f, "max_nosnoop_latency", "Max No-Snoop Latency", ns, "%llu ns",
	    (unsigned long long)ns);
}

static void l1ss_str(char *buf, size_t len, uint32_t v)
{
	static const char *const names[] = {
		"PCI-PM L1.2", "PCI-PM L1.1", "ASPM L1.2", "ASPM L1.1",
	};
	size_t pos = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < NVMT_ARRAY_SIZE(names); i++)
		if (v & (1U << i))
			pos += snprintf(buf + pos, len - pos, "%s%s",
					pos ? ", " : "", names[i]);
	if (!pos)
		snprintf(buf, len, "none");
}

static void decode_l1ss(struct fields *f, const uint8_t *cfg, size_t len,
			uint16_t off)
{
	char buf[64];
	uint32_t v;

	if (!ext_fits(len, off, NVMT_L1SS_CTL1 + 4))
		return;
	v = rd32(cfg, off + NVMT_L1SS_CAP) & 0xf;
	l1ss_str(buf, sizeof(buf), v);
	add(f, "supported", "L1 PM Substates Supported", v, "%s", buf);
	v = rd32(cfg, off + NVMT_L1SS_CTL1) & 0xf;
	l1ss_str(buf, sizeof(buf), v);
	add(f, "enabled", "L1 PM Substates Enabled", v, "%s", buf);
}

unsigned int nvmetest_pci_cap_decode(const uint8_t *cfg, size_t len,
				     const struct nvmetest_pci_cap *cap,
				     struct nvmetest_field *out,
				     unsigned int max)
{
	struct fields f = { .out = out, .max = max };

	if (len > PCI_CFG_SPACE_EXP_SIZE)
		len = PCI_CFG_SPACE_EXP_SIZE;
	if (!cap->extended) {
		switch (cap->id) {
		case PCI_CAP_ID_PM:
			decode_pm(&f, cfg, len, cap->offset);
			break;
		case PCI_CAP_ID_MSI:
			decode_msi(&f, cfg, len, cap->offset);
			break;
		case PCI_CAP_ID_MSIX:
			decode_msix(&f, cfg, len, cap->offset);
			break;
		case PCI_CAP_ID_EXP:
			decode_exp(&f, cfg, len, cap->offset);
			break;
		}
		return f.n;
	}
	switch (cap->id) {
	case PCI_EXT_CAP_ID_ERR:
		decode_aer(&f, cfg, len, cap->offset);
		break;
	case PCI_EXT_CAP_ID_DSN:
		decode_dsn(&f, cfg, len, cap->offset);
		break;
	case PCI_EXT_CAP_ID_SRIOV:
		decode_sriov(&f, cfg, len, cap->offset);
		break;
	case PCI_EXT_CAP_ID_ARI:
		decode_ari(&f, cfg, len, cap->offset);
		break;
	case PCI_EXT_CAP_ID_LTR:
		decode_ltr(&f, cfg, len, cap->offset);
		break;
	case PCI_EXT_CAP_ID_L1SS:
		decode_l1ss(&f, cfg, len, cap->offset);
		break;
	}
	return f.n;
}
