/* SPDX-License-Identifier: MIT */
/*
 * SQLite behind a small interface: open with a schema-version check, create
 * from the embedded schema, statements with named parameters whose rows are
 * copied into the caller's arena, and a read-only mode enforced both by the
 * open flags and by an authorizer that refuses anything but reading.
 */
#include "db.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "diag.h"
#include "xmem.h"

extern const char hrp_schema_sql[];
extern const char hrp_migrate_v2_sql[];

/*
 * Upgrade scripts: migrations[i] takes a database from version i + 1 to
 * version i + 2. Each only adds (tables, columns with defaults, views), so
 * that an upgraded database is the same as a new one.
 */
static const char *const migrations[DB_SCHEMA_VERSION - 1] = {
    hrp_migrate_v2_sql,
};

/*
 * Prepared statements kept for reuse, by SQL text: a payroll run stores
 * tens of thousands of pay lines with one INSERT, and parsing it again
 * for every line was a third of the run.
 */
#define DB_STMT_CACHE 16

struct db_stmt {
	char *sql;
	sqlite3_stmt *st;
};

/*
 * A BLOB a query returned, kept by the connection: a store's logo and seal
 * come back in every record of a batch, and each row pointing to one copy
 * keeps a 3,000-record batch from holding 6,000 copies.
 */
#define DB_BLOBS 32
#define DB_BLOB_BYTES (64 * 1024 * 1024)
struct db_blob {
	unsigned char *data;
	size_t len;
};

struct db {
	sqlite3 *h;
	char *path;
	enum db_mode mode;
	struct db_stmt cache[DB_STMT_CACHE];
	size_t next_evict;              /* round robin */
	struct db_blob blobs[DB_BLOBS]; /* BLOBs read so far, kept once */
	size_t nblobs;
	size_t blob_bytes;    /* their total size */
	struct db_limits lim; /* read-only connections only */
	long long ticks;      /* progress calls of the current query */
	int stopped;          /* the progress handler stopped it */
};

/* VM instructions between two calls of the progress handler. */
#define DB_PROGRESS_OPS 1000000

/*
 * How long a command waits for another writer's lock, process-wide: set
 * once from the command line (--wait) before any database is opened, and
 * inherited by worker processes.
 */
static int busy_wait_ms = DB_WAIT_DEFAULT_S * 1000;

void
db_set_wait(int seconds)
{
	assert(seconds >= 0);
	busy_wait_ms = seconds > INT_MAX / 1000 ? INT_MAX : seconds * 1000;
}

/* One limit from the environment: a whole number ≥ 0, else the default. */
static long long
env_limit(const char *name, long long dflt)
{
	const char *v = getenv(name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return dflt;
	errno = 0;
	n = strtoll(v, &end, 10);
	return errno == 0 && *end == '\0' && n >= 0 ? n : dflt;
}

void
db_limits_default(struct db_limits *l)
{
	l->max_rows = env_limit("HRPRESS_QUERY_ROWS", DB_QUERY_ROWS_DEFAULT);
	l->max_msteps =
	    env_limit("HRPRESS_QUERY_MSTEPS", DB_QUERY_MSTEPS_DEFAULT);
	l->max_heap_mb =
	    env_limit("HRPRESS_QUERY_MEMORY_MB", DB_QUERY_MEMORY_MB_DEFAULT);
}

/* Stop a read-only query that has run past its budget of steps. */
static int
progress(void *ctx)
{
	struct db *db = ctx;

	if (db->lim.max_msteps > 0 && ++db->ticks > db->lim.max_msteps) {
		db->stopped = 1;
		return 1;
	}
	return 0;
}

static int
is_busy(struct db *db)
{
	int e = sqlite3_errcode(db->h);

	return e == SQLITE_BUSY || e == SQLITE_LOCKED;
}

static void
report_busy(const char *path, struct diag *d)
{
	struct srcpos p = {path, 0, 0};

	diag_report(
	    d, DIAG_DB_BUSY, &p,
	    "another program is writing to it "
	    "and did not finish within %d s: run the command again when it "
	    "has finished, or add --wait SECONDS to wait longer",
	    busy_wait_ms / 1000);
}

/*
 * Read-only connections may read tables, call functions and use CTEs; every
 * other action (writes, ATTACH, PRAGMA, schema changes) is refused, so a
 * template query can never change the database or reach another file.
 */
static int
authorize_read(void *ctx, int action, const char *a, const char *b,
               const char *c, const char *e)
{
	(void)ctx, (void)a, (void)b, (void)c, (void)e;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	default:
		return SQLITE_DENY;
	}
}

