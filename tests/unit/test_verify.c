// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of data verification without a device: CRC32C (the
 * SSE4.2 and the table implementations) against the RFC 3720 vectors and
 * each other, the map value and its remap of the reserved values (with
 * buffers forged to hit them), the LBA stamp, the names of states,
 * entries and failure kinds, the host status VERIFY_FAILED, the parsing
 * of verify-map, and the JSON shapes of its outputs.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "private.h"
#include "unit.h"

typedef uint32_t (*crc_fn)(uint32_t crc, const void *buf, size_t len);

static const struct {
	const char *name;
	crc_fn fn;
} impls[] = {
	{ "sw", nvmt_crc32c_sw },
	{ "hw", nvmt_crc32c_hw },
	{ "auto", nvmetest_crc32c },
};

/* --- CRC32C ---------------------------------------------------------------- */

static void test_crc_vectors(void)
{
	uint8_t buf[32];

	for (unsigned int i = 0; i < ARGC(impls); i++) {
		crc_fn f = impls[i].fn;

		memset(buf, 0, sizeof(buf));
		CU_ASSERT_EQUAL(~f(~0U, buf, 32), 0x8A9136AA);
		memset(buf, 0xff, sizeof(buf));
		CU_ASSERT_EQUAL(~f(~0U, buf, 32), 0x62A8AB43);
		for (int k = 0; k < 32; k++)
			buf[k] = (uint8_t)k;
		CU_ASSERT_EQUAL(~f(~0U, buf, 32), 0x46DD794E);
		for (int k = 0; k < 32; k++)
			buf[k] = (uint8_t)(31 - k);
		CU_ASSERT_EQUAL(~f(~0U, buf, 32), 0x113FDB5C);
		CU_ASSERT_EQUAL(~f(~0U, "123456789", 9), 0xE3069283);
		/* nothing in, nothing changed: a raw update */
		CU_ASSERT_EQUAL(f(0x12345678, buf, 0), 0x12345678);
	}
	/* the map value of the known vectors: no reserved value, no remap */
	CU_ASSERT_EQUAL(nvmetest_lba_crc("123456789", 9), 0xE3069283);
}

static void test_crc_hw_sw(void)
{
	size_t size = 64 * 1024 + 7;
	uint8_t *buf = malloc(size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	srand(42);
	for (size_t i = 0; i < size; i++)
		buf[i] = (uint8_t)rand();
	/* every length and misalignment around the 8-byte steps */
	for (size_t off = 0; off < 9; off++)
		for (size_t len = 0; len < 80; len++)
			CU_ASSERT_EQUAL(nvmt_crc32c_hw(~0U, buf + off, len),
					nvmt_crc32c_sw(~0U, buf + off, len));
	for (int r = 0; r < 200; r++) {
		size_t off = (size_t)rand() % 64, len = (size_t)rand() % (size - 64);
		uint32_t seed = (uint32_t)rand();

		CU_ASSERT_EQUAL(nvmt_crc32c_hw(seed, buf + off, len),
				nvmt_crc32c_sw(seed, buf + off, len));
	}
	/* a CRC continues over pieces */
	CU_ASSERT_EQUAL(nvmetest_crc32c(nvmetest_crc32c(~0U, buf, 1000), buf + 1000, 3096),
			nvmetest_crc32c(~0U, buf, 4096));
	CU_ASSERT_EQUAL(nvmt_crc32c_sw(nvmt_crc32c_sw(~0U, buf, 13), buf + 13, 4083),
			nvmt_crc32c_hw(~0U, buf, 4096));
	free(buf);
}

/*
 * Forge the last 4 bytes of @buf (@len >= 4) so that ~crc32c(~0, buf)
 * is @want: after four bytes the register depends on the table indices
 * only, so they are found from the target backwards and the bytes chosen
 * forwards.
 */
static void forge(uint8_t *buf, size_t len, uint32_t want)
{
	uint32_t t[256], reg, rem = ~want;
	uint8_t k[4];

	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int b = 0; b < 8; b++)
			c = c & 1 ? (c >> 1) ^ 0x82F63B78U : c >> 1;
		t[i] = c;
	}
	/* index of step j contributes t[k[j]] >> (8 * (3 - j)) */
	for (int j = 3; j >= 0; j--) {
		unsigned int shift = 8 * (3 - (unsigned int)j);
		uint32_t top = (rem >> (24 - shift)) & 0xff;

		for (uint32_t i = 0; i < 256; i++)
			if (t[i] >> 24 == top)
				k[j] = (uint8_t)i;
		rem ^= t[k[j]] >> shift;
	}
	reg = nvmt_crc32c_sw(~0U, buf, len - 4);
	for (int j = 0; j < 4; j++) {
		buf[len - 4 + j] = (uint8_t)((reg ^ k[j]) & 0xff);
		reg = (reg >> 8) ^ t[k[j]];
	}
}

