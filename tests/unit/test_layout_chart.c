/* SPDX-License-Identifier: MIT */
/*
 * Charts, organisation charts and N-up slots through layout_run() with the
 * fake monospace font: axis ticks, bars proportional to their values, gaps
 * for missing values, layering with two superiors, boxes that never overlap,
 * every reporting line drawn, slot positions, cut lines and too-tall units.
 */
#include <math.h>
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
#include "layout_int.h"
#include "page.h"
#include "xmem.h"

#define BAR_RGB 0x112233
#define OUT_RGB 0x445566

static struct doc *
mkdoc(void)
{
	struct doc *doc = doc_new();

	doc->page_width_pt = 400;
	doc->page_height_pt = 400;
	doc->margin_left_pt = doc->margin_right_pt = 20;
	doc->margin_top_pt = doc->margin_bottom_pt = 20;
	doc->base.size_pt = 10;
	return doc;
}

/* Lay out; expect_ok says whether it must succeed. */
static struct page_doc *
run(struct doc *doc, int expect_ok)
{
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd = layout_run(doc, fs, d);

	if (expect_ok) {
		assert_non_null(pd);
		assert_int_equal(diag_errors(d), 0);
	} else {
		assert_null(pd);
		assert_true(diag_errors(d) > 0);
	}
	doc_free(doc);
	diag_free(d);
	fontset_free(fs);
	return pd;
}

static struct doc_node *
add_chart(struct doc *doc, enum doc_chart_type type, size_t np,
          size_t nseries)
{
	struct doc_node *n = doc_add(doc, doc->body, DOC_CHART);
	struct doc_chart *ch = &n->u.chart;
	size_t s;

	ch->type = type;
	ch->height_pt = 200;
	ch->npoints = np;
	ch->cats = arena_alloc(doc->arena, np * sizeof(*ch->cats));
	ch->nseries = nseries;
	ch->series = arena_alloc(doc->arena, nseries * sizeof(*ch->series));
	for (s = 0; s < nseries; s++)
		ch->series[s].values =
		    arena_alloc(doc->arena, np * sizeof(double));
	return n;
}

static void
test_axis(void **state)
{
	struct lay_axis ax;
	char buf[32];

	(void)state;
	layout_chart_axis(0, 93.7, 6, 0, 0, &ax);
	assert_true(ax.lo == 0 && ax.hi == 100 && ax.step == 20);
	assert_int_equal(ax.decimals, 0);
	layout_chart_axis(0, 30, 6, 1, 1, &ax);
	assert_true(ax.lo == 0 && ax.hi == 30 && ax.step == 10);
	layout_chart_axis(0, 11, 6, 0, 0, &ax);
	assert_true(ax.step == 2.5 && ax.hi == 12.5);
	assert_int_equal(ax.decimals, 1);
	layout_chart_tick(&ax, 7.5, buf, sizeof(buf));
	assert_string_equal(buf, "7.5");
	layout_chart_axis(-3, 4, 6, 0, 0, &ax);
	assert_true(ax.lo == -4 && ax.hi == 4 && ax.step == 2);
	layout_chart_tick(&ax, -4, buf, sizeof(buf));
	assert_string_equal(buf, "-4");
	/* No data: still a usable axis. */
	layout_chart_axis(0, 0, 6, 0, 0, &ax);
	assert_true(ax.hi > ax.lo && ax.step > 0);
}

