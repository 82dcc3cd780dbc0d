/* SPDX-License-Identifier: MIT */
/*
 * Images and the watermark: sizes keep the file's aspect ratio, an overlay
 * takes no space and lands over the end of the content before it, the
 * watermark is on every page behind the rest, image files are checked
 * (missing, outside the template's directory, not a PNG) with the
 * template position, pictures from BLOB columns (<image field>) are drawn
 * once per picture and not at all for NULL, and the PDF embeds the alpha
 * channel as a compressed soft mask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bind.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "page.h"
#include "pdf.h"
#include "tmpl.h"
#include "xmem.h"

#define MM(x) ((x) * 72.0 / 25.4)
#define EPS 0.01

/* ---- a real PNG, made here: stored deflate blocks, RGBA ---- */

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return c ^ 0xFFFFFFFFu;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static size_t
chunk(unsigned char *out, const char *type, const unsigned char *data,
    size_t n)
{
	put32(out, (uint32_t)n);
	memcpy(out + 4, type, 4);
	if (n > 0)
		memcpy(out + 8, data, n);
	put32(out + 8 + n, crc32_of(out + 4, n + 4));
	return n + 12;
}

/*
 * A w x h RGBA PNG: a disc, transparent around it, red, or with two
 * colours (its right half orange) when two (xmalloc'd).
 */
static unsigned char *
make_disc(int w, int h, int two, size_t *len)
{
	size_t row = (size_t)w * 4 + 1, raw_n = row * (size_t)h, i;
	unsigned char *raw = xcalloc(raw_n, 1);
	unsigned char *z = xmalloc(raw_n + raw_n / 65535 * 5 + 16);
	unsigned char *png = xmalloc(raw_n + raw_n / 65535 * 5 + 128);
	unsigned char ihdr[13];
	uint32_t a = 1, b = 0;
	size_t zn = 0, n = 0;
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			unsigned char *px = raw + (size_t)y * row + 1 +
			    (size_t)x * 4;
			double dx = x - w / 2.0, dy = y - h / 2.0;
			int in = dx * dx + dy * dy < (h / 2.0) * (h / 2.0);

			px[0] = 220;
			px[1] = two && x >= w / 2 ? 120 : 0;
			px[3] = in ? 200 : 0;
		}
	z[zn++] = 0x78;
	z[zn++] = 0x01;
	for (i = 0; i < raw_n || i == 0; i += 65535) {
		size_t len_b = raw_n - i < 65535 ? raw_n - i : 65535;

		z[zn++] = i + len_b >= raw_n;
		z[zn++] = (unsigned char)len_b;
		z[zn++] = (unsigned char)(len_b >> 8);
		z[zn++] = (unsigned char)~len_b;
		z[zn++] = (unsigned char)(~len_b >> 8);
		memcpy(z + zn, raw + i, len_b);
		zn += len_b;
	}
	for (i = 0; i < raw_n; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	put32(z + zn, b << 16 | a);
	zn += 4;
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	n = 8;
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;	/* depth */
	ihdr[9] = 6;	/* RGBA */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	n += chunk(png + n, "IHDR", ihdr, 13);
	n += chunk(png + n, "IDAT", z, zn);
	n += chunk(png + n, "IEND", NULL, 0);
	free(raw);
	free(z);
	*len = n;
	return png;
}

/* ---- documents ---- */

static struct doc *
mkdoc(void)
{
	struct doc *doc = doc_new();

	doc->page_width_pt = 400;
	doc->page_height_pt = 300;
	doc->margin_left_pt = doc->margin_right_pt = 50;
	doc->margin_top_pt = doc->margin_bottom_pt = 50;
	doc->base.size_pt = 10;
	return doc;
}

/* A two-colour disc (make_disc). */
static unsigned char *
make_png(int w, int h, size_t *len)
{
	return make_disc(w, h, 1, len);
}

static const struct doc_png *
png_of(struct doc *doc, int w, int h)
{
	size_t len;
	unsigned char *data = make_png(w, h, &len);
	const struct doc_png *p = doc_add_png(doc, data, len, w, h, "x.png");

	free(data);
	return p;
}

