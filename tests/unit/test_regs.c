// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of libnvmetest's controller register knowledge
 * (lib/regs.c): the table's consistency, field extraction and decoding of
 * CAP, CC, CSTS, AQA, CRTO, BPRSEL, CMBSZ and the PMR registers against
 * values worked out by hand from the NVMe base specification 2.0, the
 * decode helpers, and which registers show-regs reads.
 */
#include <string.h>

#include <nvme/types.h>

#include "nvmetest.h"
#include "unit.h"

#define MAXF	32

/*
 * A CAP with every field set to something recognisable:
 * MQES 0x7ff, CQR 1, AMS 01b (WRR), TO 0x0f, DSTRD 0, NSSRS 1,
 * CSS 0xc1, BPS 0, CPS 10b, MPSMIN 0, MPSMAX 4, PMRS 1, CMBS 1, NSSS 1,
 * CRMS 11b. Bits 63:32 = 0x1f409830, bits 31:0 = 0x0f0307ff.
 */
#define CAP_ALL		0x1f4098300f0307ffULL

static struct nvmetest_field fields[MAXF];
static unsigned int nfields;

static void decode(const char *reg, uint64_t value)
{
	const struct nvmetest_reg *r = nvmetest_reg_find(reg);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	nfields = nvmetest_reg_decode(r, value, fields, MAXF);
	CU_ASSERT_EQUAL(nfields, r->nr_fields);
}

static const struct nvmetest_field *field(const char *name)
{
	for (unsigned int i = 0; i < nfields; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	CU_FAIL_FATAL("field missing");
	return NULL;
}

#define CHECK_FIELD(name, val, txt) do {				\
	const struct nvmetest_field *f_ = field(name);			\
	CU_ASSERT_EQUAL(f_->value, (uint64_t)(val));			\
	CU_ASSERT_STRING_EQUAL(f_->text, txt);				\
} while (0)

static void test_table_consistent(void)
{
	const struct nvmetest_reg *t;
	unsigned int n;

	t = nvmetest_reg_table(&n);
	CU_ASSERT_EQUAL(n, 28);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t seen = 0;

		CU_ASSERT(t[i].width == 4 || t[i].width == 8);
		CU_ASSERT_EQUAL(t[i].offset % t[i].width, 0);
		/* 64-bit exactly where libnvme says so */
		CU_ASSERT_EQUAL(t[i].width == 8, nvme_is_64bit_reg(t[i].offset));
		if (i) {
			CU_ASSERT(t[i - 1].offset + t[i - 1].width <= t[i].offset);
		}
		CU_ASSERT(t[i].nr_fields > 0);
		for (unsigned int j = 0; j < n; j++)
			if (j != i)
				CU_ASSERT(strcmp(t[i].name, t[j].name) != 0);
		for (unsigned int j = 0; j < t[i].nr_fields; j++) {
			const struct nvmetest_reg_field *f = &t[i].fields[j];
			uint64_t bits = f->mask << f->shift;

			CU_ASSERT(f->mask != 0);
			/* contiguous mask, inside the register, no overlap */
			CU_ASSERT_EQUAL(f->mask & (f->mask + 1), 0);
			CU_ASSERT_EQUAL(bits >> f->shift, f->mask);
			if (t[i].width == 4)
				CU_ASSERT_EQUAL(bits >> 32, 0);
			CU_ASSERT_EQUAL(seen & bits, 0);
			seen |= bits;
			if (f->fmt == NVMETEST_FMT_ENUM || f->fmt == NVMETEST_FMT_BITS)
				CU_ASSERT_PTR_NOT_NULL(f->names);
		}
	}
	CU_ASSERT_STRING_EQUAL(t[0].name, "cap");
	CU_ASSERT_STRING_EQUAL(t[n - 1].name, "pmrmscu");
}

