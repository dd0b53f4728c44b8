// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest half of the data corruption test (host half: tests/vm/corrupt).
 * Binds the controller, turns verification on for namespace 1, writes
 * LBAs 100..131 through nvmetest (stamped, CRCs in the map), says "ready"
 * in the shared results folder and waits for "done": meanwhile the host
 * flips bytes in LBA 117 and swaps LBAs 120 and 121 in the backing file.
 * Then reads LBAs 100..131 back and checks that the read reports
 * NVMETEST_HOST_VERIFY_FAILED and that the failure log holds exactly LBA
 * 117 (CRC) and 120/121 (LBA_STAMP, each naming the other), with the
 * write's token, queue and command log sequence. Also: sparse allocation on
 * namespace 2, 64 GiB of 4 KiB LBAs (a sparse file on the host): four
 * LBAs spread over it cost four map chunks, and a cap of one chunk leaves
 * the rest untracked (CAPPED) without a failure. Then the same through
 * IOWorkers: a worker on queue 2 writes LBAs 200..263 ("ready2"), the
 * host flips bytes in LBA 230 ("done2"), a reading worker on queue 3
 * counts one verification failure, which the log pins on LBA 230, queue
 * 3 and the writer's queue 2; one with STOP_ON_ERROR ends ERROR at the IO
 * covering it with host status VERIFY_FAILED. TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmtest.h"

#define QID		1
#define SLBA		100
#define NLB		32
#define LBA_FLIP	117
#define LBA_SWAP	120
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define IOW_SLBA	200
#define IOW_NLB		64
#define IOW_FLIP	230

static int wait_file(const char *path, int secs)
{
	int i;

	for (i = 0; i < secs * 10; i++) {
		if (access(path, F_OK) == 0)
			return 0;
		usleep(100000);
	}
	return -1;
}

/*
 * Tell the host (through the results folder @res) that the guest reached
 * @ready, and wait up to 4 minutes for its @done: true once it came.
 */
static bool host_step(const char *res, const char *ready, const char *done)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", res, ready);
	fp = fopen(path, "w");
	if (!fp)
		return false;
	fclose(fp);
	snprintf(path, sizeof(path), "%s/%s", res, done);
	return wait_file(path, 240) == 0;
}

/* A sequential worker over LBAs 200..263 in 8-LBA IOs, run to its end. */
static int iow_run(int fd, uint16_t qid, uint8_t opc, uint32_t flags,
		   uint32_t qdepth, struct nvmetest_ioworker_spec *s,
		   struct nvmetest_ioworker_result *r)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->nsid = 1;
	s->flags = flags;
	s->qid = qid;
	s->vector = 1;
	s->qdepth = qdepth;
	s->region_start = IOW_SLBA;
	s->region_end = IOW_SLBA + IOW_NLB;
	s->lba_start = IOW_SLBA;
	s->io_count = IOW_NLB / 8;
	s->nr_ops = 1;
	s->ops[0].opcode = opc;
	s->ops[0].pct = 100;
	s->nr_sizes = 1;
	s->sizes[0].nlb = 8;
	s->sizes[0].pct = 100;
	ret = vmt_iow_start(fd, s);
	if (!ret)
		ret = vmt_iow_wait(fd, s->id, 30000, NULL);
	if (!ret)
		ret = vmt_iow_result(fd, s->id, NVMETEST_IOW_RESULT_RELEASE, r);
	if (ret)
		printf("# worker: %d (%s)\n", ret, strerror(-ret));
	else
		printf("# worker q%u: end %u ios %llu errors %llu verified %llu vfail %llu err_slba %llu host %u status 0x%x\n",
		       s->sqid, r->end_reason, (unsigned long long)r->ios,
		       (unsigned long long)r->errors,
		       (unsigned long long)r->lbas_verified,
		       (unsigned long long)r->verify_failures,
		       (unsigned long long)r->err_slba, r->err_host_status,
		       r->err_status);
	return ret;
}

static const struct nvmetest_verify_failure *
find(const struct nvmetest_verify_failure *f, uint32_t cnt, uint64_t lba)
{
	uint32_t i;

	for (i = 0; i < cnt; i++)
		if (f[i].lba == lba)
			return &f[i];
	return NULL;
}

