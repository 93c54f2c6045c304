#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch (once) ndctl's source from Debian sid's deb-src, for its own test
# suite (make ndctl-check): pinned to 85-1, falling back to the newest
# 85.x. Unpacked into $CACHE/ndctl/src; prints its path.
. "$(dirname "$0")/../lib.sh"

NDCTL_PIN=85-1
NDCTL_SERIES=85

dir=$CACHE/ndctl
if [ -f "$dir/src/.complete" ]; then
	echo "$dir/src"
	exit 0
fi

unpack() { # unpack DSC VERSION
	rm -rf "$dir/src" "$dir/src.tmp"
	dpkg-source --no-check -x "$1" "$dir/src.tmp" >&2
	echo "$2" > "$dir/src.tmp/.debian-version"
	touch "$dir/src.tmp/.complete"
	mv "$dir/src.tmp" "$dir/src"
	echo "$dir/src"
}
mkdir -p "$dir"
if [ -n "${NDCTL_DSC:-}" ]; then
	[ -f "$NDCTL_DSC" ] || die "NDCTL_DSC=$NDCTL_DSC: no such file"
	ver=$(sed -n 's/^Version: //p' "$NDCTL_DSC")
	case "$ver" in "$NDCTL_SERIES"[-.]*) ;; *) die "$NDCTL_DSC is ndctl $ver, not $NDCTL_SERIES" ;; esac
	log "unpacking ndctl $ver from $NDCTL_DSC"
	unpack "$NDCTL_DSC" "$ver"
	exit 0
fi

# deb-src lists of their own (the binary lists in $APT_DIR have no Sources)
asrc=$CACHE/apt-src
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
mkdir -p "$asrc/lists/partial" "$asrc/cache/archives/partial" "$dir"
printf 'Types: deb-src\nURIs: %s\nSuites: sid\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
	"$mirror" > "$asrc/src.sources"
SRC_OPTS=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$asrc"
	  -o "Dir::State::Lists=$asrc/lists" -o "Dir::Cache=$asrc/cache"
	  -o Debug::NoLocking=1 -o APT::Sandbox::User=root
	  -o Acquire::Check-Valid-Until=false)
if [ -z "$(find "$asrc/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null | head -n1)" ]; then
	log "apt-get update (private deb-src lists for sid)"
	apt-get "${SRC_OPTS[@]}" update -qq >&2
fi

versions=$(apt-cache "${SRC_OPTS[@]}" showsrc ndctl | sed -n 's/^Version: //p')
if grep -qxF "$NDCTL_PIN" <<<"$versions"; then
	ver=$NDCTL_PIN
else
	ver=$(grep "^$NDCTL_SERIES\." <<<"$versions" | sort -V | tail -n1 || true)
	[ -n "$ver" ] || ver=$(grep "^$NDCTL_SERIES-" <<<"$versions" | sort -V | tail -n1 || true)
	[ -n "$ver" ] || die "no ndctl $NDCTL_PIN or $NDCTL_SERIES.x source in sid (have: $(paste -sd' ' <<<"$versions"))"
	log "ndctl $NDCTL_PIN is gone; using $ver"
fi

log "fetching ndctl $ver source"
dl=$dir/dl
rm -rf "$dl"
mkdir -p "$dl"
(cd "$dl" && apt-get "${SRC_OPTS[@]}" source --download-only -qq "ndctl=$ver" >&2) ||
	die "the mirror lists ndctl $ver's source but does not serve it; put ndctl_$ver.dsc and its files in a directory and rerun with NDCTL_DSC=DIR/ndctl_$ver.dsc"
unpack "$dl/ndctl_$ver.dsc" "$ver"
