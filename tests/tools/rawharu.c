/* SPDX-License-Identifier: MIT */
/*
 * Negative control for inkcheck.py: draws five CJK characters with libharu's
 * own embedding of the whole WenQuanYi Micro Hei face (no subsetting).
 * libharu 2.3.0 drops composite components with glyph ids >= 32768, so these
 * glyphs come out blank and the ink checker must reject the file.
 *
 * Build: cc -o rawharu tests/tools/rawharu.c -lhpdf
 * Usage: rawharu OUT.pdf
 */
#include <stdio.h>

#include <hpdf.h>

#define WQY "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	HPDF_STATUS *first = user_data;

	if (first[0] == 0) {
		first[0] = error_no;
		first[1] = detail_no;
	}
}

int
main(int argc, char **argv)
{
	HPDF_STATUS err[2] = { 0, 0 };
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font font;
	const char *name;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: rawharu OUT.pdf\n");
		return 2;
	}
	pdf = HPDF_New(on_error, err);
	if (pdf == NULL)
		return 1;
	if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK ||
	    HPDF_UseUTFEncodings(pdf) != HPDF_OK)
		goto out;
	name = HPDF_LoadTTFontFromFile2(pdf, WQY, 0, HPDF_TRUE);
	if (name == NULL ||
	    (font = HPDF_GetFont(pdf, name, "UTF-8")) == NULL ||
	    (page = HPDF_AddPage(pdf)) == NULL ||
	    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A5,
	    HPDF_PAGE_PORTRAIT) != HPDF_OK ||
	    HPDF_Page_BeginText(page) != HPDF_OK ||
	    HPDF_Page_SetFontAndSize(page, font, 32) != HPDF_OK ||
	    HPDF_Page_TextOut(page, 40, 400, "资编额标实") != HPDF_OK ||
	    HPDF_Page_EndText(page) != HPDF_OK ||
	    HPDF_SaveToFile(pdf, argv[1]) != HPDF_OK)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "rawharu: libharu error 0x%04lX (detail %lu)\n",
		    (unsigned long)err[0], (unsigned long)err[1]);
	HPDF_Free(pdf);
	return rc;
}
