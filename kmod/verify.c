// SPDX-License-Identifier: GPL-2.0-only
/*
 * verify.c: per-LBA data verification (the CRC map, NVMETEST_IOC_VERIFY_*).
 *
 * Per namespace (struct nvmt_vns, created by the first VERIFY_CONFIG that
 * names it): a sparse map of one u32 per LBA, in chunks of
 * NVMT_VCHUNK_LBAS entries allocated with kvzalloc() on the first write
 * into them (an xarray indexed by chunk), a memory cap, counters, and a
 * ring of the last verified writes.
 *
 * A map belongs to the namespace, not to a binding: every map is in the
 * module's registry (@nvmt_vreg), keyed by what identifies the namespace
 * (struct nvmt_vkey: the drive's SN, MN and SUBNQN, the NSID, NGUID and
 * EUI64). A controller holds a use of the maps of its namespaces
 * (ctrl->verify_ns); at remove it lets them go, and a map that is on
 * stays parked in the registry until a controller reporting the same
 * identity scans that namespace (the next probe of the same drive: a
 * rebind, a power cycle, a hot plug) and adopts it, with its state, cap
 * and counters. Controllers of one subsystem that share a namespace share
 * its map. A map is emptied when its namespace's geometry (LBA size,
 * metadata, size) differs at a scan, and struct nvmt_vns itself is freed
 * only with the module, so that a command in flight never outlives it.
 *
 * A command with verification on carries a struct nvmt_vio from
 * submission to completion: nvmt_verify_prepare() parses it and takes its
 * LBA range (exclusive for writes, zeroes, uncorrectable and deallocate,
 * shared for reads) so that overlapping commands are ordered and a read
 * never checks an LBA whose write is in flight; nvmt_verify_stamp() stamps
 * the data of a Write; nvmt_verify_complete() updates the map or checks
 * the read, in process or task context, and releases the range.
 *
 * Locking: @nvmt_vreg_mutex the registry and every map's @users (inside
 * ctrl->state_mutex); @map_sem (read) covers every map access, (write)
 * freeing the chunks; @lock (spinlock) the counters, the entries, the
 * writer ring and the range list.
 */
#include <linux/crc32c.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "nvmetest.h"
#include "verify.h"

/* Copy (NVM command set 2.0): not in 6.1's <linux/nvme.h>. */
#define NVMT_CMD_COPY	0x19

#define NVMT_VCHUNK_SHIFT	16
#define NVMT_VCHUNK_LBAS	(1U << NVMT_VCHUNK_SHIFT)
#define NVMT_VCHUNK_BYTES	(NVMT_VCHUNK_LBAS * sizeof(u32))
#define NVMT_VWRITERS		64
#define NVMT_VREPORT_MAX	16
#define NVMT_VDUMP_MAX		65536


struct nvmt_vwriter {
	u64 token;
	u64 seq;
	u64 slba;
	u32 nlb;
	u16 qid;
};

/* What identifies a namespace across bindings; compared with memcmp(). */
struct nvmt_vkey {
	struct nvmt_ctrl_uid ctrl;
	struct nvmt_ns_uid ns;
	u32 nsid;
};

struct nvmt_vns {
	struct list_head reg_node;	/* on nvmt_vreg */
	struct nvmt_vkey key;
	unsigned int users;	/* controllers holding it; nvmt_vreg_mutex */
	u32 adoptions;		/* times a new binding took it over */
	u32 nsid;
	struct rw_semaphore map_sem;
	spinlock_t lock;
	bool on;
	bool stale;		/* turned off: the map is cleared at the next on */
	bool capped;
	u32 lba_size;
	u32 unit;		/* bytes per LBA in the data buffer */
	u64 nsze;
	u64 mem_cap;
	u64 mem_used;
	u64 chunks;
	u64 lbas_written;
	u64 lbas_verified;
	u64 lbas_untracked;
	u64 failures;
	u64 cut_old;		/* reads that found a write's old data */
	u64 cut_new;		/* ... its new data */
	struct xarray map;	/* chunk index -> u32[NVMT_VCHUNK_LBAS] */
	/*
	 * LBA -> xa_mk_value(old entry): the LBAs of writes that did not
	 * complete, which may hold the old or the new data (the map has the
	 * new one) until a read tells which, or they are written again.
	 */
	struct xarray alt;
	/*
	 * LBA -> xa_mk_value(durable entry | epoch << 32): the LBAs of
	 * writes that completed behind a volatile write cache and that no
	 * Flush has made durable yet (the epoch is the one they completed
	 * in). A power loss may take such an LBA back to its durable entry
	 * (UNKNOWN when that is not one entry: an older write waiting too, or
	 * two candidates); nvmt_vvol_cut() makes it an LBA with two
	 * candidates.
	 */
	struct xarray vol;
	u64 vol_nr;		/* entries in @vol */
	u64 flushes;
	bool vol_lost;		/* an entry of @vol could not be recorded ... */
	u32 vol_lost_epoch;	/* ... by a write of this epoch, or earlier */
	/*
	 * Power losses seen (nvmt_vvol_cut()); a write prepared before one
	 * and completing after it was in the cache at the cut.
	 */
	u32 cut_gen;
	struct nvmt_vwriter writers[NVMT_VWRITERS];
	u32 wr_next;
	struct list_head ranges;	/* struct nvmt_vio.node */
	wait_queue_head_t range_wait;
};

static void nvmt_vvol_cut(struct nvmt_vns *v);

static DEFINE_MUTEX(nvmt_vreg_mutex);
static LIST_HEAD(nvmt_vreg);

/*
 * Write tokens: unique in the module and, seeded from the real-time clock
 * at load, across reloads too, so that a write can never repeat the
 * stamp (and so the CRC) of an older one at the same LBA, whose loss the
 * map must be able to see.
 */
static atomic64_t nvmt_vtoken;

/*
 * Durability epochs: each Flush closes one, and a write that completed in
 * an epoch it closed is durable once the Flush succeeds. 30 bits, compared
 * modulo (an entry older than 2^29 Flushes is long gone).
 */
#define NVMT_VEPOCH_BITS	30
#define NVMT_VEPOCH_MASK	((1U << NVMT_VEPOCH_BITS) - 1)
static atomic_t nvmt_vepoch;
/*
 * What an entry of struct nvmt_vns.vol is taken to cost, against the cap:
 * 8 bytes when dense, a whole xarray node (576) when alone; 64 bounds
 * random small writes at about 8 times the map's own cap at worst.
 */
#define NVMT_VVOL_COST		64

void nvmt_verify_module_init(void)
{
	/* LBAs index xarrays, and an xa_mk_value() holds a whole u32 */
	BUILD_BUG_ON(BITS_PER_LONG < 64);
	atomic64_set(&nvmt_vtoken, ktime_get_real_ns());
}

void nvmt_verify_init(struct nvmt_ctrl *ctrl)
{
	xa_init(&ctrl->verify_ns);
	spin_lock_init(&ctrl->vfail_lock);
	/* Until Identify says otherwise, writes may sit in a volatile cache. */
	ctrl->vwc = true;
}

/* Every entry goes; the counters stay. map_sem write held (or no user). */
static void nvmt_vmap_empty_locked(struct nvmt_vns *v)
{
	unsigned long idx;
	u32 *chunk;

	xa_for_each(&v->map, idx, chunk) {
		xa_erase(&v->map, idx);
		kvfree(chunk);
	}
	xa_destroy(&v->alt);
	xa_destroy(&v->vol);
	spin_lock(&v->lock);
	v->vol_nr = 0;
	v->vol_lost = false;
	v->mem_used = 0;
	v->chunks = 0;
	v->capped = false;
	spin_unlock(&v->lock);
}

static void nvmt_vmap_free_locked(struct nvmt_vns *v)
{
	nvmt_vmap_empty_locked(v);
	spin_lock(&v->lock);
	v->flushes = 0;
	v->lbas_written = 0;
	v->lbas_verified = 0;
	v->lbas_untracked = 0;
	v->failures = 0;
	v->cut_old = 0;
	v->cut_new = 0;
	memset(v->writers, 0, sizeof(v->writers));
	spin_unlock(&v->lock);
}

static void nvmt_vmap_clear(struct nvmt_vns *v)
{
	down_write(&v->map_sem);
	nvmt_vmap_free_locked(v);
	up_write(&v->map_sem);
}

