# SPDX-License-Identifier: GPL-2.0
# The personality conformance suite: what every dev_dax personality must
# do, whatever else it does. Sourced by the guest (70-conformance.sh in
# make check, conformance-main.sh for make conformance); needs lib.sh,
# the devices of setup-devices.sh, and our device_dax and fsdev_dax
# loaded as the other personalities.
#
#   conformance MODULE.ko
#
# A personality is judged by its contract: what it offers is probed, one
# capability at a time, and what it lacks must be refused cleanly (an
# errno such as EINVAL, EACCES, EROFS, EBADF, ENODEV: never a crash, a
# hang or a silent success); a refusal is a pass that says so. No check
# passes on a premise it did not verify: a write path that could not be
# tried (no file opens for writing) is "not probed", which passes only
# for a module declared read-only. What cannot be probed is declared in
# MODULE.conformance, beside the module:
#
#   # a comment
#   initialises 0xNN   every bind sets the whole device to byte NN
#   read-only          every write path is refused
#   exclusive          one file at a time: a second open fails with
#                      EBUSY while one is open, and works once it closed
#   wipes 0xNN         every unbind of a binding sets the whole device
#                      to byte NN (a failed bind touches nothing)
#
# Any other line fails. Undeclared, the defaults apply: the device's data
# survives a bind and an unbind of the module, two files may be open at
# once, and a write path may be offered or not.
#
# For the personality in MODULE.ko, on the static device and the two
# dynamic ones (hmem, CXL):
#  - bind and unbind: every range reserved and /dev/daxX.Y open while
#    bound; nothing left after unbind (driver, pgmap state, iomem, node);
#  - the capabilities (daxio caps), with never more than one file open:
#    on a file open for reading pread, lseek and a read mapping; on one
#    open for writing, alone, pwrite, a writable mapping and mprotect to
#    writable; an fs-dax holder (fs_dax_get() and a direct_access walk),
#    a memory_failure handler; end-of-device semantics of what exists
#    (pread at the end is 0, pwrite there ENOSPC, and with a real llseek
#    SEEK_END is the size and seeking beyond it EINVAL);
#  - two files open at once, or, declared exclusive, a second open
#    refused with EBUSY (for writing too) and the node opening again once
#    the first file is closed;
#  - every probe step of dax_common, and any the module declares itself,
#    failed with fail_function at its first, a middle and its last call
#    in a bind (the calls counted in one bind with kprobe events): the
#    bind fails with the injected errno and says so, nothing is left,
#    the data on the device is as it was (device_dax's stamps on daxio's
#    sample, read back by the module after the next bind, or by
#    device_dax; with "initialises", a page may read as the declared
#    byte instead), the next bind succeeds and the device works (its
#    data paths on a sample of the device after the first bind);
#  - a busy range fails the bind cleanly, leaves the data, and the device
#    binds once free;
#  - rebinding with every other personality (device_dax, fsdev_dax, kmem)
#    and back: the same pgmap state as a fresh bind, the device works;
#  - data across personalities at the same device offsets: what
#    device_dax wrote is read by the module after its bind (or the
#    declared byte is), what the module writes is read by device_dax
#    (or, declared "wipes", device_dax reads the declared byte over the
#    whole device after the unbind);
#  - a file opened (and mapped, if the module maps) under one binding is
#    dead once that binding ends: after the unbind, after a new bind of
#    the module, on another personality and back on the module, its
#    pread and pwrite fail with ENXIO (or as they are refused), a load
#    from its mapping raises SIGBUS, a new mmap of it fails, while the
#    node opens anew; once it is closed the module's and dax_common's
#    reference counts are what they were, and up to the unbind that
#    follows the kernel logs no WARNING;
#  - nothing of the previous binding is readable through the node before
#    the bind returns (tightread in a loop during the bind);
#  - memory failure reaches the holder at the device-linear offset of
#    every range and of a static device's data, and not from the memmap;
#  - after the devices, no new kmemleak report mentions the module.
# The kernel log and kmemleak are checked by the host after the run.

FF=/sys/kernel/debug/fail_function

# ff_arm FUNC K: make the K-th call of FUNC from now on fail with -EIO.
# "space" skips calls while it exceeds the call's size (1); the retval is
# read as an unsigned long.
ff_arm() {
	echo "$1" > $FF/inject &&
	printf '%u\n' $(( -5 )) > "$FF/$1/retval" &&
	echo N > $FF/task-filter &&
	echo 100 > $FF/probability &&
	echo 1 > $FF/interval &&
	echo "$2" > $FF/space &&
	echo 1 > $FF/times &&
	echo 0 > $FF/verbose
}
ff_fired() { [ "$(< $FF/times)" = 0 ]; }
ff_disarm() { echo > $FF/inject; echo 0 > $FF/space; }

# How many times a bind calls each injection point, in CALLS[FUNC]:
# count_begin FUNC... puts a kprobe event on each (CONFIG_KPROBE_EVENTS,
# which the test kernel has), count_end reads their hits (and misses, a
# call all the same) from kprobe_profile and removes them. They bracket
# one bind, which counts every point at once. A point the events could
# not count (no tracefs, a probe refused) is counted by ff_count in a
# bind of its own.
TRACING=/sys/kernel/tracing
[ -w $TRACING/kprobe_events ] || TRACING=/sys/kernel/debug/tracing
declare -gA CALLS=() KPROBED=()

