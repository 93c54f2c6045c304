// SPDX-License-Identifier: GPL-2.0
/*
 * dax_excl_test: a test personality that lets one file at a time open the
 * device, and says whose it is in sysfs.
 *
 * It stands for a personality whose device holds one writer's data: a
 * database's log, a VM's memory backend, a shared heap with no locking of
 * its own. Two processes writing it at once corrupt it, and a block
 * device would be opened O_EXCL for that. Here every open of /dev/daxX.Y
 * while another file of the same binding is open fails with -EBUSY; the
 * owner itself opening it a second time included, because the owner is
 * the open file, not the process. Ownership ends when that file is
 * released: after its last close, in whatever process fork(), dup() or
 * SCM_RIGHTS took it to.
 *
 * Who holds the device is in /sys/bus/dax/devices/daxX.Y/owner: the
 * process id of the opener of the owning file (its thread group id, in
 * the initial pid namespace, as the kernel log would name it), or "none"
 * while no file is open. An operator finds the process to stop before
 * unbinding without scanning every process's files. The attribute is in
 * the driver's dev_groups, so the driver core adds it once a bind has
 * succeeded and removes it before the unbind takes anything down: it
 * exists only on devices that dax_excl_test has bound, and never shows
 * another driver's state.
 *
 * Ownership belongs to a binding, in its private state: a file opened
 * under a binding that has ended is dead (-ENXIO), does not keep the next
 * binding's opens out, and its late close cannot free the next binding's
 * owner, because release finds the state of the file's own binding with
 * dev_dax_file_private().
 *
 * Otherwise it is dax_rw: read(2), write(2) and lseek(2) over the device's
 * data, which survives binds (nothing is initialised), no mmap.
 *
 * Loaded on purpose only: no MODULE_ALIAS_DAX_DEVICE().
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sysfs.h>
#include "dax-private.h"
#include "dax-common.h"

/* per binding, in dev_dax_private() and dev_dax_file_private() */
struct dax_excl_test {
	/*
	 * The tgid of the owning file's opener, 0 for none: no process has
	 * tgid 0. An atomic rather than a mutex because the private state
	 * comes zeroed and there is nothing else to guard, so no bring-up
	 * is needed to initialise a lock.
	 */
	atomic_t owner;
};

static int dax_excl_test_open(struct inode *inode, struct file *filp)
{
	struct dax_excl_test *excl;
	int rc;

	rc = dev_dax_file_open(inode, filp);
	if (rc)
		return rc;

	/*
	 * The binding this file was opened in, even if it is ending right
	 * now: then the file is dead already, and its release gives the
	 * ownership back to a state that nobody opens again.
	 */
	excl = dev_dax_file_private(filp);
	if (atomic_cmpxchg(&excl->owner, 0, task_tgid_nr(current)))
		return -EBUSY;
	return 0;
}

static int dax_excl_test_release(struct inode *inode, struct file *filp)
{
	struct dax_excl_test *excl = dev_dax_file_private(filp);

	/*
	 * Unconditionally: release runs only for a file whose open
	 * succeeded, and at most one file of a binding is open at a time.
	 * Not dev_dax_private(): after an unbind, that is the next
	 * binding's state, or none.
	 */
	atomic_set(&excl->owner, 0);
	return 0;
}

static const struct file_operations dax_excl_test_fops = {
	.owner = THIS_MODULE,
	.open = dax_excl_test_open,
	.release = dax_excl_test_release,
	.llseek = dev_dax_file_llseek,
	.read_iter = dev_dax_read_iter,
	.write_iter = dev_dax_write_iter,
};

static ssize_t owner_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	/*
	 * No device_lock(), and none needed: the driver core adds this
	 * attribute after the probe succeeded and removes it, waiting for
	 * readers, before the unbind's devres frees the binding. So the
	 * device is bound to dax_excl_test here, and the current binding's
	 * state stays until show() returns.
	 */
	struct dax_excl_test *excl = dev_dax_private(to_dev_dax(dev));
	pid_t owner = atomic_read(&excl->owner);

	if (!owner)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%d\n", owner);
}
static DEVICE_ATTR_RO(owner);

static struct attribute *dax_excl_test_attrs[] = {
	&dev_attr_owner.attr,
	NULL
};
ATTRIBUTE_GROUPS(dax_excl_test);

static const struct dev_dax_personality dax_excl_test_personality = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_BASE,	/* nothing is ever mapped */
	.fops = &dax_excl_test_fops,
	.private_size = sizeof(struct dax_excl_test),
};

static int dax_excl_test_probe(struct dev_dax *dev_dax)
{
	return devm_dev_dax_activate(dev_dax, &dax_excl_test_personality);
}

static struct dax_device_driver dax_excl_test_driver = {
	.drv.dev_groups = dax_excl_test_groups,
	.probe = dax_excl_test_probe,
	.type = DAXDRV_DEVICE_TYPE,
};
module_dax_driver(dax_excl_test_driver);

MODULE_DESCRIPTION("DAX: test personality that one file at a time may open");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("DAX_COMMON");
