/* SPDX-License-Identifier: MIT */
/*
 * The PDF backend: draws a page_doc with libharu 2.3.0. Each face in use gets
 * one subset per document (font.c), drawn by glyph id through libharu's UTF-8
 * encoder; the font objects are then patched (CIDToGIDMap /Identity, a real
 * ToUnicode CMap) and the file is written atomically. The fonts are in
 * pdf_font.c, the images in pdf_image.c (pdf_int.h).
 */
#include "pdf.h"
#include "pdf_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_pdfa.h>
#include <hpdf_utils.h>
#include <libdeflate.h>

#include "buf.h"
#include "diag.h"
#include "image.h"
#include "font.h"
#include "outfile.h"
#include "page.h"
#include "srgb_icc.h"
#include "utf8.h"
#include "xmem.h"

/* Deepest outline level kept apart; deeper entries nest at this depth. */
#define OUTLINE_DEPTH 16
/*
 * libdeflate level for every compressed stream. libharu itself deflates
 * with zlib at level 6, which costs more than half of a one-page file's
 * time; libdeflate at this level is several times faster and its output
 * about as small (docs/scale.md has the measurements).
 */
#define DEFLATE_LEVEL 6

static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct pdf_err *e = user_data;

	if (e->error_no == 0) {
		e->error_no = error_no;
		e->detail_no = detail_no;
	}
}

/*
 * Report a libharu failure once. A call can fail without the handler
 * having run (some return a status only), hence the fallback to st.
 */
int
pdf_fail_haru(struct pdf *p, HPDF_STATUS st, const char *what)
{
	HPDF_STATUS no = p->err.error_no ? p->err.error_no : st;

	if (!p->reported)
		diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
		            "%s: %s: libharu error 0x%04lX (detail %lu)",
		            p->path, what, (unsigned long)no,
		            (unsigned long)p->err.detail_no);
	p->reported = 1;
	return -1;
}

int
pdf_check(struct pdf *p, HPDF_STATUS st, const char *what)
{
	if (st != HPDF_OK || p->err.error_no != 0)
		return pdf_fail_haru(p, st, what);
	return 0;
}

/* ---- compression ---- */

struct pdf_scratch *
pdf_scratch_new(void)
{
	struct pdf_scratch *s = xcalloc(1, sizeof(*s));

	/*
	 * NULL only when memory is short: streams are then left to
	 * libharu's own (slower) deflate, with the same result.
	 */
	s->zc = libdeflate_alloc_compressor(DEFLATE_LEVEL);
	return s;
}

void
pdf_scratch_free(struct pdf_scratch *s)
{
	size_t i;

	if (s == NULL)
		return;
	libdeflate_free_compressor(s->zc);
	free(s->raw);
	free(s->z);
	for (i = 0; i < s->nimgs; i++) {
		free(s->imgs[i].png);
		free(s->imgs[i].rgb);
		free(s->imgs[i].mask);
	}
	free(s->imgs);
	free(s);
}

/*
 * Runs inside libharu's dictionary writer after the keys: a stream whose
 * bytes are already deflated has filter NONE (so that libharu does not
 * deflate it again, and drops any /Filter key), and says so here.
 */
HPDF_STATUS
pdf_put_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

static int put_deflated(struct pdf *p, HPDF_Dict sd, const unsigned char *data,
                        size_t size, const char *what);

/* Replace the bytes of stream dictionary sd by their zlib deflate. */
int
pdf_precompress(struct pdf *p, HPDF_Dict sd, const char *what)
{
	struct pdf_scratch *s = p->scratch;
	HPDF_UINT32 size;
	HPDF_UINT got;
	HPDF_STATUS st;

	if (sd == NULL || sd->stream == NULL || s == NULL || s->zc == NULL)
		return 0;
	size = HPDF_Stream_Size(sd->stream);
	if (size == 0)
		return 0;
	if (s->raw_cap < size)
		s->raw = xgrow(s->raw, &s->raw_cap, size, 1);
	if (pdf_check(p, HPDF_Stream_Seek(sd->stream, 0, HPDF_SEEK_SET), what) <
	    0)
		return -1;
	got = size;
	st = HPDF_Stream_Read(sd->stream, s->raw, &got);
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size)
		return pdf_fail_haru(p, st, what);
	return put_deflated(p, sd, s->raw, size, what);
}

/*
 * The stream of sd becomes the zlib deflate of data (what it held before is
 * dropped); with compression off, data itself.
 */
