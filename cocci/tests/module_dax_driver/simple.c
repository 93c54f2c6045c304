// SPDX-License-Identifier: GPL-2.0
/* Fixture: init and exit only register and unregister: converted. */
#include <linux/module.h>
#include "bus.h"

static int demo_probe(struct dev_dax *dev_dax)
{
	return 0;
}

static struct dax_device_driver demo_driver = {
	.probe = demo_probe,
	.type = DAXDRV_DEVICE_TYPE,
};

static int __init demo_init(void)
{
	return dax_driver_register(&demo_driver);
}

static void __exit demo_exit(void)
{
	dax_driver_unregister(&demo_driver);
}

MODULE_DESCRIPTION("module_dax_driver fixture");
MODULE_LICENSE("GPL");
module_init(demo_init);
module_exit(demo_exit);
