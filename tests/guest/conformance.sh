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
# hang or a silent success); a refusal is a pass that says so. What
# cannot be probed is declared in MODULE.conformance, beside the module:
#
#   # a comment
#   initialises 0xNN   every bind sets the whole device to byte NN
#   read-only          every write path is refused
#
# Any other line fails. Undeclared, the defaults apply: the device's data
# survives a bind of the module, and a write path may be offered or not.
#
# For the personality in MODULE.ko, on the static device and the two
# dynamic ones (hmem, CXL):
#  - bind and unbind: every range reserved and /dev/daxX.Y open while
#    bound; nothing left after unbind (driver, pgmap state, iomem, node);
#  - the capabilities (daxio caps): open for writing, pread, pwrite,
#    lseek, a read mapping, a writable mapping, mprotect to writable, an
#    fs-dax holder (fs_dax_get() and a direct_access walk), a
#    memory_failure handler; end-of-device semantics of what exists
#    (pread at the end is 0, pwrite there ENOSPC, and with a real llseek
#    SEEK_END is the size and seeking beyond it EINVAL);
#  - every probe step of dax_common, and any the module declares itself,
#    failed with fail_function, call by call (the k-th range of a
#    multi-range device too): the bind fails with the injected errno and
#    says so, nothing is left, the next bind succeeds and the device works
#    (its data paths on a sample of the device after the first bind);
#  - a busy range fails the bind cleanly and the device binds once free;
#  - rebinding with every other personality (device_dax, fsdev_dax, kmem)
#    and back: the same pgmap state as a fresh bind, the device works;
#  - data across personalities at the same device offsets: what
#    device_dax wrote is read by the module after its bind (or the
#    declared byte is), what the module writes is read by device_dax;
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
# line per capability: offered, refused cleanly (which errno), or
# misbehaving; a crash or hang of the probe fails. Sets CAPS to the words
# of "openw read write seek mmap mmapw mprotw holder mf" it offers.
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
		*) tap_ok 1 "$name is offered or refused cleanly" "$line" ;;
		esac
	done <<<"$(grep -E '^[a-z-]+ (ok|noop|refused|bad)' <<<"$out")"
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
	if [ -n "$INIT" ]; then
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

	# the subject's data, read by device_dax
	seed=$((seed + 1))
	if has write; then
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
		pstart=$(sed -n 's/.*start=\(0x[0-9a-f]*\).*/\1/p' <<<"$info")
		holder_log > /dev/null
		holder mf "$dev" $(( (pstart >> 12) + 1 ))
		like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-[0-9]+\$" "a failure in the memmap below the data is refused, not reported"
	fi
	check "fs_put_dax" holder detach
	holder_log > /dev/null
	holder mf "$dev" "$first"
	like "$(holder_log)" "^mf pfn=0x[0-9a-f]+ rc=-[0-9]+\$" "after the holder left a failure is refused, not reported"
}

conformance_injection() {
	local drv=$1 dev=$2 fn k what mark
	for fn in $INJECT; do
		for k in 1 2 3 4 5 6 7 8; do
			what=$fn; [ "$k" = 1 ] || what="$fn (call $k)"
			mark=$(kmsg_mark)
			ff_arm "$fn" "$k"
			sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind" 2> "$RESULTS/.bind"
			if ! ff_fired; then
				ff_disarm
				# fewer than k calls: this bind is the one after the failures
				[ "$(dev_driver "$dev")" = "$drv" ]
				tap_ok $? "$fn: the next bind succeeds" "$(< "$RESULTS/.bind")"
				[ "$k" = 1 ] && tap_ok 1 "$fn: the probe step is reached" "the injection did not fire"
				check "$fn: and the device works" works "$dev" sampled
				unbind "$dev"
				break
			fi
			ff_disarm
			like "$(< "$RESULTS/.bind")" "[Ii]nput/output" "$what fails: bind fails with the injected EIO"
			like "$(dmesg_since "$mark")" "$dev: .*-EIO|$dev: .*error -5" "$what: the failure is logged"
			check "$what: nothing is left of the probe" nothing_left "$dev"
		done
	done
}

conformance_busy_range() {
	local drv=$1 dev=$2 phys
	phys=$(sysfs_runs "$dev" | tail -n 1 | cut -d' ' -f3)
	check "hold the last range busy" insmod /work/tests/dax_busy_test.ko start="$phys" size=4096
	check_fails "busy" "bind fails with EBUSY" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	check "nothing is left of the probe" nothing_left "$dev"
	check "release the range" rmmod dax_busy_test
	check "bind succeeds once the range is free" sysfs_write "$dev" "/sys/bus/dax/drivers/$drv/bind"
	check "and the device works" works "$dev" sampled
	unbind "$dev"
}

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

	section "$drv on $dev: the previous binding is not readable during the bind"
	# an old byte that is not the declared one
	old=0x5a; [ "$INIT" = 0x5a ] && old=0xa5
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

# read_declarations FILE: INIT and RO from FILE (see the top of this
# file), one TAP line; an unknown line fails it.
read_declarations() {
	local file=$1 line bad='' byte words decl
	INIT='' RO=''
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
		initialises\ 0[xX][0-9a-fA-F][0-9a-fA-F])
			byte=${words[1]}
			INIT=$(printf '0x%02x' "$byte") ;;
		*) bad="$bad${bad:+; }unknown declaration '$line'" ;;
		esac
	done < "$file"
	decl="${RO:+read-only}${RO:+${INIT:+, }}${INIT:+initialises $INIT}"
	tap_ok "$([ -z "$bad" ] && echo 0 || echo 1)" \
		"$(basename "$file"): the declarations are understood (${decl:-none})" "$bad"
}

conformance() {
	local ko=$1 name drv before reload='' leaks t0
	# test names say "conformance: DRIVER on DEVICE: ...", whichever
	# modules the caller loaded
	local IMPL=conformance
	name=$(modinfo -F name "$ko")
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
