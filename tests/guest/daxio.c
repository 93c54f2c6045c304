// SPDX-License-Identifier: GPL-2.0
/*
 * daxio: user-space probes of a /dev/daxX.Y character device for the guest
 * tests. Every subcommand exits 0 when the device behaved as expected and
 * prints why not otherwise.
 *
 *   daxio roundtrip DEV      pattern through one full-device MAP_SHARED
 *                            mapping, read back through a second one
 *   daxio private DEV        MAP_PRIVATE is refused with EINVAL
 *   daxio unaligned DEV      a length or offset off the device alignment
 *                            is refused with EINVAL
 *   daxio pastend DEV        touching a mapping beyond the device's end
 *                            raises SIGBUS; the last page inside does not
 *   daxio noread DEV         read() and write() fail with EINVAL
 *   daxio nommap DEV         mmap is refused (ENODEV): no mmap support
 *   daxio fill DEV SEED VIA  stamp the first and last word of every page
 *                            with a pattern from SEED, through one
 *                            MAP_SHARED mapping (VIA=mmap) or through
 *                            pwrite() in odd-sized chunks that end in the
 *                            middle of pages (VIA=rw)
 *   daxio verify DEV SEED VIA
 *                            check every stamp of a fill, through mmap or
 *                            pread(): a fill through one and a verify
 *                            through the other cross-check the two paths'
 *                            device offsets
 *   daxio fill|verify DEV SEED VIA sampled
 *                            the same on a sample of the pages (see
 *                            cover()): the ends of every range and the
 *                            first and last page of every 2 MiB block
 *   daxio verify-or DEV SEED BYTE VIA [sampled]
 *                            verify, but a page whose two stamped words
 *                            both read as BYTE passes too (a bind that
 *                            initialised part of the device, then failed)
 *   daxio rwedge DEV         lseek/pread/pwrite at the end of the device:
 *                            SEEK_END is the size, a read there returns 0,
 *                            a write fails with ENOSPC, a read across it
 *                            is short
 *   daxio caps DEV           probe every capability of the bound
 *                            personality on its own, one line each:
 *                            "NAME ok", "NAME refused ERRNO" (a clean
 *                            refusal), "seek noop" (noop_llseek),
 *                            "NAME notprobed WHY" (a write path, when no
 *                            file opens for writing) or "NAME bad WHY"
 *                            (a silent success that does nothing, a
 *                            short transfer, an errno that is no
 *                            refusal, SIGBUS); exits 1 if any is bad.
 *                            NAME is read (pread), mmap-read (PROT_READ,
 *                            MAP_SHARED) and seek (lseek SEEK_SET), on a
 *                            file open for reading; then, that file
 *                            closed, open-write (open O_RDWR), and on
 *                            that file write (pwrite, read back if it
 *                            can be), mmap-write (PROT_READ|PROT_WRITE,
 *                            MAP_SHARED) and mprotect-write (a read
 *                            mapping made writable). Never more than one
 *                            file open. Overwrites the first page.
 *   daxio edge DEV WHAT      end-of-device semantics of one capability:
 *                            read (pread at the end returns 0, across it
 *                            is short), write (pwrite at the end fails
 *                            with ENOSPC), seek (SEEK_END is the size,
 *                            SEEK_SET beyond it fails with EINVAL)
 *   daxio readall DEV [sampled]
 *                            pread() the whole device (or fill's sample):
 *                            no error, no short read before the end
 *   daxio maptouch DEV       read every page through one PROT_READ
 *                            MAP_SHARED mapping of the whole device
 *   daxio expect DEV BYTE VIA [sampled]
 *                            the first and last page and the first and
 *                            last word of every page read as BYTE, through
 *                            mmap (PROT_READ) or pread() (VIA=mmap|rw)
 *   daxio memset DEV BYTE [PGOFF...]
 *                            set every byte of the device, or of the pages
 *                            PGOFF..., to BYTE through one MAP_SHARED
 *                            mapping
 *   daxio poke DEV PGOFF V   store V in the first word of page PGOFF
 *   daxio peek DEV PGOFF     print the first word of page PGOFF
 *   daxio hold DEV SECONDS   map and touch the device, then keep touching
 *                            it; exits 0 on SIGBUS (the device went away)
 *   daxio hammer DEV SECONDS open, mmap, unmap, close in a loop while the
 *                            device is rebound under it: every step may
 *                            fail with an errno, but the process must
 *                            survive; prints counts (also when ended
 *                            early by SIGTERM). With HAMMER_TOUCH=1
 *                            in the environment it also writes to each
 *                            mapping (may get SIGBUS)
 *   daxio held DEV [map]     hold a file of the device open (for
 *                            writing if it opens so), and mapped with
 *                            "map", while the caller unbinds and
 *                            rebinds it; for a bash coproc. Prints
 *                            "open rw|ro", what the file does while
 *                            bound and "ready"; then on "check" prints
 *                            what it does now, a line each: "read R"
 *                            (pread of the first page), "write W"
 *                            (pwrite of what that read while bound, or
 *                            "skipped"), "fault F" (a load from the
 *                            mapping, "ok" or "SIGBUS"; with "map"
 *                            only), "mmap M" (a new PROT_READ mapping),
 *                            R, W and M being "ok" or an errno name,
 *                            then "done"; on "close" unmaps, closes,
 *                            prints "closed" and exits 0
 *   daxio pin DEV            hold a reference to the device's first
 *                            page through a pipe (vmsplice), with no
 *                            mapping or file of the device left; for a
 *                            bash coproc: prints "pinned", and at a
 *                            line on stdin drops it, prints "released"
 *                            and exits 0
 */