/* The IOWorker half: see the header. */
static void iow_phase(int fd, const char *res)
{
	struct nvmetest_ioworker_result wr, r;
	struct nvmetest_ioworker_spec ws, s;
	struct nvmetest_verify_failure fl[8];
	const struct nvmetest_verify_failure *f;
	struct nvmetest_verify_failures vf;
	int ret;

	memset(&vf, 0, sizeof(vf));
	vf.flags = NVMETEST_VERIFY_FAILURES_CLEAR;
	vmt_ioctl(fd, NVMETEST_IOC_VERIFY_FAILURES, &vf);
	ret = iow_run(fd, 2, OPC_WRITE, 0, 4, &ws, &wr);
	vmt_tap(!ret && wr.end_reason == NVMETEST_IOW_END_COUNT && wr.ios == 8 &&
	    wr.errors == 0, "IOWorker writes LBAs 200..263");

	vmt_tap(host_step(res, "ready2", "done2"), "the host corrupted LBA 230");

	ret = iow_run(fd, 3, OPC_READ, 0, 4, &s, &r);
	vmt_tap(!ret && r.end_reason == NVMETEST_IOW_END_COUNT && r.ios == 8 &&
	    r.verify_failures == 1 && r.errors == 1 && r.op[0].errors == 1 &&
	    r.lbas_verified >= IOW_NLB - 8 && r.lbas_verified <= IOW_NLB,
	    "IOWorker reads: one verification failure, the rest verified");
	vmt_tap(!ret && r.err_host_status == NVMETEST_HOST_VERIFY_FAILED &&
	    r.err_slba == 224 && r.err_nlb == 8 && r.err_opcode == OPC_READ &&
	    (r.err_status & 0x7ff) == 0,
	    "its first error: the read of 224..231, VERIFY_FAILED, status 0");
	memset(&vf, 0, sizeof(vf));
	vf.failures = (uintptr_t)fl;
	vf.count = 8;
	ret = vmt_ioctl(fd, NVMETEST_IOC_VERIFY_FAILURES, &vf);
	f = ret ? NULL : find(fl, vf.count, IOW_FLIP);
	if (f)
		printf("# lba %llu kind %u read q%u seq %llu write q%u seq %llu\n",
		       (unsigned long long)f->lba, f->kind, f->read_qid,
		       (unsigned long long)f->read_seq, f->write_qid,
		       (unsigned long long)f->write_seq);
	vmt_tap(f && vf.count == 1 && f->kind == NVMETEST_VFAIL_CRC &&
	    f->found_lba == IOW_FLIP && f->read_qid == 3 && s.sqid == 3 &&
	    ws.sqid == 2 &&
	    f->read_seq == r.err_seq && f->write_qid == ws.sqid &&
	    f->write_seq == 3,
	    "VERIFY_FAILURES names LBA 230, the reading and the writing worker");

	ret = iow_run(fd, 0, OPC_READ, NVMETEST_IOW_STOP_ON_ERROR, 1, &s, &r);
	vmt_tap(!ret && r.end_reason == NVMETEST_IOW_END_ERROR &&
	    r.err_host_status == NVMETEST_HOST_VERIFY_FAILED &&
	    r.err_slba == 224 && r.verify_failures == 1 && r.ios == 4 &&
	    r.aborted == 0,
	    "with STOP_ON_ERROR: ends ERROR at the failing read, nothing after");
	vmt_tap(vmt_queue_find(fd, s.sqid, NVMETEST_QUEUE_SQ, NULL) == 0 &&
	    vmt_queue_find(fd, QID, NVMETEST_QUEUE_SQ, NULL) == 1,
	    "the workers' queues are gone, the test's own queue stays");
}

