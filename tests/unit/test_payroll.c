/* SPDX-License-Identifier: MIT */
/*
 * Payroll engine tests: the 2015 sales scheme's worked example and tier
 * boundaries through the pure layer, then whole months computed and stored
 * in a scratch database loaded with src/schemes.sql and samples/schemes.sql.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "payroll.h"
#include "xmem.h"

/* ------------------------------------------------------------ fixtures */

/* The 2015 sales scheme, written out as rows the way schemes.sql has it. */
static const struct payroll_tier share_rows[] = {
	{ 0, 0, 0, "", NULL }, { 3000, 0, 3000, "", NULL }, { 4000, 0, 4000, "", NULL },
	{ 5000, 0, 5000, "", NULL }, { 6000, 0, 6000, "", NULL }, { 7000, 0, 7000, "", NULL },
	{ 8000, 0, 8000, "", NULL }, { 9000, 1, 8000, "reading #1", NULL },
	{ 10000, 0, 10000, "", NULL },
};
static const struct payroll_tier loan_rows[] = {
	{ 0, 0, 20000, "", NULL }, { 350000, 0, 30000, "", NULL },
};
static const struct payroll_tier_table tables[] = {
	{ "completion_share", share_rows, 9 },
	{ "loan_fee", loan_rows, 2 },
};

#define NONE { 0, 0 }
#define SET(x) { 1, (x) }

static const struct payroll_rule sales_rules[] = {
	{ .seq = 1, .code = "base", .name = "底薪", .category = "earning",
	  .calc = "measure", .measure = "base_fen", .measure_name = "底薪" },
	{ .seq = 2, .code = "perf", .name = "绩效工资", .category = "earning",
	  .calc = "tier_share", .measure = "perf_fen",
	  .tier_table = "completion_share", .tier_measure = "completion_bp",
	  .tier_measure_name = "任务完成率" },
	{ .seq = 3, .code = "ins_full", .name = "保险提成",
	  .category = "earning", .calc = "per_unit",
	  .measure = "full_cover_units", .amount_fen = SET(10000),
	  .cond_measure = "penetration_bp", .cond_max = SET(7000),
	  .measure_name = "五项全保台数", .cond_measure_name = "投保率" },
	{ .seq = 4, .code = "ins_all", .name = "保险提成",
	  .category = "earning", .calc = "per_unit",
	  .measure = "insured_units", .amount_fen = SET(10000),
	  .cond_measure = "penetration_bp", .cond_min = SET(7000),
	  .measure_name = "店内投保台数", .cond_measure_name = "投保率" },
	{ .seq = 5, .code = "loan_fee", .name = "按揭手续费提成",
	  .category = "earning", .calc = "per_item_tier",
	  .measure = "loan_fee_fen", .tier_table = "loan_fee",
	  .item_filter = "financed", .measure_name = "按揭手续费" },
	{ .seq = 6, .code = "acc", .name = "精品提成", .category = "earning",
	  .calc = "item_ratio", .measure = "acc_margin_fen",
	  .ratio_num = SET(1), .ratio_den = SET(3), .item_filter = "settled",
	  .measure_name = "精品毛利" },
	{ .seq = 7, .code = "award_120", .name = "超额奖", .category = "award",
	  .calc = "fixed", .amount_fen = SET(30000),
	  .cond_measure = "completion_bp", .cond_min = SET(12000),
	  .cond_measure_name = "任务完成率" },
	{ .seq = 8, .code = "award_top", .name = "销冠奖", .category = "award",
	  .calc = "fixed", .amount_fen = SET(30000),
	  .cond_measure = "sales_rank", .cond_min = SET(1),
	  .cond_max = SET(2), .cond_measure_name = "销量名次" },
};
#define NRULES (sizeof(sales_rules) / sizeof(sales_rules[0]))

/* A prepared copy of the sales rules. */
static struct payroll_rule *
prepared_rules(void)
{
	struct payroll_rule *r = xmalloc(sizeof(sales_rules));
	const char *why = NULL;
	size_t i;

	memcpy(r, sales_rules, sizeof(sales_rules));
	for (i = 0; i < NRULES; i++) {
		int rc = payroll_rule_prepare(&r[i], tables, 2, &why);
		if (rc != 0)
			fail_msg("rule %s: %s", r[i].code, why);
	}
	return r;
}

/* An employee with target cars and n settled showroom cars. */
struct person {
	struct payroll_input in;
	struct payroll_fact fact;
	struct payroll_item *items;
};

static void
person_init(struct person *p, int64_t target, size_t n)
{
	memset(p, 0, sizeof(*p));
	p->items = xcalloc(n + 1, sizeof(*p->items));
	for (size_t i = 0; i < n; i++)
		p->items[i].settled = 1;
	p->fact.measure = "units_target";
	p->fact.value = target;
	p->in.employee_id = "E0001";
	p->in.month = (struct month){2025, 3};
	p->in.base_fen = 120000;
	p->in.perf_fen = 300000;
	p->in.facts = &p->fact;
	p->in.nfacts = 1;
	p->in.items = p->items;
	p->in.nitems = n;
	p->in.sales_rank = 2;
}

static void
person_free(struct person *p)
{
	free(p->items);
}

/* Compute one rule for p; returns the amount, -1 when the rule is skipped. */
static int64_t
line(const struct payroll_rule *rules, const char *code,
    const struct person *p, struct arena *a, const char **basis)
{
	int64_t amount = 0;
	const char *what = NULL, *b = NULL;
	int applies = 0;
	size_t i;

	for (i = 0; i < NRULES; i++)
		if (strcmp(rules[i].code, code) == 0)
			break;
	assert_true(i < NRULES);
	assert_int_equal(payroll_line_compute(&rules[i], &p->in, a, &applies,
	    &amount, &b, &what), 0);
	if (basis)
		*basis = b;
	return applies ? amount : -1;
}

/* ------------------------------------------------------------ pure layer */

/*
 * The seed's example: base 1200, performance 3000, accessories commission
 * 1000 (a margin of 3000 on one car), target 10 cars.
 */
