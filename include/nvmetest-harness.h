/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmetest-harness: the device test framework over libnvmetest. A test is
 * declared with NT_TEST() (name, area, specification reference, what it
 * needs) and registers itself at program start; the runner
 * (nt_main(), harness/runner.c) runs each test in a process of its own
 * with a timeout, builds the fixtures the test asked for before it and
 * tears them down after it, checks the controller's health after a
 * failure, and reports TAP 13, JUnit XML or JSON (docs/harness.md).
 *
 *	NT_TEST(nvm_write_read, "nvm", "NVM Command Set 1.0, 3.2.4 and 3.2.6",
 *		NT_NEED_SCRATCH | NT_NEED_VERIFY)
 *	{
 *		memset(t->buf, 0x5a, nt_io_len(t, 8));
 *		NT_ASSERT_OK(nt_write(t, t->scratch_slba, 8, t->buf));
 *		NT_ASSERT_OK(nt_read(t, t->scratch_slba, 8, t->buf2));
 *		NT_ASSERT_MEMEQ(t->buf, t->buf2, nt_io_len(t, 8));
 *	}
 *
 * A test body runs in the child process; the assertion macros end it
 * (after the fixtures' teardown) on the first failure, NT_SKIP() ends it
 * as skipped with a reason, and NT_XFAIL_IF() declares that a failure of
 * what follows is a known deviation of this device from the text quoted.
 */
#ifndef NVMETEST_HARNESS_H
#define NVMETEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmetest.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a test needs (struct nt_test.needs). Each implies the ones above. */
#define NT_NEED_INIT	(1U << 0)	/* a controller freshly through CTRL_INIT, identified */
#define NT_NEED_NS	(1U << 1)	/* the first active namespace (t->nsid, t->ns) */
#define NT_NEED_IOQ	(1U << 2)	/* an IO queue pair (t->qid) */
#define NT_NEED_VERIFY	(1U << 3)	/* the driver's CRC map on for t->nsid */
#define NT_DESTRUCTIVE	(1U << 4)	/* destroys data: runs only with --destructive */
/* writes data, but only inside t->scratch_slba .. + t->scratch_nlb of
 * t->nsid: runs with --scratch SLBA:NLB (the tester's range) or with
 * --destructive (then the whole namespace); implies NT_NEED_IOQ */
#define NT_NEED_SCRATCH	(1U << 5)

/*
 * Properties the namespace under test must have (struct nt_test.ns_props,
 * NT_TEST_WITH()): the fixture takes the first active namespace that has
 * them (or checks the one --nsid names) and skips the test, saying what
 * is missing, when none has. Each implies NT_NEED_NS.
 */
#define NT_NS_META	(1U << 0)	/* metadata: LBA format MS > 0 */
#define NT_NS_NO_META	(1U << 1)	/* no metadata */
#define NT_NS_EXTENDED	(1U << 2)	/* metadata at the end of each LBA's data */
#define NT_NS_SEPARATE	(1U << 3)	/* metadata in a separate buffer */
#define NT_NS_PI	(1U << 4)	/* end-to-end protection on: DPS type 1, 2 or 3 */

/* Interrupt mode of the controller for a test (struct nt_test.irq):
 * default MSI-X, INTx when the function has no MSI-X; another mode is
 * set up for the test, which is skipped when the function lacks it. */
enum nt_irq {
	NT_IRQ_DEFAULT = 0,
	NT_IRQ_INTX,
	NT_IRQ_MSI,
	NT_IRQ_MSIX,
};

/* A test's verdict. TIMEOUT and CRASH count as failures. */
enum nt_result {
	NT_PASS = 0,
	NT_FAIL,
	NT_SKIP,
	NT_XFAIL,	/* failed as a known device deviation says it would */
	NT_XPASS,	/* a known deviation did not show: passed */
	NT_TIMEOUT,
	NT_CRASH,	/* the test process died without a verdict */
	NT_NR_RESULTS
};

/* "pass", "fail", "skip", "xfail", "xpass", "timeout", "crash". Pure. */
const char *nt_result_name(enum nt_result r);

struct nt_ctx;

/**
 * struct nt_test - a registered test (NT_TEST() fills it)
 * @name:  unique name, [a-z0-9_]
 * @area:  "admin", "nvm", ...: the group of --area, the JUnit testsuite
 * @spec:  what it checks: document and section ("NVMe Base 2.0, 5.17")
 * @needs: NT_NEED_* and NT_DESTRUCTIVE
 * @ns_props:    NT_NS_*: what the namespace under test must be like
 * @ns_lba_size: bytes of data per LBA it must have (0: any)
 * @irq:   the interrupt mode to run in
 * @fn:    the body
 * @file:  source file, for reports
 * @line:  source line
 */
struct nt_test {
	const char *name;
	const char *area;
	const char *spec;
	unsigned int needs;
	unsigned int ns_props;
	uint32_t ns_lba_size;
	enum nt_irq irq;
	void (*fn)(struct nt_ctx *t);
	const char *file;
	int line;
};

/* Add a test to the registry (NT_TEST() calls it from a constructor). */
void nt_register(const struct nt_test *test);
/* The registered tests in registration order; *@nr gets their number. */
const struct nt_test *const *nt_tests(size_t *nr);

/* A body need not use t (a test that only skips): hence "unused". */
#define NT_TEST(name_, area_, spec_, needs_)				\
	NT_TEST_WITH(name_, area_, spec_, needs_, .irq = NT_IRQ_DEFAULT)

/*
 * NT_TEST_WITH - NT_TEST() with more of struct nt_test's fields, as
 * designated initializers:
 *
 *	NT_TEST_WITH(nvm_meta_round_trip, "nvm", "...", NT_NEED_SCRATCH,
 *		     .ns_props = NT_NS_META | NT_NS_SEPARATE)
 *	NT_TEST_WITH(irq_intx_read, "irq", "...", NT_NEED_IOQ, .irq = NT_IRQ_INTX)
 */
#define NT_TEST_WITH(name_, area_, spec_, needs_, ...)			\
	static void nt_body_##name_(struct nt_ctx *t);			\
	static const struct nt_test nt_test_##name_ = {			\
		.name = #name_, .area = (area_), .spec = (spec_),	\
		.needs = (needs_), .fn = nt_body_##name_,		\
		.file = __FILE__, .line = __LINE__, __VA_ARGS__		\
	};								\
	__attribute__((constructor)) static void nt_reg_##name_(void)	\
	{								\
		nt_register(&nt_test_##name_);				\
	}								\
	static void nt_body_##name_(__attribute__((unused)) struct nt_ctx *t)

/**
 * struct nt_ctx - what a test body gets (the fixtures)
 * @dev:      the device, opened for this test
 * @info:     its INFO (PCI identity, CAP, VS), refreshed after the init
 * @id:       Identify Controller (NT_NEED_INIT)
 * @nsid:     the namespace under test (NT_NEED_NS): --nsid, else the first
 *	      active one; else 0
 * @ns:       its geometry (LBA size, metadata, NSZE)
 * @lba_size: bytes of data per LBA of @nsid
 * @qid:      the IO queue pair (NT_NEED_IOQ), else 0
 * @scratch_slba: first LBA of @nsid the test may overwrite (NT_NEED_SCRATCH)
 * @scratch_nlb:  LBAs from @scratch_slba it may overwrite, at least 1
 * @buf:      page-aligned buffer of @buf_len bytes (mmap), DMA-able
 *	      through the driver
 * @buf2:     a second one, e.g. to read back into
 * @meta:     separate metadata buffer of @buf_len bytes
 * @buf_len:  bytes of each buffer: min(128 KiB, info->max_xfer)
 * @priv:     the harness's state of this test
 */
struct nt_ctx {
	struct nvmetest_dev *dev;
	const struct nvmetest_info *info;
	struct nvme_id_ctrl id;
	uint32_t nsid;
	struct nvmetest_ns_info ns;
	uint32_t lba_size;
	uint16_t qid;
	uint64_t scratch_slba;
	uint64_t scratch_nlb;
	void *buf;
	void *buf2;
	void *meta;
	size_t buf_len;
	struct nt_priv *priv;
};

/* The 15-bit status of SCT and SC, as the command functions return it
 * without DNR, More and CRD. */
#define NT_STATUS(sct, sc)	((uint16_t)(((sct) & 0x7) << 8 | ((sc) & 0xff)))

/* Status codes the suite checks: NVMe Base 2.0, Generic Command Status
 * Values (SCT 0) and Command Specific Status Values (SCT 1); LBA Out of
 * Range is the NVM Command Set 1.0's (Figure 15). */
#define NT_SC_SUCCESS			NT_STATUS(0, 0x00)
#define NT_SC_INVALID_OPCODE		NT_STATUS(0, 0x01)
#define NT_SC_INVALID_FIELD		NT_STATUS(0, 0x02)
#define NT_SC_INVALID_NS		NT_STATUS(0, 0x0b)	/* Invalid Namespace or Format */
#define NT_SC_CMD_SEQ_ERROR		NT_STATUS(0, 0x0c)
#define NT_SC_LBA_RANGE			NT_STATUS(0, 0x80)	/* LBA Out of Range */
#define NT_SC_CQ_INVALID		NT_STATUS(1, 0x00)	/* Completion Queue Invalid */
#define NT_SC_INVALID_QID		NT_STATUS(1, 0x01)	/* Invalid Queue Identifier */
#define NT_SC_INVALID_QSIZE		NT_STATUS(1, 0x02)	/* Invalid Queue Size */
#define NT_SC_INVALID_VECTOR		NT_STATUS(1, 0x08)	/* Invalid Interrupt Vector */
#define NT_SC_INVALID_LOG_PAGE		NT_STATUS(1, 0x09)
#define NT_SC_INVALID_QUEUE_DELETION	NT_STATUS(1, 0x0c)

/* ---------------------------------------------------------------------- */
/* Verdicts: each ends the test process (after the teardown).             */

void nt_fail(struct nt_ctx *t, const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));
void nt_skip(struct nt_ctx *t, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
/* A diagnostic line of the test (TAP "# ...", JUnit system-out, JSON). */
void nt_diag(struct nt_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * nt_xfail_if - when @cond, a failure from here on is this device's known
 * deviation: reported as XFAIL with @spec_text (the specification's words
 * it breaks) instead of a failure; a pass is reported as XPASS.
 */
void nt_xfail_if(struct nt_ctx *t, bool cond, const char *spec_text);

/* "what the status is": "INVALID_FIELD (0x4002)", "-ETIMEDOUT (...)". */
const char *nt_ret_str(int ret, char *buf, size_t len);

#define NT_SKIP(...)		nt_skip(t, __VA_ARGS__)
#define NT_DIAG(...)		nt_diag(t, __VA_ARGS__)
#define NT_XFAIL_IF(cond, spec_text)	nt_xfail_if(t, (cond), (spec_text))

#define NT_ASSERT(cond, ...) do {					\
	if (!(cond))							\
		nt_fail(t, __FILE__, __LINE__, __VA_ARGS__);		\
} while (0)

/* Two integers; the message names both expressions and values. */
#define NT_ASSERT_EQ(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		nt_fail(t, __FILE__, __LINE__, "%s == %s: %lld (0x%llx) != %lld (0x%llx)", \
			#a, #b, a_, (unsigned long long)a_, b_, (unsigned long long)b_); \
} while (0)

