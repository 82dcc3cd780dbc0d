/* SPDX-License-Identifier: MIT */
/*
 * Pay rules that depend on attendance and employment dates, figures
 * received ready-made, consultants without a target, and basis texts that
 * show every intermediate value. Each amount is worked out by hand in the
 * comment above its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "month.h"
#include "payroll.h"
#include "xmem.h"

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
input(struct payroll_input *in, const char *month)
{
	memset(in, 0, sizeof(*in));
	in->employee_id = "T1";
	assert_int_equal(month_parse(month, &in->month), 0);
	in->facts = facts;
	in->nfacts = nfacts;
	in->has_scorecard = 1;
}

/* Prepare r and compute it: 0 and the amount, or the diag code. */
static int
compute(struct payroll_rule *r, const struct payroll_tier_table *t, size_t nt,
        const struct payroll_input *in, int64_t *amount, char **basis,
        const char **what)
{
	struct arena *a = arena_new();
	const char *why = NULL, *b = NULL;
	int applies = 0, rc;

	*basis = NULL;
	assert_int_equal(payroll_rule_prepare(r, t, nt, &why), 0);
	rc = payroll_line_compute(r, in, a, &applies, amount, &b, what);
	if (rc == 0) {
		assert_true(applies);
		*basis = xstrdup(b != NULL ? b : "");
	} else
		*what = *what != NULL ? xstrdup(*what) : NULL;
	arena_free(a);
	return rc;
}

static int64_t
line(struct payroll_rule *r, const struct payroll_tier_table *t, size_t nt,
     const struct payroll_input *in, char **basis)
{
	const char *what = NULL;
	int64_t amount = -1;

	assert_int_equal(compute(r, t, nt, in, &amount, basis, &what), 0);
	return amount;
}

static const struct payroll_param days_params[] = {
	{ "month_days", "月计薪天数", "count", 2175 },
};

/* ------------------------------------------------------------ attendance */

/* Full month: (21.75 − days due + days worked) × base ÷ 21.75, >= 0. */
static struct payroll_term full_month[] = {
	{ 1, "add", "param", "month_days", NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
	{ 2, "sub", "measure", "work_days", NULL, 1, 1, NULL, 0, "应出勤天数", NULL, NULL },
	{ 3, "add", "measure", "attend_days", NULL, 1, 1, NULL, 0, "实际出勤天数", NULL, NULL },
	{ 4, "mul", "measure", "base_fen", NULL, 1, 1, NULL, 0, "底薪", NULL, NULL },
	{ 5, "div", "param", "month_days", NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
	{ 6, "max", "const", NULL, NULL, 0, 1, NULL, 0, NULL, NULL, NULL },
};

/*
 * Joiner or leaver: the same deduction, the days worked capped at the
 * weekdays employed: (min(worked, employed) + 21.75 − days due) × base ÷
 * 21.75, >= 0. The days before joining or after leaving are days missed.
 */
static struct payroll_term part_month[] = {
	{ 1, "add", "measure", "attend_days", NULL, 1, 1, NULL, 0, "实际出勤天数", NULL, NULL },
	{ 2, "min", "measure", "employed_workdays", NULL, 1, 1, NULL, 0, "在职工作日", NULL, NULL },
	{ 3, "add", "param", "month_days", NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
	{ 4, "sub", "measure", "work_days", NULL, 1, 1, NULL, 0, "应出勤天数", NULL, NULL },
	{ 5, "mul", "measure", "base_fen", NULL, 1, 1, NULL, 0, "底薪", NULL, NULL },
	{ 6, "div", "param", "month_days", NULL, 1, 100, NULL, 0, NULL, NULL, NULL },
	{ 7, "max", "const", NULL, NULL, 0, 1, NULL, 0, NULL, NULL, NULL },
};

static void
test_unpaid_leave(void **state)
{
	struct payroll_rule r = { .code = "base", .name = "底薪",
	    .category = "earning", .calc = "formula", .terms = full_month,
	    .nterms = 6, .cond_measure = "part_month", .cond_max = { 1, 1 } };
	struct payroll_input in;
	char *basis;

	(void)state;
	nfacts = 0;
	fact("work_days", 22);
	fact("attend_days", 18);
	input(&in, "2025-04");
	in.base_fen = 300000;
	in.hire_date = "2020-03-01";
	in.params = days_params;
	in.nparams = 1;
	/* 4 days of unpaid leave: (21.75 − 22 + 18) × 3,000 ÷ 21.75
	 * = 17.75 × 3,000 ÷ 21.75 = 2,448.2758… → 2,448.28 */
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 244828);
	assert_string_equal(basis, "整月在职：max((月计薪天数 21.75 − 应出勤天数 "
	    "22天 + 实际出勤天数 18天 = 17.75天) × 底薪 3,000元 ÷ 月计薪天数 "
	    "21.75, 0元) = 2,448.28元");
	free(basis);
	/* full attendance in a 22-day month is the whole base: 3,000 */
	facts[1].value = 22;
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 300000);
	free(basis);
	/* more absent days than 21.75 pay nothing, never a negative line */
	facts[0].value = 23;
	facts[1].value = 0;
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 0);
	free(basis);
}

