/*
 * Upstream's devm_dev_dax_activate(), which scripts/make-series.sh appends
 * to this tree's dax-common/pgmap.c to make drivers/dax/common.c: the
 * memory steps, then a character device of the binding's own, as
 * device.c and fsdev.c set it up once the fixes are applied, the
 * dax_operations and the kill action. This tree's dax-common/activate.c composes the
 * same memory steps with its extensions instead. Everything up to the
 * first line that is not a comment or an #include is left out; the
 * #include lines are merged into pgmap.c's.
 */
#include <linux/cdev.h>
#include <linux/module.h>

static void dev_dax_cdev_del(void *cdev)
{
	cdev_del(cdev);
}

static void dev_dax_kill(void *dev_dax)
{
	kill_dev_dax(dev_dax);
}

/**
 * devm_dev_dax_activate() - bring up a dev_dax for a personality
 * @dev_dax: the device being probed
 * @personality: what the personality adds to the device
 *
 * Call from a dax_device_driver's probe. Reserves every range of
 * @dev_dax, maps its pages as @personality describes them, adds
 * /dev/daxX.Y with its file operations, installs its dax_operations and
 * makes the device live. All of it is undone in reverse order on unbind,
 * and on a failure part way before this returns.
 *
 * Context: process context, with the device lock held (driver probe).
 * Return: 0, with dev_dax->pgmap set; or a negative errno, with the step
 * that failed logged and dev_dax->pgmap as it was before the call.
 */
int devm_dev_dax_activate(struct dev_dax *dev_dax,
			  const struct dev_dax_personality *personality)
{
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	struct cdev *cdev;
	int rc;

	rc = devm_dev_dax_map(dev_dax, personality, &pgmap);
	if (rc)
		return rc;
	/* the binding's own: a file of an earlier one may hold the last */
	cdev = cdev_alloc();
	if (!cdev)
		return -ENOMEM;
	cdev->ops = personality->fops;
	cdev->owner = dev->driver->owner;
	cdev_set_parent(cdev, &dev->kobj);
	rc = cdev_add(cdev, dev->devt, 1);
	if (rc) {
		/* cdev_add() took no reference on the parent to drop */
		cdev->kobj.parent = NULL;
		kobject_put(&cdev->kobj);
	} else {
		rc = devm_add_action_or_reset(dev, dev_dax_cdev_del, cdev);
	}
	if (rc)
		return dev_err_probe(dev, rc, "could not add the char device\n");
	rc = devm_dev_dax_set_dax_ops(dev_dax, personality->dax_ops);
	if (rc)
		return dev_err_probe(dev, rc, "could not install dax operations\n");
	rc = devm_add_action_or_reset(dev, dev_dax_kill, dev_dax);
	if (rc)
		return rc;
	/* the handlers of a live device use it; kill_dev_dax() forgets it */
	dev_dax->pgmap = pgmap;
	run_dax(dev_dax->dax_dev);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(devm_dev_dax_activate, "DAX_COMMON");

MODULE_DESCRIPTION("dax: probe plumbing shared by dev_dax personalities");
MODULE_LICENSE("GPL");