static struct doc_node *
add_image(struct doc *doc, const struct doc_png *png, double w, double h)
{
	struct doc_node *n = doc_add(doc, doc->body, DOC_IMAGE);

	n->u.image.png = png;
	n->u.image.width_pt = w;
	n->u.image.height_pt = h;
	return n;
}

static struct page_doc *
run(struct doc *doc)
{
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd = layout_run(doc, fs, d);

	assert_non_null(pd);
	assert_int_equal(diag_errors(d), 0);
	diag_free(d);
	fontset_free(fs);
	return pd;
}

/* The k-th item of kind on page p, or NULL. */
static const struct page_item *
nth(const struct page_doc *pd, size_t p, enum page_item_kind kind, size_t k)
{
	size_t i;

	for (i = 0; i < pd->pages[p].nitems; i++)
		if (pd->pages[p].items[i].kind == kind && k-- == 0)
			return &pd->pages[p].items[i];
	return NULL;
}

static void
test_size_keeps_aspect(void **state)
{
	struct doc *doc = mkdoc();
	const struct doc_png *png = png_of(doc, 200, 100);
	struct page_doc *pd;
	const struct page_item *it;

	(void)state;
	add_image(doc, png, 100, 0);	/* width: height follows */
	add_image(doc, png, 0, 30);	/* height: width follows */
	add_image(doc, png, 80, 80);	/* both: fits inside the box */
	add_image(doc, png, 0, 0)->u.image.align = DOC_ALIGN_RIGHT;
	pd = run(doc);
	assert_int_equal(pd->npngs, 1);	/* one file, embedded once */
	it = nth(pd, 0, PAGE_IMAGE, 0);
	assert_non_null(it);
	assert_float_equal(it->u.image.w_pt, 100, EPS);
	assert_float_equal(it->u.image.h_pt, 50, EPS);
	assert_float_equal(it->u.image.x_pt, 50, EPS);
	assert_float_equal(it->u.image.y_pt, 50, EPS);
	it = nth(pd, 0, PAGE_IMAGE, 1);
	assert_float_equal(it->u.image.w_pt, 60, EPS);
	assert_float_equal(it->u.image.h_pt, 30, EPS);
	assert_float_equal(it->u.image.y_pt, 100, EPS);	/* stacked */
	it = nth(pd, 0, PAGE_IMAGE, 2);
	assert_float_equal(it->u.image.w_pt, 80, EPS);
	assert_float_equal(it->u.image.h_pt, 40, EPS);
	/* no size: 96 pixels an inch, shrunk to the 300 pt frame */
	it = nth(pd, 0, PAGE_IMAGE, 3);
	assert_float_equal(it->u.image.w_pt, 150, EPS);
	assert_float_equal(it->u.image.h_pt, 75, EPS);
	assert_float_equal(it->u.image.x_pt, 400 - 50 - 150, EPS);
	page_doc_free(pd);
	doc_free(doc);
	doc = mkdoc();
	png = png_of(doc, 1000, 100);
	add_image(doc, png, 0, 0);
	pd = run(doc);
	it = nth(pd, 0, PAGE_IMAGE, 0);
	assert_float_equal(it->u.image.w_pt, 300, EPS);
	assert_float_equal(it->u.image.h_pt, 30, EPS);
	page_doc_free(pd);
	doc_free(doc);
}

/* Baseline y of the first text item whose text is s. */
static double
text_y(const struct page_doc *pd, const char *s)
{
	size_t i;

	for (i = 0; i < pd->pages[0].nitems; i++) {
		const struct page_item *it = &pd->pages[0].items[i];

		if (it->kind == PAGE_TEXT && strcmp(it->u.text.utf8, s) == 0)
			return it->u.text.y_pt;
	}
	fail_msg("no text %s", s);
	return -1;
}

static struct doc *
overlay_doc(int with_image, double *first_bottom)
{
	struct doc *doc = mkdoc();
	struct doc_node *p = doc_add_text(doc, doc->body, "ABC", NULL);

	p->space_after_pt = 7;
	if (with_image) {
		struct doc_node *im = add_image(doc, png_of(doc, 100, 100),
		    40, 0);

		im->u.image.overlay = 1;
		im->space_before_pt = 11;	/* ignored: takes no space */
	}
	doc_add_text(doc, doc->body, "XYZ", NULL);
	/* one line of 10 pt at 1.5 */
	*first_bottom = 50 + 15;
	return doc;
}

