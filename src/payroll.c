/* SPDX-License-Identifier: MIT */
/*
 * Pay schemes as data → pay lines. The engine knows only the calc kinds, the
 * condition test and how each measure of the catalogue is computed; every
 * rate, amount and tier comes from pay_rule and tier rows. Rates are compared
 * as exact rationals and each line is rounded once, half away from zero.
 */
#include "payroll.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "xmem.h"

#ifndef HRP_VERSION
#define HRP_VERSION "dev"
#endif

/* ------------------------------------------------------------ catalogue */

enum munit { U_FEN, U_BP, U_COUNT, U_SCORE };

enum msrc {
	SRC_FACT,     /* month_fact row */
	SRC_EMPLOYEE, /* employee column */
	SRC_DERIVED,  /* computed from cars, facts or the scorecard */
	SRC_ITEM,     /* a field of one car, read by item rules only */
	SRC_STORE     /* store_fact row of the month */
};

/*
 * How each measure of the schema's catalogue is obtained. The Chinese labels
 * are data (measure.name); only the unit suffix of counts lives here, as it
 * depends on what is counted.
 */
static const struct mdef {
	const char *code;
	enum munit unit;
	enum msrc src;
	const char *suffix; /* after a count: 台, 天, 名 */
} mdefs[] = {
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
};

