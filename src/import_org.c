/* SPDX-License-Identifier: MIT */
/*
 * CSV import of the organisation: stores, departments, positions with their
 * superiors, job-description items, KPI rows, car models and
 * social-insurance rates. Works on the records import_csv.c parsed: every
 * row is read and checked, duplicates and references (to the database or,
 * for superiors, to the file itself) are resolved, and only a file without
 * a single error is written, inside the caller's transaction; then the
 * result is checked as a whole (KPI weights, cycles of superiors).
 */
#include "import_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "closing.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "utf8.h"
#include "xmem.h"

#define SHORT_MAX_CHARS 200 /* names, titles, one-line texts */
#define LONG_MAX_CHARS 1000 /* paragraphs: scope, summary, items */
#define MAX_SUPERIORS 8     /* superiors named in one cell */

/* How a cell is read. */
enum otype {
	OT_ID,        /* letters, digits, _ and - */
	OT_TEXT,      /* at most SHORT_MAX_CHARS */
	OT_LONG,      /* at most LONG_MAX_CHARS */
	OT_COUNT,     /* whole number >= 0 */
	OT_SEQ,       /* whole number >= 1 */
	OT_WEIGHT,    /* whole points 0-100 */
	OT_YEAR,      /* YYYY */
	OT_PERCENT,   /* percent -> bp, at most 100% */
	OT_YUAN,      /* yuan -> fen */
	OT_STORE,     /* a store: id or short name */
	OT_DEPT,      /* a department: id or name */
	OT_POS,       /* a position: id or title */
	OT_SCHEME,    /* a pay scheme id; empty = none */
	OT_SUPERIORS, /* positions, separated by 、 , ; ； / or blanks */
	OT_SECTION,   /* a part of the job description */
	OT_KPI_KIND,  /* ratio or graded */
	OT_SI_ITEM,   /* pension, medical, unemployment, housing */
	OT_ROUND      /* 分, 角, 元 → 1, 10, 100 */
};

/* req: the column must be in the file and filled on every row (REQ_ROW)
   or on the rows that add something new (REQ_NEW). */
enum { REQ_NO, REQ_ROW, REQ_NEW };

struct ocol {
	const char *name;    /* English header */
	const char *aliases; /* other headers, '|'-separated */
	const char *dbcol;   /* the table's column, NULL: not stored as is */
	enum otype type;
	int req;
};

/* Column indexes of the kinds, in the order of their tables below. */
enum {
	ST_ID,
	ST_NAME,
	ST_SHORT,
	ST_BRAND,
	ST_OEM,
	ST_CITY,
	ST_ADDRESS,
	ST_ISSUER,
	ST_NOTE,
	ST_TITLE,
	ST_SUBTITLE
};
enum { DP_ID, DP_STORE, DP_NAME, DP_SCOPE, DP_SORT };
enum {
	PS_ID,
	PS_DEPT,
	PS_TITLE,
	PS_NATURE,
	PS_SUPERIORS,
	PS_SCHEME,
	PS_AUTHORITY,
	PS_ACCOUNT,
	PS_SUMMARY,
	PS_SORT
};
enum { JI_POS, JI_SECTION, JI_SEQ, JI_TEXT };
enum { KI_POS, KI_CODE, KI_NAME, KI_WEIGHT, KI_KIND, KI_UNIT, KI_SEQ };
enum { VM_MODEL, VM_CLASS };
enum {
	SR_CITY,
	SR_ITEM,
	SR_YEAR,
	SR_RATE,
	SR_MIN,
	SR_MAX,
	SR_NAME,
	SR_FIXED,
	SR_ROUND
};

