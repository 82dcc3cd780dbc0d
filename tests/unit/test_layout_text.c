/* SPDX-License-Identifier: MIT */
/*
 * Line breaking through layout_run() with the fake monospace font (CJK
 * 1 em, everything else 0.5 em): kinsoku, unbreakable numbers and words,
 * forced breaks, alignment, justification and missing characters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "page.h"

/* Frame: 100 pt wide, starting at (20, 30); 10 pt text = 10 CJK a line. */
#define FX 20.0
#define FY 30.0

struct tline {
	double y, x;		/* baseline, left end */
	char text[512];
	size_t nitems;
};

static struct doc *
mkdoc(void)
{
	struct doc *doc = doc_new();

	doc->page_width_pt = 140;
	doc->page_height_pt = 1000;
	doc->margin_left_pt = FX;
	doc->margin_right_pt = 20;
	doc->margin_top_pt = FY;
	doc->margin_bottom_pt = 20;
	doc->base.size_pt = 10;
	return doc;
}

static struct doc_node *
para(struct doc *doc, const char *text)
{
	return doc_add_text(doc, doc->body, text, NULL);
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

/* The text items of page p grouped into lines by baseline. */
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
		assert_int_equal(strlen(t->utf8), t->len);
		strncat(out[nl - 1].text, t->utf8,
		    sizeof(out[nl - 1].text) - strlen(out[nl - 1].text) - 1);
		out[nl - 1].nitems++;
	}
	free(its);
	return nl;
}

/* Lay out doc and return its lines (page 0); doc is freed. */
static size_t
run(struct doc *doc, struct tline *out, size_t max)
{
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd = layout_run(doc, fs, d);
	size_t n;

	assert_non_null(pd);
	assert_int_equal(diag_errors(d), 0);
	doc_free(doc);
	n = lines_of(pd, 0, out, max);
	page_doc_free(pd);
	diag_free(d);
	fontset_free(fs);
	return n;
}

static uint32_t
first_cp(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80)
		return u[0];
	if (u[0] < 0xE0)
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if (u[0] < 0xF0)
		return (uint32_t)(u[0] & 0x0F) << 12 |
		    (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	return 0;
}

static uint32_t
last_cp(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
		n--;
	return n > 0 ? first_cp(s + n - 1) : 0;
}

static struct tline lines[8192];

static void
kinsoku_closing(void **state)
{
	static const char *const marks[] = {
		"，", "。", "、", "；", "：", "？", "！", "）", "》", "」",
		"』", "】", "〉", "…", "·", "’", "”", ",", ".", ";", ":",
		"?", "!", ")", "]", "}"
	};
	size_t m, k;

	(void)state;
	/* Put the mark where a naive breaker would start a line with it. */
	for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
		for (k = 8; k <= 12; k++) {
			char text[256] = "";
			size_t i, n, total = 0;
			struct doc *doc = mkdoc();

			for (i = 0; i < k; i++)
				strcat(text, "字");
			strcat(text, marks[m]);
			strcat(text, "后面还有一些字");
			para(doc, text);
			n = run(doc, lines, 64);
			assert_true(n >= 2);
			for (i = 0; i < n; i++) {
				assert_int_not_equal(first_cp(lines[i].text),
				    first_cp(marks[m]));
				total += strlen(lines[i].text);
			}
			assert_int_equal(total, strlen(text));
		}
	}
}

static void
kinsoku_opening(void **state)
{
	static const char *const marks[] = {
		"（", "《", "「", "『", "【", "〈", "‘", "“", "(", "[", "{"
	};
	size_t m, k;

	(void)state;
	/* The mark falls in the last column: it must not end the line. */
	for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
		for (k = 8; k <= 10; k++) {
			char text[256] = "";
			size_t i, n;
			struct doc *doc = mkdoc();

			for (i = 0; i < k; i++)
				strcat(text, "字");
			strcat(text, marks[m]);
			strcat(text, "内容内容");
			para(doc, text);
			n = run(doc, lines, 64);
			assert_true(n >= 2);
			for (i = 0; i < n; i++)
				assert_int_not_equal(last_cp(lines[i].text),
				    first_cp(marks[m]));
		}
	}
}

static void
kinsoku_exact(void **state)
{
	struct doc *doc = mkdoc();
	size_t n;

	(void)state;
	/* Ten fit; the comma would be 11th: 九 goes down with it. */
	para(doc, "一二三四五六七八九十，好");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "一二三四五六七八九");
	assert_string_equal(lines[1].text, "十，好");
}

