// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure parts of dax_common: device-linear address
 * translation over multi-range layouts with physical gaps, and the pgmap
 * decisions made at probe. No memory is mapped; the dev_dax and pgmap
 * are plain structures describing a layout.
 */
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

static void pfn_to_offset_test(struct kunit *test)
{
	const struct pfn_case *c = test->param_value;
	u64 offset = 0, len = 0;
	int rc;

	rc = dev_dax_pfn_to_offset(&multi, PHYS_PFN(c->phys), c->nr_pages,
				   &offset, &len);
	KUNIT_EXPECT_EQ(test, rc, c->expect);
	if (!c->expect) {
		KUNIT_EXPECT_EQ(test, offset, c->offset);
		KUNIT_EXPECT_EQ(test, len, c->len);
	}
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
	KUNIT_EXPECT_EQ(test, dev_dax_data_offset(&dev_dax, &static_pgmap, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset, SZ(10));

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

	/* A pgmap starting at the data has no offset... */
	above.range.start = 0x100a00000ULL;
	KUNIT_EXPECT_EQ(test, dev_dax_data_offset(&dev_dax, &above, &offset), 0);
	KUNIT_EXPECT_EQ(test, offset, 0);
	/* ...and one starting a page above it cannot map the data. */
	above.range.start = 0x100a01000ULL;
	KUNIT_EXPECT_EQ(test, dev_dax_data_offset(&dev_dax, &above, &offset), -EINVAL);
}

static void check_pgmap_test(struct kunit *test)
{
	struct dev_pagemap pgmap = {};
	struct dev_dax dev_dax = { .nr_range = 1, .ranges = static_range };

	/* static: the bus-owned pgmap, one range only */
	dev_dax.pgmap = &pgmap;
	KUNIT_EXPECT_EQ(test, dev_dax_check_pgmap(&dev_dax, true), 0);
	dev_dax.nr_range = 2;
	KUNIT_EXPECT_EQ(test, dev_dax_check_pgmap(&dev_dax, true), -EINVAL);
	dev_dax.pgmap = NULL;
	dev_dax.nr_range = 1;
	KUNIT_EXPECT_EQ(test, dev_dax_check_pgmap(&dev_dax, true), -EINVAL);

	/* dynamic: ours to create, so none may be left from before */
	KUNIT_EXPECT_EQ(test, dev_dax_check_pgmap(&dev_dax, false), 0);
	dev_dax.nr_range = 3;
	KUNIT_EXPECT_EQ(test, dev_dax_check_pgmap(&dev_dax, false), 0);
	dev_dax.pgmap = &pgmap;
	KUNIT_EXPECT_EQ(test, dev_dax_check_pgmap(&dev_dax, false), -EINVAL);
}

static void vmemmap_shift_test(struct kunit *test)
{
	struct dev_dax dev_dax = { .align = PAGE_SIZE };

	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_ALIGN), 0);
	dev_dax.align = SZ(2);
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_ALIGN),
			PMD_SHIFT - PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_BASE), 0);
	dev_dax.align = SZ(1024);
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_ALIGN),
			PUD_SHIFT - PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_BASE), 0);
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

static struct kunit_case dax_common_cases[] = {
	KUNIT_CASE_PARAM(pgoff_to_pfn_test, pgoff_gen_params),
	KUNIT_CASE(pgoff_to_pfn_null_outputs_test),
	KUNIT_CASE_PARAM(pfn_to_offset_test, pfn_gen_params),
	KUNIT_CASE(round_trip_test),
	KUNIT_CASE(static_data_offset_test),
	KUNIT_CASE(check_pgmap_test),
	KUNIT_CASE(vmemmap_shift_test),
	KUNIT_CASE(size_test),
	KUNIT_CASE(private_state_test),
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
