/* SPDX-License-Identifier: MIT */
/*
 * hrpress import DB KIND FILE: load staff, a month's facts, sales, KPI
 * results, store figures or tax deductions, or a year's contribution bases
 * from a CSV file (UTF-8 or GBK) or a sheet of an Excel workbook (.xlsx),
 * all rows or none, and print how many rows were stored.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "diag.h"
#include "fmt.h"
#include "import.h"
#include "month.h"

static const char import_usage[] =
    "usage: hrpress import DB KIND FILE.csv|FILE.xlsx [--month YYYY-MM]\n"
    "           [--sheet NAME] [--encoding auto|utf-8|gbk] [--replace]\n\n"
    "Load a CSV file or a sheet of an Excel workbook into DB. KIND is one\n"
    "of\n"
    "  staff   employees: new ids are added, known ids updated\n"
    "  facts   monthly measures (attendance, targets, ...), long or wide\n"
    "  sales   the month's car sales\n"
    "  kpi     the month's scorecard results\n"
    "  store   the store's monthly figures (output, net profit, parts)\n"
    "  si_base contribution bases for social insurance, per year\n"
    "  iit_deduction\n"
    "          special additional deductions for income tax, monthly\n"
    "  iit_opening\n"
    "          year-to-date income tax figures from before hrpress\n"
    "The store itself (known ids are updated, new ones added):\n"
    "  stores       the store: names, city, issuing department, texts\n"
    "  departments  departments of the store\n"
    "  positions    positions: department, superiors, pay scheme\n"
    "  job_items    job descriptions: duties, daily work, requirements\n"
    "  kpi_items    the scorecard rows of each position, with weights\n"
    "  models       car models and their class\n"
    "  si_rate      social insurance and housing fund rates, per city\n"
    "               and year\n"
    "  service_target\n"
    "               the after-sales department's targets of a year:\n"
    "               output (第一/第二目标), CSI and ten-item scores\n"
    "Every row is checked first; if any is wrong, every problem is listed\n"
    "with its line and column (in a workbook: its cell, such as C12) and\n"
    "nothing is stored. docs/import.md lists the columns of each kind.\n\n"
    "  -m, --month YYYY-MM     the month of the rows (needed when the file\n"
    "                          has no month column; otherwise checked);\n"
    "                          si_base: its year\n"
    "  -s, --sheet NAME        .xlsx: the sheet to read (default: the first)\n"
    "  -e, --encoding ENC      CSV: auto (default: UTF-8 with or without BOM,\n"
    "                          else GBK), utf-8 or gbk\n"
    "  -r, --replace           replace the stored rows that the file's rows\n"
    "                          name (facts: employee, month, measure; sales:\n"
    "                          sale number, else the employee's month), and\n"
    "                          nothing else; prints old → new (not for staff)\n"
    "                          job_items: the file's parts of its\n"
    "                          positions; kpi_items: all rows of its\n"
    "                          positions; si_rate: its cities' years\n"
    "  -h, --help              show this help\n";

/* What --replace replaced, old → new: the first lines of it. */
static void
print_replaced(const char *lines, int n)
{
	const char *s = lines, *nl;
	int i;

	if (lines == NULL)
		return;
	printf("%d %s replaced:\n", n, n == 1 ? "value" : "values");
	for (i = 0; i < 50 && *s != '\0'; i++, s = nl + 1) {
		nl = strchr(s, '\n');
		printf("  %.*s\n", (int)(nl - s), s);
	}
	if (*s != '\0')
		printf("  ... (%d lines in all)\n", n);
}

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

int
cmd_import(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"month", required_argument, NULL, 'm'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"sheet", required_argument, NULL, 's'},
	    {"replace", no_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct import_opts o = {IMPORT_STAFF, IMPORT_ENC_AUTO, NULL, 0, NULL};
	struct import_stats st;
	int values;
	struct db *db;
	const char *why;
	char month[MONTH_TEXT];
	struct month m;
	int c, k, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hm:e:rs:", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o.month = optarg;
			break;
		case 'e':
			k = import_encoding_lookup(optarg);
			if (k < 0) {
				diag_report(
				    d, DIAG_CLI_BAD_VALUE, NULL,
				    "--encoding %s (use auto, utf-8 or gbk)",
				    optarg);
				return 1;
			}
			o.encoding = (enum import_encoding)k;
			break;
		case 'r':
			o.replace = 1;
			break;
		case 's':
			o.sheet = optarg;
			break;
		case 'h':
			fputs(import_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 3) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress import DB KIND FILE.csv|FILE.xlsx "
		            "[--month YYYY-MM]");
		return 1;
	}
	if (strcmp(argv[optind + 1], "iit_opening") == 0) {
		db = db_open(argv[optind], DB_READWRITE, d);
		if (db == NULL)
			return failed(d);
		rc = import_opening_file(db, argv[optind + 2], o.encoding,
		                         o.replace, &st, d);
		db_close(db);
		if (rc < 0)
			return failed(d);
		printf("%s: %d rows (%s): %d inserted, %d replaced\n",
		       argv[optind + 2], st.rows,
		       import_encoding_name(st.encoding), st.inserted,
		       st.deleted);
		return 0;
	}
	k = import_kind_lookup(argv[optind + 1]);
	if (k < 0) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "kind %s (use staff, facts, sales, kpi, store, "
		            "si_base, iit_deduction, iit_opening, stores, "
		            "departments, positions, job_items, kpi_items, "
		            "models, si_rate or service_target)",
		            argv[optind + 1]);
		return 1;
	}
	o.kind = (enum import_kind)k;
	if (o.month != NULL) {
		/* as in a month column: 2025-05, 2025/5, 2025年5月 */
		if (month_read(o.month, &m, &why) < 0) {
			diag_report(d, DIAG_CLI_BAD_MONTH, NULL,
			            "--month %s %s", o.month, why);
			return 1;
		}
		month_format(m, month);
		o.month = month;
	}
	db = db_open(argv[optind], DB_READWRITE, d);
	if (db == NULL)
		return failed(d);
	rc = import_file(db, argv[optind + 2], &o, &st, d);
	db_close(db);
	if (rc < 0)
		return failed(d);
	if (st.xlsx)
		printf("%s: sheet %s: %d rows", argv[optind + 2], st.sheet,
		       st.rows);
	else
		printf("%s: %d rows (%s)", argv[optind + 2], st.rows,
		       import_encoding_name(st.encoding));
	/* a row of several values (a month's measures side by side, a
	   person's deductions) counts its values, and says so */
	values = st.inserted + st.updated + st.renewed;
	if (values != st.rows)
		printf(", %d values", values);
	printf(": %d inserted, %d updated", st.inserted, st.updated);
	if (o.replace)
		printf(", %d replaced", st.deleted);
	putchar('\n');
	print_replaced(st.replaced, st.deleted);
	free(st.replaced);
	return 0;
}
