// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2016-2018 Intel Corporation. All rights reserved. */
/*
 * device_dax: /dev/daxX.Y as raw, shared, aligned mappings of the device.
 * The mapping and its fault path are dax_common's (dev_dax_mmap_*());
 * what is device_dax's own is that it does nothing else, and that its
 * pages are compound folios of the device's alignment.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include "dax-private.h"
#include "dax-common.h"

static const struct file_operations dax_fops = {
	.llseek = noop_llseek,
	.owner = THIS_MODULE,
	.open = dev_dax_mmap_open,
	.get_unmapped_area = dev_dax_get_unmapped_area,
	.mmap_prepare = dev_dax_mmap_prepare,
	.fop_flags = FOP_MMAP_SYNC,
};

static const struct dev_dax_personality device_dax_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_ALIGN,
	.fops = &dax_fops,
};

static int dev_dax_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &device_dax_personality);
}

static struct dax_device_driver device_dax_driver = {
	.probe = dev_dax_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(device_dax_driver);

MODULE_AUTHOR("Intel Corporation");
MODULE_DESCRIPTION("Device DAX: direct access device driver");
MODULE_LICENSE("GPL v2");
MODULE_IMPORT_NS("DAX_COMMON");
MODULE_ALIAS_DAX_DEVICE();
