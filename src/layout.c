/* SPDX-License-Identifier: MIT */
/*
 * Flow and pagination: the blocks of a document tree are stacked into the
 * page frame, broken across pages, given headers and footers with resolved
 * page numbers, and the table of contents is repeated until its page numbers
 * settle. Produces a page_doc (page.h).
 */
#include "layout.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "layout_int.h"
#include "page.h"
#include "xmem.h"

/* A table of contents that still moves after this many passes is an error. */
#define LAY_MAX_PASSES 4

/* Centre of CJK glyphs above the baseline, as a share of the size. */
#define LAY_GLYPH_MIDDLE 0.38

/*
 * The watermark, first on the page so that everything else covers it:
 * its text is laid out along a horizontal baseline through the origin,
 * then each run is turned about the page centre.
 */
static void
add_watermark(struct layout *lay, size_t page)
{
	const struct doc_watermark *wm = lay->doc->watermark;
	const struct doc_span *sp = wm->para->u.para.spans;
	double a = wm->angle_deg * M_PI / 180, c = cos(a), s = sin(a);
	double cx = lay->doc->page_width_pt / 2;
	double cy = lay->doc->page_height_pt / 2;
	double w, dy;
	size_t i, first = lay->pd->pages[page].nitems;

	if (sp == NULL || sp->text == NULL || *sp->text == '\0')
		return;
	w = layout_text_run(lay, wm->para, sp->text, &sp->style, 0, 0, 0, 0);
	layout_text_run(lay, wm->para, sp->text, &sp->style, 1, page, 0, 0);
	dy = LAY_GLYPH_MIDDLE * sp->style.size_pt;
	for (i = first; i < lay->pd->pages[page].nitems; i++) {
		struct page_text *t = &lay->pd->pages[page].items[i].u.text;
		double dx = t->x_pt - w / 2;

		/* y grows downwards: a turn counter-clockwise on paper */
		t->x_pt = cx + dx * c + dy * s;
		t->y_pt = cy - dx * s + dy * c;
		t->angle_deg = wm->angle_deg;
		t->artifact = 1;
	}
}

static void
add_page(struct layout *lay)
{
	size_t n = lay->pd->npages;

	page_add(lay->pd, lay->doc->page_width_pt, lay->doc->page_height_pt);
	lay->pinfo =
	    xgrow(lay->pinfo, &lay->pinfo_cap, n + 1, sizeof(*lay->pinfo));
	lay->pinfo[n].unit = lay->unit;
	lay->pinfo[n].running = lay->running;
	lay->pinfo[n].plain = 0;
	if (lay->doc->watermark != NULL)
		add_watermark(lay, n);
}

/*
 * Size of an image in a flow avail_w wide: the asked size with the file's
 * aspect ratio kept (doc.h), shrunk to avail_w if wider.
 */
static void
layout_image_size(const struct doc_image *im, double avail_w, double *w_pt,
                  double *h_pt)
{
	double ratio = (double)im->png->height_px / im->png->width_px;
	double w, h;

	if (im->width_pt > 0 && im->height_pt > 0) {
		w = im->width_pt;
		h = w * ratio;
		if (h > im->height_pt) {
			h = im->height_pt;
			w = h / ratio;
		}
	} else if (im->width_pt > 0) {
		w = im->width_pt;
		h = w * ratio;
	} else if (im->height_pt > 0) {
		h = im->height_pt;
		w = h / ratio;
	} else {
		/* 96 pixels an inch, as screens show a picture */
		w = im->png->width_px * 0.75;
		h = im->png->height_px * 0.75;
	}
	if (avail_w > 0 && w > avail_w + LAY_EPS) {
		w = avail_w;
		h = w * ratio;
	}
	*w_pt = w;
	*h_pt = h;
}

/*
 * A block image takes its height in the flow; an overlay takes none and
 * is drawn over the end of the content before it (a seal over the
 * signature it certifies), after that content, so on top of it.
 */
