/* SPDX-License-Identifier: MIT */
/*
 * Binding: a checked template (tmpl_check) and the rows of its queries
 * become a document tree (doc.h). Every value from the database is checked
 * as UTF-8 and formatted by its field's format; errors name the template
 * position and the record (e.g. "employee E0012").
 */
#ifndef HRP_BIND_H
#define HRP_BIND_H

#include <stddef.h>

struct db;
struct diag;
struct doc;
struct tmpl;

/* A template parameter given on the command line (--month, -D name=value). */
struct bind_param {
	const char *name;
	const char *value; /* NULL = not given (SQL NULL) */
};

/*
 * Bind t (already checked against db) with params. A required parameter
 * that is missing or has the wrong type is reported (DIAG_CLI_USAGE /
 * DIAG_CLI_BAD_MONTH / DIAG_CLI_BAD_VALUE). Returns the document, or NULL
 * if any error was reported; free with doc_free().
 */
struct doc *bind_run(const struct tmpl *t, struct db *db,
                     const struct bind_param *params, size_t nparams,
                     struct diag *d);

#endif
