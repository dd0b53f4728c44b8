/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnvmetest, lib/regs.c: the NVMe controller register table and its field
 * decoders (pure).
 *
 * Users include <nvmetest.h>, which has every part and describes the
 * return convention they share.
 */
#ifndef NVMETEST_REGS_H
#define NVMETEST_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * enum nvmetest_field_fmt - how a register or capability field reads
 * @NVMETEST_FMT_HEX:	   a raw number, shown in hex
 * @NVMETEST_FMT_DEC:	   a raw number, shown in decimal
 * @NVMETEST_FMT_BOOL:	   one bit, "yes"/"no"
 * @NVMETEST_FMT_ZEROBASED: a 0's based count (value + 1 of @unit)
 * @NVMETEST_FMT_500MS:	   a time in 500 ms units
 * @NVMETEST_FMT_MPS:	   a memory page size, 2^(12 + value) bytes
 * @NVMETEST_FMT_POW2:	   a size, 2^value bytes
 * @NVMETEST_FMT_DSTRD:	   a doorbell stride, 2^(2 + value) bytes
 * @NVMETEST_FMT_ENUM:	   a code named by @names[value]
 * @NVMETEST_FMT_BITS:	   a bit set, bit n named by @names[n]
 * @NVMETEST_FMT_ADDR:	   an address whose low bits are implied zero:
 *			   value << shift
 * @NVMETEST_FMT_4K:	   a size in 4 KiB units
 * @NVMETEST_FMT_128K:	   a size in 128 KiB units
 * @NVMETEST_FMT_CMBSZ:	   CMBSZ.SZ in the units of CMBSZ.SZU
 * @NVMETEST_FMT_SCALED:   value * 2^(10 * bits 3:0 of the register), the
 *			   encoding of the *EBS and *SWTP registers
 * @NVMETEST_FMT_PMRTO:	   PMRCAP.PMRTO in the units of PMRCAP.PMRTU
 */
enum nvmetest_field_fmt {
	NVMETEST_FMT_HEX,
	NVMETEST_FMT_DEC,
	NVMETEST_FMT_BOOL,
	NVMETEST_FMT_ZEROBASED,
	NVMETEST_FMT_500MS,
	NVMETEST_FMT_MPS,
	NVMETEST_FMT_POW2,
	NVMETEST_FMT_DSTRD,
	NVMETEST_FMT_ENUM,
	NVMETEST_FMT_BITS,
	NVMETEST_FMT_ADDR,
	NVMETEST_FMT_4K,
	NVMETEST_FMT_128K,
	NVMETEST_FMT_CMBSZ,
	NVMETEST_FMT_SCALED,
	NVMETEST_FMT_PMRTO,
};

/**
 * struct nvmetest_reg_field - one field of a controller register
 * @name:     the NVMe base specification's mnemonic, lowercase ("mqes")
 * @desc:     the specification's name ("Maximum Queue Entries Supported")
 * @shift:    position of the field's least significant bit
 * @mask:     mask of the field after shifting right by @shift
 * @fmt:      how the value reads
 * @unit:     unit word for counts ("entries"), or NULL
 * @names:    value names (NVMETEST_FMT_ENUM) or bit names
 *	      (NVMETEST_FMT_BITS); NULL entries are reserved values
 * @nr_names: entries in @names
 */
struct nvmetest_reg_field {
	const char *name;
	const char *desc;
	uint8_t shift;
	uint64_t mask;
	enum nvmetest_field_fmt fmt;
	const char *unit;
	const char *const *names;
	unsigned int nr_names;
};

/*
 * struct nvmetest_reg.presence: when a register exists, so that show-regs
 * reads only what the controller says it has.
 */
