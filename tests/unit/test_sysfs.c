// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of libnvmetest's names and sysfs side (lib/dev.c,
 * lib/sysfs.c, lib/bind.c) against a fake /sys, /proc and /dev tree:
 * PCI address parsing, name resolution, the ABI check, listing NVMe
 * functions, and bind/unbind with their refusals (mounted, swap, held,
 * module not loaded, not NVMe, probe failure).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "private.h"
#include "unit.h"

#define NVME_CLASS	0x010802
#define BDF_A		"0000:01:00.0"	/* nvme, nvme0, nvme0n1 + 2 partitions */
#define BDF_B		"0000:02:00.0"	/* nvmetest0 */
#define BDF_C		"0000:03:00.0"	/* no driver */
#define BDF_D		"0000:04:00.0"	/* nvme, native multipath: nvme2n1 */
#define BDF_NET		"0000:00:03.0"	/* a network function */

static void test_setup(void)
{
	fake_init();
}

static void test_teardown(void)
{
	fake_fini();
}

/* The in-tree driver's view of BDF_A: nvme0 with one namespace. */
static void fake_nvme_ctrl(void)
{
	const char *ctrl = "sys/devices/pci0000:00/" BDF_A "/nvme/nvme0";

	fake_pci_func(BDF_A, NVME_CLASS, 0x1b36, 0x0010, "nvme");
	fake_file("QEMU NVMe Ctrl                          \n", "%s/model", ctrl);
	fake_file("deadbeef            \n", "%s/serial", ctrl);
	fake_file("8.0.0   \n", "%s/firmware_rev", ctrl);
	fake_dir("%s/nvme0n1", ctrl);
	fake_dir("%s/ng0n1", ctrl);
	fake_file("259:0\n", "sys/block/nvme0n1/dev");
	fake_file("259:1\n", "sys/block/nvme0n1/nvme0n1p1/dev");
	fake_file("1\n", "sys/block/nvme0n1/nvme0n1p1/partition");
	fake_dir("sys/block/nvme0n1/nvme0n1p1/holders");
	fake_file("259:2\n", "sys/block/nvme0n1/nvme0n1p2/dev");
	fake_file("2\n", "sys/block/nvme0n1/nvme0n1p2/partition");
	fake_dir("sys/block/nvme0n1/nvme0n1p2/holders");
	fake_dir("sys/block/nvme0n1/holders");
	fake_dir("sys/block/nvme0n1/queue");
}

static void fake_machine(void)
{
	fake_nvme_ctrl();
	fake_nvmetest_loaded();
	fake_pci_func(BDF_B, NVME_CLASS, 0x144d, 0xa808, "nvmetest");
	fake_nvmetest_class(BDF_B, 0, 240, 0);
	fake_pci_func(BDF_C, NVME_CLASS, 0x8086, 0x0953, NULL);
	fake_pci_func(BDF_D, NVME_CLASS, 0x1b36, 0x0010, "nvme");
	fake_dir("sys/devices/pci0000:00/" BDF_D "/nvme/nvme1/nvme2c1n1");
	fake_file("259:5\n", "sys/block/nvme2n1/dev");
	fake_pci_func(BDF_NET, 0x020000, 0x1af4, 0x1000, "virtio-pci");
}

/* --- names --------------------------------------------------------------------- */

static void test_bdf_parse(void)
{
	char bdf[NVMETEST_BDF_LEN];

	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:01:00.0", bdf), 0);
	CU_ASSERT_STRING_EQUAL(bdf, "0000:01:00.0");
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("01:00.0", bdf), 0);
	CU_ASSERT_STRING_EQUAL(bdf, "0000:01:00.0");
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:AF:1F.7", bdf), 0);
	CU_ASSERT_STRING_EQUAL(bdf, "0000:af:1f.7");
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("1:2.3", bdf), 0);
	CU_ASSERT_STRING_EQUAL(bdf, "0000:01:02.3");
	/* VMD puts functions in domains above 0xffff */
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("10000:e1:00.0", bdf), 0);
	CU_ASSERT_STRING_EQUAL(bdf, "10000:e1:00.0");

	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:01:20.0", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:01:00.8", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:01:00.0x", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:01:00", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0000:100:00.0", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0x01:00.0", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("0:0:0:01:00.0", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("nvmetest0", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse("", bdf), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bdf_parse(NULL, bdf), -EINVAL);
}

