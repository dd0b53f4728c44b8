// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conformance: IO queue creation and deletion (NVMe Base 2.0, 5.4 Create
 * I/O Completion Queue, 5.5 Create I/O Submission Queue, 5.6 Delete I/O
 * Completion Queue, 5.7 Delete I/O Submission Queue): the statuses of an
 * invalid queue identifier, size, interrupt vector and Physically
 * Contiguous bit, of deleting a CQ an SQ still uses, and queues that come
 * and go and carry IO.
 *
 * The driver builds these commands (they hand queue memory to the
 * device), so they go through nvmetest_cq_create() / _sq_create() /
 * _queue_delete(), which send any value and return the device's status.
 * What the driver does not send (it answers from its own table first): a
 * QID it already has (-EEXIST), an SQ on a CQID it has not created, CQID
 * 0 included (-ENOENT), and the deletion of a queue it does not have, QID
 * 0 included (-ENOENT). Those cases have no test here.
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

/* The SQs the controller allocated (Number of Queues: NSQA + 1). */
static uint32_t sqs_allocated(struct nt_ctx *t)
{
	uint32_t v;

	NT_ASSERT_OK(nt_get_feature(t, NVME_FEAT_FID_NUM_QUEUES, 0, &v));
	return (v & 0xffff) + 1;
}

/* Create an SQ on t->qid's CQ; one the device accepted is deleted again. */
static int sq_create(struct nt_ctx *t, uint16_t qid, uint32_t depth, uint32_t flags)
{
	struct nvmetest_sq_create sq = { .qid = qid, .cqid = t->qid, .depth = depth,
					 .flags = flags };
	int ret = nvmetest_sq_create(t->dev, &sq);

	if (ret == 0)
		nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_SQ);
	return ret;
}

/* A Read of LBA 0 of t->nsid on SQ @qid: the queue carries IO. */
static int read_on(struct nt_ctx *t, uint16_t qid)
{
	struct nvmetest_io_args a = {
		.qid = qid, .nsid = t->nsid, .slba = 0, .nlb = 0,
		.data = t->buf, .data_len = nt_io_len(t, 1),
	};

	if (t->ns.ms && !t->ns.extended) {
		a.meta = t->meta;
		a.meta_len = t->ns.ms;
	}
	return nvmetest_read(t->dev, &a);
}

/* The interrupt vector for a queue of our own: 1 when there are two. */
static uint16_t io_vector(struct nt_ctx *t)
{
	return t->info->nr_vectors > 1 ? 1 : 0;
}

/* A QID no queue of the driver uses, 1..@max; 0 when none is free. */
static uint16_t free_qid(struct nt_ctx *t, uint32_t max)
{
	struct nvmetest_queue_info q[64];
	int n = nvmetest_queue_list(t->dev, q, 64, NULL);

	NT_ASSERT(n >= 0, "QUEUE_LIST: %d", n);
	for (uint32_t id = 1; id <= max && id < 0xffff; id++) {
		bool used = false;

		for (int i = 0; i < n; i++)
			used |= q[i].qid == id;
		if (!used)
			return (uint16_t)id;
	}
	return 0;
}

NT_TEST(sq_create_qid_beyond_nsqa, "admin",
	"NVMe Base 2.0, 5.5: Create I/O SQ with a QID above the queues allocated (Number of Queues) -> Invalid Queue Identifier",
	NT_NEED_IOQ)
{
	uint32_t n = sqs_allocated(t);

	if (n >= 0xffff)
		NT_SKIP("the controller allocated %u IO SQs: no QID lies above them", n);
	NT_ASSERT_STATUS(sq_create(t, (uint16_t)(n + 1), 16, 0), NT_SC_INVALID_QID,
			 "Create I/O SQ, QID NSQA + 2");
}

NT_TEST(sq_create_qsize_zero, "admin",
	"NVMe Base 2.0, 5.5: Create I/O SQ with QSIZE 0h (one entry) -> Invalid Queue Size",
	NT_NEED_IOQ)
{
	uint16_t qid = free_qid(t, sqs_allocated(t));

	if (!qid)
		NT_SKIP("every SQ the controller allocated is in use");
	NT_ASSERT_STATUS(sq_create(t, qid, 1, 0), NT_SC_INVALID_QSIZE, "Create I/O SQ, QSIZE 0");
}

NT_TEST(sq_create_qsize_beyond_mqes, "admin",
	"NVMe Base 2.0, 5.5 and CAP.MQES: Create I/O SQ with QSIZE above CAP.MQES -> Invalid Queue Size",
	NT_NEED_IOQ)
{
	uint32_t mqes = nvmetest_cap_mqes(t->info->cap);
	uint16_t qid = free_qid(t, sqs_allocated(t));

	if (mqes >= 65536)
		NT_SKIP("CAP.MQES allows 65536 entries: no larger size can be expressed");
	if (!qid)
		NT_SKIP("every SQ the controller allocated is in use");
	NT_ASSERT_STATUS(sq_create(t, qid, mqes + 1, 0), NT_SC_INVALID_QSIZE,
			 "Create I/O SQ, QSIZE CAP.MQES + 1");
}

/* Entries of a queue of @entry_size bytes that spans more than a page. */
static uint32_t multi_page_depth(struct nt_ctx *t, uint32_t entry_size)
{
	uint32_t mqes = nvmetest_cap_mqes(t->info->cap);
	uint32_t want = 2 * 4096 / entry_size;

	return want < mqes ? want : mqes;
}

