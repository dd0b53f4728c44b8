// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Controller bring-up steps (disable, interrupt setup, admin queue setup,
 * enable, the whole init, reset, shutdown), interrupt counters and
 * control, and the asynchronous event ring: one ioctl each, the INFO
 * cache refreshed after every step.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "private.h"

int nvmt_ioctl(struct nvmetest_dev *dev, unsigned long req, void *arg,
	       const char *what)
{
	int ret = 0;

	if (ioctl(dev->fd, req, arg))
		ret = -errno;
	if (ret == -ENOTTY)
		return nvmt_fail(ret, "%s: %s: the driver lacks this ioctl (ABI %u.%u, library %u.%u)",
				 dev->path, what, dev->info.abi_major, dev->info.abi_minor,
				 NVMETEST_ABI_MAJOR, NVMETEST_ABI_MINOR);
	if (ret)
		nvmt_set_error("%s: %s: %s", dev->path, what, nvmetest_strerror(ret));
	return ret;
}

/* A step changes what INFO reports: keep the cache true, keep the error. */
static int step_done(struct nvmetest_dev *dev, int ret)
{
	struct nvmetest_info fresh;

	memset(&fresh, 0, sizeof(fresh));
	if (!ioctl(dev->fd, NVMETEST_IOC_INFO, &fresh))
		dev->info = fresh;
	return ret;
}

static int ctrl_wait(struct nvmetest_dev *dev, unsigned long req, const char *what,
		     uint32_t timeout_ms, uint32_t shn, uint32_t *csts)
{
	struct nvmetest_ctrl_wait w = { .timeout_ms = timeout_ms, .shn = shn };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, req, &w, what);
	if (csts)
		*csts = w.csts;
	if (ret == -ETIMEDOUT || ret == -EIO)
		nvmt_set_error("%s: %s: %s (CSTS 0x%08x, state %s)", dev->path, what,
			       ret == -EIO ? "controller fatal status (CSTS.CFS)" :
			       "timed out waiting for the controller", w.csts,
			       nvmetest_state_name(w.state));
	return step_done(dev, ret);
}

int nvmetest_ctrl_disable(struct nvmetest_dev *dev, uint32_t timeout_ms,
			  uint32_t *csts)
{
	return ctrl_wait(dev, NVMETEST_IOC_CTRL_DISABLE, "disable", timeout_ms, 0, csts);
}

int nvmetest_ctrl_reset(struct nvmetest_dev *dev, uint32_t timeout_ms,
			uint32_t *csts)
{
	return ctrl_wait(dev, NVMETEST_IOC_CTRL_RESET, "reset", timeout_ms, 0, csts);
}

int nvmetest_ctrl_shutdown(struct nvmetest_dev *dev, bool abrupt,
			   uint32_t timeout_ms, uint32_t *csts)
{
	return ctrl_wait(dev, NVMETEST_IOC_CTRL_SHUTDOWN, "shutdown", timeout_ms,
			 abrupt ? 2 : 1, csts);
}

int nvmetest_irq_setup(struct nvmetest_dev *dev, uint32_t mode,
		       uint32_t *nr_vectors)
{
	struct nvmetest_irq_setup s = { .mode = mode, .nr_vectors = *nr_vectors };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IRQ_SETUP, &s, "irq setup");
	if (ret == -EBUSY)
		nvmt_set_error("%s: irq setup: the controller has an admin queue (disable it first)",
			       dev->path);
	else if (ret)
		nvmt_set_error("%s: irq setup: %s with %u vector(s): %s", dev->path,
			       nvmetest_irq_mode_name(mode), *nr_vectors,
			       nvmetest_strerror(ret));
	else
		*nr_vectors = s.nr_vectors;
	return step_done(dev, ret);
}

int nvmetest_adminq_setup(struct nvmetest_dev *dev, uint16_t sq_depth,
			  uint16_t cq_depth)
{
	struct nvmetest_adminq_setup s = { .sq_depth = sq_depth, .cq_depth = cq_depth };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_ADMINQ_SETUP, &s, "admin queue setup");
	if (ret == -EBUSY)
		nvmt_set_error("%s: admin queue setup needs a disabled controller (state %s)",
			       dev->path, nvmetest_state_name(dev->info.state));
	return step_done(dev, ret);
}

int nvmetest_ctrl_enable(struct nvmetest_dev *dev, struct nvmetest_ctrl_enable *en)
{
	struct nvmetest_ctrl_enable dflt = { 0 };
	int ret;

	nvmt_clear_error();
	if (!en)
		en = &dflt;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_CTRL_ENABLE, en, "enable");
	if (ret == -ETIMEDOUT || ret == -EIO)
		nvmt_set_error("%s: enable with CC 0x%08x: %s (CSTS 0x%08x)", dev->path,
			       en->cc_written, ret == -EIO ? "controller fatal status (CSTS.CFS)" :
			       "CSTS.RDY did not become 1", en->csts);
	else if (ret == -EBUSY)
		nvmt_set_error("%s: enable needs the admin queue set up (state %s)",
			       dev->path, nvmetest_state_name(dev->info.state));
	return step_done(dev, ret);
}

