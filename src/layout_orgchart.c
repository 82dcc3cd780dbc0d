/* SPDX-License-Identifier: MIT */
/*
 * Organisation charts: the tree built from each position's superiors
 * (levels by longest path, the order of siblings), boxes placed in layered
 * rows above column heads and indented lists below them at the largest
 * text size that fits, then drawn as boxes, solid reporting lines and
 * dashed lines to second superiors.
 */
#include "layout_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xmem.h"

#define BOX_RGB 0x404040 /* box outlines, connectors */

/* Smallest text an organisation chart shrinks to before it gives up. */
#define ORG_MIN_PT 6.0

/*
 * The top rows are a layered tree; from the row of column heads down, each
 * head's whole subtree is an indented list in its column. Levels are
 * longest paths, so every superior is drawn above its subordinates.
 */
struct org_box {
	double x, y, w; /* top-left corner and width (height is common) */
	double tw;      /* width of the label at the current size */
	size_t level;   /* longest path from a root */
	size_t primary; /* the superior drawn solid; SIZE_MAX for roots */
	size_t *kids;   /* subordinates through primary, in order */
	size_t nkids, kids_cap;
	size_t col;    /* column */
	size_t cdepth; /* depth below the column head (0 = head) */
	int in_tree;   /* in the layered rows (column heads included) */
	int is_head;   /* heads a column */
};

struct org {
	const struct doc_org *o;
	struct org_box *b; /* nnodes + 1: the last is a virtual root */
	size_t n;
	size_t maxlevel;
	size_t ncols;
	double *col_top; /* per column: y of the next free slot */
	size_t col_cap;
	double fs, box_h, pad, indent, vgap, igap;
	double colw, gap, x0;
};

static void
org_kid(struct org_box *p, size_t k)
{
	p->kids = xgrow(p->kids, &p->kids_cap, p->nkids + 1, sizeof(*p->kids));
	p->kids[p->nkids++] = k;
}

/* Levels by longest path (the data is acyclic: bind checks). */
static size_t
org_level(struct org *g, size_t i, unsigned char *state)
{
	const struct doc_org_node *on = &g->o->nodes[i];
	size_t j, lv = 0;

	if (state[i] == 2)
		return g->b[i].level;
	state[i] = 1;
	for (j = 0; j < on->nparents; j++) {
		size_t p = on->parents[j], pl;

		if (state[p] == 1)
			continue; /* not reached for checked data */
		pl = org_level(g, p, state) + 1;
		if (pl > lv) {
			lv = pl;
			g->b[i].primary = p;
		}
	}
	state[i] = 2;
	g->b[i].level = lv;
	return lv;
}

/* Is a an ancestor of x (or x itself) through primary lines? */
static size_t
org_branch(const struct org *g, size_t parent, size_t x)
{
	while (x != SIZE_MAX && g->b[x].primary != parent)
		x = g->b[x].primary;
	return x;
}

/*
 * A childless box that is a second superior of someone goes right after
 * the sibling whose branch holds that someone, so its dashed line stays
 * short and crosses nothing.
 */
static void
org_order(struct org *g, size_t p)
{
	struct org_box *pb = &g->b[p];
	size_t i, j, k, s, moves = 0;

	for (i = 0; i < pb->nkids && moves <= pb->nkids; i++) {
		size_t leaf = pb->kids[i], target = SIZE_MAX;

		if (g->b[leaf].nkids > 0)
			continue;
		for (k = 0; k < g->n && target == SIZE_MAX; k++) {
			const struct doc_org_node *on = &g->o->nodes[k];

			for (s = 0; s < on->nparents; s++)
				if (on->parents[s] == leaf &&
				    g->b[k].primary != leaf) {
					size_t br = org_branch(
					    g, p == g->n ? SIZE_MAX : p, k);

					if (br != SIZE_MAX && br != leaf)
						target = br;
				}
		}
		if (target == SIZE_MAX)
			continue;
		for (j = 0; j < pb->nkids && pb->kids[j] != target; j++)
			;
		if (j == pb->nkids || j + 1 == i)
			continue;
		moves++;
		/* Move leaf from i to just after j. */
		if (i < j) {
			memmove(&pb->kids[i], &pb->kids[i + 1],
			        (j - i) * sizeof(*pb->kids));
			pb->kids[j] = leaf;
			i--;
		} else {
			memmove(&pb->kids[j + 2], &pb->kids[j + 1],
			        (i - j - 1) * sizeof(*pb->kids));
			pb->kids[j + 1] = leaf;
		}
	}
}

