// SPDX-License-Identifier: GPL-2.0
/*
 * Device-linear addressing. A dev_dax is a list of physical ranges laid
 * end to end: range i holds device pages ranges[i].pgoff onwards. The
 * ranges need not be physically adjacent (a dynamic device grown or
 * shrunk over time), and a static device's pgmap may extend below the
 * first range (an on-device memmap). These helpers look the ranges up,
 * so a personality never assumes a device is one physical run.
 *
 * A device carved out of a fragmented region (CXL dynamic capacity with
 * many extents, a long-lived hmem region) can have hundreds of ranges,
 * and every direct_access(), fault and memory failure needs one of them.
 * The ranges cannot change while the device is bound, so the bind makes
 * an index of them. The ranges of a dynamic device are cut on a coarse
 * grain (its alignment, 2 MiB or more, unless it asked for 4 KiB), and
 * then a table of that grain maps an offset to its range at once; else
 * the dax bus's pgoff order makes an offset's range a binary search away.
 * The reverse, from a physical address, is a binary search of the index
 * of the ranges in physical order.
 */
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/sort.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/*
 * How many of the device's ranges the lookups may look at: for a device
 * bound by devm_dev_dax_activate(), those it had at bind. The dax bus of
 * 7.3 lets root append a range to a bound device through daxX.Y/mapping
 * (mapping_store() checks the region's driver, not the device's); the
 * binding neither reserved nor mapped such a range, and its index is
 * sized for the ranges it saw.
 */
int dev_dax_nr_range(const struct dev_dax *dev_dax)
{
	const struct dev_dax_binding *binding = dev_get_drvdata(&dev_dax->dev);

	return binding ? binding->index.nr_range : dev_dax->nr_range;
}

/**
 * dev_dax_size() - how many bytes a dev_dax holds
 * @dev_dax: a bound dev_dax
 *
 * The sum of its ranges, which is where device offsets end: for a device
 * bound by devm_dev_dax_activate(), of the ranges it had at bind, which
 * are all that the binding serves.
 *
 * Return: the size in bytes.
 */
u64 dev_dax_size(struct dev_dax *dev_dax)
{
	int nr_range = dev_dax_nr_range(dev_dax);
	u64 size = 0;

	for (int i = 0; i < nr_range; i++)
		size += range_len(&dev_dax->ranges[i].range);
	return size;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_size, "DAX_COMMON");

static unsigned long dev_dax_range_pages(const struct dev_dax_range *r)
{
	return PHYS_PFN(range_len(&r->range));
}

/*
 * The range that holds device page @pgoff, or NULL past the end of the
 * device. The ranges are in pgoff order and end to end, which
 * dev_dax_index_ranges() checked at bind.
 */
VISIBLE_IF_KUNIT const struct dev_dax_range *
dev_dax_pgoff_range(const struct dev_dax *dev_dax, pgoff_t pgoff)
{
	int lo = 0, hi = dev_dax_nr_range(dev_dax);

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct dev_dax_range *r = &dev_dax->ranges[mid];

		if (pgoff < r->pgoff)
			hi = mid;
		else if (pgoff - r->pgoff >= dev_dax_range_pages(r))
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_pgoff_range);

static int dev_dax_cmp_phys(const void *a, const void *b, const void *priv)
{
	const struct dev_dax *dev_dax = priv;
	u64 sa = dev_dax->ranges[*(const u32 *)a].range.start;
	u64 sb = dev_dax->ranges[*(const u32 *)b].range.start;

	return sa < sb ? -1 : sa > sb;
}

/*
 * The offset table: the coarsest grain, 1 << shift pages, on which every
 * range starts and ends, and a bucket of that grain per entry, each
 * naming the one range that holds it. None (0) for a single range, which
 * needs no lookup, or when the table would exceed DEV_DAX_MAX_BUCKETS.
 */
static unsigned long dev_dax_buckets(int nr_range, unsigned long grain,
				     unsigned long pages, unsigned int *shift)
{
	if (nr_range < 2 || !grain)
		return 0;
	*shift = __ffs(grain);
	if ((pages >> *shift) > DEV_DAX_MAX_BUCKETS)
		return 0;
	return pages >> *shift;
}

/**
 * dev_dax_index_ranges() - check a device's ranges and index them
 * @dev: the device whose devres holds the index
 * @dev_dax: the device being bound; its ranges cannot change until unbind
 * @index: set to the index: the ranges in physical order, and the offset
 *	table if the ranges are cut coarsely enough for one
 *
 * The lookups depend on what the dax bus guarantees: the ranges lie end
 * to end in pgoff order, starting at 0, and no two overlap. A device
 * that breaks that would be addressed wrongly, so it is refused here.
 *
 * Return: 0; -EINVAL for ranges the lookups cannot trust, -ENOMEM.
 */
int dev_dax_index_ranges(struct device *dev, const struct dev_dax *dev_dax,
			 struct dev_dax_index *index)
{
	unsigned long b, nr_buckets, grain = 0;
	pgoff_t pgoff = 0;
	unsigned int shift = 0;
	u32 *by_phys;
	int i;

	by_phys = devm_kmalloc_array(dev, dev_dax->nr_range, sizeof(*by_phys),
				     GFP_KERNEL);
	if (!by_phys)
		return -ENOMEM;
	for (i = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];