static void test_find(void)
{
	const struct nvmetest_reg *r;

	r = nvmetest_reg_find("CC");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->offset, 0x14);
	CU_ASSERT_EQUAL(r->width, 4);
	CU_ASSERT_PTR_EQUAL(nvmetest_reg_find_offset(0x14), r);
	CU_ASSERT_PTR_EQUAL(nvmetest_reg_find("cc"), r);
	CU_ASSERT_EQUAL(nvmetest_reg_find("cmbebs")->offset, 0x5c);
	CU_ASSERT_EQUAL(nvmetest_reg_find("cmbswtp")->offset, 0x60);
	CU_ASSERT_EQUAL(nvmetest_reg_find("nssd")->offset, 0x64);
	CU_ASSERT_EQUAL(nvmetest_reg_find("crto")->offset, 0x68);
	CU_ASSERT_EQUAL(nvmetest_reg_find("pmrmscu")->offset, 0xe18);
	CU_ASSERT_EQUAL(nvmetest_reg_find("acq")->width, 8);
	CU_ASSERT(nvmetest_reg_find("asq")->unsafe);
	CU_ASSERT(!nvmetest_reg_find("cc")->unsafe);
	CU_ASSERT_PTR_NULL(nvmetest_reg_find("doorbell"));
	CU_ASSERT_PTR_NULL(nvmetest_reg_find_offset(0x18));
	CU_ASSERT_PTR_NULL(nvmetest_reg_find_offset(0x1000));
	CU_ASSERT_PTR_NOT_NULL(nvmetest_reg_field_find(r, "IOSQES"));
	CU_ASSERT_PTR_NULL(nvmetest_reg_field_find(r, "mqes"));
}

static void test_cap(void)
{
	const struct nvmetest_reg *cap = nvmetest_reg_find("cap");

	decode("cap", CAP_ALL);
	CHECK_FIELD("mqes", 0x7ff, "2048 entries");
	CHECK_FIELD("cqr", 1, "yes");
	CHECK_FIELD("ams", 1, "weighted round robin with urgent priority class");
	CHECK_FIELD("to", 0x0f, "7500 ms");
	CHECK_FIELD("dstrd", 0, "4 bytes");
	CHECK_FIELD("nssrs", 1, "yes");
	CHECK_FIELD("css", 0xc1,
		    "NVM command set, one or more I/O command sets, no I/O command set (admin only)");
	CHECK_FIELD("bps", 0, "no");
	CHECK_FIELD("cps", 2, "domain scope");
	CHECK_FIELD("mpsmin", 0, "4 KiB");
	CHECK_FIELD("mpsmax", 4, "64 KiB");
	CHECK_FIELD("pmrs", 1, "yes");
	CHECK_FIELD("cmbs", 1, "yes");
	CHECK_FIELD("nsss", 1, "yes");
	CHECK_FIELD("crms", 3,
		    "controller ready with media (CRWMS), controller ready independent of media (CRIMS)");
	CU_ASSERT_EQUAL(field("css")->lsb, 37);
	CU_ASSERT_EQUAL(field("css")->msb, 44);
	CU_ASSERT_EQUAL(field("mqes")->msb, 15);
	CU_ASSERT_EQUAL(field("cqr")->msb, 16);
	CU_ASSERT_EQUAL(field("cqr")->lsb, 16);
	CU_ASSERT_EQUAL(nvmetest_reg_field_get(nvmetest_reg_field_find(cap, "to"),
					       CAP_ALL), 0x0f);

	/* a plain NVM-only controller: DSTRD 2, AMS none, CSS bit 0 only */
	decode("cap", 0x0000002200000000ULL | 0x0a0000ffULL);
	CHECK_FIELD("dstrd", 2, "16 bytes");
	CHECK_FIELD("css", 1, "NVM command set");
	CHECK_FIELD("ams", 0, "none");
	CHECK_FIELD("mqes", 0xff, "256 entries");
	CHECK_FIELD("to", 0x0a, "5000 ms");
	/* a reserved CSS bit is named by its number */
	decode("cap", 1ULL << 38);
	CHECK_FIELD("css", 2, "bit 1");
}

