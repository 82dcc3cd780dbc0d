/* SPDX-License-Identifier: MIT */
/*
 * hrpress payroll DB --month YYYY-MM: compute the month's pay under the
 * schemes in force, store it (replacing an earlier run of the month) and
 * print a per-department summary to stdout.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "closing.h"
#include "db.h"
#include "buf.h"
#include "diag.h"
#include "month.h"
#include "export.h"
#include "fmt.h"
#include "money.h"
#include "payroll.h"
#include "review.h"
#include "utf8.h"
#include "xmem.h"

static const char payroll_usage[] =
    "usage: hrpress payroll DB --month YYYY-MM\n"
    "               [--format csv|wide-csv|json [--bom] [--raw]]\n\n"
    "Compute every employee's pay for the month from the pay schemes in\n"
    "force and store it in DB as the month's pay run (an earlier run of the\n"
    "same month is replaced). Nothing is stored if any employee cannot be\n"
    "computed; those employees are listed with the reason. Prints the\n"
    "totals per department.\n\n"
    "With --format, nothing is computed: the month's stored run is printed\n"
    "line by line (employee, rule code, category, basis, amount in yuan);\n"
    "wide-csv prints the 工资表: one row per employee, one column per pay\n"
    "item, department subtotals and the total (see also hrpress export).\n\n"
    "  -m, --month YYYY-MM     the month\n"
    "  -f, --format csv|wide-csv|json\n"
    "                          print the stored run instead of computing\n"
    "      --bom               csv, wide-csv: begin with a UTF-8 BOM (for\n"
    "                          Excel)\n"
    "      --raw               csv, wide-csv: keep text beginning with\n"
    "                          = + - @ as it is (default: a leading ')\n"
    "  -h, --help              show this help\n";

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
	put_right(money_format(t->gross_fen, 1, num, sizeof(num)), 14);
	put_right(money_format(t->si_fen, 1, num, sizeof(num)), 14);
	put_right(money_format(t->tax_fen, 1, num, sizeof(num)), 12);
	put_right(money_format(t->deduction_fen, 1, num, sizeof(num)), 14);
	put_right(money_format(t->net_fen, 1, num, sizeof(num)), 14);
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
	put_right("应发", 14);
	put_right("社保公积金", 14);
	put_right("个税", 12);
	put_right("扣款合计", 14);
	put_right("实发", 14);
	putchar('\n');
	for (i = 0; i < s->ndepts; i++)
		put_row(s->depts[i].department_name, w, &s->depts[i]);
	put_row("合计", w, &s->total);
}

/* After a failed run: who could not be computed, and why. */
static void
print_failures(const struct payroll_summary *s)
{
	size_t i;

	if (s == NULL || s->nfailed == 0)
		return;
	printf("%s 工资未保存：%zu 名员工无法计算\n", s->month, s->nfailed);
	for (i = 0; i < s->nfailed; i++)
		printf("  %s %s: %s\n", s->failed[i].employee_id,
		       s->failed[i].name, s->failed[i].reason);
	printf("Correct the data and run payroll again, or add "
	       "--accept-missing to store the others\n"
	       "and leave these employees unpaid this month.\n");
}

/* After a run with --accept-missing: who was not paid, and why. */
static void
print_unpaid(const struct payroll_summary *s)
{
	size_t i;

	if (s->nfailed == 0)
		return;
	printf(PAYROLL_UNPAID_NAME "：%zu 名员工\n", s->nfailed);
	for (i = 0; i < s->nfailed; i++)
		printf("  %s %s: %s\n", s->failed[i].employee_id,
		       s->failed[i].name, s->failed[i].reason);
}

/*
 * A CSV field per RFC 4180, and text a spreadsheet would run as a formula
 * neutralised unless raw (export.h).
 */
