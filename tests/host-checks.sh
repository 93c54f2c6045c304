#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side checks, as TAP on stdout: the modules build warning-free with
# W=1 and sparse (C=2), checkpatch --strict and kernel-doc are clean.
#
#   host-checks.sh KDIR
set -u
KDIR=$1
TOP=$(cd "$(dirname "$0")/.." && pwd)
SRC=$(readlink -f "$KDIR/source")
n=0
tap() {
	local rc=$1 desc=$2 out=${3:-}
	n=$((n + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $n - host: $desc"
	else
		echo "not ok $n - host: $desc"
		[ -n "$out" ] && sed 's/^/# /' <<<"$out" | head -n 40
	fi
}

cd "$TOP"
# Kernel code only: tests/guest/ holds user-space tools.
SOURCES=$(git ls-files ':(glob)dax-common/*.[ch]' ':(glob)drivers/*.[ch]' ':(glob)include/*.h' ':(glob)tests/*.c' 2>/dev/null)

out=$(make -s -C "$KDIR" M="$TOP" W=1 modules 2>&1); rc=$?
tap $rc "modules build" "$out"
warn=$(grep -E 'warning:|error:' <<<"$out")
tap "$([ -z "$warn" ] && echo 0 || echo 1)" "W=1 build has no warnings" "$warn"

# sparse: rebuild every object (C=2) and keep only what sparse says about
# this tree's files.
out=$(make -s -C "$KDIR" M="$TOP" C=2 CHECK="sparse -Wno-decl" modules 2>&1); rc=$?
warn=$(grep -E "^($TOP/)?(dax-common|drivers|include|tests)/.*(warning|error)" <<<"$out")
tap "$([ $rc = 0 ] && [ -z "$warn" ] && echo 0 || echo 1)" "sparse (C=2) is clean" "$warn"

for f in $SOURCES; do
	ignore=SPDX_LICENSE_TAG,FILE_PATH_CHANGES
	# The one file_operations that is not const: each binding's copy of
	# its personality's, written once as the binding is made, is what
	# tells the files of one binding from those of the next
	# (dax-common/cdev.c).
	[ "$f" = dax-common/dax-common-internal.h ] && ignore=$ignore,CONST_STRUCT
	out=$("$SRC/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore "$ignore" -f "$f" 2>&1)
	rc=$?
	tap $rc "checkpatch --strict $f" "$out"
done

for f in include/dax-common.h dax-common/*.c drivers/*.c; do
	out=$("$SRC/scripts/kernel-doc" -none -Wall "$f" 2>&1)
	tap "$([ -z "$out" ] && echo 0 || echo 1)" "kernel-doc -Wall $f" "$out"
done
