/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for import_org.c: setting up a store from CSV files on a new,
 * empty database. Every kind is imported and read back; every refusal
 * (unknown reference, duplicate key, a key already stored, bad weights,
 * superiors in a cycle, a closed year) is checked with its line and column,
 * and a refused file leaves the database file byte for byte as it was.
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
#include "import.h"
#include "xmem.h"

struct fixture {
	char dir[64];
	char *path;		/* dir/hr.db: a new database, no store */
	struct db *db;
	struct diag *d;
	struct arena *a;
};

static const char stores[] =
    "\xEF\xBB\xBF门店编号,公司全称,简称,城市,编制部门,工资条说明,汇编标题\r\n"
    "N01,海州青禾汽车销售服务有限公司,青禾海州店,海州市,综合管理部,"
    "\"如有疑问，请联系综合管理部。\",青禾岗位说明书\r\n";
static const char depts[] =
    "部门编号,部门名称,部门职能,排序\n"
    "ZB,总经办,统筹经营,1\n"
    "XS,销售部,新车销售,2\n"
    "SH,售后部,维修保养,3\n";
/* KF reports to two superiors, one of them further down the file. */
static const char positions[] =
    "岗位编号,部门,岗位名称,上级,岗位性质\n"
    "ZJL,总经办,总经理,,主持经营\n"
    "KF,SH,客服专员,\"SHJL、XSJL\",回访\n"
    "XSJL,销售部,销售经理,总经理,\n"
    "SHJL,SH,售后经理,ZJL,\n";

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag *d = diag_new(NULL);

	strcpy(f->dir, "/tmp/hrp-test-import-org-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->db = db_open(f->path, DB_CREATE, d);
	if (f->db == NULL)
		return -1;
	diag_free(d);
	f->d = diag_new(NULL);
	f->a = arena_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *p;

	db_close(f->db);
	unlink(f->path);
	p = xasprintf("%s-journal", f->path);
	unlink(p);
	free(p);
	rmdir(f->dir);
	free(f->path);
	diag_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return b.data ? buf_take(&b) : xstrdup("");
}

static int
imp(struct fixture *f, enum import_kind kind, int replace, const char *csv,
    struct import_stats *st)
{
	struct import_opts o = {kind, IMPORT_ENC_AUTO, NULL, replace, NULL};
	struct import_stats dummy;

	return import_data(f->db, "t.csv", csv, strlen(csv), &o,
	    st ? st : &dummy, f->d);
}

/* Import that must succeed. */
static void
ok(struct fixture *f, enum import_kind kind, int replace, const char *csv)
{
	if (imp(f, kind, replace, csv, NULL) != 0)
		fail_msg("import failed:\n%s", diag_text(f->d));
}

static int64_t
scalar(struct fixture *f, const char *sql)
{
	struct db_rows r;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, f->a, &r, f->d),
	    0);
	assert_int_equal(r.nrows, 1);
	return db_cell(&r, 0, 0)->i;
}

static const char *
text(struct fixture *f, const char *sql)
{
	struct db_rows r;
	const struct fmt_value *v;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, f->a, &r, f->d),
	    0);
	assert_int_equal(r.nrows, 1);
	v = db_cell(&r, 0, 0);
	return v->type == FMT_V_TEXT ? v->s : "(null)";
}

static void
has(const struct diag *d, const char *want)
{
	if (strstr(diag_text(d), want) == NULL)
		fail_msg("missing \"%s\" in:\n%s", want, diag_text(d));
}

/* The file must be refused with want among the messages, and the database
   file must not change by a byte. */
static void
refused(struct fixture *f, enum import_kind kind, int replace,
    const char *csv, const char *want)
{
	size_t n0, n1;
	char *before = slurp(f->path, &n0), *after;
	struct import_stats st;

	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_int_equal(imp(f, kind, replace, csv, &st), -1);
	assert_int_equal(st.inserted + st.updated + st.deleted, 0);
	has(f->d, want);
	after = slurp(f->path, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	free(before);
	free(after);
}

static void
org(struct fixture *f)
{
	ok(f, IMPORT_STORES, 0, stores);
	ok(f, IMPORT_DEPARTMENTS, 0, depts);
	ok(f, IMPORT_POSITIONS, 0, positions);
}

/* ------------------------------------------------------------ kinds */

static void
test_kind_names(void **state)
{
	static const char *const names[] = {"stores", "departments",
	    "positions", "job_items", "kpi_items", "models", "si_rate"};
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		k = import_kind_lookup(names[i]);
		assert_true(k >= 0);
		assert_string_equal(import_kind_name((enum import_kind)k),
		    names[i]);
	}
	assert_int_equal(import_kind_lookup("store"), IMPORT_STORE);
	assert_int_equal(import_kind_lookup("stores"), IMPORT_STORES);
}

