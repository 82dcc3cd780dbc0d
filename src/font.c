/* SPDX-License-Identifier: MIT */
/*
 * TrueType faces through HarfBuzz: lookup of font files, coverage, advances
 * as a PDF viewer places them, and per-document subsets whose cmap maps each
 * glyph id to itself, so that the PDF backend draws glyph ids directly.
 */
#include "font.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "buf.h"
#include "diag.h"
#include "xmem.h"

#ifndef HRP_DATADIR
#define HRP_DATADIR "/usr/local/share/hrpress"
#endif

#define SYSTEM_FONT_DIR "/usr/share/fonts/truetype"

/* Em size of the fake face, in font units. */
#define FAKE_UPEM 1000

struct face {
	hb_blob_t *blob; /* the mapped file; NULL for the fake face */
	hb_face_t *face;
	hb_font_t *font; /* scale = upem, so advances are in font units */
	unsigned upem;
	int ascent_units;  /* hhea ascender */
	int descent_units; /* -(hhea descender), positive below the baseline */
	char *name;        /* PostScript name */
	int fake;          /* fontset_fake(): no file, computed metrics */
};

/*
 * What fontset_pick and fontset_advance found for each character of the
 * Basic Multilingual Plane, filled as characters are met: a layout asks
 * for every character of every cell several times (a table row is
 * measured, then drawn), and HarfBuzz's cmap lookups were a sixth of a
 * batch. An entry is 0 (not looked up yet) or PICK_ENTRY(face, w1000).
 */
#define PICK_CACHED 0x10000u
#define PICK_ENTRY(face, w1000) (((uint32_t)((face) + 2) << 24) | (w1000))
#define PICK_FACE(e) ((int)((e) >> 24) - 2)
#define PICK_W1000(e) ((e)&0xFFFFFFu)

struct fontset {
	struct face *faces;
	size_t n;
	uint32_t *pick; /* PICK_CACHED entries; NULL for the fake set */
};

/* ---- finding files ---- */

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/name if it is a regular file, else NULL; caller frees. */
static char *
try_dir(const char *dir, size_t dirlen, const char *name)
{
	char *p;

	if (dirlen == 0)
		return NULL;
	p = xasprintf("%.*s/%s", (int)dirlen, dir, name);
	if (is_file(p))
		return p;
	free(p);
	return NULL;
}

/*
 * The subdirectories of /usr/share/fonts/truetype are read in name order so
 * that the pick does not depend on the order of directory entries.
 */
static char *
try_system(const char *name)
{
	struct dirent **list;
	char *found = NULL;
	int i, n;

	n = scandir(SYSTEM_FONT_DIR, &list, NULL, alphasort);
	if (n < 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (found == NULL && list[i]->d_name[0] != '.') {
			char *dir = xasprintf("%s/%s", SYSTEM_FONT_DIR,
			                      list[i]->d_name);
			found = try_dir(dir, strlen(dir), name);
			free(dir);
		}
		free(list[i]);
	}
	free(list);
	return found;
}

/*
 * Resolve a file name along the search path of font.h. On failure the
 * places searched are appended to *where for the diagnostic.
 */
static char *
find_font(const char *file, struct buf *where)
{
	const char *env = getenv("HRPRESS_FONT_PATH");
	char *p;

	if (strchr(file, '/') != NULL) {
		if (is_file(file))
			return xstrdup(file);
		buf_adds(where, file);
		return NULL;
	}
	if (env != NULL && *env != '\0') {
		const char *s = env;

		while (*s != '\0') {
			size_t len = strcspn(s, ":");

			if ((p = try_dir(s, len, file)) != NULL)
				return p;
			if (len > 0)
				buf_printf(where, "%.*s, ", (int)len, s);
			s += len;
			if (*s == ':')
				s++;
		}
	}
	if ((p = try_dir("./fonts", 7, file)) != NULL)
		return p;
	if ((p = try_dir(HRP_DATADIR "/fonts", strlen(HRP_DATADIR "/fonts"),
	                 file)) != NULL)
		return p;
	if ((p = try_system(file)) != NULL)
		return p;
	buf_adds(where,
	         "./fonts, " HRP_DATADIR "/fonts, " SYSTEM_FONT_DIR "/*");
	return NULL;
}

/* ---- opening faces ---- */

