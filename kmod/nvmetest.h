/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nvmetest.h: the module's internal types (struct nvmt_ctrl) and the
 * interfaces between its files. Nothing here is ABI: that is
 * include/uapi/linux/nvmetest.h.
 */
#ifndef NVMT_NVMETEST_H
#define NVMT_NVMETEST_H

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/dmapool.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/kdev_t.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/nvme.h>
#include <linux/nvmetest.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "core/prp.h"
#include "core/xfer.h"

#define NVMT_NAME		"nvmetest"

/* One minor per bound controller; the instance number is the minor. */
#define NVMT_MINORS		(1U << MINORBITS)

/* Sized like struct nvmetest_info.bdf, which it is copied into. */
#define NVMT_BDF_LEN		32

/*
 * Controller registers <linux/nvme.h> does not name (it stops at PMRSWTP
 * in 6.1 and 6.12): PMR Controller Memory Space Control, lower and upper
 * dword (NVMe 1.4+).
 */
#define NVMT_REG_PMRMSCL	0x0e14
#define NVMT_REG_PMRMSCU	0x0e18

/*
 * The smallest BAR0 that can hold an NVMe controller: the 4 KiB register
 * file and the admin queue's two doorbells (CAP.DSTRD = 0).
 */
#define NVMT_BAR0_MIN		(NVME_REG_DBS + 2 * sizeof(u32))

/* Admin queue depth CTRL_INIT uses when the caller gives 0. */
#define NVMT_AQ_DEPTH_DEFAULT	32
/* AQA.ASQS/ACQS are 12-bit 0's based values. */
#define NVMT_AQ_DEPTH_MAX	4096
/* Vectors IRQ_SETUP accepts for MSI/MSI-X (the MSI-X table maximum). */
#define NVMT_MAX_VECTORS	2048
/* The event ring of AER completions (struct nvmetest_events). */
#define NVMT_EVENT_RING		256
/* AERs the driver keeps outstanding at most (struct nvmetest_aer_config). */
#define NVMT_AER_MAX		16
/*
 * Module parameters, all defined in main.c; the writable ones are read
 * with READ_ONCE(), since they may change at any time.
 */
extern unsigned int nvmt_admin_timeout_ms;
extern unsigned int nvmt_max_transfer_kb;
extern unsigned int nvmt_max_meta_kb;
extern unsigned int nvmt_cmdlog_entries;
extern unsigned int nvmt_verify_mem_cap_mb;
extern unsigned int nvmt_iow_mem_mb;
extern unsigned int nvmt_raw_mem_mb;
extern bool nvmt_raw_unsafe;

/* max_meta_kb in bytes, clamped to what the driver bounces. */
static inline u32 nvmt_max_meta_param(void)
{
	return clamp_t(u32, READ_ONCE(nvmt_max_meta_kb), 4, 4096) * 1024;
}

/* max_transfer_kb in bytes, clamped to what the driver can map. */
static inline u32 nvmt_max_transfer_param(void)
{
	return clamp_t(u32, READ_ONCE(nvmt_max_transfer_kb), 4, 1U << 20) * 1024;
}

struct nvmt_ctrl;
struct nvmt_dbuf;
struct nvmt_iow;
struct nvmt_vns;
struct eventfd_ctx;

/* Verification (verify.c): the failure log ring of a controller. */
#define NVMT_VFAIL_RING		256

struct nvmt_sq;

/*
 * What identifies a drive and a namespace of it from one binding to the
 * next (Identify Controller and Identify Namespace): verify.c keeps a
 * namespace's map for the next controller that reports the same.
 */
struct nvmt_ctrl_uid {
	u8 sn[20];
	u8 mn[40];
	u8 subnqn[256];
};

struct nvmt_ns_uid {
	u8 nguid[16];
	u8 eui64[8];
};

/*
 * struct nvmt_ring: a bounded FIFO of @nr entries of @esize bytes that
 * counts the entries it had no room for in @lost (ring.c). Under its
 * owner's lock.
 */
struct nvmt_ring {
	void *buf;
	u32 nr;
	u32 esize;
	u32 head;		/* the oldest entry */
	u32 count;
	u32 lost;
};

/*
 * struct nvmt_reclaim: embedded in an object the device may hold after its
 * owner let go; reclaim.c frees it with @free in process context.
 */
struct nvmt_reclaim {
	struct list_head node;	/* on ctrl->reclaim_list */
	void (*free)(struct nvmt_reclaim *r);
};

/**
 * typedef nvmt_end_fn - a command ended, for the owner of its slot
 * @q:		its SQ, the CQ lock held (any context, hard IRQ included)
 * @priv:	what the owner gave nvmt_sq_post_locked()
 * @cqe:	the completion entry, or NULL for an abort
 * @host_status: NVMETEST_HOST_OK with @cqe, else why it was aborted
 * @device_done: the device no longer uses the command's memory; its slot
 *		is free already, so the owner may reuse the CID at once
 *
 * Called once with a CQE, or for an abort once or twice: first without
 * @device_done (a shutdown, or a disable that timed out: the slot stays
 * reserved), later with it. The owner's memory must stay valid until the
 * call with @device_done. As blk-mq's rq->end_io, it keeps queue.c from
 * knowing who sent what.
 */
typedef void (*nvmt_end_fn)(struct nvmt_sq *q, void *priv,
			    const struct nvme_completion *cqe,
			    u32 host_status, bool device_done);

/*
 * The CID of a scrubbed ring entry (queue.c), never given to a command:
 * the slot allocator skips it.
 */
#define NVMT_CID_SCRUBBED	0xffff

