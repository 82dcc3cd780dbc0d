/* SPDX-License-Identifier: MIT */
/*
 * The writing of the importer for the kinds of import.c: with --replace
 * the stored rows the file names are deleted first (and listed), then
 * every checked row is inserted or updated; a row already in the
 * database is reported instead.
 */
#include "import_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "xmem.h"

/* ------------------------------------------------------------ writing */

static int
count_rows(struct ctx *c, const char *sql, const struct db_param *pa, size_t n,
           int64_t *out)
{
	struct db_rows r;

	if (import_query(c, sql, pa, n, &r) < 0)
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
	if (unit != NULL &&
	    (strcmp(unit, "bp") == 0 || strcmp(unit, "score") == 0)) {
		const char *t = arena_printf(
		    c->a, "%s%lld.%02lld", v < 0 ? "-" : "",
		    (long long)(llabs(v) / 100), (long long)(llabs(v) % 100));
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
static void note_replaced(struct ctx *c, const char *fmt, ...)
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
	static const char *const valcol[] = {
	    NULL, "value", NULL, NULL, "value", "base_fen", "amount_fen"};
	const char *where = strstr(
	    c->vk != NULL ? c->vk->exists : import_vkinds[c->o->kind].exists,
	    " FROM ");
	const char *sel, *del;
	struct db_rows r;
	size_t i;

	sel = arena_printf(c->a, "SELECT %s%s", valcol[c->o->kind], where);
	del = arena_printf(c->a, "DELETE%s", where);
	for (i = 0; i < c->nrows; i++) {
		const struct fact *f = &c->facts[i];
		const struct item *m = c->items != NULL && f->item != NULL
		                           ? import_map_get(c->items, f->item)
		                           : NULL;
		const char *unit = m != NULL ? m->unit : "fen";
		const char *name = m != NULL ? m->name : "缴费基数";
		struct db_param p[] = {{"e", vtext(f->emp)},
		                       {"m", period(c, f->month)},
		                       {"k", vtext(f->item)}};

		if (import_query(c, sel, p, 3, &r) < 0)
			return -1;
		if (r.nrows == 0)
			continue;
		if (import_query(c, del, p, 3, NULL) < 0)
			return -1;
		c->st->deleted++;
		c->st->renewed++;
		note_replaced(c, "%s%s%s %s %s → %s", f->emp,
		              *f->emp ? " " : "", f->month, name,
		              show_value(c, unit, db_cell(&r, 0, 0)->i),
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
		                       {"m", vtext(k->month)},
		                       {"k", vtext(k->code)}};

		if (count_rows(
		        c,
		        "SELECT count(*) FROM kpi_result WHERE "
		        "employee_id = :e AND month = :m AND kpi_code = :k",
		        p, 3, &n) < 0)
			return -1;
		if (n == 0)
			continue;
		if (import_query(
		        c,
		        "DELETE FROM kpi_result WHERE employee_id = :e "
		        "AND month = :m AND kpi_code = :k",
		        p, 3, NULL) < 0)
			return -1;
		c->st->deleted++;
		c->st->renewed++;
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
		                       {"e", vtext(s->emp)},
		                       {"m", vtext(s->month)}};
		const char *key;
		int nfile = 0;

		if (s->no > 0) {
			if ((rc = count_rows(c,
			                     "SELECT count(*) FROM "
			                     "vehicle_sale WHERE id = :id",
			                     p, 1, &n)) < 0)
				break;
			if (n > 0 &&
			    (rc = import_query(c,
			                       "DELETE FROM vehicle_sale "
			                       "WHERE id = :id",
			                       p, 1, NULL)) == 0) {
				c->st->deleted++;
				c->st->renewed++;
				note_replaced(c, "%s %s sale no. %lld", s->emp,
				              s->month, (long long)s->no);
			}
			continue;
		}
		key = import_key2(c, s->emp, s->month);
		if (import_map_get(&done, key) != NULL)
			continue;
		import_map_put(&done, key, (void *)key);
		for (j = 0; j < c->nrows; j++)
			if (c->sales[j].no == 0 &&
			    strcmp(c->sales[j].emp, s->emp) == 0 &&
			    strcmp(c->sales[j].month, s->month) == 0)
				nfile++;
		if ((rc = count_rows(c,
		                     "SELECT count(*) FROM vehicle_sale "
		                     "WHERE employee_id = :e AND month = :m",
		                     &p[1], 2, &n)) < 0)
			break;
		if (n == 0)
			continue;
		if ((rc = import_query(
		         c,
		         "DELETE FROM vehicle_sale WHERE employee_id "
		         "= :e AND month = :m",
		         &p[1], 2, NULL)) < 0)
			break;
		c->st->deleted += (int)n;
		c->st->renewed += nfile;
		note_replaced(c, "%s %s sales: %lld → %d", s->emp, s->month,
		              (long long)n, nfile);
	}
	import_map_free(&done);
	return rc;
}

