#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# meson test --wrapper for ndctl-check's guest (scripts/ndctl/guest-ndctl.sh):
# marks the kernel log where each test begins and ends, so that
# scripts/ndctl/report.py can tell which test a kernel warning or oops
# came in. NDCTL_CHECK_SUITE names the suite being run.
echo "ndctl-check: begin ${NDCTL_CHECK_SUITE:-?} ${1##*/}" > /dev/kmsg
"$@"
rc=$?
echo "ndctl-check: end ${NDCTL_CHECK_SUITE:-?} ${1##*/} rc=$rc" > /dev/kmsg
exit $rc
