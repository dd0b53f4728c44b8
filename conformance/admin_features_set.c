// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Set Features and Get Features against a feature's
 * supported capabilities (NVMe Base 2.0, 5.15 Select 011b, 5.27 Save):
 * each mandatory feature is set and read back when it is changeable and
 * refused with Feature Not Changeable when it is not; Select 001b and
 * 010b (default, saved), and Save of a feature that is not saveable.
 * Every test puts the value it changed back before it judges.
 */
#include <endian.h>

#include <nvmetest-harness.h>

/* Command Specific Status Values of Set Features (NVMe Base 2.0, 5.27). */
#define SC_FID_NOT_SAVEABLE	NT_STATUS(1, 0x0d)	/* Feature Identifier Not Saveable */
#define SC_FEAT_NOT_CHANGEABLE	NT_STATUS(1, 0x0e)	/* Feature Not Changeable */

/* Supported capabilities (Get Features Select 011b) bits. */
#define CAP_SAVEABLE	(1u << 0)
#define CAP_NS_SPECIFIC	(1u << 1)
#define CAP_CHANGEABLE	(1u << 2)

/* Temperature Threshold, THSEL 00b (over) of the Composite Temperature. */
#define TEMP_OVER	0

static bool has_sel(struct nt_ctx *t)
{
	return le16toh(t->id.oncs) & NVME_CTRL_ONCS_SAVE_FEATURES;
}

/* The supported capabilities of @fid; skips without ONCS bit 4. */
static uint32_t caps_of(struct nt_ctx *t, uint8_t fid, uint32_t nsid, uint32_t cdw11)
{
	struct nvmetest_feat_args f = { .fid = fid, .sel = 3, .nsid = nsid, .cdw11 = cdw11 };
	uint32_t caps;

	if (!has_sel(t))
		NT_SKIP("Identify Controller ONCS bit 4 is clear: no Select field, the feature's capabilities are unknown");
	f.result = &caps;
	NT_ASSERT_OK(nvmetest_get_features(t->dev, &f));
	NT_ASSERT(!(caps & ~7u), "FID %02xh: supported capabilities 0x%08x: reserved bits set", fid,
		  caps);
	return caps;
}

static int get_sel(struct nt_ctx *t, uint8_t fid, uint8_t sel, uint32_t nsid, uint32_t cdw11,
		   uint32_t *v)
{
	struct nvmetest_feat_args f = {
		.fid = fid, .sel = sel, .nsid = nsid, .cdw11 = cdw11, .result = v,
	};

	return nvmetest_get_features(t->dev, &f);
}

static int set_val(struct nt_ctx *t, uint8_t fid, uint32_t nsid, uint32_t v, bool sv)
{
	struct nvmetest_feat_args f = { .fid = fid, .nsid = nsid, .cdw11 = v, .sv = sv };

	return nvmetest_set_features(t->dev, &f);
}

/*
 * The value @mask selects of @fid: changeable, set to @want, read back,
 * put back to what it was; not changeable, Set Features of the current
 * value -> Feature Not Changeable, and the value stays.
 */
static void set_round_trip(struct nt_ctx *t, uint8_t fid, uint32_t nsid, uint32_t want,
			   uint32_t mask)
{
	uint32_t caps = caps_of(t, fid, nsid, 0), orig, v, after;
	int ret;

	NT_ASSERT_OK(get_sel(t, fid, 0, nsid, 0, &orig));
	if (!(caps & CAP_CHANGEABLE)) {
		ret = set_val(t, fid, nsid, orig, false);
		NT_ASSERT_OK(get_sel(t, fid, 0, nsid, 0, &after));
		NT_DIAG("FID %02xh (%s): not changeable (capabilities 0x%x), value 0x%08x", fid,
			nvmetest_feature_name(fid), caps, orig);
		NT_ASSERT_STATUS(ret, SC_FEAT_NOT_CHANGEABLE, "Set Features of a feature not changeable");
		NT_ASSERT_EQ(after, orig);
		return;
	}
	NT_ASSERT_OK(set_val(t, fid, nsid, want, false));
	ret = get_sel(t, fid, 0, nsid, 0, &v);
	NT_ASSERT_OK(set_val(t, fid, nsid, orig, false));
	NT_ASSERT_OK(get_sel(t, fid, 0, nsid, 0, &after));
	NT_DIAG("FID %02xh (%s): 0x%08x -> set 0x%08x, read 0x%08x -> back 0x%08x", fid,
		nvmetest_feature_name(fid), orig, want, v, after);
	NT_ASSERT_OK(ret);
	NT_ASSERT_EQ(v & mask, want & mask);
	NT_ASSERT_EQ(after & mask, orig & mask);
}

