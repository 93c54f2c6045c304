#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make deb`: the dax-common-dkms binary package, built from the committed
# tree with Debian's own tooling (debhelper and dh-dkms) and checked with
# lintian. It installs the module sources under /usr/src/dax-common-VER
# and registers them with DKMS, which builds them for every kernel.
#
#   make-deb.sh [OUTDIR]      default $CACHE/deb; prints the .deb's path
#
# The packaging is scripts/deb/ (control, rules, copyright); what goes
# to /usr/src is what dkms.conf builds, and the version is dkms.conf's
# PACKAGE_VERSION, which DKMS and the package must agree on.
. "$(dirname "$0")/lib.sh"

out=$(mkdir -p "${1:-$CACHE/deb}" && cd "${1:-$CACHE/deb}" && pwd)
for t in dpkg-buildpackage dh dh_dkms lintian; do
	command -v "$t" > /dev/null || die "$t is missing (make setup installs debhelper, dh-dkms and lintian)"
done
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$TOP/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$TOP/dkms.conf")
pkg=$name-dkms
rev=$(git -C "$TOP" rev-parse --short HEAD)
[ -z "$(git -C "$TOP" status --porcelain -- dkms.conf Kbuild Makefile Kconfig dax-common drivers include scripts/dkms-build.sh scripts/deb)" ] ||
	log "note: the package is built from the last commit ($rev), not from uncommitted changes"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dax-common-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
src=$tmp/$name-$ver
mkdir -p "$src"
# What DKMS needs to build the modules, and the README, as committed.
git -C "$TOP" archive --format=tar HEAD dkms.conf Kbuild Makefile Kconfig README.md \
	dax-common drivers include scripts/dkms-build.sh | tar -x -C "$src"
git -C "$TOP" archive --format=tar --prefix=debian/ HEAD:scripts/deb | tar -x -C "$src"
cp "$src/dkms.conf" "$src/debian/$pkg.dkms"
for f in Kbuild Makefile Kconfig dax-common drivers include; do
	echo "$f usr/src/$name-$ver/"
done > "$src/debian/$pkg.install"
echo "scripts/dkms-build.sh usr/src/$name-$ver/scripts/" >> "$src/debian/$pkg.install"
# The changelog is the commit's: its date, and its hash in the entry.
cat > "$src/debian/changelog" <<EOC
$name ($ver) unstable; urgency=medium

  * Built from commit $rev.

 -- dax-common developers <nvdimm@lists.linux.dev>  $(git -C "$TOP" log -1 --format=%aD HEAD)
EOC

log "dpkg-buildpackage $pkg $ver (commit $rev)"
(cd "$src" && dpkg-buildpackage -b -us -uc > "$tmp/build.log" 2>&1) ||
	{ tail -n 40 "$tmp/build.log" >&2; die "dpkg-buildpackage failed"; }
deb=${pkg}_${ver}_all.deb
cp "$tmp/$deb" "$out/"
# lintian, on the package and its .changes: any warning or error fails.
rc=0
lintian --fail-on warning,error --info "$tmp"/*.changes > "$out/lintian.txt" 2>&1 || rc=$?
cat "$out/lintian.txt" >&2
[ $rc = 0 ] || die "lintian: $out/lintian.txt"
log "built $out/$deb"
echo "$out/$deb"
