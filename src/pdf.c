/* SPDX-License-Identifier: MIT */
/*
 * The PDF backend: draws a page_doc with libharu 2.3.0. Each face in use gets
 * one subset per document (font.c), drawn by glyph id through libharu's UTF-8
 * encoder; the font objects are then patched (CIDToGIDMap /Identity, a real
 * ToUnicode CMap) and the file is written atomically.
 */
#include "pdf.h"

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
/* ToUnicode bfchar entries per block (the CMap format allows at most 100). */
#define BFCHAR_BLOCK 100
/*
 * libdeflate level for every compressed stream. libharu itself deflates
 * with zlib at level 6, which costs more than half of a one-page file's
 * time; libdeflate at this level is several times faster and its output
 * about as small (docs/scale.md has the measurements).
 */
#define DEFLATE_LEVEL 6

/* Reused buffers and the compressor (pdf.h). */
/* A PNG as it went into an earlier document of this process, deflated. */
struct img_cache {
	unsigned char *png;	/* the PNG file, to recognise it by */
	size_t png_len;
	int width, height;
	unsigned char *rgb;	/* deflated DeviceRGB samples, or the
				 * deflated bits of an image mask */
	size_t rgb_len;
	unsigned char *mask;	/* deflated DeviceGray alpha, or NULL */
	size_t mask_len;
	int stencil;		/* rgb is a 1-bit /ImageMask */
	unsigned char ink[4];	/* its fill colour and opacity */
};

struct pdf_scratch {
	struct libdeflate_compressor *zc;
	unsigned char *raw;	/* a stream's bytes before compression */
	size_t raw_cap;
	unsigned char *z;	/* and after */
	size_t z_cap;
	struct img_cache *imgs;	/* the images of earlier documents */
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
	HPDF_Dict tounicode;                /* its ToUnicode stream */
	HPDF_Dict_BeforeWriteFunc orig_bw;  /* libharu's hook, chained */
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
	HPDF_ExtGState alpha[8]; /* fill alpha states, by opacity */
	double alpha_value[8];
	size_t nalpha;
	struct buf cs; /* content stream operators of the page being drawn */
	struct diag *d;
	const char *path;
	const struct pdf_options *opt; /* NULL: defaults */
	int reported; /* a diagnostic has been reported */
	int compress; /* deflate the streams */
	struct pdf_scratch *scratch; /* NULL without compression */
	int own_scratch;             /* scratch is freed with the document */
};

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
static int
fail_haru(struct pdf *p, HPDF_STATUS st, const char *what)
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

static int
check(struct pdf *p, HPDF_STATUS st, const char *what)
{
	if (st != HPDF_OK || p->err.error_no != 0)
		return fail_haru(p, st, what);
	return 0;
}

