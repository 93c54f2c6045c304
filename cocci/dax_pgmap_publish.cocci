// SPDX-License-Identifier: GPL-2.0
/// A dax probe that stores the pgmap in dev_dax->pgmap and can still fail
/// afterwards leaves dev_dax->pgmap pointing at memory that devres frees
/// when the probe fails (a dynamic device's devm_kzalloc()ed pgmap), and
/// the next probe, or anything else reading dev_dax->pgmap, uses it.
/// Publish the pgmap only when nothing can fail any more, as the last
/// step before return 0, or let devm_dev_dax_activate() (dax_common) do
/// it: it publishes the pgmap after its last failure point.
///
/// Only the .probe of a struct dax_device_driver is checked. A store of
/// NULL is not a publication, and a path that stores to dev_dax->pgmap
/// again (resetting it) before returning is not reported.
///
/// There is no patch mode (-D patch changes nothing): moving the store
/// past every failure point means reordering the probe, and the code in
/// between may read dev_dax->pgmap; that is for a human to check.
//
// Confidence: High
// Copyright: (C) 2026 The dax-common developers
// Options: --no-includes --include-headers
// Keywords: dev_dax, pgmap, probe, devm, use-after-free, devm_dev_dax_activate

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@

# (file, line of the store) -> lines of the error returns it reaches
errs = {}
told = set()

def where(p):
	return (p[0].file, p[0].line)

def details(p, probefn):
	lines = ", ".join(str(l) for l in sorted(errs.get(where(p), ())))
	return ("dev_dax->pgmap published in %s() before a later error return (line %s): a failed probe leaves it pointing at devm-freed memory; publish it last, or use devm_dev_dax_activate() (dax_common, dax-common.h)" % (probefn, lines))

@probe@
identifier drv, probefn;
@@

struct dax_device_driver drv = { ..., .probe = probefn, ... };

@r exists@
identifier probe.probefn;
struct dev_dax *D;
expression E, E2, R;
position p, q;
@@

probefn(...) {
... when any
D->pgmap@p = E;
... when != D->pgmap = E2
return@q R;
}

// Keep the paths that end in an error return, after a store of non-NULL.
@script:python filter@
p << r.p;
q << r.q;
E << r.E;
R << r.R;
@@

if E == "NULL" or R == "0":
	cocci.include_match(False)
else:
	errs.setdefault(where(p), set()).add(int(q[0].line))

// ----------------------------------------------------------------------
// context

@depends on context && !patch && !org && !report@
position r.p;
expression X, Y;
@@

*X->pgmap@p = Y;

@depends on context && !patch && !org && !report@
position r.q;
expression R;
@@

*return@q R;

// ----------------------------------------------------------------------
// org and report: one line per store, listing the error returns

@script:python depends on org@
p << r.p;
q << r.q;
probefn << probe.probefn;
@@

if where(p) not in told:
	told.add(where(p))
	coccilib.org.print_todo(p[0], details(p, probefn).replace("[", "@(").replace("]", ")"))

@script:python depends on report@
p << r.p;
q << r.q;
probefn << probe.probefn;
@@

if where(p) not in told:
	told.add(where(p))
	coccilib.report.print_report(p[0], "WARNING: " + details(p, probefn))

// ----------------------------------------------------------------------
// patch: intentionally none (see the header). This rule never matches; it
// only keeps -D patch, and coccicheck MODE=patch or MODE=chain, from
// failing with "No rules apply".

@depends on patch@
@@

-dax_pgmap_publish_has_no_patch_mode();
