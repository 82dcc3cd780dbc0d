/* SPDX-License-Identifier: MIT */
/*
 * Merging the archive ledgers of shard databases (copies of one database
 * that each archived a shard of a month) into the main database: every
 * new row is checked against main, then all are inserted in one
 * transaction, or none.
 */
#include "ledger.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "xmem.h"

#define DB_ID_HEX 33

/* The columns of a ledger row as ledger_merge reads them. */
enum {
	C_PATH,
	C_KIND,
	C_EMP,
	C_MONTH,
	C_SHA,
	C_SIZE,
	C_AT,
	C_GEN,
	C_SIGNER,
	C_VERSION,
	C_ARCHIVE,
	NCOLS
};

static const char sql_rows[] =
    "SELECT path, kind, employee_id, month, sha256, size, created_at, "
    "generator, signer_sha256, version, archive_id FROM archive_ledger "
    "ORDER BY id";
static const char sql_main_rows[] =
    "SELECT path, kind, employee_id, month, sha256, size, created_at, "
    "generator, signer_sha256, version, archive_id FROM archive_ledger "
    "WHERE archive_id = :archive AND path = :path ORDER BY id";
static const char sql_run[] =
    "SELECT computed_at, generator FROM pay_run WHERE month = :month";
static const char sql_slip[] =
    "SELECT s.gross_fen, s.deduction_fen, s.net_fen FROM pay_slip s "
    "JOIN pay_run r ON r.id = s.run_id "
    "WHERE r.month = :month AND s.employee_id = :emp";
static const char sql_employee[] =
    "SELECT count(*) FROM employee WHERE id = :emp";

/* A month whose pay run was compared (per shard). */
struct month_seen {
	char month[8];
	int ok; /* 1 same run; 0 refused (reported once) */
};

/* State of one merge. */
struct merge {
	struct db *main;
	const char *main_path;
	const char *shard; /* path of the shard being merged */
	struct db *sdb;
	struct month_seen *months; /* of this shard */
	size_t nmonths, months_cap;
	char **open_months; /* months warned about (whole merge) */
	size_t nopen, open_cap;
	char **archives; /* archive ids of the new rows */
	size_t narchives, archives_cap;
	size_t conflicts;
	int foreign; /* a refusal other than a conflict */
	struct diag *d;
};

static const char *
text(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_TEXT ? v->s : NULL;
}

static long long
integer(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_INT ? (long long)v->i : -1;
}

static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
set_text(struct db_param *p, const char *name, const char *s)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->v.type = s != NULL ? FMT_V_TEXT : FMT_V_NULL;
	p->v.s = s;
}

int
ledger_db_id(struct db *db, char *id, struct diag *d)
{
	struct arena *a = arena_new();
	struct db_rows rows;
	const char *s;
	int rc = -1;

	if (db_query(db,
	             "SELECT count(*) FROM sqlite_master WHERE "
	             "type = 'table' AND name = 'db_identity'",
	             NULL, NULL, 0, a, &rows, d) != 0)
		goto out;
	if (integer(&rows, 0, 0) != 1) {
		diag_report(
		    d, DIAG_LEDGER_FOREIGN, NULL,
		    "%s: the database "
		    "has no database id (table db_identity), so no copy of it "
		    "can be recognised; make it again with hrpress init",
		    db_path(db));
		goto out;
	}
	if (db_query(db, "SELECT id FROM db_identity", NULL, NULL, 0, a, &rows,
	             d) != 0)
		goto out;
	if (rows.nrows != 1 || (s = text(&rows, 0, 0)) == NULL ||
	    strlen(s) != DB_ID_HEX - 1) {
		diag_report(
		    d, DIAG_LEDGER_FOREIGN, NULL,
		    "%s: the database "
		    "id (table db_identity) is damaged; restore the database "
		    "from a backup",
		    db_path(db));
		goto out;
	}
	memcpy(id, s, DB_ID_HEX);
	rc = 0;
out:
	arena_free(a);
	return rc;
}