#define TRY(p, call)                                                           \
	do {                                                                   \
		if (check((p), (call), #call) < 0)                             \
			return -1;                                             \
	} while (0)

/* For functions returning a pointer: NULL when call fails. */
#define TRY_PTR_NULL(p, call)                                                  \
	do {                                                                   \
		if (check((p), (call), #call) < 0)                             \
			return NULL;                                           \
	} while (0)

#define TRY_PTR(p, var, call)                                                  \
	do {                                                                   \
		if (((var) = (call)) == NULL || (p)->err.error_no != 0)        \
			return fail_haru((p), HPDF_OK, #call);                 \
	} while (0)

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
static HPDF_STATUS
put_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Replace the bytes of stream dictionary sd by their zlib deflate. */
static int
precompress(struct pdf *p, HPDF_Dict sd, const char *what)
{
	struct pdf_scratch *s = p->scratch;
	HPDF_UINT32 size;
	HPDF_UINT got;
	HPDF_STATUS st;
	size_t zl;

	if (sd == NULL || sd->stream == NULL || s == NULL || s->zc == NULL)
		return 0;
	size = HPDF_Stream_Size(sd->stream);
	if (size == 0)
		return 0;
	if (s->raw_cap < size)
		s->raw = xgrow(s->raw, &s->raw_cap, size, 1);
	if (check(p, HPDF_Stream_Seek(sd->stream, 0, HPDF_SEEK_SET), what) < 0)
		return -1;
	got = size;
	st = HPDF_Stream_Read(sd->stream, s->raw, &got);
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size)
		return fail_haru(p, st, what);
	zl = libdeflate_zlib_compress_bound(s->zc, size);
	if (s->z_cap < zl)
		s->z = xgrow(s->z, &s->z_cap, zl, 1);
	zl = libdeflate_zlib_compress(s->zc, s->raw, size, s->z, s->z_cap);
	if (zl == 0)
		return fail_haru(p, HPDF_OK, what);
	HPDF_MemStream_FreeData(sd->stream);
	if (check(p, HPDF_Stream_Write(sd->stream, s->z, (HPDF_UINT)zl),
	    what) < 0)
		return -1;
	sd->filter = HPDF_STREAM_FILTER_NONE;
	sd->write_fn = put_flate_filter;
	return 0;
}

/*
 * The embedded font file only exists while libharu writes the font, so
 * its compression hooks in there. The error record libharu passes around
 * is p->err (HPDF_New), which leads back to the document.
 */
static HPDF_STATUS
font_before_write(HPDF_Dict obj)
{
	struct pdf *p = (struct pdf *)(void *)((char *)obj->error->user_data -
	    offsetof(struct pdf, err));
	struct docfont *f = NULL;
	HPDF_FontAttr attr = obj->attr;
	HPDF_STATUS st;
	size_t i;

	for (i = 0; i < p->nfonts && f == NULL; i++)
		if (p->fonts[i].font == obj)
			f = &p->fonts[i];
	assert(f != NULL && f->orig_bw != NULL);
	if ((st = f->orig_bw(obj)) != HPDF_OK)
		return st;
	/* the hook above resets the ToUnicode's filter, so it goes after */
	if (precompress(p, HPDF_Dict_GetItem(attr->fontdef->descriptor,
	    "FontFile2", HPDF_OCLASS_DICT), "FontFile2") < 0 ||
	    precompress(p, f->tounicode, "ToUnicode") < 0)
		return HPDF_INVALID_OBJECT;
	return HPDF_OK;
}

/* ---- strings ---- */

static void
put_utf16(struct buf *b, uint32_t cp, const char *fmt)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		buf_printf(b, fmt, 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
	} else {
		buf_printf(b, "%04X", (unsigned)cp);
	}
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
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			unsigned hi = 0xD800 + (v >> 10),
			         lo = 0xDC00 + (v & 0x3FF);

			u[n++] = (unsigned char)(hi >> 8);
			u[n++] = (unsigned char)hi;
			u[n++] = (unsigned char)(lo >> 8);
			u[n++] = (unsigned char)lo;
		} else {
			u[n++] = (unsigned char)(cp >> 8);
			u[n++] = (unsigned char)cp;
		}
	}
	bin = HPDF_Binary_New(p->doc->mmgr, u, (HPDF_UINT)n);
	free(u);
	if (bin == NULL)
		fail_haru(p, HPDF_OK, "HPDF_Binary_New");
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

/* ---- fonts ---- */

static void
add_cp(struct docfont *f, uint32_t cp)
{
	if (f->ncps == f->cap)
		f->cps = xgrow(f->cps, &f->cap, f->ncps + 1, sizeof(*f->cps));
	f->cps[f->ncps++] = cp;
}

/* Pass one: which characters each face draws, over the whole document. */
static int
collect_chars(struct pdf *p)
{
	const struct page_doc *pd = p->pd;
	size_t pi, ii;

	for (pi = 0; pi < pd->npages; pi++) {
		const struct page *pg = &pd->pages[pi];

		for (ii = 0; ii < pg->nitems; ii++) {
			const struct page_text *t = &pg->items[ii].u.text;
			size_t i = 0;

			if (pg->items[ii].kind != PAGE_TEXT)
				continue;
			if (t->font < 0 || (size_t)t->font >= p->nfonts) {
				diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
				            "%s: page %zu: no font %d", p->path,
				            pi + 1, t->font);
				return -1;
			}
			while (i < t->len) {
				uint32_t cp;
				int k =
				    utf8_decode(t->utf8 + i, t->len - i, &cp);

				if (k < 0 || cp == 0) {
					diag_report(
					    p->d, DIAG_BIND_UTF8, NULL,
					    "%s: page %zu: invalid UTF-8 at "
					    "byte %zu of \"%s\"",
					    p->path, pi + 1, i, t->utf8);
					return -1;
				}
				add_cp(&p->fonts[t->font], cp);
				i += (size_t)k;
			}
		}
	}
	return 0;
}

/*
 * A ToUnicode CMap mapping each code (glyph id) back to its character;
 * characters above U+FFFF become surrogate pairs. It replaces libharu's,
 * which is the encoding CMap (a cidrange, not valid as ToUnicode).
 */
static int
write_tounicode(struct pdf *p, struct docfont *f)
{
	HPDF_Dict tu =
	    HPDF_Dict_GetItem(f->font, "ToUnicode", HPDF_OCLASS_DICT);
	const uint16_t *codes;
	const uint32_t *cps;
	size_t n = fontsub_pairs(f->sub, &codes, &cps), i;
	struct buf b;
	HPDF_STATUS st;
	static const char *const bogus[] = {"Type", "CMapName", "CIDSystemInfo",
	                                    "WMode"};

	if (tu == NULL || tu->stream == NULL)
		return fail_haru(p, HPDF_OK, "ToUnicode lookup");
	f->tounicode = tu;
	buf_init(&b, 0);
	buf_adds(&b,
	         "/CIDInit /ProcSet findresource begin\n"
	         "12 dict begin\nbegincmap\n"
	         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	         "/Supplement 0 >> def\n"
	         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (i = 0; i < n; i++) {
		if (i % BFCHAR_BLOCK == 0)
			buf_printf(&b, "%zu beginbfchar\n",
			           n - i < BFCHAR_BLOCK ? n - i : BFCHAR_BLOCK);
		buf_printf(&b, "<%04X> <", (unsigned)codes[i]);
		put_utf16(&b, cps[i], "%04X%04X");
		buf_adds(&b, ">\n");
		if (i % BFCHAR_BLOCK == BFCHAR_BLOCK - 1 || i == n - 1)
			buf_adds(&b, "endbfchar\n");
	}
	buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	             "end\nend\n");
	HPDF_MemStream_FreeData(tu->stream);
	/* libharu 2.3.0 always writes these four keys into the stream dict */
	for (i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++)
		TRY(p, HPDF_Dict_RemoveElement(tu, bogus[i]));
	st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.data,
	                       (HPDF_UINT)b.len);
	buf_free(&b);
	return check(p, st, "ToUnicode write");
}

