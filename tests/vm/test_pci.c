// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "pci": binding, INFO, register and config space access of
 * /dev/nvmetestN against QEMU's NVMe controller, bad input, privilege,
 * and unbinding while a file is open. Runs as root inside the test VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <nvme/types.h>

#include "nvmetest.h"
#include "vmtest.h"

static char devpath[64];
static int fd = -1;

static uint64_t reg(uint32_t off, uint16_t width)
{
	uint64_t v = ~0ULL;

	CU_ASSERT_EQUAL_FATAL(vmt_reg(fd, false, off, width, &v, 0), 0);
	return v;
}

static void test_info_matches_sysfs(void)
{
	struct nvmetest_info info;
	unsigned long long v;
	struct stat st;
	char path[128];

	memset(&info, 0xa5, sizeof(info));
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT_EQUAL(info.abi_major, NVMETEST_ABI_MAJOR);
	CU_ASSERT_EQUAL(info.abi_minor, NVMETEST_ABI_MINOR);
	CU_ASSERT_EQUAL(info.state, NVMETEST_STATE_BOUND);
	CU_ASSERT_STRING_EQUAL(info.bdf, vmt_bdf());
	CU_ASSERT(memchr(info.driver_version, '\0', sizeof(info.driver_version)) != NULL);
	CU_ASSERT(info.driver_version[0] != '\0');

	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "vendor", &v), 0);
	CU_ASSERT_EQUAL(info.vendor_id, v);
	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "device", &v), 0);
	CU_ASSERT_EQUAL(info.device_id, v);
	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "subsystem_vendor", &v), 0);
	CU_ASSERT_EQUAL(info.subsystem_vendor_id, v);
	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "subsystem_device", &v), 0);
	CU_ASSERT_EQUAL(info.subsystem_device_id, v);
	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "class", &v), 0);
	CU_ASSERT_EQUAL(info.class_code, v);
	CU_ASSERT_EQUAL(info.class_code, 0x010802);
	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "revision", &v), 0);
	CU_ASSERT_EQUAL(info.revision, v);

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", vmt_bdf());
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(info.bar0_len, (uint64_t)st.st_size);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", vmt_bdf());
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(info.cfg_size, (uint32_t)st.st_size);

	snprintf(path, sizeof(path), "/dev/nvmetest%u", info.instance);
	CU_ASSERT_STRING_EQUAL(path, devpath);
	CU_ASSERT_EQUAL_FATAL(stat(devpath, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	CU_ASSERT(S_ISCHR(st.st_mode));

	CU_ASSERT_EQUAL(info.cap, reg(NVME_REG_CAP, 8));
	CU_ASSERT_EQUAL(info.vs, reg(NVME_REG_VS, 4));
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_REGS);
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_CONFIG);
}

/* CAP and VS describe what the harness asked QEMU for. */
static void test_cap_matches_config(void)
{
	uint64_t cap = reg(NVME_REG_CAP, 8);
	uint32_t vs = (uint32_t)reg(NVME_REG_VS, 4);
	long long mqes = vmt_conf_num("nvme0.mqes", 0x7ff);
	const char *nssr = vmt_conf("nvme0.prop.nssr");
	/* (vmt_conf() answers in one static buffer: use it before the next) */
	bool nssrs = nssr && !strcmp(nssr, "on");
	long long cmb = vmt_conf_num("nvme0.cmb", 0);

	CU_ASSERT_EQUAL(NVME_CAP_MQES(cap), mqes);
	CU_ASSERT_EQUAL(NVME_CAP_DSTRD(cap), 0);
	CU_ASSERT(NVME_CAP_CSS(cap) & NVME_CAP_CSS_NVM);
	CU_ASSERT(NVME_CAP_TO(cap) > 0);
	CU_ASSERT_EQUAL(NVME_CAP_MPSMIN(cap), 0);
	CU_ASSERT(NVME_CAP_MPSMAX(cap) >= NVME_CAP_MPSMIN(cap));
	/* (QEMU's nssr property, patch 0006; off by default) */
	CU_ASSERT_EQUAL(NVME_CAP_NSSRC(cap), nssrs ? 1 : 0);
	CU_ASSERT_EQUAL(NVME_CAP_CMBS(cap), cmb ? 1 : 0);
	if (cmb) {
		/*
		 * NVMe 1.4: CMBLOC and CMBSZ read as zero until the host sets
		 * CMBMSC.CRE, a register that also holds the CMB's controller
		 * base address, so writing it needs the unsafe flag.
		 */
		uint64_t cre = 1;

		CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CMBMSC, 8, &cre, 0), -EPERM);
		CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CMBMSC, 8, &cre,
					NVMETEST_RW_UNSAFE), 0);
		CU_ASSERT_EQUAL(NVME_CMBSZ_SZ(reg(NVME_REG_CMBSZ, 4)) <<
				(12 + 4 * NVME_CMBSZ_SZU(reg(NVME_REG_CMBSZ, 4))),
				cmb << 20);
	}
	/* QEMU implements NVMe 1.4 */
	CU_ASSERT_EQUAL(vs >> 16, 1);
	CU_ASSERT((vs >> 8 & 0xff) >= 2);

	/* a 64-bit register read equals its two halves */
	CU_ASSERT_EQUAL(cap & 0xffffffff, reg(NVME_REG_CAP, 4));
	CU_ASSERT_EQUAL(cap >> 32, reg(NVME_REG_CAP + 4, 4));
	CU_ASSERT_EQUAL(cap & 0xffff, reg(NVME_REG_CAP, 2));
	CU_ASSERT_EQUAL(vs >> 24, reg(NVME_REG_VS + 3, 1));
}

