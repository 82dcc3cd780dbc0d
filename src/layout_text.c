/* SPDX-License-Identifier: MIT */
/*
 * Paragraph text to lines: spans become characters with a face and a width,
 * libunibreak finds the break opportunities, kinsoku rules tailor them, and
 * a greedy pass fills lines, then aligns or justifies them.
 */
#include "layout_int.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "font.h"
#include "page.h"
#include "utf8.h"
#include "xmem.h"

/* libunibreak builds a lookup index on init; it must run only once. */
static pthread_once_t unibreak_once = PTHREAD_ONCE_INIT;

static void
unibreak_init(void)
{
	init_linebreak();
}

/* Characters that may not start a line. */
static int
no_start(uint32_t cp)
{
	static const uint32_t set[] = {
	    0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09,
	    0x300B, 0x300D, 0x300F, 0x3011, 0x3009, 0x2026, 0x00B7, 0x2019,
	    0x201D, 0xFF0E, 0xFF3D, 0xFF5D, 0x3015, 0x3017, 0x30FB, 0xFF65,
	    0x2014, 0xFE50, 0xFE52, ',',    '.',    ';',    ':',    '?',
	    '!',    ')',    ']',    '}',    '%'};
	size_t i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* Characters that may not end a line. */
static int
no_end(uint32_t cp)
{
	static const uint32_t set[] = {0xFF08, 0x300A, 0x300C, 0x300E, 0x3010,
	                               0x3008, 0x2018, 0x201C, 0xFF3B, 0xFF5B,
	                               0x3014, 0x3016, 0xFFE5, 0x00A5, '(',
	                               '[',    '{',    '$'};
	size_t i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

static int
is_cjk(uint32_t cp)
{
	return cp >= 0x2E80;
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t';
}

static size_t
seen_hash(const struct doc_node *node, uint32_t cp, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)node * 0x9E3779B97F4A7C15ull;

	h ^= cp * 0xC2B2AE3D27D4EB4Full;
	h ^= h >> 29;
	return (size_t)h & (cap - 1);
}

/* Insert into the open-addressing set; 1 if it was new. */
static int
seen_add(struct layout *lay, const struct doc_node *node, uint32_t cp)
{
	size_t i, cap = lay->seen_cap;

	if ((lay->nseen + 1) * 2 > cap) {
		struct lay_seen *old = lay->seen;
		size_t j, ocap = cap;

		cap = cap ? cap * 2 : 64;
		lay->seen = xcalloc(cap, sizeof(*lay->seen));
		lay->seen_cap = cap;
		for (j = 0; j < ocap; j++) {
			if (old[j].node == NULL)
				continue;
			i = seen_hash(old[j].node, old[j].cp, cap);
			while (lay->seen[i].node != NULL)
				i = (i + 1) & (cap - 1);
			lay->seen[i] = old[j];
		}
		free(old);
	}
	i = seen_hash(node, cp, cap);
	while (lay->seen[i].node != NULL) {
		if (lay->seen[i].node == node && lay->seen[i].cp == cp)
			return 0;
		i = (i + 1) & (cap - 1);
	}
	lay->seen[i].node = node;
	lay->seen[i].cp = cp;
	lay->nseen++;
	return 1;
}

/* Report a missing character once per node. */
static void
layout_glyph_missing(struct layout *lay, const struct doc_node *node,
                     uint32_t cp)
{
	char u[5];
	int n;

	if (!seen_add(lay, node, cp))
		return;
	n = utf8_encode(cp, u);
	u[n] = '\0';
	if (node->record != NULL)
		diag_report(lay->d, DIAG_LAYOUT_GLYPH, &node->pos,
		            "U+%04X \"%s\" in %s", (unsigned)cp, u,
		            node->record);
	else
		diag_report(lay->d, DIAG_LAYOUT_GLYPH, &node->pos,
		            "U+%04X \"%s\"", (unsigned)cp, u);
}

/* Face and advance of one character; -1 for characters not drawn. */
static int
char_face(struct layout *lay, const struct doc_node *node, uint32_t cp,
          double size_pt, double *adv)
{
	int font;

	*adv = 0;
	/* controls (C0, DEL, C1), soft hyphen, zero width space, LS, PS */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
	    cp == 0x200B || cp == 0x2028 || cp == 0x2029)
		return -1;
	font = fontset_pick(lay->fs, cp);
	if (font < 0) {
		layout_glyph_missing(lay, node, cp);
		*adv = size_pt; /* keep the rest of the line in place */
		return -1;
	}
	*adv = fontset_advance(lay->fs, font, cp, size_pt);
	return font;
}

static void
text_add(struct lt_para *p, const char *s, size_t n)
{
	p->text = xgrow(p->text, &p->text_cap, p->len + n + 1, 1);
	memcpy(p->text + p->len, s, n);
	p->len += n;
	p->text[p->len] = '\0';
}

