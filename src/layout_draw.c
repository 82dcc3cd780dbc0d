/* SPDX-License-Identifier: MIT */
/*
 * Page items placed by hand: lines (table rules, signature lines, rules
 * between blocks, chart axes and connectors), rectangles, and text through
 * the paragraph text path (so fonts, subsets and line-breaking rules apply
 * to chart labels as to any paragraph).
 */
#include "layout_int.h"

#include <stdint.h>
#include <string.h>

#include "page.h"

void
layout_draw_line(struct layout *lay, size_t page, double x1, double y1,
                 double x2, double y2, double w, uint32_t rgb, int dashed)
{
	struct page_item *it = page_add_item(lay->pd, page, PAGE_LINE);

	it->u.line.x1_pt = x1;
	it->u.line.y1_pt = y1;
	it->u.line.x2_pt = x2;
	it->u.line.y2_pt = y2;
	it->u.line.width_pt = w;
	it->u.line.rgb = rgb;
	it->u.line.dashed = dashed;
}

void
layout_draw_rect(struct layout *lay, size_t page, double x, double y, double w,
                 double h, int fill, uint32_t fill_rgb, double stroke_pt,
                 uint32_t stroke_rgb)
{
	struct page_item *it = page_add_item(lay->pd, page, PAGE_RECT);

	it->u.rect.x_pt = x;
	it->u.rect.y_pt = y;
	it->u.rect.w_pt = w;
	it->u.rect.h_pt = h;
	it->u.rect.fill = fill;
	it->u.rect.fill_rgb = fill_rgb;
	it->u.rect.stroke_pt = stroke_pt;
	it->u.rect.stroke_rgb = stroke_rgb;
}

double
layout_draw_text_width(struct layout *lay, const struct doc_node *n,
                       const char *s, const struct doc_style *st)
{
	return layout_text_run(lay, n, s, st, 0, 0, 0, 0);
}

/* Draw s with its baseline at base: align 0 left, 1 centre, 2 right of x. */
void
layout_draw_text(struct layout *lay, const struct doc_node *n, size_t page,
                 const char *s, const struct doc_style *st, double x,
                 double base, int align)
{
	double w = align ? layout_draw_text_width(lay, n, s, st) : 0;

	if (align == 1)
		x -= w / 2;
	else if (align == 2)
		x -= w;
	layout_text_run(lay, n, s, st, 1, page, x, base);
}

/*
 * A paragraph of s broken to width_pt through the line breaker (kinsoku
 * applies); returns its height, and draws it with its top at y when emit.
 */
double
layout_draw_text_block(struct layout *lay, const struct doc_node *n,
                       const char *s, const struct doc_style *st,
                       double width_pt, enum doc_align align, int emit,
                       size_t page, double x, double y)
{
	static const struct lay_numbers nums = {1, 1, NULL};
	struct doc_span span;
	double h = 0;
	size_t i;

	memset(&span, 0, sizeof(span));
	span.kind = DOC_SPAN_TEXT;
	span.text = s;
	span.style = *st;
	layout_text_prepare(lay, n, &span, &nums);
	layout_text_break(lay, n, width_pt, width_pt, align, 0, 1.2,
	                  st->size_pt);
	for (i = 0; i < lay->para.nlines; i++) {
		if (emit)
			layout_text_emit(lay, page, i, x, y + h);
		h += lay->para.lines[i].height_pt;
	}
	return h;
}