/*
 * Codes are glyph ids, so the CID-to-glyph map is the identity. libharu
 * has already built a 128 KB map stream; emptying it keeps it out of the
 * file's size (it stays as an unreferenced empty stream).
 */
static int
set_identity_map(struct pdf *p, struct docfont *f)
{
	HPDF_Array desc_fonts =
	    HPDF_Dict_GetItem(f->font, "DescendantFonts", HPDF_OCLASS_ARRAY);
	HPDF_Dict desc, map;

	if (desc_fonts == NULL ||
	    (desc = HPDF_Array_GetItem(desc_fonts, 0, HPDF_OCLASS_DICT)) ==
	        NULL)
		return fail_haru(p, HPDF_OK, "DescendantFonts lookup");
	map = HPDF_Dict_GetItem(desc, "CIDToGIDMap", HPDF_OCLASS_DICT);
	if (map != NULL && map->stream != NULL)
		HPDF_MemStream_FreeData(map->stream);
	TRY(p, HPDF_Dict_AddName(desc, "CIDToGIDMap", "Identity"));
	return 0;
}

/*
 * The embedding tag of the next font: "HPDFAA", "HPDFAB", ... as libharu's
 * own loader counts them in the document.
 */
static void
next_tag(HPDF_Doc doc)
{
	int i;

	if (doc->ttfont_tag[0] == 0) {
		memcpy(doc->ttfont_tag, "HPDFAA", 6);
		return;
	}
	for (i = 5; i >= 0; i--) {
		if (++doc->ttfont_tag[i] <= 'Z')
			break;
		doc->ttfont_tag[i] = 'A';
	}
}

/*
 * libharu 2.3.0 loads fonts only from files, and then reads them back
 * at save time glyph by glyph through fseek and fread: about a thousand
 * system calls for a one-page document. Its file loader is a thin wrapper
 * around exported calls (hpdf_doc.c, LoadTTFontFromStream), so the same
 * is done here with a memory stream, which libharu owns from then on.
 */
