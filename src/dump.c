/* SPDX-License-Identifier: MIT */
/*
 * Text dumps of the template, document and page trees (--dump): one node
 * per line, indented by depth, with source positions and coordinates, in
 * the spirit of mandoc's tree output. Built into a buffer, so that nothing
 * reaches the output file before the whole dump is known.
 */
#include "dump.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "bind.h"
#include "buf.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "outfile.h"
#include "page.h"
#include "render.h"
#include "tmpl.h"
#include "utf8.h"

int
dump_kind_parse(const char *s, enum dump_kind *kind, struct diag *d)
{
	static const struct {
		const char *name;
		enum dump_kind kind;
	} kinds[] = {
	    {"tmpl", DUMP_TMPL},
	    {"doc", DUMP_DOC},
	    {"page", DUMP_PAGE},
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(s, kinds[i].name) == 0) {
			*kind = kinds[i].kind;
			return 0;
		}
	diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
	            "--dump=%.80s: expected --dump=tmpl (the template tree), "
	            "--dump=doc (the bound document) or --dump=page (the "
	            "laid-out pages)",
	            s);
	return -1;
}

/* ---- pieces every dump uses ---- */

static void
indent(struct buf *b, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		buf_adds(b, "  ");
}

/* A length or coordinate: 2 decimals, never "-0.00". */
static void
num(struct buf *b, const char *key, double v)
{
	if (fabs(v) < 0.005)
		v = 0;
	buf_printf(b, " %s=%.2f", key, v);
}

static void
rgb(struct buf *b, const char *key, uint32_t c)
{
	buf_printf(b, " %s=#%06X", key, (unsigned)(c & 0xFFFFFF));
}

