/* SPDX-License-Identifier: MIT */
/*
 * hrpress verify FILE.pdf [--db DB]: the file's SHA-256 against the archive
 * ledger and its embedded signature against the bytes it covers. Exit 0
 * only when every check that applies holds. Glue over archive.c and sign.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "sign.h"
#include "xmem.h"

static const char verify_usage[] =
    "usage: hrpress verify FILE.pdf [--db DB]\n\n"
    "Check an archived record: with --db, its SHA-256 must be in the\n"
    "archive ledger with the same size and a path the file's path ends\n"
    "with; an embedded signature must cover the whole file and verify.\n"
    "An unsigned file can only be verified with --db.\n\n"
    "  --db DB      the database holding the archive ledger\n"
    "  -h, --help   this text\n";

/* Files are read whole; records are a few hundred kilobytes. */
#define MAX_PDF_BYTES (256L * 1024 * 1024)

static int
read_whole(const char *path, struct buf *b, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		diag_report(d, DIAG_IO_OPEN, NULL, "%s: cannot open", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) != 0) {
			diag_report(d, DIAG_IO_READ, NULL, "%s: too large",
			    path);
			fclose(f);
			return -1;
		}
	if (ferror(f)) {
		diag_report(d, DIAG_IO_READ, NULL, "%s: read error", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int
fail(struct diag *d, const char *path, const char *why)
{
	diag_report(d, DIAG_ARCHIVE_VERIFY, NULL, "%s: %s", path, why);
	return 1;
}

static int
ends_with_path(const char *file, const char *rel)
{
	size_t fl = strlen(file), rl = strlen(rel);

	if (fl == rl)
		return strcmp(file, rel) == 0;
	return fl > rl && file[fl - rl - 1] == '/' &&
	    strcmp(file + fl - rl, rel) == 0;
}

/* The ledger check; *signer receives the row's signer (arena) or NULL. */
static int
check_ledger(const char *file, const char *dbpath, const char *hex,
    size_t len, struct arena *a, const char **signer, struct diag *d)
{
	struct db *db = db_open(dbpath, DB_READONLY, d);
	struct db_rows rows;
	size_t i;
	int rc = 1;

	*signer = NULL;
	if (db == NULL)
		return 1;
	if (archive_ledger_find(db, hex, a, &rows, d) != 0)
		goto out;
	if (rows.nrows == 0) {
		fail(d, file, "SHA-256 not in the archive ledger: the file "
		    "was changed, or written by an interrupted archive run");
		goto out;
	}
	for (i = 0; i < rows.nrows; i++) {
		const struct fmt_value *path = db_cell(&rows, i, 0),
		    *size = db_cell(&rows, i, 1), *sg = db_cell(&rows, i, 6);

		if (path->type != FMT_V_TEXT || size->type != FMT_V_INT ||
		    size->i != (int64_t)len || !ends_with_path(file, path->s))
			continue;
		printf("ledger: %s, %s %s, version %lld, archived %s\n",
		    path->s, db_cell(&rows, i, 2)->s,
		    db_cell(&rows, i, 3)->s,
		    (long long)db_cell(&rows, i, 5)->i,
		    db_cell(&rows, i, 7)->s);
		*signer = sg->type == FMT_V_TEXT ? sg->s : NULL;
		rc = 0;
		goto out;
	}
	{
		char *why = xasprintf("SHA-256 is in the ledger as %s "
		    "(%lld bytes), which does not match this file's path or "
		    "size", db_cell(&rows, 0, 0)->s,
		    (long long)db_cell(&rows, 0, 1)->i);

		fail(d, file, why);
		free(why);
	}
out:
	db_close(db);
	return rc;
}

static int
verify(const char *file, const char *dbpath, struct diag *d)
{
	struct arena *a = arena_new();
	struct sign_result sr;
	const char *ledger_signer = NULL;
	char hex[SIGN_SHA256_HEX];
	struct buf b;
	int rc = 1;

	buf_init(&b, MAX_PDF_BYTES);
	if (read_whole(file, &b, d) != 0)
		goto out;
	sign_sha256_hex(b.data, b.len, hex);
	printf("%s: %zu bytes, SHA-256 %s\n", file, b.len, hex);
	if (dbpath != NULL && check_ledger(file, dbpath, hex, b.len, a,
	    &ledger_signer, d) != 0)
		goto out;
	sign_verify((const unsigned char *)b.data, b.len, &sr);
	switch (sr.status) {
	case SIGN_NONE:
		if (ledger_signer != NULL) {
			fail(d, file, "the ledger records a signature but the "
			    "file has none");
			goto out;
		}
		if (dbpath == NULL) {
			fail(d, file, "unsigned file: cannot be verified "
			    "without --db");
			goto out;
		}
		printf("signature: none\n");
		break;
	case SIGN_BAD:
		fail(d, file, sr.why);
		goto out;
	case SIGN_VALID:
		if (ledger_signer != NULL &&
		    strcmp(ledger_signer, sr.fingerprint) != 0) {
			fail(d, file, "signer certificate differs from the "
			    "ledger's");
			goto out;
		}
		printf("signature: valid, signed by %s (certificate SHA-256 "
		    "%s, %s)\n", sr.signer, sr.fingerprint,
		    sr.trusted ? "trusted" : "not trusted by this system");
		break;
	}
	printf("%s: OK\n", file);
	rc = 0;
out:
	buf_free(&b);
	arena_free(a);
	return rc;
}

int
cmd_verify(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbpath = NULL;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbpath = optarg;
			break;
		case 'h':
			fputs(verify_usage, stdout);
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
	if (argc - optind != 1) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		    "hrpress verify FILE.pdf [--db DB]");
		return 1;
	}
	rc = verify(argv[optind], dbpath, d);
	if (rc != 0 && diag_exit_code(d) > 1)
		rc = diag_exit_code(d);
	return rc;
}
