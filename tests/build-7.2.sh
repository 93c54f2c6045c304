#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The modules against the other supported series, as TAP on stdout: a
# W=1 build of this tree (modules and tests) against the cached 7.2 tree
# (scripts/build-kernel.sh 7.2-build: the test kernel's dax, memory and
# debug options on allnoconfig), in a copy of the tree, since the objects
# of the 7.3 build live beside the sources.
#
#   build-7.2.sh KDIR_7_2
set -u
KDIR=$1
release=$(cat "$KDIR/include/config/kernel.release")
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/host-lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dax-common-7.2.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

(cd "$TOP" && git ls-files -z -- Kbuild Makefile Kconfig dax-common drivers include tests bench |
	xargs -0 cp --parents -t "$tmp")
out=$(make -s -C "$KDIR" M="$tmp" W=1 modules 2>&1)
tap_line $? "modules build against $release (W=1)" "$out"
warn=$(grep -E 'warning:|error:' <<<"$out")
tap_line "$([ -z "$warn" ] && echo 0 || echo 1)" "W=1 build against $release has no warnings" "$warn"
mods=$(cd "$tmp" && find . -name '*.ko' | wc -l)
tap_line "$([ "$mods" -ge 5 ] && echo 0 || echo 1)" "$mods modules built against $release" \
	"$(cd "$tmp" && find . -name '*.ko')"
