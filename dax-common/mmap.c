// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2016-2018 Intel Corporation. All rights reserved. */
/*
 * Raw shared mappings of /dev/daxX.Y: what every personality that lets
 * user space map the device needs, taken from device_dax. The mapping
 * must be shared and aligned to the device's alignment, and each fault
 * inserts one folio of exactly that size (PTE, PMD or PUD), so the
 * folio order that the device was bound with (DEV_DAX_FOLIO_ALIGN) is
 * the mapping's too. A personality with a policy of its own (read-only,
 * say) wraps dev_dax_mmap_open() or dev_dax_mmap_prepare().
 */
#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/huge_mm.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagemap.h>
#include "dax-private.h"
#include "dax-common-internal.h"

static int dev_dax_check_vma(struct file *filp, vma_flags_t flags,
			     unsigned long start, unsigned long end,
			     const char *func)
{
	struct dev_dax *dev_dax = filp->private_data;
	struct device *dev = &dev_dax->dev;
	unsigned long mask;

	if (!dev_dax_file_alive(filp))
		return -ENXIO;

	/* prevent private mappings from being established */
	if (!vma_flags_test_any(&flags, VMA_MAYSHARE_BIT)) {
		dev_info_ratelimited(dev,
				     "%s: %s: fail, attempted private mapping\n",
				     current->comm, func);
		return -EINVAL;
	}

	mask = dev_dax->align - 1;
	if (start & mask || end & mask) {
		dev_info_ratelimited(dev,
				     "%s: %s: fail, unaligned vma (%#lx - %#lx, %#lx)\n",
				     current->comm, func, start, end, mask);
		return -EINVAL;
	}

	if (!file_is_dax(filp)) {
		dev_info_ratelimited(dev,
				     "%s: %s: fail, vma is not DAX capable\n",
				     current->comm, func);
		return -EINVAL;
	}

	return 0;
}

static void dev_dax_set_mapping(struct vm_fault *vmf, unsigned long pfn,
				unsigned long fault_size)
{
	unsigned long i, nr_pages = fault_size / PAGE_SIZE;
	struct file *filp = vmf->vma->vm_file;
	struct dev_dax *dev_dax = filp->private_data;
	pgoff_t pgoff;

	/* mapping is only set on the head */
	if (dev_dax->pgmap->vmemmap_shift)
		nr_pages = 1;

	pgoff = linear_page_index(vmf->vma,
				  ALIGN_DOWN(vmf->address, fault_size));

	for (i = 0; i < nr_pages; i++) {
		struct folio *folio = pfn_folio(pfn + i);

		if (folio->mapping)
			continue;

		folio->mapping = filp->f_mapping;
		folio->index = pgoff + i;
	}
}

static vm_fault_t dev_dax_insert(struct vm_fault *vmf, unsigned long pfn,
				 unsigned int order)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct page *page = pfn_to_page(pfn);

	if (order == 0)
		return vmf_insert_page_mkwrite(vmf, page, write);
	if (order == PMD_ORDER)
		return vmf_insert_folio_pmd(vmf, page_folio(page), write);
#ifdef CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD
	if (order == PUD_ORDER)
		return vmf_insert_folio_pud(vmf, page_folio(page), write);
#endif
	return VM_FAULT_FALLBACK;
}

/*
 * One fault of one page table level. A fault larger than the device's
 * alignment falls back to a smaller one, down to the alignment; a fault
 * smaller than the alignment would split a folio and is refused.
 */
static vm_fault_t dev_dax_fault_order(struct dev_dax *dev_dax,
				      struct vm_fault *vmf, unsigned int order)
{
	unsigned long fault_size = PAGE_SIZE << order;
	unsigned long addr = ALIGN_DOWN(vmf->address, fault_size);
	struct vm_area_struct *vma = vmf->vma;
	struct device *dev = &dev_dax->dev;
	phys_addr_t phys;
	pgoff_t pgoff;

	if (dev_dax_check_vma(vma->vm_file, vma->flags, vma->vm_start,
			      vma->vm_end, __func__))
		return VM_FAULT_SIGBUS;

	if (dev_dax->align > fault_size) {
		dev_dbg(dev, "alignment (%#x) > fault size (%#lx)\n",
			dev_dax->align, fault_size);
		return VM_FAULT_SIGBUS;
	}
	if (fault_size > dev_dax->align)
		return VM_FAULT_FALLBACK;

	/* if we are outside of the VMA */
	if (addr < vma->vm_start || addr + fault_size > vma->vm_end)
		return VM_FAULT_SIGBUS;

	pgoff = linear_page_index(vma, addr);
	phys = dev_dax_pgoff_to_phys(dev_dax, pgoff, fault_size);
	if (phys == -1) {
		dev_dbg(dev, "pgoff_to_phys(%#lx) failed\n", pgoff);
		return VM_FAULT_SIGBUS;
	}

	dev_dax_set_mapping(vmf, PHYS_PFN(phys), fault_size);
	return dev_dax_insert(vmf, PHYS_PFN(phys), order);
}