static void test_crc_remap(void)
{
	uint8_t lba[512];

	CU_ASSERT_EQUAL(nvmetest_crc_remap(0), 3);
	CU_ASSERT_EQUAL(nvmetest_crc_remap(1), 4);
	CU_ASSERT_EQUAL(nvmetest_crc_remap(2), 5);
	CU_ASSERT_EQUAL(nvmetest_crc_remap(3), 3);
	CU_ASSERT_EQUAL(nvmetest_crc_remap(0xffffffff), 0xffffffff);

	for (uint32_t want = 0; want < 8; want++) {
		for (size_t i = 0; i < sizeof(lba); i++)
			lba[i] = (uint8_t)(i * 7 + want);
		forge(lba, sizeof(lba), want);
		CU_ASSERT_EQUAL(~nvmt_crc32c_sw(~0U, lba, sizeof(lba)), want);
		CU_ASSERT_EQUAL(~nvmt_crc32c_hw(~0U, lba, sizeof(lba)), want);
		CU_ASSERT_EQUAL(nvmetest_lba_crc(lba, sizeof(lba)),
				want <= 2 ? want + NVMETEST_CRC_REMAP : want);
	}
}

static void test_stamp(void)
{
	uint8_t lba[4096], small[15];
	uint64_t l = 0, tok = 0, le;

	memset(lba, 0xa5, sizeof(lba));
	CU_ASSERT_EQUAL(nvmetest_lba_stamp(lba, sizeof(lba), 117, 0x1122334455667788ULL), 0);
	memcpy(&le, lba, 8);
	CU_ASSERT_EQUAL(le64toh(le), 117);
	CU_ASSERT_EQUAL(lba[0], 117);
	CU_ASSERT_EQUAL(lba[4088], 0x88);
	CU_ASSERT_EQUAL(lba[4095], 0x11);
	CU_ASSERT_EQUAL(lba[8], 0xa5);
	CU_ASSERT_EQUAL(lba[4087], 0xa5);
	CU_ASSERT_EQUAL(nvmetest_lba_stamp_parse(lba, sizeof(lba), &l, &tok), 0);
	CU_ASSERT_EQUAL(l, 117);
	CU_ASSERT_EQUAL(tok, 0x1122334455667788ULL);
	CU_ASSERT_EQUAL(nvmetest_lba_stamp_parse(lba, 512, NULL, &tok), 0);
	CU_ASSERT_EQUAL(tok, 0xa5a5a5a5a5a5a5a5ULL);
	/* 16 bytes: the stamps meet */
	CU_ASSERT_EQUAL(nvmetest_lba_stamp(lba, 16, 1, 2), 0);
	CU_ASSERT_EQUAL(nvmetest_lba_stamp_parse(lba, 16, &l, &tok), 0);
	CU_ASSERT_EQUAL(l, 1);
	CU_ASSERT_EQUAL(tok, 2);
	CU_ASSERT_EQUAL(nvmetest_lba_stamp(small, sizeof(small), 1, 2), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_lba_stamp_parse(small, sizeof(small), &l, &tok), -EINVAL);
}

/* --- names ------------------------------------------------------------------ */