static void test_cap_helpers(void)
{
	CU_ASSERT_EQUAL(nvmetest_cap_timeout_ms(CAP_ALL), 7500);
	CU_ASSERT_EQUAL(nvmetest_cap_mqes(CAP_ALL), 2048);
	CU_ASSERT_EQUAL(nvmetest_cap_dstrd_bytes(CAP_ALL), 4);
	CU_ASSERT_EQUAL(nvmetest_cap_dstrd_bytes(3ULL << 32), 32);
	CU_ASSERT_EQUAL(nvmetest_cap_mps_min(CAP_ALL), 4096);
	CU_ASSERT_EQUAL(nvmetest_cap_mps_max(CAP_ALL), 65536);
	CU_ASSERT_EQUAL(nvmetest_cc_mps(0x00460001), 4096);
	CU_ASSERT_EQUAL(nvmetest_cc_mps(0x00000180), 32768);
}

static void test_cc(void)
{
	/* the Linux nvme driver's CC: EN, IOSQES 6, IOCQES 4 */
	decode("cc", 0x00460001);
	CHECK_FIELD("en", 1, "yes");
	CHECK_FIELD("css", 0, "NVM command set");
	CHECK_FIELD("mps", 0, "4 KiB");
	CHECK_FIELD("ams", 0, "round robin");
	CHECK_FIELD("shn", 0, "no notification");
	CHECK_FIELD("iosqes", 6, "64 bytes");
	CHECK_FIELD("iocqes", 4, "16 bytes");
	CHECK_FIELD("crime", 0, "no");

	/* EN, CSS 110b, MPS 1, AMS 001b, SHN 01b: 0x4648e1 */
	decode("cc", 0x004648e1);
	CHECK_FIELD("css", 6, "all supported I/O command sets");
	CHECK_FIELD("mps", 1, "8 KiB");
	CHECK_FIELD("ams", 1, "weighted round robin with urgent priority class");
	CHECK_FIELD("shn", 1, "normal shutdown");

	decode("cc", 3 << 4 | 2 << 14 | 1 << 24);
	CHECK_FIELD("css", 3, "reserved (3)");
	CHECK_FIELD("shn", 2, "abrupt shutdown");
	CHECK_FIELD("crime", 1, "yes");
	CU_ASSERT_EQUAL(field("shn")->msb, 15);
	CU_ASSERT_EQUAL(field("shn")->lsb, 14);
}

static void test_csts(void)
{
	decode("csts", 0x1);
	CHECK_FIELD("rdy", 1, "yes");
	CHECK_FIELD("cfs", 0, "no");
	CHECK_FIELD("shst", 0, "normal operation");
	decode("csts", 0x9);
	CHECK_FIELD("shst", 2, "shutdown processing complete");
	decode("csts", 0x5);
	CHECK_FIELD("shst", 1, "shutdown processing occurring");
	decode("csts", 0x2 | 0x10 | 0x20 | 0x40);
	CHECK_FIELD("rdy", 0, "no");
	CHECK_FIELD("cfs", 1, "yes");
	CHECK_FIELD("nssro", 1, "yes");
	CHECK_FIELD("pp", 1, "yes");
	CHECK_FIELD("st", 1, "NVM subsystem shutdown");
	decode("csts", 0xc);
	CHECK_FIELD("shst", 3, "reserved (3)");
}

static void test_vs_aqa_asq(void)
{
	char buf[16];

	decode("vs", 0x00010400);
	CHECK_FIELD("mjr", 1, "1");
	CHECK_FIELD("mnr", 4, "4");
	CHECK_FIELD("ter", 0, "0");
	CU_ASSERT_STRING_EQUAL(nvmetest_vs_str(0x00020001, buf, sizeof(buf)), "2.0.1");
	CU_ASSERT_STRING_EQUAL(nvmetest_vs_str(0x00010300, buf, sizeof(buf)), "1.3.0");

	decode("aqa", 0x001f003f);
	CHECK_FIELD("asqs", 0x3f, "64 entries");
	CHECK_FIELD("acqs", 0x1f, "32 entries");

	decode("asq", 0x0000000123456000ULL);
	CHECK_FIELD("asqb", 0x123456, "0x0000000123456000");
	CU_ASSERT_EQUAL(field("asqb")->msb, 63);
	CU_ASSERT_EQUAL(field("asqb")->lsb, 12);
}

