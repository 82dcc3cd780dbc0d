/* SPDX-License-Identifier: MIT */
/*
 * A month's pay run against the database: loads the employees, the scheme
 * versions in force and the month's facts, computes every employee with the
 * engine and the statutory deductions, and stores the run in one
 * transaction; also reads a stored run back for export.
 */
#include "payroll.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "month.h"
#include "payroll_int.h"
#include "xmem.h"

#ifndef HRP_VERSION
#define HRP_VERSION "dev"
#endif

/* ------------------------------------------------------------ reading */

static struct payroll_opt
rd_opt(struct db_reader *r, size_t row, size_t col)
{
	struct payroll_opt o;

	o.set = db_cell(r->rows, row, col)->type != FMT_V_NULL;
	o.v = db_read_int(r, row, col);
	return o;
}

/* ------------------------------------------------------------ loading */

static const char sql_employees[] =
    "SELECT e.id, e.base_fen, e.perf_fen,"
    " coalesce((SELECT a.scheme_id FROM scheme_assignment a"
    "  WHERE a.employee_id = e.id AND a.valid_from <= substr(:first, 1, 7)"
    "  ORDER BY a.valid_from DESC LIMIT 1), e.scheme_id,"
    " (SELECT a.scheme_id FROM scheme_assignment a"
    "  WHERE a.position_id = p.id AND a.valid_from <= substr(:first, 1, 7)"
    "  ORDER BY a.valid_from DESC LIMIT 1), p.scheme_id),"
    " e.position_id, d.id, d.name,"
    " e.name, e.grade, e.hire_date, e.probation_end, s.city, e.leave_date,"
    " s.id"
    " FROM employee e"
    " JOIN position p ON p.id = e.position_id"
    " JOIN department d ON d.id = p.department_id"
    " JOIN store s ON s.id = d.store_id"
    " WHERE e.hire_date <= :last"
    " AND (e.leave_date IS NULL OR e.leave_date = ''"
    " OR e.leave_date >= :first)"
    " ORDER BY d.sort, d.id, e.id";

static const char sql_version[] =
    "SELECT id, valid_from FROM scheme_version"
    " WHERE scheme_id = :scheme AND valid_from <= :month"
    " ORDER BY valid_from DESC LIMIT 1";

static const char sql_rules[] =
    "SELECT r.seq, r.code, r.name, r.category, r.calc, r.measure,"
    " r.tier_table, r.tier_measure, r.amount_fen, r.ratio_num,"
    " r.ratio_den, r.item_filter, r.cond_measure, r.cond_min, r.cond_max,"
    " r.note, m1.name, m2.name, m3.name, r.item_key, r.cond2_measure,"
    " r.cond2_min, r.cond2_max, m4.name"
    " FROM pay_rule r"
    " LEFT JOIN measure m1 ON m1.code = r.measure"
    " LEFT JOIN measure m2 ON m2.code = r.tier_measure"
    " LEFT JOIN measure m3 ON m3.code = r.cond_measure"
    " LEFT JOIN measure m4 ON m4.code = r.cond2_measure"
    " WHERE r.version_id = :version ORDER BY r.seq";

static const char sql_tiers[] =
    "SELECT table_code, lo, lo_strict, value, note, key FROM tier"
    " WHERE version_id = :version ORDER BY table_code, key, lo, lo_strict";

static const char sql_terms[] =
    "SELECT t.rule_code, t.seq, t.op, t.source, t.ref, t.tier_table,"
    " t.num, t.den, t.when_param, t.when_mask,"
    " coalesce(m.name, (SELECT r.name FROM pay_rule r WHERE r.code = t.ref"
    " ORDER BY r.version_id DESC LIMIT 1)), t.subtotal"
    " FROM pay_term t LEFT JOIN measure m ON m.code = t.ref"
    " WHERE t.version_id = :version ORDER BY t.rule_code, t.seq";

static const char sql_params[] =
    "SELECT code, position_id, name, unit, value FROM pay_param"
    " WHERE version_id = :version ORDER BY code, position_id";

static const char sql_store_facts[] =
    "SELECT measure, value FROM store_fact WHERE month = :month";

static const char sql_facts[] =
    "SELECT employee_id, measure, value FROM month_fact"
    " WHERE month = :month";

static const char sql_sales[] =
    "SELECT v.employee_id, v.price_fen, v.channel = 'network', v.settled,"
    " v.insured, v.full_cover, v.financed, v.loan_fee_fen,"
    " v.acc_price_fen - v.acc_cost_fen, v.margin_fen,"
    " CASE WHEN v.limit_fen IS NULL OR v.price_fen <= v.limit_fen THEN 0"
    " ELSE v.price_fen - v.limit_fen END, v.model, m.class"
    " FROM vehicle_sale v LEFT JOIN vehicle_model m ON m.model = v.model"
    " WHERE v.month = :month ORDER BY v.employee_id, v.sale_date, v.id";

static const char sql_scores[] =
    "SELECT employee_id, sum(points_x100) FROM kpi_score"
    " WHERE month = :month GROUP BY employee_id";

static int
emp_cmp(const void *x, const void *y)
{
	const struct pay_emp *const *a = x, *const *b = y;

	return strcmp((*a)->id, (*b)->id);
}

static int
position_cmp(const void *x, const void *y)
{
	const struct pay_emp *const *a = x, *const *b = y;

	return strcmp((*a)->position_id, (*b)->position_id);
}

/*
 * position_headcount of every employee: the paid employees of the same
 * position. Counted over the employees sorted by position, so that a
 * group of 30,000 is not 30,000 x 30,000 comparisons.
 */
static void
count_positions(struct pay_run *run)
{
	struct pay_emp **by;
	size_t i, j, k;

	if (run->nemps == 0)
		return;
	by = xcalloc(run->nemps, sizeof(*by));
	for (i = 0; i < run->nemps; i++)
		by[i] = &run->emps[i];
	qsort(by, run->nemps, sizeof(*by), position_cmp);
	for (i = 0; i < run->nemps; i = j) {
		for (j = i + 1;
		     j < run->nemps &&
		     strcmp(by[j]->position_id, by[i]->position_id) == 0;
		     j++)
			;
		for (k = i; k < j; k++)
			by[k]->in.position_headcount = (int64_t)(j - i);
	}
	free(by);
}

static struct pay_emp *
emp_find(struct pay_run *run, const char *id)
{
	struct pay_emp key, *kp = &key, **hit;

	if (id == NULL)
		return NULL;
	key.id = id;
	hit =
	    bsearch(&kp, run->by_id, run->nemps, sizeof(*run->by_id), emp_cmp);
	return hit ? *hit : NULL;
}

