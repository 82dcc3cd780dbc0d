/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for fmt.c: every field format on every value type, the reasons
 * given for refused values, and month/date parsing.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "fmt.h"
#include "money.h"

static struct fmt_value
vint(int64_t i)
{
	struct fmt_value v = { FMT_V_INT, i, 0, NULL };
	return v;
}

static struct fmt_value
vreal(double r)
{
	struct fmt_value v = { FMT_V_REAL, 0, r, NULL };
	return v;
}

static struct fmt_value
vtext(const char *s)
{
	struct fmt_value v = { FMT_V_TEXT, 0, 0, s };
	return v;
}

/* Format v with kind and check the text (and that nothing was refused). */
static void
check_ok(enum fmt_kind kind, struct fmt_value v, const char *want)
{
	struct buf b;
	const char *why = "unset";
	int rc;

	buf_init(&b, 0);
	rc = fmt_value(kind, &v, &b, &why);
	if (rc != 0)
		fail_msg("%s refused (%s), want \"%s\"", fmt_name(kind),
		    why ? why : "no reason", want);
	if (strcmp(buf_cstr(&b), want) != 0)
		fail_msg("%s gave \"%s\", want \"%s\"", fmt_name(kind),
		    buf_cstr(&b), want);
	buf_free(&b);
}

/* Format v with kind and check that it is refused with reason why_want. */
static void
check_refused(enum fmt_kind kind, struct fmt_value v, const char *why_want)
{
	struct buf b;
	const char *why = NULL;
	int rc;

	buf_init(&b, 0);
	buf_adds(&b, "keep");
	rc = fmt_value(kind, &v, &b, &why);
	if (rc != -1)
		fail_msg("%s accepted the value as \"%s\"", fmt_name(kind),
		    buf_cstr(&b));
	assert_non_null(why);
	assert_string_equal(why, why_want);
	/* A refused value adds nothing. */
	assert_string_equal(buf_cstr(&b), "keep");
	buf_free(&b);
}

/* ---- names ---- */

static void
test_lookup(void **state)
{
	static const struct {
		const char *name;
		enum fmt_kind kind;
	} names[] = {
		{ "text", FMT_TEXT },
		{ "int", FMT_INT },
		{ "money", FMT_MONEY },
		{ "yuan", FMT_YUAN },
		{ "cn-upper", FMT_CN_UPPER },
		{ "percent", FMT_PERCENT },
		{ "score", FMT_SCORE },
		{ "decimal", FMT_DECIMAL },
		{ "date", FMT_DATE },
		{ "month", FMT_MONTH },
	};
	size_t i;

	(void)state;
	/* every kind but mask, which needs its arguments */
	assert_int_equal(sizeof(names) / sizeof(names[0]) + 1, FMT__COUNT);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(fmt_lookup(names[i].name), names[i].kind);
		assert_string_equal(fmt_name(names[i].kind), names[i].name);
	}
	assert_int_equal(fmt_lookup(""), -1);
	assert_int_equal(fmt_lookup("Money"), -1);
	assert_int_equal(fmt_lookup("cn_upper"), -1);
	assert_int_equal(fmt_lookup("money "), -1);
	assert_int_equal(fmt_lookup("currency"), -1);
	assert_int_equal(fmt_lookup("mask"), -1);
}

/* ---- mask ---- */

static void
check_mask(const char *spec, struct fmt_value v, const char *want)
{
	struct fmt_spec f;
	struct buf b;
	const char *why = NULL;

	if (fmt_parse(spec, &f) != 0)
		fail_msg("%s not parsed", spec);
	assert_int_equal(f.kind, FMT_MASK);
	buf_init(&b, 0);
	assert_int_equal(fmt_format(&f, &v, &b, &why), 0);
	if (strcmp(buf_cstr(&b), want) != 0)
		fail_msg("%s gave \"%s\", want \"%s\"", spec, buf_cstr(&b),
		    want);
	buf_free(&b);
}

