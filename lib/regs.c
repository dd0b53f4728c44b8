// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NVMe controller register knowledge (pure): the table of registers and
 * their fields (NVMe base specification 2.0), field extraction and the
 * human-readable decoding that show-regs -H prints.
 *
 * Offsets, shifts and masks come from libnvme's <nvme/types.h> where it
 * has them; what it lacks or gets wrong is spelled out here with a
 * comment, and tests/unit/test_regs.c checks the result against values
 * worked out from the specification.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <nvme/types.h>

#include "private.h"

/* The first doorbell, SQ0TDBL: libnvme 1.3 has no name for it */
#define REG_DBS		0x1000

/* 52-bit base address fields (bits 63:12): ASQB, ACQB, BMBBA, CBA */
#define ADDR_SHIFT	12
#define ADDR_MASK	0xfffffffffffffULL

#define FIELD(nm, sh, mk, fm, dsc, ...) \
	{ .name = nm, .desc = dsc, .shift = sh, .mask = mk, .fmt = fm, __VA_ARGS__ }
/* A field libnvme defines as NVME_<NAME>_SHIFT / NVME_<NAME>_MASK. */
#define NFIELD(NAME, nm, fm, dsc, ...) \
	FIELD(nm, NVME_##NAME##_SHIFT, NVME_##NAME##_MASK, fm, dsc, __VA_ARGS__)
#define NAMES(a)	.names = a, .nr_names = NVMT_ARRAY_SIZE(a)

/* --- CAP ---------------------------------------------------------------- */

static const char *const cap_ams_names[] = {
	"weighted round robin with urgent priority class", "vendor specific",
};
static const char *const cap_css_names[] = {
	"NVM command set", NULL, NULL, NULL, NULL, NULL,
	"one or more I/O command sets", "no I/O command set (admin only)",
};
static const char *const cap_cps_names[] = {
	"not reported", "controller scope", "domain scope", "NVM subsystem scope",
};
static const char *const cap_crms_names[] = {
	"controller ready with media (CRWMS)",
	"controller ready independent of media (CRIMS)",
};

/* libnvme 1.3 lacks CAP.CPS (bits 47:46) and CAP.NSSS (bit 58). */
#define NVMT_CAP_CPS_SHIFT	46
#define NVMT_CAP_CPS_MASK	0x3
#define NVMT_CAP_NSSS_SHIFT	58
#define NVMT_CAP_NSSS_MASK	0x1

static const struct nvmetest_reg_field cap_fields[] = {
	NFIELD(CAP_MQES, "mqes", NVMETEST_FMT_ZEROBASED,
	       "Maximum Queue Entries Supported", .unit = "entries"),
	NFIELD(CAP_CQR, "cqr", NVMETEST_FMT_BOOL, "Contiguous Queues Required"),
	NFIELD(CAP_AMS, "ams", NVMETEST_FMT_BITS,
	       "Arbitration Mechanism Supported", NAMES(cap_ams_names)),
	NFIELD(CAP_TO, "to", NVMETEST_FMT_500MS, "Timeout"),
	NFIELD(CAP_DSTRD, "dstrd", NVMETEST_FMT_DSTRD, "Doorbell Stride"),
	/* libnvme calls it NSSRC; the specification's CAP field is NSSRS */
	NFIELD(CAP_NSSRC, "nssrs", NVMETEST_FMT_BOOL,
	       "NVM Subsystem Reset Supported"),
	NFIELD(CAP_CSS, "css", NVMETEST_FMT_BITS, "Command Sets Supported",
	       NAMES(cap_css_names)),
	NFIELD(CAP_BPS, "bps", NVMETEST_FMT_BOOL, "Boot Partition Support"),
	FIELD("cps", NVMT_CAP_CPS_SHIFT, NVMT_CAP_CPS_MASK, NVMETEST_FMT_ENUM,
	      "Controller Power Scope", NAMES(cap_cps_names)),
	NFIELD(CAP_MPSMIN, "mpsmin", NVMETEST_FMT_MPS, "Memory Page Size Minimum"),
	NFIELD(CAP_MPSMAX, "mpsmax", NVMETEST_FMT_MPS, "Memory Page Size Maximum"),
	NFIELD(CAP_PMRS, "pmrs", NVMETEST_FMT_BOOL,
	       "Persistent Memory Region Supported"),
	NFIELD(CAP_CMBS, "cmbs", NVMETEST_FMT_BOOL,
	       "Controller Memory Buffer Supported"),
	FIELD("nsss", NVMT_CAP_NSSS_SHIFT, NVMT_CAP_NSSS_MASK, NVMETEST_FMT_BOOL,
	      "NVM Subsystem Shutdown Supported"),
	NFIELD(CAP_CRMS, "crms", NVMETEST_FMT_BITS,
	       "Controller Ready Modes Supported", NAMES(cap_crms_names)),
};

/* --- VS, INTMS, INTMC ------------------------------------------------------- */

static const struct nvmetest_reg_field vs_fields[] = {
	NFIELD(VS_TER, "ter", NVMETEST_FMT_DEC, "Tertiary Version Number"),
	NFIELD(VS_MNR, "mnr", NVMETEST_FMT_DEC, "Minor Version Number"),
	NFIELD(VS_MJR, "mjr", NVMETEST_FMT_DEC, "Major Version Number"),
};

static const struct nvmetest_reg_field intms_fields[] = {
	FIELD("ivms", 0, 0xffffffff, NVMETEST_FMT_HEX, "Interrupt Vector Mask Set"),
};

static const struct nvmetest_reg_field intmc_fields[] = {
	FIELD("ivmc", 0, 0xffffffff, NVMETEST_FMT_HEX, "Interrupt Vector Mask Clear"),
};

/* --- CC, CSTS, NSSR, AQA, ASQ, ACQ ----------------------------------------- */

static const char *const cc_css_names[] = {
	[NVME_CC_CSS_NVM] = "NVM command set",
	[NVME_CC_CSS_CSI] = "all supported I/O command sets",
	[NVME_CC_CSS_ADMIN] = "admin command set only",
};
static const char *const cc_ams_names[] = {
	[NVME_CC_AMS_RR] = "round robin",
	[NVME_CC_AMS_WRRU] = "weighted round robin with urgent priority class",
	[NVME_CC_AMS_VS] = "vendor specific",
};
static const char *const cc_shn_names[] = {
	[NVME_CC_SHN_NONE] = "no notification",
	[NVME_CC_SHN_NORMAL] = "normal shutdown",
	[NVME_CC_SHN_ABRUPT] = "abrupt shutdown",
};

static const struct nvmetest_reg_field cc_fields[] = {
	NFIELD(CC_EN, "en", NVMETEST_FMT_BOOL, "Enable"),
	NFIELD(CC_CSS, "css", NVMETEST_FMT_ENUM, "I/O Command Set Selected",
	       NAMES(cc_css_names)),
	NFIELD(CC_MPS, "mps", NVMETEST_FMT_MPS, "Memory Page Size"),
	NFIELD(CC_AMS, "ams", NVMETEST_FMT_ENUM, "Arbitration Mechanism Selected",
	       NAMES(cc_ams_names)),
	NFIELD(CC_SHN, "shn", NVMETEST_FMT_ENUM, "Shutdown Notification",
	       NAMES(cc_shn_names)),
	NFIELD(CC_IOSQES, "iosqes", NVMETEST_FMT_POW2,
	       "I/O Submission Queue Entry Size"),
	NFIELD(CC_IOCQES, "iocqes", NVMETEST_FMT_POW2,
	       "I/O Completion Queue Entry Size"),
	NFIELD(CC_CRIME, "crime", NVMETEST_FMT_BOOL,
	       "Controller Ready Independent of Media Enable"),
};

static const char *const csts_shst_names[] = {
	[NVME_CSTS_SHST_NORMAL] = "normal operation",
	[NVME_CSTS_SHST_OCCUR] = "shutdown processing occurring",
	[NVME_CSTS_SHST_CMPLT] = "shutdown processing complete",
};
static const char *const csts_st_names[] = {
	"controller shutdown", "NVM subsystem shutdown",
};

/* libnvme 1.3 lacks CSTS.ST (Shutdown Type, bit 6, NVMe 2.0). */
#define NVMT_CSTS_ST_SHIFT	6
#define NVMT_CSTS_ST_MASK	0x1

static const struct nvmetest_reg_field csts_fields[] = {
	NFIELD(CSTS_RDY, "rdy", NVMETEST_FMT_BOOL, "Ready"),
	NFIELD(CSTS_CFS, "cfs", NVMETEST_FMT_BOOL, "Controller Fatal Status"),
	NFIELD(CSTS_SHST, "shst", NVMETEST_FMT_ENUM, "Shutdown Status",
	       NAMES(csts_shst_names)),
	NFIELD(CSTS_NSSRO, "nssro", NVMETEST_FMT_BOOL,
	       "NVM Subsystem Reset Occurred"),
	NFIELD(CSTS_PP, "pp", NVMETEST_FMT_BOOL, "Processing Paused"),
	FIELD("st", NVMT_CSTS_ST_SHIFT, NVMT_CSTS_ST_MASK, NVMETEST_FMT_ENUM,
	      "Shutdown Type", NAMES(csts_st_names)),
};

static const struct nvmetest_reg_field nssr_fields[] = {
	FIELD("nssrc", 0, 0xffffffff, NVMETEST_FMT_HEX,
	      "NVM Subsystem Reset Control"),
};

static const struct nvmetest_reg_field aqa_fields[] = {
	NFIELD(AQA_ASQS, "asqs", NVMETEST_FMT_ZEROBASED,
	       "Admin Submission Queue Size", .unit = "entries"),
	NFIELD(AQA_ACQS, "acqs", NVMETEST_FMT_ZEROBASED,
	       "Admin Completion Queue Size", .unit = "entries"),
};

/* libnvme 1.3 has no field definitions for ASQ, ACQ and BPMBL. */
static const struct nvmetest_reg_field asq_fields[] = {
	FIELD("asqb", ADDR_SHIFT, ADDR_MASK, NVMETEST_FMT_ADDR,
	      "Admin Submission Queue Base"),
};

static const struct nvmetest_reg_field acq_fields[] = {
	FIELD("acqb", ADDR_SHIFT, ADDR_MASK, NVMETEST_FMT_ADDR,
	      "Admin Completion Queue Base"),
};

/* --- CMB ---------------------------------------------------------------------- */

static const struct nvmetest_reg_field cmbloc_fields[] = {
	NFIELD(CMBLOC_BIR, "bir", NVMETEST_FMT_DEC, "Base Indicator Register"),
	NFIELD(CMBLOC_CQMMS, "cqmms", NVMETEST_FMT_BOOL,
	       "CMB Queue Mixed Memory Support"),
	NFIELD(CMBLOC_CQPDS, "cqpds", NVMETEST_FMT_BOOL,
	       "CMB Queue Physically Discontiguous Support"),
	/* libnvme misspells the specification's CDPMLS as CDPLMS */
	NFIELD(CMBLOC_CDPLMS, "cdpmls", NVMETEST_FMT_BOOL,
	       "CMB Data Pointer Mixed Locations Support"),
	NFIELD(CMBLOC_CDPCILS, "cdpcils", NVMETEST_FMT_BOOL,
	       "CMB Data Pointer and Command Independent Locations Support"),
	NFIELD(CMBLOC_CDMMMS, "cdmmms", NVMETEST_FMT_BOOL,
	       "CMB Data Metadata Mixed Memory Support"),
	NFIELD(CMBLOC_CQDA, "cqda", NVMETEST_FMT_BOOL,
	       "CMB Queue Dword Alignment"),
	NFIELD(CMBLOC_OFST, "ofst", NVMETEST_FMT_HEX,
	       "Offset (in CMBSZ.SZU units)"),
};

static const char *const cmbsz_szu_names[] = {
	[NVME_CMBSZ_SZU_4K] = "4 KiB", [NVME_CMBSZ_SZU_64K] = "64 KiB",
	[NVME_CMBSZ_SZU_1M] = "1 MiB", [NVME_CMBSZ_SZU_16M] = "16 MiB",
	[NVME_CMBSZ_SZU_256M] = "256 MiB", [NVME_CMBSZ_SZU_4G] = "4 GiB",
	[NVME_CMBSZ_SZU_64G] = "64 GiB",
};

static const struct nvmetest_reg_field cmbsz_fields[] = {
	NFIELD(CMBSZ_SQS, "sqs", NVMETEST_FMT_BOOL, "Submission Queue Support"),
	NFIELD(CMBSZ_CQS, "cqs", NVMETEST_FMT_BOOL, "Completion Queue Support"),
	NFIELD(CMBSZ_LISTS, "lists", NVMETEST_FMT_BOOL, "PRP SGL List Support"),
	NFIELD(CMBSZ_RDS, "rds", NVMETEST_FMT_BOOL, "Read Data Support"),
	NFIELD(CMBSZ_WDS, "wds", NVMETEST_FMT_BOOL, "Write Data Support"),
	NFIELD(CMBSZ_SZU, "szu", NVMETEST_FMT_ENUM, "Size Units",
	       NAMES(cmbsz_szu_names)),
	NFIELD(CMBSZ_SZ, "sz", NVMETEST_FMT_CMBSZ, "Size"),
};

/* CMBMSC.CBA: libnvme's NVME_CMBMSC_CBA_MASK is a variable, not a constant. */
static const struct nvmetest_reg_field cmbmsc_fields[] = {
	NFIELD(CMBMSC_CRE, "cre", NVMETEST_FMT_BOOL,
	       "Capabilities Registers Enabled"),
	NFIELD(CMBMSC_CMSE, "cmse", NVMETEST_FMT_BOOL,
	       "Controller Memory Space Enable"),
	FIELD("cba", NVME_CMBMSC_CBA_SHIFT, ADDR_MASK, NVMETEST_FMT_ADDR,
	      "Controller Base Address"),
};

static const struct nvmetest_reg_field cmbsts_fields[] = {
	NFIELD(CMBSTS_CBAI, "cbai", NVMETEST_FMT_BOOL,
	       "Controller Base Address Invalid"),
};

static const char *const ebs_unit_names[] = { "bytes", "1 KiB", "1 MiB", "1 GiB" };
static const char *const swtp_unit_names[] = {
	"bytes/s", "1 KiB/s", "1 MiB/s", "1 GiB/s",
};

/* libnvme 1.3 has neither CMBEBS nor CMBSWTP (NVMe 1.4). */
static const struct nvmetest_reg_field cmbebs_fields[] = {
	FIELD("cmbszu", 0, 0xf, NVMETEST_FMT_ENUM,
	      "CMB Elasticity Buffer Size Units", NAMES(ebs_unit_names)),
	FIELD("cmbrbb", 4, 0x1, NVMETEST_FMT_BOOL, "CMB Read Bypass Behavior"),
	FIELD("cmbwbz", 8, 0xffffff, NVMETEST_FMT_SCALED,
	      "CMB Elasticity Buffer Size Base"),
};

static const struct nvmetest_reg_field cmbswtp_fields[] = {
	FIELD("cmbswtu", 0, 0xf, NVMETEST_FMT_ENUM,
	      "CMB Sustained Write Throughput Units", NAMES(swtp_unit_names)),
	FIELD("cmbswtv", 8, 0xffffff, NVMETEST_FMT_SCALED,
	      "CMB Sustained Write Throughput", .unit = "/s"),
};

/* --- Boot partitions -------------------------------------------------------- */

static const char *const bpinfo_brs_names[] = {
	[NVME_BPINFO_BRS_NONE] = "no boot partition read operation requested",
	[NVME_BPINFO_BRS_READ_IN_PROGRESS] = "boot partition read in progress",
	[NVME_BPINFO_BRS_READ_SUCCESS] = "boot partition read completed successfully",
	[NVME_BPINFO_BRS_READ_ERROR] = "error completing boot partition read",
};

static const struct nvmetest_reg_field bpinfo_fields[] = {
	NFIELD(BPINFO_BPSZ, "bpsz", NVMETEST_FMT_128K, "Boot Partition Size"),
	NFIELD(BPINFO_BRS, "brs", NVMETEST_FMT_ENUM, "Boot Read Status",
	       NAMES(bpinfo_brs_names)),
	NFIELD(BPINFO_ABPID, "abpid", NVMETEST_FMT_DEC,
	       "Active Boot Partition ID"),
};

/*
 * BPRSEL.BPROF is bits 29:10 (20 bits); libnvme 1.3's
 * NVME_BPRSEL_BPROF_MASK is 0xfff and would cut it to 12.
 */
#define NVMT_BPRSEL_BPROF_MASK	0xfffff

static const struct nvmetest_reg_field bprsel_fields[] = {
	NFIELD(BPRSEL_BPRSZ, "bprsz", NVMETEST_FMT_4K, "Boot Partition Read Size"),
	FIELD("bprof", NVME_BPRSEL_BPROF_SHIFT, NVMT_BPRSEL_BPROF_MASK,
	      NVMETEST_FMT_4K, "Boot Partition Read Offset"),
	NFIELD(BPRSEL_BPID, "bpid", NVMETEST_FMT_DEC, "Boot Partition Identifier"),
};

static const struct nvmetest_reg_field bpmbl_fields[] = {
	FIELD("bmbba", ADDR_SHIFT, ADDR_MASK, NVMETEST_FMT_ADDR,
	      "Boot Partition Memory Buffer Base Address"),
};

/* --- NSSD, CRTO ----------------------------------------------------------- */

/* libnvme 1.3 has no NSSD (NVMe 2.0). */
static const struct nvmetest_reg_field nssd_fields[] = {
	FIELD("nssc", 0, 0xffffffff, NVMETEST_FMT_HEX,
	      "NVM Subsystem Shutdown Control"),
};

/*
 * libnvme 1.3's NVME_CRTO_CRIMT_MASK is 0xffff0000, a mask before the
 * shift, which NVME_GET() applies after it: CRIMT would always read 0.
 */
static const struct nvmetest_reg_field crto_fields[] = {
	FIELD("crwmt", NVME_CRTO_CRWMT_SHIFT, 0xffff, NVMETEST_FMT_500MS,
	      "Controller Ready With Media Timeout"),
	FIELD("crimt", NVME_CRTO_CRIMT_SHIFT, 0xffff, NVMETEST_FMT_500MS,
	      "Controller Ready Independent of Media Timeout"),
};

/* --- PMR --------------------------------------------------------------------- */

static const char *const pmrcap_pmrtu_names[] = {
	[NVME_PMRCAP_PMRTU_500MS] = "500 milliseconds",
	[NVME_PMRCAP_PMRTU_60S] = "minutes",
};
static const char *const pmrcap_pmrwbm_names[] = {
	"completion of a PMR memory read orders prior writes",
	"completion of a PMRSTS read orders prior writes",
};

static const struct nvmetest_reg_field pmrcap_fields[] = {
	NFIELD(PMRCAP_RDS, "rds", NVMETEST_FMT_BOOL, "Read Data Support"),
	NFIELD(PMRCAP_WDS, "wds", NVMETEST_FMT_BOOL, "Write Data Support"),
	NFIELD(PMRCAP_BIR, "bir", NVMETEST_FMT_DEC, "Base Indicator Register"),
	NFIELD(PMRCAP_PMRTU, "pmrtu", NVMETEST_FMT_ENUM, "PMR Time Units",
	       NAMES(pmrcap_pmrtu_names)),
	/* libnvme's PMRWMB is the specification's PMRWBM */
	NFIELD(PMRCAP_PMRWMB, "pmrwbm", NVMETEST_FMT_BITS,
	       "PMR Write Barrier Mechanisms", NAMES(pmrcap_pmrwbm_names)),
	NFIELD(PMRCAP_PMRTO, "pmrto", NVMETEST_FMT_PMRTO, "PMR Timeout"),
	NFIELD(PMRCAP_CMSS, "cmss", NVMETEST_FMT_BOOL,
	       "Controller Memory Space Supported"),
};

static const struct nvmetest_reg_field pmrctl_fields[] = {
	NFIELD(PMRCTL_EN, "en", NVMETEST_FMT_BOOL, "Enable"),
};

static const char *const pmrsts_hsts_names[] = {
	"normal operation", "restore error", "read only", "unreliable",
};

static const struct nvmetest_reg_field pmrsts_fields[] = {
	NFIELD(PMRSTS_ERR, "err", NVMETEST_FMT_HEX, "Error"),
	NFIELD(PMRSTS_NRDY, "nrdy", NVMETEST_FMT_BOOL, "Not Ready"),
	NFIELD(PMRSTS_HSTS, "hsts", NVMETEST_FMT_ENUM, "Health Status",
	       NAMES(pmrsts_hsts_names)),
	NFIELD(PMRSTS_CBAI, "cbai", NVMETEST_FMT_BOOL,
	       "Controller Base Address Invalid"),
};

static const struct nvmetest_reg_field pmrebs_fields[] = {
	NFIELD(PMREBS_PMRSZU, "pmrszu", NVMETEST_FMT_ENUM,
	       "PMR Elasticity Buffer Size Units", NAMES(ebs_unit_names)),
	NFIELD(PMREBS_RBB, "rbb", NVMETEST_FMT_BOOL, "Read Bypass Behavior"),
	NFIELD(PMREBS_PMRWBZ, "pmrwbz", NVMETEST_FMT_SCALED,
	       "PMR Elasticity Buffer Size Base"),
};

/* libnvme's NVME_PMRSWTP_PMRSWTV() macro reads PMRSWTU; the masks are right. */
static const struct nvmetest_reg_field pmrswtp_fields[] = {
	NFIELD(PMRSWTP_PMRSWTU, "pmrswtu", NVMETEST_FMT_ENUM,
	       "PMR Sustained Write Throughput Units", NAMES(swtp_unit_names)),
	NFIELD(PMRSWTP_PMRSWTV, "pmrswtv", NVMETEST_FMT_SCALED,
	       "PMR Sustained Write Throughput", .unit = "/s"),
};

/* PMRMSCL holds CBA bits 31:12 of the 64-bit address PMRMSCU completes. */
static const struct nvmetest_reg_field pmrmscl_fields[] = {
	NFIELD(PMRMSC_CMSE, "cmse", NVMETEST_FMT_BOOL,
	       "Controller Memory Space Enable"),
	FIELD("cba", NVME_PMRMSC_CBA_SHIFT, 0xfffff, NVMETEST_FMT_ADDR,
	      "Controller Base Address (bits 31:12)"),
};

static const struct nvmetest_reg_field pmrmscu_fields[] = {
	FIELD("cba", 0, 0xffffffff, NVMETEST_FMT_HEX,
	      "Controller Base Address (bits 63:32)"),
};

/* --- the table ---------------------------------------------------------------- */

/*
 * libnvme 1.3 has no offsets for CMBEBS, CMBSWTP and NSSD (between CMBSTS
 * and CRTO in NVMe 2.0).
 */
#define NVMT_REG_CMBEBS		0x005c
#define NVMT_REG_CMBSWTP	0x0060
#define NVMT_REG_NSSD		0x0064

#define REG(nm, off, w, pres, dsc, flds, ...) \
	{ .name = nm, .desc = dsc, .offset = off, .width = w, \
	  .presence = NVMETEST_REG_##pres, .fields = flds, \
	  .nr_fields = NVMT_ARRAY_SIZE(flds), __VA_ARGS__ }

static const struct nvmetest_reg regs[] = {
	REG("cap", NVME_REG_CAP, 8, ALWAYS, "Controller Capabilities", cap_fields),
	REG("vs", NVME_REG_VS, 4, ALWAYS, "Version", vs_fields),
	REG("intms", NVME_REG_INTMS, 4, INTM, "Interrupt Mask Set", intms_fields),
	REG("intmc", NVME_REG_INTMC, 4, INTM, "Interrupt Mask Clear", intmc_fields),
	REG("cc", NVME_REG_CC, 4, ALWAYS, "Controller Configuration", cc_fields),
	REG("csts", NVME_REG_CSTS, 4, ALWAYS, "Controller Status", csts_fields),
	REG("nssr", NVME_REG_NSSR, 4, NSSR, "NVM Subsystem Reset", nssr_fields),
	REG("aqa", NVME_REG_AQA, 4, ALWAYS, "Admin Queue Attributes", aqa_fields),
	REG("asq", NVME_REG_ASQ, 8, ALWAYS, "Admin Submission Queue Base Address",
	    asq_fields, .unsafe = true),
	REG("acq", NVME_REG_ACQ, 8, ALWAYS, "Admin Completion Queue Base Address",
	    acq_fields, .unsafe = true),
	REG("cmbloc", NVME_REG_CMBLOC, 4, CMB, "Controller Memory Buffer Location",
	    cmbloc_fields),
	/* always read: it is how a pre-1.4 controller says it has a CMB */
	REG("cmbsz", NVME_REG_CMBSZ, 4, ALWAYS, "Controller Memory Buffer Size",
	    cmbsz_fields),
	REG("bpinfo", NVME_REG_BPINFO, 4, BP, "Boot Partition Information",
	    bpinfo_fields),
	REG("bprsel", NVME_REG_BPRSEL, 4, BP, "Boot Partition Read Select",
	    bprsel_fields),
	REG("bpmbl", NVME_REG_BPMBL, 8, BP, "Boot Partition Memory Buffer Location",
	    bpmbl_fields, .unsafe = true),
	REG("cmbmsc", NVME_REG_CMBMSC, 8, CMB,
	    "Controller Memory Buffer Memory Space Control", cmbmsc_fields,
	    .unsafe = true),
	REG("cmbsts", NVME_REG_CMBSTS, 4, CMB, "Controller Memory Buffer Status",
	    cmbsts_fields),
	REG("cmbebs", NVMT_REG_CMBEBS, 4, CMB,
	    "Controller Memory Buffer Elasticity Buffer Size", cmbebs_fields),
	REG("cmbswtp", NVMT_REG_CMBSWTP, 4, CMB,
	    "Controller Memory Buffer Sustained Write Throughput", cmbswtp_fields),
	REG("nssd", NVMT_REG_NSSD, 4, NSSD, "NVM Subsystem Shutdown", nssd_fields),
	REG("crto", NVME_REG_CRTO, 4, CRTO, "Controller Ready Timeouts", crto_fields),
	REG("pmrcap", NVME_REG_PMRCAP, 4, PMR, "Persistent Memory Region Capabilities",
	    pmrcap_fields),
	REG("pmrctl", NVME_REG_PMRCTL, 4, PMR, "Persistent Memory Region Control",
	    pmrctl_fields),
	REG("pmrsts", NVME_REG_PMRSTS, 4, PMR, "Persistent Memory Region Status",
	    pmrsts_fields),
	REG("pmrebs", NVME_REG_PMREBS, 4, PMR,
	    "Persistent Memory Region Elasticity Buffer Size", pmrebs_fields),
	REG("pmrswtp", NVME_REG_PMRSWTP, 4, PMR,
	    "Persistent Memory Region Sustained Write Throughput", pmrswtp_fields),
	REG("pmrmscl", NVME_REG_PMRMSCL, 4, PMR,
	    "Persistent Memory Region Controller Memory Space Control Lower",
	    pmrmscl_fields, .unsafe = true),
	REG("pmrmscu", NVME_REG_PMRMSCU, 4, PMR,
	    "Persistent Memory Region Controller Memory Space Control Upper",
	    pmrmscu_fields, .unsafe = true),
};

const struct nvmetest_reg *nvmetest_reg_table(unsigned int *nr)
{
	*nr = NVMT_ARRAY_SIZE(regs);
	return regs;
}

const struct nvmetest_reg *nvmetest_reg_find(const char *name)
{
	for (size_t i = 0; i < NVMT_ARRAY_SIZE(regs); i++)
		if (!strcasecmp(regs[i].name, name))
			return &regs[i];
	return NULL;
}

const struct nvmetest_reg *nvmetest_reg_find_offset(uint32_t offset)
{
	for (size_t i = 0; i < NVMT_ARRAY_SIZE(regs); i++)
		if (regs[i].offset == offset)
			return &regs[i];
	return NULL;
}

const struct nvmetest_reg_field *
nvmetest_reg_field_find(const struct nvmetest_reg *reg, const char *name)
{
	for (unsigned int i = 0; i < reg->nr_fields; i++)
		if (!strcasecmp(reg->fields[i].name, name))
			return &reg->fields[i];
	return NULL;
}

uint64_t nvmetest_reg_field_get(const struct nvmetest_reg_field *field,
				uint64_t regval)
{
	return (regval >> field->shift) & field->mask;
}

/* "4 KiB", "1536 bytes": the largest binary unit that divides exactly. */
static void size_str(char *buf, size_t len, uint64_t bytes, const char *suffix)
{
	static const char *const units[] = {
		"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};
	unsigned int u = 0;

	while (bytes && !(bytes & 1023) && u + 1 < NVMT_ARRAY_SIZE(units)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, len, "%llu %s%s", (unsigned long long)bytes, units[u],
		 suffix ? suffix : "");
}

static void bits_str(char *buf, size_t len, uint64_t v,
		     const char *const *names, unsigned int nr_names)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (unsigned int bit = 0; bit < 64 && pos < len; bit++) {
		const char *name = nvmt_name(names, nr_names, bit, NULL);
		char other[16];
		int n;

		if (!(v & (1ULL << bit)))
			continue;
		if (!name) {
			snprintf(other, sizeof(other), "bit %u", bit);
			name = other;
		}
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", name);
		if (n < 0)
			break;
		pos += n;
	}
	if (!v)
		snprintf(buf, len, "none");
}

static void field_text(const struct nvmetest_reg_field *f, uint64_t regval,
		       uint64_t v, char *buf, size_t len)
{
	const char *name;
	unsigned int unit;

	switch (f->fmt) {
	case NVMETEST_FMT_HEX:
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
		break;
	case NVMETEST_FMT_DEC:
		snprintf(buf, len, "%llu", (unsigned long long)v);
		break;
	case NVMETEST_FMT_BOOL:
		snprintf(buf, len, "%s", v ? "yes" : "no");
		break;
	case NVMETEST_FMT_ZEROBASED:
		snprintf(buf, len, "%llu%s%s", (unsigned long long)v + 1,
			 f->unit ? " " : "", f->unit ? f->unit : "");
		break;
	case NVMETEST_FMT_500MS:
		snprintf(buf, len, "%llu ms", (unsigned long long)v * 500);
		break;
	case NVMETEST_FMT_MPS:
		size_str(buf, len, 1ULL << (12 + v), NULL);
		break;
	case NVMETEST_FMT_POW2:
		size_str(buf, len, 1ULL << v, NULL);
		break;
	case NVMETEST_FMT_DSTRD:
		size_str(buf, len, 1ULL << (2 + v), NULL);
		break;
	case NVMETEST_FMT_ENUM:
		name = nvmt_name(f->names, f->nr_names, v, NULL);
		if (name)
			snprintf(buf, len, "%s", name);
		else
			snprintf(buf, len, "reserved (%llu)", (unsigned long long)v);
		break;
	case NVMETEST_FMT_BITS:
		bits_str(buf, len, v, f->names, f->nr_names);
		break;
	case NVMETEST_FMT_ADDR:
		snprintf(buf, len, "0x%016llx", (unsigned long long)(v << f->shift));
		break;
	case NVMETEST_FMT_4K:
		size_str(buf, len, v * 4096, NULL);
		break;
	case NVMETEST_FMT_128K:
		size_str(buf, len, v * 128 * 1024, NULL);
		break;
	case NVMETEST_FMT_CMBSZ:
		unit = NVME_CMBSZ_SZU(regval);
		if (unit > NVME_CMBSZ_SZU_64G)
			snprintf(buf, len, "reserved size unit %u", unit);
		else
			size_str(buf, len, nvme_cmb_size((uint32_t)regval), NULL);
		break;
	case NVMETEST_FMT_SCALED:
		unit = regval & 0xf;
		if (unit > 3)
			snprintf(buf, len, "reserved unit %u", unit);
		else
			size_str(buf, len, v << (10 * unit), f->unit);
		break;
	case NVMETEST_FMT_PMRTO:
		if (NVME_PMRCAP_PMRTU(regval) == NVME_PMRCAP_PMRTU_500MS)
			snprintf(buf, len, "%llu ms", (unsigned long long)v * 500);
		else if (NVME_PMRCAP_PMRTU(regval) == NVME_PMRCAP_PMRTU_60S)
			snprintf(buf, len, "%llu min", (unsigned long long)v);
		else
			snprintf(buf, len, "reserved time unit");
		break;
	}
}

static unsigned int mask_bits(uint64_t mask)
{
	return mask ? 64 - __builtin_clzll(mask) : 0;
}

unsigned int nvmetest_reg_decode(const struct nvmetest_reg *reg,
				 uint64_t regval, struct nvmetest_field *out,
				 unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < reg->nr_fields && n < max; i++, n++) {
		const struct nvmetest_reg_field *f = &reg->fields[i];

		out[n].name = f->name;
		out[n].desc = f->desc;
		out[n].lsb = f->shift;
		out[n].msb = f->shift + mask_bits(f->mask) - 1;
		out[n].value = nvmetest_reg_field_get(f, regval);
		field_text(f, regval, out[n].value, out[n].text, sizeof(out[n].text));
	}
	return n;
}

