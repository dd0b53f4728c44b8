// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The test process's side of the harness: building the fixtures a test
 * asked for (the device, CTRL_INIT and Identify, the namespace under
 * test, the scratch range, an IO queue pair, the CRC map, buffers), running the body,
 * the verdicts (fail, skip, xfail) that end it after the teardown, and
 * the helpers test bodies use. The verdict goes to the runner over a pipe
 * as lines: "D text" per diagnostic line, then one "R result reason".
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fixture.h"

/* Largest buffer a fixture maps: enough for every test of the suite and
 * small enough for any MDTS a device reports (capped by max_xfer). */
#define NT_BUF_MAX	(128u * 1024)
#define NT_IOQ_DEPTH	64u
#define NT_IOQ_ID	1

struct nt_priv {
	int fd;			/* the pipe to the runner */
	const char *xfail_spec;	/* NT_XFAIL_IF() was true: its text */
	bool qpair;		/* t->qid exists: delete it */
	bool verify;		/* the CRC map was off and turned on: turn it off */
	size_t map_len;		/* bytes of each mmap'd buffer */
	bool done;		/* the verdict is being written */
	bool have_id;		/* t->id holds Identify Controller */
	struct nvme_cmd_effects_log *cse;	/* read by nt_cmd_supported() */
	int cse_state;		/* 0 not read, 1 read, -1 none */
};

static void report_line(struct nt_priv *p, char kind, const char *text)
{
	size_t len = strlen(text);
	char *line = malloc(len + 4);

	if (!line)
		return;
	line[0] = kind;
	line[1] = ' ';
	for (size_t i = 0; i < len; i++)
		line[2 + i] = text[i] == '\n' ? ' ' : text[i];
	line[len + 2] = '\n';
	/* a short write to a pipe of this size does not happen; a broken
	 * pipe (the runner is gone) leaves nobody to tell */
	if (write(p->fd, line, len + 3) < 0)
		line[0] = 0;
	free(line);
}

void nt_diag(struct nt_ctx *t, const char *fmt, ...)
{
	char *text, *save = NULL, *l;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return;
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		report_line(t->priv, 'D', l);
	free(text);
}

void nt_xfail_if(struct nt_ctx *t, bool cond, const char *spec_text)
{
	if (cond)
		t->priv->xfail_spec = spec_text;
}

/* Undo the fixtures; what fails on the way is a diagnostic, not a verdict:
 * the verdict is about the test's command, and the runner checks the
 * controller's health after a failure anyway. */
static void teardown(struct nt_ctx *t)
{
	struct nt_priv *p = t->priv;
	char s[128];
	int ret;

	if (p->qpair) {
		ret = nvmetest_qpair_delete(t->dev, t->qid);
		if (ret)
			nt_diag(t, "teardown: deleting IO queue pair %u: %s", t->qid,
				nt_ret_str(ret, s, sizeof(s)));
		p->qpair = false;
	}
	if (p->verify) {
		ret = nvmetest_verify_config(t->dev, t->nsid, 0, 0);
		if (ret)
			nt_diag(t, "teardown: turning verification off for namespace %u: %s",
				t->nsid, nt_ret_str(ret, s, sizeof(s)));
		p->verify = false;
	}
	free(p->cse);
	p->cse = NULL;
	if (t->buf)
		munmap(t->buf, p->map_len);
	if (t->buf2)
		munmap(t->buf2, p->map_len);
	if (t->meta)
		munmap(t->meta, p->map_len);
	t->buf = t->buf2 = t->meta = NULL;
	nvmetest_close(t->dev);
	t->dev = NULL;
}

static void __attribute__((noreturn))
finish(struct nt_ctx *t, enum nt_result r, const char *reason)
{
	char line[16];
	char *text;

	/* a failing teardown must not recurse into another verdict */
	if (!t->priv->done) {
		t->priv->done = true;
		teardown(t);
	}
	snprintf(line, sizeof(line), "%d ", (int)r);
	if (asprintf(&text, "%s%s", line, reason) < 0)
		text = line;
	report_line(t->priv, 'R', text);
	_exit(0);
}

