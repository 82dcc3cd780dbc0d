/* SPDX-License-Identifier: MIT */
/*
 * Calendar months: "YYYY-MM" in, days and neighbouring months out; dates;
 * and the forms people type. Dates are compared as text elsewhere, so the
 * day strings are zero-padded.
 */
#include "month.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"

/* n digits of s as a number, or -1 (stops at the NUL of a short s). */
static int
digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
month_parse(const char *s, struct month *m)
{
	int y, mo;

	if (s == NULL || (y = digits(s, 4)) < 0 || s[4] != '-' ||
	    (mo = digits(s + 5, 2)) < 0 || s[7] != '\0')
		return -1;
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12)
		return -1;
	m->year = y;
	m->month = mo;
	return 0;
}

int
month_arg(const char *opt, const char *s, struct month *m, struct diag *d)
{
	int mo;

	if (month_parse(s, m) == 0)
		return 0;
	/* say which part is wrong when the shape is right */
	if (s != NULL && digits(s, 4) >= 0 && s[4] == '-' &&
	    (mo = digits(s + 5, 2)) >= 0 && s[7] == '\0') {
		if (mo < 1 || mo > 12)
			diag_report(
			    d, DIAG_CLI_BAD_MONTH, NULL,
			    "%s %s: the "
			    "month is 01 to 12 (March 2025 is %s 2025-03)",
			    opt, s, opt);
		else
			diag_report(
			    d, DIAG_CLI_BAD_MONTH, NULL,
			    "%s %s: the "
			    "year is 1900 to 2999 (March 2025 is %s 2025-03)",
			    opt, s, opt);
	} else {
		diag_report(
		    d, DIAG_CLI_BAD_MONTH, NULL,
		    "%s %s: type four "
		    "digits of the year, '-' and two of the month (March 2025 "
		    "is %s 2025-03)",
		    opt, s != NULL ? s : "", opt);
	}
	return -1;
}

int
month_days(struct month m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int y = m.year;

	if (m.month == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m.month - 1];
}

struct month
month_prev(struct month m)
{
	struct month p = m;

	if (--p.month == 0) {
		p.month = 12;
		p.year--;
	}
	return p;
}

int
month_of_tax_year(struct month m)
{
	return m.month;
}

struct month
month_tax_year_first(struct month m)
{
	m.month = 1;
	return m;
}

struct month
month_tax_year_last(struct month m)
{
	m.month = 12;
	return m;
}

void
month_format(struct month m, char out[MONTH_TEXT])
{
	snprintf(out, MONTH_TEXT, "%04u-%02u", (unsigned)m.year % 10000u,
	         (unsigned)m.month % 100u);
}

void
month_first_day(struct month m, char out[MONTH_DAY_TEXT])
{
	snprintf(out, MONTH_DAY_TEXT, "%04u-%02u-01", (unsigned)m.year % 10000u,
	         (unsigned)m.month % 100u);
}

void
month_last_day(struct month m, char out[MONTH_DAY_TEXT])
{
	snprintf(out, MONTH_DAY_TEXT, "%04u-%02u-%02u",
	         (unsigned)m.year % 10000u, (unsigned)m.month % 100u,
	         (unsigned)month_days(m) % 100u);
}

void
month_day_format(struct month m, int day, char out[MONTH_DAY_TEXT])
{
	snprintf(out, MONTH_DAY_TEXT, "%04u-%02u-%02u",
	         (unsigned)m.year % 10000u, (unsigned)m.month % 100u,
	         (unsigned)day % 100u);
}

/* Is (y, mo, day) a day of the calendar hrpress handles? */
static int
valid_day(int y, int mo, int day)
{
	struct month m;

	if (y < 1900 || y > 2999 || mo < 1 || mo > 12)
		return 0;
	m.year = y;
	m.month = mo;
	return day >= 1 && day <= month_days(m);
}

int
month_parse_date(const char *s, struct month *m, int *day)
{
	int y, mo, dd;

	if (s == NULL || (y = digits(s, 4)) < 0 || s[4] != '-' ||
	    (mo = digits(s + 5, 2)) < 0 || s[7] != '-' ||
	    (dd = digits(s + 8, 2)) < 0 || s[10] != '\0' ||
	    !valid_day(y, mo, dd))
		return -1;
	m->year = y;
	m->month = mo;
	if (day != NULL)
		*day = dd;
	return 0;
}

/*
 * min to max digits at *p, not followed by another digit: the value (*p
 * after them), or -1.
 */
static int
read_digits(const char **p, int min, int max)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < max) {
		v = v * 10 + (*(*p)++ - '0');
		n++;
	}
	return n >= min && !(**p >= '0' && **p <= '9') ? v : -1;
}

/* Skip sep at *p; 0 if it is there, else -1. */
static int
read_sep(const char **p, const char *sep)
{
	size_t n = strlen(sep);

	if (strncmp(*p, sep, n) != 0)
		return -1;
	*p += n;
	return 0;
}

/*
 * Year and month at s and the separator after the year ("-", "/", "." or
 * "年"), with *p after the month. 0 or -1.
 */
static int
read_year_month(const char *s, const char **p, int *y, int *mo,
                const char **sep)
{
	static const char *const seps[] = {"-", "/", ".", "年"};
	size_t i;

	*p = s;
	if (s == NULL || (*y = read_digits(p, 4, 4)) < 0)
		return -1;
	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
		if (read_sep(p, seps[i]) == 0)
			break;
	if (i == sizeof(seps) / sizeof(seps[0]))
		return -1;
	*sep = seps[i];
	return (*mo = read_digits(p, 1, 2)) < 0 ? -1 : 0;
}

int
month_read(const char *s, struct month *m, const char **why)
{
	const char *p, *sep;
	int y, mo;

	*why = "is not a month (2025-05, 2025/5 or 2025年5月)";
	if (read_year_month(s, &p, &y, &mo, &sep) < 0)
		return -1;
	(void)read_sep(&p, "月");
	if (*p != '\0' || y < 1900 || y > 2999 || mo < 1 || mo > 12)
		return -1;
	m->year = y;
	m->month = mo;
	return 0;
}

int
month_read_date(const char *s, struct month *m, int *day, const char **why)
{
	const char *p, *sep;
	int y, mo, dd;

	*why = "is not a date (2025-05-25, 2025/5/25, 2025.5.25 or "
	       "2025年5月25日)";
	if (read_year_month(s, &p, &y, &mo, &sep) < 0)
		return -1;
	if (strcmp(sep, "年") == 0 ? read_sep(&p, "月") < 0
	                           : read_sep(&p, sep) < 0)
		return -1;
	if ((dd = read_digits(&p, 1, 2)) < 0)
		return -1;
	if (strcmp(sep, "年") == 0)
		(void)read_sep(&p, "日");
	/* A time after the date, as a date-time cell saves: ignored. */
	if (*p == ' ' || *p == 'T') {
		const char *t = p + 1;

		if (read_digits(&t, 1, 2) >= 0 && read_sep(&t, ":") == 0 &&
		    read_digits(&t, 2, 2) >= 0) {
			if (read_sep(&t, ":") == 0 && read_digits(&t, 2, 2) < 0)
				return -1;
			p = t;
		}
	}
	if (*p != '\0')
		return -1;
	if (!valid_day(y, mo, dd)) {
		*why = "is not a day of the calendar";
		return -1;
	}
	m->year = y;
	m->month = mo;
	*day = dd;
	return 0;
}
