/* SPDX-License-Identifier: MIT */
/*
 * Pay schemes as a clerk sees them: the editable numbers of a version as
 * items (scheme.h), shown, exported to CSV and imported as a new version.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "import.h"
#include "money.h"
#include "scheme.h"
#include "utf8.h"
#include "xmem.h"

/* ------------------------------------------------------------ values */

const char *
scheme_unit_label(enum scheme_unit u)
{
	switch (u) {
	case SCHEME_YUAN:
		return "元";
	case SCHEME_PERCENT:
		return "%";
	case SCHEME_POINTS:
		return "分";
	case SCHEME_COUNT:
		return "数量";
	case SCHEME_FLAG:
		return "选项";
	}
	return "";
}

/* value / 100 with at most two decimals, trailing zeros cut. */
static void
hundredths(int64_t v, char out[32])
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	const char *sign = v < 0 ? "-" : "";

	if (a % 100 == 0)
		snprintf(out, 32, "%s%" PRIu64, sign, a / 100);
	else if (a % 10 == 0)
		snprintf(out, 32, "%s%" PRIu64 ".%" PRIu64, sign, a / 100,
		         a % 100 / 10);
	else
		snprintf(out, 32, "%s%" PRIu64 ".%02" PRIu64, sign, a / 100,
		         a % 100);
}

void
scheme_format_value(enum scheme_unit u, int64_t value, char out[32])
{
	if (u == SCHEME_COUNT || u == SCHEME_FLAG)
		snprintf(out, 32, "%" PRId64, value);
	else
		hundredths(value, out);
}

int
scheme_parse_value(enum scheme_unit u, const char *s, int64_t *value,
                   const char **why)
{
	char tmp[64];
	size_t n = strlen(s);

	if (n == 0) {
		*why = "empty: a number is needed";
		return -1;
	}
	if (n >= sizeof(tmp)) {
		*why = "too long for a number";
		return -1;
	}
	memcpy(tmp, s, n + 1);
	switch (u) {
	case SCHEME_YUAN:
		/* "400元" as well as "400" and "¥400" */
		if (n > 3 && strcmp(tmp + n - 3, "元") == 0)
			tmp[n - 3] = '\0';
		return import_parse_yuan(tmp, 0, value, why);
	case SCHEME_PERCENT:
		return import_parse_dec2(tmp, 1, value, why);
	case SCHEME_POINTS:
		if (n > 3 && strcmp(tmp + n - 3, "分") == 0)
			tmp[n - 3] = '\0';
		return import_parse_dec2(tmp, 0, value, why);
	case SCHEME_COUNT:
	case SCHEME_FLAG:
		return import_parse_count(tmp, value, why);
	}
	*why = "unknown unit";
	return -1;
}

static int
cp_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t
scheme_text_width(const char *s)
{
	size_t w = 0, len = strlen(s);
	uint32_t c;
	int n;

	while (len > 0) {
		n = utf8_decode(s, len, &c);
		if (n <= 0) {
			n = 1;
			c = '?';
		}
		w += cp_wide(c) ? 2 : 1;
		s += n;
		len -= (size_t)n;
	}
	return w;
}

/* s, then spaces up to width columns. */
static void
pad(struct buf *b, const char *s, size_t width)
{
	size_t w = scheme_text_width(s);

	buf_adds(b, s);
	while (w++ < width)
		buf_addc(b, ' ');
}

/* ------------------------------------------------------------ queries */

static struct fmt_value
vtext(const char *s)
{
	struct fmt_value v;

	memset(&v, 0, sizeof(v));
	if (s == NULL) {
		v.type = FMT_V_NULL;
	} else {
		v.type = FMT_V_TEXT;
		v.s = s;
	}
	return v;
}

static struct fmt_value
vint(int64_t i)
{
	struct fmt_value v;

	memset(&v, 0, sizeof(v));
	v.type = FMT_V_INT;
	v.i = i;
	return v;
}

static const char *
ctext(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_TEXT ? v->s : NULL;
}

static int
cnull(const struct db_rows *r, size_t row, size_t col)
{
	return db_cell(r, row, col)->type == FMT_V_NULL;
}

static int64_t
cint(const struct db_rows *r, size_t row, size_t col)
{
	const struct fmt_value *v = db_cell(r, row, col);

	return v->type == FMT_V_INT ? v->i : 0;
}

/* ------------------------------------------------------------ items */

enum item_kind { IT_RULE, IT_TIER, IT_PARAM, IT_TERM };

struct item {
	enum item_kind kind;
	const char *id, *desc, *note;
	enum scheme_unit unit;
	int64_t value;
	/* where it is stored */
	const char *code; /* rule code, table code, param code */
	const char *key;  /* tier key, param position_id */
	const char *col;  /* column of pay_rule; "from"/"value" of tier */
	int64_t lo, seq;  /* tier lo, term seq */
	int strict, mul;  /* tier lo_strict; term is mul/div (bp) */
	/* import */
	int line;
	int64_t newval;
};

struct version {
	int64_t id;
	const char *scheme, *name, *valid_from, *note;
	struct item *items;
	size_t nitems, cap;
	/* rules, for show */
	struct db_rows rules;
};

static struct item *
item_add(struct version *v)
{
	struct item *it;

	v->items = xgrow(v->items, &v->cap, v->nitems + 1, sizeof(*it));
	it = &v->items[v->nitems++];
	memset(it, 0, sizeof(*it));
	return it;
}

static enum scheme_unit
unit_of(const char *u)
{
	if (u == NULL)
		return SCHEME_COUNT;
	if (strcmp(u, "fen") == 0)
		return SCHEME_YUAN;
	if (strcmp(u, "bp") == 0)
		return SCHEME_PERCENT;
	if (strcmp(u, "score") == 0)
		return SCHEME_POINTS;
	if (strcmp(u, "flag") == 0)
		return SCHEME_FLAG;
	return SCHEME_COUNT;
}

