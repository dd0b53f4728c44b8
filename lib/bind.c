// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Binding a PCI function to nvmetest and giving it back: the in-use checks
 * (mounted, swap, held block devices and partitions), the driver_override
 * / unbind / drivers_probe sequence, the bounded wait for the nvmetest
 * class device and the /dev node fallback when neither devtmpfs nor udev
 * made it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "private.h"

#define BIND_TIMEOUT_MS		5000
#define BIND_POLL_MS		10

/* A block device or partition of the function, and where its holders are. */
struct bdev {
	char name[64];
	char dev[32];		/* "major:minor" */
	char dir[PATH_MAX];	/* its sysfs folder */
};

struct bdevs {
	struct bdev *v;
	unsigned int n;
};

static int bdevs_add(struct bdevs *s, const char *name, const char *dir)
{
	struct bdev *grown, *b;
	char path[PATH_MAX];
	int ret;

	grown = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	if (!grown)
		return -ENOMEM;
	s->v = grown;
	b = &s->v[s->n];
	memset(b, 0, sizeof(*b));
	if (strlen(name) >= sizeof(b->name) || strlen(dir) >= sizeof(b->dir))
		return -ENAMETOOLONG;
	strcpy(b->name, name);
	strcpy(b->dir, dir);
	ret = nvmt_path(path, sizeof(path), "%s/dev", dir);
	if (!ret && nvmt_read_file(path, b->dev, sizeof(b->dev)) < 0)
		b->dev[0] = '\0';
	if (!ret)
		s->n++;
	return ret;
}

/* The block devices of @func and every partition of each. */
static int bdevs_collect(const struct nvmetest_pci_func *func, struct bdevs *s)
{
	int ret = 0;

	for (unsigned int i = 0; !ret && i < func->nr_blockdevs; i++) {
		const char *bd = func->blockdevs[i];
		char dir[PATH_MAX];
		struct dirent *de;
		DIR *d;

		ret = nvmt_path(dir, sizeof(dir), "%s/block/%s", nvmt_sysfs_root(), bd);
		if (!ret)
			ret = bdevs_add(s, bd, dir);
		if (ret)
			break;
		d = opendir(dir);
		if (!d)
			continue;
		while (!ret && (de = readdir(d))) {
			char pdir[PATH_MAX], pfile[PATH_MAX];

			if (strncmp(de->d_name, bd, strlen(bd)) ||
			    nvmt_path(pdir, sizeof(pdir), "%s/%s", dir, de->d_name) ||
			    nvmt_path(pfile, sizeof(pfile), "%s/partition", pdir) ||
			    !nvmt_exists(pfile))
				continue;
			ret = bdevs_add(s, de->d_name, pdir);
		}
		closedir(d);
	}
	return ret;
}

static int check_holders(const struct bdevs *s, char *why, size_t len)
{
	for (unsigned int i = 0; i < s->n; i++) {
		char path[PATH_MAX];
		struct dirent *de;
		int busy = 0;
		DIR *d;

		if (nvmt_path(path, sizeof(path), "%s/holders", s->v[i].dir))
			continue;
		d = opendir(path);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(why, len, "%s is held by %s", s->v[i].name, de->d_name);
			busy = 1;
			break;
		}
		closedir(d);
		if (busy)
			return 1;
	}
	return 0;
}

/*
 * Feed each line of /proc/@name to @match until it finds a user of one of
 * @s (1, @why filled) or fails; a missing file is no user.
 */
static int scan_proc(const char *name, const struct bdevs *s, char *why, size_t len,
		     int (*match)(const char *line, const struct bdevs *s, char *why,
				  size_t len))
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	int ret = 0;
	FILE *f;

	if (nvmt_path(path, sizeof(path), "%s/%s", nvmt_proc_root(), name))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (!ret && getline(&line, &cap, f) > 0)
		ret = match(line, s, why, len);
	free(line);
	fclose(f);
	return ret;
}

/*
 * /proc/self/mountinfo: "36 35 98:0 /root /mnt opts - fstype source opts".
 * A match is by major:minor, or by source for filesystems (btrfs) that
 * report an anonymous device number.
 */
static int mount_match(const char *line, const struct bdevs *s, char *why, size_t len)
{
	char majmin[32], mnt[1024], source[1024] = "";
	const char *sep, *src;

	if (sscanf(line, "%*s %*s %31s %*s %1023s", majmin, mnt) != 2)
		return 0;
	sep = strstr(line, " - ");
	if (sep)
		sscanf(sep, " - %*s %1023s", source);
	src = strncmp(source, "/dev/", 5) ? NULL : source + 5;
	for (unsigned int i = 0; i < s->n; i++) {
		if ((s->v[i].dev[0] && !strcmp(majmin, s->v[i].dev)) ||
		    (src && !strcmp(src, s->v[i].name))) {
			snprintf(why, len, "%s (%s) is mounted on %s",
				 s->v[i].name, s->v[i].dev, mnt);
			return 1;
		}
	}
	return 0;
}

