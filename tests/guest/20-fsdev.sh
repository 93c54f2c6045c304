# SPDX-License-Identifier: GPL-2.0
# fsdev_dax: daxctl's famfs mode and raw sysfs binding, no mmap, the
# fs-dax holder's view through dax_holder_test.

for dev in "$SDEV" "$CDEV" "$PDEV"; do
	section "fsdev_dax via daxctl on $dev"
	check "daxctl reconfigure-device --mode=famfs" daxctl reconfigure-device --mode=famfs "$dev"
	is "$(dev_driver "$dev")" fsdev_dax "bound to fsdev_dax"
	like "$(daxctl list -d "$dev")" '"mode":"famfs"' "daxctl list says famfs"
	check "mmap of the char device is refused" daxio nommap "$dev"
	check "daxctl reconfigure-device --mode=devdax" daxctl reconfigure-device --mode=devdax "$dev"
	is "$(dev_driver "$dev")" device_dax "back to device_dax"
done

section "fs_dax_get"
check_fails "not supported" "fs_dax_get on a device_dax device: EOPNOTSUPP" holder attach "$SDEV"
check_fails "no such" "fs_dax_get on a nonexistent device fails" holder attach dax99.0

for dev in $DEVS $PDEV; do
	section "fsdev_dax holder on $dev"
	check "bind fsdev_dax through sysfs (new_id, bind)" bind "$dev" fsdev_dax
	is "$(dev_driver "$dev")" fsdev_dax "bound to fsdev_dax"
	check "fs_dax_get succeeds" holder attach "$dev"
	check_fails "busy" "a second holder is refused (EBUSY)" holder attach "$dev"
	holder_log > /dev/null
	check "dax_direct_access of every page" holder walk
	log=$(holder_log)
	runs=$(grep '^run ' <<<"$log" | sed 's/run pgoff=\([0-9]*\) pages=\([0-9]*\) phys=\(0x[0-9a-f]*\)/\1 \2 \3/')
	is "$runs" "$(sysfs_runs "$dev")" "contiguous runs (pgoff pages phys) match the sysfs mappings"
	like "$log" "walk pages=$(( $(< /sys/bus/dax/devices/$dev/size) / 4096 )) end=-" "every page resolves, and one past the end does not"

	# direct_access counts stop at the end of a range: the next range is
	# elsewhere physically.
	while read -r pgoff pages phys; do
		holder avail "$pgoff"
		got=$(holder_log)
		if stock_bug && [ "$pgoff" = 0 ] && [ "$pages" != "$(( $(< /sys/bus/dax/devices/$dev/size) / 4096 ))" ]; then
			# Known stock bug: the count runs to the end of the device,
			# across into the next, physically distant, range.
			like "$got" "avail pgoff=0 count=$(( $(< /sys/bus/dax/devices/$dev/size) / 4096 ))\$" \
				"stock: direct_access(pgoff 0, LONG_MAX) runs past its range to the device end (known bug)"
			continue
		fi
		like "$got" "avail pgoff=$pgoff count=$pages\$" "direct_access(pgoff $pgoff, LONG_MAX) returns the $pages pages of its range"
	done <<<"$(sysfs_runs "$dev")"

	last=$(( $(< /sys/bus/dax/devices/$dev/size) / 4096 - 1 ))
	holder poke 0 0x1111 && holder poke "$last" 0x2222
	holder zero 0 1
	holder peek 0; holder peek "$last"
	log=$(holder_log)
	like "$log" "peek pgoff=0 value=0x0\$" "dax_zero_page_range zeroes its page"
	like "$log" "peek pgoff=$last value=0x2222\$" "and nothing else"
	check "fs_put_dax" holder detach
done
