# SPDX-License-Identifier: GPL-2.0
# Common settings for the provisioning and VM scripts. Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${DAX_COMMON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dax-common}

# Kernel under test: Debian's linux-source-7.3 from trixie-backports.
KPKG=linux-source-7.3
KVER_PIN=7.3.4-1~bpo13+1
KSERIES=7.3

# The guest's tools, tests/guest/TOOL.c: built static by tests/host-lib.sh
# (build_for_guest) and for the series' boot (scripts/make-series.sh);
# tests/guest/begin.sh copies them to the guest's tmpfs.
GUEST_TOOLS="daxio tightread kmsg-since"

# The older series the modules also support (scripts/build-kernel.sh 7.2):
# sid's linux-source-7.2.
KPKG_7_2=linux-source-7.2
KVER_PIN_7_2=7.2.13-1
KSERIES_7_2=7.2

# QEMU 11 from trixie-backports, unpacked into a private prefix with the
# trixie libraries it was built for (scripts/fetch-qemu.sh): its
# cxl-type3 device, directly mapped once the guest commits its decoder;
# the system's QEMU and libraries stay as they are.
QEMU_PIN=1:11.1.3+ds-2~bpo13+1
QEMU_SERIES=1:11.
QEMU_SUITE=trixie-backports
QEMU_BASE_SUITE=trixie

APT_DIR=$CACHE/apt
# Check-Valid-Until: the mirror may serve a suite's Release file past its
# Valid-Until date (seen here with sid); the signature is still checked.
APT_OPTS=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$APT_DIR"
	  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
	  -o Debug::NoLocking=1 -o APT::Sandbox::User=root
	  -o Acquire::Check-Valid-Until=false)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# apt_lists DIR SUITES APT_OPTION...: apt lists of their own in DIR, for
# SUITES (main) of the host's mirror, refreshed at most once a day and
# whenever SUITES change; APT_OPTIONs point apt at DIR.
apt_lists() {
	local dir=$1 suites=$2 mirror
	shift 2
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	cat > "$dir/extra.sources" <<EOS
Types: deb
URIs: $mirror
Suites: $suites
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	if [ -z "$(find "$dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n1)" ] ||
	   ! cmp -s "$dir/extra.sources" "$dir/lists/.sources"; then
		log "apt-get update (private lists for $suites)"
		apt-get "$@" update -qq >&2
		cp "$dir/extra.sources" "$dir/lists/.sources"
	fi
}

# The private apt configuration that sees the newer suites without
# touching the system's own sources: the kernel sources.
private_apt() { apt_lists "$APT_DIR" "trixie-backports sid" "${APT_OPTS[@]}"; }

# pick_version PKG PIN SERIES: print PIN if the archive has it, else the
# newest version of PKG starting with SERIES.
pick_version() {
	local pkg=$1 pin=$2 series=$3 versions
	versions=$(apt-cache "${APT_OPTS[@]}" madison "$pkg" | awk -F'|' '{gsub(/ /,"",$2); print $2}')
	if grep -qxF "$pin" <<<"$versions"; then
		echo "$pin"
		return
	fi
	grep "^$series" <<<"$versions" | sort -V | tail -n1
}

# fetch_deb PKG PIN SERIES: download the .deb into $CACHE/debs, print its path.
fetch_deb() {
	local pkg=$1 ver deb
	ver=$(pick_version "$1" "$2" "$3")
	[ -n "$ver" ] || die "no version of $pkg matching $2 or $3* in the archive"
	[ "$ver" = "$2" ] || log "$pkg $2 is gone; using $ver"
	mkdir -p "$CACHE/debs"
	deb=$(ls "$CACHE/debs/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		(cd "$CACHE/debs" && apt-get "${APT_OPTS[@]}" download -qq "$pkg=$ver" >&2)
		deb=$(ls "$CACHE/debs/${pkg}_${ver//:/%3a}_"*.deb | head -n1)
	fi
	echo "$deb"
}