void
layout_text_prepare(struct layout *lay, const struct doc_node *node,
                    const struct doc_span *spans,
                    const struct lay_numbers *nums)
{
	struct lt_para *p = &lay->para;
	const struct doc_span *sp;

	p->len = 0;
	p->nchars = 0;
	p->nlines = 0;
	for (sp = spans; sp != NULL; sp = sp->next) {
		char num[32];
		const char *s = "";
		size_t start = p->len, off;

		switch (sp->kind) {
		case DOC_SPAN_TEXT:
			s = sp->text ? sp->text : "";
			break;
		case DOC_SPAN_PAGE:
			snprintf(num, sizeof(num), "%ld", nums->page);
			s = num;
			break;
		case DOC_SPAN_PAGES:
			/* Unknown on the first pass: same width class. */
			if (nums->pages > 0)
				snprintf(num, sizeof(num), "%ld", nums->pages);
			else
				snprintf(num, sizeof(num), "00");
			s = num;
			break;
		case DOC_SPAN_RUNNING:
			s = nums->running ? nums->running : "";
			break;
		}
		text_add(p, s, strlen(s));
		off = start;
		while (off < p->len) {
			struct lt_char *c;
			uint32_t cp;
			int n = utf8_decode(p->text + off, p->len - off, &cp);

			int bad = n < 0;

			if (bad) {
				/*
				 * bind validates every string, so this is a
				 * caller's bug or a direct API user;
				 * libunibreak aborts on invalid UTF-8, so
				 * neutralise the byte and report it instead of
				 * drawing anything.
				 */
				cp = 0xFFFD;
				n = 1;
				p->text[off] = '?';
				if (seen_add(lay, node, 0x110000))
					diag_report(
					    lay->d, DIAG_BIND_UTF8, &node->pos,
					    "text byte %zu%s%s",
					    off - start + 1,
					    node->record ? " in " : "",
					    node->record ? node->record : "");
			}
			p->chars = xgrow(p->chars, &p->chars_cap, p->nchars + 1,
			                 sizeof(*p->chars));
			c = &p->chars[p->nchars++];
			c->cp = cp;
			c->off = (uint32_t)off;
			c->len = (unsigned char)n;
			c->style = &sp->style;
			if (bad) {
				c->font = -1;
				c->adv_pt = sp->style.size_pt;
			} else
				c->font =
				    char_face(lay, node, cp, sp->style.size_pt,
				              &c->adv_pt);
			off += (size_t)n;
		}
	}
	p->brks_ready = 0;
}

/*
 * The break opportunities (UAX #14 and kinsoku) of the prepared text. Only
 * a paragraph that needs more than one line asks for them: most cells of
 * a table fit on one, and libunibreak was a tenth of a batch.
 */
static void
text_breaks(struct lt_para *p)
{
	size_t i;

	p->brks_ready = 1;
	if (p->len == 0)
		return;
	pthread_once(&unibreak_once, unibreak_init);
	/*
	 * libunibreak 1.x reads U+FFFF as its end-of-string mark (EOS) and
	 * aborts on it mid-text. A noncharacter has no glyph in any font and
	 * is reported as such; line breaking sees U+FFFD, of the same length.
	 */
	for (i = 0; i < p->nchars; i++) {
		const struct lt_char *c = &p->chars[i];

		if (c->len == 3 && (c->cp == 0xFFFF || c->cp == 0xFFFE))
			p->text[c->off + 2] = (char)0xBD;
	}
	p->brks = xgrow(p->brks, &p->brks_cap, p->len, 1);
	set_linebreaks_utf8((const utf8_t *)p->text, p->len, "zh", p->brks);
	for (i = 0; i < p->nchars; i++) {
		struct lt_char *c = &p->chars[i];

		/* the noncharacters hidden from libunibreak above */
		if (c->len == 3 && (c->cp == 0xFFFF || c->cp == 0xFFFE))
			p->text[c->off + 2] = (char)(0xB0 | (c->cp & 0xF));

		c->brk = (unsigned char)p->brks[c->off + c->len - 1];
		if (c->cp == '\n')
			c->brk = LINEBREAK_MUSTBREAK;
	}
	/* Kinsoku on top of UAX #14: forbid what it still allows. */
	for (i = 0; i < p->nchars; i++) {
		struct lt_char *c = &p->chars[i];

		if (i > 0 && no_start(c->cp) &&
		    p->chars[i - 1].brk == LINEBREAK_ALLOWBREAK)
			p->chars[i - 1].brk = LINEBREAK_NOBREAK;
		if (no_end(c->cp) && c->brk == LINEBREAK_ALLOWBREAK)
			c->brk = LINEBREAK_NOBREAK;
	}
}