#define _GNU_SOURCE	/* vmsplice() */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "dax-sysfs.h"

static const char *dev_name;
static sigjmp_buf jump;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

/*
 * Read-write if the personality lets the device be opened for writing,
 * else read-only: the read paths work on a read-only personality too.
 */
static int open_dev(void)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", dev_name);
	fd = open(path, O_RDWR);
	if (fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM))
		fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

static void *map_prot(int fd, size_t len, int prot, int flags, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	if (p == MAP_FAILED) {
		fprintf(stderr, "mmap len=%#zx off=%#llx: %s\n", len,
			(unsigned long long)off, strerror(errno));
		exit(1);
	}
	return p;
}

static void *map(int fd, size_t len, int flags, off_t off)
{
	return map_prot(fd, len, PROT_READ | PROT_WRITE, flags, off);
}

static int expect_mmap_error(int fd, size_t len, int flags, off_t off,
			     int err, const char *what)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, off);

	if (p != MAP_FAILED) {
		fprintf(stderr, "%s: mmap succeeded, expected %s\n", what,
			strerror(err));
		munmap(p, len);
		return 1;
	}
	if (errno != err) {
		fprintf(stderr, "%s: mmap failed with %s, expected %s\n", what,
			strerror(errno), strerror(err));
		return 1;
	}
	return 0;
}

static uint64_t pattern(size_t pgoff)
{
	return 0x9e3779b97f4a7c15ULL * (pgoff + 1) ^ (uint64_t)getpid();
}

static int roundtrip(void)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), pages = size / 4096, i;
	int fd = open_dev(), bad = 0;
	uint64_t *a, *b;

	a = map(fd, size, MAP_SHARED, 0);
	b = map(fd, size, MAP_SHARED, 0);
	for (i = 0; i < pages; i++) {
		a[i * 512] = pattern(i);
		a[i * 512 + 511] = ~pattern(i);
	}
	for (i = 0; i < pages; i++) {
		if (b[i * 512] != pattern(i) || b[i * 512 + 511] != ~pattern(i)) {
			if (bad++ < 5)
				fprintf(stderr, "page %zu: read %#llx, wrote %#llx\n",
					i, (unsigned long long)b[i * 512],
					(unsigned long long)pattern(i));
		}
	}
	printf("roundtrip %s: %zu pages, %d bad\n", dev_name, pages, bad);
	return bad != 0;
}

static uint64_t stamp(uint64_t seed, size_t pgoff)
{
	return 0x9e3779b97f4a7c15ULL * (pgoff + 1) ^ seed;
}

/* Not a multiple of the page size: chunks end in the middle of pages. */
#define RW_CHUNK ((1 << 20) + 3 * 4096 + 1000)

/*
 * The rw paths stream the device through one RW_CHUNK buffer: a buffer
 * the size of the device would cost a page fault per 4 KiB of it, which
 * under TCG takes longer than the I/O. A chunk ends mid-page, so a
 * page's first or last word may straddle two chunks: the helpers below
 * take the part of a word, or of a run of bytes, that falls in the
 * chunk [pos, pos + len) held at buf.
 */

/* Store the part of the 8-byte V at device offset OFF that is in the chunk. */
static void chunk_put(char *buf, size_t pos, size_t len, size_t off, uint64_t v)
{
	size_t i;

	for (i = 0; i < 8; i++)
		if (off + i >= pos && off + i < pos + len)
			buf[off + i - pos] = ((char *)&v)[i];
}

/* Whether the part of the 8-byte word at OFF that is in the chunk is V. */
static int chunk_word_is(const char *buf, size_t pos, size_t len, size_t off,
			 uint64_t v)
{
	uint64_t w;
	size_t i;

	/* whole in the chunk (nearly always): one load, as a mapping reads */
	if (off >= pos && off + 8 <= pos + len) {
		memcpy(&w, buf + off - pos, 8);
		return w == v;
	}
	for (i = 0; i < 8; i++)
		if (off + i >= pos && off + i < pos + len &&
		    buf[off + i - pos] != ((char *)&v)[i])
			return 0;
	return 1;
}

/* Whether the bytes [off, off + n) that are in the chunk are all BYTE. */
static int chunk_bytes_are(const unsigned char *buf, size_t pos, size_t len,
			   size_t off, size_t n, int byte)
{
	size_t from = off > pos ? off : pos;
	size_t to = off + n < pos + len ? off + n : pos + len;

	for (; from < to; from++)
		if (buf[from - pos] != byte)
			return 0;
	return 1;
}

/* The pages [first, last] a chunk [pos, pos + len) touches, len > 0. */
#define chunk_pages(pos, len, first, last) \
	((first) = (pos) / 4096, (last) = ((pos) + (len) - 1) / 4096)

static ssize_t io_chunk(int fd, char *buf, size_t len, size_t pos, int write)
{
	ssize_t n = write ? pwrite(fd, buf, len, pos) : pread(fd, buf, len, pos);

	if (n <= 0) {
		fprintf(stderr, "%s at %#zx: %s\n", write ? "pwrite" : "pread",
			pos, n ? strerror(errno) : "returned 0");
		return -1;
	}
	return n;
}

/* A run of pages [first, end) that a fill or a check covers. */
struct run {
	size_t first, end;
};

static struct run *runs;
static size_t nr_runs, covered, dev_pages;

