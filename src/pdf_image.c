/* SPDX-License-Identifier: MIT */
/*
 * The images of a PDF: a PNG (image.c decodes it) becomes a DeviceRGB
 * image with a soft mask, or a one-colour stencil; deflated images are
 * kept in the scratch across documents, and each is loaded once per
 * document, when first drawn.
 */
#include "pdf_int.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_utils.h>

#include "buf.h"
#include "ccitt.h"
#include "diag.h"
#include "font.h"
#include "image.h"
#include "page.h"
#include "utf8.h"
#include "xmem.h"

/* The bytes of a stream (already deflated by precompress), malloc'd. */
static unsigned char *
stream_bytes(HPDF_Dict sd, size_t *len)
{
	HPDF_UINT32 size = HPDF_Stream_Size(sd->stream);
	HPDF_UINT got = size;
	unsigned char *b;
	HPDF_STATUS st;

	if (size == 0 ||
	    HPDF_Stream_Seek(sd->stream, 0, HPDF_SEEK_SET) != HPDF_OK)
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
	       b->value == 8 && d->write_fn == pdf_put_flate_filter;
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
		pdf_fail_haru(p, HPDF_OK, "HPDF_DictStream_New");
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
	if (pdf_check(p, st, "image") < 0)
		return NULL;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = pdf_put_flate_filter;
	return d;
}

/* Says that the bytes of a stream are a CCITT G4 code (ccitt.h). */
static HPDF_STATUS
put_ccitt_filter(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter /CCITTFaxDecode\012");
}

/*
 * A 1-bit /ImageMask of w x h pixels: painted in the fill colour where its
 * bits are 0 (image_png_stencil). Its bytes are the CCITT G4 code of the
 * bits (ccitt_g4_encode), less than half their deflate for a seal.
 */
static HPDF_Dict
stencil_stream(struct pdf *p, int w, int h)
{
	HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	HPDF_Dict parms = HPDF_Dict_New(p->doc->mmgr);
	HPDF_STATUS st = HPDF_OK;

	if (d == NULL) {
		pdf_fail_haru(p, HPDF_OK, "HPDF_DictStream_New");
		return NULL;
	}
	d->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	st |= HPDF_Dict_AddName(d, "Type", "XObject");
	st |= HPDF_Dict_AddName(d, "Subtype", "Image");
	st |= HPDF_Dict_AddNumber(d, "Width", (HPDF_INT32)w);
	st |= HPDF_Dict_AddNumber(d, "Height", (HPDF_INT32)h);
	st |= HPDF_Dict_AddBoolean(d, "ImageMask", HPDF_TRUE);
	st |= HPDF_Dict_AddNumber(d, "BitsPerComponent", 1);
	if (parms == NULL) {
		pdf_fail_haru(p, HPDF_OK, "HPDF_Dict_New");
		return NULL;
	}
	st |= HPDF_Dict_AddNumber(parms, "K", -1);
	st |= HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)w);
	st |= HPDF_Dict_AddNumber(parms, "Rows", (HPDF_INT32)h);
	st |= HPDF_Dict_Add(d, "DecodeParms", parms);
	if (pdf_check(p, st, "image mask") < 0)
		return NULL;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = put_ccitt_filter;
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
			TRY_PTR_NULL(p,
			             HPDF_Stream_Write(img->stream, c->rgb,
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
			TRY_PTR_NULL(p,
			             HPDF_Stream_Write(sm->stream, c->mask,
			                               (HPDF_UINT)c->mask_len));
		}
		TRY_PTR_NULL(p, HPDF_Stream_Write(img->stream, c->rgb,
		                                  (HPDF_UINT)c->rgb_len));
		return img;
	}
	return NULL;
}

/*
 * A one-colour PNG (a seal) as a G4-coded 1-bit image mask, remembered
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
	unsigned char *g4;
	size_t g4_len;
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
	g4 = ccitt_g4_encode(st.bits, st.width, st.height,
	                     ((size_t)st.width + 7) / 8, &g4_len);
	free(st.bits);
	img = stencil_stream(p, st.width, st.height);
	if (img == NULL ||
	    pdf_check(p, HPDF_Stream_Write(img->stream, g4, (HPDF_UINT)g4_len),
	              "image mask") < 0) {
		free(g4);
		p->reported = 1;
		return NULL;
	}
	free(g4);
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
 * The alpha of a soft mask to 16 levels (0, 17, ..., 255, the nearest):
 * the antialiased edge of a logo looks the same printed at 300 dpi, and
 * the mask deflates to about half.
 */
