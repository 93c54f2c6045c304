// SPDX-License-Identifier: GPL-2.0
/*
 * What dax_common keeps per bound device: which personality bound it,
 * that personality's own per-device state, and the index of the
 * device's ranges that the lookups of offset.c use. All live exactly as long
 * as the binding (devres), and are reached through the dev_dax's driver
 * data, which the driver core clears when the binding ends.
 */
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/pgtable.h>	/* for dax-private.h's dax_align_valid() */
#include <linux/slab.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/*
 * First of all steps, so that it is freed last: the file and fault
 * handlers look the personality up until kill_dev_dax() has waited for
 * them, and the personality's teardown uses its state.
 */
noinline int devm_dev_dax_alloc_state(struct dev_dax *dev_dax,
				      const struct dev_dax_personality *personality)
{
	struct dev_dax_binding *binding;
	int rc;

	binding = devm_kzalloc(&dev_dax->dev,
			       struct_size(binding, private,
					   personality->private_size),
			       GFP_KERNEL);
	if (!binding)
		return -ENOMEM;
	rc = dev_dax_index_ranges(&dev_dax->dev, dev_dax, &binding->index);
	if (rc == -EINVAL)
		dev_err(&dev_dax->dev, "ranges are not end to end in offset order\n");
	if (rc)
		return rc;
	binding->personality = personality;
	dev_set_drvdata(&dev_dax->dev, binding);
	return 0;
}
ALLOW_ERROR_INJECTION(devm_dev_dax_alloc_state, ERRNO);

/**
 * dev_dax_private() - the personality's state for a bound device
 * @dev_dax: a device bound by devm_dev_dax_activate()
 *
 * The &dev_dax_personality.private_size bytes allocated, zeroed, for this
 * binding of @dev_dax. They exist from before &dev_dax_personality.bringup
 * until after &dev_dax_personality.teardown, so the personality's file,
 * fault, dax_operations and memory_failure handlers can use them while
 * the device is live (under dax_read_lock(), having checked liveness).
 * A file's release() can run after the device was unbound, and must not.
 *
 * Return: the state, or NULL if the personality asked for none.
 */
void *dev_dax_private(struct dev_dax *dev_dax)
{
	struct dev_dax_binding *binding = dev_get_drvdata(&dev_dax->dev);

	if (!binding || !binding->personality->private_size)
		return NULL;
	return binding->private;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_private, "DAX_COMMON");
