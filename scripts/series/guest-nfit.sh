#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of nfit_test at runtime (scripts/series/nfit-boot.sh), run
# the same way against the series' kernel (IMPL=intree: nfit_test built
# from the patched tree, with its wrapped dax_common) and against the
# stock one (IMPL=stock), so that make-series.sh can set the two side by
# side. TAP goes to /results/tap.txt with tests/guest/lib.sh's helpers.
#
#   guest-nfit.sh intree|stock
#
# What nfit_test's emulated pmem can and cannot do for device_dax, as
# found on 7.3 (tools/testing/nvdimm): its DIMMs are vmalloc()ed and its
# regions sit at fake physical addresses from a gen_pool at 4 GiB, not at
# the buffers' addresses. Its dax_pgoff_to_phys() (dax-dev.c) refuses a
# device alignment above 4 KiB, so every fault of a 2 MiB device gets
# SIGBUS; at 4 KiB it passes the fake physical address to
# vmalloc_to_page(), which returns NULL, and the fault dereferences the
# NULL struct page when it sets the folio's mapping, in dax_set_mapping()
# (stock) or dev_dax_set_mapping() (dax_common, inlined: the oops names
# dev_dax_huge_fault()): the kernel oopses. So no data goes through a
# device_dax mapping of nfit_test memory; what is checked instead is what
# is real: the SIGBUS, the mapping's life across an unbind (a fresh mmap
# of the open file fails), binding and rebinding, which modules are
# loaded, the badblocks of injected media errors, and a pattern and the
# media errors through nd_pmem's block device, which nfit_test does back.
# The 4 KiB oops is the very last step, after everything else is
# written: the host reads it from the console (make-series.sh).
set -u
IMPL=${1:?usage: guest-nfit.sh intree|stock}
export IMPL RESULTS=/results
export PATH=$RESULTS/bin:/work/tests/guest:$PATH
cd /work/tests/guest || exit 1
. ./lib.sh
: > "$TAP"
rel=$(uname -r)
echo "# kernel $rel, ndctl $(ndctl --version), nfit_test ($IMPL)" | tee -a "$TAP"
note() { echo "# $*" | tee -a "$TAP"; }

# users MODULE: the modules using MODULE, one per line (lsmod's "Used by")
users() { awk -v m="$1" '$1 == m { print $4 }' /proc/modules | tr ',' '\n' | sed '/^-$/d; /^$/d'; }
uses() { users "$1" | grep -qx "$2"; }
yesno() { "$@" && echo yes || echo no; }
zone_device_spanned() { awk '/^Node .* zone +Device/ { d = 1; next } /^Node/ { d = 0 } d && $1 == "spanned" { s += $2 } END { print s + 0 }' /proc/zoneinfo; }
# the devdax namespace's JSON field FIELD
ns_json() { ndctl list -N -n "$1" "${@:3}" | jq -r "(if type == \"array\" then .[0] else . end) | $2"; }

section "nfit_test"
# QEMU's own NVDIMM (ACPI.NFIT) sits at 4 GiB, where nfit_test's fake
# physical addresses start: nfit.ko must let it go before nfit_test
# comes, or both would claim the same addresses.
modprobe nfit 2>/dev/null
for d in /sys/bus/platform/drivers/acpi-nfit/ACPI0012:*; do
	[ -e "$d" ] && basename "$d" > /sys/bus/platform/drivers/acpi-nfit/unbind
done
is "$(ls -d /sys/bus/platform/drivers/acpi-nfit/ACPI0012:* 2>/dev/null)" "" "QEMU's NVDIMM is unbound from acpi-nfit"
check "modprobe nfit_test" modprobe nfit_test
wrapped="nfit libnvdimm nd_pmem nd_btt dax_pmem device_dax nfit_test_iomap"
[ "$IMPL" = stock ] || wrapped+=" dax_common"
for m in $wrapped; do
	is "$(modinfo -n "$m" 2>&1)" "/lib/modules/$rel/updates/$m.ko" "modprobe takes $m from nfit_test's build (updates/)"
