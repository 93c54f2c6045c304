/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dax_common: the probe plumbing shared by dev_dax personalities.
 *
 * A dev_dax "personality" is a dax bus driver that gives a dev_dax device
 * its user-facing behaviour: device_dax maps it raw through /dev/daxX.Y,
 * fsdev_dax lends it to an fs-dax filesystem. Whatever the personality,
 * binding a device takes the same steps in the same order, and unbinding
 * (or a failed bind) must undo them in reverse:
 *
 *   1. the personality's per-device state, if it asks for some;
 *   2. find the pgmap: the bus-owned one of a static device (which may
 *      start below the data, by the size of an on-device memmap), or a
 *      fresh one describing every range of a dynamic device;
 *   3. reserve every range in iomem;
 *   4. describe the pages: pgmap type, folio order, dev_pagemap_ops;
 *   5. devm_memremap_pages();
 *   6. the personality's own bring-up, if any, while nobody can reach
 *      the device yet (its retire, if any, is armed just before);
 *   7. the character device, whose files belong to this binding;
 *   8. the dax_operations, if any;
 *   9. the binding, where the character device's open finds it;
 *  10. the kill_dev_dax() action, then publish dev_dax->pgmap, then
 *      run_dax().
 *
 * A personality describes what is its own in a struct dev_dax_personality
 * and calls devm_dev_dax_activate() from its probe. Everything the call
 * sets up is devm-managed: on unbind, and on any failure part way, the
 * device returns to exactly its pre-probe state. In particular:
 *
 *  - dev_dax->pgmap is published only when nothing can fail any more, so
 *    a failed probe never leaves it pointing at freed memory;
 *  - the folio order of a static device's shared pgmap is set from the
 *    personality's policy at every bind, never inherited from the
 *    previous driver, and reset on unbind, as are pgmap->ops and ->owner;
 *  - a pgmap that starts above the data it must map fails the probe with
 *    -EINVAL.
 *
 * A personality that maps the device raw, reads and writes it, or both,
 * builds its file operations from the dev_dax_file_*() and
 * dev_dax_mmap_*() helpers and states only the policy that is its own.
 *
 * The device-linear helpers translate between the three address spaces a
 * personality deals with: device offsets (pgoff), physical addresses,
 * and the pfns that memory_failure() reports. They follow dev_dax->ranges,
 * so they are right for multi-range devices with physical gaps and for
 * static devices whose pgmap covers more than the data.
 *
 * Exports live in the "DAX_COMMON" symbol namespace; a personality says
 * MODULE_IMPORT_NS("DAX_COMMON").
 */
#ifndef __DAX_COMMON_H__
#define __DAX_COMMON_H__

#include <linux/memremap.h>
#include <linux/module.h>
#include <linux/types.h>
#include "bus.h"

struct dax_operations;
struct dev_dax;
struct file;
struct file_operations;
struct inode;
struct iov_iter;
struct kiocb;
struct vm_area_desc;

/**
 * enum dev_dax_folio_policy - how the pages of a bound device are grouped
 * @DEV_DAX_FOLIO_ALIGN: compound folios of the device's alignment
 *	(dev_dax->align), so that every mapping fault can insert a whole
 *	PMD/PUD folio. What a raw mapping wants.
 * @DEV_DAX_FOLIO_BASE: order-0 folios, for an fs-dax user that builds
 *	larger folios itself as files are mapped.
 */
enum dev_dax_folio_policy {
	DEV_DAX_FOLIO_ALIGN,
	DEV_DAX_FOLIO_BASE,
};