/* A box of the tree rows above the column heads (or the virtual root). */
static int
org_inner(const struct org *g, size_t i)
{
	return g->b[i].in_tree && !g->b[i].is_head;
}

/* Assign columns: rows above heads form the tree, heads start columns. */
static void
org_columns(struct org *g, size_t i, size_t heads_level, size_t head,
            size_t depth)
{
	struct org_box *b = &g->b[i];
	size_t k;

	if (i != g->n && head == SIZE_MAX &&
	    (b->level + 1 >= heads_level || b->nkids == 0)) {
		head = i;
		b->col = g->ncols++;
		depth = 0;
	}
	b->is_head = head == i;
	b->in_tree = head == SIZE_MAX || head == i;
	b->cdepth = depth;
	if (head != SIZE_MAX && head != i)
		b->col = g->b[head].col;
	for (k = 0; k < b->nkids; k++)
		org_columns(g, b->kids[k], heads_level, head,
		            head == SIZE_MAX ? 0 : depth + 1);
}

/* Columns spanned by the subtree of i. */
static void
org_span(const struct org *g, size_t i, size_t *first, size_t *last)
{
	const struct org_box *b = &g->b[i];
	size_t k;

	if (!org_inner(g, i)) {
		*first = *last = b->col;
		return;
	}
	*first = SIZE_MAX;
	*last = 0;
	for (k = 0; k < b->nkids; k++) {
		size_t f, l;

		org_span(g, b->kids[k], &f, &l);
		if (f < *first)
			*first = f;
		if (l > *last)
			*last = l;
	}
}

/* Preorder placement of a column subtree below its head. */
static void
org_stack(struct org *g, size_t i)
{
	struct org_box *b = &g->b[i];
	size_t k;

	for (k = 0; k < b->nkids; k++) {
		struct org_box *c = &g->b[b->kids[k]];
		double cx = g->x0 + (g->colw + g->gap) * (double)c->col;

		c->x = cx + g->indent * (double)c->cdepth;
		c->w = g->colw - g->indent * (double)c->cdepth;
		c->y = g->col_top[c->col];
		g->col_top[c->col] += g->box_h + g->igap;
		org_stack(g, b->kids[k]);
	}
}

/*
 * Place everything for text size fs with heads on level heads_level - 1,
 * relative to (0, 0); returns the height, or -1 if it does not fit width w
 * or boxes of the tree rows would overlap.
 */
static double
org_place(struct layout *lay, const struct doc_node *n, struct org *g,
          double fs, size_t heads_level, double w)
{
	struct doc_style st = g->o->style;
	double need = 0, bottom = 0;
	size_t i, j, c;

	st.size_pt = fs;
	g->fs = fs;
	g->box_h = fs * 2.2;
	g->pad = fs * 0.4;
	g->indent = fs;
	g->vgap = fs * 2.2;
	g->igap = fs * 0.7;
	g->ncols = 0;
	for (i = 0; i <= g->n; i++)
		g->b[i].col = 0;
	org_columns(g, g->n, heads_level, SIZE_MAX, 0);
	if (g->ncols == 0)
		return 0;
	for (i = 0; i < g->n; i++) {
		struct org_box *b = &g->b[i];
		double bw;

		b->tw =
		    layout_draw_text_width(lay, n, g->o->nodes[i].label, &st);
		bw = b->tw + 2 * g->pad +
		     (b->in_tree ? 0 : g->indent * (double)b->cdepth);
		/* Boxes above the heads may be wider than a column. */
		if (!org_inner(g, i) && bw > need)
			need = bw;
	}
	g->gap = fs * 0.8;
	if (need * (double)g->ncols + g->gap * (double)(g->ncols - 1) >
	    w + LAY_EPS)
		return -1;
	g->colw =
	    fmin(fmax(need, fs * 8),
	         (w - g->gap * (double)(g->ncols - 1)) / (double)g->ncols);
	if (g->ncols > 1)
		g->gap = fmin((w - g->colw * (double)g->ncols) /
		                  (double)(g->ncols - 1),
		              fs * 3);
	g->x0 =
	    (w - g->colw * (double)g->ncols - g->gap * (double)(g->ncols - 1)) /
	    2;
	g->col_top =
	    xgrow(g->col_top, &g->col_cap, g->ncols + 1, sizeof(*g->col_top));
	for (c = 0; c < g->ncols; c++)
		g->col_top[c] = 0;
	/* The tree rows, centred over the columns of their branch. */
	for (i = 0; i < g->n; i++) {
		struct org_box *b = &g->b[i];
		size_t f, l;
		double left, right;

		if (!b->in_tree)
			continue;
		org_span(g, i, &f, &l);
		left = g->x0 + (g->colw + g->gap) * (double)f;
		right = g->x0 + (g->colw + g->gap) * (double)l + g->colw;
		b->w = fmax(g->colw, b->tw + 2 * g->pad);
		b->x = (left + right) / 2 - b->w / 2;
		b->y = (g->box_h + g->vgap) * (double)b->level;
		if (b->x < -LAY_EPS || b->x + b->w > w + LAY_EPS)
			return -1;
	}
	for (i = 0; i < g->n; i++)
		for (j = i + 1; j < g->n; j++) {
			const struct org_box *a = &g->b[i], *b = &g->b[j];

			if (a->in_tree && b->in_tree && a->level == b->level &&
			    a->x < b->x + b->w + fs * 0.3 &&
			    b->x < a->x + a->w + fs * 0.3)
				return -1;
		}
	/* Each head's subtree as an indented list in its column. */
	for (i = 0; i < g->n; i++) {
		struct org_box *b = &g->b[i];

		if (!b->in_tree || org_inner(g, i))
			continue;
		g->col_top[b->col] = b->y + g->box_h + g->igap * 1.4;
		org_stack(g, i);
	}
	for (i = 0; i < g->n; i++)
		bottom = fmax(bottom, g->b[i].y + g->box_h);
	return bottom;
}

