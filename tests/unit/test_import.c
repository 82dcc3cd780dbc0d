/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for import.c and import_csv.c: the CSV parser's edge cases,
 * decoding of UTF-8 and GBK (GB18030) with exact error positions, the value
 * formats, every kind of row error with its line and column for every kind
 * of file, and all-or-nothing: after any error the database file is
 * byte-for-byte what it was. Each test works on a fresh copy of the sample
 * database.
 */
#include <iconv.h>
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

#define DATA "tests/unit/data/import/"

extern const char hrp_samples_sql[];

struct fixture {
	char dir[64];
	char *path;		/* dir/hr.db: the sample dealership */
	struct db *db;
	struct diag *d;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag *d = diag_new(NULL);

	strcpy(f->dir, "/tmp/hrp-test-import-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->path = xasprintf("%s/hr.db", f->dir);
	f->db = db_open(f->path, DB_CREATE, d);
	if (f->db == NULL || db_exec(f->db, hrp_samples_sql, d) != 0)
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

/* The whole file, for byte-for-byte comparisons. */
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

/* UTF-8 → GB18030 with iconv(3): how Excel would save the same sheet. */
static char *
to_gbk(const char *s, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t cap = len * 2 + 4, inleft = len, outleft = cap;
	char *out = xmalloc(cap), *in = (char *)s, *op = out;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1);
	iconv_close(cd);
	*outlen = cap - outleft;
	return out;
}

static int
import_str(struct fixture *f, enum import_kind kind, const char *month,
    const char *csv, struct import_stats *st)
{
	struct import_opts o = {kind, IMPORT_ENC_AUTO, month, 0, NULL};

	return import_data(f->db, "t.csv", csv, strlen(csv), &o, st, f->d);
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

static void
has(const struct diag *d, const char *want)
{
	if (strstr(diag_text(d), want) == NULL)
		fail_msg("missing \"%s\" in:\n%s", want, diag_text(d));
}

/* ------------------------------------------------------------ CSV parser */

static void
test_csv_quoting(void **state)
{
	static const char text[] =
	    "a,b,c\r\n"
	    "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
	    "\r\n"
	    "  padded  ,,\"\"\n"
	    "last,row,here\n\n";
	struct diag *d = diag_new(NULL);
	struct import_csv *c = import_csv_parse(text, strlen(text), "q.csv",
	    d);

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->nrecords, 4);
	assert_int_equal(c->records[1].nfields, 3);
	assert_string_equal(c->records[1].fields[0], "x, y");
	assert_string_equal(c->records[1].fields[1], "say \"hi\"");
	assert_string_equal(c->records[1].fields[2], "two\nlines");
	/* The record after a two-line field starts on physical line 5. */
	assert_int_equal(c->records[1].line, 2);
	assert_int_equal(c->records[2].line, 5);
	assert_string_equal(c->records[2].fields[0], "padded");
	assert_string_equal(c->records[2].fields[1], "");
	assert_string_equal(c->records[2].fields[2], "");
	assert_int_equal(c->records[3].line, 6);
	assert_int_equal(c->records[3].nfields, 3);
	assert_int_equal(diag_errors(d), 0);
	import_csv_free(c);
	diag_free(d);
}

static void
test_csv_no_final_newline(void **state)
{
	struct diag *d = diag_new(NULL);
	struct import_csv *c = import_csv_parse("a,b\n1,\"2\"", 9, "q.csv", d);

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->nrecords, 2);
	assert_string_equal(c->records[1].fields[1], "2");
	import_csv_free(c);
	diag_free(d);
}

static void
csv_error(const char *text, size_t len, enum diag_code code,
    const char *want)
{
	struct diag *d = diag_new(NULL);

	assert_null(import_csv_parse(text, len, "q.csv", d));
	assert_true(diag_has(d, code));
	has(d, want);
	diag_free(d);
}

static void
test_csv_errors(void **state)
{
	char *big;

	(void)state;
	csv_error("a,b\n1,\"open\n2,3\n", 16, DIAG_CSV_SYNTAX,
	    "q.csv:2:2: error: malformed CSV: quoted field opened on line 2 "
	    "is not closed");
	csv_error("a,b\n1,2\"x\n", 10, DIAG_CSV_SYNTAX,
	    "q.csv:2:2: error: malformed CSV: quote inside an unquoted field");
	csv_error("a,b\n\"1\"x,2\n", 11, DIAG_CSV_SYNTAX,
	    "q.csv:2:1: error: malformed CSV: text after the closing quote");
	csv_error("a,b\n1,2\r3,4\n", 12, DIAG_CSV_SYNTAX,
	    "q.csv:2:2: error: malformed CSV: carriage return without a line "
	    "feed");
	big = xmalloc(IMPORT_MAX_FIELD_BYTES + 16);
	memcpy(big, "a\n\"", 3);
	memset(big + 3, 'x', IMPORT_MAX_FIELD_BYTES + 1);
	memcpy(big + 4 + IMPORT_MAX_FIELD_BYTES, "\"\n", 2);
	csv_error(big, IMPORT_MAX_FIELD_BYTES + 6, DIAG_CSV_LIMIT,
	    "q.csv:2:1: error: CSV input too large: field longer than 4096 "
	    "bytes");
	free(big);
	big = xmalloc(IMPORT_MAX_FIELDS * 2 + 4);
	memset(big, ',', IMPORT_MAX_FIELDS + 1);
	big[IMPORT_MAX_FIELDS + 1] = '\n';
	csv_error(big, IMPORT_MAX_FIELDS + 2, DIAG_CSV_LIMIT,
	    "q.csv:1:257: error: CSV input too large: more than 256 fields");
	free(big);
}

/* ------------------------------------------------------------ encodings */

static char *
decode(const char *s, size_t len, enum import_encoding enc,
    enum import_encoding *used, struct diag *d)
{
	size_t n;

	return import_decode(s, len, enc, "e.csv", used, &n, d);
}