done
for m in $wrapped; do
	is "$(yesno grep -q "^$m " /proc/modules)" yes "$m is loaded"
done
is "$(modinfo -n fsdev_dax 2>&1)" "/lib/modules/$rel/kernel/drivers/dax/fsdev_dax.ko" "fsdev_dax is the kernel's own (nfit_test does not build it)"
if [ "$IMPL" = stock ]; then
	is "$(yesno grep -q '^dax_common ' /proc/modules)" no "no dax_common: stock device_dax does its own probe"
else
	is "$(yesno uses nfit_test_iomap dax_common)" yes "nfit_test_iomap is used by dax_common: the loaded dax_common is nfit_test's wrapped build"
	is "$(yesno uses dax_common device_dax)" yes "device_dax is built on the loaded dax_common"
fi
# its faults translate offsets with dax_pgoff_to_phys(), which
# nfit_test's dax-dev.c replaces (and stock's probe maps with
# devm_memremap_pages(), which it wraps)
is "$(yesno uses nfit_test_iomap device_dax)" yes "nfit_test_iomap is used by device_dax (nfit_test replaces what it calls)"
note "nfit_test's DIMMs take $(awk '/^VmallocUsed/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo) of vmalloc; guest RAM $(awk '/^MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"

section "regions"
buses=$(ndctl list -B | jq -r '.[].provider' | sort | paste -sd' ')
like "$buses" "nfit_test\.0.*nfit_test\.1" "buses nfit_test.0 and nfit_test.1 exist ($buses)"
B=nfit_test.0
check "reset nfit_test.0's labels (disable-region, init-labels, enable-region)" \
	sh -c "ndctl disable-region -b $B all && ndctl init-labels -f -b $B all && ndctl enable-region -b $B all"
regions=$(ndctl list -b $B -R -t pmem | jq -r '.[] | "\(.size) \(.available_size) \(.align) \(.dev)"' | sort -n)
is "$(cut -d' ' -f1-3 <<<"$regions" | paste -sd,)" \
	"33554432 33554432 16777216,67108864 67108864 16777216" \
	"nfit_test.0 has two empty pmem regions, 32 and 64 MiB, 16 MiB aligned"
R64=$(awk '$1 == 67108864 { print $4 }' <<<"$regions")
R32=$(awk '$1 == 33554432 { print $4 }' <<<"$regions")
note "regions: $R32 (32 MiB, 2 DIMMs), $R64 (64 MiB, 4 DIMMs); namespaces come in 16 MiB steps (the region's align), and with the memmap on the device (-M dev) a 32 MiB namespace leaves a 30 MiB device at 2 MiB alignment, a 16 MiB one 14 MiB at 4 KiB"

section "device_dax at 2 MiB"
out=$(ndctl create-namespace -b $B -r "$R64" -m devdax -M dev -a 2M -s 32M 2>&1)
tap_ok $? "create-namespace -r $R64 -m devdax -a 2M -s 32M" "$out"
NS=$(jq -r '.dev' <<<"$out" 2>/dev/null)
DEV=$(jq -r '.daxregion.devices[0].chardev' <<<"$out" 2>/dev/null)
is "$(cat /sys/bus/dax/devices/$DEV/size 2>&1):$(cat /sys/bus/dax/devices/$DEV/align 2>&1)" "31457280:2097152" "$DEV is 30 MiB, 2 MiB aligned"
is "$(dev_driver "$DEV")" device_dax "$DEV is bound to device_dax"
like "$(daxctl list -d "$DEV")" '"mode":"devdax"' "daxctl list says devdax"
check "MAP_PRIVATE is refused" daxio private "$DEV"
check "unaligned length and offset are refused" daxio unaligned "$DEV"
is "$(nfitio touch "$DEV" 0)" sigbus "a read of the mapping gets SIGBUS: nfit_test's dax_pgoff_to_phys() refuses alignments above 4 KiB (known nfit_test limitation)"
is "$(nfitio poke "$DEV" 1 0x5eed)" sigbus "a write gets SIGBUS too"
is "$(nfitio roundtrip "$DEV")" "roundtrip sigbus at page 0" "so no pattern round trip through the mapping: SIGBUS at its first page"
note "a pattern round trip on nfit_test memory is made through nd_pmem below (\"pmem\")"