enum nvmetest_reg_presence {
	NVMETEST_REG_ALWAYS,	/* defined since NVMe 1.0 */
	NVMETEST_REG_INTM,	/* INTMS/INTMC: not while MSI-X is enabled */
	NVMETEST_REG_NSSR,	/* CAP.NSSRS */
	NVMETEST_REG_CMB,	/* CAP.CMBS or CMBSZ != 0 */
	NVMETEST_REG_BP,	/* CAP.BPS */
	NVMETEST_REG_NSSD,	/* CAP.NSSS */
	NVMETEST_REG_CRTO,	/* CAP.CRMS != 0 or VS >= 2.0 */
	NVMETEST_REG_PMR,	/* CAP.PMRS */
};

/**
 * struct nvmetest_reg - one controller register
 * @name:      mnemonic, lowercase ("cap")
 * @desc:      the specification's name ("Controller Capabilities")
 * @offset:    byte offset in BAR0
 * @width:     4 or 8 bytes
 * @presence:  enum nvmetest_reg_presence
 * @unsafe:    writing it needs NVMETEST_RW_UNSAFE (it makes the device DMA)
 * @fields:    its fields, least significant first
 * @nr_fields: entries in @fields
 */
struct nvmetest_reg {
	const char *name;
	const char *desc;
	uint32_t offset;
	uint8_t width;
	uint8_t presence;
	bool unsafe;
	const struct nvmetest_reg_field *fields;
	unsigned int nr_fields;
};

/**
 * struct nvmetest_field - a decoded field, for display
 * @name:  mnemonic ("mqes", "power_state")
 * @desc:  long name
 * @msb:   most significant bit of the field in its register (register
 *	   fields; 0 for capability fields)
 * @lsb:   least significant bit (register fields; 0 for capability fields)
 * @value: raw value of the field (already shifted down)
 * @text:  what the value means ("2048 entries", "20000 ms", "D0")
 */
struct nvmetest_field {
	const char *name;
	const char *desc;
	uint8_t msb;
	uint8_t lsb;
	uint64_t value;
	char text[96];
};

/**
 * nvmetest_reg_table - all controller registers the library knows
 * @nr: output, number of entries
 *
 * Pure. Ordered by offset: CAP, VS, INTMS, INTMC, CC, CSTS, NSSR, AQA,
 * ASQ, ACQ, CMBLOC, CMBSZ, BPINFO, BPRSEL, BPMBL, CMBMSC, CMBSTS, CMBEBS,
 * CMBSWTP, NSSD, CRTO, PMRCAP, PMRCTL, PMRSTS, PMREBS, PMRSWTP, PMRMSCL,
 * PMRMSCU (NVMe base specification 2.0).
 *
 * Return: the table (static storage).
 */
const struct nvmetest_reg *nvmetest_reg_table(unsigned int *nr);

/**
 * nvmetest_reg_find - look a register up by mnemonic
 * @name: "cc", "CC", ... (case-insensitive)
 *
 * Pure.
 *
 * Return: the entry or NULL.
 */
const struct nvmetest_reg *nvmetest_reg_find(const char *name);

/**
 * nvmetest_reg_find_offset - look a register up by its offset
 * @offset: byte offset in BAR0 (the register's first byte)
 *
 * Pure.
 *
 * Return: the entry or NULL.
 */
const struct nvmetest_reg *nvmetest_reg_find_offset(uint32_t offset);

/**
 * nvmetest_reg_field_find - look a field of a register up by mnemonic
 * @reg:  register
 * @name: "mqes" (case-insensitive)
 *
 * Pure.
 *
 * Return: the field or NULL.
 */
const struct nvmetest_reg_field *
nvmetest_reg_field_find(const struct nvmetest_reg *reg, const char *name);

/**
 * nvmetest_reg_field_get - extract a field from a register value
 * @field: field
 * @regval: the whole register's value
 *
 * Pure.
 *
 * Return: the field's raw value.
 */
uint64_t nvmetest_reg_field_get(const struct nvmetest_reg_field *field,
				uint64_t regval);

/**
 * nvmetest_reg_decode - decode every field of a register value
 * @reg:    register
 * @regval: its value
 * @out:    output array, one entry per field
 * @max:    entries in @out
 *
 * Pure. Fields that do not fit in @out are dropped.
 *
 * Return: number of fields written.
 */
