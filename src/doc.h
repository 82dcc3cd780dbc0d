/* SPDX-License-Identifier: MIT */
/*
 * The document tree: what bind hands to layout. Plain data, allocated in the
 * document's arena and freed whole with doc_free(). Text is valid UTF-8 (bind
 * checks it). Lengths are in points (1/72 inch).
 */
#ifndef HRP_DOC_H
#define HRP_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct arena;

enum doc_align { DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT };

/* Character style of a span. */
struct doc_style {
	double size_pt; /* font size */
	int bold;       /* synthetic bold (fill + stroke) */
	uint32_t rgb;   /* 0xRRGGBB */
};

enum doc_span_kind {
	DOC_SPAN_TEXT,   /* text */
	DOC_SPAN_PAGE,   /* current page number within the unit */
	DOC_SPAN_PAGES,  /* total pages of the unit */
	DOC_SPAN_RUNNING /* running header text of the page */
};

/* A run of inline content in one style. */
struct doc_span {
	struct doc_span *next;
	enum doc_span_kind kind;
	const char
	    *text; /* DOC_SPAN_TEXT: UTF-8, may contain '\n' (forced break) */
	struct doc_style style;
};

enum doc_kind {
	DOC_BLOCK,      /* vertical container: children stacked */
	DOC_PARA,       /* paragraph of spans */
	DOC_TABLE,      /* children are DOC_ROW */
	DOC_ROW,        /* children are DOC_CELL */
	DOC_CELL,       /* children are blocks/paras */
	DOC_SPACE,      /* vertical space of height_pt */
	DOC_RULE,       /* horizontal line across the frame */
	DOC_PAGEBREAK,  /* start a new page */
	DOC_SIGNATURES, /* a line of signature fields: para.spans hold labels,
	                   one span each */
	DOC_TOC,        /* table of contents, filled by layout from bookmarks */
	DOC_CHART,      /* bar or line chart of numbers (u.chart) */
	DOC_ORGCHART,   /* organisation chart of boxes and connectors (u.org) */
	DOC_IMAGE       /* a PNG picture (u.image) */
};

struct doc_para {
	struct doc_span *spans; /* first span */
	enum doc_align align;
	int justify; /* spread CJK lines to the full width (not the last) */
	double first_indent_pt; /* indent of the first line */
	double indent_pt;       /* left indent of every line */
	double
	    line_height; /* baseline distance as a multiple of the size (1.4) */
	int number;      /* > 0: hanging label "N." drawn in the indent */
};

struct doc_column {
	double width; /* share of the table width (sums to 1) */
};

struct doc_table {
	size_t ncols;
	struct doc_column *cols;
	size_t header_rows; /* leading rows repeated on every page */
	double border_pt;   /* 0 = no ruling */
	double pad_pt;      /* cell padding */
};

struct doc_row {
	double min_height_pt; /* e.g. a remarks box */
	uint32_t shade_rgb;   /* background; 0xFFFFFF = none */
	int keep;             /* never split this row */
};

struct doc_cell {
	size_t colspan;       /* >= 1 */
	enum doc_align align; /* for paras inside that do not set their own */
	int valign_middle;
};

struct doc_block {
	int page_break_before; /* start on a new page */
	int keep_together;     /* move to the next page rather than split, if it
	                          fits a page */
	int restart_pages;     /* page numbers restart here (a new "unit": one
	                          payslip, one scorecard) */
	const char *bookmark; /* outline entry at this block's start, or NULL */
	int bookmark_level;   /* 0 = top */
	int toc;              /* also list the bookmark in DOC_TOC */
	const char *running;  /* running header text from here on, or NULL */
	int plain;    /* the page this block starts on has no header/footer */
	int per_page; /* > 0: one of per_page equal slots of the frame
	               * (N-up), with dashed cut lines between slots;
	               * consecutive sibling slot blocks share pages */
};

enum doc_chart_type {
	DOC_CHART_BAR, /* horizontal bars, one band per category */
	DOC_CHART_LINE /* one polyline per series over the categories */
};

/* One series of a chart: a value per category. */
struct doc_series {
	const char *name;    /* legend text, or NULL (not in the legend) */
	uint32_t rgb;        /* bar fill / line colour */
	int outline;         /* bar charts: an unfilled frame behind the bars
	                      * (e.g. the maximum a bar can reach) */
	double *values;      /* npoints values in axis units; NAN = no value */
	const char **labels; /* npoints value labels (NULL entries: none),
	                      * or NULL for no value labels */
};

struct doc_chart {
	enum doc_chart_type type;
	const char *title; /* drawn above the plot, or NULL */
	double height_pt;  /* whole chart including title and legend */
	struct doc_style
	    style;         /* labels; the title is drawn bold, 1 pt larger */
	size_t npoints;    /* categories */
	const char **cats; /* npoints category labels (UTF-8) */
	size_t nseries;
	struct doc_series *series;
	int has_min, has_max; /* axis bounds given by the template */
	double min, max;      /* in axis units, when has_min / has_max */
};

