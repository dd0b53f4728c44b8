// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw path's DMA buffers: DBUF_ALLOC and DBUF_FREE, and mmap() and
 * munmap() of the device file at the offsets of live, freed, foreign and
 * never-made handles. Each thread keeps the buffers it allocated and the
 * mappings it made across its other calls (resets, reopens included) and
 * knows, from what it did, what the driver must answer: a handle is
 * usable only through the file that allocated it (the thread's file of
 * that generation: each FZ_REOPEN starts a new one), a mapping keeps that
 * file open after close(), and a file's handles go when it is released.
 * So most answers are checked exactly, not only against the call's
 * documented set (fz_expect_check()). Mappings are touched: every page
 * starts zeroed and then shows, through every mapping of it, the stamp
 * this thread last wrote there; a buffer that may be a raw queue's ring
 * (rawguard.c) is only read, and not checked. The same mmap() call aims
 * below NVMETEST_MMAP_BAR0_END now and then (ABI 1.12: BAR0): a mapping
 * of BAR0 is read, never written, and unmapped at once.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

#define FZ_PAGE		4096ULL
#define FZ_BUFS		16	/* buffers a thread keeps track of ... */
#define FZ_LIVE_MAX	6	/* ... of which with their handle at most */
#define FZ_MAPS		16	/* mappings a thread keeps */
#define FZ_TRACK	64	/* pages of a buffer whose contents are checked */
#define FZ_TOUCH	64	/* pages of a mapping touched (first, last half) */
#define FZ_DEAD		16	/* handles of dropped buffers, for ENOENT */
/* no run allocates this many buffers: handles from here never exist */
#define FZ_NEVER	0x40000000u
/* a length no mmap() can map (above the 47-bit user address space) */
#define FZ_MMAP_TOO_BIG	(1ULL << 47)
/* NVME_REG_DBS: BAR0's first doorbell; a writable BAR0 mapping starts here */
#define FZ_DBS		0x1000ULL
#define FZ_MAX_THREADS	256

/* One buffer of the thread's: live (its handle held) or still mapped. */
struct fz_dbuf {
	uint32_t handle;	/* 0: a free slot */
	uint32_t gen;		/* the file that allocated it (fz_dbufs.gen) */
	bool live;		/* the handle is held: not freed, file open */
	bool far_written;	/* a page past FZ_TRACK was written */
	uint64_t pages;
	unsigned int maps;	/* entries of fz_dbufs.maps that show it */
	uint8_t stamp[FZ_TRACK];	/* bytes 0 and 4095 of each page; 0: zero */
};

struct fz_map {
	uint8_t *addr;		/* NULL: a free slot */
	uint64_t pages;
	uint64_t first;		/* the buffer's page at @addr */
	int prot;
	int buf;		/* index in fz_dbufs.bufs */
};

struct fz_dbufs {
	uint32_t gen;		/* this thread's file: 1 + its reopens */
	uint8_t stamp;		/* the last stamp written */
	struct fz_dbuf bufs[FZ_BUFS];
	struct fz_map maps[FZ_MAPS];
	uint32_t dead[FZ_DEAD];
	unsigned int ndead;
};

/* Which thread allocated each handle (id + 1): exact answers, and no reuse. */
static atomic_ushort fz_owner[FZ_HANDLES];
/* Each thread's live handles, for the others to aim at. */
static atomic_uint fz_pub[FZ_MAX_THREADS][FZ_BUFS];
/* What the run did, for the summary (fz_dbuf_summary()). */
static atomic_ullong fz_pages_checked;		/* pages read and compared */
static atomic_ullong fz_files_held;		/* closed files a mapping kept open */
static atomic_ullong fz_files_unmapped;		/* ... released by a munmap */
static atomic_ullong fz_maps_split;		/* holes unmapped in a mapping */
static atomic_ullong fz_bar0_read;		/* BAR0 pages read through mappings */
static atomic_ullong fz_bar0_fenced;		/* BAR0 reads ended by the fence */
/* Set while a thread touches a mapping: a SIGBUS or SIGSEGV ends there. */
static __thread sigjmp_buf *fz_touch_env;

static void on_touch_fault(int sig)
{
	if (fz_touch_env)
		siglongjmp(*fz_touch_env, sig);
	/* not a touch: the fuzzer's own bug, die of it */
	signal(sig, SIG_DFL);
}

int fz_dbuf_setup(struct fz_thread *t)
{
	struct sigaction sa;

	t->dbufs = calloc(1, sizeof(*t->dbufs));
	if (!t->dbufs)
		return -ENOMEM;
	t->dbufs->gen = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_touch_fault;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	return 0;
}

static int find_buf(struct fz_dbufs *d, uint32_t handle)
{
	int i;

	for (i = 0; handle && i < FZ_BUFS; i++)
		if (d->bufs[i].handle == handle)
			return i;
	return -1;
}

static void publish(struct fz_thread *t, int i, uint32_t handle)
{
	if (t->id < FZ_MAX_THREADS)
		atomic_store(&fz_pub[t->id][i], handle);
}

/* A slot nothing needs any more: its handle joins the dead ones. */
static void reclaim(struct fz_dbufs *d, int i)
{
	d->dead[d->ndead++ % FZ_DEAD] = d->bufs[i].handle;
	memset(&d->bufs[i], 0, sizeof(d->bufs[i]));
}