unsigned int nvmetest_reg_decode(const struct nvmetest_reg *reg,
				 uint64_t regval, struct nvmetest_field *out,
				 unsigned int max);

/**
 * struct nvmetest_reg_env - what decides which registers exist
 * @bar0_len:     BAR0 length (from INFO)
 * @cap:          CAP
 * @vs:           VS
 * @cmbsz:        CMBSZ (0 when not read)
 * @msix_enabled: MSI-X Enable in the function's MSI-X capability
 */
struct nvmetest_reg_env {
	uint64_t bar0_len;
	uint64_t cap;
	uint32_t vs;
	uint32_t cmbsz;
	bool msix_enabled;
};

/**
 * nvmetest_reg_is_present - whether a register should be read
 * @reg: register
 * @env: the controller's CAP/VS/CMBSZ, BAR0 length and MSI-X state
 *
 * Pure. A register is present when it lies inside BAR0 and its feature
 * bit says so (see enum nvmetest_reg_presence). INTMS/INTMC are "absent"
 * while MSI-X is enabled because the specification leaves accesses to them
 * undefined then.
 *
 * Return: true when reading @reg is meaningful and safe.
 */
bool nvmetest_reg_is_present(const struct nvmetest_reg *reg,
			     const struct nvmetest_reg_env *env);

/**
 * nvmetest_cap_timeout_ms - CAP.TO in milliseconds
 * @cap: CAP
 *
 * Pure.
 *
 * Return: the worst-case time to wait for CSTS.RDY to change.
 */
uint32_t nvmetest_cap_timeout_ms(uint64_t cap);

/**
 * nvmetest_cap_mqes - CAP.MQES as a number of entries (1's based)
 * @cap: CAP
 *
 * Pure.
 *
 * Return: maximum entries of an IO queue.
 */
uint32_t nvmetest_cap_mqes(uint64_t cap);

/**
 * nvmetest_cap_dstrd_bytes - doorbell stride in bytes, 4 << CAP.DSTRD
 * @cap: CAP
 *
 * Pure.
 *
 * Return: stride between doorbell registers.
 */
uint32_t nvmetest_cap_dstrd_bytes(uint64_t cap);

/**
 * nvmetest_doorbell_offset - the BAR0 offset of a queue's doorbell
 * @cap: CAP (its DSTRD is the stride)
 * @qid: queue identifier (0 = admin)
 * @cq:  the CQ head doorbell; else the SQ tail doorbell
 *
 * Pure: 0x1000 + (2 * @qid + @cq) * (4 << CAP.DSTRD), the SQyTDBL and
 * CQyHDBL registers of the specification.
 *
 * Return: the offset.
 */
uint32_t nvmetest_doorbell_offset(uint64_t cap, uint16_t qid, bool cq);

/**
 * nvmetest_cap_mps_min - CAP.MPSMIN in bytes
 * @cap: CAP
 *
 * Pure.
 *
 * Return: 2^(12 + MPSMIN).
 */
uint64_t nvmetest_cap_mps_min(uint64_t cap);

/**
 * nvmetest_cap_mps_max - CAP.MPSMAX in bytes
 * @cap: CAP
 *
 * Pure.
 *
 * Return: 2^(12 + MPSMAX).
 */
uint64_t nvmetest_cap_mps_max(uint64_t cap);

/**
 * nvmetest_cc_mps - CC.MPS in bytes
 * @cc: CC
 *
 * Pure.
 *
 * Return: 2^(12 + MPS).
 */
uint64_t nvmetest_cc_mps(uint32_t cc);

/**
 * nvmetest_vs_str - format a VS value as "major.minor.tertiary"
 * @vs:  VS
 * @buf: output
 * @len: size of @buf (16 is always enough)
 *
 * Pure.
 *
 * Return: @buf.
 */
char *nvmetest_vs_str(uint32_t vs, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* NVMETEST_REGS_H */