/*
 * Clearing CC.EN disables the controller (the in-tree driver hands it over
 * enabled and shut down); CC is then writable and reads back.
 */
static void test_cc_write_reads_back(void)
{
	uint64_t v = 0, old;
	int i;

	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CC, 4, &v, 0), 0);
	for (i = 0; i < 500 && NVME_CSTS_RDY(reg(NVME_REG_CSTS, 4)); i++)
		usleep(10 * 1000);
	CU_ASSERT_EQUAL_FATAL(NVME_CSTS_RDY(reg(NVME_REG_CSTS, 4)), 0);
	old = reg(NVME_REG_CC, 4);
	CU_ASSERT_EQUAL_FATAL(NVME_CC_EN(old), 0);
	v = (6ULL << NVME_CC_IOSQES_SHIFT) | (4ULL << NVME_CC_IOCQES_SHIFT);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CC, 4, &v, 0), 0);
	CU_ASSERT_EQUAL(reg(NVME_REG_CC, 4), v);
	CU_ASSERT_EQUAL(NVME_CSTS_RDY(reg(NVME_REG_CSTS, 4)), 0);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CC, 4, &old, 0), 0);
	CU_ASSERT_EQUAL(reg(NVME_REG_CC, 4), old);
}

static void test_reg_bad_input(void)
{
	struct nvmetest_info info;
	struct nvmetest_rw rw;
	uint64_t v = 0;

	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	/* misaligned, bad widths, out of range, overflow */
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 1, 4, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 4, 8, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 0, 3, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 0, 0, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 0, 16, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, (uint32_t)info.bar0_len, 4, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, (uint32_t)info.bar0_len - 4, 8, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 0xfffffffc, 4, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 0xfffffff8, 8, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_reg(fd, false, (uint32_t)info.bar0_len - 4, 4, &v, 0), 0);
	/* flags on a read, unknown flags, value wider than the access */
	CU_ASSERT_EQUAL(vmt_reg(fd, false, 0, 4, &v, NVMETEST_RW_UNSAFE), -EINVAL);
	v = reg(NVME_REG_CC, 4);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CC, 4, &v, 0x8000), -EINVAL);
	v = 1ULL << 32;
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CC, 4, &v, 0), -EINVAL);
	v = 0x100;
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_INTMS, 1, &v, 0), -EINVAL);
	/* non-zero reserved field */
	memset(&rw, 0, sizeof(rw));
	rw.width = 4;
	rw.rsvd = 1;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_REG_READ, &rw), -EINVAL);
	/* unreadable argument */
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_REG_READ, NULL), -EFAULT);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, (void *)8), -EFAULT);
	/* unknown ioctls, and a known number with the wrong size */
	CU_ASSERT_EQUAL(vmt_ioctl(fd, _IO(NVMETEST_IOC_MAGIC, 0x7f), &rw), -ENOTTY);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, _IOWR(NVMETEST_IOC_MAGIC, 0x10, uint64_t), &rw), -ENOTTY);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, _IOWR('N', 0x41, struct nvmetest_rw), &rw), -ENOTTY);
	/* the controller still answers */
	CU_ASSERT_EQUAL(reg(NVME_REG_VS, 4), info.vs);
}