/* At module unload: no controller is left. */
void nvmt_verify_module_exit(void)
{
	struct nvmt_vns *v, *n;

	list_for_each_entry_safe(v, n, &nvmt_vreg, reg_node) {
		WARN_ON_ONCE(v->users || !list_empty(&v->ranges));
		list_del(&v->reg_node);
		nvmt_vmap_free_locked(v);
		xa_destroy(&v->map);
		kfree(v);
	}
}

static void nvmt_vkey_make(struct nvmt_ctrl *ctrl, u32 i, struct nvmt_vkey *k)
{
	memset(k, 0, sizeof(*k));
	k->ctrl = ctrl->uid;
	k->ns = ctrl->ns_uid[i];
	k->nsid = ctrl->ns[i].nsid;
}

static bool nvmt_vns_fits(const struct nvmt_vns *v,
			  const struct nvmetest_ns_info *ns)
{
	return ns->lba_size == v->lba_size && ns->nsze == v->nsze &&
	       nvmt_ns_unit(ns) == v->unit;
}

/* The namespace was (re)identified as @ns: map_sem write or a new map. */
static void nvmt_vns_geometry(struct nvmt_vns *v,
			      const struct nvmetest_ns_info *ns)
{
	spin_lock(&v->lock);
	v->lba_size = ns->lba_size;
	v->unit = nvmt_ns_unit(ns);
	v->nsze = ns->nsze;
	spin_unlock(&v->lock);
}

/*
 * The namespace of @v was identified as @ns: a map of another geometry (a
 * Format, perhaps while no controller held it) is emptied for the new one.
 */
static void nvmt_vns_refit(struct nvmt_vns *v, const struct nvmetest_ns_info *ns)
{
	if (!nvmt_vns_fits(v, ns)) {
		down_write(&v->map_sem);
		nvmt_vmap_free_locked(v);
		nvmt_vns_geometry(v, ns);
		up_write(&v->map_sem);
	}
}

/* Take a use of @v for @ctrl's namespace @ns; nvmt_vreg_mutex held. */
static int nvmt_vns_attach(struct nvmt_ctrl *ctrl, struct nvmt_vns *v,
			   const struct nvmetest_ns_info *ns)
{
	int ret = xa_err(xa_store(&ctrl->verify_ns, ns->nsid, v, GFP_KERNEL));

	if (ret)
		return ret;
	nvmt_vns_refit(v, ns);
	v->users++;
	return 0;
}

/*
 * Let go of @ctrl's use of @v (erased from ctrl->verify_ns by the caller);
 * nvmt_vreg_mutex held. The last use of a map that is off empties it: its
 * entries could not be trusted when it is next turned on.
 */
static void nvmt_vns_detach(struct nvmt_ctrl *ctrl, struct nvmt_vns *v)
{
	u64 written, used;

	if (--v->users)
		return;
	if (!READ_ONCE(v->on)) {
		nvmt_vmap_clear(v);
		return;
	}
	/* The power may go now: writes not yet flushed may be lost. */
	down_write(&v->map_sem);
	nvmt_vvol_cut(v);
	up_write(&v->map_sem);
	/* The writers' command log sequences were this binding's. */
	spin_lock(&v->lock);
	memset(v->writers, 0, sizeof(v->writers));
	v->wr_next = 0;
	written = v->lbas_written;
	used = v->mem_used;
	spin_unlock(&v->lock);
	dev_info(&ctrl->dev, "namespace %u: verification map kept for the next binding (%llu LBAs recorded, %llu bytes)\n",
		 v->nsid, written, used);
}

static struct nvmt_vns *nvmt_vreg_find(const struct nvmt_vkey *k)
{
	struct nvmt_vns *v;

	lockdep_assert_held(&nvmt_vreg_mutex);
	list_for_each_entry(v, &nvmt_vreg, reg_node)
		if (!memcmp(&v->key, k, sizeof(*k)))
			return v;
	return NULL;
}

/* At remove, and at the controller's release (then nothing is left). */
void nvmt_verify_free(struct nvmt_ctrl *ctrl)
{
	struct nvmt_vns *v;
	unsigned long idx;

	mutex_lock(&nvmt_vreg_mutex);
	xa_for_each(&ctrl->verify_ns, idx, v) {
		xa_erase(&ctrl->verify_ns, idx);
		nvmt_vns_detach(ctrl, v);
	}
	mutex_unlock(&nvmt_vreg_mutex);
	xa_destroy(&ctrl->verify_ns);
}

/* The map of @ctrl's namespace @i, created (off) if there is none; state_mutex held. */
static struct nvmt_vns *nvmt_vns_get(struct nvmt_ctrl *ctrl, u32 i)
{
	const struct nvmetest_ns_info *ns = &ctrl->ns[i];
	struct nvmt_vns *v = xa_load(&ctrl->verify_ns, ns->nsid);
	struct nvmt_vkey k;
	int ret;

	if (v)
		return v;
	nvmt_vkey_make(ctrl, i, &k);
	mutex_lock(&nvmt_vreg_mutex);
	v = nvmt_vreg_find(&k);
	if (!v) {
		v = kzalloc(sizeof(*v), GFP_KERNEL);
		if (!v) {
			v = ERR_PTR(-ENOMEM);
			goto out;
		}
		v->key = k;
		v->nsid = ns->nsid;
		init_rwsem(&v->map_sem);
		spin_lock_init(&v->lock);
		xa_init(&v->map);
		xa_init(&v->alt);
		xa_init(&v->vol);
		INIT_LIST_HEAD(&v->ranges);
		init_waitqueue_head(&v->range_wait);
		nvmt_vns_geometry(v, ns);
		list_add_tail(&v->reg_node, &nvmt_vreg);
	}
	ret = nvmt_vns_attach(ctrl, v, ns);
	if (ret)
		v = ERR_PTR(ret);
out:
	mutex_unlock(&nvmt_vreg_mutex);
	return v;
}

/**
 * nvmt_verify_rescan - the namespace list was identified again
 * @ctrl:	state_mutex held
 *
 * A map whose namespace went away or changed identity is let go (and
 * stays parked if it is on); one whose geometry changed (LBA size,
 * metadata, size) is emptied. A namespace without a map adopts the parked
 * map of the same identity, if there is one: its verification goes on
 * where the last binding left it.
 */
void nvmt_verify_rescan(struct nvmt_ctrl *ctrl)
{
	const struct nvmetest_ns_info *ns;
	struct nvmt_vkey k;
	struct nvmt_vns *v;
	unsigned long idx;
	u32 i;

	lockdep_assert_held(&ctrl->state_mutex);
	mutex_lock(&nvmt_vreg_mutex);
	xa_for_each(&ctrl->verify_ns, idx, v) {
		ns = NULL;
		for (i = 0; i < ctrl->nr_ns; i++) {
			if (ctrl->ns[i].nsid != v->nsid)
				continue;
			nvmt_vkey_make(ctrl, i, &k);
			if (!memcmp(&k, &v->key, sizeof(k)))
				ns = &ctrl->ns[i];
			break;
		}
		if (!ns) {
			xa_erase(&ctrl->verify_ns, idx);
			nvmt_vns_detach(ctrl, v);
			continue;
		}
		nvmt_vns_refit(v, ns);
	}
	for (i = 0; i < ctrl->nr_ns; i++) {
		if (!ctrl->ns[i].lba_size ||
		    xa_load(&ctrl->verify_ns, ctrl->ns[i].nsid))
			continue;
		nvmt_vkey_make(ctrl, i, &k);
		v = nvmt_vreg_find(&k);
		/* Only a map that is on is worth taking over. */
		if (!v || !READ_ONCE(v->on) || nvmt_vns_attach(ctrl, v, &ctrl->ns[i]))
			continue;
		if (v->users == 1) {
			v->adoptions++;
			dev_info(&ctrl->dev, "namespace %u: verification goes on with the map of the last binding\n",
				 v->nsid);
		}
	}
	mutex_unlock(&nvmt_vreg_mutex);
}

/* ---- the data buffer of a request ---- */

/* Copy @len bytes at @off of the buffer to (@to_buf false) or from @p. */
static void nvmt_vbuf_copy(const struct nvmt_vbuf *b, u64 off, void *p,
			   u32 len, bool to_buf)
{
	u8 *c = p;

	if (b->bounce) {
		if (to_buf)
			memcpy(b->bounce + off, c, len);
		else
			memcpy(c, b->bounce + off, len);
		return;
	}
	off += b->offset;
	while (len) {
		struct page *pg = b->pages[off >> PAGE_SHIFT];
		u32 po = off & ~PAGE_MASK;
		u32 n = min_t(u32, len, PAGE_SIZE - po);
		u8 *va = kmap_local_page(pg);

		if (to_buf)
			memcpy(va + po, c, n);
		else
			memcpy(c, va + po, n);
		kunmap_local(va);
		off += n;
		c += n;
		len -= n;
	}
}

