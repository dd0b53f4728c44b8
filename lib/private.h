/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest internals shared between its files: the device handle, the
 * thread-local error message, the sysfs/proc/dev roots and small file
 * helpers. Nothing here is exported from the shared library (see
 * lib/libnvmetest.map); the unit tests reach it through the static one.
 */
#ifndef NVMETEST_LIB_PRIVATE_H
#define NVMETEST_LIB_PRIVATE_H

#include <endian.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nvmetest.h"

struct nvmetest_dev {
	int fd;
	char path[PATH_MAX];
	struct nvmetest_info info;
};

/*
 * Little-endian loads and stores of wire structures (SQE, CQE, LBA
 * stamps) at any alignment.
 */
static inline uint16_t nvmt_get_le16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

static inline uint32_t nvmt_get_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline uint64_t nvmt_get_le64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline void nvmt_put_le32(void *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

static inline void nvmt_put_le64(void *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

#define NVMT_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * @names[@i] when the table has a name there, else @dflt: the lookup
 * behind every value-to-name function of a table indexed by the value.
 */
static inline const char *nvmt_name(const char *const *names, size_t n, uint64_t i,
				    const char *dflt)
{
	return i < n && names[i] ? names[i] : dflt;
}

/* nvmt_name() of a table array, its size taken from the array */
#define NVMT_NAME(names, i, dflt)	nvmt_name(names, NVMT_ARRAY_SIZE(names), i, dflt)

/* error.c */
void nvmt_clear_error(void);
__attribute__((format(printf, 1, 2)))
void nvmt_set_error(const char *fmt, ...);
/* Like nvmt_set_error(), returns @err so that callers can "return nvmt_fail()". */
__attribute__((format(printf, 2, 3)))
int nvmt_fail(int err, const char *fmt, ...);

/* abi.c: 0, or -EPROTO when the driver's ABI major is not ours */
int nvmt_check_abi(const struct nvmetest_info *info);
/*
 * abi.c: 0 when the driver has INFO capability @cap, else -EOPNOTSUPP
 * and "the driver has no @what (ABI x.y; needs @needs)"; @needs may be NULL.
 */
int nvmt_need_cap(struct nvmetest_dev *dev, uint32_t cap, const char *what,
		  const char *needs);

/* ctrl.c: ioctl with "<path>: <what>: <reason>" left as the last error */
int nvmt_ioctl(struct nvmetest_dev *dev, unsigned long req, void *arg,
	       const char *what);

/* admin.c: the Get Log Page command of one chunk (pure, for unit tests) */
void nvmt_get_log_cmd(const struct nvmetest_log_args *a, uint64_t offset,
		      uint32_t len, bool rae, struct nvmetest_cmd_args *cmd);

/* vmapfile.c: a map file's 512-byte header for @id (pure, for unit tests) */
void nvmt_vmap_header(const struct nvmetest_vmap_ident *id, uint8_t hdr[512]);

/* ring.c: the pure halves of submit and reap, for the unit tests */
struct io_uring_sqe;
struct io_uring_cqe;
/* Fill an SQE128 (both slots) with the uring_cmd of @args. */
void nvmt_ring_prep(struct io_uring_sqe *sqe, int fd, const struct nvmetest_cmd_args *args,
		    uint64_t user_data);
/* A CQE32 into a completion. */
void nvmt_ring_complete(const struct io_uring_cqe *cqe, struct nvmetest_completion *out);

/* crc32c.c: the two implementations behind nvmetest_crc32c(), for the
 * unit tests. nvmt_crc32c_hw() falls back to the table when the CPU has
 * no SSE4.2 (nvmt_crc32c_hw_available() says which). */
uint32_t nvmt_crc32c_sw(uint32_t crc, const void *buf, size_t len);
uint32_t nvmt_crc32c_hw(uint32_t crc, const void *buf, size_t len);
bool nvmt_crc32c_hw_available(void);

/*
 * dbuf.c: 0 and the bus address of byte @off when [@off, @off + @len)
 * lies in @b and is contiguous in bus addresses; -ERANGE when it passes
 * the buffer (or @len is 0), -EINVAL when it is not contiguous.
 */
int nvmt_dbuf_span(const struct nvmetest_dbuf *b, size_t off, size_t len, uint64_t *addr);
/* dbuf.c: the byte of @b the device knows as @addr: 0, or -ENOENT. */
int nvmt_dbuf_offset(const struct nvmetest_dbuf *b, uint64_t addr, size_t *off);
/* dbuf.c: nvmetest_dbuf_free() that keeps the last error, for cleanups. */
int nvmt_dbuf_free(struct nvmetest_dbuf *b);

/*
 * raw.c: the pure parts of a raw queue, for the unit tests. Setup fills
 * identity, geometry, doorbell (from @cap) and the empty state (head and
 * tail 0, expected phase 1), not where the ring is.
 */
void nvmt_rawq_setup(struct nvmetest_rawq *q, bool cq, uint16_t qid, uint32_t depth,
		     uint32_t entry_size, uint64_t cap);
/*
 * raw.c: a PC = 0 ring: @q->pages from the queue's PRP list at @off of
 * @b (one entry per memory page of @q->page_size, not chained), each
 * entry a whole memory page of @b. 0, -ERANGE (the list passes @b),
 * -EINVAL (with the last error set), -ENOMEM.
 */
int nvmt_rawq_map_list(struct nvmetest_rawq *q, const struct nvmetest_dbuf *b, size_t off);

/* sysfs.c: roots, overridable by the environment for the unit tests */
const char *nvmt_sysfs_root(void);
const char *nvmt_proc_root(void);
const char *nvmt_dev_root(void);

/* snprintf into @buf; -ENAMETOOLONG when it does not fit. */
__attribute__((format(printf, 3, 4)))
int nvmt_path(char *buf, size_t len, const char *fmt, ...);
/* Read a small file, strip trailing whitespace; length or -errno. */
int nvmt_read_file(const char *path, char *buf, size_t len);
/* Read a file holding one number (base 0, "0x010802"). */
int nvmt_read_num(const char *path, unsigned long long *val);
/* Write a string to an existing file (sysfs attribute); 0 or -errno. */
int nvmt_write_file(const char *path, const char *s);
/* basename of a symlink's target ("nvme" for .../driver); 0 or -errno. */
int nvmt_link_name(const char *path, char *buf, size_t len);
bool nvmt_exists(const char *path);

/* "nvmetest12" -> 12; -1 when a name is not of that form. */
int nvmt_instance_of(const char *name);
/* The function's sysfs folder into @dir; -ENODEV (reported) when absent. */
int nvmt_func_dir(const char *bdf, char *dir, size_t len);
/* The nvmetestN class device under a PCI function: 0 and its name. */
int nvmt_class_dev(const char *bdf, char *name, size_t len);

/* bind.c: bind with an explicit timeout, for the unit tests */
int nvmt_bind(const char *bdf, unsigned int flags, unsigned int timeout_ms);
/*
 * Whether a function's block devices or partitions are mounted, swap or
 * held: 1 with @why filled, 0 when free, -errno.
 */
int nvmt_func_in_use(const struct nvmetest_pci_func *func, char *why,
		     size_t len);

#endif /* NVMETEST_LIB_PRIVATE_H */
