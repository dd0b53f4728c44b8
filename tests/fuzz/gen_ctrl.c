// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generators of the controller calls: INFO, register and config space
 * access, the bring-up steps, reset and shutdown, interrupts (their
 * eventfds too) and AERs. Each builds the structure as libnvmetest would,
 * mutates it field by field (fz_mutate) and makes the call.
 * NVMETEST_RW_UNSAFE is never set: the writes it covers must fail with
 * EPERM without it. No REG_WRITE reaches a doorbell of a queue that may
 * be raw (rawguard.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "fuzz.h"

/* Waits are bounded so that a run makes progress: 0 (CAP.TO), short, 20 s. */
static uint32_t wait_ms(struct fz_rng *r)
{
	switch (fz_below(r, 8)) {
	case 0:
		return 1 + fz_below(r, 10);
	case 1:
		return 20000;
	case 2:
		return fz_below(r, 5000);
	default:
		return 0;
	}
}

/* Keep a mutated wait bounded too (all-ones would be 49 days of CAP.TO). */
static void clamp_wait(uint32_t *ms)
{
	if (*ms > 20000)
		*ms = 20000;
}

static const struct fz_field info_fields[] = {
	FZ_F(nvmetest_info, abi_major, FZ_OUT),
	FZ_F(nvmetest_info, state, FZ_OUT),
	FZ_F(nvmetest_info, last_reset, FZ_OUT),
};
static const struct fz_struct info_struct = {
	"info", sizeof(struct nvmetest_info), info_fields, FZ_NFIELDS(info_fields)
};

void fz_call_info(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_info *a = FZ_NEW_ARG(t, struct nvmetest_info);
	int ret;

	fz_mutate(t, r, &info_struct, a);
	ret = fz_call_struct(t, r, FZ_INFO, NVMETEST_IOC_INFO, &info_struct);
	if (!ret && t->arg == a && a->abi_major != NVMETEST_ABI_MAJOR)
		fz_finding(t, "INFO: abi_major %u", a->abi_major);
}

static const struct fz_field rw_fields[] = {
	FZ_F(nvmetest_rw, value, FZ_VAL),
	FZ_F(nvmetest_rw, offset, FZ_VAL),
	FZ_F(nvmetest_rw, width, FZ_VAL),
	FZ_F(nvmetest_rw, flags, FZ_FLAGS),
	FZ_F(nvmetest_rw, rsvd, FZ_RSVD),
};
static const struct fz_struct rw_struct = {
	"rw", sizeof(struct nvmetest_rw), rw_fields, FZ_NFIELDS(rw_fields)
};

static uint16_t width(struct fz_rng *r, bool reg)
{
	static const uint16_t w[] = { 1, 2, 4, 8 };

	return w[fz_below(r, reg ? 4 : 3)];
}

/* Controller register offsets worth aiming at (NVMe 2.0, figure 33). */
static const uint32_t reg_offs[] = {
	0x00, 0x08, 0x0c, 0x10, 0x14, 0x1c, 0x20, 0x24, 0x28, 0x30, 0x38,
	0x3c, 0x40, 0x44, 0x48, 0x50, 0x58, 0x5c, 0xe00, 0xe04, 0xe08,
	0xe0c, 0xe10, 0xe14, 0xe18, 0x1000,
};

static uint32_t reg_off(struct fz_rng *r, uint16_t w)
{
	uint32_t off;

	switch (fz_below(r, 4)) {
	case 0:
		/* a doorbell: SQ tail or CQ head of queue 0..8 (stride 4) */
		off = 0x1000 + 4 * fz_below(r, 18);
		break;
	case 1:
		off = fz_below(r, fz_cfg.bar0_len + 16);	/* anywhere, past the end too */
		break;
	default:
		off = reg_offs[fz_below(r, sizeof(reg_offs) / sizeof(reg_offs[0]))];
		break;
	}
	if (fz_chance(r, 7, 8))
		off &= ~(uint32_t)(w - 1);
	return off;
}

static void rw_build(struct fz_rng *r, struct nvmetest_rw *a, bool reg, bool write)
{
	a->width = width(r, reg);
	a->offset = reg ? reg_off(r, a->width) : (uint32_t)fz_below(r, fz_chance(r, 3, 4) ? 0x100 : fz_cfg.cfg_size + 8);
	if (!reg)
		a->offset &= ~(uint32_t)(a->width - 1);
	if (write)
		a->value = fz_interesting(r, a->width);
}

void fz_call_reg_read(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_rw *a = FZ_NEW_ARG(t, struct nvmetest_rw);

	rw_build(r, a, true, false);
	fz_mutate(t, r, &rw_struct, a);
	fz_call_struct(t, r, FZ_REG_READ, NVMETEST_IOC_REG_READ, &rw_struct);
}

void fz_call_reg_write(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_rw *a = FZ_NEW_ARG(t, struct nvmetest_rw);
	bool held;

	rw_build(r, a, true, true);
	if (a->offset == 0x14 && fz_chance(r, 1, 2)) {
		/* CC: disable, enable with the usual queue entry sizes, shutdown */
		static const uint32_t cc[] = { 0, 0x460001, 0x460000, 0x464001, 0x468001, 0x460071 };

		a->width = 4;
		a->value = cc[fz_below(r, sizeof(cc) / sizeof(cc[0]))];
	}
	/* NSSR: an NVM subsystem reset, rarely, else the value is junk */
	if (a->offset == 0x20 && fz_chance(r, 1, 10)) {
		a->width = 4;
		a->value = 0x4e564d65;
	}
	fz_mutate(t, r, &rw_struct, a);
	a->flags &= ~NVMETEST_RW_UNSAFE;	/* the one input we never send */
	held = fz_raw_guard_hold(a->offset, a->width);
	/* a raw queue's doorbell: the device would fetch from a raw ring */
	if (fz_raw_doorbell(a->offset, a->width))
		fz_call_struct(t, r, FZ_REG_READ, NVMETEST_IOC_REG_READ, &rw_struct);
	else
		fz_call_struct(t, r, FZ_REG_WRITE, NVMETEST_IOC_REG_WRITE, &rw_struct);
	fz_raw_guard_release(held);
}

void fz_call_cfg_read(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_rw *a = FZ_NEW_ARG(t, struct nvmetest_rw);

	rw_build(r, a, false, false);
	fz_mutate(t, r, &rw_struct, a);
	fz_call_struct(t, r, FZ_CFG_READ, NVMETEST_IOC_CFG_READ, &rw_struct);
}

/*
 * PMCSR's PowerState (bits 1:0 at PM + 4): a write of D1-D3hot is a free
 * write the driver rightly lets through, but QEMU then stops decoding
 * BAR0 and nothing brings the device back to D0 except another such
 * write: the rest of the run would only time out. Keep D0.
 */
static void keep_d0(struct nvmetest_rw *a)
{
	uint32_t pmcsr = fz_cfg.pm_cap + 4;

	if (!fz_cfg.pm_cap || a->width > 8 || a->offset > pmcsr ||
	    a->offset + a->width <= pmcsr)
		return;
	a->value &= ~(3ULL << (8 * (pmcsr - a->offset)));
}

void fz_call_cfg_write(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_rw *a = FZ_NEW_ARG(t, struct nvmetest_rw);

	rw_build(r, a, false, true);
	/*
	 * The Command register: mostly values that keep Memory Space and Bus
	 * Master on (0x0006 | INTx Disable or not): with other bits the write
	 * is unsafe and must get EPERM.
	 */
	if (a->offset == 4 && fz_chance(r, 3, 4)) {
		a->width = 2;
		a->value = 0x0006 | (fz_chance(r, 1, 2) ? 0x400 : 0);
	}
	fz_mutate(t, r, &rw_struct, a);
	a->flags &= ~NVMETEST_RW_UNSAFE;
	keep_d0(a);
	fz_call_struct(t, r, FZ_CFG_WRITE, NVMETEST_IOC_CFG_WRITE, &rw_struct);
}

static const struct fz_field wait_fields[] = {
	FZ_F(nvmetest_ctrl_wait, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_ctrl_wait, shn, FZ_VAL),
	FZ_F(nvmetest_ctrl_wait, csts, FZ_OUT),
	FZ_F(nvmetest_ctrl_wait, state, FZ_OUT),
	FZ_F(nvmetest_ctrl_wait, rsvd, FZ_RSVD),
};
static const struct fz_struct wait_struct = {
	"ctrl_wait", sizeof(struct nvmetest_ctrl_wait), wait_fields, FZ_NFIELDS(wait_fields)
};

static void ctrl_wait(struct fz_thread *t, struct fz_rng *r, enum fz_op op,
		      unsigned long req)
{
	struct nvmetest_ctrl_wait *a = FZ_NEW_ARG(t, struct nvmetest_ctrl_wait);

	a->timeout_ms = wait_ms(r);
	if (op == FZ_CTRL_SHUTDOWN)
		a->shn = 1 + fz_below(r, 2);
	fz_mutate(t, r, &wait_struct, a);
	clamp_wait(&a->timeout_ms);
	fz_call_struct(t, r, op, req, &wait_struct);
}

void fz_call_ctrl_disable(struct fz_thread *t, struct fz_rng *r)
{
	ctrl_wait(t, r, FZ_CTRL_DISABLE, NVMETEST_IOC_CTRL_DISABLE);
}

void fz_call_ctrl_reset(struct fz_thread *t, struct fz_rng *r)
{
	ctrl_wait(t, r, FZ_CTRL_RESET, NVMETEST_IOC_CTRL_RESET);
}

void fz_call_ctrl_shutdown(struct fz_thread *t, struct fz_rng *r)
{
	ctrl_wait(t, r, FZ_CTRL_SHUTDOWN, NVMETEST_IOC_CTRL_SHUTDOWN);
}

static const struct fz_field reset_fields[] = {
	FZ_F(nvmetest_reset, type, FZ_VAL),
	FZ_F(nvmetest_reset, flags, FZ_VAL),
	FZ_F(nvmetest_reset, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_reset, why, FZ_OUT),
	FZ_F(nvmetest_reset, state, FZ_OUT),
	FZ_F(nvmetest_reset, csts, FZ_OUT),
	FZ_F(nvmetest_reset, reset_ns, FZ_OUT),
	FZ_F(nvmetest_reset, rdy0_ns, FZ_OUT),
	FZ_F(nvmetest_reset, link_ns, FZ_OUT),
	FZ_F(nvmetest_reset, peers, FZ_OUT),
	FZ_F(nvmetest_reset, rsvd, FZ_RSVD),
};
static const struct fz_struct reset_struct = {
	"reset", sizeof(struct nvmetest_reset), reset_fields, FZ_NFIELDS(reset_fields)
};

/* FLR, hot reset, NSSR or link reset, amid everything else. */
void fz_call_reset(struct fz_thread *t, struct fz_rng *r)
{
	static const uint32_t types[] = {
		NVMETEST_RESET_FLR, NVMETEST_RESET_HOT, NVMETEST_RESET_NSSR, NVMETEST_RESET_LINK,
	};
	struct nvmetest_reset *a = FZ_NEW_ARG(t, struct nvmetest_reset);

	a->type = types[fz_below(r, 4)];
	/* sometimes left raw: every later call meets a function that decodes nothing */
	if (a->type != NVMETEST_RESET_HOT && !fz_below(r, 4))
		a->flags = NVMETEST_RESET_NO_RESTORE;
	a->timeout_ms = wait_ms(r);
	fz_mutate(t, r, &reset_struct, a);
	clamp_wait(&a->timeout_ms);
	fz_call_struct(t, r, FZ_RESET, NVMETEST_IOC_RESET, &reset_struct);
}

static const struct fz_field power_fields[] = {
	FZ_F(nvmetest_power, state, FZ_VAL),
	FZ_F(nvmetest_power, flags, FZ_RSVD),
	FZ_F(nvmetest_power, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_power, why, FZ_OUT),
	FZ_F(nvmetest_power, old_state, FZ_OUT),
	FZ_F(nvmetest_power, no_soft_reset, FZ_OUT),
	FZ_F(nvmetest_power, ctrl_state, FZ_OUT),
	FZ_F(nvmetest_power, csts, FZ_OUT),
	FZ_F(nvmetest_power, transition_ns, FZ_OUT),
	FZ_F(nvmetest_power, rsvd, FZ_RSVD),
};
static const struct fz_struct power_struct = {
	"power", sizeof(struct nvmetest_power), power_fields, FZ_NFIELDS(power_fields)
};

/* D3hot or D0 (mostly D0, so that the controller comes back). */
void fz_call_power(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_power *a = FZ_NEW_ARG(t, struct nvmetest_power);

	a->state = fz_below(r, 3) ? 0 : 3;
	a->timeout_ms = wait_ms(r);
	fz_mutate(t, r, &power_struct, a);
	clamp_wait(&a->timeout_ms);
	fz_call_struct(t, r, FZ_POWER, NVMETEST_IOC_POWER, &power_struct);
}

static const struct fz_field aspm_fields[] = {
	FZ_F(nvmetest_aspm, flags, FZ_VAL),
	FZ_F(nvmetest_aspm, control, FZ_VAL),
	FZ_F(nvmetest_aspm, why, FZ_OUT),
	FZ_F(nvmetest_aspm, port_lnkctl, FZ_OUT),
	FZ_F(nvmetest_aspm, rsvd, FZ_RSVD),
};
static const struct fz_struct aspm_struct = {
	"aspm", sizeof(struct nvmetest_aspm), aspm_fields, FZ_NFIELDS(aspm_fields)
};

/* Read ASPM, or set any of the four controls (L1: refused on QEMU). */
void fz_call_aspm(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_aspm *a = FZ_NEW_ARG(t, struct nvmetest_aspm);

	a->flags = fz_below(r, 2) ? NVMETEST_ASPM_SET : 0;
	a->control = fz_below(r, 4);
	fz_mutate(t, r, &aspm_struct, a);
	fz_call_struct(t, r, FZ_ASPM, NVMETEST_IOC_ASPM, &aspm_struct);
}

static const struct fz_field irq_setup_fields[] = {
	FZ_F(nvmetest_irq_setup, mode, FZ_VAL),
	FZ_F(nvmetest_irq_setup, nr_vectors, FZ_VAL),
	FZ_F(nvmetest_irq_setup, rsvd, FZ_RSVD),
};
static const struct fz_struct irq_setup_struct = {
	"irq_setup", sizeof(struct nvmetest_irq_setup), irq_setup_fields,
	FZ_NFIELDS(irq_setup_fields)
};

static void irq_mode(struct fz_rng *r, uint32_t *mode, uint32_t *nvec)
{
	*mode = fz_below(r, 4);
	switch (*mode) {
	case NVMETEST_IRQ_NONE:
		*nvec = 0;
		break;
	case NVMETEST_IRQ_INTX:
		*nvec = 1;
		break;
	default:
		*nvec = 1 + fz_below(r, fz_cfg.nr_vectors_max + 2);
		break;
	}
}

void fz_call_irq_setup(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_irq_setup *a = FZ_NEW_ARG(t, struct nvmetest_irq_setup);

	irq_mode(r, &a->mode, &a->nr_vectors);
	fz_mutate(t, r, &irq_setup_struct, a);
	fz_call_struct(t, r, FZ_IRQ_SETUP, NVMETEST_IOC_IRQ_SETUP, &irq_setup_struct);
}

static const struct fz_field adminq_fields[] = {
	FZ_F(nvmetest_adminq_setup, sq_depth, FZ_VAL),
	FZ_F(nvmetest_adminq_setup, cq_depth, FZ_VAL),
	FZ_F(nvmetest_adminq_setup, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_adminq_setup, rsvd, FZ_RSVD),
};
static const struct fz_struct adminq_struct = {
	"adminq_setup", sizeof(struct nvmetest_adminq_setup), adminq_fields,
	FZ_NFIELDS(adminq_fields)
};

void fz_call_adminq_setup(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_adminq_setup *a = FZ_NEW_ARG(t, struct nvmetest_adminq_setup);

	a->sq_depth = 2 + fz_below(r, 63);
	a->cq_depth = 2 + fz_below(r, 63);
	fz_mutate(t, r, &adminq_struct, a);
	fz_call_struct(t, r, FZ_ADMINQ_SETUP, NVMETEST_IOC_ADMINQ_SETUP, &adminq_struct);
}

static const struct fz_field enable_fields[] = {
	FZ_F(nvmetest_ctrl_enable, flags, FZ_FLAGS),
	FZ_F(nvmetest_ctrl_enable, cc, FZ_VAL),
	FZ_F(nvmetest_ctrl_enable, timeout_ms, FZ_VAL),
	FZ_F(nvmetest_ctrl_enable, csts, FZ_OUT),
	FZ_F(nvmetest_ctrl_enable, cc_written, FZ_OUT),
	FZ_F(nvmetest_ctrl_enable, state, FZ_OUT),
	FZ_F(nvmetest_ctrl_enable, rsvd, FZ_RSVD),
};
static const struct fz_struct enable_struct = {
	"ctrl_enable", sizeof(struct nvmetest_ctrl_enable), enable_fields,
	FZ_NFIELDS(enable_fields)
};

void fz_call_ctrl_enable(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_ctrl_enable *a = FZ_NEW_ARG(t, struct nvmetest_ctrl_enable);

	a->timeout_ms = wait_ms(r);
	if (fz_chance(r, 1, 3)) {
		/* raw CC: the usual one, or with MPS, CSS, AMS, sizes changed */
		a->flags = NVMETEST_ENABLE_RAW_CC;
		a->cc = 0x460000;
		if (fz_chance(r, 1, 2))
			a->cc ^= 1u << fz_below(r, 32);
	}
	fz_mutate(t, r, &enable_struct, a);
	clamp_wait(&a->timeout_ms);
	fz_call_struct(t, r, FZ_CTRL_ENABLE, NVMETEST_IOC_CTRL_ENABLE, &enable_struct);
}

static const struct fz_field init_fields[] = {
	FZ_F(nvmetest_ctrl_init, irq_mode, FZ_VAL),
	FZ_F(nvmetest_ctrl_init, nr_vectors, FZ_VAL),
	FZ_F(nvmetest_ctrl_init, aq_depth, FZ_VAL),
	FZ_F(nvmetest_ctrl_init, nr_io_queues, FZ_VAL),
	FZ_F(nvmetest_ctrl_init, nr_io_sq, FZ_OUT),
	FZ_F(nvmetest_ctrl_init, nr_io_cq, FZ_OUT),
	FZ_F(nvmetest_ctrl_init, status, FZ_OUT),
	FZ_F(nvmetest_ctrl_init, why, FZ_OUT),
	FZ_F(nvmetest_ctrl_init, state, FZ_OUT),
	FZ_F(nvmetest_ctrl_init, rsvd, FZ_RSVD),
};
static const struct fz_struct init_struct = {
	"ctrl_init", sizeof(struct nvmetest_ctrl_init), init_fields, FZ_NFIELDS(init_fields)
};

void fz_call_ctrl_init(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_ctrl_init *a = FZ_NEW_ARG(t, struct nvmetest_ctrl_init);

	/*
	 * Mostly MSI-X (the commands then run on interrupts), else any mode:
	 * MSI fails (QEMU's controller has none) and leaves it DISABLED.
	 */
	if (fz_chance(r, 4, 5)) {
		a->irq_mode = NVMETEST_IRQ_MSIX;
		a->nr_vectors = 1 + fz_below(r, fz_cfg.nr_vectors_max);
	} else {
		irq_mode(r, &a->irq_mode, &a->nr_vectors);
	}
	a->aq_depth = fz_chance(r, 1, 2) ? 0 : 2 + fz_below(r, 64);
	a->nr_io_queues = fz_chance(r, 1, 2) ? 8 : fz_below(r, 10);
	fz_mutate(t, r, &init_struct, a);
	fz_call_struct(t, r, FZ_CTRL_INIT, NVMETEST_IOC_CTRL_INIT, &init_struct);
}

static const struct fz_field irq_stats_fields[] = {
	FZ_F(nvmetest_irq_stats, vectors, FZ_PTR),
	FZ_F(nvmetest_irq_stats, first, FZ_VAL),
	FZ_F(nvmetest_irq_stats, count, FZ_VAL),
	FZ_F(nvmetest_irq_stats, mode, FZ_OUT),
	FZ_F(nvmetest_irq_stats, nr_vectors, FZ_OUT),
	FZ_F(nvmetest_irq_stats, rsvd, FZ_RSVD),
};
static const struct fz_struct irq_stats_struct = {
	"irq_stats", sizeof(struct nvmetest_irq_stats), irq_stats_fields,
	FZ_NFIELDS(irq_stats_fields)
};

void fz_call_irq_stats(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_irq_stats *a = FZ_NEW_ARG(t, struct nvmetest_irq_stats);

	a->count = 1 + fz_below(r, 32);
	a->first = fz_below(r, 4);
	a->vectors = (uintptr_t)fz_buf(t, r, a->count * sizeof(struct nvmetest_irq_vector));
	fz_mutate(t, r, &irq_stats_struct, a);
	fz_call_struct(t, r, FZ_IRQ_STATS, NVMETEST_IOC_IRQ_STATS, &irq_stats_struct);
}

static const struct fz_field irq_ctl_fields[] = {
	FZ_F(nvmetest_irq_ctl, vector, FZ_VAL),
	FZ_F(nvmetest_irq_ctl, op, FZ_VAL),
	FZ_F(nvmetest_irq_ctl, rsvd, FZ_RSVD),
};
static const struct fz_struct irq_ctl_struct = {
	"irq_ctl", sizeof(struct nvmetest_irq_ctl), irq_ctl_fields, FZ_NFIELDS(irq_ctl_fields)
};

void fz_call_irq_ctl(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_irq_ctl *a = FZ_NEW_ARG(t, struct nvmetest_irq_ctl);

	a->vector = fz_below(r, 10);
	/* unmask more often than mask: a masked vector stalls its queues */
	a->op = fz_chance(r, 1, 5) ? NVMETEST_IRQ_MASK :
		fz_chance(r, 1, 2) ? NVMETEST_IRQ_CLEAR : NVMETEST_IRQ_UNMASK;
	fz_mutate(t, r, &irq_ctl_struct, a);
	fz_call_struct(t, r, FZ_IRQ_CTL, NVMETEST_IOC_IRQ_CTL, &irq_ctl_struct);
}

static const struct fz_field aer_fields[] = {
	FZ_F(nvmetest_aer_config, count, FZ_VAL),
	FZ_F(nvmetest_aer_config, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_aer_config, rsvd, FZ_RSVD),
};
static const struct fz_struct aer_struct = {
	"aer_config", sizeof(struct nvmetest_aer_config), aer_fields, FZ_NFIELDS(aer_fields)
};

void fz_call_aer_config(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_aer_config *a = FZ_NEW_ARG(t, struct nvmetest_aer_config);

	a->count = fz_below(r, 6);
	fz_mutate(t, r, &aer_struct, a);
	fz_call_struct(t, r, FZ_AER_CONFIG, NVMETEST_IOC_AER_CONFIG, &aer_struct);
}

static const struct fz_field events_fields[] = {
	FZ_F(nvmetest_events, events, FZ_PTR),
	FZ_F(nvmetest_events, count, FZ_VAL),
	FZ_F(nvmetest_events, lost, FZ_OUT),
	FZ_F(nvmetest_events, rsvd, FZ_RSVD),
};
static const struct fz_struct events_struct = {
	"events", sizeof(struct nvmetest_events), events_fields, FZ_NFIELDS(events_fields)
};

void fz_call_events(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_events *a = FZ_NEW_ARG(t, struct nvmetest_events);

	a->count = fz_below(r, 300);
	a->events = (uintptr_t)fz_buf(t, r, a->count * sizeof(struct nvmetest_event));
	fz_mutate(t, r, &events_struct, a);
	fz_call_struct(t, r, FZ_EVENTS, NVMETEST_IOC_EVENTS, &events_struct);
}

int fz_eventfd_setup(struct fz_thread *t)
{
	t->efd[0] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	t->efd[1] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	t->nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (t->efd[0] < 0 || t->efd[1] < 0 || t->nullfd < 0)
		return -errno;
	return 0;
}

void fz_eventfd_teardown(struct fz_thread *t)
{
	close(t->efd[0]);
	close(t->efd[1]);
	close(t->nullfd);
}

static const struct fz_field eventfd_fields[] = {
	FZ_F(nvmetest_irq_eventfd, vector, FZ_VAL),
	FZ_F(nvmetest_irq_eventfd, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_irq_eventfd, fd, FZ_VAL),
	FZ_F(nvmetest_irq_eventfd, rsvd, FZ_RSVD),
};
static const struct fz_struct eventfd_struct = {
	"irq_eventfd", sizeof(struct nvmetest_irq_eventfd), eventfd_fields,
	FZ_NFIELDS(eventfd_fields)
};

/* What the fuzzer knows an fd to be. */
enum fz_fd_kind {
	FZ_FD_EVENTFD,	/* one of the thread's eventfds, or -1 (detach) */
	FZ_FD_OTHER,	/* open, no eventfd: the device file, /dev/null */
	FZ_FD_CLOSED,	/* at or above RLIMIT_NOFILE: never open */
	FZ_FD_UNKNOWN,	/* a mutated value: maybe another thread's */
};

static enum fz_fd_kind fd_kind(const struct fz_thread *t, int fd)
{
	if (fd == -1 || fd == t->efd[0] || fd == t->efd[1])
		return FZ_FD_EVENTFD;
	if (fd == t->fd || fd == t->nullfd)
		return FZ_FD_OTHER;
	if (fd >= 0 && (uint64_t)fd >= fz_cfg.nofile)
		return FZ_FD_CLOSED;
	return FZ_FD_UNKNOWN;
}

/*
 * Attach one of the thread's eventfds to a vector, detach (-1), or hand
 * in what is no eventfd: a bad fd, one that is not open, the device
 * file; vectors in and out of range. Threads have their own files, so
 * the vectors change hands between files (EBUSY), and a reopen or
 * IRQ_SETUP detaches them. Now and then an eventfd is read (what it
 * counted) or replaced by a new one while it may be attached.
 */
void fz_call_irq_eventfd(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_irq_eventfd *a = FZ_NEW_ARG(t, struct nvmetest_irq_eventfd);
	struct fz_expect e = { 0 };
	enum fz_fd_kind kind;
	bool exact = true;
	uint64_t count;
	int ret, i;

	if (fz_chance(r, 1, 20)) {
		i = fz_below(r, 2);
		close(t->efd[i]);
		t->efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	}
	a->vector = fz_chance(r, 3, 4) ? fz_below(r, 4) :
		    fz_chance(r, 3, 4) ? fz_below(r, fz_cfg.nr_vectors_max + 3) :
		    (uint16_t)fz_interesting(r, 2);
	switch (fz_below(r, 12)) {
	case 0:
	case 1:
		a->fd = -1;
		break;
	case 2:
		a->fd = fz_chance(r, 1, 2) ? -2 : INT_MIN;
		break;
	case 3:
		a->fd = fz_chance(r, 1, 2) ? INT_MAX :
			(int)(fz_cfg.nofile + fz_below(r, 1000));
		break;
	case 4:
		a->fd = fz_chance(r, 1, 2) ? t->fd : t->nullfd;
		break;
	default:
		a->fd = t->efd[fz_below(r, 2)];
		break;
	}
	fz_mutate(t, r, &eventfd_struct, a);
	kind = fd_kind(t, a->fd);
	/* nvmt_ioctl_irq_eventfd()'s order: fields, the fd, the vector */
	if (a->rsvd0 || a->rsvd[0] || a->rsvd[1] || a->fd < -1)
		fz_expect_set(&e, "a reserved field or fd below -1", EINVAL, FZ_END);
	else if (kind == FZ_FD_OTHER)
		fz_expect_set(&e, "an fd that is no eventfd", EINVAL, FZ_END);
	else if (kind == FZ_FD_CLOSED)
		fz_expect_set(&e, "an fd that is not open", EBADF, FZ_END);
	else if (kind == FZ_FD_UNKNOWN)
		exact = false;
	else if (a->vector >= 2048)
		fz_expect_set(&e, "a vector past any MSI-X table", EINVAL, FZ_END);
	else
		fz_expect_set(&e, "an eventfd or -1", 0, EINVAL, EBUSY, FZ_END);
	ret = fz_call_struct(t, r, FZ_IRQ_EVENTFD, NVMETEST_IOC_IRQ_EVENTFD,
			     &eventfd_struct);
	if (exact && t->arg == FZ_ARG(t))
		fz_expect_check(t, FZ_IRQ_EVENTFD, ret, &e);
	i = fz_below(r, 2);
	if (fz_chance(r, 1, 4) && t->efd[i] >= 0 &&
	    read(t->efd[i], &count, sizeof(count)) < 0 && errno != EAGAIN)
		fz_finding(t, "read of an eventfd: %s", strerrorname_np(errno) ?: "?");
}
