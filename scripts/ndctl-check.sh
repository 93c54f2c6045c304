#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ndctl-check: ndctl 85's own test suite (Debian's source package,
# meson test --suite ndctl, dax and cxl) in a QEMU/TCG guest, on the
# emulated buses of nfit_test (tools/testing/nvdimm) and cxl_test
# (tools/testing/cxl) built against the kernel that boots. Prints a table
# (test | result and seconds per kernel | the reason for every result
# that is not a pass) and "N passed, N failed, N skipped".
#
#   ndctl-check.sh [-t TIMEOUT] [-m MULT] [-s "SUITE..."] [--series OBJTREE] [RESULTS_DIR]
#   ndctl-check.sh --smoke [--series OBJTREE] [RESULTS_DIR]
#
# The stock column boots the 7.3.4 test kernel with tests/ndctl/ndctl.config
# (scripts/build-kernel.sh ndctl); --series OBJTREE boots a second,
# already built kernel tree the same way (the upstream series'
# make-series.sh tree, with the same options) and adds its column. One
# boot at a time. TIMEOUT (seconds, default 14400) is each boot's, MULT
# (default 10) meson's --timeout-multiplier for TCG, SUITEs default to
# "ndctl dax cxl". Results in RESULTS_DIR (default
# $CACHE/ndctl/results/<date>): stock/ and series/ (console.log, tap.txt,
# meson-logs/), table.txt.
#
# What it sets up, cached: ndctl's source (scripts/ndctl/fetch-ndctl.sh),
# a guest root with its build and test dependencies and ndctl built in
# /opt/ndctl/build (scripts/ndctl/make-root.sh), the kernel, and
# nfit_test and cxl_test (scripts/ndctl/build-test-modules.sh), installed
# under the root's /lib/modules/RELEASE/updates.
#
# --smoke runs no suite and needs no ndctl source: the same boot loads
# nfit_test and cxl_test and checks their buses with the root's packaged
# ndctl and cxl (scripts/ndctl/guest-ndctl.sh -S), and prints its TAP.
. "$(dirname "$0")/lib.sh"

timeout=14400
mult=10
suites="ndctl dax cxl"
series=
smoke=
while [ $# -gt 0 ]; do
	case $1 in
	-t) timeout=$2; shift 2 ;;
	-m) mult=$2; shift 2 ;;
	-s) suites=$2; shift 2 ;;
	--series) series=$(cd "$2" && pwd); shift 2 ;;
	--smoke) smoke=-S; shift ;;
	-h|--help) sed -n '3,/^\. /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) break ;;
	esac
done
results=${1:-$CACHE/ndctl/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$results"
results=$(cd "$results" && pwd)

root=$("$TOP/scripts/ndctl/make-root.sh" ${smoke:+--no-build})
stock=$("$TOP/scripts/build-kernel.sh" ndctl)

# install KBUILD's modules and its nfit_test/cxl_test into the root; the
# stamp is vm-run.sh's, which then leaves this install alone
install_kernel() {
	local kbuild=$1 rel mods moddir
	rel=$(cat "$kbuild/include/config/kernel.release")
	mods=$("$TOP/scripts/ndctl/build-test-modules.sh" "$kbuild")
	moddir=$root/usr/lib/modules/$rel
	log "installing $rel's modules, nfit_test's and cxl_test's into $root"
	rm -rf "$moddir"
	make -s -C "$kbuild" INSTALL_MOD_PATH="$root/usr" modules_install >&2
	for t in nvdimm cxl; do
		mkdir -p "$moddir/updates/$t"
		find "$mods/$t" -name '*.ko' -exec cp -t "$moddir/updates/$t" {} +
	done
	dups=$(find "$moddir/updates" -name '*.ko' -printf '%f\n' | sort | uniq -d)
	[ -z "$dups" ] || die "nfit_test and cxl_test both build $dups"
	depmod -b "$root/usr" "$rel"
	echo "$kbuild" > "$moddir/.installed-from"
}

# run NAME KBUILD: one boot
run() {
	local name=$1 kbuild=$2 out=$results/$1
	install_kernel "$kbuild"
	rm -rf "$out"
	mkdir -p "$out"
	log "ndctl's test suite ($suites) on $name: $(cat "$kbuild/include/config/kernel.release") (one boot, up to ${timeout}s)"
	local start=$SECONDS
	# nfit_test's DIMMs and cxl_test's mock memory are vmalloc()ed
	VM_ROOT=$root VM_MEMORY=${VM_MEMORY:-6144,slots=4,maxmem=16384} \
		"$TOP/scripts/vm-run.sh" -K "$kbuild" -t "$timeout" "$out" \
		scripts/ndctl/guest-ndctl.sh ${smoke:--m "$mult" $suites}
	echo $((SECONDS - start)) > "$out/seconds"
	log "$name: $(cat "$out/vm-status"), $((SECONDS - start)) s"
}

cols=()
run stock "$stock"
cols+=("stock=$results/stock")
if [ -n "$series" ]; then
	run series "$series"
	cols+=("series=$results/series")
fi
if [ -n "$smoke" ]; then
	for c in "${cols[@]}"; do
		echo "== ${c%%=*}"
		cat "${c#*=}/tap.txt" 2>/dev/null || echo "not ok - no TAP: the guest did not run ($(cat "${c#*=}/vm-status"))"
	done | tee "$results/table.txt"
	pass=$(grep -c '^ok ' "$results/table.txt" || true)
	fail=$(grep -c '^not ok ' "$results/table.txt" || true)
	echo "$pass passed, $fail failed" | tee -a "$results/table.txt"
else
	"$TOP/scripts/ndctl/report.py" "${cols[@]}" | tee "$results/table.txt"
	fail=$(tail -n1 "$results/table.txt" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
fi
[ "${fail:-1}" = 0 ]
