/* SPDX-License-Identifier: MIT */
/*
 * Pay schemes as data → pay lines. The engine knows only the calc kinds, the
 * condition test and how each measure of the catalogue is computed; every
 * rate, amount and tier comes from pay_rule and tier rows. Rates are compared
 * as exact rationals and each line is rounded once, half away from zero.
 * Statutory deductions are in payroll_statutory.c, a month's run in
 * payroll_db.c, the basis texts of the lines in payroll_basis.c.
 */
#include "payroll.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "money.h"
#include "payroll_int.h"
#include "xmem.h"

/* ------------------------------------------------------------ catalogue */

/* The catalogue of measures (struct mdef, payroll_int.h). */
static const struct mdef mdefs[] = {
    {"units_target", U_COUNT, SRC_FACT, "台"},
    {"work_days", U_COUNT, SRC_FACT, "天"},
    {"attend_days", U_COUNT, SRC_FACT, "天"},
    {"kpi_attain_bp", U_BP, SRC_FACT, ""},
    {"appraisal_x100", U_SCORE, SRC_FACT, ""},
    {"base_fen", U_FEN, SRC_EMPLOYEE, ""},
    {"perf_fen", U_FEN, SRC_EMPLOYEE, ""},
    {"units", U_COUNT, SRC_DERIVED, "台"},
    {"network_units", U_COUNT, SRC_DERIVED, "台"},
    {"completion_bp", U_BP, SRC_DERIVED, ""},
    {"insured_units", U_COUNT, SRC_DERIVED, "台"},
    {"full_cover_units", U_COUNT, SRC_DERIVED, "台"},
    {"penetration_bp", U_BP, SRC_DERIVED, ""},
    {"financed_units", U_COUNT, SRC_DERIVED, "台"},
    {"sales_rank", U_COUNT, SRC_DERIVED, "名"},
    {"scorecard_x100", U_SCORE, SRC_DERIVED, ""},
    {"loan_fee_fen", U_FEN, SRC_ITEM, ""},
    {"acc_margin_fen", U_FEN, SRC_ITEM, ""},
    {"price_fen", U_FEN, SRC_ITEM, ""},
    {"margin_fen", U_FEN, SRC_ITEM, ""},
    {"over_limit_fen", U_FEN, SRC_ITEM, ""},
    {"ordinal", U_COUNT, SRC_ITEM, "台"},
    {"grade", U_COUNT, SRC_DERIVED, "级"},
    {"service_years", U_COUNT, SRC_DERIVED, "年"},
    {"on_probation", U_COUNT, SRC_DERIVED, ""},
    {"position_headcount", U_COUNT, SRC_DERIVED, "人"},
    {"output_fen", U_FEN, SRC_FACT, ""},
    {"output_ach_bp", U_BP, SRC_FACT, ""},
    {"work_orders", U_COUNT, SRC_FACT, "台"},
    {"order_ach_bp", U_BP, SRC_FACT, ""},
    {"bottles", U_COUNT, SRC_FACT, "瓶"},
    {"renewals", U_COUNT, SRC_FACT, "台"},
    {"commercial_policies", U_COUNT, SRC_FACT, "单"},
    {"incentive_fen", U_FEN, SRC_FACT, ""},
    {"other_comm_fen", U_FEN, SRC_FACT, ""},
    {"reg_comm_fen", U_FEN, SRC_FACT, ""},
    {"notary_comm_fen", U_FEN, SRC_FACT, ""},
    {"lien_comm_fen", U_FEN, SRC_FACT, ""},
    {"deco_comm_fen", U_FEN, SRC_FACT, ""},
    {"ins_comm_fen", U_FEN, SRC_FACT, ""},
    {"plate_comm_fen", U_FEN, SRC_FACT, ""},
    {"used_comm_fen", U_FEN, SRC_FACT, ""},
    {"store_output_fen", U_FEN, SRC_STORE, ""},
    {"net_profit_fen", U_FEN, SRC_STORE, ""},
    {"profit_ach_bp", U_BP, SRC_STORE, ""},
    {"parts_sales_fen", U_FEN, SRC_STORE, ""},
    {"maint_sales_fen", U_FEN, SRC_STORE, ""},
    {"parts_office_fen", U_FEN, SRC_STORE, ""},
    {"parts_profit_ach_bp", U_BP, SRC_STORE, ""},
    {"parts_score_x100", U_SCORE, SRC_STORE, ""},
    /* attendance of joiners and leavers, from the employment dates */
    {"employed_workdays", U_COUNT, SRC_DERIVED, "天"},
    {"part_month", U_COUNT, SRC_DERIVED, ""},
    /* figures received ready-made (from the OEM's DMS) */
    {"completion_in_bp", U_BP, SRC_FACT, "（DMS 提供）"},
    {"vehicle_comm_fen", U_FEN, SRC_FACT, "（DMS 提供）"},
    {"routine_output_fen", U_FEN, SRC_FACT, "（DMS 提供）"},
    {"accident_output_fen", U_FEN, SRC_FACT, "（DMS 提供）"},
    {"store_routine_fen", U_FEN, SRC_STORE, "（DMS 提供）"},
    {"store_accident_fen", U_FEN, SRC_STORE, "（DMS 提供）"},
    /* the after-sales targets of the year (DOMAIN §3.4) */
    {"store_output_target_fen", U_FEN, SRC_STORE, ""},
    {"store_output_ach_bp", U_BP, SRC_DERIVED, ""},
    {"store_output_ach2_bp", U_BP, SRC_DERIVED, ""},
    {"csi_x100", U_SCORE, SRC_STORE, ""},
    {"ten_item_x100", U_SCORE, SRC_STORE, ""},
    {"store_output_target2_fen", U_FEN, SRC_STORE, ""},
    {"csi_met", U_COUNT, SRC_DERIVED, ""},
    {"ten_item_met", U_COUNT, SRC_DERIVED, ""},
    /* a service advisor's own target, or a share of the store's */
    {"output_target_fen", U_FEN, SRC_FACT, ""},
    {"output_weight", U_COUNT, SRC_FACT, ""},
};

static const char *const filter_names[] = {"settled", "financed", "insured",
                                           "full_cover", "network"};

static const char *const calc_names[] = {
    "fixed",      "measure",    "per_unit", "tier_share", "per_item_tier",
    "item_ratio", "tier_value", "formula",  "top_up"};
#define NCALC (sizeof(calc_names) / sizeof(calc_names[0]))

static const char *const op_names[] = {"add", "sub", "mul",
                                       "div", "min", "max"};
enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MIN, OP_MAX };

static const char *const source_names[] = {"const", "measure", "param", "tier",
                                           "group"};
enum source { S_CONST, S_MEASURE, S_PARAM, S_TIER, S_GROUP };

static const char *const category_names[] = {"earning", "award", "deduction"};

const struct mdef *
payroll_mdef_find(const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < sizeof(mdefs) / sizeof(mdefs[0]); i++)
		if (strcmp(mdefs[i].code, code) == 0)
			return &mdefs[i];
	return NULL;
}

static int
name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------ exact tests */

/* num / den >= lo, exactly (den > 0). */
static int
ratio_ge(int64_t num, int64_t den, int64_t lo)
{
	return (__int128)num >= (__int128)lo * den;
}

static int
ratio_gt(int64_t num, int64_t den, int64_t lo)
{
	return (__int128)num > (__int128)lo * den;
}