static void
flow_image(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	const struct doc_image *im = &n->u.image;
	struct page_item *it;
	double w, h, x, y;
	size_t page;

	layout_image_size(im, f->w, &w, &h);
	if (im->overlay) {
		if (f->mode == LAY_DRY)
			return;
		page = f->has_last ? f->last_page : f->page;
		y = (f->has_last ? f->last_bottom : f->y) +
		    (im->has_y ? im->y_pt : -h);
	} else {
		layout_flow_need(lay, f, h);
		page = f->page;
		y = f->y;
		if (f->first_base < 0)
			f->first_base = f->y + h;
		f->y += h;
		f->fresh = 0;
		if (f->mode == LAY_DRY)
			return;
	}
	if (im->overlay && im->has_x)
		x = f->x + im->x_pt;
	else if (im->align == DOC_ALIGN_CENTER)
		x = f->x + (f->w - w) / 2;
	else if (im->align == DOC_ALIGN_RIGHT)
		x = f->x + f->w - w;
	else
		x = f->x;
	it = page_add_item(lay->pd, page, PAGE_IMAGE);
	it->u.image.x_pt = x;
	it->u.image.y_pt = y;
	it->u.image.w_pt = w;
	it->u.image.h_pt = h;
	it->u.image.opacity = im->opacity;
	it->u.image.png = page_add_png(lay->pd, im->png->data, im->png->len,
	                               im->png->width_px, im->png->height_px);
}

void
layout_flow_newpage(struct layout *lay, struct lay_flow *f)
{
	assert(f->mode == LAY_FLOW);
	f->page++;
	if (f->page >= lay->pd->npages)
		add_page(lay);
	f->y = lay->frame_y;
	f->fresh = 1;
}

void
layout_flush_marks(struct layout *lay, const struct lay_flow *f)
{
	size_t i;

	if (f->mode == LAY_DRY)
		return;
	for (i = 0; i < lay->npending; i++) {
		struct lay_mark *m = &lay->marks[lay->pending[i]];

		if (m->seen)
			continue;
		m->seen = 1;
		m->page = f->page;
		m->y_pt = f->y;
	}
	lay->npending = 0;
}

void
layout_flow_need(struct layout *lay, struct lay_flow *f, double h)
{
	if (f->mode == LAY_FLOW && !f->fresh &&
	    f->y + h > lay->frame_bottom + LAY_EPS)
		layout_flow_newpage(lay, f);
	layout_flush_marks(lay, f);
}

/* Page numbers as the body sees them at the current position. */
static void
body_numbers(const struct layout *lay, const struct lay_flow *f,
             struct lay_numbers *nums)
{
	if (f->nums != NULL) {
		*nums = *f->nums;
		return;
	}
	nums->page = (long)(f->page - lay->unit_first) + 1;
	nums->pages = 0;
	if (lay->unit < lay->nunit_pages)
		nums->pages = lay->unit_pages[lay->unit];
	nums->running = f->page < lay->pd->npages ? lay->pinfo[f->page].running
	                                          : lay->running;
}

static const struct doc_style *
first_style(const struct layout *lay, const struct doc_span *spans)
{
	return spans != NULL ? &spans->style : &lay->doc->base;
}

static void
place_lines(struct layout *lay, struct lay_flow *f, double x_first,
            double x_rest)
{
	size_t i;

	for (i = 0; i < lay->para.nlines; i++) {
		const struct lt_line *l = &lay->para.lines[i];

		layout_flow_need(lay, f, l->height_pt);
		if (f->mode != LAY_DRY)
			layout_text_emit(lay, f->page, i,
			                 i == 0 ? x_first : x_rest, f->y);
		if (f->first_base < 0)
			f->first_base = f->y + l->ascent_pt;
		f->y += l->height_pt;
		f->fresh = 0;
	}
}

