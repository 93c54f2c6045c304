// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/daxX.Y: a character device per binding, whose files belong to
 * that binding.
 *
 * The dax inode embeds a cdev, but it cannot serve a personality that
 * binds while a file of the previous binding is still open: that file
 * holds a reference to the cdev, and cdev_init() at the next bind would
 * reset its kobject and module owner under it (a refcount underflow at
 * the next unbind, a module reference taken from one personality and
 * given back to another). So each binding allocates a cdev of its own,
 * which the files opened through it keep until they are closed.
 *
 * An inode of the device node keeps pointing to the cdev it was first
 * opened through for as long as any file holds that cdev, so a later
 * open may arrive through the cdev of an earlier binding. The cdev's
 * operations are therefore the library's, not a personality's: open
 * looks up the binding that is live now, and only then hands the file
 * to that binding's copy of its personality's file operations.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/fs.h>
#include <linux/module.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/*
 * A file's operations once it has left its binding, so that __fput(),
 * which puts ->owner after ->release, never reads a binding that the
 * release may have freed.
 */
static const struct file_operations dev_dax_closed_fops = {
	.owner = THIS_MODULE,
	.llseek = noop_llseek,
};

/* The binding @filp was opened under, or NULL if it was not opened so. */
struct dev_dax_binding *dev_dax_file_binding(struct file *filp)
{
	const struct file_operations *fops = filp->f_op;

	if (WARN_ON_ONCE(fops->release != dev_dax_file_release))
		return NULL;
	return container_of(fops, struct dev_dax_binding, fops);
}

/*
 * Take @filp away from its binding: its operations become ones that do
 * not belong to the binding (dropping the personality module reference
 * that its open took), then the binding may go.
 */
static void dev_dax_file_leave(struct file *filp,
			       struct dev_dax_binding *binding)
{
	/* the file's cdev pins this module: it is loaded */
	__module_get(THIS_MODULE);
	replace_fops(filp, &dev_dax_closed_fops);
	dev_dax_binding_put(binding);
}

int dev_dax_file_release(struct inode *inode, struct file *filp)
{
	struct dev_dax_binding *binding = dev_dax_file_binding(filp);
	const struct file_operations *fops = binding->personality->fops;
	int rc = 0;

	if (fops->release)
		rc = fops->release(inode, filp);
	dev_dax_file_leave(filp, binding);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_file_release);

/*
 * The binding's copy of its personality's file operations: the same
 * methods and module owner, and the library's release, which puts the
 * binding once the personality's own release has run.
 */
void dev_dax_binding_init_fops(struct dev_dax_binding *binding)
{
	binding->fops = *binding->personality->fops;
	binding->fops.release = dev_dax_file_release;
}
EXPORT_SYMBOL_IF_KUNIT(dev_dax_binding_init_fops);

static int dev_dax_cdev_open(struct inode *inode, struct file *filp)
{
	struct dev_dax_binding *binding;
	const struct file_operations *fops;
	int rc = 0;

	binding = dev_dax_binding_get_live(inode->i_rdev);
	if (!binding)
		return -ENXIO;
	/* The personality's module is unloading: it unbinds next. */
	fops = fops_get(&binding->fops);
	if (!fops) {
		dev_dax_binding_put(binding);
		return -ENXIO;
	}
	replace_fops(filp, fops);
	if (binding->personality->fops->open)
		rc = binding->personality->fops->open(inode, filp);
	if (rc)
		dev_dax_file_leave(filp, binding);
	return rc;
}

static const struct file_operations dev_dax_cdev_fops = {
	.owner = THIS_MODULE,
	.open = dev_dax_cdev_open,
	.llseek = noop_llseek,
};

static void dev_dax_cdev_del(void *cdev)
{
	cdev_del(cdev);
}

/* noinline: a fault-injection point must stay a call. */
noinline int devm_dev_dax_add_cdev(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct cdev *cdev;
	int rc;

	cdev = cdev_alloc();
	if (!cdev)
		return -ENOMEM;
	cdev->ops = &dev_dax_cdev_fops;
	cdev->owner = THIS_MODULE;
	cdev_set_parent(cdev, &dev->kobj);
	rc = cdev_add(cdev, dev->devt, 1);
	if (rc) {
		/* cdev_add() took no reference on the parent for this to drop */
		cdev->kobj.parent = NULL;
		kobject_put(&cdev->kobj);
		return rc;
	}
	return devm_add_action_or_reset(dev, dev_dax_cdev_del, cdev);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_add_cdev, ERRNO);