/* The driver dropped buffer @i's handle (DBUF_FREE, or its file's release). */
static void dropped(struct fz_thread *t, int i)
{
	struct fz_dbufs *d = t->dbufs;

	d->bufs[i].live = false;
	publish(t, i, 0);
	if (!d->bufs[i].maps)
		reclaim(d, i);
}

static bool gen_mapped(struct fz_dbufs *d, uint32_t gen)
{
	int i;

	for (i = 0; i < FZ_BUFS; i++)
		if (d->bufs[i].handle && d->bufs[i].gen == gen && d->bufs[i].maps)
			return true;
	return false;
}

/*
 * The file of generation @gen is closed and no mapping holds it: it was
 * released, and the driver dropped its handles.
 */
static void gen_released(struct fz_thread *t, uint32_t gen)
{
	struct fz_dbufs *d = t->dbufs;
	int i;

	for (i = 0; i < FZ_BUFS; i++)
		if (d->bufs[i].handle && d->bufs[i].gen == gen && d->bufs[i].live)
			dropped(t, i);
}

void fz_dbuf_reopened(struct fz_thread *t)
{
	struct fz_dbufs *d = t->dbufs;
	uint32_t old = d->gen++;

	if (!gen_mapped(d, old))
		gen_released(t, old);
	else
		atomic_fetch_add(&fz_files_held, 1);
}

void fz_dbuf_summary(void)
{
	printf("raw path: %llu buffer pages checked through mappings; %llu closed files kept open by a mapping, %llu of them released by a munmap; %llu mappings split by a hole; %llu BAR0 pages read through mappings, %llu reads fenced (SIGBUS)\n",
	       atomic_load(&fz_pages_checked), atomic_load(&fz_files_held),
	       atomic_load(&fz_files_unmapped), atomic_load(&fz_maps_split),
	       atomic_load(&fz_bar0_read), atomic_load(&fz_bar0_fenced));
}

/* Mapping @mi is gone; its buffer and file may go with it. */
static void map_gone(struct fz_thread *t, int mi)
{
	struct fz_dbufs *d = t->dbufs;
	int i = d->maps[mi].buf;
	uint32_t gen = d->bufs[i].gen;

	memset(&d->maps[mi], 0, sizeof(d->maps[mi]));
	if (--d->bufs[i].maps)
		return;
	if (!d->bufs[i].live)
		reclaim(d, i);
	if (gen != d->gen && !gen_mapped(d, gen)) {
		gen_released(t, gen);
		atomic_fetch_add(&fz_files_unmapped, 1);
	}
}

/* A random slot of the thread's buffers that @want says yes to, or -1. */
static int pick_buf(struct fz_dbufs *d, struct fz_rng *r,
		    bool (*want)(const struct fz_dbufs *, const struct fz_dbuf *))
{
	int i, n = 0, k;

	for (i = 0; i < FZ_BUFS; i++)
		n += d->bufs[i].handle && want(d, &d->bufs[i]);
	if (!n)
		return -1;
	k = fz_below(r, n);
	for (i = 0; i < FZ_BUFS; i++)
		if (d->bufs[i].handle && want(d, &d->bufs[i]) && !k--)
			break;
	return i;
}

static bool is_usable(const struct fz_dbufs *d, const struct fz_dbuf *b)
{
	return b->live && b->gen == d->gen;
}

static bool is_old(const struct fz_dbufs *d, const struct fz_dbuf *b)
{
	return b->live && b->gen != d->gen;
}

static bool is_dropped(const struct fz_dbufs *d, const struct fz_dbuf *b)
{
	(void)d;
	return !b->live;
}

static uint32_t dead_handle(struct fz_dbufs *d, struct fz_rng *r)
{
	unsigned int n = d->ndead < FZ_DEAD ? d->ndead : FZ_DEAD;

	return n ? d->dead[fz_below(r, n)] : FZ_NEVER + fz_below(r, 1000);
}

uint32_t fz_dbuf_pick(struct fz_thread *t, struct fz_rng *r)
{
	struct fz_dbufs *d = t->dbufs;
	uint64_t x = fz_below(r, 40);
	int i = -1;

	if (x < 26) {
		i = pick_buf(d, r, is_usable);
	} else if (x < 28) {
		i = pick_buf(d, r, is_dropped);
	} else if (x < 30) {
		return dead_handle(d, r);
	} else if (x < 32) {
		i = pick_buf(d, r, is_old);
	} else if (x < 35) {
		/* another thread's live buffer, if it has one there */
		unsigned int o = (t->id + 1 + fz_below(r, fz_cfg.threads)) %
				 fz_cfg.threads;
		uint32_t h = o < FZ_MAX_THREADS && o != t->id ?
			     atomic_load(&fz_pub[o][fz_below(r, FZ_BUFS)]) : 0;

		if (h)
			return h;
	} else if (x < 36) {
		return 0;
	} else if (x < 38) {
		return fz_chance(r, 1, 2) ? FZ_NEVER + (uint32_t)fz_below(r, 1u << 20) :
		       0x80000000u | (uint32_t)fz_rand(r);
	} else {
		return (uint32_t)fz_interesting(r, 4);
	}
	return i >= 0 ? d->bufs[i].handle : dead_handle(d, r);
}

uint64_t fz_dbuf_pages(struct fz_thread *t, uint32_t handle)
{
	int i = find_buf(t->dbufs, handle);

	return i >= 0 ? t->dbufs->bufs[i].pages : 0;
}

