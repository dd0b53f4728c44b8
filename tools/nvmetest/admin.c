// SPDX-License-Identifier: GPL-2.0-only
/*
 * The admin command commands of the CLI, with nvme-cli's names and
 * options: id-ctrl, id-ns, list-ns, ns-descs, get-log and the decoded logs
 * (smart-log, error-log, fw-log, effects-log), get-feature, set-feature,
 * admin-passthru, format, sanitize, fw-download, fw-commit and
 * device-self-test. A failed command exits 1 with one line naming its NVMe
 * status (or host status / errno).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* --- identify ----------------------------------------------------------- */

static int identify(const struct cli_args *a, struct nvmetest_dev *dev, uint8_t cns,
		    uint32_t nsid, void *buf)
{
	struct nvmetest_identify_args id = {
		.cns = cns, .nsid = nsid, .data = buf, .timeout_ms = cli_timeout_ms(a),
	};

	return nvmetest_identify(dev, &id);
}

int cmd_id_ctrl(const struct cli_args *a)
{
	struct nvme_id_ctrl id;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = identify(a, dev, NVME_IDENTIFY_CNS_CTRL, 0, &id);
	if (ret)
		ret = cli_cmd_result(a, ret, "identify controller");
	else if (cli_given(a, CLI_OPT_RAW))
		ret = cli_write_raw(a, &id, sizeof(id));
	else if (a->format == CLI_FMT_JSON)
		cli_json_print(cli_json_id_ctrl(&id));
	else
		cli_print_id_ctrl(&id, a->human);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_id_ns(const struct cli_args *a)
{
	uint32_t nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1);
	struct nvme_id_ns ns;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = identify(a, dev, NVME_IDENTIFY_CNS_NS, nsid, &ns);
	if (ret)
		ret = cli_cmd_result(a, ret, "identify namespace");
	else if (cli_given(a, CLI_OPT_RAW))
		ret = cli_write_raw(a, &ns, sizeof(ns));
	else if (a->format == CLI_FMT_JSON)
		cli_json_print(cli_json_id_ns(&ns));
	else
		cli_print_id_ns(&ns, nsid, a->human);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_list_ns(const struct cli_args *a)
{
	struct nvme_ns_list list;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = identify(a, dev, NVME_IDENTIFY_CNS_NS_ACTIVE_LIST,
		       (uint32_t)cli_num(a, CLI_OPT_NSID, 0), &list);
	if (ret)
		ret = cli_cmd_result(a, ret, "active namespace list");
	else if (a->format == CLI_FMT_JSON)
		cli_json_print(cli_json_ns_list(&list));
	else
		cli_print_ns_list(&list);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_ns_descs(const struct cli_args *a)
{
	uint32_t nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 1);
	uint8_t buf[NVME_IDENTIFY_DATA_SIZE];
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = identify(a, dev, NVME_IDENTIFY_CNS_NS_DESC_LIST, nsid, buf);
	if (ret)
		ret = cli_cmd_result(a, ret, "namespace identification descriptors");
	else if (cli_given(a, CLI_OPT_RAW))
		ret = cli_write_raw(a, buf, sizeof(buf));
	else if (a->format == CLI_FMT_JSON)
		cli_json_print(cli_json_ns_descs(buf));
	else
		cli_print_ns_descs(buf, nsid);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* --- logs --------------------------------------------------------------- */

static int get_log(const struct cli_args *a, struct nvmetest_dev *dev, uint8_t lid,
		   uint32_t nsid, void *buf, uint32_t len)
{
	struct nvmetest_log_args l = {
		.lid = lid, .nsid = nsid, .data = buf, .len = len,
		.csi = (uint8_t)cli_num(a, CLI_OPT_CSI, 0),
		.timeout_ms = cli_timeout_ms(a),
	};
	char what[80];
	int ret;

	ret = nvmetest_get_log(dev, &l);
	if (ret) {
		snprintf(what, sizeof(what), "get log page 0x%02x (%s)", lid,
			 nvmetest_log_name(lid));
		cli_cmd_result(a, ret, what);
	}
	return ret;
}

int cmd_get_log(const struct cli_args *a)
{
	uint32_t len = (uint32_t)a->num[CLI_OPT_LOG_LEN];
	struct nvmetest_log_args l = {
		.lid = (uint8_t)a->num[CLI_OPT_LOG_ID],
		.lsp = (uint8_t)cli_num(a, CLI_OPT_LSP, 0),
		.lsi = (uint16_t)cli_num(a, CLI_OPT_LSI, 0),
		.rae = cli_given(a, CLI_OPT_RAE),
		.ot = cli_given(a, CLI_OPT_OT),
		.csi = (uint8_t)cli_num(a, CLI_OPT_CSI, 0),
		.uuidx = (uint8_t)cli_num(a, CLI_OPT_UUID_INDEX, 0),
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, NVME_NSID_ALL),
		.lpo = cli_num(a, CLI_OPT_LPO, 0),
		.len = len,
		.xfer = (uint32_t)cli_num(a, CLI_OPT_XFER, 0),
		.timeout_ms = cli_timeout_ms(a),
	};
	struct nvmetest_dev *dev;
	int ret;

	if (l.xfer && l.xfer < 4)
		return cli_fail(a, "--xfer must be at least 4");
	if (!len || len % 4)
		return cli_fail(a, "--log-len %u must be a non-zero multiple of 4", len);
	if (l.lpo % 4)
		return cli_fail(a, "--lpo must be a multiple of 4");
	l.data = calloc(1, len);
	if (!l.data)
		return cli_fail(a, "%s", strerror(ENOMEM));
	dev = cli_open_dev(a);
	if (!dev) {
		free(l.data);
		return CLI_EXIT_FAIL;
	}
	ret = nvmetest_get_log(dev, &l);
	if (ret) {
		ret = cli_cmd_result(a, ret, "get log page");
	} else if (cli_given(a, CLI_OPT_RAW)) {
		ret = cli_write_raw(a, l.data, len);
	} else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "log_id", json_object_new_int(l.lid));
		json_object_object_add(o, "name", json_object_new_string(nvmetest_log_name(l.lid)));
		json_object_object_add(o, "nsid", json_object_new_int64(l.nsid));
		json_object_object_add(o, "lpo", json_object_new_uint64(l.lpo));
		json_object_object_add(o, "log_len", json_object_new_int64(len));
		json_object_object_add(o, "data", cli_json_hex(l.data, len));
		cli_json_print(o);
	} else {
		printf("Device:%s log-id:%u namespace-id:%#x\n", nvmetest_path(dev), l.lid, l.nsid);
		cli_hexdump(l.data, len);
	}
	nvmetest_close(dev);
	free(l.data);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_smart_log(const struct cli_args *a)
{
	uint32_t nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, NVME_NSID_ALL);
	struct nvme_smart_log s;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = get_log(a, dev, NVME_LOG_LID_SMART, nsid, &s, sizeof(s));
	if (!ret) {
		if (cli_given(a, CLI_OPT_RAW))
			ret = cli_write_raw(a, &s, sizeof(s));
		else if (a->format == CLI_FMT_JSON)
			cli_json_print(cli_json_smart_log(&s));
		else
			cli_print_smart_log(&s, nsid, a->human);
	}
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_error_log(const struct cli_args *a)
{
	struct nvme_error_log_page *e = NULL;
	struct nvmetest_dev *dev = cli_open_dev(a);
	uint32_t n;
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	n = (uint32_t)cli_num(a, CLI_OPT_LOG_ENTRIES, 0);
	if (!n) {
		struct nvme_id_ctrl id;

		ret = identify(a, dev, NVME_IDENTIFY_CNS_CTRL, 0, &id);
		if (ret) {
			ret = cli_cmd_result(a, ret, "identify controller (for ELPE)");
			goto out;
		}
		n = id.elpe + 1u;
	}
	e = calloc(n, sizeof(*e));
	if (!e) {
		ret = cli_fail(a, "%s", strerror(ENOMEM));
		goto out;
	}
	ret = get_log(a, dev, NVME_LOG_LID_ERROR, NVME_NSID_ALL, e, n * (uint32_t)sizeof(*e));
	if (!ret) {
		if (cli_given(a, CLI_OPT_RAW))
			ret = cli_write_raw(a, e, n * sizeof(*e));
		else if (a->format == CLI_FMT_JSON)
			cli_json_print(cli_json_error_log(e, n));
		else
			cli_print_error_log(e, n);
	}
out:
	free(e);
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_fw_log(const struct cli_args *a)
{
	struct nvme_firmware_slot fw;
	struct nvmetest_dev *dev = cli_open_dev(a);
	char path[PATH_MAX];
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = get_log(a, dev, NVME_LOG_LID_FW_SLOT, NVME_NSID_ALL, &fw, sizeof(fw));
	if (!ret) {
		snprintf(path, sizeof(path), "%s", nvmetest_path(dev));
		if (cli_given(a, CLI_OPT_RAW))
			ret = cli_write_raw(a, &fw, sizeof(fw));
		else if (a->format == CLI_FMT_JSON)
			cli_json_print(cli_json_fw_log(&fw, basename(path)));
		else
			cli_print_fw_log(&fw, basename(path));
	}
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_effects_log(const struct cli_args *a)
{
	struct nvme_cmd_effects_log l;
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = get_log(a, dev, NVME_LOG_LID_CMD_EFFECTS, NVME_NSID_ALL, &l, sizeof(l));
	if (!ret) {
		if (cli_given(a, CLI_OPT_RAW))
			ret = cli_write_raw(a, &l, sizeof(l));
		else if (a->format == CLI_FMT_JSON)
			cli_json_print(cli_json_effects_log(&l));
		else
			cli_print_effects_log(&l);
	}
	nvmetest_close(dev);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* --- features ----------------------------------------------------------- */

static const char *sel_name(unsigned int sel)
{
	static const char *const n[] = { "Current", "Default", "Saved", "Supported capabilities" };

	return sel < 4 ? n[sel] : "Reserved";
}

/* -H: the fields of the features a test looks at most. */
static void print_feature_fields(uint8_t fid, uint32_t v)
{
	switch (fid) {
	case NVME_FEAT_FID_ARBITRATION:
		printf("\tHigh Priority Weight   (HPW): %u\n", ((v >> 24) & 0xff) + 1);
		printf("\tMedium Priority Weight (MPW): %u\n", ((v >> 16) & 0xff) + 1);
		printf("\tLow Priority Weight    (LPW): %u\n", ((v >> 8) & 0xff) + 1);
		printf("\tArbitration Burst       (AB): %u\n", 1u << (v & 7));
		break;
	case NVME_FEAT_FID_TEMP_THRESH:
		printf("\tThreshold Type Select         (THSEL): %u - %s\n", (v >> 20) & 3,
		       (v >> 20) & 3 ? "Under Temperature Threshold" : "Over Temperature Threshold");
		printf("\tThreshold Temperature Select (TMPSEL): %u\n", (v >> 16) & 0xf);
		printf("\tTemperature Threshold         (TMPTH): %d°C (%u Kelvin)\n",
		       (int)(v & 0xffff) - 273, v & 0xffff);
		break;
	case NVME_FEAT_FID_NUM_QUEUES:
		printf("\tNumber of IO Completion Queues Allocated (NCQA): %u\n",
		       (v >> 16) + 1);
		printf("\tNumber of IO Submission Queues Allocated (NSQA): %u\n",
		       (v & 0xffff) + 1);
		break;
	case NVME_FEAT_FID_VOLATILE_WC:
		printf("\tVolatile Write Cache Enable (WCE): %s\n", v & 1 ? "Enabled" : "Disabled");
		break;
	default:
		break;
	}
}

int cmd_get_feature(const struct cli_args *a)
{
	uint32_t len = (uint32_t)cli_num(a, CLI_OPT_DATA_LEN, 0), value = 0;
	struct nvmetest_feat_args f = {
		.fid = (uint8_t)a->num[CLI_OPT_FID],
		.sel = (uint8_t)cli_num(a, CLI_OPT_SEL, 0),
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 0),
		.cdw11 = (uint32_t)cli_num(a, CLI_OPT_FEAT_CDW11, 0),
		.uuidx = (uint8_t)cli_num(a, CLI_OPT_UUID_INDEX, 0),
		.data_len = len,
		.timeout_ms = cli_timeout_ms(a),
		.result = &value,
	};
	struct nvmetest_dev *dev;
	char what[80];
	int ret;

	if (len && !(f.data = calloc(1, len)))
		return cli_fail(a, "%s", strerror(ENOMEM));
	dev = cli_open_dev(a);
	if (!dev) {
		free(f.data);
		return CLI_EXIT_FAIL;
	}
	ret = nvmetest_get_features(dev, &f);
	if (ret) {
		snprintf(what, sizeof(what), "get-feature 0x%02x (%s)", f.fid,
			 nvmetest_feature_name(f.fid));
		ret = cli_cmd_result(a, ret, what);
	} else if (cli_given(a, CLI_OPT_RAW)) {
		ret = cli_write_raw(a, f.data ? (void *)f.data : (void *)&value,
				f.data ? len : sizeof(value));
	} else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "feature_id", json_object_new_int(f.fid));
		json_object_object_add(o, "name",
				       json_object_new_string(nvmetest_feature_name(f.fid)));
		json_object_object_add(o, "sel", json_object_new_int(f.sel));
		json_object_object_add(o, "value", json_object_new_int64(value));
		if (f.data)
			json_object_object_add(o, "data", cli_json_hex(f.data, len));
		cli_json_print(o);
	} else {
		printf("get-feature:0x%02x (%s), %s value:0x%08x\n", f.fid,
		       nvmetest_feature_name(f.fid), sel_name(f.sel), value);
		if (a->human)
			print_feature_fields(f.fid, value);
		if (f.data)
			cli_hexdump(f.data, len);
	}
	nvmetest_close(dev);
	free(f.data);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_set_feature(const struct cli_args *a)
{
	uint32_t result = 0;
	struct nvmetest_feat_args f = {
		.fid = (uint8_t)a->num[CLI_OPT_FID],
		.sv = cli_given(a, CLI_OPT_SAVE),
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 0),
		.cdw11 = (uint32_t)a->value,
		.cdw12 = (uint32_t)cli_num(a, CLI_OPT_FEAT_CDW12, 0),
		.uuidx = (uint8_t)cli_num(a, CLI_OPT_UUID_INDEX, 0),
		.timeout_ms = cli_timeout_ms(a),
		.result = &result,
	};
	struct nvmetest_dev *dev;
	char what[80];
	size_t flen = 0;
	int ret;

	if (a->value > UINT32_MAX)
		return cli_fail(a, "value 0x%" PRIx64 " does not fit in CDW11", a->value);
	if (a->str[CLI_OPT_DATA]) {
		f.data = cli_read_file(a, a->str[CLI_OPT_DATA], &flen);
		if (!f.data)
			return CLI_EXIT_FAIL;
		f.data_len = (uint32_t)cli_num(a, CLI_OPT_DATA_LEN, flen);
		if (f.data_len > flen) {
			free(f.data);
			return cli_fail(a, "--data-len %u is more than the %zu bytes of %s",
					f.data_len, flen, a->str[CLI_OPT_DATA]);
		}
	}
	dev = cli_open_dev(a);
	if (!dev) {
		free(f.data);
		return CLI_EXIT_FAIL;
	}
	ret = nvmetest_set_features(dev, &f);
	snprintf(what, sizeof(what), "set-feature 0x%02x (%s)", f.fid,
		 nvmetest_feature_name(f.fid));
	if (ret) {
		ret = cli_cmd_result(a, ret, what);
	} else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "feature_id", json_object_new_int(f.fid));
		json_object_object_add(o, "name",
				       json_object_new_string(nvmetest_feature_name(f.fid)));
		json_object_object_add(o, "value", json_object_new_int64(f.cdw11));
		json_object_object_add(o, "cdw12", json_object_new_int64(f.cdw12));
		json_object_object_add(o, "save", json_object_new_boolean(f.sv));
		json_object_object_add(o, "result", json_object_new_int64(result));
		cli_json_print(o);
	} else {
		printf("set-feature:0x%02x (%s), value:0x%08x, cdw12:0x%08x, save:%u\n",
		       f.fid, nvmetest_feature_name(f.fid), f.cdw11, f.cdw12, f.sv);
		if (result)
			printf("result: 0x%08x\n", result);
	}
	nvmetest_close(dev);
	free(f.data);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* --- admin-passthru ------------------------------------------------------- */