/* /proc/swaps: a header line, then "Filename Type Size Used Priority". */
static int swap_match(const char *line, const struct bdevs *s, char *why, size_t len)
{
	char file[1024];

	if (sscanf(line, "%1023s", file) != 1 || strncmp(file, "/dev/", 5))
		return 0;
	for (unsigned int i = 0; i < s->n; i++) {
		if (!strcmp(file + 5, s->v[i].name)) {
			snprintf(why, len, "%s is in use as swap", s->v[i].name);
			return 1;
		}
	}
	return 0;
}

int nvmt_func_in_use(const struct nvmetest_pci_func *func, char *why,
		     size_t len)
{
	struct bdevs s = { 0 };
	int ret;

	ret = bdevs_collect(func, &s);
	if (!ret)
		ret = check_holders(&s, why, len);
	if (!ret)
		ret = scan_proc("self/mountinfo", &s, why, len, mount_match);
	if (!ret)
		ret = scan_proc("swaps", &s, why, len, swap_match);
	free(s.v);
	return ret;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The "dev" attribute of a class device: under the function, or the class. */
static int class_dev_numbers(const char *bdf, const char *name, dev_t *devt)
{
	char path[PATH_MAX], buf[32];
	unsigned int maj, min;
	int ret, n = 0;

	ret = nvmt_path(path, sizeof(path), "%s/bus/pci/devices/%s/nvmetest/%s/dev",
			nvmt_sysfs_root(), bdf, name);
	if (!ret && !nvmt_exists(path))
		ret = nvmt_path(path, sizeof(path), "%s/class/nvmetest/%s/dev",
				nvmt_sysfs_root(), name);
	if (ret)
		return ret;
	ret = nvmt_read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	if (sscanf(buf, "%u:%u%n", &maj, &min, &n) != 2 || buf[n])
		return -EINVAL;
	*devt = makedev(maj, min);
	return 0;
}

/*
 * devtmpfs makes the node when the driver registers the device; without
 * it (and without udev) nobody does, so make it here.
 */
static int ensure_devnode(const char *bdf, const char *name)
{
	char path[PATH_MAX];
	struct stat st;
	dev_t devt;
	int ret;

	ret = class_dev_numbers(bdf, name, &devt);
	if (ret)
		return nvmt_fail(ret, "%s: cannot read the device number of %s: %s",
				 bdf, name, nvmetest_strerror(ret));
	ret = nvmt_path(path, sizeof(path), "%s/%s", nvmt_dev_root(), name);
	if (ret)
		return ret;
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!stat(path, &st)) {
			if (S_ISCHR(st.st_mode) && st.st_rdev == devt)
				return 0;
			if (!S_ISCHR(st.st_mode))
				return nvmt_fail(-EEXIST,
						 "%s exists and is not a character device",
						 path);
			/* a stale node of an earlier module load */
			if (unlink(path) && errno != ENOENT)
				return nvmt_fail(-errno, "%s: stale node: %s", path,
						 strerror(errno));
		} else if (errno != ENOENT) {
			return nvmt_fail(-errno, "%s: %s", path, strerror(errno));
		}
		if (!mknod(path, S_IFCHR | 0600, devt))
			return chmod(path, 0600) ? -errno : 0;
		/* udev may have won the race: look again */
		if (errno != EEXIST)
			return nvmt_fail(-errno, "mknod %s: %s", path, strerror(errno));
	}
	return nvmt_fail(-EEXIST, "%s keeps changing", path);
}

