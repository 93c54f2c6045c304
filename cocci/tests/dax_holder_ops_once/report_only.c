// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: double reads of ->holder_ops in shapes that are reported but
 * not patched: the test and the call in one expression, a test that does
 * not guard every path to the call, two calls, and a dax_device that is
 * not a plain local variable.
 */
#include <linux/dax.h>

int demo_cond(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	return dax_dev->holder_ops ?
		dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags) :
		-EOPNOTSUPP;
}

int demo_and(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	if (dax_dev->holder_ops && dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags))
		return -EIO;
	return 0;
}

int demo_partial(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	if (flags) {
		if (!dax_dev->holder_ops)
			return -EOPNOTSUPP;
	}
	return dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags);
}

int demo_twice(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	if (!dax_dev->holder_ops)
		return -EOPNOTSUPP;
	dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags);
	return dax_dev->holder_ops->notify_failure(dax_dev, 0, len, flags);
}

int demo_nested(struct dev_dax *dev_dax, u64 off, u64 len, int flags)
{
	if (!dev_dax->dax_dev->holder_ops)
		return -EOPNOTSUPP;
	return dev_dax->dax_dev->holder_ops->notify_failure(dev_dax->dax_dev,
							   off, len, flags);
}
