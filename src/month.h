/* SPDX-License-Identifier: MIT */
/*
 * A calendar month (year, month): parsed once from "YYYY-MM", then its
 * first and last day, the month before, its place in the tax year (the
 * calendar year in China) and its text. Plain values; nothing to free.
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

/* "YYYY-MM" into out. */
void month_format(struct month m, char out[MONTH_TEXT]);
/* "YYYY-MM-01" and "YYYY-MM-DD" of the last day, into out. */
void month_first_day(struct month m, char out[MONTH_DAY_TEXT]);
void month_last_day(struct month m, char out[MONTH_DAY_TEXT]);

#endif
