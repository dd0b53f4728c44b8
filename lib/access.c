// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Register (BAR0) and PCI config space access through the nvmetest
 * ioctls, a block read of config space, and nvmetest_reg_dump(): the
 * register snapshot that show-regs prints.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/pci_regs.h>
#include <nvme/types.h>

#include "private.h"

static int rw(struct nvmetest_dev *dev, unsigned long req, uint32_t offset,
	      unsigned int width, uint64_t *val, unsigned int flags)
{
	struct nvmetest_rw a = {
		.value	= *val,
		.offset	= offset,
		.width	= width,
		.flags	= flags,
	};

	nvmt_clear_error();
	if (width > UINT16_MAX || flags > UINT16_MAX)
		return -EINVAL;
	if (ioctl(dev->fd, req, &a))
		return -errno;
	*val = a.value;
	return 0;
}

/*
 * A read through @req into *@val, an unsigned integer of @size bytes (the
 * caller's type): one place that narrows what the ioctl returned.
 * *@val is written only on success.
 */
static int read_into(struct nvmetest_dev *dev, unsigned long req, uint32_t offset,
		     unsigned int width, void *val, size_t size)
{
	uint64_t v = 0;
	int ret;

	ret = rw(dev, req, offset, width, &v, 0);
	if (ret)
		return ret;
	switch (size) {
	case 1:
		*(uint8_t *)val = (uint8_t)v;
		break;
	case 2:
		*(uint16_t *)val = (uint16_t)v;
		break;
	case 4:
		*(uint32_t *)val = (uint32_t)v;
		break;
	default:
		*(uint64_t *)val = v;
		break;
	}
	return 0;
}

int nvmetest_reg_read(struct nvmetest_dev *dev, uint32_t offset,
		      unsigned int width, uint64_t *val)
{
	return read_into(dev, NVMETEST_IOC_REG_READ, offset, width, val, sizeof(*val));
}

int nvmetest_reg_write(struct nvmetest_dev *dev, uint32_t offset,
		       unsigned int width, uint64_t val, unsigned int flags)
{
	return rw(dev, NVMETEST_IOC_REG_WRITE, offset, width, &val, flags);
}

int nvmetest_reg_read32(struct nvmetest_dev *dev, uint32_t offset,
			uint32_t *val)
{
	return read_into(dev, NVMETEST_IOC_REG_READ, offset, 4, val, sizeof(*val));
}

int nvmetest_reg_read64(struct nvmetest_dev *dev, uint32_t offset,
			uint64_t *val)
{
	return read_into(dev, NVMETEST_IOC_REG_READ, offset, 8, val, sizeof(*val));
}

int nvmetest_reg_write32(struct nvmetest_dev *dev, uint32_t offset,
			 uint32_t val, unsigned int flags)
{
	return nvmetest_reg_write(dev, offset, 4, val, flags);
}

int nvmetest_reg_write64(struct nvmetest_dev *dev, uint32_t offset,
			 uint64_t val, unsigned int flags)
{
	return nvmetest_reg_write(dev, offset, 8, val, flags);
}

int nvmetest_cfg_read(struct nvmetest_dev *dev, uint32_t offset,
		      unsigned int width, uint32_t *val)
{
	return read_into(dev, NVMETEST_IOC_CFG_READ, offset, width, val, sizeof(*val));
}

int nvmetest_cfg_write(struct nvmetest_dev *dev, uint32_t offset,
		       unsigned int width, uint32_t val, unsigned int flags)
{
	uint64_t v = val;

	return rw(dev, NVMETEST_IOC_CFG_WRITE, offset, width, &v, flags);
}

int nvmetest_cfg_read8(struct nvmetest_dev *dev, uint32_t offset, uint8_t *val)
{
	return read_into(dev, NVMETEST_IOC_CFG_READ, offset, 1, val, sizeof(*val));
}

int nvmetest_cfg_read16(struct nvmetest_dev *dev, uint32_t offset,
			uint16_t *val)
{
	return read_into(dev, NVMETEST_IOC_CFG_READ, offset, 2, val, sizeof(*val));
}

int nvmetest_cfg_read32(struct nvmetest_dev *dev, uint32_t offset,
			uint32_t *val)
{
	return read_into(dev, NVMETEST_IOC_CFG_READ, offset, 4, val, sizeof(*val));
}

