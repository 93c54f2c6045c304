// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the same steps in a library function that no dax driver uses
 * as its .probe (dax_common itself looks like this): not reported.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/memremap.h>
#include "dax-private.h"
#include "bus.h"

static void lib_kill(void *dev_dax)
{
	kill_dev_dax(dev_dax);
}

int lib_activate(struct dev_dax *dev_dax, struct dev_pagemap *pgmap)
{
	struct device *dev = &dev_dax->dev;
	void *addr;
	int i, rc;

	if (!static_dev_dax(dev_dax) && !pgmap)
		return -EINVAL;
	for (i = 0; i < dev_dax->nr_range; i++) {
		struct range *r = &dev_dax->ranges[i].range;

		if (!devm_request_mem_region(dev, r->start, range_len(r), "lib"))
			return -EBUSY;
	}
	addr = devm_memremap_pages(dev, pgmap);
	if (IS_ERR(addr))
		return PTR_ERR(addr);
	rc = devm_add_action_or_reset(dev, lib_kill, dev_dax);
	if (rc)
		return rc;
	run_dax(dev_dax->dax_dev);
	return 0;
}