/* One CID of a queue; all fields under the CQ's lock. */
struct nvmt_slot {
	nvmt_end_fn end;	/* the owner's; NULL when the slot is free */
	void *priv;		/* @end's argument */
	u32 sq_idx;		/* the ring entry that holds its SQE */
	u64 seq;		/* the command's number in the queue's cmdlog */
};

/*
 * struct nvmt_qmem: the memory of one ring (SQ or CQ). Contiguous (PC = 1:
 * one coherent buffer, @dma is its address) or discontiguous (PC = 0:
 * coherent chunks of the controller page size, @dma is the PRP list that
 * describes them). Only queue.c looks inside.
 */
struct nvmt_qmem {
	void *cpu;		/* contiguous ring */
	dma_addr_t dma;		/* what PRP1 / ASQ / ACQ gets */
	size_t size;		/* ring bytes */
	u32 chunk;		/* discontiguous: bytes per chunk */
	unsigned int nr_chunks;
	void **chunks;
	dma_addr_t *chunk_dma;
	__le64 *prp;		/* discontiguous: the PRP list */
	size_t prp_size;
};

/*
 * struct nvmt_cq: a completion queue, and the lock of every SQ posting to
 * it. The admin CQ is embedded in struct nvmt_ctrl; IO CQs are allocated
 * by CQ_CREATE and live in ctrl->io_cqs until deleted, the controller is
 * disabled/reset or removed, and then until the last SQ that refers to
 * them lets go (@ref).
 */
struct nvmt_cq {
	/*
	 * Protects every field below, every SQ on @sqs (tail, slots, cmdlog)
	 * and the requests in their slots; irqsave, since the interrupt
	 * handler reaps under it.
	 */
	spinlock_t lock;
	u32 head;
	u8 phase;
	bool has_mem;		/* the ring exists */
	u32 inflight;		/* commands of all SQs that may post here */
	u64 completions;	/* CQEs reaped */
	u64 bogus;		/* CQEs with an unknown SQ or CID */
	struct list_head sqs;	/* struct nvmt_sq.cq_node */
	struct nvmt_qmem mem;

	/* Set at creation, constant after. */
	struct nvmt_ctrl *ctrl;
	u16 qid;
	u16 vector;		/* IV */
	u32 depth;
	u32 flags;		/* NVMETEST_QUEUE_* */
	u32 __iomem *db;	/* CQ head doorbell */
	struct list_head vec_node;	/* on nvmt_vector.cqs, under its lock */
	bool on_vector;		/* reaped by a handler; else waiters poll */
	u16 irq_vec;		/* the vector it is on */

	/* IO CQs: the table (ctrl->ioq_lock) and ownership. */
	struct kref ref;
	struct list_head node;	/* on ctrl->io_cqs */
	struct file *owner;	/* NULL: orphaned, freed at disable/reset */
	/* The IOWorker that uses it (set under state_mutex, READ_ONCE()). */
	struct nvmt_iow *worker;
	/*
	 * A raw CQ (NVMETEST_QUEUE_RAW): its ring is this DMA buffer of the
	 * tester's (a reference held), and @has_mem stays false, so that
	 * nothing of the driver's reaps it. @raw_ring (under @lock, NULL
	 * when not known or freed) is the ring's kernel address, where the
	 * command log reads the CQEs the tester consumed; @head is then the
	 * tester's last head doorbell.
	 */
	struct nvmt_dbuf *raw;
	void *raw_ring;
	u32 raw_esize;
};

/*
 * struct nvmt_sq: a submission queue. Every field that changes is
 * under cq->lock. The admin SQ is embedded in struct nvmt_ctrl; IO SQs
 * come from SQ_CREATE (see struct nvmt_cq for their lifetime); @ref keeps
 * the structure (not its ring) alive for a waiter.
 *
 * Memory (@mem, @slots, @log) exists from creation (ADMINQ_SETUP for the
 * admin queue) until the device is known to be done with it.
 */
struct nvmt_sq {
	struct nvmt_cq *cq;	/* its lock is ours */
	bool live;		/* accepting submissions */
	bool has_mem;
	u32 sq_tail;
	u32 sq_head;		/* from the last CQE's SQ Head Pointer */
	u32 inflight;		/* slots not FREE */
	u32 next_cid;		/* where the next CID search starts */
	u32 page_size;		/* CC.MPS page size the PRPs must be built for */
	struct nvmt_slot *slots;	/* one per CID, @depth of them */
	u64 submitted;
	u64 completed;
	struct nvmetest_cmdlog_entry *log;	/* ring of nvmt_cmdlog_entries */
	u64 log_seq;		/* commands logged since creation */
	wait_queue_head_t slot_wait;	/* NVMETEST_CMD_WAIT_SLOT waiters */
	struct nvmt_qmem mem;

	/* Set at creation, constant after. */
	struct nvmt_ctrl *ctrl;
	u16 qid;
	u16 cqid;
	u32 depth;
	u32 flags;
	u8 qprio;
	u32 __iomem *db;	/* SQ tail doorbell */
	struct list_head cq_node;	/* on cq->sqs, under cq->lock */

	/* IO SQs: the table (ctrl->ioq_lock) and ownership. */
	struct kref ref;
	struct list_head node;	/* on ctrl->io_sqs */
	struct file *owner;
	/* The IOWorker that uses it (set under state_mutex, READ_ONCE()). */
	struct nvmt_iow *worker;
	/*
	 * A raw SQ: as struct nvmt_cq.raw; never live, no slots, no ring of
	 * the driver's; counted in ctrl->raw_sqs while the device may fetch
	 * from it. @raw_ring as for the CQ: the command log reads the SQEs
	 * there at the tester's tail doorbell, and @sq_tail is that value.
	 */
	struct nvmt_dbuf *raw;
	void *raw_ring;
	u32 raw_esize;
};