static int
quantise_mask(struct pdf *p, HPDF_Dict sm)
{
	size_t len = 0, i;
	unsigned char *b = stream_bytes(sm, &len);

	if (b == NULL)
		return 0; /* empty: nothing to do */
	for (i = 0; i < len; i++)
		b[i] = (unsigned char)((b[i] + 8) / 17 * 17);
	HPDF_MemStream_FreeData(sm->stream);
	if (pdf_check(p, HPDF_Stream_Write(sm->stream, b, (HPDF_UINT)len),
	              "image mask") < 0) {
		free(b);
		return -1;
	}
	free(b);
	return 0;
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
		if ((sm != NULL && quantise_mask(p, sm) < 0) ||
		    pdf_precompress(p, img, "image") < 0 ||
		    (sm != NULL && pdf_precompress(p, sm, "image mask") < 0))
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
		pdf_fail_haru(p, HPDF_OK, "HPDF_CreateExtGState");
		return NULL;
	}
	if (p->nalpha < sizeof(p->alpha) / sizeof(p->alpha[0])) {
		p->alpha[p->nalpha] = eg;
		p->alpha_value[p->nalpha++] = a;
	}
	return eg;
}

int
pdf_draw_image(struct pdf *p, HPDF_Page pg, double h, struct gstate *gs,
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
	pdf_end_text(p, gs);
	if ((img = load_png(p, im->png)) == NULL)
		return -1;
	ink = p->inks[im->png];
	opacity = im->opacity < 0 ? 0 : im->opacity > 1 ? 1 : im->opacity;
	if (ink[0])
		opacity *= ink[4] / 255.0;
	if (opacity < 1) {
		if ((eg = alpha_state(p, opacity)) == NULL)
			return -1;
	}
	/*
	 * The operators libharu's HPDF_Page_GSave, _SetExtGState,
	 * _SetRGBFill, _DrawImage and _GRestore write, byte for byte,
	 * into the page's own buffer; libharu only names the resources.
	 */
	if (eg != NULL || ink[0]) {
		pdf_cs_str(p, "q\012");
		if (eg != NULL) {
			const char *name = HPDF_Page_GetExtGStateName(pg, eg);

			if (name == NULL || p->err.error_no != 0)
				return pdf_fail_haru(
				    p, HPDF_OK, "HPDF_Page_GetExtGStateName");
			buf_addc(&p->cs, '/');
			pdf_cs_str(p, name);
			pdf_cs_str(p, " gs\012");
		}
		if (ink[0]) {
			double rgb[3];

			rgb[0] = (HPDF_REAL)(ink[1] / 255.0);
			rgb[1] = (HPDF_REAL)(ink[2] / 255.0);
			rgb[2] = (HPDF_REAL)(ink[3] / 255.0);
			pdf_cs_reals(p, rgb, 3, " rg\012");
		}
	}
	{
		const char *name = HPDF_Page_GetXObjectName(pg, img);
		double m[6];

		if (name == NULL || p->err.error_no != 0)
			return pdf_fail_haru(p, HPDF_OK,
			                     "HPDF_Page_GetXObjectName");
		m[0] = (HPDF_REAL)im->w_pt;
		m[1] = 0;
		m[2] = 0;
		m[3] = (HPDF_REAL)im->h_pt;
		m[4] = (HPDF_REAL)im->x_pt;
		m[5] = (HPDF_REAL)(h - im->y_pt - im->h_pt);
		pdf_cs_str(p, "q\012");
		pdf_cs_reals(p, m, 6, " cm\012");
		buf_addc(&p->cs, '/');
		pdf_cs_str(p, name);
		pdf_cs_str(p, " Do\012Q\012");
	}
	if (eg != NULL || ink[0])
		pdf_cs_str(p, "Q\012");
	return 0;
}