/* Which cars an item rule reads (pay_rule.item_filter). */
enum filter {
	FILTER_SETTLED, /* NULL or 'settled': settled showroom cars */
	FILTER_FINANCED,
	FILTER_INSURED,
	FILTER_FULL_COVER,
	FILTER_NETWORK /* settled network orders */
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

static const char *const source_names[] = {"const", "measure", "param",
                                           "tier", "group"};
enum source { S_CONST, S_MEASURE, S_PARAM, S_TIER, S_GROUP };

static const char *const category_names[] = {"earning", "award", "deduction"};

/* A measure's value num / den, and for ratios the two counts behind it. */
struct mval {
	int64_t num;
	int64_t den; /* > 0 */
	int parts;   /* a ÷ b is worth showing */
	int64_t a, b;
};

static const struct mdef *
mdef_find(const char *code)
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

int
payroll_tier_find(const struct payroll_tier_table *t, int64_t num, int64_t den)
{
	return payroll_tier_find_key(t, NULL, num, den);
}

int
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
	const struct mdef *m = mdef_find(code);

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
		return bad(why, "pay_term: when_param and when_mask go together");
	t->tiers = NULL;
	switch ((enum source)src) {
	case S_CONST:
		if (t->ref != NULL || t->tier_table != NULL)
			return bad(why, "pay_term: const takes no ref");
		break;
	case S_MEASURE:
		if (!plain_measure(t->ref, -1))
			return bad(why, "pay_term: unknown or item-only measure");
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
		if (!item_field(mdef_find(r->measure)))
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
			return bad(why, "tier_value takes no measure or amount");
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
			return bad(why, "top_up needs amount_fen and no measure");
		break;
	case PAYROLL_ITEM_RATIO:
		if (!item_field(mdef_find(r->measure)) ||
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
	if (r->item_key != NULL &&
	    (calc != PAYROLL_PER_ITEM_TIER ||
	     (strcmp(r->item_key, "model") != 0 &&
	      strcmp(r->item_key, "class") != 0)))
		return bad(why, "item_key is model or class, per_item_tier only");
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

static int64_t
count_items(const struct payroll_input *in, int filter)
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
	v->num = a * 10000;
	v->den = b;
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
		if (fact_find(in, m->code, &v->num) < 0) {
			*what = m->code;
			return DIAG_PAY_NO_FACTS;
		}
		return 0;
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
		v->num = count_items(in, FILTER_SETTLED);
	else if (strcmp(m->code, "network_units") == 0)
		v->num = count_items(in, FILTER_NETWORK);
	else if (strcmp(m->code, "insured_units") == 0)
		v->num = count_items(in, FILTER_INSURED);
	else if (strcmp(m->code, "full_cover_units") == 0)
		v->num = count_items(in, FILTER_FULL_COVER);
	else if (strcmp(m->code, "financed_units") == 0)
		v->num = count_items(in, FILTER_FINANCED);
	else if (strcmp(m->code, "sales_rank") == 0)
		v->num = in->sales_rank;
	else if (strcmp(m->code, "completion_bp") == 0) {
		/* No target, no completion rate: never guess one. */
		if (fact_find(in, "units_target", &target) < 0) {
			*what = "units_target";
			return DIAG_PAY_NO_FACTS;
		}
		if (target <= 0) {
			*what = "units_target is 0";
			return DIAG_PAY_NO_FACTS;
		}
		ratio_bp(v, count_items(in, FILTER_SETTLED), target);
	} else if (strcmp(m->code, "penetration_bp") == 0) {
		int64_t units = count_items(in, FILTER_SETTLED);

		if (units > 0)
			ratio_bp(v, count_items(in, FILTER_INSURED), units);
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
	const struct mdef *m = mdef_find(code);
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

/* ------------------------------------------------------------ basis text */

char *
payroll_yuan(int64_t fen, char *out, size_t size)
{
	char num[48];
	size_t len;

	money_format(fen, 1, num, sizeof(num));
	len = strlen(num);
	if (len > 3 && strcmp(num + len - 3, ".00") == 0)
		num[len - 3] = '\0';
	snprintf(out, size, "%s元", num);
	return out;
}

static void
add_yuan(struct buf *b, int64_t fen)
{
	char s[48];

	buf_adds(b, payroll_yuan(fen, s, sizeof(s)));
}

/* Integer and hundredths, trailing zeros of the fraction dropped. */
static void
add_hundredths(struct buf *b, int64_t v)
{
	int64_t w = v / 100, f = v % 100;

	if (v < 0) {
		buf_addc(b, '-');
		w = -w;
		f = -f;
	}
	buf_printf(b, "%lld", (long long)w);
	if (f % 10 != 0)
		buf_printf(b, ".%02lld", (long long)f);
	else if (f != 0)
		buf_printf(b, ".%lld", (long long)(f / 10));
}

/* A measured rate num / den bp, floored to 0.01%: "75.00%". */
static void
add_rate(struct buf *b, int64_t num, int64_t den)
{
	int64_t bp = num / den;

	assert(den > 0);
	/* Floor, not truncate: a rate is never shown above what it is. */
	if (num % den != 0 && num < 0)
		bp--;
	if (bp < 0) {
		buf_addc(b, '-');
		bp = -bp;
	}
	buf_printf(b, "%lld.%02lld%%", (long long)(bp / 100),
	           (long long)(bp % 100));
}

/* A threshold or share as written in a scheme: "70%", "3,500元", "2台". */
static void
add_bound(struct buf *b, const struct mdef *m, int64_t v)
{
	switch (m->unit) {
	case U_FEN:
		add_yuan(b, v);
		break;
	case U_BP:
		add_hundredths(b, v);
		buf_addc(b, '%');
		break;
	case U_SCORE:
		add_hundredths(b, v);
		buf_adds(b, "分");
		break;
	case U_COUNT:
		buf_printf(b, "%lld%s", (long long)v, m->suffix);
		break;
	}
}

static void
add_value(struct buf *b, const struct mdef *m, const struct mval *v)
{
	if (m->unit == U_BP)
		add_rate(b, v->num, v->den);
	else
		add_bound(b, m, v->num);
	if (v->parts)
		buf_printf(b, "（%lld台 ÷ %lld台）", (long long)v->a,
		           (long long)v->b);
}

static const char *
label(const char *name, const char *code)
{
	return name != NULL && *name != '\0' ? name : code;
}

/* "任务完成率 75.00%（6台 ÷ 8台）", or for the rank "本月销量第1名（12台）". */
static void
add_measure(struct buf *b, const char *lbl, const struct mdef *m,
            const struct mval *v, const struct payroll_input *in)
{
	if (strcmp(m->code, "sales_rank") == 0) {
		buf_printf(b, "本月销量第%lld名（%lld台）", (long long)v->num,
		           (long long)count_items(in, FILTER_SETTLED));
		return;
	}
	buf_printf(b, "%s ", lbl);
	add_value(b, m, v);
}


/* ------------------------------------------------------------ one line */

/*
 * An exact rational value of a line while it is being computed. It is
 * rounded once, at the end; a denominator that grows past QCAP is rescaled
 * to QCAP (10^-9 fen), far below the fen the line is rounded to.
 */
struct q {
	__int128 n;
	__int128 d; /* > 0 */
};

#define QCAP ((__int128)1000000000)
#define QMAX ((__int128)MONEY_MAX_FEN * 1000)

static struct q
q_make(__int128 n, __int128 d)
{
	struct q r;

	r.n = n;
	r.d = d;
	return r;
}

static __int128
q_abs(__int128 x)
{
	return x < 0 ? -x : x;
}

/* n / d rounded half away from zero. */
static __int128
div_round(__int128 n, __int128 d)
{
	__int128 q = n / d, r = n % d;

	if (2 * q_abs(r) >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

/* Reduce; -1 when the value leaves the range a line may have. */
static int
q_norm(struct q *x)
{
	__int128 a = q_abs(x->n), b = x->d, t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	if (a > 1) {
		x->n /= a;
		x->d /= a;
	}
	if (x->d > QCAP) {
		x->n = div_round(x->n * QCAP / 1, x->d);
		x->d = QCAP;
	}
	return q_abs(x->n) / x->d > QMAX ? -1 : 0;
}

static int
q_mul(struct q *x, struct q y)
{
	if (__builtin_mul_overflow(x->n, y.n, &x->n) ||
	    __builtin_mul_overflow(x->d, y.d, &x->d))
		return -1;
	return q_norm(x);
}

static int
q_add(struct q *x, struct q y)
{
	__int128 a, b;

	if (__builtin_mul_overflow(x->n, y.d, &a) ||
	    __builtin_mul_overflow(y.n, x->d, &b) ||
	    __builtin_mul_overflow(x->d, y.d, &x->d))
		return -1;
	x->n = a + b;
	return q_norm(x);
}

static int
q_cmp(struct q x, struct q y)
{
	__int128 a = x.n * y.d, b = y.n * x.d;

	return a < b ? -1 : a > b;
}

static int64_t
q_round(struct q x)
{
	return (int64_t)div_round(x.n, x.d);
}

static int
overflow(const char *code, const char **what)
{
	*what = code;
	return DIAG_PAY_OVERFLOW;
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
                struct buf *b, struct q *val, const char **what)
{
	const struct mdef *bm = mdef_find(r->measure);
	const struct mdef *tm = mdef_find(r->tier_measure);
	struct mval base, key;
	int rc, t;

	if ((rc = measure_value(in, bm, &base, what)) != 0 ||
	    (rc = measure_value(in, tm, &key, what)) != 0)
		return rc;
	add_measure(b, label(r->tier_measure_name, r->tier_measure), tm, &key,
	            in);
	t = payroll_tier_find(r->tiers, key.num, key.den);
	/* After a full-width bracket, no space before the arrow. */
	if (!key.parts)
		buf_addc(b, ' ');
	if (t < 0) {
		buf_adds(b, "→ 未达最低档，不发放");
		*val = q_make(0, 1);
		return 0;
	}
	buf_adds(b, "→ 发放");
	add_hundredths(b, r->tiers->tiers[t].value);
	buf_adds(b, "% × ");
	add_yuan(b, base.num);
	*val = q_make((__int128)base.num * r->tiers->tiers[t].value, 10000);
	return 0;
}

static const char *
item_key(const struct payroll_rule *r, const struct payroll_item *it)
{
	const char *k;

	if (r->item_key == NULL)
		return "";
	k = strcmp(r->item_key, "class") == 0 ? it->car_class : it->model;
	return k != NULL ? k : "";
}

/*
 * Per car: the tier row reached by the car's field, by its ordinal (each
 * car paid at the band of its own rank: marginal), or by an employee-level
 * measure (tier_measure); rows may be keyed by the car's model or class.
 */
static int
line_per_item_tier(const struct payroll_rule *r, const struct payroll_input *in,
                   struct buf *b, struct q *val, const char **what)
{
	const struct payroll_tier_table *t = r->tiers;
	const struct mdef *m = mdef_find(r->measure);
	const struct mdef *tm = NULL;
	const struct payroll_param *per_key = param_find(in, "ordinal_per_key");
	int ordinal = strcmp(r->measure, "ordinal") == 0;
	int64_t *count, none = 0, sum = 0, part, seen = 0, lookup;
	struct mval key;
	const char *plus = "";
	size_t i, j;
	int k, rc, first = 1;

	if (r->tier_measure != NULL) {
		tm = mdef_find(r->tier_measure);
		if ((rc = measure_value(in, tm, &key, what)) != 0)
			return rc;
		add_measure(b, label(r->tier_measure_name, r->tier_measure),
		            tm, &key, in);
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
						lookup += item_passes(
						    &in->items[j],
						    r->filter_kind) &&
						    strcmp(item_key(r,
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
			return overflow(r->code, what);
		}
		buf_adds(b, plus);
		if (t->tiers[k].key != NULL && *t->tiers[k].key != '\0')
			buf_printf(b, "%s ", t->tiers[k].key);
		buf_printf(b, "%lld台 × ", (long long)count[k]);
		add_yuan(b, t->tiers[k].value);
		plus = " + ";
		if (ordinal && t->tiers[k].lo > 1) {
			buf_printf(b, "（第%lld台起）",
			           (long long)t->tiers[k].lo +
			               t->tiers[k].lo_strict);
			plus = "+ ";
		} else if (!ordinal && tm == NULL &&
		           (t->tiers[k].lo > 0 || t->tiers[k].lo_strict)) {
			buf_printf(b, "（%s%s",
			           label(r->measure_name, r->measure),
			           t->tiers[k].lo_strict ? ">" : "≥");
			add_bound(b, m, t->tiers[k].lo);
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
	*val = q_make(sum, 1);
	return 0;
}

static int
line_item_ratio(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, struct q *val, const char **what)
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
			return overflow(r->code, what);
	}
	buf_printf(b, "%s ", label(r->measure_name, r->measure));
	add_yuan(b, sum);
	if (r->ratio_num.v == 1)
		buf_printf(b, " ÷ %lld", (long long)r->ratio_den.v);
	else
		buf_printf(b, " × %lld/%lld", (long long)r->ratio_num.v,
		           (long long)r->ratio_den.v);
	if (negative > 0)
		buf_printf(b, "（%lld台为负，按0计）", (long long)negative);
	*val = q_make((__int128)sum * r->ratio_num.v, r->ratio_den.v);
	return 0;
}

static int
line_tier_value(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, struct q *val, const char **what)
{
	const struct mdef *tm = mdef_find(r->tier_measure);
	struct mval key;
	int rc, t;

	if ((rc = measure_value(in, tm, &key, what)) != 0)
		return rc;
	add_measure(b, label(r->tier_measure_name, r->tier_measure), tm, &key,
	            in);
	buf_adds(b, key.parts ? "→ " : " → ");
	t = payroll_tier_find(r->tiers, key.num, key.den);
	if (t < 0) {
		buf_adds(b, "未达最低档");
		*val = q_make(0, 1);
		return 0;
	}
	add_yuan(b, r->tiers->tiers[t].value);
	*val = q_make(r->tiers->tiers[t].value, 1);
	return 0;
}

/* A scale factor num/den as people write it: "80%", "2", "1/3". */
static void
add_scale(struct buf *b, int64_t num, int64_t den)
{
	if (den == 1)
		buf_printf(b, "%lld", (long long)num);
	else if (den == 100)
		buf_printf(b, "%lld%%", (long long)num);
	else if (den == 10000) {
		add_hundredths(b, num);
		buf_addc(b, '%');
	} else
		buf_printf(b, "%lld/%lld", (long long)num, (long long)den);
}

/* A value num/den of unit u with label, for a formula step. */
static void
add_labelled(struct buf *b, const char *lbl, enum munit u, const char *suffix,
             struct q v)
{
	if (lbl != NULL && *lbl != '\0')
		buf_printf(b, "%s ", lbl);
	switch (u) {
	case U_FEN:
		add_yuan(b, q_round(v));
		break;
	case U_BP:
		add_rate(b, (int64_t)v.n, (int64_t)v.d);
		break;
	case U_SCORE:
		add_hundredths(b, q_round(v));
		buf_adds(b, "分");
		break;
	case U_COUNT:
		buf_printf(b, "%lld%s", (long long)q_round(v), suffix);
		break;
	}
}

static enum munit
unit_of(const char *s)
{
	if (s == NULL)
		return U_COUNT;
	if (strcmp(s, "fen") == 0)
		return U_FEN;
	if (strcmp(s, "bp") == 0)
		return U_BP;
	if (strcmp(s, "score") == 0)
		return U_SCORE;
	return U_COUNT;
}

/*
 * The operand of step t: its value (scaled by num/den) in *v and its text
 * in b. *skip is set when the step's when_param switches it off.
 */
static int
term_operand(const struct payroll_term *t, const struct payroll_input *in,
             struct buf *b, struct q *v, int *skip, const char **what)
{
	const struct payroll_param *p;
	const struct mdef *m;
	struct mval mv;
	enum munit u = U_COUNT;
	const char *suffix = "", *lbl = NULL;
	int src = name_index(source_names, 5, t->source), rc, k;
	size_t i;

	*skip = 0;
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
		*v = q_make(t->num, t->den);
		if (strcmp(t->op, "mul") == 0 || strcmp(t->op, "div") == 0)
			add_scale(b, t->num, t->den);
		else
			add_yuan(b, q_round(*v));
		return 0;
	case S_MEASURE:
		m = mdef_find(t->ref);
		if ((rc = measure_value(in, m, &mv, what)) != 0)
			return rc;
		*v = q_make(mv.num, mv.den);
		u = m->unit;
		suffix = m->suffix;
		lbl = label(t->ref_name, t->ref);
		break;
	case S_PARAM:
		if ((p = param_find(in, t->ref)) == NULL) {
			*what = t->ref;
			return DIAG_PAY_BAD_RULE;
		}
		*v = q_make(p->value, 1);
		u = unit_of(p->unit);
		lbl = p->name;
		break;
	case S_TIER:
		m = mdef_find(t->ref);
		if ((rc = measure_value(in, m, &mv, what)) != 0)
			return rc;
		k = payroll_tier_find(t->tiers, mv.num, mv.den);
		*v = q_make(k < 0 ? 0 : t->tiers->tiers[k].value, 1);
		add_yuan(b, q_round(*v));
		buf_adds(b, "（");
		add_labelled(b, label(t->ref_name, t->ref), m->unit, m->suffix,
		             q_make(mv.num, mv.den));
		buf_adds(b, k < 0 ? "，未达档位）" : "）");
		break;
	case S_GROUP:
		*v = q_make(0, 1);
		for (i = 0; i < in->ngroup_totals; i++)
			if (strcmp(in->group_totals[i].measure, t->ref) == 0)
				*v = q_make(in->group_totals[i].value, 1);
		buf_printf(b, "%s合计 ", label(t->ref_name, t->ref));
		add_yuan(b, q_round(*v));
		break;
	}
	if (u == U_COUNT && t->num == 1 && t->den == 100 && src != S_TIER &&
	    src != S_GROUP) {
		/* A count kept in hundredths, like 21.75 days. */
		if (lbl != NULL && *lbl != '\0')
			buf_printf(b, "%s ", lbl);
		add_hundredths(b, q_round(*v));
		buf_adds(b, suffix);
		*v = q_make(v->n, v->d * 100);
		return q_norm(v) < 0 ? overflow(t->ref, what) : 0;
	}
	if (src != S_TIER && src != S_GROUP)
		add_labelled(b, lbl, u, suffix, *v);
	if (t->num != 1 || t->den != 1) {
		/* A score used as a multiplier: "90分/100". */
		if (u == U_SCORE && t->num == 1 && t->den == 10000)
			buf_adds(b, "/100");
		else if (!(u == U_BP && t->num == 1 && t->den == 10000)) {
			buf_adds(b, " × ");
			add_scale(b, t->num, t->den);
		}
		if (q_mul(v, q_make(t->num, t->den)) < 0)
			return overflow(t->ref, what);
	}
	return 0;
}

/*
 * Apply the rule's steps to *val, extending the text in expr. A step that
 * binds tighter than the text so far brackets it, so that the text reads
 * in the usual order of operations.
 */
static int
apply_terms(const struct payroll_rule *r, const struct payroll_input *in,
            struct buf *expr, struct q *val, const char **what)
{
	int additive = 0, rc, skip, op;
	struct buf operand, tmp;
	struct q v;
	size_t i;

	buf_init(&operand, 0);
	buf_init(&tmp, 0);
	for (i = 0; i < r->nterms; i++) {
		const struct payroll_term *t = &r->terms[i];

		buf_reset(&operand);
		rc = term_operand(t, in, &operand, &v, &skip, what);
		if (rc != 0)
			goto out;
		if (skip)
			continue;
		op = name_index(op_names, 6, t->op);
		rc = 0;
		buf_reset(&tmp);
		if (expr->len == 0 && op == OP_ADD) {
			buf_adds(&tmp, buf_cstr(&operand));
		} else if (op == OP_MIN || op == OP_MAX) {
			buf_printf(&tmp, "%s(%s, %s)", op == OP_MIN ? "min"
			                                            : "max",
			           buf_cstr(expr), buf_cstr(&operand));
			additive = 0;
		} else if (op == OP_ADD || op == OP_SUB) {
			buf_printf(&tmp, "%s %s %s", buf_cstr(expr),
			           op == OP_ADD ? "+" : "−", buf_cstr(&operand));
			additive = 1;
		} else {
			if (additive)
				buf_printf(&tmp, "(%s)", buf_cstr(expr));
			else
				buf_adds(&tmp, buf_cstr(expr));
			buf_printf(&tmp, " %s %s", op == OP_MUL ? "×" : "÷",
			           buf_cstr(&operand));
			additive = 0;
		}
		buf_reset(expr);
		buf_adds(expr, buf_cstr(&tmp));
		switch (op) {
		case OP_ADD:
			rc = q_add(val, v);
			break;
		case OP_SUB:
			v.n = -v.n;
			rc = q_add(val, v);
			break;
		case OP_MUL:
			rc = q_mul(val, v);
			break;
		case OP_DIV:
			if (v.n == 0) {
				*what = t->ref != NULL ? t->ref : r->code;
				rc = DIAG_PAY_NO_FACTS;
				goto out;
			}
			rc = q_mul(val, q_make(v.n < 0 ? -v.d : v.d,
			                       q_abs(v.n)));
			break;
		case OP_MIN:
			if (q_cmp(v, *val) < 0)
				*val = v;
			break;
		case OP_MAX:
			if (q_cmp(v, *val) > 0)
				*val = v;
			break;
		}
		if (rc < 0) {
			rc = overflow(r->code, what);
			goto out;
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
	if ((rc = measure_value(in, mdef_find(measure), cv, what)) != 0)
		return rc;
	*holds = !((min.set && !ratio_ge(cv->num, cv->den, min.v)) ||
	           (max.set && ratio_ge(cv->num, cv->den, max.v)));
	return 0;
}

static void
add_cond(struct buf *b, const char *lbl, const char *code,
         struct payroll_opt min, struct payroll_opt max, const struct mval *v,
         const struct payroll_input *in)
{
	const struct mdef *m = mdef_find(code);
	const char *sp;

	if (strcmp(code, "on_probation") == 0) {
		/* A flag reads better as words than as "0 < 1". */
		buf_adds(b, v->num != 0 ? "试用期内" : "已转正");
		return;
	}
	add_measure(b, label(lbl, code), m, v, in);
	if (strcmp(m->code, "sales_rank") == 0)
		return;
	sp = v->parts ? "" : " ";
	if (min.set && max.set) {
		buf_adds(b, "，在 ");
		add_bound(b, m, min.v);
		buf_adds(b, "（含）至 ");
		add_bound(b, m, max.v);
		buf_adds(b, " 之间");
	} else if (min.set) {
		buf_printf(b, "%s≥ ", sp);
		add_bound(b, m, min.v);
	} else {
		buf_printf(b, "%s< ", sp);
		add_bound(b, m, max.v);
	}
}

static int
line_compute(const struct payroll_rule *r, const struct payroll_input *in,
             int64_t gross_before, struct arena *a, int *applies,
             int64_t *amount_fen, const char **basis, const char **what)
{
	struct mval cv, cv2, v;
	const struct mdef *m;
	struct buf b, expr;
	struct q val = {0, 1};
	int rc = 0, holds = 1, holds2 = 1;

	*applies = 0;
	*amount_fen = 0;
	*basis = NULL;
	if (r->cond_measure != NULL &&
	    (rc = cond_holds(in, r->cond_measure, r->cond_min, r->cond_max,
	                     &cv, &holds, what)) != 0)
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
		add_cond(&b, r->cond_measure_name, r->cond_measure, r->cond_min,
		         r->cond_max, &cv, in);
		if (r->cond2_measure != NULL)
			buf_adds(&b, "，");
	}
	if (r->cond2_measure != NULL)
		add_cond(&b, r->cond2_measure_name, r->cond2_measure,
		         r->cond2_min, r->cond2_max, &cv2, in);
	if (b.len > 0 && r->calc_kind != PAYROLL_FIXED)
		buf_adds(&b, "：");
	switch (r->calc_kind) {
	case PAYROLL_FIXED:
		if (b.len == 0) {
			buf_adds(&expr, "每月固定 ");
			add_yuan(&expr, r->amount_fen.v);
		}
		val = q_make(r->amount_fen.v, 1);
		break;
	case PAYROLL_MEASURE:
		m = mdef_find(r->measure);
		if ((rc = measure_value(in, m, &v, what)) != 0)
			break;
		buf_printf(&expr, "%s ", label(r->measure_name, r->measure));
		add_yuan(&expr, v.num);
		val = q_make(v.num, 1);
		break;
	case PAYROLL_PER_UNIT:
		m = mdef_find(r->measure);
		if ((rc = measure_value(in, m, &v, what)) != 0)
			break;
		buf_printf(&expr, "%lld%s × ", (long long)v.num, m->suffix);
		add_yuan(&expr, r->amount_fen.v);
		buf_printf(&expr, "（%s）", label(r->measure_name, r->measure));
		val = q_make((__int128)r->amount_fen.v * v.num, 1);
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
		add_yuan(&expr, r->amount_fen.v);
		buf_adds(&expr, " − 以上合计 ");
		add_yuan(&expr, gross_before);
		val = q_make(r->amount_fen.v > gross_before
		                 ? r->amount_fen.v - gross_before
		                 : 0,
		             1);
		if (val.n == 0)
			buf_adds(&expr, "，无需补足");
		break;
	}
	if (rc == 0 && q_norm(&val) < 0)
		rc = overflow(r->code, what);
	if (rc == 0 && r->nterms > 0) {
		/* The text so far is one operand: bracket sums of it. */
		if (expr.len > 0 && r->calc_kind != PAYROLL_FORMULA) {
			buf_adds(&expr, " = ");
			add_yuan(&expr, q_round(val));
		}
		rc = apply_terms(r, in, &expr, &val, what);
		if (rc == 0) {
			buf_adds(&expr, " = ");
			add_yuan(&expr, q_round(val));
		}
	}
	if (rc == 0) {
		*amount_fen = q_round(val);
		if (*amount_fen > MONEY_MAX_FEN || *amount_fen < -MONEY_MAX_FEN)
			rc = overflow(r->code, what);
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


/* ------------------------------------------------------------ deductions */

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
	*amount_fen = (int64_t)div_round(n, (__int128)10000 * unit) * unit +
	              r->fixed_fen;
	if (*amount_fen > MONEY_MAX_FEN)
		return DIAG_PAY_OVERFLOW;
	buf_init(&b, 0);
	buf_adds(&b, "缴费基数 ");
	add_yuan(&b, base);
	if (base != base_fen) {
		buf_adds(&b, base > base_fen ? "（申报 " : "（申报 ");
		add_yuan(&b, base_fen);
		buf_adds(&b, base > base_fen ? "，按下限）" : "，按上限）");
	}
	buf_adds(&b, " × ");
	add_hundredths(&b, r->rate_bp);
	buf_addc(&b, '%');
	if (r->fixed_fen != 0) {
		buf_adds(&b, " + ");
		add_yuan(&b, r->fixed_fen);
	}
	if (unit == 100)
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
	int64_t taxable = in->gross_fen - deduct_fen - in->special_fen -
	                  in->extra_fen;
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
	add_yuan(&b, in->gross_fen);
	buf_printf(&b, " − 减除费用 %d个月 × ", in->months);
	add_yuan(&b, in->threshold_fen);
	buf_adds(&b, " − 专项扣除 ");
	add_yuan(&b, in->special_fen);
	if (in->extra_fen != 0) {
		buf_adds(&b, " − 专项附加扣除 ");
		add_yuan(&b, in->extra_fen);
	}
	buf_adds(&b, " = 应纳税所得额 ");
	add_yuan(&b, taxable);
	buf_adds(&b, " × ");
	add_hundredths(&b, in->brackets[k].rate_bp);
	buf_addc(&b, '%');
	if (in->brackets[k].quick_fen != 0) {
		buf_adds(&b, " − 速算扣除数 ");
		add_yuan(&b, in->brackets[k].quick_fen);
	}
	buf_adds(&b, " = ");
	add_yuan(&b, cum);
	buf_adds(&b, " − 已预扣 ");
	add_yuan(&b, in->withheld_fen);
	if (due < 0)
		buf_adds(&b, "，不足部分不退，本月预扣0元");
	*basis = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return 0;
}

/* ------------------------------------------------------------ a month */

/* A scheme version in force for the month, with its prepared rules. */
struct version {
	const char *scheme_id;
	int64_t id; /* scheme_version.id; 0: none */
	const char *valid_from;
	struct payroll_rule *rules;
	size_t nrules;
	struct payroll_tier_table *tables;
	size_t ntables;
	struct db_rows params; /* code, position_id, name, unit, value */
	int grouped;           /* a rule reads other employees' lines */
	int bad;               /* a rule was reported invalid */
};

struct emp {
	const char *id;
	const char *name;
	const char *city;
	const char *hire_date;
	const char *probation_end;
	const char *scheme_id; /* NULL: neither employee nor post */
	const char *position_id;
	const char *dept_id;
	const char *dept_name;
	struct version *ver;
	struct payroll_input in;
	struct payroll_fact *facts; /* in.facts, filled in a second pass */
	struct payroll_item *items; /* in.items, likewise */
	struct payroll_slip slip;
	const char *failure; /* why it could not be computed, or NULL */
};

/* Reads cells, reporting the first one of the wrong type once. */
struct reader {
	const struct db_rows *rows;
	const char *table;
	struct diag *d;
	int bad;
};

static int64_t
rd_int(struct reader *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r->rows, row, col);

	if (v->type == FMT_V_INT)
		return v->i;
	if (v->type != FMT_V_NULL && !r->bad)
		diag_report(r->d, DIAG_DB_DATA, NULL,
		            "table %s, column %s: not an integer", r->table,
		            r->rows->cols[col]);
	if (v->type != FMT_V_NULL)
		r->bad = 1;
	return 0;
}

static struct payroll_opt
rd_opt(struct reader *r, size_t row, size_t col)
{
	struct payroll_opt o;

	o.set = db_cell(r->rows, row, col)->type != FMT_V_NULL;
	o.v = rd_int(r, row, col);
	return o;
}

static const char *
rd_text(struct reader *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r->rows, row, col);

	if (v->type == FMT_V_TEXT)
		return v->s;
	if (v->type != FMT_V_NULL && !r->bad) {
		diag_report(r->d, DIAG_DB_DATA, NULL,
		            "table %s, column %s: not text", r->table,
		            r->rows->cols[col]);
		r->bad = 1;
	}
	return NULL;
}

static struct db_param
ptext(const char *name, const char *s)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.v.type = FMT_V_TEXT;
	p.v.s = s;
	return p;
}

static struct db_param
pint(const char *name, int64_t i)
{
	struct db_param p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.v.type = FMT_V_INT;
	p.v.i = i;
	return p;
}

static const char sql_employees[] =
    "SELECT e.id, e.base_fen, e.perf_fen,"
    " coalesce(e.scheme_id, p.scheme_id), e.position_id, d.id, d.name,"
    " e.name, e.grade, e.hire_date, e.probation_end, s.city"
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
    " ORDER BY r.version_id DESC LIMIT 1))"
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

/* Everything one run holds; freed with the arena. */
struct run {
	struct db *db;
	const char *month;
	struct arena *a;
	struct diag *d;
	struct emp *emps; /* in department order */
	size_t nemps;
	struct emp **by_id; /* sorted by id, for lookups */
	struct version *vers;
	size_t nvers;
};

static int
emp_cmp(const void *x, const void *y)
{
	const struct emp *const *a = x, *const *b = y;

	return strcmp((*a)->id, (*b)->id);
}

static struct emp *
emp_find(struct run *run, const char *id)
{
	struct emp key, *kp = &key, **hit;

	if (id == NULL)
		return NULL;
	key.id = id;
	hit =
	    bsearch(&kp, run->by_id, run->nemps, sizeof(*run->by_id), emp_cmp);
	return hit ? *hit : NULL;
}

static int
last_day(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* service_years and on_probation at the last day of month. */
static void
dates(struct emp *e, const char *month)
{
	int y, m, hy = 0, hm = 0, hd = 0, years;
	char last[16];

	if (fmt_parse_month(month, &y, &m) < 0 || e->hire_date == NULL ||
	    sscanf(e->hire_date, "%d-%d-%d", &hy, &hm, &hd) != 3)
		return;
	/* Completed years: the anniversary counts once it is reached. */
	years = y - hy;
	if (m < hm)
		years--;
	/* Within the anniversary month, assume the day has come by the end. */
	e->in.service_years = years > 0 ? years : 0;
	snprintf(last, sizeof(last), "%s-%02d", month, last_day(y, m));
	/* Reading #22: probation still running at the month's end. */
	e->in.on_probation = e->probation_end != NULL &&
	                     *e->probation_end != '\0' &&
	                     strcmp(e->probation_end, last) >= 0;
}

static int
load_employees(struct run *run)
{
	struct db_rows rows;
	struct db_param p[2];
	struct reader rd = {&rows, "employee", run->d, 0};
	char first[16], last[16];
	size_t i;

	/* Dates compare as text: every day of the month is <= "-31". */
	snprintf(first, sizeof(first), "%s-01", run->month);
	snprintf(last, sizeof(last), "%s-31", run->month);
	p[0] = ptext("first", first);
	p[1] = ptext("last", last);
	if (db_query(run->db, sql_employees, NULL, p, 2, run->a, &rows,
	             run->d) < 0)
		return -1;
	run->nemps = rows.nrows;
	run->emps = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*run->emps));
	run->by_id =
	    arena_alloc(run->a, (rows.nrows + 1) * sizeof(*run->by_id));
	for (i = 0; i < rows.nrows; i++) {
		struct emp *e = &run->emps[i];

		e->id = rd_text(&rd, i, 0);
		e->in.employee_id = e->id;
		e->in.month = run->month;
		e->in.base_fen = rd_int(&rd, i, 1);
		e->in.perf_fen = rd_int(&rd, i, 2);
		e->scheme_id = rd_text(&rd, i, 3);
		e->position_id = rd_text(&rd, i, 4);
		e->dept_id = rd_text(&rd, i, 5);
		e->dept_name = rd_text(&rd, i, 6);
		e->name = rd_text(&rd, i, 7);
		e->in.grade = rd_int(&rd, i, 8);
		e->hire_date = rd_text(&rd, i, 9);
		e->probation_end = rd_text(&rd, i, 10);
		e->city = rd_text(&rd, i, 11);
		dates(e, run->month);
		run->by_id[i] = e;
	}
	if (rd.bad)
		return -1;
	qsort(run->by_id, run->nemps, sizeof(*run->by_id), emp_cmp);
	return 0;
}

static int
load_tiers(struct run *run, struct version *v)
{
	struct db_rows rows;
	struct db_param p = pint("version", v->id);
	struct reader rd = {&rows, "tier", run->d, 0};
	struct payroll_tier *tiers;
	size_t i;

	if (db_query(run->db, sql_tiers, NULL, &p, 1, run->a, &rows, run->d) <
	    0)
		return -1;
	tiers = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*tiers));
	v->tables = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*v->tables));
	/* Rows come grouped by table_code: one table per run of rows. */
	for (i = 0; i < rows.nrows; i++) {
		const char *code = rd_text(&rd, i, 0);
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
		tiers[i].lo = rd_int(&rd, i, 1);
		tiers[i].lo_strict = rd_int(&rd, i, 2) != 0;
		tiers[i].value = rd_int(&rd, i, 3);
		tiers[i].note = rd_text(&rd, i, 4);
		tiers[i].key = rd_text(&rd, i, 5);
		t->ntiers++;
	}
	return rd.bad ? -1 : 0;
}