/* One box of an organisation chart. */
struct doc_org_node {
	const char *label; /* text in the box (UTF-8) */
	size_t *parents;   /* indexes into doc_org.nodes, in the order the
	                    * data gives them (layout draws the line to the
	                    * deepest one, the first among equals, solid and
	                    * the others dashed) */
	size_t nparents;
};

/* An organisation chart: nodes in template order, no cycles (bind checks). */
struct doc_org {
	struct doc_org_node *nodes;
	size_t nnodes;
	struct doc_style style; /* largest text size; layout may shrink it */
	uint32_t head_rgb;      /* fill of the boxes in the tree rows */
};

/* The bytes of a PNG file, shared by every node that shows it. */
struct doc_png {
	const unsigned char *data; /* the whole file (doc arena) */
	size_t len;                /* bytes */
	int width_px, height_px;
	const char *path; /* the file it came from (messages) */
};

/*
 * A picture. Its size keeps the file's aspect ratio: with width and height
 * both given it fits inside that box; with neither it is 96 pixels an inch.
 * Layout shrinks it to the width it has.
 */
struct doc_image {
	const struct doc_png *png;
	double width_pt, height_pt; /* asked size; 0 = not given */
	enum doc_align align;       /* in the width of the flow */
	int overlay;                /* takes no space: drawn over the end
	                             * of the content before it */
	int has_x, has_y;           /* overlay offsets given */
	double x_pt;                /* overlay: left edge from the flow's */
	double y_pt;                /* overlay: top edge from the bottom of
	                             * the content before (default: minus
	                             * the height, so that the image ends
	                             * where that content ends) */
	double opacity;             /* 0..1, multiplies the file's alpha */
};

/* Text drawn light and turned behind the content of every page. */
struct doc_watermark {
	struct doc_node *para; /* DOC_PARA: one span with the text in
	                        * its style; position for messages */
	double angle_deg;      /* counter-clockwise from horizontal */
};

struct doc_node {
	enum doc_kind kind;
	struct doc_node *next;  /* next sibling */
	struct doc_node *child; /* first child */
	struct doc_node *last;  /* last child (for appending) */
	struct srcpos pos;      /* the template element it came from */
	const char *record; /* e.g. "employee E0012" (diagnostics), or NULL */
	double space_before_pt;
	double space_after_pt;
	union {
		struct doc_para para;   /* DOC_PARA, DOC_SIGNATURES */
		struct doc_table table; /* DOC_TABLE */
		struct doc_row row;     /* DOC_ROW */
		struct doc_cell cell;   /* DOC_CELL */
		struct doc_block block; /* DOC_BLOCK */
		struct doc_chart chart; /* DOC_CHART */
		struct doc_org org;     /* DOC_ORGCHART */
		struct doc_image image; /* DOC_IMAGE */
		double height_pt;       /* DOC_SPACE; DOC_RULE: thickness */
	} u;
};

struct doc_meta {
	const char *title;
	const char *author;
	const char *subject;
	const char *keywords;
	const char *creator;
};

struct doc {
	struct arena *arena; /* owns everything below */
	double page_width_pt;
	double page_height_pt;
	double margin_top_pt, margin_right_pt, margin_bottom_pt, margin_left_pt;
	double header_gap_pt; /* header sits this far above the frame top */
	double
	    footer_gap_pt; /* footer baseline this far below the frame bottom */
	struct doc_style base; /* default character style */
	struct doc_meta meta;
	struct doc_node *
	    header; /* DOC_BLOCK drawn above the frame on every page, or NULL */
	struct doc_node *footer; /* DOC_BLOCK drawn below the frame, or NULL */
	struct doc_node *body;   /* DOC_BLOCK */
	struct doc_watermark *watermark; /* on every page, or NULL */
};

/* ---- building (used by bind and tests) ---- */
/* New empty document: A4, 20 mm margins, 10.5 pt black text. */
struct doc *doc_new(void);
void doc_free(struct doc *doc);
/* New node of kind with defaults, appended to parent if non-NULL. */
struct doc_node *doc_add(struct doc *doc, struct doc_node *parent,
                         enum doc_kind kind);
/* Append a span to a DOC_PARA/DOC_SIGNATURES node; text is copied. */
struct doc_span *doc_add_span(struct doc *doc, struct doc_node *para,
                              enum doc_span_kind kind, const char *text,
                              const struct doc_style *style);
/*
 * The PNG file data (len bytes, width_px x height_px) copied into the
 * document; path is copied too.
 */
const struct doc_png *doc_add_png(struct doc *doc, const unsigned char *data,
                                  size_t len, int width_px, int height_px,
                                  const char *path);
/* Convenience: a paragraph with one text span in style. */
struct doc_node *doc_add_text(struct doc *doc, struct doc_node *parent,
                              const char *text, const struct doc_style *style);

#endif
