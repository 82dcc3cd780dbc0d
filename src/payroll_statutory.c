/* SPDX-License-Identifier: MIT */
/*
 * Statutory deductions: social insurance and housing fund from the city's
 * rates and the employee's contribution base, and income tax by the
 * cumulative withholding method over the tax year's stored runs. Takes an
 * employee's computed slip and appends the deduction lines to it.
 */
#include "payroll.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "payroll_int.h"
#include "xmem.h"

/* ------------------------------------------------------------ the rules */

int
payroll_si(const struct payroll_si_rate *r, int64_t base_fen, struct arena *a,
           int64_t *amount_fen, const char **basis)
{
	struct buf b;
	int64_t base = base_fen, unit = r->round_fen > 0 ? r->round_fen : 1;
	__int128 n;

	/* The base is clamped to the city's floor and ceiling first. */
	if (base < r->base_min_fen)
		base = r->base_min_fen;
	if (base > r->base_max_fen)
		base = r->base_max_fen;
	/* base x rate, rounded once to the city's unit, then the fixed part. */
	n = (__int128)base * r->rate_bp;
	*amount_fen =
	    (int64_t)money_div_round(n, (__int128)MONEY_BP_PER_UNIT * unit) *
	        unit +
	    r->fixed_fen;
	if (*amount_fen > MONEY_MAX_FEN)
		return DIAG_PAY_OVERFLOW;
	buf_init(&b, 0);
	buf_adds(&b, "缴费基数 ");
	payroll_add_yuan(&b, base);
	if (base != base_fen) {
		buf_adds(&b, base > base_fen ? "（申报 " : "（申报 ");
		payroll_add_yuan(&b, base_fen);
		buf_adds(&b, base > base_fen ? "，按下限）" : "，按上限）");
	}
	buf_adds(&b, " × ");
	payroll_add_hundredths(&b, r->rate_bp);
	buf_addc(&b, '%');
	if (r->fixed_fen != 0) {
		buf_adds(&b, " + ");
		payroll_add_yuan(&b, r->fixed_fen);
	}
	if (unit == MONEY_FEN_PER_YUAN)
		buf_adds(&b, "（取整到元）");
	*basis = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return 0;
}

int
payroll_iit(const struct payroll_iit_input *in, struct arena *a,
            int64_t *tax_fen, const char **basis)
{
	struct buf b;
	int64_t deduct_fen = in->threshold_fen * in->months;
	int64_t taxable =
	    in->gross_fen - deduct_fen - in->special_fen - in->extra_fen;
	int64_t due = 0, cum;
	size_t i, k = 0;

	if (taxable < 0)
		taxable = 0;
	if (in->nbrackets == 0 || taxable > MONEY_MAX_FEN)
		return DIAG_PAY_OVERFLOW;
	/* The first bracket whose (inclusive) upper bound holds the income. */
	for (i = 0; i < in->nbrackets; i++) {
		k = i;
		if (!in->brackets[i].has_upto ||
		    taxable <= in->brackets[i].upto_fen)
			break;
	}
	if (money_apply_bp(taxable, in->brackets[k].rate_bp, &cum) < 0)
		return DIAG_PAY_OVERFLOW;
	cum -= in->brackets[k].quick_fen;
	if (cum < 0)
		cum = 0;
	due = cum - in->withheld_fen;
	/* No refund through payroll: a negative balance withholds 0. */
	*tax_fen = due > 0 ? due : 0;
	buf_init(&b, 0);
	buf_adds(&b, "累计收入 ");
	payroll_add_yuan(&b, in->gross_fen);
	buf_printf(&b, " − 减除费用 %d个月 × ", in->months);
	payroll_add_yuan(&b, in->threshold_fen);
	buf_adds(&b, " − 专项扣除 ");
	payroll_add_yuan(&b, in->special_fen);
	if (in->extra_fen != 0) {
		buf_adds(&b, " − 专项附加扣除 ");
		payroll_add_yuan(&b, in->extra_fen);
	}
	buf_adds(&b, " = 应纳税所得额 ");
	payroll_add_yuan(&b, taxable);
	buf_adds(&b, " × ");
	payroll_add_hundredths(&b, in->brackets[k].rate_bp);
	buf_addc(&b, '%');
	if (in->brackets[k].quick_fen != 0) {
		buf_adds(&b, " − 速算扣除数 ");
		payroll_add_yuan(&b, in->brackets[k].quick_fen);
	}
	buf_adds(&b, " = ");
	payroll_add_yuan(&b, cum);
	buf_adds(&b, " − 已预扣 ");
	payroll_add_yuan(&b, in->withheld_fen);
	if (due < 0)
		buf_adds(&b, "，不足部分不退，本月预扣0元");
	*basis = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return 0;
}