static void test_names(void)
{
	char buf[16];

	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(NVMETEST_HOST_VERIFY_FAILED),
			       "VERIFY_FAILED");
	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(NVMETEST_HOST_OVERRUN),
			       "OVERRUN");
	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(NVMETEST_HOST_ABORTED_PCI_RESET),
			       "ABORTED_PCI_RESET");
	CU_ASSERT_STRING_EQUAL(nvmetest_host_status_name(8), "UNKNOWN");
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_OVERRUN), -EOVERFLOW);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_ABORTED_PCI_RESET),
			-ECANCELED);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(8), -EIO);
	CU_ASSERT_STRING_EQUAL(nvmetest_reset_name(NVMETEST_RESET_FLR), "flr");
	CU_ASSERT_STRING_EQUAL(nvmetest_reset_name(0), "none");
	CU_ASSERT_STRING_EQUAL(nvmetest_reset_name(99), "none");
	CU_ASSERT_STRING_EQUAL(nvmetest_why_name(NVMETEST_WHY_NONE), "");
	CU_ASSERT_STRING_EQUAL(nvmetest_why_name(99), "unknown reason");
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_why_name(NVMETEST_WHY_NO_NSSRS), "NSSRS"));
	CU_ASSERT_STRING_EQUAL(nvmetest_reset_name(NVMETEST_RESET_LINK), "link");
	CU_ASSERT_STRING_EQUAL(nvmetest_reset_name(NVMETEST_RESET_PCI_ERROR), "pci-error");
	/* every reason up to the last has words */
	for (uint32_t w = NVMETEST_WHY_NOT_D0; w <= NVMETEST_WHY_PEER_TOO_MANY; w++)
		CU_ASSERT_STRING_NOT_EQUAL(nvmetest_why_name(w), "unknown reason");
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_why_name(NVMETEST_WHY_NO_ASPM), "both ends"));
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_why_name(NVMETEST_WHY_PEER_BUSY), "subsystem"));
	CU_ASSERT_STRING_EQUAL(nvmetest_why_name(NVMETEST_WHY_PEER_TOO_MANY + 1), "unknown reason");
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(NVMETEST_STATE_D3HOT), "d3hot");
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_VERIFY_FAILED), -EILSEQ);
	CU_ASSERT_EQUAL(nvmetest_host_status_errno(NVMETEST_HOST_TIMEOUT), -ETIMEDOUT);
	CU_ASSERT_STRING_EQUAL(nvmetest_strerror(-EILSEQ),
			       "data verification failed (see the failure log)");

	CU_ASSERT_STRING_EQUAL(nvmetest_verify_state_name(NVMETEST_VERIFY_OFF), "off");
	CU_ASSERT_STRING_EQUAL(nvmetest_verify_state_name(NVMETEST_VERIFY_ON), "on");
	CU_ASSERT_STRING_EQUAL(nvmetest_verify_state_name(NVMETEST_VERIFY_CAPPED), "capped");
	CU_ASSERT_STRING_EQUAL(nvmetest_verify_state_name(9), "unknown");

	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_name(NVMETEST_VFAIL_CRC), "crc");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_name(NVMETEST_VFAIL_LBA_STAMP), "lba_stamp");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_name(NVMETEST_VFAIL_NOT_ZERO), "not_zero");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_name(NVMETEST_VFAIL_UNCORRECTABLE),
			       "uncorrectable");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_name(NVMETEST_VFAIL_NEITHER), "neither");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_name(0), "unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_desc(NVMETEST_VFAIL_CRC), "crc mismatch");
	CU_ASSERT_STRING_EQUAL(nvmetest_vfail_kind_desc(77), "unknown failure");

	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_str(NVMETEST_CRC_UNKNOWN, buf, sizeof(buf)),
			       "unknown");
	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_str(NVMETEST_CRC_ZEROES, buf, sizeof(buf)),
			       "zeroes");
	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_str(NVMETEST_CRC_UNCORRECTABLE, buf,
						      sizeof(buf)), "uncorrectable");
	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_str(3, buf, sizeof(buf)), "0x00000003");
	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_str(0xE3069283, buf, sizeof(buf)),
			       "0xe3069283");
	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_kind(0xE3069283), "crc");
	CU_ASSERT_STRING_EQUAL(nvmetest_crc_entry_kind(NVMETEST_CRC_ZEROES), "zeroes");
}

/* --- CLI ----------------------------------------------------------------------- */

/* The action of a command line that parses; -EINVAL (message on stderr) */
static int action(void)
{
	int ret;

	capture_begin();
	ret = cli_verify_action(&unit_args);
	capture_end();
	return ret;
}

