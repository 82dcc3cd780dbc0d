/* SPDX-License-Identifier: MIT */
/*
 * Font set tests: coverage and fallback order of the default chain, advances
 * checked against HarfBuzz directly, the search path and its diagnostics,
 * the fake face, and the glyph-id subsets drawn by the PDF backend.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb.h>

#include "diag.h"
#include "font.h"
#include "xmem.h"

#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define DROID "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/*
 * A chain with CJK and Latin in one face, for the subset tests: face 0
 * must draw every character of their strings.
 */
static struct fontset *
open_wqy_chain(struct diag *d)
{
	static const char *const specs[] = { WQY ":0", "HanaMinB.ttf" };

	return fontset_open(specs, 2, d);
}

/* cmocka 1.1's assert_float_equal() compares as float; this keeps double. */
#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) \
    <= (eps))

/*
 * Advance as libharu writes /W, computed here straight from HarfBuzz; a
 * character the face lacks has its glyph 0's only when missing_ok.
 */
static double
hb_advance_of(const char *file, unsigned index, uint32_t cp, double size,
              int missing_ok)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
	hb_face_t *face;
	hb_font_t *font;
	hb_codepoint_t g;
	unsigned upem, adv;

	assert_non_null(blob);
	face = hb_face_create(blob, index);
	font = hb_font_create(face);
	upem = hb_face_get_upem(face);
	if (!hb_font_get_nominal_glyph(font, cp, &g)) {
		assert_true(missing_ok);
		g = 0;
	}
	adv = (unsigned)hb_font_get_glyph_h_advance(font, g);
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return (double)(adv * 1000 / upem) * size / 1000.0;
}

static double
hb_advance(const char *file, unsigned index, uint32_t cp, double size)
{
	return hb_advance_of(file, index, cp, size, 0);
}

static void
test_default_pick(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = fontset_open_default(d);

	(void)state;
	assert_non_null(fs);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(fontset_count(fs), 3);
	assert_int_equal(fontset_pick(fs, 0x8D44), 0);	/* 资 */
	/* Droid has no Latin letters or digits: DejaVu Sans draws them */
	assert_int_equal(fontset_pick(fs, 'A'), 1);
	assert_int_equal(fontset_pick(fs, '8'), 1);
	assert_int_equal(fontset_pick(fs, 0xFF08), 0);	/* （ */
	assert_int_equal(fontset_pick(fs, 0x5586), 0);	/* 喆 */
	assert_int_equal(fontset_pick(fs, 0x20BB7), 2);	/* 𠮷 */
	assert_int_equal(fontset_pick(fs, 0xE000), -1);
	assert_string_equal(fontset_name(fs, 0), "DroidSansFallback");
	assert_string_equal(fontset_name(fs, 1), "DejaVuSans");
	assert_string_equal(fontset_name(fs, 2), "HanaMinB");
	fontset_free(fs);
	diag_free(d);
}

static void
test_advance(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = fontset_open_default(d);
	double a, zi, ji;

	(void)state;
	assert_non_null(fs);
	a = fontset_advance(fs, 1, 'A', 10);
	zi = fontset_advance(fs, 0, 0x8D44, 10);
	assert_near(a, hb_advance(DEJAVU, 0, 'A', 10), 1e-12);
	assert_near(zi, hb_advance(DROID, 0, 0x8D44, 10), 1e-12);
	assert_true(a > 3 && a < 8);
	assert_true(zi > 9 && zi <= 10);
	/* the truncation to 1/1000 em is what differs from the raw width */
	assert_near(fontset_advance(fs, 1, 'A', 20), 2 * a, 1e-12);
	ji = fontset_advance(fs, 2, 0x20BB7, 12);
	assert_near(ji, hb_advance(
	    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0, 0x20BB7, 12),
	    1e-12);
	assert_true(fontset_ascent(fs, 0, 10) > 5);
	assert_true(fontset_descent(fs, 0, 10) > 0.5);
	assert_true(fontset_ascent(fs, 0, 10) + fontset_descent(fs, 0, 10)
	    < 15);
	fontset_free(fs);
	diag_free(d);
}

/*
 * The remembered face and advance of a character: the same answers before
 * and after it is picked, asked again, and of a face that is not its own
 * (DejaVu's advance of 资 is its missing glyph's, as libharu's /W has it).
 */
