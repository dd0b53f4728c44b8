// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Get Features and Set Features (NVMe Base 2.0, 5.15 and
 * 5.27): mandatory features (Arbitration, Power Management, Temperature
 * Threshold, Number of Queues), the Number of Queues rule once IO queues
 * exist, and an unsupported feature identifier.
 */
#include <endian.h>

#include <nvmetest-harness.h>

NT_TEST(feat_arbitration, "admin",
	"NVMe Base 2.0, 5.27.1 Arbitration (Feature Identifier 01h)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_ARBITRATION, 0, &v));
	NT_ASSERT(!(v & 0xf8), "Arbitration 0x%08x: reserved bits 7:3 set", v);
}

NT_TEST(feat_power_mgmt, "admin",
	"NVMe Base 2.0, 5.27.1 Power Management (Feature Identifier 02h)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_POWER_MGMT, 0, &v));
	/* PS is a power state the controller has: 0 to NPSS */
	NT_ASSERT((v & 0x1f) <= t->id.npss, "PS %u > NPSS %u", v & 0x1f, t->id.npss);
	NT_ASSERT(!(v & 0xffffff00), "Power Management 0x%08x: reserved bits 31:8 set", v);
}

NT_TEST(feat_temp_threshold_set_get, "admin",
	"NVMe Base 2.0, 5.27.1 Temperature Threshold (Feature Identifier 04h)",
	NT_NEED_INIT)
{
	struct nvmetest_feat_args set = { .fid = NVME_FEAT_FID_TEMP_THRESH };
	uint32_t orig, v;

	/* TMPSEL 0 (Composite Temperature), THSEL 0 (over) */
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 0, &orig));
	NT_ASSERT(orig & 0xffff, "over temperature threshold of the composite temperature is 0 K");
	set.cdw11 = (orig & 0xffff) - 1;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 0, &v));
	/* put it back before judging: the next test gets the device's value */
	set.cdw11 = orig & 0xffff;
	NT_ASSERT_OK(nvmetest_set_features(t->dev, &set));
	NT_ASSERT_EQ(v & 0xffff, (orig & 0xffff) - 1);
}

NT_TEST(feat_num_queues, "admin",
	"NVMe Base 2.0, 5.27.1 Number of Queues (Feature Identifier 07h)",
	NT_NEED_INIT)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_NUM_QUEUES, 0, &v));
	/* what Set Features allocated at initialisation (0's based) */
	NT_ASSERT_EQ((v & 0xffff) + 1, t->info->nr_io_sq);
	NT_ASSERT_EQ((v >> 16) + 1, t->info->nr_io_cq);
}

NT_TEST(feat_num_queues_after_ioq, "admin",
	"NVMe Base 2.0, 5.27.1 Number of Queues: Set Features Number of Queues after an IO queue was created -> Command Sequence Error",
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
	"NVMe Base 2.0, 5.27.1 (Feature Identifiers): FID 00h is reserved -> Invalid Field in Command",
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