/* Registers that hold DMA addresses need NVMETEST_RW_UNSAFE. */
static void test_reg_unsafe(void)
{
	static const uint32_t offs[] = { NVME_REG_ASQ, NVME_REG_ACQ,
					 NVME_REG_ASQ + 4, NVME_REG_ACQ + 4 };
	unsigned int i;
	uint64_t v;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		v = reg(offs[i], 4);
		CU_ASSERT_EQUAL(vmt_reg(fd, true, offs[i], 4, &v, 0), -EPERM);
		CU_ASSERT_EQUAL(vmt_reg(fd, true, offs[i], 4, &v, NVMETEST_RW_UNSAFE), 0);
	}
	v = reg(NVME_REG_ASQ, 8);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_ASQ, 8, &v, 0), -EPERM);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_CMBMSC, 8, &v, 0), -EPERM);
	/* a harmless register needs no flag */
	v = reg(NVME_REG_AQA, 4);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_AQA, 4, &v, 0), 0);
}

static void test_config_access(void)
{
	struct nvmetest_info info;
	unsigned long long sv;
	uint64_t v, cmd, cls, ctl;
	uint32_t msix, exp, pm;

	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0, 2, &v, 0), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_sysfs_num(vmt_bdf(), "vendor", &sv), 0);
	CU_ASSERT_EQUAL(v, sv);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0, 4, &v, 0), 0);
	CU_ASSERT_EQUAL(v, (uint64_t)info.device_id << 16 | info.vendor_id);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 9, 1, &v, 0), 0);
	CU_ASSERT_EQUAL(v, info.class_code & 0xff);

	/* bounds and widths */
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0, 8, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 2, 4, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, info.cfg_size, 1, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, info.cfg_size - 2, 4, &v, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, info.cfg_size - 4, 4, &v, 0), 0);

	/* BAR registers and turning off decode or bus mastering are unsafe */
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0x10, 4, &v, 0), 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 0x10, 4, &v, 0), -EPERM);
	v = 0;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 0x24, 1, &v, 0), -EPERM);
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 0x30, 4, &v, 0), -EPERM);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 4, 2, &cmd, 0), 0);
	/* memory decode on, bus mastering off until the driver owns memory */
	CU_ASSERT(cmd & 0x2);
	CU_ASSERT_EQUAL(cmd & 0x4, 0);
	v = cmd & ~0x2ULL;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 4, 2, &v, 0), -EPERM);
	v = (cmd | 0x4) & 0xff;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 4, 1, &v, 0), -EPERM);
	v = cmd | 0x4;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 4, 4, &v, 0), -EPERM);
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 4, 2, &cmd, 0), 0);
	v = cmd >> 8;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 5, 1, &v, 0), 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 4, 2, &v, 0), 0);
	CU_ASSERT_EQUAL(v, cmd);
	CU_ASSERT_EQUAL(reg(NVME_REG_VS, 4), info.vs);

	/* turning MSI-X on or off behind the driver is unsafe; the rest free */
	msix = vmt_cfg_cap(fd, 0x11);
	CU_ASSERT_FATAL(msix != 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, msix + 2, 2, &v, 0), 0);
	ctl = v;
	v = ctl ^ 0x8000;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, msix + 2, 2, &v, 0), -EPERM);
	v = (ctl ^ 0x8000) >> 8;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, msix + 3, 1, &v, 0), -EPERM);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, msix, 4, &v, 0), 0);
	v ^= 0x80000000ull;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, msix, 4, &v, 0), -EPERM);
	v = ctl;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, msix + 2, 2, &v, 0), 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, msix + 2, 2, &v, 0), 0);
	CU_ASSERT_EQUAL(v, ctl);

	/*
	 * A Function Level Reset or a power state change behind the driver
	 * is unsafe; Device Control without Initiate FLR is free.
	 */
	exp = vmt_cfg_cap(fd, 0x10);
	CU_ASSERT_FATAL(exp != 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, exp + 8, 2, &v, 0), 0);
	ctl = v;
	v = ctl | 0x8000;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, exp + 8, 2, &v, 0), -EPERM);
	v = (ctl | 0x8000) >> 8;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, exp + 9, 1, &v, 0), -EPERM);
	v = ctl;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, exp + 8, 2, &v, 0), 0);
	pm = vmt_cfg_cap(fd, 0x01);
	CU_ASSERT_FATAL(pm != 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, pm + 4, 2, &v, 0), 0);
	CU_ASSERT_EQUAL(v & 3, 0);			/* D0 */
	v = (v & ~0x8003ULL) | 3;			/* D3hot, PME_Status kept */
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, pm + 4, 2, &v, 0), -EPERM);
	v = 3;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, pm + 4, 1, &v, 0), -EPERM);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, pm + 4, 2, &v, 0), 0);
	CU_ASSERT_EQUAL(v & 3, 0);
	CU_ASSERT_EQUAL(reg(NVME_REG_VS, 4), info.vs);

	/* an ordinary writable register reads back */
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0x0c, 1, &cls, 0), 0);
	v = 0x10;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 0x0c, 1, &v, 0), 0);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0x0c, 1, &v, 0), 0);
	CU_ASSERT_EQUAL(v, 0x10);
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 0x0c, 1, &cls, 0), 0);
	v = 0x1ff;
	CU_ASSERT_EQUAL(vmt_cfg(fd, true, 0x0c, 1, &v, 0), -EINVAL);
}