count_begin() {
	local fn i=0
	CALLS=() KPROBED=()
	[ -w $TRACING/kprobe_events ] || return 0
	for fn; do
		i=$((i + 1))
		echo "p:daxkit/daxkit_$i $fn" >> $TRACING/kprobe_events 2>/dev/null &&
			KPROBED[daxkit_$i]=$fn
	done
	[ ${#KPROBED[@]} = 0 ] || echo 1 > $TRACING/events/daxkit/enable
}

count_end() {
	local name hits missed
	[ ${#KPROBED[@]} = 0 ] && return
	while read -r name hits missed; do
		[ -n "${KPROBED[$name]:-}" ] && CALLS[${KPROBED[$name]}]=$((hits + missed))
	done < $TRACING/kprobe_profile
	echo 0 > $TRACING/events/daxkit/enable
	for name in "${!KPROBED[@]}"; do
		echo "-:daxkit/$name" >> $TRACING/kprobe_events
	done
	KPROBED=()
}

# ff_count FUNC DEV DRV: count FUNC's calls in a bind of DRV into
# CALLS[FUNC], with fail_function armed so far out ("space") that it
# never fires: each call takes one from the space. Unbinds after.
ff_count() {
	local big=1000000000
	ff_arm "$1" $big
	sysfs_write "$2" "/sys/bus/dax/drivers/$3/bind" 2>/dev/null
	CALLS[$1]=$((big - $(< $FF/space)))
	ff_disarm
	unbind "$2"
}

# The injection points modules declare (ALLOW_ERROR_INJECTION), from the
# kernel's list ("func [module]<TAB>type").
injection_points() {
	local mod
	for mod in "$@"; do
		grep "\[$mod\]" /sys/kernel/debug/error_injection/list | awk '{ print $1 }'
	done
}

# iomem_lines DEV: the lines of /proc/iomem that DEV's name ends, in
# IOMEM (a builtin loop: under TCG a grep costs more than the check)
iomem_lines() {
	local lines line
	IOMEM=()
	mapfile -t lines < /proc/iomem
	for line in "${lines[@]}"; do
		[[ $line == *" : $1" ]] && IOMEM+=("$line")
	done
}

# ranges_reserved DEV: every range of DEV is in /proc/iomem under its name
ranges_reserved() {
	local want IOMEM
	want=(/sys/bus/dax/devices/$1/mapping[0-9]*)
	iomem_lines "$1"
	[ ${#IOMEM[@]} = ${#want[@]} ] || { echo "${#IOMEM[@]} of ${#want[@]} ranges reserved"; return 1; }
}

# nothing_left DEV: no trace of a probe
nothing_left() {
	local info DRIVER IOMEM
	info=$(inspect "$1")
	driver_of "$1"
	[ "$DRIVER" = none ] || { echo "still bound"; return 1; }
	if [[ $info == *static=1* ]]; then
		[[ $info == *"shift=0 ops=none owner=none"* ]] || { echo "$info"; return 1; }
	else
		[[ $info == *pgmap=none* ]] || { echo "$info"; return 1; }
	fi
	iomem_lines "$1"
	if [ ${#IOMEM[@]} != 0 ]; then
		echo "range still reserved:"; printf '%s\n' "${IOMEM[@]}"; return 1
	fi
	if [ -e "/dev/$1" ] && (exec 3<> "/dev/$1") 2>/dev/null; then
		echo "/dev/$1 still opens"; return 1
	fi
}

opens() { (exec 3<> "/dev/$1"); }
opens_ro() { (exec 3< "/dev/$1"); }

# checked DESCRIPTION CMD...: check, and its exit status
checked() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	tap_ok "$rc" "$desc" "command: $*" "exit $rc" "$out"
	return $rc
}

# bound DEV DRV: DEV bound to DRV, by a bind only if it is not already
# (a personality that initialises the device takes seconds to bind)
bound() {
	local DRIVER
	driver_of "$1"
	[ "$DRIVER" = "$2" ] || bind "$1" "$2"
}

# pgmap_state DEV: the personality's mark on the pgmap, for comparing a
# fresh bind with a bind that follows another personality
pgmap_state() {
	local info
	info=$(inspect "$1")
	[[ $info =~ type=[0-9]*\ shift=[0-9]*\ ops=[a-z_0-9]*\ owner=[a-z_0-9]* ]] &&
		echo "${BASH_REMATCH[0]}"
}

# probe_caps DRV DEV: probe what the bound personality offers, one TAP
# line per capability: offered, refused cleanly (which errno), not
# probed (a write path without a file open for writing: a pass only if
# declared read-only), or misbehaving; a crash or hang of the probe
# fails. Sets CAPS to the words of "openw read write seek mmap mmapw
# mprotw holder mf" it offers.
probe_caps() {
	local drv=$1 dev=$2 out rc name how rest word line
	CAPS=
	out=$(timeout 120 daxio caps "$dev" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -gt 1 ]; then
		tap_ok 1 "the capability probe ran (no crash, no hang)" "exit $rc" "$out"
	fi
	while read -r name how rest; do
		case $name in
		open-write) word=openw ;; read) word=read ;; write) word=write ;;
		seek) word=seek ;; mmap-read) word=mmap ;; mmap-write) word=mmapw ;;
		mprotect-write) word=mprotw ;;
		*) tap_ok 1 "capability probe: $name $how $rest" "unexpected output"; continue ;;
		esac
		line="$name $how $rest"
		case $how in
		ok) CAPS="$CAPS $word"
			if [ -n "$RO" ] && grep -qw "$word" <<<"openw write mmapw mprotw"; then
				tap_ok 1 "declared read-only, and refuses $name" "$name is accepted"
			else
				tap_ok 0 "offers $name"
			fi ;;
		noop) tap_ok 0 "$name is a no-op (noop_llseek): no seek semantics to check" ;;
		refused) tap_ok 0 "refuses $name with $rest" ;;
		notprobed)
			if [ -n "$RO" ]; then
				tap_ok 0 "declared read-only: $name is out of reach ($rest)"
			else
				tap_ok 1 "$name is probed" "$name was not probed: $rest" \
					"a module whose every write path is refused declares read-only"
			fi ;;
		*) tap_ok 1 "$name is offered or refused cleanly" "$line" ;;
		esac
	done <<<"$(grep -E '^[a-z-]+ (ok|noop|refused|notprobed|bad)' <<<"$out")"
	if [ -n "$RO" ]; then
		# every write path must have been tried (a line above says how
		# it went), mprotect whenever a read mapping exists
		for name in open-write write mmap-write; do
			grep -q "^$name " <<<"$out" ||
				tap_ok 1 "declared read-only: $name is refused" "$name was not probed"
		done
		if grep -q '^mmap-read ok' <<<"$out" && ! grep -q '^mprotect-write ' <<<"$out"; then
			tap_ok 1 "declared read-only: mprotect-write is refused" "mprotect-write was not probed"
		fi
	fi
	if holder attach "$dev" 2>/dev/null; then
		holder detach
		CAPS="$CAPS holder"
		tap_ok 0 "offers an fs-dax holder (fs_dax_get)"
	else
		tap_ok 0 "refuses an fs-dax holder (fs_dax_get fails)"
	fi
	if holder mf "$dev" 0 2>/dev/null; then
		CAPS="$CAPS mf"
	fi
	CAPS=${CAPS# }
}