static int
put_deflated(struct pdf *p, HPDF_Dict sd, const unsigned char *data,
             size_t size, const char *what)
{
	struct pdf_scratch *s = p->scratch;
	size_t zl;

	if (s == NULL || s->zc == NULL) {
		HPDF_MemStream_FreeData(sd->stream);
		return pdf_check(
		    p, HPDF_Stream_Write(sd->stream, data, (HPDF_UINT)size),
		    what);
	}
	zl = libdeflate_zlib_compress_bound(s->zc, size);
	if (s->z_cap < zl)
		s->z = xgrow(s->z, &s->z_cap, zl, 1);
	zl = libdeflate_zlib_compress(s->zc, data, size, s->z, s->z_cap);
	if (zl == 0)
		return pdf_fail_haru(p, HPDF_OK, what);
	HPDF_MemStream_FreeData(sd->stream);
	if (pdf_check(p, HPDF_Stream_Write(sd->stream, s->z, (HPDF_UINT)zl),
	              what) < 0)
		return -1;
	sd->filter = HPDF_STREAM_FILTER_NONE;
	sd->write_fn = pdf_put_flate_filter;
	return 0;
}

/* ---- strings ---- */

void
pdf_put_utf16(struct buf *b, uint32_t cp)
{
	uint16_t u[2];
	int i, n = utf8_to_utf16(cp, u);

	for (i = 0; i < n; i++)
		buf_printf(b, "%04X", (unsigned)u[i]);
}

/*
 * A text string as UTF-16BE with BOM. libharu's UTF-8 encoder turns
 * characters above U+FFFF into spaces, so titles and info values with such
 * characters are written this way instead.
 */
static HPDF_Binary
utf16_string(struct pdf *p, const char *s)
{
	size_t len = strlen(s), i = 0, n = 2;
	unsigned char *u = xmalloc(len * 4 + 2);
	HPDF_Binary bin;
	uint16_t w[2];
	int j;

	u[0] = 0xFE;
	u[1] = 0xFF;
	while (i < len) {
		uint32_t cp;
		int k = utf8_decode(s + i, len - i, &cp);

		if (k < 0) {
			free(u);
			diag_report(p->d, DIAG_BIND_UTF8, NULL,
			            "%s: invalid UTF-8 in \"%s\"", p->path, s);
			p->reported = 1;
			return NULL;
		}
		i += (size_t)k;
		for (j = 0; j < utf8_to_utf16(cp, w); j++) {
			u[n++] = (unsigned char)(w[j] >> 8);
			u[n++] = (unsigned char)w[j];
		}
	}
	bin = HPDF_Binary_New(p->doc->mmgr, u, (HPDF_UINT)n);
	free(u);
	if (bin == NULL)
		pdf_fail_haru(p, HPDF_OK, "HPDF_Binary_New");
	return bin;
}

static int
has_non_bmp(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0xF0)
			return 1;
	return 0;
}

/* ---- drawing ---- */

static double
red(uint32_t rgb)
{
	return (double)((rgb >> 16) & 0xFF) / 255.0;
}

static double
green(uint32_t rgb)
{
	return (double)((rgb >> 8) & 0xFF) / 255.0;
}

static double
blue(uint32_t rgb)
{
	return (double)(rgb & 0xFF) / 255.0;
}

/*
 * The page's content stream is written here, not through libharu's
 * operator calls: each of those clears a 512-byte buffer byte by byte,
 * checks the graphics mode and, for text, measures the string again
 * through the encoder, which together took a third of the time of a
 * payslip batch. The operators and their number format are libharu's
 * (HPDF_FToA: at most five decimals, no trailing zeros), so the bytes are
 * the same as before; fonts, images and graphics states are still
 * registered in the page's resources by libharu. The operators of a page
 * collect in p->cs and go to the stream, deflated, when the page is done
 * (put_page_content).
 */
void
pdf_cs_str(struct pdf *p, const char *s)
{
	buf_adds(&p->cs, s);
}

