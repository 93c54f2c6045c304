// SPDX-License-Identifier: GPL-2.0
/*
 * dax_rw: read(2) and write(2) on a dev_dax, and the template personality.
 *
 * device_dax only maps. The tools that copy, back up, compare or
 * initialise a device (dd, cp, cmp, hexdump, a backup agent) want plain
 * file I/O on /dev/daxX.Y, as they get it from a block device, and have
 * to be taught mmap instead. dax_rw gives the character device
 * pread/pwrite/lseek semantics over the device's data and nothing more:
 * no mmap, no dax holder.
 *
 * It is also the smallest complete personality, the one to copy when
 * starting a new one: Documentation/driver-api/dax/ explains it.
 * Everything that binding takes is dax_common's, and so are the file
 * operations it is made of; what is left here is the choice of them.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include "dax-private.h"
#include "dax-common.h"

static const struct file_operations dax_rw_fops = {
	.owner = THIS_MODULE,
	.open = dev_dax_file_open,
	.llseek = dev_dax_file_llseek,
	.read_iter = dev_dax_read_iter,
	.write_iter = dev_dax_write_iter,
};

static const struct dev_dax_personality dax_rw_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_BASE,	/* nothing is ever mapped */
	.fops = &dax_rw_fops,
};

static int dax_rw_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &dax_rw_personality);
}

static struct dax_device_driver dax_rw_driver = {
	.probe = dax_rw_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(dax_rw_driver);

MODULE_DESCRIPTION("DAX: read/write access to a dev_dax device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
/*
 * No MODULE_ALIAS_DAX_DEVICE(): udev would then load dax_rw for every new
 * dax device and race device_dax for it. dax_rw is loaded on purpose.
 */
