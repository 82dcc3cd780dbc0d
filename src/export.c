/* SPDX-License-Identifier: MIT */
/*
 * Exports of a stored pay run: the wide 工资表 and the bank list (代发工资)
 * built as sheets of typed cells, then written as CSV or, with
 * libxlsxwriter (the only user of <xlsxwriter.h>), as .xlsx. Files are
 * written by outfile_write (outfile.h): whole or not at all.
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "cleanup.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "month.h"
#include "outfile.h"
#include "utf8.h"
#include "xmem.h"

void
export_book_free(struct export_book *b)
{
	if (b == NULL)
		return;
	arena_free(b->arena);
	free(b);
}

static struct export_book *
book_new(size_t nsheets)
{
	struct export_book *b = xcalloc(1, sizeof(*b));

	b->arena = arena_new();
	b->sheets = arena_alloc(b->arena, nsheets * sizeof(*b->sheets));
	b->nsheets = nsheets;
	return b;
}

/* A sheet of ncols columns with room for cap rows. */
static void
sheet_init(struct export_book *b, struct export_sheet *s, const char *name,
           size_t ncols, size_t cap)
{
	s->name = arena_strdup(b->arena, name);
	s->ncols = ncols;
	s->rows = arena_alloc(b->arena, (cap ? cap : 1) * sizeof(*s->rows));
	s->nrows = 0;
}

/* The next row (the caller sized the sheet), all cells empty. */
static struct export_row *
sheet_row(struct export_book *b, struct export_sheet *s,
          enum export_row_style style)
{
	struct export_row *r = &s->rows[s->nrows++];

	r->style = style;
	r->cells = arena_alloc(b->arena, s->ncols * sizeof(*r->cells));
	return r;
}

static void
cell_text(struct export_row *r, size_t col, const char *s)
{
	r->cells[col].kind = EXPORT_TEXT;
	r->cells[col].text = s != NULL ? s : "";
}

static void
cell_id(struct export_row *r, size_t col, const char *s)
{
	r->cells[col].kind = EXPORT_ID;
	r->cells[col].text = s != NULL ? s : "";
}

static void
cell_money(struct export_row *r, size_t col, int64_t fen)
{
	r->cells[col].kind = EXPORT_MONEY;
	r->cells[col].value = fen;
}

static void
cell_count(struct export_row *r, size_t col, int64_t n)
{
	r->cells[col].kind = EXPORT_COUNT;
	r->cells[col].value = n;
}

/* Add fen to a money cell, making it one if it was empty. */
static void
cell_add(struct export_row *r, size_t col, int64_t fen)
{
	if (r->cells[col].kind != EXPORT_MONEY)
		cell_money(r, col, 0);
	r->cells[col].value += fen;
}

/* ---- reading the stored run ---- */

/*
 * One statement, so one snapshot: every slip of the month with each of its
 * lines (a slip without lines gives one row of NULL line columns).
 */
static const char sql_run[] =
    "SELECT ps.employee_id, e.name, d.id, d.name, p.title,"
    " ps.gross_fen, ps.deduction_fen, ps.net_fen, e.bank_name,"
    " e.bank_account, l.name, l.category, sv.scheme_id, l.seq,"
    " l.amount_fen"
    " FROM pay_run r JOIN pay_slip ps ON ps.run_id = r.id"
    " JOIN employee e ON e.id = ps.employee_id"
    " JOIN position p ON p.id = e.position_id"
    " JOIN department d ON d.id = p.department_id"
    " JOIN scheme_version sv ON sv.id = ps.version_id"
    " LEFT JOIN pay_line l ON l.run_id = ps.run_id"
    " AND l.employee_id = ps.employee_id"
    " WHERE r.month = :month ORDER BY d.sort, d.id, e.id, l.seq";

enum {
	R_EMP,
	R_NAME,
	R_DEPT,
	R_DEPT_NAME,
	R_TITLE,
	R_GROSS,
	R_DED,
	R_NET,
	R_BANK,
	R_ACCOUNT,
	R_LNAME,
	R_LCAT,
	R_SCHEME,
	R_SEQ,
	R_AMOUNT,
	R__N
};

