# SPDX-License-Identifier: GPL-2.0
# Memory failure on an fsdev_dax device reaches the holder as a
# device-linear byte offset (invariant 4).

for dev in $DYNDEVS; do
	section "memory failure on multi-range $dev"
	check "bind fsdev_dax" bind "$dev" fsdev_dax
	check "fs_dax_get succeeds" holder attach "$dev"
	while read -r pgoff pages phys; do
		got=$(poison $(( phys + 3 * 4096 )))
		is "$got" "failure offset=$(( (pgoff + 3) * 4096 )) len=4096 flags=0x20" \
			"failure 3 pages into the range at $phys is reported at device offset $(( (pgoff + 3) * 4096 ))"
	done <<<"$(sysfs_runs "$dev")"
	check "fs_put_dax" holder detach
	got=$(poison $(( $(sysfs_runs "$dev" | head -n1 | cut -d' ' -f3) + 4096 )))
	is "$got" "" "after the holder is gone nothing is notified"
	unbind "$dev"
done

section "memory failure on static $SDEV with a data offset"
check "bind fsdev_dax" bind "$SDEV" fsdev_dax
check "fs_dax_get succeeds" holder attach "$SDEV"
info=$(inspect "$SDEV")
pstart=$(sed -n 's/.*start=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
dstart=$(sed -n 's/.*data=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
like "$(( dstart > pstart ))" 1 "the data starts above the pgmap ($dstart > $pstart)"
got=$(poison $(( dstart + 5 * 4096 )))
is "$got" "failure offset=$(( 5 * 4096 )) len=4096 flags=0x20" "failure 5 pages into the data is reported at offset 20480"
# The memmap area below the data: straight to the handler, because
# memory_failure() itself would read the never-initialised struct page
# of such a pfn (see dax_holder_test's mf command).
holder_log > /dev/null
check "memory_failure handler on a memmap pfn" holder mf "$SDEV" $(( (pstart >> 12) + 1 ))
got=$(holder_log)
if [ "$IMPL" = stock ]; then
	# Known stock bug: the pfn is outside the data and the offset is
	# reported as -1 (fsdev_pfn_to_offset() returns -1ULL).
	like "$got" "offset=18446744073709551615" "stock: a failure in the memmap area is reported with a bogus offset (known bug)"
else
	like "$got" "^mf pfn=0x[0-9a-f]+ rc=-6\$" "a failure in the memmap area is refused (ENXIO) and not reported to the holder"
fi
check "fs_put_dax" holder detach
unbind "$SDEV"
