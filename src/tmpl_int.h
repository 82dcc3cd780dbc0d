/* SPDX-License-Identifier: MIT */
/*
 * What tmpl_check.c learns about a template node and bind.c uses: parsed
 * expressions, the query a node uses and its parameter bindings. Shared by
 * tmpl_check.c and bind.c only.
 */
#ifndef HRP_TMPL_INT_H
#define HRP_TMPL_INT_H

#include "expr.h"
#include "fmt.h"
#include "tmpl.h"

/* One "name=expr" of a with attribute. */
struct tmpl_with {
	const char *name;
	struct expr *e;
};

/* A PNG file shown by <image>, read once by tmpl_check (template arena). */
struct tmpl_image {
	const char *path;         /* as opened: template directory + src */
	const unsigned char *png; /* the whole file */
	size_t len;               /* bytes */
	int width_px, height_px;  /* from the IHDR chunk */
};

struct tmpl_info {
	/* use-sites (section, list, rows, meta with query=) */
	const struct tmpl_node *query; /* the <query> element */
	const char *sql;               /* its text */
	struct srcpos sql_pos;         /* where the SQL text starts */
	const char *alias;             /* "as", default the query name */
	struct tmpl_with *with;
	size_t nwith;
	/* field value, if test, row if */
	struct expr *expr;
	struct fmt_spec fmt; /* field, series: the format */
	const char *dflt;    /* field default text, or NULL */
	/* substitutions in attributes */
	struct interp *bookmark, *record, *running; /* section */
	struct interp *title, *author, *subject,
	    *keywords;        /* meta; chart title */
	struct interp *label; /* sign */
	/* charts and organisation charts */
	struct expr *label_e;          /* category label / box text */
	struct expr *id_e, *parents_e; /* orgchart: row id, superiors' ids */
	double scale;                  /* series: values are divided by it */
	int value_labels;              /* series: format given, draw values */
	double min, max;               /* chart axis bounds */
	int has_min, has_max;
	long per_page; /* section: N-up slots, 0 = off */
	/* images and the watermark */
	const struct tmpl_image *image; /* image: its file (src), or NULL
	                                 * with expr set (field) */
	double width_pt, height_pt;     /* image: asked size, 0 = not given */
	double x_pt, y_pt;              /* image: overlay offsets */
	int has_x, has_y;
	double opacity;   /* image: 0..1 */
	double angle_deg; /* watermark: counter-clockwise */
	/* parsed numbers */
	double size_pt;    /* charstyle size, 0 = inherit */
	int bold;          /* -1 inherit, 0, 1 */
	long color;        /* -1 inherit, else 0xRRGGBB */
	double widths[64]; /* table column shares */
	size_t ncols;
};

/* Length "20mm", "1.5cm", "10pt", "10" (points) → points; -1 if invalid. */
double tmpl_length(const char *s);
/* Size "10.5" or a Chinese size name ("小四") → points; -1 if invalid. */
double tmpl_size(const char *s);

#endif