/* "payslip E0012 2025-03" for messages; static buffer of the caller. */
static const char *
record_name(const struct db_rows *r, size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s of %s", text(r, i, C_EMP),
	         text(r, i, C_KIND), text(r, i, C_MONTH));
	return buf;
}

/*
 * Is the row the same record as main's row j? Times and generator may
 * differ only if the file does not: they describe the run, not the file.
 */
static int
same_row(const struct db_rows *s, size_t i, const struct db_rows *m, size_t j)
{
	return same_text(text(s, i, C_KIND), text(m, j, C_KIND)) &&
	       same_text(text(s, i, C_EMP), text(m, j, C_EMP)) &&
	       same_text(text(s, i, C_MONTH), text(m, j, C_MONTH)) &&
	       same_text(text(s, i, C_SHA), text(m, j, C_SHA)) &&
	       same_text(text(s, i, C_SIGNER), text(m, j, C_SIGNER)) &&
	       integer(s, i, C_SIZE) == integer(m, j, C_SIZE) &&
	       integer(s, i, C_VERSION) == integer(m, j, C_VERSION);
}

/* What differs between shard row i and main's row j, for the message. */
static void
describe_difference(const struct db_rows *s, size_t i, const struct db_rows *m,
                    size_t j, const char *main, char *buf, size_t size)
{
	const char *ms = text(m, j, C_SIGNER), *ss = text(s, i, C_SIGNER);

	if (!same_text(text(s, i, C_SHA), text(m, j, C_SHA)))
		snprintf(
		    buf, size,
		    "%s has a file of %lld bytes with "
		    "SHA-256 %.12s..., the shard another of %lld bytes with "
		    "SHA-256 %.12s...: two different files under one name",
		    main, integer(m, j, C_SIZE), text(m, j, C_SHA),
		    integer(s, i, C_SIZE), text(s, i, C_SHA));
	else if (!same_text(ss, ms))
		snprintf(buf, size,
		         "the same file is signed by certificate "
		         "%.12s... in %s and %.12s... in the shard",
		         ms ? ms : "(none)", main, ss ? ss : "(none)");
	else
		snprintf(buf, size,
		         "the same file is recorded as %s %s of "
		         "%s version %lld in %s and version %lld in the shard",
		         text(m, j, C_EMP), text(m, j, C_KIND),
		         text(m, j, C_MONTH), integer(m, j, C_VERSION), main,
		         integer(s, i, C_VERSION));
}

static void
conflict(struct merge *g, const char *fmt_record, const char *path,
         const char *what)
{
	g->conflicts++;
	if (g->conflicts > LEDGER_MAX_CONFLICTS)
		return;
	diag_report(
	    g->d, DIAG_LEDGER_CONFLICT, NULL,
	    "%s: %s, %s: %s; "
	    "nothing was merged: keep the file already recorded, and archive "
	    "that record again from a fresh copy of %s (it gets the next "
	    "version)",
	    g->shard, fmt_record, path, what, g->main_path);
}

/*
 * The shard's stored pay run of month is main's: same run (time computed
 * and generator). Checked once a month; a refusal is reported once.
 */