static void test_resolve(void)
{
	char path[256];

	fake_machine();
	CU_ASSERT_EQUAL(nvmetest_resolve("/dev/nvmetest3", path, sizeof(path)), 0);
	CU_ASSERT_STRING_EQUAL(path, "/dev/nvmetest3");
	CU_ASSERT_EQUAL(nvmetest_resolve("nvmetest3", path, sizeof(path)), 0);
	CU_ASSERT_STRING_EQUAL(path, fake_path("dev/nvmetest3"));
	/* by PCI address, short or long, through the class device */
	CU_ASSERT_EQUAL(nvmetest_resolve(BDF_B, path, sizeof(path)), 0);
	CU_ASSERT_STRING_EQUAL(path, fake_path("dev/nvmetest0"));
	CU_ASSERT_EQUAL(nvmetest_resolve("02:00.0", path, sizeof(path)), 0);
	CU_ASSERT_STRING_EQUAL(path, fake_path("dev/nvmetest0"));

	CU_ASSERT_EQUAL(nvmetest_resolve(BDF_A, path, sizeof(path)), -ENODEV);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nvmetest_last_error());
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "not bound to nvmetest"));
	CU_ASSERT_EQUAL(nvmetest_resolve("0000:7f:1f.7", path, sizeof(path)), -ENODEV);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "no PCI function"));
	CU_ASSERT_EQUAL(nvmetest_resolve("nvme0", path, sizeof(path)), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_resolve("nvmetest", path, sizeof(path)), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_resolve("nvmetest1x", path, sizeof(path)), -EINVAL);
	CU_ASSERT_EQUAL(nvmt_instance_of("nvmetest12"), 12);
	CU_ASSERT_EQUAL(nvmt_instance_of("nvmetest-1"), -1);
	CU_ASSERT_EQUAL(nvmt_instance_of("nvmetest99999999999"), -1);
	CU_ASSERT_EQUAL(nvmetest_resolve("", path, sizeof(path)), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_resolve("/dev/nvmetest3", path, 4), -ENAMETOOLONG);
	/* success clears the previous failure's detail */
	CU_ASSERT_EQUAL(nvmetest_resolve("nvmetest1", path, sizeof(path)), 0);
	CU_ASSERT_PTR_NULL(nvmetest_last_error());
}

/* Only the class folder, without the folder under the function. */
static void test_resolve_class_scan(void)
{
	char path[256];

	fake_pci_func(BDF_B, NVME_CLASS, 0x144d, 0xa808, "nvmetest");
	fake_dir("sys/class/nvmetest/nvmetest7");
	fake_link("../../../devices/pci0000:00/" BDF_B,
		  "sys/class/nvmetest/nvmetest7/device");
	CU_ASSERT_EQUAL(nvmetest_resolve(BDF_B, path, sizeof(path)), 0);
	CU_ASSERT_STRING_EQUAL(path, fake_path("dev/nvmetest7"));
}

static void test_open_errors(void)
{
	struct nvmetest_dev *dev = (struct nvmetest_dev *)1;
	const char *file;

	fake_file("not a device\n", "dev/nvmetest5");
	file = fake_path("dev/nvmetest5");
	CU_ASSERT_EQUAL(nvmetest_open(file, &dev), -ENOTTY);
	CU_ASSERT_PTR_NULL(dev);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "is not an nvmetest device"));
	CU_ASSERT_EQUAL(nvmetest_open("nvmetest9", &dev), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "nvmetest9"));
	CU_ASSERT_EQUAL(nvmetest_open("0000:7f:1f.7", &dev), -ENODEV);
}

static void test_abi_check(void)
{
	struct nvmetest_info info = { .abi_major = NVMETEST_ABI_MAJOR,
				      .abi_minor = NVMETEST_ABI_MINOR + 3 };

	CU_ASSERT_EQUAL(nvmt_check_abi(&info), 0);
	info.abi_major = NVMETEST_ABI_MAJOR + 1;
	info.abi_minor = 0;
	CU_ASSERT_EQUAL(nvmt_check_abi(&info), -EPROTO);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "driver ABI 2.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_strerror(-EPROTO), "ABI"));
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_strerror(-ENODEV), "removed"));
	CU_ASSERT_STRING_EQUAL(nvmetest_strerror(-ENOENT), "No such file or directory");
	CU_ASSERT_STRING_EQUAL(nvmetest_strerror(-4095), "unknown error");
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(NVMETEST_STATE_DEAD), "dead");
	CU_ASSERT_STRING_EQUAL(nvmetest_state_name(77), "unknown");
}

