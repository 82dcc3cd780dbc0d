/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the month end on the sample dealership: stale runs
 * (closing_run_fresh), a one-value correction changes only that employee's
 * stored lines, year-to-date openings give the same income tax as the
 * earlier runs, and review_compare() lists changed lines with their basis.
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
#include "import.h"
#include "payroll.h"
#include "review.h"
#include "xmem.h"

extern const char hrp_samples_sql[];

struct fixture {
	char dir[64];
	char *path, *path2;
	struct db *db;
	struct diag *d;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hrp-test-review-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->path2 = xasprintf("%s/may.db", f->dir);
	f->d = diag_new(NULL);
	f->a = arena_new();
	f->db = db_open(f->path, DB_CREATE, f->d);
	if (f->db == NULL || db_exec(f->db, hrp_samples_sql, f->d) != 0)
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
	unlink(f->path2);
	p = xasprintf("%s/open.csv", f->dir);
	unlink(p);
	free(p);
	rmdir(f->dir);
	free(f->path);
	free(f->path2);
	diag_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static const char *
text1(struct db *db, struct arena *a, const char *sql)
{
	struct db_rows r;
	struct diag *d = diag_new(NULL);

	assert_int_equal(db_query(db, sql, NULL, NULL, 0, a, &r, d), 0);
	diag_free(d);
	assert_int_equal(r.nrows, 1);
	return db_cell(&r, 0, 0)->type == FMT_V_TEXT ? db_cell(&r, 0, 0)->s
	    : arena_printf(a, "%lld", (long long)db_cell(&r, 0, 0)->i);
}

static void
run(struct db *db, const char *month)
{
	struct diag *d = diag_new(NULL);

	assert_int_equal(payroll_run(db, month, NULL, d), 0);
	diag_free(d);
}

static void
test_stale(void **state)
{
	struct fixture *f = *state;

	run(f->db, "2025-03");
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-04", 0, f->d), -1);
	assert_true(diag_has(f->d, DIAG_PAY_NOT_STORED));
	/* a column pay does not depend on: still fresh */
	assert_int_equal(db_exec(f->db, "UPDATE employee SET email = "
	    "'a@b.cn' WHERE id = 'E0001'", f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), 0);
	/* another month's facts: still fresh */
	assert_int_equal(db_exec(f->db, "UPDATE month_fact SET value = value "
	    "+ 1 WHERE month = '2025-02' AND employee_id = 'E0012'", f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), 0);
	assert_false(diag_has(f->d, DIAG_PAY_STALE));
	/* the month's facts: stale, and says which and what to run */
	assert_int_equal(db_exec(f->db, "UPDATE month_fact SET value = value "
	    "+ 1 WHERE month = '2025-03' AND employee_id = 'E0012' AND "
	    "measure = 'units_target'", f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "2025-03: monthly facts "
	    "changed after it was computed; run hrpress payroll"));
	/* warn_only reports a warning and goes on */
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 1, f->d), 0);
	assert_true(diag_has(f->d, DIAG_PAY_STALE_WARN));
	run(f->db, "2025-03");
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), 0);
	/* a scheme change; then closed, the locked run is the record */
	assert_int_equal(db_exec(f->db, "UPDATE tier SET value = value + 1 "
	    "WHERE rowid = (SELECT min(rowid) FROM tier)", f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "pay schemes changed"));
	assert_int_equal(db_exec(f->db, "INSERT INTO scheme_assignment "
	    "(scheme_id, employee_id, valid_from) SELECT id, 'E0001', "
	    "'2025-03' FROM scheme ORDER BY id LIMIT 1", f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "scheme assignments"));
	assert_int_equal(db_exec(f->db, "INSERT INTO month_lock (month, "
	    "closed_at, closed_by) VALUES ('2025-03', 'x', 'y')", f->d), 0);
	assert_int_equal(closing_run_fresh(f->db, "2025-03", 0, f->d), 0);
}

