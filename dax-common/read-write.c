// SPDX-License-Identifier: GPL-2.0
/*
 * read(2) and write(2) on /dev/daxX.Y: the device's data as a file of
 * fixed size, the way a block device presents it, for the tools that
 * copy, back up, compare or initialise a device without mapping it.
 */
#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/uio.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/*
 * An unbind waits for dax_read_lock() holders, so copy in bounded
 * chunks: an unbind under a large read waits for one chunk, not all.
 */
#define DEV_DAX_RW_CHUNK	SZ_1M

static ssize_t dev_dax_rw_chunk(struct file *filp, loff_t pos,
				struct iov_iter *iter)
{
	struct dev_dax *dev_dax = filp->private_data;
	size_t off = offset_in_page(pos), len;
	ssize_t done;
	void *kaddr;
	long pages;
	int id;

	id = dax_read_lock();
	if (!dev_dax_file_alive(filp)) {
		done = -ENXIO;
		goto out;
	}
	len = min_t(size_t, iov_iter_count(iter), DEV_DAX_RW_CHUNK);
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

static ssize_t dev_dax_rw_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	ssize_t total = 0, n = 0;

	while (iov_iter_count(iter)) {
		n = dev_dax_rw_chunk(iocb->ki_filp, iocb->ki_pos, iter);
		if (n <= 0)
			break;
		iocb->ki_pos += n;
		total += n;
		cond_resched();
	}
	return total ? total : n;
}

/**
 * dev_dax_read_iter() - &file_operations.read_iter of a dev_dax
 * @iocb: the read, at @iocb->ki_pos from the start of the device
 * @iter: where to copy to
 *
 * Copies the device's data, range by range, in chunks that each hold
 * off an unbind only briefly. A read at or past the end of the device
 * reads nothing. A load of poisoned memory ends the read short, or fails
 * it with -EIO if nothing was read.
 *
 * Return: the number of bytes read, or a negative errno: -ENXIO once the
 * file's binding has ended (dev_dax_file_alive()).
 */
ssize_t dev_dax_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return dev_dax_rw_iter(iocb, iter);
}
EXPORT_SYMBOL_NS_GPL(dev_dax_read_iter, "DAX_COMMON");

/**
 * dev_dax_write_iter() - &file_operations.write_iter of a dev_dax
 * @iocb: the write, at @iocb->ki_pos from the start of the device
 * @iter: what to copy
 *
 * Copies to the device, range by range, with non-temporal stores, so
 * that written data is not left in the CPU caches of a pmem device.
 *
 * Return: the number of bytes written, or a negative errno: -ENOSPC at
 * or past the end of the device, -EFAULT for a bad buffer, -ENXIO once
 * the file's binding has ended.
 */
ssize_t dev_dax_write_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return dev_dax_rw_iter(iocb, iter);
}
EXPORT_SYMBOL_NS_GPL(dev_dax_write_iter, "DAX_COMMON");