static int
find_scheme(struct db *db, const char *scheme, struct arena *a,
            const char **name, struct diag *d)
{
	static const char sql[] = "SELECT name FROM scheme WHERE id = :s";
	struct db_param p[1] = {{"s", vtext(scheme)}};
	struct db_rows r;

	if (db_query(db, sql, NULL, p, 1, a, &r, d) < 0)
		return -1;
	if (r.nrows == 0) {
		static const char all[] =
		    "SELECT group_concat(id, ', ') FROM"
		    " (SELECT id FROM scheme ORDER BY id)";
		struct db_rows l;
		const char *ids = NULL;

		if (db_query(db, all, NULL, NULL, 0, a, &l, d) == 0 &&
		    l.nrows == 1)
			ids = ctext(&l, 0, 0);
		diag_report(
		    d, DIAG_SCHEME_UNKNOWN, NULL,
		    "%s; the schemes are: %s (hrpress scheme list shows them)",
		    scheme, ids != NULL ? ids : "none");
		return -1;
	}
	*name = ctext(&r, 0, 0);
	return 0;
}

/* The version: valid from version, in force in month, or the latest. */
static int
find_version(struct db *db, const char *scheme, const char *version,
             const char *month, struct arena *a, struct version *v,
             struct diag *d)
{
	static const char sql[] =
	    "SELECT id, valid_from, note FROM scheme_version"
	    " WHERE scheme_id = :s AND (:v IS NULL OR valid_from = :v)"
	    " AND (:m IS NULL OR valid_from <= :m)"
	    " ORDER BY valid_from DESC LIMIT 1";
	struct db_param p[3] = {
	    {"s", vtext(scheme)}, {"v", vtext(version)}, {"m", vtext(month)}};
	struct db_rows r;

	memset(v, 0, sizeof(*v));
	if (find_scheme(db, scheme, a, &v->name, d) < 0)
		return -1;
	if (db_query(db, sql, NULL, p, 3, a, &r, d) < 0)
		return -1;
	if (r.nrows == 0) {
		static const char all[] =
		    "SELECT group_concat(valid_from, ', ') FROM (SELECT"
		    " valid_from FROM scheme_version WHERE scheme_id = :s"
		    " ORDER BY valid_from)";
		struct db_rows l;
		const char *vs = NULL;

		if (db_query(db, all, NULL, p, 1, a, &l, d) == 0 &&
		    l.nrows == 1)
			vs = ctext(&l, 0, 0);
		if (version != NULL)
			diag_report(
			    d, DIAG_SCHEME_VERSION, NULL,
			    "%s has no version valid from %s; its versions "
			    "are valid from: %s",
			    scheme, version, vs != NULL ? vs : "none");
		else
			diag_report(
			    d, DIAG_SCHEME_VERSION, NULL,
			    "%s has no version in force in %s; its first "
			    "version is valid from %s",
			    scheme, month != NULL ? month : "any month",
			    vs != NULL ? vs : "none");
		return -1;
	}
	v->id = cint(&r, 0, 0);
	v->scheme = scheme;
	v->valid_from = ctext(&r, 0, 1);
	v->note = ctext(&r, 0, 2);
	return 0;
}

static const char *const op_names[][2] = {
    {"add", "加"},   {"sub", "减"},     {"mul", "乘"},
    {"div", "除以"}, {"min", "不超过"}, {"max", "不低于"},
};

static const char *
op_label(const char *op)
{
	size_t i;

	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (strcmp(op, op_names[i][0]) == 0)
			return op_names[i][1];
	return op;
}

static void
rule_items(struct version *v, struct arena *a)
{
	static const struct {
		size_t col;
		const char *name, *what;
		int cond; /* 0 money or count, 1 cond, 2 cond2 */
	} cols[] = {
	    {4, "amount", "金额", 0},
	    {5, "ratio_num", "比例分子", 0},
	    {6, "ratio_den", "比例分母", 0},
	    {7, "cond_min", "适用条件下限（含）", 1},
	    {8, "cond_max", "适用条件上限（不含）", 1},
	    {9, "cond2_min", "第二条件下限（含）", 2},
	    {10, "cond2_max", "第二条件上限（不含）", 2},
	};
	static const char *const dbcol[] = {
	    "",           "",          "",          "",
	    "amount_fen", "ratio_num", "ratio_den", "cond_min",
	    "cond_max",   "cond2_min", "cond2_max"};
	const struct db_rows *r = &v->rules;
	size_t i, j;

	for (i = 0; i < r->nrows; i++) {
		for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++) {
			struct item *it;
			const char *mname;
			enum scheme_unit u;

			if (cnull(r, i, cols[j].col))
				continue;
			if (cols[j].cond == 0) {
				u = cols[j].col == 4 ? SCHEME_YUAN
				                     : SCHEME_COUNT;
				mname = NULL;
			} else {
				size_t base = cols[j].cond == 1 ? 11 : 13;

				u = unit_of(ctext(r, i, base + 1));
				mname = ctext(r, i, base);
			}
			it = item_add(v);
			it->kind = IT_RULE;
			it->code = ctext(r, i, 1);
			it->col = dbcol[cols[j].col];
			it->unit = u;
			it->value = cint(r, i, cols[j].col);
			it->id = arena_printf(a, "rule.%s.%s", it->code,
			                      cols[j].name);
			it->desc =
			    mname != NULL
			        ? arena_printf(a, "%s：%s（%s）",
			                       ctext(r, i, 2), cols[j].what,
			                       mname)
			        : arena_printf(a, "%s：%s", ctext(r, i, 2),
			                       cols[j].what);
			it->note = ctext(r, i, 3);
		}
	}
}

