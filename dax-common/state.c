// SPDX-License-Identifier: GPL-2.0
/*
 * What dax_common keeps per binding: which personality bound the device,
 * that personality's own state, the index of the device's ranges that
 * the lookups of offset.c use, and the binding's copy of the
 * personality's file operations. The binding is the dev_dax's driver
 * data while bound, and is found by device number by the character
 * device's open while live; it is freed once it has been unbound and
 * the last file opened under it is closed.
 */
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/pgtable.h>	/* for dax-private.h's dax_align_valid() */
#include <linux/slab.h>
#include <linux/xarray.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/*
 * The bindings that open(2) of /dev/daxX.Y may find, by device number.
 * Looked up here rather than through the dev_dax's driver data, which is
 * whatever the bound driver keeps there (kmem keeps its own), and which a
 * stale character device (one that an old file still holds, and so the
 * inode still points to) reaches after the device was rebound.
 */
static DEFINE_XARRAY(dev_dax_bindings);

static void dev_dax_binding_release(struct kref *kref)
{
	struct dev_dax_binding *binding =
		container_of(kref, struct dev_dax_binding, kref);

	put_device(&binding->dev_dax->dev);
	kfree(binding);
}

void dev_dax_binding_put(struct dev_dax_binding *binding)
{
	kref_put(&binding->kref, dev_dax_binding_release);
}

static void dev_dax_binding_unbind(void *binding)
{
	dev_dax_binding_put(binding);
}

/*
 * The binding of the live device with number @devt, with a reference
 * for the caller; NULL if there is none or it is not live (yet, or any
 * more).
 */
struct dev_dax_binding *dev_dax_binding_get_live(dev_t devt)
{
	struct dev_dax_binding *binding;

	xa_lock(&dev_dax_bindings);
	binding = xa_load(&dev_dax_bindings, devt);
	if (binding && READ_ONCE(binding->live))
		kref_get(&binding->kref);
	else
		binding = NULL;
	xa_unlock(&dev_dax_bindings);
	return binding;
}

/*
 * First of all steps, so that it is put last: the file and fault
 * handlers look the personality up until kill_dev_dax() has waited for
 * them, and the personality's teardown uses its state.
 *
 * noinline: a fault-injection point must stay a call.
 */
noinline int devm_dev_dax_alloc_state(struct dev_dax *dev_dax,
				      const struct dev_dax_personality *personality)
{
	struct device *dev = &dev_dax->dev;
	struct dev_dax_binding *binding;
	int rc;

	binding = kzalloc(struct_size(binding, private,
				      personality->private_size), GFP_KERNEL);
	if (!binding)
		return -ENOMEM;
	kref_init(&binding->kref);
	binding->dev_dax = dev_dax;
	get_device(dev);
	binding->personality = personality;
	dev_dax_binding_init_fops(binding);

	rc = devm_add_action_or_reset(dev, dev_dax_binding_unbind, binding);
	if (rc)
		return rc;
	rc = dev_dax_index_ranges(dev, dev_dax, &binding->index);
	if (rc)
		return rc;
	dev_set_drvdata(dev, binding);
	return 0;
}
ALLOW_ERROR_INJECTION(devm_dev_dax_alloc_state, ERRNO);

static void dev_dax_unpublish(void *binding)
{
	struct dev_dax_binding *b = binding;

	xa_erase(&dev_dax_bindings, b->dev_dax->dev.devt);
}

/*
 * Let open(2) find the binding, once it is live. Its own step, before
 * the kill action, so that everything that can fail has been done when
 * the device goes live.
 */
noinline int devm_dev_dax_publish(struct dev_dax *dev_dax)
{
	struct dev_dax_binding *binding = dev_dax_binding(dev_dax);
	int rc;

	rc = xa_insert(&dev_dax_bindings, dev_dax->dev.devt, binding,
		       GFP_KERNEL);
	if (rc)
		return rc;
	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_unpublish,
					binding);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_publish, ERRNO);

/* A binding's personality state, or NULL if there is none */
static void *dev_dax_binding_private(struct dev_dax_binding *binding)
{
	if (!binding || !binding->personality->private_size)
		return NULL;
	return binding->private;
}

/**
 * dev_dax_private() - the personality's state for a bound device
 * @dev_dax: a device bound by devm_dev_dax_activate()
 *
 * The &dev_dax_personality.private_size bytes allocated, zeroed, for the
 * current binding of @dev_dax. They exist from before
 * &dev_dax_personality.bringup until after &dev_dax_personality.teardown
 * and &dev_dax_personality.retire, so the personality's probe, sysfs
 * attributes, file, fault, dax_operations and memory_failure handlers
 * can use them while the device is bound (the handlers under
 * dax_read_lock(), having checked liveness). A file's release may run
 * after the device was unbound, or rebound: it uses
 * dev_dax_file_private() instead.
 *
 * Return: the state, or NULL if the personality asked for none.
 */
void *dev_dax_private(struct dev_dax *dev_dax)
{
	return dev_dax_binding_private(dev_get_drvdata(&dev_dax->dev));
}
EXPORT_SYMBOL_NS_GPL(dev_dax_private, "DAX_COMMON");

/**
 * dev_dax_file_private() - the state of the binding a file was opened in
 * @filp: a file of /dev/daxX.Y, in any of its &file_operations
 *
 * The &dev_dax_personality.private_size bytes of the binding that @filp
 * was opened under, which live until the last file of that binding is
 * closed: in its release, a file that holds something (an exclusive
 * open, say) gives it back here, and not to a later binding of the
 * device, which has state of its own.
 *
 * Return: the state, or NULL if the personality asked for none.
 */
void *dev_dax_file_private(struct file *filp)
{
	return dev_dax_binding_private(dev_dax_file_binding(filp));
}
EXPORT_SYMBOL_NS_GPL(dev_dax_file_private, "DAX_COMMON");
