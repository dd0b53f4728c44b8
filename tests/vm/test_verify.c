// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM suite "verify": the CRC map (VERIFY_CONFIG, VERIFY_STATUS,
 * VERIFY_DUMP, VERIFY_FAILURES) on the sync CMD path: stamps and CRCs of
 * writes against a userspace CRC32C, Write Zeroes, DSM deallocate, the
 * off/on semantics, a failed read (the harness's injected media error),
 * overlapping reads and writes from several threads and queues without a
 * false failure, sparse chunk allocation and the memory cap, and Format
 * NVM clearing the map, and the io_uring path with overlapping commands
 * in one batch (a busy range makes the nonblocking issue return -EAGAIN
 * and io_uring retry from a worker). Expects tests/vm/run-all's SPEC: ns 1 1G/512 with a
 * read error at LBA 2000000, ns 2 256M/4096+8. Detection of wrong data is
 * proven by the host-side tests/vm/corrupt.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <liburing.h>

#include "vmtest.h"

#define PAGE		4096
#define OPC_FLUSH	0x00
#define OPC_WRITE	0x01
#define OPC_READ	0x02
#define OPC_WRITE_ZEROES 0x08
#define OPC_DSM		0x09
#define OPC_COPY	0x19
#define OPC_FORMAT	0x80
#define OPC_SET_FEATURES 0x09	/* admin */
#define FID_VWC		0x06
#define RW_FUA		(1U << 30)	/* CDW12 */
#define SC_READ_ERROR	0x281
#define NVEC		4
#define NS1		1
#define NS2		2
#define NS3		3	/* throttled to 10 IOPS */
#define NVMT_LOG	256	/* the failure log's entries */
#define READ_ERR_LBA	2000000ULL

static char devpath[64];
static int fd = -1;
static struct nvmetest_ns_info ns[2];

/* CRC32C (Castagnoli, reflected 0x82F63B78), seed ~0, final xor ~0. */
static uint32_t crc_table[256];

static void crc_init(void)
{
	uint32_t i, j, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32c(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t c = ~0u;

	while (len--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

/* As the map stores it. */
static uint32_t map_crc(const void *buf, size_t len)
{
	uint32_t c = crc32c(buf, len);

	return c <= NVMETEST_CRC_UNCORRECTABLE ? c + NVMETEST_CRC_REMAP : c;
}

static int vstatus(uint32_t nsid, struct nvmetest_verify_status *st)
{
	memset(st, 0, sizeof(*st));
	st->nsid = nsid;
	return vmt_ioctl(fd, NVMETEST_IOC_VERIFY_STATUS, st);
}

/* VERIFY_DUMP or VERIFY_LOAD: the entries done, or -errno. */
static int vmap_io(unsigned long req, uint32_t nsid, uint64_t slba,
		   uint32_t count, const uint32_t *entries)
{
	struct nvmetest_verify_dump d;
	int ret;

	memset(&d, 0, sizeof(d));
	d.nsid = nsid;
	d.slba = slba;
	d.count = count;
	d.entries = (uintptr_t)entries;
	ret = vmt_ioctl(fd, req, &d);
	return ret ? ret : (int)d.count;
}

static int vdump(uint32_t nsid, uint64_t slba, uint32_t count, uint32_t *out)
{
	return vmap_io(NVMETEST_IOC_VERIFY_DUMP, nsid, slba, count, out);
}

static int vload(uint32_t nsid, uint64_t slba, uint32_t count, const uint32_t *in)
{
	return vmap_io(NVMETEST_IOC_VERIFY_LOAD, nsid, slba, count, in);
}

static uint64_t vfailures_total(void)
{
	struct nvmetest_verify_failures vf;

	memset(&vf, 0, sizeof(vf));
	if (vmt_ioctl(fd, NVMETEST_IOC_VERIFY_FAILURES, &vf))
		return ~0ull;
	return vf.total;
}

/* Init, the namespaces, IO queue pairs 1 and 2. */
static int ctrl_setup(void)
{
	if (vmt_ctrl_init(fd, NVMETEST_IRQ_MSIX, NVEC, 8))
		return -1;
	if (vmt_ns_list(fd, ns, 2, NULL) < 2)
		return -1;
	if (vmt_ioq_pair(fd, 1, 64, 1) || vmt_ioq_pair(fd, 2, 64, 2))
		return -1;
	return 0;
}

static int suite_init(void)
{
	crc_init();
	if (vmt_open_bound(&fd, devpath, sizeof(devpath)))
		return -1;
	return ctrl_setup();
}

static int suite_fini(void)
{
	return vmt_give_back(&fd);
}

static void test_config(void)
{
	struct nvmetest_info info;
	struct nvmetest_verify_status st;

	memset(&info, 0, sizeof(info));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_INFO, &info), 0);
	CU_ASSERT(info.capabilities & NVMETEST_INFO_CAP_VERIFY);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_OFF);
	CU_ASSERT_EQUAL(st.lba_size, 512);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, 0x80, 0), -EINVAL);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, 77, NVMETEST_VERIFY_ENABLE, 0), -ENOENT);
	CU_ASSERT_EQUAL(vstatus(77, &st), -ENOENT);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, 0xffffffff, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR, 0), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_ON);
	CU_ASSERT_EQUAL(st.lba_size, 4096);
	CU_ASSERT_EQUAL(st.mem_used, 0);
	CU_ASSERT_EQUAL(st.mem_cap, 256ull << 20);
}

