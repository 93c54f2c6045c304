# SPDX-License-Identifier: GPL-2.0
# The personality conformance suite: what every dev_dax personality must
# do, whatever else it does. Sourced by the guest (70-conformance.sh in
# make check, conformance-main.sh for make conformance); needs lib.sh,
# the devices of setup-devices.sh, and our device_dax and fsdev_dax
# loaded as the other personalities.
#
#   conformance MODULE.ko
#
# For the personality in MODULE.ko, on the static and the dynamic device:
#  - bind and unbind: every range reserved and /dev/daxX.Y open while
#    bound; nothing left after unbind (driver, pgmap state, iomem, node);
#  - what it offers, probed rather than declared: mmap (a pattern round
#    trip, or a clean ENODEV), read/write (fill and verify, end-of-device
#    semantics, or a clean EINVAL), an fs-dax holder (fs_dax_get() and a
#    direct_access walk), a memory_failure handler;
#  - every probe step of dax_common, and any the module declares itself,
#    failed with fail_function, call by call (the k-th range of a
#    multi-range device too): the bind fails with the injected errno and
#    says so, nothing is left, the next bind succeeds and the device works;
#  - a busy range fails the bind cleanly and the device binds once free;
#  - rebinding with every other personality (device_dax, fsdev_dax, kmem)
#    and back: the same pgmap state as a fresh bind, the device works,
#    and data crosses personalities at the same device offsets;
#  - memory failure reaches the holder at the device-linear offset of
#    every range and of a static device's data, and not from the memmap.
# The kernel log and kmemleak are checked by the host after the run.

FF=/sys/kernel/debug/fail_function

# ff_arm FUNC K: make the K-th call of FUNC from now on fail with -EIO.
# "space" skips calls while it exceeds the call's size (1); the retval is
# read as an unsigned long.
ff_arm() {
	echo "$1" > $FF/inject &&
	printf '%u\n' $(( -5 )) > "$FF/$1/retval" &&
	echo N > $FF/task-filter &&
	echo 100 > $FF/probability &&
	echo 1 > $FF/interval &&
	echo "$2" > $FF/space &&
	echo 1 > $FF/times &&
	echo 0 > $FF/verbose
}
ff_fired() { [ "$(cat $FF/times)" = 0 ]; }
ff_disarm() { echo > $FF/inject; echo 0 > $FF/space; }

# The injection points modules declare (ALLOW_ERROR_INJECTION), from the
# kernel's list ("func [module]<TAB>type").
injection_points() {
	local mod
	for mod in "$@"; do
		grep "\[$mod\]" /sys/kernel/debug/error_injection/list | awk '{ print $1 }'
	done
}

# ranges_reserved DEV: every range of DEV is in /proc/iomem under its name
ranges_reserved() {
	local want have
	want=$(sysfs_runs "$1" | wc -l)
	have=$(grep -c " : $1\$" /proc/iomem)
	[ "$have" = "$want" ] || { echo "$have of $want ranges reserved"; return 1; }
}

# nothing_left DEV: no trace of a probe
nothing_left() {
	local info
	info=$(inspect "$1")
	[ "$(dev_driver "$1")" = none ] || { echo "still bound"; return 1; }
	if grep -q "static=1" <<<"$info"; then
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

opens() { (exec 3<> "/dev/$1"); }

# pgmap_state DEV: the personality's mark on the pgmap, for comparing a
# fresh bind with a bind that follows another personality
pgmap_state() { inspect "$1" | grep -o 'type=[0-9]* shift=[0-9]* ops=[a-z]* owner=[a-z]*'; }

# caps DEV: what the bound personality offers, probed. Prints words of
# "mmap rw holder mf"; a probe that neither works nor is cleanly refused
# is a failure of its own.
caps() {
	local dev=$1 out=
	daxio nommap "$dev" > /dev/null 2>&1 || out="$out mmap"
	daxio noread "$dev" > /dev/null 2>&1 || out="$out rw"
	if holder attach "$dev" 2>/dev/null; then
		holder detach
		out="$out holder"
	fi
	holder mf "$dev" 0 2>/dev/null && out="$out mf"
	echo $out
}

has() { grep -qw "$1" <<<"$CAPS"; }

# works DEV SEED: the bound personality does its job, by capability
works() {
	local dev=$1 seed=${2:-$RANDOM}
	opens "$dev" || { echo "/dev/$dev does not open"; return 1; }
	if has mmap; then daxio roundtrip "$dev" || return 1; fi
	if has rw; then
		daxio rwedge "$dev" && daxio fill "$dev" "$seed" rw &&
			daxio verify "$dev" "$seed" rw || return 1
	fi
	if has holder; then
		holder attach "$dev" && holder walk && holder detach || return 1
	fi
}

# other_works DEV DRV: another personality bound to DEV does its job
other_works() {
	local dev=$1 drv=$2
	case $drv in
	device_dax) daxio roundtrip "$dev" ;;
	fsdev_dax) holder attach "$dev" && holder walk && holder detach ;;
	# hot-added as system RAM and left offline (the kernel's default
	# policy here), so that kmem can give it back on unbind
	kmem) grep -q "System RAM (kmem)" /proc/iomem ;;
	esac
}