static void
test_worked_example(void **state)
{
	static const struct {
		size_t units;
		int64_t gross_fen;
	} cases[] = {
		{ 2, 220000 }, { 3, 310000 }, { 4, 340000 }, { 8, 460000 },
		{ 9, 460000 }, { 10, 520000 },
	};
	struct payroll_rule *rules = prepared_rules();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena *a = arena_new();
		struct person p;
		struct payroll_slip slip;
		const char *what = NULL;

		person_init(&p, 10, cases[i].units);
		p.items[0].acc_margin_fen = 300000;
		assert_int_equal(payroll_compute(rules, NRULES, &p.in, a,
		    &slip, &what), 0);
		assert_int_equal(slip.gross_fen, cases[i].gross_fen);
		assert_int_equal(slip.deduction_fen, 0);
		assert_int_equal(slip.net_fen, cases[i].gross_fen);
		/* base, perf, ins_full, loan_fee, acc; no award applies */
		assert_int_equal(slip.nlines, 5);
		assert_string_equal(slip.lines[1].rule->code, "perf");
		assert_string_equal(slip.lines[4].basis,
		    "精品毛利 3,000元 ÷ 3");
		assert_int_equal(slip.lines[4].amount_fen, 100000);
		person_free(&p);
		arena_free(a);
	}
	free(rules);
}

static void
test_perf_basis(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;

	(void)state;
	person_init(&p, 8, 6);
	assert_int_equal(line(rules, "perf", &p, a, &basis), 210000);
	assert_string_equal(basis,
	    "任务完成率 75.00%（6台 ÷ 8台）→ 发放70% × 3,000元");
	person_free(&p);
	/* 2 ÷ 3 = 66.666…%: shown floored, never rounded up */
	person_init(&p, 3, 2);
	assert_int_equal(line(rules, "perf", &p, a, &basis), 180000);
	assert_string_equal(basis,
	    "任务完成率 66.66%（2台 ÷ 3台）→ 发放60% × 3,000元");
	person_free(&p);
	/* below 30%: the line stays, with 0 */
	person_init(&p, 8, 2);
	assert_int_equal(line(rules, "perf", &p, a, &basis), 0);
	assert_string_equal(basis,
	    "任务完成率 25.00%（2台 ÷ 8台）→ 发放0% × 3,000元");
	person_free(&p);
	arena_free(a);
	free(rules);
}

/* Completion units / 10000 at the edges of each band. */
static void
test_tier_boundaries(void **state)
{
	static const struct {
		size_t units;
		int64_t perf_fen;	/* share of 3000 yuan */
		int award;		/* 超额奖 line present */
	} cases[] = {
		{ 2999, 0, 0 }, { 3000, 90000, 0 }, { 8999, 240000, 0 },
		{ 9000, 240000, 0 }, { 9001, 240000, 0 },
		{ 9999, 240000, 0 }, { 10000, 300000, 0 },
		{ 11999, 300000, 0 }, { 12000, 300000, 1 },
	};
	struct payroll_rule *rules = prepared_rules();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena *a = arena_new();
		struct person p;

		person_init(&p, 10000, cases[i].units);
		assert_int_equal(line(rules, "perf", &p, a, NULL),
		    cases[i].perf_fen);
		assert_int_equal(line(rules, "award_120", &p, a, NULL),
		    cases[i].award ? 30000 : -1);
		person_free(&p);
		arena_free(a);
	}
	free(rules);
}

static void
test_tier_find(void **state)
{
	const struct payroll_tier_table *t = &tables[0];

	(void)state;
	/* 90% itself is in the 80% band (lo 8000); 90.01% is the > 90% row */
	assert_int_equal(payroll_tier_find(t, 89990000, 10000), 6);
	assert_int_equal(payroll_tier_find(t, 90000000, 10000), 6);
	assert_int_equal(payroll_tier_find(t, 90010000, 10000), 7);
	assert_int_equal(payroll_tier_find(t, 99990000, 10000), 7);
	assert_int_equal(payroll_tier_find(t, 100000000, 10000), 8);
	assert_int_equal(payroll_tier_find(t, 29990000, 10000), 0);
	assert_int_equal(payroll_tier_find(t, 30000000, 10000), 1);
	/* exact rationals: 9 / 10 of a bp is not yet 1 bp past 9000 */
	assert_int_equal(payroll_tier_find(t, 90009, 10), 7);
	assert_int_equal(payroll_tier_find(t, 9000, 1), 6);
	/* a value below every row reaches none */
	assert_int_equal(payroll_tier_find(t, -1, 1), -1);
}

static void
test_loan_fee(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;

	(void)state;
	person_init(&p, 8, 4);
	p.items[0].financed = 1;
	p.items[0].loan_fee_fen = 349999;
	p.items[1].financed = 1;
	p.items[1].loan_fee_fen = 350000;
	p.items[2].financed = 1;
	p.items[2].loan_fee_fen = 500000;
	p.items[3].loan_fee_fen = 900000;	/* not financed: ignored */
	assert_int_equal(line(rules, "loan_fee", &p, a, &basis), 80000);
	assert_string_equal(basis,
	    "2台 × 300元（按揭手续费≥3,500元）+ 1台 × 200元");
	/* an unsettled car earns nothing */
	p.items[1].settled = 0;
	assert_int_equal(line(rules, "loan_fee", &p, a, &basis), 50000);
	person_free(&p);
	person_init(&p, 8, 1);
	assert_int_equal(line(rules, "loan_fee", &p, a, &basis), 0);
	assert_string_equal(basis, "0台");
	person_free(&p);
	arena_free(a);
	free(rules);
}

