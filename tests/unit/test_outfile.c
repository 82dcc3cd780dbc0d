/* SPDX-License-Identifier: MIT */
/*
 * outfile: the umask decides a new file's mode, a replaced file is never
 * made more readable, FIFOs are written through, links keep their target,
 * and an output that is an input (by name, symlink or hard link) is
 * refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "diag.h"
#include "outfile.h"
#include "xmem.h"

static char dir[] = "/tmp/hrp-outfile-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf %s", dir);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static char *
path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_umask_decides_mode(void **state)
{
	struct diag *d = diag_new(NULL);
	char *p = path_of("new.pdf");
	mode_t old = umask(077);

	(void)state;
	assert_int_equal(outfile_mode(0), 0600);
	assert_int_equal(outfile_mode(OUTFILE_READONLY), 0400);
	assert_int_equal(outfile_write(p, "abc", 3, 0, d), 0);
	assert_int_equal(mode_of(p), 0600);
	assert_string_equal(slurp(p), "abc");
	umask(022);
	assert_int_equal(outfile_mode(0), 0644);
	assert_int_equal(outfile_mode(OUTFILE_READONLY), 0444);
	/* replacing keeps the stricter mode of the old file */
	assert_int_equal(outfile_write(p, "defg", 4, 0, d), 0);
	assert_int_equal(mode_of(p), 0600);
	assert_string_equal(slurp(p), "defg");
	/* and a 0644 file under umask 077 becomes 0600 */
	assert_int_equal(chmod(p, 0644), 0);
	umask(077);
	assert_int_equal(outfile_write(p, "h", 1, 0, d), 0);
	assert_int_equal(mode_of(p), 0600);
	umask(old);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(cleanup_count(), 0);
	free(p);
	diag_free(d);
}

static void
test_symlink_keeps_link(void **state)
{
	struct diag *d = diag_new(NULL);
	char *target = path_of("target.pdf"), *link = path_of("link.pdf");
	char *dangling = path_of("dangling.pdf");
	struct stat st;

	(void)state;
	assert_int_equal(outfile_write(target, "one", 3, 0, d), 0);
	assert_int_equal(symlink("target.pdf", link), 0);
	assert_int_equal(outfile_write(link, "two", 3, 0, d), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(slurp(target), "two");
	/* a link to nothing is refused, not replaced */
	assert_int_equal(symlink("nowhere/x.pdf", dangling), 0);
	assert_int_equal(outfile_write(dangling, "x", 1, 0, d), -1);
	assert_true(diag_has(d, DIAG_IO_WRITE));
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	free(target);
	free(link);
	free(dangling);
	diag_free(d);
}

static void
test_fifo_written_through(void **state)
{
	struct diag *d = diag_new(NULL);
	char *fifo = path_of("fifo");
	char buf[16];
	struct stat st;
	pid_t pid;
	int fd, status;
	ssize_t n;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct diag *cd = diag_new(NULL);
		int rc = outfile_write(fifo, "through", 7, 0, cd);

		/* a clean exit for leak checkers */
		diag_free(cd);
		diag_free(d);
		free(fifo);
		_exit(rc == 0 ? 0 : 1);
	}
	fd = open(fifo, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(n, 7);
	assert_memory_equal(buf, "through", 7);
	/* still a FIFO, not a regular file */
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	free(fifo);
	diag_free(d);
}

static void
test_directory_refused(void **state)
{
	struct diag *d = diag_new(NULL);

	(void)state;
	assert_int_equal(outfile_write(dir, "x", 1, 0, d), -1);
	assert_true(diag_has(d, DIAG_IO_WRITE));
	assert_non_null(strstr(diag_text(d), "is a directory"));
	diag_free(d);
}

static void
test_same_file_refused(void **state)
{
	struct diag *d = diag_new(NULL);
	char *db = path_of("hr.db"), *sym = path_of("sym.db");
	char *hard = path_of("hard.db"), *other = path_of("other.pdf");
	struct outfile_input in[2] = {
		{ "the template", NULL },
		{ "the database", NULL },
	};

	(void)state;
	in[1].path = db;
	assert_int_equal(outfile_write(db, "db", 2, 0, d), 0);
	assert_int_equal(symlink("hr.db", sym), 0);
	assert_int_equal(link(db, hard), 0);
	assert_int_equal(outfile_check_distinct(db, in, 2, d), -1);
	assert_int_equal(outfile_check_distinct(sym, in, 2, d), -1);
	assert_int_equal(outfile_check_distinct(hard, in, 2, d), -1);
	assert_int_equal(diag_errors(d), 3);
	assert_true(diag_has(d, DIAG_IO_SAME_FILE));
	assert_non_null(strstr(diag_text(d), "the database"));
	/* a new name, an other file and standard output pass */
	assert_int_equal(outfile_check_distinct(other, in, 2, d), 0);
	assert_int_equal(outfile_write(other, "o", 1, 0, d), 0);
	assert_int_equal(outfile_check_distinct(other, in, 2, d), 0);
	assert_int_equal(outfile_check_distinct("-", in, 2, d), 0);
	assert_int_equal(diag_errors(d), 3);
	assert_string_equal(slurp(db), "db");
	free(db);
	free(sym);
	free(hard);
	free(other);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_umask_decides_mode),
		cmocka_unit_test(test_symlink_keeps_link),
		cmocka_unit_test(test_fifo_written_through),
		cmocka_unit_test(test_directory_refused),
		cmocka_unit_test(test_same_file_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
