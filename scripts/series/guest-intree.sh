#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make-series.sh --boot", run by vm-run.sh in the kernel
# the upstream series builds. Runs the guest suite against the in-tree
# modules (IMPL=intree), then the in-tree KUnit suite, which main.sh
# only collects for IMPL=ours, and dumps the kernel log again so that it
# covers the KUnit run too.
#
#   guest-intree.sh [TEST_GLOB]
set -u
RESULTS=/results

bash /work/tests/guest/main.sh intree "${1:-[0-9][0-9]-*}"

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
rm -f "$RESULTS/kunit-intree.ktap"
if modprobe dax_common_pgmap_kunit 2> "$RESULTS/kunit-intree.err"; then
	cp /sys/kernel/debug/kunit/dax_common_pgmap/results "$RESULTS/kunit-intree.ktap" \
		2>> "$RESULTS/kunit-intree.err"
	rmmod dax_common_pgmap_kunit 2>> "$RESULTS/kunit-intree.err"
fi
dmesg > "$RESULTS/dmesg.txt"
echo "# series guest done" > "$RESULTS/series-guest-done"
