#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Checks of Documentation/, as TAP on stdout (no closing summary):
#
#  - every .rst parses with docutils without errors or warnings, with the
#    kernel's Sphinx-only directives and roles (kernel-doc, toctree,
#    c:function, :c:func:, :doc: ...) registered as no-ops that still
#    check their options; every toctree entry and :doc: reference exists
#    and every document is in a toctree; SPDX line and 80 columns;
#  - every ".. kernel-doc::" directive names a file that exists (project
#    files under their in-tree names, mapped to this tree; others in
#    KSRC), and KSRC's scripts/kernel-doc renders it with the directive's
#    options without a warning, and -none -Wall is clean on it;
#  - every identifier named in :identifiers: (and :doc: title) exists in
#    the file it is taken from;
#  - writing-a-personality.rst names every field of struct
#    dev_dax_personality and every dev_dax_folio_policy value, as parsed
#    from include/dax-common.h, and ends with drivers/rw.c verbatim;
#  - every EXPORT_SYMBOL_NS_GPL() of dax-common/ is rendered by exactly
#    one kernel-doc directive of dax-common.rst and named in the guide;
#    every dev_dax_*() the driver-api pages name exists; dax-common.rst's
#    steps name every fault-injection point, in the order
#    devm_dev_dax_activate() calls them;
#  - Sphinx builds both documentation trees with the kernel's conf.py.
#
#   tests/docs-check.sh [KSRC]
#
# KSRC is a kernel source tree for scripts/kernel-doc; the default is the
# cached pristine test kernel. Exits non-zero if any check failed.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${DAX_COMMON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dax-common}
KSRC=${1:-$CACHE/src/linux-7.3.4-1~bpo13+1}
KSRC=$(cd "$KSRC" 2>/dev/null && pwd || echo "$KSRC")
DOCS=$TOP/Documentation
GUIDE=driver-api/dax/writing-a-personality.rst
HEADER=include/dax-common.h

