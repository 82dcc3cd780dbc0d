/* SPDX-License-Identifier: MIT */
/*
 * PNG pictures (a store's logo and seal, a template's images): the only
 * user of libpng. Checks whether a PNG can go into a PDF as it is, and
 * rewrites any other PNG (16 bits, palette, grey with alpha, transparency
 * chunk, interlaced: what scanners and ImageMagick write) as an 8-bit,
 * non-interlaced grey, RGB or RGBA PNG that the PDF writer draws.
 */
#ifndef HRP_IMAGE_H
#define HRP_IMAGE_H

#include <stddef.h>

/* A PNG file larger than this is not a logo or a seal. */
#define IMAGE_MAX_BYTES (8 * 1024 * 1024)
/* Nor is a picture with a side longer than this, in pixels. */
#define IMAGE_MAX_PX 10000
/* Nor one with more pixels than this (decoding it takes 4 bytes each). */
#define IMAGE_MAX_PIXELS (16 * 1000 * 1000)

/*
 * Why the bytes are not a PNG the PDF writer takes as it is, or NULL:
 * a PNG signature, an IHDR chunk first, a size within IMAGE_MAX_PX, no
 * interlacing, 8 bits a sample (1 to 8 for palette and grey). On success
 * sets *width_px and *height_px. The reason is a static string that says
 * what the file is ("a PNG with 16 bits a sample").
 */
const char *image_png_problem(const unsigned char *png, size_t len,
                              int *width_px, int *height_px);

/*
 * Is the PNG in the one form image_png_normalize() writes (8-bit grey, RGB
 * or RGBA, non-interlaced, no palette, no transparency chunk)? 1 or 0.
 */
int image_png_is_plain(const unsigned char *png, size_t len);

/*
 * Decode any valid PNG of at most IMAGE_MAX_BYTES, IMAGE_MAX_PX a side
 * and IMAGE_MAX_PIXELS, and write it again as an 8-bit non-interlaced PNG:
 * grey, RGB, or RGBA when it has any transparency (alpha channel or tRNS).
 * 16-bit samples are reduced to 8. On success returns 0 and a malloc'd
 * file in *out (the caller frees it) of *out_len bytes, and sets the size;
 * on failure returns -1 with a short static reason in *why ("not a PNG
 * file", "a damaged PNG file: ...").
 */
int image_png_normalize(const unsigned char *png, size_t len,
                        unsigned char **out, size_t *out_len, int *width_px,
                        int *height_px, const char **why);

/* How many times finer than the PNG an image mask (stencil) is drawn. */
#define IMAGE_STENCIL_SCALE 2

/* A one-colour picture as a 1-bit image mask (image_png_stencil). */
struct image_stencil {
	unsigned char *bits;  /* rows of width bits, each row whole
	                       * bytes; 0 is ink, 1 is paper; malloc'd */
	size_t len;           /* bytes */
	int width, height;    /* pixels of the mask */
	unsigned char rgb[3]; /* the ink colour */
	unsigned char alpha;  /* its opacity: the PNG's highest alpha */
};

/*
 * A seal or stamp is one colour whose edge is antialiased in the alpha
 * channel. When the PNG is in the plain RGBA form (image_png_is_plain) and
 * every pixel that is not fully transparent has the same colour, fill *out
 * with a mask IMAGE_STENCIL_SCALE times as fine as the PNG (alpha sampled
 * bilinearly, ink where it is at least half the highest alpha) and return
 * 1: drawn as an /ImageMask in that colour and at that opacity, it is a
 * fraction of the size of the colour samples and their 8-bit soft mask, and as
 * sharp when printed. Returns 0 with *out empty for any other picture, and -1
 * for a PNG that cannot be decoded. The caller frees out->bits.
 */
int image_png_stencil(const unsigned char *png, size_t len,
                      struct image_stencil *out);

#endif
