# SPDX-License-Identifier: GPL-2.0
# Rebinding between personalities: folio order from the personality's
# policy at every bind (invariant 2), pgmap ops/owner installed and
# cleared (invariant 3), data written through one personality read back
# through another (invariant 5), and a round trip through kmem.

section "folio order on static $SDEV: device_dax -> fsdev_dax -> device_dax"
check "bind device_dax" bind "$SDEV" device_dax
info=$(inspect "$SDEV")
like "$info" "shift=9 " "device_dax: vmemmap_shift 9 (2 MiB align)"
like "$info" "folios order9=[0-9]+ mapped" "device_dax: 2 MiB compound folios, nothing else"
check "fsdev_dax" bind "$SDEV" fsdev_dax
info=$(inspect "$SDEV")
like "$info" "type=3 shift=0 ops=set owner=self" "fsdev_dax: FS_DAX pgmap, order 0, its ops and owner"
like "$info" "folios order0=[0-9]+ mapped=0 shared=0" "fsdev_dax: order-0 folios only, no stale mapping or share"
check "device_dax again" bind "$SDEV" device_dax
info=$(inspect "$SDEV")
like "$info" "type=4 shift=9 ops=none owner=none" "device_dax again: GENERIC pgmap, order 9, fsdev's ops gone"
like "$info" "folios order9=[0-9]+ mapped" "device_dax again: 2 MiB folios"
check "2 MiB mappings work again (a PTE fault would SIGBUS at 2 MiB align)" daxio roundtrip "$SDEV"
unbind "$SDEV"
info=$(inspect "$SDEV")
if library_probe; then
	like "$info" "shift=0 ops=none owner=none" "unbound static pgmap keeps no personality state"
else
	like "$info" "ops=none owner=none" "stock: unbound static pgmap keeps no ops/owner"
fi
check "fsdev_dax after unbind" bind "$SDEV" fsdev_dax
unbind "$SDEV"
like "$(inspect "$SDEV")" "ops=none owner=none" "fsdev_dax unbind clears pgmap ops and owner"

for dev in $DYNDEVS; do
	section "data across personalities on multi-range $dev"
	check "bind fsdev_dax" bind "$dev" fsdev_dax
	check "fs_dax_get" holder attach "$dev"
	runs=$(sysfs_runs "$dev")
	second=$(sed -n 2p <<<"$runs" | cut -d' ' -f1)
	check "store through direct_access at the first page of range 2 (pgoff $second)" holder poke "$second" 0x5eed
	check "fs_put_dax" holder detach
	check "bind device_dax" bind "$dev" device_dax
	is "$(daxio peek "$dev" "$second")" 0x5eed "device_dax's mapping reads what direct_access's kaddr wrote"
	like "$(inspect "$dev")" "pgmap=yes type=4" "bound dynamic device has a published pgmap"
	unbind "$dev"
	like "$(inspect "$dev")" "pgmap=none" "unbound dynamic device has no pgmap"
done

modprobe kmem
for dev in $DYNDEVS; do
	section "kmem round trip on $dev"
	check "daxctl reconfigure-device --mode=system-ram" daxctl reconfigure-device --mode=system-ram "$dev"
	is "$(dev_driver "$dev")" kmem "bound to kmem"
	check "daxctl offline-memory" daxctl offline-memory "$dev"
	check "daxctl reconfigure-device --mode=devdax (from offline system-ram)" daxctl reconfigure-device --mode=devdax "$dev"
	is "$(dev_driver "$dev")" device_dax "back to device_dax"
	check "round trip after kmem" daxio roundtrip "$dev"
	check "fsdev_dax after kmem" bind "$dev" fsdev_dax
	like "$(inspect "$dev")" "folios order0=[0-9]+ mapped=0 shared=0" "fsdev_dax after kmem: clean order-0 folios"
	unbind "$dev"
done
rmmod kmem
