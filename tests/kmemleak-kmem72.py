#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Is every leak in a kmemleak report Linux 7.2 kmem's known one?

    kmemleak-kmem72.py KMEMLEAK_REPORT

7.2's dev_dax_kmem_remove() never frees the struct dax_kmem_data and the
kstrdup()ed res_name of a device with a range too small for a memory
block (README, "Known problems"). Such an object was allocated by the
kmem driver's probe itself, called from dax_bus_probe(): a kmalloc, or
a kstrdup, directly in a module function whose caller is dax_bus_probe
(a module already unloaded, so its address is not resolved). Anything
allocated otherwise, devm allocations of a personality included, is not
that leak.

Prints "TOTAL KNOWN" (objects in the report, and how many are that leak).
"""
import re
import sys


def frames(obj):
    bt = obj.split("backtrace", 1)[1].splitlines()[1:]
    return [line.strip().split("+")[0] for line in bt if line.strip()]


def kmem72_leak(obj):
    f = frames(obj)
    if f[:1] == ["__kmalloc_noprof"]:
        f = f[1:]
    elif f[:2] == ["__kmalloc_node_track_caller_noprof", "kstrdup"]:
        f = f[2:]
    else:
        return False
    return len(f) >= 2 and f[0].startswith("0x") and f[1] == "dax_bus_probe"


def main():
    with open(sys.argv[1]) as fh:
        objs = re.split(r"(?m)^unreferenced object ", fh.read())[1:]
    print(len(objs), sum(1 for o in objs if "backtrace" in o and kmem72_leak(o)))


if __name__ == "__main__":
    main()