static void
test_decode(void **state)
{
	/* 张三 and 喆 in GBK; 𠮷 (U+20BB7) needs GB18030's four bytes. */
	static const char gbk[] = "\xD5\xC5\xC8\xFD,\x86\xB4,\x95\x34\xB2\x35";
	static const char bom[] = "\xEF\xBB\xBF\xE5\xBC\xA0\xE4\xB8\x89";
	struct diag *d = diag_new(NULL);
	enum import_encoding used;
	char *s;

	(void)state;
	s = decode(gbk, sizeof(gbk) - 1, IMPORT_ENC_AUTO, &used, d);
	assert_non_null(s);
	assert_int_equal(used, IMPORT_ENC_GBK);
	assert_string_equal(s, "张三,喆,𠮷");
	free(s);
	s = decode(bom, sizeof(bom) - 1, IMPORT_ENC_AUTO, &used, d);
	assert_int_equal(used, IMPORT_ENC_UTF8);
	assert_string_equal(s, "张三");
	free(s);
	/* Forcing GBK reads UTF-8 bytes of 张三 as other characters. */
	s = decode(bom + 3, 6, IMPORT_ENC_GBK, &used, d);
	assert_non_null(s);
	assert_string_not_equal(s, "张三");
	free(s);
	assert_int_equal(diag_errors(d), 0);

	/* GBK bytes where UTF-8 is required: line 2, character 3. */
	assert_null(decode("a\n\xE4\xB8\x89x\xD5\xC5", 8, IMPORT_ENC_UTF8,
	    &used, d));
	has(d, "e.csv:2:3: error: invalid text encoding: bytes 0xD5 0xC5: "
	    "not valid UTF-8");
	/* 0x80 0x41 is neither: reported where GBK decoding stopped. */
	assert_null(decode("ab\n\xD5\xC5\x80\x41", 7, IMPORT_ENC_AUTO, &used,
	    d));
	has(d, "e.csv:2:2: error: invalid text encoding: bytes 0x80 0x41: "
	    "neither UTF-8 nor GBK");
	assert_null(decode("\xD5\xC5\xFF", 3, IMPORT_ENC_GBK, &used, d));
	has(d, "e.csv:1:2: error: invalid text encoding: byte 0xFF: not "
	    "valid GBK");
	assert_null(decode("a,b\nc\0d", 7, IMPORT_ENC_AUTO, &used, d));
	has(d, "e.csv:2:2: error: invalid text encoding: byte 0x00: NUL is not text");
	assert_int_equal(diag_errors(d), 4);
	diag_free(d);
}

/* ------------------------------------------------------------ importing */

static void
test_facts_long_units(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_FACTS, NULL,
	    "employee_id,month,measure,value\n"
	    "E0009,2025-04,work_days,22\n"
	    "E0009,2025-04,kpi_attain_bp,85.5\n"
	    "E0009,2025-04,管理绩效达标率,1\n", &st), -1);
	/* The Chinese name of a measure is the measure: a duplicate. */
	has(f->d, "t.csv:4:3: error: invalid field: measure: duplicate row: "
	    "line 3 has the same employee, month and measure");
	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_int_equal(import_str(f, IMPORT_FACTS, NULL,
	    "工号,月份,指标,数值\n"
	    "E0009,2025-04,work_days,22\n"
	    "E0009,2025-04,管理绩效达标率,85.5%\n"
	    "E0009,2025-04,appraisal_x100,95.5\n", &st), 0);
	assert_int_equal(st.inserted, 3);
	assert_int_equal(st.rows, 3);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "employee_id = 'E0009' AND month = '2025-04' AND measure = "
	    "'kpi_attain_bp'"), 8550);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "employee_id = 'E0009' AND month = '2025-04' AND measure = "
	    "'appraisal_x100'"), 9550);
}

static void
test_facts_wide_and_replace(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {IMPORT_FACTS, IMPORT_ENC_AUTO, "2025-03", 1, NULL};
	struct import_stats st;
	static const char csv[] =
	    "工号,姓名,应出勤天数（天）,attend_days,管理绩效达标率\n"
	    "E0009,黄志强,21,20,90\n"
	    "E0001,,21,21,\n";
	int64_t before = scalar(f, "SELECT count(*) FROM month_fact WHERE "
	    "month = '2025-03'");
	int64_t named, others;

	/* Without --replace, March's rows conflict. */
	assert_int_equal(import_str(f, IMPORT_FACTS, "2025-03", csv, &st), -1);
	has(f->d, "t.csv:2:3: error: invalid field: 应出勤天数（天）: "
	    "work_days of E0009 for 2025-03 is already in the database");
	named = scalar(f, "SELECT count(*) FROM month_fact WHERE month = "
	    "'2025-03' AND ((employee_id = 'E0009' AND measure IN "
	    "('work_days', 'attend_days', 'kpi_attain_bp')) OR (employee_id "
	    "= 'E0001' AND measure IN ('work_days', 'attend_days')))");
	others = scalar(f, "SELECT sum(value * rowid) FROM month_fact WHERE "
	    "month = '2025-03' AND NOT ((employee_id = 'E0009' AND measure IN "
	    "('work_days', 'attend_days', 'kpi_attain_bp')) OR (employee_id "
	    "= 'E0001' AND measure IN ('work_days', 'attend_days')))");
	assert_true(named >= 4);
	assert_int_equal(import_data(f->db, "t.csv", csv, strlen(csv), &o,
	    &st, f->d), 0);
	/* exactly the five values the file names are replaced */
	assert_int_equal(st.deleted, named);
	/* a row in a replaced one's place is not counted as inserted */
	assert_int_equal(st.renewed, named);
	assert_int_equal(st.inserted, 5 - named);
	assert_non_null(st.replaced);
	assert_non_null(strstr(st.replaced, "E0009 2025-03 实际出勤天数 "));
	assert_non_null(strstr(st.replaced, " → 20\n"));
	free(st.replaced);
	assert_int_equal(scalar(f, "SELECT count(*) FROM month_fact WHERE "
	    "month = '2025-03'"), before - named + 5);
	assert_int_equal(scalar(f, "SELECT sum(value * rowid) FROM "
	    "month_fact WHERE month = '2025-03' AND NOT ((employee_id = "
	    "'E0009' AND measure IN ('work_days', 'attend_days', "
	    "'kpi_attain_bp')) OR (employee_id = 'E0001' AND measure IN "
	    "('work_days', 'attend_days')))"), others);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "employee_id = 'E0009' AND month = '2025-03' AND measure = "
	    "'kpi_attain_bp'"), 9000);
}

