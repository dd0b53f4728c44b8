/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest public API: opening /dev/nvmetestN, register and PCI config
 * space access through the driver, the NVMe controller register table and
 * its field decoders, PCI capability walking, and the sysfs side (listing
 * NVMe PCI functions, binding them to nvmetest and back).
 *
 * controller bring-up (disable, interrupts, admin queue, enable, reset,
 * shutdown), admin commands (a generic one and helpers for the common
 * ones), interrupt counters, asynchronous events and NVMe status names,
 * IO queues and namespaces, NVM commands (sync, and async over io_uring),
 * the per-queue command log, data verification, and IOWorkers (the
 * driver's IO generator threads) with fio's directions, latency
 * histograms and percentiles, and the raw path (DMA buffers, PRPs and
 * SGLs built by the tester, raw queues whose SQEs and CQEs the tester
 * writes and reads, interrupt eventfds).
 *
 * Return convention: a value >= 0 is success or an NVMe status: 0 =
 * success, > 0 the 15-bit status field of the completion (SC, SCT, CRD,
 * More, DNR: (CQE dword 3 >> 17) & 0x7fff, as nvme-cli shows it). A value
 * < 0 is a negative errno; a command that got no completion maps its host
 * status to one (timeout -ETIMEDOUT, reset -ECANCELED, device gone -ENODEV,
 * signal -EINTR), and a read whose data failed the driver's data
 * verification (NVMETEST_HOST_VERIFY_FAILED: the CQE is valid) returns
 * -EILSEQ, and a command the device completed after moving more data or
 * metadata than the caller's buffers hold (NVMETEST_HOST_OVERRUN: the CQE
 * is valid, the excess went to the driver's sink) -EOVERFLOW.
 * nvmetest_strerror() and nvmetest_status_name() name them
 * and nvmetest_last_error() gives the context of the latest failure.
 *
 * Functions marked "pure" touch neither the device nor the filesystem and
 * are safe from any thread.
 */
#ifndef NVMETEST_H
#define NVMETEST_H

/* One header per library file: include/nvmetest/<part>.h declares what
 * lib/<part>.c defines. Lower layers first. */
#include <nvmetest/error.h>
#include <nvmetest/dev.h>
#include <nvmetest/access.h>
#include <nvmetest/regs.h>
#include <nvmetest/pcicap.h>
#include <nvmetest/sysfs.h>
#include <nvmetest/bind.h>
#include <nvmetest/ctrl.h>
#include <nvmetest/cmd.h>
#include <nvmetest/admin.h>
#include <nvmetest/names.h>
#include <nvmetest/ioq.h>
#include <nvmetest/nvm.h>
#include <nvmetest/crc32c.h>
#include <nvmetest/verify.h>
#include <nvmetest/ioworker.h>
#include <nvmetest/ring.h>
#include <nvmetest/dbuf.h>
#include <nvmetest/raw.h>

#endif /* NVMETEST_H */
