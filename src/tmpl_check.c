/* SPDX-License-Identifier: MIT */
/*
 * Checks a schema-valid template against the database before anything is
 * bound: every use of a query compiles read-only with all its parameters
 * bound, every field and expression names a parameter or a column of a
 * query in scope, every format and size is known. Results are kept in each
 * node's tmpl_info for bind.c.
 */
#include "tmpl_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "image.h"
#include "xmem.h"

/* A query alias visible to the nodes inside its use-site. */
struct scope {
	struct scope *up;
	const char *alias;
	const char *const *cols;
	size_t ncols;
	const char *query;
};

struct checker {
	struct tmpl *t;
	struct db *db;
	struct diag *d;
	const char **params; /* template parameter names */
	size_t nparams;
	struct tmpl_image **images; /* files read so far, to read each once */
	size_t nimages, nimages_cap;
	int errors;
};

static const struct {
	const char *name;
	double pt;
} cn_sizes[] = {
    {"初号", 42},  {"小初", 36},  {"一号", 26},   {"小一", 24},
    {"二号", 22},  {"小二", 18},  {"三号", 16},   {"小三", 15},
    {"四号", 14},  {"小四", 12},  {"五号", 10.5}, {"小五", 9},
    {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5},  {"八号", 5},
};

/* Locale-independent decimal: digits with an optional fraction. */
static double
decimal(const char *s, const char **end)
{
	double v = 0, scale = 1;
	int digits = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0'), digits++;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			scale /= 10;
			v += (*s++ - '0') * scale;
			digits++;
		}
	}
	*end = s;
	return digits ? v : -1;
}

/* Signed decimal of a whole attribute value; 0 if valid, else -1. */
static int
signed_decimal(const char *s, double *out)
{
	const char *end;
	int neg = *s == '-';
	double v = decimal(s + neg, &end);

	if (v < 0 || *end != '\0')
		return -1;
	*out = neg ? -v : v;
	return 0;
}

double
tmpl_length(const char *s)
{
	const char *end;
	double v = decimal(s, &end);

	if (v < 0)
		return -1;
	if (strcmp(end, "mm") == 0)
		return v * 72.0 / 25.4;
	if (strcmp(end, "cm") == 0)
		return v * 720.0 / 25.4;
	if (strcmp(end, "pt") == 0 || *end == '\0')
		return v;
	return -1;
}

/* Offset: a length that may be negative ("-12mm"); 0 if valid, else -1. */
static int
tmpl_offset(const char *s, double *out_pt)
{
	int neg = *s == '-';
	double v = tmpl_length(s + neg);

	if (v < 0)
		return -1;
	*out_pt = neg ? -v : v;
	return 0;
}

double
tmpl_size(const char *s)
{
	const char *end;
	double v;
	size_t i;

	for (i = 0; i < sizeof(cn_sizes) / sizeof(cn_sizes[0]); i++)
		if (strcmp(s, cn_sizes[i].name) == 0)
			return cn_sizes[i].pt;
	v = decimal(s, &end);
	return *end == '\0' && v > 0 && v <= 200 ? v : -1;
}

static struct tmpl_info *
info(struct checker *ck, struct tmpl_node *n)
{
	if (n->check == NULL) {
		struct tmpl_info *in = arena_alloc(ck->t->arena, sizeof(*in));
		in->bold = -1;
		in->color = -1;
		n->check = in;
	}
	return n->check;
}

/* Reference check: the context for expr_refs callbacks. */
struct refctx {
	struct checker *ck;
	const struct scope *sc;
	const struct srcpos *pos;
	const char *const *extra; /* extra names allowed (with bindings) */
	size_t nextra;
};

