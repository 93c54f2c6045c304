# SPDX-License-Identifier: GPL-2.0
# Sourced last by the guest entry points: leak scan, kernel log, and the
# line the host looks for to know the guest ran to the end.

# kmemleak (booted with kmemleak=on): two scans, as the documentation
# advises, so that objects freed in flight are not reported.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > "$RESULTS/kmemleak.txt"
else
	echo "kmemleak not enabled" > "$RESULTS/kmemleak.txt"
fi
dmesg > "$RESULTS/dmesg.txt"
say "# guest done"