/* Every error of the fixture, with its exact position. */
static const char *const facts_errors[] = {
	"facts-errors.csv:3:4: error: invalid field: 数值: \"-1\" must not "
	    "be negative",
	"facts-errors.csv:4:1: error: invalid field: 工号: unknown employee "
	    "E0099",
	"facts-errors.csv:5:2: error: invalid field: 月份: \"2025-14\" is not "
	    "a month (2025-05, 2025/5 or 2025年5月)",
	"facts-errors.csv:6:4: error: invalid field: 数值: \"85.555\" more "
	    "than two decimals",
	"facts-errors.csv:7:3: error: invalid field: 指标: unknown measure "
	    "\"foo\"",
	"facts-errors.csv:8:3: error: invalid field: 指标: duplicate row: "
	    "line 2 has the same employee, month and measure",
};

static void
check_all_or_nothing(struct fixture *f, const char *data, size_t len,
    enum import_encoding want)
{
	struct import_opts o = {IMPORT_FACTS, IMPORT_ENC_AUTO, NULL, 0, NULL};
	struct import_stats st;
	size_t n0, n1, i;
	char *before, *after;

	db_close(f->db);
	before = slurp(f->path, &n0);
	f->db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(f->db);
	assert_int_equal(import_data(f->db, "facts-errors.csv", data, len, &o,
	    &st, f->d), -1);
	for (i = 0; i < sizeof(facts_errors) / sizeof(facts_errors[0]); i++)
		has(f->d, facts_errors[i]);
	assert_int_equal(diag_errors(f->d), 6);
	assert_int_equal(st.inserted, 0);
	db_close(f->db);
	after = slurp(f->path, &n1);
	f->db = db_open(f->path, DB_READWRITE, f->d);
	/* The valid first row was not stored: the file is unchanged. */
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM month_fact WHERE "
	    "month = '2025-04'"), 0);
	assert_int_equal(st.encoding, want);
	free(before);
	free(after);
}

static void
test_all_or_nothing_utf8(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *data = slurp(DATA "facts-errors.csv", &len);

	check_all_or_nothing(f, data, len, IMPORT_ENC_UTF8);
	free(data);
}

static void
test_all_or_nothing_gbk(void **state)
{
	struct fixture *f = *state;
	size_t len, glen;
	char *data = slurp(DATA "facts-errors.csv", &len);
	/* Excel's GBK has no BOM. */
	char *gbk = to_gbk(data + 3, len - 3, &glen);

	check_all_or_nothing(f, gbk, glen, IMPORT_ENC_GBK);
	free(data);
	free(gbk);
}

static void
test_header_errors(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_SALES, "2025-04",
	    "工号,车型,成交价,颜色,工号\n"
	    "E0009,S5,1.00,red,E0009\n", &st), -1);
	has(f->d, "t.csv:1:4: error: invalid field: 颜色: unknown column");
	has(f->d, "t.csv:1:5: error: invalid field: 工号: duplicate column "
	    "(also column 1)");
	has(f->d, "t.csv:1: error: invalid field: sale_date: missing "
	    "required column");
	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_int_equal(import_str(f, IMPORT_KPI, NULL,
	    "工号,考核指标,得分\nE0009,SIX,8\n", &st), -1);
	has(f->d, "t.csv:1: error: invalid field: month: missing required "
	    "column (月份), or give --month");
}

static void
test_field_count(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_FACTS, "2025-04",
	    "工号,指标,数值\n"
	    "E0009,work_days\n"
	    "E0009,attend_days,20,,\n"
	    "E0010,attend_days,20,x\n", &st), -1);
	has(f->d, "t.csv:2:3: error: invalid field: 数值: missing: the row "
	    "has 2 fields, the header 3");
	has(f->d, "t.csv:4:4: error: invalid field: field 4: value in a "
	    "column without a header");
	/* Empty trailing fields, as spreadsheets write, are fine. */
	assert_int_equal(diag_errors(f->d), 2);
}

static void
test_sales(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_SALES, "2025-04",
	    "销售日期,工号,车型,成交价,渠道,按揭,按揭手续费,精品售价\n"
	    "2025-04-02,E0009,S5,\"139,800.00\",展厅,1,3500,abc\n"
	    "2025-04-31,E0009,S5,139800.001,网店,否,100.00,\n"
	    "2025-04-03,E0010,M7,-1.00,network,是,,\n"
	    "2025-04-02,E0009,S5,\"139,800.00\",展厅,1,3500,\n"
	    "2025-04-02,E0009,S5,\"139,800.00\",展厅,1,3500,\n", &st), -1);
	has(f->d, "t.csv:2:8: error: invalid field: 精品售价: \"abc\" is not "
	    "an amount in yuan");
	has(f->d, "t.csv:3:1: error: invalid field: 销售日期: \"2025-04-31\" "
	    "is not a day of the calendar");
	has(f->d, "t.csv:3:4: error: invalid field: 成交价: \"139800.001\" "
	    "more than two decimals");
	has(f->d, "t.csv:3:5: error: invalid field: 渠道: \"网店\" is not "
	    "showroom/network");
	has(f->d, "t.csv:3:7: error: invalid field: 按揭手续费: a loan fee "
	    "needs financed = 1");
	has(f->d, "t.csv:4:4: error: invalid field: 成交价: \"-1.00\" must not "
	    "be negative");
	has(f->d, "t.csv:6:2: error: invalid field: 工号: duplicate row: line "
	    "5 has the same values in every column");
	assert_int_equal(diag_errors(f->d), 7);
	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_int_equal(import_str(f, IMPORT_SALES, "2025-04",
	    "sale_date,employee_id,model,price_yuan,financed,loan_fee_yuan\n"
	    "2025-04-02,E0009,S5,\"139,800.00\",1,3499.99\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT price_fen + loan_fee_fen FROM "
	    "vehicle_sale WHERE month = '2025-04'"), 13980000 + 349999);
}