static void
test_overlay_takes_no_space(void **state)
{
	double bottom;
	struct doc *plain = overlay_doc(0, &bottom);
	struct doc *with = overlay_doc(1, &bottom);
	struct page_doc *a = run(plain), *b = run(with);
	const struct page_item *im = nth(b, 0, PAGE_IMAGE, 0);
	size_t i, at = 0;

	(void)state;
	assert_float_equal(text_y(a, "XYZ"), text_y(b, "XYZ"), EPS);
	assert_non_null(im);
	/* default: the image ends where the content before it ends */
	assert_float_equal(im->u.image.y_pt + im->u.image.h_pt, bottom, EPS);
	assert_float_equal(im->u.image.x_pt, 50, EPS);
	/* drawn after the text it covers */
	for (i = 0; i < b->pages[0].nitems; i++)
		if (b->pages[0].items[i].kind == PAGE_IMAGE)
			at = i;
	assert_true(at > 0);
	assert_int_equal(b->pages[0].items[0].kind, PAGE_TEXT);
	assert_int_equal(b->npages, 1);
	page_doc_free(a);
	page_doc_free(b);
	/* given offsets: from the flow's left edge and the content's end */
	doc_free(with);
	with = overlay_doc(1, &bottom);
	for (struct doc_node *n = with->body->child; n; n = n->next)
		if (n->kind == DOC_IMAGE) {
			n->u.image.has_x = n->u.image.has_y = 1;
			n->u.image.x_pt = 100;
			n->u.image.y_pt = -25;
		}
	b = run(with);
	im = nth(b, 0, PAGE_IMAGE, 0);
	assert_float_equal(im->u.image.x_pt, 150, EPS);
	assert_float_equal(im->u.image.y_pt, bottom - 25, EPS);
	page_doc_free(b);
	doc_free(plain);
	doc_free(with);
}

static void
test_watermark_on_every_page(void **state)
{
	struct doc *doc = mkdoc();
	struct doc_watermark *wm = arena_alloc(doc->arena, sizeof(*wm));
	struct doc_style st = doc->base;
	struct page_doc *pd;
	size_t p;

	(void)state;
	st.size_pt = 40;
	st.rgb = 0xCCCCCC;
	wm->para = doc_add(doc, NULL, DOC_PARA);
	doc_add_span(doc, wm->para, DOC_SPAN_TEXT, "WM", &st);
	wm->angle_deg = 45;
	doc->watermark = wm;
	doc_add_text(doc, doc->body, "one", NULL);
	doc_add(doc, doc->body, DOC_PAGEBREAK);
	doc_add_text(doc, doc->body, "two", NULL);
	doc_add(doc, doc->body, DOC_PAGEBREAK);
	doc_add_text(doc, doc->body, "three", NULL);
	pd = run(doc);
	assert_int_equal(pd->npages, 3);
	for (p = 0; p < pd->npages; p++) {
		const struct page_item *it = &pd->pages[p].items[0];
		size_t i, n = 0;

		/* first, so that everything else is drawn over it */
		assert_int_equal(it->kind, PAGE_TEXT);
		assert_string_equal(it->u.text.utf8, "WM");
		assert_float_equal(it->u.text.angle_deg, 45, EPS);
		assert_true(it->u.text.artifact);
		assert_int_equal(it->u.text.rgb, 0xCCCCCC);
		/* centred: the baseline starts left of and below the centre */
		assert_true(it->u.text.x_pt < 200 && it->u.text.y_pt > 150);
		for (i = 0; i < pd->pages[p].nitems; i++)
			n += pd->pages[p].items[i].kind == PAGE_TEXT &&
			    pd->pages[p].items[i].u.text.artifact;
		assert_int_equal(n, 1);
	}
	page_doc_free(pd);
	doc_free(doc);
}

/* ---- template checks: the file, with the template's position ---- */

struct tdir {
	char dir[64];
	char *tpath;
};