/* Bars are value / axis-maximum of the plot width, from the zero line. */
static void
test_bar_proportional(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *n = add_chart(doc, DOC_CHART_BAR, 3, 2);
	struct doc_chart *ch = &n->u.chart;
	static const double pts[] = {22.5, 7, 30}, max[] = {30, 10, 30};
	const struct page_item *bars[3], *outs[3];
	double gx_min = 1e9, gx_max = -1e9;
	struct page_doc *pd;
	size_t i, nb = 0, no = 0, nticks = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		ch->cats[i] = i == 0 ? "整车销量" : "净利润";
		ch->series[0].values[i] = max[i];
		ch->series[1].values[i] = pts[i];
	}
	ch->series[0].outline = 1;
	ch->series[0].rgb = OUT_RGB;
	ch->series[1].rgb = BAR_RGB;
	ch->has_min = 1;
	ch->min = 0;
	pd = run(doc, 1);
	assert_int_equal(pd->npages, 1);
	for (i = 0; i < pd->pages[0].nitems; i++) {
		const struct page_item *it = &pd->pages[0].items[i];

		if (it->kind == PAGE_RECT && it->u.rect.fill &&
		    it->u.rect.fill_rgb == BAR_RGB && nb < 3)
			bars[nb++] = it;
		if (it->kind == PAGE_RECT && !it->u.rect.fill &&
		    it->u.rect.stroke_rgb == OUT_RGB && no < 3)
			outs[no++] = it;
		/* Gridlines: light vertical lines at the ticks. */
		if (it->kind == PAGE_LINE && it->u.line.rgb == 0xD9D9D9 &&
		    it->u.line.x1_pt == it->u.line.x2_pt) {
			gx_min = fmin(gx_min, it->u.line.x1_pt);
			gx_max = fmax(gx_max, it->u.line.x1_pt);
			nticks++;
		}
	}
	assert_int_equal(nb, 3);
	assert_int_equal(no, 3);
	/* 0..30 in steps of 10: 4 ticks. */
	assert_int_equal(nticks, 4);
	for (i = 0; i < 3; i++) {
		assert_true(fabs(bars[i]->u.rect.x_pt - gx_min) < 1e-9);
		assert_true(fabs(bars[i]->u.rect.w_pt / (gx_max - gx_min) -
		                 pts[i] / 30) < 1e-9);
		assert_true(fabs(outs[i]->u.rect.w_pt / (gx_max - gx_min) -
		                 max[i] / 30) < 1e-9);
		/* The bar sits inside its outline. */
		assert_true(bars[i]->u.rect.y_pt >= outs[i]->u.rect.y_pt - 1e-9);
		assert_true(bars[i]->u.rect.y_pt + bars[i]->u.rect.h_pt <=
		            outs[i]->u.rect.y_pt + outs[i]->u.rect.h_pt + 1e-9);
		if (i > 0)
			assert_true(bars[i]->u.rect.y_pt >
			            bars[i - 1]->u.rect.y_pt);
	}
	page_doc_free(pd);
}

/* A missing month is a gap in the line, not a drop to zero. */
static void
test_line_gap(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *n = add_chart(doc, DOC_CHART_LINE, 6, 1);
	struct doc_chart *ch = &n->u.chart;
	static const char *const cats[] = {"10月", "11月", "12月",
	                                   "1月",  "2月",  "3月"};
	static const char *labels[6] = {NULL, NULL, NULL, "88.6", "90.1",
	                                 "90.2"};
	struct page_doc *pd;
	size_t i, nseg = 0, nmark = 0, nlab = 0;
	double y_lo = 1e9;

	(void)state;
	for (i = 0; i < 6; i++) {
		ch->cats[i] = cats[i];
		ch->series[0].values[i] = i < 3 ? NAN : 88.6 + (double)i / 10;
	}
	ch->series[0].values[1] = 50; /* an isolated point: no segment */
	ch->series[0].labels = labels;
	ch->series[0].rgb = BAR_RGB;
	pd = run(doc, 1);
	for (i = 0; i < pd->pages[0].nitems; i++) {
		const struct page_item *it = &pd->pages[0].items[i];

		if (it->kind == PAGE_LINE && it->u.line.rgb == BAR_RGB) {
			nseg++;
			assert_true(it->u.line.x2_pt > it->u.line.x1_pt);
		}
		if (it->kind == PAGE_RECT && it->u.rect.fill_rgb == BAR_RGB) {
			nmark++;
			y_lo = fmin(y_lo, it->u.rect.y_pt);
		}
		if (it->kind == PAGE_TEXT &&
		    (strcmp(it->u.text.utf8, "88.6") == 0 ||
		     strcmp(it->u.text.utf8, "90.2") == 0))
			nlab++;
	}
	/* Months 4-5 and 5-6 joined; 2 stands alone; 1 and 3 are gaps. */
	assert_int_equal(nseg, 2);
	assert_int_equal(nmark, 4);
	assert_int_equal(nlab, 2);
	page_doc_free(pd);
}

/* A chart taller than the rest of the page moves whole to the next. */
static void
test_chart_not_split(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *sp = doc_add(doc, doc->body, DOC_SPACE);
	struct doc_node *n;
	struct page_doc *pd;

	(void)state;
	sp->u.height_pt = 250;
	doc_add_text(doc, doc->body, "前文", NULL);
	n = add_chart(doc, DOC_CHART_BAR, 1, 1);
	n->u.chart.cats[0] = "甲";
	n->u.chart.series[0].values[0] = 1;
	pd = run(doc, 1);
	assert_int_equal(pd->npages, 2);
	page_doc_free(pd);

	doc = mkdoc();
	n = add_chart(doc, DOC_CHART_BAR, 1, 1);
	n->u.chart.height_pt = 500;
	n->u.chart.cats[0] = "甲";
	n->u.chart.series[0].values[0] = 1;
	(void)run(doc, 0);
}

