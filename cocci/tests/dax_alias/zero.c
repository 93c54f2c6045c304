// SPDX-License-Identifier: GPL-2.0
/* Fixture: the old MODULE_ALIAS_DAX_DEVICE(0): rewritten. */
#include <linux/module.h>
#include "bus.h"

MODULE_DESCRIPTION("dax_alias fixture");
MODULE_LICENSE("GPL");
MODULE_ALIAS_DAX_DEVICE(0);