static void
test_joiner_leaver(void **state)
{
	struct payroll_rule r = { .code = "base_part", .name = "底薪",
	    .category = "earning", .calc = "formula", .terms = part_month,
	    .nterms = 7, .cond_measure = "part_month", .cond_min = { 1, 1 } };
	struct payroll_rule whole = { .code = "base", .name = "底薪",
	    .category = "earning", .calc = "formula", .terms = full_month,
	    .nterms = 6, .cond_measure = "part_month", .cond_max = { 1, 1 } };
	struct payroll_input in;
	char *basis;
	int64_t n, d;
	const char *what;

	(void)state;
	nfacts = 0;
	fact("work_days", 22);
	fact("attend_days", 15);
	input(&in, "2025-04");
	in.base_fen = 300000;
	in.params = days_params;
	in.nparams = 1;
	/* April 2025 starts on a Tuesday: 22 weekdays. Joining on Thursday
	 * the 10th leaves 10, 11, 14–18, 21–25, 28–30 = 15 weekdays. */
	in.hire_date = "2025-04-10";
	assert_int_equal(payroll_measure(&in, "employed_workdays", &n, &d,
	    &what), 0);
	assert_int_equal(n, 15);
	assert_int_equal(payroll_measure(&in, "part_month", &n, &d, &what), 0);
	assert_int_equal(n, 1);
	/* (15 + 21.75 − 22) × 3,000 ÷ 21.75 = 14.75 × 3,000 ÷ 21.75
	 * = 2,034.4827… → 2,034.48 */
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 203448);
	assert_string_equal(basis, "本月入职或离职：max(((min(实际出勤天数 15天, "
	    "在职工作日 15天（2025-04-10入职）) = 15天) + 月计薪天数 21.75 − "
	    "应出勤天数 22天 = 14.75天) × 底薪 3,000元 ÷ 月计薪天数 21.75, 0元) "
	    "= 2,034.48元");
	free(basis);
	/* The whole-month rule does not apply to a joiner. */
	{
		struct arena *a = arena_new();
		const char *why, *b;
		int applies = 1;
		int64_t amt;

		assert_int_equal(payroll_rule_prepare(&whole, NULL, 0, &why),
		    0);
		assert_int_equal(payroll_line_compute(&whole, &in, a, &applies,
		    &amt, &b, &why), 0);
		assert_false(applies);
		arena_free(a);
	}
	/* A leaver on Tuesday the 15th: 1–4, 7–11, 14, 15 = 11 weekdays.
	 * The attendance copied from a full month (22) is capped there:
	 * (11 + 21.75 − 22) × 3,000 ÷ 21.75 = 1,482.7586… → 1,482.76 */
	in.hire_date = "2019-06-01";
	in.leave_date = "2025-04-15";
	facts[1].value = 22;
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 148276);
	assert_non_null(basis);
	assert_non_null(strstr(basis != NULL ? basis : "",
	    "在职工作日 11天（2025-04-15离职）"));
	free(basis);
	/* Left on the last day, hired long ago: a whole month. */
	in.leave_date = "2025-04-30";
	assert_int_equal(payroll_measure(&in, "part_month", &n, &d, &what), 0);
	assert_int_equal(n, 0);
	assert_int_equal(payroll_measure(&in, "employed_workdays", &n, &d,
	    &what), 0);
	assert_int_equal(n, 22);
	/* Joined on Thursday 2025-01-02, the first working day after New
	 * Year, in a month of 19 working days; 17 worked (22 weekdays
	 * employed). (17 + 21.75 − 19) × 3,500 ÷ 21.75 = 19.75 × 3,500 ÷
	 * 21.75 = 3,178.1609… → 3,178.16: exactly what someone employed all
	 * month who missed 2 days gets, (21.75 − 19 + 17) × 3,500 ÷ 21.75. */
	in.month = (struct month){2025, 1};
	in.hire_date = "2025-01-02";
	in.leave_date = NULL;
	in.base_fen = 350000;
	facts[0].value = 19;
	facts[1].value = 17;
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 317816);
	assert_non_null(basis);
	assert_non_null(strstr(basis != NULL ? basis : "",
	    "在职工作日 22天（2025-01-02入职）"));
	free(basis);
	in.hire_date = "2020-01-02";
	assert_int_equal(line(&whole, NULL, 0, &in, &basis), 317816);
	free(basis);
	in.hire_date = "2025-01-02";
	/* A date that is not one stops the employee, naming the field. */
	in.hire_date = "2025-13-02";
	what = NULL;
	assert_int_equal(compute(&r, NULL, 0, &in, &n, &basis, &what),
	    DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "hire_date");
	free((char *)what);
}

