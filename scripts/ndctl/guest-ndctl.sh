#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of make ndctl-check (scripts/ndctl-check.sh): ndctl's own
# test suite, built in the guest root by scripts/ndctl/make-root.sh, on
# nfit_test's and cxl_test's emulated buses, whose modules the host put
# under /lib/modules/$(uname -r)/updates.
#
#   guest-ndctl.sh [-m TIMEOUT_MULTIPLIER] [SUITE...]     (default: ndctl dax cxl)
#   guest-ndctl.sh -S
#
# -S (smoke) runs no suite: it loads nfit_test and cxl_test and checks
# their buses with the root's packaged ndctl/cxl 85, which is what the
# suite needs of the kernel, the modules and the root.
#
# Writes to /results: meson-logs/ (meson's testlog-SUITE.txt and .json,
# written as the tests run, so a guest that dies keeps what finished),
# tap.txt (a TAP line per test), modules.txt (where each module came
# from), dmesg.txt, and "current-test" markers in the kernel log.
set -u
mult=10
smoke=0
while getopts m:S opt; do
	case $opt in
	m) mult=$OPTARG ;;
	S) smoke=1 ;;
	*) echo "usage: guest-ndctl.sh [-m MULT] [SUITE...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- ndctl dax cxl

R=/results
B=/opt/ndctl/build
TAP=$R/tap.txt
: > "$TAP"
rel=$(uname -r)
say() { printf '%s\n' "$*" | tee -a "$TAP"; }
if [ $smoke = 1 ]; then
	say "# kernel $rel; smoke run, ndctl $(ndctl --version) (the root's package)"
else
	say "# kernel $rel; ndctl $("$B/ndctl/ndctl" --version 2>&1) (built in $B); suites: $*; timeout multiplier $mult"
fi
say "# guest RAM $(awk '/^MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo), $(nproc) CPUs"

# QEMU's own NVDIMM root (ACPI0012) and CXL root (ACPI0017), and its
# type-3 devices (PCI class 0x0502): every boot of scripts/vm-run.sh has
# them, and nfit_test's nfit.ko and cxl_test's cxl_acpi.ko would bind them
# beside the emulated buses, at the same fake physical addresses that
# nfit_test hands out from 4 GiB. driver_override keeps every driver off
# them for the whole run, across the tests' own module reloads.
for d in /sys/bus/platform/devices/ACPI0012:* /sys/bus/platform/devices/ACPI0017:*; do
	[ -e "$d/driver_override" ] || continue
	echo none > "$d/driver_override"
	[ -e "$d/driver" ] && basename "$(readlink -f "$d")" > "$d/driver/unbind"
	say "# $(basename "$(readlink -f "$d")"): driver_override none (QEMU's device, not the emulated bus)"