int cli_passthru_build(const struct cli_args *a, struct cli_passthru *p)
{
	uint32_t len = (uint32_t)cli_num(a, CLI_OPT_DATA_LEN, 0);
	uint32_t mlen = (uint32_t)cli_num(a, CLI_OPT_META_LEN, 0);
	uint8_t opcode = (uint8_t)a->num[CLI_OPT_OPCODE];
	uint8_t fill = (uint8_t)cli_num(a, CLI_OPT_PREFILL, 0);
	size_t flen;
	void *in;

	*p = (struct cli_passthru){
		.c = {
			.opcode = opcode,
			.flags = (uint8_t)cli_num(a, CLI_OPT_FLAGS, 0),
			.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, 0),
			.cdw2 = (uint32_t)cli_num(a, CLI_OPT_CDW2, 0),
			.cdw3 = (uint32_t)cli_num(a, CLI_OPT_CDW3, 0),
			.cdw10 = (uint32_t)cli_num(a, CLI_OPT_CDW10, 0),
			.cdw11 = (uint32_t)cli_num(a, CLI_OPT_CDW11, 0),
			.cdw12 = (uint32_t)cli_num(a, CLI_OPT_CDW12, 0),
			.cdw13 = (uint32_t)cli_num(a, CLI_OPT_CDW13, 0),
			.cdw14 = (uint32_t)cli_num(a, CLI_OPT_CDW14, 0),
			.cdw15 = (uint32_t)cli_num(a, CLI_OPT_CDW15, 0),
			.data_len = len,
			.meta_len = mlen,
			.timeout_ms = cli_timeout_ms(a),
		},
		.file = a->str[CLI_OPT_INPUT_FILE],
		/* without -r/-w, the opcode's low bits say (10b read, 01b write) */
		.rd = cli_given(a, CLI_OPT_READ) ||
		      (!cli_given(a, CLI_OPT_WRITE) && (opcode & 3) == 2),
		.wr = cli_given(a, CLI_OPT_WRITE),
	};
	if (p->rd && p->wr)
		return cli_fail(a, "-r/--read and -w/--write exclude each other");
	if (p->wr && !p->file)
		return cli_fail(a, "-w/--write needs -i/--input-file with the data");
	if (p->wr && !len)
		return cli_fail(a, "-w/--write needs -l/--data-len");
	if ((len && !(p->c.data = malloc(len))) || (mlen && !(p->c.meta = malloc(mlen))))
		return cli_fail(a, "%s", strerror(ENOMEM));
	if (p->c.data)
		memset(p->c.data, fill, len);
	if (p->c.meta)
		memset(p->c.meta, fill, mlen);
	if (!p->wr)
		return 0;
	in = cli_read_file(a, p->file, &flen);
	if (!in)
		return CLI_EXIT_FAIL;
	memcpy(p->c.data, in, flen < len ? flen : len);
	free(in);
	return 0;
}