static int
same_run(struct merge *g, const char *month)
{
	struct arena *a;
	struct db_rows sr, mr;
	struct db_param p;
	struct month_seen *m;
	size_t i;
	int ok = 0;

	for (i = 0; i < g->nmonths; i++)
		if (strcmp(g->months[i].month, month) == 0)
			return g->months[i].ok;
	a = arena_new();
	set_text(&p, "month", month);
	if (db_query(g->sdb, sql_run, NULL, &p, 1, a, &sr, g->d) != 0 ||
	    db_query(g->main, sql_run, NULL, &p, 1, a, &mr, g->d) != 0) {
		g->foreign = 1;
		goto out;
	}
	if (mr.nrows == 0 || sr.nrows == 0)
		diag_report(
		    g->d, DIAG_LEDGER_FOREIGN, NULL,
		    "%s: its payslips "
		    "of %s are from a pay run that %s has not stored: archive "
		    "the month from a copy of %s made after hrpress payroll",
		    g->shard, month, mr.nrows == 0 ? g->main_path : "the shard",
		    g->main_path);
	else if (!same_text(text(&sr, 0, 0), text(&mr, 0, 0)) ||
	         !same_text(text(&sr, 0, 1), text(&mr, 0, 1)))
		diag_report(
		    g->d, DIAG_LEDGER_FOREIGN, NULL,
		    "%s: its payslips "
		    "of %s are from the pay run computed at %s, but the pay "
		    "run "
		    "of %s was computed at %s (payroll was run again after the "
		    "copy was made, so amounts may differ): archive the month "
		    "again from a fresh copy of %s",
		    g->shard, month, text(&sr, 0, 0), g->main_path,
		    text(&mr, 0, 0), g->main_path);
	else
		ok = 1;
	if (!ok)
		g->foreign = 1;
out:
	if (g->nmonths == g->months_cap)
		g->months = xgrow(g->months, &g->months_cap, g->nmonths + 1,
		                  sizeof(*g->months));
	m = &g->months[g->nmonths++];
	snprintf(m->month, sizeof(m->month), "%s", month);
	m->ok = ok;
	arena_free(a);
	return ok;
}

/*
 * The payslip of emp in month shows the same amounts in the shard as in
 * main: the archived file is main's payslip.
 */
static int
same_slip(struct merge *g, const char *month, const char *emp, const char *rec)
{
	struct arena *a = arena_new();
	struct db_rows sr, mr;
	struct db_param p[2];
	size_t c;
	int ok = 0;

	set_text(&p[0], "month", month);
	set_text(&p[1], "emp", emp);
	if (db_query(g->sdb, sql_slip, NULL, p, 2, a, &sr, g->d) != 0 ||
	    db_query(g->main, sql_slip, NULL, p, 2, a, &mr, g->d) != 0)
		goto out;
	if (sr.nrows == 1 && mr.nrows == 1) {
		for (c = 0; c < 3; c++)
			if (integer(&sr, 0, c) != integer(&mr, 0, c))
				break;
		ok = c == 3;
	}
	if (!ok)
		diag_report(
		    g->d, DIAG_LEDGER_FOREIGN, NULL,
		    "%s: %s: the "
		    "shard's payslip (net %lld fen) is not the one %s has "
		    "stored (%s): archive the month again from a fresh copy of "
		    "%s",
		    g->shard, rec, sr.nrows == 1 ? integer(&sr, 0, 2) : 0LL,
		    g->main_path,
		    mr.nrows == 1 ? "other amounts"
		                  : "no payslip of this employee",
		    g->main_path);
out:
	if (!ok)
		g->foreign = 1;
	arena_free(a);
	return ok;
}

/* Warn once per month of new payslips that main has not closed. */
static int
warn_open(struct merge *g, const char *month)
{
	size_t i;
	int closed;

	for (i = 0; i < g->nopen; i++)
		if (strcmp(g->open_months[i], month) == 0)
			return 0;
	if ((closed = closing_is_closed(g->main, month, g->d)) < 0)
		return -1;
	if (g->nopen == g->open_cap)
		g->open_months = xgrow(g->open_months, &g->open_cap,
		                       g->nopen + 1, sizeof(*g->open_months));
	g->open_months[g->nopen++] = xstrdup(month);
	if (!closed)
		diag_report(
		    g->d, DIAG_ARCHIVE_OPEN_MONTH, NULL,
		    "%s: its pay "
		    "run can still change; after review, hrpress close %s "
		    "--month %s locks it",
		    month, g->main_path, month);
	return 0;
}

static void
note_archive(struct merge *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->narchives; i++)
		if (strcmp(g->archives[i], id) == 0)
			return;
	if (g->narchives == g->archives_cap)
		g->archives = xgrow(g->archives, &g->archives_cap,
		                    g->narchives + 1, sizeof(*g->archives));
	g->archives[g->narchives++] = xstrdup(id);
}