/* Every stored line of the month but employee's, as one text. */
static const char *
others(struct fixture *f, const char *emp)
{
	return text1(f->db, f->a, arena_printf(f->a, "SELECT coalesce("
	    "group_concat(x, '|'), '') FROM (SELECT l.employee_id || ',' || "
	    "l.seq || ',' || l.amount_fen || ',' || l.basis AS x FROM pay_line "
	    "l JOIN pay_run r ON r.id = l.run_id WHERE r.month = '2025-03' "
	    "AND l.employee_id <> '%s' ORDER BY l.employee_id, l.seq)", emp));
}

static void
test_correction_changes_one_employee(void **state)
{
	static const char *const fixes[][3] = {
		{"E0012", "units_target", "13"},
		{"E0009", "attend_days", "18"},
		{"E0003", "appraisal_x100", "70.5"},
		{"E0040", "output_fen", "98000"},
	};
	struct fixture *f = *state;
	struct import_opts o = {IMPORT_FACTS, IMPORT_ENC_UTF8, "2025-03", 1, NULL};
	struct import_stats st;
	size_t i;

	run(f->db, "2025-03");
	for (i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
		const char *before = others(f, fixes[i][0]);
		const char *mine = text1(f->db, f->a, arena_printf(f->a,
		    "SELECT count(*) + NOT EXISTS (SELECT 1 FROM month_fact "
		    "WHERE month = '2025-03' AND employee_id = '%s' AND "
		    "measure = '%s') FROM month_fact WHERE month = '2025-03'",
		    fixes[i][0], fixes[i][1]));
		char *csv = xasprintf("工号,指标,数值\n%s,%s,%s\n", fixes[i][0],
		    fixes[i][1], fixes[i][2]);

		assert_int_equal(import_data(f->db, "fix.csv", csv, strlen(csv),
		    &o, &st, f->d), 0);
		free(csv);
		assert_int_equal(st.inserted + st.renewed, 1);
		assert_int_equal(st.renewed, st.deleted);
		free(st.replaced);
		assert_string_equal(text1(f->db, f->a, "SELECT count(*) FROM "
		    "month_fact WHERE month = '2025-03'"), mine);
		run(f->db, "2025-03");
		assert_string_equal(others(f, fixes[i][0]), before);
	}
	assert_int_equal(diag_errors(f->d), 0);
}