static void
flow_para(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	const struct doc_para *pa = &n->u.para;
	const struct doc_style *st = first_style(lay, pa->spans);
	const struct doc_span *sp;
	struct lay_numbers nums;
	enum doc_align align =
	    pa->align != DOC_ALIGN_LEFT ? pa->align : f->align;
	double x = f->x + pa->indent_pt, y_first, base;
	size_t page_first;

	if (f->nums == NULL)
		for (sp = pa->spans; sp != NULL; sp = sp->next)
			if (sp->kind == DOC_SPAN_PAGES)
				lay->uses_pages = 1;
	body_numbers(lay, f, &nums);
	layout_text_prepare(lay, n, pa->spans, &nums);
	layout_text_break(lay, n, f->w - pa->indent_pt - pa->first_indent_pt,
	                  f->w - pa->indent_pt, align, pa->justify,
	                  pa->line_height, st->size_pt);
	/* Where the first line lands decides where the label goes. */
	layout_flow_need(lay, f, lay->para.lines[0].height_pt);
	y_first = f->y;
	page_first = f->page;
	base = y_first + lay->para.lines[0].ascent_pt;
	place_lines(lay, f, x + pa->first_indent_pt, x);
	if (pa->number > 0 && f->mode != LAY_DRY) {
		char label[32];
		double w, lx;

		snprintf(label, sizeof(label), "%d.", pa->number);
		w = layout_text_run(lay, n, label, st, 0, 0, 0, 0);
		lx = x + pa->first_indent_pt - w - st->size_pt / 4;
		if (lx < f->x)
			lx = f->x;
		layout_text_run(lay, n, label, st, 1, page_first, lx, base);
	}
}

/*
 * A row of signature fields: each label is followed by a ruled line to sign
 * on, and under it a "日期：  年  月  日" line, as on paper forms.
 */
static void
flow_signatures(struct layout *lay, struct lay_flow *f,
                const struct doc_node *n)
{
	const struct doc_para *pa = &n->u.para;
	const struct doc_span *sp;
	size_t count = 0, k;
	double size = 0, lh, h, colw, asc, gap;

	for (sp = pa->spans; sp != NULL; sp = sp->next) {
		count++;
		if (sp->style.size_pt > size)
			size = sp->style.size_pt;
	}
	if (count == 0)
		return;
	lh = pa->line_height * size;
	gap = size;
	h = 2 * lh + size;
	asc = layout_text_ascent(lay, size);
	colw = f->w / (double)count;
	layout_flow_need(lay, f, h);
	if (f->first_base < 0)
		f->first_base = f->y + asc;
	for (sp = pa->spans, k = 0; sp != NULL && f->mode != LAY_DRY;
	     sp = sp->next, k++) {
		static const char *const ymd[] = {"年", "月", "日"};
		double x0 = f->x + colw * (double)k;
		double right = x0 + colw - (k + 1 < count ? gap : 0);
		double b1 = f->y + asc, b2 = f->y + lh + size + asc;
		double w, x, seg;
		int i;

		w = layout_text_run(lay, n, sp->text ? sp->text : "",
		                    &sp->style, 1, f->page, x0, b1);
		if (x0 + w + 2 < right)
			layout_draw_line(lay, f->page, x0 + w + 2, b1 + 2,
			                 right, b1 + 2, 0.5, 0x000000, 0);
		w = layout_text_run(lay, n, "日期：", &sp->style, 1, f->page,
		                    x0, b2);
		/* Three blanks for year (wider), month and day. */
		x = x0 + w;
		seg = (right - x - 3 * sp->style.size_pt) / 4;
		if (seg < sp->style.size_pt)
			seg = sp->style.size_pt;
		for (i = 0; i < 3; i++) {
			double len = i == 0 ? 2 * seg : seg;

			layout_draw_line(lay, f->page, x + 1, b2 + 2,
			                 x + len - 1, b2 + 2, 0.5, 0x000000, 0);
			x += len;
			x += layout_text_run(lay, n, ymd[i], &sp->style, 1,
			                     f->page, x, b2);
		}
	}
	f->y += h;
	f->fresh = 0;
}

