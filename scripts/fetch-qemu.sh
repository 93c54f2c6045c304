#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# QEMU 11 from trixie-backports, unpacked once into a private prefix in
# the cache with the trixie libraries it runs on (the system's QEMU and
# libraries are left alone). Pinned to $QEMU_PIN, falling back to the
# newest $QEMU_SERIES of that suite. Prints a directory to put first in
# PATH: it holds a qemu-system-x86_64 wrapper that runs the private
# binary through the prefix's own dynamic loader, with its own
# libraries, firmware, data and modules.
#
# Why 11 and not bookworm-backports' 10.0, which runs on this host's own
# libraries: from 11 on, QEMU maps a cxl-type3 device's memory into the
# guest as RAM once the guest commits a non-interleaved HDM decoder
# ("cxl-direct-mapping-alias" in "info mtree"). 10.0 decodes every
# access to CXL memory through the fixed memory window's MMIO handler,
# eight bytes at a time, which made a CXL dax device several times slower
# to fill than the hmem one.
. "$(dirname "$0")/lib.sh"

# The prefix's own package lists: trixie and trixie-backports only, and
# an empty dpkg status, so that apt resolves every library QEMU needs
# from the suite it was built for, whatever this host has installed.
QAPT=$CACHE/apt-qemu
QAPT_OPTS=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$QAPT"
	   -o "Dir::State::Lists=$QAPT/lists" -o "Dir::Cache=$QAPT/cache"
	   -o "Dir::State::status=$QAPT/status" -o Debug::NoLocking=1
	   -o APT::Sandbox::User=root -o Acquire::Check-Valid-Until=false
	   -o APT::Install-Recommends=false)

qemu_apt() {
	mkdir -p "$QAPT"
	: > "$QAPT/status"
	apt_lists "$QAPT" "$QEMU_BASE_SUITE $QEMU_SUITE" "${QAPT_OPTS[@]}"
}

# the pinned version if the suite still has it, else its newest of the series
qemu_version() {
	local versions
	versions=$(apt-cache "${QAPT_OPTS[@]}" madison qemu-system-x86 |
		awk -F'|' '{gsub(/ /,"",$2); print $2}')
	if grep -qxF "$QEMU_PIN" <<<"$versions"; then
		echo "$QEMU_PIN"
		return
	fi
	grep "^$QEMU_SERIES" <<<"$versions" | sort -V | tail -n1
}

# A prefix that is already unpacked needs no network: look it up first.
prefix=$CACHE/qemu/${QEMU_PIN//:/_}
if [ ! -f "$prefix/.unpacked" ]; then
	qemu_apt
	ver=$(qemu_version)
	[ -n "$ver" ] || die "no qemu-system-x86 $QEMU_PIN or $QEMU_SERIES* in $QEMU_SUITE"
	[ "$ver" = "$QEMU_PIN" ] || log "qemu-system-x86 $QEMU_PIN is gone; using $ver"
	prefix=$CACHE/qemu/${ver//:/_}
fi
if [ ! -f "$prefix/.unpacked" ]; then
	log "unpacking QEMU $ver and its $QEMU_BASE_SUITE libraries into $prefix"
	rm -rf "$prefix" "$prefix.tmp"
	mkdir -p "$prefix.tmp"
	# QEMU, its data, firmware and every library below it, down to libc
	# and the dynamic loader: what installing it on an empty trixie
	# system would fetch (downloaded only; nothing is configured)
	apt-get "${QAPT_OPTS[@]}" install -y -qq --download-only \
		-t "$QEMU_SUITE" "qemu-system-x86=$ver" >&2 ||
		die "could not fetch QEMU $ver and its libraries"
	for deb in "$QAPT/cache/archives/"*.deb; do
		dpkg-deb -x "$deb" "$prefix.tmp"
	done
	bin=$prefix.tmp/usr/bin/qemu-system-x86_64
	ld=$prefix.tmp/usr/lib64/ld-linux-x86-64.so.2
	libs=$prefix.tmp/usr/lib/x86_64-linux-gnu
	[ -x "$bin" ] && [ -e "$ld" ] || die "QEMU $ver: no emulator or loader in the prefix"
	if "$ld" --library-path "$libs" --list "$bin" | grep 'not found'; then
		die "QEMU $ver needs libraries its prefix lacks"
	fi
	mkdir -p "$prefix.tmp/wrap"
	cat > "$prefix.tmp/wrap/qemu-system-x86_64" <<EOF
#!/bin/sh
# QEMU $ver through its own loader and libraries (trixie's, not this
# host's), with its own loadable modules and firmware
export QEMU_MODULE_DIR="$prefix/usr/lib/x86_64-linux-gnu/qemu"
exec "$prefix/usr/lib64/ld-linux-x86-64.so.2" --library-path "$prefix/usr/lib/x86_64-linux-gnu" \\
	--argv0 qemu-system-x86_64 "$prefix/usr/bin/qemu-system-x86_64" \\
	-L "$prefix/usr/share/seabios" -L "$prefix/usr/share/qemu" "\$@"
EOF
	chmod +x "$prefix.tmp/wrap/qemu-system-x86_64"
	touch "$prefix.tmp/.unpacked"
	mv "$prefix.tmp" "$prefix"
	"$prefix/wrap/qemu-system-x86_64" --version > /dev/null ||
		die "QEMU $ver does not run from $prefix"
	# the downloads are in the prefix now
	rm -f "$QAPT/cache/archives/"*.deb
fi
echo "$prefix/wrap"