static struct doc_node *
add_org(struct doc *doc, size_t n)
{
	struct doc_node *x = doc_add(doc, doc->body, DOC_ORGCHART);

	x->u.org.nnodes = n;
	x->u.org.nodes = arena_alloc(doc->arena, n * sizeof(*x->u.org.nodes));
	return x;
}

static void
org_parents(struct doc *doc, struct doc_org_node *on, size_t a, size_t b,
            size_t n)
{
	on->parents = arena_alloc(doc->arena, 2 * sizeof(size_t));
	on->parents[0] = a;
	on->parents[1] = b;
	on->nparents = n;
}

/* Box (filled rectangle with an outline) whose text is label. */
static const struct page_rect *
box_of(const struct page *pg, const char *label)
{
	size_t i;

	for (i = 1; i < pg->nitems; i++)
		if (pg->items[i].kind == PAGE_TEXT &&
		    strcmp(pg->items[i].u.text.utf8, label) == 0 &&
		    pg->items[i - 1].kind == PAGE_RECT)
			return &pg->items[i - 1].u.rect;
	return NULL;
}

static int
on_edge(const struct page_rect *r, double x, double y)
{
	double e = 1e-6;

	return x >= r->x_pt - e && x <= r->x_pt + r->w_pt + e &&
	       y >= r->y_pt - e && y <= r->y_pt + r->h_pt + e &&
	       (fabs(x - r->x_pt) < e || fabs(x - r->x_pt - r->w_pt) < e ||
	        fabs(y - r->y_pt) < e || fabs(y - r->y_pt - r->h_pt) < e);
}

/* Lines of a style with an end on the edge of box r. */
static size_t
touching(const struct page *pg, const struct page_rect *r, int dashed)
{
	size_t i, n = 0;

	for (i = 0; i < pg->nitems; i++) {
		const struct page_line *l = &pg->items[i].u.line;

		if (pg->items[i].kind != PAGE_LINE || l->dashed != dashed)
			continue;
		n += on_edge(r, l->x1_pt, l->y1_pt) ||
		     on_edge(r, l->x2_pt, l->y2_pt);
	}
	return n;
}

/*
 * 总经理 → 副总, 站长; 站长 → 车间; 服务经理 reports to 站长 and 副总.
 * The two-superior box is below both, hangs solid from one and dashed from
 * the other; no two boxes overlap.
 */
static void
test_org_two_parents(void **state)
{
	static const char *const labels[] = {"总经理", "副总", "站长",
	                                     "服务经理", "车间", "顾问"};
	struct doc *doc = mkdoc();
	struct doc_node *x = add_org(doc, 6);
	struct doc_org_node *on = x->u.org.nodes;
	const struct page_rect *r[6];
	struct page_doc *pd;
	const struct page *pg;
	size_t i, j;

	(void)state;
	for (i = 0; i < 6; i++)
		on[i].label = labels[i];
	org_parents(doc, &on[1], 0, 0, 1);
	org_parents(doc, &on[2], 0, 0, 1);
	org_parents(doc, &on[3], 2, 1, 2);
	org_parents(doc, &on[4], 2, 0, 1);
	org_parents(doc, &on[5], 3, 0, 1);
	pd = run(doc, 1);
	assert_int_equal(pd->npages, 1);
	pg = &pd->pages[0];
	for (i = 0; i < 6; i++) {
		r[i] = box_of(pg, labels[i]);
		assert_non_null(r[i]);
	}
	for (i = 0; i < 6; i++)
		for (j = i + 1; j < 6; j++)
			assert_false(r[i]->x_pt < r[j]->x_pt + r[j]->w_pt &&
			             r[j]->x_pt < r[i]->x_pt + r[i]->w_pt &&
			             r[i]->y_pt < r[j]->y_pt + r[j]->h_pt &&
			             r[j]->y_pt < r[i]->y_pt + r[i]->h_pt);
	/* Layers: every superior above its subordinates. */
	assert_true(r[0]->y_pt < r[1]->y_pt && r[0]->y_pt < r[2]->y_pt);
	assert_true(r[3]->y_pt > r[1]->y_pt && r[3]->y_pt > r[2]->y_pt);
	assert_true(r[5]->y_pt > r[3]->y_pt);
	/* Every subordinate has a solid line arriving at its box. */
	for (i = 1; i < 6; i++)
		assert_true(touching(pg, r[i], 0) >= 1);
	/* The second superior: one dashed line from 副总 to 服务经理. */
	assert_int_equal(touching(pg, r[3], 1), 1);
	assert_int_equal(touching(pg, r[1], 1), 1);
	for (i = 0; i < 6; i++)
		if (i != 1 && i != 3)
			assert_int_equal(touching(pg, r[i], 1), 0);
	page_doc_free(pd);
}