static int
check_ref(void *vctx, const char *alias, const char *name)
{
	struct refctx *rc = vctx;
	const struct scope *s;
	size_t i;

	if (alias == NULL) {
		for (i = 0; i < rc->ck->nparams; i++)
			if (strcmp(rc->ck->params[i], name) == 0)
				return 0;
		for (i = 0; i < rc->nextra; i++)
			if (strcmp(rc->extra[i], name) == 0)
				return 0;
		diag_report(
		    rc->ck->d, DIAG_TMPL_UNKNOWN_FIELD, rc->pos,
		    "%s is not a template parameter (use alias.column for a "
		    "query column)",
		    name);
		rc->ck->errors++;
		return -1;
	}
	for (s = rc->sc; s; s = s->up) {
		if (strcmp(s->alias, alias) != 0)
			continue;
		for (i = 0; i < s->ncols; i++)
			if (strcmp(s->cols[i], name) == 0)
				return 0;
		{
			struct buf b;
			buf_init(&b, 0);
			for (i = 0; i < s->ncols; i++)
				buf_printf(&b, "%s%s", i ? ", " : "",
				           s->cols[i]);
			diag_report(rc->ck->d, DIAG_TMPL_UNKNOWN_FIELD, rc->pos,
			            "%s.%s (query %s has: %s)", alias, name,
			            s->query, buf_cstr(&b));
			buf_free(&b);
		}
		rc->ck->errors++;
		return -1;
	}
	diag_report(rc->ck->d, DIAG_TMPL_UNKNOWN_FIELD, rc->pos,
	            "%s.%s: no query with alias %s encloses this element",
	            alias, name, alias);
	rc->ck->errors++;
	return -1;
}

static struct expr *
check_expr(struct checker *ck, const struct scope *sc, struct tmpl_node *n,
           const char *src)
{
	struct refctx rc = {ck, sc, &n->pos, NULL, 0};
	struct expr *e = expr_parse(ck->t->arena, src, &n->pos, ck->d);

	if (e == NULL) {
		ck->errors++;
		return NULL;
	}
	expr_refs(e, check_ref, &rc);
	return e;
}

static struct interp *
check_interp(struct checker *ck, const struct scope *sc, struct tmpl_node *n,
             const char *src)
{
	struct refctx rc = {ck, sc, &n->pos, NULL, 0};
	struct interp *in;

	if (src == NULL)
		return NULL;
	in = interp_parse(ck->t->arena, src, &n->pos, ck->d);
	if (in == NULL) {
		ck->errors++;
		return NULL;
	}
	interp_refs(in, check_ref, &rc);
	return in;
}

static const struct tmpl_node *
find_query(struct checker *ck, const char *name)
{
	const struct tmpl_node *q;

	for (q = ck->t->root->child; q; q = q->next)
		if (q->kind == TMPL_QUERY &&
		    strcmp(tmpl_attr(q, "name"), name) == 0)
			return q;
	return NULL;
}

/*
 * A use-site: resolve the query, parse "with", check the SQL with the names
 * it can bind, and return the scope its children see (or NULL on error).
 */
static struct scope *
check_use(struct checker *ck, struct tmpl_node *n, const struct scope *sc)
{
	struct tmpl_info *in = info(ck, n);
	const char *qname = tmpl_attr(n, "query");
	const char *with = tmpl_attr(n, "with");
	const char **names;
	size_t nnames = 0, i;
	struct scope *s;
	const struct tmpl_node *q;

	q = find_query(ck, qname);
	if (q == NULL) {
		diag_report(ck->d, DIAG_TMPL_UNKNOWN_QUERY, &n->pos, "%s",
		            qname);
		ck->errors++;
		return NULL;
	}
	in->query = q;
	in->sql = q->child && q->child->kind == TMPL_TEXT ? q->child->text : "";
	in->sql_pos = q->child ? q->child->pos : q->pos;
	if (in->sql_pos.col == 0)
		in->sql_pos.col = 1;
	in->alias = tmpl_attr(n, "as") ? tmpl_attr(n, "as") : qname;

	/* with="employee=e.id; month=month" */
	if (with) {
		char *copy = arena_strdup(ck->t->arena, with), *save = NULL,
		     *tok;
		size_t cap = 1;
		for (const char *p = with; *p; p++)
			cap += *p == ';';
		in->with = arena_alloc(ck->t->arena, cap * sizeof(*in->with));
		for (tok = strtok_r(copy, ";", &save); tok;
		     tok = strtok_r(NULL, ";", &save)) {
			char *eq = strchr(tok, '=');
			char *nm = tok, *end;
			if (eq == NULL) {
				diag_report(
				    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
				    "with: expected name=expression in \"%s\"",
				    tok);
				ck->errors++;
				continue;
			}
			*eq = '\0';
			while (*nm == ' ')
				nm++;
			end = nm + strlen(nm);
			while (end > nm && end[-1] == ' ')
				*--end = '\0';
			in->with[in->nwith].name = nm;
			in->with[in->nwith].e = check_expr(ck, sc, n, eq + 1);
			in->nwith++;
		}
	}
	names = arena_alloc(ck->t->arena,
	                    (ck->nparams + in->nwith + 1) * sizeof(*names));
	for (i = 0; i < ck->nparams; i++)
		names[nnames++] = ck->params[i];
	for (i = 0; i < in->nwith; i++)
		names[nnames++] = in->with[i].name;

	s = arena_alloc(ck->t->arena, sizeof(*s));
	s->up = (struct scope *)sc;
	s->alias = in->alias;
	s->query = qname;
	if (db_check_query(ck->db, in->sql, &in->sql_pos, names, nnames,
	                   ck->t->arena, (const char ***)&s->cols, &s->ncols,
	                   ck->d) != 0) {
		ck->errors++;
		return NULL;
	}
	return s;
}