/* The pay_term rows of rule r (rows are ordered by rule code, seq). */
static void
attach_terms(struct payroll_rule *r, const struct db_rows *rows,
             struct reader *rd, struct arena *a)
{
	size_t i, n = 0;

	for (i = 0; i < rows->nrows; i++)
		if (r->code != NULL && strcmp(rd_text(rd, i, 0), r->code) == 0)
			n++;
	r->terms = NULL;
	r->nterms = 0;
	if (n == 0)
		return;
	r->terms = arena_alloc(a, n * sizeof(*r->terms));
	for (i = 0; i < rows->nrows; i++) {
		struct payroll_term *t = &r->terms[r->nterms];

		if (strcmp(rd_text(rd, i, 0), r->code) != 0)
			continue;
		t->seq = (int)rd_int(rd, i, 1);
		t->op = rd_text(rd, i, 2);
		t->source = rd_text(rd, i, 3);
		t->ref = rd_text(rd, i, 4);
		t->tier_table = rd_text(rd, i, 5);
		t->num = rd_int(rd, i, 6);
		t->den = rd_int(rd, i, 7);
		t->when_param = rd_text(rd, i, 8);
		t->when_mask = rd_int(rd, i, 9);
		t->ref_name = rd_text(rd, i, 10);
		r->nterms++;
	}
}

