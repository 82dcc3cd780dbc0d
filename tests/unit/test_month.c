/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for month.c: parsing and the messages for bad months, leap
 * years, December to January, first and last days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "month.h"

static void
test_parse(void **state)
{
	struct month m = { 0, 0 };

	(void)state;
	assert_int_equal(month_parse("2025-03", &m), 0);
	assert_int_equal(m.year, 2025);
	assert_int_equal(m.month, 3);
	assert_int_equal(month_parse("1900-01", &m), 0);
	assert_int_equal(month_parse("2999-12", &m), 0);
	assert_int_equal(m.year, 2999);
	assert_int_equal(m.month, 12);
}

static void
test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"2025-13", "2025-00", "2025-3", "2025-003", "25-03", "2025/03",
		"2025-03-01", "1899-12", "3000-01", "", "2025-", " 2025-03",
		"2025-03 ", "２０２５-03", "2025年3月",
	};
	struct month m = { 7, 7 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(month_parse(bad[i], &m), -1);
		assert_int_equal(m.year, 7);
		assert_int_equal(m.month, 7);
	}
	assert_int_equal(month_parse(NULL, &m), -1);
}

static void
test_arg_messages(void **state)
{
	struct diag *d = diag_new(NULL);
	struct month m;

	(void)state;
	assert_int_equal(month_arg("--month", "2025-03", &m, d), 0);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(month_arg("--month", "2025-13", &m, d), -1);
	assert_non_null(strstr(diag_text(d), "--month 2025-13: the month is "
	    "01 to 12 (March 2025 is --month 2025-03)"));
	assert_int_equal(month_arg("--month", "1800-01", &m, d), -1);
	assert_non_null(strstr(diag_text(d), "the year is 1900 to 2999"));
	assert_int_equal(month_arg("--compare", "2025-3", &m, d), -1);
	assert_non_null(strstr(diag_text(d), "--compare 2025-3: type four "
	    "digits of the year"));
	assert_int_equal(diag_errors(d), 3);
	assert_true(diag_has(d, DIAG_CLI_BAD_MONTH));
	diag_free(d);
}

static void
test_days(void **state)
{
	struct month feb = { 2024, 2 };

	(void)state;
	assert_int_equal(month_days(feb), 29);
	feb.year = 2025;
	assert_int_equal(month_days(feb), 28);
	feb.year = 1900;	/* divisible by 100, not by 400 */
	assert_int_equal(month_days(feb), 28);
	feb.year = 2000;	/* divisible by 400 */
	assert_int_equal(month_days(feb), 29);
	assert_int_equal(month_days((struct month){ 2025, 1 }), 31);
	assert_int_equal(month_days((struct month){ 2025, 4 }), 30);
	assert_int_equal(month_days((struct month){ 2025, 12 }), 31);
}

static void
test_prev_and_tax_year(void **state)
{
	struct month p;

	(void)state;
	p = month_prev((struct month){ 2025, 1 });
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.month, 12);
	p = month_prev((struct month){ 2025, 3 });
	assert_int_equal(p.year, 2025);
	assert_int_equal(p.month, 2);
	assert_int_equal(month_of_tax_year((struct month){ 2025, 1 }), 1);
	assert_int_equal(month_of_tax_year((struct month){ 2024, 12 }), 12);
}

static void
test_text(void **state)
{
	char s[MONTH_TEXT], day[MONTH_DAY_TEXT];

	(void)state;
	month_format((struct month){ 2025, 3 }, s);
	assert_string_equal(s, "2025-03");
	month_first_day((struct month){ 2025, 3 }, day);
	assert_string_equal(day, "2025-03-01");
	month_last_day((struct month){ 2024, 2 }, day);
	assert_string_equal(day, "2024-02-29");
	month_last_day((struct month){ 2025, 2 }, day);
	assert_string_equal(day, "2025-02-28");
	month_last_day((struct month){ 2025, 12 }, day);
	assert_string_equal(day, "2025-12-31");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_arg_messages),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_prev_and_tax_year),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