size_t
pdf_real(char *out, double v)
{
	HPDF_REAL val = (HPDF_REAL)v;
	HPDF_INT32 ip, fp;
	char digits[8], *s = out;
	int nd = 5, i;

	if (val > HPDF_LIMIT_MAX_REAL)
		val = HPDF_LIMIT_MAX_REAL;
	else if (val < HPDF_LIMIT_MIN_REAL)
		val = HPDF_LIMIT_MIN_REAL;
	if (val < 0) {
		*s++ = '-';
		val = -val;
	}
	/* HPDF_FToA's arithmetic, step for step (HPDF_REAL is float) */
	ip = (HPDF_INT32)(val + 0.000005);
	fp = (HPDF_INT32)((HPDF_REAL)(val - ip + 0.000005) * 100000);
	if (fp < 0 || fp > 99999) {
		/* its five-digit loop would write odd digits: let it */
		char tmp[32] = {0};

		size_t n;

		HPDF_FToA(tmp, (HPDF_REAL)v, tmp + sizeof(tmp) - 1);
		n = strlen(tmp);
		memcpy(out, tmp, n + 1);
		return n;
	}
	i = 0;
	do {
		digits[i++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	while (i > 0)
		*s++ = digits[--i];
	while (nd > 0 && fp % 10 == 0) {
		fp /= 10;
		nd--;
	}
	if (nd > 0) {
		*s++ = '.';
		for (i = nd - 1; i >= 0; i--) {
			s[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		s += nd;
	}
	*s = '\0';
	return (size_t)(s - out);
}

/* A number as libharu writes it: the float, five decimals at most. */
static void
cs_real(struct pdf *p, double v)
{
	char tmp[32];

	buf_add(&p->cs, tmp, pdf_real(tmp, v));
}

/* Numbers separated by spaces, then the operator (" Tm\n" etc.). */
void
pdf_cs_reals(struct pdf *p, const double *v, size_t n, const char *op)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&p->cs, ' ');
		cs_real(p, v[i]);
	}
	buf_adds(&p->cs, op);
}

void
pdf_end_text(struct pdf *p, struct gstate *gs)
{
	if (gs->in_text) {
		pdf_cs_str(p, "ET\012");
		gs->in_text = 0;
	}
}

static void
cs_rgb(struct pdf *p, uint32_t rgb, const char *op)
{
	double v[3];

	v[0] = red(rgb);
	v[1] = green(rgb);
	v[2] = blue(rgb);
	pdf_cs_reals(p, v, 3, op);
}

static void
set_fill(struct pdf *p, struct gstate *gs, uint32_t rgb)
{
	if (!gs->fill_set || gs->fill_rgb != rgb) {
		cs_rgb(p, rgb, " rg\012");
		gs->fill_set = 1;
		gs->fill_rgb = rgb;
	}
}

static void
set_stroke(struct pdf *p, struct gstate *gs, uint32_t rgb)
{
	if (!gs->stroke_set || gs->stroke_rgb != rgb) {
		cs_rgb(p, rgb, " RG\012");
		gs->stroke_set = 1;
		gs->stroke_rgb = rgb;
	}
}

static void
set_line_width(struct pdf *p, struct gstate *gs, double w)
{
	if (gs->line_width_pt != w) {
		pdf_cs_reals(p, &w, 1, " w\012");
		gs->line_width_pt = w;
	}
}

static void
set_join(struct pdf *p, struct gstate *gs, int round)
{
	if (gs->round_join != round) {
		pdf_cs_str(p, round ? "1 j\012" : "0 j\012");
		gs->round_join = round;
	}
}

static void
set_dash(struct pdf *p, struct gstate *gs, int dashed, double width_pt)
{
	if (dashed) {
		/* dashes scale with the line so thick rules stay dashed */
		double w = width_pt < 1 ? 1 : width_pt;

		buf_printf(&p->cs, "[%u %u ] 0 d\012",
		           (unsigned)(HPDF_UINT16)(3 * w + 0.5),
		           (unsigned)(HPDF_UINT16)(2 * w + 0.5));
		gs->dashed = 1;
	} else if (gs->dashed) {
		pdf_cs_str(p, "[] 0 d\012");
		gs->dashed = 0;
	}
}

/* The codes (glyph ids) of a text item, as a hex string operand. */
static int
cs_codes(struct pdf *p, const struct page_text *t, size_t pi)
{
	static const char hex[] = "0123456789ABCDEF";
	const struct fontsub *sub = p->fonts[t->font].sub;
	size_t i = 0;

	buf_addc(&p->cs, '<');
	while (i < t->len) {
		uint32_t cp;
		uint16_t code;
		char h[4];
		int k = utf8_decode(t->utf8 + i, t->len - i, &cp);

		/* pdf_collect_chars() has validated the text */
		code = fontsub_code(sub, cp);
		if (code == 0) {
			diag_report(p->d, DIAG_LAYOUT_GLYPH, NULL,
			            "%s: page %zu: U+%04X", p->path, pi + 1,
			            (unsigned)cp);
			p->reported = 1;
			return -1;
		}
		h[0] = hex[code >> 12];
		h[1] = hex[(code >> 8) & 15];
		h[2] = hex[(code >> 4) & 15];
		h[3] = hex[code & 15];
		buf_add(&p->cs, h, 4);
		i += (size_t)k;
	}
	buf_adds(&p->cs, "> Tj\012");
	return 0;
}

static int
draw_text(struct pdf *p, HPDF_Page pg, double h, struct gstate *gs,
          const struct page_text *t, size_t pi)
{
	double m[6];

	if (t->len == 0)
		return 0;
	set_fill(p, gs, t->rgb);
	if (t->bold) {
		/*
		 * Synthetic bold: stroke the outline in the fill colour.
		 * 0.03 em keeps the counters of dense glyphs open.
		 */
		set_line_width(p, gs, 0.03 * t->size_pt);
		set_stroke(p, gs, t->rgb);
		set_join(p, gs, 1);
	}
	if (!gs->in_text) {
		pdf_cs_str(p, "BT\012");
		gs->in_text = 1;
	}
	if (gs->font != t->font || gs->size_pt != t->size_pt) {
		const char *name =
		    HPDF_Page_GetLocalFontName(pg, p->fonts[t->font].font);

		if (name == NULL || p->err.error_no != 0)
			return pdf_fail_haru(p, HPDF_OK,
			                     "HPDF_Page_GetLocalFontName");
		buf_addc(&p->cs, '/');
		pdf_cs_str(p, name);
		buf_addc(&p->cs, ' ');
		pdf_cs_reals(p, &t->size_pt, 1, " Tf\012");
		gs->font = t->font;
		gs->size_pt = t->size_pt;
	}
	if (gs->char_space_pt != t->char_space_pt) {
		pdf_cs_reals(p, &t->char_space_pt, 1, " Tc\012");
		gs->char_space_pt = t->char_space_pt;
	}
	if (gs->bold != t->bold) {
		pdf_cs_str(p, t->bold ? "2 Tr\012" : "0 Tr\012");
		gs->bold = t->bold;
	}
	m[0] = m[3] = 1;
	m[1] = m[2] = 0;
	if (t->angle_deg != 0) {
		double a = t->angle_deg * M_PI / 180;

		m[0] = m[3] = cos(a);
		m[1] = sin(a);
		m[2] = -m[1];
	}
	m[4] = t->x_pt;
	m[5] = h - t->y_pt;
	pdf_cs_reals(p, m, 6, " Tm\012");
	/*
	 * A watermark is a pagination artifact. Poppler's pdftotext ignores
	 * that mark but honours an empty /ActualText, so both are written:
	 * otherwise its characters land among the lines of the body text.
	 */
	if (t->artifact)
		pdf_cs_str(
		    p, "/Artifact <</Type /Pagination /Subtype /Watermark>> "
		       "BDC\012/Span <</ActualText ()>> BDC\012");
	if (cs_codes(p, t, pi) < 0)
		return -1;
	if (t->artifact)
		pdf_cs_str(p, "EMC\012EMC\012");
	return 0;
}

static int
draw_line(struct pdf *p, double h, struct gstate *gs, const struct page_line *l)
{
	double v[2];

	pdf_end_text(p, gs);
	set_line_width(p, gs, l->width_pt);
	set_stroke(p, gs, l->rgb);
	set_dash(p, gs, l->dashed, l->width_pt);
	v[0] = l->x1_pt;
	v[1] = h - l->y1_pt;
	pdf_cs_reals(p, v, 2, " m\012");
	v[0] = l->x2_pt;
	v[1] = h - l->y2_pt;
	pdf_cs_reals(p, v, 2, " l\012S\012");
	return 0;
}

static int
draw_rect(struct pdf *p, double h, struct gstate *gs, const struct page_rect *r)
{
	int stroke = r->stroke_pt > 0;
	double v[4];

	if (!r->fill && !stroke)
		return 0;
	pdf_end_text(p, gs);
	if (r->fill)
		set_fill(p, gs, r->fill_rgb);
	if (stroke) {
		set_line_width(p, gs, r->stroke_pt);
		set_stroke(p, gs, r->stroke_rgb);
		set_join(p, gs, 0);
		set_dash(p, gs, 0, 0);
	}
	v[0] = r->x_pt;
	v[1] = h - r->y_pt - r->h_pt;
	v[2] = r->w_pt;
	v[3] = r->h_pt;
	pdf_cs_reals(p, v, 4,
	             r->fill && stroke ? " re\012B\012"
	             : r->fill         ? " re\012f\012"
	                               : " re\012S\012");
	return 0;
}

/*
 * A destination "/XYZ 0 top null": the view starts at top and keeps the
 * reader's zoom (HPDF_Destination_SetXYZ refuses a null zoom).
 */
static HPDF_Destination
make_dest(struct pdf *p, size_t page, double y_pt, const char *what)
{
	HPDF_Destination dst;
	HPDF_Page target;
	HPDF_STATUS st = HPDF_OK;
	HPDF_Null null;
	double top;

	if (page >= p->pd->npages) {
		diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
		            "%s: %s to page %zu of %zu", p->path, what,
		            page + 1, p->pd->npages);
		p->reported = 1;
		return NULL;
	}
	target = p->pages[page];
	top = p->pd->pages[page].height_pt - y_pt;
	if (top < 0)
		top = 0;
	dst = HPDF_Page_CreateDestination(target);
	null = HPDF_Null_New(p->doc->mmgr);
	if (dst == NULL || null == NULL) {
		pdf_fail_haru(p, HPDF_OK, "HPDF_Page_CreateDestination");
		return NULL;
	}
	HPDF_Array_Clear(dst);
	st |= HPDF_Array_Add(dst, target);
	st |= HPDF_Array_AddName(dst, "XYZ");
	st |= HPDF_Array_AddReal(dst, 0);
	st |= HPDF_Array_AddReal(dst, (HPDF_REAL)top);
	st |= HPDF_Array_Add(dst, null);
	if (pdf_check(p, st, "destination") < 0)
		return NULL;
	return dst;
}