/* Write with stamps, read back, dump == userspace CRC32C. */
static void rw_check(uint32_t nsid, uint32_t lbasz, uint32_t ms, uint64_t slba,
		     uint32_t nlb, uint32_t off)
{
	uint8_t *wb = vmt_pages(nlb * lbasz / PAGE + 2);
	uint8_t *rb = vmt_pages(nlb * lbasz / PAGE + 2);
	uint8_t *meta = vmt_pages(1);
	uint32_t dump[64], i, len = nlb * lbasz;
	struct nvmetest_verify_status st0, st;
	struct nvmetest_cmd c;
	uint64_t token;
	int ret;

	CU_ASSERT_FATAL(wb && rb && meta && nlb <= 64);
	CU_ASSERT_EQUAL(vstatus(nsid, &st0), 0);
	vmt_fill(wb + off, len, (uint32_t)slba);
	ret = vmt_nvm_rw(fd, 1, OPC_WRITE, nsid, slba, nlb, wb + off, len,
			 ms ? meta : NULL, nlb * ms);
	if (ret)
		printf("\n    write of %u LBAs at %llu (ns %u): 0x%x\n", nlb,
		       (unsigned long long)slba, nsid, (unsigned int)ret);
	CU_ASSERT_EQUAL_FATAL(ret, 0);
	/* The stamps went into the caller's pages (the data written). */
	token = vmt_le64(wb + off + lbasz - 8);
	CU_ASSERT(token != 0);
	for (i = 0; i < nlb; i++) {
		CU_ASSERT_EQUAL(vmt_le64(wb + off + i * lbasz), slba + i);
		CU_ASSERT_EQUAL(vmt_le64(wb + off + (i + 1) * lbasz - 8), token);
	}
	CU_ASSERT_EQUAL(vdump(nsid, slba, nlb, dump), (int)nlb);
	for (i = 0; i < nlb; i++)
		CU_ASSERT_EQUAL(dump[i], map_crc(wb + off + i * lbasz, lbasz));

	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 2, OPC_READ, nsid, (uint32_t)slba, slba >> 32, nlb - 1,
		     rb, len, ms ? meta : NULL, nlb * ms, 0, 0, &c);
	if (ret)
		printf("\n    read of %u LBAs at %llu (ns %u): 0x%x, host status %u, overrun %u/%u\n",
		       nlb, (unsigned long long)slba, nsid, (unsigned int)ret,
		       c.host_status, c.overrun, c.meta_overrun);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(c.host_status, NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(memcmp(rb, wb + off, len), 0);
	CU_ASSERT_EQUAL(vstatus(nsid, &st), 0);
	CU_ASSERT_EQUAL(st.lbas_written - st0.lbas_written, nlb);
	CU_ASSERT_EQUAL(st.lbas_verified - st0.lbas_verified, nlb);
	CU_ASSERT_EQUAL(st.failures, 0);
	munmap(wb, nlb * lbasz / PAGE * PAGE + 2 * PAGE);
	munmap(rb, nlb * lbasz / PAGE * PAGE + 2 * PAGE);
	munmap(meta, PAGE);
}

static void test_write_read(void)
{
	rw_check(NS1, 512, 0, 100, 32, 0);
	rw_check(NS1, 512, 0, 1000, 9, 520);	/* unaligned buffer */
	rw_check(NS2, 4096, 8, 10, 4, 0);	/* separate metadata: data only */
	CU_ASSERT_EQUAL(vfailures_total(), 0);
}

static void test_zeroes_dsm(void)
{
	uint8_t *rb = vmt_pages(8);
	struct nvmetest_cmd c;
	uint32_t dump[16], i;
	struct {
		uint32_t cattr, nlb;
		uint64_t slba;
	} *r;
	int ret;

	CU_ASSERT_FATAL(rb != NULL);
	rw_check(NS1, 512, 0, 300, 16, 0);
	ret = vmt_io(fd, 1, OPC_WRITE_ZEROES, NS1, 300, 0, 7, NULL, 0, NULL, 0,
		     0, 0, NULL);
	CU_ASSERT_EQUAL_FATAL(ret, 0);
	CU_ASSERT_EQUAL(vdump(NS1, 300, 16, dump), 16);
	for (i = 0; i < 16; i++)
		CU_ASSERT(i < 8 ? dump[i] == NVMETEST_CRC_ZEROES :
			  dump[i] > NVMETEST_CRC_UNCORRECTABLE);
	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 1, OPC_READ, NS1, 300, 0, 15, rb, 16 * 512, NULL, 0,
		     0, 0, &c);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(c.host_status, NVMETEST_HOST_OK);

	/*
	 * DSM deallocate: UNKNOWN whatever DLFEAT says, since the controller
	 * may keep the data. (QEMU keeps it on ns 1, whose blkdebug node does
	 * not pass discards on, while DLFEAT says zeroes: a map that took
	 * ZEROES reported a legal device as NOT_ZERO.)
	 */
	rw_check(NS2, 4096, 8, 40, 2, 0);
	r = vmt_pages(1);
	CU_ASSERT_FATAL(r != NULL);
	r->cattr = 0;
	r->nlb = 2;
	r->slba = 40;
	ret = vmt_io(fd, 1, OPC_DSM, NS2, 0, 1u << 2, 0, r, 16, NULL, 0, 0, 0,
		     NULL);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(vdump(NS2, 40, 2, dump), 2);
	for (i = 0; i < 2; i++)
		CU_ASSERT_EQUAL(dump[i], NVMETEST_CRC_UNKNOWN);
	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 1, OPC_READ, NS2, 40, 0, 1, rb, 2 * 4096, rb + 4 * PAGE,
		     16, 0, 0, &c);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(c.host_status, NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vfailures_total(), 0);
	munmap(r, PAGE);
	munmap(rb, 8 * PAGE);
}

/*
 * Copy (format 0, one range): the destination's entries become UNKNOWN,
 * since the map does not follow data from LBA to LBA, so reading it back
 * is no failure (its old CRCs would be); the source keeps its entries.
 */
static void test_copy(void)
{
	uint8_t *desc = vmt_pages(1), *src = vmt_pages(2), *dst = vmt_pages(2);
	uint64_t fails = vfailures_total();
	uint32_t dump[8], i;
	struct nvmetest_cmd c;
	uint64_t slba = 500;
	int ret;

	CU_ASSERT_FATAL(desc && src && dst);
	rw_check(NS1, 512, 0, 500, 8, 0);
	rw_check(NS1, 512, 0, 600, 8, 0);
	/* a Source Range Entry of format 0: SLBA at byte 8, NLB at 16 */
	memcpy(desc + 8, &slba, sizeof(slba));
	desc[16] = 8 - 1;
	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 1, OPC_COPY, NS1, 600, 0, 0, desc, 32, NULL, 0, 0, 0,
		     &c);
	CU_ASSERT_EQUAL_FATAL(ret, 0);
	CU_ASSERT_EQUAL(vdump(NS1, 600, 8, dump), 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(dump[i], NVMETEST_CRC_UNKNOWN);
	CU_ASSERT_EQUAL(vdump(NS1, 500, 8, dump), 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT(dump[i] > NVMETEST_CRC_UNCORRECTABLE);
	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 1, OPC_READ, NS1, 600, 0, 7, dst, 8 * 512, NULL, 0,
		     0, 0, &c);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(c.host_status, NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 1, OPC_READ, NS1, 500, 8, src, 8 * 512,
				   NULL, 0), 0);
	CU_ASSERT_EQUAL(memcmp(src, dst, 8 * 512), 0);
	CU_ASSERT_EQUAL(vfailures_total(), fails);
	munmap(desc, PAGE);
	munmap(src, 2 * PAGE);
	munmap(dst, 2 * PAGE);
}

