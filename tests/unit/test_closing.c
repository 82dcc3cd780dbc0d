/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for closing.c: a month can be closed only with a stored pay
 * run, closing_check() refuses a closed month and names the reopen command,
 * closing_check_range() refuses changes in force in a closed month, reopening
 * needs a reason, and month_audit is append-only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "closing.h"
#include "db.h"
#include "diag.h"
#include "xmem.h"

struct fixture {
	char dir[64];
	char *path;
	struct db *db;
	struct diag *d;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hrp-test-closing-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->d = diag_new(NULL);
	f->a = arena_new();
	f->db = db_open(f->path, DB_CREATE, f->d);
	if (f->db == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *p;

	db_close(f->db);
	unlink(f->path);
	p = xasprintf("%s-journal", f->path);
	unlink(p);
	free(p);
	rmdir(f->dir);
	free(f->path);
	diag_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static void
add_run(struct fixture *f, const char *month)
{
	char *sql = xasprintf("INSERT INTO pay_run (month, computed_at, "
	    "generator) VALUES ('%s', '2025-04-01T00:00:00Z', 'test')", month);

	assert_int_equal(db_exec(f->db, sql, f->d), 0);
	free(sql);
}

static long
count(struct fixture *f, const char *sql)
{
	struct db_rows r;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, f->a, &r, f->d),
	    0);
	return (long)db_cell(&r, 0, 0)->i;
}

static void
test_close_needs_run(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(closing_close(f->db, "2025-03", "clerk", NULL, f->d),
	    -1);
	assert_true(diag_has(f->d, DIAG_MONTH_CLOSE));
	assert_non_null(strstr(diag_text(f->d), "no payroll stored for "
	    "2025-03: run hrpress payroll"));
	assert_int_equal(count(f, "SELECT count(*) FROM month_lock"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM month_audit"), 0);
}

static void
test_close_and_check(void **state)
{
	struct fixture *f = *state;

	add_run(f, "2025-03");
	assert_int_equal(closing_check(f->db, "2025-03", "import", f->d), 0);
	assert_int_equal(closing_close(f->db, "2025-03", "clerk", "reviewed",
	    f->d), 0);
	assert_int_equal(diag_errors(f->d), 0);
	assert_int_equal(closing_is_closed(f->db, "2025-03", f->d), 1);
	assert_int_equal(closing_is_closed(f->db, "2025-04", f->d), 0);
	assert_int_equal(closing_check(f->db, "2025-04", "import", f->d), 0);
	assert_int_equal(closing_check(f->db, "2025-03", "import of facts",
	    f->d), -1);
	assert_true(diag_has(f->d, DIAG_MONTH_CLOSED));
	assert_non_null(strstr(diag_text(f->d), "2025-03 is closed, import of "
	    "facts refused"));
	assert_non_null(strstr(diag_text(f->d), "hrpress reopen"));
	assert_int_equal(count(f, "SELECT count(*) FROM month_audit WHERE "
	    "action = 'close' AND by_user = 'clerk' AND month = '2025-03' "
	    "AND reason = 'reviewed'"), 1);
	/* twice is refused */
	assert_int_equal(closing_close(f->db, "2025-03", "clerk", NULL, f->d),
	    -1);
	assert_int_equal(count(f, "SELECT count(*) FROM month_audit"), 1);
}

static void
test_check_from(void **state)
{
	struct fixture *f = *state;

	add_run(f, "2025-03");
	assert_int_equal(closing_close(f->db, "2025-03", "clerk", NULL, f->d),
	    0);
	assert_int_equal(closing_check_range(f->db, "2025-04", NULL, "scheme", f->d),
	    0);
	assert_int_equal(diag_errors(f->d), 0);
	assert_int_equal(closing_check_range(f->db, "2025-02", NULL, "scheme", f->d),
	    -1);
	assert_non_null(strstr(diag_text(f->d), "2025-03 is closed"));
	assert_int_equal(closing_check_range(f->db, "2025-01", "2025-12", "rates", f->d), -1);
	assert_int_equal(diag_errors(f->d), 2);
	assert_int_equal(closing_check_range(f->db, "2025-01", "2025-02", "rates",
	    f->d), 0);
	assert_int_equal(closing_check_range(f->db, "2024-01", "2024-12", "rates",
	    f->d), 0);
	assert_int_equal(diag_errors(f->d), 2);
}

static void
test_reopen(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(closing_reopen(f->db, "2025-03", "clerk", "late fix",
	    f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "not closed"));
	add_run(f, "2025-03");
	assert_int_equal(closing_close(f->db, "2025-03", "clerk", NULL, f->d),
	    0);
	assert_int_equal(closing_reopen(f->db, "2025-03", "boss", "", f->d),
	    -1);
	assert_int_equal(closing_reopen(f->db, "2025-03", "boss", "  ", f->d),
	    -1);
	assert_int_equal(closing_reopen(f->db, "2025-03", "boss", NULL, f->d),
	    -1);
	assert_non_null(strstr(diag_text(f->d), "needs a reason"));
	assert_int_equal(closing_is_closed(f->db, "2025-03", f->d), 1);
	assert_int_equal(closing_reopen(f->db, "2025-03", "boss",
	    "E0012 sold 9, not 8", f->d), 0);
	assert_int_equal(closing_is_closed(f->db, "2025-03", f->d), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM month_audit WHERE "
	    "action = 'reopen' AND by_user = 'boss' AND "
	    "reason = 'E0012 sold 9, not 8'"), 1);
}

static void
test_audit_append_only(void **state)
{
	struct fixture *f = *state;

	add_run(f, "2025-03");
	assert_int_equal(closing_close(f->db, "2025-03", "clerk", NULL, f->d),
	    0);
	assert_int_equal(db_exec(f->db, "UPDATE month_audit SET by_user = 'x'",
	    f->d), -1);
	assert_int_equal(db_exec(f->db, "DELETE FROM month_audit", f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "month_audit is append-only"));
	assert_int_equal(count(f, "SELECT count(*) FROM month_audit WHERE "
	    "by_user = 'clerk'"), 1);
}

static void
test_user(void **state)
{
	(void)state;
	setenv("USER", "clerk7", 1);
	assert_string_equal(closing_user(), "clerk7");
	unsetenv("USER");
	assert_non_null(closing_user());
	assert_true(closing_user()[0] != '\0');
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_close_needs_run),
		T(test_close_and_check),
		T(test_check_from),
		T(test_reopen),
		T(test_audit_append_only),
		T(test_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