static void
test_stores(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(imp(f, IMPORT_STORES, 0, stores, &st), 0);
	assert_int_equal(st.inserted, 1);
	assert_string_equal(text(f, "SELECT name FROM store"),
	    "海州青禾汽车销售服务有限公司");
	assert_string_equal(text(f, "SELECT issuer_dept FROM store"),
	    "综合管理部");
	assert_string_equal(text(f, "SELECT payslip_note FROM store"),
	    "如有疑问，请联系综合管理部。");
	assert_string_equal(text(f, "SELECT handbook_title FROM store"),
	    "青禾岗位说明书");
	/* An update writes only the file's columns; empty clears. */
	assert_int_equal(imp(f, IMPORT_STORES, 0, "store_id,handbook_subtitle,"
	    "payslip_note\nN01,二〇二六年版,\n", &st), 0);
	assert_int_equal(st.updated, 1);
	assert_string_equal(text(f, "SELECT handbook_subtitle FROM store"),
	    "二〇二六年版");
	assert_string_equal(text(f, "SELECT payslip_note FROM store"), "");
	assert_string_equal(text(f, "SELECT short_name FROM store"),
	    "青禾海州店");
	refused(f, IMPORT_STORES, 0, "store_id,city\nN02,海州市\n",
	    "t.csv:2: error: invalid field: name: missing column (公司全称|"
	    "公司名称|全称), needed for the new store N02");
	refused(f, IMPORT_STORES, 0, "store_id,简称\nN01,\n",
	    "t.csv:2:2: error: invalid field: 简称: required: the cell is "
	    "empty");
	refused(f, IMPORT_STORES, 0, "store_id,颜色\nN01,红\n",
	    "t.csv:1:2: error: invalid field: 颜色: unknown column");
	refused(f, IMPORT_STORES, 1, stores, "--replace does not apply to "
	    "stores");
	/* The store's file given as store figures, and the other way. */
	refused(f, IMPORT_STORE, 0, stores, "t.csv:1:1: error: invalid "
	    "field: 门店编号: unknown column: this header is one of kind "
	    "stores (hrpress import DB stores FILE)");
	refused(f, IMPORT_KPI_ITEMS, 0, "岗位,栏目,内容\nKF,职责,甲\n",
	    "t.csv:1:2: error: invalid field: 栏目: unknown column: a "
	    "kpi_items file has the columns position_id, kpi_code, name, "
	    "weight, kind, unit, seq, or their Chinese names "
	    "(docs/import.md); this header is one of kind job_items: hrpress "
	    "import DB job_items FILE");
}

static void
test_departments(void **state)
{
	struct fixture *f = *state;

	/* No store yet: a department has nowhere to belong. */
	refused(f, IMPORT_DEPARTMENTS, 0, depts, "t.csv:2: error: invalid "
	    "field: store_id: a new department needs a store_id (门店) "
	    "column: the database has 0 stores");
	ok(f, IMPORT_STORES, 0, stores);
	ok(f, IMPORT_DEPARTMENTS, 0, depts);
	assert_int_equal(scalar(f, "SELECT count(*) FROM department WHERE "
	    "store_id = 'N01'"), 3);
	ok(f, IMPORT_STORES, 0, "store_id,name,short_name\nN02,北岸,北岸店\n");
	refused(f, IMPORT_DEPARTMENTS, 0, "部门编号,部门名称\nJS,技术部\n",
	    "the database has 2 stores");
	refused(f, IMPORT_DEPARTMENTS, 0, "部门编号,门店,部门名称\nJS,N09,"
	    "技术部\n", "t.csv:2:2: error: invalid field: 门店: unknown "
	    "store N09: import the stores first (hrpress import DB stores "
	    "FILE)");
	/* By short name; a known id without a store column keeps its store. */
	ok(f, IMPORT_DEPARTMENTS, 0, "部门编号,门店,部门名称\nJS,北岸店,技术部\n");
	assert_string_equal(text(f, "SELECT store_id FROM department WHERE "
	    "id = 'JS'"), "N02");
	ok(f, IMPORT_DEPARTMENTS, 0, "部门编号,排序\nJS,9\n");
	assert_string_equal(text(f, "SELECT store_id FROM department WHERE "
	    "id = 'JS'"), "N02");
	assert_int_equal(scalar(f, "SELECT sort FROM department WHERE "
	    "id = 'JS'"), 9);
	refused(f, IMPORT_DEPARTMENTS, 0, "部门编号,部门名称\nJS,甲\nJS,乙\n",
	    "t.csv:3:1: error: invalid field: 部门编号: duplicate row: line 2 "
	    "has the same department_id");
}

