// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: init registers one driver and exit unregisters another:
 * not a module_dax_driver() pair, left alone.
 */
#include <linux/module.h>
#include "bus.h"

static struct dax_device_driver first_driver = {
	.type = DAXDRV_DEVICE_TYPE,
};

static struct dax_device_driver second_driver = {
	.type = DAXDRV_FSDEV_TYPE,
};

static int __init demo_init(void)
{
	return dax_driver_register(&first_driver);
}

static void __exit demo_exit(void)
{
	dax_driver_unregister(&second_driver);
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_LICENSE("GPL");