static const char *
text_at(const struct db_rows *r, size_t row, int col)
{
	const struct fmt_value *v = db_cell(r, row, (size_t)col);

	return v->type == FMT_V_TEXT ? v->s : "";
}

static int64_t
int_at(const struct db_rows *r, size_t row, int col)
{
	const struct fmt_value *v = db_cell(r, row, (size_t)col);

	return v->type == FMT_V_INT ? v->i : 0;
}

static int
read_run(struct db *db, const char *month, struct arena *a,
         struct db_rows *rows, struct diag *d)
{
	struct db_param p;
	struct month m;

	if (month_parse(month, &m) < 0) {
		diag_report(d, DIAG_CLI_BAD_MONTH, NULL, "%s", month);
		return -1;
	}
	p.name = "month";
	p.v.type = FMT_V_TEXT;
	p.v.s = month;
	if (db_query(db, sql_run, NULL, &p, 1, a, rows, d) < 0)
		return -1;
	if (rows->nrows == 0) {
		diag_report(d, DIAG_PAY_NOT_STORED, NULL,
		            "%s: run hrpress payroll DB --month %s first",
		            month, month);
		return -1;
	}
	return 0;
}

/* ---- the wide 工资表 ---- */

/* A pay item column: a line name within earnings or deductions. */
struct item {
	const char *name;
	int deduction;
	const char *scheme; /* where it first appears: scheme id, seq */
	int64_t seq;
	size_t col; /* its column in the sheet */
};

static int
item_cmp(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c;

	if (a->deduction != b->deduction)
		return a->deduction - b->deduction;
	if ((c = strcmp(a->scheme, b->scheme)) != 0)
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The column of a line, found by name and kind. */
static const struct item *
item_find(const struct item *it, size_t n, const char *name, int deduction)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (it[i].deduction == deduction &&
		    strcmp(it[i].name, name) == 0)
			return &it[i];
	return NULL;
}

enum { W_DEPT, W_EMP, W_NAME, W_TITLE, W_ITEMS };

