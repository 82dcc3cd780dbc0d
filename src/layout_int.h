/* SPDX-License-Identifier: MIT */
/*
 * Shared by layout*.c only: the state of one layout run, the flow cursor that
 * places content top to bottom, and the paragraph line breaker's data.
 */
#ifndef HRP_LAYOUT_INT_H
#define HRP_LAYOUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

struct diag;
struct fontset;
struct page_doc;

/* Tolerance for comparing lengths in points. */
#define LAY_EPS 1e-6

/* How a flow places content. */
enum lay_mode {
	LAY_DRY,   /* measure only: no items, no page breaks */
	LAY_FIXED, /* emit items, never break pages (cells, header) */
	LAY_FLOW   /* emit items, break pages at the frame bottom */
};

/* Values of the page-dependent spans of one page. */
struct lay_numbers {
	long page;           /* page number within the unit, 1-based */
	long pages;          /* pages of the unit; 0 = not known yet */
	const char *running; /* running header text, or NULL */
};

/* What layout knows about each output page. */
struct lay_page {
	size_t unit;         /* page-number unit the page belongs to */
	const char *running; /* running header text (doc arena), or NULL */
	int plain;           /* no header and footer (a cover page) */
};

/* A bookmarked block: outline entry and possibly a TOC entry. */
struct lay_mark {
	const struct doc_node *node; /* the DOC_BLOCK */
	size_t page;                 /* 0-based page of this pass */
	double y_pt;                 /* top of the block on that page */
	size_t prev_page;            /* page found by the previous pass */
	double prev_y_pt;            /* y found by the previous pass */
	int seen;                    /* placed in this pass */
};

/* One character of a paragraph being broken into lines. */
struct lt_char {
	uint32_t cp;
	uint32_t off;  /* byte offset in lt_para.text */
	double adv_pt; /* advance; 0 if not drawn */
	const struct doc_style *style;
	int font;          /* face, or -1: not drawn */
	unsigned char len; /* bytes of UTF-8 */
	unsigned char brk; /* LINEBREAK_* after this character */
};

/* One line of a broken paragraph. */
struct lt_line {
	size_t first, end;    /* characters [first, end), spaces cut */
	double x_pt;          /* offset from the paragraph's left edge */
	double width_pt;      /* natural width of the characters */
	double height_pt;     /* baseline distance to the next line */
	double ascent_pt;     /* baseline below the line top */
	double char_space_pt; /* justification */
};

/* Scratch space of the line breaker, reused paragraph after paragraph. */
struct lt_para {
	char *text; /* the spans' text, concatenated */
	size_t len, text_cap;
	char *brks; /* libunibreak output, one per byte */
	size_t brks_cap;
	struct lt_char *chars;
	size_t nchars, chars_cap;
	struct lt_line *lines;
	size_t nlines, lines_cap;
	int brks_ready; /* lt_char.brk is set (layout_text_break) */
};

/* A (node, character) pair already reported as missing. */
struct lay_seen {
	const struct doc_node *node;
	uint32_t cp;
};

/* The state of one layout_run(). */
struct layout {
	const struct doc *doc;
	const struct fontset *fs;
	struct diag *d;
	struct page_doc *pd;     /* output of the current pass */
	double frame_x, frame_y; /* top-left corner of the frame */
	double frame_w, frame_h;
	double frame_bottom; /* frame_y + frame_h */

	struct lay_page *pinfo; /* one per page of pd */
	size_t pinfo_cap;
	size_t unit;         /* current unit */
	size_t unit_first;   /* its first page */
	const char *running; /* current running header text */
	long *unit_pages;    /* previous pass: pages per unit */
	size_t nunit_pages;
	int uses_pages; /* body text needs the unit totals */

	struct lay_mark *marks; /* bookmarks in document order */
	size_t nmarks;
	const struct lay_mark **by_node; /* marks sorted by node address */
	size_t *pending; /* marks awaiting their first content */
	size_t npending, pending_cap;
	int pass; /* 0-based */
	int has_toc;

	const struct doc_node *slot_next; /* N-up: block that may take the
	                                     next slot of slot_page */
	size_t slot_page;
	int slot; /* that slot's index */

	struct lay_seen *seen; /* hash set of reported characters */
	size_t seen_cap, nseen;
	struct lt_para para; /* line breaker scratch */
};

/* Where the next content goes. */
struct lay_flow {
	enum lay_mode mode;
	size_t page;                    /* current page */
	double y;                       /* top of the next content */
	double x, w;                    /* horizontal extent */
	enum doc_align align;           /* for paragraphs that set none */
	int fresh;                      /* nothing placed on this page yet */
	double first_base;              /* baseline of the first line, or -1 */
	const struct lay_numbers *nums; /* header/footer: fixed numbers */
	int depth;                      /* table nesting */
	int has_last;                   /* content placed in this flow */
	size_t last_page;               /* where the last content ended */
	double last_bottom;             /* (before its space after): an
	                                   overlay image is placed from here */
};

