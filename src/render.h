/* SPDX-License-Identifier: MIT */
/*
 * The render pipeline in one place: where the built-in templates are, a
 * template parsed and checked against a database, and template × data →
 * pages (bind, then layout). Used by hrpress render, the built-in document
 * commands (one document and --split batches) and hrpress archive; the PDF
 * is then written with pdf.h.
 */
#ifndef HRP_RENDER_H
#define HRP_RENDER_H

#include <stddef.h>

struct bind_param;
struct db;
struct diag;
struct fontset;
struct page_doc;
struct tmpl;

/*
 * The path of built-in template name ("payslip.xml"): the first readable
 * one of $HRPRESS_TEMPLATES/name, the templates/ folder beside the
 * program's parent folder, its share/hrpress/templates/, else the installed
 * data directory's (which may not exist: parsing then reports it). Never
 * fails; the caller frees the result.
 */
char *render_builtin_path(const char *name);

/*
 * The template at path, parsed and checked against db's schema and data
 * (tmpl_check), ready to be bound any number of times. NULL after
 * reporting every problem into d. Freed with tmpl_free(); it does not keep
 * db.
 */
struct tmpl *render_template(const char *path, struct db *db, struct diag *d);

/*
 * The font chain: the nfonts "FILE[:INDEX]" names given with --font, else
 * the default chain (font.h). NULL after reporting; fontset_free() frees.
 */
struct fontset *render_fonts(const char *const *fonts, size_t nfonts,
                             struct diag *d);

/*
 * Bind t to db's rows with the nparams params and lay the result out with
 * fs: the pages, which borrow nothing from t, db or params. NULL after
 * reporting (a binding error, a character no font has). Freed with
 * page_doc_free().
 */
struct page_doc *render_pages(const struct tmpl *t, struct db *db,
                              const struct bind_param *params, size_t nparams,
                              const struct fontset *fs, struct diag *d);

#endif
