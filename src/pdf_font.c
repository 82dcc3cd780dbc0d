/* SPDX-License-Identifier: MIT */
/*
 * The fonts of a PDF: the characters each face draws are collected, one
 * subset per face is made (font.c) and loaded into libharu, and its font
 * objects are patched: CIDToGIDMap /Identity, a ToUnicode CMap of our
 * own, and the embedded font file deflated when it is written.
 */
#include "pdf_int.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_utils.h>

#include "buf.h"
#include "diag.h"
#include "font.h"
#include "image.h"
#include "page.h"
#include "utf8.h"
#include "xmem.h"

/* ToUnicode bfchar entries per block (the CMap format allows at most 100). */
#define BFCHAR_BLOCK 100

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
	if (pdf_precompress(p,
	                    HPDF_Dict_GetItem(attr->fontdef->descriptor,
	                                      "FontFile2", HPDF_OCLASS_DICT),
	                    "FontFile2") < 0 ||
	    pdf_precompress(p, f->tounicode, "ToUnicode") < 0)
		return HPDF_INVALID_OBJECT;
	return HPDF_OK;
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
int
pdf_collect_chars(struct pdf *p)
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
		return pdf_fail_haru(p, HPDF_OK, "ToUnicode lookup");
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
		pdf_put_utf16(&b, cps[i]);
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
	return pdf_check(p, st, "ToUnicode write");
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
		return pdf_fail_haru(p, HPDF_OK, "DescendantFonts lookup");
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
 * The font objects of a subset without libharu's UTF-8 encoder.
 *
 * HPDF_GetFont(doc, name, "UTF-8") builds the CIDFontType2 by asking the
 * font's cmap for the glyph of each of the 65,536 codes of that encoder
 * (a linear search of the cmap each time), then the width of each, and a
 * 128 KB CID-to-glyph map that set_identity_map throws away: about 40 %
 * of an archived record's instructions. It loops over only the codes an
 * encoder defines when that encoder is a plain CMap encoder, so the fonts
 * are made with one whose codes are the glyph ids 1..n of the largest
 * subset of the document, each standing for itself. The objects are those
 * of before, key for key: the cmap maps nothing but glyph ids below n, so
 * every code past them had the glyph 0 and the default width, which adds
 * nothing to /W; the encoding, CIDSystemInfo and writing mode are copied
 * from the UTF-8 encoder. A font whose glyph 0 is not of the default
 * width, or whose cmap maps code 0, keeps libharu's way.
 */
#define GID_ENCODER "HrpressGlyphID"

static HPDF_STATUS
gid_encoder_init(HPDF_Encoder e)
{
	HPDF_STATUS st = HPDF_CMapEncoder_InitAttr(e);

	if (st != HPDF_OK)
		return st;
	e->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
	return HPDF_OK;
}

/* The document's glyph-id encoder with codes up to at least n, or NULL. */
static HPDF_Encoder
gid_encoder(struct pdf *p, unsigned n)
{
	HPDF_CMapEncoderAttr a, u;
	HPDF_Encoder e, utf8;
	unsigned c;

	if (p->gid_enc == NULL) {
		utf8 = HPDF_GetEncoder(p->doc, "UTF-8");
		if (utf8 == NULL || utf8->attr == NULL)
			return NULL;
		e = HPDF_CMapEncoder_New(p->doc->mmgr, (char *)GID_ENCODER,
		                         gid_encoder_init);
		if (e == NULL ||
		    HPDF_Doc_RegisterEncoder(p->doc, e) != HPDF_OK ||
		    (e = HPDF_GetEncoder(p->doc, GID_ENCODER)) == NULL ||
		    e->attr == NULL || e->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE)
			return NULL;
		a = (HPDF_CMapEncoderAttr)e->attr;
		u = (HPDF_CMapEncoderAttr)utf8->attr;
		a->writing_mode = u->writing_mode;
		memcpy(a->registry, u->registry, sizeof(a->registry));
		memcpy(a->ordering, u->ordering, sizeof(a->ordering));
		a->suppliment = u->suppliment;
		a->uid_offset = u->uid_offset;
		memcpy(a->xuid, u->xuid, sizeof(a->xuid));
		p->gid_enc = e;
	}
	a = (HPDF_CMapEncoderAttr)p->gid_enc->attr;
	/* libharu's CMap encoders index their maps [low byte][high byte] */
	for (c = p->gid_enc_n + 1; c <= n && c <= 0xFFFF; c++) {
		a->cid_map[c & 0xFF][c >> 8] = (HPDF_UINT16)c;
		a->unicode_map[c & 0xFF][c >> 8] = (HPDF_UNICODE)c;
	}
	if (n > p->gid_enc_n)
		p->gid_enc_n = n;
	return p->gid_enc;
}

/* The Type0 font of def as HPDF_GetFont would make it, faster. */
static HPDF_Font
gid_font(struct pdf *p, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	HPDF_Encoder e;
	HPDF_Font font;

	if (a->num_glyphs == 0 || HPDF_TTFontDef_GetGlyphid(def, 0) != 0 ||
	    HPDF_TTFontDef_GetGidWidth(def, 0) != def->missing_width ||
	    (e = gid_encoder(p, a->num_glyphs)) == NULL)
		return HPDF_GetFont(p->doc, def->base_font, "UTF-8");
	font = HPDF_Type0Font_New(p->doc->mmgr, def, e, p->doc->xref);
	if (font == NULL)
		return NULL;
	if (HPDF_List_Add(p->doc->font_mgr, font) != HPDF_OK)
		return NULL;
	if (p->doc->compression_mode & HPDF_COMP_METADATA)
		font->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return font;
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

	data = fontsub_data(f->sub, &len);
	TRY_PTR(p, ms, HPDF_MemStream_New(p->doc->mmgr, (HPDF_UINT)len));
	if (HPDF_Stream_Write(ms, data, (HPDF_UINT)len) != HPDF_OK) {
		HPDF_Stream_Free(ms);
		return pdf_fail_haru(p, HPDF_OK, "font stream");
	}
	/* HPDF_TTFontDef_Load frees the stream when it fails */
	TRY_PTR(p, def, HPDF_TTFontDef_Load(p->doc->mmgr, ms, HPDF_TRUE));
	/* libharu would silently keep the first of two equal names */
	if (HPDF_Doc_FindFontDef(p->doc, def->base_font) != NULL) {
		HPDF_FontDef_Free(def);
		return pdf_fail_haru(p, HPDF_FONT_EXISTS, "font name");
	}
	if (HPDF_List_Add(p->doc->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return pdf_fail_haru(p, HPDF_OK, "HPDF_List_Add");
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
	TRY_PTR(p, f->font, gid_font(p, def));
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
int
pdf_setup_fonts(struct pdf *p)
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
