# SPDX-License-Identifier: GPL-2.0
# The KUnit suite for dax_common's pure helpers, once per boot. The KTAP
# goes to the host, which reads it with the kernel's KTAP parser
# (tests/kunit-tap.py): a TAP line per test case.

if [ "$IMPL" = ours ]; then
	section kunit
	check "load dax_common_kunit" insmod /work/tests/dax_common_kunit.ko
	results=/sys/kernel/debug/kunit/dax_common/results
	check "KUnit results at $results" cp "$results" "$RESULTS/kunit.ktap"
	rmmod dax_common_kunit
	check "load dax_common_pgmap_kunit" insmod /work/tests/dax_common_pgmap_kunit.ko
	results=/sys/kernel/debug/kunit/dax_common_pgmap/results
	check "KUnit results at $results" cp "$results" "$RESULTS/kunit-pgmap.ktap"
	rmmod dax_common_pgmap_kunit
fi