n=0
failed=0
# tap RC DESCRIPTION [DIAGNOSTIC]: RC 0 is ok; the diagnostic (any number
# of lines) is printed as "# " comments after a failure.
tap() {
	local rc=$1 desc=$2 diag=${3:-}
	n=$((n + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $n - docs: $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - docs: $desc"
		[ -n "$diag" ] && sed 's/^/# /' <<<"$diag" | head -n 40
	fi
	return 0
}

# The in-tree path of a project file, as the upstream series places it,
# to the file in this tree; anything else is the kernel's own.
map_path() {
	case $1 in
	drivers/dax/dax-common.h) echo "$TOP/include/dax-common.h" ;;
	drivers/dax/dax-common/*) echo "$TOP/dax-common/${1#drivers/dax/dax-common/}" ;;
	*) echo "$KSRC/$1" ;;
	esac
}

W=$(mktemp -d "${TMPDIR:-/tmp}/docs-check.XXXXXX")
trap 'rm -rf "$W"' EXIT

# Debian's docutils (python3-docutils), else whatever python3 has one.
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import docutils' 2>/dev/null; then
		PY=$p
		break
	fi
done

mapfile -t RST < <(cd "$DOCS" 2>/dev/null && find . -name '*.rst' | sed 's|^\./||' | sort)
if [ ${#RST[@]} = 0 ]; then
	tap 1 "Documentation/ has .rst files" "none found under $DOCS"
	exit 1
fi

KDOC=$KSRC/scripts/kernel-doc
tap "$([ -n "$PY" ] && echo 0 || echo 1)" "python3 with docutils is available" \
	"install Debian's python3-docutils"
tap "$([ -x "$KDOC" ] && echo 0 || echo 1)" "kernel-doc found in KSRC" \
	"$KDOC is missing or not executable; usage: tests/docs-check.sh [KSRC]"

# ---------------------------------------------------------------------
# 1. docutils parse, with the kernel's Sphinx extensions stubbed out.
#
# parse.py DOCDIR OUTDIR FILE...: writes OUTDIR/parse.tsv (file, number
# of problems), OUTDIR/msg/N.txt (the problems of the Nth file),
# OUTDIR/kdoc.tsv (one kernel-doc directive a line: file, line, path,
# then name=value per option) and OUTDIR/refs.txt (unresolved toctree and
# :doc: references, documents in no toctree).
cat > "$W/parse.py" <<'EOF'
import io
import os
import re
import sys

import docutils.core
from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles

docdir, outdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
current = {"file": None}
kdoc = []          # kernel-doc directives
toc = {}           # file -> toctree entries
docrefs = []       # (file, line, target) of :doc: roles


class AnyOptions(dict):
    """Accept any option: for Sphinx directives whose options we do not
    check (c:function and the like)."""

    def __missing__(self, key):
        return directives.unchanged


class Ignored(Directive):
    """A Sphinx-only directive: parsed, checked for its options, then
    dropped."""
    required_arguments = 0
    optional_arguments = 100
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOptions()

    def run(self):
        return []


class KernelDoc(Directive):
    """The kernel's kernel-doc directive, with its exact option set
    (Documentation/sphinx/kerneldoc.py), recorded for the checks below."""
    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = False
    option_spec = {
        "doc": directives.unchanged_required,
        "export": directives.unchanged,
        "internal": directives.unchanged,
        "identifiers": directives.unchanged,
        "no-identifiers": directives.unchanged,
        "functions": directives.unchanged,
    }

    def run(self):
        kdoc.append((current["file"], self.lineno, self.arguments[0],
                     dict(self.options)))
        return []


class TocTree(Directive):
    """Sphinx's toctree, with its option set; the entries are recorded."""
    required_arguments = 0
    optional_arguments = 0
    has_content = True
    option_spec = {
        "maxdepth": int,
        "name": directives.unchanged,
        "class": directives.class_option,
        "caption": directives.unchanged_required,
        "glob": directives.flag,
        "hidden": directives.flag,
        "includehidden": directives.flag,
        "numbered": directives.unchanged,
        "titlesonly": directives.flag,
        "reversed": directives.flag,
    }

    def run(self):
        for line in self.content:
            line = line.strip()
            if not line:
                continue
            m = re.match(r".*<(.+)>$", line)
            toc.setdefault(current["file"], []).append(
                (self.lineno, m.group(1) if m else line))
        return []


def literal_role(name, rawtext, text, lineno, inliner, options=None,
                 content=None):
    if name == "doc":
        m = re.match(r".*<(.+)>$", text)
        docrefs.append((current["file"], lineno, m.group(1) if m else text))
    return [nodes.literal(rawtext, text)], []


for name in ("kernel-doc",):
    directives.register_directive(name, KernelDoc)
directives.register_directive("toctree", TocTree)
for name in ("c:function", "c:macro", "c:struct", "c:union", "c:enum",
             "c:enumerator", "c:type", "c:member", "c:var", "c:namespace",
             "c:namespace-push", "c:namespace-pop", "kernel-include",
             "kernel-figure", "kernel-image", "kernel-render",
             "kernel-feat", "kernel-abi", "maintainers-include",
             "flat-table", "only", "highlight", "literalinclude",
             "code-block", "index", "seealso", "versionadded",
             "versionchanged", "deprecated", "tabularcolumns", "glossary",
             "productionlist", "hlist", "centered"):
    directives.register_directive(name, Ignored)
for name in ("c:func", "c:type", "c:macro", "c:data", "c:struct",
             "c:union", "c:enum", "c:enumerator", "c:member", "c:var",
             "c:expr", "c:texpr", "c:id", "doc", "ref", "numref", "any",
             "manpage", "file", "samp", "kbd", "command", "program",
             "envvar", "option", "term", "abbr", "menuselection",
             "download", "keyword"):
    roles.register_local_role(name, literal_role)

out = open(os.path.join(outdir, "parse.tsv"), "w")
os.makedirs(os.path.join(outdir, "msg"), exist_ok=True)
for i, rel in enumerate(files):
    current["file"] = rel
    path = os.path.join(docdir, rel)
    stream = io.StringIO()
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        docutils.core.publish_doctree(
            text, source_path=path,
            settings_overrides={
                "report_level": 2,      # warnings and worse
                "halt_level": 5,        # never stop: report everything
                "warning_stream": stream,
                "file_insertion_enabled": False,
                "raw_enabled": False,
                "tab_width": 8,
            })
        msgs = stream.getvalue().strip()
    except Exception as e:  # a crash of the parser is a failure too
        msgs = (stream.getvalue() + "\n%s: %s" % (type(e).__name__, e)).strip()
    nmsg = len(re.findall(r"\((WARNING|ERROR|SEVERE)/\d\)", msgs))
    if msgs and not nmsg:
        nmsg = 1
    with open(os.path.join(outdir, "msg", "%d.txt" % i), "w") as m:
        m.write(msgs + "\n" if msgs else "")
    out.write("%s\t%d\n" % (rel, nmsg))
out.close()

with open(os.path.join(outdir, "kdoc.tsv"), "w") as f:
    for rel, line, path, opts in kdoc:
        fields = [rel, str(line), path]
        for k, v in opts.items():
            v = "" if v is None else " ".join(str(v).split())
            fields.append("%s=%s" % (k, v))
        f.write("\t".join(fields) + "\n")


def resolve(frm, target):
    base = os.path.dirname(frm)
    if target.startswith("/"):
        cand = target.lstrip("/")
    else:
        cand = os.path.normpath(os.path.join(base, target))
    if cand.endswith(".rst"):
        cand = cand[:-4]
    return cand


known = {f[:-4] for f in files}
problems = []
listed = set()
for frm, entries in toc.items():
    for line, target in entries:
        cand = resolve(frm, target)
        listed.add(cand)
        if cand not in known:
            problems.append("%s:%d: toctree entry '%s' is not a document"
                            % (frm, line, target))
for frm, line, target in docrefs:
    if resolve(frm, target) not in known:
        problems.append("%s:%s: :doc: target '%s' is not a document"
                        % (frm, line, target))
for f in files:
    doc = f[:-4]
    # the top of each toctree tree (an index with no parent here) is the
    # entry point that the kernel's own index would list
    if doc not in listed and os.path.basename(doc) != "index":
        problems.append("%s: document is in no toctree" % f)
with open(os.path.join(outdir, "refs.txt"), "w") as f:
    f.write("".join(p + "\n" for p in problems))
EOF

: > "$W/kdoc.tsv"
if [ -n "$PY" ]; then
	if ! "$PY" "$W/parse.py" "$DOCS" "$W" "${RST[@]}" > "$W/py.out" 2>&1; then
		tap 1 "the docutils checker ran" "$(cat "$W/py.out")"
	fi
fi
i=0
for f in "${RST[@]}"; do
	if [ -z "$PY" ]; then
		tap 1 "$f parses without errors or warnings (docutils)" "no docutils"
	else
		cnt=$(awk -F'\t' -v f="$f" '$1 == f { print $2 }' "$W/parse.tsv" 2>/dev/null)
		tap "$([ "$cnt" = 0 ] && echo 0 || echo 1)" \
			"$f parses without errors or warnings (docutils)" \
			"$(cat "$W/msg/$i.txt" 2>/dev/null)"
	fi
	i=$((i + 1))
done

if [ -n "$PY" ]; then
	refs=$(cat "$W/refs.txt" 2>/dev/null)
	tap "$([ -z "$refs" ] && echo 0 || echo 1)" \
		"toctree entries and :doc: references resolve, every document is in a toctree" "$refs"
fi

# Kernel documentation style: the SPDX tag first, 80 columns (a line
# without blanks, such as a long path or URL, may run over), no tabs or
# trailing blanks.
for f in "${RST[@]}"; do
	p=$DOCS/$f
	bad=
	[ "$(head -n1 "$p")" = ".. SPDX-License-Identifier: GPL-2.0" ] ||
		bad="line 1 is not '.. SPDX-License-Identifier: GPL-2.0'"
	long=$(awk 'length($0) > 80 && /[^ ] +[^ ]/ { printf "%d: %d columns\n", NR, length($0) }' "$p")
	[ -z "$long" ] || bad="$bad${bad:+$'\n'}$long"
	ws=$(grep -n -P '\t| +$' "$p" | cut -d: -f1 | sed 's/$/: tab or trailing blank/')
	[ -z "$ws" ] || bad="$bad${bad:+$'\n'}$ws"
	tap "$([ -z "$bad" ] && echo 0 || echo 1)" "$f: SPDX line, <= 80 columns, no tabs or trailing blanks" "$bad"
done

# ---------------------------------------------------------------------
# 2. and 3. kernel-doc directives.
nk=0
while IFS=$'\t' read -r -a d; do
	[ ${#d[@]} -ge 3 ] || continue
	nk=$((nk + 1))
	rst=${d[0]} line=${d[1]} path=${d[2]}
	src=$(map_path "$path")
	where="$rst:$line: kernel-doc:: $path"
	declare -A opt=()
	for o in "${d[@]:3}"; do
		opt[${o%%=*}]=${o#*=}
	done
	optdesc=$(for k in "${!opt[@]}"; do printf ':%s: %s ' "$k" "${opt[$k]}"; done | sed 's/ *$//')
	[ -z "$optdesc" ] || optdesc=" ($optdesc)"

	if [ ! -f "$src" ]; then
		tap 1 "$where: the file exists" "looked for ${src#"$TOP"/}"
		unset opt
		continue
	fi
	tap 0 "$where: the file exists (${src#"$TOP"/})"

	# The kernel-doc arguments the Sphinx extension would use.
	args=(-rst -enable-lineno)
	exports=()
	[ -n "${opt[functions]+x}" ] && opt[identifiers]=${opt[functions]}
	if [ -n "${opt[export]+x}" ]; then
		args+=(-export)
		read -r -a exports <<<"${opt[export]}"
	elif [ -n "${opt[internal]+x}" ]; then
		args+=(-internal)
		read -r -a exports <<<"${opt[internal]}"
	elif [ -n "${opt[doc]+x}" ]; then
		args+=(-function "${opt[doc]}")
	elif [ -n "${opt[identifiers]+x}" ]; then
		read -r -a ids <<<"${opt[identifiers]}"
		if [ ${#ids[@]} = 0 ]; then
			args+=(-no-doc-sections)
		fi
		for id in "${ids[@]}"; do args+=(-function "$id"); done
	fi
	if [ -n "${opt[no-identifiers]+x}" ]; then
		read -r -a ids <<<"${opt[no-identifiers]}"
		for id in "${ids[@]}"; do args+=(-nosymbol "$id"); done
	fi
	for pat in "${exports[@]}"; do
		for ef in $(map_path "$pat"); do
			[ -f "$ef" ] && args+=(-export-file "$ef")
		done
	done

	if [ -x "$KDOC" ]; then
		out=$("$KDOC" "${args[@]}" "$src" 2>"$W/kdoc.err"); rc=$?
		# kept for the API coverage checks (4.)
		printf '%s\n' "$out" > "$W/kdoc-out.$nk"
		printf '%s\t%s\n' "$nk" "$rst" >> "$W/kdoc-out.tsv"
		err=$(cat "$W/kdoc.err")
		diag="command: scripts/kernel-doc ${args[*]} ${src#"$TOP"/}"
		if [ $rc != 0 ] || [ -n "$err" ] || [ -z "$(tr -d '[:space:]' <<<"$out")" ]; then
			[ -z "$(tr -d '[:space:]' <<<"$out")" ] && diag="$diag"$'\n'"no output"
			diag="$diag"$'\n'"exit $rc"$'\n'"$err"
			tap 1 "$where${optdesc}: kernel-doc renders it without warnings" "$diag"
		else
			tap 0 "$where${optdesc}: kernel-doc renders it without warnings"
		fi
		err=$("$KDOC" -none -Wall "$src" 2>&1)
		tap "$([ -z "$err" ] && echo 0 || echo 1)" "$where: kernel-doc -none -Wall is clean" "$err"
	else
		tap 1 "$where${optdesc}: kernel-doc renders it without warnings" "no $KDOC"
	fi

	# 3. Every identifier named is documented in that file: a kernel-doc
	# comment heading for it, and the name in the code.
	if [ -n "${opt[identifiers]+x}" ]; then
		read -r -a ids <<<"${opt[identifiers]}"
		for id in "${ids[@]}"; do
			head_re="^[[:space:]]*\\*[[:space:]]*((struct|union|enum|typedef|var)[[:space:]]+)?$id(\\(\\))?[[:space:]]*(-|:)"
			if grep -Eq "$head_re" "$src" &&
			   grep -v '^[[:space:]]*\*' "$src" | grep -Eq "(^|[^[:alnum:]_])$id([^[:alnum:]_]|$)"; then
				tap 0 "$where: identifier $id is documented in ${src#"$TOP"/}"
			else
				tap 1 "$where: identifier $id is documented in ${src#"$TOP"/}" \
					"no kernel-doc comment for '$id' (or no '$id' in the code) in ${src#"$TOP"/}"
			fi
		done
	fi
	if [ -n "${opt[doc]+x}" ]; then
		title=${opt[doc]}
		if grep -Fq "DOC: $title" "$src"; then
			tap 0 "$where: DOC: section '$title' exists"
		else
			tap 1 "$where: DOC: section '$title' exists" "no 'DOC: $title' in ${src#"$TOP"/}"
		fi
	fi
	unset opt
done < "$W/kdoc.tsv"
tap "$([ $nk -gt 0 ] && echo 0 || echo 1)" "the documentation pulls in kernel-doc ($nk directives)" \
	"no '.. kernel-doc::' directive found"

# ---------------------------------------------------------------------
# 4. The guide names every field of struct dev_dax_personality and every
# folio policy, as the header has them now.
# One declaration a line; a function pointer becomes its name, arrays and
# bit widths go, and "int a, b" gives both names.
fields=$(sed -n '/^struct dev_dax_personality {/,/^};/p' "$TOP/$HEADER" |
	sed '1d;$d' | perl -0777 -pe 's{/\*.*?\*/}{}gs; s{//.*}{}g' | tr '\n' ' ' | tr ';' '\n' |
	sed -E 's/\(\*[[:space:]]*([[:alnum:]_]+)\).*/ \1/; s/\[[^]]*\]//g' | tr ',' '\n' |
	sed -E 's/:[[:space:]]*[0-9]+[[:space:]]*$//' | grep -oE '[[:alnum:]_]+[[:space:]]*$' | tr -d ' ')
policies=$(sed -n '/^enum dev_dax_folio_policy {/,/^};/p' "$TOP/$HEADER" |
	sed '1d;$d' | grep -oE '^[[:space:]]*[A-Z][A-Z0-9_]*' | sed 's/^[[:space:]]*//')
tap "$([ -n "$fields" ] && echo 0 || echo 1)" \
	"struct dev_dax_personality parsed from $HEADER ($(echo $fields))" \
	"no 'struct dev_dax_personality {' ... '};' in $HEADER"
for fl in $fields; do
	if grep -Fq "\`\`$fl\`\`" "$DOCS/$GUIDE" 2>/dev/null; then
		tap 0 "$GUIDE documents dev_dax_personality.$fl"
	else
		tap 1 "$GUIDE documents dev_dax_personality.$fl" \
			"field '$fl' of struct dev_dax_personality ($HEADER) is not named as \`\`$fl\`\` in $GUIDE"
	fi
done
for pol in $policies; do
	if grep -Fq "\`\`$pol\`\`" "$DOCS/$GUIDE" 2>/dev/null; then
		tap 0 "$GUIDE documents folio policy $pol"
	else
		tap 1 "$GUIDE documents folio policy $pol" \
			"enum dev_dax_folio_policy value '$pol' ($HEADER) is not named as \`\`$pol\`\` in $GUIDE"
	fi
done

# The guide's complete example is the template personality itself,
# drivers/rw.c, word for word: the first literal block that opens with
# its SPDX line, de-indented (tabs expanded: rst has none).
TEMPLATE=drivers/rw.c
example=$(awk '
	/^  \/\/ SPDX-License-Identifier/ && !done { inblock = 1 }
	inblock && /^[^ ]/ { inblock = 0; done = 1 }
	inblock { sub(/^  /, ""); print }
' "$DOCS/$GUIDE" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
if [ -n "$example" ] && diff <(echo "$example") <(expand "$TOP/$TEMPLATE") > "$W/example.diff"; then
	tap 0 "$GUIDE's example is $TEMPLATE verbatim"
else
	tap 1 "$GUIDE's example is $TEMPLATE verbatim" \
		"$([ -n "$example" ] && head -n 30 "$W/example.diff" || echo "no example block found")"
fi

# The library's API, as its sources export it: every
# EXPORT_SYMBOL_NS_GPL() of dax-common/*.c is rendered by exactly one
# kernel-doc directive of dax-common.rst (one reference per export: none
# missing, none twice), and the guide names it as ``name()``.
REF=driver-api/dax/dax-common.rst
mapfile -t EXPORTS < <(cd "$TOP" && grep -o 'EXPORT_SYMBOL_NS_GPL([a-z0-9_]*,' dax-common/*.c |
	sed 's/:EXPORT_SYMBOL_NS_GPL(/ /; s/,$//')
tap "$([ ${#EXPORTS[@]} -gt 0 ] && echo 0 || echo 1)" \
	"dax-common/ exports ${#EXPORTS[@]} symbols (EXPORT_SYMBOL_NS_GPL)" "none found in $TOP/dax-common/*.c"
for e in "${EXPORTS[@]}"; do
	file=${e% *} sym=${e#* }
	where=""
	while IFS=$'\t' read -r k rst; do
		[ "$rst" = "$REF" ] || continue
		grep -Eq "^\.\. c:function:: .*[^[:alnum:]_]$sym ?\(" "$W/kdoc-out.$k" 2>/dev/null &&
			where+="$(awk -F'\t' -v k="$k" 'NR == k { print $2 ":" $3 }' "$W/kdoc.tsv") "
	done < <(cat "$W/kdoc-out.tsv" 2>/dev/null)
	cnt=$(wc -w <<<"$where")
	tap "$([ "$cnt" = 1 ] && echo 0 || echo 1)" "$REF documents $sym() ($file) with kernel-doc, once" \
		"$([ "$cnt" = 0 ] && echo "no kernel-doc directive of $REF renders $sym(): add '.. kernel-doc:: drivers/dax/$file' with :export:, or name it in :identifiers:" ||
		   echo "rendered by $cnt directives: $where")"
	if grep -Fq "\`\`$sym()\`\`" "$DOCS/$GUIDE"; then
		tap 0 "$GUIDE mentions $sym()"
	else
		tap 1 "$GUIDE mentions $sym()" "exported by $file, not named as \`\`$sym()\`\` in $GUIDE"
	fi
done

# Every dax_common function the driver-api pages name exists: declared in
# the header, or defined in the library, a driver, or the kernel's
# drivers/dax. Catches a page still describing a renamed or removed
# helper.
named=$(grep -ohE '``(devm_)?dev_dax_[a-z0-9_]+\(\)``' "$DOCS"/driver-api/dax/*.rst | tr -d '`()' | sort -u)
stale=""
for f in $named; do
	grep -Eqs "(^|[^[:alnum:]_])$f\(" "$TOP/$HEADER" "$TOP"/dax-common/*.[ch] "$TOP"/drivers/*.c "$KSRC"/drivers/dax/*.[ch] ||
		stale+="$f() is named in $(grep -lF "\`\`$f()\`\`" "$DOCS"/driver-api/dax/*.rst | sed "s|$DOCS/||" | paste -sd' ' -) but defined nowhere"$'\n'
done
tap "$([ -n "$named" ] && [ -z "$stale" ] && echo 0 || echo 1)" \
	"every dev_dax_*() the driver-api pages name exists ($(wc -w <<<"$named") names)" "$([ -n "$named" ] && echo "${stale%$'\n'}" || echo "no names found")"

# The steps of devm_dev_dax_activate() in dax-common.rst: the page names
# every fault-injection point of dax-common/ (ALLOW_ERROR_INJECTION), in
# the order devm_dev_dax_activate() calls them.
points=$(cd "$TOP" && grep -oh 'ALLOW_ERROR_INJECTION([a-z0-9_]*' dax-common/*.c | sed 's/.*(//' | sort -u)
# (the memory steps through devm_dev_dax_map(), in pgmap.c)
fn_calls() { awk -v f="$1" '$0 ~ ("^int " f "\\(") { on = 1 } on { print } on && /^}/ { exit }' "$2" |
	grep -oE '[a-z0-9_]+\(' | tr -d '(' | tail -n +2; }
called=$(fn_calls devm_dev_dax_activate "$TOP/dax-common/activate.c" |
	while read -r c; do
		if [ "$c" = devm_dev_dax_map ]; then fn_calls devm_dev_dax_map "$TOP/dax-common/pgmap.c"; else echo "$c"; fi
	done | grep -Fx -f <(echo "$points") | awk '!seen[$0]++')
listed=$(awk '/^How a device is activated$/ { on = 1 } on && /^A failure is logged/ { exit } on { print }' "$DOCS/$REF" |
	grep -oE '``[a-z0-9_]+\(\)``' | tr -d '`()' | grep -Fx -f <(echo "$points") | awk '!seen[$0]++')
missing=$(comm -23 <(echo "$points") <(echo "$called" | sort))
diag=""
[ -z "$missing" ] || diag="injection points devm_dev_dax_activate() does not call directly: $(echo $missing)"$'\n'
[ "$called" = "$listed" ] || diag+="devm_dev_dax_activate() calls: $(echo $called)"$'\n'"$REF lists:  $(echo $listed)"
tap "$([ -n "$points" ] && [ -z "$diag" ] && echo 0 || echo 1)" \
	"$REF names the $(wc -w <<<"$points") fault-injection points in the order of devm_dev_dax_activate()" "$diag"

# ---------------------------------------------------------------------
# 5. A real Sphinx build with the kernel's conf.py and extensions, if
# Debian's python3-sphinx is installed: each documentation tree (a
# directory with an index.rst whose parent has none) is built as the
# kernel's "make SPHINXDIRS=..." would, from a staged source tree where
# the project's files sit at their in-tree paths. Any warning about the
# documents fails; warnings about missing optional tools do not.
SPHINX=/usr/bin/sphinx-build
if [ ! -x "$SPHINX" ] || [ ! -f "$KSRC/Documentation/conf.py" ]; then
	# scripts/setup-host.sh installs python3-sphinx: its absence is a
	# failure, not a skip.
	tap 1 "Sphinx build with the kernel's conf.py" "no $SPHINX or no $KSRC/Documentation/conf.py"
else
	st=$W/srctree
	mkdir -p "$st/Documentation"
	for x in tools scripts MAINTAINERS; do
		[ -e "$KSRC/$x" ] && ln -s "$KSRC/$x" "$st/$x"
	done
	for f in "${RST[@]}"; do
		mkdir -p "$st/Documentation/$(dirname "$f")"
		ln -s "$DOCS/$f" "$st/Documentation/$f"
	done
	while IFS=$'\t' read -r -a d; do
		[ ${#d[@]} -ge 3 ] || continue
		src=$(map_path "${d[2]}")
		[ -e "$st/${d[2]}" ] || [ ! -f "$src" ] && continue
		mkdir -p "$st/$(dirname "${d[2]}")"
		ln -s "$src" "$st/${d[2]}"
	done < "$W/kdoc.tsv"
	for f in "${RST[@]}"; do
		case $f in index.rst|*/index.rst) ;; *) continue ;; esac
		dir=$(dirname "$f")
		[ "$dir" != . ] && [ -f "$DOCS/$(dirname "$dir")/index.rst" ] && continue
		out=$(cd "$W" && srctree=$st "$SPHINX" -b html -E -q -j 1 \
			-c "$KSRC/Documentation" -D kerneldoc_srctree="$st" \
			"$st/Documentation/$dir" "$W/html-${dir//\//-}" 2>&1); rc=$?
		warn=$(grep -v -e '^Using alabaster theme$' -e 'dot(1) not found' \
			-e 'convert(1) not found' -e 'rsvg-convert(1) not found' \
			-e 'inkscape(1) not found' -e '^$' <<<"$out" | sed "s|$st/||g")
		tap "$([ $rc = 0 ] && [ -z "$warn" ] && echo 0 || echo 1)" \
			"Sphinx $("$SPHINX" --version 2>/dev/null | awk '{print $2}') builds Documentation/$dir with the kernel's conf.py, no warnings" \
			"exit $rc"$'\n'"$warn"
	done
fi

[ $failed = 0 ]
