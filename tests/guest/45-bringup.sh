# SPDX-License-Identifier: GPL-2.0
# A personality's bring-up runs before anyone can reach the device.
# dax_init_test initialises the whole device at bind, slowly, while
# tightread opens and reads it in a loop: opens are refused (ENXIO) until
# the bring-up is done, no read sees what was on the device before, and
# the teardown runs once the device is dead. Then the bring-up is failed
# with fail_function, at its first chunk, part way and as a whole: the
# bind fails cleanly and the next one initialises the device again.
# Ours only: the stock modules have no bring-up.

if [ "$IMPL" = ours ]; then
. ./conformance.sh	# ff_arm, ff_fired, ff_disarm, nothing_left

INIT=/sys/module/dax_init_test/parameters
OLD=0xa5

param() { cat "$INIT/$1"; }
dev_size() { cat "/sys/bus/dax/devices/$1/size"; }

# filled_with_zeros DEV: every byte of the bound DEV reads as 0x00
filled_with_zeros() { cmp -n "$(dev_size "$1")" "/dev/$1" /dev/zero; }

# plant DEV: the whole of DEV set to $OLD through dax_rw, which stays
# bound. From one MiB of it in tmpfs: tr over the whole device takes
# minutes under TCG.
OLD_MIB=/dev/shm/old.mib
tr '\0' "\\$(printf '%03o' $OLD)" < /dev/zero | head -c $((1 << 20)) > $OLD_MIB
# shellcheck disable=SC2046
plant() {
	local size
	size=$(dev_size "$1")
	bind "$1" dax_rw &&
		cat $(printf "$OLD_MIB %.0s" $(seq $((size >> 20)))) > "/dev/$1"
}

# page_bytes DEV PGOFF: the distinct byte values of a page of the bound DEV
page_bytes() {
	dd if="/dev/$1" bs=4096 skip="$2" count=1 status=none |
		od -An -v -tx1 | tr -s ' ' '\n' | sed '/^$/d' | sort -u | xargs
}

# race DEV CMD...: tightread DEV in the background ($TR_OPTS for its
# options), run CMD once it loops, let it go on reading for a second,
# then stop it. Sets $race (tightread's line), $race_rc, $race_ms (how
# long CMD took) and leaves CMD's stderr in $RESULTS/.race.
race() {
	local dev=$1 pid t0
	shift
	# the refusals of the open are immediate: begin.sh leaves the kernel
	# no modprobe to run for the node's char-major alias
	: > "$RESULTS/tightread.err"
	# shellcheck disable=SC2086
	tightread $TR_OPTS "/dev/$dev" "$(dev_size "$dev")" $OLD \
		> "$RESULTS/tightread.out" 2> "$RESULTS/tightread.err" &
	pid=$!
	for _ in $(seq 100); do
		grep -q ready "$RESULTS/tightread.err" && break
		sleep 0.1
	done
	t0=$(date +%s%N)
	"$@" 2> "$RESULTS/.race" && race_rc=0 || race_rc=$?
	race_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	sleep 1
	kill -TERM $pid
	wait $pid
	race=$(< "$RESULTS/tightread.out")
}
field() { sed -n "s/.*\<$1=\([0-9]*\).*/\1/p" <<<"$race"; }

# inject DEV FN K TEARDOWNS: bind DEV to dax_init_test with the K-th call
# of FN failing; the bind fails cleanly and the teardown runs TEARDOWNS
# times (once if a step after the bring-up failed)
inject() {
	local dev=$1 fn=$2 k=$3 what="$2 (call $3)" teardowns logmark
	unbind "$dev"
	teardowns=$(param teardowns)
	logmark=$(kmsg_mark)
	ff_arm "$fn" "$k"
	sysfs_write "$dev" /sys/bus/dax/drivers/dax_init_test/bind 2> "$RESULTS/.bind"
	ff_fired
	tap_ok $? "$what: the injection fires"
	ff_disarm
	like "$(< "$RESULTS/.bind")" "[Ii]nput/output" "$what: bind fails with the injected EIO"
	like "$(dmesg_since "$logmark")" "$dev: .*(-EIO|error -5)" "$what: the failure is logged"
	check "$what: nothing is left of the probe" nothing_left "$dev"
	is "$(param teardowns)" $((teardowns + $4)) "$what: the teardown ran $4 time(s)"
	is "$(param alive_at_teardown)" 0 "$what: no teardown found the dax_device alive"
}