/* 6999 of 10000 cars insured is 69.99%; 7000 is 70%. */
static void
test_penetration(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;
	size_t i;

	(void)state;
	person_init(&p, 10000, 10000);
	for (i = 0; i < 6999; i++)
		p.items[i].insured = 1;
	for (i = 0; i < 500; i++)
		p.items[i].full_cover = 1;
	assert_int_equal(line(rules, "ins_full", &p, a, &basis), 5000000);
	assert_string_equal(basis, "投保率 69.99%（6999台 ÷ 10000台）"
	    "< 70%：500台 × 100元（五项全保台数）");
	assert_int_equal(line(rules, "ins_all", &p, a, NULL), -1);
	p.items[6999].insured = 1;
	assert_int_equal(line(rules, "ins_full", &p, a, NULL), -1);
	assert_int_equal(line(rules, "ins_all", &p, a, &basis), 70000000);
	assert_string_equal(basis, "投保率 70.00%（7000台 ÷ 10000台）"
	    "≥ 70%：7000台 × 100元（店内投保台数）");
	person_free(&p);
	/* no cars: penetration 0, the < 70% rule applies with 0 cars */
	person_init(&p, 8, 0);
	assert_int_equal(line(rules, "ins_full", &p, a, &basis), 0);
	assert_string_equal(basis,
	    "投保率 0.00% < 70%：0台 × 100元（五项全保台数）");
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_accessories_floor(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;

	(void)state;
	person_init(&p, 8, 2);
	p.items[0].acc_margin_fen = -50000;
	assert_int_equal(line(rules, "acc", &p, a, &basis), 0);
	assert_string_equal(basis, "精品毛利 0元 ÷ 3（1台为负，按0计）");
	/* a loss on one car does not eat into another car's margin */
	p.items[1].acc_margin_fen = 30000;
	assert_int_equal(line(rules, "acc", &p, a, &basis), 10000);
	assert_string_equal(basis, "精品毛利 300元 ÷ 3（1台为负，按0计）");
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_rounding(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;

	(void)state;
	person_init(&p, 8, 1);
	p.items[0].acc_margin_fen = 100;	/* 33.33… fen */
	assert_int_equal(line(rules, "acc", &p, a, &basis), 33);
	assert_string_equal(basis, "精品毛利 1元 ÷ 3");
	p.items[0].acc_margin_fen = 200;	/* 66.66… fen */
	assert_int_equal(line(rules, "acc", &p, a, NULL), 67);
	/* half a fen goes away from zero, once per line, not per car */
	rules[5].ratio_den.v = 2;
	p.items[0].acc_margin_fen = 1;
	assert_int_equal(line(rules, "acc", &p, a, NULL), 1);
	person_free(&p);
	person_init(&p, 8, 3);
	p.items[0].acc_margin_fen = 1;
	p.items[1].acc_margin_fen = 1;
	p.items[2].acc_margin_fen = 1;	/* 1.5 fen → 2, not 3 × 1 */
	assert_int_equal(line(rules, "acc", &p, a, NULL), 2);
	/* shares: 70% of 0.01 yuan is 0.7 fen → 1 */
	person_free(&p);
	person_init(&p, 8, 6);
	p.in.perf_fen = 1;
	assert_int_equal(line(rules, "perf", &p, a, NULL), 1);
	p.in.perf_fen = 12345;	/* 8641.5 → 8642 */
	assert_int_equal(line(rules, "perf", &p, a, &basis), 8642);
	assert_string_equal(basis,
	    "任务完成率 75.00%（6台 ÷ 8台）→ 发放70% × 123.45元");
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_rank(void **state)
{
	const int64_t units[] = { 5, 9, 5, 0, 9, 1 };
	const int64_t want[] = { 3, 1, 3, 0, 1, 5 };
	int64_t rank[6];
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;
	size_t i;

	(void)state;
	payroll_rank(units, 6, rank);
	for (i = 0; i < 6; i++)
		assert_int_equal(rank[i], want[i]);
	/* tied top sellers both earn the award; rank 0 never does */
	person_init(&p, 8, 9);
	p.in.sales_rank = 1;
	assert_int_equal(line(rules, "award_top", &p, a, &basis), 30000);
	assert_string_equal(basis, "本月销量第1名（9台）");
	p.in.sales_rank = 0;
	assert_int_equal(line(rules, "award_top", &p, a, NULL), -1);
	p.in.sales_rank = 2;
	assert_int_equal(line(rules, "award_top", &p, a, NULL), -1);
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_award_basis(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	const char *basis;

	(void)state;
	person_init(&p, 8, 10);
	assert_int_equal(line(rules, "award_120", &p, a, &basis), 30000);
	assert_string_equal(basis, "任务完成率 125.00%（10台 ÷ 8台）≥ 120%");
	/* completion above 100% is capped at the full share */
	assert_int_equal(line(rules, "perf", &p, a, NULL), 300000);
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_missing_target(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	struct payroll_slip slip;
	const char *what = NULL;

	(void)state;
	person_init(&p, 8, 3);
	p.in.nfacts = 0;
	assert_int_equal(payroll_compute(rules, NRULES, &p.in, a, &slip,
	    &what), DIAG_PAY_NO_FACTS);
	/* named once, though two rules need it */
	assert_string_equal(what, "units_target");
	p.in.nfacts = 1;
	p.fact.value = 0;
	assert_int_equal(payroll_compute(rules, NRULES, &p.in, a, &slip,
	    &what), DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "units_target is 0");
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_overflow(void **state)
{
	struct payroll_rule *rules = prepared_rules();
	struct arena *a = arena_new();
	struct person p;
	struct payroll_slip slip;
	const char *what = NULL;

	(void)state;
	person_init(&p, 8, 3);
	p.items[0].insured = p.items[1].insured = p.items[2].insured = 1;
	rules[3].amount_fen.v = INT64_C(3000000000000);	/* × 3 cars: ok */
	assert_int_equal(payroll_compute(rules, NRULES, &p.in, a, &slip,
	    &what), 0);
	rules[3].amount_fen.v = INT64_C(4000000000000);	/* × 3: too much */
	assert_int_equal(payroll_compute(rules, NRULES, &p.in, a, &slip,
	    &what), DIAG_PAY_OVERFLOW);
	assert_string_equal(what, "ins_all");
	person_free(&p);
	arena_free(a);
	free(rules);
}

static void
test_prepare_rejects(void **state)
{
	struct payroll_rule r;
	const char *why = NULL;

	(void)state;
	/* the unchanged rules pass (see prepared_rules); each change fails */
	r = sales_rules[1];
	r.tier_table = "missing";
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	assert_string_equal(why, "tier table has no rows");
	r = sales_rules[5];
	r.ratio_den.v = 0;
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	assert_string_equal(why, "ratio_den must be > 0");
	r = sales_rules[0];
	r.calc = "percent";
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[6];
	r.measure = "units";	/* fixed reads no measure */
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[2];
	r.measure = "loan_fee_fen";	/* an item field is no count */
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[4];
	r.measure = "units";	/* per_item_tier needs an item field */
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[7];
	r.cond_min.v = 2;	/* empty range [2, 2) */
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[7];
	r.cond_measure = NULL;	/* bounds without a measure */
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[1];
	r.tier_measure = "no_such_measure";
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[0];
	r.category = "bonus";
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), -1);
	r = sales_rules[0];
	assert_int_equal(payroll_rule_prepare(&r, tables, 2, &why), 0);
}

static void
test_yuan(void **state)
{
	char s[48];

	(void)state;
	assert_string_equal(payroll_yuan(300000, s, sizeof(s)), "3,000元");
	assert_string_equal(payroll_yuan(123450, s, sizeof(s)), "1,234.50元");
	assert_string_equal(payroll_yuan(0, s, sizeof(s)), "0元");
	assert_string_equal(payroll_yuan(5, s, sizeof(s)), "0.05元");
	assert_string_equal(payroll_yuan(123456789, s, sizeof(s)),
	    "1,234,567.89元");
}

/* Payslip text of a deduction: the stored (positive) amount, negated. */
static const char *
shown_deduction(int64_t amount_fen, struct buf *b)
{
	struct fmt_value v = { FMT_V_INT, -amount_fen, 0, NULL };
	const char *why = NULL;

	buf_reset(b);
	assert_int_equal(fmt_value(FMT_MONEY, &v, b, &why), 0);
	return buf_cstr(b);
}

static void
test_zero_deduction(void **state)
{
	static const struct payroll_iit_bracket br[] = {
		{ 1, 3600000, 300, 0 }, { 0, 0, 1000, 252000 },
	};
	struct payroll_iit_input in;
	struct arena *a = arena_new();
	struct buf b;
	const char *basis;
	int64_t tax = -1;

	(void)state;
	buf_init(&b, 0);
	/* income below the monthly threshold: no tax, and exactly 0 */
	memset(&in, 0, sizeof(in));
	in.gross_fen = 500000;
	in.months = 1;
	in.threshold_fen = 500000;
	in.special_fen = 87800;
	in.brackets = br;
	in.nbrackets = 2;
	assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
	assert_int_equal(tax, 0);
	assert_string_equal(shown_deduction(tax, &b), "0.00");
	/* more withheld than due: 0 again, never a negative (refund) line */
	in.gross_fen = 1500000;
	in.withheld_fen = 100000;
	assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
	assert_int_equal(tax, 0);
	assert_non_null(strstr(basis, "本月预扣0元"));
	assert_string_equal(shown_deduction(tax, &b), "0.00");
	/* a real deduction keeps its sign */
	in.withheld_fen = 0;
	assert_int_equal(payroll_iit(&in, a, &tax, &basis), 0);
	assert_int_equal(tax, 27366);
	assert_string_equal(shown_deduction(tax, &b), "-273.66");
	buf_free(&b);
	arena_free(a);
}

/* ------------------------------------------------------------ database */

struct dbfix {
	char path[64];
	struct db *db;
	struct diag *d;
};

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = xmalloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	s[n] = '\0';
	fclose(f);
	return s;
}

/*
 * The library of schemes and the sample's settings of them (src/schemes.sql
 * then samples/schemes.sql), found from the repository root or tests/unit.
 */
static char *
repo_sql(const char *name)
{
	static const char *const up[] = { "", "../", "../../" };
	size_t i;
	char *s, *path;

	for (i = 0; i < 3; i++) {
		path = xasprintf("%s%s", up[i], name);
		s = slurp(path);
		free(path);
		if (s != NULL)
			return s;
	}
	fail_msg("%s not found; run from the repository", name);
	return NULL;
}

static char *
schemes_sql(void)
{
	char *lib = repo_sql("src/schemes.sql");
	char *own = repo_sql("samples/schemes.sql");
	char *s = xasprintf("%s\n%s", lib, own);

	free(lib);
	free(own);
	return s;
}

/* A tiny dealership: two sellers, a clerk, two people not employed. */
static const char staff_sql[] =
    "INSERT INTO store (id, name, short_name) VALUES ('S1', '测试店', '测试');"
    "INSERT INTO department (id, store_id, name, sort) VALUES"
    " ('SALES', 'S1', '销售部', 1), ('ADMIN', 'S1', '行政部', 2);"
    "INSERT INTO position (id, department_id, title, scheme_id) VALUES"
    " ('SC', 'SALES', '销售顾问', 'SALES2015'),"
    " ('CLERK', 'ADMIN', '文员', 'FIXED');"
    "INSERT INTO employee (id, name, position_id, hire_date, leave_date,"
    " base_fen, perf_fen) VALUES"
    " ('E1', '甲', 'SC', '2020-01-01', NULL, 120000, 300000),"
    " ('E2', '乙', 'SC', '2021-05-01', NULL, 150000, 300000),"
    " ('E3', '丙', 'CLERK', '2025-03-31', NULL, 300000, 50000),"
    " ('E4', '丁', 'SC', '2019-01-01', '2025-02-28', 120000, 300000),"
    " ('E5', '戊', 'SC', '2025-04-01', NULL, 120000, 300000);"
    "INSERT INTO month_fact (employee_id, month, measure, value) VALUES"
    " ('E1', '2025-03', 'units_target', 8),"
    " ('E2', '2025-03', 'units_target', 8),"
    " ('E2', '2025-04', 'units_target', 8),"
    /* the clerk joined on Monday 31 March: 1 day of 21 worked */
    " ('E3', '2025-03', 'work_days', 21), ('E3', '2025-03', 'attend_days', 1),"
    " ('E3', '2025-04', 'work_days', 22), ('E3', '2025-04', 'attend_days', 22);"
    /* the inputs of the 上户/公证/抵押 lines: 0 unless said otherwise */
    "INSERT INTO month_fact (employee_id, month, measure, value)"
    " SELECT e.id, m.month, x.measure, 0 FROM employee e,"
    " (SELECT '2025-03' AS month UNION SELECT '2025-04') m,"
    " (SELECT 'reg_comm_fen' AS measure UNION SELECT 'notary_comm_fen'"
    "  UNION SELECT 'lien_comm_fen') x WHERE e.position_id = 'SC';"
    /* E1: 6 settled showroom cars, 1 unsettled, 1 network order */
    "INSERT INTO vehicle_sale (employee_id, month, sale_date, model,"
    " price_fen, channel, settled, insured, full_cover, financed,"
    " loan_fee_fen, acc_price_fen, acc_cost_fen) VALUES"
    " ('E1', '2025-03', '2025-03-02', 'A', 9000000, 'showroom', 1, 1, 1, 1,"
    "  350000, 200000, 100000),"
    " ('E1', '2025-03', '2025-03-03', 'A', 9000000, 'showroom', 1, 1, 1, 1,"
    "  200000, 80000, 30000),"
    " ('E1', '2025-03', '2025-03-04', 'A', 9000000, 'showroom', 1, 1, 1, 0,"
    "  0, 10000, 30000),"
    " ('E1', '2025-03', '2025-03-05', 'A', 9000000, 'showroom', 1, 1, 0, 0,"
    "  0, 0, 0),"
    " ('E1', '2025-03', '2025-03-06', 'A', 9000000, 'showroom', 1, 0, 0, 0,"
    "  0, 0, 0),"
    " ('E1', '2025-03', '2025-03-07', 'A', 9000000, 'showroom', 1, 0, 0, 1,"
    "  400000, 0, 0),"
    " ('E1', '2025-03', '2025-03-08', 'A', 9000000, 'showroom', 0, 1, 1, 1,"
    "  900000, 900000, 0),"
    " ('E1', '2025-03', '2025-03-09', 'A', 9000000, 'network', 1, 1, 1, 1,"
    "  900000, 900000, 0);"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
    " WHERE i < 10)"
    " INSERT INTO vehicle_sale (employee_id, month, sale_date, model,"
    " price_fen, insured) SELECT 'E2', '2025-03', '2025-03-10', 'B',"
    " 8000000, 1 FROM n;"
    "INSERT INTO vehicle_sale (employee_id, month, sale_date, model,"
    " price_fen) VALUES ('E2', '2025-04', '2025-04-01', 'B', 8000000);";

static int
db_setup(void **state)
{
	struct dbfix *f = xcalloc(1, sizeof(*f));
	char *sql;
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/test_payroll_XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	f->d = diag_new(NULL);
	f->db = db_open(f->path, DB_CREATE, f->d);
	assert_non_null(f->db);
	sql = schemes_sql();
	assert_int_equal(db_exec(f->db, sql, f->d), 0);
	free(sql);
	assert_int_equal(db_exec(f->db, staff_sql, f->d), 0);
	*state = f;
	return 0;
}

/* The same store on the library alone, without the sample's settings. */
static int
lib_setup(void **state)
{
	struct dbfix *f = xcalloc(1, sizeof(*f));
	char *sql;
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/test_payroll_XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	f->d = diag_new(NULL);
	f->db = db_open(f->path, DB_CREATE, f->d);
	assert_non_null(f->db);
	sql = repo_sql("src/schemes.sql");
	assert_int_equal(db_exec(f->db, sql, f->d), 0);
	free(sql);
	assert_int_equal(db_exec(f->db, staff_sql, f->d), 0);
	*state = f;
	return 0;
}

static int
db_teardown(void **state)
{
	struct dbfix *f = *state;

	db_close(f->db);
	diag_free(f->d);
	unlink(f->path);
	free(f);
	return 0;
}

static int64_t
scalar(struct dbfix *f, const char *sql)
{
	struct arena *a = arena_new();
	struct db_rows rows;
	int64_t v;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, a, &rows, f->d),
	    0);
	assert_int_equal(rows.nrows, 1);
	v = db_cell(&rows, 0, 0)->i;
	arena_free(a);
	return v;
}

struct want_line {
	const char *employee;
	int seq;
	const char *code;
	int64_t amount_fen;
	const char *basis;
};

static const struct want_line want_march[] = {
	{ "E1", 1, "base", 120000, "底薪 1,200元" },
	{ "E1", 2, "perf", 210000,
	  "任务完成率 75.00%（6台 ÷ 8台）→ 发放70% × 3,000元" },
	{ "E1", 3, "ins_full", 30000,
	  "投保率 66.66%（4台 ÷ 6台）< 70%：3台 × 100元（五项全保台数）" },
	{ "E1", 4, "loan_fee", 80000,
	  "2台 × 300元（按揭手续费≥3,500元）+ 1台 × 200元" },
	{ "E1", 5, "acc", 50000, "精品毛利 1,500元 ÷ 3（1台为负，按0计）" },
	{ "E2", 1, "base", 150000, "底薪 1,500元" },
	{ "E2", 2, "perf", 300000,
	  "任务完成率 125.00%（10台 ÷ 8台）→ 发放100% × 3,000元" },
	{ "E2", 3, "ins_all", 100000,
	  "投保率 100.00%（10台 ÷ 10台）≥ 70%：10台 × 100元（店内投保台数）" },
	{ "E2", 4, "loan_fee", 0, "0台" },
	{ "E2", 5, "acc", 0, "精品毛利 0元 ÷ 3" },
	{ "E2", 6, "award_120", 30000,
	  "任务完成率 125.00%（10台 ÷ 8台）≥ 120%" },
	{ "E2", 7, "award_top", 30000, "本月销量第1名（10台）" },
	/* (1 + 21.75 − 21) × 3,000 ÷ 21.75 = 241.379… and × 500 = 40.229…:
	 * a joiner on the month's last day is paid one day, not the month */
	{ "E3", 1, "base_part", 24138, "本月入职或离职：max(((min(实际出勤天数 "
	  "1天, 在职工作日 1天（2025-03-31入职）) = 1天) + 月计薪天数 21.75 − "
	  "应出勤天数 21天 = 1.75天) × 底薪 3,000元 ÷ 月计薪天数 21.75, 0元) = "
	  "241.38元" },
	{ "E3", 2, "perf_part", 4023, "本月入职或离职：max(((min(实际出勤天数 "
	  "1天, 在职工作日 1天（2025-03-31入职）) = 1天) + 月计薪天数 21.75 − "
	  "应出勤天数 21天 = 1.75天) × 绩效工资基数 500元 ÷ 月计薪天数 21.75, "
	  "0元) = 40.23元" },
};
#define NWANT (sizeof(want_march) / sizeof(want_march[0]))

static void
check_march(struct dbfix *f)
{
	struct arena *a = arena_new();
	struct db_rows rows;
	size_t i;

	assert_int_equal(db_query(f->db,
	    "SELECT employee_id, seq, rule_code, amount_fen, basis"
	    " FROM pay_line WHERE rule_code NOT IN ('bare', 'reg', 'notary',"
	    " 'lien', 'iit') ORDER BY employee_id, seq", NULL, NULL, 0, a,
	    &rows, f->d), 0);
	assert_int_equal(rows.nrows, NWANT);
	for (i = 0; i < NWANT; i++) {
		assert_string_equal(db_cell(&rows, i, 0)->s,
		    want_march[i].employee);
		assert_int_equal(db_cell(&rows, i, 1)->i, want_march[i].seq);
		assert_string_equal(db_cell(&rows, i, 2)->s,
		    want_march[i].code);
		assert_int_equal(db_cell(&rows, i, 3)->i,
		    want_march[i].amount_fen);
		assert_string_equal(db_cell(&rows, i, 4)->s,
		    want_march[i].basis);
	}
	arena_free(a);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_run"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_slip"), 3);
	/* bare/reg/notary/lien for each seller, income tax for everyone */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line"), 25);
	assert_int_equal(scalar(f, "SELECT sum(amount_fen) FROM pay_line"
	    " WHERE rule_code IN ('bare', 'reg', 'notary', 'lien', 'iit')"), 0);
	assert_int_equal(scalar(f, "SELECT gross_fen FROM pay_slip"
	    " WHERE employee_id = 'E1'"), 490000);
	assert_int_equal(scalar(f, "SELECT gross_fen FROM pay_slip"
	    " WHERE employee_id = 'E2'"), 610000);
	assert_int_equal(scalar(f, "SELECT sum(net_fen) FROM pay_slip"),
	    1128161);
	/* every slip's gross and deductions are the sums of its lines */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_slip s WHERE"
	    " gross_fen <> (SELECT sum(amount_fen) FROM pay_line l"
	    " WHERE l.run_id = s.run_id AND l.employee_id = s.employee_id"
	    " AND category <> 'deduction') OR deduction_fen <>"
	    " (SELECT sum(amount_fen) FROM pay_line l WHERE l.run_id ="
	    " s.run_id AND l.employee_id = s.employee_id"
	    " AND category = 'deduction')"), 0);
}

