// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output of the NVMe data structures the admin commands return: Identify
 * Controller and Namespace, namespace lists and descriptors, SMART, error,
 * firmware slot and command effects logs, in the normal and the JSON
 * format. Field tables keyed by libnvme's structures; the JSON keys and
 * value forms are nvme-cli 2.x's (integers as numbers, 128-bit counters
 * as decimal strings, sn/mn/fr with their trailing blanks), so that the
 * output of both tools compares field by field.
 */
#include <endian.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum fk {
	FK_INT,		/* little-endian unsigned of 1, 2, 4 or 8 bytes */
	FK_HEX,		/* the same, printed in hex in the normal format */
	FK_STR,		/* fixed-length characters, printed raw */
	FK_U128,	/* 16-byte little-endian counter: a decimal string */
	FK_IEEE,	/* 3-byte OUI, little endian */
	FK_UUID,	/* 16 bytes as a UUID string */
	FK_BYTES,	/* bytes as a hex string, most significant first */
};

struct field {
	const char *name;	/* JSON key and normal label */
	uint16_t off;
	uint16_t len;
	uint8_t kind;
	bool optional;		/* left out when zero/empty (nvme-cli's subnqn) */
};

#define FLD(type, key, member, kind) \
	{ key, offsetof(type, member), sizeof(((type *)0)->member), kind, false }
#define C(m, k)	FLD(struct nvme_id_ctrl, #m, m, k)
#define N(m, k)	FLD(struct nvme_id_ns, #m, m, k)
#define S(key, m, k)	FLD(struct nvme_smart_log, key, m, k)

static const struct field id_ctrl_fields[] = {
	C(vid, FK_HEX), C(ssvid, FK_HEX), C(sn, FK_STR), C(mn, FK_STR), C(fr, FK_STR),
	C(rab, FK_INT), C(ieee, FK_IEEE), C(cmic, FK_HEX), C(mdts, FK_INT),
	C(cntlid, FK_INT), C(ver, FK_HEX), C(rtd3r, FK_INT), C(rtd3e, FK_INT),
	C(oaes, FK_HEX), C(ctratt, FK_HEX), C(rrls, FK_INT), C(cntrltype, FK_INT),
	C(fguid, FK_UUID), C(crdt1, FK_INT), C(crdt2, FK_INT), C(crdt3, FK_INT),
	C(nvmsr, FK_INT), C(vwci, FK_INT), C(mec, FK_INT), C(oacs, FK_HEX),
	C(acl, FK_INT), C(aerl, FK_INT), C(frmw, FK_HEX), C(lpa, FK_HEX),
	C(elpe, FK_INT), C(npss, FK_INT), C(avscc, FK_INT), C(apsta, FK_INT),
	C(wctemp, FK_INT), C(cctemp, FK_INT), C(mtfa, FK_INT), C(hmpre, FK_INT),
	C(hmmin, FK_INT), C(tnvmcap, FK_U128), C(unvmcap, FK_U128), C(rpmbs, FK_INT),
	C(edstt, FK_INT), C(dsto, FK_INT), C(fwug, FK_INT), C(kas, FK_INT),
	C(hctma, FK_INT), C(mntmt, FK_INT), C(mxtmt, FK_INT), C(sanicap, FK_INT),
	C(hmminds, FK_INT), C(hmmaxd, FK_INT), C(nsetidmax, FK_INT),
	C(endgidmax, FK_INT), C(anatt, FK_INT), C(anacap, FK_INT),
	C(anagrpmax, FK_INT), C(nanagrpid, FK_INT), C(pels, FK_INT),
	C(domainid, FK_INT), C(megcap, FK_U128), C(sqes, FK_HEX), C(cqes, FK_HEX),
	C(maxcmd, FK_INT), C(nn, FK_INT), C(oncs, FK_HEX), C(fuses, FK_INT),
	C(fna, FK_INT), C(vwc, FK_HEX), C(awun, FK_INT), C(awupf, FK_INT),
	C(icsvscc, FK_INT), C(nwpc, FK_INT), C(acwu, FK_INT), C(ocfs, FK_HEX),
	C(sgls, FK_HEX), C(mnan, FK_INT), C(maxdna, FK_U128), C(maxcna, FK_INT),
	{ "subnqn", offsetof(struct nvme_id_ctrl, subnqn), NVME_NQN_LENGTH, FK_STR, true },
	C(ioccsz, FK_INT), C(iorcsz, FK_INT), C(icdoff, FK_INT), C(fcatt, FK_INT),
	C(msdbd, FK_INT), C(ofcs, FK_INT),
};