/*
 * src relative to the template's directory. Absolute paths and ".." are
 * refused: a template names files of its own directory tree, not of the
 * machine it runs on.
 */
static const char *
image_path(struct checker *ck, struct tmpl_node *n, const char *src)
{
	const char *slash = strrchr(ck->t->path, '/'), *p;

	if (*src == '\0' || *src == '/') {
		diag_report(
		    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
		    "src=\"%s\": "
		    "expected a path relative to the template's directory",
		    src);
		ck->errors++;
		return NULL;
	}
	for (p = src; *p != '\0';
	     p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0')) {
			diag_report(
			    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
			    "src=\"%s\": \"..\" may not leave the template's "
			    "directory",
			    src);
			ck->errors++;
			return NULL;
		}
	if (slash == NULL)
		return arena_strdup(ck->t->arena, src);
	return arena_printf(ck->t->arena, "%.*s/%s", (int)(slash - ck->t->path),
	                    ck->t->path, src);
}

/* Read an image file once per template; NULL after reporting. */
static const struct tmpl_image *
load_image(struct checker *ck, struct tmpl_node *n, const char *src)
{
	const char *path = image_path(ck, n, src), *why;
	struct tmpl_image *im;
	unsigned char *data;
	size_t i, len = 0, cap = 65536;
	FILE *f;

	if (path == NULL)
		return NULL;
	for (i = 0; i < ck->nimages; i++)
		if (strcmp(ck->images[i]->path, path) == 0)
			return ck->images[i];
	if ((f = fopen(path, "rb")) == NULL) {
		diag_report(ck->d, DIAG_IO_OPEN, &n->pos, "image %s: %s", path,
		            strerror(errno));
		ck->errors++;
		return NULL;
	}
	data = xmalloc(cap);
	for (;;) {
		size_t got = fread(data + len, 1, cap - len, f);

		len += got;
		if (got == 0 || len > IMAGE_MAX_BYTES)
			break;
		if (len == cap)
			data = xgrow(data, &cap, cap + 1, 1);
	}
	why = ferror(f)               ? strerror(errno)
	      : len > IMAGE_MAX_BYTES ? "larger than 8 MiB"
	                              : NULL;
	fclose(f);
	im = arena_alloc(ck->t->arena, sizeof(*im));
	/*
	 * An 8-bit grey, RGB or RGBA PNG goes in as it is; any other (16
	 * bits, interlaced, palette, transparency chunk: libharu 2.3 fails on
	 * some of these, e.g. a palette with tRNS) is rewritten so.
	 */
	if (why == NULL && (image_png_problem(data, len, &im->width_px,
	                                      &im->height_px) != NULL ||
	                    !image_png_is_plain(data, len))) {
		unsigned char *plain;
		size_t plain_len;

		if (image_png_normalize(data, len, &plain, &plain_len,
		                        &im->width_px, &im->height_px,
		                        &why) == 0) {
			free(data);
			data = plain;
			len = plain_len;
		}
	}
	if (why != NULL) {
		diag_report(ck->d, DIAG_IO_READ, &n->pos, "image %s: %s", path,
		            why);
		ck->errors++;
		free(data);
		return NULL;
	}
	im->path = path;
	im->png = memcpy(arena_alloc(ck->t->arena, len), data, len);
	im->len = len;
	free(data);
	ck->images = xgrow(ck->images, &ck->nimages_cap, ck->nimages + 1,
	                   sizeof(*ck->images));
	ck->images[ck->nimages++] = im;
	return im;
}

