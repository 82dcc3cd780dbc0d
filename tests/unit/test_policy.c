/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the pay_policy view of src/schema.sql: the plain-Chinese
 * text of every calc kind, of conditions, tier tables and steps, with a
 * position's parameter overrides, on a small scheme written here into a
 * freshly created database.
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

#include "db.h"
#include "diag.h"
#include "xmem.h"

struct fixture {
	char path[64];
	struct diag *d;
	struct db *db;
	struct arena *a;
};

/*
 * One scheme S, version 1 from 2025-01, one rule per calc kind and the
 * variants of their wording; P1 and P2 are on S (P1 overrides the rate,
 * P2 the switch), P3 has no scheme.
 */
static const char scheme_sql[] =
    "INSERT INTO store (id, name, short_name) VALUES ('S1', '测试店', '测试');"
    "INSERT INTO department (id, store_id, name) VALUES ('D', 'S1', '部');"
    "INSERT INTO scheme (id, name) VALUES ('S', '测试方案');"
    "INSERT INTO scheme_version (id, scheme_id, valid_from)"
    " VALUES (1, 'S', '2025-01');"
    "INSERT INTO position (id, department_id, title, scheme_id) VALUES"
    " ('P1', 'D', '甲', 'S'), ('P2', 'D', '乙', 'S'), ('P3', 'D', '丙', NULL);"
    "INSERT INTO pay_rule (version_id, seq, code, name, category, calc,"
    " measure, tier_table, tier_measure, amount_fen, ratio_num, ratio_den,"
    " item_filter, item_key, cond_measure, cond_min, cond_max,"
    " cond2_measure, cond2_min, cond2_max) VALUES"
    " (1, 1, 'base', '底薪', 'earning', 'measure', 'base_fen', NULL, NULL,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (1, 2, 'perf', '绩效工资', 'earning', 'tier_share', 'perf_fen', 'share',"
    "  'completion_bp', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 3, 'ins_a', '保险提成', 'earning', 'per_unit', 'full_cover_units',"
    "  NULL, NULL, 10000, NULL, NULL, NULL, NULL, 'penetration_bp', NULL,"
    "  7000, NULL, NULL, NULL),"
    " (1, 4, 'ins_b', '保险提成', 'earning', 'per_unit', 'insured_units',"
    "  NULL, NULL, 12550, NULL, NULL, NULL, NULL, 'penetration_bp', 7000,"
    "  NULL, NULL, NULL, NULL),"
    " (1, 5, 'fee', '手续费提成', 'earning', 'per_item_tier', 'loan_fee_fen',"
    "  'fee', NULL, NULL, NULL, NULL, 'financed', NULL, NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 6, 'acc', '精品提成', 'earning', 'item_ratio', 'acc_margin_fen',"
    "  NULL, NULL, NULL, 1, 3, 'settled', NULL, NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 7, 'over', '超限价提成', 'earning', 'item_ratio', 'over_limit_fen',"
    "  NULL, NULL, NULL, 1, 2, 'network', NULL, NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 8, 'post', '岗位工资', 'earning', 'tier_value', NULL, 'post',"
    "  'grade', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 9, 'award', '超额奖', 'award', 'fixed', NULL, NULL, NULL, 30000,"
    "  NULL, NULL, NULL, NULL, 'completion_bp', 6000, 8000, NULL, NULL, NULL),"
    " (1, 10, 'allow', '补贴', 'earning', 'fixed', NULL, NULL, NULL, 5000,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (1, 11, 'calc', '提成', 'earning', 'formula', NULL, NULL, NULL, NULL,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (1, 12, 'floor', '保底', 'earning', 'top_up', NULL, NULL, NULL, 300000,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (1, 13, 'years', '工龄工资', 'earning', 'per_unit', 'service_years',"
    "  NULL, NULL, 5000, NULL, NULL, NULL, NULL, 'on_probation', NULL, 1,"
    "  'units_target', 1, NULL),"
    " (1, 14, 'bottles', '养护用品提成', 'earning', 'formula', NULL, NULL,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "  NULL),"
    " (1, 15, 'car', '单车提成', 'earning', 'per_item_tier', 'ordinal', 'car',"
    "  NULL, NULL, NULL, NULL, 'settled', 'class', NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 16, 'net', '网络订单提成', 'earning', 'per_item_tier', 'price_fen',"
    "  'net', NULL, NULL, NULL, NULL, 'network', 'model', NULL, NULL, NULL,"
    "  NULL, NULL, NULL),"
    " (1, 17, 'info', '信息员提成', 'earning', 'formula', NULL, NULL, NULL,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (1, 18, 'top', '销冠奖', 'award', 'fixed', NULL, NULL, NULL, 30000,"
    "  NULL, NULL, NULL, NULL, 'sales_rank', 1, 2, NULL, NULL, NULL),"
    " (1, 19, 'perf2', '季度绩效', 'earning', 'tier_share', 'perf_fen', 's2',"
    "  'completion_bp', NULL, NULL, NULL, NULL, NULL, 'appraisal_x100', 6000,"
    "  NULL, NULL, NULL, NULL),"
    " (1, 20, 'profit', '利润分成', 'earning', 'measure', 'net_profit_fen',"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "  NULL),"
    " (1, 21, 'reg', '上户提成', 'earning', 'measure', 'reg_comm_fen',"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    "  NULL),"
    " (1, 22, 'maint', '养护奖金', 'earning', 'formula', NULL, NULL, NULL,"
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);"
    "INSERT INTO tier (version_id, table_code, key, lo, lo_strict, value)"
    " VALUES"
    " (1, 'share', '', 0, 0, 0), (1, 'share', '', 5000, 0, 1250),"
    " (1, 'share', '', 8000, 1, 8000), (1, 'share', '', 10000, 0, 10000),"
    " (1, 'fee', '', 0, 0, 20000), (1, 'fee', '', 350000, 0, 30000),"
    " (1, 'post', '', 1, 0, 100000), (1, 'post', '', 2, 0, 123450),"
    " (1, 'bottle', '', 0, 0, 500), (1, 'bottle', '', 50, 1, 600),"
    " (1, 'bottle', '', 200, 1, 1000),"
    " (1, 'cap', '', 0, 0, 0), (1, 'cap', '', 6000000, 0, 500),"
    " (1, 'car', 'A', 1, 0, 20000), (1, 'car', 'A', 11, 0, 25000),"
    " (1, 'car', 'B', 1, 0, 15000), (1, 'car', 'B', 11, 0, 20000),"
    " (1, 'net', 'X', 0, 0, 20000), (1, 'net', 'Y', 0, 0, 30000),"
    " (1, 'net', 'Z', 0, 0, 30000),"
    " (1, 's2', '', 3000, 0, 3000);"
    "INSERT INTO pay_param (version_id, code, position_id, name, unit, value)"
    " VALUES"
    " (1, 'coef', '', '提成系数', 'bp', 150),"
    " (1, 'coef', 'P1', '甲岗提成系数', 'bp', 250),"
    " (1, 'sw', '', '开关', 'flag', 1),"
    " (1, 'sw', 'P2', '开关', 'flag', 3),"
    " (1, 'month_days', '', '月计薪天数', 'count', 2175);"
    "INSERT INTO pay_term (version_id, rule_code, seq, op, source, ref,"
    " tier_table, num, den, when_param, when_mask) VALUES"
    " (1, 'post', 1, 'mul', 'measure', 'attend_days', NULL, 1, 1, NULL, NULL),"
    " (1, 'post', 2, 'div', 'measure', 'work_days', NULL, 1, 1, NULL, NULL),"
    " (1, 'calc', 1, 'add', 'measure', 'output_fen', NULL, 1, 1, NULL, NULL),"
    " (1, 'calc', 2, 'mul', 'param', 'coef', NULL, 1, 10000, NULL, NULL),"
    " (1, 'calc', 3, 'add', 'const', NULL, NULL, 100000, 1, NULL, NULL),"
    " (1, 'calc', 4, 'mul', 'const', NULL, NULL, 80, 100, NULL, NULL),"
    " (1, 'calc', 5, 'mul', 'measure', 'appraisal_x100', NULL, 1, 10000,"
    "  'sw', 2),"
    " (1, 'calc', 6, 'max', 'const', NULL, NULL, 0, 1, NULL, NULL),"
    " (1, 'bottles', 1, 'add', 'tier', 'bottles', 'bottle', 1, 1, NULL, NULL),"
    " (1, 'bottles', 2, 'min', 'tier', 'output_fen', 'cap', 1, 1, NULL, NULL),"
    " (1, 'bottles', 3, 'mul', 'measure', 'bottles', NULL, 1, 1, NULL, NULL),"
    " (1, 'info', 1, 'add', 'group', 'ins_a', NULL, 1, 1, NULL, NULL),"
    " (1, 'info', 2, 'add', 'group', 'ins_b', NULL, 1, 1, NULL, NULL),"
    " (1, 'info', 3, 'mul', 'const', NULL, NULL, 1, 10, NULL, NULL),"
    " (1, 'maint', 1, 'add', 'measure', 'maint_sales_fen', NULL, 1, 100,"
    "  NULL, NULL),"
    " (1, 'maint', 2, 'sub', 'measure', 'parts_office_fen', NULL, 1, 1,"
    "  NULL, NULL),"
    " (1, 'maint', 3, 'mul', 'measure', 'completion_bp', NULL, 1, 10000,"
    "  NULL, NULL),"
    " (1, 'maint', 4, 'div', 'param', 'month_days', NULL, 1, 100, NULL,"
    "  NULL),"
    " (1, 'maint', 5, 'mul', 'const', NULL, NULL, 2, 3, NULL, NULL);";

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/test_policy_XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	f->d = diag_new(NULL);
	f->a = arena_new();
	f->db = db_open(f->path, DB_CREATE, f->d);
	if (f->db == NULL || db_exec(f->db, scheme_sql, f->d) != 0) {
		fprintf(stderr, "%s\n", diag_text(f->d));
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	arena_free(f->a);
	diag_free(f->d);
	unlink(f->path);
	free(f);
	return 0;
}