static const struct field id_ns_fields[] = {
	N(nsze, FK_HEX), N(ncap, FK_HEX), N(nuse, FK_HEX), N(nsfeat, FK_HEX),
	N(nlbaf, FK_INT), N(flbas, FK_INT), N(mc, FK_HEX), N(dpc, FK_HEX),
	N(dps, FK_INT), N(nmic, FK_HEX), N(rescap, FK_INT), N(fpi, FK_INT),
	N(dlfeat, FK_INT), N(nawun, FK_INT), N(nawupf, FK_INT), N(nacwu, FK_INT),
	N(nabsn, FK_INT), N(nabo, FK_INT), N(nabspf, FK_INT), N(noiob, FK_INT),
	N(nvmcap, FK_U128), N(nsattr, FK_INT), N(nvmsetid, FK_INT), N(npwg, FK_INT),
	N(npwa, FK_INT), N(npdg, FK_INT), N(npda, FK_INT), N(nows, FK_INT),
	N(mssrl, FK_INT), N(mcl, FK_INT), N(msrc, FK_INT), N(nulbaf, FK_INT),
	N(anagrpid, FK_INT), N(endgid, FK_INT), N(eui64, FK_BYTES), N(nguid, FK_BYTES),
};

static const struct field smart_fields[] = {
	S("critical_warning", critical_warning, FK_INT),
	S("temperature", temperature, FK_INT),
	S("avail_spare", avail_spare, FK_INT),
	S("spare_thresh", spare_thresh, FK_INT),
	S("percent_used", percent_used, FK_INT),
	S("endurance_grp_critical_warning_summary", endu_grp_crit_warn_sumry, FK_INT),
	S("data_units_read", data_units_read, FK_U128),
	S("data_units_written", data_units_written, FK_U128),
	S("host_read_commands", host_reads, FK_U128),
	S("host_write_commands", host_writes, FK_U128),
	S("controller_busy_time", ctrl_busy_time, FK_U128),
	S("power_cycles", power_cycles, FK_U128),
	S("power_on_hours", power_on_hours, FK_U128),
	S("unsafe_shutdowns", unsafe_shutdowns, FK_U128),
	S("media_errors", media_errors, FK_U128),
	S("num_err_log_entries", num_err_log_entries, FK_U128),
	S("warning_temp_time", warning_temp_time, FK_INT),
	S("critical_comp_time", critical_comp_time, FK_INT),
	S("thm_temp1_trans_count", thm_temp1_trans_count, FK_INT),
	S("thm_temp2_trans_count", thm_temp2_trans_count, FK_INT),
	S("thm_temp1_total_time", thm_temp1_total_time, FK_INT),
	S("thm_temp2_total_time", thm_temp2_total_time, FK_INT),
};

#undef C
#undef N
#undef S

