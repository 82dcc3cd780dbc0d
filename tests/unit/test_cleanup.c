/* SPDX-License-Identifier: MIT */
/*
 * cleanup: the registry of temporary files and workers, and what the signal
 * handler does with it in a forked process: unlink, pass the signal on, die
 * of it, and leave the files of other processes alone.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cleanup.h"
#include "xmem.h"

struct fixture {
	char dir[64];
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/hrp-cleanup.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(f);
	return 0;
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void
touch(const char *path)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fclose(fp);
}

/* Wait for pid; return the signal that killed it, or -(exit status). */
static int
status_of(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		return WTERMSIG(st);
	return -WEXITSTATUS(st);
}

static void
test_register_unregister(void **state)
{
	struct fixture *f = *state;
	char *a = xasprintf("%s/a", f->dir), *b = xasprintf("%s/b", f->dir);

	assert_int_equal(cleanup_count(), 0);
	cleanup_register(a);
	cleanup_register(b);
	cleanup_register(a); /* twice: still one entry */
	assert_int_equal(cleanup_count(), 2);
	cleanup_unregister(a);
	assert_int_equal(cleanup_count(), 1);
	cleanup_unregister(a); /* unknown: ignored */
	assert_int_equal(cleanup_count(), 1);
	cleanup_unregister(b);
	assert_int_equal(cleanup_count(), 0);
	cleanup_add_child(12345);
	assert_int_equal(cleanup_count(), 1);
	cleanup_remove_child(12345);
	assert_int_equal(cleanup_count(), 0);
	free(a);
	free(b);
}

static void
test_mkstemp_registers(void **state)
{
	struct fixture *f = *state;
	char *t = xasprintf("%s/out.pdf.XXXXXX", f->dir);
	int fd = cleanup_mkstemp(t);

	assert_true(fd >= 0);
	close(fd);
	assert_null(strstr(t, "XXXXXX"));
	assert_true(exists(t));
	assert_int_equal(cleanup_count(), 1);
	cleanup_unregister(t);
	assert_int_equal(cleanup_count(), 0);
	free(t);

	/* a directory that does not exist: -1, nothing registered */
	t = xasprintf("%s/missing/x.XXXXXX", f->dir);
	assert_int_equal(cleanup_mkstemp(t), -1);
	assert_int_equal(cleanup_count(), 0);
	free(t);
}

/* A process killed by sig unlinks what it registered, and only that. */
static void
check_signal(struct fixture *f, int sig)
{
	char *tmp = xasprintf("%s/tmp-%d", f->dir, sig);
	char *kept = xasprintf("%s/kept-%d", f->dir, sig);
	char *done = xasprintf("%s/done-%d", f->dir, sig);
	pid_t pid;

	touch(tmp);
	touch(kept);
	touch(done);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		cleanup_install();
		cleanup_register(tmp);
		cleanup_register(done);
		cleanup_unregister(done);
		raise(sig);
		_exit(0); /* not reached when the handler works */
	}
	assert_int_equal(status_of(pid), sig);
	assert_false(exists(tmp));
	assert_true(exists(kept));
	assert_true(exists(done));
	free(tmp);
	free(kept);
	free(done);
}

static void
test_signals_unlink_and_kill(void **state)
{
	check_signal(*state, SIGINT);
	check_signal(*state, SIGTERM);
	check_signal(*state, SIGHUP);
	check_signal(*state, SIGPIPE);
}

/* A worker inherits its parent's entries but must not act on them. */
static void
test_inherited_entries_ignored(void **state)
{
	struct fixture *f = *state;
	char *mine = xasprintf("%s/parent-file", f->dir);
	pid_t pid;

	touch(mine);
	cleanup_register(mine);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		cleanup_install();
		_exit(cleanup_count() == 0 ? (raise(SIGTERM), 0) : 7);
	}
	assert_int_equal(status_of(pid), SIGTERM);
	assert_true(exists(mine));
	cleanup_unregister(mine);
	free(mine);
}

/*
 * A parent killed with SIGTERM passes it on to its registered worker and
 * waits until the worker has removed its own temporary file.
 */
static void
test_signal_passed_to_workers(void **state)
{
	struct fixture *f = *state;
	char *ready = xasprintf("%s/ready", f->dir);
	char *wtmp = xasprintf("%s/worker-tmp", f->dir);
	char *ptmp = xasprintf("%s/parent-tmp", f->dir);
	pid_t pid;
	int i;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pid_t w;

		cleanup_install();
		touch(ptmp);
		cleanup_register(ptmp);
		w = fork();
		if (w == 0) {
			/* slow to die: the parent must wait for us */
			touch(wtmp);
			cleanup_register(wtmp);
			touch(ready);
			for (;;)
				pause();
		}
		cleanup_add_child(w);
		for (;;)
			pause();
	}
	for (i = 0; i < 500 && !exists(ready); i++)
		usleep(10000);
	assert_true(exists(ready));
	assert_true(exists(wtmp));
	kill(pid, SIGTERM);
	assert_int_equal(status_of(pid), SIGTERM);
	assert_false(exists(ptmp));
	/* gone as soon as the parent is: it waited for the worker */
	assert_false(exists(wtmp));
	free(ready);
	free(wtmp);
	free(ptmp);
}

/* nohup and "cmd &" in a script ignore SIGINT; keep it that way. */
static void
test_ignored_signal_stays_ignored(void **state)
{
	struct fixture *f = *state;
	char *tmp = xasprintf("%s/ignored", f->dir);
	pid_t pid;

	touch(tmp);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGINT, SIG_IGN);
		cleanup_install();
		cleanup_register(tmp);
		raise(SIGINT);
		_exit(5);
	}
	assert_int_equal(status_of(pid), -5);
	assert_true(exists(tmp));
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_register_unregister),
	    cmocka_unit_test(test_mkstemp_registers),
	    cmocka_unit_test(test_signals_unlink_and_kill),
	    cmocka_unit_test(test_inherited_entries_ignored),
	    cmocka_unit_test(test_signal_passed_to_workers),
	    cmocka_unit_test(test_ignored_signal_stays_ignored),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