static vm_fault_t dev_dax_huge_fault(struct vm_fault *vmf, unsigned int order)
{
	struct dev_dax *dev_dax = vmf->vma->vm_file->private_data;
	vm_fault_t rc = VM_FAULT_SIGBUS;
	int id;

	dev_dbg(&dev_dax->dev, "%s: op=%s addr=%#lx order=%d\n", current->comm,
		(vmf->flags & FAULT_FLAG_WRITE) ? "write" : "read",
		vmf->address & ~((1UL << (order + PAGE_SHIFT)) - 1), order);

	id = dax_read_lock();
	if (order == 0 || order == PMD_ORDER || order == PUD_ORDER)
		rc = dev_dax_fault_order(dev_dax, vmf, order);
	dax_read_unlock(id);

	return rc;
}

static vm_fault_t dev_dax_fault(struct vm_fault *vmf)
{
	return dev_dax_huge_fault(vmf, 0);
}

static int dev_dax_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	struct dev_dax *dev_dax = vma->vm_file->private_data;

	if (!IS_ALIGNED(addr, dev_dax->align))
		return -EINVAL;
	return 0;
}

static unsigned long dev_dax_pagesize(struct vm_area_struct *vma)
{
	struct dev_dax *dev_dax = vma->vm_file->private_data;

	return dev_dax->align;
}

static const struct vm_operations_struct dev_dax_vm_ops = {
	.fault = dev_dax_fault,
	.huge_fault = dev_dax_huge_fault,
	.may_split = dev_dax_may_split,
	.pagesize = dev_dax_pagesize,
};

/**
 * dev_dax_mmap_prepare() - &file_operations.mmap_prepare for raw mappings
 * @desc: the mapping being made
 *
 * Accepts a shared mapping of a file opened with dev_dax_mmap_open(),
 * aligned at both ends to the device's alignment, while the file's
 * binding is live. Faults then insert one folio of the device's
 * alignment each, and fail with SIGBUS once the binding has ended.
 * The device should be bound with DEV_DAX_FOLIO_ALIGN.
 *
 * Return: 0, -EINVAL for a private, unaligned or non-dax mapping, or
 * -ENXIO if the binding has ended.
 */
int dev_dax_mmap_prepare(struct vm_area_desc *desc)
{
	int rc, id;

	/*
	 * We lock to check dax_dev liveness and will re-check at
	 * fault time.
	 */
	id = dax_read_lock();
	rc = dev_dax_check_vma(desc->file, desc->vma_flags, desc->start,
			       desc->end, __func__);
	dax_read_unlock(id);
	if (rc)
		return rc;

	desc->vm_ops = &dev_dax_vm_ops;
	vma_desc_set_flags(desc, VMA_HUGEPAGE_BIT);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_mmap_prepare, "DAX_COMMON");

/**
 * dev_dax_get_unmapped_area() - &file_operations.get_unmapped_area
 * @filp: a file opened with dev_dax_mmap_open()
 * @addr: the address asked for, or 0
 * @len: length of the mapping
 * @pgoff: device page offset it maps
 * @flags: mmap flags
 *
 * Without an address from the caller, finds one aligned to the device's
 * alignment relative to @pgoff, so that dev_dax_mmap_prepare() accepts
 * the mapping and every fault can insert a whole folio.
 *
 * Return: an address, or a negative errno.
 */
unsigned long dev_dax_get_unmapped_area(struct file *filp, unsigned long addr,
					unsigned long len, unsigned long pgoff,
					unsigned long flags)
{
	unsigned long off, off_end, off_align, len_align, addr_align, align;
	struct dev_dax *dev_dax = filp ? filp->private_data : NULL;

	if (!dev_dax || addr)
		goto out;

	align = dev_dax->align;
	off = pgoff << PAGE_SHIFT;
	off_end = off + len;
	off_align = round_up(off, align);

	if (off_end <= off_align || (off_end - off_align) < align)
		goto out;

	len_align = len + align;
	if ((off + len_align) < off)
		goto out;

	addr_align = mm_get_unmapped_area(filp, addr, len_align, pgoff, flags);
	if (!IS_ERR_VALUE(addr_align)) {
		addr_align += (off - addr_align) & (align - 1);
		return addr_align;
	}
 out:
	return mm_get_unmapped_area(filp, addr, len, pgoff, flags);
}
EXPORT_SYMBOL_NS_GPL(dev_dax_get_unmapped_area, "DAX_COMMON");

static const struct address_space_operations dev_dax_aops = {
	.dirty_folio	= noop_dirty_folio,
};

/**
 * dev_dax_mmap_open() - &file_operations.open for raw mappings
 * @inode: the character device's inode
 * @filp: the file being opened
 *
 * dev_dax_file_open(), and the file's mapping made the dax inode's, so
 * that the pages that faults insert belong to one address space for
 * every file of the device and unbinding can zap them all.
 *
 * Return: 0, or -ENXIO if the device is not live.
 */
int dev_dax_mmap_open(struct inode *inode, struct file *filp)
{
	struct dev_dax *dev_dax;
	struct inode *__dax_inode;
	int rc;

	rc = dev_dax_file_open(inode, filp);
	if (rc)
		return rc;

	dev_dax = filp->private_data;
	__dax_inode = dax_inode(dev_dax->dax_dev);
	inode->i_mapping = __dax_inode->i_mapping;
	inode->i_mapping->host = __dax_inode;
	inode->i_mapping->a_ops = &dev_dax_aops;
	filp->f_mapping = inode->i_mapping;
	filp->f_wb_err = filemap_sample_wb_err(filp->f_mapping);
	filp->f_sb_err = file_sample_sb_err(filp);
	inode->i_flags = S_DAX;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(dev_dax_mmap_open, "DAX_COMMON");