/* Fields libnvme 1.3 lacks or gets wrong: checked against the spec. */
static void test_libnvme_gaps(void)
{
	/* CRTO: CRIMT 31:16 = 20 (10 s), CRWMT 15:0 = 40 (20 s) */
	decode("crto", 0x00140028);
	CHECK_FIELD("crimt", 20, "10000 ms");
	CHECK_FIELD("crwmt", 40, "20000 ms");

	/* BPRSEL.BPROF is 20 bits (29:10): 0x80000 x 4 KiB = 2 GiB */
	decode("bprsel", 0x80000u << 10 | 0x10 | 1u << 31);
	CHECK_FIELD("bprof", 0x80000, "2 GiB");
	CHECK_FIELD("bprsz", 0x10, "64 KiB");
	CHECK_FIELD("bpid", 1, "1");

	/* PMRSWTP: 5 KiB/s */
	decode("pmrswtp", 5 << 8 | 1);
	CHECK_FIELD("pmrswtu", 1, "1 KiB/s");
	CHECK_FIELD("pmrswtv", 5, "5 KiB/s");

	/* CMBEBS: 3 MiB, read bypass */
	decode("cmbebs", 3 << 8 | 1 << 4 | 2);
	CHECK_FIELD("cmbszu", 2, "1 MiB");
	CHECK_FIELD("cmbrbb", 1, "yes");
	CHECK_FIELD("cmbwbz", 3, "3 MiB");

	decode("cmbswtp", 7 << 8 | 3);
	CHECK_FIELD("cmbswtv", 7, "7 GiB/s");

	/* CMBLOC: the spec's CDPMLS (bit 5) */
	decode("cmbloc", 1 << 5 | 2 | 0x123 << 12);
	CHECK_FIELD("cdpmls", 1, "yes");
	CHECK_FIELD("bir", 2, "2");
	CHECK_FIELD("ofst", 0x123, "0x123");

	decode("cmbmsc", 0x00000000fe000003ULL);
	CHECK_FIELD("cre", 1, "yes");
	CHECK_FIELD("cmse", 1, "yes");
	CHECK_FIELD("cba", 0xfe000, "0x00000000fe000000");
}

static void test_cmb_pmr_bp(void)
{
	/* CMBSZ: SZ 16 x SZU 1 MiB, SQS CQS LISTS RDS WDS */
	decode("cmbsz", 16 << 12 | 2 << 8 | 0x1f);
	CHECK_FIELD("sz", 16, "16 MiB");
	CHECK_FIELD("szu", 2, "1 MiB");
	CHECK_FIELD("wds", 1, "yes");
	decode("cmbsz", 1 << 12 | 7 << 8);
	CHECK_FIELD("sz", 1, "reserved size unit 7");

	decode("pmrcap", 5 << 16 | 1 << 8 | 2 << 5 | 1 << 3 | 1 << 10 | 1 << 24);
	CHECK_FIELD("pmrto", 5, "5 min");
	CHECK_FIELD("pmrtu", 1, "minutes");
	CHECK_FIELD("bir", 2, "2");
	CHECK_FIELD("rds", 1, "yes");
	CHECK_FIELD("wds", 0, "no");
	CHECK_FIELD("cmss", 1, "yes");
	CHECK_FIELD("pmrwbm", 1, "completion of a PMR memory read orders prior writes");
	decode("pmrcap", 4 << 16);
	CHECK_FIELD("pmrto", 4, "2000 ms");

	decode("pmrsts", 0x1 << 9 | 0x100 | 0x12);
	CHECK_FIELD("hsts", 1, "restore error");
	CHECK_FIELD("nrdy", 1, "yes");
	CHECK_FIELD("err", 0x12, "0x12");

	decode("pmrebs", 3 << 8 | 1 << 4 | 2);
	CHECK_FIELD("pmrwbz", 3, "3 MiB");

	decode("bpinfo", 1u << 31 | 2 << 24 | 4);
	CHECK_FIELD("bpsz", 4, "512 KiB");
	CHECK_FIELD("brs", 2, "boot partition read completed successfully");
	CHECK_FIELD("abpid", 1, "1");
}