/* The text of the item whose first rule is code, for a position ('' = the
 * scheme's own figures) of version 1; NULL when there is no such item. */
static const char *
text_of(struct fixture *f, const char *pos, const char *code)
{
	struct db_param p[2];
	struct db_rows r;

	p[0].name = "pos";
	p[0].v.type = FMT_V_TEXT;
	p[0].v.s = pos;
	p[1].name = "code";
	p[1].v.type = FMT_V_TEXT;
	p[1].v.s = code;
	assert_int_equal(db_query(f->db,
	    "SELECT text FROM pay_policy WHERE version_id = 1"
	    " AND position_id = :pos AND rule_code = :code", NULL, p, 2, f->a,
	    &r, f->d), 0);
	assert_true(r.nrows <= 1);
	if (r.nrows == 0)
		return NULL;
	assert_int_equal(db_cell(&r, 0, 0)->type, FMT_V_TEXT);
	return db_cell(&r, 0, 0)->s;
}

static int64_t
scalar(struct fixture *f, const char *sql)
{
	struct db_rows r;

	assert_int_equal(db_query(f->db, sql, NULL, NULL, 0, f->a, &r, f->d),
	    0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(db_cell(&r, 0, 0)->type, FMT_V_INT);
	return db_cell(&r, 0, 0)->i;
}

static void
test_measure(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "base"),
	    "按员工合同约定的月固定工资发放");
	assert_string_equal(text_of(f, "", "profit"), "按当月净利润发放");
	assert_string_equal(text_of(f, "", "reg"), "按当月核定的上户提成发放");
}