static u32 nvmt_vcrc(const void *buf, u32 len)
{
	BUILD_BUG_ON(NVMETEST_CRC_REMAP != 3 ||
		     NVMETEST_CRC_UNCORRECTABLE != 2);
	/* The kernel's crc32c() (libcrc32c: the CPU's CRC32 instruction
	 * where there is one) takes and returns the raw register. */
	u32 crc = ~crc32c(~0U, buf, len);

	return crc < NVMETEST_CRC_REMAP ? crc + NVMETEST_CRC_REMAP : crc;
}

/* ---- the map ---- */

/* The serial number without its padding, for messages. */
static int nvmt_vsn_len(const struct nvmt_vns *v)
{
	int n = sizeof(v->key.ctrl.sn);

	while (n && (v->key.ctrl.sn[n - 1] == ' ' || !v->key.ctrl.sn[n - 1]))
		n--;
	return n;
}

static u32 *nvmt_vchunk(struct nvmt_vns *v, u64 lba)
{
	return xa_load(&v->map, lba >> NVMT_VCHUNK_SHIFT);
}

/* map_sem read held; may sleep. NULL when capped or out of memory. */
static u32 *nvmt_vchunk_alloc(struct nvmt_vns *v, u64 lba)
{
	unsigned long idx = lba >> NVMT_VCHUNK_SHIFT;
	u32 *chunk = xa_load(&v->map, idx), *old;

	if (chunk)
		return chunk;
	spin_lock(&v->lock);
	if (v->mem_used + NVMT_VCHUNK_BYTES > v->mem_cap) {
		if (!v->capped)
			pr_notice("nvmetest: namespace %u of SN %.*s: verification map reached its cap of %llu bytes; further LBAs are not tracked\n",
				  v->nsid, nvmt_vsn_len(v), v->key.ctrl.sn,
				  v->mem_cap);
		v->capped = true;
	}
	spin_unlock(&v->lock);
	if (v->capped)
		return NULL;
	chunk = kvzalloc(NVMT_VCHUNK_BYTES, GFP_KERNEL);
	if (!chunk)
		return NULL;
	old = xa_cmpxchg(&v->map, idx, NULL, chunk, GFP_KERNEL);
	if (old || xa_is_err(old)) {
		kvfree(chunk);
		return xa_is_err(old) ? NULL : old;
	}
	spin_lock(&v->lock);
	v->mem_used += NVMT_VCHUNK_BYTES;
	v->chunks++;
	spin_unlock(&v->lock);
	return chunk;
}

/* The LBAs are written again: their second candidates go; map_sem read held. */
static void nvmt_valt_drop(struct nvmt_vns *v, u64 slba, u64 nlb)
{
	unsigned long idx;
	void *e;

	if (!nlb || xa_empty(&v->alt))
		return;
	xa_for_each_range(&v->alt, idx, e, slba, slba + nlb - 1)
		xa_erase(&v->alt, idx);
}

/* Whether an LBA of [@slba, @slba + @nlb) has a second candidate. */
static bool nvmt_valt_in(struct nvmt_vns *v, u64 slba, u64 nlb)
{
	unsigned long idx = slba;

	return !xa_empty(&v->alt) &&
	       xa_find(&v->alt, &idx, slba + nlb - 1, XA_PRESENT);
}

/*
 * Set LBAs [@slba, @slba + @nlb) to @val (UNKNOWN, ZEROES or
 * UNCORRECTABLE); map_sem read held.
 */
static void nvmt_vmap_set(struct nvmt_vns *v, u64 slba, u64 nlb, u32 val)
{
	u64 lba, end = slba + nlb, untracked = 0;
	u32 *chunk;

	nvmt_valt_drop(v, slba, nlb);
	for (lba = slba; lba < end; lba++) {
		chunk = val == NVMETEST_CRC_UNKNOWN ? nvmt_vchunk(v, lba) :
						      nvmt_vchunk_alloc(v, lba);
		if (!chunk) {
			if (val != NVMETEST_CRC_UNKNOWN)
				untracked++;
			continue;
		}
		WRITE_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)], val);
	}
	spin_lock(&v->lock);
	v->lbas_untracked += untracked;
	if (val != NVMETEST_CRC_UNKNOWN)
		v->lbas_written += nlb - untracked;
	spin_unlock(&v->lock);
}

static u32 nvmt_vmap_get(struct nvmt_vns *v, u64 lba)
{
	u32 *chunk = nvmt_vchunk(v, lba);

	return chunk ? READ_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)]) :
		       NVMETEST_CRC_UNKNOWN;
}

/* ---- durability: writes behind a volatile write cache ---- */

static unsigned long nvmt_vvol_val(u32 old, u32 epoch)
{
	return (unsigned long)old |
	       (unsigned long)(epoch & NVMT_VEPOCH_MASK) << 32;
}

/* Whether epoch @ep came after epoch @closed. */
static bool nvmt_vepoch_after(u32 ep, u32 closed)
{
	u32 d = (ep - closed) & NVMT_VEPOCH_MASK;

	return d && d < (1U << (NVMT_VEPOCH_BITS - 1));
}

/* One entry of @vol went; v->lock held. */
static void nvmt_vvol_gone(struct nvmt_vns *v)
{
	if (!WARN_ON_ONCE(!v->vol_nr))
		v->vol_nr--;
}

/* LBAs @first..@last are durable, or unknown anyway; map_sem held. */
static void nvmt_vvol_drop(struct nvmt_vns *v, u64 first, u64 last)
{
	unsigned long idx;
	void *e;

	if (xa_empty(&v->vol))
		return;
	xa_for_each_range(&v->vol, idx, e, first, last) {
		if (!xa_erase(&v->vol, idx))
			continue;
		spin_lock(&v->lock);
		nvmt_vvol_gone(v);
		spin_unlock(&v->lock);
	}
}

/*
 * LBA @lba gets @old as its second candidate; if that cannot be stored,
 * the LBA becomes UNKNOWN. map_sem held (read, with the range; or write).
 */
static void nvmt_valt_set(struct nvmt_vns *v, u64 lba, u32 old)
{
	u32 *chunk;

	if (!xa_is_err(xa_store(&v->alt, lba, xa_mk_value(old), GFP_KERNEL)))
		return;
	xa_erase(&v->alt, lba);
	chunk = nvmt_vchunk(v, lba);
	if (chunk)
		WRITE_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)],
			   NVMETEST_CRC_UNKNOWN);
}

/*
 * A write crossed a power loss (prepared before nvmt_vvol_cut(), ended
 * after it) and its data was in the volatile cache at the cut: each LBA
 * may hold the new data or the entry before the write (the map's now,
 * which was durable then unless the LBA has a candidate already: UNKNOWN).
 * @alt gets it; an entry that cannot be stored makes the LBA UNKNOWN.
 */
static void nvmt_vvol_crossed(struct nvmt_vns *v, struct nvmt_vio *io)
{
	u64 lba, end = io->slba + io->nlb;

	for (lba = io->slba; lba < end; lba++)
		nvmt_valt_set(v, lba, xa_load(&v->alt, lba) ?
				      NVMETEST_CRC_UNKNOWN :
				      nvmt_vmap_get(v, lba));
}

/*
 * A write (Write, Write Zeroes, Write Uncorrectable, Deallocate) of the
 * LBAs of @io ended; called before the map takes the new entries.
 * @known: the map will hold a known entry for them (else UNKNOWN: nothing
 * to keep); @ok: the device completed it successfully (else it may have
 * written some of it: the map keeps two candidates, nvmt_vmap_either()).
 *
 * Behind a volatile write cache a write is durable only once a Flush
 * that closes its epoch succeeds: until then each LBA's durable entry is
 * kept in @vol (the map's entry now, or UNKNOWN when the LBA waits for a
 * Flush already or has two candidates: the media may then hold any of
 * several). That holds for a write that failed too: whatever it wrote may
 * sit in the cache. A successful write with FUA, or without a volatile
 * cache, is durable. A write that crossed a power loss goes to
 * nvmt_vvol_crossed() instead. map_sem read held, the range held.
 *
 * Return: true when the write crossed a power loss (@alt has the LBAs'
 * old entries: the caller must keep them).
 */
