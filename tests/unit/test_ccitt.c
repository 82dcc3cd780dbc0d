/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for ccitt.c: small pictures whose T.6 code is worked out by
 * hand from the code tables of ITU-T T.4/T.6 (vertical, horizontal and
 * pass modes, the EOFB at the end, bits past the width ignored). The
 * decoders of poppler and mupdf check the long runs and every code in
 * tests/e2e/ccitt.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ccitt.h"

/* EOFB: two EOL codes. */
#define EOFB "000000000001000000000001"

/* Bits written as '0' and '1' (spaces ignored) packed MSB first. */
static size_t
pack(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;

	memset(out, 0, cap);
	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		assert_true(n / 8 < cap);
		if (*s == '1')
			out[n / 8] |= (unsigned char)(0x80u >> (n % 8));
		n++;
	}
	return (n + 7) / 8;
}

/* Encode and compare with the hand-made code. */
static void
expect(const unsigned char *bits, int w, int h, size_t row, const char *code)
{
	unsigned char want[64];
	size_t want_len = pack(code, want, sizeof(want));
	size_t len = 0;
	unsigned char *got = ccitt_g4_encode(bits, w, h, row, &len);

	assert_non_null(got);
	assert_int_equal(len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
}

/* A white row is one V0 against the imaginary white row above. */
static void
test_white(void **state)
{
	static const unsigned char bits[] = {0xff};

	(void)state;
	expect(bits, 8, 1, 1, "1" EOFB);
}

/*
 * A black row: horizontal mode, white run 0 (00110101), black run 8
 * (000101).
 */
static void
test_black(void **state)
{
	static const unsigned char bits[] = {0x00};

	(void)state;
	expect(bits, 8, 1, 1, "001 00110101 000101" EOFB);
}

/*
 * Two black pixels at 2-3: horizontal mode (white 2 = 0111, black 2 =
 * 11) then V0 for the end of the row; the same row again is three V0.
 * The bits past the width 8 (in the second byte) do not count.
 */
static void
test_vertical(void **state)
{
	static const unsigned char bits[] = {0xcf, 0x00, 0xcf, 0x55};

	(void)state;
	expect(bits, 8, 2, 2,
	       "001 0111 11 1"
	       "111" EOFB);
}

/*
 * The edges move one pixel right (VR1 = 011) and then one left of the
 * row above (VL1 = 010); a black pixel below white ends the row.
 */
static void
test_shift(void **state)
{
	/* row 1: black at 2-3; row 2: black at 3-4; row 3: black at 2-3 */
	static const unsigned char bits[] = {0xcf, 0xe7, 0xcf};

	(void)state;
	expect(bits, 8, 3, 1,
	       "001 0111 11 1"
	       "011 011 1"
	       "010 010 1" EOFB);
}

/*
 * Pass mode (0001): the row above has a black run at 1-2 that ends
 * before this row's first black pixel at 5, so b2 (3) < a1 (5).
 */
static void
test_pass(void **state)
{
	/* row 1: black at 1-2; row 2: black at 5 */
	static const unsigned char bits[] = {0x9f, 0xfb};

	(void)state;
	/* row 1: H, white 1 (000111), black 2 (11); then V0 to the end.
	 * row 2: P (a0 = 3); a1 = 5 against b1 = 8, the end: VL3
	 * (0000010); a1 = 6 against 8: VL2 (000010); then V0. */
	expect(bits, 8, 2, 1,
	       "001 000111 11 1"
	       "0001 0000010 000010 1" EOFB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_white),    cmocka_unit_test(test_black),
	    cmocka_unit_test(test_vertical), cmocka_unit_test(test_shift),
	    cmocka_unit_test(test_pass),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
