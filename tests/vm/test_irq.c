// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "irq-regs": interrupt masks written through REG_WRITE (INTMS,
 * INTMC, MSI-X vector control) are the driver's masks too, so that its
 * view and the controller's never part (issue 20, probe 6: in INTx mode an
 * INTMC write unmasked vector 0 at the controller only, the handler
 * returned IRQ_NONE and the IRQ core disabled the line, "nobody cared");
 * an interrupt on a masked vector is masked again and counted; MSI-X table
 * entries the driver did not allocate never send a message elsewhere than
 * to one of its vectors. Against QEMU's NVMe controller (MSI-X table in
 * BAR0, INTx pin, no MSI).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "vmtest.h"

#define PAGE		4096
#define OPC_READ	0x02
#define OPC_IDENTIFY	0x06
#define REG_VS		0x08
#define REG_INTMS	0x0c
#define REG_INTMC	0x10
#define MSIX_ENTRY	16
#define MSIX_VC		12	/* vector control in an entry; bit 0 masks */

static char devpath[64];
static int fd = -1;

static uint64_t reg(uint32_t off, uint16_t width)
{
	uint64_t v = 0;

	CU_ASSERT_EQUAL(vmt_reg(fd, false, off, width, &v, 0), 0);
	return v;
}

static void reg_set(uint32_t off, uint16_t width, uint64_t v)
{
	CU_ASSERT_EQUAL(vmt_reg(fd, true, off, width, &v, 0), 0);
}

/*
 * BAR0 offset of the MSI-X table and its entries (*@entries, may be NULL),
 * from the capability; -1 if the table is not in BAR0.
 */
static long msix_table(unsigned int *entries)
{
	uint64_t ptr = 0, dw = 0, tbl = 0;
	int n;

	CU_ASSERT_EQUAL_FATAL(vmt_cfg(fd, false, 0x34, 1, &ptr, 0), 0);
	for (n = 0; ptr && n < 48; n++) {
		CU_ASSERT_EQUAL_FATAL(vmt_cfg(fd, false, ptr & ~3u, 4, &dw, 0), 0);
		if ((dw & 0xff) == 0x11) {
			CU_ASSERT_EQUAL_FATAL(vmt_cfg(fd, false, (ptr & ~3u) + 4, 4,
						      &tbl, 0), 0);
			if (entries)
				*entries = ((dw >> 16) & 0x7ff) + 1;
			return (tbl & 7) ? -1 : (long)(tbl & ~7ull);
		}
		ptr = (dw >> 8) & 0xff;
	}
	return -1;
}

/* An Identify Controller in a thread of its own, to wait for it masked. */
struct bg_cmd {
	pthread_t thread;
	void *buf;
	int ret;
	volatile int done;
	struct nvmetest_cmd c;
};

static void *bg_run(void *arg)
{
	struct bg_cmd *b = arg;

	memset(&b->c, 0, sizeof(b->c));
	b->c.sqe[0] = OPC_IDENTIFY;
	b->c.sqe[40] = 1;	/* CNS 1: controller */
	b->c.data = (uintptr_t)b->buf;
	b->c.data_len = PAGE;
	b->c.timeout_ms = 10000;
	b->ret = vmt_ioctl(fd, NVMETEST_IOC_CMD, &b->c);
	b->done = 1;
	return NULL;
}

static void bg_start(struct bg_cmd *b)
{
	b->done = 0;
	b->buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_FATAL(b->buf != MAP_FAILED);
	CU_ASSERT_FATAL(pthread_create(&b->thread, NULL, bg_run, b) == 0);
	usleep(300 * 1000);
}

/* Join; the command must have completed through the interrupt. */
static void bg_join_ok(struct bg_cmd *b)
{
	pthread_join(b->thread, NULL);
	CU_ASSERT_EQUAL(b->ret, 0);
	CU_ASSERT_EQUAL(b->c.host_status, NVMETEST_HOST_OK);
	munmap(b->buf, PAGE);
}

