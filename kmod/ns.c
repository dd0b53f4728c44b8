// SPDX-License-Identifier: GPL-2.0-only
/*
 * ns.c: the active namespaces (NVMETEST_IOC_NS_LIST, sysfs "namespaces"):
 * Identify Active Namespace ID list (CNS 02h) and Identify Namespace (CNS
 * 00h) of each, at CTRL_INIT and on NVMETEST_NS_RESCAN, cached under
 * ctrl->state_mutex.
 */
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "nvmetest.h"

#define NVMT_CNS_NS		0x00
#define NVMT_CNS_NS_ACTIVE	0x02
/* One Identify page holds 1024 namespace ids. */
#define NVMT_NS_LIST_MAX	1024
/* FLBAS: format index bits 3:0, and 6:5 above 16 formats; bit 4 extended. */
#define NVMT_FLBAS_EXTENDED	(1 << 4)

static int nvmt_identify_cns(struct nvmt_ctrl *ctrl, u8 cns, u32 nsid,
			     u16 *status)
{
	struct nvme_command c = { };
	int ret;

	c.identify.opcode = nvme_admin_identify;
	c.identify.cns = cns;
	c.identify.nsid = cpu_to_le32(nsid);
	memset(ctrl->id_buf, 0, SZ_4K);
	ret = nvmt_admin_sync_status(ctrl, &c, ctrl->id_dma, SZ_4K, status);
	if (!ret && *status)
		ret = -EIO;
	return ret;
}

static void nvmt_ns_parse(const struct nvme_id_ns *id, u32 nsid,
			  struct nvmetest_ns_info *ns, struct nvmt_ns_uid *uid)
{
	unsigned int i, fmt;

	memcpy(uid->nguid, id->nguid, sizeof(uid->nguid));
	memcpy(uid->eui64, id->eui64, sizeof(uid->eui64));
	memset(ns, 0, sizeof(*ns));
	ns->nsid = nsid;
	ns->flbas = id->flbas;
	ns->nlbaf = id->nlbaf;
	ns->dps = id->dps;
	ns->mc = id->mc;
	ns->dlfeat = id->dlfeat;
	ns->nsze = le64_to_cpu(id->nsze);
	ns->ncap = le64_to_cpu(id->ncap);
	ns->nuse = le64_to_cpu(id->nuse);
	for (i = 0; i < ARRAY_SIZE(ns->lbaf) && i <= id->nlbaf; i++)
		ns->lbaf[i] = le16_to_cpu(id->lbaf[i].ms) |
			      id->lbaf[i].ds << 16 | id->lbaf[i].rp << 24;
	fmt = (id->flbas & 0xf) | ((id->flbas >> 5) & 3) << 4;
	if (id->lbaf[fmt].ds >= 9 && id->lbaf[fmt].ds < 32)
		ns->lba_size = 1U << id->lbaf[fmt].ds;
	ns->ms = le16_to_cpu(id->lbaf[fmt].ms);
	ns->extended = !!(id->flbas & NVMT_FLBAS_EXTENDED);
}

/*
 * The format table (ctrl->ns_fmt): per NSID, log2 of the LBA data size in
 * bits 7:0, the metadata size in 23:8, extended LBAs in bit 24 and
 * protection information on in bit 25.
 */
static unsigned long nvmt_ns_fmt_pack(const struct nvmetest_ns_info *ns)
{
	return ilog2(ns->lba_size) | (unsigned long)ns->ms << 8 |
	       (unsigned long)!!ns->extended << 24 |
	       (unsigned long)!!(ns->dps & NVME_NS_DPS_PI_MASK) << 25;
}

void nvmt_ns_fmt_init(struct nvmt_ctrl *ctrl)
{
	xa_init(&ctrl->ns_fmt);
}

/* After a scan: exactly the namespaces of ctrl->ns, with their format. */
static void nvmt_ns_fmt_update(struct nvmt_ctrl *ctrl)
{
	u32 i;

	lockdep_assert_held(&ctrl->state_mutex);
	xa_destroy(&ctrl->ns_fmt);
	for (i = 0; i < ctrl->nr_ns; i++) {
		/* A format the driver cannot size stays unknown. */
		if (!ctrl->ns[i].lba_size)
			continue;
		/* Without memory the entry stays unknown: the safe side. */
		xa_store(&ctrl->ns_fmt, ctrl->ns[i].nsid,
			 xa_mk_value(nvmt_ns_fmt_pack(&ctrl->ns[i])),
			 GFP_KERNEL);
	}
}

/**
 * nvmt_ns_xfer_fmt - the format of namespace @nsid, for nvmt_xfer_expect()
 * @ctrl:	the controller; no lock needed
 * @nsid:	the command's NSID
 * @fmt:	output; lba_size 0 when the namespace is not known
 *
 * Return: true when the format is known.
 */
bool nvmt_ns_xfer_fmt(struct nvmt_ctrl *ctrl, u32 nsid,
		      struct nvmt_xfer_ns *fmt)
{
	void *e = xa_load(&ctrl->ns_fmt, nsid);
	unsigned long v;

	memset(fmt, 0, sizeof(*fmt));
	if (!e)
		return false;
	v = xa_to_value(e);
	fmt->lba_size = 1U << (v & 0xff);
	fmt->ms = (v >> 8) & 0xffff;
	fmt->extended = (v >> 24) & 1;
	fmt->pi = (v >> 25) & 1;
	return true;
}