/* May a forced break go between characters i-1 and i? */
static int
forced_ok(const struct lt_para *p, size_t i)
{
	return !no_start(p->chars[i].cp) && !no_end(p->chars[i - 1].cp);
}

/*
 * A word wider than the line is cut before character i, or earlier if
 * that would start a line with a closing mark or end one with an opening
 * mark; never before s + 1.
 */
static size_t
forced_end(const struct lt_para *p, size_t s, size_t i)
{
	size_t end = i;

	while (end > s + 1 && !forced_ok(p, end))
		end--;
	return forced_ok(p, end) ? end : i;
}

static void
line_add(struct layout *lay, size_t first, size_t end, int last, double avail,
         enum doc_align align, int justify, double line_height,
         double empty_size_pt)
{
	struct lt_para *p = &lay->para;
	struct lt_line *l;
	double width = 0, size = 0, asc = 0;
	size_t i, ndrawn = 0;
	int cjk = 0;

	/* Trailing spaces and the forced-break character are not drawn. */
	while (end > first &&
	       (is_space(p->chars[end - 1].cp) || p->chars[end - 1].cp == '\n'))
		end--;
	for (i = first; i < end; i++) {
		const struct lt_char *c = &p->chars[i];
		double a;

		width += c->adv_pt;
		if (c->style->size_pt > size)
			size = c->style->size_pt;
		a = fontset_ascent(lay->fs, c->font >= 0 ? c->font : 0,
		                   c->style->size_pt);
		if (a > asc)
			asc = a;
		if (c->font >= 0)
			ndrawn++;
		if (is_cjk(c->cp))
			cjk = 1;
	}
	if (first == end) {
		size = first < p->nchars ? p->chars[first].style->size_pt
		                         : empty_size_pt;
		asc = fontset_ascent(lay->fs, 0, size);
	}
	p->lines =
	    xgrow(p->lines, &p->lines_cap, p->nlines + 1, sizeof(*p->lines));
	l = &p->lines[p->nlines++];
	memset(l, 0, sizeof(*l));
	l->first = first;
	l->end = end;
	l->width_pt = width;
	l->height_pt = line_height * size;
	l->ascent_pt = asc;
	if (justify && !last && cjk && ndrawn > 1 && width < avail) {
		l->char_space_pt = (avail - width) / (double)(ndrawn - 1);
		return;
	}
	if (align == DOC_ALIGN_CENTER)
		l->x_pt = (avail - width) / 2;
	else if (align == DOC_ALIGN_RIGHT)
		l->x_pt = avail - width;
}

