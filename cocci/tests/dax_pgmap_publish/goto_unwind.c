// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a goto-style probe. The failure after the store reaches an
 * error return through the label: one finding. The second probe clears
 * dev_dax->pgmap on its error path before returning, which is fine.
 */
#include <linux/device.h>
#include <linux/memremap.h>
#include "dax-private.h"
#include "bus.h"

static int demo_setup(struct dev_dax *dev_dax);

static int leaky_probe(struct dev_dax *dev_dax)
{
	struct dev_pagemap *pgmap = dev_dax->pgmap;
	int rc;

	if (!pgmap)
		return -ENXIO;
	dev_dax->pgmap = pgmap;
	rc = demo_setup(dev_dax);
	if (rc)
		goto err;
	return 0;
err:
	dev_warn(&dev_dax->dev, "setup failed: %d\n", rc);
	return rc;
}

static int careful_probe(struct dev_dax *dev_dax)
{
	struct dev_pagemap *pgmap = dev_dax->pgmap;
	int rc;

	dev_dax->pgmap = pgmap;
	rc = demo_setup(dev_dax);
	if (rc)
		goto err;
	return 0;
err:
	dev_dax->pgmap = NULL;
	return rc;
}

static struct dax_device_driver leaky_driver = {
	.probe = leaky_probe,
	.type = DAXDRV_DEVICE_TYPE,
};

static struct dax_device_driver careful_driver = {
	.probe = careful_probe,
	.type = DAXDRV_FSDEV_TYPE,
};
