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
