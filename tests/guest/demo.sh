#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make demo`: our modules on the three kinds of dax device,
# told step by step. Output goes to /results/demo.txt.
set -u
export RESULTS=/results PATH=/work/tests/guest:$PATH
cd /work/tests/guest
. ./lib.sh
: > "$TAP"
exec > >(tee "$RESULTS/demo.txt") 2>&1

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
step "kernel $(uname -r); creating the dax devices"
IMPL=boot . ./setup-devices.sh > /dev/null
echo "static (NFIT pmem, memmap on the device, so the data starts above its pgmap): $SDEV"
echo "dynamic (soft-reserved RAM via dax_hmem, two ranges with a gap): $HDEV"
echo "dynamic (a CXL RAM region via dax_cxl, two ranges with a gap): $CDEV"
echo "static (a devdax namespace on a CXL persistent region): $PDEV"

step "loading dax_common and the personalities built on it"
IMPL=ours load_personalities
run grep -E '^(dax_common|device_dax|fsdev_dax) ' /proc/modules
run modinfo -F depends /work/device_dax.ko
run modinfo -F import_ns /work/fsdev_dax.ko

for dev in $DEVS $PDEV; do
	step "device_dax on $dev"
	run bind "$dev" device_dax
	run daxctl list -d "$dev"
	for m in /sys/bus/dax/devices/$dev/mapping[0-9]*; do
		echo "  $(basename "$m"): $(< "$m/start")-$(< "$m/end") at page offset $(< "$m/page_offset")"
	done
	run daxio roundtrip "$dev" || exit 1
	echo "MAP_PRIVATE:"; daxio private "$dev" && echo "  refused with EINVAL, as it should be"
done

for dev in $DEVS; do
	step "fsdev_dax on $dev, through daxctl's famfs mode"
	run daxctl reconfigure-device --mode=famfs "$dev"
	run daxctl list -d "$dev"
	echo "an fs-dax holder (tests/dax_holder_test.ko) attaches and walks every page:"
	holder attach "$dev" && holder walk && holder_log | sed 's/^/  /'
	while read -r pgoff pages phys; do
		holder avail "$pgoff"
	done <<<"$(sysfs_runs "$dev")"
	holder_log | sed 's/^/  /'
	holder detach
	run daxctl reconfigure-device --mode=devdax "$dev" > /dev/null
done

step "dmesg from the binds"
dmesg | grep -E 'dax|fsdev' | tail -n 10
echo
echo "demo: done"
