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
pstart=$(inspect_field start <<<"$info")
dstart=$(inspect_field data <<<"$info")
like "$(( dstart > pstart ))" 1 "the data starts above the pgmap ($dstart > $pstart)"
got=$(poison $(( dstart + 5 * 4096 )))
is "$got" "failure offset=$(( 5 * 4096 )) len=4096 flags=0x20" "failure 5 pages into the data is reported at offset 20480"
# The memmap area below the data: straight to the handler, because
# memory_failure() stops at such a pfn (pgmap_pfn_valid(): it is the
# altmap's) before it calls the handler.
holder_log > /dev/null
check "memory_failure handler on a memmap pfn" holder mf "$SDEV" $(( (pstart >> 12) + 1 ))
got=$(holder_log)
if stock_bug; then
	# unreachable through memory_failure(); the reachable case is the
	# namespace with its memmap in RAM below
	like "$got" "offset=18446744073709551615" "stock: the handler, given a memmap pfn, reports offset U64_MAX"
else
	like "$got" "^mf pfn=0x[0-9a-f]+ rc=-6\$" "a failure in the memmap area is refused (ENXIO) and not reported to the holder"
fi
check "fs_put_dax" holder detach
unbind "$SDEV"

# A namespace with its memmap in RAM (-M mem) has no altmap: its pgmap
# starts at the namespace, below the data (info block and alignment
# padding), and memory_failure() passes every pfn of it to the handler.
# Stock fsdev_dax reports those to the holder at offset U64_MAX (fixed by
# "dax/fsdev: don't report a failure below the data to the holder").
section "memory failure below the data of a namespace with its memmap in RAM"
new_namespace "create a 64 MiB devdax namespace with its memmap in RAM" -M mem -a 2M -s 64M
ns=$NS mdev=$NSDEV
if [ -n "$mdev" ]; then
	check "bind fsdev_dax" bind "$mdev" fsdev_dax
	check "fs_dax_get succeeds" holder attach "$mdev"
	info=$(inspect "$mdev")
	pstart=$(inspect_field start <<<"$info")
	first=$(inspect_field first <<<"$info")
	dstart=$(inspect_field data <<<"$info")
	is "$(( first == pstart && dstart > pstart ))" 1 \
		"no altmap: memory_failure() passes the pfns below the data ($pstart..$dstart) to the handler" "$info"
	got=$(poison $(( dstart - 4096 )))
	if stock_bug; then
		like "$got" "offset=18446744073709551615" "stock: a failure in the page below the data is reported at offset U64_MAX (known bug)"
	else
		is "$got" "" "a failure in the page below the data is not reported to the holder"
	fi
	got=$(poison $(( dstart + 4096 )))
	is "$got" "failure offset=4096 len=4096 flags=0x20" "a failure one page into the data is reported at offset 4096"
	check "fs_put_dax" holder detach
	unbind "$mdev"
	check "destroy the namespace" ndctl destroy-namespace -f "$ns"
fi
