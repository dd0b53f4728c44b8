// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Asynchronous Event Request (NVMe Base 2.0, 5.2): an
 * outstanding request completes only with an event, the limit of AERL + 1
 * outstanding requests, a SMART / Health temperature event raised by a
 * Temperature Threshold below the composite temperature, the masking of
 * an event type until its log page is read, Retain Asynchronous Event
 * (5.16), and the Asynchronous Event Configuration feature (5.27.1.7).
 *
 * The driver keeps the requests outstanding (nvmetest_aer_config()) and
 * puts their completions in its event ring (nvmetest_events()); both are
 * the controller's, not the test's, so every test sets the count back to
 * 0 before it ends. "Does not complete" is judged after admin commands
 * sent later have completed: the device had the chance to post it.
 */
#include <endian.h>
#include <time.h>

#include <nvmetest-harness.h>

/* Asynchronous Event Request Limit Exceeded */
#define SC_AER_LIMIT_EXCEEDED	NT_STATUS(1, 0x05)

#define AER_TYPE_SMART		1	/* SMART / Health status */
#define AER_INFO_TEMP_THRESH	0x01	/* Temperature Threshold */
#define AEC_SMART_TEMP		(1u << 1)	/* AEC bit 1: temperature warnings */
#define CW_TEMPERATURE		(1u << 1)	/* Critical Warning bit 1 */

/* How long an event raised on purpose may take: the test's own limit
 * (the runner's default is 60 s) less what the rest needs. Not a
 * performance bound: the specification gives none. */
#define EVENT_WAIT_MS		30000

static unsigned int ev_type(uint32_t dw0) { return dw0 & 7; }
static unsigned int ev_info(uint32_t dw0) { return (dw0 >> 8) & 0xff; }
static unsigned int ev_lid(uint32_t dw0) { return (dw0 >> 16) & 0xff; }

/* Admin commands that complete after anything the device had to post. */
static void barrier(struct nt_ctx *t)
{
	struct nvme_id_ctrl id;

	for (int i = 0; i < 4; i++)
		NT_ASSERT_OK(nvmetest_identify_ctrl(t->dev, &id));
}

static int take_events(struct nt_ctx *t, struct nvmetest_event *ev, uint32_t n)
{
	int got = nvmetest_events(t->dev, ev, n, NULL);

	NT_ASSERT(got >= 0, "EVENTS: %d", got);
	return got;
}

/* Read the log page an event names, RAE clear: the event is cleared. */
static void clear_event(struct nt_ctx *t, uint32_t dw0)
{
	uint32_t len = ev_lid(dw0) == NVME_LOG_LID_ERROR ? 64 :
		       ev_lid(dw0) == NVME_LOG_LID_CHANGED_NS ? 4096 : 512;

	if (ev_lid(dw0))
		nvmetest_get_log_simple(t->dev, ev_lid(dw0), t->buf2, len);
}

/*
 * Keep @count requests outstanding and clear whatever events the device
 * had pending, until a round brings none. Skips when events keep coming:
 * there is then no quiet device to judge.
 */
static void aer_quiet(struct nt_ctx *t, uint32_t count)
{
	struct nvmetest_event ev[16];

	NT_ASSERT_OK(nvmetest_aer_config(t->dev, count));
	for (int round = 0; round < 8; round++) {
		int n;

		barrier(t);
		n = take_events(t, ev, 16);
		if (!n)
			return;
		for (int i = 0; i < n; i++) {
			NT_DIAG("pending event before the test: dw0 0x%08x status 0x%x",
				ev[i].dw0, ev[i].status);
			clear_event(t, ev[i].dw0);
		}
	}
	nvmetest_aer_config(t->dev, 0);
	NT_SKIP("the controller reported events in 8 rounds in a row: no quiet state to test in");
}

/* AERs the device has not completed, from the admin queue's command log. */
static unsigned int aers_outstanding(struct nt_ctx *t)
{
	struct nvmetest_cmdlog_entry e[256];
	struct nvmetest_cmdlog_rec r;
	unsigned int n = 0;
	int got = nvmetest_cmdlog(t->dev, 0, e, 256, NULL);

	NT_ASSERT(got >= 0, "CMDLOG of the admin queue: %d", got);
	for (int i = 0; i < got; i++) {
		nvmetest_cmdlog_decode(&e[i], &r);
		if (r.opcode == nvme_admin_async_event && !r.done)
			n++;
	}
	return n;
}