static int
load_font(struct pdf *p, struct docfont *f)
{
	const unsigned char *data;
	HPDF_FontDef def;
	HPDF_Stream ms;
	size_t len;
	const char *name;

	data = fontsub_data(f->sub, &len);
	TRY_PTR(p, ms, HPDF_MemStream_New(p->doc->mmgr, (HPDF_UINT)len));
	if (HPDF_Stream_Write(ms, data, (HPDF_UINT)len) != HPDF_OK) {
		HPDF_Stream_Free(ms);
		return fail_haru(p, HPDF_OK, "font stream");
	}
	/* HPDF_TTFontDef_Load frees the stream when it fails */
	TRY_PTR(p, def, HPDF_TTFontDef_Load(p->doc->mmgr, ms, HPDF_TRUE));
	/* libharu would silently keep the first of two equal names */
	if (HPDF_Doc_FindFontDef(p->doc, def->base_font) != NULL) {
		HPDF_FontDef_Free(def);
		return fail_haru(p, HPDF_FONT_EXISTS, "font name");
	}
	if (HPDF_List_Add(p->doc->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return fail_haru(p, HPDF_OK, "HPDF_List_Add");
	}
	/*
	 * libharu empties, when it writes the font, every glyph it has not
	 * seen measured by one of its text calls. The content stream is
	 * written here (cs_codes), and the subset holds only the glyphs the
	 * document draws and their components: keep all of them.
	 */
	{
		HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;

		memset(a->glyph_tbl.flgs, 1, a->num_glyphs);
	}
	next_tag(p->doc);
	HPDF_TTFontDef_SetTagName(def, (char *)p->doc->ttfont_tag);
	name = def->base_font;
	TRY_PTR(p, f->font, HPDF_GetFont(p->doc, name, "UTF-8"));
	if (set_identity_map(p, f) < 0 || write_tounicode(p, f) < 0)
		return -1;
	if (p->scratch != NULL && p->scratch->zc != NULL) {
		f->orig_bw = f->font->before_write_fn;
		f->font->before_write_fn = font_before_write;
	}
	return 0;
}

/*
 * One subset per face and document: libharu keys fonts by PostScript name
 * and silently drops a second font of the same name, glyphs and all.
 */
static int
setup_fonts(struct pdf *p)
{
	size_t i, j;

	for (i = 0; i < p->nfonts; i++) {
		struct docfont *f = &p->fonts[i];

		if (f->ncps == 0)
			continue;
		for (j = 0; j < i; j++) {
			if (p->fonts[j].ncps > 0 &&
			    strcmp(fontset_name(p->fs, (int)i),
			           fontset_name(p->fs, (int)j)) == 0) {
				diag_report(
				    p->d, DIAG_FONT_BAD, NULL,
				    "%s: two fonts named %s in one document",
				    p->path, fontset_name(p->fs, (int)i));
				p->reported = 1;
				return -1;
			}
		}
		f->sub = fontsub_new(p->fs, (int)i, f->cps, f->ncps, p->d);
		if (f->sub == NULL) {
			p->reported = 1;
			return -1;
		}
	}
	for (i = 0; i < p->nfonts; i++)
		if (p->fonts[i].sub != NULL && load_font(p, &p->fonts[i]) < 0)
			return -1;
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
 * collect in p->cs and go to the stream in one write (cs_flush), before
 * any libharu call that writes to the stream itself.
 */
static void
cs_str(struct pdf *p, const char *s)
{
	buf_adds(&p->cs, s);
}

/* A number as libharu writes it: the float, five decimals at most. */
static void
cs_real(struct pdf *p, double v)
{
	/* HPDF_FToA does not always terminate: it needs a zeroed buffer */
	char tmp[32] = {0};

	HPDF_FToA(tmp, (HPDF_REAL)v, tmp + sizeof(tmp) - 1);
	buf_adds(&p->cs, tmp);
}

/* Numbers separated by spaces, then the operator (" Tm\n" etc.). */
static void
cs_reals(struct pdf *p, const double *v, size_t n, const char *op)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&p->cs, ' ');
		cs_real(p, v[i]);
	}
	buf_adds(&p->cs, op);
}

static int
cs_flush(struct pdf *p, HPDF_Page pg)
{
	if (p->cs.len == 0)
		return 0;
	TRY(p, HPDF_Stream_Write(((HPDF_PageAttr)pg->attr)->stream,
	                         (const HPDF_BYTE *)p->cs.data,
	                         (HPDF_UINT)p->cs.len));
	buf_reset(&p->cs);
	return 0;
}

static void
end_text(struct pdf *p, struct gstate *gs)
{
	if (gs->in_text) {
		cs_str(p, "ET\012");
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
	cs_reals(p, v, 3, op);
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
		cs_reals(p, &w, 1, " w\012");
		gs->line_width_pt = w;
	}
}

