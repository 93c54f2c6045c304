// SPDX-License-Identifier: GPL-2.0
/*
 * Claim every range of a dev_dax in iomem for as long as it is bound, so
 * that nobody else (another driver, kmem) can use the memory behind the
 * personality's back.
 */
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/ioport.h>
#include <linux/pgtable.h>	/* for dax-private.h's dax_align_valid() */
#include "dax-private.h"
#include "dax-common-internal.h"

/* One range at a time, so that fault injection can pick any of them. */
noinline int devm_dev_dax_request_range(struct dev_dax *dev_dax, int i)
{
	struct device *dev = &dev_dax->dev;
	struct range *range = &dev_dax->ranges[i].range;

	if (!devm_request_mem_region(dev, range->start, range_len(range),
				     dev_name(dev)))
		return -EBUSY;
	return 0;
}
ALLOW_ERROR_INJECTION(devm_dev_dax_request_range, ERRNO);