/*
 * The first and last day of the run's month, which payroll_run() has
 * checked: dates compare as text.
 */
static void
run_days(const struct pay_run *run, char first[MONTH_DAY_TEXT],
         char last[MONTH_DAY_TEXT])
{
	month_first_day(run->m, first);
	month_last_day(run->m, last);
}

/* service_years and on_probation at the last day of month. */
static void
dates(struct pay_emp *e, struct month mo)
{
	struct month hired;
	char last[MONTH_DAY_TEXT];
	int years;

	if (month_parse_date(e->hire_date, &hired, NULL) < 0)
		return;
	/* Completed years: the anniversary counts once it is reached. */
	years = mo.year - hired.year;
	if (mo.month < hired.month)
		years--;
	/* Within the anniversary month, assume the day has come by the end. */
	e->in.service_years = years > 0 ? years : 0;
	month_last_day(mo, last);
	/* Reading #22: probation still running at the month's end. */
	e->in.on_probation = e->probation_end != NULL &&
	                     *e->probation_end != '\0' &&
	                     strcmp(e->probation_end, last) >= 0;
}

static int
load_employees(struct pay_run *run)
{
	struct db_rows rows;
	struct db_param p[2];
	struct db_reader rd = {&rows, "employee", run->d, 0};
	char first[MONTH_DAY_TEXT], last[MONTH_DAY_TEXT];
	size_t i;

	run_days(run, first, last);
	p[0] = db_param_text("first", first);
	p[1] = db_param_text("last", last);
	if (db_query(run->db, sql_employees, NULL, p, 2, run->a, &rows,
	             run->d) < 0)
		return -1;
	run->nemps = rows.nrows;
	run->emps = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*run->emps));
	run->by_id =
	    arena_alloc(run->a, (rows.nrows + 1) * sizeof(*run->by_id));
	for (i = 0; i < rows.nrows; i++) {
		struct pay_emp *e = &run->emps[i];

		e->id = db_read_text(&rd, i, 0);
		e->in.employee_id = e->id;
		e->in.month = run->m;
		e->in.base_fen = db_read_int(&rd, i, 1);
		e->in.perf_fen = db_read_int(&rd, i, 2);
		e->scheme_id = db_read_text(&rd, i, 3);
		e->position_id = db_read_text(&rd, i, 4);
		e->dept_id = db_read_text(&rd, i, 5);
		e->dept_name = db_read_text(&rd, i, 6);
		e->name = db_read_text(&rd, i, 7);
		e->in.grade = db_read_int(&rd, i, 8);
		e->hire_date = db_read_text(&rd, i, 9);
		e->probation_end = db_read_text(&rd, i, 10);
		e->city = db_read_text(&rd, i, 11);
		e->in.hire_date = e->hire_date;
		e->in.leave_date = db_read_text(&rd, i, 12);
		e->store_id = db_read_text(&rd, i, 13);
		dates(e, run->m);
		run->by_id[i] = e;
	}
	if (rd.bad)
		return -1;
	qsort(run->by_id, run->nemps, sizeof(*run->by_id), emp_cmp);
	return 0;
}

static int
load_tiers(struct pay_run *run, struct pay_version *v)
{
	struct db_rows rows;
	struct db_param p = db_param_int("version", v->id);
	struct db_reader rd = {&rows, "tier", run->d, 0};
	struct payroll_tier *tiers;
	size_t i;

	if (db_query(run->db, sql_tiers, NULL, &p, 1, run->a, &rows, run->d) <
	    0)
		return -1;
	tiers = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*tiers));
	v->tables = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*v->tables));
	/* Rows come grouped by table_code: one table per run of rows. */
	for (i = 0; i < rows.nrows; i++) {
		const char *code = db_read_text(&rd, i, 0);
		struct payroll_tier_table *t;

		if (code == NULL)
			return -1;
		if (v->ntables == 0 ||
		    strcmp(v->tables[v->ntables - 1].code, code) != 0) {
			t = &v->tables[v->ntables++];
			t->code = code;
			t->tiers = &tiers[i];
		}
		t = &v->tables[v->ntables - 1];
		tiers[i].lo = db_read_int(&rd, i, 1);
		tiers[i].lo_strict = db_read_int(&rd, i, 2) != 0;
		tiers[i].value = db_read_int(&rd, i, 3);
		tiers[i].note = db_read_text(&rd, i, 4);
		tiers[i].key = db_read_text(&rd, i, 5);
		t->ntiers++;
	}
	return rd.bad ? -1 : 0;
}

/* The pay_term rows of rule r (rows are ordered by rule code, seq). */
static void
attach_terms(struct payroll_rule *r, const struct db_rows *rows,
             struct db_reader *rd, struct arena *a)
{
	size_t i, n = 0;

	for (i = 0; i < rows->nrows; i++)
		if (r->code != NULL &&
		    strcmp(db_read_text(rd, i, 0), r->code) == 0)
			n++;
	r->terms = NULL;
	r->nterms = 0;
	if (n == 0)
		return;
	r->terms = arena_alloc(a, n * sizeof(*r->terms));
	for (i = 0; i < rows->nrows; i++) {
		struct payroll_term *t = &r->terms[r->nterms];

		if (strcmp(db_read_text(rd, i, 0), r->code) != 0)
			continue;
		t->seq = (int)db_read_int(rd, i, 1);
		t->op = db_read_text(rd, i, 2);
		t->source = db_read_text(rd, i, 3);
		t->ref = db_read_text(rd, i, 4);
		t->tier_table = db_read_text(rd, i, 5);
		t->num = db_read_int(rd, i, 6);
		t->den = db_read_int(rd, i, 7);
		t->when_param = db_read_text(rd, i, 8);
		t->when_mask = db_read_int(rd, i, 9);
		t->ref_name = db_read_text(rd, i, 10);
		t->subtotal = db_read_text(rd, i, 11);
		r->nterms++;
	}
}

