// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the expected transfer of a command (core/xfer.c,
 * compiled into this program): the lengths the NVMe specifications give
 * for each admin and NVM command the driver knows, the formats that change
 * them (extended LBAs, separate metadata, PRACT), and what stays unknown.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "core/xfer.h"
#include "unit.h"

struct sqe {
	uint8_t b[64];
};

static struct sqe sqe_make(uint8_t opcode)
{
	struct sqe s;

	memset(&s, 0, sizeof(s));
	s.b[0] = opcode;
	return s;
}

static void sqe_dw(struct sqe *s, unsigned int i, uint32_t v)
{
	s->b[4 * i] = v & 0xff;
	s->b[4 * i + 1] = (v >> 8) & 0xff;
	s->b[4 * i + 2] = (v >> 16) & 0xff;
	s->b[4 * i + 3] = v >> 24;
}

static struct nvmt_xfer expect(const struct sqe *s, bool admin,
			       const struct nvmt_xfer_ns *ns)
{
	static const struct nvmt_xfer_ns none;
	struct nvmt_xfer x;

	memset(&x, 0xa5, sizeof(x));
	nvmt_xfer_expect(s->b, admin, ns ? ns : &none, &x);
	return x;
}

static const struct nvmt_xfer_ns ns512 = { 512, 0, 0, 0 };
static const struct nvmt_xfer_ns ns_sep64 = { 512, 64, 0, 0 };
static const struct nvmt_xfer_ns ns_ext8 = { 4096, 8, 1, 0 };
static const struct nvmt_xfer_ns ns_ext8_pi = { 4096, 8, 1, 1 };
static const struct nvmt_xfer_ns ns_ext16_pi = { 4096, 16, 1, 1 };

static void test_rw(void)
{
	struct sqe s = sqe_make(0x02);
	struct nvmt_xfer x;

	sqe_dw(&s, 12, 63);		/* NLB 0's based: 64 blocks */
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data_known && x.data == 64 * 512);
	CU_ASSERT(x.meta_known && x.meta == 0);

	s.b[0] = 0x01;
	x = expect(&s, false, &ns_sep64);
	CU_ASSERT(x.data_known && x.data == 64 * 512);
	CU_ASSERT(x.meta_known && x.meta == 64 * 64);

	s.b[0] = 0x05;
	x = expect(&s, false, &ns_ext8);
	CU_ASSERT(x.data_known && x.data == 64 * 4104);
	CU_ASSERT(x.meta_known && x.meta == 0);

	/* The full 16-bit NLB. */
	sqe_dw(&s, 12, 0xffff);
	s.b[0] = 0x02;
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data == 65536ull * 512);

	/* Zone Append moves data like Write. */
	s = sqe_make(0x7d);
	sqe_dw(&s, 12, 7);
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data_known && x.data == 8 * 512);
}

static void test_pract(void)
{
	struct sqe s = sqe_make(0x02);
	struct nvmt_xfer x;

	sqe_dw(&s, 12, 1u << 29 | 3);
	x = expect(&s, false, &ns_ext8_pi);
	CU_ASSERT(x.data_known && x.data == 4 * 4096);
	/* PRACT without PI enabled changes nothing. */
	x = expect(&s, false, &ns_ext8);
	CU_ASSERT(x.data_known && x.data == 4 * 4104);
	/* 16 bytes with PRACT: PI alone or PI and metadata, not known. */
	x = expect(&s, false, &ns_ext16_pi);
	CU_ASSERT(!x.data_known);
	sqe_dw(&s, 12, 3);
	x = expect(&s, false, &ns_ext16_pi);
	CU_ASSERT(x.data_known && x.data == 4 * 4112);
}

static void test_unknown_namespace(void)
{
	struct sqe s = sqe_make(0x02);
	struct nvmt_xfer x;

	sqe_dw(&s, 12, 7);
	x = expect(&s, false, NULL);
	CU_ASSERT(!x.data_known);
	CU_ASSERT(!x.meta_known);
	/* Commands without LBA data do not need the format. */
	s = sqe_make(0x09);
	sqe_dw(&s, 10, 3);
	x = expect(&s, false, NULL);
	CU_ASSERT(x.data_known && x.data == 4 * 16);
}