struct export_book *
export_payroll_wide(struct db *db, const char *month, struct diag *d)
{
	struct export_book *b = book_new(1);
	struct export_sheet *s = &b->sheets[0];
	struct export_row *row = NULL, *sub = NULL, *tot;
	struct db_rows rows;
	struct item *it;
	size_t nit = 0, i, j, ncols, nemps = 0, ndepts = 0;
	const char *emp = NULL, *dept = NULL;

	if (read_run(db, month, b->arena, &rows, d) < 0) {
		export_book_free(b);
		return NULL;
	}
	/* The items, each at its first place in (kind, scheme, seq). */
	it = arena_alloc(b->arena, rows.nrows * sizeof(*it));
	for (i = 0; i < rows.nrows; i++) {
		const char *name = text_at(&rows, i, R_LNAME);
		int ded = strcmp(text_at(&rows, i, R_LCAT), "deduction") == 0;
		const char *sch = text_at(&rows, i, R_SCHEME);
		int64_t seq = int_at(&rows, i, R_SEQ);
		struct item *m;

		if (emp == NULL || strcmp(emp, text_at(&rows, i, R_EMP)) != 0) {
			emp = text_at(&rows, i, R_EMP);
			nemps++;
			if (dept == NULL ||
			    strcmp(dept, text_at(&rows, i, R_DEPT)) != 0) {
				dept = text_at(&rows, i, R_DEPT);
				ndepts++;
			}
		}
		if (db_cell(&rows, i, R_LNAME)->type == FMT_V_NULL)
			continue;
		m = (struct item *)item_find(it, nit, name, ded);
		if (m == NULL) {
			m = &it[nit++];
			m->name = name;
			m->deduction = ded;
			m->scheme = sch;
			m->seq = seq;
		} else if (strcmp(sch, m->scheme) < 0 ||
		           (strcmp(sch, m->scheme) == 0 && seq < m->seq)) {
			m->scheme = sch;
			m->seq = seq;
		}
	}
	qsort(it, nit, sizeof(*it), item_cmp);
	for (i = 0; i < nit; i++)
		it[i].col = W_ITEMS + i;
	ncols = W_ITEMS + nit + 3;
	sheet_init(b, s, arena_printf(b->arena, "%s工资表", month), ncols,
	           1 + nemps + ndepts + 1);
	/* who a row is stays in view while scrolling across the items */
	s->frozen_cols = W_TITLE;
	row = sheet_row(b, s, EXPORT_ROW_HEADER);
	cell_text(row, W_DEPT, "部门");
	cell_text(row, W_EMP, "工号");
	cell_text(row, W_NAME, "姓名");
	cell_text(row, W_TITLE, "岗位");
	for (i = 0; i < nit; i++)
		cell_text(row, it[i].col, it[i].name);
	cell_text(row, ncols - 3, "应发合计");
	cell_text(row, ncols - 2, "扣款合计");
	cell_text(row, ncols - 1, "实发工资");
	/* the total row is filled as we go and placed last */
	tot = arena_alloc(b->arena, sizeof(*tot));
	tot->style = EXPORT_ROW_TOTAL;
	tot->cells = arena_alloc(b->arena, ncols * sizeof(*tot->cells));
	cell_text(tot, W_DEPT, "合计");
	emp = dept = NULL;
	for (i = 0; i < rows.nrows; i++) {
		const struct item *m;

		if (emp == NULL || strcmp(emp, text_at(&rows, i, R_EMP)) != 0) {
			emp = text_at(&rows, i, R_EMP);
			if (dept == NULL ||
			    strcmp(dept, text_at(&rows, i, R_DEPT)) != 0) {
				dept = text_at(&rows, i, R_DEPT);
				/* departments are contiguous: close the last */
				if (sub != NULL)
					s->rows[s->nrows++] = *sub;
				sub = arena_alloc(b->arena, sizeof(*sub));
				sub->style = EXPORT_ROW_SUBTOTAL;
				sub->cells = arena_alloc(
				    b->arena, ncols * sizeof(*sub->cells));
				cell_text(sub, W_DEPT,
				          text_at(&rows, i, R_DEPT_NAME));
				cell_text(sub, W_EMP, "小计");
			}
			row = sheet_row(b, s, EXPORT_ROW_BODY);
			cell_text(row, W_DEPT, text_at(&rows, i, R_DEPT_NAME));
			cell_id(row, W_EMP, emp);
			cell_text(row, W_NAME, text_at(&rows, i, R_NAME));
			cell_text(row, W_TITLE, text_at(&rows, i, R_TITLE));
			cell_money(row, ncols - 3, int_at(&rows, i, R_GROSS));
			cell_money(row, ncols - 2, int_at(&rows, i, R_DED));
			cell_money(row, ncols - 1, int_at(&rows, i, R_NET));
			for (j = ncols - 3; j < ncols; j++) {
				cell_add(sub, j, row->cells[j].value);
				cell_add(tot, j, row->cells[j].value);
			}
		}
		if (db_cell(&rows, i, R_LNAME)->type == FMT_V_NULL)
			continue;
		m = item_find(it, nit, text_at(&rows, i, R_LNAME),
		              strcmp(text_at(&rows, i, R_LCAT), "deduction") ==
		                  0);
		cell_add(row, m->col, int_at(&rows, i, R_AMOUNT));
		cell_add(sub, m->col, int_at(&rows, i, R_AMOUNT));
		cell_add(tot, m->col, int_at(&rows, i, R_AMOUNT));
	}
	b->count = (int)nemps;
	b->total_fen = tot->cells[ncols - 1].value;
	if (sub != NULL)
		s->rows[s->nrows++] = *sub;
	s->rows[s->nrows++] = *tot;
	return b;
}

/* ---- the bank list ---- */

/* Employees named one by one when accounts are missing; then a count. */
#define MAX_NAMED 20

enum { B_NO, B_HOLDER, B_BANK, B_ACCOUNT, B_AMOUNT, B_EMP, B__N };
enum { U_EMP, U_NAME, U_AMOUNT, U_WHY, U__N };

