#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/boot-stability.sh: the boot itself is the test.
# Proves the guest reached its script and that the dax devices of every
# boot came up (setup-devices.sh), then stops.
set -u
. /work/tests/guest/begin.sh
. ./finish.sh
