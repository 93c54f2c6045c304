# SPDX-License-Identifier: GPL-2.0
# Guest-side helpers: TAP output, dax device discovery, personality
# switching. Sourced by the guest test scripts.

RESULTS=${RESULTS:-/results}
TAP=$RESULTS/tap.txt
BIN=$RESULTS/bin
# Which modules are under test: "ours" (dax_common + the personalities
# built from this tree, loaded from /work), "intree" (the same code
# built in-tree by the upstream series, loaded with modprobe) or "stock"
# (the kernel's own). Known stock bugs are checked as such only for
# "stock".
IMPL=${IMPL:-ours}

_n=0
_prefix=""

# Under TCG a fork costs some 20 ms and an exec some 70 ms, more than
# most of what the tests do in the kernel: the helpers below use shell
# builtins where they can ($(< FILE), not $(cat FILE); [[ =~ ]], not
# grep; no pipe to tee for every line).

# say LINE...: a line to the console and to the TAP file
say() {
	printf '%s\n' "$*"
	printf '%s\n' "$*" >> "$TAP"
}

# Where the time goes: each TAP line's time since the one before, in
# microseconds, with its description, in $RESULTS/check-times (the host
# prints the slowest; bash's clock, no fork).
_last_us=${EPOCHREALTIME/./}

# tap_ok COND DESCRIPTION [DIAGNOSTIC...]
tap_ok() {
	local cond=$1 desc=$2 d now=${EPOCHREALTIME/./}
	shift 2
	_n=$((_n + 1))
	printf '%d %s\n' $((now - _last_us)) "$_prefix$desc" >> "$RESULTS/check-times"
	_last_us=$now
	if [ "$cond" = 0 ]; then
		say "ok $_n - $_prefix$desc"
	else
		say "not ok $_n - $_prefix$desc"
		for d in "$@"; do say "# $d"; done
	fi
}

# check DESCRIPTION CMD...: passes when CMD exits 0; its output is kept
# as the diagnostic.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	tap_ok "$rc" "$desc" "command: $*" "exit $rc" "$out"
}

# check_fails ERRNO_TEXT DESCRIPTION CMD...: passes when CMD fails and
# its output names the expected error.
check_fails() {
	local err=$1 desc=$2 out rc rc2
	shift 2
	out=$("$@" 2>&1) && rc=0 || rc=$?
	shopt -s nocasematch
	matches "$out" "$err" && rc2=0 || rc2=1
	shopt -u nocasematch
	if [ "$rc" != 0 ] && [ $rc2 = 0 ]; then
		tap_ok 0 "$desc"
	else
		tap_ok 1 "$desc" "command: $*" "exit $rc, expected failure with '$err'" "$out"
	fi
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3" "got:      $1" "expected: $2"
	fi
}

# matches TEXT REGEX: some line of TEXT matches the extended REGEX, as
# grep -qE would say
matches() {
	local line
	while IFS= read -r line; do
		[[ $line =~ $2 ]] && return 0
	done <<<"$1"
	return 1
}

# like GOT REGEX DESCRIPTION
like() {
	if matches "$1" "$2"; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3" "got:      $1" "expected: /$2/"
	fi
}

section() { _prefix="$IMPL: $*: "; say "# --- $IMPL: $*"; }

# sysfs writes that report the errno the kernel returned
sysfs_write() {
	local val=$1 file=$2 err
	if ! { echo "$val" > "$file"; } 2> "$RESULTS/.werr"; then
		err=$(< "$RESULTS/.werr")
		echo "${err##*: }" >&2
		return 1
	fi
}

# driver_of DEV: set DRIVER to the name of DEV's driver, or "none"
driver_of() {
	local d
	DRIVER=none
	[ -e "/sys/bus/dax/devices/$1/driver" ] || return 0
	for d in /sys/bus/dax/drivers/*/; do
		d=${d%/}
		[ -e "$d/$1" ] && { DRIVER=${d##*/}; return 0; }
	done
}

dev_driver() {
	local DRIVER
	driver_of "$1"
	echo "$DRIVER"
}

unbind() {
	local DRIVER
	driver_of "$1"
	[ "$DRIVER" = none ] || sysfs_write "$1" "/sys/bus/dax/drivers/$DRIVER/unbind"
}

