#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The out-of-tree personality of Documentation/dax-common/index.rst ("A
# personality out of tree"), as documented: its files and commands are
# taken from the page, so that the page is what is tested. In an empty
# directory outside this tree, write every file the section gives
# (a literal block after a paragraph that opens with ``NAME``), then run
# its commands (the literal block of "$ " lines) with D set to this tree:
# the module builds against the test kernel and the conformance suite
# runs on it, in a VM boot of its own. Prints TAP without numbers and
# without a closing line (tests/run.sh merges it into make check's):
# one line per step, then every line of the suite's, as "oot: ...".
#
#   tests/oot-check.sh [KDIR]
#
# KDIR, the kernel to build against, defaults to the test kernel (what
# "make -s kdir" prints); this tree's modules must be built for it.
# Under make check the suite does not rebuild this tree
# (DAX_CONFORMANCE_BUILT=1): the main guest run is using it.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
DOC=$TOP/Documentation/dax-common/index.rst
SECTION="A personality out of tree"

tap() {
	if [ "$1" = 0 ]; then
		echo "ok - oot: $2"
	else
		echo "not ok - oot: $2"
		[ -n "${3:-}" ] && sed 's/^/# /' <<<"$3" | head -n 40
	fi
	return 0
}

W=$(mktemp -d "${TMPDIR:-/tmp}/dax-oot.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir "$W/foo"

# The section's files, into $W/foo, and its commands, into $W/commands.
out=$(python3 - "$DOC" "$SECTION" "$W/foo" "$W/commands" <<'EOF'
import os
import re
import sys

doc, section, outdir, cmdfile = sys.argv[1:]
lines = open(doc, encoding="utf-8").read().split("\n")
start = end = None
for i in range(len(lines) - 1):
    under = re.fullmatch(r"=+", lines[i + 1])
    if under and start is None and lines[i] == section:
        start = i + 2
    elif under and start is not None and i >= start:
        end = i
        break
if start is None:
    sys.exit("no section '%s' in %s" % (section, doc))
end = end or len(lines)

files, commands = {}, []
i = start
while i < end:
    line = lines[i]
    if not line.startswith(" ") and line.rstrip().endswith("::"):
        j = i
        while j > start and lines[j - 1].strip():
            j -= 1
        para = " ".join(lines[j:i + 1])
        k = i + 1
        while k < end and not lines[k].strip():
            k += 1
        block = []
        while k < end and (lines[k].startswith("  ") or not lines[k].strip()):
            block.append(lines[k][2:])
            k += 1
        while block and not block[-1].strip():
            block.pop()
        m = re.match(r"``([^`/ ]+)``", para)
        if m:
            files[m.group(1)] = block
        elif block and all(b.startswith("$ ") for b in block):
            commands = [b[2:] for b in block]
        i = k
        continue
    i += 1

for name, block in files.items():
    text = ""
    for b in block:
        # rst has no tabs: the page indents by 8 blanks
        lead = len(b) - len(b.lstrip(" "))
        text += "\t" * (lead // 8) + " " * (lead % 8) + b.lstrip(" ") + "\n"
    with open(os.path.join(outdir, name), "w") as f:
        f.write(text)
with open(cmdfile, "w") as f:
    f.write("".join(c + "\n" for c in commands))
print(" ".join(sorted(files)))
EOF
) ; rc=$?
tap $rc "the page gives the files of an out-of-tree personality ($out)" "$out"
for f in foo.c Kbuild foo.conformance; do
	[ -s "$W/foo/$f" ]
	tap $? "the page gives $f"
done
tap "$([ "$(wc -l < "$W/foo/Kbuild" 2>/dev/null)" -le 3 ] && echo 0 || echo 1)" \
	"its Kbuild is three lines" "$(cat "$W/foo/Kbuild" 2>/dev/null)"
grep -q 'KBUILD_EXTRA_SYMBOLS' "$W/commands" && grep -q 'make -C .* conformance PERSONALITY=' "$W/commands"
tap $? "the page gives the build and the conformance command" "$(cat "$W/commands")"

# The commands, one after the other, in the personality's directory,
# with D this tree. The last one is the suite: its output is kept.
: > "$W/suite.out"
: > "$W/script"
while IFS= read -r cmd; do
	case $cmd in
	D=*) cmd="D=$TOP" ;;
	K=*) [ -n "${1:-}" ] && cmd="K=$1" ;;
	esac
	echo "$cmd" >> "$W/script"
done < "$W/commands"
# one shell, so that D and K carry over; stop at the first failure
step=0
while IFS= read -r cmd; do
	step=$((step + 1))
	printf '%s\n' "$cmd" > "$W/step$step"
done < "$W/script"
(
	cd "$W/foo" || exit 1
	export DAX_CONFORMANCE_BUILT=${DAX_CONFORMANCE_BUILT:-1}
	for s in $(seq "$step"); do
		cmd=$(cat "$W/step$s")
		case $cmd in
		*conformance*) eval "$cmd" > "$W/suite.out" 2> "$W/suite.err"
			echo "$? $s" > "$W/suite.rc" ;;
		*) eval "$cmd" > "$W/step$s.out" 2>&1; r=$?
			echo "$r $s" > "$W/step$s.rc"
			[ $r = 0 ] || exit 1 ;;
		esac
	done
)
for s in $(seq "$step"); do
	cmd=$(cat "$W/step$s")
	case $cmd in *conformance*) continue ;; esac
	r=$(cut -d' ' -f1 "$W/step$s.rc" 2>/dev/null || echo "not run")
	tap "$([ "$r" = 0 ] && echo 0 || echo 1)" "\$ $cmd" \
		"exit $r"$'\n'"$(tail -n 30 "$W/step$s.out" 2>/dev/null)"
done
[ -f "$W/foo/foo.ko" ]
tap $? "foo.ko is built outside this tree"

r=$(cut -d' ' -f1 "$W/suite.rc" 2>/dev/null || echo "not run")
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$W/suite.out")
tap "$([ "$r" = 0 ] && [ -n "$summary" ] && echo 0 || echo 1)" \
	"\$ $(grep conformance "$W/script"): ${summary:-no summary}" \
	"exit $r"$'\n'"$(tail -n 20 "$W/suite.err" 2>/dev/null)"
grep -q 'foo.conformance: the declarations are understood (read-only' "$W/suite.out"
tap $? "the suite read foo.conformance beside foo.ko"
# the suite's own lines, counted in make check's, with the diagnostics
# of those that failed
awk '/^(ok|not ok) / { keep = /^not ok/; sub(/^(ok|not ok) (- )?/, ($0 ~ /^not/ ? "not ok" : "ok") " - oot: foo: "); print; next }
	keep && /^# / { print; next } { keep = 0 }' "$W/suite.out"
exit 0