done
for d in /sys/bus/pci/devices/*; do
	case $(cat "$d/class") in 0x0502*) ;; *) continue ;; esac
	echo none > "$d/driver_override"
	[ -e "$d/driver" ] && basename "$d" > "$d/driver/unbind"
	say "# $(basename "$d"): CXL memory device, driver_override none"
done

# vm-run.sh boots with oops=panic: here an oops fails the test it came
# in (its process dies), the report names it, and the suite goes on
echo 0 > /proc/sys/kernel/panic_on_oops

# journald, for the kernel log through journalctl: test/common's
# check_dmesg fails a test on a "Call Trace" in journalctl -k since it
# began, and tests look there for kernel messages they expect (without
# it journalctl has nothing: no trace is caught, an expected message is
# missed); it wants the cgroup2 hierarchy, which vm-init does not mount
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup
mkdir -p /run/systemd/journal /var/log/journal
/usr/lib/systemd/systemd-journald > /dev/null 2>&1 &
for _ in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done

# udevd, for the uevents of the devices the tests make (no coldplug: the
# boot's own devices need nothing), and udevadm settle in test/common
if [ -x /usr/lib/systemd/systemd-udevd ]; then
	/usr/lib/systemd/systemd-udevd --daemon --resolve-names=never
fi

# What modprobe will take: ndctl's core.c refuses a module that is not
# from extra/ or updates/ ("appears to be production version")
for m in nfit_test nfit_test_iomap nfit libnvdimm nd_pmem nd_btt dax_pmem device_dax \
	 cxl_test cxl_mock cxl_mock_mem cxl_core cxl_acpi cxl_pmem cxl_port cxl_mem dax_hmem kmem fsdev_dax; do
	printf '%s %s\n' "$m" "$(modinfo -n "$m" 2>&1)"
done > "$R/modules.txt"
say "# modules from updates/: $(grep -c '/updates/' "$R/modules.txt") of $(wc -l < "$R/modules.txt") (modules.txt)"

if [ $smoke = 1 ]; then
	n=0
	t() { # t DESCRIPTION CMD...
		local d=$1 out rc
		shift
		out=$("$@" 2>&1) && rc=0 || rc=$?
		n=$((n + 1))
		if [ $rc = 0 ]; then say "ok $n - $d"; else say "not ok $n - $d"; printf '#   %s\n' "$out" | tee -a "$TAP"; fi
	}
	for m in nfit_test nfit libnvdimm dax_pmem device_dax cxl_test cxl_core cxl_acpi cxl_mem; do
		t "modprobe takes $m from updates/" grep -q "^$m /lib/modules/$rel/updates/" "$R/modules.txt"
	done
	t "journald has the kernel log (journalctl -k)" sh -c 'echo "ndctl-check: journal probe" > /dev/kmsg; sleep 2;
		journalctl -k -q --since "-5min" | grep -q "journal probe" ||
		{ pgrep -a journald; ls /run/systemd/journal; journalctl -k -q | tail -n 3; false; }'
	t "modprobe nfit_test" modprobe nfit_test
	t "buses nfit_test.0 and nfit_test.1" sh -c 'ndctl list -B | jq -r ".[].provider" | sort | paste -sd" " | grep -qx "nfit_test.0 nfit_test.1"'
	t "nfit_test.0 has its DIMMs and regions" sh -c 'ndctl list -b nfit_test.0 -DR | jq -e "(.dimms | length) > 0 and (.regions | length) > 0"'
	t "no ACPI.NFIT bus: QEMU's NVDIMM stays unbound" sh -c '! ndctl list -B | grep -q ACPI.NFIT'
	t "modprobe cxl_test" modprobe cxl_test
	udevadm settle --timeout=120 2>/dev/null
	t "cxl_test's bus (cxl list -b cxl_test)" sh -c 'cxl list -b cxl_test -B | jq -e "length == 1"'
	t "cxl_test's memdevs" sh -c 'cxl list -b cxl_test -M | jq -e "length > 0"'
	t "a cxl_test region: cxl create-region" sh -c 'd=$(cxl list -b cxl_test -D -d root | jq -r "[.[] | select(.pmem_capable == true and .nr_targets == 1)][0].decoder"); m=$(cxl list -b cxl_test -M -d "$d" | jq -r ".[0].memdev"); cxl create-region -d "$d" -m "$m" -t pmem -w 1'
	# cxl_test takes its devices, regions and all, with it; nfit_test's
	# regions hold it until disabled, as test/common's cleanup does
	t "unload cxl_test" sh -c 'modprobe -r cxl_test || { lsmod; false; }'
	t "ndctl disable-region, then unload nfit_test" \
		sh -c 'ndctl disable-region -b nfit_test.0 all && ndctl disable-region -b nfit_test.1 all &&
			modprobe -r nfit_test || { lsmod; false; }'
	ndctl list -BDRN > "$R/ndctl-list.json" 2>&1
	say "1..$n"
	dmesg > "$R/dmesg.txt"
	echo "# guest done" >> "$TAP"
	exit 0
fi

# meson's logs straight onto the results share
rm -rf "$B/meson-logs"
mkdir -p "$R/meson-logs"
ln -s "$R/meson-logs" "$B/meson-logs"

cd "$B" || exit 1
n=0
for suite in "$@"; do
	say "# suite $suite"
	echo "ndctl-check: suite $suite" > /dev/kmsg
	# PROJECT:SUITE: a bare "ndctl" would match the project's name too,
	# and so every test
	msuite=$suite
	[[ $msuite == *:* ]] || msuite=ndctl:$suite
	meson test -C "$B" --no-rebuild --list --suite "$msuite" > "$R/list-$suite.txt" 2>&1
	start=$SECONDS
	NDCTL_CHECK_SUITE=$suite \
	meson test -C "$B" --no-rebuild --suite "$msuite" --timeout-multiplier "$mult" \
		--wrapper /work/scripts/ndctl/test-wrapper.sh \
		--logbase "testlog-$suite" --print-errorlogs > "$R/meson-$suite.out" 2>&1
	say "# suite $suite: meson exit $?, $((SECONDS - start)) s"
	# with --wrapper, meson adds the wrapper's name to the log's:
	# testlog-SUITE-test-wrapper.sh.json
	json=$(ls "$R/meson-logs/testlog-$suite"[-.]*json 2>/dev/null | head -n1)
	[ -n "$json" ] || continue
	# one TAP line per test; meson's results: OK, FAIL, SKIP, TIMEOUT,
	# EXPECTEDFAIL, UNEXPECTEDPASS, ERROR
	while IFS=$'\t' read -r name result dur; do
		n=$((n + 1))
		case $result in
		OK|EXPECTEDFAIL) say "ok $n - $suite/$name # time=${dur}s" ;;
		SKIP) say "ok $n - $suite/$name # SKIP time=${dur}s" ;;
		*) say "not ok $n - $suite/$name # $result time=${dur}s" ;;
		esac
	done < <(jq -r '[(.name | sub("^.* / "; "") | sub("^[^ ]+ - [^: ]+:"; "")),
		       .result, (.duration * 10 | round / 10)] | @tsv' "$json")
done
say "1..$n"
dmesg > "$R/dmesg.txt"
echo "# guest done" >> "$TAP"