/* OFF keeps the map (stale from then on); ON again clears it. */
static void test_off_on(void)
{
	struct nvmetest_verify_status st;
	uint8_t *wb = vmt_pages(1);
	uint32_t dump[4];

	CU_ASSERT_FATAL(wb != NULL);
	rw_check(NS1, 512, 0, 500, 4, 0);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, 0, 0), 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_OFF);
	CU_ASSERT(st.mem_used > 0);
	/* A write while off: not stamped, the map not updated. */
	memset(wb, 0x5a, PAGE);
	CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, 500, 4, wb, 2048,
				   NULL, 0), 0);
	CU_ASSERT_EQUAL(wb[0], 0x5a);
	CU_ASSERT_EQUAL(vdump(NS1, 500, 4, dump), 4);
	CU_ASSERT(dump[0] > NVMETEST_CRC_UNCORRECTABLE);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, NVMETEST_VERIFY_ENABLE, 0), 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_ON);
	CU_ASSERT_EQUAL(st.mem_used, 0);
	CU_ASSERT_EQUAL(vdump(NS1, 500, 4, dump), 4);
	CU_ASSERT_EQUAL(dump[0], NVMETEST_CRC_UNKNOWN);
	munmap(wb, PAGE);
}

/*
 * The injected media error (blkdebug fails reads of that sector, and
 * writes of it too: QEMU reads around them): a failed write leaves its
 * LBAs UNKNOWN, a failed read is not a verification failure.
 */
static void test_read_error(void)
{
	uint8_t *b = vmt_pages(1);
	struct nvmetest_cmd c;
	uint32_t dump[1];
	int ret;

	CU_ASSERT_FATAL(b != NULL);
	memset(b, 1, PAGE);
	CU_ASSERT(vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, READ_ERR_LBA, 1, b, 512,
			     NULL, 0) != 0);
	/* a failed write: two candidates, undecided: the dump says unknown */
	CU_ASSERT_EQUAL(vdump(NS1, READ_ERR_LBA, 1, dump), 1);
	CU_ASSERT_EQUAL(dump[0], NVMETEST_CRC_UNKNOWN);
	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 1, OPC_READ, NS1, (uint32_t)READ_ERR_LBA, 0, 0, b, 512,
		     NULL, 0, 0, 0, &c);
	CU_ASSERT_EQUAL(ret & 0x7ff, SC_READ_ERROR);
	CU_ASSERT_EQUAL(c.host_status, NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vfailures_total(), 0);
	munmap(b, PAGE);
}

#define RACE_THREADS	4
#define RACE_IOS	500
#define RACE_LBAS	64

static int race_errors;

static void *race_thread(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg * 7919 + 1;
	uint8_t *b = vmt_pages(2);
	struct nvmetest_cmd c;
	int i, ret;

	if (!b) {
		__atomic_add_fetch(&race_errors, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	for (i = 0; i < RACE_IOS; i++) {
		uint32_t nlb = 1 + rand_r(&seed) % 4;
		uint32_t slba = 2000 + rand_r(&seed) % (RACE_LBAS - nlb + 1);
		uint16_t qid = 1 + (uintptr_t)arg % 2;
		uint8_t opc = rand_r(&seed) % 2 ? OPC_WRITE : OPC_READ;

		if (opc == OPC_WRITE)
			vmt_fill(b, nlb * 512, rand_r(&seed));
		memset(&c, 0, sizeof(c));
		ret = vmt_io(fd, qid, opc, NS1, slba, 0, nlb - 1, b, nlb * 512,
			     NULL, 0, NVMETEST_CMD_WAIT_SLOT, 0, &c);
		if (ret || c.host_status != NVMETEST_HOST_OK)
			__atomic_add_fetch(&race_errors, 1, __ATOMIC_RELAXED);
	}
	munmap(b, 2 * PAGE);
	return NULL;
}

static void test_race(void)
{
	struct nvmetest_verify_status st0, st;
	pthread_t t[RACE_THREADS];
	uintptr_t i;

	CU_ASSERT_EQUAL(vstatus(NS1, &st0), 0);
	race_errors = 0;
	for (i = 0; i < RACE_THREADS; i++)
		CU_ASSERT_EQUAL(pthread_create(&t[i], NULL, race_thread,
					       (void *)i), 0);
	for (i = 0; i < RACE_THREADS; i++)
		pthread_join(t[i], NULL);
	CU_ASSERT_EQUAL(race_errors, 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.failures, 0);
	CU_ASSERT(st.lbas_verified > st0.lbas_verified);
	CU_ASSERT(st.lbas_written > st0.lbas_written);
	CU_ASSERT_EQUAL(vfailures_total(), 0);
}

/* Chunks only where written; the cap stops growth without a failure. */
static void test_sparse_cap(void)
{
	static const uint64_t lbas[] = { 7, 600000, 1200000, 2090000 };
	struct nvmetest_verify_status st;
	uint8_t *b = vmt_pages(1);
	uint32_t dump[1], i;

	CU_ASSERT_FATAL(b != NULL);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR, 0), 0);
	for (i = 0; i < 4; i++) {
		vmt_fill(b, 512, i);
		CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, lbas[i], 1,
					   b, 512, NULL, 0), 0);
	}
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.chunks, 4);
	CU_ASSERT_EQUAL(st.mem_used, 4ull * st.chunk_lbas * 4);
	CU_ASSERT(st.mem_used < ns[0].nsze * 4 / 4);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_ON);

	/* Room for one chunk. */
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR | NVMETEST_VERIFY_SET_CAP,
					  (uint64_t)st.chunk_lbas * 4 + 100), 0);
	for (i = 0; i < 4; i++) {
		vmt_fill(b, 512, i);
		CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, lbas[i], 1,
					   b, 512, NULL, 0), 0);
		CU_ASSERT_EQUAL(vmt_nvm_rw(fd, 2, OPC_READ, NS1, lbas[i], 1,
					   b, 512, NULL, 0), 0);
	}
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_CAPPED);
	CU_ASSERT_EQUAL(st.chunks, 1);
	CU_ASSERT_EQUAL(st.lbas_written, 1);
	CU_ASSERT_EQUAL(st.lbas_untracked, 3);
	CU_ASSERT_EQUAL(st.lbas_verified, 1);
	CU_ASSERT_EQUAL(st.failures, 0);
	CU_ASSERT_EQUAL(vdump(NS1, lbas[1], 1, dump), 1);
	CU_ASSERT_EQUAL(dump[0], NVMETEST_CRC_UNKNOWN);
	/* Back to the default cap. */
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR | NVMETEST_VERIFY_SET_CAP,
					  0), 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_ON);
	CU_ASSERT_EQUAL(st.mem_cap, 256ull << 20);
	munmap(b, PAGE);
}

