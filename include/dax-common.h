/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dax_common: the probe of a dev_dax personality (device_dax, fsdev_dax),
 * done once. A personality states what is its own in a struct
 * dev_dax_personality and calls devm_dev_dax_activate() from its probe.
 * Exports are in the "DAX_COMMON" namespace.
 *
 * This tree's dax_common goes further than the one upstream: the
 * extensions at the end of this header (per-binding state, bring-up,
 * teardown and retire, a character device per binding whose files never
 * outlive it, raw mapping and read/write building blocks, range-aware
 * address translation) serve out-of-tree personalities, and
 * scripts/make-series.sh leaves them out of the upstream series.
 */
#ifndef __DAX_COMMON_H__
#define __DAX_COMMON_H__

#include <linux/memremap.h>
#include <linux/module.h>
#include "bus.h"

/**
 * enum dev_dax_folio_policy - how the pages of a bound device are grouped
 * @DEV_DAX_FOLIO_ALIGN: folios of the device's alignment, so that a mapping
 *	fault can insert a whole PMD/PUD folio.
 * @DEV_DAX_FOLIO_BASE: order-0 folios, which fs-dax builds into larger ones.
 */
enum dev_dax_folio_policy {
	DEV_DAX_FOLIO_ALIGN,
	DEV_DAX_FOLIO_BASE,
};

/**
 * struct dev_dax_personality - what a personality adds to a bound dev_dax
 * @pgmap_type: MEMORY_DEVICE_GENERIC or MEMORY_DEVICE_FS_DAX.
 * @folio_policy: folio order of the device's pages while bound.
 * @pgmap_ops: pgmap->ops while bound, with pgmap->owner the dev_dax. May
 *	be NULL.
 * @fops: file operations of /dev/daxX.Y while bound. Required.
 * @dax_ops: dax_operations while bound. May be NULL.
 */
struct dev_dax_personality {
	enum memory_type pgmap_type;
	enum dev_dax_folio_policy folio_policy;
	const struct dev_pagemap_ops *pgmap_ops;
	const struct file_operations *fops;
	const struct dax_operations *dax_ops;

	/* dax_common extensions { */

	/**
	 * @private_size: size of the per-binding state that dax_common
	 * allocates, zeroed, at each bind before @bringup, and frees once
	 * the binding has been unbound and its last file closed (after
	 * @teardown and @retire). dev_dax_private() finds the current
	 * binding's, dev_dax_file_private() a file's. 0 for none.
	 */
	size_t private_size;
	/**
	 * @bringup: optional. Called once the pages are mapped and before
	 * the device can be used: /dev/daxX.Y does not open yet (-ENXIO)
	 * and dax_direct_access() fails. The place for work that must be
	 * done before anyone sees the device, such as initialising its
	 * contents. Process context, may sleep. A negative errno fails the
	 * probe and undoes everything dax_common did; @bringup undoes its
	 * own work before it fails.
	 */
	int (*bringup)(struct dev_dax *dev_dax);
	/**
	 * @teardown: optional, and only with @bringup, which it undoes.
	 * Called if and only if @bringup succeeded: on unbind, and on a
	 * probe that fails after @bringup. The device is dead by then: no
	 * file, fault or dax_operations handler runs or can start, and
	 * every mapping is gone. Process context, may sleep. The
	 * per-binding state is still there.
	 */
	void (*teardown)(struct dev_dax *dev_dax);
	/**
	 * @retire: optional. Called only on the unbind of a device that
	 * this binding made live, never on a failed probe: the place for
	 * work that must be done before the next driver gets the device,
	 * such as wiping this tenant's data. It runs after @teardown, once
	 * the device is dead, every mapping is gone and every page
	 * reference taken through the device (a pin for O_DIRECT or RDMA)
	 * has been dropped, which the unbind waits for; the memory is still
	 * reachable through dev_dax_pgoff_to_pfn(). Process context, may
	 * sleep. If the unbinding task is killed while pages are pinned,
	 * @retire is skipped, with a warning.
	 */
	void (*retire)(struct dev_dax *dev_dax);

