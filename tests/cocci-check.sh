#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Coccinelle checks of cocci/*.cocci, as TAP on stdout ("ok N - cocci:
# ..."), with no closing summary: the caller counts.
#
#   tests/cocci-check.sh [KSRC]
#
# KSRC is a pristine kernel source tree (default: the cached 7.3.4 one).
# The compile check and the coccicheck runs also need a configured and
# built object tree of the same kernel: $KBUILD, else $KDIR, else what
# scripts/kdir.sh prints.
#
#  1. every fixture of cocci/tests/<script>/ in every mode (patch, report,
#     org, context) against its expected output (cocci/tests/README);
#  2. every script in report mode over a copy of KSRC/drivers/dax, against
#     the findings listed below (EXPECT), none missing, none extra; org
#     mode must find the same places;
#  3. every script's patch mode over that copy, applied with patch -p1 to
#     another copy, cleanly (no fuzz, no offset), touching exactly the
#     files listed below (PATCHES); then all of them together, and the
#     patched drivers/dax must build warning-free against $KBUILD;
#  4. the same scripts through the kernel's own entry point,
#     make coccicheck MODE=report COCCI=... M=..., must find the same;
#  5. the enforcement gate: report mode over this project's own sources
#     finds nothing (and a deliberately regressed copy is caught).
#
# COCCI_KEEP=1 keeps the scratch directory; COCCI_BLESS=1 rewrites the
# fixtures' expected outputs from what spatch says (review the diff!).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
KSRC=${1:-/root/.cache/dax-common/src/linux-7.3.4-1~bpo13+1}
KSRC=$(cd "$KSRC" 2>/dev/null && pwd) || { echo "not ok 1 - cocci: kernel source $1 exists"; exit 1; }