/* The first event within EVENT_WAIT_MS; false when none came. */
static bool wait_event(struct nt_ctx *t, struct nvmetest_event *ev)
{
	const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };

	for (int ms = 0; ms < EVENT_WAIT_MS; ms += 10) {
		if (take_events(t, ev, 1))
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

/* Temperature Threshold, composite temperature, over threshold. */
static int set_over_thresh(struct nt_ctx *t, uint32_t kelvin)
{
	struct nvmetest_feat_args f = {
		.fid = NVME_FEAT_FID_TEMP_THRESH, .cdw11 = kelvin & 0xffff,
	};

	return nvmetest_set_features(t->dev, &f);
}

static int set_aec(struct nt_ctx *t, uint32_t v)
{
	struct nvmetest_feat_args f = { .fid = NVME_FEAT_FID_ASYNC_EVENT, .cdw11 = v };

	return nvmetest_set_features(t->dev, &f);
}

static int smart_read(struct nt_ctx *t, bool rae, struct nvme_smart_log *s)
{
	struct nvmetest_log_args a = {
		.lid = NVME_LOG_LID_SMART, .nsid = NVME_NSID_ALL, .rae = rae,
		.data = s, .len = sizeof(*s),
	};

	return nvmetest_get_log(t->dev, &a);
}

/* What the temperature tests change, to put back. */
struct temp_state {
	uint32_t aec;
	uint32_t thresh;
	uint32_t temp;
};

/*
 * Enable temperature events in the Asynchronous Event Configuration,
 * keep one AER outstanding with nothing pending. Skips when the
 * composite temperature is not reported.
 */
static void temp_setup(struct nt_ctx *t, struct temp_state *st, bool enable)
{
	struct nvme_smart_log *s = t->buf;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_ASYNC_EVENT, 0, &st->aec));
	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_TEMP_THRESH, 0, &st->thresh));
	st->thresh &= 0xffff;
	NT_ASSERT_OK(smart_read(t, false, s));
	st->temp = s->temperature[0] | s->temperature[1] << 8;
	if (st->temp <= 20)
		NT_SKIP("SMART / Health composite temperature is %u K: not reported", st->temp);
	if (st->thresh <= st->temp)
		NT_SKIP("the over temperature threshold (%u K) is not above the composite temperature (%u K) now",
			st->thresh, st->temp);
	NT_ASSERT_OK(set_aec(t, enable ? st->aec | AEC_SMART_TEMP : st->aec & ~AEC_SMART_TEMP));
	aer_quiet(t, 1);
}

/* Put back the threshold and the configuration, clear the SMART event. */
static void temp_restore(struct nt_ctx *t, const struct temp_state *st)
{
	set_over_thresh(t, st->thresh);
	set_aec(t, st->aec);
	smart_read(t, false, t->buf2);
	nvmetest_aer_config(t->dev, 0);
}

NT_TEST(aer_no_completion_without_event, "admin",
	"NVMe Base 2.0, 5.2: an Asynchronous Event Request stays outstanding until there is an event to report",
	NT_NEED_INIT)
{
	struct nvmetest_event ev[4];
	unsigned int before, after;
	int n;

	aer_quiet(t, 1);
	before = aers_outstanding(t);
	barrier(t);
	barrier(t);
	n = take_events(t, ev, 4);
	after = aers_outstanding(t);
	nvmetest_aer_config(t->dev, 0);
	NT_ASSERT(!n, "an AER completed with nothing to report: dw0 0x%08x status 0x%x",
		  ev[0].dw0, ev[0].status);
	NT_ASSERT_EQ(before, 1);
	NT_ASSERT_EQ(after, 1);
}

NT_TEST(aer_limit_exceeded, "admin",
	"NVMe Base 2.0, 5.2 and 5.17.2.1 AERL: AERL + 1 requests may be outstanding; one more -> Asynchronous Event Request Limit Exceeded",
	NT_NEED_INIT)
{
	uint32_t limit = t->id.aerl + 1u;
	/* a device that takes the request answers nothing: time it out, but
	 * give a loaded host's slow controller long enough to refuse it */
	struct nvmetest_cmd_args c = { .opcode = nvme_admin_async_event, .timeout_ms = 20000 };
	unsigned int out;
	int ret;

	if (limit > 16)
		NT_SKIP("AERL %u: %u requests, more than the driver keeps outstanding (16)",
			t->id.aerl, limit);
	aer_quiet(t, limit);
	out = aers_outstanding(t);
	/* the driver's requests are all in place: this one is over the limit */
	ret = nvmetest_admin_cmd(t->dev, &c);
	nvmetest_aer_config(t->dev, 0);
	NT_ASSERT_EQ(out, limit);
	NT_ASSERT_STATUS(ret, SC_AER_LIMIT_EXCEEDED, "Asynchronous Event Request number AERL + 2");
}

