/* SPDX-License-Identifier: MIT */
/*
 * Pagination through layout_run() with the fake monospace font: page count,
 * tables split between rows with repeated headers, page numbers per unit,
 * running headers, outlines, the table of contents, keep-together and
 * pathological inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "xmem.h"

/*
 * Frame 100 x 150 pt at (20, 30); 10 pt text at line height 1.5 gives
 * 15 pt lines, 10 lines a page.
 */
#define FX 20.0
#define FY 30.0
#define FH 150.0

struct tline {
	double y, x;
	char text[512];
};

struct env {
	struct fontset *fs;
	struct diag *d;
};

static struct doc *
mkdoc(void)
{
	struct doc *doc = doc_new();

	doc->page_width_pt = 140;
	doc->page_height_pt = FY + FH + 40;
	doc->margin_left_pt = FX;
	doc->margin_right_pt = 20;
	doc->margin_top_pt = FY;
	doc->margin_bottom_pt = 40;
	doc->header_gap_pt = 5;
	doc->footer_gap_pt = 20;
	doc->base.size_pt = 10;
	return doc;
}

static struct page_doc *
run(struct doc *doc)
{
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd = layout_run(doc, fs, d);

	assert_non_null(pd);
	assert_int_equal(diag_errors(d), 0);
	/* The result must not point into the document. */
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
	return pd;
}

static int
text_cmp(const void *a, const void *b)
{
	const struct page_item *x = *(const struct page_item *const *)a;
	const struct page_item *y = *(const struct page_item *const *)b;

	if (x->u.text.y_pt != y->u.text.y_pt)
		return x->u.text.y_pt < y->u.text.y_pt ? -1 : 1;
	return x->u.text.x_pt < y->u.text.x_pt ? -1 :
	    x->u.text.x_pt > y->u.text.x_pt;
}

/* Text of page p as lines (grouped by baseline, sorted by x). */
static size_t
lines_of(const struct page_doc *pd, size_t p, struct tline *out, size_t max)
{
	const struct page *pg = &pd->pages[p];
	const struct page_item **its = calloc(pg->nitems + 1, sizeof(*its));
	size_t i, n = 0, nl = 0;

	for (i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == PAGE_TEXT)
			its[n++] = &pg->items[i];
	qsort(its, n, sizeof(*its), text_cmp);
	for (i = 0; i < n; i++) {
		const struct page_text *t = &its[i]->u.text;

		if (nl == 0 || out[nl - 1].y != t->y_pt) {
			assert_true(nl < max);
			memset(&out[nl], 0, sizeof(out[nl]));
			out[nl].y = t->y_pt;
			out[nl].x = t->x_pt;
			nl++;
		}
		strncat(out[nl - 1].text, t->utf8,
		    sizeof(out[nl - 1].text) - strlen(out[nl - 1].text) - 1);
	}
	free(its);
	return nl;
}

static size_t
count_kind(const struct page *pg, enum page_item_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == kind)
			n++;
	return n;
}

static struct tline lines[1024];

static void
page_count(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;
	size_t i, n;

	(void)state;
	for (i = 0; i < 25; i++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "第%zu行", i + 1);
		doc_add_text(doc, doc->body, buf, NULL);
	}
	pd = run(doc);
	assert_int_equal(pd->npages, 3);
	assert_int_equal(lines_of(pd, 0, lines, 64), 10);
	assert_int_equal(lines_of(pd, 1, lines, 64), 10);
	assert_string_equal(lines[0].text, "第11行");
	assert_float_equal(lines[0].y, FY + 8, 1e-9);
	n = lines_of(pd, 2, lines, 64);
	assert_int_equal(n, 5);
	assert_string_equal(lines[4].text, "第25行");
	assert_float_equal(pd->pages[2].width_pt, 140, 1e-9);
	page_doc_free(pd);
}