/* ------------------------------------------------------------ DMS inputs */

static const struct payroll_tier share_rows[] = {
	{ 0, 0, 0, "", NULL }, { 3000, 0, 3000, "", NULL },
	{ 8000, 0, 8000, "", NULL }, { 9000, 1, 8000, "", NULL },
	{ 10000, 0, 10000, "", NULL },
};
static const struct payroll_tier_table share_table[] = {
	{ "completion_share", share_rows, 5 },
};

static void
test_dms_inputs(void **state)
{
	struct payroll_rule perf = { .code = "perf", .name = "绩效工资",
	    .category = "earning", .calc = "tier_share", .measure = "perf_fen",
	    .tier_table = "completion_share", .tier_measure = "completion_in_bp",
	    .tier_measure_name = "完成率" };
	struct payroll_rule comm = { .code = "car", .name = "整车提成",
	    .category = "earning", .calc = "measure",
	    .measure = "vehicle_comm_fen", .measure_name = "整车提成" };
	struct payroll_term out_terms[] = {
		{ 1, "add", "measure", "routine_output_fen", NULL, 1, 1, NULL, 0, "日常维修产值", NULL, NULL },
		{ 2, "add", "measure", "accident_output_fen", NULL, 1, 1, NULL, 0, "事故车维修产值", NULL, NULL },
		{ 3, "mul", "const", NULL, NULL, 2, 100, NULL, 0, NULL, NULL, NULL },
	};
	struct payroll_rule out = { .code = "sa_output", .name = "产值提成",
	    .category = "earning", .calc = "formula", .terms = out_terms,
	    .nterms = 3 };
	struct payroll_input in;
	char *basis;

	(void)state;
	nfacts = 0;
	fact("completion_in_bp", 9250);
	fact("vehicle_comm_fen", 456780);
	fact("routine_output_fen", 18000000);
	fact("accident_output_fen", 4000000);
	input(&in, "2025-04");
	in.perf_fen = 300000;
	/* 92.50% given by the DMS is above 90%: 80% × 3,000 = 2,400; no
	 * cars are needed, and units_target is not read. */
	assert_int_equal(line(&perf, share_table, 1, &in, &basis), 240000);
	assert_string_equal(basis, "完成率 92.50%（DMS 提供）→ 发放80% × "
	    "3,000元");
	free(basis);
	/* A scheme that derives the rate takes the DMS figure when the
	 * month has one: the same 80%, no target needed. */
	perf.tier_measure = "completion_bp";
	perf.tier_measure_name = "任务完成率";
	assert_int_equal(line(&perf, share_table, 1, &in, &basis), 240000);
	assert_string_equal(basis, "任务完成率 92.50%（DMS 提供）→ 发放80% × "
	    "3,000元");
	free(basis);
	/* a commission amount received ready-made is paid as it is */
	assert_int_equal(line(&comm, NULL, 0, &in, &basis), 456780);
	assert_string_equal(basis, "整车提成 4,567.80元（DMS 提供）");
	free(basis);
	/* A scheme that reads the output takes the two figures when the
	 * output itself was not imported: 220,000 × 2% = 4,400. */
	{
		struct payroll_term o[] = {
			{ 1, "add", "measure", "output_fen", NULL, 1, 1, NULL, 0, "个人产值", NULL, NULL },
			{ 2, "mul", "const", NULL, NULL, 2, 100, NULL, 0, NULL, NULL, NULL },
		};
		struct payroll_rule ro = { .code = "sa_output",
		    .name = "产值提成", .category = "earning",
		    .calc = "formula", .terms = o, .nterms = 2 };

		assert_int_equal(line(&ro, NULL, 0, &in, &basis), 440000);
		assert_string_equal(basis, "个人产值 220,000元（日常维修 "
		    "180,000元 + 事故车维修 40,000元，DMS 提供） × 2% = "
		    "4,400元");
		free(basis);
	}
	/* routine 180,000 + accident 40,000 = 220,000 × 2% = 4,400 */
	assert_int_equal(line(&out, NULL, 0, &in, &basis), 440000);
	assert_string_equal(basis, "(日常维修产值 180,000元（DMS 提供） + "
	    "事故车维修产值 40,000元（DMS 提供） = 220,000元) × 2% = 4,400元");
	free(basis);
}

