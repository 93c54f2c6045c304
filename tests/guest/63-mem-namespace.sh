# SPDX-License-Identifier: GPL-2.0
# A namespace with its memmap in RAM (ndctl create-namespace -M mem): no
# altmap, so its pgmap starts at the namespace, below the data, and the
# struct pages of the whole namespace live in RAM. Taken through every
# personality in turn, as daxctl does: device_dax -> kmem (system-ram)
# -> fsdev_dax -> device_dax, the data checked at each step that keeps it.

section "a namespace with its memmap in RAM through device_dax, kmem and fsdev_dax"
out=$(ndctl create-namespace -b ACPI.NFIT -m devdax -M mem -a 2M -s 512M 2>&1)
ns=$(jq -r '.dev // empty' <<<"$out" 2>/dev/null)
mdev=$(jq -r '.daxregion.devices[0].chardev // empty' <<<"$out" 2>/dev/null)
like "$ns $mdev" "^namespace[0-9.]+ dax[0-9.]+$" "create a 512 MiB devdax namespace with its memmap in RAM"
if [ -n "$mdev" ]; then
	check "bind device_dax" bind "$mdev" device_dax
	info=$(inspect "$mdev")
	pstart=$(sed -n 's/.* start=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
	first=$(sed -n 's/.* first=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
	dstart=$(sed -n 's/.* data=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
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
