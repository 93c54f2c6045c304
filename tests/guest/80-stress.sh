# SPDX-License-Identifier: GPL-2.0
# Rebind stress: many transitions between device_dax, fsdev_dax, unbound
# and kmem on all three kinds of device, under concurrent sysfs readers and
# concurrent open/mmap/write/munmap of the char device. Everything must
# either work or fail with an errno (or SIGBUS, for a write to a mapping
# the unbind took away); the kernel log is checked by the host.
# Module unload while a device is mapped must be refused.
# Ours only (STRESS_ROUNDS scales it; the default gives > 1000
# transitions, in about four minutes under TCG). Part of make check;
# make stress runs it alone.
#
# The loops avoid forks: under TCG one vCPU thread runs the whole guest,
# and a subshell per sysfs write costs more than the bind it makes.

# Transitions are counted in a file: check runs each cycle in a subshell.
COUNT=$RESULTS/.transitions
: > "$COUNT"
transitions() { awk '{ n += $1 } END { print n + 0 }' "$COUNT"; }

# cycle DEV ROUNDS STATE...: go through the states ROUNDS times; a state
# is a driver name or "none"; counts every bind and unbind. Fails on the
# first transition that does not take, with the kernel's errno.
cycle() {
	local dev=$1 rounds=$2 r s n=0 cur err=$RESULTS/.cycle-err
	shift 2
	cur=$(dev_driver "$dev")
	for r in $(seq "$rounds"); do
		[ $((r % 50)) = 0 ] && echo "stress: $dev round $r/$rounds" > /dev/kmsg
		for s in "$@"; do
			if [ "$cur" != none ]; then
				{ echo "$dev" > "/sys/bus/dax/drivers/$cur/unbind"; } 2>"$err" || {
					echo "round $r: unbind $dev from $cur: $(< "$err")"
					echo $n >> "$COUNT"; return 1
				}
				n=$((n + 1))
				cur=none
			fi
			[ "$s" = none ] && continue
			if ! { echo "$dev" > "/sys/bus/dax/drivers/$s/bind"; } 2>"$err" ||
			   [ ! -e "/sys/bus/dax/drivers/$s/$dev" ]; then
				echo "round $r: bind $dev to $s: $(< "$err"), now bound to $(dev_driver "$dev")"
				dmesg | tail -n 5
				echo $n >> "$COUNT"; return 1
			fi
			n=$((n + 1))
			cur=$s
		done
	done
	if [ "$cur" != none ]; then
		echo "$dev" > "/sys/bus/dax/drivers/$cur/unbind" && n=$((n + 1))
	fi
	echo $n >> "$COUNT"
}

readers() {
	while :; do
		cat /sys/bus/dax/devices/*/{size,align,resource,numa_node,modalias,target_node} \
		    /sys/bus/dax/devices/*/mapping[0-9]*/{start,end,page_offset} >/dev/null 2>&1
		daxctl list -D >/dev/null 2>&1
		sleep 1
	done
}

if [ "$IMPL" = ours ]; then
	rounds=${STRESS_ROUNDS:-40}
	section "stress: $rounds rounds of rebinds under concurrent readers and mappers"
	# register every device with both drivers
	for dev in "$SDEV" "$HDEV" "$HDEV2" "$CDEV2"; do
		bind "$dev" device_dax; bind "$dev" fsdev_dax; unbind "$dev"
	done
	readers & rpid=$!
	for dev in "$SDEV" "$HDEV2" "$CDEV2"; do
		# the mappers also write to each mapping (a fault each)
		HAMMER_TOUCH=1 daxio hammer "$dev" 100000 > "$RESULTS/hammer-$dev.out" 2>&1 &
		eval "hpid_${dev/./_}=$!"
	done
	check "$HDEV2 (hmem): device_dax -> fsdev_dax -> none, x$((rounds * 3))" \
		cycle "$HDEV2" $((rounds * 3)) device_dax fsdev_dax none
	check "$CDEV2 (CXL): device_dax -> fsdev_dax -> none, x$((rounds * 2))" \
		cycle "$CDEV2" $((rounds * 2)) device_dax fsdev_dax none
	check "$SDEV (static): device_dax -> fsdev_dax -> none, x$rounds" \
		cycle "$SDEV" "$rounds" device_dax fsdev_dax none
	check "$HDEV (multi-range): fsdev_dax -> device_dax, x$((rounds / 2))" \
		cycle "$HDEV" $((rounds / 2)) fsdev_dax device_dax

	modprobe kmem
	kmem_cycle() {
		local i
		for i in $(seq "$1"); do
			daxctl reconfigure-device --mode=system-ram "$HDEV" >/dev/null 2>&1 || return 1
			daxctl offline-memory "$HDEV" >/dev/null 2>&1 || return 1
			daxctl reconfigure-device --mode=devdax "$HDEV" >/dev/null 2>&1 || return 1
			daxctl reconfigure-device --mode=famfs "$HDEV" >/dev/null 2>&1 || return 1
			echo 6 >> "$COUNT"
		done
		unbind "$HDEV"
	}
	check "$HDEV: system-ram (online) -> offline -> devdax -> famfs, x5" kmem_cycle 5
	rmmod kmem

	kill $rpid
	for dev in "$SDEV" "$HDEV2" "$CDEV2"; do
		pid_var=hpid_${dev/./_}
		kill "${!pid_var}"; wait "${!pid_var}" 2>/dev/null
	done
	wait $rpid 2>/dev/null
	like "$(cat "$RESULTS"/hammer-*.out)" "opens" "concurrent mappers survived: $(cat "$RESULTS"/hammer-*.out | tr '\n' ';')"
	is "$(( $(transitions) >= 1000 ))" 1 "at least 1000 transitions ($(transitions))"
	works_after() { bind "$SDEV" device_dax && daxio roundtrip "$SDEV"; }
	check "$SDEV works after the stress" works_after

	section "module unload while mapped"
	bind "$SDEV" device_dax
	daxio hold "$SDEV" 30 > "$RESULTS/hold2.out" 2>&1 &
	hold_pid=$!
	for _ in $(seq 50); do grep -q mapped "$RESULTS/hold2.out" && break; sleep 0.1; done
	check_fails "in use" "rmmod device_dax while /dev/$SDEV is mapped is refused" rmmod device_dax
	check_fails "in use" "rmmod dax_common while a personality is loaded is refused" rmmod dax_common
	unbind "$SDEV"
	wait $hold_pid
	tap_ok $? "the mapping got SIGBUS at unbind" "$(< "$RESULTS/hold2.out")"
	check "rmmod device_dax once nothing holds it" rmmod device_dax
	check "insmod device_dax again" insmod /work/device_dax.ko
	check "and it binds" bind "$SDEV" device_dax
	unbind "$SDEV"
fi