/* Position of byte offset off of sql, given where sql starts. */
static struct srcpos
offset_pos(const struct srcpos *start, const char *sql, int off)
{
	struct srcpos p = {NULL, 0, 0};
	int i;

	if (start == NULL)
		return p;
	p = *start;
	if (off < 0 || p.line <= 0)
		return p;
	for (i = 0; i < off && sql[i]; i++) {
		if (sql[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)sql[i] & 0xC0) != 0x80)
			p.col++;
	}
	return p;
}

static void
report_sql(struct db *db, const char *sql, const struct srcpos *pos,
           struct diag *d)
{
	int off = sqlite3_error_offset(db->h);
	const char *msg = sqlite3_errmsg(db->h);

	if (is_busy(db)) {
		report_busy(db->path, d);
		return;
	}
	if (db->stopped) {
		struct srcpos p = pos ? *pos : (struct srcpos){db->path, 0, 0};

		diag_report(
		    d, DIAG_DB_LIMIT, &p,
		    "query stopped after %lld "
		    "million steps (the limit, HRPRESS_QUERY_MSTEPS): make it "
		    "do less, e.g. bound a recursive WITH, or raise the limit",
		    db->lim.max_msteps);
		return;
	}
	if (pos != NULL) {
		struct srcpos p = offset_pos(pos, sql, off);
		enum diag_code code = sqlite3_errcode(db->h) == SQLITE_AUTH
		                          ? DIAG_DB_DENIED
		                          : DIAG_TMPL_SQL;
		diag_report(d, code, &p, "%s", msg);
	} else {
		struct srcpos p = {db->path, 0, 0};
		diag_report(d, DIAG_DB_SQL, &p, "%s", msg);
	}
}

static int
schema_version(struct db *db, int *version)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * A write that was killed (power cut, kill -9, a signal mid-transaction)
 * leaves a hot journal, which only a connection that may write can roll
 * back; a read-only connection then fails with SQLITE_READONLY. Open the
 * file read-write once, read from it so that SQLite rolls the journal
 * back, and close it. Returns 0 if that worked.
 */
static int
roll_back_journal(const char *path)
{
	sqlite3 *h = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(h, busy_wait_ms);
		rc = sqlite3_exec(h, "PRAGMA user_version", NULL, NULL, NULL);
	}
	sqlite3_close_v2(h);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * Run the upgrade scripts from version `from` to DB_SCHEMA_VERSION in one
 * transaction on an open read-write handle. Returns 0, or -1 after
 * reporting (the database is unchanged).
 */