static int
same_key(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* The same among the rows whose key is key (NULL or "": unkeyed rows). */
static int
payroll_tier_find_key(const struct payroll_tier_table *t, const char *key,
                      int64_t num, int64_t den)
{
	int best = -1;
	size_t i;

	assert(den > 0);
	/* Do not rely on the order: take the greatest (lo, strict) reached. */
	for (i = 0; i < t->ntiers; i++) {
		const struct payroll_tier *r = &t->tiers[i];
		int reached = r->lo_strict ? ratio_gt(num, den, r->lo)
		                           : ratio_ge(num, den, r->lo);

		if (!reached || !same_key(r->key, key))
			continue;
		if (best < 0 || r->lo > t->tiers[best].lo ||
		    (r->lo == t->tiers[best].lo &&
		     r->lo_strict > t->tiers[best].lo_strict))
			best = (int)i;
	}
	return best;
}

int
payroll_tier_find(const struct payroll_tier_table *t, int64_t num, int64_t den)
{
	return payroll_tier_find_key(t, NULL, num, den);
}

/* ------------------------------------------------------------ validation */

static int
item_field(const struct mdef *m)
{
	return m != NULL && m->src == SRC_ITEM;
}

/* A known measure that is not an item field, of unit u (or any if u < 0). */
static int
plain_measure(const char *code, int u)
{
	const struct mdef *m = payroll_mdef_find(code);

	return m != NULL && m->src != SRC_ITEM && (u < 0 || (int)m->unit == u);
}

static int
bad(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

static const struct payroll_tier_table *
table_find(const struct payroll_tier_table *tables, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(tables[i].code, code) == 0 && tables[i].ntiers > 0)
			return &tables[i];
	return NULL;
}

static int
prepare_term(struct payroll_term *t, const struct payroll_tier_table *tables,
             size_t n, const char **why)
{
	int op = name_index(op_names, 6, t->op);
	int src = name_index(source_names, 5, t->source);

	if (op < 0)
		return bad(why, "pay_term: unknown op");
	if (src < 0)
		return bad(why, "pay_term: unknown source");
	if (t->den <= 0)
		return bad(why, "pay_term: den must be > 0");
	if ((t->when_param == NULL) != (t->when_mask == 0))
		return bad(why,
		           "pay_term: when_param and when_mask go together");
	t->tiers = NULL;
	switch ((enum source)src) {
	case S_CONST:
		if (t->ref != NULL || t->tier_table != NULL)
			return bad(why, "pay_term: const takes no ref");
		break;
	case S_MEASURE:
		if (!plain_measure(t->ref, -1))
			return bad(why,
			           "pay_term: unknown or item-only measure");
		break;
	case S_TIER:
		if (!plain_measure(t->ref, -1))
			return bad(why, "pay_term: tier needs a measure ref");
		t->tiers = table_find(tables, n, t->tier_table);
		if (t->tiers == NULL)
			return bad(why, "pay_term: tier table has no rows");
		break;
	case S_PARAM:
	case S_GROUP:
		if (t->ref == NULL)
			return bad(why, "pay_term: param/group needs a ref");
		break;
	}
	if (src != S_TIER && t->tier_table != NULL)
		return bad(why, "pay_term: tier_table belongs to source tier");
	return 0;
}

int
payroll_rule_prepare(struct payroll_rule *r,
                     const struct payroll_tier_table *tables, size_t n,
                     const char **why)
{
	int calc, cat, filter = FILTER_SETTLED;
	int uses_tier = 0;
	size_t i;

	calc = name_index(calc_names, NCALC, r->calc);
	if (calc < 0)
		return bad(why, "unknown calc");
	cat = name_index(category_names, 3, r->category);
	if (cat < 0)
		return bad(why, "unknown category");
	if (r->item_filter != NULL) {
		filter = name_index(filter_names, 5, r->item_filter);
		if (filter < 0)
			return bad(why, "unknown item_filter");
	}
	/*
	 * Each calc kind reads exactly its own columns; a stray column is a
	 * sign that the rule means something the engine would not do.
	 */
	switch ((enum payroll_calc)calc) {
	case PAYROLL_FIXED:
		if (!r->amount_fen.set)
			return bad(why, "calc fixed needs amount_fen");
		if (r->measure != NULL)
			return bad(why, "calc fixed takes no measure");
		break;
	case PAYROLL_MEASURE:
		if (!plain_measure(r->measure, U_FEN))
			return bad(why, "calc measure needs a fen measure");
		if (r->amount_fen.set)
			return bad(why, "calc measure takes no amount_fen");
		break;
	case PAYROLL_PER_UNIT:
		if (!plain_measure(r->measure, U_COUNT))
			return bad(why, "calc per_unit needs a count measure");
		if (!r->amount_fen.set)
			return bad(why, "calc per_unit needs amount_fen");
		break;
	case PAYROLL_TIER_SHARE:
		if (!plain_measure(r->measure, U_FEN))
			return bad(why, "calc tier_share needs a fen measure");
		if (!plain_measure(r->tier_measure, -1))
			return bad(why, "calc tier_share needs a tier_measure");
		if (r->amount_fen.set)
			return bad(why, "calc tier_share takes no amount_fen");
		uses_tier = 1;
		break;
	case PAYROLL_PER_ITEM_TIER:
		if (!item_field(payroll_mdef_find(r->measure)))
			return bad(why, "per_item_tier needs an item field");
		if (r->amount_fen.set)
			return bad(why, "per_item_tier takes no amount_fen");
		if (r->tier_measure != NULL &&
		    !plain_measure(r->tier_measure, -1))
			return bad(why, "unknown or item-only tier_measure");
		uses_tier = 1;
		break;
	case PAYROLL_TIER_VALUE:
		if (r->measure != NULL || r->amount_fen.set)
			return bad(why,
			           "tier_value takes no measure or amount");
		if (!plain_measure(r->tier_measure, -1))
			return bad(why, "calc tier_value needs a tier_measure");
		uses_tier = 1;
		break;
	case PAYROLL_FORMULA:
		if (r->measure != NULL || r->amount_fen.set)
			return bad(why, "formula takes no measure or amount");
		if (r->nterms == 0)
			return bad(why, "formula without pay_term rows");
		if (strcmp(r->terms[0].op, "add") != 0)
			return bad(why, "a formula's first term must be add");
		break;
	case PAYROLL_TOP_UP:
		if (r->measure != NULL || !r->amount_fen.set)
			return bad(why,
			           "top_up needs amount_fen and no measure");
		break;
	case PAYROLL_ITEM_RATIO:
		if (!item_field(payroll_mdef_find(r->measure)) ||
		    strcmp(r->measure, "ordinal") == 0)
			return bad(why, "item_ratio needs an item field");
		if (!r->ratio_num.set || !r->ratio_den.set)
			return bad(why,
			           "item_ratio needs ratio_num, ratio_den");
		if (r->ratio_den.v <= 0)
			return bad(why, "ratio_den must be > 0");
		if (r->amount_fen.set)
			return bad(why, "calc item_ratio takes no amount_fen");
		break;
	}
	if (calc != PAYROLL_ITEM_RATIO &&
	    (r->ratio_num.set || r->ratio_den.set))
		return bad(why, "ratio_num/ratio_den belong to item_ratio");
	if (calc != PAYROLL_TIER_SHARE && calc != PAYROLL_TIER_VALUE &&
	    calc != PAYROLL_PER_ITEM_TIER && r->tier_measure != NULL)
		return bad(why, "tier_measure belongs to tier rules");
	if (r->item_key != NULL && (calc != PAYROLL_PER_ITEM_TIER ||
	                            (strcmp(r->item_key, "model") != 0 &&
	                             strcmp(r->item_key, "class") != 0)))
		return bad(why,
		           "item_key is model or class, per_item_tier only");
	if (!uses_tier && r->tier_table != NULL)
		return bad(why, "tier_table belongs to tier rules");
	if (calc != PAYROLL_PER_ITEM_TIER && calc != PAYROLL_ITEM_RATIO &&
	    r->item_filter != NULL)
		return bad(why, "item_filter belongs to item rules");

	if (r->cond_measure != NULL) {
		if (!plain_measure(r->cond_measure, -1))
			return bad(why, "unknown or item-only cond_measure");
		if (!r->cond_min.set && !r->cond_max.set)
			return bad(why, "cond_measure without a bound");
		if (r->cond_min.set && r->cond_max.set &&
		    r->cond_min.v >= r->cond_max.v)
			return bad(why, "cond_min must be < cond_max");
	} else if (r->cond_min.set || r->cond_max.set)
		return bad(why, "cond_min/cond_max without cond_measure");
	if (r->cond2_measure != NULL) {
		if (!plain_measure(r->cond2_measure, -1))
			return bad(why, "unknown or item-only cond2_measure");
		if (!r->cond2_min.set && !r->cond2_max.set)
			return bad(why, "cond2_measure without a bound");
		if (r->cond2_min.set && r->cond2_max.set &&
		    r->cond2_min.v >= r->cond2_max.v)
			return bad(why, "cond2_min must be < cond2_max");
	} else if (r->cond2_min.set || r->cond2_max.set)
		return bad(why, "cond2_min/cond2_max without cond2_measure");
	for (i = 0; i < r->nterms; i++)
		if (prepare_term(&r->terms[i], tables, n, why) < 0)
			return -1;

	r->tiers = NULL;
	if (uses_tier) {
		if (r->tier_table == NULL)
			return bad(why, "missing tier_table");
		for (i = 0; i < n; i++)
			if (strcmp(tables[i].code, r->tier_table) == 0 &&
			    tables[i].ntiers > 0)
				r->tiers = &tables[i];
		if (r->tiers == NULL)
			return bad(why, "tier table has no rows");
	}
	r->calc_kind = (enum payroll_calc)calc;
	r->category_kind = (enum payroll_category)cat;
	r->filter_kind = filter;
	return 0;
}

/* ------------------------------------------------------------ measures */

static int
item_passes(const struct payroll_item *it, int filter)
{
	if (!it->settled)
		return 0;
	switch (filter) {
	case FILTER_NETWORK:
		return it->network;
	case FILTER_FINANCED:
		return !it->network && it->financed;
	case FILTER_INSURED:
		return !it->network && it->insured;
	case FILTER_FULL_COVER:
		return !it->network && it->insured && it->full_cover;
	default:
		return !it->network;
	}
}

int64_t
payroll_count_items(const struct payroll_input *in, int filter)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < in->nitems; i++)
		n += item_passes(&in->items[i], filter);
	return n;
}

