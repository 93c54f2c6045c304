#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel that ndctl's test suite runs on (make ndctl-check): the test
# kernel (scripts/build-kernel.sh default: x86_64_defconfig, vng, trim and
# dax.config) plus tests/ndctl/ndctl.config, which nfit_test's and
# cxl_test's config_check.c and ndctl's tests need. Release suffix
# -daxndctl. Cached like build-kernel.sh's trees, by source version,
# fragments and compiler, in $CACHE/kbuild/<version>-ndctl-<hash>; prints
# the object tree.
#
# A first build starts from a copy of the default variant's tree when
# that one is built (cp --reflink=auto, timestamps kept), so that make
# rebuilds only what the extra options touch.
. "$(dirname "$0")/../lib.sh"

src=$("$TOP/scripts/fetch-kernel.sh" "$KSERIES")
ver=$(cat "$src/.debian-version")
localversion=-daxndctl
frags=("$TOP/tests/config/vng.config" "$TOP/tests/config/trim.config"
       "$TOP/tests/config/dax.config" "$TOP/tests/ndctl/ndctl.config")

key=$( { echo "$ver ndctl $localversion"; gcc --version | head -n1; cat "${frags[@]}"; } | sha256sum | cut -c1-12)
obj=$CACHE/kbuild/$ver-ndctl-$key
if [ -f "$obj/.built" ]; then
	echo "$obj"
	exit 0
fi
mkdir -p "$CACHE/kbuild"
exec 9> "$obj.lock"
if ! flock -n 9; then
	log "kernel $ver (ndctl) is being built by another process; waiting"
	flock 9
fi
if [ -f "$obj/.built" ]; then
	echo "$obj"
	exit 0
fi

# the default variant's tree, if it is built, as a seed (read only here)
seed=$(ls -d "$CACHE/kbuild/$ver-default-"*/.built 2>/dev/null | head -n1 || true)
rm -rf "$obj"
if [ -n "$seed" ]; then
	seed=$(dirname "$seed")
	log "seeding $obj from $seed"
	cp -a --reflink=auto "$seed" "$obj"
	rm -f "$obj/.built"
	cp "$obj/.config" "$obj/.config.seed"
else
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" x86_64_defconfig >&2
fi
log "configuring kernel $ver (ndctl) in $obj"
[ -n "$seed" ] && make -s -C "$src" O="$obj" x86_64_defconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null
echo "CONFIG_LOCALVERSION=\"$localversion\"" >> "$obj/.config"
echo "# CONFIG_LOCALVERSION_AUTO is not set" >> "$obj/.config"
make -s -C "$src" O="$obj" olddefconfig >&2

# a wanted option that olddefconfig dropped fails here, by name
bad=0
for f in "${frags[@]}"; do
	[ "$(basename "$f")" = trim.config ] && continue
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n)
			opt=${line%%=*}
			if grep -q "^$opt=" "$obj/.config"; then
				echo "config: $opt must be off but is $(grep "^$opt=" "$obj/.config") ($(basename "$f"))" >&2
				bad=1
			fi ;;
		CONFIG_*=*)
			if ! grep -qxF "$line" "$obj/.config"; then
				opt=${line%%=*}
				echo "config: wanted $line but got '$(grep -E "^$opt=|^# $opt is not set" "$obj/.config" || echo "$opt absent")' ($(basename "$f"))" >&2
				bad=1
			fi ;;
		esac
	done < "$f"
done
[ $bad = 0 ] || die "kernel config is missing wanted options (see above); fix tests/ndctl/ndctl.config"

log "building kernel $ver (ndctl)"
start=$SECONDS
make -s -C "$src" O="$obj" -j"$(( $(nproc) + 1 ))" bzImage modules >&2
touch "$obj/.built"
log "kernel built in $(( SECONDS - start )) s"
echo "$obj"
