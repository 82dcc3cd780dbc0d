/* SPDX-License-Identifier: MIT */
/*
 * Layout: a document tree (doc.h) becomes pages of positioned items
 * (page.h). Paragraphs break by Chinese rules (libunibreak + kinsoku),
 * tables split across pages and repeat their header rows, headers and
 * footers get page numbers, and the table of contents gets the final page
 * of every bookmark; a signed record gets its visible signature block.
 * Measures text with font.h; never sees libharu.
 */
#ifndef HRP_LAYOUT_H
#define HRP_LAYOUT_H

struct diag;
struct doc;
struct fontset;
struct page_doc;

/*
 * Lay out doc with fonts fs. A character that no face covers is reported as
 * DIAG_LAYOUT_GLYPH naming the character (U+XXXX and itself), the template
 * position and the record; layout goes on to report every such problem, but
 * returns NULL if any error was reported. The result is freed with
 * page_doc_free().
 */
struct page_doc *layout_run(const struct doc *doc, const struct fontset *fs,
                            struct diag *d);

/*
 * Draw the visible signature block (a ruled box titled 电子签名 with the
 * signer, the time and the reason) near the bottom right of the first page
 * of pd, with fonts of fs, so the PDF subsets include its characters.
 * Returns 0, or -1 after reporting a character no font has.
 */
int layout_sigblock(struct page_doc *pd, const struct fontset *fs,
                    const char *signer, long long time_s, const char *reason,
                    struct diag *d);

#endif
