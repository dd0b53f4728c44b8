/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iow.h: the IOWorker objects (NVMETEST_IOC_IOWORKER_*), shared by the
 * four files that make them, lowest first:
 *  - iowmem.c: struct nvmt_iowmem, the memory the device may DMA to, and
 *    the slots' end callback that hands IOs back to the thread;
 *  - iowthread.c: the kernel thread that generates, submits, accounts and
 *    verifies;
 *  - ioworker.c: struct nvmt_iow's lifetime (the record), STOP, WAIT,
 *    RESULT and LIST, file release and remove;
 *  - iowstart.c: START: the spec's checks, the record's setup from the
 *    spec and the device, its memory and queues, and the thread's start.
 *
 * Objects:
 *  - struct nvmt_iow, the record: spec, result, histograms, the per-second
 *    table and the thread's state. On ctrl->iows from START until the
 *    file lets go of it (RESULT with RELEASE, or file release); counted
 *    by @ref so that WAIT and RESULT can use it without the list lock.
 *    The thread sets @finished (the worker is DONE: WAIT sleeps on
 *    ctrl->iow_wq for it) and ends with kthread_complete_and_exit(
 *    &@exited), which the last put waits for before freeing.
 *  - struct nvmt_iowmem, the memory the device may DMA to: one struct
 *    nvmt_iow_io per IO slot with its data buffer (coherent, its PRP list
 *    built once, guarded like a request's: req.h), metadata buffer and
 *    DSM range. Counted (@refs, under the CQ lock): one for the worker
 *    thread, one per IO the device may still use. The last put frees it:
 *    directly in the thread, else through reclaim.c, which
 *    disable/reset/remove drain before the pci_dev and the PRP page pools
 *    go.
 *
 * The worker submits through nvmt_sq_post_locked() (the command log
 * records every IO) with nvmt_iow_end_locked() as the slot's end
 * callback: the completion path and the queue aborts hand each IO back
 * through it, under the CQ lock, in any context: it stores the status
 * and time, puts the IO on the done list and wakes the thread.
 * Accounting and CRC work happen in the thread.
 *
 * Locks: the thread holds neither ctrl->lock nor state_mutex while it
 * runs; it touches the device only inside nvmt_sq_post_locked(),
 * nvmt_sq_ring_locked() and nvmt_cq_reap(), which look at the queue's
 * live/has_mem under the CQ lock, and those go false (under that lock)
 * before a disable, reset or remove lets the device or BAR0 go. At the
 * end it takes nvmt_sm_enter() to delete its queues. Nothing waits for a
 * worker while holding ctrl->lock or state_mutex: file release and
 * remove wait with no lock held (remove between nvmt_ctrl_teardown() and
 * taking ctrl->lock for write), resets do not wait at all (they abort
 * the worker's IOs, which ends it).
 */
#ifndef NVMT_IOW_H
#define NVMT_IOW_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/nvme.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "core/iowgen.h"
#include "nvmetest.h"
#include "req.h"
#include "verify.h"

#define NVMT_IOW_BATCH		16

struct nvmt_iowmem;

struct nvmt_iow_io {
	struct nvmt_iowmem *mem;
	struct list_head done_node;	/* on mem->done, under the CQ lock */

	/* Under the CQ lock. */
	bool busy;		/* submitted, not ended yet for the worker */
	bool device_held;	/* the device may still DMA to the buffers */
	u32 host_status;
	u16 status;
	u64 complete_ns;

	/* The thread's. */
	bool reusable;		/* ended with the device done with it */
	bool timed_out;		/* counted as an error already */
	bool dirty;		/* the buffer holds read data */
	bool vfail;
	u8 op;
	u8 opcode;
	u16 cid;
	u32 nlb;
	u64 slba;
	u64 seq;
	u64 submit_ns;
	struct nvmt_vio vio;

	/* DMA memory, constant. */
	void *buf;
	dma_addr_t dma;
	u64 prp2_list;		/* PRP2 of a transfer past two pages */
	struct nvmt_prp_lists lists;
	void *meta;
	dma_addr_t meta_dma;
	struct nvme_dsm_range *dsm;
	dma_addr_t dsm_dma;
};

struct nvmt_iowmem {
	struct device *dmadev;
	struct nvmt_sq *sq;	/* a reference; NULL before the queues exist */
	/* Under sq->cq->lock. */
	u32 refs;
	struct task_struct *task;	/* woken by completions; NULL once done */
	bool pending;		/* @done is not empty */
	struct list_head done;
	struct nvmt_reclaim reclaim;	/* freed by reclaim.c */
	/* Constant. */
	u32 buf_len;		/* data bytes of the largest IO */
	u32 alloc_len;
	u32 meta_len;
	u32 page_size;		/* of the PRPs: CC.MPS */
	u32 first_len;		/* bytes PRP1 covers of a slot's buffer */
	/* Where a transfer past a slot's buffer lands (guarded PRPs). */
	struct nvmt_prp_mem prp;
	void *dsm_cpu;
	dma_addr_t dsm_dma;
	size_t dsm_len;
	u32 nr_io;
	struct nvmt_iow_io io[];
};

struct nvmt_iow {
	struct kref ref;
	struct list_head node;	/* on ctrl->iows, under ctrl->iow_lock */
	struct nvmt_ctrl *ctrl;
	struct file *file;
	u32 id;
	struct task_struct *task;	/* referenced */
	struct completion exited;	/* the thread is gone */
	bool finished;		/* DONE; READ/WRITE_ONCE */
	bool hurry;		/* the file is closed: no drain; READ/WRITE_ONCE */
	u32 stop_reason;	/* END_STOPPED/REMOVED asked; READ/WRITE_ONCE */

	/* Constant after START. */
	struct nvmetest_ioworker_spec spec;
	struct nvmetest_ioworker_replay *replay;	/* freed by the thread */
	u32 nr_ops;
	u8 opcodes[NVMETEST_IOW_MAX_OPS];
	u8 op_of[256];		/* replay: opcode -> op entry */
	u32 unit;		/* data buffer bytes per LBA */
	u32 lba_size;
	bool polled;
	u64 timeout_ns;
	u32 nr_secs;		/* entries of @iops */

	/* The result, under @stat_lock. */
	spinlock_t stat_lock;
	struct nvmetest_ioworker_result res;
	u64 *hist;		/* [nr_ops][NVMETEST_HIST_BUCKETS] */
	u32 *iops;

	/* The thread's. */
	struct nvmt_iowmem *mem;
	struct nvmt_sq *sq;
	struct nvmt_cq *cq;
	struct nvmt_gen gen;
	struct nvmt_throttle thr;
	struct nvmt_rng data_rng;
	u32 *free_ios;
	u32 nr_free;
	u32 inflight;
	u64 submitted;
	u64 completed;
	u64 ridx;
	bool have_pend;
	bool pend_paced;
	bool finishing;
	u32 nr_batch;		/* posted, doorbell not rung yet */
	u32 batch[NVMT_IOW_BATCH];
	struct nvmt_gen_io pend;
	u32 end;
	u64 start_ns;
	u64 sec_end_ns;
	u32 cur_sec;
};

/* iowmem.c */
struct nvmt_iowmem *nvmt_iowmem_alloc(struct nvmt_ctrl *ctrl,
				      struct nvmt_iow *w, u32 buf_len,
				      u32 meta_len, int *err);
void nvmt_iowmem_free(struct nvmt_iowmem *m);
void nvmt_iowmem_put(struct nvmt_iowmem *m);
void nvmt_iow_end_locked(struct nvmt_sq *q, void *priv,
			 const struct nvme_completion *cqe, u32 host_status,
			 bool device_done);

/* iowthread.c */
int nvmt_iow_thread(void *arg);

/* ioworker.c */
void nvmt_iow_put(struct nvmt_iow *w);
u32 nvmt_iow_file_count(struct nvmt_ctrl *ctrl, struct file *file);

#endif /* NVMT_IOW_H */
