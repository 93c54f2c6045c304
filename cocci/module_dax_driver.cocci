// SPDX-License-Identifier: GPL-2.0
/// A dax bus driver whose module init only returns dax_driver_register()
/// and whose module exit only calls dax_driver_unregister() on the same
/// struct dax_device_driver can say module_dax_driver() instead, which
/// drivers/dax/bus.h provides.
///
/// Init or exit functions that do anything else (kmem's memory types and
/// resource name, for instance) are left alone, as are functions that are
/// referenced other than from module_init()/module_exit(), and drivers
/// whose struct dax_device_driver is not defined in the same file.
///
/// Patch mode removes both functions and both declarers and puts
/// module_dax_driver(drv); right after the driver's definition.
//
// Confidence: High
// Copyright: (C) 2026 The dax-common developers
// Options: --no-includes --include-headers
// Keywords: module_init, module_exit, dax_driver_register, module_dax_driver

virtual patch
virtual context
virtual org
virtual report

@initd@
declarer name module_init;
identifier initfn;
position pi, pia;
@@

module_init@pi(initfn@pia);

@exitd@
declarer name module_exit;
identifier exitfn;
position pe, pea;
@@

module_exit@pe(exitfn@pea);

// The init function does nothing but register one driver...
@initf@
identifier initd.initfn, drv;
position pfi;
@@

int initfn@pfi(void)
{
	return dax_driver_register(&drv);
}

// ...and the exit function nothing but unregister the same one.
@exitf@
identifier exitd.exitfn, initf.drv;
position pfe;
@@

void exitfn@pfe(void)
{
	dax_driver_unregister(&drv);
}

// The driver is defined here, so module_dax_driver() can follow it.
@drvdef depends on exitf@
identifier initf.drv;
@@

struct dax_device_driver drv = { ... };

// Any other reference to either function (a call, a pointer) rules the
// conversion out.
@otheruse depends on drvdef@
identifier initd.initfn, exitd.exitfn;
position p != {initd.pia, exitd.pea, initf.pfi, exitf.pfe};
@@

(
 initfn@p
|
 exitfn@p
)

// ----------------------------------------------------------------------
// patch: the declarers go, and module_dax_driver() comes, only where both
// functions went

@rm_init depends on patch && drvdef && !otheruse@
identifier initd.initfn, initf.drv;
@@

-int initfn(void)
-{
-	return dax_driver_register(&drv);
-}

@rm_exit depends on patch && drvdef && !otheruse@
identifier exitd.exitfn, initf.drv;
@@

-void exitfn(void)
-{
-	dax_driver_unregister(&drv);
-}

@depends on patch && rm_init && rm_exit@
declarer name module_init;
identifier initd.initfn;
@@

-module_init(initfn);

@depends on patch && rm_init && rm_exit@
declarer name module_exit;
identifier exitd.exitfn;
@@

-module_exit(exitfn);

@depends on patch && rm_init && rm_exit@
declarer name module_dax_driver;
identifier initf.drv;
@@

struct dax_device_driver drv = { ... };
+module_dax_driver(drv);

// ----------------------------------------------------------------------
// context

@depends on context && !patch && !org && !report && drvdef && !otheruse@
identifier initd.initfn, initf.drv;
@@

*int initfn(void)
*{
*	return dax_driver_register(&drv);
*}

@depends on context && !patch && !org && !report && drvdef && !otheruse@
identifier exitd.exitfn, initf.drv;
@@

*void exitfn(void)
*{
*	dax_driver_unregister(&drv);
*}

@depends on context && !patch && !org && !report && drvdef && !otheruse@
declarer name module_init;
identifier initd.initfn;
@@

*module_init(initfn);

@depends on context && !patch && !org && !report && drvdef && !otheruse@
declarer name module_exit;
identifier exitd.exitfn;
@@

*module_exit(exitfn);

// ----------------------------------------------------------------------
// org and report: one line, at module_init()

@script:python depends on org && drvdef && !otheruse@
pi << initd.pi;
initfn << initd.initfn;
exitfn << exitd.exitfn;
drv << initf.drv;
@@

msg = "module_init(%s)/module_exit(%s) only register/unregister %s: use module_dax_driver(%s) (drivers/dax/bus.h)" % (initfn, exitfn, drv, drv)
coccilib.org.print_todo(pi[0], msg)

@script:python depends on report && drvdef && !otheruse@
pi << initd.pi;
initfn << initd.initfn;
exitfn << exitd.exitfn;
drv << initf.drv;
@@

msg = "WARNING: module_init(%s)/module_exit(%s) only register/unregister %s: use module_dax_driver(%s) (drivers/dax/bus.h)" % (initfn, exitfn, drv, drv)
coccilib.report.print_report(pi[0], msg)