static void
test_positions(void **state)
{
	struct fixture *f = *state;

	ok(f, IMPORT_STORES, 0, stores);
	ok(f, IMPORT_DEPARTMENTS, 0, depts);
	ok(f, IMPORT_POSITIONS, 0, positions);
	assert_int_equal(scalar(f, "SELECT count(*) FROM position"), 4);
	assert_string_equal(text(f, "SELECT group_concat(superior_id, ' ') "
	    "FROM (SELECT superior_id FROM position_superior WHERE "
	    "position_id = 'KF' ORDER BY sort)"), "SHJL XSJL");
	assert_string_equal(text(f, "SELECT superior_id FROM "
	    "position_superior WHERE position_id = 'XSJL'"), "ZJL");
	assert_string_equal(text(f, "SELECT department_id FROM position "
	    "WHERE id = 'XSJL'"), "XS");
	/* Changing superiors replaces them; other columns stay. */
	ok(f, IMPORT_POSITIONS, 0, "岗位编号,上级\nKF,SHJL\n");
	assert_int_equal(scalar(f, "SELECT count(*) FROM position_superior "
	    "WHERE position_id = 'KF'"), 1);
	assert_string_equal(text(f, "SELECT title FROM position WHERE "
	    "id = 'KF'"), "客服专员");
}

static void
test_positions_refused(void **state)
{
	struct fixture *f = *state;

	org(f);
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,部门,岗位名称\nJS,技术部,"
	    "技师\n", "t.csv:2:2: error: invalid field: 部门: unknown "
	    "department 技术部");
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,部门,岗位名称,上级\nJS,SH,"
	    "技师,售后总监\n", "t.csv:2:4: error: invalid field: 上级: "
	    "unknown superior 售后总监: neither a position of this file nor "
	    "of the database");
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,上级\nKF,KF\n",
	    "t.csv:2:2: error: invalid field: 上级: KF is the position "
	    "itself");
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,上级\nKF,\"ZJL,总经理\"\n",
	    "总经理 is named twice");
	/* A cycle through the database: ZJL above KF above ... ZJL. */
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,上级\nZJL,KF\n",
	    "t.csv:2:2: error: invalid field: 上级: superiors in a cycle "
	    "(KF, SHJL, XSJL, ZJL): going up from ZJL leads back to ZJL");
	/* A cycle inside the file, among new positions. */
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,部门,岗位名称,上级\n"
	    "A,SH,甲,B\nB,SH,乙,A\n", "t.csv:3:4: error: invalid field: 上级: "
	    "superiors in a cycle (A, B)");
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,薪酬方案\nKF,FIXED\n",
	    "t.csv:2:2: error: invalid field: 薪酬方案: unknown pay scheme "
	    "FIXED: the database has no pay schemes yet");
	assert_int_equal(db_exec(f->db, "INSERT INTO scheme (id, name) "
	    "VALUES ('FLAT', '固定')", f->d), 0);
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,薪酬方案\nKF,FIXED\n",
	    "unknown pay scheme FIXED (the database has FLAT)");
	ok(f, IMPORT_POSITIONS, 0, "岗位编号,薪酬方案\nKF,FLAT\n");
	assert_string_equal(text(f, "SELECT scheme_id FROM position WHERE "
	    "id = 'KF'"), "FLAT");
	/* A title two positions share must be written as an id. */
	ok(f, IMPORT_POSITIONS, 0, "岗位编号,部门,岗位名称\nB1,SH,技师\n"
	    "B2,XS,技师\n");
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,上级\nKF,技师\n",
	    "\"技师\" is the title of 2 positions: write the position's id");
	refused(f, IMPORT_POSITIONS, 0, "岗位编号,部门,岗位名称\nX1,SH,\n",
	    "t.csv:2:3: error: invalid field: 岗位名称: required: the cell "
	    "is empty");
}

