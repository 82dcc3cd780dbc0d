/* SPDX-License-Identifier: MIT */
/*
 * Walks a checked template with a stack of query rows in scope and builds
 * the document tree: sections repeat per row, tables take rows from
 * queries, fields are formatted, and every text from the database is
 * checked as UTF-8 before it can reach a PDF.
 */
#include "bind.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "doc.h"
#include "image.h"
#include "month.h"
#include "tmpl_int.h"
#include "utf8.h"
#include "xmem.h"

/* Rows of a query in scope, with the current row. */
struct frame {
	struct frame *up;
	const char *alias;
	const struct db_rows *rows;
	size_t row;
};

struct binder {
	const struct tmpl *t;
	struct db *db;
	struct diag *d;
	struct doc *doc;
	struct fmt_value *pvals; /* template parameter values */
	const char **pnames;
	size_t np;
	struct frame *top;        /* innermost query row */
	struct arena *rows_arena; /* query results, freed with the binder */
	const char *record;       /* current record for messages */
	struct bind_png *pngs;    /* image files copied into the doc */
	size_t npngs, pngs_cap;
	int errors;
};

/*
 * A template's image file or a BLOB of the database, and its copy in the
 * document: each picture is copied once, whatever the number of records.
 */
struct bind_png {
	const void *from; /* tmpl_image, or the BLOB's bytes */
	size_t len;       /* BLOB: bytes; 0 for a file */
	const struct doc_png *to;
};

static const struct fmt_value *
lookup(void *ctx, const char *alias, const char *name)
{
	struct binder *b = ctx;
	struct frame *f;
	size_t i;

	if (alias == NULL) {
		for (i = 0; i < b->np; i++)
			if (strcmp(b->pnames[i], name) == 0)
				return &b->pvals[i];
		return NULL;
	}
	for (f = b->top; f; f = f->up) {
		int c;
		if (strcmp(f->alias, alias) != 0)
			continue;
		c = db_col(f->rows, name);
		return c < 0 ? NULL : db_cell(f->rows, f->row, (size_t)c);
	}
	return NULL;
}

/* The record named in messages, e.g. " (employee E0012)". */
static const char *
rec(const struct binder *b)
{
	return b->record ? b->record : "";
}

static int
check_utf8(struct binder *b, const struct tmpl_node *n, const char *what,
           const char *s)
{
	size_t off;

	if (utf8_validate(s, strlen(s), &off) == 0)
		return 0;
	diag_report(b->d, DIAG_BIND_UTF8, &n->pos, "%s, byte %zu%s%s", what,
	            off + 1, b->record ? ", " : "", rec(b));
	b->errors++;
	return -1;
}

/* Evaluate a substitution text into the doc arena; NULL if absent. */
static const char *
eval_interp(struct binder *b, const struct tmpl_node *n,
            const struct interp *in, const char *what)
{
	struct buf out;
	const char *why = NULL, *s;

	if (in == NULL)
		return NULL;
	buf_init(&out, 1 << 20);
	if (interp_eval(in, lookup, b, &out, &why) != 0) {
		diag_report(b->d, DIAG_BIND_FORMAT, &n->pos, "%s: %s%s%s", what,
		            why ? why : "bad value", b->record ? ", " : "",
		            rec(b));
		b->errors++;
		buf_free(&out);
		return NULL;
	}
	s = arena_strdup(b->doc->arena, buf_cstr(&out));
	buf_free(&out);
	return check_utf8(b, n, what, s) == 0 ? s : NULL;
}

/* Run the query of a use-site with its with-bindings and parameters. */
static int
run_query(struct binder *b, const struct tmpl_node *n, struct db_rows *rows)
{
	const struct tmpl_info *in = n->check;
	struct db_param *ps;
	size_t i, k = 0;
	int rc;

	ps = xcalloc(b->np + in->nwith + 1, sizeof(*ps));
	for (i = 0; i < in->nwith; i++) {
		ps[k].name = in->with[i].name;
		expr_eval(in->with[i].e, lookup, b, &ps[k].v);
		k++;
	}
	for (i = 0; i < b->np; i++) {
		ps[k].name = b->pnames[i];
		ps[k].v = b->pvals[i];
		k++;
	}
	rc = db_query(b->db, in->sql, &in->sql_pos, ps, k, b->rows_arena, rows,
	              b->d);
	free(ps);
	if (rc != 0)
		b->errors++;
	return rc;
}

static void
apply_style(const struct tmpl_node *n, struct doc_style *st)
{
	const struct tmpl_info *in = n->check;

	if (in == NULL)
		return;
	if (in->size_pt > 0)
		st->size_pt = in->size_pt;
	if (in->bold >= 0)
		st->bold = in->bold;
	if (in->color >= 0)
		st->rgb = (uint32_t)in->color;
}

static double
attr_len(const struct tmpl_node *n, const char *name, double dflt)
{
	const char *v = tmpl_attr(n, name);
	double x = v ? tmpl_length(v) : -1;
	return x >= 0 ? x : dflt;
}

static enum doc_align
attr_align(const struct tmpl_node *n, enum doc_align dflt)
{
	const char *v = tmpl_attr(n, "align");

	if (v == NULL)
		return dflt;
	return strcmp(v, "center") == 0  ? DOC_ALIGN_CENTER
	       : strcmp(v, "right") == 0 ? DOC_ALIGN_RIGHT
	                                 : DOC_ALIGN_LEFT;
}

static int
yes(const struct tmpl_node *n, const char *name)
{
	const char *v = tmpl_attr(n, name);
	return v && strcmp(v, "yes") == 0;
}

/* Inline content of n appended as spans to para. */
static void
bind_inline(struct binder *b, const struct tmpl_node *n, struct doc_node *para,
            struct doc_style st)
{
	const struct tmpl_node *c;

