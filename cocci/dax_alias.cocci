// SPDX-License-Identifier: GPL-2.0
/// The dax bus announces every device with the same modalias, type 0
/// (DAX_DEVICE_MODALIAS_FMT is "dax:t%d" and the bus always passes 0), so
/// the type argument of MODULE_ALIAS_DAX_DEVICE() is always 0 where it is
/// right. The macro takes no argument (drivers/dax/bus.h): say
/// MODULE_ALIAS_DAX_DEVICE().
///
/// Patch mode rewrites MODULE_ALIAS_DAX_DEVICE(0) only. Any other argument
/// is reported, not patched: such a driver is never autoloaded today, and
/// making it autoload is a behaviour change for a human to decide.
//
// Confidence: High
// Copyright: (C) 2026 The dax-common developers
// Options: --no-includes --include-headers
// Keywords: MODULE_ALIAS_DAX_DEVICE, MODULE_ALIAS, modalias

virtual patch
virtual context
virtual org
virtual report

@depends on patch@
declarer name MODULE_ALIAS_DAX_DEVICE;
@@

-MODULE_ALIAS_DAX_DEVICE(0);
+MODULE_ALIAS_DAX_DEVICE();

@r depends on !patch@
declarer name MODULE_ALIAS_DAX_DEVICE;
expression t;
position p;
@@

MODULE_ALIAS_DAX_DEVICE@p(t);

@depends on context && !patch && !org && !report@
declarer name MODULE_ALIAS_DAX_DEVICE;
expression r.t;
position r.p;
@@

*MODULE_ALIAS_DAX_DEVICE@p(t);

@script:python depends on org@
p << r.p;
t << r.t;
@@

if t == "0":
	msg = "MODULE_ALIAS_DAX_DEVICE(0): the type argument is gone, use MODULE_ALIAS_DAX_DEVICE() (drivers/dax/bus.h)"
else:
	msg = "MODULE_ALIAS_DAX_DEVICE(%s): the dax bus only announces type 0, so this never matches; use MODULE_ALIAS_DAX_DEVICE() (drivers/dax/bus.h)" % t
coccilib.org.print_todo(p[0], msg.replace("[", "@(").replace("]", ")"))

@script:python depends on report@
p << r.p;
t << r.t;
@@

if t == "0":
	msg = "WARNING: MODULE_ALIAS_DAX_DEVICE(0): the type argument is gone, use MODULE_ALIAS_DAX_DEVICE() (drivers/dax/bus.h)"
else:
	msg = "WARNING: MODULE_ALIAS_DAX_DEVICE(%s): the dax bus only announces type 0, so this never matches; use MODULE_ALIAS_DAX_DEVICE() (drivers/dax/bus.h)" % t
coccilib.report.print_report(p[0], msg)