# cross_check DRV DEV: data written by one personality is read by the
# other at the same device offsets. Needs device_dax (ours) as the
# reference, and something of the subject's to write and read with.
cross_check() {
	local drv=$1 dev=$2 seed=$RANDOM run second
	if has rw; then
		check "$drv writes (pwrite), device_dax reads (mmap) the same offsets" \
			eval "daxio fill $dev $seed rw && bind $dev device_dax && daxio verify $dev $seed mmap"
		check "device_dax writes (mmap), $drv reads (pread) the same offsets" \
			eval "daxio fill $dev $((seed + 1)) mmap && bind $dev $drv && daxio verify $dev $((seed + 1)) rw"
	elif has mmap; then
		check "$drv writes (mmap), device_dax reads (mmap) the same offsets" \
			eval "bind $dev $drv && daxio fill $dev $seed mmap && bind $dev device_dax && daxio verify $dev $seed mmap"
	elif has holder; then
		run=$(sysfs_runs "$dev" | tail -n 1)
		second=$(( ${run%% *} + 1 ))
		check "$drv writes (direct_access), device_dax reads (mmap) page $second" \
			eval "bind $dev $drv && holder attach $dev && holder poke $second $seed && holder detach && bind $dev device_dax"
		is "$(daxio peek "$dev" "$second")" "$(printf '%#x' "$seed")" "device_dax reads what $drv wrote at page $second"
	fi
	bind "$dev" "$drv"
}

# mf_expect DEV PHYS OFFSET: the holder hears of a failure at PHYS as one
# at device OFFSET
mf_expect() {
	holder_log > /dev/null
	holder mf "$1" $(( $2 >> 12 )) &&
	grep -qx "failure offset=$3 len=4096 flags=0x20" <(holder_log)
}

