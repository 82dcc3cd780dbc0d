/* SPDX-License-Identifier: MIT */
/*
 * Text dumps of the three trees of the render pipeline, for tests and for
 * debugging a template (hrpress render --dump): the parsed template with
 * its source positions, the document after binding with the records and
 * values each node got, and the laid-out pages with every item's
 * coordinates. One node per line, indented two spaces per level of depth,
 * like mandoc -T tree. The output holds no pointers and no times: the same
 * input gives the same bytes.
 */
#ifndef HRP_DUMP_H
#define HRP_DUMP_H

#include <stddef.h>

struct bind_param;
struct buf;
struct diag;
struct doc;
struct fontset;
struct page_doc;
struct tmpl;

/* ---- what to dump ---- */

enum dump_kind {
	DUMP_TMPL, /* the template tree, as parsed and validated */
	DUMP_DOC,  /* the document tree, after binding */
	DUMP_PAGE  /* the pages, after layout */
};

/*
 * The kind named by s ("tmpl", "doc" or "page") into *kind. Anything else
 * is reported as DIAG_CLI_BAD_VALUE listing the three; returns 0 or -1.
 */
int dump_kind_parse(const char *s, enum dump_kind *kind, struct diag *d);

/* ---- the dumps (appended to b; they cannot fail) ---- */

/*
 * Every element and text of t: the element name, its attributes in source
 * order, then two spaces and FILE:LINE (FILE:LINE:COL when the column is
 * known). Text nodes print as #text "..." with C escapes for quotes,
 * backslashes and control characters.
 */
void dump_tmpl(struct buf *b, const struct tmpl *t);

/*
 * The page set-up, metadata, watermark, header, footer and body of doc;
 * each node with its properties (flags only when set), the record it was
 * bound for where that changes from its parent's (record="employee
 * E0012") and its template position; each span of a paragraph on its own
 * line with its style and text, as formatted from the data. Lengths in
 * points with 2 decimals.
 */
void dump_doc(struct buf *b, const struct doc *doc);

/*
 * Every page of pd (1-based number, size), each item in drawing order with
 * x, y, w, h in points with 2 decimals (y from the top of the page; a text
 * run's y is its baseline and its w the advance of its characters), then
 * the outline and the metadata. fs, the font set pd was laid out with,
 * names the faces and measures the text runs; with NULL a run shows its
 * face index and no width.
 */
void dump_pages(struct buf *b, const struct page_doc *pd,
                const struct fontset *fs);

/* ---- the command ---- */

/*
 * hrpress render --dump=KIND: the template at tpath with the data of the
 * database at dbpath (opened read-only) and the nparams params, as far as
 * the kind needs (DUMP_TMPL only parses; DUMP_DOC also checks and binds;
 * DUMP_PAGE also lays out with the nfonts fonts, or the default chain), and
 * its dump written to out ("-" = standard output) with outfile_write().
 * An out that ends in ".pdf" is refused (DIAG_CLI_USAGE): it is a PDF's
 * name left on the command line. Nothing is written after an error.
 * Returns 0 or -1 after reporting.
 */
int dump_render(enum dump_kind kind, const char *dbpath, const char *tpath,
                const struct bind_param *params, size_t nparams,
                const char *const *fonts, size_t nfonts, const char *out,
                struct diag *d);

#endif
