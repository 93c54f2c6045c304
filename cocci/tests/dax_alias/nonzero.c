// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a type other than 0 never matched the bus's modalias; reported
 * (with its own message) but not rewritten.
 */
#include <linux/module.h>
#include "bus.h"

#define DEMO_DAX_TYPE 2

MODULE_LICENSE("GPL");
MODULE_ALIAS_DAX_DEVICE(DEMO_DAX_TYPE);