	for (c = n->child; c; c = c->next) {
		switch (c->kind) {
		case TMPL_TEXT:
			doc_add_span(b->doc, para, DOC_SPAN_TEXT, c->text, &st);
			break;
		case TMPL_FIELD: {
			const struct tmpl_info *in = c->check;
			struct fmt_value v;
			struct buf out;
			const char *why = NULL;

			expr_eval(in->expr, lookup, b, &v);
			buf_init(&out, 1 << 20);
			if (v.type == FMT_V_NULL && in->dflt)
				buf_adds(&out, in->dflt);
			else if (fmt_format(&in->fmt, &v, &out, &why) != 0) {
				diag_report(b->d, DIAG_BIND_FORMAT, &c->pos,
				            "%s as %s: %s%s%s",
				            tmpl_attr(c, "value"),
				            fmt_name(in->fmt.kind),
				            why ? why : "bad value",
				            b->record ? ", " : "", rec(b));
				b->errors++;
			}
			if (check_utf8(b, c, tmpl_attr(c, "value"),
			               buf_cstr(&out)) == 0)
				doc_add_span(b->doc, para, DOC_SPAN_TEXT,
				             buf_cstr(&out), &st);
			buf_free(&out);
			break;
		}
		case TMPL_B: {
			struct doc_style bs = st;
			bs.bold = 1;
			bind_inline(b, c, para, bs);
			break;
		}
		case TMPL_BR:
			doc_add_span(b->doc, para, DOC_SPAN_TEXT, "\n", &st);
			break;
		case TMPL_PAGE_NUMBER:
			doc_add_span(b->doc, para, DOC_SPAN_PAGE, NULL, &st);
			break;
		case TMPL_PAGE_COUNT:
			doc_add_span(b->doc, para, DOC_SPAN_PAGES, NULL, &st);
			break;
		case TMPL_RUNNING:
			doc_add_span(b->doc, para, DOC_SPAN_RUNNING, NULL, &st);
			break;
		default:
			break;
		}
	}
}

static struct doc_node *
new_para(struct binder *b, const struct tmpl_node *n, struct doc_node *parent,
         const struct doc_style *inherit, enum doc_align align_dflt,
         struct doc_style *st_out)
{
	struct doc_node *p = doc_add(b->doc, parent, DOC_PARA);
	const char *lh = tmpl_attr(n, "line-height");

	*st_out = *inherit;
	apply_style(n, st_out);
	p->pos = n->pos;
	p->record = b->record;
	p->u.para.align = attr_align(n, align_dflt);
	p->u.para.justify = yes(n, "justify");
	p->u.para.indent_pt = attr_len(n, "indent", 0);
	p->u.para.first_indent_pt = attr_len(n, "first-indent", 0);
	if (lh)
		p->u.para.line_height = atof(lh) > 0.5 ? atof(lh) : 1.5;
	p->space_before_pt = attr_len(n, "space-before", 0);
	p->space_after_pt = attr_len(n, "space-after", 0);
	return p;
}

static void
add_bind_png(struct binder *b, const void *from, size_t len,
             const struct doc_png *to)
{
	b->pngs = xgrow(b->pngs, &b->pngs_cap, b->npngs + 1, sizeof(*b->pngs));
	b->pngs[b->npngs].from = from;
	b->pngs[b->npngs].len = len;
	b->pngs[b->npngs++].to = to;
}

/*
 * The picture of <image field="...">: the BLOB's PNG (rewritten as a PNG
 * the PDF writer takes if it is of another kind), one copy per document.
 * NULL when the value is NULL (nothing is drawn) or after reporting.
 */
static const struct doc_png *
blob_png(struct binder *b, const struct tmpl_node *n, const struct fmt_value *v)
{
	const unsigned char *data = (const unsigned char *)v->s;
	const char *field = tmpl_attr(n, "field"), *why;
	const struct doc_png *png;
	unsigned char *plain = NULL;
	size_t i, len = (size_t)v->i;
	int w, h;

	if (v->type == FMT_V_NULL)
		return NULL;
	if (v->type != FMT_V_BLOB) {
		diag_report(b->d, DIAG_BIND_FORMAT, &n->pos,
		            "image field=\"%s\""
		            ": expected a PNG BLOB, got %s%s%s",
		            field, v->type == FMT_V_TEXT ? "text" : "a number",
		            b->record ? ", " : "", rec(b));
		b->errors++;
		return NULL;
	}
	for (i = 0; i < b->npngs; i++)
		if (len > 0 && b->pngs[i].len == len &&
		    (b->pngs[i].from == data ||
		     memcmp(b->pngs[i].from, data, len) == 0))
			return b->pngs[i].to;
	why = image_png_problem(data, len, &w, &h);
	if ((why != NULL || !image_png_is_plain(data, len)) &&
	    image_png_normalize(data, len, &plain, &len, &w, &h, &why) != 0) {
		diag_report(b->d, DIAG_BIND_FORMAT, &n->pos,
		            "image field=\"%s\""
		            ": %s (load pictures with hrpress store)%s%s",
		            field, why, b->record ? ", " : "", rec(b));
		b->errors++;
		return NULL;
	}
	png = doc_add_png(b->doc, plain ? plain : data, len, w, h,
	                  arena_printf(b->doc->arena, "field %s", field));
	free(plain);
	/* keyed by the BLOB as the database gave it */
	add_bind_png(b, v->s, (size_t)v->i, png);
	return png;
}

/*
 * <image>: a file was read by tmpl_check, a BLOB comes from the row in
 * scope; the doc gets one copy of each picture.
 */