static void
check_summary(const struct payroll_summary *s)
{
	assert_string_equal(s->month, "2025-03");
	assert_int_equal(s->ndepts, 2);
	assert_string_equal(s->depts[0].department_id, "SALES");
	assert_string_equal(s->depts[0].department_name, "销售部");
	assert_int_equal(s->depts[0].headcount, 2);
	assert_int_equal(s->depts[0].gross_fen, 1100000);
	assert_int_equal(s->depts[0].net_fen, 1100000);
	assert_string_equal(s->depts[1].department_id, "ADMIN");
	assert_int_equal(s->depts[1].headcount, 1);
	assert_int_equal(s->depts[1].gross_fen, 28161);
	assert_int_equal(s->total.headcount, 3);
	assert_int_equal(s->total.gross_fen, 1128161);
	assert_int_equal(s->total.deduction_fen, 0);
	assert_int_equal(s->total.net_fen, 1128161);
}

/*
 * The library's per-model tables hold rows for every model (key ''): a car
 * of a model without rows of its own is paid by them, one with its own
 * rows only by those.
 */
static void
test_library_every_model(void **state)
{
	struct dbfix *f = *state;

	/* E1's six settled showroom cars at a 3,000 yuan bare-car margin */
	assert_int_equal(db_exec(f->db, "UPDATE vehicle_sale SET margin_fen ="
	    " 300000 WHERE employee_id = 'E1'", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'bare'"), 6 * 30000);
	/* model A gets its own table: 100 yuan from 1,000 yuan up */
	assert_int_equal(db_exec(f->db, "INSERT INTO tier (version_id,"
	    " table_code, key, lo, value) SELECT id, 'bare_car', 'A', 100000,"
	    " 10000 FROM scheme_version WHERE scheme_id = 'SALES2015'", f->d),
	    0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'bare'"), 6 * 10000);
	/* no library row is keyed: a new store can assign every scheme */
	assert_int_equal(scalar(f, "SELECT count(*) FROM tier t JOIN"
	    " scheme_version v ON v.id = t.version_id WHERE t.key <> ''"
	    " AND v.scheme_id <> 'SALES2008'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM scheme"), 13);
	/* the 2013 seniority step is the same for a full and a part month */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_rule r JOIN"
	    " pay_param p ON p.version_id = r.version_id AND p.code ="
	    " 'seniority_fen' WHERE r.code = 'seniority' AND r.amount_fen ="
	    " p.value"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_rule WHERE code"
	    " = 'seniority_part'"), 2);
	/* the policy text names the rows for every model */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_policy WHERE"
	    " position_id = '' AND rule_code IN ('net', 'car') AND text LIKE"
	    " '%未单列车型%'"), 3);
}

