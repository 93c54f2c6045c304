#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reproducer of a kernel bug outside this project, found by make
# check-sanitize: on x86 with debug_pagealloc=on, memory that kmem onlined,
# offlined and gave back keeps holes in the direct map, and when the
# device is bound to a personality again, stores through dax kaddrs fault.
# dax_rw's pwrite() reports EFAULT (its copy is fault-tolerant); an fs-dax
# holder's store through dax_direct_access()'s kaddr oopses.
#
#   scripts/vm-run.sh -k sanitize RESULTS tests/guest/repro-debug-pagealloc.sh
#
# Prints the pwrite() result after each step; with debug_pagealloc=off on
# the kernel command line, all three succeed.
set -u
. /work/tests/guest/begin.sh
IMPL=ours
load_personalities
insmod /work/dax_rw.ko
modprobe kmem
for d in /sys/bus/dax/devices/dax*; do unbind "${d##*/}"; done
try() {
	say "### $1"
	daxio fill "$HDEV" 7 rw 2>&1 | tee -a "$TAP"
}
bind "$HDEV" dax_rw; try "fresh dax_rw: works"
bind "$HDEV" kmem; bind "$HDEV" dax_rw; try "after kmem added and removed it, offline: works"
unbind "$HDEV"
daxctl reconfigure-device --mode=system-ram "$HDEV" > /dev/null
daxctl offline-memory "$HDEV" > /dev/null
bind "$HDEV" dax_rw; try "after kmem onlined and offlined it: pwrite at 0 fails with EFAULT"
. ./finish.sh