/* ------------------------------------------------------------ no target */

static const struct payroll_tier car_rows[] = {
	{ 0, 0, 15000, "", "S5" }, { 6000, 0, 18000, "", "S5" },
	{ 10000, 0, 30000, "", "S5" },
};
static const struct payroll_tier_table car_table[] = {
	{ "car_t1", car_rows, 3 },
};

static void
test_no_target(void **state)
{
	struct payroll_rule car = { .code = "car", .name = "整车提成",
	    .category = "earning", .calc = "per_item_tier",
	    .measure = "price_fen", .tier_table = "car_t1",
	    .tier_measure = "completion_bp", .item_key = "model",
	    .tier_measure_name = "任务完成率" };
	struct payroll_rule mortgage = { .code = "mortgage", .name = "按揭提成",
	    .category = "earning", .calc = "per_unit",
	    .measure = "financed_units", .amount_fen = { 1, 30000 },
	    .cond_measure = "units_target", .cond_min = { 1, 1 } };
	static const struct payroll_param no_target[] = {
		{ "no_target_completion_bp", "无指标时的完成率", "bp", 0 },
	};
	struct payroll_item cars[2];
	struct payroll_input in;
	const char *what = NULL;
	char *basis;
	int64_t amount;
	struct arena *a;
	int applies = 1;

	(void)state;
	nfacts = 0;
	fact("units_target", 0);
	input(&in, "2025-04");
	memset(cars, 0, sizeof(cars));
	cars[0].settled = cars[1].settled = 1;
	cars[0].model = cars[1].model = "S5";
	cars[0].financed = 1;
	in.items = cars;
	in.nitems = 2;
	/* Without the version's reading, no target stops the employee. */
	assert_int_equal(compute(&car, car_table, 1, &in, &amount, &basis,
	    &what), DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "units_target is 0");
	free((char *)what);
	/* With it, no target reads as 0%: 2 cars × 150 = 300. */
	in.params = no_target;
	in.nparams = 1;
	assert_int_equal(line(&car, car_table, 1, &in, &basis), 30000);
	assert_string_equal(basis, "任务完成率 0.00%（无指标）：S5 2台 × 150元");
	free(basis);
	/* and the mortgage extra of "a consultant with a target" is not due */
	a = arena_new();
	assert_int_equal(payroll_rule_prepare(&mortgage, NULL, 0, &what), 0);
	assert_int_equal(payroll_line_compute(&mortgage, &in, a, &applies,
	    &amount, &what, &what), 0);
	assert_false(applies);
	arena_free(a);
	/* With a target of 2 the rate is the cars': 100% → 2 × 300. */
	facts[0].value = 2;
	assert_int_equal(line(&car, car_table, 1, &in, &basis), 60000);
	free(basis);
}