static int
load_rules(struct pay_run *run, struct pay_version *v)
{
	struct db_rows rows;
	struct db_param p = db_param_int("version", v->id);
	struct db_reader rd = {&rows, "pay_rule", run->d, 0};
	struct db_rows terms;
	struct db_reader rt = {&terms, "pay_term", run->d, 0};
	const char *why;
	size_t i, j;

	if (load_tiers(run, v) < 0)
		return -1;
	if (db_query(run->db, sql_rules, NULL, &p, 1, run->a, &rows, run->d) <
	        0 ||
	    db_query(run->db, sql_terms, NULL, &p, 1, run->a, &terms, run->d) <
	        0 ||
	    db_query(run->db, sql_params, NULL, &p, 1, run->a, &v->params,
	             run->d) < 0)
		return -1;
	v->nrules = rows.nrows;
	v->rules = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*v->rules));
	for (i = 0; i < rows.nrows; i++) {
		struct payroll_rule *r = &v->rules[i];

		r->seq = (int)db_read_int(&rd, i, 0);
		r->code = db_read_text(&rd, i, 1);
		r->name = db_read_text(&rd, i, 2);
		r->category = db_read_text(&rd, i, 3);
		r->calc = db_read_text(&rd, i, 4);
		r->measure = db_read_text(&rd, i, 5);
		r->tier_table = db_read_text(&rd, i, 6);
		r->tier_measure = db_read_text(&rd, i, 7);
		r->amount_fen = rd_opt(&rd, i, 8);
		r->ratio_num = rd_opt(&rd, i, 9);
		r->ratio_den = rd_opt(&rd, i, 10);
		r->item_filter = db_read_text(&rd, i, 11);
		r->cond_measure = db_read_text(&rd, i, 12);
		r->cond_min = rd_opt(&rd, i, 13);
		r->cond_max = rd_opt(&rd, i, 14);
		r->note = db_read_text(&rd, i, 15);
		r->measure_name = db_read_text(&rd, i, 16);
		r->tier_measure_name = db_read_text(&rd, i, 17);
		r->cond_measure_name = db_read_text(&rd, i, 18);
		r->item_key = db_read_text(&rd, i, 19);
		r->cond2_measure = db_read_text(&rd, i, 20);
		r->cond2_min = rd_opt(&rd, i, 21);
		r->cond2_max = rd_opt(&rd, i, 22);
		r->cond2_measure_name = db_read_text(&rd, i, 23);
		if (rd.bad)
			return -1;
		attach_terms(r, &terms, &rt, run->a);
		for (j = 0; j < r->nterms; j++)
			if (strcmp(r->terms[j].source, "group") == 0)
				v->grouped = 1;
		if (payroll_rule_prepare(r, v->tables, v->ntables, &why) < 0) {
			diag_report(run->d, DIAG_PAY_BAD_RULE, NULL,
			            "scheme %s, version %s, rule %s: %s",
			            v->scheme_id, v->valid_from, r->code, why);
			v->bad = 1;
		}
	}
	if (rows.nrows == 0) {
		diag_report(run->d, DIAG_PAY_BAD_RULE, NULL,
		            "scheme %s, version %s: the version has no rules",
		            v->scheme_id, v->valid_from);
		v->bad = 1;
	}
	return 0;
}

/*
 * Find the version in force for every scheme in use and load its rules.
 * Returns -1 on a database failure; problems with the data are reported and
 * counted in d, so that the caller can still report every employee.
 */
static int
load_versions(struct pay_run *run)
{
	size_t i, j;

	run->vers = arena_alloc(run->a, (run->nemps + 1) * sizeof(*run->vers));
	for (i = 0; i < run->nemps; i++) {
		struct pay_emp *e = &run->emps[i];
		struct pay_version *v = NULL;
		struct db_rows rows;
		struct db_param p[2];
		struct db_reader rd = {&rows, "scheme_version", run->d, 0};

		if (e->scheme_id == NULL)
			continue;
		for (j = 0; j < run->nvers; j++)
			if (strcmp(run->vers[j].scheme_id, e->scheme_id) == 0)
				v = &run->vers[j];
		if (v == NULL) {
			v = &run->vers[run->nvers++];
			v->scheme_id = e->scheme_id;
			p[0] = db_param_text("scheme", e->scheme_id);
			p[1] = db_param_text("month", run->month);
			if (db_query(run->db, sql_version, NULL, p, 2, run->a,
			             &rows, run->d) < 0)
				return -1;
			if (rows.nrows > 0) {
				v->id = db_read_int(&rd, 0, 0);
				v->valid_from = db_read_text(&rd, 0, 1);
				if (rd.bad || load_rules(run, v) < 0)
					return -1;
			}
		}
		e->ver = v;
	}
	return 0;
}

/* Attach the month's facts, cars and scorecard totals to the employees. */
static int
load_month(struct pay_run *run)
{
	struct db_rows facts, sales, scores, store;
	struct db_param p = db_param_text("month", run->month);
	struct db_reader rf = {&facts, "month_fact", run->d, 0};
	struct db_reader rs = {&sales, "vehicle_sale", run->d, 0};
	struct db_reader rk = {&scores, "kpi_score", run->d, 0};
	struct db_reader rt = {&store, "store_fact", run->d, 0};
	struct payroll_fact *sf;
	struct pay_emp *e;
	size_t i;

	if (db_query(run->db, sql_facts, NULL, &p, 1, run->a, &facts, run->d) <
	        0 ||
	    db_query(run->db, sql_sales, NULL, &p, 1, run->a, &sales, run->d) <
	        0 ||
	    db_query(run->db, sql_scores, NULL, &p, 1, run->a, &scores,
	             run->d) < 0 ||
	    db_query(run->db, sql_store_facts, NULL, &p, 1, run->a, &store,
	             run->d) < 0)
		return -1;
	sf = arena_alloc(run->a, (store.nrows + 1) * sizeof(*sf));
	for (i = 0; i < store.nrows; i++) {
		sf[i].measure = db_read_text(&rt, i, 0);
		sf[i].value = db_read_int(&rt, i, 1);
		if (sf[i].measure == NULL)
			sf[i].measure = "";
	}
	/* Count first, then fill arrays of the right size. */
	for (i = 0; i < facts.nrows; i++)
		if ((e = emp_find(run, db_read_text(&rf, i, 0))) != NULL)
			e->in.nfacts++;
	for (i = 0; i < sales.nrows; i++)
		if ((e = emp_find(run, db_read_text(&rs, i, 0))) != NULL)
			e->in.nitems++;
	for (i = 0; i < run->nemps; i++) {
		e = &run->emps[i];
		e->facts =
		    arena_alloc(run->a, (e->in.nfacts + 1) * sizeof(*e->facts));
		e->items =
		    arena_alloc(run->a, (e->in.nitems + 1) * sizeof(*e->items));
		e->in.facts = e->facts;
		e->in.items = e->items;
		e->in.nfacts = e->in.nitems = 0;
		e->in.store_facts = sf;
		e->in.nstore_facts = store.nrows;
	}
	count_positions(run);
	for (i = 0; i < facts.nrows; i++) {
		struct payroll_fact *f;

		if ((e = emp_find(run, db_read_text(&rf, i, 0))) == NULL)
			continue;
		f = &e->facts[e->in.nfacts++];
		f->measure = db_read_text(&rf, i, 1);
		f->value = db_read_int(&rf, i, 2);
		if (f->measure == NULL)
			f->measure = "";
	}
	for (i = 0; i < sales.nrows; i++) {
		struct payroll_item *it;

		if ((e = emp_find(run, db_read_text(&rs, i, 0))) == NULL)
			continue;
		it = &e->items[e->in.nitems++];
		it->price_fen = db_read_int(&rs, i, 1);
		it->network = db_read_int(&rs, i, 2) != 0;
		it->settled = db_read_int(&rs, i, 3) != 0;
		it->insured = db_read_int(&rs, i, 4) != 0;
		it->full_cover = db_read_int(&rs, i, 5) != 0;
		it->financed = db_read_int(&rs, i, 6) != 0;
		it->loan_fee_fen = db_read_int(&rs, i, 7);
		it->acc_margin_fen = db_read_int(&rs, i, 8);
		it->margin_fen = db_read_int(&rs, i, 9);
		it->over_limit_fen = db_read_int(&rs, i, 10);
		it->model = db_read_text(&rs, i, 11);
		it->car_class = db_read_text(&rs, i, 12);
	}
	for (i = 0; i < scores.nrows; i++) {
		if ((e = emp_find(run, db_read_text(&rk, i, 0))) == NULL)
			continue;
		e->in.has_scorecard = 1;
		e->in.scorecard_x100 = db_read_int(&rk, i, 1);
	}
	return rf.bad || rs.bad || rk.bad || rt.bad ? -1 : 0;
}

