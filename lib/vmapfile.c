// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Map files: a namespace's CRC map saved to a file and loaded back, so
 * that verification goes on across a module reload or a host reboot
 * (docs/library.md, "Map files", has the format). The file names the
 * drive and the namespace it was made from; loading checks both against
 * the device.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

#define VMAP_MAGIC	"NVMTVMAP"
#define VMAP_VERSION	1
#define VMAP_HDR_LEN	512U
#define VMAP_REC_LEN	16U
/* entries per record: the driver's VERIFY_DUMP/LOAD limit */
#define VMAP_WINDOW	65536U
#define VMAP_END	UINT64_MAX

/* Header offsets (little endian). */
#define H_VERSION	8
#define H_HDR_LEN	12
#define H_NSID		16
#define H_LBA_SIZE	20
#define H_NSZE		24
#define H_MS		32
#define H_EXTENDED	34
#define H_NGUID		40
#define H_EUI64		56
#define H_SN		64
#define H_MN		84
#define H_SUBNQN	124

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static void put32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

static void put64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

void nvmt_vmap_header(const struct nvmetest_vmap_ident *id, uint8_t hdr[512])
{
	memset(hdr, 0, VMAP_HDR_LEN);
	memcpy(hdr, VMAP_MAGIC, 8);
	put32(hdr + H_VERSION, VMAP_VERSION);
	put32(hdr + H_HDR_LEN, VMAP_HDR_LEN);
	put32(hdr + H_NSID, id->nsid);
	put32(hdr + H_LBA_SIZE, id->lba_size);
	put64(hdr + H_NSZE, id->nsze);
	hdr[H_MS] = id->ms & 0xff;
	hdr[H_MS + 1] = id->ms >> 8;
	hdr[H_EXTENDED] = id->extended;
	memcpy(hdr + H_NGUID, id->nguid, sizeof(id->nguid));
	memcpy(hdr + H_EUI64, id->eui64, sizeof(id->eui64));
	memcpy(hdr + H_SN, id->sn, sizeof(id->sn));
	memcpy(hdr + H_MN, id->mn, sizeof(id->mn));
	memcpy(hdr + H_SUBNQN, id->subnqn, sizeof(id->subnqn));
}

int nvmetest_vmap_parse(const void *buf, size_t len, struct nvmetest_vmap_ident *id,
			struct nvmetest_vmap_record *rec, size_t *nrec)
{
	const uint8_t *p = buf;
	uint64_t next = 0;
	size_t off, n = 0;
	uint32_t crc;

	if (len < VMAP_HDR_LEN + VMAP_REC_LEN || memcmp(p, VMAP_MAGIC, 8))
		return nvmt_fail(-EINVAL, "not a map file (no NVMTVMAP header)");
	if (get32(p + H_VERSION) != VMAP_VERSION || get32(p + H_HDR_LEN) != VMAP_HDR_LEN)
		return nvmt_fail(-EINVAL, "map file version %u (header %u bytes): this library reads version %u",
				 get32(p + H_VERSION), get32(p + H_HDR_LEN), VMAP_VERSION);
	memset(id, 0, sizeof(*id));
	id->nsid = get32(p + H_NSID);
	id->lba_size = get32(p + H_LBA_SIZE);
	id->nsze = get64(p + H_NSZE);
	id->ms = p[H_MS] | p[H_MS + 1] << 8;
	id->extended = p[H_EXTENDED];
	memcpy(id->nguid, p + H_NGUID, sizeof(id->nguid));
	memcpy(id->eui64, p + H_EUI64, sizeof(id->eui64));
	memcpy(id->sn, p + H_SN, sizeof(id->sn));
	memcpy(id->mn, p + H_MN, sizeof(id->mn));
	memcpy(id->subnqn, p + H_SUBNQN, sizeof(id->subnqn));
	for (off = VMAP_HDR_LEN;; off += VMAP_REC_LEN + (size_t)get32(p + off + 8) * 4) {
		uint64_t slba;
		uint32_t count;

		if (len - off < VMAP_REC_LEN)
			return nvmt_fail(-EINVAL, "map file truncated at byte %zu", off);
		slba = get64(p + off);
		count = get32(p + off + 8);
		if (slba == VMAP_END) {
			crc = ~nvmetest_crc32c(~0U, p, off);
			if (count || get32(p + off + 12) != crc)
				return nvmt_fail(-EINVAL, "map file CRC mismatch: file 0x%08x, content 0x%08x",
						 get32(p + off + 12), crc);
			if (off + VMAP_REC_LEN != len)
				return nvmt_fail(-EINVAL, "map file has %zu bytes after its end",
						 len - off - VMAP_REC_LEN);
			break;
		}
		if (!count || count > VMAP_WINDOW || slba < next || slba >= id->nsze ||
		    count > id->nsze - slba || get32(p + off + 12))
			return nvmt_fail(-EINVAL, "map file record at byte %zu: LBAs %" PRIu64 "+%u are out of order or outside the namespace",
					 off, slba, count);
		if ((len - off - VMAP_REC_LEN) / 4 < count)
			return nvmt_fail(-EINVAL, "map file truncated at byte %zu", off);
		if (rec && n < *nrec) {
			rec[n].slba = slba;
			rec[n].count = count;
			rec[n].entries = p + off + VMAP_REC_LEN;
		}
		n++;
		next = slba + count;
	}
	if (rec && n > *nrec)
		return nvmt_fail(-ENOSPC, "map file has %zu records, room for %zu", n, *nrec);
	*nrec = n;
	return 0;
}

