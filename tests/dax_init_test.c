// SPDX-License-Identifier: GPL-2.0
/*
 * dax_init_test: a test personality that initialises the whole device at
 * bind, from its &dev_dax_personality.bringup, and then serves read(2).
 *
 * It stands for a personality that must never show a reader what the
 * previous user left on the device (a scrubbed or formatted device).
 * The guest test (tests/guest/45-bringup.sh) reads the device in a tight
 * loop while it binds: no read may see the old contents, because nothing
 * can open the device until the bring-up has returned.
 *
 * The bring-up works in 1 MiB chunks and sleeps after each, so that a
 * device of a few hundred MiB takes seconds to bind and a reader has
 * time to try. Each chunk is a call of dax_init_test_chunk(), a fault
 * injection point, so that fail_function can fail the bring-up part way.
 *
 * What it saw is in read-only module parameters, in
 * /sys/module/dax_init_test/parameters/:
 *   fill               the byte the device is initialised to (insmod
 *                      fill=0xNN; default 0)
 *   teardowns          how many times the teardown ran
 *   alive_at_teardown  how many of those found the dax_device still
 *                      alive, which dax_common must make impossible
 *   reads              read(2) calls served by bindings that have ended,
 *                      counted per device in its private state
 *
 * Loaded on purpose only: no MODULE_ALIAS_DAX_DEVICE().
 */
#include <linux/dax.h>
#include <linux/delay.h>
#include <linux/error-injection.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "dax-private.h"
#include "dax-common.h"

#define DAX_INIT_TEST_CHUNK_PAGES	PHYS_PFN(SZ_1M)

static u8 fill;
module_param(fill, byte, 0444);
MODULE_PARM_DESC(fill, "byte the whole device is initialised to at bind");

static atomic_long_t teardowns, alive_at_teardown, reads;

static int dax_init_test_get_count(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops dax_init_test_count_ops = {
	.get = dax_init_test_get_count,
};
module_param_cb(teardowns, &dax_init_test_count_ops, &teardowns, 0444);
MODULE_PARM_DESC(teardowns, "teardowns run");
module_param_cb(alive_at_teardown, &dax_init_test_count_ops,
		&alive_at_teardown, 0444);
MODULE_PARM_DESC(alive_at_teardown, "teardowns that found the device alive");
module_param_cb(reads, &dax_init_test_count_ops, &reads, 0444);
MODULE_PARM_DESC(reads, "reads served by ended bindings");

/* per binding, in dev_dax_private() */
struct dax_init_test {
	atomic_long_t reads;
};

/*
 * Initialise the chunk of the device that starts at @pgoff from the
 * page-sized @pattern. Non-temporal stores: the device may be pmem, and
 * its contents must not depend on the caches being written back.
 * Returns the number of pages done, which is less than a chunk at the end
 * of a range, or a negative errno.
 *
 * noinline and __noclone: a fault injection point must stay this one
 * function, called once per chunk.
 */
static noinline __noclone long dax_init_test_chunk(struct dev_dax *dev_dax,
						   pgoff_t pgoff,
						   const void *pattern)
{
	void *kaddr;
	long pages, i;

	pages = dev_dax_pgoff_to_pfn(dev_dax, pgoff, DAX_INIT_TEST_CHUNK_PAGES,
				     &kaddr, NULL);
	for (i = 0; i < pages; i++)
		memcpy_flushcache(kaddr + PFN_PHYS(i), pattern, PAGE_SIZE);
	return pages;
}
ALLOW_ERROR_INJECTION(dax_init_test_chunk, ERRNO);

static int dax_init_test_bringup(struct dev_dax *dev_dax)
{
	pgoff_t pgoff, end = PHYS_PFN(dev_dax_size(dev_dax));
	ktime_t start = ktime_get();
	void *pattern;
	long done = 0;

	pattern = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!pattern)
		return -ENOMEM;
	memset(pattern, fill, PAGE_SIZE);

	for (pgoff = 0; pgoff < end; pgoff += done) {
		done = dax_init_test_chunk(dev_dax, pgoff, pattern);
		if (done < 0)
			break;
		/* stretch the bind so that readers race it for a while */
		usleep_range(2000, 3000);
		cond_resched();
	}
	kfree(pattern);
	if (done < 0)
		return done;

	dev_info(&dev_dax->dev, "initialised %llu MiB to %#04x in %lld ms\n",
		 dev_dax_size(dev_dax) >> 20, fill,
		 ktime_ms_delta(ktime_get(), start));
	return 0;
}

static void dax_init_test_teardown(struct dev_dax *dev_dax)
{
	struct dax_init_test *dit = dev_dax_private(dev_dax);
	int id;

	atomic_long_inc(&teardowns);
	/* only meaningful under the lock that kill_dev_dax() waits for */
	id = dax_read_lock();
	if (dax_alive(dev_dax->dax_dev))
		atomic_long_inc(&alive_at_teardown);
	dax_read_unlock(id);
	atomic_long_add(atomic_long_read(&dit->reads), &reads);
}

static ssize_t dax_init_test_read_iter(struct kiocb *iocb,
				       struct iov_iter *iter)
{
	struct dev_dax *dev_dax = iocb->ki_filp->private_data;
	struct dax_init_test *dit;
	int id;

	/* the private state is this binding's only while it is alive */
	id = dax_read_lock();
	if (!dev_dax_file_alive(iocb->ki_filp)) {
		dax_read_unlock(id);
		return -ENXIO;
	}
	dit = dev_dax_private(dev_dax);
	atomic_long_inc(&dit->reads);
	dax_read_unlock(id);

	return dev_dax_read_iter(iocb, iter);
}

/* no write_iter: the VFS refuses writes with -EINVAL; no mmap */
static const struct file_operations dax_init_test_fops = {
	.owner = THIS_MODULE,
	.open = dev_dax_file_open,
	.llseek = dev_dax_file_llseek,
	.read_iter = dax_init_test_read_iter,
};

static const struct dev_dax_personality dax_init_test_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_BASE,	/* nothing is ever mapped */
	.fops = &dax_init_test_fops,
	.private_size = sizeof(struct dax_init_test),
	.bringup = dax_init_test_bringup,
	.teardown = dax_init_test_teardown,
};

static int dax_init_test_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &dax_init_test_personality);
}

static struct dax_device_driver dax_init_test_driver = {
	.probe = dax_init_test_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(dax_init_test_driver);

MODULE_DESCRIPTION("DAX: test personality that initialises the device at bind");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