static void
long_paragraph_splits(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;
	char text[3 * 150 + 1] = "";
	size_t i;

	(void)state;
	/* 150 characters = 15 lines: 10 on page 1, 5 on page 2. */
	for (i = 0; i < 150; i++)
		strcat(text, "字");
	doc_add_text(doc, doc->body, text, NULL);
	pd = run(doc);
	assert_int_equal(pd->npages, 2);
	assert_int_equal(lines_of(pd, 0, lines, 64), 10);
	assert_int_equal(lines_of(pd, 1, lines, 64), 5);
	page_doc_free(pd);
}

static struct doc_node *
add_table(struct doc *doc, struct doc_node *parent, size_t nrows,
    size_t header_rows)
{
	struct doc_node *t = doc_add(doc, parent, DOC_TABLE);
	size_t i;

	t->u.table.ncols = 2;
	t->u.table.cols = arena_alloc(doc->arena,
	    2 * sizeof(*t->u.table.cols));
	t->u.table.cols[0].width = 0.45;
	t->u.table.cols[1].width = 0.55;
	t->u.table.header_rows = header_rows;
	t->u.table.pad_pt = 3;
	t->u.table.border_pt = 0.5;
	for (i = 0; i < nrows; i++) {
		struct doc_node *r = doc_add(doc, t, DOC_ROW);
		struct doc_node *c;
		char buf[32];

		c = doc_add(doc, r, DOC_CELL);
		snprintf(buf, sizeof(buf), i < header_rows ? "项目" : "R%zu行",
		    i);
		doc_add_text(doc, c, buf, NULL);
		c = doc_add(doc, r, DOC_CELL);
		c->u.cell.align = DOC_ALIGN_RIGHT;
		doc_add_text(doc, c, i < header_rows ? "金额" : "100.00",
		    NULL);
	}
	return t;
}

static void
table_header_repeats(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;
	size_t n, p, i, rows = 0;
	int seen[20] = { 0 };

	(void)state;
	/* Rows are 15 + 2 x 3 = 21 pt: 7 a page. */
	add_table(doc, doc->body, 16, 1);
	pd = run(doc);
	assert_int_equal(pd->npages, 3);
	for (p = 0; p < pd->npages; p++) {
		n = lines_of(pd, p, lines, 64);
		assert_true(n >= 2);
		assert_string_equal(lines[0].text, "项目金额");
		/* Header text sits inside its padded cell. */
		assert_float_equal(lines[0].y, FY + 3 + 8, 1e-9);
		assert_float_equal(lines[0].x, FX + 3, 1e-9);
		for (i = 1; i < n; i++) {
			int r;

			assert_int_equal(sscanf(lines[i].text, "R%d", &r), 1);
			assert_true(r >= 1 && r < 16);
			seen[r]++;
			rows++;
		}
		assert_true(count_kind(&pd->pages[p], PAGE_LINE) > 0);
	}
	assert_int_equal(rows, 15);
	for (i = 1; i < 16; i++)
		assert_int_equal(seen[i], 1);
	/* Page 1: header + 6 rows; "100.00" right-aligned in column 2. */
	n = lines_of(pd, 0, lines, 64);
	assert_int_equal(n, 7);
	for (i = 0; i < pd->pages[0].nitems; i++) {
		const struct page_item *it = &pd->pages[0].items[i];

		if (it->kind == PAGE_TEXT && strcmp(it->u.text.utf8,
		    "100.00") == 0)
			assert_float_equal(it->u.text.x_pt, FX + 97 - 30,
			    1e-9);
	}
	page_doc_free(pd);
}

