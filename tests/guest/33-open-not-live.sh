# SPDX-License-Identifier: GPL-2.0
# open(2) of /dev/daxX.Y while its dax_device is not live: at bind from
# cdev_add() to run_dax(), at unbind from kill_dax() to cdev_del(). The
# test module puts a bound device in that state on purpose (kill_dax(),
# then run_dax()), rather than racing for it. Stock device_dax and
# fsdev_dax store the NULL that dax_get_private() returns then as the
# file's private data and report success (fixed at the head of the
# upstream series: "device-dax: refuse to open a device that is not
# live", "dax/fsdev: refuse to open a device that is not live"). A
# mapping of such a file dereferences that NULL, so stock only opens and
# closes it.

open_node() { : < "/dev/$1"; }

for drv in device_dax fsdev_dax; do
	section "open of $SDEV under $drv while it is not live"
	check "bind $drv" bind "$SDEV" "$drv"
	mark=$(kmsg_mark)
	check "take its dax_device out of service (kill_dax())" holder kill "$SDEV"
	if stock_bug; then
		check "stock: the open succeeds, with no dev_dax behind the file (known bug)" open_node "$SDEV"
	else
		check_fails "no such device or address" "the open fails with ENXIO" open_node "$SDEV"
	fi
	check "back in service (run_dax())" holder run "$SDEV"
	check "the open succeeds once the device is live" open_node "$SDEV"
	check "unbind" unbind "$SDEV"
	is "$(dmesg_since "$mark" | grep -cE 'BUG|Oops|WARNING|KASAN')" 0 "the kernel says nothing bad"
	check "bind $drv again" bind "$SDEV" "$drv"
	unbind "$SDEV"
done
