/* SPDX-License-Identifier: MIT */
/*
 * Large runs: worker processes, deterministic shards and progress. A run is
 * a list of units (an employee's record, a store's batch); the units of a
 * shard are spread over forked workers, which send results back to the
 * parent over a pipe, so the parent alone writes the database.
 */
#ifndef HRP_JOBS_H
#define HRP_JOBS_H

#include <stddef.h>

struct diag;

/* ---- shards ---- */

/* Shard k of n (1 <= k <= n); 1/1 is the whole run. */
struct jobs_shard {
	unsigned k;
	unsigned n;
};

/*
 * Parse "K/N" (1 <= K <= N <= 1000000). Reports DIAG_CLI_BAD_VALUE naming
 * opt and returns -1 on anything else.
 */
int jobs_parse_shard(const char *s, const char *opt, struct jobs_shard *out,
                     struct diag *d);

/*
 * Does shard sh own unit i (0-based) of a run? Units are dealt round-robin
 * in the run's order (which the callers take from ORDER BY on ids), so the
 * shards 1/N .. N/N of a run cover every unit exactly once, on any machine
 * with a copy of the same data.
 */
int jobs_shard_has(const struct jobs_shard *sh, size_t i);

/* How many of total units shard sh owns. */
size_t jobs_shard_count(const struct jobs_shard *sh, size_t total);

/* ---- worker count ---- */

/* Online processors, at least 1: the default of -j. */
int jobs_default_workers(void);

/*
 * Parse the argument of -j: a whole number 1..JOBS_MAX_WORKERS. Reports
 * DIAG_CLI_BAD_VALUE and returns -1 otherwise.
 */
#define JOBS_MAX_WORKERS 256
int jobs_parse_workers(const char *s, int *out, struct diag *d);

/* ---- running ---- */

/* Where a worker's unit sends its results. */
struct jobs_out;

/*
 * Send one result record (any bytes, at most 1 MiB) to the parent, where
 * the run's record callback receives it. Returns 0 or -1 (the parent is
 * gone: the worker should stop).
 */
int jobs_emit(struct jobs_out *o, const void *rec, size_t len);

struct jobs_spec {
	size_t nunits;         /* units of this run, 0..nunits-1 */
	int workers;           /* processes to fork (at most nunits) */
	const char *unit_name; /* "files", "stores": for progress */
	int progress;          /* show progress on stderr */
	void *ctx;             /* passed to every callback */
	/*
	 * In each worker, before its first unit: open what cannot cross a
	 * fork (a database connection). 0 or -1 after reporting.
	 */
	int (*worker_init)(void *ctx, struct diag *d);
	/* Do one unit; 0, or -1 after reporting into d (stops the run). */
	int (*work)(void *ctx, size_t unit, struct jobs_out *out,
	            struct diag *d);
	/*
	 * In each worker, or NULL: after its last unit, and before it stops
	 * early (told to, or after a failing unit), finish what its units
	 * left pending; it may jobs_emit. 0 or -1 after reporting.
	 */
	int (*worker_done)(void *ctx, struct jobs_out *out, struct diag *d);
	/* In the parent: a record sent with jobs_emit. 0 or -1 to fail. */
	int (*record)(void *ctx, const void *rec, size_t len, struct diag *d);
};

/*
 * Fork spec->workers processes (fewer when there are fewer units); worker
 * w does the units w, w + workers, ... in order. Their stderr reaches the
 * parent's stderr a whole line at a time. After the first failing worker
 * the others stop after their current unit. Returns 0 when every worker
 * succeeded, else -1 after reporting DIAG_JOBS_WORKER (or DIAG_JOBS_SYSTEM
 * when a process or pipe could not be made). Records that arrived before a
 * failure have been passed to spec->record.
 */
int jobs_run(const struct jobs_spec *spec, struct diag *d);

/* ---- progress ---- */

/*
 * Format a progress report into buf (always NUL-terminated): with bar, a
 * terminal line "[####......]  120/3000 files  85.2/s  ETA 0:34"; without,
 * a log line "120/3000 files (4%), 85.2/s, ETA 0:34". The rate and ETA are
 * left out until elapsed_s > 0 and done > 0. Returns strlen(buf).
 */
size_t jobs_progress_format(char *buf, size_t cap, size_t done, size_t total,
                            double elapsed_s, const char *unit_name, int bar);

#endif
