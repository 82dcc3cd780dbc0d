/* SPDX-License-Identifier: MIT */
/*
 * Internal to the importer: import.c reads, decodes and parses a file and
 * runs the transaction; the kinds of the organisation (stores, departments,
 * positions, job-description items, KPI rows, car models, social-insurance
 * rates) are checked and written by import_org.c on the parsed records.
 */
#ifndef HRP_IMPORT_INT_H
#define HRP_IMPORT_INT_H

#include "import.h"

/* 1 if kind is one of import_org.c's, else 0. */
int import_org_kind(enum import_kind kind);

/*
 * Check every record of csv (records[0] is the header) as kind o->kind and
 * write them into db, inside a transaction the caller has begun and ends:
 * committed on 0, rolled back on -1 (every problem reported at
 * file:line:column as DIAG_CSV_FIELD). *st gets the counts.
 */
int import_org_run(struct db *db, const char *file,
    const struct import_csv *csv, const struct import_opts *o,
    struct import_stats *st, struct diag *d);

/*
 * The organisation kind other than kind whose columns are all of header h
 * ("stores" for a stores file imported as store figures), or NULL. The
 * name is static; a is for scratch.
 */
const char *import_org_guess(struct arena *a, const struct import_record *h,
    enum import_kind kind);

#endif
