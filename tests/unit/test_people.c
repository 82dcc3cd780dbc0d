/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for people.c: the stores and employees of a month's payslips
 * (the stored run only) and scorecards (KPI results), each once and in id
 * order, a month without records, and the distribution columns.
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

#include "db.h"
#include "diag.h"
#include "month.h"
#include "payroll.h"
#include "people.h"
#include "xmem.h"

extern const char hrp_samples_sql[];

/*
 * A second store with one employee who has KPI results in March but was
 * hired after the March run was computed, so has no payslip; and a second
 * employee with a payslip password but no KPI results.
 */
static const char second_store[] =
    "INSERT INTO store (id, name, short_name) VALUES ('S02', '二店', '二店');"
    "INSERT INTO department (id, store_id, name) VALUES ('S02D', 'S02', "
    "'销售部');"
    "INSERT INTO position (id, department_id, title) VALUES ('S02P', "
    "'S02D', '销售顾问');"
    "INSERT INTO employee (id, name, position_id, hire_date, email) VALUES "
    "('A001', '新员工', 'S02P', '2025-03-10', 'a@example.com');"
    "INSERT INTO kpi_result (employee_id, month, kpi_code, target_x100, "
    "actual_x100) VALUES ('A001', '2025-03', 'K1', 100, 90), "
    "('A001', '2025-03', 'K2', 100, 80);"
    "UPDATE employee SET payslip_password = 'pw123456' WHERE id = "
    "(SELECT min(employee_id) FROM pay_slip);";

struct fixture {
	char dir[64];
	char *path; /* dir/hr.db: the sample dealership, March computed */
	struct db *db;
	struct diag *d;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag *d = diag_new(NULL);

	strcpy(f->dir, "/tmp/hrp-test-people-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->db = db_open(f->path, DB_CREATE, d);
	if (f->db == NULL || db_exec(f->db, hrp_samples_sql, d) != 0 ||
	    payroll_run(f->db, "2025-03", NULL, d) != 0 ||
	    db_exec(f->db, second_store, d) != 0)
		return -1;
	diag_free(d);
	f->d = diag_new(NULL);
	f->a = arena_new();
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
	arena_free(f->a);
	diag_free(f->d);
	free(f);
	return 0;
}

/* A number the database counts itself, for comparison. */
static long long
count(struct fixture *f, const char *sql)
{
	struct db_rows rows;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, f->a, &rows, f->d),
	                 0);
	assert_int_equal(rows.nrows, 1);
	return (long long)db_cell(&rows, 0, 0)->i;
}

static struct month
month_of(const char *s)
{
	struct month m = {0, 0};

	assert_int_equal(month_parse(s, &m), 0);
	return m;
}

static void
test_stores(void **state)
{
	struct fixture *f = *state;
	const char **ids;
	size_t n;

	/* payslips: the run knows only the first store's staff */
	assert_int_equal(people_stores(f->db, PEOPLE_PAYSLIP,
	                               month_of("2025-03"), f->a, &ids, &n,
	                               f->d),
	                 0);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "S01");
	/* scorecards: both stores, in id order */
	assert_int_equal(people_stores(f->db, PEOPLE_SCORECARD,
	                               month_of("2025-03"), f->a, &ids, &n,
	                               f->d),
	                 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "S01");
	assert_string_equal(ids[1], "S02");
	/* February has KPI results but no run */
	assert_int_equal(people_stores(f->db, PEOPLE_PAYSLIP,
	                               month_of("2025-02"), f->a, &ids, &n,
	                               f->d),
	                 0);
	assert_int_equal(n, 0);
	assert_int_equal(diag_errors(f->d), 0);
}

static void
test_payslip_employees(void **state)
{
	struct fixture *f = *state;
	struct people_employee *e;
	size_t n, i, with_pw = 0;

	assert_int_equal(people_employees(f->db, PEOPLE_PAYSLIP,
	                                  month_of("2025-03"), f->a, &e, &n,
	                                  f->d),
	                 0);
	assert_int_equal((long long)n,
	                 count(f, "SELECT count(*) FROM pay_slip"));
	assert_true(n > 1);
	for (i = 0; i < n; i++) {
		assert_non_null(e[i].id);
		assert_non_null(e[i].department_id);
		assert_non_null(e[i].name);
		assert_non_null(e[i].email);
		assert_non_null(e[i].id_number);
		assert_non_null(e[i].password);
		/* each once, by id; the one without a slip left out */
		if (i > 0)
			assert_true(strcmp(e[i - 1].id, e[i].id) < 0);
		assert_string_not_equal(e[i].id, "A001");
		if (*e[i].password != '\0') {
			assert_string_equal(e[i].password, "pw123456");
			with_pw++;
		}
	}
	/* the lowest id got the password; a NULL one reads as "" */
	assert_int_equal(with_pw, 1);
	assert_string_equal(e[0].password, "pw123456");
	assert_int_equal(diag_errors(f->d), 0);
}

static void
test_scorecard_employees(void **state)
{
	struct fixture *f = *state;
	struct people_employee *e;
	size_t n, i;
	int found = 0;

	assert_int_equal(people_employees(f->db, PEOPLE_SCORECARD,
	                                  month_of("2025-03"), f->a, &e, &n,
	                                  f->d),
	                 0);
	/* two KPI rows of A001: one entry */
	assert_int_equal((long long)n,
	                 count(f, "SELECT count(DISTINCT employee_id) FROM "
	                          "kpi_result WHERE month = '2025-03'"));
	for (i = 0; i < n; i++) {
		if (i > 0)
			assert_true(strcmp(e[i - 1].id, e[i].id) < 0);
		if (strcmp(e[i].id, "A001") == 0) {
			found = 1;
			assert_string_equal(e[i].name, "新员工");
			assert_string_equal(e[i].email, "a@example.com");
			assert_string_equal(e[i].department_id, "S02D");
			assert_string_equal(e[i].id_number, "");
			assert_string_equal(e[i].password, "");
		}
	}
	assert_true(found);
	/* a month nobody has records in */
	assert_int_equal(people_employees(f->db, PEOPLE_SCORECARD,
	                                  month_of("2031-07"), f->a, &e, &n,
	                                  f->d),
	                 0);
	assert_int_equal(n, 0);
	assert_int_equal(diag_errors(f->d), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_stores, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_payslip_employees, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_scorecard_employees, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