/* Characters after which UAX #14 always breaks (classes BK, CR, LF, NL). */
static int
is_mandatory_break(uint32_t cp)
{
	return (cp >= 0x0A && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 ||
	       cp == 0x2029;
}

/*
 * Would the loop of layout_text_break end with the whole text on its first
 * line? The same test, character by character and in the same order of
 * additions, without the break opportunities, which it would not use.
 */
static int
fits_one_line(const struct lt_para *p, double avail)
{
	double width = 0;
	size_t i;

	for (i = 0; i < p->nchars; i++) {
		const struct lt_char *c = &p->chars[i];

		if (width + c->adv_pt > avail + LAY_EPS && !is_space(c->cp) &&
		    c->cp != '\n')
			return 0;
		width += c->adv_pt;
		if (is_mandatory_break(c->cp) && i + 1 < p->nchars)
			return 0;
	}
	return 1;
}

void
layout_text_break(struct layout *lay, const struct doc_node *node,
                  double first_width_pt, double width_pt, enum doc_align align,
                  int justify, double line_height, double empty_size_pt)
{
	struct lt_para *p = &lay->para;
	size_t s = 0, n = p->nchars;
	int soft = 0, too_wide = 0;

	p->nlines = 0;
	if (n == 0) {
		line_add(lay, 0, 0, 1, first_width_pt, align, 0, line_height,
		         empty_size_pt);
		return;
	}
	if (fits_one_line(p, first_width_pt)) {
		line_add(lay, 0, n, 1, first_width_pt, align, justify,
		         line_height, empty_size_pt);
		return;
	}
	if (!p->brks_ready)
		text_breaks(p);
	while (s < n) {
		double avail = p->nlines == 0 ? first_width_pt : width_pt;
		double width = 0;
		size_t i, end = n, lb = 0;
		int have_lb = 0, hard = 0, last;

		if (soft)
			while (s < n && p->chars[s].cp == 0x3000)
				s++;
		if (s == n)
			break;
		for (i = s; i < n; i++) {
			const struct lt_char *c = &p->chars[i];

			if (width + c->adv_pt > avail + LAY_EPS &&
			    !is_space(c->cp) && c->cp != '\n') {
				if (i == s) {
					/* Alone on its line, still too wide. */
					too_wide = 1;
				} else if (have_lb) {
					end = lb + 1;
					break;
				} else {
					end = forced_end(p, s, i);
					break;
				}
			}
			width += c->adv_pt;
			if (c->brk == LINEBREAK_MUSTBREAK && i + 1 < n) {
				end = i + 1;
				hard = 1;
				break;
			}
			if (c->brk == LINEBREAK_ALLOWBREAK) {
				lb = i;
				have_lb = 1;
			}
		}
		last = end == n || hard;
		line_add(lay, s, end, last, avail, align, justify, line_height,
		         empty_size_pt);
		/* A forced break at the very end leaves one empty line. */
		if (hard && end == n)
			line_add(lay, n, n, 1, width_pt, align, 0, line_height,
			         p->chars[n - 1].style->size_pt);
		soft = !hard;
		s = end;
	}
	if ((too_wide || first_width_pt <= 0 || width_pt <= 0) &&
	    seen_add(lay, node, UINT32_MAX))
		diag_report(lay->d, DIAG_LAYOUT_TOO_WIDE, &node->pos,
		            "%.1f pt available%s%s",
		            width_pt <= first_width_pt ? width_pt
		                                       : first_width_pt,
		            node->record ? " in " : "",
		            node->record ? node->record : "");
}

static int
same_style(const struct doc_style *a, const struct doc_style *b)
{
	return a == b || (a->size_pt == b->size_pt && a->bold == b->bold &&
	                  a->rgb == b->rgb);
}

void
layout_text_emit(struct layout *lay, size_t page, size_t li, double x_pt,
                 double y_pt)
{
	const struct lt_para *p = &lay->para;
	const struct lt_line *l = &p->lines[li];
	double x = x_pt + l->x_pt, base = y_pt + l->ascent_pt;
	size_t i = l->first;

	while (i < l->end) {
		const struct lt_char *c = &p->chars[i];
		struct page_item *it;
		size_t j = i + 1;
		double w = c->adv_pt + l->char_space_pt;

		if (c->font < 0) {
			x += c->adv_pt;
			i++;
			continue;
		}
		while (j < l->end && p->chars[j].font == c->font &&
		       same_style(p->chars[j].style, c->style)) {
			w += p->chars[j].adv_pt + l->char_space_pt;
			j++;
		}
		it = page_add_item(lay->pd, page, PAGE_TEXT);
		it->u.text.x_pt = x;
		it->u.text.y_pt = base;
		it->u.text.font = c->font;
		it->u.text.size_pt = c->style->size_pt;
		it->u.text.bold = c->style->bold;
		it->u.text.rgb = c->style->rgb;
		it->u.text.char_space_pt = l->char_space_pt;
		it->u.text.len =
		    p->chars[j - 1].off + p->chars[j - 1].len - c->off;
		it->u.text.utf8 = arena_strndup(
		    lay->pd->arena, p->text + c->off, it->u.text.len);
		x += w;
		i = j;
	}
}

double
layout_text_run(struct layout *lay, const struct doc_node *node, const char *s,
                const struct doc_style *style, int emit, size_t page,
                double x_pt, double base_pt)
{
	size_t off = 0, len = strlen(s), start = 0;
	double x = x_pt, run_x = x_pt;
	int run_font = -1;

	while (off <= len) {
		uint32_t cp = 0;
		int n = 0, font = -1;
		double adv = 0;

		if (off < len) {
			n = utf8_decode(s + off, len - off, &cp);
			if (n < 0) {
				n = 1;
				cp = 0xFFFD;
			}
			font = char_face(lay, node, cp, style->size_pt, &adv);
		}
		if (emit && run_font >= 0 && (font != run_font || off == len)) {
			struct page_item *it =
			    page_add_item(lay->pd, page, PAGE_TEXT);

			it->u.text.x_pt = run_x;
			it->u.text.y_pt = base_pt;
			it->u.text.font = run_font;
			it->u.text.size_pt = style->size_pt;
			it->u.text.bold = style->bold;
			it->u.text.rgb = style->rgb;
			it->u.text.len = off - start;
			it->u.text.utf8 = arena_strndup(lay->pd->arena,
			                                s + start, off - start);
		}
		if (off == len)
			break;
		if (font != run_font) {
			start = off;
			run_x = x;
			run_font = font;
		}
		x += adv;
		off += (size_t)n;
	}
	return x - x_pt;
}

double
layout_text_ascent(const struct layout *lay, double size_pt)
{
	return fontset_ascent(lay->fs, 0, size_pt);
}

void
layout_text_free(struct lt_para *p)
{
	free(p->text);
	free(p->brks);
	free(p->chars);
	free(p->lines);
	memset(p, 0, sizeof(*p));
}