static void
bind_image(struct binder *b, const struct tmpl_node *n, struct doc_node *parent)
{
	const struct tmpl_info *in = n->check;
	const struct tmpl_image *im = in->image;
	const struct doc_png *png = NULL;
	struct doc_node *x;
	struct doc_image *di;
	size_t i;

	if (im == NULL) {
		struct fmt_value v;

		expr_eval(in->expr, lookup, b, &v);
		if ((png = blob_png(b, n, &v)) == NULL)
			return; /* no picture: nothing is drawn */
	} else {
		for (i = 0; i < b->npngs && png == NULL; i++)
			if (b->pngs[i].from == im)
				png = b->pngs[i].to;
		if (png == NULL) {
			png =
			    doc_add_png(b->doc, im->png, im->len, im->width_px,
			                im->height_px, im->path);
			add_bind_png(b, im, 0, png);
		}
	}
	x = doc_add(b->doc, parent, DOC_IMAGE);
	di = &x->u.image;
	x->pos = n->pos;
	x->record = b->record;
	x->space_before_pt = attr_len(n, "space-before", 0);
	x->space_after_pt = attr_len(n, "space-after", 0);
	di->png = png;
	di->width_pt = in->width_pt;
	di->height_pt = in->height_pt;
	di->align = attr_align(n, DOC_ALIGN_LEFT);
	di->overlay = yes(n, "overlay");
	di->has_x = in->has_x;
	di->has_y = in->has_y;
	di->x_pt = in->x_pt;
	di->y_pt = in->y_pt;
	di->opacity = in->opacity;
}

/* <watermark>: a paragraph of one span (the text in its style). */
static void
bind_watermark(struct binder *b, const struct tmpl_node *n)
{
	const struct tmpl_info *in = n->check;
	struct doc_watermark *w = arena_alloc(b->doc->arena, sizeof(*w));
	struct doc_style st = b->doc->base;
	const char *text = tmpl_attr(n, "text");

	st.size_pt = 60;
	st.bold = 0;
	st.rgb = 0xD9D9D9;
	apply_style(n, &st);
	w->para = doc_add(b->doc, NULL, DOC_PARA);
	w->para->pos = n->pos;
	w->para->record = "watermark";
	doc_add_span(b->doc, w->para, DOC_SPAN_TEXT, text ? text : "", &st);
	w->angle_deg = in->angle_deg;
	b->doc->watermark = w;
}

static void bind_blocks(struct binder *, const struct tmpl_node *,
                        struct doc_node *, struct doc_style);

/* A value as text in the doc arena (NULL for a NULL value). */
static const char *
value_text(struct binder *b, const struct tmpl_node *n, const char *what,
           enum fmt_kind fk, const struct fmt_value *v)
{
	struct buf out;
	const char *why = NULL, *s = NULL;

	if (v->type == FMT_V_NULL)
		return NULL;
	buf_init(&out, 1 << 16);
	if (fmt_value(fk, v, &out, &why) != 0) {
		diag_report(b->d, DIAG_BIND_FORMAT, &n->pos, "%s as %s: %s%s%s",
		            what, fmt_name(fk), why ? why : "bad value",
		            b->record ? ", " : "", rec(b));
		b->errors++;
	} else if (check_utf8(b, n, what, buf_cstr(&out)) == 0)
		s = arena_strdup(b->doc->arena, buf_cstr(&out));
	buf_free(&out);
	return s;
}

/* A chart value in axis units: NAN for NULL (a gap), -1 if not a number. */
static int
chart_number(const struct fmt_value *v, double scale, double *out)
{
	char *end;

	switch (v->type) {
	case FMT_V_NULL:
		*out = NAN;
		return 0;
	case FMT_V_INT:
		*out = (double)v->i / scale;
		return 0;
	case FMT_V_REAL:
		*out = v->r / scale;
		return isfinite(v->r) ? 0 : -1;
	case FMT_V_TEXT:
		*out = strtod(v->s, &end) / scale;
		return *v->s != '\0' && *end == '\0' && isfinite(*out) ? 0 : -1;
	case FMT_V_BLOB:
		return -1;
	}
	return -1;
}

/* <chart>: every row of its query is a category, every <series> a line. */
static void
bind_chart(struct binder *b, const struct tmpl_node *n, struct doc_node *parent,
           struct doc_style st)
{
	const struct tmpl_info *in = n->check;
	const struct tmpl_node *s;
	struct doc_node *x;
	struct doc_chart *ch;
	struct db_rows rows;
	struct frame f = {NULL, NULL, NULL, 0};
	const char *type = tmpl_attr(n, "type");
	size_t k;