/* Split "FILE:INDEX"; a suffix that is not all digits belongs to FILE. */
static char *
parse_spec(const char *spec, unsigned *index)
{
	const char *colon = strrchr(spec, ':');
	const char *q;

	*index = 0;
	if (colon == NULL || colon[1] == '\0')
		return xstrdup(spec);
	for (q = colon + 1; *q != '\0'; q++)
		if (*q < '0' || *q > '9')
			return xstrdup(spec);
	if (q - colon > 6)
		return xstrdup(spec);
	*index = (unsigned)atoi(colon + 1);
	return xstrndup(spec, (size_t)(colon - spec));
}

static int
has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	unsigned len = hb_blob_get_length(b);

	hb_blob_destroy(b);
	return len > 0;
}

static int
get_i16(const char *p)
{
	return (int16_t)(((unsigned)(unsigned char)p[0] << 8) |
	                 (unsigned char)p[1]);
}

static void
face_clear(struct face *f)
{
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

/*
 * libharu only reads TrueType outlines (glyf/loca) and needs a Unicode
 * cmap, so anything else is refused here rather than failing in the PDF
 * stage.
 */
static int
face_open(struct face *f, const char *spec, struct diag *d)
{
	struct buf where;
	unsigned index, count;
	char *file, *path;
	hb_blob_t *hhea;
	char name[256];
	unsigned nlen = sizeof(name);

	memset(f, 0, sizeof(*f));
	file = parse_spec(spec, &index);
	buf_init(&where, 0);
	path = find_font(file, &where);
	free(file);
	if (path == NULL) {
		diag_report(d, DIAG_FONT_MISSING, NULL, "%s (searched %s)",
		            spec, buf_cstr(&where));
		buf_free(&where);
		return -1;
	}
	buf_free(&where);

	f->blob = hb_blob_create_from_file_or_fail(path);
	if (f->blob == NULL) {
		diag_report(d, DIAG_FONT_BAD, NULL, "%s: %s", path,
		            strerror(errno ? errno : EIO));
		goto fail;
	}
	count = hb_face_count(f->blob);
	if (count == 0) {
		diag_report(d, DIAG_FONT_BAD, NULL, "%s: not a TrueType font",
		            path);
		goto fail;
	}
	if (index >= count) {
		diag_report(d, DIAG_FONT_BAD, NULL,
		            "%s: face index %u out of range (the file has %u)",
		            path, index, count);
		goto fail;
	}
	f->face = hb_face_create(f->blob, index);
	if (has_table(f->face, HB_TAG('C', 'F', 'F', ' ')) ||
	    has_table(f->face, HB_TAG('C', 'F', 'F', '2'))) {
		diag_report(d, DIAG_FONT_BAD, NULL,
		            "%s: CFF outlines, "
		            "only TrueType (glyf) outlines are supported",
		            path);
		goto fail;
	}
	if (!has_table(f->face, HB_TAG('g', 'l', 'y', 'f')) ||
	    !has_table(f->face, HB_TAG('l', 'o', 'c', 'a')) ||
	    !has_table(f->face, HB_TAG('c', 'm', 'a', 'p')) ||
	    hb_face_get_glyph_count(f->face) == 0) {
		diag_report(d, DIAG_FONT_BAD, NULL,
		            "%s: not a TrueType "
		            "font with glyf, loca and cmap tables",
		            path);
		goto fail;
	}
	hhea = hb_face_reference_table(f->face, HB_TAG('h', 'h', 'e', 'a'));
	if (hb_blob_get_length(hhea) < 36) {
		hb_blob_destroy(hhea);
		diag_report(d, DIAG_FONT_BAD, NULL, "%s: no hhea table", path);
		goto fail;
	}
	f->ascent_units = get_i16(hb_blob_get_data(hhea, NULL) + 4);
	f->descent_units = -get_i16(hb_blob_get_data(hhea, NULL) + 6);
	hb_blob_destroy(hhea);

	f->font = hb_font_create(f->face);
	f->upem = hb_face_get_upem(f->face);
	if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
	                        HB_LANGUAGE_INVALID, &nlen, name) > 0)
		f->name = xstrdup(name);
	else
		f->name = xstrdup("Unnamed");
	free(path);
	return 0;

fail:
	free(path);
	face_clear(f);
	return -1;
}

