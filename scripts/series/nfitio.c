// SPDX-License-Identifier: GPL-2.0
/*
 * nfitio: probes of a /dev/daxX.Y mapping for scripts/series/guest-nfit.sh,
 * which runs them on nfit_test's emulated pmem. Unlike tests/guest/daxio,
 * every access runs under a SIGBUS handler and the outcome is printed,
 * not judged: whether a fault on nfit_test's memory works at all is what
 * the caller finds out.
 *
 *   nfitio touch DEV PGOFF      read the first word of page PGOFF through
 *                               a MAP_SHARED mapping: "read 0xV" or
 *                               "sigbus"
 *   nfitio poke DEV PGOFF V     store V there and read it back through a
 *                               second mapping: "wrote 0xV read 0xW" or
 *                               "sigbus"
 *   nfitio roundtrip DEV        a pattern in the first and last word of
 *                               every page through one mapping, read back
 *                               through another: "roundtrip ok N pages",
 *                               "roundtrip sigbus at page N" or
 *                               "roundtrip N bad pages" (exit 1)
 *   nfitio hold DEV SECONDS     map the first align-sized chunk, print
 *                               "mapped", touch it ("before ok" or
 *                               "before sigbus"), wait for SIGUSR1 (at most
 *                               SECONDS), touch it again ("after ok" or
 *                               "after sigbus") and mmap the still open
 *                               file again ("remap ok" or "remap ERRNO")
 *
 * Exit 0 unless said otherwise; 2 if the device cannot be opened or
 * mapped at all (with the errno).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../tests/guest/dax-sysfs.h"

static const char *dev_name;
static sigjmp_buf jump;
static volatile sig_atomic_t woken;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

static void on_usr1(int sig)
{
	(void)sig;
	woken = 1;
}

static int open_dev(void)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", dev_name);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

static void *map(int fd, size_t len, off_t off)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);

	if (p == MAP_FAILED) {
		printf("mmap len=%#zx off=%#llx: %s\n", len,
		       (unsigned long long)off, strerror(errno));
		exit(2);
	}
	return p;
}

/* the first word of page @pgoff, in a mapping of its align-sized chunk */
static volatile uint64_t *page_word(int fd, unsigned long pgoff)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	off_t off = (off_t)pgoff * 4096;
	off_t base = off & ~(off_t)(align - 1);
	char *p = map(fd, align, base);

	return (volatile uint64_t *)(p + (off - base));
}

static void catch_sigbus(void)
{
	struct sigaction sa = { .sa_handler = on_sigbus };

	sigaction(SIGBUS, &sa, NULL);
}

static int touch(unsigned long pgoff)
{
	volatile uint64_t *w = page_word(open_dev(), pgoff);

	catch_sigbus();
	if (sigsetjmp(jump, 1)) {
		printf("sigbus\n");
		return 0;
	}
	printf("read %#llx\n", (unsigned long long)*w);
	return 0;
}

static int poke(unsigned long pgoff, uint64_t v)
{
	int fd = open_dev();
	volatile uint64_t *a = page_word(fd, pgoff), *b = page_word(fd, pgoff);

	catch_sigbus();
	if (sigsetjmp(jump, 1)) {
		printf("sigbus\n");
		return 0;
	}
	*a = v;
	printf("wrote %#llx read %#llx\n", (unsigned long long)v,
	       (unsigned long long)*b);
	return 0;
}

static uint64_t pattern(size_t i)
{
	return 0x5eed000000000000ULL ^ (i * 0x9e3779b97f4a7c15ULL);
}

static int roundtrip(void)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), pages = size / 4096, bad = 0;
	int fd = open_dev();
	volatile uint64_t *a = map(fd, size, 0), *b = map(fd, size, 0);
	static volatile size_t i;

	catch_sigbus();
	if (sigsetjmp(jump, 1)) {
		printf("roundtrip sigbus at page %zu\n", i);
		return 1;
	}
	for (i = 0; i < pages; i++) {
		a[i * 512] = pattern(i);
		a[i * 512 + 511] = ~pattern(i);
	}
	for (i = 0; i < pages; i++)
		if (b[i * 512] != pattern(i) || b[i * 512 + 511] != ~pattern(i))
			bad++;
	if (bad) {
		printf("roundtrip %zu bad pages of %zu\n", bad, pages);
		return 1;
	}
	printf("roundtrip ok %zu pages\n", pages);
	return 0;
}

/* one access of @w: "WHEN ok" or "WHEN sigbus" */
static void try_touch(volatile uint64_t *w, const char *when)
{
	if (sigsetjmp(jump, 1)) {
		printf("%s sigbus\n", when);
		return;
	}
	(*w)++;
	printf("%s ok\n", when);
}

static int hold(int seconds)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	struct sigaction sa = { .sa_handler = on_usr1 };
	int fd = open_dev();
	volatile uint64_t *w = map(fd, align, 0);
	void *p;

	sigaction(SIGUSR1, &sa, NULL);
	catch_sigbus();
	printf("mapped\n");
	try_touch(w, "before");
	fflush(stdout);
	while (!woken && seconds-- > 0)
		sleep(1);
	if (!woken) {
		printf("no SIGUSR1\n");
		return 1;
	}
	try_touch(w, "after");
	p = mmap(NULL, align, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		printf("remap %s\n", strerrorname_np(errno));
	else
		printf("remap ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: nfitio CMD DEV [ARGS]\n");
		return 2;
	}
	dev_name = argv[2];
	if (!strcmp(argv[1], "touch") && argc == 4)
		return touch(strtoul(argv[3], NULL, 0));
	if (!strcmp(argv[1], "poke") && argc == 5)
		return poke(strtoul(argv[3], NULL, 0),
			    strtoull(argv[4], NULL, 0));
	if (!strcmp(argv[1], "roundtrip"))
		return roundtrip();
	if (!strcmp(argv[1], "hold") && argc == 4)
		return hold(atoi(argv[3]));
	fprintf(stderr, "nfitio: unknown command %s\n", argv[1]);
	return 2;
}
