// SPDX-License-Identifier: GPL-2.0
/*
 * tightread: read a dax character device in a tight loop while it is
 * being bound, and tell whether any read saw what was on the device
 * before the bind (a personality that initialises the device at bind
 * must never let a reader see that).
 *
 *   tightread [-m ALIGN] NODE SIZE OLD_BYTE
 *
 * Until SIGTERM or SIGINT: open NODE read-only, read one page, close.
 * The page read rotates over the first, the middle and the last page of
 * SIZE bytes (the pages conformance.sh's tightread_check fills with the
 * old byte); it is read with pread(), or with -m through a read-only
 * shared mapping of ALIGN bytes at an ALIGN-aligned offset that holds
 * it. A page "saw old data" if any of its bytes is OLD_BYTE.
 *
 * Prints "ready" on stderr once the first iteration is done, so that the
 * caller starts the bind only while the loop runs, and on exit one line:
 *
 *   opens=N failed_enxio=N failed_other=N reads=N old=N short=N
 *
 * opens: opens that succeeded; failed_enxio: opens refused with ENXIO
 * (the device is not live); failed_other: opens that failed with any
 * other errno; reads: pages read in full; old: pages among them that saw
 * old data; short: reads that returned less than a page, failed, or
 * whose mapping failed or raised SIGBUS. Exits 0 unless the arguments
 * are wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static sigjmp_buf jump;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

static void usage(void)
{
	fprintf(stderr, "usage: tightread [-m ALIGN] NODE SIZE OLD_BYTE\n");
	exit(2);
}

static unsigned long long number(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		usage();
	return v;
}

/* Copy the page at @off of the file into @buf; 0 if a whole page came. */
static int read_page(int fd, off_t off, size_t page, size_t align, char *buf)
{
	off_t base;
	char *map;
	int rc = 0;

	if (!align)
		return pread(fd, buf, page, off) == (ssize_t)page ? 0 : -1;

	base = off & ~(off_t)(align - 1);
	map = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, base);
	if (map == MAP_FAILED)
		return -1;
	if (sigsetjmp(jump, 1))
		rc = -1;	/* the device went away under the mapping */
	else
		memcpy(buf, map + (off - base), page);
	munmap(map, align);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long opens = 0, enxio = 0, other = 0, reads = 0, old = 0;
	unsigned long shorts = 0, iter;
	struct sigaction sa = { .sa_handler = on_stop };
	struct sigaction bus = { .sa_handler = on_sigbus };
	unsigned long long size, align = 0;
	size_t page = sysconf(_SC_PAGESIZE);
	off_t offs[3];
	int opt, old_byte, fd;
	char *buf;

	while ((opt = getopt(argc, argv, "m:")) != -1) {
		if (opt != 'm')
			usage();
		align = number(optarg);
		if (align < page || (align & (align - 1)))
			usage();
	}
	if (argc - optind != 3)
		usage();
	size = number(argv[optind + 1]);
	old_byte = (int)number(argv[optind + 2]);
	if (size < page || old_byte > 0xff || (align && size < align))
		usage();
	offs[0] = 0;
	offs[1] = (off_t)(size / 2) & ~(off_t)(page - 1);
	offs[2] = (off_t)((size - page) & ~(unsigned long long)(page - 1));

	buf = malloc(page);
	if (!buf)
		return 2;
	/* no SA_RESTART: a signal ends the loop at the next check */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGBUS, &bus, NULL);

	for (iter = 0; !stop; iter++) {
		fd = open(argv[optind], O_RDONLY);
		if (fd < 0) {
			if (errno == ENXIO)
				enxio++;
			else if (errno != EINTR)
				other++;
		} else {
			opens++;
			if (read_page(fd, offs[iter % 3], page, align, buf)) {
				/* not a read interrupted by the signal to stop */
				shorts += !stop;
			} else {
				reads++;
				if (memchr(buf, old_byte, page))
					old++;
			}
			close(fd);
		}
		if (!iter)
			fprintf(stderr, "ready\n");
	}

	printf("opens=%lu failed_enxio=%lu failed_other=%lu reads=%lu old=%lu short=%lu\n",
	       opens, enxio, other, reads, old, shorts);
	return 0;
}
