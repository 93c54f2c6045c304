// SPDX-License-Identifier: GPL-2.0
/// Find dev_dax probe plumbing open-coded in a personality: code in the
/// .probe of a struct dax_device_driver (or in a function the probe calls
/// directly) that
///  (a) picks the pgmap: static_dev_dax() and a devm_kzalloc()ed
///      struct dev_pagemap for a dynamic device,
///  (b) reserves dev_dax->ranges with a devm_request_mem_region() loop,
///  (c) adds /dev/daxX.Y: cdev_init()/cdev_add() on the dax inode's cdev
///      with a devm action calling cdev_del(),
///  (d) makes the device live: run_dax() with a devm action calling
///      kill_dev_dax(),
///  (e) maps the pages with devm_memremap_pages().
/// dax_common does all of this, in the right order and with the right
/// unwinding, in devm_dev_dax_activate(): describe what is the
/// personality's own (pgmap type, folio policy, pgmap ops, fops,
/// dax_ops) in a struct dev_dax_personality and call that instead.
///
/// There is intentionally no patch mode (-D patch changes nothing). The
/// open-coded probes mix the plumbing with the personality's own policy
/// (pgmap type, vmemmap_shift, pgmap->ops/owner, file and dax operations,
/// extra devm actions) spread over assignments, helpers and callbacks, and
/// they differ from the library in behaviour (when dev_dax->pgmap is
/// published, what is undone on unbind, how the folio order of a shared
/// pgmap is reset). Turning that into a struct dev_dax_personality is a
/// design decision, not a mechanical rewrite.
//
// Confidence: Moderate
// Copyright: (C) 2026 The dax-common developers
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: devm_dev_dax_activate, dev_dax_personality, static_dev_dax, devm_request_mem_region, cdev_init, run_dax, kill_dev_dax, devm_memremap_pages

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@

# functions of this file that a probe calls directly
callees = set()

@probe@
identifier drv, probefn;
@@

struct dax_device_driver drv = { ..., .probe = probefn, ... };

// Functions the probe calls directly are searched as well: a personality
// may keep a step in a helper (fsdev's pgmap acquisition, for one). The
// functions to search are the probe and those of this file it calls, one
// binding each, so the rules below run once per function searched.
@target depends on probe && !patch@
identifier f;
position pf;
@@

f@pf(...) { ... }

@callee depends on !patch@
identifier probe.probefn, target.f;
position pc;
@@

probefn(...) { <+... f@pc(...) ...+> }

@script:python depends on !patch@
f << target.f;
pc << callee.pc;
@@

callees.add((pc[0].file, f))

@script:python depends on !patch@
probefn << probe.probefn;
f << target.f;
pf << target.pf;
@@

if f != probefn and (pf[0].file, f) not in callees:
	cocci.include_match(False)
// (a) static or dynamic pgmap
@pa1 depends on !patch@
identifier target.f;
expression D;
position p;
@@

f(...) { <+... static_dev_dax@p(D) ...+> }

@pa2 depends on !patch@
identifier target.f;
struct dev_pagemap *P;
position q;
@@

f(...) { <+... P = \(devm_kzalloc@q\|devm_kmalloc@q\)(...) ...+> }

// (b) iomem reservation of every range
@pb depends on !patch@
identifier target.f;
expression D;
position p;
@@

f(...) {
<+...
for (...; <+... D->nr_range ...+>; ...) { <+... devm_request_mem_region@p(...) ...+> }
...+>
}

// (c) the character device of the dax inode, deleted by a devm action
@pc1 depends on !patch@
identifier target.f;
expression C, F;
position p;
@@

f(...) { <+... cdev_init@p(C, F) ...+> }

@pc2 depends on !patch@
identifier target.f;
@@

f(...) { <+... dax_inode(...)->i_cdev ...+> }

@pc3 depends on !patch@
identifier target.f;
expression E, I;
@@

f(...) {
... when any
I = dax_inode(...);
... when any
E = I->i_cdev;
... when any
}

@pc4 depends on !patch && (pc2 || pc3)@
identifier target.f;
expression pc1.C;
@@

