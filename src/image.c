/* SPDX-License-Identifier: MIT */
/*
 * PNG checks and rewriting with libpng's simplified API: a picture of any
 * PNG kind becomes an 8-bit grey, RGB or RGBA PNG without interlacing, the
 * one form every later stage (the PDF writer, its image cache) draws.
 */
#include "image.h"

#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
                                         '\r', '\n', 0x1A, '\n'};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * What a file that is not a PNG looks like, from its first bytes: "a JPEG
 * file", "a GIF file", "a PDF file", ... or "not a PNG file".
 */
static const char *
image_sniff(const unsigned char *b, size_t len)
{
	if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "a JPEG file, not a PNG (save it as PNG)";
	if (len >= 4 && memcmp(b, "GIF8", 4) == 0)
		return "a GIF file, not a PNG (save it as PNG)";
	if (len >= 4 && memcmp(b, "%PDF", 4) == 0)
		return "a PDF file, not a PNG (export the picture as PNG)";
	if (len >= 2 && b[0] == 'B' && b[1] == 'M')
		return "a BMP file, not a PNG (save it as PNG)";
	if (len >= 4 &&
	    (memcmp(b, "II*", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		return "a TIFF file, not a PNG (save it as PNG)";
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 &&
	    memcmp(b + 8, "WEBP", 4) == 0)
		return "a WebP file, not a PNG (save it as PNG)";
	if (len == 0)
		return "an empty file, not a PNG";
	if (len >= 8 && memcmp(b, png_sig, 8) == 0)
		return "a damaged PNG file";
	return "not a PNG file";
}

const char *
image_png_problem(const unsigned char *b, size_t len, int *w, int *h)
{
	uint32_t pw, ph;
	int depth, type;

	if (len < 33 || memcmp(b, png_sig, 8) != 0)
		return len >= 8 && memcmp(b, png_sig, 8) == 0
		           ? "a damaged PNG file"
		           : "not a PNG file";
	if (be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return "a PNG file without an IHDR chunk";
	pw = be32(b + 16);
	ph = be32(b + 20);
	depth = b[24];
	type = b[25];
	if (pw == 0 || ph == 0 || pw > IMAGE_MAX_PX || ph > IMAGE_MAX_PX)
		return "a PNG of 0 or more than 10000 pixels a side";
	if (type != 0 && type != 2 && type != 3 && type != 4 && type != 6)
		return "a PNG of an unknown colour type";
	if (depth == 16)
		return "a PNG with 16 bits a sample (save it with 8)";
	if (depth != 8 && !((type == 0 || type == 3) &&
	                    (depth == 1 || depth == 2 || depth == 4)))
		return "a PNG with an invalid bit depth";
	if (b[28] != 0)
		return "an interlaced PNG (save it without interlacing)";
	*w = (int)pw;
	*h = (int)ph;
	return NULL;
}

int
image_png_is_plain(const unsigned char *b, size_t len)
{
	size_t off = 8;
	int w, h;

	if (image_png_problem(b, len, &w, &h) != NULL || b[24] != 8 ||
	    (b[25] != 0 && b[25] != 2 && b[25] != 6))
		return 0;
	/* A tRNS chunk (one transparent colour) comes before the data. */
	while (off + 8 <= len) {
		uint32_t n = be32(b + off);

		if (memcmp(b + off + 4, "tRNS", 4) == 0)
			return 0;
		if (memcmp(b + off + 4, "IDAT", 4) == 0)
			return 1;
		if (n > len - off - 8 || len - off - 8 - n < 4)
			return 0;
		off += 12 + (size_t)n;
	}
	return 0;
}

int
image_png_normalize(const unsigned char *png, size_t len, unsigned char **out,
                    size_t *out_len, int *w, int *h, const char **why)
{
	png_image in, wr;
	png_alloc_size_t n = 0;
	unsigned char *pixels = NULL, *file = NULL;
	uint32_t fmt;

	*out = NULL;
	*out_len = 0;
	if (len > IMAGE_MAX_BYTES) {
		*why = "larger than 8 MiB";
		return -1;
	}
	if (len < 8 || memcmp(png, png_sig, 8) != 0) {
		*why = image_sniff(png, len);
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&in, png, len)) {
		*why = "a damaged PNG file";
		goto fail;
	}
	if (in.width == 0 || in.height == 0 || in.width > IMAGE_MAX_PX ||
	    in.height > IMAGE_MAX_PX) {
		*why = "a PNG of 0 or more than 10000 pixels a side";
		goto fail;
	}
	if ((size_t)in.width * in.height > IMAGE_MAX_PIXELS) {
		*why = "a PNG of more than 16 million pixels (scale it down "
		       "to the size it is printed at)";
		goto fail;
	}
	fmt = (in.format & PNG_FORMAT_FLAG_ALPHA)   ? PNG_FORMAT_RGBA
	      : (in.format & PNG_FORMAT_FLAG_COLOR) ? PNG_FORMAT_RGB
	                                            : PNG_FORMAT_GRAY;
	in.format = fmt;
	/*
	 * A 16-bit file without gamma chunks holds sRGB values as scanners
	 * and ImageMagick write them; libpng would take them as linear and
	 * lighten the picture.
	 */
	in.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	pixels = xmalloc(PNG_IMAGE_SIZE(in));
	if (!png_image_finish_read(&in, NULL, pixels, 0, NULL)) {
		*why = "a damaged or truncated PNG file";
		goto fail;
	}
	memset(&wr, 0, sizeof(wr));
	wr.version = PNG_IMAGE_VERSION;
	wr.width = in.width;
	wr.height = in.height;
	wr.format = fmt;
	if (!png_image_write_get_memory_size(wr, n, 0, pixels, 0, NULL)) {
		*why = "a PNG that cannot be written again";
		goto fail;
	}
	file = xmalloc(n);
	if (!png_image_write_to_memory(&wr, file, &n, 0, pixels, 0, NULL)) {
		*why = "a PNG that cannot be written again";
		free(file);
		goto fail;
	}
	free(pixels);
	png_image_free(&in);
	*out = file;
	*out_len = n;
	*w = (int)wr.width;
	*h = (int)wr.height;
	return 0;
fail:
	free(pixels);
	png_image_free(&in);
	return -1;
}

/* Alpha at (x, y) of an RGBA picture, edges clamped. */
static unsigned
alpha_at(const unsigned char *px, uint32_t w, uint32_t h, long x, long y)
{
	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	if ((uint32_t)x >= w)
		x = (long)w - 1;
	if ((uint32_t)y >= h)
		y = (long)h - 1;
	return px[((size_t)y * w + (size_t)x) * 4 + 3];
}

/*
 * Sample the alpha of px at STENCIL_SCALE times its resolution
 * (bilinear, in 1/256 steps) and set the bit of every pixel that has less
 * than half the full alpha max: 0 is ink in an image mask.
 */
static void
stencil_bits(const unsigned char *px, uint32_t w, uint32_t h, unsigned max,
             unsigned char *bits, size_t row)
{
	uint32_t ow = w * IMAGE_STENCIL_SCALE, oh = h * IMAGE_STENCIL_SCALE;
	uint32_t x, y;

	for (y = 0; y < oh; y++) {
		/* centre of the output pixel in input pixel units, * 256 */
		long fy = ((long)y * 2 + 1) * 128 / IMAGE_STENCIL_SCALE - 128;
		long y0 = fy >= 0 ? fy / 256 : -1;
		unsigned wy = (unsigned)(fy - y0 * 256);

		for (x = 0; x < ow; x++) {
			long fx =
			    ((long)x * 2 + 1) * 128 / IMAGE_STENCIL_SCALE - 128;
			long x0 = fx >= 0 ? fx / 256 : -1;
			unsigned wx = (unsigned)(fx - x0 * 256);
			unsigned long a;

			a = (unsigned long)alpha_at(px, w, h, x0, y0) *
			        (256 - wx) * (256 - wy) +
			    (unsigned long)alpha_at(px, w, h, x0 + 1, y0) * wx *
			        (256 - wy) +
			    (unsigned long)alpha_at(px, w, h, x0, y0 + 1) *
			        (256 - wx) * wy +
			    (unsigned long)alpha_at(px, w, h, x0 + 1, y0 + 1) *
			        wx * wy;
			if (a * 2 < (unsigned long)max * 65536)
				bits[(size_t)y * row + x / 8] |=
				    (unsigned char)(0x80 >> (x % 8));
		}
	}
}

int
image_png_stencil(const unsigned char *png, size_t len,
                  struct image_stencil *out)
{
	png_image in;
	unsigned char *px = NULL;
	size_t i, n, row;
	int found = 0;
	unsigned max = 0;

	memset(out, 0, sizeof(*out));
	if (!image_png_is_plain(png, len) || png[25] != 6)
		return 0;
	memset(&in, 0, sizeof(in));
	in.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&in, png, len))
		return -1;
	if ((size_t)in.width * in.height > IMAGE_MAX_PIXELS ||
	    in.width > IMAGE_MAX_PX / IMAGE_STENCIL_SCALE ||
	    in.height > IMAGE_MAX_PX / IMAGE_STENCIL_SCALE) {
		png_image_free(&in);
		return 0;
	}
	in.format = PNG_FORMAT_RGBA;
	n = (size_t)in.width * in.height;
	px = xmalloc(PNG_IMAGE_SIZE(in));
	if (!png_image_finish_read(&in, NULL, px, 0, NULL)) {
		free(px);
		png_image_free(&in);
		return -1;
	}
	png_image_free(&in);
	for (i = 0; i < n; i++) {
		const unsigned char *q = px + i * 4;

		if (q[3] == 0)
			continue;
		if (q[3] > max)
			max = q[3];
		if (!found) {
			memcpy(out->rgb, q, 3);
			found = 1;
		} else if (memcmp(out->rgb, q, 3) != 0) {
			free(px);
			return 0;
		}
	}
	if (!found) {
		free(px);
		return 0;
	}
	out->width = (int)in.width * IMAGE_STENCIL_SCALE;
	out->height = (int)in.height * IMAGE_STENCIL_SCALE;
	row = ((size_t)out->width + 7) / 8;
	out->len = row * (size_t)out->height;
	out->bits = xcalloc(out->len, 1);
	out->alpha = (unsigned char)max;
	stencil_bits(px, in.width, in.height, max, out->bits, row);
	free(px);
	return 1;
}
