// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Identify (NVMe Base 2.0, 5.17) beyond the controller and
 * namespace structures: inactive NSIDs, the I/O Command Set specific
 * CNS values (05h, 06h, 07h) for the NVM Command Set, the I/O Command
 * Set data structure (1Ch), and the namespace management lists (10h,
 * 11h, 12h, 13h).
 */
#include <endian.h>
#include <string.h>

#include <nvmetest-harness.h>

/* A CSI NVMe Base 2.0 (Command Set Identifiers) leaves reserved. */
#define CSI_RESERVED	0x2f

/* CNS 05h, 06h, 07h and 1Ch belong to controllers with I/O Command Set
 * support: CAP.CSS bit 6, or any NVMe 2.0 controller. */
static void need_iocs(struct nt_ctx *t)
{
	if (!(NVME_CAP_CSS(t->info->cap) & NVME_CAP_CSS_CSI) && t->info->vs < 0x00020000)
		NT_SKIP("CAP.CSS bit 6 is clear and VS is %u.%u: no I/O Command Set specific Identify",
			t->info->vs >> 16, (t->info->vs >> 8) & 0xff);
}

static void need_ns_mgmt(struct nt_ctx *t)
{
	if (!(le16toh(t->id.oacs) & NVME_CTRL_OACS_NS_MGMT))
		NT_SKIP("Identify Controller OACS bit 3 is clear: no Namespace Management");
}

static int identify(struct nt_ctx *t, uint8_t cns, uint8_t csi, uint32_t nsid, uint16_t cntid,
		    void *data)
{
	struct nvmetest_identify_args a = {
		.cns = cns, .csi = csi, .nsid = nsid, .cntid = cntid, .data = data,
	};

	return nvmetest_identify(t->dev, &a);
}

/* Entries of a namespace list before its first 0. */
static unsigned int list_len(const struct nvme_ns_list *l)
{
	unsigned int n = 0;

	while (n < 1024 && l->ns[n])
		n++;
	return n;
}

static bool list_has(const struct nvme_ns_list *l, unsigned int n, uint32_t nsid)
{
	for (unsigned int i = 0; i < n; i++)
		if (le32toh(l->ns[i]) == nsid)
			return true;
	return false;
}

/* The Command Set Identifier descriptor of @nsid (CNS 03h), -1 without. */
static int ns_csi(struct nt_ctx *t, uint32_t nsid)
{
	uint8_t *d = t->buf2;
	size_t off = 0;

	memset(d, 0, 4096);
	NT_ASSERT_OK(nvmetest_identify_ns_descs(t->dev, nsid, t->buf2));
	while (off + 4 <= 4096 && d[off + 1]) {
		if (d[off] == NVME_NIDT_CSI && off + 5 <= 4096)
			return d[off + 4];
		off += 4 + d[off + 1];
	}
	return -1;
}

/* The first NSID from 1 to NN that @l (sorted) does not hold, else 0. */
static uint32_t first_missing(struct nt_ctx *t, const struct nvme_ns_list *l)
{
	uint32_t nn = le32toh(t->id.nn), want = 1;
	unsigned int n = list_len(l);

	for (unsigned int i = 0; i < n && le32toh(l->ns[i]) == want; i++)
		want++;
	if (want > nn || n == 1024)
		return 0;
	return want;
}

NT_TEST(id_ns_inactive_zero_filled, "admin",
	"NVMe Base 2.0, 3.2.1.5 (inactive NSIDs): Identify Namespace (CNS 00h) of a valid inactive NSID returns a zero-filled data structure",
	NT_NEED_INIT)
{
	struct nvme_ns_list l;
	uint32_t nsid;

	NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, 0, &l));
	nsid = first_missing(t, &l);
	if (!nsid)
		NT_SKIP("every NSID from 1 to NN (%u) is active", le32toh(t->id.nn));
	memset(t->buf, 0xa5, 4096);
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, nsid, t->buf));
	memset(t->buf2, 0, 4096);
	NT_DIAG("inactive NSID %u", nsid);
	NT_ASSERT_MEMEQ(t->buf, t->buf2, 4096);
}

NT_TEST(id_cs_ctrl_nvm, "admin",
	"NVMe Base 2.0, 5.17.2 (CNS 06h); NVM Command Set 1.0, 4.1.5 I/O Command Set specific Identify Controller data structure (CSI 00h)",
	NT_NEED_INIT)
{
	struct nvme_id_ctrl_nvm *c = t->buf;

	need_iocs(t);
	memset(c, 0xa5, 4096);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CSI_CTRL, NVME_CSI_NVM, 0, 0, c));
	NT_DIAG("VSL %u, WZSL %u, WUSL %u, DMRL %u, DMRSL %u, DMSL %llu", c->vsl, c->wzsl, c->wusl,
		c->dmrl, le32toh(c->dmrsl), (unsigned long long)le64toh(c->dmsl));
	/* bytes 4095:16 are reserved: the data structure is zero there */
	for (size_t i = 0; i < sizeof(c->rsvd16); i++)
		NT_ASSERT(!c->rsvd16[i], "reserved byte %zu is 0x%02x", i + 16, c->rsvd16[i]);
}

