/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for diag.c: the message line format with and without a
 * position, warnings versus errors, exit codes, the error cap and the code
 * table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag.h"

static void
test_format_positions(void **state)
{
	struct srcpos full = { "f.xml", 3, 7 };
	struct srcpos noline_col = { "f.xml", 3, 0 };
	struct srcpos nocol_line = { "f.xml", 0, 5 };
	struct srcpos nofile = { NULL, 3, 7 };
	struct diag *d = diag_new(NULL);

	(void)state;
	diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, &full, "%s", "x");
	diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, &noline_col, "%s", "x");
	/* without a line, a column means nothing and is dropped */
	diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, &nocol_line, "%s", "x");
	diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, &nofile, "%s", "x");
	diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, NULL, "%s", "x");
	assert_string_equal(diag_text(d),
	    "hrpress: f.xml:3:7: error: unknown field: x\n"
	    "hrpress: f.xml:3: error: unknown field: x\n"
	    "hrpress: f.xml: error: unknown field: x\n"
	    "hrpress: error: unknown field: x\n"
	    "hrpress: error: unknown field: x\n");
	diag_free(d);
}

static void
test_format_detail(void **state)
{
	struct srcpos pos = { "data.csv", 12, 0 };
	struct diag *d = diag_new(NULL);

	(void)state;
	assert_string_equal(diag_text(d), "");
	diag_report(d, DIAG_IO_OPEN, NULL, NULL);
	diag_report(d, DIAG_CSV_FIELD, &pos, "column %d (%s): %s", 4,
	    "base_pay", "not an amount");
	/* library text with newlines stays on one line */
	diag_report(d, DIAG_DB_SQL, NULL, "%s", "near \"x\":\nsyntax error\r");
	assert_string_equal(diag_text(d),
	    "hrpress: error: cannot open file\n"
	    "hrpress: data.csv:12: error: invalid field: column 4 "
	    "(base_pay): not an amount\n"
	    "hrpress: error: database error: near \"x\": syntax error \n");
	diag_free(d);
}

/* Messages also go to the stream given to diag_new(), line for line. */
static void
test_stream(void **state)
{
	struct srcpos pos = { "t.xml", 1, 2 };
	char *mem = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&mem, &size);
	struct diag *d;

	(void)state;
	assert_non_null(f);
	d = diag_new(f);
	diag_report(d, DIAG_TMPL_XML, &pos, "%s", "unclosed tag");
	diag_report(d, DIAG_BIND_NO_ROWS, NULL, "query %s", "pay");
	fflush(f);
	assert_string_equal(mem,
	    "hrpress: t.xml:1:2: error: template is not well-formed XML: "
	    "unclosed tag\n"
	    "hrpress: warning: query returned no rows: query pay\n");
	assert_string_equal(mem, diag_text(d));
	diag_free(d);
	fclose(f);
	free(mem);
}

static void
test_warning(void **state)
{
	struct diag *d = diag_new(NULL);

	(void)state;
	diag_report(d, DIAG_BIND_NO_ROWS, NULL, "%s", "query staff");
	assert_string_equal(diag_text(d),
	    "hrpress: warning: query returned no rows: query staff\n");
	assert_int_equal(diag_warnings(d), 1);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(diag_exit_code(d), 0);
	assert_true(diag_has(d, DIAG_BIND_NO_ROWS));
	diag_free(d);
}

static void
test_exit_codes(void **state)
{
	struct diag *d;

	(void)state;
	d = diag_new(NULL);
	assert_int_equal(diag_exit_code(d), 0);
	diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, NULL, NULL);
	assert_int_equal(diag_errors(d), 1);
	assert_int_equal(diag_exit_code(d), 1);
	diag_free(d);

	d = diag_new(NULL);
	diag_report(d, DIAG_IO_OPEN, NULL, NULL);
	assert_int_equal(diag_exit_code(d), 1);
	diag_free(d);

	d = diag_new(NULL);
	diag_report(d, DIAG_DB_SQL, NULL, NULL);
	assert_int_equal(diag_exit_code(d), 2);
	diag_free(d);

	/* an internal error wins over user errors, in either order */
	d = diag_new(NULL);
	diag_report(d, DIAG_PDF_LIBHARU, NULL, NULL);
	diag_report(d, DIAG_CSV_SYNTAX, NULL, NULL);
	assert_int_equal(diag_errors(d), 2);
	assert_int_equal(diag_exit_code(d), 2);
	diag_free(d);

	d = diag_new(NULL);
	diag_report(d, DIAG_CSV_SYNTAX, NULL, NULL);
	diag_report(d, DIAG_BIND_NO_ROWS, NULL, NULL);
	diag_report(d, DIAG_FONT_SUBSET, NULL, NULL);
	assert_int_equal(diag_errors(d), 2);
	assert_int_equal(diag_warnings(d), 1);
	assert_int_equal(diag_exit_code(d), 2);
	diag_free(d);
}

