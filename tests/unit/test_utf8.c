/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for utf8.c: strict decoding (every class of invalid sequence),
 * encoding round trips over the whole code space, validation offsets and
 * code point counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

/* A byte string with an explicit length (it may contain NUL). */
struct bytes {
	const char *s;
	size_t len;
};

#define B(lit) { lit, sizeof(lit) - 1 }

static void
test_decode_valid(void **state)
{
	static const struct {
		struct bytes in;
		int n;
		uint32_t cp;
	} cases[] = {
		{ B("A"), 1, 0x41 },
		{ B("\0"), 1, 0 },
		{ B("\x7F"), 1, 0x7F },
		{ B("\xC2\x80"), 2, 0x80 },
		{ B("\xC2\xA5"), 2, 0xA5 },		/* ¥ */
		{ B("\xDF\xBF"), 2, 0x7FF },
		{ B("\xE0\xA0\x80"), 3, 0x800 },
		{ B("\xE4\xB8\xAD"), 3, 0x4E2D },	/* 中 */
		{ B("\xED\x9F\xBF"), 3, 0xD7FF },	/* below surrogates */
		{ B("\xEE\x80\x80"), 3, 0xE000 },	/* above surrogates */
		{ B("\xEF\xBF\xA5"), 3, 0xFFE5 },	/* ￥ */
		{ B("\xEF\xBF\xBF"), 3, 0xFFFF },
		{ B("\xF0\x90\x80\x80"), 4, 0x10000 },
		{ B("\xF0\x9F\x98\x80"), 4, 0x1F600 },
		{ B("\xF4\x8F\xBF\xBF"), 4, 0x10FFFF },
		/* only the first code point is decoded */
		{ B("ab"), 1, 0x61 },
		{ B("\xE4\xB8\xAD\xE6\x96\x87"), 3, 0x4E2D },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp = 0xDEADBEEF;
		int n = utf8_decode(cases[i].in.s, cases[i].in.len, &cp);

		if (n != cases[i].n || cp != cases[i].cp)
			fail_msg("case %zu: n %d cp U+%04X, want n %d U+%04X",
			    i, n, (unsigned)cp, cases[i].n,
			    (unsigned)cases[i].cp);
	}
}

static void
test_decode_invalid(void **state)
{
	static const struct bytes cases[] = {
		/* overlong forms */
		B("\xC0\x80"), B("\xC1\xBF"), B("\xE0\x80\x80"),
		B("\xE0\x9F\xBF"), B("\xF0\x80\x80\x80"),
		B("\xF0\x8F\xBF\xBF"),
		/* UTF-16 surrogates */
		B("\xED\xA0\x80"), B("\xED\xAD\xBF"), B("\xED\xB0\x80"),
		B("\xED\xBF\xBF"),
		/* above U+10FFFF */
		B("\xF4\x90\x80\x80"), B("\xF5\x80\x80\x80"),
		B("\xF7\xBF\xBF\xBF"), B("\xF8\x88\x80\x80\x80"),
		B("\xFE"), B("\xFF"),
		/* stray continuation bytes */
		B("\x80"), B("\xBF"), B("\x80" "A"),
		/* truncated */
		B("\xC2"), B("\xE4"), B("\xE4\xB8"), B("\xF0\x9F\x98"),
		B("\xF0"),
		/* lead byte followed by something that is not a continuation */
		B("\xE4" "AB"), B("\xC2" "A"), B("\xE4\xB8" "A"),
		B("\xF0\x9F\x98" "A"), B("\xC2\xC2\xA5"), B("\xE4\xE4\xB8\xAD"),
		B("\xC2\0"),
		/* empty */
		B(""),
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp = 0;
		int n = utf8_decode(cases[i].s, cases[i].len, &cp);

		if (n != -1)
			fail_msg("case %zu accepted: n %d cp U+%04X", i, n,
			    (unsigned)cp);
	}
}

/* len is a hard limit: a complete sequence cut short by len is refused. */
static void
test_decode_respects_len(void **state)
{
	const char *zhong = "\xE4\xB8\xAD";
	const char *grin = "\xF0\x9F\x98\x80";
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode(zhong, 3, &cp), 3);
	assert_int_equal(utf8_decode(zhong, 2, &cp), -1);
	assert_int_equal(utf8_decode(zhong, 1, &cp), -1);
	assert_int_equal(utf8_decode(zhong, 0, &cp), -1);
	assert_int_equal(utf8_decode(grin, 4, &cp), 4);
	assert_int_equal(utf8_decode(grin, 3, &cp), -1);
}

static void
test_encode(void **state)
{
	static const struct {
		uint32_t cp;
		const char *want;
	} cases[] = {
		{ 0x41, "A" },
		{ 0x7F, "\x7F" },
		{ 0x80, "\xC2\x80" },
		{ 0xA5, "\xC2\xA5" },
		{ 0x7FF, "\xDF\xBF" },
		{ 0x800, "\xE0\xA0\x80" },
		{ 0x4E2D, "\xE4\xB8\xAD" },
		{ 0xFFFF, "\xEF\xBF\xBF" },
		{ 0x10000, "\xF0\x90\x80\x80" },
		{ 0x1F600, "\xF0\x9F\x98\x80" },
		{ 0x10FFFF, "\xF4\x8F\xBF\xBF" },
	};
	char out[4];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = utf8_encode(cases[i].cp, out);
		assert_int_equal(n, (int)strlen(cases[i].want));
		assert_memory_equal(out, cases[i].want, (size_t)n);
	}
	n = utf8_encode(0, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], '\0');
}

