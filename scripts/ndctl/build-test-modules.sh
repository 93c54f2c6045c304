#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build nfit_test (tools/testing/nvdimm) and cxl_test (tools/testing/cxl)
# against a kernel object tree, the way their Kbuild files intend: an
# external build (M=) of the kernel's own sources with the --wrap'ed
# calls, whose modules replace the in-tree libnvdimm, nfit, dax_pmem,
# device_dax, cxl_core, cxl_acpi, ... once installed under updates/.
#
#   build-test-modules.sh KBUILD [OUT]
#
# OUT defaults to $CACHE/ndctl/modules/<release>; nvdimm/ and cxl/ in it
# hold each build (MO=), redone when the kernel tree was rebuilt after
# them. Prints OUT.
. "$(dirname "$0")/../lib.sh"

kbuild=$(cd "${1:?usage: build-test-modules.sh KBUILD [OUT]}" && pwd)
release=$(cat "$kbuild/include/config/kernel.release")
out=${2:-$CACHE/ndctl/modules/$release}
# the tree's sources: a build-kernel.sh tree has "source", a series tree too
src=$(readlink -f "$kbuild/source")
[ -d "$src/tools/testing/nvdimm" ] || die "no tools/testing/nvdimm in $src (from $kbuild/source)"

# both config_check.c files, by name, before a build that would fail on
# a BUILD_BUG_ON without saying which option
miss=
for c in "$src/tools/testing/nvdimm/config_check.c" "$src/tools/testing/cxl/config_check.c"; do
	for o in $(grep -o 'IS_MODULE(CONFIG_[A-Z0-9_]*)' "$c" | sed 's/IS_MODULE(CONFIG_\(.*\))/\1/'); do
		grep -qx "CONFIG_$o=m" "$kbuild/.config" || miss+=" CONFIG_$o=m"
	done
	for o in $(grep -o '!IS_ENABLED(CONFIG_[A-Z0-9_]*)' "$c" | sed 's/!IS_ENABLED(CONFIG_\(.*\))/\1/'); do
		grep -qE "^CONFIG_$o=[ym]" "$kbuild/.config" || miss+=" CONFIG_$o=y"
	done
done
[ -z "$miss" ] || die "$kbuild lacks what config_check.c demands:$miss (tests/ndctl/ndctl.config)"

mkdir -p "$out"
exec 9> "$out/.lock"
flock 9
for t in nvdimm cxl; do
	mo=$out/$t
	if [ -f "$mo/.built" ] && [ "$mo/.built" -nt "$kbuild/.built" ] &&
	   [ "$(cat "$mo/.built")" = "$kbuild" ]; then
		continue
	fi
	log "building tools/testing/$t against $release into $mo"
	rm -rf "$mo"
	mkdir -p "$mo"
	make -C "$kbuild" M="$src/tools/testing/$t" MO="$mo" -j"$(( $(nproc) + 1 ))" modules \
		> "$out/$t-build.log" 2>&1 ||
		{ tail -n 30 "$out/$t-build.log" >&2; die "tools/testing/$t does not build (log: $out/$t-build.log)"; }
	echo "$kbuild" > "$mo/.built"
done
echo "$out"
