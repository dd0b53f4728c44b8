// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: IO queue creation and deletion (NVMe Base 2.0, 5.4 Create
 * I/O Completion Queue, 5.5 Create I/O Submission Queue, 5.6 Delete I/O
 * Completion Queue): the statuses of an invalid queue identifier, size
 * and interrupt vector, and of deleting a CQ an SQ still uses.
 *
 * The driver builds these commands (they hand queue memory to the
 * device), so they go through nvmetest_cq_create() / _sq_create() /
 * _queue_delete(), which send any value and return the device's status.
 */
#include <nvmetest-harness.h>

#define PCI_CAP_ID_MSIX_	0x11

/* A queue created on purpose that the device accepted: delete it again,
 * so that the failure is the only effect of the test. */
static void cq_undo(struct nt_ctx *t, int ret, uint16_t qid)
{
	if (ret == 0)
		nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_CQ);
}

static int cq_create(struct nt_ctx *t, uint16_t qid, uint32_t depth, uint16_t vector)
{
	struct nvmetest_cq_create cq = { .qid = qid, .depth = depth, .vector = vector };
	int ret = nvmetest_cq_create(t->dev, &cq);

	cq_undo(t, ret, qid);
	return ret;
}

/* NCQA + 1: the IO CQs the controller allocated (Number of Queues). */
static uint32_t cqs_allocated(struct nt_ctx *t)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_NUM_QUEUES, 0, &v));
	return (v >> 16) + 1;
}

NT_TEST(cq_create_qid_zero, "admin",
	"NVMe Base 2.0, 5.4: Create I/O CQ with QID 0h -> Invalid Queue Identifier",
	NT_NEED_INIT)
{
	NT_ASSERT_STATUS(cq_create(t, 0, 16, 0), NT_SC_INVALID_QID, "Create I/O CQ, QID 0");
}

NT_TEST(cq_create_qid_beyond_ncqa, "admin",
	"NVMe Base 2.0, 5.4: Create I/O CQ with a QID above the queues allocated (Number of Queues) -> Invalid Queue Identifier",
	NT_NEED_INIT)
{
	uint32_t n = cqs_allocated(t);

	if (n >= 0xffff)
		NT_SKIP("the controller allocated %u IO CQs: no QID lies above them", n);
	NT_ASSERT_STATUS(cq_create(t, (uint16_t)(n + 1), 16, 0), NT_SC_INVALID_QID,
			 "Create I/O CQ, QID NCQA + 2");
}

NT_TEST(cq_create_qsize_zero, "admin",
	"NVMe Base 2.0, 5.4: QSIZE 0h (one entry) -> Invalid Queue Size",
	NT_NEED_INIT)
{
	/* depth 1 is QSIZE 0 on the wire (0's based) */
	NT_ASSERT_STATUS(cq_create(t, 1, 1, 0), NT_SC_INVALID_QSIZE, "Create I/O CQ, QSIZE 0");
}

NT_TEST(cq_create_qsize_beyond_mqes, "admin",
	"NVMe Base 2.0, 5.4 and CAP.MQES: QSIZE above CAP.MQES -> Invalid Queue Size",
	NT_NEED_INIT)
{
	uint32_t mqes = nvmetest_cap_mqes(t->info->cap);

	if (mqes >= 65536)
		NT_SKIP("CAP.MQES allows 65536 entries: no larger size can be expressed");
	NT_ASSERT_STATUS(cq_create(t, 1, mqes + 1, 0), NT_SC_INVALID_QSIZE,
			 "Create I/O CQ, QSIZE CAP.MQES + 1");
}

NT_TEST(cq_create_invalid_vector, "admin",
	"NVMe Base 2.0, 5.4: an interrupt vector beyond the MSI-X table -> Invalid Interrupt Vector",
	NT_NEED_INIT)
{
	uint8_t cfg[256];
	uint16_t mc;
	int off;

	if (t->info->irq_mode != NVMETEST_IRQ_MSIX)
		NT_SKIP("the controller runs without MSI-X here: vectors are not checked against a table");
	NT_ASSERT_OK(nvmetest_cfg_read_block(t->dev, 0, cfg, sizeof(cfg)));
	off = nvmetest_pci_cap_find(cfg, sizeof(cfg), false, PCI_CAP_ID_MSIX_);
	if (off < 0)
		NT_SKIP("the function has no MSI-X capability");
	mc = (uint16_t)(cfg[off + 2] | cfg[off + 3] << 8);
	/* vectors 0 .. Table Size (0's based) exist; the next one does not */
	NT_ASSERT_STATUS(cq_create(t, 1, 16, (uint16_t)((mc & 0x7ff) + 1)), NT_SC_INVALID_VECTOR,
			 "Create I/O CQ, IV = MSI-X Table Size");
}

NT_TEST(sq_create_qid_zero, "admin",
	"NVMe Base 2.0, 5.5: Create I/O SQ with QID 0h -> Invalid Queue Identifier",
	NT_NEED_IOQ)
{
	struct nvmetest_sq_create sq = { .qid = 0, .cqid = t->qid, .depth = 16 };
	int ret = nvmetest_sq_create(t->dev, &sq);

	if (ret == 0)
		nvmetest_queue_delete(t->dev, 0, NVMETEST_QUEUE_SQ);
	NT_ASSERT_STATUS(ret, NT_SC_INVALID_QID, "Create I/O SQ, QID 0");
}

NT_TEST(cq_delete_with_sq, "admin",
	"NVMe Base 2.0, 5.6: Delete I/O CQ while an SQ posts to it -> Invalid Queue Deletion",
	NT_NEED_IOQ)
{
	NT_ASSERT_STATUS(nvmetest_queue_delete(t->dev, t->qid, NVMETEST_QUEUE_CQ),
			 NT_SC_INVALID_QUEUE_DELETION, "Delete I/O CQ 1 with SQ 1 on it");
}
