/* SPDX-License-Identifier: MIT */
/*
 * A calendar month (year, month): parsed once from "YYYY-MM", then its
 * first and last day, the month before, its place in the tax year (the
 * calendar year in China) and its text; dates "YYYY-MM-DD" as a month and
 * a day; and months and dates as people type them into a spreadsheet.
 * The one parser of months and dates. Plain values; nothing to free.
 */
#ifndef HRP_MONTH_H
#define HRP_MONTH_H

struct diag;

struct month {
	int year;  /* 1900 to 2999 */
	int month; /* 1 to 12 */
};

/* "YYYY-MM" plus the NUL; "YYYY-MM-DD" plus the NUL. */
#define MONTH_TEXT 8
#define MONTH_DAY_TEXT 11

/*
 * s as a month: exactly four digits, '-', two digits, year 1900 to 2999,
 * month 01 to 12. Returns 0, or -1 (m untouched) when s is NULL or not one.
 */
int month_parse(const char *s, struct month *m);

/*
 * A month given on the command line with option opt ("--month"): as
 * month_parse(), but a bad one is reported as DIAG_CLI_BAD_MONTH saying
 * what to type. Returns 0, or -1 after reporting.
 */
int month_arg(const char *opt, const char *s, struct month *m, struct diag *d);

/* The number of days of m (28 to 31; February 29 in leap years). */
int month_days(struct month m);
/* The month before m (December of the year before for January). */
struct month month_prev(struct month m);
/* m's place in its tax year, 1 (January) to 12. */
int month_of_tax_year(struct month m);
/* The first (January) and last (December) month of m's tax year. */
struct month month_tax_year_first(struct month m);
struct month month_tax_year_last(struct month m);

/* "YYYY-MM" into out. */
void month_format(struct month m, char out[MONTH_TEXT]);
/* "YYYY-MM-01" and "YYYY-MM-DD" of the last day, into out. */
void month_first_day(struct month m, char out[MONTH_DAY_TEXT]);
void month_last_day(struct month m, char out[MONTH_DAY_TEXT]);
/* "YYYY-MM-DD" of day (1 to month_days(m)) of m, into out. */
void month_day_format(struct month m, int day, char out[MONTH_DAY_TEXT]);

/* ---- dates ---- */

/*
 * s as a date: exactly "YYYY-MM-DD", a day of the calendar (no February
 * 30), year 1900 to 2999. Returns 0 with *m and *day set (day may be
 * NULL), or -1 (both untouched) when s is NULL or not one.
 */
int month_parse_date(const char *s, struct month *m, int *day);

/* ---- as people type them ---- */

/*
 * A month as a spreadsheet shows it or a clerk types it: four digits of
 * the year, one of - / . 年, one or two digits of the month, then an
 * optional 月: 2025-05, 2025-5, 2025/5, 2025.5, 2025年5月, 2025年5.
 * Returns 0 with *m set, or -1 with *why saying what a month looks like
 * (a static string, to follow "\"S\" ").
 */
int month_read(const char *s, struct month *m, const char **why);

/*
 * A date as Excel shows it or a clerk types it: 2025-05-25, 2025-5-25,
 * 2025/5/25, 2025.5.25, 2025年5月25日 (日 optional), optionally followed
 * by a time (" 0:00", " 00:00:00", "T00:00:00") that is ignored; a day of
 * the calendar of the years 1900 to 2999. Returns 0 with *m and *day set,
 * or -1 with *why as for month_read().
 */
int month_read_date(const char *s, struct month *m, int *day, const char **why);

#endif
