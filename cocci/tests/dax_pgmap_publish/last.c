// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the pgmap is published as the last step, when nothing can fail
 * any more, right before return 0: not reported.
 */
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/slab.h>
#include "dax-private.h"
#include "bus.h"

static void demo_kill(void *dev_dax)
{
	kill_dev_dax(dev_dax);
}

static int demo_probe(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	void *addr;
	int rc;

	pgmap = devm_kzalloc(dev, sizeof(*pgmap), GFP_KERNEL);
	if (!pgmap)
		return -ENOMEM;
	pgmap->range = dev_dax->ranges[0].range;
	pgmap->nr_range = 1;

	addr = devm_memremap_pages(dev, pgmap);
	if (IS_ERR(addr))
		return PTR_ERR(addr);

	rc = devm_add_action_or_reset(dev, demo_kill, dev_dax);
	if (rc)
		return rc;

	/* Nothing can fail from here on. */
	dev_dax->pgmap = pgmap;
	return 0;
}

static struct dax_device_driver demo_driver = {
	.probe = demo_probe,
	.type = DAXDRV_FSDEV_TYPE,
};