/* The parameters of e's version, a position's own value first. */
static void
resolve_params(struct pay_run *run, struct pay_emp *e)
{
	const struct db_rows *rows = &e->ver->params;
	struct db_reader rd = {rows, "pay_param", run->d, 0};
	struct payroll_param *ps;
	size_t i, n = 0;

	ps = arena_alloc(run->a, (rows->nrows + 1) * sizeof(*ps));
	/* Rows come ordered by code, then position_id ('' first). */
	for (i = 0; i < rows->nrows; i++) {
		const char *code = db_read_text(&rd, i, 0);
		const char *pos = db_read_text(&rd, i, 1);
		struct payroll_param *p;

		if (code == NULL || pos == NULL)
			continue;
		if (*pos != '\0' && strcmp(pos, e->position_id) != 0)
			continue;
		if (n > 0 && strcmp(ps[n - 1].code, code) == 0)
			p = &ps[n - 1];
		else
			p = &ps[n++];
		p->code = code;
		p->name = db_read_text(&rd, i, 2);
		p->unit = db_read_text(&rd, i, 3);
		p->value = db_read_int(&rd, i, 4);
	}
	e->in.params = ps;
	e->in.nparams = n;
}

/* sales_rank: among the employees on the same scheme version. */
static void
rank_employees(struct pay_run *run)
{
	int64_t *units = xcalloc(run->nemps + 1, sizeof(*units));
	int64_t *rank = xcalloc(run->nemps + 1, sizeof(*rank));
	struct pay_emp **group = xcalloc(run->nemps + 1, sizeof(*group));
	size_t v, i, n;
	int64_t den;
	const char *what;

	for (v = 0; v < run->nvers; v++) {
		n = 0;
		for (i = 0; i < run->nemps; i++) {
			if (run->emps[i].ver != &run->vers[v])
				continue;
			group[n] = &run->emps[i];
			if (payroll_measure(&group[n]->in, "units", &units[n],
			                    &den, &what) != 0)
				units[n] = 0;
			n++;
		}
		payroll_rank(units, n, rank);
		for (i = 0; i < n; i++)
			group[i]->in.sales_rank = rank[i];
	}
	free(units);
	free(rank);
	free(group);
}

/* ------------------------------------------------------------ targets */

static const char sql_targets[] =
    "SELECT store_id, coalesce(output_fen, 0), coalesce(output2_fen, 0),"
    " coalesce(csi_min_x100, 0), coalesce(ten_item_min_x100, 0)"
    " FROM service_target WHERE year = :year";

/* Is the flag param of e's version (a position's own row first) set? */
static int
version_flag(const struct pay_emp *e, const char *param)
{
	const struct db_rows *rows = &e->ver->params;
	int64_t v = 0;
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		const struct fmt_value *c = db_cell(rows, i, 0);
		const struct fmt_value *pos = db_cell(rows, i, 1);

		if (c->type != FMT_V_TEXT || strcmp(c->s, param) != 0 ||
		    pos->type != FMT_V_TEXT)
			continue;
		if (*pos->s != '\0' && strcmp(pos->s, e->position_id) != 0)
			continue;
		v = db_cell(rows, i, 4)->type == FMT_V_INT
		        ? db_cell(rows, i, 4)->i
		        : 0;
		if (*pos->s != '\0')
			break; /* the position's own value wins */
	}
	return v != 0;
}

/*
 * The after-sales targets of the month's year for each employee's store
 * (service_target), and the split of the store's month output target
 * among the advisors whose version has the flag sa_target_share: each
 * takes the weight output_weight of the month (default 1) over the sum of
 * the weights of the same store.
 */
