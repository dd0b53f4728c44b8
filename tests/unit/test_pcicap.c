// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of libnvmetest's PCI capability walker and decoders
 * (lib/pcicap.c) over crafted config space buffers: a normal NVMe-like
 * function, lists that loop, pointers out of range, truncated buffers,
 * a function that reads all-ones, and random garbage.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "nvmetest.h"
#include "unit.h"

static uint8_t cfg[4096];

static void w8(unsigned int off, uint8_t v)
{
	cfg[off] = v;
}

static void w16(unsigned int off, uint16_t v)
{
	cfg[off] = v & 0xff;
	cfg[off + 1] = v >> 8;
}

static void w32(unsigned int off, uint32_t v)
{
	w16(off, v & 0xffff);
	w16(off + 2, v >> 16);
}

static void std_cap(unsigned int off, uint8_t id, uint8_t next)
{
	w8(off, id);
	w8(off + 1, next);
}

static void ext_cap(unsigned int off, uint16_t id, uint8_t ver, uint16_t next)
{
	w32(off, id | (uint32_t)ver << 16 | (uint32_t)next << 20);
}

/*
 * PM at 0x40 -> MSI at 0x50 -> PCIe at 0x70 -> MSI-X at 0xb0;
 * AER at 0x100 -> DSN at 0x148 -> SR-IOV at 0x158 -> L1SS at 0x1a0.
 */
static void build_normal(void)
{
	memset(cfg, 0, sizeof(cfg));
	w16(PCI_VENDOR_ID, 0x1b36);
	w16(PCI_DEVICE_ID, 0x0010);
	w16(PCI_STATUS, PCI_STATUS_CAP_LIST);
	w8(PCI_CAPABILITY_LIST, 0x40);

	std_cap(0x40, PCI_CAP_ID_PM, 0x50);
	w16(0x40 + PCI_PM_PMC, 0x0003 | PCI_PM_CAP_D1 | PCI_PM_CAP_PME_D0 |
	    PCI_PM_CAP_PME_D3hot);
	w16(0x40 + PCI_PM_CTRL, 3 | PCI_PM_CTRL_NO_SOFT_RESET);

	std_cap(0x50, PCI_CAP_ID_MSI, 0x70);
	/* enabled, 4 vectors capable (QMASK 2), 2 enabled (QSIZE 1), 64-bit, PVM */
	w16(0x50 + PCI_MSI_FLAGS, PCI_MSI_FLAGS_ENABLE | 2 << 1 | 1 << 4 |
	    PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT);

	std_cap(0x70, PCI_CAP_ID_EXP, 0xb0);
	w16(0x70 + PCI_EXP_FLAGS, 2 | PCI_EXP_TYPE_ENDPOINT << 4);
	w32(0x70 + PCI_EXP_DEVCAP, 1 | PCI_EXP_DEVCAP_FLR);	/* MPS 256 */
	w16(0x70 + PCI_EXP_DEVCTL, PCI_EXP_DEVCTL_PAYLOAD_256B |
	    PCI_EXP_DEVCTL_READRQ_512B);
	w32(0x70 + PCI_EXP_LNKCAP, PCI_EXP_LNKCAP_SLS_16_0GB | 4 << 4);
	w16(0x70 + PCI_EXP_LNKSTA, PCI_EXP_LNKSTA_CLS_8_0GB | 2 << 4);

	std_cap(0xb0, PCI_CAP_ID_MSIX, 0);
	w16(0xb0 + PCI_MSIX_FLAGS, 63 | PCI_MSIX_FLAGS_ENABLE);
	w32(0xb0 + PCI_MSIX_TABLE, 0x2000 | 0);
	w32(0xb0 + PCI_MSIX_PBA, 0x3000 | 4);

	ext_cap(0x100, PCI_EXT_CAP_ID_ERR, 2, 0x148);
	w32(0x100 + PCI_ERR_UNCOR_STATUS, 0x00100000);
	w32(0x100 + PCI_ERR_COR_MASK, 0x00002000);
	ext_cap(0x148, PCI_EXT_CAP_ID_DSN, 1, 0x158);
	w32(0x148 + 4, 0x44332211);
	w32(0x148 + 8, 0x88776655);
	ext_cap(0x158, PCI_EXT_CAP_ID_SRIOV, 1, 0x1a0);
	w16(0x158 + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_VFE);
	w16(0x158 + PCI_SRIOV_INITIAL_VF, 8);
	w16(0x158 + PCI_SRIOV_TOTAL_VF, 16);
	w16(0x158 + PCI_SRIOV_NUM_VF, 2);
	ext_cap(0x1a0, PCI_EXT_CAP_ID_L1SS, 1, 0);
	w32(0x1a0 + 4, 0x1f);
	w32(0x1a0 + 8, 0x5);
}