/*
 * A command that may change the format of @nsid (all namespaces for the
 * broadcast NSID) is being sent: the transfer lengths of its commands are
 * unknown until the next scan. Lock-free readers see an entry or none
 * (the xarray frees its nodes after an RCU grace period).
 */
void nvmt_ns_fmt_forget(struct nvmt_ctrl *ctrl, u32 nsid)
{
	if (nsid == NVME_NSID_ALL)
		xa_destroy(&ctrl->ns_fmt);
	else
		xa_erase(&ctrl->ns_fmt, nsid);
}

/**
 * nvmt_ns_scan - identify the active namespaces again
 * @ctrl:	the controller, state_mutex held, ENABLED, identified
 * @status:	output: NVMe status of the first failed Identify
 *
 * Return: 0, or the error of the failed Identify (the cache is then
 * left as it was).
 */
int nvmt_ns_scan(struct nvmt_ctrl *ctrl, u16 *status)
{
	struct nvmetest_ns_info *ns = NULL;
	struct nvmt_ns_uid *uid = NULL;
	u32 *ids, nr = 0, i;
	int ret;

	lockdep_assert_held(&ctrl->state_mutex);
	if (!ctrl->id_buf)
		return -ENXIO;
	ids = kcalloc(NVMT_NS_LIST_MAX, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	ret = nvmt_identify_cns(ctrl, NVMT_CNS_NS_ACTIVE, 0, status);
	if (ret)
		goto out;
	for (i = 0; i < NVMT_NS_LIST_MAX; i++) {
		ids[i] = le32_to_cpu(((__le32 *)ctrl->id_buf)[i]);
		if (!ids[i])
			break;
	}
	nr = i;
	if (nr) {
		ns = kvcalloc(nr, sizeof(*ns), GFP_KERNEL);
		uid = kvcalloc(nr, sizeof(*uid), GFP_KERNEL);
		if (!ns || !uid) {
			ret = -ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < nr; i++) {
		ret = nvmt_identify_cns(ctrl, NVMT_CNS_NS, ids[i], status);
		if (ret)
			goto out;
		nvmt_ns_parse(ctrl->id_buf, ids[i], &ns[i], &uid[i]);
	}
	swap(ctrl->ns, ns);
	swap(ctrl->ns_uid, uid);
	ctrl->nr_ns = nr;
	nvmt_ns_fmt_update(ctrl);
	nvmt_verify_rescan(ctrl);
out:
	kvfree(ns);
	kvfree(uid);
	kfree(ids);
	return ret;
}

/* At remove. */
void nvmt_ns_free(struct nvmt_ctrl *ctrl)
{
	xa_destroy(&ctrl->ns_fmt);
	kvfree(ctrl->ns);
	kvfree(ctrl->ns_uid);
	ctrl->ns = NULL;
	ctrl->ns_uid = NULL;
	ctrl->nr_ns = 0;
}

int nvmt_ioctl_ns_list(struct nvmt_ctrl *ctrl, void __user *argp)
{
	struct nvmetest_ns_info *out = NULL;
	struct nvmetest_ns_list nl;
	u32 n = 0;
	int ret;

	if (copy_from_user(&nl, argp, sizeof(nl)))
		return -EFAULT;
	if (nl.rsvd0 || nl.rsvd[0] || nl.rsvd[1] ||
	    (nl.flags & ~NVMETEST_NS_RESCAN) || (nl.count && !nl.ns))
		return -EINVAL;
	ret = nvmt_sm_enter(ctrl);
	if (ret)
		return ret;
	nl.status = 0;
	if (ctrl->state != NVMETEST_STATE_ENABLED) {
		ret = -ENXIO;
		goto out_exit;
	}
	if (nl.flags & NVMETEST_NS_RESCAN) {
		ret = nvmt_ns_scan(ctrl, &nl.status);
		if (ret)
			goto out_copy;
	}
	n = min(nl.count, ctrl->nr_ns);
	if (n) {
		out = kmemdup(ctrl->ns, n * sizeof(*out), GFP_KERNEL);
		if (!out) {
			ret = -ENOMEM;
			goto out_exit;
		}
	}
	nl.total = ctrl->nr_ns;
	nl.count = n;
out_copy:
	nvmt_sm_exit(ctrl);
	if (!ret && n && copy_to_user(u64_to_user_ptr(nl.ns), out,
				      n * sizeof(*out)))
		ret = -EFAULT;
	kfree(out);
	/* A failed rescan still tells its status. */
	if ((!ret || ret == -EIO) && copy_to_user(argp, &nl, sizeof(nl)))
		ret = -EFAULT;
	return ret;
out_exit:
	nvmt_sm_exit(ctrl);
	return ret;
}

/* sysfs: "nsid nsze lba_size ms extended" per namespace. */
ssize_t nvmt_ns_show(struct nvmt_ctrl *ctrl, char *buf)
{
	ssize_t len = 0;
	u32 i;

	mutex_lock(&ctrl->state_mutex);
	for (i = 0; i < ctrl->nr_ns && len < PAGE_SIZE - 80; i++)
		len += sysfs_emit_at(buf, len, "%u %llu %u %u %u\n",
				     ctrl->ns[i].nsid, ctrl->ns[i].nsze,
				     ctrl->ns[i].lba_size, ctrl->ns[i].ms,
				     ctrl->ns[i].extended);
	mutex_unlock(&ctrl->state_mutex);
	return len;
}