static void
test_run_month(void **state)
{
	struct dbfix *f = *state;
	struct payroll_summary *s = NULL;

	assert_int_equal(payroll_run(f->db, "2025-03", &s, f->d), 0);
	assert_int_equal(diag_errors(f->d), 0);
	assert_non_null(s);
	check_summary(s);
	payroll_summary_free(s);
	check_march(f);
	/* a second run replaces the month: same lines, no duplicates */
	assert_int_equal(payroll_run(f->db, "2025-03", &s, f->d), 0);
	check_summary(s);
	payroll_summary_free(s);
	check_march(f);
}

static void
test_bad_rule(void **state)
{
	struct dbfix *f = *state;
	struct payroll_summary *s = NULL;
	int64_t run_id;

	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	run_id = scalar(f, "SELECT id FROM pay_run");
	assert_int_equal(db_exec(f->db, "UPDATE pay_rule SET tier_table ="
	    " 'nope' WHERE code = 'perf' AND calc = 'tier_share'", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-03", &s, f->d), -1);
	/* the sellers could not be computed; the clerk could */
	assert_non_null(s);
	assert_int_equal(s->nfailed, 2);
	assert_string_equal(s->failed[0].employee_id, "E1");
	assert_string_equal(s->failed[0].reason, "invalid rule in its scheme");
	payroll_summary_free(s);
	assert_true(diag_has(f->d, DIAG_PAY_BAD_RULE));
	assert_non_null(strstr(diag_text(f->d),
	    "scheme SALES2015, version 2015-01, rule perf"));
	/* the earlier run is untouched */
	assert_int_equal(scalar(f, "SELECT id FROM pay_run"), run_id);
	check_march(f);
}

static void
test_missing_facts_db(void **state)
{
	struct dbfix *f = *state;

	/* April: E1 has no units_target, E2 has one */
	assert_int_equal(payroll_run(f->db, "2025-04", NULL, f->d), -1);
	assert_true(diag_has(f->d, DIAG_PAY_NO_FACTS));
	assert_non_null(strstr(diag_text(f->d),
	    "employee E1, 2025-04: missing data: 月销量目标"));
	assert_null(strstr(diag_text(f->d), "employee E2"));
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_run"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_slip"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line"), 0);
	/* with the fact supplied, April computes; E3 joined, E5 too */
	assert_int_equal(db_exec(f->db, "INSERT INTO month_fact VALUES"
	    " ('E1', '2025-04', 'units_target', 8),"
	    " ('E5', '2025-04', 'units_target', 4)", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-04", NULL, f->d), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_slip"), 4);
	/* E2 alone sold a car: top seller with 1 of 8 */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line"
	    " WHERE rule_code = 'award_top' AND employee_id = 'E2'"), 1);
}