static int
load_targets(struct pay_run *run)
{
	struct db_rows rows;
	struct db_reader rd = {&rows, "service_target", run->d, 0};
	struct payroll_target *t;
	struct db_param p;
	size_t i, j;
	int y = run->m.year; /* the targets are the calendar year's */

	p = db_param_int("year", y);
	if (db_query(run->db, sql_targets, NULL, &p, 1, run->a, &rows, run->d) <
	    0)
		return -1;
	t = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*t));
	for (i = 0; i < rows.nrows; i++) {
		t[i].year = y;
		t[i].output_fen = db_read_int(&rd, i, 1);
		t[i].output2_fen = db_read_int(&rd, i, 2);
		t[i].csi_min_x100 = db_read_int(&rd, i, 3);
		t[i].ten_item_min_x100 = db_read_int(&rd, i, 4);
	}
	if (rd.bad)
		return -1;
	for (i = 0; i < run->nemps; i++) {
		struct pay_emp *e = &run->emps[i];
		int64_t w;
		size_t k;

		for (j = 0; j < rows.nrows && e->store_id != NULL; j++) {
			const char *sid = db_read_text(&rd, j, 0);

			if (sid != NULL && strcmp(sid, e->store_id) == 0)
				e->in.target = &t[j];
		}
		if (e->ver == NULL || e->ver->id == 0 ||
		    !version_flag(e, "sa_target_share"))
			continue;
		w = 1;
		for (k = 0; k < e->in.nfacts; k++)
			if (strcmp(e->in.facts[k].measure, "output_weight") ==
			    0)
				w = e->in.facts[k].value;
		e->in.share_weight = w > 0 ? w : 0;
	}
	/* The sum of the weights per store: quadratic in the advisors of
	   one month, a few dozen. */
	for (i = 0; i < run->nemps; i++) {
		struct pay_emp *e = &run->emps[i];
		int64_t total = 0;

		if (e->in.share_weight == 0)
			continue;
		for (j = 0; j < run->nemps; j++) {
			const struct pay_emp *o = &run->emps[j];

			if (o->in.share_weight > 0 && e->store_id != NULL &&
			    o->store_id != NULL &&
			    strcmp(o->store_id, e->store_id) == 0)
				total += o->in.share_weight;
		}
		e->in.share_total = total;
	}
	return 0;
}

/* ------------------------------------------------------------ computing */

/* Sum of each rule code's lines over the employees computed so far. */
static void
group_totals(struct pay_run *run, struct payroll_fact **out, size_t *n)
{
	struct payroll_fact *t;
	size_t i, j, k, cap = 0;

	for (i = 0; i < run->nemps; i++)
		cap += run->emps[i].slip.nlines;
	t = arena_alloc(run->a, (cap + 1) * sizeof(*t));
	*n = 0;
	for (i = 0; i < run->nemps; i++) {
		const struct payroll_slip *s = &run->emps[i].slip;

		if (run->emps[i].failure != NULL)
			continue;
		for (j = 0; j < s->nlines; j++) {
			const char *code = s->lines[j].rule->code;

			for (k = 0; k < *n; k++)
				if (strcmp(t[k].measure, code) == 0)
					break;
			if (k == *n) {
				t[k].measure = code;
				t[k].value = 0;
				(*n)++;
			}
			t[k].value += s->lines[j].amount_fen;
		}
	}
	*out = t;
}

static void fail(struct pay_run *run, struct pay_emp *e, int code,
                 const char *zh, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The Chinese names of what payroll reads that are not measures. */
static const char *const other_words[][3] = {
    {"hire_date", "hire_date", "入职日期"},
    {"leave_date", "leave_date", "离职日期"},
    {"service_target",
     "the year's after-sales targets (hrpress import DB service_target)",
     "售后年度目标（hrpress import DB service_target）"},
};

/*
 * what in the user's words: each measure code in the comma-separated list
 * becomes its name, the column the facts file gives it ("units_target is
 * 0" → "月销量目标 is 0"). With zh, the whole text is Chinese: the items
 * are joined with 、 and " is 0" reads 为 0 ("月销量目标为 0"). Falls back
 * to what on a database error.
 */
static const char *
user_words(struct pay_run *run, const char *what, int zh)
{
	struct db_rows rows;
	struct buf b;
	const char *s = what, *end, *sp;
	const char *out;
	size_t i, n, k;

	if (db_query(run->db, "SELECT code, name FROM measure", NULL, NULL, 0,
	             run->a, &rows, run->d) < 0)
		return what;
	buf_init(&b, 0);
	while (*s != '\0') {
		size_t len;

		end = strstr(s, ", ");
		n = end != NULL ? (size_t)(end - s) : strlen(s);
		sp = memchr(s, ' ', n);
		len = sp != NULL ? (size_t)(sp - s) : n;
		for (i = 0; i < rows.nrows; i++) {
			const char *code = db_cell(&rows, i, 0)->s;

			if (strlen(code) == len && strncmp(code, s, len) == 0)
				break;
		}
		for (k = 0; k < sizeof(other_words) / sizeof(other_words[0]);
		     k++)
			if (strlen(other_words[k][0]) == len &&
			    strncmp(other_words[k][0], s, len) == 0)
				break;
		if (i < rows.nrows)
			buf_adds(&b, db_cell(&rows, i, 1)->s);
		else if (k < sizeof(other_words) / sizeof(other_words[0]))
			buf_adds(&b, other_words[k][zh ? 2 : 1]);
		else
			buf_add(&b, s, len);
		if (sp != NULL) {
			if (zh && n - len == 5 && strncmp(sp, " is 0", 5) == 0)
				buf_adds(&b, "为 0");
			else
				buf_add(&b, sp, n - len);
		}
		s += n;
		if (end != NULL) {
			buf_adds(&b, zh ? "、" : ", ");
			s += 2;
		}
	}
	out = arena_strdup(run->a, b.len > 0 ? buf_cstr(&b) : what);
	buf_free(&b);
	return out;
}

/*
 * Record why e is not computed: the English reason of the diagnostic in
 * e->failure, and in e->failure_zh the Chinese one that printed pages
 * show (zh, or for other codes than DIAG_PAY_NO_FACTS with zh NULL, a
 * Chinese lead with the English detail).
 */
static void
fail(struct pay_run *run, struct pay_emp *e, int code, const char *zh,
     const char *fmt, ...)
{
	va_list ap;
	const char *detail;

	va_start(ap, fmt);
	detail = arena_vprintf(run->a, fmt, ap);
	va_end(ap);
	e->failure = detail;
	if (code == DIAG_PAY_NO_FACTS) {
		e->failure = arena_printf(
		    run->a,
		    "missing data: %s (import "
		    "the month's facts or store figures with these columns, "
		    "or add one value with hrpress set)",
		    user_words(run, detail, 0));
		zh = arena_printf(run->a,
		                  "缺少数据：%s（请导入本月数据或门店数据中"
		                  "的这些列，或用 hrpress set 补一个值）",
		                  user_words(run, detail, 1));
	} else if (zh == NULL)
		zh = arena_printf(
		    run->a, "%s：%s",
		    code == DIAG_PAY_OVERFLOW     ? "金额超出范围"
		    : code == DIAG_PAY_RULE_RANGE ? "计算值超出范围"
		    : code == DIAG_PAY_BAD_RULE   ? "薪酬方案规则有误"
		    : code == DIAG_PAY_NO_RATES ? "缺少社保费率或个税税率表"
		                                : "无法计算",
		    user_words(run, detail, 1));
	e->failure_zh = zh;
	if (run->accept_missing)
		diag_report(run->d, DIAG_PAY_NOT_COMPUTED, NULL,
		            "employee %s, %s: %s; not paid in this run "
		            "(--accept-missing)",
		            e->id, run->month, e->failure);
	else
		diag_report(run->d, code, NULL, "employee %s, %s: %s", e->id,
		            run->month, e->failure);
}

/*
 * Compute every employee; report each one that cannot be computed. Rules
 * that read other employees' lines (source group) run in a second pass,
 * after everyone else.
 */
static int
compute_all(struct pay_run *run)
{
	struct pay_statutory st;
	struct payroll_fact *totals = NULL;
	size_t ntotals = 0, i;
	int failed = 0, rc, pass;
	const char *what;

	memset(&st, 0, sizeof(st));
	if (payroll_statutory_load(run, &st) < 0)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			group_totals(run, &totals, &ntotals);
		for (i = 0; i < run->nemps; i++) {
			struct pay_emp *e = &run->emps[i];

			if (e->ver != NULL && e->ver->grouped != pass)
				continue;
			if (e->ver == NULL && pass == 1)
				continue;
			if (e->scheme_id == NULL) {
				fail(
				    run, e, DIAG_PAY_NO_SCHEME,
				    arena_printf(run->a,
				                 "员工和岗位 %s 都没有薪酬方案"
				                 "（请用 hrpress scheme assign "
				                 "指定）",
				                 e->position_id),
				    "neither the employee nor position %s "
				    "has a pay scheme",
				    e->position_id);
				failed = 1;
				continue;
			}
			/* load_versions gave every employee with a scheme one
			 */
			assert(e->ver != NULL);
			if (e->ver->id == 0) {
				fail(run, e, DIAG_PAY_NO_SCHEME,
				     arena_printf(
				         run->a,
				         "薪酬方案 %s 在 %s 没有生效的版本",
				         e->scheme_id, run->month),
				     "scheme %s has no version valid in %s",
				     e->scheme_id, run->month);
				failed = 1;
				continue;
			}
			if (e->ver->bad) {
				/* Already reported once for the rule. */
				e->failure = "invalid rule in its scheme";
				e->failure_zh =
				    "所用薪酬方案有无效规则"
				    "（见 hrpress payroll 的错误信息）";
				failed = 1;
				continue;
			}
			if (e->failure != NULL)
				continue; /* the first pass failed it */
			resolve_params(run, e);
			e->in.group_totals = totals;
			e->in.ngroup_totals = ntotals;
			rc = payroll_compute(e->ver->rules, e->ver->nrules,
			                     &e->in, run->a, &e->slip, &what);
			if (rc == 0)
				rc = payroll_statutory_deduct(run, &st, e,
				                              &what);
			if (rc != 0) {
				fail(run, e, rc, NULL, "%s", what);
				failed = 1;
			}
		}
	}
	return failed && !run->accept_missing ? -1 : 0;
}