static void
csv_field(const char *s, int raw)
{
	struct buf b;

	buf_init(&b, 0);
	export_csv_text(&b, s, !raw);
	fputs(buf_cstr(&b), stdout);
	buf_free(&b);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
json_string(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void
print_stored(const struct payroll_stored_line *l, long n, int json,
             const struct export_opts *o)
{
	char yuan[48];
	long i;

	if (!json && o->bom)
		fputs("\xef\xbb\xbf", stdout);
	if (!json)
		fputs("employee_id,employee_name,seq,rule_code,name,category,"
		      "basis,amount_yuan\r\n",
		      stdout);
	else
		fputs("[", stdout);
	for (i = 0; i < n; i++) {
		money_format(l[i].amount_fen, 0, yuan, sizeof(yuan));
		if (json) {
			fputs(i ? ",\n {" : "\n {", stdout);
			fputs("\"employee_id\": ", stdout);
			json_string(l[i].employee_id);
			fputs(", \"employee_name\": ", stdout);
			json_string(l[i].employee_name);
			printf(", \"seq\": %d, \"rule_code\": ", l[i].seq);
			json_string(l[i].rule_code);
			fputs(", \"name\": ", stdout);
			json_string(l[i].name);
			fputs(", \"category\": ", stdout);
			json_string(l[i].category);
			fputs(", \"basis\": ", stdout);
			json_string(l[i].basis);
			printf(", \"amount_yuan\": \"%s\"}", yuan);
			continue;
		}
		csv_field(l[i].employee_id, o->raw);
		putchar(',');
		csv_field(l[i].employee_name, o->raw);
		printf(",%d,", l[i].seq);
		csv_field(l[i].rule_code, o->raw);
		putchar(',');
		csv_field(l[i].name, o->raw);
		putchar(',');
		csv_field(l[i].category, o->raw);
		putchar(',');
		csv_field(l[i].basis, o->raw);
		printf(",%s\r\n", yuan);
	}
	if (json)
		fputs(n ? "\n]\n" : "]\n", stdout);
}

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

/* --format: print the stored run; computing nothing, writing nothing. */
static int export(const char *path, const char *month, const char *format,
                  const struct export_opts *o, struct diag *d)
{
	struct payroll_stored_line *lines;
	struct export_book *b;
	struct arena *a;
	struct db *db;
	long n;
	int found, rc;

	db = db_open(path, DB_READONLY, d);
	if (db == NULL)
		return failed(d);
	if (closing_run_fresh(db, month, 0, d) < 0) {
		db_close(db);
		return failed(d);
	}
	if (strcmp(format, "wide-csv") == 0) {
		b = export_payroll_wide(db, month, d);
		db_close(db);
		rc = b != NULL ? export_write_csv(b, "-", o, d) : -1;
		export_book_free(b);
		return rc < 0 ? failed(d) : 0;
	}
	a = arena_new();
	n = payroll_stored(db, month, a, &lines, &found, d);
	db_close(db);
	if (n >= 0 && !found) {
		diag_report(d, DIAG_PAY_NOT_STORED, NULL,
		            "%s: run hrpress payroll %s --month %s first",
		            month, path, month);
		n = -1;
	}
	if (n >= 0)
		print_stored(lines, n, strcmp(format, "json") == 0, o);
	arena_free(a);
	return n < 0 ? failed(d) : 0;
}

/*
 * --compare: the stored runs of two months side by side; nothing is
 * computed. threshold: whole yuan ("200") or percent ("10%").
 */
static int
review(const char *path, const char *month, const char *prev,
       const char *threshold, struct diag *d)
{
	long long yuan = 0, pct = -1;
	struct month m;
	struct db *db;
	char *end;
	int rc;

	if (month_arg("--compare", prev, &m, d) != 0)
		return 1;
	if (threshold != NULL) {
		long long v = strtoll(threshold, &end, 10);

		if (end == threshold || v < 0 ||
		    (*end != '\0' && strcmp(end, "%") != 0)) {
			diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
			            "--threshold %s: expected whole yuan (200) "
			            "or a percent (10%%)",
			            threshold);
			return 1;
		}
		if (*end == '%')
			pct = v;
		else
			yuan = v;
	}
	db = db_open(path, DB_READONLY, d);
	if (db == NULL)
		return failed(d);
	rc = review_compare(db, month, prev, yuan, pct, stdout, d);
	db_close(db);
	return rc < 0 ? failed(d) : 0;
}

int
cmd_payroll(int argc, char **argv, struct diag *d)
{
	enum { OPT_BOM = 256, OPT_RAW };
	static const struct option opts[] = {
	    {"month", required_argument, NULL, 'm'},
	    {"format", required_argument, NULL, 'f'},
	    {"accept-missing", no_argument, NULL, 'A'},
	    {"compare", required_argument, NULL, 'c'},
	    {"threshold", required_argument, NULL, 't'},
	    {"bom", no_argument, NULL, OPT_BOM},
	    {"raw", no_argument, NULL, OPT_RAW},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct payroll_summary *sum = NULL;
	const char *month = NULL, *format = NULL;
	struct export_opts eo = {0, 0};
	struct month m;
	struct db *db;
	int c, rc, accept = 0;
	const char *compare = NULL, *threshold = NULL;

	/* 0, not 1: GNU getopt then starts afresh for this subcommand. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hm:f:Ac:t:", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			month = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'A':
			accept = 1;
			break;
		case 'c':
			compare = optarg;
			break;
		case 't':
			threshold = optarg;
			break;
		case OPT_BOM:
			eo.bom = 1;
			break;
		case OPT_RAW:
			eo.raw = 1;
			break;
		case 'h':
			fputs(payroll_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 1 || month == NULL) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress payroll DB --month YYYY-MM [--format "
		            "csv|wide-csv|json]");
		return 1;
	}
	if (month_arg("--month", month, &m, d) != 0)
		return 1;
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "wide-csv") != 0 && strcmp(format, "json") != 0) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "--format %s: expected csv, wide-csv or json",
		            format);
		return 1;
	}
	if ((eo.bom || eo.raw) &&
	    (format == NULL || strcmp(format, "json") == 0)) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "--bom and --raw go with --format csv or wide-csv");
		return 1;
	}
	if (compare != NULL)
		return review(argv[optind], month, compare, threshold, d);
	if (format != NULL)
		return export(argv[optind], month, format, &eo, d);
	db = db_open(argv[optind], DB_READWRITE, d);
	if (db == NULL)
		return failed(d);
	rc = payroll_run_accept(db, month, accept, &sum, d);
	db_close(db);
	if (rc < 0) {
		print_failures(sum);
		payroll_summary_free(sum);
		return failed(d);
	}
	print_summary(sum);
	print_unpaid(sum);
	payroll_summary_free(sum);
	return 0;
}
