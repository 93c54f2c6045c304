#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Generate this project's upstream patch series against the pristine
# kernel source, and verify it. Prints TAP ("series: ..." lines), then the
# patch titles with their diffstat; exits non-zero if any check failed.
#
#   make-series.sh [--boot] [--no-build] [--rev REV] [-j JOBS]
#
#   --boot      also build the patched kernel completely and run the guest
#               suite in it against the in-tree modules (IMPL=intree);
#               then nfit_test at runtime, the series' in that kernel and
#               the stock one in the default test kernel, side by side
#               (scripts/series/nfit-boot.sh, guest-nfit.sh)
#   --no-build  generate and check the patches only, no kernel builds
#   --rev REV   take the project's sources from its commit REV instead of
#               the work tree (the commit messages, this script and the
#               guest test harness still come from the work tree)
#
# Everything lives under $CACHE/series:
#   linux/    git repository: the pristine tree as commit "base" (hard
#             links to the cached source), the series on branch "series"
#   obj/      kernel object tree (O=), seeded once from the cached test
#             kernel's object tree, so that builds are incremental
#   patches/  git format-patch output, cover letter included
#   logs/     build and check logs
#   guest/    --boot: the project snapshot the VM sees as /work, and
#             results/ with the guest's TAP, kernel log and console;
#             nfit-series/ and nfit-stock/ the same for nfit_test
#
# The series is made from the project's sources each run; what changes on
# the way in-tree (paths, include lines, Kconfig and Makefile entries) is
# done here, mechanically. Commit messages and the cover letter are in
# scripts/series/, checkpatch waivers in scripts/series/checkpatch.ignore.
. "$(dirname "$0")/lib.sh"

usage() { sed -n '3,33s/^# \{0,1\}//p' "$0"; }

boot=0
build=1
rev=
jobs=$(( $(nproc) + 1 ))
while [ $# -gt 0 ]; do
	case $1 in
	--boot) boot=1 ;;
	--no-build) build=0 ;;
	--rev) rev=$2; shift ;;
	-j) jobs=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
[ $boot = 0 ] || [ $build = 1 ] || die "--boot needs the builds (drop --no-build)"

SER=$CACHE/series
REPO=$SER/linux
OBJ=$SER/obj
STAGE=$SER/stage
PATCHES=$SER/patches
LOGS=$SER/logs
SDIR=$TOP/scripts/series
RELEASE_SUFFIX=-daxseries
# Set, if empty, so that the release is exactly CONFIG_LOCALVERSION's: the
# series tree is a git tree off any release tag, for which
# scripts/setlocalversion would append a "+". Exported, so that vm-run.sh's
# modules_install sees the same.
export LOCALVERSION=
# The series is the work of whoever generates it: author, committer and
# Signed-off-by are their git identity (user.name, user.email), and
# without a real one nothing is generated. An identity is never made up
# here: the DCO needs a known person.
IDENT_NAME=$(git -C "$TOP" config user.name || true)
IDENT_EMAIL=$(git -C "$TOP" config user.email || true)
case $IDENT_EMAIL in
*@localhost|*@localhost.*|*@localdomain|*.localdomain|*@*.local|*@example.com|*@example.org|*@example.net)
	IDENT_EMAIL= ;;
*@*.*) ;;
*) IDENT_EMAIL= ;;
esac
[ -n "$IDENT_NAME" ] && [ -n "$IDENT_EMAIL" ] ||
	die "no git identity to sign the series with: set user.name and user.email (a real address: the Signed-off-by is a DCO statement), e.g. git config user.email you@your.domain"
IDENT="$IDENT_NAME <$IDENT_EMAIL>"
MAINT_SECTION="DEVICE DIRECT ACCESS (DAX)"