NT_TEST(cq_create_pc_clear, "admin",
	"NVMe Base 2.0, 5.4 (PC) and 3.1.3.1 CAP.CQR: PC 0 -> Invalid Field in Command when CAP.CQR is 1; a discontiguous CQ works when it is 0",
	NT_NEED_NS)
{
	bool cqr = (t->info->cap >> 16) & 1;
	uint32_t depth = multi_page_depth(t, 16);
	uint16_t qid = free_qid(t, cqs_allocated(t));
	struct nvmetest_cq_create cq = {
		.qid = qid, .depth = depth, .vector = io_vector(t),
		.flags = NVMETEST_QUEUE_DISCONTIG,
	};
	int ret, io = 0, del = 0;

	if (!qid)
		NT_SKIP("every CQ the controller allocated is in use");
	ret = nvmetest_cq_create(t->dev, &cq);
	if (cqr) {
		cq_undo(t, ret, qid);
		NT_ASSERT_STATUS(ret, NT_SC_INVALID_FIELD,
				 "Create I/O CQ, PC 0, CAP.CQR 1");
		return;
	}
	NT_ASSERT_OK(ret);
	{
		struct nvmetest_sq_create sq = { .qid = qid, .cqid = qid, .depth = 16 };

		ret = nvmetest_sq_create(t->dev, &sq);
		if (!ret) {
			io = read_on(t, qid);
			del = nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_SQ);
		}
	}
	nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_CQ);
	NT_ASSERT_OK(ret);
	NT_ASSERT_OK(io);
	NT_ASSERT_OK(del);
}

NT_TEST(sq_create_pc_clear, "admin",
	"NVMe Base 2.0, 5.5 (PC) and 3.1.3.1 CAP.CQR: PC 0 -> Invalid Field in Command when CAP.CQR is 1; a discontiguous SQ works when it is 0",
	NT_NEED_IOQ)
{
	bool cqr = (t->info->cap >> 16) & 1;
	uint32_t depth = multi_page_depth(t, 64);
	uint16_t qid = free_qid(t, sqs_allocated(t));
	struct nvmetest_sq_create sq = {
		.qid = qid, .cqid = t->qid, .depth = depth, .flags = NVMETEST_QUEUE_DISCONTIG,
	};
	int ret, io, del;

	if (!qid)
		NT_SKIP("every SQ the controller allocated is in use");
	ret = nvmetest_sq_create(t->dev, &sq);
	if (cqr) {
		if (ret == 0)
			nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_SQ);
		NT_ASSERT_STATUS(ret, NT_SC_INVALID_FIELD, "Create I/O SQ, PC 0, CAP.CQR 1");
		return;
	}
	NT_ASSERT_OK(ret);
	io = read_on(t, qid);
	del = nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_SQ);
	NT_ASSERT_OK(io);
	NT_ASSERT_OK(del);
}

NT_TEST(qpair_create_delete_roundtrip, "admin",
	"NVMe Base 2.0, 5.4, 5.5, 5.6 and 5.7: a queue pair created, used, deleted (SQ first, then CQ) and created again with the same QID carries IO",
	NT_NEED_NS)
{
	uint16_t qid = free_qid(t, sqs_allocated(t) < cqs_allocated(t) ?
				   sqs_allocated(t) : cqs_allocated(t));

	if (!qid)
		NT_SKIP("every queue the controller allocated is in use");
	for (int round = 0; round < 2; round++) {
		struct nvmetest_cq_create cq = { .qid = qid, .depth = 16, .vector = io_vector(t) };
		struct nvmetest_sq_create sq = { .qid = qid, .cqid = qid, .depth = 16 };
		int io;

		NT_ASSERT_OK(nvmetest_cq_create(t->dev, &cq));
		NT_ASSERT_OK(nvmetest_sq_create(t->dev, &sq));
		io = read_on(t, qid);
		NT_ASSERT_OK(nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_SQ));
		NT_ASSERT_OK(nvmetest_queue_delete(t->dev, qid, NVMETEST_QUEUE_CQ));
		NT_ASSERT_OK(io);
	}
}

NT_TEST(sq_create_shared_cq, "admin",
	"NVMe Base 2.0, 5.5 and 5.6: two SQs post to one CQ and both carry IO; the CQ cannot be deleted while they exist (Invalid Queue Deletion)",
	NT_NEED_IOQ)
{
	struct nvmetest_sq_create sq = { .cqid = t->qid, .depth = 16 };
	int created, io_a = 0, io_b, del_cq, del_sq = 0;

	/* SQ t->qid is on CQ t->qid already: one more SQ makes two */
	sq.qid = free_qid(t, sqs_allocated(t));
	if (!sq.qid)
		NT_SKIP("the controller allocated %u IO SQs: none left for a second SQ on CQ %u",
			sqs_allocated(t), t->qid);
	created = nvmetest_sq_create(t->dev, &sq);
	if (!created)
		io_a = read_on(t, sq.qid);
	io_b = read_on(t, t->qid);
	del_cq = nvmetest_queue_delete(t->dev, t->qid, NVMETEST_QUEUE_CQ);
	if (!created)
		del_sq = nvmetest_queue_delete(t->dev, sq.qid, NVMETEST_QUEUE_SQ);
	NT_ASSERT_OK(created);
	NT_ASSERT_OK(io_a);
	NT_ASSERT_OK(io_b);
	NT_ASSERT_OK(del_sq);
	NT_ASSERT_STATUS(del_cq, NT_SC_INVALID_QUEUE_DELETION,
			 "Delete I/O CQ with two SQs on it");
	/* the refused deletion left the CQ working */
	NT_ASSERT_OK(read_on(t, t->qid));
}
