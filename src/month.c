/* SPDX-License-Identifier: MIT */
/*
 * Calendar months: "YYYY-MM" in, days and neighbouring months out. Dates
 * are compared as text elsewhere, so the day strings are zero-padded.
 */
#include "month.h"

#include <stdio.h>

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
