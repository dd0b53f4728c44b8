// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Get Features and Set Features (NVMe Base 2.0, 5.15 and
 * 5.27): the current value of each mandatory feature and its reserved
 * bits, the Temperature Threshold's over and under thresholds, the
 * Number of Queues rules, and the statuses of invalid values and an
 * unsupported feature identifier. What needs a feature's supported
 * capabilities (Select 011b: changeable, saveable) is
 * admin_features_set.c's.
 */
#include <endian.h>

#include <nvmetest-harness.h>

NT_TEST(feat_arbitration, "admin",
	"NVMe Base 2.0, 5.27.1.1 Arbitration (Feature Identifier 01h)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_ARBITRATION, 0, &v));
	NT_ASSERT(!(v & 0xf8), "Arbitration 0x%08x: reserved bits 7:3 set", v);
}

NT_TEST(feat_power_mgmt, "admin",
	"NVMe Base 2.0, 5.27.1.2 Power Management (Feature Identifier 02h)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_POWER_MGMT, 0, &v));
	/* PS is a power state the controller has: 0 to NPSS */
	NT_ASSERT((v & 0x1f) <= t->id.npss, "PS %u > NPSS %u", v & 0x1f, t->id.npss);
	NT_ASSERT(!(v & 0xffffff00), "Power Management 0x%08x: reserved bits 31:8 set", v);
}

NT_TEST(feat_temp_threshold_set_get, "admin",
	"NVMe Base 2.0, 5.27.1.3 Temperature Threshold (Feature Identifier 04h)",
	NT_NEED_INIT)
{
	struct nvmetest_feat_args set = { .fid = NVME_FEAT_FID_TEMP_THRESH };
	uint32_t orig, v;
	int ret;

	/* TMPSEL 0 (Composite Temperature), THSEL 0 (over) */
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 0, &orig));
	NT_ASSERT(orig & 0xffff, "over temperature threshold of the composite temperature is 0 K");
	set.cdw11 = (orig & 0xffff) - 1;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	ret = nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 0, &v);
	/* put it back before judging: the next test gets the device's value */
	set.cdw11 = orig & 0xffff;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	NT_ASSERT_OK(ret);
	NT_ASSERT_EQ(v & 0xffff, (orig & 0xffff) - 1);
}

NT_TEST(feat_num_queues, "admin",
	"NVMe Base 2.0, 5.27.1.5 Number of Queues (Feature Identifier 07h)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_NUM_QUEUES, 0, &v));
	/* what Set Features allocated at initialisation (0's based) */
	NT_ASSERT_EQ((v & 0xffff) + 1, t->info->nr_io_sq);
	NT_ASSERT_EQ((v >> 16) + 1, t->info->nr_io_cq);
}

NT_TEST(feat_num_queues_after_ioq, "admin",
	"NVMe Base 2.0, 5.27.1.5 Number of Queues: Set Features Number of Queues after an IO queue was created -> Command Sequence Error",
	NT_NEED_IOQ)
{
	struct nvmetest_feat_args set = {
		.fid = NVME_FEAT_FID_NUM_QUEUES,
		.cdw11 = (uint32_t)(t->info->nr_io_cq - 1) << 16 | (uint32_t)(t->info->nr_io_sq - 1),
	};

	NT_ASSERT_STATUS(nvmetest_set_features(t->dev, &set), NT_SC_CMD_SEQ_ERROR,
			 "Set Features Number of Queues with IO queue 1 in place");
}

NT_TEST(feat_invalid_fid, "admin",
	"NVMe Base 2.0, 5.15 (Feature Identifiers): FID 00h is reserved -> Invalid Field in Command",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_STATUS(nt_get_feature(t, 0x00, 0, &v), NT_SC_INVALID_FIELD,
			 "Get Features FID 00h");
}

