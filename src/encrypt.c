/* SPDX-License-Identifier: MIT */
/*
 * AES-256 password protection of PDFs through libqpdf's C API (see
 * encrypt.h). libharu 2.3.0 writes only RC4 encryption, which is broken;
 * qpdf reads the finished document from memory and writes it back,
 * encrypted, into memory.
 *
 * libqpdf is opened (dlopen) on the first encryption, not linked: it and
 * what it pulls in (libstdc++, GnuTLS and a dozen more) were a third of
 * the libraries every hrpress command loaded and about 40 % of its start
 * time, for the one command that encrypts. The Makefile passes the
 * library's SONAME as HRP_QPDF_SONAME, read from the installed libqpdf.so.
 */
#include "encrypt.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>
#include <qpdf/qpdf-c.h>

#include "diag.h"
#include "xmem.h"

#ifndef HRP_QPDF_SONAME
#error "HRP_QPDF_SONAME (libqpdf's SONAME, e.g. \"libqpdf.so.29\") is not set"
#endif

typedef QPDF_ERROR_CODE read_memory_fn(qpdf_data, char const *, char const *,
                                       unsigned long long, char const *);

/* The functions of libqpdf's C API used here, once loaded. */
static struct {
	void *lib;
	qpdf_data (*init)(void);
	void (*cleanup)(qpdf_data *);
	void (*silence_errors)(qpdf_data);
	void (*set_suppress_warnings)(qpdf_data, QPDF_BOOL);
	read_memory_fn *read_memory;
	QPDF_ERROR_CODE (*init_write_memory)(qpdf_data);
	void (*set_r6)(qpdf_data, char const *, char const *, QPDF_BOOL,
	               QPDF_BOOL, QPDF_BOOL, QPDF_BOOL, QPDF_BOOL, QPDF_BOOL,
	               enum qpdf_r3_print_e, QPDF_BOOL);
	QPDF_ERROR_CODE (*write)(qpdf_data);
	unsigned char const *(*get_buffer)(qpdf_data);
	size_t (*get_buffer_length)(qpdf_data);
	QPDF_BOOL (*has_error)(qpdf_data);
	qpdf_error (*get_error)(qpdf_data);
	char const *(*get_error_full_text)(qpdf_data, qpdf_error);
} q_api;

/* dlsym into a function pointer (POSIX: the object and function pointers
   have the same representation). */
static int
sym(void *lib, const char *name, void *fn, size_t size)
{
	void *p = dlsym(lib, name);

	if (p == NULL || size != sizeof(p))
		return -1;
	memcpy(fn, &p, size);
	return 0;
}

#define SYM(f, name) sym(lib, name, &q_api.f, sizeof(q_api.f))

static int
load_qpdf(const char *label, struct diag *d)
{
	void *lib;
	const char *err;

	if (q_api.lib != NULL)
		return 0;
	lib = dlopen(HRP_QPDF_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		err = dlerror();
		diag_report(
		    d, DIAG_PDF_ENCRYPT, NULL,
		    "%s: the encryption library cannot be loaded: %.200s: "
		    "install Debian's libqpdf (sh scripts/deps.sh, or "
		    "apt-get install libqpdf-dev)",
		    label, err != NULL ? err : HRP_QPDF_SONAME);
		return -1;
	}
	if (SYM(init, "qpdf_init") < 0 || SYM(cleanup, "qpdf_cleanup") < 0 ||
	    SYM(silence_errors, "qpdf_silence_errors") < 0 ||
	    SYM(set_suppress_warnings, "qpdf_set_suppress_warnings") < 0 ||
	    SYM(read_memory, "qpdf_read_memory") < 0 ||
	    SYM(init_write_memory, "qpdf_init_write_memory") < 0 ||
	    SYM(set_r6, "qpdf_set_r6_encryption_parameters2") < 0 ||
	    SYM(write, "qpdf_write") < 0 ||
	    SYM(get_buffer, "qpdf_get_buffer") < 0 ||
	    SYM(get_buffer_length, "qpdf_get_buffer_length") < 0 ||
	    SYM(has_error, "qpdf_has_error") < 0 ||
	    SYM(get_error, "qpdf_get_error") < 0 ||
	    SYM(get_error_full_text, "qpdf_get_error_full_text") < 0) {
		diag_report(d, DIAG_PDF_ENCRYPT, NULL,
		            "%s: %s lacks a function of qpdf's C API: install "
		            "Debian's libqpdf (sh scripts/deps.sh)",
		            label, HRP_QPDF_SONAME);
		dlclose(lib);
		return -1;
	}
	q_api.lib = lib;
	return 0;
}

/* The first error qpdf holds, as one line. */
static void
report(qpdf_data q, const char *label, const char *what, struct diag *d)
{
	const char *why = "unknown error";

	if (q_api.has_error(q)) {
		qpdf_error e = q_api.get_error(q);
		const char *t = q_api.get_error_full_text(q, e);

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
	if (load_qpdf(label, d) < 0)
		return -1;
	q = q_api.init();
	/* problems come back as errors; warnings are not printed */
	q_api.silence_errors(q);
	q_api.set_suppress_warnings(q, QPDF_TRUE);
	if (q_api.read_memory(q, label, pdf, (unsigned long long)len, NULL) &
	    QPDF_ERRORS) {
		report(q, label, "reading the document", d);
		goto out;
	}
	if (q_api.init_write_memory(q) & QPDF_ERRORS) {
		report(q, label, "starting to write", d);
		goto out;
	}
	q_api.set_r6(q, user_pw, owner_pw,
	             QPDF_TRUE,     /* accessibility (screen readers) */
	             QPDF_FALSE,    /* copy text and images */
	             QPDF_FALSE,    /* insert, rotate, delete pages */
	             QPDF_FALSE,    /* annotations and forms */
	             QPDF_FALSE,    /* fill in forms */
	             QPDF_FALSE,    /* any other change */
	             qpdf_r3p_full, /* print at full resolution */
	             QPDF_TRUE);    /* the metadata too */
	if (q_api.write(q) & QPDF_ERRORS) {
		report(q, label, "encrypting", d);
		goto out;
	}
	buf = q_api.get_buffer(q);
	n = q_api.get_buffer_length(q);
	if (buf == NULL || n == 0) {
		report(q, label, "encrypting", d);
		goto out;
	}
	*out = xmalloc(n);
	memcpy(*out, buf, n);
	*outlen = n;
	rc = 0;
out:
	q_api.cleanup(&q);
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
