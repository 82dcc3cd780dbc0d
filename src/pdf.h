/* SPDX-License-Identifier: MIT */
/*
 * The only user of <hpdf.h>: draws the pages of a page_doc into a PDF file.
 * Every face used gets one subset per document (font.h), drawn by glyph id
 * with /CIDToGIDMap /Identity and a ToUnicode CMap (bfchar) that gives back
 * the exact text, including characters outside the BMP.
 */
#ifndef HRP_PDF_H
#define HRP_PDF_H

struct diag;
struct fontset;
struct page_doc;

struct pdf_options {
	int compress;		/* deflate streams (on by default) */
};

/*
 * Write pd to path atomically: the file is written under a temporary name
 * in the same directory, flushed to disk and renamed; on any failure nothing
 * is left under path (an existing file is untouched) and an error naming the
 * path is reported. Returns 0 or -1.
 */
int pdf_write(const struct page_doc *pd, const struct fontset *fs,
    const char *path, const struct pdf_options *opt, struct diag *d);

#endif