/* Format NVM through CMD clears the namespace's map. */
static void test_format_clears(void)
{
	struct nvmetest_verify_status st;
	uint32_t dump[4];
	int ret;

	rw_check(NS2, 4096, 8, 20, 4, 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT(st.mem_used > 0);
	ret = vmt_io(fd, 0, OPC_FORMAT, NS2, ns[1].flbas & 0x1f, 0, 0, NULL, 0,
		     NULL, 0, 0, 60000, NULL);
	CU_ASSERT_EQUAL_FATAL(ret, 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.mem_used, 0);
	CU_ASSERT_EQUAL(st.chunks, 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_ON);
	CU_ASSERT_EQUAL(vdump(NS2, 20, 4, dump), 4);
	CU_ASSERT_EQUAL(dump[0], NVMETEST_CRC_UNKNOWN);
	/* The dump is bounded. */
	{
		struct nvmetest_verify_dump d;

		memset(&d, 0, sizeof(d));
		d.nsid = NS2;
		d.count = 65537;
		CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_VERIFY_DUMP, &d),
				-EINVAL);
	}
	CU_ASSERT_EQUAL(vmt_verify_config(fd, 0xffffffff, NVMETEST_VERIFY_CLEAR, 0), 0);
}

static void uring_rw_ns(struct io_uring_sqe *sqe, uint32_t nsid, uint8_t opc,
			uint64_t slba, uint32_t nlb, void *buf, uint64_t user_data)
{
	struct nvmetest_uring_cmd uc;

	memset(&uc, 0, sizeof(uc));
	uc.opcode = opc;
	uc.qid = 1 + user_data % 2;
	uc.nsid = nsid;
	uc.cdw10 = (uint32_t)slba;
	uc.cdw11 = (uint32_t)(slba >> 32);
	uc.cdw12 = nlb - 1;
	uc.addr = (uintptr_t)buf;
	uc.data_len = nlb * 512;
	io_uring_prep_rw(IORING_OP_URING_CMD, sqe, fd, NULL, 0, 0);
	sqe->cmd_op = NVMETEST_URING_CMD_IO;
	memcpy(sqe->cmd, &uc, sizeof(uc));
	sqe->user_data = user_data;
}

static void uring_rw(struct io_uring_sqe *sqe, uint8_t opc, uint64_t slba,
		     uint32_t nlb, void *buf, uint64_t user_data)
{
	uring_rw_ns(sqe, NS1, opc, slba, nlb, buf, user_data);
}

#define URING_CMDS	32

static void test_uring(void)
{
	struct nvmetest_verify_status st0, st;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	uint8_t *b = vmt_pages(URING_CMDS);
	uint32_t dump[8], i, bad = 0;

	CU_ASSERT_FATAL(b != NULL);
	CU_ASSERT_EQUAL_FATAL(io_uring_queue_init(64, &ring,
						  IORING_SETUP_SQE128 |
						  IORING_SETUP_CQE32), 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st0), 0);
	/* Writes and reads of the same 8 LBAs, all in one submission. */
	for (i = 0; i < URING_CMDS; i++) {
		vmt_fill(b + i * PAGE, PAGE, i + 99);
		uring_rw(io_uring_get_sqe(&ring), i % 2 ? OPC_READ : OPC_WRITE,
			 3000, 8, b + i * PAGE, i);
	}
	CU_ASSERT_EQUAL(io_uring_submit(&ring), URING_CMDS);
	for (i = 0; i < URING_CMDS; i++) {
		if (io_uring_wait_cqe(&ring, &cqe)) {
			bad++;
			break;
		}
		if (cqe->res)
			bad++;
		io_uring_cqe_seen(&ring, cqe);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.failures, 0);
	CU_ASSERT_EQUAL(st.lbas_written - st0.lbas_written, 8 * URING_CMDS / 2);
	CU_ASSERT(st.lbas_verified > st0.lbas_verified);

	/* One more write: its stamps and CRCs, then a read through uring. */
	vmt_fill(b, PAGE, 4242);
	uring_rw(io_uring_get_sqe(&ring), OPC_WRITE, 3000, 8, b, 0);
	io_uring_submit(&ring);
	CU_ASSERT_EQUAL_FATAL(io_uring_wait_cqe(&ring, &cqe), 0);
	CU_ASSERT_EQUAL(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);
	CU_ASSERT_EQUAL(vmt_le64(b + 512), 3001);
	CU_ASSERT_EQUAL(vdump(NS1, 3000, 8, dump), 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(dump[i], map_crc(b + i * 512, 512));
	uring_rw(io_uring_get_sqe(&ring), OPC_READ, 3000, 8, b + PAGE, 1);
	io_uring_submit(&ring);
	CU_ASSERT_EQUAL_FATAL(io_uring_wait_cqe(&ring, &cqe), 0);
	CU_ASSERT_EQUAL(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);
	CU_ASSERT_EQUAL(memcmp(b, b + PAGE, PAGE), 0);
	CU_ASSERT_EQUAL(vfailures_total(), 0);
	io_uring_queue_exit(&ring);
	munmap(b, URING_CMDS * PAGE);
}

