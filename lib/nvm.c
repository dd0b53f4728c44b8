// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The NVM command set helpers: each builds its command dwords as the NVM
 * Command Set specification lays them out (a pure builder the unit tests
 * check and the io_uring path reuses) and sends it on an IO queue with
 * nvmetest_io_cmd(). The block commands share one entry, nvmetest_io(),
 * which takes the opcode; nvmetest_read() and the others only name it.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

#define NVMETEST_MAX_RANGES	256

int nvmetest_io_build(uint8_t opcode, const struct nvmetest_io_args *io,
		      struct nvmetest_cmd_args *c)
{
	bool has_data;

	switch (opcode) {
	case nvme_cmd_read:
	case nvme_cmd_write:
	case nvme_cmd_compare:
		has_data = true;
		break;
	case nvme_cmd_write_zeroes:
	case nvme_cmd_write_uncor:
	case nvme_cmd_verify:
		has_data = false;
		break;
	default:
		return -EINVAL;
	}
	memset(c, 0, sizeof(*c));
	c->opcode = opcode;
	c->qid = io->qid;
	c->nsid = io->nsid;
	c->cdw10 = (uint32_t)io->slba;
	c->cdw11 = (uint32_t)(io->slba >> 32);
	c->cdw12 = io->nlb | (uint32_t)io->control << 16;
	c->cdw13 = io->dsmgmt;
	c->cdw14 = io->reftag;
	c->cdw15 = io->apptag | (uint32_t)io->appmask << 16;
	if (has_data) {
		c->data = io->data;
		c->data_len = io->data_len;
		c->meta = io->meta;
		c->meta_len = io->meta_len;
	}
	c->timeout_ms = io->timeout_ms;
	c->cmd_flags = io->cmd_flags;
	c->cqe = io->cqe;
	c->latency_ns = io->latency_ns;
	return 0;
}

int nvmetest_io(struct nvmetest_dev *dev, uint8_t opcode, const struct nvmetest_io_args *io)
{
	struct nvmetest_cmd_args c;
	int ret;

	nvmt_clear_error();
	ret = nvmetest_io_build(opcode, io, &c);
	if (ret)
		return ret;
	ret = nvmetest_io_cmd(dev, &c);
	/* "Read (0x02) on queue 1 (cid 3): ..." gains the LBA range */
	if (ret && nvmetest_last_error()) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s (nsid %u, slba %llu, %u blocks)",
			 nvmetest_last_error(), io->nsid, (unsigned long long)io->slba,
			 io->nlb + 1U);
		nvmt_set_error("%s", msg);
	}
	return ret;
}

int nvmetest_read(struct nvmetest_dev *dev, const struct nvmetest_io_args *io)
{
	return nvmetest_io(dev, nvme_cmd_read, io);
}

int nvmetest_write(struct nvmetest_dev *dev, const struct nvmetest_io_args *io)
{
	return nvmetest_io(dev, nvme_cmd_write, io);
}

int nvmetest_compare(struct nvmetest_dev *dev, const struct nvmetest_io_args *io)
{
	return nvmetest_io(dev, nvme_cmd_compare, io);
}

int nvmetest_write_zeroes(struct nvmetest_dev *dev, const struct nvmetest_io_args *io)
{
	return nvmetest_io(dev, nvme_cmd_write_zeroes, io);
}

int nvmetest_write_uncor(struct nvmetest_dev *dev, const struct nvmetest_io_args *io)
{
	return nvmetest_io(dev, nvme_cmd_write_uncor, io);
}

int nvmetest_verify(struct nvmetest_dev *dev, const struct nvmetest_io_args *io)
{
	return nvmetest_io(dev, nvme_cmd_verify, io);
}

int nvmetest_flush(struct nvmetest_dev *dev, uint16_t qid, uint32_t nsid,
		   uint32_t timeout_ms)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_cmd_flush, .qid = qid, .nsid = nsid, .timeout_ms = timeout_ms,
	};

	return nvmetest_io_cmd(dev, &c);
}

void nvmetest_dsm_range(struct nvme_dsm_range *r, uint32_t cattr, uint32_t nlb,
			uint64_t slba)
{
	r->cattr = htole32(cattr);
	r->nlb = htole32(nlb);
	r->slba = htole64(slba);
}

/* The common part of a range command (DSM, Copy): @nr ranges of @size bytes. */
static int ranges_cmd(struct nvmetest_cmd_args *c, uint8_t opcode, void *ranges, uint32_t nr,
		      size_t size)
{
	if (!nr || nr > NVMETEST_MAX_RANGES || !ranges)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->opcode = opcode;
	c->data = ranges;
	c->data_len = nr * (uint32_t)size;
	return 0;
}

/*
 * Send a range command, or, when its builder refused it (@built non-zero;
 * @c is then unset), say that @nr @ranges are not 1 to 256.
 */
static int ranges_send(struct nvmetest_dev *dev, int built, const struct nvmetest_cmd_args *c,
		       const char *what, uint32_t nr, const char *ranges)
{
	nvmt_clear_error();
	if (built)
		return nvmt_fail(-EINVAL, "%s: %s: %u %s (1 to %u)", dev->path, what, nr, ranges,
				 NVMETEST_MAX_RANGES);
	return nvmetest_io_cmd(dev, c);
}

int nvmetest_dsm_build(const struct nvmetest_dsm_args *d, struct nvmetest_cmd_args *c)
{
	if (ranges_cmd(c, nvme_cmd_dsm, d->ranges, d->nr_ranges, sizeof(*d->ranges)))
		return -EINVAL;
	c->qid = d->qid;
	c->nsid = d->nsid;
	c->cdw10 = d->nr_ranges - 1;
	c->cdw11 = d->attrs;
	c->timeout_ms = d->timeout_ms;
	c->cqe = d->cqe;
	return 0;
}

int nvmetest_dsm(struct nvmetest_dev *dev, const struct nvmetest_dsm_args *d)
{
	struct nvmetest_cmd_args c;

	return ranges_send(dev, nvmetest_dsm_build(d, &c), &c, "dataset management",
			   d->nr_ranges, "ranges");
}

void nvmetest_copy_range(struct nvme_copy_range *r, uint64_t slba, uint16_t nlb)
{
	memset(r, 0, sizeof(*r));
	r->slba = htole64(slba);
	r->nlb = htole16(nlb);
}

int nvmetest_copy_build(const struct nvmetest_copy_args *cp, struct nvmetest_cmd_args *c)
{
	if (ranges_cmd(c, nvme_cmd_copy, cp->ranges, cp->nr_ranges, sizeof(*cp->ranges)))
		return -EINVAL;
	c->qid = cp->qid;
	c->nsid = cp->nsid;
	c->cdw10 = (uint32_t)cp->sdlba;
	c->cdw11 = (uint32_t)(cp->sdlba >> 32);
	/* NR 7:0, descriptor format 11:8 = 0, PRINFOR 15:12, the rest as Write */
	c->cdw12 = (cp->nr_ranges - 1) | (uint32_t)(cp->prinfor & 0xf) << 12 |
		   (uint32_t)cp->control << 16;
	c->cdw13 = (uint32_t)cp->dspec << 16;
	c->timeout_ms = cp->timeout_ms;
	c->cqe = cp->cqe;
	return 0;
}

int nvmetest_copy(struct nvmetest_dev *dev, const struct nvmetest_copy_args *cp)
{
	struct nvmetest_cmd_args c;

	return ranges_send(dev, nvmetest_copy_build(cp, &c), &c, "copy", cp->nr_ranges,
			   "source ranges");
}
