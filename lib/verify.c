// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Data verification through the driver's CRC map: VERIFY_CONFIG,
 * VERIFY_STATUS, VERIFY_DUMP, VERIFY_LOAD and VERIFY_FAILURES, and the pure names of
 * map states, map entries and failure kinds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

#define VERIFY_DUMP_MAX		65536U

/* -EOPNOTSUPP with a message when the driver has no CRC map. */
static int need_verify(struct nvmetest_dev *dev)
{
	return nvmt_need_cap(dev, NVMETEST_INFO_CAP_VERIFY, "data verification",
			     "1.3 with NVMETEST_INFO_CAP_VERIFY");
}

/* The common errnos of the VERIFY ioctls, with the namespace named. */
static int verify_err(struct nvmetest_dev *dev, int ret, uint32_t nsid, const char *what)
{
	if (ret == -ENOENT)
		nvmt_set_error("%s: %s: no active namespace %u (nvmetest namespaces)",
			       dev->path, what, nsid);
	else if (ret == -ENXIO)
		nvmt_set_error("%s: %s: the controller is not enabled (nvmetest init)",
			       dev->path, what);
	return ret;
}

int nvmetest_verify_config(struct nvmetest_dev *dev, uint32_t nsid, uint32_t flags,
			   uint64_t mem_cap)
{
	struct nvmetest_verify_config c = { .nsid = nsid, .flags = flags, .mem_cap = mem_cap };
	int ret;

	nvmt_clear_error();
	ret = need_verify(dev);
	if (ret)
		return ret;
	if (flags & ~NVMETEST_VERIFY_FLAGS)
		return nvmt_fail(-EINVAL, "%s: verify config: unknown flags 0x%x", dev->path,
				 flags & ~NVMETEST_VERIFY_FLAGS);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_VERIFY_CONFIG, &c, "verify config");
	return verify_err(dev, ret, nsid, "verify config");
}

int nvmetest_verify_status(struct nvmetest_dev *dev, uint32_t nsid,
			   struct nvmetest_verify_status *st)
{
	int ret;

	nvmt_clear_error();
	ret = need_verify(dev);
	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->nsid = nsid;
	/* A driver of ABI 1.7 answers the shorter call; the rest stays 0. */
	ret = nvmt_ioctl(dev, dev->info.abi_minor < 8 ? NVMETEST_IOC_VERIFY_STATUS_17 :
			 NVMETEST_IOC_VERIFY_STATUS, st, "verify status");
	return verify_err(dev, ret, nsid, "verify status");
}

int nvmetest_verify_dump(struct nvmetest_dev *dev, uint32_t nsid, uint64_t slba,
			 uint32_t *entries, uint32_t *count)
{
	struct nvmetest_verify_dump d = {
		.nsid = nsid, .count = *count, .slba = slba, .entries = (uintptr_t)entries,
	};
	int ret;

	nvmt_clear_error();
	ret = need_verify(dev);
	if (ret)
		return ret;
	if (!*count || *count > VERIFY_DUMP_MAX)
		return nvmt_fail(-EINVAL, "%s: verify dump: %u entries (1 to %u)", dev->path,
				 *count, VERIFY_DUMP_MAX);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_VERIFY_DUMP, &d, "verify dump");
	if (ret)
		return verify_err(dev, ret, nsid, "verify dump");
	*count = d.count;
	return 0;
}

