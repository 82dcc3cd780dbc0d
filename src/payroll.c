/* SPDX-License-Identifier: MIT */
/*
 * Pay schemes as data → pay lines. The engine knows only the calc kinds, the
 * condition test and how each measure of the catalogue is computed; every
 * rate, amount and tier comes from pay_rule and tier rows. Rates are compared
 * as exact rationals and each line is rounded once, half away from zero.
 */
#include "payroll.h"

#include <assert.h>
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
	SRC_ITEM      /* a field of one car, read by item rules only */
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

static const char *const calc_names[] = {"fixed",         "measure",
                                         "per_unit",      "tier_share",
                                         "per_item_tier", "item_ratio"};

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

int
payroll_tier_find(const struct payroll_tier_table *t, int64_t num, int64_t den)
{
	int best = -1;
	size_t i;

	assert(den > 0);
	/* Do not rely on the order: take the greatest (lo, strict) reached. */
	for (i = 0; i < t->ntiers; i++) {
		const struct payroll_tier *r = &t->tiers[i];
		int reached = r->lo_strict ? ratio_gt(num, den, r->lo)
		                           : ratio_ge(num, den, r->lo);

		if (!reached)
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

int
payroll_rule_prepare(struct payroll_rule *r,
                     const struct payroll_tier_table *tables, size_t n,
                     const char **why)
{
	int calc, cat, filter = FILTER_SETTLED;
	int uses_tier = 0;
	size_t i;

	calc = name_index(calc_names, 6, r->calc);
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
		uses_tier = 1;
		break;
	case PAYROLL_ITEM_RATIO:
		if (!item_field(mdef_find(r->measure)))
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
	if (calc != PAYROLL_TIER_SHARE && r->tier_measure != NULL)
		return bad(why, "tier_measure belongs to tier_share");
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
	case SRC_DERIVED:
		break;
	}
	if (strcmp(m->code, "units") == 0)
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

static void
add_condition(struct buf *b, const struct payroll_rule *r, const struct mdef *m,
              const struct mval *v, const struct payroll_input *in)
{
	const char *sp;

	add_measure(b, label(r->cond_measure_name, r->cond_measure), m, v, in);
	if (strcmp(m->code, "sales_rank") == 0)
		return;
	/* A full-width bracket already sets the comparison apart. */
	sp = v->parts ? "" : " ";
	if (r->cond_min.set && r->cond_max.set) {
		buf_adds(b, "，在 ");
		add_bound(b, m, r->cond_min.v);
		buf_adds(b, "（含）至 ");
		add_bound(b, m, r->cond_max.v);
		buf_adds(b, " 之间");
	} else if (r->cond_min.set) {
		buf_printf(b, "%s≥ ", sp);
		add_bound(b, m, r->cond_min.v);
	} else {
		buf_printf(b, "%s< ", sp);
		add_bound(b, m, r->cond_max.v);
	}
}

/* ------------------------------------------------------------ one line */

static int
overflow(const char *code, const char **what)
{
	*what = code;
	return DIAG_PAY_OVERFLOW;
}

static int
line_tier_share(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, int64_t *amount, const char **what)
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
		*amount = 0;
		return 0;
	}
	buf_adds(b, "→ 发放");
	add_hundredths(b, r->tiers->tiers[t].value);
	buf_adds(b, "% × ");
	add_yuan(b, base.num);
	if (money_apply_bp(base.num, r->tiers->tiers[t].value, amount) < 0)
		return overflow(r->code, what);
	return 0;
}

static int
line_per_item_tier(const struct payroll_rule *r, const struct payroll_input *in,
                   struct buf *b, int64_t *amount, const char **what)
{
	const struct payroll_tier_table *t = r->tiers;
	const struct mdef *m = mdef_find(r->measure);
	int64_t *count, none = 0, sum = 0, part;
	const char *plus = "";
	size_t i;
	int k, first = 1;