/* ------------------------------------------------------------ a run */

static const char sql_si_rates[] =
    "SELECT city, item, name, rate_bp, fixed_fen, base_min_fen,"
    " base_max_fen, round_fen FROM si_rate WHERE year = :year"
    " ORDER BY city, CASE item WHEN 'pension' THEN 1 WHEN 'medical' THEN 2"
    " WHEN 'unemployment' THEN 3 ELSE 4 END";
static const char sql_si_bases[] =
    "SELECT employee_id, base_fen FROM si_base WHERE year = :year"
    " ORDER BY employee_id";
static const char sql_brackets[] =
    "SELECT upto_fen, rate_bp, quick_fen FROM iit_bracket"
    " WHERE year_from = (SELECT max(year_from) FROM iit_bracket"
    " WHERE year_from <= :year) ORDER BY rate_bp";
static const char sql_threshold[] =
    "SELECT monthly_fen FROM iit_threshold WHERE year_from ="
    " (SELECT max(year_from) FROM iit_threshold WHERE year_from <= :year)";
/*
 * The last month an employee's year-to-date opening (iit_opening) covers,
 * or '': stored runs and deductions of those months are in the opening.
 */
#define OPENED(emp)                                                            \
	"coalesce((SELECT o.upto_month FROM iit_opening o"                     \
	" WHERE o.employee_id = " emp " AND o.year = :year"                    \
	" AND o.upto_month < :month), '')"

static const char sql_earlier[] =
    "SELECT s.employee_id, sum(s.gross_fen),"
    " sum((SELECT coalesce(sum(l.amount_fen), 0) FROM pay_line l"
    "  WHERE l.run_id = s.run_id AND l.employee_id = s.employee_id"
    "  AND l.rule_code IN ('si_pension', 'si_medical', 'si_unemployment',"
    "  'si_housing'))),"
    " sum((SELECT coalesce(sum(l.amount_fen), 0) FROM pay_line l"
    "  WHERE l.run_id = s.run_id AND l.employee_id = s.employee_id"
    "  AND l.rule_code = 'iit'))"
    " FROM pay_slip s JOIN pay_run r ON r.id = s.run_id"
    " WHERE r.month >= :jan AND r.month < :month"
    " AND r.month > " OPENED(
        "s.employee_id") " GROUP BY s.employee_id ORDER BY s.employee_id";
static const char sql_extra[] =
    "SELECT d.employee_id, sum(d.amount_fen) FROM iit_deduction d"
    " WHERE d.month >= :jan AND d.month <= :month"
    " AND d.month > " OPENED(
        "d.employee_id") " GROUP BY d.employee_id ORDER BY d.employee_id";
/* Year-to-date openings of the months before the first run in hrpress. */
static const char sql_openings[] =
    "SELECT employee_id, income_fen, si_fen, extra_fen, withheld_fen,"
    " months, CAST(substr(upto_month, 6, 2) AS INTEGER) FROM iit_opening"
    " WHERE year = :year AND upto_month < :month ORDER BY employee_id";
static const char sql_runs[] =
    "SELECT month FROM pay_run WHERE month >= :jan AND month < :month";

