#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make bench`: our modules against the kernel's stock ones,
# in one boot, in alternating phases (stock, ours, stock, ours, ...), so
# that a drift of the emulator or the host hits both alike.
#
#   guest.sh ROUNDS CYCLES
#
# Round 0 is a warm-up (see below); each of the ROUNDS rounds after it
# runs one phase per implementation, stock first. A phase loads that
# implementation's device_dax and fsdev_dax and measures:
#   - bind and unbind latency (one timed sysfs write each; CYCLES timed
#     bind+unbind cycles per row, after one untimed warm-up cycle) of
#     both personalities on three static (NFIT) devices and on the hmem
#     device at three sizes and as a two-range device, and of device_dax
#     at 4 KiB alignment on the full hmem device. The function_graph
#     tracer runs meanwhile, on a couple of dozen functions of the bind
#     and unbind paths only, with the writer's sched_switch events, so
#     that every write can be split into devm_memremap_pages()/
#     memunmap_pages(), RCU waits, time off the CPU and the rest;
#   - device_dax page-fault throughput (no tracing): every 4 KiB page of
#     a full MAP_SHARED mapping stored to, at 2 MiB alignment (static
#     and hmem) and 4 KiB alignment (two-range hmem device; one pass, it
#     is slow);
#   - fsdev_dax dax_direct_access() throughput over every pgoff
#     (bench/dax_bench.ko, no tracing), on the two-range hmem device and
#     the largest static device.
# After the rounds, two sweeps, each in SWEEP_ROUNDS alternating rounds:
#   - size: bind and unbind latency of both personalities on static
#     devices of 1, 4 and 16 GiB (memmap on the device, so guest RAM is
#     not the limit; run.sh gives the NVDIMM room), SWEEP_CYCLES cycles
#     a row, traced like the others, so that the memmap floor is known;
#   - ranges: a 256 MiB hmem device made of 1, 8, 64 and 128 ranges with
#     holes between them (kind "ranges-N"): dax_direct_access() over
#     every pgoff and device_dax page faults at 4 KiB, where every page
#     is a lookup from device offset to memory.
#
# Output, in /results: raw.tsv (one sample a line: impl round kind
# size_mib personality metric ns bytes), trace.txt (function_graph
# output, cut by trace markers: "### row ..." per row, then "### start"
# and "### op N bind|unbind NS" around each timed write), guest.log.
set -u
export RESULTS=/results
cd /work/tests/guest || exit 1
. ./lib.sh

ROUNDS=${1:-12}
CYCLES=${2:-8}
SWEEP_ROUNDS=${3:-3}
SWEEP_CYCLES=${4:-3}
BT=$RESULTS/bin/benchtool
RAW=$RESULTS/raw.tsv
TRACE=$RESULTS/trace.txt
D=/sys/bus/dax
T=/sys/kernel/tracing
TMP=/tmp/bench.out
MiB=$((1 << 20))

exec > "$RESULTS/guest.log" 2>&1
: > "$RAW"
: > "$TRACE"
say() { echo "[$(date +%T)] $*"; }
fail() { say "FAILED: $*"; dmesg > "$RESULTS/dmesg.txt"; sync; exit 1; }

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
mountpoint -q $T || mount -t tracefs none $T
say "kernel $(uname -r), rounds=$ROUNDS cycles=$CYCLES"

# --- devices ---------------------------------------------------------
modprobe -a nfit dax_pmem dax_hmem
insmod /work/bench/dax_bench.ko || fail "insmod dax_bench.ko"
ndctl disable-region all > /dev/null 2>&1
ndctl init-labels -f all > /dev/null 2>&1
ndctl enable-region all > /dev/null 2>&1
for s in 128M 256M 512M; do
	ndctl create-namespace -r region0 -m devdax -M dev -a 2M -s $s > /dev/null ||
		fail "create a $s namespace"
done
# and a 4 KiB-aligned one, only for page faults at 4 KiB (a static
# device's alignment is fixed when its namespace is made)
ndctl create-namespace -r region0 -m devdax -M dev -a 4K -s 64M > /dev/null ||
	fail "create a 4 KiB-aligned namespace"

# static devices, smallest first; their data size (the namespace less its
# on-device memmap) is what the tables call their size
STATIC=()
S4K=
for d in $(for d in $D/devices/dax*; do
		readlink -f "$d" | grep -q ndbus && echo "$(cat "$d/size") ${d##*/}"
	   done | sort -n | cut -d' ' -f2); do
	if [ "$(cat $D/devices/$d/align)" = 4096 ]; then S4K=$d; else STATIC+=("$d"); fi
