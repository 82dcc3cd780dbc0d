/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for image.c: every kind of PNG a scanner or image editor
 * writes (grey, RGB, RGBA, grey+alpha, palette with and without
 * transparency, 16 bits) comes out of image_png_normalize() as an 8-bit
 * plain PNG with the same pixels; files that are not PNGs, damaged or too
 * large are refused with a reason that says what they are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <png.h>

#include "image.h"

#define W 7
#define H 5

/* A PNG of W x H pixels in format fmt, written by libpng; malloc'd. */
static unsigned char *
make_png(uint32_t fmt, size_t *len)
{
	png_image im;
	png_alloc_size_t n = 0;
	unsigned char *pixels, *file, cmap[4 * 4];
	int comps = PNG_IMAGE_PIXEL_CHANNELS(fmt), x, y, c;
	int wide = (fmt & PNG_FORMAT_FLAG_LINEAR) != 0;

	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	im.width = W;
	im.height = H;
	im.format = fmt;
	pixels = calloc(1, PNG_IMAGE_SIZE(im));
	assert_non_null(pixels);
	if (fmt & PNG_FORMAT_FLAG_COLORMAP) {
		/* four colours: red, green, blue, and (RGBA) see-through */
		static const unsigned char pal[4][4] = {
			{ 255, 0, 0, 255 }, { 0, 255, 0, 255 },
			{ 0, 0, 255, 255 }, { 255, 255, 255, 0 },
		};
		for (c = 0; c < 4; c++)
			memcpy(cmap + c * PNG_IMAGE_SAMPLE_CHANNELS(fmt),
			    pal[c], (size_t)PNG_IMAGE_SAMPLE_CHANNELS(fmt));
		im.colormap_entries = 4;
		for (y = 0; y < H; y++)
			for (x = 0; x < W; x++)
				pixels[y * W + x] = (unsigned char)((x + y) % 4);
	} else
		for (y = 0; y < H; y++)
			for (x = 0; x < W; x++)
				for (c = 0; c < comps; c++) {
					unsigned v = (unsigned)(x * 36 + y * 7
					    + c * 50) % 256;
					if (wide)
						((uint16_t *)pixels)[(y * W + x)
						    * comps + c] =
						    (uint16_t)(v * 257);
					else
						pixels[(y * W + x) * comps + c]
						    = (unsigned char)v;
				}
	assert_true(png_image_write_get_memory_size(im, n, 0, pixels, 0,
	    (fmt & PNG_FORMAT_FLAG_COLORMAP) ? cmap : NULL));
	file = malloc(n);
	assert_non_null(file);
	assert_true(png_image_write_to_memory(&im, file, &n, 0, pixels, 0,
	    (fmt & PNG_FORMAT_FLAG_COLORMAP) ? cmap : NULL));
	free(pixels);
	*len = n;
	return file;
}

/* Decode a PNG into 8-bit RGBA pixels (malloc'd, W * H * 4). */
static unsigned char *
rgba_of(const unsigned char *png, size_t len)
{
	png_image im;
	unsigned char *px;

	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_memory(&im, png, len));
	assert_int_equal(im.width, W);
	assert_int_equal(im.height, H);
	im.format = PNG_FORMAT_RGBA;
	px = malloc(PNG_IMAGE_SIZE(im));
	assert_non_null(px);
	assert_true(png_image_finish_read(&im, NULL, px, 0, NULL));
	return px;
}

static void
check_kind(uint32_t fmt, int want_type)
{
	unsigned char *in, *out, *a, *b;
	size_t in_len, out_len;
	const char *why = NULL;
	int w = 0, h = 0;

	in = make_png(fmt, &in_len);
	assert_int_equal(image_png_normalize(in, in_len, &out, &out_len, &w,
	    &h, &why), 0);
	assert_null(why);
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	assert_true(image_png_is_plain(out, out_len));
	assert_null(image_png_problem(out, out_len, &w, &h));
	assert_int_equal(out[24], 8);		/* bit depth */
	assert_int_equal(out[25], want_type);	/* colour type */
	assert_int_equal(out[28], 0);		/* not interlaced */
	/* same pixels (16 bits: the top byte, as v * 257 was written) */
	a = rgba_of(in, in_len);
	b = rgba_of(out, out_len);
	assert_memory_equal(a, b, W * H * 4);
	free(a);
	free(b);
	free(in);
	free(out);
}