static void
flow_toc(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	const struct doc_style *st = &lay->doc->base;
	struct lay_numbers nums = {1, 1, NULL};
	size_t i;

	lay->has_toc = 1;
	for (i = 0; i < lay->nmarks; i++) {
		const struct lay_mark *m = &lay->marks[i];
		const struct doc_block *b = &m->node->u.block;
		struct doc_span span;
		char num[32];
		double indent = b->bookmark_level * 2 * st->size_pt;
		double numw, right = f->x + f->w, gap = st->size_pt / 2;
		size_t li;

		if (!b->toc)
			continue;
		/* The first pass does not know the pages: same width class. */
		if (lay->pass == 0)
			snprintf(num, sizeof(num), "00");
		else
			snprintf(num, sizeof(num), "%zu", m->prev_page + 1);
		numw = layout_text_run(lay, n, num, st, 0, 0, 0, 0);
		memset(&span, 0, sizeof(span));
		span.kind = DOC_SPAN_TEXT;
		span.text = b->bookmark;
		span.style = *st;
		layout_text_prepare(lay, n, &span, &nums);
		layout_text_break(
		    lay, n, f->w - indent - numw - 2 * gap,
		    f->w - indent - numw - 2 * gap, DOC_ALIGN_LEFT, 0,
		    n->u.para.line_height > 0 ? n->u.para.line_height : 1.5,
		    st->size_pt);
		for (li = 0; li < lay->para.nlines; li++) {
			const struct lt_line *l = &lay->para.lines[li];
			struct page_item *it;
			double base, from, to, dotw;

			layout_flow_need(lay, f, l->height_pt);
			if (f->first_base < 0)
				f->first_base = f->y + l->ascent_pt;
			if (f->mode == LAY_DRY) {
				f->y += l->height_pt;
				f->fresh = 0;
				continue;
			}
			layout_text_emit(lay, f->page, li, f->x + indent, f->y);
			base = f->y + l->ascent_pt;
			it = page_add_item(lay->pd, f->page, PAGE_LINK);
			it->u.link.x_pt = f->x;
			it->u.link.y_pt = f->y;
			it->u.link.w_pt = f->w;
			it->u.link.h_pt = l->height_pt;
			it->u.link.target_page =
			    lay->pass > 0 ? m->prev_page : 0;
			it->u.link.target_y_pt =
			    lay->pass > 0 ? m->prev_y_pt : 0;
			if (li + 1 == lay->para.nlines) {
				char dots[512];
				size_t nd, k;

				from = f->x + indent + l->width_pt + gap;
				to = right - numw - gap;
				dotw = layout_text_run(lay, n, ".", st, 0, 0, 0,
				                       0);
				nd = dotw > 0 && to > from
				         ? (size_t)((to - from) / dotw)
				         : 0;
				if (nd >= sizeof(dots))
					nd = sizeof(dots) - 1;
				for (k = 0; k < nd; k++)
					dots[k] = '.';
				dots[nd] = '\0';
				if (nd > 0)
					layout_text_run(
					    lay, n, dots, st, 1, f->page,
					    to - (double)nd * dotw, base);
				layout_text_run(lay, n, num, st, 1, f->page,
				                right - numw, base);
			}
			f->y += l->height_pt;
			f->fresh = 0;
		}
	}
}