/* An Identify Controller through CMD; 0 when it completed OK. */
static int identify(void)
{
	uint8_t *buf = malloc(PAGE);
	struct nvmetest_cmd c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.sqe[0] = OPC_IDENTIFY;
	c.sqe[40] = 1;
	c.data = (uintptr_t)buf;
	c.data_len = PAGE;
	c.timeout_ms = 10000;
	ret = vmt_ioctl(fd, NVMETEST_IOC_CMD, &c);
	free(buf);
	return ret ? ret : c.host_status == NVMETEST_HOST_OK ? 0 : -EIO;
}

/* The INTx line's Linux IRQ number, or -1. */
static int intx_irq(void)
{
	unsigned long long irq = 0;

	return vmt_sysfs_num(vmt_bdf(), "irq", &irq) ? -1 : (int)irq;
}

/* The "unhandled" count of /proc/irq/N/spurious (the IRQ core's). */
static unsigned long long irq_unhandled(int irq)
{
	unsigned long long n = 0;
	char path[64], key[32];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/irq/%d/spurious", irq);
	f = fopen(path, "r");
	CU_ASSERT_FATAL(f != NULL);
	while (fscanf(f, "%31s %llu", key, &n) == 2 && strcmp(key, "unhandled"))
		;
	fclose(f);
	return n;
}

/*
 * Run on the CPU the IRQ is delivered to, so that an interrupt raised by
 * our own register write is taken right after it, before the driver has
 * followed the write: the window in which the handler sees the vector
 * masked while the controller has it unmasked.
 */
static void pin_to_irq_cpu(int irq)
{
	char path[80];
	cpu_set_t set;
	int cpu = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/irq/%d/effective_affinity_list", irq);
	f = fopen(path, "r");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fscanf(f, "%d", &cpu) == 1);
	fclose(f);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	CU_ASSERT_FATAL(sched_setaffinity(0, sizeof(set), &set) == 0);
}

static void unpin(void)
{
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	for (i = 0; i < CPU_SETSIZE; i++)
		CPU_SET(i, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Probe 6: INTx, vector 0 masked through IRQ_CTL, an Identify waiting,
 * REG_WRITE INTMC = 1. The driver follows the write: vector 0 is unmasked
 * for it too, the command completes through the interrupt, the IRQ core
 * sees no unhandled storm and the line stays alive. The write's own
 * interrupt, taken on this CPU before the driver followed it, finds the
 * vector masked: the handler masks it again and counts it, then the
 * driver's INTMC unmasks it for good. Before: the handler returned
 * IRQ_NONE until "irq N: nobody cared" and "Disabling IRQ #N".
 */
static void test_intx_intmc(void)
{
	unsigned int sv_vector = 9, sv_masked = 9, sv_masked_irqs = 9;
	struct nvmetest_irq_vector a, b;
	unsigned long long unhandled;
	char path[256], line[256];
	struct bg_cmd bg;
	int irq;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(vmt_ctrl_init(fd, NVMETEST_IRQ_INTX, 1, 1), 0);
	irq = intx_irq();
	CU_ASSERT_FATAL(irq > 0);
	pin_to_irq_cpu(irq);
	unhandled = irq_unhandled(irq);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 0, NVMETEST_IRQ_MASK), 0);
	a = vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX);
	CU_ASSERT_EQUAL(a.masked, 1);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 1);

	bg_start(&bg);
	CU_ASSERT_EQUAL(bg.done, 0);
	reg_set(REG_INTMC, 4, 1);
	bg_join_ok(&bg);
	b = vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX);
	CU_ASSERT_EQUAL(b.masked, 0);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 0);
	CU_ASSERT_EQUAL(b.completions, a.completions + 1);
	CU_ASSERT_EQUAL(b.masked_irqs, a.masked_irqs + 1);
	CU_ASSERT(irq_unhandled(irq) - unhandled < 100);
	unpin();

	/* the line is alive: the next command completes through it */
	CU_ASSERT_EQUAL(identify(), 0);
	a = vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX);
	CU_ASSERT_EQUAL(a.completions, b.completions + 1);
	CU_ASSERT(a.count > b.count);

	/* sysfs irq_counts: masked_irqs is the 7th column */
	snprintf(path, sizeof(path), "/sys/class/nvmetest/%s/irq_counts",
		 devpath + 5);
	f = fopen(path, "r");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT(fgets(line, sizeof(line), f) != NULL);
	fclose(f);
	/* vector count fired masked completions spurious masked_irqs */
	CU_ASSERT_EQUAL(sscanf(line, "%u %*u %*u %u %*u %*u %u", &sv_vector,
			       &sv_masked, &sv_masked_irqs), 3);
	CU_ASSERT_EQUAL(sv_vector, 0);
	CU_ASSERT_EQUAL(sv_masked, 0);
	CU_ASSERT_EQUAL(sv_masked_irqs, a.masked_irqs);
}

