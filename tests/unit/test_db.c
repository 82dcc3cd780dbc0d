/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for db.c: open modes and the schema-version check, queries with
 * named parameters whose rows outlive the statement, SQL error positions,
 * the read-only authorizer, query checking and transactions. Every test
 * works on a fresh database in its own temporary directory.
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
#include <sqlite3.h>

#include "db.h"
#include "diag.h"
#include "xmem.h"

struct fixture {
	char dir[64];
	char *path;		/* dir/hr.db */
	struct arena *a;
	struct diag *d;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hrp-test-db-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->a = arena_new();
	f->d = diag_new(NULL);
	*state = f;
	return 0;
}

static void
remove_in(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);

	unlink(p);
	free(p);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {
		"hr.db", "hr.db-journal", "hr.db-wal", "hr.db-shm", "other.db",
		"other.db-journal", "plain.txt", "empty.db", "missing.db",
		"foreign.db",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		remove_in(f->dir, names[i]);
	rmdir(f->dir);
	free(f->path);
	arena_free(f->a);
	diag_free(f->d);
	free(f);
	return 0;
}

static int
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* A created database with two stores; closed again. */
static void
make_db(struct fixture *f)
{
	struct db *db = db_open(f->path, DB_CREATE, f->d);

	if (db == NULL)
		fail_msg("DB_CREATE failed: %s", diag_text(f->d));
	assert_int_equal(db_exec(db,
	    "INSERT INTO store (id, name, short_name, city) VALUES"
	    " ('S1', '一号店有限公司', '一号店', '杭州'),"
	    " ('S2', 'Second Store Ltd', 'Second', '');", f->d), 0);
	db_close(db);
	assert_int_equal(diag_errors(f->d), 0);
}

