#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel under TCG with both kinds of dax memory and run a
# guest script.
#
#   vm-run.sh [-t TIMEOUT] [-k VARIANT | -K KBUILD] RESULTS_DIR GUEST_SCRIPT [ARGS...]
#
# -k picks a cached kernel variant (scripts/build-kernel.sh); -K boots an
# already built kernel object tree instead (e.g. the upstream series').
#
# Memory devices in every boot:
#   - static: a 1 GiB QEMU nvdimm (ACPI NFIT), from which the guest makes a
#     devdax namespace with its memmap on the device (nonzero data offset);
#   - dynamic: 512 MiB of soft-reserved RAM at 1 GiB (memmap=...+0xefffffff),
#     which dax_hmem turns into a resizable dax region;
#   - CXL: two 256 MiB cxl-type3 memory expanders behind a CXL host
#     bridge, each on a root port, and a fixed memory window: the guest
#     makes a RAM region of the volatile one, which dax_cxl turns into a
#     resizable dax region, and a persistent region of the other, which
#     cxl_pmem gives to libnvdimm for a labelled devdax namespace.
# QEMU is 11.x from trixie-backports, on its own libraries
# (scripts/fetch-qemu.sh): the system's 7.2 has no usable cxl-type3, and
# 11 maps a type-3 device's memory into the guest as RAM once the guest
# commits its decoder, where 10 emulated every access to it. TCG is
# single-threaded unless VM_TCG_THREAD=multi (below).
# The project tree is shared at /work (read-only), RESULTS_DIR at /results.
# Console output, kernel log included, goes to RESULTS_DIR/console.log.
# VM_QEMU_OPTS adds QEMU options (more devices, say).
# VM_ROOT boots another guest root than scripts/make-guest-root.sh's (the
# kernel's modules are installed into it the same way), VM_MEMORY
# the guest's memory, MiB then QEMU's -m options (default
# 2048,slots=4,maxmem=8192, maxmem in MiB),
# VM_NVDIMM_SIZE the NVDIMM's (default 1G; it counts against maxmem),
# VM_NVDIMM_ALIGN its alignment in guest physical memory (default 2M; 1G
# for a namespace whose data can be mapped in 1 GiB pages).
. "$(dirname "$0")/lib.sh"

timeout=1200
variant=default
kbuild=
while getopts t:k:K: opt; do
	case $opt in
	t) timeout=$OPTARG ;;
	k) variant=$OPTARG ;;
	K) kbuild=$(cd "$OPTARG" && pwd) ;;
	*) die "usage: vm-run.sh [-t TIMEOUT] [-k VARIANT] RESULTS GUEST_SCRIPT [ARGS]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "usage: vm-run.sh [-t TIMEOUT] [-k VARIANT] RESULTS GUEST_SCRIPT [ARGS]"
results=$(mkdir -p "$1" && cd "$1" && pwd)
shift

[ -n "$kbuild" ] || kbuild=$("$TOP/scripts/build-kernel.sh" "$variant")
PATH=$("$TOP/scripts/fetch-qemu.sh"):$PATH
root=${VM_ROOT:-$("$TOP/scripts/make-guest-root.sh")}
release=$(cat "$kbuild/include/config/kernel.release")

# The guest root's /lib/modules must match the kernel being booted. Under
# a lock: make check starts two boots at once, and on a cold cache both
# find the modules missing.
stamp=$root/usr/lib/modules/$release/.installed-from
mkdir -p "$root/usr/lib/modules"
(
	flock 9
	if [ "$(cat "$stamp" 2>/dev/null)" != "$kbuild" ]; then
		log "installing $release modules into the guest root"
		rm -rf "$root/usr/lib/modules/$release"
		make -s -C "$kbuild" INSTALL_MOD_PATH="$root/usr" modules_install >&2 &&
			echo "$kbuild" > "$stamp"
	fi
) 9> "$root/usr/lib/modules/.install-$release.lock"
[ "$(cat "$stamp" 2>/dev/null)" = "$kbuild" ] ||
	die "could not install the $release modules into $root"

# A fresh, zeroed NVDIMM for every boot: nothing a previous guest left on
# the media (labels, info blocks, an on-media memmap of a guest that
# died) may leak into this one. Sparse, so this costs nothing.
img=$results/nvdimm.img
nvdimm_size=${VM_NVDIMM_SIZE:-1G}
nvdimm_align=${VM_NVDIMM_ALIGN:-2M}

# The CXL topology: host bridge (pxb-cxl) -> root port -> type-3 device
# with volatile memory, and a 4 GiB window that decodes to the bridge.
# A second expander on a second root port has persistent memory and a
# label storage area (sparse files of the boot, like the NVDIMM's), and
# a serial number, without which cxl_pmem makes no nd region of it.
cxl_pmem=$results/cxl-pmem.img
cxl_lsa=$results/cxl-lsa.img
CXL_OPTS="-machine cxl=on
 -object memory-backend-ram,id=cxl-ram0,size=256M,share=on
 -object memory-backend-file,id=cxl-pmem0,share=on,mem-path=$cxl_pmem,size=256M
 -object memory-backend-file,id=cxl-lsa0,share=on,mem-path=$cxl_lsa,size=1M
 -device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
 -device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2
 -device cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-ram0,id=cxl-mem0
 -device cxl-rp,port=1,bus=cxl.1,id=cxl-rp1,chassis=0,slot=3
 -device cxl-type3,bus=cxl-rp1,persistent-memdev=cxl-pmem0,lsa=cxl-lsa0,sn=0x5eed0001,id=cxl-pmem0
 -M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G"

