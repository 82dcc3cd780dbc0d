/* SPDX-License-Identifier: MIT */
/*
 * The message table and the one place that formats and prints diagnostics.
 * Counts errors by class so that cli.c can pick the exit code.
 */
#include "diag.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "xmem.h"

#define DIAG_MAX_ERRORS 50

static const struct {
	const char *name;
	enum diag_class cls;
	const char *msg;
} table[] = {
    {"DIAG_NONE", DIAG_CLASS_WARN, "no problem"},
#define USER DIAG_CLASS_USER
#define ENV DIAG_CLASS_ENV
#define INTERNAL DIAG_CLASS_INTERNAL
#define WARN DIAG_CLASS_WARN
#define DIAG(code, cls, msg) {#code, cls, msg},
#include "diag_codes.h"
#undef DIAG
#undef USER
#undef ENV
#undef INTERNAL
#undef WARN
};

struct diag {
	FILE *out;       /* NULL: keep only */
	struct buf text; /* every line reported */
	int errors;      /* USER, ENV and INTERNAL reports */
	int warnings;
	int internal; /* INTERNAL reports */
	int codes_fd; /* diag_log_codes() file; -1 = none */
	unsigned char seen[DIAG__COUNT];
};

struct diag *
diag_new(FILE *out)
{
	struct diag *d = xcalloc(1, sizeof(*d));
	d->out = out;
	d->codes_fd = -1;
	buf_init(&d->text, 0);
	return d;
}

void
diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	buf_free(&d->text);
	if (d->codes_fd >= 0)
		close(d->codes_fd);
	free(d);
}

int
diag_log_codes(struct diag *d, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd < 0) {
		struct srcpos p = {path, 0, 0};
		diag_report(d, DIAG_IO_OPEN, &p, "%s (HRPRESS_DIAG_CODES)",
		            strerror(errno));
		return -1;
	}
	if (d->codes_fd >= 0)
		close(d->codes_fd);
	d->codes_fd = fd;
	return 0;
}

/* One line "DIAG_X\n" to the diag_log_codes() file, in one write. */
static void
log_code(const struct diag *d, enum diag_code code)
{
	char line[64];
	int n;

	if (d->codes_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%s\n", table[code].name);
	if (n > 0 && (size_t)n < sizeof(line)) {
		ssize_t w = write(d->codes_fd, line, (size_t)n);
		/* a test hook: a failed write shows there as a missing code */
		(void)w;
	}
}

static void
emit(struct diag *d, const char *line)
{
	buf_adds(&d->text, line);
	buf_addc(&d->text, '\n');
	if (d->out) {
		fputs(line, d->out);
		fputc('\n', d->out);
		fflush(d->out);
	}
}

/*
 * Append s so that it cannot act on a terminal: one message is one line
 * (a newline from library text becomes a space), and every other control
 * character, C0, DEL or C1 (U+0080-U+009F: C2 80-9F), is written as an
 * escape (\x1b, \u0085), so that a name holding ESC [2J shows as text
 * instead of clearing the screen.
 */
static void
add_safe(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p == '\n' || *p == '\r')
			buf_adds(b, " ");
		else if (*p < 0x20 || *p == 0x7F)
			buf_printf(b, "\\x%02x", *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			buf_printf(b, "\\u%04x", p[1]);
			p++;
		} else
			buf_add(b, (const char *)p, 1);
	}
}

void
diag_report(struct diag *d, enum diag_code code, const struct srcpos *pos,
            const char *detail, ...)
{
	struct buf line;
	enum diag_class cls;
	va_list ap;

	/* A code outside the table is a programming error, not a message. */
	assert(code > DIAG_NONE && code < DIAG__COUNT);
	cls = table[code].cls;
	d->seen[code] = 1;
	log_code(d, code);
	if (cls == DIAG_CLASS_WARN)
		d->warnings++;
	else {
		d->errors++;
		if (cls == DIAG_CLASS_INTERNAL)
			d->internal++;
		if (d->errors == DIAG_MAX_ERRORS + 1) {
			/* the cap's own code and message, like any other */
			char cap[80];

			d->seen[DIAG_TMPL_TOO_MANY] = 1;
			log_code(d, DIAG_TMPL_TOO_MANY);
			snprintf(cap, sizeof(cap), "hrpress: error: %s",
			         table[DIAG_TMPL_TOO_MANY].msg);
			emit(d, cap);
		}
		if (d->errors > DIAG_MAX_ERRORS)
			return;
	}
	buf_init(&line, 0);
	buf_adds(&line, "hrpress: ");
	if (pos && pos->file) {
		add_safe(&line, pos->file);
		if (pos->line > 0) {
			buf_printf(&line, ":%d", pos->line);
			if (pos->col > 0)
				buf_printf(&line, ":%d", pos->col);
		}
		buf_adds(&line, ": ");
	}
	buf_adds(&line, cls == DIAG_CLASS_WARN ? "warning: " : "error: ");
	buf_adds(&line, table[code].msg);
	if (detail && *detail) {
		char *s;
		va_start(ap, detail);
		{
			va_list aq;
			int n;
			va_copy(aq, ap);
			n = vsnprintf(NULL, 0, detail, aq);
			va_end(aq);
			s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
			vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, detail, ap);
		}
		va_end(ap);
		if (*s) {
			buf_adds(&line, ": ");
			add_safe(&line, s);
		}
		free(s);
	}
	emit(d, buf_cstr(&line));
	buf_free(&line);
}

int
diag_errors(const struct diag *d)
{
	return d->errors;
}

int
diag_warnings(const struct diag *d)
{
	return d->warnings;
}

int
diag_has(const struct diag *d, enum diag_code code)
{
	return code > DIAG_NONE && code < DIAG__COUNT && d->seen[code];
}

int
diag_exit_code(const struct diag *d)
{
	if (d->internal)
		return 2;
	return d->errors ? 1 : 0;
}

const char *
diag_text(const struct diag *d)
{
	return buf_cstr(&d->text);
}

const char *
diag_code_name(enum diag_code code)
{
	return code >= 0 && code < DIAG__COUNT ? table[code].name : "?";
}

const char *
diag_code_message(enum diag_code code)
{
	return code >= 0 && code < DIAG__COUNT ? table[code].msg : "?";
}

enum diag_class
diag_code_class(enum diag_code code)
{
	return code >= 0 && code < DIAG__COUNT ? table[code].cls
	                                       : DIAG_CLASS_INTERNAL;
}
