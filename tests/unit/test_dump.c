/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dump.c: a template parsed from memory, a document built
 * by hand and pages with one item of each kind, each dumped and compared
 * with the exact expected text; quoting of awkward text; the --dump value
 * check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "font.h"
#include "page.h"
#include "tmpl.h"

static void
test_kind_parse(void **state)
{
	struct diag *d = diag_new(NULL);
	enum dump_kind k = DUMP_PAGE;

	(void)state;
	assert_int_equal(dump_kind_parse("tmpl", &k, d), 0);
	assert_int_equal(k, DUMP_TMPL);
	assert_int_equal(dump_kind_parse("doc", &k, d), 0);
	assert_int_equal(k, DUMP_DOC);
	assert_int_equal(dump_kind_parse("page", &k, d), 0);
	assert_int_equal(k, DUMP_PAGE);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(dump_kind_parse("pages", &k, d), -1);
	assert_int_equal(k, DUMP_PAGE);
	assert_true(diag_has(d, DIAG_CLI_BAD_VALUE));
	assert_int_equal(diag_exit_code(d), 1);
	assert_non_null(strstr(diag_text(d), "--dump=pages: expected"));
	assert_non_null(strstr(diag_text(d), "--dump=tmpl"));
	assert_non_null(strstr(diag_text(d), "--dump=doc"));
	assert_non_null(strstr(diag_text(d), "--dump=page "));
	diag_free(d);
}

