/* SPDX-License-Identifier: MIT */
/*
 * hrpress close DB --month M [--note TEXT] and hrpress reopen DB --month M
 * --reason TEXT: lock a reviewed month against changes, or unlock it with
 * a reason; both are recorded in month_audit.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "closing.h"
#include "db.h"
#include "diag.h"
#include "month.h"
#include "fmt.h"

static const char close_usage[] =
    "usage: hrpress close DB --month YYYY-MM [--note TEXT] [--by NAME]\n\n"
    "Lock a reviewed month: its stored pay run becomes the record. Until\n"
    "the month is reopened, importing rows of the month, running its\n"
    "payroll and changing a pay scheme in force in it are refused. Needs a\n"
    "stored, up-to-date pay run. Recorded in the table month_audit with\n"
    "your login name, or the name given with --by.\n\n"
    "  -m, --month YYYY-MM     the month\n"
    "  -n, --note TEXT         a note kept with the lock\n"
    "  -b, --by NAME           who closes it (default: your login name)\n"
    "  -h, --help              show this help\n";

static const char reopen_usage[] =
    "usage: hrpress reopen DB --month YYYY-MM --reason TEXT [--by NAME]\n\n"
    "Unlock a closed month so that it can be corrected. The reason is\n"
    "required and recorded in the table month_audit with your login name\n"
    "or the name given with --by.\n"
    "After the correction run payroll again, review and close it again.\n\n"
    "  -m, --month YYYY-MM     the month\n"
    "  -r, --reason TEXT       why the closed month must change\n"
    "  -b, --by NAME           who reopens it (default: your login name)\n"
    "  -h, --help              show this help\n";

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

static int
run(int argc, char **argv, int reopen, struct diag *d)
{
	static const struct option opts[] = {
	    {"month", required_argument, NULL, 'm'},
	    {"note", required_argument, NULL, 'n'},
	    {"reason", required_argument, NULL, 'r'},
	    {"by", required_argument, NULL, 'b'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *month = NULL, *text = NULL, *user = NULL;
	struct month m;
	struct db *db;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:hm:n:r:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (optarg[strspn(optarg, " \t")] == '\0') {
				diag_report(
				    d, DIAG_CLI_BAD_VALUE, NULL,
				    "--by needs a name, e.g. --by 张会计 "
				    "(leave it out to record your login "
				    "name)");
				return 1;
			}
			user = optarg;
			break;
		case 'm':
			month = optarg;
			break;
		case 'n':
		case 'r':
			if ((c == 'r') != reopen) {
				diag_report(d, DIAG_CLI_UNKNOWN_OPTION, NULL,
				            "%s (hrpress %s takes %s)",
				            argv[optind - 1], argv[0],
				            reopen ? "--reason" : "--note");
				return 1;
			}
			text = optarg;
			break;
		case 'h':
			fputs(reopen ? reopen_usage : close_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 1 || month == NULL) {
		diag_report(
		    d, DIAG_CLI_USAGE, NULL, "%s",
		    reopen ? "hrpress reopen DB --month YYYY-MM --reason TEXT"
		           : "hrpress close DB --month YYYY-MM [--note TEXT]");
		return 1;
	}
	if (month_arg("--month", month, &m, d) != 0)
		return 1;
	db = db_open(argv[optind], DB_READWRITE, d);
	if (db == NULL)
		return failed(d);
	if (user == NULL)
		user = closing_user();
	if (reopen)
		rc = closing_reopen(db, month, user, text, d);
	else {
		/* only a run that matches today's data can become the record */
		rc = closing_run_fresh(db, month, 0, d);
		if (rc == 0)
			rc = closing_close(db, month, user, text, d);
	}
	db_close(db);
	if (rc < 0)
		return failed(d);
	if (reopen)
		printf("%s reopened by %s: %s\n"
		       "Correct the data, run hrpress payroll %s --month %s "
		       "again, review it and close it again.\n",
		       month, user, text, argv[optind], month);
	else
		printf("%s closed by %s: imports, payroll and scheme changes "
		       "of the month are refused until hrpress reopen.\n",
		       month, user);
	return 0;
}

int
cmd_close(int argc, char **argv, struct diag *d)
{
	return run(argc, argv, 0, d);
}

int
cmd_reopen(int argc, char **argv, struct diag *d)
{
	return run(argc, argv, 1, d);
}