/* ------------------------------------------------------------ basis */

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

static void
test_capped_rate_shown(void **state)
{
	struct payroll_term t[] = {
		{ 1, "add", "tier", "bottles", "bottle_rate", 1, 1, NULL, 0, "养护用品瓶数", NULL, NULL },
		{ 2, "min", "tier", "output_fen", "bottle_cap", 1, 1, NULL, 0, "个人产值", NULL, NULL },
		{ 3, "mul", "measure", "bottles", NULL, 1, 1, NULL, 0, "养护用品瓶数", NULL, NULL },
	};
	struct payroll_rule r = { .code = "sa_bottles_capped",
	    .name = "养护用品提成", .category = "earning", .calc = "formula",
	    .terms = t, .nterms = 3 };
	struct payroll_input in;
	char *basis;

	(void)state;
	nfacts = 0;
	fact("bottles", 250);
	fact("output_fen", 8500000);
	input(&in, "2025-04");
	/* 250 bottles earn 10 a bottle, capped at 6 for 85,000 of output
	 * below the target: 250 × 6 = 1,500, and the text says 6元. */
	assert_int_equal(line(&r, bottle_tables, 2, &in, &basis), 150000);
	assert_string_equal(basis, "(min(10元（养护用品瓶数 250瓶）, 6元（个人产值 "
	    "85,000元）) = 6元) × 养护用品瓶数 250瓶 = 1,500元");
	free(basis);
}

static void
test_group_labels_once(void **state)
{
	struct payroll_term t[] = {
		{ 1, "add", "group", "sa_output", NULL, 1, 1, NULL, 0, "产值提成", NULL, NULL },
		{ 2, "add", "group", "sa_bottles", NULL, 1, 1, NULL, 0, "养护用品提成", NULL, NULL },
		{ 3, "add", "group", "sa_bottles_capped", NULL, 1, 1, NULL, 0, "养护用品提成", NULL, NULL },
		{ 4, "mul", "const", NULL, NULL, 10, 100, NULL, 0, NULL, NULL, NULL },
	};
	struct payroll_rule r = { .code = "info_share", .name = "信息员提成",
	    .category = "earning", .calc = "formula", .terms = t, .nterms = 4 };
	static const struct payroll_fact totals[] = {
		{ "sa_output", 1200000 }, { "sa_bottles", 150000 },
		{ "sa_bottles_capped", 50000 },
	};
	struct payroll_input in;
	char *basis;

	(void)state;
	nfacts = 0;
	input(&in, "2025-04");
	in.group_totals = totals;
	in.ngroup_totals = 3;
	/* (12,000 + 1,500 + 500 = 14,000) × 10% = 1,400; the bottles of
	 * both rules are one sum under one label. */
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 140000);
	assert_string_equal(basis, "(产值提成合计 12,000元 + 养护用品提成合计 "
	    "2,000元 = 14,000元) × 10% = 1,400元");
	free(basis);
}

/* ------------------------------------------------------------ targets */

