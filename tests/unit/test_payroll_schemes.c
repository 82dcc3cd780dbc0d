/* SPDX-License-Identifier: MIT */
/*
 * The later schemes through the pure layer: every worked example of the
 * domain brief (2008 structured salary and per-car tiers, the after-sales
 * profit bonus and service-advisor bonus, the income-tax example), tier
 * boundaries on both sides, twelve months of cumulative withholding and a
 * property test over random inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "payroll.h"
#include "xmem.h"

#define NONE { 0, 0 }
#define SET(x) { 1, (x) }

/* ------------------------------------------------------------ helpers */

static struct payroll_fact facts[16];
static size_t nfacts;

static void
fact(const char *m, int64_t v)
{
	facts[nfacts].measure = m;
	facts[nfacts].value = v;
	nfacts++;
}

static void
input(struct payroll_input *in)
{
	memset(in, 0, sizeof(*in));
	in->employee_id = "T1";
	in->month = (struct month){2025, 3};
	in->facts = facts;
	in->nfacts = nfacts;
	in->has_scorecard = 1;
}

/* Prepare r against tables and compute it; returns the amount. */
static int64_t
line(struct payroll_rule *r, const struct payroll_tier_table *t, size_t nt,
     const struct payroll_input *in, const char **basis)
{
	struct arena *a = arena_new();
	const char *why = NULL, *b, *what;
	int64_t amount;
	int applies;

	assert_int_equal(payroll_rule_prepare(r, t, nt, &why), 0);
	assert_int_equal(payroll_line_compute(r, in, a, &applies, &amount, &b,
	    &what), 0);
	assert_true(applies);
	if (basis != NULL)
		*basis = xstrdup(b);
	arena_free(a);
	return amount;
}

/* ------------------------------------------------------------ 2008 */