int
payroll_statutory_load(struct pay_run *run, struct pay_statutory *st)
{
	struct db_param p[3];
	struct db_rows br, th, runs;
	struct db_reader rd = {&br, "iit_bracket", run->d, 0};
	struct db_reader rt = {&th, "iit_threshold", run->d, 0};
	char jan[MONTH_TEXT], m[MONTH_TEXT];
	struct month k;
	size_t i, j = 0;

	st->m = run->m;
	month_format(month_tax_year_first(st->m), jan);
	p[0] = db_param_int("year", st->m.year);
	p[1] = db_param_text("jan", jan);
	p[2] = db_param_text("month", run->month);
	if (db_query(run->db, sql_si_rates, NULL, p, 1, run->a, &st->rates,
	             run->d) < 0 ||
	    db_query(run->db, sql_si_bases, NULL, p, 1, run->a, &st->bases,
	             run->d) < 0 ||
	    db_query(run->db, sql_brackets, NULL, p, 1, run->a, &br, run->d) <
	        0 ||
	    db_query(run->db, sql_threshold, NULL, p, 1, run->a, &th, run->d) <
	        0 ||
	    db_query(run->db, sql_earlier, NULL, p, 3, run->a, &st->earlier,
	             run->d) < 0 ||
	    db_query(run->db, sql_extra, NULL, p, 3, run->a, &st->extra,
	             run->d) < 0 ||
	    db_query(run->db, sql_openings, NULL, p, 3, run->a, &st->openings,
	             run->d) < 0 ||
	    db_query(run->db, sql_runs, NULL, p, 3, run->a, &runs, run->d) < 0)
		return -1;
	if (br.nrows == 0 || th.nrows == 0) {
		diag_report(run->d, DIAG_PAY_NO_RATES, NULL,
		            "no income tax table (iit_bracket, iit_threshold) "
		            "in force in %d",
		            st->m.year);
		return 0;
	}
	st->brackets = arena_alloc(run->a, br.nrows * sizeof(*st->brackets));
	st->nbrackets = br.nrows;
	for (i = 0; i < br.nrows; i++) {
		st->brackets[i].has_upto =
		    db_cell(&br, i, 0)->type != FMT_V_NULL;
		st->brackets[i].upto_fen = db_read_int(&rd, i, 0);
		st->brackets[i].rate_bp = db_read_int(&rd, i, 1);
		st->brackets[i].quick_fen = db_read_int(&rd, i, 2);
	}
	st->threshold_fen = db_read_int(&rt, 0, 0);
	/*
	 * Tax is cumulative over the year: an earlier month without a stored
	 * run counts as a month without wages. Say so, once per month.
	 */
	for (k = month_tax_year_first(st->m); k.month < st->m.month;
	     k.month++) {
		month_format(k, m);
		for (i = 0; i < runs.nrows; i++)
			if (strcmp(db_cell(&runs, i, 0)->s, m) == 0)
				break;
		/* a month the openings cover needs no run */
		for (j = 0; i == runs.nrows && j < st->openings.nrows; j++)
			if (db_cell(&st->openings, j, 6)->i >= k.month)
				break;
		if (i == runs.nrows && j == st->openings.nrows)
			diag_report(
			    run->d, DIAG_PAY_NO_RUN, NULL,
			    "%s: income tax of %s counts it as a month "
			    "without wages: run payroll for %s first, or, "
			    "if the store paid it before using hrpress, "
			    "import the year's figures so far (hrpress "
			    "import DB iit_opening FILE)",
			    m, run->month, m);
	}
	return rd.bad || rt.bad ? -1 : 0;
}

static const char sql_later[] =
    "SELECT month FROM pay_run WHERE month > :month AND month <= :dec"
    " ORDER BY month";

int
payroll_statutory_later(struct pay_run *run, const char **months)
{
	struct db_param p[2];
	struct db_rows rows;
	struct buf b;
	char dec[MONTH_TEXT];
	size_t i;

	*months = NULL;
	month_format(month_tax_year_last(run->m), dec);
	p[0] = db_param_text("month", run->month);
	p[1] = db_param_text("dec", dec);
	if (db_query(run->db, sql_later, NULL, p, 2, run->a, &rows, run->d) < 0)
		return -1;
	if (rows.nrows == 0)
		return 0;
	buf_init(&b, 0);
	for (i = 0; i < rows.nrows; i++) {
		const struct fmt_value *v = db_cell(&rows, i, 0);

		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, v->type == FMT_V_TEXT ? v->s : "?");
	}
	*months = arena_strdup(run->a, buf_cstr(&b));
	buf_free(&b);
	return 0;
}

/*
 * Column col of the row of employee id, from rows ordered by employee id
 * (each query above says ORDER BY employee_id, one row per employee):
 * a binary search, as a group has tens of thousands of employees.
 */
