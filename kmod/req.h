/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * req.h: struct nvmt_req, one command in flight for userspace or for the
 * driver, and the request layer (req.c) that both entries of a user
 * command, CMD (cmd.c) and io_uring (uring.c), and the driver's own
 * admin commands go through; and the part of cmd.c that io_uring shares.
 *
 * Ownership of a request. Two parties may hold it: the waiter (the ioctl
 * or io_uring task work that sent it) and the slot (CID) it occupies while
 * the device may still DMA to its memory. Under the queue lock:
 *  - @status_set: the command ended for the waiter (CQE, or an abort);
 *  - @device_done: the device is done with the memory (completion, or an
 *    abort while the controller is stopped): the slot let go;
 *  - @abandoned: the waiter let go (timeout, signal, or it saw the status
 *    before @device_done).
 * Whoever lets go last frees the request: the waiter directly, the
 * completion path through reclaim.c (unpinning may sleep). So a late
 * completion never touches freed memory, and pinned pages and mappings
 * outlive a timed out command for as long as the device might use them.
 */
#ifndef NVMT_REQ_H
#define NVMT_REQ_H

#include <linux/completion.h>
#include <linux/dma-direction.h>
#include <linux/nvme.h>
#include <linux/scatterlist.h>
#include <linux/timer.h>
#include <linux/types.h>

#include "core/prp.h"
#include "core/xfer.h"
#include "verify.h"

struct dma_pool;
struct io_uring_cmd;
struct nvmetest_cmd;

/*
 * What guarded PRPs (core/prp.c) need beside the data: the sink a
 * transfer past the buffer lands in, the guard page a device that goes
 * on reads as a list (struct nvmt_prp_mem), and the list pages
 * (struct nvmt_prp_lists); all from the controller's PRP page pool of
 * the memory page size, so requests and IOWorkers allocate them one
 * way. A request has one of each; an IOWorker one sink and guard for
 * all its IOs and lists per IO.
 */
struct nvmt_prp_mem {
	struct dma_pool *pool;
	u32 page_size;
	void *sink;			/* poisoned: what changed was written */
	dma_addr_t sink_dma;
	void *guard;
	dma_addr_t guard_dma;
};

struct nvmt_prp_lists {
	struct nvmt_prp_page *pages;
	unsigned int nr;
};

struct nvmt_req {
	struct nvmt_ctrl *ctrl;
	/*
	 * @q is the submitter's: a request given up on may be reclaimed after
	 * its queue was freed, so what outlives it reads @qid instead.
	 */
	struct nvmt_sq *q;
	u16 qid;
	struct completion done;		/* the waiter sleeps on it */

	/* Under the queue lock (see the top of the file). */
	bool status_set;
	bool device_done;
	bool abandoned;
	u32 host_status;
	struct nvme_completion cqe;
	u64 submit_ns;			/* doorbell */
	u64 complete_ns;		/* reaped */
	u64 seq;			/* in the queue's command log */
	u16 cid;
	u8 opcode;
	struct nvme_command sqe;	/* as the caller gave it, for snooping */

	struct nvmt_reclaim reclaim;	/* freed by reclaim.c */

	/* The data and metadata memory; only the owner touches it. */
	struct device *dmadev;
	enum dma_data_direction dir;
	u32 page_size;
	u32 data_len;
	u32 data_offset;		/* of the data in pages[0] */
	struct page **pages;
	unsigned int nr_pages;
	struct sg_table sgt;
	bool sgt_mapped;
	void *bounce;
	dma_addr_t bounce_dma;
	u32 bounce_len;			/* bytes of @bounce, >= data_len */
	struct nvmt_prp_lists lists;
	void *meta;
	dma_addr_t meta_dma;
	u32 meta_len;
	u32 meta_alloc;			/* bytes of @meta, >= meta_len */

	/*
	 * Where a transfer past the caller's buffers lands (guarded PRPs,
	 * core/prp.c): the command's own sink and guard pages. @xfer is
	 * what the SQE implies, @xfer_len the bytes DPTR describes.
	 */
	struct nvmt_xfer xfer;
	u32 xfer_len;
	bool guarded;			/* DPTR is built (sink and guard exist) */
	struct nvmt_prp_mem prp;