static int
upgrade(struct db *db, int from, struct diag *d)
{
	char pragma[64];
	size_t i;

	assert(from >= 1 && from < DB_SCHEMA_VERSION);
	if (db_begin(db, d) != 0)
		return -1;
	for (i = (size_t)from - 1;
	     i < sizeof(migrations) / sizeof(migrations[0]); i++)
		if (db_exec(db, migrations[i], d) != 0) {
			db_rollback(db);
			return -1;
		}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
	         DB_SCHEMA_VERSION);
	if (db_exec(db, pragma, d) != 0 || db_commit(db, d) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static struct db *
open_db(const char *path, enum db_mode mode, struct diag *d, int recovered)
{
	struct srcpos p = {path, 0, 0};
	struct db *db;
	struct stat sb;
	int flags, version;

	if (mode == DB_CREATE) {
		if (stat(path, &sb) == 0 && sb.st_size > 0) {
			diag_report(d, DIAG_DB_EXISTS, &p,
			            "refusing to overwrite it");
			return NULL;
		}
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	} else {
		if (stat(path, &sb) != 0) {
			diag_report(d, DIAG_DB_MISSING, &p, "%s",
			            strerror(errno));
			return NULL;
		}
		flags = mode == DB_READONLY ? SQLITE_OPEN_READONLY
		                            : SQLITE_OPEN_READWRITE;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->mode = mode;
	if (sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		diag_report(d, DIAG_DB_OPEN, &p, "%s",
		            db->h ? sqlite3_errmsg(db->h) : "out of memory");
		db_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db->h, 0);
	sqlite3_busy_timeout(db->h, busy_wait_ms);
	if (sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		report_sql(db, "", NULL, d);
		db_close(db);
		return NULL;
	}
	if (mode == DB_CREATE) {
		if (db_begin(db, d) != 0 ||
		    db_exec(db, hrp_schema_sql, d) != 0 ||
		    db_commit(db, d) != 0) {
			db_rollback(db);
			db_close(db);
			return NULL;
		}
		return db;
	}
	if (schema_version(db, &version) != 0) {
		if (mode == DB_READONLY &&
		    sqlite3_errcode(db->h) == SQLITE_READONLY) {
			db_close(db);
			if (roll_back_journal(path) == 0 && !recovered)
				return open_db(path, mode, d, 1);
			diag_report(
			    d, DIAG_DB_OPEN, &p,
			    "an interrupted write left %s-journal; rolling "
			    "it back needs write access to the database and "
			    "its directory",
			    path);
			return NULL;
		}
		if (is_busy(db))
			report_busy(path, d);
		else
			diag_report(d, DIAG_DB_OPEN, &p, "%s",
			            sqlite3_errmsg(db->h));
		db_close(db);
		return NULL;
	}
	if (version >= 1 && version < DB_SCHEMA_VERSION && !recovered) {
		/*
		 * An older hrpress made it: upgrade in place, also for a
		 * reader (through one read-write open, as for a hot journal),
		 * so that a clerk never has to run a separate step.
		 */
		if (mode == DB_READONLY) {
			db_close(db);
			db = open_db(path, DB_READWRITE, d, 0);
			if (db == NULL)
				return NULL;
			db_close(db);
			return open_db(path, mode, d, 1);
		}
		if (upgrade(db, version, d) != 0) {
			db_close(db);
			return NULL;
		}
		diag_report(d, DIAG_DB_UPGRADED, &p, "schema version %d to %d",
		            version, DB_SCHEMA_VERSION);
		version = DB_SCHEMA_VERSION;
	}
	if (version != DB_SCHEMA_VERSION) {
		diag_report(
		    d, DIAG_DB_VERSION, &p,
		    version > DB_SCHEMA_VERSION
		        ? "found %d, expected %d: a newer hrpress made it; use "
		          "that version"
		        : "found %d, expected %d: not an hrpress database "
		          "(create "
		          "one with hrpress init)",
		    version, DB_SCHEMA_VERSION);
		db_close(db);
		return NULL;
	}
	if (mode == DB_READONLY) {
		/*
		 * One snapshot for the connection's life: every query of a
		 * render, an archive record or an export sees the same
		 * committed state, never a pay run half replaced (a writer's
		 * commit waits until the reader closes).
		 *
		 * cache_size also bounds what a sort keeps in memory before
		 * it spills to a temporary file. Every payslip row carries its
		 * store's logo and seal (the view slip_header), so a store's
		 * 150 slips sorted by department were 5 MB written to
		 * /var/tmp and read back, a quarter of a batch's time in
		 * system calls; 32 MiB keeps such a sort in memory, and a
		 * whole group's still spills.
		 */
		if (sqlite3_exec(db->h,
		                 "PRAGMA cache_size = -32768; BEGIN; "
		                 "SELECT count(*) FROM sqlite_master",
		                 NULL, NULL, NULL) != SQLITE_OK) {
			if (is_busy(db))
				report_busy(path, d);
			else
				diag_report(d, DIAG_DB_OPEN, &p, "%s",
				            sqlite3_errmsg(db->h));
			db_close(db);
			return NULL;
		}
		sqlite3_set_authorizer(db->h, authorize_read, NULL);
		db_limits_default(&db->lim);
		db_set_limits(db, &db->lim);
	}
	return db;
}

void
db_set_limits(struct db *db, const struct db_limits *l)
{
	assert(db->mode == DB_READONLY);
	db->lim = *l;
	sqlite3_progress_handler(db->h, l->max_msteps > 0 ? DB_PROGRESS_OPS : 0,
	                         progress, db);
	if (l->max_heap_mb > 0)
		sqlite3_hard_heap_limit64((sqlite3_int64)l->max_heap_mb << 20);
}

struct db *
db_open(const char *path, enum db_mode mode, struct diag *d)
{
	return open_db(path, mode, d, 0);
}

void
db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	for (i = 0; i < db->nblobs; i++)
		free(db->blobs[i].data);
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

static int
bind_params(struct db *db, sqlite3_stmt *st, const char *sql,
            const struct srcpos *pos, const struct db_param *params,
            size_t nparams, struct diag *d)
{
	int i, n = sqlite3_bind_parameter_count(st);
	int rc = 0;

	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		const struct db_param *pa = NULL;
		size_t k;
		int brc = SQLITE_OK;

		if (name == NULL ||
		    (name[0] != ':' && name[0] != '@' && name[0] != '$')) {
			struct srcpos p = offset_pos(pos, sql, -1);
			diag_report(d, DIAG_TMPL_UNBOUND_PARAM, pos ? &p : NULL,
			            "use named parameters (:name), not ?");
			rc = -1;
			continue;
		}
		for (k = 0; k < nparams; k++)
			if (strcmp(params[k].name, name + 1) == 0) {
				pa = &params[k];
				break;
			}
		if (pa == NULL) {
			const char *at = strstr(sql, name);
			struct srcpos p =
			    offset_pos(pos, sql, at ? (int)(at - sql) : -1);
			diag_report(d, DIAG_TMPL_UNBOUND_PARAM, pos ? &p : NULL,
			            "%s", name);
			rc = -1;
			continue;
		}
		switch (pa->v.type) {
		case FMT_V_NULL:
			brc = sqlite3_bind_null(st, i);
			break;
		case FMT_V_INT:
			brc = sqlite3_bind_int64(st, i, pa->v.i);
			break;
		case FMT_V_REAL:
			brc = sqlite3_bind_double(st, i, pa->v.r);
			break;
		case FMT_V_TEXT:
			brc = sqlite3_bind_text(st, i, pa->v.s, -1,
			                        SQLITE_STATIC);
			break;
		case FMT_V_BLOB:
			brc = sqlite3_bind_blob64(st, i, pa->v.s,
			                          (sqlite3_uint64)pa->v.i,
			                          SQLITE_STATIC);
			break;
		}
		if (brc != SQLITE_OK) {
			report_sql(db, sql, pos, d);
			rc = -1;
		}
	}
	return rc;
}

/* A prepared statement for sql, from the cache or new; NULL on error. */
static int
stmt_get(struct db *db, const char *sql, sqlite3_stmt **out)
{
	struct db_stmt *c;
	size_t i;

	for (i = 0; i < DB_STMT_CACHE; i++)
		if (db->cache[i].sql != NULL &&
		    strcmp(db->cache[i].sql, sql) == 0) {
			*out = db->cache[i].st;
			return 0;
		}
	if (sqlite3_prepare_v2(db->h, sql, -1, out, NULL) != SQLITE_OK)
		return -1;
	if (*out == NULL)
		return 0;
	c = &db->cache[db->next_evict];
	db->next_evict = (db->next_evict + 1) % DB_STMT_CACHE;
	sqlite3_finalize(c->st);
	free(c->sql);
	c->sql = xstrdup(sql);
	c->st = *out;
	return 0;
}

/* Done with a cached statement: ready for its next use. */
static void
stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* The bytes of a BLOB cell: the connection's copy if it has one. */
static const char *
blob_copy(struct db *db, struct arena *arena, const void *p, size_t len)
{
	struct db_blob *b;
	size_t i;

	if (len == 0)
		return "";
	for (i = 0; i < db->nblobs; i++)
		if (db->blobs[i].len == len &&
		    memcmp(db->blobs[i].data, p, len) == 0)
			return (const char *)db->blobs[i].data;
	if (db->nblobs == DB_BLOBS || len > DB_BLOB_BYTES - db->blob_bytes)
		return arena_memdup(arena, p, len);
	b = &db->blobs[db->nblobs++];
	b->data = xmalloc(len);
	memcpy(b->data, p, len);
	b->len = len;
	db->blob_bytes += len;
	return (const char *)b->data;
}

int
db_query(struct db *db, const char *sql, const struct srcpos *pos,
         const struct db_param *params, size_t nparams, struct arena *arena,
         struct db_rows *out, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	struct fmt_value *cells = NULL;
	size_t ncells = 0, cap = 0, nrows = 0, ncols, c;
	int rc;

	if (out)
		memset(out, 0, sizeof(*out));
	if (stmt_get(db, sql, &st) != 0) {
		report_sql(db, sql, pos, d);
		return -1;
	}
	if (st == NULL) /* empty statement */
		return 0;
	if (bind_params(db, st, sql, pos, params, nparams, d) != 0) {
		stmt_done(st);
		return -1;
	}
	ncols = (size_t)sqlite3_column_count(st);
	db->ticks = 0;
	db->stopped = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (db->lim.max_rows > 0 &&
		    (long long)nrows >= db->lim.max_rows) {
			struct srcpos p =
			    pos ? *pos : (struct srcpos){db->path, 0, 0};

			diag_report(
			    d, DIAG_DB_LIMIT, &p,
			    "query returns more "
			    "than %lld rows (the limit, HRPRESS_QUERY_ROWS): "
			    "add a WHERE or LIMIT, or raise the limit",
			    db->lim.max_rows);
			stmt_done(st);
			free(cells);
			return -1;
		}
		if (out == NULL)
			continue;
		cells = xgrow(cells, &cap, ncells + ncols, sizeof(*cells));
		for (c = 0; c < ncols; c++) {
			struct fmt_value *v = &cells[ncells + c];
			memset(v, 0, sizeof(*v));
			switch (sqlite3_column_type(st, (int)c)) {
			case SQLITE_NULL:
				v->type = FMT_V_NULL;
				break;
			case SQLITE_INTEGER:
				v->type = FMT_V_INT;
				v->i = sqlite3_column_int64(st, (int)c);
				break;
			case SQLITE_FLOAT:
				v->type = FMT_V_REAL;
				v->r = sqlite3_column_double(st, (int)c);
				break;
			case SQLITE_BLOB:
				v->type = FMT_V_BLOB;
				v->s = blob_copy(
				    db, arena, sqlite3_column_blob(st, (int)c),
				    (size_t)sqlite3_column_bytes(st, (int)c));
				v->i = sqlite3_column_bytes(st, (int)c);
				break;
			default: {
				const unsigned char *t =
				    sqlite3_column_text(st, (int)c);
				int n = sqlite3_column_bytes(st, (int)c);
				v->type = FMT_V_TEXT;
				v->s = arena_strndup(
				    arena, t ? (const char *)t : "", (size_t)n);
				break;
			}
			}
		}
		ncells += ncols;
		nrows++;
	}
	if (rc != SQLITE_DONE) {
		report_sql(db, sql, pos, d);
		stmt_done(st);
		free(cells);
		return -1;
	}
	if (out) {
		out->ncols = ncols;
		out->cols =
		    arena_alloc(arena, (ncols ? ncols : 1) * sizeof(char *));
		for (c = 0; c < ncols; c++)
			out->cols[c] = arena_strdup(
			    arena, sqlite3_column_name(st, (int)c));
		out->nrows = nrows;
		out->cells =
		    arena_alloc(arena, (ncells ? ncells : 1) * sizeof(*cells));
		if (ncells)
			memcpy(out->cells, cells, ncells * sizeof(*cells));
	}
	free(cells);
	stmt_done(st);
	return 0;
}