static void
numbers_whole(void **state)
{
	struct doc *doc = mkdoc();
	size_t n, i;
	int found = 0, found2 = 0;

	(void)state;
	/* 8,500.00 (40 pt) and 1,234.56 would straddle a naive break. */
	para(doc, "本月实发金额为8,500.00元，合计1,234.56元整");
	n = run(doc, lines, 8);
	assert_true(n >= 3);
	for (i = 0; i < n; i++) {
		if (strstr(lines[i].text, "8,500.00"))
			found = 1;
		if (strstr(lines[i].text, "1,234.56"))
			found2 = 1;
	}
	assert_true(found);
	assert_true(found2);
}

static void
latin_words_whole(void **state)
{
	struct doc *doc = mkdoc();
	size_t n;

	(void)state;
	/* 5 pt a letter: 20 a line; "quickly" would be cut at 20. */
	para(doc, "the lazy brown quickly fox jumps");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "the lazy brown");
	assert_string_equal(lines[1].text, "quickly fox jumps");
}

static void
forced_word_break(void **state)
{
	struct doc *doc = mkdoc();
	size_t n;

	(void)state;
	para(doc, "abcdefghijklmnopqrstuvwxyz");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "abcdefghijklmnopqrst");
	assert_string_equal(lines[1].text, "uvwxyz");
}

static void
forced_break_kinsoku(void **state)
{
	struct doc *doc = mkdoc();
	size_t n;

	(void)state;
	/* No opportunity before "bb": the cut would put "," first. */
	para(doc, "aaaaaaaaaaaaaaaaaaaa,bbbb");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "aaaaaaaaaaaaaaaaaaa");
	assert_string_equal(lines[1].text, "a,bbbb");
}

static void
newline_forced(void **state)
{
	struct doc *doc = mkdoc();
	size_t n;

	(void)state;
	para(doc, "甲乙\n丙丁");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "甲乙");
	assert_string_equal(lines[1].text, "丙丁");
	/* Baselines: ascent 8, then 1.5 x 10 apart. */
	assert_float_equal(lines[0].y, FY + 8, 1e-9);
	assert_float_equal(lines[1].y, FY + 23, 1e-9);
}

/*
 * Every mandatory break of UAX #14 (LF, CR LF, CR, VT, FF, NEL, LS, PS)
 * ends a line, also in a text short enough for one line; one at the very
 * end adds nothing.
 */
static void
mandatory_breaks(void **state)
{
	static const char *const texts[] = {
	    "甲乙\n丙丁",       "甲乙\r\n丙丁",       "甲乙\r丙丁",
	    "甲乙\v丙丁",       "甲乙\f丙丁",          "甲乙\xc2\x85丙丁",
	    "甲乙\xe2\x80\xa8丙丁", "甲乙\xe2\x80\xa9丙丁",
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct doc *doc = mkdoc();

		para(doc, texts[i]);
		n = run(doc, lines, 8);
		assert_int_equal(n, 2);
		assert_string_equal(lines[0].text, "甲乙");
		assert_string_equal(lines[1].text, "丙丁");
	}
	{
		struct doc *doc = mkdoc();

		para(doc, "甲乙丙丁\n");
		n = run(doc, lines, 8);
		assert_int_equal(n, 1);
		assert_string_equal(lines[0].text, "甲乙丙丁");
	}
}

static void
ideographic_space(void **state)
{
	struct doc *doc = mkdoc();
	size_t n;

	(void)state;
	/* Kept at the paragraph start, dropped after a soft break. */
	para(doc, "\xe3\x80\x80\xe3\x80\x80一二三四五六七八\xe3\x80\x80九十");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text,
	    "\xe3\x80\x80\xe3\x80\x80一二三四五六七八");
	assert_string_equal(lines[1].text, "九十");
	assert_float_equal(lines[1].x, FX, 1e-9);
}

static void
trailing_space_trimmed(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *p;
	size_t n;

	(void)state;
	p = para(doc, "aaaa bbbbbbbbbbbbbbb cc");
	p->u.para.align = DOC_ALIGN_RIGHT;
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0].text, "aaaa bbbbbbbbbbbbbbb");
	assert_string_equal(lines[1].text, "cc");
	/* Right-aligned without the space: 2 letters = 10 pt. */
	assert_float_equal(lines[1].x, FX + 90, 1e-9);
}

