#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel N times (default 20), one boot at a time, and count
# the boots that died before their script started (vm-run.sh boots those
# again, and says so in boot-attempts), and any oops after. For judging
# MTTCG (VM_TCG_THREAD=multi, the default here) against single
# (VM_TCG_THREAD=single, vm-run.sh's default).
#
#   tests/boot-stability.sh [N]
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
set +e
n=${1:-20}
export VM_TCG_THREAD=${VM_TCG_THREAD:-multi}
out=$(mktemp -d "${TMPDIR:-/tmp}/dax-boots.XXXXXX")
failed=0 oops=0 secs=()
for i in $(seq "$n"); do
	t0=$SECONDS
	"$TOP/scripts/vm-run.sh" -t 600 "$out/$i" tests/guest/boot-only.sh 2>/dev/null
	secs+=($((SECONDS - t0)))
	a=$(cat "$out/$i/boot-attempts" 2>/dev/null || echo 0)
	failed=$((failed + a - 1))
	grep -qE 'Oops|BUG:|Kernel panic' "$out/$i/console.log" && oops=$((oops + 1))
	grep -q '^ok .*setup: ' "$out/$i/tap.txt" 2>/dev/null &&
		! grep -q '^not ok' "$out/$i/tap.txt" || oops=$((oops + 1))
	echo "boot $i: ${secs[-1]} s, $a attempt(s)"
done
echo "$n boots (TCG thread=$VM_TCG_THREAD): $failed died before their script and were booted again, $oops went wrong after; seconds per boot: ${secs[*]}"
echo "results in $out"