void nt_fail(struct nt_ctx *t, const char *file, int line, const char *fmt, ...)
{
	char *msg = NULL, *reason = NULL;
	const char *base = strrchr(file, '/');
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (t->priv->xfail_spec) {
		if (asprintf(&reason, "%s (the device: %s)", t->priv->xfail_spec,
			     msg ?: "?") < 0)
			reason = NULL;
		finish(t, NT_XFAIL, reason ?: t->priv->xfail_spec);
	}
	if (asprintf(&reason, "%s:%d: %s", base ? base + 1 : file, line,
		     msg ?: "?") < 0)
		reason = NULL;
	finish(t, NT_FAIL, reason ?: "assertion failed");
}

void nt_skip(struct nt_ctx *t, const char *fmt, ...)
{
	char *reason = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	finish(t, NT_SKIP, reason ?: "skipped");
}

const char *nt_ret_str(int ret, char *buf, size_t len)
{
	if (ret >= 0)
		snprintf(buf, len, "%s (0x%04x)", ret ? nvmetest_status_name((uint16_t)ret) :
			 "SUCCESS", (unsigned int)ret);
	else
		snprintf(buf, len, "%s (%s)", nvmetest_last_error() ?: "error",
			 nvmetest_strerror(ret));
	return buf;
}

bool nt_status_is(int ret, uint16_t expected)
{
	/* SCT and SC: bits 10:0 of the 15-bit field; CRD, More and DNR are
	 * the device's choice */
	return ret >= 0 && ((unsigned int)ret & 0x7ff) == expected;
}

void nt_status_fail(struct nt_ctx *t, const char *file, int line,
		    const char *what, int ret, uint16_t expected)
{
	char got[256];

	nt_fail(t, file, line, "%s: expected %s (SCT %u, SC 0x%02x), got %s", what,
		expected ? nvmetest_status_name(expected) : "SUCCESS",
		(unsigned int)(expected >> 8), (unsigned int)(expected & 0xff),
		nt_ret_str(ret, got, sizeof(got)));
}

size_t nt_memdiff(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < len; i++)
		if (x[i] != y[i])
			return i;
	return (size_t)-1;
}

bool nt_dev_is(const struct nt_ctx *t, uint16_t vendor, uint16_t device)
{
	return t->info->vendor_id == vendor && t->info->device_id == device;
}

uint32_t nt_io_len(const struct nt_ctx *t, uint32_t nlb)
{
	return nlb * (t->lba_size + (t->ns.extended ? t->ns.ms : 0));
}

uint32_t nt_buf_lbas(const struct nt_ctx *t)
{
	uint32_t per = nt_io_len(t, 1);

	return per ? (uint32_t)(t->buf_len / per) : 0;
}

static int io(struct nt_ctx *t, uint8_t opcode, uint64_t slba, uint32_t nlb,
	      void *buf)
{
	struct nvmetest_io_args a = {
		.qid = t->qid, .nsid = t->nsid, .slba = slba,
		.nlb = (uint16_t)(nlb - 1), .data = buf,
		.data_len = nt_io_len(t, nlb),
	};

	if (!nlb || nlb > 0x10000)
		return -EINVAL;
	if (t->ns.ms && !t->ns.extended) {
		a.meta = t->meta;
		a.meta_len = nlb * t->ns.ms;
	}
	return nvmetest_io(t->dev, opcode, &a);
}

int nt_read(struct nt_ctx *t, uint64_t slba, uint32_t nlb, void *buf)
{
	return io(t, nvme_cmd_read, slba, nlb, buf);
}

int nt_write(struct nt_ctx *t, uint64_t slba, uint32_t nlb, const void *buf)
{
	/* the driver only reads a Write's buffer */
	return io(t, nvme_cmd_write, slba, nlb, (void *)buf);
}

int nt_get_feature(struct nt_ctx *t, uint8_t fid, uint32_t cdw11, uint32_t *value)
{
	struct nvmetest_feat_args f = { .fid = fid, .cdw11 = cdw11, .result = value };

	return nvmetest_get_features(t->dev, &f);
}

/* t->id: the fixture's Identify Controller, or read now for a test
 * without NT_NEED_INIT. Return: 0, or -1 when it cannot be read. */
static int ctrl_id(struct nt_ctx *t)
{
	if (!t->priv->have_id && !nvmetest_identify_ctrl(t->dev, &t->id))
		t->priv->have_id = true;
	return t->priv->have_id ? 0 : -1;
}