has() { [[ " $CAPS " == *" $1 "* ]]; }

# edges DEV: end-of-device semantics of what the personality offers
edges() {
	local dev=$1
	if has read; then daxio edge "$dev" read || return 1; fi
	if has write; then daxio edge "$dev" write || return 1; fi
	if has seek; then daxio edge "$dev" seek || return 1; fi
	return 0
}

# works DEV [sampled]: the bound personality does its job, by capability.
# With "sampled", read(2)/write(2) move a sample of the device (daxio's
# cover(): every range's ends, every 2 MiB block's first and last page)
# instead of all of it: for the binds that follow a device's first,
# whose whole data path that bind and cross_check have moved, and which
# under TCG would otherwise spend most of the suite's time copying.
works() {
	local dev=$1 sample=${2:-} seed=$RANDOM
	(exec 3< "/dev/$dev") || { echo "/dev/$dev does not open for reading"; return 1; }
	if has openw; then opens "$dev" || { echo "/dev/$dev does not open for writing"; return 1; }; fi
	if has mmapw; then
		daxio roundtrip "$dev" || return 1
	elif has mmap; then
		daxio maptouch "$dev" || return 1
	fi
	edges "$dev" || return 1
	if has read && has write; then
		daxio fill "$dev" "$seed" rw $sample && daxio verify "$dev" "$seed" rw $sample || return 1
	elif has write && has mmap; then
		daxio fill "$dev" "$seed" rw $sample && daxio verify "$dev" "$seed" mmap $sample || return 1
	elif has read; then
		daxio readall "$dev" $sample || return 1
	fi
	if has holder; then
		holder attach "$dev" && holder walk && holder detach || return 1
	fi
}

# other_works DEV DRV: another personality bound to DEV does its job
other_works() {
	local dev=$1 drv=$2
	case $drv in
	device_dax) daxio roundtrip "$dev" ;;
	fsdev_dax) holder attach "$dev" && holder walk && holder detach ;;
	# hot-added as system RAM and left offline (the kernel's default
	# policy here), so that kmem can give it back on unbind
	kmem) grep -q "System RAM (kmem)" /proc/iomem ;;
	esac
}

# own_read: how the subject reads the device itself (for daxio verify
# and expect), or nothing
own_read() {
	if has read; then echo rw; elif has mmap; then echo mmap; fi
}

# cross_check DRV DEV: data crosses personalities at the same device
# offsets, device_dax (ours) being the reference.
cross_check() {
	local drv=$1 dev=$2 seed=$RANDOM via run second
	via=$(own_read)
	# device_dax's data through a bind of the subject
	check "device_dax writes (mmap)" eval "bind $dev device_dax && daxio fill $dev $seed mmap"
	check "bind $drv over it" bind "$dev" "$drv"
	if [ -z "$via" ] && [ -n "$WIPE" ]; then
		check "after a bind and an unbind of $drv, device_dax reads the declared wipe $WIPE everywhere" \
			eval "bind $dev device_dax && daxio expect $dev $WIPE mmap"
	elif [ -n "$INIT" ]; then
		if [ -n "$via" ]; then
			check "after the bind $drv reads the declared $INIT everywhere ($via)" \
				daxio expect "$dev" "$INIT" "$via"
		else
			check "after a bind of $drv, device_dax reads the declared $INIT everywhere" \
				eval "bind $dev device_dax && daxio expect $dev $INIT mmap"
		fi
	elif [ -n "$via" ]; then
		check "data written by device_dax survives the bind: $drv reads it ($via)" \
			daxio verify "$dev" "$seed" "$via"
		# the check above is not vacuous: the same read finds every
		# page bad against another seed (on daxio's sample: the whole
		# device was just read)
		check_fails "bad" "and a verify ($via) of another seed's data fails: every page read is bad" \
			eval "daxio verify $dev $((seed + 7)) $via sampled 2>/dev/null | grep -E ' ([0-9]+) pages( \\(sampled, of [0-9]+\\))?, \\1 bad\$' && false"
	else
		check "data written by device_dax survives a bind of $drv (device_dax reads it after)" \
			eval "bind $dev device_dax && daxio verify $dev $seed mmap"
	fi

	# the subject's data, read by device_dax: or, declared "wipes",
	# replaced by the declared byte once the subject is unbound
	seed=$((seed + 1))
	if [ -n "$WIPE" ]; then
		if has write; then
			check "$drv writes (pwrite); after its unbind device_dax reads the declared wipe $WIPE everywhere instead" \
				eval "bound $dev $drv && daxio fill $dev $seed rw && bind $dev device_dax && daxio expect $dev $WIPE mmap"
		elif has mmapw; then
			check "$drv writes (mmap); after its unbind device_dax reads the declared wipe $WIPE everywhere instead" \
				eval "bound $dev $drv && daxio fill $dev $seed mmap && bind $dev device_dax && daxio expect $dev $WIPE mmap"
		elif [ -n "$via" ]; then
			check "after the unbind of $drv, device_dax reads the declared wipe $WIPE everywhere (what $drv read is gone)" \
				eval "bind $dev device_dax && daxio expect $dev $WIPE mmap"
		fi
	elif has write; then
		check "$drv writes (pwrite), device_dax reads (mmap) the same offsets" \
			eval "bound $dev $drv && daxio fill $dev $seed rw && bind $dev device_dax && daxio verify $dev $seed mmap"
	elif has mmapw; then
		check "$drv writes (mmap), device_dax reads (mmap) the same offsets" \
			eval "bound $dev $drv && daxio fill $dev $seed mmap && bind $dev device_dax && daxio verify $dev $seed mmap"
	elif has holder && [ -z "$RO" ]; then
		run=$(sysfs_runs "$dev" | tail -n 1)
		second=$(( ${run%% *} + 1 ))
		check "$drv writes (direct_access), device_dax reads (mmap) page $second" \
			eval "bound $dev $drv && holder attach $dev && holder poke $second $seed && holder detach && bind $dev device_dax"
		is "$(daxio peek "$dev" "$second")" "$(printf '%#x' "$seed")" "device_dax reads what $drv wrote at page $second"
	fi
	bound "$dev" "$drv"
}