orig_s=$(dev_driver "$SDEV")
orig_h=$(dev_driver "$HDEV")
section "dax_init_test: load"
grep -q '^dax_rw ' /proc/modules || { insmod /work/dax_rw.ko && rw_loaded=1; }
# keep the static device bound: a device-type driver claims it when it
# registers, and each claim is a bring-up
bind "$SDEV" device_dax
check "insmod dax_init_test" insmod /work/tests/dax_init_test.ko
for d in /sys/bus/dax/devices/dax*; do
	[ "$(dev_driver "${d##*/}")" = dax_init_test ] && unbind "${d##*/}"
done
is "$(param fill)" 0 "it initialises to 0x00 by default"
like "$(injection_points dax_init_test)" "^dax_init_test_chunk\$" "its chunk function is an injection point"

for dev in "$SDEV" "$HDEV"; do
	other=$HDEV
	[ "$dev" = "$HDEV" ] && other=$SDEV
	size=$(dev_size "$dev")
	chunks=$((size >> 20))

	section "dax_init_test on $dev: bring-up under a tight reader"
	# a bind by new_id attaches every unbound device that matches, so
	# the other device stays bound meanwhile
	check "bind device_dax to $other meanwhile" bind "$other" device_dax
	check "fill $dev with $OLD through dax_rw" plant "$dev"
	TR_OPTS="" race "$dev" true
	say "# tightread on dax_rw: $race"
	like "$(field reads)" "^[1-9]" "tightread reads through pread()"
	is "$(field old)" "$(field reads)" "and sees $OLD in every page it reads"
	check "bind device_dax" bind "$dev" device_dax
	TR_OPTS="-m $(< "/sys/bus/dax/devices/$dev/align")" race "$dev" true
	say "# tightread -m on device_dax: $race"
	like "$(field reads)" "^[1-9]" "tightread -m reads through mmap()"
	is "$(field old)" "$(field reads)" "and sees $OLD in every page it reads"

	unbind "$dev"
	teardowns=$(param teardowns)
	reads=$(param reads)
	logmark=$(kmsg_mark)
	TR_OPTS="" race "$dev" bind "$dev" dax_init_test
	tap_ok "$race_rc" "bind dax_init_test while tightread reads $dev" "$(< "$RESULTS/.race")"
	is "$(dev_driver "$dev")" dax_init_test "bound to dax_init_test"
	say "# $dev: bind took $race_ms ms ($(dmesg_since "$logmark" | grep -o 'initialised.*')); tightread: $race"
	like "$(field failed_enxio)" "^[1-9]" "opens were refused with ENXIO while it bound ($(field failed_enxio))"
	like "$(field reads)" "^[1-9]" "reads succeeded once it was live ($(field reads))"
	is "$(field old)" 0 "no read saw the previous contents"
	is "$(field failed_other)" 0 "no open failed with another errno"
	is "$(field short)" 0 "no read came short"
	check "the whole device reads as 0x00" filled_with_zeros "$dev"
	check_fails "invalid" "write(2) is refused with EINVAL" \
		dd if=/dev/zero of="/dev/$dev" bs=4096 count=1 status=none
	check "unbind" unbind "$dev"
	is "$(param teardowns)" $((teardowns + 1)) "the teardown ran once"
	is "$(param alive_at_teardown)" 0 "and found the dax_device dead"
	is "$(( $(param reads) - reads >= $(field reads) ))" 1 \
		"the private state counted every read ($(( $(param reads) - reads )) >= $(field reads))"

	section "dax_init_test on $dev: failed bring-up"
	check "fill $dev with $OLD through dax_rw" plant "$dev"
	# nothing written when the first chunk fails
	inject "$dev" dax_init_test_chunk 1 0
	check "then bind dax_rw to look" bind "$dev" dax_rw
	is "$(page_bytes "$dev" 0) $(page_bytes "$dev" $((size / 4096 - 1)))" "a5 a5" \
		"the first and the last page are as they were"
	# the chunks before a failing one in the middle are written, the
	# rest not; the next bind writes them all
	k=$((chunks / 2))
	inject "$dev" dax_init_test_chunk "$k" 0
	check "then bind dax_rw to look" bind "$dev" dax_rw
	first=$(( (k - 1) * 256 ))
	is "$(page_bytes "$dev" 0) $(page_bytes "$dev" $((first - 1)))" "00 00" \
		"chunks 1 to $((k - 1)) were initialised"
	is "$(page_bytes "$dev" "$first") $(page_bytes "$dev" $((size / 4096 - 1)))" "a5 a5" \
		"chunk $k and those after it were not"
	check "the next bind succeeds" bind "$dev" dax_init_test
	check "and the device reads as 0x00" filled_with_zeros "$dev"
	unbind "$dev"
	# the whole bring-up step, and a step after it, which undoes it
	# with the teardown
	inject "$dev" devm_dev_dax_bringup 1 0
	inject "$dev" devm_dev_dax_add_cdev 1 1
	check "the next bind succeeds" bind "$dev" dax_init_test
	is "$(page_bytes "$dev" 0) $(page_bytes "$dev" $((size / 4096 - 1)))" "00 00" \
		"and the device reads as initialised"
	unbind "$dev"
done

section "dax_init_test: unload"
for dev in "$SDEV" "$HDEV"; do
	unbind "$dev"
done
check "rmmod dax_init_test" rmmod dax_init_test
[ -n "${rw_loaded:-}" ] && rmmod dax_rw
for pair in "$SDEV:$orig_s" "$HDEV:$orig_h"; do
	[ "${pair#*:}" = none ] || bind "${pair%%:*}" "${pair#*:}"
done
unset rw_loaded
rm -f "$OLD_MIB"
fi