static int
load_version(struct db *db, struct version *v, struct arena *a, struct diag *d)
{
	static const char sql_rules[] =
	    "SELECT r.seq, r.code, r.name, r.note, r.amount_fen, r.ratio_num,"
	    " r.ratio_den, r.cond_min, r.cond_max, r.cond2_min, r.cond2_max,"
	    " coalesce(m1.name, r.cond_measure), m1.unit,"
	    " coalesce(m2.name, r.cond2_measure), m2.unit, r.calc,"
	    " coalesce(m3.name, r.measure, '')"
	    " FROM pay_rule r"
	    " LEFT JOIN measure m1 ON m1.code = r.cond_measure"
	    " LEFT JOIN measure m2 ON m2.code = r.cond2_measure"
	    " LEFT JOIN measure m3 ON m3.code = r.measure"
	    " WHERE r.version_id = :v ORDER BY r.seq";
	/* Each tier row, with the unit of what it is looked up by and of its
	   value, and the name of the rule that uses the table. */
	static const char sql_tiers[] =
	    "WITH use(tbl, measure, kind, rule) AS ("
	    "  SELECT tier_table, coalesce(tier_measure, measure),"
	    "   iif(calc = 'tier_share', 'bp', 'fen'), name FROM pay_rule"
	    "  WHERE version_id = :v AND tier_table IS NOT NULL"
	    "  UNION ALL SELECT t.tier_table, t.ref, 'fen', r.name"
	    "  FROM pay_term t JOIN pay_rule r ON r.version_id = t.version_id"
	    "   AND r.code = t.rule_code"
	    "  WHERE t.version_id = :v AND t.source = 'tier'),"
	    " u AS (SELECT tbl, min(measure) AS measure, min(kind) AS kind,"
	    "  min(rule) AS rule FROM use GROUP BY tbl)"
	    " SELECT t.table_code, t.key, t.lo, t.lo_strict, t.value, t.note,"
	    "  m.unit, coalesce(u.kind, 'fen'), coalesce(u.rule, t.table_code),"
	    "  row_number() OVER (PARTITION BY t.table_code, t.key"
	    "   ORDER BY t.lo, t.lo_strict), coalesce(m.name, '')"
	    " FROM tier t LEFT JOIN u ON u.tbl = t.table_code"
	    " LEFT JOIN measure m ON m.code = u.measure"
	    " WHERE t.version_id = :v"
	    " ORDER BY t.table_code, t.key, t.lo, t.lo_strict";
	static const char sql_params[] =
	    "SELECT code, position_id, name, unit, value, note FROM pay_param"
	    " WHERE version_id = :v ORDER BY code, position_id";
	static const char sql_terms[] =
	    "SELECT t.rule_code, t.seq, t.op, t.num, t.den, r.name"
	    " FROM pay_term t JOIN pay_rule r ON r.version_id = t.version_id"
	    "  AND r.code = t.rule_code"
	    " WHERE t.version_id = :v AND t.source = 'const'"
	    " ORDER BY r.seq, t.seq";
	struct db_param p[1] = {{"v", vint(v->id)}};
	struct db_rows r;
	size_t i;

	if (db_query(db, sql_rules, NULL, p, 1, a, &v->rules, d) < 0)
		return -1;
	rule_items(v, a);
	if (db_query(db, sql_tiers, NULL, p, 1, a, &r, d) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		const char *tbl = ctext(&r, i, 0), *key = ctext(&r, i, 1);
		const char *kname = key != NULL && *key != '\0'
		                        ? arena_printf(a, "[%s]", key)
		                        : "";
		const char *what = ctext(&r, i, 10);
		int64_t n = cint(&r, i, 9);
		struct item *it;
		int k;

		for (k = 0; k < 2; k++) {
			it = item_add(v);
			it->kind = IT_TIER;
			it->code = tbl;
			it->key = key != NULL ? key : "";
			it->lo = cint(&r, i, 2);
			it->strict = (int)cint(&r, i, 3);
			it->note = k == 0 ? ctext(&r, i, 5) : "";
			if (k == 0) {
				it->col = "from";
				it->unit = unit_of(ctext(&r, i, 6));
				it->value = it->lo;
				it->id = arena_printf(
				    a, "tier.%s%s.%" PRId64 ".from", tbl, kname,
				    n);
				it->desc = arena_printf(
				    a, "%s %s第%" PRId64 "档：%s%s",
				    ctext(&r, i, 8),
				    *kname ? arena_printf(a, "%s ", key) : "",
				    n, what, it->strict ? "超过" : "达到");
			} else {
				it->col = "value";
				it->unit = unit_of(ctext(&r, i, 7));
				it->value = cint(&r, i, 4);
				it->id = arena_printf(
				    a, "tier.%s%s.%" PRId64 ".value", tbl,
				    kname, n);
				it->desc = arena_printf(
				    a, "%s %s第%" PRId64 "档：%s",
				    ctext(&r, i, 8),
				    *kname ? arena_printf(a, "%s ", key) : "",
				    n,
				    it->unit == SCHEME_PERCENT ? "发放比例"
				                               : "金额");
			}
		}
	}
	if (db_query(db, sql_params, NULL, p, 1, a, &r, d) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct item *it = item_add(v);
		const char *pos = ctext(&r, i, 1);

		it->kind = IT_PARAM;
		it->code = ctext(&r, i, 0);
		it->key = pos != NULL ? pos : "";
		it->unit = unit_of(ctext(&r, i, 3));
		it->value = cint(&r, i, 4);
		it->note = ctext(&r, i, 5);
		it->id = *it->key ? arena_printf(a, "param.%s[%s]", it->code,
		                                 it->key)
		                  : arena_printf(a, "param.%s", it->code);
		it->desc = *it->key
		               ? arena_printf(a, "参数：%s（岗位%s）",
		                              ctext(&r, i, 2), it->key)
		               : arena_printf(a, "参数：%s", ctext(&r, i, 2));
	}
	if (db_query(db, sql_terms, NULL, p, 1, a, &r, d) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		const char *op = ctext(&r, i, 2);
		int64_t num = cint(&r, i, 3), den = cint(&r, i, 4);
		int mul = strcmp(op, "mul") == 0 || strcmp(op, "div") == 0;
		struct item *it;

		/* only constants that are exact in their unit */
		if (mul ? den <= 0 || (num * MONEY_BP_PER_UNIT) % den != 0
		        : den != 1)
			continue;
		it = item_add(v);
		it->kind = IT_TERM;
		it->code = ctext(&r, i, 0);
		it->seq = cint(&r, i, 1);
		it->mul = mul;
		it->unit = mul ? SCHEME_PERCENT : SCHEME_YUAN;
		it->value = mul ? num * MONEY_BP_PER_UNIT / den : num;
		it->note = "";
		it->id = arena_printf(a, "term.%s.%" PRId64, it->code, it->seq);
		it->desc = arena_printf(a, "%s 第%" PRId64 "步：%s",
		                        ctext(&r, i, 5), it->seq, op_label(op));
	}
	return 0;
}