static void
test_job_items(void **state)
{
	struct fixture *f = *state;
	static const char items[] =
	    "岗位,栏目,内容\n"
	    "KF,岗位职责,回访客户。\n"
	    "客服专员,日常工作,整理记录。\n"
	    "KF,岗位职责,受理投诉。\n"
	    "KF,管理权限,对投诉处理有督办权\n"
	    "KF,管理权限,对回访话术有建议权\n"
	    "KF,任职要求,普通话标准。\n";
	struct import_stats st;

	org(f);
	assert_int_equal(imp(f, IMPORT_JOB_ITEMS, 0, items, &st), 0);
	assert_int_equal(st.inserted, 6);
	assert_string_equal(text(f, "SELECT text FROM position_item WHERE "
	    "position_id = 'KF' AND section = 'duty' AND seq = 2"),
	    "受理投诉。");
	assert_int_equal(scalar(f, "SELECT seq FROM position_item WHERE "
	    "section = 'routine'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM position_item WHERE "
	    "section = 'qualification'"), 1);
	assert_string_equal(text(f, "SELECT authority FROM position WHERE "
	    "id = 'KF'"), "对投诉处理有督办权；对回访话术有建议权");
	refused(f, IMPORT_JOB_ITEMS, 0, items, "t.csv:2:2: error: invalid "
	    "field: 栏目: item 1 of 岗位职责 of position KF is already in the "
	    "database (import with --replace");
	refused(f, IMPORT_JOB_ITEMS, 0, items, "t.csv:5:2: error: invalid "
	    "field: 栏目: position KF already has its 管理权限");
	/* --replace: the file's parts of KF only; a shorter list. */
	assert_int_equal(imp(f, IMPORT_JOB_ITEMS, 1, "岗位,栏目,序号,内容\n"
	    "KF,岗位职责,1,只做回访。\n", &st), 0);
	assert_int_equal(st.deleted, 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM position_item WHERE "
	    "section = 'duty'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM position_item WHERE "
	    "section = 'routine'"), 1);
	refused(f, IMPORT_JOB_ITEMS, 1, "岗位,栏目,序号,内容\nKF,职责,1,甲\n"
	    "KF,职责,1,乙\n", "t.csv:3:1: error: invalid field: 岗位: "
	    "duplicate row: line 2 has the same position_id, section and "
	    "seq");
	refused(f, IMPORT_JOB_ITEMS, 0, "岗位,栏目,内容\nWX,职责,甲\n",
	    "t.csv:2:1: error: invalid field: 岗位: unknown position WX: "
	    "import the positions first");
	refused(f, IMPORT_JOB_ITEMS, 0, "岗位,栏目,内容\nKF,爱好,甲\n",
	    "t.csv:2:2: error: invalid field: 栏目: \"爱好\" is not a part of "
	    "a job description");
	refused(f, IMPORT_JOB_ITEMS, 0, "岗位,栏目,序号,内容\nKF,职责,0,甲\n",
	    "t.csv:2:3: error: invalid field: 序号: \"0\" is not a number "
	    "from 1");
}