struct walk {
	struct nvmetest_pci_cap caps[64];
	int ret[64];
	unsigned int n;
};

/* Walk @len bytes of cfg, keeping each result; at most 2048 steps. */
static void walk(size_t len, struct walk *w)
{
	struct nvmetest_pci_cap_iter it;
	struct nvmetest_pci_cap cap;
	unsigned int steps = 0;
	int ret;

	memset(w, 0, sizeof(*w));
	nvmetest_pci_cap_iter_init(&it, cfg, len);
	while ((ret = nvmetest_pci_cap_iter_next(&it, &cap))) {
		if (w->n < 64) {
			w->caps[w->n] = cap;
			w->ret[w->n] = ret;
			w->n++;
		}
		CU_ASSERT_FATAL(++steps < 2048);
	}
}

static void test_walk_normal(void)
{
	static const struct { uint16_t id, off; bool ext; uint8_t ver; } want[] = {
		{ PCI_CAP_ID_PM, 0x40, false, 0 },
		{ PCI_CAP_ID_MSI, 0x50, false, 0 },
		{ PCI_CAP_ID_EXP, 0x70, false, 0 },
		{ PCI_CAP_ID_MSIX, 0xb0, false, 0 },
		{ PCI_EXT_CAP_ID_ERR, 0x100, true, 2 },
		{ PCI_EXT_CAP_ID_DSN, 0x148, true, 1 },
		{ PCI_EXT_CAP_ID_SRIOV, 0x158, true, 1 },
		{ PCI_EXT_CAP_ID_L1SS, 0x1a0, true, 1 },
	};
	struct walk w;

	build_normal();
	walk(sizeof(cfg), &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 8);
	for (unsigned int i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(w.ret[i], 1);
		CU_ASSERT_EQUAL(w.caps[i].id, want[i].id);
		CU_ASSERT_EQUAL(w.caps[i].offset, want[i].off);
		CU_ASSERT_EQUAL(w.caps[i].extended, want[i].ext);
		CU_ASSERT_EQUAL(w.caps[i].version, want[i].ver);
	}

	/* a 256-byte config space has no extended list */
	walk(256, &w);
	CU_ASSERT_EQUAL(w.n, 4);

	CU_ASSERT_EQUAL(nvmetest_pci_cap_find(cfg, sizeof(cfg), false, PCI_CAP_ID_MSIX), 0xb0);
	CU_ASSERT_EQUAL(nvmetest_pci_cap_find(cfg, sizeof(cfg), true, PCI_EXT_CAP_ID_DSN), 0x148);
	CU_ASSERT_EQUAL(nvmetest_pci_cap_find(cfg, sizeof(cfg), false, PCI_CAP_ID_VPD), -ENOENT);
	/* the same ID in the other list does not count */
	CU_ASSERT_EQUAL(nvmetest_pci_cap_find(cfg, sizeof(cfg), true, PCI_CAP_ID_MSIX), -ENOENT);
	CU_ASSERT_EQUAL(nvmetest_pci_cap_find(cfg, 256, true, PCI_EXT_CAP_ID_ERR), -ENOENT);
}

static void test_walk_no_list(void)
{
	struct walk w;

	build_normal();
	w16(PCI_STATUS, 0);		/* Capabilities List bit clear */
	walk(256, &w);
	CU_ASSERT_EQUAL(w.n, 0);
	w16(PCI_STATUS, PCI_STATUS_CAP_LIST);
	w8(PCI_CAPABILITY_LIST, 0);
	walk(256, &w);
	CU_ASSERT_EQUAL(w.n, 0);
	/* a buffer shorter than the header */
	walk(32, &w);
	CU_ASSERT_EQUAL(w.n, 0);
}