static int
load_rules(struct run *run, struct version *v)
{
	struct db_rows rows;
	struct db_param p = pint("version", v->id);
	struct reader rd = {&rows, "pay_rule", run->d, 0};
	struct db_rows terms;
	struct reader rt = {&terms, "pay_term", run->d, 0};
	const char *why;
	size_t i, j;

	if (load_tiers(run, v) < 0)
		return -1;
	if (db_query(run->db, sql_rules, NULL, &p, 1, run->a, &rows, run->d) <
	        0 ||
	    db_query(run->db, sql_terms, NULL, &p, 1, run->a, &terms,
	             run->d) < 0 ||
	    db_query(run->db, sql_params, NULL, &p, 1, run->a, &v->params,
	             run->d) < 0)
		return -1;
	v->nrules = rows.nrows;
	v->rules = arena_alloc(run->a, (rows.nrows + 1) * sizeof(*v->rules));
	for (i = 0; i < rows.nrows; i++) {
		struct payroll_rule *r = &v->rules[i];

		r->seq = (int)rd_int(&rd, i, 0);
		r->code = rd_text(&rd, i, 1);
		r->name = rd_text(&rd, i, 2);
		r->category = rd_text(&rd, i, 3);
		r->calc = rd_text(&rd, i, 4);
		r->measure = rd_text(&rd, i, 5);
		r->tier_table = rd_text(&rd, i, 6);
		r->tier_measure = rd_text(&rd, i, 7);
		r->amount_fen = rd_opt(&rd, i, 8);
		r->ratio_num = rd_opt(&rd, i, 9);
		r->ratio_den = rd_opt(&rd, i, 10);
		r->item_filter = rd_text(&rd, i, 11);
		r->cond_measure = rd_text(&rd, i, 12);
		r->cond_min = rd_opt(&rd, i, 13);
		r->cond_max = rd_opt(&rd, i, 14);
		r->note = rd_text(&rd, i, 15);
		r->measure_name = rd_text(&rd, i, 16);
		r->tier_measure_name = rd_text(&rd, i, 17);
		r->cond_measure_name = rd_text(&rd, i, 18);
		r->item_key = rd_text(&rd, i, 19);
		r->cond2_measure = rd_text(&rd, i, 20);
		r->cond2_min = rd_opt(&rd, i, 21);
		r->cond2_max = rd_opt(&rd, i, 22);
		r->cond2_measure_name = rd_text(&rd, i, 23);
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
load_versions(struct run *run)
{
	size_t i, j;

	run->vers = arena_alloc(run->a, (run->nemps + 1) * sizeof(*run->vers));
	for (i = 0; i < run->nemps; i++) {
		struct emp *e = &run->emps[i];
		struct version *v = NULL;
		struct db_rows rows;
		struct db_param p[2];
		struct reader rd = {&rows, "scheme_version", run->d, 0};

		if (e->scheme_id == NULL)
			continue;
		for (j = 0; j < run->nvers; j++)
			if (strcmp(run->vers[j].scheme_id, e->scheme_id) == 0)
				v = &run->vers[j];
		if (v == NULL) {
			v = &run->vers[run->nvers++];
			v->scheme_id = e->scheme_id;
			p[0] = ptext("scheme", e->scheme_id);
			p[1] = ptext("month", run->month);
			if (db_query(run->db, sql_version, NULL, p, 2, run->a,
			             &rows, run->d) < 0)
				return -1;
			if (rows.nrows > 0) {
				v->id = rd_int(&rd, 0, 0);
				v->valid_from = rd_text(&rd, 0, 1);
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
load_month(struct run *run)
{
	struct db_rows facts, sales, scores, store;
	struct db_param p = ptext("month", run->month);
	struct reader rf = {&facts, "month_fact", run->d, 0};
	struct reader rs = {&sales, "vehicle_sale", run->d, 0};
	struct reader rk = {&scores, "kpi_score", run->d, 0};
	struct reader rt = {&store, "store_fact", run->d, 0};
	struct payroll_fact *sf;
	struct emp *e;
	size_t i, j;

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
		sf[i].measure = rd_text(&rt, i, 0);
		sf[i].value = rd_int(&rt, i, 1);
		if (sf[i].measure == NULL)
			sf[i].measure = "";
	}
	/* Count first, then fill arrays of the right size. */
	for (i = 0; i < facts.nrows; i++)
		if ((e = emp_find(run, rd_text(&rf, i, 0))) != NULL)
			e->in.nfacts++;
	for (i = 0; i < sales.nrows; i++)
		if ((e = emp_find(run, rd_text(&rs, i, 0))) != NULL)
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
		for (j = 0; j < run->nemps; j++)
			e->in.position_headcount +=
			    strcmp(run->emps[j].position_id, e->position_id) ==
			    0;
	}
	for (i = 0; i < facts.nrows; i++) {
		struct payroll_fact *f;

		if ((e = emp_find(run, rd_text(&rf, i, 0))) == NULL)
			continue;
		f = &e->facts[e->in.nfacts++];
		f->measure = rd_text(&rf, i, 1);
		f->value = rd_int(&rf, i, 2);
		if (f->measure == NULL)
			f->measure = "";
	}
	for (i = 0; i < sales.nrows; i++) {
		struct payroll_item *it;

		if ((e = emp_find(run, rd_text(&rs, i, 0))) == NULL)
			continue;
		it = &e->items[e->in.nitems++];
		it->price_fen = rd_int(&rs, i, 1);
		it->network = rd_int(&rs, i, 2) != 0;
		it->settled = rd_int(&rs, i, 3) != 0;
		it->insured = rd_int(&rs, i, 4) != 0;
		it->full_cover = rd_int(&rs, i, 5) != 0;
		it->financed = rd_int(&rs, i, 6) != 0;
		it->loan_fee_fen = rd_int(&rs, i, 7);
		it->acc_margin_fen = rd_int(&rs, i, 8);
		it->margin_fen = rd_int(&rs, i, 9);
		it->over_limit_fen = rd_int(&rs, i, 10);
		it->model = rd_text(&rs, i, 11);
		it->car_class = rd_text(&rs, i, 12);
	}
	for (i = 0; i < scores.nrows; i++) {
		if ((e = emp_find(run, rd_text(&rk, i, 0))) == NULL)
			continue;
		e->in.has_scorecard = 1;
		e->in.scorecard_x100 = rd_int(&rk, i, 1);
	}
	return rf.bad || rs.bad || rk.bad || rt.bad ? -1 : 0;
}

/* The parameters of e's version, a position's own value first. */
static void
resolve_params(struct run *run, struct emp *e)
{
	const struct db_rows *rows = &e->ver->params;
	struct reader rd = {rows, "pay_param", run->d, 0};
	struct payroll_param *ps;
	size_t i, n = 0;

	ps = arena_alloc(run->a, (rows->nrows + 1) * sizeof(*ps));
	/* Rows come ordered by code, then position_id ('' first). */
	for (i = 0; i < rows->nrows; i++) {
		const char *code = rd_text(&rd, i, 0);
		const char *pos = rd_text(&rd, i, 1);
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
		p->name = rd_text(&rd, i, 2);
		p->unit = rd_text(&rd, i, 3);
		p->value = rd_int(&rd, i, 4);
	}
	e->in.params = ps;
	e->in.nparams = n;
}

/* sales_rank: among the employees on the same scheme version. */
static void
rank_employees(struct run *run)
{
	int64_t *units = xcalloc(run->nemps + 1, sizeof(*units));
	int64_t *rank = xcalloc(run->nemps + 1, sizeof(*rank));
	struct emp **group = xcalloc(run->nemps + 1, sizeof(*group));
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

/* Statutory deduction data of the run's tax year. */
struct statutory {
	struct db_rows rates;   /* si_rate of the year */
	struct db_rows bases;   /* si_base of the year */
	struct db_rows earlier; /* per employee: gross, si, tax of earlier runs */
	struct db_rows extra;   /* per employee: special additional, to date */
	struct payroll_iit_bracket *brackets;
	size_t nbrackets;
	int64_t threshold_fen;
	int year, month; /* of the run */
};

static const char sql_si_rates[] =
    "SELECT city, item, name, rate_bp, fixed_fen, base_min_fen,"
    " base_max_fen, round_fen FROM si_rate WHERE year = :year"
    " ORDER BY city, CASE item WHEN 'pension' THEN 1 WHEN 'medical' THEN 2"
    " WHEN 'unemployment' THEN 3 ELSE 4 END";
static const char sql_si_bases[] =
    "SELECT employee_id, base_fen FROM si_base WHERE year = :year";
static const char sql_brackets[] =
    "SELECT upto_fen, rate_bp, quick_fen FROM iit_bracket"
    " WHERE year_from = (SELECT max(year_from) FROM iit_bracket"
    " WHERE year_from <= :year) ORDER BY rate_bp";
static const char sql_threshold[] =
    "SELECT monthly_fen FROM iit_threshold WHERE year_from ="
    " (SELECT max(year_from) FROM iit_threshold WHERE year_from <= :year)";
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
    " WHERE r.month >= :jan AND r.month < :month GROUP BY s.employee_id";
static const char sql_extra[] =
    "SELECT employee_id, sum(amount_fen) FROM iit_deduction"
    " WHERE month >= :jan AND month <= :month GROUP BY employee_id";
static const char sql_runs[] =
    "SELECT month FROM pay_run WHERE month >= :jan AND month < :month";

static int
load_statutory(struct run *run, struct statutory *st)
{
	struct db_param p[3];
	struct db_rows br, th, runs;
	struct reader rd = {&br, "iit_bracket", run->d, 0};
	struct reader rt = {&th, "iit_threshold", run->d, 0};
	char jan[16], m[32];
	size_t i;
	int k;

	fmt_parse_month(run->month, &st->year, &st->month);
	/* fmt_parse_month() checked the month: four-digit year, 1..12. */
	st->year %= 10000;
	snprintf(jan, sizeof(jan), "%04d-01", st->year);
	p[0] = pint("year", st->year);
	p[1] = ptext("jan", jan);
	p[2] = ptext("month", run->month);
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
	    db_query(run->db, sql_runs, NULL, p, 3, run->a, &runs, run->d) < 0)
		return -1;
	if (br.nrows == 0 || th.nrows == 0) {
		diag_report(run->d, DIAG_PAY_NO_RATES, NULL,
		            "no income tax table (iit_bracket, iit_threshold) "
		            "in force in %d",
		            st->year);
		return 0;
	}
	st->brackets = arena_alloc(run->a, br.nrows * sizeof(*st->brackets));
	st->nbrackets = br.nrows;
	for (i = 0; i < br.nrows; i++) {
		st->brackets[i].has_upto =
		    db_cell(&br, i, 0)->type != FMT_V_NULL;
		st->brackets[i].upto_fen = rd_int(&rd, i, 0);
		st->brackets[i].rate_bp = rd_int(&rd, i, 1);
		st->brackets[i].quick_fen = rd_int(&rd, i, 2);
	}
	st->threshold_fen = rd_int(&rt, 0, 0);
	/*
	 * Tax is cumulative over the year: an earlier month without a stored
	 * run counts as a month without wages. Say so, once per month.
	 */
	for (k = 1; k < st->month; k++) {
		snprintf(m, sizeof(m), "%04d-%02d", st->year, k % 100);
		for (i = 0; i < runs.nrows; i++)
			if (strcmp(db_cell(&runs, i, 0)->s, m) == 0)
				break;
		if (i == runs.nrows)
			diag_report(run->d, DIAG_PAY_NO_RUN, NULL,
			            "%s: income tax of %s counts it as a month "
			            "without wages",
			            m, run->month);
	}
	return rd.bad || rt.bad ? -1 : 0;
}

static int64_t
row_int(const struct db_rows *rows, const char *id, size_t col, int *found)
{
	size_t i;

	*found = 0;
	for (i = 0; i < rows->nrows; i++)
		if (strcmp(db_cell(rows, i, 0)->s, id) == 0 &&
		    db_cell(rows, i, col)->type == FMT_V_INT) {
			*found = 1;
			return db_cell(rows, i, col)->i;
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
static int
deduct(struct run *run, const struct statutory *st, struct emp *e,
       const char **what)
{
	static const char *const codes[] = {"si_pension", "si_medical",
	                                    "si_unemployment", "si_housing"};
	static const char *const items[] = {"pension", "medical",
	                                    "unemployment", "housing"};
	struct payroll_iit_input ti;
	struct payroll_si_rate r;
	const char *basis;
	int64_t base, amount, si = 0;
	int found, rows = 0, hy = 0, hm = 0, hd = 0, k;
	size_t i;

	base = row_int(&st->bases, e->id, 1, &found);
	for (i = 0; found && i < st->rates.nrows; i++) {
		const struct db_rows *t = &st->rates;

		if (e->city == NULL || strcmp(db_cell(t, i, 0)->s, e->city) != 0)
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
			return overflow("social insurance", what);
		for (k = 0; k < 4; k++)
			if (strcmp(items[k], r.item) == 0)
				break;
		slip_add(run->a, &e->slip,
		         statutory_rule(run->a, codes[k], r.name), amount,
		         basis, e->slip.nlines + 2);
		si += amount;
	}
	if (found && rows == 0) {
		*what = arena_printf(run->a,
		                     "no si_rate rows for city %s, year %d",
		                     e->city ? e->city : "", st->year);
		return DIAG_PAY_NO_RATES;
	}
	if (st->nbrackets == 0)
		return 0;
	memset(&ti, 0, sizeof(ti));
	ti.gross_fen = e->slip.gross_fen + row_int(&st->earlier, e->id, 1, &found);
	ti.special_fen = si + row_int(&st->earlier, e->id, 2, &found);
	ti.withheld_fen = row_int(&st->earlier, e->id, 3, &found);
	ti.extra_fen = row_int(&st->extra, e->id, 1, &found);
	/* Months employed this year: from January or the hiring month. */
	ti.months = st->month;
	if (e->hire_date != NULL &&
	    sscanf(e->hire_date, "%d-%d-%d", &hy, &hm, &hd) == 3 &&
	    hy == st->year)
		ti.months = st->month - hm + 1;
	ti.threshold_fen = st->threshold_fen;
	ti.brackets = st->brackets;
	ti.nbrackets = st->nbrackets;
	if (payroll_iit(&ti, run->a, &amount, &basis) != 0)
		return overflow("iit", what);
	slip_add(run->a, &e->slip, statutory_rule(run->a, "iit", "个人所得税"),
	         amount, basis, e->slip.nlines + 2);
	return 0;
}

/* Sum of each rule code's lines over the employees computed so far. */
static void
group_totals(struct run *run, struct payroll_fact **out, size_t *n)
{
	struct payroll_fact *t;
	size_t i, j, k, cap = 0;

	for (i = 0; i < run->nemps; i++)
		cap += run->emps[i].slip.nlines;
	t = arena_alloc(run->a, (cap + 1) * sizeof(*t));
	*n = 0;
	for (i = 0; i < run->nemps; i++) {
		const struct payroll_slip *s = &run->emps[i].slip;

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

static void
fail(struct run *run, struct emp *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
fail(struct run *run, struct emp *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	e->failure = arena_vprintf(run->a, fmt, ap);
	va_end(ap);
	diag_report(run->d, code, NULL, "employee %s, %s: %s", e->id,
	            run->month, e->failure);
}

/*
 * Compute every employee; report each one that cannot be computed. Rules
 * that read other employees' lines (source group) run in a second pass,
 * after everyone else.
 */
static int
compute_all(struct run *run)
{
	struct statutory st;
	struct payroll_fact *totals = NULL;
	size_t ntotals = 0, i;
	int failed = 0, rc, pass;
	const char *what;

	memset(&st, 0, sizeof(st));
	if (load_statutory(run, &st) < 0)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			group_totals(run, &totals, &ntotals);
		for (i = 0; i < run->nemps; i++) {
			struct emp *e = &run->emps[i];

			if (e->ver != NULL && e->ver->grouped != pass)
				continue;
			if (e->ver == NULL && pass == 1)
				continue;
			if (e->scheme_id == NULL) {
				fail(run, e, DIAG_PAY_NO_SCHEME,
				     "neither the employee nor position %s "
				     "has a pay scheme",
				     e->position_id);
				failed = 1;
				continue;
			}
			if (e->ver->id == 0) {
				fail(run, e, DIAG_PAY_NO_SCHEME,
				     "scheme %s has no version valid in %s",
				     e->scheme_id, run->month);
				failed = 1;
				continue;
			}
			if (e->ver->bad) {
				/* Already reported once for the rule. */
				e->failure = "invalid rule in its scheme";
				failed = 1;
				continue;
			}
			resolve_params(run, e);
			e->in.group_totals = totals;
			e->in.ngroup_totals = ntotals;
			rc = payroll_compute(e->ver->rules, e->ver->nrules,
			                     &e->in, run->a, &e->slip, &what);
			if (rc == 0)
				rc = deduct(run, &st, e, &what);
			if (rc != 0) {
				fail(run, e, rc, "%s", what);
				failed = 1;
			}
		}
	}
	return failed ? -1 : 0;
}

static const char sql_del_lines[] =
    "DELETE FROM pay_line WHERE run_id IN"
    " (SELECT id FROM pay_run WHERE month = :month)";
static const char sql_del_slips[] =
    "DELETE FROM pay_slip WHERE run_id IN"
    " (SELECT id FROM pay_run WHERE month = :month)";
static const char sql_del_run[] = "DELETE FROM pay_run WHERE month = :month";
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
store(struct run *run)
{
	struct db_param p[8];
	struct db_rows rows;
	struct reader rd = {&rows, "pay_run", run->d, 0};
	int64_t run_id;
	size_t i, j;

	/* Explicit deletes: the result must not depend on foreign_keys. */
	p[0] = ptext("month", run->month);
	p[1] = ptext("generator", "hrpress " HRP_VERSION);
	if (db_query(run->db, sql_del_lines, NULL, p, 1, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_del_slips, NULL, p, 1, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_del_run, NULL, p, 1, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_ins_run, NULL, p, 2, run->a, NULL, run->d) <
	        0 ||
	    db_query(run->db, sql_run_id, NULL, p, 1, run->a, &rows, run->d) <
	        0)
		return -1;
	assert(rows.nrows == 1);
	run_id = rd_int(&rd, 0, 0);
	for (i = 0; i < run->nemps; i++) {
		const struct emp *e = &run->emps[i];

		p[0] = pint("run", run_id);
		p[1] = ptext("employee", e->id);
		p[2] = pint("version", e->ver->id);
		p[3] = pint("gross", e->slip.gross_fen);
		p[4] = pint("deduction", e->slip.deduction_fen);
		p[5] = pint("net", e->slip.net_fen);
		if (db_query(run->db, sql_ins_slip, NULL, p, 6, run->a, NULL,
		             run->d) < 0)
			return -1;
		for (j = 0; j < e->slip.nlines; j++) {
			const struct payroll_line *l = &e->slip.lines[j];

			p[2] = pint("seq", (int64_t)j + 1);
			p[3] = ptext("code", l->rule->code);
			p[4] = ptext("name", l->rule->name);
			p[5] = ptext("category", l->rule->category);
			p[6] = ptext("basis", l->basis);
			p[7] = pint("amount", l->amount_fen);
			if (db_query(run->db, sql_ins_line, NULL, p, 8, run->a,
			             NULL, run->d) < 0)
				return -1;
		}
	}
	return 0;
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
failures(const struct run *run)
{
	struct payroll_summary *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->arena = arena_new();
	s->month = arena_strdup(s->arena, run->month);
	s->failed =
	    arena_alloc(s->arena, (run->nemps + 1) * sizeof(*s->failed));
	for (i = 0; i < run->nemps; i++) {
		const struct emp *e = &run->emps[i];
		struct payroll_failure *f;

		if (e->failure == NULL)
			continue;
		f = &s->failed[s->nfailed++];
		f->employee_id = arena_strdup(s->arena, e->id);
		f->name = arena_strdup(s->arena, e->name ? e->name : "");
		f->reason = arena_strdup(s->arena, e->failure);
	}
	s->total.department_name = "合计";
	return s;
}

static struct payroll_summary *
summarise(const struct run *run)
{
	struct payroll_summary *s = xcalloc(1, sizeof(*s));
	struct payroll_total *t = NULL;
	size_t i;

	s->arena = arena_new();
	s->month = arena_strdup(s->arena, run->month);
	s->depts = arena_alloc(s->arena, (run->nemps + 1) * sizeof(*s->depts));
	/* Employees come ordered by department: one total per run of them. */
	for (i = 0; i < run->nemps; i++) {
		const struct emp *e = &run->emps[i];

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
	struct run run;
	int errors = diag_errors(d), rc = -1;

	if (out != NULL)
		*out = NULL;
	if (fmt_parse_month(month, NULL, NULL) < 0) {
		diag_report(d, DIAG_CLI_BAD_MONTH, NULL, "%s", month);
		return -1;
	}
	memset(&run, 0, sizeof(run));
	run.db = db;
	run.month = month;
	run.d = d;
	run.a = arena_new();
	/* Read and write under one lock, so the month is consistent. */
	if (db_begin(db, d) < 0) {
		arena_free(run.a);
		return -1;
	}
	if (load_employees(&run) < 0 || load_versions(&run) < 0 ||
	    load_month(&run) < 0)
		goto out;
	rank_employees(&run);
	if (compute_all(&run) < 0 || diag_errors(d) > errors)
		goto out;
	if (store(&run) < 0 || db_commit(db, d) < 0)
		goto out;
	if (out != NULL)
		*out = summarise(&run);
	rc = 0;
out:
	if (rc < 0 && out != NULL && run.emps != NULL)
		*out = failures(&run);
	if (rc < 0)
		db_rollback(db);
	arena_free(run.a);
	return rc;
}

static const char sql_stored[] =
    "SELECT l.employee_id, e.name, l.seq, l.rule_code, l.name, l.category,"
    " l.basis, l.amount_fen"
    " FROM pay_line l JOIN pay_run r ON r.id = l.run_id"
    " JOIN employee e ON e.id = l.employee_id"
    " JOIN position p ON p.id = e.position_id"
    " JOIN department d ON d.id = p.department_id"
    " WHERE r.month = :month ORDER BY d.sort, d.id, e.id, l.seq";

long
payroll_stored(struct db *db, const char *month, struct arena *a,
               struct payroll_stored_line **out, int *found, struct diag *d)
{
	struct db_param p = ptext("month", month);
	struct db_rows rows, runs;
	struct reader rd = {&rows, "pay_line", d, 0};
	struct payroll_stored_line *ls;
	size_t i;

	*out = NULL;
	*found = 0;
	if (fmt_parse_month(month, NULL, NULL) < 0) {
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
		ls[i].employee_id = rd_text(&rd, i, 0);
		ls[i].employee_name = rd_text(&rd, i, 1);
		ls[i].seq = (int)rd_int(&rd, i, 2);
		ls[i].rule_code = rd_text(&rd, i, 3);
		ls[i].name = rd_text(&rd, i, 4);
		ls[i].category = rd_text(&rd, i, 5);
		ls[i].basis = rd_text(&rd, i, 6);
		ls[i].amount_fen = rd_int(&rd, i, 7);
	}
	if (rd.bad)
		return -1;
	*out = ls;
	return (long)rows.nrows;
}