NT_TEST(id_cs_ctrl_invalid_csi, "admin",
	"NVMe Base 2.0, 5.17.2 (CNS 06h): with a CSI the controller does not support -> Invalid Field in Command",
	NT_NEED_INIT)
{
	need_iocs(t);
	NT_ASSERT_STATUS(identify(t, NVME_IDENTIFY_CNS_CSI_CTRL, CSI_RESERVED, 0, 0, t->buf),
			 NT_SC_INVALID_FIELD, "Identify CNS 06h, CSI 2Fh (reserved)");
}

NT_TEST(id_cs_ns_nvm, "admin",
	"NVMe Base 2.0, 5.17.2 (CNS 05h) and 3.2.1.5; NVM Command Set 1.0, 4.1.5 I/O Command Set specific Identify Namespace: an active NSID, and zeroes for an inactive one",
	NT_NEED_NS)
{
	struct nvme_ns_list l;
	uint32_t inactive;

	need_iocs(t);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CSI_NS, NVME_CSI_NVM, t->nsid, 0, t->buf));
	NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, 0, &l));
	inactive = first_missing(t, &l);
	if (!inactive) {
		NT_DIAG("every NSID from 1 to NN is active: no inactive NSID to ask for");
		return;
	}
	memset(t->buf, 0xa5, 4096);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CSI_NS, NVME_CSI_NVM, inactive, 0, t->buf));
	memset(t->buf2, 0, 4096);
	NT_DIAG("inactive NSID %u", inactive);
	NT_ASSERT_MEMEQ(t->buf, t->buf2, 4096);
}

NT_TEST(id_cs_active_ns_list_nvm, "admin",
	"NVMe Base 2.0, 5.17.2 Active Namespace ID list of an I/O Command Set (CNS 07h): the active NSIDs of the I/O Command Set CSI selects, increasing",
	NT_NEED_INIT)
{
	struct nvme_ns_list all, nvm;
	unsigned int n, m;

	need_iocs(t);
	NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, 0, &all));
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CSI_NS_ACTIVE_LIST, NVME_CSI_NVM, 0, 0, &nvm));
	n = list_len(&all);
	m = list_len(&nvm);
	for (unsigned int i = 0; i < m; i++) {
		uint32_t id = le32toh(nvm.ns[i]);
		int csi;

		if (i)
			NT_ASSERT(id > le32toh(nvm.ns[i - 1]), "CNS 07h entry %u: NSID %u after %u",
				  i, id, le32toh(nvm.ns[i - 1]));
		NT_ASSERT(n == 1024 || list_has(&all, n, id),
			  "CNS 07h lists NSID %u, which CNS 02h does not", id);
		/* without a CSI descriptor only CNS 07h says which set it is */
		csi = ns_csi(t, id);
		NT_ASSERT(csi == NVME_CSI_NVM || csi < 0,
			  "CNS 07h (CSI 0) lists NSID %u whose CSI is %d", id, csi);
	}
	for (unsigned int i = 0; i < n && m < 1024; i++) {
		uint32_t id = le32toh(all.ns[i]);

		if (ns_csi(t, id) == NVME_CSI_NVM)
			NT_ASSERT(list_has(&nvm, m, id),
				  "NSID %u is active with CSI 0 but missing from CNS 07h", id);
	}
	NT_DIAG("%u active namespaces, %u of the NVM Command Set", n, m);
}

NT_TEST(id_iocs_combinations, "admin",
	"NVMe Base 2.0, 5.17.2 Identify I/O Command Set data structure (CNS 1Ch); 5.27.1 I/O Command Set Profile (Feature Identifier 19h)",
	NT_NEED_INIT)
{
	const struct nvme_id_iocs *c = t->buf;
	unsigned int nonzero = 0;
	uint32_t profile;

	need_iocs(t);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_COMMAND_SET_STRUCTURE, 0, 0, 0, t->buf));
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t v = le64toh(c->iocsc[i]);

		if (!v)
			continue;
		nonzero++;
		/* bits 0 (NVM), 1 (Key Value), 2 (Zoned Namespace) are defined */
		NT_ASSERT(!(v & ~7ULL), "combination %u: 0x%llx names a reserved command set", i,
			  (unsigned long long)v);
		if (nonzero == 1)
			NT_DIAG("combination %u: 0x%llx", i, (unsigned long long)v);
	}
	NT_ASSERT(nonzero, "no I/O Command Set combination is reported");
	/* the combination the controller runs is one it reports */
	if (!nt_get_feature(t, NVME_FEAT_FID_IOCS_PROFILE, 0, &profile)) {
		unsigned int idx = profile & 0x1ff;

		NT_ASSERT(le64toh(c->iocsc[idx]), "I/O Command Set Profile index %u is an empty combination",
			  idx);
	}
}

