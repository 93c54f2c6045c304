# SPDX-License-Identifier: GPL-2.0
# Bad input gets a clear error and changes nothing: table-driven, one row
# per input, each with the errno it must fail with. After the table the
# devices must still bind and work.

D=/sys/bus/dax/drivers
section "bad input"
bind "$SDEV" device_dax
bind "$HDEV" fsdev_dax
bind "$CDEV" device_dax
# fsdev_dax lists $SDEV (new_id) but may not take it while it is bound
sysfs_write "$SDEV" $D/fsdev_dax/new_id 2>/dev/null || true

# expected-errno-text | description | command...
while IFS='|' read -r err desc cmd; do
	[ -n "$err" ] || continue
	# shellcheck disable=SC2086
	check_fails "$err" "$desc" eval "$cmd"
done <<TABLE
no such device|bind a nonexistent device|sysfs_write dax99.0 $D/device_dax/bind
no such device|bind garbage|sysfs_write 'garbage!' $D/device_dax/bind
no such device|bind a region's device name (not on the dax bus)|sysfs_write region0 $D/fsdev_dax/bind
no such device|unbind a nonexistent device|sysfs_write dax99.0 $D/device_dax/unbind
no such device|unbind a device bound to another driver|sysfs_write $HDEV $D/device_dax/unbind
busy|bind a device already bound to the same driver|sysfs_write $SDEV $D/device_dax/bind
busy|bind a device already bound to another driver|sysfs_write $SDEV $D/fsdev_dax/bind
no such device|bind a device to a driver that does not list it|sysfs_write $SDEV $D/dax_holder_test/bind
invalid argument|new_id with garbage|sysfs_write garbage $D/device_dax/new_id
invalid argument|new_id with trailing junk|sysfs_write ${SDEV}x $D/device_dax/new_id
invalid argument|remove_id with garbage|sysfs_write 'dax 0.0' $D/device_dax/remove_id
busy|resize a bound device|sysfs_write $((64 << 20)) /sys/bus/dax/devices/$HDEV/size
busy|change the alignment of a bound device|sysfs_write 4096 /sys/bus/dax/devices/$HDEV/align
busy|resize a bound CXL device|sysfs_write $((64 << 20)) /sys/bus/dax/devices/$CDEV/size
busy|change the alignment of a bound CXL device|sysfs_write 4096 /sys/bus/dax/devices/$CDEV/align
invalid argument|resize a CXL device to an unaligned size|sysfs_write 12345 /sys/bus/dax/devices/$CDEV2/size
not supported|fs_dax_get on a device_dax device|holder attach $SDEV
no such|fs_dax_get on a device that does not exist|holder attach dax99.0
TABLE

# daxio exits 0 when the kernel refused with the expected errno
check "mmap MAP_PRIVATE: EINVAL" daxio private "$SDEV"
check "mmap with an unaligned length or offset: EINVAL" daxio unaligned "$SDEV"
check "mmap of an fsdev_dax device: ENODEV" daxio nommap "$HDEV"
check "read() and write() of a device_dax device: EINVAL" daxio noread "$SDEV"
check "mmap MAP_PRIVATE of a CXL device: EINVAL" daxio private "$CDEV"

section "bad input: daxctl"
check "daxctl reconfigure-device --mode=devdax" daxctl reconfigure-device --mode=devdax "$HDEV"
modprobe kmem
check "daxctl reconfigure-device --mode=system-ram" daxctl reconfigure-device --mode=system-ram "$HDEV"
check_fails "." "daxctl refuses famfs mode from system-ram" daxctl reconfigure-device --mode=famfs "$HDEV"
is "$(dev_driver "$HDEV")" kmem "the device stays with kmem"
check "back to devdax (forced offline)" daxctl reconfigure-device --mode=devdax --force "$HDEV"
rmmod kmem

section "bad input: nothing changed"
check "$SDEV still works under device_dax" daxio roundtrip "$SDEV"
check "bind fsdev_dax to $HDEV" bind "$HDEV" fsdev_dax
check "$HDEV still works under fsdev_dax" sh -c "echo attach $HDEV > /sys/kernel/debug/dax_holder_test/ctl && echo walk > /sys/kernel/debug/dax_holder_test/ctl && echo detach > /sys/kernel/debug/dax_holder_test/ctl"
check "remove_id of an id that is not there is a no-op" sysfs_write dax99.0 $D/device_dax/remove_id
check "$CDEV still works under device_dax" daxio roundtrip "$CDEV"
unbind "$SDEV"; unbind "$HDEV"; unbind "$CDEV"
