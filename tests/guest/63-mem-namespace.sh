# SPDX-License-Identifier: GPL-2.0
# A namespace with its memmap in RAM (ndctl create-namespace -M mem): no
# altmap, so its pgmap starts at the namespace, below the data, and the
# struct pages of the whole namespace live in RAM. Taken through every
# personality in turn, as daxctl does: device_dax -> kmem (system-ram)
# -> fsdev_dax -> device_dax, the data checked at each step that keeps it.

section "a namespace with its memmap in RAM through device_dax, kmem and fsdev_dax"
new_namespace "create a 512 MiB devdax namespace with its memmap in RAM" -M mem -a 2M -s 512M
ns=$NS mdev=$NSDEV
if [ -n "$mdev" ]; then
	check "bind device_dax" bind "$mdev" device_dax
	info=$(inspect "$mdev")
	pstart=$(inspect_field start <<<"$info")
	first=$(inspect_field first <<<"$info")
	dstart=$(inspect_field data <<<"$info")
	is "$(( first == pstart && dstart > pstart ))" 1 "no altmap, the pgmap starts below the data ($pstart < $dstart)"
	check "device_dax: a round trip through a mapping" daxio roundtrip "$mdev"

	modprobe kmem
	check "daxctl reconfigure-device --mode=system-ram" daxctl reconfigure-device --mode=system-ram "$mdev"
	is "$(dev_driver "$mdev")" kmem "bound to kmem"
	like "$(daxctl list -d "$mdev" 2>&1)" '"mode":"system-ram"' "daxctl reports system-ram"
	check "daxctl offline-memory" daxctl offline-memory "$mdev"
	check "daxctl reconfigure-device --mode=devdax" daxctl reconfigure-device --mode=devdax "$mdev"
	is "$(dev_driver "$mdev")" device_dax "back to device_dax"
	rmmod kmem

	check "bind fsdev_dax" bind "$mdev" fsdev_dax
	like "$(inspect "$mdev")" "folios order0=[0-9]+ mapped=0 shared=0" "fsdev_dax after kmem: clean order-0 folios"
	check "fs_dax_get succeeds" holder attach "$mdev"
	holder_log > /dev/null
	check "dax_direct_access of every page" holder walk
	like "$(holder_log)" "walk pages=$(( $(< /sys/bus/dax/devices/$mdev/size) / 4096 )) end=-" \
		"every page resolves, and one past the end does not"
	check "a store through direct_access()" holder poke 1 0x6d656d
	check "fs_put_dax" holder detach
	check "bind device_dax" bind "$mdev" device_dax
	is "$(daxio peek "$mdev" 1)" 0x6d656d "device_dax reads what fsdev_dax's holder stored"
	check "device_dax: a round trip through a mapping" daxio roundtrip "$mdev"
	unbind "$mdev"
	check "destroy the namespace" ndctl destroy-namespace -f "$ns"
fi