/*
 * Employees employed in the month whose position, department or store does
 * not exist (rows written around hrpress's checks): never skipped
 * silently, each is a failure with the reason.
 */
static const char sql_dropped[] =
    "SELECT e.id, e.name, CASE WHEN p.id IS NULL THEN 'position ' ||"
    " e.position_id || ' does not exist'"
    " WHEN d.id IS NULL THEN 'department ' || p.department_id ||"
    " ' of position ' || p.id || ' does not exist'"
    " ELSE 'store ' || d.store_id || ' of department ' || d.id ||"
    " ' does not exist' END,"
    " CASE WHEN p.id IS NULL THEN '岗位 ' || e.position_id || ' 不存在'"
    " WHEN d.id IS NULL THEN '岗位 ' || p.id || ' 的部门 ' ||"
    " p.department_id || ' 不存在'"
    " ELSE '部门 ' || d.id || ' 的门店 ' || d.store_id || ' 不存在' END"
    " FROM employee e LEFT JOIN position p ON p.id = e.position_id"
    " LEFT JOIN department d ON d.id = p.department_id"
    " LEFT JOIN store s ON s.id = d.store_id"
    " WHERE (p.id IS NULL OR d.id IS NULL OR s.id IS NULL)"
    " AND e.hire_date <= :last"
    " AND (e.leave_date IS NULL OR e.leave_date = ''"
    " OR e.leave_date >= :first) ORDER BY e.id";

static int
find_dropped(struct pay_run *run)
{
	struct db_rows rows;
	struct db_param p[2];
	char first[MONTH_DAY_TEXT], last[MONTH_DAY_TEXT];
	size_t i;

	run_days(run, first, last);
	p[0] = db_param_text("first", first);
	p[1] = db_param_text("last", last);
	if (db_query(run->db, sql_dropped, NULL, p, 2, run->a, &rows, run->d) <
	    0)
		return -1;
	run->ndropped = rows.nrows;
	run->dropped =
	    arena_alloc(run->a, (rows.nrows + 1) * sizeof(*run->dropped));
	for (i = 0; i < rows.nrows; i++) {
		struct payroll_failure *f = &run->dropped[i];

		f->employee_id = db_cell(&rows, i, 0)->s;
		f->name = db_cell(&rows, i, 1)->s;
		f->reason = db_cell(&rows, i, 2)->s;
		f->reason_zh = db_cell(&rows, i, 3)->s;
		diag_report(run->d,
		            run->accept_missing ? DIAG_PAY_NOT_COMPUTED
		                                : DIAG_PAY_EMPLOYEE,
		            NULL, "employee %s, %s: %s", f->employee_id,
		            run->month, f->reason);
	}
	return 0;
}

/* ------------------------------------------------------------ storing */

static const char sql_del_lines[] =
    "DELETE FROM pay_line WHERE run_id IN"
    " (SELECT id FROM pay_run WHERE month = :month)";
static const char sql_del_slips[] =
    "DELETE FROM pay_slip WHERE run_id IN"
    " (SELECT id FROM pay_run WHERE month = :month)";
static const char sql_del_unpaid[] =
    "DELETE FROM pay_unpaid WHERE run_id IN"
    " (SELECT id FROM pay_run WHERE month = :month)";
static const char sql_del_run[] = "DELETE FROM pay_run WHERE month = :month";
static const char sql_ins_unpaid[] =
    "INSERT INTO pay_unpaid (run_id, employee_id, name, reason, reason_zh)"
    " VALUES (:run, :employee, :name, :reason, :reason_zh)";