static void
flow_node(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_PARA:
		flow_para(lay, f, n);
		break;
	case DOC_SIGNATURES:
		flow_signatures(lay, f, n);
		break;
	case DOC_TABLE:
		layout_table(lay, f, n);
		break;
	case DOC_SPACE:
		f->y += n->u.height_pt;
		break;
	case DOC_RULE:
		layout_flow_need(lay, f, n->u.height_pt);
		if (f->mode != LAY_DRY)
			layout_draw_line(lay, f->page, f->x,
			                 f->y + n->u.height_pt / 2, f->x + f->w,
			                 f->y + n->u.height_pt / 2,
			                 n->u.height_pt, 0x000000, 0);
		f->y += n->u.height_pt;
		f->fresh = 0;
		break;
	case DOC_PAGEBREAK:
		if (f->mode == LAY_FLOW && !f->fresh)
			layout_flow_newpage(lay, f);
		break;
	case DOC_TOC:
		flow_toc(lay, f, n);
		break;
	case DOC_CHART:
		layout_chart(lay, f, n);
		break;
	case DOC_ORGCHART:
		layout_orgchart(lay, f, n);
		break;
	case DOC_IMAGE:
		flow_image(lay, f, n);
		break;
	case DOC_BLOCK:
	case DOC_ROW:
	case DOC_CELL:
		/* Blocks are walked by layout_flow_list; rows outside a table
		 * have no columns to go into. */
		break;
	}
}

static void
space(const struct layout *lay, struct lay_flow *f, double h)
{
	/* Space is dropped at the top of a page. */
	if (f->mode == LAY_FLOW && f->fresh && f->y <= lay->frame_y + LAY_EPS)
		return;
	f->y += h;
}

static int
mark_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(const struct lay_mark *const *)a)->node;
	uintptr_t y = (uintptr_t)(*(const struct lay_mark *const *)b)->node;

	return x < y ? -1 : x > y;
}

static void
mark_pending(struct layout *lay, const struct doc_node *n)
{
	struct lay_mark key, *kp = &key;
	const struct lay_mark **hit;

	key.node = n;
	hit = bsearch(&kp, lay->by_node, lay->nmarks, sizeof(*lay->by_node),
	              mark_cmp);
	if (hit == NULL)
		return;
	lay->pending = xgrow(lay->pending, &lay->pending_cap, lay->npending + 1,
	                     sizeof(*lay->pending));
	lay->pending[lay->npending++] = (size_t)(*hit - lay->marks);
}

static double
measure(struct layout *lay, const struct lay_flow *f,
        const struct doc_node *first)
{
	struct lay_flow m = *f;

	m.mode = LAY_DRY;
	m.y = 0;
	m.fresh = 0;
	m.first_base = -1;
	layout_flow_list(lay, &m, first);
	return m.y;
}

/* Page breaks, units, keep-together and bookmarks at the start of a block. */
static void
block_start(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	const struct doc_block *b = &n->u.block;
	int body = f->nums == NULL && f->mode != LAY_DRY;

	if (f->mode == LAY_FLOW &&
	    (b->page_break_before || (b->restart_pages && body)) && !f->fresh)
		layout_flow_newpage(lay, f);
	if (body && f->mode == LAY_FLOW && b->restart_pages) {
		lay->unit++;
		lay->unit_first = f->page;
		lay->pinfo[f->page].unit = lay->unit;
	}
	space(lay, f, n->space_before_pt);
	if (f->mode == LAY_FLOW && b->keep_together && !f->fresh) {
		double h = measure(lay, f, n->child);

		if (f->y + h > lay->frame_bottom + LAY_EPS &&
		    h <= lay->frame_h + LAY_EPS)
			layout_flow_newpage(lay, f);
	}
	if (body && b->plain)
		lay->pinfo[f->page].plain = 1;
	if (body && b->running != NULL) {
		lay->running = b->running;
		lay->pinfo[f->page].running = b->running;
	}
	if (body && b->bookmark != NULL)
		mark_pending(lay, n);
}

/* Gap between a slot's content and a cut line. */
#define LAY_SLOT_GAP (4 * 72.0 / 25.4)

/*
 * N-up: the block takes the next of per_page equal slots of the frame,
 * a dashed cut line under it when another slot follows on the page. Its
 * content is placed without page breaks; content taller than the slot is
 * an error naming the record.
 */