static void
tdir_make(struct tdir *t)
{
	size_t len;
	unsigned char *png = make_png(30, 20, &len);
	char *p;
	FILE *f;

	strcpy(t->dir, "/tmp/hrp-test-image-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	t->tpath = xasprintf("%s/t.xml", t->dir);
	p = xasprintf("%s/ok.png", t->dir);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(png, 1, len, f), len);
	fclose(f);
	free(p);
	p = xasprintf("%s/text.png", t->dir);
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs("not a picture\n", f);
	fclose(f);
	free(p);
	free(png);
}

static void
tdir_free(struct tdir *t)
{
	char *p;

	p = xasprintf("%s/ok.png", t->dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/text.png", t->dir);
	unlink(p);
	free(p);
	rmdir(t->dir);
	free(t->tpath);
}

/* Check a template whose body is body; returns tmpl_check's result. */
static int
check_body(const struct tdir *t, const char *body, struct diag *d,
    struct tmpl **out)
{
	char *xml = xasprintf("<?xml version=\"1.0\"?>\n"
	    "<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
	    "<body>\n%s\n</body>\n</template>\n", body);
	struct tmpl *tm = tmpl_parse_memory(xml, strlen(xml), t->tpath, d);
	int rc;

	free(xml);
	if (tm == NULL)
		fail_msg("did not parse: %s", diag_text(d));
	rc = tmpl_check(tm, NULL, d);
	if (out != NULL)
		*out = tm;
	else
		tmpl_free(tm);
	return rc;
}

static void
test_image_file_errors(void **state)
{
	struct tdir t;
	struct diag *d;
	char *want;

	(void)state;
	tdir_make(&t);
	d = diag_new(NULL);
	assert_int_equal(check_body(&t, "<para>x</para>\n"
	    "<image src=\"missing.png\" width=\"20mm\"/>", d, NULL), -1);
	/* the template's line (5) and the file's path */
	want = xasprintf("%s:5:", t.tpath);
	assert_non_null(strstr(diag_text(d), want));
	free(want);
	want = xasprintf("%s/missing.png", t.dir);
	assert_non_null(strstr(diag_text(d), want));
	free(want);
	diag_free(d);

	d = diag_new(NULL);
	assert_int_equal(check_body(&t, "<image src=\"text.png\"/>", d, NULL),
	    -1);
	assert_non_null(strstr(diag_text(d), "not a PNG file"));
	diag_free(d);

	d = diag_new(NULL);
	assert_int_equal(check_body(&t, "<image src=\"/etc/passwd\"/>", d,
	    NULL), -1);
	assert_non_null(strstr(diag_text(d), "relative to the template"));
	diag_free(d);

	d = diag_new(NULL);
	assert_int_equal(check_body(&t, "<image src=\"a/../../ok.png\"/>", d,
	    NULL), -1);
	assert_non_null(strstr(diag_text(d), "\"..\""));
	diag_free(d);

	d = diag_new(NULL);
	assert_int_equal(check_body(&t, "<image src=\"ok.png\" x=\"3mm\"/>", d,
	    NULL), -1);
	assert_non_null(strstr(diag_text(d), "overlay"));
	diag_free(d);

	d = diag_new(NULL);
	assert_int_equal(check_body(&t, "<image src=\"ok.png\"/>"
	    "<image src=\"ok.png\" overlay=\"yes\" y=\"-2mm\"/>", d, NULL), 0);
	assert_int_equal(diag_errors(d), 0);
	diag_free(d);
	tdir_free(&t);
}

/* Bind and lay out a template with an image: the file read by the check. */
static void
test_bound_image(void **state)
{
	struct tdir t;
	struct diag *d = diag_new(NULL);
	struct tmpl *tm = NULL;
	struct doc *doc;
	struct page_doc *pd;
	struct fontset *fs = fontset_fake();
	const struct page_item *it;

	(void)state;
	tdir_make(&t);
	assert_int_equal(check_body(&t, "<image src=\"ok.png\" width=\"30mm\" "
	    "align=\"center\"/><image src=\"ok.png\" height=\"10mm\"/>", d,
	    &tm), 0);
	doc = bind_run(tm, NULL, NULL, 0, d);
	assert_non_null(doc);
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	assert_int_equal(pd->npngs, 1);
	assert_int_equal(pd->pngs[0].width_px, 30);
	assert_int_equal(pd->pngs[0].height_px, 20);
	it = nth(pd, 0, PAGE_IMAGE, 0);
	assert_float_equal(it->u.image.w_pt, MM(30), EPS);
	assert_float_equal(it->u.image.h_pt, MM(20), EPS);
	assert_float_equal(it->u.image.x_pt,
	    (doc->page_width_pt - MM(30)) / 2, 0.5);
	it = nth(pd, 0, PAGE_IMAGE, 1);
	assert_float_equal(it->u.image.w_pt, MM(15), EPS);
	page_doc_free(pd);
	doc_free(doc);
	tmpl_free(tm);
	fontset_free(fs);
	diag_free(d);
	tdir_free(&t);
}

/* A database with table pic(n, png): rows 1 and 3 the same PNG, 2 NULL. */
static struct db *
pic_db(const char *path, const char *extra, struct diag *d)
{
	size_t len;
	unsigned char *png = make_png(30, 20, &len);
	struct db_param p;
	struct db *db;

	unlink(path);
	db = db_open(path, DB_CREATE, d);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE pic (n INTEGER, png BLOB)",
	    d), 0);
	memset(&p, 0, sizeof(p));
	p.name = "png";
	p.v.type = FMT_V_BLOB;
	p.v.s = (const char *)png;
	p.v.i = (int64_t)len;
	assert_int_equal(db_query(db, "INSERT INTO pic VALUES (1, :png), "
	    "(2, NULL), (3, :png)", NULL, &p, 1, NULL, NULL, d), 0);
	if (extra != NULL)
		assert_int_equal(db_exec(db, extra, d), 0);
	free(png);
	return db;
}