# bind DEV DRIVER: raw sysfs, the way daxctl does it: new_id (which
# attaches an unbound device by itself), then bind if it did not.
bind() {
	local DRIVER
	unbind "$1" || return 1
	sysfs_write "$1" "/sys/bus/dax/drivers/$2/new_id" 2>/dev/null || true
	driver_of "$1"
	[ "$DRIVER" = "$2" ] && return 0
	sysfs_write "$1" "/sys/bus/dax/drivers/$2/bind"
}

# The static (NFIT) and dynamic (hmem, CXL) devices, found by their
# parents.
# NFIT's namespaces sit on the ACPI NVDIMM bus, a CXL persistent
# region's on the CXL nvdimm bridge's.
static_dev() {
	local d p
	for d in /sys/bus/dax/devices/dax*; do
		p=$(readlink -f "$d")
		[[ $p == */ndbus* && $p != */nvdimm-bridge* ]] && { echo "${d##*/}"; return; }
	done
}
cxl_pmem_dev() {
	local d p
	for d in /sys/bus/dax/devices/dax*; do
		p=$(readlink -f "$d")
		[[ $p == */nvdimm-bridge*/ndbus* ]] && { echo "${d##*/}"; return; }
	done
}
hmem_region() {
	local d
	for d in /sys/bus/dax/devices/dax*; do
		readlink -f "$d" | grep -q hmem && {
			basename "$d" | sed 's/^dax\([0-9]*\)\..*/\1/'
			return
		}
	done
}

# The CXL RAM region's dax region: dax_cxl's devices sit under a CXL
# root decoder's region.
cxl_region() {
	local d
	for d in /sys/bus/dax/devices/dax*; do
		readlink -f "$d" | grep -q '/decoder[0-9.]*/region[0-9]*/' && {
			basename "$d" | sed 's/^dax\([0-9]*\)\..*/\1/'
			return
		}
	done
}

# region_of DEV: the sysfs directory of DEV's dax region (create,
# delete, seed, available_size)
region_of() { echo "$(readlink -f "/sys/bus/dax/devices/$1/..")/dax_region"; }

# holder test module
holder() { sysfs_write "$*" /sys/kernel/debug/dax_holder_test/ctl; }
holder_log() {
	local log
	log=$(< /sys/kernel/debug/dax_holder_test/log)
	[ -z "$log" ] || printf '%s\n' "$log"
}

# fragment DEV REGION N BYTES: grow DEV (unbound and empty, of dynamic
# REGION) to N ranges of BYTES each, none next to another, as a device
# resized often on a busy region, or one of many CXL dynamic-capacity
# extents, is. Before each range but the first a filler device takes the
# next 2 MiB, so that DEV's next range starts past it; the fillers are
# deleted at the end and leave the holes.
fragment() {
	local dev=$1 region=$2 n=$3 bytes=$4 filler i fillers=()
	for ((i = 1; i <= n; i++)); do
		if ((i > 1)); then
			sysfs_write 1 "$region/create" || return 1
			filler=$(< "$region/create")
			sysfs_write $((2 << 20)) "/sys/bus/dax/devices/$filler/size" || return 1
			fillers+=("$filler")
		fi
		sysfs_write $((i * bytes)) "/sys/bus/dax/devices/$dev/size" || return 1
	done
	for filler in "${fillers[@]}"; do
		sysfs_write 0 "/sys/bus/dax/devices/$filler/size" || return 1
		printf '%s' "$filler" > "$region/delete" || return 1
	done
}

# poison PHYS: memory_failure() on the page at PHYS, as a machine check
# would; prints the holder's failure lines. hard_offline_page reports
# MF_SW_SIMULATED (0x20).
poison() {
	local line
	holder_log > /dev/null
	echo "$1" > /sys/devices/system/memory/hard_offline_page 2>/dev/null
	while IFS= read -r line; do
		[[ $line == failure* ]] && printf '%s\n' "$line"
	done <<<"$(holder_log)"
	return 0
}

inspect() {
	holder_log > /dev/null
	holder inspect "$1" && holder_log
}
# inspect_field NAME: the hex value of NAME= in inspect's output on stdin
inspect_field() { sed -n "s/.* $1=\(0x[0-9a-f]*\).*/\1/p"; }