/* s in double quotes, with C escapes for what would break the line. */
static void
quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c < 0x20 || c == 0x7F)
			buf_printf(b, "\\x%02X", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

/* " key="value"" when s is given. */
static void
attr(struct buf *b, const char *key, const char *s)
{
	if (s == NULL)
		return;
	buf_printf(b, " %s=", key);
	quoted(b, s);
}

/* Two spaces and FILE:LINE[:COL], then the end of the line. */
static void
position(struct buf *b, const struct srcpos *pos)
{
	if (pos->line > 0) {
		buf_printf(b, "  %s:%d", pos->file ? pos->file : "-",
		           pos->line);
		if (pos->col > 0)
			buf_printf(b, ":%d", pos->col);
	}
	buf_addc(b, '\n');
}

/* ---- the template tree ---- */

static void
tmpl_node(struct buf *b, const struct tmpl_node *n, int depth)
{
	const struct tmpl_node *c;
	size_t i;

	indent(b, depth);
	buf_adds(b, tmpl_kind_name(n->kind));
	if (n->kind == TMPL_TEXT) {
		buf_addc(b, ' ');
		quoted(b, n->text);
	}
	for (i = 0; i < n->nattrs; i++)
		attr(b, n->attrs[i].name, n->attrs[i].value);
	position(b, &n->pos);
	for (c = n->child; c != NULL; c = c->next)
		tmpl_node(b, c, depth + 1);
}

void
dump_tmpl(struct buf *b, const struct tmpl *t)
{
	tmpl_node(b, t->root, 0);
}

/* ---- the document tree ---- */

static const char *
align_name(enum doc_align a)
{
	return a == DOC_ALIGN_CENTER  ? "center"
	       : a == DOC_ALIGN_RIGHT ? "right"
	                              : "left";
}

static void
style(struct buf *b, const struct doc_style *s)
{
	num(b, "size", s->size_pt);
	if (s->bold)
		buf_adds(b, " bold");
	if (s->rgb != 0)
		rgb(b, "rgb", s->rgb);
}

static void
spans(struct buf *b, const struct doc_span *s, int depth)
{
	static const char *const names[] = {
	    [DOC_SPAN_TEXT] = "text",
	    [DOC_SPAN_PAGE] = "page-number",
	    [DOC_SPAN_PAGES] = "page-count",
	    [DOC_SPAN_RUNNING] = "running",
	};

	for (; s != NULL; s = s->next) {
		indent(b, depth);
		buf_adds(b, names[s->kind]);
		if (s->kind == DOC_SPAN_TEXT) {
			buf_addc(b, ' ');
			quoted(b, s->text);
		}
		style(b, &s->style);
		buf_addc(b, '\n');
	}
}

static void
para_props(struct buf *b, const struct doc_para *p)
{
	buf_printf(b, " align=%s", align_name(p->align));
	if (p->justify)
		buf_adds(b, " justify");
	if (p->first_indent_pt != 0)
		num(b, "first-indent", p->first_indent_pt);
	if (p->indent_pt != 0)
		num(b, "indent", p->indent_pt);
	num(b, "line-height", p->line_height);
	if (p->number > 0)
		buf_printf(b, " number=%d", p->number);
}

static void
block_props(struct buf *b, const struct doc_block *k)
{
	if (k->page_break_before)
		buf_adds(b, " page-break-before");
	if (k->keep_together)
		buf_adds(b, " keep-together");
	if (k->restart_pages)
		buf_adds(b, " restart-pages");
	if (k->bookmark != NULL) {
		attr(b, "bookmark", k->bookmark);
		buf_printf(b, " level=%d", k->bookmark_level);
	}
	if (k->toc)
		buf_adds(b, " toc");
	attr(b, "running", k->running);
	if (k->plain)
		buf_adds(b, " plain");
	if (k->per_page > 0)
		buf_printf(b, " per-page=%d", k->per_page);
}

static void
table_props(struct buf *b, const struct doc_table *t)
{
	size_t i;

	buf_adds(b, " cols=");
	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%s%.4f", i ? "," : "", t->cols[i].width);
	buf_printf(b, " header-rows=%zu", t->header_rows);
	num(b, "border", t->border_pt);
	num(b, "pad", t->pad_pt);
}

/* A chart's categories and series, one line each, below the chart. */
static void
chart_data(struct buf *b, const struct doc_chart *c, int depth)
{
	size_t i, j;

	for (i = 0; i < c->npoints; i++) {
		indent(b, depth);
		buf_adds(b, "category ");
		quoted(b, c->cats[i]);
		buf_addc(b, '\n');
	}
	for (i = 0; i < c->nseries; i++) {
		const struct doc_series *s = &c->series[i];

		indent(b, depth);
		buf_adds(b, "series");
		attr(b, "name", s->name);
		rgb(b, "rgb", s->rgb);
		if (s->outline)
			buf_adds(b, " outline");
		buf_adds(b, " values=");
		for (j = 0; j < c->npoints; j++) {
			if (j)
				buf_addc(b, ',');
			if (isnan(s->values[j]))
				buf_addc(b, '-');
			else
				buf_printf(b, "%.2f", s->values[j]);
		}
		for (j = 0; s->labels != NULL && j < c->npoints; j++)
			if (s->labels[j] != NULL) {
				buf_printf(b, " label%zu=", j + 1);
				quoted(b, s->labels[j]);
			}
		buf_addc(b, '\n');
	}
}

static void
chart_props(struct buf *b, const struct doc_chart *c)
{
	buf_adds(b, c->type == DOC_CHART_LINE ? " line" : " bar");
	attr(b, "title", c->title);
	num(b, "height", c->height_pt);
	style(b, &c->style);
	if (c->has_min)
		num(b, "min", c->min);
	if (c->has_max)
		num(b, "max", c->max);
}

static void
org_nodes(struct buf *b, const struct doc_org *o, int depth)
{
	size_t i, j;

	for (i = 0; i < o->nnodes; i++) {
		indent(b, depth);
		buf_printf(b, "box %zu ", i + 1);
		quoted(b, o->nodes[i].label);
		if (o->nodes[i].nparents > 0) {
			buf_adds(b, " parents=");
			for (j = 0; j < o->nodes[i].nparents; j++)
				buf_printf(b, "%s%zu", j ? "," : "",
				           o->nodes[i].parents[j] + 1);
		}
		buf_addc(b, '\n');
	}
}

static void
image_props(struct buf *b, const struct doc_image *im)
{
	attr(b, "src", im->png->path);
	buf_printf(b, " px=%dx%d", im->png->width_px, im->png->height_px);
	if (im->width_pt > 0)
		num(b, "width", im->width_pt);
	if (im->height_pt > 0)
		num(b, "height", im->height_pt);
	buf_printf(b, " align=%s", align_name(im->align));
	if (im->overlay) {
		buf_adds(b, " overlay");
		if (im->has_x)
			num(b, "x", im->x_pt);
		if (im->has_y)
			num(b, "y", im->y_pt);
	}
	num(b, "opacity", im->opacity);
}

/*
 * n and its subtree; record is the one its parent was bound for, so that a
 * node shows its record only where it changes.
 */
static void
doc_node(struct buf *b, const struct doc_node *n, int depth, const char *record)
{
	static const char *const names[] = {
	    [DOC_BLOCK] = "block",
	    [DOC_PARA] = "para",
	    [DOC_TABLE] = "table",
	    [DOC_ROW] = "row",
	    [DOC_CELL] = "cell",
	    [DOC_SPACE] = "space",
	    [DOC_RULE] = "rule",
	    [DOC_PAGEBREAK] = "page-break",
	    [DOC_SIGNATURES] = "signatures",
	    [DOC_TOC] = "toc",
	    [DOC_CHART] = "chart",
	    [DOC_ORGCHART] = "orgchart",
	    [DOC_IMAGE] = "image",
	};
	const struct doc_node *c;

	indent(b, depth);
	buf_adds(b, names[n->kind]);
	switch (n->kind) {
	case DOC_BLOCK:
		block_props(b, &n->u.block);
		break;
	case DOC_PARA:
	case DOC_SIGNATURES:
		para_props(b, &n->u.para);
		break;
	case DOC_TABLE:
		table_props(b, &n->u.table);
		break;
	case DOC_ROW:
		if (n->u.row.min_height_pt > 0)
			num(b, "min-height", n->u.row.min_height_pt);
		if (n->u.row.shade_rgb != 0xFFFFFF)
			rgb(b, "shade", n->u.row.shade_rgb);
		if (n->u.row.keep)
			buf_adds(b, " keep");
		break;
	case DOC_CELL:
		if (n->u.cell.colspan > 1)
			buf_printf(b, " colspan=%zu", n->u.cell.colspan);
		buf_printf(b, " align=%s", align_name(n->u.cell.align));
		if (n->u.cell.valign_middle)
			buf_adds(b, " valign=middle");
		break;
	case DOC_SPACE:
		num(b, "height", n->u.height_pt);
		break;
	case DOC_RULE:
		num(b, "thickness", n->u.height_pt);
		break;
	case DOC_CHART:
		chart_props(b, &n->u.chart);
		break;
	case DOC_ORGCHART:
		style(b, &n->u.org.style);
		rgb(b, "head", n->u.org.head_rgb);
		break;
	case DOC_IMAGE:
		image_props(b, &n->u.image);
		break;
	case DOC_PAGEBREAK:
	case DOC_TOC:
		break;
	}
	if (n->space_before_pt != 0)
		num(b, "before", n->space_before_pt);
	if (n->space_after_pt != 0)
		num(b, "after", n->space_after_pt);
	if (n->record != NULL &&
	    (record == NULL || strcmp(n->record, record) != 0))
		attr(b, "record", n->record);
	position(b, &n->pos);
	if (n->kind == DOC_PARA || n->kind == DOC_SIGNATURES)
		spans(b, n->u.para.spans, depth + 1);
	else if (n->kind == DOC_CHART)
		chart_data(b, &n->u.chart, depth + 1);
	else if (n->kind == DOC_ORGCHART)
		org_nodes(b, &n->u.org, depth + 1);
	for (c = n->child; c != NULL; c = c->next)
		doc_node(b, c, depth + 1, n->record);
}

/* A top-level part ("header"): its name, then its tree one level in. */
static void
doc_part(struct buf *b, const char *name, const struct doc_node *n)
{
	if (n == NULL)
		return;
	buf_printf(b, "%s\n", name);
	doc_node(b, n, 1, NULL);
}

void
dump_doc(struct buf *b, const struct doc *doc)
{
	const struct doc_meta *m = &doc->meta;

	buf_adds(b, "document");
	num(b, "width", doc->page_width_pt);
	num(b, "height", doc->page_height_pt);
	num(b, "margin-top", doc->margin_top_pt);
	num(b, "margin-right", doc->margin_right_pt);
	num(b, "margin-bottom", doc->margin_bottom_pt);
	num(b, "margin-left", doc->margin_left_pt);
	num(b, "header-gap", doc->header_gap_pt);
	num(b, "footer-gap", doc->footer_gap_pt);
	style(b, &doc->base);
	buf_addc(b, '\n');
	if (m->title || m->author || m->subject || m->keywords || m->creator) {
		buf_adds(b, "meta");
		attr(b, "title", m->title);
		attr(b, "author", m->author);
		attr(b, "subject", m->subject);
		attr(b, "keywords", m->keywords);
		attr(b, "creator", m->creator);
		buf_addc(b, '\n');
	}
	if (doc->watermark != NULL) {
		buf_adds(b, "watermark");
		num(b, "angle", doc->watermark->angle_deg);
		buf_addc(b, '\n');
		doc_node(b, doc->watermark->para, 1, NULL);
	}
	doc_part(b, "header", doc->header);
	doc_part(b, "footer", doc->footer);
	doc_part(b, "body", doc->body);
}

/* ---- the pages ---- */

/* The advance of a text run as layout measured it. */
static double
run_width(const struct page_text *t, const struct fontset *fs)
{
	double w = 0;
	size_t off = 0;
	uint32_t cp;
	int n;

	while (off < t->len &&
	       (n = utf8_decode(t->utf8 + off, t->len - off, &cp)) > 0) {
		w += fontset_advance(fs, t->font, cp, t->size_pt) +
		     t->char_space_pt;
		off += (size_t)n;
	}
	return w;
}

static void
text_item(struct buf *b, const struct page_text *t, const struct fontset *fs)
{
	buf_adds(b, "text");
	num(b, "x", t->x_pt);
	num(b, "y", t->y_pt);
	if (fs != NULL) {
		num(b, "w", run_width(t, fs));
		buf_printf(b, " font=%s", fontset_name(fs, t->font));
	} else
		buf_printf(b, " font=%d", t->font);
	num(b, "size", t->size_pt);
	if (t->bold)
		buf_adds(b, " bold");
	if (t->rgb != 0)
		rgb(b, "rgb", t->rgb);
	if (t->char_space_pt != 0)
		num(b, "char-space", t->char_space_pt);
	if (t->angle_deg != 0)
		num(b, "angle", t->angle_deg);
	if (t->artifact)
		buf_adds(b, " artifact");
	buf_addc(b, ' ');
	quoted(b, t->utf8);
}

static void
page_item(struct buf *b, const struct page_doc *pd, const struct page_item *it,
          const struct fontset *fs)
{
	switch (it->kind) {
	case PAGE_TEXT:
		text_item(b, &it->u.text, fs);
		break;
	case PAGE_LINE: {
		const struct page_line *l = &it->u.line;

		buf_adds(b, "line");
		num(b, "x1", l->x1_pt);
		num(b, "y1", l->y1_pt);
		num(b, "x2", l->x2_pt);
		num(b, "y2", l->y2_pt);
		num(b, "width", l->width_pt);
		rgb(b, "rgb", l->rgb);
		if (l->dashed)
			buf_adds(b, " dashed");
		break;
	}
	case PAGE_RECT: {
		const struct page_rect *r = &it->u.rect;

		buf_adds(b, "rect");
		num(b, "x", r->x_pt);
		num(b, "y", r->y_pt);
		num(b, "w", r->w_pt);
		num(b, "h", r->h_pt);
		if (r->fill)
			rgb(b, "fill", r->fill_rgb);
		if (r->stroke_pt > 0) {
			num(b, "stroke", r->stroke_pt);
			rgb(b, "stroke-rgb", r->stroke_rgb);
		}
		break;
	}
	case PAGE_LINK: {
		const struct page_link *k = &it->u.link;

		buf_adds(b, "link");
		num(b, "x", k->x_pt);
		num(b, "y", k->y_pt);
		num(b, "w", k->w_pt);
		num(b, "h", k->h_pt);
		buf_printf(b, " to-page=%zu", k->target_page + 1);
		num(b, "to-y", k->target_y_pt);
		break;
	}
	case PAGE_IMAGE: {
		const struct page_image *im = &it->u.image;

		buf_adds(b, "image");
		num(b, "x", im->x_pt);
		num(b, "y", im->y_pt);
		num(b, "w", im->w_pt);
		num(b, "h", im->h_pt);
		buf_printf(b, " png=%zu", im->png + 1);
		if (im->png < pd->npngs)
			buf_printf(b, " px=%dx%d", pd->pngs[im->png].width_px,
			           pd->pngs[im->png].height_px);
		num(b, "opacity", im->opacity);
		break;
	}
	}
	buf_addc(b, '\n');
}

void
dump_pages(struct buf *b, const struct page_doc *pd, const struct fontset *fs)
{
	const struct page_meta *m = &pd->meta;
	size_t p, i;

	buf_printf(b, "pages %zu\n", pd->npages);
	if (m->title || m->author || m->subject || m->keywords || m->creator) {
		buf_adds(b, "meta");
		attr(b, "title", m->title);
		attr(b, "author", m->author);
		attr(b, "subject", m->subject);
		attr(b, "keywords", m->keywords);
		attr(b, "creator", m->creator);
		buf_addc(b, '\n');
	}
	for (i = 0; i < pd->npngs; i++)
		buf_printf(b, "png %zu px=%dx%d bytes=%zu\n", i + 1,
		           pd->pngs[i].width_px, pd->pngs[i].height_px,
		           pd->pngs[i].len);
	for (p = 0; p < pd->npages; p++) {
		const struct page *pg = &pd->pages[p];

		buf_printf(b, "page %zu", p + 1);
		num(b, "w", pg->width_pt);
		num(b, "h", pg->height_pt);
		buf_printf(b, " items=%zu\n", pg->nitems);
		for (i = 0; i < pg->nitems; i++) {
			indent(b, 1);
			page_item(b, pd, &pg->items[i], fs);
		}
	}
	for (i = 0; i < pd->noutlines; i++) {
		const struct page_outline *o = &pd->outlines[i];

		indent(b, o->level);
		buf_printf(b, "outline level=%d page=%zu", o->level,
		           o->page + 1);
		num(b, "y", o->y_pt);
		buf_addc(b, ' ');
		quoted(b, o->title);
		buf_addc(b, '\n');
	}
}

/* ---- the command ---- */

int
dump_render(enum dump_kind kind, const char *dbpath, const char *tpath,
            const struct bind_param *params, size_t nparams,
            const char *const *fonts, size_t nfonts, const char *out,
            struct diag *d)
{
	struct db *db = NULL;
	struct tmpl *t = NULL;
	struct doc *doc = NULL;
	struct fontset *fs = NULL;
	struct page_doc *pd = NULL;
	struct buf b;
	size_t n = strlen(out);
	int rc = -1;

	/* the command line of a PDF with --dump added would replace it */
	if (n > 4 && strcasecmp(out + n - 4, ".pdf") == 0) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "--dump writes text, not a PDF: -o %s would "
		            "replace it; give -o FILE.txt, or no -o to see "
		            "the text on the screen",
		            out);
		return -1;
	}
	buf_init(&b, 0);
	if (kind == DUMP_TMPL) {
		/* the tree as written, even while its queries are wrong */
		if ((t = tmpl_parse_file(tpath, d)) == NULL)
			goto out;
		dump_tmpl(&b, t);
	} else {
		if ((db = db_open(dbpath, DB_READONLY, d)) == NULL ||
		    (t = render_template(tpath, db, d)) == NULL)
			goto out;
		if (kind == DUMP_DOC) {
			if ((doc = bind_run(t, db, params, nparams, d)) == NULL)
				goto out;
			dump_doc(&b, doc);
		} else {
			if ((fs = render_fonts(fonts, nfonts, d)) == NULL ||
			    (pd = render_pages(t, db, params, nparams, fs,
			                       d)) == NULL)
				goto out;
			dump_pages(&b, pd, fs);
		}
	}
	rc = outfile_write(out, b.data != NULL ? b.data : "", b.len, 0, d);
out:
	buf_free(&b);
	page_doc_free(pd);
	fontset_free(fs);
	doc_free(doc);
	tmpl_free(t);
	db_close(db);
	return rc;
}