/* Whether the device has a range I (sysfs mappingI). */
static int has_range(size_t i)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/mapping%zu",
		 dev_name, i);
	return access(path, F_OK) == 0;
}

static unsigned long long range_attr(size_t i, const char *name)
{
	char attr[64];

	snprintf(attr, sizeof(attr), "mapping%zu/%s", i, name);
	return dax_sysfs_u64(dev_name, attr);
}

/* Mark the first and last SAMPLE_RUN pages of [first, first + len). */
#define SAMPLE_RUN (RW_CHUNK / 4096 + 2)

static void cover_ends(unsigned char *in, size_t first, size_t len)
{
	size_t j;

	for (j = 0; j < len && j < SAMPLE_RUN; j++) {
		in[first + j] = 1;
		in[first + len - 1 - j] = 1;
	}
}

/*
 * The pages that fill, verify, expect and readall cover: every page of
 * the device (one run), or, SAMPLED, a sample that still catches a
 * binding that puts a range or a 2 MiB block at the wrong device offset,
 * without moving the whole device through read(2)/write(2), which under
 * TCG costs seconds per hundred MiB (most of all on CXL memory, whose
 * every access QEMU emulates). It is, per range (sysfs mappingN), its
 * first and last SAMPLE_RUN pages: a run longer than RW_CHUNK, so that
 * the rw paths' chunks end mid-page at both ends of every range; and
 * the first and last page of every 2 MiB block of the device, the grain
 * of dax_common's offset table and of a dynamic device's alignment.
 */
static void cover(int sampled)
{
	size_t pages = dax_sysfs_u64(dev_name, "size") / 4096, i, j;
	unsigned long long first, len;
	unsigned char *in;

	dev_pages = pages;
	/* runs alternate with gaps: at most one per two pages, and one */
	runs = calloc(sampled ? pages / 2 + 1 : 1, sizeof(*runs));
	if (!runs)
		exit(2);
	if (!sampled) {
		runs[nr_runs++] = (struct run){ .first = 0, .end = pages };
		covered = pages;
		return;
	}
	in = calloc(pages ? pages : 1, 1);
	if (!in)
		exit(2);
	for (i = 0; i < pages; i += 512) {
		in[i] = 1;
		in[i + 511 < pages ? i + 511 : pages - 1] = 1;
	}
	for (i = 0; has_range(i); i++) {
		first = range_attr(i, "page_offset");
		len = (range_attr(i, "end") - range_attr(i, "start") + 1) / 4096;
		if (first + len > pages) {
			fprintf(stderr, "mapping%zu ends past the device\n", i);
			exit(2);
		}
		cover_ends(in, first, len);
	}
	if (!i)
		cover_ends(in, 0, pages);
	for (i = 0; i < pages; i = j) {
		for (; i < pages && !in[i]; i++)
			;
		for (j = i; j < pages && in[j]; j++)
			;
		if (j > i) {
			runs[nr_runs++] = (struct run){ .first = i, .end = j };
			covered += j - i;
		}
	}
	free(in);
}

/* How many pages a command covered, and of how many, for its report. */
static void report_cover(void)
{
	if (covered == dev_pages)
		printf("%zu pages", dev_pages);
	else
		printf("%zu pages (sampled, of %zu)", covered, dev_pages);
}

static int fill(uint64_t seed, const char *via)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), i;
	size_t pos, end, len, first, last;
	int fd = open_dev();
	const struct run *r;
	uint64_t *a;
	ssize_t n;
	char *buf;

	if (!strcmp(via, "mmap")) {
		a = map(fd, size, MAP_SHARED, 0);
		for (r = runs; r < runs + nr_runs; r++) {
			for (i = r->first; i < r->end; i++) {
				a[i * 512] = stamp(seed, i);
				a[i * 512 + 511] = ~stamp(seed, i);
			}
		}
		return 0;
	}
	buf = malloc(RW_CHUNK);
	if (!buf)
		return 2;
	/* each run, zero but for the stamps, in RW_CHUNK pwrites */
	for (r = runs; r < runs + nr_runs; r++) {
		end = r->end * 4096;
		for (pos = r->first * 4096; pos < end; pos += n) {
			len = end - pos < RW_CHUNK ? end - pos : RW_CHUNK;
			memset(buf, 0, len);
			chunk_pages(pos, len, first, last);
			for (i = first; i <= last; i++) {
				chunk_put(buf, pos, len, i * 4096, stamp(seed, i));
				chunk_put(buf, pos, len, i * 4096 + 4088, ~stamp(seed, i));
			}
			n = io_chunk(fd, buf, len, pos, 1);
			if (n < 0)
				return 1;
		}
	}
	free(buf);
	return 0;
}

/* What a page of the device must hold, given the part in a chunk. */
typedef int page_ok_t(const unsigned char *buf, size_t pos, size_t len,
		      size_t page, const void *arg);

/*
 * Check every covered page with OK, reading it through one PROT_READ
 * mapping of the device (VIA=mmap: a run is one chunk) or pread() in
 * RW_CHUNK pieces (VIA=rw); reports the first few bad pages. Returns
 * how many are bad, or -1 if the device cannot be read.
 */
