/* SPDX-License-Identifier: MIT */
/*
 * Tables: column widths from shares of the available width, rows sized by
 * their tallest cell, moved whole to the next page (with the header rows
 * repeated) and split only when taller than a page; shading, cell contents
 * and a grid of rules are emitted in that order.
 */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "page.h"
#include "xmem.h"

/* Nested tables beyond this depth cannot fit any page anyway. */
#define LAY_MAX_TABLE_DEPTH 32

/* One table being laid out. */
struct tab {
	const struct doc_node *node;
	const struct doc_table *t;
	size_t ncols;
	double *colx;                 /* ncols + 1 edges */
	double *cell_h;               /* content height per cell of the row */
	const struct doc_node **head; /* header rows */
	double *head_h;               /* their heights */
	size_t nhead;
	int drawn_top; /* top rule of this page already drawn */
};

/* First column and column count of a cell; 0 columns = beyond the table. */
static size_t
cell_cols(const struct tab *tb, size_t col, const struct doc_node *cell,
          size_t *span)
{
	size_t s = cell->u.cell.colspan ? cell->u.cell.colspan : 1;

	if (col >= tb->ncols) {
		*span = 0;
		return col;
	}
	if (col + s > tb->ncols)
		s = tb->ncols - col;
	*span = s;
	return col;
}

static void
cell_flow(const struct tab *tb, const struct lay_flow *f,
          const struct doc_node *cell, size_t col, size_t span,
          struct lay_flow *cf)
{
	double pad = tb->t->pad_pt;

	memset(cf, 0, sizeof(*cf));
	cf->page = f->page;
	cf->x = tb->colx[col] + pad;
	cf->w = tb->colx[col + span] - tb->colx[col] - 2 * pad;
	cf->align = cell->u.cell.align;
	cf->first_base = -1;
	cf->nums = f->nums;
	cf->depth = f->depth + 1;
}

/* Height of row r; fills tb->cell_h with each cell's content height. */
static double
row_height(struct layout *lay, struct tab *tb, const struct lay_flow *f,
           const struct doc_node *r)
{
	const struct doc_node *c;
	double h = r->u.row.min_height_pt;
	size_t col = 0, i = 0, span;

	for (c = r->child; c != NULL; c = c->next) {
		struct lay_flow cf;

		if (c->kind != DOC_CELL)
			continue;
		col = cell_cols(tb, col, c, &span);
		if (span == 0)
			break;
		cell_flow(tb, f, c, col, span, &cf);
		cf.mode = LAY_DRY;
		layout_flow_list(lay, &cf, c->child);
		tb->cell_h[i++] = cf.y;
		if (cf.y + 2 * tb->t->pad_pt > h)
			h = cf.y + 2 * tb->t->pad_pt;
		col += span;
	}
	return h;
}

/* Vertical rules of row r between y1 and y2: every cell edge. */
static void
row_verticals(struct layout *lay, const struct tab *tb, size_t page,
              const struct doc_node *r, double y1, double y2)
{
	const struct doc_node *c;
	size_t col = 0, span;
	double bw = tb->t->border_pt;

	layout_draw_line(lay, page, tb->colx[0], y1, tb->colx[0], y2, bw,
	                 0x000000, 0);
	for (c = r->child; c != NULL; c = c->next) {
		if (c->kind != DOC_CELL)
			continue;
		col = cell_cols(tb, col, c, &span);
		if (span == 0)
			break;
		col += span;
		layout_draw_line(lay, page, tb->colx[col], y1, tb->colx[col],
		                 y2, bw, 0x000000, 0);
	}
	if (col < tb->ncols)
		layout_draw_line(lay, page, tb->colx[tb->ncols], y1,
		                 tb->colx[tb->ncols], y2, bw, 0x000000, 0);
}

