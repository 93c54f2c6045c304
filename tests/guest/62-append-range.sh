# SPDX-License-Identifier: GPL-2.0
# A range appended to a bound device. 7.3's bus.c lets root write a new
# range to daxX.Y/mapping while a driver is bound (mapping_store() checks
# the region's driver, not the device's): a bug of the bus, which grows
# the device under the binding. The binding neither reserved nor mapped
# the new range; stock device_dax oopses when it is mapped. dax_common
# must stay within what it bound: the bound part works, the new part
# SIGBUSes, nothing is read past its index, and after a rebind the whole
# device is served. Ours only (stock would take the kernel down).

if [ "$IMPL" != stock ]; then
	section "a range appended to bound $HDEV"
	m=/sys/bus/dax/devices/$HDEV
	orig=$(dev_driver "$HDEV")
	check "bind device_dax" bind "$HDEV" device_dax
	size0=$(< "$m/size")
	last=$((size0 / 4096 - 1))
	start=$(( $(< "$m/mapping1/end") + 1 ))
	end=$((start + (2 << 20) - 1))
	mark=$(kmsg_mark)
	check "the bus appends $(printf '%#x-%#x' $start $end) to the bound device (7.3's mapping_store, a known bug of the bus)" \
		sysfs_write "$(printf '%x-%x' $start $end)" "$m/mapping"
	is "$(< "$m/size")" $((size0 + (2 << 20))) "the bus reports the grown size"
	check "the bound part still maps: a store at its last page" daxio poke "$HDEV" "$last" 0x77
	is "$(daxio peek "$HDEV" "$last")" 0x77 "and a load reads it back"
	daxio peek "$HDEV" $((last + 1)) > /dev/null 2>&1
	is "$?" 135 "a load from the appended range gets SIGBUS (the binding never mapped it)"
	is "$(dmesg_since "$mark" | grep -cE 'BUG|Oops|WARNING|KASAN')" 0 "the kernel says nothing bad"
	check "unbind" unbind "$HDEV"
	check "bind device_dax again: the new binding takes all three ranges" bind "$HDEV" device_dax
	check "the whole device round-trips, the appended range too" daxio roundtrip "$HDEV"
	unbind "$HDEV"
	check "shrink the device back to its two ranges" sysfs_write $((size0)) "$m/size"
	is "$(ls -d "$m"/mapping[0-9]* | wc -l)" 2 "two ranges again"
	[ "$orig" = none ] || bind "$HDEV" "$orig"
fi