/*
 * <image src="FILE"> reads the file now; <image field="a.col"> takes the
 * PNG from a BLOB column when binding (nothing is drawn for NULL).
 */
static void
check_image(struct checker *ck, const struct scope *sc, struct tmpl_node *n)
{
	struct tmpl_info *in = info(ck, n);
	const char *v;

	if ((v = tmpl_attr(n, "field")) != NULL)
		in->expr = check_expr(ck, sc, n, v);
	else
		in->image = load_image(ck, n, tmpl_attr(n, "src"));
	in->width_pt = (v = tmpl_attr(n, "width")) ? tmpl_length(v) : 0;
	in->height_pt = (v = tmpl_attr(n, "height")) ? tmpl_length(v) : 0;
	if (in->width_pt < 0 || in->height_pt < 0 ||
	    (tmpl_attr(n, "width") && in->width_pt == 0) ||
	    (tmpl_attr(n, "height") && in->height_pt == 0)) {
		diag_report(ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
		            "an image needs a positive width and height");
		ck->errors++;
	}
	if ((v = tmpl_attr(n, "x")) != NULL)
		in->has_x = tmpl_offset(v, &in->x_pt) == 0;
	if ((v = tmpl_attr(n, "y")) != NULL)
		in->has_y = tmpl_offset(v, &in->y_pt) == 0;
	in->opacity = 1;
	if ((v = tmpl_attr(n, "opacity")) != NULL)
		in->opacity = strtod(v, NULL);
	/* Offsets place an overlay; a block image goes where the flow is. */
	if ((in->has_x || in->has_y) &&
	    (tmpl_attr(n, "overlay") == NULL ||
	     strcmp(tmpl_attr(n, "overlay"), "yes") != 0)) {
		diag_report(ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
		            "x and y place an overlay: add overlay=\"yes\"");
		ck->errors++;
	}
}

static void
check_style(struct checker *ck, struct tmpl_node *n)
{
	struct tmpl_info *in = info(ck, n);
	const char *v;

	if ((v = tmpl_attr(n, "size")) != NULL) {
		in->size_pt = tmpl_size(v);
		if (in->size_pt < 0) {
			diag_report(ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
			            "size=\"%s\"", v);
			ck->errors++;
		}
	}
	if ((v = tmpl_attr(n, "bold")) != NULL)
		in->bold = strcmp(v, "yes") == 0;
	if ((v = tmpl_attr(n, "color")) != NULL)
		in->color = strtol(v + 1, NULL, 16);
}

static void check_children(struct checker *, struct tmpl_node *,
                           const struct scope *);