static void
set_join(struct pdf *p, struct gstate *gs, int round)
{
	if (gs->round_join != round) {
		cs_str(p, round ? "1 j\012" : "0 j\012");
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
		cs_str(p, "[] 0 d\012");
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

		/* collect_chars() has validated the text */
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
		cs_str(p, "BT\012");
		gs->in_text = 1;
	}
	if (gs->font != t->font || gs->size_pt != t->size_pt) {
		const char *name =
		    HPDF_Page_GetLocalFontName(pg, p->fonts[t->font].font);

		if (name == NULL || p->err.error_no != 0)
			return fail_haru(p, HPDF_OK, "HPDF_Page_GetLocalFontName");
		buf_addc(&p->cs, '/');
		cs_str(p, name);
		buf_addc(&p->cs, ' ');
		cs_reals(p, &t->size_pt, 1, " Tf\012");
		gs->font = t->font;
		gs->size_pt = t->size_pt;
	}
	if (gs->char_space_pt != t->char_space_pt) {
		cs_reals(p, &t->char_space_pt, 1, " Tc\012");
		gs->char_space_pt = t->char_space_pt;
	}
	if (gs->bold != t->bold) {
		cs_str(p, t->bold ? "2 Tr\012" : "0 Tr\012");
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
	cs_reals(p, m, 6, " Tm\012");
	/*
	 * A watermark is a pagination artifact. Poppler's pdftotext ignores
	 * that mark but honours an empty /ActualText, so both are written:
	 * otherwise its characters land among the lines of the body text.
	 */
	if (t->artifact)
		cs_str(p, "/Artifact <</Type /Pagination /Subtype /Watermark>> "
		          "BDC\012/Span <</ActualText ()>> BDC\012");
	if (cs_codes(p, t, pi) < 0)
		return -1;
	if (t->artifact)
		cs_str(p, "EMC\012EMC\012");
	return 0;
}

/* The bytes of a stream (already deflated by precompress), malloc'd. */
static unsigned char *
stream_bytes(HPDF_Dict sd, size_t *len)
{
	HPDF_UINT32 size = HPDF_Stream_Size(sd->stream);
	HPDF_UINT got = size;
	unsigned char *b;
	HPDF_STATUS st;

	if (size == 0 || HPDF_Stream_Seek(sd->stream, 0, HPDF_SEEK_SET) !=
	    HPDF_OK)
		return NULL;
	b = xmalloc(size);
	st = HPDF_Stream_Read(sd->stream, b, &got);
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
		free(b);
		return NULL;
	}
	*len = size;
	return b;
}

/* Whether image dictionary d has /ColorSpace /cs and 8 bits. */
static int
plain_image(HPDF_Dict d, const char *cs)
{
	HPDF_Name n = HPDF_Dict_GetItem(d, "ColorSpace", HPDF_OCLASS_NAME);
	HPDF_Number b =
	    HPDF_Dict_GetItem(d, "BitsPerComponent", HPDF_OCLASS_NUMBER);

	return n != NULL && strcmp(n->value, cs) == 0 && b != NULL &&
	    b->value == 8 && d->write_fn == put_flate_filter;
}

/*
 * Remember a deflated RGB image (and its alpha) for the next documents
 * of this process: an archive run puts the same logo and seal into every
 * record, and decoding and deflating them again took most of a record's
 * time. Other kinds of image (palette, grey, 16 bits) are not kept.
 */
static void
cache_image(struct pdf *p, const struct page_png *png, HPDF_Image img,
            HPDF_Dict sm)
{
	struct pdf_scratch *s = p->scratch;
	struct img_cache c;

	memset(&c, 0, sizeof(c));
	if (s == NULL || !plain_image(img, "DeviceRGB") ||
	    (sm != NULL && !plain_image(sm, "DeviceGray")))
		goto out;
	if ((c.rgb = stream_bytes(img, &c.rgb_len)) == NULL ||
	    (sm != NULL && (c.mask = stream_bytes(sm, &c.mask_len)) == NULL))
		goto out;
	c.png = xmalloc(png->len ? png->len : 1);
	memcpy(c.png, png->data, png->len);
	c.png_len = png->len;
	c.width = png->width_px;
	c.height = png->height_px;
	s->imgs = xgrow(s->imgs, &s->imgs_cap, s->nimgs + 1, sizeof(*s->imgs));
	s->imgs[s->nimgs++] = c;
	p->err.error_no = 0; /* lookups of missing keys */
	return;
out:
	free(c.rgb);
	free(c.mask);
	p->err.error_no = 0;
}

/*
 * An image XObject of deflated samples. The objects and keys come in the
 * order libharu's PNG loader makes them (the image, then its mask), so a
 * record is the same file whether its images came from the cache or not.
 */
static HPDF_Dict
image_stream(struct pdf *p, int w, int h, const char *cs, int is_mask)
{
	HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	HPDF_STATUS st = HPDF_OK;

	if (d == NULL) {
		fail_haru(p, HPDF_OK, "HPDF_DictStream_New");
		return NULL;
	}
	d->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	st |= HPDF_Dict_AddName(d, "Type", "XObject");
	st |= HPDF_Dict_AddName(d, "Subtype", "Image");
	if (!is_mask)
		st |= HPDF_Dict_AddName(d, "ColorSpace", cs);
	st |= HPDF_Dict_AddNumber(d, "Width", (HPDF_INT32)w);
	st |= HPDF_Dict_AddNumber(d, "Height", (HPDF_INT32)h);
	if (is_mask)
		st |= HPDF_Dict_AddName(d, "ColorSpace", cs);
	st |= HPDF_Dict_AddNumber(d, "BitsPerComponent", 8);
	if (check(p, st, "image") < 0)
		return NULL;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = put_flate_filter;
	return d;
}