# TCG runs the guest on one host thread unless VM_TCG_THREAD=multi
# (MTTCG: a thread per vCPU). With QEMU 7.2, MTTCG occasionally executed
# a stale translation while the kernel patched its text with int3
# (text_poke_bp) during boot, and the guest died in sched_clock_cpu with
# "Oops: int3". QEMU 10 and 11 boot reliably with it
# (tests/boot-stability.sh: 20 boots of 20 under each, on 2026-12-02 and
# 2026-12-03, none died or oopsed), but the suite is not faster for it:
# its guest work is one shell at a time, a boot with its set-up takes 8 s
# under MTTCG and 10 s without (QEMU 11, one boot alone on the host),
# and make check runs a boot per host core, which MTTCG would
# oversubscribe. The guard below still reboots a guest that dies before
# its script starts.
tcg_thread=${VM_TCG_THREAD:-single}

# The CPU: QEMU's "max", less ERMS and FSRM. With them the kernel copies
# to and from user space with "rep movsb", which TCG carries out a byte
# at a time, and on memory that QEMU emulates access by access (CXL
# type-3 memory under QEMU 10, which had no direct mapping of it), one
# emulated access per byte: read(2) of a CXL dax device ran at 3 MB/s,
# without them (8-byte moves) at 23 MB/s. Nothing the tests check depends
# on them. VM_CPU replaces the model.
cpu=${VM_CPU:-max,-erms,-fsrm}

# The guest's init (scripts/vm-init.c), static, in the root it boots:
# virtme-ng's shell init forks and execs for a minute or two of every
# boot under TCG, this one makes the same mounts in a fraction of a
# second. The command to run is /results/.vm-exec.
init_bin=$CACHE/vm-init/$(sha256sum "$TOP/scripts/vm-init.c" | cut -c1-12)
if [ ! -x "$init_bin" ]; then
	mkdir -p "$CACHE/vm-init"
	gcc -O2 -Wall -Wextra -static -o "$init_bin.$$" "$TOP/scripts/vm-init.c" ||
		die "scripts/vm-init.c does not build"
	mv "$init_bin.$$" "$init_bin"
fi
if ! cmp -s "$init_bin" "$root/usr/sbin/dax-vm-init"; then
	# a new file, not a write through a link another root shares
	cp "$init_bin" "$root/usr/sbin/.dax-vm-init.$$"
	mv "$root/usr/sbin/.dax-vm-init.$$" "$root/usr/sbin/dax-vm-init"
fi

# VM_MEMORY's maxmem is in MiB, as the size before it; QEMU's needs the unit
mem=${VM_MEMORY:-2048,slots=4,maxmem=8192}
mem=$(sed -E 's/maxmem=([0-9]+)(,|$)/maxmem=\1M\2/' <<<"$mem")

# 9p shares: the root (read-only), the project tree, the results
share() { echo "-fsdev local,id=$1,path=$2,security_model=none,multidevs=remap${3:+,readonly=on} -device virtio-9p-pci,fsdev=$1,mount_tag=$1"; }

# One boot: QEMU, the console (and QEMU's own messages) on stdout.
boot() {
	printf 'exec bash /work/%s\n' "$(printf '%q ' "$@")" > "$results/.vm-exec"
	# shellcheck disable=SC2046
	timeout --foreground -k 10 "$timeout" \
	qemu-system-x86_64 -name dax-common -machine q35,nvdimm=on -accel "tcg,thread=$tcg_thread" \
		-cpu "$cpu" -smp 2 -m "$mem" -no-reboot -nodefaults -display none \
		-chardev file,id=console,path=/proc/self/fd/1 -serial chardev:console \
		$(share root "$root" ro) $(share work "$TOP" ro) $(share results "$results") \
		-object "memory-backend-file,id=mem1,share=on,mem-path=$img,size=$nvdimm_size,align=$nvdimm_align" \
		-device nvdimm,memdev=mem1,id=nv1,label-size=2M \
		${CXL_OPTS//$'\n'/} ${VM_QEMU_OPTS:-} \
		-kernel "$kbuild/arch/x86/boot/bzImage" \
		-append "root=root rootfstype=9p rootflags=version=9p2000.L,trans=virtio,access=any,msize=524288 ro init=/usr/sbin/dax-vm-init console=ttyS0 raid=noautodetect memmap=512M%0x40000000-1+0xefffffff oops=panic panic=-1 $VM_APPEND" \
		< /dev/null > "$results/console.log" 2>&1
}

VM_APPEND=${VM_APPEND:-}
set +e
for attempt in 1 2 3; do
	rm -f "$results/console.log" "$img" "$cxl_pmem" "$cxl_lsa"
	truncate -s "$nvdimm_size" "$img"
	truncate -s 256M "$cxl_pmem"
	truncate -s 1M "$cxl_lsa"
	log "booting $release under TCG (timeout ${timeout}s)"
	boot "$@"
	rc=$?
	# whatever way the boot ended, its QEMU, found by this boot's own
	# NVDIMM image, must not outlive it
	pkill -KILL -f "mem-path=$img," 2>/dev/null
	rm -f "$img" "$cxl_pmem" "$cxl_lsa"
	# A guest that died before its script started never ran a test:
	# that is the emulator, not the code under test. Boot again.
	if grep -q 'dax-vm-init: starting script' "$results/console.log"; then
		break
	fi
	log "guest died during boot (attempt $attempt); console kept as console-boot$attempt.log"
	cp "$results/console.log" "$results/console-boot$attempt.log"
done
set -e
# how many boots it took (the MTTCG boot-failure count is read from it)
echo "$attempt" > "$results/boot-attempts"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	log "guest timed out after ${timeout}s"
	echo "timeout" > "$results/vm-status"
else
	echo "exit $rc" > "$results/vm-status"
fi
exit 0