static void
test_kpi(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_KPI, "2025-04",
	    "工号,姓名,考核指标,目标,实际,得分,备注\n"
	    "E0009,黄志强,UNITS,12,15,,\n"
	    "E0009,黄志强,展车与展位6S,,,9.5,\"好，很好\"\n"
	    "E0009,李四,SSI,90,88,,\n"
	    "E0009,,NORM,,,10.5,\n"
	    "E0009,,TD,10,,,\n"
	    "E0009,,NOPE,1,1,,\n", &st), -1);
	has(f->d, "t.csv:4:2: error: invalid field: 姓名: \"李四\" is not the "
	    "name of E0009 (黄志强)");
	has(f->d, "t.csv:5:6: error: invalid field: 得分: \"10.5\" is more "
	    "than the KPI's weight of 10 points");
	has(f->d, "t.csv:6:5: error: invalid field: 实际: KPI TD is measured: "
	    "an actual value is required");
	has(f->d, "t.csv:7:3: error: invalid field: 考核指标: unknown KPI "
	    "\"NOPE\" for position SAL-CONS of E0009");
	assert_int_equal(diag_errors(f->d), 4);
	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_int_equal(import_str(f, IMPORT_KPI, "2025-04",
	    "工号,考核指标,目标,实际,得分,备注\n"
	    "E0009,展车与展位6S,,,9.5,\"好，很好\"\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT points_x100 FROM kpi_result WHERE "
	    "month = '2025-04' AND kpi_code = 'SIX'"), 950);
}

/* Actuals as an Excel KPI sheet has them: 82.5, 96.3%, 0.5, 1,234.5. */
static void
test_kpi_decimals(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_KPI, "2025-04",
	    "工号,考核指标,目标,实际\n"
	    "E0009,UNITS,12,82.555\n"
	    "E0009,SSI,90,八十\n"
	    "E0009,TD,10%,8\n"
	    "E0009,INS,90,-1\n"
	    "E0009,展厅销量,\"1,2345\",1\n"
	    "E0009,NOPE,1,x\n", &st), -1);
	has(f->d, "t.csv:2:4: error: invalid field: 实际: \"82.555\" more "
	    "than two decimals (the actual value of KPI UNITS)");
	has(f->d, "t.csv:3:4: error: invalid field: 实际: \"八十\" is not a "
	    "number (82.5, at most two decimals) (the actual value of KPI "
	    "SSI)");
	has(f->d, "t.csv:4:3: error: invalid field: 目标: \"10%\": KPI TD is "
	    "counted in 次, not in %: write its target without %");
	has(f->d, "t.csv:5:4: error: invalid field: 实际: \"-1\" must not be "
	    "negative (the actual value of KPI INS)");
	has(f->d, "t.csv:6:3: error: invalid field: 目标: \"1,2345\" is not "
	    "a number (82.5, at most two decimals) (the target of KPI UNITS)");
	/* an unknown KPI: its own message, and the value's without a code */
	has(f->d, "t.csv:7:4: error: invalid field: 实际: \"x\" is not a "
	    "number (82.5, at most two decimals)\n");
	assert_int_equal(diag_errors(f->d), 7);
	assert_int_equal(scalar(f, "SELECT count(*) FROM kpi_result WHERE "
	    "month = '2025-04'"), 0);
	diag_free(f->d);
	f->d = diag_new(NULL);
	assert_int_equal(import_str(f, IMPORT_KPI, "2025-04",
	    "工号,考核指标,目标,实际\n"
	    "E0009,UNITS,12,82.50\n"
	    "E0009,INS,90%,96.3%\n"
	    "E0009,TD,\"1,000\",0.5\n"
	    "E0009,SSI,90,88\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT actual_x100 FROM kpi_result WHERE "
	    "month = '2025-04' AND kpi_code = 'UNITS'"), 8250);
	assert_int_equal(scalar(f, "SELECT target_x100 * 100000 + actual_x100 "
	    "FROM kpi_result WHERE month = '2025-04' AND kpi_code = 'INS'"),
	    9000 * INT64_C(100000) + 9630);
	assert_int_equal(scalar(f, "SELECT target_x100 * 100000 + actual_x100 "
	    "FROM kpi_result WHERE month = '2025-04' AND kpi_code = 'TD'"),
	    100000 * INT64_C(100000) + 50);
	/* 96.3 / 90 is over 100 %; 0.5 / 1000 is 0.05 %, of 10 points 0.005,
	   which is 0 centipoints */
	assert_int_equal(scalar(f, "SELECT achieve_bp * 10000 + points_x100 "
	    "FROM kpi_score WHERE month = '2025-04' AND kpi_code = 'INS'"),
	    10000 * 10000 + 1500);
	assert_int_equal(scalar(f, "SELECT achieve_bp * 10000 + points_x100 "
	    "FROM kpi_score WHERE month = '2025-04' AND kpi_code = 'TD'"),
	    5 * 10000 + 0);
	/* whole numbers score exactly as before: 88 / 90 of 15 points */
	assert_int_equal(scalar(f, "SELECT achieve_bp * 10000 + points_x100 "
	    "FROM kpi_score WHERE month = '2025-04' AND kpi_code = 'SSI'"),
	    (88 * 10000 / 90) * 10000 + (88 * 10000 / 90) * 15 / 100);
	/* 82.5 of 12 is capped at 100 % of 40 points */
	assert_int_equal(scalar(f, "SELECT points_x100 FROM kpi_score WHERE "
	    "month = '2025-04' AND kpi_code = 'UNITS'"), 4000);
}

