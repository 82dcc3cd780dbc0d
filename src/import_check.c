/* SPDX-License-Identifier: MIT */
/*
 * The checks of the importer per kind (staff, facts, sales, kpi, store,
 * si_base, iit_deduction): each data row is read against the columns
 * import.c matched and the reference tables it loaded; a good row is
 * added to the kind's array of the context, a bad one reported at
 * file:line:column.
 */
#include "import_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "month.h"
#include "utf8.h"
#include "xmem.h"

/* Longest remark we accept, in characters. */
#define TEXT_MAX_CHARS 200

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
		import_field_error(c, r->line, c->col[k],
		                   "longer than %zu characters", max_chars);
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
		import_field_error(c, r->line, c->col[k],
		                   "\"%s\" is not an id "
		                   "(letters, digits, _ and -, at most %d)",
		                   s, IMPORT_ID_MAX_BYTES);
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
	char iso[MONTH_DAY_TEXT];
	struct month m;
	int day;

	if (s == NULL || *s == '\0')
		return 0;
	if (month_read_date(s, &m, &day, &why) < 0) {
		import_field_error(c, r->line, c->col[k], "\"%s\" %s", s, why);
		return -1;
	}
	month_day_format(m, day, iso);
	*out = arena_strdup(c->a, iso);
	return 1;
}

/* Yuan → fen; negative only when signed_ok. 0 or -1 (reported). */
static int
parse_yuan_at(struct ctx *c, int line, int field, const char *s, int signed_ok,
              int64_t *fen)
{
	const char *why;

	if (import_parse_yuan(s, signed_ok, fen, &why) == 0)
		return 0;
	import_field_error(c, line, field, "\"%s\" %s", s, why);
	return -1;
}

static int
get_yuan(struct ctx *c, const struct import_record *r, enum col k, int64_t *fen)
{
	const char *s = cell(c, r, k);

	if (s == NULL || *s == '\0')
		return 0;
	return parse_yuan_at(c, r->line, c->col[k], s, 0, fen) < 0 ? -1 : 1;
}

/* Percent → bp or points → centipoints; 0 or -1 (reported). */
static int
parse_dec2_at(struct ctx *c, int line, int field, const char *s, int percent,
              int64_t *out)
{
	const char *why;

	if (import_parse_dec2(s, percent, out, &why) == 0)
		return 0;
	import_field_error(c, line, field, "\"%s\" %s", s, why);
	return -1;
}

/* A count: a whole number, never negative. 0 or -1 (reported). */
static int
parse_count_at(struct ctx *c, int line, int field, const char *s, int64_t *out)
{
	const char *why;

	if (import_parse_count(s, out, &why) == 0)
		return 0;
	import_field_error(c, line, field, "\"%s\" %s", s, why);
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
	import_field_error(c, r->line, c->col[k], "\"%s\" is not 1/0 (是/否)",
	                   s);
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
		import_field_error(c, r->line, c->col[COL_EMPLOYEE],
		                   "an employee id is required");
	if (rc <= 0)
		return NULL;
	e = import_map_get(&c->emps, id);
	if (e == NULL) {
		import_field_error(c, r->line, c->col[COL_EMPLOYEE],
		                   "unknown employee %s", id);
		return NULL;
	}
	name = cell(c, r, COL_NAME);
	if (name != NULL && *name != '\0' && strcmp(name, e->name) != 0) {
		import_field_error(c, r->line, c->col[COL_NAME],
		                   "\"%s\" is not the name of %s (%s)", name,
		                   e->id, e->name);
		return NULL;
	}
	return e;
}