static void test_parse(void)
{
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_STATUS);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--status", "-n", "2", "-o", "json"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_STATUS);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_NSID], 2);
	CU_ASSERT_EQUAL(unit_args.format, CLI_FMT_JSON);

	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--enable", "-n", "1"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_CONFIG);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_V_ENABLE));
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--disable"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_CONFIG);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--clear"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_CONFIG);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--enable", "--cap", "0x100000"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_CONFIG);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_V_CAP], 0x100000);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--cap=0"), 0);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_V_CAP));

	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--dump", "-s", "117", "-c", "8"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_DUMP);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_START_BLOCK], 117);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_V_COUNT], 8);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--dump", "--count=65536"), 0);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--dump", "-c", "65537"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_err, "-c/--count 65537 is out of range (at most 65536)");

	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--failures", "--clear-log"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_FAILURES);
	CU_ASSERT(cli_given(&unit_args, CLI_OPT_V_CLEAR_LOG));

	/* conflicts */
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--enable", "--disable"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--dump", "--failures"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--status", "--clear"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--clear-log"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "-s", "4"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--failures", "-n", "1"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--clear", "5"), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(unit_err, "missing DEV");

	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--save", "m.bin", "-n", "2"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_SAVE);
	CU_ASSERT_STRING_EQUAL(unit_args.str[CLI_OPT_V_SAVE], "m.bin");
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--load=m.bin", "--force"), 0);
	CU_ASSERT_EQUAL(action(), CLI_VERIFY_LOAD);
	CU_ASSERT(unit_args.force);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--save", "a", "--load", "b"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--save", "a", "--enable"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--save", "a", "--force"), 0);
	CU_ASSERT_EQUAL(action(), -EINVAL);
	CU_ASSERT_EQUAL(PARSE("verify-map", "nvmetest0", "--save"), -EINVAL);

	/* the NVM Verify command keeps its name and options */
	CU_ASSERT_EQUAL(PARSE("verify", "nvmetest0", "-s", "4", "-c", "3"), 0);
	CU_ASSERT_EQUAL(unit_args.num[CLI_OPT_BLOCK_COUNT], 3);
}

static void test_no_device(void)
{
	const char *e;

	RUN("verify-map", "/nonexistent/nvmetest9", "--status");
	e = capture_stderr();
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_FAIL);
	CU_ASSERT(!strncmp(e, "nvmetest: verify-map: /nonexistent/nvmetest9: ", 46));

	RUN("verify-map", "/nonexistent/nvmetest9", "--enable", "--disable");
	CU_ASSERT_EQUAL(unit_status, CLI_EXIT_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(capture_stderr(), "--enable and --disable"));
}

/* --- JSON shapes ------------------------------------------------------------------ */

static bool is_null(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && !v;
}