static bool nvmt_vvol_written(struct nvmt_vns *v, struct nvmt_vio *io,
			      bool known, bool ok)
{
	bool cache = READ_ONCE(io->ctrl->vwc) && !READ_ONCE(io->ctrl->wce_off);
	u64 lba, end = io->slba + io->nlb;
	bool lost = false;
	u32 epoch, old;
	void *e, *prev;

	if (!known || (ok && (io->fua || !cache))) {
		nvmt_vvol_drop(v, io->slba, end - 1);
		return false;
	}
	if (!cache)
		return false;	/* failed: earlier entries stay, for the cut */
	if (io->cut_gen != READ_ONCE(v->cut_gen)) {
		if (!ok)
			return false;	/* nvmt_vmap_either() keeps both */
		nvmt_vvol_crossed(v, io);
		return true;
	}
	epoch = atomic_read(&nvmt_vepoch);
	for (lba = io->slba; lba < end && !lost; lba++) {
		e = xa_load(&v->vol, lba);
		if (!e) {
			spin_lock(&v->lock);
			lost = v->vol_nr >= v->mem_cap / NVMT_VVOL_COST;
			spin_unlock(&v->lock);
			if (lost)
				break;
		}
		old = e || xa_load(&v->alt, lba) ? NVMETEST_CRC_UNKNOWN :
						   nvmt_vmap_get(v, lba);
		prev = xa_store(&v->vol, lba,
				xa_mk_value(nvmt_vvol_val(old, epoch)),
				GFP_KERNEL);
		if (xa_is_err(prev)) {
			lost = true;
		} else if (!prev) {
			spin_lock(&v->lock);
			v->vol_nr++;
			spin_unlock(&v->lock);
		}
	}
	if (!lost)
		return false;
	spin_lock(&v->lock);
	if (!v->vol_lost)
		pr_notice("nvmetest: namespace %u of SN %.*s: too many writes wait for a Flush to be recorded; unless a Flush comes first, the map is emptied at the next power loss\n",
			  v->nsid, nvmt_vsn_len(v), v->key.ctrl.sn);
	v->vol_lost = true;
	v->vol_lost_epoch = epoch;
	spin_unlock(&v->lock);
	return false;
}

/*
 * A Flush that closed epoch @closed succeeded: each entry of that epoch or
 * earlier goes (a scan of @vol: what a Flush costs is proportional to the
 * writes waiting for it).
 */
static void nvmt_vvol_flushed(struct nvmt_vns *v, u32 closed)
{
	unsigned long idx;
	void *e;

	down_read(&v->map_sem);
	if (!READ_ONCE(v->on))
		goto out;
	xa_for_each(&v->vol, idx, e) {
		if (nvmt_vepoch_after(xa_to_value(e) >> 32, closed))
			continue;
		/* (a write completing meanwhile replaces it: kept) */
		if (xa_cmpxchg(&v->vol, idx, e, NULL, 0) != e)
			continue;
		spin_lock(&v->lock);
		nvmt_vvol_gone(v);
		spin_unlock(&v->lock);
	}
	spin_lock(&v->lock);
	v->flushes++;
	/* what could not be recorded is durable now too */
	if (v->vol_lost && !nvmt_vepoch_after(v->vol_lost_epoch, closed))
		v->vol_lost = false;
	spin_unlock(&v->lock);
out:
	up_read(&v->map_sem);
}

/*
 * The power may have gone: each LBA that waited for a Flush may hold its
 * durable data or its newest; @alt gets the durable entry, and the next
 * read decides, as for a write that did not complete. An LBA that has two
 * candidates already (a write that failed) keeps them when its old one is
 * the durable entry, else gets UNKNOWN as the second. map_sem write held.
 */
static void nvmt_vvol_cut(struct nvmt_vns *v)
{
	u32 old, cur;
	unsigned long idx;
	void *e, *a;

	xa_for_each(&v->vol, idx, e) {
		old = xa_to_value(e) & U32_MAX;
		cur = nvmt_vmap_get(v, idx);
		a = xa_load(&v->alt, idx);
		xa_erase(&v->vol, idx);
		if (a) {
			/*
			 * Two candidates already (a write that failed): the
			 * same durable one stays; another makes three.
			 */
			if (xa_to_value(a) != old)
				nvmt_valt_set(v, idx, NVMETEST_CRC_UNKNOWN);
			continue;
		}
		if (cur != NVMETEST_CRC_UNKNOWN && old != cur)
			nvmt_valt_set(v, idx, old);
	}
	if (v->vol_lost) {
		pr_notice("nvmetest: namespace %u of SN %.*s: writes that waited for a Flush were not all recorded: the map is emptied\n",
			  v->nsid, nvmt_vsn_len(v), v->key.ctrl.sn);
		nvmt_vmap_empty_locked(v);
	}
	spin_lock(&v->lock);
	v->vol_nr = 0;
	v->vol_lost = false;
	WRITE_ONCE(v->cut_gen, v->cut_gen + 1);
	spin_unlock(&v->lock);
}

/**
 * nvmt_verify_cut - the drive may have lost power (an NVM Subsystem Reset)
 * @ctrl:	the controller, state_mutex held
 *
 * Writes that waited for a Flush become LBAs with two candidates, in every
 * map of the subsystem (@ctrl's, and those of namespaces only other
 * controllers of it use: the same SUBNQN). Parking a map (the last
 * controller using it goes) does the same for that map.
 */
void nvmt_verify_cut(struct nvmt_ctrl *ctrl)
{
	static const u8 none[sizeof(ctrl->uid.subnqn)];
	struct nvmt_vns *v;
	bool same;

	mutex_lock(&nvmt_vreg_mutex);
	list_for_each_entry(v, &nvmt_vreg, reg_node) {
		same = memcmp(v->key.ctrl.subnqn, none, sizeof(none)) &&
		       !memcmp(v->key.ctrl.subnqn, ctrl->uid.subnqn,
			       sizeof(none));
		if (!same && xa_load(&ctrl->verify_ns, v->nsid) != v)
			continue;
		down_write(&v->map_sem);
		if (READ_ONCE(v->on))
			nvmt_vvol_cut(v);
		up_write(&v->map_sem);
	}
	mutex_unlock(&nvmt_vreg_mutex);
}

/**
 * nvmt_verify_durable - a normal shutdown completed: the cache is on media
 * @ctrl:	the controller
 */
void nvmt_verify_durable(struct nvmt_ctrl *ctrl)
{
	struct nvmt_vns *v;
	unsigned long idx;

	xa_for_each(&ctrl->verify_ns, idx, v) {
		down_read(&v->map_sem);
		nvmt_vvol_drop(v, 0, ULONG_MAX);
		spin_lock(&v->lock);
		v->vol_lost = false;
		spin_unlock(&v->lock);
		up_read(&v->map_sem);
	}
}

/* A Flush: it closes the current epoch; no range is held. */
static void nvmt_vflush_prepare(struct nvmt_ctrl *ctrl, struct nvmt_vio *io,
				u32 nsid)
{
	struct nvmt_vns *v = NULL, *x;
	unsigned long idx;

	if (nsid == NVME_NSID_ALL) {
		xa_for_each(&ctrl->verify_ns, idx, x)
			if (READ_ONCE(x->on)) {
				v = x;
				break;
			}
	} else {
		v = xa_load(&ctrl->verify_ns, nsid);
	}
	if (!v || !READ_ONCE(v->on))
		return;
	io->vns = v;
	io->ctrl = ctrl;
	io->opcode = nvme_cmd_flush;
	io->flush = true;
	io->flush_all = nsid == NVME_NSID_ALL;
	io->epoch = (u32)atomic_inc_return(&nvmt_vepoch) - 1;
}

static void nvmt_vflush_done(struct nvmt_vio *io)
{
	struct nvmt_vns *v;
	unsigned long idx;

	if (!io->flush_all) {
		nvmt_vvol_flushed(io->vns, io->epoch);
		return;
	}
	xa_for_each(&io->ctrl->verify_ns, idx, v)
		nvmt_vvol_flushed(v, io->epoch);
}

/* ---- ranges ---- */

static bool nvmt_vrange_conflict(struct nvmt_vns *v, struct nvmt_vio *io)
{
	struct nvmt_vio *o;

	list_for_each_entry(o, &v->ranges, node)
		if ((io->excl || o->excl) && io->slba < o->slba + o->nlb &&
		    o->slba < io->slba + io->nlb)
			return true;
	return false;
}