static void
alignment(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *p;
	size_t n;

	(void)state;
	para(doc, "左边");
	p = para(doc, "中间");
	p->u.para.align = DOC_ALIGN_CENTER;
	p = para(doc, "右边");
	p->u.para.align = DOC_ALIGN_RIGHT;
	p = para(doc, "缩进");
	p->u.para.indent_pt = 10;
	p->u.para.first_indent_pt = 20;
	n = run(doc, lines, 8);
	assert_int_equal(n, 4);
	assert_float_equal(lines[0].x, FX, 1e-9);
	assert_float_equal(lines[1].x, FX + 40, 1e-9);
	assert_float_equal(lines[2].x, FX + 80, 1e-9);
	assert_float_equal(lines[3].x, FX + 30, 1e-9);
}

static void
justify(void **state)
{
	struct doc *doc = mkdoc();
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd;
	struct doc_node *p;
	const struct page *pg;
	size_t i, ntext = 0;

	(void)state;
	/* 105 pt: ten characters leave 5 pt to spread over 9 gaps. */
	doc->page_width_pt = 145;
	p = para(doc, "一二三四五六七八九十一二三四五六七八九十一二三");
	p->u.para.justify = 1;
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	pg = &pd->pages[0];
	for (i = 0; i < pg->nitems; i++) {
		const struct page_text *t = &pg->items[i].u.text;

		if (pg->items[i].kind != PAGE_TEXT)
			continue;
		ntext++;
		if (ntext <= 2) {
			assert_float_equal(100 + 9 * t->char_space_pt, 105,
			    1e-9);
			assert_int_equal(t->len, 30);
		} else {
			assert_float_equal(t->char_space_pt, 0, 1e-12);
			assert_int_equal(t->len, 9);
		}
	}
	assert_int_equal(ntext, 3);
	page_doc_free(pd);
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
}

static void
justify_latin_untouched(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *p;
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd;
	size_t i;

	(void)state;
	p = para(doc, "the lazy brown quick fox jumps");
	p->u.para.justify = 1;
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	for (i = 0; i < pd->pages[0].nitems; i++)
		assert_float_equal(pd->pages[0].items[i].u.text.char_space_pt,
		    0, 1e-12);
	page_doc_free(pd);
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
}

static void
runs_by_style(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *p;
	struct doc_style bold = doc->base;
	size_t n;

	(void)state;
	bold.bold = 1;
	p = doc_add(doc, doc->body, DOC_PARA);
	doc_add_span(doc, p, DOC_SPAN_TEXT, "姓名：", NULL);
	doc_add_span(doc, p, DOC_SPAN_TEXT, "张三", &bold);
	doc_add_span(doc, p, DOC_SPAN_TEXT, "先生", NULL);
	n = run(doc, lines, 8);
	assert_int_equal(n, 1);
	assert_int_equal(lines[0].nitems, 3);
	assert_string_equal(lines[0].text, "姓名：张三先生");
}

static void
mixed_sizes(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *p;
	struct doc_style big = doc->base;
	size_t n;

	(void)state;
	big.size_pt = 20;
	p = doc_add(doc, doc->body, DOC_PARA);
	doc_add_span(doc, p, DOC_SPAN_TEXT, "小", NULL);
	doc_add_span(doc, p, DOC_SPAN_TEXT, "大", &big);
	para(doc, "下");
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	/* Baseline at the larger ascent; line height 1.5 x 20. */
	assert_float_equal(lines[0].y, FY + 16, 1e-9);
	assert_float_equal(lines[1].y, FY + 30 + 8, 1e-9);
}

static void
numbering(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *p;
	size_t n;

	(void)state;
	p = para(doc, "第一条内容比较长需要换到下一行");
	p->u.para.number = 3;
	p->u.para.indent_pt = 20;
	n = run(doc, lines, 8);
	assert_int_equal(n, 2);
	/* "3." is 10 pt, ending a quarter em before the text. */
	assert_string_equal(lines[0].text, "3.第一条内容比较长");
	assert_float_equal(lines[0].x, FX + 20 - 10 - 2.5, 1e-9);
	assert_float_equal(lines[1].x, FX + 20, 1e-9);
}

/*
 * Regression (found by tests/fuzz/fuzz_layout.c): invalid UTF-8 reaching
 * layout made libunibreak abort on an assertion. It is now reported once
 * per node, naming the record, and nothing is drawn.
 */