struct export_book *
export_bank(struct db *db, const char *month, int allow_missing, struct diag *d)
{
	struct export_book *b = book_new(2);
	struct export_sheet *s = &b->sheets[0], *u = &b->sheets[1];
	struct export_row *row, *tot;
	struct db_rows rows;
	const char *emp = NULL;
	int64_t total = 0;
	int paid = 0;
	size_t i;
	int missing = 0;

	if (read_run(db, month, b->arena, &rows, d) < 0) {
		export_book_free(b);
		return NULL;
	}
	sheet_init(b, s, arena_printf(b->arena, "%s代发工资", month), B__N,
	           rows.nrows + 2);
	sheet_init(b, u, "未代发", U__N, rows.nrows + 1);
	row = sheet_row(b, s, EXPORT_ROW_HEADER);
	cell_text(row, B_NO, "序号");
	cell_text(row, B_HOLDER, "户名");
	cell_text(row, B_BANK, "开户行");
	cell_text(row, B_ACCOUNT, "银行账号");
	cell_text(row, B_AMOUNT, "金额");
	cell_text(row, B_EMP, "工号");
	row = sheet_row(b, u, EXPORT_ROW_HEADER);
	cell_text(row, U_EMP, "工号");
	cell_text(row, U_NAME, "姓名");
	cell_text(row, U_AMOUNT, "实发工资");
	cell_text(row, U_WHY, "原因");
	for (i = 0; i < rows.nrows; i++) {
		const char *name = text_at(&rows, i, R_NAME);
		const char *bank = text_at(&rows, i, R_BANK);
		const char *acct = text_at(&rows, i, R_ACCOUNT);
		int64_t net = int_at(&rows, i, R_NET);
		const char *why = NULL;
		char yuan[48];

		if (emp != NULL && strcmp(emp, text_at(&rows, i, R_EMP)) == 0)
			continue;
		emp = text_at(&rows, i, R_EMP);
		money_format(net, 1, yuan, sizeof(yuan));
		if (net <= 0)
			why = "实发工资不大于0";
		else if (*acct == '\0' || *bank == '\0') {
			why = *acct == '\0' ? "无银行账号" : "无开户行";
			if (!allow_missing && ++missing > MAX_NAMED) {
				continue;
			} else if (!allow_missing) {
				diag_report(
				    d, DIAG_EXPORT_NO_ACCOUNT, NULL,
				    "%s %s (net pay %s): no %s; import "
				    "it with the staff columns 开户行 and "
				    "银行账号, or give --allow-missing to "
				    "list such employees apart",
				    emp, name, yuan,
				    *acct == '\0' ? "bank account"
				                  : "bank name");
				continue;
			}
			diag_report(d, DIAG_EXPORT_LEFT_OUT, NULL,
			            "%s %s (net pay %s): no %s, left out of "
			            "the bank list",
			            emp, name, yuan,
			            *acct == '\0' ? "bank account"
			                          : "bank name");
		} else {
			row = sheet_row(b, s, EXPORT_ROW_BODY);
			cell_count(row, B_NO, (int64_t)s->nrows - 1);
			cell_text(row, B_HOLDER, name);
			cell_text(row, B_BANK, bank);
			cell_id(row, B_ACCOUNT, acct);
			cell_money(row, B_AMOUNT, net);
			cell_id(row, B_EMP, emp);
			paid++;
			total += net;
			continue;
		}
		if (net <= 0)
			diag_report(d, DIAG_EXPORT_LEFT_OUT, NULL,
			            "%s %s: net pay %s, left out of the bank "
			            "list",
			            emp, name, yuan);
		row = sheet_row(b, u, EXPORT_ROW_BODY);
		cell_id(row, U_EMP, emp);
		cell_text(row, U_NAME, name);
		cell_money(row, U_AMOUNT, net);
		cell_text(row, U_WHY, why);
	}
	if (missing > MAX_NAMED)
		diag_report(d, DIAG_EXPORT_NO_ACCOUNT, NULL,
		            "%d more employees (%d in all) have no bank "
		            "account details: import 开户行 and 银行账号 with "
		            "a staff file",
		            missing - MAX_NAMED, missing);
	if (missing > 0) {
		export_book_free(b);
		return NULL;
	}
	tot = sheet_row(b, s, EXPORT_ROW_TOTAL);
	cell_text(tot, B_NO, "合计");
	cell_text(tot, B_HOLDER, arena_printf(b->arena, "%d人", paid));
	cell_money(tot, B_AMOUNT, total);
	b->count = (int)paid;
	b->total_fen = total;
	if (u->nrows == 1)
		b->nsheets = 1;
	return b;
}

