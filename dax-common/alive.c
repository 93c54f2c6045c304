// SPDX-License-Identifier: GPL-2.0
/*
 * Liveness of a dev_dax for the personality asking. dax_alive() alone
 * says that some personality has the device live; a file opened, or a
 * mapping made, under one binding must not be served by the next one,
 * whose pages may be shaped differently (device_dax's compound folios
 * versus fsdev_dax's order-0 ones).
 */
#include <linux/dax.h>
#include <linux/device.h>
#include "dax-private.h"
#include "dax-common-internal.h"

/**
 * dev_dax_alive() - is a dev_dax live and bound to a given driver?
 * @dev_dax: the device
 * @drv: the personality's driver
 *
 * For the file and fault handlers of a personality, in place of
 * dax_alive(): a fault on a mapping made while @drv was bound must fail
 * once the device has been rebound to another personality, even though
 * that one made the dax_device live again. Unbinding kills the dax_device
 * and waits for readers before the driver changes, so under
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