/* --accept-missing keeps who was not paid with the run; a full run clears it */
static void
test_unpaid_stored(void **state)
{
	struct dbfix *f = *state;
	struct payroll_stored_line *lines;
	struct payroll_summary *s = NULL;
	struct arena *a = arena_new();
	long n;
	int found;

	assert_int_equal(payroll_run_accept(f->db, "2025-04", 1, &s, f->d), 0);
	assert_int_equal(s->nfailed, 2);
	payroll_summary_free(s);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_unpaid u JOIN"
	    " pay_run r ON r.id = u.run_id WHERE r.month = '2025-04' AND"
	    " u.employee_id IN ('E1', 'E5') AND u.reason LIKE"
	    " 'missing data: 月销量目标%'"), 2);
	/* the printed pages show the reason in Chinese */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_unpaid WHERE"
	    " reason_zh LIKE '缺少数据：月销量目标（请导入%'"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_slip WHERE"
	    " employee_id IN ('E1', 'E5')"), 0);
	/* payroll --format lists them after the lines, by id */
	n = payroll_stored(f->db, "2025-04", a, &lines, &found, f->d);
	assert_true(n >= 2);
	assert_true(found);
	assert_string_equal(lines[n - 2].employee_id, "E1");
	assert_string_equal(lines[n - 1].employee_id, "E5");
	assert_string_equal(lines[n - 1].category, "unpaid");
	assert_string_equal(lines[n - 1].name, PAYROLL_UNPAID_NAME);
	assert_int_equal(lines[n - 1].seq, 0);
	assert_int_equal(lines[n - 1].amount_fen, 0);
	assert_non_null(strstr(lines[n - 1].basis, "缺少数据：月销量目标（"));
	assert_null(strstr(lines[n - 1].basis, "missing"));
	assert_string_equal(lines[n - 3].category, "deduction");
	/* a second accepted run keeps only its own list */
	assert_int_equal(db_exec(f->db, "INSERT INTO month_fact VALUES"
	    " ('E1', '2025-04', 'units_target', 8)", f->d), 0);
	assert_int_equal(payroll_run_accept(f->db, "2025-04", 1, NULL, f->d),
	    0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_unpaid WHERE"
	    " employee_id = 'E5'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_unpaid"), 1);
	/* with every figure there, a normal run clears the list */
	assert_int_equal(db_exec(f->db, "INSERT INTO month_fact VALUES"
	    " ('E5', '2025-04', 'units_target', 4)", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-04", NULL, f->d), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_unpaid"), 0);
	n = payroll_stored(f->db, "2025-04", a, &lines, &found, f->d);
	assert_true(n > 0);
	assert_string_not_equal(lines[n - 1].category, "unpaid");
	arena_free(a);
}

