/* SPDX-License-Identifier: MIT */
/*
 * CSV import: the records of a decoded file (import_csv.c) are matched to
 * the columns of one kind (staff, facts, sales, kpi, store, si_base,
 * iit_deduction), checked row by row against the database, and written in
 * one transaction. Any error rolls everything back.
 */
#include "import.h"
#include "import_int.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "font.h"
#include "money.h"
#include "utf8.h"
#include "xlsx.h"
#include "xmem.h"

/* Longest remark we accept, in characters. */
#define TEXT_MAX_CHARS 200

/* Indexed by enum import_kind. */
static const char *const kind_names[] = {"staff", "facts", "sales", "kpi",
    "store", "si_base", "iit_deduction", "stores", "departments",
    "positions", "job_items", "kpi_items", "models", "si_rate"};

/*
 * The kinds of special additional deduction (iit_deduction.kind, a CHECK of
 * the schema) with the names of the tax authority's form.
 */
static const char *const iit_kinds[][3] = {
	{"children", "子女教育", NULL},
	{"continuing_edu", "继续教育", NULL},
	{"illness", "大病医疗", NULL},
	{"housing_loan", "住房贷款利息", "住房贷款"},
	{"rent", "住房租金", NULL},
	{"elderly", "赡养老人", NULL},
	{"infant", "3岁以下婴幼儿照护", "婴幼儿照护"},
	{"other", "其他", NULL},
};

int
import_kind_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
import_kind_name(enum import_kind kind)
{
	return kind_names[kind];
}

/* ------------------------------------------------------------ string map */

/* Open addressing, keys borrowed from an arena that outlives the map. */
struct map_entry {
	const char *key;
	void *val;
};

struct map {
	struct map_entry *e;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (*s)
		h = (h ^ (unsigned char)*s++) * UINT64_C(1099511628211);
	return h;
}

static void *
map_get(const struct map *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash_str(key) & (m->cap - 1); m->e[i].key;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->e[i].key, key) == 0)
			return m->e[i].val;
	return NULL;
}

/* Insert or replace; val must not be NULL. */
static void
map_put(struct map *m, const char *key, void *val)
{
	size_t i;

	assert(val != NULL);
	if ((m->n + 1) * 2 > m->cap) {
		struct map old = *m;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->e = xcalloc(m->cap, sizeof(*m->e));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.e[i].key)
				map_put(m, old.e[i].key, old.e[i].val);
		free(old.e);
	}
	for (i = hash_str(key) & (m->cap - 1); m->e[i].key;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->e[i].key, key) == 0) {
			m->e[i].val = val;
			return;
		}
	m->e[i].key = key;
	m->e[i].val = val;
	m->n++;
}