	/* } dax_common extensions */
};

int devm_dev_dax_activate(struct dev_dax *dev_dax,
			  const struct dev_dax_personality *personality);

/* dax_common extensions { */

struct file;
struct inode;
struct iov_iter;
struct kiocb;
struct vm_area_desc;

/*
 * The files of /dev/daxX.Y belong to the binding they were opened under.
 * Out of tree, dax_common gives every binding a character device of its
 * own (cdev_alloc()), opens it itself, finds the binding that is live and
 * hands the file to that binding's copy of &dev_dax_personality.fops,
 * which pins the personality's module. Once that binding ends,
 * dev_dax_file_alive() is false for the file, whatever binds next, so its
 * reads, writes, mmap() and faults fail; &file_operations.release, if
 * any, still runs when the file is closed, also after the unbind: it may
 * use dev_dax_file_private(), not the device's memory. The
 * dev_dax_file_*() and dev_dax_mmap_*() building blocks below are meant
 * for &dev_dax_personality.fops.
 */
void *dev_dax_private(struct dev_dax *dev_dax);
void *dev_dax_file_private(struct file *filp);

/* Liveness, for file, fault and dax_operations handlers */
bool dev_dax_alive(struct dev_dax *dev_dax,
		   const struct dax_device_driver *drv);
bool dev_dax_file_alive(struct file *filp);

/* Device-linear addressing */
u64 dev_dax_size(struct dev_dax *dev_dax);
long dev_dax_pgoff_to_pfn(struct dev_dax *dev_dax, pgoff_t pgoff,
			  long nr_pages, void **kaddr, unsigned long *pfn);
int dev_dax_pfn_to_offset(struct dev_dax *dev_dax, unsigned long pfn,
			  unsigned long nr_pages, u64 *offset, u64 *len);

/* File operations of /dev/daxX.Y: open, seek, read and write */
int dev_dax_file_open(struct inode *inode, struct file *filp);
loff_t dev_dax_file_llseek(struct file *filp, loff_t offset, int whence);
ssize_t dev_dax_read_iter(struct kiocb *iocb, struct iov_iter *iter);
ssize_t dev_dax_write_iter(struct kiocb *iocb, struct iov_iter *iter);

/* File operations of /dev/daxX.Y: raw shared mappings of the device */
int dev_dax_mmap_open(struct inode *inode, struct file *filp);
int dev_dax_mmap_prepare(struct vm_area_desc *desc);
unsigned long dev_dax_get_unmapped_area(struct file *filp, unsigned long addr,
					unsigned long len, unsigned long pgoff,
					unsigned long flags);

/* } dax_common extensions */

/*
 * module_dax_driver() and the parameterless MODULE_ALIAS_DAX_DEVICE()
 * belong in drivers/dax/bus.h next to dax_driver_register(), and the
 * upstream series puts them there. Built out of tree against a kernel
 * whose bus.h predates the series, provide them here: bus.h gains both
 * in the same patch, so module_dax_driver being undefined means the old
 * MODULE_ALIAS_DAX_DEVICE(type) is in effect and is replaced.
 */
#ifndef module_dax_driver
/**
 * module_dax_driver() - module init and exit that (un)register a dax driver
 * @__dax_driver: struct dax_device_driver, registered as KBUILD_MODNAME
 */
#define module_dax_driver(__dax_driver) \
	module_driver(__dax_driver, dax_driver_register, dax_driver_unregister)

#undef MODULE_ALIAS_DAX_DEVICE
/* The bus announces every device as type 0 (DAX_DEVICE_MODALIAS_FMT) */
#define MODULE_ALIAS_DAX_DEVICE() MODULE_ALIAS("dax:t0*")
#endif

#endif /* __DAX_COMMON_H__ */
