#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The full test suite: set-up (idempotent), host checks, then one VM boot
# running the guest suite against our modules and the stock ones and,
# beside it, a second boot with the out-of-tree personality of
# Documentation/dax-common/index.rst (tests/oot-check.sh). Prints every
# test and closes with "N passed, N failed".
#
#   tests/run.sh [-k sanitize] [GUEST_IMPLS] [GUEST_TEST_GLOB]
#
# -k sanitize (make check-sanitize): the guest suite on the sanitizer
# kernel (KASAN, DEBUG_PAGEALLOC, DEBUG_OBJECTS, UBSAN, ...) instead;
# the host checks do not depend on the kernel and are left to make check,
# as they are when only some guest tests are asked for.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
. "$TOP/tests/host-lib.sh"
set +e

variant=default
[ "${1:-}" = -k ] && { variant=$2; shift 2; }
impls=${1:-ours stock}
glob=${2:-[0-9][0-9]-*}
run_begin dax-common-test "$variant"

if [ "$variant" = default ] && [ "$glob" = "[0-9][0-9]-*" ]; then
	log "host checks"
	"$TOP/tests/host-checks.sh" "$KDIR" | tee -a "$tap"
	SRC=$(readlink -f "$KDIR/source")
	log "coccinelle checks"
	KBUILD=$KDIR "$TOP/tests/cocci-check.sh" "$SRC" 2>&1 | sed 's/^\(not ok\|ok\) [0-9]* - /\1 - /' | tee -a "$tap"
	log "documentation checks"
	"$TOP/tests/docs-check.sh" "$SRC" 2>&1 | sed 's/^\(not ok\|ok\) [0-9]* - /\1 - /' | tee -a "$tap"
	log "dkms check"
	"$TOP/tests/dkms-check.sh" "$KDIR" 2>&1 | tee -a "$tap"
fi

build_for_guest

# The out-of-tree personality of the documentation, built and run
# through the conformance suite in a VM boot of its own, beside the main
# guest run (TCG is single-threaded: the second boot costs little wall
# time on two cores). Its TAP is merged before the closing line.
# After it, in the same background boot slot, the conformance suite on
# the two templates, which the main boot then leaves out (its
# 70-conformance.sh reads /results/conformance-elsewhere): the two boots
# take about as long each.
TEMPLATES="dax_rw.ko dax_ro.ko"
oot_pid=
if [ "$variant" = default ] && [ "$glob" = "[0-9][0-9]-*" ] &&
   [ "$impls" = "ours stock" ]; then
	log "out-of-tree personality check, then the templates' conformance, in the background"
	mkdir -p "$out/guest"
	echo "$TEMPLATES" > "$out/guest/conformance-elsewhere"
	(
		DAX_CONFORMANCE_BUILT=1 "$TOP/tests/oot-check.sh" \
			> "$out/oot.tap" 2> "$out/oot.log"
		echo $? > "$out/oot.rc"
		# shellcheck disable=SC2086
		DAX_CONFORMANCE_BUILT=1 "$TOP/tests/conformance.sh" \
			$(printf "$TOP/%s " $TEMPLATES) > "$out/kit.out" 2> "$out/kit.log"
	) &
	oot_pid=$!
fi

run_guest tests/guest/main.sh "$impls" "$glob"
if [ -n "$oot_pid" ]; then
	wait "$oot_pid"
	[ "$(cat "$out/oot.rc" 2>/dev/null)" = 0 ]
	tap_line $? "tests/oot-check.sh ran" "$(tail -n 20 "$out/oot.log")" | tee -a "$tap"
	tee -a "$tap" < "$out/oot.tap"
	# the templates' suite: its lines, not its closing line
	grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$out/kit.out"
	tap_line $? "the conformance suite ran on $TEMPLATES" "$(tail -n 20 "$out/kit.log")" | tee -a "$tap"
	grep -E '^(ok|not ok) |^# ' "$out/kit.out" |
		sed 's/^\(ok\|not ok\) - /\1 - kit: /' | tee -a "$tap"
fi
closing_line "$tap"
