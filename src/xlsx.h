/* SPDX-License-Identifier: MIT */
/*
 * Reading one sheet of an Excel workbook (.xlsx, Office Open XML) into the
 * same records as a CSV file, for import. The only user of libzip; the
 * sheet is read with libxml2's streaming reader, so memory grows with the
 * cells' text, not with the XML. docs/import.md describes what is accepted.
 */
#ifndef HRP_XLSX_H
#define HRP_XLSX_H

#include <stddef.h>

struct diag;
struct import_csv;

/* ---- limits (documented in docs/import.md) ---- */
/* Uncompressed bytes of one part of the workbook (a sheet, the strings). */
#define XLSX_MAX_PART_BYTES (256u * 1024 * 1024)
/* Uncompressed ÷ compressed size of a part, checked once a part has given
   XLSX_RATIO_AFTER bytes: a zip bomb goes far over it, a real sheet does
   not (Excel's own sheets compress about 10:1 to 30:1). */
#define XLSX_MAX_RATIO 200u
#define XLSX_RATIO_AFTER (4u * 1024 * 1024)
/* Distinct shared strings of a workbook. */
#define XLSX_MAX_STRINGS 2000000

/* 1 if data[0..len) starts like a zip file ("PK\3\4"), else 0. */
int xlsx_is_zip(const char *data, size_t len);
/* 1 if it starts like an old binary Office file (OLE: D0 CF 11 E0). */
int xlsx_is_ole(const char *data, size_t len);

/*
 * Read the sheet named sheet (NULL: the first visible sheet) of the
 * workbook data[0..len), named file in messages. Each row that has a
 * non-empty cell becomes a record whose line is the Excel row number and
 * whose field i is column i + 1 (A = 1); missing cells are "". Every record
 * has at least as many fields as the first one (the header). Values:
 * strings as written (spaces and tabs at both ends trimmed), numbers as
 * Excel shows them in the General format (at most 15 significant digits),
 * numbers with a date format as YYYY-MM-DD (YYYY-MM when the format shows
 * no day), with a percent format as "85.5%", booleans as TRUE/FALSE, and a
 * formula as its value saved with the file. Returns the records with
 * csv->sheet set to the sheet's name (freed with import_csv_free), or NULL
 * after reporting DIAG_XLSX_FORMAT, DIAG_XLSX_CELL (at
 * "file:sheet!C12") or DIAG_XLSX_LIMIT. Nothing of data is kept.
 */
struct import_csv *xlsx_read(const char *data, size_t len, const char *file,
                             const char *sheet, struct diag *d);

/*
 * The cell reference of 1-based row and column ("C12") into buf of size n
 * (at least 16); col 0 gives the row number alone. Returns buf.
 */
char *xlsx_cell_ref(char *buf, size_t n, int row, int col);

#endif