/* Number of rows of a one-integer query, run on a fresh read-write handle. */
static int64_t
count(struct fixture *f, const char *sql)
{
	struct diag *d = diag_new(NULL);
	struct arena *a = arena_new();
	struct db *db = db_open(f->path, DB_READWRITE, d);
	struct db_rows r;
	int64_t n;

	assert_non_null(db);
	assert_int_equal(db_query(db, sql, NULL, NULL, 0, a, &r, d), 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(db_cell(&r, 0, 0)->type, FMT_V_INT);
	n = db_cell(&r, 0, 0)->i;
	db_close(db);
	arena_free(a);
	diag_free(d);
	return n;
}

/* ---- opening ---- */

static void
test_create_reopen(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows r;

	assert_false(exists(f->path));
	db = db_open(f->path, DB_CREATE, f->d);
	assert_non_null(db);
	assert_string_equal(db_path(db), f->path);
	/* The schema is there and stamped with its version. */
	assert_int_equal(db_query(db, "PRAGMA user_version", NULL, NULL, 0,
	    f->a, &r, f->d), 0);
	assert_int_equal(db_cell(&r, 0, 0)->i, DB_SCHEMA_VERSION);
	assert_int_equal(db_query(db, "SELECT count(*) FROM measure "
	    "WHERE code = 'units'", NULL, NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(db_cell(&r, 0, 0)->i, 1);
	db_close(db);
	assert_true(exists(f->path));

	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);
	db_close(db);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	assert_int_equal(db_query(db, "SELECT count(*) FROM employee", NULL,
	    NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(db_cell(&r, 0, 0)->i, 0);
	db_close(db);
	assert_int_equal(diag_errors(f->d), 0);
	db_close(NULL);
}

static void
test_create_on_empty_file(void **state)
{
	struct fixture *f = *state;
	struct db *db;

	/* An empty file (e.g. from touch) may be initialised. */
	write_file(f->path, "");
	db = db_open(f->path, DB_CREATE, f->d);
	assert_non_null(db);
	db_close(db);
	assert_int_equal(diag_errors(f->d), 0);
}

static void
test_create_refuses_existing(void **state)
{
	struct fixture *f = *state;
	char *plain = xasprintf("%s/plain.txt", f->dir);
	struct db *db;
	FILE *fp;
	char buf[64];

	make_db(f);
	db = db_open(f->path, DB_CREATE, f->d);
	assert_null(db);
	assert_true(diag_has(f->d, DIAG_DB_EXISTS));
	assert_non_null(strstr(diag_text(f->d), f->path));
	/* The data is still there. */
	assert_int_equal(count(f, "SELECT count(*) FROM store"), 2);

	/* Any non-empty file, database or not, is left alone. */
	write_file(plain, "precious notes\n");
	assert_null(db_open(plain, DB_CREATE, f->d));
	assert_int_equal(diag_errors(f->d), 2);
	fp = fopen(plain, "rb");
	assert_non_null(fp);
	memset(buf, 0, sizeof(buf));
	assert_true(fread(buf, 1, sizeof(buf) - 1, fp) > 0);
	fclose(fp);
	assert_string_equal(buf, "precious notes\n");
	free(plain);
}

static void
test_missing(void **state)
{
	struct fixture *f = *state;
	char *missing = xasprintf("%s/missing.db", f->dir);

	assert_null(db_open(missing, DB_READWRITE, f->d));
	assert_true(diag_has(f->d, DIAG_DB_MISSING));
	assert_null(db_open(missing, DB_READONLY, f->d));
	assert_int_equal(diag_errors(f->d), 2);
	assert_non_null(strstr(diag_text(f->d), missing));
	/* Opening must not create it. */
	assert_false(exists(missing));
	free(missing);
}

static void
test_version_mismatch(void **state)
{
	struct fixture *f = *state;
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "PRAGMA user_version = 7", f->d), 0);
	db_close(db);

	assert_null(db_open(f->path, DB_READWRITE, f->d));
	assert_true(diag_has(f->d, DIAG_DB_VERSION));
	assert_non_null(strstr(diag_text(f->d), "found 7, expected 2"));
	assert_null(db_open(f->path, DB_READONLY, f->d));
	assert_int_equal(diag_errors(f->d), 2);
}

static void
test_foreign_sqlite_file(void **state)
{
	struct fixture *f = *state;
	char *foreign = xasprintf("%s/foreign.db", f->dir);
	char *plain = xasprintf("%s/plain.txt", f->dir);
	struct db *db;

	/* A SQLite file made by something else has user_version 0. */
	write_file(foreign, "");
	db = db_open(foreign, DB_CREATE, f->d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "PRAGMA user_version = 0", f->d), 0);
	db_close(db);
	assert_null(db_open(foreign, DB_READONLY, f->d));
	assert_true(diag_has(f->d, DIAG_DB_VERSION));
	assert_non_null(strstr(diag_text(f->d), "found 0"));

	/* Not a database at all: refused, not crashed. */
	write_file(plain, "this is not a database, just some text\n"
	    "padded so that sqlite reads a whole header from it ......\n"
	    "................................................................\n");
	assert_null(db_open(plain, DB_READWRITE, f->d));
	assert_true(diag_has(f->d, DIAG_DB_OPEN)
	    || diag_has(f->d, DIAG_DB_SQL));
	assert_int_equal(diag_errors(f->d), 2);
	free(foreign);
	free(plain);
}

/* ---- queries ---- */

static void
test_query_params(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows r;
	struct db_param p[4];

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	memset(p, 0, sizeof(p));
	p[0].name = "id";
	p[0].v.type = FMT_V_TEXT;
	p[0].v.s = "S1";
	p[1].name = "n";
	p[1].v.type = FMT_V_INT;
	p[1].v.i = 41;
	p[2].name = "none";
	p[2].v.type = FMT_V_NULL;
	p[3].name = "unused";		/* extra params are ignored */
	p[3].v.type = FMT_V_INT;
	assert_int_equal(db_query(db,
	    "SELECT id, name, :n + 1 AS n1, :none IS NULL AS is_null, :none AS nv,"
	    " city, 2.5 AS r FROM store WHERE id = :id", NULL, p, 4, f->a, &r,
	    f->d), 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.ncols, 7);
	assert_string_equal(r.cols[0], "id");
	assert_string_equal(r.cols[2], "n1");
	assert_int_equal(db_col(&r, "name"), 1);
	assert_int_equal(db_col(&r, "is_null"), 3);
	assert_int_equal(db_col(&r, "nosuch"), -1);
	assert_int_equal(db_cell(&r, 0, 0)->type, FMT_V_TEXT);
	assert_string_equal(db_cell(&r, 0, 0)->s, "S1");
	assert_string_equal(db_cell(&r, 0, 1)->s, "一号店有限公司");
	assert_int_equal(db_cell(&r, 0, 2)->type, FMT_V_INT);
	assert_int_equal(db_cell(&r, 0, 2)->i, 42);
	assert_int_equal(db_cell(&r, 0, 3)->i, 1);
	assert_int_equal(db_cell(&r, 0, 4)->type, FMT_V_NULL);
	assert_string_equal(db_cell(&r, 0, 5)->s, "杭州");
	assert_int_equal(db_cell(&r, 0, 6)->type, FMT_V_REAL);
	assert_true(db_cell(&r, 0, 6)->r == 2.5);

	/* The same statement with the other id. */
	p[0].v.s = "S2";
	assert_int_equal(db_query(db, "SELECT name, city FROM store "
	    "WHERE id = :id", NULL, p, 1, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 1);
	assert_string_equal(db_cell(&r, 0, 0)->s, "Second Store Ltd");
	/* Empty text stays text, not NULL. */
	assert_int_equal(db_cell(&r, 0, 1)->type, FMT_V_TEXT);
	assert_string_equal(db_cell(&r, 0, 1)->s, "");

	/* No rows: the column names are still known. */
	p[0].v.s = "S9";
	assert_int_equal(db_query(db, "SELECT id, name FROM store "
	    "WHERE id = :id", NULL, p, 1, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.ncols, 2);
	assert_string_equal(r.cols[1], "name");

	/* out may be NULL: the statement runs, nothing is kept. */
	assert_int_equal(db_query(db, "SELECT * FROM store", NULL, NULL, 0,
	    f->a, NULL, f->d), 0);
	assert_int_equal(diag_errors(f->d), 0);
	db_close(db);
}

/* db_param_text/db_param_int build parameters; a db_reader reads cells by
   type and reports the first cell of the wrong type once. */
static void
test_params_and_reader(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows r;
	struct db_param p[2];
	struct db_reader rd;

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	p[0] = db_param_text("id", "S1");
	p[1] = db_param_int("n", 41);
	assert_string_equal(p[0].name, "id");
	assert_int_equal(p[0].v.type, FMT_V_TEXT);
	assert_int_equal(p[1].v.type, FMT_V_INT);
	assert_int_equal(db_query(db,
	    "SELECT :n + 1 AS n1, name, NULL AS z, city FROM store "
	    "WHERE id = :id", NULL, p, 2, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 1);
	rd.rows = &r;
	rd.table = "store";
	rd.d = f->d;
	rd.bad = 0;
	assert_int_equal(db_read_int(&rd, 0, 0), 42);
	assert_string_equal(db_read_text(&rd, 0, 1), "一号店有限公司");
	/* NULL reads as 0 and as no text, and is not an error. */
	assert_int_equal(db_read_int(&rd, 0, 2), 0);
	assert_null(db_read_text(&rd, 0, 2));
	assert_int_equal(rd.bad, 0);
	assert_int_equal(diag_errors(f->d), 0);
	/* Text where an integer belongs, then the other way round: one
	   message naming the table and the first column. */
	assert_int_equal(db_read_int(&rd, 0, 1), 0);
	assert_int_equal(rd.bad, 1);
	assert_null(db_read_text(&rd, 0, 0));
	assert_int_equal(diag_errors(f->d), 1);
	assert_non_null(strstr(diag_text(f->d),
	    "table store, column name: not an integer"));
	assert_null(strstr(diag_text(f->d), "not text"));
	db_close(db);
}

#define RENAMED "renamed, and longer than before so SQLite reuses its memory"

static void
test_query_rows_outlive_statement(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows first, other;
	const char *name0, *name1;
	int i;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_query(db, "SELECT id, name FROM store ORDER BY id",
	    NULL, NULL, 0, f->a, &first, f->d), 0);
	assert_int_equal(first.nrows, 2);
	name0 = db_cell(&first, 0, 1)->s;
	name1 = db_cell(&first, 1, 1)->s;
	/* Change the data and run many other statements: the copied rows must
	 * neither change nor dangle. */
	assert_int_equal(db_exec(db, "UPDATE store SET name = '" RENAMED "'",
	    f->d), 0);
	for (i = 0; i < 50; i++)
		assert_int_equal(db_query(db, "SELECT name, short_name, city, "
		    "address FROM store ORDER BY id DESC", NULL, NULL, 0, f->a,
		    &other, f->d), 0);
	assert_string_equal(db_cell(&other, 0, 0)->s, RENAMED);
	assert_string_equal(name0, "一号店有限公司");
	assert_string_equal(name1, "Second Store Ltd");
	assert_string_equal(first.cols[1], "name");
	assert_string_equal(db_cell(&first, 1, 0)->s, "S2");
	db_close(db);
	/* ... and even outlive the connection. */
	assert_string_equal(db_cell(&first, 0, 0)->s, "S1");
	assert_string_equal(name0, "一号店有限公司");
}

static void
test_query_unbound(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows r;
	struct db_param p = { "id", { FMT_V_TEXT, 0, 0, "S1" } };
	struct srcpos pos = { "q.xml", 3, 5 };

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	assert_int_equal(db_query(db, "SELECT name FROM store\n"
	    "WHERE id = :id AND city = :city", &pos, &p, 1, f->a, &r, f->d), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_UNBOUND_PARAM));
	/* At the parameter: line 4, column 27. */
	assert_non_null(strstr(diag_text(f->d), "q.xml:4:27: error: "));
	assert_non_null(strstr(diag_text(f->d), ":city"));
	assert_int_equal(diag_errors(f->d), 1);

	/* Positional parameters are refused. */
	assert_int_equal(db_query(db, "SELECT name FROM store WHERE id = ?",
	    &pos, &p, 1, f->a, &r, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "named parameters"));
	assert_int_equal(diag_errors(f->d), 2);
	db_close(db);
}

static void
test_query_error_position(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows r;
	struct srcpos pos = { "t.xml", 10, 5 };

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	/* Syntax error on the 2nd line, third column. */
	assert_int_equal(db_query(db, "SELECT id,\n  FROM store", &pos, NULL, 0,
	    f->a, &r, f->d), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_SQL));
	assert_non_null(strstr(diag_text(f->d), "t.xml:11:3: error: "
	    "error in template SQL: near \"FROM\": syntax error"));
	/* On the first line, the column is counted from pos. */
	assert_int_equal(db_query(db, "SELECT nosuch FROM store", &pos, NULL,
	    0, f->a, &r, f->d), -1);
	assert_non_null(strstr(diag_text(f->d),
	    "t.xml:10:12: error: error in template SQL: no such column: nosuch"));
	/* Columns count characters, not bytes (bytes would give 24). */
	assert_int_equal(db_query(db, "SELECT '工资' || oops FROM store", &pos,
	    NULL, 0, f->a, &r, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "t.xml:10:20: error: "));
	/* Without a position it is a database error naming the file. */
	assert_int_equal(db_query(db, "SELEC 1", NULL, NULL, 0, f->a, &r,
	    f->d), -1);
	assert_true(diag_has(f->d, DIAG_DB_SQL));
	assert_non_null(strstr(diag_text(f->d), f->path));
	assert_int_equal(diag_errors(f->d), 4);
	db_close(db);
}

static void
test_foreign_keys_on(void **state)
{
	struct fixture *f = *state;
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "INSERT INTO department (id, store_id, "
	    "name) VALUES ('D1', 'NOSTORE', 'x')", f->d), -1);
	assert_true(diag_has(f->d, DIAG_DB_SQL));
	assert_non_null(strstr(diag_text(f->d), "FOREIGN KEY"));
	db_close(db);
	assert_int_equal(count(f, "SELECT count(*) FROM department"), 0);
}

