#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: our dax modules against the kernel's stock ones, in one VM
# boot (bench/guest.sh), then the tables and the plot:
#   bench/results/bench-<date>.txt and latest.txt   medians, min/max, ours/stock
#   bench/results/bind-latency.png                  bind+unbind latency vs size
#   bench/results/ranges.png                        lookup cost vs number of ranges
#   bench/results/latest-raw.tsv, latest-ftrace.tsv  the samples behind them
#
# Not part of the test suite. Tunables (environment):
#   BENCH_ROUNDS=12       alternating stock/ours rounds
#   BENCH_CYCLES=8        timed bind+unbind cycles per row and phase
#   BENCH_CLOCK=icount    the guest's clock: "icount" drives it by the
#                         instruction count (QEMU -icount, via the wrapper in
#                         bench/icount/), so host load cannot stretch guest
#                         time and ratios resolve to a percent on a shared
#                         machine; "host" is the host's clock (plain TCG)
#   BENCH_SWEEP_ROUNDS=3  alternating rounds of the size sweep (1, 4 and
#                         16 GiB static devices) and the range sweep (a
#                         256 MiB device in 1, 8, 64 and 128 ranges)
#   BENCH_SWEEP_CYCLES=3  timed bind+unbind cycles per size sweep row
#   BENCH_WAIT=3600       seconds to wait for other QEMU guests to finish
#                         before booting (they distort a "host" clock run,
#                         and slow any run down)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/scripts/lib.sh"

rounds=${BENCH_ROUNDS:-12}
cycles=${BENCH_CYCLES:-8}
sweep_rounds=${BENCH_SWEEP_ROUNDS:-3}
sweep_cycles=${BENCH_SWEEP_CYCLES:-3}
wait_max=${BENCH_WAIT:-3600}
clock=${BENCH_CLOCK:-icount}
case $clock in
icount)
	export PATH="$TOP/bench/icount:$PATH"
	clock_note="guest clock: QEMU -icount (2 ns per guest instruction; independent of host load)" ;;
host)
	clock_note="guest clock: the host's (plain TCG; host load stretches it)" ;;
*) die "BENCH_CLOCK must be icount or host" ;;
esac
results=$TOP/bench/results
start=$SECONDS

"$TOP/scripts/setup.sh" || die "set-up failed"
KDIR=$("$TOP/scripts/build-kernel.sh")
command -v gnuplot > /dev/null || die "gnuplot is missing (make setup installs gnuplot-nox)"

log "building the modules (ours, dax_bench) and the guest timer"
make -s -C "$KDIR" M="$TOP" modules >&2 || die "module build failed"
out=$(mktemp -d "${TMPDIR:-/tmp}/dax-common-bench.XXXXXX")
mkdir -p "$out/bin"
gcc -O2 -Wall -Wextra -static -o "$out/bin/benchtool" "$TOP/bench/benchtool.c" ||
	die "benchtool build failed"

# With BENCH_CLOCK=host the guest's clock follows the host's: another
# guest on this 2-core machine stretches whichever phase it overlaps.
# Wait for a quiet machine either way (the phases alternate, so a late
# intruder costs noise, not bias; under icount it costs only time).
waited=0
others() { pgrep -f '^(/[^ ]*/)?qemu-system-' > /dev/null; }
while others; do
	if [ $waited -ge "$wait_max" ]; then
		log "other QEMU guests still running after ${waited}s; measuring anyway"
		break
	fi
	[ $waited = 0 ] && log "waiting for other QEMU guests to finish (up to ${wait_max}s)"
	sleep 15
	waited=$((waited + 15))
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
rev=$(git -C "$TOP" describe --always --dirty 2> /dev/null || echo unknown)
log "load: $load; measuring tree $rev"

# Generous: a round takes about a minute under TCG.
timeout=$((600 + (rounds + 1) * 2 * 90 + sweep_rounds * 2 * 600))
# Note, every 10 s, how many other guests share the machine with ours.
(
	while sleep 10; do
		echo "$(date +%s) $(($(pgrep -fc '^(/[^ ]*/)?qemu-system-') - 1)) $(cut -d' ' -f1 /proc/loadavg) $(pgrep -fc -- '-icount shift=')"
	done
) > "$out/host-load.txt" 2>&1 &
monitor=$!
trap 'kill "$monitor" 2> /dev/null || true' EXIT
# The guest's own marker, not vm-run.sh's status, says whether it finished.
# The size sweep's 1, 4 and 16 GiB namespaces need a 24 GiB NVDIMM (a
# sparse file; the guest writes only their memmaps), within maxmem.
VM_NVDIMM_SIZE=24G VM_MEMORY=2048,slots=4,maxmem=32768 \
"$TOP/scripts/vm-run.sh" -t "$timeout" "$out" bench/guest.sh "$rounds" "$cycles" \
	"$sweep_rounds" "$sweep_cycles" ||
	log "vm-run.sh failed; checking whether the guest finished anyway"
kill "$monitor" 2> /dev/null || true
busy=$(awk '$2 > 0 { b++ } END { printf "%d of %d", b, NR }' "$out/host-load.txt")
log "samples with another QEMU guest running during the boot: $busy"
if [ ! -f "$out/guest-done" ]; then
	tail -n 30 "$out/guest.log" 2> /dev/null >&2
	tail -n 30 "$out/console.log" >&2
	die "the guest did not finish (results in $out)"
fi
bad=$(grep -E 'WARNING:|BUG:|Oops|Kernel panic|general protection' "$out/dmesg.txt" || true)
[ -z "$bad" ] || log "guest kernel log has reports: $bad"

mkdir -p "$results"
stamp=$(date +%Y%m%d-%H%M%S)
python3 "$TOP/bench/analyze.py" "$out" "$results" "$stamp" \
	"tree $rev; $clock_note; rounds=$rounds cycles=$cycles; load before boot: $load; 10 s samples with another QEMU guest running: $busy" ||
	die "analysis failed (raw data in $out)"
gnuplot -e "datafile='$results/bind-latency.dat'; outfile='$results/bind-latency.png'; clock='$clock'" \
	"$TOP/bench/bind-latency.gp" || die "gnuplot failed"
if [ -s "$results/ranges.dat" ]; then
	gnuplot -e "datafile='$results/ranges.dat'; outfile='$results/ranges.png'; clock='$clock'" \
		"$TOP/bench/ranges.gp" || die "gnuplot failed"
fi
cp "$results/bench-$stamp.txt" "$results/latest.txt"
cat "$results/latest.txt"
log "results in $results (bench-$stamp.txt, latest.txt, bind-latency.png, ranges.png); raw guest output in $out; $((SECONDS - start)) s"
