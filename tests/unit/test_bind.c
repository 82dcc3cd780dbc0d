/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for bind.c: small templates bound against a fresh database
 * with a few employees. The document tree is flattened to a short string
 * so that repetition, nesting, conditions, numbering and formats can be
 * compared at once; parameter checks and data errors must give no document.
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

#include "bind.h"
#include "buf.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "tmpl.h"
#include "xmem.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
#define TAIL "</template>\n"

#define MM(x) ((x) * 72.0 / 25.4)

/* Three employees in two departments; E2 has left; E3 has no base pay. */
static const char data_sql[] =
    "INSERT INTO store (id, name, short_name) VALUES"
    " ('S1', '一号汽车销售服务有限公司', '一号店');"
    "INSERT INTO department (id, store_id, name, sort) VALUES"
    " ('D1', 'S1', '销售部', 1), ('D2', 'S1', '售后部', 2);"
    "INSERT INTO position (id, department_id, title) VALUES"
    " ('P1', 'D1', '销售顾问'), ('P2', 'D2', '服务顾问');"
    "INSERT INTO position_item (position_id, section, seq, text) VALUES"
    " ('P1', 'duty', 1, '接待客户'), ('P1', 'duty', 2, '跟进订单'),"
    " ('P2', 'duty', 1, '预约保养');"
    "INSERT INTO employee (id, name, position_id, grade, hire_date,"
    " leave_date, base_fen, perf_fen) VALUES"
    " ('E1', '张三', 'P1', 3, '2020-01-01', NULL, 123456, 8500),"
    " ('E2', '李四', 'P1', 1, '2021-05-01', '2025-02-28', 300000, 0),"
    " ('E3', '王五', 'P2', 2, '2022-07-01', NULL, 0, 10000);"
    "INSERT INTO month_fact (employee_id, month, measure, value) VALUES"
    " ('E1', '2025-03', 'work_days', 22), ('E1', '2025-03', 'attend_days', 21),"
    " ('E2', '2025-03', 'work_days', 22), ('E3', '2025-04', 'work_days', 20);";

struct fixture {
	char dir[64];
	char *dbpath;
	struct db *db;		/* read-only */
	struct diag *d;
	struct tmpl *t;
	struct doc *doc;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct db *db;

