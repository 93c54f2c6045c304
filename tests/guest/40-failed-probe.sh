# SPDX-License-Identifier: GPL-2.0
# A failed probe leaves nothing behind and the device binds next time
# (invariant 1); an impossible pgmap fails the probe cleanly (invariant 6).

# recreate VAR: destroy the device named by $VAR and make a new one of
# the same size in its region; VAR (HDEV or CDEV) names the new device.
recreate() {
	local dev=${!1} region size
	region=$(region_of "$dev")
	size=$(< "/sys/bus/dax/devices/$dev/size")
	echo 0 > "/sys/bus/dax/devices/$dev/size"
	echo "$dev" > "$region/delete" 2>/dev/null
	echo 1 > "$region/create"
	printf -v "$1" '%s' "$(< "$region/seed")"
	echo "$size" > "/sys/bus/dax/devices/${!1}/size"
}

for var in HDEV CDEV; do
for drv in device_dax fsdev_dax; do
	dev=${!var}
	section "$drv probe failing on a busy range of $dev"
	# Register the device with the driver (new_id) while it can still
	# bind, so that the failing bind below is exactly one probe.
	check "bind $drv while the ranges are free" bind "$dev" "$drv"
	unbind "$dev"
	phys=$(sysfs_runs "$dev" | sed -n 2p | cut -d' ' -f3)
	check "hold the second range busy" insmod /work/tests/dax_busy_test.ko start="$phys" size=4096
	mark=$(kmsg_mark)
	check_fails "busy" "bind $drv fails with EBUSY" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	like "$(dmesg_since "$mark")" "$dev: .*could not reserve range" "the failure is logged"
	info=$(inspect "$dev")
	if stock_bug && [ "$drv" = device_dax ]; then
		like "$info" "pgmap=yes" "stock device_dax: the failed probe leaves dev_dax->pgmap dangling (known bug)"
	else
		like "$info" "driver=none .*pgmap=none" "the failed probe leaves no pgmap behind"
	fi
	like "$(grep -i "$dev" /proc/iomem | grep -v dax_busy_test)" "^$" "no range of $dev left reserved"
	check "release the range" rmmod dax_busy_test
	if stock_bug && [ "$drv" = device_dax ]; then
		mark=$(kmsg_mark)
		check_fails "invalid" "stock device_dax: every later bind fails with EINVAL (known bug)" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
		like "$(dmesg_since "$mark")" "pre-populated page map" "stock device_dax: 'dynamic-dax with pre-populated page map'"
		# The dangling pointer survives until the device is destroyed;
		# recreate it so the stock run can go on.
		recreate "$var"
	else
		check "bind $drv succeeds once the range is free" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
		is "$(dev_driver "$dev")" "$drv" "bound to $drv"
		unbind "$dev"
	fi
done
done
DYNDEVS="$HDEV $CDEV"
DEVS="$SDEV $DYNDEVS"

section "pgmap starting above the data on $SDEV"
unbind "$SDEV"
for drv in fsdev_dax device_dax; do
	if ! library_probe; then
		# Not run on stock: device_dax has no such check, and fsdev_dax
		# checks only after devm_memremap_pages() has mapped the skewed
		# range with the device's altmap.
		continue
	fi
	check "move the pgmap start 16 MiB up" holder skew "$SDEV" $((16 << 20))
	mark=$(kmsg_mark)
	check_fails "invalid" "bind $drv fails with EINVAL" bind "$SDEV" "$drv"
	like "$(dmesg_since "$mark")" "$SDEV: .*pgmap start 0x[0-9a-f]+ exceeds data start 0x[0-9a-f]+" "the error names both addresses"
	check "restore the pgmap start" holder skew "$SDEV" $((-16 << 20))
	check "bind $drv succeeds again" bind "$SDEV" "$drv"
	unbind "$SDEV"
done
