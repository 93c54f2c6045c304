# SPDX-License-Identifier: GPL-2.0
# Files that outlive their binding. A file of /dev/daxX.Y opened under one
# binding must never be served by a later one, of the same personality or
# another: the next binding may have wiped the device for a new tenant.
# And whatever the order of close, unbind and rebind, the character
# device's and the modules' references must balance.
#
# Stock 7.3 has both bugs: device_dax checks only dax_alive(), so an old
# file maps and faults in the next binding; and every bind cdev_init()s
# the cdev embedded in the dax inode while an old file still holds it, so
# the file's references are given back to whatever the cdev became: the
# close and the next unbind underflow the cdev's kobject refcount. That
# WARNING is expected on stock, between known_bug_begin and
# known_bug_end, and nowhere else.

# These run in this shell, not in check's $(...): the coproc must
# outlive them. held_open DESC DEV [map]: "daxio held" as the coproc HF,
# once it is ready.
held_open() {
	local desc=$1
	shift
	_held_open "$@"
	tap_ok $? "$desc"
}
_held_open() {
	local line=
	coproc HF { daxio held "$@"; }
	while read -r -t 60 line <&"${HF[0]}"; do
		[ "$line" = ready ] && return 0
	done
	echo "daxio held: no ready (last: ${line:-nothing})"
	return 1
}
# held_probe: what the held file does now, as "read=R write=W [fault=F] mmap=M"
held_probe() {
	local line= out=
	echo "check${1:+ $1}" >&"${HF[1]}"
	while read -r -t 60 line <&"${HF[0]}" && [ "$line" != done ]; do
		out+="${out:+ }${line/ /=}"
	done
	echo "$out"
}
held_close() {
	local line= pid=$HF_PID
	echo close >&"${HF[1]}"
	read -r -t 60 line <&"${HF[0]}"
	wait "$pid"
	[ "$line" = closed ]
	tap_ok $? "close the old file"
}
refcnt() { cat "/sys/module/$1/refcnt" 2>/dev/null; }

section "a held mapping across a device_dax rebind on $SDEV"
check "bind device_dax" bind "$SDEV" device_dax
r0=$(refcnt device_dax)
held_open "open and map the node" "$SDEV" map
is "$(held_probe)" "read=EINVAL write=skipped fault=ok mmap=ok" "while bound: the file maps and its mapping faults"
check "unbind with the file open" unbind "$SDEV"
is "$(held_probe)" "read=EINVAL write=skipped fault=SIGBUS mmap=ENXIO" "unbound: no new mapping, the old one SIGBUSes"
check "bind device_dax again with the old file open" bind "$SDEV" device_dax
probe=$(held_probe)
if is_stock; then
	is "$probe" "read=EINVAL write=skipped fault=ok mmap=ok" "stock: the old file maps and faults in the new binding (stock behaviour; the series keeps it)"
else
	is "$probe" "read=EINVAL write=skipped fault=SIGBUS mmap=ENXIO" "rebound: the old file neither maps nor faults"
	check "a new open maps the new binding" daxio roundtrip "$SDEV"