conformance_memory_failure() {
	local drv=$1 dev=$2 pgoff pages phys info pstart first
	# the pfn of the device's first data page
	first=$(( $(sysfs_runs "$dev" | head -n 1 | cut -d' ' -f3) >> 12 ))
	if ! has holder; then
		check "memory_failure handler without an fs-dax holder returns" holder mf "$dev" "$first"
		return
	fi
	check "fs_dax_get" holder attach "$dev"
	while read -r pgoff pages phys; do
		check "failure 3 pages into the range at $phys reaches the holder at offset $(( (pgoff + 3) * 4096 ))" \
			mf_expect "$dev" $(( phys + 3 * 4096 )) $(( (pgoff + 3) * 4096 ))
	done <<<"$(sysfs_runs "$dev")"
	info=$(inspect "$dev")
	if grep -q "static=1" <<<"$info"; then
		pstart=$(sed -n 's/.*start=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
		holder_log > /dev/null
		holder mf "$dev" $(( (pstart >> 12) + 1 ))
		like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-[0-9]+\$" "a failure in the memmap below the data is refused, not reported"
	fi
	check "fs_put_dax" holder detach
	holder_log > /dev/null
	holder mf "$dev" "$first"
	like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-[0-9]+\$" "after the holder left a failure is refused, not reported"
}

conformance_injection() {
	local drv=$1 dev=$2 fn k what mark
	for fn in $INJECT; do
		for k in 1 2 3 4 5 6 7 8; do
			what=$fn; [ "$k" = 1 ] || what="$fn (call $k)"
			mark=$(kmsg_mark)
			ff_arm "$fn" "$k"
			sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind" 2> "$RESULTS/.bind"
			if ! ff_fired; then
				ff_disarm
				# fewer than k calls: this bind is the one after the failures
				[ "$(dev_driver "$dev")" = "$drv" ]
				tap_ok $? "$fn: the next bind succeeds" "$(cat "$RESULTS/.bind")"
				[ "$k" = 1 ] && tap_ok 1 "$fn: the probe step is reached" "the injection did not fire"
				check "$fn: and the device works" works "$dev"
				unbind "$dev"
				break
			fi
			ff_disarm
			like "$(cat "$RESULTS/.bind")" "[Ii]nput/output" "$what fails: bind fails with the injected EIO"
			like "$(dmesg_since "$mark")" "$dev: .*-EIO|$dev: .*error -5" "$what: the failure is logged"
			check "$what: nothing is left of the probe" nothing_left "$dev"
		done
	done
}

conformance_busy_range() {
	local drv=$1 dev=$2 phys
	phys=$(sysfs_runs "$dev" | tail -n 1 | cut -d' ' -f3)
	check "hold the last range busy" insmod /work/tests/dax_busy_test.ko start="$phys" size=4096
	check_fails "busy" "bind fails with EBUSY" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	check "nothing is left of the probe" nothing_left "$dev"
	check "release the range" rmmod dax_busy_test
	check "bind succeeds once the range is free" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	check "and the device works" works "$dev"
	unbind "$dev"
}

conformance_device() {
	local drv=$1 dev=$2 fresh other

	section "$drv on $dev: bind"
	# registers the device with the driver (new_id): later binds are
	# one probe each
	check "bind $drv" bind "$dev" "$drv"
	is "$(dev_driver "$dev")" "$drv" "bound to $drv"
	check "/dev/$dev opens while bound" opens "$dev"
	check "every range is reserved while bound" ranges_reserved "$dev"
	CAPS=$(caps "$dev")
	echo "# $drv on $dev offers: ${CAPS:-nothing beyond open}" | tee -a "$TAP"
	check "the device works (${CAPS:-open})" works "$dev"
	fresh=$(pgmap_state "$dev")
	check "unbind" unbind "$dev"
	check "nothing is left after unbind" nothing_left "$dev"

	section "$drv on $dev: failed probes"
	if [ -n "$INJECT" ]; then
		conformance_injection "$drv" "$dev"
	else
		tap_ok 1 "probe steps can be failed on demand" \
			"$drv declares no injection point and does not use dax_common"
	fi
	[ "$(sysfs_runs "$dev" | wc -l)" -gt 1 ] && conformance_busy_range "$drv" "$dev"

	section "$drv on $dev: rebinding"
	for other in device_dax fsdev_dax kmem; do
		[ "$other" = "$drv" ] && continue
		check "bind $drv" bind "$dev" "$drv"
		check "hand over to $other" bind "$dev" "$other"
		check "$other works" other_works "$dev" "$other"
		check "back to $drv" bind "$dev" "$drv"
		is "$(pgmap_state "$dev")" "$fresh" "after $other: the pgmap state of a fresh bind"
		check "after $other: the device works" works "$dev"
	done
	[ "$drv" != device_dax ] && cross_check "$drv" "$dev"

	section "$drv on $dev: memory failure"
	if has mf; then
		bind "$dev" "$drv"
		conformance_memory_failure "$drv" "$dev"
	else
		echo "# $drv on $dev has no memory_failure handler" | tee -a "$TAP"
	fi
	unbind "$dev"
}

conformance() {
	local ko=$1 name drv before reload=
	# test names say "conformance: DRIVER on DEVICE: ...", whichever
	# modules the caller loaded
	local IMPL=conformance
	name=$(modinfo -F name "$ko")
	_prefix="conformance $name: "
	echo "# --- conformance: $ko" | tee -a "$TAP"

	# The subject replaces a loaded module of the same name (one of ours).
	if grep -q "^$name " /proc/modules; then
		for d in /sys/bus/dax/devices/dax*; do
			[ "$(dev_driver "${d##*/}")" = "$name" ] && unbind "${d##*/}"
		done
		rmmod "$name" && reload=$name
	fi
	before=$(ls /sys/bus/dax/drivers)
	check "insmod $ko" insmod "$ko"
	drv=$(comm -13 <(echo "$before") <(ls /sys/bus/dax/drivers))
	is "$(wc -w <<<"$drv")" 1 "registers one dax driver (${drv:-none})"
	# a driver of the device type claims unbound devices when it registers
	for d in /sys/bus/dax/devices/dax*; do
		[ "$(dev_driver "${d##*/}")" = "$drv" ] && unbind "${d##*/}"
	done
	INJECT=
	if [ -d "/sys/module/dax_common/holders/$name" ]; then
		INJECT=$(injection_points dax_common "$name")
	else
		INJECT=$(injection_points "$name")
	fi
	echo "# injection points: $(echo $INJECT)" | tee -a "$TAP"

	if [ "$(wc -w <<<"$drv")" = 1 ]; then
		for dev in "$SDEV" "$HDEV"; do
			conformance_device "$drv" "$dev"
		done
	fi

	_prefix="conformance $name: "
	check "rmmod $name" rmmod "$name"
	[ -n "$reload" ] && insmod "/work/$reload.ko"
	_prefix=
}