static uint64_t le_uint(const uint8_t *p, unsigned int len)
{
	uint64_t v = 0;

	for (unsigned int i = len; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* A 128-bit little-endian counter in decimal. */
void cli_u128_str(const uint8_t *p, char *buf, size_t len)
{
	unsigned __int128 v = 0;
	char tmp[48];
	int n = 0;

	for (int i = 15; i >= 0; i--)
		v = v << 8 | p[i];
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	if ((size_t)n >= len)
		n = (int)len - 1;
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

static void field_text(const struct field *f, const uint8_t *base, bool json,
		       char *buf, size_t len)
{
	const uint8_t *p = base + f->off;
	size_t n = 0;

	switch (f->kind) {
	case FK_STR:
		/* raw, trailing blanks kept; stop at a NUL like nvme-cli's %-.*s */
		n = strnlen((const char *)p, f->len);
		snprintf(buf, len, "%.*s", (int)n, (const char *)p);
		break;
	case FK_U128:
		cli_u128_str(p, buf, len);
		break;
	case FK_IEEE:
		snprintf(buf, len, "%02x%02x%02x", p[2], p[1], p[0]);
		break;
	case FK_UUID:
		snprintf(buf, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x%02x%02x%02x%02x", p[0], p[1], p[2], p[3], p[4], p[5],
			 p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
		break;
	case FK_BYTES:
		for (unsigned int i = 0; i < f->len && 2 * i + 2 < len; i++)
			snprintf(buf + 2 * i, 3, "%02x", p[i]);
		break;
	case FK_HEX:
		if (!json) {
			snprintf(buf, len, "%#" PRIx64, le_uint(p, f->len));
			break;
		}
		/* fall through */
	default:
		snprintf(buf, len, "%" PRIu64, le_uint(p, f->len));
		break;
	}
}

static bool field_empty(const struct field *f, const uint8_t *base)
{
	return f->kind == FK_STR ? !base[f->off] : !le_uint(base + f->off, f->len > 8 ? 8 : f->len);
}

static void json_fields(struct json_object *o, const struct field *t, size_t n,
			const void *data)
{
	const uint8_t *base = data;
	char buf[NVME_NQN_LENGTH + 1];

	for (size_t i = 0; i < n; i++) {
		const struct field *f = &t[i];
		struct json_object *v;

		if (f->optional && field_empty(f, base))
			continue;
		if (f->kind == FK_INT || f->kind == FK_HEX) {
			v = json_object_new_uint64(le_uint(base + f->off, f->len));
		} else if (f->kind == FK_IEEE) {
			v = json_object_new_int64((int64_t)le_uint(base + f->off, 3));
		} else {
			field_text(f, base, true, buf, sizeof(buf));
			v = json_object_new_string(buf);
		}
		json_object_object_add(o, f->name, v);
	}
}

static void print_fields(const struct field *t, size_t n, const void *data,
			 int width)
{
	const uint8_t *base = data;
	char buf[NVME_NQN_LENGTH + 1];

	for (size_t i = 0; i < n; i++) {
		if (t[i].optional && field_empty(&t[i], base))
			continue;
		field_text(&t[i], base, false, buf, sizeof(buf));
		printf("%-*s: %s\n", width, t[i].name, buf);
	}
}

/* -H: the bits of a few capability fields, as nvme-cli -H shows them. */
struct bit_name {
	uint8_t bit;
	const char *name;
};

static const struct bit_name oacs_bits[] = {
	{ 0, "Security Send and Receive" }, { 1, "Format NVM" },
	{ 2, "FW Commit and Download" }, { 3, "NS Management and Attachment" },
	{ 4, "Device Self-test" }, { 5, "Directives" }, { 6, "NVMe-MI Send and Receive" },
	{ 7, "Virtualization Management" }, { 8, "Doorbell Buffer Config" },
	{ 9, "Get LBA Status" }, { 10, "Command and Feature Lockdown" },
};

static const struct bit_name oncs_bits[] = {
	{ 0, "Compare" }, { 1, "Write Uncorrectable" }, { 2, "Data Set Management" },
	{ 3, "Write Zeroes" }, { 4, "Save and Select in Set/Get Features" },
	{ 5, "Reservations" }, { 6, "Timestamp" }, { 7, "Verify" }, { 8, "Copy" },
};

static const struct bit_name lpa_bits[] = {
	{ 0, "SMART/Health Log Page per NS" }, { 1, "Command Effects Log Page" },
	{ 2, "Extended data for Get Log Page" }, { 3, "Telemetry host/controller initiated log page" },
	{ 4, "Persistent Event log" }, { 6, "Telemetry Log Data Area 4" },
};

static const struct bit_name cmic_bits[] = {
	{ 0, "Multi Port" }, { 1, "Multi Controller" }, { 2, "SR-IOV Virtual Function" },
	{ 3, "ANA Reporting" },
};

static const struct bit_name oaes_bits[] = {
	{ 8, "Namespace Attribute Changed Event" }, { 9, "Firmware Activation Notices" },
	{ 11, "Asymmetric Namespace Access Change Notices" },
	{ 12, "Predictable Latency Event Aggregate Log Change Notices" },
	{ 13, "LBA Status Information Notices" },
	{ 14, "Endurance Group Event Aggregate Log Page Change Notice" },
	{ 15, "Normal NSS Shutdown Event" },
};

static const struct bit_name vwc_bits[] = { { 0, "Volatile Write Cache Present" } };

static void print_bits(const char *indent, uint32_t v, const struct bit_name *b, size_t n)
{
	for (size_t i = n; i-- > 0;)
		printf("%s[%u:%u] : %u\t%s %s\n", indent, b[i].bit, b[i].bit,
		       (v >> b[i].bit) & 1, b[i].name,
		       (v >> b[i].bit) & 1 ? "Supported" : "Not Supported");
}

#define NBITS(t)	(sizeof(t) / sizeof((t)[0]))

/* The Identify Controller fields -H decodes bit by bit. */
static const struct {
	const char *name;
	const struct bit_name *bits;
	size_t n;
} id_ctrl_bits[] = {
	{ "oacs", oacs_bits, NBITS(oacs_bits) }, { "oncs", oncs_bits, NBITS(oncs_bits) },
	{ "lpa", lpa_bits, NBITS(lpa_bits) }, { "cmic", cmic_bits, NBITS(cmic_bits) },
	{ "oaes", oaes_bits, NBITS(oaes_bits) }, { "vwc", vwc_bits, NBITS(vwc_bits) },
};

/* -H's lines under Identify Controller field @name of value @v. */
static void print_id_ctrl_decoded(const char *name, uint32_t v)
{
	for (size_t i = 0; i < NBITS(id_ctrl_bits); i++) {
		if (!strcmp(name, id_ctrl_bits[i].name)) {
			print_bits("  ", v, id_ctrl_bits[i].bits, id_ctrl_bits[i].n);
			return;
		}
	}
	if (!strcmp(name, "frmw"))
		printf("  [3:1] : %u\tNumber of Firmware Slots\n"
		       "  [0:0] : %u\tFirmware Slot 1 Read-Only\n",
		       (v >> 1) & 7, v & 1);
	else if (!strcmp(name, "mdts"))
		printf("  max transfer: %s\n", v ? "2^mdts x CAP.MPSMIN" : "no limit");
}

static const char *psd_names[] = {
	"max_power", "flags", "entry_lat", "exit_lat", "read_tput", "read_lat",
	"write_tput", "write_lat", "idle_power", "idle_scale", "active_power",
	"active_power_work", "active_scale",
};

static void psd_values(const struct nvme_id_psd *p, uint64_t v[13])
{
	v[0] = le16toh(p->mp);
	v[1] = p->flags;
	v[2] = le32toh(p->enlat);
	v[3] = le32toh(p->exlat);
	v[4] = p->rrt;
	v[5] = p->rrl;
	v[6] = p->rwt;
	v[7] = p->rwl;
	v[8] = le16toh(p->idlp);
	v[9] = (p->ips >> 6) & 0x3;
	v[10] = le16toh(p->actp);
	v[11] = p->apws & 0x7;
	v[12] = (p->apws >> 6) & 0x3;
}

struct json_object *cli_json_id_ctrl(const struct nvme_id_ctrl *id)
{
	struct json_object *o = json_object_new_object();
	struct json_object *psds = json_object_new_array();

	json_fields(o, id_ctrl_fields, NBITS(id_ctrl_fields), id);
	for (unsigned int i = 0; i <= id->npss && i < 32; i++) {
		struct json_object *p = json_object_new_object();
		uint64_t v[13];

		psd_values(&id->psd[i], v);
		for (unsigned int j = 0; j < 13; j++)
			json_object_object_add(p, psd_names[j], json_object_new_uint64(v[j]));
		json_object_array_add(psds, p);
	}
	json_object_object_add(o, "psds", psds);
	return o;
}

void cli_print_id_ctrl(const struct nvme_id_ctrl *id, bool human)
{
	const uint8_t *base = (const uint8_t *)id;
	char buf[NVME_NQN_LENGTH + 1];

	printf("NVME Identify Controller:\n");
	for (size_t i = 0; i < NBITS(id_ctrl_fields); i++) {
		const struct field *f = &id_ctrl_fields[i];
		uint32_t v = (uint32_t)le_uint(base + f->off, f->len > 4 ? 4 : f->len);

		if (f->optional && field_empty(f, base))
			continue;
		field_text(f, base, false, buf, sizeof(buf));
		printf("%-10s: %s\n", f->name, buf);
		if (human)
			print_id_ctrl_decoded(f->name, v);
	}
	for (unsigned int i = 0; i <= id->npss && i < 32; i++) {
		uint64_t v[13];

		psd_values(&id->psd[i], v);
		printf("ps %4u : mp:%" PRIu64 " %s enlat:%" PRIu64 " exlat:%" PRIu64
		       " rrt:%" PRIu64 " rrl:%" PRIu64 "\n          rwt:%" PRIu64
		       " rwl:%" PRIu64 " idle_power:%" PRIu64 " active_power:%" PRIu64 "\n",
		       i, v[0], v[1] & 2 ? "non-operational" : "operational", v[2], v[3],
		       v[4], v[5], v[6], v[7], v[8], v[10]);
	}
}

static unsigned int nr_lbafs(const struct nvme_id_ns *ns)
{
	unsigned int n = ns->nlbaf + 1u + ns->nulbaf;

	return n > 64 ? 64 : n;
}

struct json_object *cli_json_id_ns(const struct nvme_id_ns *ns)
{
	struct json_object *o = json_object_new_object();
	struct json_object *lbafs = json_object_new_array();

	json_fields(o, id_ns_fields, NBITS(id_ns_fields), ns);
	for (unsigned int i = 0; i < nr_lbafs(ns); i++) {
		struct json_object *l = json_object_new_object();

		json_object_object_add(l, "ms", json_object_new_int(le16toh(ns->lbaf[i].ms)));
		json_object_object_add(l, "ds", json_object_new_int(ns->lbaf[i].ds));
		json_object_object_add(l, "rp", json_object_new_int(ns->lbaf[i].rp & 3));
		json_object_array_add(lbafs, l);
	}
	json_object_object_add(o, "lbafs", lbafs);
	return o;
}

/* FLBAS: format index bits 3:0, and bits 6:5 above 16 formats */
static unsigned int flbas_index(uint8_t flbas)
{
	return (flbas & 0xf) | ((flbas >> 5) & 0x3) << 4;
}

void cli_print_id_ns(const struct nvme_id_ns *ns, uint32_t nsid, bool human)
{
	printf("NVME Identify Namespace %u:\n", nsid);
	print_fields(id_ns_fields, NBITS(id_ns_fields), ns, 8);
	for (unsigned int i = 0; i < nr_lbafs(ns); i++) {
		printf("lbaf %2u : ms:%-3u lbads:%-2u rp:%u", i, le16toh(ns->lbaf[i].ms),
		       ns->lbaf[i].ds, ns->lbaf[i].rp & 3);
		/* -H: the data size in bytes (LBADS is a power of two) */
		if (human && ns->lbaf[i].ds < 32)
			printf(" (%u bytes)", 1u << ns->lbaf[i].ds);
		printf("%s\n", i == flbas_index(ns->flbas) ? " (in use)" : "");
	}
}

struct json_object *cli_json_ns_list(const struct nvme_ns_list *list)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	for (unsigned int i = 0; i < NVME_ID_NS_LIST_MAX && list->ns[i]; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "nsid", json_object_new_int64(le32toh(list->ns[i])));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "nsid_list", a);
	return o;
}

void cli_print_ns_list(const struct nvme_ns_list *list)
{
	for (unsigned int i = 0; i < NVME_ID_NS_LIST_MAX && list->ns[i]; i++)
		printf("[%4u]:%#x\n", i, le32toh(list->ns[i]));
}

static const char *nidt_name(uint8_t nidt)
{
	switch (nidt) {
	case NVME_NIDT_EUI64:
		return "eui64";
	case NVME_NIDT_NGUID:
		return "nguid";
	case NVME_NIDT_UUID:
		return "uuid";
	case NVME_NIDT_CSI:
		return "csi";
	default:
		return "unknown";
	}
}

/* Walk a descriptor list; @fn gets each well-formed descriptor. */
static void descs_walk(const uint8_t *buf, void (*fn)(unsigned int loc, uint8_t nidt,
						      const uint8_t *nid, uint8_t nidl,
						      void *ctx), void *ctx)
{
	unsigned int pos = 0;

	while (pos + 4 <= NVME_IDENTIFY_DATA_SIZE) {
		uint8_t nidt = buf[pos], nidl = buf[pos + 1];

		if (!nidt || !nidl || pos + 4 + nidl > NVME_IDENTIFY_DATA_SIZE)
			break;
		fn(pos, nidt, buf + pos + 4, nidl, ctx);
		pos += 4 + nidl;
	}
}

static void nid_text(uint8_t nidt, const uint8_t *nid, uint8_t nidl, char *buf, size_t len)
{
	size_t n = 0;

	if (nidt == NVME_NIDT_CSI) {
		snprintf(buf, len, "%u", nid[0]);
		return;
	}
	buf[0] = '\0';
	for (unsigned int i = 0; i < nidl && n + 3 < len; i++) {
		if (nidt == NVME_NIDT_UUID && (i == 4 || i == 6 || i == 8 || i == 10))
			buf[n++] = '-';
		n += (size_t)snprintf(buf + n, len - n, "%02x", nid[i]);
	}
}

static void desc_json(unsigned int loc, uint8_t nidt, const uint8_t *nid, uint8_t nidl,
		      void *ctx)
{
	struct json_object *e = json_object_new_object();
	char text[80];

	nid_text(nidt, nid, nidl, text, sizeof(text));
	json_object_object_add(e, "loc", json_object_new_int(loc));
	json_object_object_add(e, "nidt", json_object_new_int(nidt));
	json_object_object_add(e, "nidl", json_object_new_int(nidl));
	json_object_object_add(e, "type", json_object_new_string(nidt_name(nidt)));
	json_object_object_add(e, nidt_name(nidt), json_object_new_string(text));
	json_object_array_add(ctx, e);
}

static void desc_print(unsigned int loc, uint8_t nidt, const uint8_t *nid, uint8_t nidl,
		       void *ctx)
{
	char text[80];

	(void)loc;
	(void)ctx;
	nid_text(nidt, nid, nidl, text, sizeof(text));
	printf("%-8s: %s\n", nidt_name(nidt), text);
}

struct json_object *cli_json_ns_descs(const void *buf)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	descs_walk(buf, desc_json, a);
	json_object_object_add(o, "ns-descs", a);
	return o;
}

void cli_print_ns_descs(const void *buf, uint32_t nsid)
{
	printf("NVME Namespace Identification Descriptors NS %u:\n", nsid);
	descs_walk(buf, desc_print, NULL);
}

static void smart_sensors(const struct nvme_smart_log *s, struct json_object *o)
{
	for (unsigned int i = 0; i < 8; i++) {
		char key[32];

		if (!s->temp_sensor[i])
			continue;
		snprintf(key, sizeof(key), "temperature_sensor_%u", i + 1);
		if (o)
			json_object_object_add(o, key,
					       json_object_new_int(le16toh(s->temp_sensor[i])));
		else
			printf("%-40s: %d°C (%u Kelvin)\n", key,
			       le16toh(s->temp_sensor[i]) - 273, le16toh(s->temp_sensor[i]));
	}
}

struct json_object *cli_json_smart_log(const struct nvme_smart_log *s)
{
	struct json_object *o = json_object_new_object();

	json_fields(o, smart_fields, NBITS(smart_fields), s);
	smart_sensors(s, o);
	return o;
}

void cli_print_smart_log(const struct nvme_smart_log *s, uint32_t nsid, bool human)
{
	unsigned int k = s->temperature[0] | s->temperature[1] << 8;
	static const char *const cw[] = {
		"Available Spare", "Temp. Threshold", "NVM subsystem Reliability",
		"Read-only", "Volatile mem. backup failed", "Persistent Mem. RO",
	};
	char buf[48];

	printf("Smart Log for NVME device namespace-id:%x\n", nsid);
	for (size_t i = 0; i < NBITS(smart_fields); i++) {
		const struct field *f = &smart_fields[i];

		if (!strcmp(f->name, "temperature")) {
			printf("%-40s: %d°C (%u Kelvin)\n", f->name, (int)k - 273, k);
			continue;
		}
		field_text(f, (const uint8_t *)s, false, buf, sizeof(buf));
		printf("%-40s: %s%s\n", f->name, buf,
		       !strcmp(f->name, "avail_spare") || !strcmp(f->name, "spare_thresh") ||
		       !strcmp(f->name, "percent_used") ? "%" : "");
		if (human && i == 0)
			for (unsigned int b = 0; b < NBITS(cw); b++)
				printf("      %-28s[%u] : %u\n", cw[b], b,
				       (s->critical_warning >> b) & 1);
	}
	smart_sensors(s, NULL);
}

struct json_object *cli_json_error_log(const struct nvme_error_log_page *e,
				       unsigned int n)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();

	for (unsigned int i = 0; i < n; i++) {
		struct json_object *x = json_object_new_object();
		uint16_t sf = le16toh(e[i].status_field);

		json_object_object_add(x, "error_count",
				       json_object_new_uint64(le64toh(e[i].error_count)));
		json_object_object_add(x, "sqid", json_object_new_int(le16toh(e[i].sqid)));
		json_object_object_add(x, "cmdid", json_object_new_int(le16toh(e[i].cmdid)));
		json_object_object_add(x, "status_field", json_object_new_int(sf >> 1));
		json_object_object_add(x, "phase_tag", json_object_new_int(sf & 1));
		json_object_object_add(x, "parm_error_location",
				       json_object_new_int(le16toh(e[i].parm_error_location)));
		json_object_object_add(x, "lba", json_object_new_uint64(le64toh(e[i].lba)));
		json_object_object_add(x, "nsid", json_object_new_int64(le32toh(e[i].nsid)));
		json_object_object_add(x, "vs", json_object_new_int(e[i].vs));
		json_object_object_add(x, "trtype", json_object_new_int(e[i].trtype));
		json_object_object_add(x, "cs", json_object_new_uint64(le64toh(e[i].cs)));
		json_object_object_add(x, "trtype_spec_info",
				       json_object_new_int(le16toh(e[i].trtype_spec_info)));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "errors", a);
	return o;
}

