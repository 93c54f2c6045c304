// SPDX-License-Identifier: GPL-2.0
/*
 * Claim every range of a dev_dax in iomem for as long as it is bound, so
 * that nobody else (another driver, a stale mapping, kmem) can use the
 * memory behind the personality's back.
 */
#include <linux/device.h>
#include <linux/ioport.h>
#include "dax-private.h"
#include "dax-common-internal.h"

int devm_dev_dax_request_ranges(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	int i;

	for (i = 0; i < dev_dax->nr_range; i++) {
		struct range *range = &dev_dax->ranges[i].range;

		if (!devm_request_mem_region(dev, range->start,
					     range_len(range), dev_name(dev))) {
			dev_err(dev, "mapping%d: %#llx-%#llx could not reserve range\n",
				i, range->start, range->end);
			return -EBUSY;
		}
	}
	return 0;
}