/*
 * A 1-bit /ImageMask of w x h pixels: painted in the fill colour where its
 * bits are 0 (image_png_stencil).
 */
static HPDF_Dict
stencil_stream(struct pdf *p, int w, int h)
{
	HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	HPDF_STATUS st = HPDF_OK;

	if (d == NULL) {
		fail_haru(p, HPDF_OK, "HPDF_DictStream_New");
		return NULL;
	}
	d->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	st |= HPDF_Dict_AddName(d, "Type", "XObject");
	st |= HPDF_Dict_AddName(d, "Subtype", "Image");
	st |= HPDF_Dict_AddNumber(d, "Width", (HPDF_INT32)w);
	st |= HPDF_Dict_AddNumber(d, "Height", (HPDF_INT32)h);
	st |= HPDF_Dict_AddBoolean(d, "ImageMask", HPDF_TRUE);
	st |= HPDF_Dict_AddNumber(d, "BitsPerComponent", 1);
	if (check(p, st, "image mask") < 0)
		return NULL;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = put_flate_filter;
	return d;
}

/* The image of png from the cache of earlier documents, or NULL. */
static HPDF_Image
cached_image(struct pdf *p, const struct page_png *png, unsigned char *ink)
{
	const struct pdf_scratch *s = p->scratch;
	HPDF_Dict img, sm;
	size_t i;

	if (s == NULL || !p->compress)
		return NULL;
	for (i = 0; i < s->nimgs; i++) {
		const struct img_cache *c = &s->imgs[i];

		if (c->png_len != png->len ||
		    memcmp(c->png, png->data, png->len) != 0)
			continue;
		if (c->stencil) {
			img = stencil_stream(p, c->width, c->height);
			if (img == NULL)
				return NULL;
			TRY_PTR_NULL(p, HPDF_Stream_Write(img->stream, c->rgb,
			                                  (HPDF_UINT)c->rgb_len));
			*ink = 1;
			memcpy(ink + 1, c->ink, 4);
			return img;
		}
		img = image_stream(p, c->width, c->height, "DeviceRGB", 0);
		if (img == NULL)
			return NULL;
		if (c->mask != NULL) {
			sm = image_stream(p, c->width, c->height, "DeviceGray",
			                  1);
			if (sm == NULL)
				return NULL;
			TRY_PTR_NULL(p, HPDF_Dict_Add(img, "SMask", sm));
			TRY_PTR_NULL(p, HPDF_Stream_Write(sm->stream, c->mask,
			                                  (HPDF_UINT)c->mask_len));
		}
		TRY_PTR_NULL(p, HPDF_Stream_Write(img->stream, c->rgb,
		                                  (HPDF_UINT)c->rgb_len));
		return img;
	}
	return NULL;
}

/*
 * A one-colour PNG (a seal) as a deflated 1-bit image mask, remembered
 * for the next documents as cache_image does; NULL for any other PNG,
 * and with p->reported set when it could not be made.
 */
static HPDF_Image
load_stencil(struct pdf *p, size_t i)
{
	const struct page_png *png = &p->pd->pngs[i];
	struct pdf_scratch *s = p->scratch;
	struct image_stencil st;
	struct img_cache c;
	HPDF_Image img;
	int rc;

	rc = image_png_stencil(png->data, png->len, &st);
	if (rc <= 0) {
		if (rc < 0) {
			diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
			            "%s: cannot decode a %dx%d PNG image",
			            p->path, png->width_px, png->height_px);
			p->reported = 1;
		}
		return NULL;
	}
	img = stencil_stream(p, st.width, st.height);
	if (img == NULL || check(p, HPDF_Stream_Write(img->stream, st.bits,
	    (HPDF_UINT)st.len), "image mask") < 0 ||
	    precompress(p, img, "image mask") < 0) {
		free(st.bits);
		p->reported = 1;
		return NULL;
	}
	free(st.bits);
	p->inks[i][0] = 1;
	memcpy(p->inks[i] + 1, st.rgb, 3);
	p->inks[i][4] = st.alpha;
	p->images[i] = img;
	memset(&c, 0, sizeof(c));
	if (s == NULL || (c.rgb = stream_bytes(img, &c.rgb_len)) == NULL)
		return img;
	c.png = xmalloc(png->len ? png->len : 1);
	memcpy(c.png, png->data, png->len);
	c.png_len = png->len;
	c.width = st.width;
	c.height = st.height;
	c.stencil = 1;
	memcpy(c.ink, st.rgb, 3);
	c.ink[3] = st.alpha;
	s->imgs = xgrow(s->imgs, &s->imgs_cap, s->nimgs + 1, sizeof(*s->imgs));
	s->imgs[s->nimgs++] = c;
	return img;
}