static void
test_kpi_value_parse(void **state)
{
	static const struct {
		const char *s;
		int percent;
		int64_t x100;
	} ok[] = {
		{"82.5", 0, 8250}, {"82.50", 0, 8250}, {"82", 0, 8200},
		{"0.5", 0, 50}, {"0.05", 0, 5}, {"0", 0, 0},
		{"1,234.5", 0, 123450}, {"12,345,678", 0, 1234567800},
		{"96.3%", 1, 9630}, {"96.3\xEF\xBC\x85", 1, 9630},
		{"96.3", 1, 9630}, {"1000000000", 0, INT64_C(100000000000)},
		{"82.550", 0, 8255}, {"82.5000%", 1, 8250},
	};
	static const struct {
		const char *s;
		int percent;
		const char *why;
	} bad[] = {
		{"82.555", 0, "more than two decimals"},
		{"82.555%", 1, "more than two decimals"},
		{"82.5501", 0, "more than two decimals"},
		{"八十", 0, "is not a number (82.5, at most two decimals)"},
		{"96.3%", 0, "is not a number (82.5, at most two decimals)"},
		{"", 0, "is not a number (82.5, at most two decimals)"},
		{".5", 0, "is not a number (82.5, at most two decimals)"},
		{"82.", 0, "is not a number (82.5, at most two decimals)"},
		{"1,23", 0, "is not a number (82.5, at most two decimals)"},
		{"1234,567", 0, "is not a number (82.5, at most two decimals)"},
		{",123", 0, "is not a number (82.5, at most two decimals)"},
		{"1,,234", 0, "is not a number (82.5, at most two decimals)"},
		{"8 2", 0, "is not a number (82.5, at most two decimals)"},
		{"-3", 0, "must not be negative"},
		{"1000000001", 0, "is too large"},
		{"99999999999999999999999", 0, "is too large"},
	};
	const char *why;
	int64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = -1;
		if (import_parse_kpi_value(ok[i].s, ok[i].percent, &v,
		    &why) != 0 || v != ok[i].x100)
			fail_msg("\"%s\" gave %lld", ok[i].s, (long long)v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (import_parse_kpi_value(bad[i].s, bad[i].percent, &v,
		    &why) == 0)
			fail_msg("\"%s\" accepted as %lld", bad[i].s,
			    (long long)v);
		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
	}
}

static void
test_staff(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_STAFF, NULL,
	    "工号,姓名,岗位,入职日期,底薪（元）,级别\n"
	    "E0100,张三,销售顾问,2025-04-01,\"2,500.00\",1\n"
	    "E0012,马晓丽,SAL-CONS,2020-03-16,3000,3\n", &st), 0);
	assert_int_equal(st.inserted, 1);
	assert_int_equal(st.updated, 1);
	assert_int_equal(scalar(f, "SELECT base_fen FROM employee WHERE id = "
	    "'E0012'"), 300000);
	assert_int_equal(scalar(f, "SELECT base_fen FROM employee WHERE id = "
	    "'E0100'"), 250000);
	/* Columns not in the file keep their values. */
	assert_int_equal(scalar(f, "SELECT perf_fen FROM employee WHERE id = "
	    "'E0012'"), 300000);
	assert_int_equal(import_str(f, IMPORT_STAFF, NULL,
	    "工号,底薪,级别,性别,岗位\n"
	    "E0101,1.00,0,X,nowhere\n"
	    "E0012,,3,女,SAL-CONS\n", &st), -1);
	has(f->d, "t.csv:2:1: error: invalid field: 工号: new employee E0101 "
	    "needs a name column");
	has(f->d, "t.csv:2:3: error: invalid field: 级别: grade 0 is not "
	    "between 1 and 9");
	has(f->d, "t.csv:2:4: error: invalid field: 性别: \"X\" is not 男 or 女");
	has(f->d, "t.csv:2:5: error: invalid field: 岗位: unknown position "
	    "\"nowhere\"");
	has(f->d, "t.csv:3:2: error: invalid field: 底薪: a value is required");
}

