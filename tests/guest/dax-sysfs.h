/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A dax device's numeric sysfs attribute, for the guest tools (daxio,
 * and the series' nfitio). Exits with status 2 if it cannot be read:
 * the tools cannot go on without the device's size or alignment.
 */
#ifndef DAX_SYSFS_H
#define DAX_SYSFS_H

#include <stdio.h>
#include <stdlib.h>

static unsigned long long dax_sysfs_u64(const char *dev, const char *attr)
{
	char path[256];
	unsigned long long v;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/%s", dev, attr);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%lli", &v) != 1) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	return v;
}

#endif