int nt_cmd_supported(struct nt_ctx *t, bool io, uint8_t opcode)
{
	struct nt_priv *p = t->priv;
	uint32_t e;

	if (!p->cse_state) {
		p->cse_state = -1;
		if (ctrl_id(t) || !(t->id.lpa & NVME_CTRL_LPA_CMD_EFFECTS))
			return -1;
		if (posix_memalign((void **)&p->cse, 4096, sizeof(*p->cse)))
			return -1;
		if (nvmetest_get_log_simple(t->dev, NVME_LOG_LID_CMD_EFFECTS, p->cse,
					    sizeof(*p->cse))) {
			free(p->cse);
			p->cse = NULL;
			return -1;
		}
		p->cse_state = 1;
	}
	if (p->cse_state < 0)
		return -1;
	e = le32toh(io ? p->cse->iocs[opcode] : p->cse->acs[opcode]);
	return e & NVME_CMD_EFFECTS_CSUPP ? 1 : 0;
}

void nt_require_cmd(struct nt_ctx *t, bool io, uint8_t opcode, const char *what)
{
	if (!nt_cmd_supported(t, io, opcode))
		nt_skip(t, "the Commands Supported and Effects log says %s (%s opcode %02xh) is not supported (CSUPP clear)",
			what, io ? "I/O" : "admin", opcode);
}

int nt_feature_caps(struct nt_ctx *t, uint8_t fid, uint32_t *caps)
{
	struct nvmetest_feat_args f = { .fid = fid, .sel = 3, .result = caps };

	if (ctrl_id(t) || !(le16toh(t->id.oncs) & NVME_CTRL_ONCS_SAVE_FEATURES))
		return -1;
	return nvmetest_get_features(t->dev, &f);
}

/* ---------------------------------------------------------------------- */
/* Setup                                                                  */

