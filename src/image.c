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

static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
    0x1A, '\n' };

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16
	    | (uint32_t)p[2] << 8 | p[3];
}

const char *
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
	if (len >= 4 && (memcmp(b, "II*", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		return "a TIFF file, not a PNG (save it as PNG)";
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0
	    && memcmp(b + 8, "WEBP", 4) == 0)
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
		    ? "a damaged PNG file" : "not a PNG file";
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
	if (depth != 8 && !((type == 0 || type == 3)
	    && (depth == 1 || depth == 2 || depth == 4)))
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

	if (image_png_problem(b, len, &w, &h) != NULL || b[24] != 8
	    || (b[25] != 0 && b[25] != 2 && b[25] != 6))
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
image_png_normalize(const unsigned char *png, size_t len,
    unsigned char **out, size_t *out_len, int *w, int *h, const char **why)
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
	if (in.width == 0 || in.height == 0 || in.width > IMAGE_MAX_PX
	    || in.height > IMAGE_MAX_PX) {
		*why = "a PNG of 0 or more than 10000 pixels a side";
		goto fail;
	}
	if ((size_t)in.width * in.height > IMAGE_MAX_PIXELS) {
		*why = "a PNG of more than 16 million pixels (scale it down "
		    "to the size it is printed at)";
		goto fail;
	}
	fmt = (in.format & PNG_FORMAT_FLAG_ALPHA) ? PNG_FORMAT_RGBA
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
