/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for export.c: the wide 工资表 and the bank list of the sample
 * dealership's March run (sums checked against the stored slips), formula
 * neutralising, CSV quoting, and files that appear whole or not at all.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "export.h"
#include "payroll.h"
#include "xmem.h"

extern const char hrp_samples_sql[];

struct fixture {
	char dir[64];
	char *path; /* dir/hr.db: the sample dealership, March computed */
	struct db *db;
	struct diag *d;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag *d = diag_new(NULL);

	strcpy(f->dir, "/tmp/hrp-test-export-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->db = db_open(f->path, DB_CREATE, d);
	if (f->db == NULL || db_exec(f->db, hrp_samples_sql, d) != 0 ||
	    payroll_run(f->db, "2025-03", NULL, d) != 0)
		return -1;
	diag_free(d);
	f->d = diag_new(NULL);
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
	p = xasprintf("%s/out.csv", f->dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/out.xlsx", f->dir);
	unlink(p);
	free(p);
	assert_int_equal(rmdir(f->dir), 0); /* no temporary file left */
	free(f->path);
	diag_free(f->d);
	free(f);
	return 0;
}

static int64_t
scalar(struct fixture *f, const char *sql)
{
	struct arena *a = arena_new();
	struct db_rows r;
	int64_t v;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, a, &r, f->d), 0);
	assert_int_equal(r.nrows, 1);
	v = db_cell(&r, 0, 0)->i;
	arena_free(a);
	return v;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	s = xmalloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return s;
}

static void
has(const struct diag *d, const char *want)
{
	if (strstr(diag_text(d), want) == NULL)
		fail_msg("missing \"%s\" in:\n%s", want, diag_text(d));
}

/* ---- neutralising and CSV fields ---- */