int main(void)
{
	const char *res = getenv("NVMETEST_RESULTS");
	struct nvmetest_verify_failure fl[8];
	const struct nvmetest_verify_failure *f;
	struct nvmetest_verify_failures vf;
	struct nvmetest_verify_dump d;
	struct nvmetest_cmd wc, rc;
	char devpath[64], path[256];
	uint32_t dump[NLB], i;
	uint8_t *wb, *rb;
	uint64_t token;
	int fd, ret, ok;

	printf("TAP version 13\n1..21\n");
	if (!res) {
		printf("Bail out! NVMETEST_RESULTS is not set\n");
		return 1;
	}
	wb = mmap(NULL, NLB * 512, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rb = mmap(NULL, NLB * 512, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (wb == MAP_FAILED || rb == MAP_FAILED) {
		printf("Bail out! mmap\n");
		return 1;
	}
	vmt_tap(vmt_bind(vmt_bdf(), devpath, sizeof(devpath)) == 0, "bind");
	fd = open(devpath, O_RDWR | O_CLOEXEC);
	ok = fd >= 0 && vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, 2, 3) == 0 &&
	     vmt_ioq_pair(fd, QID, 16, 1) == 0;
	vmt_tap(ok, "CTRL_INIT and an IO queue pair");
	if (!ok)
		return 1;
	vmt_tap(vmt_verify_config(fd, 1, NVMETEST_VERIFY_ENABLE |
				  NVMETEST_VERIFY_CLEAR, 0) == 0,
	    "verification on for namespace 1");

	for (i = 0; i < NLB * 512; i++)
		wb[i] = (uint8_t)(i * 7 + 3);
	memset(&wc, 0, sizeof(wc));
	ret = vmt_io(fd, QID, OPC_WRITE, 1, SLBA, 0, NLB - 1, wb, NLB * 512,
		     NULL, 0, 0, 0, &wc);
	token = vmt_le64(wb + 512 - 8);
	vmt_tap(ret == 0 && token && vmt_le64(wb + 5 * 512) == SLBA + 5,
	    "write LBAs 100..131, stamped");
	memset(&d, 0, sizeof(d));
	d.nsid = 1;
	d.slba = SLBA;
	d.count = NLB;
	d.entries = (uintptr_t)dump;
	vmt_tap(vmt_ioctl(fd, NVMETEST_IOC_VERIFY_DUMP, &d) == 0 && d.count == NLB &&
	    dump[LBA_FLIP - SLBA] > NVMETEST_CRC_UNCORRECTABLE,
	    "VERIFY_DUMP has the CRCs");

	vmt_tap(host_step(res, "ready", "done"), "the host corrupted the image");

	memset(&rc, 0, sizeof(rc));
	ret = vmt_io(fd, QID, OPC_READ, 1, SLBA, 0, NLB - 1, rb, NLB * 512,
		     NULL, 0, 0, 0, &rc);
	vmt_tap(ret == (VMT_HOST | NVMETEST_HOST_VERIFY_FAILED) &&
	    rc.host_status == NVMETEST_HOST_VERIFY_FAILED &&
	    !(((uint16_t *)rc.cqe)[7] >> 1),
	    "the read completes successfully but fails verification");

	memset(&vf, 0, sizeof(vf));
	vf.failures = (uintptr_t)fl;
	vf.count = 8;
	ret = vmt_ioctl(fd, NVMETEST_IOC_VERIFY_FAILURES, &vf);
	vmt_tap(ret == 0 && vf.count == 3 && vf.total == 3 && vf.lost == 0,
	    "the failure log has exactly three entries");
	printf("# failures: %u\n", vf.count);
	for (i = 0; i < vf.count && i < 8; i++)
		printf("# lba %llu kind %u expected 0x%08x found 0x%08x found_lba %llu token %llu write q%u seq %llu read q%u cid %u seq %llu\n",
		       (unsigned long long)fl[i].lba, fl[i].kind,
		       fl[i].expected_crc, fl[i].found_crc,
		       (unsigned long long)fl[i].found_lba,
		       (unsigned long long)fl[i].found_token, fl[i].write_qid,
		       (unsigned long long)fl[i].write_seq, fl[i].read_qid,
		       fl[i].read_cid, (unsigned long long)fl[i].read_seq);

	f = find(fl, vf.count, LBA_FLIP);
	vmt_tap(f && f->kind == NVMETEST_VFAIL_CRC && f->found_lba == LBA_FLIP &&
	    f->expected_crc == dump[LBA_FLIP - SLBA] &&
	    f->found_crc != f->expected_crc && f->found_token == token,
	    "LBA 117: CRC mismatch, stamp intact");
	for (i = 0; i < 2; i++) {
		uint64_t lba = LBA_SWAP + i, other = LBA_SWAP + 1 - i;

		f = find(fl, vf.count, lba);
		snprintf(path, sizeof(path),
			 "LBA %llu: LBA_STAMP naming %llu, the write's token",
			 (unsigned long long)lba, (unsigned long long)other);
		vmt_tap(f && f->kind == NVMETEST_VFAIL_LBA_STAMP &&
		    f->found_lba == other && f->found_token == token &&
		    f->expected_crc == dump[lba - SLBA] && f->nsid == 1, path);
	}
	f = find(fl, vf.count, LBA_FLIP);
	/* Write and read were consecutive commands on the queue. */
	vmt_tap(f && f->write_qid == QID && f->write_token == token &&
	    f->read_qid == QID && f->read_cid == rc.cid &&
	    f->read_seq == f->write_seq + 1 && f->time_ns,
	    "the writer and the reader are named (queue, CID, cmdlog sequence)");

	/* Sparse: 64 GiB namespace 2, four LBAs far apart. */
	{
		static const uint64_t lbas[] = { 5, 4000000, 9000000, 16777000 };
		struct nvmetest_verify_status st;
		uint8_t *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		int bad = b == MAP_FAILED;

		bad |= vmt_verify_config(fd, 2, NVMETEST_VERIFY_ENABLE |
					 NVMETEST_VERIFY_CLEAR, 0) != 0;
		for (i = 0; !bad && i < 4; i++) {
			memset(b, i + 1, 4096);
			bad |= vmt_nvm_rw(fd, QID, OPC_WRITE, 2, lbas[i], 1, b,
					  4096, NULL, 0) != 0;
			bad |= vmt_nvm_rw(fd, QID, OPC_READ, 2, lbas[i], 1, b,
					  4096, NULL, 0) != 0;
		}
		memset(&st, 0, sizeof(st));
		st.nsid = 2;
		bad |= vmt_ioctl(fd, NVMETEST_IOC_VERIFY_STATUS, &st) != 0;
		printf("# ns 2: lba_size %u chunks %llu mem_used %llu written %llu verified %llu\n",
		       st.lba_size, (unsigned long long)st.chunks,
		       (unsigned long long)st.mem_used,
		       (unsigned long long)st.lbas_written,
		       (unsigned long long)st.lbas_verified);
		vmt_tap(!bad && st.lba_size == 4096 && st.chunks == 4 &&
		    st.mem_used == 4ull * st.chunk_lbas * 4 &&
		    st.lbas_written == 4 && st.lbas_verified == 4 &&
		    st.failures == 0,
		    "64 GiB namespace: 4 LBAs cost 4 chunks, not 64 MiB");

		bad |= vmt_verify_config(fd, 2, NVMETEST_VERIFY_ENABLE |
					 NVMETEST_VERIFY_CLEAR |
					 NVMETEST_VERIFY_SET_CAP,
					 st.chunk_lbas * 4) != 0;
		for (i = 0; !bad && i < 4; i++) {
			bad |= vmt_nvm_rw(fd, QID, OPC_WRITE, 2, lbas[i], 1, b,
					  4096, NULL, 0) != 0;
			bad |= vmt_nvm_rw(fd, QID, OPC_READ, 2, lbas[i], 1, b,
					  4096, NULL, 0) != 0;
		}
		bad |= vmt_ioctl(fd, NVMETEST_IOC_VERIFY_STATUS, &st) != 0;
		vmt_tap(!bad && st.state == NVMETEST_VERIFY_CAPPED &&
		    st.chunks == 1 && st.lbas_written == 1 &&
		    st.lbas_untracked == 3 && st.failures == 0,
		    "capped at one chunk: CAPPED, 3 LBAs untracked, no failure");
	}

	iow_phase(fd, res);

	close(fd);
	vmt_unbind(vmt_bdf());
	return vmt_tap_exit();
}