/* ID number, bank account and e-mail: checked, normalised, optional. */
static void
test_staff_bank(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;
	const char *why = NULL;
	char id[19], acct[40];

	assert_int_equal(import_parse_id_number("11010519491231002x", id,
	    &why), 0);
	assert_string_equal(id, "11010519491231002X");
	assert_int_equal(import_parse_id_number("110101199003071234", id,
	    &why), -1);
	assert_non_null(strstr(why, "check digit"));
	assert_int_equal(import_parse_id_number("110105491231002", id, &why),
	    -1);
	assert_non_null(strstr(why, "15-digit"));
	assert_int_equal(import_parse_id_number("110105194913310029", id,
	    &why), -1);
	assert_non_null(strstr(why, "birth date"));
	assert_int_equal(import_parse_id_number("1.10105E+17", id, &why), -1);
	assert_non_null(strstr(why, "format the column as text"));
	assert_int_equal(import_parse_bank_account("6222 0202 0011 2345 678",
	    acct, sizeof(acct), &why), 0);
	assert_string_equal(acct, "6222020200112345678");
	assert_int_equal(import_parse_bank_account("6.22202E+18", acct,
	    sizeof(acct), &why), -1);
	assert_non_null(strstr(why, "format the column as text"));
	assert_int_equal(import_parse_bank_account("6222-0202", acct,
	    sizeof(acct), &why), -1);
	assert_int_equal(import_parse_bank_account("1234567", acct,
	    sizeof(acct), &why), -1);
	assert_int_equal(import_parse_email("ma@example.com", &why), 0);
	assert_int_equal(import_parse_email("ma@example", &why), -1);
	assert_int_equal(import_parse_email("a b@example.com", &why), -1);

	assert_int_equal(import_str(f, IMPORT_STAFF, NULL,
	    "工号,身份证号,开户行,银行账号,邮箱,工资条密码\n"
	    "E0012,11010519491231002x,工商银行,6222 0202 0011 2345 678,"
	    "ma@example.com,pw1\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT id_number = '11010519491231002X' "
	    "AND bank_account = '6222020200112345678' AND bank_name = "
	    "'工商银行' AND email = 'ma@example.com' AND payslip_password = "
	    "'pw1' FROM employee WHERE id = 'E0012'"), 1);
	/* A file without the columns leaves them alone. */
	assert_int_equal(import_str(f, IMPORT_STAFF, NULL,
	    "工号,底薪\nE0012,3100\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT bank_account = "
	    "'6222020200112345678' AND payslip_password = 'pw1' FROM "
	    "employee WHERE id = 'E0012'"), 1);
	/* An empty cell clears; the password becomes NULL. */
	assert_int_equal(import_str(f, IMPORT_STAFF, NULL,
	    "工号,邮箱,工资条密码\nE0012,,\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT email = '' AND payslip_password "
	    "IS NULL FROM employee WHERE id = 'E0012'"), 1);
	/* Each mistake at its cell; nothing stored. */
	assert_int_equal(import_str(f, IMPORT_STAFF, NULL,
	    "工号,身份证号,银行账号,邮箱\n"
	    "E0012,110101199003071234,6.22202E+18,x@y\n", &st), -1);
	has(f->d, "t.csv:2:2: error: invalid field: 身份证号: "
	    "\"110101199003071234\" has a wrong check digit");
	has(f->d, "t.csv:2:3: error: invalid field: 银行账号: \"6.22202E+18\" "
	    "is in scientific notation");
	has(f->d, "t.csv:2:4: error: invalid field: 邮箱: \"x@y\" is not an "
	    "e-mail address");
	assert_int_equal(scalar(f, "SELECT id_number = '11010519491231002X' "
	    "AND bank_account = '6222020200112345678' FROM employee WHERE "
	    "id = 'E0012'"), 1);
}

/* ------------------------------------------------------------ values */

static void
test_values(void **state)
{
	const char *why = NULL;
	int64_t v = 0;
	int b = -1;
	struct arena *a = arena_new();

	(void)state;
	assert_int_equal(import_parse_yuan("¥3,500.50", 0, &v, &why), 0);
	assert_int_equal(v, 350050);
	assert_int_equal(import_parse_yuan("-12.5", 0, &v, &why), -1);
	assert_string_equal(why, "must not be negative");
	assert_int_equal(import_parse_yuan("-12.5", 1, &v, &why), 0);
	assert_int_equal(v, -1250);
	assert_int_equal(import_parse_yuan("1.005", 1, &v, &why), -1);
	assert_string_equal(why, "more than two decimals");
	assert_int_equal(import_parse_yuan("十元", 0, &v, &why), -1);
	assert_string_equal(why, "is not an amount in yuan");
	assert_int_equal(import_parse_dec2("85.5%", 1, &v, &why), 0);
	assert_int_equal(v, 8550);
	assert_int_equal(import_parse_dec2("104", 1, &v, &why), 0);
	assert_int_equal(v, 10400);
	assert_int_equal(import_parse_dec2("85%", 0, &v, &why), -1);
	assert_string_equal(why, "is not a number of points");
	assert_int_equal(import_parse_dec2("-1", 1, &v, &why), -1);
	assert_string_equal(why, "must not be negative");
	assert_int_equal(import_parse_count("210", &v, &why), 0);
	assert_int_equal(v, 210);
	assert_int_equal(import_parse_count("2.5", &v, &why), -1);
	assert_string_equal(why, "is not a whole number");
	assert_int_equal(import_parse_bool("是", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(import_parse_bool("FALSE", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(import_parse_bool("maybe", &b), -1);
	assert_true(import_is_id("SAL-CONS_2"));
	assert_false(import_is_id(""));
	assert_false(import_is_id("E 1"));
	assert_string_equal(import_header_key(a, "缴费基数（元）"), "缴费基数");
	assert_string_equal(import_header_key(a, "base_yuan (yuan)"),
	    "base_yuan");
	assert_int_equal(import_kind_lookup("iit_deduction"), IMPORT_IIT);
	assert_int_equal(import_kind_lookup("store"), IMPORT_STORE);
	assert_int_equal(import_kind_lookup("si_base"), IMPORT_SI_BASE);
	assert_int_equal(import_kind_lookup("payroll"), -1);
	assert_string_equal(import_kind_name(IMPORT_SI_BASE), "si_base");
	arena_free(a);
}

/* ------------------------------------------------------------ new kinds */

/* Import csv, which must fail, and check the file did not change. */
static void
refused_unchanged(struct fixture *f, enum import_kind kind,
    const char *month, const char *csv)
{
	struct import_stats st;
	size_t n0, n1;
	char *before, *after;

	db_close(f->db);
	before = slurp(f->path, &n0);
	f->db = db_open(f->path, DB_READWRITE, f->d);
	assert_non_null(f->db);
	assert_int_equal(import_str(f, kind, month, csv, &st), -1);
	assert_int_equal(st.inserted, 0);
	db_close(f->db);
	after = slurp(f->path, &n1);
	f->db = db_open(f->path, DB_READWRITE, f->d);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	free(before);
	free(after);
}

static void
fresh_diag(struct fixture *f)
{
	diag_free(f->d);
	f->d = diag_new(NULL);
}

static void
test_facts_units(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	/* fen in yuan, bp in percent, counts, score in points. */
	assert_int_equal(import_str(f, IMPORT_FACTS, "2025-04",
	    "工号,个人产值（元）,产值达成率（%）,养护用品瓶数,"
	    "月度考核成绩,other_comm_fen\n"
	    "E0044,\"85,000.00\",94.5%,130,88.5,0\n", &st), 0);
	assert_int_equal(st.inserted, 5);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "month = '2025-04' AND measure = 'output_fen'"), 8500000);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "month = '2025-04' AND measure = 'output_ach_bp'"), 9450);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "month = '2025-04' AND measure = 'bottles'"), 130);
	assert_int_equal(scalar(f, "SELECT value FROM month_fact WHERE "
	    "month = '2025-04' AND measure = 'appraisal_x100'"), 8850);
	/* Store figures and derived measures are not facts. */
	refused_unchanged(f, IMPORT_FACTS, "2025-05",
	    "工号,净利润,销量,bottles\n"
	    "E0044,1,2,1.5\n"
	    "E0044,,,-3\n");
	has(f->d, "t.csv:1:2: error: invalid field: 净利润: measure "
	    "net_profit_fen is a figure of the store: import it with kind "
	    "store");
	has(f->d, "t.csv:1:3: error: invalid field: 销量: measure units is "
	    "computed by payroll, not imported");
	assert_int_equal(diag_errors(f->d), 2);
	fresh_diag(f);
	refused_unchanged(f, IMPORT_FACTS, "2025-05",
	    "工号,指标,数值\n"
	    "E0044,bottles,1.5\n"
	    "E0044,reg_comm_fen,-3\n"
	    "E0044,parts_score_x100,90\n");
	has(f->d, "t.csv:2:3: error: invalid field: 数值: \"1.5\" is not a "
	    "whole number");
	has(f->d, "t.csv:3:3: error: invalid field: 数值: \"-3\" must not be "
	    "negative");
	has(f->d, "t.csv:4:2: error: invalid field: 指标: measure "
	    "parts_score_x100 is a figure of the store: import it with kind "
	    "store");
	assert_int_equal(diag_errors(f->d), 3);
}