static void *map_buf(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* A fixture that cannot be built fails the test: the device (or the
 * driver) refused something every test of this kind relies on. */
#define FIXTURE_FAIL(t, ...) nt_fail((t), __FILE__, __LINE__, "fixture: " __VA_ARGS__)

/* Does the function have the PCI capability @id (MSI 05h, MSI-X 11h)? */
static bool has_pci_cap(struct nt_ctx *t, uint8_t id)
{
	uint8_t cfg[256];

	return !nvmetest_cfg_read_block(t->dev, 0, cfg, sizeof(cfg)) &&
	       nvmetest_pci_cap_find(cfg, sizeof(cfg), false, id) >= 0;
}

/* The test's interrupt mode, or a skip when the function lacks it. */
static void init_mode(struct nt_ctx *t, enum nt_irq irq, struct nvmetest_ctrl_init *init)
{
	uint8_t pin = 0;

	switch (irq) {
	case NT_IRQ_INTX:
		if (nvmetest_cfg_read8(t->dev, 0x3d, &pin) || !pin)
			nt_skip(t, "needs INTx: the function's Interrupt Pin register is 0");
		init->irq_mode = NVMETEST_IRQ_INTX;
		init->nr_vectors = 1;
		break;
	case NT_IRQ_MSI:
		if (!has_pci_cap(t, 0x05))
			nt_skip(t, "needs MSI: the function has no MSI capability (ID 05h)");
		init->irq_mode = NVMETEST_IRQ_MSI;
		init->nr_vectors = 1;
		break;
	case NT_IRQ_MSIX:
		if (!has_pci_cap(t, 0x11))
			nt_skip(t, "needs MSI-X: the function has no MSI-X capability (ID 11h)");
		/* fall through */
	case NT_IRQ_DEFAULT:
		init->irq_mode = NVMETEST_IRQ_MSIX;
		init->nr_vectors = 2;
		break;
	}
}

static void setup_init(struct nt_ctx *t, enum nt_irq irq)
{
	struct nvmetest_ctrl_init init = { 0 };
	char s[160];
	int ret;

	init_mode(t, irq, &init);
	ret = nvmetest_ctrl_init(t->dev, &init);
	if (ret < 0 && irq == NT_IRQ_DEFAULT) {
		/* a function without MSI-X (or without vectors to spare) */
		struct nvmetest_ctrl_init intx = {
			.irq_mode = NVMETEST_IRQ_INTX, .nr_vectors = 1,
		};

		nt_diag(t, "CTRL_INIT with MSI-X: %s; trying INTx",
			nt_ret_str(ret, s, sizeof(s)));
		init = intx;
		ret = nvmetest_ctrl_init(t->dev, &init);
	}
	if (ret)
		FIXTURE_FAIL(t, "CTRL_INIT (%s): %s", nvmetest_irq_mode_name(init.irq_mode),
			     nt_ret_str(ret, s, sizeof(s)));
	ret = nvmetest_identify_ctrl(t->dev, &t->id);
	if (ret)
		FIXTURE_FAIL(t, "Identify Controller: %s", nt_ret_str(ret, s, sizeof(s)));
	t->info = nvmetest_info_cached(t->dev);
	t->priv->have_id = true;
}

/* What @ns lacks of the test's NT_NS_* and LBA size, in words; NULL when
 * it has everything. */
static const char *ns_lacks(const struct nvmetest_ns_info *ns, const struct nt_test *test,
			    char *buf, size_t len)
{
	unsigned int p = test->ns_props;

	if ((p & NT_NS_META) && !ns->ms)
		return "metadata (LBA format MS > 0)";
	if ((p & NT_NS_NO_META) && ns->ms)
		return "no metadata (LBA format MS = 0)";
	if ((p & NT_NS_EXTENDED) && !(ns->ms && ns->extended))
		return "extended LBAs (FLBAS bit 4: metadata at the end of each LBA's data)";
	if ((p & NT_NS_SEPARATE) && !(ns->ms && !ns->extended))
		return "metadata in a separate buffer (FLBAS bit 4 clear, MS > 0)";
	if ((p & NT_NS_PI) && !(ns->dps & 7))
		return "end-to-end protection (DPS type 1, 2 or 3)";
	if (test->ns_lba_size && ns->lba_size != test->ns_lba_size) {
		snprintf(buf, len, "LBAs of %u bytes (it has %u)", test->ns_lba_size,
			 ns->lba_size);
		return buf;
	}
	return NULL;
}

/* The namespace under test: --nsid's, else the first active one with the
 * properties the test asks for. */
static void setup_ns(struct nt_ctx *t, const struct nt_opts *o, const struct nt_test *test)
{
	struct nvmetest_ns_info *list;
	uint32_t count = 1024, total = 0;
	const char *lack = NULL;
	char s[160];
	int ret;

	if (o->nsid) {
		ret = nvmetest_ns_get(t->dev, o->nsid, &t->ns);
		if (ret)
			FIXTURE_FAIL(t, "namespace %u (--nsid): %s", o->nsid,
				     ret == -ENOENT ? "not an active namespace" :
				     nt_ret_str(ret, s, sizeof(s)));
		lack = ns_lacks(&t->ns, test, s, sizeof(s));
		if (lack)
			nt_skip(t, "needs a namespace with %s: namespace %u (--nsid) has not",
				lack, o->nsid);
	} else {
		list = calloc(count, sizeof(*list));
		if (!list)
			FIXTURE_FAIL(t, "out of memory");
		ret = nvmetest_ns_list(t->dev, list, &count, 0, &total);
		if (ret) {
			free(list);
			FIXTURE_FAIL(t, "namespace list: %s", nt_ret_str(ret, s, sizeof(s)));
		}
		for (uint32_t i = 0; i < count; i++) {
			lack = ns_lacks(&list[i], test, s, sizeof(s));
			if (!lack) {
				t->ns = list[i];
				break;
			}
		}
		free(list);
		if (!count)
			nt_skip(t, "needs a namespace: the controller reports no active namespace (Identify CNS 02h)");
		if (lack)
			nt_skip(t, "needs a namespace with %s: none of the %u active namespaces has it",
				lack, count);
	}
	t->nsid = t->ns.nsid;
	t->lba_size = t->ns.lba_size;
}

/* The range a writing test may overwrite: the tester's on the namespace
 * the runner named for it (and checked against NSZE), or with
 * --destructive the whole namespace. */
static void setup_scratch(struct nt_ctx *t, const struct nt_opts *o)
{
	if (o->scratch && t->nsid == o->scratch_nsid) {
		t->scratch_slba = o->scratch_slba;
		t->scratch_nlb = o->scratch_nlb;
	} else if (o->destructive) {
		t->scratch_slba = 0;
		t->scratch_nlb = t->ns.nsze;
	} else {
		nt_skip(t, "writes data on namespace %u, which has no --scratch range (it is on namespace %u): run with --nsid %u --scratch SLBA:NLB, or --destructive",
			t->nsid, o->scratch_nsid, t->nsid);
	}
}

static void setup_ioq(struct nt_ctx *t)
{
	uint32_t mqes = nvmetest_cap_mqes(t->info->cap);
	uint32_t depth = mqes < NT_IOQ_DEPTH ? mqes : NT_IOQ_DEPTH;
	uint16_t vector = t->info->nr_vectors > 1 ? 1 : 0;
	char s[160];
	int ret;

	ret = nvmetest_qpair_create(t->dev, NT_IOQ_ID, depth, vector, 0);
	if (ret)
		FIXTURE_FAIL(t, "IO queue pair %u (depth %u, vector %u): %s", NT_IOQ_ID,
			     depth, vector, nt_ret_str(ret, s, sizeof(s)));
	t->qid = NT_IOQ_ID;
	t->priv->qpair = true;
}

/*
 * The CRC map on for t->nsid. A map the tester already had on stays as it
 * is (its entries describe their data; the test's writes stamp theirs)
 * and stays on after the test; a map that was off is turned on (empty)
 * and off again in the teardown.
 */
static void setup_verify(struct nt_ctx *t)
{
	struct nvmetest_verify_status st;
	char s[160];
	int ret;

	ret = nvmetest_verify_status(t->dev, t->nsid, &st);
	if (ret == -EOPNOTSUPP)
		nt_skip(t, "needs data verification: the driver lacks NVMETEST_INFO_CAP_VERIFY");
	if (ret)
		FIXTURE_FAIL(t, "verification state of namespace %u: %s", t->nsid,
			     nt_ret_str(ret, s, sizeof(s)));
	if (st.state != NVMETEST_VERIFY_OFF)
		return;
	ret = nvmetest_verify_config(t->dev, t->nsid, NVMETEST_VERIFY_ENABLE, 0);
	if (ret)
		FIXTURE_FAIL(t, "verification on for namespace %u: %s", t->nsid,
			     nt_ret_str(ret, s, sizeof(s)));
	t->priv->verify = true;
}

static void setup_bufs(struct nt_ctx *t)
{
	size_t len = NT_BUF_MAX;

	if (t->info->max_xfer && t->info->max_xfer < len)
		len = t->info->max_xfer;
	t->priv->map_len = len;
	t->buf_len = len;
	t->buf = map_buf(len);
	t->buf2 = map_buf(len);
	t->meta = map_buf(len);
	if (!t->buf || !t->buf2 || !t->meta)
		FIXTURE_FAIL(t, "mmap of %zu bytes: %s", len, strerror(errno));
}

void nt_child_run(const struct nt_test *test, const struct nt_opts *o, int fd)
{
	struct nt_priv priv = { .fd = fd };
	struct nt_ctx ctx = { .priv = &priv };
	struct nt_ctx *t = &ctx;
	unsigned int needs = test->needs;
	int ret;

	/* the test's printf must not land in the runner's TAP stream */
	dup2(STDERR_FILENO, STDOUT_FILENO);
	ret = nvmetest_open(o->device, &t->dev);
	if (ret) {
		char *why = NULL;

		if (asprintf(&why, "%d fixture: opening %s: %s", NT_FAIL, o->device,
			     nvmetest_last_error() ?: nvmetest_strerror(ret)) < 0)
			why = NULL;
		report_line(&priv, 'R', why ?: "1 fixture: cannot open the device");
		_exit(0);
	}
	t->info = nvmetest_info_cached(t->dev);
	if (needs & (NT_NEED_VERIFY | NT_NEED_SCRATCH))
		needs |= NT_NEED_IOQ;
	if ((needs & NT_NEED_IOQ) || test->ns_props || test->ns_lba_size)
		needs |= NT_NEED_NS;
	if (needs & NT_NEED_NS)
		needs |= NT_NEED_INIT;
	if (needs & NT_NEED_INIT)
		setup_init(t, test->irq);
	if (needs & NT_NEED_NS)
		setup_ns(t, o, test);
	if (needs & NT_NEED_SCRATCH)
		setup_scratch(t, o);
	if (needs & NT_NEED_IOQ)
		setup_ioq(t);
	if (needs & NT_NEED_VERIFY)
		setup_verify(t);
	setup_bufs(t);
	test->fn(t);
	if (priv.xfail_spec)
		finish(t, NT_XPASS, priv.xfail_spec);
	finish(t, NT_PASS, "");
}