static void
flow_slot(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	int per = n->u.block.per_page, slot = 0;
	double slot_h = lay->frame_h / per, top, bottom, h;
	struct lay_flow cf;
	struct page_item *it;

	if (lay->slot_next == n && lay->slot_page == f->page && lay->slot < per)
		slot = lay->slot;
	else if (!f->fresh)
		layout_flow_newpage(lay, f);
	top = lay->frame_y + slot_h * slot;
	bottom = top + slot_h;
	if (slot > 0)
		top += LAY_SLOT_GAP;
	if (slot + 1 < per)
		bottom -= LAY_SLOT_GAP;
	h = n->space_before_pt + measure(lay, f, n->child);
	if (h > bottom - top + LAY_EPS)
		diag_report(lay->d, DIAG_LAYOUT_SLOT, &n->pos,
		            "%.1f pt of content in a %.1f pt slot (%d a "
		            "page)%s%s",
		            h, bottom - top, per, n->record ? " in " : "",
		            n->record ? n->record : "");
	cf = *f;
	cf.mode = LAY_FIXED;
	cf.y = top;
	cf.fresh = 0;
	block_start(lay, &cf, n);
	layout_flush_marks(lay, &cf);
	layout_flow_list(lay, &cf, n->child);
	layout_flush_marks(lay, &cf);
	if (f->first_base < 0)
		f->first_base = cf.first_base;
	if (slot + 1 < per) {
		it = page_add_item(lay->pd, f->page, PAGE_LINE);
		it->u.line.x1_pt = lay->frame_x;
		it->u.line.x2_pt = lay->frame_x + lay->frame_w;
		it->u.line.y1_pt = it->u.line.y2_pt =
		    top - (slot > 0 ? LAY_SLOT_GAP : 0) + slot_h;
		it->u.line.width_pt = 0.5;
		it->u.line.rgb = 0x808080;
		it->u.line.dashed = 1;
	}
	f->y = lay->frame_y + slot_h * (slot + 1);
	f->fresh = 0;
	lay->slot_next = n->next;
	lay->slot_page = f->page;
	lay->slot = slot + 1;
	if (lay->slot >= per)
		lay->slot_next = NULL;
}

void
layout_flow_list(struct layout *lay, struct lay_flow *f,
                 const struct doc_node *first)
{
	const struct doc_node **stack = NULL, *n = first;
	size_t sp = 0, cap = 0;

	/* Nested blocks use an explicit stack: nesting depth is data. */
	for (;;) {
		if (n == NULL) {
			const struct doc_node *blk;

			if (sp == 0)
				break;
			blk = stack[--sp];
			layout_flush_marks(lay, f);
			f->has_last = 1;
			f->last_page = f->page;
			f->last_bottom = f->y;
			f->y += blk->space_after_pt;
			n = blk->next;
			continue;
		}
		if (n->kind == DOC_BLOCK && n->u.block.per_page > 0 &&
		    f->mode == LAY_FLOW && f->nums == NULL) {
			flow_slot(lay, f, n);
			n = n->next;
			continue;
		}
		if (n->kind == DOC_BLOCK) {
			block_start(lay, f, n);
			stack = xgrow(stack, &cap, sp + 1, sizeof(*stack));
			stack[sp++] = n;
			n = n->child;
			continue;
		}
		if (n->kind == DOC_IMAGE && n->u.image.overlay) {
			flow_image(lay, f, n);
			n = n->next;
			continue;
		}
		space(lay, f, n->space_before_pt);
		flow_node(lay, f, n);
		f->has_last = 1;
		f->last_page = f->page;
		f->last_bottom = f->y;
		f->y += n->space_after_pt;
		n = n->next;
	}
	free(stack);
}

