// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the in-VM CUnit suites (see vmtest.h): device choice,
 * the harness configuration, sysfs binding and raw ioctl wrappers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "vmtest.h"

#define PCI_DEVICES "/sys/bus/pci/devices"

const char *vmt_bdf(void)
{
	static char bdf[32];
	const char *env = getenv("NVMETEST_BDFS");

	if (!bdf[0]) {
		if (!env || !*env)
			env = "0000:01:00.0";
		snprintf(bdf, sizeof(bdf), "%.*s", (int)strcspn(env, " "), env);
	}
	return bdf;
}

const char *vmt_conf(const char *key)
{
	static char line[512];
	const char *path = getenv("NVMETEST_VMCONF");
	size_t klen = strlen(key);
	const char *found = NULL;
	FILE *f;

	if (!path)
		return NULL;
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		line[strcspn(line, "\n")] = '\0';
		found = line + klen + 1;
		break;
	}
	fclose(f);
	return found;
}

long long vmt_conf_num(const char *key, long long dflt)
{
	const char *v = vmt_conf(key);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	n = strtoll(v, &end, 0);
	return *end ? dflt : n;
}

int vmt_sysfs_num(const char *bdf, const char *attr, unsigned long long *val)
{
	char path[PATH_MAX], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/%s", bdf, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*val = strtoull(buf, NULL, 0);
	return 0;
}

int vmt_sysfs_write(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	return 0;
}

int vmt_driver_of(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		if (errno != ENOENT)
			return -errno;
		buf[0] = '\0';
		return 0;
	}
	link[n] = '\0';
	snprintf(buf, len, "%s", strrchr(link, '/') + 1);
	return 0;
}

