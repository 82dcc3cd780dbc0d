/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics: every user-visible message has a code (diag_codes.h), a class
 * that decides the exit status, and an optional source position. Messages
 * print as "hrpress: FILE:LINE:COL: error: MESSAGE: DETAIL". Messages are
 * written only here (diag.c); the other writers of stderr are cli.c (the
 * usage without a command), xmem.c (out of memory), jobs.c (the progress
 * line, and the workers' stderr it relays) and the commands' "wrote" line
 * when the PDF itself goes to stdout.
 */
#ifndef HRP_DIAG_H
#define HRP_DIAG_H

#include <stdio.h>

/* A place in an input file; line and col are 1-based, 0 = unknown. */
struct srcpos {
	const char *file; /* path as given by the user; NULL = none */
	int line;
	int col;
};

enum diag_code {
	DIAG_NONE = 0,
#define DIAG(code, cls, msg) code,
#include "diag_codes.h"
#undef DIAG
	DIAG__COUNT
};

enum diag_class {
	DIAG_CLASS_WARN,    /* printed, does not fail */
	DIAG_CLASS_USER,    /* bad input: exit 1 */
	DIAG_CLASS_ENV,     /* environment: exit 1 */
	DIAG_CLASS_INTERNAL /* library failure or bug: exit 2 */
};

struct diag;

/*
 * A new sink. Messages go to out (stderr in the program) unless out is NULL,
 * in which case they are only kept (tests read them with diag_text()).
 */
struct diag *diag_new(FILE *out);
void diag_free(struct diag *d);

/*
 * Also append the code name of every diagnostic reported from now on
 * ("DIAG_TMPL_SQL", one a line, warnings too) to the file path, created if
 * need be; tests use it to know which code was raised without parsing the
 * message. Each line is written with one write(2) on a file opened with
 * O_APPEND, so worker processes forked later add theirs safely. The
 * program calls this with $HRPRESS_DIAG_CODES. Returns 0, or -1 after
 * reporting DIAG_IO_OPEN. The file is closed by diag_free().
 */
int diag_log_codes(struct diag *d, const char *path);

/*
 * Report one problem. code must be one of diag_codes.h (anything else,
 * DIAG_NONE included, fails an assertion). pos may be NULL; detail is
 * printf-style and may be NULL. Once the error count reaches the limit (50)
 * further errors are counted but not printed, and one DIAG_TMPL_TOO_MANY line
 * is printed.
 */
void diag_report(struct diag *d, enum diag_code code, const struct srcpos *pos,
                 const char *detail, ...) __attribute__((format(printf, 4, 5)));

/* Number of errors (not warnings) reported so far. */
int diag_errors(const struct diag *d);
/* Number of warnings reported so far. */
int diag_warnings(const struct diag *d);
/* Has this code been reported? (tests) */
int diag_has(const struct diag *d, enum diag_code code);
/* 0 without errors, 2 if any INTERNAL error, else 1. */
int diag_exit_code(const struct diag *d);
/* Everything reported, one line per message; valid until diag_free(). */
const char *diag_text(const struct diag *d);

/* "DIAG_TMPL_SQL" and its message, for docs and tests. */
const char *diag_code_name(enum diag_code code);
const char *diag_code_message(enum diag_code code);
enum diag_class diag_code_class(enum diag_code code);

#endif