static int64_t
row_int(const struct db_rows *rows, const char *id, size_t col, int *found)
{
	size_t lo = 0, hi = rows->nrows;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = db_cell(rows, mid, 0)->s;
		int c = k != NULL ? strcmp(k, id) : -1;

		if (c == 0) {
			if (db_cell(rows, mid, col)->type != FMT_V_INT)
				return 0;
			*found = 1;
			return db_cell(rows, mid, col)->i;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static struct payroll_rule *
statutory_rule(struct arena *a, const char *code, const char *name)
{
	struct payroll_rule *r = arena_alloc(a, sizeof(*r));

	r->code = code;
	r->name = name;
	r->category = "deduction";
	r->calc = "fixed";
	r->category_kind = PAYROLL_DEDUCTION;
	return r;
}

static void
slip_add(struct arena *a, struct payroll_slip *s, const struct payroll_rule *r,
         int64_t amount, const char *basis, size_t cap)
{
	struct payroll_line *lines;

	/* The scheme's lines were sized for its rules: grow by copying. */
	lines = arena_alloc(a, (cap + 1) * sizeof(*lines));
	memcpy(lines, s->lines, s->nlines * sizeof(*lines));
	s->lines = lines;
	s->lines[s->nlines].rule = r;
	s->lines[s->nlines].amount_fen = amount;
	s->lines[s->nlines].basis = basis;
	s->nlines++;
	s->deduction_fen += amount;
	s->net_fen = s->gross_fen - s->deduction_fen;
}

/*
 * Append social insurance, housing fund and income tax to e's slip.
 * Returns 0, or a diag code with *what set.
 */
int
payroll_statutory_deduct(struct pay_run *run, const struct pay_statutory *st,
                         struct pay_emp *e, const char **what)
{
	static const char *const codes[] = {"si_pension", "si_medical",
	                                    "si_unemployment", "si_housing"};
	static const char *const items[] = {"pension", "medical",
	                                    "unemployment", "housing"};
	struct payroll_iit_input ti;
	struct payroll_si_rate r;
	const char *basis;
	int64_t base, amount, si = 0;
	int found, rows = 0, k;
	struct month hired;
	size_t i;

	base = row_int(&st->bases, e->id, 1, &found);
	for (i = 0; found && i < st->rates.nrows; i++) {
		const struct db_rows *t = &st->rates;

		if (e->city == NULL ||
		    strcmp(db_cell(t, i, 0)->s, e->city) != 0)
			continue;
		rows++;
		r.item = db_cell(t, i, 1)->s;
		r.name = db_cell(t, i, 2)->s;
		r.rate_bp = db_cell(t, i, 3)->i;
		r.fixed_fen = db_cell(t, i, 4)->i;
		r.base_min_fen = db_cell(t, i, 5)->i;
		r.base_max_fen = db_cell(t, i, 6)->i;
		r.round_fen = db_cell(t, i, 7)->i;
		if (payroll_si(&r, base, run->a, &amount, &basis) != 0)
			return payroll_overflow("social insurance", what);
		for (k = 0; k < 4; k++)
			if (strcmp(items[k], r.item) == 0)
				break;
		/* the schema's CHECK allows only items[]; never index past */
		if (k == 4)
			continue;
		slip_add(run->a, &e->slip,
		         statutory_rule(run->a, codes[k], r.name), amount,
		         basis, e->slip.nlines + 2);
		si += amount;
	}
	if (!found && e->city != NULL) {
		/* Rates for the city but no base: say so once per run. */
		for (i = 0; i < st->rates.nrows; i++)
			if (strcmp(db_cell(&st->rates, i, 0)->s, e->city) == 0)
				break;
		if (i < st->rates.nrows && run->nno_base++ < 5)
			run->no_base = run->no_base == NULL
			                   ? e->id
			                   : arena_printf(run->a, "%s, %s",
			                                  run->no_base, e->id);
	}
	if (found && rows == 0) {
		*what =
		    arena_printf(run->a, "no si_rate rows for city %s, year %d",
		                 e->city ? e->city : "", st->m.year);
		return DIAG_PAY_NO_RATES;
	}
	if (st->nbrackets == 0)
		return 0;
	memset(&ti, 0, sizeof(ti));
	ti.gross_fen =
	    e->slip.gross_fen + row_int(&st->earlier, e->id, 1, &found);
	ti.special_fen = si + row_int(&st->earlier, e->id, 2, &found);
	ti.withheld_fen = row_int(&st->earlier, e->id, 3, &found);
	ti.extra_fen = row_int(&st->extra, e->id, 1, &found);
	/* Months employed this year: from January or the hiring month. */
	ti.months = month_of_tax_year(st->m);
	if (month_parse_date(e->hire_date, &hired, NULL) == 0 &&
	    hired.year == st->m.year)
		ti.months =
		    month_of_tax_year(st->m) - month_of_tax_year(hired) + 1;
	/* Year-to-date figures from before hrpress (iit_opening). */
	ti.gross_fen += row_int(&st->openings, e->id, 1, &found);
	if (found) {
		ti.special_fen += row_int(&st->openings, e->id, 2, &found);
		ti.extra_fen += row_int(&st->openings, e->id, 3, &found);
		ti.withheld_fen += row_int(&st->openings, e->id, 4, &found);
		ti.months = (int)row_int(&st->openings, e->id, 5, &found) +
		            month_of_tax_year(st->m) -
		            (int)row_int(&st->openings, e->id, 6, &found);
	}
	ti.threshold_fen = st->threshold_fen;
	ti.brackets = st->brackets;
	ti.nbrackets = st->nbrackets;
	if (payroll_iit(&ti, run->a, &amount, &basis) != 0)
		return payroll_overflow("iit", what);
	slip_add(run->a, &e->slip, statutory_rule(run->a, "iit", "个人所得税"),
	         amount, basis, e->slip.nlines + 2);
	return 0;
}