	x = doc_add(b->doc, parent, DOC_CHART);
	x->pos = n->pos;
	x->record = b->record;
	x->space_before_pt = attr_len(n, "space-before", 0);
	x->space_after_pt = attr_len(n, "space-after", 0);
	ch = &x->u.chart;
	ch->type = strcmp(type, "line") == 0 ? DOC_CHART_LINE : DOC_CHART_BAR;
	ch->height_pt = attr_len(n, "height", ch->height_pt);
	ch->style = st;
	ch->style.size_pt = 8;
	apply_style(n, &ch->style);
	ch->title = eval_interp(b, n, in->title, "title");
	ch->has_min = in->has_min;
	ch->has_max = in->has_max;
	ch->min = in->min;
	ch->max = in->max;
	for (s = n->child; s; s = s->next)
		ch->nseries += s->kind == TMPL_SERIES;
	ch->series =
	    arena_alloc(b->doc->arena, (ch->nseries + 1) * sizeof(*ch->series));
	if (run_query(b, n, &rows) != 0)
		return;
	ch->npoints = rows.nrows;
	ch->cats =
	    arena_alloc(b->doc->arena, (rows.nrows + 1) * sizeof(*ch->cats));
	for (s = n->child, k = 0; s; s = s->next) {
		const struct tmpl_info *si = s->check;
		struct doc_series *ds;
		const char *color = tmpl_attr(s, "color");

		if (s->kind != TMPL_SERIES)
			continue;
		ds = &ch->series[k++];
		ds->name = tmpl_attr(s, "name");
		ds->rgb = color    ? (uint32_t)strtol(color + 1, NULL, 16)
		          : k == 1 ? 0x2F6EA6
		                   : 0xD0703A;
		ds->outline = yes(s, "outline");
		ds->values = arena_alloc(
		    b->doc->arena, (rows.nrows + 1) * sizeof(*ds->values));
		if (si->value_labels)
			ds->labels =
			    arena_alloc(b->doc->arena,
			                (rows.nrows + 1) * sizeof(*ds->labels));
	}
	f.up = b->top;
	f.alias = in->alias;
	f.rows = &rows;
	/* cppcheck-suppress autoVariables ; popped before return */
	b->top = &f;
	for (f.row = 0; f.row < rows.nrows; f.row++) {
		struct fmt_value v;
		const char *cat;

		expr_eval(in->label_e, lookup, b, &v);
		cat = value_text(b, n, tmpl_attr(n, "label"), FMT_TEXT, &v);
		ch->cats[f.row] = cat ? cat : "";
		for (s = n->child, k = 0; s; s = s->next) {
			const struct tmpl_info *si = s->check;
			struct doc_series *ds;

			if (s->kind != TMPL_SERIES)
				continue;
			ds = &ch->series[k++];
			expr_eval(si->expr, lookup, b, &v);
			if (chart_number(&v, si->scale, &ds->values[f.row]) !=
			    0) {
				diag_report(
				    b->d, DIAG_BIND_FORMAT, &s->pos,
				    "%s: a chart needs a number, query %s "
				    "row %zu%s%s",
				    tmpl_attr(s, "value"),
				    tmpl_attr(n, "query"), f.row + 1,
				    b->record ? ", " : "", rec(b));
				b->errors++;
				ds->values[f.row] = NAN;
			}
			if (ds->labels != NULL)
				ds->labels[f.row] =
				    value_text(b, s, tmpl_attr(s, "value"),
				               si->fmt.kind, &v);
		}
	}
	b->top = f.up;
}

/* Position of id among sorted ids, or -1. */
static long
org_find(const char *const *ids, const size_t *order, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ids[order[mid]], id);

		if (c == 0)
			return (long)order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* An id with its row, sorted by id to find superiors by binary search. */
struct org_key {
	const char *id;
	size_t i;
};

static int
org_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct org_key *)a)->id,
	              ((const struct org_key *)b)->id);
}

/* Superiors must not form a cycle: depth-first search with colours. */
static int
org_acyclic(struct binder *b, const struct tmpl_node *n, struct doc_org *o)
{
	unsigned char *colour = xcalloc(o->nnodes + 1, 1);
	size_t *stack = xcalloc(o->nnodes + 1, sizeof(*stack));
	size_t *edge = xcalloc(o->nnodes + 1, sizeof(*edge));
	size_t i;
	int ok = 1;

	for (i = 0; i < o->nnodes && ok; i++) {
		size_t sp = 0;

		if (colour[i])
			continue;
		stack[sp] = i;
		edge[sp++] = 0;
		colour[i] = 1;
		while (sp > 0 && ok) {
			size_t u = stack[sp - 1];

			if (edge[sp - 1] == o->nodes[u].nparents) {
				colour[u] = 2;
				sp--;
				continue;
			}
			{
				size_t p = o->nodes[u].parents[edge[sp - 1]++];

				if (colour[p] == 1) {
					diag_report(
					    b->d, DIAG_DB_DATA, &n->pos,
					    "superiors form a cycle through "
					    "\"%s\"%s%s",
					    o->nodes[p].label,
					    b->record ? ", " : "", rec(b));
					b->errors++;
					ok = 0;
				} else if (colour[p] == 0) {
					colour[p] = 1;
					stack[sp] = p;
					edge[sp++] = 0;
				}
			}
		}
	}
	free(colour);
	free(stack);
	free(edge);
	return ok ? 0 : -1;
}

/* Split a list of ids separated by commas, 、 or white space. */
static size_t
org_split(char *s, char **out, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (*p != '\0') {
		char *start;

		while (*p == ',' || *p == ' ' || *p == '\t' || *p == ';' ||
		       strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0)
			p += (unsigned char)*p >= 0x80 ? 3 : 1;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t' &&
		       *p != ';' && strncmp(p, "、", 3) != 0 &&
		       strncmp(p, "，", 3) != 0)
			p++;
		if (n < max)
			out[n++] = start;
		if (*p == '\0')
			break;
		if ((unsigned char)*p >= 0x80) {
			*p = '\0';
			p += 3;
		} else
			*p++ = '\0';
	}
	return n;
}

/* <orgchart>: one box per row, resolved superiors, no cycles. */
static void
bind_orgchart(struct binder *b, const struct tmpl_node *n,
              struct doc_node *parent, struct doc_style st)
{
	const struct tmpl_info *in = n->check;
	const char *shade = tmpl_attr(n, "shade");
	struct doc_node *x;
	struct doc_org *o;
	struct db_rows rows;
	struct frame f = {NULL, NULL, NULL, 0};
	const char **ids, **plist;
	struct org_key *keys;
	size_t *order, i;

	x = doc_add(b->doc, parent, DOC_ORGCHART);
	x->pos = n->pos;
	x->record = b->record;
	x->space_before_pt = attr_len(n, "space-before", 0);
	x->space_after_pt = attr_len(n, "space-after", 0);
	o = &x->u.org;
	o->style = st;
	o->style.size_pt = 9;
	apply_style(n, &o->style);
	if (shade)
		o->head_rgb = (uint32_t)strtol(shade + 1, NULL, 16);
	if (run_query(b, n, &rows) != 0)
		return;
	o->nnodes = rows.nrows;
	o->nodes =
	    arena_alloc(b->doc->arena, (rows.nrows + 1) * sizeof(*o->nodes));
	ids = xcalloc(rows.nrows + 1, sizeof(*ids));
	plist = xcalloc(rows.nrows + 1, sizeof(*plist));
	f.up = b->top;
	f.alias = in->alias;
	f.rows = &rows;
	/* cppcheck-suppress autoVariables ; popped before return */
	b->top = &f;
	for (f.row = 0; f.row < rows.nrows; f.row++) {
		struct fmt_value v;
		const char *s;

		expr_eval(in->id_e, lookup, b, &v);
		s = value_text(b, n, tmpl_attr(n, "id"), FMT_TEXT, &v);
		ids[f.row] = s ? s : "";
		expr_eval(in->label_e, lookup, b, &v);
		s = value_text(b, n, tmpl_attr(n, "label"), FMT_TEXT, &v);
		o->nodes[f.row].label = s ? s : "";
		expr_eval(in->parents_e, lookup, b, &v);
		plist[f.row] =
		    value_text(b, n, tmpl_attr(n, "parents"), FMT_TEXT, &v);
	}
	b->top = f.up;

