// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a personality whose probe does every step of the plumbing
 * itself. Each of the five steps is one finding.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/slab.h>
#include "dax-private.h"
#include "bus.h"

static const struct file_operations demo_fops;

static void demo_release_cdev(void *data)
{
	cdev_del(data);
}

static void demo_stop(void *data)
{
	kill_dev_dax(data);
}

static int demo_probe(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	struct inode *inode;
	struct cdev *cdev;
	void *addr;
	int i, rc;

	if (static_dev_dax(dev_dax)) {
		pgmap = dev_dax->pgmap;
	} else {
		pgmap = devm_kzalloc(dev, struct_size(pgmap, ranges,
						      dev_dax->nr_range - 1),
				     GFP_KERNEL);
		if (!pgmap)
			return -ENOMEM;
		pgmap->nr_range = dev_dax->nr_range;
		for (i = 0; i < dev_dax->nr_range; i++)
			pgmap->ranges[i] = dev_dax->ranges[i].range;
	}

	for (i = 0; i < dev_dax->nr_range; i++) {
		struct range *r = &dev_dax->ranges[i].range;

		if (!devm_request_mem_region(dev, r->start, range_len(r),
					     dev_name(dev)))
			return -EBUSY;
	}

	pgmap->type = MEMORY_DEVICE_GENERIC;
	addr = devm_memremap_pages(dev, pgmap);
	if (IS_ERR(addr))
		return PTR_ERR(addr);

	inode = dax_inode(dev_dax->dax_dev);
	cdev = inode->i_cdev;
	cdev_init(cdev, &demo_fops);
	cdev->owner = dev->driver->owner;
	rc = cdev_add(cdev, dev->devt, 1);
	if (rc)
		return rc;
	rc = devm_add_action_or_reset(dev, demo_release_cdev, cdev);
	if (rc)
		return rc;

	rc = devm_add_action_or_reset(dev, demo_stop, dev_dax);
	if (rc)
		return rc;
	dev_dax->pgmap = pgmap;
	run_dax(dev_dax->dax_dev);
	return 0;
}

static struct dax_device_driver demo_driver = {
	.probe = demo_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