/* What the thread knows of a handle, for the answer the driver owes. */
enum fz_whose {
	FZ_MINE,	/* live, of the thread's current file: usable */
	FZ_MINE_OLD,	/* live, of a closed file a mapping keeps open: EPERM */
	FZ_GONE,	/* none (0, too big, never made, dropped): ENOENT */
	FZ_OTHERS,	/* maybe another file's, maybe gone: EPERM or ENOENT */
};

static enum fz_whose whose(struct fz_thread *t, uint64_t handle, int *idx)
{
	struct fz_dbufs *d = t->dbufs;
	unsigned int owner;
	int i;

	*idx = -1;
	if (!handle || handle > INT_MAX || handle >= FZ_NEVER)
		return FZ_GONE;
	i = find_buf(d, handle);
	if (i >= 0 && d->bufs[i].live) {
		*idx = i;
		return d->bufs[i].gen == d->gen ? FZ_MINE : FZ_MINE_OLD;
	}
	if (i >= 0)
		return FZ_GONE;
	owner = handle < FZ_HANDLES ? atomic_load(&fz_owner[handle]) : 0;
	if (owner == t->id + 1)
		return FZ_GONE;		/* dropped, and not given again */
	/* one thread: no other file exists; a lost handle was dropped */
	return fz_cfg.threads > 1 ? FZ_OTHERS : FZ_GONE;
}

static const struct fz_field dalloc_fields[] = {
	FZ_F(nvmetest_dbuf_alloc, size, FZ_VAL),
	FZ_F(nvmetest_dbuf_alloc, flags, FZ_FLAGS),
	FZ_F(nvmetest_dbuf_alloc, handle, FZ_OUT),
	FZ_F(nvmetest_dbuf_alloc, mmap_offset, FZ_OUT),
	FZ_F(nvmetest_dbuf_alloc, addrs, FZ_PTR),
	FZ_F(nvmetest_dbuf_alloc, nr_addrs, FZ_VAL),
	FZ_F(nvmetest_dbuf_alloc, page_size, FZ_OUT),
	FZ_F(nvmetest_dbuf_alloc, rsvd, FZ_RSVD),
};
static const struct fz_struct dalloc_struct = {
	"dbuf_alloc", sizeof(struct nvmetest_dbuf_alloc), dalloc_fields,
	FZ_NFIELDS(dalloc_fields)
};

static const struct fz_field dfree_fields[] = {
	FZ_F(nvmetest_dbuf_free, handle, FZ_VAL),
	FZ_F(nvmetest_dbuf_free, rsvd0, FZ_RSVD),
	FZ_F(nvmetest_dbuf_free, rsvd, FZ_RSVD),
};
static const struct fz_struct dfree_struct = {
	"dbuf_free", sizeof(struct nvmetest_dbuf_free), dfree_fields,
	FZ_NFIELDS(dfree_fields)
};

/* raw_mem_mb: the controller's cap on buffer bytes (module default 64 MiB) */
static uint64_t raw_cap(void)
{
	return fz_cfg.raw_mem ? fz_cfg.raw_mem : 64ULL << 20;
}

/*
 * Mostly small odd sizes (up to 16 pages), sometimes medium, sometimes
 * the edges: 0, a page and its neighbours, the contiguous and scattered
 * maxima and one past, the cap and one past it, and wider values.
 */
static uint64_t dbuf_size(struct fz_rng *r)
{
	const uint64_t edges[] = {
		0, 1, FZ_PAGE - 1, FZ_PAGE, FZ_PAGE + 1,
		NVMETEST_DBUF_MAX_CONTIG - 1, NVMETEST_DBUF_MAX_CONTIG,
		NVMETEST_DBUF_MAX_CONTIG + 1, NVMETEST_DBUF_MAX,
		NVMETEST_DBUF_MAX + 1, raw_cap() + 1, raw_cap() + FZ_PAGE,
		~0ULL, 1ULL << 63,
	};

	switch (fz_below(r, 16)) {
	case 0:
		return edges[fz_below(r, sizeof(edges) / sizeof(edges[0]))];
	case 1:
		/* the whole cap, rarely: it leaves nothing to the others */
		if (fz_chance(r, 1, 16))
			return raw_cap();
		return (64u << 10) + fz_below(r, 2u << 20);
	default:
		return 1 + fz_below(r, 16 * FZ_PAGE);
	}
}

