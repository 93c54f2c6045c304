// SPDX-License-Identifier: GPL-2.0
/*
 * dax_holder_test: an fs-dax holder and a window on dev_dax state, for
 * the guest tests.
 *
 * It does what a filesystem such as famfs does with an fsdev_dax device
 * (fs_dax_get(), dax_direct_access(), dax_zero_page_range(), receiving
 * memory failures), and reports what the tests cannot see from user
 * space: a device's pgmap and the folios behind it.
 *
 * Commands are written to /sys/kernel/debug/dax_holder_test/ctl, one per
 * write; a failed command fails the write with its errno. Results are
 * appended to .../log, which is cleared by reading it.
 *
 *   attach DEV          fs_dax_get() on /dev/DEV, as the holder
 *   detach              fs_put_dax()
 *   walk                dax_direct_access() of every page: logs one
 *                       "run" line per physically contiguous run
 *   avail PGOFF         dax_direct_access(PGOFF, LONG_MAX): logs the count
 *   poke PGOFF VALUE    store VALUE in the first word of page PGOFF
 *   peek PGOFF          log the first word of page PGOFF
 *   zero PGOFF N        dax_zero_page_range(PGOFF, N)
 *   inspect DEV         log the pgmap and folio state of daxX.Y
 *   skew DEV DELTA      move an unbound static device's pgmap start by
 *                       DELTA bytes (signed), to exercise probe checks
 *   mf DEV PFN          call the bound personality's memory_failure
 *                       handler for PFN directly: for the pfns that
 *                       memory_failure() does not pass on (the memmap
 *                       at the start of a static pgmap, an altmap's)
 *   kill DEV, run DEV   kill_dax() and run_dax() on a bound device: the
 *                       state an open(2) racing a bind or unbind sees
 *
 * Memory failures reported to the holder are logged as "failure" lines.
 */
#include <linux/dax.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "dax-private.h"
#include "bus.h"

#define LOG_SIZE (64 * 1024)

static DEFINE_MUTEX(holder_lock);
static struct dax_device *holder_dax;
static char *log_buf;
static struct seq_buf log_seq;
static DEFINE_SPINLOCK(log_spin);
static struct dentry *debugfs_dir;
static int holder_cookie;

