/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/crc32c.c: CRC32C and the LBA stamp, computed the way the
 * driver's data verification does (pure).
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_CRC32C_H
#define NVMETEST_CRC32C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * nvmetest_crc32c - CRC32C (Castagnoli), the kernel's crc32c() semantics
 * @crc: the register to start from (no inversion is applied)
 * @buf: data
 * @len: bytes
 *
 * Pure. A raw update, as the kernel's crc32c(): the conventional CRC32C
 * of a buffer is ~nvmetest_crc32c(~0, buf, len), and a CRC can be
 * continued over several pieces by passing the previous raw result. Uses
 * the SSE4.2 crc32 instruction when the CPU has it, else a slicing-by-8
 * table.
 *
 * Return: the new register value.
 */
uint32_t nvmetest_crc32c(uint32_t crc, const void *buf, size_t len);

/**
 * nvmetest_crc_remap - a CRC as the map stores it
 * @crc: ~crc32c(~0, data)
 *
 * Pure. The values NVMETEST_CRC_UNKNOWN, _ZEROES and _UNCORRECTABLE (0, 1,
 * 2) are reserved: a CRC equal to one of them becomes it + 3
 * (NVMETEST_CRC_REMAP); other values are returned as they are.
 *
 * Return: the map value.
 */
uint32_t nvmetest_crc_remap(uint32_t crc);

/**
 * nvmetest_lba_crc - the CRC map value of one LBA's data
 * @buf: the LBA's data (stamped, as written)
 * @len: the LBA size
 *
 * Pure. nvmetest_crc_remap(~nvmetest_crc32c(~0, buf, len)): exactly what
 * the driver stores for a write and what VERIFY_DUMP returns.
 *
 * Return: the map value.
 */
uint32_t nvmetest_lba_crc(const void *buf, size_t len);

/**
 * nvmetest_lba_stamp - stamp one LBA's data as the driver does
 * @buf:      the LBA's data
 * @lba_size: bytes of the LBA (16 or more)
 * @lba:      written to bytes 0-7, little-endian
 * @token:    written to the last 8 bytes, little-endian
 *
 * Pure. The driver stamps every LBA it writes with verification on (the
 * token is its per-controller write token), so a test can predict the
 * CRC of data it wrote: stamp a copy, then nvmetest_lba_crc().
 *
 * Return: 0, -EINVAL when @lba_size is under 16.
 */
int nvmetest_lba_stamp(void *buf, size_t lba_size, uint64_t lba, uint64_t token);

/**
 * nvmetest_lba_stamp_parse - read the stamp of one LBA's data
 * @buf:      the LBA's data, as read
 * @lba_size: bytes of the LBA (16 or more)
 * @lba:      output, may be NULL: bytes 0-7
 * @token:    output, may be NULL: the last 8 bytes
 *
 * Pure.
 *
 * Return: 0, -EINVAL when @lba_size is under 16.
 */
int nvmetest_lba_stamp_parse(const void *buf, size_t lba_size, uint64_t *lba,
			     uint64_t *token);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_CRC32C_H */