static int
count_lines(const char *s, const char *needle)
{
	int n = 0;
	const char *p;

	for (p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_error_cap(void **state)
{
	struct srcpos pos = { "big.xml", 0, 0 };
	struct diag *d = diag_new(NULL);
	const char *text, *last;
	int i;

	(void)state;
	for (i = 1; i <= 50; i++) {
		pos.line = i;
		diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, &pos, "f%d", i);
	}
	assert_false(diag_has(d, DIAG_TMPL_TOO_MANY));
	assert_int_equal(count_lines(diag_text(d), "\n"), 50);
	assert_int_equal(count_lines(diag_text(d), "too many errors"), 0);

	for (; i <= 75; i++) {
		pos.line = i;
		diag_report(d, DIAG_TMPL_UNKNOWN_FIELD, &pos, "f%d", i);
	}
	text = diag_text(d);
	/* errors past the cap are counted but not printed */
	assert_int_equal(diag_errors(d), 75);
	assert_int_equal(diag_exit_code(d), 1);
	assert_int_equal(count_lines(text, "\n"), 51);
	assert_int_equal(count_lines(text, "unknown field"), 50);
	assert_non_null(strstr(text, "big.xml:50: error: unknown field: f50\n"));
	assert_null(strstr(text, "f51"));
	/* one "too many" line, and it is the last one */
	assert_int_equal(count_lines(text, "too many errors"), 1);
	last = strstr(text, "too many errors");
	assert_non_null(last);
	assert_string_equal(last, "too many errors, giving up\n");
	assert_true(diag_has(d, DIAG_TMPL_TOO_MANY));
	/* an internal error past the cap still sets the exit code */
	diag_report(d, DIAG_DB_SQL, NULL, NULL);
	assert_int_equal(diag_exit_code(d), 2);
	assert_int_equal(count_lines(diag_text(d), "\n"), 51);
	diag_free(d);
}

/* Warnings do not count toward the cap. */
static void
test_warnings_not_capped(void **state)
{
	struct diag *d = diag_new(NULL);
	int i;

	(void)state;
	for (i = 0; i < 60; i++)
		diag_report(d, DIAG_BIND_NO_ROWS, NULL, NULL);
	assert_int_equal(diag_warnings(d), 60);
	assert_int_equal(diag_errors(d), 0);
	assert_false(diag_has(d, DIAG_TMPL_TOO_MANY));
	assert_int_equal(count_lines(diag_text(d), "\n"), 60);
	diag_free(d);
}

static void
test_has(void **state)
{
	struct diag *d = diag_new(NULL);

	(void)state;
	assert_false(diag_has(d, DIAG_TMPL_SQL));
	assert_false(diag_has(d, DIAG_TMPL_EXPR));
	diag_report(d, DIAG_TMPL_SQL, NULL, NULL);
	assert_true(diag_has(d, DIAG_TMPL_SQL));
	assert_false(diag_has(d, DIAG_TMPL_EXPR));
	assert_false(diag_has(d, DIAG_NONE));
	assert_false(diag_has(d, DIAG__COUNT));
	diag_free(d);
	diag_free(NULL);
}

static void
test_code_table(void **state)
{
	int c;

	(void)state;
	assert_string_equal(diag_code_name(DIAG_TMPL_SQL), "DIAG_TMPL_SQL");
	assert_string_equal(diag_code_message(DIAG_TMPL_SQL),
	    "error in template SQL");
	assert_int_equal(diag_code_class(DIAG_TMPL_SQL), DIAG_CLASS_USER);
	assert_int_equal(diag_code_class(DIAG_IO_READ), DIAG_CLASS_ENV);
	assert_int_equal(diag_code_class(DIAG_DB_SQL), DIAG_CLASS_INTERNAL);
	assert_int_equal(diag_code_class(DIAG_BIND_NO_ROWS), DIAG_CLASS_WARN);
	assert_string_equal(diag_code_name(DIAG__COUNT), "?");
	/*
	 * Every message follows the style: lowercase (acronyms such as
	 * "PDF" aside), one line, no period.
	 */
	for (c = DIAG_NONE + 1; c < DIAG__COUNT; c++) {
		const char *name = diag_code_name(c);
		const char *msg = diag_code_message(c);
		size_t len = strlen(msg);

		assert_int_equal(strncmp(name, "DIAG_", 5), 0);
		assert_true(len > 0);
		if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' &&
		    msg[1] <= 'z')
			fail_msg("%s: message starts uppercase", name);
		if (msg[len - 1] == '.')
			fail_msg("%s: message ends with a period", name);
		if (strchr(msg, '\n'))
			fail_msg("%s: message has a newline", name);
	}
}

