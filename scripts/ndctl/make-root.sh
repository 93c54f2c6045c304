#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest root for ndctl's test suite (make ndctl-check): a copy of
# scripts/make-guest-root.sh's sid root, with ndctl's build dependencies
# and the tools its tests run installed from the root's own sid archive
# (apt-get in a chroot), then ndctl's source (scripts/ndctl/fetch-ndctl.sh)
# built there with meson, tests and destructive tests enabled, in
# /opt/ndctl/build (/opt is an overlay in the guest: meson test can write
# its logs there).
#
# Cached in $CACHE/ndctl/root, remade when the shared root's name or the
# package list below changes (.root-key), the build redone when the
# source's version changes (.ndctl-built). Prints the root's path.
#
#   make-root.sh [--no-build]     --no-build: the root and its packages only
. "$(dirname "$0")/../lib.sh"

# ndctl's Build-Depends (Debian's 85-1, less debhelper and asciidoctor:
# the docs are not built) ...
BUILD_PKGS="meson ninja-build gcc libc6-dev pkgconf cmake libkmod-dev libudev-dev
 uuid-dev libjson-c-dev libkeyutils-dev libiniparser-dev libtraceevent-dev
 libtracefs-dev systemd-dev bash-completion"
# ... and what test/*.sh and test/common call: mkfs and mount of ext4/xfs
# on pmem, fio's dev-dax engine, dm linear targets, partitions, keys,
# trace events, NUMA nodes of hot-plugged memory, udev for the device
# links and udevadm settle, journald and journalctl for the kernel log
# (test/common's check_dmesg)
TEST_PKGS="fio e2fsprogs xfsprogs dosfstools trace-cmd jq bc strace numactl
 keyutils dmsetup util-linux fdisk parted sed grep gawk kmod procps udev
 bsdextrautils xxd coreutils findutils diffutils file time systemd"

shared=$("$TOP/scripts/make-guest-root.sh")
root=$CACHE/ndctl/root
key=$(echo "$(basename "$shared") $BUILD_PKGS $TEST_PKGS v1" | tr -s ' \n' ' ' | sha256sum | cut -c1-12)

# run CMD... in the root's chroot, with /proc, /sys and /dev while it runs
in_root() {
	local rc=0
	mount -t proc proc "$root/proc"
	mount -t sysfs sys "$root/sys"
	mount --bind /dev "$root/dev"
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
	umount "$root/dev" "$root/sys" "$root/proc"
	return $rc
}

mkdir -p "$CACHE/ndctl"
exec 9> "$CACHE/ndctl/.root.lock"
flock 9

if [ "$(cat "$root/.root-key" 2>/dev/null)" != "$key" ]; then
	log "copying $shared into $root (without its /usr/lib/modules)"
	rm -rf "$root" "$root.tmp"
	mkdir -p "$root.tmp"
	rsync -aHAX --exclude='/usr/lib/modules/*' --exclude=/.complete "$shared/" "$root.tmp/"
	mv "$root.tmp" "$root"
	# no service may start in the chroot
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod +x "$root/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	log "installing ndctl's build and test dependencies in $root (sid)"
	# Check-Valid-Until: the mirror may serve sid's Release file past its
	# Valid-Until date (scripts/lib.sh); the signature is still checked
	echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99ndctl-check"
	# shellcheck disable=SC2086
	in_root sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $BUILD_PKGS $TEST_PKGS)" \
		> "$CACHE/ndctl/root-apt.log" 2>&1 ||
		{ tail -n 30 "$CACHE/ndctl/root-apt.log" >&2; rm -f "$root/.root-key"; die "apt-get in $root failed"; }
	in_root apt-get clean
	echo "$key" > "$root/.root-key"
fi

if [ "${1:-}" = --no-build ]; then
	echo "$root"
	exit 0
fi

src=$("$TOP/scripts/ndctl/fetch-ndctl.sh")
ver=$(cat "$src/.debian-version")
if [ "$(cat "$root/opt/ndctl/.ndctl-built" 2>/dev/null)" != "$ver $key" ]; then
	log "building ndctl $ver in $root/opt/ndctl (meson, tests enabled)"
	rm -rf "$root/opt/ndctl"
	mkdir -p "$root/opt/ndctl"
	rsync -a --exclude=/.complete "$src/" "$root/opt/ndctl/"
	# ndctl 85's meson_options.txt: test, destructive, docs, systemd
	in_root sh -c 'cd /opt/ndctl &&
		meson setup build -Dtest=enabled -Ddestructive=enabled -Ddocs=disabled \
			-Dversion-tag='"${ver%%-*}"' \
			-Dsystemd=disabled -Dasciidoctor=disabled &&
		meson compile -C build' > "$CACHE/ndctl/build.log" 2>&1 ||
		{ tail -n 40 "$CACHE/ndctl/build.log" >&2; die "ndctl build failed (log: $CACHE/ndctl/build.log)"; }
	echo "$ver $key" > "$root/opt/ndctl/.ndctl-built"
fi
echo "$root"
