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
    files = sorted(f for f in os.listdir(logs) if f.endswith(".json")) \
        if os.path.isdir(logs) else []
    for f in files:
        suite = f[len("testlog-"):-len(".json")]
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
    # tests the guest listed but never ran: it died, or timed out
    died = ""
    con = os.path.join(d, "console.log")
    status = open(os.path.join(d, "vm-status")).read().strip() \
        if os.path.exists(os.path.join(d, "vm-status")) else "?"
    if os.path.exists(con):
        text = open(con, errors="replace").read()
        m = re.search(r"(Kernel panic[^\n]*|BUG:[^\n]*|Oops:[^\n]*)", text)
        if m:
            died = m.group(1).strip()[:80]
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