	keys = xcalloc(rows.nrows + 1, sizeof(*keys));
	order = xcalloc(rows.nrows + 1, sizeof(*order));
	for (i = 0; i < rows.nrows; i++) {
		keys[i].id = ids[i];
		keys[i].i = i;
	}
	qsort(keys, rows.nrows, sizeof(*keys), org_key_cmp);
	for (i = 0; i < rows.nrows; i++) {
		order[i] = keys[i].i;
		if (i > 0 && strcmp(keys[i].id, keys[i - 1].id) == 0) {
			diag_report(b->d, DIAG_DB_DATA, &n->pos,
			            "id \"%s\" appears twice in query %s%s%s",
			            keys[i].id, tmpl_attr(n, "query"),
			            b->record ? ", " : "", rec(b));
			b->errors++;
		}
	}
	for (i = 0; i < rows.nrows; i++) {
		struct doc_org_node *on = &o->nodes[i];
		char *copy, *parts[64];
		size_t np, j;

		if (plist[i] == NULL)
			continue;
		copy = xstrdup(plist[i]);
		np = org_split(copy, parts, sizeof(parts) / sizeof(parts[0]));
		on->parents =
		    arena_alloc(b->doc->arena, (np + 1) * sizeof(*on->parents));
		for (j = 0; j < np; j++) {
			long p = org_find(ids, order, rows.nrows, parts[j]);

			if (p < 0 || (size_t)p == i) {
				diag_report(b->d, DIAG_DB_DATA, &n->pos,
				            "%s \"%s\": superior \"%s\" %s "
				            "(query %s row %zu)",
				            tmpl_attr(n, "id"), ids[i],
				            parts[j],
				            p < 0 ? "is not a row "
				                    "of the query"
				                  : "is the row itself",
				            tmpl_attr(n, "query"), i + 1);
				b->errors++;
				continue;
			}
			on->parents[on->nparents++] = (size_t)p;
		}
		free(copy);
	}
	if (b->errors == 0)
		(void)org_acyclic(b, n, o);
	free(keys);
	free(order);
	free(ids);
	free(plist);
}

static void
bind_list(struct binder *b, const struct tmpl_node *n, struct doc_node *parent,
          struct doc_style st)
{
	struct db_rows rows;
	struct frame f = {NULL, NULL, NULL, 0};
	size_t r, nrows = 1;
	int number = 0;
	const int has_query = tmpl_attr(n, "query") != NULL;

	memset(&rows, 0, sizeof(rows));
	f.up = b->top;
	if (has_query) {
		if (run_query(b, n, &rows) != 0)
			return;
		nrows = rows.nrows;
		f.alias = ((const struct tmpl_info *)n->check)->alias;
		f.rows = &rows;
		/* cppcheck-suppress autoVariables ; popped before return */
		b->top = &f;
	}
	for (r = 0; r < nrows; r++) {
		const struct tmpl_node *item;
		if (has_query)
			f.row = r;
		for (item = n->child; item; item = item->next) {
			struct doc_style ist;
			struct doc_node *p =
			    new_para(b, n, parent, &st, DOC_ALIGN_LEFT, &ist);
			p->u.para.number = ++number;
			if (p->u.para.indent_pt == 0)
				p->u.para.indent_pt = 2 * ist.size_pt;
			p->pos = item->pos;
			bind_inline(b, item, p, ist);
		}
	}
	b->top = f.up;
}

static void
bind_cell(struct binder *b, const struct tmpl_node *c, struct doc_node *row,
          struct doc_style st)
{
	struct doc_node *cell = doc_add(b->doc, row, DOC_CELL);
	const char *cs = tmpl_attr(c, "colspan");
	const struct tmpl_node *k;
	int blocks = 0;

	cell->pos = c->pos;
	cell->record = b->record;
	cell->u.cell.colspan = cs ? (size_t)atoi(cs) : 1;
	cell->u.cell.align = attr_align(c, DOC_ALIGN_LEFT);
	cell->u.cell.valign_middle =
	    !tmpl_attr(c, "valign") ||
	    strcmp(tmpl_attr(c, "valign"), "middle") == 0;
	apply_style(c, &st);
	for (k = c->child; k; k = k->next)
		blocks |= k->kind == TMPL_PARA || k->kind == TMPL_LIST ||
		          k->kind == TMPL_CHART || k->kind == TMPL_IMAGE;
	if (blocks)
		bind_blocks(b, c, cell, st);
	else {
		struct doc_node *p = doc_add(b->doc, cell, DOC_PARA);
		p->pos = c->pos;
		p->record = b->record;
		p->u.para.align = cell->u.cell.align;
		p->u.para.line_height = 1.3;
		bind_inline(b, c, p, st);
	}
}

static void
bind_row(struct binder *b, const struct tmpl_node *r, struct doc_node *table,
         struct doc_style st)
{
	const struct tmpl_info *in = r->check;
	struct doc_node *row;
	const struct tmpl_node *c;
	const char *shade = tmpl_attr(r, "shade");

