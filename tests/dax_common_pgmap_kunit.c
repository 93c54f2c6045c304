// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the decisions dax_common takes about a device's
 * dev_pagemap at bind: whether the device can have one at all, and the
 * folio order of its pages for each folio policy. No memory is mapped;
 * the dev_dax and the pgmap are plain structures.
 */
#include <kunit/test.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include "dax-private.h"
#include "bus.h"
#include "dax-common-internal.h"

static struct dev_dax_range one_range[] = {
	{ .pgoff = 0, .range = { 0x100000000ULL, 0x100000000ULL + SZ_512M - 1 } },
};

static struct dax_region static_region = {
	.res = { .flags = IORESOURCE_DAX_STATIC },
};

static void pgmap_problem_test(struct kunit *test)
{
	struct dax_region dynamic_region = {};
	struct dev_pagemap pgmap = {};
	struct dev_dax dev_dax = {
		.region = &static_region,
		.nr_range = 1,
		.ranges = one_range,
	};

	/* static: the bus-owned pgmap, one range only */
	dev_dax.pgmap = &pgmap;
	KUNIT_EXPECT_NULL(test, dev_dax_pgmap_problem(&dev_dax));
	dev_dax.nr_range = 2;
	KUNIT_EXPECT_STREQ(test, dev_dax_pgmap_problem(&dev_dax),
			   "static pgmap / multi-range device conflict");
	dev_dax.pgmap = NULL;
	dev_dax.nr_range = 1;
	KUNIT_EXPECT_STREQ(test, dev_dax_pgmap_problem(&dev_dax),
			   "static pgmap / multi-range device conflict");

	/* dynamic: ours to create, so none may be left from before */
	dev_dax.region = &dynamic_region;
	KUNIT_EXPECT_NULL(test, dev_dax_pgmap_problem(&dev_dax));
	dev_dax.nr_range = 3;
	KUNIT_EXPECT_NULL(test, dev_dax_pgmap_problem(&dev_dax));
	dev_dax.pgmap = &pgmap;
	KUNIT_EXPECT_STREQ(test, dev_dax_pgmap_problem(&dev_dax),
			   "dynamic-dax with pre-populated page map");
}

static void vmemmap_shift_test(struct kunit *test)
{
	struct dev_dax dev_dax = { .align = PAGE_SIZE };

	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_ALIGN), 0);
	dev_dax.align = SZ_2M;
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_ALIGN),
			PMD_SHIFT - PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_BASE), 0);
	dev_dax.align = SZ_1G;
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_ALIGN),
			PUD_SHIFT - PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, dev_dax_vmemmap_shift(&dev_dax, DEV_DAX_FOLIO_BASE), 0);
}

static struct kunit_case dax_common_pgmap_cases[] = {
	KUNIT_CASE(pgmap_problem_test),
	KUNIT_CASE(vmemmap_shift_test),
	{}
};

static struct kunit_suite dax_common_pgmap_suite = {
	.name = "dax_common_pgmap",
	.test_cases = dax_common_pgmap_cases,
};

kunit_test_suite(dax_common_pgmap_suite);

MODULE_DESCRIPTION("KUnit tests for dax_common's pgmap decisions");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