void cli_passthru_free(struct cli_passthru *p)
{
	free(p->c.data);
	free(p->c.meta);
	p->c.data = NULL;
	p->c.meta = NULL;
}

/* admin-passthru (queue 0) and io-passthru (an IO queue, see io.c) */
static int passthru(const struct cli_args *a, bool io)
{
	struct cli_passthru p;
	struct nvmetest_cmd_args *c = &p.c;
	struct nvmetest_cqe cqe = { 0 };
	uint64_t latency = 0;
	const char *name;
	struct cli_ioq q = { 0 };
	struct nvmetest_dev *dev = NULL;
	int ret;

	ret = cli_passthru_build(a, &p);
	if (ret)
		goto out;
	c->cqe = &cqe;
	c->latency_ns = &latency;
	name = io ? nvmetest_nvm_opcode_name(c->opcode) : nvmetest_admin_opcode_name(c->opcode);
	ret = CLI_EXIT_FAIL;
	dev = io ? cli_ioq_open(a, &q) : cli_open_dev(a);
	if (!dev)
		goto out;
	c->qid = q.qid;
	ret = io ? nvmetest_io_cmd(dev, c) : nvmetest_admin_cmd(dev, c);
	if (ret) {
		ret = io ? cli_io_result(a, ret, NULL) : cli_cmd_result(a, ret, NULL);
		goto out;
	}
	if (p.rd && c->data && p.file &&
	    (ret = cli_write_file(a, p.file, c->data, c->data_len)))
		goto out;
	if (cli_given(a, CLI_OPT_RAW)) {
		ret = p.rd && c->data ? cli_write_raw(a, c->data, c->data_len) : CLI_EXIT_OK;
	} else if (a->format == CLI_FMT_JSON) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "opcode", json_object_new_int(c->opcode));
		json_object_object_add(o, "name", json_object_new_string(name));
		if (io)
			json_object_object_add(o, "qid", json_object_new_int(q.qid));
		json_object_object_add(o, "result", json_object_new_int64(cqe.result));
		json_object_object_add(o, "dw1", json_object_new_int64(cqe.dw1));
		json_object_object_add(o, "status", json_object_new_int(cqe.status));
		json_object_object_add(o, "status_name",
				       json_object_new_string(nvmetest_status_name(cqe.status)));
		json_object_object_add(o, "cid", json_object_new_int(cqe.cid));
		json_object_object_add(o, "sqhd", json_object_new_int(cqe.sqhd));
		json_object_object_add(o, "latency_ns", json_object_new_uint64(latency));
		if (p.rd && c->data && !p.file)
			json_object_object_add(o, "data", cli_json_hex(c->data, c->data_len));
		cli_json_print(o);
	} else {
		printf("%s Command %s is Success and result: 0x%08x\n", io ? "IO" : "Admin",
		       name, cqe.result);
		printf("status: 0x%04x (%s), cid: %u, sqhd: %u, latency: %" PRIu64 " ns\n",
		       cqe.status, nvmetest_status_name(cqe.status), cqe.cid, cqe.sqhd, latency);
		if (p.rd && c->data && !p.file)
			cli_hexdump(c->data, c->data_len);
	}