void cli_print_error_log(const struct nvme_error_log_page *e, unsigned int n)
{
	printf("Error Log Entries: %u\n", n);
	for (unsigned int i = 0; i < n; i++) {
		uint16_t sf = le16toh(e[i].status_field);

		printf(" Entry[%2u]\n", i);
		printf("error_count\t: %" PRIu64 "\n", (uint64_t)le64toh(e[i].error_count));
		printf("sqid\t\t: %u\n", le16toh(e[i].sqid));
		printf("cmdid\t\t: %#x\n", le16toh(e[i].cmdid));
		printf("status_field\t: %#x (%s)\n", sf >> 1, nvmetest_status_name(sf >> 1));
		printf("phase_tag\t: %u\n", sf & 1);
		printf("parm_err_loc\t: %#x\n", le16toh(e[i].parm_error_location));
		printf("lba\t\t: %#" PRIx64 "\n", (uint64_t)le64toh(e[i].lba));
		printf("nsid\t\t: %#x\n", le32toh(e[i].nsid));
		printf("vs\t\t: %u\n", e[i].vs);
		printf("trtype\t\t: %u\n", e[i].trtype);
		printf("cs\t\t: %#" PRIx64 "\n", (uint64_t)le64toh(e[i].cs));
		printf("trtype_spec_info: %#x\n", le16toh(e[i].trtype_spec_info));
	}
}