int nvmetest_verify_load(struct nvmetest_dev *dev, uint32_t nsid, uint64_t slba,
			 const uint32_t *entries, uint32_t *count)
{
	struct nvmetest_verify_dump d = {
		.nsid = nsid, .count = *count, .slba = slba, .entries = (uintptr_t)entries,
	};
	int ret;

	nvmt_clear_error();
	ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_VERIFY_LOAD, "map loading",
			    "1.7 with NVMETEST_INFO_CAP_VERIFY_LOAD");
	if (ret)
		return ret;
	if (!*count || *count > VERIFY_DUMP_MAX)
		return nvmt_fail(-EINVAL, "%s: verify load: %u entries (1 to %u)", dev->path,
				 *count, VERIFY_DUMP_MAX);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_VERIFY_LOAD, &d, "verify load");
	if (ret == -ENODATA)
		nvmt_set_error("%s: verify load: verification is off on namespace %u "
			       "(nvmetest verify-map --enable)", dev->path, nsid);
	else if (ret == -ENOSPC)
		nvmt_set_error("%s: verify load: the map of namespace %u reached its cap "
			       "after %u entries (nvmetest verify-map --cap)", dev->path, nsid,
			       d.count);
	else if (ret == -EINVAL)
		nvmt_set_error("%s: verify load: LBAs %" PRIu64 "+%u are not all inside namespace %u",
			       dev->path, slba, *count, nsid);
	else if (ret)
		return verify_err(dev, ret, nsid, "verify load");
	if (!ret || ret == -ENOSPC)
		*count = d.count;
	return ret;
}

int nvmetest_verify_failures(struct nvmetest_dev *dev, struct nvmetest_verify_failure *out,
			     uint32_t *count, uint32_t *lost, uint64_t *total, uint32_t flags)
{
	struct nvmetest_verify_failures f = {
		.failures = (uintptr_t)out, .count = out ? *count : 0, .flags = flags,
	};
	int ret;

	nvmt_clear_error();
	ret = need_verify(dev);
	if (ret)
		return ret;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_VERIFY_FAILURES, &f, "verify failures");
	if (ret)
		return verify_err(dev, ret, 0, "verify failures");
	*count = f.count;
	if (lost)
		*lost = f.lost;
	if (total)
		*total = f.total;
	return 0;
}

const char *nvmetest_verify_state_name(uint32_t state)
{
	static const char *const names[] = {
		[NVMETEST_VERIFY_OFF] = "off",
		[NVMETEST_VERIFY_ON] = "on",
		[NVMETEST_VERIFY_CAPPED] = "capped",
	};

	return NVMT_NAME(names, state, "unknown");
}

/* The kinds of verify failure: a name for JSON, a description for people. */
static const struct {
	const char *name;
	const char *desc;
} vfail_kinds[] = {
	[NVMETEST_VFAIL_CRC] = { "crc", "crc mismatch" },
	[NVMETEST_VFAIL_LBA_STAMP] = { "lba_stamp",
				       "misdirected: the LBA stamp names another LBA" },
	[NVMETEST_VFAIL_NOT_ZERO] = { "not_zero", "zeroes expected" },
	[NVMETEST_VFAIL_UNCORRECTABLE] = { "uncorrectable",
					   "read of an uncorrectable LBA succeeded" },
	[NVMETEST_VFAIL_NEITHER] = { "neither",
				     "neither the old nor the new data of a write that did not complete" },
};

static bool vfail_known(uint32_t kind)
{
	return kind < NVMT_ARRAY_SIZE(vfail_kinds) && vfail_kinds[kind].name;
}

const char *nvmetest_vfail_kind_name(uint32_t kind)
{
	return vfail_known(kind) ? vfail_kinds[kind].name : "unknown";
}

const char *nvmetest_vfail_kind_desc(uint32_t kind)
{
	return vfail_known(kind) ? vfail_kinds[kind].desc : "unknown failure";
}

const char *nvmetest_crc_entry_kind(uint32_t entry)
{
	static const char *const kinds[] = {
		[NVMETEST_CRC_UNKNOWN] = "unknown",
		[NVMETEST_CRC_ZEROES] = "zeroes",
		[NVMETEST_CRC_UNCORRECTABLE] = "uncorrectable",
	};

	/* every other entry is a CRC */
	return NVMT_NAME(kinds, entry, "crc");
}

char *nvmetest_crc_entry_str(uint32_t entry, char *buf, size_t len)
{
	if (entry <= NVMETEST_CRC_UNCORRECTABLE)
		snprintf(buf, len, "%s", nvmetest_crc_entry_kind(entry));
	else
		snprintf(buf, len, "0x%08x", entry);
	return buf;
}
