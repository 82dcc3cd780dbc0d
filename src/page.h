/* SPDX-License-Identifier: MIT */
/*
 * Pages of positioned items: what layout hands to the PDF backend. Plain data
 * in one arena, except each page's item array, which is on the heap (it
 * grows by hundreds of items); page_doc_free() frees both. Coordinates are
 * points from the top-left corner of the page, y growing downwards; text y
 * is the baseline.
 */
#ifndef HRP_PAGE_H
#define HRP_PAGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

enum page_item_kind {
	PAGE_TEXT, /* a run of text in one font */
	PAGE_LINE, /* a straight line */
	PAGE_RECT, /* a rectangle, filled and/or stroked */
	PAGE_LINK, /* a clickable area that jumps to another page */
	PAGE_IMAGE /* a PNG picture */
};

struct page_text {
	double x_pt, y_pt; /* start of the baseline */
	int font;          /* index in the font set (font.h) */
	double size_pt;
	int bold; /* synthetic bold */
	uint32_t rgb;
	double char_space_pt; /* extra space after every character
	                         (justification) */
	const char
	    *utf8;  /* the characters, all covered by font; NUL-terminated */
	size_t len; /* bytes */
	double angle_deg; /* turned counter-clockwise about (x_pt, y_pt);
	                   * 0 = horizontal (a watermark is not) */
	int artifact;     /* decoration, not content (a watermark):
	                   * marked so that text extraction skips it */
};

struct page_line {
	double x1_pt, y1_pt, x2_pt, y2_pt;
	double width_pt;
	uint32_t rgb;
	int dashed;
};

struct page_rect {
	double x_pt, y_pt, w_pt, h_pt; /* top-left corner and size */
	uint32_t fill_rgb;             /* used when fill */
	uint32_t stroke_rgb;           /* used when stroke_pt > 0 */
	int fill;
	double stroke_pt;
};

struct page_link {
	double x_pt, y_pt, w_pt, h_pt; /* the clickable area */
	size_t target_page;            /* 0-based */
	double target_y_pt;            /* top of the view on that page */
};

struct page_image {
	double x_pt, y_pt, w_pt, h_pt; /* top-left corner and size */
	size_t png;                    /* index in page_doc.pngs */
	double opacity;                /* 0..1, multiplies the file's alpha */
};

/* A PNG file drawn by PAGE_IMAGE items; the PDF embeds each once. */
struct page_png {
	const unsigned char *data; /* the whole file (page_doc arena) */
	size_t len;                /* bytes */
	int width_px, height_px;
	const void *key; /* the caller's data pointer, compared
	                  * only, to add each file once */
};

struct page_item {
	enum page_item_kind kind;
	union {
		struct page_text text;
		struct page_line line;
		struct page_rect rect;
		struct page_link link;
		struct page_image image;
	} u;
};

struct page {
	double width_pt, height_pt;
	struct page_item *items; /* in drawing order (heap, freed by
	                          * page_doc_free) */
	size_t nitems;
	size_t cap; /* allocation of items */
};

/* A bookmark in the PDF outline. */
struct page_outline {
	const char *title; /* UTF-8 */
	int level;   /* 0 = top; a level-n entry nests under the previous level
	                n-1 */
	size_t page; /* 0-based */
	double y_pt; /* top of the view */
};

struct page_meta {
	const char *title, *author, *subject, *keywords, *creator;
};

struct page_doc {
	struct arena *arena;
	struct page *pages;
	size_t npages;
	size_t pages_cap;
	struct page_outline *outlines;
	size_t noutlines;
	size_t outlines_cap;
	struct page_meta meta;
	struct page_png *pngs; /* images, each file once */
	size_t npngs;
	size_t pngs_cap;
};

struct page_doc *page_doc_new(void);
void page_doc_free(struct page_doc *pd);
/* Append a new empty page and return it (pointer valid until the next
 * page_add). */
struct page *page_add(struct page_doc *pd, double width_pt, double height_pt);
/* Append an item to page p (index) and return it zeroed except kind. */
struct page_item *page_add_item(struct page_doc *pd, size_t p,
                                enum page_item_kind kind);
struct page_outline *page_add_outline(struct page_doc *pd);
/*
 * Index in pd->pngs of the PNG file data (len bytes): added (copied into
 * the arena) the first time this data pointer is given, reused after.
 */
size_t page_add_png(struct page_doc *pd, const unsigned char *data, size_t len,
                    int width_px, int height_px);

#endif