static void
test_annual_targets(void **state)
{
	static const struct payroll_target tg = { 2025, 220000000, 240000000,
		90000, 9200 };
	struct payroll_fact store[3] = {
		{ "store_output_fen", 18900000 }, { "csi_x100", 91200 },
		{ "store_output_target_fen", 20000000 },
	};
	struct payroll_rule bonus = { .code = "target_bonus", .name = "目标奖",
	    .category = "award", .calc = "fixed", .amount_fen = { 1, 50000 },
	    .cond_measure = "store_output_ach_bp", .cond_min = { 1, 10000 },
	    .cond_measure_name = "产值目标达成率",
	    .cond2_measure = "csi_x100", .cond2_min = { 1, 90000 },
	    .cond2_measure_name = "CSI满意度" };
	struct payroll_input in;
	const char *what = NULL;
	char *basis;
	int64_t n, d;

	(void)state;
	nfacts = 0;
	input(&in, "2025-04");
	in.target = &tg;
	in.store_facts = store;
	in.nstore_facts = 2;
	/* 220万 a year is 183,333.33 a month: 189,000 × 12 ÷ 2,200,000
	 * = 103.0909…% (floored to 103.09% in texts) */
	assert_int_equal(payroll_measure(&in, "store_output_ach_bp", &n, &d,
	    &what), 0);
	assert_true(n > 10309 * d && n < 10310 * d);
	assert_int_equal(line(&bonus, NULL, 0, &in, &basis), 50000);
	assert_string_equal(basis, "产值目标达成率 103.09%（189,000元 ÷ "
	    "183,333.33元）≥ 100%，CSI满意度 912分 ≥ 900分");
	free(basis);
	/* 240万: 200,000 a month, 94.50% */
	assert_int_equal(payroll_measure(&in, "store_output_ach2_bp", &n, &d,
	    &what), 0);
	assert_true(n == 9450 * d);
	/* The month's own target replaces the even split: 94.50%. */
	in.nstore_facts = 3;
	assert_int_equal(payroll_measure(&in, "store_output_ach_bp", &n, &d,
	    &what), 0);
	assert_true(n == 9450 * d);
	/* The store's output from the DMS's two figures: 150,000 + 39,000 */
	{
		struct payroll_fact split[] = {
			{ "store_routine_fen", 15000000 },
			{ "store_accident_fen", 3900000 },
		};

		in.store_facts = split;
		in.nstore_facts = 2;
		assert_int_equal(payroll_measure(&in, "store_output_fen", &n,
		    &d, &what), 0);
		assert_true(n == 18900000 && d == 1);
		/* one of the two alone is not the output */
		in.nstore_facts = 1;
		assert_int_equal(payroll_measure(&in, "store_output_fen", &n,
		    &d, &what), DIAG_PAY_NO_FACTS);
		assert_string_equal(what, "store_output_fen");
		in.store_facts = store;
	}
	/* CSI against the year's target, as a condition: the score and the
	 * threshold, both from the data */
	{
		struct payroll_rule csi = { .code = "csi_bonus",
		    .name = "CSI奖", .category = "award", .calc = "fixed",
		    .amount_fen = { 1, 20000 }, .cond_measure = "csi_met",
		    .cond_min = { 1, 1 }, .cond_measure_name = "CSI满意度达标" };

		in.nstore_facts = 2;
		assert_int_equal(line(&csi, NULL, 0, &in, &basis), 20000);
		assert_string_equal(basis, "CSI满意度 912分 ≥ 目标 900分");
		free(basis);
		store[1].value = 88000;
		assert_int_equal(payroll_measure(&in, "csi_met", &n, &d,
		    &what), 0);
		assert_true(n == 0);
		store[1].value = 91200;
		/* the ten-item score was not imported */
		assert_int_equal(payroll_measure(&in, "ten_item_met", &n, &d,
		    &what), DIAG_PAY_NO_FACTS);
		assert_string_equal(what, "ten_item_x100");
	}
	/* Without the year's target the rule cannot be read. */
	in.nstore_facts = 2;
	in.target = NULL;
	assert_int_equal(payroll_measure(&in, "store_output_ach_bp", &n, &d,
	    &what), DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "service_target");
	assert_int_equal(payroll_measure(&in, "csi_met", &n, &d, &what),
	    DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "service_target");
}

/* DOMAIN §3.6: the month's output target split among the advisors gives
 * each a personal target a; an imported target or rate wins. */