static int
draw_link(struct pdf *p, HPDF_Page pg, double h, const struct page_link *l)
{
	HPDF_Destination dst =
	    make_dest(p, l->target_page, l->target_y_pt, "link");
	HPDF_Annotation annot;
	HPDF_Rect r;

	if (dst == NULL)
		return -1;
	r.left = (HPDF_REAL)l->x_pt;
	r.right = (HPDF_REAL)(l->x_pt + l->w_pt);
	r.top = (HPDF_REAL)(h - l->y_pt);
	r.bottom = (HPDF_REAL)(h - l->y_pt - l->h_pt);
	TRY_PTR(p, annot, HPDF_Page_CreateLinkAnnot(pg, r, dst));
	TRY(p, HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0));
	return 0;
}

/*
 * The finished page's content goes from p->cs to the page's stream deflated,
 * in one step: written there first and read back (pdf_precompress), it
 * was copied twice byte by byte by libharu, an eighth of a batch. Nothing
 * else writes to a page's stream (pictures' operators are hrpress's too,
 * pdf_draw_image), so it is empty here.
 */
static int
put_page_content(struct pdf *p, HPDF_Page pg)
{
	HPDF_Dict contents =
	    HPDF_Dict_GetItem(pg, "Contents", HPDF_OCLASS_DICT);

	if (p->cs.len == 0)
		return 0;
	if (contents == NULL ||
	    contents->stream != ((HPDF_PageAttr)pg->attr)->stream ||
	    HPDF_Stream_Size(contents->stream) != 0)
		return pdf_fail_haru(p, HPDF_OK, "page content stream");
	return put_deflated(p, contents, (const unsigned char *)p->cs.data,
	                    p->cs.len, "page content");
}