static const struct ocol store_cols[] = {
    {"store_id", "id|门店编号|门店代码|编号", "id", OT_ID, REQ_ROW},
    {"name", "公司全称|公司名称|全称", "name", OT_TEXT, REQ_NEW},
    {"short_name", "简称|门店简称|门店名称", "short_name", OT_TEXT, REQ_NEW},
    {"brand", "品牌", "brand", OT_TEXT, REQ_NO},
    {"oem", "厂家|主机厂", "oem", OT_TEXT, REQ_NO},
    {"city", "城市|所在城市", "city", OT_TEXT, REQ_NO},
    {"address", "地址", "address", OT_TEXT, REQ_NO},
    {"issuer_dept", "编制部门|发放部门|编制发放部门", "issuer_dept", OT_TEXT,
     REQ_NO},
    {"payslip_note", "工资条说明|工资条备注", "payslip_note", OT_LONG, REQ_NO},
    {"handbook_title", "汇编标题|封面标题|汇编封面标题", "handbook_title",
     OT_TEXT, REQ_NO},
    {"handbook_subtitle", "副标题|封面副标题", "handbook_subtitle", OT_TEXT,
     REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct ocol dept_cols[] = {
    {"department_id", "id|部门编号|部门代码", "id", OT_ID, REQ_ROW},
    {"store_id", "门店|门店编号", "store_id", OT_STORE, REQ_NO},
    {"name", "部门名称|部门", "name", OT_TEXT, REQ_NEW},
    {"scope", "部门职能|职能", "scope", OT_LONG, REQ_NO},
    {"sort", "排序|顺序", "sort", OT_COUNT, REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct ocol pos_cols[] = {
    {"position_id", "id|岗位编号|岗位代码", "id", OT_ID, REQ_ROW},
    {"department_id", "部门|部门编号", "department_id", OT_DEPT, REQ_NEW},
    {"title", "岗位名称", "title", OT_TEXT, REQ_NEW},
    {"nature", "岗位性质", "nature", OT_TEXT, REQ_NO},
    {"superiors", "上级|直接上级|上级岗位", NULL, OT_SUPERIORS, REQ_NO},
    {"scheme_id", "薪酬方案|方案", "scheme_id", OT_SCHEME, REQ_NO},
    {"authority", "管理权限", "authority", OT_LONG, REQ_NO},
    {"accountability", "管理责任", "accountability", OT_LONG, REQ_NO},
    {"summary", "岗位说明", "summary", OT_LONG, REQ_NO},
    {"sort", "排序|顺序", "sort", OT_COUNT, REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct ocol job_cols[] = {
    {"position_id", "岗位|岗位编号", "position_id", OT_POS, REQ_ROW},
    {"section", "栏目|部分|类别", "section", OT_SECTION, REQ_ROW},
    {"seq", "序号|条号", "seq", OT_SEQ, REQ_NO},
    {"text", "内容|条目|条文", "text", OT_LONG, REQ_ROW},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct ocol kpi_cols[] = {
    {"position_id", "岗位|岗位编号", "position_id", OT_POS, REQ_ROW},
    {"kpi_code", "指标代码|代码", "code", OT_ID, REQ_ROW},
    {"name", "指标名称|考核指标|指标", "name", OT_TEXT, REQ_ROW},
    {"weight", "权重|分值", "weight", OT_WEIGHT, REQ_ROW},
    {"kind", "类型|计分方式", "kind", OT_KPI_KIND, REQ_ROW},
    {"unit", "单位", "unit", OT_TEXT, REQ_NO},
    {"seq", "序号", "seq", OT_SEQ, REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct ocol model_cols[] = {
    {"model", "车型", "model", OT_TEXT, REQ_ROW},
    {"class", "车型类别|类别", "class", OT_TEXT, REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct ocol si_cols[] = {
    {"city", "城市|缴纳地", "city", OT_TEXT, REQ_ROW},
    {"item", "险种|项目", "item", OT_SI_ITEM, REQ_ROW},
    {"year", "年度|年份", "year", OT_YEAR, REQ_NO},
    {"rate", "个人比例|个人缴费比例|比例", "rate_bp", OT_PERCENT, REQ_ROW},
    {"base_min_yuan", "基数下限|缴费基数下限", "base_min_fen", OT_YUAN,
     REQ_ROW},
    {"base_max_yuan", "基数上限|缴费基数上限", "base_max_fen", OT_YUAN,
     REQ_ROW},
    {"name", "名称", "name", OT_TEXT, REQ_NO},
    {"fixed_yuan", "固定金额|附加金额", "fixed_fen", OT_YUAN, REQ_NO},
    {"round", "舍入|舍入到", "round_fen", OT_ROUND, REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

/* The parts of a job description; the last two are columns of position. */
static const char *const sections[][4] = {
    {"duty", "岗位职责", "工作职责", "职责"},
    {"routine", "日常工作", "工作内容", NULL},
    {"qualification", "任职资格", "任职要求", "任职条件"},
    {"authority", "管理权限", "权限", NULL},
    {"accountability", "管理责任", "责任", NULL},
};

static const char *const si_items[][3] = {
    {"pension", "养老保险", "养老"},
    {"medical", "医疗保险", "医疗"},
    {"unemployment", "失业保险", "失业"},
    {"housing", "住房公积金", "公积金"},
};

/* A kind: its table, its columns; nkey leading columns make the key. */
struct okind {
	enum import_kind kind;
	const char *table;
	const struct ocol *cols;
	int nkey;
	const char *what; /* a row, for messages */
};

static const struct okind okinds[] = {
    {IMPORT_STORES, "store", store_cols, 1, "store"},
    {IMPORT_DEPARTMENTS, "department", dept_cols, 1, "department"},
    {IMPORT_POSITIONS, "position", pos_cols, 1, "position"},
    {IMPORT_JOB_ITEMS, "position_item", job_cols, 3, "item"},
    {IMPORT_KPI_ITEMS, "kpi", kpi_cols, 2, "KPI"},
    {IMPORT_MODELS, "vehicle_model", model_cols, 1, "car model"},
    {IMPORT_SI_RATE, "si_rate", si_cols, 3, "rate"},
};

#define MAXC 12 /* columns of the widest kind */

/* One data row of the file. */
struct orow {
	int line;
	int bad;               /* an error was reported for the row */
	int exists;            /* the key is in the database: update */
	const char *key;       /* the row's key, for duplicates */
	const char *raw[MAXC]; /* the cells; NULL when the column is absent */
	struct fmt_value v[MAXC]; /* the values to store */
	const char **sups;        /* OT_SUPERIORS: resolved position ids */
	size_t nsups;
};

/* A key of the file and the row that has it. */
struct oidx {
	const char *key;
	size_t row;
};

struct octx {
	struct db *db;
	struct diag *d;
	struct arena *a;
	const char *file;
	const struct import_csv *csv; /* the parsed file (positions) */
	const struct import_opts *o;
	struct import_stats *st;
	const struct okind *k;
	const struct import_record *hdr;
	int errors0;
	int col[MAXC]; /* field of each column, or -1 */
	size_t ncols;
	struct orow *rows;
	size_t nrows;
	struct oidx *ids, *titles; /* positions of the file, sorted */
	size_t nids, ntitles;
	const char *only_store; /* the database's only store, or NULL */
};

static int
failed(const struct octx *c)
{
	return diag_errors(c->d) > c->errors0;
}

static void ferr(struct octx *c, int line, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
ferr(struct octx *c, int line, int field, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	import_field_report(c->d, c->a, c->csv, c->file, c->hdr, line, field,
	                    msg);
}

/* An error in column k of row r; marks the row bad. */
static void rerr(struct octx *c, struct orow *r, int k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
rerr(struct octx *c, struct orow *r, int k, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	ferr(c, r->line, k >= 0 ? c->col[k] : -1, "%s", msg);
	r->bad = 1;
}

static int
query(struct octx *c, const char *sql, const struct db_param *p, size_t n,
      struct db_rows *out)
{
	return db_query(c->db, sql, NULL, p, n, c->a, out, c->d);
}

/* The first cell of the first row as an integer; 0 without rows. */
static int
query_int(struct octx *c, const char *sql, const struct db_param *p, size_t n,
          int64_t *out)
{
	struct db_rows r;

	if (query(c, sql, p, n, &r) < 0)
		return -1;
	*out = r.nrows > 0 ? db_cell(&r, 0, 0)->i : 0;
	return 0;
}

int
import_org_kind(enum import_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(okinds) / sizeof(okinds[0]); i++)
		if (okinds[i].kind == kind)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ header */

static int
alias_match(const char *aliases, const char *key)
{
	size_t n = strlen(key);
	const char *p = aliases, *bar;

	while (*p) {
		bar = strchr(p, '|');
		if (bar == NULL)
			bar = p + strlen(p);
		if ((size_t)(bar - p) == n && strncasecmp(p, key, n) == 0)
			return 1;
		p = *bar ? bar + 1 : bar;
	}
	return 0;
}

/* The English names of the kind's columns, for messages. */
static const char *
column_names(struct arena *a, const struct okind *k)
{
	const char *s = k->cols[0].name;
	size_t i;

	for (i = 1; k->cols[i].name != NULL; i++)
		s = arena_printf(a, "%s, %s", s, k->cols[i].name);
	return s;
}

/* Is every non-empty cell of the header a column of kind k? */
static int
header_fits(struct arena *a, const struct import_record *h,
            const struct okind *k)
{
	size_t f, i;

	for (f = 0; f < h->nfields; f++) {
		const char *key = import_header_key(a, h->fields[f]);

		if (*key == '\0')
			continue;
		for (i = 0; k->cols[i].name != NULL; i++)
			if (strcasecmp(k->cols[i].name, key) == 0 ||
			    alias_match(k->cols[i].aliases, key))
				break;
		if (k->cols[i].name == NULL)
			return 0;
	}
	return 1;
}

const char *
import_org_guess(struct arena *a, const struct import_record *h,
                 enum import_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(okinds) / sizeof(okinds[0]); i++)
		if (okinds[i].kind != kind && header_fits(a, h, &okinds[i]))
			return import_kind_name(okinds[i].kind);
	return NULL;
}

static int
parse_header(struct octx *c)
{
	const struct import_record *h = c->hdr;
	size_t f, k;
	int unknown = 0;

	for (k = 0; k < MAXC; k++)
		c->col[k] = -1;
	for (f = 0; f < h->nfields; f++) {
		const char *key = import_header_key(c->a, h->fields[f]);

		if (*key == '\0')
			continue;
		for (k = 0; k < c->ncols; k++)
			if (strcasecmp(c->k->cols[k].name, key) == 0 ||
			    alias_match(c->k->cols[k].aliases, key))
				break;
		if (k == c->ncols && unknown++ == 0) {
			const char *g = import_org_guess(c->a, h, c->o->kind);

			ferr(c, h->line, (int)f,
			     "unknown column: a %s file has "
			     "the columns %s, or their Chinese names "
			     "(docs/import.md)%s%s%s",
			     import_kind_name(c->o->kind),
			     column_names(c->a, c->k),
			     g ? "; this header is one of kind " : "",
			     g ? g : "",
			     g ? arena_printf(c->a,
			                      ": hrpress "
			                      "import DB %s FILE",
			                      g)
			       : "");
			continue;
		}
		if (k == c->ncols) {
			ferr(c, h->line, (int)f, "unknown column");
			continue;
		}
		if (c->col[k] >= 0) {
			ferr(c, h->line, (int)f,
			     "duplicate column (also "
			     "column %d)",
			     c->col[k] + 1);
			continue;
		}
		c->col[k] = (int)f;
	}
	for (k = 0; k < c->ncols; k++)
		if (c->k->cols[k].req == REQ_ROW && c->col[k] < 0)
			ferr(c, h->line, -1,
			     "%s: missing required column "
			     "(%s)",
			     c->k->cols[k].name, c->k->cols[k].aliases);
	if (c->o->kind == IMPORT_SI_RATE && c->col[SR_YEAR] < 0 &&
	    c->o->month == NULL)
		ferr(c, h->line, -1,
		     "year: missing required column (年度), "
		     "or give --month");
	return failed(c) ? -1 : 0;
}

/* ------------------------------------------------------------ cells */

/* Index of s among the names of table (rows of n names), or -1. */
static int
name_index(const char *const *table, size_t rows, size_t n, const char *s)
{
	size_t i, j;

	for (i = 0; i < rows; i++)
		for (j = 0; j < n; j++)
			if (table[i * n + j] != NULL &&
			    strcasecmp(table[i * n + j], s) == 0)
				return (int)i;
	return -1;
}

static int
parse_round(const char *s, int64_t *out)
{
	static const char *const names[][4] = {
	    {"1", "分", "0.01", "fen"},
	    {"10", "角", "0.1", "jiao"},
	    {"100", "元", "1", "yuan"},
	};
	int i = name_index(&names[0][0], 3, 4, s);

	if (i < 0)
		return -1;
	*out = i == 0 ? 1 : i == 1 ? 10 : 100;
	return 0;
}

/* Read cell s of column k into r->v[k]; empty cells are handled before. */
static void
read_cell(struct octx *c, struct orow *r, size_t k, const char *s)
{
	const struct ocol *oc = &c->k->cols[k];
	const char *why = NULL;
	size_t chars = utf8_count(s, strlen(s));
	int64_t n;
	int i;

	switch (oc->type) {
	case OT_ID:
		if (!import_is_id(s)) {
			rerr(c, r, (int)k,
			     "\"%s\" is not an id (letters, "
			     "digits, _ and -, at most %d)",
			     s, IMPORT_ID_MAX_BYTES);
			return;
		}
		r->v[k] = vtext(s);
		return;
	case OT_TEXT:
	case OT_LONG:
		if (chars >
		    (oc->type == OT_TEXT ? SHORT_MAX_CHARS : LONG_MAX_CHARS)) {
			rerr(c, r, (int)k, "longer than %d characters",
			     oc->type == OT_TEXT ? SHORT_MAX_CHARS
			                         : LONG_MAX_CHARS);
			return;
		}
		r->v[k] = vtext(s);
		return;
	case OT_COUNT:
	case OT_SEQ:
	case OT_WEIGHT:
	case OT_YEAR:
		if (import_parse_count(s, &n, &why) < 0) {
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
			return;
		}
		if (oc->type == OT_SEQ && n < 1)
			rerr(c, r, (int)k, "\"%s\" is not a number from 1", s);
		else if (oc->type == OT_WEIGHT && n > 100)
			rerr(c, r, (int)k, "\"%s\" is more than 100 points", s);
		else if (oc->type == OT_YEAR &&
		         (n < 1990 || n > 2100 || strlen(s) != 4))
			rerr(c, r, (int)k, "\"%s\" is not a year (YYYY)", s);
		else
			r->v[k] = vint(n);
		return;
	case OT_PERCENT:
		if (import_parse_dec2(s, 1, &n, &why) < 0)
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
		else if (n > MONEY_BP_PER_UNIT)
			rerr(c, r, (int)k, "\"%s\" is more than 100%%", s);
		else
			r->v[k] = vint(n);
		return;
	case OT_YUAN:
		if (import_parse_yuan(s, 0, &n, &why) < 0)
			rerr(c, r, (int)k, "\"%s\" %s", s, why);
		else
			r->v[k] = vint(n);
		return;
	case OT_STORE:
	case OT_DEPT:
	case OT_POS:
	case OT_SCHEME:
	case OT_SUPERIORS:
		/* resolved once every row is read */
		r->v[k] = vtext(s);
		return;
	case OT_SECTION:
		i = name_index(&sections[0][0], 5, 4, s);
		if (i < 0)
			rerr(c, r, (int)k,
			     "\"%s\" is not a part of a job "
			     "description (岗位职责, 日常工作, 任职资格, "
			     "管理权限 "
			     "or 管理责任)",
			     s);
		else
			r->v[k] = vtext(sections[i][0]);
		return;
	case OT_KPI_KIND:
		if (strcasecmp(s, "ratio") == 0 || strcmp(s, "完成率") == 0 ||
		    strcmp(s, "按完成率") == 0 || strcmp(s, "计算") == 0)
			r->v[k] = vtext("ratio");
		else if (strcasecmp(s, "graded") == 0 ||
		         strcmp(s, "评分") == 0 || strcmp(s, "打分") == 0)
			r->v[k] = vtext("graded");
		else
			rerr(c, r, (int)k,
			     "\"%s\" is neither 完成率 (ratio: "
			     "points from target and actual) nor 评分 (graded: "
			     "the appraiser gives the points)",
			     s);
		return;
	case OT_SI_ITEM:
		i = name_index(&si_items[0][0], 4, 3, s);
		if (i < 0)
			rerr(c, r, (int)k,
			     "\"%s\" is not 养老保险, 医疗保险, "
			     "失业保险 or 住房公积金",
			     s);
		else
			r->v[k] = vtext(si_items[i][0]);
		return;
	case OT_ROUND:
		if (parse_round(s, &n) < 0)
			rerr(c, r, (int)k,
			     "\"%s\" is not 分, 角 or 元 (what "
			     "the amount is rounded to)",
			     s);
		else
			r->v[k] = vint(n);
		return;
	}
}

/* Read every cell of record rec into a new row. */
static void
read_row(struct octx *c, const struct import_record *rec, struct orow *r)
{
	size_t k;

	memset(r, 0, sizeof(*r));
	r->line = rec->line;
	for (k = 0; k < c->ncols; k++) {
		const char *s;

		r->v[k] = vnull();
		if (c->col[k] < 0)
			continue;
		s = rec->fields[c->col[k]];
		r->raw[k] = s;
		if (*s == '\0') {
			if (c->k->cols[k].req != REQ_NO)
				rerr(c, r, (int)k,
				     "required: the cell is "
				     "empty");
			else if (c->k->cols[k].type == OT_TEXT ||
			         c->k->cols[k].type == OT_LONG)
				r->v[k] = vtext("");
			else if (c->k->cols[k].type == OT_COUNT ||
			         c->k->cols[k].type == OT_YUAN)
				r->v[k] = vint(0);
			else if (c->k->cols[k].type == OT_ROUND)
				r->v[k] = vint(1);
			continue;
		}
		read_cell(c, r, k, s);
	}
}

/* ------------------------------------------------------------ keys */

static int
cmp_idx(const void *a, const void *b)
{
	const struct oidx *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	if (d != 0)
		return d;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* "position_id, section and seq": the key columns, for messages. */
static const char *
key_names(struct octx *c)
{
	const struct ocol *k = c->k->cols;

	switch (c->k->nkey) {
	case 1:
		return k[0].name;
	case 2:
		return arena_printf(c->a, "%s and %s", k[0].name, k[1].name);
	default:
		return arena_printf(c->a, "%s, %s and %s", k[0].name, k[1].name,
		                    k[2].name);
	}
}

/* The rows' keys sorted: a key twice in the file is an error. */
static void
check_duplicates(struct octx *c)
{
	struct oidx *ix = xcalloc(c->nrows + 1, sizeof(*ix));
	size_t i, n = 0;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].key != NULL) {
			ix[n].key = c->rows[i].key;
			ix[n++].row = i;
		}
	qsort(ix, n, sizeof(*ix), cmp_idx);
	for (i = 1; i < n; i++)
		if (strcmp(ix[i].key, ix[i - 1].key) == 0) {
			struct orow *r = &c->rows[ix[i].row];
			size_t j = i - 1;

			while (j > 0 && strcmp(ix[j - 1].key, ix[i].key) == 0)
				j--;
			rerr(c, r, 0, "duplicate row: line %d has the same %s",
			     c->rows[ix[j].row].line, key_names(c));
		}
	free(ix);
}

/* The row's key as one string (the key columns joined). */
static void
make_key(struct octx *c, struct orow *r)
{
	const char *key = "";
	int k;

	for (k = 0; k < c->k->nkey; k++) {
		const struct fmt_value *v = &r->v[k];
		const char *s =
		    v->type == FMT_V_TEXT ? v->s
		    : v->type == FMT_V_INT
		        ? arena_printf(c->a, "%lld", (long long)v->i)
		        : NULL;

		if (s == NULL)
			return;
		key = k == 0 ? s : arena_printf(c->a, "%s\x1f%s", key, s);
	}
	r->key = key;
}

/* Sorted index of the positions of a positions file by id and title. */
static void
index_positions(struct octx *c)
{
	size_t i;

	c->ids = xcalloc(c->nrows + 1, sizeof(*c->ids));
	c->titles = xcalloc(c->nrows + 1, sizeof(*c->titles));
	for (i = 0; i < c->nrows; i++) {
		const struct orow *r = &c->rows[i];

		if (r->v[PS_ID].type == FMT_V_TEXT) {
			c->ids[c->nids].key = r->v[PS_ID].s;
			c->ids[c->nids++].row = i;
		}
		if (r->v[PS_TITLE].type == FMT_V_TEXT &&
		    *r->v[PS_TITLE].s != '\0') {
			c->titles[c->ntitles].key = r->v[PS_TITLE].s;
			c->titles[c->ntitles++].row = i;
		}
	}
	qsort(c->ids, c->nids, sizeof(*c->ids), cmp_idx);
	qsort(c->titles, c->ntitles, sizeof(*c->titles), cmp_idx);
}

/* The first entry of ix[0..n) with key s, or NULL. */
static const struct oidx *
find_idx(const struct oidx *ix, size_t n, const char *s)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix[mid].key, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(ix[lo].key, s) == 0 ? &ix[lo] : NULL;
}

/* ------------------------------------------------------------ references */

/*
 * The id that s names in table: an id, or else the unique row whose
 * name_col is s. NULL after reporting (unknown or ambiguous) in column k.
 */
static const char *
resolve(struct octx *c, struct orow *r, int k, const char *table,
        const char *name_col, const char *noun, const char *s)
{
	struct db_param p = {"s", vtext(s)};
	struct db_rows rows;
	size_t i;
	const char *list;

	if (query(c,
	          arena_printf(c->a, "SELECT id FROM %s WHERE id = :s", table),
	          &p, 1, &rows) < 0)
		return NULL;
	if (rows.nrows > 0)
		return text_at(&rows, 0, 0);
	if (name_col != NULL &&
	    query(c,
	          arena_printf(c->a,
	                       "SELECT id FROM "
	                       "%s WHERE %s = :s ORDER BY id",
	                       table, name_col),
	          &p, 1, &rows) < 0)
		return NULL;
	if (name_col != NULL && rows.nrows == 1)
		return text_at(&rows, 0, 0);
	if (name_col != NULL && rows.nrows > 1) {
		list = text_at(&rows, 0, 0);
		for (i = 1; i < rows.nrows; i++)
			list = arena_printf(c->a, "%s, %s", list,
			                    text_at(&rows, i, 0));
		rerr(c, r, k,
		     "\"%s\" is the name of %zu %ss (%s): write the "
		     "id",
		     s, rows.nrows, noun, list);
		return NULL;
	}
	if (strcmp(table, "scheme") != 0) {
		rerr(c, r, k,
		     "unknown %s %s: import the %ss first (hrpress "
		     "import DB %s FILE), or correct the cell",
		     noun, s, noun,
		     strcmp(table, "store") == 0        ? "stores"
		     : strcmp(table, "department") == 0 ? "departments"
		                                        : "positions");
		return NULL;
	}
	if (query(c, "SELECT id FROM scheme ORDER BY id", NULL, 0, &rows) < 0)
		return NULL;
	list = rows.nrows > 0 ? text_at(&rows, 0, 0) : NULL;
	for (i = 1; i < rows.nrows; i++)
		list = arena_printf(c->a, "%s, %s", list, text_at(&rows, i, 0));
	if (list == NULL)
		rerr(c, r, k,
		     "unknown pay scheme %s: the database has no pay "
		     "schemes yet; leave the cell empty and assign the scheme "
		     "later",
		     s);
	else
		rerr(c, r, k, "unknown pay scheme %s (the database has %s)", s,
		     list);
	return NULL;
}

/* A superior: a position of the file (id or title) or of the database. */
static const char *
resolve_superior(struct octx *c, struct orow *r, const char *s)
{
	const struct oidx *x = find_idx(c->ids, c->nids, s);
	struct db_param p = {"s", vtext(s)};
	struct db_rows rows;
	const char *id = NULL;
	int n = 0;

	if (x != NULL)
		return s;
	if (query(c, "SELECT id FROM position WHERE id = :s", &p, 1, &rows) < 0)
		return NULL;
	if (rows.nrows > 0)
		return text_at(&rows, 0, 0);
	/* A title: the file's positions, then the database's others. */
	for (x = find_idx(c->titles, c->ntitles, s);
	     x != NULL && x < c->titles + c->ntitles && strcmp(x->key, s) == 0;
	     x++) {
		id = c->rows[x->row].v[PS_ID].s;
		n++;
	}
	if (query(c, "SELECT id FROM position WHERE title = :s", &p, 1, &rows) <
	    0)
		return NULL;
	for (size_t i = 0; i < rows.nrows; i++)
		if (find_idx(c->ids, c->nids, text_at(&rows, i, 0)) == NULL) {
			id = text_at(&rows, i, 0);
			n++;
		}
	if (n == 1)
		return id;
	if (n > 1)
		rerr(c, r, PS_SUPERIORS,
		     "\"%s\" is the title of %d "
		     "positions: write the position's id",
		     s, n);
	else
		rerr(c, r, PS_SUPERIORS,
		     "unknown superior %s: neither a "
		     "position of this file nor of the database",
		     s);
	return NULL;
}

/* Split a superiors cell at 、 , ， ; ； / and blanks. */
static void
read_superiors(struct octx *c, struct orow *r, const char *cell)
{
	static const char *const seps[] = {"、", ",", "，", ";",     "；",
	                                   "/",  " ", "\t", "\u3000"};
	const char *p = cell;

	r->sups = arena_alloc(c->a, MAX_SUPERIORS * sizeof(*r->sups));
	while (*p) {
		size_t i, len = 0, sl = 0;
		const char *s, *id;

		for (;;) {
			for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
				if (strncmp(p + len, seps[i],
				            strlen(seps[i])) == 0)
					break;
			if (p[len] == '\0' ||
			    i < sizeof(seps) / sizeof(seps[0])) {
				sl = p[len] ? strlen(seps[i]) : 0;
				break;
			}
			len++;
		}
		if (len > 0) {
			s = arena_strndup(c->a, p, len);
			if (r->nsups == MAX_SUPERIORS) {
				rerr(c, r, PS_SUPERIORS,
				     "more than %d "
				     "superiors",
				     MAX_SUPERIORS);
				return;
			}
			id = resolve_superior(c, r, s);
			if (id != NULL && strcmp(id, r->v[PS_ID].s) == 0) {
				rerr(c, r, PS_SUPERIORS,
				     "%s is the position "
				     "itself: a position cannot report to "
				     "itself",
				     s);
				id = NULL;
			}
			for (i = 0; id != NULL && i < r->nsups; i++)
				if (strcmp(r->sups[i], id) == 0) {
					rerr(c, r, PS_SUPERIORS,
					     "%s is "
					     "named twice",
					     s);
					id = NULL;
				}
			if (id != NULL)
				r->sups[r->nsups++] = id;
		}
		p += len + sl;
	}
}

/* Does the key of row r exist in the database? 0/1, or -1. */
static int
key_exists(struct octx *c, struct orow *r, int *out)
{
	static const char *const sql[] = {
	    [IMPORT_STORES] = "SELECT count(*) FROM store WHERE id = :a",
	    [IMPORT_DEPARTMENTS] = "SELECT count(*) FROM department "
	                           "WHERE id = :a",
	    [IMPORT_POSITIONS] = "SELECT count(*) FROM position WHERE "
	                         "id = :a",
	    [IMPORT_JOB_ITEMS] =
	        "SELECT count(*) FROM position_item "
	        "WHERE position_id = :a AND section = :b AND seq = :c",
	    [IMPORT_KPI_ITEMS] = "SELECT count(*) FROM kpi WHERE "
	                         "position_id = :a AND code = :b",
	    [IMPORT_MODELS] = "SELECT count(*) FROM vehicle_model WHERE "
	                      "model = :a",
	    [IMPORT_SI_RATE] = "SELECT count(*) FROM si_rate WHERE "
	                       "city = :a AND item = :b AND year = :c",
	};
	struct db_param p[] = {{"a", r->v[0]}, {"b", r->v[1]}, {"c", r->v[2]}};
	const char *q = sql[c->o->kind];
	int64_t n;

	if (c->o->kind == IMPORT_JOB_ITEMS) {
		const char *sec = r->v[JI_SECTION].s;

		if (strcmp(sec, "authority") == 0 ||
		    strcmp(sec, "accountability") == 0)
			q = arena_printf(
			    c->a,
			    "SELECT count(*) FROM position "
			    "WHERE id = :a AND %s <> '' AND :b = :b AND "
			    ":c = :c",
			    sec);
	}
	if (query_int(c, q, p, (size_t)c->k->nkey, &n) < 0)
		return -1;
	*out = n > 0;
	return 0;
}

/* Resolve the references of every row; -1 on a database failure. */
static int
resolve_rows(struct octx *c)
{
	size_t i, k;

	if (c->o->kind == IMPORT_POSITIONS)
		index_positions(c);
	for (i = 0; i < c->nrows; i++) {
		struct orow *r = &c->rows[i];

		for (k = 0; k < c->ncols; k++) {
			enum otype t = c->k->cols[k].type;
			const char *s = r->v[k].type == FMT_V_TEXT ? r->v[k].s
			                                           : NULL,
			           *id = NULL;

			if (t == OT_SUPERIORS && r->raw[k] != NULL &&
			    r->v[PS_ID].type == FMT_V_TEXT)
				read_superiors(c, r, r->raw[k]);
			if (s == NULL || (t != OT_STORE && t != OT_DEPT &&
			                  t != OT_POS && t != OT_SCHEME))
				continue;
			if (t == OT_STORE)
				id = resolve(c, r, (int)k, "store",
				             "short_name", "store", s);
			else if (t == OT_DEPT)
				id = resolve(c, r, (int)k, "department", "name",
				             "department", s);
			else if (t == OT_POS)
				id = resolve(c, r, (int)k, "position", "title",
				             "position", s);
			else
				id = resolve(c, r, (int)k, "scheme", NULL,
				             "scheme", s);
			if (failed(c) && id == NULL && !r->bad)
				return -1; /* the database failed */
			r->v[k] = id != NULL ? vtext(id) : vnull();
		}
	}
	return 0;
}

/* ------------------------------------------------------------ defaults */

static int
cmp_group(const void *a, const void *b)
{
	return cmp_idx(a, b);
}

/*
 * Values the file leaves out: the year of --month (si_rate), the name of a
 * contribution, and the seq of list rows without one (1, 2, ... per
 * position and section in the order of the file).
 */
static void
fill_defaults(struct octx *c)
{
	int list =
	    c->o->kind == IMPORT_JOB_ITEMS || c->o->kind == IMPORT_KPI_ITEMS;
	int sk = c->o->kind == IMPORT_JOB_ITEMS ? JI_SEQ : KI_SEQ;
	struct oidx *ix = NULL;
	size_t i, n = 0;

	if (list)
		ix = xcalloc(c->nrows + 1, sizeof(*ix));
	for (i = 0; i < c->nrows; i++) {
		struct orow *r = &c->rows[i];

		if (c->o->kind == IMPORT_SI_RATE) {
			long y =
			    c->o->month ? strtol(c->o->month, NULL, 10) : 0;

			if (r->v[SR_YEAR].type == FMT_V_NULL && y > 0)
				r->v[SR_YEAR] = vint(y);
			else if (r->v[SR_YEAR].type == FMT_V_NULL && !r->bad)
				rerr(c, r, SR_YEAR,
				     "a year is required "
				     "(YYYY), or give --month");
			else if (y > 0 && r->v[SR_YEAR].type == FMT_V_INT &&
			         r->v[SR_YEAR].i != y)
				rerr(c, r, SR_YEAR,
				     "%lld is not the year of "
				     "--month %s",
				     (long long)r->v[SR_YEAR].i, c->o->month);
			if (r->v[SR_ITEM].type == FMT_V_TEXT &&
			    (r->v[SR_NAME].type == FMT_V_NULL ||
			     *r->v[SR_NAME].s == '\0')) {
				int k = name_index(&si_items[0][0], 4, 3,
				                   r->v[SR_ITEM].s);

				r->v[SR_NAME] = vtext(si_items[k][1]);
			}
		}
		if (list && r->v[sk].type == FMT_V_NULL &&
		    r->v[0].type == FMT_V_TEXT &&
		    (sk == KI_SEQ || r->v[1].type == FMT_V_TEXT)) {
			ix[n].key = sk == KI_SEQ
			                ? r->v[0].s
			                : arena_printf(c->a, "%s\x1f%s",
			                               r->v[0].s, r->v[1].s);
			ix[n++].row = i;
		}
	}
	if (list) {
		int64_t seq = 0;

		qsort(ix, n, sizeof(*ix), cmp_group);
		for (i = 0; i < n; i++) {
			seq = i > 0 && strcmp(ix[i].key, ix[i - 1].key) == 0
			          ? seq + 1
			          : 1;
			c->rows[ix[i].row].v[sk] = vint(seq);
		}
	}
	free(ix);
}

/* Checks of a row that need its references and whether it is new. */
static void
check_row(struct octx *c, struct orow *r, int64_t nstores)
{
	size_t k;

	if (c->o->kind == IMPORT_DEPARTMENTS && !r->exists &&
	    r->v[DP_STORE].type == FMT_V_NULL && !r->bad) {
		if (c->col[DP_STORE] >= 0)
			rerr(c, r, DP_STORE, "required for a new department");
		else if (c->only_store != NULL)
			r->v[DP_STORE] = vtext(c->only_store);
		else
			rerr(c, r, -1,
			     "store_id: a new department needs a "
			     "store_id (门店) column: the database has %lld "
			     "stores",
			     (long long)nstores);
	}
	if (c->o->kind == IMPORT_SI_RATE && r->v[SR_MIN].type == FMT_V_INT &&
	    r->v[SR_MAX].type == FMT_V_INT && r->v[SR_MAX].i < r->v[SR_MIN].i)
		rerr(c, r, SR_MAX, "%s is below the lower limit %s",
		     r->raw[SR_MAX], r->raw[SR_MIN]);
	for (k = 0; k < c->ncols && !r->exists; k++) {
		const struct ocol *oc = &c->k->cols[k];

		if (oc->req != REQ_NEW)
			continue;
		if (c->col[k] < 0)
			rerr(c, r, -1,
			     "%s: missing column (%s), needed for "
			     "the new %s %s",
			     oc->name, oc->aliases, c->k->what, r->raw[0]);
	}
}

/* ------------------------------------------------------------ writing */

/* --replace: the rows of the list kinds that the file's keys name. */
static int
delete_replaced(struct octx *c)
{
	static const char *const del[][2] = {
	    [IMPORT_JOB_ITEMS] =
	        {"SELECT count(*) FROM position_item "
	         "WHERE position_id = :a AND section = :b",
	         "DELETE FROM position_item WHERE position_id = :a AND "
	         "section = :b"},
	    [IMPORT_KPI_ITEMS] =
	        {"SELECT count(*) FROM kpi WHERE "
	         "position_id = :a AND :b = :b",
	         "DELETE FROM kpi WHERE position_id = :a AND :b = :b"},
	    [IMPORT_SI_RATE] =
	        {"SELECT count(*) FROM si_rate WHERE "
	         "city = :a AND year = :b",
	         "DELETE FROM si_rate WHERE city = :a AND year = :b"},
	};
	struct oidx *ix = xcalloc(c->nrows + 1, sizeof(*ix));
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < c->nrows; i++) {
		const struct orow *r = &c->rows[i];

		if (r->key == NULL)
			continue;
		ix[n].key =
		    c->o->kind == IMPORT_JOB_ITEMS
		        ? arena_printf(c->a, "%s\x1f%s", r->v[0].s, r->v[1].s)
		    : c->o->kind == IMPORT_KPI_ITEMS
		        ? r->v[0].s
		        : arena_printf(c->a, "%s\x1f%lld", r->v[0].s,
		                       (long long)r->v[SR_YEAR].i);
		ix[n++].row = i;
	}
	qsort(ix, n, sizeof(*ix), cmp_idx);
	for (i = 0; i < n && rc == 0; i++) {
		const struct orow *r = &c->rows[ix[i].row];
		struct db_param p[] = {{"a", r->v[0]},
		                       {"b", c->o->kind == IMPORT_SI_RATE
		                                 ? r->v[SR_YEAR]
		                                 : r->v[1]}};
		const char *sec = r->v[1].s;
		int64_t cnt = 0;

		if (i > 0 && strcmp(ix[i].key, ix[i - 1].key) == 0)
			continue;
		if (c->o->kind == IMPORT_JOB_ITEMS &&
		    (strcmp(sec, "authority") == 0 ||
		     strcmp(sec, "accountability") == 0)) {
			rc = query_int(
			    c,
			    arena_printf(
			        c->a,
			        "SELECT count(*) "
			        "FROM position WHERE id = :a AND %s <> '' AND "
			        ":b = :b",
			        sec),
			    p, 2, &cnt);
			if (rc == 0)
				rc = query(c,
				           arena_printf(c->a,
				                        "UPDATE "
				                        "position SET %s = '' "
				                        "WHERE id = :a AND "
				                        ":b = :b",
				                        sec),
				           p, 2, NULL);
		} else {
			rc = query_int(c, del[c->o->kind][0], p, 2, &cnt);
			if (rc == 0)
				rc = query(c, del[c->o->kind][1], p, 2, NULL);
		}
		c->st->deleted += (int)cnt;
	}
	free(ix);
	return rc;
}

/* A row of a kind with ids: UPDATE the file's columns, or INSERT. */
static int
write_upsert(struct octx *c, const struct orow *r)
{
	struct db_param p[MAXC];
	const char *keycol = c->k->cols[0].dbcol;
	char *set = arena_printf(c->a, "%s = :%s", keycol, keycol);
	char *names = arena_strdup(c->a, keycol);
	char *vals = arena_printf(c->a, ":%s", keycol);
	size_t k, np = 0;

	for (k = 0; k < c->ncols; k++) {
		const struct ocol *oc = &c->k->cols[k];

		if (oc->dbcol == NULL ||
		    (r->v[k].type == FMT_V_NULL &&
		     !(oc->type == OT_SCHEME && c->col[k] >= 0)))
			continue;
		p[np].name = oc->dbcol;
		p[np++].v = r->v[k];
		if (k == 0)
			continue;
		set = arena_printf(c->a, "%s, %s = :%s", set, oc->dbcol,
		                   oc->dbcol);
		names = arena_printf(c->a, "%s, %s", names, oc->dbcol);
		vals = arena_printf(c->a, "%s, :%s", vals, oc->dbcol);
	}
	if (r->exists) {
		c->st->updated++;
		return query(c,
		             arena_printf(c->a,
		                          "UPDATE %s SET %s WHERE "
		                          "%s = :%s",
		                          c->k->table, set, keycol, keycol),
		             p, np, NULL);
	}
	c->st->inserted++;
	return query(c,
	             arena_printf(c->a, "INSERT INTO %s (%s) VALUES (%s)",
	                          c->k->table, names, vals),
	             p, np, NULL);
}

/* A job-description row: a list item, or a part of a position's text. */
static int
write_job_item(struct octx *c, const struct orow *r)
{
	struct db_param p[] = {{"p", r->v[JI_POS]},
	                       {"s", r->v[JI_SECTION]},
	                       {"n", r->v[JI_SEQ]},
	                       {"t", r->v[JI_TEXT]}};
	const char *sec = r->v[JI_SECTION].s;

	c->st->inserted++;
	if (strcmp(sec, "authority") == 0 || strcmp(sec, "accountability") == 0)
		/* Items joined in order, 。 or ； between them. */
		return query(
		    c,
		    arena_printf(c->a,
		                 "UPDATE position SET %s = "
		                 "CASE WHEN %s = '' THEN :t WHEN substr(%s, "
		                 "-1) IN ('。', "
		                 "'；', ';', '！') THEN %s || :t ELSE %s || "
		                 "'；' || :t END "
		                 "WHERE id = :p AND :s = :s AND :n = :n",
		                 sec, sec, sec, sec, sec),
		    p, 4, NULL);
	return query(c,
	             "INSERT INTO position_item (position_id, section, "
	             "seq, text) VALUES (:p, :s, :n, :t)",
	             p, 4, NULL);
}

static int
write_kpi(struct octx *c, const struct orow *r)
{
	struct db_param p[] = {{"p", r->v[KI_POS]},
	                       {"c", r->v[KI_CODE]},
	                       {"n", r->v[KI_SEQ]},
	                       {"name", r->v[KI_NAME]},
	                       {"w", r->v[KI_WEIGHT]},
	                       {"k", r->v[KI_KIND]},
	                       {"u", r->v[KI_UNIT].type == FMT_V_TEXT
	                                 ? r->v[KI_UNIT]
	                                 : vtext("")}};

	c->st->inserted++;
	return query(
	    c,
	    "INSERT INTO kpi (position_id, code, seq, name, "
	    "weight, kind, unit) VALUES (:p, :c, :n, :name, :w, :k, :u)",
	    p, 7, NULL);
}

static int
write_si_rate(struct octx *c, const struct orow *r)
{
	struct db_param p[] = {
	    {"c", r->v[SR_CITY]},
	    {"y", r->v[SR_YEAR]},
	    {"i", r->v[SR_ITEM]},
	    {"n", r->v[SR_NAME]},
	    {"r", r->v[SR_RATE]},
	    {"f", r->v[SR_FIXED].type == FMT_V_INT ? r->v[SR_FIXED] : vint(0)},
	    {"lo", r->v[SR_MIN]},
	    {"hi", r->v[SR_MAX]},
	    {"rd",
	     r->v[SR_ROUND].type == FMT_V_INT ? r->v[SR_ROUND] : vint(1)}};

	c->st->inserted++;
	return query(
	    c,
	    "INSERT INTO si_rate (city, year, item, name, "
	    "rate_bp, fixed_fen, base_min_fen, base_max_fen, round_fen) "
	    "VALUES (:c, :y, :i, :n, :r, :f, :lo, :hi, :rd)",
	    p, 9, NULL);
}

/* The superiors of the file's positions, once all positions exist. */
static int
write_superiors(struct octx *c)
{
	size_t i, j;

	if (c->col[PS_SUPERIORS] < 0)
		return 0;
	for (i = 0; i < c->nrows; i++) {
		const struct orow *r = &c->rows[i];
		struct db_param p[3] = {{"p", r->v[PS_ID]}};

		if (query(c,
		          "DELETE FROM position_superior WHERE "
		          "position_id = :p",
		          p, 1, NULL) < 0)
			return -1;
		for (j = 0; j < r->nsups; j++) {
			p[1].name = "s";
			p[1].v = vtext(r->sups[j]);
			p[2].name = "n";
			p[2].v = vint((int64_t)j + 1);
			if (query(c,
			          "INSERT INTO position_superior "
			          "(position_id, superior_id, sort) VALUES "
			          "(:p, :s, "
			          ":n)",
			          p, 3, NULL) < 0)
				return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ the whole */

/* A position of the file that is its own superior, through others. */
static int
check_cycles(struct octx *c)
{
	size_t i;

	if (c->col[PS_SUPERIORS] < 0)
		return 0;
	for (i = 0; i < c->nrows; i++) {
		struct orow *r = &c->rows[i];
		struct db_param p = {"p", r->v[PS_ID]};
		struct db_rows path;

		if (r->nsups == 0)
			continue;
		/* The positions above p that have p above them. */
		if (query(
		        c,
		        "WITH RECURSIVE up(id) AS (SELECT superior_id "
		        "FROM position_superior WHERE position_id = :p UNION "
		        "SELECT s.superior_id FROM position_superior s JOIN up "
		        "ON s.position_id = up.id), down(id) AS (SELECT "
		        "position_id FROM position_superior WHERE superior_id "
		        "= "
		        ":p UNION SELECT s.position_id FROM position_superior "
		        "s "
		        "JOIN down ON s.superior_id = down.id) SELECT id FROM "
		        "up "
		        "WHERE id IN (SELECT id FROM down) ORDER BY id",
		        &p, 1, &path) < 0)
			return -1;
		if (path.nrows > 0) {
			const char *list = text_at(&path, 0, 0);
			size_t j;

			for (j = 1; j < path.nrows; j++)
				list = arena_printf(c->a, "%s, %s", list,
				                    text_at(&path, j, 0));
			rerr(c, r, PS_SUPERIORS,
			     "superiors in a cycle "
			     "(%s): going up from %s leads back to %s; the "
			     "chain of superiors must end at a position "
			     "without one",
			     list, r->v[PS_ID].s, r->v[PS_ID].s);
		}
	}
	return 0;
}

/* The KPI weights of each position of the file add up to 100 points. */
static int
check_weights(struct octx *c)
{
	struct oidx *ix = xcalloc(c->nrows + 1, sizeof(*ix));
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nrows; i++) {
		ix[i].key = c->rows[i].v[KI_POS].s;
		ix[i].row = i;
	}
	qsort(ix, c->nrows, sizeof(*ix), cmp_idx);
	for (i = 0; i < c->nrows && rc == 0; i++) {
		struct orow *r = &c->rows[ix[i].row];
		struct db_param p = {"p", r->v[KI_POS]};
		int64_t sum;

		/* the position's first row in the file */
		if (i > 0 && strcmp(ix[i].key, ix[i - 1].key) == 0)
			continue;
		rc = query_int(c,
		               "SELECT coalesce(sum(weight), 0) FROM kpi "
		               "WHERE position_id = :p",
		               &p, 1, &sum);
		if (rc == 0 && sum != 100)
			rerr(c, r, KI_WEIGHT,
			     "the weights of position %s add "
			     "up to %lld points%s; a scorecard is out of 100: "
			     "correct the weights",
			     r->v[KI_POS].s, (long long)sum,
			     c->o->replace
			         ? ""
			         : " (with its "
			           "KPI rows already in the database)");
	}
	free(ix);
	return rc;
}

/* The stored pay runs of the years of a file of rates. */
static int
warn_pay_runs(struct octx *c)
{
	struct srcpos pos = {c->file, 0, 0};
	struct db_param p[2];
	struct db_rows r;
	size_t i;
	int64_t lo = 9999, hi = 0;

	for (i = 0; i < c->nrows; i++) {
		int64_t y = c->rows[i].v[SR_YEAR].i;

		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
	}
	p[0].name = "from";
	p[0].v = vtext(arena_printf(c->a, "%04lld-01", (long long)lo));
	p[1].name = "to";
	p[1].v = vtext(arena_printf(c->a, "%04lld-12", (long long)hi));
	if (query(c,
	          "SELECT month FROM pay_run WHERE month BETWEEN :from "
	          "AND :to ORDER BY month",
	          p, 2, &r) < 0)
		return -1;
	for (i = 0; i < r.nrows; i++)
		diag_report(c->d, DIAG_CSV_PAY_RUN, &pos, "%s",
		            text_at(&r, i, 0));
	return 0;
}

/* ------------------------------------------------------------ driver */

static const struct okind *
okind_of(enum import_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(okinds) / sizeof(okinds[0]); i++)
		if (okinds[i].kind == kind)
			return &okinds[i];
	return NULL;
}

/* Read the data records; rows of empty cells are skipped. */
static void
read_rows(struct octx *c, const struct import_csv *csv)
{
	size_t i, f;

	c->rows = xcalloc(csv->nrecords, sizeof(*c->rows));
	for (i = 1; i < csv->nrecords; i++) {
		const struct import_record *rec = &csv->records[i];
		int bad = 0;

		for (f = 0; f < rec->nfields && rec->fields[f][0] == '\0'; f++)
			;
		if (f == rec->nfields)
			continue;
		c->st->rows++;
		if (rec->nfields < c->hdr->nfields) {
			ferr(c, rec->line, (int)rec->nfields,
			     "missing: the "
			     "row has %zu fields, the header %zu",
			     rec->nfields, c->hdr->nfields);
			continue;
		}
		for (f = 0; f < rec->nfields; f++)
			if (rec->fields[f][0] != '\0' &&
			    (f >= c->hdr->nfields ||
			     c->hdr->fields[f][0] == '\0')) {
				ferr(c, rec->line, (int)f,
				     "value in a column "
				     "without a header");
				bad = 1;
			}
		if (!bad)
			read_row(c, rec, &c->rows[c->nrows++]);
	}
}

/* Rates of a year with a closed month are refused: its runs use them. */
static int
check_closed(struct octx *c)
{
	const char *what =
	    arena_printf(c->a, "import of si_rate from %s", c->file);
	int64_t done = 0;
	size_t i;

	for (i = 0; i < c->nrows; i++) {
		int64_t y = c->rows[i].v[SR_YEAR].i;

		if (y == done)
			continue;
		done = y;
		if (closing_check_range(
		        c->db, arena_printf(c->a, "%04lld-01", (long long)y),
		        arena_printf(c->a, "%04lld-12", (long long)y), what,
		        c->d) < 0)
			return -1;
	}
	return 0;
}

/* A row of a list kind whose key is stored already (no --replace). */
static void
exists_error(struct octx *c, struct orow *r)
{
	const char *sec;
	int i;

	switch (c->o->kind) {
	case IMPORT_JOB_ITEMS:
		sec = r->v[JI_SECTION].s;
		i = name_index(&sections[0][0], 5, 4, sec);
		if (strcmp(sec, "authority") == 0 ||
		    strcmp(sec, "accountability") == 0)
			rerr(c, r, JI_SECTION,
			     "position %s already has its "
			     "%s (import with --replace to replace the "
			     "position's %s)",
			     r->v[JI_POS].s, sections[i][1], sections[i][1]);
		else
			rerr(c, r, JI_SECTION,
			     "item %lld of %s of position %s "
			     "is already in the database (import with "
			     "--replace to replace the position's %s)",
			     (long long)r->v[JI_SEQ].i, sections[i][1],
			     r->v[JI_POS].s, sections[i][1]);
		break;
	case IMPORT_KPI_ITEMS:
		rerr(c, r, KI_CODE,
		     "KPI %s of position %s is already in the "
		     "database (import with --replace to replace all KPI rows "
		     "of the file's positions)",
		     r->v[KI_CODE].s, r->v[KI_POS].s);
		break;
	default:
		rerr(c, r, SR_ITEM,
		     "the %s rate of %s for %lld is already in "
		     "the database (import with --replace to replace the "
		     "rates of the file's cities and years)",
		     si_items[name_index(&si_items[0][0], 4, 3,
		                         r->v[SR_ITEM].s)][1],
		     r->v[SR_CITY].s, (long long)r->v[SR_YEAR].i);
		break;
	}
}

static int
org_run(struct octx *c, const struct import_csv *csv)
{
	int list = c->o->kind == IMPORT_JOB_ITEMS ||
	           c->o->kind == IMPORT_KPI_ITEMS ||
	           c->o->kind == IMPORT_SI_RATE;
	struct db_rows r;
	int64_t nstores;
	size_t i;
	int rc = 0;

	if (c->o->replace && !list) {
		diag_report(
		    c->d, DIAG_CLI_BAD_VALUE, NULL,
		    "--replace does "
		    "not apply to %s: known ids are updated, new ones added",
		    import_kind_name(c->o->kind));
		return -1;
	}
	if (csv->nrecords == 0) {
		struct srcpos p = {c->file, 0, 0};

		diag_report(c->d, DIAG_CSV_SYNTAX, &p,
		            "empty file: expected a header row");
		return -1;
	}
	c->hdr = &csv->records[0];
	if (parse_header(c) < 0)
		return -1;
	if (query(c, "SELECT id FROM store ORDER BY id", NULL, 0, &r) < 0)
		return -1;
	nstores = (int64_t)r.nrows;
	c->only_store = r.nrows == 1 ? text_at(&r, 0, 0) : NULL;
	read_rows(c, csv);
	if (resolve_rows(c) < 0)
		return -1;
	fill_defaults(c);
	for (i = 0; i < c->nrows; i++)
		if (!c->rows[i].bad)
			make_key(c, &c->rows[i]);
	check_duplicates(c);
	if (c->o->replace && delete_replaced(c) < 0)
		return -1;
	for (i = 0; i < c->nrows; i++) {
		struct orow *row = &c->rows[i];

		if (row->key != NULL && !row->bad &&
		    key_exists(c, row, &row->exists) < 0)
			return -1;
		if (row->bad)
			continue;
		if (list && row->exists)
			exists_error(c, row);
		check_row(c, row, nstores);
	}
	if (failed(c) || (c->o->kind == IMPORT_SI_RATE && check_closed(c) < 0))
		return -1;
	for (i = 0; i < c->nrows && rc == 0; i++) {
		const struct orow *row = &c->rows[i];

		switch (c->o->kind) {
		case IMPORT_JOB_ITEMS:
			rc = write_job_item(c, row);
			break;
		case IMPORT_KPI_ITEMS:
			rc = write_kpi(c, row);
			break;
		case IMPORT_SI_RATE:
			rc = write_si_rate(c, row);
			break;
		default:
			rc = write_upsert(c, row);
			break;
		}
	}
	if (rc == 0 && c->o->kind == IMPORT_POSITIONS)
		rc = write_superiors(c) < 0 || check_cycles(c) < 0 ? -1 : 0;
	if (rc == 0 && c->o->kind == IMPORT_KPI_ITEMS)
		rc = check_weights(c);
	if (rc < 0 || failed(c))
		return -1;
	if (c->o->kind == IMPORT_SI_RATE && c->nrows > 0)
		return warn_pay_runs(c);
	return 0;
}

int
import_org_run(struct db *db, const char *file, const struct import_csv *csv,
               const struct import_opts *o, struct import_stats *st,
               struct diag *d)
{
	struct octx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.d = d;
	c.a = arena_new();
	c.file = file;
	c.csv = csv;
	c.o = o;
	c.st = st;
	c.k = okind_of(o->kind);
	c.errors0 = diag_errors(d);
	while (c.k->cols[c.ncols].name != NULL)
		c.ncols++;
	rc = org_run(&c, csv);
	free(c.rows);
	free(c.ids);
	free(c.titles);
	arena_free(c.a);
	return rc;
}
