// SPDX-License-Identifier: GPL-2.0
/// struct dev_dax_personality::fops is required: devm_dev_dax_activate()
/// (dax_common) installs it as the file operations of /dev/daxX.Y with
/// cdev_init(), and a character device without file operations fails
/// every open with -ENXIO. Find personalities defined without .fops (or
/// with .fops = NULL).
///
/// There is no patch mode (-D patch changes nothing): what the file
/// operations should be is the personality's to decide.
//
// Confidence: High
// Copyright: (C) 2026 The dax-common developers
// Options: --no-includes --include-headers
// Keywords: dev_dax_personality, fops, devm_dev_dax_activate, cdev_init

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@

# (file, name) of the personalities that have a non-NULL .fops
has_fops = set()

def details(pname, why):
	return ("struct dev_dax_personality %s %s: devm_dev_dax_activate() (dax_common, dax-common.h) needs .fops for /dev/daxX.Y" % (pname, why))

@pers depends on !patch@
identifier pname;
position p;
@@

struct dev_dax_personality pname@p = { ... };

@withfops depends on !patch@
identifier pers.pname;
expression E;
position pers.p;
@@

struct dev_dax_personality pname@p = { ..., .fops = E, ... };

@script:python depends on withfops@
pname << pers.pname;
p << pers.p;
E << withfops.E;
@@

if E != "NULL":
	has_fops.add((p[0].file, pname))

// Keep the personalities without file operations.
@script:python depends on !patch@
pname << pers.pname;
p << pers.p;
@@

if (p[0].file, pname) in has_fops:
	cocci.include_match(False)

@depends on context && !patch && !org && !report@
identifier pers.pname;
position pers.p;
@@

*struct dev_dax_personality pname@p = { ... };

@script:python depends on org@
pname << pers.pname;
p << pers.p;
@@

coccilib.org.print_todo(p[0], details(pname, "has no file operations"))

@script:python depends on report@
pname << pers.pname;
p << pers.p;
@@

coccilib.report.print_report(p[0], "WARNING: " + details(pname, "has no file operations"))

// ----------------------------------------------------------------------
// patch: intentionally none (see the header). This rule never matches; it
// only keeps -D patch, and coccicheck MODE=patch or MODE=chain, from
// failing with "No rules apply".

@depends on patch@
@@

-dax_personality_fops_has_no_patch_mode();
