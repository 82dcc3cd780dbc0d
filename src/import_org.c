/* SPDX-License-Identifier: MIT */
/*
 * CSV import of the organisation: stores, departments, positions with their
 * superiors, job-description items, KPI rows, car models and
 * social-insurance rates. Works on the records import_csv.c parsed: every
 * row is read and checked, duplicates and references (to the database or,
 * for superiors, to the file itself) are resolved, and only a file without
 * a single error is written, inside the caller's transaction; then the
 * result is checked as a whole (KPI weights, cycles of superiors).
 * Here: the kinds and their column tables, the header, and the steps of a
 * run in order; the checks are in import_org_check.c, the writing in
 * import_org_store.c.
 */
#include "import_org_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "diag.h"
#include "xmem.h"

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

static const struct ocol target_cols[] = {
    {"store_id", "门店|门店编号", "store_id", OT_STORE, REQ_NO},
    {"year", "年度|年份", "year", OT_YEAR, REQ_ROW},
    {"output_yuan", "第一目标总产值|总产值第一目标|第一目标|总产值目标",
     "output_fen", OT_AMOUNT, REQ_NO},
    {"routine_yuan", "第一目标日常维修|日常维修第一目标", "routine_fen",
     OT_AMOUNT, REQ_NO},
    {"accident_yuan", "第一目标事故车维修|事故车维修第一目标", "accident_fen",
     OT_AMOUNT, REQ_NO},
    {"output2_yuan", "第二目标总产值|总产值第二目标|第二目标", "output2_fen",
     OT_AMOUNT, REQ_NO},
    {"routine2_yuan", "第二目标日常维修|日常维修第二目标", "routine2_fen",
     OT_AMOUNT, REQ_NO},
    {"accident2_yuan", "第二目标事故车维修|事故车维修第二目标", "accident2_fen",
     OT_AMOUNT, REQ_NO},
    {"csi_min", "CSI满意度|CSI|CSI满意度目标|CSI不低于|CSI满意度不低于",
     "csi_min_x100", OT_POINTS, REQ_NO},
    {"ten_item_min", "十项调查|十项调查得分|十项调查目标|十项调查不低于",
     "ten_item_min_x100", OT_POINTS, REQ_NO},
    {NULL, NULL, NULL, OT_ID, REQ_NO},
};

static const struct okind okinds[] = {
    {IMPORT_STORES, "store", store_cols, 1, "store"},
    {IMPORT_DEPARTMENTS, "department", dept_cols, 1, "department"},
    {IMPORT_POSITIONS, "position", pos_cols, 1, "position"},
    {IMPORT_JOB_ITEMS, "position_item", job_cols, 3, "item"},
    {IMPORT_KPI_ITEMS, "kpi", kpi_cols, 2, "KPI"},
    {IMPORT_MODELS, "vehicle_model", model_cols, 1, "car model"},
    {IMPORT_SI_RATE, "si_rate", si_cols, 3, "rate"},
    {IMPORT_SERVICE_TARGET, "service_target", target_cols, 2,
     "after-sales target"},
};

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
		c->wan[k] = strstr(h->fields[f], "万") != NULL;
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
			import_org_read_row(c, rec, &c->rows[c->nrows++]);
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
	if (import_org_resolve_rows(c) < 0)
		return -1;
	import_org_fill_defaults(c);
	for (i = 0; i < c->nrows; i++)
		if (!c->rows[i].bad)
			import_org_make_key(c, &c->rows[i]);
	import_org_check_duplicates(c);
	if (c->o->replace && import_org_delete_replaced(c) < 0)
		return -1;
	for (i = 0; i < c->nrows; i++) {
		struct orow *row = &c->rows[i];

		if (row->key != NULL && !row->bad &&
		    import_org_key_exists(c, row, &row->exists) < 0)
			return -1;
		if (row->bad)
			continue;
		if (list && row->exists)
			import_org_exists_error(c, row);
		import_org_check_row(c, row, nstores);
	}
	if (failed(c) || ((c->o->kind == IMPORT_SI_RATE ||
	                   c->o->kind == IMPORT_SERVICE_TARGET) &&
	                  import_org_check_closed(c) < 0))
		return -1;
	for (i = 0; i < c->nrows && rc == 0; i++) {
		const struct orow *row = &c->rows[i];

		switch (c->o->kind) {
		case IMPORT_JOB_ITEMS:
			rc = import_org_write_job_item(c, row);
			break;
		case IMPORT_KPI_ITEMS:
			rc = import_org_write_kpi(c, row);
			break;
		case IMPORT_SI_RATE:
			rc = import_org_write_si_rate(c, row);
			break;
		case IMPORT_SERVICE_TARGET:
			rc = import_org_write_target(c, row);
			break;
		default:
			rc = import_org_write_upsert(c, row);
			break;
		}
	}
	if (rc == 0 && c->o->kind == IMPORT_POSITIONS)
		rc = import_org_write_superiors(c) < 0 ||
		             import_org_check_cycles(c) < 0
		         ? -1
		         : 0;
	if (rc == 0 && c->o->kind == IMPORT_KPI_ITEMS)
		rc = import_org_check_weights(c);
	if (rc < 0 || failed(c))
		return -1;
	if ((c->o->kind == IMPORT_SI_RATE ||
	     c->o->kind == IMPORT_SERVICE_TARGET) &&
	    c->nrows > 0)
		return import_org_warn_pay_runs(c);
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
