# SPDX-License-Identifier: GPL-2.0
# A fragmented device: FRAG_RANGES ranges of 2 MiB with a hole between
# each two, as a CXL dynamic-capacity device with many extents, or a dynamic
# device resized often on a busy region, looks. Every lookup from device
# offset to memory and back (the device_dax fault, direct_access, the
# memory_failure offset) must find the right range of many.

FRAG_RANGES=${FRAG_RANGES:-64}

# unfragment REGION DEV: give DEV's memory back to REGION.
unfragment() {
	unbind "$2"
	sysfs_write 0 "/sys/bus/dax/devices/$2/size" && printf '%s' "$2" > "$1/delete"
}

section "fragmented device of $FRAG_RANGES ranges in hmem region $HREG"
FDEV=
sysfs_write 1 "$HREGION/create" && FDEV=$(< "$HREGION/create") &&
	fragment "$FDEV" "$HREGION" "$FRAG_RANGES" $((2 << 20))
tap_ok $? "make a device of $FRAG_RANGES 2 MiB ranges with holes between them (${FDEV:-none})"
runs=$(sysfs_runs "$FDEV")
is "$(wc -l <<<"$runs")" "$FRAG_RANGES" "$FDEV has $FRAG_RANGES ranges"
apart=0 prev=
while read -r pgoff pages phys; do
	[ -n "$prev" ] && ((phys != prev + (2 << 20))) && apart=$((apart + 1))
	prev=$phys
done <<<"$runs"
is "$apart" "$((FRAG_RANGES - 1))" "every range is apart from the one before it"

check "bind device_dax" bind "$FDEV" device_dax
check "MAP_SHARED pattern round trip, one 2 MiB fault per range" daxio roundtrip "$FDEV"
check "SIGBUS past the end, none inside" daxio pastend "$FDEV"

check "bind fsdev_dax" bind "$FDEV" fsdev_dax
check "fs_dax_get succeeds" holder attach "$FDEV"
holder_log > /dev/null
check "dax_direct_access of every page" holder walk
log=$(holder_log)
is "$(sed -n 's/^run pgoff=\([0-9]*\) pages=\([0-9]*\) phys=\(0x[0-9a-f]*\)/\1 \2 \3/p' <<<"$log")" \
	"$runs" "direct_access's contiguous runs are the $FRAG_RANGES sysfs mappings"
like "$log" "walk pages=$((FRAG_RANGES * 512)) end=-" "every page resolves, and one past the end does not"

# Memory failure 1 page into every range: device offsets, range by range.
bad=0 first=
while read -r pgoff pages phys; do
	got=$(poison $((phys + 4096)))
	want="failure offset=$(((pgoff + 1) * 4096)) len=4096 flags=0x20"
	[ "$got" = "$want" ] || { bad=$((bad + 1)); first=${first:-"at $phys: got '$got', want '$want'"}; }
done <<<"$runs"
tap_ok $((bad != 0)) "a failure in each of the $FRAG_RANGES ranges reaches the holder at its device offset" \
	"$bad ranges wrong; first ${first:-none}"
check "fs_put_dax" holder detach
check "give the fragmented device back to its region" unfragment "$HREGION" "$FDEV"
