/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for ledger.c: merging the archive ledgers of copies of the
 * sample database (March computed) into it, once and again, and the
 * refusals that leave it unchanged: a conflicting file, another database,
 * another pay run, a path that names another record, the main database
 * given as its own shard.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "db.h"
#include "diag.h"
#include "ledger.h"
#include "payroll.h"
#include "xmem.h"

extern const char hrp_samples_sql[];

#define ARCHIVE "0123456789abcdef0123456789abcdef"

struct fixture {
	char dir[64];
	char *main;		/* dir/main.db: the sample, March computed */
	struct diag *d;
};

static int
make_sample(const char *path)
{
	struct diag *d = diag_new(NULL);
	struct db *db = db_open(path, DB_CREATE, d);
	int rc = db != NULL && db_exec(db, hrp_samples_sql, d) == 0 &&
	    payroll_run(db, "2025-03", NULL, d) == 0 ? 0 : -1;

	db_close(db);
	diag_free(d);
	return rc;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hrp-test-ledger-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->main = xasprintf("%s/main.db", f->dir);
	if (make_sample(f->main) != 0)
		return -1;
	f->d = diag_new(NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->main);
	diag_free(f->d);
	free(f);
	return 0;
}

/* dir/NAME: a byte copy of main.db, as a job runner makes one. */
static char *
copy_of_main(struct fixture *f, const char *name)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	char *cmd = xasprintf("cp '%s' '%s'", f->main, path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return path;
}

static struct archive_entry
entry(const char *path, const char *emp, const char *sha)
{
	struct archive_entry e;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.kind = "payslip";
	e.employee_id = emp;
	e.month = "2025-03";
	e.sha256 = sha;
	e.size = 45000;
	e.created_at = "2025-04-01T00:00:00Z";
	e.generator = "hrpress test";
	e.version = 1;
	e.archive_id = ARCHIVE;
	return e;
}

/* Enter rows in the ledger of the database at path (an archive run). */
static void
append(struct fixture *f, const char *path, const struct archive_entry *e,
    size_t n)
{
	struct db *db = db_open(path, DB_READWRITE, f->d);

	assert_non_null(db);
	assert_int_equal(archive_ledger_append(db, e, n, f->d), 0);
	db_close(db);
}

static long long
ledger_rows(struct fixture *f)
{
	struct db *db = db_open(f->main, DB_READONLY, f->d);
	struct arena *a = arena_new();
	struct db_rows r;
	long long n = -1;

	assert_non_null(db);
	if (db_query(db, "SELECT count(*) FROM archive_ledger", NULL, NULL, 0,
	    a, &r, f->d) == 0)
		n = db_cell(&r, 0, 0)->i;
	arena_free(a);
	db_close(db);
	return n;
}

/* Merge shards into main; the return value of ledger_merge. */
static int
merge(struct fixture *f, const char *const *shards, size_t n,
    struct ledger_shard_stats *st)
{
	struct db *db = db_open(f->main, DB_READWRITE, f->d);
	int rc;

	assert_non_null(db);
	rc = ledger_merge(db, shards, n, st, f->d);
	db_close(db);
	return rc;
}

static char sha_a[65], sha_b[65], sha_c[65];

static void
init_shas(void)
{
	memset(sha_a, 'a', 64);
	memset(sha_b, 'b', 64);
	memset(sha_c, 'c', 64);
}

static void
test_merge_and_again(void **state)
{
	struct fixture *f = *state;
	char *s1 = copy_of_main(f, "s1.db"), *s2 = copy_of_main(f, "s2.db");
	struct archive_entry e1 = entry("2025-03/MGT/E0001-payslip.pdf",
	    "E0001", sha_a);
	struct archive_entry e2[2] = {
		entry("2025-03/MGT/E0002-payslip.pdf", "E0002", sha_b),
		entry("2025-03/HR/E0003-payslip.pdf", "E0003", sha_c),
	};
	const char *shards[3] = { s1, s2, s1 };
	struct ledger_shard_stats st[3];

	append(f, s1, &e1, 1);
	append(f, s2, e2, 2);
	/* s1 given twice: its row is entered once */
	assert_int_equal(merge(f, shards, 3, st), 0);
	assert_int_equal(diag_errors(f->d), 0);
	assert_int_equal(st[0].added, 1);
	assert_int_equal(st[1].added, 2);
	assert_int_equal(st[2].added, 0);
	assert_int_equal(st[2].known, 1);
	assert_int_equal(ledger_rows(f), 3);
	/* March is not closed: said once */
	assert_true(diag_has(f->d, DIAG_ARCHIVE_OPEN_MONTH));
	/* the same shards again: nothing new, nothing refused */
	assert_int_equal(merge(f, shards, 2, st), 0);
	assert_int_equal(st[0].added + st[1].added, 0);
	assert_int_equal(st[0].known + st[1].known, 3);
	assert_int_equal(ledger_rows(f), 3);
	assert_int_equal(diag_errors(f->d), 0);
	free(s1);
	free(s2);
}

