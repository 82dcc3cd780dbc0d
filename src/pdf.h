/* SPDX-License-Identifier: MIT */
/*
 * The only user of <hpdf.h>: draws the pages of a page_doc into a PDF file.
 * Every face used gets one subset per document (font.h), drawn by glyph id
 * with /CIDToGIDMap /Identity and a ToUnicode CMap (bfchar) that gives back
 * the exact text, including characters outside the BMP.
 */
#ifndef HRP_PDF_H
#define HRP_PDF_H

#include <stddef.h>

struct diag;
struct fontset;
struct page_doc;
struct pdf_scratch;

/* An extra key of the document information dictionary (ASCII value). */
struct pdf_info {
	const char *key; /* PDF name without the slash */
	const char *value;
};

/*
 * Options of a document. NULL is a plain, compressed PDF dated now (or
 * SOURCE_DATE_EPOCH); a zeroed struct is the same with its streams left
 * uncompressed, so callers that want deflate set compress.
 */
struct pdf_options {
	int compress;         /* deflate streams (always on with NULL) */
	int pdfa;             /* PDF/A-2b: needs xmp */
	const char *xmp;      /* complete XMP packet, stored uncompressed */
	const char *icc_path; /* RGB ICC profile of the output intent;
	                       * NULL: the built-in sRGB (srgb_icc.h) */
	long long time_s;     /* creation date, seconds since 1970; 0: now */
	const struct pdf_info *info; /* extra Info keys, ninfo of them */
	size_t ninfo;
	struct pdf_scratch *scratch; /* reused across documents, or NULL */
};

/*
 * Compressor state and buffers that a process writing many documents
 * reuses instead of setting them up per document (pdf_options.scratch).
 * Free with pdf_scratch_free; pdf_scratch_free(NULL) does nothing. Not
 * shared between threads.
 */
struct pdf_scratch *pdf_scratch_new(void);
void pdf_scratch_free(struct pdf_scratch *s);

/*
 * Write pd to path atomically: the file is written under a temporary name
 * in the same directory, flushed to disk and renamed; on any failure nothing
 * is left under path (an existing file is untouched) and an error naming the
 * path is reported. Returns 0 or -1.
 */
int pdf_write(const struct page_doc *pd, const struct fontset *fs,
              const char *path, const struct pdf_options *opt, struct diag *d);

/*
 * Like pdf_write, but into memory: *data (xmalloc'd, freed by the caller)
 * and *len receive the whole file. Errors name label (a path or an
 * employee). Returns 0 or -1 with *data NULL.
 */
int pdf_render(const struct page_doc *pd, const struct fontset *fs,
               const char *label, const struct pdf_options *opt,
               unsigned char **data, size_t *len, struct diag *d);

#endif