# tightread_check DRV DEV MODE: tightread (MODE "" for pread, "-m ALIGN"
# for mappings) opens and reads the node in a loop while DRV binds a
# device that device_dax filled with OLD: no read may fail with anything
# but ENXIO, and a read may see the old data only if it persists (no
# "initialises" declared), in which case every read sees it intact.
tightread_check() {
	local drv=$1 dev=$2 mode=$3 old=$4 size pid res what pages
	size=$(< "/sys/bus/dax/devices/$dev/size")
	what=${mode:+mmap}; what=${what:-pread}
	# the pages tightread reads (tightread.c: the first, the middle and
	# the last), not the whole device: a mapping of CXL memory moves a
	# few MB/s under TCG
	pages="0 $(( size / 2 / 4096 )) $(( size / 4096 - 1 ))"
	check "device_dax fills the pages tightread reads ($pages) with $old" \
		eval "bind $dev device_dax && daxio memset $dev $old $pages"
	unbind "$dev"
	rm -f "$RESULTS/.tr.out" "$RESULTS/.tr.err"
	# shellcheck disable=SC2086
	tightread $mode "/dev/$dev" "$size" "$old" > "$RESULTS/.tr.out" 2> "$RESULTS/.tr.err" &
	pid=$!
	for _ in $(seq 300); do
		grep -q ready "$RESULTS/.tr.err" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	check "tightread ($what) is reading /dev/$dev before the bind" grep -q ready "$RESULTS/.tr.err"
	check "bind $drv under tightread ($what)" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	# some reads of the bound device
	sleep 2
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	check "tightread ($what) ran to the end (no crash)" test $? = 0
	res=$(grep -o 'opens=.*' "$RESULTS/.tr.out")
	say "# tightread ($what) during the bind: $res"
	local opens=-1 failed_enxio=-1 failed_other=-1 reads=-1 old_n=-1 short=-1 kv
	for kv in $res; do
		case $kv in
		opens=*|failed_enxio=*|failed_other=*|reads=*|short=*) eval "${kv%%=*}=${kv#*=}" ;;
		old=*) old_n=${kv#*=} ;;
		esac
	done
	is "$failed_other" 0 "tightread ($what): no open or read fails but with ENXIO"
	check "tightread ($what): the node reads once the bind returned (reads=$reads)" test "$reads" -gt 0
	if [ -n "$INIT" ]; then
		is "old=$old_n short=$short" "old=0 short=0" \
			"tightread ($what): no read sees device_dax's old data (declared initialises $INIT), none fails"
	else
		is "old=$old_n short=$short" "old=$reads short=0" \
			"tightread ($what): every read sees device_dax's data intact (it persists), none fails"
	fi
	unbind "$dev"
}

# kmemleak_report: what kmemleak reports now
kmemleak_report() { cat /sys/kernel/debug/kmemleak 2>/dev/null; }

