#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest entry point for tests/deb-check.sh: in a root where the
# dax-common-dkms package is installed and DKMS built it for this kernel,
# modprobe must load the packaged modules, and device_dax and fsdev_dax
# must pass the suite's smoke checks (10-devdax, 20-fsdev) with them.
set -u
. /work/tests/guest/begin.sh
IMPL=dkms
export IMPL

section "the packaged modules"
# /lib is /usr/lib in a merged-/usr root; modinfo says either
kdir="(/usr)?/lib/modules/$(uname -r)"
for m in dax_common device_dax fsdev_dax dax_rw dax_ro; do
	like "$(modinfo -n "$m" 2>&1)" "^$kdir/updates/dkms/$m\\.ko" "modinfo finds DKMS's $m first"
done
check "modprobe device_dax" modprobe device_dax
is "$(loaded_impl)" dax_common "the device_dax that modprobe loaded imports dax_common"
like "$(modinfo -F depends device_dax)" '(^|,)dax_common(,|$)' "the packaged device_dax depends on dax_common"
like "$(modinfo -F vermagic dax_common)" "^$(uname -r) " "DKMS built them for the booted kernel"
check "modprobe fsdev_dax" modprobe fsdev_dax
rmmod fsdev_dax device_dax dax_common

for t in 10-devdax.sh 20-fsdev.sh; do
	load_personalities
	t0=$SECONDS
	. "./$t"
	say "# time: $IMPL $t: $((SECONDS - t0)) s"
	unload_personalities
done

. ./finish.sh
