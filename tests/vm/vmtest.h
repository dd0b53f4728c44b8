/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the in-VM CUnit suites and guest programs: which
 * controller to test, what QEMU was told to emulate (the harness's
 * NVMETEST_VMCONF file), binding through sysfs, a suite's open and give
 * back, raw ioctl wrappers that return -errno, and running the suites
 * (CUnit) or numbering a guest program's results (TAP).
 */
#ifndef NVMETEST_VMTEST_H
#define NVMETEST_VMTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <CUnit/Basic.h>
#include <linux/nvmetest.h>

/* The controller under test, e.g. "0000:01:00.0" (first of NVMETEST_BDFS). */
const char *vmt_bdf(void);

/*
 * vmt_conf - a value of the harness's configuration file (key=value lines,
 * e.g. "nvme0.msix=8"); NULL when the key is absent or there is no file.
 */
const char *vmt_conf(const char *key);
long long vmt_conf_num(const char *key, long long dflt);

/* Read a sysfs file of the device under test as a number (base 0). */
int vmt_sysfs_num(const char *bdf, const char *attr, unsigned long long *val);
/* Write a string to an absolute sysfs path; -errno on failure. */
int vmt_sysfs_write(const char *path, const char *val);

/* Hand the device to nvmetest (driver_override) and wait for the node. */
int vmt_bind(const char *bdf, char *devpath, size_t len);
/* Unbind from nvmetest and clear driver_override. */
int vmt_unbind(const char *bdf);
/* The driver a PCI function is bound to now ("" when none). */
int vmt_driver_of(const char *bdf, char *buf, size_t len);

/* ioctl wrappers: 0 or -errno. */
int vmt_ioctl(int fd, unsigned long req, void *arg);
int vmt_reg(int fd, bool write, uint32_t off, uint16_t width,
	    uint64_t *val, uint16_t flags);
int vmt_cfg(int fd, bool write, uint32_t off, uint16_t width,
	    uint64_t *val, uint16_t flags);
/* Config offset of the (standard) capability with @id; 0 when absent. */
uint32_t vmt_cfg_cap(int fd, uint8_t id);
/* IRQ_STATS of vector @idx; asserts that the driver is in @mode. */
struct nvmetest_irq_vector vmt_irq_vec(int fd, uint32_t idx, uint32_t mode);

/* CTRL_INIT with @mode and @nvec vectors; 0 or -errno. */
int vmt_ctrl_init(int fd, uint32_t mode, uint32_t nvec, uint16_t nr_io_queues);

/* IO queues: 0 or -errno; *status gets the device's status (0 = created). */
int vmt_cq_create(int fd, uint16_t qid, uint32_t depth, uint16_t vector,
		  uint32_t flags, uint16_t *status);
int vmt_sq_create(int fd, uint16_t qid, uint16_t cqid, uint32_t depth,
		  uint32_t flags, uint16_t *status);
/* The same with a DMA buffer for the ring (NVMETEST_QUEUE_RAW, the raw path). */
int vmt_cq_create_dbuf(int fd, uint16_t qid, uint32_t depth, uint16_t vector,
		       uint32_t flags, uint32_t dbuf, uint32_t off,
		       uint16_t *status);
int vmt_sq_create_dbuf(int fd, uint16_t qid, uint16_t cqid, uint32_t depth,
		       uint32_t flags, uint32_t dbuf, uint32_t off,
		       uint16_t *status);
int vmt_queue_delete(int fd, uint16_t qid, uint16_t type, uint16_t *status);
/* Create CQ @qid on @vector and SQ @qid on it; 0 when both exist. */
int vmt_ioq_pair(int fd, uint16_t qid, uint32_t depth, uint16_t vector);
/* The queue @qid of @type in QUEUE_LIST: 1 found (*out filled), 0 not. */
int vmt_queue_find(int fd, uint16_t qid, uint16_t type,
		   struct nvmetest_queue_info *out);

/*
 * vmt_ns_list - NS_LIST into @ns (@count entries); *@total (may be NULL)
 * gets the number of active namespaces. Return: entries filled, or -errno.
 */
int vmt_ns_list(int fd, struct nvmetest_ns_info *ns, uint32_t count,
		uint32_t *total);

/* IRQ_CTL: @op (NVMETEST_IRQ_*) on @vector; 0 or -errno. */
int vmt_irq_ctl(int fd, uint32_t vector, uint32_t op);
/* VERIFY_CONFIG of @nsid with @flags and @mem_cap; 0 or -errno. */
int vmt_verify_config(int fd, uint32_t nsid, uint32_t flags, uint64_t mem_cap);

/* Host status in vmt_io()'s answer: VMT_HOST | host_status. */
#define VMT_HOST	0x10000

/*
 * One NVM command through CMD: @cdw10..@cdw12 as given (for Read/Write,
 * SLBA is cdw10/11 and NLB - 1 in cdw12). Return: -errno; VMT_HOST |
 * host_status when the device did not complete it; else the NVMe status
 * (SCT << 8 | SC, 0 = success). @out (may be NULL) gets the ioctl's view.
 */
int vmt_io(int fd, uint16_t qid, uint8_t opc, uint32_t nsid, uint32_t cdw10,
	   uint32_t cdw11, uint32_t cdw12, void *buf, uint32_t len, void *meta,
	   uint32_t mlen, uint16_t flags, uint32_t timeout_ms,
	   struct nvmetest_cmd *out);
