// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure parts of dax_common: device-linear address
 * translation over multi-range layouts with physical gaps (three ranges,
 * and a fragmented device of 128 checked against a plain walk), the
 * lookups' index of the ranges by address, and the check of a static
 * pgmap against the data. The pgmap decisions of the memory steps are in
 * dax_common_pgmap_kunit.c. No memory is mapped; the dev_dax and pgmap
 * are plain structures describing a layout.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include "dax-private.h"
#include "bus.h"
#include "dax-common-internal.h"

#define SZ(mb) ((u64)(mb) << 20)

/*
 * Three ranges, not in physical order, with gaps between them, as a
 * dynamic device looks after being resized on a fragmented region:
 *
 *   device pages   0 .. 16383   at 0x140000000 (64 MiB)
 *   device pages   16384 .. 16895 at 0x100000000 (2 MiB)
 *   device pages   16896 .. 25087 at 0x180000000 (32 MiB)
 */
static struct dev_dax_range three_ranges[] = {
	{ .pgoff = 0, .range = { 0x140000000ULL, 0x140000000ULL + SZ(64) - 1 } },
	{ .pgoff = 16384, .range = { 0x100000000ULL, 0x100000000ULL + SZ(2) - 1 } },
	{ .pgoff = 16896, .range = { 0x180000000ULL, 0x180000000ULL + SZ(32) - 1 } },
};

static struct dev_dax multi = {
	.nr_range = ARRAY_SIZE(three_ranges),
	.ranges = three_ranges,
	.align = PAGE_SIZE,
};

struct pgoff_case {
	const char *name;
	pgoff_t pgoff;
	long nr_pages;
	long expect;		/* return value */
	u64 phys;		/* expected phys when expect > 0 */
};

static const struct pgoff_case pgoff_cases[] = {
	{ "first page", 0, 1, 1, 0x140000000ULL },
	{ "whole first range", 0, LONG_MAX, 16384, 0x140000000ULL },
	{ "last page of range 0", 16383, 8, 1, 0x140000000ULL + SZ(64) - PAGE_SIZE },
	{ "first page of range 1", 16384, 1000, 512, 0x100000000ULL },
	{ "inside range 1", 16390, 4, 4, 0x100000000ULL + 6 * PAGE_SIZE },
	{ "first page of range 2", 16896, 1, 1, 0x180000000ULL },
	{ "last page of the device", 25087, LONG_MAX, 1, 0x180000000ULL + SZ(32) - PAGE_SIZE },
	{ "one past the end", 25088, 1, -EFAULT, 0 },
	{ "far beyond", ULONG_MAX, 1, -EFAULT, 0 },
};

static void pgoff_case_desc(const struct pgoff_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pgoff, pgoff_cases, pgoff_case_desc);

static void pgoff_to_pfn_test(struct kunit *test)
{
	const struct pgoff_case *c = test->param_value;
	unsigned long pfn = 0;
	void *kaddr = NULL;
	long rc;

	rc = dev_dax_pgoff_to_pfn(&multi, c->pgoff, c->nr_pages, &kaddr, &pfn);
	KUNIT_EXPECT_EQ(test, rc, c->expect);
	if (c->expect > 0) {
		KUNIT_EXPECT_EQ(test, (u64)PFN_PHYS(pfn), c->phys);
		KUNIT_EXPECT_PTR_EQ(test, kaddr, __va(c->phys));
	}
}

/* kaddr and pfn are optional: callers often want only one of them. */
static void pgoff_to_pfn_null_outputs_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(&multi, 16384, 2, NULL, NULL), 2);
}

struct pfn_case {
	const char *name;
	u64 phys;
	unsigned long nr_pages;
	int expect;
	u64 offset;
	u64 len;
};

static const struct pfn_case pfn_cases[] = {
	{ "start of range 0", 0x140000000ULL, 1, 0, 0, PAGE_SIZE },
	{ "start of range 1", 0x100000000ULL, 1, 0, SZ(64), PAGE_SIZE },
	{ "inside range 2", 0x180000000ULL + SZ(1) + 5 * PAGE_SIZE, 1, 0,
	  SZ(66) + SZ(1) + 5 * PAGE_SIZE, PAGE_SIZE },
	{ "last page of range 1, spanning out", 0x100000000ULL + SZ(2) - PAGE_SIZE,
	  16, 0, SZ(66) - PAGE_SIZE, PAGE_SIZE },
	{ "gap between ranges", 0x104000000ULL, 1, -ENXIO, 0, 0 },
	{ "below the device", 0xff000000ULL, 1, -ENXIO, 0, 0 },
	{ "just past range 0", 0x140000000ULL + SZ(64), 1, -ENXIO, 0, 0 },
};

