// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: stores to ->pgmap outside a dax driver's probe (a test that
 * builds a dev_dax by hand, a bus helper) are not this check's business.
 */
#include <linux/memremap.h>
#include "dax-private.h"
#include "bus.h"

int demo_fill(struct dev_dax *dev_dax, struct dev_pagemap *pgmap)
{
	dev_dax->pgmap = pgmap;
	if (dev_dax->nr_range != 1)
		return -EINVAL;
	return 0;
}