/*
 * INTMS and INTMC writes of any width that reaches them (a byte, an 8-byte
 * write with VS below) move the driver's mask of vector 0; bits of
 * vectors the driver does not have stay in INTMS without masking it.
 */
static void test_intx_intm_widths(void)
{
	struct nvmetest_ctrl_wait w;
	struct bg_cmd bg;

	CU_ASSERT_EQUAL_FATAL(vmt_ctrl_init(fd, NVMETEST_IRQ_INTX, 1, 1), 0);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 0);
	reg_set(REG_VS, 8, 1ull << 32);		/* VS is read-only */
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 1);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 1);

	/* masked for the driver as for the controller: unmask delivers */
	bg_start(&bg);
	CU_ASSERT_EQUAL(bg.done, 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 0, NVMETEST_IRQ_UNMASK), 0);
	bg_join_ok(&bg);
	CU_ASSERT(bg.c.latency_ns < 5000000000ull);

	reg_set(REG_INTMS, 1, 1);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 1);
	reg_set(REG_INTMC, 1, 1);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 0);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 0);

	reg_set(REG_INTMS, 4, 0x6);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 0);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 0x6);
	CU_ASSERT_EQUAL(identify(), 0);
	reg_set(REG_INTMC, 2, 0x6);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 0);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked_irqs, 0);

	/* a reset clears the controller's INTMS, not the driver's */
	reg_set(REG_INTMS, 4, 0x5);
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_RESET, &w), 0);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 1);
	CU_ASSERT_EQUAL(reg(REG_INTMS, 4), 0x5);
	reg_set(REG_INTMC, 4, 0x5);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_INTX).masked, 0);
	CU_ASSERT_EQUAL(identify(), 0);
}

/*
 * MSI-X: clearing the mask bit of an IRQ_CTL-masked vector through
 * REG_WRITE unmasks it for the driver (and the IRQ core) as well, so the
 * message the device held arrives and the command completes. Before: the
 * IRQ core, with the vector disabled, masked it again and kept the
 * message; the command waited for its timeout.
 */
static void test_msix_vc_unmask(void)
{
	struct nvmetest_irq_vector a, b;
	long tbl = msix_table(NULL);
	struct bg_cmd bg;

	CU_ASSERT_FATAL(tbl >= 0);
	CU_ASSERT_EQUAL_FATAL(vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 2, 1), 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 0, NVMETEST_IRQ_MASK), 0);
	a = vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX);
	CU_ASSERT_EQUAL(a.masked, 1);
	CU_ASSERT_EQUAL(reg(tbl + MSIX_VC, 4) & 1, 1);

	bg_start(&bg);
	CU_ASSERT_EQUAL(bg.done, 0);
	reg_set(tbl + MSIX_VC, 4, 0);
	bg_join_ok(&bg);
	CU_ASSERT(bg.c.latency_ns < 5000000000ull);
	b = vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX);
	CU_ASSERT_EQUAL(b.masked, 0);
	CU_ASSERT_EQUAL(b.completions, a.completions + 1);
	CU_ASSERT_EQUAL(reg(tbl + MSIX_VC, 4) & 1, 0);
	CU_ASSERT_EQUAL(b.masked_irqs, 0);
}

/*
 * MSI-X: setting the mask bit through REG_WRITE masks the vector for the
 * driver, so IRQ_CTL's unmask then delivers. Before: the driver still
 * believed it unmasked, IRQ_CTL's unmask did nothing and the command
 * waited for its timeout.
 */