static void
check_node(struct checker *ck, struct tmpl_node *n, const struct scope *sc)
{
	struct tmpl_info *in;
	const struct scope *inner = sc;
	const char *v;

	if (n->kind == TMPL_TEXT)
		return;
	in = info(ck, n);
	check_style(ck, n);
	if (tmpl_attr(n, "query") && n->kind != TMPL_META) {
		inner = check_use(ck, n, sc);
		if (inner == NULL)
			return; /* children would only repeat the error */
	}
	switch (n->kind) {
	case TMPL_SECTION:
		if ((v = tmpl_attr(n, "per-page")) != NULL) {
			in->per_page = strtol(v, NULL, 10);
			if (in->per_page < 1 || in->per_page > 20) {
				diag_report(
				    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
				    "per-page=\"%s\": expected 1 to 20 units "
				    "a page",
				    v);
				ck->errors++;
			}
			/* A slot is not a page: its numbers would be wrong. */
			if ((v = tmpl_attr(n, "restart-pages")) != NULL &&
			    strcmp(v, "yes") == 0) {
				diag_report(
				    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
				    "per-page units share pages: they cannot "
				    "restart page numbers");
				ck->errors++;
			}
		}
		in->bookmark =
		    check_interp(ck, inner, n, tmpl_attr(n, "bookmark"));
		in->record = check_interp(ck, inner, n, tmpl_attr(n, "record"));
		in->running =
		    check_interp(ck, inner, n, tmpl_attr(n, "running"));
		break;
	case TMPL_IF:
		in->expr = check_expr(ck, sc, n, tmpl_attr(n, "test"));
		break;
	case TMPL_ROW:
		if ((v = tmpl_attr(n, "if")) != NULL)
			in->expr = check_expr(ck, sc, n, v);
		break;
	case TMPL_FIELD: {
		in->expr = check_expr(ck, sc, n, tmpl_attr(n, "value"));
		in->fmt.kind = FMT_TEXT;
		if ((v = tmpl_attr(n, "format")) != NULL &&
		    fmt_parse(v, &in->fmt) < 0) {
			diag_report(ck->d, DIAG_TMPL_UNKNOWN_FORMAT, &n->pos,
			            "%s", v);
			ck->errors++;
			in->fmt.kind = FMT_TEXT;
		}
		in->dflt = tmpl_attr(n, "default");
		break;
	}
	case TMPL_SIGN:
		in->label = check_interp(ck, sc, n, tmpl_attr(n, "label"));
		break;
	case TMPL_CHART:
		in->label_e = check_expr(ck, inner, n, tmpl_attr(n, "label"));
		/* The title belongs to the chart, not to one of its rows. */
		in->title = check_interp(ck, sc, n, tmpl_attr(n, "title"));
		if ((v = tmpl_attr(n, "min")) != NULL) {
			in->has_min = signed_decimal(v, &in->min) == 0;
			if (!in->has_min)
				goto bad_number;
		}
		if ((v = tmpl_attr(n, "max")) != NULL) {
			in->has_max = signed_decimal(v, &in->max) == 0;
			if (!in->has_max)
				goto bad_number;
		}
		if (in->has_min && in->has_max && in->min >= in->max) {
			diag_report(ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
			            "min=\"%s\" must be below max=\"%s\"",
			            tmpl_attr(n, "min"), tmpl_attr(n, "max"));
			ck->errors++;
		}
		if ((v = tmpl_attr(n, "height")) != NULL &&
		    tmpl_length(v) < 36) {
			diag_report(
			    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
			    "height=\"%s\": a chart needs at least 36pt", v);
			ck->errors++;
		}
		break;
	bad_number:
		diag_report(ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
		            "\"%s\": expected a number", v);
		ck->errors++;
		break;
	case TMPL_SERIES: {
		int fk;

		in->expr = check_expr(ck, sc, n, tmpl_attr(n, "value"));
		in->scale = 1;
		if ((v = tmpl_attr(n, "scale")) != NULL &&
		    (signed_decimal(v, &in->scale) != 0 || in->scale <= 0)) {
			diag_report(ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
			            "scale=\"%s\": expected a positive number",
			            v);
			ck->errors++;
			in->scale = 1;
		}
		in->fmt.kind = FMT_TEXT;
		if ((v = tmpl_attr(n, "format")) != NULL) {
			if ((fk = fmt_lookup(v)) < 0) {
				diag_report(ck->d, DIAG_TMPL_UNKNOWN_FORMAT,
				            &n->pos, "%s", v);
				ck->errors++;
			} else
				in->fmt.kind = (enum fmt_kind)fk;
			in->value_labels = 1;
		}
		break;
	}
	case TMPL_IMAGE:
		check_image(ck, sc, n);
		break;
	case TMPL_ORGCHART:
		in->id_e = check_expr(ck, inner, n, tmpl_attr(n, "id"));
		in->label_e = check_expr(ck, inner, n, tmpl_attr(n, "label"));
		in->parents_e =
		    check_expr(ck, inner, n, tmpl_attr(n, "parents"));
		break;
	case TMPL_TABLE: {
		const char *p = tmpl_attr(n, "widths");
		double sum = 0;
		size_t i, nrows_cells;
		if (p == NULL) /* the schema requires it */
			p = "";
		while (*p) {
			const char *end;
			double w = decimal(p, &end);
			if (in->ncols ==
			        sizeof(in->widths) / sizeof(in->widths[0]) ||
			    w <= 0) {
				diag_report(
				    ck->d, DIAG_TMPL_BAD_VALUE, &n->pos,
				    "widths: at most 64 positive numbers");
				ck->errors++;
				break;
			}
			in->widths[in->ncols++] = w;
			sum += w;
			p = end;
			while (*p == ' ')
				p++;
		}
		for (i = 0; i < in->ncols; i++)
			in->widths[i] /= sum;
		/* Every row must span exactly the declared columns. */
		for (struct tmpl_node *r = n->child; r; r = r->next) {
			struct tmpl_node *rows[2] = {r, NULL};
			if (r->kind == TMPL_ROWS)
				rows[0] = r->child;
			for (struct tmpl_node *row = rows[0]; row;
			     row = r->kind == TMPL_ROWS ? row->next : NULL) {
				nrows_cells = 0;
				for (struct tmpl_node *c = row->child; c;
				     c = c->next) {
					const char *cs =
					    tmpl_attr(c, "colspan");
					nrows_cells +=
					    cs ? (size_t)atoi(cs) : 1;
				}
				if (nrows_cells != in->ncols) {
					diag_report(ck->d, DIAG_TMPL_BAD_VALUE,
					            &row->pos,
					            "row has %zu columns, "
					            "table widths give %zu",
					            nrows_cells, in->ncols);
					ck->errors++;
				}
			}
		}
		break;
	}
	default:
		break;
	}
	check_children(ck, n, inner);
}