	strcpy(f->dir, "/tmp/hrp-test-bind-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->dbpath = xasprintf("%s/hr.db", f->dir);
	f->d = diag_new(NULL);
	db = db_open(f->dbpath, DB_CREATE, f->d);
	if (db == NULL || db_exec(db, data_sql, f->d) != 0)
		return -1;
	db_close(db);
	f->db = db_open(f->dbpath, DB_READONLY, f->d);
	if (f->db == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	doc_free(f->doc);
	tmpl_free(f->t);
	db_close(f->db);
	unlink(f->dbpath);
	rmdir(f->dir);
	free(f->dbpath);
	diag_free(f->d);
	free(f);
	return 0;
}

/*
 * Change the data. The fixture's connection is read-only and holds one
 * snapshot, so a writer could not commit while it is open: close it,
 * write, and open a new one that sees the change.
 */
static void
exec_rw(struct fixture *f, const char *sql)
{
	struct db *db;

	db_close(f->db);
	db = db_open(f->dbpath, DB_READWRITE, f->d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, sql, f->d), 0);
	db_close(db);
	f->db = db_open(f->dbpath, DB_READONLY, f->d);
	assert_non_null(f->db);
}

/* Parse and check xml (both must succeed), then bind it. */
static struct doc *
bind(struct fixture *f, const char *xml, const struct bind_param *params,
    size_t n)
{
	doc_free(f->doc);
	tmpl_free(f->t);
	f->doc = NULL;
	f->t = tmpl_parse_memory(xml, strlen(xml), "t.xml", f->d);
	if (f->t == NULL)
		fail_msg("template did not parse: %s", diag_text(f->d));
	if (tmpl_check(f->t, f->db, f->d) != 0)
		fail_msg("template did not check: %s", diag_text(f->d));
	f->doc = bind_run(f->t, f->db, params, n, f->d);
	return f->doc;
}

/* The same, and it must succeed without errors. */
static struct doc *
bind_ok(struct fixture *f, const char *xml, const struct bind_param *params,
    size_t n)
{
	struct doc *doc = bind(f, xml, params, n);

	if (doc == NULL)
		fail_msg("bind failed: %s", diag_text(f->d));
	assert_int_equal(diag_errors(f->d), 0);
	return doc;
}

static void
assert_diag(struct fixture *f, const char *want)
{
	if (strstr(diag_text(f->d), want) == NULL)
		fail_msg("diagnostics lack \"%s\":\n%s", want, diag_text(f->d));
}

/*
 * Flatten a node list: blocks are [..], tables T(..), rows R(..), cells
 * C(..), paragraphs their text with "N." for numbered ones and "#" for a
 * page number, others a letter (S space, H rule, P page break, G
 * signatures with labels in <..>). Paragraphs are separated by "|".
 */
static void
flatten(const struct doc_node *n, struct buf *b)
{
	for (; n; n = n->next) {
		const struct doc_span *s;

		switch (n->kind) {
		case DOC_BLOCK:
			buf_addc(b, '[');
			flatten(n->child, b);
			buf_addc(b, ']');
			break;
		case DOC_PARA:
			if (n->u.para.number > 0)
				buf_printf(b, "%d.", n->u.para.number);
			for (s = n->u.para.spans; s; s = s->next)
				buf_adds(b, s->kind == DOC_SPAN_TEXT ? s->text
				    : s->kind == DOC_SPAN_PAGE ? "#"
				    : s->kind == DOC_SPAN_PAGES ? "##" : "~");
			buf_addc(b, '|');
			break;
		case DOC_TABLE:
			buf_adds(b, "T(");
			flatten(n->child, b);
			buf_addc(b, ')');
			break;
		case DOC_ROW:
			buf_adds(b, "R(");
			flatten(n->child, b);
			buf_addc(b, ')');
			break;
		case DOC_CELL:
			buf_adds(b, "C(");
			flatten(n->child, b);
			buf_addc(b, ')');
			break;
		case DOC_SPACE:
			buf_addc(b, 'S');
			break;
		case DOC_RULE:
			buf_addc(b, 'H');
			break;
		case DOC_PAGEBREAK:
			buf_addc(b, 'P');
			break;
		case DOC_SIGNATURES:
			buf_addc(b, 'G');
			for (s = n->u.para.spans; s; s = s->next)
				buf_printf(b, "<%s>", s->text);
			break;
		case DOC_TOC:
			buf_adds(b, "TOC");
			break;
		case DOC_CHART:
			buf_addc(b, 'K');
			break;
		case DOC_ORGCHART:
			buf_addc(b, 'O');
			break;
		case DOC_IMAGE:
			buf_addc(b, 'I');
			break;
		}
	}
}

/* The body's content, flattened (without the body's own brackets). */
static const char *
body_text(struct fixture *f, struct doc *doc)
{
	static char text[4096];
	struct buf b;

	buf_init(&b, 0);
	flatten(doc->body->child, &b);
	if (b.len >= sizeof(text))
		fail_msg("document too long for the test: %s", buf_cstr(&b));
	strcpy(text, buf_cstr(&b));
	buf_free(&b);
	(void)f;
	return text;
}

static void
assert_body(struct fixture *f, struct doc *doc, const char *want)
{
	const char *got = body_text(f, doc);

	if (strcmp(got, want) != 0)
		fail_msg("body\n  got:  %s\n  want: %s", got, want);
}

static const struct bind_param month_2025_03[] = { { "month", "2025-03" } };

/* ---- repetition and nesting ---- */

static void
test_section_per_row(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;
	const struct doc_node *blk;

	doc = bind_ok(f, HEAD
	    "  <query name=\"emps\">SELECT id, name FROM employee "
	    "ORDER BY id</query>\n"
	    "  <body>\n"
	    "    <para>名单</para>\n"
	    "    <section query=\"emps\" as=\"e\" record=\"employee {e.id}\" "
	    "bookmark=\"{e.name}\">\n"
	    "      <para><field value=\"e.id\"/> <field value=\"e.name\"/></para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, NULL, 0);
	assert_body(f, doc, "名单|[E1 张三|][E2 李四|][E3 王五|]");
	/* Each repetition knows its record and its template position. */
	blk = doc->body->child->next;
	assert_int_equal(blk->kind, DOC_BLOCK);
	assert_string_equal(blk->record, "employee E1");
	assert_string_equal(blk->u.block.bookmark, "张三");
	assert_int_equal(blk->pos.line, 6);
	assert_string_equal(blk->pos.file, "t.xml");
	assert_string_equal(blk->child->record, "employee E1");
	assert_int_equal(blk->child->pos.line, 7);
	assert_string_equal(blk->next->record, "employee E2");
	assert_string_equal(blk->next->next->u.block.bookmark, "王五");
	/* The paragraph before the section has no record. */
	assert_null(doc->body->child->record);
}

static void
test_section_default_record(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <query name=\"emps\">SELECT id FROM employee ORDER BY id</query>\n"
	    "  <body><section query=\"emps\" as=\"e\"><para>x</para></section>"
	    "</body>\n" TAIL, NULL, 0);
	assert_string_equal(doc->body->child->record, "query emps row 1");
	assert_string_equal(doc->body->child->next->next->record,
	    "query emps row 3");
}

static void
test_nested_rows_with(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <param name=\"month\" type=\"month\" required=\"yes\"/>\n"
	    "  <query name=\"emps\">SELECT id FROM employee ORDER BY id</query>\n"
	    "  <query name=\"facts\">SELECT measure, value FROM month_fact\n"
	    "    WHERE employee_id = :emp AND month = :month\n"
	    "    ORDER BY measure</query>\n"
	    "  <body>\n"
	    "    <section query=\"emps\" as=\"e\">\n"
	    "      <table widths=\"2 1\" header-rows=\"1\">\n"
	    "        <row><cell><field value=\"e.id\"/></cell><cell>值</cell>"
	    "</row>\n"
	    "        <rows query=\"facts\" as=\"m\" with=\"emp=e.id\">\n"
	    "          <row><cell><field value=\"m.measure\"/></cell>"
	    "<cell><field value=\"m.value\"/></cell></row>\n"
	    "        </rows>\n"
	    "      </table>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, month_2025_03, 1);
	assert_body(f, doc,
	    "[T(R(C(E1|)C(值|))R(C(attend_days|)C(21|))R(C(work_days|)"
	    "C(22|)))]"
	    "[T(R(C(E2|)C(值|))R(C(work_days|)C(22|)))]"
	    "[T(R(C(E3|)C(值|)))]");
	/* Table geometry from the template. */
	{
		const struct doc_node *t = doc->body->child->child;
		assert_int_equal(t->kind, DOC_TABLE);
		assert_int_equal(t->u.table.ncols, 2);
		assert_int_equal(t->u.table.header_rows, 1);
		assert_true(t->u.table.cols[0].width > 0.666
		    && t->u.table.cols[0].width < 0.667);
	}
}

static void
test_nested_sections(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	/* Inner rows see the outer row (d.name) and their own. */
	doc = bind_ok(f, HEAD
	    "  <query name=\"deps\">SELECT id, name FROM department "
	    "ORDER BY sort</query>\n"
	    "  <query name=\"emps\">SELECT e.id, e.name FROM employee e\n"
	    "    JOIN position p ON p.id = e.position_id\n"
	    "    WHERE p.department_id = :dept ORDER BY e.id</query>\n"
	    "  <body>\n"
	    "    <section query=\"deps\" as=\"d\">\n"
	    "      <heading level=\"2\"><field value=\"d.name\"/></heading>\n"
	    "      <section query=\"emps\" as=\"e\" with=\"dept = d.id\">\n"
	    "        <para><field value=\"d.name\"/>/<field value=\"e.name\"/>"
	    "</para>\n"
	    "      </section>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, NULL, 0);
	assert_body(f, doc,
	    "[销售部|[销售部/张三|][销售部/李四|]][售后部|[售后部/王五|]]");
}

/* ---- conditions ---- */

static void
test_if_and_row_if(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <param name=\"month\" type=\"month\"/>\n"
	    "  <query name=\"emps\">SELECT id, grade, leave_date FROM employee "
	    "ORDER BY id</query>\n"
	    "  <body>\n"
	    "    <if test=\"month = '2025-03'\"><para>三月</para></if>\n"
	    "    <if test=\"month = '2025-04'\"><para>四月</para></if>\n"
	    "    <section query=\"emps\" as=\"e\">\n"
	    "      <if test=\"e.grade >= 2 and e.leave_date = null\">\n"
	    "        <para><field value=\"e.id\"/>在职</para>\n"
	    "      </if>\n"
	    "    </section>\n"
	    "    <table widths=\"1\">\n"
	    "      <rows query=\"emps\" as=\"r\">\n"
	    "        <row if=\"r.grade != 1\"><cell><field value=\"r.id\"/></cell>"
	    "</row>\n"
	    "        <row if=\"not r.leave_date\"><cell>+</cell></row>\n"
	    "      </rows>\n"
	    "    </table>\n"
	    "  </body>\n" TAIL, month_2025_03, 1);
	assert_body(f, doc, "三月|[E1在职|][][E3在职|]"
	    "T(R(C(E1|))R(C(+|))R(C(E3|))R(C(+|)))");
}

/* ---- lists ---- */

static void
test_list_numbering(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <query name=\"duties\">SELECT seq, text FROM position_item\n"
	    "    WHERE position_id = 'P1' ORDER BY seq</query>\n"
	    "  <body>\n"
	    "    <list><item>甲</item><item>乙</item><item>丙</item></list>\n"
	    "    <list query=\"duties\" as=\"i\"><item><field value=\"i.text\"/>"
	    "</item></list>\n"
	    "    <list query=\"duties\" as=\"i\"><item>a<field value=\"i.seq\"/>"
	    "</item><item>b</item></list>\n"
	    "  </body>\n" TAIL, NULL, 0);
	/* Numbering restarts with each list and counts every item. */
	assert_body(f, doc, "1.甲|2.乙|3.丙|1.接待客户|2.跟进订单|"
	    "1.a1|2.b|3.a2|4.b|");
	/* Numbered items get a hanging indent. */
	assert_true(doc->body->child->u.para.indent_pt > 0);
}