/* ---- layout.c ---- */
/* Lay out a list of siblings (and their subtrees) into f. */
void layout_flow_list(struct layout *lay, struct lay_flow *f,
                      const struct doc_node *first);
/* Make room for h points: breaks the page in LAY_FLOW mode if needed. */
void layout_flow_need(struct layout *lay, struct lay_flow *f, double h);
/* Pin bookmarks waiting for content to the current position. */
void layout_flush_marks(struct layout *lay, const struct lay_flow *f);
/* Go on at the top of the next page (created if needed). */
void layout_flow_newpage(struct layout *lay, struct lay_flow *f);

/* ---- layout_text.c ---- */
/*
 * Turn the spans of para (node gives position and record for diagnostics)
 * into characters with faces, widths and break opportunities in lay->para.
 * nums resolves page-number spans.
 */
void layout_text_prepare(struct layout *lay, const struct doc_node *node,
                         const struct doc_span *spans,
                         const struct lay_numbers *nums);
/*
 * Break the prepared characters into lines of width_pt (first line
 * first_width_pt), aligned by align, justified if justify.
 */
void layout_text_break(struct layout *lay, const struct doc_node *node,
                       double first_width_pt, double width_pt,
                       enum doc_align align, int justify, double line_height,
                       double empty_size_pt);
/* Emit line li at x_pt (its left edge) with its top at y_pt on page. */
void layout_text_emit(struct layout *lay, size_t page, size_t li, double x_pt,
                      double y_pt);
/*
 * Width of a single-line string in style; with emit set, also draw it with
 * its baseline at (x_pt, base_pt) on page.
 */
double layout_text_run(struct layout *lay, const struct doc_node *node,
                       const char *s, const struct doc_style *style, int emit,
                       size_t page, double x_pt, double base_pt);
/* Ascent of the first face at size_pt (for strings drawn by hand). */
double layout_text_ascent(const struct layout *lay, double size_pt);
void layout_text_free(struct lt_para *p);

/* ---- layout_draw.c: lines, rectangles and text placed by hand ---- */
/* A line from (x1, y1) to (x2, y2) of width w in colour rgb on page. */
void layout_draw_line(struct layout *lay, size_t page, double x1, double y1,
                      double x2, double y2, double w, uint32_t rgb, int dashed);
/* A rectangle, filled with fill_rgb if fill, outlined if stroke_pt > 0. */
void layout_draw_rect(struct layout *lay, size_t page, double x, double y,
                      double w, double h, int fill, uint32_t fill_rgb,
                      double stroke_pt, uint32_t stroke_rgb);
/* Width of the single-line string s in style st (n: for diagnostics). */
double layout_draw_text_width(struct layout *lay, const struct doc_node *n,
                              const char *s, const struct doc_style *st);
/* Draw s with its baseline at base: align 0 left, 1 centre, 2 right of x. */
void layout_draw_text(struct layout *lay, const struct doc_node *n, size_t page,
                      const char *s, const struct doc_style *st, double x,
                      double base, int align);
/*
 * A paragraph of s broken to width_pt through the line breaker (kinsoku
 * applies); returns its height, and draws it with its top at y when emit.
 */
double layout_draw_text_block(struct layout *lay, const struct doc_node *n,
                              const char *s, const struct doc_style *st,
                              double width_pt, enum doc_align align, int emit,
                              size_t page, double x, double y);

/* ---- layout_chart.c ---- */
/* A value axis: ticks at lo, lo + step, ... up to hi. */
struct lay_axis {
	double lo, hi; /* the ends of the axis */
	double step;   /* distance between ticks, > 0 */
	int decimals;  /* digits after the point in tick labels */
};
/*
 * Axis for data in [lo, hi] with about max_ticks ticks at 1, 2, 2.5 or 5
 * times a power of ten. fix_lo / fix_hi keep that end as given instead of
 * rounding it out to a tick.
 */
void layout_chart_axis(double lo, double hi, int max_ticks, int fix_lo,
                       int fix_hi, struct lay_axis *ax);
/* Tick label of v with ax->decimals digits; locale-independent. */
void layout_chart_tick(const struct lay_axis *ax, double v, char *buf,
                       size_t size);
/* A DOC_CHART: drawn whole at the flow position, never split. */
void layout_chart(struct layout *lay, struct lay_flow *f,
                  const struct doc_node *n);
/* ---- layout_orgchart.c ---- */
/* A DOC_ORGCHART: text shrinks until the chart fits the frame. */
void layout_orgchart(struct layout *lay, struct lay_flow *f,
                     const struct doc_node *n);

/* ---- layout_table.c ---- */
void layout_table(struct layout *lay, struct lay_flow *f,
                  const struct doc_node *table);

#endif
