// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: interrupts. An I/O Completion Queue created with
 * interrupts enabled (IEN = 1) makes the controller signal its interrupt
 * vector when it posts a completion there (NVMe Base 2.0, 5.4 Create I/O
 * Completion Queue: IEN, IV; NVMe over PCIe Transport 1.0, the interrupt
 * section: pin-based, MSI and MSI-X). One test per mode the function
 * offers; each reads one LBA with the controller in that mode and checks
 * that the IO queue's vector fired for it. Interrupt coalescing off (the
 * default) is assumed, and checked.
 */
#include <nvmetest-harness.h>

#define IRQ_SPEC(mode) \
	"NVMe Base 2.0, 5.4 (IEN, IV) and NVMe over PCIe Transport 1.0, interrupts (" mode \
	"): a completion posted to an I/O CQ with IEN set signals its vector"

/* The IO queue's vector (the fixture's: 1 when there are two) counted an
 * interrupt for a Read's completion, in @mode. */
static void irq_for_io(struct nt_ctx *t, uint32_t want_mode)
{
	struct nvmetest_irq_vector before, after;
	uint32_t vector = t->info->nr_vectors > 1 ? 1 : 0, mode = 0, coal;
	int n;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_IRQ_COALESCE, 0, &coal));
	if (coal & 0xffff)
		NT_SKIP("Interrupt Coalescing is on (THR %u, TIME %u): an interrupt may wait for more completions",
			coal & 0xff, (coal >> 8) & 0xff);
	n = nvmetest_irq_stats(t->dev, vector, &before, 1, &mode, NULL);
	NT_ASSERT(n == 1, "IRQ_STATS of vector %u: %d", vector, n);
	NT_ASSERT(mode == want_mode, "the controller runs in %s, not %s",
		  nvmetest_irq_mode_name(mode), nvmetest_irq_mode_name(want_mode));
	NT_ASSERT_OK(nt_read(t, 0, 1, t->buf));
	n = nvmetest_irq_stats(t->dev, vector, &after, 1, NULL, NULL);
	NT_ASSERT(n == 1, "IRQ_STATS of vector %u: %d", vector, n);
	NT_DIAG("vector %u: %llu interrupts, %llu completions before the Read; %llu, %llu after",
		vector, (unsigned long long)before.count, (unsigned long long)before.completions,
		(unsigned long long)after.count, (unsigned long long)after.completions);
	NT_ASSERT(after.count > before.count,
		  "no interrupt on vector %u for the Read's completion (%s)", vector,
		  nvmetest_irq_mode_name(mode));
}

NT_TEST_WITH(irq_msix_io_completion, "irq", IRQ_SPEC("MSI-X"), NT_NEED_IOQ,
	     .irq = NT_IRQ_MSIX)
{
	irq_for_io(t, NVMETEST_IRQ_MSIX);
}

NT_TEST_WITH(irq_msi_io_completion, "irq", IRQ_SPEC("MSI"), NT_NEED_IOQ,
	     .irq = NT_IRQ_MSI)
{
	irq_for_io(t, NVMETEST_IRQ_MSI);
}

NT_TEST_WITH(irq_intx_io_completion, "irq", IRQ_SPEC("pin-based"), NT_NEED_IOQ,
	     .irq = NT_IRQ_INTX)
{
	irq_for_io(t, NVMETEST_IRQ_INTX);
}