out:
	if (io)
		cli_ioq_close(&q);
	else
		nvmetest_close(dev);
	cli_passthru_free(&p);
	return ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_admin_passthru(const struct cli_args *a)
{
	return passthru(a, false);
}

int cmd_io_passthru(const struct cli_args *a)
{
	return passthru(a, true);
}

/* --- format, sanitize, firmware, self-test ---------------------------------- */

int cmd_format(const struct cli_args *a)
{
	struct nvmetest_format_args f = {
		.nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, NVME_NSID_ALL),
		.lbaf = (uint8_t)cli_num(a, CLI_OPT_LBAF, 0),
		.mset = (uint8_t)cli_num(a, CLI_OPT_MS, 0),
		.pi = (uint8_t)cli_num(a, CLI_OPT_PI, 0),
		.pil = (uint8_t)cli_num(a, CLI_OPT_PIL, 0),
		.ses = (uint8_t)cli_num(a, CLI_OPT_SES, 0),
		.timeout_ms = cli_timeout_ms(a),
	};
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = cli_cmd_result(a, nvmetest_format(dev, &f), "format");
	if (!ret)
		printf("Success formatting namespace:%x\n", f.nsid);
	nvmetest_close(dev);
	return ret;
}

int cmd_sanitize(const struct cli_args *a)
{
	struct nvmetest_sanitize_args s = {
		.sanact = (uint8_t)a->num[CLI_OPT_SANACT],
		.ause = cli_given(a, CLI_OPT_AUSE),
		.owpass = (uint8_t)cli_num(a, CLI_OPT_OWPASS, 0),
		.oipbp = cli_given(a, CLI_OPT_OIPBP),
		.ndas = cli_given(a, CLI_OPT_NO_DEALLOC),
		.ovrpat = (uint32_t)cli_num(a, CLI_OPT_OVRPAT, 0),
		.timeout_ms = cli_timeout_ms(a),
	};
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = cli_cmd_result(a, nvmetest_sanitize(dev, &s), "sanitize");
	if (!ret)
		printf("Sanitize started: action %u (progress: get-log --log-id=0x81)\n", s.sanact);
	nvmetest_close(dev);
	return ret;
}