/* Remember a month (si_base: a year) of the file, for --replace. */
static void
note_period(struct ctx *c, const char *s)
{
	if (import_map_get(&c->months, s) == NULL) {
		import_map_put(&c->months, s, (void *)s);
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
	char ym[MONTH_TEXT];
	struct month m;

	if ((s == NULL || *s == '\0') && c->o->month == NULL) {
		import_field_error(c, r->line, c->col[COL_MONTH],
		                   "a month is required (YYYY-MM)");
		return NULL;
	}
	if (s == NULL || *s == '\0')
		s = c->o->month;
	else {
		if (month_read(s, &m, &why) < 0) {
			import_field_error(c, r->line, c->col[COL_MONTH],
			                   "\"%s\" %s", s, why);
			return NULL;
		}
		month_format(m, ym);
		s = arena_strdup(c->a, ym);
		if (c->o->month != NULL && strcmp(s, c->o->month) != 0) {
			import_field_error(
			    c, r->line, c->col[COL_MONTH],
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
	void *prev = import_map_get(&c->seen, key);

	if (prev != NULL) {
		import_field_error(c, line, field,
		                   "duplicate row: %s %d has the "
		                   "same %s",
		                   c->sheet != NULL ? "row" : "line",
		                   (int)(intptr_t)prev, what);
		return 0;
	}
	import_map_put(&c->seen, key, (void *)(intptr_t)line);
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
	if (!first_time(c, import_key3(c, emp, month, m->code), r->line,
	                key_field, c->vk->key))
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
void
import_row_values(struct ctx *c, const struct import_record *r)
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
		m = import_map_get(c->items, s);
		if (m != NULL)
			why = import_item_refused(c, m);
		if (*s == '\0')
			import_field_error(c, r->line, c->col[vk->item],
			                   "a %s is required", vk->noun);
		else if (m == NULL)
			import_field_error(c, r->line, c->col[vk->item],
			                   "unknown %s \"%s\"", vk->noun, s);
		else if (why != NULL)
			import_field_error(c, r->line, c->col[vk->item], "%s",
			                   why);
		s = cell(c, r, vk->value);
		if (*s == '\0') {
			import_field_error(c, r->line, c->col[vk->value],
			                   "a value is required");
			return;
		}
		if (ok && m != NULL && why == NULL)
			add_value(c, r, c->col[vk->value], c->col[vk->item], e,
			          month, m, s);
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
void
import_row_si_base(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *y = cell(c, r, COL_YEAR), *year = NULL;
	int64_t base = 0;
	int rc = get_yuan(c, r, COL_SI_BASE, &base);
	struct fact *f;

	if (rc == 0)
		import_field_error(c, r->line, c->col[COL_SI_BASE],
		                   "a contribution base is required");
	if (y != NULL && *y != '\0') {
		if (strlen(y) != 4 || strspn(y, "0123456789") != 4 ||
		    y[0] == '0')
			import_field_error(c, r->line, c->col[COL_YEAR],
			                   "\"%s\" is not a year (YYYY)", y);
		else if (c->o->month != NULL && strncmp(y, c->o->month, 4) != 0)
			import_field_error(c, r->line, c->col[COL_YEAR],
			                   "%s is not the year of --month %s",
			                   y, c->o->month);
		else
			year = y;
	} else if (c->o->month != NULL)
		year = arena_printf(c->a, "%.4s", c->o->month);
	else
		import_field_error(c, r->line, c->col[COL_YEAR],
		                   "a year is required (YYYY)");
	if (e == NULL || year == NULL || rc <= 0)
		return;
	note_period(c, year);
	if (!first_time(c, import_key2(c, e->id, year), r->line,
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

void
import_row_sales(struct ctx *c, const struct import_record *r)
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
		import_field_error(c, r->line, c->col[COL_SALE_NO],
		                   "a sale number (1 or more) is required");
		ok = 0;
	}
	if (get_date(c, r, COL_DATE, &s.date) <= 0) {
		if (s.date == NULL && cell(c, r, COL_DATE)[0] == '\0')
			import_field_error(c, r->line, c->col[COL_DATE],
			                   "a sale date is required");
		ok = 0;
	}
	if (get_text(c, r, COL_MODEL, 64, &s.model) <= 0) {
		if (cell(c, r, COL_MODEL)[0] == '\0')
			import_field_error(c, r->line, c->col[COL_MODEL],
			                   "a model is required");
		ok = 0;
	} else if (c->models.n > 0 &&
	           import_map_get(&c->models, s.model) == NULL) {
		/* A misspelt model would silently earn no per-model pay. */
		import_field_error(c, r->line, c->col[COL_MODEL],
		                   "unknown model "
		                   "\"%s\" (not in table vehicle_model)",
		                   s.model);
		ok = 0;
	}
	if (get_yuan(c, r, COL_PRICE, &s.price_fen) <= 0) {
		if (cell(c, r, COL_PRICE)[0] == '\0')
			import_field_error(c, r->line, c->col[COL_PRICE],
			                   "a price is required");
		ok = 0;
	}
	ch = cell(c, r, COL_CHANNEL);
	if (ch != NULL && *ch != '\0') {
		if (strcasecmp(ch, "showroom") == 0 || strcmp(ch, "展厅") == 0)
			s.channel = "showroom";
		else if (strcasecmp(ch, "network") == 0 ||
		         strcmp(ch, "网销") == 0 || strcmp(ch, "网络") == 0)
			s.channel = "network";
		else {
			import_field_error(
			    c, r->line, c->col[COL_CHANNEL],
			    "\"%s\" is not showroom/network (展厅/网销)", ch);
			ok = 0;
		}
	}
	if (get_bool(c, r, COL_SETTLED, &s.settled) < 0 ||
	    get_bool(c, r, COL_INSURED, &s.insured) < 0 ||
	    get_bool(c, r, COL_FULL, &s.full_cover) < 0 ||
	    get_bool(c, r, COL_FINANCED, &s.financed) < 0 ||
	    get_yuan(c, r, COL_LOAN, &s.loan_fen) < 0 ||
	    get_yuan(c, r, COL_ACC_PRICE, &s.acc_price_fen) < 0 ||
	    get_yuan(c, r, COL_ACC_COST, &s.acc_cost_fen) < 0)
		ok = 0;
	ch = cell(c, r, COL_MARGIN);
	if (ch != NULL && *ch != '\0' &&
	    parse_yuan_at(c, r->line, c->col[COL_MARGIN], ch, 1,
	                  &s.margin_fen) < 0)
		ok = 0;
	lim = cell(c, r, COL_LIMIT);
	if (lim != NULL && *lim != '\0') {
		if (parse_yuan_at(c, r->line, c->col[COL_LIMIT], lim, 0,
		                  &s.limit.i) < 0)
			ok = 0;
		s.limit.type = FMT_V_INT;
	}
	if (s.full_cover && !s.insured) {
		import_field_error(c, r->line, c->col[COL_FULL],
		                   "full cover needs "
		                   "insured = 1 (insured through the store)");
		ok = 0;
	}
	if (s.loan_fen > 0 && !s.financed) {
		import_field_error(c, r->line, c->col[COL_LOAN],
		                   "a loan fee needs "
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
		key = arena_printf(
		    c->a,
		    "%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%s"
		    "\x1f%d%d%d%d\x1f%lld\x1f%lld\x1f%lld\x1f%lld\x1f%s%lld",
		    s.emp, s.month, s.date, s.model, (long long)s.price_fen,
		    s.channel, s.settled, s.insured, s.full_cover, s.financed,
		    (long long)s.loan_fen, (long long)s.acc_price_fen,
		    (long long)s.acc_cost_fen, (long long)s.margin_fen,
		    s.limit.type == FMT_V_NULL ? "-" : "",
		    (long long)s.limit.i);
	}
	if (!first_time(c, key, r->line, s.field,
	                no > 0 ? "sale number"
	                       : "values in every column (give sale_no to "
	                         "import two equal "
	                         "sales)"))
		return;
	*(struct sale *)next_row(c, (void **)&c->sales, sizeof(s)) = s;
}

/* A cell ends in "%" or "％". */
static int
has_percent_sign(const char *s)
{
	size_t n = strlen(s);

	return (n >= 1 && s[n - 1] == '%') ||
	       (n >= 3 && strcmp(s + n - 3, "\xEF\xBC\x85") == 0);
}

/*
 * A KPI's target or actual value in hundredths of its unit: 1 with *out,
 * 0 when the cell is empty, -1 (reported). k is NULL for an unknown KPI
 * (reported already), whose value is read as if its unit were %.
 */
static int
get_kpi_value(struct ctx *c, const struct import_record *r, enum col col,
              const struct kpi_info *k, int64_t *out)
{
	const char *s = cell(c, r, col), *why;
	const char *what = col == COL_TARGET ? "target" : "actual value";

	if (s == NULL || *s == '\0')
		return 0;
	if (k != NULL && !k->percent && has_percent_sign(s)) {
		import_field_error(
		    c, r->line, c->col[col],
		    "\"%s\": KPI %s "
		    "is counted in %s, not in %%: write its %s without %%",
		    s, k->code, *k->unit != '\0' ? k->unit : "plain numbers",
		    what);
		return -1;
	}
	if (import_parse_kpi_value(s, k == NULL || k->percent, out, &why) == 0)
		return 1;
	if (k != NULL)
		import_field_error(c, r->line, c->col[col],
		                   "\"%s\" %s (the "
		                   "%s of KPI %s)",
		                   s, why, what, k->code);
	else
		import_field_error(c, r->line, c->col[col], "\"%s\" %s", s,
		                   why);
	return -1;
}

void
import_row_kpi(struct ctx *c, const struct import_record *r)
{
	const struct emp *e = get_employee(c, r);
	const char *month = get_month(c, r), *code = cell(c, r, COL_KPI);
	const char *remark = "", *ps;
	const struct kpi_info *k = NULL;
	int64_t target = 0, actual = 0, points = 0;
	int ht, ha, hp = 0, ok = e != NULL && month != NULL;
	struct kres *x;

	if (*code == '\0') {
		import_field_error(c, r->line, c->col[COL_KPI],
		                   "a KPI code is required");
		ok = 0;
	} else if (e != NULL) {
		k = import_map_get(&c->kpis,
		                   import_key2(c, e->position_id, code));
		if (k == NULL) {
			import_field_error(c, r->line, c->col[COL_KPI],
			                   "unknown KPI "
			                   "\"%s\" for position %s of %s",
			                   code, e->position_id, e->id);
			ok = 0;
		}
	}
	ht = get_kpi_value(c, r, COL_TARGET, k, &target);
	ha = get_kpi_value(c, r, COL_ACTUAL, k, &actual);
	ps = cell(c, r, COL_POINTS);
	if (ps != NULL && *ps != '\0')
		hp = parse_dec2_at(c, r->line, c->col[COL_POINTS], ps, 0,
		                   &points) < 0
		         ? -1
		         : 1;
	if (ht < 0 || ha < 0 || hp < 0 ||
	    get_text(c, r, COL_REMARK, TEXT_MAX_CHARS, &remark) < 0)
		ok = 0;
	if (k != NULL && !k->graded) {
		if (ht == 0)
			import_field_error(c, r->line, c->col[COL_TARGET],
			                   "KPI %s "
			                   "is measured: a target is required",
			                   k->code);
		if (ha == 0)
			import_field_error(
			    c, r->line, c->col[COL_ACTUAL],
			    "KPI %s "
			    "is measured: an actual value is required",
			    k->code);
		if (hp > 0)
			import_field_error(
			    c, r->line, c->col[COL_POINTS],
			    "KPI %s "
			    "is measured: its points are computed, leave "
			    "them empty",
			    k->code);
		if (ht == 0 || ha == 0 || hp > 0)
			ok = 0;
	} else if (k != NULL) {
		if (ht > 0 || ha > 0) {
			import_field_error(
			    c, r->line,
			    c->col[ht > 0 ? COL_TARGET : COL_ACTUAL],
			    "KPI %s is graded: it has no "
			    "target or actual value",
			    k->code);
			ok = 0;
		}
		if (hp == 0) {
			import_field_error(
			    c, r->line,
			    c->col[COL_POINTS] >= 0 ? c->col[COL_POINTS]
			                            : c->col[COL_KPI],
			    "KPI %s is graded: points are required", k->code);
			ok = 0;
		} else if (hp > 0 && points > k->weight * 100) {
			import_field_error(
			    c, r->line, c->col[COL_POINTS],
			    "\"%s\" is "
			    "more than the KPI's weight of %lld points",
			    ps, (long long)k->weight);
			ok = 0;
		}
	}
	if (!ok ||
	    !first_time(c, import_key3(c, e->id, month, k->code), r->line,
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
	return k == COL_NAME || k == COL_POSITION || k == COL_HIRE ||
	       k == COL_GRADE || k == COL_BASE || k == COL_PERF;
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
		if (import_parse_bank_account(x, norm, strlen(x) + 1, &why) < 0)
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
	import_field_error(c, r->line, c->col[k], "\"%s\" %s", x, why);
	return -1;
}

void
import_row_staff(struct ctx *c, const struct import_record *r)
{
	struct staff s;
	const char *id = NULL, *t = NULL, *g;
	int ok = 1, rc;
	int64_t v = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	rc = get_id(c, r, COL_EMPLOYEE, &id);
	if (rc == 0)
		import_field_error(c, r->line, c->col[COL_EMPLOYEE],
		                   "an employee id is required");
	if (rc <= 0)
		return;
	s.id = id;
	s.line = r->line;
	s.exists = import_map_get(&c->emps, id) != NULL;
	for (i = 0; import_staff_cols[i] != COL__COUNT; i++) {
		enum col k = import_staff_cols[i];
		const char *x = cell(c, r, k);

		if (k == COL_EMPLOYEE || x == NULL)
			continue;
		if (*x == '\0' && staff_required(k)) {
			import_field_error(c, r->line, c->col[k],
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
			if (strcmp(g, "男") != 0 && strcmp(g, "女") != 0 &&
			    *g != '\0') {
				import_field_error(
				    c, r->line, c->col[k],
				    "\"%s\" is not 男 or 女 (or empty)", g);
				ok = 0;
			}
			s.v[k] = vtext(g);
			break;
		case COL_POSITION:
			t = import_map_get(&c->positions, x);
			if (t == NULL)
				t = import_map_get(&c->titles, x);
			if (t == NULL || *t == '\0') {
				import_field_error(
				    c, r->line, c->col[k],
				    t ? "position title \"%s\" is shared by "
				        "several positions, give its id"
				      : "unknown position \"%s\"",
				    x);
				ok = 0;
			}
			s.v[k] = vtext(t);
			break;
		case COL_GRADE:
			if (parse_count_at(c, r->line, c->col[k], x, &v) < 0)
				ok = 0;
			else if (v < 1 || v > 9) {
				import_field_error(
				    c, r->line, c->col[k],
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
			else if (t != NULL && !import_map_get(&c->schemes, t)) {
				import_field_error(c, r->line, c->col[k],
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
			static const enum col need[] = {COL_NAME, COL_POSITION,
			                                COL_HIRE};

			if (c->col[need[i]] < 0) {
				import_field_error(
				    c, r->line, c->col[COL_EMPLOYEE],
				    "new employee %s needs a %s column", id,
				    import_colspecs[need[i]].name);
				ok = 0;
			}
		}
	/* Dates in order; ISO dates compare as strings. */
	if (ok && s.v[COL_HIRE].type == FMT_V_TEXT) {
		if (s.v[COL_PROBATION].type == FMT_V_TEXT &&
		    strcmp(s.v[COL_PROBATION].s, s.v[COL_HIRE].s) < 0) {
			import_field_error(
			    c, r->line, c->col[COL_PROBATION],
			    "probation ends before the hire date");
			ok = 0;
		}
		if (s.v[COL_LEAVE].type == FMT_V_TEXT &&
		    strcmp(s.v[COL_LEAVE].s, s.v[COL_HIRE].s) < 0) {
			import_field_error(c, r->line, c->col[COL_LEAVE],
			                   "leave date before the hire date");
			ok = 0;
		}
	}
	if (!first_time(c, arena_strdup(c->a, id), r->line,
	                c->col[COL_EMPLOYEE], "employee id") ||
	    !ok)
		return;
	*(struct staff *)next_row(c, (void **)&c->staff, sizeof(s)) = s;
}
