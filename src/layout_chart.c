/* SPDX-License-Identifier: MIT */
/*
 * Charts and organisation charts as vector graphics: bar and line charts
 * with axes, gridlines, tick and value labels and a legend, and layered
 * organisation charts of boxes and connectors. Everything is drawn with
 * page lines, rectangles and text; labels go through the paragraph text
 * path, so fonts, subsets and line-breaking rules apply to them as well.
 */
#include "layout_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "page.h"
#include "xmem.h"

#define GRID_RGB 0xD9D9D9 /* gridlines */
#define AXIS_RGB 0x595959 /* axis lines */
#define BOX_RGB 0x404040  /* organisation chart box outlines, connectors */
#define TEXT_RGB 0x333333 /* tick labels */

/* Smallest text an organisation chart shrinks to before it gives up. */
#define ORG_MIN_PT 6.0

/* ---- drawing primitives ---- */

static void
line(struct layout *lay, size_t page, double x1, double y1, double x2,
     double y2, double w, uint32_t rgb, int dashed)
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

static void
rect(struct layout *lay, size_t page, double x, double y, double w, double h,
     int fill, uint32_t fill_rgb, double stroke_pt, uint32_t stroke_rgb)
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

static double
text_w(struct layout *lay, const struct doc_node *n, const char *s,
       const struct doc_style *st)
{
	return layout_text_run(lay, n, s, st, 0, 0, 0, 0);
}

/* Draw s with its baseline at base: align 0 left, 1 centre, 2 right of x. */
static void
text_at(struct layout *lay, const struct doc_node *n, size_t page,
        const char *s, const struct doc_style *st, double x, double base,
        int align)
{
	double w = align ? text_w(lay, n, s, st) : 0;

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
static double
text_block(struct layout *lay, const struct doc_node *n, const char *s,
           const struct doc_style *st, double width_pt, enum doc_align align,
           int emit, size_t page, double x, double y)
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

/* ---- axes ---- */

void
layout_chart_axis(double lo, double hi, int max_ticks, int fix_lo, int fix_hi,
                  struct lay_axis *ax)
{
	static const double steps[] = {1, 2, 2.5, 5, 10};
	double raw, mag, step = 1;
	size_t i;

	if (max_ticks < 2)
		max_ticks = 2;
	if (!(hi > lo)) {
		/* One value (or none): show it on an axis of one unit. */
		if (fix_lo || lo < 0 || hi == 0)
			hi = lo + 1;
		else
			lo = hi > 0 ? 0 : hi - 1;
	}
	raw = (hi - lo) / (double)(max_ticks - 1);
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		step = steps[i] * mag;
		if (step >= raw * (1 - 1e-9))
			break;
	}
	ax->step = step;
	ax->lo = fix_lo ? lo : floor(lo / step + 1e-9) * step;
	ax->hi = fix_hi ? hi : ceil(hi / step - 1e-9) * step;
	/* 2.5 x 10^k needs one more digit than its power of ten. */
	ax->decimals = 0;
	for (raw = step; ax->decimals < 6 &&
	                 fabs(raw - floor(raw + 0.5)) > 1e-9 * (1 + raw);
	     raw *= 10)
		ax->decimals++;
}

void
layout_chart_tick(const struct lay_axis *ax, double v, char *buf, size_t size)
{
	long long scale = 1, x;
	int i;

	for (i = 0; i < ax->decimals; i++)
		scale *= 10;
	x = llround(v * (double)scale);
	if (ax->decimals == 0) {
		snprintf(buf, size, "%lld", x);
		return;
	}
	snprintf(buf, size, "%s%lld.%0*lld", x < 0 ? "-" : "", llabs(x) / scale,
	         ax->decimals, llabs(x) % scale);
}

/* First tick at or above ax->lo. */
static double
first_tick(const struct lay_axis *ax)
{
	return ceil(ax->lo / ax->step - 1e-9) * ax->step;
}

/* The range of the data of every series (NAN values skipped). */
static void
data_range(const struct doc_chart *ch, double *lo, double *hi)
{
	size_t s, i;

	*lo = 0;
	*hi = 0;
	for (s = 0; s < ch->nseries; s++)
		for (i = 0; i < ch->npoints; i++) {
			double v = ch->series[s].values[i];

			if (isnan(v))
				continue;
			if (v < *lo)
				*lo = v;
			if (v > *hi)
				*hi = v;
		}
}

