# SPDX-License-Identifier: GPL-2.0
# daxX.Y/mapping, the bus's attribute that appends a range to a dynamic
# device. 7.3's mapping_store() has two bugs, fixed at the head of the
# upstream series (patches "dax/bus: ..."), so what the kernel does here
# depends on the kernel, not on the driver: IMPL=intree and fixes run in
# a kernel with the fixes, stock and ours in the stock one.
#  - A range of a length the device's alignment does not divide is
#    ignored, and the write reports success.
#  - It checks the region's driver, not the device's: root can append a
#    range to a bound device. The binding neither reserved nor mapped the
#    new range; stock device_dax oopses when it is mapped, so stock only
#    shows that the write succeeds. dax_common must stay within what it
#    bound: the bound part works, the new part SIGBUSes, nothing is read
#    past its index, and after a rebind the whole device is served.

series_kernel() { [ "$IMPL" = intree ] || [ "$IMPL" = fixes ]; }

# free_2m: the start of a 2 MiB range of HDEV's region that no device
# maps, right after one of the region's mappings, lowest first (earlier
# tests leave the region in a different shape on each side)
free_2m() {
	local m s e cand ranges
	ranges=$(for m in /sys/bus/dax/devices/dax"$HREG".*/mapping[0-9]*; do
			echo "$(( $(< "$m/start") )) $(( $(< "$m/end") ))"
		 done | sort -n)
	while read -r s e; do
		cand=$(( e + 1 ))
		awk -v a="$cand" -v b=$(( cand + (2 << 20) - 1 )) \
			'$1 <= b && $2 >= a { hit = 1 } END { exit !hit }' <<<"$ranges" || {
			echo "$cand"
			return
		}
	done <<<"$ranges"
}

section "daxX.Y/mapping on $HDEV"
m=/sys/bus/dax/devices/$HDEV
orig=$(dev_driver "$HDEV")
[ "$orig" = none ] || unbind "$HDEV"
size0=$(< "$m/size")
n0=$(ls -d "$m"/mapping[0-9]* | wc -l)
last=$((size0 / 4096 - 1))
start=$(free_2m)
is "${start:+found}" found "a free 2 MiB range of the region to append ($(printf '%#x' "${start:-0}"))"
start=${start:-0}
end=$((start + (2 << 20) - 1))
if series_kernel; then
	check_fails "invalid" "an unaligned range (4 KiB, the device's alignment is $(< "$m/align")) is refused with EINVAL" \
		sysfs_write "$(printf '%x-%x' $start $((start + 4095)))" "$m/mapping"
else
	check "the stock bus ignores an unaligned range (4 KiB) and reports success (known bug)" \
		sysfs_write "$(printf '%x-%x' $start $((start + 4095)))" "$m/mapping"
fi
is "$(< "$m/size")" "$size0" "the size is unchanged"

check "bind device_dax" bind "$HDEV" device_dax
mark=$(kmsg_mark)
if series_kernel; then
	check_fails "busy" "appending $(printf '%#x-%#x' $start $end) to the bound device is refused with EBUSY" \
		sysfs_write "$(printf '%x-%x' $start $end)" "$m/mapping"
	is "$(< "$m/size")" "$size0" "the size is unchanged"
	check "the device still maps: a store at its last page" daxio poke "$HDEV" "$last" 0x77
	check "unbind" unbind "$HDEV"
elif is_stock; then
	check "stock: the bus appends $(printf '%#x-%#x' $start $end) to the bound device (known bug; not mapped here: stock device_dax oopses)" \
		sysfs_write "$(printf '%x-%x' $start $end)" "$m/mapping"
	is "$(< "$m/size")" $((size0 + (2 << 20))) "stock: the bus reports the grown size (known bug)"
	check "unbind" unbind "$HDEV"
	check "shrink the device back to its $n0 ranges" sysfs_write $((size0)) "$m/size"
else
	check "the stock bus appends $(printf '%#x-%#x' $start $end) to the bound device (a known bug of the kernel's bus)" \
		sysfs_write "$(printf '%x-%x' $start $end)" "$m/mapping"
	is "$(< "$m/size")" $((size0 + (2 << 20))) "the bus reports the grown size"
	check "the bound part still maps: a store at its last page" daxio poke "$HDEV" "$last" 0x77
	is "$(daxio peek "$HDEV" "$last")" 0x77 "and a load reads it back"
	daxio peek "$HDEV" $((last + 1)) > /dev/null 2>&1
	is "$?" 135 "a load from the appended range gets SIGBUS (the binding never mapped it)"
	check "unbind" unbind "$HDEV"
	check "shrink the device back to its $n0 ranges" sysfs_write $((size0)) "$m/size"
	# fsdev_dax: direct_access() and the memory_failure handler
	check "bind fsdev_dax" bind "$HDEV" fsdev_dax
	check "fs_dax_get succeeds" holder attach "$HDEV"
	check "the stock bus appends the range to bound fsdev_dax too" \
		sysfs_write "$(printf '%x-%x' $start $end)" "$m/mapping"
	holder_log > /dev/null
	holder avail "$last"
	is "$(holder_log)" "avail pgoff=$last count=1" "direct_access(LONG_MAX) at the last bound page: that one page"
	holder_log > /dev/null
	holder avail $((last + 1))
	like "$(holder_log)" "^avail pgoff=$((last + 1)) count=-[0-9]+\$" "direct_access() at the first appended page is refused: the binding never mapped it"
	holder_log > /dev/null
	check "the memory_failure handler on an appended pfn" holder mf "$HDEV" $((start >> 12))
	like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-6\$" "is refused (ENXIO) and not reported to the holder"
	check "fs_put_dax" holder detach
	check "unbind" unbind "$HDEV"
	check "bind device_dax again: the new binding takes all $((n0 + 1)) ranges" bind "$HDEV" device_dax
	check "the whole device round-trips, the appended range too" daxio roundtrip "$HDEV"
	unbind "$HDEV"
	check "shrink the device back to its $n0 ranges" sysfs_write $((size0)) "$m/size"
fi
is "$(dmesg_since "$mark" | grep -cE 'BUG|Oops|WARNING|KASAN')" 0 "the kernel says nothing bad"
is "$(ls -d "$m"/mapping[0-9]* | wc -l)" "$n0" "$n0 ranges, as before"
[ "$orig" = none ] || bind "$HDEV" "$orig"