f(...) { <+... cdev_add(C, ...) ...+> }

@pc5 depends on !patch && pc4@
identifier target.f, A;
expression pc1.C, D;
@@

f(...) { <+... \(devm_add_action_or_reset\|devm_add_action\)(D, A, C) ...+> }

@pc6 depends on !patch@
identifier pc5.A;
@@

A(...) { <+... cdev_del(...) ...+> }

// (d) run_dax() and the kill_dev_dax() action
@pd1 depends on !patch@
identifier target.f;
expression X;
position p;
@@

f(...) { <+... run_dax@p(X) ...+> }

@pd2 depends on !patch@
identifier target.f, A;
expression D, E;
@@

f(...) { <+... \(devm_add_action_or_reset\|devm_add_action\)(D, A, E) ...+> }

@pd3 depends on !patch@
identifier pd2.A;
@@

A(...) { <+... kill_dev_dax(...) ...+> }

// (e) the pages
@pe depends on !patch@
identifier target.f;
expression D, P;
position p;
@@

f(...) { <+... devm_memremap_pages@p(D, P) ...+> }

// ----------------------------------------------------------------------
// context

@depends on context && !patch && !org && !report && pa2@
position pa1.p;
expression D;
@@

*static_dev_dax@p(D)

@depends on context && !patch && !org && !report@
position pa2.q;
@@

*devm_kzalloc@q(...)

@depends on context && !patch && !org && !report@
position pb.p;
@@

*devm_request_mem_region@p(...)

@depends on context && !patch && !org && !report && pc6@
position pc1.p;
@@

*cdev_init@p(...)

@depends on context && !patch && !org && !report && pd3@
position pd1.p;
@@

*run_dax@p(...)

@depends on context && !patch && !org && !report@
position pe.p;
@@

*devm_memremap_pages@p(...)

// ----------------------------------------------------------------------
// org and report

@initialize:python@
@@

HINT = "use devm_dev_dax_activate() with a struct dev_dax_personality (dax_common, dax-common.h)"

def where(f, probefn):
	if f == probefn:
		return "in %s()" % f
	return "in %s(), called from %s()" % (f, probefn)

@initialize:python depends on org@
@@

def say(p, msg):
	coccilib.org.print_todo(p[0], msg)

@initialize:python depends on report@
@@

def say(p, msg):
	coccilib.report.print_report(p[0], "WARNING: " + msg)

@script:python depends on (org || report) && pa2@
p << pa1.p;
q << pa2.q;
f << target.f;
probefn << probe.probefn;
@@

say(p, "open-coded pgmap acquisition %s (static_dev_dax(), dev_pagemap allocated at line %s): %s" % (where(f, probefn), q[0].line, HINT))

@script:python depends on org || report@
p << pb.p;
f << target.f;
probefn << probe.probefn;
@@

say(p, "open-coded iomem reservation of dev_dax->ranges %s (devm_request_mem_region() loop): %s" % (where(f, probefn), HINT))

@script:python depends on (org || report) && pc6@
p << pc1.p;
f << target.f;
probefn << probe.probefn;
@@

say(p, "open-coded dax character device %s (cdev_init()/cdev_add() on the dax inode's cdev, devm cdev_del() action): %s" % (where(f, probefn), HINT))

@script:python depends on (org || report) && pd3@
p << pd1.p;
f << target.f;
probefn << probe.probefn;
@@

say(p, "open-coded activation %s (run_dax() with a devm kill_dev_dax() action): %s" % (where(f, probefn), HINT))

@script:python depends on org || report@
p << pe.p;
f << target.f;
probefn << probe.probefn;
@@

say(p, "open-coded page mapping %s (devm_memremap_pages() of the dev_dax pgmap): %s" % (where(f, probefn), HINT))

// ----------------------------------------------------------------------
// patch: intentionally none (see the header). This rule never matches; it
// only keeps -D patch, and coccicheck MODE=patch or MODE=chain, from
// failing with "No rules apply".

@depends on patch@
@@

-dax_probe_plumbing_has_no_patch_mode();