	if (in && in->expr) {
		struct fmt_value v;
		expr_eval(in->expr, lookup, b, &v);
		if (!expr_truth(&v))
			return;
	}
	row = doc_add(b->doc, table, DOC_ROW);
	row->pos = r->pos;
	row->record = b->record;
	row->u.row.min_height_pt = attr_len(r, "min-height", 0);
	row->u.row.keep = !tmpl_attr(r, "keep") || yes(r, "keep");
	if (shade)
		row->u.row.shade_rgb = (uint32_t)strtol(shade + 1, NULL, 16);
	for (c = r->child; c; c = c->next)
		bind_cell(b, c, row, st);
}

static void
bind_table(struct binder *b, const struct tmpl_node *n, struct doc_node *parent,
           struct doc_style st)
{
	const struct tmpl_info *in = n->check;
	struct doc_node *t = doc_add(b->doc, parent, DOC_TABLE);
	const struct tmpl_node *c;
	const char *hr = tmpl_attr(n, "header-rows");
	size_t i;

	apply_style(n, &st);
	t->pos = n->pos;
	t->record = b->record;
	t->u.table.ncols = in->ncols;
	t->u.table.cols =
	    arena_alloc(b->doc->arena, in->ncols * sizeof(*t->u.table.cols));
	for (i = 0; i < in->ncols; i++)
		t->u.table.cols[i].width = in->widths[i];
	t->u.table.header_rows = hr ? (size_t)atoi(hr) : 0;
	t->u.table.border_pt = attr_len(n, "border", 0.6);
	t->u.table.pad_pt = attr_len(n, "padding", 3);
	t->space_before_pt = attr_len(n, "space-before", 0);
	t->space_after_pt = attr_len(n, "space-after", 0);
	for (c = n->child; c; c = c->next) {
		if (c->kind == TMPL_ROW)
			bind_row(b, c, t, st);
		else if (c->kind == TMPL_ROWS) {
			struct db_rows rows;
			struct frame f = {NULL, NULL, NULL, 0};
			const struct tmpl_node *r;
			if (run_query(b, c, &rows) != 0)
				continue;
			f.up = b->top;
			f.alias = ((const struct tmpl_info *)c->check)->alias;
			f.rows = &rows;
			/* cppcheck-suppress autoVariables ; popped before
			 * return */
			/* cppcheck-suppress autoVariables ; popped before
			 * return */
			b->top = &f;
			for (f.row = 0; f.row < rows.nrows; f.row++)
				for (r = c->child; r; r = r->next)
					bind_row(b, r, t, st);
			b->top = f.up;
		}
	}
}

static void
bind_section_once(struct binder *b, const struct tmpl_node *n,
                  struct doc_node *parent, struct doc_style st, size_t rowno)
{
	const struct tmpl_info *in = n->check;
	struct doc_node *blk = doc_add(b->doc, parent, DOC_BLOCK);
	const char *saved = b->record;
	const char *lvl = tmpl_attr(n, "level");
	const char *pb = tmpl_attr(n, "page-break");

	if (in->record)
		b->record = eval_interp(b, n, in->record, "record");
	else if (in->query)
		b->record = arena_printf(b->doc->arena, "query %s row %zu",
		                         tmpl_attr(n, "query"), rowno + 1);
	blk->pos = n->pos;
	blk->record = b->record;
	blk->space_before_pt = attr_len(n, "space-before", 0);
	blk->space_after_pt = attr_len(n, "space-after", 0);
	blk->u.block.page_break_before = pb && strcmp(pb, "before") == 0;
	blk->u.block.keep_together = yes(n, "keep-together");
	blk->u.block.restart_pages = yes(n, "restart-pages");
	blk->u.block.plain = yes(n, "plain");
	blk->u.block.bookmark = eval_interp(b, n, in->bookmark, "bookmark");
	blk->u.block.bookmark_level = lvl ? atoi(lvl) : 0;
	blk->u.block.toc = yes(n, "toc");
	blk->u.block.running = eval_interp(b, n, in->running, "running");
	blk->u.block.per_page = (int)in->per_page;
	bind_blocks(b, n, blk, st);
	b->record = saved;
}

static void
bind_section(struct binder *b, const struct tmpl_node *n,
             struct doc_node *parent, struct doc_style st)
{
	struct db_rows rows;
	struct frame f = {NULL, NULL, NULL, 0};

	if (!tmpl_attr(n, "query")) {
		bind_section_once(b, n, parent, st, 0);
		return;
	}
	if (run_query(b, n, &rows) != 0)
		return;
	if (rows.nrows == 0 && yes(n, "required")) {
		/* Name the parameters: they are what the user got wrong. */
		struct buf why;
		size_t i;

		buf_init(&why, 0);
		for (i = 0; i < b->np; i++) {
			struct buf v;
			const char *err;

			if (b->pvals[i].type == FMT_V_NULL)
				continue;
			buf_init(&v, 256);
			fmt_value(FMT_TEXT, &b->pvals[i], &v, &err);
			buf_printf(&why, "%s%s=%s", why.len ? ", " : "",
			           b->pnames[i], buf_cstr(&v));
			buf_free(&v);
		}
		diag_report(b->d, DIAG_BIND_EMPTY, &n->pos, "%s%s%s%s",
		            tmpl_attr(n, "query"), why.len ? " (" : "",
		            buf_cstr(&why), why.len ? ")" : "");
		buf_free(&why);
		b->errors++;
		return;
	}
	if (rows.nrows == 0)
		diag_report(b->d, DIAG_BIND_NO_ROWS, &n->pos, "%s",
		            tmpl_attr(n, "query"));
	f.up = b->top;
	f.alias = ((const struct tmpl_info *)n->check)->alias;
	f.rows = &rows;
	/* cppcheck-suppress autoVariables ; popped before return */
	b->top = &f;
	for (f.row = 0; f.row < rows.nrows; f.row++)
		bind_section_once(b, n, parent, st, f.row);
	b->top = f.up;
}