static void
test_advance_cached(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = fontset_open_default(d);
	double cold, warm, other;
	int i;

	(void)state;
	assert_non_null(fs);
	cold = fontset_advance(fs, 0, 0x5DE5, 10); /* 工, not picked yet */
	assert_near(cold, hb_advance(DROID, 0, 0x5DE5, 10), 1e-12);
	for (i = 0; i < 3; i++) {
		assert_int_equal(fontset_pick(fs, 0x5DE5), 0);
		warm = fontset_advance(fs, 0, 0x5DE5, 10);
		assert_near(warm, cold, 1e-12);
	}
	other = fontset_advance(fs, 1, 0x5DE5, 10);
	assert_near(other, hb_advance_of(DEJAVU, 0, 0x5DE5, 10, 1), 1e-12);
	assert_near(fontset_advance(fs, 1, '8', 10),
	            hb_advance(DEJAVU, 0, '8', 10), 1e-12);
	assert_int_equal(fontset_pick(fs, '8'), 1);
	assert_near(fontset_advance(fs, 0, '8', 10),
	            hb_advance_of(DROID, 0, '8', 10, 1), 1e-12);
	/* no face at all, remembered as such */
	assert_int_equal(fontset_pick(fs, 0xE000), -1);
	assert_int_equal(fontset_pick(fs, 0xE000), -1);
	assert_near(fontset_advance(fs, -1, 0xE000, 10), 0, 1e-12);
	/* beyond the table */
	assert_int_equal(fontset_pick(fs, 0x20BB7), 2);
	assert_int_equal(fontset_pick(fs, 0x20BB7), 2);
	fontset_free(fs);
	diag_free(d);
}

static void
test_missing(void **state)
{
	struct diag *d = diag_new(NULL);
	const char *specs[] = { "no-such-font-hrp.ttf" };
	struct fontset *fs;

	(void)state;
	setenv("HRPRESS_FONT_PATH", "/nonexistent-hrp-dir", 1);
	fs = fontset_open(specs, 1, d);
	unsetenv("HRPRESS_FONT_PATH");
	assert_null(fs);
	assert_true(diag_has(d, DIAG_FONT_MISSING));
	assert_non_null(strstr(diag_text(d), "no-such-font-hrp.ttf"));
	assert_non_null(strstr(diag_text(d), "/nonexistent-hrp-dir"));
	assert_non_null(strstr(diag_text(d), "/usr/share/fonts/truetype"));
	diag_free(d);
}

static void
test_bad(void **state)
{
	struct diag *d = diag_new(NULL);
	char dir[] = "/tmp/hrp_test_font.XXXXXX";
	const char *junk_spec[] = { "junk.ttf" };
	const char *alias_spec[] = { "alias.ttc:0" };
	const char *index_spec[] = { WQY ":9" };
	struct fontset *fs;
	char *junk, *alias;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	junk = xasprintf("%s/junk.ttf", dir);
	alias = xasprintf("%s/alias.ttc", dir);
	f = fopen(junk, "w");
	assert_non_null(f);
	fputs("not a font at all\n", f);
	fclose(f);
	assert_int_equal(symlink(WQY, alias), 0);

	setenv("HRPRESS_FONT_PATH", dir, 1);
	assert_null(fontset_open(junk_spec, 1, d));
	assert_true(diag_has(d, DIAG_FONT_BAD));
	assert_false(diag_has(d, DIAG_FONT_MISSING));
	/* found through HRPRESS_FONT_PATH */
	fs = fontset_open(alias_spec, 1, d);
	unsetenv("HRPRESS_FONT_PATH");
	assert_non_null(fs);
	assert_int_equal(fontset_pick(fs, 0x8D44), 0);
	fontset_free(fs);

	diag_free(d);
	d = diag_new(NULL);
	assert_null(fontset_open(index_spec, 1, d));
	assert_true(diag_has(d, DIAG_FONT_BAD));
	assert_non_null(strstr(diag_text(d), "index 9"));

	unlink(junk);
	unlink(alias);
	rmdir(dir);
	free(junk);
	free(alias);
	diag_free(d);
}

static void
test_fake(void **state)
{
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	uint32_t cp = 0x8D44;

	(void)state;
	assert_int_equal(fontset_count(fs), 1);
	assert_int_equal(fontset_pick(fs, 'A'), 0);
	assert_int_equal(fontset_pick(fs, 0x20BB7), 0);
	assert_int_equal(fontset_pick(fs, 0xE000), -1);
	assert_int_equal(fontset_pick(fs, 0xF8FF), -1);
	assert_near(fontset_advance(fs, 0, 'A', 10), 5, 1e-12);
	assert_near(fontset_advance(fs, 0, 0x8D44, 10), 10, 1e-12);
	assert_near(fontset_advance(fs, 0, 0xFF0C, 12), 12, 1e-12);
	assert_near(fontset_advance(fs, 0, 0x2E7F, 12), 6, 1e-12);
	assert_near(fontset_ascent(fs, 0, 10), 8, 1e-12);
	assert_near(fontset_descent(fs, 0, 10), 2, 1e-12);
	assert_null(fontsub_new(fs, 0, &cp, 1, d));
	assert_true(diag_has(d, DIAG_FONT_SUBSET));
	diag_free(d);
	fontset_free(fs);
}