static void
table_row_not_split(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *t, *r, *c;
	struct page_doc *pd;
	size_t i, n;

	(void)state;
	for (i = 0; i < 8; i++)
		doc_add_text(doc, doc->body, "前文", NULL);
	/* 120 pt used; a 3-line row (51 pt) cannot fit the last 30. */
	t = add_table(doc, doc->body, 0, 0);
	r = doc_add(doc, t, DOC_ROW);
	r->u.row.shade_rgb = 0xEEEEEE;
	c = doc_add(doc, r, DOC_CELL);
	doc_add_text(doc, c, "甲", NULL);
	c = doc_add(doc, r, DOC_CELL);
	doc_add_text(doc, c, "一二三四五六七八九十一二", NULL);
	pd = run(doc);
	assert_int_equal(pd->npages, 2);
	n = lines_of(pd, 1, lines, 64);
	assert_int_equal(n, 3);
	/* The shade is drawn before the text. */
	assert_int_equal(pd->pages[1].items[0].kind, PAGE_RECT);
	assert_float_equal(pd->pages[1].items[0].u.rect.h_pt, 51, 1e-9);
	assert_float_equal(pd->pages[1].items[0].u.rect.w_pt, 100, 1e-9);
	/* Column 2 starts at 45 pt; 49 pt of room: 4 characters a line. */
	assert_string_equal(lines[0].text, "甲一二三四");
	assert_string_equal(lines[1].text, "五六七八");
	assert_float_equal(lines[1].x, FX + 45 + 3, 1e-9);
	page_doc_free(pd);
}

static void
table_tall_row(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *t, *r, *c;
	struct page_doc *pd;
	size_t i, total = 0;

	(void)state;
	/* 30 lines in one cell: taller than a page, so it is split. */
	t = add_table(doc, doc->body, 0, 0);
	r = doc_add(doc, t, DOC_ROW);
	c = doc_add(doc, r, DOC_CELL);
	doc_add_text(doc, c, "甲", NULL);
	c = doc_add(doc, r, DOC_CELL);
	for (i = 0; i < 30; i++)
		doc_add_text(doc, c, "行", NULL);
	pd = run(doc);
	assert_true(pd->npages >= 3);
	for (i = 0; i < pd->npages; i++) {
		size_t k, n = lines_of(pd, i, lines, 64);

		for (k = 0; k < n; k++) {
			assert_true(lines[k].y < FY + FH);
			total += strstr(lines[k].text, "行") ? 1 : 0;
		}
	}
	assert_int_equal(total, 30);
	page_doc_free(pd);
}

static void
add_footer(struct doc *doc)
{
	struct doc_node *p;

	doc->footer = doc_add(doc, NULL, DOC_BLOCK);
	p = doc_add(doc, doc->footer, DOC_PARA);
	p->u.para.align = DOC_ALIGN_CENTER;
	doc_add_span(doc, p, DOC_SPAN_TEXT, "第 ", NULL);
	doc_add_span(doc, p, DOC_SPAN_PAGE, NULL, NULL);
	doc_add_span(doc, p, DOC_SPAN_TEXT, " 页 / 共 ", NULL);
	doc_add_span(doc, p, DOC_SPAN_PAGES, NULL, NULL);
	doc_add_span(doc, p, DOC_SPAN_TEXT, " 页", NULL);
}

static void
add_lines(struct doc *doc, struct doc_node *parent, size_t n,
    const char *text)
{
	size_t i;

	for (i = 0; i < n; i++)
		doc_add_text(doc, parent, text, NULL);
}

/* The text of the line with baseline y on page p, or "". */
static const char *
line_at(const struct page_doc *pd, size_t p, double y)
{
	size_t i, n = lines_of(pd, p, lines, 1024);

	for (i = 0; i < n; i++)
		if (lines[i].y > y - 1e-6 && lines[i].y < y + 1e-6)
			return lines[i].text;
	return "";
}

