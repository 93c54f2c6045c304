#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Download Debian's linux-source-7.3 (pinned, falling back to the newest
# 7.3.x of trixie-backports) and unpack it once into the cache.
# Prints the path of the pristine source tree.
#
#   fetch-kernel.sh [SERIES]       SERIES: 7.3 (default) or 7.2 (sid's)
. "$(dirname "$0")/lib.sh"

case "${1:-$KSERIES}" in
"$KSERIES") ;;
"$KSERIES_7_2") KPKG=$KPKG_7_2 KVER_PIN=$KVER_PIN_7_2 KSERIES=$KSERIES_7_2 ;;
*) die "unknown kernel series '$1'" ;;
esac

private_apt
deb=$(fetch_deb "$KPKG" "$KVER_PIN" "$KSERIES")
ver=$(dpkg-deb -f "$deb" Version)
src=$CACHE/src/linux-$ver
if [ ! -f "$src/.unpacked" ]; then
	log "unpacking $KPKG $ver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards '*/linux-source-*.tar.xz' |
		tar -xJ -C "$src.tmp" --strip-components=1
	echo "$ver" > "$src.tmp/.debian-version"
	touch "$src.tmp/.unpacked"
	mv "$src.tmp" "$src"
fi
echo "$src"
