#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The table of make ndctl-check: one row per test of ndctl's suite, a
result and its time for each kernel run (stock, and series when given),
and the reason for every result that is not a pass, from meson's JSON
test log (the test's own output), the guest's test list (a test that
never ran) and the console (a guest that died).

    report.py NAME=RESULTS_DIR [NAME=RESULTS_DIR...]

Ends with "N passed, N failed, N skipped" over all cells: a timeout, an
error and a test that never ran are failures.
"""
import json
import os
import re
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}


def reason_of(result, out, dur):
    lines = [l.strip() for l in (out or "").splitlines() if l.strip()]
    if result == "TIMEOUT":
        return "timed out after %d s" % dur
    pats = [r"Error at line \d+", r"appears to be production version.*",
            r"unavailable.*skip\w*.*", r"skip\w*.*", r"\bmissing\b.*",
            r"not found.*", r"FAIL.*", r"fail\w*.*", r"error.*"]
    if result in SKIP:
        pats = [r"appears to be production version.*", r".*skip\w*.*",
                r".*missing.*", r".*not found.*", r".*requires?.*"]
    for p in pats:
        for l in reversed(lines):
            m = re.search(p, l, re.I)
            if m:
                return l[:110]
    return lines[-1][:110] if lines else "(no output)"


def short(name):
    """A test's own name: meson lists and logs it as "SUITE - PROJECT:NAME"
    (meson 1.12) or "PROJECT:SUITE / NAME" (older)."""
    name = name.strip()
    if " / " in name:
        return name.split(" / ", 1)[1]
    m = re.match(r"^\S+ - [^:\s]+:(.*)$", name)
    return m.group(1) if m else name


def load(name, d):
    runs = {}
    order = []
    logs = os.path.join(d, "meson-logs")
    files = sorted(f for f in os.listdir(logs)
                   if f.startswith("testlog-") and f.endswith(".json")) \
        if os.path.isdir(logs) else []
    # the suites in the order the guest ran them
    con = os.path.join(d, "console.log")
    text = open(con, errors="replace").read() if os.path.exists(con) else ""
    ran = re.findall(r"ndctl-check: suite (\S+)", text)
    files.sort(key=lambda f: ran.index(re.match(r"testlog-([^-.]+)", f).group(1))
               if re.match(r"testlog-([^-.]+)", f).group(1) in ran else len(ran))
    for f in files:
        # testlog-SUITE.json, or testlog-SUITE-WRAPPER.json with meson's
        # --wrapper (scripts/ndctl/test-wrapper.sh)
        suite = re.match(r"testlog-([^-.]+)", f).group(1)
        with open(os.path.join(logs, f)) as fh:
            for line in fh:
                try:
                    t = json.loads(line)
                except ValueError:
                    continue
                key = "%s/%s" % (suite, short(t["name"]))
                dur = t.get("duration") or 0
                res = t.get("result", "?")
                runs[key] = (res, dur, "" if res in PASS else
                             reason_of(res, t.get("stdout", ""), dur))
                order.append(key)
    # what the kernel said during each test: scripts/ndctl/test-wrapper.sh
    # marks where each begins and ends; the k-th test of a suite in
    # meson's log is the k-th begin marker of that suite (the tests run
    # one at a time, in order)
    seen = {}
    cur = None
    last_begin = ""
    kern = {}
    for line in text.splitlines():
        m = re.search(r"ndctl-check: begin (\S+) (\S+)", line)
        if m:
            suite = m.group(1)
            seen[suite] = seen.get(suite, 0) + 1
            cur = (suite, seen[suite] - 1)
            last_begin = m.group(2)
            continue
        if re.search(r"ndctl-check: end ", line):
            cur = None
            continue
        if cur and cur not in kern and re.search(
                r"WARNING:|BUG:|Oops|general protection|Kernel panic|"
                r"hung_task|soft lockup|RCU stall", line):
            kern[cur] = re.sub(r"^\[[ 0-9.]+\] ", "", line.strip())[:90]
    idx = {}
    for key in order:
        suite = key.split("/", 1)[0]
        i = idx.get(suite, 0)
        idx[suite] = i + 1
        if (suite, i) in kern:
            res, dur, r = runs[key]
            r = (r + "; " if r else "") + "kernel: " + kern[(suite, i)]
            runs[key] = (res, dur, r)

    # tests the guest listed but never ran: it died, or timed out
    died = ""
    status = open(os.path.join(d, "vm-status")).read().strip() \
        if os.path.exists(os.path.join(d, "vm-status")) else "?"
    if text:
        m = re.findall(r"Kernel panic[^\n]*", text)
        if m:
            died = m[-1].strip()[:80]
    if cur:
        # a test began and never ended: the guest stopped in it
        died = "guest %s during %s test %s%s" % (
            status, cur[0], last_begin, (": " + died) if died else "")
    for f in sorted(os.listdir(d)):
        if not (f.startswith("list-") and f.endswith(".txt")):
            continue
        suite = f[len("list-"):-len(".txt")]
        for line in open(os.path.join(d, f)):
            if " / " not in line and " - " not in line:
                continue
            key = "%s/%s" % (suite, short(line))
            if key not in runs:
                why = "not run: " + (died or ("guest " + status))
                runs[key] = ("NOTRUN", 0, why)
                order.append(key)
    return runs, order


def main():
    cols = [a.split("=", 1) for a in sys.argv[1:]]
    data = [(n,) + load(n, d) for n, d in cols]
    keys = []
    for _, _, order in data:
        for k in order:
            if k not in keys:
                keys.append(k)
    w = max([len(k) for k in keys] + [4])
    head = "%-*s" % (w, "test")
    for n, _, _ in data:
        head += " | %-8s %7s" % (n, "s")
    head += " | reason (not a pass)"
    print(head)
    print("-" * len(head))
    npass = nfail = nskip = 0
    for k in keys:
        row = "%-*s" % (w, k)
        why = []
        for n, runs, _ in data:
            res, dur, r = runs.get(k, ("-", 0, ""))
            row += " | %-8s %7.1f" % (res, dur)
            if res in PASS:
                npass += 1
            elif res in SKIP:
                nskip += 1
            elif res != "-":
                nfail += 1
            if r:
                why.append(("%s: %s" % (n, r)) if len(data) > 1 else r)
        print(row + " | " + "; ".join(why))
    print("%d passed, %d failed, %d skipped" % (npass, nfail, nskip))


main()
