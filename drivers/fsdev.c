// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 Micron Technology, Inc. */
/*
 * fsdev_dax: a dev_dax for an fs-dax filesystem such as famfs.
 *
 * The filesystem reaches the memory through dax_direct_access() and
 * builds its own folios as files are mapped, as it would on pmem, so the
 * pages are MEMORY_DEVICE_FS_DAX and stay order-0 while unused. There is
 * no mmap of the character device. A memory failure is passed to the
 * filesystem (the dax holder) as an offset into the device.
 */
#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/memremap.h>
#include <linux/module.h>
#include <linux/uio.h>
#include "dax-private.h"
#include "dax-common.h"

static long fsdev_dax_direct_access(struct dax_device *dax_dev, pgoff_t pgoff,
				    long nr_pages, enum dax_access_mode mode,
				    void **kaddr, unsigned long *pfn)
{
	return dev_dax_pgoff_to_pfn(dax_get_private(dax_dev), pgoff, nr_pages,
				    kaddr, pfn);
}

static int fsdev_dax_zero_page_range(struct dax_device *dax_dev, pgoff_t pgoff,
				     size_t nr_pages)
{
	struct dev_dax *dev_dax = dax_get_private(dax_dev);
	void *zero = page_address(ZERO_PAGE(0));

	while (nr_pages) {
		void *kaddr;
		long i, n;

		n = dev_dax_pgoff_to_pfn(dev_dax, pgoff, nr_pages, &kaddr, NULL);
		if (n < 0)
			return n;
		/* Leave nothing in the CPU caches: the memory may be pmem. */
		for (i = 0; i < n; i++)
			memcpy_flushcache(kaddr + i * PAGE_SIZE, zero, PAGE_SIZE);
		pgoff += n;
		nr_pages -= n;
	}
	return 0;
}

static size_t fsdev_dax_recovery_write(struct dax_device *dax_dev,
				       pgoff_t pgoff, void *addr, size_t bytes,
				       struct iov_iter *iter)
{
	return _copy_from_iter_flushcache(addr, bytes, iter);
}

static const struct dax_operations dev_dax_ops = {
	.direct_access = fsdev_dax_direct_access,
	.zero_page_range = fsdev_dax_zero_page_range,
	.recovery_write = fsdev_dax_recovery_write,
};

/*
 * Report the failed pages to the holder range by range: on a multi-range
 * device, pfns that are adjacent physically need not be adjacent on the
 * device.
 */
static int fsdev_dax_memory_failure(struct dev_pagemap *pgmap,
				    unsigned long pfn, unsigned long nr_pages,
				    int mf_flags)
{
	struct dev_dax *dev_dax = pgmap->owner;
	u64 offset, len;
	int rc;

	while (nr_pages) {
		rc = dev_dax_pfn_to_offset(dev_dax, pfn, nr_pages, &offset,
					   &len);
		if (rc) {
			dev_warn_ratelimited(&dev_dax->dev,
					     "memory failure at pfn %#lx, outside the data\n",
					     pfn);
			return rc;
		}
		rc = dax_holder_notify_failure(dev_dax->dax_dev, offset, len,
					       mf_flags);
		if (rc)
			return rc;
		pfn += PHYS_PFN(len);
		nr_pages -= PHYS_PFN(len);
	}
	return 0;
}

static const struct dev_pagemap_ops fsdev_pagemap_ops = {
	.memory_failure = fsdev_dax_memory_failure,
};

static const struct file_operations fsdev_fops = {
	.owner = THIS_MODULE,
	.llseek = noop_llseek,
	.open = dev_dax_file_open,
};

static const struct dev_dax_personality fsdev_dax_personality = {
	.pgmap_type = MEMORY_DEVICE_FS_DAX,
	.folio_policy = DEV_DAX_FOLIO_BASE,
	.pgmap_ops = &fsdev_pagemap_ops,
	.fops = &fsdev_fops,
	.dax_ops = &dev_dax_ops,
};

static int fsdev_dax_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &fsdev_dax_personality);
}

static struct dax_device_driver fsdev_dax_driver = {
	.probe = fsdev_dax_probe,
	.type = DAXDRV_FSDEV_TYPE,
};
module_dax_driver(fsdev_dax_driver);

MODULE_AUTHOR("John Groves");
MODULE_DESCRIPTION("FS-DAX Device: fs-dax compatible devdax driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
MODULE_ALIAS_DAX_DEVICE();
