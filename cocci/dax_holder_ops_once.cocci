// SPDX-License-Identifier: GPL-2.0
/// dax_device->holder_ops can change under a reader: fs_put_dax() clears
/// it with WRITE_ONCE() and waits for no one (kill_dax() waits, with
/// synchronize_srcu(), only for readers inside dax_read_lock()). Code that
/// tests it for NULL and then calls through it reads it twice, and the
/// compiler may reload it in between: the call can go through a NULL
/// pointer. Read it once, with
/// READ_ONCE(), into a local, test that and call through that, as
/// dax_holder_notify_failure() does; or better, from a personality, call
/// dax_holder_notify_failure() instead of the holder's ops.
///
/// The report is per function and does not follow control flow: a NULL
/// test of X->holder_ops and a call through X->holder_ops anywhere in the
/// same function make a finding, at the call.
///
/// Patch mode fixes the simple shapes: an if whose whole condition tests
/// ->holder_ops of a local struct dax_device pointer, followed by one call
/// through it, where no path reaches the call without the test and the
/// pointer is not reassigned in between:
///	if (!dax_dev->holder_ops) S  ...  dax_dev->holder_ops->op(...)
///	if (dax_dev->holder_ops) { ... dax_dev->holder_ops->op(...) ... }
/// It declares "const struct dax_holder_operations *hops;" at the top of
/// the function (files that already use the name hops are left alone) and
/// fetches it right before the test. Other shapes (a test and a call in
/// one condition, several calls, ?:) are reported only. Review the
/// result: a function that had no local variables needs a blank line
/// after the new one, and a call wrapped over lines may want rewrapping.
//
// Confidence: Moderate
// Copyright: (C) 2026 The dax-common developers
// Options: --no-includes --include-headers
// Keywords: holder_ops, READ_ONCE, dax_holder_notify_failure, fs_put_dax

virtual patch
virtual context
virtual org
virtual report

// ----------------------------------------------------------------------
// patch

// The name of the new local must be free: not a parameter, a local or
// anything else a function of this file uses.
@clash_param depends on patch@
symbol hops;
identifier f;
type T;
@@

f(..., T hops, ...) { ... }

@clash_use depends on patch@
symbol hops;
identifier f;
@@

f(...) { <+... hops ...+> }

@clash_decl depends on patch@
symbol hops;
identifier f;
type T;
@@

f(...) {
... when any
T hops;
... when any
}

@clash_init depends on patch@
symbol hops;
identifier f;
type T;
expression E;
@@

f(...) {
... when any
T hops = E;
... when any
}

@depends on patch && !clash_param && !clash_use && !clash_decl && !clash_init@
symbol hops;
identifier f, op;
idexpression struct dax_device *D;
expression E;
statement S;
@@

f(...) {
+const struct dax_holder_operations *hops;
... when != D->holder_ops
+hops = READ_ONCE(D->holder_ops);
if (
(
-!D->holder_ops
+!hops
|
-D->holder_ops == NULL
+!hops
)
 ) S
... when != D = E
    when != D->holder_ops
-D->holder_ops->op
+hops->op
 (...)
... when != D->holder_ops
}

@depends on patch && !clash_param && !clash_use && !clash_decl && !clash_init@
symbol hops;
identifier f, op;
idexpression struct dax_device *D;
expression E;
@@

f(...) {
+const struct dax_holder_operations *hops;
... when != D->holder_ops
+hops = READ_ONCE(D->holder_ops);
if (
-D->holder_ops
+hops
 ) {
... when != D = E
    when != D->holder_ops
-D->holder_ops->op
+hops->op
 (...)
... when != D->holder_ops
}
... when != D->holder_ops
}

// ----------------------------------------------------------------------
// context, org, report: a NULL test of D->holder_ops and a call through
// D->holder_ops in the same function

@t depends on !patch@
identifier f;
expression D, E, E1, E2;
position p1;
@@

f(...) {
<+...
(
 !D->holder_ops@p1
|
 D->holder_ops@p1 == NULL
|
 D->holder_ops@p1 != NULL
|
 D->holder_ops@p1 && E
|
 D->holder_ops@p1 ? E1 : E2
)
...+>
}

@c depends on !patch@
identifier t.f, op;
expression t.D;
position p2 != t.p1;
@@

f(...) { <+... D->holder_ops@p2->op(...) ...+> }

@depends on context && !patch && !org && !report@
expression t.D;
position t.p1;
@@

*D->holder_ops@p1

@depends on context && !patch && !org && !report@
expression t.D;
identifier c.op;
position c.p2;
@@

*D->holder_ops@p2->op(...)

@initialize:python@
@@

import re

# (file, line of the call) -> lines of the NULL tests
tests = {}
told = set()

def where(p):
	return (p[0].file, p[0].line)

def details(p, D, op):
	D = re.sub(r"\s*(->|\.)\s*", r"\1", D)
	lines = ", ".join(str(l) for l in sorted(tests[where(p)]))
	return ("%s->holder_ops tested for NULL (line %s) and read again for ->%s(): fetch it once with READ_ONCE() into a local, or call dax_holder_notify_failure() as the dax_common personalities do" % (D, lines, op))

@script:python depends on org || report@
p1 << t.p1;
p2 << c.p2;
@@

tests.setdefault(where(p2), set()).add(int(p1[0].line))

@script:python depends on org@
p2 << c.p2;
D << t.D;
op << c.op;
@@

if where(p2) not in told:
	told.add(where(p2))
	coccilib.org.print_todo(p2[0], details(p2, D, op).replace("[", "@(").replace("]", ")"))

@script:python depends on report@
p2 << c.p2;
D << t.D;
op << c.op;
@@

if where(p2) not in told:
	told.add(where(p2))
	coccilib.report.print_report(p2[0], "WARNING: " + details(p2, D, op))