/* Every scalar value encodes to a sequence that decodes back to itself. */
static void
test_roundtrip_all(void **state)
{
	uint32_t cp, back;
	char out[4];
	int n, want;

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		n = utf8_encode(cp, out);
		back = 0xFFFFFFFF;
		if (n != want || utf8_decode(out, (size_t)n, &back) != n ||
		    back != cp)
			fail_msg("U+%04X: encoded to %d bytes, decoded U+%04X",
			    (unsigned)cp, n, (unsigned)back);
		if (n > 1 && utf8_decode(out, (size_t)n - 1, &back) != -1)
			fail_msg("U+%04X: truncated form accepted",
			    (unsigned)cp);
	}
}

static void
test_validate(void **state)
{
	static const struct {
		struct bytes in;
		int rc;
		size_t off;
	} cases[] = {
		{ B(""), 0, 0 },
		{ B("abc"), 0, 0 },
		{ B("abc\xE4\xB8\xAD\xE6\x96\x87"), 0, 0 },
		{ B("a\0b"), 0, 0 },
		{ B("\xF0\x9F\x98\x80!"), 0, 0 },
		{ B("ab\xC0\x80" "cd"), -1, 2 },
		{ B("\xE4\xB8\xAD\xED\xA0\x80"), -1, 3 },
		{ B("abc\xE4"), -1, 3 },
		{ B("abc\xE4\xB8"), -1, 3 },
		{ B("\x80"), -1, 0 },
		{ B("x\xE4" "AB"), -1, 1 },
		{ B("\xE4\xB8\xAD\xF4\x90\x80\x80"), -1, 3 },
		/* the first bad sequence is reported, not a later one */
		{ B("ok\xFFgood\xFF"), -1, 2 },
	};
	size_t i, off;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		off = 999;
		rc = utf8_validate(cases[i].in.s, cases[i].in.len, &off);
		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d", i, rc);
		if (rc < 0 && off != cases[i].off)
			fail_msg("case %zu: offset %zu, want %zu", i, off,
			    cases[i].off);
	}
	/* bad_off may be NULL */
	assert_int_equal(utf8_validate("\xFF", 1, NULL), -1);
	assert_int_equal(utf8_validate("ok", 2, NULL), 0);
}

static void
test_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("abc", 3), 3);
	assert_int_equal(utf8_count("\xE4\xB8\xAD\xE6\x96\x87", 6), 2);
	assert_int_equal(utf8_count("a\xE4\xB8\xAD\xF0\x9F\x98\x80", 8), 3);
	assert_int_equal(utf8_count("a\0b", 3), 3);
	/* only len bytes are looked at */
	assert_int_equal(utf8_count("abcdef", 2), 2);
}

static void
expect_refused(const char *s, uint32_t want_cp, size_t want_pos,
    const char *want_what)
{
	uint32_t cp = 0;
	size_t pos = 0;
	const char *what = NULL;

	assert_int_equal(utf8_printable(s, strlen(s), &cp, &pos, &what), -1);
	assert_int_equal(cp, want_cp);
	assert_int_equal(pos, want_pos);
	assert_string_equal(what, want_what);
}

static void
test_printable(void **state)
{
	uint32_t cp;
	size_t pos;
	const char *what;
	static const char *const fine[] = {
		"马晓丽", "刘天堃", "\xF0\xA0\xAE\xB7祥云" /* 𠮷 */, "O'Brien",
		"Zoë Müller", "A-1 (二期)", "", "·・", "\xE2\x80\x8B" /* ZWSP */,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		assert_int_equal(utf8_printable(fine[i], strlen(fine[i]), &cp,
		    &pos, &what), 0);
	expect_refused("张\x1B[2J三", 0x1B, 2, "a control character");
	expect_refused("张三\x07", 0x07, 3, "a control character");
	expect_refused("张\x7F", 0x7F, 2, "a control character");
	expect_refused("张\xC2\x85", 0x85, 2, "a control character");
	expect_refused("张\xEF\xBF\xBF", 0xFFFF, 2, "a noncharacter");
	expect_refused("\xEF\xB7\x90", 0xFDD0, 1, "a noncharacter");
	expect_refused("张\xEE\x80\x80", 0xE000, 2, "a private-use character");
	expect_refused("\xF3\xB0\x80\x80", 0xF0000, 1, "a private-use character");
	expect_refused("a\xCD\xB8" /* U+0378 */, 0x378, 2,
	    "an unassigned code point");
	expect_refused("abc\xE2\x80\xAE", 0x202E, 4, "a bidirectional override");
	expect_refused("\t", 0x09, 1, "a control character");
}

/* BMP characters are one unit; U+10000 and U+10FFFF the end surrogates. */
static void
test_to_utf16(void **state)
{
	uint16_t u[2] = {0, 0};

	(void)state;
	assert_int_equal(utf8_to_utf16(0x41, u), 1);
	assert_int_equal(u[0], 0x41);
	assert_int_equal(utf8_to_utf16(0x4E2D, u), 1);	/* 中 */
	assert_int_equal(u[0], 0x4E2D);
	assert_int_equal(utf8_to_utf16(0xFFFD, u), 1);
	assert_int_equal(u[0], 0xFFFD);
	assert_int_equal(utf8_to_utf16(0x10000, u), 2);
	assert_int_equal(u[0], 0xD800);
	assert_int_equal(u[1], 0xDC00);
	assert_int_equal(utf8_to_utf16(0x20BB7, u), 2);	/* 𠮷 */
	assert_int_equal(u[0], 0xD842);
	assert_int_equal(u[1], 0xDFB7);
	assert_int_equal(utf8_to_utf16(0x10FFFF, u), 2);
	assert_int_equal(u[0], 0xDBFF);
	assert_int_equal(u[1], 0xDFFF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_decode_respects_len),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_roundtrip_all),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_to_utf16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