/* Emit a row of height h at f's position; tb->cell_h must be current. */
static void
row_emit(struct layout *lay, struct tab *tb, struct lay_flow *f,
         const struct doc_node *r, double h)
{
	const struct doc_node *c;
	double pad = tb->t->pad_pt, bw = tb->t->border_pt;
	double x0 = tb->colx[0], x1 = tb->colx[tb->ncols];
	size_t col = 0, i = 0, span;

	layout_flush_marks(lay, f);
	if (f->mode != LAY_DRY && r->u.row.shade_rgb != 0xFFFFFF) {
		struct page_item *it =
		    page_add_item(lay->pd, f->page, PAGE_RECT);

		it->u.rect.x_pt = x0;
		it->u.rect.y_pt = f->y;
		it->u.rect.w_pt = x1 - x0;
		it->u.rect.h_pt = h;
		it->u.rect.fill = 1;
		it->u.rect.fill_rgb = r->u.row.shade_rgb;
	}
	for (c = r->child; c != NULL && f->mode != LAY_DRY; c = c->next) {
		struct lay_flow cf;

		if (c->kind != DOC_CELL)
			continue;
		col = cell_cols(tb, col, c, &span);
		if (span == 0)
			break;
		cell_flow(tb, f, c, col, span, &cf);
		cf.mode = LAY_FIXED;
		cf.y = f->y + pad;
		if (c->u.cell.valign_middle)
			cf.y += (h - 2 * pad - tb->cell_h[i]) / 2;
		layout_flow_list(lay, &cf, c->child);
		i++;
		col += span;
	}
	if (f->mode != LAY_DRY && bw > 0) {
		if (!tb->drawn_top)
			layout_draw_line(lay, f->page, x0, f->y, x1, f->y, bw,
			                 0x000000, 0);
		layout_draw_line(lay, f->page, x0, f->y + h, x1, f->y + h, bw,
		                 0x000000, 0);
		row_verticals(lay, tb, f->page, r, f->y, f->y + h);
	}
	if (f->first_base < 0 && f->mode != LAY_DRY)
		f->first_base = f->y;
	tb->drawn_top = 1;
	f->y += h;
	f->fresh = 0;
}

static void
repeat_head(struct layout *lay, struct tab *tb, struct lay_flow *f)
{
	size_t i;

	for (i = 0; i < tb->nhead; i++) {
		(void)row_height(lay, tb, f, tb->head[i]);
		row_emit(lay, tb, f, tb->head[i], tb->head_h[i]);
	}
}

/*
 * A row taller than a page: its cells flow down across pages side by side,
 * and the grid is drawn on every page the row touches.
 */
static void
row_split(struct layout *lay, struct tab *tb, struct lay_flow *f,
          const struct doc_node *r)
{
	const struct doc_node *c;
	size_t col = 0, span, start = f->page, end = f->page, p;
	double pad = tb->t->pad_pt, bw = tb->t->border_pt, y0 = f->y;
	double end_y = f->y;
	double x0 = tb->colx[0], x1 = tb->colx[tb->ncols];

	layout_flush_marks(lay, f);
	for (c = r->child; c != NULL; c = c->next) {
		struct lay_flow cf;

		if (c->kind != DOC_CELL)
			continue;
		col = cell_cols(tb, col, c, &span);
		if (span == 0)
			break;
		cell_flow(tb, f, c, col, span, &cf);
		cf.mode = LAY_FLOW;
		cf.y = y0 + pad;
		layout_flow_list(lay, &cf, c->child);
		if (cf.page > end || (cf.page == end && cf.y > end_y)) {
			end = cf.page;
			end_y = cf.y;
		}
		col += span;
	}
	end_y += pad;
	if (end_y > lay->frame_bottom)
		end_y = lay->frame_bottom;
	for (p = start; p <= end && bw > 0; p++) {
		double top = p == start ? y0 : lay->frame_y;
		double bot = p == end ? end_y : lay->frame_bottom;

		if (p > start || !tb->drawn_top)
			layout_draw_line(lay, p, x0, top, x1, top, bw, 0x000000,
			                 0);
		layout_draw_line(lay, p, x0, bot, x1, bot, bw, 0x000000, 0);
		row_verticals(lay, tb, p, r, top, bot);
	}
	f->page = end;
	f->y = end_y;
	f->fresh = 0;
	tb->drawn_top = 1;
}