static void
test_store(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {IMPORT_STORE, IMPORT_ENC_AUTO, NULL, 1, NULL};
	struct import_stats st;
	static const char march[] = "month,measure,value\n"
	    "2025-03,net_profit_fen,\"210,000.00\"\n";

	assert_int_equal(import_str(f, IMPORT_STORE, "2025-04",
	    "月份,指标,数值\n"
	    "2025-04,净利润,\"200,000.00\"\n"
	    ",部门净利润完成率,99.5\n"
	    "2025-04,parts_score_x100,94\n", &st), 0);
	assert_int_equal(st.inserted, 3);
	assert_int_equal(scalar(f, "SELECT value FROM store_fact WHERE month "
	    "= '2025-04' AND measure = 'net_profit_fen'"), 20000000);
	assert_int_equal(scalar(f, "SELECT value FROM store_fact WHERE month "
	    "= '2025-04' AND measure = 'profit_ach_bp'"), 9950);
	assert_int_equal(scalar(f, "SELECT value FROM store_fact WHERE month "
	    "= '2025-04' AND measure = 'parts_score_x100'"), 9400);
	/* Wide form: one row per month. */
	assert_int_equal(import_str(f, IMPORT_STORE, NULL,
	    "月份,备件销售额（元）,maint_sales_fen\n"
	    "2025-05,560000,120000.5\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT sum(value) FROM store_fact WHERE "
	    "month = '2025-05'"), 56000000 + 12000050);
	refused_unchanged(f, IMPORT_STORE, "2025-06",
	    "月份,指标,数值\n"
	    "2025-06,work_days,22\n"
	    "2025-06,净利润,1.234\n"
	    "2025-06,net_profit_fen,1\n"
	    "2025-06,净利润,2\n"
	    "2025-07,store_output_fen,1\n"
	    "2025-06,,1\n");
	has(f->d, "t.csv:2:2: error: invalid field: 指标: measure work_days "
	    "is a figure of each employee: import it with kind facts");
	has(f->d, "t.csv:3:3: error: invalid field: 数值: \"1.234\" more than "
	    "two decimals");
	has(f->d, "t.csv:5:2: error: invalid field: 指标: duplicate row: line "
	    "4 has the same month and measure");
	has(f->d, "t.csv:6:1: error: invalid field: 月份: 2025-07 is not the "
	    "month being imported (--month 2025-06)");
	has(f->d, "t.csv:7:2: error: invalid field: 指标: a measure is "
	    "required");
	assert_int_equal(diag_errors(f->d), 5);
	fresh_diag(f);
	/* March is stored: refused without --replace, replaced with it. */
	refused_unchanged(f, IMPORT_STORE, NULL, march);
	has(f->d, "t.csv:2:3: error: invalid field: value: net_profit_fen "
	    "for 2025-03 is already in the database (import with --replace");
	assert_int_equal(import_data(f->db, "t.csv", march, strlen(march), &o,
	    &st, f->d), 0);
	/* only the figure the file names; the month's seven others stay */
	assert_int_equal(st.deleted, 1);
	assert_non_null(st.replaced);
	assert_non_null(strstr(st.replaced, "2025-03 净利润 "));
	free(st.replaced);
	assert_int_equal(scalar(f, "SELECT count(*) FROM store_fact WHERE "
	    "month = '2025-03'"), 8);
}

static void
test_si_base(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_SI_BASE, "2026-01",
	    "工号,姓名,缴费基数（元）\n"
	    "E0009,黄志强,\"6,200.00\"\n"
	    "E0010,,0\n", &st), 0);
	assert_int_equal(st.inserted, 2);
	assert_int_equal(scalar(f, "SELECT base_fen FROM si_base WHERE "
	    "employee_id = 'E0009' AND year = 2026"), 620000);
	refused_unchanged(f, IMPORT_SI_BASE, "2026-01",
	    "工号,年度,缴费基数\n"
	    "E0009,2027,1\n"
	    "E0011,26,1\n"
	    "E0012,2026,\n"
	    "E0099,2026,1\n"
	    "E0013,2026,-1\n"
	    "E0013,2026,1\n"
	    "E0013,2026,2\n"
	    "E0010,2026,2\n");
	has(f->d, "t.csv:2:2: error: invalid field: 年度: 2027 is not the year "
	    "of --month 2026-01");
	has(f->d, "t.csv:3:2: error: invalid field: 年度: \"26\" is not a year "
	    "(YYYY)");
	has(f->d, "t.csv:4:3: error: invalid field: 缴费基数: a contribution "
	    "base is required");
	has(f->d, "t.csv:5:1: error: invalid field: 工号: unknown employee "
	    "E0099");
	has(f->d, "t.csv:6:3: error: invalid field: 缴费基数: \"-1\" must not "
	    "be negative");
	has(f->d, "t.csv:8:1: error: invalid field: 工号: duplicate row: line "
	    "7 has the same employee and year");
	has(f->d, "t.csv:9:3: error: invalid field: 缴费基数: the base of E0010 "
	    "for 2026 is already in the database (import with --replace to "
	    "replace the year)");
	assert_int_equal(diag_errors(f->d), 7);
	fresh_diag(f);
	assert_int_equal(import_str(f, IMPORT_SI_BASE, NULL,
	    "工号,缴费基数\nE0009,1\n", &st), -1);
	has(f->d, "t.csv:1: error: invalid field: year: missing required "
	    "column (年度), or give --month");
}