static void
test_mask(void **state)
{
	static const char *const bad[] = {"mask", "mask()", "mask(4)",
	    "mask(4,)", "mask(4,4", "mask(4,4,0)", "mask(4,4,9)",
	    "mask(33,0)", "mask(-1,4)", "mask(4, 4)", "mask(4,4)x",
	    "mask(0004,4)", "Mask(4,4)"};
	struct fmt_spec f;
	struct buf b;
	const char *why = NULL;
	size_t i;

	(void)state;
	assert_int_equal(fmt_parse("money", &f), 0);
	assert_int_equal(f.kind, FMT_MONEY);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (fmt_parse(bad[i], &f) == 0)
			fail_msg("%s accepted", bad[i]);
	assert_int_equal(fmt_parse("mask(4,4,4)", &f), 0);
	assert_int_equal(f.keep_head, 4);
	assert_int_equal(f.keep_tail, 4);
	assert_int_equal(f.group, 4);
	/* a 16-digit card in groups of four, an ID number */
	check_mask("mask(4,4,4)", vtext("6222020200111234"),
	    "6222 **** **** 1234");
	check_mask("mask(4,4)", vtext("6222020200112345678"),
	    "6222***********5678");
	check_mask("mask(6,4)", vtext("11010519491231002X"),
	    "110105********002X");
	check_mask("mask(4,4,4)", vint(6222020200111234),
	    "6222 **** **** 1234");
	/* characters, not bytes */
	check_mask("mask(1,0)", vtext("王小明"), "王**");
	check_mask("mask(1,1)", vtext("欧阳小明"), "欧**明");
	/* too short to show anything: hidden whole */
	check_mask("mask(4,4)", vtext("1234567"), "*******");
	check_mask("mask(0,0)", vtext("ab"), "**");
	check_mask("mask(2,2)", vtext(""), "");
	buf_init(&b, 0);
	assert_int_equal(fmt_parse("mask(4,4)", &f), 0);
	{
		struct fmt_value v = vreal(1.5);

		assert_int_equal(fmt_format(&f, &v, &b, &why), -1);
	}
	assert_string_equal(why, "mask takes text or an integer");
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

/* ---- NULL ---- */

static void
test_null(void **state)
{
	struct fmt_value v = { FMT_V_NULL, 7, 7.5, "not used" };
	int k;

	(void)state;
	for (k = 0; k < FMT__COUNT; k++) {
		struct buf b;
		const char *why = NULL;

		buf_init(&b, 0);
		buf_adds(&b, "a");
		assert_int_equal(fmt_value(k, &v, &b, &why), 0);
		assert_string_equal(buf_cstr(&b), "a");
		buf_free(&b);
	}
}

/* ---- each format ---- */

static void
test_text(void **state)
{
	(void)state;
	check_ok(FMT_TEXT, vtext("王小明"), "王小明");
	check_ok(FMT_TEXT, vtext(""), "");
	check_ok(FMT_TEXT, vint(12345), "12345");
	check_ok(FMT_TEXT, vint(-7), "-7");
	check_ok(FMT_TEXT, vint(INT64_MIN), "-9223372036854775808");
	check_ok(FMT_TEXT, vreal(3.5), "3.5");
	check_ok(FMT_TEXT, vreal(-0.25), "-0.25");
	check_ok(FMT_TEXT, vreal(1e20), "1e+20");
	check_refused(FMT_TEXT, vreal(INFINITY), "number is not finite");
}

static void
test_int(void **state)
{
	(void)state;
	check_ok(FMT_INT, vint(0), "0");
	check_ok(FMT_INT, vint(999), "999");
	check_ok(FMT_INT, vint(1000), "1,000");
	check_ok(FMT_INT, vint(12345), "12,345");
	check_ok(FMT_INT, vint(-1234567), "-1,234,567");
	check_ok(FMT_INT, vint(INT64_MAX), "9,223,372,036,854,775,807");
	check_ok(FMT_INT, vint(INT64_MIN), "-9,223,372,036,854,775,808");
	check_ok(FMT_INT, vtext("12345"), "12,345");
	check_ok(FMT_INT, vtext("-42"), "-42");
	check_ok(FMT_INT, vtext("-9223372036854775808"),
	    "-9,223,372,036,854,775,808");
	check_refused(FMT_INT, vreal(12.0), "expected an integer");
	check_refused(FMT_INT, vtext("12.0"), "text is not an integer");
	check_refused(FMT_INT, vtext(" 12"), "text is not an integer");
	check_refused(FMT_INT, vtext("+12"), "text is not an integer");
	check_refused(FMT_INT, vtext("1e3"), "text is not an integer");
	check_refused(FMT_INT, vtext(""), "text is not an integer");
	check_refused(FMT_INT, vtext("-"), "text is not an integer");
	check_refused(FMT_INT, vtext("9223372036854775808"),
	    "text is not an integer");
	check_refused(FMT_INT, vtext("-9223372036854775809"),
	    "text is not an integer");
}

static void
test_money(void **state)
{
	(void)state;
	check_ok(FMT_MONEY, vint(123456), "1,234.56");
	check_ok(FMT_MONEY, vint(-123456), "-1,234.56");
	check_ok(FMT_MONEY, vint(0), "0.00");
	check_ok(FMT_MONEY, vint(5), "0.05");
	check_ok(FMT_MONEY, vtext("-5"), "-0.05");
	check_ok(FMT_MONEY, vtext("100000"), "1,000.00");
	check_ok(FMT_MONEY, vint(MONEY_MAX_FEN), "100,000,000,000.00");
	check_refused(FMT_MONEY, vreal(12.0), "money must be integer fen");
	check_refused(FMT_MONEY, vreal(0.5), "money must be integer fen");
	check_refused(FMT_MONEY, vtext("12.50"), "text is not an integer");
	check_refused(FMT_MONEY, vint(MONEY_MAX_FEN + 1),
	    "amount out of range");
	check_refused(FMT_MONEY, vint(INT64_MIN), "amount out of range");

	check_ok(FMT_YUAN, vint(123456), "\xC2\xA5" "1,234.56");
	check_ok(FMT_YUAN, vint(-123456), "-\xC2\xA5" "1,234.56");
	check_ok(FMT_YUAN, vint(0), "\xC2\xA5" "0.00");
	check_ok(FMT_YUAN, vtext("99"), "\xC2\xA5" "0.99");
	check_refused(FMT_YUAN, vreal(1.0), "money must be integer fen");
	check_refused(FMT_YUAN, vint(-MONEY_MAX_FEN - 1),
	    "amount out of range");

	check_ok(FMT_CN_UPPER, vint(10011111), "壹拾万零壹佰壹拾壹元壹角壹分");
	check_ok(FMT_CN_UPPER, vint(0), "零元整");
	check_ok(FMT_CN_UPPER, vint(-105), "负壹元零伍分");
	check_ok(FMT_CN_UPPER, vtext("5"), "伍分");
	check_refused(FMT_CN_UPPER, vreal(100.0),
	    "money must be integer fen");
	check_refused(FMT_CN_UPPER, vint(MONEY_MAX_FEN + 1),
	    "amount out of range");
}

static void
test_percent(void **state)
{
	(void)state;
	check_ok(FMT_PERCENT, vint(8500), "85.00%");
	check_ok(FMT_PERCENT, vint(-50), "-0.50%");
	check_ok(FMT_PERCENT, vint(0), "0.00%");
	check_ok(FMT_PERCENT, vint(5), "0.05%");
	check_ok(FMT_PERCENT, vint(12345), "123.45%");
	check_ok(FMT_PERCENT, vint(10000), "100.00%");
	check_ok(FMT_PERCENT, vint(1000000), "10000.00%");
	check_ok(FMT_PERCENT, vtext("850"), "8.50%");
	check_ok(FMT_PERCENT, vint(INT64_MIN),
	    "-92233720368547758.08%");
	check_refused(FMT_PERCENT, vreal(0.85),
	    "percent must be integer basis points");
	check_refused(FMT_PERCENT, vtext("85%"), "text is not an integer");
}

static void
test_score(void **state)
{
	(void)state;
	check_ok(FMT_SCORE, vint(9550), "95.5");
	check_ok(FMT_SCORE, vint(10000), "100.0");
	check_ok(FMT_SCORE, vint(9500), "95.0");
	/* half away from zero, to one decimal */
	check_ok(FMT_SCORE, vint(8725), "87.3");
	check_ok(FMT_SCORE, vint(8724), "87.2");
	check_ok(FMT_SCORE, vint(8726), "87.3");
	check_ok(FMT_SCORE, vint(-8725), "-87.3");
	check_ok(FMT_SCORE, vint(-8724), "-87.2");
	check_ok(FMT_SCORE, vint(9995), "100.0");
	check_ok(FMT_SCORE, vint(0), "0.0");
	check_ok(FMT_SCORE, vint(5), "0.1");
	check_ok(FMT_SCORE, vint(4), "0.0");
	check_ok(FMT_SCORE, vint(-5), "-0.1");
	/* no "-0.0" */
	check_ok(FMT_SCORE, vint(-4), "0.0");
	check_ok(FMT_SCORE, vtext("9550"), "95.5");
	check_ok(FMT_SCORE, vint(INT64_MIN), "-92233720368547758.1");
	check_refused(FMT_SCORE, vreal(95.5),
	    "score must be integer hundredths of a point");
	check_refused(FMT_SCORE, vtext("95.5"), "text is not an integer");
}

static void
test_decimal(void **state)
{
	(void)state;
	/* as many decimals as the value has, never rounded */
	check_ok(FMT_DECIMAL, vint(8250), "82.5");
	check_ok(FMT_DECIMAL, vint(8200), "82");
	check_ok(FMT_DECIMAL, vint(8255), "82.55");
	check_ok(FMT_DECIMAL, vint(8205), "82.05");
	check_ok(FMT_DECIMAL, vint(50), "0.5");
	check_ok(FMT_DECIMAL, vint(1), "0.01");
	check_ok(FMT_DECIMAL, vint(0), "0");
	check_ok(FMT_DECIMAL, vint(-50), "-0.5");
	/* grouped like int */
	check_ok(FMT_DECIMAL, vint(123405), "1,234.05");
	check_ok(FMT_DECIMAL, vint(100000000), "1,000,000");
	check_ok(FMT_DECIMAL, vtext("9630"), "96.3");
	check_ok(FMT_DECIMAL, vint(INT64_MIN), "-92,233,720,368,547,758.08");
	check_refused(FMT_DECIMAL, vreal(82.5),
	    "decimal must be integer hundredths");
	check_refused(FMT_DECIMAL, vtext("82.5"), "text is not an integer");
}

static void
test_date(void **state)
{
	(void)state;
	check_ok(FMT_DATE, vtext("2025-03-07"), "2025年3月7日");
	check_ok(FMT_DATE, vtext("2025-12-31"), "2025年12月31日");
	check_ok(FMT_DATE, vtext("2024-02-29"), "2024年2月29日");
	check_ok(FMT_DATE, vtext("1900-01-01"), "1900年1月1日");
	check_refused(FMT_DATE, vtext("2025-02-29"), "not a date YYYY-MM-DD");
	check_refused(FMT_DATE, vtext("2025-03"), "not a date YYYY-MM-DD");
	check_refused(FMT_DATE, vtext("2025-03-07 08:00:00"),
	    "not a date YYYY-MM-DD");
	check_refused(FMT_DATE, vint(20250307), "not a date YYYY-MM-DD");
	check_refused(FMT_DATE, vreal(2025.0), "not a date YYYY-MM-DD");

	check_ok(FMT_MONTH, vtext("2025-03"), "2025年3月");
	check_ok(FMT_MONTH, vtext("2025-12"), "2025年12月");
	check_refused(FMT_MONTH, vtext("2025-13"), "not a month YYYY-MM");
	check_refused(FMT_MONTH, vtext("2025-3"), "not a month YYYY-MM");
	check_refused(FMT_MONTH, vtext("2025-03-07"), "not a month YYYY-MM");
	check_refused(FMT_MONTH, vint(202503), "not a month YYYY-MM");
}

/* Output is appended, and a capped buffer that is full refuses the value. */
static void
test_append_and_cap(void **state)
{
	struct fmt_value v = vint(123456);
	struct buf b;
	const char *why = NULL;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "合计 ");
	assert_int_equal(fmt_value(FMT_MONEY, &v, &b, &why), 0);
	assert_int_equal(fmt_value(FMT_TEXT, &v, &b, &why), 0);
	assert_string_equal(buf_cstr(&b), "合计 1,234.56123456");
	buf_free(&b);

	buf_init(&b, 6);
	assert_int_equal(fmt_value(FMT_MONEY, &v, &b, &why), -1);
	assert_non_null(why);
	assert_string_equal(buf_cstr(&b), "");
	v = vint(99);
	assert_int_equal(fmt_value(FMT_MONEY, &v, &b, &why), 0);
	assert_string_equal(buf_cstr(&b), "0.99");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_append_and_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