/* A Flush of @nsid on queue 2: the NVMe status, or -1. */
static int flush(uint32_t nsid)
{
	int ret = vmt_io(fd, 2, OPC_FLUSH, nsid, 0, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL);

	return ret < 0 || (ret & VMT_HOST) ? -1 : ret;
}

/* A verified read of 8 LBAs of NS2 at @slba: the host status. */
static int read8(uint64_t slba, uint8_t *rb, uint8_t *meta)
{
	struct nvmetest_cmd c;
	int ret;

	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 2, OPC_READ, NS2, (uint32_t)slba, 0, 7, rb, 8 * 4096,
		     meta, 8 * 8, 0, 0, &c);
	return ret < 0 || (ret && !(ret & VMT_HOST)) ? -1 : (int)c.host_status;
}

/*
 * The map belongs to the namespace, not to the binding: after unbind and
 * bind (a new controller of the same drive) verification goes on with the
 * same map, adopted at the namespace scan. VERIFY_LOAD sets entries that
 * the next read is checked against, and forgets them with UNKNOWN.
 */
static void test_rebind_load(void)
{
	struct nvmetest_verify_status st0, st;
	uint32_t before[8], after[8], e, big;
	uint8_t *rb = vmt_pages(8), *meta = vmt_pages(1);

	CU_ASSERT_FATAL(rb && meta);
	rw_check(NS2, 4096, 8, 40, 8, 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st0), 0);
	CU_ASSERT_EQUAL(st0.users, 1);
	CU_ASSERT_EQUAL(vdump(NS2, 40, 8, before), 8);
	/* Durable, so the unbind (a possible power loss) keeps them exact. */
	CU_ASSERT_EQUAL(flush(NS2), 0);

	close(fd);
	fd = -1;
	CU_ASSERT_EQUAL_FATAL(vmt_unbind(vmt_bdf()), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_open_bound(&fd, devpath, sizeof(devpath)), 0);
	/* No namespace is known before init: nothing adopted yet. */
	CU_ASSERT_EQUAL(vstatus(NS2, &st), -ENOENT);
	CU_ASSERT_EQUAL_FATAL(ctrl_setup(), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.state, NVMETEST_VERIFY_ON);
	CU_ASSERT_EQUAL(st.users, 1);
	CU_ASSERT_EQUAL(st.adoptions, st0.adoptions + 1);
	CU_ASSERT_EQUAL(st.lbas_written, st0.lbas_written);
	CU_ASSERT_EQUAL(st.mem_used, st0.mem_used);
	CU_ASSERT_EQUAL(vdump(NS2, 40, 8, after), 8);
	CU_ASSERT_EQUAL(memcmp(before, after, sizeof(before)), 0);
	CU_ASSERT_EQUAL(read8(40, rb, meta), NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.lbas_verified, st0.lbas_verified + 8);
	CU_ASSERT_EQUAL(st.failures, st0.failures);

	/* A wrong entry fails the read; the right one, loaded back, passes. */
	e = before[3] ^ 0x5a5a5a5a;
	CU_ASSERT_EQUAL(vload(NS2, 43, 1, &e), 1);
	CU_ASSERT_EQUAL(read8(40, rb, meta), NVMETEST_HOST_VERIFY_FAILED);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.failures, st0.failures + 1);
	CU_ASSERT_EQUAL(vload(NS2, 43, 1, &before[3]), 1);
	CU_ASSERT_EQUAL(read8(40, rb, meta), NVMETEST_HOST_OK);
	/* UNKNOWN forgets: a wrong CRC then UNKNOWN, the read passes. */
	CU_ASSERT_EQUAL(vload(NS2, 44, 1, &e), 1);
	e = NVMETEST_CRC_UNKNOWN;
	CU_ASSERT_EQUAL(vload(NS2, 44, 1, &e), 1);
	CU_ASSERT_EQUAL(vdump(NS2, 44, 1, after), 1);
	CU_ASSERT_EQUAL(after[0], NVMETEST_CRC_UNKNOWN);
	CU_ASSERT_EQUAL(read8(40, rb, meta), NVMETEST_HOST_OK);

	/* Refusals. */
	CU_ASSERT_EQUAL(vload(NS2, 44, 0, &e), -EINVAL);
	big = 65537;
	CU_ASSERT_EQUAL(vload(NS2, 0, big, before), -EINVAL);
	CU_ASSERT_EQUAL(vload(NS2, ns[1].nsze - 1, 2, before), -EINVAL);
	CU_ASSERT_EQUAL(vload(NS2, ns[1].nsze, 1, before), -EINVAL);
	CU_ASSERT_EQUAL(vload(77, 0, 1, before), -ENOENT);
	CU_ASSERT_EQUAL(vload(NS2, 0, 1, NULL), -EFAULT);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, 0, 0), 0);
	CU_ASSERT_EQUAL(vload(NS1, 0, 1, before), -ENODATA);
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, NVMETEST_VERIFY_ENABLE, 0), 0);
	/* The last LBA can be loaded. */
	CU_ASSERT_EQUAL(vload(NS2, ns[1].nsze - 1, 1, &before[0]), 1);
	/* The next test counts failures from zero. */
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS2, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR, 0), 0);
	munmap(rb, 8 * PAGE);
	munmap(meta, PAGE);
}

/* Reads of @nlb LBAs of @nsid at @slba into @rb: the host status, or -1. */
static int read_lbas(uint32_t nsid, uint64_t slba, uint32_t nlb, uint32_t lbasz, uint8_t *rb)
{
	struct nvmetest_cmd c;
	int ret;

	memset(&c, 0, sizeof(c));
	ret = vmt_io(fd, 2, OPC_READ, nsid, (uint32_t)slba, slba >> 32, nlb - 1, rb,
		     nlb * lbasz, NULL, 0, 0, 0, &c);
	return ret < 0 || (ret && !(ret & VMT_HOST)) ? -1 : (int)c.host_status;
}

/*
 * A write that fails (the injected media error after 8 good LBAs) leaves
 * each LBA with two candidates: the map has the new data's CRC, the old
 * entry waits, and the read decides. Here the media kept the old data:
 * the read passes as "old" for the LBAs that held it, the map goes back
 * to their old entries, and the next read is an ordinary one.
 */