NT_TEST(id_allocated_ns_list, "admin",
	"NVMe Base 2.0, 5.17.2 Allocated Namespace ID list (CNS 10h): increasing, within NN, every active NSID allocated",
	NT_NEED_INIT)
{
	uint32_t nn = le32toh(t->id.nn);
	struct nvme_ns_list act, alloc;
	unsigned int n, m;

	need_ns_mgmt(t);
	NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, 0, &act));
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_ALLOCATED_NS_LIST, 0, 0, 0, &alloc));
	n = list_len(&act);
	m = list_len(&alloc);
	for (unsigned int i = 0; i < m; i++) {
		uint32_t id = le32toh(alloc.ns[i]);

		NT_ASSERT(id <= nn, "CNS 10h entry %u: NSID %u > NN %u", i, id, nn);
		if (i)
			NT_ASSERT(id > le32toh(alloc.ns[i - 1]), "CNS 10h entry %u: NSID %u after %u",
				  i, id, le32toh(alloc.ns[i - 1]));
	}
	if (m < 1024)
		for (unsigned int i = 0; i < n; i++)
			NT_ASSERT(list_has(&alloc, m, le32toh(act.ns[i])),
				  "NSID %u is active but not in the Allocated Namespace ID list",
				  le32toh(act.ns[i]));
	NT_DIAG("%u allocated, %u active", m, n);
}

NT_TEST(id_allocated_ns_active, "admin",
	"NVMe Base 2.0, 5.17.2 Identify Namespace data structure for an Allocated NSID (CNS 11h): the Identify Namespace data structure of an allocated NSID, the same as CNS 00h for an active one",
	NT_NEED_NS)
{
	need_ns_mgmt(t);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_ALLOCATED_NS, 0, t->nsid, 0, t->buf));
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, t->buf2));
	NT_ASSERT_MEMEQ(t->buf, t->buf2, sizeof(struct nvme_id_ns));
}

NT_TEST(id_allocated_ns_unallocated, "admin",
	"NVMe Base 2.0, 3.2.1.5 and 5.17.2 (CNS 11h): CNS 11h of a valid unallocated NSID returns a zero-filled data structure",
	NT_NEED_INIT)
{
	struct nvme_ns_list alloc;
	uint32_t nsid;

	need_ns_mgmt(t);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_ALLOCATED_NS_LIST, 0, 0, 0, &alloc));
	nsid = first_missing(t, &alloc);
	if (!nsid)
		NT_SKIP("every NSID from 1 to NN (%u) is allocated", le32toh(t->id.nn));
	memset(t->buf, 0xa5, 4096);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_ALLOCATED_NS, 0, nsid, 0, t->buf));
	memset(t->buf2, 0, 4096);
	NT_DIAG("unallocated NSID %u", nsid);
	NT_ASSERT_MEMEQ(t->buf, t->buf2, 4096);
}

/* A Controller List: the number of identifiers, then that many, each at
 * least @from and increasing; returns whether @cntlid is among them. */
static bool ctrl_list_check(struct nt_ctx *t, const struct nvme_ctrl_list *l, uint16_t from,
			    uint16_t cntlid)
{
	unsigned int num = le16toh(l->num);
	bool found = false;

	NT_ASSERT(num <= 2047, "Controller List: %u identifiers, at most 2047 fit", num);
	for (unsigned int i = 0; i < num; i++) {
		uint16_t id = le16toh(l->identifier[i]);

		NT_ASSERT(id >= from, "entry %u: CNTLID %u below CNTID %u", i, id, from);
		if (i)
			NT_ASSERT(id > le16toh(l->identifier[i - 1]), "entry %u: CNTLID %u after %u",
				  i, id, le16toh(l->identifier[i - 1]));
		found |= id == cntlid;
	}
	return found;
}

NT_TEST(id_ctrl_list_subsystem, "admin",
	"NVMe Base 2.0, 5.17.2 Controller List (CNS 13h): the controllers of the NVM subsystem from CNTID on",
	NT_NEED_INIT)
{
	uint16_t me = le16toh(t->id.cntlid);

	need_ns_mgmt(t);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CTRL_LIST, 0, 0, 0, t->buf));
	NT_ASSERT(ctrl_list_check(t, t->buf, 0, me), "this controller (CNTLID %u) is not listed", me);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CTRL_LIST, 0, 0, me, t->buf));
	NT_ASSERT(ctrl_list_check(t, t->buf, me, me),
		  "CNTID %u: this controller (CNTLID %u) is not listed", me, me);
	if (me < 0xffef) {
		NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_CTRL_LIST, 0, 0, me + 1, t->buf));
		NT_ASSERT(!ctrl_list_check(t, t->buf, me + 1, me),
			  "CNTID %u: lists CNTLID %u below it", me + 1, me);
	}
}

NT_TEST(id_ctrl_list_attached, "admin",
	"NVMe Base 2.0, 5.17.2 Controller List attached to an NSID (CNS 12h): the controllers attached to an NSID include the one it is active on",
	NT_NEED_NS)
{
	uint16_t me = le16toh(t->id.cntlid);

	need_ns_mgmt(t);
	NT_ASSERT_OK(identify(t, NVME_IDENTIFY_CNS_NS_CTRL_LIST, 0, t->nsid, 0, t->buf));
	NT_ASSERT(ctrl_list_check(t, t->buf, 0, me),
		  "namespace %u is active here but this controller (CNTLID %u) is not listed",
		  t->nsid, me);
}
