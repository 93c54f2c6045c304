#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""KTAP from a guest, as TAP lines of the suite, through the kernel's own
KTAP parser (tools/testing/kunit/kunit.py parse --json).

    kunit-tap.py KERNEL_SOURCE KTAP_FILE

Every test case becomes "ok - guest: kunit: SUITE: [TEST: ]CASE" or
"not ok - ..."; a skipped or crashed case, a parse error, or no cases at
all is "not ok": nothing that did not run counts as passed.
"""
import json
import os
import subprocess
import sys
import tempfile


def cases(group, path):
    for case in group.get("test_cases", []):
        yield path + [case["name"]], case["status"]
    for sub in group.get("sub_groups", []):
        yield from cases(sub, path + [sub["name"]])


def main():
    ksrc, ktap = sys.argv[1], sys.argv[2]
    kunit = os.path.join(ksrc, "tools/testing/kunit/kunit.py")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        run = subprocess.run([sys.executable, kunit, "parse", "--json=" + out.name, ktap],
                             capture_output=True, text=True)
        try:
            tree = json.load(open(out.name))
        except ValueError:
            tree = {}
    results = list(cases(tree, [])) if tree else []
    for path, status in results:
        ok = "ok" if status == "PASS" else "not ok"
        note = "" if status == "PASS" else " # " + status
        print("%s - guest: kunit: %s%s" % (ok, ": ".join(path), note))
    summary = "kunit.py parse read %d KUnit cases (exit %d)" % (len(results), run.returncode)
    if results and run.returncode == 0:
        print("ok - guest: " + summary)
    else:
        print("not ok - guest: " + summary)
        for line in (run.stdout + run.stderr).splitlines()[-20:]:
            print("# " + line)


if __name__ == "__main__":
    main()
