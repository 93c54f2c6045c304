// SPDX-License-Identifier: GPL-2.0
/*
 * kmsg-since: print the kernel log's messages that follow the first one
 * containing TAG (one that kmsg_mark in lib.sh wrote), one per line;
 * nothing if no message contains TAG.
 *
 *   kmsg-since TAG
 *
 * What "dmesg | sed '0,/TAG/d'" prints, less the timestamps, in one
 * exec of a static program: under TCG each exec of a dynamically linked
 * tool costs a third of a second or more, and the failed-probe tests
 * ask for the log after every injected failure. Reads /dev/kmsg from
 * its first record to its last without waiting for more; records lost
 * to a wrapped buffer (EPIPE) are skipped. Exits 0, or 1 if /dev/kmsg
 * cannot be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	/* a record is at most about 8 KiB: prefix, text and dictionary */
	static char rec[16384];
	int fd, found = 0;
	ssize_t n;

	if (argc != 2 || !argv[1][0]) {
		fprintf(stderr, "usage: kmsg-since TAG\n");
		return 2;
	}
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		perror("/dev/kmsg");
		return 1;
	}
	for (;;) {
		char *text, *end;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "PRIO,SEQ,USEC,FLAGS;TEXT\n", then " KEY=VALUE\n" lines */
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		end = strchr(text, '\n');
		if (end)
			*end = '\0';
		if (found)
			printf("%s\n", text);
		else if (strstr(text, argv[1]))
			found = 1;
	}
	if (n < 0 && errno != EAGAIN) {
		perror("/dev/kmsg");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
