/* SPDX-License-Identifier: MIT */
/*
 * AES-256 password protection of PDFs through libqpdf's C API (see
 * encrypt.h). libharu 2.3.0 writes only RC4 encryption, which is broken;
 * qpdf reads the finished document from memory and writes it back,
 * encrypted, into memory.
 */
#include "encrypt.h"

#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>
#include <qpdf/qpdf-c.h>

#include "diag.h"
#include "xmem.h"

/* The first error qpdf holds, as one line. */
static void
report(qpdf_data q, const char *label, const char *what, struct diag *d)
{
	const char *why = "unknown error";

	if (qpdf_has_error(q)) {
		qpdf_error e = qpdf_get_error(q);
		const char *t = qpdf_get_error_full_text(q, e);

		if (t != NULL && *t != '\0')
			why = t;
	}
	diag_report(d, DIAG_PDF_ENCRYPT, NULL, "%s: %s: %.200s", label, what,
	            why);
}

int
encrypt_pdf(const void *pdf, size_t len, const char *user_pw,
            const char *owner_pw, const char *label, unsigned char **out,
            size_t *outlen, struct diag *d)
{
	qpdf_data q;
	const unsigned char *buf;
	size_t n;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (user_pw == NULL || *user_pw == '\0' || owner_pw == NULL ||
	    strcmp(user_pw, owner_pw) == 0) {
		diag_report(
		    d, DIAG_PDF_ENCRYPT, NULL, "%s: %s", label,
		    "the open password is empty or equals the owner password");
		return -1;
	}
	q = qpdf_init();
	/* problems come back as errors; warnings are not printed */
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, label, pdf, (unsigned long long)len, NULL) &
	    QPDF_ERRORS) {
		report(q, label, "reading the document", d);
		goto out;
	}
	if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
		report(q, label, "starting to write", d);
		goto out;
	}
	qpdf_set_r6_encryption_parameters2(
	    q, user_pw, owner_pw,
	    QPDF_TRUE,     /* accessibility (screen readers) */
	    QPDF_FALSE,    /* copy text and images */
	    QPDF_FALSE,    /* insert, rotate, delete pages */
	    QPDF_FALSE,    /* annotations and forms */
	    QPDF_FALSE,    /* fill in forms */
	    QPDF_FALSE,    /* any other change */
	    qpdf_r3p_full, /* print at full resolution */
	    QPDF_TRUE);    /* the metadata too */
	if (qpdf_write(q) & QPDF_ERRORS) {
		report(q, label, "encrypting", d);
		goto out;
	}
	buf = qpdf_get_buffer(q);
	n = qpdf_get_buffer_length(q);
	if (buf == NULL || n == 0) {
		report(q, label, "encrypting", d);
		goto out;
	}
	*out = xmalloc(n);
	memcpy(*out, buf, n);
	*outlen = n;
	rc = 0;
out:
	qpdf_cleanup(&q);
	return rc;
}

char *
encrypt_random_password(struct diag *d)
{
	unsigned char r[32];
	char *s;
	size_t i;

	if (RAND_bytes(r, (int)sizeof(r)) != 1) {
		diag_report(
		    d, DIAG_PDF_ENCRYPT, NULL,
		    "no random owner password: the system's random source "
		    "failed");
		return NULL;
	}
	s = xmalloc(2 * sizeof(r) + 1);
	for (i = 0; i < sizeof(r); i++)
		snprintf(s + 2 * i, 3, "%02x", r[i]);
	return s;
}