struct fontset *
fontset_open(const char *const *specs, size_t n, struct diag *d)
{
	struct fontset *fs = xcalloc(1, sizeof(*fs));
	size_t i;

	fs->faces = xcalloc(n ? n : 1, sizeof(*fs->faces));
	fs->pick = xcalloc(PICK_CACHED, sizeof(*fs->pick));
	for (i = 0; i < n; i++) {
		if (face_open(&fs->faces[i], specs[i], d) < 0) {
			fontset_free(fs);
			return NULL;
		}
		fs->n++;
	}
	return fs;
}

struct fontset *
fontset_open_default(struct diag *d)
{
	/*
	 * Droid's CJK outlines (256 units per em) are about half the size
	 * of WenQuanYi's (2048), which matters most when every record is
	 * its own file; Droid has no Latin letters or digits, so DejaVu Sans
	 * draws those (fonts/README.md).
	 */
	static const char *const specs[] = {
	    "DroidSansFallbackFull.ttf",
	    "DejaVuSans.ttf",
	    "HanaMinB.ttf",
	};

	return fontset_open(specs, sizeof(specs) / sizeof(specs[0]), d);
}

struct fontset *
fontset_fake(void)
{
	struct fontset *fs = xcalloc(1, sizeof(*fs));

	fs->faces = xcalloc(1, sizeof(*fs->faces));
	fs->n = 1;
	fs->faces[0].fake = 1;
	fs->faces[0].upem = FAKE_UPEM;
	fs->faces[0].ascent_units = FAKE_UPEM * 8 / 10;
	fs->faces[0].descent_units = FAKE_UPEM * 2 / 10;
	fs->faces[0].name = xstrdup("HrpressFake");
	return fs;
}

void
fontset_free(struct fontset *fs)
{
	size_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++)
		face_clear(&fs->faces[i]);
	free(fs->faces);
	free(fs->pick);
	free(fs);
}

size_t
fontset_count(const struct fontset *fs)
{
	return fs->n;
}

static int
face_has(const struct face *f, uint32_t cp)
{
	hb_codepoint_t g;

	if (f->fake)
		return cp != 0 && !(cp >= 0xE000 && cp <= 0xF8FF);
	return hb_font_get_nominal_glyph(f->font, cp, &g) && g != 0;
}

static int
pick_uncached(const struct fontset *fs, uint32_t cp)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (face_has(&fs->faces[i], cp))
			return (int)i;
	return -1;
}

/*
 * libharu writes each /W entry as advance * 1000 / upem in integer
 * arithmetic, and viewers place glyphs by /W, so the same truncation is
 * applied here.
 */
static unsigned
face_w1000(const struct face *f, uint32_t cp)
{
	hb_codepoint_t g;
	unsigned units;

	if (!hb_font_get_nominal_glyph(f->font, cp, &g))
		g = 0;
	units = (unsigned)hb_font_get_glyph_h_advance(f->font, g);
	return units * 1000u / f->upem;
}

/* The cache entry of cp < PICK_CACHED, looked up on first use. */
static uint32_t
pick_entry(const struct fontset *fs, uint32_t cp)
{
	uint32_t e = fs->pick[cp];

	if (e == 0) {
		int face = pick_uncached(fs, cp);
		unsigned w = face >= 0 ? face_w1000(&fs->faces[face], cp) : 0;

		e = PICK_ENTRY(face, w > 0xFFFFFFu ? 0xFFFFFFu : w);
		fs->pick[cp] = e;
	}
	return e;
}

int
fontset_pick(const struct fontset *fs, uint32_t cp)
{
	if (fs->pick != NULL && cp < PICK_CACHED)
		return PICK_FACE(pick_entry(fs, cp));
	return pick_uncached(fs, cp);
}

double
fontset_advance(const struct fontset *fs, int font, uint32_t cp, double size_pt)
{
	const struct face *f;

	if (font < 0 || (size_t)font >= fs->n)
		return 0;
	f = &fs->faces[font];
	if (f->fake)
		return (cp >= 0x2E80 ? 1.0 : 0.5) * size_pt;
	if (fs->pick != NULL && cp < PICK_CACHED) {
		uint32_t e = pick_entry(fs, cp);

		if (PICK_FACE(e) == font)
			return (double)PICK_W1000(e) * size_pt / 1000.0;
	}
	return (double)face_w1000(f, cp) * size_pt / 1000.0;
}

