/* SPDX-License-Identifier: MIT */
/*
 * The interrupt cleanup registry: temporary paths and worker pids, and the
 * signal handler that removes the one and stops the other. It is the one
 * piece of global mutable state in hrpress, because a signal handler can
 * reach nothing else.
 */
#include "cleanup.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xmem.h"

/*
 * One registered entry. The owner matters after fork(): a worker inherits
 * its parent's table, and must neither unlink the parent's files nor
 * signal its siblings.
 */
struct entry {
	pid_t owner; /* process that registered it */
	pid_t child; /* worker pid, or 0 for a path */
	char *path;  /* temporary file, or NULL for a child */
};

/*
 * The table is only changed with the handled signals blocked, so the
 * handler never sees it half updated; the process is single-threaded.
 */
static struct {
	struct entry *e;
	size_t n, cap;
} reg;

static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define NHANDLED (sizeof(handled) / sizeof(handled[0]))

static void
block(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NHANDLED; i++)
		sigaddset(&set, handled[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void
unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* The handler: async-signal-safe calls only (signal-safety(7)). */
static void
on_signal(int sig)
{
	struct sigaction sa;
	sigset_t set;
	pid_t self = getpid();
	size_t i;

	for (i = 0; i < reg.n; i++)
		if (reg.e[i].owner == self && reg.e[i].child > 0)
			kill(reg.e[i].child, sig == SIGPIPE ? SIGTERM : sig);
	/* the workers unlink their own files; wait until they have */
	for (i = 0; i < reg.n; i++)
		if (reg.e[i].owner == self && reg.e[i].child > 0)
			while (waitpid(reg.e[i].child, NULL, 0) < 0 &&
			       errno == EINTR)
				;
	for (i = 0; i < reg.n; i++)
		if (reg.e[i].owner == self && reg.e[i].path != NULL)
			unlink(reg.e[i].path);
	/* die of the signal, so that the exit status says so */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	raise(sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig);
}

void
cleanup_install(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* a second signal must not interrupt the first one's cleanup */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NHANDLED; i++)
		sigaddset(&sa.sa_mask, handled[i]);
	for (i = 0; i < NHANDLED; i++) {
		if (sigaction(handled[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(handled[i], &sa, NULL);
	}
}

static void
add(pid_t child, const char *path)
{
	sigset_t old;
	struct entry e;

	e.owner = getpid();
	e.child = child;
	e.path = path != NULL ? xstrdup(path) : NULL;
	block(&old);
	reg.e = xgrow(reg.e, &reg.cap, reg.n + 1, sizeof(*reg.e));
	reg.e[reg.n++] = e;
	unblock(&old);
}

/* Index of this process's entry for (child, path), or reg.n. */
static size_t
find(pid_t child, const char *path)
{
	pid_t self = getpid();
	size_t i;

	for (i = 0; i < reg.n; i++) {
		if (reg.e[i].owner != self || reg.e[i].child != child)
			continue;
		if (path == NULL ||
		    (reg.e[i].path != NULL && strcmp(reg.e[i].path, path) == 0))
			return i;
	}
	return reg.n;
}

static void
drop(pid_t child, const char *path)
{
	sigset_t old;
	char *p = NULL;
	size_t i;

	block(&old);
	i = find(child, path);
	if (i < reg.n) {
		p = reg.e[i].path;
		reg.e[i] = reg.e[--reg.n];
	}
	if (reg.n == 0) {
		/* an idle registry holds no memory (leak checkers, fork) */
		free(reg.e);
		reg.e = NULL;
		reg.cap = 0;
	}
	unblock(&old);
	free(p);
}

int
cleanup_mkstemp(char *tmpl)
{
	sigset_t old;
	int fd, err;

	block(&old);
	fd = mkstemp(tmpl);
	err = errno;
	if (fd >= 0)
		cleanup_register(tmpl);
	unblock(&old);
	errno = err;
	return fd;
}

void
cleanup_register(const char *path)
{
	if (find(0, path) < reg.n)
		return;
	add(0, path);
}

void
cleanup_unregister(const char *path)
{
	drop(0, path);
}

void
cleanup_add_child(pid_t pid)
{
	if (pid > 0)
		add(pid, NULL);
}

void
cleanup_remove_child(pid_t pid)
{
	if (pid > 0)
		drop(pid, NULL);
}

size_t
cleanup_count(void)
{
	pid_t self = getpid();
	size_t i, n = 0;

	for (i = 0; i < reg.n; i++)
		n += reg.e[i].owner == self;
	return n;
}
