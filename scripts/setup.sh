#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything a fresh machine needs, each step skipped when already done:
# host packages, QEMU 10, the kernel source, the test kernel, the guest
# root, and the 7.2 kernel that make check builds the modules against.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/setup-host.sh"
"$TOP/scripts/fetch-qemu.sh" > /dev/null
"$TOP/scripts/build-kernel.sh" "${1:-default}" > /dev/null
"$TOP/scripts/make-guest-root.sh" > /dev/null
"$TOP/scripts/build-kernel.sh" 7.2 > /dev/null
log "setup complete; cache in $CACHE"