/**
 * struct dev_dax_personality - what a personality adds to a bound dev_dax
 * @pgmap_type: MEMORY_DEVICE_GENERIC or MEMORY_DEVICE_FS_DAX.
 * @folio_policy: folio order of the device's pages while bound.
 * @pgmap_ops: installed as pgmap->ops, with pgmap->owner = the dev_dax,
 *	before the pages are mapped; cleared again on unbind. May be NULL.
 * @fops: file operations of the files of /dev/daxX.Y opened while bound.
 *	Required. The dev_dax_file_*() and dev_dax_mmap_*() building blocks
 *	below are meant to be used here. A file belongs to the binding it
 *	was opened in: dax_common opens the character device, finds the
 *	binding that is live and calls @fops->open; once that binding ends,
 *	dev_dax_file_alive() is false for the file whatever binds next, so
 *	its reads, writes, mmap() and faults fail. @fops->release, if any,
 *	runs when the file is closed, also after the unbind: it may use
 *	dev_dax_file_private(), not the device's memory. The file keeps
 *	@fops->owner loaded until then.
 * @dax_ops: installed with dax_set_ops() while bound, for in-kernel
 *	users of dax_direct_access(). May be NULL.
 * @private_size: size of the per-binding state that dax_common
 *	allocates, zeroed, at each bind before @bringup, and frees once the
 *	binding has been unbound and its last file closed (after @teardown
 *	and @retire). dev_dax_private() finds the current binding's,
 *	dev_dax_file_private() a file's. 0 for none.
 * @bringup: optional. Called once the pages are mapped and before the
 *	device can be used: /dev/daxX.Y does not open yet (-ENXIO) and
 *	dax_direct_access() fails. The place for work that must be done
 *	before anyone sees the device, such as initialising its contents.
 *	Process context, may sleep. A negative errno fails the probe and
 *	undoes everything dax_common did; @bringup undoes its own work
 *	before it fails.
 * @teardown: optional, and only with @bringup, which it undoes. Called
 *	if and only if @bringup succeeded: on unbind, and on a probe that
 *	fails after @bringup. The device is dead by then: no file, fault or
 *	dax_operations handler runs or can start, and every mapping is gone.
 *	Process context, may sleep. The per-binding state is still there.
 * @retire: optional. Called only on the unbind of a device that this
 *	binding made live, never on a failed probe: the place for work that
 *	must be done before the next driver gets the device, such as wiping
 *	this tenant's data. It runs after @teardown, once the device is dead,
 *	every mapping is gone and every page reference taken through the
 *	device (a pin for O_DIRECT or RDMA) has been dropped, which the
 *	unbind waits for; the memory is still reachable through
 *	dev_dax_pgoff_to_pfn(). Process context, may sleep. If the unbinding
 *	task is killed while pages are pinned, @retire is skipped, with a
 *	warning.
 *
 * There is no hook for extra page setup: devm_memremap_pages()
 * initialises every struct page from the description above at each bind
 * (memmap_init_zone_device()), so no personality inherits folio state
 * from the one before it.
 */
struct dev_dax_personality {
	enum memory_type pgmap_type;
	enum dev_dax_folio_policy folio_policy;
	const struct dev_pagemap_ops *pgmap_ops;
	const struct file_operations *fops;
	const struct dax_operations *dax_ops;
	size_t private_size;
	int (*bringup)(struct dev_dax *dev_dax);
	void (*teardown)(struct dev_dax *dev_dax);
	void (*retire)(struct dev_dax *dev_dax);
};

int devm_dev_dax_activate(struct dev_dax *dev_dax,
			  const struct dev_dax_personality *personality);
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
 * module_dax_driver() - register a dax bus driver for module init/exit
 * @__dax_driver: struct dax_device_driver
 *
 * For drivers whose init and exit do nothing but register and unregister
 * the driver. The driver name is KBUILD_MODNAME, as with
 * dax_driver_register().
 */
#define module_dax_driver(__dax_driver) \
	module_driver(__dax_driver, dax_driver_register, dax_driver_unregister)

#undef MODULE_ALIAS_DAX_DEVICE
/*
 * The dax bus announces every device with the same modalias, type 0
 * (see DAX_DEVICE_MODALIAS_FMT), so a type parameter only invites a
 * mismatch.
 */
#define MODULE_ALIAS_DAX_DEVICE() MODULE_ALIAS("dax:t0*")
#endif

#endif /* __DAX_COMMON_H__ */