static void
test_gray8(void **state)
{
	(void)state;
	check_kind(PNG_FORMAT_GRAY, 0);
}

static void
test_rgb8(void **state)
{
	(void)state;
	check_kind(PNG_FORMAT_RGB, 2);
}

static void
test_rgba8(void **state)
{
	(void)state;
	check_kind(PNG_FORMAT_RGBA, 6);
}

/* Grey with alpha becomes RGBA: one kind of transparent picture. */
static void
test_gray_alpha(void **state)
{
	(void)state;
	check_kind(PNG_FORMAT_GA, 6);
}

static void
test_palette(void **state)
{
	(void)state;
	check_kind(PNG_FORMAT_RGB_COLORMAP, 2);
}

/* A palette with a tRNS chunk: the transparency becomes an alpha channel. */
static void
test_palette_trns(void **state)
{
	size_t len;
	unsigned char *in = make_png(PNG_FORMAT_RGBA_COLORMAP, &len);

	(void)state;
	assert_int_equal(in[25], 3);
	assert_false(image_png_is_plain(in, len));
	free(in);
	check_kind(PNG_FORMAT_RGBA_COLORMAP, 6);
}

/* 16 bits a sample is refused as it is and reduced to 8 by normalize. */
static void
test_sixteen_bits(void **state)
{
	size_t len;
	unsigned char *in = make_png(PNG_FORMAT_LINEAR_RGB_ALPHA, &len);
	int w, h;

	(void)state;
	assert_int_equal(in[24], 16);
	assert_non_null(strstr(image_png_problem(in, len, &w, &h), "16 bits"));
	assert_false(image_png_is_plain(in, len));
	free(in);
	in = make_png(PNG_FORMAT_LINEAR_Y, &len);
	assert_int_equal(in[24], 16);
	free(in);
	check_kind(PNG_FORMAT_LINEAR_Y, 0);
	check_kind(PNG_FORMAT_LINEAR_RGB, 2);
}

static void
test_not_png(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *says;
	} cases[] = {
		{ "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "JPEG" },
		{ "GIF89a", 6, "GIF" },
		{ "%PDF-1.7\n", 9, "PDF" },
		{ "BM\0\0", 4, "BMP" },
		{ "", 0, "empty" },
		{ "hello, world", 12, "not a PNG" },
	};
	unsigned char *out = (unsigned char *)"x";
	size_t i, out_len = 1;
	const char *why;
	int w, h;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = NULL;
		assert_int_equal(image_png_normalize((const unsigned char *)
		    cases[i].bytes, cases[i].len, &out, &out_len, &w, &h,
		    &why), -1);
		assert_null(out);
		assert_int_equal(out_len, 0);
		assert_non_null(strstr(why, cases[i].says));
		assert_false(image_png_is_plain((const unsigned char *)
		    cases[i].bytes, cases[i].len));
	}
}

/* A PNG cut short in its image data is damaged, not a picture. */
static void
test_truncated(void **state)
{
	size_t len;
	unsigned char *in = make_png(PNG_FORMAT_RGB, &len), *out;
	const char *why = NULL;
	int w, h;

	(void)state;
	assert_int_equal(image_png_normalize(in, 60, &out, &len, &w, &h,
	    &why), -1);
	assert_non_null(strstr(why, "damaged"));
	free(in);
}

