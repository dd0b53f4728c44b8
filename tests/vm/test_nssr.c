// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "nssr": an NVM Subsystem Reset asked of one controller resets
 * every controller of the subsystem, and nvmetest coordinates each one it
 * holds (NVMETEST_IOC_RESET, struct nvmetest_reset.peers). Needs two
 * controllers of one NVM subsystem with CAP.NSSRS = 1 sharing namespace 1
 * (run-all's shared-ns step: nssr=on, QEMU patch 0006); skipped in a VM
 * without them. Both controllers write with verification on (the map of
 * the shared namespace is shared); after the reset asked of the first,
 * the second has been let go of and looked at as the first was: its
 * IOWorkers ended by the reset, its state DISABLED, its INFO counting an
 * NSSR, CSTS.NSSRO set; both come back, and a verified read-back of what
 * both wrote finds no failure. Also the refusals of a bus and a link the
 * second controller shares with another function (fn1=ahci) and of an
 * FLR it does not have (x-flr=off). Runs as root in the VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "nvmetest.h"
#include "vmtest.h"

#define NS1		1
#define REGION		(8u << 11)	/* LBAs each worker writes: 8 MiB */
#define WORKERS		2		/* per controller */
#define WAIT_MS		60000
#define REG_CSTS	0x1c
#define NSSRO		(1u << 4)	/* CSTS.NSSRO */

static char path_a[64], path_b[64], bdf_b[32];
static int fd_a = -1, fd_b = -1;

static struct nvmetest_info info(int fd)
{
	struct nvmetest_info i;

	memset(&i, 0, sizeof(i));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &i), 0);
	return i;
}

static uint64_t reg(int fd, uint32_t off)
{
	uint64_t v = ~0ULL;

	CU_ASSERT_EQUAL(vmt_reg(fd, false, off, off == REG_CSTS ? 4 : 8, &v, 0), 0);
	return v;
}

static int init(int fd)
{
	return vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 4, 4);
}

/* A second controller of the first one's subsystem, with NSSRS: bound. */
static bool have_peer(void)
{
	return fd_b >= 0 && ((reg(fd_a, 0) >> 36) & 1);
}

/* vmt_conf(@key) copied to @buf ("" when not set). */
static void conf(const char *key, char *buf, size_t len)
{
	const char *v = vmt_conf(key);

	snprintf(buf, len, "%s", v ? v : "");
}

static int suite_init(void)
{
	char sa[64], sb[64];

	if (vmt_open_bound(&fd_a, path_a, sizeof(path_a)))
		return -1;
	conf("nvme0.subsys", sa, sizeof(sa));
	conf("nvme1.subsys", sb, sizeof(sb));
	conf("nvme1.bdf", bdf_b, sizeof(bdf_b));
	if (!*bdf_b || !*sa || strcmp(sa, sb))
		return 0;
	if (vmt_bind(bdf_b, path_b, sizeof(path_b)))
		return -1;
	fd_b = open(path_b, O_RDWR | O_CLOEXEC);
	return fd_b < 0 ? -1 : 0;
}

static int suite_fini(void)
{
	int ret = 0;

	if (fd_b >= 0) {
		close(fd_b);
		fd_b = -1;
		if (vmt_unbind(bdf_b) ||
		    vmt_sysfs_write("/sys/bus/pci/drivers_probe", bdf_b))
			ret = -1;
	}
	return vmt_give_back(&fd_a) || ret ? -1 : 0;
}

/* Worker @k of controller @fd writes region @k; each has done some IO. */
static int start_writers(int fd, uint32_t first, uint32_t *ids)
{
	struct nvmetest_ioworker_result res;
	uint32_t k;
	int i;

	for (k = 0; k < WORKERS; k++)
		if (vmt_writer_start(fd, NS1, (uint64_t)(first + k) * REGION,
				     REGION, 11 + first + k, 1 + k, WAIT_MS, &ids[k]))
			return -1;
	for (k = 0; k < WORKERS; k++) {
		for (i = 0; i < 600; i++) {
			if (vmt_iow_result(fd, ids[k], 0, &res) || res.ios >= 16)
				break;
			usleep(50000);
		}
		if (res.ios < 16)
			return -1;
	}
	return 0;
}