/* nvme-cli shows a revision both as a number and as text, '.' for blanks */
static void frs_text(const char *frs, uint64_t *num, char *buf)
{
	uint64_t v;

	memcpy(&v, frs, 8);
	*num = le64toh(v);
	for (int i = 0; i < 8; i++)
		buf[i] = frs[i] > 0x20 && frs[i] < 0x7f ? frs[i] : '.';
	buf[8] = '\0';
}

struct json_object *cli_json_fw_log(const struct nvme_firmware_slot *fw,
				    const char *devname)
{
	struct json_object *o = json_object_new_object();
	struct json_object *d = json_object_new_object();

	json_object_object_add(d, "Active Firmware Slot (afi)", json_object_new_int(fw->afi));
	for (int i = 0; i < 7; i++) {
		char key[32], text[9], val[48];
		uint64_t num;

		if (!fw->frs[i][0])
			continue;
		frs_text(fw->frs[i], &num, text);
		snprintf(key, sizeof(key), "Firmware Rev Slot %d", i + 1);
		snprintf(val, sizeof(val), "%" PRIu64 " (%s)", num, text);
		json_object_object_add(d, key, json_object_new_string(val));
	}
	json_object_object_add(o, devname, d);
	return o;
}

void cli_print_fw_log(const struct nvme_firmware_slot *fw, const char *devname)
{
	printf("Firmware Log for device:%s\n", devname);
	printf("afi  : %#x\n", fw->afi);
	for (int i = 0; i < 7; i++) {
		char text[9];
		uint64_t num;

		if (!fw->frs[i][0])
			continue;
		frs_text(fw->frs[i], &num, text);
		printf("frs%d : 0x%016" PRIx64 " (%s)\n", i + 1, num, text);
	}
}