/* open() needs CAP_SYS_ADMIN even for root. */
static void test_open_needs_cap_sys_admin(void)
{
	int status;
	pid_t pid;

	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (!pid) {
		struct __user_cap_header_struct hdr = {
			.version = _LINUX_CAPABILITY_VERSION_3,
		};
		struct __user_cap_data_struct data[2];
		int cfd;

		if (syscall(SYS_capget, &hdr, data))
			_exit(2);
		data[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &hdr, data))
			_exit(3);
		cfd = open(devpath, O_RDWR);
		_exit(cfd < 0 && errno == EPERM ? 0 : 1);
	}
	CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
}

/* The library opens the same controller by BDF and by node name. */
static void test_library_open(void)
{
	const struct nvmetest_info *info;
	struct nvmetest_dev *dev;
	uint32_t vs;

	CU_ASSERT_EQUAL_FATAL(nvmetest_open(vmt_bdf(), &dev), 0);
	info = nvmetest_info_cached(dev);
	CU_ASSERT_STRING_EQUAL(info->bdf, vmt_bdf());
	CU_ASSERT_EQUAL(nvmetest_reg_read32(dev, NVME_REG_VS, &vs), 0);
	CU_ASSERT_EQUAL(vs, info->vs);
	nvmetest_close(dev);
	CU_ASSERT_EQUAL_FATAL(nvmetest_open(devpath + 5, &dev), 0);
	CU_ASSERT_STRING_EQUAL(nvmetest_info_cached(dev)->bdf, vmt_bdf());
	nvmetest_close(dev);
	CU_ASSERT(nvmetest_open("/dev/null", &dev) < 0);
	CU_ASSERT(nvmetest_open("0000:7f:1f.7", &dev) < 0);
}

/* Unbinding while a file is open: calls fail with -ENODEV, nothing breaks. */
static void test_unbind_while_open(void)
{
	struct nvmetest_info info;
	char again[64];
	uint64_t v = 0;
	int fd2;

	fd2 = open(devpath, O_RDWR | O_CLOEXEC);
	CU_ASSERT_FATAL(fd2 >= 0);
	CU_ASSERT_EQUAL_FATAL(vmt_unbind(vmt_bdf()), 0);
	CU_ASSERT_EQUAL(vmt_ioctl(fd2, NVMETEST_IOC_INFO, &info), -ENODEV);
	CU_ASSERT_EQUAL(vmt_reg(fd2, false, 0, 4, &v, 0), -ENODEV);
	CU_ASSERT_EQUAL(vmt_reg(fd, true, NVME_REG_INTMS, 4, &v, 0), -ENODEV);
	CU_ASSERT_EQUAL(vmt_cfg(fd, false, 0, 4, &v, 0), -ENODEV);
	CU_ASSERT_EQUAL(access(devpath, F_OK), -1);
	close(fd2);
	close(fd);
	fd = -1;

	/* bind again: a fresh controller object, working registers */
	CU_ASSERT_EQUAL_FATAL(vmt_bind(vmt_bdf(), again, sizeof(again)), 0);
	fd = open(again, O_RDWR | O_CLOEXEC);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT_EQUAL(info.state, NVMETEST_STATE_BOUND);
	snprintf(devpath, sizeof(devpath), "%s", again);
}

static CU_TestInfo tests[] = {
	{ "info matches sysfs", test_info_matches_sysfs },
	{ "CAP matches the QEMU configuration", test_cap_matches_config },
	{ "CC write reads back", test_cc_write_reads_back },
	{ "register bad input", test_reg_bad_input },
	{ "unsafe registers", test_reg_unsafe },
	{ "config space access", test_config_access },
	{ "open needs CAP_SYS_ADMIN", test_open_needs_cap_sys_admin },
	{ "library open", test_library_open },
	{ "unbind while open", test_unbind_while_open },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_bound("pci", &fd, devpath, sizeof(devpath), NULL, tests);
}
