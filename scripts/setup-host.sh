#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the host needs to build kernels, run the checks and boot
# test VMs. Idempotent: installs only what is missing.
. "$(dirname "$0")/lib.sh"

PKGS=(build-essential gcc make bc bison flex libelf-dev libssl-dev dwarves
      cpio rsync xz-utils kmod git python3 jq
      qemu-system-x86 qemu-utils debootstrap busybox-static
      coccinelle sparse ndctl daxctl
      python3-argcomplete python3-requests util-linux-extra
      python3-docutils python3-sphinx python3-ply python3-git
      gnuplot-nox dkms kbd
      debhelper dh-dkms lintian)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || true
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

log "host ready: $(spatch --version 2>&1 | head -n1)"