static void test_walk_loop(void)
{
	struct walk w;

	build_normal();
	std_cap(0xb0, PCI_CAP_ID_MSIX, 0x50);	/* back to MSI */
	walk(sizeof(cfg), &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 4 + 1 + 4);
	CU_ASSERT_EQUAL(w.ret[3], 1);
	CU_ASSERT_EQUAL(w.ret[4], -ELOOP);
	CU_ASSERT_EQUAL(w.caps[4].offset, 0x50);
	CU_ASSERT_FALSE(w.caps[4].extended);
	/* the extended list is still walked */
	CU_ASSERT_EQUAL(w.ret[5], 1);
	CU_ASSERT_EQUAL(w.caps[5].offset, 0x100);

	/* a capability pointing at itself, in both lists */
	build_normal();
	std_cap(0x40, PCI_CAP_ID_PM, 0x40);
	ext_cap(0x100, PCI_EXT_CAP_ID_ERR, 2, 0x100);
	walk(sizeof(cfg), &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 4);
	CU_ASSERT_EQUAL(w.ret[0], 1);
	CU_ASSERT_EQUAL(w.ret[1], -ELOOP);
	CU_ASSERT_EQUAL(w.ret[2], 1);
	CU_ASSERT_EQUAL(w.ret[3], -ELOOP);
	CU_ASSERT_EQUAL(w.caps[3].offset, 0x100);
	CU_ASSERT(w.caps[3].extended);

	/* low pointer bits are reserved: 0x43 is 0x40 again */
	build_normal();
	std_cap(0xb0, PCI_CAP_ID_MSIX, 0x43);
	walk(256, &w);
	CU_ASSERT_EQUAL(w.n, 5);
	CU_ASSERT_EQUAL(w.ret[4], -ELOOP);
}

static void test_walk_range(void)
{
	struct walk w;

	/* a standard pointer into the header */
	build_normal();
	std_cap(0x50, PCI_CAP_ID_MSI, 0x20);
	walk(sizeof(cfg), &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 2 + 1 + 4);
	CU_ASSERT_EQUAL(w.ret[2], -ERANGE);
	CU_ASSERT_EQUAL(w.caps[2].offset, 0x20);

	/* a pointer past a truncated buffer */
	build_normal();
	walk(0x60, &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 3);
	CU_ASSERT_EQUAL(w.ret[2], -ERANGE);
	CU_ASSERT_EQUAL(w.caps[2].offset, 0x70);

	/* an extended pointer below 0x100 */
	build_normal();
	ext_cap(0x148, PCI_EXT_CAP_ID_DSN, 1, 0x0f0);
	walk(sizeof(cfg), &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 4 + 2 + 1);
	CU_ASSERT_EQUAL(w.ret[6], -ERANGE);
	CU_ASSERT_EQUAL(w.caps[6].offset, 0x0f0);
	CU_ASSERT(w.caps[6].extended);

	/* an extended pointer past a short buffer */
	build_normal();
	walk(0x150, &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 4 + 2 + 1);
	CU_ASSERT_EQUAL(w.ret[6], -ERANGE);
	CU_ASSERT_EQUAL(w.caps[6].offset, 0x158);
}

/* A function that fell off the bus reads 0xff everywhere. */
static void test_walk_all_ones(void)
{
	struct walk w;

	memset(cfg, 0xff, sizeof(cfg));
	walk(sizeof(cfg), &w);
	CU_ASSERT_EQUAL_FATAL(w.n, 2);
	CU_ASSERT_EQUAL(w.ret[0], 1);
	CU_ASSERT_EQUAL(w.caps[0].offset, 0xfc);
	CU_ASSERT_EQUAL(w.ret[1], -ELOOP);
}

