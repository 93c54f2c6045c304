#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest entry point of make conformance: the devices, our dax_common,
# device_dax and fsdev_dax as the other personalities, then the
# conformance suite against each module given.
#
#   conformance-main.sh MODULE.ko...
set -u
export RESULTS=/results
export PATH=/work/tests/guest:$PATH
cd /work/tests/guest
. ./lib.sh
: > "$TAP"

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
echo "# kernel $(uname -r), daxctl $(daxctl --version)" | tee -a "$TAP"

IMPL=boot . ./setup-devices.sh
IMPL=ours
load_personalities
modprobe kmem
. ./conformance.sh
for ko in "$@"; do
	conformance "$ko"
done
unload_personalities
rmmod kmem

. ./finish.sh
