// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers the suite's files share.
 */
#include <endian.h>

#include "common.h"

uint32_t ct_last_active_nsid(struct nt_ctx *t)
{
	struct nvme_ns_list *l = t->buf2;
	uint32_t last = 0;

	NT_ASSERT_OK(nvmetest_identify_active_ns_list(t->dev, 0, l));
	for (int i = 0; i < 1024 && l->ns[i]; i++)
		last = le32toh(l->ns[i]);
	return last;
}

void ct_fill(void *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u | 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		((uint8_t *)buf)[i] = (uint8_t)x;
	}
}

void ct_need_oncs(struct nt_ctx *t, unsigned int bit, const char *cmd)
{
	if (!(le16toh(t->id.oncs) & 1u << bit))
		NT_SKIP("Identify Controller ONCS bit %u is clear: no %s", bit, cmd);
}
