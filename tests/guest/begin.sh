# SPDX-License-Identifier: GPL-2.0
# Sourced first by the guest entry points (main.sh, conformance-main.sh):
# the environment, an empty TAP file, debugfs, and the dax devices
# (setup-devices.sh). finish.sh is their last step.

export RESULTS=/results
# The guest tools from tmpfs: every exec from /work reads the binary
# over 9p again.
mkdir -p /dev/shm/bin
cp /work/tests/guest/daxio /work/tests/guest/tightread /dev/shm/bin/
export PATH=/dev/shm/bin:/work/tests/guest:$PATH
cd /work/tests/guest
. ./lib.sh
: > "$TAP"

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
say "# kernel $(uname -r), daxctl $(daxctl --version)"

t0=$SECONDS
IMPL=boot . ./setup-devices.sh
say "# time: boot setup-devices.sh: $((SECONDS - t0)) s"