/* Header and footer of page p, with its numbers resolved. */
static void
decorate(struct layout *lay, size_t p, const struct lay_numbers *nums)
{
	struct lay_flow f;

	memset(&f, 0, sizeof(f));
	f.page = p;
	f.x = lay->frame_x;
	f.w = lay->frame_w;
	f.nums = nums;
	f.align = DOC_ALIGN_LEFT;
	if (lay->doc->header != NULL) {
		double h;

		f.mode = LAY_DRY;
		f.y = 0;
		f.first_base = -1;
		layout_flow_list(lay, &f, lay->doc->header);
		h = f.y;
		f.mode = LAY_FIXED;
		f.y = lay->frame_y - lay->doc->header_gap_pt - h;
		layout_flow_list(lay, &f, lay->doc->header);
	}
	if (lay->doc->footer != NULL) {
		double base;

		f.mode = LAY_DRY;
		f.y = 0;
		f.first_base = -1;
		layout_flow_list(lay, &f, lay->doc->footer);
		base = f.first_base > 0 ? f.first_base : 0;
		f.mode = LAY_FIXED;
		f.y = lay->frame_bottom + lay->doc->footer_gap_pt - base;
		layout_flow_list(lay, &f, lay->doc->footer);
	}
}

/* Pages per unit of the finished pass (xmalloc'd, *n entries). */
static long *
count_units(const struct layout *lay, size_t *n)
{
	long *t;
	size_t p;

	*n = lay->unit + 1;
	t = xcalloc(*n, sizeof(*t));
	for (p = 0; p < lay->pd->npages; p++)
		t[lay->pinfo[p].unit]++;
	return t;
}

static void
one_pass(struct layout *lay)
{
	const struct doc *doc = lay->doc;
	struct lay_flow f;
	size_t p, i, first = 0, nunits;
	long *units;

	lay->pd = page_doc_new();
	lay->unit = 0;
	lay->unit_first = 0;
	lay->running = NULL;
	lay->npending = 0;
	lay->slot_next = NULL;
	for (i = 0; i < lay->nmarks; i++)
		lay->marks[i].seen = 0;
	add_page(lay);

	memset(&f, 0, sizeof(f));
	f.mode = LAY_FLOW;
	f.x = lay->frame_x;
	f.y = lay->frame_y;
	f.w = lay->frame_w;
	f.fresh = 1;
	f.first_base = -1;
	f.align = DOC_ALIGN_LEFT;
	layout_flow_list(lay, &f, doc->body);
	layout_flush_marks(lay, &f);

	units = count_units(lay, &nunits);
	for (p = 0; p < lay->pd->npages; p++) {
		struct lay_numbers nums;

		if (p == 0 || lay->pinfo[p].unit != lay->pinfo[p - 1].unit)
			first = p;
		nums.page = (long)(p - first) + 1;
		nums.pages = units[lay->pinfo[p].unit];
		nums.running = lay->pinfo[p].running;
		if (!lay->pinfo[p].plain)
			decorate(lay, p, &nums);
	}
	free(units);
	for (i = 0; i < lay->nmarks; i++) {
		const struct lay_mark *m = &lay->marks[i];
		struct page_outline *o;

		if (!m->seen)
			continue;
		o = page_add_outline(lay->pd);
		o->title =
		    arena_strdup(lay->pd->arena, m->node->u.block.bookmark);
		o->level = m->node->u.block.bookmark_level;
		o->page = m->page;
		o->y_pt = m->y_pt;
	}
}

/* Has this pass confirmed the numbers the previous one printed? */
static int
settled(struct layout *lay)
{
	size_t i, nunits;
	long *units = count_units(lay, &nunits);
	int same = 1;

	for (i = 0; i < lay->nmarks; i++) {
		struct lay_mark *m = &lay->marks[i];

		if (m->page != m->prev_page || m->y_pt != m->prev_y_pt)
			same = 0;
		m->prev_page = m->page;
		m->prev_y_pt = m->y_pt;
	}
	if (lay->uses_pages &&
	    (nunits != lay->nunit_pages ||
	     memcmp(units, lay->unit_pages, nunits * sizeof(*units)) != 0))
		same = 0;
	free(lay->unit_pages);
	lay->unit_pages = units;
	lay->nunit_pages = nunits;
	return same && lay->pass > 0;
}

