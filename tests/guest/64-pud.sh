# SPDX-License-Identifier: GPL-2.0
# 1 GiB pages: a device_dax mapping of a device aligned to 1 GiB is
# served by PUD faults, each inserting one 1 GiB folio
# (vmf_insert_folio_pud(), counted with a kprobe). Needs an NVDIMM of 5
# GiB at a 1 GiB-aligned guest address, as the main shard boots with
# (VM_NVDIMM_SIZE, VM_NVDIMM_ALIGN: tests/run.sh, make-series.sh).

TRACING=/sys/kernel/tracing
pud_hits() { awk '$1 == "dax_test_pud" { print $2 }' "$TRACING/kprobe_profile"; }

section "1 GiB mappings (PUD faults) of a static device"
new_namespace "create a 3 GiB devdax namespace aligned to 1 GiB (memmap on the device)" -M dev -a 1G -s 3G
ns=$NS pdev=$NSDEV
if [ -n "$pdev" ]; then
	is "$(< "/sys/bus/dax/devices/$pdev/align")" $((1 << 30)) "its dax device is aligned to 1 GiB"
	size=$(< "/sys/bus/dax/devices/$pdev/size")
	is "$(( size >= 2 << 30 ))" 1 "and holds at least 2 GiB ($size bytes)"
	check "bind device_dax" bind "$pdev" device_dax
	mountpoint -q "$TRACING" || mount -t tracefs nodev "$TRACING"
	echo 'p:dax_test_pud vmf_insert_folio_pud' >> "$TRACING/kprobe_events"
	echo 1 > "$TRACING/events/kprobes/dax_test_pud/enable"
	h0=$(pud_hits)
	check "a store in the first GiB" daxio poke "$pdev" 1 0x707564
	check "a store in the second GiB" daxio poke "$pdev" $(( (1 << 18) + 1 )) 0x707565
	is "$(daxio peek "$pdev" 1) $(daxio peek "$pdev" $(( (1 << 18) + 1 )))" "0x707564 0x707565" \
		"loads through new mappings read them back"
	h=$(( $(pud_hits) - h0 ))
	is "$(( h >= 4 ))" 1 "each of the four mappings was served by a PUD fault ($h vmf_insert_folio_pud() calls)"
	echo 0 > "$TRACING/events/kprobes/dax_test_pud/enable"
	echo '-:dax_test_pud' >> "$TRACING/kprobe_events"
	check "the whole device round-trips" daxio roundtrip "$pdev"
	unbind "$pdev"
	check "destroy the namespace" ndctl destroy-namespace -f "$ns"
fi
