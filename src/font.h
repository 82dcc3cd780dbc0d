/* SPDX-License-Identifier: MIT */
/*
 * Fonts without libharu: a font set is an ordered fallback chain of TrueType
 * faces (HarfBuzz), parsed once per process. Layout asks it which face draws
 * a character and how wide it is; the PDF backend asks it for a per-document
 * subset in which every glyph id is small (libharu 2.3.0 mishandles glyph
 * ids >= 32768) and the drawn code of a character is its subset glyph id.
 */
#ifndef HRP_FONT_H
#define HRP_FONT_H

#include <stddef.h>
#include <stdint.h>

struct diag;

struct fontset;

/*
 * Open a chain of faces. Each spec is "FILE" or "FILE:INDEX" (TTC face
 * index). A FILE without '/' is searched in: $HRPRESS_FONT_PATH (colon
 * separated), ./fonts, HRP_DATADIR/fonts, /usr/share/fonts/truetype/<dir>.
 * Reports DIAG_FONT_MISSING / DIAG_FONT_BAD and returns NULL on failure.
 */
struct fontset *fontset_open(const char *const *specs, size_t n,
                             struct diag *d);
/*
 * The default chain: Droid Sans Fallback (CJK), DejaVu Sans (Latin, digits
 * and everything else Droid lacks), then HanaMinB (CJK Ext-B and later).
 */
struct fontset *fontset_open_default(struct diag *d);
/*
 * A fake monospace set for layout tests: one face that covers every
 * character except U+E000..U+F8FF (private use); CJK and fullwidth forms
 * (U+2E80 and above) advance 1 em, everything else 0.5 em. Ascent 0.8 em,
 * descent 0.2 em. It cannot be subset.
 */
struct fontset *fontset_fake(void);
void fontset_free(struct fontset *fs);

size_t fontset_count(const struct fontset *fs);
/* Index of the first face that has a glyph for cp, or -1. */
int fontset_pick(const struct fontset *fs, uint32_t cp);
/*
 * Advance of cp in face font at size_pt, exactly as a PDF viewer places it
 * (the glyph width truncated to 1/1000 em, as written in /W). cp must be
 * covered by the face.
 */
double fontset_advance(const struct fontset *fs, int font, uint32_t cp,
                       double size_pt);
/* Ascent and descent (positive) of face font at size_pt. */
double fontset_ascent(const struct fontset *fs, int font, double size_pt);
double fontset_descent(const struct fontset *fs, int font, double size_pt);
/* The face's PostScript name. */
const char *fontset_name(const struct fontset *fs, int font);

/* ---- per-document subsets ---- */
struct fontsub;

/*
 * Subset face font to exactly the characters cps[0..n) (duplicates allowed,
 * all covered by the face). Glyph ids are renumbered from 1; the subset's
 * cmap maps each glyph id to itself, so the code to draw for a character is
 * its glyph id. Returns NULL after reporting DIAG_FONT_SUBSET.
 */
struct fontsub *fontsub_new(const struct fontset *fs, int font,
                            const uint32_t *cps, size_t n, struct diag *d);
void fontsub_free(struct fontsub *sub);
/* The subset as a TrueType file; valid until fontsub_free(). */
const unsigned char *fontsub_data(const struct fontsub *sub, size_t *len);
/* Code (= subset glyph id, > 0) to draw for cp; 0 if cp is not in the subset.
 */
uint16_t fontsub_code(const struct fontsub *sub, uint32_t cp);
/*
 * The (code, character) pairs, ascending by code, for the ToUnicode map:
 * *codes and *cps point at n entries valid until fontsub_free().
 */
size_t fontsub_pairs(const struct fontsub *sub, const uint16_t **codes,
                     const uint32_t **cps);

#endif
