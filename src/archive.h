/* SPDX-License-Identifier: MIT */
/*
 * The archive of signed records: safe paths built from database ids, the
 * PDF/A XMP packet, the visible signature block drawn on a page, durable
 * never-overwriting file writes, and the append-only ledger table.
 */
#ifndef HRP_ARCHIVE_H
#define HRP_ARCHIVE_H

#include <stddef.h>

struct arena;
struct db;
struct db_rows;
struct diag;

/* ---- paths ---- */

/*
 * Is s usable as one path component: 1 to 64 characters of [A-Za-z0-9_-]
 * (so never "." or ".." and never a separator)? 1 or 0.
 */
int archive_name_ok(const char *s);

/*
 * The path of a record relative to the archive directory:
 * "MONTH/DEPT/EMP-KIND.pdf", or "MONTH/DEPT/EMP-KIND.vN.pdf" for version
 * N > 1. Every part is checked (month YYYY-MM, the others by
 * archive_name_ok); on failure DIAG_ARCHIVE_BAD_NAME is reported and NULL
 * returned. The caller frees the result.
 */
char *archive_rel_path(const char *month, const char *dept, const char *emp,
                       const char *kind, int version, struct diag *d);

/*
 * Write data as a new file: the directories of rel under root are created
 * (0755), the bytes go to a temporary file in the final directory, are
 * flushed to disk and linked under rel (version first_version, at least
 * 1); if that name exists, the next versions are tried, so no file is
 * ever replaced. The temporary
 * name is removed. The directories are not flushed: call archive_sync_dirs
 * for the files written before their ledger rows are committed. *version
 * receives the version written and *rel_out (caller frees) its relative
 * path. Returns 0 or -1.
 */
int archive_store(const char *root, const char *month, const char *dept,
                  const char *emp, const char *kind, const void *data,
                  size_t len, int first_version, char **rel_out, int *version,
                  struct diag *d);

/*
 * archive_store in three steps, so that a batch of files costs one flush
 * to disk instead of one each. A record's file being written: its bytes
 * in a temporary dot-file of the final directory (created as
 * archive_store does), open and not yet flushed. NULL after reporting.
 */
struct archive_tmp;
struct archive_tmp *archive_tmp_write(const char *root, const char *month,
                                      const char *dept, const char *emp,
                                      const char *kind, const void *data,
                                      size_t len, struct diag *d);
/* Flush the n files of t to disk: one syncfs, then fsync each. 0 or -1. */
int archive_tmp_sync(struct archive_tmp *const *t, size_t n, struct diag *d);
/*
 * Link a flushed file under its final name, as archive_store does
 * (first_version, then the next free one), and remove the temporary
 * name. 0 or -1; *rel_out and *version as for archive_store.
 */
int archive_tmp_link(struct archive_tmp *t, int first_version, char **rel_out,
                     int *version, struct diag *d);
/* Free t; a temporary file not linked yet is removed. NULL is allowed. */
void archive_tmp_free(struct archive_tmp *t);

/*
 * Flush to disk, once each, the directories that hold the n files of e
 * (paths relative to root, as archive_store returns them), their parents
 * up to root, and root: after this the names of the files survive a power
 * cut. One sync a directory instead of two a file. Returns 0 or -1.
 */
struct archive_entry;
int archive_sync_dirs(const char *root, const struct archive_entry *e, size_t n,
                      struct diag *d);

/* ---- the archive directory's identity ---- */

/*
 * Every archive directory holds this file, naming it with a random id that
 * its ledger rows record, so that two archives of the same month (another
 * -o directory, a copy on another disk) are never mistaken for each other.
 */
#define ARCHIVE_ID_FILE "hrpress-archive.id"
#define ARCHIVE_ID_HEX 33 /* 32 hex digits and the NUL */
/* Directories walked up from a record looking for ARCHIVE_ID_FILE. */
#define ARCHIVE_ID_DEPTH 8

/*
 * Read root's id into id[ARCHIVE_ID_HEX]. When the file is missing and
 * create is set, root is created (0755) if needed and the file written
 * with a new random id (atomically: of two runs starting at once, both
 * get the same id). Returns 0, or -1 after reporting DIAG_IO_* or
 * DIAG_ARCHIVE_LEDGER (a damaged id file).
 */