int nvmetest_ctrl_init(struct nvmetest_dev *dev, struct nvmetest_ctrl_init *init)
{
	struct nvmetest_ctrl_init dflt = { .irq_mode = NVMETEST_IRQ_MSIX, .nr_vectors = 2 };
	int ret;

	nvmt_clear_error();
	if (!init)
		init = &dflt;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_CTRL_INIT, init, "init");
	if (ret == -EIO && init->status) {
		nvmt_set_error("%s: init: a command failed: NVMe status %s (0x%04x)",
			       dev->path, nvmetest_status_name(init->status), init->status);
		ret = init->status;
	} else if (ret == -EIO && init->why) {
		nvmt_set_error("%s: init: cannot reach the controller: %s", dev->path,
			       nvmetest_why_name(init->why));
	} else if (ret) {
		nvmt_set_error("%s: init: %s (state %s)", dev->path, nvmetest_strerror(ret),
			       nvmetest_state_name(init->state));
	}
	return step_done(dev, ret);
}

int nvmetest_power(struct nvmetest_dev *dev, struct nvmetest_power *p)
{
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_POWER, p, "power");
	if (ret && p->why)
		nvmt_set_error("%s: power: %s", dev->path, nvmetest_why_name(p->why));
	return step_done(dev, ret);
}

int nvmetest_aspm(struct nvmetest_dev *dev, struct nvmetest_aspm *a)
{
	int ret;

	nvmt_clear_error();
	ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_LINK, "ASPM control", "ABI 1.8");
	if (ret)
		return ret;
	ret = nvmt_ioctl(dev, NVMETEST_IOC_ASPM, a, "aspm");
	if (ret && a->why)
		nvmt_set_error("%s: aspm: %s", dev->path, nvmetest_why_name(a->why));
	return ret;
}

int nvmetest_reset(struct nvmetest_dev *dev, struct nvmetest_reset *r)
{
	char what[32];
	int ret;

	nvmt_clear_error();
	if (r->type == NVMETEST_RESET_LINK) {
		ret = nvmt_need_cap(dev, NVMETEST_INFO_CAP_LINK, "link reset", "ABI 1.8");
		if (ret)
			return ret;
	}
	snprintf(what, sizeof(what), "%s reset", nvmetest_reset_name(r->type));
	if ((r->flags & NVMETEST_RESET_NO_RESTORE) && dev->info.abi_minor < 10)
		return nvmt_fail(-EOPNOTSUPP, "%s: %s: the driver cannot leave config space unrestored (ABI %u.%u; needs ABI 1.10)",
				 dev->path, what, dev->info.abi_major, dev->info.abi_minor);
	ret = nvmt_ioctl(dev, NVMETEST_IOC_RESET, r, what);
	if (ret && r->why)
		nvmt_set_error("%s: %s: %s", dev->path, what, nvmetest_why_name(r->why));
	else if (ret == -ETIMEDOUT)
		nvmt_set_error("%s: %s: CSTS.RDY did not clear (CSTS 0x%08x, state %s)",
			       dev->path, what, r->csts, nvmetest_state_name(r->state));
	return step_done(dev, ret);
}

int nvmetest_irq_stats(struct nvmetest_dev *dev, uint32_t first,
		       struct nvmetest_irq_vector *v, uint32_t count,
		       uint32_t *mode, uint32_t *nr)
{
	struct nvmetest_irq_stats s = {
		.vectors = (uintptr_t)v, .first = first, .count = count,
	};
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IRQ_STATS, &s, "irq stats");
	if (ret)
		return ret;
	if (mode)
		*mode = s.mode;
	if (nr)
		*nr = s.nr_vectors;
	return (int)s.count;
}

static int irq_ctl(struct nvmetest_dev *dev, uint32_t vector, uint32_t op,
		   const char *what)
{
	struct nvmetest_irq_ctl c = { .vector = vector, .op = op };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_IRQ_CTL, &c, what);
	if (ret == -EINVAL)
		nvmt_set_error("%s: %s vector %u: no such vector (%u allocated)", dev->path,
			       what, vector, dev->info.nr_vectors);
	return ret;
}

int nvmetest_irq_clear(struct nvmetest_dev *dev, uint32_t vector)
{
	return irq_ctl(dev, vector, NVMETEST_IRQ_CLEAR, "irq clear");
}

int nvmetest_irq_mask(struct nvmetest_dev *dev, uint32_t vector)
{
	return irq_ctl(dev, vector, NVMETEST_IRQ_MASK, "irq mask");
}

int nvmetest_irq_unmask(struct nvmetest_dev *dev, uint32_t vector)
{
	return irq_ctl(dev, vector, NVMETEST_IRQ_UNMASK, "irq unmask");
}

int nvmetest_aer_config(struct nvmetest_dev *dev, uint32_t count)
{
	struct nvmetest_aer_config c = { .count = count };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_AER_CONFIG, &c, "aer config");
	if (ret == -EINVAL)
		nvmt_set_error("%s: aer config: %u AERs refused (at most 16 and AERL + 1)",
			       dev->path, count);
	else if (ret == -ENXIO)
		nvmt_set_error("%s: aer config: the controller is not enabled (nvmetest init)",
			       dev->path);
	return step_done(dev, ret);
}

int nvmetest_events(struct nvmetest_dev *dev, struct nvmetest_event *ev,
		    uint32_t count, uint32_t *lost)
{
	struct nvmetest_events e = { .events = (uintptr_t)ev, .count = count };
	int ret;

	nvmt_clear_error();
	ret = nvmt_ioctl(dev, NVMETEST_IOC_EVENTS, &e, "events");
	if (ret)
		return ret;
	if (lost)
		*lost = e.lost;
	return (int)e.count;
}
