// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: the SMART / Health Information log's counters and
 * warnings as commands move them (NVMe Base 2.0, 5.16.1.3): Data Units
 * and Host Commands after reads and writes, a namespace's counters
 * within the controller's, and Critical Warning bit 1 against the
 * Temperature Threshold feature (5.27.1).
 */
#include <endian.h>
#include <string.h>

#include <nvmetest-harness.h>

/* Data Units count thousands of 512-byte units. */
#define DATA_UNIT_BYTES	512000u

/* The low 64 bits of a 128-bit little-endian counter; the high half
 * must be 0 for what a test can do to move it. */
static uint64_t ctr(const uint8_t c[16])
{
	uint64_t v;

	memcpy(&v, c, 8);
	return le64toh(v);
}

static int smart_get(struct nt_ctx *t, uint32_t nsid, struct nvme_smart_log *s)
{
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_SMART, .nsid = nsid, .data = s, .len = sizeof(*s),
	};

	return nvmetest_get_log(t->dev, &a);
}

static void smart(struct nt_ctx *t, uint32_t nsid, struct nvme_smart_log *s)
{
	NT_ASSERT_OK(smart_get(t, nsid, s));
}

/* LBAs per command and commands that move at least one Data Unit. */
static void io_plan(struct nt_ctx *t, uint32_t *nlb, uint32_t *cmds)
{
	uint32_t per = (uint32_t)(t->buf_len / nt_io_len(t, 1));

	if (per > 0x10000)
		per = 0x10000;
	*nlb = per;
	*cmds = (DATA_UNIT_BYTES + per * t->lba_size - 1) / (per * t->lba_size);
	if ((uint64_t)*nlb * *cmds > t->ns.nsze)
		NT_SKIP("namespace %u has %llu LBAs, fewer than one Data Unit (512000 bytes) needs",
			t->nsid, (unsigned long long)t->ns.nsze);
}

NT_TEST(log_smart_read_counters, "admin",
	"NVMe Base 2.0, 5.16.1.3 SMART / Health Information: Data Units Read (thousands of 512-byte units, rounded up) and Host Read Commands count the reads completed",
	NT_NEED_IOQ)
{
	struct nvme_smart_log before, after;
	uint32_t nlb, cmds;

	io_plan(t, &nlb, &cmds);
	smart(t, NVME_NSID_ALL, &before);
	for (uint32_t i = 0; i < cmds; i++)
		NT_ASSERT_OK(nt_read(t, (uint64_t)i * nlb, nlb, t->buf));
	smart(t, NVME_NSID_ALL, &after);
	NT_DIAG("%u reads of %u LBAs: Data Units Read %llu -> %llu, Host Read Commands %llu -> %llu",
		cmds, nlb, (unsigned long long)ctr(before.data_units_read),
		(unsigned long long)ctr(after.data_units_read),
		(unsigned long long)ctr(before.host_reads), (unsigned long long)ctr(after.host_reads));
	NT_ASSERT(ctr(after.data_units_read) >= ctr(before.data_units_read) + 1,
		  "Data Units Read did not grow after %u bytes were read",
		  cmds * nlb * t->lba_size);
	NT_ASSERT(ctr(after.host_reads) >= ctr(before.host_reads) + cmds,
		  "Host Read Commands grew by %llu after %u reads",
		  (unsigned long long)(ctr(after.host_reads) - ctr(before.host_reads)), cmds);
}

NT_TEST(log_smart_write_counters, "admin",
	"NVMe Base 2.0, 5.16.1.3 SMART / Health Information: Data Units Written and Host Write Commands count the writes completed",
	NT_NEED_IOQ | NT_DESTRUCTIVE)
{
	struct nvme_smart_log before, after;
	uint32_t nlb, cmds;

	io_plan(t, &nlb, &cmds);
	smart(t, NVME_NSID_ALL, &before);
	/* each range is written back with what it held */
	for (uint32_t i = 0; i < cmds; i++) {
		NT_ASSERT_OK(nt_read(t, (uint64_t)i * nlb, nlb, t->buf));
		NT_ASSERT_OK(nt_write(t, (uint64_t)i * nlb, nlb, t->buf));
	}
	smart(t, NVME_NSID_ALL, &after);
	NT_DIAG("%u writes of %u LBAs: Data Units Written %llu -> %llu, Host Write Commands %llu -> %llu",
		cmds, nlb, (unsigned long long)ctr(before.data_units_written),
		(unsigned long long)ctr(after.data_units_written),
		(unsigned long long)ctr(before.host_writes), (unsigned long long)ctr(after.host_writes));
	NT_ASSERT(ctr(after.data_units_written) >= ctr(before.data_units_written) + 1,
		  "Data Units Written did not grow after %u bytes were written",
		  cmds * nlb * t->lba_size);
	NT_ASSERT(ctr(after.host_writes) >= ctr(before.host_writes) + cmds,
		  "Host Write Commands grew by %llu after %u writes",
		  (unsigned long long)(ctr(after.host_writes) - ctr(before.host_writes)), cmds);
}

