#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make-series.sh --boot" for the kernel with only the
# fixes at the head of the series applied: the guest suite against that
# kernel's own drivers (IMPL=fixes: as stock, except that the bugs the
# fixes address must be gone; tests/guest/lib.sh's is_stock/stock_bug).
#
#   guest-fixes.sh [TEST_GLOBS]
set -u
bash /work/tests/guest/main.sh fixes "${1:-[0-9][0-9]-*}"