/* Ascent and descent come from the hhea table, as libharu's own do. */
double
fontset_ascent(const struct fontset *fs, int font, double size_pt)
{
	const struct face *f = &fs->faces[font];

	return (double)f->ascent_units * size_pt / f->upem;
}

double
fontset_descent(const struct fontset *fs, int font, double size_pt)
{
	const struct face *f = &fs->faces[font];

	return (double)f->descent_units * size_pt / f->upem;
}

const char *
fontset_name(const struct fontset *fs, int font)
{
	return fs->faces[font].name;
}

/* ---- per-document subsets ---- */

struct cpcode {
	uint32_t cp;
	uint16_t code;
};

struct fontsub {
	hb_blob_t *blob; /* the rebuilt TrueType file */
	uint16_t *codes; /* ascending, unique */
	uint32_t *cps;   /* the character each code stands for */
	size_t n;
	struct cpcode *bycp; /* every requested character, by cp */
	size_t nbycp;
};

/* Tables libharu writes into FontFile2; everything else is left out. */
static const hb_tag_t keep_tags[] = {
    HB_TAG('O', 'S', '/', '2'), HB_TAG('c', 'v', 't', ' '),
    HB_TAG('f', 'p', 'g', 'm'), HB_TAG('g', 'l', 'y', 'f'),
    HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
    HB_TAG('h', 'm', 't', 'x'), HB_TAG('l', 'o', 'c', 'a'),
    HB_TAG('m', 'a', 'x', 'p'), HB_TAG('n', 'a', 'm', 'e'),
    HB_TAG('p', 'o', 's', 't'), HB_TAG('p', 'r', 'e', 'p'),
};

/*
 * Dropped before subsetting: libharu never embeds them, and dropping GSUB
 * also skips the (slow) layout closure.
 */
static const hb_tag_t drop_tags[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
    HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
    HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
    HB_TAG('V', 'O', 'R', 'G'), HB_TAG('g', 'a', 's', 'p'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('h', 'd', 'm', 'x'),
    HB_TAG('V', 'D', 'M', 'X'), HB_TAG('L', 'T', 'S', 'H'),
    HB_TAG('D', 'S', 'I', 'G'), HB_TAG('E', 'B', 'D', 'T'),
    HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
    HB_TAG('C', 'B', 'D', 'T'), HB_TAG('C', 'B', 'L', 'C'),
    HB_TAG('s', 'b', 'i', 'x'), HB_TAG('C', 'O', 'L', 'R'),
    HB_TAG('C', 'P', 'A', 'L'), HB_TAG('S', 'V', 'G', ' '),
    HB_TAG('m', 'o', 'r', 'x'), HB_TAG('k', 'e', 'r', 'x'),
    HB_TAG('F', 'F', 'T', 'M'), HB_TAG('P', 'C', 'L', 'T'),
};

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/*
 * A cmap with one (3,1) format 4 subtable mapping every code to itself.
 * Runs of consecutive codes share a segment (idDelta 0); the closing
 * 0xFFFF segment maps to glyph 0 as the format requires.
 */
static hb_blob_t *
build_cmap(const uint16_t *codes, size_t n)
{
	size_t nseg = 1, i, s, len;
	unsigned search = 1, sel = 0;
	unsigned char *t, *sub;

	for (i = 0; i < n; i++)
		if (i == 0 || codes[i] != codes[i - 1] + 1)
			nseg++;
	while (search * 2 <= nseg) {
		search *= 2;
		sel++;
	}
	len = 12 + 16 + nseg * 8;
	t = xcalloc(1, len);
	put16(t + 2, 1); /* numTables */
	put16(t + 4, 3); /* platform Windows */
	put16(t + 6, 1); /* encoding Unicode BMP */
	t[11] = 12;      /* subtable offset */
	sub = t + 12;
	put16(sub, 4);
	put16(sub + 2, (unsigned)(len - 12));
	put16(sub + 6, (unsigned)(nseg * 2));
	put16(sub + 8, search * 2);
	put16(sub + 10, sel);
	put16(sub + 12, (unsigned)(nseg * 2 - search * 2));
	/* endCode at 14, pad, startCode, idDelta, idRangeOffset (all 0) */
	for (i = 0, s = 0; i < n; i++) {
		if (i > 0 && codes[i] == codes[i - 1] + 1) {
			put16(sub + 14 + (s - 1) * 2, codes[i]);
			continue;
		}
		put16(sub + 14 + s * 2, codes[i]);
		put16(sub + 16 + nseg * 2 + s * 2, codes[i]);
		s++;
	}
	put16(sub + 14 + s * 2, 0xFFFF);
	put16(sub + 16 + nseg * 2 + s * 2, 0xFFFF);
	put16(sub + 16 + nseg * 4 + s * 2, 1);
	return hb_blob_create((const char *)t, (unsigned)len,
	                      HB_MEMORY_MODE_READONLY, t, free);
}

static int
cmp_cpcode_by_cp(const void *a, const void *b)
{
	const struct cpcode *x = a, *y = b;

	return (x->cp > y->cp) - (x->cp < y->cp);
}

static int
cmp_cpcode_by_code(const void *a, const void *b)
{
	const struct cpcode *x = a, *y = b;

	if (x->code != y->code)
		return (x->code > y->code) - (x->code < y->code);
	return (x->cp > y->cp) - (x->cp < y->cp);
}

static hb_face_t *
run_subset(const struct face *f, const uint32_t *cps, size_t n)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *uni, *drop;
	hb_face_t *sub;
	size_t i;

	if (in == NULL)
		return NULL;
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	uni = hb_subset_input_unicode_set(in);
	for (i = 0; i < n; i++)
		hb_set_add(uni, cps[i]);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < sizeof(drop_tags) / sizeof(drop_tags[0]); i++)
		hb_set_add(drop, drop_tags[i]);
	sub = hb_subset_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	return sub;
}