NT_TEST(feat_arbitration_set, "admin",
	"NVMe Base 2.0, 5.27.1.1 Arbitration and 5.15 Select 011b: set and read back when changeable, else Feature Not Changeable",
	NT_NEED_INIT)
{
	uint32_t orig;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_ARBITRATION, 0, &orig));
	/* another Arbitration Burst, the weights unchanged */
	set_round_trip(t, NVME_FEAT_FID_ARBITRATION, 0, orig ^ 1, 0xffffff07);
}

NT_TEST(feat_power_mgmt_set, "admin",
	"NVMe Base 2.0, 5.27.1.2 Power Management and 5.15 Select 011b: set a power state and read it back when changeable, else Feature Not Changeable",
	NT_NEED_INIT)
{
	uint32_t orig, ps;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_POWER_MGMT, 0, &orig));
	/* another power state when there is one: PS 0 or PS 1 */
	ps = t->id.npss ? !(orig & 0x1f) : (orig & 0x1f);
	set_round_trip(t, NVME_FEAT_FID_POWER_MGMT, 0, (orig & ~0x1fu) | ps, 0x1f);
}

NT_TEST(feat_power_mgmt_ps_beyond_npss, "admin",
	"NVMe Base 2.0, 5.27.1.2 Power Management: a PS above NPSS -> Invalid Field in Command",
	NT_NEED_INIT)
{
	uint32_t caps, orig;
	int ret;

	if (t->id.npss >= 31)
		NT_SKIP("NPSS is %u: every PS value names a power state", t->id.npss);
	caps = caps_of(t, NVME_FEAT_FID_POWER_MGMT, 0, 0);
	if (!(caps & CAP_CHANGEABLE))
		NT_SKIP("Power Management is not changeable (capabilities 0x%x): Set Features ends at Feature Not Changeable",
			caps);
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_POWER_MGMT, 0, &orig));
	ret = set_val(t, NVME_FEAT_FID_POWER_MGMT, 0, t->id.npss + 1u, false);
	if (!ret)
		NT_ASSERT_OK(set_val(t, NVME_FEAT_FID_POWER_MGMT, 0, orig, false));
	NT_ASSERT_STATUS(ret, NT_SC_INVALID_FIELD, "Set Features Power Management, PS NPSS + 1");
}

NT_TEST(feat_irq_coalescing_set, "admin",
	"NVMe Base 2.0, 5.27.1 Interrupt Coalescing and 5.15 Select 011b: set and read back when changeable, else Feature Not Changeable",
	NT_NEED_INIT)
{
	uint32_t orig;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_IRQ_COALESCE, 0, &orig));
	set_round_trip(t, NVME_FEAT_FID_IRQ_COALESCE, 0, orig ^ 1, 0xffff);
}

NT_TEST(feat_write_atomicity_set, "admin",
	"NVMe Base 2.0, 5.27.1 Write Atomicity Normal and 5.15 Select 011b: DN set and read back when changeable, else Feature Not Changeable",
	NT_NEED_INIT)
{
	uint32_t orig;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_WRITE_ATOMIC, 0, &orig));
	set_round_trip(t, NVME_FEAT_FID_WRITE_ATOMIC, 0, orig ^ 1, 1);
}

