# SPDX-License-Identifier: GPL-2.0
# Sourced first by the guest entry points (main.sh, conformance-main.sh):
# the environment, an empty TAP file, debugfs, and the dax devices
# (setup-devices.sh). finish.sh is their last step.

export RESULTS=/results
# The guest tools (GUEST_TOOLS in scripts/lib.sh) from tmpfs: every exec
# from /work reads the binary over 9p again.
mkdir -p /dev/shm/bin
cp /work/tests/guest/{daxio,tightread,kmsg-since} /dev/shm/bin/
export PATH=/dev/shm/bin:/work/tests/guest:$PATH
cd /work/tests/guest
. ./lib.sh
: > "$TAP"

# vm-init mounted debugfs; another init may not have (a builtin test: an
# exec of mountpoint costs most of a second)
mounts=$(< /proc/self/mounts)
[[ $mounts == *" /sys/kernel/debug debugfs "* ]] || mount -t debugfs none /sys/kernel/debug
# kmemleak scans when the suite asks for it (the conformance suite after
# each module, finish.sh at the end), not also every ten minutes and a
# minute after boot: a scan takes seconds under TCG, on the host thread
# that runs the tests. A leak stays unreferenced, so the suite's own
# scans report it all the same.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan=off > /sys/kernel/debug/kmemleak
fi
say "# kernel $(uname -r), daxctl $(daxctl --version)"

t0=$SECONDS
IMPL=boot . ./setup-devices.sh
say "# time: boot setup-devices.sh: $((SECONDS - t0)) s"

# From here on the kernel loads no module by itself: the tests load every
# module they use by name (the guest has no udev), and a request_module()
# would run modprobe, a dynamically linked program that reads its indexes
# over 9p: half a second or more under TCG. Each open of the node of an
# unbound dax device makes two (char-major-MAJOR-MINOR, char-major-MAJOR)
# before it fails with ENXIO, and the suite opens unbound nodes thousands
# of times (nothing_left, tightread). With no modprobe path,
# request_module() fails at once with -ENOENT (kernel/module/kmod.c); the
# open fails as before.
# After setup-devices.sh: dax_hmem requests cxl_acpi and cxl_pci at load,
# as on a machine.
echo > /proc/sys/kernel/modprobe
