// SPDX-License-Identifier: GPL-2.0
/*
 * Device-linear addressing. A dev_dax is a list of physical ranges laid
 * end to end: range i holds device pages ranges[i].pgoff onwards. The
 * ranges need not be physically adjacent (a dynamic device grown or
 * shrunk over time), and a static device's pgmap may extend below the
 * first range (an on-device memmap). These helpers walk the ranges, so a
 * personality never assumes a device is one physical run.
 */
#include <linux/mm.h>
#include <linux/pfn.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/**
 * dev_dax_size() - how many bytes a dev_dax holds
 * @dev_dax: a bound dev_dax
 *
 * The sum of its ranges, which is where device offsets end. It does not
 * change while the device is bound.
 *
 * Return: the size in bytes.
 */
u64 dev_dax_size(struct dev_dax *dev_dax)
{
	u64 size = 0;
	int i;

	for (i = 0; i < dev_dax->nr_range; i++)
		size += range_len(&dev_dax->ranges[i].range);
	return size;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_size, "DAX_COMMON");

/**
 * dev_dax_pgoff_to_pfn() - resolve a device page offset for direct access
 * @dev_dax: a bound dev_dax
 * @pgoff: page offset from the start of the device
 * @nr_pages: how many pages the caller wants, from @pgoff on
 * @kaddr: if not NULL, set to the kernel virtual address of @pgoff
 * @pfn: if not NULL, set to the pfn of @pgoff
 *
 * For &dax_operations.direct_access. The answer is physically
 * contiguous: it stops at the end of the range that holds @pgoff even
 * if the device goes on, because the next range may be anywhere.
 *
 * Return: the number of pages, at most @nr_pages, that are contiguous
 * from @pgoff; -EFAULT if @pgoff is beyond the device.
 */
long dev_dax_pgoff_to_pfn(struct dev_dax *dev_dax, pgoff_t pgoff,
			  long nr_pages, void **kaddr, unsigned long *pfn)
{
	int i;

	for (i = 0; i < dev_dax->nr_range; i++) {
		struct dev_dax_range *r = &dev_dax->ranges[i];
		unsigned long pages = PHYS_PFN(range_len(&r->range));
		phys_addr_t phys;

		if (!in_range(pgoff, r->pgoff, pages))
			continue;

		phys = r->range.start + PFN_PHYS(pgoff - r->pgoff);
		if (kaddr)
			*kaddr = __va(phys);
		if (pfn)
			*pfn = PHYS_PFN(phys);
		return min_t(u64, nr_pages, r->pgoff + pages - pgoff);
	}
	return -EFAULT;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_pgoff_to_pfn, "DAX_COMMON");

/**
 * dev_dax_pfn_to_offset() - where a failed pfn lies on the device
 * @dev_dax: a bound dev_dax
 * @pfn: first failed pfn, as memory_failure() reports it
 * @nr_pages: number of failed pages from @pfn on
 * @offset: set to the byte offset of @pfn from the start of the device
 * @len: set to the number of failed bytes from @offset on that lie in
 *	the same range; the caller asks again for the rest
 *
 * For &dev_pagemap_ops.memory_failure, to tell a holder which part of
 * the device failed. A pfn of the pgmap that holds no data (the memmap of
 * a static device) has no device offset.
 *
 * Return: 0, or -ENXIO if @pfn is not in the device's data.
 */
int dev_dax_pfn_to_offset(struct dev_dax *dev_dax, unsigned long pfn,
			  unsigned long nr_pages, u64 *offset, u64 *len)
{
	phys_addr_t phys = PFN_PHYS(pfn);
	int i;

	for (i = 0; i < dev_dax->nr_range; i++) {
		struct dev_dax_range *r = &dev_dax->ranges[i];
		struct range *range = &r->range;

		if (phys < range->start || phys > range->end)
			continue;

		*offset = PFN_PHYS(r->pgoff) + (phys - range->start);
		*len = min_t(u64, PFN_PHYS(nr_pages), range->end + 1 - phys);
		return 0;
	}
	return -ENXIO;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_pfn_to_offset, "DAX_COMMON");
