#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the cached test kernel's object tree (building it if needed), for
# the Makefile's default KDIR.
exec "$(dirname "$0")/build-kernel.sh" "${1:-default}"
