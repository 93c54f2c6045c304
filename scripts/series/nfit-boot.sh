#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel with nfit_test's modules (tools/testing/nvdimm) in place
# of its own and run scripts/series/guest-nfit.sh in it: the runtime half
# of "make-series.sh --boot"'s nfit_test check, for the series' kernel
# and for the stock one.
#
#   nfit-boot.sh -K KBUILD -M NFIT_MO [-t TIMEOUT] RESULTS_DIR IMPL
#
# KBUILD is a built kernel object tree, NFIT_MO the directory that
# "make -C KBUILD M=.../tools/testing/nvdimm MO=NFIT_MO modules" built
# nfit_test into, IMPL what guest-nfit.sh checks for: "intree" (the
# series: dax_common is in the kernel and nfit_test wraps it) or "stock".
#
# The modules go into a root of their own, $CACHE/nfit-root, never into
# the shared guest root (scripts/make-guest-root.sh), which other boots
# of the same kernel release use at the same time: the copy is made of
# hard links to the shared root, except for /usr/lib/modules, whose
# release directories are real (modules_install of KBUILD, nfit_test's
# modules under updates/, depmod). vm-run.sh boots it through VM_ROOT,
# with VM_MEMORY (default below) for nfit_test's vmalloc'ed DIMMs.
. "$(dirname "$0")/../lib.sh"

timeout=1200
kbuild=
mo=
while getopts t:K:M: opt; do
	case $opt in
	t) timeout=$OPTARG ;;
	K) kbuild=$(cd "$OPTARG" && pwd) ;;
	M) mo=$(cd "$OPTARG" && pwd) ;;
	*) die "usage: nfit-boot.sh -K KBUILD -M NFIT_MO [-t TIMEOUT] RESULTS IMPL" ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 2 ] && [ -n "$kbuild" ] && [ -n "$mo" ] ||
	die "usage: nfit-boot.sh -K KBUILD -M NFIT_MO [-t TIMEOUT] RESULTS IMPL"
results=$(mkdir -p "$1" && cd "$1" && pwd)
impl=$2
release=$(cat "$kbuild/include/config/kernel.release")
[ -f "$mo/test/nfit_test.ko" ] || die "no nfit_test.ko in $mo/test"

# The private root: remade whenever the shared root it was copied from
# changes (a new package list is a new directory).
shared=$("$TOP/scripts/make-guest-root.sh")
nroot=$CACHE/nfit-root
if [ "$(cat "$nroot/.copied-from" 2>/dev/null)" != "$shared" ]; then
	log "copying $shared into $nroot (hard links; /usr/lib/modules of its own)"
	rm -rf "$nroot" "$nroot.tmp"
	cp -al "$shared" "$nroot.tmp"
	# nothing of the shared root's modules: a hard link would let
	# modules_install or depmod write through into the shared root
	rm -rf "$nroot.tmp/usr/lib/modules"
	mkdir -p "$nroot.tmp/usr/lib/modules"
	echo "$shared" > "$nroot.tmp/.copied-from"
	mv "$nroot.tmp" "$nroot"
fi

# The kernel's own modules, reinstalled every time (a series object tree
# is rebuilt in place), then nfit_test's in updates/, which depmod's
# default search order ("updates built-in") puts before the in-tree
# ones. The stamp is vm-run.sh's, so that it leaves this install alone.
moddir=$nroot/usr/lib/modules/$release
log "installing $release modules and nfit_test's ($mo) into $nroot"
rm -rf "$moddir"
make -s -C "$kbuild" INSTALL_MOD_PATH="$nroot/usr" modules_install >&2
mkdir -p "$moddir/updates"
find "$mo" -name '*.ko' -exec cp -t "$moddir/updates" {} +
depmod -b "$nroot/usr" "$release"
echo "$kbuild" > "$moddir/.installed-from"
# what the guest's modprobe will load, for the record
for m in nfit_test nfit_test_iomap nfit libnvdimm nd_pmem dax_pmem device_dax dax_common; do
	grep -m1 "^[^:]*/$m\.ko:" "$moddir/modules.dep" | cut -d: -f1 || echo "$m: -"
done > "$results/modules.dep.txt"

# Guest helpers, static, into RESULTS (the guest's /results/bin).
mkdir -p "$results/bin"
for c in scripts/series/nfitio.c tests/guest/daxio.c; do
	gcc -O2 -Wall -Wextra -static -o "$results/bin/$(basename "$c" .c)" "$TOP/$c"
done

VM_ROOT=$nroot VM_MEMORY=${VM_MEMORY:-2560,slots=4,maxmem=8192} \
	"$TOP/scripts/vm-run.sh" -K "$kbuild" -t "$timeout" "$results" \
	scripts/series/guest-nfit.sh "$impl"
