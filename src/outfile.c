/* SPDX-License-Identifier: MIT */
/*
 * Output files (see outfile.h): atomic replacement of regular files with
 * the umask honoured, write-through for standard output, FIFOs and
 * devices, and the same-file check of outputs against inputs.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "diag.h"
#include "xmem.h"

mode_t
outfile_mode(unsigned flags)
{
	/* umask() can only be read by setting it; put it straight back */
	mode_t mask = umask(077);

	umask(mask);
	return ((flags & OUTFILE_READONLY) ? 0444 : 0666) & ~mask;
}

int
outfile_is_stdout(const char *path)
{
	return path != NULL && strcmp(path, "-") == 0;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(fd, p + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

static int
fail(struct diag *d, const char *path, const char *why)
{
	diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s", path, why);
	return -1;
}

/*
 * The descriptor that a /dev/stdout, /dev/fd/N or /proc/self/fd/N name
 * stands for, or -1. Writing to the descriptor itself keeps the shell's
 * redirection as it is (">>" appends), where reopening the name would
 * start at offset 0.
 */
static int
named_fd(const char *path)
{
	static const char *const prefix[] = {"/dev/fd/", "/proc/self/fd/"};
	size_t i;

	if (strcmp(path, "/dev/stdout") == 0)
		return 1;
	if (strcmp(path, "/dev/stderr") == 0)
		return 2;
	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++) {
		size_t n = strlen(prefix[i]);
		char *end;
		long fd;

		if (strncmp(path, prefix[i], n) != 0)
			continue;
		errno = 0;
		fd = strtol(path + n, &end, 10);
		if (errno != 0 || end == path + n || *end != '\0' || fd < 0 ||
		    fd > INT_MAX)
			return -1;
		return (int)fd;
	}
	return -1;
}

/* Write through to an existing file, device or descriptor. */
static int
write_through(const char *path, int fd, const void *data, size_t len,
              struct diag *d)
{
	int own = fd < 0;

	if (fd == 1)
		fflush(stdout);
	if (own && (fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return fail(d, path, strerror(errno));
	if (write_all(fd, data, len) < 0) {
		int err = errno;

		if (own)
			close(fd);
		return fail(d, path, strerror(err));
	}
	if (own && close(fd) < 0)
		return fail(d, path, strerror(errno));
	return 0;
}

/* Write a regular file under a temporary name and rename it over path. */
static int
replace(const char *label, const char *path, const void *data, size_t len,
        mode_t mode, struct diag *d)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd, err;

	if ((fd = cleanup_mkstemp(tmp)) < 0) {
		free(tmp);
		return fail(d, label, strerror(errno));
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0) {
		err = errno;
		close(fd);
		goto failed;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		err = errno;
		goto failed;
	}
	cleanup_unregister(tmp);
	free(tmp);
	return 0;
failed:
	unlink(tmp);
	cleanup_unregister(tmp);
	free(tmp);
	return fail(d, label, strerror(err));
}

int
outfile_write(const char *path, const void *data, size_t len, unsigned flags,
              struct diag *d)
{
	struct stat lst, st;
	char *real = NULL;
	mode_t mode = outfile_mode(flags);
	int fd, rc;

	if (outfile_is_stdout(path))
		return write_through("standard output", 1, data, len, d);
	if ((fd = named_fd(path)) >= 0) {
		if (fcntl(fd, F_GETFD) < 0)
			return fail(d, path, strerror(errno));
		return write_through(path, fd, data, len, d);
	}
	if (lstat(path, &lst) < 0) {
		if (errno != ENOENT)
			return fail(d, path, strerror(errno));
		return replace(path, path, data, len, mode, d);
	}
	if (stat(path, &st) < 0)
		return fail(d, path,
		            S_ISLNK(lst.st_mode)
		                ? "symbolic link to a file that does not exist"
		                : strerror(errno));
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) ||
	    strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
		return write_through(path, -1, data, len, d);
	if (S_ISDIR(st.st_mode))
		return fail(d, path, "is a directory; name a file");
	if (!S_ISREG(st.st_mode))
		return fail(d, path,
		            "not a regular file, FIFO or character "
		            "device; refusing to replace it");
	/* never more readable than the file it replaces */
	mode &= st.st_mode & 0777;
	if (S_ISLNK(lst.st_mode)) {
		/* replace the file the link names, keep the link */
		if ((real = realpath(path, NULL)) == NULL)
			return fail(d, path, strerror(errno));
		rc = replace(path, real, data, len, mode, d);
		free(real);
		return rc;
	}
	return replace(path, path, data, len, mode, d);
}

int
outfile_check_distinct(const char *out, const struct outfile_input *in,
                       size_t n, struct diag *d)
{
	struct stat o, s;
	size_t i;

	if (out == NULL || outfile_is_stdout(out) || stat(out, &o) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (in[i].path == NULL || stat(in[i].path, &s) < 0)
			continue;
		if (s.st_dev == o.st_dev && s.st_ino == o.st_ino) {
			diag_report(
			    d, DIAG_IO_SAME_FILE, NULL,
			    "%s: this is %s (%s); writing the output there "
			    "would destroy it, choose another -o",
			    out, in[i].what, in[i].path);
			return -1;
		}
	}
	return 0;
}