/* --- listing ---------------------------------------------------------------------- */

static void test_scan(void)
{
	struct nvmetest_pci_func *v;
	unsigned int n;

	fake_machine();
	CU_ASSERT_EQUAL_FATAL(nvmetest_pci_scan(&v, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_STRING_EQUAL(v[0].bdf, BDF_A);
	CU_ASSERT_STRING_EQUAL(v[1].bdf, BDF_B);
	CU_ASSERT_STRING_EQUAL(v[2].bdf, BDF_C);
	CU_ASSERT_STRING_EQUAL(v[3].bdf, BDF_D);

	CU_ASSERT_EQUAL(v[0].vendor_id, 0x1b36);
	CU_ASSERT_EQUAL(v[0].device_id, 0x0010);
	CU_ASSERT_EQUAL(v[0].class_code, NVME_CLASS);
	CU_ASSERT_STRING_EQUAL(v[0].driver, "nvme");
	CU_ASSERT_STRING_EQUAL(v[0].driver_override, "");
	CU_ASSERT_EQUAL(v[0].instance, -1);
	CU_ASSERT_STRING_EQUAL(v[0].devnode, "");
	CU_ASSERT_STRING_EQUAL(v[0].ctrl, "nvme0");
	CU_ASSERT_STRING_EQUAL(v[0].model, "QEMU NVMe Ctrl");
	CU_ASSERT_STRING_EQUAL(v[0].serial, "deadbeef");
	CU_ASSERT_STRING_EQUAL(v[0].firmware, "8.0.0");
	CU_ASSERT_EQUAL_FATAL(v[0].nr_blockdevs, 1);
	CU_ASSERT_STRING_EQUAL(v[0].blockdevs[0], "nvme0n1");

	CU_ASSERT_STRING_EQUAL(v[1].driver, "nvmetest");
	CU_ASSERT_EQUAL(v[1].instance, 0);
	CU_ASSERT_STRING_EQUAL(v[1].devnode, fake_path("dev/nvmetest0"));
	CU_ASSERT_STRING_EQUAL(v[1].ctrl, "");
	CU_ASSERT_EQUAL(v[1].nr_blockdevs, 0);

	CU_ASSERT_STRING_EQUAL(v[2].driver, "");
	CU_ASSERT_EQUAL(v[2].vendor_id, 0x8086);

	/* native multipath: the controller's nvme2c1n1 is block device nvme2n1 */
	CU_ASSERT_STRING_EQUAL(v[3].ctrl, "nvme1");
	CU_ASSERT_EQUAL_FATAL(v[3].nr_blockdevs, 1);
	CU_ASSERT_STRING_EQUAL(v[3].blockdevs[0], "nvme2n1");
	nvmetest_pci_free(v, n);

	/* no PCI at all is an empty list, not an error */
	fake_fini();
	fake_init();
	rmdir(fake_path("sys/bus/pci/devices"));
	CU_ASSERT_EQUAL(nvmetest_pci_scan(&v, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NULL(v);
}

static void test_func_get(void)
{
	struct nvmetest_pci_func f;

	fake_machine();
	CU_ASSERT_EQUAL_FATAL(nvmetest_pci_func_get("01:00.0", &f), 0);
	CU_ASSERT_STRING_EQUAL(f.bdf, BDF_A);
	CU_ASSERT_EQUAL(f.nr_blockdevs, 1);
	nvmetest_pci_func_release(&f);
	CU_ASSERT_EQUAL(f.nr_blockdevs, 0);
	CU_ASSERT_EQUAL(nvmetest_pci_func_get(BDF_NET, &f), 0);
	CU_ASSERT_EQUAL(f.class_code, 0x020000);
	nvmetest_pci_func_release(&f);
	CU_ASSERT_EQUAL(nvmetest_pci_func_get("0000:09:00.0", &f), -ENODEV);
	CU_ASSERT_EQUAL(nvmetest_pci_func_get("junk", &f), -EINVAL);
}

/* --- bind -------------------------------------------------------------------------- */

static const char *devdir(const char *bdf, const char *attr)
{
	static char rel[256];

	snprintf(rel, sizeof(rel), "sys/devices/pci0000:00/%s/%s", bdf, attr);
	return rel;
}

/* What nvmetest's probe would make, so that the bind finds its node. */
static void fake_probe_result(void)
{
	fake_nvmetest_class(BDF_A, 3, 511, 3);
}

/* The bind returned @ret: instance @n, with /dev/nvmetest<n> as @maj:@min. */
static void check_bound_node(int ret, int n, unsigned int maj, unsigned int min)
{
	struct stat st;

	if (ret == -EPERM && geteuid()) {
		/* mknod needs CAP_MKNOD: the rest was checked */
		printf("(mknod not permitted as uid %u) ", geteuid());
		return;
	}
	CU_ASSERT_EQUAL(ret, n);
	CU_ASSERT_EQUAL_FATAL(stat(fake_path("dev/nvmetest%d", n), &st), 0);
	CU_ASSERT(S_ISCHR(st.st_mode));
	CU_ASSERT_EQUAL(st.st_rdev, makedev(maj, min));
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
}

static void test_bind(void)
{
	int ret;

	fake_machine();
	fake_probe_result();
	ret = nvmetest_bind("01:00.0", 0);
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_A, "driver_override")), "nvmetest");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers/nvme/unbind"), BDF_A);
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), BDF_A);
	check_bound_node(ret, 3, 511, 3);
}