n=0
failed=0
tap() {
	local rc=$1 desc=$2 out=${3:-}
	n=$((n + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $n - cocci: $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - cocci: $desc"
		[ -n "$out" ] && sed 's/^/# /' <<<"$out" | head -n 60
	fi
}

SCRIPTS=()
for c in "$TOP"/cocci/*.cocci; do
	SCRIPTS+=("$(basename "$c" .cocci)")
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dax-cocci.XXXXXX")
if [ "${COCCI_KEEP:-0}" = 1 ]; then
	echo "# scratch directory: $scratch"
else
	trap 'rm -rf "$scratch"' EXIT
fi

# ----------------------------------------------------------------------
# Expected findings on pristine drivers/dax: "file<TAB>text the finding
# must contain", one finding each. A finding that matches no entry, or an
# entry that matches no finding, fails the check.

declare -A EXPECT
EXPECT[module_dax_driver]="\
drivers/dax/device.c	use module_dax_driver(device_dax_driver)
drivers/dax/fsdev.c	use module_dax_driver(fsdev_dax_driver)"
EXPECT[dax_alias]="\
drivers/dax/device.c	MODULE_ALIAS_DAX_DEVICE(0)
drivers/dax/fsdev.c	MODULE_ALIAS_DAX_DEVICE(0)
drivers/dax/kmem.c	MODULE_ALIAS_DAX_DEVICE(0)"
EXPECT[dax_probe_plumbing]="\
drivers/dax/device.c	open-coded pgmap acquisition in dev_dax_probe()
drivers/dax/device.c	open-coded iomem reservation of dev_dax->ranges in dev_dax_probe()
drivers/dax/device.c	open-coded page mapping in dev_dax_probe()
drivers/dax/device.c	open-coded dax character device in dev_dax_probe()
drivers/dax/device.c	open-coded activation in dev_dax_probe()
drivers/dax/fsdev.c	open-coded pgmap acquisition in fsdev_acquire_pgmap(), called from fsdev_dax_probe()
drivers/dax/fsdev.c	open-coded iomem reservation of dev_dax->ranges in fsdev_dax_probe()
drivers/dax/fsdev.c	open-coded page mapping in fsdev_dax_probe()
drivers/dax/fsdev.c	open-coded dax character device in fsdev_dax_probe()
drivers/dax/fsdev.c	open-coded activation in fsdev_dax_probe()"
EXPECT[dax_pgmap_publish]="\
drivers/dax/device.c	dev_dax->pgmap published in dev_dax_probe() before a later error return"
EXPECT[dax_holder_ops_once]=""
EXPECT[dax_personality_fops]=""

# The files each script's patch mode changes in pristine drivers/dax.
declare -A PATCHES
PATCHES[module_dax_driver]="drivers/dax/device.c drivers/dax/fsdev.c"
PATCHES[dax_alias]="drivers/dax/device.c drivers/dax/fsdev.c drivers/dax/kmem.c"
PATCHES[dax_probe_plumbing]=""
PATCHES[dax_pgmap_publish]=""
PATCHES[dax_holder_ops_once]=""
PATCHES[dax_personality_fops]=""

# ----------------------------------------------------------------------
# helpers

# spatch SCRIPT MODE ARGS...: run one script the way coccicheck does (its
# own "// Options:" line), quietly; stderr goes to $scratch/spatch.err.
cocci_run() {
	local cocci=$TOP/cocci/$1.cocci mode=$2 opts
	shift 2
	opts=$(sed -n 's|^// Options:||p' "$cocci")
	local extra=()
	case $mode in report | org) extra=(--no-show-diff) ;; esac
	# shellcheck disable=SC2086
	spatch --very-quiet -D "$mode" --sp-file "$cocci" $opts "${extra[@]}" "$@" \
		2>"$scratch/spatch.err"
}

# Context output is a diff whose header names a temporary file: keep the
# hunks only.
strip_diff_header() {
	grep -v -E '^(diff -u -p |--- |\+\+\+ )'
}

# findings_of LIST: "file:line" of each finding of a report, or of an org
# TODO list, sorted.
findings_of() {
	sed -n -E 's/^([^ :]+):([0-9]+):[0-9]+-[0-9]+: .*/\1:\2/p;
		   s/^\* TODO \[\[view:([^:]+)::face=[^:]*::linb=([0-9]+)::.*/\1:\2/p' |
		sed 's|^\./||' | sort
}

# match_expected EXPECTED FINDINGS: each expected "file<TAB>text" line
# must consume one finding of that file containing text; prints what is
# missing and what is left over, and fails if anything is.
match_expected() {
	awk -v expected="$1" '
	BEGIN { ne = split(expected, e, "\n") }
	$0 != "" { f[++nf] = $0; used[nf] = 0 }
	END {
		bad = 0
		for (i = 1; i <= ne; i++) {
			if (e[i] == "") continue
			split(e[i], kv, "\t")
			hit = 0
			for (j = 1; j <= nf; j++)
				if (!used[j] && index(f[j], kv[1] ":") == 1 &&
				    index(f[j], kv[2])) { used[j] = 1; hit = 1; break }
			if (!hit) { print "missing: " kv[1] ": " kv[2]; bad = 1 }
		}
		for (j = 1; j <= nf; j++)
			if (!used[j]) { print "unexpected: " f[j]; bad = 1 }
		exit bad
	}' <<<"$2"
}

# ----------------------------------------------------------------------
# 0. the scripts themselves: header, modes, SmPL that spatch accepts

for s in "${SCRIPTS[@]}"; do
	c=$TOP/cocci/$s.cocci
	out=""
	head -n1 "$c" | grep -q '^// SPDX-License-Identifier: GPL-2.0' || out+="no SPDX line first"$'\n'
	for field in '///' '// Confidence:' '// Copyright: (C) 2026 The dax-common developers' \
		'// Options:' '// Keywords:'; do
		grep -q "^$field" "$c" || out+="no '$field' line"$'\n'
	done
	for m in patch context org report; do
		grep -q "^virtual $m\$" "$c" || out+="no 'virtual $m'"$'\n'
	done
	for m in patch context org report; do
		if ! spatch --parse-cocci -D $m --sp-file "$c" >/dev/null 2>"$scratch/parse.err"; then
			out+="spatch --parse-cocci -D $m fails:"$'\n'$(head -n 20 "$scratch/parse.err")$'\n'
		fi
	done
	tap "$([ -z "$out" ] && echo 0 || echo 1)" "$s.cocci: header, four modes, parses" "$out"
done

# ----------------------------------------------------------------------
# 1. fixtures

for s in "${SCRIPTS[@]}"; do
	dir=$TOP/cocci/tests/$s
	cases=("$dir"/*.c)
	if [ ! -e "${cases[0]}" ]; then
		tap 1 "$s: has fixtures" "no cocci/tests/$s/*.c"
		continue
	fi
	for input in "${cases[@]}"; do
		name=$(basename "$input" .c)
		work=$scratch/fixture/$s
		rm -rf "$work" && mkdir -p "$work" && cp "$input" "$work/$name.c"
		out=""
		for mode in patch report org context; do
			case $mode in
			patch) want=$dir/$name.res ;;
			*) want=$dir/$name.$mode ;;
			esac
			got=$work/$name.$mode.got
			case $mode in
			patch)
				cp "$input" "$work/$name.c"
				(cd "$work" && cocci_run "$s" patch --in-place "$name.c" >/dev/null)
				rc=$?
				cp "$work/$name.c" "$got"
				cp "$input" "$work/$name.c" ;;
			report | org)
				(cd "$work" && cocci_run "$s" "$mode" "$name.c") | sort >"$got"
				rc=${PIPESTATUS[0]} ;;
			context)
				(cd "$work" && cocci_run "$s" context "$name.c") | strip_diff_header >"$got"
				rc=${PIPESTATUS[0]} ;;
			esac
			if [ "$rc" != 0 ]; then
				out+="$mode: spatch failed ($rc):"$'\n'$(head -n 20 "$scratch/spatch.err")$'\n'
				continue
			fi
			if [ "${COCCI_BLESS:-0}" = 1 ]; then
				cp "$got" "$want"
				continue
			fi
			if [ ! -f "$want" ]; then
				out+="$mode: no expected output $(basename "$want")"$'\n'
				continue
			fi
			if [ "$mode" = report ] || [ "$mode" = org ]; then
				d=$(diff -u <(sort "$want") "$got")
			else
				d=$(diff -u "$want" "$got")
			fi
			[ -n "$d" ] && out+="$mode differs from $(basename "$want"):"$'\n'"$d"$'\n'
		done
		tap "$([ -z "$out" ] && echo 0 || echo 1)" "$s: fixture $name.c (patch, report, org, context)" "$out"
	done
done

# ----------------------------------------------------------------------
# 2. report (and org) over a copy of pristine drivers/dax

pristine=$scratch/pristine
mkdir -p "$pristine/drivers"
cp -r "$KSRC/drivers/dax" "$pristine/drivers/dax"

declare -A FOUND
for s in "${SCRIPTS[@]}"; do
	rep=$(cd "$pristine" && cocci_run "$s" report --dir drivers/dax)
	rc=$?
	FOUND[$s]=$rep
	if [ $rc != 0 ]; then
		tap 1 "$s: report on pristine drivers/dax" "$(cat "$scratch/spatch.err")"
		continue
	fi
	out=$(match_expected "${EXPECT[$s]}" "$rep")
	tap $? "$s: report on pristine drivers/dax finds exactly the expected" "$out"$'\n'"$rep"

	org=$(cd "$pristine" && cocci_run "$s" org --dir drivers/dax)
	d=$(diff -u <(findings_of <<<"$rep") <(findings_of <<<"$org"))
	tap "$([ -z "$d" ] && echo 0 || echo 1)" "$s: org on pristine drivers/dax finds the same places" "$d"
done

# Say it explicitly: kmem's init and exit do more than (un)register.
kmem=$(grep '^drivers/dax/kmem.c:' <<<"${FOUND[module_dax_driver]}")
tap "$([ -z "$kmem" ] && echo 0 || echo 1)" "module_dax_driver: kmem.c is not flagged" "$kmem"

# ----------------------------------------------------------------------
# 3. patch mode: clean patches, then everything applied builds

for s in "${SCRIPTS[@]}"; do
	diff=$(cd "$pristine" && cocci_run "$s" patch --dir drivers/dax --patch .)
	rc=$?
	if [ $rc != 0 ]; then
		tap 1 "$s: patch mode on pristine drivers/dax" "$(cat "$scratch/spatch.err")"
		continue
	fi
	printf '%s\n' "$diff" >"$scratch/$s.patch"
	files=$(sed -n 's|^+++ b/||p' <<<"$diff" | sort | tr '\n' ' ')
	want=$(tr ' ' '\n' <<<"${PATCHES[$s]}" | sed '/^$/d' | sort | tr '\n' ' ')
	out=""
	[ "$files" = "$want" ] || out+="patches [$files], expected [$want]"$'\n'
	if [ -n "$files" ]; then
		copy=$scratch/apply-$s
		mkdir -p "$copy/drivers" && cp -r "$KSRC/drivers/dax" "$copy/drivers/dax"
		res=$(cd "$copy" && patch -p1 -F0 --no-backup-if-mismatch <"$scratch/$s.patch" 2>&1) ||
			out+="patch -p1 failed:"$'\n'"$res"$'\n'
		grep -qiE 'offset|fuzz|reject|hunk.*failed' <<<"$res" && out+="not clean:"$'\n'"$res"$'\n'
	fi
	tap "$([ -z "$out" ] && echo 0 || echo 1)" "$s: patch mode applies cleanly with patch -p1 (${want:-no changes})" "$out"
done

# All of them, one after the other, each over the previous result.
patched=$scratch/patched
mkdir -p "$patched/drivers"
cp -r "$KSRC/drivers/dax" "$patched/drivers/dax"
out=""
for s in "${SCRIPTS[@]}"; do
	diff=$(cd "$patched" && cocci_run "$s" patch --dir drivers/dax --patch .) ||
		out+="$s: spatch failed"$'\n'
	[ -z "$diff" ] && continue
	res=$(cd "$patched" && patch -p1 -F0 --no-backup-if-mismatch <<<"$diff" 2>&1) ||
		out+="$s: patch -p1 failed:"$'\n'"$res"$'\n'
done
for f in device.c fsdev.c; do
	grep -q '^module_dax_driver(' "$patched/drivers/dax/$f" || out+="$f: no module_dax_driver()"$'\n'
	grep -qE '^module_(init|exit)\(' "$patched/drivers/dax/$f" && out+="$f: module_init/exit left"$'\n'
done
grep -q '^module_init(dax_kmem_init);' "$patched/drivers/dax/kmem.c" || out+="kmem.c: module_init gone"$'\n'
left=$(grep -n 'MODULE_ALIAS_DAX_DEVICE(0)' "$patched"/drivers/dax/*.c)
[ -z "$left" ] || out+="MODULE_ALIAS_DAX_DEVICE(0) left: $left"$'\n'
tap "$([ -z "$out" ] && echo 0 || echo 1)" "all patch modes applied in turn to drivers/dax" "$out"

# Build the patched drivers/dax as an external module tree. bus.h gets
# what the upstream series adds to it, in place of the old alias macro;
# the headers drivers/dax includes from its neighbours come from KSRC.
KBUILD=${KBUILD:-${KDIR:-$("$TOP/scripts/kdir.sh" 2>/dev/null)}}
out=""
bus=$patched/drivers/dax/bus.h
if grep -q '^#define MODULE_ALIAS_DAX_DEVICE(type)' "$bus"; then
	awk '
	/^#define MODULE_ALIAS_DAX_DEVICE\(type\)/ {
		print "#define MODULE_ALIAS_DAX_DEVICE() MODULE_ALIAS(\"dax:t0*\")"
		print "#define module_dax_driver(__dax_driver) \\"
		print "\tmodule_driver(__dax_driver, dax_driver_register, dax_driver_unregister)"
		getline	# the continuation line of the old definition
		next
	}
	{ print }' "$bus" >"$bus.new" && mv "$bus.new" "$bus"
else
	out+="bus.h: no MODULE_ALIAS_DAX_DEVICE(type) definition to replace"$'\n'
fi
for d in cxl nvdimm; do
	ln -s "$KSRC/drivers/$d" "$patched/drivers/$d"
done
m=$patched/drivers/dax
cat >"$m/Kbuild" <<EOF
# Generated by tests/cocci-check.sh: drivers/dax/Makefile, as modules
# where the configuration has them, and compile-only otherwise.
ccflags-y += -I$m
obj-m += device_dax.o fsdev_dax.o kmem.o dax_pmem.o hmem/
device_dax-y := device.o
fsdev_dax-y := fsdev.o
dax_pmem-y := pmem.o
always-y += bus.o super.o cxl.o
EOF
cat >"$m/hmem/Kbuild" <<EOF
obj-m += dax_hmem.o
dax_hmem-y := hmem.o
always-y += device.o
EOF
if [ -z "$KBUILD" ] || [ ! -f "$KBUILD/Module.symvers" ]; then
	out+="no kernel object tree (KBUILD/KDIR): '$KBUILD'"$'\n'
	build_rc=1
else
	build=$(make -C "$KBUILD" M="$m" modules 2>&1)
	build_rc=$?
	warn=$(grep -E 'warning:|error:|ERROR:' <<<"$build")
	[ -z "$warn" ] || out+="$warn"$'\n'
	[ $build_rc = 0 ] || out+="build failed:"$'\n'"$(tail -n 15 <<<"$build")"$'\n'
fi
tap "$([ -z "$out" ] && echo 0 || echo 1)" "patched drivers/dax builds warning-free against $(basename "${KBUILD:-none}")" "$out"

out=""
if [ "$build_rc" = 0 ]; then
	for ko in device_dax fsdev_dax kmem; do
		a=$(modinfo -F alias "$m/$ko.ko" 2>&1)
		[ "$a" = 'dax:t0*' ] || out+="$ko.ko alias: '$a'"$'\n'
		syms=$(nm "$m/$ko.ko" 2>&1)
		grep -qw init_module <<<"$syms" && grep -qw cleanup_module <<<"$syms" ||
			out+="$ko.ko: no init_module/cleanup_module"$'\n'
	done
else
	out="not built"
fi
tap "$([ -z "$out" ] && echo 0 || echo 1)" "patched modules keep alias dax:t0* and their init/exit" "$out"

# ----------------------------------------------------------------------
# 4. the kernel's own entry point

cc=$scratch/coccicheck/drivers/dax
mkdir -p "$(dirname "$cc")" && cp -r "$KSRC/drivers/dax" "$cc"
for s in "${SCRIPTS[@]}"; do
	if [ -z "$KBUILD" ] || [ ! -d "$KBUILD" ]; then
		tap 1 "$s: make coccicheck" "no kernel object tree"
		continue
	fi
	res=$(make -s -C "$KBUILD" coccicheck MODE=report COCCI="$TOP/cocci/$s.cocci" M="$cc" 2>&1)
	rc=$?
	got=$(grep -E '^\./[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' <<<"$res" | sed 's|^\./|drivers/dax/|' | sort)
	want=$(sort <<<"${FOUND[$s]}" | sed '/^$/d')
	out=""
	[ $rc = 0 ] || out+="make coccicheck failed ($rc)"$'\n'"$(tail -n 20 <<<"$res")"$'\n'
	skip=$(grep -A2 '^Skipping' <<<"$res")
	[ -z "$skip" ] || out+="$skip"$'\n'
	d=$(diff -u <(echo "$want") <(echo "$got"))
	[ -z "$d" ] || out+="differs from spatch --dir:"$'\n'"$d"$'\n'
	n_found=$(sed '/^$/d' <<<"$got" | wc -l)
	tap "$([ -z "$out" ] && echo 0 || echo 1)" "$s: make coccicheck MODE=report M=drivers/dax agrees ($n_found findings)" "$out"
done

# ----------------------------------------------------------------------
# 5. the gate: this project's own sources have nothing to report

# own_report SCRIPT ROOT: report of SCRIPT over ROOT's dax-common/,
# drivers/, include/ and tests/*.c (one file at a time: spatch treats
# several files on one command line as one unit).
own_report() {
	local s=$1 root=$2 d f
	(
		cd "$root" || exit 1
		for d in dax-common drivers include; do
			cocci_run "$s" report --dir "$d" || echo "spatch failed on $d/"
		done
		for f in tests/*.c; do
			cocci_run "$s" report "$f" || echo "spatch failed on $f"
		done
	)
}

for s in "${SCRIPTS[@]}"; do
	rep=$(own_report "$s" "$TOP")
	tap "$([ -z "$rep" ] && echo 0 || echo 1)" "$s: no findings in this project's sources" "$rep"
done

# The gate must see our sources: regress a copy and expect findings.
regress=$scratch/regress
mkdir -p "$regress"
cp -r "$TOP/dax-common" "$TOP/drivers" "$TOP/include" "$regress/"
mkdir -p "$regress/tests" && cp "$TOP"/tests/*.c "$regress/tests/"
out=""
sed -i 's/^MODULE_ALIAS_DAX_DEVICE();/MODULE_ALIAS_DAX_DEVICE(0);/' "$regress/drivers/fsdev.c"
sed -i '/^\t\.fops = /d' "$regress/drivers/device.c"
cmp -s "$TOP/drivers/fsdev.c" "$regress/drivers/fsdev.c" && out+="could not regress drivers/fsdev.c"$'\n'
cmp -s "$TOP/drivers/device.c" "$regress/drivers/device.c" && out+="could not regress drivers/device.c"$'\n'
rep=$(own_report dax_alias "$regress")
grep -q '^drivers/fsdev.c:[0-9]*:.*MODULE_ALIAS_DAX_DEVICE(0)' <<<"$rep" || out+="dax_alias missed drivers/fsdev.c: $rep"$'\n'
rep=$(own_report dax_personality_fops "$regress")
grep -q '^drivers/device.c:[0-9]*:.*has no file operations' <<<"$rep" ||
	out+="dax_personality_fops missed drivers/device.c: $rep"$'\n'
tap "$([ -z "$out" ] && echo 0 || echo 1)" "the gate catches a regressed copy of our sources" "$out"

[ $failed = 0 ]