/* The nvmetestN name of a bound function, from its sysfs class link. */
static int vmt_node_of(const char *bdf, char *devpath, size_t len)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int ret = -ENOENT;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/nvmetest", bdf);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "nvmetest", 8))
			continue;
		snprintf(devpath, len, "/dev/%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

int vmt_bind(const char *bdf, char *devpath, size_t len)
{
	char path[PATH_MAX], drv[64];
	int ret, i;

	ret = vmt_driver_of(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	if (!strcmp(drv, "nvmetest"))
		goto wait_node;
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", bdf);
	ret = vmt_sysfs_write(path, "nvmetest");
	if (ret)
		return ret;
	if (drv[0]) {
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver/unbind", bdf);
		ret = vmt_sysfs_write(path, bdf);
		if (ret)
			return ret;
	}
	ret = vmt_sysfs_write("/sys/bus/pci/drivers_probe", bdf);
	if (ret)
		return ret;
wait_node:
	for (i = 0; i < 100; i++) {
		struct stat st;

		if (!vmt_node_of(bdf, devpath, len) && !stat(devpath, &st))
			return 0;
		usleep(50 * 1000);
	}
	return -ETIMEDOUT;
}

int vmt_unbind(const char *bdf)
{
	char path[PATH_MAX], drv[64];
	int ret;

	ret = vmt_driver_of(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	if (!strcmp(drv, "nvmetest")) {
		ret = vmt_sysfs_write("/sys/bus/pci/drivers/nvmetest/unbind", bdf);
		if (ret)
			return ret;
	}
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", bdf);
	return vmt_sysfs_write(path, "\n");
}

int vmt_open_bound(int *fd, char *devpath, size_t len)
{
	*fd = -1;
	if (vmt_bind(vmt_bdf(), devpath, len)) {
		fprintf(stderr, "vmtest: cannot bind %s to nvmetest\n", vmt_bdf());
		return -1;
	}
	*fd = open(devpath, O_RDWR | O_CLOEXEC);
	if (*fd < 0) {
		fprintf(stderr, "vmtest: cannot open %s: %s\n", devpath,
			strerror(errno));
		return -1;
	}
	return 0;
}

int vmt_give_back(int *fd)
{
	struct nvmetest_verify_config off = { .nsid = 0xffffffff };

	/*
	 * A map that is on outlives the binding (the next binding of the
	 * drive adopts it): off, so that the next suite finds none, as it
	 * finds the device.
	 */
	if (*fd >= 0)
		ioctl(*fd, NVMETEST_IOC_VERIFY_CONFIG, &off);
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	if (vmt_unbind(vmt_bdf()))
		return -1;
	return vmt_sysfs_write("/sys/bus/pci/drivers_probe", vmt_bdf()) ? -1 : 0;
}

int vmt_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

static int vmt_rw(int fd, unsigned long rd, unsigned long wr, bool write,
		  uint32_t off, uint16_t width, uint64_t *val, uint16_t flags)
{
	struct nvmetest_rw rw = {
		.offset = off,
		.width = width,
		.flags = flags,
		.value = write ? *val : 0,
	};
	int ret;

	ret = vmt_ioctl(fd, write ? wr : rd, &rw);
	if (!ret && !write)
		*val = rw.value;
	return ret;
}

int vmt_reg(int fd, bool write, uint32_t off, uint16_t width, uint64_t *val,
	    uint16_t flags)
{
	return vmt_rw(fd, NVMETEST_IOC_REG_READ, NVMETEST_IOC_REG_WRITE, write,
		      off, width, val, flags);
}

int vmt_cfg(int fd, bool write, uint32_t off, uint16_t width, uint64_t *val,
	    uint16_t flags)
{
	return vmt_rw(fd, NVMETEST_IOC_CFG_READ, NVMETEST_IOC_CFG_WRITE, write,
		      off, width, val, flags);
}

uint32_t vmt_cfg_cap(int fd, uint8_t id)
{
	uint64_t v = 0;
	uint32_t pos, n;

	if (vmt_cfg(fd, false, 0x34, 1, &v, 0))
		return 0;
	for (pos = v & 0xfc, n = 0; pos && n < 48; n++) {
		if (vmt_cfg(fd, false, pos, 2, &v, 0))
			return 0;
		if ((v & 0xff) == id)
			return pos;
		pos = (v >> 8) & 0xfc;
	}
	return 0;
}

struct nvmetest_irq_vector vmt_irq_vec(int fd, uint32_t idx, uint32_t mode)
{
	struct nvmetest_irq_vector v;
	struct nvmetest_irq_stats st = {
		.vectors = (uintptr_t)&v,
		.first = idx,
		.count = 1,
	};

	memset(&v, 0, sizeof(v));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_IRQ_STATS, &st), 0);
	CU_ASSERT_EQUAL(st.mode, mode);
	return v;
}

int vmt_ctrl_init(int fd, uint32_t mode, uint32_t nvec, uint16_t nr_io_queues)
{
	struct nvmetest_ctrl_init in;

	memset(&in, 0, sizeof(in));
	in.irq_mode = mode;
	in.nr_vectors = nvec;
	in.nr_io_queues = nr_io_queues;
	return vmt_ioctl(fd, NVMETEST_IOC_CTRL_INIT, &in);
}

int vmt_cq_create(int fd, uint16_t qid, uint32_t depth, uint16_t vector,
		  uint32_t flags, uint16_t *status)
{
	return vmt_cq_create_dbuf(fd, qid, depth, vector, flags, 0, 0, status);
}

int vmt_cq_create_dbuf(int fd, uint16_t qid, uint32_t depth, uint16_t vector,
		       uint32_t flags, uint32_t dbuf, uint32_t off,
		       uint16_t *status)
{
	struct nvmetest_cq_create cc;
	int ret;

	memset(&cc, 0, sizeof(cc));
	cc.qid = qid;
	cc.depth = depth;
	cc.vector = vector;
	cc.flags = flags;
	cc.dbuf = dbuf;
	cc.dbuf_offset = off;
	ret = vmt_ioctl(fd, NVMETEST_IOC_CQ_CREATE, &cc);
	if (status)
		*status = cc.status;
	return ret;
}

int vmt_sq_create(int fd, uint16_t qid, uint16_t cqid, uint32_t depth,
		  uint32_t flags, uint16_t *status)
{
	return vmt_sq_create_dbuf(fd, qid, cqid, depth, flags, 0, 0, status);
}

int vmt_sq_create_dbuf(int fd, uint16_t qid, uint16_t cqid, uint32_t depth,
		       uint32_t flags, uint32_t dbuf, uint32_t off,
		       uint16_t *status)
{
	struct nvmetest_sq_create sc;
	int ret;

	memset(&sc, 0, sizeof(sc));
	sc.qid = qid;
	sc.cqid = cqid;
	sc.depth = depth;
	sc.flags = flags;
	sc.dbuf = dbuf;
	sc.dbuf_offset = off;
	ret = vmt_ioctl(fd, NVMETEST_IOC_SQ_CREATE, &sc);
	if (status)
		*status = sc.status;
	return ret;
}

int vmt_queue_delete(int fd, uint16_t qid, uint16_t type, uint16_t *status)
{
	struct nvmetest_queue_delete qd;
	int ret;

	memset(&qd, 0, sizeof(qd));
	qd.qid = qid;
	qd.type = type;
	ret = vmt_ioctl(fd, NVMETEST_IOC_QUEUE_DELETE, &qd);
	if (status)
		*status = qd.status;
	return ret;
}

int vmt_ioq_pair(int fd, uint16_t qid, uint32_t depth, uint16_t vector)
{
	uint16_t st = 0;
	int ret;

	ret = vmt_cq_create(fd, qid, depth, vector, 0, &st);
	if (ret || st)
		return ret ? ret : -EIO;
	ret = vmt_sq_create(fd, qid, qid, depth, 0, &st);
	return ret ? ret : st ? -EIO : 0;
}

int vmt_queue_find(int fd, uint16_t qid, uint16_t type,
		   struct nvmetest_queue_info *out)
{
	struct nvmetest_queue_info qi[64];
	struct nvmetest_queue_list ql;
	uint32_t i;

	memset(&ql, 0, sizeof(ql));
	ql.queues = (uintptr_t)qi;
	ql.count = 64;
	if (vmt_ioctl(fd, NVMETEST_IOC_QUEUE_LIST, &ql))
		return 0;
	for (i = 0; i < ql.count; i++) {
		if (qi[i].qid == qid && qi[i].type == type) {
			if (out)
				*out = qi[i];
			return 1;
		}
	}
	return 0;
}

int vmt_io(int fd, uint16_t qid, uint8_t opc, uint32_t nsid, uint32_t cdw10,
	   uint32_t cdw11, uint32_t cdw12, void *buf, uint32_t len, void *meta,
	   uint32_t mlen, uint16_t flags, uint32_t timeout_ms,
	   struct nvmetest_cmd *out)
{
	struct nvmetest_cmd c;
	uint32_t dw3;
	int ret;

	memset(&c, 0, sizeof(c));
	c.sqe[0] = opc;
	memcpy(&c.sqe[4], &nsid, 4);
	memcpy(&c.sqe[40], &cdw10, 4);
	memcpy(&c.sqe[44], &cdw11, 4);
	memcpy(&c.sqe[48], &cdw12, 4);
	c.data = (uintptr_t)buf;
	c.data_len = len;
	c.metadata = (uintptr_t)meta;
	c.meta_len = mlen;
	c.qid = qid;
	c.flags = flags;
	c.timeout_ms = timeout_ms;
	ret = vmt_ioctl(fd, NVMETEST_IOC_CMD, &c);
	if (out)
		*out = c;
	if (ret)
		return ret;
	if (c.host_status)
		return VMT_HOST | c.host_status;
	memcpy(&dw3, &c.cqe[12], 4);
	return (dw3 >> 17) & 0x7ff;
}

int vmt_nvm_rw(int fd, uint16_t qid, uint8_t opc, uint32_t nsid, uint64_t slba,
	   uint32_t nlb, void *buf, uint32_t len, void *meta, uint32_t mlen)
{
	return vmt_io(fd, qid, opc, nsid, (uint32_t)slba, (uint32_t)(slba >> 32),
		      nlb - 1, buf, len, meta, mlen, 0, 0, NULL);
}

int vmt_ns_list(int fd, struct nvmetest_ns_info *ns, uint32_t count,
		uint32_t *total)
{
	struct nvmetest_ns_list nl;
	int ret;

	memset(&nl, 0, sizeof(nl));
	nl.ns = (uintptr_t)ns;
	nl.count = count;
	ret = vmt_ioctl(fd, NVMETEST_IOC_NS_LIST, &nl);
	if (total)
		*total = nl.total;
	return ret ? ret : (int)nl.count;
}

int vmt_irq_ctl(int fd, uint32_t vector, uint32_t op)
{
	struct nvmetest_irq_ctl ic = { .vector = vector, .op = op };

	return vmt_ioctl(fd, NVMETEST_IOC_IRQ_CTL, &ic);
}

int vmt_verify_config(int fd, uint32_t nsid, uint32_t flags, uint64_t mem_cap)
{
	struct nvmetest_verify_config vc = {
		.nsid = nsid, .flags = flags, .mem_cap = mem_cap,
	};

	return vmt_ioctl(fd, NVMETEST_IOC_VERIFY_CONFIG, &vc);
}

int vmt_iow_start(int fd, struct nvmetest_ioworker_spec *spec)
{
	return vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_START, spec);
}

