# SPDX-License-Identifier: GPL-2.0
# Fail every step of devm_dev_dax_activate() in turn with the kernel's
# fail_function, for both personalities on both kinds of device: the bind
# fails with the injected errno and a message naming the step, nothing of
# the probe is left (pgmap, pgmap ops/owner, range reservation, char
# device), and the next bind works. Ours only: stock has no such points.

FF=/sys/kernel/debug/fail_function

# inject FUNC [INTERVAL]: fail the next call (or the INTERVAL-th) with
# -EIO. retval is read as an unsigned long.
inject() {
	echo "$1" > $FF/inject &&
	printf '%u\n' $(( -5 )) > "$FF/$1/retval" &&
	echo N > $FF/task-filter &&
	echo 100 > $FF/probability &&
	echo "${2:-1}" > $FF/interval &&
	echo 1 > $FF/times &&
	echo 0 > $FF/verbose
}
uninject() { echo > $FF/inject; echo 1 > $FF/interval; }

# works DEV DRV: the bound device does its job
works() {
	case $2 in
	device_dax) daxio roundtrip "$1" ;;
	fsdev_dax) holder attach "$1" && holder walk && holder detach ;;
	esac
}

# nothing_left DEV: no trace of a probe
nothing_left() {
	local info
	info=$(inspect "$1")
	if [ "$(dev_driver "$1")" != none ]; then
		echo "still bound"; return 1
	fi
	if static_dev_dax "$1"; then
		grep -q "shift=0 ops=none owner=none" <<<"$info" || { echo "$info"; return 1; }
	else
		grep -q "pgmap=none" <<<"$info" || { echo "$info"; return 1; }
	fi
	if grep -q " : $1\$" /proc/iomem; then
		echo "range still reserved:"; grep " : $1\$" /proc/iomem; return 1
	fi
	if (exec 3<> "/dev/$1") 2>/dev/null; then
		echo "/dev/$1 still opens"; return 1
	fi
}
static_dev_dax() { [ "$1" = "$SDEV" ]; }

if [ "$IMPL" = ours ] && [ -d $FF ]; then
	steps="devm_dev_dax_get_pgmap dev_dax_validate_pgmap devm_dev_dax_request_range
	       devm_dev_dax_describe_pages devm_dev_dax_map_pages devm_dev_dax_add_cdev
	       devm_dev_dax_set_dax_ops devm_dev_dax_add_kill"
	for dev in "$SDEV" "$HDEV"; do
		for drv in device_dax fsdev_dax; do
			section "fault injection, $drv on $dev"
			# register the device with the driver: later binds are one probe each
			bind "$dev" "$drv"; unbind "$dev"
			cases=$steps
			[ "$dev" = "$HDEV" ] && cases="$cases devm_dev_dax_request_range:2"
			for c in $cases; do
				fn=${c%%:*}; interval=${c#*:}; [ "$interval" = "$c" ] && interval=1
				what=$fn; [ "$interval" != 1 ] && what="$fn (range $interval)"
				mark=$(kmsg_mark)
				inject "$fn" "$interval"
				check_fails "input/output" "$what fails: bind fails with the injected EIO" \
					sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
				uninject
				like "$(dmesg_since "$mark")" "$drv $dev: error -EIO: " "$what: the failed step is logged"
				check "$what: nothing is left of the probe" nothing_left "$dev"
				check "$what: the next bind succeeds" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
				check "$what: and the device works" works "$dev" "$drv"
				unbind "$dev"
			done
		done
	done
	uninject
fi
