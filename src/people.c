/* SPDX-License-Identifier: MIT */
/*
 * The stores and employees of a month's payslips or scorecards: one SQL
 * statement per kind and question, the month as its :month parameter, the
 * rows copied into the caller's arena.
 */
#include "people.h"

#include <assert.h>
#include <string.h>

#include "db.h"
#include "fmt_value.h"
#include "xmem.h"

/*
 * The records of each kind in the month, by employee (the part of a WHERE
 * clause on employee e). Indexed by enum people_kind.
 */
#define HAS_PAYSLIP                                                            \
	"EXISTS (SELECT 1 FROM pay_slip ps JOIN pay_run r ON r.id = "          \
	"ps.run_id "                                                           \
	"WHERE ps.employee_id = e.id AND r.month = :month)"
#define HAS_SCORECARD                                                          \
	"EXISTS (SELECT 1 FROM kpi_result k "                                  \
	"WHERE k.employee_id = e.id AND k.month = :month)"

static const char *const sql_stores[] = {
    [PEOPLE_PAYSLIP] = "SELECT DISTINCT d.store_id FROM employee e "
                       "JOIN position p ON p.id = e.position_id "
                       "JOIN department d ON d.id = p.department_id "
                       "WHERE " HAS_PAYSLIP " ORDER BY 1",
    [PEOPLE_SCORECARD] = "SELECT DISTINCT d.store_id FROM employee e "
                         "JOIN position p ON p.id = e.position_id "
                         "JOIN department d ON d.id = p.department_id "
                         "WHERE " HAS_SCORECARD " ORDER BY 1",
};

static const char *const sql_employees[] = {
    [PEOPLE_PAYSLIP] = "SELECT e.id, e.name, e.email, e.payslip_password, "
                       "e.id_number, p.department_id FROM employee e "
                       "JOIN position p ON p.id = e.position_id "
                       "WHERE " HAS_PAYSLIP " ORDER BY e.id",
    [PEOPLE_SCORECARD] = "SELECT e.id, e.name, e.email, e.payslip_password, "
                         "e.id_number, p.department_id FROM employee e "
                         "JOIN position p ON p.id = e.position_id "
                         "WHERE " HAS_SCORECARD " ORDER BY e.id",
};

/* The month's rows of sql, into rows (cells in a). */
static int
query(struct db *db, const char *sql, struct month m, struct arena *a,
      struct db_rows *rows, struct diag *d)
{
	char text[MONTH_TEXT];
	struct db_param p;

	month_format(m, text);
	memset(&p, 0, sizeof(p));
	p.name = "month";
	p.v.type = FMT_V_TEXT;
	p.v.s = text; /* read during db_query() only */
	return db_query(db, sql, NULL, &p, 1, a, rows, d);
}

/* The text of a cell, else dflt. */
static const char *
text_or(const struct db_rows *rows, size_t row, size_t col, const char *dflt)
{
	const struct fmt_value *v = db_cell(rows, row, col);

	return v->type == FMT_V_TEXT ? v->s : dflt;
}

int
people_stores(struct db *db, enum people_kind kind, struct month m,
              struct arena *a, const char ***ids, size_t *n, struct diag *d)
{
	struct db_rows rows;
	size_t i;

	assert(kind == PEOPLE_PAYSLIP || kind == PEOPLE_SCORECARD);
	*ids = NULL;
	*n = 0;
	if (query(db, sql_stores[kind], m, a, &rows, d) != 0)
		return -1;
	*ids = arena_alloc(a, (rows.nrows ? rows.nrows : 1) * sizeof(**ids));
	for (i = 0; i < rows.nrows; i++)
		(*ids)[i] = text_or(&rows, i, 0, NULL);
	*n = rows.nrows;
	return 0;
}

int
people_employees(struct db *db, enum people_kind kind, struct month m,
                 struct arena *a, struct people_employee **out, size_t *n,
                 struct diag *d)
{
	struct db_rows rows;
	size_t i;

	assert(kind == PEOPLE_PAYSLIP || kind == PEOPLE_SCORECARD);
	*out = NULL;
	*n = 0;
	if (query(db, sql_employees[kind], m, a, &rows, d) != 0)
		return -1;
	*out = arena_alloc(a, (rows.nrows ? rows.nrows : 1) * sizeof(**out));
	for (i = 0; i < rows.nrows; i++) {
		struct people_employee *e = &(*out)[i];

		e->id = text_or(&rows, i, 0, NULL);
		e->name = text_or(&rows, i, 1, "");
		e->email = text_or(&rows, i, 2, "");
		e->password = text_or(&rows, i, 3, "");
		e->id_number = text_or(&rows, i, 4, "");
		e->department_id = text_or(&rows, i, 5, NULL);
	}
	*n = rows.nrows;
	return 0;
}