static int
draw_page(struct pdf *p, size_t pi)
{
	const struct page *pg = &p->pd->pages[pi];
	HPDF_Page hp = p->pages[pi];
	struct gstate gs;
	size_t i;
	int rc = 0;

	memset(&gs, 0, sizeof(gs));
	gs.font = -1;
	gs.line_width_pt = -1;
	for (i = 0; i < pg->nitems && rc == 0; i++) {
		const struct page_item *it = &pg->items[i];

		switch (it->kind) {
		case PAGE_TEXT:
			rc = draw_text(p, hp, pg->height_pt, &gs, &it->u.text,
			               pi);
			break;
		case PAGE_LINE:
			rc = draw_line(p, pg->height_pt, &gs, &it->u.line);
			break;
		case PAGE_RECT:
			rc = draw_rect(p, pg->height_pt, &gs, &it->u.rect);
			break;
		case PAGE_LINK:
			rc = draw_link(p, hp, pg->height_pt, &it->u.link);
			break;
		case PAGE_IMAGE:
			rc = pdf_draw_image(p, hp, pg->height_pt, &gs,
			                    &it->u.image);
			break;
		}
	}
	pdf_end_text(p, &gs);
	if (rc == 0)
		rc = put_page_content(p, hp);
	buf_reset(&p->cs);
	return rc;
}