static void
version_free(struct version *v)
{
	free(v->items);
	v->items = NULL;
}

/* ------------------------------------------------------------ list */

int
scheme_list(struct db *db, struct buf *out, struct diag *d)
{
	static const char sql[] =
	    "SELECT s.id, s.name,"
	    " (SELECT group_concat(valid_from, '、') FROM (SELECT valid_from"
	    "  FROM scheme_version WHERE scheme_id = s.id"
	    "  ORDER BY valid_from)),"
	    " (SELECT group_concat(title || '(' || id || ')', '、') FROM"
	    "  (SELECT title, id FROM position WHERE scheme_id = s.id"
	    "   ORDER BY sort, id)),"
	    " (SELECT group_concat(name || '(' || id || ')', '、') FROM"
	    "  (SELECT name, id FROM employee WHERE scheme_id = s.id"
	    "   ORDER BY id)),"
	    " (SELECT group_concat(iif(position_id <> '', '岗位' || "
	    "position_id,"
	    "  '员工' || employee_id) || '自' || valid_from, '、') FROM"
	    "  (SELECT * FROM scheme_assignment WHERE scheme_id = s.id"
	    "   ORDER BY valid_from, position_id, employee_id))"
	    " FROM scheme s ORDER BY s.id";
	struct arena *a = arena_new();
	struct db_rows r;
	size_t i, wid = 4, wname = 4, wv = 10;

	if (db_query(db, sql, NULL, NULL, 0, a, &r, d) < 0) {
		arena_free(a);
		return -1;
	}
	for (i = 0; i < r.nrows; i++) {
		const char *s;
		size_t w;

		if ((w = scheme_text_width(ctext(&r, i, 0))) > wid)
			wid = w;
		if ((w = scheme_text_width(ctext(&r, i, 1))) > wname)
			wname = w;
		s = ctext(&r, i, 2);
		if (s != NULL && (w = scheme_text_width(s)) > wv)
			wv = w;
	}
	pad(out, "方案", wid + 2);
	pad(out, "名称", wname + 2);
	pad(out, "版本起始月", wv + 2);
	buf_adds(out, "使用者\n");
	for (i = 0; i < r.nrows; i++) {
		const char *v = ctext(&r, i, 2), *pos = ctext(&r, i, 3);
		const char *emp = ctext(&r, i, 4), *dated = ctext(&r, i, 5);

		pad(out, ctext(&r, i, 0), wid + 2);
		pad(out, ctext(&r, i, 1), wname + 2);
		pad(out, v != NULL ? v : "（无版本）", wv + 2);
		if (pos == NULL && emp == NULL && dated == NULL)
			buf_adds(out, "（未分配）");
		if (pos != NULL)
			buf_printf(out, "岗位：%s", pos);
		if (emp != NULL)
			buf_printf(out, "%s员工：%s", pos != NULL ? "；" : "",
			           emp);
		if (dated != NULL)
			buf_printf(out, "%s按月：%s",
			           pos != NULL || emp != NULL ? "；" : "",
			           dated);
		buf_addc(out, '\n');
	}
	buf_printf(out,
	           "%zu schemes. Show one with: hrpress scheme show DB "
	           "SCHEME\n",
	           r.nrows);
	arena_free(a);
	return 0;
}

/* ------------------------------------------------------------ show */

static const char *const calc_names[][2] = {
    {"fixed", "固定金额"},         {"measure", "按录入数"},
    {"per_unit", "数量×单价"},     {"tier_share", "按档发放比例"},
    {"per_item_tier", "每台按档"}, {"item_ratio", "每台按比例"},
    {"tier_value", "按档取值"},    {"formula", "公式"},
    {"top_up", "保底补足"},
};

static const char *
calc_label(const char *c)
{
	size_t i;

	for (i = 0; c != NULL && i < sizeof(calc_names) / sizeof(*calc_names);
	     i++)
		if (strcmp(c, calc_names[i][0]) == 0)
			return calc_names[i][1];
	return c != NULL ? c : "";
}

static void
value_text(const struct item *it, int64_t v, char out[48])
{
	char n[32];

	scheme_format_value(it->unit, v, n);
	if (it->unit == SCHEME_YUAN || it->unit == SCHEME_PERCENT ||
	    it->unit == SCHEME_POINTS)
		snprintf(out, 48, "%s%s", n, scheme_unit_label(it->unit));
	else
		snprintf(out, 48, "%s", n);
}

int
scheme_show(struct db *db, const char *scheme, const char *version,
            const char *month, struct buf *out, struct diag *d)
{
	struct arena *a = arena_new();
	struct version v;
	size_t i, wcode = 4, wname = 4, wcalc = 4, wid = 4, wdesc = 4, wval = 4;
	char val[48];

	if (find_version(db, scheme, version, month, a, &v, d) < 0 ||
	    load_version(db, &v, a, d) < 0) {
		version_free(&v);
		arena_free(a);
		return -1;
	}
	buf_printf(out, "%s %s，版本自 %s 起", scheme, v.name, v.valid_from);
	if (v.note != NULL && *v.note)
		buf_printf(out, "（%s）", v.note);
	buf_adds(out, "\n\n规则\n");
	for (i = 0; i < v.rules.nrows; i++) {
		size_t w;

		if ((w = scheme_text_width(ctext(&v.rules, i, 1))) > wcode)
			wcode = w;
		if ((w = scheme_text_width(ctext(&v.rules, i, 2))) > wname)
			wname = w;
		if ((w = scheme_text_width(
		         calc_label(ctext(&v.rules, i, 15)))) > wcalc)
			wcalc = w;
	}
	pad(out, "序号", 6);
	pad(out, "编码", wcode + 2);
	pad(out, "名称", wname + 2);
	pad(out, "算法", wcalc + 2);
	buf_adds(out, "备注\n");
	for (i = 0; i < v.rules.nrows; i++) {
		char seq[24];
		const char *note = ctext(&v.rules, i, 3);

		snprintf(seq, sizeof(seq), "%" PRId64, cint(&v.rules, i, 0));
		pad(out, seq, 6);
		pad(out, ctext(&v.rules, i, 1), wcode + 2);
		pad(out, ctext(&v.rules, i, 2), wname + 2);
		pad(out, calc_label(ctext(&v.rules, i, 15)), wcalc + 2);
		buf_printf(out, "%s\n", note != NULL ? note : "");
	}
	for (i = 0; i < v.nitems; i++) {
		size_t w;

		if ((w = scheme_text_width(v.items[i].id)) > wid)
			wid = w;
		if ((w = scheme_text_width(v.items[i].desc)) > wdesc)
			wdesc = w;
		value_text(&v.items[i], v.items[i].value, val);
		if ((w = scheme_text_width(val)) > wval)
			wval = w;
	}
	buf_adds(out,
	         "\n档位、参数与金额（hrpress scheme export 导出后可修改）\n");
	pad(out, "编号", wid + 2);
	pad(out, "说明", wdesc + 2);
	pad(out, "数值", wval + 2);
	buf_adds(out, "备注\n");
	for (i = 0; i < v.nitems; i++) {
		const struct item *it = &v.items[i];

		pad(out, it->id, wid + 2);
		pad(out, it->desc, wdesc + 2);
		value_text(it, it->value, val);
		/* numbers right-aligned */
		{
			size_t w = scheme_text_width(val);

			while (w++ < wval)
				buf_addc(out, ' ');
			buf_adds(out, val);
			buf_adds(out, "  ");
		}
		/* a rule's note is in the table of rules */
		buf_printf(out, "%s\n",
		           it->note != NULL && it->kind != IT_RULE ? it->note
		                                                   : "");
	}
	version_free(&v);
	arena_free(a);
	return 0;
}