static void
page_numbers_per_unit(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *b;
	struct page_doc *pd;

	(void)state;
	add_footer(doc);
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.restart_pages = 1;
	add_lines(doc, b, 15, "甲");
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.restart_pages = 1;
	add_lines(doc, b, 5, "乙");
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.restart_pages = 1;
	add_lines(doc, b, 25, "丙");
	pd = run(doc);
	assert_int_equal(pd->npages, 6);
	/* Footer baseline 20 pt below the frame bottom. */
	assert_string_equal(line_at(pd, 0, FY + FH + 20),
	    "第 1 页 / 共 2 页");
	assert_string_equal(line_at(pd, 1, FY + FH + 20),
	    "第 2 页 / 共 2 页");
	assert_string_equal(line_at(pd, 2, FY + FH + 20),
	    "第 1 页 / 共 1 页");
	assert_string_equal(line_at(pd, 3, FY + FH + 20),
	    "第 1 页 / 共 3 页");
	assert_string_equal(line_at(pd, 5, FY + FH + 20),
	    "第 3 页 / 共 3 页");
	page_doc_free(pd);
}

static void
page_numbers_one_unit(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;
	size_t n;

	(void)state;
	add_footer(doc);
	add_lines(doc, doc->body, 21, "行");
	pd = run(doc);
	assert_int_equal(pd->npages, 3);
	assert_string_equal(line_at(pd, 2, FY + FH + 20),
	    "第 3 页 / 共 3 页");
	n = lines_of(pd, 2, lines, 64);
	assert_string_equal(lines[n - 1].text, "第 3 页 / 共 3 页");
	/* Centred: 4 CJK (40 pt) + 9 half-width (45 pt). */
	assert_float_equal(lines[n - 1].x, FX + (100 - 85) / 2.0, 1e-9);
	page_doc_free(pd);
}

static void
running_header(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *b, *p;
	struct page_doc *pd;
	size_t n;

	(void)state;
	doc->header = doc_add(doc, NULL, DOC_BLOCK);
	p = doc_add(doc, doc->header, DOC_PARA);
	doc_add_span(doc, p, DOC_SPAN_RUNNING, NULL, NULL);
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.running = "第一章";
	add_lines(doc, b, 15, "甲");
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.running = "第二章";
	add_lines(doc, b, 10, "乙");
	pd = run(doc);
	assert_int_equal(pd->npages, 3);
	/* Header: one 15 pt line whose bottom is 5 pt above the frame. */
	assert_string_equal(line_at(pd, 0, FY - 5 - 15 + 8), "第一章");
	/* Chapter 2 starts on page 2: the latest block there wins. */
	assert_string_equal(line_at(pd, 1, FY - 5 - 15 + 8), "第二章");
	assert_string_equal(line_at(pd, 2, FY - 5 - 15 + 8), "第二章");
	n = lines_of(pd, 2, lines, 64);
	assert_int_equal(n, 6);
	page_doc_free(pd);
}

static struct doc_node *
chapter(struct doc *doc, const char *title, int level, size_t nlines)
{
	struct doc_node *b = doc_add(doc, doc->body, DOC_BLOCK);

	b->u.block.bookmark = title;
	b->u.block.bookmark_level = level;
	b->u.block.toc = 1;
	b->u.block.page_break_before = level == 0;
	doc_add_text(doc, b, title, NULL);
	add_lines(doc, b, nlines, "正文");
	return b;
}

static void
outlines(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;

	(void)state;
	chapter(doc, "总则", 0, 3);
	chapter(doc, "适用范围", 1, 12);
	chapter(doc, "薪酬", 0, 2);
	pd = run(doc);
	assert_int_equal(pd->npages, 3);
	assert_int_equal(pd->noutlines, 3);
	assert_string_equal(pd->outlines[0].title, "总则");
	assert_int_equal(pd->outlines[0].page, 0);
	assert_float_equal(pd->outlines[0].y_pt, FY, 1e-9);
	assert_string_equal(pd->outlines[1].title, "适用范围");
	assert_int_equal(pd->outlines[1].level, 1);
	assert_int_equal(pd->outlines[1].page, 0);
	assert_float_equal(pd->outlines[1].y_pt, FY + 4 * 15, 1e-9);
	assert_int_equal(pd->outlines[2].page, 2);
	page_doc_free(pd);
}

