#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: build everything, boot a VM with a static and a dynamic
# dax device, and show our dax_common, device_dax and fsdev_dax at work.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup.sh"
kdir=$("$TOP/scripts/build-kernel.sh")
make -s -C "$TOP" KDIR="$kdir" modules
gcc -O2 -static -o "$TOP/tests/guest/daxio" "$TOP/tests/guest/daxio.c"
out=$(mktemp -d "${TMPDIR:-/tmp}/dax-common-demo.XXXXXX")
"$TOP/scripts/vm-run.sh" -t 600 "$out" tests/guest/demo.sh
if [ -f "$out/demo.txt" ]; then
	cat "$out/demo.txt"
else
	tail -n 40 "$out/console.log"
	die "the demo did not run; console log in $out"
fi
grep -q '^demo: done' "$out/demo.txt" || die "the demo failed; console log in $out"