/* Read/Write of @nlb blocks at @slba. */
int vmt_nvm_rw(int fd, uint16_t qid, uint8_t opc, uint32_t nsid, uint64_t slba,
	   uint32_t nlb, void *buf, uint32_t len, void *meta, uint32_t mlen);

/*
 * vmt_open_bound - bind the device under test to nvmetest and open its
 * node into *@fd (-1 when it cannot): a suite's init. @devpath receives
 * the node's path. Return: 0, or -1 (with a message on stderr).
 */
int vmt_open_bound(int *fd, char *devpath, size_t len);
/*
 * vmt_give_back - turn verification off (a map that is on would outlive
 * the binding), close *@fd (if >= 0), set it to -1 and hand the device
 * back to the in-tree driver, as the suites found it: a suite's cleanup.
 * Return: 0 or -1.
 */
int vmt_give_back(int *fd);

/*
 * IOWorkers through the raw ioctls: 0 or -errno. vmt_iow_wait() waits up
 * to @timeout_ms for worker @id (0 = every worker of the file) and puts
 * the number still running in *@running (may be NULL). vmt_iow_result()
 * fills @res for @id with @flags_in (NVMETEST_IOW_RESULT_RELEASE), no
 * histogram and no per-second table.
 */
int vmt_iow_start(int fd, struct nvmetest_ioworker_spec *spec);
int vmt_iow_stop(int fd, uint32_t id);
int vmt_iow_wait(int fd, uint32_t id, uint32_t timeout_ms, uint32_t *running);
int vmt_iow_result(int fd, uint32_t id, uint32_t flags_in,
		   struct nvmetest_ioworker_result *res);

/*
 * vmt_writer_start - an IOWorker writing LBAs [@start, @start + @nlb) of
 * @nsid sequentially with @seed, on @vector, queue depth 8, for up to
 * @time_ms; *@id its id. Return: as vmt_iow_start().
 * vmt_readback - read [@start, @start + @nlb) of @nsid once, 256 LBAs per
 * command, with an IOWorker and wait for it; *@res its result. Return: 0,
 * or -errno of the start, the wait or the result.
 */
int vmt_writer_start(int fd, uint32_t nsid, uint64_t start, uint64_t nlb,
		     uint32_t seed, uint16_t vector, uint32_t time_ms,
		     uint32_t *id);
int vmt_readback(int fd, uint32_t nsid, uint64_t start, uint64_t nlb,
		 uint32_t time_ms, struct nvmetest_ioworker_result *res);
/*
 * vmt_readback_verified - vmt_readback() as a CUnit check: it ran to its
 * count without an error or a verification failure, and verified LBAs
 * (the region holds data the map knows). Return: whether all held.
 */
bool vmt_readback_verified(int fd, uint32_t nsid, uint64_t start,
			   uint64_t nlb, uint32_t time_ms);

/*
 * vmt_hmp - an HMP command to the VM's QEMU (human-monitor-command),
 * through the relay folder tools/vm/run serves ($NVMETEST_QMP_RELAY, as
 * tools/vm/qmp.py --guest does, without a Python start, which takes
 * seconds in the VM). @cmd must not need JSON escapes (no '"' or '\\').
 * The reply's JSON goes to @reply (NUL-terminated, cut to @len).
 * Return: 0, or -1 (no relay, no answer within 30 s).
 */
int vmt_hmp(const char *cmd, char *reply, size_t len);

/* The little-endian 64-bit value at @p (the verify stamps). */
uint64_t vmt_le64(const uint8_t *p);

/*
 * vmt_tap - the next TAP line of a guest program that is not a CUnit
 * suite: "ok N @name" or "not ok N @name", N counting from 1.
 * vmt_tap_exit - its exit status: 1 when a line said "not ok", else 0.
 */
void vmt_tap(bool ok, const char *name);
int vmt_tap_exit(void);

/* @pages 4 KiB pages of fresh anonymous memory (page aligned), or NULL. */
void *vmt_pages(size_t pages);
/*
 * The first of the last @n LBAs of namespace @nsid when its LBAs are
 * @lba_size bytes without metadata, else 0 (with a message).
 */
uint64_t vmt_ns_tail(int fd, uint32_t nsid, uint32_t lba_size, uint32_t n);
/* Write @val to nvmetest's module parameter @name; 0 or -1. */
int vmt_module_param(const char *name, const char *val);
/* A child reads @va, or writes it with @write: the signal that ended it, or 0. */
int vmt_touch_status(volatile uint8_t *va, bool write);
/* A reproducible byte pattern from @seed. */
void vmt_fill(uint8_t *p, size_t len, uint32_t seed);

/* Run the registered CUnit suites; exit status from the failure count. */
int vmt_run_suites(void);
/*
 * vmt_run - register @suites (CU_SUITE_INFO_NULL terminated) in a new
 * registry and run them as vmt_run_suites() does.
 */
int vmt_run(CU_SuiteInfo *suites);
/* vmt_run() of the one suite @name: @init, @fini and @tests. */
int vmt_run_suite(const char *name, CU_InitializeFunc init,
		  CU_CleanupFunc fini, CU_TestInfo *tests);
/*
 * vmt_run_bound - vmt_run_suite() of a suite that runs on the device under
 * test: its init is vmt_open_bound(@fd, @devpath, @len) and then @setup
 * (may be NULL), its cleanup vmt_give_back(@fd).
 */
int vmt_run_bound(const char *name, int *fd, char *devpath, size_t len,
		  CU_InitializeFunc setup, CU_TestInfo *tests);

#endif