static void test_cut_failed_write(void)
{
	struct nvmetest_verify_status st0, st;
	uint64_t s = READ_ERR_LBA - 8;
	uint8_t *a = vmt_pages(2), *b = vmt_pages(3), *rb = vmt_pages(2);
	uint32_t da[8], dn[8], d[8], i, olds = 0, news = 0;
	int ret;

	CU_ASSERT_FATAL(a && b && rb);
	vmt_fill(a, 8 * 512, 77);
	CU_ASSERT_EQUAL_FATAL(vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, s, 8, a, 8 * 512, NULL, 0), 0);
	CU_ASSERT_EQUAL(vdump(NS1, s, 8, da), 8);
	vmt_fill(b, 9 * 512, 78);
	ret = vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, s, 9, b, 9 * 512, NULL, 0);
	CU_ASSERT(ret > 0 && !(ret & VMT_HOST));
	/* undecided: the dump says unknown */
	CU_ASSERT_EQUAL(vdump(NS1, s, 8, dn), 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(dn[i], NVMETEST_CRC_UNKNOWN);
	CU_ASSERT_EQUAL(vstatus(NS1, &st0), 0);
	CU_ASSERT_EQUAL(read_lbas(NS1, s, 8, 512, rb), NVMETEST_HOST_OK);
	for (i = 0; i < 8; i++) {
		olds += !memcmp(rb + i * 512, a + i * 512, 512);
		news += !memcmp(rb + i * 512, b + i * 512, 512);
	}
	printf("\n    a failed write of 9 LBAs: %u held the old data, %u the new\n", olds, news);
	CU_ASSERT_EQUAL(olds + news, 8);
	CU_ASSERT_EQUAL(vstatus(NS1, &st), 0);
	CU_ASSERT_EQUAL(st.cut_old - st0.cut_old, olds);
	CU_ASSERT_EQUAL(st.cut_new - st0.cut_new, news);
	CU_ASSERT_EQUAL(st.failures, st0.failures);
	/* decided: the map has what the media has, and reads are ordinary again */
	CU_ASSERT_EQUAL(vdump(NS1, s, 8, d), 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(d[i], !memcmp(rb + i * 512, a + i * 512, 512) ? da[i] :
				      map_crc(b + i * 512, 512));
	CU_ASSERT_EQUAL(read_lbas(NS1, s, 8, 512, rb), NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vstatus(NS1, &st0), 0);
	CU_ASSERT_EQUAL(st0.cut_old, st.cut_old);
	CU_ASSERT_EQUAL(st0.cut_new, st.cut_new);
	/*
	 * Neither candidate on the media: LBA s's entry made wrong (a load)
	 * before the next failed write, so the old candidate is wrong too.
	 */
	d[0] = da[0] ^ 0x00ff00ff;
	CU_ASSERT_EQUAL(vload(NS1, s, 1, d), 1);
	CU_ASSERT(vmt_nvm_rw(fd, 1, OPC_WRITE, NS1, s, 9, b, 9 * 512, NULL, 0) > 0);
	CU_ASSERT_EQUAL(read_lbas(NS1, s, 1, 512, rb), NVMETEST_HOST_VERIFY_FAILED);
	{
		struct nvmetest_verify_failure f[NVMT_LOG];
		struct nvmetest_verify_failures vf;

		memset(&vf, 0, sizeof(vf));
		vf.failures = (uintptr_t)f;
		vf.count = NVMT_LOG;
		CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_VERIFY_FAILURES, &vf), 0);
		CU_ASSERT_FATAL(vf.count > 0);
		CU_ASSERT_EQUAL(f[vf.count - 1].kind, NVMETEST_VFAIL_NEITHER);
		CU_ASSERT_EQUAL(f[vf.count - 1].lba, s);
		CU_ASSERT_EQUAL(f[vf.count - 1].expected_crc, map_crc(b, 512));
	}
	/* the next tests count failures from zero */
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS1, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR, 0), 0);
	munmap(a, 2 * PAGE);
	munmap(b, 3 * PAGE);
	munmap(rb, 2 * PAGE);
}

#define CUT_WRITES	6

/*
 * Writes that a controller reset aborts (host status ABORTED_RESET) while
 * QEMU still holds them in namespace 3's throttle: whatever QEMU does
 * with them (finish them while the controller disables, or drop them),
 * each LBA holds the old or the new data, and the read after the next
 * init decides each without a failure; the LBAs of writes that completed
 * are checked as usual.
 */
static void test_cut_reset(void)
{
	struct nvmetest_verify_status st0, st;
	struct nvmetest_ctrl_wait w;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	uint8_t *b = vmt_pages(CUT_WRITES), *rb = vmt_pages(CUT_WRITES);
	uint32_t i, aborted = 0, news = 0;

	CU_ASSERT_FATAL(b && rb);
	CU_ASSERT_EQUAL_FATAL(io_uring_queue_init(16, &ring, IORING_SETUP_SQE128 |
						  IORING_SETUP_CQE32), 0);
	CU_ASSERT_EQUAL(vstatus(NS3, &st0), 0);
	CU_ASSERT_EQUAL(st0.state, NVMETEST_VERIFY_ON);
	for (i = 0; i < CUT_WRITES; i++) {
		vmt_fill(b + i * PAGE, PAGE, 500 + i);
		uring_rw_ns(io_uring_get_sqe(&ring), NS3, OPC_WRITE, 100 + 8 * i, 8,
			    b + i * PAGE, i);
	}
	CU_ASSERT_EQUAL(io_uring_submit(&ring), CUT_WRITES);
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_RESET, &w), 0);
	for (i = 0; i < CUT_WRITES; i++) {
		if (io_uring_wait_cqe(&ring, &cqe))
			break;
		aborted += cqe->res != 0;
		io_uring_cqe_seen(&ring, cqe);
	}
	CU_ASSERT_EQUAL(i, CUT_WRITES);
	io_uring_queue_exit(&ring);
	CU_ASSERT_EQUAL_FATAL(ctrl_setup(), 0);
	CU_ASSERT_EQUAL(read_lbas(NS3, 100, 8 * CUT_WRITES, 512, rb), NVMETEST_HOST_OK);
	for (i = 0; i < 8 * CUT_WRITES; i++)
		news += !memcmp(rb + i * 512, b + (i / 8) * PAGE + (i % 8) * 512, 512);
	CU_ASSERT_EQUAL(vstatus(NS3, &st), 0);
	printf("\n    %u of %u writes aborted by the reset; the read found %u old and %u new LBAs of them\n",
	       aborted, CUT_WRITES, st.cut_old - st0.cut_old, st.cut_new - st0.cut_new);
	CU_ASSERT_EQUAL((st.cut_old - st0.cut_old) + (st.cut_new - st0.cut_new), 8 * aborted);
	/* the completed writes' LBAs and the aborted ones found new */
	CU_ASSERT_EQUAL(news, 8 * (CUT_WRITES - aborted) + (st.cut_new - st0.cut_new));
	CU_ASSERT_EQUAL(st.failures, st0.failures);
	munmap(b, CUT_WRITES * PAGE);
	munmap(rb, CUT_WRITES * PAGE);
}