static void pfn_case_desc(const struct pfn_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pfn, pfn_cases, pfn_case_desc);

/* A device whose devres holds an index for the length of the test. */
static struct device *index_dev(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "dax_common_kunit");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	return dev;
}

/*
 * A copy of @layout bound as devm_dev_dax_activate() binds one: with the
 * index of its ranges in its driver data.
 */
static struct dev_dax *bind_layout(struct kunit *test,
				   const struct dev_dax *layout)
{
	struct dev_dax_binding *binding;
	struct dev_dax *dev_dax;

	dev_dax = kunit_kzalloc(test, sizeof(*dev_dax), GFP_KERNEL);
	binding = kunit_kzalloc(test, sizeof(*binding), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev_dax);
	KUNIT_ASSERT_NOT_NULL(test, binding);
	dev_dax->nr_range = layout->nr_range;
	dev_dax->ranges = layout->ranges;
	dev_dax->align = layout->align;
	KUNIT_ASSERT_EQ(test, dev_dax_index_ranges(index_dev(test), dev_dax,
						   &binding->index), 0);
	dev_set_drvdata(&dev_dax->dev, binding);
	return dev_dax;
}

/* Bound (searched through the index) and not (walked): the same answers. */
static void pfn_to_offset_test(struct kunit *test)
{
	const struct pfn_case *c = test->param_value;
	struct dev_dax *devs[] = { &multi, bind_layout(test, &multi) };
	int i;

	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		u64 offset = 0, len = 0;
		int rc;

		rc = dev_dax_pfn_to_offset(devs[i], PHYS_PFN(c->phys),
					   c->nr_pages, &offset, &len);
		KUNIT_EXPECT_EQ_MSG(test, rc, c->expect, "%s", i ? "bound" : "unbound");
		if (!c->expect) {
			KUNIT_EXPECT_EQ(test, offset, c->offset);
			KUNIT_EXPECT_EQ(test, len, c->len);
		}
	}
}

/* The index lists the ranges by address; the bus's order is by offset. */
static void index_ranges_test(struct kunit *test)
{
	struct dev_dax_range bad[ARRAY_SIZE(three_ranges)];
	struct dev_dax dev_dax = { .nr_range = ARRAY_SIZE(bad), .ranges = bad };
	struct device *dev = index_dev(test);
	struct dev_dax_index index;
	int i;

	KUNIT_ASSERT_EQ(test, dev_dax_index_ranges(dev, &multi, &index), 0);
	KUNIT_EXPECT_EQ(test, index.by_phys[0], 1);
	KUNIT_EXPECT_EQ(test, index.by_phys[1], 0);
	KUNIT_EXPECT_EQ(test, index.by_phys[2], 2);
	/* cut on a 2 MiB grain: a table of 49 buckets, 32 + 1 + 16 */
	KUNIT_ASSERT_NOT_NULL(test, index.by_pgoff);
	KUNIT_EXPECT_EQ(test, index.shift, 9);
	KUNIT_EXPECT_EQ(test, index.nr_buckets, 49);
	for (i = 0; i < index.nr_buckets; i++)
		KUNIT_EXPECT_EQ(test, index.by_pgoff[i], i < 32 ? 0 : i < 33 ? 1 : 2);

	/* A hole in the offsets would send lookups to the wrong range... */
	memcpy(bad, three_ranges, sizeof(bad));
	bad[2].pgoff++;
	KUNIT_EXPECT_EQ(test, dev_dax_index_ranges(dev, &dev_dax, &index), -EINVAL);
	/* ...as would offsets that do not start at 0... */
	memcpy(bad, three_ranges, sizeof(bad));
	bad[0].pgoff = 1;
	KUNIT_EXPECT_EQ(test, dev_dax_index_ranges(dev, &dev_dax, &index), -EINVAL);
	/* ...or two ranges over the same memory. */
	memcpy(bad, three_ranges, sizeof(bad));
	bad[1].range.end = bad[0].range.start;
	bad[2].pgoff = bad[1].pgoff + PHYS_PFN(range_len(&bad[1].range));
	KUNIT_EXPECT_EQ(test, dev_dax_index_ranges(dev, &dev_dax, &index), -EINVAL);
}

