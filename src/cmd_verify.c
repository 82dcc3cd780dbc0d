/* SPDX-License-Identifier: MIT */
/*
 * hrpress verify [--db DB] [--trust CERT]... FILE.pdf|DIR...: each archived
 * record's embedded identity against its name, its SHA-256 against the
 * archive ledger, and its signature against the bytes it covers and the
 * certificates trusted. Glue over archive.c and sign.c.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "diag.h"
#include "sign.h"
#include "xmem.h"

static const char verify_usage[] =
    "usage: hrpress verify [--db DB] [--trust CERT.pem]... FILE.pdf|DIR...\n\n"
    "Check archived records. Each file must say inside (its metadata) the\n"
    "employee, month and kind its name says. With --db, its SHA-256 must\n"
    "be in the archive ledger for this archive directory and path; a\n"
    "signature must cover the whole file and verify, and its signer must\n"
    "be the one the ledger recorded or a certificate given with --trust\n"
    "(the archive's signing certificate or the CA that issued it). A\n"
    "folder stands for every .pdf file under it (an archive directory, a\n"
    "month of it).\n\n"
    "  --db DB           the database holding the archive ledger\n"
    "  --trust CERT.pem  a trusted signing certificate or CA (repeatable)\n"
    "  -h, --help        this text\n\n"
    "Exit status: 0 every file verified; 1 a file failed (changed,\n"
    "renamed, not in the ledger, bad signature) or bad input; 3 every file\n"
    "is intact but a signer is not trusted (give --trust or --db).\n";

/* Files are read whole; records are a few hundred kilobytes. */
#define MAX_PDF_BYTES (256L * 1024 * 1024)
#define MAX_TRUST 16
/* Exit status of a file whose signature holds but whose signer is unknown. */
#define EXIT_UNTRUSTED 3

enum outcome { VERIFIED, FAILED, UNTRUSTED };

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

