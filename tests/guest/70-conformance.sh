# SPDX-License-Identifier: GPL-2.0
# The personality conformance suite (conformance.sh) against our
# personalities: device_dax, fsdev_dax, the two templates dax_rw and
# dax_ro (declared read-only in dax_ro.conformance), dax_init_test,
# which initialises the device at bind (tests/dax_init_test.conformance),
# dax_excl_test, which one file at a time may open (exclusive), and
# dax_wipe_test, which wipes the device at unbind (wipes 0x5a).
# Ours only: the stock modules have no injection points to fail.

# make check runs some of them in a second boot at the same time, and
# says which in /results/conformance-elsewhere (tests/run.sh).

if [ "$IMPL" = ours ]; then
	. ./conformance.sh
	modprobe kmem
	elsewhere=$(cat "$RESULTS/conformance-elsewhere" 2>/dev/null)
	for ko in /work/device_dax.ko /work/fsdev_dax.ko /work/dax_rw.ko \
		/work/dax_ro.ko /work/tests/dax_init_test.ko \
		/work/tests/dax_excl_test.ko /work/tests/dax_wipe_test.ko; do
		if grep -qw "${ko##*/}" <<<"$elsewhere"; then
			say "# conformance: ${ko##*/} runs in a boot of its own"
			continue
		fi
		conformance "$ko"
	done
	rmmod kmem
fi
