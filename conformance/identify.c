// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Identify (NVMe Base 2.0, 5.17): the controller and
 * namespace data structures and the rules between their fields, the
 * Active Namespace ID list, the Namespace Identification Descriptor
 * list, inactive and broadcast NSIDs, and the statuses of invalid CNS
 * and NSID values. The I/O Command Set specific and namespace management
 * CNS values, and inactive NSIDs, are admin_identify_cs.c's.
 */
#include <endian.h>
#include <string.h>

#include <nvmetest-harness.h>

/* A CNS value NVMe Base 2.0 (5.17, the CNS values) leaves reserved. */
#define CNS_RESERVED	0xff

static bool ascii_field(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/* The Active Namespace ID list from the first: the number of entries. */
static unsigned int active_list(struct nt_ctx *t, uint32_t from, struct nvme_ns_list *l)
{
	unsigned int n = 0;

	NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, from, l));
	while (n < 1024 && l->ns[n])
		n++;
	return n;
}

NT_TEST(id_ctrl_fields, "admin",
	"NVMe Base 2.0, 5.17.2.1 Identify Controller data structure (CNS 01h)",
	NT_NEED_INIT)
{
	struct nvme_id_ctrl id;
	uint32_t ver;

	NT_ASSERT_OK(nvmetest_identify_ctrl(t->dev, &id));
	/* VID and SSVID: the PCI IDs of the function's config space */
	NT_ASSERT_EQ(le16toh(id.vid), t->info->vendor_id);
	NT_ASSERT_EQ(le16toh(id.ssvid), t->info->subsystem_vendor_id);
	NT_ASSERT(ascii_field(id.sn, sizeof(id.sn)), "SN is not ASCII: '%.20s'", id.sn);
	NT_ASSERT(ascii_field(id.mn, sizeof(id.mn)), "MN is not ASCII: '%.40s'", id.mn);
	NT_ASSERT(ascii_field(id.fr, sizeof(id.fr)), "FR is not ASCII: '%.8s'", id.fr);
	/* SQES/CQES: required sizes 64 and 16 bytes, maximum >= required */
	NT_ASSERT_EQ(id.sqes & 0xf, 6);
	NT_ASSERT(id.sqes >> 4 >= (id.sqes & 0xf), "SQES 0x%02x: maximum below required", id.sqes);
	NT_ASSERT_EQ(id.cqes & 0xf, 4);
	NT_ASSERT(id.cqes >> 4 >= (id.cqes & 0xf), "CQES 0x%02x: maximum below required", id.cqes);
	/* VER is mandatory from 1.2 on and holds the value of VS */
	ver = le32toh(id.ver);
	if (t->info->vs >= 0x00010200)
		NT_ASSERT_EQ(ver, t->info->vs);
}

NT_TEST(id_ns_each_active, "admin",
	"NVM Command Set 1.0, 4.1.5.1 Identify Namespace data structure (CNS 00h, LBA formats)",
	NT_NEED_INIT)
{
	struct nvme_ns_list l;
	struct nvme_id_ns ns;
	unsigned int n = active_list(t, 0, &l);

	if (!n)
		NT_SKIP("the controller reports no active namespace (Identify CNS 02h)");
	for (unsigned int i = 0; i < n; i++) {
		uint32_t nsid = le32toh(l.ns[i]);
		uint64_t nsze, ncap, nuse;
		unsigned int fmt;

		NT_ASSERT_OK(nvmetest_identify_ns(t->dev, nsid, &ns));
		nsze = le64toh(ns.nsze);
		ncap = le64toh(ns.ncap);
		nuse = le64toh(ns.nuse);
		NT_ASSERT(nsze, "namespace %u is active but NSZE is 0", nsid);
		NT_ASSERT(ncap <= nsze, "namespace %u: NCAP %llu > NSZE %llu", nsid,
			  (unsigned long long)ncap, (unsigned long long)nsze);
		NT_ASSERT(nuse <= ncap, "namespace %u: NUSE %llu > NCAP %llu", nsid,
			  (unsigned long long)nuse, (unsigned long long)ncap);
		/* FLBAS bits 3:0 index a format NLBAF (0's based) has; bits 6:5
		 * are its upper bits only when there are more than 16 formats */
		fmt = ns.flbas & 0xf;
		if (ns.nlbaf >= 16)
			fmt |= (ns.flbas >> 5 & 3) << 4;
		NT_ASSERT(fmt <= ns.nlbaf, "namespace %u: FLBAS format %u > NLBAF %u",
			  nsid, fmt, ns.nlbaf);
		/* LBADS below 9 (512 bytes) is not supported */
		NT_ASSERT(ns.lbaf[fmt].ds >= 9, "namespace %u: format %u has LBADS %u",
			  nsid, fmt, ns.lbaf[fmt].ds);
		NT_DIAG("namespace %u: NSZE %llu, format %u, %u-byte LBAs, %u bytes metadata",
			nsid, (unsigned long long)nsze, fmt, 1u << ns.lbaf[fmt].ds,
			le16toh(ns.lbaf[fmt].ms));
	}
}

