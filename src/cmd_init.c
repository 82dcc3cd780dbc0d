/* SPDX-License-Identifier: MIT */
/*
 * hrpress init DB [--sample]: create a database with the current schema and
 * the library of pay schemes (src/schemes.sql), optionally with the demo
 * dealership on top. The database is built under a
 * temporary name and only linked into place when complete, so a failed init
 * leaves nothing behind and never touches an existing file; an interrupted
 * one neither (the temporary database and its journal are registered with
 * cleanup.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "xmem.h"

extern const char hrp_schemes_sql[];
/* the library followed by the demo dealership (Makefile) */
extern const char hrp_samples_sql[];

static const char init_usage[] =
    "usage: hrpress init DB [--sample]\n\n"
    "Create the database DB (which must not exist) with the current schema\n"
    "and the library of pay schemes (see `hrpress scheme list DB`).\n\n"
    "  --sample   add the demo dealership from samples/ (organisation,\n"
    "             job descriptions, scheme assignments, staff and three\n"
    "             months of performance data)\n";

int
cmd_init(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"sample", no_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int sample = 0, c, fd;
	const char *path;
	char *tmp, *journal;
	struct db *db;
	struct srcpos p = {NULL, 0, 0};

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sample = 1;
			break;
		case 'h':
			fputs(init_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind != 1) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress init DB [--sample]");
		return 1;
	}
	path = argv[optind];
	p.file = path;
	if (access(path, F_OK) == 0) {
		diag_report(d, DIAG_DB_EXISTS, &p, "refusing to overwrite it");
		return 1;
	}
	tmp = xasprintf("%s.XXXXXX", path);
	fd = cleanup_mkstemp(tmp);
	if (fd < 0) {
		diag_report(d, DIAG_IO_WRITE, &p, "%s", strerror(errno));
		free(tmp);
		return 1;
	}
	close(fd);
	/* SQLite's rollback journal of the sample transaction */
	journal = xasprintf("%s-journal", tmp);
	cleanup_register(journal);
	db = db_open(tmp, DB_CREATE, d);
	if (db != NULL) {
		const char *sql = sample ? hrp_samples_sql : hrp_schemes_sql;

		if (db_begin(db, d) != 0 || db_exec(db, sql, d) != 0 ||
		    db_commit(db, d) != 0) {
			db_rollback(db);
			db_close(db);
			db = NULL;
		}
	}
	db_close(db);
	/* link() fails if path appeared meanwhile: never clobber a file. */
	if (db != NULL && link(tmp, path) != 0) {
		diag_report(d, DIAG_IO_WRITE, &p, "%s", strerror(errno));
		db = NULL;
	}
	unlink(tmp);
	unlink(journal);
	cleanup_unregister(tmp);
	cleanup_unregister(journal);
	free(journal);
	free(tmp);
	if (db == NULL)
		return diag_exit_code(d) ? diag_exit_code(d) : 1;
	printf("created %s with the library of pay schemes%s\n", path,
	       sample ? " and the sample dealership" : "");
	return 0;
}
