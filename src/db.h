/* SPDX-License-Identifier: MIT */
/*
 * The only user of <sqlite3.h>: opening a database (schema version checked),
 * creating it from the embedded schema, running statements with named
 * parameters, transactions, and a read-only mode in which an authorizer
 * refuses everything but reading.
 */
#ifndef HRP_DB_H
#define HRP_DB_H

#include <stddef.h>
#include <stdint.h>

#include "fmt_value.h"

struct arena;
struct diag;
struct srcpos;

#define DB_SCHEMA_VERSION 2

enum db_mode {
	DB_READONLY,  /* must exist; opened read-only, authorizer allows only
	                 reads; a hot journal is rolled back first; one
	                 snapshot (read transaction) for the connection's
	                 life; queries limited (struct db_limits) */
	DB_READWRITE, /* must exist */
	DB_CREATE     /* must not exist or be empty; schema is created */
};

struct db;

/* ---- limits ---- */

/* Seconds a command waits for another program's write lock by default. */
#define DB_WAIT_DEFAULT_S 5
/*
 * Set how long every connection opened afterwards waits for a lock
 * (hrpress --wait SECONDS); a lock still held then is DIAG_DB_BUSY.
 */
void db_set_wait(int seconds);

/*
 * What one query of a read-only connection may cost; 0 = no limit. Going
 * over one stops the query with DIAG_DB_LIMIT at the query's position.
 */
struct db_limits {
	long long max_rows;    /* rows one query returns */
	long long max_msteps;  /* SQLite VM steps, in millions */
	long long max_heap_mb; /* SQLite's heap, process-wide, MiB */
};
#define DB_QUERY_ROWS_DEFAULT 5000000
#define DB_QUERY_MSTEPS_DEFAULT 20000 /* about a minute */
#define DB_QUERY_MEMORY_MB_DEFAULT 4096

/*
 * The defaults, or HRPRESS_QUERY_ROWS, HRPRESS_QUERY_MSTEPS and
 * HRPRESS_QUERY_MEMORY_MB from the environment (whole numbers; 0 = none).
 * Every read-only connection starts with these.
 */
void db_limits_default(struct db_limits *l);
/* Change the limits of a read-only connection. */
void db_set_limits(struct db *db, const struct db_limits *l);

/*
 * Open path. Reports DIAG_DB_MISSING, DIAG_DB_VERSION, DIAG_DB_EXISTS or
 * DIAG_DB_OPEN and returns NULL on failure. Foreign keys are on. A database
 * of an older schema version is upgraded in place first (src/migrate/, one
 * transaction; also when opened read-only, which then needs write access
 * once) and DIAG_DB_UPGRADED is reported as a warning.
 */
struct db *db_open(const char *path, enum db_mode mode, struct diag *d);
void db_close(struct db *db);
const char *db_path(const struct db *db);

/* A named parameter (":month") and its value. */
struct db_param {
	const char *name; /* without the leading ':' */
	struct fmt_value v;
};

/*
 * A result set; strings live in the arena given to db_query(). BLOB cells
 * (FMT_V_BLOB) point either into that arena or to the connection's one
 * copy of a BLOB it has read before (valid until db_close()): the same
 * BLOB in many rows is the same pointer.
 */
struct db_rows {
	size_t ncols;
	const char **cols; /* column names */
	size_t nrows;
	struct fmt_value *cells; /* nrows * ncols, row-major */
};

/*
 * Run one statement. Every ":name" in sql must be given in params (extra
 * params are ignored). pos is the position of the first character of sql in
 * its file (a template) or NULL; an SQL error is reported at pos plus
 * sqlite3_error_offset(). Rows (if out is non-NULL) are copied into arena.
 * Returns 0, or -1 after reporting.
 */
int db_query(struct db *db, const char *sql, const struct srcpos *pos,
             const struct db_param *params, size_t nparams, struct arena *arena,
             struct db_rows *out, struct diag *d);

/*
 * Check a statement without running it: it must compile, be read-only and
 * all its parameters must be among names[0..n). Reports problems at pos.
 * Column names are returned in *cols (arena) if cols is non-NULL.
 */
int db_check_query(struct db *db, const char *sql, const struct srcpos *pos,
                   const char *const *names, size_t n, struct arena *arena,
                   const char ***cols, size_t *ncols, struct diag *d);

/* Run a script of statements (no parameters). */
int db_exec(struct db *db, const char *sql, struct diag *d);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int db_begin(struct db *db, struct diag *d);
int db_commit(struct db *db, struct diag *d);
void db_rollback(struct db *db);

/* Cell (row, col) of a result set. */
const struct fmt_value *db_cell(const struct db_rows *r, size_t row,
                                size_t col);
/* Column index by name, or -1. */
int db_col(const struct db_rows *r, const char *name);

/* ---- parameters and typed cells ---- */

/* A named SQL parameter of text s (borrowed, not copied) or integer i. */
struct db_param db_param_text(const char *name, const char *s);
struct db_param db_param_int(const char *name, int64_t i);

/*
 * Reads the cells of one result set by type. The first cell of the wrong
 * type is reported (DIAG_DB_DATA, naming table and column) once per reader
 * and sets bad; the caller checks bad after reading.
 */
struct db_reader {
	const struct db_rows *rows;
	const char *table; /* the table read, for the message */
	struct diag *d;
	int bad; /* a cell of the wrong type was read */
};
/* Cell (row, col) as an integer; NULL is 0, and so is a cell of another
   type. */
int64_t db_read_int(struct db_reader *r, size_t row, size_t col);
/* Cell (row, col) as text, valid as long as the rows' arena; NULL for NULL
   and for a cell of another type. */
const char *db_read_text(struct db_reader *r, size_t row, size_t col);

#endif