/* One interrupt vector (struct nvmetest_irq_vector), owned by irq.c. */
struct nvmt_vector {
	struct nvmt_ctrl *ctrl;
	u16 index;
	int irq;		/* Linux IRQ number */
	bool requested;		/* request_irq() done */
	/*
	 * Protects @cqs. The handler holds it while it reaps, so a CQ that
	 * left the list is never touched by the handler again. Taken before
	 * any queue lock.
	 */
	spinlock_t lock;
	struct list_head cqs;
	/*
	 * Masked by IRQ_CTL, or by a REG_WRITE of INTMS/INTMC or of the
	 * vector's MSI-X vector control (nvmt_irq_reg_written()). Written
	 * under ctrl->state_mutex, in MSI and INTx modes also under
	 * ctrl->intm_lock, which the handler takes to trust it.
	 */
	u32 masked;
	/*
	 * Counters: written by the handler only (one CPU at a time for one
	 * vector), read with READ_ONCE(); @fired is cleared by IRQ_CTL.
	 */
	u32 fired;
	u64 count;
	u64 last_ns;
	u64 completions;
	u64 spurious;
	u32 masked_irqs;	/* interrupts taken while @masked */
	char name[32];		/* for /proc/interrupts, lives until free_irq */
	/*
	 * Under @lock: raw CQs with interrupts on this vector (their
	 * interrupts are the tester's, not spurious), and the eventfd of
	 * IRQ_EVENTFD with the file that set it.
	 */
	u32 raw_cqs;
	struct eventfd_ctx *efd;
	struct file *efd_owner;
};

/*
 * struct nvmt_tally: what a reap of a vector's CQs (irq.c) counts before
 * it hands each entry back, so that a waiter the entry wakes finds the
 * interrupt that completed its command in IRQ_STATS: the handler's call
 * once, at the first entry (unless @counted), and every entry.
 */
struct nvmt_tally {
	struct nvmt_vector *vec;
	bool counted;
};

static inline void nvmt_tally_call(struct nvmt_tally *t)
{
	struct nvmt_vector *vec = t->vec;

	WRITE_ONCE(vec->count, vec->count + 1);
	WRITE_ONCE(vec->last_ns, ktime_get_ns());
	WRITE_ONCE(vec->fired, 1);
	t->counted = true;
}

static inline void nvmt_tally_entry(struct nvmt_tally *t)
{
	if (!t->counted)
		nvmt_tally_call(t);
	WRITE_ONCE(t->vec->completions, t->vec->completions + 1);
}

/*
 * struct nvmt_ctrl: one PCI function bound to nvmetest.
 *
 * Lifetime: allocated at probe, freed when @kref drops to zero. References
 * are held by the PCI binding (probe to remove), by @dev (until its release,
 * which needs every file of @cdev closed first) and by every open file.
 * Remove marks the controller dead and takes the hardware away; the memory
 * outlives it for as long as a file still refers to it.
 */
struct nvmt_ctrl {
	struct kref kref;

	/*
	 * Serialises use of the hardware against remove: every ioctl holds it
	 * for read from the @dead check to its last access of @pdev or @bar;
	 * remove holds it for write while it sets @dead and unmaps @bar.
	 */
	struct rw_semaphore lock;
	bool dead;		/* under @lock; READ_ONCE() for sysfs */
	struct pci_dev *pdev;	/* under @lock, only while !@dead */
	void __iomem *bar;	/* BAR0 mapping; under @lock, only while !@dead */

	/*
	 * Copied at probe and constant after, so that they stay readable
	 * once the pci_dev is gone.
	 */
	char bdf[NVMT_BDF_LEN];
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u32 class;
	u8 revision;
	u32 cfg_size;		/* bound of config space access */
	u64 bar0_len;		/* bound of register access */
	resource_size_t bar0_start;	/* its bus address, for mmap (barmap.c) */
	u32 db_stride;		/* bytes between doorbells: 4 << CAP.DSTRD at probe */
	int instance;		/* N of /dev/nvmetestN, also the minor */

	/*
	 * Where the unsafe ranges that depend on the device are, read at
	 * probe from read-only capability fields: the MSI-X table when it
	 * lives in BAR0 (@msix_table_len is 0 otherwise), and the MSI
	 * capability (@msi_cap is 0 when there is none).
	 */
	u8 msix_cap;		/* config offset, 0 when there is none */
	u32 msix_table;		/* offset in BAR0 */
	u32 msix_table_len;	/* bytes */
	u32 msix_pba;		/* the PBA's offset in BAR0 */
	u32 msix_pba_len;	/* bytes; 0 when it is in another BAR */
	u8 msi_cap;
	bool msi_64bit;

	struct device dev;	/* the class device of /dev/nvmetestN */
	struct cdev cdev;