/* What the device says @nsid is, in a map file's terms. */
static int vmap_ident(struct nvmetest_dev *dev, uint32_t nsid, struct nvmetest_vmap_ident *id)
{
	struct nvme_id_ctrl ic;
	struct nvme_id_ns in;
	struct nvmetest_ns_info ns;
	int ret;

	ret = nvmetest_ns_get(dev, nsid, &ns);
	if (!ret)
		ret = nvmetest_identify_ctrl(dev, &ic);
	if (!ret)
		ret = nvmetest_identify_ns(dev, nsid, &in);
	if (ret > 0)
		return nvmt_fail(-EIO, "%s: namespace %u: Identify failed with status 0x%x",
				 dev->path, nsid, ret);
	if (ret)
		return ret;
	memset(id, 0, sizeof(*id));
	id->nsid = nsid;
	id->lba_size = ns.lba_size;
	id->nsze = ns.nsze;
	id->ms = ns.ms;
	id->extended = ns.extended;
	memcpy(id->nguid, in.nguid, sizeof(id->nguid));
	memcpy(id->eui64, in.eui64, sizeof(id->eui64));
	memcpy(id->sn, ic.sn, sizeof(id->sn));
	memcpy(id->mn, ic.mn, sizeof(id->mn));
	memcpy(id->subnqn, ic.subnqn, sizeof(id->subnqn));
	return 0;
}

static int write_all(int fd, const void *buf, size_t len, uint32_t *crc)
{
	const uint8_t *p = buf;

	*crc = nvmetest_crc32c(*crc, buf, len);
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int nvmetest_verify_save_file(struct nvmetest_dev *dev, uint32_t nsid, const char *path,
			      uint64_t *saved)
{
	struct nvmetest_vmap_ident id;
	struct nvmetest_verify_status st;
	char tmp[PATH_MAX];
	uint8_t hdr[VMAP_HDR_LEN], rec[VMAP_REC_LEN];
	uint32_t *e, crc = ~0U, count;
	uint64_t slba, n = 0;
	int fd, ret;

	ret = vmap_ident(dev, nsid, &id);
	if (ret)
		return ret;
	ret = nvmetest_verify_status(dev, nsid, &st);
	if (ret)
		return ret;
	if (st.state == NVMETEST_VERIFY_OFF)
		return nvmt_fail(-ENODATA, "%s: verification is off on namespace %u: its map is stale, nothing to save",
				 dev->path, nsid);
	e = malloc(VMAP_WINDOW * sizeof(*e));
	if (!e)
		return -ENOMEM;
	/* A new file renamed over the old one: a failed save keeps the last */
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		free(e);
		return nvmt_fail(-ENAMETOOLONG, "%s: name too long", path);
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = nvmt_fail(-errno, "%s: %s", tmp, strerror(errno));
		free(e);
		return ret;
	}
	nvmt_vmap_header(&id, hdr);
	ret = write_all(fd, hdr, sizeof(hdr), &crc);
	for (slba = 0; !ret && slba < id.nsze; slba += count) {
		uint32_t used = 0;

		count = (uint32_t)(id.nsze - slba < VMAP_WINDOW ? id.nsze - slba : VMAP_WINDOW);
		ret = nvmetest_verify_dump(dev, nsid, slba, e, &count);
		if (ret)
			break;
		if (!count)
			break;
		for (uint32_t i = 0; i < count; i++)
			used += e[i] != NVMETEST_CRC_UNKNOWN;
		if (!used)
			continue;
		n += used;
		put64(rec, slba);
		put32(rec + 8, count);
		put32(rec + 12, 0);
		for (uint32_t i = 0; i < count; i++)
			e[i] = htole32(e[i]);
		ret = write_all(fd, rec, sizeof(rec), &crc);
		if (!ret)
			ret = write_all(fd, e, count * sizeof(*e), &crc);
	}
	if (!ret) {
		put64(rec, VMAP_END);
		put32(rec + 8, 0);
		put32(rec + 12, ~crc);
		ret = write_all(fd, rec, sizeof(rec), &crc);
	}
	if (!ret && fsync(fd))
		ret = -errno;
	if (ret && !nvmetest_last_error()[0])
		nvmt_set_error("%s: %s", path, strerror(-ret));
	if (close(fd) && !ret)
		ret = nvmt_fail(-errno, "%s: %s", path, strerror(errno));
	if (!ret && rename(tmp, path))
		ret = nvmt_fail(-errno, "%s: %s", path, strerror(errno));
	if (ret)
		unlink(tmp);
	free(e);
	if (!ret && saved)
		*saved = n;
	return ret;
}

/* Why @want (the file) is not @have (the device), or NULL; *@geometry: a
 * difference that no force may override. */
