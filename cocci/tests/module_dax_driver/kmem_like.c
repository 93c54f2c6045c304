// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: init allocates before registering and undoes it on failure,
 * exit frees after unregistering (the kmem shape): left alone.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "bus.h"

static const char *demo_name;

static struct dax_device_driver demo_driver = {
	.type = DAXDRV_KMEM_TYPE,
};

static int __init demo_init(void)
{
	int rc;

	demo_name = kstrdup_const("demo", GFP_KERNEL);
	if (!demo_name)
		return -ENOMEM;

	rc = dax_driver_register(&demo_driver);
	if (rc)
		kfree_const(demo_name);
	return rc;
}

static void __exit demo_exit(void)
{
	dax_driver_unregister(&demo_driver);
	kfree_const(demo_name);
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_LICENSE("GPL");