static void test_bind_stale_node(void)
{
	struct stat st;

	if (geteuid()) {
		printf("(needs root for mknod) ");
		return;
	}
	fake_machine();
	fake_probe_result();
	CU_ASSERT_EQUAL_FATAL(mknod(fake_path("dev/nvmetest3"), S_IFCHR | 0666,
				    makedev(77, 1)), 0);
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_A, 0), 3);
	CU_ASSERT_EQUAL_FATAL(stat(fake_path("dev/nvmetest3"), &st), 0);
	CU_ASSERT_EQUAL(st.st_rdev, makedev(511, 3));

	/* something that is not a device node is left alone */
	unlink(fake_path("dev/nvmetest3"));
	fake_file("x", "dev/nvmetest3");
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_A, 0), -EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "not a character device"));
}

static void test_bind_already(void)
{
	fake_machine();
	fake_file("nvmetest\n", "%s", devdir(BDF_B, "driver_override"));
	if (!geteuid())
		CU_ASSERT_EQUAL(mknod(fake_path("dev/nvmetest0"), S_IFCHR | 0600,
				      makedev(240, 0)), 0);
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_B, 0), geteuid() ? -EPERM : 0);
	/* nothing written */
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), "");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers/nvmetest/unbind"), "");
}

static void expect_busy(const char *why)
{
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_A, 0), -EBUSY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nvmetest_last_error());
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), why));
	/* refused before touching anything */
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_A, "driver_override")), "(null)\n");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers/nvme/unbind"), "");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), "");
}

static void test_bind_mounted(void)
{
	fake_machine();
	fake_probe_result();
	fake_file("22 1 0:21 / /proc rw - proc proc rw\n"
		  "36 22 259:1 / /mnt/data rw,relatime - ext4 /dev/nvme0n1p1 rw\n",
		  "proc/self/mountinfo");
	expect_busy("nvme0n1p1 (259:1) is mounted on /mnt/data");
	/* --force binds anyway */
	check_bound_node(nvmetest_bind(BDF_A, NVMETEST_BIND_FORCE), 3, 511, 3);
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_A, "driver_override")), "nvmetest");
}

/* btrfs shows an anonymous device number: the source names the partition. */
static void test_bind_mounted_by_source(void)
{
	fake_machine();
	fake_file("40 22 0:45 / /srv rw - btrfs /dev/nvme0n1p2 rw\n", "proc/self/mountinfo");
	expect_busy("nvme0n1p2");
	/* the whole disk mounted */
	fake_file("40 22 259:0 / /srv rw - xfs /dev/root rw\n", "proc/self/mountinfo");
	expect_busy("nvme0n1 (259:0) is mounted on /srv");
}