NT_TEST(log_smart_namespace_within_controller, "admin",
	"NVMe Base 2.0, 5.16.1.3 and LPA bit 0: a namespace's Data Units and Host Commands are part of the controller's (NSID FFFFFFFFh)",
	NT_NEED_NS)
{
	struct nvme_smart_log ns, all;

	if (!(t->id.lpa & NVME_CTRL_LPA_SMART_PER_NS))
		NT_SKIP("Identify Controller LPA bit 0 is clear: no SMART / Health log per namespace");
	/* the namespace first: the counters only grow in between */
	smart(t, t->nsid, &ns);
	smart(t, NVME_NSID_ALL, &all);
	NT_ASSERT(ctr(ns.data_units_read) <= ctr(all.data_units_read),
		  "namespace %u: Data Units Read %llu > the controller's %llu", t->nsid,
		  (unsigned long long)ctr(ns.data_units_read),
		  (unsigned long long)ctr(all.data_units_read));
	NT_ASSERT(ctr(ns.data_units_written) <= ctr(all.data_units_written),
		  "namespace %u: Data Units Written %llu > the controller's %llu", t->nsid,
		  (unsigned long long)ctr(ns.data_units_written),
		  (unsigned long long)ctr(all.data_units_written));
	NT_ASSERT(ctr(ns.host_reads) <= ctr(all.host_reads),
		  "namespace %u: Host Read Commands %llu > the controller's %llu", t->nsid,
		  (unsigned long long)ctr(ns.host_reads), (unsigned long long)ctr(all.host_reads));
	NT_ASSERT(ctr(ns.host_writes) <= ctr(all.host_writes),
		  "namespace %u: Host Write Commands %llu > the controller's %llu", t->nsid,
		  (unsigned long long)ctr(ns.host_writes), (unsigned long long)ctr(all.host_writes));
}

NT_TEST(feat_temp_threshold_smart_warning, "admin",
	"NVMe Base 2.0, 5.27.1.3 Temperature Threshold and 5.16.1.3 Critical Warning bit 1: set while a temperature is at or above its over temperature threshold",
	NT_NEED_INIT)
{
	struct nvmetest_feat_args set = { .fid = NVME_FEAT_FID_TEMP_THRESH };
	struct nvme_smart_log s;
	uint32_t orig, temp;
	uint8_t during, after;
	int ret;

	smart(t, NVME_NSID_ALL, &s);
	temp = s.temperature[0] | s.temperature[1] << 8;
	if (!temp)
		NT_SKIP("the SMART log reports no Composite Temperature (0 K)");
	if (s.critical_warning & 2)
		NT_SKIP("Critical Warning bit 1 is already set (Composite Temperature %u K)", temp);
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 0, &orig));
	/* well below the temperature: the composite is at or above it */
	set.cdw11 = temp > 20 ? temp - 20 : 1;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	ret = smart_get(t, NVME_NSID_ALL, &s);
	during = s.critical_warning;
	set.cdw11 = orig & 0xffff;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	NT_ASSERT_OK(ret);
	/* RAE clear: the reads also release a temperature event raised */
	smart(t, NVME_NSID_ALL, &s);
	after = s.critical_warning;
	NT_DIAG("Composite Temperature %u K, threshold %u K then %u K: Critical Warning 0x%02x, then 0x%02x",
		temp, temp > 20 ? temp - 20 : 1, orig & 0xffff, during, after);
	NT_ASSERT(during & 2, "over temperature threshold below the temperature: Critical Warning 0x%02x lacks bit 1",
		  during);
	NT_ASSERT(!(after & 2), "threshold restored to %u K: Critical Warning 0x%02x keeps bit 1",
		  orig & 0xffff, after);
}