/* A Write of 8 LBAs of NS2 at @slba with @cdw12_flags: the NVMe status, or -1. */
static int write8(uint64_t slba, uint32_t cdw12_flags, uint8_t *wb, uint8_t *meta, uint32_t seed)
{
	int ret;

	vmt_fill(wb, 8 * 4096, seed);
	ret = vmt_io(fd, 2, OPC_WRITE, NS2, (uint32_t)slba, 0, 7 | cdw12_flags, wb,
		     8 * 4096, meta, 8 * 8, 0, 0, NULL);
	return ret < 0 || (ret & VMT_HOST) ? -1 : ret;
}

static int set_wce(bool on)
{
	return vmt_io(fd, 0, OPC_SET_FEATURES, 0, FID_VWC, on, 0, NULL, 0, NULL, 0, 0, 0, NULL);
}

static uint64_t unflushed(void)
{
	struct nvmetest_verify_status st;

	return vstatus(NS2, &st) ? ~0ULL : st.unflushed;
}

/*
 * Behind a volatile write cache (QEMU's controller reports one) a
 * completed write is durable only after a Flush, with FUA, or after a
 * normal shutdown; with the cache off, at completion. A power loss (here
 * unbind and bind: the map parked and adopted) turns each LBA that waited
 * for a Flush into one with two candidates, its durable data or its
 * newest; the others must read back exactly.
 */
static void test_unflushed_cut(void)
{
	struct nvmetest_verify_status st0, st;
	uint8_t *wb = vmt_pages(8), *rb = vmt_pages(8), *meta = vmt_pages(1);
	uint32_t d[24], e[24], i;
	struct nvmetest_ctrl_wait w;

	CU_ASSERT_FATAL(wb && rb && meta);
	CU_ASSERT_EQUAL(flush(NS2), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st0), 0);
	CU_ASSERT(st0.durability & NVMETEST_VDUR_VWC);
	CU_ASSERT_FALSE(st0.durability & NVMETEST_VDUR_LOST);
	CU_ASSERT_EQUAL(st0.unflushed, 0);

	CU_ASSERT_EQUAL(write8(200, 0, wb, meta, 1), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);
	CU_ASSERT_EQUAL(flush(NS2), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.unflushed, 0);
	CU_ASSERT_EQUAL(st.flushes, st0.flushes + 1);
	/* written twice without a Flush: one entry each; FUA is durable */
	CU_ASSERT_EQUAL(write8(200, 0, wb, meta, 2), 0);
	CU_ASSERT_EQUAL(write8(200, 0, wb, meta, 3), 0);
	CU_ASSERT_EQUAL(write8(208, RW_FUA, wb, meta, 4), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);
	/* a FUA write of an LBA that waited makes it durable */
	CU_ASSERT_EQUAL(write8(196, 0, wb, meta, 5), 0);
	CU_ASSERT_EQUAL(unflushed(), 12);
	CU_ASSERT_EQUAL(write8(192, RW_FUA, wb, meta, 6), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);
	/* the cache off: completed writes are durable */
	CU_ASSERT_EQUAL(set_wce(false), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_FALSE(st.durability & NVMETEST_VDUR_VWC);
	CU_ASSERT_EQUAL(write8(216, 0, wb, meta, 7), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);
	CU_ASSERT_EQUAL(set_wce(true), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT(st.durability & NVMETEST_VDUR_VWC);
	CU_ASSERT_EQUAL(vdump(NS2, 200, 24, d), 24);

	/* the power goes and comes back */
	close(fd);
	fd = -1;
	CU_ASSERT_EQUAL_FATAL(vmt_unbind(vmt_bdf()), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_open_bound(&fd, devpath, sizeof(devpath)), 0);
	CU_ASSERT_EQUAL_FATAL(ctrl_setup(), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st0), 0);
	CU_ASSERT_EQUAL(st0.unflushed, 0);
	CU_ASSERT_EQUAL(vdump(NS2, 200, 24, e), 24);
	for (i = 0; i < 8; i++)		/* two candidates: not one entry */
		CU_ASSERT_EQUAL(e[i], NVMETEST_CRC_UNKNOWN);
	/* FUA, and written with the cache off: exact */
	CU_ASSERT_EQUAL(memcmp(d + 8, e + 8, 16 * sizeof(d[0])), 0);
	/* QEMU kept the newest data: the read finds it, the map knows it again */
	CU_ASSERT_EQUAL(read8(200, rb, meta), NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.cut_new, st0.cut_new + 8);
	CU_ASSERT_EQUAL(st.cut_old, st0.cut_old);
	CU_ASSERT_EQUAL(st.failures, st0.failures);
	CU_ASSERT_EQUAL(vdump(NS2, 200, 8, e), 8);
	CU_ASSERT_EQUAL(memcmp(d, e, 8 * sizeof(d[0])), 0);

	/* a Flush of every namespace, and a normal shutdown, make it durable */
	CU_ASSERT_EQUAL(write8(200, 0, wb, meta, 8), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);
	CU_ASSERT_EQUAL(flush(0xffffffff), 0);
	CU_ASSERT_EQUAL(unflushed(), 0);
	CU_ASSERT_EQUAL(write8(200, 0, wb, meta, 9), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);
	memset(&w, 0, sizeof(w));
	w.shn = 1;
	CU_ASSERT_EQUAL(vmt_ioctl(fd, NVMETEST_IOC_CTRL_SHUTDOWN, &w), 0);
	CU_ASSERT_EQUAL(unflushed(), 0);
	CU_ASSERT_EQUAL_FATAL(ctrl_setup(), 0);
	CU_ASSERT_EQUAL(read8(200, rb, meta), NVMETEST_HOST_OK);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.failures, st0.failures);
	munmap(wb, 8 * PAGE);
	munmap(rb, 8 * PAGE);
	munmap(meta, PAGE);
}

