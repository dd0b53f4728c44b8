/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verify.h: what a command that takes part in data verification carries
 * (its buffer, where it went, its state from prepare to complete), and
 * the per-command calls of verify.c that cmd.c and ioworker.c make.
 * The controller-wide calls (init, rescan, the ioctls) are in nvmetest.h.
 */
#ifndef NVMT_VERIFY_H
#define NVMT_VERIFY_H

#include <linux/list.h>
#include <linux/nvme.h>
#include <linux/types.h>

struct nvmt_ctrl;
struct nvmt_vns;
struct page;

/* A command's data buffer: pinned user pages from @offset, or @bounce. */
struct nvmt_vbuf {
	struct page **pages;
	u32 offset;
	void *bounce;
};

/* Where a command went: for the failure log and the writer ring. */
struct nvmt_vcmd {
	u16 qid;
	u16 cid;
	u64 seq;
};

/*
 * struct nvmt_vio: the verification state of one IO command, from
 * nvmt_verify_prepare() to nvmt_verify_complete(); @vns is NULL when the
 * command does not take part. While @vns is set the command holds its
 * LBA range (@node on the namespace's range list).
 */
struct nvmt_vio {
	struct nvmt_vns *vns;
	struct nvmt_ctrl *ctrl;	/* whose failure log a failed read goes to */
	struct list_head node;
	u64 slba;
	u32 nlb;
	u32 unit;		/* bytes per LBA in the data buffer */
	u64 token;		/* Write: the stamp's write token */
	u8 opcode;
	bool excl;		/* the range is held exclusively */
	bool has_data;		/* the buffer holds @nlb units */
	bool stamp;		/* a Write whose data is stamped */
	bool stamped;		/* ... and was, in a mapped buffer */
	bool fua;		/* a write with Force Unit Access */
	bool flush;		/* a Flush: no range held */
	bool flush_all;		/* ... of every namespace (NSID FFFFFFFFh) */
	u32 epoch;		/* Flush: the durability epoch it closes */
	u32 cut_gen;		/* the map's power losses when prepared */
	u32 verified;		/* output: LBAs a read checked */
};

int nvmt_verify_prepare(struct nvmt_ctrl *ctrl, struct nvmt_vio *io,
			const struct nvme_command *cmd, u64 udata,
			const void *kdata, u32 data_len, bool nowait);
void nvmt_verify_stamp(struct nvmt_vio *io, const struct nvmt_vbuf *b);
bool nvmt_verify_complete(struct nvmt_vio *io, const struct nvmt_vbuf *b,
			  const struct nvmt_vcmd *c, bool done, u16 status);
void nvmt_verify_admin_sent(struct nvmt_ctrl *ctrl,
			    const struct nvme_command *cmd);
void nvmt_verify_admin_done(struct nvmt_ctrl *ctrl,
			    const struct nvme_command *cmd);

#endif /* NVMT_VERIFY_H */
