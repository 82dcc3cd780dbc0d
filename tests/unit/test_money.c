/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for money.c: the rounding rule, range checks, parsing of yuan
 * amounts, digit formatting and the Chinese uppercase amount.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"

#define MAX MONEY_MAX_FEN

/* ---- money_muldiv, money_apply_bp, money_add ---- */

struct muldiv_case {
	int64_t amount, num, den;
	int rc;
	int64_t want;
};

static void
test_muldiv_rounding(void **state)
{
	static const struct muldiv_case cases[] = {
		/* exact */
		{ 10, 3, 1, 0, 30 },
		{ -10, 3, 1, 0, -30 },
		{ 0, 12345, 7, 0, 0 },
		/* half goes away from zero, on both sides */
		{ 5, 1, 10, 0, 1 },
		{ -5, 1, 10, 0, -1 },
		{ 5, -1, 10, 0, -1 },
		{ -5, -1, 10, 0, 1 },
		{ 15, 1, 10, 0, 2 },
		{ -15, 1, 10, 0, -2 },
		/* not banker's rounding: 2.5 → 3, not 2 */
		{ 25, 1, 10, 0, 3 },
		{ -25, 1, 10, 0, -3 },
		{ 1, 1, 2, 0, 1 },
		{ -1, 1, 2, 0, -1 },
		/* below half goes toward zero */
		{ 4, 1, 10, 0, 0 },
		{ -4, 1, 10, 0, 0 },
		{ 149, 1, 100, 0, 1 },
		{ -149, 1, 100, 0, -1 },
		{ 1, 1, 3, 0, 0 },
		/* above half goes away from zero */
		{ 2, 1, 3, 0, 1 },
		{ -2, 1, 3, 0, -1 },
		{ 151, 1, 100, 0, 2 },
		{ -151, 1, 100, 0, -2 },
		/* a product beyond int64 with an exact .5 in the quotient */
		{ INT64_C(2000000000001), 1000000000, 2000000000, 0,
		    INT64_C(1000000000001) },
		{ INT64_C(-2000000000001), 1000000000, 2000000000, 0,
		    INT64_C(-1000000000001) },
		{ INT64_MAX, 2, INT64_MAX, 0, 2 },
		{ INT64_MIN + 1, 3, INT64_MAX, 0, -3 },
		{ MAX, 1000000000, 1000000000, 0, MAX },
		{ -MAX, 1000000000, 1000000000, 0, -MAX },
		/* range: exactly MONEY_MAX_FEN passes, one more does not */
		{ MAX, 1, 1, 0, MAX },
		{ -MAX, 1, 1, 0, -MAX },
		{ MAX + 1, 1, 1, -1, 0 },
		{ -MAX - 1, 1, 1, -1, 0 },
		{ 2 * MAX - 1, 1, 2, 0, MAX },
		{ 2 * MAX + 1, 1, 2, -1, 0 },
		{ -2 * MAX - 1, 1, 2, -1, 0 },
		{ MAX, 10001, 10000, -1, 0 },
		/* huge products are refused, not wrapped */
		{ INT64_MAX, INT64_MAX, 1, -1, 0 },
		{ INT64_MIN, INT64_MIN, INT64_MAX, -1, 0 },
		{ INT64_MIN, 1, 1, -1, 0 },
		{ INT64_MAX, INT64_MAX, INT64_MAX, -1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct muldiv_case *c = &cases[i];
		int64_t out = 42;
		int rc = money_muldiv(c->amount, c->num, c->den, &out);

		if (rc != c->rc || (rc == 0 && out != c->want))
			fail_msg("case %zu: %lld * %lld / %lld: rc %d out %lld,"
			    " want rc %d out %lld", i, (long long)c->amount,
			    (long long)c->num, (long long)c->den, rc,
			    (long long)out, c->rc, (long long)c->want);
	}
}

static void
test_apply_bp(void **state)
{
	int64_t out;

	(void)state;
	/* 100.00 yuan at 8.5% */
	assert_int_equal(money_apply_bp(10000, 850, &out), 0);
	assert_int_equal(out, 850);
	/* 123.45 yuan at 33.33% = 41.145885 → 41.15 */
	assert_int_equal(money_apply_bp(12345, 3333, &out), 0);
	assert_int_equal(out, 4115);
	/* 0.5 fen rounds up, 0.4999 fen rounds down */
	assert_int_equal(money_apply_bp(5000, 1, &out), 0);
	assert_int_equal(out, 1);
	assert_int_equal(money_apply_bp(4999, 1, &out), 0);
	assert_int_equal(out, 0);
	assert_int_equal(money_apply_bp(-5000, 1, &out), 0);
	assert_int_equal(out, -1);
	assert_int_equal(money_apply_bp(5000, -1, &out), 0);
	assert_int_equal(out, -1);
	assert_int_equal(money_apply_bp(-4999, 1, &out), 0);
	assert_int_equal(out, 0);
	/* 100% and 0% */
	assert_int_equal(money_apply_bp(987654321, 10000, &out), 0);
	assert_int_equal(out, 987654321);
	assert_int_equal(money_apply_bp(987654321, 0, &out), 0);
	assert_int_equal(out, 0);
	/* 200% of the largest amount is out of range */
	assert_int_equal(money_apply_bp(MAX, 20000, &out), -1);
	assert_int_equal(money_apply_bp(MAX, 10000, &out), 0);
	assert_int_equal(out, MAX);
	assert_int_equal(money_apply_bp(INT64_MAX, INT64_MAX, &out), -1);
}

static void
test_add(void **state)
{
	int64_t out;

	(void)state;
	assert_int_equal(money_add(150, 250, &out), 0);
	assert_int_equal(out, 400);
	assert_int_equal(money_add(1, -1, &out), 0);
	assert_int_equal(out, 0);
	assert_int_equal(money_add(MAX - 1, 1, &out), 0);
	assert_int_equal(out, MAX);
	assert_int_equal(money_add(MAX, 1, &out), -1);
	assert_int_equal(money_add(-MAX, -1, &out), -1);
	assert_int_equal(money_add(-MAX, 0, &out), 0);
	assert_int_equal(out, -MAX);
	/* would overflow int64 itself */
	assert_int_equal(money_add(INT64_MAX, INT64_MAX, &out), -1);
	assert_int_equal(money_add(INT64_MIN, INT64_MIN, &out), -1);
	/* out-of-range operands whose sum is in range */
	assert_int_equal(money_add(INT64_MAX, -INT64_MAX + 5, &out), 0);
	assert_int_equal(out, 5);
}

/* ---- money_parse_yuan ---- */

static void
test_parse_accept(void **state)
{
	static const struct {
		const char *s;
		int64_t fen;
	} cases[] = {
		{ "1234", 123400 },
		{ "1,234.5", 123450 },
		{ "-0.01", -1 },
		{ "\xC2\xA5" "1234.56", 123456 },	/* ¥ */
		{ "\xEF\xBF\xA5" "12", 1200 },		/* ￥ */
		{ "0", 0 },
		{ "-0", 0 },
		{ "0.5", 50 },
		{ "0.05", 5 },
		{ "12.30", 1230 },
		{ "999", 99900 },
		{ "1,234,567.89", 123456789 },
		{ "12,345", 1234500 },
		{ "-1,000", -100000 },
		{ "-\xC2\xA5" "12.3", -1230 },
		{ "\xC2\xA5" "-12", -1200 },
		{ "\xEF\xBF\xA5" "1,000.01", 100001 },
		{ "0012", 1200 },
		/* the largest accepted amount: 1000 亿元 */
		{ "100000000000", MAX },
		{ "100,000,000,000.00", MAX },
		{ "-100,000,000,000", -MAX },
		{ "99,999,999,999.99", MAX - 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t fen = 42;

		if (money_parse_yuan(cases[i].s, &fen) != 0)
			fail_msg("refused \"%s\"", cases[i].s);
		if (fen != cases[i].fen)
			fail_msg("\"%s\" gave %lld, want %lld", cases[i].s,
			    (long long)fen, (long long)cases[i].fen);
	}
}

static void
test_parse_reject(void **state)
{
	static const char *const cases[] = {
		"1,23", "1.234", "", "abc", "1e3", " 12", "12 ", "+12",
		"12.", ".5", "-.5", "1,2345", "12,345,67", "1234,567",
		"0,123", ",123", "1,,234", "1,234,", "1,234.", "1.2.3",
		"1..2", "-", "--1", "-\xC2\xA5-1", "\xC2\xA5", "\xC2\xA5 12",
		"12\xC2\xA5", "\xC2" "12", "\xEF\xBF" "12", "1 234",
		"\xEF\xBC\x91\xEF\xBC\x92",	/* fullwidth digits １２ */
		"12,34.5", "1_000", "0x10", "1.5e2", "NaN", "12-",
		"\xC2\xA5\xC2\xA5" "1",
		/* out of range, and far out of int64 */
		"100000000000.01", "100,000,000,001", "-100000000000.01",
		"99999999999999999999999999", "9223372036854775807",
		"92233720368547758.07",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t fen = 42;

		if (money_parse_yuan(cases[i], &fen) != -1)
			fail_msg("accepted \"%s\" as %lld", cases[i],
			    (long long)fen);
	}
}

/* ---- money_format ---- */

static void
test_format(void **state)
{
	static const struct {
		int64_t fen;
		const char *grouped, *plain;
	} cases[] = {
		{ 0, "0.00", "0.00" },
		{ 5, "0.05", "0.05" },
		{ -5, "-0.05", "-0.05" },
		{ 50, "0.50", "0.50" },
		{ 100, "1.00", "1.00" },
		{ 99999, "999.99", "999.99" },
		{ 100000, "1,000.00", "1000.00" },
		{ 123456, "1,234.56", "1234.56" },
		{ -123456, "-1,234.56", "-1234.56" },
		{ 12345678, "123,456.78", "123456.78" },
		{ 123456789012, "1,234,567,890.12", "1234567890.12" },
		{ MAX, "100,000,000,000.00", "100000000000.00" },
		{ -MAX, "-100,000,000,000.00", "-100000000000.00" },
		{ INT64_MAX, "92,233,720,368,547,758.07",
		    "92233720368547758.07" },
		{ INT64_MIN, "-92,233,720,368,547,758.08",
		    "-92233720368547758.08" },
	};
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_ptr_equal(money_format(cases[i].fen, 1, out,
		    sizeof(out)), out);
		assert_string_equal(out, cases[i].grouped);
		memset(out, 'x', sizeof(out));
		assert_ptr_equal(money_format(cases[i].fen, 0, out,
		    sizeof(out)), out);
		assert_string_equal(out, cases[i].plain);
	}
}

/* Formatting and parsing agree on every amount tried. */
static void
test_format_parse_roundtrip(void **state)
{
	static const int64_t amounts[] = {
		0, 1, -1, 99, 100, 101, 123456, -987654321, MAX, -MAX,
		MAX - 1, 100000000000,
	};
	char out[32];
	size_t i;
	int g;

	(void)state;
	for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++)
		for (g = 0; g < 2; g++) {
			int64_t back = 42;

			money_format(amounts[i], g, out, sizeof(out));
			assert_int_equal(money_parse_yuan(out, &back), 0);
			assert_int_equal(back, amounts[i]);
		}
}