static void
map_free(struct map *m)
{
	free(m->e);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------ columns */

/* Every column of every kind; docs/import.md describes each one. */
enum col {
	COL_EMPLOYEE, COL_NAME, COL_MONTH,
	COL_GENDER, COL_POSITION, COL_GRADE, COL_HIRE, COL_PROBATION,
	COL_LEAVE, COL_BASE, COL_PERF, COL_SCHEME,
	COL_MEASURE, COL_VALUE,
	COL_SALE_NO, COL_DATE, COL_MODEL, COL_PRICE, COL_CHANNEL,
	COL_SETTLED, COL_INSURED, COL_FULL, COL_FINANCED, COL_LOAN,
	COL_ACC_PRICE, COL_ACC_COST, COL_MARGIN, COL_LIMIT,
	COL_KPI, COL_TARGET, COL_ACTUAL, COL_POINTS, COL_REMARK,
	COL_YEAR, COL_SI_BASE, COL_DKIND, COL_AMOUNT,
	COL_ID_NUMBER, COL_BANK_NAME, COL_BANK_ACCOUNT, COL_EMAIL,
	COL_PAYSLIP_PW,
	COL__COUNT
};

struct colspec {
	const char *name;	/* English header */
	const char *aliases;	/* Chinese headers, '|'-separated */
	const char *dbcol;	/* employee column (staff), or NULL */
};

static const struct colspec colspecs[COL__COUNT] = {
	[COL_EMPLOYEE] = {"employee_id", "工号|员工编号|员工工号", "id"},
	[COL_NAME] = {"name", "姓名", "name"},
	[COL_MONTH] = {"month", "月份", NULL},
	[COL_GENDER] = {"gender", "性别", "gender"},
	[COL_POSITION] = {"position_id", "岗位|岗位编号", "position_id"},
	[COL_GRADE] = {"grade", "级别", "grade"},
	[COL_HIRE] = {"hire_date", "入职日期", "hire_date"},
	[COL_PROBATION] = {"probation_end", "试用期截止日期|试用期满",
	    "probation_end"},
	[COL_LEAVE] = {"leave_date", "离职日期", "leave_date"},
	[COL_BASE] = {"base_yuan", "底薪", "base_fen"},
	[COL_PERF] = {"perf_yuan", "绩效工资|绩效工资基数", "perf_fen"},
	[COL_SCHEME] = {"scheme_id", "薪酬方案", "scheme_id"},
	[COL_MEASURE] = {"measure", "指标|指标代码", NULL},
	[COL_VALUE] = {"value", "数值|值", NULL},
	[COL_SALE_NO] = {"sale_no", "单号|销售单号", NULL},
	[COL_DATE] = {"sale_date", "销售日期|日期", NULL},
	[COL_MODEL] = {"model", "车型", NULL},
	[COL_PRICE] = {"price_yuan", "成交价", NULL},
	[COL_CHANNEL] = {"channel", "渠道|销售渠道", NULL},
	[COL_SETTLED] = {"settled", "结算完成|已结算", NULL},
	[COL_INSURED] = {"insured", "店内投保", NULL},
	[COL_FULL] = {"full_cover", "五项全保", NULL},
	[COL_FINANCED] = {"financed", "按揭", NULL},
	[COL_LOAN] = {"loan_fee_yuan", "按揭手续费", NULL},
	[COL_ACC_PRICE] = {"acc_price_yuan", "精品售价", NULL},
	[COL_ACC_COST] = {"acc_cost_yuan", "精品成本", NULL},
	[COL_MARGIN] = {"margin_yuan", "裸车毛利", NULL},
	[COL_LIMIT] = {"limit_yuan", "限价", NULL},
	[COL_KPI] = {"kpi_code", "考核指标|指标代码|指标", NULL},
	[COL_TARGET] = {"target", "目标|目标值", NULL},
	[COL_ACTUAL] = {"actual", "实际|实际值|完成值", NULL},
	[COL_POINTS] = {"points", "得分", NULL},
	[COL_REMARK] = {"remark", "备注", NULL},
	[COL_YEAR] = {"year", "年度|年份", NULL},
	[COL_SI_BASE] = {"base_yuan", "缴费基数", NULL},
	[COL_DKIND] = {"kind", "扣除项目|项目", NULL},
	[COL_AMOUNT] = {"amount_yuan", "金额|扣除金额", NULL},
	[COL_ID_NUMBER] = {"id_number", "身份证号|身份证号码|身份证",
	    "id_number"},
	[COL_BANK_NAME] = {"bank_name", "开户行|开户银行", "bank_name"},
	[COL_BANK_ACCOUNT] = {"bank_account", "银行账号|银行卡号|工资卡号",
	    "bank_account"},
	[COL_EMAIL] = {"email", "邮箱|电子邮箱|电子邮件", "email"},
	[COL_PAYSLIP_PW] = {"payslip_password", "工资条密码",
	    "payslip_password"},
};

/* Columns of each kind (terminated by COL__COUNT); the first are required. */
static const enum col staff_cols[] = {COL_EMPLOYEE, COL_NAME, COL_GENDER,
    COL_POSITION, COL_GRADE, COL_HIRE, COL_PROBATION, COL_LEAVE, COL_BASE,
    COL_PERF, COL_SCHEME, COL_ID_NUMBER, COL_BANK_NAME, COL_BANK_ACCOUNT,
    COL_EMAIL, COL_PAYSLIP_PW, COL__COUNT};
static const enum col facts_cols[] = {COL_EMPLOYEE, COL_NAME, COL_MONTH,
    COL_MEASURE, COL_VALUE, COL__COUNT};
static const enum col sales_cols[] = {COL_EMPLOYEE, COL_DATE, COL_MODEL,
    COL_PRICE, COL_NAME, COL_MONTH, COL_SALE_NO, COL_CHANNEL, COL_SETTLED,
    COL_INSURED, COL_FULL, COL_FINANCED, COL_LOAN, COL_ACC_PRICE,
    COL_ACC_COST, COL_MARGIN, COL_LIMIT, COL__COUNT};
static const enum col kpi_cols[] = {COL_EMPLOYEE, COL_KPI, COL_NAME,
    COL_MONTH, COL_TARGET, COL_ACTUAL, COL_POINTS, COL_REMARK, COL__COUNT};
static const enum col store_cols[] = {COL_MONTH, COL_MEASURE, COL_VALUE,
    COL__COUNT};
static const enum col si_base_cols[] = {COL_EMPLOYEE, COL_SI_BASE, COL_NAME,
    COL_YEAR, COL__COUNT};
static const enum col iit_cols[] = {COL_EMPLOYEE, COL_NAME, COL_MONTH,
    COL_DKIND, COL_AMOUNT, COL__COUNT};

static const enum col *const kind_cols[] = {staff_cols, facts_cols,
    sales_cols, kpi_cols, store_cols, si_base_cols, iit_cols};
static const int kind_required[] = {1, 1, 4, 2, 0, 2, 1};

/*
 * The kinds that are a value per key and item (a measure or a deduction
 * kind), in long form (an item and a value column) or wide form (a column
 * per item). Indexed by enum import_kind; table NULL for the other kinds.
 */
static const struct vkind {
	enum col item, value;	/* the long form's columns */
	const char *noun;	/* what an item is, for messages */
	const char *key;	/* what identifies a row, for duplicates */
	const char *table;
	const char *exists;	/* SQL: is the row's key stored already? */
	const char *insert;
} vkinds[] = {
	[IMPORT_FACTS] = {COL_MEASURE, COL_VALUE, "measure",
	    "employee, month and measure", "month_fact",
	    "SELECT count(*) FROM month_fact WHERE employee_id = :e AND "
	    "month = :m AND measure = :k",
	    "INSERT INTO month_fact (employee_id, month, measure, value) "
	    "VALUES (:e, :m, :k, :v)"},
	[IMPORT_STORE] = {COL_MEASURE, COL_VALUE, "measure",
	    "month and measure", "store_fact",
	    "SELECT count(*) FROM store_fact WHERE month = :m AND "
	    "measure = :k",
	    "INSERT INTO store_fact (month, measure, value) VALUES "
	    "(:m, :k, :v)"},
	[IMPORT_IIT] = {COL_DKIND, COL_AMOUNT, "deduction kind",
	    "employee, month and kind", "iit_deduction",
	    "SELECT count(*) FROM iit_deduction WHERE employee_id = :e AND "
	    "month = :m AND kind = :k",
	    "INSERT INTO iit_deduction (employee_id, month, kind, amount_fen) "
	    "VALUES (:e, :m, :k, :v)"},
	[IMPORT_SI_BASE] = {COL__COUNT, COL__COUNT, NULL, "employee and year",
	    "si_base",
	    "SELECT count(*) FROM si_base WHERE employee_id = :e AND "
	    "year = :m",
	    "INSERT INTO si_base (employee_id, year, base_fen) VALUES "
	    "(:e, :m, :v)"},
};

/* ------------------------------------------------------------ context */

struct emp {
	const char *id, *name, *position_id;
};

/* A measure, or a kind of deduction (unit "fen"). */
struct item {
	const char *code, *name, *unit;
	int derived;		/* computed by payroll: never imported */
	int store;		/* a store figure (store_fact), not per employee */
};

struct kpi_info {
	const char *code, *name;
	int64_t weight;		/* points */
	int graded;		/* kind 'graded': points entered, no target */
};

/* A row of month_fact, store_fact or iit_deduction; si_base uses month for
   the year. */
struct fact {
	const char *emp, *month, *item;	/* emp "" for store figures */
	int64_t value;		/* in the item's unit */
	int line, field;
};

struct sale {
	int64_t no;		/* vehicle_sale.id, 0 = let SQLite choose */
	const char *emp, *month, *date, *model, *channel;
	int64_t price_fen, loan_fen, acc_price_fen, acc_cost_fen, margin_fen;
	struct fmt_value limit;	/* limit_fen, NULL when there is none */
	int settled, insured, full_cover, financed;
	int line, field;	/* field: the sale_no or employee_id column */
};

struct kres {
	const char *emp, *month, *code, *remark;
	struct fmt_value target, actual, points;
	int line, field;
};

struct staff {
	const char *id;
	int exists;		/* update, not insert */
	int line;
	struct fmt_value v[COL__COUNT];	/* values of the file's columns */
};

struct ctx {
	struct db *db;
	struct diag *d;
	struct arena *a;
	const char *file;
	const char *sheet;	/* of a workbook, else NULL (CSV) */
	const struct import_csv *csv;	/* the parsed file */
	const struct import_opts *o;
	struct import_stats *st;
	int errors0;		/* diag_errors() before the import */
	const struct import_record *hdr;
	int col[COL__COUNT];	/* field index of each column, or -1 */
	const struct vkind *vk;	/* facts, store, iit: else NULL */
	struct map *items;	/* the items of vk: measures or dkinds */
	const struct item **wide;	/* wide form: the item of each field */
	int wide_form;
	struct map emps, positions, titles, schemes, measures, kpis;
	struct map dkinds;	/* iit_deduction kinds by code and name */
	struct map models;	/* vehicle_model; empty: any model */
	struct map seen;	/* key of a row → its line, for duplicates */
	struct map months;
	const char **month_list;
	size_t nmonths, month_cap;
	struct fact *facts;
	struct sale *sales;
	struct kres *kres;
	struct staff *staff;
	size_t nrows, rows_cap;	/* of the array of the kind */
	struct buf replaced;	/* --replace: one line per replaced row */
};

static int
failed(const struct ctx *c)
{
	return diag_errors(c->d) > c->errors0;
}

/* The column's name as the file writes it, for messages. */
static const char *
col_label(const struct ctx *c, int field)
{
	if (field >= 0 && (size_t)field < c->hdr->nfields
	    && c->hdr->fields[field][0] != '\0')
		return c->hdr->fields[field];
	return arena_printf(c->a, "field %d", field + 1);
}

static void
field_error(struct ctx *c, int line, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
field_error(struct ctx *c, int line, int field, const char *fmt, ...)
{
	struct srcpos p = import_pos(c->a, c->csv, c->file, line, field);
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (field >= 0)
		diag_report(c->d, DIAG_CSV_FIELD, &p, "%s: %s",
		    col_label(c, field), msg);
	else
		diag_report(c->d, DIAG_CSV_FIELD, &p, "%s", msg);
}

/* Run sql; rows into out (may be NULL). 0 or -1 (reported). */
static int
query(struct ctx *c, const char *sql, const struct db_param *pa, size_t n,
    struct db_rows *out)
{
	return db_query(c->db, sql, NULL, pa, n, c->a, out, c->d);
}

static struct fmt_value
vtext(const char *s)
{
	struct fmt_value v = {FMT_V_TEXT, 0, 0, s};

	return v;
}

static struct fmt_value
vint(int64_t i)
{
	struct fmt_value v = {FMT_V_INT, i, 0, NULL};

	return v;
}

static struct fmt_value
vnull(void)
{
	struct fmt_value v = {FMT_V_NULL, 0, 0, NULL};

	return v;
}

static const char *
text_at(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_TEXT ? v->s : "";
}

static char *
key2(struct ctx *c, const char *a, const char *b)
{
	return arena_printf(c->a, "%s\x1f%s", a, b);
}

static char *
key3(struct ctx *c, const char *a, const char *b, const char *k)
{
	return arena_printf(c->a, "%s\x1f%s\x1f%s", a, b, k);
}

/* The reference tables a row is checked against. */
static int
load_refs(struct ctx *c)
{
	struct db_rows r;
	size_t i;

	if (query(c, "SELECT id, name, position_id FROM employee", NULL, 0,
	    &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct emp *e = arena_alloc(c->a, sizeof(*e));

		e->id = text_at(&r, i, 0);
		e->name = text_at(&r, i, 1);
		e->position_id = text_at(&r, i, 2);
		map_put(&c->emps, e->id, e);
	}
	if (query(c, "SELECT id, title FROM position", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		const char *id = text_at(&r, i, 0), *title = text_at(&r, i, 1);

		map_put(&c->positions, id, (void *)id);
		/* A title shared by two positions is ambiguous: "" marks it. */
		map_put(&c->titles, title,
		    map_get(&c->titles, title) ? (void *)"" : (void *)id);
	}
	if (query(c, "SELECT id FROM scheme", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		map_put(&c->schemes, text_at(&r, i, 0),
		    (void *)text_at(&r, i, 0));
	/*
	 * The catalogue marks store figures by their description, the only
	 * place the schema records where payroll reads a measure from.
	 */
	if (query(c, "SELECT code, name, unit, derived, "
	    "description LIKE 'store_fact:%' FROM measure", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct item *m = arena_alloc(c->a, sizeof(*m));

		m->code = text_at(&r, i, 0);
		m->name = text_at(&r, i, 1);
		m->unit = text_at(&r, i, 2);
		m->derived = db_cell(&r, i, 3)->i != 0;
		m->store = db_cell(&r, i, 4)->i != 0;
		map_put(&c->measures, m->code, m);
		if (map_get(&c->measures, m->name) == NULL)
			map_put(&c->measures, m->name, m);
	}
	for (i = 0; i < sizeof(iit_kinds) / sizeof(iit_kinds[0]); i++) {
		struct item *k = arena_alloc(c->a, sizeof(*k));
		size_t j;

		memset(k, 0, sizeof(*k));
		k->code = iit_kinds[i][0];
		k->name = iit_kinds[i][1];
		k->unit = "fen";
		for (j = 0; j < 3; j++)
			if (iit_kinds[i][j] != NULL)
				map_put(&c->dkinds, iit_kinds[i][j], k);
	}
	if (query(c, "SELECT model FROM vehicle_model", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		map_put(&c->models, text_at(&r, i, 0),
		    (void *)text_at(&r, i, 0));
	if (query(c, "SELECT position_id, code, name, weight, kind FROM kpi",
	    NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct kpi_info *k = arena_alloc(c->a, sizeof(*k));
		const char *pos = text_at(&r, i, 0);

		k->code = text_at(&r, i, 1);
		k->name = text_at(&r, i, 2);
		k->weight = db_cell(&r, i, 3)->i;
		k->graded = strcmp(text_at(&r, i, 4), "graded") == 0;
		map_put(&c->kpis, key2(c, pos, k->code), k);
		if (map_get(&c->kpis, key2(c, pos, k->name)) == NULL)
			map_put(&c->kpis, key2(c, pos, k->name), k);
	}
	return 0;
}

/* ------------------------------------------------------------ header */

static int
alias_match(const char *aliases, const char *key)
{
	size_t n = strlen(key);
	const char *p = aliases, *bar;

	while (*p) {
		bar = strchr(p, '|');
		if (bar == NULL)
			bar = p + strlen(p);
		if ((size_t)(bar - p) == n && strncmp(p, key, n) == 0)
			return 1;
		p = *bar ? bar + 1 : bar;
	}
	return 0;
}

static int
find_col(const enum col *cols, const char *key)
{
	size_t i;

	for (i = 0; cols[i] != COL__COUNT; i++)
		if (strcasecmp(colspecs[cols[i]].name, key) == 0
		    || alias_match(colspecs[cols[i]].aliases, key))
			return (int)cols[i];
	return -1;
}

/* Why item m cannot be imported as the kind being imported, or NULL. */
static const char *
item_refused(struct ctx *c, const struct item *m)
{
	if (m->derived)
		return arena_printf(c->a, "measure %s is computed by payroll, "
		    "not imported", m->code);
	if (c->o->kind == IMPORT_FACTS && m->store)
		return arena_printf(c->a, "measure %s is a figure of the "
		    "store: import it with kind store", m->code);
	if (c->o->kind == IMPORT_STORE && !m->store)
		return arena_printf(c->a, "measure %s is a figure of each "
		    "employee: import it with kind facts", m->code);
	return NULL;
}

static int
parse_header(struct ctx *c)
{
	const enum col *cols = kind_cols[c->o->kind];
	const struct import_record *h = c->hdr;
	size_t f, i;
	int k;

	for (k = 0; k < COL__COUNT; k++)
		c->col[k] = -1;
	c->wide = arena_alloc(c->a, h->nfields * sizeof(*c->wide));
	for (f = 0; f < h->nfields; f++) {
		const char *key = import_header_key(c->a, h->fields[f]);
		const struct item *m;
		const char *why, *guess;

		if (*key == '\0')
			continue;
		k = find_col(cols, key);
		if (k >= 0 && c->col[k] >= 0) {
			field_error(c, h->line, (int)f,
			    "duplicate column (also column %d)",
			    c->col[k] + 1);
			continue;
		}
		if (k >= 0) {
			c->col[k] = (int)f;
			continue;
		}
		/* Wide form: a column per item, by code or name. */
		m = c->vk != NULL ? map_get(c->items, key) : NULL;
		why = m != NULL ? item_refused(c, m) : NULL;
		if (why != NULL) {
			field_error(c, h->line, (int)f, "%s", why);
			continue;
		}
		if (m != NULL) {
			for (i = 0; i < f; i++)
				if (c->wide[i] == m)
					break;
			if (i < f) {
				field_error(c, h->line, (int)f,
				    "duplicate column (also column %zu)",
				    i + 1);
				continue;
			}
			c->wide[f] = m;
			c->wide_form = 1;
			continue;
		}
		guess = import_org_guess(c->a, h, c->o->kind);
		if (guess != NULL)
			field_error(c, h->line, (int)f, "unknown column: this "
			    "header is one of kind %s (hrpress import DB %s "
			    "FILE)", guess, guess);
		else if (c->vk != NULL)
			field_error(c, h->line, (int)f, "unknown column "
			    "(neither a known column nor a %s)", c->vk->noun);
		else
			field_error(c, h->line, (int)f, "unknown column");
	}
	for (i = 0; i < (size_t)kind_required[c->o->kind]; i++)
		if (c->col[cols[i]] < 0)
			field_error(c, h->line, -1,
			    "%s: missing required column (%s)",
			    colspecs[cols[i]].name,
			    colspecs[cols[i]].aliases);
	if (c->vk != NULL) {
		const char *in = colspecs[c->vk->item].name;
		const char *vn = colspecs[c->vk->value].name;
		int has_m = c->col[c->vk->item] >= 0;
		int has_v = c->col[c->vk->value] >= 0;

		if (has_m != has_v)
			field_error(c, h->line, -1, "%s: missing required "
			    "column (long form needs %s and %s)",
			    has_m ? vn : in, in, vn);
		else if (has_m && c->wide_form)
			field_error(c, h->line, -1, "%s columns and a %s,%s "
			    "pair cannot be mixed", in, in, vn);
		else if (!has_m && !c->wide_form)
			field_error(c, h->line, -1, "%s: missing required "
			    "column (or one column per %s)", in, in);
	}
	if (c->o->kind == IMPORT_SI_BASE) {
		if (c->col[COL_YEAR] < 0 && c->o->month == NULL)
			field_error(c, h->line, -1, "year: missing required "
			    "column (年度), or give --month");
	} else if (c->o->kind != IMPORT_STAFF && c->col[COL_MONTH] < 0
	    && c->o->month == NULL)
		field_error(c, h->line, -1, "month: missing required column "
		    "(月份), or give --month");
	return failed(c) ? -1 : 0;
}

/* ------------------------------------------------------------ fields */

static const char *
cell(const struct ctx *c, const struct import_record *r, enum col k)
{
	if (c->col[k] < 0 || (size_t)c->col[k] >= r->nfields)
		return NULL;
	return r->fields[c->col[k]];
}

/* 1 with *out set, 0 when absent or empty, -1 after reporting. */
static int
get_text(struct ctx *c, const struct import_record *r, enum col k,
    size_t max_chars, const char **out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	if (utf8_count(s, strlen(s)) > max_chars) {
		field_error(c, r->line, c->col[k], "longer than %zu characters",
		    max_chars);
		return -1;
	}
	*out = s;
	return 1;
}

static int
get_id(struct ctx *c, const struct import_record *r, enum col k,
    const char **out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	if (!import_is_id(s)) {
		field_error(c, r->line, c->col[k], "\"%s\" is not an id "
		    "(letters, digits, _ and -, at most %d)", s,
		    IMPORT_ID_MAX_BYTES);
		return -1;
	}
	*out = s;
	return 1;
}

static int
get_date(struct ctx *c, const struct import_record *r, enum col k,
    const char **out)
{
	const char *s = cell(c, r, k), *why;
	char iso[11];

	if (s == NULL || *s == '\0')
		return 0;
	if (import_parse_date(s, iso, &why) < 0) {
		field_error(c, r->line, c->col[k], "\"%s\" %s", s, why);
		return -1;
	}
	*out = arena_strdup(c->a, iso);
	return 1;
}

/* Yuan → fen; negative only when signed_ok. 0 or -1 (reported). */
static int
parse_yuan_at(struct ctx *c, int line, int field, const char *s,
    int signed_ok, int64_t *fen)
{
	const char *why;

	if (import_parse_yuan(s, signed_ok, fen, &why) == 0)
		return 0;
	field_error(c, line, field, "\"%s\" %s", s, why);
	return -1;
}

static int
get_yuan(struct ctx *c, const struct import_record *r, enum col k,
    int64_t *fen)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	return parse_yuan_at(c, r->line, c->col[k], s, 0, fen) < 0 ? -1 : 1;
}

/* Percent → bp or points → centipoints; 0 or -1 (reported). */
static int
parse_dec2_at(struct ctx *c, int line, int field, const char *s,
    int percent, int64_t *out)
{
	const char *why;

	if (import_parse_dec2(s, percent, out, &why) == 0)
		return 0;
	field_error(c, line, field, "\"%s\" %s", s, why);
	return -1;
}

/* A count: a whole number, never negative. 0 or -1 (reported). */
static int
parse_count_at(struct ctx *c, int line, int field, const char *s,
    int64_t *out)
{
	const char *why;

	if (import_parse_count(s, out, &why) == 0)
		return 0;
	field_error(c, line, field, "\"%s\" %s", s, why);
	return -1;
}

static int
get_count(struct ctx *c, const struct import_record *r, enum col k,
    int64_t *out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	return parse_count_at(c, r->line, c->col[k], s, out) < 0 ? -1 : 1;
}

static int
get_bool(struct ctx *c, const struct import_record *r, enum col k, int *out)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	if (import_parse_bool(s, out) == 0)
		return 1;
	field_error(c, r->line, c->col[k], "\"%s\" is not 1/0 (是/否)", s);
	return -1;
}

/* A known employee; for monthly kinds an optional name must match. */
static const struct emp *
get_employee(struct ctx *c, const struct import_record *r)
{
	const struct emp *e;
	const char *id = NULL, *name;
	int rc = get_id(c, r, COL_EMPLOYEE, &id);

	if (rc == 0)
		field_error(c, r->line, c->col[COL_EMPLOYEE],
		    "an employee id is required");
	if (rc <= 0)
		return NULL;
	e = map_get(&c->emps, id);
	if (e == NULL) {
		field_error(c, r->line, c->col[COL_EMPLOYEE],
		    "unknown employee %s", id);
		return NULL;
	}
	name = cell(c, r, COL_NAME);
	if (name != NULL && *name != '\0' && strcmp(name, e->name) != 0) {
		field_error(c, r->line, c->col[COL_NAME],
		    "\"%s\" is not the name of %s (%s)", name, e->id,
		    e->name);
		return NULL;
	}
	return e;
}

/* Remember a month (si_base: a year) of the file, for --replace. */
static void
note_period(struct ctx *c, const char *s)
{
	if (map_get(&c->months, s) == NULL) {
		map_put(&c->months, s, (void *)s);
		c->month_list = xgrow(c->month_list, &c->month_cap,
		    c->nmonths + 1, sizeof(*c->month_list));
		c->month_list[c->nmonths++] = s;
	}
}

/* The row's month: its month column, else --month. NULL after reporting. */
static const char *
get_month(struct ctx *c, const struct import_record *r)
{
	const char *s = cell(c, r, COL_MONTH), *why;
	char ym[8];

	if ((s == NULL || *s == '\0') && c->o->month == NULL) {
		field_error(c, r->line, c->col[COL_MONTH],
		    "a month is required (YYYY-MM)");
		return NULL;
	}
	if (s == NULL || *s == '\0')
		s = c->o->month;
	else {
		if (import_parse_month(s, ym, &why) < 0) {
			field_error(c, r->line, c->col[COL_MONTH],
			    "\"%s\" %s", s, why);
			return NULL;
		}
		s = arena_strdup(c->a, ym);
		if (c->o->month != NULL && strcmp(s, c->o->month) != 0) {
			field_error(c, r->line, c->col[COL_MONTH],
			    "%s is not the month being imported (--month %s)",
			    s, c->o->month);
			return NULL;
		}
	}
	note_period(c, s);
	return s;
}

/* Is key new in the file? Reports a duplicate of an earlier line. */
static int
first_time(struct ctx *c, const char *key, int line, int field,
    const char *what)
{
	void *prev = map_get(&c->seen, key);

	if (prev != NULL) {
		field_error(c, line, field, "duplicate row: %s %d has the "
		    "same %s", c->sheet != NULL ? "row" : "line",
		    (int)(intptr_t)prev, what);
		return 0;
	}
	map_put(&c->seen, key, (void *)(intptr_t)line);
	return 1;
}

static void *
next_row(struct ctx *c, void **arr, size_t elsize)
{
	char *p;

	*arr = xgrow(*arr, &c->rows_cap, c->nrows + 1, elsize);
	p = (char *)*arr + c->nrows++ * elsize;
	memset(p, 0, elsize);
	return p;
}

/* ------------------------------------------------------------ rows */

/* A value in an item's unit (fen, bp, count, score). */
static int
parse_item_value(struct ctx *c, int line, int field, const struct item *m,
    const char *s, int64_t *out)
{
	if (strcmp(m->unit, "fen") == 0)
		return parse_yuan_at(c, line, field, s, 0, out);
	if (strcmp(m->unit, "bp") == 0)
		return parse_dec2_at(c, line, field, s, 1, out);
	if (strcmp(m->unit, "score") == 0)
		return parse_dec2_at(c, line, field, s, 0, out);
	return parse_count_at(c, line, field, s, out);
}

/* One value of a facts, store or iit_deduction row; emp NULL for store. */
static void
add_value(struct ctx *c, const struct import_record *r, int field,
    int key_field, const struct emp *e, const char *month,
    const struct item *m, const char *s)
{
	const char *emp = e != NULL ? e->id : "";
	struct fact *f;
	int64_t v;

	if (parse_item_value(c, r->line, field, m, s, &v) < 0)
		return;
	if (!first_time(c, key3(c, emp, month, m->code), r->line, key_field,
	    c->vk->key))
		return;
	f = next_row(c, (void **)&c->facts, sizeof(*f));
	f->emp = emp;
	f->month = month;
	f->item = m->code;
	f->value = v;
	f->line = r->line;
	f->field = field;
}

/* A row of facts, store or iit_deduction, in long or wide form. */
static void
row_values(struct ctx *c, const struct import_record *r)
{
	const struct vkind *vk = c->vk;
	const struct emp *e = NULL;
	const char *month, *s, *why = NULL;
	const struct item *m;
	int ok = 1;
	size_t f;

	if (c->o->kind != IMPORT_STORE) {
		e = get_employee(c, r);
		ok = e != NULL;
	}
	month = get_month(c, r);
	if (month == NULL)
		ok = 0;
	if (!c->wide_form) {
		s = cell(c, r, vk->item);
		m = map_get(c->items, s);
		if (m != NULL)
			why = item_refused(c, m);
		if (*s == '\0')
			field_error(c, r->line, c->col[vk->item],
			    "a %s is required", vk->noun);
		else if (m == NULL)
			field_error(c, r->line, c->col[vk->item],
			    "unknown %s \"%s\"", vk->noun, s);
		else if (why != NULL)
			field_error(c, r->line, c->col[vk->item], "%s", why);
		s = cell(c, r, vk->value);
		if (*s == '\0') {
			field_error(c, r->line, c->col[vk->value],
			    "a value is required");
			return;
		}
		if (ok && m != NULL && why == NULL)
			add_value(c, r, c->col[vk->value], c->col[vk->item],
			    e, month, m, s);
		return;
	}
	for (f = 0; f < r->nfields && f < c->hdr->nfields; f++) {
		m = c->wide[f];
		/* An empty cell in wide form: no value for that item. */
		if (m == NULL || r->fields[f][0] == '\0')
			continue;
		if (ok)
			add_value(c, r, (int)f, (int)f, e, month, m,
			    r->fields[f]);
	}
}

/* si_base: an employee's contribution base for a year. */
static void
row_si_base(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *y = cell(c, r, COL_YEAR), *year = NULL;
	int64_t base = 0;
	int rc = get_yuan(c, r, COL_SI_BASE, &base);
	struct fact *f;

	if (rc == 0)
		field_error(c, r->line, c->col[COL_SI_BASE],
		    "a contribution base is required");
	if (y != NULL && *y != '\0') {
		if (strlen(y) != 4 || strspn(y, "0123456789") != 4
		    || y[0] == '0')
			field_error(c, r->line, c->col[COL_YEAR],
			    "\"%s\" is not a year (YYYY)", y);
		else if (c->o->month != NULL
		    && strncmp(y, c->o->month, 4) != 0)
			field_error(c, r->line, c->col[COL_YEAR],
			    "%s is not the year of --month %s", y,
			    c->o->month);
		else
			year = y;
	} else if (c->o->month != NULL)
		year = arena_printf(c->a, "%.4s", c->o->month);
	else
		field_error(c, r->line, c->col[COL_YEAR],
		    "a year is required (YYYY)");
	if (e == NULL || year == NULL || rc <= 0)
		return;
	note_period(c, year);
	if (!first_time(c, key2(c, e->id, year), r->line,
	    c->col[COL_EMPLOYEE], "employee and year"))
		return;
	f = next_row(c, (void **)&c->facts, sizeof(*f));
	f->emp = e->id;
	f->month = year;
	f->item = "base_fen";
	f->value = base;
	f->line = r->line;
	f->field = c->col[COL_SI_BASE];
}

static void
row_sales(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *month = get_month(c, r), *ch, *lim;
	struct sale s;
	int ok = e != NULL && month != NULL;
	int64_t no = 0;
	char *key;

	memset(&s, 0, sizeof(s));
	s.settled = 1;
	s.channel = "showroom";
	s.limit = vnull();
	if (get_count(c, r, COL_SALE_NO, &no) < 0)
		ok = 0;
	else if (cell(c, r, COL_SALE_NO) != NULL && no == 0) {
		field_error(c, r->line, c->col[COL_SALE_NO],
		    "a sale number (1 or more) is required");
		ok = 0;
	}
	if (get_date(c, r, COL_DATE, &s.date) <= 0) {
		if (s.date == NULL && cell(c, r, COL_DATE)[0] == '\0')
			field_error(c, r->line, c->col[COL_DATE],
			    "a sale date is required");
		ok = 0;
	}
	if (get_text(c, r, COL_MODEL, 64, &s.model) <= 0) {
		if (cell(c, r, COL_MODEL)[0] == '\0')
			field_error(c, r->line, c->col[COL_MODEL],
			    "a model is required");
		ok = 0;
	} else if (c->models.n > 0 && map_get(&c->models, s.model) == NULL) {
		/* A misspelt model would silently earn no per-model pay. */
		field_error(c, r->line, c->col[COL_MODEL], "unknown model "
		    "\"%s\" (not in table vehicle_model)", s.model);
		ok = 0;
	}
	if (get_yuan(c, r, COL_PRICE, &s.price_fen) <= 0) {
		if (cell(c, r, COL_PRICE)[0] == '\0')
			field_error(c, r->line, c->col[COL_PRICE],
			    "a price is required");
		ok = 0;
	}
	ch = cell(c, r, COL_CHANNEL);
	if (ch != NULL && *ch != '\0') {
		if (strcasecmp(ch, "showroom") == 0 || strcmp(ch, "展厅") == 0)
			s.channel = "showroom";
		else if (strcasecmp(ch, "network") == 0
		    || strcmp(ch, "网销") == 0 || strcmp(ch, "网络") == 0)
			s.channel = "network";
		else {
			field_error(c, r->line, c->col[COL_CHANNEL],
			    "\"%s\" is not showroom/network (展厅/网销)", ch);
			ok = 0;
		}
	}
	if (get_bool(c, r, COL_SETTLED, &s.settled) < 0
	    || get_bool(c, r, COL_INSURED, &s.insured) < 0
	    || get_bool(c, r, COL_FULL, &s.full_cover) < 0
	    || get_bool(c, r, COL_FINANCED, &s.financed) < 0
	    || get_yuan(c, r, COL_LOAN, &s.loan_fen) < 0
	    || get_yuan(c, r, COL_ACC_PRICE, &s.acc_price_fen) < 0
	    || get_yuan(c, r, COL_ACC_COST, &s.acc_cost_fen) < 0)
		ok = 0;
	ch = cell(c, r, COL_MARGIN);
	if (ch != NULL && *ch != '\0' && parse_yuan_at(c, r->line,
	    c->col[COL_MARGIN], ch, 1, &s.margin_fen) < 0)
		ok = 0;
	lim = cell(c, r, COL_LIMIT);
	if (lim != NULL && *lim != '\0') {
		if (parse_yuan_at(c, r->line, c->col[COL_LIMIT], lim, 0,
		    &s.limit.i) < 0)
			ok = 0;
		s.limit.type = FMT_V_INT;
	}
	if (s.full_cover && !s.insured) {
		field_error(c, r->line, c->col[COL_FULL], "full cover needs "
		    "insured = 1 (insured through the store)");
		ok = 0;
	}
	if (s.loan_fen > 0 && !s.financed) {
		field_error(c, r->line, c->col[COL_LOAN], "a loan fee needs "
		    "financed = 1");
		ok = 0;
	}
	if (!ok)
		return;
	s.no = no;
	s.emp = e->id;
	s.month = month;
	s.line = r->line;
	/* Without sale numbers, a row equal in every field is a duplicate. */
	if (no > 0) {
		s.field = c->col[COL_SALE_NO];
		key = arena_printf(c->a, "#%lld", (long long)no);
	} else {
		s.field = c->col[COL_EMPLOYEE];
		key = arena_printf(c->a, "%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%s"
		    "\x1f%d%d%d%d\x1f%lld\x1f%lld\x1f%lld\x1f%lld\x1f%s%lld",
		    s.emp, s.month, s.date, s.model, (long long)s.price_fen,
		    s.channel, s.settled, s.insured, s.full_cover, s.financed,
		    (long long)s.loan_fen, (long long)s.acc_price_fen,
		    (long long)s.acc_cost_fen, (long long)s.margin_fen,
		    s.limit.type == FMT_V_NULL ? "-" : "",
		    (long long)s.limit.i);
	}
	if (!first_time(c, key, r->line, s.field, no > 0 ? "sale number"
	    : "values in every column (give sale_no to import two equal "
	    "sales)"))
		return;
	*(struct sale *)next_row(c, (void **)&c->sales, sizeof(s)) = s;
}

static void
row_kpi(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *month = get_month(c, r), *code = cell(c, r, COL_KPI);
	const char *remark = "", *ps;
	const struct kpi_info *k = NULL;
	int64_t target = 0, actual = 0, points = 0;
	int ht, ha, hp = 0, ok = e != NULL && month != NULL;
	struct kres *x;

	if (*code == '\0') {
		field_error(c, r->line, c->col[COL_KPI],
		    "a KPI code is required");
		ok = 0;
	} else if (e != NULL) {
		k = map_get(&c->kpis, key2(c, e->position_id, code));
		if (k == NULL) {
			field_error(c, r->line, c->col[COL_KPI], "unknown KPI "
			    "\"%s\" for position %s of %s", code,
			    e->position_id, e->id);
			ok = 0;
		}
	}
	ht = get_count(c, r, COL_TARGET, &target);
	ha = get_count(c, r, COL_ACTUAL, &actual);
	ps = cell(c, r, COL_POINTS);
	if (ps != NULL && *ps != '\0')
		hp = parse_dec2_at(c, r->line, c->col[COL_POINTS], ps, 0,
		    &points) < 0 ? -1 : 1;
	if (ht < 0 || ha < 0 || hp < 0
	    || get_text(c, r, COL_REMARK, TEXT_MAX_CHARS, &remark) < 0)
		ok = 0;
	if (k != NULL && !k->graded) {
		if (ht == 0)
			field_error(c, r->line, c->col[COL_TARGET], "KPI %s "
			    "is measured: a target is required", k->code);
		if (ha == 0)
			field_error(c, r->line, c->col[COL_ACTUAL], "KPI %s "
			    "is measured: an actual value is required",
			    k->code);
		if (hp > 0)
			field_error(c, r->line, c->col[COL_POINTS], "KPI %s "
			    "is measured: its points are computed, leave "
			    "them empty", k->code);
		if (ht == 0 || ha == 0 || hp > 0)
			ok = 0;
	} else if (k != NULL) {
		if (ht > 0 || ha > 0) {
			field_error(c, r->line, c->col[ht > 0 ? COL_TARGET
			    : COL_ACTUAL], "KPI %s is graded: it has no "
			    "target or actual value", k->code);
			ok = 0;
		}
		if (hp == 0) {
			field_error(c, r->line, c->col[COL_POINTS] >= 0
			    ? c->col[COL_POINTS] : c->col[COL_KPI],
			    "KPI %s is graded: points are required", k->code);
			ok = 0;
		} else if (hp > 0 && points > k->weight * 100) {
			field_error(c, r->line, c->col[COL_POINTS], "\"%s\" is "
			    "more than the KPI's weight of %lld points", ps,
			    (long long)k->weight);
			ok = 0;
		}
	}
	if (!ok || !first_time(c, key3(c, e->id, month, k->code), r->line,
	    c->col[COL_KPI], "employee, month and KPI"))
		return;
	x = next_row(c, (void **)&c->kres, sizeof(*x));
	x->emp = e->id;
	x->month = month;
	x->code = k->code;
	x->remark = remark;
	x->target = k->graded ? vnull() : vint(target);
	x->actual = k->graded ? vnull() : vint(actual);
	x->points = k->graded ? vint(points) : vnull();
	x->line = r->line;
	x->field = c->col[COL_KPI];
}

/* Staff columns that must have a value when present (NOT NULL). */
static int
staff_required(enum col k)
{
	return k == COL_NAME || k == COL_POSITION || k == COL_HIRE
	    || k == COL_GRADE || k == COL_BASE || k == COL_PERF;
}

/*
 * The bank and mail columns: an empty cell clears the value (NOT NULL
 * columns become '', the payslip password NULL). 0, or -1 (reported).
 */
static int
staff_private(struct ctx *c, const struct import_record *r, enum col k,
    struct fmt_value *out)
{
	const char *x = cell(c, r, k), *why = NULL;
	char *norm;

	*out = k == COL_PAYSLIP_PW ? vnull() : vtext("");
	if (*x == '\0')
		return 0;
	switch (k) {
	case COL_ID_NUMBER:
		norm = arena_alloc(c->a, 19);
		if (import_parse_id_number(x, norm, &why) < 0)
			break;
		*out = vtext(norm);
		return 0;
	case COL_BANK_ACCOUNT:
		norm = arena_alloc(c->a, strlen(x) + 1);
		if (import_parse_bank_account(x, norm, strlen(x) + 1,
		    &why) < 0)
			break;
		*out = vtext(norm);
		return 0;
	case COL_EMAIL:
		if (import_parse_email(x, &why) < 0)
			break;
		*out = vtext(x);
		return 0;
	default:
		/* bank name, password: text of a sane length */
		if (get_text(c, r, k, k == COL_BANK_NAME ? 60 : 64, &x) < 0)
			return -1;
		*out = vtext(x);
		return 0;
	}
	field_error(c, r->line, c->col[k], "\"%s\" %s", x, why);
	return -1;
}

static void
row_staff(struct ctx *c, const struct import_record *r)
{
	struct staff s;
	const char *id = NULL, *t = NULL, *g;
	int ok = 1, rc;
	int64_t v = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	rc = get_id(c, r, COL_EMPLOYEE, &id);
	if (rc == 0)
		field_error(c, r->line, c->col[COL_EMPLOYEE],
		    "an employee id is required");
	if (rc <= 0)
		return;
	s.id = id;
	s.line = r->line;
	s.exists = map_get(&c->emps, id) != NULL;
	for (i = 0; staff_cols[i] != COL__COUNT; i++) {
		enum col k = staff_cols[i];
		const char *x = cell(c, r, k);

		if (k == COL_EMPLOYEE || x == NULL)
			continue;
		if (*x == '\0' && staff_required(k)) {
			field_error(c, r->line, c->col[k],
			    "a value is required");
			ok = 0;
			continue;
		}
		s.v[k] = vnull();
		switch (k) {
		case COL_NAME:
			if (get_text(c, r, k, 50, &t) < 0)
				ok = 0;
			s.v[k] = vtext(t);
			break;
		case COL_GENDER:
			g = x;
			if (strcmp(g, "男") != 0 && strcmp(g, "女") != 0
			    && *g != '\0') {
				field_error(c, r->line, c->col[k],
				    "\"%s\" is not 男 or 女 (or empty)", g);
				ok = 0;
			}
			s.v[k] = vtext(g);
			break;
		case COL_POSITION:
			t = map_get(&c->positions, x);
			if (t == NULL)
				t = map_get(&c->titles, x);
			if (t == NULL || *t == '\0') {
				field_error(c, r->line, c->col[k],
				    t ? "position title \"%s\" is shared by "
				    "several positions, give its id"
				    : "unknown position \"%s\"", x);
				ok = 0;
			}
			s.v[k] = vtext(t);
			break;
		case COL_GRADE:
			if (parse_count_at(c, r->line, c->col[k], x, &v) < 0)
				ok = 0;
			else if (v < 1 || v > 9) {
				field_error(c, r->line, c->col[k],
				    "grade %lld is not between 1 and 9",
				    (long long)v);
				ok = 0;
			}
			s.v[k] = vint(v);
			break;
		case COL_HIRE:
		case COL_PROBATION:
		case COL_LEAVE:
			t = NULL;
			if (get_date(c, r, k, &t) < 0)
				ok = 0;
			s.v[k] = t ? vtext(t) : vnull();
			break;
		case COL_BASE:
		case COL_PERF:
			if (get_yuan(c, r, k, &v) < 0)
				ok = 0;
			s.v[k] = vint(v);
			break;
		case COL_SCHEME:
			t = NULL;
			if (get_id(c, r, k, &t) < 0)
				ok = 0;
			else if (t != NULL && !map_get(&c->schemes, t)) {
				field_error(c, r->line, c->col[k],
				    "unknown pay scheme %s", t);
				ok = 0;
			}
			s.v[k] = t ? vtext(t) : vnull();
			break;
		case COL_ID_NUMBER:
		case COL_BANK_NAME:
		case COL_BANK_ACCOUNT:
		case COL_EMAIL:
		case COL_PAYSLIP_PW:
			if (staff_private(c, r, k, &s.v[k]) < 0)
				ok = 0;
			break;
		default:
			break;
		}
	}
	if (!s.exists)
		for (i = 0; i < 3; i++) {
			static const enum col need[] = {COL_NAME,
			    COL_POSITION, COL_HIRE};

			if (c->col[need[i]] < 0) {
				field_error(c, r->line, c->col[COL_EMPLOYEE],
				    "new employee %s needs a %s column", id,
				    colspecs[need[i]].name);
				ok = 0;
			}
		}
	/* Dates in order; ISO dates compare as strings. */
	if (ok && s.v[COL_HIRE].type == FMT_V_TEXT) {
		if (s.v[COL_PROBATION].type == FMT_V_TEXT
		    && strcmp(s.v[COL_PROBATION].s, s.v[COL_HIRE].s) < 0) {
			field_error(c, r->line, c->col[COL_PROBATION],
			    "probation ends before the hire date");
			ok = 0;
		}
		if (s.v[COL_LEAVE].type == FMT_V_TEXT
		    && strcmp(s.v[COL_LEAVE].s, s.v[COL_HIRE].s) < 0) {
			field_error(c, r->line, c->col[COL_LEAVE],
			    "leave date before the hire date");
			ok = 0;
		}
	}
	if (!first_time(c, arena_strdup(c->a, id), r->line,
	    c->col[COL_EMPLOYEE], "employee id") || !ok)
		return;
	*(struct staff *)next_row(c, (void **)&c->staff, sizeof(s)) = s;
}

/* ------------------------------------------------------------ writing */

static int
count_rows(struct ctx *c, const char *sql, const struct db_param *pa,
    size_t n, int64_t *out)
{
	struct db_rows r;

	if (query(c, sql, pa, n, &r) < 0)
		return -1;
	*out = r.nrows > 0 ? db_cell(&r, 0, 0)->i : 0;
	return 0;
}

/* A month as a text parameter, or (si_base) a year as an integer. */
static struct fmt_value
period(const struct ctx *c, const char *s)
{
	return c->o->kind == IMPORT_SI_BASE ? vint(strtol(s, NULL, 10))
	    : vtext(s);
}

/* A stored or imported value in its unit, as the file writes it. */
static const char *
show_value(struct ctx *c, const char *unit, int64_t v)
{
	char num[48];

	if (unit != NULL && strcmp(unit, "fen") == 0)
		return arena_strdup(c->a, money_format(v, 1, num, sizeof(num)));
	if (unit != NULL && (strcmp(unit, "bp") == 0 ||
	    strcmp(unit, "score") == 0)) {
		const char *t = arena_printf(c->a, "%s%lld.%02lld", v < 0 ? "-"
		    : "", (long long)(llabs(v) / 100),
		    (long long)(llabs(v) % 100));
		size_t n = strlen(t);

		while (t[n - 1] == '0')
			n--;
		if (t[n - 1] == '.')
			n--;
		return arena_printf(c->a, "%.*s%s", (int)n, t,
		    strcmp(unit, "bp") == 0 ? "%" : "");
	}
	return arena_printf(c->a, "%lld", (long long)v);
}

/* One line of what --replace replaced, for import_stats.replaced. */
static void
note_replaced(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note_replaced(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	buf_adds(&c->replaced, line);
	buf_addc(&c->replaced, '\n');
}

/* --replace for facts, store, si_base, iit: the rows with the file's keys. */
static int
replace_values(struct ctx *c)
{
	static const char *const valcol[] = {NULL, "value", NULL, NULL,
	    "value", "base_fen", "amount_fen"};
	const char *where = strstr(c->vk != NULL ? c->vk->exists
	    : vkinds[c->o->kind].exists, " FROM ");
	const char *sel, *del;
	struct db_rows r;
	size_t i;

	sel = arena_printf(c->a, "SELECT %s%s", valcol[c->o->kind], where);
	del = arena_printf(c->a, "DELETE%s", where);
	for (i = 0; i < c->nrows; i++) {
		const struct fact *f = &c->facts[i];
		const struct item *m = c->items != NULL && f->item != NULL
		    ? map_get(c->items, f->item) : NULL;
		const char *unit = m != NULL ? m->unit : "fen";
		const char *name = m != NULL ? m->name : "缴费基数";
		struct db_param p[] = {{"e", vtext(f->emp)},
		    {"m", period(c, f->month)}, {"k", vtext(f->item)}};

		if (query(c, sel, p, 3, &r) < 0)
			return -1;
		if (r.nrows == 0)
			continue;
		if (query(c, del, p, 3, NULL) < 0)
			return -1;
		c->st->deleted++;
		note_replaced(c, "%s%s%s %s %s → %s", f->emp, *f->emp ? " " : "",
		    f->month, name, show_value(c, unit, db_cell(&r, 0, 0)->i),
		    show_value(c, unit, f->value));
	}
	return 0;
}

/* --replace for KPI results: the rows of the file's employee, month, KPI. */
static int
replace_kpi(struct ctx *c)
{
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct kres *k = &c->kres[i];
		struct db_param p[] = {{"e", vtext(k->emp)},
		    {"m", vtext(k->month)}, {"k", vtext(k->code)}};

		if (count_rows(c, "SELECT count(*) FROM kpi_result WHERE "
		    "employee_id = :e AND month = :m AND kpi_code = :k", p, 3,
		    &n) < 0)
			return -1;
		if (n == 0)
			continue;
		if (query(c, "DELETE FROM kpi_result WHERE employee_id = :e "
		    "AND month = :m AND kpi_code = :k", p, 3, NULL) < 0)
			return -1;
		c->st->deleted++;
		note_replaced(c, "%s %s KPI %s", k->emp, k->month, k->code);
	}
	return 0;
}

/*
 * --replace for sales: a sale with a number replaces that sale; the sales
 * without one replace every stored sale of their employee and month.
 */
static int
replace_sales(struct ctx *c)
{
	struct map done = {NULL, 0, 0};
	size_t i, j;
	int64_t n;
	int rc = 0;

	for (i = 0; i < c->nrows && rc == 0; i++) {
		const struct sale *s = &c->sales[i];
		struct db_param p[] = {{"id", vint(s->no)},
		    {"e", vtext(s->emp)}, {"m", vtext(s->month)}};
		const char *key;
		int nfile = 0;

		if (s->no > 0) {
			if ((rc = count_rows(c, "SELECT count(*) FROM "
			    "vehicle_sale WHERE id = :id", p, 1, &n)) < 0)
				break;
			if (n > 0 && (rc = query(c, "DELETE FROM vehicle_sale "
			    "WHERE id = :id", p, 1, NULL)) == 0) {
				c->st->deleted++;
				note_replaced(c, "%s %s sale no. %lld", s->emp,
				    s->month, (long long)s->no);
			}
			continue;
		}
		key = key2(c, s->emp, s->month);
		if (map_get(&done, key) != NULL)
			continue;
		map_put(&done, key, (void *)key);
		for (j = 0; j < c->nrows; j++)
			if (c->sales[j].no == 0 &&
			    strcmp(c->sales[j].emp, s->emp) == 0 &&
			    strcmp(c->sales[j].month, s->month) == 0)
				nfile++;
		if ((rc = count_rows(c, "SELECT count(*) FROM vehicle_sale "
		    "WHERE employee_id = :e AND month = :m", &p[1], 2, &n)) < 0)
			break;
		if (n == 0)
			continue;
		if ((rc = query(c, "DELETE FROM vehicle_sale WHERE employee_id "
		    "= :e AND month = :m", &p[1], 2, NULL)) < 0)
			break;
		c->st->deleted += (int)n;
		note_replaced(c, "%s %s sales: %lld → %d", s->emp, s->month,
		    (long long)n, nfile);
	}
	map_free(&done);
	return rc;
}

/* --replace: exactly the stored rows that the file's rows name go first. */
static int
replace_rows(struct ctx *c)
{
	if (failed(c))
		return 0;	/* nothing will be stored */
	switch (c->o->kind) {
	case IMPORT_SALES:
		return replace_sales(c);
	case IMPORT_KPI:
		return replace_kpi(c);
	case IMPORT_STAFF:
		return 0;
	default:
		return replace_values(c);
	}
}

/* Rows of facts, store, si_base or iit_deduction. */
static int
store_values(struct ctx *c)
{
	const struct vkind *vk = &vkinds[c->o->kind];
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct fact *f = &c->facts[i];
		struct db_param p[] = {{"e", vtext(f->emp)},
		    {"m", period(c, f->month)}, {"k", vtext(f->item)},
		    {"v", vint(f->value)}};

		if (count_rows(c, vk->exists, p, 4, &n) < 0)
			return -1;
		if (n > 0 && c->o->kind == IMPORT_SI_BASE)
			field_error(c, f->line, f->field, "the base of %s for "
			    "%s is already in the database (import with "
			    "--replace to replace the year)", f->emp,
			    f->month);
		else if (n > 0)
			field_error(c, f->line, f->field, "%s%s%s for %s is "
			    "already in the database (import with --replace "
			    "to replace the month)", f->item,
			    *f->emp ? " of " : "", f->emp, f->month);
		else if (!failed(c) && query(c, vk->insert, p, 4, NULL) < 0)
			return -1;
	}
	return 0;
}

static int
store_sales(struct ctx *c)
{
	struct db_rows r;
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct sale *s = &c->sales[i];
		struct db_param p[] = {{"id", s->no ? vint(s->no) : vnull()},
		    {"e", vtext(s->emp)}, {"m", vtext(s->month)},
		    {"d", vtext(s->date)}, {"model", vtext(s->model)},
		    {"price", vint(s->price_fen)},
		    {"ch", vtext(s->channel)}, {"st", vint(s->settled)},
		    {"ins", vint(s->insured)}, {"full", vint(s->full_cover)},
		    {"fin", vint(s->financed)}, {"loan", vint(s->loan_fen)},
		    {"ap", vint(s->acc_price_fen)},
		    {"ac", vint(s->acc_cost_fen)},
		    {"mg", vint(s->margin_fen)}, {"lim", s->limit}};
		size_t np = sizeof(p) / sizeof(p[0]);

		if (s->no > 0) {
			if (query(c, "SELECT month FROM vehicle_sale WHERE "
			    "id = :id", p, 1, &r) < 0)
				return -1;
			if (r.nrows > 0) {
				field_error(c, s->line, s->field, "sale number "
				    "%lld is already in the database (month "
				    "%s)", (long long)s->no,
				    text_at(&r, 0, 0));
				continue;
			}
		} else if (!c->o->replace) {
			if (count_rows(c, "SELECT count(*) FROM vehicle_sale "
			    "WHERE employee_id = :e AND month = :m AND "
			    "sale_date = :d AND model = :model AND price_fen "
			    "= :price AND channel = :ch AND settled = :st AND "
			    "insured = :ins AND full_cover = :full AND "
			    "financed = :fin AND loan_fee_fen = :loan AND "
			    "acc_price_fen = :ap AND acc_cost_fen = :ac AND "
			    "margin_fen = :mg AND limit_fen IS :lim", p,
			    np, &n) < 0)
				return -1;
			if (n > 0) {
				field_error(c, s->line, s->field, "the same sale "
				    "is already in the database (import with "
				    "--replace to replace the month)");
				continue;
			}
		}
		if (!failed(c) && query(c, "INSERT INTO vehicle_sale (id, "
		    "employee_id, month, sale_date, model, price_fen, channel,"
		    " settled, insured, full_cover, financed, loan_fee_fen, "
		    "acc_price_fen, acc_cost_fen, margin_fen, limit_fen) "
		    "VALUES (:id, :e, :m, :d, :model, :price, :ch, :st, :ins,"
		    " :full, :fin, :loan, :ap, :ac, :mg, :lim)", p, np,
		    NULL) < 0)
			return -1;
	}
	return 0;
}

static int
store_kpi(struct ctx *c)
{
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct kres *k = &c->kres[i];
		struct db_param p[] = {{"e", vtext(k->emp)},
		    {"m", vtext(k->month)}, {"k", vtext(k->code)},
		    {"t", k->target}, {"a", k->actual}, {"p", k->points},
		    {"r", vtext(k->remark)}};

		if (count_rows(c, "SELECT count(*) FROM kpi_result WHERE "
		    "employee_id = :e AND month = :m AND kpi_code = :k", p, 3,
		    &n) < 0)
			return -1;
		if (n > 0)
			field_error(c, k->line, k->field, "KPI %s of %s for %s "
			    "is already in the database (import with "
			    "--replace to replace the month)", k->code,
			    k->emp, k->month);
		else if (!failed(c) && query(c, "INSERT INTO kpi_result "
		    "(employee_id, month, kpi_code, target, actual, "
		    "points_x100, remark) VALUES (:e, :m, :k, :t, :a, :p, :r)",
		    p, 7, NULL) < 0)
			return -1;
	}
	return 0;
}

static int
store_staff(struct ctx *c)
{
	struct db_param p[COL__COUNT];
	struct buf sql, vals;
	size_t i, j, np;
	int rc = 0;

	buf_init(&sql, 0);
	buf_init(&vals, 0);
	for (i = 0; i < c->nrows && rc == 0; i++) {
		const struct staff *s = &c->staff[i];

		buf_reset(&sql);
		buf_reset(&vals);
		np = 0;
		p[np].name = "id";
		p[np++].v = vtext(s->id);
		buf_adds(&sql, s->exists ? "UPDATE employee SET id = :id"
		    : "INSERT INTO employee (id");
		buf_adds(&vals, ") VALUES (:id");
		for (j = 0; staff_cols[j] != COL__COUNT; j++) {
			enum col k = staff_cols[j];
			const char *dbc = colspecs[k].dbcol;

			if (k == COL_EMPLOYEE || c->col[k] < 0)
				continue;
			p[np].name = dbc;
			p[np++].v = s->v[k];
			if (s->exists)
				buf_printf(&sql, ", %s = :%s", dbc, dbc);
			else {
				buf_printf(&sql, ", %s", dbc);
				buf_printf(&vals, ", :%s", dbc);
			}
		}
		if (s->exists)
			buf_adds(&sql, " WHERE id = :id");
		else {
			buf_adds(&sql, buf_cstr(&vals));
			buf_adds(&sql, ")");
		}
		rc = query(c, buf_cstr(&sql), p, np, NULL);
		if (s->exists)
			c->st->updated++;
		else
			c->st->inserted++;
	}
	buf_free(&sql);
	buf_free(&vals);
	return rc;
}

/* Warn about months whose stored pay run no longer matches the facts. */
static int
warn_pay_runs(struct ctx *c)
{
	/*
	 * Tax is withheld cumulatively over the year: a deduction changes
	 * its month and the later ones, a base the whole year, and only for
	 * the employees of the file.
	 */
	int yearly = c->o->kind == IMPORT_SI_BASE || c->o->kind == IMPORT_IIT;
	size_t n = yearly ? c->nrows : c->nmonths, i, k;
	struct map seen = {NULL, 0, 0};
	struct db_rows r;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const char *m = yearly ? c->facts[i].month : c->month_list[i];
		struct db_param p[] = {
		    {"from", vtext(c->o->kind == IMPORT_SI_BASE
			? arena_printf(c->a, "%s-01", m) : m)},
		    {"to", vtext(yearly ? arena_printf(c->a, "%.4s-12", m)
			: m)},
		    {"e", vtext(yearly ? c->facts[i].emp : "")}};

		rc = query(c, "SELECT month FROM pay_run r WHERE month BETWEEN "
		    ":from AND :to AND (:e = '' OR EXISTS (SELECT 1 FROM "
		    "pay_slip s WHERE s.run_id = r.id AND s.employee_id = :e))"
		    " ORDER BY month", p, 3, &r);
		for (k = 0; rc == 0 && k < r.nrows; k++) {
			const char *run = text_at(&r, k, 0);
			struct srcpos pos = {c->file, 0, 0};

			if (map_get(&seen, run) != NULL)
				continue;
			map_put(&seen, run, (void *)run);
			diag_report(c->d, DIAG_CSV_PAY_RUN, &pos, "%s", run);
		}
	}
	map_free(&seen);
	return rc;
}

/* ------------------------------------------------------------ driver */

/* Rows of a closed month (si_base: of a year with one) are refused. */
static int
check_closed(struct ctx *c)
{
	const char *what = arena_printf(c->a, "import of %s from %s",
	    import_kind_name(c->o->kind), c->file);
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nmonths && rc == 0; i++)
		if (c->o->kind == IMPORT_SI_BASE)
			rc = closing_check_range(c->db, arena_printf(c->a,
			    "%.4s-01", c->month_list[i]), arena_printf(c->a,
			    "%.4s-12", c->month_list[i]), what, c->d);
		else
			rc = closing_check(c->db, c->month_list[i], what,
			    c->d);
	return rc;
}

/* Every row checked, then written; -1 after any error. */
/*
 * A name with a character no configured font has imports (the name is
 * right), but every document that prints it will fail: say so now, naming
 * the employee and the character, while the clerk can still act on it.
 */
static void
warn_undrawable(struct ctx *c, const struct import_csv *csv)
{
	struct diag *quiet = diag_new(NULL);
	struct fontset *fs = fontset_open_default(quiet);
	int col = c->col[COL_NAME], idcol = c->col[COL_EMPLOYEE];
	size_t i;

	diag_free(quiet);	/* no fonts: rendering says so itself */
	if (fs == NULL || col < 0)
		goto out;
	for (i = 1; i < csv->nrecords; i++) {
		const struct import_record *r = &csv->records[i];
		const char *name, *p;
		uint32_t cp;
		int k;

		if ((size_t)col >= r->nfields)
			continue;
		name = r->fields[col];
		for (p = name; *p; p += k) {
			if ((k = utf8_decode(p, strlen(p), &cp)) < 0)
				break;
			if (fontset_pick(fs, cp) >= 0)
				continue;
			{
				struct srcpos pos = {c->file, r->line,
				    col + 1};
				char ch[5] = {0};

				utf8_encode(cp, ch);
				diag_report(c->d, DIAG_IMPORT_GLYPH, &pos,
				    "employee %s, %s \"%s\": %s (U+%04X) is "
				    "in none of the fonts, so documents naming "
				    "this employee cannot be printed: configure "
				    "a font that has it (fonts/README.md)",
				    idcol >= 0 && (size_t)idcol < r->nfields
				    ? r->fields[idcol] : "?", col_label(c, col),
				    name, ch, (unsigned)cp);
			}
			break;
		}
	}
out:
	fontset_free(fs);
}

static int
run(struct ctx *c, const struct import_csv *csv)
{
	size_t i, f;

	if (csv->nrecords == 0) {
		struct srcpos p = {c->file, 0, 0};
		diag_report(c->d, DIAG_CSV_SYNTAX, &p,
		    "empty file: expected a header row");
		return -1;
	}
	c->hdr = &csv->records[0];
	if (load_refs(c) < 0 || parse_header(c) < 0)
		return -1;
	for (i = 1; i < csv->nrecords; i++) {
		const struct import_record *r = &csv->records[i];
		int bad = 0;

		/* Rows of empty cells are what spreadsheets leave below data. */
		for (f = 0; f < r->nfields && r->fields[f][0] == '\0'; f++)
			;
		if (f == r->nfields)
			continue;
		c->st->rows++;
		if (r->nfields < c->hdr->nfields) {
			field_error(c, r->line, (int)r->nfields, "missing: the "
			    "row has %zu fields, the header %zu", r->nfields,
			    c->hdr->nfields);
			continue;
		}
		for (f = 0; f < r->nfields; f++)
			if (r->fields[f][0] != '\0'
			    && (f >= c->hdr->nfields
			    || c->hdr->fields[f][0] == '\0')) {
				field_error(c, r->line, (int)f, "value in a "
				    "column without a header");
				bad = 1;
			}
		for (f = 0; f < r->nfields; f++) {
			const char *what;
			uint32_t cp;
			size_t pos;

			if (utf8_printable(r->fields[f], strlen(r->fields[f]),
			    &cp, &pos, &what) == 0)
				continue;
			field_error(c, r->line, (int)f, "%s (U+%04X) at "
			    "character %zu: delete it (retype the cell); it "
			    "cannot be printed", what, (unsigned)cp, pos);
			bad = 1;
		}
		if (bad)
			continue;
		switch (c->o->kind) {
		case IMPORT_STAFF:
			row_staff(c, r);
			break;
		case IMPORT_FACTS:
		case IMPORT_STORE:
		case IMPORT_IIT:
			row_values(c, r);
			break;
		case IMPORT_SALES:
			row_sales(c, r);
			break;
		case IMPORT_KPI:
			row_kpi(c, r);
			break;
		case IMPORT_SI_BASE:
			row_si_base(c, r);
			break;
		default:	/* the organisation: import_org.c */
			break;
		}
	}
	if (c->o->kind != IMPORT_STAFF && check_closed(c) < 0)
		return -1;
	if (c->o->replace && c->o->kind != IMPORT_STAFF
	    && replace_rows(c) < 0)
		return -1;
	if (c->o->kind == IMPORT_STAFF && !failed(c))
		warn_undrawable(c, csv);
	switch (c->o->kind) {
	case IMPORT_STAFF:
		if (!failed(c) && store_staff(c) < 0)
			return -1;
		break;
	case IMPORT_FACTS:
	case IMPORT_STORE:
	case IMPORT_SI_BASE:
	case IMPORT_IIT:
		if (store_values(c) < 0)
			return -1;
		break;
	case IMPORT_SALES:
		if (store_sales(c) < 0)
			return -1;
		break;
	case IMPORT_KPI:
		if (store_kpi(c) < 0)
			return -1;
		break;
	default:	/* the organisation: import_org.c */
		break;
	}
	if (c->o->kind != IMPORT_STAFF)
		c->st->inserted = failed(c) ? 0 : (int)c->nrows;
	return failed(c) ? -1 : 0;
}

int
import_data(struct db *db, const char *file, const char *data, size_t len,
    const struct import_opts *o, struct import_stats *st, struct diag *d)
{
	struct import_csv *csv;
	struct ctx c;
	size_t tlen;
	char *text;
	int rc;

	memset(st, 0, sizeof(*st));
	if (o->replace && o->kind == IMPORT_STAFF) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL, "--replace does not "
		    "apply to staff: known employees are updated");
		return -1;
	}
	if (len > IMPORT_MAX_FILE_BYTES) {
		struct srcpos p = {file, 0, 0};
		diag_report(d, DIAG_CSV_LIMIT, &p, "larger than %u bytes",
		    IMPORT_MAX_FILE_BYTES);
		return -1;
	}
	if (xlsx_is_ole(data, len)) {
		struct srcpos p = {file, 0, 0};
		diag_report(d, DIAG_XLSX_FORMAT, &p, "an Excel 97-2003 workbook "
		    "(.xls) or a workbook with a password: in Excel, save it "
		    "without a password as Excel 工作簿 (.xlsx) or as CSV UTF-8");
		return -1;
	}
	if (xlsx_is_zip(data, len)) {
		csv = xlsx_read(data, len, file, o->sheet, d);
		if (csv == NULL)
			return -1;
		st->xlsx = 1;
		snprintf(st->sheet, sizeof(st->sheet), "%s", csv->sheet);
	} else {
		if (o->sheet != NULL) {
			struct srcpos p = {file, 0, 0};
			diag_report(d, DIAG_CLI_BAD_VALUE, &p, "--sheet %s: "
			    "only an Excel workbook (.xlsx) has sheets, this "
			    "is a text file", o->sheet);
			return -1;
		}
		text = import_decode(data, len, o->encoding, file,
		    &st->encoding, &tlen, d);
		if (text == NULL)
			return -1;
		csv = import_csv_parse(text, tlen, file, d);
		free(text);
		if (csv == NULL)
			return -1;
	}
	if (import_org_kind(o->kind)) {
		rc = db_begin(db, d);
		if (rc == 0)
			rc = import_org_run(db, file, csv, o, st, d);
		if (rc == 0)
			rc = db_commit(db, d);
		if (rc != 0) {
			db_rollback(db);
			st->inserted = st->updated = st->deleted = 0;
		}
		import_csv_free(csv);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.d = d;
	c.a = arena_new();
	c.file = file;
	c.sheet = csv->sheet;
	c.csv = csv;
	c.o = o;
	c.st = st;
	c.errors0 = diag_errors(d);
	buf_init(&c.replaced, 0);
	if (vkinds[o->kind].noun != NULL) {
		c.vk = &vkinds[o->kind];
		c.items = o->kind == IMPORT_IIT ? &c.dkinds : &c.measures;
	}
	rc = db_begin(db, d);
	if (rc == 0)
		rc = run(&c, csv);
	if (rc == 0)
		rc = db_commit(db, d);
	if (rc != 0) {
		db_rollback(db);
		st->inserted = st->updated = st->deleted = 0;
	} else if (o->kind != IMPORT_STAFF)
		rc = warn_pay_runs(&c);
	if (rc == 0 && c.replaced.len > 0)
		st->replaced = buf_take(&c.replaced);
	buf_free(&c.replaced);
	map_free(&c.emps);
	map_free(&c.positions);
	map_free(&c.titles);
	map_free(&c.schemes);
	map_free(&c.measures);
	map_free(&c.kpis);
	map_free(&c.dkinds);
	map_free(&c.models);
	map_free(&c.seen);
	map_free(&c.months);
	free(c.month_list);
	free(c.facts);
	free(c.sales);
	free(c.kres);
	free(c.staff);
	arena_free(c.a);
	import_csv_free(csv);
	return rc;
}

int
import_file(struct db *db, const char *path, const struct import_opts *o,
    struct import_stats *st, struct diag *d)
{
	struct srcpos p = {path, 0, 0};
	struct buf b;
	char chunk[65536];
	size_t n;
	FILE *f;
	int rc;

	memset(st, 0, sizeof(*st));
	f = fopen(path, "rb");
	if (f == NULL) {
		diag_report(d, DIAG_IO_OPEN, &p, "%s", strerror(errno));
		return -1;
	}
	buf_init(&b, IMPORT_MAX_FILE_BYTES);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n) < 0) {
			diag_report(d, DIAG_CSV_LIMIT, &p,
			    "larger than %u bytes", IMPORT_MAX_FILE_BYTES);
			fclose(f);
			buf_free(&b);
			return -1;
		}
	if (ferror(f)) {
		diag_report(d, DIAG_IO_READ, &p, "%s", strerror(errno));
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	rc = import_data(db, path, b.data ? b.data : "", b.len, o, st, d);
	buf_free(&b);
	return rc;
}
