// SPDX-License-Identifier: GPL-2.0
/* Fixture: a personality on top of dax_common: nothing to report. */
#include <linux/fs.h>
#include <linux/module.h>
#include "dax-private.h"
#include "dax-common.h"

static const struct file_operations demo_fops = {
	.owner = THIS_MODULE,
};

static const struct dev_dax_personality demo_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_ALIGN,
	.fops = &demo_fops,
};

static int demo_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &demo_personality);
}

static struct dax_device_driver demo_driver = {
	.probe = demo_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(demo_driver);

MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
MODULE_ALIAS_DAX_DEVICE();
