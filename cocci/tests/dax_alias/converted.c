// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the parameterless form, and macro definitions of both forms,
 * are not findings.
 */
#include <linux/module.h>

#define OLD_MODULE_ALIAS_DAX_DEVICE(type) \
	MODULE_ALIAS("dax:t" __stringify(type) "*")
#define MODULE_ALIAS_DAX_DEVICE() MODULE_ALIAS("dax:t0*")

MODULE_LICENSE("GPL");
MODULE_ALIAS_DAX_DEVICE();
