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

/* Indexed by enum import_kind. */
static const char *const kind_names[] = {
    "staff",     "facts",         "sales",  "kpi",         "store",
    "si_base",   "iit_deduction", "stores", "departments", "positions",
    "job_items", "kpi_items",     "models", "si_rate",     "service_target"};

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

static uint64_t
hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (*s)
		h = (h ^ (unsigned char)*s++) * UINT64_C(1099511628211);
	return h;
}

void *
import_map_get(const struct map *m, const char *key)
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
void
import_map_put(struct map *m, const char *key, void *val)
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
				import_map_put(m, old.e[i].key, old.e[i].val);
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

void
import_map_free(struct map *m)
{
	free(m->e);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------ columns */

const struct colspec import_colspecs[COL__COUNT] = {
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
    [COL_ID_NUMBER] = {"id_number", "身份证号|身份证号码|身份证", "id_number"},
    [COL_BANK_NAME] = {"bank_name", "开户行|开户银行", "bank_name"},
    [COL_BANK_ACCOUNT] = {"bank_account", "银行账号|银行卡号|工资卡号",
                          "bank_account"},
    [COL_EMAIL] = {"email", "邮箱|电子邮箱|电子邮件", "email"},
    [COL_PAYSLIP_PW] = {"payslip_password", "工资条密码", "payslip_password"},
};

/* Columns of each kind (terminated by COL__COUNT); the first are required. */
const enum col import_staff_cols[] = {
    COL_EMPLOYEE,   COL_NAME,      COL_GENDER,    COL_POSITION,     COL_GRADE,
    COL_HIRE,       COL_PROBATION, COL_LEAVE,     COL_BASE,         COL_PERF,
    COL_SCHEME,     COL_ID_NUMBER, COL_BANK_NAME, COL_BANK_ACCOUNT, COL_EMAIL,
    COL_PAYSLIP_PW, COL__COUNT};
static const enum col facts_cols[] = {COL_EMPLOYEE, COL_NAME,  COL_MONTH,
                                      COL_MEASURE,  COL_VALUE, COL__COUNT};
static const enum col sales_cols[] = {
    COL_EMPLOYEE, COL_DATE,     COL_MODEL,   COL_PRICE,     COL_NAME,
    COL_MONTH,    COL_SALE_NO,  COL_CHANNEL, COL_SETTLED,   COL_INSURED,
    COL_FULL,     COL_FINANCED, COL_LOAN,    COL_ACC_PRICE, COL_ACC_COST,
    COL_MARGIN,   COL_LIMIT,    COL__COUNT};
static const enum col kpi_cols[] = {COL_EMPLOYEE, COL_KPI,    COL_NAME,
                                    COL_MONTH,    COL_TARGET, COL_ACTUAL,
                                    COL_POINTS,   COL_REMARK, COL__COUNT};
static const enum col store_cols[] = {COL_MONTH, COL_MEASURE, COL_VALUE,
                                      COL__COUNT};
static const enum col si_base_cols[] = {COL_EMPLOYEE, COL_SI_BASE, COL_NAME,
                                        COL_YEAR, COL__COUNT};
static const enum col iit_cols[] = {COL_EMPLOYEE, COL_NAME,   COL_MONTH,
                                    COL_DKIND,    COL_AMOUNT, COL__COUNT};

static const enum col *const kind_cols[] = {
    import_staff_cols, facts_cols,   sales_cols, kpi_cols,
    store_cols,        si_base_cols, iit_cols};
static const int kind_required[] = {1, 1, 4, 2, 0, 2, 1};

/* The kinds that are a value per key and item (import_int.h). */
const struct vkind import_vkinds[] = {
    [IMPORT_FACTS] =
        {COL_MEASURE, COL_VALUE, "measure", "employee, month and measure",
         "month_fact",
         "SELECT count(*) FROM month_fact WHERE employee_id = :e AND "
         "month = :m AND measure = :k",
         "INSERT INTO month_fact (employee_id, month, measure, value) "
         "VALUES (:e, :m, :k, :v)"},
    [IMPORT_STORE] = {COL_MEASURE, COL_VALUE, "measure", "month and measure",
                      "store_fact",
                      "SELECT count(*) FROM store_fact WHERE month = :m AND "
                      "measure = :k",
                      "INSERT INTO store_fact (month, measure, value) VALUES "
                      "(:m, :k, :v)"},
    [IMPORT_IIT] =
        {COL_DKIND, COL_AMOUNT, "deduction kind", "employee, month and kind",
         "iit_deduction",
         "SELECT count(*) FROM iit_deduction WHERE employee_id = :e AND "
         "month = :m AND kind = :k",
         "INSERT INTO iit_deduction (employee_id, month, kind, amount_fen) "
         "VALUES (:e, :m, :k, :v)"},
    [IMPORT_SI_BASE] =
        {COL__COUNT, COL__COUNT, NULL, "employee and year", "si_base",
         "SELECT count(*) FROM si_base WHERE employee_id = :e AND "
         "year = :m",
         "INSERT INTO si_base (employee_id, year, base_fen) VALUES "
         "(:e, :m, :v)"},
};

int
import_failed(const struct ctx *c)
{
	return diag_errors(c->d) > c->errors0;
}

/* The header of field as the file writes it, else "field N" (in a). */
static const char *
import_col_label(struct arena *a, const struct import_record *hdr, int field)
{
	if (field >= 0 && (size_t)field < hdr->nfields &&
	    hdr->fields[field][0] != '\0')
		return hdr->fields[field];
	return arena_printf(a, "field %d", field + 1);
}

void
import_field_report(struct diag *d, struct arena *a,
                    const struct import_csv *csv, const char *file,
                    const struct import_record *hdr, int line, int field,
                    const char *msg)
{
	struct srcpos p = import_pos(a, csv, file, line, field);

	if (field >= 0)
		diag_report(d, DIAG_CSV_FIELD, &p, "%s: %s",
		            import_col_label(a, hdr, field), msg);
	else
		diag_report(d, DIAG_CSV_FIELD, &p, "%s", msg);
}

void
import_field_error(struct ctx *c, int line, int field, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	import_field_report(c->d, c->a, c->csv, c->file, c->hdr, line, field,
	                    msg);
}

/* Run sql; rows into out (may be NULL). 0 or -1 (reported). */
int
import_query(struct ctx *c, const char *sql, const struct db_param *pa,
             size_t n, struct db_rows *out)
{
	return db_query(c->db, sql, NULL, pa, n, c->a, out, c->d);
}

char *
import_key2(struct ctx *c, const char *a, const char *b)
{
	return arena_printf(c->a, "%s\x1f%s", a, b);
}

char *
import_key3(struct ctx *c, const char *a, const char *b, const char *k)
{
	return arena_printf(c->a, "%s\x1f%s\x1f%s", a, b, k);
}

/* The reference tables a row is checked against. */
static int
load_refs(struct ctx *c)
{
	struct db_rows r;
	size_t i;

	if (import_query(c, "SELECT id, name, position_id FROM employee", NULL,
	                 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct emp *e = arena_alloc(c->a, sizeof(*e));

		e->id = text_at(&r, i, 0);
		e->name = text_at(&r, i, 1);
		e->position_id = text_at(&r, i, 2);
		import_map_put(&c->emps, e->id, e);
	}
	if (import_query(c, "SELECT id, title FROM position", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		const char *id = text_at(&r, i, 0), *title = text_at(&r, i, 1);

		import_map_put(&c->positions, id, (void *)id);
		/* A title shared by two positions is ambiguous: "" marks it. */
		import_map_put(&c->titles, title,
		               import_map_get(&c->titles, title) ? (void *)""
		                                                 : (void *)id);
	}
	if (import_query(c, "SELECT id FROM scheme", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		import_map_put(&c->schemes, text_at(&r, i, 0),
		               (void *)text_at(&r, i, 0));
	/*
	 * The catalogue marks store figures by their description, the only
	 * place the schema records where payroll reads a measure from.
	 */
	if (import_query(c,
	                 "SELECT code, name, unit, derived, "
	                 "description LIKE 'store_fact:%' FROM measure",
	                 NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct item *m = arena_alloc(c->a, sizeof(*m));

		m->code = text_at(&r, i, 0);
		m->name = text_at(&r, i, 1);
		m->unit = text_at(&r, i, 2);
		m->derived = db_cell(&r, i, 3)->i != 0;
		m->store = db_cell(&r, i, 4)->i != 0;
		import_map_put(&c->measures, m->code, m);
		if (import_map_get(&c->measures, m->name) == NULL)
			import_map_put(&c->measures, m->name, m);
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
				import_map_put(&c->dkinds, iit_kinds[i][j], k);
	}
	if (import_query(c, "SELECT model FROM vehicle_model", NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		import_map_put(&c->models, text_at(&r, i, 0),
		               (void *)text_at(&r, i, 0));
	if (import_query(c,
	                 "SELECT position_id, code, name, weight, kind, "
	                 "unit FROM kpi",
	                 NULL, 0, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct kpi_info *k = arena_alloc(c->a, sizeof(*k));
		const char *pos = text_at(&r, i, 0);

		k->code = text_at(&r, i, 1);
		k->name = text_at(&r, i, 2);
		k->weight = db_cell(&r, i, 3)->i;
		k->graded = strcmp(text_at(&r, i, 4), "graded") == 0;
		k->unit = text_at(&r, i, 5);
		k->percent = strcmp(k->unit, "%") == 0 ||
		             strcmp(k->unit, "\xEF\xBC\x85") == 0;
		import_map_put(&c->kpis, import_key2(c, pos, k->code), k);
		if (import_map_get(&c->kpis, import_key2(c, pos, k->name)) ==
		    NULL)
			import_map_put(&c->kpis, import_key2(c, pos, k->name),
			               k);
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
		if (strcasecmp(import_colspecs[cols[i]].name, key) == 0 ||
		    alias_match(import_colspecs[cols[i]].aliases, key))
			return (int)cols[i];
	return -1;
}

/* Why item m cannot be imported as the kind being imported, or NULL. */
const char *
import_item_refused(struct ctx *c, const struct item *m)
{
	if (m->derived)
		return arena_printf(c->a,
		                    "measure %s is computed by payroll, "
		                    "not imported",
		                    m->code);
	if (c->o->kind == IMPORT_FACTS && m->store)
		return arena_printf(c->a,
		                    "measure %s is a figure of the "
		                    "store: import it with kind store",
		                    m->code);
	if (c->o->kind == IMPORT_STORE && !m->store)
		return arena_printf(c->a,
		                    "measure %s is a figure of each "
		                    "employee: import it with kind facts",
		                    m->code);
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
			import_field_error(c, h->line, (int)f,
			                   "duplicate column (also column %d)",
			                   c->col[k] + 1);
			continue;
		}
		if (k >= 0) {
			c->col[k] = (int)f;
			continue;
		}
		/* Wide form: a column per item, by code or name. */
		m = c->vk != NULL ? import_map_get(c->items, key) : NULL;
		why = m != NULL ? import_item_refused(c, m) : NULL;
		if (why != NULL) {
			import_field_error(c, h->line, (int)f, "%s", why);
			continue;
		}
		if (m != NULL) {
			for (i = 0; i < f; i++)
				if (c->wide[i] == m)
					break;
			if (i < f) {
				import_field_error(
				    c, h->line, (int)f,
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
			import_field_error(
			    c, h->line, (int)f,
			    "unknown column: this "
			    "header is one of kind %s (hrpress import DB %s "
			    "FILE)",
			    guess, guess);
		else if (c->vk != NULL)
			import_field_error(c, h->line, (int)f,
			                   "unknown column "
			                   "(neither a known column nor a %s)",
			                   c->vk->noun);
		else
			import_field_error(c, h->line, (int)f,
			                   "unknown column");
	}
	for (i = 0; i < (size_t)kind_required[c->o->kind]; i++)
		if (c->col[cols[i]] < 0)
			import_field_error(c, h->line, -1,
			                   "%s: missing required column (%s)",
			                   import_colspecs[cols[i]].name,
			                   import_colspecs[cols[i]].aliases);
	if (c->vk != NULL) {
		const char *in = import_colspecs[c->vk->item].name;
		const char *vn = import_colspecs[c->vk->value].name;
		int has_m = c->col[c->vk->item] >= 0;
		int has_v = c->col[c->vk->value] >= 0;

		if (has_m != has_v)
			import_field_error(c, h->line, -1,
			                   "%s: missing required "
			                   "column (long form needs %s and %s)",
			                   has_m ? vn : in, in, vn);
		else if (has_m && c->wide_form)
			import_field_error(c, h->line, -1,
			                   "%s columns and a %s,%s "
			                   "pair cannot be mixed",
			                   in, in, vn);
		else if (!has_m && !c->wide_form)
			import_field_error(c, h->line, -1,
			                   "%s: missing required "
			                   "column (or one column per %s)",
			                   in, in);
	}
	if (c->o->kind == IMPORT_SI_BASE) {
		if (c->col[COL_YEAR] < 0 && c->o->month == NULL)
			import_field_error(c, h->line, -1,
			                   "year: missing required "
			                   "column (年度), or give --month");
	} else if (c->o->kind != IMPORT_STAFF && c->col[COL_MONTH] < 0 &&
	           c->o->month == NULL)
		import_field_error(c, h->line, -1,
		                   "month: missing required column "
		                   "(月份), or give --month");
	return import_failed(c) ? -1 : 0;
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
		                       ? arena_printf(c->a, "%s-01", m)
		                       : m)},
		    {"to",
		     vtext(yearly ? arena_printf(c->a, "%.4s-12", m) : m)},
		    {"e", vtext(yearly ? c->facts[i].emp : "")}};

		rc = import_query(
		    c,
		    "SELECT month FROM pay_run r WHERE month BETWEEN "
		    ":from AND :to AND (:e = '' OR EXISTS (SELECT 1 FROM "
		    "pay_slip s WHERE s.run_id = r.id AND s.employee_id = :e))"
		    " ORDER BY month",
		    p, 3, &r);
		for (k = 0; rc == 0 && k < r.nrows; k++) {
			const char *run = text_at(&r, k, 0);
			struct srcpos pos = {c->file, 0, 0};

			if (import_map_get(&seen, run) != NULL)
				continue;
			import_map_put(&seen, run, (void *)run);
			diag_report(c->d, DIAG_CSV_PAY_RUN, &pos, "%s", run);
		}
	}
	import_map_free(&seen);
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
			rc = closing_check_range(
			    c->db,
			    arena_printf(c->a, "%.4s-01", c->month_list[i]),
			    arena_printf(c->a, "%.4s-12", c->month_list[i]),
			    what, c->d);
		else
			rc = closing_check(c->db, c->month_list[i], what, c->d);
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

	diag_free(quiet); /* no fonts: rendering says so itself */
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
				struct srcpos pos = {c->file, r->line, col + 1};
				char ch[5] = {0};

				utf8_encode(cp, ch);
				diag_report(
				    c->d, DIAG_IMPORT_GLYPH, &pos,
				    "employee %s, %s \"%s\": %s (U+%04X) is "
				    "in none of the fonts, so documents naming "
				    "this employee cannot be printed: "
				    "configure "
				    "a font that has it (fonts/README.md)",
				    idcol >= 0 && (size_t)idcol < r->nfields
				        ? r->fields[idcol]
				        : "?",
				    import_col_label(c->a, c->hdr, col), name,
				    ch, (unsigned)cp);
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

		/* Rows of empty cells are what spreadsheets leave below data.
		 */
		for (f = 0; f < r->nfields && r->fields[f][0] == '\0'; f++)
			;
		if (f == r->nfields)
			continue;
		c->st->rows++;
		if (r->nfields < c->hdr->nfields) {
			import_field_error(c, r->line, (int)r->nfields,
			                   "missing: the "
			                   "row has %zu fields, the header %zu",
			                   r->nfields, c->hdr->nfields);
			continue;
		}
		for (f = 0; f < r->nfields; f++)
			if (r->fields[f][0] != '\0' &&
			    (f >= c->hdr->nfields ||
			     c->hdr->fields[f][0] == '\0')) {
				import_field_error(c, r->line, (int)f,
				                   "value in a "
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
			import_field_error(
			    c, r->line, (int)f,
			    "%s (U+%04X) at "
			    "character %zu: delete it (retype the cell); it "
			    "cannot be printed",
			    what, (unsigned)cp, pos);
			bad = 1;
		}
		if (bad)
			continue;
		switch (c->o->kind) {
		case IMPORT_STAFF:
			import_row_staff(c, r);
			break;
		case IMPORT_FACTS:
		case IMPORT_STORE:
		case IMPORT_IIT:
			import_row_values(c, r);
			break;
		case IMPORT_SALES:
			import_row_sales(c, r);
			break;
		case IMPORT_KPI:
			import_row_kpi(c, r);
			break;
		case IMPORT_SI_BASE:
			import_row_si_base(c, r);
			break;
		default: /* the organisation: import_org.c */
			break;
		}
	}
	if (c->o->kind != IMPORT_STAFF && check_closed(c) < 0)
		return -1;
	if (c->o->replace && c->o->kind != IMPORT_STAFF &&
	    import_replace_rows(c) < 0)
		return -1;
	if (c->o->kind == IMPORT_STAFF && !import_failed(c))
		warn_undrawable(c, csv);
	switch (c->o->kind) {
	case IMPORT_STAFF:
		if (!import_failed(c) && import_store_staff(c) < 0)
			return -1;
		break;
	case IMPORT_FACTS:
	case IMPORT_STORE:
	case IMPORT_SI_BASE:
	case IMPORT_IIT:
		if (import_store_values(c) < 0)
			return -1;
		break;
	case IMPORT_SALES:
		if (import_store_sales(c) < 0)
			return -1;
		break;
	case IMPORT_KPI:
		if (import_store_kpi(c) < 0)
			return -1;
		break;
	default: /* the organisation: import_org.c */
		break;
	}
	if (c->o->kind != IMPORT_STAFF)
		c->st->inserted =
		    import_failed(c) ? 0 : (int)c->nrows - c->st->renewed;
	return import_failed(c) ? -1 : 0;
}

int
import_data(struct db *db, const char *file, const char *data, size_t len,
            const struct import_opts *o, struct import_stats *st,
            struct diag *d)
{
	struct import_csv *csv;
	struct ctx c;
	size_t tlen;
	char *text;
	int rc;

	memset(st, 0, sizeof(*st));
	if (o->replace && o->kind == IMPORT_STAFF) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "--replace does not "
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
		diag_report(
		    d, DIAG_XLSX_FORMAT, &p,
		    "an Excel 97-2003 workbook "
		    "(.xls) or a workbook with a password: in Excel, save it "
		    "without a password as Excel 工作簿 (.xlsx) or as CSV "
		    "UTF-8");
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
			diag_report(
			    d, DIAG_CLI_BAD_VALUE, &p,
			    "--sheet %s: "
			    "only an Excel workbook (.xlsx) has sheets, this "
			    "is a text file",
			    o->sheet);
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
			st->renewed = 0;
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
	if (import_vkinds[o->kind].noun != NULL) {
		c.vk = &import_vkinds[o->kind];
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
		st->renewed = 0;
	} else if (o->kind != IMPORT_STAFF)
		rc = warn_pay_runs(&c);
	if (rc == 0 && c.replaced.len > 0)
		st->replaced = buf_take(&c.replaced);
	buf_free(&c.replaced);
	import_map_free(&c.emps);
	import_map_free(&c.positions);
	import_map_free(&c.titles);
	import_map_free(&c.schemes);
	import_map_free(&c.measures);
	import_map_free(&c.kpis);
	import_map_free(&c.dkinds);
	import_map_free(&c.models);
	import_map_free(&c.seen);
	import_map_free(&c.months);
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
			            "larger than %u bytes",
			            IMPORT_MAX_FILE_BYTES);
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
