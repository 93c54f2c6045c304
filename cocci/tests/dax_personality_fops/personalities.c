// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: personalities with and without file operations. The ones
 * without (.fops missing, or NULL) are reported.
 */
#include <linux/fs.h>
#include "dax-common.h"

static const struct file_operations demo_fops;

static const struct dev_dax_personality complete = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_ALIGN,
	.fops = &demo_fops,
};

static const struct dev_dax_personality forgotten = {
	.pgmap_type = MEMORY_DEVICE_GENERIC,
	.folio_policy = DEV_DAX_FOLIO_ALIGN,
};

static const struct dev_dax_personality nulled = {
	.pgmap_type = MEMORY_DEVICE_FS_DAX,
	.folio_policy = DEV_DAX_FOLIO_BASE,
	.fops = NULL,
};