done
[ ${#STATIC[@]} = 3 ] || fail "expected 3 static devices, found ${STATIC[*]}"
[ -n "$S4K" ] || fail "no 4 KiB-aligned static device"
HREG=$(hmem_region)
HDEV=dax$HREG.0
HDEV2=dax$HREG.1
HREGION=$(readlink -f $D/devices/$HDEV/..)/dax_region
[ -d "$HREGION" ] || fail "no hmem region"
HMAX=$(cat "$HREGION/size")
say "static: ${STATIC[*]}; hmem: $HDEV in a region of $((HMAX / MiB)) MiB"

# SIZE=the device's size in MiB (a read, not a fork: forks cost under TCG)
size_of() { local b; read -r b < $D/devices/$1/size; SIZE=$((b / MiB)); }

# hmem_layout SIZE_MIB [2r]: reshape the (unbound) hmem device; "2r"
# makes it two ranges with a 64 MiB device between them, as the test
# suite does.
hmem_layout() {
	local size=$1 shape=${2:-}
	echo $((128 * MiB)) > $D/devices/$HDEV/size || return 1
	if [ -e $D/devices/$HDEV2 ]; then
		echo 0 > $D/devices/$HDEV2/size
		echo $HDEV2 > "$HREGION/delete" || return 1
	fi
	if [ "$shape" = 2r ]; then
		echo 1 > "$HREGION/create" || return 1
		echo $((64 * MiB)) > $D/devices/$HDEV2/size || return 1
	fi
	echo $((size * MiB)) > $D/devices/$HDEV/size || return 1
	local m=($D/devices/$HDEV/mapping[0-9]*) want=1
	[ "$shape" = 2r ] && want=2
	[ ${#m[@]} = $want ] || { echo "$HDEV has ${#m[@]} ranges" >&2; return 1; }
}

set_align() { echo "$2" > $D/devices/$1/align; }

# rec KIND SIZE PERS METRIC NS [BYTES]
rec() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$IMPL" "$ROUND" "$1" "$2" "$3" \
		"$4" "$5" "${6:-0}" >> "$RAW"
}

# cycles DEV KIND PERS LABEL: one warm-up, then CYCLES timed bind+unbind
# cycles of DEV with driver PERS, recorded under LABEL.
cycles() {
	local dev=$1 kind=$2 pers=$3 label=$4 i args=() v
	size_of "$dev"
	for ((i = 0; i <= CYCLES; i++)); do
		args+=("$D/drivers/$pers/bind" "$dev" "$D/drivers/$pers/unbind" "$dev")
	done
	echo 1 > $T/tracing_on
	echo "### row $IMPL $ROUND $kind $SIZE $label" > $T/trace_marker
	"$BT" write -m $T/trace_marker "${args[@]}" > $TMP || fail "bind/unbind $dev $pers"
	echo 0 > $T/tracing_on
	mapfile -t v < $TMP
	for ((i = 1; i <= CYCLES; i++)); do
		rec "$kind" $SIZE "$label" bind "${v[2 * i]}"
		rec "$kind" $SIZE "$label" unbind "${v[2 * i + 1]}"
	done
}

# faults DEV KIND LABEL ITERATIONS: bind device_dax, time ITERATIONS
# full-device touch passes (the first one right after the bind), unbind.
faults() {
	local dev=$1 kind=$2 label=$3 n=$4 i=0 touch unmap bytes metric
	size_of "$dev"
	"$BT" write "$D/drivers/device_dax/bind" "$dev" > /dev/null || fail "bind $dev"
	"$BT" fault "$dev" "$n" > $TMP || fail "fault $dev"
	while read -r touch unmap bytes; do
		metric=touch
		[ $i = 0 ] && metric=touch_first
		rec "$kind" $SIZE "$label" $metric "$touch" "$bytes"
		i=$((i + 1))
	done < $TMP
	"$BT" write "$D/drivers/device_dax/unbind" "$dev" > /dev/null || fail "unbind $dev"
}

# access DEV KIND LOOPS: bind fsdev_dax, time LOOPS dax_direct_access()
# passes over the whole device as its fs-dax holder, unbind.
access() {
	local dev=$1 kind=$2 loops=$3 devt out pages ns t
	size_of "$dev"
	read -r devt < $D/devices/$dev/dev
	"$BT" write "$D/drivers/fsdev_dax/bind" "$dev" > /dev/null || fail "bind $dev"
	echo "access $devt $loops" > /sys/kernel/debug/dax_bench/ctl ||
		fail "dax_bench access $dev"
	read -r out < /sys/kernel/debug/dax_bench/ctl
	pages=${out#pages=}; pages=${pages%% *}
	ns=${out#*ns=}
	for t in $ns; do
		rec "$kind" $SIZE fsdev_dax access "$t" "$((pages * 4096))"
	done
	"$BT" write "$D/drivers/fsdev_dax/unbind" "$dev" > /dev/null || fail "unbind $dev"
}

# --- tracing ----------------------------------------------------------
# Only these functions are traced (set_ftrace_filter), so the tracer costs
# a few microseconds per write. Missing ones (the other implementation's,
# inlined ones) are skipped.
TRACE_FUNCS=(
	really_probe dax_bus_probe dev_dax_probe fsdev_dax_probe
	devm_dev_dax_activate devm_memremap_pages memremap_pages
	arch_add_memory move_pfn_range_to_zone memmap_init_zone_device
	fsdev_clear_folio_state fsdev_clear_folio_state_action
	__devm_request_region cdev_add
	device_release_driver_internal devres_release_all kill_dev_dax
	devm_memremap_pages_release memunmap_pages arch_remove_memory
	remove_pfn_range_from_zone cdev_del
	mem_hotplug_begin mem_hotplug_done pfnmap_track pfnmap_untrack
	percpu_ref_init percpu_ref_kill_and_confirm percpu_ref_exit
	wait_for_completion synchronize_rcu synchronize_srcu
)

trace_setup() {
	local f
	echo 0 > $T/tracing_on
	echo nop > $T/current_tracer
	: > $T/set_ftrace_filter
	for f in "${TRACE_FUNCS[@]}"; do
		echo "$f" >> $T/set_ftrace_filter 2> /dev/null
	done
	echo 0 > $T/options/funcgraph-irqs 2> /dev/null
	echo 1 > $T/options/funcgraph-tail 2> /dev/null
	echo 1 > $T/options/funcgraph-proc 2> /dev/null
	echo 1 > $T/options/funcgraph-abstime 2> /dev/null
	# one clock for all CPUs: a writer that sleeps may wake on the other
	echo mono > $T/trace_clock
	echo 4096 > $T/buffer_size_kb
	# when the writer is off the CPU (asleep, or preempted)
	echo 'prev_comm == "benchtool" || next_comm == "benchtool"' \
		> $T/events/sched/sched_switch/filter
	echo 1 > $T/events/sched/sched_switch/enable
	# an empty filter would trace every function
	[ "$(wc -l < $T/set_ftrace_filter)" -ge 10 ] || fail "ftrace filter: $(cat $T/set_ftrace_filter)"
	echo function_graph > $T/current_tracer || fail "function_graph tracer"
	: > $T/trace
	if [ "$ROUND" = 0 ]; then
		echo "traced: $(tr '\n' ' ' < $T/set_ftrace_filter)"
	fi
}

# append this phase's trace to trace.txt, then stop tracing
trace_off() {
	echo 0 > $T/tracing_on
	grep -v '^#' $T/trace >> "$TRACE"
	echo 0 > $T/events/sched/sched_switch/enable
	echo nop > $T/current_tracer
	: > $T/set_ftrace_filter
}

# Load $IMPL's personalities and make both match every device we use:
# device_dax matches static devices by type (and binds them on load),
# hmem ones only by id; fsdev_dax matches by id only. new_id binds an
# unbound device at once, so add the ids, then unbind everything.
start_phase() {
	local d
	load_personalities || fail "load $IMPL"
	for d in "${STATIC[@]}" $S4K $HDEV; do
		echo $d > $D/drivers/device_dax/new_id
		echo $d > $D/drivers/fsdev_dax/new_id
	done
	for d in "${STATIC[@]}" $S4K $HDEV; do
		unbind $d || fail "unbind $d"
	done
	trace_setup
}

end_phase() {
	trace_off
	unload_personalities
	grep -qE '^(device_dax|fsdev_dax|dax_common) ' /proc/modules && fail "modules still loaded"
	return 0
}

phase() {
	local d p s
	say "round $ROUND: $IMPL"
	start_phase
	for d in "${STATIC[@]}"; do
		for p in device_dax fsdev_dax; do cycles $d static $p $p; done
	done
	for s in 128 256 $((HMAX / MiB)); do
		hmem_layout $s || fail "hmem layout $s"
		for p in device_dax fsdev_dax; do cycles $HDEV hmem $p $p; done
	done
	# the full hmem device: device_dax at 4 KiB alignment (order-0
	# folios, as fsdev's), then page faults at 2 MiB
	set_align $HDEV 4096 || fail "align 4096"
	cycles $HDEV hmem device_dax device_dax@4K
	faults $HDEV hmem device_dax@4K 1
	set_align $HDEV $((2 * MiB)) || fail "align 2M"
	faults $HDEV hmem device_dax@2M 6
	faults "${STATIC[2]}" static device_dax@2M 6
	faults $S4K static device_dax@4K 2
	# the two-range hmem device
	hmem_layout 256 2r || fail "hmem layout 256 2r"
	for p in device_dax fsdev_dax; do cycles $HDEV hmem-2r $p $p; done
	set_align $HDEV 4096 || fail "align 4096"
	faults $HDEV hmem-2r device_dax@4K 1
	set_align $HDEV $((2 * MiB)) || fail "align 2M"
	access $HDEV hmem-2r 8
	access "${STATIC[2]}" static 5
	end_phase
}

# fragment_hmem N: the (unbound) hmem device as 256 MiB in N ranges
# with holes between them (fragment, in tests/guest/lib.sh).
fragment_hmem() {
	local n=$1
	echo 0 > $D/devices/$HDEV/size || return 1
	if [ -e $D/devices/$HDEV2 ]; then
		echo 0 > $D/devices/$HDEV2/size
		echo $HDEV2 > "$HREGION/delete" || return 1
	fi
	fragment $HDEV "$HREGION" "$n" $((256 / n * MiB)) || return 1
	local m=($D/devices/$HDEV/mapping[0-9]*)
	[ ${#m[@]} = "$n" ] || { echo "$HDEV has ${#m[@]} ranges, not $n" >&2; return 1; }
}

# The sweeps: alternating rounds, as above, round 1 on (the rounds'
# warm-up round 0 has touched the memory already).
# The size sweep's devices are made last, when nothing else is measured
# any more: device_dax binds every static device when it is loaded.
size_sweep() {
	local d p s LARGE=()
	for s in 1G 4G 16G; do
		d=$(ndctl create-namespace -r region0 -m devdax -M dev -a 2M -s $s 2>/dev/null |
			sed -n 's/.*"chardev":"\(dax[0-9.]*\)".*/\1/p')
		[ -n "$d" ] && LARGE+=("$d")
	done
	say "large static devices: ${LARGE[*]:-none (the NVDIMM is too small)}"
	[ ${#LARGE[@]} -gt 0 ] || return 0
	for ((ROUND = 1; ROUND <= SWEEP_ROUNDS; ROUND++)); do
		for IMPL in stock ours; do
			say "size sweep round $ROUND: $IMPL"
			load_personalities || fail "load $IMPL"
			# all the ids first: each new_id attaches every
			# unbound device that matches
			for d in "${LARGE[@]}"; do
				echo $d > $D/drivers/device_dax/new_id
				echo $d > $D/drivers/fsdev_dax/new_id
			done
			for d in "${LARGE[@]}"; do
				unbind $d || fail "unbind $d"
			done
			trace_setup
			for d in "${LARGE[@]}"; do
				for p in device_dax fsdev_dax; do
					CYCLES=$SWEEP_CYCLES cycles $d static $p $p
				done
			done
			end_phase
		done
	done
}

range_sweep() {
	local n
	for n in 1 8 64 128; do
		unbind $HDEV
		fragment_hmem $n || fail "fragment the hmem device into $n ranges"
		for ((ROUND = 1; ROUND <= SWEEP_ROUNDS; ROUND++)); do
			for IMPL in stock ours; do
				say "range sweep, $n ranges, round $ROUND: $IMPL"
				load_personalities || fail "load $IMPL"
				echo $HDEV > $D/drivers/device_dax/new_id
				echo $HDEV > $D/drivers/fsdev_dax/new_id
				unbind $HDEV || fail "unbind $HDEV"
				access $HDEV ranges-$n 4
				set_align $HDEV 4096 || fail "align 4096"
				faults $HDEV ranges-$n device_dax@4K 1
				set_align $HDEV $((2 * MiB)) || fail "align 2M"
				unload_personalities
			done
		done
	done
}

# --- timed rounds, alternating ------------------------------------------
# Round 0 is a warm-up, left out of the tables: the first touch of guest
# memory and of the NVDIMM's backing file costs host page faults, which
# would fall on whichever implementation ran first.
for ((ROUND = 0; ROUND <= ROUNDS; ROUND++)); do
	for IMPL in stock ours; do
		export IMPL
		phase
	done
done

range_sweep
size_sweep

dmesg > "$RESULTS/dmesg.txt"
say "bench done"
echo done > "$RESULTS/guest-done"
sync
