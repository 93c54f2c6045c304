#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# QEMU 10 from bookworm-backports, unpacked once into a private prefix in
# the cache (the system's QEMU is left alone): the test VMs need its
# cxl-type3 device. Pinned to $QEMU_PIN, falling back to the newest 10.x
# of the archive. Prints a directory to put first in PATH: it holds a
# qemu-system-x86_64 wrapper that runs the private binary with its own
# firmware, data and modules.
. "$(dirname "$0")/lib.sh"

private_apt
deb=$(fetch_deb qemu-system-x86 "$QEMU_PIN" "$QEMU_SERIES")
ver=$(dpkg-deb -f "$deb" Version)
prefix=$CACHE/qemu/${ver//:/_}
if [ ! -f "$prefix/.unpacked" ]; then
	log "unpacking QEMU $ver into $prefix"
	rm -rf "$prefix" "$prefix.tmp"
	mkdir -p "$prefix.tmp"
	# the emulator, its keymaps and option ROMs, and the SeaBIOS it
	# requires (bookworm's is older than it accepts)
	for pkg in qemu-system-x86 qemu-system-common qemu-system-data; do
		dpkg-deb -x "$(fetch_deb "$pkg" "$ver" "$QEMU_SERIES")" "$prefix.tmp"
	done
	dpkg-deb -x "$(fetch_deb seabios "$SEABIOS_PIN" "$SEABIOS_SERIES")" "$prefix.tmp"
	bin=$prefix.tmp/usr/bin/qemu-system-x86_64
	if ldd "$bin" | grep -q 'not found'; then
		ldd "$bin" | grep 'not found' >&2
		die "QEMU $ver needs libraries this host lacks"
	fi
	mkdir -p "$prefix.tmp/wrap"
	cat > "$prefix.tmp/wrap/qemu-system-x86_64" <<EOF
#!/bin/sh
# its own loadable modules, not the system QEMU's
export QEMU_MODULE_DIR="$prefix/usr/lib/x86_64-linux-gnu/qemu"
exec "$prefix/usr/bin/qemu-system-x86_64" -L "$prefix/usr/share/seabios" -L "$prefix/usr/share/qemu" "\$@"
EOF
	chmod +x "$prefix.tmp/wrap/qemu-system-x86_64"
	touch "$prefix.tmp/.unpacked"
	mv "$prefix.tmp" "$prefix"
fi
echo "$prefix/wrap"