TMPD=$SER/tmp
rm -rf "$TMPD" "$SER/project"
mkdir -p "$SER" "$LOGS" "$TMPD"
rm -f "$LOGS"/*.log

# The project's sources the series is made of.
SRCTOP=$TOP
if [ -n "$rev" ]; then
	SRCTOP=$SER/project
	rm -rf "$SRCTOP"
	mkdir -p "$SRCTOP"
	git -C "$TOP" archive --format=tar "$rev" | tar -xf - -C "$SRCTOP"
fi

g() { git -C "$REPO" "$@"; }
kmake() { make -C "$REPO" O="$OBJ" -j"$jobs" "$@"; }

# ---------------------------------------------------------------- TAP
TAPLOG=$SER/tap.txt
: > "$TAPLOG"
tapn=0
tapfail=0
# tap RC DESCRIPTION [DIAGNOSTIC...]: one TAP line; diagnostics follow it
# as "# " lines.
tap() {
	local rc=$1 desc=$2 d
	shift 2
	tapn=$((tapn + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $tapn - series: $desc" | tee -a "$TAPLOG"
	else
		echo "not ok $tapn - series: $desc" | tee -a "$TAPLOG"
		tapfail=$((tapfail + 1))
	fi
	for d in "$@"; do
		[ -n "$d" ] && sed 's/^/# /' <<<"$d" | tee -a "$TAPLOG"
	done
	return 0
}

declare -a timing=()
phase_start=$SECONDS
phase_done() {
	timing+=("$1: $((SECONDS - phase_start)) s")
	phase_start=$SECONDS
}

# Tools the checks need: checkpatch's SPDX check runs scripts/spdxcheck.py,
# which needs python3-ply and python3-git, with Debian's python3.
need=()
for p in python3-ply python3-git coccinelle; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	apt-get update -qq >&2 || true
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 ||
		log "could not install ${need[*]}; the checks needing them will fail"
fi
PYBIN=$SER/pybin
mkdir -p "$PYBIN"
ln -sfn /usr/bin/python3 "$PYBIN/python3"

# ---------------------------------------------------------------- base
SRC=$("$TOP/scripts/fetch-kernel.sh")
dver=$(cat "$SRC/.debian-version")
kver=$(awk '/^VERSION =/ && !v {v=$3} /^PATCHLEVEL =/ && !p {p=$3}
	    /^SUBLEVEL =/ && !s {s=$3} /^EXTRAVERSION =/ && !d {e=$3; d=1}
	    END {printf "%s.%s.%s%s", v, p, s, e}' "$SRC/Makefile")
base_subject="Linux $kver (Debian $KPKG $dver)"

# The pristine tree is hard-linked, not copied: git replaces a file it
# checks out (unlink, then create) rather than writing into it, and this
# script only ever writes the staging directory, so the cached source is
# never modified. A check at the end makes sure.
make_base() {
	local stamp="$SRC $dver"
	if [ -d "$REPO/.git" ] && [ "$(cat "$REPO/.git/series-base" 2>/dev/null)" = "$stamp" ] &&
	   g rev-parse -q --verify refs/tags/base >/dev/null; then
		return 0
	fi
	log "copying $SRC into $REPO (hard links) and committing it as the base (about a minute)"
	rm -rf "$REPO"
	cp -al "$SRC" "$REPO"
	rm -f "$REPO/.debian-version" "$REPO/.unpacked"
	git init -q "$REPO"
	g config user.name "$IDENT_NAME"
	g config user.email "$IDENT_EMAIL"
	g config gc.auto 0
	g config core.abbrev 12
	g add -A -f .
	GIT_AUTHOR_DATE=$(date -r "$SRC/Makefile" -R) GIT_COMMITTER_DATE=$(date -r "$SRC/Makefile" -R) \
		g commit -q -m "$base_subject"
	g tag -f base >/dev/null
	echo "$stamp" > "$REPO/.git/series-base"
}
make_base
phase_done "base tree"

# ---------------------------------------------------------------- series
# Commits are made with plumbing from a staging directory and a private
# index: the work tree is only touched when a commit is checked out to be
# built, so files that did not change keep their timestamps and the
# builds stay incremental. Fixed dates (those of the project's HEAD) make
# the commit ids reproducible.
export GIT_AUTHOR_NAME=$IDENT_NAME GIT_AUTHOR_EMAIL=$IDENT_EMAIL
export GIT_COMMITTER_NAME=$IDENT_NAME GIT_COMMITTER_EMAIL=$IDENT_EMAIL
series_date=$(git -C "$TOP" log -1 --format=%cD ${rev:+"$rev"} 2>/dev/null || date -R)
export GIT_AUTHOR_DATE=$series_date GIT_COMMITTER_DATE=$series_date

rm -rf "$STAGE"
mkdir -p "$STAGE"
IDX=$SER/index.series
rm -f "$IDX"
GIT_INDEX_FILE=$IDX g read-tree base
parent=$(g rev-parse 'base^{commit}')
commits=()
declare -a problems=()	# generation-time findings, reported as TAP later

# stage PATH: make PATH editable in the staging directory, starting from
# the base version (or empty for a new file).
stage() {
	local p=$1
	[ -e "$STAGE/$p" ] && return 0
	mkdir -p "$(dirname "$STAGE/$p")"
	if g cat-file -e "base:$p" 2>/dev/null; then
		g show "base:$p" > "$STAGE/$p"
	else
		: > "$STAGE/$p"
	fi
}

# put PATH: PATH's new content from stdin.
put() {
	stage "$1"
	cat > "$STAGE/$1"
}

# edit PATH PERL_EXPR: apply a perl substitution to the whole file (-0777);
# replacement text may come from $ENV{INS}. Dies if nothing changed, so a
# pristine tree that no longer matches is noticed rather than patched
# half-way.
edit() {
	local p=$1 expr=$2 before
	stage "$p"
	before=$(md5sum < "$STAGE/$p")
	perl -0777 -pi -e "$expr" "$STAGE/$p"
	[ "$(md5sum < "$STAGE/$p")" != "$before" ] || die "series: '$expr' does not apply to $p"
}

# extract_define FILE NAME: the #define of NAME (with its continuation
# lines) and the comment right above it.
extract_define() {
	awk -v name="$2" '
		/^\/\*/ { cbuf = $0 "\n"; inc = ($0 !~ /\*\//); havec = !inc; next }
		inc { cbuf = cbuf $0 "\n"; if ($0 ~ /\*\//) { inc = 0; havec = 1 }; next }
		$0 ~ ("^#define " name "[( ]") {
			printf "%s%s\n", (havec ? cbuf : ""), $0
			cont = ($0 ~ /\\$/)
			while (cont && (getline line) > 0) { print line; cont = (line ~ /\\$/) }
			found = 1
			exit
		}
		{ cbuf = ""; havec = 0 }
		END { exit !found }' "$1"
}

# strip_compat FILE: the header without its out-of-tree compatibility
# block (the "#ifndef module_dax_driver" section and the comment and
# blank line before it) and without <linux/module.h>, which only that
# block needed.
strip_compat() {
	awk '
		{ l[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) if (l[i] ~ /^#ifndef module_dax_driver$/) s = i
			if (!s) exit 1
			b = s
			if (l[b - 1] ~ /\*\/$/) { b--; while (b > 1 && l[b] !~ /^\/\*/) b--; }
			if (l[b - 1] == "") b--
			depth = 0
			for (e = s; e <= NR; e++) {
				if (l[e] ~ /^#if/) depth++
				if (l[e] ~ /^#endif/ && --depth == 0) break
			}
			if (e > NR) exit 1
			for (i = 1; i <= NR; i++)
				if ((i < b || i > e) && l[i] != "#include <linux/module.h>") print l[i]
		}' "$1"
}

# kconfig_block FILE SYMBOL: the "config SYMBOL" entry, help text and
# all, without the blank lines after it.
kconfig_block() {
	awk -v sym="$2" '
		$0 == "config " sym { on = 1; print; next }
		on && /^[^ \t]/ { exit }
		on && /^$/ { blank++; next }
		on { while (blank) { print ""; blank-- } print }' "$1"
}

# maintainers_add PATTERN...: add F: lines to the DAX entry of
# MAINTAINERS, keeping its F: lines sorted as checkpatch wants them.
maintainers_add() {
	stage MAINTAINERS
	SECTION=$MAINT_SECTION NEWF=$(printf '%s\n' "$@") perl -0777 -pi -e '
		my $h = quotemeta($ENV{SECTION});
		s{^($h\n)((?:[A-Z]:\t.*\n)+)}{
			my ($head, $body) = ($1, $2);
			my @l = split /\n/, $body;
			my %f = map { $_ => 1 } (grep(/^F:\t/, @l), map { "F:\t$_" } split /\n/, $ENV{NEWF});
			my @out; my $done = 0;
			for (@l) {
				if (/^F:\t/) { push @out, sort keys %f unless $done++; next }
				push @out, $_;
			}
			$head . join("\n", @out) . "\n";
		}me or die "no MAINTAINERS entry $ENV{SECTION}\n";' "$STAGE/MAINTAINERS"
}

# compose_msg FILE: the commit message, with the Signed-off-by added
# before any "---" notes for reviewers (which git am drops).
compose_msg() {
	local head notes last
	head=$(sed '/^---$/,$d' "$1")
	notes=$(sed -n '/^---$/,$p' "$1")
	printf '%s\n' "$head"
	last=$(sed '/^$/d' <<<"$head" | tail -n1)
	[[ $last =~ ^[A-Za-z-]+:\  ]] || echo
	echo "Signed-off-by: $IDENT"
	if [ -n "$notes" ]; then printf '%s\n' "$notes"; fi
}

# commit_step MSGFILE: commit everything staged so far on top of the
# previous step.
commit_step() {
	local msg=$1 tree
	(cd "$STAGE" && find . -type f | sed 's|^\./||' | sort) > "$TMPD/staged"
	sed "s|^|$STAGE/|" "$TMPD/staged" | g hash-object -w --no-filters --stdin-paths |
		paste -d ' ' - "$TMPD/staged" | sed 's/^/100644 /; s/ /\t/2' |
		GIT_INDEX_FILE=$IDX g update-index --add --index-info
	tree=$(GIT_INDEX_FILE=$IDX g write-tree)
	[ "$tree" != "$(g rev-parse "$parent^{tree}")" ] || die "series: $(head -n1 "$msg") changes nothing"
	compose_msg "$msg" > "$TMPD/msg.txt"
	if [ -n "${MSG_SUBST:-}" ]; then
		perl -0777 -pi -e 's/\@LIST\@/$ENV{MSG_SUBST}/g' "$TMPD/msg.txt"
	fi
	parent=$(g commit-tree "$tree" -p "$parent" -F "$TMPD/msg.txt")
	commits+=("$parent")
}

# apply_diff MSGFILE: apply the diff beside MSGFILE (NN-*.diff) to the
# staging directory, exactly (patch -F0: a diff that no longer fits the
# stock code stops the generation), and commit it with that message.
apply_diff() {
	local msg=$1 diff=${1%.msg}.diff f
	[ -f "$diff" ] || die "$msg: no $(basename "$diff")"
	for f in $(sed -n 's|^+++ b/||p' "$diff"); do
		stage "$f"
	done
	patch -s -p1 -F0 --no-backup-if-mismatch -d "$STAGE" < "$diff" ||
		die "series: $(basename "$diff") does not apply to the stock tree and the patches before it"
	commit_step "$msg"
}

# 0. The fixes, first: each a minimal patch against the stock code, so
# that it can be backported on its own (scripts/series/fixes/NN-*.diff,
# with its message in NN-*.msg). They come before the refactor, which
# keeps what they fix.
step_fixes() {
	local msg n=0
	for msg in "$SDIR"/fixes/[0-9][0-9]-*.msg; do
		grep -q '^Fixes: [0-9a-f]\{12\} ("' "$msg" ||
			problems+=("fixes: $(basename "$msg") has no Fixes: tag of 12 hex digits and a subject")
		apply_diff "$msg"
		n=$((n + 1))
	done
	N_FIXES=$n
}

# 0b. The cleanups the fixes make possible or that stand on their own,
# each a diff against the stock code with the fixes, as theirs are
# (scripts/series/cleanups/NN-*.diff and .msg): the cdev embedded in the
# dax_device that no binding uses since fix 09, and what fsdev.c copied
# from pmem.c and needs no more.
step_cleanups() {
	local msg
	for msg in "$SDIR"/cleanups/[0-9][0-9]-*.msg; do
		apply_diff "$msg"
	done
}

# a. bus.h: module_dax_driver() and the parameterless alias, taken from
# the out-of-tree compat block of include/dax-common.h.
step_alias() {
	local f
	INS=$(extract_define "$SRCTOP/include/dax-common.h" module_dax_driver) ||
		die "no module_dax_driver() in include/dax-common.h"
	export INS
	edit drivers/dax/bus.h 's/^(void dax_driver_unregister\(struct dax_device_driver \*dax_drv\);\n)/$1\n$ENV{INS}\n\n/m'
	INS=$(extract_define "$SRCTOP/include/dax-common.h" MODULE_ALIAS_DAX_DEVICE) ||
		die "no MODULE_ALIAS_DAX_DEVICE() in include/dax-common.h"
	edit drivers/dax/bus.h 's/^#define MODULE_ALIAS_DAX_DEVICE\(type\) \\\n\tMODULE_ALIAS\("dax:t" __stringify\(type\) "\*"\)\n/$ENV{INS}\n/m'
	for f in $(g grep -l 'MODULE_ALIAS_DAX_DEVICE(0)' base -- drivers | sed 's/^base://'); do
		edit "$f" 's/MODULE_ALIAS_DAX_DEVICE\(0\)/MODULE_ALIAS_DAX_DEVICE()/g'
	done
	edit drivers/dax/bus.c 's/\@type argument to MODULE_ALIAS_DAX_DEVICE\(\) is always zero/modalias type is always zero, as MODULE_ALIAS_DAX_DEVICE() assumes/g'
	# its users: the two drivers whose init and exit only register and
	# unregister (kmem's do more)
	for f in drivers/dax/device.c drivers/dax/fsdev.c; do
		edit "$f" 's/\nstatic int __init dax_init\(void\)\n\{\n\treturn dax_driver_register\(&(\w+)\);\n\}\n\nstatic void __exit dax_exit\(void\)\n\{\n\tdax_driver_unregister\(&\1\);\n\}\n/module_dax_driver($1);\n/; s/^module_init\(dax_init\);\nmodule_exit\(dax_exit\);\n//m'
	done
	commit_step "$SDIR/01-module-dax-driver.msg"
}

# strip_ext: stdin without this tree's extensions, the blocks from a
# "/* dax_common extensions { */" line to a "/* } dax_common extensions */"
# line and the blank line before each.
strip_ext() {
	perl -0777 -pe 's{\n[ \t]*/\* dax_common extensions \{ \*/\n.*?/\* \} dax_common extensions \*/\n}{}gs'
}

# series_lib: upstream's dax_common, drivers/dax/common.c, on stdout:
# this tree's dax-common/pgmap.c (the memory steps) without its
# fault-injection points (noinline, ALLOW_ERROR_INJECTION()), which
# upstream has no use for, and with its KUnit-visible helpers static,
# followed by the composition in scripts/series/dax-common/activate.c.
# A single file needs no header between its parts: every function that
# is not exported becomes static, and continuation lines follow their
# opening parenthesis when the text before it changes length.
series_lib() {
	local frag=$SDIR/dax-common/activate.c
	KUNIT=${KUNIT:-0} INCS=$(grep '^#include <' "$frag") \
	BODY=$(awk 'f { print; next } /^(\/\*| \*|#include|$)/ { next } { f = 1; print }' "$frag") \
	perl -0777 -pe '
		s{^#include <linux/error-injection\.h>\n}{}mg;
		s{^#include <linux/pgtable\.h>.*\n}{}mg;
		s{^ALLOW_ERROR_INJECTION\(\w+, ERRNO\);\n}{}mg;
		# only what is VISIBLE_IF_KUNIT here is for the suite upstream
		my %vis = map { $_ => 1 } m{^VISIBLE_IF_KUNIT [^(\n]*?\b(\w+)\(}mg,
			m{^VISIBLE_IF_KUNIT [^\n(]*\n(\w+)\(}mg;
		s{^EXPORT_SYMBOL_IF_KUNIT\((\w+)\);\n}{$vis{$1} ? $& : ""}mge;
		unless ($ENV{KUNIT}) {
			s{^EXPORT_SYMBOL_IF_KUNIT\(\w+\);\n}{}mg;
			s{^#include <kunit/visibility\.h>\n}{}mg;
			s{^VISIBLE_IF_KUNIT }{static }mg;
		}
		s{^#include "dax-common-internal\.h"\n}{#include "dax-common.h"\n}m;
		# the fragment'"'"'s includes, merged into the <linux/...> block
		my @inc = (m{^(#include <[^>]*>)$}mg, split /\n/, $ENV{INCS});
		my %seen; @inc = sort grep { !$seen{$_}++ } @inc;
		s{^#include <[^>]*>\n}{}mg;
		my $incs = join("\n", @inc) . "\n";
		s{^(#include ")}{$incs$1}m;
		$_ .= "\n" . $ENV{BODY} . "\n";
		my %exp = map { $_ => 1 } m{^EXPORT_SYMBOL\w*\((\w+)}mg;
		my @l = split /\n/, $_, -1;
		for (my $i = 0; $i < @l; $i++) {
			my $d = 0;
			$d -= 9 if $l[$i] =~ s/^noinline //;
			if ($l[$i] =~ /^(?!static |VISIBLE_IF_KUNIT )\w[\w ]*?\**\b(\w+)\(/ && $l[$i] !~ /;\s*$/ &&
			    !$exp{$1} && $l[$i] !~ /^(EXPORT_|MODULE_)/) {
				$l[$i] = "static $l[$i]";
				$d += 7;
			}
			next unless $d;
			for (my $j = $i; $l[$j] !~ /\)\s*$/ && $j + 1 < @l; ) {
				$j++;
				next unless $l[$j] =~ /^([\t ]+)(.*)$/;
				my ($ws, $rest) = ($1, $2);
				my $w = 0;
				$w = $_ eq "\t" ? ($w & ~7) + 8 : $w + 1 for split //, $ws;
				$w += $d;
				$l[$j] = ("\t" x int($w / 8)) . (" " x ($w % 8)) . $rest;
			}
		}
		$_ = join("\n", @l);
		s/\n+\z/\n/;' "$SRCTOP/dax-common/pgmap.c"
}

# b. the library, drivers/dax/common.c, with its header beside bus.h.
step_lib() {
	local f
	strip_compat "$SRCTOP/include/dax-common.h" > "$TMPD/dax-common.h" ||
		die "include/dax-common.h: no compat block to strip"
	! grep -q 'define module_dax_driver\|define MODULE_ALIAS_DAX_DEVICE' "$TMPD/dax-common.h" ||
		die "include/dax-common.h: compat block not stripped"
	strip_ext < "$TMPD/dax-common.h" |
		perl -0777 -pe "s{ \\*\\n \\* This tree's dax_common goes further.*?(?= \\*/\\n)}{}s" |
		put drivers/dax/dax-common.h
	# dax-private.h's dax_align_valid() needs <linux/pgtable.h> (PUD_SIZE,
	# has_transparent_hugepage()), which its includers so far got from
	# <linux/mm.h>: in tree the header includes it, out of tree the
	# library's files that need it include it themselves
	edit drivers/dax/dax-private.h 's/^(#include <linux\/idr\.h>\n)/$1#include <linux\/pgtable.h>\n/m'
	series_lib > "$TMPD/common.c" || die "cannot make drivers/dax/common.c"
	put drivers/dax/common.c < "$TMPD/common.c"
	for f in "$STAGE"/drivers/dax/dax-common.h "$STAGE"/drivers/dax/common.c; do
		! grep -n 'dax_common extensions\|ERROR_INJECTION\|noinline\|KUNIT\|error-injection' "$f" ||
			die "$f: extensions left after stripping"
	done
	INS=$(kconfig_block "$SRCTOP/Kconfig" DEV_DAX_COMMON)
	[ -n "$INS" ] || die "no DEV_DAX_COMMON in Kconfig"
	export INS
	edit drivers/dax/Kconfig 's/^(config DEV_DAX\n)/$ENV{INS}\n\n$1/m'
	edit drivers/dax/Makefile 's/^(obj-\$\(CONFIG_DAX\) \+= dax\.o\n)/$1obj-\$(CONFIG_DEV_DAX_COMMON) += dax_common.o\n/m'
	edit drivers/dax/Makefile 's/^(dax-y \+= bus\.o\n)/$1dax_common-y := common.o\n/m'
	# The message names the library's API: every export has to be in it.
	for f in $(sed -n 's/^EXPORT_SYMBOL_NS_GPL(\([a-z0-9_]*\),.*/\1/p' "$STAGE"/drivers/dax/common.c); do
		grep -qw "$f" "$SDIR/02-dax-common.msg" ||
			problems+=("dax-common: $f() is exported but 02-dax-common.msg does not mention it")
	done
	commit_step "$SDIR/02-dax-common.msg"
}

# h (placed third). nfit_test: a wrapped dax_common of its own, as it
# has of every dax module, so that devm_memremap_pages() is its own.
step_nfit() {
	INS='dax_common-y := $(DAX_SRC)/common.o'
	INS+=$'\ndax_common-y += dax_common_test.o\ndax_common-y += config_check.o'
	export INS
	edit tools/testing/nvdimm/Kbuild 's/^(obj-\$\(CONFIG_DEV_DAX\) \+= device_dax\.o\n)/obj-\$(CONFIG_DEV_DAX_COMMON) += dax_common.o\n$1/m'
	edit tools/testing/nvdimm/Kbuild 's/^(device_dax-y := )/$ENV{INS}\n\n$1/m'
	put tools/testing/nvdimm/dax_common_test.c <<-'EOF'
	// SPDX-License-Identifier: GPL-2.0

	#include <linux/module.h>
	#include <linux/printk.h>
	#include "watermark.h"

	nfit_test_watermark(dax_common);
	EOF
	edit tools/testing/nvdimm/watermark.h 's/^(int device_dax_test\(void\);\n)/$1int dax_common_test(void);\n/m'
	edit tools/testing/nvdimm/test/nfit.c 's/^(\tdevice_dax_test\(\);\n)/$1\tif (IS_ENABLED(CONFIG_DEV_DAX_COMMON))\n\t\tdax_common_test();\n/m'
	commit_step "$SDIR/03-nfit-test.msg"
}

# personality_tail FILE: this tree's personality from its struct
# dev_dax_personality on: the personality, its probe, its driver and the
# module lines, which is what the conversions put in place of the
# open-coded probe.
personality_tail() {
	sed -n '/^static const struct dev_dax_personality /,$p' "$1" | grep . >/dev/null ||
		die "$1: no struct dev_dax_personality"
	sed -n '/^static const struct dev_dax_personality /,$p' "$1"
}

# drop_fns FILE NAME...: FILE without the file-scope functions NAME, each
# with the comment right above it and the blank line after it.
drop_fns() {
	local f=$1
	shift
	NAMES="$*" perl -0777 -pi -e '
		for my $n (split / /, $ENV{NAMES}) {
			s{(?:^/\*\n(?: \*.*\n)*? \*/\n)?^(?:static )?\w[^\n(;]*\b\Q$n\E\((?:[^\n]*\n)*?^\}\n\n?}{}m
				or die "no function $n\n";
		}' "$STAGE/$f"
}

# c. device.c: the stock file (with the fixes) up to its probe plumbing,
# then this tree's personality: everything from dev_dax_cdev_del() on,
# the open-coded probe, gives way to a struct dev_dax_personality and
# devm_dev_dax_activate(). The fault path and file operations stay.
step_device() {
	edit drivers/dax/Kconfig 's/^(config DEV_DAX\n(?:\t.*\n)*?\tdepends on TRANSPARENT_HUGEPAGE\n)/$1\tselect DEV_DAX_COMMON\n/m'
	stage drivers/dax/device.c
	{ sed '/^static void dev_dax_cdev_del(/,$d' "$STAGE/drivers/dax/device.c"
	  personality_tail "$SRCTOP/drivers/device.c"; } > "$TMPD/device.c"
	put drivers/dax/device.c < "$TMPD/device.c"
	# (the cdev and the pgmap's allocation were the probe's)
	edit drivers/dax/device.c 's/^#include <linux\/cdev\.h>\n//m; s/^#include <linux\/slab\.h>\n//m; s/^(#include "bus\.h"\n)/$1#include "dax-common.h"\n/m'
	grep -q 'devm_dev_dax_activate' "$STAGE/drivers/dax/device.c" || die "device.c: not converted"
	commit_step "$SDIR/04-device.msg"
}

# d0. fsdev.c: stop walking the folios at bind and unbind (its own patch:
# the walks have an effect, if only on time).
step_fsdev_folios() {
	drop_fns drivers/dax/fsdev.c fsdev_clear_folio_state fsdev_clear_folio_state_action
	edit drivers/dax/fsdev.c 's/^\t\/\*\n\t \* Clear any stale compound folio state left over.*?\n\t \*\/\n\tfsdev_clear_folio_state\(dev_dax\);\n\trc = devm_add_action_or_reset\(dev, fsdev_clear_folio_state_action,\n\t+ *dev_dax\);\n\tif \(rc\)\n\t\treturn rc;\n\n//ms'
	! grep -q fsdev_clear_folio_state "$STAGE/drivers/dax/fsdev.c" || die "fsdev.c: folio walk left"
	commit_step "$SDIR/05-fsdev-folios.msg"
}

# d. fsdev.c: the same conversion as device.c's. Its plumbing is spread
# over helpers, which go: the cdev, kill, dax_ops and pgmap ops actions,
# the pgmap acquisition and the probe.
step_fsdev() {
	edit drivers/dax/Kconfig 's/^(config DEV_DAX_FSDEV\n(?:\t.*\n)*?\tdepends on DEV_DAX && FS_DAX\n)/$1\tselect DEV_DAX_COMMON\n/m'
	drop_fns drivers/dax/fsdev.c fsdev_cdev_del fsdev_kill fsdev_clear_ops fsdev_clear_pgmap_ops fsdev_acquire_pgmap
	{ sed '/^static int fsdev_dax_probe(/,$d' "$STAGE/drivers/dax/fsdev.c"
	  personality_tail "$SRCTOP/drivers/fsdev.c"; } > "$TMPD/fsdev.c"
	put drivers/dax/fsdev.c < "$TMPD/fsdev.c"
	edit drivers/dax/fsdev.c 's/^#include <linux\/cdev\.h>\n//m; s/^#include <linux\/slab\.h>\n//m; s/^(#include "bus\.h"\n)/$1#include "dax-common.h"\n/m'
	grep -q 'devm_dev_dax_activate' "$STAGE/drivers/dax/fsdev.c" || die "fsdev.c: not converted"
	commit_step "$SDIR/05-fsdev.msg"
}

# e. KUnit, in drivers/dax/tests/.
step_kunit() {
	local blk
	# the helpers the suite checks become visible to it
	KUNIT=1 series_lib > "$TMPD/common.c" || die "cannot make drivers/dax/common.c"
	put drivers/dax/common.c < "$TMPD/common.c"
	blk=$(strip_ext < "$SRCTOP/dax-common/dax-common-internal.h" |
		sed -n '/^#if IS_ENABLED(CONFIG_KUNIT)$/,/^#endif$/p')
	[ -n "$blk" ] || die "dax-common-internal.h: no KUnit block"
	INS="/* for the KUnit suite (tests/dax_common_pgmap_kunit.c) */"$'\n'"$blk" \
		edit drivers/dax/dax-common.h 's/\n(#endif \/\* __DAX_COMMON_H__ \*\/\n)\z/\n$ENV{INS}\n\n$1/'
	sed -e 's|^#include "dax-private.h"|#include "../dax-private.h"|' \
	    -e 's|^#include "bus.h"|#include "../bus.h"|' \
	    -e 's|^#include "dax-common-internal.h"|#include "../dax-common.h"|' \
		"$SRCTOP/tests/dax_common_pgmap_kunit.c" | put drivers/dax/tests/dax_common_pgmap_kunit.c
	# "kunit.py run --kunitconfig=drivers/dax/tests" builds what it needs
	put drivers/dax/tests/.kunitconfig < "$SRCTOP/tests/.kunitconfig"
	put drivers/dax/tests/Makefile <<-'EOF'
	# SPDX-License-Identifier: GPL-2.0
	obj-$(CONFIG_DEV_DAX_COMMON_KUNIT_TEST) += dax_common_pgmap_kunit.o
	EOF
	INS=$(kconfig_block "$SRCTOP/Kconfig" DEV_DAX_COMMON_KUNIT_TEST)
	[ -n "$INS" ] || die "no DEV_DAX_COMMON_KUNIT_TEST in Kconfig"
	printf '# SPDX-License-Identifier: GPL-2.0-only\n%s\n' "$INS" | put drivers/dax/tests/Kconfig
	edit drivers/dax/Makefile 's/^(obj-y \+= hmem\/\n)/$1obj-\$(CONFIG_DEV_DAX_COMMON_KUNIT_TEST) += tests\/\n/m'
	edit drivers/dax/Kconfig 's/\n(endif\n)\z/\nsource "drivers\/dax\/tests\/Kconfig"\n\n$1/'
	commit_step "$SDIR/06-kunit.msg"
}

# rst_title FILE: the document's title.
rst_title() {
	awk 'NR > 1 && /^[=#*~-]+$/ && prev != "" && prev !~ /^[=#*~-]+$/ && prev !~ /^\.\./ { print prev; exit }
	     { prev = $0 }' "$1"
}

# g. Documentation: one short driver-api page and the kernel-doc it pulls
# in. The rest of Documentation/driver-api/dax/ (the guide to writing a
# personality, binding, checking with Coccinelle) and the Coccinelle
# scripts stay in this tree: they serve out-of-tree work.
SERIES_DOC=Documentation/driver-api/dax/personalities.rst
step_docs() {
	local dst=Documentation/driver-api/dax-personalities.rst
	[ -f "$SRCTOP/$SERIES_DOC" ] || die "no $SERIES_DOC"
	grep -q ':doc:' "$SRCTOP/$SERIES_DOC" &&
		problems+=("docs: $SERIES_DOC refers to other pages of this tree (:doc:), which the series does not carry")
	# the API reference: the kernel-doc directives of this tree's
	# reference page, in place of the comment that stands for them
	# (those of files the series has: upstream's devm_dev_dax_activate()
	# is in drivers/dax/common.c, this tree's in dax-common/activate.c)
	awk '/^\.\. kernel-doc:: / { p = 1 } p { print } p && /^$/ { p = 0 }' \
		"$SRCTOP/Documentation/driver-api/dax/dax-common.rst" |
		sed 's|^\(\.\. kernel-doc:: \)drivers/dax/dax-common/activate\.c$|\1drivers/dax/common.c|' |
		awk -v stage="$STAGE" 'BEGIN { RS = ""; ORS = "\n\n" }
			{ split($0, w, " "); if ((getline l < (stage "/" w[3])) > 0) print; close(stage "/" w[3]) }' |
		sed '$d' > "$TMPD/api.rst"
	[ -s "$TMPD/api.rst" ] || die "no kernel-doc directives in Documentation/driver-api/dax/dax-common.rst"
	API=$(cat "$TMPD/api.rst") perl -0777 -pe 's/^\.\. In this tree the kernel-doc.*?\n(?=\S|\z)/$ENV{API}\n/ms or die "no API placeholder\n"' \
		"$SRCTOP/$SERIES_DOC" | put "$dst" || die "$SERIES_DOC: no API reference placeholder"
	edit Documentation/driver-api/index.rst 's/^(   crypto\/index\n)/$1   dax-personalities\n/m'
	maintainers_add "$dst"
	MSG_SUBST=" - $(basename "$dst"): $(rst_title "$SRCTOP/$SERIES_DOC")" commit_step "$SDIR/08-docs.msg"
}

log "generating the series"
step_fixes
step_cleanups
step_alias
step_lib
step_nfit
step_device
step_fsdev_folios
step_fsdev
step_kunit
step_docs
g update-ref refs/heads/series "$parent"
g checkout -q -f series
n_patches=${#commits[@]}
phase_done "generate $n_patches commits"

# ---------------------------------------------------------------- patches
rm -rf "$PATCHES"
# Addressed as get_maintainer.pl says for what the series touches: the
# maintainers To, reviewers and lists Cc (each fix also carries its own
# Cc: stable trailer, which git send-email honours).
g diff base series > "$TMPD/series.diff"
gm() { (cd "$REPO" && ./scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback "$@" "$TMPD/series.diff"); }
mapfile -t to_list < <(gm --m --no-r --no-l 2>/dev/null)
mapfile -t cc_list < <(gm --no-m --r --l 2>/dev/null)
addr=()
for a in "${to_list[@]}"; do addr+=(--to="$a"); done
for a in "${cc_list[@]}"; do addr+=(--cc="$a"); done
[ ${#to_list[@]} -gt 0 ] || problems+=("addressing: get_maintainer.pl names no maintainer for the series")
g format-patch -q --cover-letter "${addr[@]}" -o "$PATCHES" base..series
cover=$(ls "$PATCHES"/0000-cover-letter.patch)
# The cover letter's @REST@ depends on which optional patches exist.
rest="The rest of the series: nfit_test builds a wrapped dax_common of its own (placed before the first user so that nfit_test keeps working at every step), and a KUnit suite covers the helper's decisions about a device's pgmap"
[ -z "$(g diff --name-only base series -- Documentation/driver-api/dax-personalities.rst)" ] ||
	rest+="; a short driver-api page describes personalities and the library, with its kernel-doc"
rest=$(fold -s -w 72 <<<"$rest." | sed 's/ *$//')
# fill_cover TESTING: turn format-patch's cover letter into ours.
fill_cover() {
	cp "$TMPD/cover.template" "$cover"
	SUBJECT=$(head -n1 "$SDIR/cover-letter.txt") \
	BLURB=$(tail -n +3 "$SDIR/cover-letter.txt") REST=$rest TESTING=$1 BASE=$base_para \
	perl -0777 -pi -e '
		my $b = $ENV{BLURB};
		$b =~ s/\@REST\@/$ENV{REST}/;
		$b =~ s/\@TESTING\@/$ENV{TESTING}/;
		$b =~ s/\@BASE\@/$ENV{BASE}/;
		s/\*\*\* SUBJECT HERE \*\*\*/$ENV{SUBJECT}/;
		s/\*\*\* BLURB HERE \*\*\*/$b/;' "$cover"
}
base_para=$(fold -s -w 72 <<<"The series applies to v$kver. It was made from $base_subject, which has no git history: there is no base-commit line, as its id would name nothing upstream." | sed 's/ *$//')
cp "$cover" "$TMPD/cover.template"
fill_cover "Testing: see make-series.sh's report."

# ---------------------------------------------------------------- checks
# From here on a failure is a finding, reported as TAP, not a reason to stop.
set +e
for p in "${problems[@]}"; do
	case $p in
	skip:*) log "${p#skip: }" ;;
	*) tap 1 "generation: ${p%%:*}" "$p" ;;
	esac
done

# checkpatch --strict on every patch, with the waivers of checkpatch.ignore.
cp_fail=0
for p in "$PATCHES"/0*.patch; do
	name=$(basename "$p")
	[ "$name" = 0000-cover-letter.patch ] && continue
	ign=$(awk -v n="$name" '!/^#/ && NF >= 2 { pat = $1; gsub(/\./, "\\.", pat); gsub(/\*/, ".*", pat);
		if (n ~ ("^" pat "$")) print $2 }' "$SDIR/checkpatch.ignore" | paste -sd, -)
	out=$(cd "$REPO" && PATH=$PYBIN:$PATH ./scripts/checkpatch.pl --strict --show-types \
		${ign:+--ignore "$ign"} "$p" 2>&1)
	rc=$?
	summary=$(grep '^total:' <<<"$out")
	if [ $rc = 0 ] && [[ $summary =~ ^total:\ 0\ errors,\ 0\ warnings,\ 0\ checks ]]; then
		tap 0 "checkpatch --strict $name${ign:+ (waived: $ign)}"
	else
		tap 1 "checkpatch --strict $name${ign:+ (waived: $ign)}" "$(grep -v '^NOTE\|^$\|has style problems\|them to the maintainer\|mechanically convert' <<<"$out" | head -n 40)"
		cp_fail=$((cp_fail + 1))
	fi
done

# Every file the series adds is covered by a MAINTAINERS section (what
# the FILE_PATH_CHANGES waivers rely on).
unmaintained=()
for f in $(g diff --name-only --diff-filter=A base series); do
	sections=$(cd "$REPO" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --sections -f "$f" 2>/dev/null |
		grep -v -e '^[A-Z]:' -e '^$' -e '^THE REST$')
	[ -n "$sections" ] || unmaintained+=("$f")
done
tap "${#unmaintained[@]}" "every file the series adds has a MAINTAINERS entry" "${unmaintained[@]}"

# The shape the list merges: the fixes first, a refactor that shrinks
# drivers/dax, and no export without an in-tree caller.
nfix=0
first_other=0
late=""
i=0
for c in $(g rev-list --reverse base..series); do
	i=$((i + 1))
	if g log -1 --format=%B "$c" | grep -q '^Fixes: '; then
		nfix=$((nfix + 1))
		[ "$first_other" = 0 ] || late+="patch $i has a Fixes: tag, after patch $first_other, which has none"$'\n'
	elif [ "$first_other" = 0 ]; then
		first_other=$i
	fi
done
tap "$([ -z "$late" ] && [ "$nfix" -ge 6 ] && echo 0 || echo 1)" \
	"the fixes come first: $nfix patches with a Fixes: tag (at least six), none after the first patch without one" "$late"
read -r d_add d_del < <(g diff --numstat base series -- drivers/dax ':!drivers/dax/tests' |
	awk '{ a += $1; d += $2 } END { print a + 0, d + 0 }')
tap "$([ "$d_add" -lt "$d_del" ] && echo 0 || echo 1)" \
	"drivers/dax code (tests excluded) shrinks over the series: +$d_add/-$d_del, net $((d_add - d_del))"
uncalled=""
# (EXPORT_SYMBOL_IF_KUNIT exports only to the KUnit suite, their caller)
for sym in $(g diff base series -- drivers/dax | grep -v '^+EXPORT_SYMBOL_IF_KUNIT(' |
	     sed -n 's/^+EXPORT_SYMBOL[A-Z_]*(\([A-Za-z0-9_]*\).*/\1/p' | sort -u); do
	callers=$(g grep -lw "$sym" series -- '*.c' ':!drivers/dax/dax-common' ':!drivers/dax/tests' | sed 's/^series://')
	[ -n "$callers" ] || uncalled+="$sym"$'\n'
done
tap "$([ -z "$uncalled" ] && echo 0 || echo 1)" "every export the series adds has an in-tree caller" \
	"${uncalled:+no caller outside the library and its tests:}" "$uncalled"

# kernel-doc -Wall: no new warnings in the files the series adds or changes.
kd_new=""
kd_files=()
for f in $(g diff --name-only base series -- '*.c' '*.h'); do
	kd_files+=("$f")
	now=$(cd "$REPO" && ./scripts/kernel-doc -none -Wall "$f" 2>&1 | sed -E 's/:[0-9]+(:| )/\1/' | sort -u)
	before=""
	if g cat-file -e "base:$f" 2>/dev/null; then
		kdf=$TMPD/base-$(basename "$f")
		g show "base:$f" > "$kdf"
		before=$(cd "$REPO" && ./scripts/kernel-doc -none -Wall "$kdf" 2>&1 |
			sed -E "s|$kdf|$f|; s/:[0-9]+(:| )/\\1/" | sort -u)
		rm -f "$kdf"
	fi
	new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$now") | sed '/^$/d')
	[ -z "$new" ] || kd_new+="$new"$'\n'
done
tap "$([ -z "$kd_new" ] && echo 0 || echo 1)" "kernel-doc -Wall adds no warnings (${#kd_files[@]} files)" "$kd_new"

# Documentation: the page's kernel-doc directives name files of the tree,
# and the page is in the driver-api index.
if [ -f "$REPO/Documentation/driver-api/dax-personalities.rst" ]; then
	all=$(cd "$REPO" && grep -ho '^\.\. kernel-doc:: .*' Documentation/driver-api/dax-personalities.rst |
		awk '{print $3}' | while read -r f; do [ -f "$f" ] || echo "kernel-doc:: $f: no such file"; done)
	grep -q '^   dax-personalities$' "$REPO/Documentation/driver-api/index.rst" ||
		all+=$'\ndriver-api/index.rst does not list dax-personalities'
	all=$(sed '/^$/d' <<<"$all")
	tap "$([ -z "$all" ] && echo 0 || echo 1)" "docs: the page is indexed and its kernel-doc references resolve" "$all"
fi

# What the series adds as text must stand on its own upstream: no
# references to this project, its tree or its test set-up.
proj=$(for f in $(g diff --name-only --diff-filter=A base series -- Documentation scripts/coccinelle); do
	(cd "$REPO" && grep -nHE "\<[Pp]roject('s)?\>|dax_common series|(^|[^/[:alnum:]_.-])(cocci|tests)/|\<make (check|demo|setup)\>|include/dax-common\.h|dax-common\.h provides" "$f")
done)
tap "$([ -z "$proj" ] && echo 0 || echo 1)" "docs and coccinelle scripts do not refer to the out-of-tree project" \
	"$( [ -z "$proj" ] || { echo "$(wc -l <<<"$proj") lines, e.g.:"; head -n 60 <<<"$proj"; })"

# Coccinelle: this tree's scripts (which the series does not carry)
# parse, and find nothing left to do in drivers/dax once the series is
# applied.
shopt -s nullglob
for f in "$SRCTOP"/cocci/*.cocci; do
	name=cocci/$(basename "$f")
	if ! command -v spatch >/dev/null; then
		tap 1 "coccinelle: $name" "spatch is not installed"
		continue
	fi
	opts=$(sed -n 's|^// Options: ||p' "$f")
	out=$(spatch --parse-cocci -D report "$f" 2>&1 >/dev/null) && rc=0 || rc=$?
	if [ $rc != 0 ]; then
		tap 1 "coccinelle: $name parses" "$(tail -n 20 <<<"$out")"
		continue
	fi
	# shellcheck disable=SC2086
	out=$(cd "$REPO" && spatch --very-quiet -D report $opts --sp-file "$f" --dir drivers/dax 2>&1) && rc=0 || rc=$?
	out=$(grep -v -e '^[0-9]* files\{0,1\} match$' -e '^init_defs_builtins: ' <<<"$out")
	tap "$([ $rc = 0 ] && [ -z "$out" ] && echo 0 || echo 1)" \
		"coccinelle: $name reports nothing on drivers/dax after the series" "$out"
done
shopt -u nullglob
phase_done "patch checks"

# ---------------------------------------------------------------- builds
# The object tree starts as a copy of the cached test kernel's, with the
# absolute source and object paths its .cmd files record rewritten to
# the series tree, so that make only rebuilds what the series changes.
# repath_objtree DIR FROM TO [FROM TO...]: in a copied object tree, the
# records make reads (.cmd and .d files, generated Makefiles) name the
# absolute paths of the tree they were made in; each FROM becomes its TO.
repath_objtree() {
	local dir=$1 pats=() i
	shift
	for ((i = 1; i < $#; i += 2)); do
		pats+=(-e "${!i}")
	done
	find "$dir" -type f \( -name '*.cmd' -o -name '.*.d' -o -name Makefile \) -print0 |
		xargs -0 grep -lZF "${pats[@]}" |
		REPATH=$(printf '%s\n' "$@") xargs -0 perl -pi -e '
			BEGIN { @p = split /\n/, $ENV{REPATH} }
			for (my $i = 0; $i + 1 < @p; $i += 2) { s/\Q$p[$i]\E/$p[$i + 1]/g }'
}

seed_objdir() {
	local kb old_src
	kb=$("$TOP/scripts/build-kernel.sh" default)
	if [ "$(cat "$OBJ/.series-seed" 2>/dev/null)" = "$kb" ]; then
		return 0
	fi
	old_src=$(readlink -f "$kb/source")
	log "seeding $OBJ from $kb"
	rm -rf "$OBJ" "$OBJ.tmp"
	cp -a "$kb" "$OBJ.tmp"
	repath_objtree "$OBJ.tmp" "$old_src" "$REPO" "$kb" "$OBJ"
	ln -sfn "$REPO" "$OBJ.tmp/source"
	rm -f "$OBJ.tmp/.built"
	mv "$OBJ.tmp" "$OBJ"
	echo "$kb" > "$OBJ/.series-seed"
}

# The series' config: the test kernel's, with its own release string
# (vm-run.sh installs modules into the shared guest root by release) and
# the KUnit suite. Reapplied before each olddefconfig, which drops
# symbols that a commit does not define yet.
set_config() {
	"$REPO/scripts/config" --file "$OBJ/.config" --set-str LOCALVERSION "$RELEASE_SUFFIX" \
		--disable LOCALVERSION_AUTO --module DEV_DAX_COMMON_KUNIT_TEST
	kmake -s olddefconfig
}

cfg() { sed -n "s/^CONFIG_$1=//p" "$OBJ/.config"; }

# Options nfit_test's config_check.c insists on, at the checked-out commit.
nfit_missing() {
	local o
	for o in $(grep -o 'IS_MODULE(CONFIG_[A-Z0-9_]*)' "$REPO/tools/testing/nvdimm/config_check.c" |
		   sed 's/IS_MODULE(CONFIG_\(.*\))/\1/' | sort -u); do
		[ "$(cfg "$o")" = m ] || echo "CONFIG_$o=m (have: $(cfg "$o" | sed 's/^$/unset/'))"
	done
}

NFIT_MO=$OBJ/nfit/tools/testing/nvdimm
build_nfit() { # build_nfit LOG
	kmake M="$REPO/tools/testing/nvdimm" MO="$NFIT_MO" modules > "$1" 2>&1
}

# btap: tap for the per-patch builds, which the cover letter counts.
build_fail=0
btap() {
	[ "$1" = 0 ] || build_fail=$((build_fail + 1))
	tap "$@"
}

if [ $build = 1 ]; then
	seed_objdir
	phase_done "object tree"
	build_start=$SECONDS
	i=0
	for c in "${commits[@]}"; do
		i=$((i + 1))
		subj=$(g log -1 --format=%s "$c")
		tag=$(printf '%d/%d' "$i" "$n_patches")
		blog=$LOGS/$(printf '%02d' "$i")-build.log
		g checkout -q -f --detach "$c"
		changed=$(g diff --name-only "$c^" "$c")
		if ! set_config > "$blog" 2>&1; then
			btap 1 "patch $tag: olddefconfig" "$(tail -n 20 "$blog")"
			continue
		fi
		log "patch $tag: W=1 build of drivers/dax/ ($subj)"
		kmake W=1 drivers/dax/ >> "$blog" 2>&1
		rc=$?
		diag=()
		# Nothing selects the library before the first personality is
		# converted; compile its objects anyway, so that the commit adding
		# them is build-tested too.
		if [ $rc = 0 ] && [ -d "$REPO/drivers/dax/dax-common" ] && [ -z "$(cfg DEV_DAX_COMMON)" ]; then
			for f in "$REPO"/drivers/dax/dax-common/*.c; do
				f=${f#"$REPO"/}
				kmake W=1 "${f%.c}.o" >> "$blog" 2>&1 || rc=1
			done
			diag+=("DEV_DAX_COMMON is not selected yet: dax-common/*.o compiled as single targets")
		fi
		[ $rc = 0 ] && { kmake W=1 modules >> "$blog" 2>&1 || rc=$?; }
		warn=$(grep -iE 'warning|error' "$blog" | grep 'drivers/dax/' | sort -u)
		btap "$([ $rc = 0 ] && [ -z "$warn" ] && echo 0 || echo 1)" \
			"patch $tag builds with W=1, no warnings in drivers/dax ($subj)" \
			"${warn:-$( [ $rc = 0 ] || tail -n 20 "$blog")}" "${diag[@]}"
		# nfit_test: where the patch touches what it builds, and at the end.
		if grep -q '^drivers/dax/\|^tools/testing/nvdimm/' <<<"$changed" || [ "$i" = "$n_patches" ]; then
			nlog=$LOGS/$(printf '%02d' "$i")-nfit.log
			miss=$(nfit_missing)
			if [ -n "$miss" ]; then
				btap 1 "patch $tag: nfit_test builds" "nfit_test needs options the test kernel's config lacks:" "$miss"
				continue
			fi
			log "patch $tag: nfit_test build"
			build_nfit "$nlog"
			rc=$?
			warn=$(grep -iE 'warning|error' "$nlog" | sort -u)
			diag=()
			if [ "$(cfg DEV_DAX_COMMON)" = m ]; then
				# the mocked device_dax must use the mocked dax_common
				dep=$(modinfo -F depends "$NFIT_MO/device_dax.ko" 2>/dev/null)
				[ -f "$NFIT_MO/dax_common.ko" ] && grep -qw dax_common <<<"$dep" ||
					{ rc=1; diag+=("nfit_test's device_dax.ko does not depend on its own dax_common.ko (depends: $dep)"); }
			fi
			btap "$([ $rc = 0 ] && [ -z "$warn" ] && echo 0 || echo 1)" \
				"patch $tag: nfit_test (tools/testing/nvdimm) builds" \
				"${warn:-$( [ $rc = 0 ] || tail -n 20 "$nlog")}" "${diag[@]}"
		fi
	done
	g checkout -q -f series
	# The last commit's config must have everything the series adds.
	miss=""
	for o in DEV_DAX_COMMON DEV_DAX_COMMON_KUNIT_TEST; do
		[ "$(cfg $o)" = m ] || miss+="CONFIG_$o is '$(cfg $o)', want m"$'\n'
	done
	[ -f "$OBJ/drivers/dax/dax_common.ko" ] && [ -f "$OBJ/drivers/dax/tests/dax_common_pgmap_kunit.ko" ] ||
		miss+="dax_common.ko or dax_common_pgmap_kunit.ko was not built"
	tap "$([ -z "$miss" ] && echo 0 || echo 1)" "the series' config has DEV_DAX_COMMON and its KUnit suite as modules" "$miss"
	timing+=("per-patch builds: $((SECONDS - build_start)) s")
	phase_start=$SECONDS
fi

# ---------------------------------------------------------------- guest verdicts
# klog_bad KLOG: the first 40 lines of the kernel log KLOG that report a
# WARNING, BUG, oops, sanitizer or lockdep finding, outside the regions
# that tests/guest/lib.sh's known_bug_begin/known_bug_end mark (opened
# by the stock drivers' tests only, around a stock bug they reproduce)
klog_bad() {
	awk '/dax-test: known bug begins/ { skip = 1 } !skip { print } /dax-test: known bug ends/ { skip = 0 }' "$1" 2>/dev/null |
		grep -E 'WARNING:|BUG:|Oops|Kernel panic|general protection|KASAN:|UBSAN:|ODEBUG:|circular locking dependency|recursive locking|inconsistent lock state|suspicious RCU usage|lockdep is turned off|kmemleak: [0-9]+ new suspected|unreferenced object|list_(add|del) corruption' | head -n 40
}

# guest_tap PREFIX RESULTS KLOG: a guest suite's boot as TAP lines of
# ours, each under PREFIX: its own lines (GUEST_SUMMARY is then "N passed,
# N failed"), whether it ran to its end, and whether the kernel log KLOG
# is clean (klog_bad)
guest_tap() {
	local prefix=$1 res=$2 klog=$3 line gok=0 gnot=0 bad
	GUEST_SUMMARY=""
	if [ -f "$res/tap.txt" ]; then
		while IFS= read -r line; do
			case $line in
			"ok "*) tap 0 "$prefix: ${line#ok * - }"; gok=$((gok + 1)) ;;
			"not ok "*) tap 1 "$prefix: ${line#not ok * - }"; gnot=$((gnot + 1)) ;;
			"#"*) echo "$line" | tee -a "$TAPLOG" ;;
			esac
		done < "$res/tap.txt"
		GUEST_SUMMARY="$gok passed, $gnot failed"
	fi
	grep -q '^# guest done' "$res/tap.txt" 2>/dev/null
	tap $? "$prefix: suite ran to the end ($(cat "$res/vm-status" 2>/dev/null))" \
		"$( grep -q '^# guest done' "$res/tap.txt" 2>/dev/null || tail -n 40 "$res/console.log" 2>/dev/null)"
	bad=$(klog_bad "$klog")
	tap "$([ -z "$bad" ] && [ -s "$klog" ] && echo 0 || echo 1)" \
		"$prefix: kernel log has no WARNING, BUG, lockdep or kmemleak report outside the known stock bugs" \
		"${bad:-$( [ -s "$klog" ] || echo "no kernel log")}"
	# tests/guest/finish.sh's kmemleak scans, in a kernel booted with
	# kmemleak=on (boot_guest)
	tap "$([ -f "$res/kmemleak.txt" ] && [ ! -s "$res/kmemleak.txt" ] && echo 0 || echo 1)" \
		"$prefix: kmemleak scan after the suite finds no leak" \
		"$( [ -f "$res/kmemleak.txt" ] && head -n 40 "$res/kmemleak.txt" || echo "no kmemleak.txt: the suite did not finish")"
}

# ---------------------------------------------------------------- nfit_test at runtime
# After the in-tree suite, --boot runs nfit_test on both sides with
# scripts/series/nfit-boot.sh and guest-nfit.sh: the series' nfit_test
# (NFIT_MO) in the patched kernel, and the stock one, built from the
# pristine source against the default test kernel, in that kernel. Each
# side's checks become "nfit series: ..." and "nfit stock: ..." lines;
# then the two are set side by side, and every difference must have its
# explanation in scripts/series/nfit-differences.txt.
declare -A nfit_st=()	# "SIDE|check" -> ok / not ok
declare -a nfit_checks=()	# the checks of both sides, in order
nfit_summary=""

# nfit_record SIDE RC CHECK [DIAGNOSTIC...]: a TAP line, remembered for
# the side-by-side comparison
nfit_record() {
	local side=$1 rc=$2 check=$3
	shift 3
	tap "$rc" "nfit $side: $check" "$@"
	[ -n "${nfit_st["series|$check"]+x}${nfit_st["stock|$check"]+x}" ] || nfit_checks+=("$check")
	nfit_st["$side|$check"]=$([ "$rc" = 0 ] && echo ok || echo "not ok")
}

# nfit_side SIDE RESULTS: merge one side's guest TAP and judge what only
# the host can see: the oops of the last step, the kernel log before it
nfit_side() {
	local side=$1 res=$2 line check n_ok n_not after rip bad klog
	if [ -f "$res/tap.txt" ]; then
		while IFS= read -r line; do
			case $line in
			"ok "*|"not ok "*)
				check=${line#* - }
				check=${check#intree: }
				check=${check#stock: }
				nfit_record "$side" "$([[ $line == ok* ]] && echo 0 || echo 1)" "$check" ;;
			"# --- "*) echo "# --- nfit $side: ${line#* --- *: }" | tee -a "$TAPLOG" ;;
			"#"*) echo "$line" | tee -a "$TAPLOG" ;;
			esac
		done < "$res/tap.txt"
	fi
	# The last step faults a 4 KiB mapping of nfit_test memory, which
	# oopses (guest-nfit.sh says why); the guest writes a TAP line only
	# if it survives.
	if grep -q '^# nfit safe part done' "$res/tap.txt" 2>/dev/null &&
	   ! grep -q 'mapping oopses on a NULL struct page' "$res/tap.txt"; then
		# (no "| grep -q": under pipefail, the writer's SIGPIPE when
		# grep stops reading early would fail the pipeline)
		after=$(sed -n '/nfit-4k-touch: /,$p' "$res/console.log" 2>/dev/null)
		rip=$(grep -m1 'RIP: 0010:' <<<"$after")
		grep -q 'BUG: kernel NULL pointer dereference' <<<"$after" &&
			grep -qE 'RIP: 0010:[a-z_.0-9]*dax[a-z_.0-9]*\+0x[0-9a-f]+/0x[0-9a-f]+ \[(device_dax|dax_common)\]' <<<"$rip"
		nfit_record "$side" $? "device_dax at 4 KiB: the first fault of a 4 KiB mapping oopses on a NULL struct page (known nfit_test bug: dax-dev.c's vmalloc_to_page() of a fake physical address)" \
			"${rip:+${rip#*] }}" "$( [ -n "$rip" ] || tail -n 20 <<<"$after")"
	fi
	grep -q '^# nfit safe part done' "$res/tap.txt" 2>/dev/null
	nfit_record "$side" $? "guest-nfit.sh ran to its last step ($(cat "$res/vm-status" 2>/dev/null))" \
		"$( grep -q '^# nfit safe part done' "$res/tap.txt" 2>/dev/null || tail -n 40 "$res/console.log" 2>/dev/null)"
	# dmesg.txt is the kernel log right before the last step
	klog=$res/dmesg.txt
	bad=$(klog_bad "$klog")
	nfit_record "$side" "$([ -z "$bad" ] && [ -s "$klog" ] && echo 0 || echo 1)" \
		"kernel log has no WARNING or BUG before the last step" "${bad:-$( [ -s "$klog" ] || echo "no kernel log")}"
	n_ok=0
	n_not=0
	for check in "${nfit_checks[@]}"; do
		case ${nfit_st["$side|$check"]:-} in
		ok) n_ok=$((n_ok + 1)) ;;
		"not ok") n_not=$((n_not + 1)) ;;
		esac
	done
	nfit_summary+="${nfit_summary:+; }$side: $n_ok passed, $n_not failed"
}

# nfit_compare: the two sides side by side; each difference with its
# explanation (scripts/series/nfit-differences.txt: a regular expression
# matching the check, a tab, why)
nfit_compare() {
	local check s t why ndiff=0 unexplained=""
	echo "# nfit_test at runtime, side by side (series | stock | check):" | tee -a "$TAPLOG"
	for check in "${nfit_checks[@]}"; do
		printf '#   %-6s | %-6s | %s\n' "${nfit_st["series|$check"]:--}" "${nfit_st["stock|$check"]:--}" "$check" |
			tee -a "$TAPLOG"
	done
	for check in "${nfit_checks[@]}"; do
		s=${nfit_st["series|$check"]:--}
		t=${nfit_st["stock|$check"]:--}
		[ "$s" = "$t" ] && continue
		ndiff=$((ndiff + 1))
		why=$(CHECK=$check perl -ne 'chomp; next if /^#/ || !/\t/; my ($re, $why) = split /\t+/, $_, 2;
			if ($ENV{CHECK} =~ /$re/) { print $why; exit }' "$SDIR/nfit-differences.txt")
		[ -n "$why" ] || unexplained+="$check (series: $s, stock: $t)"$'\n'
		echo "# nfit difference: series $s, stock $t: $check: ${why:-UNEXPLAINED}" | tee -a "$TAPLOG"
	done
	tap "$([ -z "$unexplained" ] && echo 0 || echo 1)" \
		"nfit: every difference between the series and stock is explained ($ndiff differences)" \
		"${unexplained:+not in scripts/series/nfit-differences.txt:}" "$unexplained"
	if [ -z "$unexplained" ]; then
		nfit_summary+="; $ndiff checks differ, each for a reason given in the report"
	else
		nfit_summary+="; $ndiff checks differ, $(grep -c . <<<"$unexplained") of them unexplained"
	fi
}

# nfit_runtime WORK: both sides, with the project snapshot WORK's scripts
nfit_runtime() {
	local work=$1 kb smo rc
	local sres=$SER/guest/nfit-series tres=$SER/guest/nfit-stock
	rm -rf "$sres" "$tres"
	# the series' nfit_test, against the kernel just built
	log "nfit_test at runtime: the series' nfit_test in the patched kernel"
	build_nfit "$LOGS/nfit-series-build.log"
	rc=$?
	nfit_record series $rc "nfit_test builds against the booted kernel" "$( [ $rc = 0 ] || tail -n 20 "$LOGS/nfit-series-build.log")"
	[ $rc = 0 ] && "$work/scripts/series/nfit-boot.sh" -K "$OBJ" -M "$NFIT_MO" -t 900 "$sres" intree \
		> "$LOGS/nfit-series-boot.log" 2>&1
	nfit_side series "$sres"
	# the stock nfit_test, from the pristine source, against the default
	# test kernel. With MO=, the objects of ../../../drivers/ land three
	# levels above MO: MO is three levels deep in a directory of its own.
	# the test kernel the series' object tree was seeded from
	kb=$(cat "$OBJ/.series-seed" 2>/dev/null)
	[ -f "$kb/.built" ] || kb=$("$TOP/scripts/build-kernel.sh" default)
	smo=$CACHE/nfit/$(basename "$kb")/tools/testing/nvdimm
	log "nfit_test at runtime: the stock nfit_test in $(basename "$kb")"
	mkdir -p "$smo"
	make -C "$kb" M="$(readlink -f "$kb/source")/tools/testing/nvdimm" MO="$smo" -j"$jobs" modules \
		> "$LOGS/nfit-stock-build.log" 2>&1
	rc=$?
	nfit_record stock $rc "nfit_test builds against the booted kernel" "$( [ $rc = 0 ] || tail -n 20 "$LOGS/nfit-stock-build.log")"
	[ $rc = 0 ] && "$work/scripts/series/nfit-boot.sh" -K "$kb" -M "$smo" -t 900 "$tres" stock \
		> "$LOGS/nfit-stock-boot.log" 2>&1
	nfit_side stock "$tres"
	nfit_compare
}

# boot_guest PREFIX WORK OBJTREE RESULTS SCRIPT [ARGS...]: boot the
# kernel of OBJTREE, its modules installed afresh in the guest root
# (vm-run.sh reinstalls them only when the object tree's path changes,
# and these are rebuilt in place), and run SCRIPT of the project
# snapshot WORK in it; its TAP lines become PREFIX's (GUEST_SUMMARY).
boot_guest() {
	local prefix=$1 work=$2 obj=$3 res=$4 root
	shift 4
	root=$("$TOP/scripts/make-guest-root.sh")
	rm -f "$root/usr/lib/modules/$(cat "$obj/include/config/kernel.release")/.installed-from"
	VM_APPEND=kmemleak=on "$work/scripts/vm-run.sh" -K "$obj" -t 1500 "$res" "$@" \
		> "$LOGS/$prefix-boot.log" 2>&1
	guest_tap "$prefix" "$res" "$res/dmesg.txt"
}

# ---------------------------------------------------------------- built in
# The series kernel again, with DAX, DEV_DAX and DEV_DAX_FSDEV built in
# (and so DEV_DAX_COMMON, which they select): the library must work as
# part of vmlinux too, where its personalities have no module to pin and
# bind at boot. Built in an object tree of its own, copied from the
# modular one so that only what =y changes is compiled, with a release
# of its own for the guest root; the guest suite runs as for the
# modular kernel (IMPL=intree).
BOBJ=$SER/obj-builtin
builtin_summary=""
builtin_runtime() {
	local work=$1 bres=$SER/guest/builtin rc o bad=""
	rm -rf "$bres" "$BOBJ"
	mkdir -p "$bres"
	cp -a "$OBJ" "$BOBJ"
	repath_objtree "$BOBJ" "$OBJ" "$BOBJ"
	log "built in: building the series kernel with DAX, DEV_DAX and DEV_DAX_FSDEV =y in $BOBJ"
	{
		"$REPO/scripts/config" --file "$BOBJ/.config" --set-str LOCALVERSION "$RELEASE_SUFFIX-builtin" \
			--enable DAX --enable DEV_DAX --enable DEV_DAX_FSDEV &&
		make -C "$REPO" O="$BOBJ" -j"$jobs" -s olddefconfig &&
		make -C "$REPO" O="$BOBJ" -j"$jobs" bzImage &&
		make -C "$REPO" O="$BOBJ" -j"$jobs" modules
	} > "$LOGS/builtin-build.log" 2>&1
	rc=$?
	for o in DAX DEV_DAX DEV_DAX_FSDEV DEV_DAX_COMMON; do
		[ "$(sed -n "s/^CONFIG_$o=//p" "$BOBJ/.config")" = y ] || bad+="CONFIG_$o is not y"$'\n'
	done
	tap "$([ $rc = 0 ] && [ -z "$bad" ] && echo 0 || echo 1)" \
		"built in: the series kernel builds with DAX, DEV_DAX, DEV_DAX_FSDEV and DEV_DAX_COMMON =y" \
		"$bad$( [ $rc = 0 ] || tail -n 20 "$LOGS/builtin-build.log")"
	[ $rc = 0 ] && [ -z "$bad" ] || return 0
	make -C "$BOBJ" M="$work/tests" DAX_TESTS_LIB=n modules > "$LOGS/builtin-modules.log" 2>&1
	rc=$?
	tap $rc "built in: test modules build" "$( [ $rc = 0 ] || tail -n 20 "$LOGS/builtin-modules.log")"
	[ $rc = 0 ] || return 0
	boot_guest builtin "$work" "$BOBJ" "$bres" scripts/series/guest-intree.sh "$FIXES_GLOBS"
	builtin_summary=$GUEST_SUMMARY
}

# ---------------------------------------------------------------- the fixes alone
# Each fix must stand on its own, for stable: the kernel at the last fix
# (nothing of the refactor yet) is built and booted too, and the guest
# suite runs against its own drivers as IMPL=fixes, which expects the
# stock behaviour except for the bugs the fixes address. Last, because it
# leaves the object tree at that commit.
FIXES_GLOBS="10-* 20-* 25-* 30-* 32-* 33-* 35-* 40-* 60-* 62-* 63-* 64-*"
# the NVDIMM of tests/run.sh's main shard: 64-pud maps 1 GiB pages
export VM_NVDIMM_SIZE=5G VM_NVDIMM_ALIGN=1G
fixes_summary=""
fixes_runtime() {
	local work=$1 fres=$SER/guest/fixes fc rc
	[ "${N_FIXES:-0}" -gt 0 ] || return 0
	fc=${commits[$((N_FIXES - 1))]}
	rm -rf "$fres"
	mkdir -p "$fres"
	g checkout -q -f --detach "$fc"
	log "the fixes alone: building the kernel at $(g log -1 --format='%h %s' "$fc")"
	set_config > "$LOGS/fixes-build.log" 2>&1
	kmake bzImage >> "$LOGS/fixes-build.log" 2>&1 && kmake W=1 modules >> "$LOGS/fixes-build.log" 2>&1
	rc=$?
	tap $rc "fixes: the kernel with only the $N_FIXES fixes builds" "$( [ $rc = 0 ] || tail -n 20 "$LOGS/fixes-build.log")"
	if [ $rc = 0 ]; then
		# the test modules the stock tests load (not the library's
		# users: this kernel has no dax_common)
		make -C "$OBJ" M="$work/tests" DAX_TESTS_LIB=n modules > "$LOGS/fixes-modules.log" 2>&1
		rc=$?
		tap $rc "fixes: test modules build" "$( [ $rc = 0 ] || tail -n 20 "$LOGS/fixes-modules.log")"
	fi
	if [ $rc = 0 ]; then
		# the stock bugs the fixes leave may warn, in their regions only
		boot_guest fixes "$work" "$OBJ" "$fres" scripts/series/guest-fixes.sh "$FIXES_GLOBS"
		fixes_summary=$GUEST_SUMMARY
	fi
	g checkout -q -f series
}

# ---------------------------------------------------------------- boot
guest_summary=""
if [ $boot = 1 ]; then
	set_config > "$LOGS/boot-build.log" 2>&1
	log "building the patched kernel (bzImage, modules) in $OBJ"
	# Modules with W=1, as the per-patch builds leave them: W=1 changes
	# only warnings, and building them without it would recompile every
	# module object now and again at the next per-patch build.
	kmake bzImage >> "$LOGS/boot-build.log" 2>&1 &&
		kmake W=1 modules >> "$LOGS/boot-build.log" 2>&1
	rc=$?
	ncomp=$(grep -cE '^  (CC|AS)( \[M\])? ' "$LOGS/boot-build.log")
	release=$(cat "$OBJ/include/config/kernel.release" 2>/dev/null)
	tap "$([ $rc = 0 ] && [[ $release == *"$RELEASE_SUFFIX" ]] && echo 0 || echo 1)" \
		"boot: the patched kernel builds ($release; $ncomp files compiled, $((SECONDS - phase_start)) s)" \
		"$( [ $rc = 0 ] || tail -n 30 "$LOGS/boot-build.log")"
	phase_done "kernel build"
	if [ $rc = 0 ]; then
		# The guest sees a snapshot of the project as /work. Its test
		# modules (tests/*.ko, loaded by the guest suite) must be built
		# for this kernel: those of the work tree are built for the
		# default test kernel, whose release differs.
		work=$SER/guest/work
		res=$SER/guest/results
		rm -rf "$work" "$res"
		mkdir -p "$work" "$res"
		(cd "$TOP" && git ls-files -z -co --exclude-standard) |
			(cd "$TOP" && tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$work"
		# the guest tools are ignored by git: built here, as
		# tests/host-lib.sh's build_for_guest builds them. Not the
		# test modules built on this tree's dax_common: the kernel's
		# own, the series', shadows its header and has no extensions.
		make -C "$OBJ" M="$work/tests" DAX_TESTS_LIB=n modules > "$LOGS/guest-modules.log" 2>&1
		rc=$?
		for tool in $GUEST_TOOLS; do
			[ $rc = 0 ] || break
			gcc -O2 -Wall -Wextra -static -o "$work/tests/guest/$tool" "$work/tests/guest/$tool.c" \
				>> "$LOGS/guest-modules.log" 2>&1
			rc=$?
		done
		tap $rc "boot: test modules and guest tools build for $release" "$( [ $rc = 0 ] || tail -n 20 "$LOGS/guest-modules.log")"
		# A vm-run.sh that keeps one nvdimm backing file in the cache for
		# every VM gets its own for this one: other VMs may be running.
		if grep -q '^img=$CACHE/nvdimm.img$' "$work/scripts/vm-run.sh"; then
			sed -i 's|^img=$CACHE/nvdimm.img$|img=$CACHE/series/nvdimm.img|' "$work/scripts/vm-run.sh"
		fi
		# vm-run.sh reinstalls a kernel's modules only when the object
		# tree's path changes; this one is rebuilt in place.
		root=$("$TOP/scripts/make-guest-root.sh")
		rm -f "$root/usr/lib/modules/$release/.installed-from"
		# kmemleak is built in but off by default (tests/config)
		VM_APPEND=kmemleak=on "$work/scripts/vm-run.sh" -K "$OBJ" -t 1500 "$res" scripts/series/guest-intree.sh
		cp "$work/scripts/series/guest-intree.sh" "$res/" 2>/dev/null
		klog=$res/dmesg.txt
		[ -s "$klog" ] || klog=$res/console.log
		guest_tap guest "$res" "$klog"
		guest_summary=$GUEST_SUMMARY
		if [ -f "$res/kunit-intree.ktap" ]; then
			while read -r status name; do
				tap "$status" "guest: kunit: $name"
			done < <(sed -n 's/^ *\(not ok\|ok\) [0-9]* \(.*\)$/\1 \2/p' "$res/kunit-intree.ktap" |
				 grep -v ' dax_common_pgmap$' | sed 's/^not ok /1 /; s/^ok /0 /')
			# its cases, not the suite's own line
			kunit_fail=$(grep -c '^ \+not ok' "$res/kunit-intree.ktap")
			guest_summary+="; the in-tree KUnit suite: $(grep -c '^ \+ok' "$res/kunit-intree.ktap") cases passed, $kunit_fail failed"
		else
			tap 1 "guest: kunit: dax_common_pgmap_kunit ran" "$(cat "$res/kunit-intree.err" 2>/dev/null)"
		fi
	fi
	phase_done "guest"
	if [ -n "${work:-}" ]; then
		nfit_runtime "$work"
		phase_done "nfit_test at runtime"
		builtin_runtime "$work"
		phase_done "built in"
		fixes_runtime "$work"
		phase_done "the fixes alone"
	fi
fi

# ---------------------------------------------------------------- end
# The cached pristine source must be untouched (hard links!).
touched=""
for f in $(g diff --name-only base series); do
	[ -f "$SRC/$f" ] || continue
	[ "$(git hash-object --no-filters "$SRC/$f")" = "$(g rev-parse "base:$f")" ] || touched+="$f"$'\n'
done
tap "$([ -z "$touched" ] && echo 0 || echo 1)" "the cached pristine source is unchanged" "$touched"

# The cover letter's testing paragraph says what this run found.
para() { tr '\n' ' ' | sed 's/  */ /g; s/ $//' | fold -s -w 72 | sed 's/ *$//'; echo; }
if [ "$cp_fail" = 0 ]; then
	testing="Testing: every patch is checkpatch --strict clean"
else
	testing="Testing: checkpatch --strict still complains about $cp_fail patches"
fi
if [ $build = 1 ] && [ "$build_fail" = 0 ]; then
	testing+=", and the tree builds with W=1 at every patch, without warnings in drivers/dax; nfit_test builds at every patch that touches what it builds"
elif [ $build = 1 ]; then
	testing+="; $build_fail of the per-patch builds (W=1, drivers/dax and nfit_test) fail"
fi
testing=$( { echo "$testing. The series kernel runs a guest suite in QEMU against its own drivers, with a static dax device (NFIT, memmap on the device, so the data starts above the pgmap), a 3 GiB static one aligned to 1 GiB, a namespace with its memmap in RAM, and a dynamic one (hmem, reshaped into two ranges with a physical gap): bind, unbind and rebind between device_dax, fsdev_dax and kmem, mmap at 4 KiB, 2 MiB and 1 GiB alignment (PMD and PUD faults), an fs-dax holder walking direct_access() over the devices, memory failure injected in the data and below it, a probe failing on a busy range and on a pgmap moved above the data, a range appended to a bound device, files held open across rebinds, and the KUnit suite. The kernel has lockdep and kmemleak, and its log must stay free of their reports and of any WARNING." | para
	if [ -n "$guest_summary" ]; then
		echo
		echo "With DAX, DEV_DAX and DEV_DAX_FSDEV as modules: $guest_summary." | para
	fi
	if [ -n "$builtin_summary" ]; then
		echo
		echo "With them built in: $builtin_summary." | para
	fi
	if [ -n "$fixes_summary" ]; then
		echo
		echo "The fixes alone, on their own kernel (the series up to the last of them), with the same guest suite against the kernel's own drivers, which must behave as stock except for the bugs fixed: $fixes_summary." | para
	fi
	if [ -n "$nfit_summary" ]; then
		echo
		echo "nfit_test (tools/testing/nvdimm) at runtime, built from this series and loaded in place of the in-tree modules in that kernel, and the stock nfit_test in the stock kernel, with the same checks: nfit_test loads and its wrapped modules (with the series, its wrapped dax_common) are the ones in use, devdax namespaces on its emulated regions bind, rebind and switch to fsdev_dax and back, an unbind ends a live mapping, and injected media errors are reported as badblocks and fail reads through nd_pmem. On nfit_test memory every device_dax fault gets SIGBUS at 2 MiB alignment and oopses at 4 KiB, with and without this series (a tools/testing/nvdimm bug, not addressed here). Results: $nfit_summary." | para
	fi; } )
fill_cover "$testing"

echo "1..$tapn" | tee -a "$TAPLOG"
echo
echo "Series in $PATCHES (branch 'series' of $REPO):"
g log --reverse --format='%h %s' base..series | nl -w2 -s'/'"$n_patches"' ' | sed 's/^ //'
echo
i=0
for c in $(g rev-list --reverse base..series); do
	i=$((i + 1))
	echo "[$i/$n_patches] $(g log -1 --format=%s "$c")"
	g show --stat=72 --format= "$c" | sed 's/^/    /'
done
echo "Whole series:"
g diff --stat=72 base series | sed 's/^/    /'
echo
echo "Timings: $(printf '%s; ' "${timing[@]}")total $SECONDS s"
echo "$((tapn - tapfail)) passed, $tapfail failed"
[ $tapfail = 0 ]