void
layout_table(struct layout *lay, struct lay_flow *f,
             const struct doc_node *table)
{
	const struct doc_table *t = &table->u.table;
	const struct doc_node *r, *c;
	struct tab tb;
	double total = 0, cum = 0;
	size_t i, ri;

	if (f->depth >= LAY_MAX_TABLE_DEPTH) {
		diag_report(lay->d, DIAG_LAYOUT_TOO_WIDE, &table->pos,
		            "tables nested more than %d deep",
		            LAY_MAX_TABLE_DEPTH);
		return;
	}
	memset(&tb, 0, sizeof(tb));
	tb.node = table;
	tb.t = t;
	tb.ncols = t->ncols;
	if (tb.ncols == 0 && table->child != NULL)
		for (c = table->child->child; c != NULL; c = c->next)
			tb.ncols += c->u.cell.colspan ? c->u.cell.colspan : 1;
	if (tb.ncols == 0)
		return;
	tb.colx = xcalloc(tb.ncols + 1, sizeof(*tb.colx));
	tb.cell_h = xcalloc(tb.ncols, sizeof(*tb.cell_h));
	for (i = 0; i < t->ncols && t->cols != NULL; i++)
		total += t->cols[i].width;
	for (i = 0; i <= tb.ncols; i++) {
		tb.colx[i] =
		    f->x + (total > 0 ? f->w * cum / total
		                      : f->w * (double)i / (double)tb.ncols);
		/* total > 0 only if there are t->cols */
		if (i < tb.ncols && total > 0 && t->cols != NULL)
			cum += t->cols[i].width;
	}
	tb.colx[tb.ncols] = f->x + f->w;

	/* Header rows and their heights, for repeating them. */
	tb.head = xcalloc(t->header_rows + 1, sizeof(*tb.head));
	tb.head_h = xcalloc(t->header_rows + 1, sizeof(*tb.head_h));
	for (r = table->child; r != NULL && tb.nhead < t->header_rows;
	     r = r->next) {
		if (r->kind != DOC_ROW)
			continue;
		tb.head[tb.nhead] = r;
		tb.head_h[tb.nhead++] = row_height(lay, &tb, f, r);
	}

	for (r = table->child, ri = 0; r != NULL; r = r->next) {
		double h, need, room;

		if (r->kind != DOC_ROW)
			continue;
		h = row_height(lay, &tb, f, r);
		need = h;
		/* Keep the header rows with the first body row. */
		if (ri == 0 && tb.nhead > 0) {
			need = 0;
			for (i = 0; i < tb.nhead; i++)
				need += tb.head_h[i];
			if (r->next != NULL) {
				const struct doc_node *b = r;

				for (i = 0; i < tb.nhead && b != NULL; i++)
					b = b->next;
				if (b != NULL && b->kind == DOC_ROW) {
					need += row_height(lay, &tb, f, b);
					(void)row_height(lay, &tb, f, r);
				}
			}
		}
		if (f->mode == LAY_FLOW) {
			room = lay->frame_bottom - f->y;
			if (need > room + LAY_EPS && !f->fresh) {
				layout_flow_newpage(lay, f);
				tb.drawn_top = 0;
				if (ri >= tb.nhead) {
					repeat_head(lay, &tb, f);
					(void)row_height(lay, &tb, f, r);
				}
			}
			room = lay->frame_bottom - f->y;
			if (h > room + LAY_EPS) {
				row_split(lay, &tb, f, r);
				ri++;
				continue;
			}
		}
		row_emit(lay, &tb, f, r, h);
		ri++;
	}
	free(tb.colx);
	free(tb.cell_h);
	free(tb.head);
	free(tb.head_h);
}
