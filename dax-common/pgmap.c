// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2016-2018 Intel Corporation. All rights reserved. */
/*
 * The memory steps of a bind: a static dev_dax borrows the bus's pgmap, a
 * dynamic one gets its own, and what a personality writes into it is
 * erased at unbind.
 */
#include <kunit/visibility.h>
#include <linux/dax.h>
#include <linux/error-injection.h>
#include <linux/log2.h>
#include <linux/memremap.h>
#include <linux/pgtable.h>	/* for dax-private.h's dax_align_valid() */
#include "dax-private.h"
#include "dax-common-internal.h"

/* Why @dev_dax cannot have a pgmap, or NULL if it can */
VISIBLE_IF_KUNIT const char *dev_dax_pgmap_problem(struct dev_dax *dev_dax)
{
	if (!static_dev_dax(dev_dax))
		return dev_dax->pgmap ? "dynamic-dax with pre-populated page map" : NULL;
	if (!dev_dax->pgmap || dev_dax->nr_range > 1)
		return "static pgmap / multi-range device conflict";
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_pgmap_problem);

VISIBLE_IF_KUNIT unsigned long
dev_dax_vmemmap_shift(struct dev_dax *dev_dax, enum dev_dax_folio_policy policy)
{
	if (policy != DEV_DAX_FOLIO_ALIGN || dev_dax->align <= PAGE_SIZE)
		return 0;
	return order_base_2(dev_dax->align >> PAGE_SHIFT);
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_vmemmap_shift);

/* Not published in dev_dax->pgmap until the probe can no longer fail */
noinline int devm_dev_dax_get_pgmap(struct dev_dax *dev_dax,
				    struct dev_pagemap **pgmapp)
{
	struct dev_pagemap *pgmap = dev_dax->pgmap;

	if (dev_dax_pgmap_problem(dev_dax))
		return -EINVAL;
	if (!pgmap) {
		pgmap = devm_kzalloc(&dev_dax->dev,
				     struct_size(pgmap, ranges, dev_dax->nr_range - 1),
				     GFP_KERNEL);
		if (!pgmap)
			return -ENOMEM;
		pgmap->nr_range = dev_dax->nr_range;
		for (int i = 0; i < dev_dax->nr_range; i++)
			pgmap->ranges[i] = dev_dax->ranges[i].range;
	}
	*pgmapp = pgmap;
	return 0;
}
ALLOW_ERROR_INJECTION(devm_dev_dax_get_pgmap, ERRNO);

/* A static pgmap may start below the data (an on-device memmap), not above */
noinline int dev_dax_validate_pgmap(struct dev_dax *dev_dax,
				    const struct dev_pagemap *pgmap)
{
	return pgmap->range.start > dev_dax->ranges[0].range.start ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_validate_pgmap);
ALLOW_ERROR_INJECTION(dev_dax_validate_pgmap, ERRNO);

noinline int devm_dev_dax_request_range(struct dev_dax *dev_dax, int i)
{
	struct range *range = &dev_dax->ranges[i].range;
	struct device *dev = &dev_dax->dev;

	return devm_request_mem_region(dev, range->start, range_len(range),
				       dev_name(dev)) ? 0 : -EBUSY;
}
ALLOW_ERROR_INJECTION(devm_dev_dax_request_range, ERRNO);

static void dev_dax_forget_pages(void *data)
{
	struct dev_pagemap *pgmap = data;

	pgmap->vmemmap_shift = 0;
	pgmap->ops = NULL;
	pgmap->owner = NULL;
}

/*
 * The description is armed for erasure before the pages are mapped, so
 * that on unbind it is erased after they are gone.
 */
noinline int devm_dev_dax_map_pages(struct dev_dax *dev_dax,
				    struct dev_pagemap *pgmap,
				    const struct dev_dax_personality *personality)
{
	int rc;

	pgmap->type = personality->pgmap_type;
	pgmap->vmemmap_shift = dev_dax_vmemmap_shift(dev_dax,
						     personality->folio_policy);
	pgmap->ops = personality->pgmap_ops;
	pgmap->owner = pgmap->ops ? dev_dax : NULL;
	rc = devm_add_action_or_reset(&dev_dax->dev, dev_dax_forget_pages,
				      pgmap);
	return rc ?: PTR_ERR_OR_ZERO(devm_memremap_pages(&dev_dax->dev, pgmap));
}
ALLOW_ERROR_INJECTION(devm_dev_dax_map_pages, ERRNO);

/* The steps above, in order, each failure logged here, once */
int devm_dev_dax_map(struct dev_dax *dev_dax,
		     const struct dev_dax_personality *personality,
		     struct dev_pagemap **pgmapp)
{
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	int rc;

	rc = devm_dev_dax_get_pgmap(dev_dax, &pgmap);
	if (rc)
		return dev_err_probe(dev, rc, "%s\n", dev_dax_pgmap_problem(dev_dax) ?:
				     "no memory for the page map");
	rc = dev_dax_validate_pgmap(dev_dax, pgmap);
	if (rc)
		return dev_err_probe(dev, rc, "pgmap start %#llx exceeds data start %#llx\n",
				     pgmap->range.start, dev_dax->ranges[0].range.start);
	for (int i = 0; i < dev_dax->nr_range; i++) {
		struct range *range = &dev_dax->ranges[i].range;

		rc = devm_dev_dax_request_range(dev_dax, i);
		if (rc)
			return dev_err_probe(dev, rc,
					     "mapping%d: %#llx-%#llx could not reserve range\n",
					     i, range->start, range->end);
	}
	rc = devm_dev_dax_map_pages(dev_dax, pgmap, personality);
	if (rc)
		return dev_err_probe(dev, rc, "could not map pages\n");
	*pgmapp = pgmap;
	return 0;
}

static void dev_dax_clear_dax_ops(void *dax_dev)
{
	dax_set_ops(dax_dev, NULL);
}

noinline int devm_dev_dax_set_dax_ops(struct dev_dax *dev_dax,
				      const struct dax_operations *ops)
{
	/* -EBUSY: another driver's ops were never cleared */
	int rc = ops ? dax_set_ops(dev_dax->dax_dev, ops) : 0;

	if (rc || !ops)
		return rc;
	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_clear_dax_ops,
					dev_dax->dax_dev);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_set_dax_ops, ERRNO);