static void
test_fixed(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "allow"), "每月发放50元");
	assert_string_equal(text_of(f, "", "award"),
	    "60%≤任务完成率<80%时，发放300元");
	assert_string_equal(text_of(f, "", "top"), "销量名次为1时，发放300元");
}

/* Two rules of one name are one item: the first one's code and seq. */
static void
test_per_unit_merged(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "ins_a"),
	    "投保率<70%时，五项全保台数 × 100元；"
	    "投保率≥70%时，店内投保台数 × 125.50元");
	assert_null(text_of(f, "", "ins_b"));
	assert_int_equal(scalar(f, "SELECT seq FROM pay_policy WHERE"
	    " position_id = '' AND name = '保险提成'"), 3);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_policy WHERE"
	    " position_id = '' AND version_id = 1"), 21);
	assert_string_equal(text_of(f, "", "years"),
	    "已转正且月销量目标≥1台时，工龄 × 50元");
}

static void
test_tier_share(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "perf"),
	    "绩效工资基数 × 按任务完成率发放比例（<50% 不发；≥50% 发12.5%；"
	    ">80% 发80%；≥100% 发100%）");
	/* A first threshold above 0 says what is paid below it. */
	assert_string_equal(text_of(f, "", "perf2"),
	    "月度考核成绩≥60分时，绩效工资基数 × 按任务完成率发放比例"
	    "（<30% 不发；≥30% 发30%）");
}

