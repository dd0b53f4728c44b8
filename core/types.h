/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The type shim of core/: the one place where the pure C in this folder
 * gets the kernel's types, in the kernel module from the kernel's headers
 * and in libnvmetest and the host unit tests from libc. Every core/ header
 * includes this file and nothing else of the kind, so a core/ .c file
 * compiles unchanged on both sides.
 */
#ifndef NVMT_CORE_TYPES_H
#define NVMT_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <asm/byteorder.h>

typedef __le64 nvmt_le64;
#define nvmt_cpu_to_le64(x)	cpu_to_le64(x)
#define nvmt_le64_to_cpu(x)	le64_to_cpu(x)
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <errno.h>
#include <endian.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
/* Userspace has no sparse annotation; the name keeps the intent visible. */
typedef uint64_t nvmt_le64;
#define nvmt_cpu_to_le64(x)	htole64(x)
#define nvmt_le64_to_cpu(x)	le64toh(x)
#endif

#endif /* NVMT_CORE_TYPES_H */