static void
test_personal_target(void **state)
{
	static const struct payroll_target tg = { 2025, 220000000, 240000000,
		0, 0 };
	struct payroll_fact store[1] = { { "store_output_target_fen",
		20000000 } };
	static struct payroll_term t[] = {
		{ 1, "add", "measure", "output_fen", NULL, 1, 1, NULL, 0, "个人产值", NULL, NULL },
		{ 2, "mul", "const", NULL, NULL, 2, 100, NULL, 0, NULL, NULL, NULL },
		{ 3, "mul", "measure", "output_ach_bp", NULL, 1, 10000, NULL, 0, "产值达成率", NULL, NULL },
	};
	struct payroll_rule r = { .code = "sa_output", .name = "产值提成",
	    .category = "earning", .calc = "formula", .terms = t, .nterms = 3 };
	struct payroll_input in;
	const char *what = NULL;
	char *basis;
	int64_t n, d;

	(void)state;
	nfacts = 0;
	fact("output_fen", 8500000);
	input(&in, "2025-04");
	in.target = &tg;
	/* one of two equal shares of 2,200,000 ÷ 12: 91,666.67 */
	in.share_weight = 1;
	in.share_total = 2;
	assert_int_equal(payroll_measure(&in, "output_target_fen", &n, &d,
	    &what), 0);
	assert_true(n == 9166667 && d == 1);
	/* 85,000 ÷ 91,666.67 = 92.727…%: 85,000 × 2% × that = 1,576.36 */
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 157636);
	assert_string_equal(basis, "个人产值 85,000元 × 2% × 产值达成率 "
	    "92.72%（个人产值 85,000元 ÷ 个人产值目标 91,666.67元；个人产值目标 "
	    "= 本月第一目标 183,333.33元（全年第一目标 2,200,000元 ÷ 12） × 分摊 "
	    "1/2） = 1,576.36元");
	free(basis);
	/* weights 3 of 5 of the month's own target 200,000: 120,000 */
	in.share_weight = 3;
	in.share_total = 5;
	in.store_facts = store;
	in.nstore_facts = 1;
	assert_int_equal(payroll_measure(&in, "output_target_fen", &n, &d,
	    &what), 0);
	assert_true(n == 12000000);
	assert_int_equal(payroll_measure(&in, "output_ach_bp", &n, &d,
	    &what), 0);
	assert_true(n * 12000000 == 8500000LL * 10000 * d);
	/* a personal target imported directly wins over the share */
	fact("output_target_fen", 10000000);
	input(&in, "2025-04");
	in.target = &tg;
	in.share_weight = 3;
	in.share_total = 5;
	assert_int_equal(payroll_measure(&in, "output_ach_bp", &n, &d,
	    &what), 0);
	assert_true(n == 8500 * d);
	/* and a rate received ready-made wins over both */
	fact("output_ach_bp", 9043);
	input(&in, "2025-04");
	in.target = &tg;
	assert_int_equal(payroll_measure(&in, "output_ach_bp", &n, &d,
	    &what), 0);
	assert_true(n == 9043 && d == 1);
	/* no rate, no own target, no share: the rate is missing */
	nfacts = 0;
	fact("output_fen", 8500000);
	input(&in, "2025-04");
	in.target = &tg;
	assert_int_equal(payroll_measure(&in, "output_ach_bp", &n, &d,
	    &what), DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "output_ach_bp");
	/* a share without the year's targets names them */
	in.share_weight = 1;
	in.share_total = 1;
	in.target = NULL;
	assert_int_equal(payroll_measure(&in, "output_ach_bp", &n, &d,
	    &what), DIAG_PAY_NO_FACTS);
	assert_string_equal(what, "service_target");
}

static void
test_named_subtotal(void **state)
{
	struct payroll_term t[] = {
		{ 1, "add", "measure", "parts_sales_fen", NULL, 1, 1, NULL, 0, "备件销售额", NULL, NULL },
		{ 2, "mul", "const", NULL, NULL, 3, 100, NULL, 0, NULL, NULL, NULL },
		{ 3, "add", "measure", "maint_sales_fen", NULL, 1, 100, NULL, 0, "养护用品销售额", NULL, NULL },
		{ 4, "sub", "measure", "parts_office_fen", NULL, 1, 1, NULL, 0, "部门办公费用", NULL, NULL },
		{ 5, "max", "const", NULL, NULL, 0, 1, NULL, 0, NULL, NULL, NULL },
		{ 6, "mul", "measure", "parts_profit_ach_bp", NULL, 1, 10000, NULL, 0, "备件利润目标达成率", NULL, NULL },
		{ 7, "mul", "measure", "parts_score_x100", NULL, 1, 10000, NULL, 0, "备件部考核得分", NULL, "奖金池" },
		{ 8, "mul", "const", NULL, NULL, 50, 100, NULL, 0, NULL, NULL, NULL },
	};
	struct payroll_rule r = { .code = "pool_share", .name = "备件奖金",
	    .category = "earning", .calc = "formula", .terms = t, .nterms = 8 };
	struct payroll_fact store[] = {
		{ "parts_sales_fen", 56000000 }, { "maint_sales_fen", 12000000 },
		{ "parts_office_fen", 390000 }, { "parts_profit_ach_bp", 9900 },
		{ "parts_score_x100", 9400 },
	};
	struct payroll_input in;
	char *basis;

	(void)state;
	nfacts = 0;
	input(&in, "2025-03");
	in.store_facts = store;
	in.nstore_facts = 5;
	/* 560,000 × 3% + 120,000 × 1% − 3,900 = 14,100; × 99% × 94/100 =
	 * the pool, 13,121.46; the manager's half is 6,560.73 */
	assert_int_equal(line(&r, NULL, 0, &in, &basis), 656073);
	assert_string_equal(basis, "((max(备件销售额 560,000元 × 3% + "
	    "养护用品销售额 120,000元 × 1% − 部门办公费用 3,900元, 0元) = "
	    "14,100元) × 备件利润目标达成率 99.00% × 备件部考核得分 94分/100 = "
	    "奖金池 13,121.46元) × 50% = 6,560.73元");
	free(basis);
}

