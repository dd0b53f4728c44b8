/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IO queue pair of a stress helper (tests/stress/uring_reads.c,
 * late_completions.c): the highest queue id the controller granted, so
 * that IOWorkers started next to it (they take the lowest free id) never
 * ask for the same one.
 */
#ifndef NVMETEST_STRESS_SQUEUE_H
#define NVMETEST_STRESS_SQUEUE_H

#include <stdint.h>

#include <nvmetest.h>

/**
 * struct squeue - where a helper's commands go
 * @qid:    SQ and CQ id (both)
 * @vector: the CQ's interrupt vector
 * @depth:  entries of both queues
 */
struct squeue {
	uint16_t qid;
	uint16_t vector;
	uint32_t depth;
};

/**
 * squeue_pick - choose the queue id and vector from the controller's INFO
 * @dev:   handle of an enabled controller
 * @depth: entries wanted
 * @sq:    output
 *
 * Return: 0, -ENXIO when the controller grants no IO queue (not
 * initialised), or the errno of INFO.
 */
int squeue_pick(struct nvmetest_dev *dev, uint32_t depth, struct squeue *sq);

/**
 * squeue_create - create the queue pair
 * @dev: handle
 * @sq:  from squeue_pick()
 *
 * A pair left behind by a half-finished earlier attempt (-EEXIST) is
 * deleted, so the next call can succeed.
 *
 * Return: as nvmetest_qpair_create(): 0, NVMe status (> 0) or -errno
 * (-ENXIO while the controller is disabled, -ENODEV once it is gone).
 */
int squeue_create(struct nvmetest_dev *dev, const struct squeue *sq);

#endif