static int64_t
item_value(const struct payroll_item *it, const char *field)
{
	if (strcmp(field, "loan_fee_fen") == 0)
		return it->loan_fee_fen;
	if (strcmp(field, "acc_margin_fen") == 0)
		return it->acc_margin_fen;
	if (strcmp(field, "margin_fen") == 0)
		return it->margin_fen;
	if (strcmp(field, "over_limit_fen") == 0)
		return it->over_limit_fen;
	assert(strcmp(field, "price_fen") == 0);
	return it->price_fen;
}

static int
fact_find(const struct payroll_input *in, const char *code, int64_t *v)
{
	size_t i;

	for (i = 0; i < in->nfacts; i++)
		if (strcmp(in->facts[i].measure, code) == 0) {
			*v = in->facts[i].value;
			return 0;
		}
	return -1;
}

static void
ratio_bp(struct mval *v, int64_t a, int64_t b)
{
	v->parts = 1;
	v->a = a;
	v->b = b;
	v->num = a * MONEY_BP_PER_UNIT;
	v->den = b;
}

static const struct payroll_param *param_find(const struct payroll_input *in,
                                              const char *code);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
civil_days(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A "YYYY-MM-DD" date as days; -1 when it is not one. */
static int
parse_day(const char *s, int64_t *days)
{
	struct month m;
	int d;

	if (month_parse_date(s, &m, &d) < 0)
		return -1;
	*days = civil_days(m.year, m.month, d);
	return 0;
}

/*
 * The employment dates within the month: employed_workdays counts the
 * weekdays (Monday to Friday) from the later of hire_date and the 1st to
 * the earlier of leave_date and the last day; part_month is 1 when the
 * employee joined after the 1st or left before the last day.
 */
static int
employment(const struct payroll_input *in, const char *code, struct mval *v,
           const char **what)
{
	int64_t first, last, from, to, hire, leave, d, n = 0;

	if (in->month.year == 0) {
		*what = code;
		return DIAG_PAY_NO_FACTS;
	}
	assert(in->month.month >= 1 && in->month.month <= 12);
	first = civil_days(in->month.year, in->month.month, 1);
	last =
	    civil_days(in->month.year, in->month.month, month_days(in->month));
	from = first;
	to = last;
	if (in->hire_date != NULL && *in->hire_date != '\0') {
		if (parse_day(in->hire_date, &hire) < 0) {
			*what = "hire_date";
			return DIAG_PAY_NO_FACTS;
		}
		if (hire > from)
			from = hire;
	}
	if (in->leave_date != NULL && *in->leave_date != '\0') {
		if (parse_day(in->leave_date, &leave) < 0) {
			*what = "leave_date";
			return DIAG_PAY_NO_FACTS;
		}
		if (leave < to)
			to = leave;
	}
	if (strcmp(code, "part_month") == 0) {
		v->num = from > first || to < last;
		return 0;
	}
	/* 1970-01-01 was a Thursday: weekday 0 is Sunday. */
	for (d = from; d <= to; d++) {
		int64_t wd = ((d + 4) % 7 + 7) % 7;

		n += wd >= 1 && wd <= 5;
	}
	v->num = n;
	if (from > first && to < last)
		snprintf(v->note, sizeof(v->note), "（%s入职，%s离职）",
		         in->hire_date, in->leave_date);
	else if (from > first)
		snprintf(v->note, sizeof(v->note), "（%s入职）", in->hire_date);
	else if (to < last)
		snprintf(v->note, sizeof(v->note), "（%s离职）",
		         in->leave_date);
	return 0;
}

static int
store_find(const struct payroll_input *in, const char *code, int64_t *v)
{
	size_t i;

	for (i = 0; i < in->nstore_facts; i++)
		if (strcmp(in->store_facts[i].measure, code) == 0) {
			*v = in->store_facts[i].value;
			return 0;
		}
	return -1;
}

/*
 * The month's output target of the store (DOMAIN §3.4), first (level 1) or
 * second target: the store fact store_output_target_fen (..2_fen) when
 * imported, else the year's target of service_target ÷ 12, exactly
 * (*num / *den fen). how says which, for the basis text: "本月产值目标
 * 183,333.33元（全年第一目标 2,200,000元 ÷ 12）". Returns 0 or
 * DIAG_PAY_NO_FACTS with *what set.
 */
static int
month_target(const struct payroll_input *in, int level, int64_t *num,
             int64_t *den, char *how, size_t howsz, const char **what)
{
	const char *code =
	    level == 1 ? "store_output_target_fen" : "store_output_target2_fen";
	const char *name = level == 1 ? "第一目标" : "第二目标";
	int64_t annual = 0, t;
	char a[48], b[48];

	if (store_find(in, code, &t) == 0) {
		if (t <= 0) {
			*what = level == 1 ? "store_output_target_fen is 0"
			                   : "store_output_target2_fen is 0";
			return DIAG_PAY_NO_FACTS;
		}
		*num = t;
		*den = 1;
		snprintf(how, howsz, "本月%s %s（门店导入）", name,
		         payroll_yuan(t, a, sizeof(a)));
		return 0;
	}
	if (in->target != NULL)
		annual = level == 1 ? in->target->output_fen
		                    : in->target->output2_fen;
	if (annual <= 0) {
		*what = "service_target";
		return DIAG_PAY_NO_FACTS;
	}
	*num = annual;
	*den = 12;
	snprintf(how, howsz, "本月%s %s（全年%s %s ÷ 12）", name,
	         payroll_yuan(money_div_round(annual, 12), b, sizeof(b)), name,
	         payroll_yuan(annual, a, sizeof(a)));
	return 0;
}

/*
 * The store's output against a target of the year: store_output_ach_bp
 * (level 1) and store_output_ach2_bp (level 2), exact, both figures shown.
 */
static int
output_ach(const struct payroll_input *in, int level, struct mval *v,
           const char **what)
{
	int64_t output, num, den;
	char how[160];
	int rc;

	if (store_find(in, "store_output_fen", &output) < 0) {
		*what = "store_output_fen";
		return DIAG_PAY_NO_FACTS;
	}
	if ((rc = month_target(in, level, &num, &den, how, sizeof(how),
	                       what)) != 0)
		return rc;
	v->parts = 2;
	v->a = output;
	v->b = (int64_t)money_div_round(num, den);
	if (__builtin_mul_overflow(output, den * MONEY_BP_PER_UNIT, &v->num))
		return payroll_overflow("store_output_ach_bp", what);
	v->den = num;
	return 0;
}

/*
 * A service advisor's personal output target a (DOMAIN §3.6): the fact
 * output_target_fen when imported; else, for an advisor who takes a share
 * (in->share_weight > 0), the store's month target × weight ÷ the month's
 * weights, rounded to the fen. *how (may be NULL) gets where it came from.
 */
static int
personal_target(const struct payroll_input *in, int64_t *a, char *how,
                size_t howsz, const char **what)
{
	int64_t num, den, n, d;
	char m[160];
	int rc;

	if (how != NULL)
		how[0] = '\0';
	if (fact_find(in, "output_target_fen", a) == 0) {
		if (*a <= 0) {
			*what = "output_target_fen is 0";
			return DIAG_PAY_NO_FACTS;
		}
		return 0;
	}
	if (in->share_weight <= 0 || in->share_total <= 0) {
		*what = "output_target_fen";
		return DIAG_PAY_NO_FACTS;
	}
	if ((rc = month_target(in, 1, &num, &den, m, sizeof(m), what)) != 0)
		return rc;
	if (__builtin_mul_overflow(num, in->share_weight, &n) ||
	    __builtin_mul_overflow(den, in->share_total, &d))
		return payroll_overflow("output_target_fen", what);
	*a = (int64_t)money_div_round(n, d);
	if (how != NULL)
		snprintf(how, howsz, "%s × 分摊 %lld/%lld", m,
		         (long long)in->share_weight,
		         (long long)in->share_total);
	return 0;
}

static int measure_value(const struct payroll_input *in, const struct mdef *m,
                         struct mval *v, const char **what);

/*
 * output_ach_bp without the fact (a rate received ready-made wins): the
 * advisor's output ÷ the personal target, exact, with the figures and
 * where the target came from: "（85,000元 ÷ 91,666.67元；个人产值目标 =
 * 本月第一目标 183,333.33元（全年第一目标 2,200,000元 ÷ 12） × 1/2）".
 */
static int
personal_ach(const struct payroll_input *in, struct mval *v, const char **what)
{
	const struct mdef *om = payroll_mdef_find("output_fen");
	struct mval out;
	int64_t a;
	char how[200], x[48], y[48];
	int rc;

	if ((rc = measure_value(in, om, &out, what)) != 0)
		return rc;
	if ((rc = personal_target(in, &a, how, sizeof(how), what)) != 0)
		return rc == DIAG_PAY_NO_FACTS &&
		               strcmp(*what, "output_target_fen") == 0
		           ? (*what = "output_ach_bp", rc)
		           : rc;
	if (__builtin_mul_overflow(out.num, (int64_t)MONEY_BP_PER_UNIT,
	                           &v->num))
		return payroll_overflow("output_ach_bp", what);
	v->den = a;
	snprintf(
	    v->note, sizeof(v->note), "（个人产值 %s ÷ 个人产值目标 %s%s%s）",
	    payroll_yuan(out.num, x, sizeof(x)), payroll_yuan(a, y, sizeof(y)),
	    how[0] ? "；个人产值目标 = " : "", how);
	return 0;
}

/*
 * csi_met, ten_item_met: 1 when the store's score of the month (store
 * fact code) is at least the year's target min (centipoints), else 0; the
 * note shows both: "（CSI满意度 912分 ≥ 目标 900分）".
 */
static int
quality_met(const struct payroll_input *in, const char *code, const char *label,
            int64_t min, struct mval *v, const char **what)
{
	struct buf b;
	int64_t score;

	if (store_find(in, code, &score) < 0) {
		*what = code;
		return DIAG_PAY_NO_FACTS;
	}
	if (min <= 0) {
		*what = "service_target";
		return DIAG_PAY_NO_FACTS;
	}
	v->num = score >= min;
	buf_init(&b, 0);
	buf_printf(&b, "（%s ", label);
	payroll_add_hundredths(&b, score);
	buf_printf(&b, "分 %s 目标 ", score >= min ? "≥" : "<");
	payroll_add_hundredths(&b, min);
	buf_adds(&b, "分）");
	snprintf(v->note, sizeof(v->note), "%s", buf_cstr(&b));
	buf_free(&b);
	return 0;
}

/*
 * An output not imported as one figure but as routine and accident repair
 * output (DMS): their sum, both shown. -1 unless both are there.
 */
static int
split_output(const struct payroll_input *in, const char *routine,
             const char *accident, struct mval *v)
{
	int store = strncmp(routine, "store_", 6) == 0;
	int64_t r, x;
	char a[48], b[48];

	if ((store ? store_find(in, routine, &r) : fact_find(in, routine, &r)) <
	        0 ||
	    (store ? store_find(in, accident, &x)
	           : fact_find(in, accident, &x)) < 0 ||
	    money_add(r, x, &v->num) < 0)
		return -1;
	snprintf(v->note, sizeof(v->note),
	         "（日常维修 %s + 事故车维修 %s，DMS 提供）",
	         payroll_yuan(r, a, sizeof(a)), payroll_yuan(x, b, sizeof(b)));
	return 0;
}

static int
measure_value(const struct payroll_input *in, const struct mdef *m,
              struct mval *v, const char **what)
{
	int64_t target;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->den = 1;
	switch (m->src) {
	case SRC_ITEM:
		*what = m->code;
		return DIAG_PAY_BAD_RULE;
	case SRC_FACT:
		if (fact_find(in, m->code, &v->num) == 0)
			return 0;
		if (strcmp(m->code, "output_fen") == 0 &&
		    split_output(in, "routine_output_fen",
		                 "accident_output_fen", v) == 0)
			return 0;
		if (strcmp(m->code, "output_target_fen") == 0) {
			char how[200];
			int rc = personal_target(in, &v->num, how, sizeof(how),
			                         what);

			if (rc == 0 && how[0] != '\0')
				snprintf(v->note, sizeof(v->note), "（%s）",
				         how);
			return rc;
		}
		if (strcmp(m->code, "output_ach_bp") == 0)
			return personal_ach(in, v, what);
		if (strcmp(m->code, "output_weight") == 0) {
			v->num = 1; /* an equal share */
			return 0;
		}
		*what = m->code;
		return DIAG_PAY_NO_FACTS;
	case SRC_EMPLOYEE:
		v->num = strcmp(m->code, "base_fen") == 0 ? in->base_fen
		                                          : in->perf_fen;
		return 0;
	case SRC_STORE:
		for (i = 0; i < in->nstore_facts; i++)
			if (strcmp(in->store_facts[i].measure, m->code) == 0) {
				v->num = in->store_facts[i].value;
				return 0;
			}
		if (strcmp(m->code, "store_output_fen") == 0 &&
		    split_output(in, "store_routine_fen", "store_accident_fen",
		                 v) == 0)
			return 0;
		*what = m->code;
		return DIAG_PAY_NO_FACTS;
	case SRC_DERIVED:
		break;
	}
	if (strcmp(m->code, "grade") == 0)
		v->num = in->grade;
	else if (strcmp(m->code, "service_years") == 0)
		v->num = in->service_years;
	else if (strcmp(m->code, "on_probation") == 0)
		v->num = in->on_probation;
	else if (strcmp(m->code, "position_headcount") == 0)
		v->num = in->position_headcount;
	else if (strcmp(m->code, "units") == 0)
		v->num = payroll_count_items(in, FILTER_SETTLED);
	else if (strcmp(m->code, "network_units") == 0)
		v->num = payroll_count_items(in, FILTER_NETWORK);
	else if (strcmp(m->code, "insured_units") == 0)
		v->num = payroll_count_items(in, FILTER_INSURED);
	else if (strcmp(m->code, "full_cover_units") == 0)
		v->num = payroll_count_items(in, FILTER_FULL_COVER);
	else if (strcmp(m->code, "financed_units") == 0)
		v->num = payroll_count_items(in, FILTER_FINANCED);
	else if (strcmp(m->code, "sales_rank") == 0)
		v->num = in->sales_rank;
	else if (strcmp(m->code, "store_output_ach_bp") == 0)
		return output_ach(in, 1, v, what);
	else if (strcmp(m->code, "store_output_ach2_bp") == 0)
		return output_ach(in, 2, v, what);
	else if (strcmp(m->code, "csi_met") == 0)
		return quality_met(in, "csi_x100", "CSI满意度",
		                   in->target ? in->target->csi_min_x100 : 0, v,
		                   what);
	else if (strcmp(m->code, "ten_item_met") == 0)
		return quality_met(
		    in, "ten_item_x100", "十项调查得分",
		    in->target ? in->target->ten_item_min_x100 : 0, v, what);
	else if (strcmp(m->code, "employed_workdays") == 0 ||
	         strcmp(m->code, "part_month") == 0)
		return employment(in, m->code, v, what);
	else if (strcmp(m->code, "completion_bp") == 0) {
		const struct payroll_param *nt =
		    param_find(in, "no_target_completion_bp");

		/* A rate received ready-made (DMS) is the month's rate. */
		if (fact_find(in, "completion_in_bp", &v->num) == 0) {
			snprintf(v->note, sizeof(v->note), "（DMS 提供）");
			return 0;
		}
		/* No target, no completion rate: never guess one. */
		if (fact_find(in, "units_target", &target) < 0) {
			*what = "units_target";
			return DIAG_PAY_NO_FACTS;
		}
		if (target <= 0 && nt != NULL) {
			/* A target of 0 is "no target" where the version
			 * says what rate stands for it. */
			v->num = nt->value;
			snprintf(v->note, sizeof(v->note), "（无指标）");
			return 0;
		}
		if (target <= 0) {
			*what = "units_target is 0";
			return DIAG_PAY_NO_FACTS;
		}
		ratio_bp(v, payroll_count_items(in, FILTER_SETTLED), target);
	} else if (strcmp(m->code, "penetration_bp") == 0) {
		int64_t units = payroll_count_items(in, FILTER_SETTLED);

		if (units > 0)
			ratio_bp(v, payroll_count_items(in, FILTER_INSURED),
			         units);
	} else if (strcmp(m->code, "scorecard_x100") == 0) {
		if (!in->has_scorecard) {
			*what = "scorecard_x100";
			return DIAG_PAY_NO_FACTS;
		}
		v->num = in->scorecard_x100;
	} else {
		*what = m->code;
		return DIAG_PAY_BAD_RULE;
	}
	return 0;
}

int
payroll_measure(const struct payroll_input *in, const char *code, int64_t *num,
                int64_t *den, const char **what)
{
	const struct mdef *m = payroll_mdef_find(code);
	struct mval v;
	int rc;

	if (m == NULL) {
		*what = code;
		return DIAG_PAY_BAD_RULE;
	}
	rc = measure_value(in, m, &v, what);
	if (rc == 0) {
		*num = v.num;
		*den = v.den;
	}
	return rc;
}

void
payroll_rank(const int64_t *units, size_t n, int64_t *rank)
{
	size_t i, j;

	/* Quadratic, but per scheme version and month: a few hundred. */
	for (i = 0; i < n; i++) {
		if (units[i] <= 0) {
			rank[i] = 0;
			continue;
		}
		rank[i] = 1;
		for (j = 0; j < n; j++)
			if (units[j] > units[i])
				rank[i]++;
	}
}

/* ------------------------------------------------------------ one line */

int
payroll_overflow(const char *code, const char **what)
{
	*what = code;
	return DIAG_PAY_OVERFLOW;
}

/* A step of rule code left the range of the exact rationals. */
static int
step_overflow(const char *code, const char **what)
{
	*what = code;
	return DIAG_PAY_RULE_RANGE;
}

static const struct payroll_param *
param_find(const struct payroll_input *in, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < in->nparams; i++)
		if (strcmp(in->params[i].code, code) == 0)
			return &in->params[i];
	return NULL;
}