/* The dashed line of a second superior p to box k. */
static void
org_extra(struct layout *lay, const struct org *g, size_t page, double ox,
          double oy, size_t p, size_t k)
{
	const struct org_box *pb = &g->b[p], *kb = &g->b[k];
	double px = ox + pb->x + pb->w / 2, pbot = oy + pb->y + g->box_h;
	double ky = oy + kb->y + g->box_h / 2, kl = ox + kb->x;
	double kr = kl + kb->w, ch;

	if (ky > pbot + g->igap) {
		if (px > kr)
			ch = kr;
		else if (px < kl)
			ch = kl;
		else {
			layout_draw_line(lay, page, px, pbot, px, oy + kb->y,
			                 0.6, BOX_RGB, 1);
			return;
		}
		layout_draw_line(lay, page, px, pbot, px, ky, 0.6, BOX_RGB, 1);
		layout_draw_line(lay, page, px, ky, ch, ky, 0.6, BOX_RGB, 1);
		return;
	}
	/* The superior is not above: go round through the gap beside it. */
	{
		double pm = oy + pb->y + g->box_h / 2;
		int right = kb->x > pb->x;
		double sx = ox + (right ? pb->x + pb->w + g->gap / 2
		                        : pb->x - g->gap / 2);

		layout_draw_line(lay, page,
		                 right ? ox + pb->x + pb->w : ox + pb->x, pm,
		                 sx, pm, 0.6, BOX_RGB, 1);
		layout_draw_line(lay, page, sx, pm, sx, ky, 0.6, BOX_RGB, 1);
		layout_draw_line(lay, page, sx, ky, right ? kl : kr, ky, 0.6,
		                 BOX_RGB, 1);
	}
}

static void
org_draw(struct layout *lay, const struct doc_node *n, const struct org *g,
         size_t page, double ox, double oy)
{
	struct doc_style st = g->o->style;
	double asc = layout_text_ascent(lay, g->fs);
	size_t i, k;

	st.size_pt = g->fs;
	/* Connectors first: the boxes are drawn over their ends. */
	for (i = 0; i < g->n; i++) {
		const struct org_box *b = &g->b[i];
		double bx = ox + b->x, bot = oy + b->y + g->box_h;

		if (b->nkids == 0)
			continue;
		if (org_inner(g, i)) {
			double cx = bx + b->w / 2, bus = bot + g->vgap / 2;
			double lo = cx, hi = cx;

			layout_draw_line(lay, page, cx, bot, cx, bus, 0.6,
			                 BOX_RGB, 0);
			for (k = 0; k < b->nkids; k++) {
				const struct org_box *c = &g->b[b->kids[k]];
				double kx = ox + c->x + c->w / 2;

				lo = fmin(lo, kx);
				hi = fmax(hi, kx);
				layout_draw_line(lay, page, kx, bus, kx,
				                 oy + c->y, 0.6, BOX_RGB, 0);
			}
			if (hi > lo)
				layout_draw_line(lay, page, lo, bus, hi, bus,
				                 0.6, BOX_RGB, 0);
		} else {
			double sx = bx + g->indent / 2;
			const struct org_box *last =
			    &g->b[b->kids[b->nkids - 1]];

			layout_draw_line(lay, page, sx, bot, sx,
			                 oy + last->y + g->box_h / 2, 0.6,
			                 BOX_RGB, 0);
			for (k = 0; k < b->nkids; k++) {
				const struct org_box *c = &g->b[b->kids[k]];
				double my = oy + c->y + g->box_h / 2;

				layout_draw_line(lay, page, sx, my, ox + c->x,
				                 my, 0.6, BOX_RGB, 0);
			}
		}
	}
	for (i = 0; i < g->n; i++) {
		const struct doc_org_node *on = &g->o->nodes[i];

		for (k = 0; k < on->nparents; k++)
			if (on->parents[k] != g->b[i].primary)
				org_extra(lay, g, page, ox, oy, on->parents[k],
				          i);
	}
	for (i = 0; i < g->n; i++) {
		const struct org_box *b = &g->b[i];

		layout_draw_rect(
		    lay, page, ox + b->x, oy + b->y, b->w, g->box_h, 1,
		    b->in_tree ? g->o->head_rgb : 0xFFFFFF, 0.6, BOX_RGB);
		layout_draw_text(lay, n, page, g->o->nodes[i].label, &st,
		                 ox + b->x + b->w / 2,
		                 oy + b->y + (g->box_h - g->fs) / 2 + asc, 1);
	}
}