static void test_json(void)
{
	struct nvmetest_verify_status st = {
		.nsid = 1, .state = NVMETEST_VERIFY_CAPPED, .lba_size = 512, .chunk_lbas = 4096,
		.mem_used = 16384, .mem_cap = 16384, .chunks = 1, .lbas_written = 4096,
		.lbas_verified = 100, .lbas_untracked = 8, .failures = 2,
	};
	struct nvmetest_verify_failure f = {
		.time_ns = 123, .lba = 117, .nsid = 1, .kind = NVMETEST_VFAIL_LBA_STAMP,
		.expected_crc = 0xdeadbeef, .found_crc = 0x12345678, .found_lba = 118,
		.found_token = 9, .read_qid = 1, .read_cid = 4, .read_seq = 77,
		.write_qid = 0xffff,
	};
	struct json_object *o;

	o = unit_json_reparse(cli_json_verify_status(&st));
	CU_ASSERT_EQUAL(unit_json_int(o, "nsid"), 1);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "state"), "capped");
	CU_ASSERT_EQUAL(unit_json_int(o, "lba_size"), 512);
	CU_ASSERT_EQUAL(unit_json_int(o, "chunk_lbas"), 4096);
	CU_ASSERT_EQUAL(unit_json_int(o, "chunks"), 1);
	CU_ASSERT_EQUAL(unit_json_int(o, "mem_used"), 16384);
	CU_ASSERT_EQUAL(unit_json_int(o, "mem_cap"), 16384);
	CU_ASSERT_EQUAL(unit_json_int(o, "lbas_written"), 4096);
	CU_ASSERT_EQUAL(unit_json_int(o, "lbas_verified"), 100);
	CU_ASSERT_EQUAL(unit_json_int(o, "lbas_untracked"), 8);
	CU_ASSERT_EQUAL(unit_json_int(o, "failures"), 2);
	json_object_put(o);

	o = unit_json_reparse(cli_json_verify_entry(9, 0xa754e045));
	CU_ASSERT_EQUAL(unit_json_int(o, "lba"), 9);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "kind"), "crc");
	CU_ASSERT_EQUAL(unit_json_int(o, "value"), 0xa754e045);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "text"), "0xa754e045");
	json_object_put(o);
	o = unit_json_reparse(cli_json_verify_entry(10, NVMETEST_CRC_ZEROES));
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "kind"), "zeroes");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "text"), "zeroes");
	json_object_put(o);

	o = unit_json_reparse(cli_json_verify_failure(&f));
	CU_ASSERT_EQUAL(unit_json_int(o, "time_ns"), 123);
	CU_ASSERT_EQUAL(unit_json_int(o, "nsid"), 1);
	CU_ASSERT_EQUAL(unit_json_int(o, "lba"), 117);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "kind"), "lba_stamp");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "expected_crc"), "0xdeadbeef");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "expected"), "0xdeadbeef");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "found_crc"), "0x12345678");
	CU_ASSERT_EQUAL(unit_json_int(o, "found_lba"), 118);
	CU_ASSERT_EQUAL(unit_json_int(o, "found_token"), 9);
	CU_ASSERT_EQUAL(unit_json_int(o, "read_qid"), 1);
	CU_ASSERT_EQUAL(unit_json_int(o, "read_cid"), 4);
	CU_ASSERT_EQUAL(unit_json_int(o, "read_seq"), 77);
	CU_ASSERT(is_null(o, "write_qid"));
	CU_ASSERT(is_null(o, "write_seq"));
	CU_ASSERT(is_null(o, "write_token"));
	json_object_put(o);

	f.write_qid = 2;
	f.write_seq = 5;
	f.write_token = 6;
	f.expected_crc = NVMETEST_CRC_ZEROES;
	f.kind = NVMETEST_VFAIL_NOT_ZERO;
	o = unit_json_reparse(cli_json_verify_failure(&f));
	CU_ASSERT_EQUAL(unit_json_int(o, "write_qid"), 2);
	CU_ASSERT_EQUAL(unit_json_int(o, "write_seq"), 5);
	CU_ASSERT_EQUAL(unit_json_int(o, "write_token"), 6);
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "expected"), "zeroes");
	CU_ASSERT_STRING_EQUAL(unit_json_str(o, "kind"), "not_zero");
	json_object_put(o);
}

/* --- map files ------------------------------------------------------------------- */

struct vmap_buf {
	uint8_t b[4096];
	size_t len;
};

static void vmap_put(struct vmap_buf *f, const void *p, size_t n)
{
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static void vmap_rec(struct vmap_buf *f, uint64_t slba, uint32_t count, const uint32_t *e)
{
	uint64_t s = htole64(slba);
	uint32_t c = htole32(count), z = 0;

	vmap_put(f, &s, 8);
	vmap_put(f, &c, 4);
	vmap_put(f, &z, 4);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t v = htole32(e[i]);

		vmap_put(f, &v, 4);
	}
}

static void vmap_end(struct vmap_buf *f)
{
	uint64_t s = UINT64_MAX;
	uint32_t z = 0, crc = htole32(~nvmetest_crc32c(~0U, f->b, f->len));

	vmap_put(f, &s, 8);
	vmap_put(f, &z, 4);
	vmap_put(f, &crc, 4);
}

static const struct nvmetest_vmap_ident vmap_id = {
	.sn = "NVMT0001            ", .mn = "QEMU NVMe Ctrl", .subnqn = "nqn.2019-08.org.qemu:s",
	.nsid = 3, .nguid = { 1, 2, 3 }, .eui64 = { 0x52, 0x54 }, .lba_size = 4096, .ms = 8,
	.extended = 1, .nsze = 65536,
};

/* A file with records at LBA 8 (3 entries) and 200 (1 entry). */
static void vmap_file(struct vmap_buf *f)
{
	static const uint32_t a[] = { 0x11223344, NVMETEST_CRC_ZEROES, 7 }, b[] = { 99 };

	f->len = 0;
	nvmt_vmap_header(&vmap_id, f->b);
	f->len = 512;
	vmap_rec(f, 8, 3, a);
	vmap_rec(f, 200, 1, b);
	vmap_end(f);
}