static int
line_tier_share(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, struct money_q *val, const char **what)
{
	const struct mdef *bm = payroll_mdef_find(r->measure);
	const struct mdef *tm = payroll_mdef_find(r->tier_measure);
	struct mval base, key;
	int rc, t;

	if ((rc = measure_value(in, bm, &base, what)) != 0 ||
	    (rc = measure_value(in, tm, &key, what)) != 0)
		return rc;
	payroll_add_measure(
	    b, payroll_label(r->tier_measure_name, r->tier_measure), tm, &key,
	    in);
	t = payroll_tier_find(r->tiers, key.num, key.den);
	/* After a full-width bracket, no space before the arrow. */
	if (!payroll_ends_bracket(tm, &key))
		buf_addc(b, ' ');
	if (t < 0) {
		buf_adds(b, "→ 未达最低档，不发放");
		*val = money_q_make(0, 1);
		return 0;
	}
	buf_adds(b, "→ 发放");
	payroll_add_hundredths(b, r->tiers->tiers[t].value);
	buf_adds(b, "% × ");
	payroll_add_yuan(b, base.num);
	*val = money_q_make((__int128)base.num * r->tiers->tiers[t].value,
	                    MONEY_BP_PER_UNIT);
	return 0;
}

/*
 * The key of the rows a car is paid by: its model or class, or "" (the rows
 * for every model) when the table has no row of that key.
 */