NT_TEST(feat_sel_supported_caps, "admin",
	"NVMe Base 2.0, 5.15 Get Features, Select 011b (supported capabilities); ONCS bit 4",
	NT_NEED_INIT)
{
	/* controller-wide features: never namespace specific (bit 1) */
	static const uint8_t fids[] = {
		NVME_FEAT_FID_ARBITRATION, NVME_FEAT_FID_POWER_MGMT,
		NVME_FEAT_FID_TEMP_THRESH, NVME_FEAT_FID_NUM_QUEUES,
	};
	uint32_t caps;

	if (!(le16toh(t->id.oncs) & NVME_CTRL_ONCS_SAVE_FEATURES))
		NT_SKIP("Identify Controller ONCS bit 4 is clear: no Save field or Select field");
	for (size_t i = 0; i < sizeof(fids); i++) {
		struct nvmetest_feat_args f = { .fid = fids[i], .sel = 3, .result = &caps };

		NT_ASSERT_OK(nvmetest_get_features(t->dev, &f));
		NT_ASSERT(!(caps & 2), "FID %02xh (%s): supported capabilities 0x%x say namespace specific",
			  fids[i], nvmetest_feature_name(fids[i]), caps);
		NT_ASSERT(!(caps & ~7u), "FID %02xh: reserved bits in 0x%08x", fids[i], caps);
	}
	/* Temperature Threshold is set by feat_temp_threshold_set_get: changeable */
	{
		struct nvmetest_feat_args f = { .fid = NVME_FEAT_FID_TEMP_THRESH, .sel = 3,
						.result = &caps };

		NT_ASSERT_OK(nvmetest_get_features(t->dev, &f));
		NT_ASSERT(caps & 4, "Temperature Threshold: supported capabilities 0x%x lack Changeable",
			  caps);
	}
}

NT_TEST(feat_set_invalid_fid, "admin",
	"NVMe Base 2.0, 5.27 Set Features: FID 00h is reserved -> Invalid Field in Command",
	NT_NEED_INIT)
{
	struct nvmetest_feat_args set = { .fid = 0x00 };

	NT_ASSERT_STATUS(nvmetest_set_features(t->dev, &set), NT_SC_INVALID_FIELD,
			 "Set Features FID 00h");
}

NT_TEST(feat_error_recovery, "admin",
	"NVMe Base 2.0, 5.27.1 Error Recovery (Feature Identifier 05h): reserved bits 31:17; DULBE only where NSFEAT bit 2 is set",
	NT_NEED_NS)
{
	struct nvmetest_feat_args f = {
		.fid = NVME_FEAT_FID_ERR_RECOVERY, .nsid = t->nsid,
	};
	struct nvme_id_ns ns;
	uint32_t v;

	f.result = &v;
	NT_ASSERT_OK(nvmetest_get_features(t->dev, &f));
	NT_ASSERT(!(v & 0xfffe0000), "Error Recovery 0x%08x: reserved bits 31:17 set", v);
	NT_ASSERT_OK(nvmetest_identify_ns(t->dev, t->nsid, &ns));
	if (v & 1u << 16)
		NT_ASSERT(ns.nsfeat & 4, "namespace %u: DULBE enabled but NSFEAT 0x%02x lacks bit 2",
			  t->nsid, ns.nsfeat);
	NT_DIAG("namespace %u: TLER %u (100 ms units), DULBE %u", t->nsid, v & 0xffff, v >> 16 & 1);
}

NT_TEST(feat_vwc_absent, "admin",
	"NVMe Base 2.0, 5.27.1.4 Volatile Write Cache (Feature Identifier 06h): Set Features with no volatile write cache (VWC bit 0 clear) -> Invalid Field in Command",
	NT_NEED_INIT)
{
	struct nvmetest_feat_args set = { .fid = NVME_FEAT_FID_VOLATILE_WC, .cdw11 = 1 };

	if (t->id.vwc & 1)
		NT_SKIP("Identify Controller VWC bit 0 is set: a volatile write cache is present");
	NT_ASSERT_STATUS(nvmetest_set_features(t->dev, &set), NT_SC_INVALID_FIELD,
			 "Set Features Volatile Write Cache, WCE 1, without a cache");
}

NT_TEST(feat_vwc_present, "admin",
	"NVMe Base 2.0, 5.27.1.4 Volatile Write Cache (Feature Identifier 06h): reserved bits 31:1, where VWC bit 0 is set",
	NT_NEED_INIT)
{
	uint32_t v;

	if (!(t->id.vwc & 1))
		NT_SKIP("Identify Controller VWC bit 0 is clear: no volatile write cache");
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_VOLATILE_WC, 0, &v));
	NT_ASSERT(!(v & ~1u), "Volatile Write Cache 0x%08x: reserved bits 31:1 set", v);
}

NT_TEST(feat_irq_coalescing, "admin",
	"NVMe Base 2.0, 5.27.1 Interrupt Coalescing (Feature Identifier 08h): reserved bits 31:16",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_IRQ_COALESCE, 0, &v));
	NT_ASSERT(!(v & 0xffff0000), "Interrupt Coalescing 0x%08x: reserved bits 31:16 set", v);
	NT_DIAG("aggregation threshold %u, time %u (100 us units)", v & 0xff, v >> 8 & 0xff);
}