/*
 * Write behind the device, as if the drive had lost what its cache held:
 * QEMU's monitor runs qemu-io CMD on namespace 2's block node (the
 * harness makes the namespaces share-rw). HMP takes the command in double
 * quotes and answers an error (a bad command, a permission conflict) with
 * text, not a failure, while qemu-io's own report goes to QEMU's stdout:
 * silence is success, and the reads that follow show what was written.
 * Return: 0 when HMP said nothing.
 */
static int behind_ns2(const char *cmd)
{
	char line[512];

	snprintf(line, sizeof(line),
		 "node=$(sed -n 's/^nvme0\\.ns2\\.device=.*drive=\\([^,]*\\).*/\\1/p' \"$NVMETEST_VMCONF\") && "
		 "out=$(python3 tools/vm/qmp.py --guest hmp \"qemu-io $node \\\"%s\\\"\" 2>&1) && "
		 "[ -z \"$out\" ]", cmd);
	return system(line);
}

/*
 * The drive lost its cache at the power loss: LBAs written after the last
 * Flush hold their durable data again (here: zeroes, Write Zeroes before
 * the Flush) or, for a broken drive, something else. The first read as
 * the old data (cut_old), the second fail as NEITHER: the map kept the
 * durable entry, not a blind UNKNOWN.
 */
static void test_unflushed_lost(void)
{
	struct nvmetest_verify_failure f[NVMT_LOG];
	struct nvmetest_verify_status st0, st;
	struct nvmetest_verify_failures vf;
	uint8_t *wb = vmt_pages(8), *rb = vmt_pages(8), *meta = vmt_pages(1);
	char cmd[128];
	uint32_t i, neither = 0;

	CU_ASSERT_FATAL(wb && rb && meta);
	CU_ASSERT_EQUAL(vmt_io(fd, 2, OPC_WRITE_ZEROES, NS2, 240, 0, 7, NULL, 0, NULL, 0, 0, 0,
			       NULL), 0);
	CU_ASSERT_EQUAL(flush(NS2), 0);
	CU_ASSERT_EQUAL(write8(240, 0, wb, meta, 10), 0);
	CU_ASSERT_EQUAL(unflushed(), 8);

	close(fd);
	fd = -1;
	CU_ASSERT_EQUAL_FATAL(vmt_unbind(vmt_bdf()), 0);
	/* what the drive kept: 240-243 garbage, 244-247 the durable zeroes */
	snprintf(cmd, sizeof(cmd), "write -P 0x5a %u %u", 240 * 4096, 4 * 4096);
	CU_ASSERT_EQUAL(behind_ns2(cmd), 0);
	snprintf(cmd, sizeof(cmd), "write -z %u %u", 244 * 4096, 4 * 4096);
	CU_ASSERT_EQUAL(behind_ns2(cmd), 0);
	CU_ASSERT_EQUAL_FATAL(vmt_open_bound(&fd, devpath, sizeof(devpath)), 0);
	CU_ASSERT_EQUAL_FATAL(ctrl_setup(), 0);
	CU_ASSERT_EQUAL(vstatus(NS2, &st0), 0);
	CU_ASSERT_EQUAL(read8(240, rb, meta), NVMETEST_HOST_VERIFY_FAILED);
	CU_ASSERT_EQUAL(vstatus(NS2, &st), 0);
	CU_ASSERT_EQUAL(st.cut_old, st0.cut_old + 4);
	CU_ASSERT_EQUAL(st.cut_new, st0.cut_new);
	CU_ASSERT_EQUAL(st.failures, st0.failures + 4);
	memset(&vf, 0, sizeof(vf));
	vf.failures = (uintptr_t)f;
	vf.count = NVMT_LOG;
	CU_ASSERT_EQUAL_FATAL(vmt_ioctl(fd, NVMETEST_IOC_VERIFY_FAILURES, &vf), 0);
	for (i = 0; i < vf.count; i++)
		if (f[i].nsid == NS2 && f[i].lba >= 240 && f[i].lba < 244 &&
		    f[i].kind == NVMETEST_VFAIL_NEITHER)
			neither++;
	CU_ASSERT_EQUAL(neither, 4);
	/* decided: the map says zeroes for 244-247 now, and the read passes */
	CU_ASSERT_EQUAL(vmt_io(fd, 2, OPC_READ, NS2, 244, 0, 3, rb, 4 * 4096, meta, 4 * 8, 0, 0,
			       NULL), 0);
	/* the next tests count failures from zero */
	CU_ASSERT_EQUAL(vmt_verify_config(fd, NS2, NVMETEST_VERIFY_ENABLE |
					  NVMETEST_VERIFY_CLEAR, 0), 0);
	munmap(wb, 8 * PAGE);
	munmap(rb, 8 * PAGE);
	munmap(meta, PAGE);
}

static CU_TestInfo tests[] = {
	{ "VERIFY_CONFIG/STATUS, INFO capability", test_config },
	{ "write stamps, CRCs, read check", test_write_read },
	{ "write zeroes, DSM deallocate", test_zeroes_dsm },
	{ "copy: the destination becomes UNKNOWN", test_copy },
	{ "off keeps, on clears", test_off_on },
	{ "failed read is not a verify failure", test_read_error },
	{ "overlapping IO, 4 threads 2 queues", test_race },
	{ "sparse chunks, memory cap", test_sparse_cap },
	{ "io_uring, overlapping commands in one batch", test_uring },
	{ "the map outlives a rebind; VERIFY_LOAD", test_rebind_load },
	{ "volatile write cache: unflushed writes at a power loss", test_unflushed_cut },
	{ "volatile write cache lost: old data passes, other data fails", test_unflushed_lost },
	{ "a failed write: old or new, never anything else", test_cut_failed_write },
	{ "writes aborted by a reset: old or new", test_cut_reset },
	{ "format clears the map", test_format_clears },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return vmt_run_suite("verify", suite_init, suite_fini, tests);
}
