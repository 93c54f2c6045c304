#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the test kernel, cached by (source version, config).
#
#   build-kernel.sh [VARIANT]      VARIANT: default (the test kernel),
#                                  sanitize (KASAN and friends),
#                                  7.2 (the default config on 7.2's source)
#                                  7.2-build (a 7.2 tree to build the
#                                  modules against, not to boot)
#                                  or ndctl (the test kernel and what
#                                  nfit_test, cxl_test and ndctl's test
#                                  suite need: make ndctl-check)
#
# The object tree lives in $CACHE/kbuild/<version>-<variant>-<hash>, where
# <hash> covers the config fragments and the compiler: change any of them
# and a new tree is built. Prints the path of the object tree (usable as
# KDIR for out-of-tree modules). A variant that is the test kernel plus a
# few options starts from a copy of the test kernel's tree (timestamps
# kept), so that make rebuilds only what those options touch.
. "$(dirname "$0")/lib.sh"

variant=${1:-default}
series=$KSERIES
case "$variant" in 7.2|7.2-build) series=$KSERIES_7_2 ;; esac
src=$("$TOP/scripts/fetch-kernel.sh" "$series")
ver=$(cat "$src/.debian-version")

base=x86_64_defconfig
seed=
frags=("$TOP/tests/config/vng.config" "$TOP/tests/config/trim.config" "$TOP/tests/config/dax.config")
case "$variant" in
default) localversion=-daxtest ;;
sanitize) localversion=-daxsan; frags+=("$TOP/tests/config/sanitize.config") ;;
7.2) localversion=-daxtest ;;
# Only built against (tests/build-7.2.sh): no guest needs, and on a cold
# cache half the build time of the full config.
7.2-build)
	localversion=-daxbuild
	# ARCH=x86_64: allnoconfig would otherwise start from a 32-bit
	# kernel, and 64-bit defaults (ORC, FRAME_WARN) would differ
	base="ARCH=x86_64 allnoconfig"
	frags=("$TOP/tests/config/build-only.config" "$TOP/tests/config/dax.config") ;;
ndctl)
	localversion=-daxndctl
	frags+=("$TOP/tests/ndctl/ndctl.config")
	seed=default ;;
*) die "unknown kernel variant '$variant'" ;;
esac

key=$( { echo "$ver $variant $localversion"; gcc --version | head -n1; cat "${frags[@]}"; } | sha256sum | cut -c1-12)
obj=$CACHE/kbuild/$ver-$variant-$key
if [ -f "$obj/.built" ]; then
	echo "$obj"
	exit 0
fi

# One build per tree: another caller (a parallel set-up, a test command
# started meanwhile) waits for it, then finds it built.
mkdir -p "$obj"
exec 9> "$obj.lock"
if ! flock -n 9; then
	log "kernel $ver ($variant) is being built by another process; waiting"
	flock 9
fi
if [ -f "$obj/.built" ]; then
	echo "$obj"
	exit 0
fi
if [ -n "$seed" ]; then
	seed=$("$0" "$seed")
	log "seeding $obj from $seed"
	cp -a --reflink=auto "$seed/." "$obj/"
	rm -f "$obj/.built"
fi
log "configuring kernel $ver ($variant) in $obj"
# shellcheck disable=SC2086
make -s -C "$src" O="$obj" $base >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null
echo "CONFIG_LOCALVERSION=\"$localversion\"" >> "$obj/.config"
echo "# CONFIG_LOCALVERSION_AUTO is not set" >> "$obj/.config"
make -s -C "$src" O="$obj" olddefconfig >&2

# A wanted option that olddefconfig silently dropped fails the build here,
# by name, rather than as a mysterious test failure later. trim.config
# only lists things we can live without, so it is not checked.
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
[ $bad = 0 ] || die "kernel config is missing wanted options (see above); fix ${frags[*]#"$TOP/"}"

log "building kernel $ver ($variant); a cold build takes 10-20 minutes on 2 cores"
start=$SECONDS
make -s -C "$src" O="$obj" -j"$(( $(nproc) + 1 ))" bzImage modules >&2
# Out-of-tree builds against this tree need scripts and a Module.symvers;
# both exist after the full build above.
touch "$obj/.built"
log "kernel built in $(( SECONDS - start )) s"
echo "$obj"