static void test_presence(void)
{
	struct nvmetest_reg_env env = { .bar0_len = 0x4000, .cap = 0, .vs = 0x00010400 };
	const struct nvmetest_reg *t;
	unsigned int n, present = 0;

#define PRESENT(name) nvmetest_reg_is_present(nvmetest_reg_find(name), &env)
	CU_ASSERT(PRESENT("cap"));
	CU_ASSERT(PRESENT("cmbsz"));
	CU_ASSERT(PRESENT("intms"));
	CU_ASSERT(!PRESENT("cmbloc"));
	CU_ASSERT(!PRESENT("cmbmsc"));
	CU_ASSERT(!PRESENT("bpinfo"));
	CU_ASSERT(!PRESENT("pmrcap"));
	CU_ASSERT(!PRESENT("nssr"));
	CU_ASSERT(!PRESENT("nssd"));
	CU_ASSERT(!PRESENT("crto"));

	/* MSI-X on: INTMS/INTMC are off limits */
	env.msix_enabled = true;
	CU_ASSERT(!PRESENT("intms"));
	CU_ASSERT(!PRESENT("intmc"));

	/* a pre-1.4 CMB is seen through CMBSZ alone */
	env.cmbsz = 0x1021f;
	CU_ASSERT(PRESENT("cmbloc"));
	CU_ASSERT(PRESENT("cmbswtp"));

	env.cap = CAP_ALL;
	CU_ASSERT(PRESENT("pmrcap"));
	CU_ASSERT(PRESENT("pmrmscu"));
	CU_ASSERT(PRESENT("nssr"));
	CU_ASSERT(PRESENT("nssd"));
	CU_ASSERT(PRESENT("crto"));
	CU_ASSERT(!PRESENT("bprsel"));
	env.cap |= 1ULL << 45;
	CU_ASSERT(PRESENT("bprsel"));

	/* PMR registers (at 0xe00) beyond a small BAR0 are not read */
	env.bar0_len = 0x800;
	CU_ASSERT(!PRESENT("pmrcap"));
	CU_ASSERT(PRESENT("crto"));
	env.bar0_len = 0x10;
	CU_ASSERT(PRESENT("cap"));
	CU_ASSERT(!PRESENT("cc"));

	/* CRTO also by version 2.0 */
	env = (struct nvmetest_reg_env){ .bar0_len = 0x4000, .vs = 0x00020000 };
	CU_ASSERT(PRESENT("crto"));

	env = (struct nvmetest_reg_env){ .bar0_len = 0x4000, .cap = CAP_ALL | 1ULL << 45,
					 .cmbsz = 1 };
	t = nvmetest_reg_table(&n);
	for (unsigned int i = 0; i < n; i++)
		present += nvmetest_reg_is_present(&t[i], &env);
	CU_ASSERT_EQUAL(present, n);
#undef PRESENT
}

static CU_TestInfo tests[] = {
	{ "table is consistent", test_table_consistent },
	{ "find by name and offset", test_find },
	{ "CAP decode", test_cap },
	{ "CAP/CC helpers", test_cap_helpers },
	{ "CC decode", test_cc },
	{ "CSTS decode", test_csts },
	{ "VS, AQA, ASQ decode", test_vs_aqa_asq },
	{ "fields libnvme lacks or gets wrong", test_libnvme_gaps },
	{ "CMB, PMR, boot partition decode", test_cmb_pmr_bp },
	{ "which registers are present", test_presence },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "regs", .pTests = tests },
	CU_SUITE_INFO_NULL,
};

int main(void)
{
	return unit_run(suites);
}