static const char *
item_key(const struct payroll_rule *r, const struct payroll_item *it)
{
	const char *k;
	size_t i;

	if (r->item_key == NULL)
		return "";
	k = strcmp(r->item_key, "class") == 0 ? it->car_class : it->model;
	if (k == NULL)
		return "";
	for (i = 0; i < r->tiers->ntiers; i++)
		if (same_key(r->tiers->tiers[i].key, k))
			return k;
	return "";
}

/*
 * Per car: the tier row reached by the car's field, by its ordinal (each
 * car paid at the band of its own rank: marginal), or by an employee-level
 * measure (tier_measure); rows may be keyed by the car's model or class.
 */
static int
line_per_item_tier(const struct payroll_rule *r, const struct payroll_input *in,
                   struct buf *b, struct money_q *val, const char **what)
{
	const struct payroll_tier_table *t = r->tiers;
	const struct mdef *m = payroll_mdef_find(r->measure);
	const struct mdef *tm = NULL;
	const struct payroll_param *per_key = param_find(in, "ordinal_per_key");
	int ordinal = strcmp(r->measure, "ordinal") == 0;
	int64_t *count, none = 0, sum = 0, part, seen = 0, lookup;
	struct mval key;
	const char *plus = "";
	size_t i, j;
	int k, rc, first = 1;