static void
chart_axis(const struct doc_chart *ch, double headroom, struct lay_axis *ax)
{
	double lo, hi;

	data_range(ch, &lo, &hi);
	/* Room above the highest point for its value label. */
	hi += (hi - lo) * headroom;
	if (ch->has_min)
		lo = ch->min;
	if (ch->has_max)
		hi = ch->max;
	layout_chart_axis(lo, hi, 6, ch->has_min, ch->has_max, ax);
}

/* x (or y) of value v on an axis drawn from a to b. */
static double
scale_to(const struct lay_axis *ax, double v, double a, double b)
{
	if (v < ax->lo)
		v = ax->lo;
	if (v > ax->hi)
		v = ax->hi;
	return a + (v - ax->lo) / (ax->hi - ax->lo) * (b - a);
}

/* ---- title and legend ---- */

static int
has_legend(const struct doc_chart *ch)
{
	size_t s;

	for (s = 0; s < ch->nseries; s++)
		if (ch->series[s].name != NULL)
			return 1;
	return 0;
}

/* Marker of series s at (x, y): filled square, hollow square, ... */
static void
marker(struct layout *lay, size_t page, const struct doc_series *ds, size_t s,
       double x, double y, double size)
{
	double h = size / 2;

	if (s % 2 == 0)
		rect(lay, page, x - h, y - h, size, size, 1, ds->rgb, 0, 0);
	else
		rect(lay, page, x - h, y - h, size, size, 1, 0xFFFFFF, 0.8,
		     ds->rgb);
}

/* Swatch of a series in the legend, size fs wide. */
static void
swatch(struct layout *lay, size_t page, const struct doc_chart *ch, size_t s,
       double x, double mid, double fs)
{
	const struct doc_series *ds = &ch->series[s];

	if (ch->type == DOC_CHART_LINE) {
		line(lay, page, x, mid, x + 1.6 * fs, mid, 1.2, ds->rgb, 0);
		marker(lay, page, ds, s, x + 0.8 * fs, mid, fs * 0.45);
	} else if (ds->outline) {
		rect(lay, page, x, mid - fs * 0.35, 1.6 * fs, fs * 0.7, 0, 0,
		     0.6, ds->rgb);
	} else {
		rect(lay, page, x, mid - fs * 0.35, 1.6 * fs, fs * 0.7, 1,
		     ds->rgb, 0, 0);
	}
}

/*
 * Title (left) and legend (right) at the top; returns their height. The
 * legend goes on its own row when it does not fit beside the title.
 */
static double
chart_head(struct layout *lay, const struct doc_node *n, int emit, size_t page,
           double x, double y, double w)
{
	const struct doc_chart *ch = &n->u.chart;
	struct doc_style ts = ch->style, ls = ch->style;
	double fs = ch->style.size_pt, th = 0, tw = 0, legw = 0, lh, base;
	size_t s;

	ts.size_pt = fs + 1;
	ts.bold = 1;
	ls.rgb = TEXT_RGB;
	lh = fs * 1.6;
	if (has_legend(ch))
		for (s = 0; s < ch->nseries; s++)
			if (ch->series[s].name != NULL)
				legw +=
				    2.1 * fs +
				    text_w(lay, n, ch->series[s].name, &ls) +
				    fs;
	if (ch->title != NULL) {
		tw = text_w(lay, n, ch->title, &ts);
		if (tw + legw > w)
			th = text_block(lay, n, ch->title, &ts, w,
			                DOC_ALIGN_LEFT, emit, page, x, y);
		else
			th = text_block(lay, n, ch->title, &ts, w - legw,
			                DOC_ALIGN_LEFT, emit, page, x, y);
	}
	if (legw > 0 && (ch->title == NULL || tw + legw > w)) {
		/* The legend has a row of its own under the title. */
		y += th;
		th += lh;
	}
	if (legw > 0 && emit) {
		double lx = x + w - legw + fs;

		base = y + (lh - fs) / 2 + layout_text_ascent(lay, fs);
		for (s = 0; s < ch->nseries; s++) {
			const char *name = ch->series[s].name;

			if (name == NULL)
				continue;
			swatch(lay, page, ch, s, lx, y + lh / 2, fs);
			lx += 2.1 * fs;
			text_at(lay, n, page, name, &ls, lx, base, 0);
			lx += text_w(lay, n, name, &ls) + fs;
		}
	}
	if (th < lh && legw > 0)
		th = lh;
	return th > 0 ? th + fs * 0.4 : 0;
}

/* ---- bar chart: a band per category, bars growing to the right ---- */