static struct payroll_term fixed80_terms[] = {
	{ 1, "add", "param", "month_days", NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
	{ 2, "sub", "measure", "work_days", NULL, 1, 1, NULL, 0, "应出勤天数", NULL, NULL },
	{ 3, "add", "measure", "attend_days", NULL, 1, 1, NULL, 0, "实际出勤天数", NULL, NULL },
	{ 4, "mul", "measure", "base_fen", NULL, 1, 1, NULL, 0, "工资", NULL, NULL },
	{ 5, "mul", "const", NULL, NULL, 80, 100, NULL, 0, NULL, NULL, NULL },
	{ 6, "div", "param", "month_days", NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
};
static struct payroll_term perf20_terms[] = {
	{ 1, "add", "measure", "base_fen", NULL, 1, 1, NULL, 0, "工资", NULL, NULL },
	{ 2, "mul", "const", NULL, NULL, 20, 100, NULL, 0, NULL, NULL, NULL },
	{ 3, "mul", "measure", "completion_bp", NULL, 1, 10000, NULL, 0, "完成率", NULL, NULL },
	{ 4, "mul", "measure", "kpi_attain_bp", NULL, 1, 10000, NULL, 0, "达标率", NULL, NULL },
};
static const struct payroll_param p2008[] = {
	{ "month_days", "月计薪天数", "count", 2175 },
	{ "ordinal_per_key", "分类计台次", "flag", 0 },
};

static void
test_2008_structured(void **state)
{
	struct payroll_rule f = { .code = "fixed80", .name = "固定",
	    .category = "earning", .calc = "formula", .terms = fixed80_terms,
	    .nterms = 6 };
	struct payroll_rule p = { .code = "perf20", .name = "绩效",
	    .category = "earning", .calc = "formula", .terms = perf20_terms,
	    .nterms = 4 };
	struct payroll_item cars[6];
	struct payroll_input in;
	const char *basis;
	int64_t fixed, perf;

	(void)state;
	nfacts = 0;
	fact("work_days", 21);
	fact("attend_days", 21);
	fact("units_target", 8);
	fact("kpi_attain_bp", 9000);
	input(&in);
	in.base_fen = 120000;
	in.params = p2008;
	in.nparams = 2;
	memset(cars, 0, sizeof(cars));
	for (int i = 0; i < 6; i++)
		cars[i].settled = 1;
	in.items = cars;
	in.nitems = 6; /* 6 of 8: 75% */
	/* 1200 x 80% at full attendance = 960; 240 x 75% x 90% = 162 */
	fixed = line(&f, NULL, 0, &in, &basis);
	assert_int_equal(fixed, 96000);
	/* the pooled days show before they multiply the pay */
	assert_string_equal(basis, "(月计薪天数 21.75 − 应出勤天数 21天 + "
	    "实际出勤天数 21天 = 21.75天) × 工资 1,200元 × 80% ÷ 月计薪天数 "
	    "21.75 = 960元");
	free((char *)basis);
	perf = line(&p, NULL, 0, &in, NULL);
	assert_int_equal(perf, 16200);
	assert_int_equal(fixed + perf, 112200); /* 1122 */
	/* one day absent: 960 - 960 / 21.75 = 915.86 */
	facts[1].value = 20;
	assert_int_equal(line(&f, NULL, 0, &in, NULL), 91586);
}

static const struct payroll_tier car_rows[] = {
	{ 1, 0, 20000, "", "A" }, { 11, 0, 25000, "", "A" },
	{ 16, 0, 30000, "", "A" }, { 1, 0, 15000, "", "B" },
	{ 11, 0, 20000, "", "B" }, { 16, 0, 25000, "", "B" },
};
static const struct payroll_tier_table car_table[] = {
	{ "car2008", car_rows, 6 },
};
static struct payroll_term attain_term[] = {
	{ 1, "mul", "measure", "kpi_attain_bp", NULL, 1, 10000, NULL, 0, "达标率", NULL, NULL },
};

static int64_t
cars_pay(int n, const char *cls, const char **basis)
{
	struct payroll_rule r = { .code = "car", .name = "单车提成",
	    .category = "earning", .calc = "per_item_tier",
	    .measure = "ordinal", .tier_table = "car2008",
	    .item_filter = "settled", .item_key = "class",
	    .terms = attain_term, .nterms = 1 };
	struct payroll_item *cars = xcalloc((size_t)n + 1, sizeof(*cars));
	struct payroll_input in;
	int64_t v;

	nfacts = 0;
	fact("kpi_attain_bp", 9000);
	input(&in);
	in.params = p2008;
	in.nparams = 2;
	for (int i = 0; i < n; i++) {
		cars[i].settled = 1;
		cars[i].car_class = cls;
	}
	in.items = cars;
	in.nitems = (size_t)n;
	v = line(&r, car_table, 1, &in, basis);
	free(cars);
	return v;
}

static void
test_2008_cars(void **state)
{
	const char *basis;

	(void)state;
	/* 12 B cars at 90%: (10 x 150 + 2 x 200) x 0.9 = 1710 */
	assert_int_equal(cars_pay(12, "B", &basis), 171000);
	assert_string_equal(basis, "B 10台 × 150元 + B 2台 × 200元（第11台起）"
	    " = 1,900元 × 达标率 90.00% = 1,710元");
	free((char *)basis);
	/* band edges on both sides: 10 | 11 and 15 | 16 */
	assert_int_equal(cars_pay(10, "A", NULL), 10 * 20000 * 9 / 10);
	assert_int_equal(cars_pay(11, "A", NULL), (10 * 20000 + 25000) * 9 / 10);
	assert_int_equal(cars_pay(15, "A", NULL),
	    (10 * 20000 + 5 * 25000) * 9 / 10);
	assert_int_equal(cars_pay(16, "A", NULL),
	    (10 * 20000 + 5 * 25000 + 30000) * 9 / 10);
}

/* ------------------------------------------------------------ after-sales */

static struct payroll_term profit_terms[] = {
	{ 1, "add", "measure", "net_profit_fen", NULL, 1, 1, NULL, 0, "净利润", NULL, NULL },
	{ 2, "mul", "const", NULL, NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
	{ 3, "mul", "param", "profit_factor_bp", NULL, 1, 10000, NULL, 0, NULL, NULL, NULL },
	{ 4, "mul", "measure", "profit_ach_bp", NULL, 1, 10000, NULL, 0, "完成率", NULL, NULL },
	{ 5, "mul", "measure", "appraisal_x100", NULL, 1, 10000, NULL, 0, "考核", NULL, NULL },
	{ 6, "mul", "measure", "scorecard_x100", NULL, 1, 10000, NULL, 0, "考核表", NULL, NULL },
};
static const struct payroll_param pprofit[] = {
	{ "profit_factor_bp", "系数", "bp", 10000 },
};

static void
test_profit_bonus(void **state)
{
	struct payroll_rule r = { .code = "profit_bonus", .name = "业绩奖金",
	    .category = "earning", .calc = "formula", .terms = profit_terms,
	    .nterms = 6 };
	struct payroll_fact store[] = { { "net_profit_fen", 20000000 },
	    { "profit_ach_bp", 10000 } };
	struct payroll_input in;

	(void)state;
	nfacts = 0;
	fact("appraisal_x100", 9000);
	input(&in);
	in.scorecard_x100 = 9500;
	in.store_facts = store;
	in.nstore_facts = 2;
	in.params = pprofit;
	in.nparams = 1;
	/* 200,000 x 1% x 1 x 100% x 90/100 x 95% = 1710 */
	assert_int_equal(line(&r, NULL, 0, &in, NULL), 171000);
}

static struct payroll_term sa_output[] = {
	{ 1, "add", "measure", "output_fen", NULL, 1, 1, NULL, 0, "产值", NULL, NULL },
	{ 2, "mul", "const", NULL, NULL, 2, 100, NULL, 0, NULL, NULL, NULL },
	{ 3, "mul", "measure", "output_ach_bp", NULL, 1, 10000, NULL, 0, "达成率", NULL, NULL },
	{ 4, "mul", "measure", "appraisal_x100", NULL, 1, 10000, NULL, 0, "考核", NULL, NULL },
	{ 5, "mul", "measure", "scorecard_x100", NULL, 1, 10000, NULL, 0, "考核表", NULL, NULL },
};
static struct payroll_term sa_orders[] = {
	{ 1, "add", "const", NULL, NULL, 200, 1, NULL, 0, NULL, NULL, NULL },
	{ 2, "mul", "measure", "work_orders", NULL, 1, 1, NULL, 0, "接车", NULL, NULL },
	{ 3, "mul", "measure", "appraisal_x100", NULL, 1, 10000, NULL, 0, "考核", NULL, NULL },
	{ 4, "mul", "measure", "scorecard_x100", NULL, 1, 10000, NULL, 0, "考核表", NULL, NULL },
};
static struct payroll_term sa_other[] = {
	{ 1, "mul", "measure", "scorecard_x100", NULL, 1, 10000, NULL, 0, "考核表", NULL, NULL },
};

static void
test_sa_bonus(void **state)
{
	struct payroll_rule r[] = {
		{ .code = "sa_output", .name = "产值", .category = "earning",
		  .calc = "formula", .terms = sa_output, .nterms = 5 },
		{ .code = "sa_orders", .name = "接车", .category = "earning",
		  .calc = "formula", .terms = sa_orders, .nterms = 4 },
		{ .code = "sa_other", .name = "养护用品", .category = "earning",
		  .calc = "measure", .measure = "other_comm_fen",
		  .terms = sa_other, .nterms = 1 },
	};
	struct payroll_input in;
	int64_t sum = 0;

	(void)state;
	nfacts = 0;
	fact("output_fen", 30000000);
	fact("output_ach_bp", 10000);
	fact("work_orders", 150);
	fact("appraisal_x100", 9000);
	/* the example's 800 of maintenance-product commission */
	fact("other_comm_fen", 80000);
	input(&in);
	in.scorecard_x100 = 9500;
	/* {[300,000 x 2% x 100% + 150 x 2] x 90/100 + 800} x 95% = 6146.50 */
	for (int i = 0; i < 3; i++)
		sum += line(&r[i], NULL, 0, &in, NULL);
	assert_int_equal(sum, 614650);
}

static const struct payroll_tier rate_rows[] = {
	{ 0, 0, 500, "", NULL }, { 50, 1, 600, "", NULL },
	{ 100, 1, 800, "", NULL }, { 200, 1, 1000, "", NULL },
};
static const struct payroll_tier cap_rows[] = {
	{ 0, 0, 0, "", NULL }, { 6000000, 0, 500, "", NULL },
	{ 8000000, 1, 600, "", NULL },
};
static const struct payroll_tier_table bottle_tables[] = {
	{ "bottle_rate", rate_rows, 4 }, { "bottle_cap", cap_rows, 3 },
};

/* Per-bottle rate for count y and output m (target missed). */
static int64_t
bottle_rate(int64_t y, int64_t m, int capped)
{
	struct payroll_term t[] = {
		{ 1, "add", "tier", "bottles", "bottle_rate", 1, 1, NULL, 0, NULL, NULL, NULL },
		{ 2, "min", "tier", "output_fen", "bottle_cap", 1, 1, NULL, 0, NULL, NULL, NULL },
	};
	struct payroll_rule r = { .code = "b", .name = "b",
	    .category = "earning", .calc = "formula", .terms = t,
	    .nterms = capped ? 2 : 1 };
	struct payroll_input in;

	nfacts = 0;
	fact("bottles", y);
	fact("output_fen", m);
	input(&in);
	return line(&r, bottle_tables, 2, &in, NULL);
}

static void
test_bottle_boundaries(void **state)
{
	(void)state;
	/* Y: <= 50 | 51, 100 | 101, 200 | 201 */
	assert_int_equal(bottle_rate(50, 0, 0), 500);
	assert_int_equal(bottle_rate(51, 0, 0), 600);
	assert_int_equal(bottle_rate(100, 0, 0), 600);
	assert_int_equal(bottle_rate(101, 0, 0), 800);
	assert_int_equal(bottle_rate(200, 0, 0), 800);
	assert_int_equal(bottle_rate(201, 0, 0), 1000);
	/* caps on m: < t2 | t2 .. t1 | > t1 (t1 = 8万, t2 = 6万) */
	assert_int_equal(bottle_rate(201, 5999999, 1), 0);
	assert_int_equal(bottle_rate(201, 6000000, 1), 500);
	assert_int_equal(bottle_rate(201, 8000000, 1), 500);
	assert_int_equal(bottle_rate(201, 8000001, 1), 600);
	/* a cap never raises a lower tier rate */
	assert_int_equal(bottle_rate(40, 8000001, 1), 500);
}

/* ------------------------------------------------------------ tax */

static const struct payroll_iit_bracket brackets[] = {
	{ 1, 3600000, 300, 0 }, { 1, 14400000, 1000, 252000 },
	{ 1, 30000000, 2000, 1692000 }, { 1, 42000000, 2500, 3192000 },
	{ 1, 66000000, 3000, 5292000 }, { 1, 96000000, 3500, 8592000 },
	{ 0, 0, 4500, 18192000 },
};

static void
test_iit_year(void **state)
{
	/*
	 * The tax authority's example: 30,000 a month, special deductions
	 * 4,500, special additional 2,000; taxable 18,500 a month.
	 * cumulative k x 18,500 -> rate, quick deduction -> cumulative tax:
	 *  1:  18,500 x  3%          =    555 ->  555
	 *  2:  37,000 x 10% - 2,520  =  1,180 ->  625
	 *  3:  55,500 x 10% - 2,520  =  3,030 -> 1,850
	 *  4:  74,000 -> 4,880; 5: 92,500 -> 6,730; 6: 111,000 -> 8,580;
	 *  7: 129,500 -> 10,430                  (each month 1,850)
	 *  8: 148,000 x 20% - 16,920 = 12,680 -> 2,250 (crosses 144,000)
	 *  9: 166,500 -> 16,380; 10: 185,000 -> 20,080;
	 * 11: 203,500 -> 23,780; 12: 222,000 -> 27,480 (each month 3,700)
	 */
	static const int64_t want[12] = { 55500, 62500, 185000, 185000,
	    185000, 185000, 185000, 225000, 370000, 370000, 370000, 370000 };
	struct payroll_iit_input in;
	struct arena *a = arena_new();
	const char *basis;
	int64_t tax, withheld = 0;

	(void)state;
	for (int k = 1; k <= 12; k++) {
		memset(&in, 0, sizeof(in));
		in.gross_fen = 3000000LL * k;
		in.months = k;
		in.threshold_fen = 500000;
		in.special_fen = 450000LL * k;
		in.extra_fen = 200000LL * k;
		in.withheld_fen = withheld;
		in.brackets = brackets;
		in.nbrackets = 7;
		assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
		assert_int_equal(tax, want[k - 1]);
		withheld += tax;
	}
	assert_int_equal(withheld, 2748000);
	/* boundary: 36,000 exactly is still 3% */
	memset(&in, 0, sizeof(in));
	in.gross_fen = 3600000 + 500000;
	in.months = 1;
	in.threshold_fen = 500000;
	in.brackets = brackets;
	in.nbrackets = 7;
	assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
	assert_int_equal(tax, 108000);
	in.gross_fen += 1; /* 36,000.01: 10% - 2,520 = 1,080.00 */
	assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
	assert_int_equal(tax, 108000);
	/* more withheld than due: 0, never negative */
	in.withheld_fen = 500000;
	assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
	assert_int_equal(tax, 0);
	assert_non_null(strstr(basis, "不足部分不退"));
	arena_free(a);
}

static void
test_si(void **state)
{
	struct payroll_si_rate r = { "medical", "医疗保险", 200, 300, 450000,
	    2250000, 1 };
	struct arena *a = arena_new();
	const char *basis;
	int64_t v;

	(void)state;
	/* 8,000 x 2% + 3 = 163 */
	assert_int_equal(payroll_si(&r, 800000, a, &v, &basis), 0);
	assert_int_equal(v, 16300);
	/* floor and ceiling */
	assert_int_equal(payroll_si(&r, 100000, a, &v, &basis), 0);
	assert_int_equal(v, 9000 + 300);
	assert_non_null(strstr(basis, "按下限"));
	assert_int_equal(payroll_si(&r, 9000000, a, &v, &basis), 0);
	assert_int_equal(v, 45000 + 300);
	/* rounded to the yuan: 7,777 x 7% = 544.39 -> 544 */
	r.rate_bp = 700;
	r.fixed_fen = 0;
	r.round_fen = 100;
	assert_int_equal(payroll_si(&r, 777700, a, &v, &basis), 0);
	assert_int_equal(v, 54400);
	arena_free(a);
}

/* ------------------------------------------------------------ property */

static uint64_t rng_state = 20250301;

static int64_t
rnd(int64_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int64_t)((rng_state >> 33) % (uint64_t)n);
}

static void
test_property(void **state)
{
	struct payroll_rule rules[] = {
		{ .code = "base", .name = "底薪", .category = "earning",
		  .calc = "measure", .measure = "base_fen" },
		{ .code = "cars", .name = "单车", .category = "earning",
		  .calc = "per_item_tier", .measure = "ordinal",
		  .tier_table = "car2008", .item_filter = "settled",
		  .item_key = "class", .terms = attain_term, .nterms = 1 },
		{ .code = "sa_output", .name = "产值", .category = "earning",
		  .calc = "formula", .terms = sa_output, .nterms = 5 },
		{ .code = "fine", .name = "罚款", .category = "deduction",
		  .calc = "measure", .measure = "other_comm_fen" },
	};
	struct payroll_rule prepared[4];
	struct payroll_item cars[40];
	struct payroll_input in;
	struct payroll_slip slip;
	const char *why, *what;
	int64_t last = -1;

	(void)state;
	for (int i = 0; i < 4; i++) {
		prepared[i] = rules[i];
		assert_int_equal(payroll_rule_prepare(&prepared[i], car_table,
		    1, &why), 0);
	}
	for (int round = 0; round < 500; round++) {
		struct arena *a = arena_new();
		int64_t gross = 0, ded = 0;
		int n = (int)rnd(40);

		nfacts = 0;
		fact("kpi_attain_bp", rnd(10001));
		fact("output_fen", rnd(50000000));
		fact("output_ach_bp", rnd(15000));
		fact("appraisal_x100", rnd(10001));
		fact("other_comm_fen", rnd(50000));
		input(&in);
		in.base_fen = rnd(2000000);
		in.scorecard_x100 = rnd(10001);
		memset(cars, 0, sizeof(cars));
		for (int i = 0; i < n; i++) {
			cars[i].settled = rnd(5) != 0;
			cars[i].car_class = rnd(2) ? "A" : "B";
		}
		in.items = cars;
		in.nitems = (size_t)n;
		assert_int_equal(payroll_compute(prepared, 4, &in, a, &slip,
		    &what), 0);
		for (size_t i = 0; i < slip.nlines; i++) {
			const struct payroll_line *l = &slip.lines[i];

			if (l->rule->category_kind == PAYROLL_DEDUCTION)
				ded += l->amount_fen;
			else {
				assert_true(l->amount_fen >= 0);
				gross += l->amount_fen;
			}
		}
		assert_int_equal(slip.gross_fen, gross);
		assert_int_equal(slip.deduction_fen, ded);
		assert_int_equal(slip.net_fen, gross - ded);
		arena_free(a);
	}
	/* per-car pay never falls as the cars increase (same attainment) */
	for (int n = 0; n < 30; n++) {
		int64_t v = cars_pay(n, n % 2 ? "A" : "A", NULL);

		assert_true(v >= last);
		last = v;
	}
	/* tier lookups are monotone in the value */
	for (int64_t y = 0, prev = 0; y < 300; y++) {
		int k = payroll_tier_find(&bottle_tables[0], y, 1);
		int64_t r = bottle_tables[0].tiers[k].value;

		assert_true(r >= prev);
		prev = r;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2008_structured),
		cmocka_unit_test(test_2008_cars),
		cmocka_unit_test(test_profit_bonus),
		cmocka_unit_test(test_sa_bonus),
		cmocka_unit_test(test_bottle_boundaries),
		cmocka_unit_test(test_iit_year),
		cmocka_unit_test(test_si),
		cmocka_unit_test(test_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
