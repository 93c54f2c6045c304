// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of /dev/daxX.Y's file operations that do not depend on what
 * the personality does with the device: opening only a live device,
 * telling whether the binding a file was opened under is still live,
 * and seeking within the device.
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
 * The building block of a personality's open: dax_common's own open has
 * found the binding that is live now and made @filp that binding's; this
 * checks that the binding is still live (an unbind may have begun since)
 * and sets @filp->private_data to the dev_dax. From then on the file is
 * the binding's: once the binding ends, dev_dax_file_alive() is false for
 * it, whatever binds the device next.
 *
 * Return: 0, or -ENXIO if the binding is no longer live.
 */
int dev_dax_file_open(struct inode *inode, struct file *filp)
{
	struct dev_dax_binding *binding = dev_dax_file_binding(filp);
	int id, rc = 0;

	if (!binding)
		return -ENXIO;
	id = dax_read_lock();
	if (dev_dax_file_alive(filp))
		filp->private_data = binding->dev_dax;
	else
		rc = -ENXIO;
	dax_read_unlock(id);
	return rc;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_file_open, "DAX_COMMON");

/**
 * dev_dax_file_alive() - may a file's I/O still reach its device?
 * @filp: a file of /dev/daxX.Y
 *
 * True while the binding that @filp was opened under is live. A file
 * opened, or a mapping made, under one binding is never served by a
 * later one, of the same personality or another: the next binding may
 * have wiped the device for a new tenant, and its pages may be shaped
 * differently (device_dax's compound folios, fsdev_dax's order-0 ones).
 * Unbinding makes the binding dead and waits for readers before anything
 * is torn down, so under dax_read_lock() a true answer stays true until
 * dax_read_unlock().
 *
 * Context: inside dax_read_lock().
 * Return: true if I/O through @filp may proceed.
 */
bool dev_dax_file_alive(struct file *filp)
{
	struct dev_dax_binding *binding = dev_dax_file_binding(filp);

	return binding && READ_ONCE(binding->live) &&
	       dax_alive(binding->dev_dax->dax_dev);
}
EXPORT_SYMBOL_NS_GPL(dev_dax_file_alive, "DAX_COMMON");

/**
 * dev_dax_alive() - is a dev_dax live and bound to a given driver?
 * @dev_dax: the device
 * @drv: the personality's driver
 *
 * For the handlers of a personality that have no file to ask
 * dev_dax_file_alive() about, in place of dax_alive(), which says only
 * that some personality has the device live. Unbinding kills the
 * dax_device and waits for readers before the driver changes, so under
 * dax_read_lock() a true answer stays true until dax_read_unlock().
 *
 * Context: inside dax_read_lock().
 * Return: true if @dev_dax is live and bound to @drv.
 */
bool dev_dax_alive(struct dev_dax *dev_dax,
		   const struct dax_device_driver *drv)
{
	return dax_alive(dev_dax->dax_dev) &&
	       READ_ONCE(dev_dax->dev.driver) == &drv->drv;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_alive, "DAX_COMMON");

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