static int check_pages(const char *via, page_ok_t *ok, const void *arg)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), pos, end, len, first, last, i;
	size_t last_bad = SIZE_MAX;
	int fd = open_dev(), bad = 0;
	int mapped = !strcmp(via, "mmap");
	unsigned char *buf, *chunk;
	const struct run *r;
	ssize_t n;

	buf = mapped ? map_prot(fd, size, PROT_READ, MAP_SHARED, 0) : malloc(RW_CHUNK);
	if (!buf)
		return -1;
	for (r = runs; r < runs + nr_runs; r++) {
		end = r->end * 4096;
		for (pos = r->first * 4096; pos < end; pos += n) {
			len = mapped || end - pos < RW_CHUNK ? end - pos : RW_CHUNK;
			n = mapped ? (ssize_t)len : io_chunk(fd, (char *)buf, len, pos, 0);
			if (n < 0)
				return -1;
			chunk = mapped ? buf + pos : buf;
			chunk_pages(pos, (size_t)n, first, last);
			for (i = first; i <= last; i++) {
				/* a page across two chunks is bad once */
				if (ok(chunk, pos, n, i, arg) || last_bad == i)
					continue;
				last_bad = i;
				if (bad++ < 5)
					fprintf(stderr, "page %zu is not as expected (first byte read %#x)\n",
						i, i * 4096 >= pos ? chunk[i * 4096 - pos] : 0);
			}
		}
	}
	if (!mapped)
		free(buf);
	return bad;
}

static int stamped(const unsigned char *buf, size_t pos, size_t len,
		   size_t page, const void *arg)
{
	uint64_t seed = *(const uint64_t *)arg;

	return chunk_word_is((const char *)buf, pos, len, page * 4096, stamp(seed, page)) &&
	       chunk_word_is((const char *)buf, pos, len, page * 4096 + 4088, ~stamp(seed, page));
}

static int verify(uint64_t seed, const char *via)
{
	int bad = check_pages(via, stamped, &seed);

	if (bad < 0)
		return 1;
	printf("verify %s via %s: ", dev_name, via);
	report_cover();
	printf(", %d bad\n", bad);
	return bad != 0;
}

/* The seed of a fill, and a byte a page may read as instead. */
struct stamped_or {
	uint64_t seed;
	int byte;
};

/*
 * A page of a fill whose stamps may have been replaced, the page as a
 * whole, by BYTE (a personality that initialises the device, failed
 * part way through): both stamps intact, or both words all BYTE.
 */
static int stamped_or_byte(const unsigned char *buf, size_t pos, size_t len,
			   size_t page, const void *arg)
{
	const struct stamped_or *s = arg;

	return stamped(buf, pos, len, page, &s->seed) ||
	       (chunk_bytes_are(buf, pos, len, page * 4096, 8, s->byte) &&
		chunk_bytes_are(buf, pos, len, page * 4096 + 4088, 8, s->byte));
}

static int verify_or(uint64_t seed, int byte, const char *via)
{
	struct stamped_or s = { .seed = seed, .byte = byte };
	int bad = check_pages(via, stamped_or_byte, &s);

	if (bad < 0)
		return 1;
	printf("verify-or %s via %s: ", dev_name, via);
	report_cover();
	printf(", %d neither stamped nor %#x\n", bad, byte);
	return bad != 0;
}

static int rwedge(void)
{
	off_t size = dax_sysfs_u64(dev_name, "size");
	int fd = open_dev(), bad = 0;
	char buf[100];
	ssize_t n;

	if (lseek(fd, 0, SEEK_END) != size) {
		fprintf(stderr, "SEEK_END: %s\n", strerror(errno));
		bad++;
	}
	n = pread(fd, buf, sizeof(buf), size);
	if (n != 0) {
		fprintf(stderr, "pread at the end returned %zd (%s), expected 0\n",
			n, strerror(errno));
		bad++;
	}
	n = pwrite(fd, buf, sizeof(buf), size);
	if (n != -1 || errno != ENOSPC) {
		fprintf(stderr, "pwrite at the end returned %zd (%s), expected ENOSPC\n",
			n, strerror(errno));
		bad++;
	}
	n = pread(fd, buf, sizeof(buf), size - 10);
	if (n != 10) {
		fprintf(stderr, "pread across the end returned %zd, expected 10\n",
			n);
		bad++;
	}
	if (lseek(fd, size + 1, SEEK_SET) != -1 || errno != EINVAL) {
		fprintf(stderr, "lseek beyond the end did not fail with EINVAL\n");
		bad++;
	}
	return bad != 0;
}

static int private_map(void)
{
	return expect_mmap_error(open_dev(), dax_sysfs_u64(dev_name, "align"), MAP_PRIVATE,
				 0, EINVAL, "MAP_PRIVATE");
}

static int unaligned(void)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	int fd = open_dev(), rc = 0;

	if (align == 4096) {
		fprintf(stderr, "device alignment is 4 KiB: nothing is unaligned\n");
		return 1;
	}
	rc |= expect_mmap_error(fd, align + 4096, MAP_SHARED, 0, EINVAL,
				"unaligned length");
	rc |= expect_mmap_error(fd, align, MAP_SHARED, 4096, EINVAL,
				"unaligned offset");
	return rc;
}

static int pastend(void)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), align = dax_sysfs_u64(dev_name, "align");
	int fd = open_dev();
	volatile uint64_t *p;
	struct sigaction sa = { .sa_handler = on_sigbus };

	sigaction(SIGBUS, &sa, NULL);
	p = map(fd, align, MAP_SHARED, size - align);
	if (sigsetjmp(jump, 1)) {
		fprintf(stderr, "SIGBUS inside the device\n");
		return 1;
	}
	p[0] = 1;
	munmap((void *)p, align);

	p = map(fd, align, MAP_SHARED, size);
	if (sigsetjmp(jump, 1))
		return 0;
	p[0] = 1;
	fprintf(stderr, "no SIGBUS past the end of the device\n");
	return 1;
}