static void
test_kpi_items(void **state)
{
	struct fixture *f = *state;
	static const char kpi[] =
	    "岗位,指标代码,指标名称,权重,类型,单位\n"
	    "KF,CALLS,回访完成,60,完成率,个\n"
	    "KF,CASE,投诉处理,40,评分,分\n"
	    "ZJL,UNITS,新车销量,100,ratio,台\n";

	org(f);
	ok(f, IMPORT_KPI_ITEMS, 0, kpi);
	assert_int_equal(scalar(f, "SELECT sum(weight) FROM kpi WHERE "
	    "position_id = 'KF'"), 100);
	assert_string_equal(text(f, "SELECT kind FROM kpi WHERE code = "
	    "'CASE'"), "graded");
	assert_int_equal(scalar(f, "SELECT seq FROM kpi WHERE code = 'CASE'"),
	    2);
	/* One more row: 110 points with the stored ones. */
	refused(f, IMPORT_KPI_ITEMS, 0, "岗位,指标代码,指标名称,权重,类型\n"
	    "KF,SPEED,响应速度,10,评分\n", "t.csv:2:4: error: invalid field: "
	    "权重: the weights of position KF add up to 110 points (with its "
	    "KPI rows already in the database); a scorecard is out of 100");
	refused(f, IMPORT_KPI_ITEMS, 1, "岗位,指标代码,指标名称,权重,类型\n"
	    "KF,SPEED,响应速度,90,评分\n", "the weights of position KF add "
	    "up to 90 points; a scorecard is out of 100");
	refused(f, IMPORT_KPI_ITEMS, 0, kpi, "t.csv:2:2: error: invalid "
	    "field: 指标代码: KPI CALLS of position KF is already in the "
	    "database");
	refused(f, IMPORT_KPI_ITEMS, 0, "岗位,指标代码,指标名称,权重,类型\n"
	    "SHJL,A,甲,101,评分\n", "t.csv:2:4: error: invalid field: 权重: "
	    "\"101\" is more than 100 points");
	refused(f, IMPORT_KPI_ITEMS, 0, "岗位,指标代码,指标名称,权重,类型\n"
	    "SHJL,A,甲,100,估计\n", "t.csv:2:5: error: invalid field: 类型: "
	    "\"估计\" is neither 完成率");
	refused(f, IMPORT_KPI_ITEMS, 0, "岗位,指标代码,指标名称,权重,类型\n"
	    "SHJL,A,甲,50,评分\nSHJL,A,乙,50,评分\n", "t.csv:3:1: error: "
	    "invalid field: 岗位: duplicate row: line 2 has the same "
	    "position_id and kpi_code");
	refused(f, IMPORT_KPI_ITEMS, 0, "岗位,指标代码,指标名称,权重,类型\n"
	    "FW,A,甲,100,评分\n", "t.csv:2:1: error: invalid field: 岗位: "
	    "unknown position FW");
	ok(f, IMPORT_KPI_ITEMS, 1, "岗位,指标代码,指标名称,权重,类型\n"
	    "KF,SPEED,响应速度,100,评分\n");
	assert_int_equal(scalar(f, "SELECT count(*) FROM kpi WHERE "
	    "position_id = 'KF'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM kpi WHERE "
	    "position_id = 'ZJL'"), 1);
}

static void
test_models(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	ok(f, IMPORT_MODELS, 0, "车型,类别\n青禾C3,A\n青禾X7,B\n");
	assert_int_equal(imp(f, IMPORT_MODELS, 0, "车型,类别\n青禾C3,B\n"
	    "青禾C5,\n", &st), 0);
	assert_int_equal(st.inserted, 1);
	assert_int_equal(st.updated, 1);
	assert_string_equal(text(f, "SELECT class FROM vehicle_model WHERE "
	    "model = '青禾C3'"), "B");
	assert_string_equal(text(f, "SELECT class FROM vehicle_model WHERE "
	    "model = '青禾C5'"), "");
	refused(f, IMPORT_MODELS, 0, "车型,类别\nQ,A\nQ,B\n", "t.csv:3:1: "
	    "error: invalid field: 车型: duplicate row: line 2 has the same "
	    "model");
}