fi
if is_stock; then
	# fsdev_dax brings the same dax_device back to life, and stock
	# device_dax checks nothing else: the old file maps fsdev_dax's
	# memory (fixed by "device-dax: refuse to map a device that is bound
	# to another driver"). On stock the mapping is made, not faulted: a
	# fault would insert an fsdev_dax page as a device_dax one.
	check "unbind device_dax" unbind "$SDEV"
	check "bind fsdev_dax with the device_dax file open" bind "$SDEV" fsdev_dax
	if stock_bug; then
		is "$(held_probe nofault)" "read=EINVAL write=skipped mmap=ok" "stock: the device_dax file maps the device under fsdev_dax (known bug)"
	else
		is "$(held_probe)" "read=EINVAL write=skipped fault=SIGBUS mmap=ENXIO" "under fsdev_dax: the device_dax file neither maps nor faults"
	fi
	check "unbind fsdev_dax" unbind "$SDEV"
	check "bind device_dax again" bind "$SDEV" device_dax
	if stock_bug; then
		mark=$(known_bug_begin "stock device_dax: a file closed after a rebind underflows the cdev refcount")
		held_close
		unbind "$SDEV"
		known_bug_end
		like "$(dmesg_since "$mark")" "refcount_t: underflow" \
			"stock: the close and the unbind after the rebind underflow the cdev's kobject refcount, a WARNING (known bug)"
	else
		# "dax: give each binding of a dev_dax a character device of its own"
		mark=$(kmsg_mark)
		held_close
		check "unbind after the close" unbind "$SDEV"
		is "$(dmesg_since "$mark" | grep -c 'refcount_t\|WARNING')" 0 \
			"no refcount warning at the close and the unbind after it: the old file had a cdev of its own binding"
		# (a built-in device_dax has no module references to count)
		[ ! -e /sys/module/device_dax/refcnt ] ||
			is "$(refcnt device_dax)" "$r0" "device_dax's module references balance after the close"
	fi
	check "bind device_dax after it all" bind "$SDEV" device_dax
else
	held_close
	is "$(refcnt device_dax)" "$r0" "device_dax's references balance after the close"
	mark=$(kmsg_mark)
	check "unbind after the close" unbind "$SDEV"
	check "bind device_dax after it all" bind "$SDEV" device_dax
	is "$(dmesg_since "$mark" | grep -c 'refcount_t\|WARNING')" 0 "no refcount warning at the unbind after the close"
fi
check "a mapping of the device works after it all" daxio roundtrip "$SDEV"

# The rest crosses personalities and templates: on stock, the first
# close would move a module reference from device_dax to fsdev_dax and
# underflow it (a WARNING), so it runs on ours only.
if ! is_stock; then
	section "a held mapping across device_dax -> fsdev_dax -> device_dax on $SDEV"
	r0=$(refcnt device_dax)
	f0=$(refcnt fsdev_dax)
	held_open "open and map the node" "$SDEV" map
	check "bind fsdev_dax with the file open" bind "$SDEV" fsdev_dax
	is "$(held_probe)" "read=EINVAL write=skipped fault=SIGBUS mmap=ENXIO" "under fsdev_dax: the device_dax file neither maps nor faults"
	check "bind device_dax with the file open" bind "$SDEV" device_dax
	is "$(held_probe)" "read=EINVAL write=skipped fault=SIGBUS mmap=ENXIO" "under a new device_dax binding: still dead"
	held_close
	is "$(refcnt device_dax) $(refcnt fsdev_dax)" "$r0 $f0" "device_dax's and fsdev_dax's references balance"
	check "a mapping of the device works after it all" daxio roundtrip "$SDEV"

	# the template is built against the test kernel: not in the series'
	[ "$IMPL" = ours ] || return 0
	section "a held read(2) file across a dax_rw rebind on $SDEV"
	insmod /work/dax_rw.ko
	check "bind dax_rw" bind "$SDEV" dax_rw
	held_open "open the node" "$SDEV"
	is "$(held_probe)" "read=ok write=ok mmap=ENODEV" "while bound: the file reads"
	check "unbind with the file open" unbind "$SDEV"
	check_fails "in use" "rmmod dax_rw refused while a file of it is open" rmmod dax_rw
	check "bind dax_rw again" bind "$SDEV" dax_rw
	is "$(held_probe)" "read=ENXIO write=ENXIO mmap=ENODEV" "rebound: the old file reads nothing of the new binding"
	check "a new open reads the new binding" dd if="/dev/$SDEV" of=/dev/null bs=4096 count=1 status=none
	check "bind device_dax with the file open" bind "$SDEV" device_dax
	held_close
	check "rmmod dax_rw once its last file is closed" rmmod dax_rw
	check "a mapping of the device works after it all" daxio roundtrip "$SDEV"
fi