int nvmetest_cfg_read_block(struct nvmetest_dev *dev, uint32_t offset,
			    void *buf, size_t len)
{
	uint8_t *p = buf;
	uint32_t v;
	int ret;

	nvmt_clear_error();
	if (offset > dev->info.cfg_size || len > dev->info.cfg_size - offset)
		return nvmt_fail(-ERANGE, "config range 0x%x+%zu passes %u bytes",
				 offset, len, dev->info.cfg_size);
	while (len) {
		unsigned int width = (offset % 4 == 0 && len >= 4) ? 4 : 1;

		ret = nvmetest_cfg_read(dev, offset, width, &v);
		if (ret)
			return ret;
		/* config space is little endian, and so is the value's order */
		for (unsigned int i = 0; i < width; i++)
			p[i] = (uint8_t)(v >> (8 * i));
		p += width;
		offset += width;
		len -= width;
	}
	return 0;
}

/* MSI-X Enable of the function, from its config space. */
static int msix_enabled(struct nvmetest_dev *dev, bool *enabled)
{
	uint8_t cfg[PCI_CFG_SPACE_SIZE];
	int off, ret;

	ret = nvmetest_cfg_read_block(dev, 0, cfg, sizeof(cfg));
	if (ret)
		return ret;
	off = nvmetest_pci_cap_find(cfg, sizeof(cfg), false, PCI_CAP_ID_MSIX);
	*enabled = false;
	if (off > 0) {
		struct nvmetest_pci_msix msix;

		if (!nvmetest_pci_msix_decode(cfg, sizeof(cfg), off, &msix))
			*enabled = msix.enable;
	}
	return 0;
}

/*
 * Two 32-bit reads, low dword first, for 64-bit registers: that is what
 * the Linux nvme driver does (lo_hi_readq), and every controller answers
 * it, where some do not answer a single 8-byte read.
 */
static int read_reg(struct nvmetest_dev *dev, const struct nvmetest_reg *r,
		    uint64_t *val)
{
	uint32_t lo, hi;
	int ret;

	ret = nvmetest_reg_read32(dev, r->offset, &lo);
	if (ret || r->width == 4) {
		*val = lo;
		return ret;
	}
	ret = nvmetest_reg_read32(dev, r->offset + 4, &hi);
	*val = (uint64_t)hi << 32 | lo;
	return ret;
}

int nvmetest_reg_dump(struct nvmetest_dev *dev, struct nvmetest_reg_value *out,
		      unsigned int max, struct nvmetest_reg_env *envp)
{
	struct nvmetest_reg_env env = { .bar0_len = dev->info.bar0_len };
	const struct nvmetest_reg *table, *r;
	unsigned int nr, n = 0;
	uint64_t v;
	int ret;

	table = nvmetest_reg_table(&nr);
	ret = msix_enabled(dev, &env.msix_enabled);
	if (ret)
		return ret;

	/* CAP, VS and CMBSZ decide what else exists; all three are mandatory */
	r = nvmetest_reg_find_offset(NVME_REG_CAP);
	ret = read_reg(dev, r, &env.cap);
	if (ret)
		return ret;
	ret = read_reg(dev, nvmetest_reg_find_offset(NVME_REG_VS), &v);
	if (ret)
		return ret;
	env.vs = (uint32_t)v;
	if (env.bar0_len >= NVME_REG_CMBSZ + 4) {
		ret = read_reg(dev, nvmetest_reg_find_offset(NVME_REG_CMBSZ), &v);
		if (ret)
			return ret;
		env.cmbsz = (uint32_t)v;
	}

	nvmt_clear_error();
	for (unsigned int i = 0; i < nr; i++) {
		r = &table[i];
		if (!nvmetest_reg_is_present(r, &env))
			continue;
		if (n == max)
			return nvmt_fail(-ENOSPC, "register dump needs %u entries", nr);
		if (r->offset == NVME_REG_CAP)
			v = env.cap;
		else if (r->offset == NVME_REG_VS)
			v = env.vs;
		else if (r->offset == NVME_REG_CMBSZ)
			v = env.cmbsz;
		else if ((ret = read_reg(dev, r, &v)))
			return nvmt_fail(ret, "reading %s (0x%x): %s", r->name,
					 r->offset, nvmetest_strerror(ret));
		out[n].reg = r;
		out[n].value = v;
		n++;
	}
	if (envp)
		*envp = env;
	return n;
}