static bool nvmt_vrange_try(struct nvmt_vns *v, struct nvmt_vio *io)
{
	bool ok;

	spin_lock(&v->lock);
	/*
	 * A read that decides between two candidates changes the map: it
	 * runs alone on its range (a write that leaves candidates holds the
	 * range until they are stored).
	 */
	if (!io->excl && io->opcode == nvme_cmd_read &&
	    nvmt_valt_in(v, io->slba, io->nlb))
		io->excl = true;
	ok = !nvmt_vrange_conflict(v, io);
	if (ok)
		list_add_tail(&io->node, &v->ranges);
	spin_unlock(&v->lock);
	return ok;
}

static void nvmt_vrange_put(struct nvmt_vio *io)
{
	struct nvmt_vns *v = io->vns;

	spin_lock(&v->lock);
	list_del(&io->node);
	spin_unlock(&v->lock);
	wake_up_all(&v->range_wait);
	io->vns = NULL;
}

/*
 * The LBAs a Copy writes from its destination (SDLBA): the sum of its
 * source ranges' NLB, read from the descriptors (formats 0 and 1: 32 and
 * 40 bytes, NLB at byte 16). *@exact is false when they cannot be read
 * (no buffer, too short, another format): then the most a Copy can
 * write, 256 ranges of 65536 LBAs.
 */
static int nvmt_vcopy_nlb(const struct nvme_command *cmd, u64 udata,
			  const void *kdata, u32 data_len, u64 *nlb,
			  bool *exact)
{
	u32 cdw12 = le32_to_cpu(cmd->common.cdw12);
	u32 nr = (cdw12 & 0xff) + 1, fmt = (cdw12 >> 8) & 0xf, size, i;
	__le16 n;

	*exact = false;
	*nlb = 256ULL * 65536;
	size = fmt == 0 ? 32 : fmt == 1 ? 40 : 0;
	if (!size || (!udata && !kdata) || data_len < nr * size)
		return 0;
	*nlb = 0;
	for (i = 0; i < nr; i++) {
		if (kdata)
			memcpy(&n, kdata + i * size + 16, sizeof(n));
		else if (copy_from_user(&n, u64_to_user_ptr(udata) +
					i * size + 16, sizeof(n)))
			return -EFAULT;
		*nlb += le16_to_cpu(n) + 1;
	}
	*exact = true;
	return 0;
}

/**
 * nvmt_verify_prepare - look at an IO command before its data is mapped
 * @ctrl:	the controller
 * @io:		the request's verification state (zeroed)
 * @cmd:	the SQE
 * @udata:	the user's data buffer (DSM ranges are read from it)
 * @kdata:	or, when not NULL, the kernel's (an IOWorker's DSM ranges)
 * @data_len:	its length
 * @nowait:	return -EAGAIN instead of sleeping for an overlapping command
 *
 * Return: 0 (@io->vns set when the command takes part), -EAGAIN,
 * -ERESTARTSYS, -EFAULT (DSM ranges, Copy descriptors).
 */
int nvmt_verify_prepare(struct nvmt_ctrl *ctrl, struct nvmt_vio *io,
			const struct nvme_command *cmd, u64 udata,
			const void *kdata, u32 data_len, bool nowait)
{
	u32 nsid = le32_to_cpu(cmd->common.nsid);
	u8 op = cmd->common.opcode;
	struct nvmt_vns *v;
	bool exact = true;
	u64 slba;
	u32 nlb;

	switch (op) {
	case nvme_cmd_flush:
		nvmt_vflush_prepare(ctrl, io, nsid);
		return 0;
	case nvme_cmd_write:
	case nvme_cmd_read:
	case nvme_cmd_write_zeroes:
	case nvme_cmd_write_uncor:
	case nvme_cmd_dsm:
	case NVMT_CMD_COPY:
		break;
	default:
		return 0;
	}
	v = xa_load(&ctrl->verify_ns, nsid);
	if (!v || !READ_ONCE(v->on))
		return 0;

	if (op == nvme_cmd_dsm) {
		u32 nr = (le32_to_cpu(cmd->common.cdw10) & 0xff) + 1, i;
		struct nvme_dsm_range r;
		u64 lo = U64_MAX, hi = 0;

		if (!(le32_to_cpu(cmd->common.cdw11) & NVME_DSMGMT_AD))
			return 0;
		if ((!udata && !kdata) || data_len < nr * sizeof(r))
			return 0;
		for (i = 0; i < nr; i++) {
			if (kdata)
				memcpy(&r, kdata + i * sizeof(r), sizeof(r));
			else if (copy_from_user(&r, u64_to_user_ptr(udata) +
						i * sizeof(r), sizeof(r)))
				return -EFAULT;
			if (!le32_to_cpu(r.nlb))
				continue;
			lo = min(lo, le64_to_cpu(r.slba));
			hi = max(hi, le64_to_cpu(r.slba) + le32_to_cpu(r.nlb));
		}
		if (lo >= hi)
			return 0;
		slba = lo;
		nlb = min_t(u64, hi - lo, U32_MAX);
	} else if (op == NVMT_CMD_COPY) {
		u64 total;
		int ret;

		ret = nvmt_vcopy_nlb(cmd, udata, kdata, data_len, &total,
				     &exact);
		if (ret)
			return ret;
		slba = le32_to_cpu(cmd->common.cdw10) |
		       (u64)le32_to_cpu(cmd->common.cdw11) << 32;
		nlb = total;
		io->fua = (le32_to_cpu(cmd->common.cdw12) >> 16) & NVME_RW_FUA;
	} else {
		slba = le32_to_cpu(cmd->common.cdw10) |
		       (u64)le32_to_cpu(cmd->common.cdw11) << 32;
		nlb = (le32_to_cpu(cmd->common.cdw12) & 0xffff) + 1;
		/* (Write Uncorrectable has no FUA: the bit is reserved) */
		io->fua = op != nvme_cmd_write_uncor && op != nvme_cmd_read &&
			  (le32_to_cpu(cmd->common.cdw12) >> 16) & NVME_RW_FUA;
	}
	spin_lock(&v->lock);
	io->unit = v->unit;
	/* A Copy of unknown length: whatever it may write of the namespace. */
	if (!exact && slba < v->nsze)
		nlb = min_t(u64, nlb, v->nsze - slba);
	if (slba >= v->nsze || nlb > v->nsze - slba) {
		spin_unlock(&v->lock);
		return 0;	/* the device rejects it: nothing to record */
	}
	spin_unlock(&v->lock);

	io->vns = v;
	io->ctrl = ctrl;
	io->opcode = op;
	io->slba = slba;
	io->nlb = nlb;
	io->cut_gen = READ_ONCE(v->cut_gen);
	io->excl = op != nvme_cmd_read;
	io->has_data = (op == nvme_cmd_write || op == nvme_cmd_read) &&
		       (u64)nlb * io->unit <= data_len && io->unit >= 16;
	io->stamp = op == nvme_cmd_write && io->has_data;
	if (!nvmt_vrange_try(v, io)) {
		if (nowait) {
			io->vns = NULL;
			return -EAGAIN;
		}
		/*
		 * -ERESTARTSYS: a signal, or task work (e.g. the io_uring
		 * completion of the very command we wait for, queued to this
		 * task) to run first; the ioctl is then restarted.
		 */
		if (wait_event_interruptible(v->range_wait,
					     nvmt_vrange_try(v, io))) {
			io->vns = NULL;
			return -ERESTARTSYS;
		}
	}
	if (io->stamp)
		io->token = atomic64_inc_return(&nvmt_vtoken);
	return 0;
}

/* Stamp each LBA of a Write's mapped data (before the doorbell). */
void nvmt_verify_stamp(struct nvmt_vio *io, const struct nvmt_vbuf *b)
{
	u32 i;

	if (!io->vns || !io->stamp)
		return;
	io->stamped = true;
	for (i = 0; i < io->nlb; i++) {
		u64 off = (u64)i * io->unit;

		__le64 st;

		st = cpu_to_le64(io->slba + i);
		nvmt_vbuf_copy(b, off, &st, 8, true);
		st = cpu_to_le64(io->token);
		nvmt_vbuf_copy(b, off + io->unit - 8, &st, 8, true);
	}
}

static void nvmt_vwriter_add(struct nvmt_vns *v, struct nvmt_vio *io,
			     u16 qid, u64 seq)
{
	struct nvmt_vwriter *w;

	spin_lock(&v->lock);
	w = &v->writers[v->wr_next++ % NVMT_VWRITERS];
	w->token = io->token;
	w->seq = seq;
	w->slba = io->slba;
	w->nlb = io->nlb;
	w->qid = qid;
	spin_unlock(&v->lock);
}

