/* SPDX-License-Identifier: MIT */
/*
 * hrpress set DB --month M --employee E --measure M VALUE: correct one
 * monthly value, checked exactly like a one-row facts file imported with
 * --replace, and print it old → new.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "month.h"
#include "fmt.h"
#include "import.h"

static const char set_usage[] =
    "usage: hrpress set DB --month YYYY-MM --employee ID --measure NAME "
    "VALUE\n\n"
    "Correct one monthly value of one employee (a figure of the facts\n"
    "file, e.g. 月销量目标 or units_target) without importing the month\n"
    "again. VALUE is written as in the facts file (yuan, percent, points,\n"
    "a count). Prints the old and the new value; nothing else changes.\n"
    "Run payroll for the month again afterwards.\n\n"
    "  -m, --month YYYY-MM     the month\n"
    "  -e, --employee ID       the employee (工号)\n"
    "  -M, --measure NAME      the measure: its column name or code\n"
    "  -h, --help              show this help\n";

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

/* A CSV field, always quoted. */
static void
csv_field(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

int
cmd_set(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"month", required_argument, NULL, 'm'},
	    {"employee", required_argument, NULL, 'e'},
	    {"measure", required_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct import_opts o = {IMPORT_FACTS, IMPORT_ENC_UTF8, NULL, 1, NULL};
	const char *emp = NULL, *measure = NULL;
	struct import_stats st;
	struct buf csv;
	struct month m;
	struct db *db;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hm:e:M:", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o.month = optarg;
			break;
		case 'e':
			emp = optarg;
			break;
		case 'M':
			measure = optarg;
			break;
		case 'h':
			fputs(set_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 2 || o.month == NULL || emp == NULL ||
	    measure == NULL) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress set DB --month "
		            "YYYY-MM --employee ID --measure NAME VALUE");
		return 1;
	}
	if (month_arg("--month", o.month, &m, d) != 0)
		return 1;
	buf_init(&csv, 0);
	buf_adds(&csv, "工号,月份,指标,数值\n");
	csv_field(&csv, emp);
	buf_addc(&csv, ',');
	csv_field(&csv, o.month);
	buf_addc(&csv, ',');
	csv_field(&csv, measure);
	buf_addc(&csv, ',');
	csv_field(&csv, argv[optind + 1]);
	buf_addc(&csv, '\n');
	db = db_open(argv[optind], DB_READWRITE, d);
	if (db == NULL) {
		buf_free(&csv);
		return failed(d);
	}
	rc =
	    import_data(db, "hrpress set", buf_cstr(&csv), csv.len, &o, &st, d);
	db_close(db);
	buf_free(&csv);
	if (rc < 0)
		return failed(d);
	if (st.replaced != NULL)
		printf("1 value replaced: %s", st.replaced);
	else
		printf("1 value added: %s %s %s %s (there was none)\n", emp,
		       o.month, measure, argv[optind + 1]);
	free(st.replaced);
	return 0;
}
