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

static void
test_tax_year(void **state)
{
	struct month m;

	(void)state;
	m = month_tax_year_first((struct month){ 2025, 7 });
	assert_int_equal(m.year, 2025);
	assert_int_equal(m.month, 1);
	m = month_tax_year_last((struct month){ 2024, 1 });
	assert_int_equal(m.year, 2024);
	assert_int_equal(m.month, 12);
}

/* Dates "YYYY-MM-DD": only days of the calendar. */
static void
test_parse_date(void **state)
{
	static const char *const good[] = {
		"2024-02-29", "2000-02-29", "2025-02-28", "2025-01-31",
		"2025-04-30", "2025-12-31", "1900-01-01", "2999-12-31",
	};
	static const char *const bad[] = {
		"2025-02-29", "1900-02-29", "2100-02-29", "2025-03-00",
		"2025-04-31", "2025-06-31", "2025-09-31", "2025-11-31",
		"2025-01-32", "2025-13-01", "2025-00-10", "2025-3-7",
		"2025-03-7", "2025-03-07T00", "2025-03", "2025-03-07 ",
		"2025/03/07", "1899-12-31", "3000-01-01", "", "2025-03-0x",
	};
	struct month m = { 0, 0 };
	int d = 0;
	size_t i;

	(void)state;
	assert_int_equal(month_parse_date("2025-03-07", &m, &d), 0);
	assert_int_equal(m.year, 2025);
	assert_int_equal(m.month, 3);
	assert_int_equal(d, 7);
	assert_int_equal(month_parse_date("2024-02-29", &m, NULL), 0);
	assert_int_equal(m.month, 2);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (month_parse_date(good[i], &m, &d) != 0)
			fail_msg("refused date \"%s\"", good[i]);
	m.year = m.month = d = 7;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (month_parse_date(bad[i], &m, &d) != -1)
			fail_msg("accepted date \"%s\"", bad[i]);
	assert_int_equal(month_parse_date(NULL, &m, &d), -1);
	assert_int_equal(m.year, 7);
	assert_int_equal(d, 7);
}

/* Dates and months in every form Excel shows or people type. */
static void
test_read(void **state)
{
	static const char *const dates[][2] = {
	    {"2025-05-25", "2025-05-25"}, {"2025-5-25", "2025-05-25"},
	    {"2025/5/25", "2025-05-25"}, {"2025/05/05", "2025-05-05"},
	    {"2025.5.25", "2025-05-25"}, {"2025年5月25日", "2025-05-25"},
	    {"2025年5月25", "2025-05-25"}, {"2024/2/29", "2024-02-29"},
	    {"2025/5/25 0:00", "2025-05-25"},
	    {"2025-05-25 00:00:00", "2025-05-25"},
	    {"2025-05-25T00:00:00", "2025-05-25"}};
	static const char *const bad_dates[] = {"2025-5", "2025/5/25/1",
	    "2025-5/25", "25/5/2025", "2025年5月", "2025-02-29", "2025-13-01",
	    "2025-05-32", "2025/5/0", "20250525", "2025-05-25 x", "",
	    "2025年5-25", "２０２５-5-25", "1899-12-31", "2025/5/25 1:2"};
	/* 月 may follow any form, or be left out after 年 */
	static const char *const months[][2] = {
	    {"2025-05", "2025-05"}, {"2025-5", "2025-05"},
	    {"2025/5", "2025-05"}, {"2025.12", "2025-12"},
	    {"2025年5月", "2025-05"}, {"2025年5", "2025-05"},
	    {"2025/4月", "2025-04"}, {"1900-1", "1900-01"}};
	static const char *const bad_months[] = {"2025-13", "2025-0", "2025",
	    "2025-05-01", "5/2025", "2025-005", "", "2025年", "2025年5月1日",
	    "1899-12", "3000-01", "2025 5", "2025-5 "};
	char text[MONTH_DAY_TEXT];
	const char *why = NULL;
	struct month m;
	size_t i;
	int d;

	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		assert_int_equal(month_read_date(dates[i][0], &m, &d, &why), 0);
		month_day_format(m, d, text);
		assert_string_equal(text, dates[i][1]);
	}
	for (i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++)
		if (month_read_date(bad_dates[i], &m, &d, &why) == 0)
			fail_msg("date \"%s\" accepted", bad_dates[i]);
	assert_int_equal(month_read_date("2025-02-29", &m, &d, &why), -1);
	assert_string_equal(why, "is not a day of the calendar");
	assert_int_equal(month_read_date("2025年5月", &m, &d, &why), -1);
	assert_non_null(strstr(why, "is not a date (2025-05-25"));
	for (i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		assert_int_equal(month_read(months[i][0], &m, &why), 0);
		month_format(m, text);
		assert_string_equal(text, months[i][1]);
	}
	for (i = 0; i < sizeof(bad_months) / sizeof(bad_months[0]); i++)
		if (month_read(bad_months[i], &m, &why) == 0)
			fail_msg("month \"%s\" accepted", bad_months[i]);
	assert_string_equal(why, "is not a month (2025-05, 2025/5 or "
	    "2025年5月)");
	assert_int_equal(month_read(NULL, &m, &why), -1);
	month_day_format((struct month){ 2025, 3 }, 7, text);
	assert_string_equal(text, "2025-03-07");
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
		cmocka_unit_test(test_tax_year),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