int cmd_fw_download(const struct cli_args *a)
{
	uint32_t offset = (uint32_t)cli_num(a, CLI_OPT_FW_OFFSET, 0) * 4;
	struct nvmetest_dev *dev;
	size_t len;
	void *img;
	int ret;

	img = cli_read_file(a, a->str[CLI_OPT_FW], &len);
	if (!img)
		return CLI_EXIT_FAIL;
	if (!len || len % 4 || len > UINT32_MAX) {
		free(img);
		return cli_fail(a, "%s: %zu bytes: the size must be a non-zero multiple of 4",
				a->str[CLI_OPT_FW], len);
	}
	dev = cli_open_dev(a);
	if (!dev) {
		free(img);
		return CLI_EXIT_FAIL;
	}
	ret = cli_cmd_result(a, nvmetest_fw_download(dev, img, (uint32_t)len, offset,
						     (uint32_t)cli_num(a, CLI_OPT_XFER, 0),
						     cli_timeout_ms(a)), "firmware download");
	if (!ret)
		printf("Firmware download success: %zu bytes at offset %u\n", len, offset);
	nvmetest_close(dev);
	free(img);
	return ret;
}

/* Statuses of Firmware Commit that mean "committed, activation pending". */
static bool fw_committed(int status)
{
	return status > 0 && NVMETEST_STATUS_SCT(status) == NVME_SCT_CMD_SPECIFIC &&
	       (NVMETEST_STATUS_SC(status) == NVME_SC_FW_NEEDS_CONV_RESET ||
		NVMETEST_STATUS_SC(status) == NVME_SC_FW_NEEDS_SUBSYS_RESET ||
		NVMETEST_STATUS_SC(status) == NVME_SC_FW_NEEDS_RESET);
}