/* A new row: does it hold together and belong to main? 1, 0 or -1. */
static int
check_new(struct merge *g, const struct db_rows *r, size_t i, const char *rec)
{
	struct archive_ident id;
	struct arena *a;
	struct db_rows er;
	struct db_param p;
	const char *kind = text(r, i, C_KIND), *emp = text(r, i, C_EMP),
	           *month = text(r, i, C_MONTH), *path = text(r, i, C_PATH);
	int known;

	memset(&id, 0, sizeof(id));
	if (kind == NULL || emp == NULL || month == NULL || path == NULL ||
	    strlen(emp) >= sizeof(id.employee_id) ||
	    strlen(month) >= sizeof(id.month) ||
	    strlen(kind) >= sizeof(id.kind)) {
		conflict(g, rec, path ? path : "(no path)",
		         "the row is incomplete");
		return 0;
	}
	memcpy(id.employee_id, emp, strlen(emp) + 1);
	memcpy(id.month, month, strlen(month) + 1);
	memcpy(id.kind, kind, strlen(kind) + 1);
	if (!archive_ident_matches_path(&id, path)) {
		conflict(g, rec, path, "the path does not name this record");
		return 0;
	}
	a = arena_new();
	set_text(&p, "emp", emp);
	if (db_query(g->main, sql_employee, NULL, &p, 1, a, &er, g->d) != 0) {
		arena_free(a);
		return -1;
	}
	known = integer(&er, 0, 0) > 0;
	arena_free(a);
	if (!known) {
		diag_report(g->d, DIAG_LEDGER_FOREIGN, NULL,
		            "%s: %s: %s has "
		            "no employee %s; the shard is not a copy of it",
		            g->shard, rec, g->main_path, emp);
		g->foreign = 1;
		return 0;
	}
	if (strcmp(kind, "payslip") == 0) {
		if (!same_run(g, month) || !same_slip(g, month, emp, rec))
			return 0;
		if (warn_open(g, month) != 0)
			return -1;
	}
	return 1;
}

/* Row i as an entry pointing into the rows' arena. */
static void
to_entry(const struct db_rows *r, size_t i, struct archive_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->path = text(r, i, C_PATH);
	e->kind = text(r, i, C_KIND);
	e->employee_id = text(r, i, C_EMP);
	e->month = text(r, i, C_MONTH);
	e->sha256 = text(r, i, C_SHA);
	e->size = integer(r, i, C_SIZE);
	e->created_at = text(r, i, C_AT);
	e->generator = text(r, i, C_GEN);
	e->signer_sha256 = text(r, i, C_SIGNER);
	e->version = (int)integer(r, i, C_VERSION);
	e->archive_id = text(r, i, C_ARCHIVE);
}

/*
 * One shard, inside main's transaction: each row is looked up in main
 * (which holds the rows of the shards merged before it in this run, so a
 * shard given twice adds nothing) and inserted at once when new.
 */
static int
merge_shard(struct merge *g, struct ledger_shard_stats *st)
{
	struct arena *a = arena_new();
	struct db_rows r;
	size_t i, j;
	int rc = -1;

	if (db_query(g->sdb, sql_rows, NULL, NULL, 0, a, &r, g->d) != 0)
		goto out;
	st->rows = r.nrows;
	for (i = 0; i < r.nrows; i++) {
		struct arena *ma = arena_new();
		struct db_rows m;
		struct db_param p[2];
		struct archive_entry e;
		char rec[160], what[PATH_MAX + 320];
		const char *archive = text(&r, i, C_ARCHIVE),
		           *path = text(&r, i, C_PATH);
		int found = 0, ok;

		record_name(&r, i, rec, sizeof(rec));
		set_text(&p[0], "archive", archive ? archive : "");
		set_text(&p[1], "path", path);
		if (db_query(g->main, sql_main_rows, NULL, p, 2, ma, &m,
		             g->d) != 0) {
			arena_free(ma);
			goto out;
		}
		for (j = 0; j < m.nrows && !found; j++)
			found = same_row(&r, i, &m, j);
		if (!found && m.nrows > 0) {
			describe_difference(&r, i, &m, 0, g->main_path, what,
			                    sizeof(what));
			conflict(g, rec, path, what);
		}
		arena_free(ma);
		if (found) {
			st->known++;
			continue;
		}
		if (m.nrows > 0 || g->foreign)
			continue; /* one refusal of a shard is enough */
		if ((ok = check_new(g, &r, i, rec)) < 0)
			goto out;
		if (ok == 0 || g->conflicts > 0 || g->foreign)
			continue; /* refused: keep checking, insert none */
		to_entry(&r, i, &e);
		if (archive_ledger_insert(g->main, &e, 1, g->d) != 0)
			goto out;
		note_archive(g, e.archive_id ? e.archive_id : "");
		st->added++;
	}
	rc = 0;
out:
	arena_free(a);
	return rc;
}