static int
make_pages(struct pdf *p)
{
	size_t i;

	p->pages =
	    xcalloc(p->pd->npages ? p->pd->npages : 1, sizeof(*p->pages));
	for (i = 0; i < p->pd->npages; i++) {
		TRY_PTR(p, p->pages[i], HPDF_AddPage(p->doc));
		TRY(p, HPDF_Page_SetWidth(p->pages[i],
		                          (HPDF_REAL)p->pd->pages[i].width_pt));
		TRY(p, HPDF_Page_SetHeight(
		           p->pages[i], (HPDF_REAL)p->pd->pages[i].height_pt));
	}
	return 0;
}

/* ---- outline and document information ---- */

static int
make_outlines(struct pdf *p)
{
	HPDF_Outline last[OUTLINE_DEPTH];
	size_t i;
	int j;

	memset(last, 0, sizeof(last));
	for (i = 0; i < p->pd->noutlines; i++) {
		const struct page_outline *o = &p->pd->outlines[i];
		int level = o->level < 0 ? 0 : o->level;
		HPDF_Outline parent = NULL, ol;
		HPDF_Destination dst;
		HPDF_Binary title;

		if (level >= OUTLINE_DEPTH)
			level = OUTLINE_DEPTH - 1;
		/*
		 * Under the latest entry one level up; when that level is
		 * missing, under the nearest one above it, and the entry takes
		 * the level just below its parent.
		 */
		for (j = level - 1; j >= 0; j--)
			if (last[j] != NULL)
				break;
		parent = j >= 0 ? last[j] : NULL;
		level = j + 1;
		TRY_PTR(p, ol, HPDF_CreateOutline(p->doc, parent, "", NULL));
		if ((title = utf16_string(p, o->title ? o->title : "")) == NULL)
			return -1;
		TRY(p, HPDF_Dict_Add(ol, "Title", title));
		if ((dst = make_dest(p, o->page, o->y_pt, "outline")) == NULL)
			return -1;
		TRY(p, HPDF_Outline_SetDestination(ol, dst));
		TRY(p, HPDF_Outline_SetOpened(ol, HPDF_TRUE));
		last[level] = ol;
		for (j = level + 1; j < OUTLINE_DEPTH; j++)
			last[j] = NULL;
	}
	return 0;
}

static int
set_info(struct pdf *p, HPDF_InfoType type, const char *key, const char *s)
{
	HPDF_Binary bin;

	if (s == NULL)
		return 0;
	if (utf8_validate(s, strlen(s), NULL) < 0) {
		diag_report(p->d, DIAG_BIND_UTF8, NULL,
		            "%s: invalid UTF-8 in document %s", p->path, key);
		p->reported = 1;
		return -1;
	}
	TRY(p, HPDF_SetInfoAttr(p->doc, type, s));
	if (has_non_bmp(s)) {
		if ((bin = utf16_string(p, s)) == NULL)
			return -1;
		TRY(p, HPDF_Dict_Add(p->doc->info, key, bin));
	}
	return 0;
}

/* The creation date honours SOURCE_DATE_EPOCH for reproducible output. */
static int
set_meta(struct pdf *p)
{
	const struct page_meta *m = &p->pd->meta;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = sde != NULL && *sde != '\0'
	                 ? (time_t)strtoll(sde, NULL, 10)
	                 : time(NULL);
	HPDF_Date date;
	struct tm tm;
	size_t i;

	if (p->opt != NULL && p->opt->time_s != 0)
		now = (time_t)p->opt->time_s;

	if (set_info(p, HPDF_INFO_TITLE, "Title", m->title) < 0 ||
	    set_info(p, HPDF_INFO_AUTHOR, "Author", m->author) < 0 ||
	    set_info(p, HPDF_INFO_SUBJECT, "Subject", m->subject) < 0 ||
	    set_info(p, HPDF_INFO_KEYWORDS, "Keywords", m->keywords) < 0 ||
	    set_info(p, HPDF_INFO_CREATOR, "Creator", m->creator) < 0 ||
	    set_info(p, HPDF_INFO_PRODUCER, "Producer", "hrpress") < 0)
		return -1;
	gmtime_r(&now, &tm);
	memset(&date, 0, sizeof(date));
	date.year = tm.tm_year + 1900;
	date.month = tm.tm_mon + 1;
	date.day = tm.tm_mday;
	date.hour = tm.tm_hour;
	date.minutes = tm.tm_min;
	date.seconds = tm.tm_sec;
	date.ind = '+';
	TRY(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, date));
	if (p->opt != NULL && p->opt->pdfa)
		TRY(p, HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, date));
	for (i = 0; p->opt != NULL && i < p->opt->ninfo; i++) {
		HPDF_String str;

		TRY_PTR(
		    p, str,
		    HPDF_String_New(p->doc->mmgr, p->opt->info[i].value, NULL));
		TRY(p, HPDF_Dict_Add(p->doc->info, p->opt->info[i].key, str));
	}
	return 0;
}

