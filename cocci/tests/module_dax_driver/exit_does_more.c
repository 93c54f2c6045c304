// SPDX-License-Identifier: GPL-2.0
/* Fixture: init is plain but exit does more than unregister: left alone. */
#include <linux/module.h>
#include "bus.h"

static struct dax_device_driver demo_driver = {
	.type = DAXDRV_DEVICE_TYPE,
};

static int __init demo_init(void)
{
	return dax_driver_register(&demo_driver);
}

static void __exit demo_exit(void)
{
	dax_driver_unregister(&demo_driver);
	pr_info("demo: gone\n");
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_LICENSE("GPL");