	if (r->tier_measure != NULL) {
		tm = payroll_mdef_find(r->tier_measure);
		if ((rc = measure_value(in, tm, &key, what)) != 0)
			return rc;
		payroll_add_measure(
		    b, payroll_label(r->tier_measure_name, r->tier_measure), tm,
		    &key, in);
		buf_adds(b, "：");
	}
	count = xcalloc(t->ntiers, sizeof(*count));
	for (i = 0; i < in->nitems; i++) {
		const struct payroll_item *it = &in->items[i];

		if (!item_passes(it, r->filter_kind))
			continue;
		if (tm != NULL) {
			k = payroll_tier_find_key(t, item_key(r, it), key.num,
			                          key.den);
		} else {
			if (ordinal) {
				/* Reading #8: one count over all cars, unless
				 * the version counts each class apart. */
				lookup = ++seen;
				if (per_key != NULL && per_key->value != 0) {
					lookup = 0;
					for (j = 0; j <= i; j++)
						lookup +=
						    item_passes(
						        &in->items[j],
						        r->filter_kind) &&
						    strcmp(
						        item_key(r,
						                 &in->items[j]),
						        item_key(r, it)) == 0;
				}
			} else
				lookup = item_value(it, r->measure);
			k = payroll_tier_find_key(t, item_key(r, it), lookup,
			                          1);
		}
		if (k < 0)
			none++;
		else
			count[k]++;
	}
	/* Lowest band first for ordinals, as the cars were counted. */
	for (j = 0; j < t->ntiers; j++) {
		k = ordinal ? (int)j : (int)(t->ntiers - 1 - j);
		if (count[k] == 0)
			continue;
		if (money_muldiv(t->tiers[k].value, count[k], 1, &part) < 0 ||
		    money_add(sum, part, &sum) < 0) {
			free(count);
			return payroll_overflow(r->code, what);
		}
		buf_adds(b, plus);
		if (t->tiers[k].key != NULL && *t->tiers[k].key != '\0')
			buf_printf(b, "%s ", t->tiers[k].key);
		buf_printf(b, "%lld台 × ", (long long)count[k]);
		payroll_add_yuan(b, t->tiers[k].value);
		plus = " + ";
		if (ordinal && t->tiers[k].lo > 1) {
			buf_printf(b, "（第%lld台起）",
			           (long long)t->tiers[k].lo +
			               t->tiers[k].lo_strict);
			plus = "+ ";
		} else if (!ordinal && tm == NULL &&
		           (t->tiers[k].lo > 0 || t->tiers[k].lo_strict)) {
			buf_printf(b, "（%s%s",
			           payroll_label(r->measure_name, r->measure),
			           t->tiers[k].lo_strict ? ">" : "≥");
			payroll_add_bound(b, m, t->tiers[k].lo);
			buf_adds(b, "）");
			plus = "+ ";
		}
		first = 0;
	}
	free(count);
	if (none > 0) {
		buf_printf(b, "%s%lld台未达档位", plus, (long long)none);
		first = 0;
	}
	if (first)
		buf_adds(b, "0台");
	*val = money_q_make(sum, 1);
	return 0;
}

static int
line_item_ratio(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, struct money_q *val, const char **what)
{
	int64_t sum = 0, negative = 0, v;
	size_t i;

	/*
	 * Reading #6: a car sold below cost earns nothing, and does not eat
	 * into the margin of the other cars either.
	 */
	for (i = 0; i < in->nitems; i++) {
		if (!item_passes(&in->items[i], r->filter_kind))
			continue;
		v = item_value(&in->items[i], r->measure);
		if (v < 0)
			negative++;
		else if (money_add(sum, v, &sum) < 0)
			return payroll_overflow(r->code, what);
	}
	buf_printf(b, "%s ", payroll_label(r->measure_name, r->measure));
	payroll_add_yuan(b, sum);
	if (r->ratio_num.v == 1)
		buf_printf(b, " ÷ %lld", (long long)r->ratio_den.v);
	else
		buf_printf(b, " × %lld/%lld", (long long)r->ratio_num.v,
		           (long long)r->ratio_den.v);
	if (negative > 0)
		buf_printf(b, "（%lld台为负，按0计）", (long long)negative);
	*val = money_q_make((__int128)sum * r->ratio_num.v, r->ratio_den.v);
	return 0;
}

static int
line_tier_value(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, struct money_q *val, const char **what)
{
	const struct mdef *tm = payroll_mdef_find(r->tier_measure);
	struct mval key;
	int rc, t;

	if ((rc = measure_value(in, tm, &key, what)) != 0)
		return rc;
	payroll_add_measure(
	    b, payroll_label(r->tier_measure_name, r->tier_measure), tm, &key,
	    in);
	buf_adds(b, payroll_ends_bracket(tm, &key) ? "→ " : " → ");
	t = payroll_tier_find(r->tiers, key.num, key.den);
	if (t < 0) {
		buf_adds(b, "未达最低档");
		*val = money_q_make(0, 1);
		return 0;
	}
	payroll_add_yuan(b, r->tiers->tiers[t].value);
	*val = money_q_make(r->tiers->tiers[t].value, 1);
	return 0;
}

/*
 * The operand of step t: its value (scaled by num/den) in *v, its text in
 * b and its unit in *f. *skip is set when the step's when_param switches
 * it off.
 */
static int
term_operand(const struct payroll_term *t, const struct payroll_input *in,
             const char *shown, struct buf *b, struct money_q *v,
             struct vfmt *f, int *skip, const char **what)
{
	const struct payroll_param *p;
	const struct mdef *m;
	struct mval mv;
	enum munit u = U_COUNT;
	const char *suffix = "", *lbl = NULL, *note = "";
	int src = name_index(source_names, 5, t->source), rc, k;
	size_t i;

	*skip = 0;
	memset(f, 0, sizeof(*f));
	f->suffix = "";
	mv.note[0] = '\0';
	if (t->when_param != NULL) {
		if ((p = param_find(in, t->when_param)) == NULL) {
			*what = t->when_param;
			return DIAG_PAY_BAD_RULE;
		}
		if ((p->value & t->when_mask) == 0) {
			*skip = 1;
			return 0;
		}
	}
	switch ((enum source)src) {
	case S_CONST:
		*v = money_q_make(t->num, t->den);
		if (strcmp(t->op, "mul") == 0 || strcmp(t->op, "div") == 0)
			payroll_add_scale(b, t->num, t->den);
		else {
			payroll_add_yuan(b, money_q_round(*v));
			f->known = 1;
			f->u = U_FEN;
		}
		return 0;
	case S_MEASURE:
		m = payroll_mdef_find(t->ref);
		if ((rc = measure_value(in, m, &mv, what)) != 0)
			return rc;
		*v = money_q_make(mv.num, mv.den);
		u = m->unit;
		suffix = m->suffix;
		lbl = payroll_label(t->ref_name, t->ref);
		/* The rule's condition showed where the figure comes from
		   already: the step repeats only the value. */
		note =
		    shown != NULL && strcmp(shown, t->ref) == 0 ? "" : mv.note;
		break;
	case S_PARAM:
		if ((p = param_find(in, t->ref)) == NULL) {
			*what = t->ref;
			return DIAG_PAY_BAD_RULE;
		}
		*v = money_q_make(p->value, 1);
		u = payroll_unit_of(p->unit);
		lbl = p->name;
		break;
	case S_TIER:
		m = payroll_mdef_find(t->ref);
		if ((rc = measure_value(in, m, &mv, what)) != 0)
			return rc;
		k = payroll_tier_find(t->tiers, mv.num, mv.den);
		*v = money_q_make(k < 0 ? 0 : t->tiers->tiers[k].value, 1);
		payroll_add_yuan(b, money_q_round(*v));
		buf_adds(b, "（");
		payroll_add_labelled(b, payroll_label(t->ref_name, t->ref),
		                     m->unit, m->suffix,
		                     money_q_make(mv.num, mv.den));
		buf_adds(b, k < 0 ? "，未达档位）" : "）");
		f->known = 1;
		f->u = U_FEN;
		break;
	case S_GROUP:
		*v = money_q_make(0, 1);
		for (i = 0; i < in->ngroup_totals; i++)
			if (strcmp(in->group_totals[i].measure, t->ref) == 0)
				*v = money_q_make(in->group_totals[i].value, 1);
		buf_printf(b, "%s合计 ", payroll_label(t->ref_name, t->ref));
		payroll_add_yuan(b, money_q_round(*v));
		f->known = 1;
		f->u = U_FEN;
		break;
	}
	if (src == S_MEASURE || src == S_PARAM) {
		f->known = 1;
		f->u = u;
		f->suffix = u == U_COUNT ? suffix : "";
	}
	if (u == U_COUNT && t->num == 1 && t->den == 100 && src != S_TIER &&
	    src != S_GROUP) {
		/* A count kept in hundredths, like 21.75 days. */
		if (lbl != NULL && *lbl != '\0')
			buf_printf(b, "%s ", lbl);
		payroll_add_hundredths(b, money_q_round(*v));
		buf_adds(b, suffix);
		f->hundredths = 1;
		*v = money_q_make(v->n, v->d * 100);
		return money_q_norm(v) < 0 ? payroll_overflow(t->ref, what) : 0;
	}
	if (src != S_TIER && src != S_GROUP) {
		payroll_add_labelled(b, lbl, u, suffix, *v);
		/* "（DMS 提供）" after a figure received ready-made */
		if (u != U_COUNT)
			buf_adds(b, suffix);
		buf_adds(b, note);
	}
	if (t->num != 1 || t->den != 1) {
		/* A score used as a multiplier: "90分/100". */
		if (u == U_SCORE && t->num == 1 && t->den == MONEY_BP_PER_UNIT)
			buf_adds(b, "/100");
		else if (!(u == U_BP && t->num == 1 &&
		           t->den == MONEY_BP_PER_UNIT)) {
			buf_adds(b, " × ");
			payroll_add_scale(b, t->num, t->den);
			f->known = 0;
		}
		if (money_q_mul(v, money_q_make(t->num, t->den)) < 0)
			return payroll_overflow(t->ref, what);
	}
	return 0;
}

