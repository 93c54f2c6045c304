# SPDX-License-Identifier: GPL-2.0
# device_dax: raw mmap of /dev/daxX.Y on the static device and the two
# dynamic (multi-range) ones, hmem and CXL.

for dev in $DEVS $PDEV; do
	section "device_dax on $dev"
	check "bind device_dax" bind "$dev" device_dax
	is "$(dev_driver "$dev")" device_dax "bound to device_dax"
	is "$(loaded_impl)" "$(expected_impl)" "the device_dax module under test is loaded"
	check "MAP_SHARED pattern round trip through two mappings" daxio roundtrip "$dev"
	check "MAP_PRIVATE is refused" daxio private "$dev"
	check "unaligned length and offset are refused" daxio unaligned "$dev"
	check "SIGBUS past the end, none inside" daxio pastend "$dev"
	check "read() and write() fail with EINVAL" daxio noread "$dev"
	like "$(daxctl list -d "$dev")" '"mode":"devdax"' "daxctl list says devdax"
done

for dev in $DYNDEVS; do
	section "device_dax with 4 KiB alignment on $dev"
	unbind "$dev"
	check "set align 4096" sysfs_write 4096 /sys/bus/dax/devices/$dev/align
	check "bind device_dax" bind "$dev" device_dax
	check "4 KiB mapping round trip" daxio roundtrip "$dev"
	unbind "$dev"
	check "restore align 2 MiB" sysfs_write $((2 << 20)) /sys/bus/dax/devices/$dev/align
done

section "device_dax unbind under a live mapping"
check "bind device_dax" bind "$SDEV" device_dax
daxio hold "$SDEV" 20 > "$RESULTS/hold.out" 2>&1 &
holder_pid=$!
for _ in $(seq 50); do grep -q mapped "$RESULTS/hold.out" && break; sleep 0.1; done
check "unbind while mapped" unbind "$SDEV"
wait $holder_pid; rc=$?
tap_ok $rc "the mapping's next access gets SIGBUS" "$(< "$RESULTS/hold.out")"
check "rebind after the mapping died" bind "$SDEV" device_dax
check "round trip after rebind" daxio roundtrip "$SDEV"