static void
test_no_scheme(void **state)
{
	struct dbfix *f = *state;

	assert_int_equal(db_exec(f->db,
	    "UPDATE position SET scheme_id = NULL WHERE id = 'CLERK'", f->d),
	    0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), -1);
	assert_true(diag_has(f->d, DIAG_PAY_NO_SCHEME));
	assert_non_null(strstr(diag_text(f->d), "employee E3"));
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_run"), 0);
	/* before the version's valid_from nothing is in force */
	assert_int_equal(db_exec(f->db, "UPDATE employee SET hire_date ="
	    " '2014-06-01' WHERE id = 'E1'", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2014-12", NULL, f->d), -1);
	assert_non_null(strstr(diag_text(f->d),
	    "scheme SALES2015 has no version valid in 2014-12"));
}

/* How many times needle occurs in s. */
static int
count_text(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_later_runs(void **state)
{
	struct dbfix *f = *state;

	/* no later month stored: no warning */
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	assert_false(diag_has(f->d, DIAG_PAY_LATER_RUNS));
	/* runs of an earlier month, two later ones and next year's */
	assert_int_equal(db_exec(f->db, "INSERT INTO pay_run (month,"
	    " computed_at, generator) VALUES"
	    " ('2025-02', '2025-03-01T00:00:00Z', 'test'),"
	    " ('2025-12', '2026-01-01T00:00:00Z', 'test'),"
	    " ('2025-05', '2025-06-01T00:00:00Z', 'test'),"
	    " ('2026-01', '2026-02-01T00:00:00Z', 'test')", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	assert_int_equal(diag_errors(f->d), 0);
	assert_true(diag_has(f->d, DIAG_PAY_LATER_RUNS));
	/* exactly the later months of the same tax year, in order */
	assert_non_null(strstr(diag_text(f->d), "warning: later months of the"
	    " tax year used the old figures: 2025-05, 2025-12: their income"
	    " tax counts 2025-03 as it was before this run; run them again"
	    " in order\n"));
	assert_null(strstr(diag_text(f->d), "2026-01"));
	/* a warning only: the month is stored, the later runs untouched */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_run"), 5);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_slip s JOIN"
	    " pay_run r ON r.id = s.run_id WHERE r.month = '2025-03'"), 3);
	/* a failed run stores nothing, so it has nothing to warn about */
	assert_int_equal(payroll_run(f->db, "2025-04", NULL, f->d), -1);
	assert_true(diag_has(f->d, DIAG_PAY_NO_FACTS));
	assert_int_equal(count_text(diag_text(f->d), "used the old figures"),
	    1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_run"), 5);
}

/* The library's attendance and 2013 rules through a month's run. */
static void
test_library_attendance(void **state)
{
	struct dbfix *f = *state;

	/* The clerk left on Friday 14 March (10 weekdays employed) and the
	 * attendance of a full month was copied: (min(21, 10) + 21.75 − 21)
	 * × 3,000 ÷ 21.75 = 10.75 × 3,000 ÷ 21.75 = 1,482.7586… → 1,482.76,
	 * and × 500 = 247.126… → 247.13. */
	assert_int_equal(db_exec(f->db, "UPDATE employee SET hire_date ="
	    " '2020-01-01', leave_date = '2025-03-14' WHERE id = 'E3';"
	    "UPDATE month_fact SET value = 21 WHERE employee_id = 'E3'"
	    " AND measure = 'attend_days'", f->d), 0);
	/* E1 on the 2013 consultants' table, without a target: 6 settled
	 * cars at the < 60% amount, no mortgage extra, no stop. */
	assert_int_equal(db_exec(f->db, "UPDATE employee SET scheme_id ="
	    " 'SH2013', grade = 1 WHERE id = 'E1';"
	    "UPDATE month_fact SET value = 0 WHERE employee_id = 'E1'"
	    " AND measure = 'units_target';"
	    "INSERT INTO month_fact (employee_id, month, measure, value)"
	    " VALUES ('E1', '2025-03', 'work_days', 21),"
	    " ('E1', '2025-03', 'attend_days', 21),"
	    " ('E1', '2025-03', 'appraisal_x100', 10000),"
	    " ('E1', '2025-03', 'deco_comm_fen', 0),"
	    " ('E1', '2025-03', 'ins_comm_fen', 0),"
	    " ('E1', '2025-03', 'plate_comm_fen', 0),"
	    " ('E1', '2025-03', 'used_comm_fen', 0)", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E3' AND rule_code = 'base_part'"), 148276);
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E3' AND rule_code = 'perf_part'"), 24713);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E3' AND rule_code IN ('base', 'perf')"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E3' AND basis LIKE"
	    " '%在职工作日 10天（2025-03-14离职）%'"), 2);
	/* 6 cars × 150 (sedan, < 60%) × 100/100 = 900 */
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'car'"), 90000);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'car' AND basis LIKE"
	    " '已转正：任务完成率 0.00%（无指标）：%'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'mortgage'"), 0);
	/* a full month: 5 years × 50 × 21 ÷ 21 = 250 */
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'seniority'"), 25000);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'seniority_part'"), 0);
	/* E1 leaves on 14 March too: the 2013 post wage keeps its own
	 * attendance ratio, capped: min(21, 10) ÷ 21 × 1,000 = 476.19 */
	assert_int_equal(db_exec(f->db, "UPDATE employee SET leave_date ="
	    " '2025-03-14' WHERE id = 'E1'", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), 0);
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'post_part'"), 47619);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'post'"), 0);
	/* so is seniority pay, tied to attendance like the post wage:
	 * min(21, 10) ÷ 21 × 5 years × 50 = 119.05 */
	assert_int_equal(scalar(f, "SELECT amount_fen FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'seniority_part'"), 11905);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'seniority'"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_line WHERE"
	    " employee_id = 'E1' AND rule_code = 'seniority_part' AND basis"
	    " LIKE '%在职工作日 10天（2025-03-14离职）%× 工龄 5年 × 每满一年"
	    " 50元 = 119.05元'"), 1);
	/* The clerk's days are facts: without them he is not computed. */
	assert_int_equal(db_exec(f->db, "DELETE FROM month_fact WHERE"
	    " employee_id = 'E3' AND measure = 'work_days'", f->d), 0);
	assert_int_equal(payroll_run(f->db, "2025-03", NULL, f->d), -1);
	assert_non_null(strstr(diag_text(f->d), "employee E3, 2025-03"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_perf_basis),
		cmocka_unit_test(test_tier_boundaries),
		cmocka_unit_test(test_tier_find),
		cmocka_unit_test(test_loan_fee),
		cmocka_unit_test(test_penetration),
		cmocka_unit_test(test_accessories_floor),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_award_basis),
		cmocka_unit_test(test_missing_target),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_prepare_rejects),
		cmocka_unit_test(test_yuan),
		cmocka_unit_test(test_zero_deduction),
		cmocka_unit_test_setup_teardown(test_run_month, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_bad_rule, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_unpaid_stored, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_missing_facts_db,
		    db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_no_scheme, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_later_runs, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_library_every_model,
		    lib_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_library_attendance,
		    lib_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