/* A plain "add group" step, which may be merged with the next ones. */
static int
group_add(const struct payroll_term *t)
{
	return strcmp(t->source, "group") == 0 && strcmp(t->op, "add") == 0 &&
	       t->when_param == NULL && t->num == 1 && t->den == 1;
}

/*
 * Consecutive "add group" steps whose rules share a label (养护用品提成 of
 * the met and the missed output target) are one operand: the label shows
 * once with the sum. Returns the index of the last step merged into i.
 */
static size_t
merge_groups(const struct payroll_rule *r, size_t i,
             const struct payroll_input *in, struct buf *b, struct money_q *v)
{
	const char *lbl = payroll_label(r->terms[i].ref_name, r->terms[i].ref);
	size_t j = i, k;
	int64_t sum = 0;

	while (
	    j + 1 < r->nterms && group_add(&r->terms[j + 1]) &&
	    strcmp(payroll_label(r->terms[j + 1].ref_name, r->terms[j + 1].ref),
	           lbl) == 0)
		j++;
	if (j == i)
		return i;
	for (k = i; k <= j; k++) {
		size_t g;

		for (g = 0; g < in->ngroup_totals; g++)
			if (strcmp(in->group_totals[g].measure,
			           r->terms[k].ref) == 0)
				sum += in->group_totals[g].value;
	}
	buf_reset(b);
	buf_printf(b, "%s合计 ", lbl);
	payroll_add_yuan(b, sum);
	*v = money_q_make(sum, 1);
	return j;
}

/*
 * Apply the rule's steps to *val, extending the text in expr. A step that
 * binds tighter than the text so far brackets it with its value, so that
 * the text reads in the usual order of operations and shows every pooled
 * sum and every capped value: "(A + B = 3,000元) × 80%", "(min(10元, 6元)
 * = 6元) × 120瓶". *f is the unit of the running value so far (known = 0
 * when the text so far has none).
 */
static int
apply_terms(const struct payroll_rule *r, const struct payroll_input *in,
            struct buf *expr, struct money_q *val, struct vfmt *cur,
            const char **what)
{
	int compound = 0, rc, skip, op; /* compound: 1 sum, 2 min/max */
	const struct vfmt money = {1, U_FEN, "", 0};
	struct buf operand, tmp;
	struct vfmt f;
	struct money_q v;
	size_t i;

	buf_init(&operand, 0);
	buf_init(&tmp, 0);
	for (i = 0; i < r->nterms; i++) {
		const struct payroll_term *t = &r->terms[i];

		buf_reset(&operand);
		rc = term_operand(t, in, r->cond_measure, &operand, &v, &f,
		                  &skip, what);
		if (rc != 0)
			goto out;
		if (skip)
			continue;
		if (group_add(t))
			i = merge_groups(r, i, in, &operand, &v);
		op = name_index(op_names, 6, t->op);
		rc = 0;
		buf_reset(&tmp);
		if (expr->len == 0 && op == OP_ADD) {
			buf_adds(&tmp, buf_cstr(&operand));
			*cur = f;
		} else {
			/* A sum before a product, or a min/max before
			 * anything, is bracketed with its value. */
			if (compound == 2 ||
			    (compound == 1 && op != OP_ADD && op != OP_SUB &&
			     op != OP_MIN && op != OP_MAX)) {
				buf_printf(&tmp, "(%s", buf_cstr(expr));
				if (cur->known) {
					buf_adds(&tmp, " = ");
					payroll_add_qvalue(&tmp, cur, *val);
				}
				buf_addc(&tmp, ')');
			} else
				buf_adds(&tmp, buf_cstr(expr));
			buf_reset(expr);
			buf_adds(expr, buf_cstr(&tmp));
			buf_reset(&tmp);
			if (op == OP_MIN || op == OP_MAX) {
				buf_printf(&tmp, "%s(%s, %s)",
				           op == OP_MIN ? "min" : "max",
				           buf_cstr(expr), buf_cstr(&operand));
				compound = 2;
				if (!cur->known)
					*cur = f;
			} else if (op == OP_ADD || op == OP_SUB) {
				buf_printf(&tmp, "%s %s %s", buf_cstr(expr),
				           op == OP_ADD ? "+" : "−",
				           buf_cstr(&operand));
				compound = 1;
				if (cur->known && f.known && f.u == cur->u &&
				    cur->suffix[0] == '\0')
					cur->suffix = f.suffix;
			} else {
				buf_printf(&tmp, "%s %s %s", buf_cstr(expr),
				           op == OP_MUL ? "×" : "÷",
				           buf_cstr(&operand));
				compound = 0;
				/* days × pay is pay; pay ÷ pay has no unit */
				if (f.known && f.u == U_FEN && op == OP_MUL)
					*cur = f;
				else if (f.known && f.u == U_FEN &&
				         cur->u == U_FEN)
					cur->known = 0;
			}
		}
		buf_reset(expr);
		buf_adds(expr, buf_cstr(&tmp));
		switch (op) {
		case OP_ADD:
			rc = money_q_add(val, v);
			break;
		case OP_SUB:
			v.n = -v.n;
			rc = money_q_add(val, v);
			break;
		case OP_MUL:
			rc = money_q_mul(val, v);
			break;
		case OP_DIV:
			if (v.n == 0) {
				*what = t->ref != NULL ? t->ref : r->code;
				rc = DIAG_PAY_NO_FACTS;
				goto out;
			}
			rc = money_q_div(val, v);
			break;
		case OP_MIN:
			if (money_q_cmp(v, *val) < 0)
				*val = v;
			break;
		case OP_MAX:
			if (money_q_cmp(v, *val) > 0)
				*val = v;
			break;
		}
		if (rc < 0) {
			rc = step_overflow(r->code, what);
			goto out;
		}
		if (r->terms[i].subtotal != NULL &&
		    *r->terms[i].subtotal != '\0' && i + 1 < r->nterms) {
			/* A named intermediate value: "(… = 奖金池
			 * 13,121.46元)" */
			buf_reset(&tmp);
			buf_printf(&tmp, "(%s = %s ", buf_cstr(expr),
			           r->terms[i].subtotal);
			payroll_add_qvalue(&tmp, cur->known ? cur : &money,
			                   *val);
			buf_addc(&tmp, ')');
			buf_reset(expr);
			buf_adds(expr, buf_cstr(&tmp));
			compound = 0;
		}
	}
	rc = 0;
out:
	buf_free(&operand);
	buf_free(&tmp);
	return rc;
}

/* Does condition (measure, min, max) hold? Its value goes to *cv. */
static int
cond_holds(const struct payroll_input *in, const char *measure,
           struct payroll_opt min, struct payroll_opt max, struct mval *cv,
           int *holds, const char **what)
{
	int rc;

	*holds = 0;
	if ((rc = measure_value(in, payroll_mdef_find(measure), cv, what)) != 0)
		return rc;
	*holds = !((min.set && !ratio_ge(cv->num, cv->den, min.v)) ||
	           (max.set && ratio_ge(cv->num, cv->den, max.v)));
	return 0;
}