NT_TEST(aer_smart_temperature_event, "admin",
	"NVMe Base 2.0, 5.2.1 (SMART / Health status, Temperature Threshold), 5.27.1.3 Temperature Threshold and 5.16.1.3 Critical Warning bit 1",
	NT_NEED_INIT)
{
	struct nvme_smart_log *s = t->buf;
	struct temp_state st;
	struct nvmetest_event ev = { 0 };
	bool seen;
	int set, log;

	temp_setup(t, &st, true);
	set = set_over_thresh(t, st.temp - 10);
	seen = !set && wait_event(t, &ev);
	log = smart_read(t, true, s);
	temp_restore(t, &st);
	NT_ASSERT_OK(set);
	NT_ASSERT(seen, "no event within %d ms of an over temperature threshold %u K below the composite temperature %u K",
		  EVENT_WAIT_MS, st.temp - 10, st.temp);
	NT_DIAG("event dw0 0x%08x", ev.dw0);
	NT_ASSERT_OK(ev.status);
	NT_ASSERT_EQ(ev_type(ev.dw0), AER_TYPE_SMART);
	NT_ASSERT_EQ(ev_info(ev.dw0), AER_INFO_TEMP_THRESH);
	NT_ASSERT_EQ(ev_lid(ev.dw0), NVME_LOG_LID_SMART);
	NT_ASSERT_OK(log);
	NT_ASSERT(s->critical_warning & CW_TEMPERATURE,
		  "Critical Warning 0x%02x lacks bit 1 with the temperature over its threshold",
		  s->critical_warning);
}

NT_TEST(aer_masked_until_cleared_rae, "admin",
	"NVMe Base 2.0, 5.2 (an event type is masked until its log page is read) and 5.16 RAE: a read with RAE 1 keeps it masked, a read with RAE 0 clears it",
	NT_NEED_INIT)
{
	struct nvmetest_event ev[4];
	struct temp_state st;
	bool first, third = false;
	int masked = 0, steps = 0;

	temp_setup(t, &st, true);
	/* 1: the event, reported */
	first = !set_over_thresh(t, st.temp - 10) && wait_event(t, ev);
	/* 2: its log read with RAE 1; then the condition ends and comes again */
	if (first) {
		steps |= smart_read(t, true, t->buf2);
		steps |= set_over_thresh(t, st.thresh);
		steps |= set_over_thresh(t, st.temp - 10);
		barrier(t);
		masked = take_events(t, ev, 4);
	}
	/* 3: the condition ends, the log read with RAE 0, and it comes again */
	if (first && !masked) {
		steps |= set_over_thresh(t, st.thresh);
		steps |= smart_read(t, false, t->buf2);
		steps |= set_over_thresh(t, st.temp - 10);
		third = wait_event(t, ev);
	}
	temp_restore(t, &st);
	NT_ASSERT(first, "no event within %d ms of the over temperature threshold going below the temperature",
		  EVENT_WAIT_MS);
	NT_ASSERT_OK(steps);
	NT_ASSERT(!masked, "a second temperature event (dw0 0x%08x) was reported after the log was read with RAE 1",
		  ev[0].dw0);
	NT_ASSERT(third, "no event within %d ms after the SMART log was read with RAE 0 and the threshold went below the temperature again",
		  EVENT_WAIT_MS);
	NT_ASSERT_EQ(ev_type(ev[0].dw0), AER_TYPE_SMART);
}

NT_TEST(aer_config_temperature_disabled, "admin",
	"NVMe Base 2.0, 5.27.1.7 Asynchronous Event Configuration: with bit 1 clear no event is reported for a temperature over its threshold",
	NT_NEED_INIT)
{
	struct nvme_smart_log *s = t->buf;
	struct nvmetest_event ev[4];
	struct temp_state st;
	int set, n, log;

	temp_setup(t, &st, false);
	set = set_over_thresh(t, st.temp - 10);
	barrier(t);
	n = take_events(t, ev, 4);
	/* the condition is still there: the log shows it without an event */
	log = smart_read(t, true, s);
	temp_restore(t, &st);
	NT_ASSERT_OK(set);
	NT_ASSERT(!n, "an event (dw0 0x%08x) came with temperature events disabled",
		  ev[0].dw0);
	NT_ASSERT_OK(log);
	NT_ASSERT(s->critical_warning & CW_TEMPERATURE,
		  "Critical Warning 0x%02x lacks bit 1 with the temperature over its threshold",
		  s->critical_warning);
}
