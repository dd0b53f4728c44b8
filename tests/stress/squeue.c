// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stress helpers' own IO queue pair (squeue.h).
 */
#include <errno.h>

#include "squeue.h"

int squeue_pick(struct nvmetest_dev *dev, uint32_t depth, struct squeue *sq)
{
	struct nvmetest_info info;
	int ret;

	ret = nvmetest_info_refresh(dev, &info);
	if (ret)
		return ret;
	if (!info.nr_io_sq || !info.nr_io_cq)
		return -ENXIO;
	sq->qid = info.nr_io_sq < info.nr_io_cq ? info.nr_io_sq : info.nr_io_cq;
	/* vector 0 is the admin queue's; share the last one instead */
	sq->vector = info.nr_vectors > 1 ? info.nr_vectors - 1 : 0;
	sq->depth = depth;
	return 0;
}

int squeue_create(struct nvmetest_dev *dev, const struct squeue *sq)
{
	int ret;

	ret = nvmetest_qpair_create(dev, sq->qid, sq->depth, sq->vector, 0);
	if (ret == -EEXIST)
		nvmetest_qpair_delete(dev, sq->qid);
	return ret;
}