/* Control characters in data never reach the terminal as they are. */
static void
test_control_characters(void **state)
{
	struct srcpos pos = { "st\x1b" "aff.csv", 2, 2 };
	struct diag *d = diag_new(NULL);

	(void)state;
	diag_report(d, DIAG_CSV_FIELD, &pos, "\"%s\" is not a name",
	    "张\x1b[2J三\x07\x7f\xc2\x85\xc2\xa0");
	assert_string_equal(diag_text(d),
	    "hrpress: st\\x1baff.csv:2:2: error: invalid field: "
	    "\"张\\x1b[2J三\\x07\\x7f\\u0085\xc2\xa0\" is not a name\n");
	diag_free(d);
}

/* Does reporting code abort the process (an assertion) instead of printing? */
static int
report_aborts(int code)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct diag *d = diag_new(NULL);

		/* The assertion message is expected; keep the output clean. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		diag_report(d, (enum diag_code)code, NULL, "%s", "x");
		diag_free(d);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* A code outside the table is a programming error: it is never printed
 * as some other message. */
static void
test_invalid_code_asserts(void **state)
{
	(void)state;
	assert_false(report_aborts(DIAG_TMPL_SQL));
	assert_true(report_aborts(DIAG_NONE));
	assert_true(report_aborts(DIAG__COUNT));
	assert_true(report_aborts(-1));
}

/* The whole of a small file, in a static buffer. */
static const char *
slurp(const char *path)
{
	static char text[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/*
 * diag_log_codes(): every code reported, warnings and the error cap's line
 * too, one name a line, appended; the messages themselves do not change.
 */
static void
test_log_codes(void **state)
{
	char path[] = "/tmp/test_diag_codesXXXXXX";
	struct srcpos pos = {"t.xml", 2, 3};
	struct diag *d;
	int fd, i;
	pid_t pid;
	int status;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);

	d = diag_new(NULL);
	assert_int_equal(diag_log_codes(d, path), 0);
	diag_report(d, DIAG_TMPL_SQL, &pos, "%s", "no such table: x");
	diag_report(d, DIAG_BIND_NO_ROWS, NULL, NULL);
	assert_string_equal(diag_text(d),
	    "hrpress: t.xml:2:3: error: error in template SQL: "
	    "no such table: x\n"
	    "hrpress: warning: query returned no rows\n");
	/* a worker forked later appends to the same file */
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		diag_report(d, DIAG_JOBS_WORKER, NULL, NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	diag_free(d);
	assert_string_equal(slurp(path),
	    "DIAG_TMPL_SQL\nDIAG_BIND_NO_ROWS\nDIAG_JOBS_WORKER\n");

	/* a second sink appends; past the cap, codes are still logged */
	d = diag_new(NULL);
	assert_int_equal(diag_log_codes(d, path), 0);
	for (i = 0; i < 51; i++)
		diag_report(d, DIAG_CSV_FIELD, NULL, NULL);
	diag_free(d);
	{
		const char *t = slurp(path);
		const char *cap = strstr(t, "DIAG_TMPL_TOO_MANY\n");
		int n = 0;

		assert_non_null(cap);
		for (t = strstr(t, "DIAG_CSV_FIELD\n"); t;
		     t = strstr(t + 1, "DIAG_CSV_FIELD\n"))
			n++;
		assert_int_equal(n, 51);
	}
	unlink(path);

	/* a sink without the hook writes nothing anywhere */
	d = diag_new(NULL);
	diag_report(d, DIAG_TMPL_SQL, NULL, NULL);
	diag_free(d);
	assert_int_equal(access(path, F_OK), -1);

	/* a file that cannot be created is an error naming it */
	d = diag_new(NULL);
	assert_int_equal(diag_log_codes(d, "/nonexistent/dir/codes"), -1);
	assert_true(diag_has(d, DIAG_IO_OPEN));
	assert_non_null(strstr(diag_text(d),
	    "hrpress: /nonexistent/dir/codes: error: cannot open file: "));
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_positions),
		cmocka_unit_test(test_format_detail),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_warning),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_warnings_not_capped),
		cmocka_unit_test(test_has),
		cmocka_unit_test(test_code_table),
		cmocka_unit_test(test_invalid_code_asserts),
		cmocka_unit_test(test_log_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