static void
bind_blocks(struct binder *b, const struct tmpl_node *n,
            struct doc_node *parent, struct doc_style st)
{
	const struct tmpl_node *c;

	for (c = n->child; c; c = c->next) {
		struct doc_style pst;
		struct doc_node *x;

		switch (c->kind) {
		case TMPL_SECTION:
			bind_section(b, c, parent, st);
			break;
		case TMPL_IF: {
			struct fmt_value v;
			expr_eval(((const struct tmpl_info *)c->check)->expr,
			          lookup, b, &v);
			if (expr_truth(&v))
				bind_blocks(b, c, parent, st);
			break;
		}
		case TMPL_PARA:
			x = new_para(b, c, parent, &st, DOC_ALIGN_LEFT, &pst);
			bind_inline(b, c, x, pst);
			break;
		case TMPL_HEADING: {
			static const double sizes[] = {16, 14, 12};
			int lv = atoi(tmpl_attr(c, "level"));
			struct doc_style hs = st;
			hs.size_pt = sizes[lv >= 1 && lv <= 3 ? lv - 1 : 0];
			hs.bold = 1;
			x = new_para(b, c, parent, &hs, DOC_ALIGN_LEFT, &pst);
			if (!tmpl_attr(c, "space-after"))
				x->space_after_pt = hs.size_pt * 0.5;
			if (!tmpl_attr(c, "space-before"))
				x->space_before_pt = hs.size_pt * 0.5;
			x->u.para.line_height = 1.3;
			bind_inline(b, c, x, pst);
			break;
		}
		case TMPL_LIST:
			bind_list(b, c, parent, st);
			break;
		case TMPL_TABLE:
			bind_table(b, c, parent, st);
			break;
		case TMPL_SPACE:
			x = doc_add(b->doc, parent, DOC_SPACE);
			x->pos = c->pos;
			x->u.height_pt = attr_len(c, "height", 0);
			break;
		case TMPL_RULE:
			x = doc_add(b->doc, parent, DOC_RULE);
			x->pos = c->pos;
			x->u.height_pt = attr_len(c, "thickness", 0.6);
			x->space_before_pt = attr_len(c, "space-before", 2);
			x->space_after_pt = attr_len(c, "space-after", 2);
			break;
		case TMPL_PAGE_BREAK:
			x = doc_add(b->doc, parent, DOC_PAGEBREAK);
			x->pos = c->pos;
			break;
		case TMPL_SIGNATURES: {
			const struct tmpl_node *s;
			x = doc_add(b->doc, parent, DOC_SIGNATURES);
			x->pos = c->pos;
			x->record = b->record;
			x->space_before_pt = attr_len(c, "space-before", 12);
			x->space_after_pt = attr_len(c, "space-after", 0);
			for (s = c->child; s; s = s->next) {
				const char *label = eval_interp(
				    b, s,
				    ((const struct tmpl_info *)s->check)->label,
				    "label");
				doc_add_span(b->doc, x, DOC_SPAN_TEXT,
				             label ? label : "", &st);
			}
			break;
		}
		case TMPL_CHART:
			bind_chart(b, c, parent, st);
			break;
		case TMPL_ORGCHART:
			bind_orgchart(b, c, parent, st);
			break;
		case TMPL_IMAGE:
			bind_image(b, c, parent);
			break;
		case TMPL_TOC: {
			const char *title = tmpl_attr(c, "title");
			if (title) {
				struct doc_style ts = st;
				ts.size_pt = 16;
				ts.bold = 1;
				x = doc_add_text(b->doc, parent, title, &ts);
				x->pos = c->pos;
				x->u.para.align = DOC_ALIGN_CENTER;
				x->space_after_pt = 12;
			}
			x = doc_add(b->doc, parent, DOC_TOC);
			x->pos = c->pos;
			break;
		}
		default:
			break;
		}
	}
}

/* Page setup from <page>. */
static void
bind_page(struct binder *b, const struct tmpl_node *pg)
{
	struct doc *doc = b->doc;
	const char *size = tmpl_attr(pg, "size");
	const char *orient = tmpl_attr(pg, "orientation");
	const char *margin = tmpl_attr(pg, "margin");
	double w = doc->page_width_pt, h = doc->page_height_pt;

	if (size) {
		static const struct {
			const char *n;
			double w, h;
		} sizes[] = {
		    {"A4", 210, 297},
		    {"A5", 148, 210},
		    {"B5", 176, 250},
		    {"Letter", 215.9, 279.4},
		};
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			if (strcmp(size, sizes[i].n) == 0) {
				w = sizes[i].w * 72 / 25.4;
				h = sizes[i].h * 72 / 25.4;
			}
	}
	if (orient && strcmp(orient, "landscape") == 0) {
		double t = w;
		w = h, h = t;
	}
	doc->page_width_pt = w;
	doc->page_height_pt = h;
	if (margin) {
		double m[4] = {0, 0, 0, 0};
		int n = 0;
		char *copy = xstrdup(margin), *save = NULL, *tok;
		for (tok = strtok_r(copy, " ", &save); tok && n < 4;
		     tok = strtok_r(NULL, " ", &save)) {
			m[n] = tmpl_length(tok);
			if (m[n] < 0) {
				diag_report(b->d, DIAG_TMPL_BAD_VALUE, &pg->pos,
				            "margin=\"%s\"", margin);
				b->errors++;
				m[n] = 0;
			}
			n++;
		}
		free(copy);
		/* CSS order: top right bottom left. */
		if (n == 1)
			m[1] = m[2] = m[3] = m[0];
		else if (n == 2)
			m[2] = m[0], m[3] = m[1];
		else if (n == 3)
			m[3] = m[1];
		doc->margin_top_pt = m[0];
		doc->margin_right_pt = m[1];
		doc->margin_bottom_pt = m[2];
		doc->margin_left_pt = m[3];
	}
	doc->header_gap_pt = attr_len(pg, "header-gap", doc->header_gap_pt);
	doc->footer_gap_pt = attr_len(pg, "footer-gap", doc->footer_gap_pt);
}

