// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the pgmap is published, then the probe can still fail: if it
 * does, devres frees the pgmap and dev_dax->pgmap dangles. One finding,
 * at the store, listing the error returns after it.
 */
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/slab.h>
#include "dax-private.h"
#include "bus.h"

static int demo_probe(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	void *addr;

	pgmap = devm_kzalloc(dev, sizeof(*pgmap), GFP_KERNEL);
	if (!pgmap)
		return -ENOMEM;
	pgmap->range = dev_dax->ranges[0].range;
	pgmap->nr_range = 1;
	dev_dax->pgmap = pgmap;

	if (!devm_request_mem_region(dev, pgmap->range.start,
				     range_len(&pgmap->range), dev_name(dev)))
		return -EBUSY;

	addr = devm_memremap_pages(dev, pgmap);
	if (IS_ERR(addr))
		return PTR_ERR(addr);
	return 0;
}

static struct dax_device_driver demo_driver = {
	.probe = demo_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
