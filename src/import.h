/* SPDX-License-Identifier: MIT */
/*
 * CSV import: a file in UTF-8 (with or without BOM) or GBK becomes rows of
 * employee, month_fact, vehicle_sale, kpi_result, store_fact, si_base or
 * iit_deduction. Every row is checked first and everything is written in
 * one transaction, or nothing is. docs/import.md documents each kind column
 * by column. import_csv.c decodes and parses; import.c checks and stores.
 */
#ifndef HRP_IMPORT_H
#define HRP_IMPORT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct diag;

/* ---- limits: going over one is a user error with a position ---- */
#define IMPORT_MAX_FILE_BYTES (64u * 1024 * 1024)
#define IMPORT_MAX_FIELD_BYTES 4096 /* one field, after unquoting */
#define IMPORT_MAX_FIELDS 256       /* fields of one record */
#define IMPORT_MAX_ROWS 100000      /* records after the header */
#define IMPORT_ID_MAX_BYTES 32      /* employee, position, KPI ids */

/* What a file holds. */
enum import_kind {
	IMPORT_STAFF,   /* employee: new ids inserted, known ids updated */
	IMPORT_FACTS,   /* month_fact, long or wide form */
	IMPORT_SALES,   /* vehicle_sale */
	IMPORT_KPI,     /* kpi_result */
	IMPORT_STORE,   /* store_fact: store figures by month */
	IMPORT_SI_BASE, /* si_base: contribution base by employee, year */
	IMPORT_IIT,     /* iit_deduction: special additional deductions */
	/* The organisation (import_org.c); known ids are updated. */
	IMPORT_STORES,        /* store: the store and its identity texts */
	IMPORT_DEPARTMENTS,   /* department */
	IMPORT_POSITIONS,     /* position and position_superior */
	IMPORT_JOB_ITEMS,     /* position_item: job-description lists */
	IMPORT_KPI_ITEMS,     /* kpi: the scorecard rows of a position */
	IMPORT_MODELS,        /* vehicle_model: car models and classes */
	IMPORT_SI_RATE,       /* si_rate: contribution rates by city, year */
	IMPORT_SERVICE_TARGET /* service_target: after-sales targets, year */
};

enum import_encoding {
	IMPORT_ENC_AUTO, /* BOM → UTF-8; valid UTF-8 → UTF-8; else GBK */
	IMPORT_ENC_UTF8,
	IMPORT_ENC_GBK /* decoded as GB18030, a superset of GBK */
};

/*
 * "staff", "facts", "sales", "kpi", "store", "si_base", "iit_deduction",
 * "stores", "departments", "positions", "job_items", "kpi_items", "models",
 * "si_rate", "service_target" → kind; -1 if unknown. import_kind_name() is the
 * reverse.
 */
int import_kind_lookup(const char *name);
const char *import_kind_name(enum import_kind kind);
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
                    const char *file, enum import_encoding *used,
                    size_t *outlen, struct diag *d);

/* One CSV record. */
struct import_record {
	int line; /* physical line where the record starts, 1-based */
	size_t nfields;
	char **fields; /* NUL-terminated UTF-8 values, unquoted */
};

