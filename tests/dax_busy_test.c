// SPDX-License-Identifier: GPL-2.0
/*
 * dax_busy_test: hold a physical range busy in iomem, as another driver
 * would, so that the guest tests can make a dev_dax probe fail at its
 * range reservation and check what the failed probe leaves behind.
 *
 *   insmod dax_busy_test.ko start=0x... size=0x...
 *
 * The range is released when the module is removed.
 */
#include <linux/ioport.h>
#include <linux/module.h>

static unsigned long long start;
module_param(start, ullong, 0444);
MODULE_PARM_DESC(start, "physical start address of the range to hold");

static unsigned long long size;
module_param(size, ullong, 0444);
MODULE_PARM_DESC(size, "size in bytes of the range to hold");

static struct resource *held;

static int __init busy_test_init(void)
{
	if (!size)
		return -EINVAL;
	held = request_mem_region(start, size, "dax_busy_test");
	if (!held)
		return -EBUSY;
	return 0;
}

static void __exit busy_test_exit(void)
{
	release_mem_region(start, size);
}

module_init(busy_test_init);
module_exit(busy_test_exit);
MODULE_DESCRIPTION("dax_common tests: hold a physical range busy");
MODULE_LICENSE("GPL");
