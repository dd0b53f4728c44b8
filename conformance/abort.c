// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: Abort (NVMe Base 2.0, 5.1): of a command that is no longer
 * outstanding, of an outstanding Asynchronous Event Request, and of a
 * Submission Queue that does not exist.
 *
 * Abort is a best effort command: the specification lets the controller
 * abort or not, and says which it did in bit 0 of Dword 0 of the Abort's
 * completion (1: not aborted). What it does not allow is to say
 * "aborted" about a command it did not end with Command Abort Requested.
 */
#include <nvmetest-harness.h>

#define SC_ABORT_REQUESTED	NT_STATUS(0, 0x07)	/* Command Abort Requested */

/* Abort of SQ @sqid's command @cid, with the driver's default timeout
 * (a short one of our own would fail a slow but correct controller). */
static int abort_cmd(struct nt_ctx *t, uint16_t sqid, uint16_t cid, uint32_t *dw0)
{
	struct nvmetest_cmd_args c = {
		.opcode = nvme_admin_abort_cmd, .cdw10 = (uint32_t)cid << 16 | sqid,
		.result = dw0,
	};

	return nvmetest_admin_cmd(t->dev, &c);
}

/* The newest command of a queue's log: its decoded record. */
static void newest_cmd(struct nt_ctx *t, uint16_t qid, uint8_t opcode,
		       struct nvmetest_cmdlog_rec *r)
{
	struct nvmetest_cmdlog_entry e[256];
	int n = nvmetest_cmdlog(t->dev, qid, e, 256, NULL);

	NT_ASSERT(n >= 0, "CMDLOG of queue %u: %d", qid, n);
	for (int i = n - 1; i >= 0; i--) {
		nvmetest_cmdlog_decode(&e[i], r);
		if (r->opcode == opcode && (opcode != nvme_admin_async_event || !r->done))
			return;
	}
	NT_ASSERT(0, "no %s command in the log of queue %u", nvmetest_opcode_name(qid, opcode),
		  qid);
}

NT_TEST(abort_completed_command, "admin",
	"NVMe Base 2.0, 5.1: Abort of a command that already completed: the Abort completes, Dword 0 bit 0 says not aborted",
	NT_NEED_IOQ)
{
	struct nvmetest_cmdlog_rec r;
	uint32_t dw0 = 0;
	int ret;

	/* a Read on the IO queue, completed: nothing is outstanding there */
	NT_ASSERT_OK(nt_read(t, 0, 1, t->buf));
	newest_cmd(t, t->qid, nvme_cmd_read, &r);
	NT_ASSERT(r.done, "the Read (CID %u) is not done", r.cid);
	/* nothing is left to abort, so nothing keeps the Abort itself from
	 * completing */
	ret = abort_cmd(t, t->qid, r.cid, &dw0);
	NT_ASSERT_OK(ret);
	NT_ASSERT(dw0 & 1, "Abort of SQ %u CID %u, completed before: Dword 0 0x%08x says it was aborted",
		  t->qid, r.cid, dw0);
}

NT_TEST(abort_outstanding_aer, "admin",
	"NVMe Base 2.0, 5.1 and 5.2: Abort of an outstanding Asynchronous Event Request: aborted (it completes with Command Abort Requested) or not (it stays outstanding), as Dword 0 bit 0 says",
	NT_NEED_INIT)
{
	struct nvmetest_event ev[4];
	struct nvmetest_cmdlog_rec r;
	uint32_t dw0 = 0;
	int ret, n;

	NT_ASSERT_OK(nvmetest_aer_config(t->dev, 1));
	/* events of earlier tests would end the request before the Abort */
	while (nvmetest_events(t->dev, ev, 4, NULL) > 0)
		;
	newest_cmd(t, 0, nvme_admin_async_event, &r);
	/* no new request when this one ends: the driver would resend on success only */
	NT_ASSERT_OK(nvmetest_aer_config(t->dev, 0));
	ret = abort_cmd(t, 0, r.cid, &dw0);
	{
		struct nvme_id_ctrl id;

		/* after the Abort: the aborted request's completion is posted */
		NT_ASSERT_OK(nvmetest_identify_ctrl(t->dev, &id));
	}
	n = nvmetest_events(t->dev, ev, 4, NULL);
	NT_ASSERT_OK(ret);
	NT_ASSERT(n >= 0, "EVENTS: %d", n);
	NT_DIAG("Abort of AER CID %u: Dword 0 0x%08x, %d completion(s) after it", r.cid, dw0, n);
	if (dw0 & 1) {
		/* not aborted: it is still outstanding, unless an event ended it */
		NT_ASSERT(!n || ev[0].status == 0,
			  "Abort said not aborted, but the AER completed with status 0x%x",
			  ev[0].status);
		return;
	}
	NT_ASSERT(n == 1, "Abort said aborted, but %d AER completion(s) came", n);
	NT_ASSERT_STATUS(ev[0].status, SC_ABORT_REQUESTED, "the aborted AER");
}

NT_TEST(abort_invalid_sqid, "admin",
	"NVMe Base 2.0, 5.1: Abort naming a Submission Queue that does not exist: Invalid Field in Command, or not aborted (Dword 0 bit 0)",
	NT_NEED_INIT)
{
	uint32_t v, dw0 = 0;
	uint16_t sqid;
	int ret;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_NUM_QUEUES, 0, &v));
	/* NSQA + 2 was never created: the SQs allocated are 1..NSQA + 1 */
	sqid = (uint16_t)((v & 0xffff) + 2);
	if (!sqid)
		NT_SKIP("the controller allocated 65535 IO SQs: every SQID can exist");
	ret = abort_cmd(t, sqid, 0, &dw0);
	if (nt_status_is(ret, NT_SC_SUCCESS)) {
		NT_ASSERT(dw0 & 1, "Abort of SQ %u (not created): success with Dword 0 0x%08x: aborted",
			  sqid, dw0);
		return;
	}
	NT_ASSERT_STATUS(ret, NT_SC_INVALID_FIELD, "Abort of SQID NSQA + 2");
}
