/* SPDX-License-Identifier: MIT */
/*
 * Strict UTF-8 decoding per RFC 3629 (no overlongs, no surrogates), and
 * which characters can be printed (HarfBuzz's Unicode character database,
 * already linked for shaping, rather than tables of our own).
 */
#include "utf8.h"

#include <hb.h>

int
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	int n, i;

	if (len == 0)
		return -1;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else
		return -1;
	if ((size_t)n > len)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return n;
}

int
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int
utf8_to_utf16(uint32_t cp, uint16_t out[2])
{
	if (cp < 0x10000) {
		out[0] = (uint16_t)cp;
		return 1;
	}
	cp -= 0x10000;
	out[0] = (uint16_t)(0xD800 + (cp >> 10));
	out[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
	return 2;
}

int
utf8_validate(const char *s, size_t len, size_t *bad_off)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			if (bad_off)
				*bad_off = i;
			return -1;
		}
		i += (size_t)n;
	}
	return 0;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int
utf8_printable(const char *s, size_t len, uint32_t *cp, size_t *pos,
               const char **what)
{
	hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
	size_t off = 0, n = 0;

	while (off < len) {
		uint32_t c;
		int k = utf8_decode(s + off, len - off, &c);

		if (k < 0)
			return -1; /* not valid: the caller validated */
		n++;
		*what = NULL;
		switch (hb_unicode_general_category(uf, c)) {
		case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
			*what = "a control character";
			break;
		case HB_UNICODE_GENERAL_CATEGORY_SURROGATE:
			*what = "a surrogate";
			break;
		case HB_UNICODE_GENERAL_CATEGORY_PRIVATE_USE:
			*what = "a private-use character";
			break;
		case HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED:
			*what = (c & 0xFFFE) == 0xFFFE ||
			                (c >= 0xFDD0 && c <= 0xFDEF)
			            ? "a noncharacter"
			            : "an unassigned code point";
			break;
		default:
			if ((c >= 0x202A && c <= 0x202E) ||
			    (c >= 0x2066 && c <= 0x2069))
				*what = "a bidirectional override";
			break;
		}
		if (*what != NULL) {
			*cp = c;
			*pos = n;
			return -1;
		}
		off += (size_t)k;
	}
	return 0;
}
