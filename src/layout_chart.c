/* SPDX-License-Identifier: MIT */
/*
 * Bar and line charts as vector graphics: value axes with round ticks,
 * gridlines, tick and value labels, a title and a legend. Drawn with the
 * primitives of layout_draw.c; organisation charts are layout_orgchart.c.
 */
#include "layout_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "page.h"

#define GRID_RGB 0xD9D9D9 /* gridlines */
#define AXIS_RGB 0x595959 /* axis lines */
#define TEXT_RGB 0x333333 /* tick labels */

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
		layout_draw_rect(lay, page, x - h, y - h, size, size, 1,
		                 ds->rgb, 0, 0);
	else
		layout_draw_rect(lay, page, x - h, y - h, size, size, 1,
		                 0xFFFFFF, 0.8, ds->rgb);
}

/* Swatch of a series in the legend, size fs wide. */
static void
swatch(struct layout *lay, size_t page, const struct doc_chart *ch, size_t s,
       double x, double mid, double fs)
{
	const struct doc_series *ds = &ch->series[s];

	if (ch->type == DOC_CHART_LINE) {
		layout_draw_line(lay, page, x, mid, x + 1.6 * fs, mid, 1.2,
		                 ds->rgb, 0);
		marker(lay, page, ds, s, x + 0.8 * fs, mid, fs * 0.45);
	} else if (ds->outline) {
		layout_draw_rect(lay, page, x, mid - fs * 0.35, 1.6 * fs,
		                 fs * 0.7, 0, 0, 0.6, ds->rgb);
	} else {
		layout_draw_rect(lay, page, x, mid - fs * 0.35, 1.6 * fs,
		                 fs * 0.7, 1, ds->rgb, 0, 0);
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
				legw += 2.1 * fs +
				        layout_draw_text_width(
				            lay, n, ch->series[s].name, &ls) +
				        fs;
	if (ch->title != NULL) {
		tw = layout_draw_text_width(lay, n, ch->title, &ts);
		if (tw + legw > w)
			th = layout_draw_text_block(lay, n, ch->title, &ts, w,
			                            DOC_ALIGN_LEFT, emit, page,
			                            x, y);
		else
			th = layout_draw_text_block(lay, n, ch->title, &ts,
			                            w - legw, DOC_ALIGN_LEFT,
			                            emit, page, x, y);
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
			layout_draw_text(lay, n, page, name, &ls, lx, base, 0);
			lx += layout_draw_text_width(lay, n, name, &ls) + fs;
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
		double cw = layout_draw_text_width(lay, n, ch->cats[i], &ls);

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
				lbw =
				    fmax(lbw, layout_draw_text_width(
				                  lay, n, ds->labels[i], &ts));
			else
				lbw +=
				    layout_draw_text_width(lay, n,
				                           ds->labels[i], &ts) +
				    layout_draw_text_width(lay, n, " / ", &ts);
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

		layout_draw_line(lay, page, tx, py0, tx, py1, 0.4, GRID_RGB, 0);
		layout_chart_tick(&ax, v, buf, sizeof(buf));
		layout_draw_text(lay, n, page, buf, &ts, tx,
		                 py1 + fs * 0.3 + layout_text_ascent(lay, fs),
		                 1);
	}
	base0 = scale_to(&ax, 0, px0, px1);
	layout_draw_line(lay, page, px0, py1, px1, py1, 0.6, AXIS_RGB, 0);
	layout_draw_line(lay, page, base0, py0, base0, py1, 0.6, AXIS_RGB, 0);

	for (i = 0; i < ch->npoints; i++) {
		double top = py0 + band * (double)i,
		       gy = top + (band - group) / 2;
		double th, bar_h = nfill > 0 ? group / (double)nfill : group;
		double end = base0, lx;
		size_t k = 0;
		int joined = nfill <= 1;

		th = layout_draw_text_block(lay, n, ch->cats[i], &ls, lw,
		                            DOC_ALIGN_RIGHT, 0, page, 0, 0);
		layout_draw_text_block(lay, n, ch->cats[i], &ls, lw,
		                       DOC_ALIGN_RIGHT, 1, page, x,
		                       top + (band - th) / 2);
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
				layout_draw_rect(lay, page, x0, gy, x1 - x0,
				                 group, 0, 0, 0.6, ds->rgb);
				continue;
			}
			layout_draw_rect(lay, page, x0, gy + bar_h * (double)k,
			                 x1 - x0, bar_h, 1, ds->rgb, 0, 0);
			if (!joined && ds->labels != NULL &&
			    ds->labels[i] != NULL)
				layout_draw_text(
				    lay, n, page, ds->labels[i], &ts,
				    x1 + fs * 0.3,
				    gy + bar_h * ((double)k + 0.5) + fs * 0.35,
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
					layout_draw_text(
					    lay, n, page, " / ", &ts, lx,
					    gy + group / 2 + fs * 0.35, 0);
					lx += layout_draw_text_width(
					    lay, n, " / ", &ts);
				}
				layout_draw_text(lay, n, page, ds->labels[i],
				                 &ts, lx,
				                 gy + group / 2 + fs * 0.35, 0);
				lx += layout_draw_text_width(
				    lay, n, ds->labels[i], &ts);
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
		yw = fmax(yw, layout_draw_text_width(lay, n, buf, &ts));
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

		layout_draw_line(lay, page, px0, ty, px1, ty, 0.4, GRID_RGB, 0);
		layout_chart_tick(&ax, v, buf, sizeof(buf));
		layout_draw_text(lay, n, page, buf, &ts, px0 - fs * 0.4,
		                 ty + fs * 0.35, 2);
	}
	layout_draw_line(lay, page, px0, py1, px1, py1, 0.6, AXIS_RGB, 0);
	layout_draw_line(lay, page, px0, py0, px0, py1, 0.6, AXIS_RGB, 0);
	for (i = 0; i < ch->npoints; i++) {
		double cx = px0 + slot * ((double)i + 0.5);

		layout_draw_line(lay, page, cx, py1, cx, py1 + fs * 0.25, 0.6,
		                 AXIS_RGB, 0);
		layout_draw_text(lay, n, page, ch->cats[i], &ls, cx,
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
			layout_draw_line(
			    lay, page, px0 + slot * ((double)i + 0.5),
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
			layout_draw_text(lay, n, page, ds->labels[i], &ts, cx,
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