static struct fontsub *fontsub_unique(const struct fontset *fs,
                                      const struct face *f, const uint32_t *cps,
                                      size_t n, struct diag *d);

struct fontsub *
fontsub_new(const struct fontset *fs, int font, const uint32_t *cps, size_t n,
            struct diag *d)
{
	const struct face *f;
	struct fontsub *s;
	size_t i;

	if (font < 0 || (size_t)font >= fs->n) {
		diag_report(d, DIAG_FONT_SUBSET, NULL, "no font %d", font);
		return NULL;
	}
	f = &fs->faces[font];
	if (f->fake) {
		diag_report(d, DIAG_FONT_SUBSET, NULL,
		            "%s: the test font cannot be embedded", f->name);
		return NULL;
	}
	/*
	 * A document passes every character it draws, a million for a big
	 * batch: keep each once (a bitmap over all of Unicode is 136 KiB)
	 * before checking, subsetting and sorting.
	 */
	{
		unsigned char *seen = xcalloc(0x110000 / 8, 1);
		uint32_t *uniq = xmalloc((n ? n : 1) * sizeof(*uniq));
		size_t u = 0;

		for (i = 0; i < n; i++) {
			uint32_t c = cps[i];
			if (c >= 0x110000 || (seen[c >> 3] & (1u << (c & 7))))
				continue;
			seen[c >> 3] |= (unsigned char)(1u << (c & 7));
			uniq[u++] = c;
		}
		free(seen);
		s = fontsub_unique(fs, f, uniq, u, d);
		free(uniq);
		return s;
	}
}