NT_TEST(id_active_ns_list_order, "admin",
	"NVMe Base 2.0, 5.17.2.2 Active Namespace ID list (CNS 02h)",
	NT_NEED_INIT)
{
	struct nvme_ns_list l, after;
	uint32_t nn = le32toh(t->id.nn);
	unsigned int n = active_list(t, 0, &l), m;

	if (!n)
		NT_SKIP("the controller reports no active namespace (Identify CNS 02h)");
	for (unsigned int i = 0; i < n; i++) {
		uint32_t id = le32toh(l.ns[i]);

		NT_ASSERT(id <= nn, "entry %u: NSID %u > NN %u", i, id, nn);
		if (i)
			NT_ASSERT(id > le32toh(l.ns[i - 1]),
				  "entries %u and %u: NSID %u after %u: not increasing",
				  i - 1, i, id, le32toh(l.ns[i - 1]));
	}
	for (unsigned int i = n; i < 1024; i++)
		NT_ASSERT(!l.ns[i], "entry %u after the list's end is %u, not 0", i,
			  le32toh(l.ns[i]));
	/* only NSIDs greater than the one in the command */
	m = active_list(t, le32toh(l.ns[0]), &after);
	NT_ASSERT_EQ(m, n - 1);
	for (unsigned int i = 0; i < m; i++)
		NT_ASSERT_EQ(le32toh(after.ns[i]), le32toh(l.ns[i + 1]));
}

NT_TEST(id_active_ns_list_nsid_fffffffe, "admin",
	"NVMe Base 2.0, 5.17.2.2: NSID FFFFFFFEh or FFFFFFFFh in CNS 02h -> Invalid Namespace or Format",
	NT_NEED_INIT)
{
	struct nvme_ns_list l;

	NT_ASSERT_STATUS(nvmetest_identify_active_ns_list(t->dev, 0xfffffffe, &l),
			 NT_SC_INVALID_NS, "CNS 02h, NSID FFFFFFFEh");
}

NT_TEST(id_ns_desc_list, "admin",
	"NVMe Base 2.0, 5.17.2.3 Namespace Identification Descriptor list (CNS 03h)",
	NT_NEED_NS)
{
	static const uint8_t nidl[5] = { 0, 8, 16, 16, 1 };
	struct nvme_id_ns ns;
	uint8_t *d = t->buf;
	unsigned int seen = 0;
	size_t off = 0;

	if (t->info->vs < 0x00010300)
		NT_SKIP("CNS 03h is mandatory from NVMe 1.3; the controller reports VS %u.%u",
			t->info->vs >> 16, (t->info->vs >> 8) & 0xff);
	memset(d, 0xa5, 4096);
	NT_ASSERT_OK(nvmetest_identify_ns_descs(t->dev, t->nsid, t->buf));
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &ns));
	while (off + 4 <= 4096 && d[off]) {
		uint8_t type = d[off], len = d[off + 1];

		NT_ASSERT(type <= 4, "descriptor at byte %zu: NIDT %u is reserved", off, type);
		NT_ASSERT(len == nidl[type], "descriptor at byte %zu: NIDT %u with NIDL %u, not %u",
			  off, type, len, nidl[type]);
		NT_ASSERT(!(seen & 1u << type), "NIDT %u reported twice", type);
		seen |= 1u << type;
		NT_ASSERT(off + 4 + len <= 4096, "descriptor at byte %zu runs past the list", off);
		/* what both structures report must be the same identifier */
		if (type == 1 && nt_memdiff(ns.eui64, (uint8_t[8]){ 0 }, 8) != (size_t)-1)
			NT_ASSERT_MEMEQ(d + off + 4, ns.eui64, 8);
		if (type == 2 && nt_memdiff(ns.nguid, (uint8_t[16]){ 0 }, 16) != (size_t)-1)
			NT_ASSERT_MEMEQ(d + off + 4, ns.nguid, 16);
		NT_DIAG("descriptor NIDT %u, %u bytes", type, len);
		off += 4 + len;
	}
}

NT_TEST(id_invalid_cns, "admin",
	"NVMe Base 2.0, 5.17: a CNS value the controller does not support -> Invalid Field in Command",
	NT_NEED_INIT)
{
	struct nvmetest_identify_args a = { .cns = CNS_RESERVED, .data = t->buf };

	NT_ASSERT_STATUS(nvmetest_identify(t->dev, &a), NT_SC_INVALID_FIELD,
			 "Identify CNS FFh (reserved)");
}

