// SPDX-License-Identifier: GPL-2.0
/* Fixture: already uses module_dax_driver(): nothing to do. */
#include <linux/module.h>
#include "dax-common.h"

static struct dax_device_driver demo_driver = {
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(demo_driver);

MODULE_LICENSE("GPL");
MODULE_ALIAS_DAX_DEVICE();