/*
 * Each PNG of the page_doc becomes one image object, shared by every page
 * that shows it. libharu writes the alpha channel's /SMask uncompressed
 * whatever the compression mode, so both streams are deflated here.
 */
static HPDF_Image
load_png(struct pdf *p, size_t i)
{
	const struct page_png *png = &p->pd->pngs[i];
	HPDF_Image img;
	HPDF_Dict sm;

	if (p->images[i] != NULL)
		return p->images[i];
	if ((img = cached_image(p, png, p->inks[i])) != NULL) {
		p->images[i] = img;
		return img;
	}
	if (p->err.error_no != 0)
		return NULL;
	if (p->compress) {
		if ((img = load_stencil(p, i)) != NULL)
			return img;
		if (p->reported)
			return NULL;
	}
	img = HPDF_LoadPngImageFromMem(p->doc, png->data, (HPDF_UINT)png->len);
	if (img == NULL || p->err.error_no != 0) {
		if (!p->reported)
			diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
			            "%s: cannot embed a %dx%d PNG image: "
			            "libharu error 0x%04lX",
			            p->path, png->width_px, png->height_px,
			            (unsigned long)p->err.error_no);
		p->reported = 1;
		return NULL;
	}
	sm = HPDF_Dict_GetItem(img, "SMask", HPDF_OCLASS_DICT);
	p->err.error_no = 0; /* a missing key is not an error here */
	if (p->compress) {
		if (sm != NULL)
			sm->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		if (precompress(p, img, "image") < 0 ||
		    (sm != NULL && precompress(p, sm, "image mask") < 0))
			return NULL;
		cache_image(p, png, img, sm);
	}
	p->images[i] = img;
	return img;
}

/* An ExtGState with fill alpha a (images are painted with it). */
static HPDF_ExtGState
alpha_state(struct pdf *p, double a)
{
	HPDF_ExtGState eg;
	size_t i;

	for (i = 0; i < p->nalpha; i++)
		if (p->alpha_value[i] == a)
			return p->alpha[i];
	eg = HPDF_CreateExtGState(p->doc);
	if (eg == NULL || p->err.error_no != 0 ||
	    HPDF_ExtGState_SetAlphaFill(eg, (HPDF_REAL)a) != HPDF_OK) {
		fail_haru(p, HPDF_OK, "HPDF_CreateExtGState");
		return NULL;
	}
	if (p->nalpha < sizeof(p->alpha) / sizeof(p->alpha[0])) {
		p->alpha[p->nalpha] = eg;
		p->alpha_value[p->nalpha++] = a;
	}
	return eg;
}

static int
draw_image(struct pdf *p, HPDF_Page pg, double h, struct gstate *gs,
           const struct page_image *im)
{
	HPDF_Image img;
	HPDF_ExtGState eg = NULL;
	const unsigned char *ink;
	double opacity;

	if (im->png >= p->pd->npngs) {
		diag_report(p->d, DIAG_PDF_LIBHARU, NULL,
		            "%s: image %zu of %zu", p->path, im->png + 1,
		            p->pd->npngs);
		p->reported = 1;
		return -1;
	}
	end_text(p, gs);
	if ((img = load_png(p, im->png)) == NULL || cs_flush(p, pg) < 0)
		return -1;
	ink = p->inks[im->png];
	opacity = im->opacity < 0 ? 0 : im->opacity > 1 ? 1 : im->opacity;
	if (ink[0])
		opacity *= ink[4] / 255.0;
	if (opacity < 1) {
		if ((eg = alpha_state(p, opacity)) == NULL)
			return -1;
	}
	if (eg != NULL || ink[0]) {
		TRY(p, HPDF_Page_GSave(pg));
		if (eg != NULL)
			TRY(p, HPDF_Page_SetExtGState(pg, eg));
		if (ink[0])
			TRY(p, HPDF_Page_SetRGBFill(pg,
			    (HPDF_REAL)(ink[1] / 255.0),
			    (HPDF_REAL)(ink[2] / 255.0),
			    (HPDF_REAL)(ink[3] / 255.0)));
	}
	TRY(p, HPDF_Page_DrawImage(pg, img, (HPDF_REAL)im->x_pt,
	                           (HPDF_REAL)(h - im->y_pt - im->h_pt),
	                           (HPDF_REAL)im->w_pt, (HPDF_REAL)im->h_pt));
	if (eg != NULL || ink[0])
		TRY(p, HPDF_Page_GRestore(pg));
	return 0;
}