#define NT_ASSERT_MEMEQ(a, b, len) do {					\
	size_t off_ = nt_memdiff((a), (b), (len));			\
	if (off_ != (size_t)-1)						\
		nt_fail(t, __FILE__, __LINE__, "%s and %s differ at byte %zu of %zu", \
			#a, #b, off_, (size_t)(len));			\
} while (0)

/*
 * NT_ASSERT_STATUS - a command's return (@ret of a libnvmetest command
 * function) is the NVMe status @expected (NT_STATUS(), compared on SCT and
 * SC; DNR, More and CRD are not compared). A negative errno always fails.
 */
#define NT_ASSERT_STATUS(ret, expected, what) do {			\
	int r_ = (ret);							\
	if (!nt_status_is(r_, (expected)))				\
		nt_status_fail(t, __FILE__, __LINE__, (what), r_, (expected)); \
} while (0)
#define NT_ASSERT_OK(ret)	NT_ASSERT_STATUS((ret), NT_SC_SUCCESS, #ret)

bool nt_status_is(int ret, uint16_t expected);
void nt_status_fail(struct nt_ctx *t, const char *file, int line,
		    const char *what, int ret, uint16_t expected)
	__attribute__((noreturn));
/* First differing byte of two buffers, (size_t)-1 when equal. Pure. */
size_t nt_memdiff(const void *a, const void *b, size_t len);