	/*
	 * Serialises the controller state machine (CTRL_*, IRQ_SETUP,
	 * ADMINQ_SETUP, AER_CONFIG, IRQ_CTL, IRQ_STATS) and the teardown of
	 * remove. Taken inside the read side of @lock; remove takes it
	 * without @lock, sets @removing and drops it before taking @lock
	 * for write. CMD does not take it: it checks @aq.live instead.
	 */
	struct mutex state_mutex;
	/*
	 * Keeps the ioctls that reach BAR0 outside the state machine (INFO,
	 * REG_*) away from a function in reset: they hold it for read
	 * (inside @lock, before @state_mutex); a reset (reset.c) holds it
	 * for write from its prepare to its done, before @state_mutex, which
	 * it also holds throughout. Each controller has its own lockdep
	 * class (@reset_key, @state_key): a bus reset holds both locks of
	 * every nvmetest function below the bridge at once.
	 */
	struct rw_semaphore reset_sem;
	struct lock_class_key reset_key;
	struct lock_class_key state_key;
	u32 state;		/* enum nvmetest_ctrl_state; WRITE_ONCE() under @state_mutex */
	bool removing;		/* under @state_mutex: remove has begun */
	/*
	 * Set (WRITE_ONCE) when remove starts, before it waits for
	 * @state_mutex: a CSTS wait of whoever holds it ends at once
	 * (nvmt_wait_csts()), so that a controller that never sets RDY
	 * cannot hold an unbind for the length of a user's timeout.
	 */
	bool remove_pending;
	u32 cc;			/* CC of the last enable (EN set); under @state_mutex */
	u32 page_size;		/* controller memory page size (CC.MPS) of @cc */
	/* Resets (reset.c) and enables, as struct nvmetest_info tells them. */
	u32 last_reset;		/* enum nvmetest_reset_type, 0 = none */
	u32 resets;
	u64 last_reset_ns;
	u64 last_rdy0_ns;
	u64 last_enable_ns;
	u64 reset_start_ns;	/* of the reset in progress */
	/*
	 * PCIe errors the PCI core reported (error_detected: AER, DPC), for
	 * INFO. @err_frozen: the recovery under way is of a fatal one, so
	 * slot_reset is to bring the function back (set by error_detected,
	 * cleared by slot_reset; only the error callbacks touch it, which
	 * the PCI core calls one at a time). @reset_wanted: a reset that must not wait
	 * for these locks (an error callback, a peer's NSSR) is trying for
	 * reset_sem and state_mutex (WRITE_ONCE): a CSTS wait of whoever
	 * holds them ends at once (nvmt_wait_csts()).
	 */
	u32 pcie_errors;
	bool err_frozen;
	bool reset_wanted;
	/*
	 * RESET's HOT: the task that asks the PCI core for the bus reset,
	 * whose reset_prepare then runs in that task; cleared by that
	 * prepare (cmpxchg), so a sysfs reset of another task at the same
	 * time is not taken for it.
	 */
	struct task_struct *reset_asker;
	u32 stop_status;	/* host status of the last quiesce; READ_ONCE() */
	struct pci_saved_state *pci_state;	/* config space at probe */

	/* Interrupts (irq.c), under @state_mutex. */
	u32 irq_mode;		/* enum nvmetest_irq_mode */
	u16 nr_vectors;
	struct nvmt_vector *vectors;
	/*
	 * MSI and INTx: INTMS as the driver keeps it (bit = vector), the
	 * one truth the vectors' @masked follow. @intm_lock orders changing
	 * it, the INTMS/INTMC writes that put it in the controller and the
	 * vectors' @masked; the handler takes it (hard IRQ), others irqsave.
	 */
	spinlock_t intm_lock;
	u32 intms;

	struct nvmt_sq aq;	/* the admin SQ */
	struct nvmt_cq acq;	/* the admin CQ */

	/*
	 * IO queues (ioq.c): created and deleted under @state_mutex; the
	 * lists are also read by CMD and CMDLOG, under @ioq_lock.
	 */
	spinlock_t ioq_lock;
	struct list_head io_sqs;
	struct list_head io_cqs;

	/*
	 * Active namespaces (ns.c), under @state_mutex; @ns_uid[i] is what
	 * identifies @ns[i] across bindings (verify.c keeps maps by it).
	 */
	struct nvmetest_ns_info *ns;
	struct nvmt_ns_uid *ns_uid;
	u32 nr_ns;
	/*
	 * The format of each of them by NSID, for the transfer length of a
	 * command (an xa_mk_value() of nvmt_ns_fmt_pack()): written under
	 * @state_mutex, read without a lock by CMD and io_uring. A Format,
	 * Namespace Management or Attachment command forgets an entry until
	 * the next scan.
	 */
	struct xarray ns_fmt;

	/* Identify Controller, cached by CTRL_INIT; under @state_mutex. */
	bool identified;
	u8 mdts;
	u8 aerl;
	u32 mpsmin_size;	/* CAP.MPSMIN page size, the unit of MDTS */
	u32 rtd3e;		/* microseconds, 0 = not reported */
	struct nvmt_ctrl_uid uid;	/* SN, MN, SUBNQN */
	/*
	 * Identify VWC.present: completed writes may sit in a volatile
	 * cache until a Flush; @wce_off: a Set Features Volatile Write Cache
	 * with WCE = 0 succeeded since the last enable (READ_ONCE()).
	 */
	bool vwc;
	bool wce_off;
	u32 max_xfer;		/* bytes; READ_ONCE() outside @state_mutex */
	u16 nr_io_sq;		/* from Set Features Number of Queues */
	u16 nr_io_cq;
	void *id_buf;		/* 4 KiB for the driver's Identify; freed at remove */
	dma_addr_t id_dma;

	/*
	 * PRP list page pools, one per controller memory page size (CC.MPS),
	 * created on first use under @pool_mutex and destroyed at remove once
	 * no request is left.
	 */
	struct mutex pool_mutex;
	struct dma_pool *prp_pools[16];

	/*
	 * Memory the device has let go of after its owner did (reclaim.c):
	 * a request whose waiter gave up, an IOWorker's buffers. Freed by
	 * @reclaim_work, since unpinning may sleep.
	 */
	spinlock_t reclaim_lock;	/* protects @reclaim_list */
	struct list_head reclaim_list;	/* struct nvmt_reclaim.node */
	struct work_struct reclaim_work;
	atomic64_t late_completions;

