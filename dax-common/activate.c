// SPDX-License-Identifier: GPL-2.0
/*
 * devm_dev_dax_activate(): bind-time bring-up of a dev_dax for a
 * personality, in one place and one order, so that no personality can
 * get the order or the unwinding wrong.
 */
#include <linux/dax.h>
#include <linux/device.h>
#include <linux/error-injection.h>
#include <linux/memremap.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include "dax-private.h"
#include "dax-common-internal.h"

static void dev_dax_teardown(void *data)
{
	struct dev_dax *dev_dax = data;

	dev_dax_binding(dev_dax)->personality->teardown(dev_dax);
}

/*
 * The personality's bring-up runs with the pages mapped and before the
 * character device exists, so nothing in user space can open the device
 * while it runs. Its teardown is armed only once it has succeeded, and
 * before the kill action, so that it undoes exactly a bring-up that
 * happened, and on unbind runs once the device is dead.
 *
 * noinline: a fault-injection point must stay a call.
 */
noinline int devm_dev_dax_bringup(struct dev_dax *dev_dax,
				  const struct dev_dax_personality *personality)
{
	int rc;

	if (!personality->bringup)
		return 0;
	rc = personality->bringup(dev_dax);
	if (rc || !personality->teardown)
		return rc;
	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_teardown,
					dev_dax);
}
ALLOW_ERROR_INJECTION(devm_dev_dax_bringup, ERRNO);

/*
 * Wait until no page of the device is referenced from outside: unbind
 * has zapped every mapping, but a page pinned by get_user_pages() (for
 * O_DIRECT, RDMA, vfio) may still be under I/O. A free page of a
 * MEMORY_DEVICE_GENERIC pgmap has a refcount of one, one of a
 * MEMORY_DEVICE_FS_DAX pgmap zero (free_zone_device_folio()).
 *
 * Return: 0, or -EINTR if the unbinding task was killed while waiting.
 */
static int dev_dax_wait_unpinned(struct dev_dax *dev_dax,
				 enum memory_type type)
{
	int idle = type == MEMORY_DEVICE_GENERIC ? 1 : 0;
	int nr_range = dev_dax_nr_range(dev_dax);
	bool told = false;

	for (int i = 0; i < nr_range; i++) {
		struct range *range = &dev_dax->ranges[i].range;
		unsigned long pfn = PHYS_PFN(range->start);
		unsigned long end = PHYS_PFN(range->end + 1);

		while (pfn < end) {
			struct folio *folio = pfn_folio(pfn);

			if (folio_ref_count(folio) <= idle) {
				pfn = folio_pfn(folio) + folio_nr_pages(folio);
				continue;
			}
			if (!told) {
				dev_info(&dev_dax->dev,
					 "unbind waits for pinned pages, pfn %#lx first\n",
					 pfn);
				told = true;
			}
			schedule_timeout_killable(msecs_to_jiffies(10));
			if (fatal_signal_pending(current))
				return -EINTR;
		}
		cond_resched();
	}
	return 0;
}

static void dev_dax_retire(void *data)
{
	struct dev_dax_binding *binding = data;
	struct dev_dax *dev_dax = binding->dev_dax;

	if (!binding->activated)
		return;
	if (dev_dax_wait_unpinned(dev_dax, binding->personality->pgmap_type)) {
		dev_warn(&dev_dax->dev,
			 "killed while pages were pinned: device not retired\n");
		return;
	}
	binding->personality->retire(dev_dax);
}

/*
 * Armed right after the pages are mapped, so that on unbind it runs after
 * everything else the personality and the library did, teardown included,
 * and before the pages are unmapped; but only for a binding that went
 * live: a failed bind must leave the device as it found it.
 */
noinline int devm_dev_dax_add_retire(struct dev_dax *dev_dax,
				     const struct dev_dax_personality *personality)
{
	if (!personality->retire)
		return 0;
	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_retire,
					dev_dax_binding(dev_dax));
}
ALLOW_ERROR_INJECTION(devm_dev_dax_add_retire, ERRNO);

