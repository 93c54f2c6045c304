// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the plumbing split into helpers that the probe calls. The
 * helpers called directly from the probe are searched; the findings name
 * the helper and the probe. A helper of a helper is not searched.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/slab.h>
#include "dax-private.h"
#include "bus.h"

static const struct file_operations demo_fops;

static struct dev_pagemap *demo_get_pgmap(struct dev_dax *dev_dax)
{
	struct dev_pagemap *pgmap;

	if (static_dev_dax(dev_dax))
		return dev_dax->pgmap;

	pgmap = devm_kzalloc(&dev_dax->dev, sizeof(*pgmap), GFP_KERNEL);
	if (!pgmap)
		return ERR_PTR(-ENOMEM);
	pgmap->range = dev_dax->ranges[0].range;
	pgmap->nr_range = 1;
	return pgmap;
}

static void demo_cdev_gone(void *c)
{
	cdev_del(c);
}

static int demo_add_cdev(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct cdev *cdev = dax_inode(dev_dax->dax_dev)->i_cdev;
	int rc;

	cdev_init(cdev, &demo_fops);
	rc = cdev_add(cdev, dev->devt, 1);
	if (rc)
		return rc;
	return devm_add_action_or_reset(dev, demo_cdev_gone, cdev);
}

static int demo_map_deeper(struct dev_dax *dev_dax, struct dev_pagemap *pgmap)
{
	return PTR_ERR_OR_ZERO(devm_memremap_pages(&dev_dax->dev, pgmap));
}

static int demo_map(struct dev_dax *dev_dax, struct dev_pagemap *pgmap)
{
	return demo_map_deeper(dev_dax, pgmap);
}

static int demo_probe(struct dev_dax *dev_dax)
{
	struct dev_pagemap *pgmap;
	int rc;

	pgmap = demo_get_pgmap(dev_dax);
	if (IS_ERR(pgmap))
		return PTR_ERR(pgmap);
	rc = demo_map(dev_dax, pgmap);
	if (rc)
		return rc;
	return demo_add_cdev(dev_dax);
}

static struct dax_device_driver demo_driver = {
	.probe = demo_probe,
	.type = DAXDRV_FSDEV_TYPE,
};