# kmemleak_check NAME BEFORE: no object reported now and not in BEFORE
# (a kmemleak report) has a backtrace through NAME or dax_common
kmemleak_check() {
	local name=$1 before=$2 now new
	if [ ! -w /sys/kernel/debug/kmemleak ]; then
		tap_ok 1 "kmemleak: no new leak mentions $name" "kmemleak is not enabled (boot with kmemleak=on)"
		return
	fi
	# kmemleak reports objects older than 5 s; one scan (a scan of the
	# guest's memory is slow under TCG, finish.sh does two at the end)
	sleep 5
	echo scan > /sys/kernel/debug/kmemleak
	now=$(kmemleak_report)
	new=$(awk -v before="$before" -v name="$name" '
		BEGIN { n = split(before, b, "\n"); for (i = 1; i <= n; i++) if (b[i] ~ /^unreferenced object/) seen[b[i]] = 1 }
		/^unreferenced object/ { flush(); obj = $0; text = $0 "\n"; next }
		{ text = text $0 "\n" }
		function flush() { if (obj != "" && !(obj in seen) && (text ~ "\\[" name "\\]" || text ~ /\[dax_common\]/)) printf "%s", text; obj = "" }
		END { flush() }' <<<"$now")
	tap_ok "$([ -z "$new" ] && echo 0 || echo 1)" \
		"kmemleak: no new leak mentions $name or dax_common (per-device state is freed)" "$new"
}

# mf_expect DEV PHYS OFFSET: the holder hears of a failure at PHYS as one
# at device OFFSET
mf_expect() {
	holder_log > /dev/null
	holder mf "$1" $(( $2 >> 12 )) &&
	grep -qx "failure offset=$3 len=4096 flags=0x20" <(holder_log)
}

conformance_memory_failure() {
	local drv=$1 dev=$2 pgoff pages phys info pstart first
	# the pfn of the device's first data page
	first=$(( $(sysfs_runs "$dev" | head -n 1 | cut -d' ' -f3) >> 12 ))
	if ! has holder; then
		check "memory_failure handler without an fs-dax holder returns" holder mf "$dev" "$first"
		return
	fi
	check "fs_dax_get" holder attach "$dev"
	while read -r pgoff pages phys; do
		check "failure 3 pages into the range at $phys reaches the holder at offset $(( (pgoff + 3) * 4096 ))" \
			mf_expect "$dev" $(( phys + 3 * 4096 )) $(( (pgoff + 3) * 4096 ))
	done <<<"$(sysfs_runs "$dev")"
	info=$(inspect "$dev")
	if grep -q "static=1" <<<"$info"; then
		pstart=$(inspect_field start <<<"$info")
		holder_log > /dev/null
		holder mf "$dev" $(( (pstart >> 12) + 1 ))
		like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-[0-9]+\$" "a failure in the memmap below the data is refused, not reported"
	fi
	check "fs_put_dax" holder detach
	holder_log > /dev/null
	holder mf "$dev" "$first"
	like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-[0-9]+\$" "after the holder left a failure is refused, not reported"
}

# The failed binds must leave the device's data as it was. Before each,
# the device (unbound) holds device_dax's stamps (daxio fill, seed
# PAT_SEED) on daxio's sample of it; PAT_OK says whether it still does.

# ensure_pattern DEV: stamp the sample through device_dax unless it is
ensure_pattern() {
	local dev=$1
	[ -n "$PAT_OK" ] && return 0
	PAT_SEED=$RANDOM
	checked "device_dax stamps a sample of the device (seed $PAT_SEED) for the failed binds" \
		eval "bind $dev device_dax && daxio fill $dev $PAT_SEED mmap sampled && unbind $dev" &&
		PAT_OK=1
}

# after_failure DRV DEV WHAT: after a failed bind of DRV (WHAT says
# which), the data is as it was, the next bind succeeds and the device
# works; leaves DEV unbound, stamped again if that was cheap. The data is
# read by DRV itself after the next bind when it has a read path and
# keeps the data at bind (no "initialises"), else by device_dax before it.
after_failure() {
	local drv=$1 dev=$2 what=$3 via ok=1
	via=$(own_read)
	if [ -n "$PAT_OK" ] && [ -z "$INIT" ] && [ -n "$via" ]; then
		checked "$what: the next bind succeeds" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind" || ok=
		[ -n "$ok" ] && check "$what: the data on the device is as it was ($drv reads device_dax's stamps, $via, sampled)" \
			daxio verify "$dev" "$PAT_SEED" "$via" sampled
	else
		if [ -n "$PAT_OK" ] && [ -n "$INIT" ]; then
			check "$what: the data on the device is as it was, or the declared $INIT page by page (device_dax reads, sampled)" \
				eval "bind $dev device_dax && daxio verify-or $dev $PAT_SEED $INIT mmap sampled"
			unbind "$dev"
		elif [ -n "$PAT_OK" ]; then
			check "$what: the data on the device is as it was (device_dax reads its stamps, sampled)" \
				eval "bind $dev device_dax && daxio verify $dev $PAT_SEED mmap sampled"
			unbind "$dev"
		fi
		checked "$what: the next bind succeeds" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind" || ok=
	fi
	if [ -z "$ok" ]; then
		tap_ok 1 "$what: and the device works" "the bind failed"
		PAT_OK=
		unbind "$dev"
		return
	fi
	check "$what: and the device works" works "$dev" sampled
	# the stamps again, for the next failure: by DRV if it writes and
	# nothing replaces them at unbind
	if [ -n "$INIT" ] || [ -n "$WIPE" ]; then
		PAT_OK=
	elif has write; then
		daxio fill "$dev" "$PAT_SEED" rw sampled > /dev/null 2>&1 || PAT_OK=
	elif has mmapw; then
		daxio fill "$dev" "$PAT_SEED" mmap sampled > /dev/null 2>&1 || PAT_OK=
	fi
	# (else works wrote nothing: the stamps are still there)
	unbind "$dev"
}

conformance_injection() {
	local drv=$1 dev=$2 fn n k what mark
	PAT_OK=
	# The calls of each point in a bind of this device alone: a plain
	# bind (a write to new_id, as the section's first bind does, also
	# attaches every other unbound device the driver has an id of).
	# shellcheck disable=SC2086
	count_begin $INJECT
	check "a bind of $drv, the injection points' calls counted" \
		sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	count_end
	unbind "$dev"
	if [ ${#CALLS[@]} != 0 ]; then
		say "# calls in a bind of $drv on $dev (kprobe events): $(for fn in $INJECT; do
			printf '%s=%s ' "$fn" "${CALLS[$fn]:-?}"; done)"
	fi
	for fn in $INJECT; do
		if [ -z "${CALLS[$fn]:-}" ]; then
			ff_count "$fn" "$dev" "$drv"
			PAT_OK=
			say "# $fn: ${CALLS[$fn]} calls in a bind (counted by fail_function)"
		fi
		n=${CALLS[$fn]}
		if [ "$n" = 0 ]; then
			tap_ok 1 "$fn: the probe step is reached" "a bind of $drv does not call it"
			continue
		fi
		# the first, a middle and the last call
		for k in $(printf '%s\n' 1 $(( (n + 1) / 2 )) "$n" | sort -nu); do
			what=$fn; [ "$n" = 1 ] || what="$fn (call $k of $n)"
			ensure_pattern "$dev"
			mark=$(kmsg_mark)
			ff_arm "$fn" "$k"
			sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind" 2> "$RESULTS/.bind"
			if ! ff_fired; then
				ff_disarm
				tap_ok 1 "$what: the injection fires" \
					"a bind made fewer than $k calls (bound to $(dev_driver "$dev"))" "$(< "$RESULTS/.bind")"
				unbind "$dev"
				PAT_OK=
				continue
			fi
			ff_disarm
			like "$(< "$RESULTS/.bind")" "[Ii]nput/output" "$what fails: bind fails with the injected EIO"
			like "$(dmesg_since "$mark")" "$dev: .*-EIO|$dev: .*error -5" "$what: the failure is logged"
			check "$what: nothing is left of the probe" nothing_left "$dev"
			after_failure "$drv" "$dev" "$what"
		done
	done
}

conformance_busy_range() {
	local drv=$1 dev=$2 phys
	phys=$(sysfs_runs "$dev" | tail -n 1 | cut -d' ' -f3)
	ensure_pattern "$dev"
	check "hold the last range busy" insmod /work/tests/dax_busy_test.ko start="$phys" size=4096
	check_fails "busy" "bind fails with EBUSY" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	check "nothing is left of the probe" nothing_left "$dev"
	check "release the range" rmmod dax_busy_test
	after_failure "$drv" "$dev" "once the busy range is free"
}

# conformance_open DRV DEV: two files of the node open at once, or,
# declared exclusive, not: a second open fails with EBUSY while the first
# is open, and the node opens again once it is closed
conformance_open() {
	local drv=$1 dev=$2 fd
	if ! exec {fd}< "/dev/$dev"; then
		tap_ok 1 "/dev/$dev opens for reading" "it did a moment ago"
		return
	fi
	if [ -n "$EXCL" ]; then
		check_fails "busy" "declared exclusive: a second open fails with EBUSY while a file is open" opens_ro "$dev"
		if has openw; then
			check_fails "busy" "declared exclusive: a second open for writing fails with EBUSY too" opens "$dev"
		fi
		exec {fd}<&-
		check "declared exclusive: the node opens again once that file is closed" opens_ro "$dev"
		if has openw; then
			check "declared exclusive: and for writing" opens "$dev"
		fi
	else
		check "a second file opens while one is open (not declared exclusive)" opens_ro "$dev"
		exec {fd}<&-
	fi
}

# The held file of conformance_held: a daxio held coproc. Its pipes are
# duplicated to HELD_IN and HELD_OUT (bash closes a coproc's own, and
# unsets HELD, once it ends, and a subshell has none of them), and
# written from a subshell (a write to a pipe whose reader died raises
# SIGPIPE, which would end the shell).
# held_start DEV [map]: start it, read what it says until "ready" into
# HELD_SAID (NAME -> result); fails if it does not get there. The coproc
# waits for a line before it runs daxio: it cannot end, and take its
# pipes along, before they are duplicated.
HELD_UP=
declare -gA HELD_SAID=()
held_start() {
	local line
	HELD_SAID=()
	coproc HELD { read -r _; exec daxio held "$@" 2>&1; }
	exec {HELD_IN}<&"${HELD[0]}" {HELD_OUT}>&"${HELD[1]}"
	HELD_CHILD=$HELD_PID HELD_UP=1
	echo go >&"$HELD_OUT"
	while read -t 30 -r line <&"$HELD_IN"; do
		[ "$line" = ready ] && return 0
		HELD_SAID[${line%% *}]=${line#* }
	done
	held_stop
	return 1
}

# held_check: ask the held file what it does now, into HELD_SAID
held_check() {
	local line
	HELD_SAID=()
	[ -n "$HELD_UP" ] || return 1
	(echo check >&"$HELD_OUT") 2>/dev/null || { held_stop; return 1; }
	while read -t 30 -r line <&"$HELD_IN"; do
		[ "$line" = "done" ] && return 0
		HELD_SAID[${line%% *}]=${line#* }
	done
	held_stop
	return 1
}

# held_stop: close the held file, wait for the coproc; its exit status
held_stop() {
	local line=''
	[ -n "$HELD_UP" ] || return 1
	HELD_UP=
	(echo close >&"$HELD_OUT") 2>/dev/null
	while read -t 30 -r line <&"$HELD_IN"; do
		[ "$line" = closed ] && break
	done 2>/dev/null
	[ "$line" = closed ] || kill -KILL "$HELD_CHILD" 2>/dev/null
	exec {HELD_IN}<&- {HELD_OUT}>&-
	wait "$HELD_CHILD"
}

# held_expect STATE: the held file is dead: pread and pwrite fail with
# ENXIO where the module offers them (else as they are refused), a load
# from its mapping raises SIGBUS, a new mapping fails
held_expect() {
	local state=$1 refusals='^(ENXIO|EINVAL|EACCES|EROFS|EBADF|ENODEV|ENOTTY|EPERM|EOPNOTSUPP)$'
	if ! held_check; then
		tap_ok 1 "$state: the held file's process answers" "it crashed, hung or quit"
		return
	fi
	if has read; then
		is "${HELD_SAID[read]:-}" ENXIO "$state: pread of the old file fails with ENXIO"
	else
		like "${HELD_SAID[read]:-}" "$refusals" "$state: pread of the old file fails (refused)"
	fi
	if [ "${HELD_SAID[write]:-}" != skipped ]; then
		if has write; then
			is "${HELD_SAID[write]:-}" ENXIO "$state: pwrite of the old file fails with ENXIO"
		else
			like "${HELD_SAID[write]:-}" "$refusals" "$state: pwrite of the old file fails (refused)"
		fi
	fi
	if has mmap; then
		is "${HELD_SAID[fault]:-}" SIGBUS "$state: a load from the old mapping raises SIGBUS"
		is "${HELD_SAID[mmap]:-}" ENXIO "$state: mmap of the old file fails with ENXIO"
	else
		like "${HELD_SAID[mmap]:-}" "$refusals" "$state: mmap of the old file fails (refused)"
	fi
}

# conformance_held DRV DEV: a file opened (and mapped, if DRV maps) under
# one binding is dead once the binding ends, whatever binds next; the
# node opens anew; once the file is closed the reference counts are as
# before, and until the unbind after that the kernel says nothing bad.
conformance_held() {
	local drv=$1 dev=$2 other=device_dax map='' mark refs_mod refs_common rc
	[ "$drv" = device_dax ] && other=fsdev_dax
	has mmap && map=map
	check "bind $drv" bound "$dev" "$drv"
	refs_mod=$(< "/sys/module/$SUBJECT/refcnt")
	refs_common=$(cat /sys/module/dax_common/refcnt 2>/dev/null)
	mark=$(kmsg_mark)
	if ! held_start "$dev" $map; then
		tap_ok 1 "a file of /dev/$dev is held open${map:+ and mapped}" "${HELD_SAID[*]}"
		return
	fi
	# the premise: the held file works while bound
	local what=open
	if has read; then what="$what, pread"; [ "${HELD_SAID[read]:-}" = ok ] || what=; fi
	if [ -n "$what" ] && has write && [ "${HELD_SAID[open]:-}" = rw ]; then
		what="$what, pwrite"; [ "${HELD_SAID[write]:-}" = ok ] || what=
	fi
	if [ -n "$what" ] && has mmap; then
		what="$what, mmap"; [ "${HELD_SAID[mmap]:-} ${HELD_SAID[fault]:-}" = "ok ok" ] || what=
	fi
	tap_ok "$([ -n "$what" ] && echo 0 || echo 1)" "a file of /dev/$dev is held (${what:-as bound}) while $drv is bound" \
		"$(for k in "${!HELD_SAID[@]}"; do echo "$k ${HELD_SAID[$k]}"; done)"

	check "unbind $drv under the held file" unbind "$dev"
	held_expect "after the unbind"
	check "bind $drv again under the held file" bind "$dev" "$drv"
	held_expect "after a new bind of $drv"
	check "after a new bind of $drv: the node opens anew while the old file is held" opens_ro "$dev"
	if has read; then
		check "after a new bind of $drv: a new file reads" daxio edge "$dev" read
	elif has mmap; then
		check "after a new bind of $drv: a new file maps" daxio peek "$dev" 0
	fi
	check "hand over to $other under the held file" bind "$dev" "$other"
	held_expect "on $other"
	check "back to $drv under the held file" bind "$dev" "$drv"
	held_expect "back on $drv"
	held_stop; rc=$?
	is "$rc" 0 "the held file closes, its process ends well"
	# (a reference a release defers to a work item may take a moment)
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(< "/sys/module/$SUBJECT/refcnt")" = "$refs_mod" ] &&
			[ "$(cat /sys/module/dax_common/refcnt 2>/dev/null)" = "$refs_common" ] && break
		sleep 0.2
	done
	is "$(< "/sys/module/$SUBJECT/refcnt")" "$refs_mod" "once the old file is closed, $SUBJECT's refcnt is what it was"
	if [ -n "$refs_common" ] && [ "$SUBJECT" != dax_common ]; then
		is "$(< /sys/module/dax_common/refcnt)" "$refs_common" "and dax_common's"
	fi
	# a reference the old file took from the binding it outlived is
	# given back too many times at the next unbind at the latest
	check "unbind $drv once the old file is closed" unbind "$dev"
	local log bad=''
	log=$(dmesg_since "$mark")
	matches "$log" "$KERNEL_WARN" && bad=$(grep -E "$KERNEL_WARN" <<<"$log" | head -n 5)
	tap_ok "$([ -z "$bad" ] && echo 0 || echo 1)" \
		"the kernel said nothing bad from the open of the old file to the unbind after its close" "$bad"
}

# What in the kernel log fails the file-holding checks at once (the host
# reads the whole log after the run, tests/host-lib.sh's KERNEL_BAD)
KERNEL_WARN='WARNING:|BUG:|Oops|general protection|refcount_t:|KASAN:|UBSAN:|list_(add|del) corruption|ODEBUG:'

conformance_device() {
	local drv=$1 dev=$2 fresh other old mode runs

	section "$drv on $dev: bind"
	# registers the device with the driver (new_id): later binds are
	# one probe each
	check "bind $drv" bind "$dev" "$drv"
	is "$(dev_driver "$dev")" "$drv" "bound to $drv"
	check "/dev/$dev opens (for reading) while bound" eval "(exec 3< /dev/$dev)"
	check "every range is reserved while bound" ranges_reserved "$dev"
	probe_caps "$drv" "$dev"
	say "# $drv on $dev offers: ${CAPS:-nothing beyond open}"
	conformance_open "$drv" "$dev"
	check "the device works (${CAPS:-open})" works "$dev"
	fresh=$(pgmap_state "$dev")
	check "unbind" unbind "$dev"
	check "nothing is left after unbind" nothing_left "$dev"

	section "$drv on $dev: failed probes"
	if [ -n "$INJECT" ]; then
		conformance_injection "$drv" "$dev"
	else
		tap_ok 1 "probe steps can be failed on demand" \
			"$drv declares no injection point and does not use dax_common"
	fi
	runs=(/sys/bus/dax/devices/$dev/mapping[0-9]*)
	[ ${#runs[@]} -gt 1 ] && conformance_busy_range "$drv" "$dev"

	section "$drv on $dev: rebinding"
	check "bind $drv" bind "$dev" "$drv"
	for other in device_dax fsdev_dax kmem; do
		[ "$other" = "$drv" ] && continue
		check "hand over to $other" bind "$dev" "$other"
		check "$other works" other_works "$dev" "$other"
		check "back to $drv" bind "$dev" "$drv"
		is "$(pgmap_state "$dev")" "$fresh" "after $other: the pgmap state of a fresh bind"
		check "after $other: the device works" works "$dev" sampled
	done
	cross_check "$drv" "$dev"

	section "$drv on $dev: files held across unbind and rebind"
	conformance_held "$drv" "$dev"

	section "$drv on $dev: the previous binding is not readable during the bind"
	# an old byte that is none of the declared ones
	for old in 0x5a 0xa5 0x3c; do
		[ "$old" != "$INIT" ] && [ "$old" != "$WIPE" ] && break
	done
	if ! has read && ! has mmap; then
		say "# $drv on $dev reads neither through pread nor a mapping (both refused above)"
	fi
	for mode in read mmap; do
		has "$mode" || continue
		if [ "$mode" = read ]; then
			tightread_check "$drv" "$dev" "" "$old"
		else
			tightread_check "$drv" "$dev" "-m $(< "/sys/bus/dax/devices/$dev/align")" "$old"
		fi
	done

	section "$drv on $dev: memory failure"
	if has mf; then
		bind "$dev" "$drv"
		conformance_memory_failure "$drv" "$dev"
	else
		say "# $drv on $dev has no memory_failure handler"
	fi
	unbind "$dev"
}

# read_declarations FILE: INIT, RO, EXCL and WIPE from FILE (see the top
# of this file), one TAP line; an unknown line fails it.
read_declarations() {
	local file=$1 line bad='' words decl=''
	INIT='' RO='' EXCL='' WIPE=''
	if [ ! -f "$file" ]; then
		say "# no $(basename "$file"): the default expectations apply"
		return
	fi
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		read -r -a words <<<"$line"
		[ ${#words[@]} = 0 ] && continue
		case "${words[*]}" in
		"read-only") RO=1 ;;
		"exclusive") EXCL=1 ;;
		initialises\ 0[xX][0-9a-fA-F][0-9a-fA-F])
			INIT=$(printf '0x%02x' "${words[1]}") ;;
		wipes\ 0[xX][0-9a-fA-F][0-9a-fA-F])
			WIPE=$(printf '0x%02x' "${words[1]}") ;;
		*) bad="$bad${bad:+; }unknown declaration '$line'" ;;
		esac
	done < "$file"
	[ -n "$RO" ] && decl="$decl, read-only"
	[ -n "$EXCL" ] && decl="$decl, exclusive"
	[ -n "$INIT" ] && decl="$decl, initialises $INIT"
	[ -n "$WIPE" ] && decl="$decl, wipes $WIPE"
	decl=${decl#, }
	tap_ok "$([ -z "$bad" ] && echo 0 || echo 1)" \
		"$(basename "$file"): the declarations are understood (${decl:-none})" "$bad"
}

conformance() {
	local ko=$1 name drv before reload='' leaks t0
	# test names say "conformance: DRIVER on DEVICE: ...", whichever
	# modules the caller loaded
	local IMPL=conformance
	name=$(modinfo -F name "$ko")
	SUBJECT=$name PAT_OK='' PAT_SEED=''
	_prefix="conformance $name: "
	say "# --- conformance: $ko"
	read_declarations "${ko%.ko}.conformance"

	# The subject replaces a loaded module of the same name (one of ours).
	if grep -q "^$name " /proc/modules; then
		for d in /sys/bus/dax/devices/dax*; do
			[ "$(dev_driver "${d##*/}")" = "$name" ] && unbind "${d##*/}"
		done
		rmmod "$name" && reload=$name
	fi
	leaks=$(kmemleak_report)
	before=$(ls /sys/bus/dax/drivers)
	check "insmod $ko" insmod "$ko"
	drv=$(comm -13 <(echo "$before") <(ls /sys/bus/dax/drivers))
	is "$(wc -w <<<"$drv")" 1 "registers one dax driver (${drv:-none})"
	# a driver of the device type claims unbound devices when it registers
	for d in /sys/bus/dax/devices/dax*; do
		[ "$(dev_driver "${d##*/}")" = "$drv" ] && unbind "${d##*/}"
	done
	INJECT=
	if [ -d "/sys/module/dax_common/holders/$name" ]; then
		INJECT=$(injection_points dax_common "$name")
	else
		INJECT=$(injection_points "$name")
	fi
	say "# injection points: $(echo $INJECT)"

	if [ "$(wc -w <<<"$drv")" = 1 ]; then
		for dev in $DEVS; do
			t0=$SECONDS
			conformance_device "$drv" "$dev"
			say "# time: conformance $name on $dev: $((SECONDS - t0)) s"
		done
	fi

	_prefix="conformance $name: "
	kmemleak_check "$name" "$leaks"
	check "rmmod $name" rmmod "$name"
	[ -n "$reload" ] && insmod "/work/$reload.ko"
	_prefix=
}
