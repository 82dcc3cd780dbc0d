/* SPDX-License-Identifier: MIT */
/*
 * The visible signature block of a signed record: a ruled box titled
 * 电子签名 with the signer, the time and the reason, laid out as page items
 * near the bottom right of the first page, measured with the fonts that
 * will be subset, so the PDF backend only draws it.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "font.h"
#include "page.h"
#include "utf8.h"
#include "xmem.h"

#define BOX_W_PT 200.0
#define BOX_H_PT 62.0
#define BOX_MARGIN_PT 51.0 /* 18 mm, the templates' side margin */
#define BOX_BOTTOM_PT 80.0 /* above the footer's page number */
#define TITLE_PT 10.0
#define LINE_PT 8.0

/* Add text as runs of one font each; -1 when a character has no font. */
static int
add_text(struct page_doc *pd, const struct fontset *fs, double x, double y,
         double size, int bold, const char *s, struct diag *d)
{
	size_t i = 0, n = strlen(s), start = 0;
	int font = -1;
	double run_x = x, pen_x = x;

	while (i <= n) {
		uint32_t cp = 0;
		int k = 0, f = -2;

		if (i < n) {
			k = utf8_decode(s + i, n - i, &cp);
			if (k < 0 || (f = fontset_pick(fs, cp)) < 0) {
				diag_report(d,
				            k < 0 ? DIAG_BIND_UTF8
				                  : DIAG_LAYOUT_GLYPH,
				            NULL, "signature block: \"%s\"", s);
				return -1;
			}
		}
		if (i > start && (f != font || i == n)) {
			struct page_item *it = page_add_item(pd, 0, PAGE_TEXT);
			struct page_text *t = &it->u.text;

			t->x_pt = run_x;
			t->y_pt = y;
			t->font = font;
			t->size_pt = size;
			t->bold = bold;
			t->rgb = 0x1F3A5F;
			t->utf8 =
			    arena_strndup(pd->arena, s + start, i - start);
			t->len = i - start;
			start = i;
			run_x = pen_x;
		}
		if (i == n)
			break;
		pen_x += fontset_advance(fs, f, cp, size);
		font = f;
		i += (size_t)k;
	}
	return 0;
}

int
layout_sigblock(struct page_doc *pd, const struct fontset *fs,
                const char *signer, long long time_s, const char *reason,
                struct diag *d)
{
	const struct page *pg;
	struct page_item *it;
	double x, y;
	time_t t = (time_t)time_s;
	struct tm tm;
	char when[48];
	char *line;
	int rc;

	if (pd->npages == 0)
		return 0;
	pg = &pd->pages[0];
	x = pg->width_pt - BOX_MARGIN_PT - BOX_W_PT;
	y = pg->height_pt - BOX_BOTTOM_PT - BOX_H_PT;
	it = page_add_item(pd, 0, PAGE_RECT);
	it->u.rect.x_pt = x;
	it->u.rect.y_pt = y;
	it->u.rect.w_pt = BOX_W_PT;
	it->u.rect.h_pt = BOX_H_PT;
	it->u.rect.stroke_pt = 0.8;
	it->u.rect.stroke_rgb = 0x1F3A5F;
	it = page_add_item(pd, 0, PAGE_LINE);
	it->u.line.x1_pt = x;
	it->u.line.x2_pt = x + BOX_W_PT;
	it->u.line.y1_pt = it->u.line.y2_pt = y + 17;
	it->u.line.width_pt = 0.5;
	it->u.line.rgb = 0x1F3A5F;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (add_text(pd, fs, x + 6, y + 13, TITLE_PT, 1, "电子签名", d) < 0)
		return -1;
	line = xasprintf("签署人：%s", signer);
	rc = add_text(pd, fs, x + 6, y + 29, LINE_PT, 0, line, d);
	free(line);
	if (rc < 0)
		return -1;
	line = xasprintf("时间：%s", when);
	rc = add_text(pd, fs, x + 6, y + 42, LINE_PT, 0, line, d);
	free(line);
	if (rc < 0)
		return -1;
	line = xasprintf("事由：%s", reason);
	rc = add_text(pd, fs, x + 6, y + 55, LINE_PT, 0, line, d);
	free(line);
	return rc;
}
