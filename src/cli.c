/* SPDX-License-Identifier: MIT */
/*
 * The subcommand table, top-level --help/--version, and the exit status.
 * Each subcommand lives in cmd_<name>.c and parses its own options.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "db.h"
#include "diag.h"

static const struct {
	const char *name;
	int (*fn)(int, char **, struct diag *);
	const char *summary;
} commands[] = {
    {"init", cmd_init, "create a database (--sample adds the demo dealership)"},
    {"import", cmd_import,
     "load the store, positions, staff and monthly data from CSV"},
    {"store", cmd_store, "load a store's logo and seal pictures (PNG)"},
    {"payroll", cmd_payroll,
     "compute and store a month's pay; print a summary"},
    {"render", cmd_render, "render a template to PDF"},
    {"handbook", cmd_render, "render the job-description handbook"},
    {"scorecards", cmd_render, "render a month's performance scorecards"},
    {"payslips", cmd_render, "render a month's payslips"},
    {"archive", cmd_archive,
     "archive a month's records as PDF/A (+ ledger, signature)"},
    {"verify", cmd_verify,
     "check an archived PDF against the ledger and its signature"},
    {"ledger", cmd_ledger,
     "merge the archive ledgers of shard databases; an archive's id"},
    {"set", cmd_set, "correct one monthly value of one employee"},
    {"close", cmd_close, "lock a reviewed month against changes"},
    {"reopen", cmd_reopen, "unlock a closed month, with a reason"},
    {"export", cmd_export,
     "write a month's 工资表 or bank list (代发工资) as .xlsx or .csv"},
    {"scheme", cmd_scheme, "list, show, export, import and assign pay schemes"},
};

int
cli_option_error(const char *cmd, int c, char **argv, struct diag *d)
{
	const char *arg = argv[optind - 1];

	if (c == ':') {
		diag_report(d, DIAG_CLI_MISSING_ARG, NULL,
		            "%s (see hrpress %s "
		            "--help)",
		            arg, cmd);
		return 1;
	}
	/* "--name=value" names --name; in "-xy", optopt is the unknown one */
	if (strncmp(arg, "--", 2) == 0)
		diag_report(d, DIAG_CLI_UNKNOWN_OPTION, NULL,
		            "%.*s (see "
		            "hrpress %s --help)",
		            (int)strcspn(arg, "="), arg, cmd);
	else if (optopt > ' ' && optopt < 127)
		diag_report(d, DIAG_CLI_UNKNOWN_OPTION, NULL,
		            "-%c (see "
		            "hrpress %s --help)",
		            optopt, cmd);
	else
		diag_report(d, DIAG_CLI_UNKNOWN_OPTION, NULL,
		            "%s (see "
		            "hrpress %s --help)",
		            arg, cmd);
	return 1;
}

static void
usage(FILE *f)
{
	size_t i;

	fputs(
	    "usage: hrpress COMMAND [ARGS]\n\n"
	    "hrpress turns a dealership's staff and monthly performance data\n"
	    "into printable PDF handbooks, scorecards and payslips.\n\n"
	    "commands:\n",
	    f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
		        commands[i].summary);
	fputs("\nRun 'hrpress COMMAND --help' for a command's options.\n"
	      "Exit status: 0 success, 1 bad input, 2 internal failure.\n",
	      f);
}

/*
 * --wait SECONDS (or --wait=SECONDS) anywhere after the command: how long
 * any database lock held by another program is waited for. Taken out of
 * argv here, so that every command has it without parsing it.
 */
static int
take_wait(int *argc, char **argv, struct diag *d)
{
	int i, j, n;

	for (i = 2; i < *argc; i++) {
		const char *v;
		char *end;
		long s;

		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--wait") == 0 && i + 1 < *argc) {
			v = argv[i + 1];
			n = 2;
		} else if (strncmp(argv[i], "--wait=", 7) == 0) {
			v = argv[i] + 7;
			n = 1;
		} else if (strcmp(argv[i], "--wait") == 0) {
			diag_report(
			    d, DIAG_CLI_MISSING_ARG, NULL,
			    "--wait "
			    "(seconds to wait for a busy database, e.g. "
			    "--wait 60)");
			return -1;
		} else {
			continue;
		}
		errno = 0;
		s = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || s < 0 ||
		    s > 86400) {
			diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
			            "--wait %s: "
			            "expected seconds, 0 to 86400",
			            v);
			return -1;
		}
		db_set_wait((int)s);
		for (j = i; j + n <= *argc; j++)
			argv[j] = argv[j + n];
		*argc -= n;
		i--;
	}
	return 0;
}

int
cli_run(int argc, char **argv)
{
	struct diag *d;
	const char *codes;
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("hrpress %s\n", HRP_VERSION);
		return 0;
	}
	/* hrpress COMMAND ... --version: every command knows the version,
	   but scheme ... --version V names a version of a pay scheme */
	for (i = 2; i < (size_t)argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--version") == 0 &&
		    (strcmp(argv[1], "scheme") != 0 || i + 1 == (size_t)argc)) {
			printf("hrpress %s\n", HRP_VERSION);
			return 0;
		}
	/* an interrupt leaves no temporary file behind (cleanup.h) */
	cleanup_install();
	d = diag_new(stderr);
	codes = getenv("HRPRESS_DIAG_CODES");
	if ((codes && *codes && diag_log_codes(d, codes) != 0) ||
	    take_wait(&argc, argv, d) != 0) {
		rc = diag_exit_code(d);
		diag_free(d);
		return rc;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			rc = commands[i].fn(argc - 1, argv + 1, d);
			/* A command that reported an error never exits 0. */
			if (rc == 0 && diag_errors(d))
				rc = diag_exit_code(d);
			diag_free(d);
			return rc;
		}
	diag_report(d, DIAG_CLI_UNKNOWN_COMMAND, NULL,
	            "%s (try hrpress --help)", argv[1]);
	rc = diag_exit_code(d);
	diag_free(d);
	return rc;
}