# new_namespace DESC NDCTL_OPTION...: a devdax namespace on the NFIT
# region (ndctl create-namespace), checked as DESC; sets NS to its name
# and NSDEV to its dax device (both empty if it failed)
new_namespace() {
	local desc=$1 out
	shift
	out=$(ndctl create-namespace -b ACPI.NFIT -m devdax "$@" 2>&1)
	NS=$(jq -r '.dev // empty' <<<"$out" 2>/dev/null)
	NSDEV=$(jq -r '.daxregion.devices[0].chardev // empty' <<<"$out" 2>/dev/null)
	[[ "$NS $NSDEV" =~ ^namespace[0-9.]+\ dax[0-9.]+$ ]]
	tap_ok $? "$desc" "$out"
}

# The device's mappings from sysfs, as "pgoff pages phys" lines sorted
# by pgoff: what a direct_access walk must reproduce.
sysfs_runs() {
	local m start end pgoff
	for m in /sys/bus/dax/devices/$1/mapping[0-9]*; do
		start=$(< "$m/start"); end=$(< "$m/end"); pgoff=$(< "$m/page_offset")
		printf '%d %d %#x\n' "$pgoff" $(( (end - start + 1) / 4096 )) "$start"
	done | sort -n
}

load_personalities() {
	case "$IMPL" in
	ours)
		insmod /work/dax_common.ko
		insmod /work/device_dax.ko
		insmod /work/fsdev_dax.ko ;;
	intree|stock|fixes|dkms)
		modprobe device_dax
		modprobe fsdev_dax ;;
	esac
}

unload_personalities() {
	local dev
	for dev in /sys/bus/dax/devices/dax*; do
		case $(dev_driver "$(basename "$dev")") in
		device_dax|fsdev_dax) unbind "$(basename "$dev")" ;;
		esac
	done
	rmmod fsdev_dax device_dax 2>/dev/null || true
	rmmod dax_common 2>/dev/null || true
}

# Which kind of device_dax is loaded: ours imports dax_common, loaded as
# a module or built into the kernel.
loaded_impl() {
	if grep -q '^dax_common ' /proc/modules ||
	   grep -qs '/dax_common\.ko$' "/lib/modules/$(uname -r)/modules.builtin"; then
		echo dax_common
	else
		echo stock
	fi
}
expected_impl() {
	library_probe && echo dax_common || echo stock
}

# IMPL=fixes is the kernel's own drivers in a kernel with only the fixes
# at the head of the upstream series applied, IMPL=intree the kernel's
# own drivers with the whole series (make series-check boots both). The
# series' dax_common is the probe alone: files of /dev/daxX.Y are the
# character device's, as on stock, not a binding's.
#  is_stock: files and everything outside the probe behave as stock's
#            (stock, fixes, intree);
#  stock_bug: a bug that one of the series' fixes addresses is there
#            (stock only);
#  library_probe: the probe is dax_common's, the series' or this tree's
#            (intree, ours).
is_stock() { [ "$IMPL" = stock ] || [ "$IMPL" = fixes ] || [ "$IMPL" = intree ]; }
stock_bug() { [ "$IMPL" = stock ]; }
library_probe() { [ "$IMPL" = ours ] || [ "$IMPL" = intree ]; }

# kmsg_mark: put a unique line in the kernel log and print its tag;
# dmesg_since TAG: the kernel log after it (nothing if TAG is not in it).
# Callers run kmsg_mark in $(...), a subshell, so the tag is made of the
# subshell's pid and the time, not of a counter that would never advance
# in the caller. The tag is letters, digits and dashes: a regex of itself.
# dmesg_since is a static program (kmsg-since.c), not a loop of builtins
# nor dmesg piped to sed: the log grows by thousands of lines over a run,
# which bash took seconds to read under TCG, and the two dynamically
# linked tools cost a second per call.
kmsg_mark() {
	local tag="dax-test-mark-$BASHPID-${EPOCHREALTIME/[.,]/}"
	echo "$tag" > /dev/kmsg
	echo "$tag"
}
dmesg_since() {
	kmsg-since "$1"
}

# known_bug_begin WHAT ... known_bug_end: a stock kernel bug that the
# test reproduces and that makes the kernel warn. The host leaves the
# kernel log between the two lines out of its check for warnings
# (guest_verdict in tests/host-lib.sh); the test itself checks that the
# warning it expects is there, with dmesg_since on the tag that
# known_bug_begin prints. Keep the region to the steps that warn.
known_bug_begin() {
	local tag
	tag=$(kmsg_mark)
	echo "dax-test: known bug begins: $*" > /dev/kmsg
	echo "$tag"
}
known_bug_end() {
	echo "dax-test: known bug ends" > /dev/kmsg
}
