/* SPDX-License-Identifier: MIT */
/*
 * hrpress ledger merge MAIN.db SHARD.db... and hrpress ledger id DIR: the
 * archive ledger rows of shard databases into the main database, and an
 * archive directory's id for shards that write into directories of their
 * own. Glue over ledger.c and archive.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "ledger.h"
#include "xmem.h"

static const char ledger_usage[] =
    "usage: hrpress ledger merge MAIN.db SHARD.db...\n"
    "       hrpress ledger id DIR\n\n"
    "merge: copy the new archive ledger rows of the shard databases (copies\n"
    "of MAIN.db on which hrpress archive --shard K/N ran) into MAIN.db, in\n"
    "one transaction: all of them or, after a conflict, none. Rows MAIN.db\n"
    "already has are skipped, so merging a shard again changes nothing.\n"
    "Refused: a database that is not a copy of MAIN.db, a payslip from\n"
    "another pay run than MAIN.db's, a file recorded under a name that\n"
    "MAIN.db has for another file.\n\n"
    "id: print the id of the archive directory DIR (in DIR/" ARCHIVE_ID_FILE
    "),\n"
    "creating DIR and the id file if needed. Copy that file into each\n"
    "shard's empty output directory before archiving, so that the shards'\n"
    "files can be copied into DIR afterwards.\n\n"
    "  -h, --help   this text\n\n"
    "docs/archive.md has the whole procedure for shards.\n";

static int
failed(const struct diag *d)
{
	int rc = diag_exit_code(d);

	return rc != 0 ? rc : 1;
}

static int
merge(int argc, char **argv, struct diag *d)
{
	struct ledger_shard_stats *st;
	struct db *db;
	const char *main_path = argv[0];
	size_t n = (size_t)argc - 1, i, added = 0, rows = 0;
	int rc;

	if ((db = db_open(main_path, DB_READWRITE, d)) == NULL)
		return failed(d);
	st = xcalloc(n, sizeof(*st));
	if (ledger_merge(db, (const char *const *)argv + 1, n, st, d) != 0) {
		diag_report(
		    d, DIAG_LEDGER_REFUSED, NULL,
		    "%s is unchanged: "
		    "nothing was merged; correct what is named above and run "
		    "hrpress ledger merge again",
		    main_path);
		rc = failed(d);
		goto out;
	}
	for (i = 0; i < n; i++) {
		printf("%s: %zu new record%s, %zu already in %s\n", argv[i + 1],
		       st[i].added, st[i].added == 1 ? "" : "s", st[i].known,
		       main_path);
		added += st[i].added;
		rows += st[i].rows;
	}
	if (added == 0)
		printf("nothing to merge: %s already has every record of the "
		       "%zu shard database%s (%zu rows); it is unchanged\n",
		       main_path, n, n == 1 ? "" : "s", rows);
	else
		printf(
		    "merged %zu record%s from %zu shard database%s into %s\n"
		    "next: put every shard's files into the archive directory "
		    "(nothing to do if the shards wrote into one; otherwise cp "
		    "-a -n SHARD_DIR/. ARCHIVE/), then check them: hrpress "
		    "verify --db %s ARCHIVE\n",
		    added, added == 1 ? "" : "s", n, n == 1 ? "" : "s",
		    main_path, main_path);
	rc = 0;
out:
	free(st);
	db_close(db);
	return rc;
}

static int
archive_id(const char *dir, struct diag *d)
{
	char *path = xasprintf("%s/%s", dir, ARCHIVE_ID_FILE);
	char id[ARCHIVE_ID_HEX];
	int existed = access(path, F_OK) == 0;

	if (archive_root_id(dir, 1, id, d) != 0) {
		free(path);
		return failed(d);
	}
	printf("%s: %s%s\n", path, id, existed ? "" : " (new)");
	printf("next: copy %s into each shard's empty output directory "
	       "before hrpress archive --shard K/N -o THAT_DIR\n",
	       path);
	free(path);
	return 0;
}

int
cmd_ledger(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *sub;
	int c, i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(ledger_usage, stdout);
			return 0;
		}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(ledger_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	sub = optind < argc ? argv[optind] : NULL;
	if (sub != NULL && strcmp(sub, "merge") == 0 && argc - optind >= 3)
		return merge(argc - optind - 1, argv + optind + 1, d);
	if (sub != NULL && strcmp(sub, "id") == 0 && argc - optind == 2)
		return archive_id(argv[optind + 1], d);
	diag_report(
	    d, DIAG_CLI_USAGE, NULL, "%s",
	    sub != NULL && strcmp(sub, "merge") == 0
	        ? "hrpress ledger merge MAIN.db "
	          "SHARD.db... (the main database first, then one or more "
	          "shard "
	          "copies)"
	    : sub != NULL && strcmp(sub, "id") == 0
	        ? "hrpress ledger id DIR"
	        : "hrpress ledger merge MAIN.db "
	          "SHARD.db... or hrpress ledger id DIR (see hrpress ledger "
	          "--help)");
	return 1;
}