#define FRAG_RANGES 128
#define FRAG_BASE 0x100000000ULL
#define FRAG_SLOT SZ(8)

/*
 * A device of FRAG_RANGES ranges of 2, 4 or 6 MiB, each in its own 8 MiB
 * slot of a region, the slots taken in a scrambled order (as extents of
 * a CXL dynamic-capacity device arrive), so that every range has a gap
 * on both sides and offset order is nothing like address order.
 */
static struct dev_dax *fragmented_layout(struct kunit *test)
{
	struct dev_dax_range *ranges;
	struct dev_dax layout = { .nr_range = FRAG_RANGES, .align = PAGE_SIZE };
	pgoff_t pgoff = 0;
	int i;

	ranges = kunit_kcalloc(test, FRAG_RANGES, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	for (i = 0; i < FRAG_RANGES; i++) {
		u64 start = FRAG_BASE + (i * 37 % FRAG_RANGES) * FRAG_SLOT;
		u64 len = SZ(2) * (1 + i % 3);

		ranges[i].pgoff = pgoff;
		ranges[i].range.start = start;
		ranges[i].range.end = start + len - 1;
		pgoff += PHYS_PFN(len);
	}
	layout.ranges = ranges;
	return bind_layout(test, &layout);
}

/* What the lookups must agree with: the walk bus.c does. */
static const struct dev_dax_range *walk_pgoff(const struct dev_dax *dev_dax,
					      pgoff_t pgoff)
{
	int i;

	for (i = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];

		if (in_range(pgoff, r->pgoff, PHYS_PFN(range_len(&r->range))))
			return r;
	}
	return NULL;
}

static void fragmented_pgoff_test(struct kunit *test)
{
	struct dev_dax *dev_dax = fragmented_layout(test);
	struct dev_dax_binding *binding = dev_get_drvdata(&dev_dax->dev);
	pgoff_t end = PHYS_PFN(dev_dax_size(dev_dax));
	int i;

	/* 2 MiB grain: the offsets go through the table, checked by the walk */
	KUNIT_ASSERT_NOT_NULL(test, binding->index.by_pgoff);
	KUNIT_EXPECT_EQ(test, binding->index.nr_buckets, (unsigned long)end >> 9);

	for (i = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];
		pgoff_t last = r->pgoff + PHYS_PFN(range_len(&r->range)) - 1;
		pgoff_t probes[] = { r->pgoff, r->pgoff + 1, (r->pgoff + last) / 2, last };
		int j;

		for (j = 0; j < ARRAY_SIZE(probes); j++) {
			pgoff_t pgoff = probes[j];
			unsigned long pfn;

			KUNIT_ASSERT_PTR_EQ(test, dev_dax_pgoff_range(dev_dax, pgoff),
					    walk_pgoff(dev_dax, pgoff));
			KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(dev_dax, pgoff, LONG_MAX,
								   NULL, &pfn),
					(long)(last - pgoff + 1));
			KUNIT_EXPECT_EQ(test, (u64)PFN_PHYS(pfn),
					r->range.start + PFN_PHYS(pgoff - r->pgoff));
		}
		/* A fault may not run off the end of its range. */
		KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_phys(dev_dax, last, PAGE_SIZE),
				r->range.end + 1 - PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_phys(dev_dax, last, 2 * PAGE_SIZE),
				(phys_addr_t)-1);
		KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_phys(dev_dax, r->pgoff, SZ(2)),
				r->range.start);
	}
	KUNIT_EXPECT_NULL(test, dev_dax_pgoff_range(dev_dax, end));
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(dev_dax, end, 1, NULL, NULL),
			(long)-EFAULT);
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_phys(dev_dax, end, PAGE_SIZE),
			(phys_addr_t)-1);
}

/*
 * Ranges on a grain too fine for a table (one page, over more buckets
 * than DEV_DAX_MAX_BUCKETS) are found by binary search, and alike.
 */
