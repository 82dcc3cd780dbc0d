/* SPDX-License-Identifier: MIT */
/*
 * Worker processes, shards and progress for large runs. The parent forks
 * the workers after everything that can be shared has been set up (checked
 * templates, parsed fonts), then relays their results, their stderr (whole
 * lines) and the progress; it is, besides diag.c and cli.c, the one place
 * that writes to stderr, because it owns the progress line.
 */
#include "jobs.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "diag.h"
#include "xmem.h"

/* Frame types on a worker's result pipe. */
#define FRAME_DONE 'D'   /* one unit finished */
#define FRAME_RECORD 'R' /* a jobs_emit record */
#define FRAME_FAILED 'F' /* the worker is about to fail */
#define FRAME_HEAD 5     /* type + 32-bit little-endian length */
#define MAX_RECORD (1u << 20)

/* Exit status of a worker that stopped because another one failed. */
#define EXIT_STOPPED 3

/* Progress: terminal redraws at most this often; log lines this often. */
#define TTY_INTERVAL_S 0.1
#define LOG_INTERVAL_S 5.0

/* ---- shards ---- */

static int
parse_uint(const char *s, const char **end, unsigned long max,
           unsigned long *out)
{
	unsigned long v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return -1;
	}
	*end = p;
	*out = v;
	return 0;
}

int
jobs_parse_shard(const char *s, const char *opt, struct jobs_shard *out,
                 struct diag *d)
{
	unsigned long k, n;
	const char *p;

	if (s == NULL || parse_uint(s, &p, 1000000, &k) < 0 || *p != '/' ||
	    parse_uint(p + 1, &p, 1000000, &n) < 0 || *p != '\0' || k < 1 ||
	    n < 1 || k > n) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "%s %s: expected K/N with 1 <= K <= N", opt,
		            s ? s : "");
		return -1;
	}
	out->k = (unsigned)k;
	out->n = (unsigned)n;
	return 0;
}

int
jobs_shard_has(const struct jobs_shard *sh, size_t i)
{
	if (sh == NULL || sh->n <= 1)
		return 1;
	return i % sh->n == (size_t)(sh->k - 1);
}

size_t
jobs_shard_count(const struct jobs_shard *sh, size_t total)
{
	size_t base;

	if (sh == NULL || sh->n <= 1)
		return total;
	base = total / sh->n;
	return base + (total % sh->n > (size_t)(sh->k - 1) ? 1 : 0);
}

/* ---- worker count ---- */

int
jobs_default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > JOBS_MAX_WORKERS ? JOBS_MAX_WORKERS : (int)n;
}