	/*
	 * io_uring commands submitted whose task work has not claimed them
	 * yet (@uring_reqs), and task works running (@uring_busy): remove
	 * releases the DMA memory of the first and waits for the second
	 * (nvmt_uring_release()), because task work runs in the submitter's
	 * task, possibly after remove.
	 */
	spinlock_t uring_lock;	/* protects the three below */
	struct list_head uring_reqs;
	unsigned int uring_busy;
	wait_queue_head_t uring_wq;

	/*
	 * io_uring commands outstanding on polled CQs; while there are any
	 * @uring_poll reaps the polled CQs every jiffy (cmd.c).
	 */
	atomic_t uring_polled;
	struct delayed_work uring_poll;

	/*
	 * DMA buffers of the raw path (dbuf.c). @dbuf_lock protects the
	 * handles (@dbuf_xa), every buffer with memory (@dbufs, zombies
	 * included), their bytes, @raw_sqs (raw SQs in the table; changed
	 * under state_mutex too) and @dbuf_dead (remove freed them all).
	 */
	struct mutex dbuf_lock;
	struct xarray dbuf_xa;
	u32 dbuf_next;
	struct list_head dbufs;
	u64 dbuf_bytes;
	u32 raw_sqs;
	bool dbuf_dead;
	/*
	 * mmap()s of BAR0 (barmap.c), also under @dbuf_lock: every one, for
	 * the zap at remove, and qid + 1 of the queue of the driver's being
	 * created (0: none), whose doorbells no writable one may cover.
	 */
	struct list_head barmaps;
	u32 db_claimed;
	bool bar_fenced;	/* BAR0 may not decode: no page (barmap.c) */

	/* AERs (aer.c): @aer_wanted and @aer_outstanding under @aq.lock. */
	u16 aer_wanted;
	u16 aer_outstanding;
	spinlock_t event_lock;	/* protects the ring; nests inside @aq.lock */
	struct nvmt_ring events;	/* struct nvmetest_event */
	u64 ev_seq;

	/*
	 * Verification (verify.c): the maps of its namespaces by NSID
	 * (struct nvmt_vns, which belong to the module: this holds a use of
	 * each, under @state_mutex) and the failure log (@vfail_lock).
	 */
	struct xarray verify_ns;
	spinlock_t vfail_lock;
	struct nvmt_ring vfail;		/* struct nvmetest_verify_failure */
	u64 vfail_total;

	/*
	 * IOWorkers (ioworker.c): every worker record of every file, under
	 * @iow_lock; ids from @iow_next_id.
	 */
	spinlock_t iow_lock;
	struct list_head iows;
	wait_queue_head_t iow_wq;	/* a worker finished */
	u32 iow_next_id;
};

/*
 * Enter the hardware: the read side of ctrl->lock, held until
 * nvmt_ctrl_exit(), so that remove cannot unmap BAR0 or let the pci_dev go
 * in between. Return: 0, or -ENODEV once remove has begun.
 */
static inline int nvmt_ctrl_enter(struct nvmt_ctrl *ctrl)
{
	down_read(&ctrl->lock);
	if (ctrl->dead) {
		up_read(&ctrl->lock);
		return -ENODEV;
	}
	return 0;
}

static inline void nvmt_ctrl_exit(struct nvmt_ctrl *ctrl)
{
	up_read(&ctrl->lock);
}

/*
 * Reach BAR0 outside the state machine: nvmt_ctrl_enter() and the read
 * side of reset_sem, so that no reset of the function is in progress
 * until nvmt_reg_exit(). (Config space needs no more than
 * nvmt_ctrl_enter(): pci_user_*() wait while a reset blocks config
 * access, and a reset blocks it before it takes reset_sem.) Return: as
 * nvmt_ctrl_enter(), or -EINTR when killed while a reset goes on.
 */
static inline int nvmt_reg_enter(struct nvmt_ctrl *ctrl)
{
	int ret = nvmt_ctrl_enter(ctrl);

	if (!ret && down_read_killable(&ctrl->reset_sem)) {
		nvmt_ctrl_exit(ctrl);
		ret = -EINTR;
	}
	return ret;
}

static inline void nvmt_reg_exit(struct nvmt_ctrl *ctrl)
{
	up_read(&ctrl->reset_sem);
	nvmt_ctrl_exit(ctrl);
}

/*
 * Enter the state machine: nvmt_ctrl_enter() and state_mutex, which remove
 * takes (setting @removing) before ctrl->lock for write. Return: 0,
 * -ENODEV once remove has begun, or -EINTR when the caller is killed
 * while it waits.
 */
static inline int nvmt_sm_enter(struct nvmt_ctrl *ctrl)
{
	int ret = nvmt_ctrl_enter(ctrl);

	if (ret)
		return ret;
	if (mutex_lock_killable(&ctrl->state_mutex)) {
		nvmt_ctrl_exit(ctrl);
		return -EINTR;
	}
	if (ctrl->removing) {
		mutex_unlock(&ctrl->state_mutex);
		nvmt_ctrl_exit(ctrl);
		return -ENODEV;
	}
	return 0;
}

static inline void nvmt_sm_exit(struct nvmt_ctrl *ctrl)
{
	mutex_unlock(&ctrl->state_mutex);
	nvmt_ctrl_exit(ctrl);
}

/*
 * nvmt_sm_enter() for what needs state ENABLED (the IO queue ioctls).
 * Return: 0 (entered), -ENODEV, or -ENXIO (not ENABLED; not entered).
 */
static inline int nvmt_sm_enter_enabled(struct nvmt_ctrl *ctrl)
{
	int ret = nvmt_sm_enter(ctrl);

	if (!ret && ctrl->state != NVMETEST_STATE_ENABLED) {
		nvmt_sm_exit(ctrl);
		ret = -ENXIO;
	}
	return ret;
}

