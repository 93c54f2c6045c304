# SPDX-License-Identifier: GPL-2.0
# Sourced first by the guest entry points (main.sh, conformance-main.sh):
# the environment, an empty TAP file, debugfs, and the dax devices
# (setup-devices.sh). finish.sh is their last step.

export RESULTS=/results
export PATH=/work/tests/guest:$PATH
cd /work/tests/guest
. ./lib.sh
: > "$TAP"

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
echo "# kernel $(uname -r), daxctl $(daxctl --version)" | tee -a "$TAP"

IMPL=boot . ./setup-devices.sh