static void
test_conflict_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char *s1 = copy_of_main(f, "s1.db"), *s2 = copy_of_main(f, "s2.db");
	struct archive_entry ok = entry("2025-03/HR/E0003-payslip.pdf",
	    "E0003", sha_c);
	struct archive_entry e1 = entry("2025-03/MGT/E0001-payslip.pdf",
	    "E0001", sha_a);
	struct archive_entry e2 = entry("2025-03/MGT/E0001-payslip.pdf",
	    "E0001", sha_b);
	const char *shards[2] = { s1, s2 };
	struct ledger_shard_stats st[2];

	append(f, s1, &ok, 1);
	append(f, s1, &e1, 1);
	append(f, s2, &e2, 1);
	assert_int_equal(merge(f, shards, 2, st), -1);
	assert_true(diag_has(f->d, DIAG_LEDGER_CONFLICT));
	assert_non_null(strstr(diag_text(f->d), "2025-03/MGT/E0001-payslip.pdf"));
	assert_non_null(strstr(diag_text(f->d), "s2.db"));
	/* all or nothing: s1's good rows are not entered either */
	assert_int_equal(ledger_rows(f), 0);
	free(s1);
	free(s2);
}

static void
test_other_database(void **state)
{
	struct fixture *f = *state;
	char *other = xasprintf("%s/other.db", f->dir);
	struct archive_entry e = entry("2025-03/MGT/E0001-payslip.pdf",
	    "E0001", sha_a);
	const char *shards[1] = { other };
	struct ledger_shard_stats st[1];

	/* the same sample, made again: the same people, not a copy */
	assert_int_equal(make_sample(other), 0);
	append(f, other, &e, 1);
	assert_int_equal(merge(f, shards, 1, st), -1);
	assert_true(diag_has(f->d, DIAG_LEDGER_FOREIGN));
	assert_non_null(strstr(diag_text(f->d), "not a copy"));
	assert_int_equal(ledger_rows(f), 0);
	/* the main database as its own shard */
	diag_free(f->d);
	f->d = diag_new(NULL);
	shards[0] = f->main;
	assert_int_equal(merge(f, shards, 1, st), -1);
	assert_non_null(strstr(diag_text(f->d), "main database itself"));
	free(other);
}

static void
test_other_pay_run(void **state)
{
	struct fixture *f = *state;
	char *s1 = copy_of_main(f, "s1.db");
	struct archive_entry e = entry("2025-03/MGT/E0001-payslip.pdf",
	    "E0001", sha_a);
	const char *shards[1] = { s1 };
	struct ledger_shard_stats st[1];
	struct db *db;

	append(f, s1, &e, 1);
	/* main's March computed again after the copy was made */
	db = db_open(f->main, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "UPDATE pay_run SET computed_at = "
	    "'2099-01-01T00:00:00Z'", f->d), 0);
	db_close(db);
	assert_int_equal(merge(f, shards, 1, st), -1);
	assert_true(diag_has(f->d, DIAG_LEDGER_FOREIGN));
	assert_non_null(strstr(diag_text(f->d), "payroll was run again"));
	assert_int_equal(ledger_rows(f), 0);
	free(s1);
}

static void
test_other_amounts(void **state)
{
	struct fixture *f = *state;
	char *s1 = copy_of_main(f, "s1.db");
	struct archive_entry e = entry("2025-03/MGT/E0001-payslip.pdf",
	    "E0001", sha_a);
	const char *shards[1] = { s1 };
	struct ledger_shard_stats st[1];
	struct db *db;

	append(f, s1, &e, 1);
	db = db_open(s1, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "UPDATE pay_slip SET gross_fen = "
	    "gross_fen + 100, net_fen = net_fen + 100 WHERE employee_id = "
	    "'E0001'", f->d), 0);
	db_close(db);
	assert_int_equal(merge(f, shards, 1, st), -1);
	assert_non_null(strstr(diag_text(f->d), "E0001 payslip of 2025-03"));
	assert_int_equal(ledger_rows(f), 0);
	free(s1);
}

static void
test_path_names_record(void **state)
{
	struct fixture *f = *state;
	char *s1 = copy_of_main(f, "s1.db");
	struct archive_entry e = entry("2025-03/MGT/E0002-payslip.pdf",
	    "E0001", sha_a);
	const char *shards[1] = { s1 };
	struct ledger_shard_stats st[1];

	append(f, s1, &e, 1);
	assert_int_equal(merge(f, shards, 1, st), -1);
	assert_true(diag_has(f->d, DIAG_LEDGER_CONFLICT));
	assert_non_null(strstr(diag_text(f->d), "does not name this record"));
	assert_int_equal(ledger_rows(f), 0);
	free(s1);
}

static void
test_db_id(void **state)
{
	struct fixture *f = *state;
	char *s1 = copy_of_main(f, "s1.db");
	char a[33], b[33];
	struct db *x = db_open(f->main, DB_READWRITE, f->d),
	    *y = db_open(s1, DB_READONLY, f->d);

	assert_int_equal(ledger_db_id(x, a, f->d), 0);
	assert_int_equal(ledger_db_id(y, b, f->d), 0);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 32);
	/* never changed */
	assert_int_equal(db_exec(x, "UPDATE db_identity SET id = "
	    "'00000000000000000000000000000000'", f->d), -1);
	assert_int_equal(db_exec(x, "DELETE FROM db_identity", f->d), -1);
	db_close(x);
	db_close(y);
	free(s1);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_merge_and_again),
		T(test_conflict_changes_nothing),
		T(test_other_database),
		T(test_other_pay_run),
		T(test_other_amounts),
		T(test_path_names_record),
		T(test_db_id),
	};
#undef T

	init_shas();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
