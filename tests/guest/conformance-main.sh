#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest entry point of make conformance: the devices, our dax_common,
# device_dax and fsdev_dax as the other personalities, then the
# conformance suite against each module given.
#
#   conformance-main.sh MODULE.ko...
set -u
. /work/tests/guest/begin.sh
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