/* ---- formats ---- */

static void
test_field_formats(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <param name=\"month\" type=\"month\"/>\n"
	    "  <query name=\"e\">SELECT base_fen, perf_fen, hire_date, "
	    "leave_date, grade FROM employee WHERE id = 'E1'</query>\n"
	    "  <body>\n"
	    "    <section query=\"e\" as=\"e\">\n"
	    "      <para><field value=\"e.base_fen\" format=\"money\"/></para>\n"
	    "      <para><field value=\"e.base_fen\" format=\"yuan\"/></para>\n"
	    "      <para><field value=\"e.base_fen\" format=\"cn-upper\"/>"
	    "</para>\n"
	    "      <para><field value=\"e.perf_fen\" format=\"percent\"/></para>\n"
	    "      <para><field value=\"e.hire_date\" format=\"date\"/></para>\n"
	    "      <para><field value=\"month\" format=\"month\"/></para>\n"
	    "      <para><field value=\"e.base_fen\" format=\"int\"/></para>\n"
	    "      <para>[<field value=\"e.leave_date\" default=\"在职\"/>]"
	    "[<field value=\"e.leave_date\" format=\"money\"/>]"
	    "[<field value=\"e.grade\" default=\"无\"/>]</para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, month_2025_03, 1);
	assert_body(f, doc, "[1,234.56|\xC2\xA5" "1,234.56|壹仟贰佰叁拾肆元伍角陆分|"
	    "85.00%|2020年1月1日|2025年3月|123,456|[在职][][3]|]");
}