static void
test_iit(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	/* Wide form, kinds by Chinese name; an empty cell is no deduction. */
	assert_int_equal(import_str(f, IMPORT_IIT, "2025-04",
	    "工号,姓名,子女教育（元）,赡养老人,婴幼儿照护\n"
	    "E0001,陈国栋,2000.00,3000,\n"
	    "E0009,,,1500,2000\n", &st), 0);
	assert_int_equal(st.inserted, 4);
	assert_int_equal(scalar(f, "SELECT sum(amount_fen) FROM iit_deduction"
	    " WHERE month = '2025-04'"), 850000);
	assert_int_equal(scalar(f, "SELECT count(*) FROM iit_deduction WHERE "
	    "month = '2025-04' AND kind = 'infant'"), 1);
	/* Long form. */
	assert_int_equal(import_str(f, IMPORT_IIT, NULL,
	    "employee_id,month,kind,amount_yuan\n"
	    "E0005,2025-05,housing_loan,1000\n"
	    "E0005,2025-05,住房租金,\"1,500.00\"\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT amount_fen FROM iit_deduction "
	    "WHERE month = '2025-05' AND kind = 'rent'"), 150000);
	refused_unchanged(f, IMPORT_IIT, NULL,
	    "工号,月份,扣除项目,金额\n"
	    "E0005,2025-06,养猫,1\n"
	    "E0005,2025-06,rent,-1\n"
	    "E0005,2025-06,other,1\n"
	    "E0005,2025-06,其他,2\n"
	    "E0001,2025-03,children,2000\n"
	    "E0001,2025-06,children,\n");
	has(f->d, "t.csv:2:3: error: invalid field: 扣除项目: unknown "
	    "deduction kind \"养猫\"");
	has(f->d, "t.csv:3:4: error: invalid field: 金额: \"-1\" must not be "
	    "negative");
	has(f->d, "t.csv:5:3: error: invalid field: 扣除项目: duplicate row: "
	    "line 4 has the same employee, month and kind");
	has(f->d, "t.csv:6:4: error: invalid field: 金额: children of E0001 "
	    "for 2025-03 is already in the database (import with --replace "
	    "to replace the month)");
	has(f->d, "t.csv:7:4: error: invalid field: 金额: a value is "
	    "required");
	assert_int_equal(diag_errors(f->d), 5);
	fresh_diag(f);
	assert_int_equal(import_str(f, IMPORT_IIT, "2025-06",
	    "工号,扣除项目,金额,子女教育\nE0001,,,1\n", &st), -1);
	has(f->d, "t.csv:1: error: invalid field: kind columns and a "
	    "kind,amount_yuan pair cannot be mixed");
}

static void
test_sales_margin_limit(void **state)
{
	struct fixture *f = *state;
	struct import_stats st;

	assert_int_equal(import_str(f, IMPORT_SALES, "2025-04",
	    "sale_no,工号,销售日期,车型,成交价,裸车毛利,限价\n"
	    "1001,E0023,2025-04-02,M7,\"199,800.00\",-500.50,\"195,000\"\n"
	    "1002,E0023,2025-04-03,S5,139800,,\n", &st), 0);
	assert_int_equal(scalar(f, "SELECT margin_fen FROM vehicle_sale "
	    "WHERE id = 1001"), -50050);
	assert_int_equal(scalar(f, "SELECT limit_fen FROM vehicle_sale "
	    "WHERE id = 1001"), 19500000);
	/* Defaults: margin 0, no price limit. */
	assert_int_equal(scalar(f, "SELECT margin_fen + 10 * (limit_fen IS "
	    "NULL) FROM vehicle_sale WHERE id = 1002"), 10);
	refused_unchanged(f, IMPORT_SALES, "2025-04",
	    "工号,销售日期,车型,成交价,裸车毛利,限价\n"
	    "E0023,2025-04-02,M7,1,1.001,\n"
	    "E0023,2025-04-02,M7,1,,-1\n"
	    "E0023,2025-04-02,M8,1,,\n");
	has(f->d, "t.csv:2:5: error: invalid field: 裸车毛利: \"1.001\" more "
	    "than two decimals");
	has(f->d, "t.csv:3:6: error: invalid field: 限价: \"-1\" must not be "
	    "negative");
	has(f->d, "t.csv:4:3: error: invalid field: 车型: unknown model "
	    "\"M8\" (not in table vehicle_model)");
	assert_int_equal(diag_errors(f->d), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_no_final_newline),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_decode),
		cmocka_unit_test_setup_teardown(test_facts_long_units, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_facts_wide_and_replace,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing_utf8, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing_gbk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_header_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_field_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sales, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi_decimals, setup,
		    teardown),
		cmocka_unit_test(test_kpi_value_parse),
		cmocka_unit_test_setup_teardown(test_staff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_bank, setup,
		    teardown),
		cmocka_unit_test(test_values),
		cmocka_unit_test_setup_teardown(test_facts_units, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_si_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sales_margin_limit, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