static __printf(1, 2) void holder_log(const char *fmt, ...)
{
	unsigned long flags;
	char line[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	spin_lock_irqsave(&log_spin, flags);
	seq_buf_puts(&log_seq, line);
	spin_unlock_irqrestore(&log_spin, flags);
}

static int holder_notify_failure(struct dax_device *dax_dev, u64 offset,
				 u64 len, int mf_flags)
{
	holder_log("failure offset=%llu len=%llu flags=%#x\n", offset, len,
		   mf_flags);
	return 0;
}

static const struct dax_holder_operations holder_ops = {
	.notify_failure = holder_notify_failure,
};

/* Never binds: registered to reach the dax bus for device lookups. */
static int lookup_probe(struct dev_dax *dev_dax)
{
	return -ENODEV;
}

static struct dax_device_driver lookup_driver = {
	.probe = lookup_probe,
	.type = DAXDRV_FSDEV_TYPE,
};

/*
 * The dev_dax named @name, with a reference and its device lock held, so
 * that it stays bound or unbound while a command looks at it; NULL if
 * there is none. unlock_dev_dax() gives both back.
 */
static struct dev_dax *lock_dev_dax(const char *name)
{
	struct device *dev;

	dev = bus_find_device_by_name(lookup_driver.drv.bus, NULL, name);
	if (!dev)
		return NULL;
	if (!dev->type || strncmp(dev_name(dev), "dax", 3)) {
		put_device(dev);
		return NULL;
	}
	device_lock(dev);
	return to_dev_dax(dev);
}

static void unlock_dev_dax(struct dev_dax *dev_dax)
{
	device_unlock(&dev_dax->dev);
	put_device(&dev_dax->dev);
}

static int dev_to_devt(const char *name, dev_t *devt)
{
	char path[64];
	struct path p;
	int rc;

	snprintf(path, sizeof(path), "/dev/%s", name);
	rc = kern_path(path, LOOKUP_FOLLOW, &p);
	if (rc)
		return rc;
	if (!S_ISCHR(d_inode(p.dentry)->i_mode))
		rc = -ENOTTY;
	*devt = d_inode(p.dentry)->i_rdev;
	path_put(&p);
	return rc;
}

static int cmd_attach(const char *name)
{
	struct dax_device *dax_dev;
	dev_t devt;
	int rc;

	if (holder_dax)
		return -EBUSY;
	rc = dev_to_devt(name, &devt);
	if (rc)
		return rc;
	dax_dev = dax_dev_get(devt);
	if (!dax_dev)
		return -ENODEV;
	/* fs_dax_get() takes a reference of its own when it succeeds. */
	rc = fs_dax_get(dax_dev, &holder_cookie, &holder_ops);
	put_dax(dax_dev);
	if (rc)
		return rc;
	holder_dax = dax_dev;
	holder_log("attached %s\n", name);
	return 0;
}

static int cmd_detach(void)
{
	if (!holder_dax)
		return -ENXIO;
	fs_put_dax(holder_dax, &holder_cookie);
	holder_dax = NULL;
	return 0;
}

static long access_page(pgoff_t pgoff, long nr, void **kaddr,
			unsigned long *pfn)
{
	long rc;
	int id;

	id = dax_read_lock();
	rc = dax_direct_access(holder_dax, pgoff, nr, DAX_ACCESS, kaddr, pfn);
	dax_read_unlock(id);
	return rc;
}

/*
 * Every page, one call each: the pfn of each page must follow the one
 * before it unless a new range starts, and kaddr must be the direct map
 * address of that pfn. Runs are logged for the host to compare with the
 * device's mappings in sysfs.
 */
static int cmd_walk(void)
{
	unsigned long pfn, run_pfn = 0, expect = 0;
	pgoff_t pgoff, run_start = 0;
	void *kaddr;
	long rc;

	if (!holder_dax)
		return -ENXIO;
	for (pgoff = 0;; pgoff++) {
		rc = access_page(pgoff, 1, &kaddr, &pfn);
		if (rc < 0)
			break;
		if (rc != 1 || kaddr != __va(PFN_PHYS(pfn))) {
			holder_log("bad pgoff=%lu rc=%ld pfn=%#lx kaddr=%p\n",
				   pgoff, rc, pfn, kaddr);
			return -EIO;
		}
		if (pgoff && pfn != expect) {
			holder_log("run pgoff=%lu pages=%lu phys=%#llx\n",
				   run_start, pgoff - run_start,
				   (u64)PFN_PHYS(run_pfn));
			run_start = pgoff;
		}
		if (pgoff == run_start)
			run_pfn = pfn;
		expect = pfn + 1;
	}
	if (pgoff)
		holder_log("run pgoff=%lu pages=%lu phys=%#llx\n", run_start,
			   pgoff - run_start, (u64)PFN_PHYS(run_pfn));
	holder_log("walk pages=%lu end=%ld\n", pgoff, rc);
	return 0;
}

static int cmd_avail(pgoff_t pgoff)
{
	unsigned long pfn;
	void *kaddr;
	long rc;

	if (!holder_dax)
		return -ENXIO;
	rc = access_page(pgoff, LONG_MAX, &kaddr, &pfn);
	holder_log("avail pgoff=%lu count=%ld\n", pgoff, rc);
	return 0;
}

static int cmd_poke(pgoff_t pgoff, u64 value, bool write)
{
	unsigned long pfn;
	void *kaddr;
	long rc;

	if (!holder_dax)
		return -ENXIO;
	rc = access_page(pgoff, 1, &kaddr, &pfn);
	if (rc < 0)
		return rc;
	if (write) {
		WRITE_ONCE(*(u64 *)kaddr, value);
		return 0;
	}
	holder_log("peek pgoff=%lu value=%#llx\n", pgoff,
		   READ_ONCE(*(u64 *)kaddr));
	return 0;
}

static int cmd_zero(pgoff_t pgoff, size_t nr)
{
	int rc, id;

	if (!holder_dax)
		return -ENXIO;
	id = dax_read_lock();
	rc = dax_zero_page_range(holder_dax, pgoff, nr);
	dax_read_unlock(id);
	return rc;
}

/*
 * The folios of the data ranges. Not the whole pgmap: the memmap pages at
 * the start of a static pgmap have struct pages that are never
 * initialised.
 */
static void inspect_folios(struct dev_dax *dev_dax)
{
	unsigned long orders[32] = { 0 }, mapped = 0, shared = 0, refs = 0;
	int i, o;

	for (i = 0; i < dev_dax->nr_range; i++) {
		struct range *r = &dev_dax->ranges[i].range;
		unsigned long pfn = PHYS_PFN(r->start);
		unsigned long end = PHYS_PFN(r->end) + 1;

		while (pfn < end) {
			struct folio *folio = pfn_folio(pfn);
			unsigned int order = folio_order(folio);

			if (&folio->page != pfn_to_page(pfn)) {
				/* a tail where a head was due: count it apart */
				orders[31]++;
				pfn++;
				continue;
			}
			orders[min(order, 30U)]++;
			mapped += !!folio->mapping;
			shared += folio->share != 0;
			refs += folio_ref_count(folio) != 0;
			pfn += 1UL << order;
			cond_resched();
		}
	}
	holder_log("folios");
	for (o = 0; o < 32; o++)
		if (orders[o])
			holder_log(" order%d=%lu", o, orders[o]);
	holder_log(" mapped=%lu shared=%lu referenced=%lu\n", mapped, shared,
		   refs);
}

/*
 * What the pgmap and pages of a device look like now. Under the device
 * lock, so that it is bound or unbound throughout; the folios only exist
 * while a personality is bound.
 */
static int cmd_inspect(const char *name)
{
	struct dev_dax *dev_dax = lock_dev_dax(name);
	struct dev_pagemap *pgmap;
	struct device *dev;

	if (!dev_dax)
		return -ENODEV;
	dev = &dev_dax->dev;
	pgmap = dev_dax->pgmap;
	holder_log("inspect %s driver=%s static=%d nr_range=%d",
		   name, dev->driver ? dev->driver->name : "none",
		   static_dev_dax(dev_dax), dev_dax->nr_range);
	if (!pgmap) {
		holder_log(" pgmap=none\n");
	} else {
		holder_log(" pgmap=yes type=%d shift=%lu ops=%s owner=%s",
			   pgmap->type, pgmap->vmemmap_shift,
			   pgmap->ops ? "set" : "none",
			   pgmap->owner == dev_dax ? "self" :
			   pgmap->owner ? "other" : "none");
		/*
		 * first: where memory_failure() starts to pass pfns to the
		 * pgmap's handler (pgmap_pfn_valid()): past the memmap, which
		 * may end below the data.
		 */
		holder_log(" start=%#llx first=%#llx data=%#llx\n",
			   pgmap->ranges[0].start,
			   pgmap->ranges[0].start +
			   PFN_PHYS(vmem_altmap_offset(pgmap_altmap(pgmap))),
			   dev_dax->nr_range ? dev_dax->ranges[0].range.start : 0);
		if (dev->driver && percpu_ref_tryget_live(&pgmap->ref)) {
			inspect_folios(dev_dax);
			percpu_ref_put(&pgmap->ref);
		}
	}
	unlock_dev_dax(dev_dax);
	return 0;
}

static int cmd_skew(const char *name, s64 delta)
{
	struct dev_dax *dev_dax = lock_dev_dax(name);
	struct device *dev;
	int rc = 0;

	if (!dev_dax)
		return -ENODEV;
	dev = &dev_dax->dev;
	if (dev->driver || !static_dev_dax(dev_dax) || !dev_dax->pgmap)
		rc = -EBUSY;
	else
		dev_dax->pgmap->range.start += delta;
	unlock_dev_dax(dev_dax);
	return rc;
}

/*
 * "kill DEV", "run DEV": take a bound device's dax_device out of service
 * and back, as its unbind and bind do around the character device. What
 * an open(2) sees in between is what one racing a bind or an unbind sees,
 * without the race.
 */
static int cmd_alive(const char *name, bool alive)
{
	struct dev_dax *dev_dax = lock_dev_dax(name);
	struct device *dev;
	int rc = 0;

	if (!dev_dax)
		return -ENODEV;
	dev = &dev_dax->dev;
	if (!dev->driver)
		rc = -ENXIO;
	else if (alive)
		run_dax(dev_dax->dax_dev);
	else
		kill_dax(dev_dax->dax_dev);
	unlock_dev_dax(dev_dax);
	return rc;
}

static int cmd_mf(const char *name, unsigned long pfn)
{
	struct dev_dax *dev_dax = lock_dev_dax(name);
	struct dev_pagemap *pgmap;
	struct device *dev;
	int rc = -EOPNOTSUPP;

	if (!dev_dax)
		return -ENODEV;
	dev = &dev_dax->dev;
	pgmap = dev_dax->pgmap;
	if (dev->driver && pgmap && pgmap->ops && pgmap->ops->memory_failure) {
		rc = pgmap->ops->memory_failure(pgmap, pfn, 1, MF_SW_SIMULATED);
		holder_log("mf pfn=%#lx rc=%d\n", pfn, rc);
		rc = 0;
	}
	unlock_dev_dax(dev_dax);
	return rc;
}

static int run_cmd(char *line)
{
	char *cmd = strsep(&line, " ");
	char *arg = strsep(&line, " ");
	char *arg2 = strsep(&line, " ");
	unsigned long long a = 0, b = 0;

	if (!cmd)
		return -EINVAL;
	if (!strcmp(cmd, "detach"))
		return cmd_detach();
	if (!strcmp(cmd, "walk"))
		return cmd_walk();
	if (!arg)
		return -EINVAL;
	if (!strcmp(cmd, "attach"))
		return cmd_attach(arg);
	if (!strcmp(cmd, "inspect"))
		return cmd_inspect(arg);
	if (!strcmp(cmd, "kill"))
		return cmd_alive(arg, false);
	if (!strcmp(cmd, "run"))
		return cmd_alive(arg, true);
	if (!strcmp(cmd, "skew")) {
		s64 delta;

		if (!arg2 || kstrtoll(arg2, 0, &delta))
			return -EINVAL;
		return cmd_skew(arg, delta);
	}
	if (!strcmp(cmd, "mf")) {
		if (!arg2 || kstrtoull(arg2, 0, &b))
			return -EINVAL;
		return cmd_mf(arg, b);
	}
	if (kstrtoull(arg, 0, &a))
		return -EINVAL;
	if (!strcmp(cmd, "avail"))
		return cmd_avail(a);
	if (!strcmp(cmd, "peek"))
		return cmd_poke(a, 0, false);
	if (!arg2 || kstrtoull(arg2, 0, &b))
		return -EINVAL;
	if (!strcmp(cmd, "poke"))
		return cmd_poke(a, b, true);
	if (!strcmp(cmd, "zero"))
		return cmd_zero(a, b);
	return -EINVAL;
}

static ssize_t ctl_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	char *line;
	int rc;

	if (len > 256)
		return -E2BIG;
	line = memdup_user_nul(ubuf, len);
	if (IS_ERR(line))
		return PTR_ERR(line);
	strim(line);
	mutex_lock(&holder_lock);
	rc = run_cmd(line);
	mutex_unlock(&holder_lock);
	kfree(line);
	return rc ? rc : len;
}