/* fontsub_new() once cps[0..n) holds each character once. */
static struct fontsub *
fontsub_unique(const struct fontset *fs, const struct face *f,
               const uint32_t *cps, size_t n, struct diag *d)
{
	struct fontsub *s;
	struct cpcode *pairs;
	hb_face_t *sub, *builder;
	hb_font_t *subfont;
	hb_blob_t *cmap;
	size_t i, k;

	(void)fs;
	for (i = 0; i < n; i++) {
		if (!face_has(f, cps[i])) {
			diag_report(d, DIAG_FONT_SUBSET, NULL,
			            "%s: no glyph for U+%04X", f->name,
			            (unsigned)cps[i]);
			return NULL;
		}
	}
	sub = run_subset(f, cps, n);
	if (sub == NULL) {
		diag_report(d, DIAG_FONT_SUBSET, NULL, "%s: %zu characters",
		            f->name, n);
		return NULL;
	}
	if (hb_face_get_glyph_count(sub) > 32768) {
		hb_face_destroy(sub);
		diag_report(d, DIAG_FONT_SUBSET, NULL,
		            "%s: more than 32768 glyphs in one document",
		            f->name);
		return NULL;
	}

	/* The unique characters, each with its glyph id in the subset. */
	pairs = xcalloc(n ? n : 1, sizeof(*pairs));
	for (i = 0; i < n; i++)
		pairs[i].cp = cps[i];
	qsort(pairs, n, sizeof(*pairs), cmp_cpcode_by_cp);
	subfont = hb_font_create(sub);
	for (i = 0, k = 0; i < n; i++) {
		hb_codepoint_t g = 0;

		if (k > 0 && pairs[k - 1].cp == pairs[i].cp)
			continue;
		if (!hb_font_get_nominal_glyph(subfont, pairs[i].cp, &g) ||
		    g == 0 || g > 0xFFFF) {
			hb_font_destroy(subfont);
			hb_face_destroy(sub);
			free(pairs);
			diag_report(d, DIAG_FONT_SUBSET, NULL,
			            "%s: U+%04X lost in the subset", f->name,
			            (unsigned)cps[i]);
			return NULL;
		}
		pairs[k].cp = pairs[i].cp;
		pairs[k].code = (uint16_t)g;
		k++;
	}
	hb_font_destroy(subfont);

	s = xcalloc(1, sizeof(*s));
	s->bycp = xmalloc((k ? k : 1) * sizeof(*s->bycp));
	memcpy(s->bycp, pairs, k * sizeof(*pairs));
	s->nbycp = k;

	/*
	 * By code. Characters sharing one glyph (in practice the CJK
	 * compatibility ideographs and their unified twins) can only have one
	 * ToUnicode entry with /Identity: the lowest code point wins, and the
	 * others still draw the right glyph but extract as that character.
	 */
	qsort(pairs, k, sizeof(*pairs), cmp_cpcode_by_code);
	s->codes = xmalloc((k ? k : 1) * sizeof(*s->codes));
	s->cps = xmalloc((k ? k : 1) * sizeof(*s->cps));
	for (i = 0; i < k; i++) {
		if (s->n > 0 && s->codes[s->n - 1] == pairs[i].code)
			continue;
		s->codes[s->n] = pairs[i].code;
		s->cps[s->n] = pairs[i].cp;
		s->n++;
	}
	free(pairs);

	/*
	 * hb_face_get_table_tags() returns nothing for a subset face in
	 * HarfBuzz 6, hence the fixed list.
	 */
	builder = hb_face_builder_create();
	for (i = 0; i < sizeof(keep_tags) / sizeof(keep_tags[0]); i++) {
		hb_blob_t *t = hb_face_reference_table(sub, keep_tags[i]);

		if (hb_blob_get_length(t) > 0)
			hb_face_builder_add_table(builder, keep_tags[i], t);
		hb_blob_destroy(t);
	}
	cmap = build_cmap(s->codes, s->n);
	hb_face_builder_add_table(builder, HB_TAG('c', 'm', 'a', 'p'), cmap);
	hb_blob_destroy(cmap);
	s->blob = hb_face_reference_blob(builder);
	hb_face_destroy(builder);
	hb_face_destroy(sub);
	if (hb_blob_get_length(s->blob) == 0) {
		fontsub_free(s);
		diag_report(d, DIAG_FONT_SUBSET, NULL,
		            "%s: cannot serialise the subset", f->name);
		return NULL;
	}
	return s;
}

void
fontsub_free(struct fontsub *sub)
{
	if (sub == NULL)
		return;
	hb_blob_destroy(sub->blob);
	free(sub->codes);
	free(sub->cps);
	free(sub->bycp);
	free(sub);
}

const unsigned char *
fontsub_data(const struct fontsub *sub, size_t *len)
{
	unsigned n;
	const char *p = hb_blob_get_data(sub->blob, &n);

	*len = n;
	return (const unsigned char *)p;
}

uint16_t
fontsub_code(const struct fontsub *sub, uint32_t cp)
{
	size_t lo = 0, hi = sub->nbycp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sub->bycp[mid].cp == cp)
			return sub->bycp[mid].code;
		if (sub->bycp[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

size_t
fontsub_pairs(const struct fontsub *sub, const uint16_t **codes,
              const uint32_t **cps)
{
	*codes = sub->codes;
	*cps = sub->cps;
	return sub->n;
}
