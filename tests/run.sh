#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The full test suite: set-up (idempotent), host checks, then one VM boot
# running the guest suite against our modules and the stock ones. Prints
# every test and closes with "N passed, N failed".
#
#   tests/run.sh [GUEST_IMPLS] [GUEST_TEST_GLOB]
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
set +e

impls=${1:-ours stock}
glob=${2:-[0-9][0-9]-*}
out=$(mktemp -d "${TMPDIR:-/tmp}/dax-common-test.XXXXXX")
tap=$out/all.tap
: > "$tap"
start=$SECONDS

"$TOP/scripts/setup.sh" || die "set-up failed"
KDIR=$("$TOP/scripts/build-kernel.sh")

log "host checks"
"$TOP/tests/host-checks.sh" "$KDIR" | tee -a "$tap"
SRC=$(readlink -f "$KDIR/source")
log "coccinelle checks"
KBUILD=$KDIR "$TOP/tests/cocci-check.sh" "$SRC" 2>&1 | sed 's/^\(not ok\|ok\) [0-9]* - /\1 - /' | tee -a "$tap"
log "documentation checks"
"$TOP/tests/docs-check.sh" "$SRC" 2>&1 | sed 's/^\(not ok\|ok\) [0-9]* - /\1 - /' | tee -a "$tap"

log "building guest tools"
gcc -O2 -Wall -Wextra -static -o "$TOP/tests/guest/daxio" "$TOP/tests/guest/daxio.c" 2>&1 |
	sed 's/^/# /' | tee -a "$tap"

guest=$out/guest
VM_APPEND="kmemleak=on" "$TOP/scripts/vm-run.sh" -t 1500 "$guest" tests/guest/main.sh "$impls" "$glob"
if [ -f "$guest/tap.txt" ]; then
	sed 's/^\(ok\|not ok\) [0-9]* - /\1 - guest: /' "$guest/tap.txt" | tee -a "$tap"
fi

# The guest must have finished, and its kernel must have said nothing bad.
grep -q '^# guest done' "$guest/tap.txt" 2>/dev/null
gdone=$?
if [ $gdone = 0 ]; then
	echo "ok - guest: suite ran to the end ($(cat "$guest/vm-status"))" | tee -a "$tap"
else
	echo "not ok - guest: suite ran to the end ($(cat "$guest/vm-status" 2>/dev/null))" | tee -a "$tap"
	tail -n 60 "$guest/console.log" 2>/dev/null | sed 's/^/# /' | tee -a "$tap"
fi
kernel_log=$guest/dmesg.txt
[ -s "$kernel_log" ] || kernel_log=$guest/console.log
bad=$(grep -E 'WARNING:|BUG:|Oops|circular locking dependency|recursive locking|inconsistent lock state|suspicious RCU usage|lockdep is turned off|KASAN:|UBSAN:|kmemleak: [0-9]+ new suspected|unreferenced object|Kernel panic|general protection' "$kernel_log" 2>/dev/null)
if [ -z "$bad" ] && [ -s "$kernel_log" ]; then
	echo "ok - guest: kernel log has no WARNING/BUG/lockdep/KASAN/kmemleak report" | tee -a "$tap"
else
	echo "not ok - guest: kernel log has no WARNING/BUG/lockdep/KASAN/kmemleak report" | tee -a "$tap"
	sed 's/^/# /' <<<"${bad:-no kernel log}" | head -n 40 | tee -a "$tap"
fi

if [ -f "$guest/kmemleak.txt" ] && [ ! -s "$guest/kmemleak.txt" ]; then
	echo "ok - guest: kmemleak scan after the suite finds no leak" | tee -a "$tap"
else
	echo "not ok - guest: kmemleak scan after the suite finds no leak" | tee -a "$tap"
	head -n 40 "$guest/kmemleak.txt" 2>/dev/null | sed 's/^/# /' | tee -a "$tap"
fi

passed=$(grep -c '^ok ' "$tap")
failed=$(grep -c '^not ok ' "$tap")
log "results in $out ($(( SECONDS - start )) s)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