	/*
	 * io_uring (uring.c): the request completes through @notify (task
	 * work) instead of @done; @timer ends it with NVMETEST_HOST_TIMEOUT
	 * (armed under the queue lock at submission, @timeout jiffies after
	 * the doorbell, stopped by the task work).
	 */
	struct io_uring_cmd *ioucmd;
	void (*notify)(struct nvmt_req *req);
	struct timer_list timer;
	unsigned long timeout;
	u64 udata;
	u64 umeta;
	bool polled_counted;		/* counted in ctrl->uring_polled */
	/*
	 * On ctrl->uring_reqs from submission until the task work or remove
	 * takes it off; @uring_released: remove released the DMA memory
	 * (nvmt_uring_release()).
	 */
	struct list_head uring_node;	/* under ctrl->uring_lock */
	bool uring_released;

	/* Data verification (verify.c); only the owner touches it. */
	struct nvmt_vio vio;
};

/* req.c */
int nvmt_prp_mem_get(struct nvmt_ctrl *ctrl, struct nvmt_prp_mem *pm,
		     u32 page_size);
void nvmt_prp_mem_put(struct nvmt_prp_mem *pm);
int nvmt_prp_mem_build(const struct nvmt_prp_mem *pm,
		       struct nvmt_prp_lists *l, const struct nvmt_prp_seg *segs,
		       unsigned int nsegs, u32 len, u32 xfer, u64 *prp1,
		       u64 *prp2);
void nvmt_prp_lists_free(const struct nvmt_prp_mem *pm,
			 struct nvmt_prp_lists *l);
struct nvmt_req *nvmt_req_alloc(struct nvmt_ctrl *ctrl);
void nvmt_req_release(struct nvmt_req *req);
void nvmt_req_free(struct nvmt_req *req);
enum dma_data_direction nvmt_req_dma_dir(u8 opcode);
int nvmt_req_map_data(struct nvmt_req *req, u64 uaddr, u64 *prp1,
		      u64 *prp2);
int nvmt_req_map_meta(struct nvmt_req *req, u64 uaddr, u32 alloc);
void nvmt_req_vbuf(struct nvmt_req *req, struct nvmt_vbuf *b,
		   struct nvmt_vcmd *c);
bool nvmt_req_verify(struct nvmt_req *req, bool done, u16 status);
int nvmt_req_submit(struct nvmt_sq *q, struct nvmt_req *req,
		    struct nvme_command *cmd, bool *polled);
int nvmt_req_submit_wait(struct nvmt_sq *q, struct nvmt_req *req,
			 struct nvme_command *cmd, bool *polled,
			 u32 timeout_ms, bool forever);
u32 nvmt_req_wait(struct nvmt_sq *q, struct nvmt_req *req, bool polled,
		  u32 timeout_ms, bool forever, bool intr);
bool nvmt_req_handoff(struct nvmt_sq *q, struct nvmt_req *req,
		      u32 wait_status, u32 *host_status,
		      struct nvme_completion *cqe, u64 *latency_ns);
bool nvmt_req_collect(struct nvmt_sq *q, struct nvmt_req *req,
		      u32 wait_status, u32 *host_status,
		      struct nvme_completion *cqe, u64 *latency_ns);
bool nvmt_req_overrun(const struct nvmt_req *req, bool success, u32 *data,
		      u32 *meta);
int nvmt_req_copy_back(struct nvmt_req *req, u64 data, u64 metadata);

/* cmd.c: what CMD and io_uring share */
int nvmt_cmd_prepare(struct nvmt_ctrl *ctrl, const struct nvmetest_cmd *uc,
		     struct nvmt_sq **qp, struct nvmt_req **reqp,
		     struct nvme_command *cmd, bool nowait);
void nvmt_cmd_put_queue(struct nvmt_sq *q);
void nvmt_cmd_admin_done(struct nvmt_ctrl *ctrl,
			 const struct nvme_command *cmd,
			 const struct nvme_completion *cqe);

#endif /* NVMT_REQ_H */
