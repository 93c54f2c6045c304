#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tables for `make bench` from the guest's raw.tsv and trace.txt.

    analyze.py GUEST_OUT RESULTS_DIR STAMP [NOTE]

Writes RESULTS_DIR/bench-STAMP.txt (the report), bind-latency.dat (the
plot's data), latest-raw.tsv and latest-ftrace.tsv (the samples). Round 0
(the guest's warm-up round) and each row's warm-up cycle are left out.
"""
import random
import re
import statistics
import sys
from collections import defaultdict

IMPLS = ("stock", "ours")
KIND_ORDER = {"static": 0, "hmem": 1, "hmem-2r": 2, "ranges-1": 3, "ranges-8": 4,
              "ranges-64": 5, "ranges-128": 6}
FLAT_TARGET = 1.10      # ours' lookup cost at 128 ranges / at 1, at most
LINEAR_TARGET = 0.99    # R^2 of bind+unbind latency against size, at least
PERS_ORDER = {"device_dax": 0, "fsdev_dax": 1, "device_dax@4K": 2,
              "device_dax@2M": 3}
METRIC_ORDER = {"bind": 0, "unbind": 1, "bind+unbind": 2}
LAT_TARGET = 1.02       # ours/stock latency at most
TPUT_TARGET = 0.98      # ours/stock throughput at least
FLOOR_TARGET = 1.10     # bind at most this times devm_memremap_pages()
# Where a bind or unbind sleeps for RCU: grace periods (synchronize_rcu()
# directly, or in mem_hotplug_begin()'s percpu_down_write()), SRCU
# (kill_dax()), the percpu ref's switch to atomic (wait_for_completion()
# in memunmap_pages()). Outermost calls only.
WAITS = {"synchronize_rcu", "synchronize_srcu", "wait_for_completion",
         "mem_hotplug_begin"}


def median(v):
    return statistics.median(v) if v else float("nan")


def quartiles(v):
    if len(v) < 4:
        return min(v), max(v)
    q = statistics.quantiles(v, n=4)
    return q[0], q[2]


def ratio_ci(a, b, rng, n=2000):
    """95% bootstrap interval of median(b) / median(a)."""
    if len(a) < 3 or len(b) < 3:
        return float("nan"), float("nan")
    r = []
    for _ in range(n):
        ma = median(rng.choices(a, k=len(a)))
        mb = median(rng.choices(b, k=len(b)))
        r.append(mb / ma)
    r.sort()
    return r[int(0.025 * n)], r[int(0.975 * n) - 1]


def row_key(k):
    kind, size, pers = k[:3]
    rest = tuple(METRIC_ORDER.get(x, x) if isinstance(x, str) else x for x in k[3:])
    return (KIND_ORDER.get(kind, 9), size, PERS_ORDER.get(pers, 9)) + rest


def load_raw(path):
    """samples[(kind, size, pers, metric)][impl] = [values]"""
    samples = defaultdict(lambda: {i: [] for i in IMPLS})
    nbytes = {}
    pending = {}
    with open(path) as f:
        for line in f:
            impl, rnd, kind, size, pers, metric, ns, b = line.rstrip("\n").split("\t")
            if rnd == "0":
                continue
            key = (kind, int(size), pers)
            ns = int(ns)
            samples[key + (metric,)][impl].append(ns)
            if int(b):
                nbytes[key + (metric,)] = int(b)
            # a cycle is a bind followed by its unbind
            if metric == "bind":
                pending[(impl,) + key] = ns
            elif metric == "unbind":
                samples[key + ("bind+unbind",)][impl].append(
                    pending.pop((impl,) + key) + ns)
    return samples, nbytes


LINE = re.compile(r"^\s*(?:([\d.]+)\s*\|\s*)?\d+\)\s+(\S+)\s+\|\s*(?:[-+!#*@$]\s*)?"
                  r"(?:([\d.]+)\s*us)?\s*\|\s?(.*?)\s*$")
MARK = re.compile(r"/\* ### (.*?) \*/")
SWITCH = re.compile(r"sched_switch: prev_comm=(\S+) .*==> next_comm=(\S+) ")
WRITER = "benchtool"


def parse_trace(path):
    """One dict per timed write: its row, op, write time and, per traced
    function, the time spent in it ("parent>name" too), in us; "off" is
    the time the writer spent off the CPU (sched_switch out to in)."""
    ops = []
    row = None
    cur = None
    out_at = None
    stacks = defaultdict(list)
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            ts, proc, dur, body = m.groups()
            sw = SWITCH.search(body)
            if sw:
                if sw.group(1) == WRITER and ts:
                    out_at = float(ts)
                elif sw.group(2) == WRITER and ts and out_at is not None:
                    if cur is not None:
                        cur["off"] += (float(ts) - out_at) * 1e6
                    out_at = None
                continue
            mk = MARK.search(body)
            if mk:
                w = mk.group(1).split()
                if w[0] == "row":
                    row = {"impl": w[1], "round": int(w[2]), "kind": w[3],
                           "size": int(w[4]), "pers": w[5]}
                    cur = None
                elif w[0] == "start" and row:
                    cur = defaultdict(float)
                    stacks.clear()
                    out_at = None
                elif w[0] == "op" and row and cur is not None:
                    idx = int(w[1])
                    if row["round"] > 0 and idx >= 2:
                        op = dict(row, op=w[2], cycle=idx // 2,
                                  write_us=int(w[3]) / 1000.0, t=cur)
                        ops.append(op)
                    cur = None
                continue
            # only the timed writer's own calls, not other tasks'
            if cur is None or not WRITER.startswith(proc.rsplit("-", 1)[0]):
                continue
            body = re.sub(r" \[\w+\]", "", body).strip()
            st = stacks[proc]
            if body.endswith("{"):
                st.append(body.split("(")[0])
                continue
            if body.startswith("}"):
                mm = re.search(r"/\* (\S+) \*/", body)
                name = mm.group(1) if mm else (st[-1] if st else "?")
                if st:
                    st.pop()
            elif body.endswith(";"):
                name = body.split("(")[0]
            else:
                continue
            if dur is None:
                continue
            us = float(dur)
            cur[name] += us
            if st:
                cur[st[-1] + ">" + name] += us
            if name in WAITS and not any(a in WAITS for a in st):
                cur["wait"] += us
                for a in ("devm_memremap_pages", "memunmap_pages", "kill_dev_dax"):
                    if a in st:
                        cur["wait@" + a] += us
    return ops


def fmt_ms(ns):
    return "%.2f" % (ns / 1e6)


def kind_ranges(kind):
    """How many ranges a device of this kind has."""
    if kind.startswith("ranges-"):
        return int(kind.split("-")[1])
    return 2 if kind == "hmem-2r" else 1


def range_report(R, samples, nbytes, results):
    """Cost per lookup against the number of ranges: ns per
    dax_direct_access() call, and ns per 4 KiB page fault, on a 256 MiB
    device of 1..128 ranges; ours must stay flat."""
    p = R.p
    rows = []   # (ranges, metric, stock ns, ours ns)
    for k in sorted((k for k in samples if k[0].startswith("ranges-")), key=row_key):
        n = kind_ranges(k[0])
        if k[3] == "access":
            per = nbytes[k] / 4096
            label = "direct_access"
        elif k[3] == "touch_first":
            per = nbytes[k] / 4096
            label = "fault@4K"
        else:
            continue
        s = [v / per for v in samples[k]["stock"]]
        o = [v / per for v in samples[k]["ours"]]
        if s and o:
            rows.append((n, label, s, o))
    if not rows:
        return
    p("== lookup cost against the number of ranges (a 256 MiB hmem device in N")
    p("   ranges with 2 MiB holes; ns per dax_direct_access() call, ns per 4 KiB")
    p("   page fault of device_dax; growth = median at N / median at 1 range)")
    p("%-14s %6s %4s  %-24s %-24s %6s  %-12s %7s %7s" % (
        "lookup", "ranges", "n", "stock median [min..max]", "ours median [min..max]",
        "ratio", "95% interval", "growth", "stock"))
    base = {(l, impl): median(v) for n, l, s, o in rows if n == 1
            for impl, v in (("stock", s), ("ours", o))}
    with open(results + "/ranges.dat", "w") as f:
        for label in ("direct_access", "fault@4K"):
            f.write("# %s: ranges stock_median ours_median (ns)\n" % label)
            for n, l, s, o in rows:
                if l != label:
                    continue
                ms, mo = median(s), median(o)
                lo, hi = ratio_ci(s, o, R.rng)
                gs = ms / base.get((l, "stock"), float("nan"))
                go = mo / base.get((l, "ours"), float("nan"))
                p("%-14s %6d %4d  %-24s %-24s %6.3f  %-12s %7.3f %7.3f" % (
                    l, n, min(len(s), len(o)),
                    "%.0f [%.0f..%.0f]" % (ms, min(s), max(s)),
                    "%.0f [%.0f..%.0f]" % (mo, min(o), max(o)),
                    mo / ms, "%.3f-%.3f" % (lo, hi), go, gs))
                f.write("%d %g %g\n" % (n, ms, mo))
                if n == max(r[0] for r in rows):
                    R.flat.append((l, n, go, gs))
            f.write("\n\n")
    p("")


def linear_fit(xs, ys):
    """Least squares y = a + b x: (a, b, R^2)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def size_report(R, samples):
    """bind+unbind latency of the static devices against their size: a
    straight line through the medians, for each implementation."""
    p = R.p
    p("== bind+unbind latency against size (static devices, medians; least")
    p("   squares ms = a + b * GiB over every static size)")
    p("%-12s %-6s %6s %10s %10s %8s  %s" % ("personality", "impl", "sizes", "a (ms)",
                                         "b (ms/GiB)", "R^2", "target"))
    for pers in ("device_dax", "fsdev_dax"):
        keys = sorted(k for k in samples if k[0] == "static" and k[2] == pers
                      and k[3] == "bind+unbind")
        if len(keys) < 3:
            continue
        for impl in IMPLS:
            pts = [(k[1] / 1024.0, median(samples[k][impl]) / 1e6) for k in keys
                   if samples[k][impl]]
            a, b, r2 = linear_fit([x for x, _ in pts], [y for _, y in pts])
            mark = "met" if r2 >= LINEAR_TARGET else "MISSED"
            R.linear.append((pers, impl, r2, mark))
            p("%-12s %-6s %6d %10.2f %10.2f %8.4f  %s" % (pers, impl, len(pts), a, b, r2, mark))
    p("")


class Report:
    def __init__(self):
        self.lines = []
        self.verdicts = []
        self.flat = []
        self.linear = []
        self.rng = random.Random(1)

    def p(self, s=""):
        self.lines.append(s)

    def latency_table(self, samples, keys, scale=1.0):
        """keys: (kind, size, pers, metric); values in ns. Returns medians."""
        med = {}
        self.p("%-8s %5s %-14s %-11s %4s  %-24s %-24s %6s  %-12s %s" % (
            "device", "MiB", "personality", "metric", "n", "stock median [min..max]",
            "ours median [min..max]", "ratio", "95% interval", "target"))
        for k in keys:
            s = [v * scale for v in samples[k]["stock"]]
            o = [v * scale for v in samples[k]["ours"]]
            if not s or not o:
                continue
            ms, mo = median(s), median(o)
            med[k] = (ms, mo)
            r = mo / ms
            lo, hi = ratio_ci(s, o, self.rng)
            mark = "met" if r <= LAT_TARGET else ("noise" if lo <= LAT_TARGET else "MISSED")
            self.p("%-8s %5d %-14s %-11s %4d  %-24s %-24s %6.3f  %-12s %s" % (
                k[0], k[1], k[2], k[3], min(len(s), len(o)),
                "%s [%s..%s]" % (fmt_ms(ms), fmt_ms(min(s)), fmt_ms(max(s))),
                "%s [%s..%s]" % (fmt_ms(mo), fmt_ms(min(o)), fmt_ms(max(o))),
                r, "%.3f-%.3f" % (lo, hi), mark))
            yield_v = (k, r, lo, hi, mark)
            self.last_verdicts.append(yield_v)
        return med

    def throughput_row(self, k, s, o, label, fmt):
        r = median(o) / median(s)
        lo, hi = ratio_ci(s, o, self.rng)
        mark = "met" if r >= TPUT_TARGET else ("noise" if hi >= TPUT_TARGET else "MISSED")
        self.verdicts.append(("throughput", k, r, lo, hi, mark))
        self.p("%-8s %5d %-14s %-12s %4d  %-24s %-24s %6.3f  %-12s %s" % (
            k[0], k[1], label[0], label[1], min(len(s), len(o)),
            fmt % (median(s), min(s), max(s)), fmt % (median(o), min(o), max(o)),
            r, "%.3f-%.3f" % (lo, hi), mark))


def main():
    out, results, stamp = sys.argv[1:4]
    note = sys.argv[4] if len(sys.argv) > 4 else ""
    samples, nbytes = load_raw(out + "/raw.tsv")
    ops = parse_trace(out + "/trace.txt")
    R = Report()
    p = R.p

    p("dax-common benchmark: our dax modules vs the kernel's stock ones")
    p("run %s; %s" % (stamp, note))
    p("One VM boot under TCG (2 vCPUs, single-threaded); phases alternate stock,")
    p("ours, stock, ours, ... Medians, [min..max], n samples per side, ours/stock")
    p("of the medians and its 95% bootstrap interval. Targets: latency ratio <=")
    p("%.2f, throughput ratio >= %.2f; 'noise' = missed, but the interval reaches"
      % (LAT_TARGET, TPUT_TARGET))
    p("the target.")
    p("")

    # --- bind / unbind latency, as timed
    p("== bind and unbind latency (ms; one timed sysfs write each; function_graph")
    p("   on ~30 functions of these paths only, a few us per write)")
    R.last_verdicts = []
    lat_keys = sorted((k for k in samples if k[3] in METRIC_ORDER), key=row_key)
    med = R.latency_table(samples, lat_keys)
    lat_verdicts = R.last_verdicts
    p("")

    # --- the same, less the RCU waits
    nowait = defaultdict(lambda: {i: [] for i in IMPLS})
    pend = {}
    for op in ops:
        k = (op["kind"], op["size"], op["pers"])
        v = (op["write_us"] - op["t"].get("off", 0.0)) * 1000.0
        nowait[k + (op["op"],)][op["impl"]].append(v)
        pk = (op["impl"], op["round"], op["cycle"]) + k
        if op["op"] == "bind":
            pend[pk] = v
        elif pk in pend:
            nowait[k + ("bind+unbind",)][op["impl"]].append(pend.pop(pk) + v)
    p("== the same, on the CPU only (ms): each write less the time the writer was")
    p("   off the CPU during it (sched_switch out to in, from the trace of that")
    p("   write): asleep for RCU grace periods, which are the same code for both")
    p("   and the bulk of the noise, or preempted by other tasks")
    R.last_verdicts = []
    nw_med = R.latency_table(nowait, sorted(nowait, key=row_key))
    nw_verdicts = R.last_verdicts
    p("")

    # --- page faults
    p("== device_dax page-fault throughput (MiB/s; a store to every 4 KiB page")
    p("   of a full-device MAP_SHARED mapping; touch_first = right after bind)")
    p("%-8s %5s %-14s %-12s %4s  %-24s %-24s %6s  %-12s %s" % (
        "device", "MiB", "align", "pass", "n", "stock median [min..max]",
        "ours median [min..max]", "ratio", "95% interval", "target"))
    for k in sorted((k for k in samples if k[3].startswith("touch")), key=row_key):
        b = nbytes[k] / float(1 << 20)
        s = [b / (v / 1e9) for v in samples[k]["stock"]]
        o = [b / (v / 1e9) for v in samples[k]["ours"]]
        if s and o:
            R.throughput_row(k, s, o, (k[2].split("@")[1], k[3]), "%.0f [%.0f..%.0f]")
    p("")

    # --- direct access
    p("== fsdev_dax dax_direct_access() throughput (bench/dax_bench.ko: one call")
    p("   per pgoff over the whole device, under dax_read_lock(), as the fs-dax")
    p("   holder; million calls per second)")
    p("%-8s %5s %-14s %-12s %4s  %-24s %-24s %6s  %-12s %s" % (
        "device", "MiB", "ranges", "", "n", "stock median [min..max]",
        "ours median [min..max]", "ratio", "95% interval", "target"))
    for k in sorted((k for k in samples if k[3] == "access"), key=row_key):
        pages = nbytes[k] / 4096
        s = [pages / (v / 1e9) / 1e6 for v in samples[k]["stock"]]
        o = [pages / (v / 1e9) / 1e6 for v in samples[k]["ours"]]
        if s and o:
            R.throughput_row(k, s, o, (str(kind_ranges(k[0])), ""),
                             "%.3f [%.3f..%.3f]")
    p("")

    range_report(R, samples, nbytes, results)
    size_report(R, samples)

    # --- ftrace split
    groups = defaultdict(list)
    for op in ops:
        groups[(op["kind"], op["size"], op["pers"], op["op"], op["impl"])].append(op)

    def fmed(lst, f):
        v = [f(x) for x in lst]
        v = [x for x in v if x == x]
        return median(v) if v else float("nan")

    def t(*names):
        return lambda x: sum(x["t"].get(n, 0.0) for n in names) / 1000.0

    def w(x):
        return x["write_us"] / 1000.0

    def ratio(a, b):
        return lambda x: a(x) / b(x) if b(x) else float("nan")

    def minus(a, b):
        return lambda x: a(x) - b(x)

    rows = sorted({k[:3] for k in groups}, key=row_key)
    split = {}
    p("== where a bind goes (ftrace; medians over the n timed binds, ms)")
    p("   write = the sysfs write; core = write - probe (driver core, sysfs);")
    p("   probe = dax_bus_probe(); pers = probe - memremap (the personality's own")
    p("   steps: stock fsdev's folio walk, request_mem_region, cdev...); memremap")
    p("   = devm_memremap_pages(), the memmap floor, of which add =")
    p("   arch_add_memory() (direct map, vmemmap), init = memmap_init_zone_device()")
    p("   (struct page init), rcu = asleep in mem_hotplug_begin() (an RCU grace")
    p("   period); walk = stock fsdev_clear_folio_state(); x floor = write /")
    p("   memremap; off = writer off the CPU; x cpu = (write - off) / (memremap")
    p("   - its rcu)")
    hdr = "%-8s %5s %-13s %-5s %3s %6s %5s %6s %5s %8s %5s %5s %5s %5s %5s %7s %5s"
    cols = "%6.2f %5.2f %6.2f %5.2f %8.2f %5.2f %5.2f %5.2f %5.2f %5.2f %7.2f %5.2f"
    p(hdr % ("device", "MiB", "personality", "impl", "n", "write", "core", "probe",
             "pers", "memremap", "add", "init", "rcu", "off", "walk", "x floor", "x cpu"))
    for key in rows:
        for impl in IMPLS:
            g = groups.get(key + ("bind", impl), [])
            if not g:
                continue
            mem, probe = t("devm_memremap_pages"), t("dax_bus_probe")
            xf = fmed(g, ratio(w, mem))
            xc = fmed(g, ratio(minus(w, t("off")), minus(mem, t("wait@devm_memremap_pages"))))
            walk = fmed(g, t("fsdev_clear_folio_state"))
            split[key + ("bind", impl)] = (fmed(g, w), fmed(g, mem), xf, walk, xc)
            p(hdr[:hdr.index("%6s")] % (key[0], key[1], key[2], impl, len(g)) + cols % (
                fmed(g, w), fmed(g, minus(w, probe)), fmed(g, probe),
                fmed(g, minus(probe, mem)), fmed(g, mem), fmed(g, t("arch_add_memory")),
                fmed(g, t("memmap_init_zone_device")),
                fmed(g, t("wait@devm_memremap_pages")), fmed(g, t("off")), walk, xf, xc))
    p("")
    p("== where an unbind goes (ms). core = write - devres (driver core, sysfs);")
    p("   devres = devres_release_all(); pers = devres - memunmap (kill_dev_dax(),")
    p("   cdev_del(), stock fsdev's folio walk...); memunmap = memunmap_pages(),")
    p("   the floor, of which remove = arch_remove_memory() +")
    p("   remove_pfn_range_from_zone(), rcu = asleep in it for RCU (the percpu")
    p("   ref's switch to atomic, mem_hotplug_begin(), synchronize_rcu()); kill =")
    p("   kill_dev_dax() (an SRCU grace period); walk = stock")
    p("   fsdev_clear_folio_state(); off = writer off the CPU; x floor = write /")
    p("   memunmap; x cpu = (write - off) / (memunmap - its rcu)")
    p(hdr % ("device", "MiB", "personality", "impl", "n", "write", "core", "devres",
             "pers", "memunmap", "rmove", "rcu", "kill", "off", "walk", "x floor", "x cpu"))
    for key in rows:
        for impl in IMPLS:
            g = groups.get(key + ("unbind", impl), [])
            if not g:
                continue
            mem, dr = t("memunmap_pages"), t("devres_release_all")
            xf = fmed(g, ratio(w, mem))
            xc = fmed(g, ratio(minus(w, t("off")), minus(mem, t("wait@memunmap_pages"))))
            walk = fmed(g, t("fsdev_clear_folio_state"))
            split[key + ("unbind", impl)] = (fmed(g, w), fmed(g, mem), xf, walk, xc)
            p(hdr[:hdr.index("%6s")] % (key[0], key[1], key[2], impl, len(g)) + cols % (
                fmed(g, w), fmed(g, minus(w, dr)), fmed(g, dr), fmed(g, minus(dr, mem)),
                fmed(g, mem), fmed(g, t("arch_remove_memory", "remove_pfn_range_from_zone")),
                fmed(g, t("wait@memunmap_pages")), fmed(g, t("kill_dev_dax")),
                fmed(g, t("off")), walk, xf, xc))
    p("")

    # --- targets
    p("== targets")
    for name, vs in (("latency ours/stock <= %.2f (as timed)" % LAT_TARGET, lat_verdicts),
                     ("latency ours/stock <= %.2f (on the CPU)" % LAT_TARGET, nw_verdicts),
                     ("throughput ours/stock >= %.2f" % TPUT_TARGET,
                      [v[1:] for v in R.verdicts])):
        met = sum(1 for v in vs if v[4] == "met")
        noise = [v for v in vs if v[4] == "noise"]
        missed = [v for v in vs if v[4] == "MISSED"]
        p("%s: %d of %d rows met, %d missed within noise, %d missed" % (
            name, met, len(vs), len(noise), len(missed)))
        for v in noise + missed:
            p("  %-7s %-40s %.3f (%.3f-%.3f)" % (v[4], " ".join(str(x) for x in v[0]),
                                                v[1], v[2], v[3]))
    p("lookups flat in the number of ranges (ours at the most ranges / at 1 <= %.2f):"
      % FLAT_TARGET)
    for l, n, go, gs in R.flat:
        p("  %-14s %4d ranges: ours %.3f %-6s (stock %.3f)" % (
            l, n, go, "met" if go <= FLAT_TARGET else "MISSED", gs))
    p("bind+unbind linear in size (R^2 >= %.2f):" % LINEAR_TARGET)
    for pers, impl, r2, mark in R.linear:
        p("  %-12s %-6s R^2 %.4f %s" % (pers, impl, r2, mark))
    p("fsdev_dax bind+unbind below stock (ours/stock < 1.00; as timed, on the CPU):")
    for k in lat_keys:
        if k[2] == "fsdev_dax" and k[3] == "bind+unbind" and k in med:
            r = med[k][1] / med[k][0]
            r2 = nw_med[k][1] / nw_med[k][0] if k in nw_med else float("nan")
            p("  %-8s %4d MiB: %.3f %-6s %.3f %s" % (k[0], k[1], r, "met" if r < 1 else "MISSED",
                                                    r2, "met" if r2 < 1 else "MISSED"))
    p("bind <= %.2f x devm_memremap_pages() (median of write/memremap; x cpu: on the CPU):"
      % FLOOR_TARGET)
    for k in sorted(split, key=row_key):
        if k[3] == "bind":
            p("  %-8s %4d MiB %-13s %-5s: %.2f %-6s x cpu %.2f" % (
                k[0], k[1], k[2], k[4], split[k][2],
                "met" if split[k][2] <= FLOOR_TARGET else "MISSED", split[k][4]))
    p("fsdev_dax bind+unbind at or below device_dax's on the same device (ours;")
    p("as timed, and on the CPU):")
    for k in lat_keys:
        if k[2] == "fsdev_dax" and k[3] == "bind+unbind" and k in med:
            for other in ("device_dax", "device_dax@4K"):
                dk = (k[0], k[1], other, k[3])
                if dk not in med:
                    continue
                r = med[k][1] / med[dk][1]
                r2 = (nw_med[k][1] / nw_med[dk][1]
                      if k in nw_med and dk in nw_med else float("nan"))
                p("  %-8s %4d MiB vs %-13s: %6.2f vs %6.2f ms, %.3f %-6s | %.3f %s" % (
                    k[0], k[1], other, med[k][1] / 1e6, med[dk][1] / 1e6, r,
                    "met" if r <= 1 else "MISSED", r2, "met" if r2 <= 1 else "MISSED"))
    walks = [(k, v) for k, v in split.items() if k[4] == "stock" and v[3] == v[3] and v[3] > 0]
    if walks:
        p("stock fsdev_dax folio walks (fsdev_clear_folio_state(); median ms of the write):")
        for k, v in sorted(walks, key=lambda kv: row_key(kv[0])):
            p("  %-8s %4d MiB %-6s: %5.2f ms of %6.2f ms (%4.1f%%), %.1f ns/page" % (
                k[0], k[1], k[3], v[3], v[0], 100 * v[3] / v[0],
                v[3] * 1e6 / (k[1] * 256)))

    with open("%s/bench-%s.txt" % (results, stamp), "w") as f:
        f.write("\n".join(R.lines) + "\n")
    cols = ("off", "wait", "really_probe", "dax_bus_probe", "devm_memremap_pages",
            "arch_add_memory", "memmap_init_zone_device", "wait@devm_memremap_pages",
            "device_release_driver_internal", "devres_release_all", "kill_dev_dax",
            "memunmap_pages", "arch_remove_memory", "remove_pfn_range_from_zone",
            "wait@memunmap_pages", "fsdev_clear_folio_state")
    with open(results + "/latest-ftrace.tsv", "w") as f:
        f.write("# ms per timed write; off = writer off the CPU, wait = asleep for RCU,\n"
                "# wait@F = the part of that inside F, other columns: time in F\n")
        f.write("\t".join(("impl", "round", "kind", "size_mib", "personality", "op",
                           "cycle", "write") + cols) + "\n")
        for op in ops:
            f.write("\t".join(str(x) for x in (
                op["impl"], op["round"], op["kind"], op["size"], op["pers"], op["op"],
                op["cycle"], "%.3f" % (op["write_us"] / 1000.0))) + "\t" + "\t".join(
                "%.3f" % (op["t"].get(c, 0.0) / 1000.0) for c in cols) + "\n")
    with open(out + "/raw.tsv") as src, open(results + "/latest-raw.tsv", "w") as f:
        f.write("impl\tround\tkind\tsize_mib\tpersonality\tmetric\tns\tbytes\n")
        f.write(src.read())

    # plot data: one block per (kind, personality), size vs bind+unbind
    with open(results + "/bind-latency.dat", "w") as f:
        for kind in ("static", "hmem"):
            for pers in ("device_dax", "fsdev_dax"):
                f.write("# %s %s: MiB stock_median q1 q3 ours_median q1 q3 (ms)\n"
                        % (kind, pers))
                for k in sorted(k for k in samples if k[0] == kind and k[2] == pers
                                and k[3] == "bind+unbind"):
                    row = [k[1]]
                    for impl in IMPLS:
                        v = samples[k][impl]
                        q1, q3 = quartiles(v)
                        row += [median(v) / 1e6, q1 / 1e6, q3 / 1e6]
                    f.write(" ".join("%g" % x for x in row) + "\n")
                f.write("\n\n")


if __name__ == "__main__":
    main()
