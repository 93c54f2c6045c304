# SPDX-License-Identifier: GPL-2.0
# The unbind contract of &dev_dax_personality.retire, with dax_wipe_test,
# which wipes the device to 0x5a there: retire runs on a real unbind
# only, never for a failed bind (whose device keeps its contents), and
# only once no page of the device is referenced from outside: a page
# that a pipe holds (vmsplice, the way O_DIRECT or RDMA would hold it)
# keeps the unbind waiting, and the wipe after it.
# Ours only: stock has no retire.

if ! is_stock; then
FF=/sys/kernel/debug/fail_function
retires() { echo "$(< /sys/module/dax_wipe_test/parameters/retires)"; }

insmod /work/tests/dax_wipe_test.ko
for dev in "$SDEV" "$HDEV"; do
	section "dax_wipe_test: a failed bind does not retire, on $dev"
	# the driver learns the device's id (new_id binds it), and the
	# unbind wipes; then device_dax writes what the failed bind must keep
	check "bind dax_wipe_test" bind "$dev" dax_wipe_test
	check "bind device_dax" bind "$dev" device_dax
	check "write 0x11 over the device" daxio memset "$dev" 0x11
	unbind "$dev"
	n0=$(retires)
	echo devm_dev_dax_add_cdev > $FF/inject
	printf '%u\n' $(( -5 )) > $FF/devm_dev_dax_add_cdev/retval
	echo N > $FF/task-filter
	echo 100 > $FF/probability
	echo 1 > $FF/interval
	echo 0 > $FF/space
	echo 1 > $FF/times
	# a plain bind: bind()'s new_id write would take the failure
	check_fails "Input/output error" "a bind that fails after the pages are mapped" \
		sysfs_write "$dev" /sys/bus/dax/drivers/dax_wipe_test/bind
	echo > $FF/inject
	is "$(retires)" "$n0" "no retire for it"
	check "bind device_dax" bind "$dev" device_dax
	check "the device still holds 0x11" daxio expect "$dev" 0x11 mmap sampled

	section "dax_wipe_test: retire waits for a pinned page, on $dev"
	check "bind dax_wipe_test" bind "$dev" dax_wipe_test
	n0=$(retires)
	coproc PIN { daxio pin "$dev"; }
	line=
	read -r -t 60 line <&"${PIN[0]}"
	is "$line" pinned "the first page of the device is held by a pipe, its mapping gone"
	mark=$(kmsg_mark)
	rm -f "$RESULTS/.unbind-rc"
	( unbind "$dev"; echo $? > "$RESULTS/.unbind-rc" ) &
	unbinder=$!
	for _ in $(seq 100); do
		[[ $(dmesg_since "$mark") == *"waits for pinned pages"* ]] && break
		sleep 0.1
	done
	like "$(dmesg_since "$mark")" "unbind waits for pinned pages" "the unbind waits for the page"
	[ ! -e "$RESULTS/.unbind-rc" ]
	tap_ok $? "the unbind has not returned"
	is "$(retires)" "$n0" "no retire yet"
	echo release >&"${PIN[1]}"
	line=
	read -r -t 60 line <&"${PIN[0]}"
	is "$line" released "the pipe lets the page go"
	wait "$unbinder"
	is "$(< "$RESULTS/.unbind-rc")" 0 "then the unbind completes"
	is "$(retires)" "$((n0 + 1))" "and retire ran once"
	is "$(< /sys/module/dax_wipe_test/parameters/retired_alive)" 0 "on a dead device"
	check "bind device_dax" bind "$dev" device_dax
	check "device_dax reads the wipe, 0x5a, all over the device" daxio expect "$dev" 0x5a mmap sampled
done
for dev in "$SDEV" "$HDEV"; do
	bind "$dev" device_dax
done
check "rmmod dax_wipe_test" rmmod dax_wipe_test
fi