static void
test_openings_same_tax(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;
	struct db *may;
	char *csv = xasprintf("%s/open.csv", f->dir);
	FILE *out;
	struct db_rows r;
	size_t i;

	/* a copy of the data, before any run */
	assert_int_equal(db_exec(f->db, arena_printf(f->a, "VACUUM INTO '%s'",
	    f->path2), f->d), 0);
	run(f->db, "2025-01");
	run(f->db, "2025-02");
	run(f->db, "2025-03");
	/* the openings through February, from the runs */
	assert_int_equal(db_query(f->db, "SELECT s.employee_id, "
	    "sum(s.gross_fen), (SELECT coalesce(sum(l.amount_fen), 0) FROM "
	    "pay_line l JOIN pay_run r2 ON r2.id = l.run_id WHERE "
	    "l.employee_id = s.employee_id AND r2.month <= '2025-02' AND "
	    "l.rule_code LIKE 'si%'), (SELECT coalesce(sum(l.amount_fen), 0) "
	    "FROM pay_line l JOIN pay_run r2 ON r2.id = l.run_id WHERE "
	    "l.employee_id = s.employee_id AND r2.month <= '2025-02' AND "
	    "l.rule_code = 'iit'), (SELECT coalesce(sum(amount_fen), 0) FROM "
	    "iit_deduction d WHERE d.employee_id = s.employee_id AND d.month "
	    "<= '2025-02'), count(*) FROM pay_slip s JOIN pay_run r ON r.id = "
	    "s.run_id WHERE r.month <= '2025-02' GROUP BY s.employee_id", NULL,
	    NULL, 0, f->a, &r, f->d), 0);
	assert_true(r.nrows > 40);
	out = fopen(csv, "w");
	assert_non_null(out);
	fputs("工号,截至月份,累计收入,累计专项扣除,累计已预缴税额,"
	    "累计专项附加扣除,累计月数\n", out);
	for (i = 0; i < r.nrows; i++)
		fprintf(out, "%s,2025-02,%lld.%02lld,%lld.%02lld,%lld.%02lld,"
		    "%lld.%02lld,%lld\n", db_cell(&r, i, 0)->s,
		    (long long)db_cell(&r, i, 1)->i / 100,
		    (long long)db_cell(&r, i, 1)->i % 100,
		    (long long)db_cell(&r, i, 2)->i / 100,
		    (long long)db_cell(&r, i, 2)->i % 100,
		    (long long)db_cell(&r, i, 3)->i / 100,
		    (long long)db_cell(&r, i, 3)->i % 100,
		    (long long)db_cell(&r, i, 4)->i / 100,
		    (long long)db_cell(&r, i, 4)->i % 100,
		    (long long)db_cell(&r, i, 5)->i);
	fclose(out);
	may = db_open(f->path2, DB_READWRITE, f->d);
	assert_non_null(may);
	assert_int_equal(import_opening_file(may, csv, IMPORT_ENC_AUTO, 0, &st,
	    f->d), 0);
	assert_int_equal(st.inserted, (int)r.nrows);
	run(may, "2025-03");
	assert_string_equal(text1(may, f->a, "SELECT group_concat(x, '|') "
	    "FROM (SELECT l.employee_id || ':' || l.amount_fen AS x FROM "
	    "pay_line l WHERE l.rule_code = 'iit' ORDER BY 1)"),
	    text1(f->db, f->a, "SELECT group_concat(x, '|') FROM (SELECT "
	    "l.employee_id || ':' || l.amount_fen AS x FROM pay_line l JOIN "
	    "pay_run r ON r.id = l.run_id WHERE r.month = '2025-03' AND "
	    "l.rule_code = 'iit' ORDER BY 1)"));
	/* without the openings the tax differs: the comparison can fail */
	assert_int_equal(db_exec(may, "DELETE FROM iit_opening", f->d), 0);
	run(may, "2025-03");
	assert_string_not_equal(text1(may, f->a, "SELECT sum(amount_fen) FROM "
	    "pay_line WHERE rule_code = 'iit'"), text1(f->db, f->a,
	    "SELECT sum(l.amount_fen) FROM pay_line l JOIN pay_run r ON "
	    "r.id = l.run_id WHERE r.month = '2025-03' AND l.rule_code = "
	    "'iit'"));
	db_close(may);
	free(csv);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_compare(void **state)
{
	struct fixture *f = *state;
	char *buf = NULL;
	size_t len = 0, n300;
	FILE *out;

	run(f->db, "2025-02");
	run(f->db, "2025-03");
	out = open_memstream(&buf, &len);
	assert_int_equal(review_compare(f->db, "2025-03", "2025-02", 300, -1,
	    out, f->d), 0);
	fclose(out);
	assert_non_null(strstr(buf, "2025-03 工资变动表（对比 2025-02；"));
	assert_non_null(strstr(buf, "E0045 石磊 产值提成（收入）：1,916.29 → "
	    "1,525.27（-391.02）\n    本月依据：个人产值 104,000元"));
	/* every line listed is above the threshold */
	n300 = count(buf, "本月依据");
	assert_true(n300 > 0);
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	assert_int_equal(review_compare(f->db, "2025-03", "2025-02", 0, -1,
	    out, f->d), 0);
	fclose(out);
	assert_true(count(buf, "本月依据") > n300);
	free(buf);
	buf = NULL;
	/* a stale month is refused */
	assert_int_equal(db_exec(f->db, "UPDATE month_fact SET value = value "
	    "+ 1 WHERE month = '2025-03' AND employee_id = 'E0012' AND "
	    "measure = 'units_target'", f->d), 0);
	out = open_memstream(&buf, &len);
	assert_int_equal(review_compare(f->db, "2025-03", "2025-02", 0, -1,
	    out, f->d), -1);
	fclose(out);
	free(buf);
	assert_true(diag_has(f->d, DIAG_PAY_STALE));
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_stale),
		T(test_correction_changes_one_employee),
		T(test_openings_same_tax),
		T(test_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