static void test_bind_swap(void)
{
	fake_machine();
	fake_file("Filename\tType\tSize\tUsed\tPriority\n"
		  "/dev/nvme0n1p2                          partition\t1048572\t0\t-2\n",
		  "proc/swaps");
	expect_busy("nvme0n1p2 is in use as swap");
}

static void test_bind_held(void)
{
	fake_machine();
	fake_dir("sys/block/nvme0n1/nvme0n1p2/holders/dm-0");
	expect_busy("nvme0n1p2 is held by dm-0");
	rmdir(fake_path("sys/block/nvme0n1/nvme0n1p2/holders/dm-0"));
	fake_dir("sys/block/nvme0n1/holders/md127");
	expect_busy("nvme0n1 is held by md127");
}

static void test_bind_refusals(void)
{
	fake_pci_func(BDF_A, NVME_CLASS, 0x1b36, 0x0010, "nvme");
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_A, 0), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "modprobe"));

	fake_nvmetest_loaded();
	fake_pci_func(BDF_NET, 0x020000, 0x1af4, 0x1000, "virtio-pci");
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_NET, 0), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "not an NVMe controller"));
	CU_ASSERT_EQUAL(nvmetest_bind("0000:55:00.0", 0), -ENODEV);
	CU_ASSERT_EQUAL(nvmetest_bind("bogus", 0), -EINVAL);
	CU_ASSERT_EQUAL(nvmetest_bind(BDF_A, 0x80), -EINVAL);
}

/* nvmetest's probe fails: no class device ever appears. */
static void test_bind_probe_fails(void)
{
	fake_machine();
	CU_ASSERT_EQUAL(nvmt_bind(BDF_A, 0, 50), -EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "did not bind"));
	/* handed back: override cleared, offered to the drivers again */
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_A, "driver_override")), "\n");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), BDF_A);
}

/* A function without a driver: nothing to unbind first. */
static void test_bind_unbound_func(void)
{
	fake_machine();
	fake_nvmetest_class(BDF_C, 1, 240, 1);
	/* already has its class device: bind is quick */
	check_bound_node(nvmetest_bind(BDF_C, 0), 1, 240, 1);
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_C, "driver_override")), "nvmetest");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), BDF_C);
}

/* --- power cycle ------------------------------------------------------------------ */

static struct {
	int off_ret, on_ret;
	bool off_removes, on_adds;
	int offs, ons;
} pc_hook;

static int pc_off(void *arg)
{
	(void)arg;
	pc_hook.offs++;
	if (pc_hook.off_removes)
		unlink(fake_path("sys/bus/pci/devices/%s", BDF_A));
	return pc_hook.off_ret;
}

static int pc_on(void *arg)
{
	(void)arg;
	pc_hook.ons++;
	if (pc_hook.on_adds) {
		fake_link("../../../devices/pci0000:00/" BDF_A, "sys/bus/pci/devices/%s", BDF_A);
		fake_probe_result();
	}
	return pc_hook.on_ret;
}

static int power_cycle(unsigned int timeout_ms, struct nvmetest_power_cycle *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->off = pc_off;
	pc->on = pc_on;
	pc->timeout_ms = timeout_ms;
	return nvmetest_power_cycle("01:00.0", pc, 0);
}

static void test_power_cycle(void)
{
	struct nvmetest_power_cycle pc;

	fake_machine();
	fake_file("", "sys/bus/pci/rescan");
	memset(&pc_hook, 0, sizeof(pc_hook));
	pc_hook.off_removes = pc_hook.on_adds = true;
	check_bound_node(power_cycle(2000, &pc), 3, 511, 3);
	CU_ASSERT_EQUAL(pc_hook.offs, 1);
	CU_ASSERT_EQUAL(pc_hook.ons, 1);
	CU_ASSERT(!pc.removed);
	/* back by itself (hotplug): no rescan; bound from the in-tree driver */
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/rescan"), "");
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_A, "driver_override")), "nvmetest");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers/nvme/unbind"), BDF_A);

	/* no hook: refused before anything runs */
	memset(&pc, 0, sizeof(pc));
	pc.off = pc_off;
	CU_ASSERT_EQUAL(nvmetest_power_cycle(BDF_A, &pc, 0), -EINVAL);
	CU_ASSERT_EQUAL(pc_hook.offs, 1);
}

