// SPDX-License-Identifier: GPL-2.0
/*
 * The memory of a dev_dax being bound: its ranges, claimed in iomem, and
 * its dev_pagemap: which one, whether it fits the data, and how its pages
 * are described for this personality.
 *
 * A static dev_dax (dax_pmem) comes with a pgmap owned by the bus for the
 * device's whole life; every personality bound in turn borrows it. A
 * dynamic dev_dax (dax_hmem, dax_cxl) has none, and the personality
 * builds one from dev_dax->ranges for as long as it is bound. Either way
 * the personality's description of the pages (type, folio order, ops)
 * must be written at bind and erased at unbind, or the next personality
 * inherits it.
 */
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/ioport.h>
#include <linux/memremap.h>
#include <linux/log2.h>
#include <linux/pgtable.h>	/* for dax-private.h's dax_align_valid() */
#include <linux/slab.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/*
 * Decide whether @dev_dax can get a pgmap at all: a static device's
 * pgmap is a single range, so it cannot cover a multi-range device; a
 * dynamic device's pgmap is ours to create and must not exist yet.
 */
int dev_dax_check_pgmap(struct dev_dax *dev_dax, bool is_static)
{
	if (is_static)
		return dev_dax->pgmap && dev_dax->nr_range == 1 ? 0 : -EINVAL;
	return dev_dax->pgmap ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_check_pgmap);

/*
 * A static pgmap may start below the data, by the size of the memmap
 * stored on the device; the data then sits at that offset. A pgmap that
 * starts above the data cannot map it.
 */
VISIBLE_IF_KUNIT int dev_dax_data_offset(struct dev_dax *dev_dax,
					 const struct dev_pagemap *pgmap,
					 u64 *offset)
{
	u64 data = dev_dax->ranges[0].range.start;
	u64 start = pgmap->ranges[0].start;

	if (start > data)
		return -EINVAL;
	*offset = data - start;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_data_offset);

VISIBLE_IF_KUNIT unsigned long
dev_dax_vmemmap_shift(struct dev_dax *dev_dax, enum dev_dax_folio_policy policy)
{
	if (policy != DEV_DAX_FOLIO_ALIGN || dev_dax->align <= PAGE_SIZE)
		return 0;
	return order_base_2(dev_dax->align >> PAGE_SHIFT);
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_vmemmap_shift);

/*
 * Find or create the pgmap for @dev_dax. It is not published in
 * dev_dax->pgmap: devm_dev_dax_activate() does that once nothing can fail,
 * so a failed probe never leaves a pointer to a pgmap devres has freed.
 */
noinline int devm_dev_dax_get_pgmap(struct dev_dax *dev_dax,
			   struct dev_pagemap **pgmapp)
{
	bool is_static = static_dev_dax(dev_dax);
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;

	if (dev_dax_check_pgmap(dev_dax, is_static))
		return -EINVAL;

	if (is_static) {
		*pgmapp = dev_dax->pgmap;
		return 0;
	}

	pgmap = devm_kzalloc(dev, struct_size(pgmap, ranges,
					      dev_dax->nr_range - 1),
			     GFP_KERNEL);
	if (!pgmap)
		return -ENOMEM;

	pgmap->nr_range = dev_dax->nr_range;
	for (int i = 0; i < dev_dax->nr_range; i++)
		pgmap->ranges[i] = dev_dax->ranges[i].range;
	*pgmapp = pgmap;
	return 0;
}
ALLOW_ERROR_INJECTION(devm_dev_dax_get_pgmap, ERRNO);

noinline int dev_dax_validate_pgmap(struct dev_dax *dev_dax,
			   const struct dev_pagemap *pgmap)
{
	u64 offset;

	if (dev_dax_data_offset(dev_dax, pgmap, &offset))
		return -EINVAL;
	dev_dbg(&dev_dax->dev, "data offset %#llx into the pgmap\n", offset);
	return 0;
}
ALLOW_ERROR_INJECTION(dev_dax_validate_pgmap, ERRNO);

static void dev_dax_forget_pages(void *pgmap)
{
	struct dev_pagemap *p = pgmap;

	p->vmemmap_shift = 0;
	p->ops = NULL;
	p->owner = NULL;
}

/*
 * Describe the pages for @personality. Runs before devm_memremap_pages(),
 * which builds the struct pages from this description, so the reset
 * registered here runs after memunmap_pages() on unbind: the ops stay
 * valid for as long as the pages exist.
 */
noinline int devm_dev_dax_describe_pages(struct dev_dax *dev_dax,
				struct dev_pagemap *pgmap,
				const struct dev_dax_personality *personality)
{
	pgmap->type = personality->pgmap_type;
	pgmap->vmemmap_shift = dev_dax_vmemmap_shift(dev_dax,
						     personality->folio_policy);
	pgmap->ops = personality->pgmap_ops;
	pgmap->owner = personality->pgmap_ops ? dev_dax : NULL;

	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_forget_pages,
					pgmap);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_describe_pages, ERRNO);

noinline int devm_dev_dax_map_pages(struct dev_dax *dev_dax, struct dev_pagemap *pgmap)
{
	void *addr = devm_memremap_pages(&dev_dax->dev, pgmap);

	return PTR_ERR_OR_ZERO(addr);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_map_pages, ERRNO);

/*
 * Claim every range in iomem for as long as the device is bound, so that
 * nobody else (another driver, kmem) can use the memory behind the
 * personality's back. One range at a time, so that fault injection can
 * pick any of them.
 *
 * noinline: a fault-injection point must stay a call.
 */
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