static void nvmt_vwriter_find(struct nvmt_vns *v, u64 lba,
			      struct nvmetest_verify_failure *f)
{
	u32 i, n = min_t(u32, v->wr_next, NVMT_VWRITERS);

	f->write_qid = 0xffff;
	spin_lock(&v->lock);
	for (i = 1; i <= n; i++) {
		struct nvmt_vwriter *w =
			&v->writers[(v->wr_next - i) % NVMT_VWRITERS];

		if (w->nlb && lba >= w->slba && lba < w->slba + w->nlb) {
			f->write_qid = w->qid;
			f->write_seq = w->seq;
			f->write_token = w->token;
			break;
		}
	}
	spin_unlock(&v->lock);
}

static void nvmt_vfail_log(struct nvmt_ctrl *ctrl,
			   const struct nvmetest_verify_failure *f)
{
	struct nvmetest_verify_failure *e;
	unsigned long flags;

	spin_lock_irqsave(&ctrl->vfail_lock, flags);
	ctrl->vfail_total++;
	e = nvmt_ring_push(&ctrl->vfail);
	if (e)
		*e = *f;
	spin_unlock_irqrestore(&ctrl->vfail_lock, flags);
}

/* Whether the LBA's data in @buf is what map entry @e says. */
static bool nvmt_vmatches(u32 e, const u8 *buf, u32 unit, u32 crc)
{
	u32 j;

	if (e == NVMETEST_CRC_ZEROES) {
		for (j = 0; j < unit && !buf[j]; j++)
			;
		return j == unit;
	}
	/* a read of an uncorrectable LBA must fail */
	return e != NVMETEST_CRC_UNCORRECTABLE && e == crc;
}

/*
 * A write that did not complete (aborted, timed out, failed; cut by a
 * reset, a removal or a power loss): each LBA may hold the old or the new
 * data, the LBA being the unit the specification keeps whole. The map
 * gets the new CRC and @alt the old entry, and the next read decides. An
 * LBA that had two candidates already, or whose entry cannot be recorded,
 * becomes UNKNOWN. map_sem read held, the range held.
 */
static void nvmt_vmap_either(struct nvmt_vns *v, struct nvmt_vio *io,
			     const struct nvmt_vbuf *b)
{
	u8 *buf = kmalloc(io->unit, GFP_KERNEL);
	u32 i, old, new, *chunk;
	u64 lba;

	if (!buf) {
		nvmt_vmap_set(v, io->slba, io->nlb, NVMETEST_CRC_UNKNOWN);
		return;
	}
	for (i = 0; i < io->nlb; i++) {
		lba = io->slba + i;
		old = nvmt_vmap_get(v, lba);
		chunk = nvmt_vchunk_alloc(v, lba);
		if (!chunk)
			continue;	/* capped: no entry, old or new */
		nvmt_vbuf_copy(b, (u64)i * io->unit, buf, io->unit, false);
		new = nvmt_vcrc(buf, io->unit);
		if (xa_load(&v->alt, lba) ||
		    (old != new &&
		     xa_err(xa_store(&v->alt, lba, xa_mk_value(old),
				     GFP_KERNEL)))) {
			xa_erase(&v->alt, lba);
			new = NVMETEST_CRC_UNKNOWN;
		}
		WRITE_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)], new);
	}
	kfree(buf);
}

/*
 * A read found the data of LBA @lba, which had two candidates: the new
 * one (@exp, in the map) or the old one. Return: true when it is either;
 * the map then says which it is from now on. map_sem read held, the
 * range held alone.
 */
static bool nvmt_vdecide(struct nvmt_vns *v, u64 lba, u32 exp, const u8 *buf,
			 u32 unit, u32 crc)
{
	void *e = xa_erase(&v->alt, lba);
	u32 old = xa_to_value(e), *chunk;
	bool is_new = nvmt_vmatches(exp, buf, unit, crc);

	/* an old entry of UNKNOWN: the old data is not known, so not judged */
	if (!is_new && old != NVMETEST_CRC_UNKNOWN &&
	    !nvmt_vmatches(old, buf, unit, crc))
		return false;
	if (!is_new) {
		chunk = nvmt_vchunk(v, lba);
		if (chunk)
			WRITE_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)], old);
	}
	spin_lock(&v->lock);
	if (is_new)
		v->cut_new++;
	else
		v->cut_old++;
	spin_unlock(&v->lock);
	return true;
}

/* A successful read: check each LBA with an entry. */
static bool nvmt_vcheck_read(struct nvmt_vns *v, struct nvmt_vio *io,
			     const struct nvmt_vbuf *b,
			     const struct nvmt_vcmd *c, u16 status)
{
	struct nvmetest_verify_failure f, first = { };
	u64 verified = 0, nfail = 0;
	bool failed_ok = status != 0;
	__le64 stamp;
	u8 *buf;
	u32 i;

	buf = kmalloc(io->unit, GFP_KERNEL);
	if (!buf)
		return false;
	for (i = 0; i < io->nlb; i++) {
		u64 lba = io->slba + i;
		u32 exp = nvmt_vmap_get(v, lba);

		if (exp == NVMETEST_CRC_UNKNOWN)
			continue;
		verified++;
		if (failed_ok)		/* a failed read: nothing to compare */
			continue;
		memset(&f, 0, sizeof(f));
		nvmt_vbuf_copy(b, (u64)i * io->unit, buf, io->unit, false);
		f.found_lba = le64_to_cpup((__le64 *)buf);
		memcpy(&stamp, buf + io->unit - 8, sizeof(stamp));
		f.found_token = le64_to_cpu(stamp);
		f.found_crc = nvmt_vcrc(buf, io->unit);
		if (nvmt_valt_in(v, lba, 1)) {
			if (nvmt_vdecide(v, lba, exp, buf, io->unit,
					 f.found_crc))
				continue;
			f.kind = NVMETEST_VFAIL_NEITHER;
		} else if (nvmt_vmatches(exp, buf, io->unit, f.found_crc)) {
			continue;
		} else if (exp == NVMETEST_CRC_ZEROES) {
			f.kind = NVMETEST_VFAIL_NOT_ZERO;
		} else if (exp == NVMETEST_CRC_UNCORRECTABLE) {
			f.kind = NVMETEST_VFAIL_UNCORRECTABLE;
		} else {
			f.kind = f.found_lba != lba ? NVMETEST_VFAIL_LBA_STAMP :
						     NVMETEST_VFAIL_CRC;
		}
		nfail++;
		if (nfail > NVMT_VREPORT_MAX)
			continue;
		f.time_ns = ktime_get_ns();
		f.lba = lba;
		f.nsid = v->nsid;
		f.expected_crc = exp;
		f.read_qid = c->qid;
		f.read_cid = c->cid;
		f.read_seq = c->seq;
		nvmt_vwriter_find(v, lba, &f);
		nvmt_vfail_log(io->ctrl, &f);
		if (nfail == 1)
			first = f;
	}
	kfree(buf);
	io->verified = verified;
	spin_lock(&v->lock);
	v->lbas_verified += verified;
	v->failures += nfail;
	spin_unlock(&v->lock);
	if (nfail > NVMT_VREPORT_MAX) {
		unsigned long flags;

		spin_lock_irqsave(&io->ctrl->vfail_lock, flags);
		io->ctrl->vfail_total += nfail - NVMT_VREPORT_MAX;
		io->ctrl->vfail.lost += nfail - NVMT_VREPORT_MAX;
		spin_unlock_irqrestore(&io->ctrl->vfail_lock, flags);
	}
	if (nfail)
		dev_notice_ratelimited(&io->ctrl->dev,
				       "namespace %u: read (queue %u CID %u) failed verification on %llu LBA(s), first LBA %llu: expected 0x%08x, found CRC 0x%08x stamp LBA %llu token %llu\n",
				       v->nsid, c->qid, c->cid, nfail, first.lba,
				       first.expected_crc, first.found_crc,
				       first.found_lba, first.found_token);
	return nfail != 0;
}

/**
 * nvmt_verify_complete - a command with @io ended; update or check the map
 * @io:		its verification state (nothing happens without @io->vns)
 * @b:		its data buffer (still mapped)
 * @c:		queue, CID and command log sequence of the command
 * @done:	the device completed it (else: aborted, timed out)
 * @status:	the NVMe status (phase excluded) when @done
 *
 * In process or task context. Return: true when a read failed
 * verification (the caller reports NVMETEST_HOST_VERIFY_FAILED).
 */