int
db_check_query(struct db *db, const char *sql, const struct srcpos *pos,
               const char *const *names, size_t n, struct arena *arena,
               const char ***cols, size_t *ncols, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int i, np, rc = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, &tail) != SQLITE_OK) {
		report_sql(db, sql, pos, d);
		return -1;
	}
	if (st == NULL) {
		struct srcpos p = offset_pos(pos, sql, -1);
		diag_report(d, DIAG_TMPL_SQL, pos ? &p : NULL, "empty query");
		return -1;
	}
	while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' ||
	                *tail == '\r' || *tail == ';'))
		tail++;
	if (tail && *tail) {
		struct srcpos p = offset_pos(pos, sql, (int)(tail - sql));
		diag_report(d, DIAG_TMPL_SQL, pos ? &p : NULL,
		            "only one statement per query");
		rc = -1;
	}
	if (!sqlite3_stmt_readonly(st)) {
		struct srcpos p = offset_pos(pos, sql, -1);
		diag_report(d, DIAG_DB_DENIED, pos ? &p : NULL,
		            "template queries may only read");
		rc = -1;
	}
	np = sqlite3_bind_parameter_count(st);
	for (i = 1; i <= np; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		size_t k;
		int found = 0;

		if (name == NULL) {
			struct srcpos p = offset_pos(pos, sql, -1);
			diag_report(d, DIAG_TMPL_UNBOUND_PARAM, pos ? &p : NULL,
			            "use named parameters (:name), not ?");
			rc = -1;
			continue;
		}
		for (k = 0; k < n && !found; k++)
			found = strcmp(names[k], name + 1) == 0;
		if (!found) {
			const char *at = strstr(sql, name);
			struct srcpos p =
			    offset_pos(pos, sql, at ? (int)(at - sql) : -1);
			diag_report(d, DIAG_TMPL_UNBOUND_PARAM, pos ? &p : NULL,
			            "%s", name);
			rc = -1;
		}
	}
	if (cols != NULL) {
		int nc = sqlite3_column_count(st);
		*cols =
		    arena_alloc(arena, (size_t)(nc ? nc : 1) * sizeof(char *));
		for (i = 0; i < nc; i++)
			(*cols)[i] =
			    arena_strdup(arena, sqlite3_column_name(st, i));
		*ncols = (size_t)nc;
	}
	sqlite3_finalize(st);
	return rc;
}