static void
check_children(struct checker *ck, struct tmpl_node *n, const struct scope *sc)
{
	struct tmpl_node *c;

	for (c = n->child; c; c = c->next)
		check_node(ck, c, sc);
}

int
tmpl_check(struct tmpl *t, struct db *db, struct diag *d)
{
	struct checker ck = {t, db, d, NULL, 0, NULL, 0, 0, 0};
	struct tmpl_node *n;
	size_t np = 0;

	for (n = t->root->child; n; n = n->next)
		np += n->kind == TMPL_PARAM;
	ck.params = arena_alloc(t->arena, (np + 1) * sizeof(char *));
	for (n = t->root->child; n; n = n->next) {
		if (n->kind == TMPL_PARAM)
			ck.params[ck.nparams++] = tmpl_attr(n, "name");
		if (n->kind == TMPL_QUERY) {
			struct tmpl_node *m;
			for (m = t->root->child; m != n; m = m->next)
				if (m->kind == TMPL_QUERY &&
				    strcmp(tmpl_attr(m, "name"),
				           tmpl_attr(n, "name")) == 0) {
					diag_report(
					    d, DIAG_TMPL_DUP_QUERY, &n->pos,
					    "%s (first defined at line %d)",
					    tmpl_attr(n, "name"), m->pos.line);
					ck.errors++;
				}
		}
	}
	for (n = t->root->child; n; n = n->next) {
		switch (n->kind) {
		case TMPL_META: {
			struct tmpl_info *in = info(&ck, n);
			const struct scope *sc = NULL;
			if (tmpl_attr(n, "query") &&
			    (sc = check_use(&ck, n, NULL)) == NULL)
				break;
			in->title =
			    check_interp(&ck, sc, n, tmpl_attr(n, "title"));
			in->author =
			    check_interp(&ck, sc, n, tmpl_attr(n, "author"));
			in->subject =
			    check_interp(&ck, sc, n, tmpl_attr(n, "subject"));
			in->keywords =
			    check_interp(&ck, sc, n, tmpl_attr(n, "keywords"));
			break;
		}
		case TMPL_STYLE:
			check_style(&ck, n);
			break;
		case TMPL_WATERMARK: {
			struct tmpl_info *in = info(&ck, n);
			const char *a = tmpl_attr(n, "angle");
			check_style(&ck, n);
			in->angle_deg = 45;
			if (a != NULL &&
			    (signed_decimal(a, &in->angle_deg) != 0 ||
			     in->angle_deg < -360 || in->angle_deg > 360)) {
				diag_report(
				    d, DIAG_TMPL_BAD_VALUE, &n->pos,
				    "angle=\"%s\": expected degrees from -360 "
				    "to 360",
				    a);
				ck.errors++;
			}
			break;
		}
		case TMPL_HEADER:
		case TMPL_FOOTER:
		case TMPL_BODY:
			check_children(&ck, n, NULL);
			break;
		default:
			break;
		}
	}
	free(ck.images);
	return ck.errors ? -1 : 0;
}