static void fine_grain_test(struct kunit *test)
{
	unsigned long big = DEV_DAX_MAX_BUCKETS + 16;
	struct dev_dax_range ranges[] = {
		{ .pgoff = 0, .range = { FRAG_BASE, FRAG_BASE + PAGE_SIZE - 1 } },
		{ .pgoff = 1, .range = { FRAG_BASE + SZ(8),
					 FRAG_BASE + SZ(8) + PFN_PHYS(big) - 1 } },
	};
	struct dev_dax layout = { .nr_range = 2, .ranges = ranges, .align = PAGE_SIZE };
	struct dev_dax *dev_dax = bind_layout(test, &layout);
	struct dev_dax_binding *binding = dev_get_drvdata(&dev_dax->dev);
	unsigned long pfn;

	KUNIT_EXPECT_NULL(test, binding->index.by_pgoff);
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(dev_dax, 0, 8, NULL, &pfn), 1L);
	KUNIT_EXPECT_EQ(test, (u64)PFN_PHYS(pfn), FRAG_BASE);
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(dev_dax, big, 8, NULL, &pfn), 1L);
	KUNIT_EXPECT_EQ(test, (u64)PFN_PHYS(pfn), FRAG_BASE + SZ(8) + PFN_PHYS(big - 1));
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(dev_dax, big + 1, 1, NULL, NULL),
			(long)-EFAULT);
}

static void fragmented_pfn_test(struct kunit *test)
{
	struct dev_dax *dev_dax = fragmented_layout(test);
	struct dev_dax_binding *binding = dev_get_drvdata(&dev_dax->dev);
	int i;

	for (i = 0; i < dev_dax->nr_range; i++) {
		const struct dev_dax_range *r = &dev_dax->ranges[i];
		u64 offset, len;

		KUNIT_ASSERT_PTR_EQ(test, dev_dax_phys_range(dev_dax, binding->index.by_phys,
							     r->range.start), r);
		KUNIT_ASSERT_PTR_EQ(test, dev_dax_phys_range(dev_dax, binding->index.by_phys,
							     r->range.end), r);
		/* Just below and just past every range lie gaps. */
		KUNIT_EXPECT_NULL(test, dev_dax_phys_range(dev_dax, binding->index.by_phys,
							   r->range.start - 1));
		KUNIT_EXPECT_NULL(test, dev_dax_phys_range(dev_dax, binding->index.by_phys,
							   r->range.end + 1));

		KUNIT_ASSERT_EQ(test, dev_dax_pfn_to_offset(dev_dax, PHYS_PFN(r->range.end),
							    4, &offset, &len), 0);
		KUNIT_EXPECT_EQ(test, offset, (u64)PFN_PHYS(r->pgoff) +
				range_len(&r->range) - PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	}
	KUNIT_EXPECT_NULL(test, dev_dax_phys_range(dev_dax, binding->index.by_phys,
						   FRAG_BASE - PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, dev_dax_phys_range(dev_dax, binding->index.by_phys,
						   FRAG_BASE + FRAG_RANGES * FRAG_SLOT));
}

/*
 * The two translations are inverses on every range boundary: what
 * pgoff_to_pfn maps a page to, pfn_to_offset maps back to that page.
 */
static void round_trip_test(struct kunit *test)
{
	int i;

	for (i = 0; i < multi.nr_range; i++) {
		struct dev_dax_range *r = &multi.ranges[i];
		pgoff_t last = r->pgoff + PHYS_PFN(range_len(&r->range)) - 1;
		pgoff_t pgoffs[] = { r->pgoff, r->pgoff + 1, last };
		int j;

		for (j = 0; j < ARRAY_SIZE(pgoffs); j++) {
			unsigned long pfn;
			u64 offset, len;

			KUNIT_ASSERT_GT(test, dev_dax_pgoff_to_pfn(&multi, pgoffs[j],
								   1, NULL, &pfn), 0);
			KUNIT_ASSERT_EQ(test, dev_dax_pfn_to_offset(&multi, pfn, 1,
								    &offset, &len), 0);
			KUNIT_EXPECT_EQ(test, offset, (u64)PFN_PHYS(pgoffs[j]));
		}
	}
}

/*
 * A static device whose pgmap starts 10 MiB below the data, as dax_pmem
 * makes one with the memmap on the device.
 */
static struct dev_dax_range static_range[] = {
	{ .pgoff = 0, .range = { 0x100a00000ULL, 0x100a00000ULL + SZ(502) - 1 } },
};

static struct dax_region static_region = {
	.res = { .flags = IORESOURCE_DAX_STATIC },
};

static struct dev_pagemap static_pgmap = {
	.range = { 0x100000000ULL, 0x100000000ULL + SZ(512) - 1 },
	.nr_range = 1,
};

static void static_data_offset_test(struct kunit *test)
{
	struct dev_dax dev_dax = {
		.region = &static_region,
		.nr_range = 1,
		.ranges = static_range,
		.pgmap = &static_pgmap,
	};
	struct dev_pagemap above = static_pgmap;
	u64 offset = 0, len = 0;

	KUNIT_EXPECT_TRUE(test, static_dev_dax(&dev_dax));
	KUNIT_EXPECT_EQ(test, dev_dax_validate_pgmap(&dev_dax, &static_pgmap), 0);

	/* The memmap pages of the pgmap are not device data. */
	KUNIT_EXPECT_EQ(test, dev_dax_pfn_to_offset(&dev_dax,
						    PHYS_PFN(0x100000000ULL), 1,
						    &offset, &len), -ENXIO);
	KUNIT_EXPECT_EQ(test, dev_dax_pfn_to_offset(&dev_dax,
						    PHYS_PFN(0x1009ff000ULL), 1,
						    &offset, &len), -ENXIO);
	/* The first data page is device offset 0, not 10 MiB. */
	KUNIT_EXPECT_EQ(test, dev_dax_pfn_to_offset(&dev_dax,
						    PHYS_PFN(0x100a00000ULL), 1,
						    &offset, &len), 0);
	KUNIT_EXPECT_EQ(test, offset, 0);

	/* A pgmap may start at the data... */
	above.range.start = 0x100a00000ULL;
	KUNIT_EXPECT_EQ(test, dev_dax_validate_pgmap(&dev_dax, &above), 0);
	/* ...but one starting a page above it cannot map the data. */
	above.range.start = 0x100a01000ULL;
	KUNIT_EXPECT_EQ(test, dev_dax_validate_pgmap(&dev_dax, &above), -EINVAL);
}

/* Device offsets end at the sum of the ranges, where the walks stop. */
static void size_test(struct kunit *test)
{
	u64 size = dev_dax_size(&multi);

	KUNIT_EXPECT_EQ(test, size, SZ(64) + SZ(2) + SZ(32));
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(&multi, PHYS_PFN(size) - 1,
						   1, NULL, NULL), 1L);
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(&multi, PHYS_PFN(size), 1,
						   NULL, NULL), (long)-EFAULT);
}

