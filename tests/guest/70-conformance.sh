# SPDX-License-Identifier: GPL-2.0
# The personality conformance suite (conformance.sh) against our three
# personalities: device_dax, fsdev_dax and the template, dax_rw. Ours
# only: the stock modules have no injection points to fail.

if [ "$IMPL" = ours ]; then
	. ./conformance.sh
	modprobe kmem
	for ko in /work/device_dax.ko /work/fsdev_dax.ko /work/dax_rw.ko; do
		conformance "$ko"
	done
	rmmod kmem
fi