/* Element lines carry FILE:LINE; the query's text also its column. */
static void
test_tmpl(void **state)
{
	static const char xml[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
	    "  <param name=\"month\" type=\"month\"/>\n"
	    "  <query name=\"q\">SELECT 1 AS n</query>\n"
	    "  <body>\n"
	    "    <section query=\"q\" as=\"r\">\n"
	    "      <para align=\"center\">工资 \"<b>x</b>\"\\<br/>\n"
	    "        <field value=\"r.n\" format=\"int\"/></para>\n"
	    "    </section>\n"
	    "  </body>\n"
	    "</template>\n";
	static const char want[] =
	    "template version=\"1\"  t.xml:2\n"
	    "  param name=\"month\" type=\"month\"  t.xml:3\n"
	    "  query name=\"q\"  t.xml:4\n"
	    "    #text \"SELECT 1 AS n\"  t.xml:4:19\n"
	    "  body  t.xml:5\n"
	    "    section query=\"q\" as=\"r\"  t.xml:6\n"
	    "      para align=\"center\"  t.xml:7\n"
	    "        #text \"工资 \\\"\"  t.xml:7\n"
	    "        b  t.xml:7\n"
	    "          #text \"x\"  t.xml:7\n"
	    "        #text \"\\\"\\\\\"  t.xml:7\n"
	    "        br  t.xml:7\n"
	    "        field value=\"r.n\" format=\"int\"  t.xml:8\n";
	struct diag *d = diag_new(NULL);
	struct tmpl *t = tmpl_parse_memory(xml, sizeof(xml) - 1, "t.xml", d);
	struct buf b;

	(void)state;
	assert_non_null(t);
	buf_init(&b, 0);
	dump_tmpl(&b, t);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
	tmpl_free(t);
	diag_free(d);
}

/*
 * The record shows where it changes; spans carry their style; a node made
 * without a position of its own has its parent's (doc_add).
 */
static void
test_doc(void **state)
{
	static const char want[] =
	    "document width=595.28 height=841.89 margin-top=56.69 "
	    "margin-right=56.69 margin-bottom=56.69 margin-left=56.69 "
	    "header-gap=17.01 footer-gap=28.35 size=10.50\n"
	    "meta title=\"工资条\"\n"
	    "body\n"
	    "  block\n"
	    "    block restart-pages bookmark=\"销售部 张三\" level=0 "
	    "record=\"employee E1\"  t.xml:6\n"
	    "      para align=right line-height=1.50 number=2 before=3.00  "
	    "t.xml:7\n"
	    "        text \"实发\" size=12.00 bold rgb=#FF0000\n"
	    "        text \"1,234.56\\n\" size=10.50\n"
	    "        page-number size=10.50\n"
	    "      table cols=0.2500,0.7500 header-rows=1 border=0.60 "
	    "pad=3.00 record=\"employee E2\"  t.xml:9\n"
	    "        row shade=#EEEEEE keep  t.xml:9\n"
	    "          cell colspan=2 align=center valign=middle  t.xml:9\n"
	    "      space height=0.00  t.xml:6\n";
	struct doc *doc = doc_new();
	struct doc_style big = {12, 1, 0xFF0000};
	struct doc_node *blk, *p, *t, *row, *cell, *sp;
	struct buf b;

	(void)state;
	doc->meta.title = "工资条";
	blk = doc_add(doc, doc->body, DOC_BLOCK);
	blk->u.block.restart_pages = 1;
	blk->u.block.bookmark = "销售部 张三";
	blk->record = "employee E1";
	blk->pos = (struct srcpos){"t.xml", 6, 0};
	p = doc_add(doc, blk, DOC_PARA);
	p->u.para.align = DOC_ALIGN_RIGHT;
	p->u.para.number = 2;
	p->space_before_pt = 3;
	p->record = "employee E1";
	p->pos = (struct srcpos){"t.xml", 7, 0};
	doc_add_span(doc, p, DOC_SPAN_TEXT, "实发", &big);
	doc_add_span(doc, p, DOC_SPAN_TEXT, "1,234.56\n", NULL);
	doc_add_span(doc, p, DOC_SPAN_PAGE, NULL, NULL);
	t = doc_add(doc, blk, DOC_TABLE);
	t->u.table.ncols = 2;
	t->u.table.cols = (struct doc_column[]){{0.25}, {0.75}};
	t->u.table.header_rows = 1;
	t->record = "employee E2";
	t->pos = (struct srcpos){"t.xml", 9, 0};
	row = doc_add(doc, t, DOC_ROW);
	row->u.row.shade_rgb = 0xEEEEEE;
	row->u.row.keep = 1;
	cell = doc_add(doc, row, DOC_CELL);
	cell->u.cell.colspan = 2;
	cell->u.cell.align = DOC_ALIGN_CENTER;
	cell->u.cell.valign_middle = 1;
	sp = doc_add(doc, blk, DOC_SPACE);
	sp->u.height_pt = -0.004; /* prints as 0.00, never -0.00 */
	buf_init(&b, 0);
	dump_doc(&b, doc);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
	doc_free(doc);
}

static void
test_pages(void **state)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G'};
	static const char want[] =
	    "pages 2\n"
	    "png 1 px=40x20 bytes=8\n"
	    "page 1 w=595.28 h=841.89 items=4\n"
	    "  text x=56.70 y=70.00 w=32.00 font=HrpressFake size=10.00 "
	    "bold char-space=0.50 \"张三 A\"\n"
	    "  line x1=10.00 y1=20.00 x2=30.00 y2=20.00 width=0.60 "
	    "rgb=#000000 dashed\n"
	    "  rect x=1.00 y=2.00 w=3.00 h=4.00 fill=#00FF00 stroke=0.50 "
	    "stroke-rgb=#112233\n"
	    "  link x=5.00 y=6.00 w=7.00 h=8.00 to-page=2 to-y=9.00\n"
	    "page 2 w=100.00 h=200.00 items=1\n"
	    "  image x=11.00 y=12.00 w=40.00 h=20.00 png=1 px=40x20 "
	    "opacity=0.50\n"
	    "outline level=0 page=1 y=56.70 \"销售部\"\n"
	    "  outline level=1 page=2 y=0.00 \"张三\"\n";
	struct fontset *fs = fontset_fake();
	struct page_doc *pd = page_doc_new();
	struct page_item *it;
	struct page_outline *o;
	struct buf b;

	(void)state;
	page_add(pd, 595.28, 841.89);
	it = page_add_item(pd, 0, PAGE_TEXT);
	it->u.text = (struct page_text){.x_pt = 56.7,
	                                .y_pt = 70,
	                                .size_pt = 10,
	                                .bold = 1,
	                                .char_space_pt = 0.5,
	                                .utf8 = "张三 A",
	                                .len = strlen("张三 A")};
	it = page_add_item(pd, 0, PAGE_LINE);
	it->u.line = (struct page_line){10, 20, 30, 20, 0.6, 0, 1};
	it = page_add_item(pd, 0, PAGE_RECT);
	it->u.rect = (struct page_rect){1, 2, 3, 4, 0x00FF00, 0x112233, 1, 0.5};
	it = page_add_item(pd, 0, PAGE_LINK);
	it->u.link = (struct page_link){5, 6, 7, 8, 1, 9};
	page_add(pd, 100, 200);
	it = page_add_item(pd, 1, PAGE_IMAGE);
	it->u.image = (struct page_image){11, 12, 40, 20, 0, 0.5};
	it->u.image.png = page_add_png(pd, png, sizeof(png), 40, 20);
	o = page_add_outline(pd);
	o->title = "销售部";
	o->y_pt = 56.7;
	o = page_add_outline(pd);
	o->title = "张三";
	o->level = 1;
	o->page = 1;
	buf_init(&b, 0);
	dump_pages(&b, pd, fs);
	assert_string_equal(buf_cstr(&b), want);
	/* without the font set: the face index and no width */
	buf_reset(&b);
	dump_pages(&b, pd, NULL);
	assert_non_null(strstr(buf_cstr(&b), " y=70.00 font=0 size=10.00 "));
	buf_free(&b);
	page_doc_free(pd);
	fontset_free(fs);
}

/* Control characters and quotes cannot break a line of the dump. */
static void
test_quoting(void **state)
{
	struct page_doc *pd = page_doc_new();
	struct page_item *it;
	struct buf b;
	static const char s[] = "a\"b\\c\td\re\x01\x7f"
	                        "f";

	(void)state;
	page_add(pd, 10, 10);
	it = page_add_item(pd, 0, PAGE_TEXT);
	it->u.text.utf8 = s;
	it->u.text.len = strlen(s);
	it->u.text.angle_deg = 45;
	it->u.text.artifact = 1;
	it->u.text.rgb = 0xCCCCCC;
	buf_init(&b, 0);
	dump_pages(&b, pd, NULL);
	assert_string_equal(buf_cstr(&b),
	                    "pages 1\n"
	                    "page 1 w=10.00 h=10.00 items=1\n"
	                    "  text x=0.00 y=0.00 font=0 size=0.00 rgb=#CCCCCC "
	                    "angle=45.00 artifact "
	                    "\"a\\\"b\\\\c\\td\\re\\x01\\x7Ff\"\n");
	buf_free(&b);
	page_doc_free(pd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_parse), cmocka_unit_test(test_tmpl),
	    cmocka_unit_test(test_doc),        cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_quoting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
