// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/daxX.Y: the dax inode's character device, live while a
 * personality is bound, with that personality's file operations. The
 * cdev's owner is the personality's module, so an open file pins it.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/fs.h>
#include "dax-private.h"
#include "dax-common-internal.h"

static void dev_dax_cdev_del(void *cdev)
{
	cdev_del(cdev);
}

int devm_dev_dax_add_cdev(struct dev_dax *dev_dax,
			  const struct file_operations *fops)
{
	struct device *dev = &dev_dax->dev;
	struct cdev *cdev = dax_inode(dev_dax->dax_dev)->i_cdev;
	int rc;

	cdev_init(cdev, fops);
	cdev->owner = dev->driver->owner;
	cdev_set_parent(cdev, &dev->kobj);
	rc = cdev_add(cdev, dev->devt, 1);
	if (rc)
		return rc;

	return devm_add_action_or_reset(dev, dev_dax_cdev_del, cdev);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_add_cdev, ERRNO);