/* A parsed file; everything lives in one arena freed by import_csv_free. */
struct import_csv {
	struct arena *arena;
	struct import_record *records;
	size_t nrecords;   /* including the header; blank lines skipped */
	const char *sheet; /* NULL for CSV; for a sheet of a workbook
	                      (xlsx.h) its name: then a record's line is
	                      its row and field i is column i + 1, and
	                      messages name cells ("file:sheet!C12") */
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
/* Free a parsed file; NULL does nothing. */
void import_csv_free(struct import_csv *csv);
/*
 * The position in messages of field (0-based; -1 = the whole record) of
 * the record at line of a file parsed into csv, named file: for CSV
 * {file, line, field + 1}; for a sheet of a workbook (csv->sheet set) a
 * label "file:sheet!C12" (or "file:sheet:12" for a whole row) made in a,
 * with line and col 0. Every check of a record reports through this.
 */
struct srcpos import_pos(struct arena *a, const struct import_csv *csv,
                         const char *file, int line, int field);

/* ---- values as written in a spreadsheet (import_csv.c, for tests) ---- */

/*
 * Each reads the whole of s and returns 0 with the value, or -1 with *why
 * set to a static phrase that follows the quoted value in a message
 * ("\"85.555\" more than two decimals"). None reports anything itself.
 */
/* Yuan ("3,500.00", "¥3500", at most two decimals) → fen; a negative
   amount only when signed_ok. */
int import_parse_yuan(const char *s, int signed_ok, int64_t *fen,
                      const char **why);
/* The same, for a column in 万元: a value that is no number says so
   ("is not an amount in 万元 (220 or 220.35)"); fen is still of yuan, to
   be scaled by the caller. */
int import_parse_wan(const char *s, int64_t *fen, const char **why);
/* Percent ("85.5", "85.5%") → basis points, or points ("95.5") →
   centipoints (percent = 0); at most two decimals, never negative. */
int import_parse_dec2(const char *s, int percent, int64_t *x100,
                      const char **why);
/*
 * A KPI's target or actual value ("82.5", "82.50", "1,234.5", 0 ... 10^9
 * with at most two decimals other than zeros, so "82.550" is 82.55 but
 * "82.555" is refused) → hundredths of its unit; a trailing "%" (or
 * "％") is allowed when percent (the KPI's unit is %), "96.3%" → 9630.
 */
int import_parse_kpi_value(const char *s, int percent, int64_t *x100,
                           const char **why);
/* A whole number 0 ... 10^9. */
int import_parse_count(const char *s, int64_t *out, const char **why);
/* Dates and months as people type them: month_read*() of month.h. */
/* 1/0, 是/否, y/n, yes/no, true/false (any case) → 1 or 0; -1 otherwise. */
int import_parse_bool(const char *s, int *out);
/* 1 if s is a non-empty id of letters, digits, _ and - (at most
   IMPORT_ID_MAX_BYTES), else 0. */
int import_is_id(const char *s);
/* ---- staff columns for the bank and the mail (import_staff.c) ---- */

/* A bank account has this many digits, spaces not counted. */
#define IMPORT_ACCOUNT_MIN_DIGITS 8
#define IMPORT_ACCOUNT_MAX_DIGITS 32
/*
 * A resident ID number (GB 11643): 17 digits, a birth date in characters
 * 7-14 and the check digit 0-9 or X (x accepted). out receives the number
 * with an upper-case X. Old 15-digit numbers, Excel's scientific notation
 * ("1.10101E+17") and a wrong check digit are refused with *why.
 */
int import_parse_id_number(const char *s, char out[19], const char **why);
/*
 * A bank account as printed on the card ("6222 0202 0011 2345 678"):
 * spaces (also U+3000) removed, then 8-32 digits into out (size bytes,
 * NUL-terminated). Scientific notation ("6.22202E+18", how Excel shows a
 * long number) is refused with advice to format the column as text.
 */
int import_parse_bank_account(const char *s, char *out, size_t size,
                              const char **why);
/* One address name@domain.tld without blanks, commas or brackets. */
int import_parse_email(const char *s, const char **why);

/*
 * A header cell less a trailing unit in brackets and blanks: "底薪（元）"
 * and "base_yuan (yuan)" give "底薪" and "base_yuan". The result lives in a.
 */
char *import_header_key(struct arena *a, const char *h);

/* ---- importing ---- */

struct import_opts {
	enum import_kind kind;
	enum import_encoding encoding;
	const char *month; /* NULL, or YYYY-MM: every row must be of it
	                      (si_base: its year is the rows' year) */
	int replace;       /* replace the stored rows that the file's
	                      rows name (facts, store, iit_deduction:
	                      employee, month and item; si_base:
	                      employee and year; kpi: employee, month
	                      and KPI; sales: the sale number, else the
	                      employee's sales of the month); nothing
	                      else. Not for staff */
	const char *sheet; /* .xlsx: the sheet to read; NULL = the
	                      first visible one */
};

struct import_stats {
	enum import_encoding encoding; /* the encoding used */
	int rows;        /* data records read (blank ones skipped) */
	int inserted;    /* table rows inserted as new: not counting
	                    those that took a replaced row's place */
	int updated;     /* table rows updated (staff) */
	int deleted;     /* table rows replaced by opts.replace */
	int renewed;     /* file rows stored in place of replaced ones */
	char *replaced;  /* opts.replace: what was replaced, one line
	                    each ("E0012 2025-03 月销量目标 8 → 9\n");
	                    NULL when nothing was; caller frees */
	int xlsx;        /* 1 if the file was an Excel workbook */
	char sheet[128]; /* then the name of the sheet read */
};

/*
 * Import data[0..len), named file in messages, into db. The bytes are
 * decoded (DIAG_CSV_ENCODING) and parsed (DIAG_CSV_SYNTAX, DIAG_CSV_LIMIT);
 * every row is checked against the database and all problems are reported
 * (DIAG_CSV_FIELD at file:line:column, column = field number) before giving
 * up; then all rows are written in one transaction. Returns 0, or -1 after
 * reporting, with the database unchanged. *st is always filled (counts are
 * 0 after a failure). Nothing of data is kept after the call.
 */
int import_data(struct db *db, const char *file, const char *data, size_t len,
                const struct import_opts *o, struct import_stats *st,
                struct diag *d);

/* Read path (at most IMPORT_MAX_FILE_BYTES, else DIAG_CSV_LIMIT; an
   unreadable file is DIAG_IO_OPEN/DIAG_IO_READ) and import it as above. */
int import_file(struct db *db, const char *path, const struct import_opts *o,
                struct import_stats *st, struct diag *d);

/*
 * Import kind iit_opening (import_opening.c): year-to-date income-tax
 * figures per employee and year into iit_opening, all rows or none, as
 * import_file() does for the other kinds. replace: a row for an employee
 * and year already stored is replaced (else an error). Refused for a year
 * with a closed month.
 */
int import_opening_file(struct db *db, const char *path,
                        enum import_encoding enc, int replace,
                        struct import_stats *st, struct diag *d);

#endif