/* --replace: exactly the stored rows that the file's rows name go first. */
int
import_replace_rows(struct ctx *c)
{
	if (import_failed(c))
		return 0; /* nothing will be stored */
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
int
import_store_values(struct ctx *c)
{
	const struct vkind *vk = &import_vkinds[c->o->kind];
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct fact *f = &c->facts[i];
		struct db_param p[] = {{"e", vtext(f->emp)},
		                       {"m", period(c, f->month)},
		                       {"k", vtext(f->item)},
		                       {"v", vint(f->value)}};

		if (count_rows(c, vk->exists, p, 4, &n) < 0)
			return -1;
		if (n > 0 && c->o->kind == IMPORT_SI_BASE)
			import_field_error(
			    c, f->line, f->field,
			    "the base of %s for "
			    "%s is already in the database (import with "
			    "--replace to replace the year)",
			    f->emp, f->month);
		else if (n > 0)
			import_field_error(
			    c, f->line, f->field,
			    "%s%s%s for %s is "
			    "already in the database (import with --replace "
			    "to replace the month)",
			    f->item, *f->emp ? " of " : "", f->emp, f->month);
		else if (!import_failed(c) &&
		         import_query(c, vk->insert, p, 4, NULL) < 0)
			return -1;
	}
	return 0;
}

int
import_store_sales(struct ctx *c)
{
	struct db_rows r;
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct sale *s = &c->sales[i];
		struct db_param p[] = {{"id", s->no ? vint(s->no) : vnull()},
		                       {"e", vtext(s->emp)},
		                       {"m", vtext(s->month)},
		                       {"d", vtext(s->date)},
		                       {"model", vtext(s->model)},
		                       {"price", vint(s->price_fen)},
		                       {"ch", vtext(s->channel)},
		                       {"st", vint(s->settled)},
		                       {"ins", vint(s->insured)},
		                       {"full", vint(s->full_cover)},
		                       {"fin", vint(s->financed)},
		                       {"loan", vint(s->loan_fen)},
		                       {"ap", vint(s->acc_price_fen)},
		                       {"ac", vint(s->acc_cost_fen)},
		                       {"mg", vint(s->margin_fen)},
		                       {"lim", s->limit}};
		size_t np = sizeof(p) / sizeof(p[0]);

		if (s->no > 0) {
			if (import_query(c,
			                 "SELECT month FROM vehicle_sale WHERE "
			                 "id = :id",
			                 p, 1, &r) < 0)
				return -1;
			if (r.nrows > 0) {
				import_field_error(
				    c, s->line, s->field,
				    "sale number "
				    "%lld is already in the database (month "
				    "%s)",
				    (long long)s->no, text_at(&r, 0, 0));
				continue;
			}
		} else if (!c->o->replace) {
			if (count_rows(
			        c,
			        "SELECT count(*) FROM vehicle_sale "
			        "WHERE employee_id = :e AND month = :m AND "
			        "sale_date = :d AND model = :model AND "
			        "price_fen "
			        "= :price AND channel = :ch AND settled = :st "
			        "AND "
			        "insured = :ins AND full_cover = :full AND "
			        "financed = :fin AND loan_fee_fen = :loan AND "
			        "acc_price_fen = :ap AND acc_cost_fen = :ac "
			        "AND "
			        "margin_fen = :mg AND limit_fen IS :lim",
			        p, np, &n) < 0)
				return -1;
			if (n > 0) {
				import_field_error(
				    c, s->line, s->field,
				    "the same sale "
				    "is already in the database (import with "
				    "--replace to replace the month)");
				continue;
			}
		}
		if (!import_failed(c) &&
		    import_query(
		        c,
		        "INSERT INTO vehicle_sale (id, "
		        "employee_id, month, sale_date, model, price_fen, "
		        "channel,"
		        " settled, insured, full_cover, financed, "
		        "loan_fee_fen, "
		        "acc_price_fen, acc_cost_fen, margin_fen, limit_fen) "
		        "VALUES (:id, :e, :m, :d, :model, :price, :ch, :st, "
		        ":ins,"
		        " :full, :fin, :loan, :ap, :ac, :mg, :lim)",
		        p, np, NULL) < 0)
			return -1;
	}
	return 0;
}

int
import_store_kpi(struct ctx *c)
{
	size_t i;
	int64_t n;

	for (i = 0; i < c->nrows; i++) {
		const struct kres *k = &c->kres[i];
		struct db_param p[] = {
		    {"e", vtext(k->emp)},   {"m", vtext(k->month)},
		    {"k", vtext(k->code)},  {"t", k->target},
		    {"a", k->actual},       {"p", k->points},
		    {"r", vtext(k->remark)}};

		if (count_rows(
		        c,
		        "SELECT count(*) FROM kpi_result WHERE "
		        "employee_id = :e AND month = :m AND kpi_code = :k",
		        p, 3, &n) < 0)
			return -1;
		if (n > 0)
			import_field_error(
			    c, k->line, k->field,
			    "KPI %s of %s for %s "
			    "is already in the database (import with "
			    "--replace to replace the month)",
			    k->code, k->emp, k->month);
		else if (!import_failed(c) &&
		         import_query(c,
		                      "INSERT INTO kpi_result "
		                      "(employee_id, month, kpi_code, "
		                      "target_x100, actual_x100, "
		                      "points_x100, remark) VALUES (:e, :m, "
		                      ":k, :t, :a, :p, :r)",
		                      p, 7, NULL) < 0)
			return -1;
	}
	return 0;
}

int
import_store_staff(struct ctx *c)
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
		for (j = 0; import_staff_cols[j] != COL__COUNT; j++) {
			enum col k = import_staff_cols[j];
			const char *dbc = import_colspecs[k].dbcol;

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
		rc = import_query(c, buf_cstr(&sql), p, np, NULL);
		if (s->exists)
			c->st->updated++;
		else
			c->st->inserted++;
	}
	buf_free(&sql);
	buf_free(&vals);
	return rc;
}