bool nvmetest_reg_is_present(const struct nvmetest_reg *reg,
			     const struct nvmetest_reg_env *env)
{
	if ((uint64_t)reg->offset + reg->width > env->bar0_len)
		return false;
	switch ((enum nvmetest_reg_presence)reg->presence) {
	case NVMETEST_REG_ALWAYS:
		return true;
	case NVMETEST_REG_INTM:
		return !env->msix_enabled;
	case NVMETEST_REG_NSSR:
		return NVME_CAP_NSSRC(env->cap);
	case NVMETEST_REG_CMB:
		return NVME_CAP_CMBS(env->cap) || env->cmbsz;
	case NVMETEST_REG_BP:
		return NVME_CAP_BPS(env->cap);
	case NVMETEST_REG_NSSD:
		return (env->cap >> NVMT_CAP_NSSS_SHIFT) & NVMT_CAP_NSSS_MASK;
	case NVMETEST_REG_CRTO:
		return NVME_CAP_CRMS(env->cap) || NVME_VS_MJR(env->vs) >= 2;
	case NVMETEST_REG_PMR:
		return NVME_CAP_PMRS(env->cap);
	}
	return false;
}

uint32_t nvmetest_cap_timeout_ms(uint64_t cap)
{
	return NVME_CAP_TO(cap) * 500;
}

uint32_t nvmetest_cap_mqes(uint64_t cap)
{
	return NVME_CAP_MQES(cap) + 1;
}

uint32_t nvmetest_cap_dstrd_bytes(uint64_t cap)
{
	return 4U << NVME_CAP_DSTRD(cap);
}

uint32_t nvmetest_doorbell_offset(uint64_t cap, uint16_t qid, bool cq)
{
	return REG_DBS + (2U * qid + cq) * nvmetest_cap_dstrd_bytes(cap);
}

uint64_t nvmetest_cap_mps_min(uint64_t cap)
{
	return 1ULL << (12 + NVME_CAP_MPSMIN(cap));
}

uint64_t nvmetest_cap_mps_max(uint64_t cap)
{
	return 1ULL << (12 + NVME_CAP_MPSMAX(cap));
}

uint64_t nvmetest_cc_mps(uint32_t cc)
{
	return 1ULL << (12 + NVME_CC_MPS(cc));
}

char *nvmetest_vs_str(uint32_t vs, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u", (unsigned int)NVME_VS_MJR(vs),
		 (unsigned int)NVME_VS_MNR(vs), (unsigned int)NVME_VS_TER(vs));
	return buf;
}
