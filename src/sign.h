/* SPDX-License-Identifier: MIT */
/*
 * The only user of OpenSSL: SHA-256, PEM keys and certificates, and PKCS#7
 * (CMS) detached signatures embedded in a PDF as an incremental update
 * (adbe.pkcs7.detached over /ByteRange), plus their verification.
 */
#ifndef HRP_SIGN_H
#define HRP_SIGN_H

#include <stddef.h>

struct diag;

#define SIGN_SHA256_HEX 65 /* 64 hex digits and the NUL */

/* The SHA-256 of data as lowercase hex into hex[SIGN_SHA256_HEX]. */
void sign_sha256_hex(const void *data, size_t len, char *hex);

/* A private key with its certificate. */
struct sign_key;

/*
 * Load a PEM private key and a PEM certificate file (its first certificate
 * is the signer's; any others are ignored). The key must match it.
 * Returns NULL after reporting DIAG_SIGN_KEY.
 */
struct sign_key *sign_key_load(const char *key_path, const char *cert_path,
                               struct diag *d);
void sign_key_free(struct sign_key *k);
/* The certificate's subject common name (UTF-8); valid while k lives. */
const char *sign_key_signer(const struct sign_key *k);
/* SHA-256 of the certificate (DER) as lowercase hex; valid while k lives. */
const char *sign_key_fingerprint(const struct sign_key *k);

/* What goes into the signature dictionary. */
struct sign_params {
	const char *reason; /* UTF-8, e.g. 工资条签发 */
	long long time_s;   /* signing time, seconds since 1970 */
};

/*
 * Sign the PDF in *data (*len bytes, as written by pdf_render: classic
 * xref table) by appending an incremental update with a signature field on
 * the first page, an AcroForm (SigFlags 3) and the PKCS#7 detached
 * signature over everything but /Contents. *data is reallocated and *len
 * updated. label names the document in errors. Returns 0 or -1.
 */
int sign_pdf(const struct sign_key *k, const struct sign_params *sp,
             const char *label, unsigned char **data, size_t *len,
             struct diag *d);

enum sign_status {
	SIGN_NONE,  /* the file has no signature */
	SIGN_VALID, /* the signature covers the file and verifies */
	SIGN_BAD    /* malformed, partial or failing signature */
};

/* The outcome of sign_verify(); strings are owned by the struct. */
struct sign_result {
	enum sign_status status;
	char why[160];                     /* SIGN_BAD: what is wrong */
	char signer[128];                  /* SIGN_VALID: subject common name */
	char fingerprint[SIGN_SHA256_HEX]; /* SIGN_VALID: signer cert */
	int trusted; /* SIGN_VALID: the signer is one of the trust
	                list's certificates or is issued by one */
};

/*
 * Certificates a verifier trusts: each is either a pinned signer
 * certificate (the one the archive run signed with) or a CA that issued
 * it. Nothing else is trusted: a certificate with the same name made by
 * someone else is not, and neither are the system's CAs.
 */
struct sign_trust;

/*
 * Read every PEM certificate of each of paths[0..n) (a file may hold
 * several). Returns NULL after reporting DIAG_SIGN_KEY naming a file that
 * cannot be read or holds no certificate.
 */
struct sign_trust *sign_trust_load(const char *const *paths, size_t n,
                                   struct diag *d);
void sign_trust_free(struct sign_trust *t);

/*
 * Check the signature of a PDF held in memory: exactly one /ByteRange that
 * covers the whole file except the /Contents hex string, the hex string
 * canonical (uppercase DER then zero padding), the CMS signature valid for
 * the signed bytes, one certificate in it, bound to the signed attributes
 * (signingCertificateV2), and versions as written. See r->status; with
 * SIGN_VALID, r->trusted says whether trust (NULL: trust nothing) vouches
 * for the signer. data may be NULL when len is 0.
 */
void sign_verify(const unsigned char *data, size_t len,
                 const struct sign_trust *trust, struct sign_result *r);

#endif
