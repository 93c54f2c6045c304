// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of /dev/daxX.Y's file operations that do not depend on what
 * the personality does with the device: opening only a live device,
 * telling whether a file still belongs to the binding it was opened
 * under, and seeking within the device.
 */
#include <linux/dax.h>
#include <linux/fs.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/**
 * dev_dax_file_open() - &file_operations.open of a live dev_dax
 * @inode: the character device's inode
 * @filp: the file being opened
 *
 * Opens only a device that a personality has made live: not while its
 * driver is still binding (or running its bring-up), nor once unbinding
 * has begun. Sets @filp->private_data to the dev_dax.
 *
 * Return: 0, or -ENXIO if the device is not live.
 */
int dev_dax_file_open(struct inode *inode, struct file *filp)
{
	struct dev_dax *dev_dax = dax_get_private(inode_dax(inode));

	if (!dev_dax)
		return -ENXIO;
	filp->private_data = dev_dax;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_file_open, "DAX_COMMON");

/**
 * dev_dax_file_alive() - may a file's I/O still reach its device?
 * @filp: a file opened with dev_dax_file_open() or dev_dax_mmap_open()
 *
 * True while the device is live and bound to the personality whose file
 * operations @filp was opened with. A file opened, or a mapping made,
 * under one personality must not be served once the device has been
 * rebound to another, whose pages may be shaped differently (device_dax's
 * compound folios, fsdev_dax's order-0 ones) and whose policy may differ.
 * Unbinding kills the device and waits for readers before the binding
 * changes, so under dax_read_lock() a true answer stays true until
 * dax_read_unlock().
 *
 * Context: inside dax_read_lock().
 * Return: true if I/O through @filp may proceed.
 */
bool dev_dax_file_alive(struct file *filp)
{
	struct dev_dax *dev_dax = filp->private_data;
	struct device_driver *drv = READ_ONCE(dev_dax->dev.driver);

	if (!dax_alive(dev_dax->dax_dev) || !drv)
		return false;
	/*
	 * Only a driver of the file's module has a binding of ours as its
	 * driver data (kmem, say, keeps its own there). The binding is not
	 * freed before kill_dev_dax() has waited for this reader.
	 */
	return drv->owner == filp->f_op->owner &&
	       dev_dax_binding(dev_dax)->personality->fops == filp->f_op;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_file_alive, "DAX_COMMON");

/**
 * dev_dax_file_llseek() - &file_operations.llseek over the device's data
 * @filp: a file opened with dev_dax_file_open() or dev_dax_mmap_open()
 * @offset: as for lseek(2)
 * @whence: SEEK_SET, SEEK_CUR or SEEK_END
 *
 * The device is a file of fixed size, the sum of its ranges: SEEK_END is
 * relative to its end, and a position outside [0, size] is -EINVAL.
 *
 * Return: the new position, or a negative errno.
 */
loff_t dev_dax_file_llseek(struct file *filp, loff_t offset, int whence)
{
	/* Bound devices cannot be resized, so the size holds while open. */
	return fixed_size_llseek(filp, offset, whence,
				 dev_dax_size(filp->private_data));
}
EXPORT_SYMBOL_NS_GPL(dev_dax_file_llseek, "DAX_COMMON");