NT_TEST(id_ns_nsid_zero, "admin",
	"NVM Command Set 1.0, 4.1.5.1 and NVMe Base 2.0, 3.2.1: Identify Namespace with NSID 0h -> Invalid Namespace or Format",
	NT_NEED_INIT)
{
	struct nvme_id_ns ns;

	NT_ASSERT_STATUS(nvmetest_identify_ns(t->dev, 0, &ns), NT_SC_INVALID_NS,
			 "Identify CNS 00h, NSID 0");
}

NT_TEST(id_ns_nsid_beyond_nn, "admin",
	"NVM Command Set 1.0, 4.1.5.1 and NVMe Base 2.0, 3.2.1 (valid NSIDs): NSID above NN -> Invalid Namespace or Format",
	NT_NEED_INIT)
{
	uint32_t nn = le32toh(t->id.nn);
	struct nvme_id_ns ns;

	if (nn >= 0xfffffffe)
		NT_SKIP("NN is 0x%08x: no NSID above it is a valid non-broadcast value", nn);
	NT_ASSERT_STATUS(nvmetest_identify_ns(t->dev, nn + 1, &ns), NT_SC_INVALID_NS,
			 "Identify CNS 00h, NSID NN + 1");
}

NT_TEST(id_ctrl_frmw_slots, "admin",
	"NVMe Base 2.0, 5.17.2.1 Identify Controller FRMW: Number of Firmware Slots between one and seven",
	NT_NEED_INIT)
{
	unsigned int nofs = (t->id.frmw >> 1) & 7;

	NT_ASSERT(nofs >= 1, "FRMW 0x%02x: number of firmware slots is 0", t->id.frmw);
}

NT_TEST(id_ctrl_cntrltype, "admin",
	"NVMe Base 2.0, 5.17.2.1 Identify Controller CNTRLTYPE: non-zero from NVMe 1.4 on (1h I/O, 2h Discovery, 3h Administrative)",
	NT_NEED_INIT)
{
	if (t->info->vs < 0x00010400)
		NT_SKIP("CNTRLTYPE is reported from NVMe 1.4; the controller reports VS %u.%u",
			t->info->vs >> 16, (t->info->vs >> 8) & 0xff);
	NT_ASSERT(t->id.cntrltype >= 1 && t->id.cntrltype <= 3,
		  "CNTRLTYPE %u: reserved (1h I/O, 2h Discovery, 3h Administrative)",
		  t->id.cntrltype);
}

NT_TEST(id_ns_nsid_broadcast, "admin",
	"NVM Command Set 1.0, 4.1.5 Identify Namespace (CNS 00h): NSID FFFFFFFFh returns the capabilities common to all namespaces when Namespace Management is supported (OACS bit 3), else Invalid Namespace or Format",
	NT_NEED_INIT)
{
	int ret = nvmetest_identify_ns(t->dev, NVME_NSID_ALL, t->buf);

	if (!(le16toh(t->id.oacs) & NVME_CTRL_OACS_NS_MGMT)) {
		NT_ASSERT_STATUS(ret, NT_SC_INVALID_NS,
				 "CNS 00h, NSID FFFFFFFFh without Namespace Management");
		return;
	}
	/*
	 * QEMU 10.0 sets OACS bit 3 (namespace attachment) and answers
	 * every CNS 00h with NSID FFFFFFFFh Invalid Namespace or Format
	 * (hw/nvme/ctrl.c, nvme_identify_ns()).
	 */
	NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
		    "NVM Command Set 1.0, 4.1.5: if the controller supports Namespace Management and NSID is FFFFFFFFh, the controller returns an Identify Namespace data structure that specifies capabilities common across namespaces");
	NT_ASSERT_OK(ret);
}

NT_TEST(id_active_ns_list_nsid_ffffffff, "admin",
	"NVMe Base 2.0, 5.17.2.2: NSID FFFFFFFEh or FFFFFFFFh in CNS 02h -> Invalid Namespace or Format",
	NT_NEED_INIT)
{
	struct nvme_ns_list l;

	NT_ASSERT_STATUS(nvmetest_identify_active_ns_list(t->dev, NVME_NSID_ALL, &l),
			 NT_SC_INVALID_NS, "CNS 02h, NSID FFFFFFFFh");
}

