#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make deb-check`: the dax-common-dkms package, for real. Build it
# (scripts/make-deb.sh: debhelper, dh-dkms, lintian), install it into a
# copy of the guest root together with what DKMS needs there, let DKMS
# build it for the test kernel, boot that root, and check in the guest
# (tests/guest/dkms-main.sh) that modprobe loads the packaged modules and
# that device_dax and fsdev_dax pass the smoke checks with them. TAP,
# then "N passed, N failed".
#
# What DKMS needs in the root, as on a user's machine:
#   - dkms itself (apt, from the root's own sid archive);
#   - headers for the kernel: a linux-headers-style tree made by the
#     kernel's scripts/package/install-extmod-build (what bindeb-pkg's
#     linux-headers package holds), as /usr/lib/modules/REL/build;
#   - drivers/dax's private headers: Debian's linux-source-7.3 package
#     (the cached .deb, installed with apt), unpacked under /usr/src as
#     the README says; only its Makefile and drivers/dax are extracted,
#     which is all the build reads from it, to save a minute.
# The root is a copy of hard links to the shared guest root, remade each
# run, with real copies of everything that install writes to.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"
set +e
. "$TOP/tests/host-lib.sh"
run_begin dax-deb-check default
build_for_guest
release=$(cat "$KDIR/include/config/kernel.release")
src=$(readlink -f "$KDIR/source")
series=$(sed 's/^\([0-9]*\.[0-9]*\).*/\1/' <<<"$release")

deb=$("$TOP/scripts/make-deb.sh" "$out/deb" 2> "$out/make-deb.log")
tap_line $? "make deb builds dax-common-dkms" "$(tail -n 30 "$out/make-deb.log")" | tee -a "$tap"
# a lintian that never ran (make-deb.sh stopped before it) reports
# nothing too: that is a failure, not a clean package
if [ -f "$out/deb/lintian.txt" ]; then
	grep -vxF 'running with root privileges is not recommended!' "$out/deb/lintian.txt" > "$out/lintian-tags.txt"
else
	echo "lintian did not run (no $out/deb/lintian.txt)" > "$out/lintian-tags.txt"
fi
tap_line $(( $(wc -l < "$out/lintian-tags.txt") != 0 )) "lintian reports nothing on the package" \
	"$(cat "$out/lintian-tags.txt")" | tee -a "$tap"

shared=$("$TOP/scripts/make-guest-root.sh")
root=$CACHE/deb-root
log "copying $shared into $root"
rm -rf "$root"
cp -al "$shared" "$root"
# Real copies where apt, dpkg, DKMS and depmod write: a hard link would
# write through into the shared root.
for d in etc var root tmp usr/src; do
	rm -rf "${root:?}/$d"
	cp -a "$shared/$d" "$root/$d"
done
rm -rf "$root/usr/lib/modules" && mkdir -p "$root/usr/lib/modules"
cp --remove-destination /etc/resolv.conf "$root/etc/resolv.conf"
mounts=()
for m in proc sys dev; do
	mount --bind "/$m" "$root/$m" && mounts+=("$root/$m")
done
umount_all() { local m; for m in "${mounts[@]}"; do umount -l "$m"; done; mounts=(); }
trap 'umount_all' EXIT
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

step() { # step LOGNAME DESCRIPTION CMD...: run CMD, one TAP line
	local name=$1 desc=$2
	shift 2
	"$@" > "$out/$name.log" 2>&1
	tap_line $? "$desc" "$(tail -n 30 "$out/$name.log")" | tee -a "$tap"
}

step apt "dkms installs into the root from its archive" \
	in_root sh -c 'apt-get -o Acquire::Check-Valid-Until=false update -qq &&
		apt-get install -y -qq --no-install-recommends dkms'
# The kernel and its headers, as a distribution installs them.
make -s -C "$KDIR" INSTALL_MOD_PATH="$root/usr" modules_install > "$out/modules_install.log" 2>&1
headers=$root/usr/src/linux-headers-$release
step headers "headers for $release (install-extmod-build)" \
	sh -c "cd '$KDIR' && srctree='$src' SRCARCH=x86 CC=gcc HOSTCC=gcc '$src/scripts/package/install-extmod-build' '$headers'"
ln -sfn "/usr/src/linux-headers-$release" "$root/usr/lib/modules/$release/build"
ksrc_deb=$(ls "$CACHE"/debs/linux-source-"$series"_*.deb | head -n1)
cp "$ksrc_deb" "$root/tmp/"
step ksrc "linux-source-$series installs and unpacks drivers/dax under /usr/src" \
	in_root sh -c "apt-get install -y -qq --no-install-recommends /tmp/$(basename "$ksrc_deb") &&
		tar -xf /usr/src/linux-source-$series.tar.xz -C /usr/src linux-source-$series/Makefile linux-source-$series/drivers/dax"
cp "$deb" "$root/tmp/"
# The package's postinst (dh_dkms) adds it to DKMS and builds it for
# every kernel that has headers: here the test kernel, not the host's,
# which the chroot's uname reports.
step install "dpkg -i dax-common-dkms: DKMS adds it and builds it for $release" \
	in_root dpkg -i "/tmp/$(basename "$deb")"
grep -q "^Building for .*$release" "$out/install.log"
tap_line $? "the postinst built it for $release" "$(tail -n 30 "$out/install.log")" | tee -a "$tap"
status=$(in_root dkms status 2>&1)
like_status=$(grep -c "^dax-common/.*, $release, .*: installed" <<<"$status")
tap_line $((like_status != 1)) "dkms status: installed for $release" "$status" | tee -a "$tap"
mods=$(cd "$root/usr/lib/modules/$release/updates/dkms" 2>/dev/null && ls | sed 's/\.ko.*//' | sort | paste -sd' ')
[ "$mods" = "dax_common dax_ro dax_rw device_dax fsdev_dax" ]
tap_line $? "the five modules are in updates/dkms" "got: ${mods:-none}" | tee -a "$tap"
umount_all
# vm-run.sh: this root's modules are installed already.
echo "$KDIR" > "$root/usr/lib/modules/$release/.installed-from"

VM_ROOT=$root VM_APPEND=kmemleak=on "$TOP/scripts/vm-run.sh" -t 1800 -k default \
	"$out/guest" tests/guest/dkms-main.sh
guest_verdict "$out/guest" "$tap"
log "results in $out ($((SECONDS - start)) s)"
closing_line "$tap"