int vmt_writer_start(int fd, uint32_t nsid, uint64_t start, uint64_t nlb,
		     uint32_t seed, uint16_t vector, uint32_t time_ms,
		     uint32_t *id)
{
	struct nvmetest_ioworker_spec s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.nsid = nsid;
	s.vector = vector;
	s.qdepth = 8;
	s.seed = seed;
	s.region_start = start;
	s.region_end = start + nlb;
	s.lba_start = start;
	s.time_ms = time_ms;
	s.nr_ops = 1;
	s.ops[0].opcode = 0x01;		/* Write */
	s.ops[0].pct = 100;
	ret = vmt_iow_start(fd, &s);
	*id = s.id;
	return ret;
}

int vmt_readback(int fd, uint32_t nsid, uint64_t start, uint64_t nlb,
		 uint32_t time_ms, struct nvmetest_ioworker_result *res)
{
	struct nvmetest_ioworker_spec s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.nsid = nsid;
	s.vector = 1;
	s.qdepth = 16;
	s.region_start = start;
	s.region_end = start + nlb;
	s.lba_start = start;
	s.nr_sizes = 1;
	s.sizes[0].nlb = 256;
	s.sizes[0].pct = 100;
	s.io_count = nlb / 256;
	ret = vmt_iow_start(fd, &s);
	if (!ret)
		ret = vmt_iow_wait(fd, s.id, time_ms, NULL);
	if (!ret)
		ret = vmt_iow_result(fd, s.id, NVMETEST_IOW_RESULT_RELEASE, res);
	return ret;
}

