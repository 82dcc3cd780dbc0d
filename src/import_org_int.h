/* SPDX-License-Identifier: MIT */
/*
 * Shared by the three files of the organisation import only: import_org.c
 * (the kinds, their columns, the header and the steps of a run),
 * import_org_check.c (reading and checking the rows) and import_org_store.c
 * (writing them). The run's context, a row, and the helpers every step uses
 * to report a problem and to query the database.
 */
#ifndef HRP_IMPORT_ORG_INT_H
#define HRP_IMPORT_ORG_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "import_int.h"
#include "xmem.h"

/* How a cell is read. */
enum otype {
	OT_ID,        /* letters, digits, _ and - */
	OT_TEXT,      /* at most SHORT_MAX_CHARS */
	OT_LONG,      /* at most LONG_MAX_CHARS */
	OT_COUNT,     /* whole number >= 0 */
	OT_SEQ,       /* whole number >= 1 */
	OT_WEIGHT,    /* whole points 0-100 */
	OT_YEAR,      /* YYYY */
	OT_PERCENT,   /* percent -> bp, at most 100% */
	OT_YUAN,      /* yuan -> fen */
	OT_STORE,     /* a store: id or short name */
	OT_DEPT,      /* a department: id or name */
	OT_POS,       /* a position: id or title */
	OT_SCHEME,    /* a pay scheme id; empty = none */
	OT_SUPERIORS, /* positions, separated by 、 , ; ； / or blanks */
	OT_SECTION,   /* a part of the job description */
	OT_KPI_KIND,  /* ratio or graded */
	OT_SI_ITEM,   /* pension, medical, unemployment, housing */
	OT_ROUND,     /* 分, 角, 元 → 1, 10, 100 */
	OT_AMOUNT, /* yuan -> fen, "220万" or a 万元 header; empty: unset */
	OT_POINTS  /* points with two decimals -> centipoints; empty: unset */
};

/* req: the column must be in the file and filled on every row (REQ_ROW)
   or on the rows that add something new (REQ_NEW). */
enum { REQ_NO, REQ_ROW, REQ_NEW };

struct ocol {
	const char *name;    /* English header */
	const char *aliases; /* other headers, '|'-separated */
	const char *dbcol;   /* the table's column, NULL: not stored as is */
	enum otype type;
	int req;
};

/* Column indexes of the kinds, in the order of their tables below. */
enum {
	ST_ID,
	ST_NAME,
	ST_SHORT,
	ST_BRAND,
	ST_OEM,
	ST_CITY,
	ST_ADDRESS,
	ST_ISSUER,
	ST_NOTE,
	ST_TITLE,
	ST_SUBTITLE
};
enum { DP_ID, DP_STORE, DP_NAME, DP_SCOPE, DP_SORT };
enum {
	PS_ID,
	PS_DEPT,
	PS_TITLE,
	PS_NATURE,
	PS_SUPERIORS,
	PS_SCHEME,
	PS_AUTHORITY,
	PS_ACCOUNT,
	PS_SUMMARY,
	PS_SORT
};
enum { JI_POS, JI_SECTION, JI_SEQ, JI_TEXT };
enum { KI_POS, KI_CODE, KI_NAME, KI_WEIGHT, KI_KIND, KI_UNIT, KI_SEQ };
enum { VM_MODEL, VM_CLASS };
enum {
	SR_CITY,
	SR_ITEM,
	SR_YEAR,
	SR_RATE,
	SR_MIN,
	SR_MAX,
	SR_NAME,
	SR_FIXED,
	SR_ROUND
};
enum {
	TG_STORE,
	TG_YEAR,
	TG_OUTPUT,
	TG_ROUTINE,
	TG_ACCIDENT,
	TG_OUTPUT2,
	TG_ROUTINE2,
	TG_ACCIDENT2,
	TG_CSI,
	TG_TEN
};

/* A kind: its table, its columns; nkey leading columns make the key. */
struct okind {
	enum import_kind kind;
	const char *table;
	const struct ocol *cols;
	int nkey;
	const char *what; /* a row, for messages */
};

#define MAXC 12 /* columns of the widest kind */

/* One data row of the file. */
struct orow {
	int line;
	int bad;               /* an error was reported for the row */
	int exists;            /* the key is in the database: update */
	const char *key;       /* the row's key, for duplicates */
	const char *raw[MAXC]; /* the cells; NULL when the column is absent */
	struct fmt_value v[MAXC]; /* the values to store */
	const char **sups;        /* OT_SUPERIORS: resolved position ids */
	size_t nsups;
};

/* A key of the file and the row that has it. */
struct oidx {
	const char *key;
	size_t row;
};

