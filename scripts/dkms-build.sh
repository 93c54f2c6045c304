#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The DKMS build step (dkms.conf): build the modules, not the tests,
# against a kernel's build tree, with drivers/dax's private headers from
# that kernel's full source.
#
#   dkms-build.sh KERNEL_BUILD_DIR      build
#   dkms-build.sh --clean               remove build products
#
# The headers are looked for, in order, in $DAX_COMMON_KSRC, in the build
# tree itself or its "source" link (a full tree, as for make KDIR=), and in
# /usr/src/linux-source-X.Y (Debian's linux-source-X.Y, unpacked). Their
# major.minor must be the target kernel's: struct dev_dax and friends are
# private and change between releases.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --clean ]; then
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' \) -delete
	exit 0
fi
[ $# = 1 ] || { echo "usage: dkms-build.sh KERNEL_BUILD_DIR" >&2; exit 2; }
kdir=$1

# VERSION.PATCHLEVEL of a source tree, from its top Makefile
series_of_source() {
	sed -n -e 's/^VERSION = \([0-9]*\)$/\1/p' -e 's/^PATCHLEVEL = \([0-9]*\)$/\1/p' \
		"$1/Makefile" 2>/dev/null | paste -sd.
}
release=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) || {
	echo "dax-common: $kdir is not a configured kernel build tree" >&2
	exit 1
}
series=$(sed 's/^\([0-9]*\.[0-9]*\).*/\1/' <<<"$release")

ksrc=
for c in "${DAX_COMMON_KSRC:-}" "$kdir" "$kdir/source" "/usr/src/linux-source-$series"; do
	if [ -n "$c" ] && [ -f "$c/drivers/dax/dax-private.h" ] && [ -f "$c/drivers/dax/bus.h" ]; then
		ksrc=$(cd "$c" && pwd)
		break
	fi
done
if [ -z "$ksrc" ]; then
	cat >&2 <<EOM
dax-common: cannot build for $release without drivers/dax's private headers
(bus.h, dax-private.h), which kernel header packages do not ship. Provide
the full source of Linux $series, e.g. on Debian:
    apt install linux-source-$series
    tar -xf /usr/src/linux-source-$series.tar.xz -C /usr/src
or point DAX_COMMON_KSRC at a source tree of the running kernel.
EOM
	exit 1
fi
have=$(series_of_source "$ksrc")
if [ "$have" != "$series" ]; then
	echo "dax-common: $ksrc is Linux $have, the target kernel $release is $series" >&2
	exit 1
fi
echo "dax-common: drivers/dax headers from $ksrc"
exec make -C "$kdir" M="$PWD" DAX_KSRC="$ksrc" DAX_COMMON_TESTS=n modules