static void
test_per_item_tier(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "fee"),
	    "按揭车辆每台按按揭手续费（<3,500元 200元；≥3,500元 300元）");
	assert_string_equal(text_of(f, "", "car"),
	    "每台按第几台（A类：第1–10台 200元，第11台起 250元；"
	    "B类：第1–10台 150元，第11台起 200元）");
	assert_string_equal(text_of(f, "", "net"),
	    "网络订单每台按车型（X 200元；Y、Z 300元）");
}

static void
test_item_ratio(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "acc"), "精品毛利 × 1/3（每台不低于0）");
	assert_string_equal(text_of(f, "", "over"),
	    "网络订单的超限价金额 × 50%（每台不低于0）");
}

static void
test_tier_value_steps(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "post"),
	    "按级别（1级 1,000元；≥2级 1,234.50元）× 实际出勤天数 ÷ 应出勤天数");
}

static void
test_top_up(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "floor"),
	    "前述各项合计低于3,000元时，补足至3,000元");
}

static void
test_formula(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "", "calc"),
	    "(个人产值 × 提成系数 1.5% + 1,000元) × 80%，不低于0元");
	assert_string_equal(text_of(f, "", "bottles"),
	    "按养护用品瓶数分档（0–50瓶 5元；51–200瓶 6元；>200瓶 10元）"
	    "（不超过按个人产值分档（<60,000元 0元；≥60,000元 5元））"
	    "× 养护用品瓶数");
	/* Group lines of the same name are summed once. */
	assert_string_equal(text_of(f, "", "info"), "当月保险提成合计 × 10%");
	assert_string_equal(text_of(f, "", "maint"),
	    "(养护用品销售额 × 1% − 部门办公费用) × 任务完成率"
	    " ÷ 月计薪天数 21.75 × 2/3");
}

/* Parameter overrides and switches per position; none without a scheme. */
static void
test_positions(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(text_of(f, "P1", "calc"),
	    "(个人产值 × 甲岗提成系数 2.5% + 1,000元) × 80%，不低于0元");
	assert_string_equal(text_of(f, "P2", "calc"),
	    "(个人产值 × 提成系数 1.5% + 1,000元) × 80% × 月度考核成绩/100，"
	    "不低于0元");
	assert_string_equal(text_of(f, "P2", "fee"), text_of(f, "", "fee"));
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_policy"
	    " WHERE position_id = 'P1'"), 21);
	assert_int_equal(scalar(f, "SELECT count(*) FROM pay_policy"
	    " WHERE position_id = 'P3'"), 0);
}

/* A new version with another tier: each version shows its own figures. */
static void
test_versions(void **state)
{
	struct fixture *f = *state;
	struct db_rows r;

	assert_int_equal(db_exec(f->db,
	    "INSERT INTO scheme_version (id, scheme_id, valid_from)"
	    " VALUES (2, 'S', '2026-07');"
	    "INSERT INTO pay_rule (version_id, seq, code, name, category, calc,"
	    " measure, tier_table, item_filter) VALUES (2, 1, 'fee', '手续费提成',"
	    " 'earning', 'per_item_tier', 'loan_fee_fen', 'fee', 'financed');"
	    "INSERT INTO tier (version_id, table_code, lo, value) VALUES"
	    " (2, 'fee', 0, 20000), (2, 'fee', 400000, 45050);", f->d), 0);
	assert_int_equal(db_query(f->db,
	    "SELECT version_id, valid_from, text FROM pay_policy"
	    " WHERE rule_code = 'fee' AND position_id = 'P1'"
	    " ORDER BY version_id", NULL, NULL, 0, f->a, &r, f->d), 0);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(db_cell(&r, 0, 2)->s,
	    "按揭车辆每台按按揭手续费（<3,500元 200元；≥3,500元 300元）");
	assert_string_equal(db_cell(&r, 1, 1)->s, "2026-07");
	assert_string_equal(db_cell(&r, 1, 2)->s,
	    "按揭车辆每台按按揭手续费（<4,000元 200元；≥4,000元 450.50元）");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_measure),
		T(test_fixed),
		T(test_per_unit_merged),
		T(test_tier_share),
		T(test_per_item_tier),
		T(test_item_ratio),
		T(test_tier_value_steps),
		T(test_top_up),
		T(test_formula),
		T(test_positions),
		T(test_versions),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
