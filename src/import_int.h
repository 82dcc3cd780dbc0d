/* SPDX-License-Identifier: MIT */
/*
 * Internal to the importer: import.c reads, decodes and parses a file,
 * matches its header to the columns of the kind and runs the transaction;
 * import_check.c checks the rows of staff and the monthly kinds,
 * import_store.c writes them; the kinds of the organisation (stores,
 * departments, positions, job-description items, KPI rows, car models,
 * social-insurance rates) are checked and written by import_org*.c on the
 * parsed records.
 */
#ifndef HRP_IMPORT_INT_H
#define HRP_IMPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "fmt.h"
#include "import.h"

/* 1 if kind is one of import_org.c's, else 0. */
int import_org_kind(enum import_kind kind);

/*
 * Check every record of csv (records[0] is the header) as kind o->kind and
 * write them into db, inside a transaction the caller has begun and ends:
 * committed on 0, rolled back on -1 (every problem reported at
 * file:line:column as DIAG_CSV_FIELD). *st gets the counts.
 */
int import_org_run(struct db *db, const char *file,
                   const struct import_csv *csv, const struct import_opts *o,
                   struct import_stats *st, struct diag *d);

/*
 * The organisation kind other than kind whose columns are all of header h
 * ("stores" for a stores file imported as store figures), or NULL. The
 * name is static; a is for scratch.
 */
const char *import_org_guess(struct arena *a, const struct import_record *h,
                             enum import_kind kind);

/* ---- values of a row (every import*.c) ---- */

static inline struct fmt_value
vtext(const char *s)
{
	struct fmt_value v = {FMT_V_TEXT, 0, 0, s};

	return v;
}

static inline struct fmt_value
vint(int64_t i)
{
	struct fmt_value v = {FMT_V_INT, i, 0, NULL};

	return v;
}

static inline struct fmt_value
vnull(void)
{
	struct fmt_value v = {FMT_V_NULL, 0, 0, NULL};

	return v;
}

/* The text of a cell of a query's result; "" when it is not text. */
static inline const char *
text_at(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_TEXT ? v->s : "";
}

/* ---- messages about a cell (every import*.c) ---- */

/*
 * Report DIAG_CSV_FIELD at the line and field of csv ("HEADER: msg", where
 * HEADER is the field's in hdr; with field -1 msg alone, at the line).
 */
void import_field_report(struct diag *d, struct arena *a,
                         const struct import_csv *csv, const char *file,
                         const struct import_record *hdr, int line, int field,
                         const char *msg);

/* ---- staff and the monthly kinds (import.c, import_check.c,
   import_store.c) ---- */

/* Open addressing, keys borrowed from an arena that outlives the map. */
struct map_entry {
	const char *key;
	void *val;
};

struct map {
	struct map_entry *e;
	size_t cap; /* power of two, or 0 */
	size_t n;
};

/* Every column of every kind; docs/import.md describes each one. */
enum col {
	COL_EMPLOYEE,
	COL_NAME,
	COL_MONTH,
	COL_GENDER,
	COL_POSITION,
	COL_GRADE,
	COL_HIRE,
	COL_PROBATION,
	COL_LEAVE,
	COL_BASE,
	COL_PERF,
	COL_SCHEME,
	COL_MEASURE,
	COL_VALUE,
	COL_SALE_NO,
	COL_DATE,
	COL_MODEL,
	COL_PRICE,
	COL_CHANNEL,
	COL_SETTLED,
	COL_INSURED,
	COL_FULL,
	COL_FINANCED,
	COL_LOAN,
	COL_ACC_PRICE,
	COL_ACC_COST,
	COL_MARGIN,
	COL_LIMIT,
	COL_KPI,
	COL_TARGET,
	COL_ACTUAL,
	COL_POINTS,
	COL_REMARK,
	COL_YEAR,
	COL_SI_BASE,
	COL_DKIND,
	COL_AMOUNT,
	COL_ID_NUMBER,
	COL_BANK_NAME,
	COL_BANK_ACCOUNT,
	COL_EMAIL,
	COL_PAYSLIP_PW,
	COL__COUNT
};

struct colspec {
	const char *name;    /* English header */
	const char *aliases; /* Chinese headers, '|'-separated */
	const char *dbcol;   /* employee column (staff), or NULL */
};

/* Indexed by enum col. */
extern const struct colspec import_colspecs[COL__COUNT];
/* The columns of staff, terminated by COL__COUNT; the first are required. */
extern const enum col import_staff_cols[];

/*
 * The kinds that are a value per key and item (a measure or a deduction
 * kind), in long form (an item and a value column) or wide form (a column
 * per item). Indexed by enum import_kind; table NULL for the other kinds.
 */