/**
 * nvmt_ctrl_max_xfer - the largest data transfer of one command
 * @ctrl:	the controller
 *
 * MDTS (in units of the minimum memory page size, 0 = no limit) once
 * CTRL_INIT identified the controller, capped by max_transfer_kb.
 */
static inline u32 nvmt_ctrl_max_xfer(struct nvmt_ctrl *ctrl)
{
	u32 max = nvmt_max_transfer_param();
	u8 mdts = READ_ONCE(ctrl->mdts);
	u64 bytes;

	if (READ_ONCE(ctrl->identified) && mdts) {
		bytes = (u64)READ_ONCE(ctrl->mpsmin_size) << min_t(u8, mdts, 32);
		if (bytes < max)
			max = bytes;
	}
	return max;
}

/* One register write of REG_WRITE's widths; 8 bytes as two dwords. */
static inline void nvmt_bar_write(void __iomem *addr, u32 width, u64 value)
{
	switch (width) {
	case 1:
		writeb(value, addr);
		break;
	case 2:
		writew(value, addr);
		break;
	case 4:
		writel(value, addr);
		break;
	default:
		lo_hi_writeq(value, addr);
		break;
	}
}

static inline struct nvmt_ctrl *to_nvmt_ctrl(struct device *dev)
{
	return container_of(dev, struct nvmt_ctrl, dev);
}

/* pci.c */
extern struct pci_driver nvmt_pci_driver;