/* Sizes are checked from the header, before any pixel is decoded. */
static void
test_too_large(void **state)
{
	size_t len;
	unsigned char *in = make_png(PNG_FORMAT_RGB, &len), *out;
	const char *why = NULL;
	int w, h;

	(void)state;
	/* 20000 pixels wide (the CRC no longer matches: either refusal) */
	in[16] = 0;
	in[17] = 0;
	in[18] = 0x4E;
	in[19] = 0x20;
	assert_non_null(image_png_problem(in, len, &w, &h));
	assert_int_equal(image_png_normalize(in, len, &out, &len, &w, &h,
	    &why), -1);
	assert_non_null(why);
	free(in);
	in = calloc(1, IMAGE_MAX_BYTES + 1);
	assert_non_null(in);
	memcpy(in, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(image_png_normalize(in, IMAGE_MAX_BYTES + 1, &out,
	    &len, &w, &h, &why), -1);
	assert_non_null(strstr(why, "8 MiB"));
	free(in);
}

/*
 * An RGBA PNG of 4 x 2 pixels: each pixel's alpha from a, all in colour
 * (200, 10, 20) except pixel odd, when odd >= 0, which is blue.
 */
static unsigned char *
make_seal(const unsigned char a[8], int odd, size_t *len)
{
	png_image im;
	png_alloc_size_t n = 0;
	unsigned char px[4 * 2 * 4], *file;
	int i;

	for (i = 0; i < 8; i++) {
		px[i * 4] = 200;
		px[i * 4 + 1] = 10;
		px[i * 4 + 2] = 20;
		px[i * 4 + 3] = a[i];
	}
	if (odd >= 0) {
		px[odd * 4] = 0;
		px[odd * 4 + 2] = 255;
	}
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	im.width = 4;
	im.height = 2;
	im.format = PNG_FORMAT_RGBA;
	assert_true(png_image_write_get_memory_size(im, n, 0, px, 0, NULL));
	file = malloc(n);
	assert_non_null(file);
	assert_true(png_image_write_to_memory(&im, file, &n, 0, px, 0, NULL));
	*len = n;
	return file;
}

/*
 * A one-colour seal becomes a mask twice as fine, ink (0 bits) where the
 * alpha is at least half the highest, drawn at that highest alpha.
 */
static void
test_stencil(void **state)
{
	/* left half ink at alpha 204 (0.8), right half clear */
	static const unsigned char a[8] = { 204, 204, 0, 0, 204, 204, 0, 0 };
	struct image_stencil st;
	size_t len;
	unsigned char *in = make_seal(a, -1, &len);
	int y;
	(void)state;

	assert_int_equal(image_png_stencil(in, len, &st), 1);
	assert_int_equal(st.width, 4 * IMAGE_STENCIL_SCALE);
	assert_int_equal(st.height, 2 * IMAGE_STENCIL_SCALE);
	assert_int_equal(st.rgb[0], 200);
	assert_int_equal(st.rgb[1], 10);
	assert_int_equal(st.rgb[2], 20);
	assert_int_equal(st.alpha, 204);
	assert_int_equal(st.len, (size_t)st.height);
	/* 8 pixels a row: 4 of ink, then 4 of paper: 0x0F in every row */
	for (y = 0; y < st.height; y++)
		assert_int_equal(st.bits[y], 0x0F);
	free(st.bits);
	free(in);
}

/* Two colours, or no alpha channel: not a stencil. */
static void
test_not_stencil(void **state)
{
	static const unsigned char a[8] = { 255, 255, 0, 0, 255, 255, 0, 0 };
	struct image_stencil st;
	size_t len;
	unsigned char *in = make_seal(a, 1, &len), *rgb;
	(void)state;

	assert_int_equal(image_png_stencil(in, len, &st), 0);
	assert_null(st.bits);
	free(in);
	/* a blue pixel that is fully transparent does not count */
	in = make_seal(a, 2, &len);
	assert_int_equal(image_png_stencil(in, len, &st), 1);
	free(st.bits);
	free(in);
	rgb = make_png(PNG_FORMAT_RGB, &len);
	assert_int_equal(image_png_stencil(rgb, len, &st), 0);
	free(rgb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gray8),
		cmocka_unit_test(test_rgb8),
		cmocka_unit_test(test_rgba8),
		cmocka_unit_test(test_gray_alpha),
		cmocka_unit_test(test_palette),
		cmocka_unit_test(test_palette_trns),
		cmocka_unit_test(test_sixteen_bits),
		cmocka_unit_test(test_not_png),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_stencil),
		cmocka_unit_test(test_not_stencil),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