/* Every worker of @fd was ended by the reset, its numbers kept. */
static void check_ended(int fd, const uint32_t *ids)
{
	struct nvmetest_ioworker_result res;
	uint32_t k, running = 1;

	CU_ASSERT_EQUAL(vmt_iow_wait(fd, 0, WAIT_MS, &running), 0);
	CU_ASSERT_EQUAL(running, 0);
	for (k = 0; k < WORKERS; k++) {
		CU_ASSERT_EQUAL(vmt_iow_result(fd, ids[k],
					       NVMETEST_IOW_RESULT_RELEASE, &res), 0);
		CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_PCI_RESET);
		CU_ASSERT(res.ios >= 16);
		CU_ASSERT_EQUAL(res.verify_failures, 0);
	}
}

static void test_nssr_peer_with_io(void)
{
	uint32_t ids_a[WORKERS], ids_b[WORKERS], resets_a, resets_b, k;
	struct nvmetest_reset r;
	struct nvmetest_info ib;
	int ret;

	if (!have_peer()) {
		printf("\n    skipped: no second controller with CAP.NSSRS in the subsystem\n");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(init(fd_a), 0);
	CU_ASSERT_EQUAL_FATAL(init(fd_b), 0);
	/* both controllers use the one map of the shared namespace */
	CU_ASSERT_EQUAL_FATAL(vmt_verify_config(fd_a, NS1, NVMETEST_VERIFY_ENABLE |
						NVMETEST_VERIFY_CLEAR, 0), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_verify_config(fd_b, NS1, NVMETEST_VERIFY_ENABLE, 0), 0);
	CU_ASSERT_EQUAL_FATAL(start_writers(fd_a, 0, ids_a), 0);
	CU_ASSERT_EQUAL_FATAL(start_writers(fd_b, WORKERS, ids_b), 0);
	resets_a = info(fd_a).resets;
	resets_b = info(fd_b).resets;

	memset(&r, 0, sizeof(r));
	r.type = NVMETEST_RESET_NSSR;
	ret = vmt_ioctl(fd_a, NVMETEST_IOC_RESET, &r);
	if (ret)
		printf("\n    NSSR: %d, why %u\n", ret, r.why);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(r.why, NVMETEST_WHY_NONE);
	CU_ASSERT_EQUAL(r.peers, 1);
	CU_ASSERT_EQUAL(r.state, NVMETEST_STATE_DISABLED);
	CU_ASSERT_EQUAL(r.csts & (NSSRO | 1), NSSRO);
	CU_ASSERT(r.reset_ns > 0);
	CU_ASSERT_EQUAL(info(fd_a).resets, resets_a + 1);

	/* the peer was reset and coordinated as the asking one */
	ib = info(fd_b);
	CU_ASSERT_EQUAL(ib.state, NVMETEST_STATE_DISABLED);
	CU_ASSERT_EQUAL(ib.last_reset, NVMETEST_RESET_NSSR);
	CU_ASSERT_EQUAL(ib.resets, resets_b + 1);
	CU_ASSERT(ib.last_reset_ns > 0);
	CU_ASSERT_EQUAL(ib.asq_depth, 0);
	CU_ASSERT_EQUAL(reg(fd_b, REG_CSTS) & (NSSRO | 1), NSSRO);
	check_ended(fd_a, ids_a);
	check_ended(fd_b, ids_b);

	/* both come back; what both wrote reads back verified through A */
	CU_ASSERT_EQUAL_FATAL(init(fd_a), 0);
	CU_ASSERT_EQUAL_FATAL(init(fd_b), 0);
	for (k = 0; k < 2 * WORKERS; k++)
		CU_ASSERT(vmt_readback_verified(fd_a, NS1, (uint64_t)k * REGION,
						REGION, WAIT_MS));
	CU_ASSERT_EQUAL(vmt_verify_config(fd_a, NS1, NVMETEST_VERIFY_CLEAR, 0), 0);
	/* NSSRO is each controller's own, cleared by writing 1 (RW1C) */
	CU_ASSERT_EQUAL(vmt_reg(fd_b, true, REG_CSTS, 4, &(uint64_t){ NSSRO }, 0), 0);
	CU_ASSERT_EQUAL(reg(fd_b, REG_CSTS) & NSSRO, 0);
	CU_ASSERT_EQUAL(reg(fd_a, REG_CSTS) & NSSRO, NSSRO);
	CU_ASSERT_EQUAL(vmt_reg(fd_a, true, REG_CSTS, 4, &(uint64_t){ NSSRO }, 0), 0);
}

/* The CLI says how many other controllers were reset with it. */
static void test_cli_peers(void)
{
	char cmd[256];

	if (!have_peer()) {
		printf("\n    skipped: no second controller with CAP.NSSRS in the subsystem\n");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(init(fd_a), 0);
	CU_ASSERT_EQUAL_FATAL(init(fd_b), 0);
	snprintf(cmd, sizeof(cmd),
		 "nvmetest subsystem-reset %s | grep -q '^peers *: 1 other controller of the subsystem'",
		 path_b);
	CU_ASSERT_EQUAL(system(cmd), 0);
	CU_ASSERT_EQUAL(info(fd_a).last_reset, NVMETEST_RESET_NSSR);
	CU_ASSERT_EQUAL(info(fd_a).state, NVMETEST_STATE_DISABLED);
	CU_ASSERT_EQUAL(init(fd_a), 0);
	CU_ASSERT_EQUAL(init(fd_b), 0);
}

/* RESET of @type on the second controller, refused with -@err: its why. */
static uint32_t refused(uint32_t type, int err)
{
	struct nvmetest_reset r;

	memset(&r, 0, sizeof(r));
	r.type = type;
	CU_ASSERT_EQUAL(vmt_ioctl(fd_b, NVMETEST_IOC_RESET, &r), -err);
	return r.why;
}

/*
 * Another function below the second controller's port (run-all's
 * shared-ns step gives it an AHCI function 1: fn1=ahci): a hot reset
 * would reset that function behind its driver, a link reset would take
 * its link, and ASPM Control must agree across the functions of a link.
 * All three are refused with SHARED_BUS and nothing is done. The same
 * controller has no FLR (x-flr=off, QEMU patch 0007): an FLR is refused
 * with NO_FLR.
 */
static void test_refusals(void)
{
	struct nvmetest_aspm a;
	char fn1[16], flr[16], cmd[256];
	uint64_t devcap = ~0ULL;
	uint32_t resets, exp;

	conf("nvme1.fn1", fn1, sizeof(fn1));
	if (fd_b < 0 || !*fn1) {
		printf("\n    skipped: no second controller with another function below its port\n");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(init(fd_b), 0);
	resets = info(fd_b).resets;
	CU_ASSERT_EQUAL(refused(NVMETEST_RESET_HOT, EBUSY), NVMETEST_WHY_SHARED_BUS);
	CU_ASSERT_EQUAL(refused(NVMETEST_RESET_LINK, EBUSY), NVMETEST_WHY_SHARED_BUS);
	memset(&a, 0, sizeof(a));
	a.flags = NVMETEST_ASPM_SET;
	CU_ASSERT_EQUAL(vmt_ioctl(fd_b, NVMETEST_IOC_ASPM, &a), -EBUSY);
	CU_ASSERT_EQUAL(a.why, NVMETEST_WHY_SHARED_BUS);
	snprintf(cmd, sizeof(cmd),
		 "nvmetest hot-reset %s 2>&1 >/dev/null | grep -q 'not bound to nvmetest'",
		 path_b);
	CU_ASSERT_EQUAL(system(cmd), 0);
	conf("nvme1.prop.x-flr", flr, sizeof(flr));
	if (!strcmp(flr, "off")) {
		exp = vmt_cfg_cap(fd_b, 0x10);
		CU_ASSERT_FATAL(exp != 0);
		CU_ASSERT_EQUAL(vmt_cfg(fd_b, false, exp + 4, 4, &devcap, 0), 0);
		CU_ASSERT_EQUAL(devcap & (1u << 28), 0);	/* DEVCAP.FLR */
		CU_ASSERT_EQUAL(refused(NVMETEST_RESET_FLR, EOPNOTSUPP), NVMETEST_WHY_NO_FLR);
		snprintf(cmd, sizeof(cmd),
			 "nvmetest flr %s 2>&1 >/dev/null | grep -q 'no Function Level Reset'",
			 path_b);
		CU_ASSERT_EQUAL(system(cmd), 0);
	} else {
		printf("\n    FLR: the second controller has it (not x-flr=off), not tried\n");
	}
	CU_ASSERT_EQUAL(info(fd_b).resets, resets);
	CU_ASSERT_EQUAL(info(fd_b).state, NVMETEST_STATE_ENABLED);
}

static CU_TestInfo tests[] = {
	{ "NSSR resets and coordinates the other controller, IO on both", test_nssr_peer_with_io },
	{ "CLI subsystem-reset names the peers", test_cli_peers },
	{ "refusals: a shared bus and link, no FLR", test_refusals },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_suite("nssr", suite_init, suite_fini, tests);
}