/* Garbage never makes the walk run long or read outside the buffer. */
static void test_walk_random(void)
{
	struct nvmetest_pci_cap_iter it;
	struct nvmetest_pci_cap cap;
	size_t lens[] = { 64, 200, 256, 300, 4096 };

	srand(12345);
	for (unsigned int round = 0; round < 2000; round++) {
		size_t len = lens[round % 5];
		unsigned int steps = 0;
		uint8_t *buf = malloc(len);
		int ret;

		CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
		for (size_t i = 0; i < len; i++)
			buf[i] = rand();
		/* often a valid start, so that the lists get long */
		if (round % 2) {
			buf[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
			if (len > 0x104)
				buf[0x100] = 1;
		}
		nvmetest_pci_cap_iter_init(&it, buf, len);
		while ((ret = nvmetest_pci_cap_iter_next(&it, &cap))) {
			struct nvmetest_field f[32];

			/* at most one visit per dword plus two errors */
			CU_ASSERT_FATAL(++steps <= len / 4 + 2);
			if (ret > 0)
				nvmetest_pci_cap_decode(buf, len, &cap, f, 32);
		}
		free(buf);
	}
}

static void test_decode_typed(void)
{
	struct nvmetest_pci_msix msix;
	struct nvmetest_pci_msi msi;
	struct nvmetest_pci_exp exp;
	struct nvmetest_pci_pm pm;

	build_normal();
	CU_ASSERT_EQUAL_FATAL(nvmetest_pci_pm_decode(cfg, sizeof(cfg), 0x40, &pm), 0);
	CU_ASSERT_EQUAL(pm.version, 3);
	CU_ASSERT(pm.d1);
	CU_ASSERT(!pm.d2);
	CU_ASSERT_EQUAL(pm.pme_support, 0x9);
	CU_ASSERT_EQUAL(pm.power_state, 3);
	CU_ASSERT(pm.no_soft_reset);
	CU_ASSERT(!pm.pme_enable);

	CU_ASSERT_EQUAL_FATAL(nvmetest_pci_msi_decode(cfg, sizeof(cfg), 0x50, &msi), 0);
	CU_ASSERT(msi.enable);
	CU_ASSERT_EQUAL(msi.mmc, 4);
	CU_ASSERT_EQUAL(msi.mme, 2);
	CU_ASSERT(msi.addr64);
	CU_ASSERT(msi.per_vector_mask);

	CU_ASSERT_EQUAL_FATAL(nvmetest_pci_exp_decode(cfg, sizeof(cfg), 0x70, &exp), 0);
	CU_ASSERT_EQUAL(exp.version, 2);
	CU_ASSERT_EQUAL(exp.type, PCI_EXP_TYPE_ENDPOINT);
	CU_ASSERT_EQUAL(exp.mps_cap, 256);
	CU_ASSERT(exp.flr);
	CU_ASSERT_EQUAL(exp.mps, 256);
	CU_ASSERT_EQUAL(exp.mrrs, 512);
	CU_ASSERT_EQUAL(exp.link_speed_max, 4);
	CU_ASSERT_EQUAL(exp.link_width_max, 4);
	CU_ASSERT_EQUAL(exp.link_speed, 3);
	CU_ASSERT_EQUAL(exp.link_width, 2);
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_link_speed_name(exp.link_speed_max), "16 GT/s");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_link_speed_name(9), "unknown");

	CU_ASSERT_EQUAL_FATAL(nvmetest_pci_msix_decode(cfg, sizeof(cfg), 0xb0, &msix), 0);
	CU_ASSERT_EQUAL(msix.table_size, 64);
	CU_ASSERT(msix.enable);
	CU_ASSERT(!msix.function_mask);
	CU_ASSERT_EQUAL(msix.table_bir, 0);
	CU_ASSERT_EQUAL(msix.table_offset, 0x2000);
	CU_ASSERT_EQUAL(msix.pba_bir, 4);
	CU_ASSERT_EQUAL(msix.pba_offset, 0x3000);

	/* the wrong capability, and one cut off by the buffer's end */
	CU_ASSERT_EQUAL(nvmetest_pci_msix_decode(cfg, sizeof(cfg), 0x40, &msix), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_pci_msix_decode(cfg, 0xb8, 0xb0, &msix), -ERANGE);
	CU_ASSERT_EQUAL(nvmetest_pci_pm_decode(cfg, sizeof(cfg), 0x20, &pm), -ERANGE);
}

static const struct nvmetest_field *find(const struct nvmetest_field *f,
					 unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(f[i].name, name))
			return &f[i];
	CU_FAIL_FATAL("field missing");
	return NULL;
}