static void
bar_chart(struct layout *lay, const struct doc_node *n, size_t page, double x,
          double y, double w, double h)
{
	const struct doc_chart *ch = &n->u.chart;
	struct doc_style ls = ch->style, ts = ch->style;
	struct lay_axis ax;
	double fs = ch->style.size_pt, head, lw = 0, vw = 0, px0, px1, py0, py1;
	double band, group, base0, v;
	size_t i, s, nfill = 0;
	char buf[64];

	ts.rgb = TEXT_RGB;
	head = chart_head(lay, n, 1, page, x, y, w);
	chart_axis(ch, 0, &ax);
	for (s = 0; s < ch->nseries; s++)
		nfill += !ch->series[s].outline;
	/* Category labels take their widest line, at most 35% of the chart. */
	for (i = 0; i < ch->npoints; i++) {
		double cw = text_w(lay, n, ch->cats[i], &ls);

		if (cw > lw)
			lw = cw;
	}
	if (lw > w * 0.35)
		lw = w * 0.35;
	/* Value labels go right of the bars: keep room for the widest. */
	for (i = 0; i < ch->npoints; i++) {
		double lbw = 0;

		for (s = 0; s < ch->nseries; s++) {
			const struct doc_series *ds = &ch->series[s];

			if (ds->labels == NULL || ds->labels[i] == NULL)
				continue;
			if (nfill > 1 && !ds->outline)
				lbw = fmax(lbw,
				           text_w(lay, n, ds->labels[i], &ts));
			else
				lbw += text_w(lay, n, ds->labels[i], &ts) +
				       text_w(lay, n, " / ", &ts);
		}
		if (lbw > vw)
			vw = lbw;
	}
	px0 = x + lw + fs * 0.6;
	px1 = x + w - (vw > 0 ? vw + fs * 0.4 : fs);
	py0 = y + head;
	py1 = y + h - fs * 1.6;
	if (ch->npoints == 0 || px1 - px0 < fs)
		return;
	band = (py1 - py0) / (double)ch->npoints;
	group = band * 0.62;

	/* Gridlines and tick labels, then the axes over them. */
	for (v = first_tick(&ax); v <= ax.hi + ax.step * 1e-6; v += ax.step) {
		double tx = scale_to(&ax, v, px0, px1);

		line(lay, page, tx, py0, tx, py1, 0.4, GRID_RGB, 0);
		layout_chart_tick(&ax, v, buf, sizeof(buf));
		text_at(lay, n, page, buf, &ts, tx,
		        py1 + fs * 0.3 + layout_text_ascent(lay, fs), 1);
	}
	base0 = scale_to(&ax, 0, px0, px1);
	line(lay, page, px0, py1, px1, py1, 0.6, AXIS_RGB, 0);
	line(lay, page, base0, py0, base0, py1, 0.6, AXIS_RGB, 0);

	for (i = 0; i < ch->npoints; i++) {
		double top = py0 + band * (double)i,
		       gy = top + (band - group) / 2;
		double th, bar_h = nfill > 0 ? group / (double)nfill : group;
		double end = base0, lx;
		size_t k = 0;
		int joined = nfill <= 1;

		th = text_block(lay, n, ch->cats[i], &ls, lw, DOC_ALIGN_RIGHT,
		                0, page, 0, 0);
		text_block(lay, n, ch->cats[i], &ls, lw, DOC_ALIGN_RIGHT, 1,
		           page, x, top + (band - th) / 2);
		for (s = 0; s < ch->nseries; s++) {
			const struct doc_series *ds = &ch->series[s];
			double x0, x1;

			v = ds->values[i];
			if (!ds->outline && isnan(v)) {
				k++;
				continue;
			}
			if (isnan(v))
				continue;
			x0 = fmin(base0, scale_to(&ax, v, px0, px1));
			x1 = fmax(base0, scale_to(&ax, v, px0, px1));
			end = fmax(end, x1);
			if (ds->outline) {
				rect(lay, page, x0, gy, x1 - x0, group, 0, 0,
				     0.6, ds->rgb);
				continue;
			}
			rect(lay, page, x0, gy + bar_h * (double)k, x1 - x0,
			     bar_h, 1, ds->rgb, 0, 0);
			if (!joined && ds->labels != NULL &&
			    ds->labels[i] != NULL)
				text_at(lay, n, page, ds->labels[i], &ts,
				        x1 + fs * 0.3,
				        gy + bar_h * ((double)k + 0.5) +
				            fs * 0.35,
				        0);
			k++;
		}
		if (!joined)
			continue;
		/* One bar (perhaps in its outline): "value / maximum". */
		lx = end + fs * 0.3;
		k = 0;
		for (int pass = 0; pass < 2; pass++)
			for (s = 0; s < ch->nseries; s++) {
				const struct doc_series *ds = &ch->series[s];

				if (ds->outline != pass || ds->labels == NULL ||
				    ds->labels[i] == NULL)
					continue;
				if (k++ > 0) {
					text_at(lay, n, page, " / ", &ts, lx,
					        gy + group / 2 + fs * 0.35, 0);
					lx += text_w(lay, n, " / ", &ts);
				}
				text_at(lay, n, page, ds->labels[i], &ts, lx,
				        gy + group / 2 + fs * 0.35, 0);
				lx += text_w(lay, n, ds->labels[i], &ts);
			}
	}
}