static int sysfs_write(const char *bdf, const char *what, const char *val,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Write @val to a sysfs file named by @fmt; the failure says what it was. */
static int sysfs_write(const char *bdf, const char *what, const char *val,
		       const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int ret, n;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	ret = nvmt_write_file(path, val);
	if (ret)
		return nvmt_fail(ret, "%s: %s (%s): %s", bdf, what, path,
				 nvmetest_strerror(ret));
	return 0;
}

/* Clear driver_override and let the other drivers probe the function. */
static void hand_back(const char *bdf)
{
	char path[PATH_MAX];

	if (!nvmt_path(path, sizeof(path), "%s/bus/pci/devices/%s/driver_override",
		       nvmt_sysfs_root(), bdf))
		nvmt_write_file(path, "\n");
	if (!nvmt_path(path, sizeof(path), "%s/bus/pci/drivers_probe",
		       nvmt_sysfs_root()))
		nvmt_write_file(path, bdf);
}

int nvmt_bind(const char *bdf_in, unsigned int flags, unsigned int timeout_ms)
{
	struct nvmetest_pci_func func;
	const char *sys = nvmt_sysfs_root();
	char path[PATH_MAX], name[64], why[512];
	const char *bdf;
	long long deadline;
	int ret;

	nvmt_clear_error();
	if (flags & ~NVMETEST_BIND_FORCE)
		return nvmt_fail(-EINVAL, "unknown bind flags 0x%x", flags);
	ret = nvmetest_pci_func_get(bdf_in, &func);
	if (ret)
		return ret;
	bdf = func.bdf;

	if (func.class_code != NVMETEST_PCI_CLASS_NVME && !(flags & NVMETEST_BIND_FORCE)) {
		ret = nvmt_fail(-EINVAL, "%s: class 0x%06x is not an NVMe controller (0x%06x)",
				bdf, func.class_code, NVMETEST_PCI_CLASS_NVME);
		goto out;
	}
	ret = nvmt_path(path, sizeof(path), "%s/bus/pci/drivers/nvmetest", sys);
	if (ret)
		goto out;
	if (!nvmt_exists(path)) {
		ret = nvmt_fail(-ENOENT,
				"the nvmetest module is not loaded (modprobe nvmetest, or insmod nvmetest.ko)");
		goto out;
	}
	if (!strcmp(func.driver, "nvmetest"))
		goto wait;

	if (!(flags & NVMETEST_BIND_FORCE)) {
		ret = nvmt_func_in_use(&func, why, sizeof(why));
		if (ret > 0) {
			ret = nvmt_fail(-EBUSY, "%s: %s (--force to bind anyway)", bdf, why);
			goto out;
		}
		if (ret < 0) {
			nvmt_set_error("%s: cannot tell whether it is in use: %s",
				       bdf, nvmetest_strerror(ret));
			goto out;
		}
	}

	ret = sysfs_write(bdf, "driver_override", "nvmetest",
			  "%s/bus/pci/devices/%s/driver_override", sys, bdf);
	if (ret)
		goto out;
	if (func.driver[0]) {
		ret = sysfs_write(bdf, "unbind", bdf, "%s/bus/pci/devices/%s/driver/unbind",
				  sys, bdf);
		if (ret) {
			hand_back(bdf);
			goto out;
		}
	}
	/* a failed probe still "succeeds" here: the wait below tells */
	ret = sysfs_write(bdf, "drivers_probe", bdf, "%s/bus/pci/drivers_probe", sys);
	if (ret) {
		hand_back(bdf);
		goto out;
	}

wait:
	deadline = now_ms() + timeout_ms;
	while ((ret = nvmt_class_dev(bdf, name, sizeof(name))) == -ENOENT &&
	       now_ms() < deadline)
		sleep_ms(BIND_POLL_MS);
	if (ret == -ENOENT) {
		char drv[64] = "";

		if (!nvmt_path(path, sizeof(path), "%s/bus/pci/devices/%s/driver",
			       sys, bdf) && nvmt_link_name(path, drv, sizeof(drv)))
			drv[0] = '\0';
		if (!strcmp(drv, "nvmetest")) {
			ret = nvmt_fail(-ETIMEDOUT,
					"%s: bound to nvmetest but no nvmetest class device after %u ms",
					bdf, timeout_ms);
			goto out;
		}
		hand_back(bdf);
		ret = nvmt_fail(-EIO,
				"%s: nvmetest did not bind it (probe failed? see the kernel log); driver_override cleared",
				bdf);
		goto out;
	}
	if (ret)
		goto out;
	ret = ensure_devnode(bdf, name);
	if (!ret)
		ret = nvmt_instance_of(name);
out:
	nvmetest_pci_func_release(&func);
	return ret;
}

int nvmetest_bind(const char *bdf, unsigned int flags)
{
	return nvmt_bind(bdf, flags, BIND_TIMEOUT_MS);
}

int nvmetest_unbind(const char *bdf_in)
{
	struct nvmetest_pci_func func;
	const char *sys = nvmt_sysfs_root();
	const char *bdf;
	int ret;

	nvmt_clear_error();
	ret = nvmetest_pci_func_get(bdf_in, &func);
	if (ret)
		return ret;
	bdf = func.bdf;
	if (func.driver[0] && strcmp(func.driver, "nvmetest")) {
		ret = nvmt_fail(-EINVAL, "%s is bound to %s, not nvmetest", bdf,
				func.driver);
		goto out;
	}
	if (func.driver[0]) {
		ret = sysfs_write(bdf, "unbind", bdf,
				  "%s/bus/pci/drivers/nvmetest/unbind", sys);
		if (ret)
			goto out;
	}
	ret = sysfs_write(bdf, "driver_override", "\n",
			  "%s/bus/pci/devices/%s/driver_override", sys, bdf);
	if (ret)
		goto out;
	ret = sysfs_write(bdf, "drivers_probe", bdf, "%s/bus/pci/drivers_probe", sys);
out:
	nvmetest_pci_func_release(&func);
	return ret;
}
