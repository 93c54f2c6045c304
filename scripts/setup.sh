#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything a fresh machine needs, each step skipped when already done:
# host packages, QEMU 11, the kernel source, the test kernel and the
# guest root.
#
#   scripts/setup.sh            all of it, and the 7.2 tree (make setup)
#   scripts/setup.sh VARIANT    what a boot of the VARIANT kernel needs
#
# The 7.2 tree (kernel variant 7.2-build) is for make check, which builds
# the modules against it (and builds it itself if it is missing); a
# single boot, make conformance among them, does not wait for it. The
# 7.2 kernel that make check-7.2 boots (variant 7.2) is built when that
# is first run.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup-host.sh"
"$TOP/scripts/fetch-qemu.sh" > /dev/null
"$TOP/scripts/build-kernel.sh" "${1:-default}" > /dev/null
"$TOP/scripts/make-guest-root.sh" > /dev/null
[ $# = 0 ] && "$TOP/scripts/build-kernel.sh" 7.2-build > /dev/null
log "setup complete; cache in $CACHE"
