#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The full test suite: set-up (idempotent), the host checks, and the guest
# suite in VM boots, against our modules and the stock ones. Prints every
# test and closes with "N passed, N failed".
#
#   tests/run.sh [-k sanitize] [GUEST_IMPLS] [GUEST_TEST_GLOBS]
#
# With no arguments (make check) the guest suite is split into shards,
# each a VM boot of its own, run $DAX_VM_SLOTS at a time (default: one
# per host core; TCG runs a guest on one host thread, so two boots on two
# cores take the time of one), while the host checks run beside them:
#   kit-*    the conformance suite (tests/conformance.sh) on our seven
#            personalities: dax_init_test (kit-init), the templates
#            dax_rw and dax_ro (kit-templates), device_dax and fsdev_dax
#            (kit-ours), the exclusive dax_excl_test and the wiping
#            dax_wipe_test (kit-tests)
#   oot      the out-of-tree personality of Documentation/dax-common/
#            index.rst, built and run as that page says (tests/oot-check.sh)
#   stress   45-bringup, 46-retire and 80-stress (ours only)
#   main     the other guest tests on ours and stock
# Their TAP is merged in that order, whatever order they finish in.
#
# Given GUEST_IMPLS or GUEST_TEST_GLOBS, one boot runs what they select
# (e.g. tests/run.sh ours "20-* 25-*"), and the host checks are left out.
# -k sanitize (make check-sanitize): the guest suite on the sanitizer
# kernel (KASAN, DEBUG_PAGEALLOC, DEBUG_OBJECTS, UBSAN, ...), one boot.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
. "$TOP/tests/host-lib.sh"
set +e

variant=default
[ "${1:-}" = -k ] && { variant=$2; shift 2; }
full=0
[ "$variant" = default ] && [ $# = 0 ] && full=1
impls=${1:-ours stock}
globs=${2:-[0-9][0-9]-*}
run_begin dax-common-test "$variant"
build_for_guest

if [ $full = 0 ]; then
	run_guest tests/guest/main.sh "$impls" "$globs"
	closing_line "$tap"
	exit
fi

# The 7.2 tree that the host checks build the modules against (variant
# 7.2-build: never booted, half the test kernel's objects), before the
# boots rather than beside them: on a cold cache, a 7.2 build took 16
# minutes on the cores that ran two guests, where alone it takes 7, and
# the guests took twice as long.
KDIR_7_2=$("$TOP/scripts/build-kernel.sh" 7.2-build)
kdir_7_2_rc=$?

# ---------------------------------------------------------------- shards
slots=${DAX_VM_SLOTS:-$(nproc)}
SHARDS=()
declare -A SHARD_CMD

# shard NAME CMD...: a boot whose TAP CMD prints on stdout (its log on
# stderr), into $out/NAME.tap and $out/NAME.log
shard() {
	local name=$1
	shift
	SHARDS+=("$name")
	SHARD_CMD[$name]=$(printf '%q ' "$@")
}

# guest_shard RESULTS_NAME IMPLS GLOBS: tests/guest/main.sh in a boot,
# and the verdict on it
guest_shard() {
	local name=$1 impls=$2 globs=$3
	VM_APPEND=kmemleak=on "$TOP/scripts/vm-run.sh" -t 3600 -k "$variant" \
		"$out/guest-$name" tests/guest/main.sh "$impls" "$globs" >&2
	guest_verdict "$out/guest-$name" /dev/null |
		sed "s/^\(ok\|not ok\) - guest: /\1 - guest $name: /"
}

# kit_shard MODULE...: the conformance suite, its lines but not its
# closing line (which says whether it ran)
kit_shard() {
	local kit
	kit=$(DAX_CONFORMANCE_BUILT=1 "$TOP/tests/conformance.sh" "$@")
	grep -qE '^[0-9]+ passed, [0-9]+ failed$' <<<"$kit"
	tap_line $? "the conformance suite ran on $(basename -a "$@" | tr '\n' ' ')"
	grep -E '^(ok|not ok) |^# ' <<<"$kit" | sed 's/^\(ok\|not ok\) - /\1 - kit: /'
}

oot_shard() {
	local rc
	DAX_CONFORMANCE_BUILT=1 "$TOP/tests/oot-check.sh" > "$out/oot-check.tap"
	rc=$?
	tap_line $rc "tests/oot-check.sh ran"
	cat "$out/oot-check.tap"
}

export -f guest_shard kit_shard oot_shard guest_verdict tap_line log
export TOP KDIR variant out KERNEL_BAD

# Longest first, so that the last to start are short ones: a slot that
# frees late has little left to take. Two personalities share a boot
# where neither would be the longest alone: every boot costs its boot,
# set-up and leak scans (half a minute on a quiet host, over a minute on a
# busy one), whatever runs in it.
shard kit-init kit_shard "$TOP/tests/dax_init_test.ko"
shard kit-templates kit_shard "$TOP/dax_rw.ko" "$TOP/dax_ro.ko"
shard stress guest_shard stress ours "45-* 46-* 80-*"
shard kit-ours kit_shard "$TOP/device_dax.ko" "$TOP/fsdev_dax.ko"
shard kit-tests kit_shard "$TOP/tests/dax_excl_test.ko" "$TOP/tests/dax_wipe_test.ko"
# main boots with an NVDIMM big and aligned enough for 64-pud's 1 GiB pages
shard main env VM_NVDIMM_SIZE=5G VM_NVDIMM_ALIGN=1G bash -c 'guest_shard main "ours stock" "05-* 10-* 20-* 25-* 30-* 32-* 33-* 35-* 40-* 60-* 62-* 63-* 64-*"'
shard oot oot_shard

# run_shards: every shard, $slots at a time, in the background of the
# host checks
run_shards() {
	local name
	for name in "${SHARDS[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$slots" ]; do
			wait -n
		done
		log "shard $name: starting"
		(
			t0=$SECONDS
			bash -c "${SHARD_CMD[$name]}" > "$out/$name.tap" 2> "$out/$name.log"
			echo "# time: shard $name: $((SECONDS - t0)) s" >> "$out/$name.tap"
			log "shard $name: done in $((SECONDS - t0)) s"
		) &
	done
	wait
}
log "the guest suite in ${#SHARDS[@]} boots, $slots at a time: ${SHARDS[*]}"
run_shards &
shards_pid=$!