bool nvmt_verify_complete(struct nvmt_vio *io, const struct nvmt_vbuf *b,
			  const struct nvmt_vcmd *c, bool done, u16 status)
{
	struct nvmt_vns *v = io->vns;
	bool failed = false, ok, crossed;
	u8 *buf = NULL;
	u32 i, val;

	if (!v)
		return false;
	if (io->flush) {
		if (done && !status)
			nvmt_vflush_done(io);
		io->vns = NULL;
		return false;
	}
	down_read(&v->map_sem);
	if (!READ_ONCE(v->on))
		goto out;
	ok = done && !status;
	switch (io->opcode) {
	case nvme_cmd_read:
		if (done && io->has_data)
			failed = nvmt_vcheck_read(v, io, b, c, status);
		break;
	case nvme_cmd_write:
		/*
		 * Not stamped: its data was never mapped (it failed before
		 * it could be sent), there is no new data to tell apart.
		 */
		if (!io->has_data || !io->stamped) {
			nvmt_vvol_written(v, io, false, ok);
			nvmt_vmap_set(v, io->slba, io->nlb, NVMETEST_CRC_UNKNOWN);
			break;
		}
		crossed = nvmt_vvol_written(v, io, true, ok);
		if (!ok) {
			/* The device may have written some of it. */
			nvmt_vmap_either(v, io, b);
			break;
		}
		if (!crossed)
			nvmt_valt_drop(v, io->slba, io->nlb);
		buf = kmalloc(io->unit, GFP_KERNEL);
		if (!buf) {
			nvmt_vmap_set(v, io->slba, io->nlb, NVMETEST_CRC_UNKNOWN);
			break;
		}
		for (i = 0; i < io->nlb; i++) {
			u64 lba = io->slba + i;
			u32 *chunk = nvmt_vchunk_alloc(v, lba);

			if (!chunk) {
				spin_lock(&v->lock);
				v->lbas_untracked++;
				spin_unlock(&v->lock);
				continue;
			}
			nvmt_vbuf_copy(b, (u64)i * io->unit, buf, io->unit,
				       false);
			WRITE_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)],
				   nvmt_vcrc(buf, io->unit));
			spin_lock(&v->lock);
			v->lbas_written++;
			spin_unlock(&v->lock);
		}
		kfree(buf);
		nvmt_vwriter_add(v, io, c->qid, c->seq);
		break;
	case nvme_cmd_write_zeroes:
	case nvme_cmd_write_uncor:
	case nvme_cmd_dsm:
	case NVMT_CMD_COPY:
		/*
		 * Copy: its destination, UNKNOWN (the map does not follow
		 * data from LBA to LBA). Deallocate: the span of every
		 * range, so LBAs between ranges lose their entry too.
		 * Always UNKNOWN: the Deallocate
		 * attribute lets the controller deallocate, it need not, and a
		 * block it keeps reads back its old data whatever DLFEAT says.
		 */
		val = !ok ? NVMETEST_CRC_UNKNOWN :
		      io->opcode == nvme_cmd_write_zeroes ? NVMETEST_CRC_ZEROES :
		      io->opcode == nvme_cmd_write_uncor ?
		      NVMETEST_CRC_UNCORRECTABLE : NVMETEST_CRC_UNKNOWN;
		/* (not known after a power loss it crossed: UNKNOWN) */
		if (nvmt_vvol_written(v, io, val != NVMETEST_CRC_UNKNOWN, ok))
			val = NVMETEST_CRC_UNKNOWN;
		nvmt_vmap_set(v, io->slba, io->nlb, val);
		break;
	}
out:
	up_read(&v->map_sem);
	nvmt_vrange_put(io);
	return failed;
}

/**
 * nvmt_verify_admin_sent - an admin command is about to go through CMD
 * @ctrl:	the controller
 * @cmd:	its SQE
 *
 * A Set Features Volatile Write Cache may turn the cache on whatever
 * becomes of it (a timeout, a status the driver never sees): from here
 * writes are taken as cached until one with WCE = 0 succeeds.
 */
void nvmt_verify_admin_sent(struct nvmt_ctrl *ctrl,
			    const struct nvme_command *cmd)
{
	if (cmd->common.opcode == nvme_admin_set_features &&
	    (le32_to_cpu(cmd->common.cdw10) & 0xff) == NVME_FEAT_VOLATILE_WC)
		WRITE_ONCE(ctrl->wce_off, false);
}

/**
 * nvmt_verify_admin_done - an admin command sent through CMD succeeded
 * @ctrl:	the controller
 * @cmd:	its SQE
 *
 * Format NVM and Namespace Management clear the named namespace's map
 * (every map for 0xffffffff), Sanitize every map. Set Features Volatile
 * Write Cache tells whether completed writes are durable.
 */
void nvmt_verify_admin_done(struct nvmt_ctrl *ctrl,
			    const struct nvme_command *cmd)
{
	u32 nsid = le32_to_cpu(cmd->common.nsid);
	struct nvmt_vns *v;
	unsigned long idx;

	switch (cmd->common.opcode) {
	case nvme_admin_set_features:
		if ((le32_to_cpu(cmd->common.cdw10) & 0xff) ==
		    NVME_FEAT_VOLATILE_WC &&
		    !(le32_to_cpu(cmd->common.cdw11) & 1))
			WRITE_ONCE(ctrl->wce_off, true);
		return;
	case nvme_admin_format_nvm:
	case nvme_admin_ns_mgmt:
		break;
	case nvme_admin_sanitize_nvm:
		nsid = NVME_NSID_ALL;
		break;
	default:
		return;
	}
	xa_for_each(&ctrl->verify_ns, idx, v)
		if (nsid == NVME_NSID_ALL || v->nsid == nsid)
			nvmt_vmap_clear(v);
}

/* ---- ioctls ---- */

int nvmt_ioctl_verify_config(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_verify_config vc;
	const struct nvmetest_ns_info *ns;
	struct nvmt_vns *v;
	u32 i, n = 0;
	int ret;

	if (copy_from_user(&vc, argp, sizeof(vc)))
		return -EFAULT;
	if (vc.flags & ~NVMETEST_VERIFY_FLAGS || vc.rsvd[0] || vc.rsvd[1] ||
	    !vc.nsid)
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	for (i = 0; i < ctrl->nr_ns; i++) {
		ns = &ctrl->ns[i];
		if (vc.nsid != NVME_NSID_ALL && ns->nsid != vc.nsid)
			continue;
		if (!ns->lba_size)
			continue;
		v = nvmt_vns_get(ctrl, i);
		if (IS_ERR(v)) {
			ret = PTR_ERR(v);
			break;
		}
		n++;
		if ((vc.flags & NVMETEST_VERIFY_CLEAR) ||
		    ((vc.flags & NVMETEST_VERIFY_ENABLE) && v->stale))
			nvmt_vmap_clear(v);
		spin_lock(&v->lock);
		if (vc.flags & NVMETEST_VERIFY_SET_CAP || !v->mem_cap)
			v->mem_cap = (vc.flags & NVMETEST_VERIFY_SET_CAP) &&
				     vc.mem_cap ? vc.mem_cap :
				     (u64)READ_ONCE(nvmt_verify_mem_cap_mb) << 20;
		/* A new cap: growth may resume (below it). */
		if (vc.flags & NVMETEST_VERIFY_SET_CAP)
			v->capped = false;
		if (vc.flags & NVMETEST_VERIFY_ENABLE) {
			v->on = true;
			v->stale = false;
		} else {
			if (v->on)
				v->stale = true;
			v->on = false;
		}
		spin_unlock(&v->lock);
	}
	if (!ret && !n)
		ret = -ENOENT;
	if (vc.flags & NVMETEST_VERIFY_CLEAR) {
		unsigned long flags;

		spin_lock_irqsave(&ctrl->vfail_lock, flags);
		nvmt_ring_clear(&ctrl->vfail);
		ctrl->vfail_total = 0;
		spin_unlock_irqrestore(&ctrl->vfail_lock, flags);
	}
	nvmt_sm_exit(ctrl);
	return ret;
}

