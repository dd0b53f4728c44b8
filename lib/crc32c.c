// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78) as the kernel's
 * crc32c() computes it: a raw update of the register, no inversion in or
 * out. The map value of an LBA (nvmetest_lba_crc()) is ~crc32c(~0, data)
 * with the three reserved values remapped, as nvmetest.ko stores it.
 *
 * Two implementations: the SSE4.2 crc32 instruction (x86-64, compiled with
 * a target attribute and chosen at run time) and a portable slicing-by-8
 * table; the unit tests check both against the same vectors. Also the LBA
 * stamp the driver writes into every block it writes with verification
 * on (bytes 0-7 the LBA, the last 8 bytes the write token, little-endian).
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "private.h"

#define CRC32C_POLY	0x82F63B78U

static uint32_t crc_table[8][256];

/* The tables are computed once, when the library is loaded. */
__attribute__((constructor))
static void crc32c_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ CRC32C_POLY : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^
					  crc_table[0][crc_table[t - 1][i] & 0xff];
}

uint32_t nvmt_crc32c_sw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	/* bytewise up to 8-byte alignment, then 8 bytes a step */
	while (len && ((uintptr_t)p & 7)) {
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
		len--;
	}
	while (len >= 8) {
		uint32_t lo, hi;

		memcpy(&lo, p, 4);
		memcpy(&hi, p + 4, 4);
		lo = le32toh(lo) ^ crc;
		hi = le32toh(hi);
		crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
		      crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
		      crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
		      crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	unsigned long long c = crc;

	while (len && ((uintptr_t)p & 7)) {
		c = __builtin_ia32_crc32qi((unsigned int)c, *p++);
		len--;
	}
	while (len >= 8) {
		unsigned long long v;

		memcpy(&v, p, 8);
		c = __builtin_ia32_crc32di(c, v);
		p += 8;
		len -= 8;
	}
	while (len--)
		c = __builtin_ia32_crc32qi((unsigned int)c, *p++);
	return (uint32_t)c;
}

bool nvmt_crc32c_hw_available(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("sse4.2");
}

uint32_t nvmt_crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	return nvmt_crc32c_hw_available() ? crc32c_sse42(crc, buf, len) :
		nvmt_crc32c_sw(crc, buf, len);
}
#else
bool nvmt_crc32c_hw_available(void)
{
	return false;
}

uint32_t nvmt_crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	return nvmt_crc32c_sw(crc, buf, len);
}
#endif

uint32_t nvmetest_crc32c(uint32_t crc, const void *buf, size_t len)
{
	static int hw = -1;
	int use_hw = __atomic_load_n(&hw, __ATOMIC_RELAXED);

	/* a benign race: every thread computes the same answer */
	if (use_hw < 0) {
		use_hw = nvmt_crc32c_hw_available();
		__atomic_store_n(&hw, use_hw, __ATOMIC_RELAXED);
	}
#if defined(__x86_64__)
	if (use_hw)
		return crc32c_sse42(crc, buf, len);
#endif
	return nvmt_crc32c_sw(crc, buf, len);
}

uint32_t nvmetest_crc_remap(uint32_t crc)
{
	return crc <= NVMETEST_CRC_UNCORRECTABLE ? crc + NVMETEST_CRC_REMAP : crc;
}

uint32_t nvmetest_lba_crc(const void *buf, size_t len)
{
	return nvmetest_crc_remap(~nvmetest_crc32c(~0U, buf, len));
}

int nvmetest_lba_stamp(void *buf, size_t lba_size, uint64_t lba, uint64_t token)
{
	if (lba_size < 16)
		return -EINVAL;
	nvmt_put_le64(buf, lba);
	nvmt_put_le64((uint8_t *)buf + lba_size - 8, token);
	return 0;
}

int nvmetest_lba_stamp_parse(const void *buf, size_t lba_size, uint64_t *lba,
			     uint64_t *token)
{
	if (lba_size < 16)
		return -EINVAL;
	if (lba)
		*lba = nvmt_get_le64(buf);
	if (token)
		*token = nvmt_get_le64((const uint8_t *)buf + lba_size - 8);
	return 0;
}