/* Decode a UTF-8 literal into code points. */
static size_t
cps_of(const char *s, uint32_t *out)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c;
		int k;

		if (*p < 0x80) {
			c = *p;
			k = 1;
		} else if (*p < 0xE0) {
			c = *p & 0x1F;
			k = 2;
		} else if (*p < 0xF0) {
			c = *p & 0x0F;
			k = 3;
		} else {
			c = *p & 0x07;
			k = 4;
		}
		for (int i = 1; i < k; i++)
			c = (c << 6) | (p[i] & 0x3F);
		out[n++] = c;
		p += k;
	}
	return n;
}

static void
test_subset(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = open_wqy_chain(d);
	uint32_t cps[64];
	size_t n = cps_of("资编额标实喆堃昇玥 实发 8,500.00 元资", cps), np, i;
	const uint16_t *codes;
	const uint32_t *pcps;
	const unsigned char *data;
	size_t len;
	struct fontsub *sub;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;

	(void)state;
	assert_non_null(fs);
	sub = fontsub_new(fs, 0, cps, n, d);
	assert_non_null(sub);
	np = fontsub_pairs(sub, &codes, &pcps);
	/* distinct characters: 资编额标实喆堃昇玥 space 发 8 , 5 0 . 元 */
	assert_int_equal(np, 17);
	for (i = 0; i < np; i++) {
		assert_true(codes[i] > 0 && codes[i] < 32768);
		if (i > 0)
			assert_true(codes[i] > codes[i - 1]);
		assert_int_equal(fontsub_code(sub, pcps[i]), codes[i]);
	}
	for (i = 0; i < n; i++)
		assert_true(fontsub_code(sub, cps[i]) > 0);
	assert_int_equal(fontsub_code(sub, 0x4E00), 0);

	/* the subset's cmap maps every code to itself; widths are kept */
	data = fontsub_data(sub, &len);
	assert_true(len > 1000);
	blob = hb_blob_create((const char *)data, (unsigned)len,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	face = hb_face_create(blob, 0);
	font = hb_font_create(face);
	assert_true(hb_face_get_glyph_count(face) < 32768);
	for (i = 0; i < np; i++) {
		hb_codepoint_t g = 0;
		unsigned adv;

		assert_true(hb_font_get_nominal_glyph(font, codes[i], &g));
		assert_int_equal(g, codes[i]);
		adv = (unsigned)hb_font_get_glyph_h_advance(font, g);
		assert_near((double)(adv * 1000 /
		    hb_face_get_upem(face)) * 10 / 1000,
		    fontset_advance(fs, 0, pcps[i], 10), 1e-12);
	}
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	fontsub_free(sub);

	/* a character of the other face is refused */
	cps[0] = 0x20BB7;
	assert_null(fontsub_new(fs, 0, cps, 1, d));
	assert_true(diag_has(d, DIAG_FONT_SUBSET));

	fontset_free(fs);
	diag_free(d);
}

/*
 * 年 U+5E74 and the compatibility ideograph U+F98E share one glyph in
 * WenQuanYi: one code, and the ToUnicode pair keeps the lower character.
 */
static void
test_shared_glyph(void **state)
{
	struct diag *d = diag_new(NULL);
	struct fontset *fs = open_wqy_chain(d);
	uint32_t cps[] = { 0xF98E, 0x5E74, 0x20BB7 };
	const uint16_t *codes;
	const uint32_t *pcps;
	struct fontsub *sub, *ext;

	(void)state;
	assert_non_null(fs);
	sub = fontsub_new(fs, 0, cps, 2, d);
	assert_non_null(sub);
	assert_int_equal(fontsub_pairs(sub, &codes, &pcps), 1);
	assert_int_equal(pcps[0], 0x5E74);
	assert_int_equal(fontsub_code(sub, 0xF98E), codes[0]);
	assert_int_equal(fontsub_code(sub, 0x5E74), codes[0]);
	fontsub_free(sub);

	ext = fontsub_new(fs, 1, cps + 2, 1, d);
	assert_non_null(ext);
	assert_int_equal(fontsub_pairs(ext, &codes, &pcps), 1);
	assert_int_equal(pcps[0], 0x20BB7);
	assert_true(codes[0] > 0);
	fontsub_free(ext);
	fontset_free(fs);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_pick),
		cmocka_unit_test(test_advance),
		cmocka_unit_test(test_advance_cached),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_fake),
		cmocka_unit_test(test_subset),
		cmocka_unit_test(test_shared_glyph),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
