// SPDX-License-Identifier: GPL-2.0
/*
 * dax_bench: dax_direct_access() throughput of an fsdev_dax device, for
 * `make bench`.
 *
 * A filesystem on an fsdev_dax device translates a file offset to memory
 * with one dax_direct_access() call per iomap operation, under
 * dax_read_lock(). This module does the same for every page of a device,
 * as the device's fs-dax holder, and times it.
 *
 * Write to /sys/kernel/debug/dax_bench/ctl:
 *
 *   access MAJ:MIN LOOPS
 *	fs_dax_get() on the dax device MAJ:MIN (as in its sysfs "dev"
 *	file), one untimed pass over every pgoff, then LOOPS timed passes,
 *	one dax_direct_access(pgoff, 1) call each, then fs_put_dax().
 *	Fails with the errno of the first failed call, or -EIO if a page
 *	does not resolve to its direct map address.
 *
 * Read the same file for the last result:
 *
 *   pages=P loops=L ns=T1 T2 ... TL
 */
#include <linux/dax.h>
#include <linux/debugfs.h>
#include <linux/kdev_t.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#define MAX_LOOPS 64

static DEFINE_MUTEX(bench_lock);
static struct dentry *bench_dir;
static int bench_holder;
static unsigned long result_pages;
static unsigned int result_loops;
static u64 result_ns[MAX_LOOPS];

static int bench_notify_failure(struct dax_device *dax_dev, u64 offset,
				u64 len, int mf_flags)
{
	return 0;
}

static const struct dax_holder_operations bench_holder_ops = {
	.notify_failure = bench_notify_failure,
};

/* One pass over the device; the number of pages, or a negative errno. */
static long bench_pass(struct dax_device *dax_dev)
{
	unsigned long pfn;
	pgoff_t pgoff;
	void *kaddr;
	long rc;
	int id;

	for (pgoff = 0;; pgoff++) {
		id = dax_read_lock();
		rc = dax_direct_access(dax_dev, pgoff, 1, DAX_ACCESS, &kaddr,
				       &pfn);
		dax_read_unlock(id);
		if (rc == -EFAULT || rc == -ERANGE)
			break;
		if (rc < 0)
			return rc;
		if (rc != 1 || kaddr != pfn_to_kaddr(pfn))
			return -EIO;
	}
	return pgoff ? (long)pgoff : -ENXIO;
}

static int bench_access(dev_t devt, unsigned int loops)
{
	struct dax_device *dax_dev;
	unsigned int i;
	long pages;
	int rc;

	if (!loops || loops > MAX_LOOPS)
		return -EINVAL;
	dax_dev = dax_dev_get(devt);
	if (!dax_dev)
		return -ENODEV;
	/* fs_dax_get() holds a reference of its own while attached. */
	rc = fs_dax_get(dax_dev, &bench_holder, &bench_holder_ops);
	put_dax(dax_dev);
	if (rc)
		return rc;

	result_loops = 0;
	pages = bench_pass(dax_dev);
	for (i = 0; pages > 0 && i < loops; i++) {
		u64 t0 = ktime_get_ns();

		pages = bench_pass(dax_dev);
		result_ns[i] = ktime_get_ns() - t0;
		cond_resched();
	}
	fs_put_dax(dax_dev, &bench_holder);
	if (pages < 0)
		return pages;
	result_pages = pages;
	result_loops = loops;
	return 0;
}

static ssize_t bench_ctl_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	unsigned int major, minor, loops;
	char buf[64];
	int rc;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "access %u:%u %u", &major, &minor, &loops) != 3)
		return -EINVAL;

	mutex_lock(&bench_lock);
	rc = bench_access(MKDEV(major, minor), loops);
	mutex_unlock(&bench_lock);
	return rc ? rc : count;
}

static int bench_ctl_show(struct seq_file *m, void *v)
{
	unsigned int i;

	mutex_lock(&bench_lock);
	seq_printf(m, "pages=%lu loops=%u ns=", result_pages, result_loops);
	for (i = 0; i < result_loops; i++)
		seq_printf(m, "%s%llu", i ? " " : "", result_ns[i]);
	seq_putc(m, '\n');
	mutex_unlock(&bench_lock);
	return 0;
}

static int bench_ctl_open(struct inode *inode, struct file *file)
{
	return single_open(file, bench_ctl_show, NULL);
}

static const struct file_operations bench_ctl_fops = {
	.owner = THIS_MODULE,
	.open = bench_ctl_open,
	.read = seq_read,
	.write = bench_ctl_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int __init dax_bench_init(void)
{
	bench_dir = debugfs_create_dir("dax_bench", NULL);
	debugfs_create_file("ctl", 0600, bench_dir, NULL, &bench_ctl_fops);
	return 0;
}

static void __exit dax_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
}

module_init(dax_bench_init);
module_exit(dax_bench_exit);

MODULE_DESCRIPTION("dax: dax_direct_access() throughput of fsdev_dax devices");
MODULE_LICENSE("GPL");