int vmt_hmp(const char *cmd, char *reply, size_t len)
{
	const char *relay = getenv("NVMETEST_QMP_RELAY");
	char base[PATH_MAX], tmp[PATH_MAX + 8], req[PATH_MAX + 8], rep[PATH_MAX + 8];
	struct timespec ts;
	ssize_t n = -1;
	FILE *f;
	int fd, i;

	if (!relay || strpbrk(cmd, "\"\\"))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(base, sizeof(base), "%s/c%d-%lld%09ld", relay, (int)getpid(),
		 (long long)ts.tv_sec, ts.tv_nsec);
	snprintf(tmp, sizeof(tmp), "%s.tmp", base);
	snprintf(req, sizeof(req), "%s.req", base);
	snprintf(rep, sizeof(rep), "%s.rep", base);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "{\"execute\": \"human-monitor-command\", "
		"\"arguments\": {\"command-line\": \"%s\"}, \"timeout\": 30}", cmd);
	if (fclose(f) || rename(tmp, req))
		return -1;
	for (i = 0; i < 800; i++) {	/* 40 s: the relay's 30 and some */
		fd = open(rep, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, reply, len - 1);
			close(fd);
			unlink(rep);
			break;
		}
		usleep(50000);
	}
	reply[n > 0 ? n : 0] = '\0';
	return n > 0 ? 0 : -1;
}

