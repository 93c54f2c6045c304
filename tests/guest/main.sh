#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest entry point for the test suite. Creates the dax devices, then runs
# every test file for our modules and again for the kernel's own (stock)
# modules, writing TAP to /results/tap.txt and the kernel log to
# /results/dmesg.txt.
#
#   main.sh [IMPLS] [TEST_GLOB]     default: "ours stock" "*"
set -u
impls=${1:-ours stock}
glob=${2:-[0-9][0-9]-*}
. /work/tests/guest/begin.sh

for IMPL in $impls; do
	export IMPL
	load_personalities
	for t in ./$glob.sh; do
		[ -e "$t" ] || continue
		t0=$SECONDS
		. "$t"
		# where the suite spends its time, per file and implementation
		echo "# time: $IMPL ${t#./}: $((SECONDS - t0)) s" | tee -a "$TAP"
	done
	unload_personalities
done

. ./finish.sh