	count = xcalloc(t->ntiers, sizeof(*count));
	for (i = 0; i < in->nitems; i++) {
		if (!item_passes(&in->items[i], r->filter_kind))
			continue;
		k = payroll_tier_find(t, item_value(&in->items[i], r->measure),
		                      1);
		if (k < 0)
			none++;
		else
			count[k]++;
	}
	/* Highest tier first, as people read a commission sheet. */
	for (k = (int)t->ntiers - 1; k >= 0; k--) {
		if (count[k] == 0)
			continue;
		if (money_muldiv(t->tiers[k].value, count[k], 1, &part) < 0 ||
		    money_add(sum, part, &sum) < 0) {
			free(count);
			return overflow(r->code, what);
		}
		buf_printf(b, "%s%lld台 × ", plus, (long long)count[k]);
		add_yuan(b, t->tiers[k].value);
		plus = " + ";
		if (t->tiers[k].lo > 0 || t->tiers[k].lo_strict) {
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
	*amount = sum;
	return 0;
}

static int
line_item_ratio(const struct payroll_rule *r, const struct payroll_input *in,
                struct buf *b, int64_t *amount, const char **what)
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
	if (money_muldiv(sum, r->ratio_num.v, r->ratio_den.v, amount) < 0)
		return overflow(r->code, what);
	return 0;
}

int
payroll_line_compute(const struct payroll_rule *r,
                     const struct payroll_input *in, struct arena *a,
                     int *applies, int64_t *amount_fen, const char **basis,
                     const char **what)
{
	const struct mdef *cm = NULL, *m;
	struct mval cv, v;
	struct buf b;
	int rc = 0;

	*applies = 0;
	*amount_fen = 0;
	*basis = NULL;
	if (r->cond_measure != NULL) {
		cm = mdef_find(r->cond_measure);
		if ((rc = measure_value(in, cm, &cv, what)) != 0)
			return rc;
		if ((r->cond_min.set &&
		     !ratio_ge(cv.num, cv.den, r->cond_min.v)) ||
		    (r->cond_max.set &&
		     ratio_ge(cv.num, cv.den, r->cond_max.v)))
			return 0;
	}
	buf_init(&b, 0);
	if (cm != NULL) {
		add_condition(&b, r, cm, &cv, in);
		if (r->calc_kind != PAYROLL_FIXED)
			buf_adds(&b, "：");
	}
	switch (r->calc_kind) {
	case PAYROLL_FIXED:
		if (cm == NULL) {
			buf_adds(&b, "每月固定 ");
			add_yuan(&b, r->amount_fen.v);
		}
		*amount_fen = r->amount_fen.v;
		break;
	case PAYROLL_MEASURE:
		m = mdef_find(r->measure);
		if ((rc = measure_value(in, m, &v, what)) != 0)
			break;
		buf_printf(&b, "%s ", label(r->measure_name, r->measure));
		add_yuan(&b, v.num);
		*amount_fen = v.num;
		break;
	case PAYROLL_PER_UNIT:
		m = mdef_find(r->measure);
		if ((rc = measure_value(in, m, &v, what)) != 0)
			break;
		buf_printf(&b, "%lld%s × ", (long long)v.num, m->suffix);
		add_yuan(&b, r->amount_fen.v);
		buf_printf(&b, "（%s）", label(r->measure_name, r->measure));
		if (money_muldiv(r->amount_fen.v, v.num, 1, amount_fen) < 0)
			rc = overflow(r->code, what);
		break;
	case PAYROLL_TIER_SHARE:
		rc = line_tier_share(r, in, &b, amount_fen, what);
		break;
	case PAYROLL_PER_ITEM_TIER:
		rc = line_per_item_tier(r, in, &b, amount_fen, what);
		break;
	case PAYROLL_ITEM_RATIO:
		rc = line_item_ratio(r, in, &b, amount_fen, what);
		break;
	}
	if (rc == 0 &&
	    (*amount_fen > MONEY_MAX_FEN || *amount_fen < -MONEY_MAX_FEN))
		rc = overflow(r->code, what);
	if (rc == 0) {
		*applies = 1;
		*basis = arena_strdup(a, buf_cstr(&b));
	}
	buf_free(&b);
	return rc;
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
		rc = payroll_line_compute(&rules[i], in, a, &applies, &amount,
		                          &basis, &why);
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
	int bad; /* a rule was reported invalid */
};

struct emp {
	const char *id;
	const char *scheme_id; /* NULL: neither employee nor post */
	const char *position_id;
	const char *dept_id;
	const char *dept_name;
	struct version *ver;
	struct payroll_input in;
	struct payroll_fact *facts; /* in.facts, filled in a second pass */
	struct payroll_item *items; /* in.items, likewise */
	struct payroll_slip slip;
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
    " coalesce(e.scheme_id, p.scheme_id), e.position_id, d.id, d.name"
    " FROM employee e"
    " JOIN position p ON p.id = e.position_id"
    " JOIN department d ON d.id = p.department_id"
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
    " r.note, m1.name, m2.name, m3.name"
    " FROM pay_rule r"
    " LEFT JOIN measure m1 ON m1.code = r.measure"
    " LEFT JOIN measure m2 ON m2.code = r.tier_measure"
    " LEFT JOIN measure m3 ON m3.code = r.cond_measure"
    " WHERE r.version_id = :version ORDER BY r.seq";

static const char sql_tiers[] =
    "SELECT table_code, lo, lo_strict, value, note FROM tier"
    " WHERE version_id = :version ORDER BY table_code, lo, lo_strict";

static const char sql_facts[] =
    "SELECT employee_id, measure, value FROM month_fact"
    " WHERE month = :month";

static const char sql_sales[] =
    "SELECT employee_id, price_fen, channel = 'network', settled, insured,"
    " full_cover, financed, loan_fee_fen, acc_price_fen - acc_cost_fen"
    " FROM vehicle_sale WHERE month = :month ORDER BY employee_id, id";

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
		t->ntiers++;
	}
	return rd.bad ? -1 : 0;
}