/* @size: of the caller's struct (ABI 1.7's is shorter) */
int nvmt_ioctl_verify_status(struct nvmt_ctrl *ctrl, void __user *argp,
			     size_t size)
{
	struct nvmetest_verify_status st;
	const struct nvmetest_ns_info *ns;
	struct nvmt_vns *v;
	u32 i;
	int ret;

	if (size > sizeof(st))
		return -EINVAL;
	if (copy_from_user(&st, argp, size))
		return -EFAULT;

	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	ns = nvmt_ns_find(ctrl, st.nsid);
	v = xa_load(&ctrl->verify_ns, st.nsid);
	i = st.nsid;
	memset(&st, 0, sizeof(st));
	st.nsid = i;
	if (!ns) {
		ret = -ENOENT;
	} else if (!v) {
		st.lba_size = ns->lba_size;
		st.chunk_lbas = NVMT_VCHUNK_LBAS;
		st.mem_cap = (u64)READ_ONCE(nvmt_verify_mem_cap_mb) << 20;
	} else {
		spin_lock(&v->lock);
		st.state = !v->on ? NVMETEST_VERIFY_OFF :
			   v->capped ? NVMETEST_VERIFY_CAPPED : NVMETEST_VERIFY_ON;
		st.lba_size = v->lba_size;
		st.chunk_lbas = NVMT_VCHUNK_LBAS;
		st.mem_used = v->mem_used;
		st.mem_cap = v->mem_cap;
		st.chunks = v->chunks;
		st.lbas_written = v->lbas_written;
		st.lbas_verified = v->lbas_verified;
		st.lbas_untracked = v->lbas_untracked;
		st.failures = v->failures;
		st.cut_old = min_t(u64, v->cut_old, U32_MAX);
		st.cut_new = min_t(u64, v->cut_new, U32_MAX);
		st.unflushed = v->vol_nr;
		st.flushes = v->flushes;
		if (v->vol_lost)
			st.durability |= NVMETEST_VDUR_LOST;
		spin_unlock(&v->lock);
		mutex_lock(&nvmt_vreg_mutex);
		st.users = v->users;
		st.adoptions = v->adoptions;
		mutex_unlock(&nvmt_vreg_mutex);
	}
	if (ns && READ_ONCE(ctrl->vwc) && !READ_ONCE(ctrl->wce_off))
		st.durability |= NVMETEST_VDUR_VWC;
	nvmt_sm_exit(ctrl);
	if (!ret && copy_to_user(argp, &st, size))
		ret = -EFAULT;
	return ret;
}

int nvmt_ioctl_verify_dump(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_verify_dump d;
	const struct nvmetest_ns_info *ns;
	struct nvmt_vns *v;
	u32 *out = NULL, i;
	int ret;

	if (copy_from_user(&d, argp, sizeof(d)))
		return -EFAULT;
	if (d.rsvd[0] || d.rsvd[1] || d.count > NVMT_VDUMP_MAX)
		return -EINVAL;
	if (d.count) {
		out = kvcalloc(d.count, sizeof(*out), GFP_KERNEL);
		if (!out)
			return -ENOMEM;
	}
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		goto out_free;
	ns = nvmt_ns_find(ctrl, d.nsid);
	v = xa_load(&ctrl->verify_ns, d.nsid);
	if (!ns) {
		ret = -ENOENT;
	} else {
		if (d.slba >= ns->nsze)
			d.count = 0;
		else
			d.count = min_t(u64, d.count, ns->nsze - d.slba);
		if (v) {
			down_read(&v->map_sem);
			/* undecided (two candidates): neither is known to be there */
			for (i = 0; i < d.count; i++)
				out[i] = nvmt_valt_in(v, d.slba + i, 1) ?
					 NVMETEST_CRC_UNKNOWN :
					 nvmt_vmap_get(v, d.slba + i);
			up_read(&v->map_sem);
		}
	}
	nvmt_sm_exit(ctrl);
	if (!ret && d.count &&
	    copy_to_user(u64_to_user_ptr(d.entries), out,
			 d.count * sizeof(*out)))
		ret = -EFAULT;
	if (!ret && copy_to_user(argp, &d, sizeof(d)))
		ret = -EFAULT;
out_free:
	kvfree(out);
	return ret;
}

int nvmt_ioctl_verify_failures(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_verify_failures vf;
	struct nvmetest_verify_failure *out = NULL;
	unsigned long flags;
	u32 n;
	int ret = 0;

	if (copy_from_user(&vf, argp, sizeof(vf)))
		return -EFAULT;
	if (vf.flags & ~NVMETEST_VERIFY_FAILURES_CLEAR || vf.rsvd0 ||
	    vf.rsvd[0] || vf.rsvd[1])
		return -EINVAL;
	n = min_t(u32, vf.count, NVMT_VFAIL_RING);
	if (n) {
		out = kcalloc(n, sizeof(*out), GFP_KERNEL);
		if (!out)
			return -ENOMEM;
	}
	spin_lock_irqsave(&ctrl->vfail_lock, flags);
	n = nvmt_ring_read(&ctrl->vfail, out, n, false);
	vf.count = n;
	vf.lost = ctrl->vfail.lost;
	vf.total = ctrl->vfail_total;
	if (vf.flags & NVMETEST_VERIFY_FAILURES_CLEAR) {
		nvmt_ring_clear(&ctrl->vfail);
		ctrl->vfail_total = 0;
	}
	spin_unlock_irqrestore(&ctrl->vfail_lock, flags);
	if (n && copy_to_user(u64_to_user_ptr(vf.failures), out,
			      n * sizeof(*out)))
		ret = -EFAULT;
	if (!ret && copy_to_user(argp, &vf, sizeof(vf)))
		ret = -EFAULT;
	kfree(out);
	return ret;
}

int nvmt_ioctl_verify_load(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_verify_dump d;
	const struct nvmetest_ns_info *ns;
	struct nvmt_vio io = { };
	struct nvmt_vns *v = NULL;
	u32 *in, i, loaded = 0;
	u64 recorded = 0;
	int ret;

	if (copy_from_user(&d, argp, sizeof(d)))
		return -EFAULT;
	if (d.rsvd[0] || d.rsvd[1] || !d.count || d.count > NVMT_VDUMP_MAX)
		return -EINVAL;
	in = kvcalloc(d.count, sizeof(*in), GFP_KERNEL);
	if (!in)
		return -ENOMEM;
	if (copy_from_user(in, u64_to_user_ptr(d.entries),
			   d.count * sizeof(*in))) {
		ret = -EFAULT;
		goto out_free;
	}
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		goto out_free;
	ns = nvmt_ns_find(ctrl, d.nsid);
	if (!ns)
		ret = -ENOENT;
	else if (d.slba >= ns->nsze || d.count > ns->nsze - d.slba)
		ret = -EINVAL;
	else
		v = xa_load(&ctrl->verify_ns, d.nsid);
	if (!ret && (!v || !READ_ONCE(v->on)))
		ret = -ENODATA;
	/* @v lives as long as the module; the range keeps IO out. */
	nvmt_sm_exit(ctrl);
	if (ret)
		goto out_free;

	io.vns = v;
	io.slba = d.slba;
	io.nlb = d.count;
	io.excl = true;
	if (wait_event_interruptible(v->range_wait, nvmt_vrange_try(v, &io))) {
		ret = -ERESTARTSYS;
		goto out_free;
	}
	down_read(&v->map_sem);
	/* A Format or a rescan may have come in between. */
	spin_lock(&v->lock);
	if (!v->on || d.slba >= v->nsze || d.count > v->nsze - d.slba)
		ret = -ENODATA;
	spin_unlock(&v->lock);
	if (!ret) {
		/* loaded entries are taken as durable */
		nvmt_valt_drop(v, d.slba, d.count);
		nvmt_vvol_drop(v, d.slba, d.slba + d.count - 1);
	}
	for (i = 0; i < d.count && !ret; i++) {
		u64 lba = d.slba + i;
		u32 *chunk = in[i] == NVMETEST_CRC_UNKNOWN ?
			     nvmt_vchunk(v, lba) : nvmt_vchunk_alloc(v, lba);

		if (chunk) {
			WRITE_ONCE(chunk[lba & (NVMT_VCHUNK_LBAS - 1)], in[i]);
		} else if (in[i] != NVMETEST_CRC_UNKNOWN) {
			ret = -ENOSPC;	/* capped, or no memory */
			break;
		}
		recorded += in[i] != NVMETEST_CRC_UNKNOWN;
		loaded++;
	}
	up_read(&v->map_sem);
	spin_lock(&v->lock);
	v->lbas_written += recorded;
	spin_unlock(&v->lock);
	nvmt_vrange_put(&io);
	d.count = loaded;
	if ((!ret || ret == -ENOSPC) && copy_to_user(argp, &d, sizeof(d)))
		ret = -EFAULT;
out_free:
	kvfree(in);
	return ret;
}
