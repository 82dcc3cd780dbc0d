/* SPDX-License-Identifier: MIT */
/*
 * Shared by pdf*.c only (the only users of <hpdf.h>): the state of one
 * document being drawn, libharu's error handling, and what pdf.c,
 * pdf_font.c and pdf_image.c call of each other.
 */
#ifndef HRP_PDF_INT_H
#define HRP_PDF_INT_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "buf.h"
#include "pdf.h"

struct diag;
struct fontset;
struct fontsub;
struct page_doc;
struct page_image;

/*
 * v as libharu's HPDF_FToA writes it (as a float, clamped to +-32767, at
 * most five decimals, no trailing zeros), without its byte-wise copies:
 * into out (at least 32 bytes), NUL-terminated; returns the length.
 */
size_t pdf_real(char *out, double v);

/* Reused buffers and the compressor (pdf.h). */
/* A PNG as it went into an earlier document of this process, deflated. */
struct img_cache {
	unsigned char *png; /* the PNG file, to recognise it by */
	size_t png_len;
	int width, height;
	unsigned char *rgb; /* deflated DeviceRGB samples, or the
	                     * G4 code of an image mask */
	size_t rgb_len;
	unsigned char *mask; /* deflated DeviceGray alpha, or NULL */
	size_t mask_len;
	int stencil;          /* rgb is a 1-bit /ImageMask */
	unsigned char ink[4]; /* its fill colour and opacity */
};

struct pdf_scratch {
	struct libdeflate_compressor *zc;
	unsigned char *raw; /* a stream's bytes before compression */
	size_t raw_cap;
	unsigned char *z; /* and after */
	size_t z_cap;
	struct img_cache *imgs; /* the images of earlier documents */
	size_t nimgs, imgs_cap;
};

/* The first libharu error, recorded by the error handler. */
struct pdf_err {
	HPDF_STATUS error_no;
	HPDF_STATUS detail_no;
};

/* One face of the font set as used by this document. */
struct docfont {
	uint32_t *cps; /* characters drawn, with repeats */
	size_t ncps, cap;
	struct fontsub *sub; /* NULL when the face is not used */
	HPDF_Font font;
	HPDF_Dict tounicode;               /* its ToUnicode stream */
	HPDF_Dict_BeforeWriteFunc orig_bw; /* libharu's hook, chained */
};

/* What is in the content stream's graphics state, to skip repeats. */
struct gstate {
	int in_text; /* inside BT/ET */
	int font;    /* -1: no Tf yet */
	double size_pt;
	int fill_set;
	uint32_t fill_rgb;
	double char_space_pt;
	int bold; /* text render mode is fill-then-stroke */
	int round_join;
	int dashed;
	int stroke_set; /* stroke_rgb is in effect */
	uint32_t stroke_rgb;
	double line_width_pt; /* < 0: not set yet */
};

struct pdf {
	HPDF_Doc doc;
	struct pdf_err err;
	const struct page_doc *pd;
	const struct fontset *fs;
	struct docfont *fonts;
	size_t nfonts;
	HPDF_Page *pages;
	HPDF_Image *images; /* per page_doc PNG, loaded when first drawn */
	unsigned char (*inks)[5]; /* per image: 1, RGB, alpha if a stencil */
	HPDF_ExtGState alpha[8];  /* fill alpha states, by opacity */
	double alpha_value[8];
	size_t nalpha;
	struct buf cs; /* content stream operators of the page being drawn */
	struct diag *d;
	const char *path;
	const struct pdf_options *opt; /* NULL: defaults */
	int reported;                  /* a diagnostic has been reported */
	int compress;                  /* deflate the streams */
	struct pdf_scratch *scratch;   /* NULL without compression */
	int own_scratch;               /* scratch is freed with the document */
	HPDF_Encoder gid_enc;          /* codes 1..gid_enc_n are glyph ids */
	unsigned gid_enc_n;
};

#define TRY(p, call)                                                           \
	do {                                                                   \
		if (pdf_check((p), (call), #call) < 0)                         \
			return -1;                                             \
	} while (0)

/* For functions returning a pointer: NULL when call fails. */
#define TRY_PTR_NULL(p, call)                                                  \
	do {                                                                   \
		if (pdf_check((p), (call), #call) < 0)                         \
			return NULL;                                           \
	} while (0)

#define TRY_PTR(p, var, call)                                                  \
	do {                                                                   \
		if (((var) = (call)) == NULL || (p)->err.error_no != 0)        \
			return pdf_fail_haru((p), HPDF_OK, #call);             \
	} while (0)

/* ---- pdf.c ---- */

/* Report a libharu failure once (p->reported); -1. */
int pdf_fail_haru(struct pdf *p, HPDF_STATUS st, const char *what);
/* 0, or pdf_fail_haru when st or the error handler says so. */
int pdf_check(struct pdf *p, HPDF_STATUS st, const char *what);
/* libharu's write hook of a stream deflated by pdf_precompress. */
HPDF_STATUS pdf_put_flate_filter(HPDF_Dict obj, HPDF_Stream stream);
/* Replace the bytes of stream dictionary sd by their zlib deflate. */
int pdf_precompress(struct pdf *p, HPDF_Dict sd, const char *what);
/* Append cp to b in UTF-16BE hex: "4E2D", "D840DC00". */
void pdf_put_utf16(struct buf *b, uint32_t cp);
/* Content stream: append s. */
void pdf_cs_str(struct pdf *p, const char *s);
/* Content stream: numbers as libharu writes them, spaced, then op. */
void pdf_cs_reals(struct pdf *p, const double *v, size_t n, const char *op);
/* Close a BT/ET text object if one is open. */
void pdf_end_text(struct pdf *p, struct gstate *gs);

/* ---- pdf_font.c ---- */

/* The characters each face of the font set draws in the document; 0 or
   -1 (reported). */
int pdf_collect_chars(struct pdf *p);
/* A subset of each face in use, loaded into libharu and patched. */
int pdf_setup_fonts(struct pdf *p);

/* ---- pdf_image.c ---- */

/* Draw the image item im on page pg of height h points. */
int pdf_draw_image(struct pdf *p, HPDF_Page pg, double h, struct gstate *gs,
                   const struct page_image *im);

#endif