/* The number at the end of a TOC line ("title.....12" -> 12). */
static int
trailing_number(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] >= '0' && s[n - 1] <= '9')
		n--;
	return atoi(s + n);
}

static void
toc(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;
	size_t i, p, entries = 0, links = 0;
	char titles[14][32];

	(void)state;
	doc_add(doc, doc->body, DOC_TOC);
	/* 14 entries of 15 pt: the TOC itself takes two pages. */
	for (i = 0; i < 14; i++) {
		snprintf(titles[i], sizeof(titles[i]), "章节%zu", i + 1);
		chapter(doc, titles[i], i % 2, i % 3 == 0 ? 12 : 2);
	}
	pd = run(doc);
	assert_int_equal(pd->noutlines, 14);
	assert_int_equal(pd->outlines[0].page, 2);
	for (p = 0; p < 2; p++) {
		size_t n = lines_of(pd, p, lines, 64);

		for (i = 0; i < n; i++) {
			size_t k;

			for (k = 0; k < 14; k++)
				if (strncmp(lines[i].text, titles[k],
				    strlen(titles[k])) == 0 &&
				    lines[i].text[strlen(titles[k])] == '.')
					break;
			assert_true(k < 14);
			assert_int_equal(trailing_number(lines[i].text),
			    (int)pd->outlines[k].page + 1);
			/* Level 1 entries are indented by 2 em. */
			assert_float_equal(lines[i].x, FX + (k % 2) * 20,
			    1e-9);
			entries++;
		}
		for (i = 0; i < pd->pages[p].nitems; i++) {
			const struct page_item *it = &pd->pages[p].items[i];

			if (it->kind != PAGE_LINK)
				continue;
			assert_int_equal(it->u.link.target_page,
			    pd->outlines[links].page);
			assert_float_equal(it->u.link.target_y_pt,
			    pd->outlines[links].y_pt, 1e-9);
			links++;
		}
	}
	assert_int_equal(entries, 14);
	assert_int_equal(links, 14);
	page_doc_free(pd);
}

static void
keep_together(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *b;
	struct page_doc *pd;
	size_t n;

	(void)state;
	add_lines(doc, doc->body, 8, "前");
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.keep_together = 1;
	add_lines(doc, b, 3, "留");
	/* Without keep_together two lines would stay on page 1. */
	add_lines(doc, doc->body, 1, "后");
	pd = run(doc);
	assert_int_equal(pd->npages, 2);
	assert_int_equal(lines_of(pd, 0, lines, 64), 8);
	n = lines_of(pd, 1, lines, 64);
	assert_int_equal(n, 4);
	assert_string_equal(lines[0].text, "留");
	assert_float_equal(lines[0].y, FY + 8, 1e-9);
	page_doc_free(pd);
}

static void
keep_together_too_big(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *b;
	struct page_doc *pd;

	(void)state;
	/* Taller than a page: it is split where it falls. */
	add_lines(doc, doc->body, 8, "前");
	b = doc_add(doc, doc->body, DOC_BLOCK);
	b->u.block.keep_together = 1;
	add_lines(doc, b, 12, "长");
	pd = run(doc);
	assert_int_equal(pd->npages, 2);
	assert_int_equal(lines_of(pd, 0, lines, 64), 10);
	page_doc_free(pd);
}