int archive_root_id(const char *root, int create, char *id, struct diag *d);

/*
 * Find the archive that file belongs to: its directory and up to
 * ARCHIVE_ID_DEPTH levels above it are searched for ARCHIVE_ID_FILE.
 * Returns 1 with id filled and *rel (caller frees) set to file's path
 * relative to that directory; 0 if there is none; -1 after reporting.
 */
int archive_locate(const char *file, char *id, char **rel, struct diag *d);

/* ---- metadata ---- */

/* s with & < > " ' escaped for XML, control characters as spaces (free). */
char *archive_xml_escape(const char *s);

/* What the XMP packet says; NULL strings are left out. */
struct archive_meta {
	const char *title, *author, *subject, *keywords, *creator;
	const char *producer; /* must equal the Info /Producer */
	long long time_s;     /* creation = modification date, UTC */
	const char *employee_id, *month, *kind;
};

/*
 * A complete XMP packet claiming PDF/A-2b, with Dublin Core, xmp and pdf
 * properties matching the Info dictionary and the record's employee,
 * month and kind in the hrpress namespace (with its PDF/A extension schema
 * description). The caller frees the result.
 */
char *archive_xmp(const struct archive_meta *m);

/* What a record says it is (its XMP's hrpress properties). */
struct archive_ident {
	char employee_id[65];
	char month[8]; /* YYYY-MM */
	char kind[33];
};

/*
 * Read the employee, month and kind that an archived record embeds in
 * its XMP packet (uncompressed, as archive_xmp writes it). Each property
 * must appear exactly once, be plain text (no markup) and fit. Returns 0,
 * or -1 when the file is not such a record (id is then all empty).
 */
int archive_ident_read(const unsigned char *data, size_t len,
                       struct archive_ident *id);

/*
 * Does the name of the file at path say what id says: a base name
 * "EMP-KIND.pdf" or "EMP-KIND.vN.pdf" inside "MONTH/DEPT/"? 1 or 0.
 */
int archive_ident_matches_path(const struct archive_ident *id,
                               const char *path);

/* ---- ledger ---- */

/* One row of the ledger (see docs/archive.md). */
struct archive_entry {
	const char *path; /* relative to the archive directory */
	const char *kind; /* payslip, scorecard */
	const char *employee_id;
	const char *month;         /* YYYY-MM */
	const char *sha256;        /* lowercase hex */
	long long size;            /* bytes */
	const char *created_at;    /* YYYY-MM-DDTHH:MM:SSZ */
	const char *generator;     /* "hrpress VERSION" */
	const char *signer_sha256; /* certificate fingerprint or NULL */
	int version;               /* 1, 2, ... */
	const char *archive_id;    /* the archive directory's id
	                              (archive_root_id) */
};

/* Insert n rows in one transaction: all or none. Returns 0 or -1. */
int archive_ledger_append(struct db *db, const struct archive_entry *e,
                          size_t n, struct diag *d);

/*
 * Insert n rows inside the caller's transaction (db_begin), which the
 * caller rolls back if this fails. Returns 0 or -1.
 */
int archive_ledger_insert(struct db *db, const struct archive_entry *e,
                          size_t n, struct diag *d);

/*
 * The highest version of the record (month, dept, emp, kind) that the
 * ledger has in the archive archive_id, into *version (0: none). The next
 * run starts after it, so that a directory with the archive's id but not
 * its files (a shard's own output directory) never reuses a version the
 * archive has. Returns 0, or -1 after reporting (a bad name too).
 */
int archive_ledger_last_version(struct db *db, const char *archive_id,
                                const char *month, const char *dept,
                                const char *emp, const char *kind, int *version,
                                struct diag *d);

/*
 * The ledger rows whose sha256 is hex, columns path, size, kind,
 * employee_id, month, version, signer_sha256, created_at, archive_id, in
 * arena.
 */
int archive_ledger_find(struct db *db, const char *hex, struct arena *arena,
                        struct db_rows *out, struct diag *d);

#endif