static int noread(void)
{
	int fd = open_dev(), rc = 0;
	char buf[64] = "";

	if (read(fd, buf, sizeof(buf)) != -1 || errno != EINVAL) {
		fprintf(stderr, "read: %s, expected EINVAL\n", strerror(errno));
		rc = 1;
	}
	if (write(fd, buf, sizeof(buf)) != -1 || errno != EINVAL) {
		fprintf(stderr, "write: %s, expected EINVAL\n", strerror(errno));
		rc = 1;
	}
	return rc;
}

static int nommap(void)
{
	return expect_mmap_error(open_dev(), 2 << 20, MAP_SHARED, 0, ENODEV,
				 "mmap without mmap support");
}

static uint64_t *page_ptr(int fd, unsigned long pgoff, int prot)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	off_t off = (off_t)pgoff * 4096;
	off_t base = off & ~(off_t)(align - 1);
	char *p = map_prot(fd, align, prot, MAP_SHARED, base);

	return (uint64_t *)(p + (off - base));
}

static int hold(int seconds)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	struct sigaction sa = { .sa_handler = on_sigbus };
	volatile uint64_t *p = map(open_dev(), align, MAP_SHARED, 0);
	time_t end = time(NULL) + seconds;

	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(jump, 1)) {
		printf("hold %s: SIGBUS\n", dev_name);
		return 0;
	}
	p[0] = 1;
	printf("hold %s: mapped\n", dev_name);
	fflush(stdout);
	while (time(NULL) < end) {
		p[0]++;
		usleep(10000);
	}
	fprintf(stderr, "hold %s: no SIGBUS in %d s\n", dev_name, seconds);
	return 1;
}

static volatile sig_atomic_t stop;

static void on_sigterm(int sig)
{
	(void)sig;
	stop = 1;
}

static int hammer(int seconds)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	struct sigaction term = { .sa_handler = on_sigterm };
	/* volatile: they live across siglongjmp() */
	volatile unsigned long opens = 0, maps = 0, touches = 0, sigbus = 0;
	volatile unsigned long fails = 0;
	time_t end = time(NULL) + seconds;
	char path[128];

	int touch = getenv("HAMMER_TOUCH") && atoi(getenv("HAMMER_TOUCH"));

	sigaction(SIGBUS, &sa, NULL);
	/* kill(1) ends the run early, with the counts */
	sigaction(SIGTERM, &term, NULL);
	snprintf(path, sizeof(path), "/dev/%s", dev_name);
	while (time(NULL) < end && !stop) {
		volatile char *p;
		volatile int fd = open(path, O_RDWR);

		/* leave the CPU to the rebinds: under TCG all vCPUs share one */
		usleep(20000);
		if (fd < 0) {
			fails++;
			continue;
		}
		opens++;
		p = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			fails++;
		} else {
			maps++;
			if (!touch) {
				/* open and mmap only */
			} else if (sigsetjmp(jump, 1)) {
				sigbus++;
			} else {
				p[0]++;
				touches++;
			}
			munmap((void *)p, 2 << 20);
		}
		close(fd);
	}
	printf("hammer %s: %lu opens, %lu maps, %lu touches, %lu SIGBUS, %lu failed calls\n",
	       dev_name, opens, maps, touches, sigbus, fails);
	return 0;
}

/* An errno's name, for the lines conformance.sh matches. */
static const char *errname(int err)
{
	static char other[32];

	switch (err) {
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case EROFS: return "EROFS";
	case EPERM: return "EPERM";
	case EIO: return "EIO";
	case EBUSY: return "EBUSY";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ESPIPE: return "ESPIPE";
	case ENOSPC: return "ENOSPC";
	}
	snprintf(other, sizeof(other), "errno%d", err);
	return other;
}

/* "NAME ok", "NAME short N" or "NAME ERRNO" for a transfer of a page */
static void held_io(const char *name, ssize_t n)
{
	if (n == 4096)
		printf("%s ok\n", name);
	else if (n >= 0)
		printf("%s short %zd\n", name, n);
	else
		printf("%s %s\n", name, errname(errno));
}

/* Load a byte of the mapping: "fault ok" or "fault SIGBUS". */
static void held_fault(volatile const char *p)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(jump, 1)) {
		printf("fault SIGBUS\n");
	} else {
		(void)p[0];
		printf("fault ok\n");
	}
	sigaction(SIGBUS, &old, NULL);
}

/*
 * What a held file does now: pread of the first page, a pwrite of what
 * was read there while bound (if open for writing and that read worked),
 * a load from the mapping made while bound (if any, and unless told
 * not to), a new mapping of the file. One line each, then "done".
 */
static void held_probe(int fd, int rw, const char *orig, int have_orig,
		       const char *map, int fault, size_t align)
{
	char buf[4096];
	void *p;

	held_io("read", pread(fd, buf, sizeof(buf), 0));
	if (rw && have_orig)
		held_io("write", pwrite(fd, orig, 4096, 0));
	else
		printf("write skipped\n");
	if (map && fault)
		held_fault(map);
	p = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		printf("mmap %s\n", errname(errno));
	} else {
		printf("mmap ok\n");
		munmap(p, align);
	}
	printf("done\n");
}

