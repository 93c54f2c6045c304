// SPDX-License-Identifier: GPL-2.0
/*
 * dax_wipe_test: a test personality that wipes the whole device when a
 * binding of it ends, from its &dev_dax_personality.retire, and serves
 * raw mappings (as device_dax does), read(2) and write(2) meanwhile.
 *
 * It stands for a personality whose tenant must leave nothing behind: a
 * device of a memory pool (a CXL memory expander, say) that is handed from
 * one tenant to the next, where the next driver may be any of them
 * (device_dax, fsdev_dax, kmem, which gives the pages to anyone) and
 * cannot be trusted to clear what it inherits. dax_init_test scrubs at
 * bind, for the newcomer; dax_wipe_test scrubs at unbind, as the one who
 * leaves, so the next driver never sees this tenant's data.
 *
 * Why retire and not teardown: teardown runs once the device is dead, but
 * a page reference or pin taken through a mapping (an O_DIRECT or RDMA
 * transfer) can still write to the memory after it. retire runs after
 * every such reference is dropped and before the pages are unmapped, so
 * nothing can write the tenant's data back behind the wipe (dax_common
 * skips retire, with a warning, only if the unbinding task is killed
 * while pages are still pinned). A failed bind does not wipe: it never
 * made the device live, so this personality served no tenant, and
 * dax_common does not call retire for it (hence no teardown that wipes
 * either).
 *
 * The wipe uses non-temporal stores, from a page of the wipe byte made
 * when the module is loaded, since retire cannot fail for want of memory;
 * the device may be pmem, and the wipe must not depend on the caches
 * being written back. It goes 1 MiB at a time, rescheduling between.
 *
 * Module parameters, in /sys/module/dax_wipe_test/parameters/:
 *   wipe           the byte the device is wiped to (insmod wipe=0xNN;
 *                  default 0x5a). Not 0: fresh memory reads as zeroes,
 *                  and a device nobody wiped would pass for wiped.
 *   retires        how many times the retire ran (read-only)
 *   retired_alive  how many of those found the dax_device still alive,
 *                  which dax_common must make impossible (read-only)
 *
 * Loaded on purpose only: no MODULE_ALIAS_DAX_DEVICE().
 */
#include <linux/atomic.h>
#include <linux/dax.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pfn.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "dax-private.h"
#include "dax-common.h"

#define DAX_WIPE_TEST_CHUNK_PAGES	PHYS_PFN(SZ_1M)

static u8 wipe = 0x5a;
module_param(wipe, byte, 0444);
MODULE_PARM_DESC(wipe, "byte the whole device is wiped to when a binding ends");

static atomic_long_t retires, retired_alive;

static int dax_wipe_test_get_count(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops dax_wipe_test_count_ops = {
	.get = dax_wipe_test_get_count,
};
module_param_cb(retires, &dax_wipe_test_count_ops, &retires, 0444);
MODULE_PARM_DESC(retires, "retires run");
module_param_cb(retired_alive, &dax_wipe_test_count_ops, &retired_alive,
		0444);
MODULE_PARM_DESC(retired_alive, "retires that found the device alive");

/*
 * A page of the wipe byte, filled once at load (wipe cannot change after)
 * and only read afterwards, so retires of several devices share it.
 */
static u8 dax_wipe_test_pattern[PAGE_SIZE];

static void dax_wipe_test_retire(struct dev_dax *dev_dax)
{
	pgoff_t pgoff, end = PHYS_PFN(dev_dax_size(dev_dax));
	ktime_t start = ktime_get();
	long pages, i;
	void *kaddr;
	int id;

	atomic_long_inc(&retires);
	/* only meaningful under the lock that kill_dev_dax() waits for */
	id = dax_read_lock();
	if (dax_alive(dev_dax->dax_dev))
		atomic_long_inc(&retired_alive);
	dax_read_unlock(id);

	for (pgoff = 0; pgoff < end; pgoff += pages) {
		/* no more than is contiguous: the next range may be anywhere */
		pages = dev_dax_pgoff_to_pfn(dev_dax, pgoff,
					     min(end - pgoff,
						 DAX_WIPE_TEST_CHUNK_PAGES),
					     &kaddr, NULL);
		if (pages <= 0) {
			dev_err(&dev_dax->dev,
				"wipe stopped at page %lu of %lu: %ld\n",
				pgoff, end, pages);
			return;
		}
		for (i = 0; i < pages; i++)
			memcpy_flushcache(kaddr + PFN_PHYS(i),
					  dax_wipe_test_pattern, PAGE_SIZE);
		cond_resched();
	}

	dev_info(&dev_dax->dev, "wiped %llu MiB to %#04x in %lld ms\n",
		 dev_dax_size(dev_dax) >> 20, wipe,
		 ktime_ms_delta(ktime_get(), start));
}

/*
 * Mapped as device_dax maps, and read and written as dax_rw does: a
 * tenant's data reaches the device both ways, and a mapping's pages can
 * be pinned (O_DIRECT, vmsplice), which the wipe must wait for.
 */
static const struct file_operations dax_wipe_test_fops = {
	.owner = THIS_MODULE,
	.open = dev_dax_mmap_open,
	.llseek = dev_dax_file_llseek,
	.read_iter = dev_dax_read_iter,
	.write_iter = dev_dax_write_iter,
	.get_unmapped_area = dev_dax_get_unmapped_area,
	.mmap_prepare = dev_dax_mmap_prepare,
	.fop_flags = FOP_MMAP_SYNC,
};

static const struct dev_dax_personality dax_wipe_test_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_ALIGN,
	.fops = &dax_wipe_test_fops,
	.retire = dax_wipe_test_retire,
};

static int dax_wipe_test_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &dax_wipe_test_personality);
}

static struct dax_device_driver dax_wipe_test_driver = {
	.probe = dax_wipe_test_probe,
	.type = DAXDRV_DEVICE_TYPE,
};

/* not module_dax_driver(): the pattern must be ready before any bind */
static int __init dax_wipe_test_init(void)
{
	memset(dax_wipe_test_pattern, wipe, PAGE_SIZE);
	return dax_driver_register(&dax_wipe_test_driver);
}
module_init(dax_wipe_test_init);

static void __exit dax_wipe_test_exit(void)
{
	dax_driver_unregister(&dax_wipe_test_driver);
}
module_exit(dax_wipe_test_exit);

MODULE_DESCRIPTION("DAX: test personality that wipes the device when unbound");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