static void
test_si_rate(void **state)
{
	struct fixture *f = *state;
	static const char rates[] =
	    "城市,年度,险种,个人比例,基数下限（元）,基数上限（元）,"
	    "固定金额（元）,舍入\r\n"
	    "海州市,2026,养老保险,8%,\"4,200.00\",\"21,000.00\",,分\r\n"
	    "海州市,2026,医疗,2,4200,21000,3,\r\n"
	    "海州市,2026,住房公积金,6.5,2600,26000,,元\r\n";
	struct import_stats st;

	ok(f, IMPORT_SI_RATE, 0, rates);
	assert_int_equal(scalar(f, "SELECT rate_bp FROM si_rate WHERE item = "
	    "'pension'"), 800);
	assert_int_equal(scalar(f, "SELECT base_min_fen FROM si_rate WHERE "
	    "item = 'pension'"), 420000);
	assert_int_equal(scalar(f, "SELECT fixed_fen FROM si_rate WHERE "
	    "item = 'medical'"), 300);
	assert_int_equal(scalar(f, "SELECT rate_bp FROM si_rate WHERE item = "
	    "'housing'"), 650);
	assert_int_equal(scalar(f, "SELECT round_fen FROM si_rate WHERE "
	    "item = 'housing'"), 100);
	assert_int_equal(scalar(f, "SELECT round_fen FROM si_rate WHERE "
	    "item = 'medical'"), 1);
	assert_string_equal(text(f, "SELECT name FROM si_rate WHERE item = "
	    "'medical'"), "医疗保险");
	refused(f, IMPORT_SI_RATE, 0, rates, "t.csv:2:3: error: invalid "
	    "field: 险种: the 养老保险 rate of 海州市 for 2026 is already in "
	    "the database (import with --replace");
	assert_int_equal(imp(f, IMPORT_SI_RATE, 1, "城市,年度,险种,个人比例,"
	    "基数下限,基数上限\n海州市,2026,养老,8,4500,22000\n", &st), 0);
	assert_int_equal(st.deleted, 3);
	assert_int_equal(scalar(f, "SELECT count(*) FROM si_rate"), 1);
	refused(f, IMPORT_SI_RATE, 1, "城市,年度,险种,个人比例,基数下限,"
	    "基数上限\n海州市,2026,养老,8,4500,2200\n", "t.csv:2:6: error: "
	    "invalid field: 基数上限: 2200 is below the lower limit 4500");
	refused(f, IMPORT_SI_RATE, 1, "城市,年度,险种,个人比例,基数下限,"
	    "基数上限\n海州市,2026,养老,101,4500,22000\n", "t.csv:2:4: error: "
	    "invalid field: 个人比例: \"101\" is more than 100%");
	refused(f, IMPORT_SI_RATE, 1, "城市,险种,个人比例,基数下限,基数上限\n"
	    "海州市,养老,8,4500,22000\n", "year: missing required column "
	    "(年度), or give --month");
	refused(f, IMPORT_SI_RATE, 1, "城市,年度,险种,个人比例,基数下限,"
	    "基数上限,舍入\n海州市,2026,养老,8,4500,22000,毛\n", "t.csv:2:7: "
	    "error: invalid field: 舍入: \"毛\" is not 分, 角 or 元");
	/* A closed month of the year: its pay run used the rates. */
	assert_int_equal(db_exec(f->db, "INSERT INTO month_lock (month, "
	    "closed_at, closed_by, note) VALUES ('2026-03', "
	    "'2026-04-02T10:00:00Z', 'clerk', '')", f->d), 0);
	refused(f, IMPORT_SI_RATE, 1, rates, "2026-03");
	assert_true(diag_has(f->d, DIAG_MONTH_CLOSED));
}

static void
test_gbk_positions(void **state)
{
	struct fixture *f = *state;
	/* 岗位编号,部门,岗位名称 / JS,SH,技师 in GBK */
	static const char gbk[] =
	    "\xB8\xDA\xCE\xBB\xB1\xE0\xBA\xC5,\xB2\xBF\xC3\xC5,"
	    "\xB8\xDA\xCE\xBB\xC3\xFB\xB3\xC6\r\n"
	    "JS,SH,\xBC\xBC\xCA\xA6\r\n";
	struct import_stats st;

	org(f);
	assert_int_equal(imp(f, IMPORT_POSITIONS, 0, gbk, &st), 0);
	assert_int_equal(st.encoding, IMPORT_ENC_GBK);
	assert_string_equal(text(f, "SELECT title FROM position WHERE "
	    "id = 'JS'"), "技师");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test_setup_teardown(test_stores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_departments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_positions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_positions_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_job_items, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kpi_items, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_models, setup, teardown),
		cmocka_unit_test_setup_teardown(test_si_rate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gbk_positions, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
