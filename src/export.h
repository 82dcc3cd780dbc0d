/* SPDX-License-Identifier: MIT */
/*
 * What leaves hrpress for a spreadsheet or a bank: a month's stored pay run
 * as a wide 工资表 (one row per employee, one column per pay item,
 * department subtotals, a grand total) or as the bank disbursement list
 * (代发工资), built as a workbook of typed cells and written as CSV (UTF-8,
 * optional BOM) or .xlsx (libxlsxwriter). Every file is written under a
 * temporary name and renamed, so a reader never sees half of it. Text cells
 * that a spreadsheet would run as a formula are neutralised.
 */
#ifndef HRP_EXPORT_H
#define HRP_EXPORT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct db;
struct diag;

/* ---- the workbook ---- */

enum export_cell_kind {
	EXPORT_EMPTY, /* nothing */
	EXPORT_TEXT,  /* text: neutralised unless raw */
	EXPORT_ID,    /* text the spreadsheet must not turn into a number
	                 (bank account, id): written as text in .xlsx */
	EXPORT_MONEY, /* fen, a NUMBER of yuan with two decimals */
	EXPORT_COUNT  /* a whole number (headcount, row number) */
};

struct export_cell {
	enum export_cell_kind kind;
	const char *text; /* EXPORT_TEXT, EXPORT_ID */
	int64_t value;    /* EXPORT_MONEY: fen; EXPORT_COUNT */
};

enum export_row_style {
	EXPORT_ROW_HEADER,   /* column names: bold, frozen */
	EXPORT_ROW_BODY,     /* an employee */
	EXPORT_ROW_SUBTOTAL, /* a department's sums: bold */
	EXPORT_ROW_TOTAL     /* the grand total: bold */
};

struct export_row {
	enum export_row_style style;
	struct export_cell *cells; /* ncols of the sheet */
};

struct export_sheet {
	const char *name; /* sheet name, at most 31 characters */
	size_t ncols;
	size_t frozen_cols; /* .xlsx: leading columns kept in view */
	struct export_row *rows;
	size_t nrows;
};

/* A workbook; everything lives in its arena. */
struct export_book {
	struct export_sheet *sheets; /* the first is the CSV's */
	size_t nsheets;
	int count;         /* employees (wide) or transfers (bank) */
	int64_t total_fen; /* their net pay */
	struct arena *arena;
};

void export_book_free(struct export_book *b);

/* ---- building ---- */

/*
 * The wide 工资表 of month's stored run: columns 部门, 工号, 姓名, 岗位, then
 * each pay item (earnings and awards, then deductions; within each, in the
 * order of the schemes by id and of their rules; an item is a line name),
 * then 应发合计, 扣款合计, 实发工资. Employees in department order; after each
 * department a 小计 row, at the end a 合计 row. A cell is the sum of the
 * employee's lines of that name (empty when none). Read in one statement,
 * so one snapshot. Returns NULL after reporting (DIAG_PAY_NOT_STORED when
 * the month has no run).
 */
struct export_book *export_payroll_wide(struct db *db, const char *month,
                                        struct diag *d);

/*
 * The bank disbursement list (代发工资) of month's stored run: 序号, 户名 (the
 * employee's name), 开户行, 银行账号, 金额 (net pay), 工号, one row per
 * employee with net pay > 0, then a 合计 row. An employee to be paid with no
 * bank name or account is an error naming the employee (DIAG_EXPORT_NO_ACCOUNT)
 * unless allow_missing: then such employees, and those whose net pay is not
 * above 0, are left out with a warning each and listed on a second sheet
 * (未代发). Returns NULL after reporting.
 */
struct export_book *export_bank(struct db *db, const char *month,
                                int allow_missing, struct diag *d);

/* ---- writing ---- */

struct export_opts {
	int bom; /* CSV: start with a UTF-8 BOM */
	int raw; /* do not neutralise formula-like text */
};

/*
 * 1 if a spreadsheet could take text s for a formula: it starts with =, +,
 * -, @, TAB or CR (OWASP). Such a cell is written with a leading "'".
 */
int export_is_formula_like(const char *s);

/* Append s as one RFC 4180 CSV field (quoted when needed); neutralised
   when neutralise and export_is_formula_like(s). */
void export_csv_text(struct buf *out, const char *s, int neutralise);

/*
 * Write the first sheet of b as CSV (CRLF line ends, money as 1234.50) to
 * path, or to stdout when path is "-". Returns 0, or -1 after reporting
 * DIAG_IO_WRITE; path is then unchanged.
 */
int export_write_csv(const struct export_book *b, const char *path,
                     const struct export_opts *o, struct diag *d);

/*
 * Write b as an .xlsx workbook to path: money as numbers in the format
 * 0.00, header row bold and frozen, subtotal and total rows bold, columns
 * wide enough for their text (CJK characters count double). Returns 0, or
 * -1 after reporting; path is then unchanged.
 */
int export_write_xlsx(const struct export_book *b, const char *path,
                      const struct export_opts *o, struct diag *d);

#endif
