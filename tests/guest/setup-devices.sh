# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest entry points: bring up the three kinds of dax
# device a machine has.
#
# SDEV  static:  a 256 MiB devdax namespace on the NFIT region, 2 MiB
#                aligned, memmap on the device (so the data sits above
#                the pgmap start)
# HDEV  dynamic: the hmem (soft-reserved memory) region, reshaped so that
#                its first device has two ranges with a physical gap
#                (HDEV2 sits between them)
# CDEV  dynamic: a CXL RAM region (cxl create-region, dax_cxl), reshaped
#                the same way around CDEV2
# PDEV  static:  a 128 MiB devdax namespace on a CXL persistent region
#                (cxl_pmem's nvdimm bridge), labelled in the expander's
#                label storage area; 10-devdax and 20-fsdev run on it
#
# As small as kmem allows (it hot-plugs whole, aligned 128 MiB memory
# blocks, so every device holds one): a bind costs about the same at any
# size under TCG, but the tests' whole-device data checks do not, least
# of all on CXL memory, whose every access QEMU emulates.
# DEVS lists the NFIT, hmem and CXL RAM devices, DYNDEVS the dynamic two.

# The region drivers first, so that the regions are numbered the same in
# every boot (NFIT, hmem, then CXL: they share one id space). Then the
# NVDIMM namespace and the CXL region, which are independent, and each
# mostly waiting on module loads and sysfs under TCG: at the same time.
modprobe -a nfit dax_pmem dax_hmem 2>/dev/null
static_setup() {
	ndctl disable-region -b ACPI.NFIT all
	ndctl init-labels -b ACPI.NFIT -f all
	ndctl enable-region -b ACPI.NFIT all
	ndctl create-namespace -b ACPI.NFIT -m devdax -M dev -a 2M -s 256M
} > "$RESULTS/setup-static.log" 2>&1
cxl_setup() {
	modprobe -a cxl_acpi cxl_pci cxl_port cxl_mem dax_cxl
	# cxl_pci probes the memory device asynchronously
	for _ in $(seq 100); do
		[ -e /sys/bus/cxl/devices/mem0 ] && break
		sleep 0.1
	done
	for _ in $(seq 100); do
		[ -e /sys/bus/cxl/devices/mem1 ] && break
		sleep 0.1
	done
	# one expander has volatile memory, the other persistent (one
	# listing: under TCG each cxl command costs a second or more)
	memdevs=$(cxl list -M)
	ram=$(jq -r '.[] | select(.ram_size) | .memdev' <<<"$memdevs")
	pmem=$(jq -r '.[] | select(.pmem_size) | .memdev' <<<"$memdevs")
	cxl create-region -m -t ram -d decoder0.0 -w 1 "$ram"
	for _ in $(seq 100); do
		compgen -G '/sys/bus/cxl/devices/region*/dax_region*/dax*.0' && break
		sleep 0.1
	done
	# the persistent region becomes an nd region on the CXL bridge
	cxl create-region -m -t pmem -d decoder0.0 -w 1 "$pmem"
} > "$RESULTS/setup-cxl.log" 2>&1
static_setup &
static_pid=$!
cxl_setup &
cxl_pid=$!
modprobe hwpoison_inject 2>/dev/null
insmod /work/tests/dax_holder_test.ko
wait $static_pid $cxl_pid
# a devdax namespace on the CXL persistent region, with labels in the
# expander's label storage area
{
	ndctl disable-region -b CXL all
	ndctl init-labels -b CXL -f all
	ndctl enable-region -b CXL all
	ndctl create-namespace -b CXL -m devdax -M dev -a 2M -s 128M
} >> "$RESULTS/setup-cxl.log" 2>&1

SDEV=$(static_dev)
HREG=$(hmem_region)
HDEV=dax$HREG.0
HDEV2=dax$HREG.1
HREGION=$(region_of "$HDEV")
CREG=$(cxl_region)
CDEV=dax$CREG.0
CDEV2=dax$CREG.1
CREGION=$(region_of "$CDEV")
PDEV=$(cxl_pmem_dev)
DEVS="$SDEV $HDEV $CDEV"
DYNDEVS="$HDEV $CDEV"

# reshape DEV DEV2 REGION: DEV the first 128 MiB of the region, DEV2 the
# next 2 MiB, then DEV grown to 130 MiB, which takes its second range
# from above DEV2. The second range is one 2 MiB block, the device's
# alignment: it makes DEV multi-range, and more of it would only be more
# bytes for every whole-device check to move (kmem, which hot-plugs
# 128 MiB blocks, leaves it out at any size below that).
# Unbound first: no personality is loaded yet, and there is no udev.
reshape() {
	unbind "$1"
	echo $((128 << 20)) > "/sys/bus/dax/devices/$1/size"
	echo 1 > "$3/create" 2>/dev/null
	echo $((2 << 20)) > "/sys/bus/dax/devices/$2/size"
	echo $((130 << 20)) > "/sys/bus/dax/devices/$1/size"
}
reshape "$HDEV" "$HDEV2" "$HREGION"
reshape "$CDEV" "$CDEV2" "$CREGION"

section setup
is "$([ -n "$SDEV" ] && echo yes)" yes "static NFIT dax device exists ($SDEV)"
is "$([ -n "$HREG" ] && echo yes)" yes "hmem dax region exists (region $HREG)"
is "$([ -n "$CREG" ] && echo yes)" yes "CXL RAM region's dax region exists (region $CREG)"
like "$(readlink -f "/sys/bus/dax/devices/$CDEV")" "/region[0-9]+/dax_region$CREG/" "$CDEV is dax_cxl's, under a CXL region"
is "$([ -n "$PDEV" ] && echo yes)" yes "static dax device on a CXL persistent region exists ($PDEV)"
like "$(ndctl list -b CXL -N 2>&1)" '"mode":"devdax"' "its namespace is a labelled devdax namespace on the CXL nvdimm bridge"
for dev in $DYNDEVS; do
	is "$(ls -d /sys/bus/dax/devices/$dev/mapping[0-9]* | wc -l)" 2 "$dev has two ranges"
	m0_end=$(< /sys/bus/dax/devices/$dev/mapping0/end)
	m1_start=$(< /sys/bus/dax/devices/$dev/mapping1/start)
	is "$(( m1_start > m0_end + 1 ))" 1 "$dev's ranges have a physical gap"
done
