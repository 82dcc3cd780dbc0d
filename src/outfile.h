/* SPDX-License-Identifier: MIT */
/*
 * Output files: the one atomic writer that every command uses, and the
 * checks made before any work so that an output never replaces an input.
 * A regular file is written under a temporary name beside it and renamed
 * into place with the user's umask; "-", a FIFO, a character device and
 * the /dev and /proc names of a descriptor are written through, never
 * replaced.
 */
#ifndef HRP_OUTFILE_H
#define HRP_OUTFILE_H

#include <stddef.h>
#include <sys/types.h>

struct diag;

/* ---- modes ---- */

/* Flags of outfile_write and outfile_mode. */
#define OUTFILE_READONLY 1u /* archive copy: 0444, less the umask */

/*
 * The permission bits of a new output file: 0666 (0444 with
 * OUTFILE_READONLY) less the process's umask, so that under umask 077 a
 * payslip is 0600 and an archive record 0400.
 */
mode_t outfile_mode(unsigned flags);

/* ---- writing ---- */

/* Is path "-", the name of standard output? */
int outfile_is_stdout(const char *path);

/*
 * Write the len bytes at data to path, as a whole:
 * - "-": to standard output (after flushing stdio's buffer);
 * - an existing FIFO or character device, or a name under /dev/ or
 *   /proc/ (such as /dev/stdout or /dev/fd/3): opened for writing and
 *   written through, never replaced;
 * - a symbolic link to a regular file: the file it names is replaced, the
 *   link stays;
 * - a regular file, or a name that does not exist yet: written under
 *   "NAME.XXXXXX" in the same directory (registered with cleanup.h while it
 *   exists), flushed to disk and renamed over NAME. A new file gets
 *   outfile_mode(flags); a replaced one keeps its mode where that is
 *   stricter. On any failure NAME is as it was.
 * A directory, a block device, a socket and a dangling symbolic link are
 * refused. Errors are reported as DIAG_IO_WRITE naming path. Returns 0 or
 * -1.
 */
int outfile_write(const char *path, const void *data, size_t len,
                  unsigned flags, struct diag *d);

/* ---- outputs that are inputs ---- */

/* An input of a command, for outfile_check_distinct. */
struct outfile_input {
	const char *what; /* "the database", "the template", ... */
	const char *path; /* NULL: not given (skipped) */
};

/*
 * Refuse an output that is the same file as one of the n inputs: same
 * device and inode after following symbolic links, so a hard link or a
 * symbolic link to the database is caught as well as its own name. "-"
 * and outputs that do not exist yet pass. Reports DIAG_IO_SAME_FILE naming
 * the output and the input, and returns -1; 0 when all are distinct.
 * Call it before any work.
 */
int outfile_check_distinct(const char *out, const struct outfile_input *in,
                           size_t n, struct diag *d);

#endif
