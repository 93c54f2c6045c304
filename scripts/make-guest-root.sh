#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (once) the guest's root filesystem: a minimal Debian sid, because
# daxctl's famfs mode (ndctl >= 85) needs glibc >= 2.38. Cached by the
# package list; prints the root's path.
. "$(dirname "$0")/lib.sh"

GUEST_PKGS=daxctl,ndctl,cxl,kmod,jq,util-linux,procps,iproute2,busybox,gcc,libc6-dev,make
key=$(echo "sid $GUEST_PKGS v1" | sha256sum | cut -c1-12)
root=$CACHE/root-$key
if [ -f "$root/.complete" ]; then
	echo "$root"
	exit 0
fi

mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
log "debootstrap sid into $root (about a minute)"
rm -rf "$root"
mkdir -p "$CACHE"
debootstrap --variant=minbase --include="$GUEST_PKGS" sid "$root" "$mirror" > "$CACHE/debootstrap.log" 2>&1 ||
	{ tail -n 30 "$CACHE/debootstrap.log" >&2; die "debootstrap failed"; }
# sid has no poweroff binary; virtme's init uses it.
for b in poweroff reboot halt; do
	[ -e "$root/usr/sbin/$b" ] || ln -s /bin/busybox "$root/usr/sbin/$b"
done
mkdir -p "$root/usr/lib/modules" "$root/work" "$root/results"
apt_ver=$(chroot "$root" dpkg-query -W -f='${Version}' daxctl)
log "guest root ready: daxctl $apt_ver"
touch "$root/.complete"
echo "$root"