/* ---- read-only connections ---- */

static void
test_readonly_refuses_writes(void **state)
{
	struct fixture *f = *state;
	static const char *const writes[] = {
		"INSERT INTO store (id, name, short_name) VALUES ('S3', 'a', 'b')",
		"UPDATE store SET name = 'changed'",
		"DELETE FROM store",
		"REPLACE INTO store (id, name, short_name) VALUES ('S1', 'a', 'b')",
		"PRAGMA user_version = 5",
		"PRAGMA foreign_keys = OFF",
		"PRAGMA journal_mode = WAL",
		"CREATE TABLE t (x)",
		"CREATE TEMP TABLE t (x)",
		"DROP TABLE store",
		"ALTER TABLE store ADD COLUMN y",
		"CREATE INDEX store_city ON store(city)",
		"VACUUM",
		"WITH x AS (SELECT 1) DELETE FROM store",
	};
	char *other = xasprintf("%s/other.db", f->dir);
	char *attach = xasprintf("ATTACH '%s' AS o", other);
	struct srcpos pos = { "t.xml", 2, 1 };
	struct db *db;
	struct db_rows r;
	size_t i;
	int errors = 0;

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	for (i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		if (db_query(db, writes[i], &pos, NULL, 0, f->a, &r, f->d) == 0)
			fail_msg("read-only connection ran \"%s\"", writes[i]);
		if (db_exec(db, writes[i], f->d) == 0)
			fail_msg("read-only db_exec ran \"%s\"", writes[i]);
		errors += 2;
		assert_int_equal(diag_errors(f->d), errors);
	}
	assert_true(diag_has(f->d, DIAG_DB_DENIED));
	/* ATTACH could create or read another file: refused. */
	assert_int_equal(db_query(db, attach, &pos, NULL, 0, f->a, &r, f->d),
	    -1);
	assert_int_equal(db_exec(db, attach, f->d), -1);
	assert_false(exists(other));
	/* Extensions cannot be loaded from SQL. */
	assert_int_equal(db_query(db, "SELECT load_extension('/nonexistent')",
	    &pos, NULL, 0, f->a, &r, f->d), -1);
	/* Reading still works, and the data is unchanged. */
	assert_int_equal(db_query(db, "SELECT id, name FROM store ORDER BY id",
	    &pos, NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(db_cell(&r, 0, 1)->s, "一号店有限公司");
	/* Recursive CTEs and functions are reads. */
	assert_int_equal(db_query(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION "
	    "ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i), upper('a') "
	    "FROM n", &pos, NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(db_cell(&r, 0, 0)->i, 15);
	db_close(db);

	assert_int_equal(count(f, "SELECT count(*) FROM store"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM store WHERE name = "
	    "'changed' OR name = 'a'"), 0);
	assert_int_equal(count(f, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(count(f, "SELECT count(*) FROM sqlite_master WHERE "
	    "name IN ('t', 'store_city')"), 0);
	free(attach);
	free(other);
}

/* ---- checking template queries ---- */

static void
test_check_query(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "month", "emp" };
	struct srcpos pos = { "t.xml", 20, 1 };
	const char **cols = NULL;
	size_t ncols = 99;
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);

	assert_int_equal(db_check_query(db, "SELECT id, name AS full_name "
	    "FROM store WHERE id = :emp AND :month IS NOT NULL;", &pos, names,
	    2, f->a, &cols, &ncols, f->d), 0);
	assert_int_equal(ncols, 2);
	assert_string_equal(cols[0], "id");
	assert_string_equal(cols[1], "full_name");
	assert_int_equal(diag_errors(f->d), 0);

	/* Two statements. */
	assert_int_equal(db_check_query(db, "SELECT 1;\n SELECT 2", &pos,
	    names, 2, f->a, NULL, NULL, f->d), -1);
	assert_true(diag_has(f->d, DIAG_TMPL_SQL));
	assert_non_null(strstr(diag_text(f->d),
	    "t.xml:21:2: error: error in template SQL: only one statement"));
	assert_int_equal(diag_errors(f->d), 1);

	/* Writes, even on a read-write connection; nothing is run. */
	assert_int_equal(db_check_query(db, "DELETE FROM store", &pos, names,
	    2, f->a, NULL, NULL, f->d), -1);
	assert_true(diag_has(f->d, DIAG_DB_DENIED));
	assert_int_equal(diag_errors(f->d), 2);
	assert_int_equal(db_check_query(db, "UPDATE store SET name = :month",
	    &pos, names, 2, f->a, NULL, NULL, f->d), -1);
	assert_int_equal(diag_errors(f->d), 3);

	/* A parameter that is not among the names, at its position. */
	assert_int_equal(db_check_query(db, "SELECT name FROM store\n"
	    "  WHERE id = :employee", &pos, names, 2, f->a, NULL, NULL, f->d),
	    -1);
	assert_true(diag_has(f->d, DIAG_TMPL_UNBOUND_PARAM));
	assert_non_null(strstr(diag_text(f->d), "t.xml:21:14: error: query "
	    "parameter has no value: :employee"));
	assert_int_equal(diag_errors(f->d), 4);

	/* Positional parameter. */
	assert_int_equal(db_check_query(db, "SELECT ?", &pos, names, 2, f->a,
	    NULL, NULL, f->d), -1);
	assert_int_equal(diag_errors(f->d), 5);

	/* Nothing to run. */
	assert_int_equal(db_check_query(db, "  -- only a comment\n", &pos,
	    names, 2, f->a, NULL, NULL, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "empty query"));
	assert_int_equal(diag_errors(f->d), 6);

	/* Syntax error. */
	assert_int_equal(db_check_query(db, "SELECT FROM", &pos, names, 2,
	    f->a, NULL, NULL, f->d), -1);
	assert_int_equal(diag_errors(f->d), 7);
	db_close(db);

	/* Nothing was deleted or updated. */
	assert_int_equal(count(f, "SELECT count(*) FROM store WHERE name "
	    "LIKE '%店%'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM store"), 2);
}

static void
test_check_query_readonly(void **state)
{
	struct fixture *f = *state;
	struct srcpos pos = { "t.xml", 5, 1 };
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	assert_int_equal(db_check_query(db, "INSERT INTO store (id, name, "
	    "short_name) VALUES ('x', 'y', 'z')", &pos, NULL, 0, f->a, NULL,
	    NULL, f->d), -1);
	assert_true(diag_has(f->d, DIAG_DB_DENIED));
	assert_false(diag_has(f->d, DIAG_DB_SQL));
	assert_int_equal(db_check_query(db, "SELECT count(*) AS n FROM store",
	    &pos, NULL, 0, f->a, NULL, NULL, f->d), 0);
	assert_int_equal(diag_errors(f->d), 1);
	db_close(db);
}

/* ---- transactions ---- */

static void
test_transactions(void **state)
{
	struct fixture *f = *state;
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);

	assert_int_equal(db_begin(db, f->d), 0);
	assert_int_equal(db_exec(db, "INSERT INTO store (id, name, short_name) "
	    "VALUES ('S3', 'Third', 'T'); DELETE FROM store WHERE id = 'S1'",
	    f->d), 0);
	db_rollback(db);
	assert_int_equal(count(f, "SELECT count(*) FROM store WHERE id = 'S3'"),
	    0);
	assert_int_equal(count(f, "SELECT count(*) FROM store WHERE id = 'S1'"),
	    1);

	/* Rolling back with no transaction open is harmless. */
	db_rollback(db);

	assert_int_equal(db_begin(db, f->d), 0);
	/* No nested transactions. */
	assert_int_equal(db_begin(db, f->d), -1);
	assert_int_equal(diag_errors(f->d), 1);
	assert_int_equal(db_exec(db, "INSERT INTO store (id, name, short_name) "
	    "VALUES ('S4', 'Fourth', 'F')", f->d), 0);
	assert_int_equal(db_commit(db, f->d), 0);
	db_close(db);
	assert_int_equal(count(f, "SELECT count(*) FROM store WHERE id = 'S4'"),
	    1);
	assert_int_equal(count(f, "SELECT count(*) FROM store"), 3);
}

static void
test_rollback_on_close(void **state)
{
	struct fixture *f = *state;
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_begin(db, f->d), 0);
	assert_int_equal(db_exec(db, "DELETE FROM store", f->d), 0);
	/* Closing without commit discards the work. */
	db_close(db);
	assert_int_equal(count(f, "SELECT count(*) FROM store"), 2);
}

/*
 * A writer killed inside a transaction leaves a hot journal. A reader
 * (render, export) opens the database read-only all the same, rolls the
 * journal back and sees the rows from before the write.
 */
static void
test_readonly_after_killed_write(void **state)
{
	struct fixture *f = *state;
	char *journal = xasprintf("%s-journal", f->path);
	struct db_rows r;
	struct db *db;
	pid_t pid;
	int status;

	make_db(f);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct diag *d = diag_new(NULL);

		db = db_open(f->path, DB_READWRITE, d);
		/*
		 * A tiny page cache makes SQLite spill changed pages into
		 * the database file before the commit, as a large import
		 * does: the journal then holds the only copy of the old
		 * pages.
		 */
		if (db == NULL || db_exec(db, "PRAGMA cache_size = 2", d) != 0 ||
		    db_begin(db, d) != 0 ||
		    db_exec(db, "DELETE FROM store;"
		        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
		        " SELECT i + 1 FROM n WHERE i < 2000)"
		        " INSERT INTO store (id, name, short_name, city)"
		        " SELECT 'X' || i, printf('%0300d', i), 'x', 'x'"
		        " FROM n;", d) != 0)
			_exit(2);
		/* killed inside the transaction: no commit, no close */
		raise(SIGKILL);
		_exit(4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status))
		fail_msg("writer exited with %d", WEXITSTATUS(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_true(exists(journal));

	db = db_open(f->path, DB_READONLY, f->d);
	if (db == NULL)
		fail_msg("read-only open after a killed write: %s",
		    diag_text(f->d));
	assert_int_equal(db_query(db, "SELECT id FROM store ORDER BY id",
	    NULL, NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(db_cell(&r, 0, 0)->s, "S1");
	assert_string_equal(db_cell(&r, 1, 0)->s, "S2");
	db_close(db);
	assert_false(exists(journal));
	assert_int_equal(diag_errors(f->d), 0);
	free(journal);
}

/*
 * Statements are prepared once and reused: more distinct queries than
 * the cache holds, each run many times with other parameters, give the
 * right rows every time, and a statement that failed (a constraint) is
 * usable again at once.
 */
static void
test_statement_reuse(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_rows r;
	struct db_param p = { "id", { FMT_V_TEXT, 0, 0, NULL } };
	char *sql[40];
	int round, i;

	make_db(f);
	db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(db);
	for (i = 0; i < 40; i++)
		sql[i] = xasprintf("SELECT name, %d FROM store WHERE id = :id", i);
	for (round = 0; round < 3; round++)
		for (i = 0; i < 40; i++) {
			p.v.s = (i + round) % 2 ? "S1" : "S2";
			assert_int_equal(db_query(db, sql[i], NULL, &p, 1, f->a,
			    &r, f->d), 0);
			assert_int_equal(r.nrows, 1);
			assert_string_equal(db_cell(&r, 0, 0)->s,
			    (i + round) % 2 ? "一号店有限公司" : "Second Store Ltd");
			assert_int_equal(db_cell(&r, 0, 1)->i, i);
		}
	for (i = 0; i < 40; i++)
		free(sql[i]);
	/* the same INSERT: fails on the duplicate, then works */
	p.v.s = "S1";
	assert_int_equal(db_query(db, "INSERT INTO store (id, name, short_name,"
	    " city) VALUES (:id, 'x', 'x', 'x')", NULL, &p, 1, f->a, NULL,
	    f->d), -1);
	assert_int_equal(diag_errors(f->d), 1);
	p.v.s = "S3";
	assert_int_equal(db_query(db, "INSERT INTO store (id, name, short_name,"
	    " city) VALUES (:id, 'x', 'x', 'x')", NULL, &p, 1, f->a, NULL,
	    f->d), 0);
	db_close(db);
	assert_int_equal(count(f, "SELECT count(*) FROM store"), 3);
	assert_int_equal(diag_errors(f->d), 1);
}

/* ---- limits of read-only queries, snapshots, a busy database ---- */

static void
test_query_limits(void **state)
{
	struct fixture *f = *state;
	struct srcpos pos = { "t.xml", 7, 5 };
	struct db_limits l;
	struct db_rows r;
	struct db *db;

	make_db(f);
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	db_limits_default(&l);
	assert_int_equal(l.max_rows, DB_QUERY_ROWS_DEFAULT);
	l.max_msteps = 5;
	l.max_rows = 1000;
	db_set_limits(db, &l);
	/* a query that would never end is stopped at its position */
	assert_int_equal(db_query(db, "WITH RECURSIVE c(n) AS (SELECT 1 "
	    "UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c", &pos,
	    NULL, 0, f->a, &r, f->d), -1);
	assert_true(diag_has(f->d, DIAG_DB_LIMIT));
	assert_non_null(strstr(diag_text(f->d), "t.xml:7:5: error: query "
	    "over its limit: query stopped after 5 million steps"));
	/* too many rows */
	assert_int_equal(db_query(db, "WITH RECURSIVE c(n) AS (SELECT 1 "
	    "UNION ALL SELECT n + 1 FROM c LIMIT 5000) SELECT n FROM c", &pos,
	    NULL, 0, f->a, &r, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "more than 1000 rows"));
	/* within the limits, and the next query starts a fresh budget */
	assert_int_equal(db_query(db, "WITH RECURSIVE c(n) AS (SELECT 1 "
	    "UNION ALL SELECT n + 1 FROM c LIMIT 1000) SELECT n FROM c", &pos,
	    NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 1000);
	assert_int_equal(diag_errors(f->d), 2);
	db_close(db);
}

static void
test_snapshot_and_busy(void **state)
{
	struct fixture *f = *state;
	struct db *ro, *rw;
	struct db_rows r;

	make_db(f);
	rw = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(rw);
	assert_int_equal(db_exec(rw, "CREATE TABLE t(x); INSERT INTO t "
	    "VALUES (1)", f->d), 0);
	db_close(rw);

	ro = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(ro);
	/* a writer cannot commit while a reader holds its snapshot */
	db_set_wait(0);
	rw = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(rw);
	assert_int_equal(db_begin(rw, f->d), 0);
	assert_int_equal(db_exec(rw, "INSERT INTO t VALUES (2)", f->d), 0);
	assert_int_equal(db_commit(rw, f->d), -1);
	assert_true(diag_has(f->d, DIAG_DB_BUSY));
	assert_int_equal(diag_exit_code(f->d), 2);
	assert_non_null(strstr(diag_text(f->d), "another program is writing "
	    "to it and did not finish within 0 s: run the command again when "
	    "it has finished, or add --wait SECONDS"));
	db_rollback(rw);
	assert_int_equal(db_query(ro, "SELECT count(*) FROM t", NULL, NULL, 0,
	    f->a, &r, f->d), 0);
	assert_int_equal(db_cell(&r, 0, 0)->i, 1);
	db_close(ro);
	/* once the reader is gone, the write goes through */
	assert_int_equal(db_begin(rw, f->d), 0);
	assert_int_equal(db_exec(rw, "INSERT INTO t VALUES (2)", f->d), 0);
	assert_int_equal(db_commit(rw, f->d), 0);
	db_close(rw);
	db_set_wait(DB_WAIT_DEFAULT_S);
	assert_int_equal(count(f, "SELECT count(*) FROM t"), 2);
}

/* ---- upgrade: an old database ends up with the schema of a new one ---- */

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long n;
	char *s;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	s = xmalloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

/*
 * Every table's columns (name, type, not null, default, key), every index,
 * view and trigger, as one text; the same for two databases means the same
 * schema whatever the order or the way a column was added.
 */
static char *
schema_text(const char *path)
{
	static const char *const sql =
	    "SELECT group_concat(x, char(10)) FROM (SELECT x FROM ("
	    " SELECT m.type || ' ' || m.name || ' ' || p.name || ' '"
	    "  || p.type || ' ' || p.\"notnull\" || ' '"
	    "  || coalesce(p.dflt_value, '-') || ' ' || p.pk AS x"
	    " FROM sqlite_master m, pragma_table_info(m.name) p"
	    " WHERE m.type IN ('table', 'view')"
	    " UNION ALL SELECT type || ' ' || name || ' ' || tbl_name"
	    " FROM sqlite_master WHERE type IN ('index', 'trigger')"
	    " UNION ALL SELECT 'fk ' || m.name || ' ' || f.\"from\" || ' '"
	    "  || f.\"table\" || ' ' || coalesce(f.\"to\", '-')"
	    " FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
	    " WHERE m.type = 'table') ORDER BY x)";
	sqlite3 *h;
	sqlite3_stmt *st;
	char *out;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static void
test_upgrade_from_v1(void **state)
{
	struct fixture *f = *state;
	char *v1 = slurp("tests/unit/data/schema-v1.sql");
	char *other = xasprintf("%s/other.db", f->dir);
	char *old_text, *new_text;
	struct db *db;
	sqlite3 *h;

	/* a database as hrpress 0.1 (schema version 1) made it */
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, v1, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "INSERT INTO store(id, name, "
	    "short_name) VALUES ('S1', 'x', 'y')", NULL, NULL, NULL),
	    SQLITE_OK);
	/* whole-number KPI values, as version 1 stored them */
	assert_int_equal(sqlite3_exec(h, "INSERT INTO kpi_result (employee_id,"
	    " month, kpi_code, target, actual, points_x100) VALUES "
	    "('E1', '2025-03', 'UNITS', 12, 9, NULL), "
	    "('E1', '2025-03', 'SIX', NULL, NULL, 950)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	free(v1);

	/* a reader upgrades it too */
	db = db_open(f->path, DB_READONLY, f->d);
	assert_non_null(db);
	db_close(db);
	assert_true(diag_has(f->d, DIAG_DB_UPGRADED));
	assert_int_equal(diag_errors(f->d), 0);
	assert_non_null(strstr(diag_text(f->d), "schema version 1 to 2"));
	assert_int_equal(count(f, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(count(f, "SELECT count(*) FROM store"), 1);
	/* they are hundredths now; the conversion is no change of data */
	assert_int_equal(count(f, "SELECT target_x100 * 10000 + actual_x100 "
	    "FROM kpi_result WHERE kpi_code = 'UNITS'"), 1200 * 10000 + 900);
	assert_int_equal(count(f, "SELECT count(*) FROM kpi_result WHERE "
	    "kpi_code = 'SIX' AND target_x100 IS NULL AND actual_x100 IS NULL "
	    "AND points_x100 = 950"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM data_change WHERE "
	    "source = 'kpi_result'"), 0);

	db = db_open(other, DB_CREATE, f->d);
	assert_non_null(db);
	db_close(db);
	old_text = schema_text(f->path);
	new_text = schema_text(other);
	assert_string_equal(old_text, new_text);
	free(old_text);
	free(new_text);
	free(other);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_reopen),
		T(test_create_on_empty_file),
		T(test_create_refuses_existing),
		T(test_missing),
		T(test_version_mismatch),
		T(test_foreign_sqlite_file),
		T(test_query_params),
		T(test_params_and_reader),
		T(test_query_rows_outlive_statement),
		T(test_query_unbound),
		T(test_query_error_position),
		T(test_foreign_keys_on),
		T(test_readonly_refuses_writes),
		T(test_check_query),
		T(test_check_query_readonly),
		T(test_transactions),
		T(test_rollback_on_close),
		T(test_readonly_after_killed_write),
		T(test_upgrade_from_v1),
		T(test_query_limits),
		T(test_snapshot_and_busy),
		T(test_statement_reuse),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
