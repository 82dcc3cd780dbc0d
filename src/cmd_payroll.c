/* SPDX-License-Identifier: MIT */
/*
 * hrpress payroll DB --month YYYY-MM: compute the month's pay under the
 * schemes in force, store it (replacing an earlier run of the month) and
 * print a per-department summary to stdout.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "money.h"
#include "payroll.h"
#include "utf8.h"

static const char payroll_usage[] =
    "usage: hrpress payroll DB --month YYYY-MM\n\n"
    "Compute every employee's pay for the month from the pay schemes in\n"
    "force and store it in DB as the month's pay run (an earlier run of the\n"
    "same month is replaced). Nothing is stored if any employee cannot be\n"
    "computed. Prints the totals per department.\n\n"
    "  -m, --month YYYY-MM   the month to compute\n"
    "  -h, --help            show this help\n";

/* Columns a terminal gives s: CJK and full-width characters take two. */
static int
display_width(const char *s)
{
	size_t len = strlen(s);
	uint32_t cp;
	int w = 0, n;

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n < 0) {
			n = 1;
			cp = '?';
		}
		if ((cp >= 0x1100 && cp <= 0x115f) ||
		    (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) ||
		    (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) ||
		    (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000)
			w += 2;
		else
			w += 1;
		s += n;
		len -= (size_t)n;
	}
	return w;
}

/* s, then spaces up to width columns (left-aligned). */
static void
put_left(const char *s, int width)
{
	int pad = width - display_width(s);

	fputs(s, stdout);
	while (pad-- > 0)
		putchar(' ');
}

/* Spaces, then s, ending at width columns (right-aligned). */
static void
put_right(const char *s, int width)
{
	int pad = width - display_width(s);

	while (pad-- > 0)
		putchar(' ');
	fputs(s, stdout);
}

static void
put_row(const char *name, int name_width, const struct payroll_total *t)
{
	char num[48];

	put_left(name, name_width);
	snprintf(num, sizeof(num), "%d", t->headcount);
	put_right(num, 6);
	put_right(money_format(t->gross_fen, 1, num, sizeof(num)), 16);
	put_right(money_format(t->deduction_fen, 1, num, sizeof(num)), 14);
	put_right(money_format(t->net_fen, 1, num, sizeof(num)), 16);
	putchar('\n');
}

static void
print_summary(const struct payroll_summary *s)
{
	int w = display_width("合计");
	size_t i;

	for (i = 0; i < s->ndepts; i++)
		if (display_width(s->depts[i].department_name) > w)
			w = display_width(s->depts[i].department_name);
	w += 2;
	printf("%s 工资已计算并保存\n", s->month);
	put_left("部门", w);
	put_right("人数", 6);
	put_right("应发", 16);
	put_right("扣款", 14);
	put_right("实发", 16);
	putchar('\n');
	for (i = 0; i < s->ndepts; i++)
		put_row(s->depts[i].department_name, w, &s->depts[i]);
	put_row("合计", w, &s->total);
}

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

int
cmd_payroll(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"month", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct payroll_summary *sum = NULL;
	const char *month = NULL;
	struct db *db;
	int c, rc;

	/* 0, not 1: GNU getopt then starts afresh for this subcommand. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hm:", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			month = optarg;
			break;
		case 'h':
			fputs(payroll_usage, stdout);
			return 0;
		case ':':
			diag_report(d, DIAG_CLI_MISSING_ARG, NULL, "%s",
			            argv[optind - 1]);
			return 1;
		default:
			diag_report(d, DIAG_CLI_UNKNOWN_OPTION, NULL, "%s",
			            argv[optind - 1]);
			return 1;
		}
	}
	if (argc - optind != 1 || month == NULL) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress payroll DB --month YYYY-MM");
		return 1;
	}
	if (fmt_parse_month(month, NULL, NULL) < 0) {
		diag_report(d, DIAG_CLI_BAD_MONTH, NULL, "%s", month);
		return 1;
	}
	db = db_open(argv[optind], DB_READWRITE, d);
	if (db == NULL)
		return failed(d);
	rc = payroll_run(db, month, &sum, d);
	db_close(db);
	if (rc < 0)
		return failed(d);
	print_summary(sum);
	payroll_summary_free(sum);
	return 0;
}
