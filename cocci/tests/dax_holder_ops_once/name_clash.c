// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a simple test-then-call, but the file already uses the name
 * the fix would declare: reported, not patched.
 */
#include <linux/dax.h>

int demo_notify(struct dax_device *dax_dev, u64 off, u64 len, int flags)
{
	if (!dax_dev->holder_ops)
		return -EOPNOTSUPP;
	return dax_dev->holder_ops->notify_failure(dax_dev, off, len, flags);
}

void demo_other(void *hops)
{
	kfree(hops);
}