int
db_exec(struct db *db, const char *sql, struct diag *d)
{
	char *err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		struct srcpos p = {db->path, 0, 0};

		if (is_busy(db))
			report_busy(db->path, d);
		else
			diag_report(d, DIAG_DB_SQL, &p, "%s",
			            err ? err : "unknown error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
db_begin(struct db *db, struct diag *d)
{
	return db_exec(db, "BEGIN IMMEDIATE", d);
}

int
db_commit(struct db *db, struct diag *d)
{
	return db_exec(db, "COMMIT", d);
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

const struct fmt_value *
db_cell(const struct db_rows *r, size_t row, size_t col)
{
	return &r->cells[row * r->ncols + col];
}

int
db_col(const struct db_rows *r, const char *name)
{
	size_t c;

	for (c = 0; c < r->ncols; c++)
		if (strcmp(r->cols[c], name) == 0)
			return (int)c;
	return -1;
}

/* ---- parameters and typed cells ---- */

struct db_param
db_param_text(const char *name, const char *s)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.v.type = FMT_V_TEXT;
	p.v.s = s;
	return p;
}

struct db_param
db_param_int(const char *name, int64_t i)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.v.type = FMT_V_INT;
	p.v.i = i;
	return p;
}

int64_t
db_read_int(struct db_reader *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r->rows, row, col);

	if (v->type == FMT_V_INT)
		return v->i;
	if (v->type != FMT_V_NULL && !r->bad)
		diag_report(r->d, DIAG_DB_DATA, NULL,
		            "table %s, column %s: not an integer", r->table,
		            r->rows->cols[col]);
	if (v->type != FMT_V_NULL)
		r->bad = 1;
	return 0;
}

const char *
db_read_text(struct db_reader *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r->rows, row, col);

	if (v->type == FMT_V_TEXT)
		return v->s;
	if (v->type != FMT_V_NULL && !r->bad) {
		diag_report(r->d, DIAG_DB_DATA, NULL,
		            "table %s, column %s: not text", r->table,
		            r->rows->cols[col]);
		r->bad = 1;
	}
	return NULL;
}