static struct tmpl *
pic_template(const struct tdir *t, struct db *db, struct diag *d)
{
	static const char xml[] = "<?xml version=\"1.0\"?>\n"
	    "<template xmlns=\"urn:hrpress:template:1\" version=\"1\">\n"
	    "<query name=\"pics\">SELECT n, png FROM pic ORDER BY n</query>\n"
	    "<body>\n"
	    "<section query=\"pics\" as=\"p\" record=\"pic {p.n}\">\n"
	    "<para>x</para>\n"
	    "<image field=\"p.png\" width=\"10mm\"/>\n"
	    "</section>\n</body>\n</template>\n";
	struct tmpl *tm = tmpl_parse_memory(xml, strlen(xml), t->tpath, d);

	assert_non_null(tm);
	assert_int_equal(tmpl_check(tm, db, d), 0);
	return tm;
}

/* <image field>: one picture for two rows, nothing for NULL. */
static void
test_field_image(void **state)
{
	struct tdir t;
	struct diag *d = diag_new(NULL);
	struct fontset *fs = fontset_fake();
	char *path;
	struct db *db;
	struct tmpl *tm;
	struct doc *doc;
	struct page_doc *pd;
	size_t p, i, n = 0;

	(void)state;
	tdir_make(&t);
	path = xasprintf("%s/pic.db", t.dir);
	db = pic_db(path, NULL, d);
	tm = pic_template(&t, db, d);
	doc = bind_run(tm, db, NULL, 0, d);
	assert_non_null(doc);
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	assert_int_equal(pd->npngs, 1);
	assert_int_equal(pd->pngs[0].width_px, 30);
	for (p = 0; p < pd->npages; p++)
		for (i = 0; i < pd->pages[p].nitems; i++)
			n += pd->pages[p].items[i].kind == PAGE_IMAGE;
	assert_int_equal(n, 2);
	assert_int_equal(diag_errors(d), 0);
	page_doc_free(pd);
	doc_free(doc);
	tmpl_free(tm);
	db_close(db);

	/* text in the column, or a BLOB that is no PNG: the record's error */
	db = pic_db(path, "UPDATE pic SET png = 'logo.png' WHERE n = 3", d);
	tm = pic_template(&t, db, d);
	assert_null(bind_run(tm, db, NULL, 0, d));
	assert_true(diag_has(d, DIAG_BIND_FORMAT));
	assert_non_null(strstr(diag_text(d), "expected a PNG BLOB, got text"));
	assert_non_null(strstr(diag_text(d), "pic 3"));
	tmpl_free(tm);
	db_close(db);
	diag_free(d);
	d = diag_new(NULL);
	db = pic_db(path, "UPDATE pic SET png = x'FFD8FFE0' WHERE n = 1", d);
	tm = pic_template(&t, db, d);
	assert_null(bind_run(tm, db, NULL, 0, d));
	assert_non_null(strstr(diag_text(d), "a JPEG file"));
	assert_non_null(strstr(diag_text(d), "pic 1"));
	tmpl_free(tm);
	db_close(db);

	unlink(path);
	free(path);
	fontset_free(fs);
	diag_free(d);
	tdir_free(&t);
}

