#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS, as TAP on stdout: Debian's dkms adds and builds this tree for the
# cached test kernel (in a private dkms tree: nothing is installed), and
# the build step refuses, with a message that says what to install, a
# kernel whose drivers/dax headers it cannot find or that do not match.
#
#   dkms-check.sh KDIR
set -u
KDIR=$1
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/host-lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dax-dkms.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
release=$(cat "$KDIR/include/config/kernel.release")
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$TOP/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$TOP/dkms.conf")
dk() { dkms --dkmstree "$tmp/dkms" --sourcetree "$tmp/src" --installtree "$tmp/install" "$@"; }

# what a user would copy to /usr/src: the committed tree
mkdir -p "$tmp/src/$name-$ver" "$tmp/dkms" "$tmp/install"
(cd "$TOP" && git ls-files -z | xargs -0 cp --parents -t "$tmp/src/$name-$ver")

out=$(dk add -m "$name" -v "$ver" 2>&1)
tap_line $? "dkms add $name/$ver" "$out"
out=$(dk build -m "$name" -v "$ver" -k "$release" --kernelsourcedir "$KDIR" 2>&1)
rc=$?
tap_line $rc "dkms build $name/$ver for $release" "$out$(cat "$tmp/dkms/$name/$ver/build/make.log" 2>/dev/null)"
mods=$tmp/dkms/$name/$ver/$release/$(uname -m)/module
# The modules dkms.conf names, and those Kbuild builds outside its tests
# block: the two lists must agree, or dkms would leave a module out.
mapfile -t want < <(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"$/\1/p' "$TOP/dkms.conf")
kbuild=$(awk '/^ifneq \(\$\(DAX_COMMON_TESTS\),n\)/ { exit } /^obj-m \+= [a-z0-9_]+\.o$/ { sub(/^obj-m \+= /, ""); sub(/\.o$/, ""); print }' "$TOP/Kbuild" | sort)
d=$(diff <(printf '%s\n' "${want[@]}" | sort) <(echo "$kbuild"))
tap_line "$([ -n "$kbuild" ] && [ -z "$d" ] && echo 0 || echo 1)" \
	"dkms.conf lists every module Kbuild builds ($(echo $kbuild))" "< dkms.conf, > Kbuild:"$'\n'"$d"
bad=
for m in "${want[@]}"; do
	ko=$(ls "$mods/$m.ko"* 2>/dev/null | head -n1)
	[ -n "$ko" ] || { bad="$bad $m: not built;"; continue; }
	magic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	[ "$magic" = "$release" ] || bad="$bad $m: vermagic $magic;"
done
tap_line "$([ -z "$bad" ] && echo 0 || echo 1)" "dkms built the ${#want[@]} modules of dkms.conf for $release" "$bad"
extra=$(ls "$mods" 2>/dev/null | grep -v -E "^($(IFS='|'; echo "${want[*]}"))\.ko")
tap_line "$([ -z "$extra" ] && echo 0 || echo 1)" "dkms builds no test modules" "$extra"
dk remove -m "$name" -v "$ver" --all >/dev/null 2>&1

# A headers-only kernel tree (no drivers/dax) without a source tree.
mkdir -p "$tmp/headers/include/config"
echo "$release" > "$tmp/headers/include/config/kernel.release"
out=$(DAX_COMMON_KSRC= "$TOP/scripts/dkms-build.sh" "$tmp/headers" 2>&1)
rc=$?
[ $rc != 0 ] && grep -q "apt install linux-source-" <<<"$out"
tap_line $? "a headers-only kernel tree is refused with what to install" "exit $rc: $out"

# Source of another release series.
mkdir -p "$tmp/old/drivers/dax"
printf 'VERSION = 6\nPATCHLEVEL = 1\n' > "$tmp/old/Makefile"
touch "$tmp/old/drivers/dax/bus.h" "$tmp/old/drivers/dax/dax-private.h"
out=$(DAX_COMMON_KSRC=$tmp/old "$TOP/scripts/dkms-build.sh" "$tmp/headers" 2>&1)
rc=$?
[ $rc != 0 ] && grep -q "is Linux 6.1" <<<"$out"
tap_line $? "headers of another kernel series are refused" "exit $rc: $out"