		if (r->pgoff != pgoff || r->range.end < r->range.start)
			return -EINVAL;
		grain |= dev_dax_range_pages(r);
		pgoff += dev_dax_range_pages(r);
		by_phys[i] = i;
	}
	sort_r(by_phys, dev_dax->nr_range, sizeof(*by_phys), dev_dax_cmp_phys,
	       NULL, dev_dax);
	for (i = 1; i < dev_dax->nr_range; i++)
		if (dev_dax->ranges[by_phys[i]].range.start <=
		    dev_dax->ranges[by_phys[i - 1]].range.end)
			return -EINVAL;

	*index = (struct dev_dax_index) {
		.by_phys = by_phys,
		.nr_range = dev_dax->nr_range,
	};
	/* pgoff is now the device's size in pages */
	nr_buckets = dev_dax_buckets(dev_dax->nr_range, grain, pgoff, &shift);
	if (!nr_buckets)
		return 0;
	index->by_pgoff = devm_kmalloc_array(dev, nr_buckets,
					     sizeof(*index->by_pgoff), GFP_KERNEL);
	if (!index->by_pgoff)
		return -ENOMEM;
	for (i = 0, b = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];
		unsigned long end = (r->pgoff + dev_dax_range_pages(r)) >> shift;

		while (b < end)
			index->by_pgoff[b++] = i;
	}
	index->nr_buckets = nr_buckets;
	index->shift = shift;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_index_ranges);

/*
 * The range that holds device page @pgoff, or NULL past the end: from
 * the offset table of a bound device that has one, else by binary search.
 */
static const struct dev_dax_range *dev_dax_find_pgoff(struct dev_dax *dev_dax,
						      pgoff_t pgoff)
{
	struct dev_dax_binding *binding = dev_dax_binding(dev_dax);

	if (binding && binding->index.by_pgoff) {
		unsigned long b = pgoff >> binding->index.shift;

		if (b >= binding->index.nr_buckets)
			return NULL;
		return &dev_dax->ranges[binding->index.by_pgoff[b]];
	}
	return dev_dax_pgoff_range(dev_dax, pgoff);
}

/*
 * The range that holds @phys, or NULL if none does, by a binary search
 * of @by_phys as dev_dax_index_ranges() ordered it.
 */
VISIBLE_IF_KUNIT const struct dev_dax_range *
dev_dax_phys_range(const struct dev_dax *dev_dax, const u32 *by_phys,
		   phys_addr_t phys)
{
	int lo = 0, hi = dev_dax_nr_range(dev_dax);

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct dev_dax_range *r = &dev_dax->ranges[by_phys[mid]];

		if (phys < r->range.start)
			hi = mid;
		else if (phys > r->range.end)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_phys_range);

/*
 * For the fault handler: the physical address of device page @pgoff if
 * @size bytes from it lie in one range, else -1. The same answer as the
 * dax bus's dax_pgoff_to_phys(), found without walking the ranges.
 */
phys_addr_t dev_dax_pgoff_to_phys(struct dev_dax *dev_dax, pgoff_t pgoff,
				  unsigned long size)
{
	const struct dev_dax_range *r = dev_dax_find_pgoff(dev_dax, pgoff);
	phys_addr_t phys;

	if (!r)
		return -1;
	phys = r->range.start + PFN_PHYS(pgoff - r->pgoff);
	if (phys + size - 1 > r->range.end)
		return -1;
	return phys;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_pgoff_to_phys);

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
 * if the device goes on, because the next range may be anywhere. A
 * device bound by devm_dev_dax_activate() is looked up in the index made
 * at bind: at once if its ranges are cut on a coarse grain (2 MiB, the
 * usual alignment, or more), else in time that grows with the logarithm
 * of its number of ranges.
 *
 * Return: the number of pages, at most @nr_pages, that are contiguous
 * from @pgoff; -EFAULT if @pgoff is beyond the device.
 */
long dev_dax_pgoff_to_pfn(struct dev_dax *dev_dax, pgoff_t pgoff,
			  long nr_pages, void **kaddr, unsigned long *pfn)
{
	const struct dev_dax_range *r = dev_dax_find_pgoff(dev_dax, pgoff);
	phys_addr_t phys;

	if (!r)
		return -EFAULT;

	phys = r->range.start + PFN_PHYS(pgoff - r->pgoff);
	if (kaddr)
		*kaddr = __va(phys);
	if (pfn)
		*pfn = PHYS_PFN(phys);
	return min_t(u64, nr_pages, r->pgoff + dev_dax_range_pages(r) - pgoff);
}
EXPORT_SYMBOL_NS_GPL(dev_dax_pgoff_to_pfn, "DAX_COMMON");

/* Without the bind-time index (a caller's own dev_dax): one by one. */
static const struct dev_dax_range *
dev_dax_phys_range_walk(const struct dev_dax *dev_dax, phys_addr_t phys)
{
	int nr_range = dev_dax_nr_range(dev_dax);

	for (int i = 0; i < nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];

		if (phys >= r->range.start && phys <= r->range.end)
			return r;
	}
	return NULL;
}

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
 * a static device) has no device offset. A device bound by
 * devm_dev_dax_activate() is searched through the index made at bind,
 * in time that grows with the logarithm of its number of ranges.
 *
 * Return: 0, or -ENXIO if @pfn is not in the device's data.
 */
int dev_dax_pfn_to_offset(struct dev_dax *dev_dax, unsigned long pfn,
			  unsigned long nr_pages, u64 *offset, u64 *len)
{
	struct dev_dax_binding *binding = dev_dax_binding(dev_dax);
	phys_addr_t phys = PFN_PHYS(pfn);
	const struct dev_dax_range *r;

	if (binding && binding->index.by_phys)
		r = dev_dax_phys_range(dev_dax, binding->index.by_phys, phys);
	else
		r = dev_dax_phys_range_walk(dev_dax, phys);
	if (!r)
		return -ENXIO;

	*offset = PFN_PHYS(r->pgoff) + (phys - r->range.start);
	*len = min_t(u64, PFN_PHYS(nr_pages), r->range.end + 1 - phys);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_pfn_to_offset, "DAX_COMMON");
