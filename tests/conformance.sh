#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The personality conformance suite against modules given by path, in one
# VM boot (tests/guest/conformance.sh says what it checks).
#
#   tests/conformance.sh [-k sanitize] MODULE.ko...
#   make conformance PERSONALITY="path/to/foo.ko ..." [KERNEL=sanitize]
#
# Build the module against the test kernel first: make prints its tree
# (make kdir), e.g. make -C $(make -s kdir) M=$PWD modules. Prints every
# check and closes with "N passed, N failed".
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
. "$TOP/tests/verdict.sh"
set +e

variant=default
if [ "${1:-}" = -k ]; then
	variant=$2
	shift 2
fi
[ $# -ge 1 ] || die "usage: tests/conformance.sh [-k VARIANT] MODULE.ko..."

out=$(mktemp -d "${TMPDIR:-/tmp}/dax-conformance.XXXXXX")
tap=$out/all.tap
: > "$tap"
start=$SECONDS

"$TOP/scripts/setup.sh" "$variant" || die "set-up failed"
KDIR=$("$TOP/scripts/build-kernel.sh" "$variant")
release=$(cat "$KDIR/include/config/kernel.release")

log "building dax_common, device_dax, fsdev_dax and the test modules"
build=$(make -s -C "$KDIR" M="$TOP" modules 2>&1)
tap_line $? "modules build for the $variant kernel" "$build" | tee -a "$tap"
gcc -O2 -Wall -Wextra -static -o "$TOP/tests/guest/daxio" "$TOP/tests/guest/daxio.c" ||
	die "cannot build daxio"

# The guest sees the modules under test in /results/modules. Each must
# be built for the kernel that is booted.
mkdir -p "$out/guest/modules"
guest_mods=()
for ko in "$@"; do
	[ -f "$ko" ] || die "$ko: no such module"
	magic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	[ "$magic" = "$release" ] ||
		die "$ko is built for $magic, the test kernel is $release: build it with KDIR=$KDIR"
	cp "$ko" "$out/guest/modules/"
	guest_mods+=("/results/modules/$(basename "$ko")")
done

guest=$out/guest
timeout=2400
[ "$variant" = sanitize ] && timeout=7200
VM_APPEND="kmemleak=on" "$TOP/scripts/vm-run.sh" -t $timeout -k "$variant" \
	"$guest" tests/guest/conformance-main.sh "${guest_mods[@]}"
guest_verdict "$guest" "$tap"

log "results in $out ($(( SECONDS - start )) s)"
closing_line "$tap"
