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
 * Check a whole string. Returns 0 if valid; otherwise -1 with *bad_off set to
 * the byte offset of the first invalid sequence.
 */
int utf8_validate(const char *s, size_t len, size_t *bad_off);
/* Number of code points of a valid string. */
size_t utf8_count(const char *s, size_t len);

#endif
