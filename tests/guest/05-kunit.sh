# SPDX-License-Identifier: GPL-2.0
# The KUnit suite for dax_common's pure helpers, once per boot. Each
# KTAP result becomes a TAP line here.

if [ "$IMPL" = ours ]; then
	section kunit
	check "load dax_common_kunit" insmod /work/tests/dax_common_kunit.ko
	results=/sys/kernel/debug/kunit/dax_common/results
	if [ -r "$results" ]; then
		cp "$results" "$RESULTS/kunit.ktap"
		# leaf results: "ok N name" / "not ok N name", any indentation,
		# except the suite's own summary line
		while read -r status name; do
			tap_ok "$status" "kunit: $name"
		done < <(sed -n 's/^ *\(not ok\|ok\) [0-9]* \(.*\)$/\1 \2/p' "$results" |
			 grep -v ' dax_common$' |
			 sed 's/^not ok /1 /; s/^ok /0 /')
	else
		tap_ok 1 "kunit results at $results"
	fi
	rmmod dax_common_kunit
fi