static uint64_t page_align(uint64_t size)
{
	return (size + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
}

/* After a DBUF_ALLOC that succeeded: what it says, and the thread's record. */
static void dbuf_alloced(struct fz_thread *t, int slot, uint64_t size,
			 uint32_t flags, uint64_t *addrs, uint32_t nr_in)
{
	const struct nvmetest_dbuf_alloc *o = t->arg;
	struct fz_dbufs *d = t->dbufs;
	uint64_t pages = page_align(size) / FZ_PAGE;
	uint32_t h = o->handle;
	uint32_t i, n;

	if (!h || h > INT_MAX)
		fz_finding(t, "DBUF_ALLOC: handle %u (never 0, at most INT_MAX)", h);
	if (o->mmap_offset != (uint64_t)h << 32)
		fz_finding(t, "DBUF_ALLOC: mmap_offset %#llx for handle %u (handle << 32)",
			   (unsigned long long)o->mmap_offset, h);
	if (o->page_size != FZ_PAGE)
		fz_finding(t, "DBUF_ALLOC: page_size %u", o->page_size);
	if (o->nr_addrs != pages)
		fz_finding(t, "DBUF_ALLOC: nr_addrs %u for %llu bytes (%llu pages)",
			   o->nr_addrs, (unsigned long long)size,
			   (unsigned long long)pages);
	n = nr_in < pages ? nr_in : (uint32_t)pages;
	for (i = 0; addrs && i < n; i++) {
		if (addrs[i] % FZ_PAGE ||
		    (!(flags & NVMETEST_DBUF_SCATTERED) && addrs[i] != addrs[0] + i * FZ_PAGE)) {
			fz_finding(t, "DBUF_ALLOC: addrs[%u] %#llx (addrs[0] %#llx, %s)", i,
				   (unsigned long long)addrs[i],
				   (unsigned long long)addrs[0],
				   flags & NVMETEST_DBUF_SCATTERED ? "scattered" : "contiguous");
			break;
		}
	}
	if (h && h < FZ_HANDLES) {
		unsigned int was = atomic_exchange(&fz_owner[h], t->id + 1);

		if (was)
			fz_finding(t, "DBUF_ALLOC: handle %u given again (first to thread %u)",
				   h, was - 1);
	}
	if (!h)
		return;
	memset(&d->bufs[slot], 0, sizeof(d->bufs[slot]));
	d->bufs[slot].handle = h;
	d->bufs[slot].gen = d->gen;
	d->bufs[slot].live = true;
	d->bufs[slot].pages = pages;
	publish(t, slot, h);
}

void fz_call_dbuf_alloc(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_dbuf_alloc *a;
	struct fz_dbufs *d = t->dbufs;
	struct fz_expect e;
	uint64_t *addrs = NULL;
	uint64_t size, pages;
	uint32_t flags, nr;
	int i, slot = -1, live = 0, ret;
	bool no_array = false;

	for (i = 0; i < FZ_BUFS; i++) {
		live += d->bufs[i].live;
		if (!d->bufs[i].handle && slot < 0)
			slot = i;
	}
	/* room for the record: give a buffer back, or a mapping */
	if (live >= FZ_LIVE_MAX) {
		fz_call_dbuf_free(t, r);
		return;
	}
	if (slot < 0) {
		fz_call_munmap(t, r);
		return;
	}
	a = FZ_NEW_ARG(t, struct nvmetest_dbuf_alloc);
	a->size = dbuf_size(r);
	if (a->size > NVMETEST_DBUF_MAX_CONTIG || fz_chance(r, 1, 3))
		a->flags = fz_chance(r, 7, 8) ? NVMETEST_DBUF_SCATTERED : 0;
	pages = page_align(a->size) / FZ_PAGE;
	if (pages > NVMETEST_DBUF_MAX / FZ_PAGE || !pages)
		pages = 1 + fz_below(r, 16);	/* an array for a refused size */
	switch (fz_below(r, 8)) {
	case 0:
	case 1:
		break;				/* no addresses wanted */
	case 2:
		a->nr_addrs = 1 + fz_below(r, 8);	/* and no array: EINVAL */
		no_array = true;
		break;
	case 3:
		a->nr_addrs = fz_below(r, pages);	/* fewer */
		break;
	case 4:
		a->nr_addrs = pages + 1 + fz_below(r, 8);	/* more */
		break;
	default:
		a->nr_addrs = pages;
		break;
	}
	if (a->nr_addrs && !no_array) {
		addrs = fz_buf(t, r, (size_t)a->nr_addrs * 8);
		a->addrs = (uintptr_t)addrs;
	}
	fz_mutate(t, r, &dalloc_struct, a);
	/* what was sent: a misaligned copy of the argument overwrites it */
	size = a->size;
	flags = a->flags;
	nr = a->nr_addrs;
	if (a->addrs != (uintptr_t)addrs)
		addrs = NULL;
	if (a->rsvd[0] || a->rsvd[1] || (flags & ~NVMETEST_DBUF_FLAGS) || !size ||
	    size > NVMETEST_DBUF_MAX ||
	    (!(flags & NVMETEST_DBUF_SCATTERED) && size > NVMETEST_DBUF_MAX_CONTIG) ||
	    (nr && !a->addrs))
		fz_expect_set(&e, "a field DBUF_ALLOC refuses", EINVAL, FZ_END);
	else if (fz_cfg.raw_mem && page_align(size) > fz_cfg.raw_mem)
		fz_expect_set(&e, "more than raw_mem_mb", ENOMEM, FZ_END);
	else
		fz_expect_set(&e, "a valid DBUF_ALLOC", 0, ENOMEM, EFAULT, FZ_END);
	ret = fz_call_struct(t, r, FZ_DBUF_ALLOC, NVMETEST_IOC_DBUF_ALLOC, &dalloc_struct);
	if (t->arg == FZ_ARG(t))
		fz_expect_check(t, FZ_DBUF_ALLOC, ret, &e);
	if (!ret)
		dbuf_alloced(t, slot, size, flags, t->arg == FZ_ARG(t) ? addrs : NULL, nr);
}

void fz_call_dbuf_free(struct fz_thread *t, struct fz_rng *r)
{
	struct nvmetest_dbuf_free *a = FZ_NEW_ARG(t, struct nvmetest_dbuf_free);
	struct fz_expect e;
	uint32_t handle;
	int i, ret;

	a->handle = fz_dbuf_pick(t, r);
	fz_mutate(t, r, &dfree_struct, a);
	handle = a->handle;
	if (a->rsvd0 || a->rsvd[0] || a->rsvd[1])
		fz_expect_set(&e, "a reserved field set", EINVAL, FZ_END);
	else if (whose(t, handle, &i) == FZ_MINE)
		fz_expect_set(&e, "this file's buffer", 0, FZ_END);
	else
		fz_expect_set(&e, "not a buffer of this file", ENOENT, FZ_END);
	ret = fz_call_struct(t, r, FZ_DBUF_FREE, NVMETEST_IOC_DBUF_FREE, &dfree_struct);
	if (t->arg == FZ_ARG(t))
		fz_expect_check(t, FZ_DBUF_FREE, ret, &e);
	i = find_buf(t->dbufs, handle);
	if (!ret && i >= 0 && t->dbufs->bufs[i].live)
		dropped(t, i);
}

/*
 * Does the driver map BAR0 at @off? Below NVMETEST_MMAP_BAR0_END when
 * INFO says so (ABI 1.12); a driver of 1.11 takes the offset for handle
 * 0, which it never gives (ENOENT).
 */
static bool is_bar0(uint64_t off)
{
	return off < NVMETEST_MMAP_BAR0_END &&
	       (fz_cfg.caps & NVMETEST_INFO_CAP_BARMAP);
}

/*
 * BAR0's part of mmap_expect(): nvmt_barmap_mmap()'s checks in its order,
 * for a shared request the core let through (@alen page-aligned, under
 * 2^47). First the end, for every mapping (BAR0 is at least 8 KiB,
 * NVMT_BAR0_MIN, and aligned to its size, so its start is page-aligned
 * and the other EINVAL there never applies). A read-only one (no
 * PROT_WRITE: PROT_NONE too) then succeeds. A writable one goes on to
 * nvmt_barmap_db_check(): the raw path's gate (EPERM; INFO's
 * NVMETEST_INFO_CAP_RAW, which nothing in a run changes), then doorbell
 * pages only (EINVAL below FZ_DBS). Past that the answer depends on what
 * the fuzzer does not follow: the queues the controller granted and
 * where the MSI-X table and PBA are (EINVAL), a queue of the driver's
 * with a doorbell in the pages (EBUSY), none (0).
 * Return: whether the mapping may succeed.
 */
static bool bar0_expect(uint64_t off, uint64_t alen, int prot,
			struct fz_expect *e)
{
	if (off + alen > fz_cfg.bar0_len) {
		fz_expect_set(e, "a mapping past BAR0's end", EINVAL, FZ_END);
		return false;
	}
	if (!(prot & PROT_WRITE)) {
		fz_expect_set(e, "a read-only mapping inside BAR0", 0, FZ_END);
		return true;
	}
	if (!(fz_cfg.caps & NVMETEST_INFO_CAP_RAW)) {
		fz_expect_set(e, "a writable mapping of BAR0 without NVMETEST_INFO_CAP_RAW",
			      EPERM, FZ_END);
		return false;
	}
	if (off < FZ_DBS) {
		fz_expect_set(e, "a writable mapping of BAR0's registers", EINVAL, FZ_END);
		return false;
	}
	fz_expect_set(e, "a writable mapping of BAR0 past its registers", 0, EINVAL,
		      EBUSY, FZ_END);
	return true;
}

/*
 * What mmap() owes for @len bytes at @off with @flags and @prot: first the
 * core's checks in do_mmap()'s order (an empty or unaligned request, a
 * length or offset that wraps, a length beyond the address space, an
 * offset past the largest a character device takes), then the driver's
 * (MAP_SHARED only, then nvmt_barmap_mmap()'s below
 * NVMETEST_MMAP_BAR0_END, else nvmt_dbuf_mmap()'s: the handle, its file,
 * the pages). Sets *@idx to the thread's buffer when a mapping of one may
 * succeed. Return: whether the mapping may succeed.
 */
static bool mmap_expect(struct fz_thread *t, uint64_t off, uint64_t len,
			int flags, int prot, struct fz_expect *e, int *idx)
{
	uint64_t alen = page_align(len), pgoff = off / FZ_PAGE, pages, first;
	bool may = false;
	int i;

	*idx = -1;
	if (!len || off % FZ_PAGE) {
		fz_expect_set(e, "an empty or unaligned request", EINVAL, FZ_END);
		return false;
	}
	if (!alen) {
		fz_expect_set(e, "a length that wraps", ENOMEM, FZ_END);
		return false;
	}
	pages = alen / FZ_PAGE;
	if (pgoff + pages < pgoff) {
		fz_expect_set(e, "an offset that wraps", EOVERFLOW, FZ_END);
		return false;
	}
	if (alen >= FZ_MMAP_TOO_BIG - (1ULL << 32)) {
		fz_expect_set(e, "longer than the address space", ENOMEM, FZ_END);
		return false;
	}
	if (pgoff > (~0ULL - alen) / FZ_PAGE) {
		fz_expect_set(e, "past the largest file offset", EOVERFLOW, FZ_END);
		return false;
	}
	if ((flags & MAP_TYPE) == MAP_PRIVATE) {
		fz_expect_set(e, "MAP_PRIVATE", EINVAL, FZ_END);
	} else if (is_bar0(off)) {
		may = bar0_expect(off, alen, prot, e);
	} else {
		switch (whose(t, off >> 32, &i)) {
		case FZ_MINE:
			first = (off & 0xffffffffULL) / FZ_PAGE;
			if (first > t->dbufs->bufs[i].pages ||
			    pages > t->dbufs->bufs[i].pages - first) {
				fz_expect_set(e, "past this file's buffer", EINVAL, FZ_END);
			} else {
				fz_expect_set(e, "inside this file's buffer", 0, FZ_END);
				*idx = i;
				may = true;
			}
			break;
		case FZ_MINE_OLD:
			fz_expect_set(e, "a buffer of this thread's closed file, held open by a mapping",
				      EPERM, FZ_END);
			break;
		case FZ_GONE:
			fz_expect_set(e, "no such handle", ENOENT, FZ_END);
			break;
		default:
			fz_expect_set(e, "another file's handle, or gone", EPERM, ENOENT, FZ_END);
			break;
		}
	}
	/* the vma, the page tables, or no room for a long mapping */
	fz_expect_add(e, ENOMEM);
	return may;
}

static const char *prot_name(int prot)
{
	switch (prot) {
	case PROT_NONE:
		return "NONE";
	case PROT_READ:
		return "R";
	case PROT_WRITE:
		return "W";
	default:
		return "RW";
	}
}

/*
 * Touch up to FZ_TOUCH pages of mapping @mi: what its readable pages show
 * (the buffer's page, not another: the stamp last written there, zero
 * before), then, with @write, a new stamp. A fault is a finding: the
 * driver must not take pages from under a mapping.
 */
static void touch(struct fz_thread *t, int mi, bool write)
{
	struct fz_dbufs *d = t->dbufs;
	struct fz_map *m = &d->maps[mi];
	struct fz_dbuf *b = &d->bufs[m->buf];
	bool ring = fz_raw_handle_marked(b->handle);
	uint64_t n = m->pages < FZ_TOUCH ? m->pages : FZ_TOUCH;
	sigjmp_buf env;
	uint64_t k;
	int sig;

	if (m->prot == PROT_NONE)
		return;
	fz_touch_env = &env;
	sig = sigsetjmp(env, 1);
	if (sig) {
		fz_touch_env = NULL;
		fz_finding(t, "touching the mapping at %p (handle %u, buffer pages %llu-%llu, %s) raised %s",
			   m->addr, b->handle, (unsigned long long)m->first,
			   (unsigned long long)(m->first + m->pages - 1),
			   prot_name(m->prot), sigabbrev_np(sig) ?: "?");
		return;
	}
	for (k = 0; k < n; k++) {
		uint64_t i = k < FZ_TOUCH / 2 ? k : m->pages - (n - k);
		uint64_t pg = m->first + i;
		volatile uint8_t *p = m->addr + i * FZ_PAGE;

		if (m->prot & PROT_READ) {
			uint8_t lo = p[0], hi = p[FZ_PAGE - 1];
			int want = pg < FZ_TRACK ? b->stamp[pg] : b->far_written ? -1 : 0;

			if (!ring && want >= 0)
				atomic_fetch_add(&fz_pages_checked, 1);
			if (!ring && want >= 0 && (lo != want || hi != want)) {
				fz_touch_env = NULL;
				fz_finding(t, "buffer %u page %llu shows %#x/%#x at bytes 0/4095 through %p, not %#x",
					   b->handle, (unsigned long long)pg, lo, hi,
					   (void *)p, want);
				return;
			}
		}
		if (write && (m->prot & PROT_WRITE) && !ring) {
			if (!++d->stamp)
				d->stamp = 1;
			p[0] = d->stamp;
			p[FZ_PAGE - 1] = d->stamp;
			if (pg < FZ_TRACK)
				b->stamp[pg] = d->stamp;
			else
				b->far_written = true;
		}
	}
	fz_touch_env = NULL;
}

/*
 * Read the first dword of each of the @pages pages of a BAR0 mapping at
 * @addr (BAR0 offset @off): registers, doorbells, the MSI-X table, which
 * reads leave alone. Never a write: a doorbell rung at random would have
 * the device fetch whatever a ring holds. SIGBUS is what the driver gives
 * while the function may not decode BAR0 (a reset, D3hot, a PCIe error:
 * kmod/barmap.c's fence), which another thread may have started: counted.
 * SIGSEGV is a finding: the pages are BAR0's while the mapping exists.
 */
static void bar0_read(struct fz_thread *t, uint8_t *addr, uint64_t off,
		      uint64_t pages, int prot)
{
	/* read after a fault's siglongjmp(): not kept in a register */
	volatile uint64_t k = 0;
	sigjmp_buf env;
	int sig;

	if (!(prot & PROT_READ))
		return;
	fz_touch_env = &env;
	sig = sigsetjmp(env, 1);
	if (sig == SIGBUS) {
		fz_touch_env = NULL;
		atomic_fetch_add(&fz_bar0_fenced, 1);
		return;
	}
	if (sig) {
		fz_touch_env = NULL;
		fz_finding(t, "reading BAR0 at %#llx through the mapping at %p (BAR0 %#llx-%#llx, %s) raised %s",
			   (unsigned long long)(off + k * FZ_PAGE), addr,
			   (unsigned long long)off,
			   (unsigned long long)(off + pages * FZ_PAGE - 1),
			   prot_name(prot), sigabbrev_np(sig) ?: "?");
		return;
	}
	for (k = 0; k < pages; k++)
		(void)*(volatile uint32_t *)(addr + k * FZ_PAGE);
	fz_touch_env = NULL;
	atomic_fetch_add(&fz_bar0_read, pages);
}

static int free_map_slot(struct fz_dbufs *d)
{
	int i;

	for (i = 0; i < FZ_MAPS; i++)
		if (!d->maps[i].addr)
			return i;
	return -1;
}

static int do_munmap(struct fz_thread *t, void *addr, uint64_t len,
		     const char *what)
{
	int ret;

	fz_begin(t, "munmap %p len=%#llx (%s)", addr, (unsigned long long)len, what);
	ret = munmap(addr, len) ? -errno : 0;
	fz_end(t, ret);
	fz_record(t, FZ_MUNMAP, ret);
	if (ret)
		fz_finding(t, "munmap of a mapping of ours failed: %s", strerrorname_np(-ret) ?: "?");
	return ret;
}

static uint64_t mmap_len(struct fz_rng *r, uint64_t rest)
{
	const uint64_t huge[] = {
		0, 1ULL << 40, FZ_MMAP_TOO_BIG, ~0ULL - fz_below(r, FZ_PAGE), 1ULL << 63,
	};

	switch (fz_below(r, 12)) {
	case 0:
		return 1;
	case 1:
		return FZ_PAGE - 1;
	case 2:
		return FZ_PAGE + 1;
	case 3:
		return rest * FZ_PAGE + 1;		/* one byte past */
	case 4:
		return (1 + fz_below(r, rest + 1)) * FZ_PAGE;
	case 5:
		return huge[fz_below(r, sizeof(huge) / sizeof(huge[0]))];
	default:
		return rest * FZ_PAGE;
	}
}

/*
 * A buffer request: a handle from fz_dbuf_pick(), and the first page of
 * its buffer, one inside it, at its end or past it, or anywhere in the
 * handle's 4 GiB window; *@len from mmap_len(). Return: the offset.
 */
static uint64_t buf_request(struct fz_thread *t, struct fz_rng *r,
			    uint64_t *len)
{
	struct fz_dbufs *d = t->dbufs;
	uint32_t handle = fz_dbuf_pick(t, r);
	int i = find_buf(d, handle);
	uint64_t npages = i >= 0 ? d->bufs[i].pages : 1 + fz_below(r, 16);
	uint64_t first;

	switch (fz_below(r, 8)) {
	case 4:
	case 5:
		first = fz_below(r, npages);
		break;
	case 6:
		first = npages + fz_below(r, 2);	/* at the end, past it */
		break;
	case 7:
		first = fz_below(r, 1u << 20);		/* anywhere in the window */
		break;
	default:
		first = 0;
		break;
	}
	*len = mmap_len(r, first < npages ? npages - first : 1);
	return (uint64_t)handle << 32 | first * FZ_PAGE;
}

/*
 * A BAR0 request: the registers (offset 0), the first doorbell page, any
 * page of BAR0, its last, or the first past it; *@len as mmap_len() draws
 * it for the pages from there to BAR0's end. Return: the offset.
 */
static uint64_t bar0_request(struct fz_rng *r, uint64_t *len)
{
	uint64_t pages = fz_cfg.bar0_len / FZ_PAGE, first;

	switch (fz_below(r, 5)) {
	case 0:
		first = 0;
		break;
	case 1:
		first = FZ_DBS / FZ_PAGE;
		break;
	case 2:
		first = fz_below(r, pages);
		break;
	case 3:
		first = pages ? pages - 1 : 0;
		break;
	default:
		first = pages;
		break;
	}
	*len = mmap_len(r, first < pages ? pages - first : 1);
	return first * FZ_PAGE;
}

void fz_call_mmap(struct fz_thread *t, struct fz_rng *r)
{
	static const int types[] = { MAP_SHARED, MAP_SHARED_VALIDATE,
				     MAP_SHARED | MAP_POPULATE };
	static const int prots[] = { PROT_READ | PROT_WRITE, PROT_READ,
				     PROT_WRITE, PROT_NONE };
	struct fz_dbufs *d = t->dbufs;
	int mi = free_map_slot(d), flags, prot, i, ret;
	struct fz_expect e;
	uint64_t off, len;
	bool bar0, may;
	void *p;

	/* 1 in 8 at BAR0: its mappings are not kept, so need no slot */
	bar0 = (fz_cfg.caps & NVMETEST_INFO_CAP_BARMAP) && fz_chance(r, 1, 8);
	if (!bar0 && mi < 0) {
		fz_call_munmap(t, r);
		return;
	}
	/* nothing of this file's to map (a reopen dropped it): mostly make one */
	if (!bar0 && pick_buf(d, r, is_usable) < 0 && fz_chance(r, 3, 4)) {
		fz_call_dbuf_alloc(t, r);
		return;
	}
	off = bar0 ? bar0_request(r, &len) : buf_request(t, r, &len);
	/* (any offset: a BAR0 request has no slot to keep a buffer's mapping) */
	if (fz_chance(r, 1, 30))
		off += 1 + fz_below(r, FZ_PAGE - 1);
	else if (!bar0 && fz_chance(r, 1, 40))
		off = fz_rand(r) & ~(FZ_PAGE - 1);
	flags = fz_chance(r, 1, 10) ? MAP_PRIVATE : types[fz_below(r, 3)];
	/* BAR0: as many read-only requests (the ones that map) as writable */
	if (bar0 || !fz_chance(r, 3, 4))
		prot = prots[fz_below(r, 4)];
	else
		prot = prots[0];
	may = mmap_expect(t, off, len, flags, prot, &e, &i);

	if (is_bar0(off))
		fz_begin(t, "mmap len=%#llx prot=%s flags=%#x off=%#llx (BAR0)",
			 (unsigned long long)len, prot_name(prot), flags,
			 (unsigned long long)off);
	else
		fz_begin(t, "mmap len=%#llx prot=%s flags=%#x off=%#llx (handle %llu page %llu)",
			 (unsigned long long)len, prot_name(prot), flags,
			 (unsigned long long)off, (unsigned long long)(off >> 32),
			 (unsigned long long)((off & 0xffffffffULL) / FZ_PAGE));
	p = mmap(NULL, len, prot, flags, t->fd, (off_t)off);
	ret = p == MAP_FAILED ? -errno : 0;
	fz_end(t, ret);
	fz_record(t, FZ_MMAP, ret);
	fz_expect_check(t, FZ_MMAP, ret, &e);
	if (ret)
		return;
	if (!may) {
		/* mapped what should not be: do not look, let go */
		do_munmap(t, p, len, "mapped against the driver's rules");
		return;
	}
	if (is_bar0(off)) {
		/* touch() checks buffer stamps: BAR0 is read here, and not kept */
		bar0_read(t, p, off, page_align(len) / FZ_PAGE, prot);
		do_munmap(t, p, page_align(len), "BAR0, at once");
		return;
	}
	d->maps[mi].addr = p;
	d->maps[mi].pages = page_align(len) / FZ_PAGE;
	d->maps[mi].first = (off & 0xffffffffULL) / FZ_PAGE;
	d->maps[mi].prot = prot;
	d->maps[mi].buf = i;
	d->bufs[i].maps++;
	touch(t, mi, true);
	/* most stay, across resets and reopens, for a later munmap */
	if (fz_chance(r, 1, 4) && !do_munmap(t, p, page_align(len), "at once"))
		map_gone(t, mi);
}

/*
 * Touch a kept mapping, then unmap it: all of it, its head or tail, or a
 * hole in its middle (two mappings remain: the driver's vma open runs).
 */
void fz_call_munmap(struct fz_thread *t, struct fz_rng *r)
{
	struct fz_dbufs *d = t->dbufs;
	struct fz_map *m;
	int mi, n = 0, k, hole;
	uint64_t cut, at;
	char what[128];

	for (mi = 0; mi < FZ_MAPS; mi++)
		n += !!d->maps[mi].addr;
	if (!n) {
		fz_call_mmap(t, r);
		return;
	}
	k = fz_below(r, n);
	for (mi = 0; mi < FZ_MAPS; mi++)
		if (d->maps[mi].addr && !k--)
			break;
	m = &d->maps[mi];
	touch(t, mi, fz_chance(r, 1, 2));
	snprintf(what, sizeof(what), "handle %u, buffer pages %llu-%llu",
		 d->bufs[m->buf].handle, (unsigned long long)m->first,
		 (unsigned long long)(m->first + m->pages - 1));
	hole = free_map_slot(d);
	switch (m->pages < 2 ? 0 : fz_below(r, m->pages < 3 || hole < 0 ? 4 : 5)) {
	case 2:
		cut = 1 + fz_below(r, m->pages - 1);
		if (do_munmap(t, m->addr, cut * FZ_PAGE, what))
			return;
		m->addr += cut * FZ_PAGE;
		m->first += cut;
		m->pages -= cut;
		return;
	case 3:
		cut = 1 + fz_below(r, m->pages - 1);
		if (!do_munmap(t, m->addr + (m->pages - cut) * FZ_PAGE, cut * FZ_PAGE, what))
			m->pages -= cut;
		return;
	case 4:
		at = 1 + fz_below(r, m->pages - 2);
		cut = 1 + fz_below(r, m->pages - at - 1);
		if (do_munmap(t, m->addr + at * FZ_PAGE, cut * FZ_PAGE, what))
			return;
		d->maps[hole] = *m;
		d->maps[hole].addr = m->addr + (at + cut) * FZ_PAGE;
		d->maps[hole].first = m->first + at + cut;
		d->maps[hole].pages = m->pages - at - cut;
		d->bufs[m->buf].maps++;
		m->pages = at;
		atomic_fetch_add(&fz_maps_split, 1);
		return;
	default:
		if (!do_munmap(t, m->addr, m->pages * FZ_PAGE, what))
			map_gone(t, mi);
		return;
	}
}

/*
 * The end of the run, after the thread's file was closed: unmap what is
 * left (the last munmap of each file releases it, queues, eventfds and
 * handles with it).
 */
void fz_dbuf_teardown(struct fz_thread *t)
{
	struct fz_dbufs *d = t->dbufs;
	int mi;

	if (!d)
		return;
	fz_dbuf_reopened(t);
	for (mi = 0; mi < FZ_MAPS; mi++) {
		if (!d->maps[mi].addr)
			continue;
		touch(t, mi, false);
		if (!do_munmap(t, d->maps[mi].addr, d->maps[mi].pages * FZ_PAGE,
			       "the end of the run"))
			map_gone(t, mi);
	}
	free(d);
	t->dbufs = NULL;
}