/*
 * Keep a file of the device open, and mapped with "map", while the shell
 * unbinds and rebinds it (a bash coproc: commands on stdin, answers on
 * stdout). Opens for writing if the device opens so, else for reading;
 * prints "open rw|ro", then what the file does while bound (held_probe's
 * lines, "mmap" being the mapping it keeps), then "ready". Then, a
 * command a line: "check" prints held_probe's lines ("check nofault":
 * without the load from the kept mapping); "close" unmaps,
 * closes, prints "closed" and exits 0 (so does the end of input).
 */
static int held(int want_map)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	char path[128], line[64], orig[4096];
	int fd, rw = 1, have_orig;
	char *map = NULL;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(path, sizeof(path), "/dev/%s", dev_name);
	fd = open(path, O_RDWR);
	if (fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM)) {
		rw = 0;
		fd = open(path, O_RDONLY);
	}
	if (fd < 0) {
		printf("open %s\n", errname(errno));
		return 1;
	}
	printf("open %s\n", rw ? "rw" : "ro");
	n = pread(fd, orig, sizeof(orig), 0);
	held_io("read", n);
	have_orig = n == (ssize_t)sizeof(orig);
	if (rw && have_orig)
		held_io("write", pwrite(fd, orig, sizeof(orig), 0));
	else
		printf("write skipped\n");
	if (want_map) {
		map = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, 0);
		if (map == MAP_FAILED) {
			printf("mmap %s\n", errname(errno));
			map = NULL;
		} else {
			printf("mmap ok\n");
			held_fault(map);
		}
	}
	printf("ready\n");
	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "check", 5))
			held_probe(fd, rw, orig, have_orig, map,
				   strncmp(line, "check nofault", 13) != 0, align);
		else if (!strncmp(line, "close", 5))
			break;
	}
	if (map)
		munmap(map, align);
	close(fd);
	printf("closed\n");
	return 0;
}

/*
 * The errnos that are a clean refusal of a capability the personality
 * does not offer. ENXIO is not one: the device is bound.
 */
static const char *refusal(int err)
{
	switch (err) {
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EROFS: return "EROFS";
	case EBADF: return "EBADF";
	case ENODEV: return "ENODEV";
	case ENOTTY: return "ENOTTY";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ESPIPE: return "ESPIPE";
	}
	return NULL;
}

static int caps_bad;

/* report NAME's outcome after a failed call; errno is the call's */
static void refused(const char *name)
{
	int err = errno;
	const char *r = refusal(err);

	if (r) {
		printf("%s refused %s\n", name, r);
	} else {
		printf("%s bad fails with %s, which is no refusal\n", name,
		       strerror(err));
		caps_bad = 1;
	}
}

static void bad(const char *name, const char *why)
{
	printf("%s bad %s\n", name, why);
	caps_bad = 1;
}

/* touch len bytes of a mapping; 0, or -1 on SIGBUS */
static int touch(volatile char *p, size_t len, int write, char *copy)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	size_t i;
	int rc = 0;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(jump, 1)) {
		rc = -1;
	} else {
		for (i = 0; i < len; i++) {
			if (copy)
				copy[i] = p[i];
			if (write)
				p[i] = (char)(i * 7 + 3);
		}
	}
	sigaction(SIGBUS, &old, NULL);
	return rc;
}

/*
 * The write paths that cannot be tried without a file open for writing:
 * each is "not probed", and why. conformance.sh passes that only for a
 * personality declared read-only.
 */
static void not_probed(int can_map, const char *why)
{
	printf("write notprobed %s\n", why);
	printf("mmap-write notprobed %s\n", why);
	if (can_map)
		printf("mprotect-write notprobed %s\n", why);
}

/*
 * One file at a time: a personality may allow only one open file (an
 * exclusive one refuses a second open with EBUSY), so what a file open
 * for reading can do is probed and that file closed before the device is
 * opened for writing, and the write paths are probed on that file alone.
 */