static int
line_compute(const struct payroll_rule *r, const struct payroll_input *in,
             int64_t gross_before, struct arena *a, int *applies,
             int64_t *amount_fen, const char **basis, const char **what)
{
	struct mval cv, cv2, v;
	const struct mdef *m;
	struct vfmt cur = {1, U_FEN, "", 0};
	struct buf b, expr;
	struct money_q val = {0, 1};
	int rc = 0, holds = 1, holds2 = 1;

	*applies = 0;
	*amount_fen = 0;
	*basis = NULL;
	if (r->cond_measure != NULL &&
	    (rc = cond_holds(in, r->cond_measure, r->cond_min, r->cond_max, &cv,
	                     &holds, what)) != 0)
		return rc;
	if (holds && r->cond2_measure != NULL &&
	    (rc = cond_holds(in, r->cond2_measure, r->cond2_min, r->cond2_max,
	                     &cv2, &holds2, what)) != 0)
		return rc;
	if (!holds || !holds2)
		return 0;
	buf_init(&b, 0);
	buf_init(&expr, 0);
	if (r->cond_measure != NULL) {
		payroll_add_cond(&b, r->cond_measure_name, r->cond_measure,
		                 r->cond_min, r->cond_max, &cv, in);
		if (r->cond2_measure != NULL)
			buf_adds(&b, "，");
	}
	if (r->cond2_measure != NULL)
		payroll_add_cond(&b, r->cond2_measure_name, r->cond2_measure,
		                 r->cond2_min, r->cond2_max, &cv2, in);
	if (b.len > 0 && r->calc_kind != PAYROLL_FIXED)
		buf_adds(&b, "：");
	switch (r->calc_kind) {
	case PAYROLL_FIXED:
		if (b.len == 0) {
			buf_adds(&expr, "每月固定 ");
			payroll_add_yuan(&expr, r->amount_fen.v);
		}
		val = money_q_make(r->amount_fen.v, 1);
		break;
	case PAYROLL_MEASURE:
		m = payroll_mdef_find(r->measure);
		if ((rc = measure_value(in, m, &v, what)) != 0)
			break;
		buf_printf(&expr, "%s ",
		           payroll_label(r->measure_name, r->measure));
		payroll_add_yuan(&expr, v.num);
		buf_adds(&expr, m->suffix);
		buf_adds(&expr, v.note);
		val = money_q_make(v.num, 1);
		break;
	case PAYROLL_PER_UNIT:
		m = payroll_mdef_find(r->measure);
		if ((rc = measure_value(in, m, &v, what)) != 0)
			break;
		buf_printf(&expr, "%lld%s × ", (long long)v.num, m->suffix);
		payroll_add_yuan(&expr, r->amount_fen.v);
		buf_printf(&expr, "（%s）",
		           payroll_label(r->measure_name, r->measure));
		val = money_q_make((__int128)r->amount_fen.v * v.num, 1);
		break;
	case PAYROLL_TIER_SHARE:
		rc = line_tier_share(r, in, &expr, &val, what);
		break;
	case PAYROLL_PER_ITEM_TIER:
		rc = line_per_item_tier(r, in, &expr, &val, what);
		break;
	case PAYROLL_ITEM_RATIO:
		rc = line_item_ratio(r, in, &expr, &val, what);
		break;
	case PAYROLL_TIER_VALUE:
		rc = line_tier_value(r, in, &expr, &val, what);
		break;
	case PAYROLL_FORMULA:
		break;
	case PAYROLL_TOP_UP:
		/* Reading #15: a floor on the pay of the lines before. */
		buf_adds(&expr, "保障 ");
		payroll_add_yuan(&expr, r->amount_fen.v);
		buf_adds(&expr, " − 以上合计 ");
		payroll_add_yuan(&expr, gross_before);
		val = money_q_make(r->amount_fen.v > gross_before
		                       ? r->amount_fen.v - gross_before
		                       : 0,
		                   1);
		if (val.n == 0)
			buf_adds(&expr, "，无需补足");
		break;
	}
	if (rc == 0 && money_q_norm(&val) < 0)
		rc = payroll_overflow(r->code, what);
	if (rc == 0 && r->nterms > 0) {
		/* The text so far is one operand: bracket sums of it. */
		if (expr.len > 0 && r->calc_kind != PAYROLL_FORMULA) {
			buf_adds(&expr, " = ");
			payroll_add_yuan(&expr, money_q_round(val));
		}
		rc = apply_terms(r, in, &expr, &val, &cur, what);
		if (rc == DIAG_PAY_RULE_RANGE)
			*what = arena_printf(
			    a,
			    "rule %s (%s): a step goes far "
			    "beyond any amount; check the rule's constants "
			    "(hrpress scheme show) and the month's figures it "
			    "reads",
			    r->code, r->name != NULL ? r->name : "");
		if (rc == 0) {
			buf_adds(&expr, " = ");
			payroll_add_yuan(&expr, money_q_round(val));
		}
	}
	if (rc == 0) {
		*amount_fen = money_q_round(val);
		if (*amount_fen > MONEY_MAX_FEN || *amount_fen < -MONEY_MAX_FEN)
			rc = payroll_overflow(r->code, what);
	}
	if (rc == 0) {
		buf_adds(&b, buf_cstr(&expr));
		*applies = 1;
		*basis = arena_strdup(a, buf_cstr(&b));
	}
	buf_free(&b);
	buf_free(&expr);
	return rc;
}

int
payroll_line_compute(const struct payroll_rule *r,
                     const struct payroll_input *in, struct arena *a,
                     int *applies, int64_t *amount_fen, const char **basis,
                     const char **what)
{
	return line_compute(r, in, 0, a, applies, amount_fen, basis, what);
}

/* Add why to the comma-separated list unless it is there already. */
static void
add_problem(struct buf *b, const char **seen, size_t *nseen, const char *why)
{
	size_t i;

	for (i = 0; i < *nseen; i++)
		if (strcmp(seen[i], why) == 0)
			return;
	seen[(*nseen)++] = why;
	if (b->len > 0)
		buf_adds(b, ", ");
	buf_adds(b, why);
}

int
payroll_compute(const struct payroll_rule *rules, size_t n,
                const struct payroll_input *in, struct arena *a,
                struct payroll_slip *out, const char **what)
{
	struct buf problems;
	const char **seen;
	size_t nseen = 0, i;
	int first_rc = 0, rc, applies;
	int64_t amount;
	const char *basis, *why;

	memset(out, 0, sizeof(*out));
	out->lines = arena_alloc(a, (n ? n : 1) * sizeof(*out->lines));
	seen = xcalloc(n + 2, sizeof(*seen));
	buf_init(&problems, 0);
	/* Keep going after a problem so that one run names them all. */
	for (i = 0; i < n; i++) {
		rc = line_compute(&rules[i], in, out->gross_fen, a, &applies,
		                  &amount, &basis, &why);
		if (rc != 0) {
			if (first_rc == 0)
				first_rc = rc;
			add_problem(&problems, seen, &nseen, why);
			continue;
		}
		if (!applies || first_rc != 0)
			continue;
		out->lines[out->nlines].rule = &rules[i];
		out->lines[out->nlines].amount_fen = amount;
		out->lines[out->nlines].basis = basis;
		out->nlines++;
		if (rules[i].category_kind == PAYROLL_DEDUCTION)
			rc = money_add(out->deduction_fen, amount,
			               &out->deduction_fen);
		else
			rc = money_add(out->gross_fen, amount, &out->gross_fen);
		if (rc < 0) {
			first_rc = DIAG_PAY_OVERFLOW;
			add_problem(&problems, seen, &nseen, "total");
		}
	}
	if (first_rc == 0 &&
	    money_add(out->gross_fen, -out->deduction_fen, &out->net_fen) < 0) {
		first_rc = DIAG_PAY_OVERFLOW;
		add_problem(&problems, seen, &nseen, "net");
	}
	*what = first_rc ? arena_strdup(a, buf_cstr(&problems)) : NULL;
	buf_free(&problems);
	free(seen);
	return first_rc;
}