# The host checks meanwhile: they need no VM, and the boots leave the
# host's cores mostly to TCG, which runs a guest on one thread.
log "host checks"
"$TOP/tests/host-checks.sh" "$KDIR" | tee -a "$tap"
SRC=$(readlink -f "$KDIR/source")
log "coccinelle checks"
KBUILD=$KDIR "$TOP/tests/cocci-check.sh" "$SRC" 2>&1 | sed 's/^\(not ok\|ok\) [0-9]* - /\1 - /' | tee -a "$tap"
log "documentation checks"
"$TOP/tests/docs-check.sh" "$SRC" 2>&1 | sed 's/^\(not ok\|ok\) [0-9]* - /\1 - /' | tee -a "$tap"
log "dkms check"
"$TOP/tests/dkms-check.sh" "$KDIR" 2>&1 | tee -a "$tap"
log "7.2 build"
if [ $kdir_7_2_rc = 0 ]; then
	"$TOP/tests/build-7.2.sh" "$KDIR_7_2" 2>&1 | tee -a "$tap"
else
	tap_line 1 "the 7.2 kernel builds" | tee -a "$tap"
fi
log "host checks done ($((SECONDS - start)) s)"

wait "$shards_pid"
for name in "${SHARDS[@]}"; do
	[ -s "$out/$name.tap" ] && grep -qE '^(ok|not ok) ' "$out/$name.tap"
	tap_line $? "shard $name ran" "$(tail -n 20 "$out/$name.log")" | tee -a "$tap"
	tee -a "$tap" < "$out/$name.tap"
done
log "results in $out ($((SECONDS - start)) s)"
closing_line "$tap"