static void test_vmap_file(void)
{
	struct nvmetest_vmap_record rec[2];
	struct nvmetest_vmap_ident id;
	struct vmap_buf f;
	size_t n = 2;

	vmap_file(&f);
	CU_ASSERT_EQUAL(f.len, 512 + 16 + 12 + 16 + 4 + 16);
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, rec, &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(memcmp(&id.sn, vmap_id.sn, sizeof(id.sn)), 0);
	CU_ASSERT_EQUAL(memcmp(&id.mn, vmap_id.mn, sizeof(id.mn)), 0);
	CU_ASSERT_EQUAL(memcmp(&id.subnqn, vmap_id.subnqn, sizeof(id.subnqn)), 0);
	CU_ASSERT_EQUAL(memcmp(id.nguid, vmap_id.nguid, sizeof(id.nguid)), 0);
	CU_ASSERT_EQUAL(memcmp(id.eui64, vmap_id.eui64, sizeof(id.eui64)), 0);
	CU_ASSERT_EQUAL(id.nsid, 3);
	CU_ASSERT_EQUAL(id.lba_size, 4096);
	CU_ASSERT_EQUAL(id.ms, 8);
	CU_ASSERT_EQUAL(id.extended, 1);
	CU_ASSERT_EQUAL(id.nsze, 65536);
	CU_ASSERT_EQUAL(rec[0].slba, 8);
	CU_ASSERT_EQUAL(rec[0].count, 3);
	CU_ASSERT_EQUAL(le32toh(*(const uint32_t *)(const void *)rec[0].entries), 0x11223344);
	CU_ASSERT_EQUAL(rec[1].slba, 200);
	CU_ASSERT_EQUAL(le32toh(*(const uint32_t *)(const void *)rec[1].entries), 99);
	/* counting only, then too little room */
	n = 0;
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	n = 1;
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, rec, &n), -ENOSPC);
}

static void test_vmap_damaged(void)
{
	static const uint32_t e[] = { 5, 6 };
	struct nvmetest_vmap_ident id;
	struct vmap_buf f;
	size_t n = 0;

	/* every single flipped bit is caught */
	vmap_file(&f);
	for (size_t i = 0; i < f.len; i++) {
		f.b[i] ^= 0x10;
		CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), -EINVAL);
		f.b[i] ^= 0x10;
	}
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), 0);
	/* truncated anywhere, or with bytes after the end */
	for (size_t len = 0; len < f.len; len++)
		CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, len, &id, NULL, &n), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len + 1, &id, NULL, &n), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "after its end"));

	/* records out of order, overlapping, past the namespace, empty: with a good CRC */
	f.len = 0;
	nvmt_vmap_header(&vmap_id, f.b);
	f.len = 512;
	vmap_rec(&f, 10, 2, e);
	vmap_rec(&f, 11, 1, e);
	vmap_end(&f);
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "out of order"));
	f.len = 512;
	vmap_rec(&f, 65535, 2, e);
	vmap_end(&f);
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), -EINVAL);
	f.len = 512;
	vmap_rec(&f, 65535, 1, e);
	vmap_rec(&f, 0, 0, e);
	vmap_end(&f);
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), -EINVAL);
	f.len = 512;
	vmap_rec(&f, 65535, 1, e);
	vmap_end(&f);
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), 0);
	CU_ASSERT_EQUAL(n, 1);
	/* another version */
	f.b[8] = 2;
	CU_ASSERT_EQUAL(nvmetest_vmap_parse(f.b, f.len, &id, NULL, &n), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "version 2"));
}

static CU_TestInfo lib_tests[] = {
	{ "CRC32C vectors (sw, hw, auto)", test_crc_vectors },
	{ "CRC32C hw == sw on random buffers", test_crc_hw_sw },
	{ "map value remap of reserved CRCs", test_crc_remap },
	{ "LBA stamp", test_stamp },
	{ "names and VERIFY_FAILED", test_names },
	{ "map file round trip", test_vmap_file },
	{ "damaged map files", test_vmap_damaged },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cli_tests[] = {
	{ "parse verify-map", test_parse },
	{ "verify-map without a device", test_no_device },
	{ "verify-map JSON", test_json },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	printf("CRC32C: SSE4.2 %s\n", nvmt_crc32c_hw_available() ? "available" : "not available (hw = sw)");
	return unit_run_lib_cli("verification library", lib_tests, "verification CLI", cli_tests);
}