/*
 * dev_dax_private() is the tail of the binding that is the device's
 * driver data, and NULL for a personality that asked for no state.
 */
static const struct file_operations private_state_fops;

static void private_state_test(struct kunit *test)
{
	struct dev_dax_personality with = {
		.fops = &private_state_fops,
		.private_size = 24,
	};
	struct dev_dax_personality without = { .fops = &private_state_fops };
	struct dev_dax_binding *binding;
	struct dev_dax *dev_dax;

	dev_dax = kunit_kzalloc(test, sizeof(*dev_dax), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev_dax);
	KUNIT_EXPECT_NULL(test, dev_dax_private(dev_dax));

	binding = kunit_kzalloc(test, struct_size(binding, private, 24),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, binding);
	dev_set_drvdata(&dev_dax->dev, binding);

	binding->personality = &without;
	KUNIT_EXPECT_NULL(test, dev_dax_private(dev_dax));
	binding->personality = &with;
	KUNIT_EXPECT_PTR_EQ(test, dev_dax_private(dev_dax),
			    (void *)binding->private);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)binding->private,
					   ARCH_KMALLOC_MINALIGN));
}

/*
 * A range appended to a bound device (7.3's daxX.Y/mapping allows it)
 * was neither reserved nor mapped by the binding: the lookups of a bound
 * device, binary searches included, see only the ranges it was bound
 * with, and its size is theirs.
 */