static int caps(void)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	char path[128], page[4096], back[4096], mapped[4096], why[160];
	int fd, can_read = 0, can_map = 0;
	ssize_t n;
	off_t pos;
	char *p;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(path, sizeof(path), "/dev/%s", dev_name);

	/* a file open for reading: pread, a read mapping, lseek */
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("open-read bad open O_RDONLY: %s\n", strerror(errno));
		return 1;
	}
	n = pread(fd, page, sizeof(page), 0);
	if (n == (ssize_t)sizeof(page)) {
		printf("read ok\n");
		can_read = 1;
	} else if (n < 0) {
		refused("read");
	} else {
		bad("read", "pread of the first page is short");
	}

	p = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		refused("mmap-read");
	} else if (touch(p, sizeof(mapped), 0, mapped)) {
		bad("mmap-read", "SIGBUS reading the first page of a read mapping");
	} else if (can_read && memcmp(mapped, page, sizeof(page))) {
		bad("mmap-read", "the mapping and pread() disagree on the first page");
	} else {
		printf("mmap-read ok\n");
		can_map = 1;
	}
	if (p != MAP_FAILED)
		munmap(p, align);

	pos = lseek(fd, 4096, SEEK_SET);
	if (pos == 4096)
		printf("seek ok\n");
	else if (pos == 0)
		printf("seek noop\n");
	else if (pos < 0)
		refused("seek");
	else
		bad("seek", "SEEK_SET 4096 moved elsewhere");
	close(fd);

	/* a file open for writing, alone: the write paths */
	fd = open(path, O_RDWR);
	if (fd < 0) {
		snprintf(why, sizeof(why),
			 "no file opens for writing: open O_RDWR fails with %s",
			 errname(errno));
		refused("open-write");
		not_probed(can_map, why);
		return caps_bad;
	}
	printf("open-write ok\n");

	for (i = 0; i < sizeof(page); i++)
		page[i] = (char)(i * 13 + getpid());
	n = pwrite(fd, page, sizeof(page), 0);
	if (n < 0) {
		refused("write");
	} else if (n != (ssize_t)sizeof(page)) {
		bad("write", "pwrite of the first page is short");
	} else if (can_read) {
		if (pread(fd, back, sizeof(back), 0) != (ssize_t)sizeof(back) ||
		    memcmp(back, page, sizeof(page)))
			bad("write", "pwrite succeeded, pread does not read it back");
		else
			printf("write ok\n");
	} else if (can_map) {
		p = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED || touch(p, sizeof(back), 0, back) ||
		    memcmp(back, page, sizeof(page)))
			bad("write", "pwrite succeeded, a read mapping does not show it");
		else
			printf("write ok\n");
		if (p != MAP_FAILED)
			munmap(p, align);
	} else {
		/* nothing here reads it: the cross-personality check does */
		printf("write ok\n");
	}

	p = mmap(NULL, align, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		refused("mmap-write");
	} else {
		if (touch(p, sizeof(page), 1, NULL))
			bad("mmap-write", "SIGBUS writing to a writable mapping");
		else if (can_read && (pread(fd, back, sizeof(back), 0) != (ssize_t)sizeof(back) ||
				      memcmp(back, p, sizeof(back))))
			bad("mmap-write", "stores to the mapping are not what pread() reads");
		else
			printf("mmap-write ok\n");
		munmap(p, align);
	}

	if (can_map) {
		/* a read mapping of the file open for writing, made writable */
		p = mmap(NULL, align, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			refused("mprotect-write");
		} else {
			if (mprotect(p, align, PROT_READ | PROT_WRITE) == 0) {
				if (touch(p, 8, 1, NULL))
					bad("mprotect-write", "SIGBUS writing after mprotect()");
				else
					printf("mprotect-write ok\n");
			} else {
				refused("mprotect-write");
			}
			munmap(p, align);
		}
	}
	close(fd);
	return caps_bad;
}

static int edge(const char *what)
{
	off_t size = dax_sysfs_u64(dev_name, "size");
	int fd = open_dev(), nbad = 0;
	char buf[100] = "";
	ssize_t n;

	if (!strcmp(what, "read")) {
		n = pread(fd, buf, sizeof(buf), size);
		if (n != 0) {
			fprintf(stderr, "pread at the end returned %zd (%s), expected 0\n",
				n, strerror(errno));
			nbad++;
		}
		n = pread(fd, buf, sizeof(buf), size - 10);
		if (n != 10) {
			fprintf(stderr, "pread across the end returned %zd, expected 10\n",
				n);
			nbad++;
		}
	} else if (!strcmp(what, "write")) {
		n = pwrite(fd, buf, sizeof(buf), size);
		if (n != -1 || errno != ENOSPC) {
			fprintf(stderr, "pwrite at the end returned %zd (%s), expected ENOSPC\n",
				n, strerror(errno));
			nbad++;
		}
	} else if (!strcmp(what, "seek")) {
		if (lseek(fd, 0, SEEK_END) != size) {
			fprintf(stderr, "SEEK_END is not the size %#llx: %s\n",
				(unsigned long long)size, strerror(errno));
			nbad++;
		}
		if (lseek(fd, size + 1, SEEK_SET) != -1 || errno != EINVAL) {
			fprintf(stderr, "lseek beyond the end did not fail with EINVAL\n");
			nbad++;
		}
	} else {
		fprintf(stderr, "edge: read, write or seek\n");
		return 2;
	}
	return nbad != 0;
}

/* Any page read is as expected: readall asks only that every read works. */
static int page_read(const unsigned char *buf, size_t pos, size_t len,
		     size_t page, const void *arg)
{
	(void)buf, (void)pos, (void)len, (void)page, (void)arg;
	return 1;
}

static int readall(void)
{
	if (check_pages("rw", page_read, NULL) < 0)
		return 1;
	printf("readall %s: ", dev_name);
	report_cover();
	printf("\n");
	return 0;
}

static int maptouch(void)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), i;
	volatile uint64_t *a = map_prot(open_dev(), size, PROT_READ, MAP_SHARED, 0);
	struct sigaction sa = { .sa_handler = on_sigbus };
	volatile uint64_t sum = 0;

	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(jump, 1)) {
		fprintf(stderr, "SIGBUS reading the device through a read mapping\n");
		return 1;
	}
	for (i = 0; i < size / 4096; i++)
		sum += a[i * 512];
	printf("maptouch %s: %zu pages\n", dev_name, size / 4096);
	return 0;
}

/* The byte expect() checks for, and the device's size in pages. */
struct expected {
	int byte;
	size_t pages;
};

/*
 * All of the first and the last page are the byte, and the first and
 * last word of every other page.
 */
static int page_is(const unsigned char *buf, size_t pos, size_t len,
		   size_t page, const void *arg)
{
	const struct expected *e = arg;
	size_t off = page * 4096;

	if (!page || page == e->pages - 1)
		return chunk_bytes_are(buf, pos, len, off, 4096, e->byte);
	return chunk_bytes_are(buf, pos, len, off, 8, e->byte) &&
	       chunk_bytes_are(buf, pos, len, off + 4088, 8, e->byte);
}