static void dev_dax_kill(void *data)
{
	struct dev_dax_binding *binding = data;

	/* kill_dev_dax() waits for the readers that saw it live */
	WRITE_ONCE(binding->live, false);
	kill_dev_dax(binding->dev_dax);
}

/*
 * kill_dev_dax() also forgets a dynamic pgmap, and must come first on
 * unbind: stop new faults and dax_direct_access() calls, and zap existing
 * mappings, before anything else is torn down.
 *
 * noinline: a fault-injection point must stay a call.
 */
noinline int devm_dev_dax_add_kill(struct dev_dax *dev_dax)
{
	return devm_add_action_or_reset(&dev_dax->dev, dev_dax_kill,
					dev_dax_binding(dev_dax));
}
ALLOW_ERROR_INJECTION(devm_dev_dax_add_kill, ERRNO);

/**
 * devm_dev_dax_activate() - bring up a dev_dax for a personality
 * @dev_dax: the device being probed
 * @personality: what the personality adds to the device
 *
 * Call from a dax_device_driver's probe. Allocates @personality's
 * per-device state, reserves every range of @dev_dax, maps its pages as
 * @personality describes them, runs @personality's bring-up, adds
 * /dev/daxX.Y with its file operations, installs its dax_operations and
 * makes the device live. Everything is undone, in reverse order, when
 * the driver is unbound; if any step fails, the steps before it are
 * undone before this returns.
 *
 * On success dev_dax->pgmap points to the device's pgmap; on failure it
 * is as it was before the call. &dev_dax_personality.bringup runs before
 * dev_dax->pgmap is published: it reaches the memory through
 * dev_dax_pgoff_to_pfn().
 *
 * Context: process context, with the device lock held (driver probe).
 * Return: 0 on success, or a negative errno, with the failed step logged
 * against the device, once: the steps themselves log nothing.
 */
int devm_dev_dax_activate(struct dev_dax *dev_dax,
			  const struct dev_dax_personality *personality)
{
	struct device *dev = &dev_dax->dev;
	struct dev_dax_binding *binding;
	struct dev_pagemap *pgmap;
	int rc;

	/* A teardown undoes a bring-up: there is none to undo */
	if (personality->teardown && !personality->bringup)
		return dev_err_probe(dev, -EINVAL,
				     "personality has a teardown but no bring-up\n");

	rc = devm_dev_dax_alloc_state(dev_dax, personality);
	if (rc == -EINVAL)
		return dev_err_probe(dev, rc, "ranges are not end to end in offset order\n");
	if (rc)
		return dev_err_probe(dev, rc, "no memory for the device state\n");

	rc = devm_dev_dax_map(dev_dax, personality, &pgmap);
	if (rc)
		return rc;

	rc = devm_dev_dax_add_retire(dev_dax, personality);
	if (rc)
		return dev_err_probe(dev, rc, "could not arm retire\n");

	rc = devm_dev_dax_bringup(dev_dax, personality);
	if (rc)
		return dev_err_probe(dev, rc, "bring-up failed\n");

	rc = devm_dev_dax_add_cdev(dev_dax);
	if (rc)
		return dev_err_probe(dev, rc, "could not add the char device\n");

	rc = devm_dev_dax_set_dax_ops(dev_dax, personality->dax_ops);
	if (rc)
		return dev_err_probe(dev, rc, "could not install dax operations\n");

	rc = devm_dev_dax_publish(dev_dax);
	if (rc)
		return dev_err_probe(dev, rc, "could not publish the binding\n");

	rc = devm_dev_dax_add_kill(dev_dax);
	if (rc)
		return dev_err_probe(dev, rc, "could not arm teardown\n");

	/*
	 * Nothing can fail from here on. Publish the pgmap before run_dax():
	 * the fault handlers of a live device use it.
	 */
	binding = dev_dax_binding(dev_dax);
	binding->activated = true;
	dev_dax->pgmap = pgmap;
	WRITE_ONCE(binding->live, true);
	run_dax(dev_dax->dax_dev);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(devm_dev_dax_activate, "DAX_COMMON");

MODULE_DESCRIPTION("dax: probe plumbing shared by dev_dax personalities");
MODULE_LICENSE("GPL");