static int
load_rules(struct run *run, struct version *v)
{
	struct db_rows rows;
	struct db_param p = pint("version", v->id);
	struct reader rd = {&rows, "pay_rule", run->d, 0};
	const char *why;
	size_t i;

	if (load_tiers(run, v) < 0)
		return -1;
	if (db_query(run->db, sql_rules, NULL, &p, 1, run->a, &rows, run->d) <
	    0)
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
		if (rd.bad)
			return -1;
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
	struct db_rows facts, sales, scores;
	struct db_param p = ptext("month", run->month);
	struct reader rf = {&facts, "month_fact", run->d, 0};
	struct reader rs = {&sales, "vehicle_sale", run->d, 0};
	struct reader rk = {&scores, "kpi_score", run->d, 0};
	struct emp *e;
	size_t i;

	if (db_query(run->db, sql_facts, NULL, &p, 1, run->a, &facts, run->d) <
	        0 ||
	    db_query(run->db, sql_sales, NULL, &p, 1, run->a, &sales, run->d) <
	        0 ||
	    db_query(run->db, sql_scores, NULL, &p, 1, run->a, &scores,
	             run->d) < 0)
		return -1;
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
	}
	for (i = 0; i < scores.nrows; i++) {
		if ((e = emp_find(run, rd_text(&rk, i, 0))) == NULL)
			continue;
		e->in.has_scorecard = 1;
		e->in.scorecard_x100 = rd_int(&rk, i, 1);
	}
	return rf.bad || rs.bad || rk.bad ? -1 : 0;
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

/* Compute every employee; report each one that cannot be computed. */
static int
compute_all(struct run *run)
{
	int failed = 0, rc;
	const char *what;
	size_t i;

	for (i = 0; i < run->nemps; i++) {
		struct emp *e = &run->emps[i];

		if (e->scheme_id == NULL) {
			diag_report(
			    run->d, DIAG_PAY_NO_SCHEME, NULL,
			    "employee %s: neither the employee nor position "
			    "%s has a pay scheme",
			    e->id, e->position_id);
			failed = 1;
			continue;
		}
		if (e->ver->id == 0) {
			diag_report(
			    run->d, DIAG_PAY_NO_SCHEME, NULL,
			    "employee %s: scheme %s has no version valid in "
			    "%s",
			    e->id, e->scheme_id, run->month);
			failed = 1;
			continue;
		}
		if (e->ver->bad) {
			/* Already reported once for the rule itself. */
			failed = 1;
			continue;
		}
		rc = payroll_compute(e->ver->rules, e->ver->nrules, &e->in,
		                     run->a, &e->slip, &what);
		if (rc != 0) {
			diag_report(run->d, rc, NULL, "employee %s, %s: %s",
			            e->id, run->month, what);
			failed = 1;
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
	t->headcount++;
	/* Each slip is within range; a month's sum of them fits in int64. */
	t->gross_fen += s->gross_fen;
	t->deduction_fen += s->deduction_fen;
	t->net_fen += s->net_fen;
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
	if (rc < 0)
		db_rollback(db);
	arena_free(run.a);
	return rc;
}