/* ---- neutralising and CSV ---- */

int
export_is_formula_like(const char *s)
{
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

void
export_csv_text(struct buf *out, const char *s, int neutralise)
{
	int prefix = neutralise && export_is_formula_like(s);

	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (prefix)
			buf_addc(out, '\'');
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '"');
	if (prefix)
		buf_addc(out, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

static void
csv_sheet(const struct export_sheet *s, const struct export_opts *o,
          struct buf *out)
{
	char num[48];
	size_t i, j;

	if (o->bom)
		buf_adds(out, "\xef\xbb\xbf");
	for (i = 0; i < s->nrows; i++) {
		for (j = 0; j < s->ncols; j++) {
			const struct export_cell *c = &s->rows[i].cells[j];

			if (j > 0)
				buf_addc(out, ',');
			switch (c->kind) {
			case EXPORT_TEXT:
			case EXPORT_ID:
				export_csv_text(out, c->text, !o->raw);
				break;
			case EXPORT_MONEY:
				buf_adds(out, money_format(c->value, 0, num,
				                           sizeof(num)));
				break;
			case EXPORT_COUNT:
				buf_printf(out, "%lld", (long long)c->value);
				break;
			case EXPORT_EMPTY:
				break;
			}
		}
		buf_adds(out, "\r\n");
	}
}

/* ---- files ---- */

int
export_write_csv(const struct export_book *b, const char *path,
                 const struct export_opts *o, struct diag *d)
{
	struct buf out;
	int rc;

	buf_init(&out, 0);
	csv_sheet(&b->sheets[0], o, &out);
	rc = outfile_write(path, out.data, out.len, 0, d);
	buf_free(&out);
	return rc;
}

/* ---- .xlsx ---- */

/* Width of s in Excel's units: a CJK or full-width character counts 2. */
static double
text_width(const char *s)
{
	size_t len = strlen(s);
	uint32_t cp;
	double w = 0;
	int n;

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n <= 0)
			n = 1, cp = '?';
		w += (cp >= 0x1100 && (cp <= 0x115f || cp >= 0x2e80)) ? 2.1 : 1;
		s += n;
		len -= (size_t)n;
	}
	return w;
}

struct xlsx_formats {
	lxw_format *bold, *money, *bold_money, *text, *bold_text;
};

static lxw_error
xlsx_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
          const struct export_cell *cell, int bold,
          const struct xlsx_formats *f, const struct export_opts *o,
          struct arena *a, double *width)
{
	const char *s;
	char num[48];

	switch (cell->kind) {
	case EXPORT_TEXT:
	case EXPORT_ID:
		s = cell->text;
		if (!o->raw && export_is_formula_like(s))
			s = arena_printf(a, "'%s", s);
		if (text_width(s) > *width)
			*width = text_width(s);
		/* an account number stays text: Excel would round it */
		return worksheet_write_string(
		    ws, r, c, s,
		    cell->kind == EXPORT_ID ? (bold ? f->bold_text : f->text)
		                            : (bold ? f->bold : NULL));
	case EXPORT_MONEY:
		money_format(cell->value, 1, num, sizeof(num));
		if (text_width(num) > *width)
			*width = text_width(num);
		return worksheet_write_number(
		    ws, r, c, (double)cell->value / MONEY_FEN_PER_YUAN,
		    bold ? f->bold_money : f->money);
	case EXPORT_COUNT:
		return worksheet_write_number(ws, r, c, (double)cell->value,
		                              bold ? f->bold : NULL);
	case EXPORT_EMPTY:
		break;
	}
	return LXW_NO_ERROR;
}