NT_TEST(id_ns_desc_list_required, "admin",
	"NVMe Base 2.0, 5.17.2.3: at least one descriptor that identifies the namespace (NIDT 1h, 2h or 3h); the Command Set Identifier (NIDT 4h) when CAP.CSS bit 6 is set",
	NT_NEED_NS)
{
	uint8_t *d = t->buf;
	unsigned int seen = 0;
	size_t off = 0;

	if (t->info->vs < 0x00010300)
		NT_SKIP("CNS 03h is mandatory from NVMe 1.3; the controller reports VS %u.%u",
			t->info->vs >> 16, (t->info->vs >> 8) & 0xff);
	memset(d, 0, 4096);
	NT_ASSERT_OK(nvmetest_identify_ns_descs(t->dev, t->nsid, t->buf));
	while (off + 4 <= 4096 && d[off + 1]) {
		if (d[off] < 32)
			seen |= 1u << d[off];
		off += 4 + d[off + 1];
	}
	NT_DIAG("namespace %u: NIDTs present 0x%x", t->nsid, seen);
	if (NVME_CAP_CSS(t->info->cap) & NVME_CAP_CSS_CSI)
		NT_ASSERT(seen & 1u << NVME_NIDT_CSI,
			  "CAP.CSS bit 6 is set but namespace %u has no Command Set Identifier descriptor",
			  t->nsid);
	/*
	 * QEMU reports EUI-64, NGUID and UUID only when the namespace was
	 * given them (hw/nvme/ns.c: eui64-default is off; ctrl.c,
	 * nvme_identify_ns_descr_list() adds each only when set).
	 */
	NT_XFAIL_IF(nt_dev_is(t, NT_PCI_VID_QEMU, NT_PCI_DID_QEMU_NVME),
		    "NVMe Base 2.0, 5.17.2.3: the controller shall return at least one descriptor that identifies the namespace (NIDT 1h, 2h or 3h)");
	NT_ASSERT(seen & (1u << NVME_NIDT_EUI64 | 1u << NVME_NIDT_NGUID | 1u << NVME_NIDT_UUID),
		  "namespace %u: no EUI64, NGUID or UUID descriptor", t->nsid);
}

NT_TEST(id_ns_desc_list_nsid_invalid, "admin",
	"NVMe Base 2.0, 3.2.1.5 and 5.17.2.3: CNS 03h with NSID 0h or FFFFFFFFh -> Invalid Namespace or Format",
	NT_NEED_INIT)
{
	if (t->info->vs < 0x00010300)
		NT_SKIP("CNS 03h is mandatory from NVMe 1.3; the controller reports VS %u.%u",
			t->info->vs >> 16, (t->info->vs >> 8) & 0xff);
	NT_ASSERT_STATUS(nvmetest_identify_ns_descs(t->dev, 0, t->buf), NT_SC_INVALID_NS,
			 "CNS 03h, NSID 0");
	NT_ASSERT_STATUS(nvmetest_identify_ns_descs(t->dev, NVME_NSID_ALL, t->buf),
			 NT_SC_INVALID_NS, "CNS 03h, NSID FFFFFFFFh");
}

NT_TEST(id_ns_metadata_consistent, "admin",
	"NVM Command Set 1.0, 4.1.5 Identify Namespace data structure: FLBAS bit 4 within MC, DPS within DPC, protection information needs 8 bytes of metadata",
	NT_NEED_INIT)
{
	struct nvme_ns_list l;
	struct nvme_id_ns ns;
	unsigned int n = active_list(t, 0, &l);

	if (!n)
		NT_SKIP("the controller reports no active namespace (Identify CNS 02h)");
	for (unsigned int i = 0; i < n; i++) {
		uint32_t nsid = le32toh(l.ns[i]);
		unsigned int fmt, ms, pit;

		NT_ASSERT_OK(nvmetest_identify_ns(t->dev, nsid, &ns));
		fmt = (ns.flbas & 0xf) | ((ns.flbas >> 5 & 3) << 4);
		ms = le16toh(ns.lbaf[fmt].ms);
		pit = ns.dps & 7;
		if (ms && (ns.flbas & 0x10))
			NT_ASSERT(ns.mc & 1, "namespace %u: extended LBAs (FLBAS 0x%02x) but MC 0x%02x lacks bit 0",
				  nsid, ns.flbas, ns.mc);
		if (ms && !(ns.flbas & 0x10))
			NT_ASSERT(ns.mc & 2, "namespace %u: separate metadata (FLBAS 0x%02x) but MC 0x%02x lacks bit 1",
				  nsid, ns.flbas, ns.mc);
		NT_ASSERT(pit <= 3, "namespace %u: DPS 0x%02x: protection type %u is reserved",
			  nsid, ns.dps, pit);
		if (!pit)
			continue;
		NT_ASSERT(ns.dpc & 1u << (pit - 1), "namespace %u: DPS type %u not in DPC 0x%02x",
			  nsid, pit, ns.dpc);
		NT_ASSERT(ns.dpc & (ns.dps & 8 ? 0x08 : 0x10),
			  "namespace %u: DPS 0x%02x places PI where DPC 0x%02x does not allow", nsid,
			  ns.dps, ns.dpc);
		NT_ASSERT(ms >= 8, "namespace %u: protection type %u with %u bytes of metadata",
			  nsid, pit, ms);
	}
}
