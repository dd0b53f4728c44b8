// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory the fuzzer's calls point into, per thread: an arena for
 * argument structures and buffers with a PROT_NONE guard page after it, a
 * read-only region, and a hole that was mapped and munmap'd; and the pool
 * of bad user pointers (NULL, small, kernel, non-canonical, misaligned,
 * read-only, unmapped, running into the guard page) the driver must
 * answer with -EFAULT or -EINVAL and nothing worse.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

/*
 * The hole is placed far from where mmap() puts things (top-down below the
 * stack), so that no later mapping of this process (an io_uring ring,
 * malloc) lands in it and turns a "bad" pointer into a live one.
 */
#define FZ_HOLE_BASE	0x200000000000ULL

int fz_mem_setup(struct fz_mem *m)
{
	size_t page = 4096;
	void *p;

	p = mmap(NULL, FZ_ARENA + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->arena = p;
	m->guard = m->arena + FZ_ARENA;
	if (mprotect(m->guard, page, PROT_NONE))
		return -errno;

	p = mmap(NULL, FZ_RO, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->ro = p;
	memset(m->ro, 0x5a, FZ_RO);
	if (mprotect(m->ro, FZ_RO, PROT_READ))
		return -errno;

	/* one hole per thread: threads take consecutive slots */
	for (unsigned int i = 0; i < 1024; i++) {
		uint64_t want = FZ_HOLE_BASE + (uint64_t)i * 2 * FZ_HOLE;

		p = mmap((void *)want, FZ_HOLE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p != MAP_FAILED)
			break;
	}
	if (p == MAP_FAILED)
		return -errno;
	m->hole = p;
	if (munmap(m->hole, FZ_HOLE))
		return -errno;
	return 0;
}

void fz_mem_teardown(struct fz_mem *m)
{
	if (m->arena)
		munmap(m->arena, FZ_ARENA + 4096);
	if (m->ro)
		munmap(m->ro, FZ_RO);
	memset(m, 0, sizeof(*m));
}

void *fz_buf(struct fz_thread *t, struct fz_rng *r, size_t len)
{
	size_t room = FZ_ARENA - FZ_BUF_OFF;
	size_t off;

	if (len > room)
		len = room;
	/* mostly page aligned, sometimes ending right at the guard page */
	if (fz_chance(r, 1, 8))
		off = FZ_ARENA - len;
	else
		off = FZ_BUF_OFF + 4096 * fz_below(r, (room - len) / 4096 + 1);
	if (off + len > FZ_ARENA)
		off = FZ_ARENA - len;
	off &= ~(size_t)3;	/* the driver wants dword-aligned data */
	if (off < FZ_BUF_OFF)
		off = FZ_BUF_OFF;
	return t->mem.arena + off;
}

uint64_t fz_pointer(struct fz_thread *t, struct fz_rng *r, size_t len)
{
	struct fz_mem *m = &t->mem;

	switch (fz_below(r, 16)) {
	case 0:
		return 0;
	case 1:
		return 1 + fz_below(r, 4096);			/* small */
	case 2:
		return 0xffff888000000000ULL + 4096 * fz_below(r, 1024); /* kernel */
	case 3:
		return 0x0000800000000000ULL;			/* non-canonical */
	case 4:
		return (uintptr_t)m->ro + 4 * fz_below(r, FZ_RO / 4);
	case 5:
		return (uintptr_t)m->hole + 4 * fz_below(r, FZ_HOLE / 4);
	case 6:
		return (uintptr_t)fz_buf(t, r, len) + 1 + fz_below(r, 3); /* misaligned */
	case 7:
		/* the buffer runs into the guard page */
		return (uintptr_t)m->guard - 4 * (1 + fz_below(r, 64));
	case 8:
		return ~0ULL - fz_below(r, 4096);
	default:
		return (uintptr_t)fz_buf(t, r, len);
	}
}

void *fz_arg(struct fz_thread *t, struct fz_rng *r, size_t size,
	     const char **kind)
{
	struct fz_mem *m = &t->mem;
	uint8_t *good = m->arena + FZ_ARG_OFF;
	uint8_t *p;

	*kind = "arg";
	if (!fz_chance(r, 1, 25))
		return good;
	switch (fz_below(r, 6)) {
	case 0:
		*kind = "arg@NULL";
		return NULL;
	case 1:
		*kind = "arg@kernel";
		return (void *)0xffff888000001000ULL;
	case 2:
		*kind = "arg@unmapped";
		return m->hole;
	case 3:
		/* the kernel can read it, but not write the result back */
		*kind = "arg@readonly";
		p = m->ro + 8 * fz_below(r, (FZ_RO - size) / 8);
		if (mprotect(m->ro, FZ_RO, PROT_READ | PROT_WRITE) == 0) {
			memcpy(p, good, size);
			mprotect(m->ro, FZ_RO, PROT_READ);
		}
		return p;
	case 4:
		*kind = "arg@guard";
		p = m->guard - 8 * (1 + fz_below(r, size / 8 ? size / 8 : 1));
		memcpy(p, good, m->guard - p);
		return p;
	default:
		*kind = "arg@misaligned";
		p = good + 1 + fz_below(r, 7);
		memmove(p, good, size);
		return p;
	}
}