static int expect(int byte, const char *via)
{
	struct expected e = {
		.byte = byte,
		.pages = dax_sysfs_u64(dev_name, "size") / 4096,
	};
	int nbad = check_pages(via, page_is, &e);

	if (nbad < 0)
		return 1;
	printf("expect %s via %s: ", dev_name, via);
	report_cover();
	printf(", %d not %#x\n", nbad, byte);
	return nbad != 0;
}

static int memset_dev(int byte, int npages, char **pgoffs)
{
	size_t size = dax_sysfs_u64(dev_name, "size"), pgoff;
	char *a = map(open_dev(), size, MAP_SHARED, 0);
	int i;

	if (!npages) {
		memset(a, byte, size);
		return 0;
	}
	for (i = 0; i < npages; i++) {
		pgoff = strtoull(pgoffs[i], NULL, 0);
		if (pgoff >= size / 4096) {
			fprintf(stderr, "page %zu is past the device\n", pgoff);
			return 2;
		}
		memset(a + pgoff * 4096, byte, 4096);
	}
	return 0;
}

/*
 * Hold a reference to the device's first page from outside any mapping,
 * as an O_DIRECT or RDMA transfer holds one: map it, vmsplice() it into
 * a pipe, which keeps the page, then unmap and close the device. Prints
 * "pinned"; at a line on stdin (or its end) reads the pipe dry, which
 * drops the reference, prints "released" and exits. A bash coproc.
 */
static int pin(void)
{
	size_t align = dax_sysfs_u64(dev_name, "align");
	int fd = open_dev(), pipefd[2];
	char buf[4096], line[16];
	struct iovec iov;
	char *m;

	m = map(fd, align, MAP_SHARED, 0);
	memset(m, 0x11, sizeof(buf));
	iov.iov_base = m;
	iov.iov_len = sizeof(buf);
	if (pipe(pipefd) || vmsplice(pipefd[1], &iov, 1, 0) != (ssize_t)sizeof(buf)) {
		printf("vmsplice %s\n", strerror(errno));
		return 1;
	}
	munmap(m, align);
	close(fd);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pinned\n");
	if (!fgets(line, sizeof(line), stdin))
		line[0] = 0;
	if (read(pipefd[0], buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		printf("read %s\n", strerror(errno));
		return 1;
	}
	close(pipefd[0]);
	close(pipefd[1]);
	printf("released\n");
	return 0;
}

int main(int argc, char **argv)
{
	int sampled;

	if (argc < 3) {
		fprintf(stderr, "usage: daxio CMD DEV [ARGS]\n");
		return 2;
	}
	dev_name = argv[2];
	if (!strcmp(argv[1], "fill") || !strcmp(argv[1], "verify") ||
	    !strcmp(argv[1], "verify-or") ||
	    !strcmp(argv[1], "expect") || !strcmp(argv[1], "readall")) {
		sampled = argc > 3 && !strcmp(argv[argc - 1], "sampled");
		if (sampled)
			argc--;
		cover(sampled);
	}
	if (!strcmp(argv[1], "roundtrip"))
		return roundtrip();
	if (!strcmp(argv[1], "private"))
		return private_map();
	if (!strcmp(argv[1], "unaligned"))
		return unaligned();
	if (!strcmp(argv[1], "pastend"))
		return pastend();
	if (!strcmp(argv[1], "noread"))
		return noread();
	if (!strcmp(argv[1], "nommap"))
		return nommap();
	if (!strcmp(argv[1], "fill") && argc == 5)
		return fill(strtoull(argv[3], NULL, 0), argv[4]);
	if (!strcmp(argv[1], "verify") && argc == 5)
		return verify(strtoull(argv[3], NULL, 0), argv[4]);
	if (!strcmp(argv[1], "verify-or") && argc == 6)
		return verify_or(strtoull(argv[3], NULL, 0),
				 (int)strtol(argv[4], NULL, 0) & 0xff, argv[5]);
	if (!strcmp(argv[1], "caps"))
		return caps();
	if (!strcmp(argv[1], "held") && (argc == 3 || (argc == 4 && !strcmp(argv[3], "map"))))
		return held(argc == 4);
	if (!strcmp(argv[1], "edge") && argc == 4)
		return edge(argv[3]);
	if (!strcmp(argv[1], "readall") && argc == 3)
		return readall();
	if (!strcmp(argv[1], "maptouch"))
		return maptouch();
	if (!strcmp(argv[1], "expect") && argc == 5)
		return expect((int)strtol(argv[3], NULL, 0) & 0xff, argv[4]);
	if (!strcmp(argv[1], "memset") && argc >= 4)
		return memset_dev((int)strtol(argv[3], NULL, 0) & 0xff,
				  argc - 4, argv + 4);
	if (!strcmp(argv[1], "rwedge"))
		return rwedge();
	if (!strcmp(argv[1], "hammer") && argc == 4)
		return hammer(atoi(argv[3]));
	if (!strcmp(argv[1], "pin"))
		return pin();
	if (!strcmp(argv[1], "hold") && argc == 4)
		return hold(atoi(argv[3]));
	if (!strcmp(argv[1], "poke") && argc == 5) {
		*page_ptr(open_dev(), strtoul(argv[3], NULL, 0),
			  PROT_READ | PROT_WRITE) =
			strtoull(argv[4], NULL, 0);
		return 0;
	}
	if (!strcmp(argv[1], "peek") && argc == 4) {
		printf("%#llx\n", (unsigned long long)
		       *page_ptr(open_dev(), strtoul(argv[3], NULL, 0),
				 PROT_READ));
		return 0;
	}
	fprintf(stderr, "daxio: unknown command %s\n", argv[1]);
	return 2;
}