struct vkind {
	enum col item, value; /* the long form's columns */
	const char *noun;     /* what an item is, for messages */
	const char *key;      /* what identifies a row, for duplicates */
	const char *table;
	const char *exists; /* SQL: is the row's key stored already? */
	const char *insert;
};
extern const struct vkind import_vkinds[];

struct emp {
	const char *id, *name, *position_id;
};

/* A measure, or a kind of deduction (unit "fen"). */
struct item {
	const char *code, *name, *unit;
	int derived; /* computed by payroll: never imported */
	int store;   /* a store figure (store_fact), not per employee */
};

struct kpi_info {
	const char *code, *name, *unit;
	int64_t weight; /* points */
	int graded;     /* kind 'graded': points entered, no target */
	int percent;    /* its unit is %: "96.3%" is 96.3 */
};

/* A row of month_fact, store_fact or iit_deduction; si_base uses month for
   the year. */
struct fact {
	const char *emp, *month, *item; /* emp "" for store figures */
	int64_t value;                  /* in the item's unit */
	int line, field;
};

struct sale {
	int64_t no; /* vehicle_sale.id, 0 = let SQLite choose */
	const char *emp, *month, *date, *model, *channel;
	int64_t price_fen, loan_fen, acc_price_fen, acc_cost_fen, margin_fen;
	struct fmt_value limit; /* limit_fen, NULL when there is none */
	int settled, insured, full_cover, financed;
	int line, field; /* field: the sale_no or employee_id column */
};

struct kres {
	const char *emp, *month, *code, *remark;
	struct fmt_value target, actual, points;
	int line, field;
};

struct staff {
	const char *id;
	int exists; /* update, not insert */
	int line;
	struct fmt_value v[COL__COUNT]; /* values of the file's columns */
};

struct ctx {
	struct db *db;
	struct diag *d;
	struct arena *a;
	const char *file;
	const char *sheet;            /* of a workbook, else NULL (CSV) */
	const struct import_csv *csv; /* the parsed file */
	const struct import_opts *o;
	struct import_stats *st;
	int errors0; /* diag_errors() before the import */
	const struct import_record *hdr;
	int col[COL__COUNT];      /* field index of each column, or -1 */
	const struct vkind *vk;   /* facts, store, iit: else NULL */
	struct map *items;        /* the items of vk: measures or dkinds */
	const struct item **wide; /* wide form: the item of each field */
	int wide_form;
	struct map emps, positions, titles, schemes, measures, kpis;
	struct map dkinds; /* iit_deduction kinds by code and name */
	struct map models; /* vehicle_model; empty: any model */
	struct map seen;   /* key of a row → its line, for duplicates */
	struct map months;
	const char **month_list;
	size_t nmonths, month_cap;
	struct fact *facts;
	struct sale *sales;
	struct kres *kres;
	struct staff *staff;
	size_t nrows, rows_cap; /* of the array of the kind */
	struct buf replaced;    /* --replace: one line per replaced row */
};

/* 1 if an error was reported since the import began. */
int import_failed(const struct ctx *c);
/* import_field_report with a message formatted in c's arena. */
void import_field_error(struct ctx *c, int line, int field, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));
/* Run sql; rows into out (may be NULL). 0 or -1 (reported). */
int import_query(struct ctx *c, const char *sql, const struct db_param *pa,
                 size_t n, struct db_rows *out);
/* Keys of two or three parts, for the maps (c's arena). */
char *import_key2(struct ctx *c, const char *a, const char *b);
char *import_key3(struct ctx *c, const char *a, const char *b, const char *k);
/* Why an item cannot be imported (derived, a store figure), or NULL. */
const char *import_item_refused(struct ctx *c, const struct item *m);

/* A string map: open addressing, keys borrowed from an arena that outlives
   the map; a zeroed struct map is empty. */
void *import_map_get(const struct map *m, const char *key);
/* Insert or replace; val must not be NULL. */
void import_map_put(struct map *m, const char *key, void *val);
void import_map_free(struct map *m);

/* The checks of one data row r of a kind (import_check.c): a good row is
   added to the context's array, a bad one reported. */
void import_row_values(struct ctx *c, const struct import_record *r);
void import_row_si_base(struct ctx *c, const struct import_record *r);
void import_row_sales(struct ctx *c, const struct import_record *r);
void import_row_kpi(struct ctx *c, const struct import_record *r);
void import_row_staff(struct ctx *c, const struct import_record *r);

/* The writing of the checked rows (import_store.c): 0, or -1 when the
   database failed (a row already stored is reported, and returns 0). */
int import_replace_rows(struct ctx *c);
int import_store_values(struct ctx *c);
int import_store_sales(struct ctx *c);
int import_store_kpi(struct ctx *c);
int import_store_staff(struct ctx *c);

#endif