/* ---- PDF: the image with a compressed soft mask, the stencil ---- */

static const unsigned char *
find(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static void
test_pdf_smask(void **state)
{
	struct doc *doc = mkdoc();
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	const struct doc_png *png = png_of(doc, 300, 300);
	struct page_doc *pd;
	unsigned char *data;
	size_t len;

	(void)state;
	add_image(doc, png, 100, 0);
	add_image(doc, png, 50, 0)->u.image.opacity = 0.5;
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	assert_int_equal(pdf_render(pd, fs, "t.pdf", NULL, &data, &len, d), 0);
	/* one image object (with its mask) for both uses */
	assert_non_null(find(data, len, "/SMask"));
	assert_null(find(find(data, len, "/SMask") + 6,
	    len - (size_t)(find(data, len, "/SMask") + 6 - data), "/SMask"));
	/* the mask (300 x 300 bytes raw) is deflated */
	assert_true(len < 300 * 300);
	assert_non_null(find(data, len, "/ca 0.5"));
	free(data);
	page_doc_free(pd);
	doc_free(doc);
	fontset_free(fs);
	diag_free(d);
}

/*
 * A one-colour picture (a seal) is a 1-bit image mask twice as fine,
 * painted in its colour at its alpha (200 of 255) times the opacity.
 */
static void
test_pdf_stencil(void **state)
{
	struct doc *doc = mkdoc();
	struct fontset *fs = fontset_fake();
	struct diag *d = diag_new(NULL);
	struct page_doc *pd;
	const struct doc_png *png;
	unsigned char *data, *raw;
	size_t len, raw_len;

	(void)state;
	raw = make_disc(300, 300, 0, &raw_len);
	png = doc_add_png(doc, raw, raw_len, 300, 300, "seal.png");
	free(raw);
	add_image(doc, png, 100, 0);
	add_image(doc, png, 50, 0)->u.image.opacity = 0.5;
	pd = layout_run(doc, fs, d);
	assert_non_null(pd);
	assert_int_equal(pdf_render(pd, fs, "t.pdf", NULL, &data, &len, d), 0);
	assert_null(find(data, len, "/SMask"));
	assert_non_null(find(data, len, "/ImageMask true"));
	assert_non_null(find(data, len, "/Width 600"));
	assert_non_null(find(data, len, "/BitsPerComponent 1"));
	/* one image object for both uses */
	assert_null(find(find(data, len, "/ImageMask") + 10,
	    len - (size_t)(find(data, len, "/ImageMask") + 10 - data),
	    "/ImageMask"));
	assert_non_null(find(data, len, "/ca 0.78431"));
	assert_non_null(find(data, len, "/ca 0.39216"));
	/* 600 x 600 bits raw is 45,000 bytes: deflated */
	assert_true(len < 45000);
	free(data);
	page_doc_free(pd);
	doc_free(doc);
	fontset_free(fs);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_keeps_aspect),
		cmocka_unit_test(test_overlay_takes_no_space),
		cmocka_unit_test(test_watermark_on_every_page),
		cmocka_unit_test(test_image_file_errors),
		cmocka_unit_test(test_bound_image),
		cmocka_unit_test(test_field_image),
		cmocka_unit_test(test_pdf_smask),
		cmocka_unit_test(test_pdf_stencil),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