/* ---- PDF/A ---- */

static int
read_file(struct pdf *p, const char *path, struct buf *out)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		diag_report(p->d, DIAG_IO_READ, NULL, "%s: %s", path,
		            strerror(errno));
		p->reported = 1;
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	if (ferror(f) || out->len == 0) {
		diag_report(p->d, DIAG_IO_READ, NULL, "%s: %s", path,
		            ferror(f) ? strerror(errno) : "empty file");
		p->reported = 1;
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/*
 * The document /ID, both halves the MD5 of the XMP packet, which names
 * the record (employee, month, kind) and its time. libharu's
 * HPDF_PDFA_GenerateID hashes only the clock's ctime(): every file of one
 * second got the same id, and a run with SOURCE_DATE_EPOCH still differed
 * from the next.
 */
static int
add_id(struct pdf *p)
{
	HPDF_BYTE key[HPDF_MD5_KEY_LEN];
	HPDF_MD5_CTX md5;
	HPDF_Array id;
	int i;

	HPDF_MD5Init(&md5);
	HPDF_MD5Update(&md5, (const HPDF_BYTE *)"hrpress\n", 8);
	HPDF_MD5Update(&md5, (const HPDF_BYTE *)p->opt->xmp,
	               (HPDF_UINT32)strlen(p->opt->xmp));
	HPDF_MD5Final(key, &md5);
	TRY_PTR(p, id, HPDF_Array_New(p->doc->mmgr));
	TRY(p, HPDF_Dict_Add(p->doc->trailer, "ID", id));
	for (i = 0; i < 2; i++)
		TRY(p, HPDF_Array_Add(id, HPDF_Binary_New(p->doc->mmgr, key,
		                                          HPDF_MD5_KEY_LEN)));
	return 0;
}

/*
 * PDF/A-2b: our own XMP (libharu's writes part 1 only, unescaped and with
 * /SubType for /Subtype), an sRGB output intent and a document /ID. The XMP
 * stays uncompressed so that any tool can find it.
 */
static int
setup_pdfa(struct pdf *p)
{
	const struct pdf_options *o = p->opt;
	HPDF_Dict md, icc;
	struct buf prof;
	HPDF_STATUS st;

	if (o->xmp == NULL) {
		diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
		            "%s: PDF/A needs XMP metadata", p->path);
		p->reported = 1;
		return -1;
	}
	buf_init(&prof, 0);
	if (o->icc_path == NULL)
		(void)buf_add(&prof, srgb_icc, srgb_icc_len);
	else if (read_file(p, o->icc_path, &prof) < 0) {
		buf_free(&prof);
		return -1;
	}
	icc = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	if (icc == NULL) {
		buf_free(&prof);
		return pdf_fail_haru(p, HPDF_OK, "HPDF_DictStream_New");
	}
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	st = HPDF_Dict_AddNumber(icc, "N", 3);
	st |= HPDF_Dict_AddName(icc, "Alternate", "DeviceRGB");
	st |= HPDF_Stream_Write(icc->stream, (const HPDF_BYTE *)prof.data,
	                        (HPDF_UINT)prof.len);
	buf_free(&prof);
	TRY(p, st);
	if (pdf_precompress(p, icc, "ICC profile") < 0)
		return -1;
	TRY(p, HPDF_PDFA_AppendOutputIntents(p->doc, "sRGB IEC61966-2.1", icc));

	TRY_PTR(p, md, HPDF_DictStream_New(p->doc->mmgr, p->doc->xref));
	md->filter = HPDF_STREAM_FILTER_NONE;
	TRY(p, HPDF_Dict_AddName(md, "Type", "Metadata"));
	TRY(p, HPDF_Dict_AddName(md, "Subtype", "XML"));
	TRY(p, HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)o->xmp,
	                         (HPDF_UINT)strlen(o->xmp)));
	TRY(p, HPDF_Dict_Add(p->doc->catalog, "Metadata", md));
	return add_id(p);
}

/* ---- output ---- */