/* ------------------------------------------------------------ export */

static void
csv_field(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

int
scheme_export(struct db *db, const char *scheme, const char *version,
              const char *month, struct buf *out, struct diag *d)
{
	struct arena *a = arena_new();
	struct version v;
	size_t i;
	char val[32];

	if (find_version(db, scheme, version, month, a, &v, d) < 0 ||
	    load_version(db, &v, a, d) < 0) {
		version_free(&v);
		arena_free(a);
		return -1;
	}
	buf_adds(out, "\xEF\xBB\xBF编号,说明,数值,单位,备注\r\n");
	/* which version the numbers are of: import checks it */
	buf_printf(out, "scheme.%s,", scheme);
	csv_field(out,
	          arena_printf(a, "%s：导出的版本（本行请勿修改）", v.name));
	/* "自2015-01起": Excel would turn a bare 2015-01 into a date */
	buf_printf(out, ",自%s起,版本,", v.valid_from);
	csv_field(out, v.note);
	buf_adds(out, "\r\n");
	for (i = 0; i < v.nitems; i++) {
		const struct item *it = &v.items[i];

		csv_field(out, it->id);
		buf_addc(out, ',');
		csv_field(out, it->desc);
		buf_addc(out, ',');
		scheme_format_value(it->unit, it->value, val);
		csv_field(out, val);
		buf_addc(out, ',');
		csv_field(out, scheme_unit_label(it->unit));
		buf_addc(out, ',');
		csv_field(out, it->note);
		buf_adds(out, "\r\n");
	}
	version_free(&v);
	arena_free(a);
	return 0;
}

/* ------------------------------------------------------------ import */

/* Column of a header name, or -1. */
static int
header_col(const struct import_record *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (strcmp(h->fields[i], name) == 0)
			return (int)i;
	return -1;
}

static const char *
field(const struct import_record *r, int col)
{
	return col >= 0 && (size_t)col < r->nfields ? r->fields[col] : "";
}

/* Read the CSV into the items' newval; 0 or -1 after reporting. */
static int
read_csv(struct version *v, const char *file, const char *data, size_t len,
         const char *from, struct diag *d)
{
	char *self = xasprintf("scheme.%s", v->scheme);
	char *vtag = xasprintf("自%s起", v->valid_from);
	int seen = 0;

	struct import_csv *csv;
	const struct import_record *h;
	enum import_encoding used;
	struct srcpos pos = {file, 1, 1};
	size_t tlen, i, j;
	char *text;
	int cid, cval, cunit, bad = 0;

	text = import_decode(data, len, IMPORT_ENC_AUTO, file, &used, &tlen, d);
	if (text == NULL) {
		free(self);
		free(vtag);
		return -1;
	}
	csv = import_csv_parse(text, tlen, file, d);
	free(text);
	if (csv == NULL) {
		free(self);
		free(vtag);
		return -1;
	}
	if (csv->nrecords == 0) {
		diag_report(
		    d, DIAG_SCHEME_ROWS, &pos,
		    "the file is empty; "
		    "export the version with hrpress scheme export and edit "
		    "that file");
		import_csv_free(csv);
		free(self);
		free(vtag);
		return -1;
	}
	h = &csv->records[0];
	pos.line = h->line;
	cid = header_col(h, "编号");
	cval = header_col(h, "数值");
	cunit = header_col(h, "单位");
	if (cid < 0 || cval < 0 || cunit < 0) {
		diag_report(
		    d, DIAG_SCHEME_ROWS, &pos,
		    "the header must name "
		    "the columns 编号, 数值 and 单位 as hrpress scheme export "
		    "writes them");
		import_csv_free(csv);
		free(self);
		free(vtag);
		return -1;
	}
	for (j = 0; j < v->nitems; j++)
		v->items[j].line = 0;
	for (i = 1; i < csv->nrecords; i++) {
		const struct import_record *r = &csv->records[i];
		const char *id = field(r, cid), *why;
		struct item *it = NULL;

		pos.line = r->line;
		if (strncmp(id, "scheme.", 7) == 0) {
			pos.col = cid + 1;
			if (strcmp(id, self) != 0) {
				diag_report(
				    d, DIAG_SCHEME_ROWS, &pos,
				    "the file "
				    "is an export of %s, not of %s; import it "
				    "as %s, or export %s",
				    id + 7, v->scheme, id + 7, v->scheme);
				bad = 1;
				break;
			}
			seen = 1;
			if (strcmp(field(r, cval), vtag) != 0 &&
			    strcmp(field(r, cval), v->valid_from) != 0) {
				pos.col = cval + 1;
				diag_report(d, DIAG_SCHEME_VERSION, &pos,
				            "the "
				            "file holds version %s, but in %s "
				            "version %s "
				            "is in force: export that one "
				            "(hrpress scheme "
				            "export DB %s --month %s -o "
				            "FILE.csv), make "
				            "the change in it and import it",
				            field(r, cval), from, v->valid_from,
				            v->scheme, from);
				bad = 1;
				break;
			}
			continue;
		}
		for (j = 0; j < v->nitems; j++)
			if (strcmp(v->items[j].id, id) == 0) {
				it = &v->items[j];
				break;
			}
		if (it == NULL) {
			pos.col = cid + 1;
			diag_report(
			    d, DIAG_SCHEME_ROWS, &pos,
			    "unknown row "
			    "\"%s\": %s %s has no such number; rows cannot be "
			    "added or renamed, only their 数值 changed",
			    id, v->scheme, v->valid_from);
			bad = 1;
			continue;
		}
		if (it->line != 0) {
			pos.col = cid + 1;
			diag_report(d, DIAG_SCHEME_ROWS, &pos,
			            "row \"%s\" "
			            "repeats line %d; keep one",
			            id, it->line);
			bad = 1;
			continue;
		}
		it->line = r->line;
		if (strcmp(field(r, cunit), scheme_unit_label(it->unit)) != 0) {
			pos.col = cunit + 1;
			diag_report(d, DIAG_SCHEME_ROWS, &pos,
			            "row \"%s\": "
			            "单位 \"%s\" was changed; it must stay "
			            "\"%s\" (write "
			            "the 数值 in that unit)",
			            id, field(r, cunit),
			            scheme_unit_label(it->unit));
			bad = 1;
			continue;
		}
		if (scheme_parse_value(it->unit, field(r, cval), &it->newval,
		                       &why) < 0) {
			pos.col = cval + 1;
			diag_report(d, DIAG_CSV_FIELD, &pos,
			            "数值 of \"%s\": "
			            "\"%s\" %s; write a number in %s",
			            id, field(r, cval), why,
			            scheme_unit_label(it->unit));
			bad = 1;
		}
	}
	if (!bad && !seen) {
		pos.line = 0;
		pos.col = 0;
		diag_report(
		    d, DIAG_SCHEME_ROWS, &pos,
		    "row \"%s\" is missing: "
		    "it tells which version the file holds; export again and "
		    "keep it",
		    self);
		bad = 1;
	}
	for (j = 0; j < v->nitems && !bad; j++)
		if (v->items[j].line == 0) {
			pos.line = 0;
			pos.col = 0;
			diag_report(
			    d, DIAG_SCHEME_ROWS, &pos,
			    "row \"%s\" "
			    "is missing; every row of the exported file must "
			    "stay (export again if it was deleted)",
			    v->items[j].id);
			bad = 1;
		}
	import_csv_free(csv);
	free(self);
	free(vtag);
	return bad ? -1 : 0;
}

/* Edited values that payroll would refuse or read differently. */
static int
check_values(struct version *v, const char *file, struct diag *d)
{
	struct srcpos pos = {file, 0, 0};
	size_t i, j;
	int bad = 0;

	for (i = 0; i < v->nitems; i++) {
		const struct item *a = &v->items[i], *b;

		if (a->kind == IT_RULE && strcmp(a->col, "ratio_den") == 0 &&
		    a->newval == 0) {
			pos.line = a->line;
			diag_report(d, DIAG_CSV_FIELD, &pos,
			            "\"%s\" must not "
			            "be 0",
			            a->id);
			bad = 1;
		}
		if (a->kind == IT_TERM && a->mul && a->newval == 0 &&
		    strstr(a->desc, "除以") != NULL) {
			pos.line = a->line;
			diag_report(d, DIAG_CSV_FIELD, &pos,
			            "\"%s\": "
			            "dividing by 0",
			            a->id);
			bad = 1;
		}
		if (a->kind == IT_RULE && (strcmp(a->col, "cond_min") == 0 ||
		                           strcmp(a->col, "cond2_min") == 0)) {
			const char *maxcol = strcmp(a->col, "cond_min") == 0
			                         ? "cond_max"
			                         : "cond2_max";

			for (j = 0; j < v->nitems; j++) {
				b = &v->items[j];
				if (b->kind == IT_RULE &&
				    strcmp(b->code, a->code) == 0 &&
				    strcmp(b->col, maxcol) == 0 &&
				    a->newval >= b->newval) {
					pos.line = b->line;
					diag_report(
					    d, DIAG_CSV_FIELD, &pos,
					    "\"%s\" must be above \"%s\"",
					    b->id, a->id);
					bad = 1;
				}
			}
		}
		/* tier thresholds keep their order within a table */
		if (a->kind == IT_TIER && strcmp(a->col, "from") == 0) {
			for (j = i + 1; j < v->nitems; j++) {
				b = &v->items[j];
				if (b->kind != IT_TIER ||
				    strcmp(b->col, "from") != 0)
					continue;
				if (strcmp(b->code, a->code) != 0 ||
				    strcmp(b->key, a->key) != 0)
					break;
				if (b->newval < a->newval ||
				    (b->newval == a->newval &&
				     b->strict <= a->strict)) {
					pos.line = b->line;
					diag_report(
					    d, DIAG_CSV_FIELD, &pos,
					    "\"%s\" must stay above \"%s\": "
					    "the rows of a tier table go from "
					    "the lowest threshold up",
					    b->id, a->id);
					bad = 1;
				}
				break;
			}
		}
	}
	return bad ? -1 : 0;
}

/* The tables that hold rows of a version (all that reference it). */
static const char sql_version_tables[] =
    "SELECT m.name, (SELECT group_concat(c.name, ', ') FROM"
    "  pragma_table_info(m.name) c WHERE c.name <> 'version_id')"
    " FROM sqlite_master m"
    " WHERE m.type = 'table' AND m.name IN ('pay_rule', 'tier', 'pay_param',"
    "  'pay_term')"
    " ORDER BY m.name";

static int
copy_version(struct db *db, int64_t from_id, int64_t to_id, struct arena *a,
             struct diag *d)
{
	struct db_param p[2] = {{"ov", vint(from_id)}, {"nv", vint(to_id)}};
	struct db_rows r;
	size_t i;

	if (db_query(db, sql_version_tables, NULL, NULL, 0, a, &r, d) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		/* every column but version_id is copied as it is */
		const char *t = ctext(&r, i, 0);
		char *sql = arena_printf(
		    a,
		    "INSERT INTO %s (version_id, %s)"
		    " SELECT :nv, %s FROM %s WHERE version_id = :ov",
		    t, ctext(&r, i, 1), ctext(&r, i, 1), t);

		if (db_query(db, sql, NULL, p, 2, NULL, NULL, d) < 0)
			return -1;
	}
	return 0;
}

static int
write_item(struct db *db, int64_t nv, const struct item *it, int phase,
           struct arena *a, struct diag *d)
{
	struct db_param p[6] = {
	    {"nv", vint(nv)},        {"code", vtext(it->code)},
	    {"key", vtext(it->key)}, {"lo", vint(it->lo)},
	    {"s", vint(it->strict)}, {"x", vint(it->newval)}};
	const char *sql = NULL;

	switch (it->kind) {
	case IT_RULE:
		sql = arena_printf(a,
		                   "UPDATE pay_rule SET %s = :x WHERE"
		                   " version_id = :nv AND code = :code",
		                   it->col);
		break;
	case IT_TIER:
		if (strcmp(it->col, "value") == 0)
			sql =
			    "UPDATE tier SET value = :x WHERE version_id = :nv"
			    " AND table_code = :code AND key = :key AND lo = "
			    ":lo"
			    " AND lo_strict = :s";
		else if (phase == 1) /* out of the way of other rows */
			sql = "UPDATE tier SET lo = -4611686018427387904 + :lo"
			      " WHERE version_id = :nv AND table_code = :code"
			      " AND key = :key AND lo = :lo AND lo_strict = :s";
		else
			sql = "UPDATE tier SET lo = :x WHERE version_id = :nv"
			      " AND table_code = :code AND key = :key"
			      " AND lo = -4611686018427387904 + :lo"
			      " AND lo_strict = :s";
		break;
	case IT_PARAM:
		sql = "UPDATE pay_param SET value = :x WHERE version_id = :nv"
		      " AND code = :code AND position_id = :key";
		break;
	case IT_TERM:
		p[3] = (struct db_param){"lo", vint(it->seq)};
		sql = it->mul
		          ? "UPDATE pay_term SET num = :x, den = 10000 WHERE"
		            " version_id = :nv AND rule_code = :code AND seq = "
		            ":lo"
		          : "UPDATE pay_term SET num = :x, den = 1 WHERE"
		            " version_id = :nv AND rule_code = :code AND seq = "
		            ":lo";
		break;
	}
	return db_query(db, sql, NULL, p, 6, NULL, NULL, d);
}

/* Stored pay runs from month on with slips computed on the scheme. */
static int
runs_on_scheme(struct db *db, const char *scheme, const char *month,
               struct arena *a, const char **first, int64_t *nslips,
               struct diag *d)
{
	static const char sql[] =
	    "SELECT min(r.month), count(*) FROM pay_slip s"
	    " JOIN pay_run r ON r.id = s.run_id"
	    " JOIN scheme_version v ON v.id = s.version_id"
	    " WHERE v.scheme_id = :s AND r.month >= :m";
	struct db_param p[2] = {{"s", vtext(scheme)}, {"m", vtext(month)}};
	struct db_rows r;

	if (db_query(db, sql, NULL, p, 2, a, &r, d) < 0)
		return -1;
	*first = ctext(&r, 0, 0);
	*nslips = cint(&r, 0, 1);
	return 0;
}

int
scheme_import(struct db *db, const char *scheme, const char *file,
              const char *data, size_t len, const char *from, int force,
              struct buf *out, int *nchanged, struct diag *d)
{
	static const char sql_exists[] =
	    "SELECT count(*) FROM scheme_version WHERE scheme_id = :s"
	    " AND valid_from = :m";
	static const char sql_insert[] =
	    "INSERT INTO scheme_version (scheme_id, valid_from, note)"
	    " VALUES (:s, :m, :note)";
	static const char sql_id[] =
	    "SELECT id FROM scheme_version WHERE scheme_id = :s"
	    " AND valid_from = :m";
	struct arena *a = arena_new();
	struct version v;
	struct db_rows r;
	struct buf note, changes;
	const char *first = NULL;
	int64_t nslips = 0, nv;
	size_t i;
	int rc = -1, n = 0, phase;
	char was[48], now[48];

	*nchanged = 0;
	buf_init(&note, 0);
	buf_init(&changes, 0);
	if (find_version(db, scheme, NULL, from, a, &v, d) < 0 ||
	    load_version(db, &v, a, d) < 0 ||
	    read_csv(&v, file, data, len, from, d) < 0 ||
	    check_values(&v, file, d) < 0)
		goto out;
	for (i = 0; i < v.nitems; i++) {
		const struct item *it = &v.items[i];

		if (it->newval == it->value)
			continue;
		value_text(it, it->value, was);
		value_text(it, it->newval, now);
		buf_printf(&changes, "  %s（%s）：%s → %s\n", it->id, it->desc,
		           was, now);
		buf_printf(&note, "%s%s %s→%s", n ? "；" : "", it->desc, was,
		           now);
		n++;
	}
	if (n == 0) {
		buf_printf(
		    out,
		    "%s: no value differs from %s version %s; "
		    "nothing stored. Change a 数值 cell and import again.\n",
		    file, scheme, v.valid_from);
		rc = 0;
		goto out;
	}
	{
		struct db_param p[3] = {{"s", vtext(scheme)},
		                        {"m", vtext(from)},
		                        {"note", vtext(NULL)}};

		if (db_query(db, sql_exists, NULL, p, 2, a, &r, d) < 0)
			goto out;
		if (cint(&r, 0, 0) > 0) {
			diag_report(
			    d, DIAG_SCHEME_VERSION, NULL,
			    "%s already "
			    "has a version valid from %s; choose a later "
			    "--from month, or export that version, edit it "
			    "and import it from a later month",
			    scheme, from);
			goto out;
		}
		if (closing_check_range(db, from, NULL,
		                        "a new version of "
		                        "the pay scheme",
		                        d) < 0)
			goto out;
		if (runs_on_scheme(db, scheme, from, a, &first, &nslips, d) < 0)
			goto out;
		if (nslips > 0 && !force) {
			diag_report(
			    d, DIAG_SCHEME_RUNS, NULL,
			    "%s already has "
			    "a stored pay run with %" PRId64
			    " payslip(s) on %s "
			    "from %s on; they were paid on the old figures. "
			    "Use a --from month after the last stored run, or "
			    "add --force and run hrpress payroll again for "
			    "those months",
			    first, nslips, scheme, from);
			goto out;
		}
		buf_printf(&note, "（由 %s 导入，基于 %s 版本）", file,
		           v.valid_from);
		p[2].v = vtext(buf_cstr(&note));
		if (db_begin(db, d) < 0)
			goto out;
		if (db_query(db, sql_insert, NULL, p, 3, NULL, NULL, d) < 0 ||
		    db_query(db, sql_id, NULL, p, 2, a, &r, d) < 0) {
			db_rollback(db);
			goto out;
		}
		nv = cint(&r, 0, 0);
		if (copy_version(db, v.id, nv, a, d) < 0) {
			db_rollback(db);
			goto out;
		}
		for (phase = 0; phase < 3; phase++)
			for (i = 0; i < v.nitems; i++) {
				const struct item *it = &v.items[i];
				int lo = it->kind == IT_TIER &&
				         strcmp(it->col, "from") == 0;

				if (it->newval == it->value ||
				    (phase == 0) == lo)
					continue;
				if (write_item(db, nv, it, phase, a, d) < 0) {
					db_rollback(db);
					goto out;
				}
			}
		if (db_commit(db, d) < 0) {
			db_rollback(db);
			goto out;
		}
	}
	*nchanged = n;
	buf_printf(out,
	           "%s version %s stored, copied from version %s with "
	           "%d change(s):\n%s",
	           scheme, from, v.valid_from, n, buf_cstr(&changes));
	if (nslips > 0)
		buf_printf(
		    out,
		    "Months from %s on have stored pay runs on the "
		    "old figures: run hrpress payroll DB --month M again for "
		    "each of them.\n",
		    first);
	else
		buf_printf(
		    out,
		    "Months before %s are computed on version %s "
		    "as before; payroll from %s on uses the new figures.\n",
		    from, v.valid_from, from);
	rc = 0;
out:
	buf_free(&note);
	buf_free(&changes);
	version_free(&v);
	arena_free(a);
	return rc;
}

/* ------------------------------------------------------------ assign */

int
scheme_assign(struct db *db, const char *scheme, const char *position,
              const char *employee, const char *from, int force,
              struct buf *out, struct diag *d)
{
	static const char sql_target[] =
	    "SELECT coalesce((SELECT title FROM position WHERE id = :p),"
	    " (SELECT name FROM employee WHERE id = :e))";
	/* Slips from the month on of the people it moves, on another
	   scheme. */
	static const char sql_runs[] =
	    "SELECT min(r.month), count(*) FROM pay_slip s"
	    " JOIN pay_run r ON r.id = s.run_id"
	    " JOIN scheme_version v ON v.id = s.version_id"
	    " JOIN employee e ON e.id = s.employee_id"
	    " WHERE r.month >= :m AND v.scheme_id <> :s"
	    " AND (e.id = :e OR e.position_id = :p)";
	static const char sql_dated[] =
	    "INSERT OR REPLACE INTO scheme_assignment (scheme_id, position_id,"
	    " employee_id, valid_from) VALUES (:s, coalesce(:p, ''),"
	    " coalesce(:e, ''), :m)";
	static const char sql_pos[] =
	    "UPDATE position SET scheme_id = :s WHERE id = :p";
	static const char sql_emp[] =
	    "UPDATE employee SET scheme_id = :s WHERE id = :e";
	struct arena *a = arena_new();
	struct db_param p[4] = {{"s", vtext(scheme)},
	                        {"p", vtext(position)},
	                        {"e", vtext(employee)},
	                        {"m", vtext(from != NULL ? from : "0000-00")}};
	struct db_rows r;
	const char *name, *who, *first;
	int rc = -1;

	if (find_scheme(db, scheme, a, &name, d) < 0)
		goto out;
	if (db_query(db, sql_target, NULL, p, 3, a, &r, d) < 0)
		goto out;
	who = ctext(&r, 0, 0);
	if (who == NULL) {
		diag_report(
		    d, DIAG_SCHEME_TARGET, NULL,
		    "%s %s does not "
		    "exist; check the id (the 岗位编号 or 工号 of the import "
		    "files)",
		    position != NULL ? "position" : "employee",
		    position != NULL ? position : employee);
		goto out;
	}
	if (closing_check_range(db, from != NULL ? from : "0000-00", NULL,
	                        "a change of pay scheme assignment", d) < 0)
		goto out;
	if (db_query(db, sql_runs, NULL, p, 4, a, &r, d) < 0)
		goto out;
	first = ctext(&r, 0, 0);
	if (cint(&r, 0, 1) > 0 && !force) {
		diag_report(
		    d, DIAG_SCHEME_RUNS, NULL,
		    "%s already has a stored "
		    "pay run with %" PRId64 " payslip(s) of %s on another "
		    "scheme; they were paid on it. Use --from with a month "
		    "after the last stored run, or add --force and run "
		    "hrpress payroll again for those months",
		    first, cint(&r, 0, 1), who);
		goto out;
	}
	if (db_begin(db, d) < 0)
		goto out;
	if (db_query(db,
	             from != NULL       ? sql_dated
	             : position != NULL ? sql_pos
	                                : sql_emp,
	             NULL, p, 4, NULL, NULL, d) < 0) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db, d) < 0) {
		db_rollback(db);
		goto out;
	}
	buf_printf(out, "%s %s（%s）is on %s %s %s.\n",
	           position != NULL ? "position" : "employee",
	           position != NULL ? position : employee, who, scheme, name,
	           from != NULL ? arena_printf(a, "from %s on", from)
	                        : "in every month without a dated assignment");
	if (cint(&r, 0, 1) > 0)
		buf_printf(out,
		           "Run hrpress payroll DB --month M again for "
		           "every month from %s on.\n",
		           first);
	rc = 0;
out:
	arena_free(a);
	return rc;
}
