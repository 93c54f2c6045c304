#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest entry point for the test suite. Creates the dax devices, then runs
# every test file for our modules and again for the kernel's own (stock)
# modules, writing TAP to /results/tap.txt and the kernel log to
# /results/dmesg.txt.
#
#   main.sh [IMPLS] [TEST_GLOBS]    default: "ours stock" "[0-9][0-9]-*"
#
# TEST_GLOBS is one or more globs, separated by spaces; make check splits
# the suite across VM boots this way (tests/run.sh).
set -u
impls=${1:-ours stock}
globs=${2:-[0-9][0-9]-*}
. /work/tests/guest/begin.sh

# the test files, in order, each once
set -f
read -r -a patterns <<<"$globs"
set +f
files=$(for g in "${patterns[@]}"; do ls ./$g.sh 2>/dev/null; done | sort -u)

for IMPL in $impls; do
	export IMPL
	load_personalities
	for t in $files; do
		[ -e "$t" ] || continue
		t0=$SECONDS
		. "$t"
		# where the suite spends its time, per file and implementation
		say "# time: $IMPL ${t#./}: $((SECONDS - t0)) s"
	done
	unload_personalities
done

. ./finish.sh