/* The whole file in memory, then written by outfile_write (outfile.h). */
static int
to_memory(struct pdf *p, HPDF_BYTE **out, HPDF_UINT32 *len)
{
	HPDF_UINT32 size, got;
	HPDF_BYTE *data;
	HPDF_STATUS st;

	/* The built-in output intent profile is ICC v4.2, which PDF 1.7
	 * names. */
	if (p->opt != NULL && p->opt->pdfa)
		p->doc->pdf_version = HPDF_VER_17;
	TRY(p, HPDF_SaveToStream(p->doc));
	size = HPDF_GetStreamSize(p->doc);
	data = xmalloc(size ? size : 1);
	got = size;
	st = HPDF_ReadFromStream(p->doc, data, &got);
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
		free(data);
		return pdf_fail_haru(p, st, "HPDF_ReadFromStream");
	}
	*out = data;
	*len = size;
	return 0;
}

static int
save(struct pdf *p)
{
	HPDF_UINT32 size;
	HPDF_BYTE *data;
	int rc;

	if (to_memory(p, &data, &size) < 0)
		return -1;
	rc = outfile_write(p->path, data, size, 0, p->d);
	if (rc < 0)
		p->reported = 1;
	free(data);
	return rc;
}

static void
cleanup(struct pdf *p)
{
	size_t i;

	if (p->doc != NULL)
		HPDF_Free(p->doc);
	for (i = 0; i < p->nfonts; i++) {
		fontsub_free(p->fonts[i].sub);
		free(p->fonts[i].cps);
	}
	free(p->fonts);
	free(p->pages);
	free(p->images);
	free(p->inks);
	buf_free(&p->cs);
	if (p->own_scratch)
		pdf_scratch_free(p->scratch);
}

static int
build_doc(struct pdf *p)
{
	const struct pdf_options *opt = p->opt;
	size_t i;

	if (pdf_collect_chars(p) < 0)
		return -1;
	p->doc = HPDF_New(on_error, &p->err);
	if (p->doc == NULL)
		return pdf_fail_haru(p, HPDF_OK, "HPDF_New");
	if (p->compress)
		TRY(p, HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL));
	TRY(p, HPDF_UseUTFEncodings(p->doc));
	/* HPDF_SetInfoAttr encodes with the current encoder */
	TRY(p, HPDF_SetCurrentEncoder(p->doc, "UTF-8"));
	if (pdf_setup_fonts(p) < 0 || set_meta(p) < 0 || make_pages(p) < 0)
		return -1;
	if (opt != NULL && opt->pdfa && setup_pdfa(p) < 0)
		return -1;
	for (i = 0; i < p->pd->npages; i++) {
		if (draw_page(p, i) < 0) /* its content deflated */
			return -1;
	}
	return make_outlines(p);
}

static void
init_pdf(struct pdf *p, const struct page_doc *pd, const struct fontset *fs,
         const char *path, const struct pdf_options *opt, struct diag *d)
{

	memset(p, 0, sizeof(*p));
	p->pd = pd;
	p->fs = fs;
	p->d = d;
	p->path = path;
	p->opt = opt;
	p->compress = opt == NULL || opt->compress;
	if (p->compress) {
		p->scratch = opt != NULL ? opt->scratch : NULL;
		if (p->scratch == NULL) {
			p->scratch = pdf_scratch_new();
			p->own_scratch = 1;
		}
	}
	p->nfonts = fontset_count(fs);
	p->fonts = xcalloc(p->nfonts ? p->nfonts : 1, sizeof(*p->fonts));
	p->images = xcalloc(pd->npngs ? pd->npngs : 1, sizeof(*p->images));
	p->inks = xcalloc(pd->npngs ? pd->npngs : 1, sizeof(*p->inks));
	buf_init(&p->cs, 0);
}

int
pdf_render(const struct page_doc *pd, const struct fontset *fs,
           const char *label, const struct pdf_options *opt,
           unsigned char **data, size_t *len, struct diag *d)
{
	struct pdf p;
	HPDF_BYTE *out = NULL;
	HPDF_UINT32 n = 0;
	int rc;

	*data = NULL;
	*len = 0;
	init_pdf(&p, pd, fs, label, opt, d);
	rc = build_doc(&p);
	if (rc == 0)
		rc = to_memory(&p, &out, &n);
	if (rc < 0 && !p.reported)
		pdf_fail_haru(&p, HPDF_OK, "writing");
	cleanup(&p);
	if (rc == 0) {
		*data = out;
		*len = n;
	}
	return rc;
}

int
pdf_write(const struct page_doc *pd, const struct fontset *fs, const char *path,
          const struct pdf_options *opt, struct diag *d)
{
	struct pdf p;
	int rc;

	init_pdf(&p, pd, fs, path, opt, d);
	rc = build_doc(&p);
	if (rc == 0)
		rc = save(&p);
	if (rc < 0 && !p.reported)
		pdf_fail_haru(&p, HPDF_OK, "writing");
	cleanup(&p);
	return rc;
}