static int
draw_line(struct pdf *p, double h, struct gstate *gs,
          const struct page_line *l)
{
	double v[2];

	end_text(p, gs);
	set_line_width(p, gs, l->width_pt);
	set_stroke(p, gs, l->rgb);
	set_dash(p, gs, l->dashed, l->width_pt);
	v[0] = l->x1_pt;
	v[1] = h - l->y1_pt;
	cs_reals(p, v, 2, " m\012");
	v[0] = l->x2_pt;
	v[1] = h - l->y2_pt;
	cs_reals(p, v, 2, " l\012S\012");
	return 0;
}

static int
draw_rect(struct pdf *p, double h, struct gstate *gs,
          const struct page_rect *r)
{
	int stroke = r->stroke_pt > 0;
	double v[4];

	if (!r->fill && !stroke)
		return 0;
	end_text(p, gs);
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
	cs_reals(p, v, 4, r->fill && stroke ? " re\012B\012"
	                  : r->fill          ? " re\012f\012"
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
		fail_haru(p, HPDF_OK, "HPDF_Page_CreateDestination");
		return NULL;
	}
	HPDF_Array_Clear(dst);
	st |= HPDF_Array_Add(dst, target);
	st |= HPDF_Array_AddName(dst, "XYZ");
	st |= HPDF_Array_AddReal(dst, 0);
	st |= HPDF_Array_AddReal(dst, (HPDF_REAL)top);
	st |= HPDF_Array_Add(dst, null);
	if (check(p, st, "destination") < 0)
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
			rc = draw_image(p, hp, pg->height_pt, &gs,
			                &it->u.image);
			break;
		}
	}
	end_text(p, &gs);
	if (rc == 0)
		rc = cs_flush(p, hp);
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

		TRY_PTR(p, str,
		        HPDF_String_New(p->doc->mmgr, p->opt->info[i].value,
		                        NULL));
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
		            "%s: PDF/A needs XMP metadata",
		            p->path);
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
		return fail_haru(p, HPDF_OK, "HPDF_DictStream_New");
	}
	icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	st = HPDF_Dict_AddNumber(icc, "N", 3);
	st |= HPDF_Dict_AddName(icc, "Alternate", "DeviceRGB");
	st |= HPDF_Stream_Write(icc->stream, (const HPDF_BYTE *)prof.data,
	                        (HPDF_UINT)prof.len);
	buf_free(&prof);
	TRY(p, st);
	if (precompress(p, icc, "ICC profile") < 0)
		return -1;
	TRY(p, HPDF_PDFA_AppendOutputIntents(p->doc, "sRGB IEC61966-2.1", icc));

	TRY_PTR(p, md, HPDF_DictStream_New(p->doc->mmgr, p->doc->xref));
	md->filter = HPDF_STREAM_FILTER_NONE;
	TRY(p, HPDF_Dict_AddName(md, "Type", "Metadata"));
	TRY(p, HPDF_Dict_AddName(md, "Subtype", "XML"));
	TRY(p, HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)o->xmp,
	                         (HPDF_UINT)strlen(o->xmp)));
	TRY(p, HPDF_Dict_Add(p->doc->catalog, "Metadata", md));
	TRY(p, HPDF_PDFA_GenerateID(p->doc));
	return 0;
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
		return fail_haru(p, st, "HPDF_ReadFromStream");
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

	if (collect_chars(p) < 0)
		return -1;
	p->doc = HPDF_New(on_error, &p->err);
	if (p->doc == NULL)
		return fail_haru(p, HPDF_OK, "HPDF_New");
	if (p->compress)
		TRY(p, HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL));
	TRY(p, HPDF_UseUTFEncodings(p->doc));
	/* HPDF_SetInfoAttr encodes with the current encoder */
	TRY(p, HPDF_SetCurrentEncoder(p->doc, "UTF-8"));
	if (setup_fonts(p) < 0 || set_meta(p) < 0 || make_pages(p) < 0)
		return -1;
	if (opt != NULL && opt->pdfa && setup_pdfa(p) < 0)
		return -1;
	for (i = 0; i < p->pd->npages; i++) {
		if (draw_page(p, i) < 0)
			return -1;
		/* drawing is over, so the page's content can be deflated now */
		if (precompress(p, HPDF_Dict_GetItem(p->pages[i], "Contents",
		    HPDF_OCLASS_DICT), "page content") < 0)
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
		fail_haru(&p, HPDF_OK, "writing");
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
		fail_haru(&p, HPDF_OK, "writing");
	cleanup(&p);
	return rc;
}