/* reset.c */
int nvmt_ioctl_reset(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_power(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_aspm(struct nvmt_ctrl *ctrl, void __user *argp);
void nvmt_reset_prepare(struct pci_dev *pdev);
void nvmt_reset_done(struct pci_dev *pdev);
pci_ers_result_t nvmt_error_detected(struct pci_dev *pdev,
				     pci_channel_state_t state);
pci_ers_result_t nvmt_slot_reset(struct pci_dev *pdev);
void nvmt_error_resume(struct pci_dev *pdev);

/* chrdev.c */
int nvmt_chrdev_init(void);
void nvmt_chrdev_exit(void);
int nvmt_cdev_add(struct nvmt_ctrl *ctrl, struct device *parent);
void nvmt_cdev_del(struct nvmt_ctrl *ctrl);

/* ioctl.c */
long nvmt_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* reclaim.c */
void nvmt_reclaim_init(struct nvmt_ctrl *ctrl);
void nvmt_reclaim_defer(struct nvmt_ctrl *ctrl, struct nvmt_reclaim *r,
			void (*free)(struct nvmt_reclaim *r));
void nvmt_reclaim_drain(struct nvmt_ctrl *ctrl);

/* dbuf.c */
void nvmt_dbuf_init(struct nvmt_ctrl *ctrl);
bool nvmt_raw_allowed(struct nvmt_ctrl *ctrl);
void nvmt_dbuf_hold(struct nvmt_dbuf *b);
void nvmt_dbuf_put(struct nvmt_dbuf *b);
void nvmt_dbuf_raw_sq(struct nvmt_ctrl *ctrl, bool add);
struct nvmt_dbuf *nvmt_dbuf_get(struct nvmt_ctrl *ctrl, struct file *file,
				u32 handle);
int nvmt_dbuf_addr(struct nvmt_dbuf *b, u64 off, u64 len, dma_addr_t *addr,
		   void **cpu);
int nvmt_ioctl_dbuf_alloc(struct nvmt_ctrl *ctrl, struct file *file,
			  void __user *argp);
int nvmt_ioctl_dbuf_free(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp);
void nvmt_dbuf_release_file(struct nvmt_ctrl *ctrl, struct file *file);
void nvmt_dbuf_remove(struct nvmt_ctrl *ctrl);
int nvmt_dbuf_mmap(struct nvmt_ctrl *ctrl, struct file *file,
		   struct vm_area_struct *vma);

/* barmap.c */
void nvmt_barmap_init(struct nvmt_ctrl *ctrl);
int nvmt_barmap_claim(struct nvmt_ctrl *ctrl, u16 qid);
void nvmt_barmap_unclaim(struct nvmt_ctrl *ctrl);
int nvmt_barmap_mmap(struct nvmt_ctrl *ctrl, struct file *file,
		     struct vm_area_struct *vma);
void nvmt_barmap_remove(struct nvmt_ctrl *ctrl);
void nvmt_barmap_fence(struct nvmt_ctrl *ctrl, bool fence);

/* ring.c */
int nvmt_ring_alloc(struct nvmt_ring *r, u32 nr, u32 esize);
void nvmt_ring_free(struct nvmt_ring *r);
void *nvmt_ring_push(struct nvmt_ring *r);
u32 nvmt_ring_read(struct nvmt_ring *r, void *out, u32 n, bool take);
void nvmt_ring_clear(struct nvmt_ring *r);

/* queue.c */
int nvmt_qmem_alloc(struct nvmt_ctrl *ctrl, struct nvmt_qmem *m, size_t size,
		    bool discontig, u32 page_size);
void nvmt_qmem_free(struct nvmt_ctrl *ctrl, struct nvmt_qmem *m);
void nvmt_cq_init(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq, u16 qid,
		  u32 depth, u16 vector, u32 flags);
void nvmt_sq_init(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
		  struct nvmt_cq *cq, u16 qid, u32 depth, u32 flags);
int nvmt_cq_alloc(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq, bool discontig);
void nvmt_cq_free(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq);
int nvmt_sq_alloc(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
		  bool discontig);
void nvmt_sq_attach(struct nvmt_sq *q);
void nvmt_sq_free(struct nvmt_ctrl *ctrl, struct nvmt_sq *q);
int nvmt_sq_raw_init(struct nvmt_sq *q, void *ring, u32 esize);
void nvmt_sq_raw_rung_locked(struct nvmt_sq *q, u32 tail);
void nvmt_cq_raw_consumed_locked(struct nvmt_cq *cq, u32 head);
void nvmt_sq_reinit(struct nvmt_sq *q);
bool nvmt_sq_exists(struct nvmt_sq *q);
bool nvmt_sq_polled(struct nvmt_sq *q);
int nvmt_sq_submit_locked(struct nvmt_sq *q, struct nvme_command *cmd,
			  nvmt_end_fn end, void *priv, u64 *seq);
int nvmt_sq_post_locked(struct nvmt_sq *q, struct nvme_command *cmd,
			nvmt_end_fn end, void *priv, u64 *seq,
			bool doorbell);
void nvmt_sq_ring_locked(struct nvmt_sq *q);
bool nvmt_sq_has_room(struct nvmt_sq *q);
int nvmt_cq_reap_locked(struct nvmt_cq *cq, struct nvmt_tally *tally);
int nvmt_cq_reap(struct nvmt_cq *cq);
void nvmt_sq_set_live(struct nvmt_sq *q, bool live);
void nvmt_sq_abort(struct nvmt_sq *q, u32 host_status, bool stopped);
void nvmt_cmdlog_status_locked(struct nvmt_sq *q, u64 seq,
			       u32 host_status, bool done);
void nvmt_cmdlog_overrun(struct nvmt_sq *q, u64 seq, u32 host_status);

/* ioq.c */
void nvmt_ioq_init(struct nvmt_ctrl *ctrl);
struct nvmt_sq *nvmt_sq_get(struct nvmt_ctrl *ctrl, u16 qid);
void nvmt_sq_put(struct nvmt_sq *q);
void nvmt_sq_hold(struct nvmt_sq *q);
void nvmt_ioq_reap(struct nvmt_ctrl *ctrl, bool all);
void nvmt_ioq_stopped(struct nvmt_ctrl *ctrl, u32 host_status);
void nvmt_ioq_abort_waiters(struct nvmt_ctrl *ctrl, u32 host_status);
void nvmt_ioq_quiesce(struct nvmt_ctrl *ctrl);
void nvmt_ioq_release_file(struct nvmt_ctrl *ctrl, struct file *file);
/*
 * struct nvmt_raw_ring: where a raw queue's ring is (NVMETEST_QUEUE_RAW):
 * a DMA buffer of the tester's, the bus address PRP1 gets, and the bytes
 * from there the driver's Create command describes.
 */
struct nvmt_raw_ring {
	struct nvmt_dbuf *buf;
	dma_addr_t dma;
	u32 len;
	void *cpu;		/* the ring's kernel address; NULL with PC = 0 */
	u32 esize;		/* bytes of an entry */
};

int nvmt_ioq_create_cq(struct nvmt_ctrl *ctrl, struct file *file,
		       struct nvmt_iow *worker, u16 qid, u32 depth, u16 vector,
		       u32 flags, const struct nvmt_raw_ring *raw, u16 *status,
		       struct nvmt_cq **cqp);
int nvmt_ioq_create_sq(struct nvmt_ctrl *ctrl, struct file *file,
		       struct nvmt_iow *worker, u16 qid, u16 cqid, u32 depth,
		       u32 flags, u8 qprio, u32 nvmsetid,
		       const struct nvmt_raw_ring *raw, u16 *status,
		       struct nvmt_sq **qp);
bool nvmt_ioq_qid_used(struct nvmt_ctrl *ctrl, u16 qid);
void nvmt_ioq_worker_release(struct nvmt_ctrl *ctrl, struct nvmt_sq *q,
			     struct nvmt_cq *cq);
int nvmt_ioctl_cq_create(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp);
int nvmt_ioctl_sq_create(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp);
int nvmt_ioctl_queue_delete(struct nvmt_ctrl *ctrl, struct file *file,
			    void __user *argp);
int nvmt_ioctl_queue_list(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioq_db_write(struct nvmt_ctrl *ctrl, u32 off, u32 width, u64 value);
int nvmt_ioctl_cmdlog(struct nvmt_ctrl *ctrl, void __user *argp);

/* ns.c */
/* Active namespace @nsid, or NULL; under state_mutex. */
static inline const struct nvmetest_ns_info *
nvmt_ns_find(const struct nvmt_ctrl *ctrl, u32 nsid)
{
	u32 i;

	for (i = 0; i < ctrl->nr_ns; i++)
		if (ctrl->ns[i].nsid == nsid)
			return &ctrl->ns[i];
	return NULL;
}

/* Bytes one LBA takes in a data buffer: with extended LBAs, its metadata. */
static inline u32 nvmt_ns_unit(const struct nvmetest_ns_info *ns)
{
	return ns->lba_size + (ns->extended ? ns->ms : 0);
}

int nvmt_ns_scan(struct nvmt_ctrl *ctrl, u16 *status);
void nvmt_ns_free(struct nvmt_ctrl *ctrl);
int nvmt_ioctl_ns_list(struct nvmt_ctrl *ctrl, void __user *argp);
ssize_t nvmt_ns_show(struct nvmt_ctrl *ctrl, char *buf);
void nvmt_ns_fmt_init(struct nvmt_ctrl *ctrl);
bool nvmt_ns_xfer_fmt(struct nvmt_ctrl *ctrl, u32 nsid,
		      struct nvmt_xfer_ns *fmt);
void nvmt_ns_fmt_forget(struct nvmt_ctrl *ctrl, u32 nsid);

/* req.c (the request layer itself: req.h) */
int nvmt_admin_sync_status(struct nvmt_ctrl *ctrl, struct nvme_command *cmd,
			   dma_addr_t data_dma, u32 data_len, u16 *status);
int nvmt_admin_sync(struct nvmt_ctrl *ctrl, struct nvme_command *cmd,
		    dma_addr_t data_dma, u32 data_len,
		    struct nvme_completion *cqe);
void nvmt_pools_destroy(struct nvmt_ctrl *ctrl);

/* cmd.c */
int nvmt_ioctl_cmd(struct nvmt_ctrl *ctrl, void __user *argp);

/* uring.c */
struct io_uring_cmd;
int nvmt_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags);
void nvmt_uring_poll_work(struct work_struct *work);
void nvmt_uring_release(struct nvmt_ctrl *ctrl);

/* irq.c */
void nvmt_irq_init(struct nvmt_ctrl *ctrl);
int nvmt_irq_setup(struct nvmt_ctrl *ctrl, u32 mode, u32 *nr_vectors);
void nvmt_irq_intx_gate(struct nvmt_ctrl *ctrl);
void nvmt_irq_ready(struct nvmt_ctrl *ctrl);
void nvmt_irq_reg_written(struct nvmt_ctrl *ctrl, u32 off, u32 width,
			  u64 value);
void nvmt_irq_free(struct nvmt_ctrl *ctrl);
void nvmt_irq_attach_cq(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq);
void nvmt_irq_detach_cq(struct nvmt_ctrl *ctrl, struct nvmt_cq *cq);
int nvmt_ioctl_irq_setup(struct nvmt_ctrl *ctrl, void __user *argp);
void nvmt_irq_function_reset(struct nvmt_ctrl *ctrl);
int nvmt_ioctl_irq_stats(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_irq_ctl(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_irq_eventfd(struct nvmt_ctrl *ctrl, struct file *file,
			   void __user *argp);
void nvmt_irq_release_file(struct nvmt_ctrl *ctrl, struct file *file);
const char *nvmt_irq_mode_name(u32 mode);
ssize_t nvmt_irq_counts_show(struct nvmt_ctrl *ctrl, char *buf);

/* ctrl.c */
void nvmt_ctrl_get(struct nvmt_ctrl *ctrl);
void nvmt_ctrl_put(struct nvmt_ctrl *ctrl);
int nvmt_ctrl_init_state(struct nvmt_ctrl *ctrl);
int nvmt_ioctl_ctrl_disable(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_adminq_setup(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_ctrl_enable(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_ctrl_init(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_ctrl_reset(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_ctrl_shutdown(struct nvmt_ctrl *ctrl, void __user *argp);
void nvmt_ctrl_teardown(struct nvmt_ctrl *ctrl);
void nvmt_ctrl_release_memory(struct nvmt_ctrl *ctrl);
const char *nvmt_state_name(u32 state);
int nvmt_ctrl_cc_write(struct nvmt_ctrl *ctrl, u32 off, u32 width, u64 value);
u32 nvmt_ctrl_unreachable(struct nvmt_ctrl *ctrl);
unsigned int nvmt_bars_lost(struct pci_dev *pdev, bool restore);
void nvmt_set_state(struct nvmt_ctrl *ctrl, u32 state);
int nvmt_ctrl_stop(struct nvmt_ctrl *ctrl, u32 timeout_ms, u32 *csts);
void nvmt_ctrl_reset_prepare(struct nvmt_ctrl *ctrl);
int nvmt_ctrl_reset_done(struct nvmt_ctrl *ctrl, u32 timeout_ms, u32 *csts);

/* verify.c */
void nvmt_verify_module_init(void);
void nvmt_verify_module_exit(void);
void nvmt_verify_init(struct nvmt_ctrl *ctrl);
void nvmt_verify_free(struct nvmt_ctrl *ctrl);
void nvmt_verify_rescan(struct nvmt_ctrl *ctrl);
int nvmt_ioctl_verify_config(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_verify_status(struct nvmt_ctrl *ctrl, void __user *argp,
			      size_t size);
void nvmt_verify_durable(struct nvmt_ctrl *ctrl);
void nvmt_verify_cut(struct nvmt_ctrl *ctrl);
int nvmt_ioctl_verify_dump(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_verify_failures(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_verify_load(struct nvmt_ctrl *ctrl, void __user *argp);

/* ioworker.c */
void nvmt_iow_init(struct nvmt_ctrl *ctrl);
void nvmt_iow_release_file(struct nvmt_ctrl *ctrl, struct file *file);
void nvmt_iow_remove(struct nvmt_ctrl *ctrl);
int nvmt_ioctl_iow_start(struct nvmt_ctrl *ctrl, struct file *file,
			 void __user *argp);
int nvmt_ioctl_iow_stop(struct nvmt_ctrl *ctrl, struct file *file,
			void __user *argp);
int nvmt_ioctl_iow_wait(struct nvmt_ctrl *ctrl, struct file *file,
			void __user *argp);
int nvmt_ioctl_iow_result(struct nvmt_ctrl *ctrl, struct file *file,
			  void __user *argp);
int nvmt_ioctl_iow_list(struct nvmt_ctrl *ctrl, struct file *file,
			void __user *argp);

/* aer.c */
void nvmt_aer_submit_locked(struct nvmt_sq *q);
int nvmt_ioctl_aer_config(struct nvmt_ctrl *ctrl, void __user *argp);
int nvmt_ioctl_events(struct nvmt_ctrl *ctrl, void __user *argp);

#endif /* NVMT_NVMETEST_H */