/* ---- line chart: categories along x, one polyline per series ---- */

static void
line_chart(struct layout *lay, const struct doc_node *n, size_t page, double x,
           double y, double w, double h)
{
	const struct doc_chart *ch = &n->u.chart;
	struct doc_style ls = ch->style, ts = ch->style;
	struct lay_axis ax;
	double fs = ch->style.size_pt, head, yw = 0, px0, px1, py0, py1, slot;
	double v, asc = layout_text_ascent(lay, fs), mk = fs * 0.45;
	size_t i, s;
	char buf[64];

	ts.rgb = TEXT_RGB;
	head = chart_head(lay, n, 1, page, x, y, w);
	chart_axis(ch, 0.12, &ax);
	for (v = first_tick(&ax); v <= ax.hi + ax.step * 1e-6; v += ax.step) {
		layout_chart_tick(&ax, v, buf, sizeof(buf));
		yw = fmax(yw, text_w(lay, n, buf, &ts));
	}
	px0 = x + yw + fs * 0.5;
	px1 = x + w;
	/* Room above the top gridline for its tick label. */
	py0 = y + head + fs * 0.6;
	py1 = y + h - fs * 1.6;
	if (ch->npoints == 0 || py1 - py0 < fs)
		return;
	slot = (px1 - px0) / (double)ch->npoints;

	for (v = first_tick(&ax); v <= ax.hi + ax.step * 1e-6; v += ax.step) {
		double ty = scale_to(&ax, v, py1, py0);

		line(lay, page, px0, ty, px1, ty, 0.4, GRID_RGB, 0);
		layout_chart_tick(&ax, v, buf, sizeof(buf));
		text_at(lay, n, page, buf, &ts, px0 - fs * 0.4, ty + fs * 0.35,
		        2);
	}
	line(lay, page, px0, py1, px1, py1, 0.6, AXIS_RGB, 0);
	line(lay, page, px0, py0, px0, py1, 0.6, AXIS_RGB, 0);
	for (i = 0; i < ch->npoints; i++) {
		double cx = px0 + slot * ((double)i + 0.5);

		line(lay, page, cx, py1, cx, py1 + fs * 0.25, 0.6, AXIS_RGB, 0);
		text_at(lay, n, page, ch->cats[i], &ls, cx,
		        py1 + fs * 0.3 + asc, 1);
	}
	/* Lines first, then markers over them, then value labels. */
	for (s = 0; s < ch->nseries; s++) {
		const struct doc_series *ds = &ch->series[s];

		for (i = 0; i + 1 < ch->npoints; i++) {
			double a = ds->values[i], b = ds->values[i + 1];

			/* A month without data is a gap, not a zero. */
			if (isnan(a) || isnan(b))
				continue;
			line(lay, page, px0 + slot * ((double)i + 0.5),
			     scale_to(&ax, a, py1, py0),
			     px0 + slot * ((double)i + 1.5),
			     scale_to(&ax, b, py1, py0), 1.2, ds->rgb, 0);
		}
	}
	for (s = 0; s < ch->nseries; s++) {
		const struct doc_series *ds = &ch->series[s];

		for (i = 0; i < ch->npoints; i++)
			if (!isnan(ds->values[i]))
				marker(lay, page, ds, s,
				       px0 + slot * ((double)i + 0.5),
				       scale_to(&ax, ds->values[i], py1, py0),
				       mk);
	}
	for (s = 0; s < ch->nseries; s++) {
		const struct doc_series *ds = &ch->series[s];

		if (ds->labels == NULL)
			continue;
		for (i = 0; i < ch->npoints; i++) {
			double py, cx = px0 + slot * ((double)i + 0.5);
			int below = 0;
			size_t o;

			if (isnan(ds->values[i]) || ds->labels[i] == NULL)
				continue;
			py = scale_to(&ax, ds->values[i], py1, py0);
			/* A point just above this one owns the space there. */
			for (o = 0; o < ch->nseries; o++) {
				double q = ch->series[o].values[i], qy;

				if (o == s || isnan(q))
					continue;
				qy = scale_to(&ax, q, py1, py0);
				if ((qy < py || (qy == py && o < s)) &&
				    py - qy < fs * 1.5)
					below = 1;
			}
			if (below && py + mk + fs * 1.2 > py1)
				below = 0;
			text_at(lay, n, page, ds->labels[i], &ts, cx,
			        below ? py + mk / 2 + fs * 0.3 + asc
			              : py - mk / 2 - fs * 0.35,
			        1);
		}
	}
}