section "rebind"
check "unbind" unbind "$DEV"
is "$(dev_driver "$DEV")" none "unbound"
check "bind device_dax" bind "$DEV" device_dax
is "$(dev_driver "$DEV")" device_dax "bound to device_dax again"
check "daxctl reconfigure-device --mode=devdax" daxctl reconfigure-device --mode=devdax "$DEV"
is "$(dev_driver "$DEV")" device_dax "still device_dax"
modprobe fsdev_dax
before=$(zone_device_spanned)
check "daxctl reconfigure-device --mode=famfs" daxctl reconfigure-device --mode=famfs "$DEV"
is "$(dev_driver "$DEV")" fsdev_dax "bound to fsdev_dax"
grown=$(( $(zone_device_spanned) - before ))
if [ "$IMPL" = stock ]; then
	like "$grown" '^[1-9][0-9]*$' "stock fsdev_dax maps nfit_test's fake physical range for real: $grown ZONE_DEVICE pages (nfit_test does not wrap it; known nfit_test limitation)"
else
	is "$grown" 0 "fsdev_dax adds no ZONE_DEVICE pages: dax_common's devm_memremap_pages() is nfit_test's wrapped one"
fi
check "mmap is refused by fsdev_dax" daxio nommap "$DEV"
check "daxctl reconfigure-device --mode=devdax, from famfs" daxctl reconfigure-device --mode=devdax "$DEV"
is "$(dev_driver "$DEV")" device_dax "back to device_dax"
is "$(nfitio touch "$DEV" 0)" sigbus "the mapping still gets SIGBUS after the round trip"

section "unbind under a live mapping"
nfitio hold "$DEV" 60 > "$RESULTS/nfit-hold.out" 2>&1 &
hold_pid=$!
for _ in $(seq 100); do grep -q '^before' "$RESULTS/nfit-hold.out" && break; sleep 0.1; done
check "unbind while mapped" unbind "$DEV"
kill -USR1 $hold_pid
wait $hold_pid
tap_ok $? "the holder ran to the end" "$(cat "$RESULTS/nfit-hold.out")"
hold=$(paste -sd' ' "$RESULTS/nfit-hold.out")
like "$hold" '^mapped before sigbus' "mapped while bound; its first access gets SIGBUS already (the 2 MiB limitation)"
like "$hold" 'after sigbus' "after the unbind the access gets SIGBUS"
like "$hold" 'remap ENXIO$' "a new mmap of the still open file fails with ENXIO: the unbind ended the file's binding"
note "nfit_test cannot back a 2 MiB fault, so the SIGBUS after the unbind is no evidence of the unbind by itself; the ENXIO of the new mapping is"
check "rebind after the unbind" bind "$DEV" device_dax