static void effects_entry(struct json_object *a, unsigned int opcode, uint32_t e)
{
	struct json_object *x = json_object_new_object();

	json_object_object_add(x, "opcode", json_object_new_int(opcode));
	json_object_object_add(x, "effects", json_object_new_int64(e));
	json_object_object_add(x, "csupp", json_object_new_int(e & 1));
	json_object_object_add(x, "lbcc", json_object_new_int((e >> 1) & 1));
	json_object_object_add(x, "ncc", json_object_new_int((e >> 2) & 1));
	json_object_object_add(x, "nic", json_object_new_int((e >> 3) & 1));
	json_object_object_add(x, "ccc", json_object_new_int((e >> 4) & 1));
	json_object_object_add(x, "cse", json_object_new_int((e >> 16) & 7));
	json_object_object_add(x, "uuid_sel", json_object_new_int((e >> 19) & 1));
	json_object_array_add(a, x);
}

struct json_object *cli_json_effects_log(const struct nvme_cmd_effects_log *l)
{
	struct json_object *o = json_object_new_object();
	struct json_object *acs = json_object_new_array();
	struct json_object *iocs = json_object_new_array();

	for (unsigned int i = 0; i < 256; i++) {
		if (le32toh(l->acs[i]) & 1)
			effects_entry(acs, i, le32toh(l->acs[i]));
		if (le32toh(l->iocs[i]) & 1)
			effects_entry(iocs, i, le32toh(l->iocs[i]));
	}
	json_object_object_add(o, "admin_cmd_set", acs);
	json_object_object_add(o, "io_cmd_set", iocs);
	return o;
}

void cli_print_effects_log(const struct nvme_cmd_effects_log *l)
{
	printf("Admin Command Set\n");
	for (unsigned int i = 0; i < 256; i++)
		if (le32toh(l->acs[i]) & 1)
			printf("ACS%-3u [%-32s] %08x\n", i, nvmetest_admin_opcode_name((uint8_t)i),
			       le32toh(l->acs[i]));
	printf("\nNVM Command Set\n");
	for (unsigned int i = 0; i < 256; i++)
		if (le32toh(l->iocs[i]) & 1)
			printf("IOCS%-3u %08x\n", i, le32toh(l->iocs[i]));
}