/*
 * Steps whose exact intermediate value needs more than 128 bits before it
 * is rescaled: 10^12/999999937 × 10^18/999999929 = 10^30 / 999999866000004473
 * = 1,000,000,134,000.0000134... fen, well inside the range of an amount.
 */
static void
test_huge_steps(void **state)
{
	struct payroll_term t[] = {
		{ 1, "add", "const", NULL, NULL, INT64_C(1000000000000), 999999937, NULL, 0, NULL, NULL, NULL },
		{ 2, "mul", "const", NULL, NULL, INT64_C(1000000000000000000), 999999929, NULL, 0, NULL, NULL, NULL },
	};
	struct payroll_rule r = { .code = "huge", .name = "大数",
	    .category = "earning", .calc = "formula", .terms = t, .nterms = 2 };
	struct payroll_input in;
	char *basis;
	size_t n;

	(void)state;
	nfacts = 0;
	input(&in, "2025-03");
	assert_int_equal(line(&r, NULL, 0, &in, &basis),
	                 INT64_C(1000000134000));
	n = strlen(basis);
	assert_true(n > strlen("= 10,000,001,340元"));
	assert_string_equal(basis + n - strlen("= 10,000,001,340元"),
	                    "= 10,000,001,340元");
	free(basis);
}

/*
 * A step that leaves the range of an amount is refused with the rule's
 * code, whatever the size of the numbers on the way.
 */
static void
test_step_out_of_range(void **state)
{
	struct payroll_term t[] = {
		{ 1, "add", "const", NULL, NULL, INT64_C(1000000000000000000), 3, NULL, 0, NULL, NULL, NULL },
		{ 2, "mul", "const", NULL, NULL, INT64_C(1000000000000000000), 7, NULL, 0, NULL, NULL, NULL },
		{ 3, "div", "const", NULL, NULL, INT64_C(1000000000000000000), 11, NULL, 0, NULL, NULL, NULL },
	};
	struct payroll_rule r = { .code = "huge", .name = "大数",
	    .category = "earning", .calc = "formula", .terms = t, .nterms = 3 };
	struct payroll_input in;
	const char *what = NULL;
	int64_t amount;
	char *basis;

	(void)state;
	nfacts = 0;
	input(&in, "2025-03");
	assert_int_equal(compute(&r, NULL, 0, &in, &amount, &basis, &what),
	                 DIAG_PAY_RULE_RANGE);
	assert_string_equal(what, "rule huge (大数): a step goes far beyond "
	    "any amount; check the rule's constants (hrpress scheme show) "
	    "and the month's figures it reads");
	free((char *)what);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unpaid_leave),
		cmocka_unit_test(test_joiner_leaver),
		cmocka_unit_test(test_dms_inputs),
		cmocka_unit_test(test_no_target),
		cmocka_unit_test(test_capped_rate_shown),
		cmocka_unit_test(test_group_labels_once),
		cmocka_unit_test(test_annual_targets),
		cmocka_unit_test(test_personal_target),
		cmocka_unit_test(test_named_subtotal),
		cmocka_unit_test(test_huge_steps),
		cmocka_unit_test(test_step_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
