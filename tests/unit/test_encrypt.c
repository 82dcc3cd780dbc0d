/* SPDX-License-Identifier: MIT */
/*
 * encrypt: a PDF encrypted in memory is AES-256 R6, opens with the user
 * password and the owner password only, and allows printing but not
 * changes; bad input and unusable passwords fail with DIAG_PDF_ENCRYPT.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qpdf/qpdf-c.h>

#include "diag.h"
#include "encrypt.h"

/* A one-page PDF with "Hello" on it; qpdf rebuilds the missing xref. */
static const char hello[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]\n"
    "  /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
    "4 0 obj << /Length 40 >> stream\n"
    "BT /F1 12 Tf 20 100 Td (Hello) Tj ET    \n"
    "endstream endobj\n"
    "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
    "endobj\n"
    "trailer << /Root 1 0 R /Size 6 >>\n"
    "%%EOF\n";

/* Open data with pw: 1 with the permissions read, 0 if refused. */
static int
open_with(const unsigned char *data, size_t len, const char *pw,
    int *print, int *modify, int *extract)
{
	qpdf_data q = qpdf_init();
	int ok;

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	ok = !(qpdf_read_memory(q, "t", (const char *)data,
	    (unsigned long long)len, pw) & QPDF_ERRORS);
	if (ok) {
		*print = qpdf_allow_print_high_res(q);
		*modify = qpdf_allow_modify_other(q);
		*extract = qpdf_allow_extract_all(q);
		assert_true(qpdf_is_encrypted(q));
	} else {
		/* take the error, or qpdf_cleanup prints it */
		assert_true(qpdf_has_error(q));
		(void)qpdf_get_error(q);
	}
	qpdf_cleanup(&q);
	return ok;
}

static void
test_encrypt_r6(void **state)
{
	struct diag *d = diag_new(NULL);
	unsigned char *out = NULL;
	size_t len = 0;
	int print = 0, modify = 1, extract = 1;

	(void)state;
	assert_int_equal(encrypt_pdf(hello, sizeof(hello) - 1, "070011",
	    "owner-secret", "hello.pdf", &out, &len, d), 0);
	assert_non_null(out);
	assert_true(len > 100);
	assert_memory_equal(out, "%PDF-", 5);
	/* the handler is AES-256 revision 6 */
	assert_non_null(memmem(out, len, "/R 6", 4));
	assert_non_null(memmem(out, len, "/AESV3", 6));
	/* the text is not readable in the file */
	assert_null(memmem(out, len, "Hello", 5));
	assert_true(open_with(out, len, "070011", &print, &modify, &extract));
	assert_true(print);
	assert_false(modify);
	assert_false(extract);
	/* qpdf reports the same limits after the owner password opened it */
	assert_true(open_with(out, len, "owner-secret", &print, &modify,
	    &extract));
	assert_false(open_with(out, len, "070012", &print, &modify, &extract));
	assert_false(open_with(out, len, "", &print, &modify, &extract));
	assert_int_equal(diag_errors(d), 0);
	free(out);
	diag_free(d);
}

static void
test_encrypt_refusals(void **state)
{
	struct diag *d = diag_new(NULL);
	unsigned char *out = (unsigned char *)"x";
	size_t len = 7;

	(void)state;
	/* owner = user would give the reader every right */
	assert_int_equal(encrypt_pdf(hello, sizeof(hello) - 1, "same-pw",
	    "same-pw", "a.pdf", &out, &len, d), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(encrypt_pdf(hello, sizeof(hello) - 1, "", "owner",
	    "b.pdf", &out, &len, d), -1);
	/* not a PDF */
	assert_int_equal(encrypt_pdf("hello", 5, "070011", "owner", "c.pdf",
	    &out, &len, d), -1);
	assert_null(out);
	assert_true(diag_has(d, DIAG_PDF_ENCRYPT));
	assert_non_null(strstr(diag_text(d), "c.pdf"));
	assert_int_equal(diag_errors(d), 3);
	diag_free(d);
}

static void
test_random_password(void **state)
{
	struct diag *d = diag_new(NULL);
	char *a = encrypt_random_password(d), *b = encrypt_random_password(d);

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
	diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encrypt_r6),
		cmocka_unit_test(test_encrypt_refusals),
		cmocka_unit_test(test_random_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