static void
test_format_error_names_record(void **state)
{
	struct fixture *f = *state;

	assert_null(bind(f, HEAD
	    "  <query name=\"emps\">SELECT id, name FROM employee "
	    "ORDER BY id</query>\n"
	    "  <body>\n"
	    "    <section query=\"emps\" as=\"e\" record=\"employee {e.id}\">\n"
	    "      <para><field value=\"e.name\" format=\"money\"/></para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, NULL, 0));
	assert_true(diag_has(f->d, DIAG_BIND_FORMAT));
	assert_diag(f, "t.xml:6: error: value does not fit the format: e.name "
	    "as money: text is not an integer, employee E1");
	assert_diag(f, "employee E3");
	/* Every bad row is reported. */
	assert_int_equal(diag_errors(f->d), 3);
}

static void
test_interp_format_error(void **state)
{
	struct fixture *f = *state;

	assert_null(bind(f, HEAD
	    "  <query name=\"emps\">SELECT id, name FROM employee "
	    "WHERE id = 'E2'</query>\n"
	    "  <body>\n"
	    "    <section query=\"emps\" as=\"e\" record=\"employee {e.id}\" "
	    "bookmark=\"{e.name|date}\">\n"
	    "      <para>x</para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, NULL, 0));
	assert_true(diag_has(f->d, DIAG_BIND_FORMAT));
	assert_diag(f, "t.xml:5: error: value does not fit the format: "
	    "bookmark: not a date YYYY-MM-DD, employee E2");
}

static void
test_invalid_utf8(void **state)
{
	struct fixture *f = *state;

	/* A name with a broken sequence, as a careless import could leave. */
	exec_rw(f, "UPDATE employee SET name = CAST(X'E5BCA0FF' AS TEXT) "
	    "WHERE id = 'E2'");
	assert_null(bind(f, HEAD
	    "  <query name=\"emps\">SELECT id, name FROM employee "
	    "ORDER BY id</query>\n"
	    "  <body>\n"
	    "    <section query=\"emps\" as=\"e\" record=\"employee {e.id}\">\n"
	    "      <para><field value=\"e.name\"/></para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, NULL, 0));
	assert_true(diag_has(f->d, DIAG_BIND_UTF8));
	assert_diag(f, "t.xml:6: error: invalid UTF-8 in data: e.name, byte 4, "
	    "employee E2");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_invalid_utf8_in_attribute(void **state)
{
	struct fixture *f = *state;

	exec_rw(f, "UPDATE employee SET name = CAST(X'C0AF' AS TEXT) "
	    "WHERE id = 'E3'");
	assert_null(bind(f, HEAD
	    "  <query name=\"emps\">SELECT id, name FROM employee "
	    "ORDER BY id</query>\n"
	    "  <body>\n"
	    "    <section query=\"emps\" as=\"e\" bookmark=\"员工{e.name}\">\n"
	    "      <para>x</para>\n"
	    "    </section>\n"
	    "  </body>\n" TAIL, NULL, 0));
	assert_true(diag_has(f->d, DIAG_BIND_UTF8));
	assert_diag(f, "t.xml:5: error: invalid UTF-8 in data: bookmark");
}

/* ---- parameters ---- */

static const char param_tmpl[] = HEAD
    "  <param name=\"month\" type=\"month\" required=\"yes\"/>\n"
    "  <param name=\"year\" type=\"int\"/>\n"
    "  <param name=\"who\"/>\n"
    "  <body>\n"
    "    <para><field value=\"month\"/>/<field value=\"year\" default=\"-\"/>"
    "/<field value=\"who\" default=\"all\"/></para>\n"
    "    <if test=\"year > 2024\"><para>recent</para></if>\n"
    "  </body>\n" TAIL;

static void
test_params_ok(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = {
		{ "month", "2025-03" }, { "year", "2025" }, { "who", "E1" },
	};
	struct doc *doc;

	doc = bind_ok(f, param_tmpl, p, 3);
	assert_body(f, doc, "2025-03/2025/E1|recent|");
	/* year is an integer: 2025 > 2024 numerically, and it shows without
	 * grouping only because the field has no format. */
	doc = bind_ok(f, param_tmpl, p, 1);
	assert_body(f, doc, "2025-03/-/all|");
}

static void
test_param_required(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = { { "year", "2025" } };

	assert_null(bind(f, param_tmpl, p, 1));
	assert_true(diag_has(f->d, DIAG_CLI_USAGE));
	assert_diag(f, "needs --month");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_param_required_null(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = { { "month", NULL } };

	assert_null(bind(f, param_tmpl, p, 1));
	assert_true(diag_has(f->d, DIAG_CLI_USAGE));
}

static void
test_param_bad_month(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {
		"2025-13", "2025-00", "2025-3", "25-03", "2025-03-01", "",
		"abcd-ef",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bind_param p[] = { { "month", bad[i] } };

		/* tmpl_check fails once the sink holds an error: start over. */
		diag_free(f->d);
		f->d = diag_new(NULL);
		if (bind(f, param_tmpl, p, 1) != NULL)
			fail_msg("month \"%s\" was accepted", bad[i]);
		assert_int_equal(diag_errors(f->d), 1);
		assert_true(diag_has(f->d, DIAG_CLI_BAD_MONTH));
		if (i == 0)
			assert_diag(f, "month=2025-13");
	}
}

static void
test_param_bad_int(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = { { "month", "2025-03" },
		{ "year", "20x5" } };

	assert_null(bind(f, param_tmpl, p, 2));
	assert_true(diag_has(f->d, DIAG_CLI_BAD_VALUE));
	assert_diag(f, "year=20x5: expected an integer");
}

static void
test_param_unknown(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = { { "month", "2025-03" },
		{ "colour", "red" } };

	assert_null(bind(f, param_tmpl, p, 2));
	assert_true(diag_has(f->d, DIAG_CLI_BAD_VALUE));
	assert_diag(f, "has no parameter colour");
	assert_int_equal(diag_errors(f->d), 1);
}

static void
test_param_invalid_utf8(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = { { "month", "2025-03" },
		{ "who", "E\xff" } };

	assert_null(bind(f, param_tmpl, p, 2));
	assert_true(diag_has(f->d, DIAG_CLI_BAD_VALUE));
	assert_diag(f, "who: invalid UTF-8");
}

static void
test_param_in_query(void **state)
{
	struct fixture *f = *state;
	const struct bind_param p[] = { { "who", "E3" } };
	struct doc *doc;
	const char *xml = HEAD
	    "  <param name=\"who\"/>\n"
	    "  <query name=\"e\">SELECT id FROM employee\n"
	    "    WHERE (:who IS NULL OR id = :who) ORDER BY id</query>\n"
	    "  <body><section query=\"e\" as=\"e\"><para><field value=\"e.id\"/>"
	    "</para></section></body>\n" TAIL;

	doc = bind_ok(f, xml, p, 1);
	assert_body(f, doc, "[E3|]");
	/* Not given: SQL NULL, so every row. */
	doc = bind_ok(f, xml, NULL, 0);
	assert_body(f, doc, "[E1|][E2|][E3|]");
}

static void
test_no_rows_warning(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind(f, HEAD
	    "  <query name=\"none\">SELECT id FROM employee WHERE 0</query>\n"
	    "  <body>\n"
	    "    <para>a</para>\n"
	    "    <section query=\"none\" as=\"e\"><para>x</para></section>\n"
	    "  </body>\n" TAIL, NULL, 0);
	/* A warning only: the document is still made. */
	assert_non_null(doc);
	assert_true(diag_has(f->d, DIAG_BIND_NO_ROWS));
	assert_int_equal(diag_errors(f->d), 0);
	assert_int_equal(diag_warnings(f->d), 1);
	assert_diag(f, "t.xml:6: warning: query returned no rows: none");
	assert_body(f, doc, "a|");
}

/* ---- page, style, meta, header and footer ---- */

static void
close_to(double got, double want)
{
	if (got < want - 0.01 || got > want + 0.01)
		fail_msg("got %.3f, want %.3f", got, want);
}

static void
test_page_meta(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <page size=\"A5\" orientation=\"landscape\" margin=\"10mm 15mm\" "
	    "header-gap=\"6mm\" footer-gap=\"12pt\"/>\n"
	    "  <style size=\"小四\" bold=\"yes\" color=\"#336699\"/>\n"
	    "  <meta query=\"store\" as=\"s\" title=\"{s.short_name} "
	    "{month|month}工资条\" author=\"{s.name}\" subject=\"固定主题\" "
	    "keywords=\"{{a}} {month}\"/>\n"
	    "  <param name=\"month\" type=\"month\"/>\n"
	    "  <query name=\"store\">SELECT name, short_name FROM store</query>\n"
	    "  <header><para>页眉 <running/></para></header>\n"
	    "  <footer><para>第<page-number/>页/共<page-count/>页</para></footer>\n"
	    "  <body><para>x</para></body>\n" TAIL, month_2025_03, 1);
	/* A5 landscape: 210 mm wide, 148 mm high. */
	close_to(doc->page_width_pt, MM(210));
	close_to(doc->page_height_pt, MM(148));
	/* Two margins: top/bottom, then right/left. */
	close_to(doc->margin_top_pt, MM(10));
	close_to(doc->margin_bottom_pt, MM(10));
	close_to(doc->margin_right_pt, MM(15));
	close_to(doc->margin_left_pt, MM(15));
	close_to(doc->header_gap_pt, MM(6));
	close_to(doc->footer_gap_pt, 12);
	close_to(doc->base.size_pt, 12);
	assert_int_equal(doc->base.bold, 1);
	assert_int_equal(doc->base.rgb, 0x336699);
	assert_string_equal(doc->meta.title, "一号店 2025年3月工资条");
	assert_string_equal(doc->meta.author, "一号汽车销售服务有限公司");
	assert_string_equal(doc->meta.subject, "固定主题");
	assert_string_equal(doc->meta.keywords, "{a} 2025-03");
	assert_non_null(doc->meta.creator);
	assert_memory_equal(doc->meta.creator, "hrpress ", 8);
	{
		struct buf b;
		buf_init(&b, 0);
		flatten(doc->header, &b);
		flatten(doc->footer, &b);
		assert_string_equal(buf_cstr(&b), "[页眉 ~|][第#页/共##页|]");
		buf_free(&b);
	}
	/* The body style is the base style. */
	close_to(doc->body->child->u.para.spans->style.size_pt, 12);
}

static void
test_page_defaults(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;

	doc = bind_ok(f, HEAD
	    "  <page margin=\"5mm 6mm 7mm 8mm\"/>\n"
	    "  <body><para>x</para></body>\n" TAIL, NULL, 0);
	/* A4 portrait unless told otherwise. */
	close_to(doc->page_width_pt, MM(210));
	close_to(doc->page_height_pt, MM(297));
	close_to(doc->margin_top_pt, MM(5));
	close_to(doc->margin_right_pt, MM(6));
	close_to(doc->margin_bottom_pt, MM(7));
	close_to(doc->margin_left_pt, MM(8));
	assert_null(doc->header);
	assert_null(doc->footer);
	assert_null(doc->meta.title);
}

static void
test_bad_margin(void **state)
{
	struct fixture *f = *state;

	/* The schema's margin pattern lets "5xx" through; binding refuses. */
	assert_null(bind(f, HEAD
	    "  <page margin=\"5xx\"/>\n"
	    "  <body><para>x</para></body>\n" TAIL, NULL, 0));
	assert_true(diag_has(f->d, DIAG_TMPL_BAD_VALUE));
	assert_diag(f, "t.xml:3: error: invalid attribute value: margin=\"5xx\"");
}

static void
test_blocks_and_styles(void **state)
{
	struct fixture *f = *state;
	struct doc *doc;
	const struct doc_node *n;

	doc = bind_ok(f, HEAD
	    "  <query name=\"e\">SELECT name FROM employee WHERE id = 'E1'"
	    "</query>\n"
	    "  <body>\n"
	    "    <heading level=\"1\">标题</heading>\n"
	    "    <space height=\"10mm\"/>\n"
	    "    <rule thickness=\"2pt\"/>\n"
	    "    <page-break/>\n"
	    "    <para size=\"9\" color=\"#FF0000\" align=\"center\">a<b>b</b>"
	    "<br/>c</para>\n"
	    "    <section query=\"e\" as=\"e\">\n"
	    "      <signatures><sign label=\"员工：{e.name}\"/><sign label=\"主管\"/>"
	    "</signatures>\n"
	    "    </section>\n"
	    "    <toc title=\"目录\"/>\n"
	    "  </body>\n" TAIL, NULL, 0);
	assert_body(f, doc, "标题|SHPab\nc|[G<员工：张三><主管>]目录|TOC");
	n = doc->body->child;			/* heading */
	assert_int_equal(n->u.para.spans->style.bold, 1);
	close_to(n->u.para.spans->style.size_pt, 16);
	n = n->next;				/* space */
	close_to(n->u.height_pt, MM(10));
	n = n->next;				/* rule */
	close_to(n->u.height_pt, 2);
	n = n->next->next;			/* para */
	assert_int_equal(n->u.para.align, DOC_ALIGN_CENTER);
	close_to(n->u.para.spans->style.size_pt, 9);
	assert_int_equal(n->u.para.spans->style.rgb, 0xFF0000);
	assert_int_equal(n->u.para.spans->style.bold, 0);
	assert_int_equal(n->u.para.spans->next->style.bold, 1);
	assert_int_equal(n->u.para.spans->next->style.rgb, 0xFF0000);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_section_per_row),
		T(test_section_default_record),
		T(test_nested_rows_with),
		T(test_nested_sections),
		T(test_if_and_row_if),
		T(test_list_numbering),
		T(test_field_formats),
		T(test_format_error_names_record),
		T(test_interp_format_error),
		T(test_invalid_utf8),
		T(test_invalid_utf8_in_attribute),
		T(test_params_ok),
		T(test_param_required),
		T(test_param_required_null),
		T(test_param_bad_month),
		T(test_param_bad_int),
		T(test_param_unknown),
		T(test_param_invalid_utf8),
		T(test_param_in_query),
		T(test_no_rows_warning),
		T(test_page_meta),
		T(test_page_defaults),
		T(test_bad_margin),
		T(test_blocks_and_styles),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