static void test_decode_fields(void)
{
	struct nvmetest_pci_cap cap = { 0 };
	struct nvmetest_field f[32];
	unsigned int n;

	build_normal();
	cap.id = PCI_CAP_ID_PM;
	cap.offset = 0x40;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_STRING_EQUAL(find(f, n, "power_state")->text, "D3hot");
	CU_ASSERT_STRING_EQUAL(find(f, n, "pme_support")->text, "D0, D3hot");

	cap.id = PCI_CAP_ID_EXP;
	cap.offset = 0x70;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_STRING_EQUAL(find(f, n, "type")->text, "Endpoint");
	CU_ASSERT_STRING_EQUAL(find(f, n, "flr")->text, "yes");
	CU_ASSERT_STRING_EQUAL(find(f, n, "link_speed")->text, "8 GT/s");
	CU_ASSERT_STRING_EQUAL(find(f, n, "link_width")->text, "x2");
	CU_ASSERT_STRING_EQUAL(find(f, n, "mrrs")->text, "512 bytes");

	cap.id = PCI_CAP_ID_MSIX;
	cap.offset = 0xb0;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_EQUAL(find(f, n, "table_size")->value, 64);
	CU_ASSERT_STRING_EQUAL(find(f, n, "pba_bir")->text, "BAR4");
	/* room for two fields: two fields */
	CU_ASSERT_EQUAL(nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 2), 2);

	cap.extended = true;
	cap.id = PCI_EXT_CAP_ID_DSN;
	cap.offset = 0x148;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(f[0].value, 0x8877665544332211ULL);
	CU_ASSERT_STRING_EQUAL(f[0].text, "88-77-66-55-44-33-22-11");

	cap.id = PCI_EXT_CAP_ID_SRIOV;
	cap.offset = 0x158;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_EQUAL(find(f, n, "total_vfs")->value, 16);
	CU_ASSERT_EQUAL(find(f, n, "num_vfs")->value, 2);
	CU_ASSERT_STRING_EQUAL(find(f, n, "vf_enable")->text, "yes");

	cap.id = PCI_EXT_CAP_ID_ERR;
	cap.offset = 0x100;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_STRING_EQUAL(find(f, n, "uncor_status")->text, "0x00100000");
	CU_ASSERT_EQUAL(find(f, n, "cor_mask")->value, 0x2000);

	cap.id = PCI_EXT_CAP_ID_L1SS;
	cap.offset = 0x1a0;
	n = nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32);
	CU_ASSERT_STRING_EQUAL(find(f, n, "supported")->text,
			       "PCI-PM L1.2, PCI-PM L1.1, ASPM L1.2, ASPM L1.1");
	CU_ASSERT_STRING_EQUAL(find(f, n, "enabled")->text, "PCI-PM L1.2, ASPM L1.2");

	/* an extended capability cut off by the buffer decodes to nothing */
	CU_ASSERT_EQUAL(nvmetest_pci_cap_decode(cfg, 0x150, &cap, f, 32), 0);
	/* so does a capability the decoder does not know */
	cap.id = PCI_EXT_CAP_ID_PTM;
	CU_ASSERT_EQUAL(nvmetest_pci_cap_decode(cfg, sizeof(cfg), &cap, f, 32), 0);
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(PCI_CAP_ID_PM, false), "Power Management");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(PCI_CAP_ID_MSIX, false), "MSI-X");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(PCI_CAP_ID_EXP, false), "PCI Express");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(PCI_CAP_ID_VNDR, false), "Vendor Specific");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x01, true), "Advanced Error Reporting");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x10, true), "Single Root I/O Virtualization");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x1e, true), "L1 PM Substates");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x19, true), "Secondary PCI Express");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x1d, true), "Downstream Port Containment");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x25, true), "Data Link Feature");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x26, true), "Physical Layer 16.0 GT/s");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x27, true), "Lane Margining at the Receiver");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x2a, true), "Physical Layer 32.0 GT/s");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x7f, true), "Unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x7f, false), "Unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_pci_cap_name(0x00, false), "Unknown");
}

static CU_TestInfo tests[] = {
	{ "walk: a normal function", test_walk_normal },
	{ "walk: no capability list", test_walk_no_list },
	{ "walk: loops", test_walk_loop },
	{ "walk: pointers out of range", test_walk_range },
	{ "walk: a function reading all-ones", test_walk_all_ones },
	{ "walk: random garbage", test_walk_random },
	{ "decode: typed PM, MSI, PCIe, MSI-X", test_decode_typed },
	{ "decode: field lists", test_decode_fields },
	{ "capability names", test_names },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "pcicap", .pTests = tests },
	CU_SUITE_INFO_NULL,
};

int main(void)
{
	return unit_run(suites);
}
