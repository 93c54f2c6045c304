/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the files of dax_common only. The pure decisions are visible to
 * the KUnit suite (tests/dax_common_kunit.c) and static otherwise.
 */
#ifndef __DAX_COMMON_INTERNAL_H__
#define __DAX_COMMON_INTERNAL_H__

#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include "dax-common.h"

struct dev_dax;
struct dev_pagemap;

/*
 * The memory steps of devm_dev_dax_activate() (pgmap.c), in order, and
 * devm_dev_dax_map(), which takes them and logs a failure.
 */
int devm_dev_dax_get_pgmap(struct dev_dax *dev_dax,
			   struct dev_pagemap **pgmap);
int dev_dax_validate_pgmap(struct dev_dax *dev_dax,
			   const struct dev_pagemap *pgmap);
int devm_dev_dax_request_range(struct dev_dax *dev_dax, int i);
int devm_dev_dax_map_pages(struct dev_dax *dev_dax, struct dev_pagemap *pgmap,
			   const struct dev_dax_personality *personality);
int devm_dev_dax_map(struct dev_dax *dev_dax,
		     const struct dev_dax_personality *personality,
		     struct dev_pagemap **pgmapp);
int devm_dev_dax_set_dax_ops(struct dev_dax *dev_dax,
			     const struct dax_operations *ops);

#if IS_ENABLED(CONFIG_KUNIT)
const char *dev_dax_pgmap_problem(struct dev_dax *dev_dax);
unsigned long dev_dax_vmemmap_shift(struct dev_dax *dev_dax,
				    enum dev_dax_folio_policy policy);
#endif

/* dax_common extensions { */

/*
 * The index of a device's ranges made at bind (offset.c), for lookups
 * that do not walk them: nr_range is how many ranges it covers, those
 * of the device at bind; by_phys lists them in physical order; and
 * when every range starts and ends on a multiple of 1 << shift pages,
 * and the device holds few enough such buckets, by_pgoff maps each
 * bucket straight to the range that holds it (else it is NULL, and an
 * offset is found by binary search).
 */
struct dev_dax_index {
	int nr_range;
	u32 *by_phys;
	u32 *by_pgoff;
	unsigned long nr_buckets;
	unsigned int shift;
};

/* The most buckets by_pgoff may have: 64 KiB of table. */
#define DEV_DAX_MAX_BUCKETS (SZ_64K / sizeof(u32))

/*
 * One binding of a dev_dax to a personality. It is the dev_dax's driver
 * data from the first step of devm_dev_dax_activate() until the unbind,
 * but it lives on as long as a file opened under it: the files of
 * /dev/daxX.Y are the binding's, not the device's.
 *
 * @fops is the binding's own copy of the personality's file operations,
 * and every file opened under the binding has it as its f_op: that is
 * how a file, a mapping or a fault tells its binding from a later one of
 * the same personality, which has a copy of its own (dev_dax_file_alive()).
 * The copy also makes the library's release run for every file, so that
 * the binding is put when the last of them is closed.
 *
 * @live is set just before run_dax() and cleared just before
 * kill_dev_dax(), which waits for dax_read_lock() holders: a reader that
 * saw it set finishes before the unbind goes on. @activated says that
 * devm_dev_dax_activate() succeeded, so that work meant for a real unbind
 * only (&dev_dax_personality.retire) never runs after a failed bind.
 */
struct dev_dax_binding {
	struct kref kref;
	struct dev_dax *dev_dax;
	const struct dev_dax_personality *personality;
	struct file_operations fops;
	struct dev_dax_index index;
	bool live;
	bool activated;
	u8 private[] __aligned(ARCH_KMALLOC_MINALIGN);
};

static inline struct dev_dax_binding *dev_dax_binding(struct dev_dax *dev_dax)
{
	return dev_get_drvdata(&dev_dax->dev);
}

struct dev_dax_binding *dev_dax_file_binding(struct file *filp);
struct dev_dax_binding *dev_dax_binding_get_live(dev_t devt);
void dev_dax_binding_put(struct dev_dax_binding *binding);
void dev_dax_binding_init_fops(struct dev_dax_binding *binding);
int dev_dax_file_release(struct inode *inode, struct file *filp);

struct dev_dax_binding *dev_dax_file_binding(struct file *filp);
struct dev_dax_binding *dev_dax_binding_get_live(dev_t devt);
void dev_dax_binding_put(struct dev_dax_binding *binding);
void dev_dax_binding_init_fops(struct dev_dax_binding *binding);
int dev_dax_file_release(struct inode *inode, struct file *filp);

/*
 * The other steps of this tree's devm_dev_dax_activate(), in its order.
 * Here every step, those of pgmap.c included, is a fault injection point
 * (ALLOW_ERROR_INJECTION, see fail_function): a step whose failure is
 * injected does nothing, as if it had failed before acquiring anything.
 */
int devm_dev_dax_alloc_state(struct dev_dax *dev_dax,
			     const struct dev_dax_personality *personality);
int devm_dev_dax_add_retire(struct dev_dax *dev_dax,
			    const struct dev_dax_personality *personality);
int devm_dev_dax_bringup(struct dev_dax *dev_dax,
			 const struct dev_dax_personality *personality);
int devm_dev_dax_add_cdev(struct dev_dax *dev_dax);
int devm_dev_dax_publish(struct dev_dax *dev_dax);
int devm_dev_dax_add_kill(struct dev_dax *dev_dax);

phys_addr_t dev_dax_pgoff_to_phys(struct dev_dax *dev_dax, pgoff_t pgoff,
				  unsigned long size);

int dev_dax_nr_range(const struct dev_dax *dev_dax);

#if IS_ENABLED(CONFIG_KUNIT)
const struct dev_dax_range *dev_dax_pgoff_range(const struct dev_dax *dev_dax,
						pgoff_t pgoff);
const struct dev_dax_range *dev_dax_phys_range(const struct dev_dax *dev_dax,
					       const u32 *by_phys,
					       phys_addr_t phys);
#endif
int dev_dax_index_ranges(struct device *dev, const struct dev_dax *dev_dax,
			 struct dev_dax_index *index);

/* } dax_common extensions */

#endif /* __DAX_COMMON_INTERNAL_H__ */