section "media errors"
data_off=$(( ($(cat /sys/bus/dax/devices/$DEV/mapping0/start) - $(cat /sys/bus/nd/devices/$R64/resource)) / 512 ))
out=$(ndctl inject-error --block=4096 --count=8 "$NS" 2>&1)
tap_ok $? "ndctl inject-error --block=4096 --count=8 $NS" "$out"
is "$(ndctl inject-error --status "$NS" | jq -c '.badblocks')" '[{"block":4096,"count":8}]' "inject-error --status lists the error"
is "$(ns_json "$NS" '.badblocks | map("\(.offset)+\(.length)") | join(",")' -M)" "4096+8" "ndctl list -M reports the badblocks of the devdax namespace"
is "$(cat /sys/bus/nd/devices/$R64/badblocks)" "$((4096 + data_off)) 8" "$R64's sysfs badblocks has them, shifted by the device's data offset in the region ($data_off sectors)"
check "ndctl start-scrub nfit_test.0 and wait-scrub" sh -c "ndctl start-scrub $B >/dev/null && ndctl wait-scrub $B >/dev/null"
is "$(cat /sys/bus/nd/devices/$R64/badblocks)" "$((4096 + data_off)) 8" "a scrub (ARS) reports them again"
is "$(nfitio touch "$DEV" 512):$(nfitio touch "$DEV" 1024)" "sigbus:sigbus" "the poisoned page (pgoff 512) and a clean one (pgoff 1024) both get SIGBUS"
note "that SIGBUS is nfit_test's refused 2 MiB fault, not the poison: device_dax does not consult badblocks when it faults, and nfit_test's poison is a badblocks entry only (vmalloc()ed memory, no machine check), so SIGBUS for poison through a device_dax mapping cannot be shown on nfit_test"

section "pmem"
out=$(ndctl create-namespace -b $B -r "$R32" -m raw -s 16M 2>&1)
tap_ok $? "create-namespace -r $R32 -m raw -s 16M" "$out"
PNS=$(jq -r '.dev' <<<"$out" 2>/dev/null)
PB=$(jq -r '.blockdev' <<<"$out" 2>/dev/null)
dd if=/dev/urandom of=/tmp/nfit-pattern bs=4096 count=16 status=none
check "write a 64 KiB pattern to /dev/$PB (O_DIRECT)" dd if=/tmp/nfit-pattern of=/dev/$PB bs=4096 count=16 oflag=direct status=none
check "read it back" sh -c "dd if=/dev/$PB bs=4096 count=16 iflag=direct status=none | cmp - /tmp/nfit-pattern"
out=$(ndctl inject-error --block=8 --count=1 "$PNS" 2>&1)
tap_ok $? "ndctl inject-error --block=8 --count=1 $PNS" "$out"
is "$(cat /sys/block/$PB/badblocks)" "8 1" "/sys/block/$PB/badblocks has the sector"
check_fails "Input/output error" "a read of the poisoned sector fails with EIO" dd if=/dev/$PB of=/dev/null bs=512 skip=8 count=1 iflag=direct status=none
check "a read of a clean sector works" dd if=/dev/$PB of=/dev/null bs=512 skip=0 count=1 iflag=direct status=none
check "writing the sector clears the error" dd if=/dev/zero of=/dev/$PB bs=512 seek=8 count=1 oflag=direct status=none
is "$(cat /sys/block/$PB/badblocks)" "" "the badblock is gone"
check "the sector reads again" dd if=/dev/$PB of=/dev/null bs=512 skip=8 count=1 iflag=direct status=none

# Last: a 4 KiB device, whose first fault oopses the kernel (see the top
# of this file). Everything above is on record before it.
section "device_dax at 4 KiB"
out=$(ndctl create-namespace -b $B -r "$R64" -m devdax -M dev -a 4K -s 16M 2>&1)
tap_ok $? "create-namespace -r $R64 -m devdax -a 4K -s 16M" "$out"
DEV4=$(jq -r '.daxregion.devices[0].chardev' <<<"$out" 2>/dev/null)
is "$(dev_driver "$DEV4")" device_dax "$DEV4 is bound to device_dax"
note "nfit safe part done"
dmesg > "$RESULTS/dmesg.txt"
sync
echo "nfit-4k-touch: $DEV4" > /dev/kmsg
got=$(nfitio touch "$DEV4" 0 2>&1)
# Still here: the known oops did not happen.
tap_ok 1 "the first fault of a 4 KiB mapping oopses on a NULL struct page (known nfit_test bug: dax-dev.c's vmalloc_to_page() of a fake physical address)" \
	"got: $got" "the bug seems gone: update scripts/series/guest-nfit.sh and make-series.sh"
dmesg > "$RESULTS/dmesg.txt"
echo "# guest done" | tee -a "$TAP"
