# SPDX-License-Identifier: GPL-2.0
# Sourced by main.sh: bring up the NFIT and hmem dax devices.
#
# static:  a 512 MiB devdax namespace on the NFIT region, 2 MiB aligned,
#          memmap on the device (so the data sits above the pgmap start)
# dynamic: the hmem region, reshaped so that its first device has two
#          ranges with a physical gap (another device sits between them)

modprobe -a nfit dax_pmem dax_hmem hwpoison_inject 2>/dev/null
insmod /work/tests/dax_holder_test.ko

ndctl disable-region all >/dev/null 2>&1
ndctl init-labels -f all >/dev/null 2>&1
ndctl enable-region all >/dev/null 2>&1
ndctl create-namespace -r region0 -m devdax -M dev -a 2M -s 512M >/dev/null 2>&1

SDEV=$(static_dev)
HREG=$(hmem_region)
HDEV=dax$HREG.0
HDEV2=dax$HREG.1
HREGION=$(readlink -f /sys/bus/dax/devices/$HDEV/..)/dax_region

# unbound at this point: no personality is loaded yet, and no udev
unbind "$HDEV"
echo $((128 << 20)) > /sys/bus/dax/devices/$HDEV/size
echo 1 > "$HREGION/create" 2>/dev/null
echo $((64 << 20)) > /sys/bus/dax/devices/$HDEV2/size
echo $((256 << 20)) > /sys/bus/dax/devices/$HDEV/size

section setup
is "$([ -n "$SDEV" ] && echo yes)" yes "static NFIT dax device exists ($SDEV)"
is "$([ -n "$HREG" ] && echo yes)" yes "hmem dax region exists (region $HREG)"
is "$(ls -d /sys/bus/dax/devices/$HDEV/mapping[0-9]* | wc -l)" 2 "$HDEV has two ranges"
m0_end=$(cat /sys/bus/dax/devices/$HDEV/mapping0/end)
m1_start=$(cat /sys/bus/dax/devices/$HDEV/mapping1/start)
is "$(( m1_start > m0_end + 1 ))" 1 "$HDEV's ranges have a physical gap"