static enum outcome
fail(struct diag *d, const char *path, const char *why)
{
	diag_report(d, DIAG_ARCHIVE_VERIFY, NULL, "%s: %s", path, why);
	return FAILED;
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

static int
text_is(const struct fmt_value *v, const char *s)
{
	return v->type == FMT_V_TEXT && strcmp(v->s, s) == 0;
}

/* What check_ledger found. */
struct ledger_hit {
	const char *signer; /* the row's signer fingerprint, or NULL */
};

/*
 * The ledger check: a row with the file's hash and size, for the archive
 * the file is in (its hrpress-archive.id) and its path there, and for the
 * employee, month and kind the file embeds. Rows written before archives
 * had ids match by path suffix.
 */
static enum outcome
check_ledger(struct db *db, const char *file, const char *hex, size_t len,
             const struct archive_ident *id, struct arena *a,
             struct ledger_hit *hit, struct diag *d)
{
	char arch[ARCHIVE_ID_HEX];
	char *rel = NULL, *why;
	struct db_rows rows;
	enum outcome rc = FAILED;
	int located;
	size_t i;

	hit->signer = NULL;
	if (archive_ledger_find(db, hex, a, &rows, d) != 0)
		return FAILED;
	if (rows.nrows == 0)
		return fail(
		    d, file,
		    "SHA-256 not in the archive ledger: the "
		    "file was changed, or written by an interrupted archive "
		    "run");
	if ((located = archive_locate(file, arch, &rel, d)) < 0)
		return FAILED;
	for (i = 0; i < rows.nrows; i++) {
		const struct fmt_value *path = db_cell(&rows, i, 0),
		                       *size = db_cell(&rows, i, 1),
		                       *sg = db_cell(&rows, i, 6),
		                       *rid = db_cell(&rows, i, 8);

		if (path->type != FMT_V_TEXT || size->type != FMT_V_INT ||
		    size->i != (int64_t)len)
			continue;
		if (rid->type == FMT_V_TEXT && rid->s[0] != '\0') {
			if (!located || strcmp(rid->s, arch) != 0 ||
			    strcmp(rel, path->s) != 0)
				continue;
		} else if (!ends_with_path(file, path->s)) {
			continue;
		}
		if (!text_is(db_cell(&rows, i, 2), id->kind) ||
		    !text_is(db_cell(&rows, i, 3), id->employee_id) ||
		    !text_is(db_cell(&rows, i, 4), id->month))
			continue;
		printf("ledger: %s, %s %s, version %lld, archived %s\n",
		       path->s, db_cell(&rows, i, 2)->s,
		       db_cell(&rows, i, 3)->s,
		       (long long)db_cell(&rows, i, 5)->i,
		       db_cell(&rows, i, 7)->s);
		hit->signer = sg->type == FMT_V_TEXT ? sg->s : NULL;
		rc = VERIFIED;
		goto out;
	}
	if (!located)
		why = xasprintf(
		    "SHA-256 is in the ledger as %s, but this "
		    "file is not inside an archive directory (no %s above "
		    "it): verify the file where the archive keeps it",
		    db_cell(&rows, 0, 0)->s, ARCHIVE_ID_FILE);
	else
		why = xasprintf(
		    "SHA-256 is in the ledger as %s (%lld bytes) "
		    "of another archive or path; this file is %s in archive "
		    "%s: a copy, or a file moved between archives",
		    db_cell(&rows, 0, 0)->s, (long long)db_cell(&rows, 0, 1)->i,
		    rel, arch);
	fail(d, file, why);
	free(why);
out:
	free(rel);
	return rc;
}

static enum outcome
verify(const char *file, struct db *db, const struct sign_trust *trust,
       struct diag *d)
{
	struct arena *a = arena_new();
	struct archive_ident id;
	struct ledger_hit hit = {NULL};
	struct sign_result sr;
	char hex[SIGN_SHA256_HEX];
	enum outcome rc = FAILED;
	struct buf b;

	buf_init(&b, MAX_PDF_BYTES);
	if (read_whole(file, &b, d) != 0)
		goto out;
	sign_sha256_hex(b.data, b.len, hex);
	printf("%s: %zu bytes, SHA-256 %s\n", file, b.len, hex);
	if (archive_ident_read((const unsigned char *)b.data, b.len, &id) !=
	    0) {
		fail(d, file,
		     "not an hrpress archive record (its metadata "
		     "names no employee, month and kind)");
		goto out;
	}
	if (!archive_ident_matches_path(&id, file)) {
		char *why = xasprintf(
		    "the record inside is %s's %s of %s, "
		    "but the file's name or folder says otherwise: a copied "
		    "or renamed file (archived records are named "
		    "MONTH/DEPT/%s-%s.pdf)",
		    id.employee_id, id.kind, id.month, id.employee_id, id.kind);

		fail(d, file, why);
		free(why);
		goto out;
	}
	if (db != NULL &&
	    check_ledger(db, file, hex, b.len, &id, a, &hit, d) != VERIFIED)
		goto out;
	sign_verify((const unsigned char *)b.data, b.len, trust, &sr);
	switch (sr.status) {
	case SIGN_NONE:
		if (hit.signer != NULL) {
			fail(d, file,
			     "the ledger records a signature but the "
			     "file has none");
			goto out;
		}
		if (db == NULL) {
			fail(d, file,
			     "unsigned file: cannot be verified "
			     "without --db");
			goto out;
		}
		printf("signature: none\n");
		break;
	case SIGN_BAD:
		fail(d, file, sr.why);
		goto out;
	case SIGN_VALID:
		if (db != NULL && hit.signer == NULL) {
			fail(d, file,
			     "the ledger records no signature but the "
			     "file has one");
			goto out;
		}
		if (hit.signer != NULL &&
		    strcmp(hit.signer, sr.fingerprint) != 0) {
			fail(d, file,
			     "signer certificate differs from the "
			     "ledger's");
			goto out;
		}
		printf("signature: valid, signed by %s (certificate SHA-256 "
		       "%s)\n",
		       sr.signer, sr.fingerprint);
		if (hit.signer == NULL && !sr.trusted) {
			diag_report(
			    d, DIAG_ARCHIVE_UNTRUSTED, NULL,
			    "%s: the file is intact and signed by \"%s\", but "
			    "nothing says that certificate is the archive's: "
			    "verify with --db DB, or give the archive's "
			    "certificate or its CA with --trust CERT.pem",
			    file, sr.signer);
			rc = UNTRUSTED;
			goto out;
		}
		printf("signer: trusted (%s)\n",
		       hit.signer != NULL
		           ? "the certificate the ledger recorded"
		           : "a certificate given with --trust");
		break;
	}
	printf("%s: OK (%s's %s of %s)\n", file, id.employee_id, id.kind,
	       id.month);
	rc = VERIFIED;
out:
	buf_free(&b);
	arena_free(a);
	return rc;
}

/* The files to check: the arguments, a directory's records in order. */
struct files {
	char **v;
	size_t n, cap;
};

static void
files_add(struct files *f, char *path)
{
	if (f->n == f->cap)
		f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof(*f->v));
	f->v[f->n++] = path;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every *.pdf under dir (depth-first, in name order), skipping dot-names:
 * an interrupted run's temporary files are not records. Returns 0 or -1.
 */
static int
walk(const char *dir, int depth, struct files *f, struct diag *d)
{
	struct files here = {NULL, 0, 0};
	struct dirent *e;
	struct stat st;
	size_t i, len;
	DIR *dp;
	int rc = 0;

	if (depth > ARCHIVE_ID_DEPTH + 2) {
		diag_report(d, DIAG_CLI_BAD_VALUE, NULL,
		            "%s: folders nested too "
		            "deep for an archive",
		            dir);
		return -1;
	}
	if ((dp = opendir(dir)) == NULL) {
		diag_report(d, DIAG_IO_OPEN, NULL, "%s: %s", dir,
		            strerror(errno));
		return -1;
	}
	while ((e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.')
			files_add(&here, xasprintf("%s/%s", dir, e->d_name));
	closedir(dp);
	if (here.n == 0)
		return 0;
	qsort(here.v, here.n, sizeof(*here.v), by_name);
	for (i = 0; i < here.n; i++) {
		int is_dir = 0, is_file = 0;

		len = strlen(here.v[i]);
		if (lstat(here.v[i], &st) == 0) {
			is_dir = S_ISDIR(st.st_mode);
			is_file = S_ISREG(st.st_mode);
		}
		if (rc == 0 && is_dir)
			rc = walk(here.v[i], depth + 1, f, d);
		else if (rc == 0 && is_file && len > 4 &&
		         strcmp(here.v[i] + len - 4, ".pdf") == 0) {
			files_add(f, here.v[i]);
			continue;
		}
		free(here.v[i]);
	}
	free(here.v);
	return rc;
}

int
cmd_verify(int argc, char **argv, struct diag *d)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"trust", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *dbpath = NULL, *trust_paths[MAX_TRUST];
	struct sign_trust *trust = NULL;
	struct db *db = NULL;
	struct files files = {NULL, 0, 0};
	struct stat st;
	size_t ntrust = 0, i;
	int c, failed = 0, untrusted = 0, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbpath = optarg;
			break;
		case 't':
			if (ntrust == MAX_TRUST) {
				diag_report(
				    d, DIAG_CLI_BAD_VALUE, NULL,
				    "--trust: at most %d files (put several "
				    "certificates in one file)",
				    MAX_TRUST);
				return 1;
			}
			trust_paths[ntrust++] = optarg;
			break;
		case 'h':
			fputs(verify_usage, stdout);
			return 0;
		default:
			return cli_option_error(argv[0], c, argv, d);
		}
	}
	if (argc - optind < 1) {
		diag_report(d, DIAG_CLI_USAGE, NULL,
		            "hrpress verify [--db DB] [--trust CERT.pem] "
		            "FILE.pdf|DIR...");
		return 1;
	}
	if (ntrust > 0 &&
	    (trust = sign_trust_load(trust_paths, ntrust, d)) == NULL)
		return 1;
	if (dbpath != NULL && (db = db_open(dbpath, DB_READONLY, d)) == NULL) {
		sign_trust_free(trust);
		return diag_exit_code(d);
	}
	for (c = optind; c < argc; c++) {
		size_t before = files.n;

		if (stat(argv[c], &st) != 0 || !S_ISDIR(st.st_mode)) {
			files_add(&files, xstrdup(argv[c]));
			continue;
		}
		if (walk(argv[c], 0, &files, d) != 0)
			goto out; /* c < argc: failed */
		if (files.n == before) {
			diag_report(d, DIAG_IO_OPEN, NULL,
			            "%s: no archived "
			            "records (*.pdf) in this folder",
			            argv[c]);
			goto out;
		}
	}
	for (i = 0; i < files.n; i++)
		switch (verify(files.v[i], db, trust, d)) {
		case VERIFIED:
			break;
		case FAILED:
			failed++;
			break;
		case UNTRUSTED:
			untrusted++;
			break;
		}
	if (files.n > 1)
		printf("verified %zu of %zu files (%d failed, %d with an "
		       "untrusted signer)\n",
		       files.n - (size_t)failed - (size_t)untrusted, files.n,
		       failed, untrusted);
out:
	for (i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	db_close(db);
	sign_trust_free(trust);
	if (failed > 0 || c < argc) {
		rc = diag_exit_code(d);
		return rc > 1 ? rc : 1;
	}
	return untrusted > 0 ? EXIT_UNTRUSTED : 0;
}