static void
bind_meta(struct binder *b, const struct tmpl_node *m)
{
	const struct tmpl_info *in = m->check;
	struct db_rows rows;
	struct frame f = {NULL, NULL, NULL, 0};
	int have_row = 0;

	if (tmpl_attr(m, "query")) {
		if (run_query(b, m, &rows) != 0)
			return;
		if (rows.nrows > 0) {
			f.up = b->top;
			f.alias = in->alias;
			f.rows = &rows;
			f.row = 0;
			/* cppcheck-suppress autoVariables ; popped before
			 * return */
			/* cppcheck-suppress autoVariables ; popped before
			 * return */
			b->top = &f;
			have_row = 1;
		}
	}
	if (have_row || !tmpl_attr(m, "query")) {
		b->doc->meta.title = eval_interp(b, m, in->title, "title");
		b->doc->meta.author = eval_interp(b, m, in->author, "author");
		b->doc->meta.subject =
		    eval_interp(b, m, in->subject, "subject");
		b->doc->meta.keywords =
		    eval_interp(b, m, in->keywords, "keywords");
	}
	if (have_row)
		b->top = f.up;
}

/* Parameter values: typed, validated, and required ones present. */
static int
bind_params(struct binder *b, const struct bind_param *params, size_t n)
{
	const struct tmpl_node *p;
	size_t np = 0, i;

	for (p = b->t->root->child; p; p = p->next)
		np += p->kind == TMPL_PARAM;
	b->pnames = arena_alloc(b->doc->arena, (np + 1) * sizeof(char *));
	b->pvals = arena_alloc(b->doc->arena, (np + 1) * sizeof(*b->pvals));
	for (p = b->t->root->child; p; p = p->next) {
		const char *name, *type, *val = NULL;
		struct fmt_value *v;
		struct month m;

		if (p->kind != TMPL_PARAM)
			continue;
		name = tmpl_attr(p, "name");
		type = tmpl_attr(p, "type");
		for (i = 0; i < n; i++)
			if (strcmp(params[i].name, name) == 0)
				val = params[i].value;
		b->pnames[b->np] = name;
		v = &b->pvals[b->np++];
		v->type = FMT_V_NULL;
		if (val == NULL) {
			if (yes(p, "required")) {
				diag_report(b->d, DIAG_CLI_USAGE, NULL,
				            "template %s needs --%s",
				            b->t->path, name);
				b->errors++;
			}
			continue;
		}
		if (utf8_validate(val, strlen(val), NULL) != 0) {
			diag_report(b->d, DIAG_CLI_BAD_VALUE, NULL,
			            "%s: invalid UTF-8", name);
			b->errors++;
			continue;
		}
		if (type && strcmp(type, "month") == 0 &&
		    month_parse(val, &m) != 0) {
			diag_report(b->d, DIAG_CLI_BAD_MONTH, NULL, "%s=%s",
			            name, val);
			b->errors++;
			continue;
		}
		if (type && strcmp(type, "int") == 0) {
			char *end;
			long long x = strtoll(val, &end, 10);
			if (*val == '\0' || *end != '\0') {
				diag_report(b->d, DIAG_CLI_BAD_VALUE, NULL,
				            "%s=%s: expected an integer", name,
				            val);
				b->errors++;
				continue;
			}
			v->type = FMT_V_INT;
			v->i = x;
			continue;
		}
		v->type = FMT_V_TEXT;
		v->s = arena_strdup(b->doc->arena, val);
	}
	for (i = 0; i < n; i++) {
		size_t k;
		int known = 0;
		for (k = 0; k < b->np; k++)
			known |= strcmp(b->pnames[k], params[i].name) == 0;
		if (!known && params[i].value != NULL) {
			diag_report(b->d, DIAG_CLI_BAD_VALUE, NULL,
			            "template %s has no parameter %s",
			            b->t->path, params[i].name);
			b->errors++;
		}
	}
	return b->errors ? -1 : 0;
}

struct doc *
bind_run(const struct tmpl *t, struct db *db, const struct bind_param *params,
         size_t nparams, struct diag *d)
{
	struct binder b;
	const struct tmpl_node *n;

	memset(&b, 0, sizeof(b));
	b.t = t;
	b.db = db;
	b.d = d;
	b.doc = doc_new();
	b.rows_arena = arena_new();
	if (bind_params(&b, params, nparams) != 0)
		goto fail;
	for (n = t->root->child; n; n = n->next) {
		switch (n->kind) {
		case TMPL_PAGE:
			bind_page(&b, n);
			break;
		case TMPL_STYLE:
			apply_style(n, &b.doc->base);
			break;
		case TMPL_WATERMARK:
			bind_watermark(&b, n);
			break;
		case TMPL_META:
			bind_meta(&b, n);
			break;
		case TMPL_HEADER:
			b.doc->header = doc_add(b.doc, NULL, DOC_BLOCK);
			bind_blocks(&b, n, b.doc->header, b.doc->base);
			break;
		case TMPL_FOOTER:
			b.doc->footer = doc_add(b.doc, NULL, DOC_BLOCK);
			bind_blocks(&b, n, b.doc->footer, b.doc->base);
			break;
		case TMPL_BODY:
			/* layout's messages about the whole body point here */
			b.doc->body->pos = n->pos;
			bind_blocks(&b, n, b.doc->body, b.doc->base);
			break;
		default:
			break;
		}
	}
	free(b.pngs);
	if (b.errors)
		goto fail;
	arena_free(b.rows_arena);
	b.doc->meta.creator = "hrpress " HRP_VERSION;
	return b.doc;
fail:
	arena_free(b.rows_arena);
	doc_free(b.doc);
	return NULL;
}