/*
 * Largest text size from max_pt down to min_pt (and then the deepest tree
 * rows) for which the chart fits w x h; its height, or -1.
 */
static double
org_fit(struct layout *lay, const struct doc_node *n, struct org *g, double w,
        double h, double max_pt, double min_pt)
{
	double fs, got;
	size_t k;

	for (fs = max_pt; fs >= min_pt - LAY_EPS; fs -= 0.5)
		for (k = g->maxlevel + 1; k >= 1; k--) {
			got = org_place(lay, n, g, fs, k, w);
			if (got >= 0 && got <= h + LAY_EPS)
				return got;
		}
	return -1;
}

void
layout_orgchart(struct layout *lay, struct lay_flow *f,
                const struct doc_node *n)
{
	const struct doc_org *o = &n->u.org;
	struct org g;
	unsigned char *state;
	size_t i;
	double h;

	if (o->nnodes == 0)
		return;
	memset(&g, 0, sizeof(g));
	g.o = o;
	g.n = o->nnodes;
	g.b = xcalloc(g.n + 1, sizeof(*g.b));
	state = xcalloc(g.n + 1, 1);
	for (i = 0; i <= g.n; i++)
		g.b[i].primary = SIZE_MAX;
	for (i = 0; i < g.n; i++)
		if (org_level(&g, i, state) > g.maxlevel)
			g.maxlevel = g.b[i].level;
	free(state);
	for (i = 0; i < g.n; i++)
		org_kid(&g.b[g.b[i].primary == SIZE_MAX ? g.n : g.b[i].primary],
		        i);
	for (i = 0; i <= g.n; i++)
		org_order(&g, i);

	/*
	 * Here if it fits at the size a page of its own would allow, else on
	 * the next page.
	 */
	h = -1;
	if (f->mode == LAY_FLOW && !f->fresh &&
	    org_fit(lay, n, &g, f->w, lay->frame_h, o->style.size_pt,
	            ORG_MIN_PT) >= 0) {
		h = org_fit(lay, n, &g, f->w, lay->frame_bottom - f->y, g.fs,
		            g.fs);
		if (h < 0)
			layout_flow_newpage(lay, f);
	}
	if (h < 0)
		h = org_fit(lay, n, &g, f->w,
		            f->mode == LAY_FLOW ? lay->frame_bottom - f->y
		                                : lay->frame_h,
		            o->style.size_pt, ORG_MIN_PT);
	if (h < 0) {
		diag_report(lay->d, DIAG_LAYOUT_TOO_WIDE, &n->pos,
		            "organisation chart of %zu boxes does not fit the "
		            "frame even at %.1f pt%s%s",
		            g.n, ORG_MIN_PT, n->record ? " in " : "",
		            n->record ? n->record : "");
	} else {
		layout_flow_need(lay, f, h);
		if (f->first_base < 0)
			f->first_base = f->y + g.box_h;
		if (f->mode != LAY_DRY)
			org_draw(lay, n, &g, f->page, f->x, f->y);
		f->y += h;
		f->fresh = 0;
	}
	for (i = 0; i <= g.n; i++)
		free(g.b[i].kids);
	free(g.b);
	free(g.col_top);
}
