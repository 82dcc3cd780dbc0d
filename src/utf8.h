/* SPDX-License-Identifier: MIT */
/*
 * Strict UTF-8: decoding, encoding and validation. libharu silently mangles
 * invalid UTF-8, so every string is validated here before it reaches a PDF.
 */
#ifndef HRP_UTF8_H
#define HRP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode one code point from s (at most len bytes) into *cp. Returns the
 * number of bytes used (1-4), or -1 for an invalid sequence: stray
 * continuation byte, truncated sequence, overlong form, surrogate, or a value
 * above U+10FFFF.
 */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns 1-4 bytes. */
int utf8_encode(uint32_t cp, char out[4]);
/*
 * The UTF-16 code units of cp (<= U+10FFFF, not a surrogate) into out:
 * one unit, or above U+FFFF a surrogate pair (high first). Returns 1 or 2.
 */
int utf8_to_utf16(uint32_t cp, uint16_t out[2]);
/*
 * Check a whole string. Returns 0 if valid; otherwise -1 with *bad_off set to
 * the byte offset of the first invalid sequence.
 */
int utf8_validate(const char *s, size_t len, size_t *bad_off);
/* Number of code points of a valid string. */
size_t utf8_count(const char *s, size_t len);

/*
 * Can a valid string be printed as it is, in a name or a text? Refused:
 * control characters (C0, DEL, C1), surrogates, private-use and unassigned
 * code points (noncharacters such as U+FFFF among them), and the
 * bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069),
 * which make a text display other than it reads. Returns 0, or -1 with *cp
 * the first such code point, *pos its position (1-based, in characters)
 * and *what a static phrase naming its kind ("a control character").
 * Character classes come from HarfBuzz's Unicode tables.
 */
int utf8_printable(const char *s, size_t len, uint32_t *cp, size_t *pos,
                   const char **what);

#endif