static void test_power_cycle_failures(void)
{
	struct nvmetest_power_cycle pc;

	/* the off hook fails: nothing else runs */
	fake_machine();
	memset(&pc_hook, 0, sizeof(pc_hook));
	pc_hook.off_ret = 3;
	CU_ASSERT_EQUAL(power_cycle(100, &pc), -EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "the off hook failed (3)"));
	CU_ASSERT_EQUAL(pc_hook.ons, 0);

	/* still there after the off hook (no hotplug): removed through sysfs */
	fake_file("", "%s", devdir(BDF_A, "remove"));
	pc_hook.off_ret = 0;
	CU_ASSERT_EQUAL(power_cycle(100, &pc), -ETIMEDOUT);
	CU_ASSERT(pc.removed);
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_A, "remove")), "1");
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "still present"));
	CU_ASSERT_EQUAL(pc_hook.ons, 0);

	/* gone, but the on hook fails, or it never comes back */
	pc_hook.off_removes = true;
	pc_hook.on_ret = -ENOEXEC;
	CU_ASSERT_EQUAL(power_cycle(100, &pc), -ENOEXEC);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "the on hook failed"));
	pc_hook.on_ret = 0;
	fake_file("", "sys/bus/pci/rescan");
	CU_ASSERT_EQUAL(power_cycle(100, &pc), -ENODEV);	/* gone for good */
	fake_link("../../../devices/pci0000:00/" BDF_A, "sys/bus/pci/devices/%s", BDF_A);
	CU_ASSERT_EQUAL(power_cycle(100, &pc), -ETIMEDOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "not back"));
	CU_ASSERT_EQUAL(pc_hook.ons, 2);
	/* looked for with a rescan */
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/rescan"), "1");
}

static void test_unbind(void)
{
	fake_machine();
	fake_file("nvmetest\n", "%s", devdir(BDF_B, "driver_override"));
	CU_ASSERT_EQUAL(nvmetest_unbind("02:00.0"), 0);
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers/nvmetest/unbind"), BDF_B);
	CU_ASSERT_STRING_EQUAL(fake_read("%s", devdir(BDF_B, "driver_override")), "\n");
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), BDF_B);

	/* bound elsewhere: refused, nothing written */
	fake_file("", "sys/bus/pci/drivers_probe");
	CU_ASSERT_EQUAL(nvmetest_unbind(BDF_A), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(nvmetest_last_error(), "bound to nvme, not nvmetest"));
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), "");

	/* no driver: just clears the override and reprobes */
	CU_ASSERT_EQUAL(nvmetest_unbind(BDF_C), 0);
	CU_ASSERT_STRING_EQUAL(fake_read("sys/bus/pci/drivers_probe"), BDF_C);
	CU_ASSERT_EQUAL(nvmetest_unbind("0000:66:00.0"), -ENODEV);
}

static CU_TestInfo name_tests[] = {
	{ "PCI address parsing", test_bdf_parse },
	{ "resolve names to nodes", test_resolve },
	{ "resolve through the class folder", test_resolve_class_scan },
	{ "open errors", test_open_errors },
	{ "ABI check and error texts", test_abi_check },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo list_tests[] = {
	{ "scan NVMe functions", test_scan },
	{ "describe one function", test_func_get },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo bind_tests[] = {
	{ "bind from nvme", test_bind },
	{ "power cycle: gone, back, bound", test_power_cycle },
	{ "power cycle: failed hooks, no hotplug, never back", test_power_cycle_failures },
	{ "bind replaces a stale node", test_bind_stale_node },
	{ "bind when already bound", test_bind_already },
	{ "bind refuses a mounted partition", test_bind_mounted },
	{ "bind refuses by mount source", test_bind_mounted_by_source },
	{ "bind refuses swap", test_bind_swap },
	{ "bind refuses held devices", test_bind_held },
	{ "bind refusals", test_bind_refusals },
	{ "bind when the probe fails", test_bind_probe_fails },
	{ "bind a function without driver", test_bind_unbound_func },
	{ "unbind", test_unbind },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "names", NULL, NULL, test_setup, test_teardown, name_tests },
	{ "list", NULL, NULL, test_setup, test_teardown, list_tests },
	{ "bind", NULL, NULL, test_setup, test_teardown, bind_tests },
	CU_SUITE_INFO_NULL,
};

int main(void)
{
	return unit_run(suites);
}