void
layout_chart(struct layout *lay, struct lay_flow *f, const struct doc_node *n)
{
	const struct doc_chart *ch = &n->u.chart;
	double h = ch->height_pt;

	if (f->mode == LAY_FLOW && h > lay->frame_h + LAY_EPS) {
		diag_report(
		    lay->d, DIAG_LAYOUT_TOO_WIDE, &n->pos,
		    "chart of %.1f pt is taller than the %.1f pt frame%s%s", h,
		    lay->frame_h, n->record ? " in " : "",
		    n->record ? n->record : "");
		return;
	}
	/* A chart is never split: it moves to the next page whole. */
	layout_flow_need(lay, f, h);
	if (f->first_base < 0)
		f->first_base =
		    f->y + layout_text_ascent(lay, ch->style.size_pt);
	if (f->mode != LAY_DRY) {
		if (ch->type == DOC_CHART_BAR)
			bar_chart(lay, n, f->page, f->x, f->y, f->w, h);
		else
			line_chart(lay, n, f->page, f->x, f->y, f->w, h);
	}
	f->y += h;
	f->fresh = 0;
}

/* ---- organisation charts ---- */

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

		b->tw = text_w(lay, n, g->o->nodes[i].label, &st);
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
			line(lay, page, px, pbot, px, oy + kb->y, 0.6, BOX_RGB,
			     1);
			return;
		}
		line(lay, page, px, pbot, px, ky, 0.6, BOX_RGB, 1);
		line(lay, page, px, ky, ch, ky, 0.6, BOX_RGB, 1);
		return;
	}
	/* The superior is not above: go round through the gap beside it. */
	{
		double pm = oy + pb->y + g->box_h / 2;
		int right = kb->x > pb->x;
		double sx = ox + (right ? pb->x + pb->w + g->gap / 2
		                        : pb->x - g->gap / 2);

		line(lay, page, right ? ox + pb->x + pb->w : ox + pb->x, pm, sx,
		     pm, 0.6, BOX_RGB, 1);
		line(lay, page, sx, pm, sx, ky, 0.6, BOX_RGB, 1);
		line(lay, page, sx, ky, right ? kl : kr, ky, 0.6, BOX_RGB, 1);
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

			line(lay, page, cx, bot, cx, bus, 0.6, BOX_RGB, 0);
			for (k = 0; k < b->nkids; k++) {
				const struct org_box *c = &g->b[b->kids[k]];
				double kx = ox + c->x + c->w / 2;

				lo = fmin(lo, kx);
				hi = fmax(hi, kx);
				line(lay, page, kx, bus, kx, oy + c->y, 0.6,
				     BOX_RGB, 0);
			}
			if (hi > lo)
				line(lay, page, lo, bus, hi, bus, 0.6, BOX_RGB,
				     0);
		} else {
			double sx = bx + g->indent / 2;
			const struct org_box *last =
			    &g->b[b->kids[b->nkids - 1]];

			line(lay, page, sx, bot, sx,
			     oy + last->y + g->box_h / 2, 0.6, BOX_RGB, 0);
			for (k = 0; k < b->nkids; k++) {
				const struct org_box *c = &g->b[b->kids[k]];
				double my = oy + c->y + g->box_h / 2;

				line(lay, page, sx, my, ox + c->x, my, 0.6,
				     BOX_RGB, 0);
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

		rect(lay, page, ox + b->x, oy + b->y, b->w, g->box_h, 1,
		     b->in_tree ? g->o->head_rgb : 0xFFFFFF, 0.6, BOX_RGB);
		text_at(lay, n, page, g->o->nodes[i].label, &st,
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