static void appended_range_test(struct kunit *test)
{
	struct dev_dax *dev_dax = fragmented_layout(test);
	int nr = dev_dax->nr_range;
	u64 size = dev_dax_size(dev_dax);
	struct dev_dax_range *grown;
	u64 offset, len;

	grown = kunit_kcalloc(test, nr + 1, sizeof(*grown), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grown);
	memcpy(grown, dev_dax->ranges, nr * sizeof(*grown));
	grown[nr].pgoff = PHYS_PFN(size);
	grown[nr].range.start = FRAG_BASE + FRAG_RANGES * FRAG_SLOT;
	grown[nr].range.end = grown[nr].range.start + SZ(2) - 1;
	dev_dax->ranges = grown;
	dev_dax->nr_range = nr + 1;

	KUNIT_EXPECT_EQ(test, dev_dax_size(dev_dax), size);
	KUNIT_EXPECT_NULL(test, dev_dax_pgoff_range(dev_dax, PHYS_PFN(size)));
	KUNIT_EXPECT_EQ(test, dev_dax_pgoff_to_pfn(dev_dax, PHYS_PFN(size), 1,
						   NULL, NULL), (long)-EFAULT);
	KUNIT_EXPECT_EQ(test, dev_dax_pfn_to_offset(dev_dax,
						    PHYS_PFN(grown[nr].range.start),
						    1, &offset, &len), -ENXIO);
	/* what was bound is still found */
	KUNIT_EXPECT_EQ(test, dev_dax_pfn_to_offset(dev_dax,
						    PHYS_PFN(grown[nr - 1].range.start),
						    1, &offset, &len), 0);
	KUNIT_EXPECT_EQ(test, offset, (u64)PFN_PHYS(grown[nr - 1].pgoff));
}

/*
 * A file's state is the one of the binding whose copy of the file
 * operations it has, whichever binding is the device's now: a release
 * that gives something back must give it to its own binding.
 */
static void file_private_test(struct kunit *test)
{
	struct dev_dax_personality with = {
		.fops = &private_state_fops,
		.private_size = 8,
	};
	struct dev_dax_binding *old, *cur;
	struct file *filp;

	old = kunit_kzalloc(test, struct_size(old, private, 8), GFP_KERNEL);
	cur = kunit_kzalloc(test, struct_size(cur, private, 8), GFP_KERNEL);
	filp = kunit_kzalloc(test, sizeof(*filp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, old);
	KUNIT_ASSERT_NOT_NULL(test, cur);
	KUNIT_ASSERT_NOT_NULL(test, filp);
	old->personality = &with;
	cur->personality = &with;
	dev_dax_binding_init_fops(old);
	dev_dax_binding_init_fops(cur);

	/* the copies differ, and each is the personality's with our release */
	KUNIT_EXPECT_PTR_NE(test, &old->fops, &cur->fops);
	KUNIT_EXPECT_PTR_EQ(test, (void *)old->fops.release,
			    (void *)dev_dax_file_release);

	filp->f_op = &old->fops;
	KUNIT_EXPECT_PTR_EQ(test, dev_dax_file_private(filp),
			    (void *)old->private);
	filp->f_op = &cur->fops;
	KUNIT_EXPECT_PTR_EQ(test, dev_dax_file_private(filp),
			    (void *)cur->private);

	with.private_size = 0;
	KUNIT_EXPECT_NULL(test, dev_dax_file_private(filp));
}

static struct kunit_case dax_common_cases[] = {
	KUNIT_CASE_PARAM(pgoff_to_pfn_test, pgoff_gen_params),
	KUNIT_CASE(pgoff_to_pfn_null_outputs_test),
	KUNIT_CASE_PARAM(pfn_to_offset_test, pfn_gen_params),
	KUNIT_CASE(round_trip_test),
	KUNIT_CASE(index_ranges_test),
	KUNIT_CASE(fragmented_pgoff_test),
	KUNIT_CASE(fine_grain_test),
	KUNIT_CASE(fragmented_pfn_test),
	KUNIT_CASE(static_data_offset_test),
	KUNIT_CASE(size_test),
	KUNIT_CASE(private_state_test),
	KUNIT_CASE(file_private_test),
	KUNIT_CASE(appended_range_test),
	{}
};

static struct kunit_suite dax_common_suite = {
	.name = "dax_common",
	.test_cases = dax_common_cases,
};

kunit_test_suite(dax_common_suite);

MODULE_DESCRIPTION("KUnit tests for dax_common");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