struct octx {
	struct db *db;
	struct diag *d;
	struct arena *a;
	const char *file;
	const struct import_csv *csv; /* the parsed file (positions) */
	const struct import_opts *o;
	struct import_stats *st;
	const struct okind *k;
	const struct import_record *hdr;
	int errors0;
	int col[MAXC]; /* field of each column, or -1 */
	int wan[MAXC]; /* the header says 万元: amounts are in 10,000 yuan */
	size_t ncols;
	struct orow *rows;
	size_t nrows;
	struct oidx *ids, *titles; /* positions of the file, sorted */
	size_t nids, ntitles;
	const char *only_store; /* the database's only store, or NULL */
};

static inline int
failed(const struct octx *c)
{
	return diag_errors(c->d) > c->errors0;
}

static inline void ferr(struct octx *c, int line, int field, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));

static inline void
ferr(struct octx *c, int line, int field, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	import_field_report(c->d, c->a, c->csv, c->file, c->hdr, line, field,
	                    msg);
}

/* An error in column k of row r; marks the row bad. */
static inline void rerr(struct octx *c, struct orow *r, int k, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));

static inline void
rerr(struct octx *c, struct orow *r, int k, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	ferr(c, r->line, k >= 0 ? c->col[k] : -1, "%s", msg);
	r->bad = 1;
}

static inline int
query(struct octx *c, const char *sql, const struct db_param *p, size_t n,
      struct db_rows *out)
{
	return db_query(c->db, sql, NULL, p, n, c->a, out, c->d);
}

/* The first cell of the first row as an integer; 0 without rows. */
static inline int
query_int(struct octx *c, const char *sql, const struct db_param *p, size_t n,
          int64_t *out)
{
	struct db_rows r;

	if (query(c, sql, p, n, &r) < 0)
		return -1;
	*out = r.nrows > 0 ? db_cell(&r, 0, 0)->i : 0;
	return 0;
}

/* Order of struct oidx: by key, then by row. */
static inline int
cmp_idx(const void *a, const void *b)
{
	const struct oidx *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	if (d != 0)
		return d;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* ---- reading and checking the rows (import_org_check.c) ---- */

/* Read every cell of record rec into a new row r. */
void import_org_read_row(struct octx *c, const struct import_record *rec,
                         struct orow *r);
/* Resolve the references of every row; -1 on a database failure. */
int import_org_resolve_rows(struct octx *c);
/* Values the file leaves out: the year, a contribution's name, seq. */
void import_org_fill_defaults(struct octx *c);
/* The row's key as one string (the key columns joined) in r->key. */
void import_org_make_key(struct octx *c, struct orow *r);
/* The rows' keys sorted: a key twice in the file is an error. */
void import_org_check_duplicates(struct octx *c);
/* Does the key of row r exist in the database? *out 0/1; -1 on failure. */
int import_org_key_exists(struct octx *c, struct orow *r, int *out);
/* A row of a list kind whose key is stored already (no --replace). */
void import_org_exists_error(struct octx *c, struct orow *r);
/* Checks of a row that need its references and whether it is new. */
void import_org_check_row(struct octx *c, struct orow *r, int64_t nstores);
/* Rates of a year with a closed month are refused: its runs use them. */
int import_org_check_closed(struct octx *c);
/* After writing: a position of the file that is its own superior. */
int import_org_check_cycles(struct octx *c);
/* After writing: the KPI weights of each position add up to 100 points. */
int import_org_check_weights(struct octx *c);
/* After writing rates: warn of the stored pay runs of their years. */
int import_org_warn_pay_runs(struct octx *c);

/* ---- writing the rows (import_org_store.c) ---- */

/* --replace: delete the rows of the list kinds that the file's keys name. */
int import_org_delete_replaced(struct octx *c);
/* A row of a kind with ids: UPDATE the file's columns, or INSERT. */
int import_org_write_upsert(struct octx *c, const struct orow *r);
/* A job-description row: a list item, or a part of a position's text. */
int import_org_write_job_item(struct octx *c, const struct orow *r);
int import_org_write_kpi(struct octx *c, const struct orow *r);
int import_org_write_si_rate(struct octx *c, const struct orow *r);
/* A year's after-sales targets of a store: a new row, or the file's
   columns of a stored one (the others are kept). */
int import_org_write_target(struct octx *c, const struct orow *r);
/* The column of the year of the kinds with one (si_rate, service_target). */
int import_org_year_col(const struct octx *c);
/* The superiors of the file's positions, once all positions exist. */
int import_org_write_superiors(struct octx *c);

#endif
