// SPDX-License-Identifier: GPL-2.0
/*
 * The test guest's init (scripts/vm-run.sh boots the kernel with
 * init=/usr/sbin/dax-vm-init): mount what the guest scripts use, run
 * /results/.vm-exec with bash from /, power off.
 *
 * Under TCG a fork costs some 20 ms and an exec some 70 ms; virtme-ng's
 * shell init spends one to three minutes of every boot on them. This does
 * the same set-up with system calls, in well under a second.
 *
 * The root is the guest root over 9p, read-only. Its writable places are
 * overlays on tmpfs (/etc, /usr, /var, /home, /opt, /srv, /root), as
 * virtme-ng makes them, and tmpfs (/run, /tmp, /dev/shm). /work (the
 * project tree, read-only) and /results (read-write) are the 9p shares
 * tagged "work" and "results".
 *
 * Its messages go to the kernel log, and so to the console with the
 * kernel's timestamps; "dax-vm-init: starting script" tells vm-run.sh
 * that the guest came up.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define P9_OPTS "version=9p2000.L,trans=virtio,access=any,msize=524288"

static int kmsg = -1;

static void say(const char *fmt, ...)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "<6>dax-vm-init: ");
	va_list ap;

	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (kmsg < 0 || write(kmsg, buf, n) < 0)
		if (write(2, buf + 3, n - 3) < 0)
			return;
}

/* A mount the guest cannot do without: give up (and power off). */
static void must_mount(const char *src, const char *dir, const char *type,
		       unsigned long flags, const char *opts)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, flags, opts)) {
		say("mount %s on %s (%s): %s", src, dir, type, strerror(errno));
		sync();
		reboot(RB_POWER_OFF);
		_exit(1);
	}
}

/* One that only some tests use (debugfs, say): a failure is reported. */
static void try_mount(const char *src, const char *dir, const char *type,
		      unsigned long flags, const char *opts)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, flags, opts))
		say("mount %s on %s (%s): %s", src, dir, type, strerror(errno));
}

/* DIR of the read-only root made writable: an overlay, upper in /run. */
static void overlay(const char *dir)
{
	char upper[64], work[64], opts[256];
	const char *name = dir + 1;

	snprintf(upper, sizeof(upper), "/run/overlay/%s", name);
	mkdir(upper, 0755);
	snprintf(upper, sizeof(upper), "/run/overlay/%s/upper", name);
	snprintf(work, sizeof(work), "/run/overlay/%s/work", name);
	mkdir(upper, 0755);
	mkdir(work, 0755);
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s,xino=off",
		 dir, upper, work);
	try_mount("overlay", dir, "overlay", 0, opts);
}

int main(void)
{
	static const char *const overlays[] = {
		"/etc", "/usr", "/var", "/home", "/opt", "/srv", "/root",
	};
	int status = 0, fd;
	unsigned int i;
	pid_t pid;

	/* the kernel has mounted it already with CONFIG_DEVTMPFS_MOUNT */
	if (access("/dev/null", F_OK))
		must_mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	/* what udev would add: bash's <(...) needs /dev/fd */
	if (symlink("/proc/self/fd", "/dev/fd") ||
	    symlink("/proc/self/fd/0", "/dev/stdin") ||
	    symlink("/proc/self/fd/1", "/dev/stdout") ||
	    symlink("/proc/self/fd/2", "/dev/stderr"))
		say("/dev/fd and /dev/std*: %s", strerror(errno));
	must_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	must_mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	must_mount("run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
	must_mount("tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	must_mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	try_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=620");
	try_mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	try_mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);

	mkdir("/run/overlay", 0755);
	for (i = 0; i < sizeof(overlays) / sizeof(overlays[0]); i++)
		overlay(overlays[i]);

	must_mount("work", "/work", "9p", MS_RDONLY, P9_OPTS);
	must_mount("results", "/results", "9p", 0, P9_OPTS);
	if (sethostname("dax-vm", 6))
		say("sethostname: %s", strerror(errno));

	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("TERM", "linux", 1);
	setenv("LANG", "C.UTF-8", 1);

	say("starting script");
	pid = fork();
	if (pid == 0) {
		/* the script's output to the console, its input nothing */
		fd = open("/dev/null", O_RDONLY);
		dup2(fd, 0);
		fd = open("/dev/console", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		if (chdir("/"))
			_exit(126);
		execl("/bin/bash", "bash", "/results/.vm-exec", (char *)NULL);
		_exit(127);
	}
	/* as pid 1, reap every orphan until the script itself exits */
	while (pid > 0) {
		pid_t got = wait(&status);

		if (got == pid || (got < 0 && errno != EINTR))
			break;
	}
	say("script exited with %d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