static void
test_formula_like(void **state)
{
	static const char *const risky[] = {"=1+1", "+1+1", "-2", "@SUM(A1)",
	    "\tx", "\rx", "=HYPERLINK(\"x\")"};
	static const char *const safe[] = {"", "王丽娟", "E0001", "1+1",
	    " =1", "'=1", "100.00"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(risky) / sizeof(risky[0]); i++)
		assert_true(export_is_formula_like(risky[i]));
	for (i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		assert_false(export_is_formula_like(safe[i]));
}

static void
test_csv_text(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	export_csv_text(&b, "=HYPERLINK(\"x\")", 1);
	assert_string_equal(buf_cstr(&b), "\"'=HYPERLINK(\"\"x\"\")\"");
	buf_reset(&b);
	export_csv_text(&b, "=HYPERLINK(\"x\")", 0);
	assert_string_equal(buf_cstr(&b), "\"=HYPERLINK(\"\"x\"\")\"");
	buf_reset(&b);
	export_csv_text(&b, "+1+1", 1);
	assert_string_equal(buf_cstr(&b), "'+1+1");
	buf_reset(&b);
	export_csv_text(&b, "a,b", 1);
	assert_string_equal(buf_cstr(&b), "\"a,b\"");
	buf_reset(&b);
	export_csv_text(&b, "王丽娟", 1);
	assert_string_equal(buf_cstr(&b), "王丽娟");
	buf_free(&b);
}

/* A hand-made book: text is neutralised, a negative amount is a number. */
static void
test_csv_cells(void **state)
{
	struct fixture *f = *state;
	struct export_book *b = xcalloc(1, sizeof(*b));
	struct export_opts o = {1, 0};
	struct export_cell *c;
	char *out = xasprintf("%s/out.csv", f->dir), *s;
	size_t len;

	b->arena = arena_new();
	b->nsheets = 1;
	b->sheets = arena_alloc(b->arena, sizeof(*b->sheets));
	b->sheets[0].name = "t";
	b->sheets[0].ncols = 4;
	b->sheets[0].nrows = 1;
	b->sheets[0].rows = arena_alloc(b->arena, sizeof(struct export_row));
	c = arena_alloc(b->arena, 4 * sizeof(*c));
	b->sheets[0].rows[0].cells = c;
	c[0].kind = EXPORT_TEXT;
	c[0].text = "-5天";
	c[1].kind = EXPORT_MONEY;
	c[1].value = -1250;
	c[2].kind = EXPORT_ID;
	c[2].text = "6222020200112345678";
	c[3].kind = EXPORT_COUNT;
	c[3].value = 7;
	assert_int_equal(export_write_csv(b, out, &o, f->d), 0);
	s = slurp(out, &len);
	assert_string_equal(s, "\xef\xbb\xbf'-5天,-12.50,6222020200112345678,7"
	    "\r\n");
	free(s);
	o.bom = 0;
	o.raw = 1;
	assert_int_equal(export_write_csv(b, out, &o, f->d), 0);
	s = slurp(out, &len);
	assert_string_equal(s, "-5天,-12.50,6222020200112345678,7\r\n");
	free(s);
	/* a directory is not replaced, and nothing is left beside it */
	assert_int_equal(export_write_csv(b, f->dir, &o, f->d), -1);
	has(f->d, "is a directory; name a file");
	export_book_free(b);
	free(out);
}

/* ---- the wide 工资表 ---- */

static void
test_wide(void **state)
{
	struct fixture *f = *state;
	struct export_book *b = export_payroll_wide(f->db, "2025-03", f->d);
	const struct export_sheet *s;
	int64_t net = 0, dept_net = 0, col_sum, gross_items;
	size_t i, j, ncols, ded_first = 0;
	int bodies = 0, subs = 0;

	assert_non_null(b);
	s = &b->sheets[0];
	ncols = s->ncols;
	assert_string_equal(s->name, "2025-03工资表");
	assert_int_equal(s->rows[0].style, EXPORT_ROW_HEADER);
	assert_string_equal(s->rows[0].cells[0].text, "部门");
	assert_string_equal(s->rows[0].cells[ncols - 1].text, "实发工资");
	/* deductions after earnings: the first statutory column */
	for (j = 4; j < ncols - 3; j++)
		if (strcmp(s->rows[0].cells[j].text, "养老保险") == 0)
			ded_first = j;
	assert_true(ded_first > 4);
	for (i = 1; i < s->nrows; i++) {
		const struct export_row *r = &s->rows[i];

		if (r->style == EXPORT_ROW_BODY) {
			bodies++;
			net += r->cells[ncols - 1].value;
			dept_net += r->cells[ncols - 1].value;
			/* the items add up to the slip's gross and net */
			gross_items = 0;
			col_sum = 0;
			for (j = 4; j < ncols - 3; j++) {
				if (r->cells[j].kind != EXPORT_MONEY)
					continue;
				if (j < ded_first)
					gross_items += r->cells[j].value;
				else
					col_sum += r->cells[j].value;
			}
			assert_int_equal(gross_items, r->cells[ncols - 3].value);
			assert_int_equal(col_sum, r->cells[ncols - 2].value);
			assert_int_equal(gross_items - col_sum,
			    r->cells[ncols - 1].value);
		} else if (r->style == EXPORT_ROW_SUBTOTAL) {
			subs++;
			assert_string_equal(r->cells[1].text, "小计");
			assert_int_equal(r->cells[ncols - 1].value, dept_net);
			dept_net = 0;
		} else {
			assert_int_equal(r->style, EXPORT_ROW_TOTAL);
			assert_int_equal(i, s->nrows - 1);
			assert_int_equal(r->cells[ncols - 1].value, net);
		}
	}
	assert_int_equal(bodies, scalar(f, "SELECT count(*) FROM pay_slip"));
	assert_int_equal(b->count, bodies);
	assert_int_equal(net, scalar(f, "SELECT sum(net_fen) FROM pay_slip"));
	assert_int_equal(b->total_fen, net);
	assert_int_equal(subs, scalar(f, "SELECT count(DISTINCT "
	    "p.department_id) FROM pay_slip s JOIN employee e ON e.id = "
	    "s.employee_id JOIN position p ON p.id = e.position_id"));
	export_book_free(b);
	/* a month without a run says what to do */
	assert_null(export_payroll_wide(f->db, "2025-07", f->d));
	has(f->d, "2025-07: run hrpress payroll DB --month 2025-07 first");
}

/* ---- the bank list ---- */

static void
test_bank(void **state)
{
	struct fixture *f = *state;
	struct export_book *b;
	const struct export_sheet *s;
	char *out = xasprintf("%s/out.xlsx", f->dir), *data;
	struct export_opts o = {0, 0};
	int64_t sum = 0;
	size_t i, len;

	assert_null(export_bank(f->db, "2025-03", 0, f->d));
	has(f->d, "error: employee has no bank account for the bank list: "
	    "E0001 陈国栋 (net pay 20,884.50): no bank account");
	has(f->d, "31 more employees (51 in all) have no bank account details");
	assert_int_equal(db_exec(f->db, "UPDATE employee SET bank_name = "
	    "'工商银行', bank_account = '62220202' || substr(id, 2)", f->d),
	    0);
	assert_int_equal(db_exec(f->db, "UPDATE employee SET bank_account = "
	    "'' WHERE id = 'E0016'", f->d), 0);
	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_null(export_bank(f->db, "2025-03", 0, f->d));
	has(f->d, "E0016 𠮷文博");
	assert_int_equal(diag_errors(f->d), 1);
	b = export_bank(f->db, "2025-03", 1, f->d);
	assert_non_null(b);
	has(f->d, "warning: employee left out of the bank list: E0016");
	assert_int_equal(b->nsheets, 2);
	assert_string_equal(b->sheets[1].rows[1].cells[0].text, "E0016");
	s = &b->sheets[0];
	for (i = 1; i < s->nrows; i++)
		if (s->rows[i].style == EXPORT_ROW_BODY) {
			assert_int_equal(s->rows[i].cells[0].value, (int64_t)i);
			assert_int_equal(s->rows[i].cells[3].kind, EXPORT_ID);
			sum += s->rows[i].cells[4].value;
		}
	assert_int_equal(s->rows[s->nrows - 1].style, EXPORT_ROW_TOTAL);
	assert_int_equal(s->rows[s->nrows - 1].cells[4].value, sum);
	assert_int_equal(sum, scalar(f, "SELECT sum(net_fen) FROM pay_slip "
	    "WHERE employee_id <> 'E0016'"));
	assert_int_equal(b->count, (int)s->nrows - 2);
	assert_int_equal(export_write_xlsx(b, out, &o, f->d), 0);
	data = slurp(out, &len);
	assert_true(len > 1000);
	assert_memory_equal(data, "PK\x03\x04", 4);
	free(data);
	export_book_free(b);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formula_like),
		cmocka_unit_test(test_csv_text),
		cmocka_unit_test_setup_teardown(test_csv_cells, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bank, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