/* Every bookmarked block, in document order. */
static void
collect_marks(struct layout *lay, const struct doc_node *root)
{
	const struct doc_node **stack = NULL, *n = root;
	size_t sp = 0, cap = 0, mcap = 0, i;

	while (n != NULL || sp > 0) {
		if (n == NULL) {
			/* cppcheck-suppress nullPointer ; sp > 0: stack exists
			 */
			n = stack[--sp];
			continue;
		}
		if (n->kind == DOC_BLOCK && n->u.block.bookmark != NULL) {
			lay->marks = xgrow(lay->marks, &mcap, lay->nmarks + 1,
			                   sizeof(*lay->marks));
			memset(&lay->marks[lay->nmarks], 0,
			       sizeof(*lay->marks));
			lay->marks[lay->nmarks++].node = n;
		}
		if (n->child != NULL) {
			stack = xgrow(stack, &cap, sp + 1, sizeof(*stack));
			stack[sp++] = n->next;
			n = n->child;
		} else {
			n = n->next;
		}
	}
	free(stack);
	lay->by_node = xcalloc(lay->nmarks + 1, sizeof(*lay->by_node));
	for (i = 0; i < lay->nmarks; i++)
		lay->by_node[i] = &lay->marks[i];
	qsort(lay->by_node, lay->nmarks, sizeof(*lay->by_node), mark_cmp);
}

static const char *
meta_copy(struct page_doc *pd, const char *s)
{
	return s != NULL ? arena_strdup(pd->arena, s) : NULL;
}

struct page_doc *
layout_run(const struct doc *doc, const struct fontset *fs, struct diag *d)
{
	struct layout lay;
	struct page_doc *pd = NULL;
	int errors = diag_errors(d), done = 0;

	memset(&lay, 0, sizeof(lay));
	lay.doc = doc;
	lay.fs = fs;
	lay.d = d;
	lay.frame_x = doc->margin_left_pt;
	lay.frame_y = doc->margin_top_pt;
	lay.frame_w =
	    doc->page_width_pt - doc->margin_left_pt - doc->margin_right_pt;
	lay.frame_h =
	    doc->page_height_pt - doc->margin_top_pt - doc->margin_bottom_pt;
	lay.frame_bottom = lay.frame_y + lay.frame_h;
	if (lay.frame_w <= 0 || lay.frame_h <= 0) {
		diag_report(d, DIAG_LAYOUT_TOO_WIDE, &doc->body->pos,
		            "margins leave no room on a %.0fx%.0f pt page",
		            doc->page_width_pt, doc->page_height_pt);
		return NULL;
	}
	collect_marks(&lay, doc->body);

	/* Pages are known only after layout: repeat until they settle. */
	for (lay.pass = 0; lay.pass < LAY_MAX_PASSES; lay.pass++) {
		page_doc_free(pd);
		one_pass(&lay);
		pd = lay.pd;
		if (diag_errors(d) > errors)
			break;
		if (settled(&lay) || (!lay.has_toc && !lay.uses_pages)) {
			done = 1;
			break;
		}
	}
	if (!done && diag_errors(d) == errors)
		diag_report(d, DIAG_LAYOUT_TOC, &doc->body->pos,
		            "page numbers still moved after %d passes",
		            LAY_MAX_PASSES);
	free(lay.pinfo);
	free(lay.unit_pages);
	free(lay.marks);
	free(lay.by_node);
	free(lay.pending);
	free(lay.seen);
	layout_text_free(&lay.para);
	if (diag_errors(d) > errors) {
		page_doc_free(pd);
		return NULL;
	}
	pd->meta.title = meta_copy(pd, doc->meta.title);
	pd->meta.author = meta_copy(pd, doc->meta.author);
	pd->meta.subject = meta_copy(pd, doc->meta.subject);
	pd->meta.keywords = meta_copy(pd, doc->meta.keywords);
	pd->meta.creator = meta_copy(pd, doc->meta.creator);
	return pd;
}
