/* SPDX-License-Identifier: MIT */
/*
 * CSV import: a file in UTF-8 (with or without BOM) or GBK becomes rows of
 * employee, month_fact, vehicle_sale or kpi_result. Every row is checked
 * first and everything is written in one transaction, or nothing is.
 * docs/import.md documents each kind column by column.
 */
#ifndef HRP_IMPORT_H
#define HRP_IMPORT_H

#include <stddef.h>

struct db;
struct diag;

/* ---- limits: going over one is a user error with a position ---- */
#define IMPORT_MAX_FILE_BYTES (64u * 1024 * 1024)
#define IMPORT_MAX_FIELD_BYTES 4096	/* one field, after unquoting */
#define IMPORT_MAX_FIELDS 256		/* fields of one record */
#define IMPORT_MAX_ROWS 100000		/* records after the header */

/* What a file holds. */
enum import_kind {
	IMPORT_STAFF,	/* employee: new ids inserted, known ids updated */
	IMPORT_FACTS,	/* month_fact, long or wide form */
	IMPORT_SALES,	/* vehicle_sale */
	IMPORT_KPI	/* kpi_result */
};

enum import_encoding {
	IMPORT_ENC_AUTO,	/* BOM → UTF-8; valid UTF-8 → UTF-8; else GBK */
	IMPORT_ENC_UTF8,
	IMPORT_ENC_GBK		/* decoded as GB18030, a superset of GBK */
};

/* "staff", "facts", "sales", "kpi" → kind; -1 if unknown. */
int import_kind_lookup(const char *name);
/* "auto", "utf-8"/"utf8", "gbk"/"gb18030" (any case) → encoding; or -1. */
int import_encoding_lookup(const char *name);
/* "UTF-8" or "GBK" (for messages). */
const char *import_encoding_name(enum import_encoding enc);

/* ---- decoding and CSV parsing (exposed for tests) ---- */

/*
 * Decode data[0..len) to UTF-8 (a UTF-8 BOM is dropped). enc chooses or
 * detects the encoding; the one used is stored in *used. Line numbers are
 * the same before and after decoding. Returns a NUL-terminated string of
 * *outlen bytes that the caller frees, or NULL after reporting
 * DIAG_CSV_ENCODING at file:line:column (column counted in characters) for
 * a NUL byte or a byte sequence invalid in the encoding.
 */
char *import_decode(const char *data, size_t len, enum import_encoding enc,
    const char *file, enum import_encoding *used, size_t *outlen,
    struct diag *d);

/* One CSV record. */
struct import_record {
	int line;		/* physical line where the record starts, 1-based */
	size_t nfields;
	char **fields;		/* NUL-terminated UTF-8 values, unquoted */
};

/* A parsed file; everything lives in one arena freed by import_csv_free. */
struct import_csv {
	struct arena *arena;
	struct import_record *records;
	size_t nrecords;	/* including the header; blank lines skipped */
};

/*
 * Parse RFC 4180 CSV from UTF-8 text: quoted fields may hold commas,
 * doubled quotes and line breaks; records end in LF or CRLF; a final line
 * break is optional. Unquoted fields are trimmed of spaces and tabs. Empty
 * lines are skipped. Returns the records, or NULL after reporting
 * DIAG_CSV_SYNTAX (or DIAG_CSV_LIMIT) at file:line:field.
 */
struct import_csv *import_csv_parse(const char *text, size_t len,
    const char *file, struct diag *d);
void import_csv_free(struct import_csv *csv);

/* ---- importing ---- */

struct import_opts {
	enum import_kind kind;
	enum import_encoding encoding;
	const char *month;	/* NULL, or YYYY-MM: every row must be of it */
	int replace;		/* delete the file's months' rows of this kind
				   first (facts, sales, kpi) */
};

struct import_stats {
	enum import_encoding encoding;	/* the encoding used */
	int rows;		/* data records read (blank ones skipped) */
	int inserted;		/* table rows inserted */
	int updated;		/* table rows updated (staff) */
	int deleted;		/* table rows deleted by opts.replace */
};

/*
 * Import data[0..len), named file in messages, into db. Every row is
 * checked and all problems are reported (DIAG_CSV_FIELD at
 * file:line:column, column = field number) before giving up; then all rows
 * are written in one transaction. Returns 0, or -1 after reporting, with
 * the database unchanged.
 */
int import_data(struct db *db, const char *file, const char *data,
    size_t len, const struct import_opts *o, struct import_stats *st,
    struct diag *d);

/* Read path (at most IMPORT_MAX_FILE_BYTES) and import it as above. */
int import_file(struct db *db, const char *path, const struct import_opts *o,
    struct import_stats *st, struct diag *d);

#endif