NT_TEST(feat_async_event_config_set, "admin",
	"NVMe Base 2.0, 5.27.1 Asynchronous Event Configuration and 5.15 Select 011b: set and read back when changeable, else Feature Not Changeable",
	NT_NEED_INIT)
{
	uint32_t orig;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_ASYNC_EVENT, 0, &orig));
	/* bit 0: the Available Spare warning's notice */
	set_round_trip(t, NVME_FEAT_FID_ASYNC_EVENT, 0, orig ^ 1, 1);
}

NT_TEST(feat_vwc_set, "admin",
	"NVMe Base 2.0, 5.27.1.4 Volatile Write Cache and 5.15 Select 011b: WCE set and read back when changeable, else Feature Not Changeable",
	NT_NEED_INIT)
{
	uint32_t orig;

	if (!(t->id.vwc & 1))
		NT_SKIP("Identify Controller VWC bit 0 is clear: no volatile write cache");
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_VOLATILE_WC, 0, &orig));
	set_round_trip(t, NVME_FEAT_FID_VOLATILE_WC, 0, orig ^ 1, 1);
}

NT_TEST(feat_error_recovery_set, "admin",
	"NVMe Base 2.0, 5.27.1 Error Recovery and 5.15 Select 011b: TLER of a namespace set and read back when changeable, else Feature Not Changeable",
	NT_NEED_NS)
{
	struct nvmetest_feat_args f = {
		.fid = NVME_FEAT_FID_ERR_RECOVERY, .nsid = t->nsid,
	};
	uint32_t orig;

	f.result = &orig;
	NT_ASSERT_OK(nvmetest_get_features(t->dev, &f));
	set_round_trip(t, NVME_FEAT_FID_ERR_RECOVERY, t->nsid, orig ^ 1, 0xffff);
}

/* The mandatory features that need no namespace and no vector. */
static const uint8_t ctrl_fids[] = {
	NVME_FEAT_FID_ARBITRATION, NVME_FEAT_FID_POWER_MGMT, NVME_FEAT_FID_TEMP_THRESH,
	NVME_FEAT_FID_NUM_QUEUES, NVME_FEAT_FID_IRQ_COALESCE, NVME_FEAT_FID_WRITE_ATOMIC,
	NVME_FEAT_FID_ASYNC_EVENT,
};

NT_TEST(feat_sel_saved_not_saveable, "admin",
	"NVMe Base 2.0, 5.15 Get Features Select 010b: for a feature that is not saveable the controller returns the default value (Select 001b)",
	NT_NEED_INIT)
{
	unsigned int checked = 0;

	for (size_t i = 0; i < sizeof(ctrl_fids); i++) {
		uint32_t caps = caps_of(t, ctrl_fids[i], 0, 0), def, saved;

		NT_ASSERT_OK(get_sel(t, ctrl_fids[i], 1, 0, 0, &def));
		NT_ASSERT_OK(get_sel(t, ctrl_fids[i], 2, 0, 0, &saved));
		if (caps & CAP_SAVEABLE)
			continue;
		NT_ASSERT(saved == def, "FID %02xh (%s), not saveable: saved 0x%08x, default 0x%08x",
			  ctrl_fids[i], nvmetest_feature_name(ctrl_fids[i]), saved, def);
		checked++;
	}
	NT_DIAG("%u features not saveable", checked);
}

