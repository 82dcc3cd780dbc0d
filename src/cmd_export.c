/* SPDX-License-Identifier: MIT */
/*
 * hrpress export DB --month YYYY-MM --kind payroll-wide|bank -o FILE: a
 * month's stored pay run as a spreadsheet (工资表) or the bank list
 * (代发工资), .xlsx or .csv by the file's extension. Glue only: export.c
 * builds and writes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "month.h"
#include "export.h"
#include "fmt.h"
#include "money.h"
#include "outfile.h"

static const char export_usage[] =
    "usage: hrpress export DB --month YYYY-MM --kind payroll-wide|bank\n"
    "               -o FILE.xlsx|FILE.csv [options]\n\n"
    "Write the month's stored pay run (computed with hrpress payroll) for\n"
    "a spreadsheet or the bank:\n"
    "  payroll-wide  工资表: one row per employee, one column per pay item,\n"
    "                department subtotals (小计) and the grand total (合计)\n"
    "  bank          代发工资: 户名, 开户行, 银行账号, 金额 (net pay) per\n"
    "                employee; an employee without a bank account is an\n"
    "                error unless --allow-missing\n\n"
    "  -m, --month YYYY-MM     the month\n"
    "  -k, --kind KIND         payroll-wide or bank\n"
    "  -o, --output FILE       .xlsx or .csv (replaced atomically); - writes\n"
    "                          CSV to standard output\n"
    "  -f, --format xlsx|csv   when the file name does not tell\n"
    "      --bom               CSV: begin with a UTF-8 BOM, so that Excel\n"
    "                          opens the Chinese text correctly\n"
    "      --raw               keep text beginning with = + - @ as it is\n"
    "                          (by default it gets a leading ' so that a\n"
    "                          spreadsheet never runs it as a formula)\n"
    "      --allow-missing     bank: leave employees without an account out,\n"
    "                          with a warning, and list them on a second\n"
    "                          sheet (未代发)\n"
    "  -h, --help              show this help\n";

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

/* 1 if name ends in ext, any case. */
static int
has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n > e && strcasecmp(name + n - e, ext) == 0;
}

int
cmd_export(int argc, char **argv, struct diag *d)
{
	enum { OPT_BOM = 256, OPT_RAW, OPT_ALLOW_MISSING };
	static const struct option opts[] = {
	    {"month", required_argument, NULL, 'm'},
	    {"kind", required_argument, NULL, 'k'},
	    {"output", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"bom", no_argument, NULL, OPT_BOM},
	    {"raw", no_argument, NULL, OPT_RAW},
	    {"allow-missing", no_argument, NULL, OPT_ALLOW_MISSING},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *month = NULL, *kind = NULL, *out = NULL, *format = NULL;
	struct export_opts eo = {0, 0};
	struct outfile_input in;
	struct export_book *b;
	struct month m;
	struct db *db;
	int c, xlsx, bank, allow_missing = 0, rc;
	char yuan[48];

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hm:k:o:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			month = optarg;
			break;
		case 'k':
			kind = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case OPT_BOM:
			eo.bom = 1;
			break;
		case OPT_RAW:
			eo.raw = 1;
			break;
		case OPT_ALLOW_MISSING:
			allow_missing = 1;
			break;
		case 'h':
			fputs(export_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 1 || month == NULL || kind == NULL ||
	    out == NULL) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress export DB --month YYYY-MM --kind "
		            "payroll-wide|bank -o FILE.xlsx (see hrpress "
		            "export --help)");
		return 1;
	}
	if (month_arg("--month", month, &m, d) != 0)
		return 1;
	if (strcmp(kind, "payroll-wide") != 0 && strcmp(kind, "bank") != 0) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "--kind %s: expected payroll-wide or bank", kind);
		return 1;
	}
	bank = strcmp(kind, "bank") == 0;
	if (format != NULL && strcmp(format, "xlsx") != 0 &&
	    strcmp(format, "csv") != 0) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "--format %s: expected xlsx or csv", format);
		return 1;
	}
	if (format == NULL && strcmp(out, "-") == 0)
		format = "csv";
	if (format == NULL && !has_ext(out, ".xlsx") && !has_ext(out, ".csv")) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "-o %s: name the file .xlsx or .csv, or give "
		            "--format xlsx|csv",
		            out);
		return 1;
	}
	xlsx = format != NULL ? strcmp(format, "xlsx") == 0
	                      : has_ext(out, ".xlsx");
	if (xlsx && strcmp(out, "-") == 0) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "-o -: an .xlsx file cannot go to standard output; "
		            "name a file");
		return 1;
	}
	in.what = "the database";
	in.path = argv[optind];
	if (outfile_check_distinct(out, &in, 1, d) < 0)
		return failed(d);
	db = db_open(argv[optind], DB_READONLY, d);
	if (db == NULL)
		return failed(d);
	/* a run whose inputs changed since is not handed to the bank */
	if (closing_run_fresh(db, month, 0, d) < 0) {
		db_close(db);
		return failed(d);
	}
	b = bank ? export_bank(db, month, allow_missing, d)
	         : export_payroll_wide(db, month, d);
	db_close(db);
	if (b == NULL)
		return failed(d);
	rc = xlsx ? export_write_xlsx(b, out, &eo, d)
	          : export_write_csv(b, out, &eo, d);
	if (rc == 0 && strcmp(out, "-") != 0)
		printf("wrote %s (%d %s%s, net pay %s)\n", out, b->count,
		       bank ? "transfer" : "employee", b->count == 1 ? "" : "s",
		       money_format(b->total_fen, 1, yuan, sizeof(yuan)));
	export_book_free(b);
	return rc < 0 ? failed(d) : 0;
}