NT_TEST(feat_irq_vector_config, "admin",
	"NVMe Base 2.0, 5.27.1 Interrupt Vector Configuration (Feature Identifier 09h): the value names the vector asked for; reserved bits 31:17",
	NT_NEED_INIT)
{
	for (uint32_t iv = 0; iv < t->info->nr_vectors; iv++) {
		uint32_t v;

		NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_IRQ_CONFIG, iv, &v));
		NT_ASSERT_EQ(v & 0xffff, iv);
		NT_ASSERT(!(v & 0xfffe0000), "vector %u: 0x%08x: reserved bits 31:17 set", iv, v);
	}
}

NT_TEST(feat_irq_vector_config_invalid, "admin",
	"NVMe Base 2.0, 5.27.1 Interrupt Vector Configuration: IV FFFFh is beyond any MSI-X table (2048 vectors) -> Invalid Field in Command (an unsupported value in a defined field)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_STATUS(nt_get_feature(t, NVME_FEAT_FID_IRQ_CONFIG, 0xffff, &v),
			 NT_SC_INVALID_FIELD, "Get Features Interrupt Vector Configuration, IV FFFFh");
}

NT_TEST(feat_write_atomicity, "admin",
	"NVMe Base 2.0, 5.27.1 Write Atomicity Normal (Feature Identifier 0Ah): reserved bits 31:1",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_WRITE_ATOMIC, 0, &v));
	NT_ASSERT(!(v & ~1u), "Write Atomicity Normal 0x%08x: reserved bits 31:1 set", v);
}

NT_TEST(feat_num_queues_ffff, "admin",
	"NVMe Base 2.0, 5.27.1.5 Number of Queues: NSQR or NCQR of FFFFh is not allowed -> Invalid Field in Command",
	NT_NEED_INIT)
{
	uint32_t keep = (uint32_t)(t->info->nr_io_cq - 1) << 16 | (uint32_t)(t->info->nr_io_sq - 1);
	struct nvmetest_feat_args sq = { .fid = NVME_FEAT_FID_NUM_QUEUES };
	struct nvmetest_feat_args cq = { .fid = NVME_FEAT_FID_NUM_QUEUES };
	struct nvmetest_feat_args back = { .fid = NVME_FEAT_FID_NUM_QUEUES, .cdw11 = keep };
	int rs, rc;

	sq.cdw11 = (keep & 0xffff0000) | 0xffff;
	cq.cdw11 = 0xffff0000 | (keep & 0xffff);
	rs = nvmetest_set_features(t->dev, &sq);
	rc = nvmetest_set_features(t->dev, &cq);
	/* a device that took either asks the allocation of the init again */
	if (!rs || !rc)
		NT_ASSERT_OK(nvmetest_set_features(t->dev, &back));
	NT_ASSERT_STATUS(rs, NT_SC_INVALID_FIELD, "Set Features Number of Queues, NSQR FFFFh");
	NT_ASSERT_STATUS(rc, NT_SC_INVALID_FIELD, "Set Features Number of Queues, NCQR FFFFh");
}

NT_TEST(feat_temp_threshold_under, "admin",
	"NVMe Base 2.0, 5.27.1.3 Temperature Threshold: the under temperature threshold (THSEL 01b) of the Composite Temperature, set and read back",
	NT_NEED_INIT)
{
	struct nvmetest_feat_args set = { .fid = NVME_FEAT_FID_TEMP_THRESH };
	struct nvme_smart_log *s = t->buf;
	uint32_t orig, v, temp, want;
	int ret;

	NT_ASSERT_OK(nvmetest_get_log_simple(t->dev, NVME_LOG_LID_SMART, s, sizeof(*s)));
	temp = s->temperature[0] | s->temperature[1] << 8;
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 1u << 20, &orig));
	orig &= 0xffff;
	/* a value still below the temperature: no warning is raised */
	want = orig ? orig - 1 : 1;
	if (want >= temp)
		NT_SKIP("under temperature threshold %u K, Composite Temperature %u K: no value below both to set",
			orig, temp);
	set.cdw11 = 1u << 20 | want;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	ret = nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 1u << 20, &v);
	set.cdw11 = 1u << 20 | orig;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	NT_ASSERT_OK(ret);
	NT_ASSERT_EQ(v & 0xffff, want);
}

NT_TEST(feat_temp_threshold_invalid_thsel, "admin",
	"NVMe Base 2.0, 5.27.1.3 Temperature Threshold: THSEL 10b is reserved -> Invalid Field in Command (a reserved coded value)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_STATUS(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 2u << 20, &v),
			 NT_SC_INVALID_FIELD, "Get Features Temperature Threshold, THSEL 10b");
}