static void
invalid_utf8(void **state)
{
	struct doc *doc = mkdoc();
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct doc_node *p;

	(void)state;
	p = para(doc, "\xe7\xac\xac\xe4\xb8\x80\x80\xe7\xab\xa0\xef\xbc"
	    "\x8c\xff\xff\x8c\xe7\xac?\xe4\xbc\xef\xab\x80\xa0\xe6\x80"
	    "\xe5\xbb");
	p->pos.file = "payslip.xml";
	p->pos.line = 9;
	p->record = "employee E0007";
	assert_null(layout_run(doc, fs, d));
	assert_true(diag_has(d, DIAG_BIND_UTF8));
	assert_int_equal(diag_errors(d), 1);
	assert_non_null(strstr(diag_text(d), "payslip.xml:9: error: invalid "
	    "UTF-8 in data: text byte 7 in employee E0007"));
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
}

/*
 * Regression (found by tests/fuzz/fuzz_layout.c in CI): libunibreak 1.x
 * takes U+FFFF for its end-of-string mark and aborted on it in the middle
 * of a text. Noncharacters are now laid out like any character (a real
 * font has no glyph for them: that is DIAG_LAYOUT_GLYPH, tested below).
 */
static void
noncharacter(void **state)
{
	struct doc *doc = mkdoc();
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd;
	struct doc_node *p;
	char all[64] = "";
	size_t i;

	(void)state;
	p = para(doc, "\xe7\xac\xac\xef\xbf\xbf\xef\xbf\xbf"
	    "\xe4\xb8\x80\xef\xbf\xbe");
	p->pos.file = "payslip.xml";
	p->pos.line = 11;
	p->record = "employee E0003";
	/* the fake font has every character: laid out, text unchanged */
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	assert_int_equal(diag_errors(d), 0);
	for (i = 0; i < pd->pages[0].nitems; i++)
		if (pd->pages[0].items[i].kind == PAGE_TEXT)
			strncat(all, pd->pages[0].items[i].u.text.utf8,
			    sizeof(all) - strlen(all) - 1);
	assert_string_equal(all, "\xe7\xac\xac\xef\xbf\xbf\xef\xbf\xbf"
	    "\xe4\xb8\x80\xef\xbf\xbe");
	page_doc_free(pd);
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
}

static void
glyph_missing(void **state)
{
	struct doc *doc = mkdoc();
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct doc_node *p;
	const char *txt, *at;
	int count = 0;

	(void)state;
	p = para(doc, "员工\xee\x80\x80与\xee\x80\x80和\xee\x80\x81");
	p->pos.file = "payslip.xml";
	p->pos.line = 17;
	p->pos.col = 5;
	p->record = "employee E0012";
	assert_null(layout_run(doc, fs, d));
	assert_true(diag_has(d, DIAG_LAYOUT_GLYPH));
	assert_int_equal(diag_errors(d), 2);
	txt = diag_text(d);
	assert_non_null(strstr(txt, "payslip.xml:17:5"));
	assert_non_null(strstr(txt, "U+E000 \"\xee\x80\x80\" in employee "
	    "E0012"));
	assert_non_null(strstr(txt, "U+E001"));
	for (at = txt; (at = strstr(at, "U+E000")) != NULL; at++)
		count++;
	assert_int_equal(count, 1);
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
}

static void
empty_and_long(void **state)
{
	struct doc *doc = mkdoc();
	char *big = malloc(50000 * 3 + 1);
	size_t i, n;

	(void)state;
	/* An empty paragraph still takes a line. */
	para(doc, "");
	for (i = 0; i < 50000; i++)
		memcpy(big + 3 * i, "字", 3);
	big[50000 * 3] = '\0';
	para(doc, big);
	free(big);
	doc->page_height_pt = 200000;
	n = run(doc, lines, 8192);
	assert_int_equal(n, 5000);
	assert_float_equal(lines[0].y, FY + 15 + 8, 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinsoku_closing),
		cmocka_unit_test(kinsoku_opening),
		cmocka_unit_test(kinsoku_exact),
		cmocka_unit_test(numbers_whole),
		cmocka_unit_test(latin_words_whole),
		cmocka_unit_test(forced_word_break),
		cmocka_unit_test(forced_break_kinsoku),
		cmocka_unit_test(newline_forced),
		cmocka_unit_test(mandatory_breaks),
		cmocka_unit_test(ideographic_space),
		cmocka_unit_test(trailing_space_trimmed),
		cmocka_unit_test(alignment),
		cmocka_unit_test(justify),
		cmocka_unit_test(justify_latin_untouched),
		cmocka_unit_test(runs_by_style),
		cmocka_unit_test(mixed_sizes),
		cmocka_unit_test(numbering),
		cmocka_unit_test(glyph_missing),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(noncharacter),
		cmocka_unit_test(empty_and_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
