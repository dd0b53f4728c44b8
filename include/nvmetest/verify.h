/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/verify.c: data verification: the driver's CRC map (ABI
 * 1.3), its state and its failure log.
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_VERIFY_H
#define NVMETEST_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <linux/nvmetest.h>

#include <nvmetest/dev.h>

#ifdef __cplusplus
extern "C" {
#endif


/**
 * nvmetest_verify_config - NVMETEST_IOC_VERIFY_CONFIG
 * @dev:     handle
 * @nsid:    namespace, or 0xffffffff for every active namespace
 * @flags:   NVMETEST_VERIFY_ENABLE (on; without it: off),
 *	     NVMETEST_VERIFY_SET_CAP (apply @mem_cap), NVMETEST_VERIFY_CLEAR
 *	     (forget every entry and the failure state)
 * @mem_cap: map memory the namespace may use, bytes, with SET_CAP (0: the
 *	     verify_mem_cap_mb module parameter)
 *
 * Every call sets the state: to keep verification on while clearing or
 * capping, pass NVMETEST_VERIFY_ENABLE too. Turning it on after it was off
 * clears the (stale) map first.
 *
 * Return: 0; -EOPNOTSUPP when the driver lacks NVMETEST_INFO_CAP_VERIFY;
 * -ENOENT for a namespace the driver does not know; -ENXIO when the
 * controller is not enabled; -EINVAL; -errno.
 */
int nvmetest_verify_config(struct nvmetest_dev *dev, uint32_t nsid, uint32_t flags,
			   uint64_t mem_cap);

/**
 * nvmetest_verify_status - NVMETEST_IOC_VERIFY_STATUS: one namespace's map
 * @dev:  handle
 * @nsid: namespace
 * @st:   output (state, LBA size, chunks, memory, counters)
 *
 * Return: 0, -EOPNOTSUPP, -ENOENT, -ENXIO, -errno (as
 * nvmetest_verify_config()).
 */
int nvmetest_verify_status(struct nvmetest_dev *dev, uint32_t nsid,
			   struct nvmetest_verify_status *st);

/**
 * nvmetest_verify_dump - NVMETEST_IOC_VERIFY_DUMP: map entries of an LBA range
 * @dev:     handle
 * @nsid:    namespace
 * @slba:    first LBA
 * @entries: output: NVMETEST_CRC_UNKNOWN, _ZEROES, _UNCORRECTABLE or a CRC
 *	     (nvmetest_crc_entry_str() names them)
 * @count:   input: entries wanted, 1..65536; output: entries filled (fewer
 *	     at the end of the namespace)
 *
 * Return: 0, -EINVAL (count, or @slba past the namespace), -EOPNOTSUPP,
 * -ENOENT, -ENXIO, -errno.
 */
int nvmetest_verify_dump(struct nvmetest_dev *dev, uint32_t nsid, uint64_t slba,
			 uint32_t *entries, uint32_t *count);

/**
 * nvmetest_verify_load - NVMETEST_IOC_VERIFY_LOAD: set map entries of an LBA range
 * @dev:     handle
 * @nsid:    namespace, with verification on
 * @slba:    first LBA
 * @entries: NVMETEST_CRC_UNKNOWN (forget), _ZEROES, _UNCORRECTABLE or a CRC
 *	     (nvmetest_lba_crc() of the LBA as written, stamp included)
 * @count:   input: entries, 1..65536, all inside the namespace; output:
 *	     entries stored
 *
 * The driver waits for the commands in flight on the range, as for a
 * Write. Loaded entries count as written in nvmetest_verify_status().
 *
 * Return: 0; -ENODATA when verification is off; -ENOSPC when the map
 * reached its cap (*@count stored before it); -EINVAL (count, or a range
 * past the namespace); -EOPNOTSUPP (ABI before 1.7); -ENOENT, -ENXIO,
 * -errno.
 */
int nvmetest_verify_load(struct nvmetest_dev *dev, uint32_t nsid, uint64_t slba,
			 const uint32_t *entries, uint32_t *count);

/**
 * struct nvmetest_vmap_ident - what a map file was saved from
 * @sn:       Identify Controller SN (not NUL terminated)
 * @mn:       Identify Controller MN
 * @subnqn:   Identify Controller SUBNQN
 * @nsid:     namespace id
 * @nguid:    Identify Namespace NGUID
 * @eui64:    Identify Namespace EUI64
 * @lba_size: data bytes per LBA of the format
 * @ms:       metadata bytes per LBA
 * @extended: metadata transferred with the data
 * @nsze:     namespace size in LBAs
 */
struct nvmetest_vmap_ident {
	char sn[20];
	char mn[40];
	char subnqn[256];
	uint32_t nsid;
	uint8_t nguid[16];
	uint8_t eui64[8];
	uint32_t lba_size;
	uint16_t ms;
	uint8_t extended;
	uint64_t nsze;
};

/**
 * struct nvmetest_vmap_record - a run of map entries in a map file
 * @slba:    first LBA
 * @count:   entries (1 to 65536)
 * @entries: @count little-endian 32-bit entries, inside the parsed buffer
 */
struct nvmetest_vmap_record {
	uint64_t slba;
	uint32_t count;
	const uint8_t *entries;
};

/**
 * nvmetest_verify_save_file - save a namespace's map to a file
 * @dev:   handle
 * @nsid:  namespace
 * @path:  the file (written as @path.tmp, then renamed over @path)
 * @saved: output, may be NULL: LBAs with an entry
 *
 * The file (docs/library.md, "Map files") names the drive (SN, MN,
 * SUBNQN), the namespace (NSID, NGUID, EUI64) and its geometry, and holds
 * every entry of the map (an LBA whose write did not complete and that no
 * read has decided yet as unknown). Save while no write runs on the
 * namespace: entries of writes in flight are not in the map yet.
 *
 * Return: 0; -ENODATA when verification is off (the map is stale); -errno
 * (the file); an NVMe status of Identify (> 0); the errors of
 * nvmetest_verify_status() and nvmetest_verify_dump().
 */
int nvmetest_verify_save_file(struct nvmetest_dev *dev, uint32_t nsid, const char *path,
			      uint64_t *saved);

/* nvmetest_verify_load_file() flags: load a map saved from another drive
 * or namespace (the same geometry is still required) */
#define NVMETEST_VMAP_FORCE	(1U << 0)

/**
 * nvmetest_verify_load_file - replace a namespace's map by a saved one
 * @dev:    handle
 * @nsid:   namespace
 * @path:   a file of nvmetest_verify_save_file()
 * @flags:  NVMETEST_VMAP_FORCE
 * @loaded: output, may be NULL: LBAs with an entry loaded
 *
 * Checks the file (format, CRC), then that it was saved from this drive
 * and namespace, turns verification on if it was off and sets every
 * entry of the map: the file's, and NVMETEST_CRC_UNKNOWN where it has
 * none.
 *
 * Return: 0; -EINVAL (not a map file, damaged, or another geometry);
 * -ESTALE (another drive or namespace, without NVMETEST_VMAP_FORCE);
 * -ENOSPC (the map's cap); the errors of nvmetest_verify_load().
 */
int nvmetest_verify_load_file(struct nvmetest_dev *dev, uint32_t nsid, const char *path,
			      uint32_t flags, uint64_t *loaded);

/**
 * nvmetest_vmap_parse - check a map file's content and find its records
 * @buf:  the file
 * @len:  its length
 * @id:   output: what it was saved from
 * @rec:  output, may be NULL: the records, in LBA order
 * @nrec: input: room in @rec; output: records in the file
 *
 * Pure.
 *
 * Return: 0; -EINVAL (not a map file, another version, truncated, a CRC
 * mismatch, records out of order or outside the namespace); -ENOSPC when
 * @rec is too small.
 */
int nvmetest_vmap_parse(const void *buf, size_t len, struct nvmetest_vmap_ident *id,
			struct nvmetest_vmap_record *rec, size_t *nrec);

/**
 * nvmetest_verify_failures - NVMETEST_IOC_VERIFY_FAILURES: the failure log
 * @dev:   handle
 * @out:   output array, oldest first; NULL (with *@count ignored) to
 *	   read only the counters
 * @count: input: entries in @out; output: entries filled
 * @lost:  output, may be NULL: failures that did not fit in the log
 * @total: output, may be NULL: failures since the log was last cleared
 * @flags: NVMETEST_VERIFY_FAILURES_CLEAR: empty the log after reading
 *
 * The log is per controller (256 entries); each entry names the
 * namespace, LBA, kind (nvmetest_vfail_kind_name()), expected and found
 * CRC, the stamp found, the failing read and the last writer.
 *
 * Return: 0, -EOPNOTSUPP, -errno.
 */
int nvmetest_verify_failures(struct nvmetest_dev *dev, struct nvmetest_verify_failure *out,
			     uint32_t *count, uint32_t *lost, uint64_t *total,
			     uint32_t flags);

/**
 * nvmetest_verify_state_name - name of struct nvmetest_verify_status.state
 * @state: NVMETEST_VERIFY_OFF, _ON or _CAPPED
 *
 * Pure.
 *
 * Return: "off", "on", "capped" or "unknown".
 */
const char *nvmetest_verify_state_name(uint32_t state);

/**
 * nvmetest_vfail_kind_name - mnemonic of a failure kind (NVMETEST_VFAIL_*)
 * @kind: struct nvmetest_verify_failure.kind
 *
 * Pure.
 *
 * Return: "crc", "lba_stamp", "not_zero", "uncorrectable", "neither" or
 * "unknown".
 */
const char *nvmetest_vfail_kind_name(uint32_t kind);

/**
 * nvmetest_vfail_kind_desc - what a failure kind means
 * @kind: struct nvmetest_verify_failure.kind
 *
 * Pure.
 *
 * Return: "crc mismatch", "misdirected: the LBA stamp names another LBA",
 * "zeroes expected", "read of an uncorrectable LBA succeeded", "neither the
 * old nor the new data of a write that did not complete" or "unknown
 * failure".
 */
const char *nvmetest_vfail_kind_desc(uint32_t kind);

/**
 * nvmetest_crc_entry_kind - what a map entry is
 * @entry: a CRC map entry
 *
 * Pure.
 *
 * Return: "unknown", "zeroes", "uncorrectable" (the reserved values) or
 * "crc".
 */
const char *nvmetest_crc_entry_kind(uint32_t entry);

/**
 * nvmetest_crc_entry_str - a map entry as text
 * @entry: a CRC map entry
 * @buf:   output
 * @len:   size of @buf (11 or more holds every value)
 *
 * Pure. "unknown", "zeroes", "uncorrectable", or the CRC as "0x%08x".
 *
 * Return: @buf.
 */
char *nvmetest_crc_entry_str(uint32_t entry, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_VERIFY_H */