static lxw_error
xlsx_sheet(lxw_workbook *wb, const struct export_sheet *s,
           const struct xlsx_formats *f, const struct export_opts *o,
           struct arena *a)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
	double *width;
	lxw_error err = LXW_NO_ERROR;
	size_t i, j;

	if (ws == NULL)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	width = arena_alloc(a, s->ncols * sizeof(*width));
	for (i = 0; i < s->nrows && err == LXW_NO_ERROR; i++) {
		int bold = s->rows[i].style != EXPORT_ROW_BODY;

		for (j = 0; j < s->ncols && err == LXW_NO_ERROR; j++)
			err = xlsx_cell(ws, (lxw_row_t)i, (lxw_col_t)j,
			                &s->rows[i].cells[j], bold, f, o, a,
			                &width[j]);
	}
	for (j = 0; j < s->ncols && err == LXW_NO_ERROR; j++)
		err = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
		                           width[j] + 2 < 8    ? 8
		                           : width[j] + 2 > 50 ? 50
		                                               : width[j] + 2,
		                           NULL);
	worksheet_freeze_panes(ws, 1, (lxw_col_t)s->frozen_cols);
	/* printed as a clerk files it: A4 landscape, one page wide, the
	   header on every page */
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	if (err == LXW_NO_ERROR)
		err = worksheet_repeat_rows(ws, 0, 0);
	return err;
}

/* The whole of the file open at fd, in *len bytes (caller frees). */
static char *
read_fd(int fd, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *data = xmalloc(cap);
	ssize_t r;

	for (;;) {
		if (n == cap)
			data = xrealloc(data, cap *= 2);
		r = read(fd, data + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(data);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return data;
}

/*
 * libxlsxwriter writes a workbook by file name when it closes it, so the
 * book is built in a private temporary file (removed on an interrupt),
 * read back and written to path by outfile_write like every output.
 */
int
export_write_xlsx(const struct export_book *b, const char *path,
                  const struct export_opts *o, struct diag *d)
{
	const char *dir = getenv("TMPDIR");
	struct xlsx_formats f;
	lxw_workbook *wb;
	lxw_error err = LXW_NO_ERROR;
	char *tmp, *data = NULL;
	size_t i, len = 0;
	int fd, rc = -1;

	tmp = xasprintf("%s/hrpress-xlsx.XXXXXX",
	                dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = cleanup_mkstemp(tmp)) < 0) {
		diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s", tmp,
		            strerror(errno));
		free(tmp);
		return -1;
	}
	wb = workbook_new(tmp);
	if (wb == NULL) {
		diag_report(d, DIAG_IO_WRITE, NULL,
		            "%s: cannot start the workbook", path);
		goto out;
	}
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.money = workbook_add_format(wb);
	format_set_num_format(f.money, "0.00");
	f.bold_money = workbook_add_format(wb);
	format_set_num_format(f.bold_money, "0.00");
	format_set_bold(f.bold_money);
	f.text = workbook_add_format(wb);
	format_set_num_format(f.text, "@");
	f.bold_text = workbook_add_format(wb);
	format_set_num_format(f.bold_text, "@");
	format_set_bold(f.bold_text);
	for (i = 0; i < b->nsheets && err == LXW_NO_ERROR; i++)
		err = xlsx_sheet(wb, &b->sheets[i], &f, o, b->arena);
	if (err != LXW_NO_ERROR) {
		diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s", path,
		            lxw_strerror(err));
		workbook_close(wb);
		goto out;
	}
	if ((err = workbook_close(wb)) != LXW_NO_ERROR) {
		diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s", path,
		            lxw_strerror(err));
		goto out;
	}
	/* the name was rewritten, the descriptor may be stale: reopen */
	close(fd);
	fd = open(tmp, O_RDONLY);
	if (fd < 0 || (data = read_fd(fd, &len)) == NULL) {
		diag_report(d, DIAG_IO_WRITE, NULL, "%s: %s", tmp,
		            strerror(errno));
		goto out;
	}
	rc = outfile_write(path, data, len, 0, d);
out:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	cleanup_unregister(tmp);
	free(tmp);
	free(data);
	return rc;
}
