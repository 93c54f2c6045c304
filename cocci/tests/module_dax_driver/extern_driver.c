// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the driver is defined in another file, so there is no place
 * here to put module_dax_driver() after it: left alone.
 */
#include <linux/module.h>
#include "bus.h"

extern struct dax_device_driver demo_driver;

static int __init demo_init(void)
{
	return dax_driver_register(&demo_driver);
}

static void __exit demo_exit(void)
{
	dax_driver_unregister(&demo_driver);
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_LICENSE("GPL");