static void test_io_others(void)
{
	struct sqe s;
	struct nvmt_xfer x;
	static const uint8_t none[] = { 0x00, 0x04, 0x08, 0x0c };
	unsigned int i;

	for (i = 0; i < sizeof(none); i++) {
		s = sqe_make(none[i]);
		sqe_dw(&s, 12, 99);
		x = expect(&s, false, &ns_sep64);
		CU_ASSERT(x.data_known && x.data == 0);
		CU_ASSERT(x.meta_known && x.meta == 0);
	}
	s = sqe_make(0x19);		/* Copy, format 1, 2 ranges */
	sqe_dw(&s, 12, 1u << 8 | 1);
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data_known && x.data == 80);
	sqe_dw(&s, 12, 0u << 8 | 0);
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data_known && x.data == 32);
	sqe_dw(&s, 12, 4u << 8);
	x = expect(&s, false, &ns512);
	CU_ASSERT(!x.data_known);
	s = sqe_make(0x0e);		/* Reservation Report, NUMD 0's based */
	sqe_dw(&s, 10, 1023);
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data_known && x.data == 4096);
	s = sqe_make(0x7a);		/* Zone Management Receive */
	sqe_dw(&s, 12, 1);
	x = expect(&s, false, &ns512);
	CU_ASSERT(x.data_known && x.data == 8);
	s = sqe_make(0x0d);
	CU_ASSERT(expect(&s, false, &ns512).data == 16);
	s = sqe_make(0x15);
	CU_ASSERT(expect(&s, false, &ns512).data == 8);
}

static void test_io_vendor(void)
{
	struct sqe s = sqe_make(0x82);
	struct nvmt_xfer x;

	x = expect(&s, false, &ns512);
	CU_ASSERT(!x.data_known);
	/* No separate metadata on the namespace: nothing through MPTR. */
	CU_ASSERT(x.meta_known && x.meta == 0);
	x = expect(&s, false, &ns_sep64);
	CU_ASSERT(!x.data_known);
	CU_ASSERT(!x.meta_known);
}

static void test_admin(void)
{
	struct sqe s;
	struct nvmt_xfer x;

	s = sqe_make(0x06);
	sqe_dw(&s, 10, 1);
	x = expect(&s, true, NULL);
	CU_ASSERT(x.data_known && x.data == 4096);
	CU_ASSERT(x.meta_known && x.meta == 0);

	s = sqe_make(0x02);		/* Get Log Page: NUMDL 0x3ff, NUMDU 1 */
	sqe_dw(&s, 10, 0x3ffu << 16 | 0x02);
	sqe_dw(&s, 11, 1);
	x = expect(&s, true, NULL);
	CU_ASSERT(x.data_known && x.data == ((1ull << 16 | 0x3ff) + 1) * 4);

	s = sqe_make(0x0a);		/* Get Features LBA Range Type */
	sqe_dw(&s, 10, 0x03);
	CU_ASSERT(expect(&s, true, NULL).data == 4096);
	sqe_dw(&s, 10, 3u << 8 | 0x03);	/* SEL 3: DW0 only */
	x = expect(&s, true, NULL);
	CU_ASSERT(x.data_known && x.data == 0);
	sqe_dw(&s, 10, 0x07);		/* Number of Queues */
	x = expect(&s, true, NULL);
	CU_ASSERT(x.data_known && x.data == 0);
	sqe_dw(&s, 10, 0x81);		/* Host Identifier */
	CU_ASSERT(expect(&s, true, NULL).data == 8);
	sqe_dw(&s, 11, 1);
	CU_ASSERT(expect(&s, true, NULL).data == 16);
	sqe_dw(&s, 10, 0xc0);		/* vendor specific feature */
	CU_ASSERT(!expect(&s, true, NULL).data_known);

	s = sqe_make(0x09);		/* Set Features Timestamp */
	sqe_dw(&s, 10, 0x0e);
	CU_ASSERT(expect(&s, true, NULL).data == 8);

	s = sqe_make(0x11);		/* Firmware Image Download */
	sqe_dw(&s, 10, 255);
	CU_ASSERT(expect(&s, true, NULL).data == 1024);
	s = sqe_make(0x82);		/* Security Receive: AL bytes */
	sqe_dw(&s, 11, 1234);
	CU_ASSERT(expect(&s, true, NULL).data == 1234);
	s = sqe_make(0x0d);		/* Namespace Management */
	CU_ASSERT(expect(&s, true, NULL).data == 4096);
	sqe_dw(&s, 10, 1);
	x = expect(&s, true, NULL);
	CU_ASSERT(x.data_known && x.data == 0);
	sqe_dw(&s, 10, 7);
	CU_ASSERT(!expect(&s, true, NULL).data_known);
	s = sqe_make(0x80);		/* Format NVM */
	x = expect(&s, true, NULL);
	CU_ASSERT(x.data_known && x.data == 0);
	s = sqe_make(0xc2);		/* vendor specific */
	x = expect(&s, true, NULL);
	CU_ASSERT(!x.data_known);
	CU_ASSERT(x.meta_known && x.meta == 0);
}

int main(void)
{
	static CU_TestInfo tests[] = {
		{ "read/write/compare", test_rw },
		{ "PRACT", test_pract },
		{ "unknown namespace", test_unknown_namespace },
		{ "other NVM commands", test_io_others },
		{ "vendor IO", test_io_vendor },
		{ "admin", test_admin },
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{ .pName = "xfer", .pTests = tests },
		CU_SUITE_INFO_NULL,
	};

	return unit_run(suites);
}