int
jobs_parse_workers(const char *s, int *out, struct diag *d)
{
	unsigned long n;
	const char *end;

	if (s == NULL || parse_uint(s, &end, JOBS_MAX_WORKERS, &n) < 0 ||
	    *end != '\0' || n < 1) {
		diag_report(
		    d, DIAG_CLI_BAD_VALUE, NULL,
		    "-j %s: expected a number of processes from 1 to %d",
		    s ? s : "", JOBS_MAX_WORKERS);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* ---- progress ---- */

static void
format_duration(char *buf, size_t cap, double s)
{
	long t = s < 0 ? 0 : (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60,
		         t % 60);
	else
		snprintf(buf, cap, "%ld:%02ld", t / 60, t % 60);
}

size_t
jobs_progress_format(char *buf, size_t cap, size_t done, size_t total,
                     double elapsed_s, const char *unit_name, int bar)
{
	char rate[64] = "", eta[32];
	size_t pct = total ? done * 100 / total : 100, len;
	int n = 0;

	if (cap == 0)
		return 0;
	if (elapsed_s > 0 && done > 0) {
		double r = (double)done / elapsed_s;

		format_duration(eta, sizeof(eta),
		                (double)(total > done ? total - done : 0) / r);
		snprintf(rate, sizeof(rate),
		         bar ? "  %.1f/s  ETA %s" : ", %.1f/s, ETA %s", r, eta);
	}
	if (bar) {
		char cells[21];
		size_t i, fill = total ? done * 20 / total : 20;

		for (i = 0; i < 20; i++)
			cells[i] = i < fill ? '#' : '.';
		cells[20] = '\0';
		n = snprintf(buf, cap, "[%s] %zu/%zu %s%s", cells, done, total,
		             unit_name, rate);
	} else {
		n = snprintf(buf, cap, "%zu/%zu %s (%zu%%)%s", done, total,
		             unit_name, pct, rate);
	}
	len = n < 0 ? 0 : (size_t)n;
	return len >= cap ? cap - 1 : len;
}

struct progress {
	int on;    /* progress wanted at all */
	int tty;   /* stderr is a terminal: one redrawn line */
	int shown; /* a line is on the terminal, or logged */
	size_t done, total;
	const char *unit_name;
	double start_s, last_s;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress is the parent's own stderr output (STYLE: see the header). */
static void
progress_draw(struct progress *pr, int force)
{
	char line[160];
	double t = now_s();

	if (!pr->on)
		return;
	if (!force &&
	    t - pr->last_s < (pr->tty ? TTY_INTERVAL_S : LOG_INTERVAL_S))
		return;
	pr->last_s = t;
	jobs_progress_format(line, sizeof(line), pr->done, pr->total,
	                     t - pr->start_s, pr->unit_name, pr->tty);
	if (pr->tty)
		fprintf(stderr, "\r\033[K%s", line);
	else
		fprintf(stderr, "hrpress: %s\n", line);
	pr->shown = 1;
}

/* Clear the terminal line before a message is printed over it. */
static void
progress_clear(struct progress *pr)
{
	if (pr->on && pr->tty && pr->shown) {
		fputs("\r\033[K", stderr);
		pr->shown = 0;
		pr->last_s = 0;
	}
}

/*
 * The last state: on a terminal always (a run that was quick, or whose
 * bar the last "wrote" line cleared, still ends on its count), in a log
 * only when a line was written before.
 */
static void
progress_finish(struct progress *pr)
{
	if (!pr->on || (!pr->shown && !pr->tty))
		return;
	progress_draw(pr, 1);
	if (pr->tty)
		fputc('\n', stderr);
}

/* ---- the worker side ---- */

struct jobs_out {
	int fd; /* result pipe */
};

static int
write_all(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len > 0) {
		ssize_t w = write(fd, c, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		len -= (size_t)w;
	}
	return 0;
}

static int
send_frame(int fd, char type, const void *rec, size_t len)
{
	unsigned char head[FRAME_HEAD];

	head[0] = (unsigned char)type;
	head[1] = (unsigned char)len;
	head[2] = (unsigned char)(len >> 8);
	head[3] = (unsigned char)(len >> 16);
	head[4] = (unsigned char)(len >> 24);
	if (write_all(fd, head, sizeof(head)) < 0)
		return -1;
	return len > 0 ? write_all(fd, rec, len) : 0;
}

int
jobs_emit(struct jobs_out *o, const void *rec, size_t len)
{
	if (len > MAX_RECORD)
		return -1;
	return send_frame(o->fd, FRAME_RECORD, rec, len);
}

/* Has the parent asked us to stop (a byte or EOF on the control pipe)? */
static int
told_to_stop(int ctl)
{
	struct pollfd pf = {ctl, POLLIN, 0};

	return poll(&pf, 1, 0) > 0;
}

/*
 * The body of a worker process: never returns. _exit() leaves the parent's
 * inherited objects (database handles, stdio buffers) alone.
 */
static void
worker_main(const struct jobs_spec *spec, int w, int nworkers, int res, int ctl,
            struct diag *d)
{
	struct jobs_out out = {res};
	size_t u;
	int code;

	if (spec->worker_init != NULL && spec->worker_init(spec->ctx, d) < 0)
		goto fail;
	for (u = (size_t)w; u < spec->nunits; u += (size_t)nworkers) {
		if (told_to_stop(ctl)) {
			if (spec->worker_done != NULL)
				(void)spec->worker_done(spec->ctx, &out, d);
			fflush(stdout);
			_exit(EXIT_STOPPED);
		}
		if (spec->work(spec->ctx, u, &out, d) < 0)
			goto fail;
		if (send_frame(res, FRAME_DONE, NULL, 0) < 0)
			_exit(EXIT_STOPPED);
	}
	if (spec->worker_done != NULL &&
	    spec->worker_done(spec->ctx, &out, d) < 0)
		goto fail_done;
	fflush(stdout);
	_exit(0);
fail:
	/* what the earlier units left pending is still theirs to finish */
	if (spec->worker_done != NULL)
		(void)spec->worker_done(spec->ctx, &out, d);
fail_done:
	fflush(stdout);
	(void)send_frame(res, FRAME_FAILED, NULL, 0);
	code = diag_exit_code(d);
	_exit(code ? code : 1);
}

/* ---- the parent side ---- */

struct worker {
	pid_t pid;
	int res;         /* result pipe, -1 at EOF */
	int err;         /* stderr pipe, -1 at EOF */
	int ctl;         /* control pipe (write end), -1 once closed */
	struct buf rbuf; /* result bytes not yet parsed */
	struct buf ebuf; /* stderr bytes not yet forwarded */
};

struct run {
	const struct jobs_spec *spec;
	struct worker *w;
	int n;
	struct progress pr;
	int failed;   /* a worker failed or a record was refused */
	int stopping; /* the workers were told to stop */
	struct diag *d;
};

static void
stop_all(struct run *r)
{
	int i;

	r->stopping = 1;
	for (i = 0; i < r->n; i++)
		if (r->w[i].ctl >= 0) {
			close(r->w[i].ctl);
			r->w[i].ctl = -1;
		}
}

/* Forward complete lines of a worker's stderr (all of it at EOF). */
static void
forward_err(struct run *r, struct worker *wk, int eof)
{
	struct buf *b = &wk->ebuf;
	size_t start = 0, i;

	for (i = 0; i < b->len; i++) {
		if (b->data[i] != '\n')
			continue;
		progress_clear(&r->pr);
		fwrite(b->data + start, 1, i + 1 - start, stderr);
		start = i + 1;
	}
	if (eof && start < b->len) {
		progress_clear(&r->pr);
		fwrite(b->data + start, 1, b->len - start, stderr);
		fputc('\n', stderr);
		start = b->len;
	}
	if (start > 0) {
		memmove(b->data, b->data + start, b->len - start);
		b->len -= start;
	}
}

static void
parse_frames(struct run *r, struct worker *wk)
{
	struct buf *b = &wk->rbuf;
	size_t off = 0;

	while (b->len - off >= FRAME_HEAD) {
		const unsigned char *h = (const unsigned char *)b->data + off;
		size_t len = (size_t)h[1] | (size_t)h[2] << 8 |
		             (size_t)h[3] << 16 | (size_t)h[4] << 24;

		if (b->len - off - FRAME_HEAD < len)
			break;
		switch (h[0]) {
		case FRAME_DONE:
			r->pr.done++;
			progress_draw(&r->pr, 0);
			break;
		case FRAME_RECORD:
			if (r->failed || r->spec->record == NULL)
				break;
			/*
			 * The record may print a line ("wrote ...") or a
			 * diagnostic: clear the bar first, so that the two
			 * never share a terminal line, and flush it out
			 * before the bar is drawn again.
			 */
			progress_clear(&r->pr);
			if (r->spec->record(r->spec->ctx, h + FRAME_HEAD, len,
			                    r->d) < 0) {
				r->failed = 1;
				stop_all(r);
			}
			fflush(stdout);
			break;
		case FRAME_FAILED:
			stop_all(r);
			break;
		}
		off += FRAME_HEAD + len;
	}
	if (off > 0) {
		memmove(b->data, b->data + off, b->len - off);
		b->len -= off;
	}
}

/* Read what fd has into b; 0 at EOF (fd closed), 1 otherwise. */
static int
drain(int *fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return 0;
	}
	buf_add(b, chunk, (size_t)n);
	return 1;
}

static void
relay(struct run *r)
{
	struct pollfd *pf = xcalloc((size_t)r->n * 2, sizeof(*pf));
	int i, open;

	for (;;) {
		open = 0;
		for (i = 0; i < r->n; i++) {
			pf[2 * i].fd = r->w[i].res;
			pf[2 * i].events = POLLIN;
			pf[2 * i].revents = 0;
			pf[2 * i + 1].fd = r->w[i].err;
			pf[2 * i + 1].events = POLLIN;
			pf[2 * i + 1].revents = 0;
			open += (r->w[i].res >= 0) + (r->w[i].err >= 0);
		}
		if (open == 0)
			break;
		/* a negative fd is ignored by poll() */
		if (poll(pf, (nfds_t)r->n * 2, 100) < 0 && errno != EINTR)
			break;
		for (i = 0; i < r->n; i++) {
			struct worker *wk = &r->w[i];

			if (wk->res >= 0 && pf[2 * i].revents != 0) {
				drain(&wk->res, &wk->rbuf);
				parse_frames(r, wk);
			}
			if (wk->err >= 0 && pf[2 * i + 1].revents != 0)
				forward_err(r, wk,
				            drain(&wk->err, &wk->ebuf) == 0);
		}
		progress_draw(&r->pr, 0);
	}
	free(pf);
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Start worker i; its pipes' parent ends go into r->w[i]. */
static int
spawn(struct run *r, int i)
{
	int res[2] = {-1, -1}, err[2] = {-1, -1}, ctl[2] = {-1, -1};
	int j;
	pid_t pid, parent = getpid();

	if (pipe(res) < 0 || pipe(err) < 0 || pipe(ctl) < 0)
		goto fail;
	/* buffered output would otherwise be written twice */
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		goto fail;
	if (pid == 0) {
#ifdef __linux__
		/*
		 * Die with the parent, even of SIGKILL: SIGTERM runs our
		 * handler, which removes this worker's temporary files.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(EXIT_STOPPED);
#else
		(void)parent;
#endif
		for (j = 0; j < i; j++) {
			close_fd(&r->w[j].res);
			close_fd(&r->w[j].err);
			close_fd(&r->w[j].ctl);
		}
		close(res[0]);
		close(err[0]);
		close(ctl[1]);
		if (dup2(err[1], STDERR_FILENO) < 0)
			_exit(2);
		close(err[1]);
		worker_main(r->spec, i, r->n, res[1], ctl[0], r->d);
	}
	cleanup_add_child(pid);
	close(res[1]);
	close(err[1]);
	close(ctl[0]);
	r->w[i].pid = pid;
	r->w[i].res = res[0];
	r->w[i].err = err[0];
	r->w[i].ctl = ctl[1];
	return 0;
fail:
	diag_report(r->d, DIAG_JOBS_SYSTEM, NULL, "worker %d: %s", i + 1,
	            strerror(errno));
	close_fd(&res[0]);
	close_fd(&res[1]);
	close_fd(&err[0]);
	close_fd(&err[1]);
	close_fd(&ctl[0]);
	close_fd(&ctl[1]);
	return -1;
}

/* Collect the workers' exit statuses; report the ones that failed. */
static void
reap(struct run *r)
{
	int i, st;

	for (i = 0; i < r->n; i++) {
		if (r->w[i].pid <= 0)
			continue;
		while (waitpid(r->w[i].pid, &st, 0) < 0 && errno == EINTR)
			;
		cleanup_remove_child(r->w[i].pid);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			continue;
		if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_STOPPED &&
		    r->stopping)
			continue;
		r->failed = 1;
		if (WIFSIGNALED(st))
			diag_report(r->d, DIAG_JOBS_CRASH, NULL,
			            "worker %d (pid %ld) killed by signal %d",
			            i + 1, (long)r->w[i].pid, WTERMSIG(st));
		else if (WEXITSTATUS(st) == 2)
			diag_report(r->d, DIAG_JOBS_CRASH, NULL,
			            "worker %d (pid %ld) exited with status 2",
			            i + 1, (long)r->w[i].pid);
		else
			diag_report(r->d, DIAG_JOBS_WORKER, NULL,
			            "worker %d (pid %ld) exited with status %d",
			            i + 1, (long)r->w[i].pid, WEXITSTATUS(st));
	}
}

int
jobs_run(const struct jobs_spec *spec, struct diag *d)
{
	struct run r;
	int i;

	memset(&r, 0, sizeof(r));
	r.spec = spec;
	r.d = d;
	r.n = spec->workers < 1 ? 1 : spec->workers;
	if ((size_t)r.n > spec->nunits)
		r.n = spec->nunits > 0 ? (int)spec->nunits : 0;
	r.pr.on = spec->progress;
	r.pr.tty = isatty(STDERR_FILENO);
	r.pr.total = spec->nunits;
	r.pr.unit_name = spec->unit_name ? spec->unit_name : "units";
	r.pr.start_s = now_s();
	r.pr.last_s = r.pr.start_s;
	if (r.n == 0)
		return 0;
	r.w = xcalloc((size_t)r.n, sizeof(*r.w));
	for (i = 0; i < r.n; i++) {
		r.w[i].res = r.w[i].err = r.w[i].ctl = -1;
		buf_init(&r.w[i].rbuf, 0);
		buf_init(&r.w[i].ebuf, 0);
	}
	for (i = 0; i < r.n; i++)
		if (spawn(&r, i) < 0) {
			r.failed = 1;
			stop_all(&r);
			break;
		}
	relay(&r);
	reap(&r);
	if (!r.failed)
		progress_finish(&r.pr);
	else
		progress_clear(&r.pr);
	for (i = 0; i < r.n; i++) {
		close_fd(&r.w[i].ctl);
		buf_free(&r.w[i].rbuf);
		buf_free(&r.w[i].ebuf);
	}
	free(r.w);
	return r.failed ? -1 : 0;
}