static const char sql_ins_run[] =
    "INSERT INTO pay_run (month, computed_at, generator)"
    " VALUES (:month, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), :generator)";
static const char sql_run_id[] = "SELECT id FROM pay_run WHERE month = :month";
static const char sql_ins_slip[] =
    "INSERT INTO pay_slip (run_id, employee_id, version_id, gross_fen,"
    " deduction_fen, net_fen)"
    " VALUES (:run, :employee, :version, :gross, :deduction, :net)";
static const char sql_ins_line[] =
    "INSERT INTO pay_line (run_id, employee_id, seq, rule_code, name,"
    " category, basis, amount_fen)"
    " VALUES (:run, :employee, :seq, :code, :name, :category, :basis,"
    " :amount)";

/* Inside the transaction: replace the month's run. */
static int
store_unpaid(struct pay_run *run, int64_t run_id, const char *id,
             const char *name, const char *reason, const char *reason_zh)
{
	struct db_param p[5];

	p[0] = db_param_int("run", run_id);
	p[1] = db_param_text("employee", id);
	p[2] = db_param_text("name", name);
	p[3] = db_param_text("reason", reason);
	p[4] = db_param_text("reason_zh", reason_zh ? reason_zh : "");
	return db_query(run->db, sql_ins_unpaid, NULL, p, 5, run->a, NULL,
	                run->d) < 0
	           ? -1
	           : 0;
}

static int
store(struct pay_run *run)
{
	struct db_param p[8];
	struct db_rows rows;
	struct db_reader rd = {&rows, "pay_run", run->d, 0};
	int64_t run_id;
	size_t i, j;

	/* Explicit deletes: the result must not depend on foreign_keys. */
	p[0] = db_param_text("month", run->month);
	p[1] = db_param_text("generator", "hrpress " HRP_VERSION);
	if (db_query(run->db, sql_del_lines, NULL, p, 1, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_del_slips, NULL, p, 1, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_del_unpaid, NULL, p, 1, run->a, NULL,
	             run->d) < 0 ||
	    db_query(run->db, sql_del_run, NULL, p, 1, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_ins_run, NULL, p, 2, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_run_id, NULL, p, 1, run->a, &rows, run->d) <
	        0)
		return -1;
	assert(rows.nrows == 1);
	run_id = db_read_int(&rd, 0, 0);
	/* --accept-missing: who is not paid, and why, kept with the run */
	for (i = 0; i < run->ndropped; i++)
		if (store_unpaid(run, run_id, run->dropped[i].employee_id,
		                 run->dropped[i].name, run->dropped[i].reason,
		                 run->dropped[i].reason_zh) < 0)
			return -1;
	for (i = 0; i < run->nemps; i++) {
		const struct pay_emp *e = &run->emps[i];

		if (e->failure != NULL) {
			if (store_unpaid(run, run_id, e->id,
			                 e->name ? e->name : "", e->failure,
			                 e->failure_zh) < 0)
				return -1;
			continue; /* listed, not paid */
		}
		p[0] = db_param_int("run", run_id);
		p[1] = db_param_text("employee", e->id);
		p[2] = db_param_int("version", e->ver->id);
		p[3] = db_param_int("gross", e->slip.gross_fen);
		p[4] = db_param_int("deduction", e->slip.deduction_fen);
		p[5] = db_param_int("net", e->slip.net_fen);
		if (db_query(run->db, sql_ins_slip, NULL, p, 6, run->a, NULL,
		             run->d) < 0)
			return -1;
		for (j = 0; j < e->slip.nlines; j++) {
			const struct payroll_line *l = &e->slip.lines[j];

			p[2] = db_param_int("seq", (int64_t)j + 1);
			p[3] = db_param_text("code", l->rule->code);
			p[4] = db_param_text("name", l->rule->name);
			p[5] = db_param_text("category", l->rule->category);
			p[6] = db_param_text("basis", l->basis);
			p[7] = db_param_int("amount", l->amount_fen);
			if (db_query(run->db, sql_ins_line, NULL, p, 8, run->a,
			             NULL, run->d) < 0)
				return -1;
		}
	}
	/* the inputs' change counters, for closing_run_fresh() */
	return closing_snapshot(run->db, (long long)run_id, run->month, run->d);
}

static void
total_add(struct payroll_total *t, const struct payroll_slip *s)
{
	size_t i;

	t->headcount++;
	/* Each slip is within range; a month's sum of them fits in int64. */
	t->gross_fen += s->gross_fen;
	t->deduction_fen += s->deduction_fen;
	t->net_fen += s->net_fen;
	for (i = 0; i < s->nlines; i++) {
		const char *code = s->lines[i].rule->code;

		if (strcmp(code, "iit") == 0)
			t->tax_fen += s->lines[i].amount_fen;
		else if (strncmp(code, "si_", 3) == 0 &&
		         s->lines[i].rule->category_kind == PAYROLL_DEDUCTION)
			t->si_fen += s->lines[i].amount_fen;
	}
}

/* After a failed run: the employees that could not be computed. */
static struct payroll_summary *
failures(const struct pay_run *run)
{
	struct payroll_summary *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->arena = arena_new();
	s->month = arena_strdup(s->arena, run->month);
	s->failed = arena_alloc(s->arena, (run->nemps + run->ndropped + 1) *
	                                      sizeof(*s->failed));
	for (i = 0; i < run->ndropped; i++) {
		struct payroll_failure *f = &s->failed[s->nfailed++];

		f->employee_id =
		    arena_strdup(s->arena, run->dropped[i].employee_id);
		f->name = arena_strdup(s->arena, run->dropped[i].name);
		f->reason = arena_strdup(s->arena, run->dropped[i].reason);
		f->reason_zh = arena_strdup(
		    s->arena,
		    run->dropped[i].reason_zh ? run->dropped[i].reason_zh : "");
	}
	for (i = 0; i < run->nemps; i++) {
		const struct pay_emp *e = &run->emps[i];
		struct payroll_failure *f;

		if (e->failure == NULL)
			continue;
		f = &s->failed[s->nfailed++];
		f->employee_id = arena_strdup(s->arena, e->id);
		f->name = arena_strdup(s->arena, e->name ? e->name : "");
		f->reason = arena_strdup(s->arena, e->failure);
		f->reason_zh = arena_strdup(
		    s->arena, e->failure_zh ? e->failure_zh : e->failure);
	}
	s->total.department_name = "合计";
	return s;
}