static const char *vmap_mismatch(const struct nvmetest_vmap_ident *want,
				 const struct nvmetest_vmap_ident *have, bool *geometry)
{
	*geometry = true;
	if (want->lba_size != have->lba_size || want->ms != have->ms ||
	    want->extended != have->extended)
		return "another LBA format";
	if (want->nsze != have->nsze)
		return "another namespace size";
	*geometry = false;
	if (want->nsid != have->nsid)
		return "another namespace id";
	if (memcmp(want->sn, have->sn, sizeof(want->sn)) ||
	    memcmp(want->mn, have->mn, sizeof(want->mn)) ||
	    memcmp(want->subnqn, have->subnqn, sizeof(want->subnqn)))
		return "another drive (serial number, model or subsystem NQN)";
	if (memcmp(want->nguid, have->nguid, sizeof(want->nguid)) ||
	    memcmp(want->eui64, have->eui64, sizeof(want->eui64)))
		return "another namespace (NGUID or EUI64)";
	return NULL;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return nvmt_fail(-errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st)) {
		ret = nvmt_fail(-errno, "%s: %s", path, strerror(errno));
		goto out;
	}
	*len = (size_t)st.st_size;
	*buf = malloc(*len ? *len : 1);
	if (!*buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (done < *len) {
		ssize_t n = read(fd, *buf + done, *len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = nvmt_fail(n ? -errno : -EIO, "%s: %s", path,
					n ? strerror(errno) : "shorter than its size");
			free(*buf);
			*buf = NULL;
			goto out;
		}
		done += (size_t)n;
	}
out:
	close(fd);
	return ret;
}

int nvmetest_verify_load_file(struct nvmetest_dev *dev, uint32_t nsid, const char *path,
			      uint32_t flags, uint64_t *loaded)
{
	struct nvmetest_vmap_ident want, have;
	struct nvmetest_vmap_record *rec = NULL;
	struct nvmetest_verify_status st;
	uint32_t *e = NULL, count;
	uint64_t slba, n = 0;
	size_t len = 0, nrec = 0, r = 0;
	const char *why;
	uint8_t *buf = NULL;
	bool geometry;
	int ret;

	nvmt_clear_error();
	if (flags & ~NVMETEST_VMAP_FORCE)
		return nvmt_fail(-EINVAL, "%s: load map file: unknown flags 0x%x", dev->path,
				 flags & ~NVMETEST_VMAP_FORCE);
	ret = read_file(path, &buf, &len);
	if (ret)
		return ret;
	ret = nvmetest_vmap_parse(buf, len, &want, NULL, &nrec);
	if (!ret) {
		rec = calloc(nrec ? nrec : 1, sizeof(*rec));
		e = calloc(VMAP_WINDOW, sizeof(*e));
		ret = rec && e ? nvmetest_vmap_parse(buf, len, &want, rec, &nrec) : -ENOMEM;
	}
	if (ret) {
		if (ret != -ENOMEM) {
			char msg[256];

			snprintf(msg, sizeof(msg), "%s", nvmetest_last_error());
			nvmt_set_error("%s: %s", path, msg);
		}
		goto out;
	}
	ret = vmap_ident(dev, nsid, &have);
	if (ret)
		goto out;
	why = vmap_mismatch(&want, &have, &geometry);
	if (why && (geometry || !(flags & NVMETEST_VMAP_FORCE))) {
		ret = nvmt_fail(geometry ? -EINVAL : -ESTALE,
				"%s: not a map of namespace %u of %s: %s%s", path, nsid,
				dev->path, why, geometry ? "" : " (--force loads it anyway)");
		goto out;
	}
	/* On, keeping what it was: the load replaces every entry anyway. */
	ret = nvmetest_verify_status(dev, nsid, &st);
	if (!ret && st.state == NVMETEST_VERIFY_OFF)
		ret = nvmetest_verify_config(dev, nsid, NVMETEST_VERIFY_ENABLE, 0);
	/* Every window: the file's entries, UNKNOWN where it has none. */
	for (slba = 0; !ret && slba < have.nsze; slba += count) {
		count = (uint32_t)(have.nsze - slba < VMAP_WINDOW ? have.nsze - slba : VMAP_WINDOW);
		memset(e, 0, count * sizeof(*e));
		for (; r < nrec && rec[r].slba < slba + count; r++) {
			/* a record may straddle two windows */
			uint64_t lo = rec[r].slba > slba ? rec[r].slba : slba;
			uint64_t hi = rec[r].slba + rec[r].count;

			if (hi > slba + count)
				hi = slba + count;
			for (uint64_t l = lo; l < hi; l++) {
				e[l - slba] = get32(rec[r].entries + (l - rec[r].slba) * 4);
				n += e[l - slba] != NVMETEST_CRC_UNKNOWN;
			}
			if (rec[r].slba + rec[r].count > slba + count)
				break;
		}
		ret = nvmetest_verify_load(dev, nsid, slba, e, &count);
	}
	if (!ret && loaded)
		*loaded = n;
out:
	free(e);
	free(rec);
	free(buf);
	return ret;
}