bool vmt_readback_verified(int fd, uint32_t nsid, uint64_t start,
			   uint64_t nlb, uint32_t time_ms)
{
	struct nvmetest_ioworker_result res;

	if (vmt_readback(fd, nsid, start, nlb, time_ms, &res)) {
		CU_FAIL("readback: the IOWorker did not run");
		return false;
	}
	CU_ASSERT_EQUAL(res.end_reason, NVMETEST_IOW_END_COUNT);
	CU_ASSERT_EQUAL(res.errors, 0);
	CU_ASSERT_EQUAL(res.verify_failures, 0);
	CU_ASSERT(res.lbas_verified > 0);
	return res.end_reason == NVMETEST_IOW_END_COUNT && !res.errors &&
	       !res.verify_failures && res.lbas_verified > 0;
}

int vmt_iow_stop(int fd, uint32_t id)
{
	struct nvmetest_ioworker_ctl c;

	memset(&c, 0, sizeof(c));
	c.id = id;
	return vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_STOP, &c);
}

int vmt_iow_wait(int fd, uint32_t id, uint32_t timeout_ms, uint32_t *running)
{
	struct nvmetest_ioworker_ctl c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.id = id;
	c.timeout_ms = timeout_ms;
	ret = vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_WAIT, &c);
	if (running)
		*running = c.running;
	return ret;
}

int vmt_iow_result(int fd, uint32_t id, uint32_t flags_in,
		   struct nvmetest_ioworker_result *res)
{
	memset(res, 0, sizeof(*res));
	res->id = id;
	res->flags_in = flags_in;
	return vmt_ioctl(fd, NVMETEST_IOC_IOWORKER_RESULT, res);
}

uint64_t vmt_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int tap_n, tap_failed;

void vmt_tap(bool ok, const char *name)
{
	tap_n++;
	if (!ok)
		tap_failed++;
	printf("%sok %d %s\n", ok ? "" : "not ", tap_n, name);
	fflush(stdout);
}

int vmt_tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

void *vmt_pages(size_t pages)
{
	void *p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

uint64_t vmt_ns_tail(int fd, uint32_t nsid, uint32_t lba_size, uint32_t n)
{
	struct nvmetest_ns_info ns[8];
	uint32_t total = 0, i;

	if (vmt_ns_list(fd, ns, 8, &total) < 0)
		return 0;
	for (i = 0; i < total && i < 8; i++)
		if (ns[i].nsid == nsid && ns[i].lba_size == lba_size &&
		    !ns[i].ms && ns[i].nsze > n)
			return ns[i].nsze - n;
	printf("vmtest: namespace %u is not %u-byte LBAs without metadata\n",
	       nsid, lba_size);
	return 0;
}

int vmt_module_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/nvmetest/parameters/%s",
		 name);
	return vmt_sysfs_write(path, val);
}

int vmt_touch_status(volatile uint8_t *va, bool write)
{
	pid_t pid = fork();
	int st = -1;

	if (pid == 0) {
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		if (write)
			va[0] = 2;
		else
			st = va[0];
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

void vmt_fill(uint8_t *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = seed >> 16;
	}
}

int vmt_run(CU_SuiteInfo *suites)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "registering the suites: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 1;
	}
	return vmt_run_suites();
}

int vmt_run_suite(const char *name, CU_InitializeFunc init,
		  CU_CleanupFunc fini, CU_TestInfo *tests)
{
	CU_SuiteInfo suites[] = {
		{ name, init, fini, NULL, NULL, tests },
		CU_SUITE_INFO_NULL,
	};

	return vmt_run(suites);
}

/* The suite vmt_run_bound() runs: where its init opens the device to. */
static struct {
	int *fd;
	char *devpath;
	size_t len;
	CU_InitializeFunc setup;
} bound;

static int bound_init(void)
{
	if (vmt_open_bound(bound.fd, bound.devpath, bound.len))
		return -1;
	return bound.setup ? bound.setup() : 0;
}

static int bound_fini(void)
{
	return vmt_give_back(bound.fd);
}

int vmt_run_bound(const char *name, int *fd, char *devpath, size_t len,
		  CU_InitializeFunc setup, CU_TestInfo *tests)
{
	bound.fd = fd;
	bound.devpath = devpath;
	bound.len = len;
	bound.setup = setup;
	return vmt_run_suite(name, bound_init, bound_fini, tests);
}

int vmt_run_suites(void)
{
	unsigned int failed;

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_error() != CUE_SUCCESS)
		failed++;
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
