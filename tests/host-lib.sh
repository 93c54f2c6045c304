# SPDX-License-Identifier: GPL-2.0
# Sourced by the host test commands (run.sh, conformance.sh): set-up, the
# build for the guest, the VM run, and the verdict on it as TAP.
#
#   run_begin NAME VARIANT         results dir and TAP file ($out, $tap),
#                                  set-up, the kernel ($KDIR)
#   build_for_guest                this tree's modules and daxio for $KDIR
#   run_guest SCRIPT [ARGS...]     boot $variant, run the guest script,
#                                  then guest_verdict
#   guest_verdict GUEST_DIR TAP    append the guest's TAP and the checks
#                                  on how it ended
#   closing_line TAP               "N passed, N failed"; exit status

# Anything the kernel says that fails a run, whatever the test.
KERNEL_BAD='WARNING:|BUG:|Oops|circular locking dependency|recursive locking|inconsistent lock state|suspicious RCU usage|lockdep is turned off|KASAN:|UBSAN:|kmemleak: [0-9]+ new suspected|unreferenced object|Kernel panic|general protection|ODEBUG:|list_(add|del) corruption'

guest_verdict() {
	local guest=$1 tap=$2 kernel_log bad
	if [ -f "$guest/tap.txt" ]; then
		sed 's/^\(ok\|not ok\) [0-9]* - /\1 - guest: /' "$guest/tap.txt" | tee -a "$tap"
	fi

	# Where the guest's time went: its slowest checks (lib.sh's
	# check-times), as TAP comments
	if [ -s "$guest/check-times" ]; then
		sort -rn "$guest/check-times" | head -n "${DAX_SLOWEST:-12}" |
			awk '{ t = $1; $1 = ""; printf "# slow: %6.1f s%s\n", t / 1e6, $0 }' | tee -a "$tap"
	fi

	# KUnit's KTAP, read by the kernel's own parser
	for k in "$guest"/kunit.ktap "$guest"/kunit-pgmap.ktap; do
		[ -f "$k" ] || continue
		python3 "$TOP/tests/kunit-tap.py" "$(readlink -f "$KDIR/source")" \
			"$k" | tee -a "$tap"
	done

	# The guest must have finished, and its kernel must have said
	# nothing bad.
	if grep -q '^# guest done' "$guest/tap.txt" 2>/dev/null; then
		echo "ok - guest: suite ran to the end ($(cat "$guest/vm-status"))" | tee -a "$tap"
	else
		echo "not ok - guest: suite ran to the end ($(cat "$guest/vm-status" 2>/dev/null))" | tee -a "$tap"
		tail -n 60 "$guest/console.log" 2>/dev/null | sed 's/^/# /' | tee -a "$tap"
	fi
	# On 7.2 the kernel's own kmem leaks on unbind (README, "Known
	# problems"): a report of nothing but that leak is the known bug,
	# and so are the kernel log's kmemleak lines about it.
	local kmem72= counts
	if [ "${variant:-}" = 7.2 ] && [ -s "$guest/kmemleak.txt" ]; then
		counts=$(python3 "$TOP/tests/kmemleak-kmem72.py" "$guest/kmemleak.txt")
		[ "${counts% *}" = "${counts#* }" ] && [ "${counts% *}" -gt 0 ] && kmem72=${counts% *}
	fi
	kernel_log=$guest/dmesg.txt
	[ -s "$kernel_log" ] || kernel_log=$guest/console.log
	# Leave out the stock bugs that a test reproduced on purpose
	# (known_bug_begin/known_bug_end in tests/guest/lib.sh); the test
	# checked that the kernel warned as it expected.
	# A region that never ends hides nothing: it is a failure.
	bad=$(awk '/dax-test: known bug begins:/ { skip = 1 } !skip { print }
		/dax-test: known bug ends/ { skip = 0 }
		END { if (skip) print "WARNING: a known-bug region of the kernel log never ended" }' \
		"$kernel_log" 2>/dev/null | grep -E "$KERNEL_BAD")
	[ -z "$kmem72" ] || bad=$(grep -vE 'kmemleak: [0-9]+ new suspected memory leaks' <<<"$bad")
	if [ -z "$bad" ] && [ -s "$kernel_log" ]; then
		echo "ok - guest: kernel log has no WARNING/BUG/lockdep/KASAN/UBSAN/ODEBUG/kmemleak report" | tee -a "$tap"
	else
		echo "not ok - guest: kernel log has no WARNING/BUG/lockdep/KASAN/UBSAN/ODEBUG/kmemleak report" | tee -a "$tap"
		sed 's/^/# /' <<<"${bad:-no kernel log}" | head -n 40 | tee -a "$tap"
	fi

	if [ -f "$guest/kmemleak.txt" ] && [ ! -s "$guest/kmemleak.txt" ]; then
		echo "ok - guest: kmemleak scan after the suite finds no leak" | tee -a "$tap"
	elif [ -n "$kmem72" ]; then
		echo "ok - guest: kmemleak scan after the suite finds only Linux 7.2 kmem's leak, $kmem72 objects (known bug)" | tee -a "$tap"
	else
		echo "not ok - guest: kmemleak scan after the suite finds no leak" | tee -a "$tap"
		head -n 40 "$guest/kmemleak.txt" 2>/dev/null | sed 's/^/# /' | tee -a "$tap"
	fi
}

closing_line() {
	local passed failed
	passed=$(grep -c '^ok ' "$1")
	failed=$(grep -c '^not ok ' "$1")
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}

# tap_line RC DESCRIPTION [DIAGNOSTIC]: one TAP line for a host step
tap_line() {
	if [ "$1" = 0 ]; then
		echo "ok - host: $2"
	else
		echo "not ok - host: $2"
		[ -n "${3:-}" ] && sed 's/^/# /' <<<"$3" | head -n 40
	fi
	return 0
}

run_begin() {
	out=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	variant=$2
	tap=$out/all.tap
	: > "$tap"
	start=$SECONDS
	"$TOP/scripts/setup.sh" "$variant" || die "set-up failed"
	KDIR=$("$TOP/scripts/build-kernel.sh" "$variant")
}

build_for_guest() {
	local build tool
	log "building the modules and guest tools for $variant"
	build=$(make -s -C "$KDIR" M="$TOP" modules 2>&1)
	tap_line $? "modules build for the $variant kernel" "$build" | tee -a "$tap"
	# static: the guest execs them thousands of times, and under TCG
	# the dynamic loader's work costs more than theirs
	for tool in $GUEST_TOOLS; do
		build=$(gcc -O2 -Wall -Wextra -static -o "$TOP/tests/guest/$tool" \
			"$TOP/tests/guest/$tool.c" 2>&1)
		tap_line $? "$tool builds" "$build" | tee -a "$tap"
	done
}

# The sanitizer kernel runs the suite several times slower under TCG. It
# boots with debug_pagealloc=off: with it on, x86 leaves holes in the
# direct map of memory that kmem onlined and offlined, and a later
# ZONE_DEVICE mapping of it faults on kaddr (README, "Known problems";
# tests/guest/repro-debug-pagealloc.sh shows it).
run_guest() {
	# two hours: one boot of the whole suite, ours and stock, takes about one
	local timeout=7200 append="kmemleak=on"
	if [ "$variant" = sanitize ]; then
		timeout=10800
		append="$append debug_pagealloc=off"
	fi
	VM_APPEND=$append "$TOP/scripts/vm-run.sh" -t $timeout -k "$variant" \
		"$out/guest" "$@"
	guest_verdict "$out/guest" "$tap"
	log "results in $out ($(( SECONDS - start )) s)"
}