NT_TEST(feat_sel_default_unchanged_by_set, "admin",
	"NVMe Base 2.0, 5.15 Get Features Select 000b (current) follows a Set Features, Select 001b (default) does not",
	NT_NEED_INIT)
{
	uint32_t orig, def, cur, def_after;
	int r1, r2;

	if (!has_sel(t))
		NT_SKIP("Identify Controller ONCS bit 4 is clear: no Select field");
	NT_ASSERT_OK(get_sel(t, NVME_FEAT_FID_TEMP_THRESH, 0, 0, TEMP_OVER, &orig));
	NT_ASSERT_OK(get_sel(t, NVME_FEAT_FID_TEMP_THRESH, 1, 0, TEMP_OVER, &def));
	orig &= 0xffff;
	NT_ASSERT(orig, "over temperature threshold of the composite temperature is 0 K");
	NT_ASSERT_OK(set_val(t, NVME_FEAT_FID_TEMP_THRESH, 0, orig - 1, false));
	r1 = get_sel(t, NVME_FEAT_FID_TEMP_THRESH, 0, 0, TEMP_OVER, &cur);
	r2 = get_sel(t, NVME_FEAT_FID_TEMP_THRESH, 1, 0, TEMP_OVER, &def_after);
	NT_ASSERT_OK(set_val(t, NVME_FEAT_FID_TEMP_THRESH, 0, orig, false));
	NT_ASSERT_OK(r1);
	NT_ASSERT_OK(r2);
	NT_ASSERT_EQ(cur & 0xffff, orig - 1);
	NT_ASSERT_EQ(def_after, def);
}

NT_TEST(feat_save_not_saveable, "admin",
	"NVMe Base 2.0, 5.27 Set Features: Save set for a feature that is not saveable -> Feature Identifier Not Saveable (SCT 1h, SC 0Dh)",
	NT_NEED_INIT)
{
	/* changeable ones: a device that saves anyway saves the current value */
	static const uint8_t fids[] = {
		NVME_FEAT_FID_TEMP_THRESH, NVME_FEAT_FID_ASYNC_EVENT, NVME_FEAT_FID_WRITE_ATOMIC,
		NVME_FEAT_FID_ARBITRATION, NVME_FEAT_FID_IRQ_COALESCE,
	};

	for (size_t i = 0; i < sizeof(fids); i++) {
		uint32_t caps = caps_of(t, fids[i], 0, 0), cur;

		if (caps & CAP_SAVEABLE)
			continue;
		NT_ASSERT_OK(get_sel(t, fids[i], 0, 0, 0, &cur));
		NT_DIAG("FID %02xh (%s): capabilities 0x%x, Save with the current value 0x%08x",
			fids[i], nvmetest_feature_name(fids[i]), caps, cur);
		NT_ASSERT_STATUS(set_val(t, fids[i], 0, cur, true), SC_FID_NOT_SAVEABLE,
				 "Set Features, Save, of a feature not saveable");
		return;
	}
	NT_SKIP("Temperature Threshold, Asynchronous Event Configuration, Write Atomicity Normal, Arbitration and Interrupt Coalescing are all saveable");
}

NT_TEST(feat_sel_caps_more, "admin",
	"NVMe Base 2.0, 5.15 Get Features Select 011b: Interrupt Coalescing, Interrupt Vector Configuration, Write Atomicity Normal, Asynchronous Event Configuration, Error Recovery, Volatile Write Cache",
	NT_NEED_NS)
{
	static const uint8_t fids[] = {
		NVME_FEAT_FID_IRQ_COALESCE, NVME_FEAT_FID_IRQ_CONFIG, NVME_FEAT_FID_WRITE_ATOMIC,
		NVME_FEAT_FID_ASYNC_EVENT,
	};
	uint32_t caps;

	for (size_t i = 0; i < sizeof(fids); i++) {
		caps = caps_of(t, fids[i], 0, 0);
		/* controller-wide features: never namespace specific */
		NT_ASSERT(!(caps & CAP_NS_SPECIFIC),
			  "FID %02xh (%s): supported capabilities 0x%x say namespace specific", fids[i],
			  nvmetest_feature_name(fids[i]), caps);
	}
	caps_of(t, NVME_FEAT_FID_ERR_RECOVERY, t->nsid, 0);
	if (t->id.vwc & 1) {
		caps = caps_of(t, NVME_FEAT_FID_VOLATILE_WC, 0, 0);
		NT_ASSERT(!(caps & CAP_NS_SPECIFIC),
			  "Volatile Write Cache: supported capabilities 0x%x say namespace specific", caps);
	}
}
