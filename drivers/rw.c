// SPDX-License-Identifier: GPL-2.0
/*
 * dax_rw: read(2) and write(2) on a dev_dax, and the template personality.
 *
 * device_dax only maps. The tools that copy, back up, compare or
 * initialise a device (dd, cp, cmp, hexdump, a backup agent) want plain
 * file I/O on /dev/daxX.Y, as they get it from a block device, and have
 * to be taught mmap instead. dax_rw gives the character device
 * pread/pwrite/lseek semantics over the device's data and nothing more:
 * no mmap, no dax holder.
 *
 * It is also the smallest complete personality, the one to copy when
 * starting a new one: Documentation/driver-api/dax/ explains it.
 * Everything that binding takes is dax_common's; what is left here is
 * what makes dax_rw itself: its file operations.
 */
#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/uio.h>
#include "dax-private.h"
#include "dax-common.h"

static struct dax_device_driver dax_rw_driver;

/*
 * An unbind waits for dax_read_lock() holders, so copy in bounded
 * chunks: an unbind under a large read waits for one chunk, not all.
 */
#define DAX_RW_CHUNK	SZ_1M

static ssize_t dax_rw_chunk(struct dev_dax *dev_dax, loff_t pos,
			    struct iov_iter *iter)
{
	size_t off = offset_in_page(pos), len;
	ssize_t done;
	void *kaddr;
	long pages;
	int id;

	id = dax_read_lock();
	/* A file opened under this binding is not served by the next one. */
	if (!dev_dax_alive(dev_dax, &dax_rw_driver)) {
		done = -ENXIO;
		goto out;
	}
	len = min_t(size_t, iov_iter_count(iter), DAX_RW_CHUNK);
	pages = dev_dax_pgoff_to_pfn(dev_dax, PHYS_PFN(pos),
				     PFN_UP(off + len), &kaddr, NULL);
	if (pages < 0) {
		/* The end of the device, as for a block device. */
		done = iov_iter_rw(iter) == WRITE ? -ENOSPC : 0;
		goto out;
	}
	len = min_t(size_t, len, PFN_PHYS(pages) - off);
	/*
	 * The memory may be pmem: stores go around the CPU caches, and a
	 * load of a poisoned line ends the copy short instead of taking
	 * the machine down.
	 */
	if (iov_iter_rw(iter) == WRITE)
		done = _copy_from_iter_flushcache(kaddr + off, len, iter);
	else
		done = _copy_mc_to_iter(kaddr + off, len, iter);
	/* Nothing copied: a bad user buffer, or poison at kaddr + off. */
	if (!done)
		done = iov_iter_rw(iter) == WRITE ? -EFAULT : -EIO;
out:
	dax_read_unlock(id);
	return done;
}

static ssize_t dax_rw_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	struct dev_dax *dev_dax = iocb->ki_filp->private_data;
	ssize_t total = 0, n = 0;

	while (iov_iter_count(iter)) {
		n = dax_rw_chunk(dev_dax, iocb->ki_pos, iter);
		if (n <= 0)
			break;
		iocb->ki_pos += n;
		total += n;
		cond_resched();
	}
	return total ? total : n;
}

static int dax_rw_open(struct inode *inode, struct file *filp)
{
	struct dev_dax *dev_dax = dax_get_private(inode_dax(inode));

	/* Not live: the driver is still binding, or already unbinding. */
	if (!dev_dax)
		return -ENXIO;
	filp->private_data = dev_dax;
	return 0;
}

static loff_t dax_rw_llseek(struct file *filp, loff_t offset, int whence)
{
	struct dev_dax *dev_dax = filp->private_data;
	loff_t size = 0;
	int i;

	/* Bound devices cannot be resized, so the size holds while open. */
	for (i = 0; i < dev_dax->nr_range; i++)
		size += range_len(&dev_dax->ranges[i].range);
	return fixed_size_llseek(filp, offset, whence, size);
}

static const struct file_operations dax_rw_fops = {
	.owner = THIS_MODULE,
	.open = dax_rw_open,
	.llseek = dax_rw_llseek,
	.read_iter = dax_rw_iter,
	.write_iter = dax_rw_iter,
};

static const struct dev_dax_personality dax_rw_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_BASE,	/* nothing is ever mapped */
	.fops = &dax_rw_fops,
};

static int dax_rw_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &dax_rw_personality);
}

static struct dax_device_driver dax_rw_driver = {
	.probe = dax_rw_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(dax_rw_driver);

MODULE_DESCRIPTION("DAX: read/write access to a dev_dax device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
/*
 * No MODULE_ALIAS_DAX_DEVICE(): udev would then load dax_rw for every new
 * dax device and race device_dax for it. dax_rw is loaded on purpose.
 */