/* ---------------------------------------------------------------------- */
/* Helpers for test bodies.                                               */

/* PCI vendor and device of QEMU's emulated NVMe controller (1b36:0010). */
#define NT_PCI_VID_QEMU		0x1b36
#define NT_PCI_DID_QEMU_NVME	0x0010

/* The device under test is this PCI vendor:device (its config space). */
bool nt_dev_is(const struct nt_ctx *t, uint16_t vendor, uint16_t device);

/* Bytes @nlb LBAs of t->nsid take in a data buffer (extended LBAs carry
 * their metadata). */
uint32_t nt_io_len(const struct nt_ctx *t, uint32_t nlb);
/* LBAs of t->nsid one fixture buffer (t->buf_len bytes) holds: at least
 * 1 with 4 KiB pages; with a small MDTS fewer than a test may expect. */
uint32_t nt_buf_lbas(const struct nt_ctx *t);
/*
 * nt_read / nt_write - @nlb (1's based) LBAs at @slba of t->nsid on t->qid
 * into / from @buf (t->meta for separate metadata). With NT_NEED_VERIFY,
 * writes are stamped and reads checked by the driver (a mismatch returns
 * -EILSEQ). Return: as nvmetest_read().
 */
int nt_read(struct nt_ctx *t, uint64_t slba, uint32_t nlb, void *buf);
int nt_write(struct nt_ctx *t, uint64_t slba, uint32_t nlb, const void *buf);

