// SPDX-License-Identifier: GPL-2.0
/*
 * dax_ro: read-only raw mappings of a dev_dax, and the template for a
 * personality that maps the device.
 *
 * A device whose contents are published to readers that must not change
 * them (a model's weights, a shared dataset, a golden image) is mapped
 * like device_dax maps it, but only for reading. dax_ro refuses to open
 * the device for writing, with -EROFS; the VFS then refuses every
 * writable shared mapping of the read-only file (-EACCES, at mmap() and
 * at mprotect()), so nothing reaches the memory but loads. Whoever
 * fills the device does it under another personality (device_dax,
 * dax_rw) before binding dax_ro.
 *
 * Everything else, the mapping, its alignment and its faults, is
 * dax_common's and the same as device_dax's: this file is only what
 * differs.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include "dax-private.h"
#include "dax-common.h"

static int dax_ro_open(struct inode *inode, struct file *filp)
{
	if (filp->f_mode & FMODE_WRITE)
		return -EROFS;
	return dev_dax_mmap_open(inode, filp);
}

static const struct file_operations dax_ro_fops = {
	.owner = THIS_MODULE,
	.llseek = noop_llseek,
	.open = dax_ro_open,
	.get_unmapped_area = dev_dax_get_unmapped_area,
	.mmap_prepare = dev_dax_mmap_prepare,
	.fop_flags = FOP_MMAP_SYNC,
};

static const struct dev_dax_personality dax_ro_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_ALIGN,
	.fops = &dax_ro_fops,
};

static int dax_ro_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &dax_ro_personality);
}

static struct dax_device_driver dax_ro_driver = {
	.probe = dax_ro_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(dax_ro_driver);

MODULE_DESCRIPTION("DAX: read-only mappings of a dev_dax device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
/* Loaded on purpose, like dax_rw: no MODULE_ALIAS_DAX_DEVICE(). */