/* Is path the main database's file (the same inode)? */
static int
is_main(const char *main_path, const char *path)
{
	struct stat a, b;

	return stat(main_path, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int
open_shard(struct merge *g, const char *main_id)
{
	char id[DB_ID_HEX];

	if (is_main(g->main_path, g->shard)) {
		diag_report(g->d, DIAG_LEDGER_FOREIGN, NULL,
		            "%s is the main "
		            "database itself: give the shards' copies after it",
		            g->shard);
		return -1;
	}
	if ((g->sdb = db_open(g->shard, DB_READONLY, g->d)) == NULL ||
	    ledger_db_id(g->sdb, id, g->d) != 0)
		return -1;
	if (strcmp(id, main_id) != 0) {
		diag_report(
		    g->d, DIAG_LEDGER_FOREIGN, NULL,
		    "%s: not a copy "
		    "of %s (database id %.8s..., not %.8s...): its ledger "
		    "names another database's records; merge only the copies "
		    "of %s that archived its shards",
		    g->shard, g->main_path, id, main_id, g->main_path);
		return -1;
	}
	return 0;
}

static void
merge_free(struct merge *g)
{
	size_t i;

	for (i = 0; i < g->nopen; i++)
		free(g->open_months[i]);
	for (i = 0; i < g->narchives; i++)
		free(g->archives[i]);
	free(g->open_months);
	free(g->archives);
	free(g->months);
	db_close(g->sdb);
}

int
ledger_merge(struct db *main, const char *const *paths, size_t n,
             struct ledger_shard_stats *st, struct diag *d)
{
	struct merge g;
	char main_id[DB_ID_HEX];
	size_t i;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	g.main = main;
	g.main_path = db_path(main);
	g.d = d;
	memset(st, 0, n * sizeof(*st));
	if (ledger_db_id(main, main_id, d) != 0)
		return -1;
	/* BEGIN IMMEDIATE: the one writer from the first look to commit */
	if (db_begin(main, d) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		g.shard = paths[i];
		g.nmonths = 0;
		if (open_shard(&g, main_id) != 0 ||
		    merge_shard(&g, &st[i]) != 0)
			goto out;
		db_close(g.sdb);
		g.sdb = NULL;
	}
	if (g.conflicts > LEDGER_MAX_CONFLICTS)
		diag_report(d, DIAG_LEDGER_CONFLICT, NULL,
		            "%zu more "
		            "conflicts not shown",
		            g.conflicts - LEDGER_MAX_CONFLICTS);
	if (g.conflicts > 0 || g.foreign)
		goto out;
	if (g.narchives > 1)
		diag_report(
		    d, DIAG_LEDGER_ARCHIVES, NULL,
		    "the new records "
		    "are in %zu archive directories (ids %.8s..., %.8s...%s), "
		    "each with its own %s: keep each directory whole, or give "
		    "every shard the same id file before archiving "
		    "(docs/archive.md)",
		    g.narchives, g.archives[0], g.archives[1],
		    g.narchives > 2 ? ", ..." : "", ARCHIVE_ID_FILE);
	if (db_commit(main, d) != 0)
		goto out_done;
	rc = 0;
	goto out_done;
out:
	db_rollback(main);
out_done:
	merge_free(&g);
	return rc;
}