/* Get Features current value of @fid into *@value. Return: as
 * nvmetest_get_features(). */
int nt_get_feature(struct nt_ctx *t, uint8_t fid, uint32_t cdw11, uint32_t *value);

/*
 * nt_cmd_supported - does the controller support this command, by its
 * Commands Supported and Effects log (NVMe Base 2.0, 5.16.1.6; read once
 * per test, I/O entries for the NVM command set)?
 * @io:     an I/O command opcode (else an admin one)
 * @opcode: the opcode
 * Return: 1 when CSUPP is set, 0 when it is clear, -1 when the controller
 * has no such log (Identify LPA bit 1 clear) or reading it failed (the
 * test then decides from Identify OACS/ONCS, as before the log existed).
 */
int nt_cmd_supported(struct nt_ctx *t, bool io, uint8_t opcode);
/* NT_SKIP unless nt_cmd_supported() is 1 or -1; the reason names the log
 * entry and @what ("Format NVM"). */
void nt_require_cmd(struct nt_ctx *t, bool io, uint8_t opcode, const char *what);

/* Feature capabilities (Get Features, Select 011b; NVMe Base 2.0, 5.15):
 * bit 0 saveable, bit 1 namespace specific, bit 2 changeable. */
#define NT_FEAT_CAP_SAVEABLE	(1U << 0)
#define NT_FEAT_CAP_NS_SPECIFIC	(1U << 1)
#define NT_FEAT_CAP_CHANGEABLE	(1U << 2)
/*
 * nt_feature_caps - Get Features of @fid with Select 011b into *@caps
 * Return: 0; -1 when the controller has no Select field (Identify ONCS
 * bit 4 clear); else what the command returned (an NVMe status > 0, or a
 * negative errno).
 */
int nt_feature_caps(struct nt_ctx *t, uint8_t fid, uint32_t *caps);

/* ---------------------------------------------------------------------- */
/* The runner.                                                            */

/* nt_main - the command line runner (--help lists its options). */
int nt_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_HARNESS_H */