static void
breaks_spaces_rules(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *n;
	struct page_doc *pd;
	const struct page *pg;

	(void)state;
	n = doc_add_text(doc, doc->body, "上", NULL);
	n->space_after_pt = 7;
	n = doc_add(doc, doc->body, DOC_RULE);
	n->u.height_pt = 2;
	n = doc_add(doc, doc->body, DOC_SPACE);
	n->u.height_pt = 11;
	doc_add_text(doc, doc->body, "中", NULL);
	doc_add(doc, doc->body, DOC_PAGEBREAK);
	n = doc_add_text(doc, doc->body, "下", NULL);
	n->space_before_pt = 30;	/* dropped at the top of a page */
	pd = run(doc);
	assert_int_equal(pd->npages, 2);
	pg = &pd->pages[0];
	assert_int_equal(count_kind(pg, PAGE_LINE), 1);
	assert_int_equal(pg->items[1].kind, PAGE_LINE);
	assert_float_equal(pg->items[1].u.line.y1_pt, FY + 15 + 7 + 1, 1e-9);
	assert_float_equal(pg->items[1].u.line.x1_pt, FX, 1e-9);
	assert_float_equal(pg->items[1].u.line.x2_pt, FX + 100, 1e-9);
	assert_float_equal(pg->items[1].u.line.width_pt, 2, 1e-9);
	assert_string_equal(line_at(pd, 0, FY + 15 + 7 + 2 + 11 + 8), "中");
	assert_string_equal(line_at(pd, 1, FY + 8), "下");
	page_doc_free(pd);
}

static void
signatures(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *s;
	struct page_doc *pd;
	size_t n;

	(void)state;
	s = doc_add(doc, doc->body, DOC_SIGNATURES);
	doc_add_span(doc, s, DOC_SPAN_TEXT, "员工：", NULL);
	doc_add_span(doc, s, DOC_SPAN_TEXT, "经理：", NULL);
	pd = run(doc);
	n = lines_of(pd, 0, lines, 64);
	/* Labels side by side, then the date lines. */
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "员工：经理：");
	assert_float_equal(lines[0].x, FX, 1e-9);
	assert_non_null(strstr(lines[1].text, "日期："));
	assert_non_null(strstr(lines[1].text, "年"));
	/* A signing line after each label plus three per date. */
	assert_int_equal(count_kind(&pd->pages[0], PAGE_LINE), 8);
	page_doc_free(pd);
}

static void
metadata_copied(void **state)
{
	struct doc *doc = mkdoc();
	struct page_doc *pd;
	char *title = strdup("二〇二五年三月工资单");

	(void)state;
	doc->meta.title = title;
	doc->meta.author = "人事部";
	doc_add_text(doc, doc->body, "内容", NULL);
	pd = run(doc);
	memset(title, 'x', strlen(title));
	free(title);
	assert_string_equal(pd->meta.title, "二〇二五年三月工资单");
	assert_string_equal(pd->meta.author, "人事部");
	assert_null(pd->meta.subject);
	page_doc_free(pd);
}

static void
pathological(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *b;
	struct page_doc *pd;
	char *big = malloc(50000 + 1);
	size_t i;

	(void)state;
	/* A 50,000-letter word: no break opportunity at all. */
	memset(big, 'x', 50000);
	big[50000] = '\0';
	doc_add_text(doc, doc->body, big, NULL);
	free(big);
	/* 10,000 rows. */
	add_table(doc, doc->body, 10000, 1);
	/* 100,000 nested blocks. */
	b = doc->body;
	for (i = 0; i < 100000; i++)
		b = doc_add(doc, b, DOC_BLOCK);
	doc_add_text(doc, b, "最深处", NULL);
	pd = run(doc);
	/* 2,500 lines = 250 pages; 9,999 rows at 6 a page. */
	assert_int_equal(pd->npages, 250 + 1667);
	page_doc_free(pd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page_count),
		cmocka_unit_test(long_paragraph_splits),
		cmocka_unit_test(table_header_repeats),
		cmocka_unit_test(table_row_not_split),
		cmocka_unit_test(table_tall_row),
		cmocka_unit_test(page_numbers_per_unit),
		cmocka_unit_test(page_numbers_one_unit),
		cmocka_unit_test(running_header),
		cmocka_unit_test(outlines),
		cmocka_unit_test(toc),
		cmocka_unit_test(keep_together),
		cmocka_unit_test(keep_together_too_big),
		cmocka_unit_test(breaks_spaces_rules),
		cmocka_unit_test(signatures),
		cmocka_unit_test(metadata_copied),
		cmocka_unit_test(pathological),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
