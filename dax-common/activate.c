// SPDX-License-Identifier: GPL-2.0
/*
 * devm_dev_dax_activate(): bind-time bring-up of a dev_dax for a
 * personality, in one place and one order, so that no personality can
 * get the order or the unwinding wrong.
 */
#include <linux/dax.h>
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/module.h>
#include "dax-private.h"
#include "dax-common-internal.h"

static void dev_dax_clear_dax_ops(void *dax_dev)
{
	dax_set_ops(dax_dev, NULL);
}

static void dev_dax_kill(void *dev_dax)
{
	kill_dev_dax(dev_dax);
}

static int devm_dev_dax_set_dax_ops(struct dev_dax *dev_dax,
				    const struct dax_operations *ops)
{
	struct dax_device *dax_dev = dev_dax->dax_dev;
	int rc;

	if (!ops)
		return 0;

	rc = dax_set_ops(dax_dev, ops);
	if (rc) {
		dev_err(&dev_dax->dev, "dax operations already installed\n");
		return rc;
	}
	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_clear_dax_ops,
					dax_dev);
}

/**
 * devm_dev_dax_activate() - bring up a dev_dax for a personality
 * @dev_dax: the device being probed
 * @personality: what the personality adds to the device
 *
 * Call from a dax_device_driver's probe. Reserves every range of
 * @dev_dax, maps its pages as @personality describes them, adds
 * /dev/daxX.Y with @personality's file operations, installs its
 * dax_operations and makes the device live. Everything is undone,
 * in reverse order, when the driver is unbound; if any step fails, the
 * steps before it are undone before this returns.
 *
 * On success dev_dax->pgmap points to the device's pgmap; on failure it
 * is as it was before the call.
 *
 * Context: process context, with the device lock held (driver probe).
 * Return: 0 on success, or a negative errno, with the failure logged
 * against the device.
 */
int devm_dev_dax_activate(struct dev_dax *dev_dax,
			  const struct dev_dax_personality *personality)
{
	struct device *dev = &dev_dax->dev;
	struct dev_pagemap *pgmap;
	void *addr;
	int rc;

	pgmap = devm_dev_dax_get_pgmap(dev_dax);
	if (IS_ERR(pgmap))
		return PTR_ERR(pgmap);

	rc = devm_dev_dax_request_ranges(dev_dax);
	if (rc)
		return rc;

	rc = devm_dev_dax_describe_pages(dev_dax, pgmap, personality);
	if (rc)
		return rc;

	addr = devm_memremap_pages(dev, pgmap);
	if (IS_ERR(addr)) {
		dev_err(dev, "could not map pages: %pe\n", addr);
		return PTR_ERR(addr);
	}

	rc = devm_dev_dax_add_cdev(dev_dax, personality->fops);
	if (rc)
		return rc;

	rc = devm_dev_dax_set_dax_ops(dev_dax, personality->dax_ops);
	if (rc)
		return rc;

	/*
	 * kill_dev_dax() also forgets a dynamic pgmap, and must come first
	 * on unbind: stop new faults and dax_direct_access() calls, and zap
	 * existing mappings, before any of the above is torn down.
	 */
	rc = devm_add_action_or_reset(dev, dev_dax_kill, dev_dax);
	if (rc)
		return rc;

	/*
	 * Nothing can fail from here on. Publish the pgmap before run_dax():
	 * the fault handlers of a live device use it.
	 */
	dev_dax->pgmap = pgmap;
	run_dax(dev_dax->dax_dev);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(devm_dev_dax_activate, "DAX_COMMON");

MODULE_DESCRIPTION("dax: probe plumbing shared by dev_dax personalities");
MODULE_LICENSE("GPL");
