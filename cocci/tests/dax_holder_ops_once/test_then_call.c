// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a NULL test of ->holder_ops, then a call through a second read
 * of it. Each function is reported and patched to one READ_ONCE() fetch.
 */
#include <linux/dax.h>

int demo_notify(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	if (!dax_dev->holder_ops)
		return -EOPNOTSUPP;
	return dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags);
}

int demo_notify_guarded(struct dax_device *dax_dev, u64 off, u64 len,
			int flags)
{
	int rc = -EOPNOTSUPP;

	if (dax_dev->holder_ops) {
		rc = dax_dev->holder_ops->notify_failure(dax_dev, off, len,
							 flags);
	}
	return rc;
}

int demo_notify_locked(struct dax_device *dax_dev, u64 off, u64 len,
		       int flags)
{
	int rc, id;

	id = dax_read_lock();
	if (!dax_alive(dax_dev)) {
		rc = -ENXIO;
		goto out;
	}
	if (dax_dev->holder_ops == NULL) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	rc = dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags);
out:
	dax_read_unlock(id);
	return rc;
}