/* ---- money_cn_upper ---- */

static void
test_cn_upper(void **state)
{
	/*
	 * Each expected string was worked out by hand from the cheque rules
	 * documented in money.c.
	 */
	static const struct {
		int64_t fen;
		const char *want;
	} cases[] = {
		{ 10011111, "壹拾万零壹佰壹拾壹元壹角壹分" },
		{ 0, "零元整" },
		{ 100, "壹元整" },
		{ 1000, "壹拾元整" },
		{ 2000, "贰拾元整" },
		{ 1100, "壹拾壹元整" },
		{ 100000000, "壹佰万元整" },
		{ 5, "伍分" },
		{ 50, "伍角" },
		{ 55, "伍角伍分" },
		{ 105, "壹元零伍分" },
		{ 150, "壹元伍角" },
		{ 1050, "壹拾元伍角" },
		{ 10000000000, "壹亿元整" },
		{ 100100000, "壹佰万零壹仟元整" },
		{ 1001000, "壹万零壹拾元整" },
		{ 2000000001, "贰仟万元零壹分" },
		{ 100000001, "壹佰万元零壹分" },
		{ 1000010, "壹万元壹角" },
		{ 100100, "壹仟零壹元整" },
		{ 110000, "壹仟壹佰元整" },
		{ 10000000, "壹拾万元整" },
		{ 140950, "壹仟肆佰零玖元伍角" },
		{ 600714, "陆仟零柒元壹角肆分" },
		{ 1640902, "壹万陆仟肆佰零玖元零贰分" },
		{ 168032, "壹仟陆佰捌拾元叁角贰分" },
		{ 10700053, "壹拾万零柒仟元伍角叁分" },
		{ 10000000100, "壹亿零壹元整" },
		{ 10001000000, "壹亿零壹万元整" },
		{ 50000000010, "伍亿元壹角" },
		{ 100000000000, "壹拾亿元整" },
		{ 1010101010100, "壹佰零壹亿零壹佰零壹万零壹佰零壹元整" },
		{ 123456789012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分" },
		{ MAX, "壹仟亿元整" },
		{ MAX - 1,
		    "玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
		{ -12345, "负壹佰贰拾叁元肆角伍分" },
		{ -5, "负伍分" },
		{ -100, "负壹元整" },
		{ -MAX, "负壹仟亿元整" },
	};
	char out[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		if (money_cn_upper(cases[i].fen, out, sizeof(out)) != 0)
			fail_msg("%lld refused", (long long)cases[i].fen);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("%lld: got %s, want %s",
			    (long long)cases[i].fen, out, cases[i].want);
	}
}

static void
test_cn_upper_range(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(money_cn_upper(MAX + 1, out, sizeof(out)), -1);
	assert_int_equal(money_cn_upper(-MAX - 1, out, sizeof(out)), -1);
	assert_int_equal(money_cn_upper(INT64_MAX, out, sizeof(out)), -1);
	assert_int_equal(money_cn_upper(INT64_MIN, out, sizeof(out)), -1);
}

/* The largest and smallest __int128, built without overflow. */
#define I128_MAX ((__int128)(((unsigned __int128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)

static void
test_div_round(void **state)
{
	(void)state;
	/* Half away from zero, both signs. */
	assert_true(money_div_round(5, 10) == 1);
	assert_true(money_div_round(-5, 10) == -1);
	assert_true(money_div_round(4, 10) == 0);
	assert_true(money_div_round(-4, 10) == 0);
	assert_true(money_div_round(15, 10) == 2);
	assert_true(money_div_round(-25, 10) == -3);
	assert_true(money_div_round(7, 1) == 7);
	/* 2 * remainder would overflow here: still exact. */
	assert_true(money_div_round(I128_MAX, I128_MAX - 1) == 1);
	assert_true(money_div_round(I128_MAX - 1, I128_MAX) == 1);
	assert_true(money_div_round(I128_MAX / 2, I128_MAX) == 0);
	assert_true(money_div_round(I128_MIN, I128_MAX) == -1);
	assert_true(money_div_round(I128_MIN, 1) == I128_MIN);
}

static void
test_rational(void **state)
{
	struct money_q x, y;

	(void)state;
	/* 1/3 + 1/6 = 1/2, reduced. */
	x = money_q_make(1, 3);
	assert_int_equal(money_q_add(&x, money_q_make(1, 6)), 0);
	assert_true(x.n == 1 && x.d == 2);
	assert_int_equal(money_q_round(x), 1);
	/* A denominator past the cap is rescaled to 10^-9, rounded. */
	x = money_q_make(1, 3);
	assert_int_equal(money_q_mul(&x, money_q_make(1, 1000000000)), 0);
	assert_true(x.d == MONEY_Q_DEN_CAP && x.n == 0);
	x = money_q_make(2, 3);
	assert_int_equal(money_q_mul(&x, money_q_make(1, 1000000000)), 0);
	assert_true(x.d == MONEY_Q_DEN_CAP && x.n == 1);
	/* 10^30 / (999999937 * 999999929), exact before the rescale. */
	x = money_q_make(INT64_C(1000000000000), 999999937);
	assert_int_equal(money_q_norm(&x), 0);
	assert_int_equal(money_q_mul(&x, money_q_make(
	    INT64_C(1000000000000000000), 999999929)), 0);
	assert_true(x.d == MONEY_Q_DEN_CAP);
	assert_true(x.n == (__int128)INT64_C(1000000134000) * 1000000000 +
	                   13483001);
	assert_int_equal(money_q_round(x), INT64_C(1000000134000));
	/* Out of range: refused, never wrapped. */
	x = money_q_make(MONEY_MAX_FEN, 1);
	assert_int_equal(money_q_mul(&x, money_q_make(MONEY_MAX_FEN, 1)), -1);
	x = money_q_make(I128_MAX, 1);
	assert_int_equal(money_q_add(&x, money_q_make(1, 1)), -1);
	x = money_q_make(I128_MIN, 3);
	assert_int_equal(money_q_norm(&x), -1);
	x = money_q_make(1, 1);
	assert_int_equal(money_q_div(&x, money_q_make(I128_MIN, 1)), -1);
	/* Division by a negative value. */
	x = money_q_make(3, 1);
	assert_int_equal(money_q_div(&x, money_q_make(-6, 1)), 0);
	assert_true(x.n == -1 && x.d == 2);
	assert_int_equal(money_q_round(x), -1);
	/* Rounding beyond int64_t clamps instead of wrapping. */
	assert_true(money_q_round(money_q_make(I128_MAX, 1)) == INT64_MAX);
	assert_true(money_q_round(money_q_make(I128_MIN, 1)) == INT64_MIN);
	/* Comparison is exact where cross products would overflow. */
	x = money_q_make(I128_MAX, I128_MAX - 1);
	y = money_q_make(I128_MAX - 1, I128_MAX - 2);
	assert_int_equal(money_q_cmp(x, y), -1);
	assert_int_equal(money_q_cmp(y, x), 1);
	assert_int_equal(money_q_cmp(x, x), 0);
	assert_int_equal(money_q_cmp(money_q_make(-1, 2), money_q_make(1, 3)),
	                 -1);
	assert_int_equal(money_q_cmp(money_q_make(-1, 2), money_q_make(-1, 3)),
	                 -1);
	assert_int_equal(money_q_cmp(money_q_make(2, 4), money_q_make(1, 2)),
	                 0);
	assert_int_equal(money_q_cmp(money_q_make(0, 4), money_q_make(0, 9)),
	                 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_muldiv_rounding),
		cmocka_unit_test(test_apply_bp),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_parse_accept),
		cmocka_unit_test(test_parse_reject),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_parse_roundtrip),
		cmocka_unit_test(test_cn_upper),
		cmocka_unit_test(test_cn_upper_range),
		cmocka_unit_test(test_div_round),
		cmocka_unit_test(test_rational),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