static const struct file_operations ctl_fops = {
	.owner = THIS_MODULE,
	.write = ctl_write,
};

static ssize_t log_read(struct file *file, char __user *ubuf, size_t len,
			loff_t *ppos)
{
	ssize_t rc;
	char *copy;
	size_t n;

	copy = kvmalloc(LOG_SIZE, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	spin_lock_irq(&log_spin);
	n = seq_buf_used(&log_seq);
	memcpy(copy, log_buf, n);
	if (*ppos >= n)
		seq_buf_clear(&log_seq);
	spin_unlock_irq(&log_spin);
	rc = simple_read_from_buffer(ubuf, len, ppos, copy, n);
	kvfree(copy);
	return rc;
}

static const struct file_operations log_fops = {
	.owner = THIS_MODULE,
	.read = log_read,
};

static int __init holder_test_init(void)
{
	int rc;

	log_buf = kvzalloc(LOG_SIZE, GFP_KERNEL);
	if (!log_buf)
		return -ENOMEM;
	seq_buf_init(&log_seq, log_buf, LOG_SIZE);

	rc = dax_driver_register(&lookup_driver);
	if (rc) {
		kvfree(log_buf);
		return rc;
	}
	debugfs_dir = debugfs_create_dir("dax_holder_test", NULL);
	debugfs_create_file("ctl", 0200, debugfs_dir, NULL, &ctl_fops);
	debugfs_create_file("log", 0400, debugfs_dir, NULL, &log_fops);
	return 0;
}

static void __exit holder_test_exit(void)
{
	debugfs_remove_recursive(debugfs_dir);
	mutex_lock(&holder_lock);
	if (holder_dax)
		cmd_detach();
	mutex_unlock(&holder_lock);
	dax_driver_unregister(&lookup_driver);
	kvfree(log_buf);
}

module_init(holder_test_init);
module_exit(holder_test_exit);
MODULE_DESCRIPTION("dax_common tests: fs-dax holder and dev_dax inspector");
MODULE_LICENSE("GPL");
