// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's side of the ABI contract with the driver, in one place:
 * the size of every structure that crosses the ioctl and io_uring
 * boundary or goes to the device as is, checked at compile time (the
 * driver checks the same sizes with BUILD_BUG_ON), the version check
 * nvmetest_open() makes at run time and the capability check of the
 * optional interfaces.
 */
#include <errno.h>

#include "private.h"

/* struct nvmetest_<name> has the size the uapi header promises. */
#define NVMT_ABI_SIZE(name, size) \
	_Static_assert(sizeof(struct nvmetest_##name) == (size), \
		       "struct nvmetest_" #name " does not match its ABI size")

/* device and register access (dev.c, access.c) */
NVMT_ABI_SIZE(info, NVMETEST_INFO_SIZE);
NVMT_ABI_SIZE(rw, NVMETEST_RW_SIZE);

/* controller bring-up, interrupts and events (ctrl.c) */
NVMT_ABI_SIZE(ctrl_wait, NVMETEST_CTRL_WAIT_SIZE);
NVMT_ABI_SIZE(irq_setup, NVMETEST_IRQ_SETUP_SIZE);
NVMT_ABI_SIZE(adminq_setup, NVMETEST_ADMINQ_SETUP_SIZE);
NVMT_ABI_SIZE(ctrl_enable, NVMETEST_CTRL_ENABLE_SIZE);
NVMT_ABI_SIZE(ctrl_init, NVMETEST_CTRL_INIT_SIZE);
NVMT_ABI_SIZE(reset, NVMETEST_RESET_SIZE);
NVMT_ABI_SIZE(power, NVMETEST_POWER_SIZE);
NVMT_ABI_SIZE(aspm, NVMETEST_ASPM_SIZE);
NVMT_ABI_SIZE(irq_vector, NVMETEST_IRQ_VECTOR_SIZE);
NVMT_ABI_SIZE(irq_stats, NVMETEST_IRQ_STATS_SIZE);
NVMT_ABI_SIZE(irq_ctl, NVMETEST_IRQ_CTL_SIZE);
NVMT_ABI_SIZE(aer_config, NVMETEST_AER_CONFIG_SIZE);
NVMT_ABI_SIZE(event, NVMETEST_EVENT_SIZE);
NVMT_ABI_SIZE(events, NVMETEST_EVENTS_SIZE);

/* commands (cmd.c, ring.c) */
NVMT_ABI_SIZE(cmd, NVMETEST_CMD_SIZE);
NVMT_ABI_SIZE(uring_cmd, NVMETEST_URING_CMD_SIZE);

/* IO queues, namespaces and the command log (ioq.c) */
NVMT_ABI_SIZE(cq_create, NVMETEST_CQ_CREATE_SIZE);
NVMT_ABI_SIZE(sq_create, NVMETEST_SQ_CREATE_SIZE);
NVMT_ABI_SIZE(queue_delete, NVMETEST_QUEUE_DELETE_SIZE);
NVMT_ABI_SIZE(queue_info, NVMETEST_QUEUE_INFO_SIZE);
NVMT_ABI_SIZE(queue_list, NVMETEST_QUEUE_LIST_SIZE);
NVMT_ABI_SIZE(ns_info, NVMETEST_NS_INFO_SIZE);
NVMT_ABI_SIZE(ns_list, NVMETEST_NS_LIST_SIZE);
NVMT_ABI_SIZE(cmdlog_entry, NVMETEST_CMDLOG_ENTRY_SIZE);
NVMT_ABI_SIZE(cmdlog, NVMETEST_CMDLOG_SIZE);

/* data verification (verify.c) */
NVMT_ABI_SIZE(verify_config, NVMETEST_VERIFY_CONFIG_SIZE);
NVMT_ABI_SIZE(verify_status, NVMETEST_VERIFY_STATUS_SIZE);
NVMT_ABI_SIZE(verify_dump, NVMETEST_VERIFY_DUMP_SIZE);
NVMT_ABI_SIZE(verify_failure, NVMETEST_VERIFY_FAILURE_SIZE);
NVMT_ABI_SIZE(verify_failures, NVMETEST_VERIFY_FAILURES_SIZE);

/* IOWorkers (ioworker.c) */
NVMT_ABI_SIZE(ioworker_op, NVMETEST_IOWORKER_OP_SIZE);
NVMT_ABI_SIZE(ioworker_size, NVMETEST_IOWORKER_SIZE_SIZE);
NVMT_ABI_SIZE(ioworker_replay, NVMETEST_IOWORKER_REPLAY_SIZE);
NVMT_ABI_SIZE(ioworker_spec, NVMETEST_IOWORKER_SPEC_SIZE);
NVMT_ABI_SIZE(ioworker_opstat, NVMETEST_IOWORKER_OPSTAT_SIZE);
NVMT_ABI_SIZE(ioworker_result, NVMETEST_IOWORKER_RESULT_SIZE);
NVMT_ABI_SIZE(ioworker_ctl, NVMETEST_IOWORKER_CTL_SIZE);
NVMT_ABI_SIZE(ioworker_list, NVMETEST_IOWORKER_LIST_SIZE);
/* the command area of an SQE128 is 80 bytes: ours must fit */
_Static_assert(sizeof(struct nvmetest_uring_cmd) <= 80, "SQE128 command area");

/* the raw path: DMA buffers (dbuf.c), interrupt eventfds (raw.c) */
NVMT_ABI_SIZE(dbuf_alloc, NVMETEST_DBUF_ALLOC_SIZE);
NVMT_ABI_SIZE(dbuf_free, NVMETEST_DBUF_FREE_SIZE);
NVMT_ABI_SIZE(irq_eventfd, NVMETEST_IRQ_EVENTFD_SIZE);

/* wire formats the NVM helpers (nvm.c) fill from libnvme's structures */
_Static_assert(sizeof(struct nvme_dsm_range) == 16, "struct nvme_dsm_range wire size");
_Static_assert(sizeof(struct nvme_copy_range) == 32, "struct nvme_copy_range wire size");

int nvmt_check_abi(const struct nvmetest_info *info)
{
	if (info->abi_major != NVMETEST_ABI_MAJOR)
		return nvmt_fail(-EPROTO,
				 "driver ABI %u.%u, library ABI %u.%u: load an nvmetest.ko that matches this library",
				 info->abi_major, info->abi_minor,
				 NVMETEST_ABI_MAJOR, NVMETEST_ABI_MINOR);
	return 0;
}

int nvmt_need_cap(struct nvmetest_dev *dev, uint32_t cap, const char *what,
		  const char *needs)
{
	if (dev->info.capabilities & cap)
		return 0;
	return nvmt_fail(-EOPNOTSUPP, "%s: the driver has no %s (ABI %u.%u%s%s)", dev->path,
			 what, dev->info.abi_major, dev->info.abi_minor,
			 needs ? "; needs " : "", needs ? needs : "");
}