static void test_msix_vc_mask(void)
{
	long tbl = msix_table(NULL);
	struct bg_cmd bg;

	CU_ASSERT_FATAL(tbl >= 0);
	CU_ASSERT_EQUAL_FATAL(vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 2, 1), 0);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 1, NVMETEST_IRQ_MSIX).masked, 0);
	reg_set(tbl + MSIX_ENTRY + MSIX_VC, 4, 1);	/* vector 1: no effect on 0 */
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 1, NVMETEST_IRQ_MSIX).masked, 1);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX).masked, 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 1, NVMETEST_IRQ_UNMASK), 0);
	CU_ASSERT_EQUAL(reg(tbl + MSIX_ENTRY + MSIX_VC, 4) & 1, 0);

	reg_set(tbl + MSIX_VC, 4, 1);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX).masked, 1);
	bg_start(&bg);
	CU_ASSERT_EQUAL(bg.done, 0);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 0, NVMETEST_IRQ_UNMASK), 0);
	bg_join_ok(&bg);
	CU_ASSERT(bg.c.latency_ns < 5000000000ull);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX).masked, 0);

	/* a width-2 write that holds the mask bit counts too */
	reg_set(tbl + MSIX_VC, 2, 1);
	CU_ASSERT_EQUAL(vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX).masked, 1);
	CU_ASSERT_EQUAL(vmt_irq_ctl(fd, 0, NVMETEST_IRQ_UNMASK), 0);
	CU_ASSERT_EQUAL(identify(), 0);
}

/*
 * MSI-X: an entry the driver did not allocate, unmasked through REG_WRITE
 * while a message is pending on it (a CQ on that IV, reaped by polling),
 * sends that message to vector 0, where it counts as spurious. Before: the
 * entry held address 0, and the device wrote the message to physical
 * address 0.
 */
static void test_msix_unallocated_entry(void)
{
	struct nvmetest_irq_vector a, b;
	uint8_t *buf = malloc(PAGE);
	const uint16_t iv = 5;
	unsigned int entries = 0;
	long tbl = msix_table(&entries);
	uint16_t st = 0xffff;
	int k;

	CU_ASSERT_FATAL(tbl >= 0);
	CU_ASSERT_FATAL(entries > iv);
	CU_ASSERT_EQUAL_FATAL(vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 2, 1), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_cq_create(fd, 1, 16, iv, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sq_create(fd, 1, 1, 16, 0, &st), 0);
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL(reg(tbl + iv * MSIX_ENTRY + MSIX_VC, 4) & 1, 1);
	a = vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 1, OPC_READ, 1, 0, 1, buf, 512, NULL, 0), 0);
	reg_set(tbl + iv * MSIX_ENTRY + MSIX_VC, 4, 0);
	for (k = 0; k < 50; k++) {
		b = vmt_irq_vec(fd, 0, NVMETEST_IRQ_MSIX);
		if (b.spurious > a.spurious)
			break;
		usleep(20 * 1000);
	}
	CU_ASSERT_EQUAL(b.spurious, a.spurious + 1);
	reg_set(tbl + iv * MSIX_ENTRY + MSIX_VC, 4, 1);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 1, NVMETEST_QUEUE_SQ, &st), 0);
	CU_ASSERT_EQUAL(vmt_queue_delete(fd, 1, NVMETEST_QUEUE_CQ, &st), 0);
	free(buf);
}

static CU_TestInfo tests[] = {
	{ "INTx: INTMC through REG_WRITE on a masked vector", test_intx_intmc },
	{ "INTx: INTMS/INTMC of every width", test_intx_intm_widths },
	{ "MSI-X: vector control unmask through REG_WRITE", test_msix_vc_unmask },
	{ "MSI-X: vector control mask through REG_WRITE", test_msix_vc_mask },
	{ "MSI-X: unmasking an entry the driver did not allocate", test_msix_unallocated_entry },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_bound("irq-regs", &fd, devpath, sizeof(devpath), NULL, tests);
}
