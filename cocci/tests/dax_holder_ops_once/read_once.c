// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: ->holder_ops fetched once with READ_ONCE() and used through
 * the local, plain stores, and a call with no NULL test: not reported.
 */
#include <linux/dax.h>

int demo_notify(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	const struct dax_holder_operations *ops;

	ops = READ_ONCE(dax_dev->holder_ops);
	if (!ops)
		return -EOPNOTSUPP;
	return ops->notify_failure(dax_dev, off, len, flags);
}

void demo_put(struct dax_device *dax_dev)
{
	WRITE_ONCE(dax_dev->holder_ops, NULL);
	dax_dev->holder_data = NULL;
}

int demo_unchecked(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	return dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags);
}
