#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The personality conformance suite against modules given by path, in one
# VM boot (tests/guest/conformance.sh says what it checks).
#
#   tests/conformance.sh [-k sanitize] MODULE.ko...
#   make conformance PERSONALITY="path/to/foo.ko ..." [KERNEL=sanitize]
#
# Build the module against the test kernel first: make prints its tree
# (make kdir), e.g. make -C $(make -s kdir) M=$PWD modules. What the kit
# cannot probe is declared in a file beside the module, foo.conformance
# for foo.ko (tests/guest/conformance.sh says what it may say), which
# the guest gets next to the module. Prints every check and closes with
# "N passed, N failed".
#
# DAX_CONFORMANCE_BUILT=1: this tree's modules and guest tools are
# already built for the kernel (make check runs the kit beside its own
# guest run, tests/oot-check.sh, and must not rebuild under it).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
. "$TOP/tests/host-lib.sh"
set +e

variant=default
[ "${1:-}" = -k ] && { variant=$2; shift 2; }
[ $# -ge 1 ] || die "usage: tests/conformance.sh [-k VARIANT] MODULE.ko..."

run_begin dax-conformance "$variant"
release=$(cat "$KDIR/include/config/kernel.release")

if [ "${DAX_CONFORMANCE_BUILT:-}" = 1 ]; then
	log "using the modules and guest tools already built"
else
	build_for_guest
fi

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
	# its declarations, if any, beside it
	decl=${ko%.ko}.conformance
	if [ -f "$decl" ]; then
		cp "$decl" "$out/guest/modules/"
		log "$(basename "$ko") declares: $(grep -v '^[[:space:]]*\(#\|$\)' "$decl" | tr '\n' ' ')"
	fi
	guest_mods+=("/results/modules/$(basename "$ko")")
done

run_guest tests/guest/conformance-main.sh "${guest_mods[@]}"
closing_line "$tap"