/* The totals of the run, and (--accept-missing) who was not paid. */
static struct payroll_summary *
summarise(const struct pay_run *run)
{
	struct payroll_summary *s = failures(run);
	struct payroll_total *t = NULL;
	size_t i;

	s->depts = arena_alloc(s->arena, (run->nemps + 1) * sizeof(*s->depts));
	/* Employees come ordered by department: one total per run of them. */
	for (i = 0; i < run->nemps; i++) {
		const struct pay_emp *e = &run->emps[i];

		if (e->failure != NULL)
			continue;

		if (t == NULL || strcmp(t->department_id, e->dept_id) != 0) {
			t = &s->depts[s->ndepts++];
			t->department_id = arena_strdup(s->arena, e->dept_id);
			t->department_name =
			    arena_strdup(s->arena, e->dept_name);
		}
		total_add(t, &e->slip);
		total_add(&s->total, &e->slip);
	}
	s->total.department_name = "合计";
	return s;
}

void
payroll_summary_free(struct payroll_summary *s)
{
	if (s == NULL)
		return;
	arena_free(s->arena);
	free(s);
}

int
payroll_run(struct db *db, const char *month, struct payroll_summary **out,
            struct diag *d)
{
	return payroll_run_accept(db, month, 0, out, d);
}

int
payroll_run_accept(struct db *db, const char *month, int accept_missing,
                   struct payroll_summary **out, struct diag *d)
{
	struct pay_run run;
	struct month m;
	const char *later = NULL;
	int errors = diag_errors(d), rc = -1;

	if (out != NULL)
		*out = NULL;
	if (month_parse(month, &m) < 0) {
		diag_report(d, DIAG_CLI_BAD_MONTH, NULL, "%s", month);
		return -1;
	}
	memset(&run, 0, sizeof(run));
	run.db = db;
	run.month = month;
	run.m = m;
	run.d = d;
	run.a = arena_new();
	run.accept_missing = accept_missing;
	/* Read and write under one lock, so the month is consistent. */
	if (db_begin(db, d) < 0) {
		arena_free(run.a);
		return -1;
	}
	if (closing_check(db, month, "payroll", d) < 0 ||
	    load_employees(&run) < 0 || find_dropped(&run) < 0 ||
	    load_versions(&run) < 0 || load_month(&run) < 0)
		goto out;
	rank_employees(&run);
	if (load_targets(&run) < 0)
		goto out;
	if (compute_all(&run) < 0 || diag_errors(d) > errors)
		goto out;
	if (run.nno_base > 0)
		diag_report(d, DIAG_PAY_NO_SI_BASE, NULL,
		            "%.4s: %zu employee%s (%s%s) %s no si_base for the "
		            "year: import their bases (hrpress import DB "
		            "si_base FILE) unless they are insured elsewhere, "
		            "then run payroll again",
		            month, run.nno_base, run.nno_base == 1 ? "" : "s",
		            run.no_base, run.nno_base > 5 ? ", ..." : "",
		            run.nno_base == 1 ? "has" : "have");
	if (store(&run) < 0 || payroll_statutory_later(&run, &later) < 0 ||
	    db_commit(db, d) < 0)
		goto out;
	/*
	 * Later months are not recomputed: their tax may now be wrong, and
	 * only running them again, in order, puts it right.
	 */
	if (later != NULL)
		diag_report(d, DIAG_PAY_LATER_RUNS, NULL,
		            "%s: their income tax counts %s as it was before "
		            "this run; run them again in order",
		            later, month);
	if (out != NULL)
		*out = summarise(&run);
	rc = 0;
out:
	if (rc < 0 && out != NULL && (run.emps != NULL || run.ndropped > 0))
		*out = failures(&run);
	if (rc < 0)
		db_rollback(db);
	arena_free(run.a);
	return rc;
}

static const char sql_stored[] =
    "SELECT l.employee_id, e.name, l.seq, l.rule_code, l.name, l.category,"
    " l.basis, l.amount_fen, 0 AS k, d.sort AS ds, d.id AS di"
    " FROM pay_line l JOIN pay_run r ON r.id = l.run_id"
    " JOIN employee e ON e.id = l.employee_id"
    " JOIN position p ON p.id = e.position_id"
    " JOIN department d ON d.id = p.department_id"
    " WHERE r.month = :month"
    " UNION ALL"
    " SELECT u.employee_id, u.name, 0, 'unpaid', '" PAYROLL_UNPAID_NAME "',"
    " 'unpaid', CASE WHEN u.reason_zh <> '' THEN u.reason_zh"
    " ELSE u.reason END, 0, 1, 0, ''"
    " FROM pay_unpaid u JOIN pay_run r ON r.id = u.run_id"
    " WHERE r.month = :month ORDER BY 9, 10, 11, 1, 3";

long
payroll_stored(struct db *db, const char *month, struct arena *a,
               struct payroll_stored_line **out, int *found, struct diag *d)
{
	struct db_param p = db_param_text("month", month);
	struct db_rows rows, runs;
	struct db_reader rd = {&rows, "pay_line", d, 0};
	struct payroll_stored_line *ls;
	struct month m;
	size_t i;

	*out = NULL;
	*found = 0;
	if (month_parse(month, &m) < 0) {
		diag_report(d, DIAG_CLI_BAD_MONTH, NULL, "%s", month);
		return -1;
	}
	if (db_query(db, "SELECT id FROM pay_run WHERE month = :month", NULL,
	             &p, 1, a, &runs, d) < 0 ||
	    db_query(db, sql_stored, NULL, &p, 1, a, &rows, d) < 0)
		return -1;
	*found = runs.nrows > 0;
	ls = arena_alloc(a, (rows.nrows + 1) * sizeof(*ls));
	for (i = 0; i < rows.nrows; i++) {
		ls[i].employee_id = db_read_text(&rd, i, 0);
		ls[i].employee_name = db_read_text(&rd, i, 1);
		ls[i].seq = (int)db_read_int(&rd, i, 2);
		ls[i].rule_code = db_read_text(&rd, i, 3);
		ls[i].name = db_read_text(&rd, i, 4);
		ls[i].category = db_read_text(&rd, i, 5);
		ls[i].basis = db_read_text(&rd, i, 6);
		ls[i].amount_fen = db_read_int(&rd, i, 7);
	}
	if (rd.bad)
		return -1;
	*out = ls;
	return (long)rows.nrows;
}
