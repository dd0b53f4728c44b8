#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""tools/bench/report.py: the results of one `make bench` run.

Reads what tools/bench/guest.sh left in the raw folder (runs.tsv, runs/*.json
in fio's JSON shape, guest.conf, and tools/vm/run's vmconf), takes the
median of each variant's runs and the ratios of the comparisons, prints a
table, and writes OUT/bench-STAMP.json, OUT/latest.json and OUT/latest.md.
Ratios only: nothing here passes or fails.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import sys

# What the guest runs, by comparison id: variant id -> label.
COMPARISONS = [
    ("qd32", "4 KiB random read, QD32", [
        ("iow", "IOWorker"),
        ("fio_uring", "fio io_uring (nvme0n1)"),
        ("fio_uring_cmd", "fio io_uring_cmd (ng0n1)"),
    ]),
    ("fio_verify", "fio random read QD32, verify=crc32c on/off", [
        ("fio_on", "fio verify=crc32c"),
        ("fio_off", "fio no verify"),
    ]),
    ("iow_verify", "IOWorker random read QD32, CRC map on/off", [
        ("iow_on", "IOWorker verify on"),
        ("iow_off", "IOWorker verify off"),
        ("iow_prep", "IOWorker seq. write, verify on (fills the map)"),
    ]),
    ("qd1", "4 KiB random read, QD1", [
        ("iow", "IOWorker"),
        ("fio_uring", "fio io_uring (nvme0n1)"),
    ]),
    ("polled", "IOWorker random read QD32: polled vs interrupts", [
        ("iow_polled", "IOWorker polled"),
        ("iow_irq", "IOWorker interrupts"),
    ]),
    ("workers", "IOWorker random read QD32 each: 2 workers vs 1", [
        ("iow_2", "2 IOWorkers (total)"),
        ("iow_1", "1 IOWorker"),
    ]),
    ("fill", "region fill (sequential write QD32, fio verify=crc32c headers)", [
        ("fio_fill", "fio io_uring write"),
    ]),
]

# (comparison, metric, numerator, denominator): the ratios of the table.
RATIOS = [
    ("qd32", "iops", "iow", "fio_uring"),
    ("qd32", "iops", "iow", "fio_uring_cmd"),
    ("qd32", "iops", "fio_uring_cmd", "fio_uring"),
    ("iow_verify", "iops", "iow_on", "iow_off"),
    ("fio_verify", "iops", "fio_on", "fio_off"),
    (("iow_verify", "fio_verify"), "iops", "iow_on", "fio_on"),
    ("qd1", "iops", "iow", "fio_uring"),
    ("qd1", "lat_p50", "iow", "fio_uring"),
    ("qd1", "lat_p99", "iow", "fio_uring"),
    ("qd1", "lat_p99.9", "iow", "fio_uring"),
    ("qd1", "p50", "iow", "fio_uring"),
    ("qd1", "p99", "iow", "fio_uring"),
    ("qd1", "p99.9", "iow", "fio_uring"),
    ("polled", "iops", "iow_polled", "iow_irq"),
    ("workers", "iops", "iow_2", "iow_1"),
]

PCTS = {"p50": "50.000000", "p99": "99.000000", "p99.9": "99.900000"}
METRIC_NAMES = {"iops": "IOPS", "p50": "clat p50", "p99": "clat p99",
                "p99.9": "clat p99.9",
                "lat_p50": "latency p50 (fio: lat)", "lat_p99": "latency p99 (fio: lat)",
                "lat_p99.9": "latency p99.9 (fio: lat)"}


def run_metrics(path):
    """IOPS (all jobs, reads and writes), bandwidth and the clat percentiles
    of one fio-shaped JSON file; None when it does not parse."""
    try:
        with open(path) as f:
            d = json.load(f)
        jobs = d["jobs"]
        iops = bw = 0.0
        for j in jobs:
            for dd in ("read", "write"):
                if dd in j:
                    iops += float(j[dd].get("iops", 0))
                    bw += float(j[dd].get("bw_bytes", j[dd].get("bw", 0) * 1024))
        m = {"iops": iops, "bw_bytes": bw, "jobs": len(jobs)}
        j = jobs[0]
        dd = "read" if float(j.get("read", {}).get("iops", 0)) > 0 else "write"
        clat = j.get(dd, {}).get("clat_ns", {})
        pct = clat.get("percentile", {})
        # fio's total latency (lat_ns, with --lat_percentiles=1): from
        # before its submission call to the reaping; an IOWorker has one
        # latency, clat_ns
        lpct = j.get(dd, {}).get("lat_ns", {}).get("percentile", pct)
        # with several jobs and no group report, the first job's latency
        if len(jobs) == 1 or d.get("global options", {}).get("group_reporting"):
            for k, v in PCTS.items():
                if v in pct:
                    m[k] = float(pct[v])
                if v in lpct:
                    m["lat_" + k] = float(lpct[v])
            if "mean" in clat:
                m["clat_mean"] = float(clat["mean"])
                # Little's law: the IOs inside the measured interval on
                # average (the queue depth when clat spans the whole wait)
                m["little"] = iops * m["clat_mean"] / 1e9
        for k in ("usr_cpu", "sys_cpu", "error"):
            if k in j:
                m[k] = j[k]
        return m
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def fmt_iops(v):
    if v is None:
        return "n/a"
    if v >= 10000:
        return "%.1fK" % (v / 1000)
    return "%.0f" % v


def fmt_ns(v):
    if v is None:
        return "n/a"
    if v >= 1e6:
        return "%.2f ms" % (v / 1e6)
    return "%.0f us" % (v / 1e3) if v >= 1e4 else "%.1f us" % (v / 1e3)


def fmt(metric, v):
    return fmt_iops(v) if metric == "iops" else fmt_ns(v)


def read_conf(path):
    conf = {}
    try:
        with open(path) as f:
            for line in f:
                k, sep, v = line.rstrip("\n").partition("=")
                if sep:
                    conf[k] = v
    except OSError:
        pass
    return conf


def machine(vmconf, guest):
    cpu = "unknown"
    cores = 0
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and cpu == "unknown":
                    cpu = line.split(":", 1)[1].strip()
                if line.startswith("processor"):
                    cores += 1
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": cores or os.cpu_count(),
        "host_kernel": platform.release(),
        "qemu": vmconf.get("qemu", "unknown"),
        "accel": "tcg (software emulation)",
        "guest_kernel": guest.get("kernel", vmconf.get("kernel", "unknown")),
        "fio": guest.get("fio", "unknown"),
        "nvmetest": guest.get("nvmetest", "unknown"),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stamp", required=True)
    ap.add_argument("--elapsed", type=int, default=0)
    ap.add_argument("--vm-status", type=int, default=0)
    ap.add_argument("--load-before", default="")
    ap.add_argument("--load-after", default="")
    a = ap.parse_args()

    vmconf = read_conf(os.path.join(a.raw, "vmconf"))
    guest = read_conf(os.path.join(a.raw, "guest.conf"))
    rows = []
    with open(os.path.join(a.raw, "runs.tsv")) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) != 7:
                continue
            seq, cmp_id, var, rnd, rc, secs, fname = p
            row = {"seq": int(seq), "comparison": cmp_id, "variant": var,
                   "round": int(rnd), "exit": rc, "seconds": float(secs),
                   "file": "raw/%s/runs/%s" % (a.stamp, fname) if fname != "-" else None}
            m = None
            if rc == "0":
                m = run_metrics(os.path.join(a.raw, "runs", fname))
                if m is None:
                    row["exit"] = "bad-json"
            row["metrics"] = m
            rows.append(row)

    comps = []
    medians = {}
    for cid, title, variants in COMPARISONS:
        c = {"id": cid, "title": title, "variants": {}}
        for vid, label in variants:
            runs = [r for r in rows if r["comparison"] == cid and r["variant"] == vid]
            if not runs:
                continue
            good = [r["metrics"] for r in runs if r["metrics"]]
            med = {}
            for k in ("iops", "bw_bytes", "p50", "p99", "p99.9", "lat_p50", "lat_p99",
                      "lat_p99.9", "clat_mean", "little", "usr_cpu", "sys_cpu"):
                vals = [g[k] for g in good if k in g]
                if vals:
                    med[k] = statistics.median(vals)
            c["variants"][vid] = {
                "label": label, "runs": len(runs), "ok": len(good),
                "iops": [g["iops"] for g in good], "median": med,
                "failed": [{"seq": r["seq"], "exit": r["exit"], "file": r["file"]}
                           for r in runs if not r["metrics"]],
            }
            medians[(cid, vid)] = med
        if c["variants"]:
            comps.append(c)

    labels = {(cid, vid): label for cid, _, vs in COMPARISONS for vid, label in vs}
    ratios = []
    for cid, metric, num, den in RATIOS:
        cn, cd = (cid, cid) if isinstance(cid, str) else cid
        a_v = medians.get((cn, num), {}).get(metric)
        b_v = medians.get((cd, den), {}).get(metric)
        ratios.append({
            "comparison": cn if cn == cd else "%s/%s" % (cn, cd),
            "metric": metric,
            "a": labels[(cn, num)], "b": labels[(cd, den)],
            "a_median": a_v, "b_median": b_v,
            "ratio": (a_v / b_v) if a_v is not None and b_v else None,
        })

    date = datetime.datetime.strptime(a.stamp, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc)
    result = {
        "date": date.isoformat().replace("+00:00", "Z"),
        "machine": machine(vmconf, guest),
        "config": {
            "runtime_s": int(guest.get("runtime", 0) or 0),
            "repeat": int(guest.get("repeat", 0) or 0),
            "region_bytes": int(guest.get("size", 0) or 0),
            "bs": int(guest.get("bs", 0) or 0),
            "namespace": "%s MiB, %s-byte LBAs, RAM-backed (%s)" % (
                int(vmconf.get("nvme0.ns1.size", "0") or 0) >> 20,
                vmconf.get("nvme0.ns1.lba_size", "?"),
                vmconf.get("nvme0.ns1.file_fs", "?")),
            "ioworker": guest.get("ioworker") == "1",
        },
        "elapsed_s": a.elapsed,
        "vm_status": a.vm_status,
        "host_loadavg": {"before": a.load_before, "after": a.load_after},
        "ratios": ratios,
        "comparisons": comps,
        "runs": rows,
    }

    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "bench-%s.json" % a.stamp)
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    shutil.copyfile(path, os.path.join(a.out, "latest.json"))
    md = markdown(result)
    with open(os.path.join(a.out, "latest.md"), "w") as f:
        f.write(md)
    print()
    print(md, end="")
    print("\nbench: wrote %s, latest.json and latest.md" % os.path.relpath(path))
    failed = [r for r in rows if r["exit"] not in ("0",)]
    if failed:
        print("bench: %d run(s) failed or were skipped: %s" % (
            len(failed), ", ".join("%s/%s#%d (%s)" % (r["comparison"], r["variant"],
                                                     r["round"], r["exit"]) for r in failed)))
        return 1
    return 0


def markdown(r):
    m = r["machine"]
    c = r["config"]
    out = []
    out.append("nvmetest bench, %s: %s, %s core(s), QEMU %s (TCG, no KVM), guest kernel %s, %s.\n"
               % (r["date"][:16].replace("T", " ") + " UTC", m["cpu"], m["cores"], m["qemu"],
                  m["guest_kernel"], m["fio"]))
    out.append("Medians of %d alternating %d-second runs each, 4 KiB IOs over a %d MiB region "
               "of a %s namespace; the bench took %d s, host load average %s before, %s after. "
               "Ratios only; compare within one run (docs/bench.md).\n"
               % (c["repeat"], c["runtime_s"], c["region_bytes"] >> 20, c["namespace"],
                  r["elapsed_s"], r["host_loadavg"]["before"] or "?",
                  r["host_loadavg"]["after"] or "?"))
    out.append("| Comparison | Metric | A | B | A median | B median | A / B |")
    out.append("| --- | --- | --- | --- | ---: | ---: | ---: |")
    titles = {cid: title for cid, title, _ in COMPARISONS}
    for x in r["ratios"]:
        cid = x["comparison"]
        title = titles.get(cid, "IOWorker vs fio, random read QD32 with verification"
                           if "/" in cid else cid)
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            title, METRIC_NAMES[x["metric"]], x["a"], x["b"],
            fmt(x["metric"], x["a_median"]), fmt(x["metric"], x["b_median"]),
            "%.2f" % x["ratio"] if x["ratio"] is not None else "n/a"))
    out.append("")
    out.append("| Variant | Runs ok | Median IOPS | clat p50 | clat p99 | clat p99.9 "
               "| lat p50 | lat p99 | lat p99.9 | IOPS x mean clat |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for comp in r["comparisons"]:
        for vid, v in comp["variants"].items():
            med = v["median"]
            little = med.get("little")
            out.append("| %s: %s | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                comp["id"], v["label"], v["ok"], v["runs"], fmt_iops(med.get("iops")),
                fmt_ns(med.get("p50")), fmt_ns(med.get("p99")), fmt_ns(med.get("p99.9")),
                fmt_ns(med.get("lat_p50")), fmt_ns(med.get("lat_p99")),
                fmt_ns(med.get("lat_p99.9")),
                "%.1f" % little if little is not None else "n/a"))
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
