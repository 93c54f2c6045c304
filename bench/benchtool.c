// SPDX-License-Identifier: GPL-2.0
/*
 * benchtool: the guest side timers of `make bench`. A static binary, so
 * that the fork and exec around it, which cost milliseconds under TCG,
 * stay outside the timed region: only the write() or the page touches
 * are between the two clock readings.
 *
 *   benchtool write [-m MARKER] FILE VALUE [FILE VALUE]...
 *	open FILE, then time one write() of VALUE to it; one line per
 *	pair: the nanoseconds the write took. Stops at the first failed
 *	write, with the errno on stderr and exit status 1. With -m (the
 *	tracefs trace_marker), each timed write is bracketed, outside the
 *	timed region, by "### start" and "### op N NAME NS" markers, N
 *	counting pairs from 0 and NAME the last path component of FILE, so
 *	that a trace can be cut into one piece per write.
 *
 *   benchtool fault DEV ITERATIONS
 *	ITERATIONS times: mmap the whole of /dev/DEV MAP_SHARED, store
 *	to every 4 KiB page (so one fault per page at 4 KiB alignment,
 *	one per 2 MiB at 2 MiB alignment), munmap. One line per
 *	iteration: "touch_ns munmap_ns bytes".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int marker_fd = -1;

__attribute__((format(printf, 1, 2)))
static void mark(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	if (marker_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (write(marker_fd, buf, n) != n)
		perror("trace_marker");
}

static int timed_write(int index, const char *file, const char *value)
{
	const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t len = strlen(value);
	uint64_t t0, t1;
	ssize_t rc;
	int fd;

	fd = open(file, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", file, strerror(errno));
		return 1;
	}
	mark("### start");
	t0 = now_ns();
	rc = write(fd, value, len);
	t1 = now_ns();
	mark("### op %d %s %llu", index, name, (unsigned long long)(t1 - t0));
	if (rc != (ssize_t)len) {
		fprintf(stderr, "write %s to %s: %s\n", value, file,
			rc < 0 ? strerror(errno) : "short write");
		close(fd);
		return 1;
	}
	close(fd);
	printf("%llu\n", (unsigned long long)(t1 - t0));
	fflush(stdout);
	return 0;
}

static unsigned long long dev_size(const char *dev)
{
	unsigned long long v;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/size", dev);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%llu", &v) != 1) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	return v;
}

static int fault(const char *dev, int iterations)
{
	unsigned long long size = dev_size(dev);
	char path[128];
	int fd, i;

	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < iterations; i++) {
		uint64_t t0, t1, t2;
		volatile char *p;
		size_t off;

		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "mmap %s: %s\n", path, strerror(errno));
			return 1;
		}
		t0 = now_ns();
		for (off = 0; off < size; off += 4096)
			p[off] = (char)i;
		t1 = now_ns();
		munmap((void *)p, size);
		t2 = now_ns();
		printf("%llu %llu %llu\n", (unsigned long long)(t1 - t0),
		       (unsigned long long)(t2 - t1), size);
		fflush(stdout);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	if (argc >= 4 && !strcmp(argv[1], "write")) {
		int first = 2;

		if (!strcmp(argv[2], "-m")) {
			marker_fd = open(argv[3], O_WRONLY);
			if (marker_fd < 0) {
				perror(argv[3]);
				return 1;
			}
			first = 4;
		}
		if (argc <= first || (argc - first) % 2)
			goto usage;
		for (i = first; i < argc; i += 2)
			if (timed_write((i - first) / 2, argv[i], argv[i + 1]))
				return 1;
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "fault"))
		return fault(argv[2], atoi(argv[3]));
usage:
	fprintf(stderr, "usage: benchtool write [-m MARKER] FILE VALUE [FILE VALUE]...\n"
			"       benchtool fault DEV ITERATIONS\n");
	return 2;
}