int cmd_fw_commit(const struct cli_args *a)
{
	uint8_t slot = (uint8_t)cli_num(a, CLI_OPT_SLOT, 0);
	uint8_t action = (uint8_t)cli_num(a, CLI_OPT_ACTION, 0);
	uint8_t bpid = (uint8_t)cli_num(a, CLI_OPT_BPID, 0);
	struct nvmetest_dev *dev = cli_open_dev(a);
	uint32_t result = 0;
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = nvmetest_fw_commit(dev, slot, action, bpid, &result);
	if (fw_committed(ret)) {
		printf("Success committing firmware action:%u slot:%u, but %s (0x%04x)\n",
		       action, slot, nvmetest_status_desc((uint16_t)ret), ret);
		ret = CLI_EXIT_OK;
	} else {
		ret = cli_cmd_result(a, ret, "firmware commit");
		if (!ret)
			printf("Success committing firmware action:%u slot:%u result:%#x\n",
			       action, slot, result);
	}
	nvmetest_close(dev);
	return ret;
}

int cmd_self_test(const struct cli_args *a)
{
	uint32_t nsid = (uint32_t)cli_num(a, CLI_OPT_NSID, NVME_NSID_ALL);
	uint8_t stc = (uint8_t)a->num[CLI_OPT_STC];
	struct nvmetest_dev *dev = cli_open_dev(a);
	int ret;

	if (!dev)
		return CLI_EXIT_FAIL;
	ret = cli_cmd_result(a, nvmetest_dev_self_test(dev, nsid, stc), "device self-test");
	if (!ret)
		printf("%s\n", stc == 0xf ? "Aborting device self-test operation" :
		       "Device self-test started");
	nvmetest_close(dev);
	return ret;
}