/* 32 boxes in 7 branches shrink to fit a narrow frame, no overlaps. */
static void
test_org_fits(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *x = add_org(doc, 32);
	struct doc_org_node *on = x->u.org.nodes;
	const struct page *pg;
	struct page_doc *pd;
	size_t i, j, nbox = 0;
	const struct page_rect *r[32];

	(void)state;
	x->u.org.style.size_pt = 12;
	for (i = 0; i < 32; i++) {
		on[i].label = "岗位名称";
		if (i > 0)
			org_parents(doc, &on[i], i < 8 ? 0 : 1 + (i - 8) % 7,
			            0, 1);
	}
	pd = run(doc, 1);
	assert_int_equal(pd->npages, 1);
	pg = &pd->pages[0];
	for (i = 0; i < pg->nitems; i++) {
		const struct page_item *it = &pg->items[i];

		if (it->kind == PAGE_RECT && nbox < 32) {
			r[nbox++] = &it->u.rect;
			assert_true(it->u.rect.x_pt >= 20 - 1e-6);
			assert_true(it->u.rect.x_pt + it->u.rect.w_pt <=
			            380 + 1e-6);
			assert_true(it->u.rect.y_pt + it->u.rect.h_pt <=
			            380 + 1e-6);
		}
		if (it->kind == PAGE_TEXT)
			assert_true(it->u.text.size_pt >= 6 &&
			            it->u.text.size_pt < 12);
	}
	assert_int_equal(nbox, 32);
	for (i = 0; i < 32; i++)
		for (j = i + 1; j < 32; j++)
			assert_false(r[i]->x_pt < r[j]->x_pt + r[j]->w_pt &&
			             r[j]->x_pt < r[i]->x_pt + r[i]->w_pt &&
			             r[i]->y_pt < r[j]->y_pt + r[j]->h_pt &&
			             r[j]->y_pt < r[i]->y_pt + r[i]->h_pt);
	page_doc_free(pd);
}

/* Five units three a page: slots at thirds of the frame, cut lines. */
static void
test_nup_slots(void **state)
{
	struct doc *doc = mkdoc();
	static const char *const names[] = {"一号", "二号", "三号", "四号",
	                                    "五号"};
	struct page_doc *pd;
	size_t i, p;
	double slot = 360.0 / 3;

	(void)state;
	for (i = 0; i < 5; i++) {
		struct doc_node *b = doc_add(doc, doc->body, DOC_BLOCK);

		b->u.block.per_page = 3;
		doc_add_text(doc, b, names[i], NULL);
	}
	pd = run(doc, 1);
	assert_int_equal(pd->npages, 2);
	for (i = 0; i < 5; i++) {
		const struct page *pg = &pd->pages[i / 3];
		double top = 20 + slot * (double)(i % 3) +
		             (i % 3 > 0 ? 4 * 72.0 / 25.4 : 0);
		int found = 0;
		size_t k;

		for (k = 0; k < pg->nitems; k++)
			if (pg->items[k].kind == PAGE_TEXT &&
			    strcmp(pg->items[k].u.text.utf8, names[i]) == 0) {
				/* Baseline: slot top + ascent 0.8 em. */
				assert_true(fabs(pg->items[k].u.text.y_pt -
				                 (top + 8)) < 1e-6);
				found = 1;
			}
		assert_true(found);
	}
	for (p = 0; p < 2; p++) {
		size_t k, ncut = 0;

		for (k = 0; k < pd->pages[p].nitems; k++) {
			const struct page_item *it = &pd->pages[p].items[k];

			if (it->kind != PAGE_LINE || !it->u.line.dashed)
				continue;
			assert_true(fabs(it->u.line.y1_pt -
			                 (20 + slot * (double)(ncut + 1))) <
			            1e-6);
			ncut++;
		}
		/* Page 1: three units, two cuts; page 2: two units, two. */
		assert_int_equal(ncut, 2);
	}
	page_doc_free(pd);
}

/* A unit taller than its slot is an error. */
static void
test_nup_too_tall(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_node *b = doc_add(doc, doc->body, DOC_BLOCK);
	struct doc_node *sp;

	(void)state;
	b->u.block.per_page = 3;
	b->record = "employee E0009";
	doc_add_text(doc, b, "甲", NULL);
	sp = doc_add(doc, b, DOC_SPACE);
	sp->u.height_pt = 150;
	doc_add_text(doc, b, "乙", NULL);
	(void)run(doc, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_axis),
	    cmocka_unit_test(test_bar_proportional),
	    cmocka_unit_test(test_line_gap),
	    cmocka_unit_test(test_chart_not_split),
	    cmocka_unit_test(test_org_two_parents),
	    cmocka_unit_test(test_org_fits),
	    cmocka_unit_test(test_nup_slots),
	    cmocka_unit_test(test_nup_too_tall),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
